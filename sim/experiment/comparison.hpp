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
  // What the value is measured in (h, share, boxes, servers, ...; measure_unit()), and
  // whether it is a count printed as an exact integer (a total over replications).
  std::string unit;
  bool count = false;
  int replications = 0;  // of this cell's regime
};

// The unit of a measure's values: hours for times and stages, "share" for rates in [0, 1]
// and for names ending in _share, "CNY" for names ending in _cny; "" if not known (the
// machine-output tests reject a row without a unit, so a new measure must be named here).
std::string measure_unit(const std::string& measure, const std::string& statistic);

// Every cell of the comparison; results[regime][replication]. Besides the release-time
// statistics, stages and utilisation the tables print, it holds what the machine-readable
// outputs (CSV, JSON) carry: per direction the boxes cleared (total over replications, an
// exact count, and mean per replication), the inspected, scanned and opened shares and the
// maximum times; per pool its capacity, mean queue, mean wait and predicted utilisation.
std::vector<ComparisonCell> compare(const std::vector<std::vector<ReplicationResult>>& results);

}  // namespace clearsim::experiment
