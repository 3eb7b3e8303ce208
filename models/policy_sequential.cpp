// Sequential inspection (2017 practice): each agency that selected the box examines it in
// turn, in the order the agencies are listed, each with its own lift and move from the
// stack, its own queue and examination, the move back, and its own release. Machine-first
// may replace an agency's examination by a scan. With shared facilities the box waits at
// the site for the next agency instead of going back to the stack.
#include "models/inspection_policy.hpp"

namespace clearsim::model {

namespace {

// The next agency after `agency` that selected the box, or -1.
int next_selecting(AgencySet selected, int agency, int agencies) {
  for (int a = agency + 1; a < agencies; ++a)
    if (selected & (1u << a)) return a;
  return -1;
}

}  // namespace

void sequential_checks(CheckPlanner& planner) {
  const BoxFacts& box = planner.box();
  const int agencies = static_cast<int>(planner.config().agencies.size());
  int last = 0;
  for (int a = 0; a < agencies; ++a)
    if (box.selected & (1u << a)) last = a;
  for (int a = 0; a < agencies; ++a) {
    const AgencySet agency = static_cast<AgencySet>(1u << a);
    if (!(box.selected & agency)) continue;
    const int site = planner.exam_site(a);
    if (scan_first(planner, agency, site)) planner.exam(site, agency);
    // Back to the stack between agencies: the next one's check is another appointment in
    // other facilities. Facilities shared across agencies keep the box at the site when the
    // next agency examines there too (art. 27). The last move back happens while the
    // release goes on.
    const int next = next_selecting(box.selected, a, agencies);
    const bool stays = planner.config().inspection.shared_facilities && next >= 0 &&
                       planner.exam_site(next) == site;
    if (!stays) planner.back_to_yard(a == last);
    if (a != kLeadAgency) planner.release(a);
  }
}

}  // namespace clearsim::model
