#pragma once
// The regime comparison: for every regime, direction and statistic (mean, median, p90, p95
// of the overall and customs-only times), the mean over replications with its 95 % interval
// and the paired difference against the first regime (common random numbers make the
// pairs), flagged where that interval includes zero; then the load on each resource kind.
#include <string>
#include <vector>

#include "sim/experiment/replication.hpp"

namespace clearsim::experiment {

struct ComparisonCell {
  std::string regime;
  std::string group;  // direction (release rows) or resource kind (resource rows)
  // overall | customs | missed_departure_share | stage | after_release | utilisation
  std::string measure;
  std::string statistic;  // mean | median | p90 | p95 | share | <stage> | utilisation
  Estimate value;
  Estimate difference;  // against the first regime (zero for the first regime itself)
  bool difference_includes_zero = true;
  double cleared = 0;
  double inspected = 0;
};

// Every cell of the comparison; results[regime][replication].
std::vector<ComparisonCell> compare(const std::vector<std::vector<ReplicationResult>>& results);

}  // namespace clearsim::experiment
