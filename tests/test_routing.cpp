// One routing, three users: the routes models/routing.hpp describes are what the simulation
// does (predicted utilisation of every pool, from the traffic equations over every route,
// against the simulated one, regime by regime on the Tianjin scenario) and what the
// decoder's checks ask for (missing pools).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "models/routing.hpp"
#include "sim/experiment/replication.hpp"
#include "sim/experiment/traffic.hpp"
#include "sim/kernel/statistics.hpp"
#include "sim/scenario/scenario.hpp"

using namespace clearsim;

namespace {

const scenario::Scenario& tianjin() {
  static const auto s =
      scenario::Scenario::load(std::string(CLEARSIM_SOURCE_DIR) + "/scenarios/tianjin.yaml");
  return s;
}

// Where the traffic equations are approximate, and by how much at most (relative to the
// prediction): a berth's service time is taken at the mean crane rate (E[1/rate] differs
// from 1/E[rate] by the rate's spread: under 1 % for uniform(25, 32)); a joint exam's
// length is E[max] from 20,000 draws (0.5 % standard error).
double stated_tolerance(model::PoolKind kind) {
  switch (kind) {
    case model::PoolKind::berth:
      return 0.02;
    case model::PoolKind::bay:
    case model::PoolKind::exam_team:
      return 0.01;
    default:
      return 0.0;
  }
}

// Simulates `regime` (4 replications; 12 of 18 days warm-up, so that the slow pre-declaration
// stages have filled the pipeline) and compares every pool that carries load with its
// prediction: the prediction must lie inside the simulated 99 % interval widened by the
// stated tolerance.
void check_regime(const std::string& regime) {
  const model::PortConfig config = tianjin().config(regime);
  const auto predicted = experiment::predict_loads(config);
  model::RunOptions options;
  options.seed = 20261201;
  options.horizon = 18 * 24.0;
  options.warmup = 12 * 24.0;
  options.sample_interval = 0;
  std::vector<experiment::ReplicationResult> runs;
  for (std::uint64_t r = 0; r < 4; ++r) {
    options.replication = r;
    runs.push_back(experiment::run_replication(config, options));
  }
  int checked = 0;
  for (std::size_t p = 0; p < predicted.size(); ++p) {
    const experiment::PredictedLoad& pool = predicted[p];
    // Too few grants in 6 days (a feeder's berth: a call every other day) for the interval
    // over replication means to hold.
    std::vector<double> simulated;
    double grants = 0;
    for (const auto& run : runs) {
      simulated.push_back(run.pools[p].utilisation);
      grants += static_cast<double>(run.pools[p].grants) / static_cast<double>(runs.size());
    }
    if (grants < 50) continue;
    const sim::ConfidenceInterval ci = sim::mean_interval(simulated, 0.99);
    const double slack = ci.half_width + stated_tolerance(pool.kind) * pool.utilisation();
    INFO(regime, ": ", pool.pool, " predicted ", pool.utilisation(), ", simulated ", ci.mean, " ± ",
         ci.half_width);
    CHECK(std::abs(ci.mean - pool.utilisation()) <= slack);
    ++checked;
  }
  MESSAGE(regime, ": ", checked, " pools agree with their predictions");
  CHECK(checked >= 8);
}

}  // namespace

TEST_CASE("predicted and simulated utilisation agree per pool: baseline") {
  check_regime("baseline");
}
TEST_CASE("predicted and simulated utilisation agree per pool: advance_declaration") {
  check_regime("advance_declaration");
}
TEST_CASE("predicted and simulated utilisation agree per pool: joint_inspection") {
  check_regime("joint_inspection");
}
TEST_CASE("predicted and simulated utilisation agree per pool: machine_first") {
  check_regime("machine_first");
}
TEST_CASE("predicted and simulated utilisation agree per pool: green_channel") {
  check_regime("green_channel");
}
TEST_CASE("predicted and simulated utilisation agree per pool: single_window") {
  check_regime("single_window");
}
TEST_CASE("predicted and simulated utilisation agree per pool: reform") {
  check_regime("reform");
}

TEST_CASE("every pool a route can use exists, or missing_pools names it") {
  model::PortConfig config = tianjin().config("baseline");
  CHECK(model::missing_pools(config).empty());
  config.sites[0].teams[1] = 0;  // no CIQ teams where Beijiang's CIQ exams take place
  auto missing = model::missing_pools(config);
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].kind == model::MissingPool::Kind::exam_teams);
  CHECK(missing[0].agency == 1);
  CHECK(missing[0].message.find("has no ciq teams") != std::string::npos);
  config = tianjin().config("machine_first");
  config.districts[0].gate_scanners = 0;
  missing = model::missing_pools(config);
  REQUIRE(!missing.empty());
  CHECK(missing[0].kind == model::MissingPool::Kind::gate_scanners);
}

TEST_CASE("the outcomes of a box's draws are a probability distribution") {
  const model::PortConfig config = tianjin().config("reform");
  for (auto credit : {model::CreditClass::advanced_certified, model::CreditClass::discredited}) {
    double total = 0;
    model::for_each_outcome(config, 0, model::Direction::import_box, model::CargoClass::food,
                            credit, [&](const model::BoxFacts&, double p) { total += p; });
    CHECK(total == doctest::Approx(1.0).epsilon(1e-9));
  }
}
