#pragma once
// Key performance indicators of one run: release-time distributions per direction (the
// WCO TRS "overall" time from arrival to release and the customs-only time from
// declaration to release), inspection rates, and where the overall time goes (the mean of
// each stage of models/stages.hpp). Counts only boxes that arrived between the warm-up and
// the horizon (a box declared in advance may take part in a run that ends before it
// arrives; its record is written, but it is not counted).
// Constant memory: quantiles come from a QuantileSketch (0.1 % relative error), means and
// maxima are exact.
#include <array>
#include <cstdint>
#include <vector>

#include "models/records.hpp"
#include "models/stages.hpp"
#include "sim/kernel/accumulators.hpp"
#include "sim/kernel/quantile_sketch.hpp"

namespace clearsim::model {

struct TimeDistribution {
  sim::Tally tally;
  sim::QuantileSketch sketch;

  void add(double hours) {
    tally.add(hours);
    sketch.add(hours);
  }
  double mean() const { return tally.mean(); }
  double quantile(double p) const { return sketch.quantile(p); }
  double max() const { return tally.max(); }
};

inline constexpr std::size_t kHoursOfDay = 24;

struct DirectionSummary {
  std::uint64_t cleared = 0;    // released boxes that arrived in [warm-up, horizon)
  std::uint64_t inspected = 0;  // of which red channel (selected by an agency)
  std::uint64_t scanned = 0;
  std::uint64_t opened = 0;  // manual examinations, by any agency
  std::uint64_t missed_vessel = 0;
  // Left later than planned: missed vessel (exports), missed train (rail transit).
  std::uint64_t missed_departure = 0;
  TimeDistribution overall;                   // arrival -> release
  TimeDistribution customs;                   // declaration -> release
  std::array<double, kStages> stage_hours{};  // summed over the boxes
  // Arrival -> release by the consignee's credit class: who gains from a measure.
  std::array<TimeDistribution, kCreditClasses> overall_by_credit{};
  // Arrival -> release by the hour of the day the box arrived (0-23): the night gap of
  // officers' shifts (models/staffing.hpp).
  std::array<sim::Tally, kHoursOfDay> overall_by_arrival_hour{};
  // CNY per box (models/costs.hpp): paid by the importer or exporter, in all and by credit
  // class; waived fees paid by the government.
  sim::Tally trader_cost;
  std::array<sim::Tally, kCreditClasses> trader_cost_by_credit{};
  double waived_cost = 0;  // summed over the boxes
  // Arrival -> release of the boxes arriving in each kRecoveryBin of time, for the recovery
  // from disruptions (models/disruptions.hpp); kept only when the run has disruptions.
  std::vector<sim::QuantileSketch> overall_by_arrival_bin;
  std::uint64_t within_24h = 0;  // released within 24 hours of arrival (the 2017 plan's aim)

  double inspection_rate() const { return share(inspected); }
  double missed_departure_share() const { return share(missed_departure); }
  double share(std::uint64_t part) const {
    return cleared ? static_cast<double>(part) / static_cast<double>(cleared) : 0.0;
  }
  double stage_mean(std::size_t stage) const {
    return cleared ? stage_hours[stage] / static_cast<double>(cleared) : 0.0;
  }
};

// Aggregates containers as they are recorded, and passes every record on to `next` (the
// HDF5 writer, say) if given.
class SummaryRecorder : public Recorder {
 public:
  SummaryRecorder(Time warmup, Time horizon, Recorder* next = nullptr)
      : warmup_(warmup), horizon_(horizon), next_(next) {}

  void container(const ContainerRecord& record) override;
  void exam(const ExamRecord& record) override {
    if (next_) next_->exam(record);
  }
  void vessel(const VesselRecord& record) override {
    if (record.arrival < horizon_) ++vessels_;
    if (next_) next_->vessel(record);
  }
  void resource_sample(const ResourceSample& sample) override {
    if (next_) next_->resource_sample(sample);
  }

  // Keep release times by arrival time for the recovery from disruptions.
  void track_recovery(bool on) { track_recovery_ = on; }

  const DirectionSummary& direction(Direction d) const {
    return by_direction_[static_cast<int>(d)];
  }
  std::uint64_t vessels() const { return vessels_; }

 private:
  Time warmup_;
  Time horizon_;
  Recorder* next_;
  std::array<DirectionSummary, kDirections> by_direction_{};
  std::uint64_t vessels_ = 0;
  bool track_recovery_ = false;
};

}  // namespace clearsim::model
