#pragma once
// The classic hold model, shared by bench/hold.cpp and bench/calendar_variants.cpp so every
// event queue is timed by the same loop with the same increments: keep N events pending;
// pop the earliest, push one at an exponential increment.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "bench_util.hpp"
#include "sim/kernel/calendar.hpp"
#include "sim/kernel/random.hpp"

namespace clearsim::bench {

// Any generator will do for the increments: SplitMix64 keeps them out of the figure.
struct Exponential {
  std::uint64_t state = 12345;
  double operator()() {
    state += 0x9e3779b97f4a7c15ULL;
    return -std::log(sim::to_open_unit(sim::mix64(state)));
  }
};

struct Outcome {
  double seconds;
  double cpu_seconds;
  std::uintptr_t checksum;  // sum of popped targets: equal for queues that pop alike
  sim::Time next_time;      // time of the event due after the timed run
};

// Queue: push(time, target), pop() -> entry with .time and .target.
template <class Queue>
Outcome hold(std::size_t pending, std::uint64_t operations) {
  Queue queue;
  Exponential exponential;
  for (std::size_t i = 0; i < pending; ++i)
    queue.push(exponential(), i);

  const double start = wall_seconds();
  const double cpu_start = cpu_seconds();
  std::uintptr_t checksum = 0;
  for (std::uint64_t i = 0; i < operations; ++i) {
    const auto entry = queue.pop();
    checksum += entry.target;
    queue.push(entry.time + exponential(), entry.target);
  }
  const double cpu = cpu_seconds() - cpu_start;
  const double seconds = wall_seconds() - start;
  return Outcome{seconds, cpu, checksum, queue.pop().time};
}

}  // namespace clearsim::bench
