#pragma once
// Predicted utilisation of every pool before a run, from the routing (models/routing.hpp):
// for every flow of boxes (district x direction, at its arrival rate) and every class of
// box (cargo x credit, at its share), every possible route is weighted by its probability
// (models::for_each_outcome), and each pool's offered load is the sum over the steps that
// hold it of visit rate x mean holding time. Routes are acyclic, so this is the solution of
// the network's traffic equations lambda = gamma + P^T lambda, computed directly from the
// same route function the simulation follows. rho >= 1 means a queue that never empties.
//
// Exact for the mean load, given the inputs' means, with two approximations stated: a
// joint examination's mean length is E[max] of the agencies' exam times, estimated from
// 20,000 fixed-seed draws; and berths take each call's moves at the mean crane rate.
#include <string>
#include <vector>

#include "models/config.hpp"
#include "models/routing.hpp"

namespace clearsim::experiment {

struct PredictedLoad {
  std::string pool;  // named as the model names it, e.g. "beijiang_inspection.bays"
  model::PoolKind kind = model::PoolKind::berth;
  int capacity = 0;
  double offered = 0;    // erlangs: busy units on average
  double available = 0;  // units on duty on average (staff pools follow shift calendars)
  double utilisation() const { return available > 0 ? offered / available : 0.0; }
};

// Utilisation at or above this is flagged in tables and by `validate`.
inline constexpr double kSaturated = 0.9;

// The port's mean arrival rates, per hour: boxes (every district and direction, the same
// rates the traffic equations use) and vessel calls.
struct ArrivalRates {
  double boxes = 0;
  double vessel_calls = 0;
};
ArrivalRates arrival_rates(const model::PortConfig& config);

// One entry per pool of the regime's resource plan, in plan order. Throws
// std::invalid_argument if an input's mean is not finite (no NaN is ever printed).
std::vector<PredictedLoad> predict_loads(const model::PortConfig& config);

}  // namespace clearsim::experiment
