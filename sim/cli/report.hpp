#pragma once
// The summary a run prints: release times per regime and direction, and resource
// utilisation per kind, as an aligned table, CSV or JSON (stdout stays machine-readable).
#include <ostream>
#include <string>
#include <vector>

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
};

// JSON pieces shared by the report formats: a number (null when not finite) and a quoted,
// escaped string.
std::string json_number(double x);
std::string json_string(const std::string& s);

// `runs` holds every replication of every regime, grouped by regime in the order given.
void print_summary(std::ostream& out, Format format, const RunHeader& header,
                   const std::vector<std::vector<ReplicationResult>>& runs);

}  // namespace clearsim::cli
