#pragma once
// What `clearsim compare` prints: the comparison cells (sim/experiment/comparison.hpp) as
// an aligned table with intervals and paired differences, CSV or JSON.
#include <ostream>
#include <vector>

#include "sim/cli/report.hpp"
#include "sim/experiment/comparison.hpp"

namespace clearsim::cli {

void print_comparison(std::ostream& out, Format format, const RunHeader& header,
                      const std::vector<std::vector<ReplicationResult>>& results);

}  // namespace clearsim::cli
