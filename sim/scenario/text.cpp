#include "sim/scenario/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace clearsim::scenario::detail {

namespace {

std::string lower(std::string_view word) {
  std::string text(word);
  for (char& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
// neighbours (mdoe -> mode is one edit) each count 1.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

// Names longer than this are not typos of a key: no suggestion, and no big table.
constexpr std::size_t kMaxSuggestable = 256;

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  // Two edits catch most typos in longer words (berth_nod, exponentail); on short words two
  // edits turn one real name into another (west -> east), so they get one.
  const std::string needle = lower(word);
  const std::size_t limit = needle.size() <= 4 ? 1 : 2;
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    // Lengths further apart than the limit cannot be within it; skipping them also keeps
    // the edit-distance table small for absurdly long names (found by fuzzing).
    const std::size_t gap = needle.size() > candidate.size() ? needle.size() - candidate.size()
                                                             : candidate.size() - needle.size();
    if (gap > limit || candidate.size() > kMaxSuggestable || needle.size() > kMaxSuggestable)
      continue;
    const std::size_t distance = edit_distance(needle, lower(candidate));
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string guess = closest(word, candidates);
  return guess.empty() ? "" : " (did you mean " + quote(guess) + "?)";
}

std::string quote(std::string_view text) {
  std::size_t characters = 0;
  std::size_t cut = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // inside a character
    if (characters == kMaxEcho) cut = std::min(cut, i);
    ++characters;
  }
  if (cut == text.size()) return "'" + std::string(text) + "'";
  return "'" + std::string(text.substr(0, cut)) + "…' (" + std::to_string(characters) +
         " characters)";
}

std::string join(const std::vector<std::string>& words) {
  std::string text;
  for (std::size_t i = 0; i < words.size() && i < kMaxListed; ++i) {
    if (!text.empty()) text += ", ";
    text += words[i].size() > kMaxEcho ? quote(words[i]) : words[i];
  }
  if (words.size() > kMaxListed) text += ", … (" + std::to_string(words.size()) + " in all)";
  return text;
}

std::string format_number(double x) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

}  // namespace clearsim::scenario::detail
