#include "sim/scenario/schema.hpp"

#include <array>
#include <unordered_map>
#include <utility>

#include "models/config.hpp"
#include "sim/scenario/scenario.hpp"

namespace clearsim::scenario::detail {

namespace {

using T = Type;
using N = Need;

// A rate below this (one in 114 years) is a 0 or a wrong unit, not a port.
constexpr double kMinArrivalRate = 1e-6;

// The labels a placeholder segment stands for.
std::span<const char* const> placeholder_labels(std::string_view segment) {
  if (segment == "<cargo>") return model::kCargoLabels;
  if (segment == "<credit>") return model::kCreditLabels;
  if (segment == "<direction>") return model::kDirectionLabels;
  return {};
}

// Segments that stand for any name.
bool is_wildcard(std::string_view segment) {
  return segment == "<regime>" || segment == "<agency>";
}

// Order matters: it is the order of docs/scenarios.md. A section's own row comes first.
const std::vector<Param>& table() {
  static const std::vector<Param> rows = {
      // ---- run settings ----
      {"name", T::text, N::required, "", "", "Scenario name, recorded with every result."},
      {"horizon",
       T::positive_duration,
       N::defaulted,
       "time",
       "30d",
       "Simulated time per replication, warm-up included. Bounded because times are hours in "
       "double precision, which at the bound (114 years) still tell microseconds apart.",
       {},
       0,
       kMaxHorizonHours},
      {"warmup", T::duration, N::defaulted, "time", "5d",
       "Initial period left out of the statistics; shorter than `horizon`."},
      {"seed", T::seed, N::defaulted, "", "1",
       "Base seed of the random streams; replication r draws from (seed, r)."},
      {"replications",
       T::positive_count,
       N::defaulted,
       "",
       "5",
       "Independent replications per regime (each keeps its results until the end).",
       {},
       1,
       kMaxReplications},

      // ---- network ----
      {"network", T::mapping, N::required, "", "",
       "The port as a graph: nodes where boxes wait or are handled, edges they move along."},
      {"network.nodes", T::list, N::required, "", "", "The places of the port."},
      {"network.nodes[].name", T::new_name, N::required, "", "", "Unique node name."},
      {"network.nodes[].kind", T::choice, N::required, "", "", "What happens at the node.",
       model::kNodeKindLabels},
      {"network.nodes[].district", T::name, N::optional, "", "shared",
       "The district (by name) the node belongs to; omit for shared nodes such as a rail "
       "yard serving several districts."},
      {"network.edges", T::list, N::required, "", "",
       "Undirected links between nodes; boxes follow shortest paths."},
      {"network.edges[].from", T::name, N::required, "", "", "A node name."},
      {"network.edges[].to", T::name, N::required, "", "", "Another node name."},
      {"network.edges[].transfer", T::time_distribution, N::required, "time", "",
       "Time to move one box along the edge."},

      // ---- agencies ----
      {"agencies", T::mapping, N::required, "", "",
       "The border agencies, by name, in order: the first is the lead agency (customs), "
       "which accepts declarations, does yellow-channel checks, collects duties and gives the "
       "final release. One to six agencies; a regime can remove one (`agencies: {ciq: "
       "null}`)."},
      {"agencies.<agency>", T::mapping, N::required, "", "",
       "One agency; `<agency>` is its name (a new name, see Names)."},
      {"agencies.<agency>.regulates", T::cargo_list, N::optional, "", "all cargo classes",
       "Cargo classes whose declarations it reviews and may select, e.g. `[reefer, food]`. "
       "The lead agency reviews every declaration."},
      {"agencies.<agency>.officers", T::positive_count, N::required, "", "", "Document reviewers."},
      {"agencies.<agency>.review", T::time_distribution, N::required, "time", "",
       "Review time per declaration."},
      {"agencies.<agency>.risk_assessment", T::time_distribution, N::defaulted, "time", "0h",
       "Its risk engine, after its review, until the channel is known."},
      {"agencies.<agency>.selection", T::mapping, N::optional, "", "all factors 1",
       "The probability that it selects a box for examination: the product of the three "
       "factors below for the box's classes, capped at 1."},
      {"agencies.<agency>.selection.credit", T::mapping, N::optional, "", "all 1",
       "Factor by credit class."},
      {"agencies.<agency>.selection.credit.<credit>", T::factor, N::defaulted, "", "1",
       "`<credit>` is advanced_certified, general_certified, ordinary or discredited."},
      {"agencies.<agency>.selection.cargo", T::mapping, N::optional, "", "all 1",
       "Factor by cargo class."},
      {"agencies.<agency>.selection.cargo.<cargo>", T::factor, N::defaulted, "", "1",
       "`<cargo>` is general, reefer, hazardous, food or ecommerce."},
      {"agencies.<agency>.selection.direction", T::mapping, N::optional, "", "all 1",
       "Factor by direction (e.g. exports are examined less)."},
      {"agencies.<agency>.selection.direction.<direction>", T::factor, N::defaulted, "", "1",
       "`<direction>` is import, export or rail_transit."},
      {"agencies.<agency>.exam", T::time_distribution, N::required, "time", "",
       "Manual examination: unstuff, examine, restuff."},
      {"agencies.<agency>.scannable", T::flag, N::defaulted, "", "true",
       "Machine-first may scan the boxes it selects instead of opening them."},

      // ---- districts ----
      {"districts", T::list, N::required, "", "",
       "Port districts (terminals): each has berths, a yard, a gate and the inspection "
       "sites its boxes go to."},
      {"districts[].name", T::new_name, N::required, "", "", "Unique district name."},
      {"districts[].berths", T::positive_count, N::required, "", "", "Berths for vessels."},
      {"districts[].berth_node", T::name, N::required, "", "", "A node of kind `berth`."},
      {"districts[].yard_node", T::name, N::required, "", "", "A node of kind `yard`."},
      {"districts[].gate_node", T::name, N::required, "", "", "A node of kind `gate`."},
      {"districts[].exam_sites", T::mapping, N::required, "", "",
       "Where each agency examines this district's boxes: one inspection site (by name) per "
       "agency, e.g. `{customs: beijiang_inspection, ciq: beijiang_ciq}`."},
      {"districts[].exam_sites.<agency>", T::name, N::required, "", "",
       "Every agency defined under `agencies` needs one."},
      {"districts[].gate_scanners", T::count, N::defaulted, "", "0",
       "Drive-through scanners in line at the gate: machine-first scanning with `place: "
       "gate`, without a lift or a move."},
      {"districts[].gate_scan_time", T::time_distribution, N::optional, "time",
       "required if gate_scanners > 0", "One drive-through scan."},

      // ---- inspection sites ----
      {"inspection_sites", T::list, N::required, "", "",
       "Places where boxes are scanned and opened. Every site must be used by a district."},
      {"inspection_sites[].name", T::new_name, N::required, "", "", "Unique site name."},
      {"inspection_sites[].node", T::name, N::required, "", "",
       "A node of kind `inspection_site`."},
      {"inspection_sites[].scanners", T::count, N::defaulted, "", "0",
       "Yard scanners (machine-first with `place: yard`): the box is lifted and moved here."},
      {"inspection_sites[].scan_time", T::time_distribution, N::optional, "time",
       "required if scanners > 0", "The scan itself, per box (image review is separate)."},
      {"inspection_sites[].bays", T::positive_count, N::required, "", "",
       "Places where a box can be opened."},
      {"inspection_sites[].teams", T::mapping, N::optional, "", "none",
       "Examination teams by agency, e.g. `{customs: 40, ciq: 36}`."},
      {"inspection_sites[].teams.<agency>", T::count, N::defaulted, "", "0",
       "Teams of that agency here; the key must name an agency."},
      {"inspection_sites[].own_bays", T::mapping, N::optional, "", "none",
       "Bays each agency keeps to itself, e.g. `{customs: 44, ciq: 36}`: used instead of "
       "`bays` when `inspection.shared_facilities` is false."},
      {"inspection_sites[].own_bays.<agency>", T::count, N::defaulted, "", "0",
       "That agency's own bays here; the key must name an agency."},

      // ---- traffic ----
      {"services", T::list, N::optional, "", "none",
       "Vessel services calling at a district. At least one service or box stream is "
       "needed."},
      {"services[].name", T::new_name, N::required, "", "", "Unique service name."},
      {"services[].district", T::name, N::required, "", "", "The district it calls at."},
      {"services[].calls",
       T::positive_rate,
       N::optional,
       "calls per time",
       "give calls or weekly",
       "Poisson calls, e.g. 12/day. Exclusive with `weekly`.",
       {},
       kMinArrivalRate,
       100},
      {"services[].weekly", T::weekly_times, N::optional, "", "give calls or weekly",
       "A weekly timetable: arrival times such as `mon 06:00`, `thu 18:30` (days mon..sun, "
       "24-hour clock). Exclusive with `calls`."},
      {"services[].discharge_boxes", T::count_distribution, N::required, "boxes", "",
       "Import boxes discharged per call (rounded, >= 0)."},
      {"services[].load_boxes", T::count_distribution, N::required, "boxes", "",
       "Export boxes loaded per call."},
      {"services[].rail_share", T::probability, N::defaulted, "", "0",
       "Share of discharged boxes that leave by rail (needs `rail`)."},
      {"services[].cranes", T::positive_count, N::required, "", "",
       "Quay cranes working the vessel."},
      {"services[].crane_rate",
       T::rate_distribution,
       N::required,
       "moves per time",
       "",
       "Moves per hour per crane, drawn per call, e.g. `{uniform: {min: 25/h, max: 32/h}}`; a "
       "family that can draw near 0 needs a `min`.",
       {},
       1,
       1000},
      {"services[].export_window", T::positive_duration, N::defaulted, "time", "72h",
       "Export boxes gate in from this long before the vessel's arrival ..."},
      {"services[].export_cutoff", T::duration, N::defaulted, "time", "12h",
       "... until this long before it; shorter than `export_window`."},
      {"box_streams", T::list, N::optional, "", "none",
       "Poisson streams of boxes appearing in a district's yard, declared on arrival "
       "(validation scenarios, feeder or barge traffic)."},
      {"box_streams[].name", T::new_name, N::required, "", "", "Unique stream name."},
      {"box_streams[].district", T::name, N::required, "", "", "The district's yard."},
      {"box_streams[].rate",
       T::positive_rate,
       N::required,
       "boxes per time",
       "",
       "Arrival rate, e.g. 25/h (Tianjin as a whole handles about 2,000 boxes an hour).",
       {},
       kMinArrivalRate,
       10'000},
      {"box_streams[].direction", T::choice, N::defaulted, "", "import",
       "The boxes' direction; `rail_transit` needs `rail`.", model::kDirectionLabels},

      // ---- cargo ----
      {"cargo_mix", T::mapping, N::required, "", "",
       "Shares of boxes by cargo class; they sum to 1."},
      {"cargo_mix.<cargo>", T::share, N::defaulted, "", "0",
       "`<cargo>` is general, reefer, hazardous, food or ecommerce."},
      {"credit_mix", T::mapping, N::required, "", "",
       "Shares of boxes by the enterprise credit class of the consignee or consignor "
       "(GACC Order 251); they sum to 1."},
      {"credit_mix.<credit>", T::share, N::defaulted, "", "0",
       "`<credit>` is advanced_certified, general_certified, ordinary or discredited."},

      // ---- declaration ----
      {"declaration", T::mapping, N::optional, "", "all defaults",
       "From the box's arrival (vessel arrival for imports, gate-in for exports) to its "
       "declaration, and duties after the checks, by direction. A box declared in advance "
       "is declared `advance_lead` before arrival; the others at arrival + max(manifest + "
       "delivery_order, permits) + preparation (+ deferral for traders who defer)."},
      {"declaration.<direction>", T::mapping, N::optional, "", "all defaults",
       "`<direction>` is import, export or rail_transit."},
      {"declaration.<direction>.advance_share", T::credit_probabilities, N::defaulted, "", "0",
       "Share declared in advance of arrival."},
      {"declaration.<direction>.advance_share.<credit>", T::probability, N::defaulted, "", "0",
       "The share for that credit class."},
      {"declaration.<direction>.advance_lead", T::time_distribution, N::defaulted, "time", "0h",
       "How long before arrival advance declarations are lodged."},
      {"declaration.<direction>.manifest", T::time_distribution, N::defaulted, "time", "0h",
       "Until the manifest and tally data are usable by the declarant."},
      {"declaration.<direction>.delivery_order", T::time_distribution, N::defaulted, "time", "0h",
       "Then until the delivery order is exchanged and port charges paid."},
      {"declaration.<direction>.permits", T::mapping, N::optional, "", "all 0h",
       "Licences and certificates by cargo class, obtained alongside manifest and delivery "
       "order."},
      {"declaration.<direction>.permits.<cargo>", T::time_distribution, N::defaulted, "time", "0h",
       "`<cargo>` is general, reefer, hazardous, food or ecommerce."},
      {"declaration.<direction>.preparation", T::time_distribution, N::defaulted, "time", "0h",
       "The broker prepares and lodges the declaration."},
      {"declaration.<direction>.deferral_share", T::credit_probabilities, N::defaulted, "", "0",
       "Share of traders who use free storage time before declaring."},
      {"declaration.<direction>.deferral_share.<credit>", T::probability, N::defaulted, "", "0",
       "The share for that credit class."},
      {"declaration.<direction>.deferral", T::time_distribution, N::defaulted, "time", "0h",
       "How long they defer."},
      {"declaration.<direction>.duty_payment", T::time_distribution, N::defaulted, "time", "0h",
       "Duties and taxes, settled after the checks; release waits for it (imports pay; "
       "exports and transit normally do not)."},
      {"declaration.<direction>.guarantee_share", T::credit_probabilities, N::defaulted, "", "0",
       "Share released first and paying later (a guarantee or periodic payment)."},
      {"declaration.<direction>.guarantee_share.<credit>", T::probability, N::defaulted, "", "0",
       "The share for that credit class."},

      // ---- documents ----
      {"documents", T::mapping, N::optional, "", "all defaults",
       "How declarations reach the agencies."},
      {"documents.single_window", T::flag, N::defaulted, "", "false",
       "One submission serves every agency: their reviews run side by side, with no hand-off."},
      {"documents.handoff", T::time_distribution, N::defaulted, "time", "0h",
       "Without single window: from one agency's review to the next agency's."},

      // ---- selection ----
      {"selection", T::mapping, N::optional, "", "all defaults",
       "Risk selection across agencies (each agency's own factors are under "
       "`agencies.<agency>.selection`)."},
      {"selection.correlation", T::fraction, N::defaulted, "", "0",
       "Correlation of the agencies' risk draws: a box risky for one agency tends to be "
       "risky for another (0: independent, 1: the same draw)."},
      {"selection.yellow_share", T::probability, N::defaulted, "", "0",
       "Share of unselected boxes given a document check by the lead agency (yellow "
       "channel)."},
      {"selection.yellow_check", T::time_distribution, N::defaulted, "time", "0h",
       "Duration of that check."},

      // ---- inspection ----
      {"inspection", T::mapping, N::optional, "", "all defaults",
       "How examinations are organised."},
      {"inspection.policy", T::choice, N::defaulted, "", "sequential",
       "`sequential`: each selecting agency in turn (own move, queue, exam, release); "
       "`joint`: one merged risk engine, one move, one examination by all, one release.",
       model::kExamPolicyLabels},
      {"inspection.green_channel", T::flag, N::defaulted, "", "false",
       "Every queue serves by credit class, advanced-certified first."},
      {"inspection.shared_facilities", T::flag, N::defaulted, "", "true",
       "One set of facilities per site shared across agencies (plan art. 27): exams use the "
       "site's `bays`, and a box examined in turn by agencies at one site stays there. "
       "`false`: each agency opens boxes in its own bays (`own_bays`), with its own lift and "
       "move there and back."},
      {"inspection.machine_first", T::mapping, N::optional, "", "no machine-first",
       "Machine-first, manual-second: of the boxes selected by a scannable agency, a share is "
       "scanned first and the image reviewed; some are opened anyway."},
      {"inspection.machine_first.share", T::probability, N::defaulted, "", "0",
       "Share of those boxes scanned first (0: no machine-first)."},
      {"inspection.machine_first.place", T::choice, N::defaulted, "", "yard",
       "`yard`: at a yard scanner of the agency's inspection site (a lift and a move); "
       "`gate`: at the district's drive-through gate scanners.",
       model::kScanPlaceLabels},
      {"inspection.machine_first.open_after_review", T::probability, N::defaulted, "", "0.15",
       "Probability that a reviewed image leads to opening the box anyway."},
      {"inspection.machine_first.image_officers", T::positive_count, N::defaulted, "", "1",
       "Officers reviewing scan images, port-wide."},
      {"inspection.machine_first.image_review", T::time_distribution, N::defaulted, "time", "0h",
       "Review of one image."},

      // ---- release ----
      {"release", T::mapping, N::optional, "", "all defaults", "After the last check."},
      {"release.delay", T::time_distribution, N::defaulted, "time", "0h",
       "Each release message (an examining agency's, the lead's final one): a paper round "
       "trip, or about 0 when electronic."},
      {"release.pickup", T::time_distribution, N::defaulted, "time", "0h",
       "Imports: from release to gate-out (the consignee's pick-up)."},

      // ---- rail ----
      {"rail", T::mapping, N::optional, "", "no rail traffic",
       "Sea-rail transit. Required if a service has `rail_share` > 0 or a box stream has "
       "direction `rail_transit`."},
      {"rail.node", T::name, N::required, "", "", "A node of kind `rail_yard`."},
      {"rail.train_interval",
       T::positive_duration,
       N::required,
       "time",
       "",
       "Trains depart every interval, from time 0.",
       {},
       1.0 / 60},
      {"rail.transit_check_share", T::probability, N::defaulted, "", "0",
       "Share of rail boxes re-inspected at the rail yard (baseline practice)."},
      {"rail.transit_check", T::time_distribution, N::defaulted, "time", "0h",
       "Duration of that re-inspection."},
      {"rail.destinations", T::list, N::optional, "", "one train every `train_interval`",
       "Train services by destination (China-Europe corridors through Manzhouli, Erenhot, "
       "Alashankou, Khorgos; domestic services), each with its timetable and capacity."},
      {"rail.destinations[].name", T::new_name, N::required, "", "", "Unique destination name."},
      {"rail.destinations[].share", T::probability, N::required, "", "",
       "Share of rail boxes bound for it; the shares sum to 1."},
      {"rail.destinations[].weekly", T::weekly_times, N::required, "", "",
       "Departures, e.g. `[tue 20:00, fri 20:00]`."},
      {"rail.destinations[].capacity", T::positive_count, N::defaulted, "boxes", "100",
       "Boxes per train: a box that finds a train full leaves with the next."},
      {"rail.booking_lead", T::duration, N::defaulted, "time", "0h",
       "A rail box is booked on the first train leaving this long after its vessel's arrival; "
       "leaving on a later one is a missed train."},
      {"rail.closing", T::duration, N::defaulted, "time", "0h",
       "A box must be at the rail yard and checked this long before its train leaves."},
      {"rail.seal_checkers", T::count, N::defaulted, "", "0",
       "Rail-yard officers checking seals at transshipment (0: no seal check)."},
      {"rail.seal_check", T::time_distribution, N::defaulted, "time", "0h",
       "One box's seal check."},
      {"rail.cranes", T::count, N::defaulted, "", "0",
       "Rail-yard cranes (rail gantries, reach stackers) lifting each box off the port truck "
       "into its train's stack on arrival: the yard's handling capacity; a box waits for one "
       "and may miss its train (0: not modelled)."},
      {"rail.lift", T::time_distribution, N::defaulted, "time", "0h",
       "One box's lift at the rail yard."},
      {"rail.one_declaration", T::flag, N::defaulted, "", "false",
       "One declaration, one inspection (tasks 31-33): no declaration and no re-inspection at "
       "the rail end."},
      {"rail.rail_declaration", T::time_distribution, N::defaulted, "time", "0h",
       "Without `one_declaration`: the second (transit) declaration at the rail end, before "
       "the box may be loaded."},

      // ---- export terminal ----
      {"export_terminal", T::mapping, N::optional, "", "exports start at the terminal gate",
       "Exports start at off-dock yards or CFS and are trucked to the terminal (task 15)."},
      {"export_terminal.haul", T::time_distribution, N::defaulted, "time", "0h",
       "Trucking from the off-dock yard or CFS to the terminal gate."},
      {"export_terminal.gate_lanes",
       T::positive_count,
       N::defaulted,
       "",
       "1",
       "Export gate lanes at each district's terminal.",
       {},
       1,
       10'000},
      {"export_terminal.gate_time", T::time_distribution, N::defaulted, "time", "0h",
       "One truck's gate transaction."},
      {"export_terminal.arrival_report", T::time_distribution, N::defaulted, "time", "0h",
       "From gate-in to the terminal's arrival report, which customs needs before it accepts "
       "an export declaration (unless `clear_at_gate`)."},
      {"export_terminal.clear_at_gate", T::flag, N::defaulted, "", "false",
       "The terminal-arrival reform: declared off-dock, cleared on arrival at the gate (the "
       "gate-in is the arrival report)."},
      {"export_terminal.release_cutoff", T::duration, N::defaulted, "time", "0h",
       "An export released later than this before its turn to load misses its vessel and is "
       "re-booked onto a later call of the service."},

      // ---- regional clearance ----
      {"regional", T::mapping, N::optional, "", "no inland consignees",
       "Inland nodes of the Beijing-Tianjin-Hebei region (tasks 9-10, 13)."},
      {"regional.nodes", T::list, N::required, "", "",
       "Inland nodes (Beijing, Hebei dry ports, inland port service areas)."},
      {"regional.nodes[].name", T::new_name, N::required, "", "", "Unique node name."},
      {"regional.nodes[].share", T::probability, N::required, "", "",
       "Share of import boxes whose consignee it serves; the shares sum to at most 1."},
      {"regional.nodes[].link", T::time_distribution, N::defaulted, "time", "0h",
       "Integrated clearance: the port to the node under seal, on its rail or road shuttle."},
      {"regional.nodes[].bays", T::count, N::defaulted, "", "0",
       "Inspection bays of the node's customs house: under integrated clearance a box moved "
       "there under seal and selected for examination is opened there."},
      {"regional.nodes[].teams", T::count, N::defaulted, "", "0",
       "Examination teams of the node's customs house (they follow `staffing`); one team "
       "examines for every agency that selected the box."},
      {"regional.remote_filing", T::time_distribution, N::defaulted, "time", "0h",
       "Without integration: an inland consignee's documents on their way to a broker at the "
       "port, before the preparation."},
      {"regional.integrated", T::flag, N::defaulted, "", "false",
       "Declarations filed and reviewed inland: no remote filing."},
      {"regional.under_seal_share", T::probability, N::defaulted, "", "0",
       "Integrated: share of inland boxes moved to their node under seal instead of waiting "
       "for the consignee's pick-up: released at the port on arrival, or examined and "
       "released at the node if selected."},

      // ---- staffing ----
      {"staffing", T::mapping, N::optional, "", "on duty round the clock",
       "Officers' working hours and redeployment (plan art. 38). Staff pools (document "
       "officers, image officers, examination teams) are at their full size in the day hours "
       "and at `off_hours_share` of it outside them, unless `round_the_clock`; the roster "
       "is the same every day."},
      {"staffing.round_the_clock", T::flag, N::defaulted, "", "true",
       "Full strength at every hour (24/7 clearance)."},
      {"staffing.day_start",
       T::duration,
       N::defaulted,
       "time",
       "8.5h",
       "Start of the day hours, after midnight.",
       {},
       0,
       24},
      {"staffing.day_end",
       T::duration,
       N::defaulted,
       "time",
       "17.5h",
       "End of the day hours, after midnight; later than `day_start`.",
       {},
       0,
       24},
      {"staffing.off_hours_share", T::probability, N::defaulted, "", "1",
       "Share of each staff pool on duty outside the day hours (rounded to whole officers "
       "or teams)."},
      {"staffing.dynamic", T::flag, N::defaulted, "", "false",
       "Dynamic staffing: an idle examination team of an agency goes to another of its "
       "sites whose queue has passed `threshold`, arriving after `travel`, until the end of "
       "the shift."},
      {"staffing.threshold", T::count, N::defaulted, "", "10",
       "Boxes waiting for a site's teams of one agency that call for help."},
      {"staffing.check_interval",
       T::positive_duration,
       N::defaulted,
       "time",
       "15min",
       "How often the queues are looked at.",
       {},
       1.0 / 60},
      {"staffing.travel", T::duration, N::defaulted, "time", "1h",
       "A team's journey from one site to another."},

      // ---- costs ----
      {"costs", T::mapping, N::optional, "", "no charges",
       "What clearance costs and who pays (plan art. 19, 23), in yuan (CNY). The importer "
       "(imports, rail transit) or exporter pays the port's charges; the government pays "
       "officers, teams and scanners by the hour, and the fees it waives."},
      {"costs.lift", T::factor, N::defaulted, "CNY", "0",
       "Per lift of a box for a check (each way counts, as the record's `moves`)."},
      {"costs.move", T::factor, N::defaulted, "CNY", "0",
       "Per move to or from an inspection site (each way)."},
      {"costs.scan", T::factor, N::defaulted, "CNY", "0", "Per scanned box."},
      {"costs.inspection_storage", T::factor, N::defaulted, "CNY", "0",
       "Storage of an inspected box while it is held for its checks, per day started (at "
       "least one)."},
      {"costs.storage_per_day", T::factor, N::defaulted, "CNY", "0",
       "Port storage per day started beyond `free_storage`, from arrival to departure."},
      {"costs.free_storage", T::duration, N::defaulted, "time", "0h", "Free storage time."},
      {"costs.demurrage_per_day", T::factor, N::defaulted, "CNY", "0",
       "The carrier's container demurrage per day started beyond `free_time`."},
      {"costs.free_time", T::duration, N::defaulted, "time", "0h", "The carrier's free time."},
      {"costs.officer_hour", T::factor, N::defaulted, "CNY", "0",
       "A document or image officer on duty, per hour (paid by the government)."},
      {"costs.team_hour", T::factor, N::defaulted, "CNY", "0",
       "An examination team on duty, per hour (paid by the government)."},
      {"costs.scanner_hour", T::factor, N::defaulted, "CNY", "0",
       "A yard or gate scanner in service, per hour (paid by the government)."},
      {"costs.finding_share", T::credit_probabilities, N::defaulted, "", "0",
       "Share of inspections that find a discrepancy (no fee waiver for those)."},
      {"costs.finding_share.<credit>", T::probability, N::defaulted, "", "0",
       "The share for that credit class."},
      {"costs.fee_waiver", T::flag, N::defaulted, "", "false",
       "Fee waiver (art. 23): the lifting, moving and inspection-storage fees of an inspected "
       "box whose inspection found nothing are paid by the government, for compliant firms."},
      {"costs.waiver_share", T::credit_probabilities, N::defaulted, "", "1",
       "Share of the firms of each credit class that count as compliant for the waiver."},
      {"costs.waiver_share.<credit>", T::probability, N::defaulted, "", "1",
       "The share for that credit class."},

      // ---- disruptions ----
      {"disruptions", T::list, N::optional, "", "none",
       "Disruptions (plan art. 25) over time windows: equipment outages, berth closures for "
       "fog or wind, arrival surges. The summary reports the recovery time: hours from the "
       "first disruption's start until the 90th percentile of release time of the boxes "
       "arriving over 24 hours, after the last disruption's end, is back within 5 % of its "
       "level before it."},
      {"disruptions[].kind", T::choice, N::required, "", "",
       "`outage`: `equipment` out of service; `berth_closure`: no vessel berths in "
       "`district`; `surge`: `factor` times the boxes arrive.",
       model::kDisruptionKindLabels},
      {"disruptions[].start", T::duration, N::required, "time", "",
       "Start, from the beginning of the run."},
      {"disruptions[].end", T::duration, N::required, "time", "", "End; after `start`."},
      {"disruptions[].equipment", T::choice, N::optional, "", "outage only: required",
       "What is out: a site's `scanners` or `bays`, or a district's `gate_scanners`.",
       model::kEquipmentLabels},
      {"disruptions[].site", T::name, N::optional, "", "outage of scanners or bays only",
       "The inspection site."},
      {"disruptions[].district", T::name, N::optional, "",
       "berth closure, outage of gate scanners only", "The district."},
      {"disruptions[].factor", T::factor, N::optional, "", "surge only: required",
       "Surge: each vessel call brings this many times its boxes, box streams run this many "
       "times as fast."},
      {"disruptions[].note", T::text, N::optional, "", "none",
       "What happened, e.g. `fog` or `Spring Festival`."},

      // ---- regimes ----
      {"regimes", T::mapping, N::optional, "", "baseline only",
       "Clearance regimes to compare, by name. `baseline` is always defined: implicitly "
       "(the document as written) unless declared here."},
      {"regimes.<regime>", T::mapping, N::required, "", "", "One regime."},
      {"regimes.<regime>.description", T::text, N::defaulted, "", "\"\"",
       "One line for tables and plots."},
      {"regimes.<regime>.combine", T::regime_list, N::optional, "", "none",
       "Other regimes applied first, in order (each at most once)."},
      {"regimes.<regime>.set", T::overlay, N::optional, "", "no change",
       "Changes to the base document: mappings merge key by key, `null` removes a key, "
       "anything else replaces. Cannot change name, horizon, warmup, seed, replications or "
       "regimes."},
  };
  return rows;
}

// Keys of the earlier format (before agencies were data), and values whose shape changed.
constexpr std::array<Renamed, 20> kRenamed = {{
    {"inspection.mode", "`inspection.mode` is now `inspection.policy`"},
    {"inspection.machine_first",
     "`inspection.machine_first` is now a mapping, e.g. `{share: 1, place: yard}`; `share: 0` "
     "(the default) is no machine-first"},
    {"inspection.customs_exam", "examinations are now `agencies.<agency>.exam`"},
    {"inspection.ciq_exam", "examinations are now `agencies.<agency>.exam`"},
    {"districts[].customs_site",
     "customs_site/ciq_site are now `exam_sites: {customs: ..., ciq: ...}`"},
    {"districts[].ciq_site",
     "customs_site/ciq_site are now `exam_sites: {customs: ..., ciq: ...}`"},
    {"inspection_sites[].customs_teams",
     "customs_teams/ciq_teams are now `teams: {customs: ..., ciq: ...}`"},
    {"inspection_sites[].ciq_teams",
     "customs_teams/ciq_teams are now `teams: {customs: ..., ciq: ...}`"},
    {"documents.customs_officers", "document reviewers are now `agencies.<agency>.officers`"},
    {"documents.ciq_officers", "document reviewers are now `agencies.<agency>.officers`"},
    {"documents.customs_review", "review times are now `agencies.<agency>.review`"},
    {"documents.ciq_review", "review times are now `agencies.<agency>.review`"},
    {"documents.single_window_review",
     "under single window each agency keeps its own `review`, run side by side"},
    {"documents.risk_assessment",
     "risk assessment is now per agency: `agencies.<agency>.risk_assessment`"},
    {"selection.customs",
     "selection is now per agency: `agencies.<agency>.selection.credit` (and `.cargo`, "
     "`.direction`)"},
    {"selection.ciq",
     "selection is now per agency: `agencies.<agency>.selection.cargo` (and `.credit`, "
     "`.direction`)"},
    {"selection.customs_cargo_factor", "cargo factors are now `agencies.<agency>.selection.cargo`"},
    {"selection.direction_factor",
     "direction factors are now `agencies.<agency>.selection.direction`"},
    {"selection.scan_suspicious",
     "`selection.scan_suspicious` is now `inspection.machine_first.open_after_review`"},
    {"declaration.<direction>.lag",
     "`lag` is now split into `manifest`, `delivery_order`, `permits`, `preparation` and "
     "`deferral`"},
}};

// "a.b[].c" -> "a.b[]"; "" for a top-level key.
std::string_view parent_of(std::string_view key) {
  const std::size_t dot = key.rfind('.');
  return dot == std::string_view::npos ? std::string_view{} : key.substr(0, dot);
}

// The rows under one parent, found by key in constant time: a mapping of 150,000 keys
// must not scan the table 150,000 times.
struct Children {
  std::unordered_map<std::string_view, const Param*> by_key;  // names and labels
  const Param* wildcard = nullptr;                            // <regime>, <agency>
  std::vector<std::string> keys;                              // for "did you mean"
};

const std::unordered_map<std::string_view, Children>& index() {
  static const auto children = [] {
    std::unordered_map<std::string_view, Children> map;
    for (const auto& row : table()) {
      Children& entry = map[parent_of(row.key)];
      const std::string_view name = leaf(row.key);
      const auto labels = placeholder_labels(name);
      if (is_wildcard(name)) entry.wildcard = &row;
      if (labels.empty() && !is_wildcard(name)) {
        entry.by_key.emplace(name, &row);
        entry.keys.emplace_back(name);
      }
      for (const char* label : labels) {
        entry.by_key.emplace(label, &row);
        entry.keys.emplace_back(label);
      }
    }
    return map;
  }();
  return children;
}

const Children* children_of(std::string_view parent) {
  const auto& map = index();
  const auto it = map.find(parent);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

std::span<const Param> parameters() {
  return table();
}

std::string_view leaf(std::string_view key) {
  const std::size_t dot = key.rfind('.');
  return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

const Param* find_child(std::string_view parent, std::string_view key) {
  const Children* children = children_of(parent);
  if (!children) return nullptr;
  const auto it = children->by_key.find(key);
  return it != children->by_key.end() ? it->second : children->wildcard;
}

std::vector<std::string> child_keys(std::string_view parent) {
  const Children* children = children_of(parent);
  return children ? children->keys : std::vector<std::string>{};
}

bool any_key_allowed(std::string_view parent) {
  const Children* children = children_of(parent);
  return children != nullptr && children->wildcard != nullptr;
}

std::span<const Renamed> renamed_keys() {
  return kRenamed;
}

std::string_view renamed_hint(std::string_view parent, std::string_view key) {
  for (const auto& renamed : kRenamed) {
    const std::string_view full = renamed.key;
    if (full.size() == parent.size() + key.size() + (parent.empty() ? 0 : 1) &&
        full.starts_with(parent) && full.ends_with(key) &&
        (parent.empty() || full[parent.size()] == '.'))
      return renamed.hint;
  }
  return {};
}

}  // namespace clearsim::scenario::detail
