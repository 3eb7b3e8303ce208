#include "models/summary.hpp"

namespace clearsim::model {

void SummaryRecorder::container(const ContainerRecord& record) {
  if (next_) next_->container(record);
  if (record.arrival < warmup_) return;
  DirectionSummary& s = by_direction_[static_cast<int>(record.direction)];
  ++s.cleared;
  if (record.channel == Channel::red) ++s.inspected;
  if (record.checks & kScanned) ++s.scanned;
  if (record.checks & (kCustomsExam | kCiqExam)) ++s.opened;
  if (record.checks & kMissedVessel) ++s.missed_vessel;
  s.overall.add(record.overall_time());
  s.customs.add(record.customs_time());
}

std::array<KindUse, kResourceKinds> use_by_kind(const PortModel& model) {
  std::array<KindUse, kResourceKinds> kinds{};
  const auto use = model.resource_use();
  const auto& info = model.resources();
  for (std::size_t i = 0; i < info.size(); ++i) {
    KindUse& k = kinds[static_cast<int>(info[i].kind)];
    k.present = true;
    k.utilisation += use[i].utilisation * info[i].capacity;
    k.mean_queue += use[i].mean_queue;
    k.capacity += info[i].capacity;
  }
  for (KindUse& k : kinds)
    if (k.capacity > 0) k.utilisation /= k.capacity;
  return kinds;
}

}  // namespace clearsim::model
