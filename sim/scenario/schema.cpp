#include "sim/scenario/schema.hpp"

#include <array>
#include <utility>

#include "models/config.hpp"

namespace clearsim::scenario::detail {

namespace {

using T = Type;
using N = Need;

// The labels a placeholder segment stands for.
std::span<const char* const> placeholder_labels(std::string_view segment) {
  if (segment == "<cargo>") return model::kCargoLabels;
  if (segment == "<credit>") return model::kCreditLabels;
  if (segment == "<direction>") return model::kDirectionLabels;
  return {};
}

// Order matters: it is the order of docs/scenarios.md. A section's own row comes first.
const std::vector<Param>& table() {
  static const std::vector<Param> rows = {
      // ---- run settings ----
      {"name", T::text, N::required, "", "", "Scenario name, recorded with every result."},
      {"horizon", T::positive_duration, N::defaulted, "time", "30d",
       "Simulated time per replication, warm-up included."},
      {"warmup", T::duration, N::defaulted, "time", "5d",
       "Initial period left out of the statistics; shorter than `horizon`."},
      {"seed", T::seed, N::defaulted, "", "1",
       "Base seed of the random streams; replication r draws from (seed, r)."},
      {"replications", T::positive_count, N::defaulted, "", "5",
       "Independent replications per regime."},

      // ---- network ----
      {"network", T::mapping, N::required, "", "",
       "The port as a graph: nodes where boxes wait or are handled, edges they move along."},
      {"network.nodes", T::list, N::required, "", "", "The places of the port."},
      {"network.nodes[].name", T::text, N::required, "", "", "Unique node name."},
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

      // ---- districts ----
      {"districts", T::list, N::required, "", "",
       "Port districts (terminals): each has berths, a yard, a gate and the inspection "
       "sites its boxes go to."},
      {"districts[].name", T::text, N::required, "", "", "Unique district name."},
      {"districts[].berths", T::positive_count, N::required, "", "", "Berths for vessels."},
      {"districts[].berth_node", T::name, N::required, "", "", "A node of kind `berth`."},
      {"districts[].yard_node", T::name, N::required, "", "", "A node of kind `yard`."},
      {"districts[].gate_node", T::name, N::required, "", "", "A node of kind `gate`."},
      {"districts[].customs_site", T::name, N::required, "", "",
       "The inspection site (by name) where customs examines this district's boxes."},
      {"districts[].ciq_site", T::name, N::required, "", "",
       "The inspection site where inspection-quarantine (CIQ) examines them."},

      // ---- inspection sites ----
      {"inspection_sites", T::list, N::required, "", "",
       "Places where boxes are scanned and opened. Every site must be used by a district."},
      {"inspection_sites[].name", T::text, N::required, "", "", "Unique site name."},
      {"inspection_sites[].node", T::name, N::required, "", "",
       "A node of kind `inspection_site`."},
      {"inspection_sites[].scanners", T::count, N::defaulted, "", "0",
       "Non-intrusive scanners (used by machine-first inspection)."},
      {"inspection_sites[].scan_time", T::time_distribution, N::optional, "time",
       "required if scanners > 0", "Scan plus image review, per box."},
      {"inspection_sites[].bays", T::positive_count, N::required, "", "",
       "Places where a box can be opened."},
      {"inspection_sites[].customs_teams", T::positive_count, N::required, "", "",
       "Customs examination teams."},
      {"inspection_sites[].ciq_teams", T::positive_count, N::required, "", "",
       "CIQ examination teams."},

      // ---- traffic ----
      {"services", T::list, N::optional, "", "none",
       "Vessel services calling at a district. At least one service or box stream is "
       "needed."},
      {"services[].name", T::text, N::required, "", "", "Unique service name."},
      {"services[].district", T::name, N::required, "", "", "The district it calls at."},
      {"services[].calls", T::positive_rate, N::optional, "calls per time", "give calls or weekly",
       "Poisson calls, e.g. 12/day. Exclusive with `weekly`."},
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
      {"services[].crane_rate", T::rate_distribution, N::required, "moves per time", "",
       "Moves per hour per crane, drawn per call, e.g. `{uniform: {min: 25/h, max: 32/h}}`."},
      {"services[].export_window", T::positive_duration, N::defaulted, "time", "72h",
       "Export boxes gate in from this long before the vessel's arrival ..."},
      {"services[].export_cutoff", T::duration, N::defaulted, "time", "12h",
       "... until this long before it; shorter than `export_window`."},
      {"box_streams", T::list, N::optional, "", "none",
       "Poisson streams of boxes appearing in a district's yard, declared on arrival "
       "(validation scenarios, feeder or barge traffic)."},
      {"box_streams[].name", T::text, N::required, "", "", "Unique stream name."},
      {"box_streams[].district", T::name, N::required, "", "", "The district's yard."},
      {"box_streams[].rate", T::positive_rate, N::required, "boxes per time", "",
       "Arrival rate, e.g. 25/h."},
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
       "When declarations are lodged relative to the box's arrival (vessel arrival for "
       "imports, gate-in for exports), by direction."},
      {"declaration.<direction>", T::mapping, N::optional, "", "all defaults",
       "`<direction>` is import, export or rail_transit."},
      {"declaration.<direction>.advance_share", T::probability, N::defaulted, "", "0",
       "Share declared in advance of arrival."},
      {"declaration.<direction>.advance_lead", T::time_distribution, N::defaulted, "time", "0h",
       "How long before arrival advance declarations are lodged."},
      {"declaration.<direction>.lag", T::time_distribution, N::defaulted, "time", "0h",
       "How long after arrival the others are lodged."},
      {"declaration.<direction>.duty_payment", T::time_distribution, N::defaulted, "time", "0h",
       "From the risk channel being assigned to duties and taxes paid; release waits for it "
       "(imports pay; exports and transit normally do not)."},

      // ---- documents ----
      {"documents", T::mapping, N::required, "", "",
       "Document review of declarations by customs and CIQ."},
      {"documents.customs_officers", T::positive_count, N::required, "", "",
       "Customs document reviewers."},
      {"documents.customs_review", T::time_distribution, N::required, "time", "",
       "Customs review time per declaration."},
      {"documents.ciq_officers", T::positive_count, N::required, "", "", "CIQ document reviewers."},
      {"documents.ciq_review", T::time_distribution, N::required, "time", "",
       "CIQ review time (only boxes that need CIQ)."},
      {"documents.single_window", T::flag, N::defaulted, "", "false",
       "One submission serves both agencies."},
      {"documents.single_window_review", T::time_distribution, N::optional, "time",
       "same as customs_review", "Review time under single window (replaces both reviews)."},
      {"documents.risk_assessment", T::time_distribution, N::defaulted, "time", "0h",
       "From acceptance of the declaration to the channel being assigned."},

      // ---- selection ----
      {"selection", T::mapping, N::required, "", "", "Risk selection: which boxes are examined."},
      {"selection.customs", T::mapping, N::required, "", "",
       "Probability of a customs examination by credit class (all four required)."},
      {"selection.customs.<credit>", T::probability, N::required, "", "",
       "`<credit>` is advanced_certified, general_certified, ordinary or discredited."},
      {"selection.customs_cargo_factor", T::mapping, N::optional, "", "all 1",
       "Multiplies the customs probability by cargo class."},
      {"selection.customs_cargo_factor.<cargo>", T::factor, N::defaulted, "", "1",
       "`<cargo>` is general, reefer, hazardous, food or ecommerce."},
      {"selection.ciq", T::mapping, N::required, "", "",
       "Probability of a CIQ examination by cargo class (all five required)."},
      {"selection.ciq.<cargo>", T::probability, N::required, "", "",
       "`<cargo>` is general, reefer, hazardous, food or ecommerce."},
      {"selection.direction_factor", T::mapping, N::optional, "", "all 1",
       "Multiplies both probabilities by direction (e.g. exports are inspected less)."},
      {"selection.direction_factor.<direction>", T::factor, N::defaulted, "", "1",
       "`<direction>` is import, export or rail_transit."},
      {"selection.yellow_share", T::probability, N::defaulted, "", "0",
       "Share of unselected boxes given an extra document check (yellow channel)."},
      {"selection.yellow_check", T::time_distribution, N::defaulted, "time", "0h",
       "Duration of that check."},
      {"selection.scan_suspicious", T::probability, N::defaulted, "", "0.15",
       "Machine-first: probability that a scan image needs a manual examination."},

      // ---- inspection ----
      {"inspection", T::mapping, N::required, "", "", "How examinations are organised."},
      {"inspection.mode", T::choice, N::defaulted, "", "sequential",
       "`joint`: one move, one examination by both agencies, one release.", kInspectionModes},
      {"inspection.machine_first", T::flag, N::defaulted, "", "false",
       "Scan first; examine manually only if the image is suspicious."},
      {"inspection.green_channel", T::flag, N::defaulted, "", "false",
       "Queue priority by credit class."},
      {"inspection.customs_exam", T::time_distribution, N::required, "time", "",
       "Manual customs examination (unstuff, examine, restuff)."},
      {"inspection.ciq_exam", T::time_distribution, N::required, "time", "",
       "Manual CIQ examination."},

      // ---- release ----
      {"release", T::mapping, N::optional, "", "all defaults", "After the last check."},
      {"release.delay", T::time_distribution, N::defaulted, "time", "0h",
       "From the last check to release (paper round trip, or about 0)."},
      {"release.pickup", T::time_distribution, N::defaulted, "time", "0h",
       "Imports: from release to gate-out (the consignee's pick-up)."},

      // ---- rail ----
      {"rail", T::mapping, N::optional, "", "no rail traffic",
       "Sea-rail transit. Required if a service has `rail_share` > 0 or a box stream has "
       "direction `rail_transit`."},
      {"rail.node", T::name, N::required, "", "", "A node of kind `rail_yard`."},
      {"rail.train_interval", T::positive_duration, N::required, "time", "",
       "Trains depart every interval, from time 0."},
      {"rail.transit_check_share", T::probability, N::defaulted, "", "0",
       "Share of rail boxes re-inspected at the rail yard (baseline practice)."},
      {"rail.transit_check", T::time_distribution, N::defaulted, "time", "0h",
       "Duration of that re-inspection."},

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
       "Changes to the base document: mappings merge key by key, anything else replaces. "
       "Cannot change name, horizon, warmup, seed, replications or regimes."},
  };
  return rows;
}

// "a.b[].c" -> "a.b[]"; "" for a top-level key.
std::string_view parent_of(std::string_view key) {
  const std::size_t dot = key.rfind('.');
  return dot == std::string_view::npos ? std::string_view{} : key.substr(0, dot);
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
  for (const auto& row : table()) {
    if (parent_of(row.key) != parent) continue;
    const std::string_view name = leaf(row.key);
    if (name == key || name == "<regime>") return &row;
    for (const char* label : placeholder_labels(name))
      if (key == label) return &row;
  }
  return nullptr;
}

std::vector<std::string> child_keys(std::string_view parent) {
  std::vector<std::string> keys;
  for (const auto& row : table()) {
    if (parent_of(row.key) != parent) continue;
    const std::string_view name = leaf(row.key);
    const auto labels = placeholder_labels(name);
    if (labels.empty() && name.front() != '<') keys.emplace_back(name);
    for (const char* label : labels)
      keys.emplace_back(label);
  }
  return keys;
}

bool any_key_allowed(std::string_view parent) {
  const Param* row = find_child(parent, "<regime>");
  return row != nullptr && leaf(row->key) == "<regime>";
}

}  // namespace clearsim::scenario::detail
