#include "models/summary.hpp"

#include "models/disruptions.hpp"

#include <algorithm>
#include <cmath>

namespace clearsim::model {

void SummaryRecorder::container(const ContainerRecord& record) {
  if (next_) next_->container(record);
  if (record.arrival < warmup_ || !(record.arrival < horizon_)) return;
  DirectionSummary& s = by_direction_[static_cast<int>(record.direction)];
  ++s.cleared;
  if (record.channel == Channel::red) ++s.inspected;
  if (record.checks & kScanned) ++s.scanned;
  if (record.checks & kOpened) ++s.opened;
  if (record.checks & kMissedVessel) ++s.missed_vessel;
  if (record.checks & (kMissedVessel | kMissedTrain)) ++s.missed_departure;
  s.overall.add(record.overall_time());
  s.overall_by_credit[static_cast<int>(record.credit)].add(record.overall_time());
  if (record.overall_time() <= 24) ++s.within_24h;
  s.customs.add(record.customs_time());
  const double day = std::floor(record.arrival / 24.0);
  const auto hour = static_cast<std::size_t>(record.arrival - 24.0 * day);
  s.overall_by_arrival_hour[std::min(hour, kHoursOfDay - 1)].add(record.overall_time());
  s.trader_cost.add(record.trader_cost);
  s.trader_cost_by_credit[static_cast<int>(record.credit)].add(record.trader_cost);
  s.waived_cost += record.waived_cost;
  if (track_recovery_) {
    const auto bin = static_cast<std::size_t>(record.arrival / kRecoveryBin);
    if (s.overall_by_arrival_bin.size() <= bin) s.overall_by_arrival_bin.resize(bin + 1);
    s.overall_by_arrival_bin[bin].add(record.overall_time());
  }
  const auto stages = stage_durations(record);
  for (std::size_t i = 0; i < kStages; ++i)
    s.stage_hours[i] += stages[i];
}

}  // namespace clearsim::model
