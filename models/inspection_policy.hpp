#pragma once
// Inspection policies: how the physical checks of a selected box are organised, as route
// steps. Each policy is a strategy in a file of its own (policy_*.cpp); machine-first is a
// wrapper any policy calls around the examinations it plans. A new measure that changes how
// boxes are checked is one new file, one entry in check_policy() and a schema row.
#include "models/config.hpp"
#include "models/routing.hpp"

namespace clearsim::model {

// What a policy plans with, and the route it appends to. Moves are numbered so that each
// has its own random draws.
class CheckPlanner {
 public:
  CheckPlanner(const PortConfig& config, const ResourcePlan& plan, const BoxFacts& box,
               Route& route)
      : config_(config), plan_(plan), box_(box), route_(route) {}

  const PortConfig& config() const { return config_; }
  const BoxFacts& box() const { return box_; }
  // Where `agency` examines this box's district, and the yard it starts from.
  int exam_site(int agency) const;
  int yard() const { return config_.districts[box_.district].yard_node; }

  // Lift and move the box to `node` (nothing if it is there already). A move in the
  // background (the box going back to its stack after the last check) delays nothing.
  void move_to(int node, bool background = false);
  void scan_in_yard(int site);  // moves there, then the site's scanner
  void scan_at_gate();          // the district's drive-through scanner, no move
  void image_review();
  // Moves to `site` and holds a bay and a team of every agency in `agencies` at once.
  void exam(int site, AgencySet agencies);
  void release(int agency);
  void back_to_yard(bool background) { move_to(yard(), background); }

 private:
  void push(Step step) { route_.push(step); }

  const PortConfig& config_;
  const ResourcePlan& plan_;
  const BoxFacts& box_;
  Route& route_;
  int at_ = -1;  // the node the box is at (-1: its yard)
  std::uint8_t moves_ = 0;
};

// Plans the checks of a box that at least one agency selected; ends with the box examined
// and every agency but the lead having given its release (the lead's comes after duties).
using CheckPolicy = void (*)(CheckPlanner& planner);
CheckPolicy check_policy(ExamPolicy policy);

// Each selecting agency in turn (policy_sequential.cpp).
void sequential_checks(CheckPlanner& planner);
// One merged risk engine, one move, one exam by all, one release (policy_joint.cpp).
void joint_checks(CheckPlanner& planner);

// Machine-first, manual-second (policy_machine_first.cpp): if the box's facts say these
// agencies scan it, plans the scan (in the yard at `site`, or at the gate) and the image
// review, and returns true only if the box must still be opened. Returns true at once if
// it is not scanned.
bool scan_first(CheckPlanner& planner, AgencySet agencies, int site);

}  // namespace clearsim::model
