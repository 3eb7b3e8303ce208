// Shared inspection facilities (plan art. 27) on the default scenario, common random
// numbers: the same boxes are selected by the same agencies under baseline (each agency its
// own bays and its own move) and under shared_facilities (one set of bays per site, the box
// stays at the site between agencies).
#include <doctest/doctest.h>

#include <cmath>

#include "tests/tianjin_crn.hpp"

using namespace clearsim;
using namespace clearsim::model;

namespace {

bool inspected(const ContainerRecord& r) {
  return r.channel == Channel::red;
}

}  // namespace

TEST_CASE("shared facilities: boxes both agencies examine move half as often and clear sooner") {
  const auto& s = test::tianjin();
  const double horizon = 12 * 24.0, warmup = 2 * 24.0;
  const auto base = test::run_records(s.config("baseline"), horizon, warmup, inspected);
  const auto shared = test::run_records(s.config("shared_facilities"), horizon, warmup, inspected);
  REQUIRE(base.size() > 1000);
  // Boxes opened by both agencies in turn: 4 moves (to the site and back, twice) become 2.
  test::Records both_base, both_shared;
  for (const auto& [id, r] : base)
    if (r.opened_by == 0b11) both_base.emplace(id, r);
  for (const auto& [id, r] : shared)
    if (r.opened_by == 0b11) both_shared.emplace(id, r);
  REQUIRE(both_base.size() > 30);
  CHECK(both_base.size() == both_shared.size());
  for (const auto& [id, r] : both_base) {
    CHECK(r.moves == 4);
    CHECK(both_shared.at(id).moves == 2);
  }
  // Their checks take less time: the paired difference of arrival -> release, with its
  // interval below zero.
  const auto overall = [](const ContainerRecord& r) { return r.overall_time(); };
  const test::Paired both = test::paired(both_base, both_shared, overall);
  MESSAGE("boxes opened by both agencies: ", both.n, ", release time change ", both.mean, " ± ",
          3 * both.se, " h");
  CHECK(both.mean + 3 * both.se < 0);
  // Over every inspected box the extra moves fall and nothing gets slower on average.
  const auto moves = [](const ContainerRecord& r) { return static_cast<double>(r.moves); };
  const test::Paired all_moves = test::paired(base, shared, moves);
  CHECK(all_moves.mean < 0);
  const test::Paired all = test::paired(base, shared, overall);
  MESSAGE("inspected boxes: ", all.n, ", release time change ", all.mean, " ± ", 3 * all.se, " h");
  CHECK(all.mean + 3 * all.se < 0);
}
