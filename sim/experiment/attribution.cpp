#include "sim/experiment/attribution.hpp"
#include "sim/experiment/splitmix.hpp"

#include <bit>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>

namespace clearsim::experiment {

namespace {

using Mask = std::uint32_t;
constexpr int kMaxMeasures = 20;

// A uniformly drawn order of k measures, the same on every platform.
struct OrderStream : SplitMix64 {
  std::vector<int> permutation(int k) {
    std::vector<int> order(static_cast<std::size_t>(k));
    std::iota(order.begin(), order.end(), 0);
    for (int i = k - 1; i > 0; --i) {
      const auto j = static_cast<int>(next() % static_cast<std::uint64_t>(i + 1));
      std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
    }
    return order;
  }
};

std::vector<int> members_of(Mask mask, int k) {
  std::vector<int> members;
  for (int i = 0; i < k; ++i)
    if (mask & (Mask{1} << i)) members.push_back(i);
  return members;
}

// The sets of measures to simulate, each once, in a fixed order.
class SetCache {
 public:
  int add(Mask mask) {
    const auto [it, added] = index_.emplace(mask, static_cast<int>(masks_.size()));
    if (added) masks_.push_back(mask);
    return it->second;
  }
  int at(Mask mask) const { return index_.at(mask); }
  const std::vector<Mask>& masks() const { return masks_; }

 private:
  std::map<Mask, int> index_;
  std::vector<Mask> masks_;
};

TimeStats pick_stats(const ReplicationResult& r, std::size_t direction, int credit) {
  const DirectionResult& d = r.directions[direction];
  return credit < 0 ? d.overall : d.overall_by_credit[static_cast<std::size_t>(credit)];
}

Estimate paired(const std::vector<double>& values) {
  return estimate(values);
}

}  // namespace

std::vector<AttributionMetric> attribution_metrics() {
  std::vector<AttributionMetric> metrics;
  for (std::size_t d = 0; d < model::kDirections; ++d) {
    for (int credit = -1; credit < static_cast<int>(model::kCreditClasses); ++credit) {
      const std::string group =
          credit < 0 ? "" : std::string(model::kCreditLabels[static_cast<std::size_t>(credit)]);
      const std::string prefix =
          std::string(model::kDirectionLabels[d]) + "." + (group.empty() ? "" : group + ".");
      metrics.push_back(
          {prefix + "mean_h", model::kDirectionLabels[d], group, "mean_h",
           [d, credit](const ReplicationResult& r) { return pick_stats(r, d, credit).mean; }});
      metrics.push_back(
          {prefix + "p90_h", model::kDirectionLabels[d], group, "p90_h",
           [d, credit](const ReplicationResult& r) { return pick_stats(r, d, credit).p90; }});
    }
  }
  return metrics;
}

std::vector<double> shapley_weights(int k) {
  // |S|! (k-|S|-1)! / k! = 1 / (k * C(k-1, |S|)).
  std::vector<double> weights(static_cast<std::size_t>(k));
  double binomial = 1;  // C(k-1, s)
  for (int s = 0; s < k; ++s) {
    weights[static_cast<std::size_t>(s)] = 1.0 / (k * binomial);
    binomial = binomial * (k - 1 - s) / (s + 1);
  }
  return weights;
}

AttributionResult attribute(const AttributionPlan& plan, const ProgressFn& progress) {
  const int k = static_cast<int>(plan.measures.size());
  if (k < 1) throw std::invalid_argument("attribution needs at least one measure");
  if (k > kMaxMeasures)
    throw std::invalid_argument("attribution takes at most " + std::to_string(kMaxMeasures) +
                                " measures, got " + std::to_string(k));
  if (plan.replications < 1) throw std::invalid_argument("attribution needs a replication");
  const auto start = std::chrono::steady_clock::now();
  const Mask full = (Mask{1} << k) - 1;

  AttributionResult out;
  out.measures = plan.measures;
  out.metrics = attribution_metrics();
  out.exact = k <= plan.exact_up_to;
  out.replications = plan.replications;

  SetCache sets;
  sets.add(0);
  sets.add(full);
  for (int i = 0; i < k; ++i) {
    sets.add(Mask{1} << i);
    for (int j = i + 1; j < k; ++j)
      sets.add((Mask{1} << i) | (Mask{1} << j));
  }
  std::vector<std::vector<int>> orders;
  if (out.exact) {
    for (Mask m = 0; m <= full; ++m)
      sets.add(m);
  } else {
    OrderStream stream{plan.order_seed};
    for (int o = 0; o < plan.permutations; ++o) {
      orders.push_back(stream.permutation(k));
      Mask mask = 0;
      for (const int i : orders.back())
        sets.add(mask |= Mask{1} << i);
    }
    out.orders = plan.permutations;
  }
  out.combinations = static_cast<int>(sets.masks().size());

  RunPlan runs;
  runs.options = plan.options;
  runs.replications = plan.replications;
  runs.jobs = plan.jobs;
  for (const Mask mask : sets.masks())
    runs.configs.push_back(plan.config_of(members_of(mask, k)));
  const auto results = run_with(plan.run, runs, progress);

  const std::size_t n_metrics = out.metrics.size();
  const auto reps = static_cast<std::size_t>(plan.replications);
  // v[set][replication][metric]
  std::vector<std::vector<std::vector<double>>> v(results.size());
  for (std::size_t s = 0; s < results.size(); ++s) {
    for (const auto& run : results[s]) {
      std::vector<double> row(n_metrics);
      for (std::size_t m = 0; m < n_metrics; ++m)
        row[m] = out.metrics[m].pick(run);
      v[s].push_back(std::move(row));
    }
  }
  const auto value = [&](Mask mask, std::size_t r, std::size_t m) {
    return v[static_cast<std::size_t>(sets.at(mask))][r][m];
  };

  const auto weights = shapley_weights(k);
  out.total_by_replication.assign(reps, std::vector<double>(n_metrics));
  out.contribution_by_replication.assign(
      reps, std::vector<std::vector<double>>(static_cast<std::size_t>(k),
                                             std::vector<double>(n_metrics, 0.0)));
  for (std::size_t r = 0; r < reps; ++r) {
    for (std::size_t m = 0; m < n_metrics; ++m) {
      out.total_by_replication[r][m] = value(full, r, m) - value(0, r, m);
      auto& phi = out.contribution_by_replication[r];
      if (out.exact) {
        // The full set adds no measure (and |S| = k has no weight): stop before it.
        for (Mask s = 0; s < full; ++s) {
          const double weight = weights[static_cast<std::size_t>(std::popcount(s))];
          for (int i = 0; i < k; ++i) {
            const Mask bit = Mask{1} << i;
            if (s & bit) continue;
            phi[static_cast<std::size_t>(i)][m] += weight * (value(s | bit, r, m) - value(s, r, m));
          }
        }
      } else {
        for (const auto& order : orders) {
          Mask mask = 0;
          for (const int i : order) {
            const Mask before = mask;
            mask |= Mask{1} << i;
            phi[static_cast<std::size_t>(i)][m] += value(mask, r, m) - value(before, r, m);
          }
        }
        for (auto& measure : phi)
          measure[m] /= static_cast<double>(orders.size());
      }
    }
  }

  // Estimates over replications.
  const auto over_replications = [&](const std::function<double(std::size_t)>& of) {
    std::vector<double> values(reps);
    for (std::size_t r = 0; r < reps; ++r)
      values[r] = of(r);
    return paired(values);
  };
  for (std::size_t m = 0; m < n_metrics; ++m) {
    out.baseline.push_back(over_replications([&](std::size_t r) { return value(0, r, m); }));
    out.combined.push_back(over_replications([&](std::size_t r) { return value(full, r, m); }));
    out.total.push_back(
        over_replications([&](std::size_t r) { return out.total_by_replication[r][m]; }));
  }
  out.contribution.resize(static_cast<std::size_t>(k));
  out.alone.resize(static_cast<std::size_t>(k));
  out.sampling_error.assign(static_cast<std::size_t>(k), std::vector<double>(n_metrics, 0.0));
  for (int i = 0; i < k; ++i) {
    const auto ui = static_cast<std::size_t>(i);
    const Mask bit = Mask{1} << i;
    for (std::size_t m = 0; m < n_metrics; ++m) {
      out.contribution[ui].push_back(over_replications(
          [&](std::size_t r) { return out.contribution_by_replication[r][ui][m]; }));
      out.alone[ui].push_back(
          over_replications([&](std::size_t r) { return value(bit, r, m) - value(0, r, m); }));
    }
    for (int j = i + 1; j < k; ++j) {
      const Mask other = Mask{1} << j;
      AttributionResult::Interaction interaction{i, j, {}};
      for (std::size_t m = 0; m < n_metrics; ++m) {
        interaction.value.push_back(over_replications([&](std::size_t r) {
          return value(bit | other, r, m) - value(bit, r, m) - value(other, r, m) + value(0, r, m);
        }));
      }
      out.interactions.push_back(std::move(interaction));
    }
  }
  // The sampling error of a sampled order: the spread of a measure's marginal effect (on
  // the replication means) over the orders, over the square root of their number.
  if (!out.exact && orders.size() > 1) {
    for (std::size_t m = 0; m < n_metrics; ++m) {
      const auto mean_value = [&](Mask mask) {
        double sum = 0;
        for (std::size_t r = 0; r < reps; ++r)
          sum += value(mask, r, m);
        return sum / static_cast<double>(reps);
      };
      std::vector<std::vector<double>> marginal(static_cast<std::size_t>(k));
      for (const auto& order : orders) {
        Mask mask = 0;
        for (const int i : order) {
          const Mask before = mask;
          mask |= Mask{1} << i;
          marginal[static_cast<std::size_t>(i)].push_back(mean_value(mask) - mean_value(before));
        }
      }
      for (int i = 0; i < k; ++i) {
        const auto& xs = marginal[static_cast<std::size_t>(i)];
        const double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / xs.size();
        double ss = 0;
        for (const double x : xs)
          ss += (x - mean) * (x - mean);
        out.sampling_error[static_cast<std::size_t>(i)][m] =
            std::sqrt(ss / static_cast<double>(xs.size() - 1) / static_cast<double>(xs.size()));
      }
    }
  }
  out.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace clearsim::experiment
