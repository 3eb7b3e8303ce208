#include "sim/scenario/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

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

namespace {

// The first control character of `text` (C0, DEL, C1, or U+2028/U+2029, the Unicode line
// and paragraph separators), as "U+0001 at character 3", or "".
std::string first_control(std::string_view text) {
  std::size_t character = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;
    ++character;
    unsigned code = byte;
    if (byte == 0xC2 && i + 1 < text.size()) code = static_cast<unsigned char>(text[i + 1]);
    if (byte == 0xE2 && i + 2 < text.size() && text[i + 1] == '\x80' &&
        (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      code = text[i + 2] == '\xA8' ? 0x2028 : 0x2029;
    }
    const bool c1 = byte == 0xC2 && code >= 0x80 && code <= 0x9F;
    if (code < 0x20 || code == 0x7F || c1 || code == 0x2028 || code == 0x2029) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "U+%04X", code);
      return std::string(hex) + " at character " + std::to_string(character);
    }
  }
  return "";
}

}  // namespace

std::string text_problem(std::string_view text) {
  const std::string control = first_control(text);
  return control.empty() ? "" : "must be one line without control characters, got " + control;
}

std::string name_problem(std::string_view name, std::size_t max_bytes) {
  if (name.empty()) return "a name must not be empty";
  const std::string control = first_control(name);
  if (!control.empty()) return "a name must not contain control characters, got " + control;
  if (name.find_first_of("./") != std::string_view::npos) {
    return "a name must not contain '.' or '/' (they join names into resource names and "
           "result paths, e.g. 'beijiang.berths'), got " +
           quote(name);
  }
  if (name.size() > max_bytes) {
    return "a name is at most " + std::to_string(max_bytes) +
           " bytes (resource names built from it must fit the results file), got " +
           std::to_string(name.size()) + " bytes: " + quote(name);
  }
  return "";
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

std::string format_short(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", x);
  return buffer;
}

std::string format_bound(double value, std::string_view unit) {
  const auto plain = [](double x) {
    // Whole numbers in full (1000000, not 1e+06): bounds are read, not parsed back.
    if (x == std::floor(x) && std::fabs(x) < 1e15) return std::to_string(static_cast<long long>(x));
    return format_number(x);
  };
  if (unit == "h" && value > 0 && value < 1) return plain(value * 60) + "min";
  return plain(value) + std::string(unit);
}

std::string format_number(double x) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

}  // namespace clearsim::scenario::detail
