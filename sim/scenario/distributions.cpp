#include "sim/scenario/distributions.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/text.hpp"
#include "sim/scenario/units.hpp"

namespace clearsim::scenario::detail {

namespace {

using sim::Distribution;
using Keys = std::vector<std::string_view>;

// The parameters of one family's mapping, read in the key's dimension.
class Params {
 public:
  Params(const Value& body, Dimension dimension) : body_(body), dimension_(dimension) {}

  // mean, min, max, mode, sd, scale: in the key's dimension.
  double value(std::string_view key) const {
    return parse(key, [&](std::string_view text) { return parse_quantity(text, dimension_); });
  }
  // rate: the inverse of the key's dimension (a rate for times).
  double inverse(std::string_view key) const {
    if (dimension_ == Dimension::rate) {
      fail(at(key), "an exponential rate of a rate has no unit; give its mean instead");
    }
    return parse(key, [&](std::string_view text) {
      return dimension_ == Dimension::time ? parse_rate(std::string(text))
                                           : parse_nonnegative(text);
    });
  }
  // cv, shape, mu, sigma: plain numbers.
  double plain(std::string_view key) const { return parse(key, parse_number); }
  int whole(std::string_view key) const {
    return static_cast<int>(parse(key, [](std::string_view text) {
      return static_cast<double>(parse_whole(text, 1, 1'000'000));
    }));
  }
  std::vector<double> values(std::string_view key) const {
    return list(key, [&](std::string_view text) { return parse_quantity(text, dimension_); });
  }
  std::vector<double> probabilities(std::string_view key) const {
    return list(key, parse_probability);
  }

 private:
  const Value& at(std::string_view key) const { return *body_.find(key); }

  template <class Parse>
  double parse(std::string_view key, Parse parse_text) const {
    const Value& value = at(key);
    if (!value.is_scalar()) fail(value, "expected a single value, got " + describe(value));
    try {
      return parse_text(value.scalar);
    } catch (const std::invalid_argument& error) {
      fail(value, error.what());
    }
  }

  template <class Parse>
  std::vector<double> list(std::string_view key, Parse parse_text) const {
    const Value& value = at(key);
    if (!value.is_sequence() || value.items.empty()) {
      fail(value, "expected a non-empty list, e.g. [1, 2, 3], got " + describe(value));
    }
    std::vector<double> numbers;
    for (const auto& item : value.items) {
      if (!item.is_scalar()) fail(item, "expected a single value, got " + describe(item));
      try {
        numbers.push_back(parse_text(item.scalar));
      } catch (const std::invalid_argument& error) {
        fail(item, error.what());
      }
    }
    return numbers;
  }

  const Value& body_;
  Dimension dimension_;
};

struct Family {
  std::string_view name;
  std::vector<Keys> forms;  // the accepted sets of parameter names
  Distribution (*build)(const Params&, std::size_t form);
};

Distribution uniform(const Params& p, std::size_t) {
  const double min = p.value("min");
  const double max = p.value("max");
  // Checked here because Distribution names them a and b.
  if (!(min < max)) throw std::invalid_argument("uniform: max must be > min");
  return Distribution::uniform(min, max);
}

const std::vector<Family>& families() {
  static const std::vector<Family> table = {
      {"exponential",
       {{"mean"}, {"rate"}},
       [](const Params& p, std::size_t form) {
         return form == 0 ? Distribution::exponential_mean(p.value("mean"))
                          : Distribution::exponential_rate(p.inverse("rate"));
       }},
      {"uniform", {{"min", "max"}}, uniform},
      {"triangular",
       {{"min", "mode", "max"}},
       [](const Params& p, std::size_t) {
         return Distribution::triangular(p.value("min"), p.value("mode"), p.value("max"));
       }},
      {"normal",
       {{"mean", "sd"}},
       [](const Params& p, std::size_t) {
         return Distribution::normal(p.value("mean"), p.value("sd"));
       }},
      {"lognormal",
       {{"mean", "cv"}, {"mu", "sigma"}},
       [](const Params& p, std::size_t form) {
         return form == 0 ? Distribution::lognormal_mean_cv(p.value("mean"), p.plain("cv"))
                          : Distribution::lognormal(p.plain("mu"), p.plain("sigma"));
       }},
      {"gamma",
       {{"shape", "scale"}, {"mean", "cv"}},
       [](const Params& p, std::size_t form) {
         return form == 0 ? Distribution::gamma(p.plain("shape"), p.value("scale"))
                          : Distribution::gamma_mean_cv(p.value("mean"), p.plain("cv"));
       }},
      {"weibull",
       {{"shape", "scale"}},
       [](const Params& p, std::size_t) {
         return Distribution::weibull(p.plain("shape"), p.value("scale"));
       }},
      {"erlang",
       {{"k", "mean"}},
       [](const Params& p, std::size_t) {
         return Distribution::erlang(p.whole("k"), p.value("mean"));
       }},
      {"empirical",
       {{"values", "probabilities"}},
       [](const Params& p, std::size_t) {
         return Distribution::discrete_empirical(p.values("values"),
                                                 p.probabilities("probabilities"));
       }},
      {"empirical_cdf",
       {{"values", "cdf"}},
       [](const Params& p, std::size_t) {
         return Distribution::continuous_empirical(p.values("values"), p.probabilities("cdf"));
       }},
  };
  return table;
}

std::string_view example(Dimension dimension) {
  switch (dimension) {
    case Dimension::time:
      return "2h";
    case Dimension::count:
      return "300";
    case Dimension::rate:
      return "25/h";
  }
  return "";
}

// "mean and cv"
std::string describe_form(const Keys& keys) {
  std::string text;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    text += i == 0 ? "" : (i + 1 == keys.size() ? " and " : ", ");
    text += keys[i];
  }
  return text;
}

// Which of the family's forms the body matches; reports unknown and missing parameters.
std::size_t match_form(const Family& family, const Value& body) {
  std::vector<std::string> known;
  for (const auto& form : family.forms)
    for (auto key : form)
      if (std::find(known.begin(), known.end(), key) == known.end()) known.emplace_back(key);
  for (const auto& member : body.members) {
    if (std::find(known.begin(), known.end(), member.key) == known.end()) {
      fail(member.key_mark, member.value.path,
           "unknown parameter " + quote(member.key) + " of " + std::string(family.name) +
               did_you_mean(member.key, known) + "; it takes " + join(known));
    }
  }
  for (std::size_t f = 0; f < family.forms.size(); ++f) {
    const Keys& form = family.forms[f];
    const bool all_given =
        std::all_of(form.begin(), form.end(), [&](std::string_view key) { return body.find(key); });
    if (all_given && form.size() == body.members.size()) return f;
  }
  std::string forms;
  for (const auto& form : family.forms)
    forms += (forms.empty() ? "" : ", or ") + describe_form(form);
  fail(body, std::string(family.name) + " takes " + forms + " (got " +
                 std::to_string(body.members.size()) + " parameter" +
                 (body.members.size() == 1 ? "" : "s") + ")");
}

const Family& find_family(const Member& member) {
  for (const auto& family : families())
    if (family.name == member.key) return family;
  fail(member.key_mark, member.value.path,
       "unknown distribution " + quote(member.key) +
           did_you_mean(member.key, distribution_families()) +
           "; known: " + join(distribution_families()));
}

Distribution decode_family(const Member& member, Dimension dimension) {
  const Value& body = member.value;
  if (member.key == "deterministic") {
    if (!body.is_scalar()) fail(body, "expected a single value, got " + describe(body));
    try {
      return Distribution::deterministic(parse_quantity(body.scalar, dimension));
    } catch (const std::invalid_argument& error) {
      fail(body, error.what());
    }
  }
  const Family& family = find_family(member);
  if (!body.is_mapping()) {
    fail(body, "expected the parameters of " + std::string(family.name) + " as a mapping, e.g. {" +
                   describe_form(family.forms.front()) + "}, got " + describe(body));
  }
  return family.build(Params(body, dimension), match_form(family, body));
}

// A distribution mapping: one family, and optionally the bounds of a truncation,
// e.g. {lognormal: {mean: 3h, cv: 1.5}, max: 2d}.
struct Shape {
  const Member* family = nullptr;  // null unless exactly one family
  const Value* min = nullptr;
  const Value* max = nullptr;
};

Shape shape_of(const Value& node) {
  Shape shape;
  if (!node.is_mapping()) return shape;
  std::size_t families = 0;
  for (const auto& member : node.members) {
    if (member.key == "min") {
      shape.min = &member.value;
    } else if (member.key == "max") {
      shape.max = &member.value;
    } else {
      ++families;
      shape.family = &member;
    }
  }
  if (families != 1) shape.family = nullptr;
  return shape;
}

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// A truncation bound in the key's dimension, or `open` if not given.
double bound(const Value* value, Dimension dimension, double open) {
  if (!value) return open;
  if (!value->is_scalar()) fail(*value, "expected a single value, got " + describe(*value));
  try {
    return parse_quantity(value->scalar, dimension);
  } catch (const std::invalid_argument& error) {
    fail(*value, error.what());
  }
}

// Distribution's messages start with "Distribution::"; the user never wrote that.
std::string without_class_prefix(const std::string& message) {
  constexpr std::string_view prefix = "Distribution::";
  return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

}  // namespace

double parse_quantity(std::string_view text, Dimension dimension) {
  switch (dimension) {
    case Dimension::time:
      return parse_duration(std::string(text));
    case Dimension::rate:
      return parse_rate(std::string(text));
    case Dimension::count:
      break;
  }
  return parse_nonnegative(text);
}

sim::Distribution decode_distribution(const Value& node, Dimension dimension) {
  if (node.is_scalar()) {
    try {
      return Distribution::deterministic(parse_quantity(node.scalar, dimension));
    } catch (const std::invalid_argument& error) {
      fail(node, error.what());
    }
  }
  const Shape shape = shape_of(node);
  if (!shape.family) {
    fail(node,
         "expected a distribution: a value such as " + std::string(example(dimension)) +
             ", or one family such as {exponential: {mean: " + std::string(example(dimension)) +
             "}} (with min and max if bounded); got " + describe(node) +
             (node.is_mapping() ? " with " + std::to_string(node.members.size()) + " keys" : ""));
  }
  Distribution distribution;
  try {
    distribution = decode_family(*shape.family, dimension);
    if (shape.min || shape.max) {
      distribution = distribution.truncated(bound(shape.min, dimension, -kInfinity),
                                            bound(shape.max, dimension, kInfinity));
    }
  } catch (const std::invalid_argument& error) {
    fail(node, "invalid distribution: " + without_class_prefix(error.what()));
  }
  // Parameters each in range can still make a distribution no run can reproduce (a mean
  // that overflows, an infinite variance, draws of inf): refused here, with the key, rather
  // than found as NaN in the results.
  if (const auto problem = distribution.problem()) fail(node, "invalid distribution: " + *problem);
  return distribution;
}

double smallest_draw(const Distribution& distribution) {
  // Every draw lies between the draws at the extreme uniforms (Distribution::problem()):
  // inversion is monotone. Untruncated gamma and Erlang are drawn by Marsaglia-Tsang, which
  // can come arbitrarily close to 0 whatever the inverse CDF says.
  using Kind = Distribution::Kind;
  const Kind kind = distribution.kind();
  if (!distribution.is_truncated() && (kind == Kind::gamma || kind == Kind::erlang)) return 0;
  return distribution.quantile(0x1p-53);
}

std::vector<std::string> distribution_families() {
  std::vector<std::string> names = {"deterministic"};
  for (const auto& family : families())
    names.emplace_back(family.name);
  return names;
}

}  // namespace clearsim::scenario::detail
