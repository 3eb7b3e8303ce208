// Command-line overrides (--set KEY.PATH=VALUE): decoded by the scenario's own schema, with
// its units and checks, applied after every regime's overlays, with errors that name the
// --set they come from.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace {

using clearsim::scenario::Override;
using clearsim::scenario::parse_override_option;
using clearsim::scenario::Scenario;
using clearsim::scenario::ScenarioError;

const std::string kMinimal =
    (std::filesystem::path(CLEARSIM_SOURCE_DIR) / "tests/scenarios/minimal.yaml").string();

Scenario with(const std::vector<std::string>& sets) {
  std::vector<Override> overrides;
  for (std::size_t i = 0; i < sets.size(); ++i)
    overrides.push_back(parse_override_option(sets[i], static_cast<int>(i) + 1));
  return Scenario::load(kMinimal, overrides);
}

std::string error_of(const std::vector<std::string>& sets) {
  try {
    with(sets);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a --set changes the value in every regime, with the file's units") {
  const Scenario plain = Scenario::load(kMinimal);
  const Scenario changed =
      with({"inspection_sites[central].scanners=3", "inspection_sites[central].bays=11",
            "agencies.customs.exam={exponential: {mean: 90min}}", "horizon=20d"});
  CHECK(plain.config("baseline").sites[0].scanners == 1);
  for (const auto& regime : changed.regime_names()) {
    CAPTURE(regime);
    CHECK(changed.config(regime).sites[0].scanners == 3);
    CHECK(changed.config(regime).sites[0].bays == 11);
    CHECK(changed.config(regime).agencies[0].exam.mean() == doctest::Approx(1.5));
  }
  CHECK(changed.defaults().horizon_hours == doctest::Approx(20 * 24));
  CHECK(plain.defaults().horizon_hours == doctest::Approx(14 * 24));
}

TEST_CASE("a --set wins over a regime that sets the same key, and later --sets win") {
  const Scenario plain = Scenario::load(kMinimal);
  CHECK(plain.config("reform").rail.transit_check_share == 0);
  const Scenario changed = with({"rail.transit_check_share=0.5", "rail.transit_check_share=0.7"});
  CHECK(changed.config("reform").rail.transit_check_share == doctest::Approx(0.7));
  CHECK(changed.config("baseline").rail.transit_check_share == doctest::Approx(0.7));
}

TEST_CASE("a mapping replaces, [*] addresses every item, a key not in the file is added") {
  const Scenario changed =
      with({"inspection_sites[*].teams={customs: 9, ciq: 2}", "districts[east].gate_scanners=2",
            "districts[east].gate_scan_time=2min"});
  const auto config = changed.config("baseline");
  CHECK(config.sites[0].teams[0] == 9);
  CHECK(config.sites[0].teams[1] == 2);
  // Without ciq the new mapping has no ciq teams: it replaced the old one.
  CHECK(error_of({"inspection_sites[*].teams={customs: 9}"}).find("has no ciq teams") !=
        std::string::npos);
  CHECK(with({"inspection_sites[*].teams.customs=7"}).config("baseline").sites[0].teams[1] == 4);
  CHECK(config.districts[0].gate_scanners == 2);
}

TEST_CASE("errors name the --set, the key path as written and what was expected") {
  CHECK(error_of({"horizon=20d", "inspection_sites[central].scanners=-1"}) ==
        "<command line>:--set #2: inspection_sites[central].scanners: must be >= 0, got '-1'");
  CHECK(
      error_of({"inspection_sites[central].scan_time=3"})
          .starts_with(
              "<command line>:--set #1: inspection_sites[central].scan_time: expected a duration"));
  CHECK(error_of({"inspection_sites[centre].bays=3"}) ==
        "<command line>:--set #1: inspection_sites[centre]: no item named 'centre' (did you "
        "mean 'central'?); items: central");
  CHECK(error_of({"inspection_sites[central].bayz=3"}).find("unknown key 'bayz'") !=
        std::string::npos);
  CHECK(error_of({"scanners"}).starts_with("<command line>:--set #1: expected KEY.PATH=VALUE"));
  CHECK(error_of({"regimes.reform.combine=[]"}).find("regimes cannot be changed") !=
        std::string::npos);
  CHECK(error_of({"horizon.days=3"}).find("not a mapping") != std::string::npos);
  CHECK(error_of({"inspection_sites[central=3"}).find("KEY[NAME]") != std::string::npos);
  CHECK(error_of({"seed={a: [1"}).find("not valid YAML") != std::string::npos);
  try {
    with({"inspection_sites[central].scanners=-1"});
  } catch (const ScenarioError& e) {
    CHECK(e.set_number() == 1);
    CHECK(e.key_path() == "inspection_sites[central].scanners");
  }
}

TEST_CASE("combination() applies regimes in order, then the overrides") {
  const Scenario scenario = with({"inspection_sites[central].bays=5"});
  const auto none = scenario.combination({}, "nothing");
  CHECK(none.regime == "nothing");
  CHECK(none.inspection.policy == scenario.config("baseline").inspection.policy);
  CHECK(none.sites[0].bays == 5);
  const auto joint = scenario.combination({"joint"}, "joint");
  CHECK(joint.inspection.policy == scenario.config("joint").inspection.policy);
  CHECK(scenario.combined_regimes("reform") == std::vector<std::string>{"joint", "machine_first"});
  CHECK(scenario.regime_has_own_set("reform"));
  CHECK_FALSE(scenario.regime_has_own_set("baseline"));
  CHECK_THROWS_AS(scenario.combination({"nope"}, "x"), ScenarioError);
}
