#include "models/staffing.hpp"

#include <algorithm>
#include <cmath>

namespace clearsim::model {

namespace {

constexpr Time kDay = 24.0;

std::size_t off_hours(const StaffingConfig& s, int capacity) {
  return static_cast<std::size_t>(std::lround(s.off_hours_share * std::max(0, capacity)));
}

// Sends idle examination teams where queues have grown, for the rest of the shift.
sim::Process redeploy(sim::Simulation& sim, const StaffingConfig& staffing,
                      const ResourcePlan& plan,
                      const std::vector<std::unique_ptr<sim::Resource>>& pools, Time until) {
  // Team pools per agency, across sites.
  std::vector<std::vector<int>> by_agency;
  for (const auto& site : plan.exam_teams)
    for (std::size_t a = 0; a < site.size(); ++a) {
      if (by_agency.size() <= a) by_agency.resize(a + 1);
      if (site[a] != kNoPool) by_agency[a].push_back(site[a]);
    }
  while (sim.now() < until) {
    co_await sim.delay(staffing.check_interval);
    for (const auto& teams : by_agency) {
      for (int needy : teams) {
        sim::Resource& to = *pools[needy];
        if (to.queue_length() <= static_cast<std::size_t>(staffing.threshold)) continue;
        // The site with the most idle teams and nobody waiting lends one.
        sim::Resource* from = nullptr;
        for (int other : teams) {
          sim::Resource& r = *pools[other];
          if (other == needy || r.queue_length() > 0 || r.in_use() >= r.capacity()) continue;
          if (!from || r.capacity() - r.in_use() > from->capacity() - from->in_use()) from = &r;
        }
        if (!from) continue;
        from->set_capacity(from->capacity() - 1);
        const long shift = shift_of(staffing, sim.now());
        sim.call_at(sim.now() + staffing.travel, [&sim, &staffing, &to, shift] {
          // A team still on the road when its shift ends goes home.
          if (shift_of(staffing, sim.now()) == shift) to.set_capacity(to.capacity() + 1);
        });
      }
    }
  }
}

}  // namespace

bool follows_shifts(PoolKind kind) {
  return kind == PoolKind::document_officers || kind == PoolKind::image_officers ||
         kind == PoolKind::exam_team || kind == PoolKind::inland_team;
}

std::vector<sim::CapacityChange> shift_calendar(const StaffingConfig& s, int capacity) {
  const auto full = static_cast<std::size_t>(std::max(0, capacity));
  if (s.round_the_clock) return {{0.0, full}};
  std::vector<sim::CapacityChange> changes;
  if (s.day_start > 0) changes.push_back({0.0, off_hours(s, capacity)});
  changes.push_back({s.day_start, full});
  changes.push_back({s.day_end, off_hours(s, capacity)});
  return changes;
}

double mean_capacity(const StaffingConfig& s, int capacity) {
  if (s.round_the_clock) return std::max(0, capacity);
  const double day = (s.day_end - s.day_start) / kDay;
  return day * std::max(0, capacity) + (1 - day) * static_cast<double>(off_hours(s, capacity));
}

long shift_of(const StaffingConfig& s, Time t) {
  const double days = std::floor(t / kDay);
  const Time hour = t - days * kDay;
  const long per_day = s.round_the_clock ? 1 : 3;
  long within = 0;
  if (!s.round_the_clock) within = hour < s.day_start ? 0 : hour < s.day_end ? 1 : 2;
  return static_cast<long>(days) * per_day + within;
}

void start_staffing(sim::Simulation& sim, const StaffingConfig& staffing, const ResourcePlan& plan,
                    const std::vector<std::unique_ptr<sim::Resource>>& pools) {
  // Round the clock without redeployment nothing ever changes: no calendar needed.
  if (staffing.round_the_clock && !staffing.dynamic) return;
  for (std::size_t i = 0; i < plan.pools.size(); ++i) {
    if (!follows_shifts(plan.pools[i].kind)) continue;
    sim.start(sim::follow_capacity_calendar(
        sim, *pools[i], shift_calendar(staffing, plan.pools[i].capacity), kDay));
  }
  if (staffing.dynamic) sim.start(redeploy(sim, staffing, plan, pools, sim::kForever));
}

}  // namespace clearsim::model
