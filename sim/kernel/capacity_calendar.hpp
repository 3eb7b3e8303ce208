#pragma once
// Capacity that follows a calendar: shift patterns (more teams by day than by night),
// planned outages (a scanner down for maintenance). A process that sets a resource's
// capacity at given times, once or repeating every cycle; lowering capacity never takes a
// unit from its holder (see Resource::set_capacity).
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/kernel/resource.hpp"
#include "sim/kernel/simulation.hpp"

namespace clearsim::sim {

struct CapacityChange {
  Time at = 0;  // from the start of the cycle (or of the run, if it does not repeat)
  std::size_t capacity = 0;
};

// Start with `sim.start(follow_capacity_calendar(...))`. `changes` must be in time order,
// within [0, cycle) when cycle > 0; cycle 0 applies them once.
inline Process follow_capacity_calendar(Simulation& sim, Resource& resource,
                                        std::vector<CapacityChange> changes, Time cycle = 0) {
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const bool ordered = i == 0 || changes[i - 1].at <= changes[i].at;
    const bool inside = changes[i].at >= 0 && (cycle <= 0 || changes[i].at < cycle);
    if (!ordered || !inside)
      throw std::invalid_argument(
          "follow_capacity_calendar: changes must be in time order and within the cycle");
  }
  if (changes.empty()) co_return;  // with a cycle, the loop below would never wait
  const Time start = sim.now();
  for (Time offset = start;; offset += cycle) {
    // A cycle below the clock's resolution at this time would repeat forever at one instant.
    if (cycle > 0 && !(offset + cycle > offset))
      throw std::invalid_argument(
          "follow_capacity_calendar: the cycle is too short to move the "
          "clock past time " +
          std::to_string(offset));
    for (const CapacityChange& change : changes) {
      if (offset + change.at > sim.now()) co_await sim.until(offset + change.at);
      resource.set_capacity(change.capacity);
    }
    if (cycle <= 0) co_return;
  }
}

}  // namespace clearsim::sim
