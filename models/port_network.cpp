#include "models/port_network.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <limits>
#include <stdexcept>
#include <string>

namespace clearsim::model {

namespace {

using BoostGraph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
    boost::property<boost::edge_weight_t, double, boost::property<boost::edge_index_t, int>>>;
using Vertex = boost::graph_traits<BoostGraph>::vertex_descriptor;

}  // namespace

struct PortNetwork::Graph {
  BoostGraph g;
};

PortNetwork::PortNetwork(const PortConfig& config)
    : edges_(config.edges), graph_(std::make_unique<Graph>()), routes_(config.nodes.size()) {
  graph_->g = BoostGraph(config.nodes.size());
  for (std::size_t e = 0; e < edges_.size(); ++e) {
    const EdgeConfig& edge = edges_[e];
    boost::add_edge(static_cast<Vertex>(edge.from), static_cast<Vertex>(edge.to),
                    BoostGraph::edge_property_type(edge.transfer.mean(), static_cast<int>(e)),
                    graph_->g);
  }
}

PortNetwork::~PortNetwork() = default;

// Routes from `source` to every node: empty for the source itself and for nodes it cannot
// reach (connected() tells them apart).
const std::vector<PortNetwork::Route>& PortNetwork::routes_from(int source) const {
  std::vector<Route>& routes = routes_[source];
  if (!routes.empty()) return routes;
  const BoostGraph& g = graph_->g;
  const std::size_t n = boost::num_vertices(g);
  const auto edge_index = boost::get(boost::edge_index, g);
  std::vector<Vertex> predecessor(n);
  std::vector<double> distance(n);
  boost::dijkstra_shortest_paths(
      g, static_cast<Vertex>(source),
      boost::predecessor_map(predecessor.data()).distance_map(distance.data()));
  routes.assign(n, Route{});
  for (std::size_t target = 0; target < n; ++target) {
    if (distance[target] == std::numeric_limits<double>::max()) continue;
    // Walk back from the target; among parallel edges take the one with the least mean.
    Route& route = routes[target];
    for (Vertex v = target; v != static_cast<Vertex>(source); v = predecessor[v]) {
      int best = -1;
      double best_mean = std::numeric_limits<double>::infinity();
      for (auto [e, end] = boost::out_edges(predecessor[v], g); e != end; ++e) {
        if (boost::target(*e, g) != v) continue;
        const int idx = edge_index[*e];
        if (edges_[idx].transfer.mean() < best_mean) {
          best_mean = edges_[idx].transfer.mean();
          best = idx;
        }
      }
      route.insert(route.begin(), best);
    }
  }
  return routes;
}

const PortNetwork::Route& PortNetwork::route(int from, int to) const {
  if (!connected(from, to))
    throw std::logic_error("PortNetwork: no route from node " + std::to_string(from) + " to " +
                           std::to_string(to));
  return routes_from(from)[to];
}

double PortNetwork::sample_time(int from, int to, sim::RandomStream& draws) const {
  double total = 0;
  for (int e : route(from, to))
    total += edges_[e].transfer.sample(draws);
  return total;
}

}  // namespace clearsim::model
