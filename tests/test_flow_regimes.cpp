// The flow regimes of the Tianjin scenario against the baseline on common random numbers
// (issue 10): terminal_arrival, sea_rail, regional_clearance. For each, the paired
// difference over replications of the figure the measure targets must lie below zero,
// its whole 95 % interval. Long runs: labelled `statistical` (tests/CMakeLists.txt); the
// mechanisms themselves are checked to the minute in tests/test_flows.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <string>
#include <vector>

#include "models/stages.hpp"
#include "sim/experiment/replication.hpp"
#include "sim/kernel/accumulators.hpp"
#include "sim/kernel/statistics.hpp"
#include "sim/scenario/scenario.hpp"

using namespace clearsim;
using namespace clearsim::model;

namespace {

const scenario::Scenario& tianjin() {
  static const auto s =
      scenario::Scenario::load(std::string(CLEARSIM_SOURCE_DIR) + "/scenarios/tianjin.yaml");
  return s;
}

constexpr Time kHorizon = 9 * 24.0;
constexpr Time kWarmup = 3 * 24.0;
constexpr std::uint64_t kReplications = 5;

// Per replication: the summary, and the mean time from arrival to train departure of the
// rail boxes it counts (arrived in [warm-up, horizon)).
struct Measured {
  std::vector<experiment::ReplicationResult> results;
  std::vector<double> rail_to_train;
};

struct RailToTrain : Recorder {
  sim::Tally hours;
  void container(const ContainerRecord& r) override {
    if (r.arrival < kWarmup || !(r.arrival < kHorizon)) return;
    if (r.direction == Direction::rail_transit && !std::isnan(r.departed))
      hours.add(r.departed - r.arrival);
  }
  void vessel(const VesselRecord&) override {}
};

Measured measure(const PortConfig& config) {
  Measured m;
  for (std::uint64_t r = 0; r < kReplications; ++r) {
    RunOptions options;
    options.seed = tianjin().defaults().seed;
    options.replication = r;
    options.horizon = kHorizon;
    options.warmup = kWarmup;
    options.sample_interval = 0;
    RailToTrain rail;
    m.results.push_back(experiment::run_replication(config, options, &rail));
    m.rail_to_train.push_back(rail.hours.mean());
  }
  return m;
}

Measured measure(const std::string& regime) {
  return measure(tianjin().config(regime));
}

std::vector<double> pick(const Measured& m,
                         const std::function<double(const experiment::ReplicationResult&)>& f) {
  std::vector<double> out;
  for (const auto& r : m.results)
    out.push_back(f(r));
  return out;
}

// The paired difference b - a over replications: its 95 % interval lies below zero.
void check_lower(const std::vector<double>& a, const std::vector<double>& b, const char* what) {
  const sim::ConfidenceInterval ci = sim::paired_difference_interval(a, b, 0.95);
  MESSAGE(std::string(what), ": ", ci.mean, " ± ", ci.half_width, " (baseline ",
          std::accumulate(a.begin(), a.end(), 0.0) / static_cast<double>(a.size()), ")");
  CHECK(ci.mean + ci.half_width < 0);
}

const Measured& baseline() {
  static const Measured m = measure("baseline");
  return m;
}

constexpr auto kExport = static_cast<std::size_t>(Direction::export_box);
constexpr auto kRail = static_cast<std::size_t>(Direction::rail_transit);

}  // namespace

TEST_CASE("terminal_arrival lowers the export overall time and the missed-vessel share") {
  const Measured reform = measure("terminal_arrival");
  check_lower(pick(baseline(), [](auto& r) { return r.directions[kExport].overall.mean; }),
              pick(reform, [](auto& r) { return r.directions[kExport].overall.mean; }),
              "export overall time, h");
  check_lower(
      pick(baseline(), [](auto& r) { return r.directions[kExport].missed_departure_share; }),
      pick(reform, [](auto& r) { return r.directions[kExport].missed_departure_share; }),
      "missed-vessel share");
}

TEST_CASE("sea_rail lowers arrival -> train departure and the missed-train share") {
  const Measured reform = measure("sea_rail");
  check_lower(baseline().rail_to_train, reform.rail_to_train, "rail arrival -> train, h");
  check_lower(pick(baseline(), [](auto& r) { return r.directions[kRail].missed_departure_share; }),
              pick(reform, [](auto& r) { return r.directions[kRail].missed_departure_share; }),
              "missed-train share");
  // The release itself is not what changes: the rail overall time is the same box by box.
  for (std::size_t r = 0; r < kReplications; ++r)
    CHECK(reform.results[r].directions[kRail].overall.mean ==
          doctest::Approx(baseline().results[r].directions[kRail].overall.mean));
}

TEST_CASE("regional_clearance lowers the import overall time and the time to leave the port") {
  const Measured reform = measure("regional_clearance");
  constexpr auto kImport = static_cast<std::size_t>(Direction::import_box);
  const std::size_t departure = stage_index("departure");
  check_lower(pick(baseline(), [](auto& r) { return r.directions[kImport].overall.mean; }),
              pick(reform, [](auto& r) { return r.directions[kImport].overall.mean; }),
              "import overall time, h");
  check_lower(pick(baseline(), [&](auto& r) { return r.directions[kImport].stages[departure]; }),
              pick(reform, [&](auto& r) { return r.directions[kImport].stages[departure]; }),
              "import release -> gate-out, h");
}

TEST_CASE("fewer rail-yard cranes raise arrival -> train departure and the missed-train share") {
  PortConfig config = tianjin().config("baseline");
  REQUIRE(config.rail.cranes == 3);
  config.rail.cranes = 2;  // ~85 % busy instead of ~57 % (clearsim validate)
  const Measured fewer = measure(config);
  check_lower(fewer.rail_to_train, baseline().rail_to_train, "rail arrival -> train, h");
  check_lower(pick(fewer, [](auto& r) { return r.directions[kRail].missed_departure_share; }),
              pick(baseline(), [](auto& r) { return r.directions[kRail].missed_departure_share; }),
              "missed-train share");
}

TEST_CASE("regional_clearance's inland examinations: fewer inland teams, later inland releases") {
  PortConfig config = tianjin().config("regional_clearance");
  const Measured full = measure(config);
  for (auto& node : config.regional.nodes)
    node.teams = std::max(1, node.teams / 2);
  const Measured fewer = measure(config);
  // Only the boxes examined inland are slowed: the import overall time rises.
  constexpr auto kImport = static_cast<std::size_t>(Direction::import_box);
  check_lower(pick(fewer, [](auto& r) { return r.directions[kImport].overall.mean; }),
              pick(full, [](auto& r) { return r.directions[kImport].overall.mean; }),
              "import overall time, full inland teams - half, h");
}
