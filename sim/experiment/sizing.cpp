#include "sim/experiment/sizing.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <stdexcept>

#include "models/routing.hpp"
#include "sim/experiment/sweep.hpp"
#include "sim/experiment/traffic.hpp"

namespace clearsim::experiment {

namespace {

std::string known_metrics() {
  std::string out;
  for (const auto& m : sweep_metric_names())
    out += (out.empty() ? "" : ", ") + m;
  return out;
}

// "48h" -> 48, "2d" -> 48, "90min" -> 1.5, "48" -> 48 (hours); a plain number otherwise.
double read_bound(const std::string& text, std::size_t column, bool hours) {
  std::size_t used = 0;
  double number = 0;
  try {
    number = std::stod(text, &used);
  } catch (const std::exception&) {
    throw TargetError(column, "expected a number after the comparison, got '" + text + "'");
  }
  if (!std::isfinite(number) || text.find_first_of("eE") < used)
    throw TargetError(column, "expected a plain decimal number, got '" + text + "'");
  const std::string unit = text.substr(used);
  if (!hours) {
    if (!unit.empty())
      throw TargetError(column + used,
                        "this metric is a share or a count: no unit, got '" + unit + "'");
    return number;
  }
  if (unit.empty() || unit == "h") return number;
  if (unit == "min") return number / 60;
  if (unit == "d") return number * 24;
  if (unit == "w") return number * 168;
  throw TargetError(column + used, "unknown unit '" + unit + "': expected min, h, d or w");
}

std::size_t metric_index(const std::string& metric) {
  const auto names = sweep_metric_names();
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), metric) - names.begin());
}

double predicted_utilisation(const model::PortConfig& config,
                             const std::vector<std::string>& pools) {
  double highest = 0;
  for (const auto& load : predict_loads(config)) {
    if (std::find(pools.begin(), pools.end(), load.pool) == pools.end()) continue;
    highest = std::max(
        highest, load.available > 0 ? load.utilisation() : (load.offered > 0 ? INFINITY : 0.0));
  }
  return highest;
}

// Runs candidates once each, in the order asked, on common random numbers.
class Candidates {
 public:
  Candidates(const SizingPlan& plan, const std::vector<std::vector<std::string>>& pools,
             const ProgressFn& progress, std::vector<SizingCandidate>& trail)
      : plan_(plan), pools_(pools), progress_(progress), trail_(trail) {}

  const SizingCandidate& at(const std::vector<int>& values) {
    const auto found = cache_.find(values);
    if (found != cache_.end()) return found->second;
    RunPlan run;
    run.configs = {plan_.config_of(values)};
    run.options = plan_.options;
    run.replications = plan_.replications;
    run.jobs = plan_.jobs;
    const auto results = run_with(plan_.run, run, {});
    SizingCandidate c;
    c.values = values;
    std::vector<double> metric;
    for (const auto& r : results[0])
      metric.push_back(target_value(plan_.target, r));
    c.metric = estimate(metric);
    c.meets = plan_.target.meets(c.metric);
    c.utilisation = utilisation(results[0]);
    trail_.push_back(c);
    if (progress_) progress_(static_cast<int>(trail_.size()), plan_.max_candidates);
    return cache_.emplace(values, std::move(c)).first->second;
  }

  bool known(const std::vector<int>& values) const { return cache_.count(values) > 0; }
  int simulated() const { return static_cast<int>(trail_.size()); }

 private:
  // Per variable, the highest mean (over replications) utilisation of its pools.
  std::vector<double> utilisation(const std::vector<ReplicationResult>& runs) const {
    std::vector<double> out(pools_.size(), 0.0);
    for (std::size_t v = 0; v < pools_.size(); ++v) {
      std::map<std::string, double> sum;
      for (const auto& run : runs)
        for (std::size_t p = 0; p < run.pools.size() && run.plan; ++p)
          if (std::find(pools_[v].begin(), pools_[v].end(), run.plan->pools[p].name) !=
              pools_[v].end())
            sum[run.plan->pools[p].name] += run.pools[p].utilisation;
      for (const auto& [name, s] : sum)
        out[v] = std::max(out[v], s / static_cast<double>(runs.size()));
    }
    return out;
  }

  const SizingPlan& plan_;
  const std::vector<std::vector<std::string>>& pools_;
  const ProgressFn& progress_;
  std::vector<SizingCandidate>& trail_;
  std::map<std::vector<int>, SizingCandidate> cache_;
};

// Further from the target is worse: larger for <=, smaller for >=; NaN worst of all.
bool worse(const SizingTarget& target, const Estimate& a, const Estimate& b) {
  if (std::isnan(a.mean)) return !std::isnan(b.mean);
  if (std::isnan(b.mean)) return false;
  return target.at_most ? a.mean > b.mean : a.mean < b.mean;
}

}  // namespace

bool SizingTarget::meets(const Estimate& e) const {
  if (!std::isfinite(e.mean) || !std::isfinite(e.half_width)) return false;
  return at_most ? e.mean + e.half_width <= bound : e.mean - e.half_width >= bound;
}

SizingTarget parse_target(const std::string& text) {
  SizingTarget t;
  t.text = text;
  const std::size_t op = text.find_first_of("<>=");
  if (op == std::string::npos || op + 1 >= text.size() || text[op + 1] != '=' ||
      (text[op] != '<' && text[op] != '>'))
    throw TargetError(op == std::string::npos ? text.size() + 1 : op + 1,
                      "expected DIRECTION.METRIC<=VALUE or DIRECTION.METRIC>=VALUE, e.g. "
                      "import.p90_h<=48h");
  t.at_most = text[op] == '<';
  const std::string left = text.substr(0, op);
  const std::size_t dot = left.find('.');
  if (dot == std::string::npos)
    throw TargetError(1, "expected DIRECTION.METRIC before the comparison, got '" + left + "'");
  t.direction = left.substr(0, dot);
  bool known_direction = false;
  std::string directions;
  for (const char* d : model::kDirectionLabels) {
    known_direction = known_direction || t.direction == d;
    directions += (directions.empty() ? "" : ", ") + std::string(d);
  }
  if (!known_direction)
    throw TargetError(1, "unknown direction '" + t.direction + "': expected " + directions);
  t.metric = left.substr(dot + 1);
  const auto names = sweep_metric_names();
  if (std::find(names.begin(), names.end(), t.metric) == names.end() &&
      std::find(names.begin(), names.end(), t.metric + "_h") != names.end())
    t.metric += "_h";
  if (std::find(names.begin(), names.end(), t.metric) == names.end())
    throw TargetError(dot + 2, "unknown metric '" + left.substr(dot + 1) + "': expected one of " +
                                   known_metrics() + " (p90 is short for p90_h)");
  const std::string value = text.substr(op + 2);
  if (value.empty()) throw TargetError(op + 3, "expected a value after the comparison");
  t.bound = read_bound(value, op + 3, t.metric.ends_with("_h"));
  return t;
}

double target_value(const SizingTarget& target, const ReplicationResult& run) {
  const std::size_t m = metric_index(target.metric);
  for (const auto& row : sweep_rows(0, SweepPoint{}, {run}))
    if (row.direction == target.direction) return row.metrics[m];
  return std::nan("");
}

std::vector<std::vector<std::string>> variable_pools(const std::vector<SizingVariable>& variables,
                                                     const SizingConfigFn& config_of) {
  std::vector<int> values;
  for (const auto& v : variables)
    values.push_back(v.current);
  const model::ResourcePlan before = model::resource_plan(config_of(values));
  std::vector<std::vector<std::string>> pools;
  for (std::size_t i = 0; i < variables.size(); ++i) {
    std::vector<int> more = values;
    ++more[i];
    const model::ResourcePlan after = model::resource_plan(config_of(more));
    std::vector<std::string> moved;
    for (std::size_t p = 0; p < before.pools.size() && p < after.pools.size(); ++p)
      if (before.pools[p].capacity != after.pools[p].capacity)
        moved.push_back(before.pools[p].name);
    if (moved.empty())
      throw std::invalid_argument(variables[i].key +
                                  ": changing it changes no pool's capacity (berths, officers, "
                                  "scanners, bays, teams, ...) in this regime");
    pools.push_back(std::move(moved));
  }
  return pools;
}

std::vector<int> lower_bracket(const std::vector<SizingVariable>& variables,
                               const std::vector<std::vector<std::string>>& pools,
                               const SizingConfigFn& config_of, std::vector<double>* predicted) {
  std::vector<int> values;
  for (const auto& v : variables)
    values.push_back(v.current);
  std::vector<int> bracket = values;
  if (predicted) predicted->assign(variables.size(), 0.0);
  for (std::size_t i = 0; i < variables.size(); ++i) {
    const auto& var = variables[i];
    std::map<int, double> seen;
    const auto rho = [&](int value) {
      const auto it = seen.find(value);
      if (it != seen.end()) return it->second;
      std::vector<int> at = values;
      at[i] = value;
      return seen[value] = predicted_utilisation(config_of(at), pools[i]);
    };
    // The load does not depend on the capacity: a first guess scales the current value by
    // the utilisation, then whole steps settle it (shift calendars make it not quite linear).
    const double now = rho(var.current);
    int v = std::isfinite(now) ? std::clamp(static_cast<int>(std::floor(var.current * now)) + 1,
                                            var.minimum, var.maximum)
                               : var.current;
    while (rho(v) >= 1) {
      if (v >= var.maximum)
        throw std::invalid_argument(var.key + ": its pools are still loaded at or above 100 % at " +
                                    std::to_string(var.maximum));
      v = std::min(var.maximum, std::max(v + 1, v + v / 4));
    }
    while (v > var.minimum && rho(v - 1) < 1)
      --v;
    bracket[i] = v;
    if (predicted) (*predicted)[i] = rho(v);
  }
  return bracket;
}

SizingResult size_resources(const SizingPlan& plan, const ProgressFn& progress) {
  if (plan.variables.empty()) throw std::invalid_argument("size: nothing to vary");
  if (plan.replications < 1) throw std::invalid_argument("size: at least 1 replication");
  const auto start = std::chrono::steady_clock::now();
  SizingResult result;
  result.pools = variable_pools(plan.variables, plan.config_of);
  result.bracket =
      lower_bracket(plan.variables, result.pools, plan.config_of, &result.bracket_predicted);
  Candidates candidates(plan, result.pools, progress, result.trail);
  const std::size_t k = plan.variables.size();

  // 2. Upward: grow the most utilised variable until the target is met. A variable grown
  // again doubles its step (the trim takes back what overshoots); a metric that has not
  // improved over kStall candidates in a row does not depend on these resources.
  constexpr int kStall = 3;
  std::vector<int> x = result.bracket;
  std::vector<int> step(k, 0);
  const SizingCandidate* c = &candidates.at(x);
  int unchanged = 0;
  while (!c->meets) {
    if (candidates.simulated() >= plan.max_candidates) {
      result.stopped = "the search ran out of candidates (--max-candidates)";
      break;
    }
    int grow = -1;
    for (std::size_t i = 0; i < k; ++i)
      if (x[i] < plan.variables[i].maximum &&
          (grow < 0 || c->utilisation[i] > c->utilisation[static_cast<std::size_t>(grow)]))
        grow = static_cast<int>(i);
    if (grow < 0) {
      result.stopped = "every varied resource is at its maximum";
      break;
    }
    const auto g = static_cast<std::size_t>(grow);
    step[g] = step[g] == 0 ? std::max(1, static_cast<int>(std::ceil(0.05 * x[g]))) : 2 * step[g];
    x[g] = std::min(plan.variables[g].maximum, x[g] + step[g]);
    const SizingCandidate* next = &candidates.at(x);
    unchanged = worse(plan.target, c->metric, next->metric) ? 0 : unchanged + 1;
    c = next;
    if (!c->meets && unchanged >= kStall) {
      result.stopped = "the metric did not improve over the last " + std::to_string(kStall) +
                       " candidates: these resources do not limit it";
      break;
    }
  }
  result.met = c->meets;
  if (!result.met) {
    result.answer = *c;
    result.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
  }

  // 3. Trim, least utilised first: bisect each variable between its bracket and its value.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < k; ++i)
    if (x[i] > result.bracket[i]) order.push_back(i);
  const std::vector<double> use = c->utilisation;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return use[a] < use[b]; });
  for (const std::size_t i : order) {
    int lo = result.bracket[i], hi = x[i];
    while (lo < hi && candidates.simulated() < plan.max_candidates) {
      std::vector<int> at = x;
      at[i] = lo + (hi - lo) / 2;
      if (candidates.at(at).meets) {
        hi = at[i];
      } else {
        lo = at[i] + 1;
      }
    }
    x[i] = hi;
  }
  result.answer = candidates.at(x);

  // 4. Binding: of the variables above their bracket, the one whose unit less is furthest
  // from the target (run in the trim); else the highest predicted utilisation.
  for (std::size_t i = 0; i < k; ++i) {
    if (x[i] <= result.bracket[i]) continue;
    std::vector<int> less = x;
    --less[i];
    if (!candidates.known(less)) continue;
    if (result.binding < 0) {
      result.binding = static_cast<int>(i);
      continue;
    }
    std::vector<int> best = x;
    --best[static_cast<std::size_t>(result.binding)];
    if (worse(plan.target, candidates.at(less).metric, candidates.at(best).metric))
      result.binding = static_cast<int>(i);
  }
  if (result.binding < 0) {
    result.binding = 0;
    for (std::size_t i = 1; i < k; ++i)
      if (result.bracket_predicted[i] >
          result.bracket_predicted[static_cast<std::size_t>(result.binding)])
        result.binding = static_cast<int>(i);
  }
  const auto b = static_cast<std::size_t>(result.binding);
  if (x[b] > plan.variables[b].minimum) {
    std::vector<int> less = x;
    --less[b];
    result.one_less = candidates.at(less);
    result.has_one_less = true;
  }
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace clearsim::experiment
