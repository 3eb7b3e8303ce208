// The classic hold model: keep N events pending; pop the earliest, push one at an
// exponential increment. It measures the event calendar alone.
//
//   bench_hold [pending=1000] [operations=50000000]
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "bench_util.hpp"
#include "sim/calendar.hpp"
#include "sim/random.hpp"

int main(int argc, char** argv) {
  using namespace clearsim;
  const std::size_t pending = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000;
  const std::uint64_t operations = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 50'000'000;

  // Any generator will do for the increments: SplitMix64 keeps them out of the figure.
  std::uint64_t state = 12345;
  auto exponential = [&state] {
    state += 0x9e3779b97f4a7c15ULL;
    return -std::log(sim::to_open_unit(sim::mix64(state)));
  };

  sim::Calendar calendar;
  for (std::size_t i = 0; i < pending; ++i)
    calendar.push(exponential(), i);

  const double start = bench::wall_seconds();
  std::uintptr_t checksum = 0;
  for (std::uint64_t i = 0; i < operations; ++i) {
    const auto entry = calendar.pop();
    checksum += entry.target;
    calendar.push(entry.time + exponential(), entry.target);
  }
  const double seconds = bench::wall_seconds() - start;

  const std::string name = "hold(" + std::to_string(pending) + ")";
  bench::report(name, "events/s", operations / seconds / 1e6, "M");
  bench::report(name, "wall", seconds, "s");
  bench::report(name, "peak memory", bench::peak_rss_mib(), "MiB");
  std::fprintf(stderr, "checksum %zu, final time %.3f\n", static_cast<std::size_t>(checksum),
               calendar.now());
}
