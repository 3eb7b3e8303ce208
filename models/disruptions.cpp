#include "models/disruptions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/kernel/capacity_calendar.hpp"

namespace clearsim::model {

int disrupted_pool(const DisruptionConfig& d, const ResourcePlan& plan) {
  switch (d.kind) {
    case DisruptionKind::berth_closure:
      return plan.berths[d.district];
    case DisruptionKind::outage:
      switch (d.equipment) {
        case Equipment::scanners:
          return plan.scanners[d.site];
        case Equipment::bays:
          return plan.bays[d.site];
        case Equipment::gate_scanners:
          return plan.gate_scanners[d.district];
      }
      return kNoPool;
    case DisruptionKind::surge:
      return kNoPool;
  }
  return kNoPool;
}

void start_disruptions(sim::Simulation& sim, const std::vector<DisruptionConfig>& disruptions,
                       const ResourcePlan& plan,
                       const std::vector<std::unique_ptr<sim::Resource>>& pools) {
  for (const DisruptionConfig& d : disruptions) {
    const int pool = disrupted_pool(d, plan);
    if (pool == kNoPool) continue;
    // A closed berth or a broken scanner takes no new box; one already at work finishes
    // (lowering capacity never takes a unit from its holder).
    const auto capacity = static_cast<std::size_t>(std::max(0, plan.pools[pool].capacity));
    sim.start(sim::follow_capacity_calendar(sim, *pools[pool], {{d.start, 0}, {d.end, capacity}}));
  }
}

double surge_factor(const std::vector<DisruptionConfig>& disruptions, Time t) {
  double factor = 1;
  for (const DisruptionConfig& d : disruptions)
    if (d.kind == DisruptionKind::surge && t >= d.start && t < d.end) factor *= d.factor;
  return factor;
}

double recovery_time(const std::vector<DisruptionConfig>& disruptions,
                     const std::vector<sim::QuantileSketch>& bins, Time warmup) {
  constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
  if (disruptions.empty()) return kNone;
  Time first = disruptions.front().start, last = disruptions.front().end;
  for (const DisruptionConfig& d : disruptions) {
    first = std::min(first, d.start);
    last = std::max(last, d.end);
  }
  // Before: the bins wholly inside [warm-up, first start).
  sim::QuantileSketch before;
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const Time from = static_cast<double>(i) * kRecoveryBin;
    if (from >= warmup && from + kRecoveryBin <= first) before.merge(bins[i]);
  }
  if (before.count() == 0) return kNone;
  const double level = before.quantile(0.9) * (1 + kRecoveryTolerance);
  // A window of several bins, so that one bin's few boxes (one vessel's, say) do not decide.
  for (std::size_t i = 0; i + kRecoveryWindow <= bins.size(); ++i) {
    const Time from = static_cast<double>(i) * kRecoveryBin;
    if (from < last) continue;
    sim::QuantileSketch window;
    for (std::size_t k = i; k < i + kRecoveryWindow; ++k)
      window.merge(bins[k]);
    if (window.count() > 0 && window.quantile(0.9) <= level) return from - first;
  }
  return kNone;
}

}  // namespace clearsim::model
