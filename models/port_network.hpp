#pragma once
// The port's districts, berths, yards, inspection sites, gates and rail yard as a graph
// (Boost.Graph). Edges carry transfer-time distributions; a box moves along the shortest
// route by mean transfer time, and its move takes the sum of one draw per edge.
//
// Shortest routes are found from a source node the first time a box leaves it (Dijkstra),
// then kept: a port with thousands of nodes costs only the few sources boxes move from
// (yards, inspection sites), not every pair.
#include <memory>
#include <vector>

#include "models/config.hpp"
#include "sim/kernel/random.hpp"

namespace clearsim::model {

class PortNetwork {
 public:
  using Route = std::vector<int>;  // edge indices, in order

  explicit PortNetwork(const PortConfig& config);
  ~PortNetwork();

  bool connected(int from, int to) const { return from == to || !routes_from(from)[to].empty(); }
  // The shortest route by mean transfer time; empty when from == to. Throws if unreachable.
  const Route& route(int from, int to) const;
  // One move along the route: one draw per edge, in route order.
  double sample_time(int from, int to, sim::RandomStream& draws) const;

 private:
  struct Graph;
  const std::vector<Route>& routes_from(int source) const;

  std::vector<EdgeConfig> edges_;
  std::unique_ptr<Graph> graph_;
  mutable std::vector<std::vector<Route>> routes_;  // [source][target], filled on demand
};

}  // namespace clearsim::model
