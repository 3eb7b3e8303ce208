// Attribution (sim/experiment/attribution.hpp): Shapley values of a combined regime's
// measures, on common random numbers. The contributions add up to the total on the same
// runs; a measure that changes nothing gets exactly nothing; sampled orders agree with the
// exact values within their sampling error.
#include "sim/experiment/attribution.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario/scenario.hpp"

namespace {

using namespace clearsim;

std::string minimal_with_package() {
  std::ifstream in(std::filesystem::path(CLEARSIM_SOURCE_DIR) / "tests/scenarios/minimal.yaml");
  std::ostringstream text;
  text << in.rdbuf();
  // `regimes` is the file's last section: a measure that changes nothing (the train
  // interval the file already has) and a package of three measures.
  return text.str() +
         "  noop:\n    set:\n      rail: {train_interval: 12h}\n"
         "  package:\n    combine: [joint, noop, machine_first]\n";
}

experiment::AttributionPlan plan_for(const scenario::Scenario& scenario) {
  experiment::AttributionPlan plan;
  plan.measures = scenario.combined_regimes("package");
  plan.config_of = [&scenario, names = plan.measures](const std::vector<int>& members) {
    std::vector<std::string> regimes;
    for (const int i : members)
      regimes.push_back(names[static_cast<std::size_t>(i)]);
    return scenario.combination(regimes, "set");
  };
  plan.options.horizon = 8 * 24;
  plan.options.warmup = 24;
  plan.options.seed = 11;
  plan.replications = 3;
  plan.jobs = 2;
  return plan;
}

double scale(double x) {
  return std::max(1.0, std::abs(x));
}

}  // namespace

TEST_CASE("Shapley weights sum to one over the sets of each size") {
  for (int k = 1; k <= 12; ++k) {
    const auto w = experiment::shapley_weights(k);
    double sum = 0;
    double binomial = 1;  // C(k-1, s)
    for (int s = 0; s < k; ++s) {
      sum += w[static_cast<std::size_t>(s)] * binomial;
      binomial = binomial * (k - 1 - s) / (s + 1);
    }
    CHECK(sum == doctest::Approx(1.0 / 1.0).epsilon(1e-12));  // sum_S w(|S|) = 1
  }
  CHECK(experiment::shapley_weights(3)[0] == doctest::Approx(1.0 / 3));
  CHECK(experiment::shapley_weights(3)[1] == doctest::Approx(1.0 / 6));
}

TEST_CASE("exact attribution: contributions add up to the total; a no-op measure gets zero") {
  const auto scenario = scenario::Scenario::parse(minimal_with_package(), "minimal+package");
  const auto plan = plan_for(scenario);
  const auto result = experiment::attribute(plan, {});
  REQUIRE(result.exact);
  CHECK(result.combinations == 8);
  REQUIRE(result.measures == std::vector<std::string>{"joint", "noop", "machine_first"});
  bool some_effect = false;
  for (std::size_t m = 0; m < result.metrics.size(); ++m) {
    CAPTURE(result.metrics[m].name);
    double sum = 0;
    for (std::size_t i = 0; i < result.measures.size(); ++i)
      sum += result.contribution[i][m].mean;
    CHECK(std::abs(sum - result.total[m].mean) <= 1e-12 * scale(result.total[m].mean));
    for (std::size_t r = 0; r < result.total_by_replication.size(); ++r) {
      double per_rep = 0;
      for (const auto& measure : result.contribution_by_replication[r])
        per_rep += measure[m];
      CHECK(std::abs(per_rep - result.total_by_replication[r][m]) <=
            1e-12 * scale(result.total_by_replication[r][m]));
    }
    // Common random numbers: the same boxes and draws, so a measure that changes nothing
    // changes nothing, in every combination.
    CHECK(result.contribution[1][m].mean == 0.0);
    CHECK(result.alone[1][m].mean == 0.0);
    if (std::abs(result.total[m].mean) > 0.01) some_effect = true;
  }
  CHECK(some_effect);
  // All measures together are the package regime itself, run on the same numbers.
  auto options = plan.options;
  options.replication = 0;
  const auto package = experiment::run_replication(scenario.config("package"), options);
  const auto baseline = experiment::run_replication(scenario.config("baseline"), options);
  for (std::size_t m = 0; m < result.metrics.size(); ++m) {
    CAPTURE(result.metrics[m].name);
    CHECK(result.metrics[m].pick(package) - result.metrics[m].pick(baseline) ==
          doctest::Approx(result.total_by_replication[0][m]).epsilon(1e-12));
  }
}

TEST_CASE("sampled orders add up to the total and agree with the exact values") {
  const auto scenario = scenario::Scenario::parse(minimal_with_package(), "minimal+package");
  auto plan = plan_for(scenario);
  const auto exact = experiment::attribute(plan, {});
  plan.exact_up_to = 1;  // sample even three measures
  plan.permutations = 60;
  const auto sampled = experiment::attribute(plan, {});
  REQUIRE_FALSE(sampled.exact);
  CHECK(sampled.orders == 60);
  for (std::size_t m = 0; m < sampled.metrics.size(); ++m) {
    CAPTURE(sampled.metrics[m].name);
    double sum = 0;
    for (std::size_t i = 0; i < sampled.measures.size(); ++i) {
      sum += sampled.contribution[i][m].mean;
      // Within four standard errors of the sampled orders (plus rounding).
      CHECK(std::abs(sampled.contribution[i][m].mean - exact.contribution[i][m].mean) <=
            4 * sampled.sampling_error[i][m] + 1e-9 * scale(exact.contribution[i][m].mean));
    }
    CHECK(std::abs(sum - sampled.total[m].mean) <= 1e-12 * scale(sampled.total[m].mean));
    CHECK(sampled.total[m].mean == exact.total[m].mean);  // the same two runs
  }
}

TEST_CASE("a plan runner that runs every set and replication on its own gives the same numbers") {
  // As `mpirun` spreads the runs over ranks (sim/cli/mpi_runs.hpp): each replication of each
  // set runs alone, in another order, and the results come back by regime and replication.
  const auto scenario = scenario::Scenario::parse(minimal_with_package(), "minimal+package");
  auto plan = plan_for(scenario);
  plan.options.horizon = 4 * 24;
  plan.replications = 2;
  const auto whole = experiment::attribute(plan, {});
  int runs = 0;
  plan.run = [&runs](const experiment::RunPlan& sets, const experiment::ProgressFn&) {
    std::vector<std::vector<experiment::ReplicationResult>> results(
        sets.configs.size(),
        std::vector<experiment::ReplicationResult>(static_cast<std::size_t>(sets.replications)));
    for (std::size_t g = sets.configs.size(); g-- > 0;) {
      for (int r = sets.replications; r-- > 0;) {
        experiment::RunPlan one = sets;
        one.configs = {sets.configs[g]};
        one.shard_index = r;
        one.shard_count = sets.replications;
        results[g][static_cast<std::size_t>(r)] = experiment::run_plan(one, nullptr, {})[0][0];
        ++runs;
      }
    }
    return results;
  };
  const auto split = experiment::attribute(plan, {});
  CHECK(runs == 8 * 2);
  const auto same = [](const experiment::Estimate& a, const experiment::Estimate& b) {
    const auto equal = [](double x, double y) {
      return x == y || (std::isnan(x) && std::isnan(y));
    };
    return equal(a.mean, b.mean) && equal(a.half_width, b.half_width);
  };
  for (std::size_t m = 0; m < whole.metrics.size(); ++m) {
    CAPTURE(whole.metrics[m].name);
    CHECK(same(whole.total[m], split.total[m]));
    CHECK(same(whole.baseline[m], split.baseline[m]));
    for (std::size_t i = 0; i < whole.measures.size(); ++i) {
      CHECK(same(whole.contribution[i][m], split.contribution[i][m]));
      CHECK(same(whole.alone[i][m], split.alone[i][m]));
    }
    for (std::size_t p = 0; p < whole.interactions.size(); ++p)
      CHECK(same(whole.interactions[p].value[m], split.interactions[p].value[m]));
  }
}
