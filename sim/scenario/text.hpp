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

// "a, b, c" (each quoted if `quote`).
std::string join(const std::vector<std::string>& words, bool quote = false);

// Shortest text that reads back as the same double.
std::string format_number(double x);

}  // namespace clearsim::scenario::detail
