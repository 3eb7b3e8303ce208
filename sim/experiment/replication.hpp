#pragma once
// Running the port model: one replication, and the statistics of several. Thin glue
// between the model, its summary and the command line; knows nothing of YAML or HDF5.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/config.hpp"
#include "models/port_model.hpp"
#include "models/summary.hpp"
#include "sim/kernel/statistics.hpp"

namespace clearsim::experiment {

struct TimeStats {
  double mean = 0, median = 0, p90 = 0, p95 = 0, max = 0;
};

struct DirectionResult {
  std::uint64_t cleared = 0;
  double inspection_rate = 0;
  double scan_rate = 0;
  double open_rate = 0;
  double missed_departure_share = 0;  // missed vessel (export), missed train (rail transit)
  TimeStats overall;                  // arrival -> release, hours
  TimeStats customs;                  // declaration -> release, hours
  // Mean hours per box in each stage (models/stages.hpp: the first kOverallStages add up to
  // the mean overall time, the others to the mean time from release to departure).
  std::array<double, model::kStages> stages{};
  // The overall time by the consignee's credit class (zeros for a class with no box).
  std::array<std::uint64_t, model::kCreditClasses> cleared_by_credit{};
  std::array<TimeStats, model::kCreditClasses> overall_by_credit{};
  double within_24h_share = 0;  // of the cleared boxes, released within 24 h of arrival
};

struct ReplicationResult {
  std::string regime;
  std::uint64_t replication = 0;
  std::array<DirectionResult, model::kDirections> directions{};
  std::vector<model::PoolUse> pools;                // in the order of the regime's resource plan
  std::shared_ptr<const model::ResourcePlan> plan;  // names, kinds and capacities of the pools
  std::uint64_t vessels = 0;
  std::uint64_t in_progress = 0;  // boxes not cleared by the end of the drain
  std::uint64_t events = 0;
  double wall_seconds = 0;
};

// Runs one replication of `config`. `extra` (e.g. a file writer) also sees every record.
ReplicationResult run_replication(const model::PortConfig& config, const model::RunOptions& options,
                                  model::Recorder* extra = nullptr);

// A statistic over replications: the mean and its Student-t interval (half-width 0 with a
// single replication).
struct Estimate {
  double mean = 0;
  double half_width = 0;
};
Estimate estimate(const std::vector<double>& values, double confidence = 0.95);

// One statistic of each replication, e.g. the mean import release time.
using Pick = std::function<double(const ReplicationResult&)>;
std::vector<double> values_of(const std::vector<ReplicationResult>& runs, const Pick& pick);

}  // namespace clearsim::experiment
