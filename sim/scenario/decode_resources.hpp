#pragma once
// Decoding of the plan's resource measures (officers' shifts and dynamic staffing,
// disruptions, costs): sections of their own, kept apart from decode.cpp.
#include "models/config.hpp"
#include "sim/scenario/section.hpp"

namespace clearsim::scenario::detail {

// `staffing`: working hours and redeployment of officers (plan art. 38).
model::StaffingConfig decode_staffing(const Section& top);

// `costs`: charges, who pays, and the fee waiver (plan art. 19, 23).
model::CostConfig decode_costs(const Section& top);

}  // namespace clearsim::scenario::detail
