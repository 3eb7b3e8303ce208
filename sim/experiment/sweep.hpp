#pragma once
// Parameter sweeps: points of a grid (every combination of each parameter's values) or of a
// Latin hypercube (n points, each parameter's range cut into n strata, one point in each,
// the strata paired at random by a seeded generator), each point run for every regime on
// the same replications (common random numbers across points and regimes), tidy rows out.
// A parameter is any numeric scenario key, written as for `--set` (overrides.hpp), with an
// optional unit that every value of it shares: `agencies.customs.exam=1h:3h:30min`.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/config.hpp"
#include "sim/experiment/replication.hpp"
#include "sim/experiment/runner.hpp"

namespace clearsim::experiment {

struct SweepAxis {
  std::string key;             // inspection_sites[dongjiang_inspection].scanners
  std::string unit;            // "" or the unit the values are written in ("h", "min", "/day")
  std::vector<double> values;  // grid values (empty for an LHS range)
  double low = 0, high = 0;    // LHS range
  bool whole = false;          // LHS: draw whole numbers (both bounds written without '.')
  std::string column() const;  // the table's column name: key, with the unit in brackets
};

// "KEY=1,2,4" or "KEY=lo:hi:step" (hi included when on the step) -> a grid axis;
// "KEY=lo..hi" -> an LHS range. Throws std::invalid_argument naming the text.
SweepAxis parse_grid_axis(const std::string& text);
SweepAxis parse_lhs_axis(const std::string& text);

// One point: a value per axis, as numbers and as the --set texts that make it.
struct SweepPoint {
  std::vector<double> values;
  std::vector<std::string> settings;  // "KEY=VALUE"
};
std::vector<SweepPoint> grid_points(const std::vector<SweepAxis>& axes);
std::vector<SweepPoint> latin_hypercube(const std::vector<SweepAxis>& axes, int n,
                                        std::uint64_t seed);

// One row of the tidy table: a point x regime x replication x direction.
struct SweepRow {
  int point = 0;
  std::string regime;
  int replication = 0;
  std::string direction;
  std::vector<double> parameters;  // one per axis
  std::vector<double> metrics;     // sweep_metric_names() order
};
// The metric columns: cleared, mean_h, median_h, p90_h, p95_h, max_h, customs_mean_h,
// within_24h_share, inspection_rate, missed_departure_share, then utilisation per pool kind
// (mean over the pools of the kind, weighted by capacity).
std::vector<std::string> sweep_metric_names();
std::vector<SweepRow> sweep_rows(int point, const SweepPoint& values,
                                 const std::vector<ReplicationResult>& runs);

// A journal of completed points, so that an interrupted sweep resumes: one line per row,
// appended and flushed as each point completes, headed by a fingerprint of the sweep's
// definition (a journal of another sweep is refused, not mixed in).
class SweepJournal {
 public:
  // Opens (creating if absent) `path`; rows of a matching journal are loaded. Throws
  // std::runtime_error if the file holds another sweep.
  SweepJournal(std::string path, const std::string& fingerprint);
  const std::vector<SweepRow>& rows() const { return rows_; }
  bool has_point(int point) const;
  void append(const std::vector<SweepRow>& rows);  // flushed before it returns
  void remove();                                   // when the sweep file is written
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::vector<SweepRow> rows_;
};

}  // namespace clearsim::experiment
