#pragma once
// The machine-readable results of `run` and `compare`: one tidy, long table (one row per
// regime x group x measure x statistic) written as CSV or as JSON from the same column list
// (kResultColumns), so the two cannot disagree. Missing is missing: an empty CSV field,
// a JSON null -- never a 0. Counts are exact integers; every other number is written with
// the shortest text that reads back as the same double.
#include <ostream>
#include <string>
#include <vector>

#include "sim/cli/report.hpp"
#include "sim/experiment/comparison.hpp"

namespace clearsim::cli {

// The rows of `run` (paired = false: no reference, so no differences) or `compare` (paired
// differences against the first regime; the reference's own are missing). `predicted` rows
// (predicted utilisation per pool) are appended.
std::vector<ComparisonCell> result_rows(const std::vector<std::vector<ReplicationResult>>& results,
                                        bool paired, const std::vector<ComparisonCell>& predicted);

// Predicted utilisation of every pool of every regime (experiment/traffic.hpp), as rows of
// measure predicted_utilisation; for each pool at rho >= 1, a warning is added to
// `warnings` (a queue that never empties: the run's release times grow with its horizon).
std::vector<ComparisonCell> predicted_rows(const std::vector<model::PortConfig>& configs,
                                           int replications, std::vector<std::string>& warnings);

// The column names, in order (docs/cli.md lists them).
std::vector<std::string> result_column_names();

// `reference`: the regime differences are taken against ("" for `run`: no differences).
void write_result_csv(std::ostream& out, const std::vector<ComparisonCell>& rows,
                      const std::string& reference);
// {"provenance": {...}, "warnings": [...], "reference": ..., "columns": [...],
//  "rows": [{...}]}
void write_result_json(std::ostream& out, const RunHeader& header,
                       const std::vector<ComparisonCell>& rows, const std::string& reference);

}  // namespace clearsim::cli
