#pragma once
// Shared helpers for the benchmarks: wall clock, peak memory, one result line per figure.
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace clearsim::bench {

inline double wall_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

// CPU time of the calling thread. On a shared machine the wall clock also counts the time
// other processes had the core; CPU time does not (though a busy sibling hyperthread or a
// shared cache still slows it), so figures give both and ratios use CPU time.
inline double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// Peak resident set size of this process so far, in MiB.
inline double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// One line a table can be built from: "benchmark metric value unit".
inline void report(const std::string& bench, const std::string& metric, double value,
                   const std::string& unit) {
  std::printf("%-28s %-22s %14.3f %s\n", bench.c_str(), metric.c_str(), value, unit.c_str());
}

}  // namespace clearsim::bench
