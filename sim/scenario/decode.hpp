#pragma once
// The base document (or a regime's merged document) -> model::PortConfig.
#include <string>

#include "models/config.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/tree.hpp"

namespace clearsim::scenario::detail {

// Decodes and validates everything but `regimes` (handled by regimes.hpp). Throws
// DecodeError at the first problem.
model::PortConfig decode_port(const Value& document, const std::string& regime);

// name, horizon, warmup, seed, replications.
RunDefaults decode_run(const Value& document);

}  // namespace clearsim::scenario::detail
