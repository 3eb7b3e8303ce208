#include "models/routing.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <set>
#include <stdexcept>
#include <tuple>

#include "models/inspection_policy.hpp"
#include "sim/kernel/distribution.hpp"

namespace clearsim::model {

// ---- pools ------------------------------------------------------------------------------

namespace {

int add_pool(ResourcePlan& plan, Pool pool) {
  plan.pools.push_back(std::move(pool));
  return static_cast<int>(plan.pools.size()) - 1;
}

}  // namespace

ResourcePlan resource_plan(const PortConfig& c) {
  ResourcePlan plan;
  for (std::size_t d = 0; d < c.districts.size(); ++d) {
    const DistrictConfig& district = c.districts[d];
    plan.berths.push_back(add_pool(
        plan, {district.name + ".berths", PoolKind::berth, district.berths, static_cast<int>(d)}));
  }
  for (std::size_t a = 0; a < c.agencies.size(); ++a) {
    const AgencyConfig& agency = c.agencies[a];
    plan.officers.push_back(
        add_pool(plan, {agency.name + ".document_officers", PoolKind::document_officers,
                        agency.officers, -1, -1, static_cast<int>(a)}));
  }
  if (c.inspection.machine_first.share > 0) {
    plan.image_officers = add_pool(plan, {"image_review.officers", PoolKind::image_officers,
                                          c.inspection.machine_first.image_officers});
  }
  for (std::size_t d = 0; d < c.districts.size(); ++d) {
    const DistrictConfig& district = c.districts[d];
    plan.gate_scanners.push_back(
        district.gate_scanners > 0
            ? add_pool(plan, {district.name + ".gate_scanners", PoolKind::gate_scanner,
                              district.gate_scanners, static_cast<int>(d)})
            : kNoPool);
  }
  for (std::size_t s = 0; s < c.sites.size(); ++s) {
    const InspectionSiteConfig& site = c.sites[s];
    const int home = c.nodes[site.node].district;
    const int si = static_cast<int>(s);
    plan.scanners.push_back(
        site.scanners > 0
            ? add_pool(plan, {site.name + ".scanners", PoolKind::scanner, site.scanners, home, si})
            : kNoPool);
    plan.bays.push_back(add_pool(plan, {site.name + ".bays", PoolKind::bay, site.bays, home, si}));
    std::vector<int> teams(c.agencies.size(), kNoPool);
    for (std::size_t a = 0; a < c.agencies.size(); ++a) {
      const int count = a < site.teams.size() ? site.teams[a] : 0;
      if (count > 0)
        teams[a] = add_pool(plan, {site.name + "." + c.agencies[a].name + "_teams",
                                   PoolKind::exam_team, count, home, si, static_cast<int>(a)});
    }
    plan.exam_teams.push_back(std::move(teams));
    std::vector<int> own(c.agencies.size(), kNoPool);
    for (std::size_t a = 0; a < c.agencies.size(); ++a) {
      const int count = a < site.own_bays.size() ? site.own_bays[a] : 0;
      if (count > 0)
        own[a] = add_pool(plan, {site.name + "." + c.agencies[a].name + "_bays", PoolKind::bay,
                                 count, home, si, static_cast<int>(a)});
    }
    plan.own_bays.push_back(std::move(own));
  }
  for (const InlandNodeConfig& node : c.regional.nodes) {
    plan.inland_bays.push_back(
        node.bays > 0 ? add_pool(plan, {node.name + ".bays", PoolKind::inland_bay, node.bays})
                      : kNoPool);
    plan.inland_teams.push_back(
        node.teams > 0 ? add_pool(plan, {node.name + ".teams", PoolKind::inland_team, node.teams})
                       : kNoPool);
  }
  for (std::size_t d = 0; d < c.districts.size(); ++d) {
    plan.gate_lanes.push_back(
        c.export_terminal.modelled
            ? add_pool(plan, {c.districts[d].name + ".gate_lanes", PoolKind::gate_lane,
                              c.export_terminal.gate_lanes, static_cast<int>(d)})
            : kNoPool);
  }
  if (c.rail.node >= 0 && c.rail.seal_checkers > 0) {
    plan.seal_checkers = add_pool(plan, {c.nodes[c.rail.node].name + ".seal_checkers",
                                         PoolKind::seal_checker, c.rail.seal_checkers});
  }
  if (c.rail.node >= 0 && c.rail.cranes > 0) {
    plan.rail_cranes = add_pool(
        plan, {c.nodes[c.rail.node].name + ".cranes", PoolKind::rail_crane, c.rail.cranes});
  }
  return plan;
}

// ---- route steps a policy plans with ----------------------------------------------------

int CheckPlanner::exam_site(int agency) const {
  return config_.districts[box_.district].exam_site[agency];
}

void CheckPlanner::move_to(int node, bool background) {
  const int here = at_ < 0 ? yard() : at_;
  if (here == node) return;
  Step step;
  step.kind = StepKind::move;
  step.node = node;
  step.leg = moves_++;
  step.parallel = background;
  push(step);
  at_ = node;
}

void CheckPlanner::scan_in_yard(int site) {
  move_to(config_.sites[site].node);
  Step step;
  step.kind = StepKind::scan;
  step.site = site;
  step.pools[0] = plan_.scanners[site];
  step.pool_count = 1;
  push(step);
}

void CheckPlanner::scan_at_gate() {
  Step step;
  step.kind = StepKind::scan;
  step.pools[0] = plan_.gate_scanners[box_.district];
  step.pool_count = 1;
  push(step);
}

void CheckPlanner::image_review() {
  Step step;
  step.kind = StepKind::image_review;
  step.pools[0] = plan_.image_officers;
  step.pool_count = 1;
  push(step);
}

void CheckPlanner::exam(int site, AgencySet agencies) {
  move_to(config_.sites[site].node);
  Step step;
  step.kind = StepKind::exam;
  step.agencies = agencies;
  step.site = site;
  // Shared facilities: the site's bays, whoever examines; otherwise the bays of the agency
  // whose examination this is (of a joint one, the first agency's).
  step.pools[step.pool_count++] =
      config_.inspection.shared_facilities
          ? plan_.bays[site]
          : plan_.own_bays[site][std::countr_zero(static_cast<unsigned>(agencies))];
  for (std::size_t a = 0; a < config_.agencies.size(); ++a)
    if (agencies & (1u << a)) step.pools[step.pool_count++] = plan_.exam_teams[site][a];
  push(step);
}

void CheckPlanner::release(int agency) {
  Step step;
  step.kind = StepKind::release;
  step.agencies = static_cast<AgencySet>(1u << agency);
  push(step);
}

CheckPolicy check_policy(ExamPolicy policy) {
  switch (policy) {
    case ExamPolicy::sequential:
      return sequential_checks;
    case ExamPolicy::joint:
      return joint_checks;
  }
  throw std::logic_error("check_policy: unknown policy");
}

// ---- the route --------------------------------------------------------------------------

AgencySet reviewing_agencies(const PortConfig& c, CargoClass cargo) {
  AgencySet set = 1u << kLeadAgency;
  for (std::size_t a = 0; a < c.agencies.size(); ++a)
    if (c.agencies[a].regulates[static_cast<int>(cargo)]) set |= static_cast<AgencySet>(1u << a);
  return set;
}

double selection_probability(const PortConfig& c, int agency, Direction direction, CargoClass cargo,
                             CreditClass credit) {
  const AgencyConfig& a = c.agencies[agency];
  if (!a.regulates[static_cast<int>(cargo)]) return 0.0;
  return std::min(1.0, a.credit_factor[static_cast<int>(credit)] *
                           a.cargo_factor[static_cast<int>(cargo)] *
                           a.direction_factor[static_cast<int>(direction)]);
}

namespace {

// Document review by every agency concerned: one after the other with a hand-off between
// agencies, or side by side under single window; each agency's own risk engine follows its
// review, unless the policy merges them into one.
void plan_documents(const PortConfig& c, const ResourcePlan& plan, const BoxFacts& box,
                    Route& route) {
  const AgencySet reviewers = reviewing_agencies(c, box.cargo);
  const bool single_window = c.documents.single_window;
  int last = 0;
  for (std::size_t a = 0; a < c.agencies.size(); ++a)
    if (reviewers & (1u << a)) last = static_cast<int>(a);
  bool first = true;
  for (std::size_t a = 0; a < c.agencies.size(); ++a) {
    if (!(reviewers & (1u << a))) continue;
    if (!first && !single_window) route.push(Step{StepKind::handoff});
    Step review{StepKind::review, static_cast<AgencySet>(1u << a)};
    review.parallel = single_window && static_cast<int>(a) != last;
    review.pools[0] = plan.officers[a];
    review.pool_count = 1;
    route.push(review);
    first = false;
  }
  if (c.inspection.policy == ExamPolicy::joint) route.push(Step{StepKind::risk});
}

// Regional clearance: a selected box bound for an inland node under seal goes there on
// its shuttle, and the node's customs house opens it once for every agency that selected
// it, in one of its bays [assumption: dry ports examine by hand, and on behalf of every
// agency; the agencies' other releases are not separate steps].
void plan_inland_checks(const ResourcePlan& plan, const BoxFacts& box, Route& route) {
  Step transfer{StepKind::under_seal};
  transfer.node = box.under_seal_to;
  route.push(transfer);
  Step exam{StepKind::inland_exam, box.selected};
  exam.node = box.under_seal_to;
  exam.pools[exam.pool_count++] = plan.inland_bays[box.under_seal_to];
  exam.pools[exam.pool_count++] = plan.inland_teams[box.under_seal_to];
  route.push(exam);
}

}  // namespace

Route route(const PortConfig& c, const ResourcePlan& plan, const BoxFacts& box) {
  // Built where its capacity is kept from box to box; returned as a copy of its size.
  thread_local Route route;
  route.clear();
  plan_documents(c, plan, box, route);
  route.push(Step{StepKind::presence});
  if (box.selected && box.under_seal_to >= 0) {
    plan_inland_checks(plan, box, route);
  } else if (box.selected) {
    CheckPlanner planner(c, plan, box, route);
    check_policy(c.inspection.policy)(planner);
  } else if (box.yellow) {
    Step check{StepKind::yellow_check, static_cast<AgencySet>(1u << kLeadAgency)};
    check.pools[0] = plan.officers[kLeadAgency];
    check.pool_count = 1;
    route.push(check);
  }
  if (!box.guaranteed) route.push(Step{StepKind::duty});
  route.push(Step{StepKind::release, static_cast<AgencySet>(1u << kLeadAgency)});
  return route;
}

// ---- probabilities of selection sets ----------------------------------------------------

namespace {

double normal_cdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// Comonotone risk draws (rho = 1): agency a selects iff the common uniform is below p[a].
double comonotone_set_probability(const std::vector<double>& p, AgencySet selected) {
  double lower = 0, upper = 1;  // u must be below p[a] for a selected, at or above otherwise
  for (std::size_t a = 0; a < p.size(); ++a) {
    if (selected & (1u << a)) {
      upper = std::min(upper, p[a]);
    } else {
      lower = std::max(lower, p[a]);
    }
  }
  return std::max(0.0, upper - lower);
}

}  // namespace

double selection_set_probability(const std::vector<double>& p, double rho, AgencySet selected) {
  return selection_set_probabilities(p, rho)[selected];
}

namespace {

std::vector<double> integrate_selection_sets(const std::vector<double>& p, double rho);

}  // namespace

// The scenario decoder's consistency check and the traffic equations ask for the same few
// probability vectors once per district, each an integration of 400 steps with erfc: the
// last answers are kept (per thread; the function is pure), which took most of the time
// loading a scenario took (its every regime is checked).
std::vector<double> selection_set_probabilities(const std::vector<double>& p, double rho) {
  struct Answer {
    std::vector<double> p;
    double rho;
    std::vector<double> sets;
  };
  constexpr std::size_t kKept = 256;
  thread_local std::vector<Answer> kept;
  const auto same = [](double x, double y) {  // bit for bit: -0.0 and NaN are kept apart too
    return std::bit_cast<std::uint64_t>(x) == std::bit_cast<std::uint64_t>(y);
  };
  for (const Answer& a : kept)
    if (same(a.rho, rho) && std::equal(a.p.begin(), a.p.end(), p.begin(), p.end(), same))
      return a.sets;
  if (kept.size() == kKept) kept.clear();
  kept.push_back(Answer{p, rho, integrate_selection_sets(p, rho)});
  return kept.back().sets;
}

namespace {

std::vector<double> integrate_selection_sets(const std::vector<double>& p, double rho) {
  const std::size_t sets = std::size_t{1} << p.size();
  std::vector<double> probability(sets, 0.0);
  if (rho >= 1 - 1e-9) {
    for (std::size_t s = 0; s < sets; ++s)
      probability[s] = comonotone_set_probability(p, static_cast<AgencySet>(s));
    return probability;
  }
  // P(S) = E_z[ prod_{a in S} q_a(z) prod_{a not in S} (1 - q_a(z)) ], with
  // q_a(z) = Phi((Phi^-1(p_a) - sqrt(rho) z) / sqrt(1 - rho)); Simpson's rule over
  // z in [-8, 8] (the normal density beyond carries < 1e-15). With rho = 0 the integrand
  // does not depend on z and the rule returns the plain product.
  std::vector<double> threshold(p.size()), q(p.size());
  for (std::size_t a = 0; a < p.size(); ++a)
    threshold[a] = sim::inverse_normal_cdf(p[a]);
  const double a_rho = std::sqrt(std::max(0.0, rho)), b_rho = std::sqrt(1 - std::max(0.0, rho));
  const int intervals = rho > 0 ? 400 : 2;
  constexpr double kLow = -8, kHigh = 8;
  const double step = (kHigh - kLow) / intervals;
  for (int i = 0; i <= intervals; ++i) {
    const double z = kLow + step * i;
    const double weight = std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI) *
                          ((i == 0 || i == intervals) ? 1 : (i % 2 ? 4 : 2)) * step / 3;
    for (std::size_t a = 0; a < p.size(); ++a)
      q[a] = normal_cdf((threshold[a] - a_rho * z) / b_rho);
    for (std::size_t s = 0; s < sets; ++s) {
      double term = rho > 0 ? weight : 1.0 / (intervals + 1);
      for (std::size_t a = 0; a < p.size(); ++a)
        term *= (s & (std::size_t{1} << a)) ? q[a] : 1 - q[a];
      probability[s] += term;
    }
  }
  return probability;
}

}  // namespace

// ---- consistency ------------------------------------------------------------------------

namespace {

// Districts and directions that have traffic (a service or a box stream).
std::vector<std::array<bool, kDirections>> flows(const PortConfig& c) {
  std::vector<std::array<bool, kDirections>> has(c.districts.size(), {false, false, false});
  for (const ServiceConfig& s : c.services) {
    has[s.district][static_cast<int>(Direction::import_box)] = true;
    has[s.district][static_cast<int>(Direction::export_box)] = true;
    if (s.rail_share > 0) has[s.district][static_cast<int>(Direction::rail_transit)] = true;
  }
  for (const BoxStreamConfig& b : c.box_streams)
    has[b.district][static_cast<int>(b.direction)] = true;
  return has;
}

MissingPool describe_missing(const PortConfig& c, const ResourcePlan& plan, const BoxFacts& box,
                             const Step& step) {
  const std::string district = "district '" + c.districts[box.district].name + "'";
  if (step.kind == StepKind::inland_exam) {
    return {MissingPool::Kind::inland_inspection, box.district, step.node, -1,
            "inland node '" + c.regional.nodes[step.node].name +
                "' needs inspection bays and teams (bays, teams): integrated regional "
                "clearance moves boxes there under seal, and examines there those selected"};
  }
  if (step.kind == StepKind::scan && step.site < 0) {
    return {MissingPool::Kind::gate_scanners, box.district, -1, -1,
            "machine-first scanning at the gate needs drive-through scanners (gate_scanners) "
            "at " +
                district};
  }
  const std::string site = "inspection site '" + c.sites[step.site].name + "'";
  if (step.kind == StepKind::exam &&
      (step.pools[0] == kNoPool || plan.pools[step.pools[0]].capacity <= 0)) {
    const int owner = std::countr_zero(static_cast<unsigned>(step.agencies));
    return {MissingPool::Kind::own_bays, box.district, step.site, owner,
            site + " has no bays of " + c.agencies[owner].name +
                "'s own (own_bays), but facilities are not shared (inspection.shared_facilities: "
                "false) and " +
                c.agencies[owner].name + " examines boxes of " + district + " there"};
  }
  if (step.kind == StepKind::scan) {
    return {MissingPool::Kind::yard_scanners, box.district, step.site, -1,
            "machine-first scanning in the yard needs scanners at " + site + " (used by " +
                district + ")"};
  }
  for (std::size_t a = 0; a < c.agencies.size(); ++a) {
    if (!(step.agencies & (1u << a)) || plan.exam_teams[step.site][a] != kNoPool) continue;
    return {MissingPool::Kind::exam_teams, box.district, step.site, static_cast<int>(a),
            site + " has no " + c.agencies[a].name + " teams, but " + c.agencies[a].name +
                " examines boxes of " + district + " there" +
                (step.agencies != (1u << a) ? " (jointly with other agencies)" : "")};
  }
  throw std::logic_error("describe_missing: no missing pool in this step");
}

}  // namespace

std::vector<MissingPool> missing_pools(const PortConfig& c) {
  const ResourcePlan plan = resource_plan(c);
  const auto has = flows(c);
  std::vector<MissingPool> missing;
  std::set<std::tuple<int, int, int, int>> seen;
  for (std::size_t d = 0; d < c.districts.size(); ++d) {
    for (std::size_t k = 0; k < kDirections; ++k) {
      if (!has[d][k]) continue;
      for (std::size_t cargo = 0; cargo < kCargoClasses; ++cargo) {
        if (c.cargo_mix[cargo] <= 0) continue;
        for (std::size_t credit = 0; credit < kCreditClasses; ++credit) {
          if (c.credit_mix[credit] <= 0) continue;
          for_each_outcome(
              c, static_cast<int>(d), static_cast<Direction>(k), static_cast<CargoClass>(cargo),
              static_cast<CreditClass>(credit), [&](const BoxFacts& box, double) {
                for (const Step& step : route(c, plan, box)) {
                  const bool lacking = std::any_of(
                      step.pools.begin(), step.pools.begin() + step.pool_count,
                      [&](int pool) { return pool == kNoPool || plan.pools[pool].capacity <= 0; });
                  if (!lacking) continue;
                  MissingPool m = describe_missing(c, plan, box, step);
                  if (seen.insert({static_cast<int>(m.kind), m.district, m.site, m.agency}).second)
                    missing.push_back(std::move(m));
                }
              });
        }
      }
    }
  }
  return missing;
}

}  // namespace clearsim::model
