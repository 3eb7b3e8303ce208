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
  // Mean arrival -> release by the hour of the day the box arrived (NaN: none that hour).
  std::array<double, model::kHoursOfDay> overall_by_arrival_hour{};
  double cost_mean_cny = 0;  // paid by the importer or exporter, per box
  std::array<double, model::kCreditClasses> cost_mean_by_credit_cny{};  // NaN: no box
  double waived_mean_cny = 0;  // fees the government paid instead, per box
  // Hours from the first disruption's start until the release-time p90 of arriving boxes
  // is back to its level before it (models/disruptions.hpp); NaN: no disruption, or never.
  double recovery_hours = 0;
  double within_24h_share = 0;  // of the cleared boxes, released within 24 h of arrival
};

struct ReplicationResult {
  std::string regime;
  std::uint64_t replication = 0;
  std::array<DirectionResult, model::kDirections> directions{};
  std::vector<model::PoolUse> pools;                // in the order of the regime's resource plan
  std::shared_ptr<const model::ResourcePlan> plan;  // names, kinds and capacities of the pools
  // The government's cost of officers, teams and scanners on duty over [warm-up, horizon],
  // per box cleared (all directions), CNY.
  double staff_cost_per_box_cny = 0;
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
