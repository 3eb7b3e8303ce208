// Sea-rail intermodal (plan tasks 31-33): a rail box, once released at the port, is moved
// to the rail yard, lifted into its train's stack by one of the yard's cranes (the yard's
// handling capacity: a box that waits long for a crane may miss its train), goes through the checks
// of the rail end — in the baseline a second declaration (transit declaration) and a share
// re-inspected; under one declaration, one inspection neither — and a seal check at transshipment,
// then leaves with the first train of its destination that it can make and that has room. It was
// booked on the first train leaving `booking_lead` after its vessel's arrival; leaving later is a
// missed train.
#include <algorithm>
#include <cmath>

#include "models/port_entities.hpp"

namespace clearsim::model {

using sim::RandomStream;

namespace {

constexpr std::uint64_t kTransitCheckPurpose = draw_purpose("rail.transit_check");
constexpr std::uint64_t kMoveRailPurpose = draw_purpose("move.rail");
constexpr std::uint64_t kSealCheckPurpose = draw_purpose("rail.seal_check");
constexpr std::uint64_t kRailDeclarationPurpose = draw_purpose("rail.declaration");
constexpr std::uint64_t kRailLiftPurpose = draw_purpose("rail.lift");

constexpr double kWeek = 168.0;

std::size_t pick_destination(const std::vector<RailDestinationConfig>& destinations, double u) {
  double cumulative = 0;
  for (std::size_t i = 0; i + 1 < destinations.size(); ++i) {
    cumulative += destinations[i].share;
    if (u < cumulative) return i;
  }
  return destinations.size() - 1;
}

}  // namespace

// The first departure of `destination` (-1: the every-interval trains) at or after
// `earliest`. With `book`, the first with room, and the box takes its place.
Time PortModel::next_departure(int destination, Time earliest, bool book) {
  if (destination < 0) {
    const Time interval = config_.rail.train_interval;
    return std::ceil(earliest / interval) * interval;
  }
  const RailDestinationConfig& service = config_.rail.destinations[destination];
  const auto per_week = static_cast<long>(service.weekly_times.size());
  std::vector<int>& loads = train_loads_[destination];
  // Departure k is week k / per_week, time k % per_week; start a week early to be safe.
  long k = std::max(0L, (static_cast<long>(std::floor(earliest / kWeek)) - 1) * per_week);
  for (;; ++k) {
    const Time at = kWeek * static_cast<double>(k / per_week) +
                    service.weekly_times[static_cast<std::size_t>(k % per_week)];
    if (at < earliest) continue;
    if (!book) return at;
    if (static_cast<std::size_t>(k) >= loads.size()) loads.resize(static_cast<std::size_t>(k) + 1);
    if (loads[k] < service.capacity) {
      ++loads[k];
      return at;
    }
  }
}

sim::Process PortModel::leave_by_rail(Trip& trip) {
  ContainerRecord& r = trip.record;
  const RailConfig& rail = config_.rail;
  RandomStream draws = streams_.stream(kMoveRailPurpose, r.id);
  co_await sim_.delay(std::max(0.0, network_.sample_time(trip.at, rail.node, draws)));
  trip.at = rail.node;
  r.rail_yard = sim_.now();
  if (plan_.rail_cranes != kNoPool) {  // off the port truck, into the train's stack
    auto crane = co_await pools_[plan_.rail_cranes]->acquire(trip.priority);
    co_await sim_.delay(duration(rail.lift, kRailLiftPurpose, r.id));
  }
  if (!rail.one_declaration) {
    // Checks at both ends: the transit declaration at the rail end, and a re-inspection.
    co_await sim_.delay(duration(rail.rail_declaration, kRailDeclarationPurpose, r.id));
    RandomStream u = streams_.stream(kBoxUniformsPurpose, r.id);
    u.seek(kTransitU);
    if (u.uniform() < rail.transit_check_share) {
      r.checks |= kTransitCheck;
      co_await sim_.delay(duration(rail.transit_check, kTransitCheckPurpose, r.id));
    }
  }
  if (plan_.seal_checkers != kNoPool) {  // the seal is checked at transshipment
    auto checker = co_await pools_[plan_.seal_checkers]->acquire(trip.priority);
    co_await sim_.delay(duration(rail.seal_check, kSealCheckPurpose, r.id));
  }
  r.rail_checked = sim_.now();
  const int destination =
      rail.destinations.empty()
          ? -1
          : static_cast<int>(pick_destination(rail.destinations, trip.rail_destination_u));
  const Time booked = next_departure(destination, r.arrival + rail.booking_lead, false);
  const Time train = next_departure(destination, sim_.now() + rail.closing, true);
  if (train > booked) r.checks |= kMissedTrain;
  if (train > sim_.now()) co_await sim_.until(train);
  r.departed = sim_.now();
}

}  // namespace clearsim::model
