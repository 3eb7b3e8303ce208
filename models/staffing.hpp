#pragma once
// Officers' shifts, 24/7 duty and dynamic staffing (plan art. 38). Staff pools follow a
// daily capacity calendar (sim/kernel/capacity_calendar.hpp): full strength in the day
// hours, a share of it outside them, unless the port works round the clock. Dynamic
// staffing watches each examination-team pool and, when its queue passes a threshold,
// sends an idle team of the same agency from another site; the team arrives after the
// travel time and goes home at the end of the shift (the next calendar change resets
// every pool to its roster). Pure calendar functions here are read by the model and by
// the traffic equations (mean capacity).
#include <memory>
#include <vector>

#include "models/config.hpp"
#include "models/routing.hpp"
#include "sim/kernel/capacity_calendar.hpp"
#include "sim/kernel/resource.hpp"
#include "sim/kernel/simulation.hpp"

namespace clearsim::model {

// Officers, not equipment: document officers, image officers, examination teams.
bool follows_shifts(PoolKind kind);

// The pool's capacity over a day, from 00:00 (cycle 24 h): the roster each shift starts
// with. One change at 00:00 when on duty round the clock (a daily roster all the same).
std::vector<sim::CapacityChange> shift_calendar(const StaffingConfig& staffing, int capacity);

// Time-average capacity of a pool of this size over a day.
double mean_capacity(const StaffingConfig& staffing, int capacity);

// Which shift time t falls in (counts the calendar's changes since time 0).
long shift_of(const StaffingConfig& staffing, Time t);

// Starts the calendars of the staff pools (`pools` in plan order) and, if dynamic, the
// redeployment of examination teams.
void start_staffing(sim::Simulation& sim, const StaffingConfig& staffing, const ResourcePlan& plan,
                    const std::vector<std::unique_ptr<sim::Resource>>& pools);

}  // namespace clearsim::model
