// Numeric command-line options (sim/cli/options.hpp): digits or durations only, each within
// its bounds, and a refusal that names the option, the bounds and the value.
#include "sim/cli/options.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

namespace {

using namespace clearsim::cli;

// The message of the UsageError `parse` throws, or "accepted".
template <class Parse>
std::string refusal(Parse parse) {
  try {
    parse();
  } catch (const UsageError& error) {
    return error.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("counts are digits only, within their bounds") {
  CHECK(replications_option("1") == 1);
  CHECK(replications_option("10000") == 10000);
  CHECK(jobs_option("16") == 16);
  CHECK(compression_option("0") == 0);
  CHECK(limit_option("--max-events", "0") == 0);
  CHECK(limit_option("--max-in-port", "18446744073709551615") == UINT64_MAX);
  CHECK(seed_option("18446744073709551615") == UINT64_MAX);
  // program_options read "-1" into an unsigned option as 2^64 - 1.
  CHECK(refusal([] { limit_option("--max-in-port", "-1"); }) ==
        "--max-in-port: expected a whole number from 0 to 18446744073709551615, got '-1'");
  CHECK(refusal([] { limit_option("--max-events", "-5"); }).find("got '-5'") != std::string::npos);
  CHECK(refusal([] { limit_option("--max-events", "18446744073709551616"); }) != "accepted");
  // 2^31 - 1 replications ran out of memory.
  CHECK(refusal([] { replications_option("2147483647"); }) ==
        "--replications: expected a whole number from 1 to 10000, got '2147483647'");
  for (const char* bad : {"", "0", "+3", " 3", "3 ", "3.0", "1e3", "0x10", "03", "many"}) {
    CAPTURE(bad);
    CHECK(refusal([&] { replications_option(bad); }).starts_with("--replications: expected"));
  }
  CHECK(refusal([] { jobs_option("1025"); }) ==
        "--jobs: expected a whole number from 1 to 1024, got '1025'");
  CHECK(refusal([] { compression_option("10"); }) != "accepted");
  CHECK(refusal([] { seed_option("-1"); }) ==
        "--seed: expected a whole number from 0 to 18446744073709551615, got '-1'");
  const std::string huge(1000, '9');
  CHECK(refusal([&] { seed_option(huge); }).size() < 150);  // the value is cut in the message
}

TEST_CASE("shards are I/N with 0 <= I < N") {
  CHECK(shard_option("0/4") == std::pair{0, 4});
  CHECK(shard_option("3/4") == std::pair{3, 4});
  for (const char* bad : {"4/4", "1/0", "-1/4", "1/0x", "1", "/4", "1/", "a/b", "1/4/5"}) {
    CAPTURE(bad);
    CHECK(refusal([&] { shard_option(bad); }) ==
          "--shard: expected I/N with 0 <= I < N (e.g. 0/4), got '" + std::string(bad) + "'");
  }
}

TEST_CASE("durations: the horizon bounded, samples at most a million per replication") {
  CHECK(horizon_option("30d") == 720);
  CHECK(horizon_option("1000000h") == 1e6);
  CHECK(refusal([] { horizon_option("1e9h"); }) ==
        "--horizon: expected a duration > 0 and at most 1000000h (114 years), got '1e9h'");
  CHECK(refusal([] { horizon_option("0h"); }) != "accepted");
  CHECK(refusal([] { horizon_option("30"); }).starts_with("--horizon: expected a duration with"));
  CHECK(warmup_option("5d") == 120);
  CHECK(sample_interval_option("1h", 720) == 1);
  CHECK(sample_interval_option("2.592s", 720) == doctest::Approx(0.00072));
  // A sample every 10^-9 h ran without bound.
  CHECK(refusal([] { sample_interval_option("1e-9h", 720); }) ==
        "--sample-interval: expected at least 2.592s (at most 1000000 samples over the 720h "
        "horizon), got '1e-9h'");
  CHECK(refusal([] { sample_interval_option("0h", 720); }) != "accepted");
  CHECK(refusal([] { sample_interval_option("-1h", 720); }).find("cannot be negative") !=
        std::string::npos);
}

TEST_CASE("the runaway guard follows the memory available, 1,000,000 boxes at most") {
  const std::uint64_t guard = max_in_port_option("auto");
  CHECK(guard >= 1);
  CHECK(guard <= 1'000'000);
  CHECK(guard == default_max_in_port());
  CHECK(max_in_port_option("0") == 0);
  CHECK(max_in_port_option("250000") == 250000);
  CHECK(refusal([] { max_in_port_option("-1"); }) != "accepted");
}
