#include "sim/kernel/distribution.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace clearsim::sim {

namespace {

// Tolerance on probabilities that must sum, or run, to exactly 1: loose enough for tables
// typed in with a dozen digits, tight enough to catch a missing row.
constexpr double kProbabilityTolerance = 1e-9;

// Shortest text that reads back as the same double, so describe() never shows 0.6 as
// 0.59999999999999998 and never hides a difference.
std::string format(double x) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

[[noreturn]] void fail(const char* where, const std::string& what) {
  throw std::invalid_argument(std::string("Distribution::") + where + ": " + what);
}

// Throws unless ok; `expected` is phrased as "<parameter> must be ...".
void require(bool ok, const char* where, const char* expected, double got) {
  if (!ok) fail(where, std::string(expected) + ", got " + format(got));
}

void require_finite(const char* where, const char* name, double x) {
  if (!std::isfinite(x)) fail(where, std::string(name) + " must be finite, got " + format(x));
}

void require_positive(const char* where, const char* name, double x) {
  if (!(std::isfinite(x) && x > 0)) {
    fail(where, std::string(name) + " must be finite and > 0, got " + format(x));
  }
}

// Evaluates c[0] + c[1] x + ... + c[7] x^7 by Horner's rule.
double poly7(const double (&c)[8], double x) {
  double sum = c[7];
  for (int i = 6; i >= 0; --i)
    sum = sum * x + c[i];
  return sum;
}

std::string list(const double* first, std::size_t n) {
  std::string text = "[";
  for (std::size_t i = 0; i < n; ++i)
    text += (i ? ", " : "") + format(first[i]);
  return text + "]";
}

}  // namespace

// Wichura, M. J. (1988), Algorithm AS 241: The percentage points of the normal
// distribution, Applied Statistics 37(3), 477-484. PPND16: three rational approximations
// of degree 7, for the centre (|p - 0.5| <= 0.425), the tails down to exp(-25) and the
// far tails.
double inverse_normal_cdf(double p) {
  static constexpr double a[8] = {3.3871328727963666080e0, 1.3314166789178437745e2,
                                  1.9715909503065514427e3, 1.3731693765509461125e4,
                                  4.5921953931549871457e4, 6.7265770927008700853e4,
                                  3.3430575583588128105e4, 2.5090809287301226727e3};
  static constexpr double b[8] = {1.0,
                                  4.2313330701600911252e1,
                                  6.8718700749205790830e2,
                                  5.3941960214247511077e3,
                                  2.1213794301586595867e4,
                                  3.9307895800092710610e4,
                                  2.8729085735721942674e4,
                                  5.2264952788528545610e3};
  static constexpr double c[8] = {1.42343711074968357734e0,  4.63033784615654529590e0,
                                  5.76949722146069140550e0,  3.64784832476320460504e0,
                                  1.27045825245236838258e0,  2.41780725177450611770e-1,
                                  2.27238449892691845833e-2, 7.74545014278341407640e-4};
  static constexpr double d[8] = {1.0,
                                  2.05319162663775882187e0,
                                  1.67638483018380384940e0,
                                  6.89767334985100004550e-1,
                                  1.48103976427480074590e-1,
                                  1.51986665636164571966e-2,
                                  5.47593808499534494600e-4,
                                  1.05075007164441684324e-9};
  static constexpr double e[8] = {6.65790464350110377720e0,  5.46378491116411436990e0,
                                  1.78482653991729133580e0,  2.96560571828504891230e-1,
                                  2.65321895265761230930e-2, 1.24266094738807843860e-3,
                                  2.71155556874348757815e-5, 2.01033439929228813265e-7};
  static constexpr double f[8] = {1.0,
                                  5.99832206555887937690e-1,
                                  1.36929880922735805310e-1,
                                  1.48753612908506148525e-2,
                                  7.86869131145613259100e-4,
                                  1.84631831751005468180e-5,
                                  1.42151175831644588870e-7,
                                  2.04426310338993978564e-15};

  if (!(p >= 0 && p <= 1)) return std::numeric_limits<double>::quiet_NaN();
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;  // 0.180625 = 0.425^2
    return q * poly7(a, r) / poly7(b, r);
  }
  // Work with the smaller tail: 1 - p is exact here because p > 0.5 (Sterbenz).
  const double tail = std::min(p, 1 - p);
  if (tail == 0)
    return q < 0 ? -std::numeric_limits<double>::infinity()
                 : std::numeric_limits<double>::infinity();
  double r = std::sqrt(-std::log(tail));
  double z;
  if (r <= 5) {
    r -= 1.6;
    z = poly7(c, r) / poly7(d, r);
  } else {
    r -= 5;
    z = poly7(e, r) / poly7(f, r);
  }
  return q < 0 ? -z : z;
}

Distribution Distribution::deterministic(double value) {
  require_finite("deterministic", "value", value);
  return Distribution(Kind::deterministic, Form::canonical, value);
}

Distribution Distribution::uniform(double a, double b) {
  require_finite("uniform", "a", a);
  require_finite("uniform", "b", b);
  require(a < b, "uniform", ("b must be > a = " + format(a)).c_str(), b);
  return Distribution(Kind::uniform, Form::canonical, a, b);
}

Distribution Distribution::exponential_mean(double mean) {
  require_positive("exponential_mean", "mean", mean);
  return Distribution(Kind::exponential, Form::canonical, mean, 1 / mean);
}

Distribution Distribution::exponential_rate(double rate) {
  require_positive("exponential_rate", "rate", rate);
  return Distribution(Kind::exponential, Form::rate, 1 / rate, rate);
}

Distribution Distribution::triangular(double min, double mode, double max) {
  require_finite("triangular", "min", min);
  require_finite("triangular", "mode", mode);
  require_finite("triangular", "max", max);
  require(min < max, "triangular", ("max must be > min = " + format(min)).c_str(), max);
  require(min <= mode && mode <= max, "triangular",
          ("mode must be in [min, max] = [" + format(min) + ", " + format(max) + "]").c_str(),
          mode);
  return Distribution(Kind::triangular, Form::canonical, min, mode, max);
}

Distribution Distribution::normal(double mean, double sd) {
  require_finite("normal", "mean", mean);
  require_positive("normal", "sd", sd);
  return Distribution(Kind::normal, Form::canonical, mean, sd);
}

Distribution Distribution::lognormal(double mu, double sigma) {
  require_finite("lognormal", "mu", mu);
  require_positive("lognormal", "sigma", sigma);
  const double mean = std::exp(mu + sigma * sigma / 2);
  const double cv = std::sqrt(std::expm1(sigma * sigma));
  return Distribution(Kind::lognormal, Form::canonical, mu, sigma, mean, cv);
}

Distribution Distribution::lognormal_mean_cv(double mean, double cv) {
  require_positive("lognormal_mean_cv", "mean", mean);
  require_positive("lognormal_mean_cv", "cv", cv);
  const double sigma2 = std::log1p(cv * cv);  // log1p keeps small cv accurate
  const double mu = std::log(mean) - sigma2 / 2;
  return Distribution(Kind::lognormal, Form::mean_cv, mu, std::sqrt(sigma2), mean, cv);
}

Distribution Distribution::gamma(double shape, double scale) {
  require_positive("gamma", "shape", shape);
  require_positive("gamma", "scale", scale);
  return Distribution(Kind::gamma, Form::canonical, shape, scale, shape * scale,
                      1 / std::sqrt(shape));
}

Distribution Distribution::gamma_mean_cv(double mean, double cv) {
  require_positive("gamma_mean_cv", "mean", mean);
  require_positive("gamma_mean_cv", "cv", cv);
  const double cv2 = cv * cv;
  return Distribution(Kind::gamma, Form::mean_cv, 1 / cv2, mean * cv2, mean, cv);
}

Distribution Distribution::weibull(double shape, double scale) {
  require_positive("weibull", "shape", shape);
  require_positive("weibull", "scale", scale);
  return Distribution(Kind::weibull, Form::canonical, shape, scale, 1 / shape);
}

Distribution Distribution::erlang(int k, double mean) {
  require(k >= 1, "erlang", "k must be an integer >= 1", k);
  require_positive("erlang", "mean", mean);
  return Distribution(Kind::erlang, Form::canonical, k, mean);
}

Distribution Distribution::bernoulli(double p) {
  require(p >= 0 && p <= 1, "bernoulli", "p must be in [0, 1]", p);
  return Distribution(Kind::bernoulli, Form::canonical, p);
}

Distribution Distribution::discrete_empirical(const std::vector<double>& values,
                                              const std::vector<double>& probabilities) {
  const char* where = "discrete_empirical";
  if (values.empty()) fail(where, "values must not be empty");
  if (probabilities.size() != values.size()) {
    fail(where, "probabilities must have one entry per value (" + std::to_string(values.size()) +
                    "), got " + std::to_string(probabilities.size()));
  }
  const std::size_t n = values.size();
  double total = 0;
  std::size_t last_positive = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string index = "[" + std::to_string(i) + "]";
    require_finite(where, ("values" + index).c_str(), values[i]);
    require(std::isfinite(probabilities[i]) && probabilities[i] >= 0, where,
            ("probabilities" + index + " must be finite and >= 0").c_str(), probabilities[i]);
    total += probabilities[i];
    if (probabilities[i] > 0) last_positive = i;
  }
  require(std::fabs(total - 1) <= kProbabilityTolerance, where,
          "probabilities must sum to 1 (within 1e-9)", total);

  auto table = std::make_shared<std::vector<double>>(values);
  table->insert(table->end(), probabilities.begin(), probabilities.end());
  double running = 0;
  double mean = 0;
  for (std::size_t i = 0; i < n; ++i) {
    running += probabilities[i];
    // From the last value with positive probability on, the cumulative is exactly 1, so
    // rounding in the partial sums can never select a value of probability 0.
    table->push_back(i >= last_positive ? 1.0 : running / total);
    mean += values[i] * probabilities[i];
  }
  Distribution dist(Kind::discrete_empirical, Form::canonical, mean / total);
  dist.table_ = std::move(table);
  return dist;
}

Distribution Distribution::continuous_empirical(
    const std::vector<double>& values, const std::vector<double>& cumulative_probabilities) {
  const char* where = "continuous_empirical";
  const auto& cum = cumulative_probabilities;
  if (values.size() < 2) fail(where, "values must have at least 2 points");
  if (cum.size() != values.size()) {
    fail(where, "cumulative_probabilities must have one entry per value (" +
                    std::to_string(values.size()) + "), got " + std::to_string(cum.size()));
  }
  const std::size_t n = values.size();
  for (std::size_t i = 0; i < n; ++i) {
    const std::string index = "[" + std::to_string(i) + "]";
    require_finite(where, ("values" + index).c_str(), values[i]);
    require_finite(where, ("cumulative_probabilities" + index).c_str(), cum[i]);
    if (i == 0) continue;
    require(
        values[i] >= values[i - 1], where,
        ("values must be nondecreasing: values" + index + " must be >= " + format(values[i - 1]))
            .c_str(),
        values[i]);
    require(cum[i] >= cum[i - 1], where,
            ("cumulative_probabilities must be nondecreasing: cumulative_probabilities" + index +
             " must be >= " + format(cum[i - 1]))
                .c_str(),
            cum[i]);
  }
  require(std::fabs(cum.front()) <= kProbabilityTolerance, where,
          "cumulative_probabilities must start at 0 (within 1e-9)", cum.front());
  require(std::fabs(cum.back() - 1) <= kProbabilityTolerance, where,
          "cumulative_probabilities must end at 1 (within 1e-9)", cum.back());

  auto table = std::make_shared<std::vector<double>>(values);
  table->insert(table->end(), cum.begin(), cum.end());
  double* c = table->data() + n;
  c[0] = 0;
  // Clamp every point, not just the ends, so that snapping the ends to 0 and 1 cannot make
  // the table decrease (e.g. 0 + 1e-12, then 0 exactly).
  for (std::size_t i = 1; i < n; ++i)
    c[i] = std::clamp(c[i], 0.0, 1.0);
  c[n - 1] = 1;
  double mean = 0;  // each segment is uniform between its two values
  for (std::size_t i = 1; i < n; ++i)
    mean += (c[i] - c[i - 1]) * (values[i - 1] + values[i]) / 2;
  Distribution dist(Kind::continuous_empirical, Form::canonical, mean);
  dist.table_ = std::move(table);
  return dist;
}

double Distribution::sample_any(RandomStream& stream) const {
  switch (kind_) {
    case Kind::gamma:
      return sample_gamma(stream);
    case Kind::erlang: {
      // Product of the uniforms, folded into a log sum before it can underflow: each factor
      // is >= 2^-54, so the product never drops below 2^-954 between folds.
      const int k = static_cast<int>(p_[0]);
      double product = 1;
      double log_sum = 0;
      for (int i = 0; i < k; ++i) {
        product *= stream.uniform();
        if (product < 0x1p-900) {
          log_sum += std::log(product);
          product = 1;
        }
      }
      return -(p_[1] / p_[0]) * (log_sum + std::log(product));
    }
    default:
      break;
  }
  // The remaining kinds are all one-uniform inversions.
  const double u = stream.uniform();
  switch (kind_) {
    case Kind::deterministic:
      return p_[0];
    case Kind::uniform:
      return p_[0] + (p_[1] - p_[0]) * u;
    case Kind::exponential:
      return -p_[0] * std::log(1 - u);  // 1 - u is exact (random.hpp)
    case Kind::triangular: {
      const double min = p_[0], mode = p_[1], max = p_[2];
      if (u * (max - min) < mode - min) return min + std::sqrt(u * (max - min) * (mode - min));
      return max - std::sqrt((1 - u) * (max - min) * (max - mode));
    }
    case Kind::normal:
      return p_[0] + p_[1] * inverse_normal_cdf(u);
    case Kind::lognormal:
      return std::exp(p_[0] + p_[1] * inverse_normal_cdf(u));
    case Kind::weibull:
      return p_[1] * std::pow(-std::log(1 - u), p_[2]);
    case Kind::bernoulli:
      return u > 1 - p_[0] ? 1.0 : 0.0;
    case Kind::discrete_empirical:
      return sample_discrete(u);
    case Kind::continuous_empirical:
      return sample_continuous(u);
    default:
      return std::numeric_limits<double>::quiet_NaN();  // unreachable: handled above
  }
}

// Marsaglia, G. and Tsang, W. W. (2000), A simple method for generating gamma variables,
// ACM TOMS 26(3), 363-372, with the normal drawn by inversion so that each attempt uses
// exactly two uniforms. For shape < 1, Gamma(shape) = Gamma(shape + 1) * U^(1/shape).
double Distribution::sample_gamma(RandomStream& stream) const {
  const double shape = p_[0];
  const double scale = p_[1];
  const bool boosted = shape < 1;
  const double d = (boosted ? shape + 1 : shape) - 1.0 / 3.0;
  const double c = 1 / std::sqrt(9 * d);
  double x;
  for (;;) {
    const double z = inverse_normal_cdf(stream.uniform());
    const double u = stream.uniform();
    const double t = 1 + c * z;
    if (t <= 0) continue;
    const double v = t * t * t;
    const double z2 = z * z;
    // Cheap squeeze first; the log test is the exact acceptance condition.
    if (u < 1 - 0.0331 * z2 * z2 || std::log(u) < z2 / 2 + d * (1 - v + std::log(v))) {
      x = d * v;
      break;
    }
  }
  if (boosted) x *= std::pow(stream.uniform(), 1 / shape);
  return scale * x;
}

std::size_t Distribution::table_size() const {
  return table_->size() / (kind_ == Kind::discrete_empirical ? 3 : 2);
}

double Distribution::sample_discrete(double u) const {
  const std::size_t n = table_size();
  const double* cum = table_->data() + 2 * n;
  // First value whose cumulative probability reaches u: the inverse CDF.
  const auto i = static_cast<std::size_t>(std::lower_bound(cum, cum + n, u) - cum);
  return (*table_)[std::min(i, n - 1)];
}

double Distribution::sample_continuous(double u) const {
  const std::size_t n = table_size();
  const double* x = table_->data();
  const double* cum = x + n;
  // First point i >= 1 with cum[i] >= u; then cum[i - 1] < u because u > 0 = cum[0], so the
  // segment has positive width and the division is safe.
  auto i = static_cast<std::size_t>(std::lower_bound(cum + 1, cum + n, u) - cum);
  i = std::min(i, n - 1);
  const double fraction = (u - cum[i - 1]) / (cum[i] - cum[i - 1]);
  return x[i - 1] + (x[i] - x[i - 1]) * fraction;
}

double Distribution::mean() const {
  switch (kind_) {
    case Kind::deterministic:
    case Kind::exponential:
    case Kind::normal:
    case Kind::bernoulli:
    case Kind::discrete_empirical:
    case Kind::continuous_empirical:
      return p_[0];
    case Kind::uniform:
      return (p_[0] + p_[1]) / 2;
    case Kind::triangular:
      return (p_[0] + p_[1] + p_[2]) / 3;
    case Kind::lognormal:
    case Kind::gamma:
      return p_[2];
    case Kind::weibull:
      return p_[1] * std::tgamma(1 + p_[2]);
    case Kind::erlang:
      return p_[1];
  }
  return std::numeric_limits<double>::quiet_NaN();
}

std::string Distribution::describe() const {
  const auto f = [](double x) { return format(x); };
  switch (kind_) {
    case Kind::deterministic:
      return "deterministic(value=" + f(p_[0]) + ")";
    case Kind::uniform:
      return "uniform(a=" + f(p_[0]) + ", b=" + f(p_[1]) + ")";
    case Kind::exponential:
      return form_ == Form::rate ? "exponential(rate=" + f(p_[1]) + ")"
                                 : "exponential(mean=" + f(p_[0]) + ")";
    case Kind::triangular:
      return "triangular(min=" + f(p_[0]) + ", mode=" + f(p_[1]) + ", max=" + f(p_[2]) + ")";
    case Kind::normal:
      return "normal(mean=" + f(p_[0]) + ", sd=" + f(p_[1]) + ")";
    case Kind::lognormal:
      return form_ == Form::mean_cv ? "lognormal(mean=" + f(p_[2]) + ", cv=" + f(p_[3]) + ")"
                                    : "lognormal(mu=" + f(p_[0]) + ", sigma=" + f(p_[1]) + ")";
    case Kind::gamma:
      return form_ == Form::mean_cv ? "gamma(mean=" + f(p_[2]) + ", cv=" + f(p_[3]) + ")"
                                    : "gamma(shape=" + f(p_[0]) + ", scale=" + f(p_[1]) + ")";
    case Kind::weibull:
      return "weibull(shape=" + f(p_[0]) + ", scale=" + f(p_[1]) + ")";
    case Kind::erlang:
      return "erlang(k=" + f(p_[0]) + ", mean=" + f(p_[1]) + ")";
    case Kind::bernoulli:
      return "bernoulli(p=" + f(p_[0]) + ")";
    case Kind::discrete_empirical:
    case Kind::continuous_empirical: {
      const bool discrete = kind_ == Kind::discrete_empirical;
      const std::string name = discrete ? "discrete_empirical(" : "continuous_empirical(";
      const std::size_t n = table_size();
      // Long tables would swamp a log line; show their size and mean instead.
      if (n > 6) return name + "n=" + std::to_string(n) + ", mean=" + f(p_[0]) + ")";
      const double* x = table_->data();
      return name + "values=" + list(x, n) +
             (discrete ? ", probabilities=" : ", cumulative_probabilities=") + list(x + n, n) + ")";
    }
  }
  return "unknown";
}

}  // namespace clearsim::sim
