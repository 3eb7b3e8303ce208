#include "sim/scenario/section.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/scenario/distributions.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/text.hpp"
#include "sim/scenario/units.hpp"

namespace clearsim::scenario::detail {

namespace {

// Capacities beyond this are typos (an extra zero or two), not ports.
constexpr long long kAbsurdCount = 1'000'000;

const Value& empty_mapping() {
  static const Value empty = [] {
    Value value;
    value.kind = Value::Kind::mapping;
    return value;
  }();
  return empty;
}

// The row's documented bounds; `unit` is how the value (in model units) is written back.
void require_range(const Param& param, double value, std::string_view unit, std::string_view text) {
  const auto limit = [&](const char* side, double bound) {
    throw std::invalid_argument("must be " + std::string(side) + " " + format_bound(bound, unit) +
                                ", got " + quote(text));
  };
  if (value < param.low) limit("at least", param.low);
  if (value > param.high) limit("at most", param.high);
}

// A rate distribution: its smallest draw at least `low` (a crane rate of 0/h, or one that
// can come arbitrarily close, would stall a vessel for ever), its mean at most `high`.
void require_rates(const Param& param, const sim::Distribution& rates, const Value& at) {
  const double lowest = smallest_draw(rates);
  if (lowest < param.low) {
    fail(at, "every draw must be at least " + format_bound(param.low, "/h") +
                 ", but this distribution can draw " + format_short(lowest) +
                 "/h; bound it with min, e.g. {normal: {mean: 25/h, sd: 5/h}, min: " +
                 format_bound(param.low, "/h") + "}");
  }
  if (rates.mean() > param.high) {
    fail(at, "the mean must be at most " + format_bound(param.high, "/h") + ", got " +
                 format_short(rates.mean()) + "/h");
  }
}

Dimension dimension_of(Type type) {
  if (type == Type::count_distribution) return Dimension::count;
  if (type == Type::rate_distribution) return Dimension::rate;
  return Dimension::time;
}

}  // namespace

Section::Section(const Value& node, std::string schema) : node_(&node), schema_(std::move(schema)) {
  if (!node.is_mapping()) {
    fail(node, "expected a mapping of keys to values, got " + describe(node));
  }
  if (any_key_allowed(schema_)) return;
  for (const auto& member : node.members) {
    if (find_child(schema_, member.key)) continue;
    const auto keys = child_keys(schema_);
    const std::string_view hint = renamed_hint(schema_, member.key);
    const std::string suggestion = did_you_mean(member.key, keys);
    std::string advice = suggestion.empty() ? "; expected one of: " + join(keys) : suggestion;
    if (!hint.empty()) advice = ": " + std::string(hint);
    fail(member.key_mark, member.value.path, "unknown key " + quote(member.key) + advice);
  }
}

const Param& Section::row(std::string_view key, std::initializer_list<Type> types) const {
  const Param* param = find_child(schema_, key);
  if (!param || std::find(types.begin(), types.end(), param->type) == types.end()) {
    throw std::logic_error("scenario decoder reads '" + std::string(key) + "' under '" + schema_ +
                           "' in a way the parameter table does not declare");
  }
  return *param;
}

void Section::missing(std::string_view key) const {
  fail(node_->mark, join_path(node_->path, key), "missing required key '" + std::string(key) + "'");
}

void Section::not_a_mapping(const Param& param, const Value& value) const {
  const std::string_view hint = renamed_hint(schema_, leaf(param.key));
  fail(value, "expected a mapping, got " + describe(value) +
                  (hint.empty() ? "" : "; " + std::string(hint)));
}

const Value& Section::require(std::string_view key) const {
  const Value* value = find(key);
  if (!value) missing(key);
  return *value;
}

template <class Parse>
auto Section::scalar(std::string_view key, std::initializer_list<Type> types, Parse parse) const {
  const Param& param = row(key, types);
  const Value* value = find(key);
  if (!value) {
    if (param.need == Need::required) missing(key);
    if (param.need == Need::optional) {
      throw std::logic_error("scenario decoder reads optional '" + std::string(param.key) +
                             "' without checking that it is present");
    }
    return parse(param.type, param.fallback);
  }
  if (!value->is_scalar()) fail(*value, "expected a single value, got " + describe(*value));
  try {
    return parse(param.type, value->scalar);
  } catch (const std::invalid_argument& error) {
    fail(*value, error.what());
  }
}

std::string Section::text(std::string_view key) const {
  return scalar(key, {Type::text, Type::new_name, Type::name},
                [](Type type, std::string_view text) {
                  if (text.empty()) throw std::invalid_argument("must not be empty");
                  const std::string problem =
                      type == Type::new_name ? name_problem(text) : text_problem(text);
                  if (!problem.empty()) throw std::invalid_argument(problem);
                  return std::string(text);
                });
}

double Section::duration(std::string_view key) const {
  const Param& param = row(key, {Type::duration, Type::positive_duration});
  return scalar(key, {param.type}, [&](Type type, std::string_view text) {
    const double hours = parse_duration(std::string(text));
    if (type == Type::positive_duration && hours <= 0) {
      throw std::invalid_argument("must be > 0, got " + quote(text));
    }
    require_range(param, hours, "h", text);
    return hours;
  });
}

double Section::rate(std::string_view key) const {
  const Param& param = row(key, {Type::rate, Type::positive_rate});
  return scalar(key, {param.type}, [&](Type type, std::string_view text) {
    const double per_hour = parse_rate(std::string(text));
    if (type == Type::positive_rate && per_hour <= 0) {
      throw std::invalid_argument("must be > 0, got " + quote(text));
    }
    require_range(param, per_hour, "/h", text);
    return per_hour;
  });
}

double Section::probability(std::string_view key) const {
  return scalar(key, {Type::probability, Type::share},
                [](Type, std::string_view text) { return parse_probability(text); });
}

double Section::fraction(std::string_view key) const {
  return scalar(key, {Type::fraction}, [](Type, std::string_view text) {
    try {
      return parse_probability(text);
    } catch (const std::invalid_argument&) {
      throw std::invalid_argument("expected a number between 0 and 1 (e.g. 0.5), got " +
                                  quote(text));
    }
  });
}

model::PerCredit Section::credit_probabilities(std::string_view key) const {
  const Param& param = row(key, {Type::credit_probabilities});
  model::PerCredit shares{};
  const Value* value = find(key);
  if (value && value->is_mapping()) {
    const Section mapping(*value, std::string(param.key));
    for (std::size_t c = 0; c < model::kCreditClasses; ++c)
      shares[c] = mapping.probability(model::kCreditLabels[c]);
    return shares;
  }
  if (value && !value->is_scalar()) {
    fail(*value,
         "expected a probability, or a mapping of one per credit class (e.g. "
         "{advanced_certified: 0.8, ordinary: 0.2}), got " +
             describe(*value));
  }
  shares.fill(scalar(key, {Type::credit_probabilities},
                     [](Type, std::string_view text) { return parse_probability(text); }));
  return shares;
}

std::array<bool, model::kCargoClasses> Section::cargo_set(std::string_view key) const {
  row(key, {Type::cargo_list});
  const Value& list = require(key);
  const std::vector<std::string> labels(model::kCargoLabels.begin(), model::kCargoLabels.end());
  if (!list.is_sequence() || list.items.empty()) {
    fail(list, "expected a non-empty list of cargo classes such as [reefer, food], got " +
                   describe(list));
  }
  std::array<bool, model::kCargoClasses> set{};
  for (const auto& item : list.items) {
    const auto it =
        item.is_scalar() ? std::find(labels.begin(), labels.end(), item.scalar) : labels.end();
    if (it == labels.end()) {
      fail(item, "expected a cargo class (" + join(labels) + "), got " + describe(item) +
                     (item.is_scalar() ? did_you_mean(item.scalar, labels) : ""));
    }
    const std::size_t index = static_cast<std::size_t>(it - labels.begin());
    if (set[index]) fail(item, "cargo class " + quote(*it) + " is listed twice");
    set[index] = true;
  }
  return set;
}

double Section::factor(std::string_view key) const {
  return scalar(key, {Type::factor},
                [](Type, std::string_view text) { return parse_nonnegative(text); });
}

int Section::count(std::string_view key) const {
  const Param& param = row(key, {Type::count, Type::positive_count});
  const long long max =
      std::isfinite(param.high) ? static_cast<long long>(param.high) : kAbsurdCount;
  return scalar(key, {param.type}, [&](Type type, std::string_view text) {
    const long long min = type == Type::positive_count ? 1 : 0;
    return static_cast<int>(parse_whole(text, min, max));
  });
}

std::uint64_t Section::seed(std::string_view key) const {
  return scalar(key, {Type::seed}, [](Type, std::string_view text) { return parse_seed(text); });
}

bool Section::flag(std::string_view key) const {
  return scalar(key, {Type::flag}, [](Type, std::string_view text) { return parse_flag(text); });
}

std::size_t Section::choice(std::string_view key) const {
  const Param& param = row(key, {Type::choice});
  return scalar(key, {Type::choice}, [&](Type, std::string_view text) {
    std::vector<std::string> labels(param.choices.begin(), param.choices.end());
    const auto it = std::find(labels.begin(), labels.end(), text);
    if (it == labels.end()) {
      throw std::invalid_argument("expected one of " + join(labels) + ", got " + quote(text) +
                                  did_you_mean(text, labels));
    }
    return static_cast<std::size_t>(it - labels.begin());
  });
}

sim::Distribution Section::distribution(std::string_view key) const {
  const Param& param =
      row(key, {Type::time_distribution, Type::count_distribution, Type::rate_distribution});
  const Dimension dimension = dimension_of(param.type);
  if (const Value* value = find(key)) {
    const sim::Distribution distribution = decode_distribution(*value, dimension);
    if (param.type == Type::rate_distribution) require_rates(param, distribution, *value);
    return distribution;
  }
  if (param.need == Need::required) missing(key);
  if (param.need == Need::optional) {
    throw std::logic_error("scenario decoder reads optional '" + std::string(param.key) +
                           "' without checking that it is present");
  }
  return sim::Distribution::deterministic(parse_quantity(param.fallback, dimension));
}

std::vector<double> Section::weekly_times(std::string_view key) const {
  row(key, {Type::weekly_times});
  const Value& list = require(key);
  if (!list.is_sequence() || list.items.empty()) {
    fail(list, "expected a non-empty list of weekly times such as [mon 06:00, thu 18:30], got " +
                   describe(list));
  }
  std::vector<double> hours;
  for (const auto& item : list.items) {
    if (!item.is_scalar()) fail(item, "expected a weekly time such as 'mon 06:00'");
    try {
      hours.push_back(parse_weekly_time(item.scalar));
    } catch (const std::invalid_argument& error) {
      fail(item, error.what());
    }
  }
  std::sort(hours.begin(), hours.end());
  return hours;
}

Section Section::section(std::string_view key) const {
  const Param& param = row(key, {Type::mapping});
  const Value* value = find(key);
  if (!value) {
    if (param.need == Need::required) missing(key);
    return Section(empty_mapping(), std::string(param.key));
  }
  if (!value->is_mapping()) not_a_mapping(param, *value);
  return Section(*value, std::string(param.key));
}

std::vector<Section> Section::items(std::string_view key) const {
  const Param& param = row(key, {Type::list});
  const Value* value = find(key);
  if (!value) {
    if (param.need == Need::required) missing(key);
    return {};
  }
  if (!value->is_sequence()) {
    fail(*value, "expected a list (items starting with '- '), got " + describe(*value));
  }
  std::vector<Section> sections;
  const std::string item_schema = std::string(param.key) + "[]";
  for (const auto& item : value->items)
    sections.emplace_back(item, item_schema);
  return sections;
}

}  // namespace clearsim::scenario::detail
