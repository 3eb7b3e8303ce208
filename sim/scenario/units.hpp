#pragma once
// Strict parsers for the scalar values of a scenario. yaml-cpp would read `010` as octal 8
// and `yes` as true; here every scalar is text and must match its form completely. Each
// throws std::invalid_argument with a message that shows the expected form (the decoder
// adds the position and key path).
#include <cstdint>
#include <string_view>

namespace clearsim::scenario::detail {

// Hours per unit, e.g. "min" -> 1/60; 0 if not a time unit.
double hours_per_unit(std::string_view unit);

double parse_number(std::string_view text);       // any finite decimal number, e.g. -0.5
double parse_nonnegative(std::string_view text);  // a finite decimal number >= 0
double parse_probability(std::string_view text);  // a number in [0, 1]
// A whole number in [min, max]; `max` is a sanity bound ("absurd size").
long long parse_whole(std::string_view text, long long min, long long max);
std::uint64_t parse_seed(std::string_view text);
bool parse_flag(std::string_view text);  // exactly true or false
// "thu 18:30" -> hours since Monday 00:00.
double parse_weekly_time(std::string_view text);

}  // namespace clearsim::scenario::detail
