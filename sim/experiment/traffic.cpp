#include "sim/experiment/traffic.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <map>

namespace clearsim::experiment {

namespace {

using model::PortConfig;

// The activities a box may visit, in routing order.
enum Activity : int {
  kCustomsReview,
  kCiqReview,
  kYellowCheck,
  kScan,
  kCustomsExam,  // bay + customs team
  kCiqExam,      // bay + CIQ team
  kJointExam,    // bay + both teams
  kActivities
};

struct SelectionOdds {
  double customs = 0;  // P(selected by customs)
  double ciq = 0;      // P(selected by CIQ)
  double both = 0;     // P(both), attributes drawn independently per box
  double ciq_regulated = 0;
};

SelectionOdds odds(const PortConfig& c, model::Direction direction) {
  SelectionOdds o;
  const auto dir = static_cast<int>(direction);
  const auto& sel = c.selection;
  for (std::size_t cargo = 0; cargo < model::kCargoClasses; ++cargo) {
    const double q = std::min(1.0, sel.ciq_rate[cargo] * sel.direction_factor[dir]);
    if (sel.ciq_rate[cargo] > 0) o.ciq_regulated += c.cargo_mix[cargo];
    for (std::size_t credit = 0; credit < model::kCreditClasses; ++credit) {
      const double w = c.cargo_mix[cargo] * c.credit_mix[credit];
      const double p = std::min(1.0, sel.customs_rate[credit] * sel.customs_cargo_factor[cargo] *
                                         sel.direction_factor[dir]);
      o.customs += w * p;
      o.ciq += w * q;
      o.both += w * p * q;
    }
  }
  return o;
}

// Routing matrix P (row: from, column: to) and external arrivals for one flow.
void routing(const PortConfig& c, const SelectionOdds& o, double rate, Eigen::MatrixXd& P,
             Eigen::VectorXd& gamma) {
  P.setZero(kActivities, kActivities);
  gamma.setZero(kActivities);
  gamma[kCustomsReview] = rate;
  const bool single_window = c.documents.single_window;
  const double to_ciq_review = single_window ? 0.0 : o.ciq_regulated;
  P(kCustomsReview, kCiqReview) = to_ciq_review;

  const double s = c.selection.scan_suspicious;
  const bool machine_first = c.inspection.machine_first;
  const double customs_only = o.customs - o.both, ciq_only = o.ciq - o.both;
  const double none = 1.0 - o.customs - o.ciq + o.both;
  // Everything below happens once documents are done: from customs review directly (for
  // boxes without CIQ review) or from CIQ review.
  for (Activity from : {kCustomsReview, kCiqReview}) {
    const double w = from == kCustomsReview ? 1.0 - to_ciq_review : 1.0;
    P(from, kYellowCheck) += w * none * c.selection.yellow_share;
    if (machine_first) P(from, kScan) += w * o.customs;
    if (c.inspection.joint) {
      // Joint exam when customs still needs to open the box and CIQ selected it too.
      const double manual = machine_first ? s : 1.0;
      P(from, kJointExam) += w * o.both * manual;
      P(from, kCustomsExam) += w * customs_only * manual;
      P(from, kCiqExam) += w * (ciq_only + o.both * (1.0 - manual));
    } else {
      if (!machine_first) P(from, kCustomsExam) += w * o.customs;
      P(from, kCiqExam) += w * o.ciq;
    }
  }
  if (machine_first && !c.inspection.joint) P(kScan, kCustomsExam) = s;
}

struct Loads {
  std::map<std::string, PredictedLoad> by_name;
  void add(const std::string& name, model::ResourceKind kind, int capacity, double offered) {
    PredictedLoad& l = by_name[name];
    l.resource = name;
    l.kind = kind;
    l.capacity = capacity;
    l.offered += offered;
  }
};

// Box arrival rates per district and direction (per hour).
std::vector<std::array<double, model::kDirections>> box_rates(const PortConfig& c) {
  std::vector<std::array<double, model::kDirections>> rates(c.districts.size());
  for (const auto& s : c.services) {
    const double calls = s.weekly_times.empty() ? s.calls_per_hour : s.weekly_times.size() / 168.0;
    const double discharge = calls * std::max(0.0, s.discharge_boxes.mean());
    rates[s.district][0] += discharge * (1 - s.rail_share);
    rates[s.district][2] += discharge * s.rail_share;
    rates[s.district][1] += calls * std::max(0.0, s.load_boxes.mean());
  }
  for (const auto& b : c.box_streams)
    rates[b.district][static_cast<int>(b.direction)] += b.boxes_per_hour;
  return rates;
}

void add_berths(const PortConfig& c, Loads& loads) {
  std::vector<double> offered(c.districts.size(), 0.0);
  for (const auto& s : c.services) {
    const double calls = s.weekly_times.empty() ? s.calls_per_hour : s.weekly_times.size() / 168.0;
    const double moves =
        std::max(0.0, s.discharge_boxes.mean()) + std::max(0.0, s.load_boxes.mean());
    offered[s.district] += calls * moves / (s.cranes * s.crane_rate.mean());
  }
  for (std::size_t d = 0; d < c.districts.size(); ++d)
    loads.add(c.districts[d].name + ".berths", model::ResourceKind::berth, c.districts[d].berths,
              offered[d]);
}

}  // namespace

std::vector<PredictedLoad> predict_loads(const PortConfig& c) {
  Loads loads;
  add_berths(c, loads);
  using K = model::ResourceKind;
  loads.add("customs.document_officers", K::document_officers, c.documents.customs_officers, 0);
  loads.add("ciq.document_officers", K::document_officers, c.documents.ciq_officers, 0);
  for (const auto& s : c.sites) {
    if (s.scanners > 0) loads.add(s.name + ".scanners", K::scanner, s.scanners, 0);
    loads.add(s.name + ".bays", K::bay, s.bays, 0);
    loads.add(s.name + ".customs_teams", K::customs_team, s.customs_teams, 0);
    loads.add(s.name + ".ciq_teams", K::ciq_team, s.ciq_teams, 0);
  }

  const auto rates = box_rates(c);
  const double review = c.documents.single_window ? c.documents.single_window_review.mean()
                                                  : c.documents.customs_review.mean();
  const double customs_exam = c.inspection.customs_exam.mean();
  const double ciq_exam = c.inspection.ciq_exam.mean();
  Eigen::MatrixXd P;
  Eigen::VectorXd gamma;
  for (std::size_t d = 0; d < c.districts.size(); ++d) {
    const auto& district = c.districts[d];
    const auto& customs_site = c.sites[district.customs_site];
    const auto& ciq_site = c.sites[district.ciq_site];
    for (std::size_t k = 0; k < model::kDirections; ++k) {
      if (rates[d][k] <= 0) continue;
      routing(c, odds(c, static_cast<model::Direction>(k)), rates[d][k], P, gamma);
      // Traffic equations: lambda = gamma + P^T lambda.
      const Eigen::MatrixXd A = Eigen::MatrixXd::Identity(kActivities, kActivities) - P.transpose();
      const Eigen::VectorXd visits = A.partialPivLu().solve(gamma);
      loads.add(
          "customs.document_officers", K::document_officers, c.documents.customs_officers,
          visits[kCustomsReview] * review + visits[kYellowCheck] * c.selection.yellow_check.mean());
      loads.add("ciq.document_officers", K::document_officers, c.documents.ciq_officers,
                visits[kCiqReview] * c.documents.ciq_review.mean());
      if (customs_site.scanners > 0)
        loads.add(customs_site.name + ".scanners", K::scanner, customs_site.scanners,
                  visits[kScan] * customs_site.scan_time.mean());
      const double joint = std::max(customs_exam, ciq_exam);
      const auto& exam_site = c.inspection.joint ? customs_site : ciq_site;
      loads.add(customs_site.name + ".bays", K::bay, customs_site.bays,
                visits[kCustomsExam] * customs_exam + visits[kJointExam] * joint);
      loads.add(customs_site.name + ".customs_teams", K::customs_team, customs_site.customs_teams,
                visits[kCustomsExam] * customs_exam + visits[kJointExam] * joint);
      loads.add(customs_site.name + ".ciq_teams", K::ciq_team, customs_site.ciq_teams,
                visits[kJointExam] * joint);
      loads.add(exam_site.name + ".bays", K::bay, exam_site.bays, visits[kCiqExam] * ciq_exam);
      loads.add(exam_site.name + ".ciq_teams", K::ciq_team, exam_site.ciq_teams,
                visits[kCiqExam] * ciq_exam);
    }
  }
  std::vector<PredictedLoad> out;
  for (auto& [name, load] : loads.by_name)
    out.push_back(load);
  return out;
}

}  // namespace clearsim::experiment
