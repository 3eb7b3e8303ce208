#pragma once
// The port model's entities (a vessel call, a box, a box's trip through the port) and the
// slots of a box's uniforms: private to the model's own source files (port_model.cpp and
// the flows in export_terminal.cpp, rail.cpp, regional.cpp), not an interface.
#include <cstdint>
#include <memory>
#include <optional>

#include "models/draws.hpp"
#include "models/port_model.hpp"

namespace clearsim::model {

// Uniforms every box draws at creation, from one stream, one fixed slot each (append new
// slots at the end: a slot's number never changes, so adding one shifts no other value).
enum BoxUniform : std::size_t {
  kCargoU,
  kCreditU,
  kRailU,
  kAdvanceU,
  kDeferU,
  kRiskU,  // the common factor of the agencies' risk draws
  kYellowU,
  kGuaranteeU,
  kTransitU,
  kRailDestinationU,  // which train service a rail box is bound for
  kInlandU,           // whether (and where) an import's consignee is inland
  kUnderSealU,        // whether an inland box moves under seal (regional clearance)
  kBoxUniforms
};

inline constexpr std::uint64_t kBoxUniformsPurpose = draw_purpose("box.uniforms");

struct PortModel::VesselCall {
  explicit VesselCall(sim::Simulation& sim) : berthed(sim) {}
  std::uint64_t id = 0;
  int service = 0;
  std::uint64_t number = 0;  // of the call in its service
  int district = 0;
  Time arrival = 0;
  std::uint32_t discharge = 0;
  std::uint32_t load = 0;
  double moves_per_hour = 1;  // all cranes together
  sim::Event berthed;
  Time berth_time = 0;
  std::uint32_t rebooked = 0;  // exports re-booked onto it from an earlier call of its service
  bool left = false;           // the berth

  Time discharge_time(std::uint32_t index) const {
    return berth_time + (index + 1) / moves_per_hour;
  }
  Time load_time(std::uint32_t index) const {
    return berth_time + (discharge + index + 1) / moves_per_hour;
  }
  // The last box of the call is loaded: boxes re-booked from an earlier call go last, each
  // one more crane move, so they lengthen the call's stay at the berth.
  Time loading_done() const { return berth_time + (discharge + load + rebooked) / moves_per_hour; }
};

struct PortModel::Box {
  std::uint64_t id = 0;
  std::uint64_t vessel = ContainerRecord::kNoVessel;
  int district = 0;
  Direction direction = Direction::import_box;
  // Vessel arrival (import), gate-in (export; ready off-dock until it gates in, when
  // exports start off-dock), appearance (stream).
  Time arrival = 0;
  std::uint32_t index = 0;  // in the vessel's discharge or load sequence
};

// A box waiting for its first step -- its declaration, or its truck at the terminal gate --
// which usually comes days after the box came into existence (a lookahead before its
// vessel). Until then it is only this: a calendar wake-up and its Box, 56 bytes in a pooled
// slot (64 with its place in the pool's free list), where a process would hold a coroutine
// frame. It keeps the Box's fields but the vessel, which is its call's.
struct PortModel::WaitingBox final : sim::Timer {
  PortModel* port = nullptr;
  std::shared_ptr<VesselCall> call;
  std::uint64_t id = 0;
  Time arrival = 0;
  std::uint32_t index = 0;
  std::uint16_t district = 0;
  Direction direction = Direction::import_box;
  void fire() override { port->end_first_wait(*this); }

  void keep(const Box& box) {
    id = box.id;
    arrival = box.arrival;
    index = box.index;
    district = static_cast<std::uint16_t>(box.district);
    direction = box.direction;
  }
  Box box() const {
    return Box{id,   call ? call->id : ContainerRecord::kNoVessel, district, direction, arrival,
               index};
  }
};

// One box on its way through clearance: what it is, where it is, what was stamped.
struct PortModel::Trip {
  std::shared_ptr<VesselCall> call;
  Box box;
  BoxFacts facts;
  ContainerRecord record;
  Route route;
  int priority = 0;
  int at = 0;                     // the node it is at
  Time move_began = kNotReached;  // of the move that brought it to its current check
  int handoffs = 0;
  int scans = 0;
  bool at_gate = false;  // export: its truck has reached the terminal gate (launch_box waited)
  std::optional<sim::ProcessRef> trucking;  // export: off-dock yard -> terminal gate
  int inland = -1;                          // import: its consignee's inland node
  double rail_destination_u = 0;            // its uniform for the train service
};

}  // namespace clearsim::model
