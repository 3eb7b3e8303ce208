// The classic hold model on the kernel's event calendar (bench/hold_model.hpp).
//
//   bench_hold [pending=1000] [operations=50000000]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench_util.hpp"
#include "hold_model.hpp"
#include "sim/kernel/calendar.hpp"

int main(int argc, char** argv) {
  using namespace clearsim;
  const std::size_t pending = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000;
  const std::uint64_t operations = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 50'000'000;

  const bench::Outcome outcome = bench::hold<sim::Calendar>(pending, operations);

  const std::string name = "hold(" + std::to_string(pending) + ")";
  bench::report(name, "events/s", operations / outcome.seconds / 1e6, "M");
  bench::report(name, "events/cpu-s", operations / outcome.cpu_seconds / 1e6, "M");
  bench::report(name, "wall", outcome.seconds, "s");
  bench::report(name, "cpu", outcome.cpu_seconds, "s");
  bench::report(name, "peak memory", bench::peak_rss_mib(), "MiB");
  std::fprintf(stderr, "checksum %zu, next event at %.3f\n",
               static_cast<std::size_t>(outcome.checksum), outcome.next_time);
}
