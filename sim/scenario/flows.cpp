#include "sim/scenario/flows.hpp"

#include <cmath>
#include <set>
#include <string>

#include "sim/scenario/text.hpp"

namespace clearsim::scenario::detail {

namespace {

// Shares may be off by rounding in the last typed digit, no more.
constexpr double kShareTolerance = 1e-6;

// A sum of typed shares, without the binary rounding of the addition (0.3 + 0.6).
std::string format_sum(double sum) {
  return format_number(std::round(sum * 1e9) / 1e9);
}

// The names of a list's items, each defined once.
void check_unique_names(const std::vector<Section>& items, const std::string& what) {
  std::set<std::string> seen;
  for (const auto& item : items) {
    const std::string name = item.text("name");
    if (!seen.insert(name).second) {
      fail(item.require("name"), what + " " + quote(name) + " is defined twice");
    }
  }
}

}  // namespace

void decode_rail_flow(const Section& rail, model::RailConfig& out) {
  const std::vector<Section> items = rail.items("destinations");
  check_unique_names(items, "rail destination");
  double sum = 0;
  for (const auto& item : items) {
    model::RailDestinationConfig destination;
    destination.name = item.text("name");
    destination.share = item.probability("share");
    destination.weekly_times = item.weekly_times("weekly");
    destination.capacity = item.count("capacity");
    sum += destination.share;
    out.destinations.push_back(std::move(destination));
  }
  if (!items.empty() && std::fabs(sum - 1) > kShareTolerance) {
    fail(rail.require("destinations"),
         "the destinations' shares must sum to 1, but sum to " + format_sum(sum));
  }
  out.booking_lead = rail.duration("booking_lead");
  out.closing = rail.duration("closing");
  out.seal_checkers = rail.count("seal_checkers");
  out.seal_check = rail.distribution("seal_check");
  out.cranes = rail.count("cranes");
  out.lift = rail.distribution("lift");
  out.one_declaration = rail.flag("one_declaration");
  out.rail_declaration = rail.distribution("rail_declaration");
}

void decode_export_terminal(const Section& top, model::ExportTerminalConfig& out) {
  out = model::ExportTerminalConfig{};
  if (!top.find("export_terminal")) return;
  const Section terminal = top.section("export_terminal");
  out.modelled = true;
  out.haul = terminal.distribution("haul");
  out.gate_lanes = terminal.count("gate_lanes");
  out.gate_time = terminal.distribution("gate_time");
  out.arrival_report = terminal.distribution("arrival_report");
  out.clear_at_gate = terminal.flag("clear_at_gate");
  out.release_cutoff = terminal.duration("release_cutoff");
}

void decode_regional(const Section& top, model::RegionalConfig& out) {
  out = model::RegionalConfig{};
  if (!top.find("regional")) return;
  const Section regional = top.section("regional");
  const std::vector<Section> items = regional.items("nodes");
  check_unique_names(items, "inland node");
  double sum = 0;
  for (const auto& item : items) {
    model::InlandNodeConfig node;
    node.name = item.text("name");
    node.share = item.probability("share");
    node.link = item.distribution("link");
    node.bays = item.count("bays");
    node.teams = item.count("teams");
    sum += node.share;
    out.nodes.push_back(std::move(node));
  }
  if (sum > 1 + kShareTolerance) {
    fail(regional.require("nodes"),
         "the inland nodes' shares must sum to at most 1, but sum to " + format_sum(sum));
  }
  out.remote_filing = regional.distribution("remote_filing");
  out.integrated = regional.flag("integrated");
  out.under_seal_share = regional.probability("under_seal_share");
}

}  // namespace clearsim::scenario::detail
