// Each measure's mechanism on tiny deterministic ports: one district, one inspection site
// an hour's move from the yard, every duration fixed, selection probabilities of 0 or 1,
// so each stage's timestamp is checked to the minute.
#include <doctest/doctest.h>

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
  std::vector<ExamRecord> exams;
  void container(const ContainerRecord& r) override { boxes.push_back(r); }
  void exam(const ExamRecord& e) override { exams.push_back(e); }
  void vessel(const VesselRecord&) override {}
};

Distribution fixed(double hours) {
  return Distribution::deterministic(hours);
}

AgencyConfig agency(std::string name, double review, double exam, bool scannable) {
  AgencyConfig a;
  a.name = std::move(name);
  a.officers = 10;
  a.review = fixed(review);
  a.risk_assessment = fixed(0.5);
  a.credit_factor = {0, 0, 0, 0};  // nobody selected unless a test says so
  a.exam = fixed(exam);
  a.scannable = scannable;
  return a;
}

// One vessel a week (Monday 10:00) discharging `boxes` general-cargo import boxes at 10
// moves/h. Customs reviews in 2 h, examines in 3 h; CIQ regulates food only (review 3 h,
// exam 4 h). Declaring needs the manifest (2 h), then the D/O (3 h); permits take 1 h for
// general cargo and 8 h for food; preparation 1 h. Duties 4 h, each release 1 h.
PortConfig tiny_port(int boxes = 1) {
  PortConfig c;
  c.name = "tiny";
  c.nodes = {{"berth", NodeKind::berth, 0},
             {"yard", NodeKind::yard, 0},
             {"gate", NodeKind::gate, 0},
             {"site", NodeKind::inspection_site, 0}};
  c.edges = {{1, 3, fixed(1.0)}, {0, 1, fixed(0.0)}, {1, 2, fixed(0.0)}};
  c.agencies = {agency("customs", 2.0, 3.0, true), agency("ciq", 3.0, 4.0, false)};
  c.agencies[1].regulates = {false, false, false, true, false};
  DistrictConfig d;
  d.name = "d";
  d.berths = 1;
  d.berth_node = 0;
  d.yard_node = 1;
  d.gate_node = 2;
  d.exam_site = {0, 0};
  d.gate_scan_time = fixed(0.1);
  c.districts = {d};
  InspectionSiteConfig site;
  site.name = "site";
  site.node = 3;
  site.scanners = 1;
  site.scan_time = fixed(0.25);
  site.bays = 4;
  site.teams = {4, 4};
  c.sites = {site};
  ServiceConfig s;
  s.name = "weekly";
  s.weekly_times = {10.0};
  s.discharge_boxes = fixed(boxes);
  s.load_boxes = fixed(0);
  s.cranes = 1;
  s.crane_rate = fixed(10.0);
  c.services = {s};
  for (auto& decl : c.declaration) {
    decl.advance_lead = fixed(24.0);
    decl.manifest = fixed(2.0);
    decl.delivery_order = fixed(3.0);
    decl.permits.fill(fixed(1.0));
    decl.permits[static_cast<int>(CargoClass::food)] = fixed(8.0);
    decl.preparation = fixed(1.0);
    decl.deferral = fixed(48.0);
    decl.duty_payment = fixed(4.0);
  }
  c.documents.handoff = fixed(2.0);
  c.inspection.machine_first.image_review = fixed(0.5);
  c.inspection.machine_first.image_officers = 2;
  c.release.delay = fixed(1.0);
  c.release.pickup = fixed(12.0);
  return c;
}

Collect run(const PortConfig& c, Time horizon = 100.0) {
  Collect collect;
  RunOptions options;
  options.horizon = horizon;
  options.sample_interval = 0;
  PortModel model(c, options, collect);
  model.run();
  return collect;
}

ContainerRecord only_box(const PortConfig& c) {
  const auto boxes = run(c).boxes;
  REQUIRE(boxes.size() == 1);
  return boxes[0];
}

void check_stages_add_up(const ContainerRecord& b) {
  const auto hours = stage_durations(b);
  CHECK(std::accumulate(hours.begin(), hours.begin() + kOverallStages, 0.0) ==
        doctest::Approx(b.overall_time()));
  if (!std::isnan(b.departed))
    CHECK(std::accumulate(hours.begin() + kOverallStages, hours.end(), 0.0) ==
          doctest::Approx(b.departed - b.released));
}

void select_all_by(PortConfig& c, int agency) {
  c.agencies[agency].credit_factor = {1, 1, 1, 1};
}

}  // namespace

TEST_CASE("baseline: the wait before the declaration is its stages, then review, duties, release") {
  const ContainerRecord b = only_box(tiny_port());
  CHECK(b.arrival == 10.0);
  CHECK(b.manifest == 12.0);
  CHECK(b.delivery_order == 15.0);
  CHECK(b.permits == 11.0);
  CHECK(b.prepared == 16.0);  // max(D/O, permits) + 1 h preparation
  CHECK(b.declared == 16.0);
  CHECK(b.risk_assigned == 18.5);  // customs review 2 h + its risk engine 0.5 h (no CIQ)
  CHECK(b.present == doctest::Approx(10.1));
  CHECK(b.checks_done == 18.5);
  CHECK(b.duties_paid == 22.5);
  CHECK(b.released == 23.5);
  CHECK(b.departed == 35.5);
  CHECK(b.channel == Channel::green);
  CHECK(b.moves == 0);
  check_stages_add_up(b);
  const auto hours = stage_durations(b);
  CHECK(hours[0] == 2.0);  // manifest
  CHECK(hours[1] == 3.0);  // delivery order
  CHECK(hours[2] == 0.0);  // permits came first
  CHECK(hours[stage_index("duties")] == 4.0);
}

TEST_CASE("deferral: traders who use free storage declare that much later") {
  PortConfig c = tiny_port();
  c.declaration[0].deferral_share = {1, 1, 1, 1};
  const ContainerRecord b = only_box(c);
  CHECK(b.prepared == 16.0);
  CHECK(b.declared == 64.0);
  CHECK((b.checks & kDeferred) != 0);
  CHECK(stage_durations(b)[stage_index("deferral")] == 48.0);
}

TEST_CASE("advance declaration with a guarantee: an unselected box is released at discharge") {
  PortConfig c = tiny_port();
  c.declaration[0].advance_share = {1, 1, 1, 1};
  c.declaration[0].guarantee_share = {1, 1, 1, 1};
  c.release.delay = fixed(5.0 / 60);  // electronic
  const ContainerRecord b = only_box(c);
  CHECK(b.declared == 0.0);  // 24 h before arrival, clipped to the start of the run
  CHECK(std::isnan(b.manifest));
  CHECK(b.risk_assigned < b.arrival);
  CHECK(b.released == doctest::Approx(10.1 + 5.0 / 60));  // discharge + the release message
  CHECK((b.checks & (kAdvanceDeclared | kGuaranteed)) == (kAdvanceDeclared | kGuaranteed));
  check_stages_add_up(b);
}

TEST_CASE("without a guarantee, duties are paid after the checks and before release") {
  PortConfig c = tiny_port();
  c.declaration[0].advance_share = {1, 1, 1, 1};
  const ContainerRecord b = only_box(c);
  CHECK(b.duties_paid == doctest::Approx(10.1 + 4.0));
  CHECK(b.released == doctest::Approx(10.1 + 5.0));
}

TEST_CASE("sequential: each agency its own move, exam, move back and release") {
  PortConfig c = tiny_port();
  // Facilities not shared (the 2017 baseline): each agency its own bays, so its own move.
  c.inspection.shared_facilities = false;
  c.sites[0].own_bays = {2, 2};
  c.cargo_mix = {0, 0, 0, 1, 0};  // food: CIQ-regulated
  select_all_by(c, 0);
  select_all_by(c, 1);
  const auto result = run(c);
  REQUIRE(result.boxes.size() == 1);
  const ContainerRecord& b = result.boxes[0];
  // Declared at 10 + max(5, 8) + 1 = 19; customs review 2 + risk 0.5, hand-off 2, CIQ
  // review 3 + risk 0.5: channel at 27.
  CHECK(b.declared == 19.0);
  CHECK(b.risk_assigned == 27.0);
  CHECK(b.selected == 0b11);
  REQUIRE(result.exams.size() == 2);
  // Customs: move 1 h, exam 3 h, back 1 h; then CIQ: move 1 h, exam 4 h, back in the
  // background, CIQ's release 1 h.
  CHECK(result.exams[0].agencies == 0b01);
  CHECK(result.exams[0].moved == 27.0);
  CHECK(result.exams[0].started == 28.0);
  CHECK(result.exams[0].ended == 31.0);
  CHECK(result.exams[1].agencies == 0b10);
  CHECK(result.exams[1].moved == 32.0);
  CHECK(result.exams[1].started == 33.0);
  CHECK(result.exams[1].ended == 37.0);
  CHECK(b.checks_done == 38.0);
  CHECK(b.released == 43.0);  // duties 4 h, customs' release 1 h
  CHECK(b.moves == 4);
  CHECK((b.checks & kJointExam) == 0);
  check_stages_add_up(b);
}

TEST_CASE("joint: one merged risk engine, one move, one exam by both, one release") {
  PortConfig c = tiny_port();
  c.cargo_mix = {0, 0, 0, 1, 0};
  select_all_by(c, 0);
  select_all_by(c, 1);
  c.inspection.policy = ExamPolicy::joint;
  const auto result = run(c);
  const ContainerRecord& b = result.boxes.at(0);
  CHECK(b.risk_assigned == 26.5);  // reviews 2 + 2 hand-off + 3, one risk assessment 0.5
  REQUIRE(result.exams.size() == 1);
  CHECK(result.exams[0].agencies == 0b11);
  CHECK(result.exams[0].started == 27.5);
  CHECK(result.exams[0].ended == 31.5);  // the longer exam, 4 h
  CHECK(b.checks_done == 31.5);
  CHECK(b.released == 36.5);
  CHECK(b.moves == 2);
  CHECK((b.checks & kJointExam) != 0);
  CHECK(b.opened_by == 0b11);
}

TEST_CASE("single window: the agencies review side by side, with no hand-off") {
  PortConfig c = tiny_port();
  c.cargo_mix = {0, 0, 0, 1, 0};
  c.documents.single_window = true;
  const ContainerRecord b = only_box(c);
  // Both reviews start at the declaration (19): customs 2 + 0.5, CIQ 3 + 0.5.
  CHECK(b.risk_assigned == 22.5);
}

TEST_CASE("machine-first in the yard: a clean scan is never opened") {
  PortConfig c = tiny_port();
  select_all_by(c, 0);
  c.inspection.machine_first.share = 1;
  c.inspection.machine_first.open_after_review = 0;
  const auto result = run(c);
  const ContainerRecord& b = result.boxes.at(0);
  REQUIRE(result.exams.size() == 1);
  CHECK(result.exams[0].kind == ExamKind::yard_scan);
  CHECK(result.exams[0].moved == 18.5);
  CHECK(result.exams[0].started == 19.5);
  CHECK(result.exams[0].ended == 19.75);
  CHECK(b.checks_done == 20.25);  // + 0.5 h image review
  CHECK((b.checks & kScanned) != 0);
  CHECK((b.checks & kOpened) == 0);
  CHECK(b.moves == 2);
}

TEST_CASE("machine-first: a suspicious image sends the box on to be opened") {
  PortConfig c = tiny_port();
  select_all_by(c, 0);
  c.inspection.machine_first.share = 1;
  c.inspection.machine_first.open_after_review = 1;
  const auto result = run(c);
  REQUIRE(result.exams.size() == 2);
  CHECK(result.exams[1].kind == ExamKind::manual);
  CHECK(std::isnan(result.exams[1].moved));  // already at the site
  CHECK(result.exams[1].started == 20.25);
  CHECK((result.boxes.at(0).checks & kOpened) != 0);
}

TEST_CASE("machine-first at the gate: a drive-through scan needs no lift and no move") {
  PortConfig c = tiny_port();
  select_all_by(c, 0);
  c.districts[0].gate_scanners = 1;
  c.inspection.machine_first.share = 1;
  c.inspection.machine_first.open_after_review = 0;
  c.inspection.machine_first.place = ScanPlace::gate;
  const auto result = run(c);
  const ContainerRecord& b = result.boxes.at(0);
  REQUIRE(result.exams.size() == 1);
  CHECK(result.exams[0].kind == ExamKind::gate_scan);
  CHECK(result.exams[0].started == 18.5);
  CHECK(b.checks_done == doctest::Approx(18.5 + 0.1 + 0.5));
  CHECK(b.moves == 0);
  CHECK((b.checks & kGateScan) != 0);
}

TEST_CASE("joint with a non-scannable agency: the box is opened once, not scanned first") {
  PortConfig c = tiny_port();
  c.cargo_mix = {0, 0, 0, 1, 0};
  select_all_by(c, 0);
  select_all_by(c, 1);
  c.inspection.policy = ExamPolicy::joint;
  c.inspection.machine_first.share = 1;
  const auto result = run(c);
  REQUIRE(result.exams.size() == 1);
  CHECK(result.exams[0].kind == ExamKind::manual);
}

TEST_CASE("the same box has the same classes and selections under every regime") {
  PortConfig base = tiny_port(200);
  base.cargo_mix = {0.5, 0.1, 0.1, 0.2, 0.1};
  base.credit_mix = {0.3, 0.2, 0.4, 0.1};
  base.agencies[0].credit_factor = {0.1, 0.2, 0.3, 0.9};
  base.agencies[1].regulates = {false, true, true, true, true};
  base.agencies[1].credit_factor = {0.3, 0.3, 0.3, 0.3};
  base.selection.correlation = 0.5;
  PortConfig reform = base;
  reform.inspection.policy = ExamPolicy::joint;
  reform.documents.single_window = true;
  reform.declaration[0].advance_share = {0.5, 0.5, 0.5, 0.5};
  const auto a = run(base).boxes, b = run(reform).boxes;
  REQUIRE(a.size() == 200);
  REQUIRE(b.size() == 200);
  int differ = 0;
  for (const auto& x : a) {
    const auto y = std::find_if(b.begin(), b.end(), [&](const auto& r) { return r.id == x.id; });
    REQUIRE(y != b.end());
    CHECK(x.cargo == y->cargo);
    CHECK(x.credit == y->credit);
    CHECK(x.selected == y->selected);
    differ += x.released != y->released;
  }
  CHECK(differ > 0);
}

TEST_CASE("correlated risk: both agencies select a box together more often, as the copula says") {
  const std::vector<double> p = {0.1, 0.2};
  double total = 0;
  for (AgencySet s = 0; s < 4; ++s)
    total += selection_set_probability(p, 0.6, s);
  CHECK(total == doctest::Approx(1.0).epsilon(1e-9));
  CHECK(selection_set_probability(p, 0.0, 0b11) == doctest::Approx(0.02));
  CHECK(selection_set_probability(p, 1.0, 0b11) == doctest::Approx(0.1));
  const double both = selection_set_probability(p, 0.6, 0b11);
  CHECK(both > 0.02);
  CHECK(both < 0.1);
  // Against the model's own draws: the share of boxes both agencies select.
  PortConfig c = tiny_port(4000);
  c.cargo_mix = {0, 0, 0, 1, 0};
  c.agencies[0].credit_factor = {0.1, 0.1, 0.1, 0.1};
  c.agencies[1].credit_factor = {0.2, 0.2, 0.2, 0.2};
  c.selection.correlation = 0.6;
  c.sites[0].bays = c.sites[0].teams[0] = c.sites[0].teams[1] = 1000;
  const auto boxes = run(c, 20.0).boxes;
  REQUIRE(boxes.size() == 4000);
  const double share =
      std::count_if(boxes.begin(), boxes.end(), [](const auto& b) { return b.selected == 0b11; }) /
      4000.0;
  const double sd = std::sqrt(both * (1 - both) / 4000);
  CHECK(std::abs(share - both) < 4 * sd);
}

TEST_CASE("sea-rail: without the re-inspection at transshipment a rail box leaves sooner") {
  PortConfig c = tiny_port();
  c.nodes.push_back({"rail", NodeKind::rail_yard, -1});
  c.edges.push_back({1, 4, fixed(2.0)});
  c.rail.node = 4;
  c.rail.train_interval = 6.0;
  c.rail.transit_check = fixed(3.0);
  c.services[0].rail_share = 1;
  c.rail.transit_check_share = 1;
  const ContainerRecord checked = only_box(c);
  c.rail.transit_check_share = 0;
  const ContainerRecord straight = only_box(c);
  CHECK(checked.direction == Direction::rail_transit);
  CHECK(checked.released == straight.released);
  CHECK((checked.checks & kTransitCheck) != 0);
  CHECK((straight.checks & kTransitCheck) == 0);
  // Released at 23.5, 2 h to the rail yard: 25.5 -> train at 30; with the 3 h check 28.5 ->
  // still the 30 h train; so give the check 5 h: 30.5 -> the 36 h train.
  CHECK(straight.departed == 30.0);
  c.rail.transit_check_share = 1;
  c.rail.transit_check = fixed(5.0);
  CHECK(only_box(c).departed == 36.0);
}

TEST_CASE("green channel: no ordinary box is examined while an AEO box waits") {
  PortConfig c = tiny_port(40);
  select_all_by(c, 0);
  c.sites[0].bays = 1;
  c.credit_mix = {0.5, 0, 0.5, 0};
  // Started while the other was waiting: how often an ordinary box went before an AEO one.
  auto overtaken = [](const PortConfig& config) {
    const auto result = run(config, 400.0);
    std::map<std::uint64_t, CreditClass> credit;
    for (const auto& b : result.boxes)
      credit[b.id] = b.credit;
    int count = 0;
    for (const auto& ordinary : result.exams) {
      if (credit[ordinary.box] != CreditClass::ordinary) continue;
      for (const auto& aeo : result.exams)
        if (credit[aeo.box] == CreditClass::advanced_certified && aeo.queued < ordinary.started &&
            aeo.started > ordinary.started)
          ++count;
    }
    return count;
  };
  CHECK(overtaken(c) > 0);  // FIFO: the queue mixes them
  c.inspection.green_channel = true;
  CHECK(overtaken(c) == 0);
}
