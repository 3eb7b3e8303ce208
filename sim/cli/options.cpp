#include "sim/cli/options.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <limits>

#include "sim/scenario/scenario.hpp"

namespace clearsim::cli {

namespace {

[[noreturn]] void refuse(std::string_view option, const std::string& expected,
                         std::string_view text) {
  // At most 64 characters of the value: a message is one line to read.
  const std::string shown =
      text.size() > 64 ? std::string(text.substr(0, 64)) + "..." : std::string(text);
  throw UsageError(std::string(option) + ": expected " + expected + ", got '" + shown + "'");
}

std::string range(std::uint64_t min, std::uint64_t max) {
  return "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
}

// "2.592s" rather than "0.00072h" for short intervals.
std::string hours_text(double hours) {
  char buffer[48];
  if (hours < 1.0 / 60) {
    std::snprintf(buffer, sizeof buffer, "%.4gs", hours * 3600);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.6gh", hours);
  }
  return buffer;
}

double duration(std::string_view option, std::string_view text) {
  try {
    return scenario::parse_duration(std::string(text));
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string(option) + ": " + e.what());
  }
}

}  // namespace

std::uint64_t whole_option(std::string_view option, std::string_view text, std::uint64_t min,
                           std::uint64_t max) {
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == text.npos &&
                      (text.size() == 1 || text[0] != '0');
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!digits || error != std::errc() || end != text.data() + text.size() || value < min ||
      value > max)
    refuse(option, range(min, max), text);
  return value;
}

int replications_option(std::string_view text) {
  return static_cast<int>(whole_option("--replications", text, 1, scenario::kMaxReplications));
}

int jobs_option(std::string_view text) {
  return static_cast<int>(whole_option("--jobs", text, 1, kMaxJobs));
}

std::uint64_t seed_option(std::string_view text) {
  return whole_option("--seed", text, 0, std::numeric_limits<std::uint64_t>::max());
}

std::uint64_t limit_option(std::string_view option, std::string_view text) {
  return whole_option(option, text, 0, std::numeric_limits<std::uint64_t>::max());
}

std::uint64_t default_max_in_port() {
  constexpr std::uint64_t kCap = 1'000'000;
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  while (meminfo >> key >> kib) {
    if (key == "MemAvailable:")
      return std::clamp<std::uint64_t>(kib * 1024 / 2 / kBoxBytes, 1, kCap);
    meminfo.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return kCap;  // no /proc/meminfo: the fixed default
}

std::uint64_t max_in_port_option(std::string_view text) {
  return text == "auto" ? default_max_in_port() : limit_option("--max-in-port", text);
}

int compression_option(std::string_view text) {
  return static_cast<int>(whole_option("--compression", text, 0, 9));
}

std::pair<int, int> shard_option(std::string_view text) {
  const std::size_t slash = text.find('/');
  const std::string expected = "I/N with 0 <= I < N (e.g. 0/4)";
  if (slash == text.npos) refuse("--shard", expected, text);
  const auto whole = [&](std::string_view part) {
    try {
      return static_cast<int>(whole_option("--shard", part, 0, scenario::kMaxReplications));
    } catch (const UsageError&) {
      refuse("--shard", expected, text);
    }
  };
  const int index = whole(text.substr(0, slash));
  const int count = whole(text.substr(slash + 1));
  if (count < 1 || index >= count) refuse("--shard", expected, text);
  return {index, count};
}

double horizon_option(std::string_view text) {
  const double hours = duration("--horizon", text);
  if (hours <= 0 || hours > scenario::kMaxHorizonHours)
    refuse("--horizon", "a duration > 0 and at most 1000000h (114 years)", text);
  return hours;
}

double warmup_option(std::string_view text) {
  return duration("--warmup", text);
}

double sample_interval_option(std::string_view text, double horizon_hours) {
  const double hours = duration("--sample-interval", text);
  const double shortest = horizon_hours / kMaxSamplesPerReplication;
  if (!(hours > 0) || hours < shortest) {
    refuse("--sample-interval",
           "at least " + hours_text(shortest) + " (at most 1000000 samples over the " +
               hours_text(horizon_hours) + " horizon)",
           text);
  }
  return hours;
}

}  // namespace clearsim::cli
