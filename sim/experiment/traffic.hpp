#pragma once
// Predicted resource utilisation before a run, from the traffic equations of the routing
// network: per flow of boxes (district x direction), visit rates to each activity solve
// lambda = gamma + P^T lambda (Eigen), and each resource's offered load is the sum over
// activities of visit rate x mean holding time. rho >= 1 means a queue that never empties.
//
// An approximation: it ignores that a box holds a bay while it waits for a team, and takes
// a joint exam's duration as the larger of the two means.
#include <string>
#include <vector>

#include "models/config.hpp"
#include "models/records.hpp"

namespace clearsim::experiment {

struct PredictedLoad {
  std::string resource;  // named as the model names it, e.g. "beijiang_inspection.bays"
  model::ResourceKind kind = model::ResourceKind::berth;
  int capacity = 0;
  double offered = 0;  // erlangs: busy units on average
  double utilisation() const { return capacity > 0 ? offered / capacity : 0.0; }
};

std::vector<PredictedLoad> predict_loads(const model::PortConfig& config);

}  // namespace clearsim::experiment
