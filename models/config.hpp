#pragma once
// The port model's configuration: plain structs, validated by whoever fills them (the
// scenario decoder), read by the model. Times are in hours, rates per hour. Indices refer
// into the vectors of PortConfig (node, district, site, service, agency).
//
// What the model does with values a distribution may produce out of range: durations and
// moves below zero count as zero, box counts are rounded and kept within [0, 65,535] (the
// ids of a call's boxes have 16 bits), crane rates below 0.01 moves/h count as 0.01, and
// selection probabilities (products of factors) are capped at 1.
//
// The scenario keys that fill each field are named in its comment (docs/scenarios.md is
// the reference).
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

// One probability (or factor) per class.
using PerCredit = std::array<double, kCreditClasses>;
using PerCargo = std::array<double, kCargoClasses>;
using PerDirection = std::array<double, kDirections>;

// ---- agencies ----------------------------------------------------------------------------

// At most this many agencies (sets of agencies are bit masks, and `validate` enumerates
// every combination of their selections).
inline constexpr std::size_t kMaxAgencies = 6;
using AgencySet = std::uint8_t;  // bit a = agency a

// A border agency with its own documents, risk selection, examination and release
// (`agencies.<name>`). The first agency in the file is the lead: it accepts declarations,
// does yellow-channel checks, collects duties and gives the final release. Customs and
// inspection-quarantine (CIQ) in 2017; the 2018 merger of CIQ into customs is a scenario
// change (one agency instead of two).
struct AgencyConfig {
  std::string name;
  // Cargo classes whose declarations it reviews and may select (`regulates`, default all).
  std::array<bool, kCargoClasses> regulates{true, true, true, true, true};
  int officers = 1;              // document reviewers (`officers`)
  Distribution review;           // per declaration (`review`)
  Distribution risk_assessment;  // its own risk engine, after its review (`risk_assessment`)
  // Probability of an examination: the product of the three factors, capped at 1
  // (`selection.credit`, `selection.cargo`, `selection.direction`; each defaults to 1).
  PerCredit credit_factor{1, 1, 1, 1};
  PerCargo cargo_factor{1, 1, 1, 1, 1};
  PerDirection direction_factor{1, 1, 1};
  Distribution exam;      // manual examination: unstuff, examine, restuff (`exam`)
  bool scannable = true;  // machine-first may scan instead of opening (`scannable`)
};

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
  // Per agency: the inspection site where it examines this district's boxes
  // (`exam_sites.<agency>`).
  std::vector<int> exam_site;
  // Drive-through scanners in line at the gate: machine-first scanning without a lift or
  // a move (`gate_scanners`, `gate_scan_time`).
  int gate_scanners = 0;
  Distribution gate_scan_time;
};

struct InspectionSiteConfig {
  std::string name;
  int node = 0;
  int scanners = 0;        // yard scanners: the box is lifted and moved here (`scanners`)
  Distribution scan_time;  // the scan itself; image review is separate (`scan_time`)
  int bays = 1;            // places where a box can be opened (`bays`)
  std::vector<int> teams;  // examination teams per agency, 0 if none here (`teams.<agency>`)
  // Bays each agency keeps to itself when facilities are not shared (`own_bays.<agency>`,
  // see InspectionConfig::shared_facilities); `bays` is the set shared across agencies.
  std::vector<int> own_bays;
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

// From the box's arrival (vessel arrival for imports, gate-in for exports) to the
// declaration, and the duties after the checks (`declaration.<direction>`).
//
// A box declared in advance (uptake `advance_share` by credit class) is declared
// `advance_lead` before arrival. The others wait for what they need before they can
// declare, each a stage of its own:
//   declared = arrival + max(manifest + delivery_order, permits[cargo]) + preparation
//              (+ deferral, for the share of traders who choose to use free storage time)
struct DeclarationConfig {
  PerCredit advance_share{};    // `advance_share` (one number, or one per credit class)
  Distribution advance_lead;    // `advance_lead`
  Distribution manifest;        // manifest and tally data usable by the declarant (`manifest`)
  Distribution delivery_order;  // D/O exchanged, port charges paid
  std::array<Distribution, kCargoClasses> permits;  // licences, certificates (`permits.<cargo>`)
  Distribution preparation;    // the broker prepares and lodges the declaration
  PerCredit deferral_share{};  // traders who use free storage before declaring
  Distribution deferral;
  // Duties and taxes, settled after the checks and before release (China's order:
  // declare, inspect, tax, release), unless the trader has a guarantee or consolidated
  // periodic payment ("release first, pay later": `guarantee_share` by credit class).
  Distribution duty_payment;
  PerCredit guarantee_share{};
};

struct DocumentsConfig {
  // One submission serves every agency: their reviews run side by side, with no hand-off
  // between agencies (`single_window`).
  bool single_window = false;
  // Without single window, from one agency's review to the next agency's (a second
  // submission, paper passed between agencies) (`handoff`).
  Distribution handoff;
};

struct SelectionConfig {
  // Correlation of the agencies' risk draws (Gaussian copula with one common factor): a box
  // risky for one agency tends to be risky for another (`correlation`, 0 to 1).
  double correlation = 0;
  double yellow_share = 0;    // of unselected boxes: a document check by the lead agency
  Distribution yellow_check;  // its duration
};

enum class ExamPolicy : std::uint8_t {
  sequential,  // each selecting agency in turn: own move, queue, exam, move back, release
  joint,       // one merged risk engine, one move, one exam by all, one release
};
inline constexpr std::array<const char*, 2> kExamPolicyLabels = {"sequential", "joint"};

enum class ScanPlace : std::uint8_t {
  yard,  // the box is lifted and moved to a site's scanner, and back
  gate,  // drive-through scanners in line at the district's gate: no lift, no move
};
inline constexpr std::array<const char*, 2> kScanPlaceLabels = {"yard", "gate"};

// Machine-first, manual-second (`inspection.machine_first`): of the boxes selected by a
// scannable agency, a share is scanned first; officers review the image; a share of the
// reviewed images leads to opening the box anyway.
struct MachineFirstConfig {
  double share = 0;  // 0: no machine-first
  ScanPlace place = ScanPlace::yard;
  double open_after_review = 0.15;
  int image_officers = 1;
  Distribution image_review;
};

struct InspectionConfig {
  ExamPolicy policy = ExamPolicy::sequential;
  bool green_channel = false;  // every queue serves by credit class, AEO first
  // One set of inspection facilities per site shared across agencies (plan art. 27): the
  // site's `bays`, and a box examined by several agencies in turn at one site stays there.
  // Otherwise each agency opens boxes in its own bays (`own_bays`) and makes its own lift
  // and move to them and back (`shared_facilities`).
  bool shared_facilities = true;
  MachineFirstConfig machine_first;
};

struct ReleaseConfig {
  Distribution delay;   // each release message: paper round trip, or electronic (~0)
  Distribution pickup;  // import: from release to gate-out (consignee's pick-up)
};

// A train service from the rail yard to one destination (`rail.destinations[]`): a China-
// Europe corridor (Manzhouli, Erenhot, Alashankou, Khorgos) or a domestic service.
struct RailDestinationConfig {
  std::string name;
  double share = 0;                // of rail boxes bound for it (`share`; shares sum to 1)
  std::vector<Time> weekly_times;  // departures (`weekly`)
  int capacity = 100;              // boxes per train (`capacity`)
};

struct RailConfig {
  int node = -1;                   // the rail yard; -1: no rail traffic
  Time train_interval = 24;        // departures every interval, from time 0 (no destinations)
  double transit_check_share = 0;  // re-inspection at the rail yard (baseline practice)
  Distribution transit_check;
  // Following rail boxes to the train (models/rail.cpp). Each box is booked on the first
  // train of its destination leaving `booking_lead` after its vessel's arrival; it must be
  // at the rail yard and checked `closing` before a train leaves to go with it.
  std::vector<RailDestinationConfig> destinations;  // empty: one train every train_interval
  Time booking_lead = 0;
  Time closing = 0;
  int seal_checkers = 0;    // rail-yard officers checking seals at transshipment (0: no check)
  Distribution seal_check;  // one box's seal check
  // The rail yard's handling capacity: cranes (rail gantries, reach stackers) that lift each
  // box off the port truck into its train's stack on arrival; a box waits for one, and may
  // miss its train (`cranes`, 0: not modelled; `lift`).
  int cranes = 0;
  Distribution lift;
  // Baseline: a second declaration at the rail end (transit declaration), reviewed before
  // the box may be loaded; the reform's one declaration, one inspection drops it and the
  // re-inspection (`one_declaration`).
  bool one_declaration = false;
  Distribution rail_declaration;
};

// Export boxes from off-dock yards and CFS to the terminal (`export_terminal`,
// models/export_terminal.cpp): trucking, a terminal gate with lanes, and the terminal's
// arrival report that customs needs before it accepts an export declaration (baseline); the
// Dongjiang reform clears exports on arrival at the terminal gate (`clear_at_gate`).
struct ExportTerminalConfig {
  bool modelled = false;        // the section is present: exports start off-dock
  Distribution haul;            // off-dock yard or CFS -> terminal gate (`haul`)
  int gate_lanes = 1;           // export gate lanes per district (`gate_lanes`)
  Distribution gate_time;       // one truck's gate transaction (`gate_time`)
  Distribution arrival_report;  // gate-in -> the terminal's arrival report (`arrival_report`)
  bool clear_at_gate = false;   // declared off-dock, cleared on arrival at the gate
  Time release_cutoff = 0;      // the release must come this long before the box is loaded
};

// An inland node of the Beijing-Tianjin-Hebei region (`regional.nodes[]`): Beijing, the
// Hebei dry ports, Tianjin's inland port service areas.
struct InlandNodeConfig {
  std::string name;
  double share = 0;   // of import boxes whose consignee is served from it (`share`)
  Distribution link;  // the port -> the node on its rail or road shuttle, under seal (`link`)
  // The node's own inspection (its customs house's bays and examination teams): under
  // integrated clearance, a box moved to it under seal is examined there if selected
  // (`bays`, `teams`).
  int bays = 0;
  int teams = 0;
};

// Regional clearance (`regional`, models/regional.cpp). Baseline: an inland consignee's
// declaration is filed at the port (documents to a port broker: `remote_filing`, before the
// preparation) and the box waits for the consignee's pick-up. Integrated: filed and
// reviewed inland (no remote filing); a share of inland boxes moves to its node under seal
// (`under_seal_share`) instead of waiting for pick-up: released at the port on arrival if
// not selected, examined and released at the node (its bays and teams) if selected.
struct RegionalConfig {
  std::vector<InlandNodeConfig> nodes;
  Distribution remote_filing;
  bool integrated = false;
  double under_seal_share = 0;
};

// Officers' working hours and their redeployment (plan art. 38; models/staffing.hpp).
// Staff pools (document officers, image officers, examination teams) are at full strength
// (their configured size) in the day hours and at `off_hours_share` of it outside them,
// unless on duty round the clock. Dynamic staffing sends an idle examination team to
// another site of its agency whose queue has grown past a threshold; it arrives after the
// travel time and stays until the end of the shift (`staffing.*`).
struct StaffingConfig {
  bool round_the_clock = true;  // `round_the_clock`
  Time day_start = 8.5;         // `day_start`: hours after midnight
  Time day_end = 17.5;          // `day_end`
  double off_hours_share = 1;   // `off_hours_share`
  bool dynamic = false;         // `dynamic`
  int threshold = 10;           // `threshold`: boxes waiting at a site's team pool
  Time check_interval = 0.25;   // `check_interval`
  Time travel = 1;              // `travel`: from one site to another
};

// Charges and who pays them (plan art. 19, 23; models/costs.hpp), in yuan (CNY). The
// trader (importer for imports and rail transit, exporter for exports) pays the port's
// charges for the lifts, moves and scans of its box's checks, storage at the inspection
// site, storage beyond free time and the carrier's demurrage; the government pays its
// officers and equipment, and the fees it waives (`costs.*`).
struct CostConfig {
  double lift = 0;                // `lift`: per lift for a check (each way)
  double move = 0;                // `move`: per move to or from an inspection site
  double scan = 0;                // `scan`: per scan
  double inspection_storage = 0;  // `inspection_storage`: per day started, selection to checks done
  double storage_per_day = 0;     // `storage_per_day`: beyond `free_storage`, arrival to departure
  Time free_storage = 0;          // `free_storage`
  double demurrage_per_day = 0;   // `demurrage_per_day`: beyond `free_time`
  Time free_time = 0;             // `free_time`
  double officer_hour = 0;        // `officer_hour`: a document or image officer on duty
  double team_hour = 0;           // `team_hour`: an examination team on duty
  double scanner_hour = 0;        // `scanner_hour`: a yard or gate scanner in service
  // Examinations that find a discrepancy, by credit class (`finding_share`).
  PerCredit finding_share{};
  // The fee waiver (art. 23): lifting, moving and inspection storage of a box whose
  // inspection found nothing are paid by the government, for compliant firms: a share of
  // the boxes of each credit class (`fee_waiver`, `waiver_share`).
  bool fee_waiver = false;
  PerCredit waiver_share{1, 1, 1, 1};
};

// A disruption (plan art. 25; models/disruptions.hpp) over [start, end): an outage of a
// site's scanners or bays or a district's gate scanners, a berth closure for fog or wind
// (no vessel berths in the district), or a surge of arrivals (each call brings `factor`
// times its boxes, box streams run `factor` times as fast) (`disruptions[]`).
enum class DisruptionKind : std::uint8_t { outage, berth_closure, surge };
inline constexpr std::array<const char*, 3> kDisruptionKindLabels = {"outage", "berth_closure",
                                                                     "surge"};
enum class Equipment : std::uint8_t { scanners, bays, gate_scanners };
inline constexpr std::array<const char*, 3> kEquipmentLabels = {"scanners", "bays",
                                                                "gate_scanners"};

struct DisruptionConfig {
  DisruptionKind kind = DisruptionKind::outage;
  Equipment equipment = Equipment::scanners;  // outage: what is out (`equipment`)
  int site = -1;                              // outage of scanners or bays (`site`)
  int district = -1;                          // berth closure, gate scanners (`district`)
  Time start = 0;                             // `start`
  Time end = 0;                               // `end`
  double factor = 1;                          // surge (`factor`)
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
  std::vector<AgencyConfig> agencies;  // agencies[0] is the lead (customs)

  Shares<kCargoClasses> cargo_mix{1, 0, 0, 0, 0};
  Shares<kCreditClasses> credit_mix{0, 0, 1, 0};
  std::array<DeclarationConfig, kDirections> declaration;
  DocumentsConfig documents;
  SelectionConfig selection;
  InspectionConfig inspection;
  ReleaseConfig release;
  RailConfig rail;
  ExportTerminalConfig export_terminal;
  RegionalConfig regional;
  StaffingConfig staffing;
  CostConfig costs;
  std::vector<DisruptionConfig> disruptions;
};

}  // namespace clearsim::model
