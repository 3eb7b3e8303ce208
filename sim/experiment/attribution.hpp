#pragma once
// Attribution of a combined regime's effect to its measures: Shapley values on common random
// numbers. A "measure" is one regime of a `combine` list (and the combined regime's own
// `set`, if it has one). v(S), for a set S of measures, is a statistic of the port with the
// measures in S applied, run on the same replications (the same boxes and draws) as every
// other set; measure i's contribution is its marginal effect v(S + i) - v(S) averaged over
// the orders in which the measures could be introduced. Exact over all 2^k sets while
// k <= exact_up_to; beyond, averaged over sampled orders (permutations), each of which still
// splits the total exactly. Every set runs once (a cache keyed by the set), its replications
// on the runner's threads. Per replication the contributions add up to the total
// v(all) - v(none) to rounding; the intervals are Student-t over replications.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/config.hpp"
#include "sim/experiment/replication.hpp"
#include "sim/experiment/runner.hpp"

namespace clearsim::experiment {

// One statistic of a replication, e.g. import.mean_h: the mean import overall time.
struct AttributionMetric {
  std::string name;       // "import.mean_h", "import.ordinary.p90_h"
  std::string direction;  // import | export | rail_transit
  std::string credit;     // "" (all boxes) or a credit class label
  std::string statistic;  // mean_h | p90_h
  Pick pick;
};

// Per direction: mean and p90 of the overall time (arrival -> release), for all boxes and
// for each credit class.
std::vector<AttributionMetric> attribution_metrics();

struct AttributionPlan {
  std::vector<std::string> measures;  // k players, in the combined regime's order
  // The port with the measures `members` (indices into `measures`, ascending) applied.
  std::function<model::PortConfig(const std::vector<int>& members)> config_of;
  model::RunOptions options;
  int replications = 5;
  int jobs = 1;
  int exact_up_to = 8;           // exact Shapley while measures.size() <= this
  int permutations = 256;        // sampled orders beyond
  std::uint64_t order_seed = 1;  // of the sampled orders
  PlanRunner run;                // runs the sets' replications; empty: run_plan here
};

struct AttributionResult {
  std::vector<std::string> measures;
  std::vector<AttributionMetric> metrics;
  bool exact = true;
  int orders = 0;        // permutations averaged (k! implied when exact)
  int combinations = 0;  // distinct sets of measures simulated
  int replications = 0;
  double wall_seconds = 0;
  // [metric]
  std::vector<Estimate> baseline;  // v(none)
  std::vector<Estimate> combined;  // v(all)
  std::vector<Estimate> total;     // v(all) - v(none), paired per replication
  // [measure][metric]
  std::vector<std::vector<Estimate>> contribution;
  std::vector<std::vector<double>> sampling_error;  // std. error over orders; 0 when exact
  std::vector<std::vector<Estimate>> alone;         // v({i}) - v(none)
  // Pairwise interactions v({i,j}) - v({i}) - v({j}) + v(none), i < j.
  struct Interaction {
    int first = 0, second = 0;
    std::vector<Estimate> value;  // [metric]
  };
  std::vector<Interaction> interactions;
  // Per replication, for checks: total_by_replication[r][metric] and
  // contribution_by_replication[r][measure][metric].
  std::vector<std::vector<double>> total_by_replication;
  std::vector<std::vector<std::vector<double>>> contribution_by_replication;
};

// Throws std::invalid_argument for no measures, more than 20, or fewer than 1 replication.
AttributionResult attribute(const AttributionPlan& plan, const ProgressFn& progress);

// Shapley weights |S|! (k-|S|-1)! / k! for |S| = 0..k-1, exact in double for k <= 20.
std::vector<double> shapley_weights(int k);

}  // namespace clearsim::experiment
