#include "sim/experiment/replication.hpp"

#include "models/costs.hpp"
#include "models/disruptions.hpp"

#include <chrono>
#include <cmath>

namespace clearsim::experiment {

namespace {

TimeStats stats_of(const model::TimeDistribution& d) {
  return TimeStats{d.mean(), d.quantile(0.5), d.quantile(0.9), d.quantile(0.95), d.max()};
}

double share(std::uint64_t part, std::uint64_t whole) {
  return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

}  // namespace

ReplicationResult run_replication(const model::PortConfig& config, const model::RunOptions& options,
                                  model::Recorder* extra) {
  const auto start = std::chrono::steady_clock::now();
  model::SummaryRecorder summary(options.warmup, options.horizon, extra);
  summary.track_recovery(!config.disruptions.empty());
  model::PortModel port(config, options, summary);
  port.run();

  ReplicationResult result;
  result.regime = config.regime;
  result.replication = options.replication;
  for (std::size_t d = 0; d < model::kDirections; ++d) {
    const model::DirectionSummary& s = summary.direction(static_cast<model::Direction>(d));
    DirectionResult& out = result.directions[d];
    out.cleared = s.cleared;
    out.inspection_rate = s.inspection_rate();
    out.scan_rate = share(s.scanned, s.cleared);
    out.open_rate = share(s.opened, s.cleared);
    out.missed_departure_share = share(s.missed_departure, s.cleared);
    // No box, no time: NaN (printed as missing), never a 0 h that would pull a mean down.
    if (s.cleared > 0) {
      out.overall = stats_of(s.overall);
      out.customs = stats_of(s.customs);
    } else {
      out.overall = out.customs = TimeStats{NAN, NAN, NAN, NAN, NAN};
    }
    for (std::size_t k = 0; k < model::kStages; ++k)
      out.stages[k] = s.stage_mean(k);
    out.within_24h_share = share(s.within_24h, s.cleared);
    for (std::size_t c = 0; c < model::kCreditClasses; ++c) {
      out.cleared_by_credit[c] = s.overall_by_credit[c].tally.count();
      if (out.cleared_by_credit[c] > 0) out.overall_by_credit[c] = stats_of(s.overall_by_credit[c]);
    }
    for (std::size_t h = 0; h < model::kHoursOfDay; ++h) {
      const sim::Tally& t = s.overall_by_arrival_hour[h];
      out.overall_by_arrival_hour[h] = t.count() ? t.mean() : std::nan("");
    }
    out.cost_mean_cny = s.trader_cost.mean();
    for (std::size_t c = 0; c < model::kCreditClasses; ++c) {
      const sim::Tally& t = s.trader_cost_by_credit[c];
      out.cost_mean_by_credit_cny[c] = t.count() ? t.mean() : std::nan("");
    }
    out.waived_mean_cny = s.cleared ? s.waived_cost / static_cast<double>(s.cleared) : 0.0;
    out.recovery_hours =
        model::recovery_time(config.disruptions, s.overall_by_arrival_bin, options.warmup);
  }
  result.pools = port.pool_use();
  result.plan = std::make_shared<const model::ResourcePlan>(port.plan());
  double staff_cost = 0;
  std::uint64_t cleared = 0;
  for (std::size_t i = 0; i < result.pools.size(); ++i)
    staff_cost += result.pools[i].available_hours *
                  model::hourly_cost(config.costs, result.plan->pools[i].kind);
  for (const auto& d : result.directions)
    cleared += d.cleared;
  result.staff_cost_per_box_cny = cleared ? staff_cost / static_cast<double>(cleared) : 0.0;
  result.vessels = summary.vessels();
  result.in_progress = port.boxes_in_progress();
  result.events = port.events();
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::vector<double> values_of(const std::vector<ReplicationResult>& runs, const Pick& pick) {
  std::vector<double> values;
  for (const auto& r : runs)
    values.push_back(pick(r));
  return values;
}

Estimate estimate(const std::vector<double>& values, double confidence) {
  if (values.empty()) return {};
  if (values.size() == 1) return Estimate{values[0], 0.0};
  const sim::ConfidenceInterval ci = sim::mean_interval(values, confidence);
  return Estimate{ci.mean, ci.half_width};
}

}  // namespace clearsim::experiment
