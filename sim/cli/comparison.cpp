#include "sim/cli/comparison.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cmath>

#include "sim/cli/machine_output.hpp"
#include "sim/experiment/traffic.hpp"

namespace clearsim::cli {

namespace {

std::string with_interval(const Estimate& e, bool show) {
  if (!std::isfinite(e.mean)) return "-";
  return show ? fmt::format("{:.1f} ±{:.1f}", e.mean, e.half_width) : fmt::format("{:.1f}", e.mean);
}

std::string difference(const ComparisonCell& c, bool first, bool show, double scale = 1.0) {
  if (first) return "ref";
  if (!std::isfinite(c.difference.mean)) return "-";
  const std::string mark = c.difference_includes_zero ? " ≈" : "";
  if (!show) return fmt::format("{:+.1f}{}", scale * c.difference.mean, mark);
  return fmt::format("{:+.1f} ±{:.1f}{}", scale * c.difference.mean,
                     scale * c.difference.half_width, mark);
}

// The cells of one measure and group, one per regime in run order.
std::vector<const ComparisonCell*> row_of(const std::vector<ComparisonCell>& cells,
                                          const std::string& group, const std::string& measure,
                                          const std::string& statistic) {
  std::vector<const ComparisonCell*> row;
  for (const auto& c : cells)
    if (c.group == group && c.measure == measure && c.statistic == statistic) row.push_back(&c);
  return row;
}

// Where the hours go: mean hours per box in each stage (they add up to the mean overall
// time), each regime beside the reference with its paired difference.
void print_stages(std::ostream& out, const std::vector<std::vector<ReplicationResult>>& results,
                  const std::vector<ComparisonCell>& cells, const std::string& reference) {
  for (std::size_t d = 0; d < model::kDirections; ++d) {
    const std::string direction = model::kDirectionLabels[d];
    if (row_of(cells, direction, "stage", model::kStageTable[0].name).empty()) continue;
    fmt::print(out,
               "\n{} - where the hours go: mean hours per box in each stage (they add up to "
               "the mean overall time); (Δ against {}, ≈ no detectable difference)\n",
               direction, reference);
    fmt::print(out, "{:<16}", "stage");
    for (const auto& runs : results)
      fmt::print(out, " {:>22}", runs.front().regime);
    fmt::print(out, "\n");
    for (std::size_t k = 0; k < model::kStages; ++k) {
      const char* stage = model::kStageTable[k].name;
      if (k == model::kOverallStages) fmt::print(out, "(after release: not in the overall time)\n");
      const auto row = row_of(cells, direction, model::stage_measure(k), stage);
      fmt::print(out, "{:<16}", stage);
      for (const ComparisonCell* c : row) {
        const bool first = c->regime == reference;
        fmt::print(out, " {:>22}",
                   first ? fmt::format("{:.2f}", c->value.mean)
                         : fmt::format("{:.2f} ({})", c->value.mean, difference(*c, false, false)));
      }
      fmt::print(out, "\n");
    }
  }
}

// Boxes that left later than planned: missed vessel (exports, re-booked on a later call),
// missed train (rail transit), per direction where any regime misses some.
void print_missed(std::ostream& out, const std::vector<ComparisonCell>& cells,
                  const std::string& reference, bool intervals) {
  for (std::size_t d = 0; d < model::kDirections; ++d) {
    const auto row = row_of(cells, model::kDirectionLabels[d], "missed_departure_share", "share");
    const bool any = std::any_of(row.begin(), row.end(),
                                 [](const ComparisonCell* c) { return c->value.mean > 0; });
    if (!any) continue;
    fmt::print(out, "\n{} - missed departure share, % (Δ against {})\n", model::kDirectionLabels[d],
               reference);
    for (const ComparisonCell* c : row) {
      const Estimate pct{100 * c->value.mean, 100 * c->value.half_width};
      fmt::print(out, "{:<22} {:>16} {:>18}\n", c->regime, with_interval(pct, intervals),
                 difference(*c, c->regime == reference, intervals, 100.0));
    }
  }
}

// Utilisation of every pool over [warm-up, horizon], flagged at 90 % and above.
void print_pools(std::ostream& out, const std::vector<std::vector<ReplicationResult>>& results,
                 const std::vector<ComparisonCell>& cells, const std::string& reference,
                 bool intervals) {
  fmt::print(out,
             "\nutilisation per pool over [warm-up, horizon], % (! at {:.0f} % and above; Δ "
             "against {})\n",
             100 * kSaturated, reference);
  fmt::print(out, "{:<44}", "pool");
  for (const auto& runs : results)
    fmt::print(out, " {:>22}", runs.front().regime);
  fmt::print(out, "\n");
  std::string pool;
  for (const auto& c : cells) {
    if (c.measure != "utilisation" || c.group == pool) continue;
    pool = c.group;
    fmt::print(out, "{:<44}", pool);
    for (const ComparisonCell* u : row_of(cells, pool, "utilisation", "utilisation")) {
      if (!std::isfinite(u->value.mean)) {
        fmt::print(out, " {:>22}", "-");
        continue;
      }
      const Estimate pct{100 * u->value.mean, 100 * u->value.half_width};
      const std::string flag = u->value.mean >= kSaturated ? "!" : "";
      const std::string text = u->regime == reference
                                   ? with_interval(pct, intervals) + flag
                                   : fmt::format("{}{} ({})", fmt::format("{:.1f}", pct.mean), flag,
                                                 difference(*u, false, false, 100.0));
      fmt::print(out, " {:>22}", text);
    }
    fmt::print(out, "\n");
  }
}

void print_table(std::ostream& out, const RunHeader& h,
                 const std::vector<std::vector<ReplicationResult>>& results,
                 const std::vector<ComparisonCell>& cells) {
  const std::size_t reps = results.front().size();
  const bool intervals = reps > 1;
  const std::string reference = results.front().front().regime;
  print_warnings(out, h);
  fmt::print(out, "scenario: {} ({})\n", h.scenario, h.source);
  fmt::print(out,
             "seed {}, {} replication(s) per regime on common random numbers, horizon {:.0f} h, "
             "warm-up {:.0f} h\n",
             h.seed, reps, h.horizon_hours, h.warmup_hours);
  fmt::print(out, "hours; mean over replications{}; Δ = paired difference against {}{}\n",
             intervals ? " ± 95 % CI half-width" : "", reference,
             intervals ? ", ≈ where its interval includes 0 (no detectable difference)" : "");
  const char* row =
      "{:<22} {:>9} {:>9}  {:>13} {:>16}  {:>13} {:>16}  {:>13} {:>16}  {:>13} {:>16}\n";
  for (std::size_t d = 0; d < model::kDirections; ++d) {
    for (const char* measure : {"overall", "customs"}) {
      std::vector<const ComparisonCell*> block;
      for (const auto& c : cells)
        if (c.group == model::kDirectionLabels[d] && c.measure == measure &&
            c.statistic != "max")  // the machine outputs carry the maximum; the table does not
          block.push_back(&c);
      if (block.empty()) continue;
      fmt::print(out, "\n{} - {}\n", model::kDirectionLabels[d],
                 std::string(measure) == "overall" ? "overall time (arrival -> release)"
                                                   : "customs-only time (declaration -> release)");
      fmt::print(out, fmt::runtime(row), "regime", "cleared", "inspected", "mean", "Δ mean",
                 "median", "Δ median", "p90", "Δ p90", "p95", "Δ p95");
      for (std::size_t i = 0; i + 3 < block.size(); i += 4) {
        const bool first = block[i]->regime == reference;
        fmt::print(
            out, fmt::runtime(row), block[i]->regime, fmt::format("{:.0f}", block[i]->cleared),
            fmt::format("{:.1f}%", 100 * block[i]->inspected),
            with_interval(block[i]->value, intervals), difference(*block[i], first, intervals),
            with_interval(block[i + 1]->value, intervals),
            difference(*block[i + 1], first, intervals),
            with_interval(block[i + 2]->value, intervals),
            difference(*block[i + 2], first, intervals),
            with_interval(block[i + 3]->value, intervals),
            difference(*block[i + 3], first, intervals));
      }
    }
  }
  print_missed(out, cells, reference, intervals);
  print_stages(out, results, cells, reference);
  print_pools(out, results, cells, reference, intervals);
}

}  // namespace

void print_comparison(std::ostream& out, Format format, const RunHeader& header,
                      const std::vector<std::vector<ReplicationResult>>& results) {
  const auto cells = compare(results);
  switch (format) {
    case Format::table:
      print_table(out, header, results, cells);
      break;
    case Format::csv:
      write_result_csv(out, result_rows(results, true, header.predicted),
                       results.front().front().regime);
      break;
    case Format::json:
      write_result_json(out, header, result_rows(results, true, header.predicted),
                        results.front().front().regime);
      break;
  }
}

}  // namespace clearsim::cli
