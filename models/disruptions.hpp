#pragma once
// Disruptions (plan art. 25): equipment outages and berth closures are capacity calendars
// (sim/kernel/capacity_calendar.hpp) that take a pool to 0 over a window and give it back;
// a surge multiplies the boxes arriving in its window. Recovery is measured on the boxes'
// release times: how long after the disruption the 90th percentile of the boxes arriving
// returns to its level before it.
#include <memory>
#include <vector>

#include "models/config.hpp"
#include "models/routing.hpp"
#include "sim/kernel/quantile_sketch.hpp"
#include "sim/kernel/resource.hpp"
#include "sim/kernel/simulation.hpp"

namespace clearsim::model {

// The pool an outage or closure takes out (kNoPool for a surge, or if the pool does not
// exist in this regime's plan).
int disrupted_pool(const DisruptionConfig& d, const ResourcePlan& plan);

// Starts the outages and closures on `pools` (in plan order).
void start_disruptions(sim::Simulation& sim, const std::vector<DisruptionConfig>& disruptions,
                       const ResourcePlan& plan,
                       const std::vector<std::unique_ptr<sim::Resource>>& pools);

// How many times the usual number of boxes arrive at time t (1 outside every surge;
// overlapping surges multiply).
double surge_factor(const std::vector<DisruptionConfig>& disruptions, Time t);

// Release times are binned by the box's arrival time, this wide, for recovery.
inline constexpr Time kRecoveryBin = 6.0;
// Recovery is judged on the boxes arriving in a window of this many bins (24 h).
inline constexpr std::size_t kRecoveryWindow = 4;
// "Back to the level before": within this much of the pre-disruption 90th percentile.
inline constexpr double kRecoveryTolerance = 0.05;

// Hours from the start of the first disruption until the first window of kRecoveryWindow
// arrival bins, starting at or after the end of the last, whose 90th percentile of release
// time is within kRecoveryTolerance of the 90th percentile of the boxes that arrived
// between the warm-up and the first disruption's start: at least the disruption's length,
// plus the time its backlog holds up the boxes arriving after it. `bins[i]` holds the
// release times of the boxes
// that arrived in [i, i + 1) * kRecoveryBin. NaN: no disruption, no box before it, or
// never back within the bins given.
double recovery_time(const std::vector<DisruptionConfig>& disruptions,
                     const std::vector<sim::QuantileSketch>& bins, Time warmup);

}  // namespace clearsim::model
