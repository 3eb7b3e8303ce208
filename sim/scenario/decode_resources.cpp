#include "sim/scenario/decode_resources.hpp"

#include "sim/scenario/text.hpp"

namespace clearsim::scenario::detail {

model::StaffingConfig decode_staffing(const Section& top) {
  const Section section = top.section("staffing");
  model::StaffingConfig s;
  s.round_the_clock = section.flag("round_the_clock");
  s.day_start = section.duration("day_start");
  s.day_end = section.duration("day_end");
  s.off_hours_share = section.probability("off_hours_share");
  if (!(s.day_start < s.day_end)) {
    const Value* at = section.find("day_end");
    fail(at ? *at : section.require("day_start"), "day_end must come after day_start (" +
                                                      format_number(s.day_start) + "h), got " +
                                                      format_number(s.day_end) + "h");
  }
  s.dynamic = section.flag("dynamic");
  s.threshold = section.count("threshold");
  s.check_interval = section.duration("check_interval");
  s.travel = section.duration("travel");
  return s;
}

model::CostConfig decode_costs(const Section& top) {
  const Section section = top.section("costs");
  model::CostConfig c;
  c.lift = section.factor("lift");
  c.move = section.factor("move");
  c.scan = section.factor("scan");
  c.inspection_storage = section.factor("inspection_storage");
  c.storage_per_day = section.factor("storage_per_day");
  c.free_storage = section.duration("free_storage");
  c.demurrage_per_day = section.factor("demurrage_per_day");
  c.free_time = section.duration("free_time");
  c.officer_hour = section.factor("officer_hour");
  c.team_hour = section.factor("team_hour");
  c.scanner_hour = section.factor("scanner_hour");
  c.finding_share = section.credit_probabilities("finding_share");
  c.fee_waiver = section.flag("fee_waiver");
  c.waiver_share = section.credit_probabilities("waiver_share");
  return c;
}

namespace {

using model::DisruptionKind;
using model::Equipment;

// Keys that do not apply to this kind of disruption are errors, not silently ignored.
void reject(const Section& item, std::string_view key, const std::string& kind) {
  if (const Value* value = item.find(key))
    fail(*value, "'" + std::string(key) + "' does not apply to a " + kind);
}

[[noreturn]] void missing(const Section& item, std::string_view key, const std::string& why) {
  fail(item.node().mark, join_path(item.node().path, key),
       "missing key '" + std::string(key) + "', required " + why);
}

model::DisruptionConfig disruption(const Section& item, const model::PortConfig& port,
                                   const Resolve& site, const Resolve& district) {
  model::DisruptionConfig d;
  d.kind = static_cast<DisruptionKind>(item.choice("kind"));
  d.start = item.duration("start");
  d.end = item.duration("end");
  if (!(d.end > d.start))
    fail(item.require("end"), "end must come after start (" + format_number(d.start) + "h), got " +
                                  format_number(d.end) + "h");
  const std::string kind = model::kDisruptionKindLabels[static_cast<int>(d.kind)];
  switch (d.kind) {
    case DisruptionKind::outage: {
      reject(item, "factor", kind);
      if (!item.find("equipment")) missing(item, "equipment", "for an outage");
      d.equipment = static_cast<Equipment>(item.choice("equipment"));
      if (d.equipment == Equipment::gate_scanners) {
        reject(item, "site", "gate scanner outage (give the district)");
        if (!item.find("district")) missing(item, "district", "for gate scanners");
        d.district = district(item, "district");
        if (port.districts[d.district].gate_scanners <= 0)
          fail(item.require("district"), "district '" + port.districts[d.district].name +
                                             "' has no gate scanners to put out of service");
        break;
      }
      reject(item, "district",
             kind + " of a site's " + model::kEquipmentLabels[static_cast<int>(d.equipment)] +
                 " (give the site)");
      if (!item.find("site")) missing(item, "site", "for an outage of scanners or bays");
      d.site = site(item, "site");
      if (d.equipment == Equipment::scanners && port.sites[d.site].scanners <= 0)
        fail(item.require("site"), "inspection site '" + port.sites[d.site].name +
                                       "' has no scanners to put out of service");
      break;
    }
    case DisruptionKind::berth_closure:
      for (const char* key : {"factor", "equipment", "site"})
        reject(item, key, kind);
      if (!item.find("district")) missing(item, "district", "for a berth closure");
      d.district = district(item, "district");
      break;
    case DisruptionKind::surge:
      for (const char* key : {"equipment", "site", "district"})
        reject(item, key, kind);
      if (!item.find("factor")) missing(item, "factor", "for a surge");
      d.factor = item.factor("factor");
      break;
  }
  return d;
}

bool same_target(const model::DisruptionConfig& a, const model::DisruptionConfig& b) {
  return a.kind == b.kind && a.kind != DisruptionKind::surge && a.equipment == b.equipment &&
         a.site == b.site && a.district == b.district;
}

}  // namespace

std::vector<model::DisruptionConfig> decode_disruptions(const Section& top,
                                                        const model::PortConfig& port,
                                                        const Resolve& site,
                                                        const Resolve& district) {
  const std::vector<Section> items = top.items("disruptions");
  std::vector<model::DisruptionConfig> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    model::DisruptionConfig d = disruption(items[i], port, site, district);
    // Two windows on one pool would give it back while the other still holds it out.
    for (std::size_t j = 0; j < out.size(); ++j) {
      if (same_target(out[j], d) && d.start < out[j].end && out[j].start < d.end)
        fail(items[i].require("start"),
             "overlaps disruptions[" + std::to_string(j) +
                 "] on the same equipment or berths: merge them into one window");
    }
    out.push_back(d);
  }
  return out;
}

}  // namespace clearsim::scenario::detail
