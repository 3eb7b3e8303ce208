#include "models/port_network.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <limits>
#include <stdexcept>
#include <string>

namespace clearsim::model {

namespace {

using Graph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
    boost::property<boost::edge_weight_t, double, boost::property<boost::edge_index_t, int>>>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;

Graph build_graph(const PortConfig& config) {
  Graph g(config.nodes.size());
  for (std::size_t e = 0; e < config.edges.size(); ++e) {
    const EdgeConfig& edge = config.edges[e];
    boost::add_edge(static_cast<Vertex>(edge.from), static_cast<Vertex>(edge.to),
                    Graph::edge_property_type(edge.transfer.mean(), static_cast<int>(e)), g);
  }
  return g;
}

}  // namespace

PortNetwork::PortNetwork(const PortConfig& config)
    : node_count_(config.nodes.size()),
      edges_(config.edges),
      routes_(node_count_ * node_count_),
      mean_(node_count_ * node_count_, std::numeric_limits<double>::infinity()),
      reachable_(node_count_ * node_count_, false) {
  const Graph g = build_graph(config);
  const auto edge_index = boost::get(boost::edge_index, g);
  std::vector<Vertex> predecessor(node_count_);
  std::vector<double> distance(node_count_);
  for (std::size_t source = 0; source < node_count_; ++source) {
    boost::dijkstra_shortest_paths(
        g, static_cast<Vertex>(source),
        boost::predecessor_map(predecessor.data()).distance_map(distance.data()));
    for (std::size_t target = 0; target < node_count_; ++target) {
      if (distance[target] == std::numeric_limits<double>::max()) continue;
      const std::size_t at = source * node_count_ + target;
      reachable_[at] = true;
      mean_[at] = distance[target];
      // Walk back from the target; among parallel edges take the one with the least mean.
      Route& route = routes_[at];
      for (Vertex v = target; v != source; v = predecessor[v]) {
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
  }
}

const PortNetwork::Route& PortNetwork::route(int from, int to) const {
  if (!connected(from, to))
    throw std::logic_error("PortNetwork: no route from node " + std::to_string(from) + " to " +
                           std::to_string(to));
  return routes_[index(from, to)];
}

double PortNetwork::sample_time(int from, int to, sim::RandomStream& draws) const {
  double total = 0;
  for (int e : route(from, to))
    total += edges_[e].transfer.sample(draws);
  return total;
}

}  // namespace clearsim::model
