#include "sim/cli/report.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <cmath>
#include <functional>
#include <stdexcept>

#include "models/stages.hpp"
#include "sim/cli/machine_output.hpp"
#include "sim/experiment/traffic.hpp"

namespace clearsim::cli {

namespace {

Estimate over(const std::vector<ReplicationResult>& runs, const Pick& pick) {
  return estimate(values_of(runs, pick));
}

struct Column {
  std::string name;
  Pick pick;
  bool percent = false;
  bool with_interval = false;
};

// The release-time columns for one direction d.
std::vector<Column> release_columns(std::size_t d) {
  auto dir = [d](const ReplicationResult& r) -> const DirectionResult& { return r.directions[d]; };
  return {
      {"cleared", [dir](const auto& r) { return static_cast<double>(dir(r).cleared); }},
      {"inspected", [dir](const auto& r) { return dir(r).inspection_rate; }, true},
      {"overall_mean", [dir](const auto& r) { return dir(r).overall.mean; }, false, true},
      {"overall_median", [dir](const auto& r) { return dir(r).overall.median; }},
      {"overall_p90", [dir](const auto& r) { return dir(r).overall.p90; }},
      {"overall_p95", [dir](const auto& r) { return dir(r).overall.p95; }},
      {"overall_max", [dir](const auto& r) { return dir(r).overall.max; }},
      {"customs_mean", [dir](const auto& r) { return dir(r).customs.mean; }, false, true},
      {"customs_median", [dir](const auto& r) { return dir(r).customs.median; }},
      {"customs_p90", [dir](const auto& r) { return dir(r).customs.p90; }},
      {"customs_p95", [dir](const auto& r) { return dir(r).customs.p95; }},
      {"customs_max", [dir](const auto& r) { return dir(r).customs.max; }},
      {"missed_departure_share", [dir](const auto& r) { return dir(r).missed_departure_share; },
       true},
  };
}

// Mean arrival -> release by the hour of the day the box arrived (the night gap of shifts).
std::vector<Column> arrival_hour_columns(std::size_t d) {
  std::vector<Column> columns;
  for (std::size_t h = 0; h < model::kHoursOfDay; ++h)
    columns.push_back({fmt::format("overall_mean_arrival_h{:02}", h), [d, h](const auto& r) {
                         return r.directions[d].overall_by_arrival_hour[h];
                       }});
  return columns;
}

// What a box costs (models/costs.hpp), CNY: paid by the importer or exporter, in all and by
// credit class; fees waived (paid by the government); officers and equipment per box.
std::vector<Column> cost_columns(std::size_t d) {
  auto dir = [d](const ReplicationResult& r) -> const DirectionResult& { return r.directions[d]; };
  std::vector<Column> columns = {
      {"cost_mean_cny", [dir](const auto& r) { return dir(r).cost_mean_cny; }, false, true},
      {"waived_mean_cny", [dir](const auto& r) { return dir(r).waived_mean_cny; }},
  };
  for (std::size_t c = 0; c < model::kCreditClasses; ++c)
    columns.push_back({fmt::format("cost_mean_cny_{}", model::kCreditLabels[c]),
                       [dir, c](const auto& r) { return dir(r).cost_mean_by_credit_cny[c]; }});
  columns.push_back({"staff_cost_per_box_cny",
                     [](const ReplicationResult& r) { return r.staff_cost_per_box_cny; }});
  return columns;
}

// How long after a disruption's start the release-time p90 was back to its level before it
// (models/disruptions.hpp); only for regimes with disruptions.
void print_recovery(std::ostream& out, const std::vector<std::vector<ReplicationResult>>& runs) {
  for (const auto& regime : runs) {
    for (std::size_t d = 0; d < model::kDirections; ++d) {
      const Estimate e =
          over(regime, [d](const ReplicationResult& r) { return r.directions[d].recovery_hours; });
      const Estimate cleared =
          over(regime, [d](const ReplicationResult& r) { return double(r.directions[d].cleared); });
      if (cleared.mean == 0 || !std::isfinite(e.mean)) continue;
      fmt::print(out, "{} - {}: recovered {:.0f} h after the first disruption began\n",
                 regime.front().regime, model::kDirectionLabels[d], e.mean);
    }
  }
}

std::string cell(const Estimate& e, const Column& c, bool intervals) {
  if (std::isnan(e.mean)) return "-";
  if (c.percent) return fmt::format("{:.1f}%", 100 * e.mean);
  if (c.name == "cleared") return fmt::format("{:.0f}", e.mean);
  if (c.with_interval && intervals) return fmt::format("{:.1f} ± {:.1f}", e.mean, e.half_width);
  return fmt::format("{:.1f}", e.mean);
}

// Where the hours go: mean hours per box in each stage; they add up to the mean overall time.
void print_stage_table(std::ostream& out, const std::vector<std::vector<ReplicationResult>>& runs) {
  for (const auto& regime : runs) {
    fmt::print(out, "\n{} - where the hours go (mean hours per box in each stage)\n",
               regime.front().regime);
    fmt::print(out, "{:<16}", "stage");
    for (std::size_t d = 0; d < model::kDirections; ++d)
      fmt::print(out, " {:>13}", model::kDirectionLabels[d]);
    fmt::print(out, "\n");
    for (std::size_t k = 0; k < model::kStages; ++k) {
      if (k == model::kOverallStages)
        fmt::print(out, "{:<16}\n", "(after release: not in the overall time)");
      fmt::print(out, "{:<16}", model::kStageTable[k].name);
      for (std::size_t d = 0; d < model::kDirections; ++d) {
        const Estimate e =
            over(regime, [d, k](const auto& r) { return r.directions[d].stages[k]; });
        fmt::print(out, " {:>13.2f}", e.mean);
      }
      fmt::print(out, "\n");
    }
  }
}

// Cost per box by direction and credit class, CNY.
void print_cost_table(std::ostream& out, const std::vector<std::vector<ReplicationResult>>& runs) {
  fmt::print(out,
             "\ncost per box (CNY): paid by importer/exporter, by credit class; waived = "
             "paid by the government; staff = officers and equipment per box\n");
  fmt::print(out, "{:<20} {:<13} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n", "regime",
             "direction", "mean", "waived", "aeo", "general", "ordinary", "discred.", "staff");
  for (const auto& regime : runs) {
    for (std::size_t d = 0; d < model::kDirections; ++d) {
      if (over(regime, [d](const auto& r) { return double(r.directions[d].cleared); }).mean == 0)
        continue;
      fmt::print(out, "{:<20} {:<13}", regime.front().regime, model::kDirectionLabels[d]);
      for (const Column& c : cost_columns(d)) {
        const Estimate e = over(regime, c.pick);
        fmt::print(out, " {:>9}", std::isfinite(e.mean) ? fmt::format("{:.0f}", e.mean) : "-");
      }
      fmt::print(out, "\n");
    }
  }
}

// Mean release time by the hour of the day the box arrived: the night gap of shifts.
void print_arrival_hour_table(std::ostream& out,
                              const std::vector<std::vector<ReplicationResult>>& runs) {
  for (const auto& regime : runs) {
    fmt::print(out, "\n{} - mean arrival -> release by hour of arrival (h)\n",
               regime.front().regime);
    fmt::print(out, "{:<13}", "direction");
    for (std::size_t h = 0; h < model::kHoursOfDay; h += 2)
      fmt::print(out, " {:>5}", fmt::format("{:02}h", h));
    fmt::print(out, "\n");
    for (std::size_t d = 0; d < model::kDirections; ++d) {
      if (over(regime, [d](const auto& r) { return double(r.directions[d].cleared); }).mean == 0)
        continue;
      fmt::print(out, "{:<13}", model::kDirectionLabels[d]);
      const auto columns = arrival_hour_columns(d);
      for (std::size_t h = 0; h < model::kHoursOfDay; h += 2) {
        const Estimate e = over(regime, columns[h].pick);
        fmt::print(out, " {:>5}", std::isfinite(e.mean) ? fmt::format("{:.0f}", e.mean) : "-");
      }
      fmt::print(out, "\n");
    }
  }
}

// Every pool's use over [warm-up, horizon], flagged at 90 % utilisation and above.
void print_pool_table(std::ostream& out, const std::vector<std::vector<ReplicationResult>>& runs) {
  for (const auto& regime : runs) {
    const model::ResourcePlan& plan = *regime.front().plan;
    fmt::print(out, "\n{} - pools over [warm-up, horizon] (! at {:.0f} % and above)\n",
               regime.front().regime, 100 * kSaturated);
    fmt::print(out, "{:<44} {:>9} {:>12} {:>11} {:>11}\n", "pool", "capacity", "utilisation",
               "mean queue", "mean wait");
    for (std::size_t i = 0; i < plan.pools.size(); ++i) {
      const Estimate u = over(regime, [i](const auto& r) { return r.pools[i].utilisation; });
      const Estimate q = over(regime, [i](const auto& r) { return r.pools[i].mean_queue; });
      const Estimate w = over(regime, [i](const auto& r) { return r.pools[i].mean_wait; });
      // No grant, no wait to speak of: "-" rather than a NaN.
      const std::string wait = std::isfinite(w.mean) ? fmt::format("{:.2f}h", w.mean) : "-";
      fmt::print(out, "{:<44} {:>9} {:>11.1f}%{} {:>11.2f} {:>11}\n", plan.pools[i].name,
                 plan.pools[i].capacity, 100 * u.mean, u.mean >= kSaturated ? "!" : " ", q.mean,
                 wait);
    }
  }
}

void print_table(std::ostream& out, const RunHeader& h,
                 const std::vector<std::vector<ReplicationResult>>& runs) {
  const std::size_t reps = runs.empty() ? 0 : runs.front().size();
  print_warnings(out, h);
  fmt::print(out, "scenario: {} ({})\n", h.scenario, h.source);
  fmt::print(out,
             "seed {}, {} replication(s), horizon {:.0f} h, warm-up {:.0f} h; times in hours, "
             "mean over replications{}\n\n",
             h.seed, reps, h.horizon_hours, h.warmup_hours,
             reps > 1 ? " ± 95 % CI half-width" : "");
  const char* row =
      "{:<20} {:<13} {:>9} {:>9} {:>14} {:>8} {:>8} {:>8} {:>8} {:>13} {:>8} {:>8} {:>8} {:>8} "
      "{:>8}\n";
  fmt::print(out, "{:<20} {:<13} {:>9} {:>9} {:^50} {:^52}\n", "", "", "", "",
             "overall: arrival -> release", "customs-only: declaration -> release");
  fmt::print(out, fmt::runtime(row), "regime", "direction", "cleared", "inspected", "mean",
             "median", "p90", "p95", "max", "mean", "median", "p90", "p95", "max", "missed");
  for (const auto& regime : runs) {
    for (std::size_t d = 0; d < model::kDirections; ++d) {
      if (over(regime, [d](const auto& r) { return double(r.directions[d].cleared); }).mean == 0)
        continue;
      std::vector<std::string> cells;
      for (const Column& c : release_columns(d))
        cells.push_back(cell(over(regime, c.pick), c, reps > 1));
      fmt::print(out, fmt::runtime(row), regime.front().regime, model::kDirectionLabels[d],
                 cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7],
                 cells[8], cells[9], cells[10], cells[11], cells[12]);
    }
  }
  print_stage_table(out, runs);
  fmt::print(out, "\n");
  print_recovery(out, runs);
  print_cost_table(out, runs);
  print_arrival_hour_table(out, runs);
  print_pool_table(out, runs);
}

}  // namespace

void print_warnings(std::ostream& out, const RunHeader& header) {
  for (const auto& w : header.warnings)
    fmt::print(out, "WARNING: {}\n", w);
  if (!header.warnings.empty())
    fmt::print(out,
               "The figures below do not describe a steady state: they grow with the "
               "horizon.\n\n");
}

Format parse_format(const std::string& text) {
  if (text == "table") return Format::table;
  if (text == "csv") return Format::csv;
  if (text == "json") return Format::json;
  throw std::invalid_argument("--format: expected table, csv or json, got '" + text + "'");
}

void print_summary(std::ostream& out, Format format, const RunHeader& header,
                   const std::vector<std::vector<ReplicationResult>>& runs) {
  switch (format) {
    case Format::table:
      print_table(out, header, runs);
      break;
    case Format::csv:
      write_result_csv(out, result_rows(runs, false, header.predicted), "");
      break;
    case Format::json:
      write_result_json(out, header, result_rows(runs, false, header.predicted), "");
      break;
  }
}

}  // namespace clearsim::cli
