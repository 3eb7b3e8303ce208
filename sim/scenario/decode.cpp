#include "sim/scenario/decode.hpp"

#include <cmath>
#include <numeric>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/routing.hpp"
#include "sim/scenario/decode_resources.hpp"
#include "sim/scenario/flows.hpp"
#include "sim/scenario/section.hpp"
#include "sim/scenario/text.hpp"

namespace clearsim::scenario::detail {

namespace {

using model::NodeKind;

// Shares that must sum to 1 may be off by rounding in the last typed digit, no more.
constexpr double kShareTolerance = 1e-6;

// The names defined by one part of the document (nodes, districts, inspection sites,
// services, agencies), so that references resolve and errors can list what exists.
class Names {
 public:
  explicit Names(std::string what) : what_(std::move(what)) {}

  void define_all(const std::vector<Section>& items) {
    for (const auto& item : items)
      define(item.text("name"), item.require("name"));
  }

  // `at` is where the name is written, for the message about a duplicate.
  void define(const std::string& name, const Value& at) { define(name, at.mark, at.path); }

  void define(const std::string& name, Mark mark, const std::string& path) {
    const auto [it, added] = index_.emplace(name, static_cast<int>(names_.size()));
    if (!added) {
      fail(mark, path,
           "duplicate " + what_ + " name " + quote(name) + " (first defined at line " +
               std::to_string(lines_[it->second]) + ")");
    }
    names_.push_back(name);
    lines_.push_back(mark.line);
  }

  // The index of `name`, or -1.
  int find(const std::string& name) const {
    const auto it = index_.find(name);
    return it == index_.end() ? -1 : it->second;
  }

  // Resolves the name given under `key` of `owner`.
  int resolve(const Section& owner, std::string_view key) const {
    const std::string name = owner.text(key);
    const int index = find(name);
    if (index < 0) unknown(owner.require(key).mark, owner.require(key).path, name);
    return index;
  }

  [[noreturn]] void unknown(Mark mark, const std::string& path, const std::string& name) const {
    fail(mark, path,
         "unknown " + what_ + " " + quote(name) + did_you_mean(name, names_) +
             "; defined: " + (names_.empty() ? "none" : join(names_)));
  }

  const std::string& operator[](int index) const { return names_[index]; }
  std::size_t size() const { return names_.size(); }

 private:
  std::string what_;
  std::vector<std::string> names_;
  std::vector<int> lines_;
  std::unordered_map<std::string, int> index_;
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
std::array<double, N> factors(const Section& section, const std::array<const char*, N>& labels) {
  std::array<double, N> values{};
  for (std::size_t i = 0; i < N; ++i)
    values[i] = section.factor(labels[i]);
  return values;
}

model::DeclarationConfig declaration(const Section& section) {
  model::DeclarationConfig config;
  config.advance_share = section.credit_probabilities("advance_share");
  config.advance_lead = section.distribution("advance_lead");
  config.manifest = section.distribution("manifest");
  config.delivery_order = section.distribution("delivery_order");
  const Section permits = section.section("permits");
  for (std::size_t c = 0; c < model::kCargoClasses; ++c)
    config.permits[c] = permits.distribution(model::kCargoLabels[c]);
  config.preparation = section.distribution("preparation");
  config.deferral_share = section.credit_probabilities("deferral_share");
  config.deferral = section.distribution("deferral");
  config.duty_payment = section.distribution("duty_payment");
  config.guarantee_share = section.credit_probabilities("guarantee_share");
  return config;
}

model::AgencyConfig agency(const std::string& name, const Section& item) {
  model::AgencyConfig agency;
  agency.name = name;
  if (item.find("regulates")) agency.regulates = item.cargo_set("regulates");
  agency.officers = item.count("officers");
  agency.review = item.distribution("review");
  agency.risk_assessment = item.distribution("risk_assessment");
  const Section selection = item.section("selection");
  agency.credit_factor = factors(selection.section("credit"), model::kCreditLabels);
  agency.cargo_factor = factors(selection.section("cargo"), model::kCargoLabels);
  agency.direction_factor = factors(selection.section("direction"), model::kDirectionLabels);
  agency.exam = item.distribution("exam");
  agency.scannable = item.flag("scannable");
  return agency;
}

// A distribution that is needed only where a count of its servers is positive
// (scan_time with scanners, gate_scan_time with gate_scanners).
sim::Distribution required_if_counted(const Section& item, std::string_view key,
                                      std::string_view count_key, int count) {
  if (item.find(key)) return item.distribution(key);
  if (count > 0) {
    fail(
        item.node().mark, join_path(item.node().path, key),
        "missing key '" + std::string(key) + "', required when " + std::string(count_key) + " > 0");
  }
  return {};
}

// Where a message points: a value, or (for something missing) a mapping and the key path
// of what it lacks.
struct Position {
  Mark mark;
  std::string path;
};

Position at_value(const Value& value) {
  return {value.mark, value.path};
}

// The value under `key`, or the mapping that lacks it with the key's path.
Position at_key(const Section& owner, std::string_view key) {
  if (const Value* value = owner.find(key)) return at_value(*value);
  return {owner.node().mark, join_path(owner.node().path, key)};
}

// Connected components of the (undirected) network: a box can go from one node to another
// exactly when both are in the same component. Linear in nodes and edges.
std::vector<int> components(const model::PortConfig& port) {
  std::vector<int> parent(port.nodes.size());
  std::iota(parent.begin(), parent.end(), 0);
  const auto root = [&](int node) {
    while (parent[node] != node)
      node = parent[node] = parent[parent[node]];
    return node;
  };
  for (const auto& edge : port.edges)
    parent[root(edge.from)] = root(edge.to);
  std::vector<int> component(port.nodes.size());
  for (std::size_t n = 0; n < component.size(); ++n)
    component[n] = root(static_cast<int>(n));
  return component;
}

// Decodes one document. The sections keep pointers into it, so that cross-field checks at
// the end can point at the value they are about.
class PortDecoder {
 public:
  PortDecoder(const Value& document, const std::string& regime)
      : top_(document, ""), regime_(regime) {
    port_.name = top_.text("name");
    port_.regime = regime;
  }

  model::PortConfig decode() {
    define_names();
    decode_network();
    decode_agencies();
    decode_districts();
    decode_sites();
    decode_traffic();
    decode_clearance();
    decode_rail();
    decode_export_terminal(top_, port_.export_terminal);
    decode_regional(top_, port_.regional);
    port_.staffing = decode_staffing(top_);
    port_.costs = decode_costs(top_);
    port_.disruptions = decode_disruptions(
        top_, port_, [this](const Section& s, std::string_view k) { return sites_.resolve(s, k); },
        [this](const Section& s, std::string_view k) { return districts_.resolve(s, k); });
    check_sites_used();
    check_routes();
    check_pools();
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
    define_agencies();
  }

  // Agencies are the keys of `agencies`, in file order; the first is the lead.
  void define_agencies() {
    const Section agencies = top_.section("agencies");
    const auto& members = agencies.node().members;
    if (members.empty()) {
      fail(agencies.node(), "at least one agency is needed (the first is the lead agency)");
    }
    for (const auto& member : members) {
      if (agency_items_.size() == model::kMaxAgencies) {
        fail(member.key_mark, member.value.path,
             "too many agencies: at most " + std::to_string(model::kMaxAgencies) +
                 " (every combination of their selections is enumerated)");
      }
      const std::string problem = name_problem(member.key);
      if (!problem.empty()) fail(member.key_mark, member.value.path, problem);
      agencies_.define(member.key, member.key_mark, member.value.path);
      agency_items_.push_back(agencies.section(member.key));
    }
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

  void decode_agencies() {
    for (std::size_t a = 0; a < agency_items_.size(); ++a)
      port_.agencies.push_back(agency(agencies_[static_cast<int>(a)], agency_items_[a]));
  }

  // Keys of a mapping by agency (exam_sites, teams) must name agencies.
  void check_agency_keys(const Section& section) const {
    for (const auto& member : section.node().members) {
      if (agencies_.find(member.key) < 0) {
        agencies_.unknown(member.key_mark, member.value.path, member.key);
      }
    }
  }

  // A node reference that must name a node of `kind` (and, if the node says which district
  // it belongs to, of this district).
  int node_of_kind(const Section& owner, std::string_view key, NodeKind kind,
                   int district = -1) const {
    const int index = nodes_.resolve(owner, key);
    const model::NodeConfig& node = port_.nodes[index];
    if (node.kind != kind) {
      fail(owner.require(key), "node " + quote(node.name) + " is of kind " +
                                   model::kNodeKindLabels[static_cast<int>(node.kind)] + "; " +
                                   std::string(key) + " must name a node of kind " +
                                   model::kNodeKindLabels[static_cast<int>(kind)]);
    }
    if (district >= 0 && node.district >= 0 && node.district != district) {
      fail(owner.require(key), "node " + quote(node.name) + " belongs to district " +
                                   quote(districts_[node.district]) + ", not " +
                                   quote(districts_[district]));
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
      district.exam_site = exam_sites(item.section("exam_sites"));
      district.gate_scanners = item.count("gate_scanners");
      district.gate_scan_time =
          required_if_counted(item, "gate_scan_time", "gate_scanners", district.gate_scanners);
      port_.districts.push_back(district);
    }
  }

  // One inspection site per agency, every agency named.
  std::vector<int> exam_sites(const Section& section) const {
    check_agency_keys(section);
    std::vector<int> sites;
    for (std::size_t a = 0; a < agencies_.size(); ++a) {
      const std::string& agency = agencies_[static_cast<int>(a)];
      if (!section.find(agency)) {
        fail(section.node().mark, join_path(section.node().path, agency),
             "no exam site for agency " + quote(agency) +
                 ": every agency needs one (defined: " + agency_list() + ")");
      }
      sites.push_back(sites_.resolve(section, agency));
    }
    return sites;
  }

  std::string agency_list() const {
    std::vector<std::string> names;
    for (std::size_t a = 0; a < agencies_.size(); ++a)
      names.push_back(agencies_[static_cast<int>(a)]);
    return join(names);
  }

  void decode_sites() {
    for (const auto& item : site_items_) {
      model::InspectionSiteConfig site;
      site.name = item.text("name");
      site.node = node_of_kind(item, "node", NodeKind::inspection_site);
      site.scanners = item.count("scanners");
      site.scan_time = required_if_counted(item, "scan_time", "scanners", site.scanners);
      site.bays = item.count("bays");
      const Section teams = item.section("teams");
      check_agency_keys(teams);
      for (std::size_t a = 0; a < agencies_.size(); ++a)
        site.teams.push_back(teams.count(agencies_[static_cast<int>(a)]));
      const Section own_bays = item.section("own_bays");
      check_agency_keys(own_bays);
      for (std::size_t a = 0; a < agencies_.size(); ++a)
        site.own_bays.push_back(own_bays.count(agencies_[static_cast<int>(a)]));
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
    const Section documents = top_.section("documents");
    port_.documents.single_window = documents.flag("single_window");
    port_.documents.handoff = documents.distribution("handoff");
    const Section selection = top_.section("selection");
    port_.selection.correlation = selection.fraction("correlation");
    port_.selection.yellow_share = selection.probability("yellow_share");
    port_.selection.yellow_check = selection.distribution("yellow_check");
    decode_inspection(top_.section("inspection"));
    const Section release = top_.section("release");
    port_.release.delay = release.distribution("delay");
    port_.release.pickup = release.distribution("pickup");
  }

  void decode_inspection(const Section& section) {
    model::InspectionConfig& inspection = port_.inspection;
    inspection.policy = static_cast<model::ExamPolicy>(section.choice("policy"));
    inspection.green_channel = section.flag("green_channel");
    inspection.shared_facilities = section.flag("shared_facilities");
    const Section machine_first = section.section("machine_first");
    model::MachineFirstConfig& mf = inspection.machine_first;
    mf.share = machine_first.probability("share");
    mf.place = static_cast<model::ScanPlace>(machine_first.choice("place"));
    mf.open_after_review = machine_first.probability("open_after_review");
    mf.image_officers = machine_first.count("image_officers");
    mf.image_review = machine_first.distribution("image_review");
  }

  void decode_rail() {
    if (top_.find("rail")) {
      const Section rail = top_.section("rail");
      port_.rail.node = node_of_kind(rail, "node", NodeKind::rail_yard);
      port_.rail.train_interval = rail.duration("train_interval");
      port_.rail.transit_check_share = rail.probability("transit_check_share");
      port_.rail.transit_check = rail.distribution("transit_check");
      decode_rail_flow(rail, port_.rail);
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
      for (const int site : district.exam_site)
        used[site] = true;
    for (std::size_t s = 0; s < used.size(); ++s) {
      if (used[s]) continue;
      fail(site_items_[s].node(), "inspection site " + quote(port_.sites[s].name) +
                                      " is used by no district: an inspection site that no "
                                      "route reaches (name it in a district's exam_sites)");
    }
  }

  std::vector<bool> districts_with_rail_traffic() const {
    std::vector<bool> rail(port_.districts.size(), false);
    for (const auto& service : port_.services)
      if (service.rail_share > 0) rail[service.district] = true;
    for (const auto& stream : port_.box_streams)
      if (stream.direction == model::Direction::rail_transit) rail[stream.district] = true;
    return rail;
  }

  // The model moves boxes along shortest paths from the yard: every place a district's
  // boxes go to must be reachable from its yard.
  void check_routes() const {
    const std::vector<int> component = components(port_);
    const std::vector<bool> rail = districts_with_rail_traffic();
    for (std::size_t d = 0; d < port_.districts.size(); ++d) {
      const model::DistrictConfig& district = port_.districts[d];
      const Section& item = district_items_[d];
      const auto require_route = [&](int node, const Value& at, const std::string& what) {
        if (component[node] == component[district.yard_node]) return;
        fail(at, "district " + quote(district.name) + ": no route along network.edges from yard " +
                     quote(port_.nodes[district.yard_node].name) + " to " + what);
      };
      require_route(district.berth_node, item.require("berth_node"),
                    "berth " + quote(port_.nodes[district.berth_node].name));
      require_route(district.gate_node, item.require("gate_node"),
                    "gate " + quote(port_.nodes[district.gate_node].name));
      const Section exam_sites = item.section("exam_sites");
      for (std::size_t a = 0; a < district.exam_site.size(); ++a) {
        const model::InspectionSiteConfig& site = port_.sites[district.exam_site[a]];
        require_route(site.node, exam_sites.require(agencies_[static_cast<int>(a)]),
                      "inspection site " + quote(site.name) + " (node " +
                          quote(port_.nodes[site.node].name) + ")");
      }
      if (port_.rail.node >= 0 && rail[d]) {
        require_route(port_.rail.node, item.require("yard_node"),
                      "rail yard " + quote(port_.nodes[port_.rail.node].name));
      }
    }
  }

  // Pools that some box's route may need but that have no capacity. Which routes exist is
  // the model's knowledge (models/routing.hpp), not repeated here; the first problem is
  // reported where the capacity is (or should be) written.
  void check_pools() const {
    const std::vector<model::MissingPool> missing = model::missing_pools(port_);
    if (missing.empty()) return;
    const Position at = position_of(missing.front());
    fail(at.mark, at.path, missing.front().message);
  }

  Position position_of(const model::MissingPool& pool) const {
    using Kind = model::MissingPool::Kind;
    if (pool.kind == Kind::exam_teams) {
      const Section& site = site_items_[pool.site];
      if (!site.find("teams")) return at_key(site, "teams");
      return at_key(site.section("teams"), agencies_[pool.agency]);
    }
    if (pool.kind == Kind::own_bays) {
      const Section& site = site_items_[pool.site];
      const Position bays = site.find("own_bays")
                                ? at_key(site.section("own_bays"), agencies_[pool.agency])
                                : at_key(site, "own_bays");
      return written_by_regime(bays, at_key(top_.section("inspection"), "shared_facilities"));
    }
    if (pool.kind == Kind::inland_inspection) {
      const Section regional = top_.section("regional");
      const Section node = regional.items("nodes")[pool.site];
      const bool teams = port_.regional.nodes[pool.site].teams <= 0;
      return written_by_regime(at_key(node, teams ? "teams" : "bays"),
                               at_key(regional, "integrated"));
    }
    const Section machine_first = top_.section("inspection").section("machine_first");
    if (pool.kind == Kind::yard_scanners) {
      return written_by_regime(at_key(site_items_[pool.site], "scanners"),
                               at_key(machine_first, "share"));
    }
    return written_by_regime(at_key(district_items_[pool.district], "gate_scanners"),
                             at_key(machine_first, "place"));
  }

  // Of a pool's capacity and the setting that asks for the pool, the one this regime's own
  // overlay wrote, else one another overlay wrote, else the capacity: a regime that turns
  // machine-first on is told so at its own line.
  Position written_by_regime(const Position& capacity, const Position& request) const {
    const std::string own = "regimes." + regime_ + ".";
    if (capacity.path.starts_with(own)) return capacity;
    if (request.path.starts_with(own)) return request;
    if (request.path.starts_with("regimes.")) return request;
    return capacity;
  }

  Section top_;
  std::string regime_;
  model::PortConfig port_;
  Names nodes_{"node"};
  Names districts_{"district"};
  Names sites_{"inspection site"};
  Names agencies_{"agency"};
  std::vector<Section> node_items_, edge_items_, district_items_, site_items_;
  std::vector<Section> agency_items_, service_items_, stream_items_;
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
