#pragma once
// Decoding the flows before the arrival and after the release: the rail section's train
// services (`rail.destinations` and the checks at the rail end), the export terminal leg
// (`export_terminal`) and regional clearance (`regional`). Called by the port decoder.
#include "models/config.hpp"
#include "sim/scenario/section.hpp"

namespace clearsim::scenario::detail {

void decode_rail_flow(const Section& rail, model::RailConfig& out);
void decode_export_terminal(const Section& top, model::ExportTerminalConfig& out);
void decode_regional(const Section& top, model::RegionalConfig& out);

}  // namespace clearsim::scenario::detail
