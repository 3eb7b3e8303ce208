#pragma once
// Decoding of the plan's resource measures (officers' shifts and dynamic staffing,
// disruptions, costs): sections of their own, kept apart from decode.cpp.
#include <functional>
#include <string_view>
#include <vector>

#include "models/config.hpp"
#include "sim/scenario/section.hpp"

namespace clearsim::scenario::detail {

// `staffing`: working hours and redeployment of officers (plan art. 38).
model::StaffingConfig decode_staffing(const Section& top);

// `costs`: charges, who pays, and the fee waiver (plan art. 19, 23).
model::CostConfig decode_costs(const Section& top);

// Resolves the name under a key of a section to an index, or reports it unknown.
using Resolve = std::function<int(const Section&, std::string_view)>;

// `disruptions`: outages, berth closures, surges (plan art. 25), checked against the port.
std::vector<model::DisruptionConfig> decode_disruptions(const Section& top,
                                                        const model::PortConfig& port,
                                                        const Resolve& site,
                                                        const Resolve& district);

}  // namespace clearsim::scenario::detail
