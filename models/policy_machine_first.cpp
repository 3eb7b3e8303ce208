// Machine-first, manual-second (plan task 19): a share of the boxes a scannable agency
// selects goes through a non-intrusive scanner first — in the yard (lifted and moved to an
// inspection site's scanner) or in line at the district's gate (a drive-through scanner:
// no lift, no move) — and officers review the image; only a share of the reviewed images
// leads to opening the box. Wraps the examination of any policy.
#include "models/inspection_policy.hpp"

namespace clearsim::model {

bool scan_first(CheckPlanner& planner, AgencySet agencies, int site) {
  const BoxFacts& box = planner.box();
  if ((box.scanned & agencies) != agencies) return true;
  if (planner.config().inspection.machine_first.place == ScanPlace::gate) {
    planner.scan_at_gate();
  } else {
    planner.scan_in_yard(site);
  }
  planner.image_review();
  return (box.opened_after_scan & agencies) != 0;
}

}  // namespace clearsim::model
