#pragma once
// The parameter table: every scenario key, declared once with its type, unit, default and
// description. The decoder looks every key up here (unknown keys, defaults, required keys
// and "did you mean" all come from this table) and docs/scenarios.md is generated from it,
// so the reference cannot drift from what the decoder accepts.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace clearsim::scenario::detail {

enum class Type : std::uint8_t {
  text,
  name,  // refers to something named elsewhere in the document
  duration,
  positive_duration,
  rate,
  positive_rate,
  probability,
  share,   // a probability that sums to 1 with its siblings
  factor,  // a number >= 0
  count,   // a whole number >= 0
  positive_count,
  seed,
  flag,
  choice,
  time_distribution,
  count_distribution,
  rate_distribution,
  weekly_times,
  regime_list,
  mapping,
  list,     // of mappings
  overlay,  // a mapping merged onto the base document
};

enum class Need : std::uint8_t {
  required,
  defaulted,  // Param::fallback is the default, written as a user would write it
  optional,   // Param::fallback says in words what absence means
};

struct Param {
  // Where the key sits: "horizon", "services[].crane_rate", "cargo_mix.<cargo>". A
  // placeholder segment (<cargo>, <credit>, <direction>) stands for each of its labels;
  // <regime> for any name.
  std::string_view key;
  Type type;
  Need need;
  std::string_view unit;
  std::string_view fallback;
  std::string_view description;
  std::span<const char* const> choices = {};  // Type::choice only
};

// inspection.mode; index 1 means joint inspection.
inline constexpr std::array<const char*, 2> kInspectionModes = {"sequential", "joint"};

std::span<const Param> parameters();

// The row of `key` inside the mapping at `parent` ("" for the top level), or nullptr.
const Param* find_child(std::string_view parent, std::string_view key);
// Every key a mapping at `parent` may hold, for "did you mean"; empty for <regime> maps.
std::vector<std::string> child_keys(std::string_view parent);
// True where any key is allowed (the names of regimes).
bool any_key_allowed(std::string_view parent);

// The last segment of a row's key, e.g. "crane_rate".
std::string_view leaf(std::string_view key);

}  // namespace clearsim::scenario::detail
