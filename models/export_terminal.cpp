// Exports from off-dock yards and CFS to the terminal, and onto their vessel (plan task 15,
// the terminal-arrival reform at Dongjiang): the trucking leg with the terminal gate's
// lanes, the arrival report customs needs before it accepts an export declaration, and the
// loading, with a missed box re-booked onto the next call of its service.
#include <algorithm>

#include "models/port_entities.hpp"

namespace clearsim::model {

namespace {

constexpr std::uint64_t kHaulPurpose = draw_purpose("export.haul");
constexpr std::uint64_t kGateTimePurpose = draw_purpose("export.gate_time");
constexpr std::uint64_t kArrivalReportPurpose = draw_purpose("export.arrival_report");

}  // namespace

bool PortModel::starts_off_dock(const Trip& trip) const {
  return config_.export_terminal.modelled && trip.box.direction == Direction::export_box &&
         trip.call != nullptr;
}

// Ready at the off-dock yard, then hauled: when the truck reaches the terminal gate (one
// wait for both, ending when the two in turn would have).
Time PortModel::at_gate_time(const Trip& trip) const {
  const Time from = trip.record.ready > sim_.now() ? trip.record.ready : sim_.now();
  return from + duration(config_.export_terminal.haul, kHaulPurpose, trip.record.id);
}

// From the off-dock yard (ready at box.arrival) to the terminal: the haul, a gate lane for
// the gate transaction, then the terminal's arrival report (at once under the reform: the
// gate-in is the arrival). Stamps the arrival (gate-in) and the arrival report.
sim::Process PortModel::truck_to_terminal(Trip& trip) {
  ContainerRecord& r = trip.record;
  const ExportTerminalConfig& terminal = config_.export_terminal;
  if (!trip.at_gate) co_await sim_.until(at_gate_time(trip));
  {
    auto lane = co_await pools_[plan_.gate_lanes[trip.box.district]]->acquire();
    co_await sim_.delay(duration(terminal.gate_time, kGateTimePurpose, r.id));
  }
  r.arrival = sim_.now();
  r.arrival_reported = terminal.clear_at_gate ? r.arrival
                                              : r.arrival + duration(terminal.arrival_report,
                                                                     kArrivalReportPurpose, r.id);
}

// Baseline: customs accepts an export declaration only once the terminal has reported the
// box's arrival. Under the reform the box is declared and reviewed before it arrives: no
// wait (0).
Time PortModel::arrival_report_time(const Trip& trip) const {
  return config_.export_terminal.clear_at_gate ? 0.0 : trip.record.arrival_reported;
}

// Loaded in its vessel's sequence if released `release_cutoff` before its turn; otherwise
// it missed the vessel and is re-booked onto the next call of the service that it can make,
// loaded after that call's own boxes and the boxes re-booked before it. Each re-booked box
// is one more crane move for that call, which stays at its berth that much longer, and so
// may delay the next vessel waiting for the berth [assumption: the rolled box is loaded by
// the call's own cranes at its mean rate; yard re-handling is not modelled]. A box no later
// call in the run can take has no departure.
sim::Process PortModel::load_export(Trip& trip) {
  ContainerRecord& r = trip.record;
  if (!trip.call) {
    r.departed = r.released;  // a stream box leaves once released
    co_return;
  }
  const Time cutoff = config_.export_terminal.release_cutoff;
  if (!trip.call->berthed.triggered()) co_await trip.call->berthed;
  const Time loading = trip.call->load_time(trip.box.index);
  if (r.released <= loading - cutoff) {
    r.departed = loading;
    co_return;
  }
  r.checks |= kMissedVessel;
  if (!config_.export_terminal.modelled) co_return;  // flagged, not re-booked
  const auto& calls = calls_[trip.call->service];
  for (std::uint64_t n = trip.call->number + 1; n < calls.size(); ++n) {
    const std::shared_ptr<VesselCall> next = calls[n];
    if (!next->berthed.triggered()) co_await next->berthed;
    if (!next->left && r.released <= next->loading_done() - cutoff) {
      ++next->rebooked;  // one more move for its cranes: the call stays longer at the berth
      r.departed = next->loading_done();
      r.checks |= kRebooked;
      co_return;
    }
  }
}

}  // namespace clearsim::model
