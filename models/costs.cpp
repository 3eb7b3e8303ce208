#include "models/costs.hpp"

#include <algorithm>
#include <cmath>

namespace clearsim::model {

namespace {

constexpr double kDay = 24.0;

// Days charged beyond a free time: by the day started.
double days_beyond(double hours, double free) {
  return std::isfinite(hours) ? std::ceil(std::max(0.0, hours - free) / kDay) : 0.0;
}

}  // namespace

void charge(const CostConfig& c, ContainerRecord& r, double compliant) {
  const bool inspected = r.channel == Channel::red;
  const double handling = r.moves * (c.lift + c.move);
  const double scans = (r.checks & kScanned) ? c.scan : 0.0;
  // Storage at the inspection site: from the channel (the box is held for its checks) to
  // the end of the checks, by the day started.
  const double held = inspected ? r.checks_done - std::max(r.risk_assigned, r.present) : 0.0;
  const double exam_storage =
      inspected && std::isfinite(held)
          ? std::max(1.0, std::ceil(std::max(0.0, held) / kDay)) * c.inspection_storage
          : 0.0;
  const double dwell = r.departed - r.arrival;
  const double storage = days_beyond(dwell, c.free_storage) * c.storage_per_day;
  const double demurrage = days_beyond(dwell, c.free_time) * c.demurrage_per_day;
  const bool waived = c.fee_waiver && inspected && !(r.checks & kFinding) &&
                      compliant < c.waiver_share[static_cast<int>(r.credit)];
  const double waivable = handling + exam_storage;
  r.waived_cost = waived ? waivable : 0.0;
  r.trader_cost = (waived ? 0.0 : waivable) + scans + storage + demurrage;
  if (waived && waivable > 0) r.checks |= kFeesWaived;
}

double hourly_cost(const CostConfig& c, PoolKind kind) {
  switch (kind) {
    case PoolKind::document_officers:
    case PoolKind::image_officers:
      return c.officer_hour;
    case PoolKind::exam_team:
    case PoolKind::inland_team:
      return c.team_hour;
    case PoolKind::scanner:
    case PoolKind::gate_scanner:
      return c.scanner_hour;
    default:
      return 0.0;
  }
}

}  // namespace clearsim::model
