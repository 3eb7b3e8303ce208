// M/M/1 written the way a model author writes it: one process per customer that requests
// the server, holds it for its service time and releases it; counter-based random streams
// (one per customer for the service time) as the port model uses them.
//
//   bench_mm1 [customers=1000000] [arrival_rate=0.9] [service_rate=1.0]
#include <cstdint>
#include <cstdlib>

#include "bench_util.hpp"
#include "sim/kernel/distribution.hpp"
#include "sim/kernel/kernel.hpp"

namespace {

using namespace clearsim::sim;

enum Purpose : std::uint64_t { kArrivals = 1, kService = 2 };

Process customer(Simulation& sim, Resource& server, const Distribution& service,
                 const RandomStreams& streams, std::uint64_t id) {
  RandomStream draws = streams.stream(kService, id);
  const double service_time = service.sample(draws);
  auto unit = co_await server.acquire();
  co_await sim.delay(service_time);
}

Process arrivals(Simulation& sim, Resource& server, const Distribution& gap,
                 const Distribution& service, const RandomStreams& streams,
                 std::uint64_t customers) {
  RandomStream draws = streams.stream(kArrivals);
  for (std::uint64_t id = 0; id < customers; ++id) {
    co_await sim.delay(gap.sample(draws));
    sim.start(customer(sim, server, service, streams, id));
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace clearsim;
  const std::uint64_t customers = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  const double lambda = argc > 2 ? std::atof(argv[2]) : 0.9;
  const double mu = argc > 3 ? std::atof(argv[3]) : 1.0;

  const double start = bench::wall_seconds();
  const double cpu_start = bench::cpu_seconds();
  Simulation sim;
  Resource server(sim, 1, "server");
  const RandomStreams streams(2026, 0);
  const auto gap = Distribution::exponential_rate(lambda);
  const auto service = Distribution::exponential_rate(mu);
  sim.start(arrivals(sim, server, gap, service, streams, customers));
  sim.run();
  const double seconds = bench::wall_seconds() - start;
  const double cpu = bench::cpu_seconds() - cpu_start;

  bench::report("mm1(rho=" + std::to_string(lambda / mu).substr(0, 4) + ")", "customers/s",
                customers / seconds / 1e6, "M");
  bench::report("mm1", "customers/cpu-s", customers / cpu / 1e6, "M");
  bench::report("mm1", "events/s", sim.events_processed() / seconds / 1e6, "M");
  bench::report("mm1", "wall", seconds, "s");
  bench::report("mm1", "cpu", cpu, "s");
  bench::report("mm1", "peak memory", bench::peak_rss_mib(), "MiB");
  const double expected_wait = lambda / (mu * (mu - lambda));
  std::fprintf(stderr, "mean wait %.3f (theory %.3f), utilisation %.4f\n", server.waits().mean(),
               expected_wait, server.utilisation());
}
