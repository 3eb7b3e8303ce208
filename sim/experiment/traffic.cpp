#include "sim/experiment/traffic.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "models/draws.hpp"
#include "models/staffing.hpp"
#include "sim/kernel/random.hpp"

namespace clearsim::experiment {

namespace {

using model::Direction;
using model::PortConfig;
using model::Step;
using model::StepKind;

// A service's mean calls per hour: its weekly timetable, or its Poisson rate.
double calls_per_hour(const model::ServiceConfig& s) {
  return s.weekly_times.empty() ? s.calls_per_hour : s.weekly_times.size() / 168.0;
}

// Box arrival rates per district and direction (per hour).
std::vector<std::array<double, model::kDirections>> box_rates(const PortConfig& c) {
  std::vector<std::array<double, model::kDirections>> rates(c.districts.size());
  for (const auto& s : c.services) {
    const double calls = calls_per_hour(s);
    const double discharge = calls * std::max(0.0, s.discharge_boxes.mean());
    rates[s.district][0] += discharge * (1 - s.rail_share);
    rates[s.district][2] += discharge * s.rail_share;
    rates[s.district][1] += calls * std::max(0.0, s.load_boxes.mean());
  }
  for (const auto& b : c.box_streams)
    rates[b.district][static_cast<int>(b.direction)] += b.boxes_per_hour;
  return rates;
}

// Mean holding times of the steps that hold pools.
class HoldingTimes {
 public:
  explicit HoldingTimes(const PortConfig& c) : c_(c) {}

  double of(const Step& step, int district) {
    switch (step.kind) {
      case StepKind::review:
        return c_.agencies[agency(step.agencies)].review.mean();
      case StepKind::yellow_check:
        return c_.selection.yellow_check.mean();
      case StepKind::scan:
        return step.site < 0 ? c_.districts[district].gate_scan_time.mean()
                             : c_.sites[step.site].scan_time.mean();
      case StepKind::image_review:
        return c_.inspection.machine_first.image_review.mean();
      case StepKind::exam:
      case StepKind::inland_exam:
        return exam(step.agencies);
      default:
        return 0.0;
    }
  }

 private:
  static int agency(model::AgencySet set) {
    int a = 0;
    while (!(set & (1u << a)))
      ++a;
    return a;
  }

  // E[max of the agencies' exam times], by fixed-seed simulation for joint exams (the
  // agencies' draws are independent); the plain mean for one agency.
  double exam(model::AgencySet agencies) {
    if (!(agencies & (agencies - 1))) return c_.agencies[agency(agencies)].exam.mean();
    auto [it, fresh] = joint_means_.try_emplace(agencies, 0.0);
    if (!fresh) return it->second;
    constexpr int kDraws = 20'000;
    const sim::RandomStreams streams(20261201, 0);
    double sum = 0;
    for (int n = 0; n < kDraws; ++n) {
      double longest = 0;
      for (std::size_t a = 0; a < c_.agencies.size(); ++a) {
        if (!(agencies & (1u << a))) continue;
        sim::RandomStream s = streams.stream(model::draw_purpose("traffic.exam", a), n);
        longest = std::max(longest, std::max(0.0, c_.agencies[a].exam.sample(s)));
      }
      sum += longest;
    }
    return it->second = sum / kDraws;
  }

  const PortConfig& c_;
  std::map<model::AgencySet, double> joint_means_;
};

void add_berths(const PortConfig& c, const model::ResourcePlan& plan,
                std::vector<PredictedLoad>& loads) {
  for (const auto& s : c.services) {
    const double calls = calls_per_hour(s);
    const double moves =
        std::max(0.0, s.discharge_boxes.mean()) + std::max(0.0, s.load_boxes.mean());
    loads[plan.berths[s.district]].offered += calls * moves / (s.cranes * s.crane_rate.mean());
  }
}

// Rail boxes arriving at the rail yard at `rate` per hour: a crane's lift, a seal check.
void add_rail_box(const PortConfig& c, const model::ResourcePlan& plan, double rate,
                  std::vector<PredictedLoad>& loads) {
  if (plan.rail_cranes != model::kNoPool)
    loads[plan.rail_cranes].offered += rate * c.rail.lift.mean();
  if (plan.seal_checkers != model::kNoPool)
    loads[plan.seal_checkers].offered += rate * c.rail.seal_check.mean();
}

// Before the arrival and after the release, outside the clearance route: every export of
// a vessel holds a gate lane for its gate transaction (export_terminal), every rail box a
// rail-yard crane for its lift and a seal checker for its seal check.
void add_flows(const PortConfig& c, const model::ResourcePlan& plan,
               std::vector<PredictedLoad>& loads) {
  for (const auto& s : c.services) {
    const double calls = calls_per_hour(s);
    if (plan.gate_lanes[s.district] != model::kNoPool) {
      loads[plan.gate_lanes[s.district]].offered +=
          calls * std::max(0.0, s.load_boxes.mean()) * c.export_terminal.gate_time.mean();
    }
    add_rail_box(c, plan, calls * std::max(0.0, s.discharge_boxes.mean()) * s.rail_share, loads);
  }
  for (const auto& b : c.box_streams)
    if (b.direction == Direction::rail_transit) add_rail_box(c, plan, b.boxes_per_hour, loads);
}

}  // namespace

ArrivalRates arrival_rates(const PortConfig& config) {
  ArrivalRates rates;
  for (const auto& district : box_rates(config))
    for (double rate : district)
      rates.boxes += rate;
  for (const auto& s : config.services)
    rates.vessel_calls += calls_per_hour(s);
  return rates;
}

std::vector<PredictedLoad> predict_loads(const PortConfig& c) {
  const model::ResourcePlan plan = model::resource_plan(c);
  std::vector<PredictedLoad> loads;
  for (const model::Pool& p : plan.pools)
    loads.push_back(PredictedLoad{p.name, p.kind, p.capacity, 0.0,
                                  model::follows_shifts(p.kind)
                                      ? model::mean_capacity(c.staffing, p.capacity)
                                      : static_cast<double>(p.capacity)});
  add_berths(c, plan, loads);
  add_flows(c, plan, loads);
  HoldingTimes holding(c);
  const auto rates = box_rates(c);
  for (std::size_t d = 0; d < c.districts.size(); ++d) {
    for (std::size_t k = 0; k < model::kDirections; ++k) {
      if (rates[d][k] <= 0) continue;
      for (std::size_t cargo = 0; cargo < model::kCargoClasses; ++cargo) {
        for (std::size_t credit = 0; credit < model::kCreditClasses; ++credit) {
          const double rate = rates[d][k] * c.cargo_mix[cargo] * c.credit_mix[credit];
          if (rate <= 0) continue;
          model::for_each_outcome(
              c, static_cast<int>(d), static_cast<Direction>(k),
              static_cast<model::CargoClass>(cargo), static_cast<model::CreditClass>(credit),
              [&](const model::BoxFacts& box, double probability) {
                for (const Step& step : model::route(c, plan, box)) {
                  if (step.pool_count == 0) continue;
                  const double load = rate * probability * holding.of(step, box.district);
                  for (std::size_t i = 0; i < step.pool_count; ++i)
                    loads[step.pools[i]].offered += load;
                }
              });
        }
      }
    }
  }
  for (const PredictedLoad& l : loads) {
    if (!std::isfinite(l.offered))
      throw std::invalid_argument("predicted load of " + l.pool +
                                  " is not a number: an input's mean is not finite");
  }
  return loads;
}

}  // namespace clearsim::experiment
