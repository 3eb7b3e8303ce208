#include "sim/scenario/decode.hpp"

#include <cmath>
#include <deque>
#include <string>
#include <vector>

#include "sim/scenario/section.hpp"
#include "sim/scenario/text.hpp"

namespace clearsim::scenario::detail {

namespace {

using model::NodeKind;

// Shares that must sum to 1 may be off by rounding in the last typed digit, no more.
constexpr double kShareTolerance = 1e-6;

// The names defined by one list of the document (nodes, districts, inspection sites,
// services), so that references resolve and errors can list what exists.
class Names {
 public:
  explicit Names(std::string what) : what_(std::move(what)) {}

  void define_all(const std::vector<Section>& items) {
    for (const auto& item : items)
      define(item);
  }

  // Resolves the name given under `key` of `owner`.
  int resolve(const Section& owner, std::string_view key) const {
    const std::string name = owner.text(key);
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == name) return static_cast<int>(i);
    fail(owner.require(key), "unknown " + what_ + " '" + name + "'" + did_you_mean(name, names_) +
                                 "; defined: " + (names_.empty() ? "none" : join(names_)));
  }

  const std::string& operator[](int index) const { return names_[index]; }

 private:
  void define(const Section& item) {
    const std::string name = item.text("name");
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == name) {
        fail(item.require("name"), "duplicate " + what_ + " name '" + name +
                                       "' (first defined at line " + std::to_string(lines_[i]) +
                                       ")");
      }
    }
    names_.push_back(name);
    lines_.push_back(item.require("name").mark.line);
  }

  std::string what_;
  std::vector<std::string> names_;
  std::vector<int> lines_;
};

std::vector<Section> non_empty(std::vector<Section> items, const Section& owner,
                               std::string_view key, std::string_view what) {
  if (items.empty()) {
    const Value* list = owner.find(key);
    fail(list ? *list : owner.node(), "at least one " + std::string(what) + " is needed");
  }
  return items;
}

// Reads one share per label; they must sum to 1.
template <std::size_t N>
std::array<double, N> shares(const Section& section, const std::array<const char*, N>& labels) {
  std::array<double, N> values{};
  double sum = 0;
  std::string terms;
  for (std::size_t i = 0; i < N; ++i) {
    values[i] = section.probability(labels[i]);
    sum += values[i];
    if (values[i] > 0) terms += (terms.empty() ? "" : " + ") + format_number(values[i]);
  }
  if (std::fabs(sum - 1) > kShareTolerance) {
    fail(section.node(), "shares must sum to 1, but sum to " + format_number(sum) +
                             (terms.empty() ? "" : " (" + terms + ")"));
  }
  return values;
}

template <std::size_t N>
std::array<double, N> probabilities(const Section& section,
                                    const std::array<const char*, N>& labels) {
  std::array<double, N> values{};
  for (std::size_t i = 0; i < N; ++i)
    values[i] = section.probability(labels[i]);
  return values;
}

template <std::size_t N>
std::array<double, N> factors(const Section& section, const std::array<const char*, N>& labels) {
  std::array<double, N> values{};
  for (std::size_t i = 0; i < N; ++i)
    values[i] = section.factor(labels[i]);
  return values;
}

model::DeclarationConfig declaration(const Section& section) {
  model::DeclarationConfig config;
  config.advance_share = section.probability("advance_share");
  config.advance_lead = section.distribution("advance_lead");
  config.lag = section.distribution("lag");
  config.duty_payment = section.distribution("duty_payment");
  return config;
}

// Decodes one document. The sections keep pointers into it, so that cross-field checks at
// the end can point at the value they are about.
class PortDecoder {
 public:
  PortDecoder(const Value& document, const std::string& regime) : top_(document, "") {
    port_.name = top_.text("name");
    port_.regime = regime;
  }

  model::PortConfig decode() {
    define_names();
    decode_network();
    decode_districts();
    decode_sites();
    decode_traffic();
    decode_clearance();
    decode_rail();
    check_sites_used();
    check_routes();
    return std::move(port_);
  }

 private:
  void define_names() {
    const Section network = top_.section("network");
    node_items_ = non_empty(network.items("nodes"), network, "nodes", "node");
    edge_items_ = network.items("edges");
    district_items_ = non_empty(top_.items("districts"), top_, "districts", "district");
    site_items_ =
        non_empty(top_.items("inspection_sites"), top_, "inspection_sites", "inspection site");
    nodes_.define_all(node_items_);
    districts_.define_all(district_items_);
    sites_.define_all(site_items_);
  }

  void decode_network() {
    for (const auto& item : node_items_) {
      model::NodeConfig node;
      node.name = item.text("name");
      node.kind = static_cast<NodeKind>(item.choice("kind"));
      if (item.find("district")) node.district = districts_.resolve(item, "district");
      port_.nodes.push_back(node);
    }
    for (const auto& item : edge_items_) {
      model::EdgeConfig edge;
      edge.from = nodes_.resolve(item, "from");
      edge.to = nodes_.resolve(item, "to");
      if (edge.from == edge.to) fail(item.require("to"), "an edge must join two different nodes");
      edge.transfer = item.distribution("transfer");
      port_.edges.push_back(edge);
    }
  }

  // A node reference that must name a node of `kind` (and, if the node says which district
  // it belongs to, of this district).
  int node_of_kind(const Section& owner, std::string_view key, NodeKind kind,
                   int district = -1) const {
    const int index = nodes_.resolve(owner, key);
    const model::NodeConfig& node = port_.nodes[index];
    if (node.kind != kind) {
      fail(owner.require(key), "node '" + node.name + "' is of kind " +
                                   model::kNodeKindLabels[static_cast<int>(node.kind)] + "; " +
                                   std::string(key) + " must name a node of kind " +
                                   model::kNodeKindLabels[static_cast<int>(kind)]);
    }
    if (district >= 0 && node.district >= 0 && node.district != district) {
      fail(owner.require(key), "node '" + node.name + "' belongs to district '" +
                                   districts_[node.district] + "', not '" + districts_[district] +
                                   "'");
    }
    return index;
  }

  void decode_districts() {
    for (std::size_t d = 0; d < district_items_.size(); ++d) {
      const Section& item = district_items_[d];
      const int self = static_cast<int>(d);
      model::DistrictConfig district;
      district.name = item.text("name");
      district.berths = item.count("berths");
      district.berth_node = node_of_kind(item, "berth_node", NodeKind::berth, self);
      district.yard_node = node_of_kind(item, "yard_node", NodeKind::yard, self);
      district.gate_node = node_of_kind(item, "gate_node", NodeKind::gate, self);
      district.customs_site = sites_.resolve(item, "customs_site");
      district.ciq_site = sites_.resolve(item, "ciq_site");
      port_.districts.push_back(district);
    }
  }

  void decode_sites() {
    for (const auto& item : site_items_) {
      model::InspectionSiteConfig site;
      site.name = item.text("name");
      site.node = node_of_kind(item, "node", NodeKind::inspection_site);
      site.scanners = item.count("scanners");
      if (item.find("scan_time")) {
        site.scan_time = item.distribution("scan_time");
      } else if (site.scanners > 0) {
        fail(item.node().mark, join_path(item.node().path, "scan_time"),
             "missing key 'scan_time', required when scanners > 0");
      }
      site.bays = item.count("bays");
      site.customs_teams = item.count("customs_teams");
      site.ciq_teams = item.count("ciq_teams");
      port_.sites.push_back(site);
    }
  }

  void decode_traffic() {
    service_items_ = top_.items("services");
    stream_items_ = top_.items("box_streams");
    Names services("service");
    services.define_all(service_items_);
    Names streams("box stream");
    streams.define_all(stream_items_);
    for (const auto& item : service_items_)
      port_.services.push_back(service(item));
    for (const auto& item : stream_items_)
      port_.box_streams.push_back(box_stream(item));
    if (port_.services.empty() && port_.box_streams.empty()) {
      fail(top_.node().mark, "services",
           "no traffic: give at least one service or box stream (box_streams)");
    }
  }

  // The largest ships carry ~24,000 TEU (~15,000 boxes); a mean far beyond that is a typo.
  static sim::Distribution boxes_per_call(const Section& item, std::string_view key) {
    const sim::Distribution d = item.distribution(key);
    constexpr double kAbsurd = 20'000;
    if (d.mean() > kAbsurd)
      fail(item.require(key), "an absurd number of boxes per call: mean " +
                                  format_number(d.mean()) + " (more than " +
                                  format_number(kAbsurd) + ")");
    return d;
  }

  model::ServiceConfig service(const Section& item) const {
    model::ServiceConfig service;
    service.name = item.text("name");
    service.district = districts_.resolve(item, "district");
    schedule(item, service);
    service.discharge_boxes = boxes_per_call(item, "discharge_boxes");
    service.load_boxes = boxes_per_call(item, "load_boxes");
    service.rail_share = item.probability("rail_share");
    service.cranes = item.count("cranes");
    service.crane_rate = item.distribution("crane_rate");
    service.export_window = item.duration("export_window");
    service.export_cutoff = item.duration("export_cutoff");
    if (service.export_cutoff >= service.export_window) {
      const Value* at = item.find("export_cutoff");
      fail(at ? *at : item.require("export_window"),
           "export_cutoff must be shorter than export_window (" +
               format_number(service.export_window) + "h), got " +
               format_number(service.export_cutoff) + "h");
    }
    return service;
  }

  // Poisson calls or a weekly timetable, exactly one of them.
  static void schedule(const Section& item, model::ServiceConfig& service) {
    const Value* calls = item.find("calls");
    const Value* weekly = item.find("weekly");
    if (calls && weekly) {
      fail(*weekly, "give either calls or weekly, not both");
    }
    if (!calls && !weekly) {
      fail(item.node().mark, join_path(item.node().path, "calls"),
           "missing key 'calls' or 'weekly': give Poisson calls (e.g. calls: 12/day) or a "
           "weekly timetable (e.g. weekly: [mon 06:00, thu 18:30])");
    }
    if (calls) service.calls_per_hour = item.rate("calls");
    if (weekly) service.weekly_times = item.weekly_times("weekly");
  }

  model::BoxStreamConfig box_stream(const Section& item) const {
    model::BoxStreamConfig stream;
    stream.name = item.text("name");
    stream.district = districts_.resolve(item, "district");
    stream.boxes_per_hour = item.rate("rate");
    stream.direction = static_cast<model::Direction>(item.choice("direction"));
    return stream;
  }

  void decode_clearance() {
    port_.cargo_mix = shares(top_.section("cargo_mix"), model::kCargoLabels);
    port_.credit_mix = shares(top_.section("credit_mix"), model::kCreditLabels);
    const Section declarations = top_.section("declaration");
    for (std::size_t d = 0; d < model::kDirections; ++d)
      port_.declaration[d] = declaration(declarations.section(model::kDirectionLabels[d]));
    decode_documents(top_.section("documents"));
    decode_selection(top_.section("selection"));
    decode_inspection(top_.section("inspection"));
    const Section release = top_.section("release");
    port_.release.delay = release.distribution("delay");
    port_.release.pickup = release.distribution("pickup");
  }

  void decode_documents(const Section& section) {
    model::DocumentsConfig& documents = port_.documents;
    documents.customs_officers = section.count("customs_officers");
    documents.customs_review = section.distribution("customs_review");
    documents.ciq_officers = section.count("ciq_officers");
    documents.ciq_review = section.distribution("ciq_review");
    documents.single_window = section.flag("single_window");
    documents.single_window_review = section.find("single_window_review")
                                         ? section.distribution("single_window_review")
                                         : documents.customs_review;
    documents.risk_assessment = section.distribution("risk_assessment");
  }

  void decode_selection(const Section& section) {
    model::SelectionConfig& selection = port_.selection;
    selection.customs_rate = probabilities(section.section("customs"), model::kCreditLabels);
    selection.customs_cargo_factor =
        factors(section.section("customs_cargo_factor"), model::kCargoLabels);
    selection.ciq_rate = probabilities(section.section("ciq"), model::kCargoLabels);
    selection.direction_factor =
        factors(section.section("direction_factor"), model::kDirectionLabels);
    selection.yellow_share = section.probability("yellow_share");
    selection.yellow_check = section.distribution("yellow_check");
    selection.scan_suspicious = section.probability("scan_suspicious");
  }

  void decode_inspection(const Section& section) {
    model::InspectionConfig& inspection = port_.inspection;
    inspection.joint = section.choice("mode") == 1;
    inspection.machine_first = section.flag("machine_first");
    inspection.green_channel = section.flag("green_channel");
    inspection.customs_exam = section.distribution("customs_exam");
    inspection.ciq_exam = section.distribution("ciq_exam");
    if (inspection.machine_first) require_scanners(section);
  }

  // Machine-first sends every selected box to a scanner at its district's sites.
  void require_scanners(const Section& inspection) const {
    for (const auto& district : port_.districts) {
      for (const int s : {district.customs_site, district.ciq_site}) {
        if (port_.sites[s].scanners > 0) continue;
        fail(inspection.require("machine_first"),
             "machine-first inspection needs scanners, but inspection site '" +
                 port_.sites[s].name + "' (used by district '" + district.name + "') has none");
      }
    }
  }

  void decode_rail() {
    if (top_.find("rail")) {
      const Section rail = top_.section("rail");
      port_.rail.node = node_of_kind(rail, "node", NodeKind::rail_yard);
      port_.rail.train_interval = rail.duration("train_interval");
      port_.rail.transit_check_share = rail.probability("transit_check_share");
      port_.rail.transit_check = rail.distribution("transit_check");
      return;
    }
    port_.rail = model::RailConfig{};
    for (std::size_t i = 0; i < port_.services.size(); ++i) {
      if (port_.services[i].rail_share > 0) {
        fail(service_items_[i].require("rail_share"),
             "rail_share > 0 needs a 'rail' section (the rail yard and train interval)");
      }
    }
    for (std::size_t i = 0; i < port_.box_streams.size(); ++i) {
      if (port_.box_streams[i].direction == model::Direction::rail_transit) {
        fail(stream_items_[i].require("direction"),
             "rail_transit boxes need a 'rail' section (the rail yard and train interval)");
      }
    }
  }

  void check_sites_used() const {
    std::vector<bool> used(port_.sites.size(), false);
    for (const auto& district : port_.districts)
      used[district.customs_site] = used[district.ciq_site] = true;
    for (std::size_t s = 0; s < used.size(); ++s) {
      if (used[s]) continue;
      fail(site_items_[s].node(), "inspection site '" + port_.sites[s].name +
                                      "' is used by no district: an inspection site that no "
                                      "route reaches (name it as a customs_site or ciq_site)");
    }
  }

  // Nodes reachable from `start` along the (undirected) edges.
  std::vector<bool> reachable_from(int start) const {
    std::vector<std::vector<int>> neighbours(port_.nodes.size());
    for (const auto& edge : port_.edges) {
      neighbours[edge.from].push_back(edge.to);
      neighbours[edge.to].push_back(edge.from);
    }
    std::vector<bool> seen(port_.nodes.size(), false);
    std::deque<int> frontier{start};
    seen[start] = true;
    while (!frontier.empty()) {
      const int node = frontier.front();
      frontier.pop_front();
      for (const int next : neighbours[node]) {
        if (!seen[next]) {
          seen[next] = true;
          frontier.push_back(next);
        }
      }
    }
    return seen;
  }

  bool has_rail_traffic(int district) const {
    for (const auto& service : port_.services)
      if (service.district == district && service.rail_share > 0) return true;
    for (const auto& stream : port_.box_streams)
      if (stream.district == district && stream.direction == model::Direction::rail_transit) {
        return true;
      }
    return false;
  }

  // The model moves boxes along shortest paths from the yard: every place a district's
  // boxes go to must be reachable from its yard.
  void check_routes() const {
    for (std::size_t d = 0; d < port_.districts.size(); ++d) {
      const model::DistrictConfig& district = port_.districts[d];
      const Section& item = district_items_[d];
      const std::vector<bool> seen = reachable_from(district.yard_node);
      const auto require_route = [&](int node, std::string_view key, const std::string& what) {
        if (seen[node]) return;
        fail(item.require(key), "district '" + district.name + "': no route along " +
                                    "network.edges from yard '" +
                                    port_.nodes[district.yard_node].name + "' to " + what);
      };
      require_route(district.berth_node, "berth_node",
                    "berth '" + port_.nodes[district.berth_node].name + "'");
      require_route(district.gate_node, "gate_node",
                    "gate '" + port_.nodes[district.gate_node].name + "'");
      for (const auto& [site, key] :
           {std::pair{district.customs_site, "customs_site"}, {district.ciq_site, "ciq_site"}}) {
        const int node = port_.sites[site].node;
        require_route(node, key,
                      "inspection site '" + port_.sites[site].name + "' (node '" +
                          port_.nodes[node].name + "')");
      }
      if (port_.rail.node >= 0 && has_rail_traffic(static_cast<int>(d))) {
        require_route(port_.rail.node, "yard_node",
                      "rail yard '" + port_.nodes[port_.rail.node].name + "'");
      }
    }
  }

  Section top_;
  model::PortConfig port_;
  Names nodes_{"node"};
  Names districts_{"district"};
  Names sites_{"inspection site"};
  std::vector<Section> node_items_, edge_items_, district_items_, site_items_;
  std::vector<Section> service_items_, stream_items_;
};

}  // namespace

model::PortConfig decode_port(const Value& document, const std::string& regime) {
  return PortDecoder(document, regime).decode();
}

RunDefaults decode_run(const Value& document) {
  const Section top(document, "");
  RunDefaults run;
  run.horizon_hours = top.duration("horizon");
  run.warmup_hours = top.duration("warmup");
  run.seed = top.seed("seed");
  run.replications = top.count("replications");
  if (run.warmup_hours >= run.horizon_hours) {
    const Value* at = top.find("warmup");
    fail(at ? *at : top.require("horizon"), "warmup must be shorter than horizon (" +
                                                format_number(run.horizon_hours) + "h), got " +
                                                format_number(run.warmup_hours) + "h");
  }
  return run;
}

}  // namespace clearsim::scenario::detail
