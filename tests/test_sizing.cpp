// Capacity sizing (sim/experiment/sizing.hpp): the target parser, the traffic-equation
// bracket, and `size` against an M/M/c queue whose answer Erlang C gives analytically.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "sim/experiment/sizing.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/support/queueing_theory.hpp"

using namespace clearsim;
using namespace clearsim::experiment;
using clearsim::test::mmc_sojourn;

namespace {

const std::string kMmc = test::validation_scenario("mmc.yaml");
constexpr const char* kScanners = "inspection_sites[scanners].scanners";

// The M/M/c validation port with `scanners` scanners and boxes arriving at `rate` per hour.
SizingConfigFn mmc_port(const scenario::Scenario& base, const std::string& rate) {
  return [&base, rate](const std::vector<int>& values) {
    return scenario::Scenario::parse(
               base.text(), base.source_name(),
               {{"box_streams[arrivals].rate", rate}, {kScanners, std::to_string(values.at(0))}})
        .config("baseline");
  };
}

}  // namespace

TEST_CASE("size target: DIRECTION.METRIC<=VALUE with units, p90 short for p90_h") {
  const auto t = parse_target("import.p90<=48h");
  CHECK(t.direction == "import");
  CHECK(t.metric == "p90_h");
  CHECK(t.at_most);
  CHECK(t.bound == 48);
  CHECK(parse_target("export.mean_h<=2d").bound == 48);
  CHECK(parse_target("rail_transit.p95<=90min").bound == doctest::Approx(1.5));
  CHECK(parse_target("import.mean<=6").bound == 6);  // a bare number of hours
  const auto share = parse_target("import.within_24h_share>=0.9");
  CHECK_FALSE(share.at_most);
  CHECK(share.bound == doctest::Approx(0.9));
  // meets: the whole interval on the target's side
  CHECK(t.meets({47.0, 0.9}));
  CHECK_FALSE(t.meets({47.0, 1.1}));
  CHECK_FALSE(t.meets({std::nan(""), 0.0}));
  CHECK(share.meets({0.95, 0.04}));
  CHECK_FALSE(share.meets({0.95, 0.06}));

  const auto column_of = [](const std::string& text) {
    try {
      parse_target(text);
    } catch (const TargetError& e) {
      return e.column;
    }
    return std::size_t{0};
  };
  CHECK(column_of("import.p9<=48h") == 8);    // the metric
  CHECK(column_of("imports.p90<=48h") == 1);  // the direction
  CHECK(column_of("import.p90<48h") == 11);   // < alone is not a comparison
  CHECK(column_of("import.p90<=48x") == 15);  // the unit
  CHECK(column_of("import.p90<=") == 13);     // no value
  CHECK(column_of("import.within_24h_share>=0.9h") == 29);
  CHECK(column_of("p90<=48h") == 1);
}

TEST_CASE("size bracket: the smallest scanner count with predicted utilisation below 1") {
  const auto base = scenario::Scenario::load(kMmc);
  const std::vector<SizingVariable> scanners = {{kScanners, 1, 1, 2000}};
  // lambda / mu = 2.4 -> 3 scanners (80 %); 3.5 -> 4 (87.5 %); 4.0 -> 5, not 4 (rho = 1).
  for (const auto& [rate, expected] : std::vector<std::pair<std::string, int>>{
           {"2.4/h", 3}, {"3.5/h", 4}, {"4/h", 5}, {"0.5/h", 1}}) {
    const auto port = mmc_port(base, rate);
    const auto pools = variable_pools(scanners, port);
    REQUIRE(pools.size() == 1);
    CHECK(pools[0] == std::vector<std::string>{"scanners.scanners"});
    std::vector<double> predicted;
    const auto bracket = lower_bracket(scanners, pools, port, &predicted);
    CHECK(bracket == std::vector<int>{expected});
    CHECK(predicted[0] < 1);
  }
  // A key that moves no pool is refused, naming it.
  const std::vector<SizingVariable> nothing = {{"seed", 1, 1, 10}};
  const SizingConfigFn seed_port = [&base](const std::vector<int>& values) {
    return scenario::Scenario::parse(base.text(), base.source_name(),
                                     {{"seed", std::to_string(values.at(0))}})
        .config("baseline");
  };
  CHECK_THROWS_WITH_AS(variable_pools(nothing, seed_port), doctest::Contains("seed: changing it"),
                       std::invalid_argument);
}

TEST_CASE("size on M/M/c: returns Erlang C's smallest scanner count for a mean-time target") {
  // lambda = 2.4/h, mu = 1/h. Mean time in system: c = 3 -> 2.08 h, c = 4 -> 1.18 h,
  // c = 5 -> 1.04 h. The target 1.5 h lies far from both neighbours of the answer (about
  // 10 half-widths of a 5 x 1800 h interval), so c* is unambiguous.
  const double lambda = 2.4, mu = 1.0, bound = 1.5;
  int analytic = 3;
  while (mmc_sojourn(analytic, lambda, mu) > bound)
    ++analytic;
  REQUIRE(analytic == 4);
  REQUIRE(mmc_sojourn(analytic - 1, lambda, mu) - bound > 0.5);
  REQUIRE(bound - mmc_sojourn(analytic, lambda, mu) > 0.25);

  const auto base = scenario::Scenario::load(kMmc);
  SizingPlan plan;
  plan.variables = {{kScanners, 1, 1, 2000}};  // starts well below: the bracket lifts it
  plan.config_of = mmc_port(base, "2.4/h");
  plan.target = parse_target("import.mean<=1.5h");
  plan.options.seed = 20261202;
  plan.options.horizon = 2000;
  plan.options.warmup = 200;
  plan.options.sample_interval = 0;
  plan.replications = 5;
  plan.jobs = 2;
  const SizingResult r = size_resources(plan, {});
  CHECK(r.bracket == std::vector<int>{3});
  REQUIRE(r.met);
  CHECK(r.answer.values == std::vector<int>{analytic});
  CHECK(r.answer.meets);
  CHECK(r.binding == 0);
  REQUIRE(r.has_one_less);
  CHECK(r.one_less.values == std::vector<int>{analytic - 1});
  CHECK_FALSE(r.one_less.meets);
  // The simulated means agree with theory within their intervals (widened for 5 runs).
  CHECK(std::abs(r.answer.metric.mean - mmc_sojourn(analytic, lambda, mu)) <
        2 * r.answer.metric.half_width + 0.02);
  MESSAGE("c* = ", analytic, ": ", r.answer.metric.mean, " ± ", r.answer.metric.half_width,
          " (theory ", mmc_sojourn(analytic, lambda, mu), "); c* - 1: ", r.one_less.metric.mean,
          " ± ", r.one_less.metric.half_width, " (theory ", mmc_sojourn(analytic - 1, lambda, mu),
          ")");
  // Every candidate ran once.
  CHECK(r.trail.size() == 2);

  // A target no number of scanners reaches (the scan alone takes 1 h on average) is
  // reported as not met after the allowed candidates, never as an answer.
  plan.target = parse_target("import.mean<=0.9h");
  plan.max_candidates = 4;
  const SizingResult impossible = size_resources(plan, {});
  CHECK_FALSE(impossible.met);
  CHECK(impossible.trail.size() == 4);
  CHECK(impossible.stopped.find("--max-candidates") != std::string::npos);

  // Document officers do nothing in this port (review takes no time): on common random
  // numbers the metric does not move, and the search says so instead of growing on.
  plan.target = parse_target("import.mean<=1.5h");
  plan.max_candidates = 40;
  plan.variables = {{"agencies.customs.officers", 1, 1, 2000}};
  plan.config_of = [&base](const std::vector<int>& values) {
    return scenario::Scenario::parse(base.text(), base.source_name(),
                                     {{"agencies.customs.officers", std::to_string(values.at(0))}})
        .config("baseline");
  };
  const SizingResult idle = size_resources(plan, {});
  CHECK_FALSE(idle.met);
  CHECK(idle.trail.size() == 4);
  CHECK(idle.stopped.find("do not limit it") != std::string::npos);
  CHECK(idle.trail.back().metric.mean == idle.trail.front().metric.mean);
}

TEST_CASE("values_at: [*] names every item of the list in file order, with its value") {
  const auto tianjin =
      scenario::Scenario::load(std::string(CLEARSIM_SOURCE_DIR) + "/scenarios/tianjin.yaml");
  const auto scanners = tianjin.values_at("inspection_sites[*].scanners", "reform", 1);
  REQUIRE(scanners.size() == 5);
  CHECK(scanners[0].first == "inspection_sites[beijiang_inspection].scanners");
  CHECK(scanners[0].second == "3");
  CHECK(scanners[4].first == "inspection_sites[beitang_inspection].scanners");
  const auto teams =
      tianjin.values_at("inspection_sites[dongjiang_inspection].teams.customs", "baseline", 1);
  REQUIRE(teams.size() == 1);
  CHECK(teams[0].second == "44");
  CHECK(tianjin.values_at("agencies.customs.nothing", "baseline", 1)[0].second.empty());
  try {
    tianjin.values_at("inspection_sites[dongjiang].scanners", "baseline", 3);
    FAIL("an unknown item must be refused");
  } catch (const scenario::ScenarioError& e) {
    CHECK(e.set_number() == 3);
    CHECK(e.message().find("dongjiang_inspection") != std::string::npos);
  }
}
