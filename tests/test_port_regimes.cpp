// Each regime's process logic on tiny deterministic ports: one district, one inspection
// site an hour's move from the yard, deterministic durations, selection rates of 0 or 1.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "models/port_model.hpp"

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

// One vessel a week (Monday 10:00) discharging `boxes` import boxes at 10 moves/h.
PortConfig tiny_port(int boxes = 1) {
  PortConfig c;
  c.name = "tiny";
  c.nodes = {{"berth", NodeKind::berth, 0},
             {"yard", NodeKind::yard, 0},
             {"gate", NodeKind::gate, 0},
             {"site", NodeKind::inspection_site, 0}};
  c.edges = {{1, 3, Distribution::deterministic(1.0)}, {0, 1, Distribution::deterministic(0.0)}};
  c.districts = {{"d", 1, 0, 1, 2, 0, 0}};
  c.sites = {{"site", 3, 1, Distribution::deterministic(0.25), 4, 4, 4}};
  ServiceConfig s;
  s.name = "weekly";
  s.weekly_times = {10.0};
  s.discharge_boxes = Distribution::deterministic(boxes);
  s.load_boxes = Distribution::deterministic(0);
  s.cranes = 1;
  s.crane_rate = Distribution::deterministic(10.0);
  c.services = {s};
  for (auto& d : c.declaration) {
    d.lag = Distribution::deterministic(5.0);
    d.advance_lead = Distribution::deterministic(24.0);
  }
  c.documents.customs_review = Distribution::deterministic(2.0);
  c.documents.ciq_review = Distribution::deterministic(3.0);
  c.documents.single_window_review = Distribution::deterministic(1.0);
  c.documents.risk_assessment = Distribution::deterministic(0.5);
  c.documents.customs_officers = c.documents.ciq_officers = 10;
  c.inspection.customs_exam = Distribution::deterministic(3.0);
  c.inspection.ciq_exam = Distribution::deterministic(4.0);
  c.release.delay = Distribution::deterministic(1.0);
  c.release.pickup = Distribution::deterministic(12.0);
  c.selection.customs_rate = {0, 0, 0, 0};
  c.selection.ciq_rate = {0, 0, 0, 0, 0};
  return c;
}

std::vector<ContainerRecord> run(const PortConfig& c, Time horizon = 100.0) {
  Collect collect;
  RunOptions options;
  options.horizon = horizon;
  options.sample_interval = 0;
  PortModel model(c, options, collect);
  model.run();
  return collect.boxes;
}

}  // namespace

TEST_CASE("baseline: an unselected box is declared after arrival and released after review") {
  const auto boxes = run(tiny_port());
  REQUIRE(boxes.size() == 1);
  const ContainerRecord& b = boxes[0];
  CHECK(b.arrival == 10.0);
  CHECK(b.discharge == doctest::Approx(10.1));
  CHECK(b.declared == 15.0);       // arrival + 5 h lag
  CHECK(b.accepted == 17.0);       // + 2 h customs review (general cargo: no CIQ)
  CHECK(b.risk_assigned == 17.5);  // + 0.5 h risk assessment
  CHECK(b.channel == Channel::green);
  CHECK(b.released == 18.5);  // + 1 h release
  CHECK(b.departed == 30.5);  // + 12 h pick-up
  CHECK(b.overall_time() == doctest::Approx(8.5));
  CHECK(b.customs_time() == doctest::Approx(3.5));
}

TEST_CASE("advance declaration: an unselected box is released at discharge") {
  PortConfig c = tiny_port();
  c.declaration[0].advance_share = 1.0;
  c.release.delay = Distribution::deterministic(0.0);
  const auto boxes = run(c);
  REQUIRE(boxes.size() == 1);
  CHECK(boxes[0].declared == 0.0);  // 24 h before the 10:00 arrival, clipped to the start
  CHECK(boxes[0].risk_assigned < boxes[0].arrival);
  CHECK(boxes[0].released == doctest::Approx(10.1));  // the moment it is discharged
  CHECK((boxes[0].checks & kAdvanceDeclared) != 0);
}

TEST_CASE("sequential exams take two moves, two queues and both exams") {
  PortConfig c = tiny_port();
  c.selection.customs_rate = {1, 1, 1, 1};
  c.selection.ciq_rate = {1, 1, 1, 1, 1};
  c.nodes.push_back({"ciq_site", NodeKind::inspection_site, 0});
  c.edges.push_back({3, 4, Distribution::deterministic(2.0)});
  c.sites.push_back({"ciq_site", 4, 0, Distribution::deterministic(0.0), 1, 1, 1});
  c.districts[0].ciq_site = 1;
  const auto boxes = run(c);
  REQUIRE(boxes.size() == 1);
  const ContainerRecord& b = boxes[0];
  // Declared 15; customs review 2 + CIQ review 3 -> accepted 20; risk 20.5.
  CHECK(b.risk_assigned == 20.5);
  CHECK(b.channel == Channel::red);
  CHECK(b.customs_queue == 21.5);  // 1 h move to the customs site
  CHECK(b.customs_end == 24.5);    // 3 h customs exam
  CHECK(b.ciq_move == 25.5);       // after the customs release (1 h)
  CHECK(b.ciq_queue == 27.5);      // 2 h move on to the CIQ site
  CHECK(b.ciq_end == 31.5);        // 4 h CIQ exam
  CHECK(b.released == 32.5);       // CIQ release
  CHECK((b.checks & kJointExam) == 0);
}

TEST_CASE("joint inspection takes one move and the longer of the two exams") {
  PortConfig c = tiny_port();
  c.selection.customs_rate = {1, 1, 1, 1};
  c.selection.ciq_rate = {1, 1, 1, 1, 1};
  c.inspection.joint = true;
  const auto boxes = run(c);
  REQUIRE(boxes.size() == 1);
  const ContainerRecord& b = boxes[0];
  CHECK(b.customs_queue == 21.5);  // one move
  CHECK(b.customs_start == b.ciq_start);
  CHECK(b.customs_end == 25.5);  // max(3, 4) h
  CHECK(b.released == 26.5);     // one release
  CHECK((b.checks & kJointExam) != 0);
}

TEST_CASE("machine-first: a box whose scan is clean is never opened") {
  PortConfig c = tiny_port(50);
  c.selection.customs_rate = {1, 1, 1, 1};
  c.inspection.machine_first = true;
  c.selection.scan_suspicious = 0.2;
  const auto boxes = run(c);
  REQUIRE(boxes.size() == 50);
  int opened = 0;
  for (const auto& b : boxes) {
    CHECK((b.checks & kScanned) != 0);
    CHECK(b.scan_end - b.scan_start == doctest::Approx(0.25));
    if (b.checks & kCustomsExam) {
      ++opened;
      CHECK(b.customs_start >= b.scan_end);
    } else {
      CHECK(std::isnan(b.customs_start));
    }
  }
  CHECK(opened > 0);
  CHECK(opened < 50);
}

TEST_CASE("green channel: advanced-certified boxes overtake others in the queue") {
  PortConfig c = tiny_port(60);
  c.credit_mix = {0.5, 0, 0.5, 0};
  c.selection.customs_rate = {1, 1, 1, 1};
  c.sites[0].bays = 1;
  c.sites[0].customs_teams = 1;
  c.declaration[0].lag = Distribution::deterministic(0.0);
  auto mean_wait = [](const std::vector<ContainerRecord>& boxes, CreditClass credit) {
    double sum = 0;
    int n = 0;
    for (const auto& b : boxes)
      if (b.credit == credit) sum += b.customs_start - b.customs_queue, ++n;
    return sum / n;
  };
  const auto fifo = run(c, 200.0);
  c.inspection.green_channel = true;
  const auto green = run(c, 200.0);
  CHECK(mean_wait(green, CreditClass::advanced_certified) <
        mean_wait(fifo, CreditClass::advanced_certified));
  CHECK(mean_wait(green, CreditClass::ordinary) > mean_wait(fifo, CreditClass::ordinary));
}

TEST_CASE("the same box has the same attributes and draws under every regime") {
  PortConfig c = tiny_port(20);
  c.credit_mix = {0.25, 0.25, 0.25, 0.25};
  c.cargo_mix = {0.2, 0.2, 0.2, 0.2, 0.2};
  const auto base = run(c);
  c.inspection.joint = true;
  c.inspection.machine_first = true;
  c.documents.single_window = true;
  const auto reform = run(c);
  REQUIRE(base.size() == reform.size());
  for (std::size_t i = 0; i < base.size(); ++i) {
    CHECK(base[i].id == reform[i].id);
    CHECK(base[i].credit == reform[i].credit);
    CHECK(base[i].cargo == reform[i].cargo);
    CHECK(base[i].declared == reform[i].declared);
  }
}
