#pragma once
// Shared helpers for the benchmarks: wall clock, peak memory, one result line per figure.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace clearsim::bench {

inline double wall_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
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
