#pragma once
// Small text helpers for error messages.
#include <string>
#include <string_view>
#include <vector>

namespace clearsim::scenario::detail {

// The candidate closest to `word` by edit distance (ignoring case), if it is close enough
// to be a likely typo; "" otherwise.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// What a message echoes of the user's text: a message is one line to read, not the
// megabyte a fuzzer (or a wrong file) can put in one scalar.
inline constexpr std::size_t kMaxEcho = 64;    // characters of one echoed text
inline constexpr std::size_t kMaxListed = 30;  // names in a list of what is defined

// `text` in single quotes, cut after kMaxEcho characters ("'abc…' (100000 characters)").
std::string quote(std::string_view text);

// Names this file defines (nodes, districts, sites, agencies, services, box streams) are
// parts of resource names ("beijiang.berths", "<site>.<agency>_teams", the longest) and of
// result files, which hold 127 bytes per resource name (sim/recording/tables.hpp): two
// names of 60 bytes and "._teams" fit. Regime names are group names there.
inline constexpr std::size_t kMaxNameBytes = 60;
inline constexpr std::size_t kMaxRegimeNameBytes = 64;

// What is wrong with `name` as a name, or "" if nothing: empty, longer than `max_bytes`,
// a control character, a '.' or a '/'.
std::string name_problem(std::string_view name, std::size_t max_bytes = kMaxNameBytes);

// What is wrong with `text` as one line of text (a control character, a line break), or "".
std::string text_problem(std::string_view text);

// "a, b, c": at most kMaxListed words, then "… (N in all)".
std::string join(const std::vector<std::string>& words);

// Shortest text that reads back as the same double.
std::string format_number(double x);

// Four significant digits, for values computed rather than typed (2.776e-15).
std::string format_short(double x);

// A bound as a user would write it: "1min", "1000000h", "1e-06/h", "10000/h", "10000".
// `unit` is "h" for hours, "/h" for a rate, "" for a plain number.
std::string format_bound(double value, std::string_view unit);

}  // namespace clearsim::scenario::detail
