#pragma once
// Distributions in scenario files: a plain value (deterministic) or a one-key mapping
// naming the family, e.g. {exponential: {mean: 2h}}. Parameters carry the dimension of the
// key they describe: durations for times, plain numbers for box counts, rates for crane
// rates.
#include "sim/kernel/distribution.hpp"
#include "sim/scenario/tree.hpp"

namespace clearsim::scenario::detail {

enum class Dimension { time, count, rate };

// A value of that dimension in model units (hours, boxes, per hour), >= 0.
double parse_quantity(std::string_view text, Dimension dimension);

// Throws DecodeError at the offending node (Distribution's own checks are reported at the
// distribution itself).
sim::Distribution decode_distribution(const Value& node, Dimension dimension);

// The smallest value `distribution` can draw (every draw is at least this).
double smallest_draw(const sim::Distribution& distribution);

// The family names, for the reference.
std::vector<std::string> distribution_families();

}  // namespace clearsim::scenario::detail
