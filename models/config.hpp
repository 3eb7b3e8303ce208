#pragma once
// The port model's configuration: plain structs, validated by whoever fills them (the
// scenario decoder), read by the model. Times are in hours, rates per hour. Indices refer
// into the vectors of PortConfig (node, district, site, service).
//
// What the model does with values a distribution may produce out of range: durations and
// moves below zero count as zero, box counts are rounded and kept within [0, 65,535] (the
// ids of a call's boxes have 16 bits), crane rates
// below 0.01 moves/h count as 0.01, and selection probabilities (rate x factors) are
// capped at 1.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/kernel/calendar.hpp"
#include "sim/kernel/distribution.hpp"

namespace clearsim::model {

using sim::Distribution;
using sim::Time;

// ---- classifications ------------------------------------------------------------------

enum class Direction : std::uint8_t { import_box, export_box, rail_transit };
inline constexpr std::size_t kDirections = 3;
inline constexpr std::array<const char*, kDirections> kDirectionLabels = {"import", "export",
                                                                          "rail_transit"};

enum class CargoClass : std::uint8_t { general, reefer, hazardous, food, ecommerce };
inline constexpr std::size_t kCargoClasses = 5;
inline constexpr std::array<const char*, kCargoClasses> kCargoLabels = {
    "general", "reefer", "hazardous", "food", "ecommerce"};

// The consignee's (or consignor's) enterprise credit class under GACC Order 251.
enum class CreditClass : std::uint8_t {
  advanced_certified,  // AEO, advanced
  general_certified,
  ordinary,
  discredited,
};
inline constexpr std::size_t kCreditClasses = 4;
inline constexpr std::array<const char*, kCreditClasses> kCreditLabels = {
    "advanced_certified", "general_certified", "ordinary", "discredited"};

// Risk channel (WCO TRS): green = release, yellow = document check, red = physical.
enum class Channel : std::uint8_t { green, yellow, red };
inline constexpr std::array<const char*, 3> kChannelLabels = {"green", "yellow", "red"};

enum class NodeKind : std::uint8_t { berth, yard, inspection_site, gate, rail_yard };
inline constexpr std::size_t kNodeKinds = 5;
inline constexpr std::array<const char*, kNodeKinds> kNodeKindLabels = {
    "berth", "yard", "inspection_site", "gate", "rail_yard"};

template <std::size_t N>
using Shares = std::array<double, N>;  // sum to 1

// ---- the port network -------------------------------------------------------------------

struct NodeConfig {
  std::string name;
  NodeKind kind = NodeKind::yard;
  int district = -1;  // -1: shared (e.g. a rail yard serving several districts)
};

// An undirected link; moving a box along it takes `transfer` hours.
struct EdgeConfig {
  int from = 0;
  int to = 0;
  Distribution transfer;
};

struct DistrictConfig {
  std::string name;
  int berths = 1;
  int berth_node = 0;
  int yard_node = 0;
  int gate_node = 0;
  int customs_site = 0;  // inspection site used by customs for this district's boxes
  int ciq_site = 0;      // and by inspection-quarantine (CIQ)
};

struct InspectionSiteConfig {
  std::string name;
  int node = 0;
  int scanners = 0;
  Distribution scan_time;  // scan plus image review
  int bays = 1;            // places where a box can be opened
  int customs_teams = 1;
  int ciq_teams = 1;
};

// ---- traffic ------------------------------------------------------------------------------

// A vessel service calling at a district: Poisson calls or a weekly timetable.
struct ServiceConfig {
  std::string name;
  int district = 0;
  double calls_per_hour = 0;       // Poisson calls, if weekly_times is empty
  std::vector<Time> weekly_times;  // hours since the start of the week (Monday 00:00)
  Distribution discharge_boxes;    // import boxes per call (rounded, >= 0)
  Distribution load_boxes;         // export boxes per call
  double rail_share = 0;           // share of discharged boxes that leave by rail
  int cranes = 1;                  // quay cranes working the vessel
  Distribution crane_rate;         // moves per hour per crane, drawn per call
  Time export_window = 72;         // export boxes gate in from arrival - window ...
  Time export_cutoff = 12;         // ... until arrival - cutoff
};

// A plain Poisson stream of boxes appearing in a district's yard, declared on arrival
// (validation scenarios; also a simple way to model feeder or barge traffic).
struct BoxStreamConfig {
  std::string name;
  int district = 0;
  double boxes_per_hour = 0;
  Direction direction = Direction::import_box;
};

// ---- clearance ----------------------------------------------------------------------------

// When the declaration is lodged relative to the box's arrival (vessel arrival for
// imports, gate-in for exports): a share declares in advance by `advance_lead`, the others
// after arrival by `lag`. The single behaviour that dominates import release time.
struct DeclarationConfig {
  double advance_share = 0;
  Distribution advance_lead;  // hours before arrival
  Distribution lag;           // hours after arrival
  // Settling duties and taxes once the checks are done (TRS "duty/permits"), before
  // release. Imports pay; exports and transit normally do not.
  Distribution duty_payment;
};

struct DocumentsConfig {
  int customs_officers = 1;
  Distribution customs_review;
  int ciq_officers = 1;
  Distribution ciq_review;            // only boxes that need CIQ (see SelectionConfig::ciq)
  bool single_window = false;         // one submission serves both agencies
  Distribution single_window_review;  // replaces both reviews under single window
  Distribution risk_assessment;       // from acceptance to the channel being assigned
};

struct SelectionConfig {
  Shares<kCreditClasses> customs_rate{};  // probability of a customs exam
  std::array<double, kCargoClasses> customs_cargo_factor{1, 1, 1, 1, 1};
  std::array<double, kCargoClasses> ciq_rate{};               // probability of a CIQ exam
  std::array<double, kDirections> direction_factor{1, 1, 1};  // e.g. exports inspected less
  double yellow_share = 0;        // of unselected boxes: an extra document check
  Distribution yellow_check;      // its duration
  double scan_suspicious = 0.15;  // machine-first: probability an image needs a manual exam
};

struct InspectionConfig {
  bool joint = false;          // one move, one exam by both agencies, one release
  bool machine_first = false;  // scanner first; manual only if the image is suspicious
  bool green_channel = false;  // queue priority by credit class
  Distribution customs_exam;   // manual examination (unstuff, examine, restuff)
  Distribution ciq_exam;
};

struct ReleaseConfig {
  Distribution delay;   // from the last check to release (paper round trip, or ~0)
  Distribution pickup;  // import: from release to gate-out (consignee's pick-up)
};

struct RailConfig {
  int node = -1;                   // the rail yard; -1: no rail traffic
  Time train_interval = 24;        // departures every interval, from time 0
  double transit_check_share = 0;  // re-inspection at the rail yard (baseline practice)
  Distribution transit_check;
};

struct PortConfig {
  std::string name;
  std::string regime = "baseline";

  std::vector<NodeConfig> nodes;
  std::vector<EdgeConfig> edges;
  std::vector<DistrictConfig> districts;
  std::vector<InspectionSiteConfig> sites;
  std::vector<ServiceConfig> services;
  std::vector<BoxStreamConfig> box_streams;

  Shares<kCargoClasses> cargo_mix{1, 0, 0, 0, 0};
  Shares<kCreditClasses> credit_mix{0, 0, 1, 0};
  std::array<DeclarationConfig, kDirections> declaration;
  DocumentsConfig documents;
  SelectionConfig selection;
  InspectionConfig inspection;
  ReleaseConfig release;
  RailConfig rail;
};

}  // namespace clearsim::model
