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

}  // namespace clearsim::scenario::detail
