// Officers' shifts, 24/7 duty and dynamic staffing (plan art. 38). The calendar functions
// against hand-worked values; then the default scenario on common random numbers: boxes
// declared at night wait for the day shift under the 2017 hours and not under 24/7, and
// dynamic staffing shortens the wait for examination teams.
#include <doctest/doctest.h>

#include <cmath>

#include "models/staffing.hpp"
#include "sim/experiment/replication.hpp"
#include "sim/experiment/traffic.hpp"
#include "tests/tianjin_crn.hpp"

using namespace clearsim;
using namespace clearsim::model;

TEST_CASE("shift calendar: day strength 08:30-17:30, a share of it outside, the same every day") {
  StaffingConfig s;
  s.round_the_clock = false;
  s.off_hours_share = 0.25;
  const auto changes = shift_calendar(s, 40);
  REQUIRE(changes.size() == 3);
  CHECK(changes[0].at == 0.0);
  CHECK(changes[0].capacity == 10);
  CHECK(changes[1].at == 8.5);
  CHECK(changes[1].capacity == 40);
  CHECK(changes[2].at == 17.5);
  CHECK(changes[2].capacity == 10);
  CHECK(mean_capacity(s, 40) == doctest::Approx(40 * 9.0 / 24 + 10 * 15.0 / 24));
  CHECK(shift_of(s, 8.0) == 0);
  CHECK(shift_of(s, 9.0) == 1);
  CHECK(shift_of(s, 20.0) == 2);
  CHECK(shift_of(s, 24.0 + 9.0) == 4);
  s.round_the_clock = true;
  CHECK(mean_capacity(s, 40) == 40.0);
  CHECK(shift_calendar(s, 40).size() == 1);
}

TEST_CASE("validate sees the shifts: staff pools are loaded against their mean strength") {
  const PortConfig config = test::tianjin().config("baseline");
  const auto loads = experiment::predict_loads(config);
  const ResourcePlan plan = resource_plan(config);
  for (std::size_t i = 0; i < loads.size(); ++i) {
    const double expected = follows_shifts(plan.pools[i].kind)
                                ? mean_capacity(config.staffing, plan.pools[i].capacity)
                                : plan.pools[i].capacity;
    CHECK(loads[i].available == doctest::Approx(expected));
  }
}

TEST_CASE("staffing_24x7 closes the night gap; simulated utilisation follows the roster") {
  const auto& s = test::tianjin();
  const double horizon = 12 * 24.0, warmup = 2 * 24.0;
  auto all = [](const ContainerRecord&) { return true; };
  const auto base = test::run_records(s.config("baseline"), horizon, warmup, all);
  const auto round = test::run_records(s.config("staffing_24x7"), horizon, warmup, all);
  // The same boxes, declared at the same times: what 24/7 duty saves a box declared in the
  // evening (18-24 h, under the night roster) against one declared in the morning.
  auto declared_between = [](double from, double to) {
    return [from, to](const ContainerRecord& r) {
      const double hour = std::fmod(r.declared, 24.0);
      return hour >= from && hour < to;
    };
  };
  auto subset = [](const test::Records& records, const auto& keep) {
    test::Records out;
    for (const auto& [id, r] : records)
      if (keep(r)) out.emplace(id, r);
    return out;
  };
  const auto customs = [](const ContainerRecord& r) { return r.customs_time(); };
  const auto evening = test::paired(subset(base, declared_between(18, 24)), round, customs);
  const auto morning = test::paired(subset(base, declared_between(9, 12)), round, customs);
  MESSAGE("customs-only time saved by 24/7: declared 18-24 h ", -evening.mean, " ± ",
          3 * evening.se, " h (", evening.n, " boxes); declared 9-12 h ", -morning.mean, " ± ",
          3 * morning.se, " h (", morning.n, " boxes)");
  CHECK(evening.mean + 3 * evening.se < 0);
  CHECK(evening.mean + 3 * evening.se < morning.mean - 3 * morning.se);
  // The summary's release time by hour of arrival shows the same gap.
  RunOptions options;
  options.seed = s.defaults().seed;
  options.horizon = horizon;
  options.warmup = warmup;
  options.sample_interval = 0;
  const auto summary = experiment::run_replication(s.config("baseline"), options);
  const auto summary_24x7 = experiment::run_replication(s.config("staffing_24x7"), options);
  CHECK(summary_24x7.directions[0].customs.mean < summary.directions[0].customs.mean);
  int earlier = 0;
  for (std::size_t h = 0; h < kHoursOfDay; ++h)
    earlier += summary_24x7.directions[1].overall_by_arrival_hour[h] <
               summary.directions[1].overall_by_arrival_hour[h];
  CHECK(earlier >= 18);
  // The officers' pools were on duty the roster's unit-hours, fewer than round the clock.
  const ResourcePlan& plan = *summary.plan;
  for (std::size_t i = 0; i < plan.pools.size(); ++i) {
    if (!follows_shifts(plan.pools[i].kind) || plan.pools[i].capacity < 4) continue;
    const double expected =
        mean_capacity(s.config("baseline").staffing, plan.pools[i].capacity) * (horizon - warmup);
    CHECK(summary.pools[i].available_hours == doctest::Approx(expected).epsilon(0.01));
    CHECK(summary_24x7.pools[i].available_hours > summary.pools[i].available_hours);
  }
}

TEST_CASE("dynamic staffing: idle teams go where the queue is, and boxes wait less for them") {
  const auto& s = test::tianjin();
  // A small threshold makes the mechanism act often enough to measure over 10 days.
  PortConfig fixed = s.config("baseline");
  PortConfig dynamic = s.config("dynamic_staffing");
  REQUIRE(dynamic.staffing.dynamic);
  const double horizon = 12 * 24.0, warmup = 2 * 24.0;
  auto inspected = [](const ContainerRecord& r) { return r.channel == Channel::red; };
  const auto a = test::run_records(fixed, horizon, warmup, inspected);
  const auto b = test::run_records(dynamic, horizon, warmup, inspected);
  const auto checks = [](const ContainerRecord& r) { return r.checks_done - r.present; };
  const test::Paired d = test::paired(a, b, checks);
  MESSAGE("inspected boxes: ", d.n, ", checks stage change ", d.mean, " ± ", 3 * d.se, " h");
  CHECK(d.n > 1000);
  CHECK(d.mean + 3 * d.se < 0);
}
