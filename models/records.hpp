#pragma once
// What the port model reports, and the interface it reports through. The model knows
// nothing of files: an HDF5 writer, the summary statistics and the tests' in-memory
// recorder are all implementations of Recorder.
#include <cstdint>
#include <limits>
#include <string>

#include "models/config.hpp"

namespace clearsim::model {

inline constexpr double kNotReached = std::numeric_limits<double>::quiet_NaN();

// Which checks a container went through (ContainerRecord::checks bit flags).
enum CheckFlag : std::uint8_t {
  kScanned = 1 << 0,
  kCustomsExam = 1 << 1,  // manual, by customs (or jointly)
  kCiqExam = 1 << 2,      // manual, by inspection-quarantine (or jointly)
  kJointExam = 1 << 3,
  kDocumentCheck = 1 << 4,  // yellow channel
  kTransitCheck = 1 << 5,   // rail transit re-inspection
  kAdvanceDeclared = 1 << 6,
  kMissedVessel = 1 << 7,  // export released after its vessel's loading
};

// One container's passage, stamped at every stage of the WCO Time Release Study. Times
// are hours since the start of the run; a stage the box did not pass is NaN.
struct ContainerRecord {
  std::uint64_t id = 0;
  std::uint64_t vessel = 0;  // the vessel call; kNoVessel for box-stream boxes
  std::uint16_t district = 0;
  Direction direction = Direction::import_box;
  CargoClass cargo = CargoClass::general;
  CreditClass credit = CreditClass::ordinary;
  Channel channel = Channel::green;
  std::uint8_t checks = 0;  // CheckFlag bits

  double arrival = kNotReached;    // vessel arrival (import), gate-in (export), appearance (stream)
  double discharge = kNotReached;  // off the vessel (import and rail transit)
  double declared = kNotReached;
  double accepted = kNotReached;
  double risk_assigned = kNotReached;
  double scan_move = kNotReached;   // left for the scanner
  double scan_queue = kNotReached;  // arrived at the scanner, queued
  double scan_start = kNotReached;
  double scan_end = kNotReached;
  double customs_move = kNotReached;
  double customs_queue = kNotReached;
  double customs_start = kNotReached;
  double customs_end = kNotReached;
  double ciq_move = kNotReached;
  double ciq_queue = kNotReached;
  double ciq_start = kNotReached;
  double ciq_end = kNotReached;
  double released = kNotReached;
  double departed = kNotReached;  // gate-out (import), loaded (export), train (rail transit)

  static constexpr std::uint64_t kNoVessel = std::numeric_limits<std::uint64_t>::max();

  double overall_time() const { return released - arrival; }   // arrival -> release
  double customs_time() const { return released - declared; }  // declaration -> release
};

struct VesselRecord {
  std::uint64_t id = 0;
  std::uint16_t service = 0;
  std::uint16_t district = 0;
  std::uint32_t discharged = 0;  // import boxes
  std::uint32_t loaded = 0;      // export boxes planned
  double arrival = kNotReached;
  double berthed = kNotReached;
  double departed = kNotReached;
};

// The kinds of resource the model has; utilisation is reported per kind.
enum class ResourceKind : std::uint8_t {
  berth,
  document_officers,
  scanner,
  bay,
  customs_team,
  ciq_team,
};
inline constexpr std::size_t kResourceKinds = 6;
inline constexpr std::array<const char*, kResourceKinds> kResourceKindLabels = {
    "berth", "document_officers", "scanner", "bay", "customs_team", "ciq_team"};

struct ResourceInfo {
  std::string name;  // e.g. "beijiang.berths", "dongjiang_site.scanners"
  ResourceKind kind = ResourceKind::berth;
  int capacity = 0;
};

// The state of one resource at a sampling instant.
struct ResourceSample {
  double time = 0;
  std::uint32_t resource = 0;  // index into PortModel::resources()
  std::uint32_t capacity = 0;
  std::uint32_t busy = 0;
  std::uint32_t queue = 0;
};

class Recorder {
 public:
  virtual ~Recorder() = default;
  // A container has left the port (or, for exports, was loaded or missed its vessel).
  virtual void container(const ContainerRecord& record) = 0;
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
