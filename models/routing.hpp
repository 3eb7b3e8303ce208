#pragma once
// One description of a box's path through clearance, read by three users: the simulation
// (models/port_model.cpp walks the steps), the traffic equations behind `clearsim
// validate` (sim/experiment/traffic.cpp sums each pool's load over every possible route
// with its probability), and the scenario decoder's consistency checks (missing_pools).
//
// resource_plan(config) names every pool of the port and its capacity; route(config, plan,
// box) lists, for a box whose random facts are known, which agencies review it, which
// checks it gets in which order, which pools each step holds and where it moves. Both are
// pure functions of the configuration: no kernel, no clock.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/config.hpp"

namespace clearsim::model {

// ---- pools ------------------------------------------------------------------------------

enum class PoolKind : std::uint8_t {
  berth,              // per district
  document_officers,  // per agency
  image_officers,     // machine-first image review, port-wide
  scanner,            // yard scanners, per inspection site
  gate_scanner,       // drive-through scanners, per district
  bay,                // per inspection site
  exam_team,          // per inspection site and agency
  gate_lane,          // export gate lanes of a district's terminal (export_terminal)
  seal_checker,       // rail-yard officers checking seals at transshipment
  rail_crane,         // rail-yard cranes lifting boxes into their train's stack
  inland_bay,         // an inland node's inspection bays (regional clearance)
  inland_team,        // an inland node's examination teams
};
inline constexpr std::size_t kPoolKinds = 12;
inline constexpr std::array<const char*, kPoolKinds> kPoolKindLabels = {
    "berth",      "document_officers", "image_officers", "scanner",      "gate_scanner",
    "bay",        "exam_team",         "gate_lane",      "seal_checker", "rail_crane",
    "inland_bay", "inland_team"};

struct Pool {
  std::string name;  // e.g. "beijiang.berths", "beijiang_inspection.customs_teams"
  PoolKind kind = PoolKind::berth;
  int capacity = 0;
  int district = -1;  // where it belongs (-1: port-wide or a shared site)
  int site = -1;
  int agency = -1;
};

inline constexpr int kNoPool = -1;

// Every pool of the port, and where to find each in `pools`. Pools with no capacity are
// still listed (a scenario may size them 0), so indices never depend on a regime's sizes.
struct ResourcePlan {
  std::vector<Pool> pools;
  std::vector<int> berths;                   // per district
  std::vector<int> officers;                 // per agency
  int image_officers = kNoPool;              // only when machine-first is in use
  std::vector<int> gate_scanners;            // per district (kNoPool: none)
  std::vector<int> scanners;                 // per site (kNoPool: none)
  std::vector<int> bays;                     // per site, shared across agencies
  std::vector<std::vector<int>> own_bays;    // [site][agency]: an agency's own (kNoPool: none)
  std::vector<std::vector<int>> exam_teams;  // [site][agency] (kNoPool: none)
  std::vector<int> inland_bays;              // per inland node (kNoPool: none)
  std::vector<int> inland_teams;             // per inland node (kNoPool: none)
  // Outside the clearance route: before the arrival and after the release.
  std::vector<int> gate_lanes;  // per district, when exports start off-dock (kNoPool: none)
  int seal_checkers = kNoPool;  // at the rail yard
  int rail_cranes = kNoPool;    // at the rail yard
};

ResourcePlan resource_plan(const PortConfig& config);

// ---- a box and its route ----------------------------------------------------------------

// What the route of a box depends on: its classes, and the outcome of its random draws.
struct BoxFacts {
  int district = 0;
  Direction direction = Direction::import_box;
  CargoClass cargo = CargoClass::general;
  CreditClass credit = CreditClass::ordinary;
  AgencySet selected = 0;           // agencies that selected it for an examination
  AgencySet scanned = 0;            // of those: scanned first under machine-first
  AgencySet opened_after_scan = 0;  // of the scanned: opened anyway after image review
  bool yellow = false;              // unselected, but a document check (yellow channel)
  bool guaranteed = false;          // duties: release first, pay later
  // Regional clearance: the inland node it moves to under seal, where it is examined if
  // selected (-1: it stays in the port's hands).
  int under_seal_to = -1;
};

enum class StepKind : std::uint8_t {
  review,        // an agency's officers review the documents, then its risk engine runs
  handoff,       // paper passed to the next agency (no pool)
  risk,          // the merged risk engine (no pool)
  presence,      // wait until the box is physically here: discharged, gated in
  yellow_check,  // the lead agency's officers
  move,          // lift and move to `node` (no pool; the box's draws for move `leg`)
  scan,          // a scanner: the site's (yard) or the district's (gate)
  image_review,  // image officers
  exam,          // a bay and a team of each agency in `agencies`, all at once
  release,       // an agency's release message
  duty,          // duties and taxes paid
  under_seal,    // to inland node `node` under seal, on its shuttle (no pool)
  inland_exam,   // the inland node's bay and team, for every agency in `agencies`
};
inline constexpr std::size_t kStepKinds = 13;
inline constexpr std::array<const char*, kStepKinds> kStepKindLabels = {
    "review",       "handoff", "risk",    "presence", "yellow_check", "move",       "scan",
    "image_review", "exam",    "release", "duty",     "under_seal",   "inland_exam"};

struct Step {
  StepKind kind = StepKind::review;
  AgencySet agencies = 0;  // review, exam, release: whose
  int node = -1;           // move: where to; under_seal, inland_exam: the inland node
  std::uint8_t leg = 0;    // move: the box's n-th move (each has its own draws)
  bool parallel = false;   // review: runs side by side with the reviews after it
  int site = -1;           // scan (-1: at the gate), exam: where
  std::uint8_t pool_count = 0;
  std::array<int, 1 + kMaxAgencies> pools{};  // held all at once for the step's duration
};

// The steps of a box, in order: a dozen or so for most boxes (a box holds its route while
// it clears, so it is kept as small as its steps: route() returns a copy of exactly its
// steps, and an empty Route, which every box holds from its creation until it is declared,
// holds no memory).
class Route {
 public:
  void push(const Step& step) { steps_.push_back(step); }
  void clear() { steps_.clear(); }
  const Step* begin() const { return steps_.data(); }
  const Step* end() const { return steps_.data() + steps_.size(); }
  std::size_t size() const { return steps_.size(); }
  const Step& operator[](std::size_t i) const { return steps_[i]; }

 private:
  std::vector<Step> steps_;
};

// The lead agency (declarations, yellow checks, duties, final release).
inline constexpr int kLeadAgency = 0;

// Agencies that review the documents of a box of this cargo class (the lead always does).
AgencySet reviewing_agencies(const PortConfig& config, CargoClass cargo);
// The probability that `agency` selects a box of these classes (0 if it does not regulate
// the cargo class).
double selection_probability(const PortConfig& config, int agency, Direction direction,
                             CargoClass cargo, CreditClass credit);

// The box's steps from its declaration to its release, in order.
Route route(const PortConfig& config, const ResourcePlan& plan, const BoxFacts& box);

// ---- every possible route ---------------------------------------------------------------

// The probability that exactly the agencies in `selected` select a box, when agency a
// alone would with probability p[a] and their risk draws are joined by a Gaussian copula
// with one common factor of correlation rho (rho = 0: independent).
double selection_set_probability(const std::vector<double>& p, double rho, AgencySet selected);
// The same for every set at once (index = the set's bits): one integration, not 2^n.
std::vector<double> selection_set_probabilities(const std::vector<double>& p, double rho);

// Calls visit(facts, probability) for every combination of the random facts that shape a
// route (selection set, scans, openings after a scan, yellow channel) of a box of these
// classes, with its probability; outcomes of probability 0 are skipped. `guaranteed` is
// left false: it changes no pool. The probabilities sum to 1.
template <class Visit>
void for_each_outcome(const PortConfig& config, int district, Direction direction, CargoClass cargo,
                      CreditClass credit, Visit&& visit);

// ---- consistency ------------------------------------------------------------------------

// A pool that some box's route may use under this configuration but that has no capacity.
struct MissingPool {
  enum class Kind { exam_teams, yard_scanners, gate_scanners, own_bays, inland_inspection } kind;
  int district = -1;  // whose boxes need it
  int site = -1;      // for exam_teams, yard_scanners, own_bays; inland_inspection: the node
  int agency = -1;    // for exam_teams, own_bays
  std::string message;
};
std::vector<MissingPool> missing_pools(const PortConfig& config);

// ---- implementation of for_each_outcome -------------------------------------------------

namespace detail {
// Calls visit for every way the scannable agencies of `selected` may be scanned and opened.
template <class Visit>
void each_scan_outcome(const PortConfig& config, BoxFacts facts, double probability,
                       std::size_t agency, Visit& visit) {
  if (probability <= 0) return;
  const std::size_t agencies = config.agencies.size();
  while (agency < agencies &&
         !((facts.selected >> agency) & 1u && config.agencies[agency].scannable))
    ++agency;
  if (agency == agencies) {
    visit(static_cast<const BoxFacts&>(facts), probability);
    return;
  }
  const MachineFirstConfig& mf = config.inspection.machine_first;
  const auto bit = static_cast<AgencySet>(1u << agency);
  each_scan_outcome(config, facts, probability * (1 - mf.share), agency + 1, visit);
  facts.scanned |= bit;
  each_scan_outcome(config, facts, probability * mf.share * (1 - mf.open_after_review), agency + 1,
                    visit);
  facts.opened_after_scan |= bit;
  each_scan_outcome(config, facts, probability * mf.share * mf.open_after_review, agency + 1,
                    visit);
}
}  // namespace detail

namespace detail {
// Calls visit for the box, and under integrated regional clearance (an import) for each
// inland node it may move to under seal instead, with their probabilities.
template <class Visit>
void each_inland_outcome(const PortConfig& config, const BoxFacts& facts, double probability,
                         Visit& visit) {
  const RegionalConfig& regional = config.regional;
  if (facts.direction != Direction::import_box || !regional.integrated ||
      !(regional.under_seal_share > 0)) {
    visit(facts, probability);
    return;
  }
  BoxFacts inland = facts;
  double at_port = 1;
  for (std::size_t n = 0; n < regional.nodes.size(); ++n) {
    const double q = regional.nodes[n].share * regional.under_seal_share;
    if (!(q > 0)) continue;
    inland.under_seal_to = static_cast<int>(n);
    visit(static_cast<const BoxFacts&>(inland), probability * q);
    at_port -= q;
  }
  if (at_port > 0) visit(facts, probability * at_port);
}
}  // namespace detail

template <class Visit>
void for_each_outcome(const PortConfig& config, int district, Direction direction, CargoClass cargo,
                      CreditClass credit, Visit&& outer) {
  auto visit = [&](const BoxFacts& f, double p) {
    detail::each_inland_outcome(config, f, p, outer);
  };
  const std::size_t agencies = config.agencies.size();
  std::vector<double> p(agencies);
  for (std::size_t a = 0; a < agencies; ++a)
    p[a] = selection_probability(config, static_cast<int>(a), direction, cargo, credit);
  BoxFacts facts;
  facts.district = district;
  facts.direction = direction;
  facts.cargo = cargo;
  facts.credit = credit;
  const std::vector<double> sets = selection_set_probabilities(p, config.selection.correlation);
  for (unsigned set = 0; set < (1u << agencies); ++set) {
    const double probability = sets[set];
    if (probability <= 0) continue;
    facts.selected = static_cast<AgencySet>(set);
    if (set == 0) {
      const double yellow = config.selection.yellow_share;
      facts.yellow = false;
      if (yellow < 1) visit(static_cast<const BoxFacts&>(facts), probability * (1 - yellow));
      facts.yellow = true;
      if (yellow > 0) visit(static_cast<const BoxFacts&>(facts), probability * yellow);
      facts.yellow = false;
      continue;
    }
    detail::each_scan_outcome(config, facts, probability, 0, visit);
  }
}

}  // namespace clearsim::model
