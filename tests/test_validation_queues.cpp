// Validation of the kernel against queueing theory. Each case runs independent replications
// and requires the analytic value inside the 99 % Student-t interval of the replication
// means, and the interval to be tight (half-width under 4 % of the value) so that a wrong
// kernel cannot hide behind a wide interval. Seeds are fixed: the outcome is reproducible.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "sim/kernel/distribution.hpp"
#include "sim/kernel/kernel.hpp"
#include "sim/kernel/statistics.hpp"
#include "tests/support/queueing_theory.hpp"

using namespace clearsim::sim;
using clearsim::test::erlang_c;

namespace {

constexpr double kConfidence = 0.99;

struct QueueSpec {
  int servers = 1;
  std::vector<double> arrival_rates;  // one per priority class; class 0 is served first
  Distribution service;
  Time warmup = 0;
  Time horizon = 0;
};

struct ReplicationResult {
  std::vector<Tally> waits;      // per class, customers arriving after the warm-up
  double mean_queue_length = 0;  // time-average number waiting, after the warm-up
  double arrivals_per_time = 0;  // all classes, after the warm-up
};

enum Purpose : std::uint64_t { kArrivals = 1, kService = 2 };

Process customer(Simulation& sim, Resource& servers, const QueueSpec& spec,
                 const RandomStreams& streams, std::uint64_t id, int cls, ReplicationResult& out) {
  RandomStream draws = streams.stream(kService, id);
  const Time service = spec.service.sample(draws);
  const Time arrived = sim.now();
  auto unit = co_await servers.acquire(cls);
  if (arrived >= spec.warmup) out.waits[cls].add(sim.now() - arrived);
  co_await sim.delay(service);
}

Process arrivals(Simulation& sim, Resource& servers, const QueueSpec& spec,
                 const RandomStreams& streams, int cls, std::uint64_t& next_id,
                 std::uint64_t& counted, ReplicationResult& out) {
  RandomStream draws = streams.stream(kArrivals + 16 * static_cast<std::uint64_t>(cls));
  const auto gap = Distribution::exponential_rate(spec.arrival_rates[cls]);
  for (;;) {
    co_await sim.delay(gap.sample(draws));
    if (sim.now() >= spec.warmup) ++counted;
    sim.start(customer(sim, servers, spec, streams, next_id++, cls, out));
  }
}

ReplicationResult replicate(const QueueSpec& spec, std::uint64_t seed, std::uint64_t replication) {
  Simulation sim;
  Resource servers(sim, spec.servers, "servers");
  const RandomStreams streams(seed, replication);
  ReplicationResult out;
  out.waits.resize(spec.arrival_rates.size());
  std::uint64_t next_id = 0, counted = 0;
  for (int cls = 0; cls < static_cast<int>(spec.arrival_rates.size()); ++cls)
    sim.start(arrivals(sim, servers, spec, streams, cls, next_id, counted, out));
  sim.call_at(spec.warmup, [&] { servers.reset_statistics(); });
  sim.run(spec.horizon);
  out.mean_queue_length = servers.queue().mean(sim.now());
  out.arrivals_per_time = static_cast<double>(counted) / (spec.horizon - spec.warmup);
  return out;
}

// Replication means of the mean wait of class `cls`.
std::vector<double> mean_waits(const std::vector<ReplicationResult>& runs, int cls) {
  std::vector<double> means;
  for (const auto& r : runs)
    means.push_back(r.waits[cls].mean());
  return means;
}

std::vector<ReplicationResult> run_replications(const QueueSpec& spec, int replications) {
  std::vector<ReplicationResult> runs;
  for (int r = 0; r < replications; ++r)
    runs.push_back(replicate(spec, 20261126, r));
  return runs;
}

void check_against_theory(const std::vector<double>& replication_means, double theory) {
  const ConfidenceInterval ci = mean_interval(replication_means, kConfidence);
  MESSAGE("simulated ", ci.mean, " ± ", ci.half_width, " (99 %, n=", ci.n, "), theory ", theory);
  CHECK(ci.contains(theory));
  CHECK(ci.half_width < 0.04 * theory);
}

}  // namespace

TEST_CASE("M/M/1 mean wait matches the analytic value and Little's law holds") {
  // λ = 0.5, μ = 1: Wq = ρ / (μ - λ) = 1, Lq = λ Wq = 0.5.
  QueueSpec spec{1, {0.5}, Distribution::exponential_rate(1.0), 1'000, 201'000};
  const auto runs = run_replications(spec, 20);
  check_against_theory(mean_waits(runs, 0), 1.0);

  std::vector<double> queue_length, lambda_times_wait;
  for (const auto& r : runs) {
    queue_length.push_back(r.mean_queue_length);
    lambda_times_wait.push_back(r.arrivals_per_time * r.waits[0].mean());
  }
  check_against_theory(queue_length, 0.5);
  // Little's law on the simulated quantities themselves: L - λW has mean zero.
  const ConfidenceInterval diff =
      paired_difference_interval(queue_length, lambda_times_wait, kConfidence);
  MESSAGE("L - λW: ", diff.mean, " ± ", diff.half_width, " (99 %)");
  CHECK(diff.contains(0.0));
  CHECK(diff.half_width < 0.01);
}

TEST_CASE("M/M/c mean wait matches Erlang C") {
  // c = 3, λ = 2.4, μ = 1 (ρ = 0.8): Wq = C(c, a) / (cμ - λ).
  const int c = 3;
  const double lambda = 2.4, mu = 1.0;
  const double theory = erlang_c(c, lambda / mu) / (c * mu - lambda);
  QueueSpec spec{c, {lambda}, Distribution::exponential_rate(mu), 2'000, 82'000};
  check_against_theory(mean_waits(run_replications(spec, 20), 0), theory);
}

TEST_CASE("M/D/1 mean wait matches Pollaczek-Khinchine") {
  // λ = 0.7, D = 1: Wq = ρ D / (2 (1 - ρ)).
  const double lambda = 0.7, d = 1.0;
  const double rho = lambda * d;
  const double theory = rho * d / (2.0 * (1.0 - rho));
  QueueSpec spec{1, {lambda}, Distribution::deterministic(d), 1'000, 141'000};
  check_against_theory(mean_waits(run_replications(spec, 20), 0), theory);
}

TEST_CASE("two-class non-preemptive priority M/M/c matches Cobham's formula") {
  // c = 2, μ = 1, λ = (0.6, 0.8): Wq_k = W0 / ((1 - σ_{k-1})(1 - σ_k)),
  // W0 = C(c, a) / (cμ), σ_k = Σ_{i<=k} λ_i / (cμ).
  const int c = 2;
  const double mu = 1.0;
  const std::vector<double> lambda{0.6, 0.8};
  const double a = (lambda[0] + lambda[1]) / mu;
  const double w0 = erlang_c(c, a) / (c * mu);
  const double sigma1 = lambda[0] / (c * mu);
  const double sigma2 = (lambda[0] + lambda[1]) / (c * mu);
  QueueSpec spec{c, lambda, Distribution::exponential_rate(mu), 2'000, 102'000};
  const auto runs = run_replications(spec, 20);
  check_against_theory(mean_waits(runs, 0), w0 / (1.0 - sigma1));
  check_against_theory(mean_waits(runs, 1), w0 / ((1.0 - sigma1) * (1.0 - sigma2)));
}
