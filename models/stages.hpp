#pragma once
// The stages of a box's overall time (arrival -> release), in order, each ending at one
// milestone of its ContainerRecord. They partition the overall time: a stage whose
// milestone the box did not pass (NaN), or passed before the previous one (an advance
// declaration lodged before arrival), takes no time, and the stages of every box add up
// to its overall time exactly. The summary's stage breakdown, the comparison's table and
// the result file's stage labels all come from this one table.
#include <array>
#include <cmath>

#include "models/records.hpp"

namespace clearsim::model {

struct StageInfo {
  const char* name;
  double ContainerRecord::*end;  // the milestone that ends it
  const char* description;
};

inline constexpr std::size_t kStages = 10;
inline constexpr std::array<StageInfo, kStages> kStageTable = {{
    {"manifest", &ContainerRecord::manifest, "vessel arrival to manifest data usable"},
    {"delivery_order", &ContainerRecord::delivery_order,
     "delivery order exchanged and port charges paid"},
    {"permits", &ContainerRecord::permits, "licences and certificates, beyond the D/O"},
    {"preparation", &ContainerRecord::prepared, "the broker prepares the declaration"},
    {"deferral", &ContainerRecord::declared, "the trader uses free storage before declaring"},
    {"documents", &ContainerRecord::risk_assigned,
     "document reviews, hand-offs between agencies, risk assessment"},
    {"discharge", &ContainerRecord::present, "waiting for the box to be discharged"},
    {"checks", &ContainerRecord::checks_done,
     "moves, queues, scans, examinations, other agencies' releases"},
    {"duties", &ContainerRecord::duties_paid, "duties and taxes paid before release"},
    {"release", &ContainerRecord::released, "the lead agency's release"},
}};

// Hours the box spent in each stage; they sum to record.overall_time().
inline std::array<double, kStages> stage_durations(const ContainerRecord& record) {
  std::array<double, kStages> hours{};
  double at = record.arrival;
  for (std::size_t s = 0; s < kStages; ++s) {
    const double end = record.*kStageTable[s].end;
    const double until =
        s + 1 == kStages ? record.released : std::fmin(record.released, std::isnan(end) ? at : end);
    if (until > at) {
      hours[s] = until - at;
      at = until;
    }
  }
  return hours;
}

}  // namespace clearsim::model
