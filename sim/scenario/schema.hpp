#pragma once
// The parameter table: every scenario key, declared once with its type, unit, default and
// description. The decoder looks every key up here (unknown keys, defaults, required keys
// and "did you mean" all come from this table) and docs/scenarios.md is generated from it,
// so the reference cannot drift from what the decoder accepts.
#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace clearsim::scenario::detail {

enum class Type : std::uint8_t {
  text,      // one line of free text
  new_name,  // the name of what this item defines (see check_name in text.hpp)
  name,      // refers to something named elsewhere in the document
  duration,
  positive_duration,
  rate,
  positive_rate,
  probability,
  share,     // a probability that sums to 1 with its siblings
  fraction,  // a number in [0, 1] that is not a probability (a correlation)
  // One probability, or a mapping of one per credit class (rows `<key>.<credit>` below it).
  credit_probabilities,
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
  cargo_list,  // a list of cargo class labels
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
  // <regime> and <agency> for any name (the decoder checks it where the name is used).
  std::string_view key;
  Type type;
  Need need;
  std::string_view unit;
  std::string_view fallback;
  std::string_view description;
  std::span<const char* const> choices = {};  // Type::choice only
  // Documented bounds (inclusive) in model units (hours, per hour, boxes): of the value,
  // or, for a rate distribution, of its smallest draw (low) and its mean (high).
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
};

std::span<const Param> parameters();

// The row of `key` inside the mapping at `parent` ("" for the top level), or nullptr.
const Param* find_child(std::string_view parent, std::string_view key);
// Every key a mapping at `parent` may hold, for "did you mean"; empty for <regime> maps.
std::vector<std::string> child_keys(std::string_view parent);
// True where any key is allowed (the names of regimes and agencies).
bool any_key_allowed(std::string_view parent);

// A key that an earlier version of the format had, or a value whose shape changed, with a
// pointer to what replaced it; `key` is a row's key ("inspection.mode"). Added to the
// message wherever such a key is rejected.
struct Renamed {
  std::string_view key;
  std::string_view hint;
};
std::span<const Renamed> renamed_keys();
// The hint for `key` under `parent` (both as in the table), or "".
std::string_view renamed_hint(std::string_view parent, std::string_view key);

// The last segment of a row's key, e.g. "crane_rate".
std::string_view leaf(std::string_view key);

}  // namespace clearsim::scenario::detail
