#include "models/summary.hpp"

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
  const auto stages = stage_durations(record);
  for (std::size_t i = 0; i < kStages; ++i)
    s.stage_hours[i] += stages[i];
}

}  // namespace clearsim::model
