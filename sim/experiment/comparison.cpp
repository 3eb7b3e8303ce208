#include "sim/experiment/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

namespace clearsim::experiment {

namespace {

// Mean of b - a over paired replications, with its 95 % interval.
std::pair<Estimate, bool> paired(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() < 2) {
    double sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
      sum += b[i] - a[i];
    return {Estimate{a.empty() ? 0.0 : sum / static_cast<double>(a.size()), 0.0}, true};
  }
  bool finite = true;
  for (std::size_t i = 0; i < a.size(); ++i)
    finite = finite && std::isfinite(a[i]) && std::isfinite(b[i]);
  if (!finite) return {Estimate{NAN, NAN}, true};
  const sim::ConfidenceInterval ci = sim::paired_difference_interval(a, b, 0.95);
  return {Estimate{ci.mean, ci.half_width}, ci.contains(0.0)};
}

struct Statistic {
  const char* name;
  double TimeStats::*field;
};
constexpr Statistic kStatistics[] = {{"mean", &TimeStats::mean},
                                     {"median", &TimeStats::median},
                                     {"p90", &TimeStats::p90},
                                     {"p95", &TimeStats::p95}};

// A pool's utilisation in a replication, found by name (regimes may differ in their
// pools: machine-first adds image officers); NaN where the regime has no such pool.
double utilisation_of(const ReplicationResult& r, const std::string& pool) {
  if (!r.plan) return NAN;
  for (std::size_t i = 0; i < r.plan->pools.size(); ++i)
    if (r.plan->pools[i].name == pool) return r.pools[i].utilisation;
  return NAN;
}

// Every pool name of every regime, in order of first appearance.
std::vector<std::string> pool_names(const std::vector<std::vector<ReplicationResult>>& results) {
  std::vector<std::string> names;
  for (const auto& runs : results) {
    if (!runs.front().plan) continue;
    for (const model::Pool& p : runs.front().plan->pools)
      if (std::find(names.begin(), names.end(), p.name) == names.end()) names.push_back(p.name);
  }
  return names;
}

}  // namespace

namespace {

ComparisonCell cell(const std::vector<ReplicationResult>& reference,
                    const std::vector<ReplicationResult>& runs, const Pick& pick, std::string group,
                    std::string measure, std::string statistic, std::string unit = {}) {
  const auto mine = values_of(runs, pick);
  const auto [diff, includes_zero] = paired(values_of(reference, pick), mine);
  return ComparisonCell{runs.front().regime,
                        std::move(group),
                        std::move(measure),
                        std::move(statistic),
                        estimate(mine),
                        diff,
                        includes_zero,
                        0,
                        0,
                        std::move(unit),
                        false,
                        static_cast<int>(runs.size())};
}

// Where the hours go: the mean time per box in each stage, per direction.
void add_stage_cells(const std::vector<std::vector<ReplicationResult>>& results,
                     std::vector<ComparisonCell>& cells) {
  for (const auto& runs : results) {
    for (std::size_t d = 0; d < model::kDirections; ++d) {
      if (estimate(values_of(runs, [d](auto& r) {
            return double(r.directions[d].cleared);
          })).mean == 0)
        continue;
      for (std::size_t k = 0; k < model::kStages; ++k) {
        cells.push_back(cell(
            results.front(), runs,
            [d, k](const ReplicationResult& r) { return r.directions[d].stages[k]; },
            model::kDirectionLabels[d], model::stage_measure(k), model::kStageTable[k].name));
      }
    }
  }
}

void add_pool_cells(const std::vector<std::vector<ReplicationResult>>& results,
                    std::vector<ComparisonCell>& cells) {
  for (const std::string& pool : pool_names(results)) {
    for (const auto& runs : results) {
      cells.push_back(cell(
          results.front(), runs,
          [&pool](const ReplicationResult& r) { return utilisation_of(r, pool); }, pool,
          "utilisation", "utilisation"));
    }
  }
}

// A pool's use in a replication, found by name as utilisation_of; NaN where it has none.
double pool_use_of(const ReplicationResult& r, const std::string& pool,
                   double model::PoolUse::*field) {
  if (!r.plan) return NAN;
  for (std::size_t i = 0; i < r.plan->pools.size(); ++i)
    if (r.plan->pools[i].name == pool) return r.pools[i].*field;
  return NAN;
}

double capacity_of(const ReplicationResult& r, const std::string& pool) {
  if (!r.plan) return NAN;
  for (const model::Pool& p : r.plan->pools)
    if (p.name == pool) return p.capacity;
  return NAN;
}

// Per pool, beyond its utilisation: capacity, mean queue and mean wait.
void add_pool_detail_cells(const std::vector<std::vector<ReplicationResult>>& results,
                           std::vector<ComparisonCell>& cells) {
  for (const std::string& pool : pool_names(results)) {
    for (const auto& runs : results) {
      cells.push_back(cell(
          results.front(), runs, [&pool](const auto& r) { return capacity_of(r, pool); }, pool,
          "capacity", "servers", "servers"));
      cells.push_back(cell(
          results.front(), runs,
          [&pool](const auto& r) { return pool_use_of(r, pool, &model::PoolUse::mean_queue); },
          pool, "queue", "mean", "requests"));
      cells.push_back(cell(
          results.front(), runs,
          [&pool](const auto& r) { return pool_use_of(r, pool, &model::PoolUse::mean_wait); }, pool,
          "wait", "mean", "h"));
    }
  }
}

// Per direction, in every regime (also where no box was cleared): the boxes cleared, the
// shares inspected, scanned and opened, and the longest times.
void add_direction_detail_cells(const std::vector<std::vector<ReplicationResult>>& results,
                                std::vector<ComparisonCell>& cells) {
  for (const auto& runs : results) {
    for (std::size_t d = 0; d < model::kDirections; ++d) {
      const std::string direction = model::kDirectionLabels[d];
      std::uint64_t total = 0;
      for (const auto& r : runs)
        total += r.directions[d].cleared;
      ComparisonCell boxes = cell(
          results.front(), runs, [d](const auto& r) { return double(r.directions[d].cleared); },
          direction, "cleared", "per_replication", "boxes");
      ComparisonCell sum = boxes;
      sum.statistic = "total";
      sum.value = Estimate{static_cast<double>(total), NAN};
      sum.difference = Estimate{NAN, NAN};
      sum.count = true;
      cells.push_back(sum);
      cells.push_back(boxes);
      if (total == 0) continue;
      cells.push_back(cell(
          results.front(), runs, [d](const auto& r) { return r.directions[d].inspection_rate; },
          direction, "inspected", "share", "share"));
      cells.push_back(cell(
          results.front(), runs, [d](const auto& r) { return r.directions[d].scan_rate; },
          direction, "scanned", "share", "share"));
      cells.push_back(cell(
          results.front(), runs, [d](const auto& r) { return r.directions[d].open_rate; },
          direction, "opened", "share", "share"));
      cells.push_back(cell(
          results.front(), runs, [d](const auto& r) { return r.directions[d].overall.max; },
          direction, "overall", "max", "h"));
      cells.push_back(cell(
          results.front(), runs, [d](const auto& r) { return r.directions[d].customs.max; },
          direction, "customs", "max", "h"));
    }
  }
}

}  // namespace

namespace {

// The plan's resource measures (issue 10): cost per box (paid by the importer or
// exporter, in all and by credit class; waived fees; the government's officers and
// equipment per box), the recovery from disruptions, release time by hour of arrival.
void add_resource_cells(const std::vector<ReplicationResult>& reference,
                        const std::vector<ReplicationResult>& runs, std::size_t d,
                        std::vector<ComparisonCell>& cells) {
  const std::string dir = model::kDirectionLabels[d];
  cells.push_back(cell(
      reference, runs, [d](const ReplicationResult& r) { return r.directions[d].cost_mean_cny; },
      dir, "cost_mean_cny", "mean"));
  cells.push_back(cell(
      reference, runs, [d](const ReplicationResult& r) { return r.directions[d].waived_mean_cny; },
      dir, "waived_mean_cny", "mean"));
  for (std::size_t c = 0; c < model::kCreditClasses; ++c)
    cells.push_back(cell(
        reference, runs,
        [d, c](const ReplicationResult& r) { return r.directions[d].cost_mean_by_credit_cny[c]; },
        dir, std::string("cost_mean_cny_") + model::kCreditLabels[c], "mean", "CNY"));
  cells.push_back(cell(
      reference, runs, [](const ReplicationResult& r) { return r.staff_cost_per_box_cny; }, dir,
      "staff_cost_per_box_cny", "mean"));
  cells.push_back(cell(
      reference, runs, [d](const ReplicationResult& r) { return r.directions[d].recovery_hours; },
      dir, "recovery", "hours", "h"));
  for (std::size_t h = 0; h < model::kHoursOfDay; ++h) {
    char hour[8];
    std::snprintf(hour, sizeof hour, "h%02zu", h);
    cells.push_back(cell(
        reference, runs,
        [d, h](const ReplicationResult& r) { return r.directions[d].overall_by_arrival_hour[h]; },
        dir, "overall_by_arrival_hour", hour, "h"));
  }
}

}  // namespace

std::string measure_unit(const std::string& measure, const std::string& statistic) {
  const auto ends_with = [&measure](const std::string& tail) {
    return measure.size() >= tail.size() &&
           measure.compare(measure.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (measure == "overall" || measure == "customs" || measure == "stage" ||
      measure == "after_release" || measure == "wait")
    return "h";
  if (measure == "utilisation" || measure == "predicted_utilisation" || statistic == "share" ||
      ends_with("_share"))
    return "share";
  if (ends_with("_cny")) return "CNY";
  if (measure == "cleared") return "boxes";
  return "";
}

std::vector<ComparisonCell> compare(const std::vector<std::vector<ReplicationResult>>& results) {
  std::vector<ComparisonCell> cells;
  if (results.empty()) return cells;
  const auto& reference = results.front();
  for (const auto& runs : results) {
    const std::string regime = runs.front().regime;
    for (std::size_t d = 0; d < model::kDirections; ++d) {
      const double cleared =
          estimate(values_of(runs, [d](auto& r) { return double(r.directions[d].cleared); })).mean;
      if (cleared == 0) continue;
      const double inspected =
          estimate(values_of(runs, [d](auto& r) { return r.directions[d].inspection_rate; })).mean;
      for (int m = 0; m < 2; ++m) {
        for (const Statistic& s : kStatistics) {
          const Pick pick = [d, m, s](const ReplicationResult& r) {
            const DirectionResult& dr = r.directions[d];
            return (m == 0 ? dr.overall : dr.customs).*(s.field);
          };
          const auto mine = values_of(runs, pick);
          const auto [diff, includes_zero] = paired(values_of(reference, pick), mine);
          cells.push_back(ComparisonCell{regime, model::kDirectionLabels[d],
                                         m == 0 ? "overall" : "customs", s.name, estimate(mine),
                                         diff, includes_zero, cleared, inspected, "h", false,
                                         static_cast<int>(runs.size())});
        }
      }
      ComparisonCell missed = cell(
          reference, runs,
          [d](const ReplicationResult& r) { return r.directions[d].missed_departure_share; },
          model::kDirectionLabels[d], "missed_departure_share", "share");
      missed.cleared = cleared;
      missed.inspected = inspected;
      cells.push_back(std::move(missed));
      add_resource_cells(reference, runs, d, cells);
    }
  }
  add_stage_cells(results, cells);
  add_pool_cells(results, cells);
  add_direction_detail_cells(results, cells);
  add_pool_detail_cells(results, cells);
  for (auto& c : cells) {
    if (c.unit.empty()) c.unit = measure_unit(c.measure, c.statistic);
    for (const auto& runs : results)
      if (runs.front().regime == c.regime) c.replications = static_cast<int>(runs.size());
  }
  return cells;
}

}  // namespace clearsim::experiment
