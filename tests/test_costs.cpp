// Costs and the fee waiver (plan art. 19, 23): one box's charges worked by hand, then the
// default scenario on common random numbers: the waiver lowers what the trader pays for
// clean inspected boxes of compliant firms, by exactly what the government pays instead,
// and changes nothing else — no release time, no other box's charges.
#include <doctest/doctest.h>

#include <cmath>

#include "models/costs.hpp"
#include "sim/experiment/replication.hpp"
#include "tests/tianjin_crn.hpp"

using namespace clearsim;
using namespace clearsim::model;

TEST_CASE("charges of one examined box, worked by hand") {
  CostConfig c;
  c.lift = 100;
  c.move = 50;
  c.scan = 30;
  c.inspection_storage = 40;
  c.storage_per_day = 20;
  c.free_storage = 48;
  c.demurrage_per_day = 150;
  c.free_time = 96;
  ContainerRecord r;
  r.channel = Channel::red;
  r.credit = CreditClass::ordinary;
  r.moves = 2;
  r.checks = kOpened | kScanned;
  r.arrival = 0;
  r.risk_assigned = 10;
  r.present = 12;
  r.checks_done = 40;       // held 28 h: two days started
  r.departed = 24 * 5 + 1;  // 121 h: storage 73 h beyond -> 4 days; demurrage 25 h -> 2 days
  charge(c, r, 0.5);
  CHECK(r.trader_cost == doctest::Approx(2 * 150 + 30 + 2 * 40 + 4 * 20 + 2 * 150));
  CHECK(r.waived_cost == 0);
  c.fee_waiver = true;
  charge(c, r, 0.5);
  CHECK(r.waived_cost == doctest::Approx(2 * 150 + 2 * 40));  // lifts, moves, inspection storage
  CHECK(r.trader_cost == doctest::Approx(30 + 4 * 20 + 2 * 150));
  CHECK((r.checks & kFeesWaived) != 0);
  // Not for a firm outside the compliant share, nor when the inspection found something.
  c.waiver_share[static_cast<int>(CreditClass::ordinary)] = 0.4;
  r.checks = kOpened | kScanned;
  charge(c, r, 0.5);
  CHECK(r.waived_cost == 0);
  c.waiver_share.fill(1);
  r.checks = kOpened | kScanned | kFinding;
  charge(c, r, 0.5);
  CHECK(r.waived_cost == 0);
}

TEST_CASE("fee_waiver lowers the cost of clean inspected boxes and nothing else") {
  const auto& s = test::tianjin();
  const double horizon = 10 * 24.0, warmup = 2 * 24.0;
  auto all = [](const ContainerRecord&) { return true; };
  const auto base = test::run_records(s.config("baseline"), horizon, warmup, all);
  const auto waived = test::run_records(s.config("fee_waiver"), horizon, warmup, all);
  REQUIRE(base.size() == waived.size());
  const CostConfig& costs = s.config("fee_waiver").costs;
  std::size_t clean = 0, other = 0, same_times = 0, others_unchanged = 0, lowered = 0;
  double saved = 0;
  for (const auto& [id, a] : base) {
    const ContainerRecord& b = waived.at(id);
    const bool same_departure =
        a.departed == b.departed || (std::isnan(a.departed) && std::isnan(b.departed));
    same_times += a.released == b.released && same_departure && a.moves == b.moves;
    const bool eligible = a.channel == Channel::red && !(a.checks & kFinding) &&
                          costs.waiver_share[static_cast<int>(a.credit)] >= 1;
    if (eligible && a.moves > 0) {
      ++clean;
      lowered += b.trader_cost < a.trader_cost &&
                 b.trader_cost + b.waived_cost == doctest::Approx(a.trader_cost);
      saved += a.trader_cost - b.trader_cost;
    } else if (!eligible) {
      ++other;
      others_unchanged += b.trader_cost == a.trader_cost && b.waived_cost == 0;
    }
  }
  MESSAGE("clean inspected boxes: ", clean, ", mean saving ", saved / clean, " CNY; other boxes ",
          other);
  CHECK(same_times == base.size());  // release and departure times are the same on CRN
  CHECK(clean > 1000);
  CHECK(lowered == clean);
  CHECK(others_unchanged == other);
}

TEST_CASE("cost per box in the summary: by direction and credit class, and the government's") {
  const auto& s = test::tianjin();
  RunOptions options;
  options.seed = s.defaults().seed;
  options.horizon = 10 * 24.0;
  options.warmup = 2 * 24.0;
  options.sample_interval = 0;
  const auto base = experiment::run_replication(s.config("baseline"), options);
  const auto waived = experiment::run_replication(s.config("fee_waiver"), options);
  const auto& imports = base.directions[0];
  CHECK(imports.cost_mean_cny > 0);
  // Discredited firms are examined most and pay most for it.
  CHECK(imports.cost_mean_by_credit_cny[3] > imports.cost_mean_by_credit_cny[0]);
  CHECK(waived.directions[0].cost_mean_cny < imports.cost_mean_cny);
  CHECK(waived.directions[0].waived_mean_cny > 0);
  CHECK(waived.directions[0].cost_mean_by_credit_cny[3] == imports.cost_mean_by_credit_cny[3]);
  CHECK(base.staff_cost_per_box_cny > 0);
  CHECK(waived.staff_cost_per_box_cny == doctest::Approx(base.staff_cost_per_box_cny));
}
