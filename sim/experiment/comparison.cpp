#include "sim/experiment/comparison.hpp"

#include <cmath>
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

const model::ResourceKind kLoadKinds[] = {
    model::ResourceKind::scanner,           model::ResourceKind::bay,
    model::ResourceKind::customs_team,      model::ResourceKind::ciq_team,
    model::ResourceKind::document_officers, model::ResourceKind::berth};

}  // namespace

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
                                         diff, includes_zero, cleared, inspected});
        }
      }
    }
    for (model::ResourceKind kind : kLoadKinds) {
      const auto k = static_cast<std::size_t>(kind);
      if (!runs.front().resources[k].present) continue;
      const Pick pick = [k](const ReplicationResult& r) { return r.resources[k].utilisation; };
      const auto mine = values_of(runs, pick);
      const auto [diff, includes_zero] = paired(values_of(reference, pick), mine);
      cells.push_back(ComparisonCell{regime, model::kResourceKindLabels[k], "utilisation",
                                     "utilisation", estimate(mine), diff, includes_zero, 0, 0});
    }
  }
  return cells;
}

}  // namespace clearsim::experiment
