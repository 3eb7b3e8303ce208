#include "sim/experiment/sweep.hpp"
#include "sim/experiment/splitmix.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "models/routing.hpp"

namespace clearsim::experiment {

namespace {

[[noreturn]] void refuse(const std::string& text, const std::string& message) {
  throw std::invalid_argument("'" + text + "': " + message);
}

// "30min" -> (30, "min"); "4" -> (4, ""); "0.5" -> (0.5, "").
std::pair<double, std::string> number_and_unit(const std::string& whole, const std::string& text) {
  double value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(begin, end, value);
  if (error != std::errc() || stop == begin || !std::isfinite(value))
    refuse(whole, "expected a number, optionally with a unit (4, 0.5, 30min), got '" + text + "'");
  return {value, std::string(stop, end)};
}

std::pair<std::string, std::string> key_and_values(const std::string& text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size())
    refuse(text, "expected KEY.PATH=VALUES");
  return {text.substr(0, equals), text.substr(equals + 1)};
}

std::vector<std::string> split(const std::string& text, const std::string& separator) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (true) {
    const std::size_t next = text.find(separator, at);
    parts.push_back(text.substr(at, next == std::string::npos ? std::string::npos : next - at));
    if (next == std::string::npos) return parts;
    at = next + separator.size();
  }
}

void same_unit(const std::string& whole, std::string& unit, const std::string& next) {
  if (unit != next)
    refuse(whole, "every value needs the same unit ('" + unit + "' and '" + next + "')");
}

std::string format_value(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

using Stream = SplitMix64;

SweepPoint point_of(const std::vector<SweepAxis>& axes, const std::vector<double>& values) {
  SweepPoint point;
  point.values = values;
  for (std::size_t a = 0; a < axes.size(); ++a)
    point.settings.push_back(axes[a].key + "=" + format_value(values[a]) + axes[a].unit);
  return point;
}

}  // namespace

std::string SweepAxis::column() const {
  return unit.empty() ? key : key + " [" + unit + "]";
}

SweepAxis parse_grid_axis(const std::string& text) {
  const auto [key, values] = key_and_values(text);
  SweepAxis axis;
  axis.key = key;
  const auto range = split(values, ":");
  if (range.size() == 3) {
    const auto [low, unit] = number_and_unit(text, range[0]);
    auto [high, high_unit] = number_and_unit(text, range[1]);
    auto [step, step_unit] = number_and_unit(text, range[2]);
    axis.unit = unit;
    same_unit(text, axis.unit, high_unit);
    same_unit(text, axis.unit, step_unit);
    if (!(step > 0) || high < low) refuse(text, "expected lo:hi:step with lo <= hi and step > 0");
    const double count = std::floor((high - low) / step + 1e-9) + 1;
    if (count > 10000) refuse(text, "more than 10000 values");
    for (int i = 0; i < static_cast<int>(count); ++i)
      axis.values.push_back(low + i * step);
  } else if (range.size() == 1) {
    bool first = true;
    for (const auto& item : split(values, ",")) {
      const auto [value, unit] = number_and_unit(text, item);
      if (first) axis.unit = unit;
      same_unit(text, axis.unit, unit);
      first = false;
      axis.values.push_back(value);
    }
  } else {
    refuse(text, "expected KEY=v1,v2,... or KEY=lo:hi:step");
  }
  return axis;
}

SweepAxis parse_lhs_axis(const std::string& text) {
  const auto [key, values] = key_and_values(text);
  const auto range = split(values, "..");
  if (range.size() != 2) refuse(text, "expected KEY=lo..hi");
  SweepAxis axis;
  axis.key = key;
  const auto [low, unit] = number_and_unit(text, range[0]);
  const auto [high, high_unit] = number_and_unit(text, range[1]);
  axis.unit = unit;
  same_unit(text, axis.unit, high_unit);
  if (!(low < high)) refuse(text, "expected lo < hi");
  axis.low = low;
  axis.high = high;
  axis.whole = range[0].find('.') == std::string::npos && range[1].find('.') == std::string::npos &&
               unit.empty();
  return axis;
}

std::vector<SweepPoint> grid_points(const std::vector<SweepAxis>& axes) {
  std::vector<SweepPoint> points;
  std::vector<std::size_t> at(axes.size(), 0);
  std::size_t total = 1;
  for (const auto& axis : axes) {
    if (axis.values.empty()) throw std::invalid_argument(axis.key + ": no values");
    total *= axis.values.size();
    if (total > 1'000'000) throw std::invalid_argument("the grid has more than 1000000 points");
  }
  for (std::size_t p = 0; p < total; ++p) {
    std::vector<double> values;
    std::size_t rest = p;
    // The last axis varies fastest.
    std::vector<double> reversed;
    for (std::size_t a = axes.size(); a-- > 0;) {
      reversed.push_back(axes[a].values[rest % axes[a].values.size()]);
      rest /= axes[a].values.size();
    }
    values.assign(reversed.rbegin(), reversed.rend());
    points.push_back(point_of(axes, values));
  }
  return points;
}

std::vector<SweepPoint> latin_hypercube(const std::vector<SweepAxis>& axes, int n,
                                        std::uint64_t seed) {
  if (n < 2) throw std::invalid_argument("--lhs needs at least 2 points");
  Stream stream{seed};
  std::vector<std::vector<double>> columns;
  for (const auto& axis : axes) {
    std::vector<int> strata(static_cast<std::size_t>(n));
    std::iota(strata.begin(), strata.end(), 0);
    for (int i = n - 1; i > 0; --i)
      std::swap(strata[static_cast<std::size_t>(i)],
                strata[stream.next() % static_cast<std::uint64_t>(i + 1)]);
    std::vector<double> column;
    for (const int stratum : strata) {
      const double u = (stratum + stream.uniform()) / n;
      double value = axis.low + u * (axis.high - axis.low);
      // Whole numbers: stratify lo - 0.5 .. hi + 0.5 so that each value gets its share.
      if (axis.whole) value = std::round(axis.low - 0.5 + u * (axis.high - axis.low + 1));
      value = std::min(std::max(value, axis.low), axis.high);
      column.push_back(value);
    }
    columns.push_back(std::move(column));
  }
  std::vector<SweepPoint> points;
  for (int p = 0; p < n; ++p) {
    std::vector<double> values;
    for (const auto& column : columns)
      values.push_back(column[static_cast<std::size_t>(p)]);
    points.push_back(point_of(axes, values));
  }
  return points;
}

std::vector<std::string> sweep_metric_names() {
  std::vector<std::string> names = {
      "cleared", "mean_h",         "median_h",         "p90_h",           "p95_h",
      "max_h",   "customs_mean_h", "within_24h_share", "inspection_rate", "missed_departure_share"};
  for (const char* kind : model::kPoolKindLabels)
    names.push_back(std::string("utilisation_") + kind);
  return names;
}

std::vector<SweepRow> sweep_rows(int point, const SweepPoint& values,
                                 const std::vector<ReplicationResult>& runs) {
  std::vector<SweepRow> rows;
  for (const auto& run : runs) {
    // Capacity-weighted utilisation per kind of pool (NaN where the regime has none).
    std::array<double, model::kPoolKinds> busy{}, capacity{};
    for (std::size_t p = 0; p < run.pools.size() && run.plan; ++p) {
      const auto& pool = run.plan->pools[p];
      busy[static_cast<std::size_t>(pool.kind)] += run.pools[p].utilisation * pool.capacity;
      capacity[static_cast<std::size_t>(pool.kind)] += pool.capacity;
    }
    for (std::size_t d = 0; d < model::kDirections; ++d) {
      const DirectionResult& r = run.directions[d];
      SweepRow row;
      row.point = point;
      row.regime = run.regime;
      row.replication = static_cast<int>(run.replication);
      row.direction = model::kDirectionLabels[d];
      row.parameters = values.values;
      row.metrics = {static_cast<double>(r.cleared),
                     r.overall.mean,
                     r.overall.median,
                     r.overall.p90,
                     r.overall.p95,
                     r.overall.max,
                     r.customs.mean,
                     r.within_24h_share,
                     r.inspection_rate,
                     r.missed_departure_share};
      for (std::size_t k = 0; k < model::kPoolKinds; ++k)
        row.metrics.push_back(capacity[k] > 0 ? busy[k] / capacity[k] : std::nan(""));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

// ---- journal ----------------------------------------------------------------------------

namespace {

std::string encode(const SweepRow& row) {
  std::ostringstream out;
  out.precision(17);
  out << row.point << '\t' << row.regime << '\t' << row.replication << '\t' << row.direction << '\t'
      << row.parameters.size() << '\t' << row.metrics.size();
  for (const double x : row.parameters)
    out << '\t' << x;
  for (const double x : row.metrics)
    out << '\t' << x;
  return out.str();
}

bool decode(const std::string& line, SweepRow& row) {
  std::istringstream in(line);
  std::size_t n_parameters = 0, n_metrics = 0;
  if (!(in >> row.point >> row.regime >> row.replication >> row.direction >> n_parameters >>
        n_metrics))
    return false;
  row.parameters.resize(n_parameters);
  row.metrics.resize(n_metrics);
  std::string token;
  for (auto* column : {&row.parameters, &row.metrics}) {
    for (double& x : *column) {
      if (!(in >> token)) return false;
      x = std::strtod(token.c_str(), nullptr);  // reads "nan" too
    }
  }
  return true;
}

}  // namespace

SweepJournal::SweepJournal(std::string path, const std::string& fingerprint)
    : path_(std::move(path)) {
  std::ifstream in(path_);
  if (in) {
    std::string header;
    std::getline(in, header);
    if (header != "clearsim sweep journal " + fingerprint) {
      throw std::runtime_error(path_ +
                               " holds the completed points of another sweep (a different "
                               "scenario, parameters, points or run settings); remove it or "
                               "choose another --out");
    }
    // Whole points only: a point's rows are written together, and a line cut by a kill is
    // not a row; its point is run again.
    std::vector<SweepRow> rows;
    std::string line;
    while (std::getline(in, line)) {
      SweepRow row;
      if (line == "end") {
        rows_.insert(rows_.end(), rows.begin(), rows.end());
        rows.clear();
      } else if (decode(line, row)) {
        rows.push_back(std::move(row));
      }
    }
    return;
  }
  std::ofstream out(path_);
  out << "clearsim sweep journal " << fingerprint << '\n';
  if (!out.flush()) throw std::runtime_error("cannot write " + path_);
}

bool SweepJournal::has_point(int point) const {
  for (const auto& row : rows_)
    if (row.point == point) return true;
  return false;
}

void SweepJournal::append(const std::vector<SweepRow>& rows) {
  std::ofstream out(path_, std::ios::app);
  for (const auto& row : rows)
    out << encode(row) << '\n';
  out << "end\n";
  if (!out.flush()) throw std::runtime_error("cannot write " + path_);
  rows_.insert(rows_.end(), rows.begin(), rows.end());
}

void SweepJournal::remove() {
  std::remove(path_.c_str());
}

}  // namespace clearsim::experiment
