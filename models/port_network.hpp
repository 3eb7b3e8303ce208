#pragma once
// The port's districts, berths, yards, inspection sites, gates and rail yard as a graph
// (Boost.Graph). Edges carry transfer-time distributions; a box moves along the shortest
// route by mean transfer time, and its move takes the sum of one draw per edge.
#include <vector>

#include "models/config.hpp"
#include "sim/kernel/random.hpp"

namespace clearsim::model {

class PortNetwork {
 public:
  using Route = std::vector<int>;  // edge indices, in order

  explicit PortNetwork(const PortConfig& config);

  bool connected(int from, int to) const { return reachable_[index(from, to)]; }
  // The shortest route by mean transfer time; empty when from == to. Throws if unreachable.
  const Route& route(int from, int to) const;
  // Mean transfer time along the route.
  double mean_time(int from, int to) const { return mean_[index(from, to)]; }
  // One move along the route: one draw per edge, in route order.
  double sample_time(int from, int to, sim::RandomStream& draws) const;

 private:
  std::size_t index(int from, int to) const {
    return static_cast<std::size_t>(from) * node_count_ + static_cast<std::size_t>(to);
  }

  std::size_t node_count_;
  std::vector<EdgeConfig> edges_;
  std::vector<Route> routes_;  // node_count^2, row-major
  std::vector<double> mean_;
  std::vector<bool> reachable_;
};

}  // namespace clearsim::model
