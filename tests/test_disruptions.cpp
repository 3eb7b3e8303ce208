// Disruptions (plan art. 25): the recovery measure on hand-made bins, then the examples in
// scenarios/disruptions/ on common random numbers: a fog closure of a terminal's berths
// delays its imports and the port recovers some hours after it; a scanner outage takes
// the scanners to zero over its window and back; a surge brings more boxes.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "models/disruptions.hpp"
#include "sim/experiment/replication.hpp"
#include "sim/scenario/scenario.hpp"

using namespace clearsim;
using namespace clearsim::model;

namespace {

const scenario::Scenario& two_terminals() {
  static const scenario::Scenario s = scenario::Scenario::load(
      std::string(CLEARSIM_SOURCE_DIR) + "/scenarios/disruptions/two_terminals.yaml");
  return s;
}

RunOptions options() {
  RunOptions o;
  o.seed = two_terminals().defaults().seed;
  o.horizon = two_terminals().defaults().horizon_hours;
  o.warmup = two_terminals().defaults().warmup_hours;
  o.sample_interval = 0;
  return o;
}

}  // namespace

TEST_CASE("recovery: hours after the disruption until the p90 is back to its level before") {
  DisruptionConfig fog;
  fog.kind = DisruptionKind::berth_closure;
  fog.start = 24;
  fog.end = 30;
  // Fog from 24 h to 30 h. 6 h bins, judged four at a time (24 h): 10 h before (bins 0-3),
  // 40 h for boxes arriving in the fog and just after it (bins 4-6), then 10 h. Windows
  // start at the fog's end (bin 5, 30 h); from bin 6 (36 h) one still holds a 40 h bin;
  // from bin 7 (42 h) it is all 10 h: back 18 h after the fog set in.
  std::vector<sim::QuantileSketch> bins(12);
  const double level[] = {10, 10, 10, 10, 40, 40, 40, 10, 10, 10, 10, 10};
  for (std::size_t i = 0; i < bins.size(); ++i)
    for (int k = 0; k < 100; ++k)
      bins[i].add(level[i]);
  CHECK(recovery_time({fog}, bins, 0) == doctest::Approx(42 - 24));
  CHECK(std::isnan(recovery_time({}, bins, 0)));
  // Within 5 % counts as back (10.4 h from bin 7 on); 12 h does not.
  for (std::size_t i = 7; i < bins.size(); ++i) {
    bins[i] = sim::QuantileSketch();
    for (int k = 0; k < 100; ++k)
      bins[i].add(i == 7 ? 12.0 : 10.4);
  }
  CHECK(recovery_time({fog}, bins, 0) == doctest::Approx(48 - 24));
}

TEST_CASE("fog closes a terminal's berths: imports wait, the port shows a recovery time") {
  const auto calm = experiment::run_replication(two_terminals().config("baseline"), options());
  const auto fog = experiment::run_replication(two_terminals().config("fog"), options());
  CHECK(std::isnan(calm.directions[0].recovery_hours));
  const double recovery = fog.directions[0].recovery_hours;
  MESSAGE("fog: import recovery ", recovery, " h; import p90 ", calm.directions[0].overall.p90,
          " -> ", fog.directions[0].overall.p90, " h");
  REQUIRE(std::isfinite(recovery));
  CHECK(recovery >= 36);  // at least the fog's length
  CHECK(recovery < 7 * 24);
  CHECK(fog.directions[0].overall.mean > calm.directions[0].overall.mean);
}

TEST_CASE("a scanner outage takes the scanners to zero over its window, then gives them back") {
  struct Samples : Recorder {
    std::vector<ResourceSample> samples;
    void container(const ContainerRecord&) override {}
    void vessel(const VesselRecord&) override {}
    void resource_sample(const ResourceSample& s) override { samples.push_back(s); }
  } samples;
  const PortConfig config = two_terminals().config("scanner_outage");
  RunOptions o = options();
  o.sample_interval = 6;
  PortModel model(config, o, samples);
  model.run();
  const int scanners = model.plan().scanners[0];
  int during = 0, after = 0;
  for (const auto& s : samples.samples) {
    if (s.resource != static_cast<std::uint32_t>(scanners)) continue;
    if (s.time > 240 && s.time < 264) during += s.capacity == 0;
    if (s.time > 264 && s.time < 300) after += s.capacity == 1;
  }
  CHECK(during == 3);  // the samples at 246, 252 and 258 h
  CHECK(after == 5);   // 270 ... 294 h
  const auto result = experiment::run_replication(config, options());
  CHECK(std::isfinite(result.directions[0].recovery_hours));
}

TEST_CASE("a surge brings more boxes, and release times stretch") {
  const auto calm = experiment::run_replication(two_terminals().config("baseline"), options());
  const auto rush =
      experiment::run_replication(two_terminals().config("spring_festival"), options());
  const double more = static_cast<double>(rush.directions[0].cleared) / calm.directions[0].cleared;
  MESSAGE("surge: ", more, " times the imports; recovery ", rush.directions[0].recovery_hours,
          " h");
  CHECK(more > 1.05);
  CHECK(more < 1.4 * 5.0 / 21 + 1.05);  // five of the 21 counted days at 1.4 times
}
