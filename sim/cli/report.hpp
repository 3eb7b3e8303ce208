#pragma once
// The summary a run prints: release times per regime and direction, and resource
// utilisation per kind, as an aligned table, CSV or JSON (stdout stays machine-readable).
#include <ostream>
#include <string>
#include <vector>

#include "sim/experiment/comparison.hpp"
#include "sim/experiment/replication.hpp"

namespace clearsim::cli {

// The command line prints what the experiment layer computes.
using namespace clearsim::experiment;

enum class Format { table, csv, json };
Format parse_format(const std::string& text);  // throws std::invalid_argument

struct RunHeader {
  std::string scenario;  // the scenario's name
  std::string source;    // its file
  std::uint64_t seed = 0;
  double horizon_hours = 0;
  double warmup_hours = 0;
  // Provenance of the machine-readable outputs (machine_output.hpp).
  std::string scenario_sha256;
  std::string command_line;
  int replications = 0;
  std::vector<std::string> regimes;
  // The result's flags, e.g. a pool predicted at rho >= 1 (its queue never empties, so the
  // release times measure the horizon, not the port); printed above the table and carried
  // in the JSON.
  std::vector<std::string> warnings;
  // Predicted utilisation of every pool (measure predicted_utilisation), one row each.
  std::vector<ComparisonCell> predicted;
};

// The warnings as the table prints them above its first line.
void print_warnings(std::ostream& out, const RunHeader& header);

// `runs` holds every replication of every regime, grouped by regime in the order given.
void print_summary(std::ostream& out, Format format, const RunHeader& header,
                   const std::vector<std::vector<ReplicationResult>>& runs);

}  // namespace clearsim::cli
