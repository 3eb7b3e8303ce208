#pragma once
// The stages of a box's passage, in order, each ending at one milestone of its
// ContainerRecord. The first kOverallStages partition the overall time (arrival ->
// release); the rest partition the time from release to departure (gate-out, vessel
// loading, train departure). Within each part, a stage whose milestone the box did not pass
// (NaN), or passed before the previous one (an advance declaration lodged before arrival),
// takes no time, so the stages of the overall time add up to it exactly, and those after
// the release add up to departure - release. The summary's stage breakdown, the
// comparison's table and the result file's stage labels all come from this one table.
#include <array>
#include <cmath>
#include <cstddef>
#include <string_view>

#include "models/records.hpp"

namespace clearsim::model {

struct StageInfo {
  const char* name;
  double ContainerRecord::*end;  // the milestone that ends it
  const char* description;
};

inline constexpr std::size_t kStages = 14;
inline constexpr std::array<StageInfo, kStages> kStageTable = {{
    {"manifest", &ContainerRecord::manifest, "vessel arrival to manifest data usable"},
    {"delivery_order", &ContainerRecord::delivery_order,
     "delivery order exchanged and port charges paid"},
    {"permits", &ContainerRecord::permits, "licences and certificates, beyond the D/O"},
    {"preparation", &ContainerRecord::prepared, "the broker prepares the declaration"},
    {"deferral", &ContainerRecord::declared, "the trader uses free storage before declaring"},
    {"arrival_report", &ContainerRecord::arrival_reported,
     "export: waiting for the terminal's arrival report before customs accepts"},
    {"documents", &ContainerRecord::risk_assigned,
     "document reviews, hand-offs between agencies, risk assessment"},
    {"discharge", &ContainerRecord::present,
     "waiting for the box to be discharged (or to reach the terminal gate)"},
    {"checks", &ContainerRecord::checks_done,
     "moves, queues, scans, examinations, other agencies' releases"},
    {"duties", &ContainerRecord::duties_paid, "duties and taxes paid before release"},
    {"release", &ContainerRecord::released, "the lead agency's release"},
    // After the release: not part of the overall time.
    {"to_rail_yard", &ContainerRecord::rail_yard, "rail transit: release to the rail yard"},
    {"rail_checks", &ContainerRecord::rail_checked,
     "rail transit: crane lift, declaration and re-inspection at the rail end, seal check"},
    {"departure", &ContainerRecord::departed,
     "pick-up to gate-out, waiting for the train, or for loading (a later call if missed)"},
}};

// The stages of the overall time are the first ones, up to and including "release".
inline constexpr std::size_t kOverallStages = 11;
static_assert(std::string_view(kStageTable[kOverallStages - 1].name) == "release");

// How the comparison names a stage's measure: "stage" for the stages of the overall time
// (they add up to it), "after_release" for the others.
constexpr const char* stage_measure(std::size_t stage) {
  return stage < kOverallStages ? "stage" : "after_release";
}

// The index of the stage called `name` (kStages if none).
constexpr std::size_t stage_index(std::string_view name) {
  for (std::size_t s = 0; s < kStages; ++s)
    if (name == kStageTable[s].name) return s;
  return kStages;
}

// Hours the box spent in each stage: the first kOverallStages sum to
// record.overall_time(), the others to departed - released (0 if it has not departed).
inline std::array<double, kStages> stage_durations(const ContainerRecord& record) {
  std::array<double, kStages> hours{};
  const auto partition = [&](std::size_t first, std::size_t last, double from, double to) {
    double at = from;
    for (std::size_t s = first; s < last; ++s) {
      const double end = record.*kStageTable[s].end;
      const double until = s + 1 == last ? to : std::fmin(to, std::isnan(end) ? at : end);
      if (until > at) {
        hours[s] = until - at;
        at = until;
      }
    }
  };
  partition(0, kOverallStages, record.arrival, record.released);
  if (!std::isnan(record.departed))
    partition(kOverallStages, kStages, record.released, record.departed);
  return hours;
}

}  // namespace clearsim::model
