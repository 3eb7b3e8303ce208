// Determinism: the same seed gives bit-identical results, run after run, and the random
// streams give every entity the same draws whatever the rest of the model does.
#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "sim/kernel/distribution.hpp"
#include "sim/kernel/kernel.hpp"

using namespace clearsim::sim;

namespace {

enum Purpose : std::uint64_t { kArrivals = 1, kService = 2, kPatience = 3 };

struct Trace {
  std::vector<double> events;  // (id, time) pairs of every service start and renege
  bool operator==(const Trace& o) const {
    return events.size() == o.events.size() &&
           std::memcmp(events.data(), o.events.data(), events.size() * sizeof(double)) == 0;
  }
};

Process customer(Simulation& sim, Resource& servers, RandomStreams streams, std::uint64_t id,
                 Trace& trace) {
  RandomStream service = streams.stream(kService, id);
  RandomStream patience = streams.stream(kPatience, id);
  const int priority = service.uniform() < 0.3 ? 0 : 1;
  const Time work = Distribution::lognormal_mean_cv(1.8, 0.7).sample(service);
  auto unit = co_await servers.acquire_within(Distribution::exponential_mean(6.0).sample(patience),
                                              priority);
  trace.events.push_back(static_cast<double>(id));
  trace.events.push_back(unit ? sim.now() : -sim.now());
  if (unit) co_await sim.delay(work);
}

Process arrivals(Simulation& sim, Resource& servers, RandomStreams streams, Trace& trace) {
  RandomStream draws = streams.stream(kArrivals);
  for (std::uint64_t id = 0; id < 20'000; ++id) {
    co_await sim.delay(Distribution::exponential_mean(1.0).sample(draws));
    sim.start(customer(sim, servers, streams, id, trace));
  }
}

Trace run_model(std::uint64_t seed) {
  Simulation sim;
  Resource servers(sim, 2, "servers", Resource::Discipline::non_preemptive);
  Trace trace;
  sim.start(arrivals(sim, servers, RandomStreams(seed, 0), trace));
  sim.run();
  return trace;
}

}  // namespace

TEST_CASE("the same seed gives bit-identical results") {
  const Trace a = run_model(99);
  const Trace b = run_model(99);
  CHECK(a.events.size() == 40'000);
  CHECK(a == b);
}

TEST_CASE("a different seed gives different results") {
  CHECK_FALSE(run_model(99) == run_model(100));
}
