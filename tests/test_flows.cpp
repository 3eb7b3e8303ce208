// The flows before the arrival and after the release (issue 10), each mechanism on a small
// deterministic port, to the minute: exports from off-dock yards through the terminal gate
// onto their vessel (terminal_arrival, task 15), rail boxes to the train (sea_rail, tasks
// 31-33), inland consignees (regional_clearance, tasks 9-10, 13). Their regimes in the
// Tianjin scenario: tests/test_flow_regimes.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <vector>

#include "models/port_model.hpp"
#include "models/stages.hpp"

using namespace clearsim;
using namespace clearsim::model;
using sim::Distribution;

namespace {

struct Collect : Recorder {
  std::vector<ContainerRecord> boxes;
  std::vector<VesselRecord> vessels;
  void container(const ContainerRecord& r) override { boxes.push_back(r); }
  void vessel(const VesselRecord& v) override { vessels.push_back(v); }
};

Distribution fixed(double hours) {
  return Distribution::deterministic(hours);
}

// One district, one agency that selects nobody, reviews in 1 h with a 0.5 h risk engine,
// releases in 0.25 h; one service calling every Monday at 10:00 (weekly) with one import
// and `exports` export boxes, 10 moves/h. Exports are ready 72 to 12 h before the vessel;
// imports wait 2 h for the manifest; preparation 1 h, nothing else. The run's horizon (250
// h) lets only the second Monday's boxes take part.
PortConfig small_port(int exports) {
  PortConfig c;
  c.name = "small";
  c.nodes = {{"berth", NodeKind::berth, 0},
             {"yard", NodeKind::yard, 0},
             {"gate", NodeKind::gate, 0},
             {"site", NodeKind::inspection_site, 0},
             {"rail", NodeKind::rail_yard, -1}};
  c.edges = {{0, 1, fixed(0.0)}, {1, 2, fixed(0.0)}, {1, 3, fixed(1.0)}, {1, 4, fixed(2.0)}};
  AgencyConfig customs;
  customs.name = "customs";
  customs.officers = 100;
  customs.review = fixed(1.0);
  customs.risk_assessment = fixed(0.5);
  customs.credit_factor = {0, 0, 0, 0};
  customs.exam = fixed(3.0);
  c.agencies = {customs};
  DistrictConfig d;
  d.name = "d";
  d.berth_node = 0;
  d.yard_node = 1;
  d.gate_node = 2;
  d.exam_site = {0};
  c.districts = {d};
  InspectionSiteConfig site;
  site.name = "site";
  site.node = 3;
  site.teams = {1};
  c.sites = {site};
  ServiceConfig s;
  s.name = "weekly";
  s.weekly_times = {10.0 + 168.0};  // the second Monday: exports are ready within the run
  s.discharge_boxes = fixed(1);
  s.load_boxes = fixed(exports);
  s.crane_rate = fixed(10.0);
  c.services = {s};
  for (auto& decl : c.declaration) {
    decl.advance_lead = fixed(24.0);
    decl.manifest = fixed(0.0);
    decl.delivery_order = fixed(0.0);
    decl.permits.fill(fixed(0.0));
    decl.preparation = fixed(1.0);
    decl.deferral = fixed(0.0);
    decl.duty_payment = fixed(0.0);
  }
  c.declaration[0].manifest = fixed(2.0);  // imports and rail transit wait for the manifest
  c.declaration[2].manifest = fixed(2.0);
  c.release.delay = fixed(0.25);
  c.rail.node = 4;
  return c;
}

std::vector<ContainerRecord> run(const PortConfig& c, Time horizon) {
  Collect collect;
  RunOptions options;
  options.horizon = horizon;
  options.sample_interval = 0;
  PortModel model(c, options, collect);
  model.run();
  return collect.boxes;
}

std::vector<ContainerRecord> of_direction(const std::vector<ContainerRecord>& boxes, Direction d) {
  std::vector<ContainerRecord> out;
  for (const auto& b : boxes)
    if (b.direction == d) out.push_back(b);
  return out;
}

PortConfig with_terminal(PortConfig c) {
  c.export_terminal.modelled = true;
  c.export_terminal.haul = fixed(1.0);
  c.export_terminal.gate_lanes = 1;
  c.export_terminal.gate_time = fixed(0.5);
  c.export_terminal.arrival_report = fixed(3.0);
  return c;
}

}  // namespace

TEST_CASE("export terminal: hauled, gated in, accepted after the arrival report") {
  const auto boxes = of_direction(run(with_terminal(small_port(1)), 250), Direction::export_box);
  REQUIRE(boxes.size() == 1);
  const ContainerRecord& b = boxes[0];
  CHECK(b.arrival == doctest::Approx(b.ready + 1.5));  // 1 h haul + 0.5 h at the gate
  CHECK(b.arrival_reported == doctest::Approx(b.arrival + 3.0));
  CHECK(b.declared == doctest::Approx(b.arrival + 1.0));  // prepared after gate-in
  // Accepted at the report (3 h after gate-in, not at the declaration 1 h after): review
  // 1 h, risk 0.5 h, release 0.25 h.
  CHECK(b.released == doctest::Approx(b.arrival_reported + 1.75));
  const auto hours = stage_durations(b);
  CHECK(hours[stage_index("arrival_report")] == doctest::Approx(2.0));
  CHECK(std::accumulate(hours.begin(), hours.begin() + kOverallStages, 0.0) ==
        doctest::Approx(b.overall_time()));
}

TEST_CASE("terminal arrival: declared off-dock, released on arrival at the gate") {
  PortConfig c = with_terminal(small_port(1));
  c.export_terminal.clear_at_gate = true;
  const auto boxes = of_direction(run(c, 250), Direction::export_box);
  REQUIRE(boxes.size() == 1);
  const ContainerRecord& b = boxes[0];
  CHECK(b.declared == doctest::Approx(b.ready + 1.0));  // prepared while the truck drives
  CHECK(b.arrival == doctest::Approx(b.ready + 1.5));
  CHECK(b.arrival_reported == b.arrival);
  // Reviewed and risk-assessed by ready + 2.5, after the 1.5 h gate-in: release 0.25 h later.
  CHECK(b.released == doctest::Approx(b.ready + 2.75));
}

TEST_CASE("export gate lanes: trucks queue for a lane") {
  PortConfig c = with_terminal(small_port(40));
  c.export_terminal.gate_time = fixed(2.0);  // 40 trucks in 60 h, 2 h each, one lane: queues
  const auto boxes = of_direction(run(c, 250), Direction::export_box);
  REQUIRE(boxes.size() == 40);
  int waited = 0;
  for (const auto& b : boxes) {
    CHECK(b.arrival >= b.ready + 3.0 - 1e-9);
    if (b.arrival > b.ready + 3.0 + 1e-9) ++waited;
  }
  CHECK(waited > 0);
}

TEST_CASE("a missed export is re-booked onto the next call of its service") {
  PortConfig c = with_terminal(small_port(1));
  c.services[0].weekly_times = {10.0 + 168.0, 100.0 + 168.0};  // Monday 10:00, Friday 04:00
  c.declaration[1].preparation = fixed(80.0);  // released long after its vessel's loading
  const auto boxes = of_direction(run(c, 300), Direction::export_box);
  REQUIRE(!boxes.empty());
  const ContainerRecord& b = *std::min_element(  // the Monday call's (the lowest id)
      boxes.begin(), boxes.end(), [](const auto& x, const auto& y) { return x.id < y.id; });
  CHECK((b.checks & kMissedVessel) != 0);
  CHECK((b.checks & kRebooked) != 0);
  // Friday's call berths at 268 h: one import and one export at 10 moves/h, then the
  // re-booked box, one move more: it leaves with the vessel at 268.3 h.
  CHECK(b.departed == doctest::Approx(268.0 + 0.3));
  CHECK(b.departed > b.released);
}

TEST_CASE("a re-booked export lengthens its new call's stay at the berth") {
  PortConfig c = with_terminal(small_port(1));
  c.services[0].weekly_times = {10.0 + 168.0, 100.0 + 168.0};
  auto friday = [&] {
    Collect collect;
    RunOptions options;
    options.horizon = 300;
    options.sample_interval = 0;
    PortModel model(c, options, collect);
    model.run();
    for (const auto& v : collect.vessels)
      if (v.arrival == 268.0) return v;
    FAIL("no Friday call");
    return VesselRecord{};
  };
  const VesselRecord on_time = friday();
  CHECK(on_time.rebooked == 0);
  CHECK(on_time.departed - on_time.berthed == doctest::Approx(0.2));  // its own two moves
  c.declaration[1].preparation = fixed(80.0);  // Monday's export misses its vessel
  const VesselRecord late = friday();
  CHECK(late.rebooked == 1);
  CHECK(late.departed - late.berthed == doctest::Approx(0.3));  // and the re-booked box
}

TEST_CASE("rail: checks at the rail end, booked train, missed train") {
  PortConfig c = small_port(0);
  c.services[0].rail_share = 1;
  RailDestinationConfig europe;
  europe.name = "manzhouli";
  europe.share = 1;
  europe.weekly_times = {30.0, 102.0};  // Tuesday 06:00 and Friday 06:00
  europe.capacity = 10;
  c.rail.destinations = {europe};
  c.rail.booking_lead = 0;  // booked on the first train after the vessel: Tuesday 06:00
  c.rail.rail_declaration = fixed(8.0);
  c.rail.seal_checkers = 1;
  c.rail.seal_check = fixed(0.5);
  const auto slow = of_direction(run(c, 250), Direction::rail_transit);
  REQUIRE(slow.size() == 1);
  const ContainerRecord& b = slow[0];
  // Arrival 178 (Monday 10:00 of week 2): manifest 180, prepared and declared 181, review
  // and risk 182.5, released 182.75; 2 h to the rail yard, 8 h rail declaration, 0.5 h
  // seal check.
  CHECK(b.released == doctest::Approx(182.75));
  CHECK(b.rail_yard == doctest::Approx(b.released + 2.0));
  CHECK(b.rail_checked == doctest::Approx(b.rail_yard + 8.5));
  c.rail.one_declaration = true;  // one declaration, one inspection: only the seal check
  const auto fast = of_direction(run(c, 250), Direction::rail_transit);
  REQUIRE(fast.size() == 1);
  CHECK(fast[0].released == b.released);
  CHECK(fast[0].rail_checked == doctest::Approx(fast[0].rail_yard + 0.5));
  // Checked at 185.25 (one declaration) or 193.25 (two): the Tuesday 06:00 train of week 2
  // (198, the one it was booked on) takes either; close the yard 5 h before departure and
  // only the one-declaration box makes it.
  c.rail.closing = 5.0;
  const ContainerRecord made = of_direction(run(c, 250), Direction::rail_transit)[0];
  c.rail.one_declaration = false;
  const ContainerRecord missed = of_direction(run(c, 250), Direction::rail_transit)[0];
  CHECK(made.departed == doctest::Approx(198.0));
  CHECK((made.checks & kMissedTrain) == 0);
  CHECK(missed.departed == doctest::Approx(270.0));  // Friday 06:00
  CHECK((missed.checks & kMissedTrain) != 0);
  const auto hours = stage_durations(missed);
  CHECK(hours[stage_index("to_rail_yard")] == doctest::Approx(2.0));
  CHECK(hours[stage_index("rail_checks")] == doctest::Approx(8.5));
  CHECK(std::accumulate(hours.begin() + kOverallStages, hours.end(), 0.0) ==
        doctest::Approx(missed.departed - missed.released));
}

TEST_CASE("rail: a full train sends the rest to the next") {
  PortConfig c = small_port(0);
  c.services[0].discharge_boxes = fixed(30);
  c.services[0].rail_share = 1;
  RailDestinationConfig domestic;
  domestic.name = "domestic";
  domestic.share = 1;
  domestic.weekly_times = {30.0, 54.0, 78.0};
  domestic.capacity = 12;
  c.rail.destinations = {domestic};
  const auto boxes = of_direction(run(c, 250), Direction::rail_transit);
  REQUIRE(boxes.size() == 30);
  std::map<double, int> per_train;
  for (const auto& b : boxes)
    ++per_train[b.departed];
  for (const auto& [train, count] : per_train)
    CHECK(count <= 12);
  CHECK(per_train.size() >= 3);
}

TEST_CASE("rail: boxes wait for a rail-yard crane, and the last of a queue misses its train") {
  PortConfig c = small_port(0);
  c.services[0].discharge_boxes = fixed(30);
  c.services[0].rail_share = 1;
  RailDestinationConfig domestic;
  domestic.name = "domestic";
  domestic.share = 1;
  domestic.weekly_times = {30.0, 102.0};  // Tuesday and Friday 06:00
  domestic.capacity = 100;
  c.rail.destinations = {domestic};
  c.rail.lift = fixed(1.0);
  // All 30 released together at 182.75 (the crane queue aside, as in the test above) and
  // at the rail yard 2 h later; booked on Tuesday's train of week 2 (198 h).
  auto missed = [](const std::vector<ContainerRecord>& boxes) {
    return std::count_if(boxes.begin(), boxes.end(),
                         [](const auto& b) { return (b.checks & kMissedTrain) != 0; });
  };
  c.rail.cranes = 30;  // every box lifted at once, at 185.75: all make the 198 h train
  const auto ample = of_direction(run(c, 250), Direction::rail_transit);
  REQUIRE(ample.size() == 30);
  CHECK(missed(ample) == 0);
  for (const auto& b : ample)
    CHECK(b.rail_checked == doctest::Approx(b.rail_yard + 1.0));
  c.rail.cranes = 1;  // one lift an hour from 184.75: 13 are lifted by 198 h, 17 miss it
  const auto scarce = of_direction(run(c, 250), Direction::rail_transit);
  REQUIRE(scarce.size() == 30);
  CHECK(missed(scarce) == 17);
  for (const auto& b : scarce) {
    CHECK(b.rail_checked >= b.rail_yard + 1.0 - 1e-9);
    CHECK(b.departed == doctest::Approx(b.rail_checked <= 198.0 + 1e-9 ? 198.0 : 270.0));
  }
}

TEST_CASE("regional: the inland consignee's documents go to a port broker, unless integrated") {
  PortConfig c = small_port(0);
  c.release.pickup = fixed(48.0);
  c.regional.nodes = {{"beijing", 1.0, fixed(6.0)}};
  c.regional.remote_filing = fixed(10.0);
  const ContainerRecord port = of_direction(run(c, 250), Direction::import_box)[0];
  c.regional.integrated = true;
  c.regional.under_seal_share = 1;
  const ContainerRecord inland = of_direction(run(c, 250), Direction::import_box)[0];
  CHECK(port.prepared == doctest::Approx(port.manifest + 10.0 + 1.0));
  CHECK(inland.prepared == doctest::Approx(inland.manifest + 1.0));
  CHECK(port.released - inland.released == doctest::Approx(10.0));
  CHECK((inland.checks & kInland) != 0);
  CHECK(port.departed == doctest::Approx(port.released + 48.0));     // waits for pick-up
  CHECK(inland.departed == doctest::Approx(inland.released + 6.0));  // leaves on the shuttle
}

TEST_CASE("regional: a selected box moved under seal is examined at its inland node") {
  PortConfig c = small_port(0);
  c.agencies[0].credit_factor = {1, 1, 1, 1};  // every box selected
  c.districts[0].exam_site = {0};
  c.regional.nodes = {{"beijing", 1.0, fixed(6.0), 1, 1}};
  c.regional.integrated = true;
  c.regional.under_seal_share = 1;
  c.services[0].discharge_boxes = fixed(2);
  // Arrival 178, manifest 180, declared 181, review and risk 182.5 (both boxes discharged
  // by then); 6 h to Beijing under seal, 3 h exam there one box after the other (one bay,
  // one team), the release 0.25 h: 191.75 and 194.75. No move to the port's site.
  const auto boxes = of_direction(run(c, 250), Direction::import_box);
  REQUIRE(boxes.size() == 2);
  std::vector<double> released;
  for (const auto& b : boxes) {
    CHECK((b.checks & kOpened) != 0);
    CHECK(b.moves == 0);
    CHECK(b.departed == b.released);  // released where it is: at the node
    released.push_back(b.released);
  }
  std::sort(released.begin(), released.end());
  CHECK(released[0] == doctest::Approx(191.75));
  CHECK(released[1] == doctest::Approx(194.75));
  // Not under seal: examined at the port's site (1 h move each way, its one team).
  c.regional.under_seal_share = 0;
  for (const auto& b : of_direction(run(c, 250), Direction::import_box))
    CHECK(b.moves == 2);
  // Without inland teams the routing says what is missing.
  c.regional.under_seal_share = 1;
  c.regional.nodes[0].teams = 0;
  const auto missing = missing_pools(c);
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].kind == MissingPool::Kind::inland_inspection);
}
