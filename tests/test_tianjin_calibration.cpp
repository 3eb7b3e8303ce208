// The default scenario against the 2017 figures it is calibrated to (docs/calibration.md):
// under `baseline`, mean import overall time (vessel arrival -> release) 97.39 h, import
// customs-only time (declaration -> release) 16.7 h, export overall time 12.29 h [GAC],
// each within ±15 %. A shortened horizon (20 days, 5 of them warm-up) keeps the test fast;
// the whole 95 % interval over replications must lie inside the tolerance band.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/experiment/replication.hpp"
#include "sim/scenario/scenario.hpp"

using namespace clearsim;

namespace {

std::vector<experiment::ReplicationResult> run_baseline() {
  const auto scenario =
      scenario::Scenario::load(std::string(CLEARSIM_SOURCE_DIR) + "/scenarios/tianjin.yaml");
  const model::PortConfig config = scenario.config("baseline");
  model::RunOptions options;
  options.seed = scenario.defaults().seed;
  options.horizon = 20 * 24.0;
  options.warmup = 5 * 24.0;
  options.sample_interval = 0;
  std::vector<experiment::ReplicationResult> runs;
  for (std::uint64_t r = 0; r < 4; ++r) {
    options.replication = r;
    runs.push_back(experiment::run_replication(config, options));
  }
  return runs;
}

void check_within(const std::vector<experiment::ReplicationResult>& runs, const char* what,
                  double target, double (*pick)(const experiment::ReplicationResult&)) {
  std::vector<double> values;
  for (const auto& r : runs)
    values.push_back(pick(r));
  const experiment::Estimate e = experiment::estimate(values);
  MESSAGE(std::string(what), ": ", e.mean, " ± ", e.half_width, " h (target ", target,
          " h ± 15 %)");
  CHECK(e.mean - e.half_width >= 0.85 * target);
  CHECK(e.mean + e.half_width <= 1.15 * target);
}

}  // namespace

TEST_CASE("Tianjin baseline reproduces the 2017 release times within 15 %") {
  const auto runs = run_baseline();
  check_within(runs, "import overall", 97.39,
               [](const experiment::ReplicationResult& r) { return r.directions[0].overall.mean; });
  check_within(runs, "import customs-only", 16.7,
               [](const experiment::ReplicationResult& r) { return r.directions[0].customs.mean; });
  check_within(runs, "export overall", 12.29,
               [](const experiment::ReplicationResult& r) { return r.directions[1].overall.mean; });
}
