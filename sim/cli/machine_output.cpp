#include "sim/cli/machine_output.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <variant>

#include "sim/cli/build_info.hpp"
#include "sim/experiment/traffic.hpp"

namespace clearsim::cli {

namespace {

// One field of one row: missing, text, a flag, an exact count or a measured number.
using Field = std::variant<std::monostate, std::string, bool, std::uint64_t, double>;

struct ResultColumn {
  const char* name;
  std::function<Field(const ComparisonCell&, bool paired)> get;
};

Field number(double x) {
  if (!std::isfinite(x)) return std::monostate{};
  return x;
}

// `paired` says whether the row has a difference at all: only in a comparison, and not for
// the reference regime against itself.
bool has_difference(const ComparisonCell& c, bool paired) {
  return paired && std::isfinite(c.difference.mean);
}

// The one column list: the CSV header, every CSV row and every JSON row come from it.
const std::vector<ResultColumn>& result_columns() {
  static const std::vector<ResultColumn> columns{
      {"regime", [](const auto& c, bool) -> Field { return c.regime; }},
      {"group", [](const auto& c, bool) -> Field { return c.group; }},
      {"measure", [](const auto& c, bool) -> Field { return c.measure; }},
      {"statistic", [](const auto& c, bool) -> Field { return c.statistic; }},
      {"unit", [](const auto& c, bool) -> Field { return c.unit; }},
      {"replications",
       [](const auto& c, bool) -> Field { return static_cast<std::uint64_t>(c.replications); }},
      {"value",
       [](const auto& c, bool) -> Field {
         if (c.count && std::isfinite(c.value.mean))
           return static_cast<std::uint64_t>(std::llround(c.value.mean));
         return number(c.value.mean);
       }},
      {"value_ci95",
       [](const auto& c, bool) -> Field {
         return c.replications >= 2 ? number(c.value.half_width) : Field{};
       }},
      {"difference",
       [](const auto& c, bool paired) -> Field {
         return has_difference(c, paired) ? number(c.difference.mean) : Field{};
       }},
      {"difference_ci95",
       [](const auto& c, bool paired) -> Field {
         return has_difference(c, paired) && c.replications >= 2 ? number(c.difference.half_width)
                                                                 : Field{};
       }},
      {"difference_includes_zero",
       [](const auto& c, bool paired) -> Field {
         return has_difference(c, paired) && c.replications >= 2 ? Field{c.difference_includes_zero}
                                                                 : Field{};
       }},
  };
  return columns;
}

// RFC 4180: quoted where it holds a comma, a quote or a line break.
std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string quoted = "\"";
  for (char ch : s) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

std::string csv_field(const Field& f) {
  struct Visitor {
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(const std::string& s) const { return csv_text(s); }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::uint64_t n) const { return std::to_string(n); }
    // fmt's "{}" is the shortest text that reads back as the same double.
    std::string operator()(double x) const { return fmt::format("{}", x); }
  };
  return std::visit(Visitor{}, f);
}

nlohmann::ordered_json json_field(const Field& f) {
  struct Visitor {
    nlohmann::ordered_json operator()(std::monostate) const { return nullptr; }
    nlohmann::ordered_json operator()(const std::string& s) const { return s; }
    nlohmann::ordered_json operator()(bool b) const { return b; }
    nlohmann::ordered_json operator()(std::uint64_t n) const { return n; }
    nlohmann::ordered_json operator()(double x) const { return x; }
  };
  return std::visit(Visitor{}, f);
}

nlohmann::ordered_json provenance_json(const RunHeader& h) {
  nlohmann::ordered_json libraries = nlohmann::ordered_json::object();
  for (const auto& [name, version] : library_versions())
    libraries[name] = version;
  return {{"program", "clearsim"},
          {"version", program_version()},
          {"git_commit", git_commit()},
          {"libraries", libraries},
          {"command_line", h.command_line},
          {"scenario", h.scenario},
          {"scenario_file", h.source},
          {"scenario_sha256", h.scenario_sha256},
          {"seed", h.seed},
          {"replications", h.replications},
          {"regimes", h.regimes},
          {"horizon_hours", h.horizon_hours},
          {"warmup_hours", h.warmup_hours}};
}

}  // namespace

std::vector<ComparisonCell> result_rows(const std::vector<std::vector<ReplicationResult>>& results,
                                        bool paired, const std::vector<ComparisonCell>& predicted) {
  std::vector<ComparisonCell> rows = compare(results);
  if (!paired)  // a run has no reference: nothing to difference against
    for (auto& row : rows)
      row.difference = Estimate{NAN, NAN};
  rows.insert(rows.end(), predicted.begin(), predicted.end());
  return rows;
}

std::vector<ComparisonCell> predicted_rows(const std::vector<model::PortConfig>& configs,
                                           int replications, std::vector<std::string>& warnings) {
  std::vector<ComparisonCell> rows;
  for (const auto& config : configs) {
    for (const PredictedLoad& load : predict_loads(config)) {
      const double rho = load.utilisation();
      rows.push_back(ComparisonCell{config.regime, load.pool, "predicted_utilisation",
                                    "traffic_equations", Estimate{rho, NAN}, Estimate{NAN, NAN},
                                    true, 0, 0, "share", false, replications});
      if (rho >= 1)
        warnings.push_back(fmt::format(
            "regime {}: {} is predicted {:.0f} % utilised (rho >= 1): its queue grows without "
            "bound and release times with the horizon",
            config.regime, load.pool, 100 * rho));
    }
  }
  return rows;
}

std::vector<std::string> result_column_names() {
  std::vector<std::string> names;
  for (const auto& c : result_columns())
    names.emplace_back(c.name);
  return names;
}

void write_result_csv(std::ostream& out, const std::vector<ComparisonCell>& rows,
                      const std::string& reference) {
  const auto& columns = result_columns();
  for (std::size_t i = 0; i < columns.size(); ++i)
    fmt::print(out, "{}{}", i ? "," : "", columns[i].name);
  fmt::print(out, "\n");
  for (const auto& row : rows) {
    const bool paired = !reference.empty() && row.regime != reference;
    for (std::size_t i = 0; i < columns.size(); ++i)
      fmt::print(out, "{}{}", i ? "," : "", csv_field(columns[i].get(row, paired)));
    fmt::print(out, "\n");
  }
}

void write_result_json(std::ostream& out, const RunHeader& header,
                       const std::vector<ComparisonCell>& rows, const std::string& reference) {
  nlohmann::ordered_json document;  // keys in the order written, columns in table order
  document["provenance"] = provenance_json(header);
  document["warnings"] = header.warnings;
  document["reference"] =
      reference.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(reference);
  document["columns"] = result_column_names();
  nlohmann::ordered_json table = nlohmann::ordered_json::array();
  for (const auto& row : rows) {
    const bool paired = !reference.empty() && row.regime != reference;
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const auto& column : result_columns())
      object[column.name] = json_field(column.get(row, paired));
    table.push_back(std::move(object));
  }
  document["rows"] = std::move(table);
  out << document.dump(1) << '\n';
}

}  // namespace clearsim::cli
