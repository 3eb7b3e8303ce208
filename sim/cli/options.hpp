#pragma once
// Values of the numeric command-line options, read as text and checked here: Boost's
// program_options reads "-1" into an unsigned option as 2^64 - 1 and accepts sizes no run
// can use (2^31 replications, a resource sample every nanosecond). Each helper takes the
// option's text and throws UsageError naming the option, the bounds and what it got.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace clearsim::cli {

// A command line we cannot act on; the command prints it with the usage hint.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Bounds the command line adds to the scenario's own (scenario.hpp): more threads than
// this only wait for each other, and a result file keeps at most this many resource samples
// per replication and pool.
inline constexpr std::uint64_t kMaxJobs = 1024;
inline constexpr double kMaxSamplesPerReplication = 1e6;

// Digits only, in [min, max], e.g. whole_option("--jobs", "4", 1, 1024).
std::uint64_t whole_option(std::string_view option, std::string_view text, std::uint64_t min,
                           std::uint64_t max);

// --replications: 1 to the scenario decoder's kMaxReplications.
int replications_option(std::string_view text);
// --jobs: 1 to kMaxJobs.
int jobs_option(std::string_view text);
// --seed: any 64-bit value.
std::uint64_t seed_option(std::string_view text);
// --max-in-port, --max-events: 0 (no limit) or a positive count.
std::uint64_t limit_option(std::string_view option, std::string_view text);
// --max-in-port's default: 1,000,000 boxes, or fewer where half the memory the system says
// is available (MemAvailable in /proc/meminfo) would not hold them at kBoxBytes each.
inline constexpr std::uint64_t kBoxBytes = 2700;  // a box in the port, measured (docs/cli.md)
std::uint64_t default_max_in_port();
// --max-in-port: "auto" (default_max_in_port()), 0 (no limit) or a positive count.
std::uint64_t max_in_port_option(std::string_view text);
// --compression: a deflate level 0 to 9.
int compression_option(std::string_view text);
// --shard I/N: 0 <= I < N <= kMaxReplications.
std::pair<int, int> shard_option(std::string_view text);

// --horizon (> 0, at most the decoder's kMaxHorizonHours) and --warmup (>= 0): hours.
double horizon_option(std::string_view text);
double warmup_option(std::string_view text);
// --sample-interval: > 0 and at most kMaxSamplesPerReplication samples over `horizon`.
double sample_interval_option(std::string_view text, double horizon_hours);

}  // namespace clearsim::cli
