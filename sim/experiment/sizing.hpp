#pragma once
// Capacity sizing: the smallest resources that meet a target such as `import.p90_h <= 48h`.
//
// The varied resources are whole-number scenario keys (scanners of a site, teams of an agency
// at a site, officers of an agency, ...); the caller turns a vector of their values into a
// port (config_of), so nothing here knows YAML. Each variable's pools are found by asking the
// port itself: the pools of the resource plan (models/routing.hpp) whose capacity changes
// when the variable goes up by one.
//
// 1. Bracket: the traffic equations (traffic.hpp) give each pool's offered load, which does
//    not depend on its capacity; the lower bracket is, per variable, the smallest value at
//    or above `minimum` at which every pool of the variable has a predicted utilisation
//    below 1. Below it a queue never empties in the long run, so no value below is accepted.
// 2. Upward search: simulation on common random numbers (the same seed and replications for
//    every candidate, so candidates differ only by their resources). While the candidate
//    does not meet the target, the variable whose pools are the most utilised in the
//    simulation (of those below their maximum) grows: by max(1, 5 % of its value) the first
//    time, by twice its previous step each time after. The search stops, not met, after
//    max_candidates, or when the metric has not improved over 3 candidates in a row (on
//    common random numbers an unchanged metric means these resources do not limit it:
//    e.g. the p90 of all boxes when fewer than 10 % are examined).
// 3. Trim: each variable above its bracket, least utilised first, is cut back to the
//    smallest value (by bisection between its bracket and its value) that still meets the
//    target, the others held.
// 4. The binding variable: of those above their bracket, the one whose value with one unit
//    less (run in the trim, where it failed) is furthest from the target. If every variable
//    is at its bracket, the target is met as soon as every pool is stable, and the binding
//    variable is the one with the highest predicted utilisation at its bracket.
//
// A candidate MEETS the target when the whole 95 % interval over replications of the
// metric (Student-t, replication means) lies on the target's side: mean + half-width <=
// bound for `<=`, mean - half-width >= bound for `>=`. With one replication the interval is
// the mean alone. Every candidate is run once (cached by its values).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/config.hpp"
#include "sim/experiment/replication.hpp"
#include "sim/experiment/runner.hpp"

namespace clearsim::experiment {

// DIRECTION.METRIC <= VALUE or >= VALUE; METRIC is a column of the sweep table
// (sweep_metric_names(): mean_h, p90_h, within_24h_share, ...), `p90` short for `p90_h`.
struct SizingTarget {
  std::string text;       // as given
  std::string direction;  // import | export | rail_transit
  std::string metric;     // a sweep_metric_names() entry
  bool at_most = true;    // <= (false: >=)
  double bound = 0;       // hours for the *_h metrics
  bool meets(const Estimate& e) const;
};

// Why a --target text was refused, and where: `column` is 1-based in the text.
struct TargetError : std::invalid_argument {
  TargetError(std::size_t column, const std::string& message)
      : std::invalid_argument(message), column(column) {}
  std::size_t column;
};
// The bound of an *_h metric takes a unit (48h, 2d, 90min; a bare number is hours); of a
// share or count, a plain number. Throws TargetError.
SizingTarget parse_target(const std::string& text);

// The target's metric in one replication (NaN when the direction cleared no box).
double target_value(const SizingTarget& target, const ReplicationResult& run);

struct SizingVariable {
  std::string key;     // inspection_sites[dongjiang_inspection].scanners
  int current = 0;     // its value in the scenario
  int minimum = 1;     // the search never goes below
  int maximum = 2000;  // nor above
};

// The port with the variables at `values` (one per variable, in order).
using SizingConfigFn = std::function<model::PortConfig(const std::vector<int>& values)>;

// Per variable, the names of the pools whose capacity follows it (probed at current and
// current + 1). Throws std::invalid_argument naming the variable if it moves no pool.
std::vector<std::vector<std::string>> variable_pools(const std::vector<SizingVariable>& variables,
                                                     const SizingConfigFn& config_of);

// Per variable: the lower bracket (step 1 above), with the others at `others` (their
// current values). `predicted[i]` receives the highest predicted utilisation of the
// variable's pools at its bracket. Throws std::invalid_argument if a variable's pools are
// still at utilisation >= 1 at its maximum.
std::vector<int> lower_bracket(const std::vector<SizingVariable>& variables,
                               const std::vector<std::vector<std::string>>& pools,
                               const SizingConfigFn& config_of,
                               std::vector<double>* predicted = nullptr);

struct SizingPlan {
  std::vector<SizingVariable> variables;
  SizingConfigFn config_of;
  SizingTarget target;
  model::RunOptions options;
  int replications = 5;
  int jobs = 1;
  int max_candidates = 40;  // simulated candidates at most (each `replications` runs)
  PlanRunner run;           // runs a candidate's replications; empty: run_plan here
};

struct SizingCandidate {
  std::vector<int> values;
  Estimate metric;
  bool meets = false;
  std::vector<double> utilisation;  // per variable: the highest simulated one of its pools
};

struct SizingResult {
  std::vector<std::vector<std::string>> pools;  // per variable
  std::vector<int> bracket;
  std::vector<double> bracket_predicted;  // per variable, at the bracket
  bool met = false;
  std::string stopped;                 // why the search stopped without meeting the target
  SizingCandidate answer;              // the last candidate tried when not met
  int binding = -1;                    // variable index
  bool has_one_less = false;           // false when the binding variable is at its minimum
  SizingCandidate one_less;            // the answer with one unit less of `binding`
  std::vector<SizingCandidate> trail;  // every candidate simulated, in order
  double wall_seconds = 0;
};

// Throws std::invalid_argument for no variables or fewer than 1 replication.
SizingResult size_resources(const SizingPlan& plan, const ProgressFn& progress);

}  // namespace clearsim::experiment
