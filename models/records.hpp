#pragma once
// What the port model reports, and the interface it reports through. The model knows
// nothing of files: an HDF5 writer, the summary statistics and the tests' in-memory
// recorder are all implementations of Recorder.
#include <cstdint>
#include <limits>
#include <string>

#include "models/config.hpp"
#include "models/routing.hpp"

namespace clearsim::model {

inline constexpr double kNotReached = std::numeric_limits<double>::quiet_NaN();

// Which checks a container went through (ContainerRecord::checks bit flags).
enum CheckFlag : std::uint16_t {
  kScanned = 1 << 0,        // machine-first scan (yard or gate)
  kOpened = 1 << 1,         // a manual examination
  kJointExam = 1 << 2,      // one examination by several agencies together
  kDocumentCheck = 1 << 3,  // yellow channel
  kTransitCheck = 1 << 4,   // rail transit re-inspection
  kAdvanceDeclared = 1 << 5,
  kMissedVessel = 1 << 6,  // export released after its vessel's loading
  kGuaranteed = 1 << 7,    // duties under guarantee: released first, paid later
  kDeferred = 1 << 8,      // the trader used free storage time before declaring
  kGateScan = 1 << 9,      // scanned in line at the gate (no lift, no move)
  kMissedTrain = 1 << 10,  // rail transit: left on a later train than the one it was booked on
  kRebooked = 1 << 11,     // export: missed its vessel, loaded on a later call of the service
  kInland = 1 << 12,       // declared and reviewed at an inland node (regional clearance)
  kFinding = 1 << 13,      // an examination found a discrepancy
  kFeesWaived = 1 << 14,   // inspection fees paid by the government (fee waiver)
};
inline constexpr std::size_t kCheckFlags = 15;
inline constexpr std::array<const char*, kCheckFlags> kCheckFlagLabels = {
    "scanned",          "opened",        "joint_exam", "document_check", "transit_check",
    "advance_declared", "missed_vessel", "guaranteed", "deferred",       "gate_scan",
    "missed_train",     "rebooked",      "inland",     "finding",        "fees_waived"};

// One container's passage, stamped at every stage of the WCO Time Release Study. Times
// are hours since the start of the run; a stage the box did not pass is NaN. The stages
// from arrival to release are consecutive (see the stage table in models/stages.hpp).
struct ContainerRecord {
  std::uint64_t id = 0;
  std::uint64_t vessel = 0;  // the vessel call; kNoVessel for box-stream boxes
  std::uint16_t district = 0;
  Direction direction = Direction::import_box;
  CargoClass cargo = CargoClass::general;
  CreditClass credit = CreditClass::ordinary;
  Channel channel = Channel::green;
  std::uint16_t checks = 0;  // CheckFlag bits
  AgencySet selected = 0;    // agencies that selected it for an examination
  AgencySet opened_by = 0;   // agencies that opened it
  std::uint8_t moves = 0;    // lifts and moves for checks (each way counts)

  double arrival = kNotReached;   // vessel arrival (import), gate-in (export), appearance (stream)
  double manifest = kNotReached;  // manifest data usable (declared after arrival only)
  double delivery_order = kNotReached;  // D/O exchanged, port charges paid
  double permits = kNotReached;         // licences and certificates in hand
  double prepared = kNotReached;        // declaration ready (before any deferral)
  double declared = kNotReached;
  // Export: the terminal's arrival report, which customs needs before it accepts the
  // declaration (baseline); the gate-in itself under the terminal-arrival reform.
  double arrival_reported = kNotReached;
  double risk_assigned = kNotReached;  // documents reviewed by every agency, channel known
  double present = kNotReached;        // physically here: discharged (import), gated in
  double checks_done = kNotReached;    // scans and examinations over, agencies released
  double duties_paid = kNotReached;    // or not needed (guarantee)
  double released = kNotReached;       // the lead agency's final release
  // After the release (not part of the overall time): rail transit's move to the rail yard
  // and the checks there, then the departure.
  double rail_yard = kNotReached;     // at the rail yard (rail transit)
  double rail_checked = kNotReached;  // seal check, re-inspection, second declaration done
  double departed = kNotReached;      // gate-out (import), loaded (export), train (rail transit)
  // Before the arrival (not part of the overall time): an export ready at its off-dock
  // yard or CFS, where the trucking leg to the terminal begins; a box cleared inland, where
  // it left the inland node.
  double ready = kNotReached;
  double trader_cost = 0;  // CNY paid by the importer or exporter (models/costs.hpp)
  double waived_cost = 0;  // CNY of inspection fees the government paid instead

  static constexpr std::uint64_t kNoVessel = std::numeric_limits<std::uint64_t>::max();

  double overall_time() const { return released - arrival; }   // arrival -> release
  double customs_time() const { return released - declared; }  // declaration -> release
};

// One scan or examination of a box (several per box under sequential inspection).
// `inland`: opened at an inland node under regional clearance (site: -1).
enum class ExamKind : std::uint8_t { yard_scan, gate_scan, manual, inland };
inline constexpr std::array<const char*, 4> kExamKindLabels = {"yard_scan", "gate_scan", "manual",
                                                               "inland"};

struct ExamRecord {
  std::uint64_t box = 0;  // ContainerRecord::id
  ExamKind kind = ExamKind::manual;
  AgencySet agencies = 0;  // on whose behalf
  std::int16_t site = -1;  // inspection site (-1: the district's gate)
  std::uint16_t district = 0;
  double moved = kNotReached;   // the lift and move to it began (NaN: no move)
  double queued = kNotReached;  // arrived, waiting for the scanner or bay and teams
  double started = kNotReached;
  double ended = kNotReached;
};

struct VesselRecord {
  std::uint64_t id = 0;
  std::uint16_t service = 0;
  std::uint16_t district = 0;
  std::uint32_t discharged = 0;  // import boxes
  std::uint32_t loaded = 0;      // export boxes planned
  std::uint32_t rebooked = 0;    // exports re-booked onto it after missing an earlier call
  double arrival = kNotReached;
  double berthed = kNotReached;
  double departed = kNotReached;
};

// The state of one pool at a sampling instant.
struct ResourceSample {
  double time = 0;
  std::uint32_t resource = 0;  // index into the resource plan's pools
  std::uint32_t capacity = 0;
  std::uint32_t busy = 0;
  std::uint32_t queue = 0;
};

class Recorder {
 public:
  virtual ~Recorder() = default;
  // A container has left the port (or, for exports, was loaded or missed its vessel).
  virtual void container(const ContainerRecord& record) = 0;
  virtual void exam(const ExamRecord& /*record*/) {}
  virtual void vessel(const VesselRecord& record) = 0;
  virtual void resource_sample(const ResourceSample& /*sample*/) {}
};

// Discards every record: for building a model only to ask it something (its resources).
class NullRecorder : public Recorder {
 public:
  void container(const ContainerRecord&) override {}
  void vessel(const VesselRecord&) override {}
};

}  // namespace clearsim::model
