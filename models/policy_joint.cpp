// Joint inspection, single release (plan task 18): one merged risk engine picks the box and
// the agencies that need it; they examine it together, once: one lift and move, a bay and
// a team of every selecting agency acquired together (nobody holds a bay or a team idle
// waiting for another), one examination lasting as long as the longest agency's, one move
// back, and one release (the lead's, after duties). Under machine-first one scan serves
// every selecting agency, unless one of them must open the box anyway.
#include "models/inspection_policy.hpp"

namespace clearsim::model {

namespace {

int first_agency(AgencySet agencies) {
  int a = 0;
  while (!(agencies & (1u << a)))
    ++a;
  return a;
}

bool all_scannable(const PortConfig& config, AgencySet agencies) {
  for (std::size_t a = 0; a < config.agencies.size(); ++a)
    if ((agencies & (1u << a)) && !config.agencies[a].scannable) return false;
  return true;
}

}  // namespace

void joint_checks(CheckPlanner& planner) {
  const AgencySet selected = planner.box().selected;
  // The exam takes place where the first selecting agency examines this district's boxes.
  const int site = planner.exam_site(first_agency(selected));
  // The merged engine scans on behalf of all, or not at all when the box must be opened.
  const bool open = all_scannable(planner.config(), selected)
                        ? scan_first(planner, static_cast<AgencySet>(selected & -selected), site)
                        : true;
  if (open) planner.exam(site, selected);
  planner.back_to_yard(true);
}

}  // namespace clearsim::model
