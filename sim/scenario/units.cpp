#include "sim/scenario/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/text.hpp"

namespace clearsim::scenario {

namespace detail {

namespace {

constexpr std::string_view kDurationForm =
    "<number><unit> with unit s, min, h, d or w, e.g. 45min, 2.5h, 3d";
constexpr std::string_view kRateForm =
    "<number>/<unit> with unit s, min, h, day (or d), w (or week), e.g. 18/day, 0.9/h";

[[noreturn]] void reject(const std::string& message) {
  throw std::invalid_argument(message);
}

std::string quoted(std::string_view text) {
  return quote(text);
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::size_t digits_from(std::string_view text, std::size_t i) {
  while (i < text.size() && is_digit(text[i]))
    ++i;
  return i;
}

// Splits "2.5h" into "2.5" and "h": [+-]? (digits (. digits*)? | . digits) ([eE][+-]? digits)?
std::pair<std::string_view, std::string_view> split_number(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  const std::size_t integer_end = digits_from(text, i);
  std::size_t end = integer_end;
  if (end < text.size() && text[end] == '.') end = digits_from(text, end + 1);
  const bool has_digits = integer_end > i || end > integer_end + 1;
  if (!has_digits) return {{}, text};
  if (end < text.size() && (text[end] == 'e' || text[end] == 'E')) {
    std::size_t exponent = end + 1;
    if (exponent < text.size() && (text[exponent] == '+' || text[exponent] == '-')) ++exponent;
    const std::size_t exponent_end = digits_from(text, exponent);
    if (exponent_end > exponent) end = exponent_end;
  }
  return {text.substr(0, end), text.substr(end)};
}

// `010` is octal in YAML 1.1 and decimal to most readers: refuse to guess.
void reject_leading_zero(std::string_view number, std::string_view text) {
  const std::size_t start = !number.empty() && (number[0] == '+' || number[0] == '-') ? 1 : 0;
  if (number.size() > start + 1 && number[start] == '0' && is_digit(number[start + 1])) {
    reject(quoted(text) + " has a leading zero (YAML 1.1 would read it as octal); " +
           "write the number without it");
  }
}

// A number already matched by split_number.
double to_double(std::string_view number, std::string_view text) {
  reject_leading_zero(number, text);
  if (!number.empty() && number[0] == '+') number.remove_prefix(1);
  double value = 0;
  const auto result = std::from_chars(number.data(), number.data() + number.size(), value);
  if (result.ec == std::errc::result_out_of_range) reject(quoted(text) + " is out of range");
  if (result.ec != std::errc() || result.ptr != number.data() + number.size()) {
    reject("expected a number, got " + quoted(text));
  }
  return value;
}

double finite(double value, std::string_view text) {
  if (!std::isfinite(value)) reject(quoted(text) + " is out of range");
  return value;
}

double per_hour_factor(std::string_view unit) {
  static constexpr std::array<std::pair<std::string_view, double>, 7> kUnits = {{
      {"s", 3600.0},
      {"min", 60.0},
      {"h", 1.0},
      {"day", 1.0 / 24},
      {"d", 1.0 / 24},
      {"w", 1.0 / 168},
      {"week", 1.0 / 168},
  }};
  for (const auto& [name, factor] : kUnits)
    if (name == unit) return factor;
  return 0;
}

}  // namespace

double hours_per_unit(std::string_view unit) {
  static constexpr std::array<std::pair<std::string_view, double>, 5> kUnits = {{
      {"s", 1.0 / 3600},
      {"min", 1.0 / 60},
      {"h", 1.0},
      {"d", 24.0},
      {"w", 168.0},
  }};
  for (const auto& [name, hours] : kUnits)
    if (name == unit) return hours;
  return 0;
}

double parse_number(std::string_view text) {
  const auto [number, rest] = split_number(text);
  if (number.empty() || !rest.empty()) {
    reject("expected a plain number (e.g. 0.25, 3, 1e-3), got " + quoted(text));
  }
  return finite(to_double(number, text), text);
}

double parse_nonnegative(std::string_view text) {
  const double value = parse_number(text);
  if (value < 0) reject("must be >= 0, got " + quoted(text));
  return value;
}

double parse_probability(std::string_view text) {
  const auto [number, rest] = split_number(text);
  if (number.empty() || !rest.empty()) {
    reject("expected a probability: a plain number between 0 and 1 (e.g. 0.25), got " +
           quoted(text));
  }
  const double value = finite(to_double(number, text), text);
  if (value < 0 || value > 1) reject("a probability must be between 0 and 1, got " + quoted(text));
  return value;
}

long long parse_whole(std::string_view text, long long min, long long max) {
  const auto [number, rest] = split_number(text);
  const bool whole =
      !number.empty() && rest.empty() && number.find_first_of(".eE") == std::string_view::npos;
  if (!whole) reject("expected a whole number, got " + quoted(text));
  reject_leading_zero(number, text);
  const std::string_view digits = number[0] == '+' ? number.substr(1) : number;
  long long value = 0;
  const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (result.ec == std::errc::result_out_of_range || (result.ec == std::errc() && value > max)) {
    reject(quoted(text) + " is an absurd size (more than " + std::to_string(max) + ")");
  }
  if (value < min) reject("must be >= " + std::to_string(min) + ", got " + quoted(text));
  return value;
}

std::uint64_t parse_seed(std::string_view text) {
  const bool digits_only = !text.empty() && digits_from(text, 0) == text.size();
  if (!digits_only) reject("expected a whole number >= 0, got " + quoted(text));
  reject_leading_zero(text, text);
  std::uint64_t value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc()) reject(quoted(text) + " does not fit in 64 bits");
  return value;
}

bool parse_flag(std::string_view text) {
  if (text == "true") return true;
  if (text == "false") return false;
  reject("expected true or false, got " + quoted(text) + " (yes, no, on, off are not accepted)");
}

double parse_weekly_time(std::string_view text) {
  static constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu",
                                                            "fri", "sat", "sun"};
  const auto form = [&] {
    reject(
        "expected a weekly time '<day> HH:MM' with day mon, tue, wed, thu, fri, sat or sun, "
        "e.g. 'mon 06:00' or 'thu 18:30'; got " +
        quoted(text));
  };
  if (text.size() != 9 || text[3] != ' ' || text[6] != ':') form();
  std::size_t day = kDays.size();
  for (std::size_t d = 0; d < kDays.size(); ++d)
    if (kDays[d] == text.substr(0, 3)) day = d;
  const auto two_digits = [&](std::size_t at) {
    if (!is_digit(text[at]) || !is_digit(text[at + 1])) form();
    return (text[at] - '0') * 10 + (text[at + 1] - '0');
  };
  if (day == kDays.size()) form();
  const int hour = two_digits(4);
  const int minute = two_digits(7);
  if (hour > 23 || minute > 59) form();
  return static_cast<double>(day) * 24 + hour + minute / 60.0;
}

}  // namespace detail

double parse_duration(const std::string& text) {
  using namespace detail;
  const auto [number, unit] = split_number(text);
  if (number.empty()) {
    reject("expected a duration: " + std::string(kDurationForm) + "; got " + quoted(text));
  }
  if (unit.empty()) {
    reject("expected a duration with a unit, e.g. 45min, 2.5h, 3d; got " + quoted(text));
  }
  const double hours = hours_per_unit(unit);
  if (hours == 0) {
    const bool spaced = unit.front() == ' ';
    reject((spaced ? "no space allowed between number and unit in "
                   : "unknown time unit " + quote(unit) + " in ") +
           quoted(text) + "; expected " + std::string(kDurationForm));
  }
  const double value = to_double(number, text);
  if (value < 0) reject("a duration cannot be negative, got " + quoted(text));
  return finite(finite(value, text) * hours, text);
}

double parse_rate(const std::string& text) {
  using namespace detail;
  const std::size_t slash = text.find('/');
  const std::string_view view(text);
  const auto [number, rest] = split_number(view.substr(0, slash));
  if (slash == std::string::npos || number.empty() || !rest.empty()) {
    reject("expected a rate: " + std::string(kRateForm) + "; got " + quoted(text));
  }
  const std::string_view unit = view.substr(slash + 1);
  const double factor = per_hour_factor(unit);
  if (factor == 0) {
    reject("unknown time unit " + quote(unit) + " in " + quoted(text) + "; expected " +
           std::string(kRateForm));
  }
  const double value = to_double(number, text);
  if (value < 0) reject("a rate cannot be negative, got " + quoted(text));
  return finite(finite(value, text) * factor, text);
}

}  // namespace clearsim::scenario
