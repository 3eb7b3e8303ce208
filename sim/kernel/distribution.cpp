#include "sim/kernel/distribution.hpp"

#include <algorithm>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace clearsim::sim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Tolerance on probabilities that must sum, or run, to exactly 1: loose enough for tables
// typed in with a dozen digits, tight enough to catch a missing row.
constexpr double kProbabilityTolerance = 1e-9;

// The extreme uniforms a RandomStream can return (random.hpp): every draw of an inversion
// kind lies between the draws at these two.
constexpr double kSmallestUniform = 0x1p-53;
constexpr double kLargestUniform = 1 - 0x1p-53;

// problem() reports a distribution whose draws would average less than its mean by more than
// this share, because the rest comes from outcomes rarer than the rarest uniform.
constexpr double kUnreachableShare = 1e-3;

// Shortest text that reads back as the same double, so describe() never shows 0.6 as
// 0.59999999999999998 and never hides a difference.
std::string format(double x) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

// Four significant digits, for figures in messages.
std::string rounded(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", x);
  return buffer;
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

// ---- special functions for CDFs, quantiles and truncated means ----------------------------

// Hostile parameters must give inf or NaN (which problem() reports), never an exception from
// a sampler; and double precision without promotion to long double is ~5x faster and
// accurate to a few ulps, far below any statistical effect.
using MathPolicy = boost::math::policies::policy<
    boost::math::policies::promote_double<false>,
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::pole_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::underflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>>;

using TailPair = detail::Tails;

// Phi(z) and 1 - Phi(z), each to full relative precision in its own tail.
TailPair normal_tails(double z) {
  return {0.5 * std::erfc(-z / std::numbers::sqrt2), 0.5 * std::erfc(z / std::numbers::sqrt2)};
}

double normal_density(double z) {
  return std::isinf(z) ? 0.0 : std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi);
}

// From this shape on, the regularised incomplete gamma function near its centre comes from
// Temme's uniform asymptotic expansion, O(1) in the shape. Boost 1.74's own gamma_p picks a
// large-x series there whose cost grows with the shape (10 us at shape 10^6, 200 us at 10^9:
// an Erlang with a million phases made a truncated draw take milliseconds).
constexpr double kTemmeShape = 100;

// P(a, x) and Q(a, x) = 1 - P(a, x).
TailPair gamma_tails(double a, double x) {
  if (!(x > 0)) return {0, 1};
  if (std::isinf(x)) return {1, 0};
  const double s = (x - a) / a;
  // Within -0.6 <= s <= 1 Boost's 53-bit coefficient table agrees with 50-digit values to
  // 2e-12 relative or better from shape 30 on (checked with mpmath; tests pin some values).
  if (a >= kTemmeShape && s >= -0.6 && s <= 1) {
    // Returns the smaller tail: P below the centre, Q above it.
    const double t = boost::math::detail::igamma_temme_large(
        a, x, MathPolicy(), static_cast<const boost::integral_constant<int, 53>*>(nullptr));
    return x < a ? TailPair{t, 1 - t} : TailPair{1 - t, t};
  }
  return {boost::math::gamma_p(a, x, MathPolicy()), boost::math::gamma_q(a, x, MathPolicy())};
}

// x with P(a, x) = p (and Q(a, x) = q = 1 - p; the smaller of the two is the accurate one).
double gamma_quantile(double a, double p, double q) {
  if (!(p > 0)) return 0;
  if (!(q > 0)) return kInf;
  const bool lower = p <= q;
  if (a < kTemmeShape) {
    return lower ? boost::math::gamma_p_inv(a, p, MathPolicy())
                 : boost::math::gamma_q_inv(a, q, MathPolicy());
  }
  // Wilson-Hilferty gives a start within a few per cent; Newton's method on the log of the
  // smaller tail (nearly linear in x, even deep in the tails) then converges in 3-5 steps.
  // The bracket [low, high] catches a step that overshoots.
  const double z = lower ? inverse_normal_cdf(p) : -inverse_normal_cdf(q);
  const double r = 1 / (9 * a);
  const double c = 1 - r + z * std::sqrt(r);
  double x = c > 0.05 ? a * c * c * c : a * 1.25e-4;
  const double target = std::log(lower ? p : q);
  double low = 0, high = kInf;
  for (int i = 0; i < 64; ++i) {
    const TailPair t = gamma_tails(a, x);
    const double tail = lower ? t.below : t.above;
    // g increases with x: log P(a, x) - log p, or log q - log Q(a, x). The tails are good to
    // ~1e-14 relative, so a smaller |g| is noise.
    const double g = lower ? std::log(tail) - target : target - std::log(tail);
    if (std::fabs(g) <= 1e-14) return x;
    (g > 0 ? high : low) = x;
    const double density = boost::math::gamma_p_derivative(a, x, MathPolicy());
    double next = x - g * tail / density;  // d/dx log(tail) = +-density / tail
    // Converged to well below a standard deviation (sqrt(a) << 1e14 x), before the bracket
    // test, which a step smaller than an ulp would fail.
    if (std::fabs(next - x) <= 1e-14 * x) return next;
    if (!(next > low && next < high)) {
      next = std::isinf(high) ? x + 4 * std::sqrt(a) : (low + high) / 2;
    }
    x = next;
  }
  return x;
}

// hi - lo of two CDF evaluations, taken from whichever tail keeps its digits.
double difference(const TailPair& lo, const TailPair& hi) {
  return lo.below <= 0.5 ? hi.below - lo.below : lo.above - hi.above;
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
  // Sampled as Gamma(k, mean / k), in O(1) whatever k: summing k exponential phases made a
  // draw with k = 10^6 take a million logarithms.
  return Distribution(Kind::erlang, Form::canonical, k, mean / k, mean);
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
  for (std::size_t i = 0; i < n; ++i) {
    const std::string index = "[" + std::to_string(i) + "]";
    require_finite(where, ("values" + index).c_str(), values[i]);
    require(std::isfinite(probabilities[i]) && probabilities[i] >= 0, where,
            ("probabilities" + index + " must be finite and >= 0").c_str(), probabilities[i]);
    total += probabilities[i];
  }
  require(std::fabs(total - 1) <= kProbabilityTolerance, where,
          "probabilities must sum to 1 (within 1e-9)", total);

  auto table = std::make_shared<std::vector<double>>(values);
  table->insert(table->end(), probabilities.begin(), probabilities.end());
  table->resize(3 * n);
  Distribution dist(Kind::discrete_empirical, Form::canonical, 0);
  dist.p_[0] = dist.fill_cumulative(*table, -kInf, kInf);
  dist.table_ = std::move(table);
  return dist;
}

// Fills the cumulative third of a discrete table from the probabilities as given, counting
// only values within [lo, hi]; returns the mean of those values. From the last counted value
// with positive probability on, the cumulative is exactly 1, so rounding in the partial sums
// can never select a value of probability 0 (or one outside the bounds).
double Distribution::fill_cumulative(std::vector<double>& table, double lo, double hi) {
  const std::size_t n = table.size() / 3;
  const double* values = table.data();
  const double* probabilities = values + n;
  const auto counted = [&](std::size_t i) {
    return values[i] >= lo && values[i] <= hi ? probabilities[i] : 0.0;
  };
  double total = 0;
  double sum = 0;
  std::size_t last_positive = 0;
  for (std::size_t i = 0; i < n; ++i) {
    total += counted(i);
    sum += values[i] * counted(i);
    if (counted(i) > 0) last_positive = i;
  }
  double running = 0;
  for (std::size_t i = 0; i < n; ++i) {
    running += counted(i);
    table[2 * n + i] = i >= last_positive ? 1.0 : running / total;
  }
  return sum / total;
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

// ---- sampling ---------------------------------------------------------------------------

double Distribution::sample_any(RandomStream& stream) const {
  if (truncated_) return truncated_quantile(stream.uniform());
  if (kind_ == Kind::gamma || kind_ == Kind::erlang) return sample_gamma(stream);
  return from_uniform(stream.uniform());
}

// The untruncated one-uniform inversions, as sample() applies them.
double Distribution::from_uniform(double u) const {
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
    case Kind::gamma:
    case Kind::erlang:
      return base_quantile(u, 1 - u);  // not sample()'s method: see sample_gamma()
  }
  return std::numeric_limits<double>::quiet_NaN();
}

// Marsaglia, G. and Tsang, W. W. (2000), A simple method for generating gamma variables,
// ACM TOMS 26(3), 363-372, with the normal drawn by inversion so that each attempt uses
// exactly two uniforms. For shape < 1, Gamma(shape) = Gamma(shape + 1) * U^(1/shape).
// Rejection rather than inversion: ~25 ns a draw where the inverse incomplete gamma function
// costs 0.1-1 us, and the expected number of attempts is bounded (1.05) whatever the shape.
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

// ---- the untruncated distribution -------------------------------------------------------

double Distribution::base_mean() const {
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
    case Kind::erlang:
      return p_[2];
    case Kind::weibull:
      return p_[1] * std::tgamma(1 + p_[2]);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

double Distribution::base_variance() const {
  switch (kind_) {
    case Kind::deterministic:
      return 0;
    case Kind::uniform:
      return (p_[1] - p_[0]) * (p_[1] - p_[0]) / 12;
    case Kind::exponential:
      return p_[0] * p_[0];
    case Kind::triangular: {
      const double a = p_[0], c = p_[1], b = p_[2];
      return (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
    }
    case Kind::normal:
      return p_[1] * p_[1];
    case Kind::lognormal:
      return p_[2] * p_[2] * std::expm1(p_[1] * p_[1]);  // mean^2 (e^(sigma^2) - 1)
    case Kind::gamma:
    case Kind::erlang:
      return p_[0] * p_[1] * p_[1];
    case Kind::weibull: {
      const double g1 = std::tgamma(1 + p_[2]);
      return p_[1] * p_[1] * (std::tgamma(1 + 2 * p_[2]) - g1 * g1);
    }
    case Kind::bernoulli:
      return p_[0] * (1 - p_[0]);
    case Kind::discrete_empirical:
    case Kind::continuous_empirical: {
      const std::size_t n = table_size();
      const double* x = table_->data();
      const double m = p_[0];
      double sum = 0;
      if (kind_ == Kind::discrete_empirical) {
        const double* probabilities = x + n;  // as given: a truncated table's cumulative is not
        double total = 0;
        for (std::size_t i = 0; i < n; ++i) {
          total += probabilities[i];
          sum += probabilities[i] * (x[i] - m) * (x[i] - m);
        }
        sum /= total;
      } else {
        const double* cum = x + n;
        for (std::size_t i = 1; i < n; ++i) {
          const double a = x[i - 1] - m, b = x[i] - m;  // uniform on [a, b] about the mean
          sum += (cum[i] - cum[i - 1]) * (a * a + a * b + b * b) / 3;
        }
      }
      return sum;
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
}

detail::Tails Distribution::base_tails(double x, bool strict) const {
  using T = detail::Tails;
  const auto step = [&](double at) {  // a unit step at `at`
    return (strict ? at < x : at <= x) ? T{1, 0} : T{0, 1};
  };
  switch (kind_) {
    case Kind::deterministic:
      return step(p_[0]);
    case Kind::uniform: {
      const double a = p_[0], b = p_[1];
      return {std::clamp((x - a) / (b - a), 0.0, 1.0), std::clamp((b - x) / (b - a), 0.0, 1.0)};
    }
    case Kind::exponential:
      if (!(x > 0)) return {0, 1};
      return {-std::expm1(-x / p_[0]), std::exp(-x / p_[0])};
    case Kind::triangular: {
      const double min = p_[0], mode = p_[1], max = p_[2];
      if (!(x > min)) return {0, 1};
      if (!(x < max)) return {1, 0};
      if (x <= mode) {
        const double below = (x - min) * (x - min) / ((max - min) * (mode - min));
        return {below, 1 - below};
      }
      const double above = (max - x) * (max - x) / ((max - min) * (max - mode));
      return {1 - above, above};
    }
    case Kind::normal: {
      const TailPair t = normal_tails((x - p_[0]) / p_[1]);
      return {t.below, t.above};
    }
    case Kind::lognormal: {
      if (!(x > 0)) return {0, 1};
      const TailPair t = normal_tails((std::log(x) - p_[0]) / p_[1]);
      return {t.below, t.above};
    }
    case Kind::gamma:
    case Kind::erlang: {
      const TailPair t = gamma_tails(p_[0], x / p_[1]);
      return {t.below, t.above};
    }
    case Kind::weibull: {
      if (!(x > 0)) return {0, 1};
      const double t = std::pow(x / p_[1], p_[0]);
      return {-std::expm1(-t), std::exp(-t)};
    }
    case Kind::bernoulli: {
      const T zero = step(0), one = step(1);
      const double p = p_[0];
      return {zero.below * (1 - p) + one.below * p, zero.above * (1 - p) + one.above * p};
    }
    case Kind::discrete_empirical: {
      // In value order, from the probabilities as given (the table need not be sorted).
      const std::size_t n = table_size();
      const double* values = table_->data();
      const double* probabilities = values + n;
      double below = 0, above = 0;
      for (std::size_t i = 0; i < n; ++i)
        (step(values[i]).below > 0 ? below : above) += probabilities[i];
      return {below / (below + above), above / (below + above)};
    }
    case Kind::continuous_empirical: {
      const std::size_t n = table_size();
      const double* values = table_->data();
      const double* cum = values + n;
      // The last point at or before x (strictly before, for P(X < x)): a repeated value is an
      // atom, and its jump counts only once x reaches it.
      const double* end = values + n;
      const auto j =
          (strict ? std::lower_bound(values, end, x) : std::upper_bound(values, end, x)) - values -
          1;
      if (j < 0) return {0, 1};
      if (j >= static_cast<std::ptrdiff_t>(n) - 1) return {1, 0};
      const double below =
          cum[j] + (cum[j + 1] - cum[j]) * (x - values[j]) / (values[j + 1] - values[j]);
      return {below, 1 - below};
    }
  }
  return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
}

double Distribution::base_quantile(double p, double q) const {
  const bool lower = p <= q;  // which of p and q = 1 - p carries the digits
  switch (kind_) {
    case Kind::deterministic:
      return p_[0];
    case Kind::uniform:
      return lower ? p_[0] + (p_[1] - p_[0]) * p : p_[1] - (p_[1] - p_[0]) * q;
    case Kind::exponential:
      return -p_[0] * (lower ? std::log1p(-p) : std::log(q));
    case Kind::triangular: {
      const double min = p_[0], mode = p_[1], max = p_[2];
      if (p * (max - min) < mode - min) return min + std::sqrt(p * (max - min) * (mode - min));
      return max - std::sqrt(q * (max - min) * (max - mode));
    }
    case Kind::normal:
    case Kind::lognormal: {
      const double z = lower ? inverse_normal_cdf(p) : -inverse_normal_cdf(q);
      const double x = p_[0] + p_[1] * z;
      return kind_ == Kind::normal ? x : std::exp(x);
    }
    case Kind::gamma:
    case Kind::erlang:
      return p_[1] * gamma_quantile(p_[0], p, q);
    case Kind::weibull:
      return p_[1] * std::pow(lower ? -std::log1p(-p) : -std::log(q), p_[2]);
    case Kind::bernoulli:
      return q < p_[0] ? 1.0 : 0.0;
    case Kind::discrete_empirical:
      return sample_discrete(p);
    case Kind::continuous_empirical:
      return sample_continuous(p);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

// E[X; lo <= X <= hi], in closed form for every kind.
double Distribution::partial_expectation(double lo, double hi) const {
  switch (kind_) {
    case Kind::deterministic:
      return p_[0] >= lo && p_[0] <= hi ? p_[0] : 0;
    case Kind::uniform: {
      const double l = std::max(lo, p_[0]), h = std::min(hi, p_[1]);
      return l < h ? (h - l) * (h + l) / 2 / (p_[1] - p_[0]) : 0;
    }
    case Kind::exponential: {
      // m [(1 + s) e^-s - (1 + t) e^-t] for s = lo / m, t = hi / m, written so that a
      // narrow interval does not cancel: e^-s [(1 + s)(1 - e^-d) - d e^-d], d = t - s.
      const double m = p_[0];
      const double s = std::max(lo, 0.0) / m, t = hi / m;
      if (!(s < t)) return 0;
      if (std::isinf(t)) return m * (1 + s) * std::exp(-s);
      const double d = t - s;
      return m * std::exp(-s) * (-(1 + s) * std::expm1(-d) - d * std::exp(-d));
    }
    case Kind::triangular: {
      const double min = p_[0], mode = p_[1], max = p_[2], w = max - min;
      const double l = std::max(lo, min), h = std::min(hi, max);
      if (!(l < h)) return 0;
      double sum = 0;
      if (l < mode) {  // density 2 y / (w (mode - min)) at x = min + y
        const double y0 = l - min, y1 = std::min(h, mode) - min;
        const auto f = [&](double y) { return y * y * y / 3 + min * y * y / 2; };
        sum += 2 * (f(y1) - f(y0)) / (w * (mode - min));
      }
      if (h > mode) {  // density 2 y / (w (max - mode)) at x = max - y
        const double y0 = max - h, y1 = max - std::max(l, mode);
        const auto f = [&](double y) { return max * y * y / 2 - y * y * y / 3; };
        sum += 2 * (f(y1) - f(y0)) / (w * (max - mode));
      }
      return sum;
    }
    case Kind::normal: {
      const double a = (lo - p_[0]) / p_[1], b = (hi - p_[0]) / p_[1];
      const double mass = difference(normal_tails(a), normal_tails(b));
      return p_[0] * mass + p_[1] * (normal_density(a) - normal_density(b));
    }
    case Kind::lognormal: {
      // mean [Phi(d(hi)) - Phi(d(lo))], d(x) = (ln x - mu - sigma^2) / sigma.
      const double mu = p_[0], sigma = p_[1];
      const auto d = [&](double x) {
        return x > 0 ? (std::log(x) - mu - sigma * sigma) / sigma : -kInf;
      };
      return p_[2] * difference(normal_tails(d(lo)), normal_tails(d(hi)));
    }
    case Kind::gamma:
    case Kind::erlang: {
      // shape scale [P(shape + 1, hi / scale) - P(shape + 1, lo / scale)].
      const double a = p_[0] + 1;
      return p_[0] * p_[1] * difference(gamma_tails(a, lo / p_[1]), gamma_tails(a, hi / p_[1]));
    }
    case Kind::weibull: {
      // scale Gamma(1 + 1/shape) [P(1 + 1/shape, (hi/scale)^shape) - P(..., (lo/scale)^shape)].
      const double a = 1 + p_[2];
      const auto t = [&](double x) { return x > 0 ? std::pow(x / p_[1], p_[0]) : 0.0; };
      return p_[1] * std::tgamma(a) * difference(gamma_tails(a, t(lo)), gamma_tails(a, t(hi)));
    }
    case Kind::bernoulli:
      return lo <= 1 && hi >= 1 ? p_[0] : 0;
    case Kind::discrete_empirical: {
      const std::size_t n = table_size();
      const double* values = table_->data();
      const double* probabilities = values + n;
      double sum = 0, total = 0;
      for (std::size_t i = 0; i < n; ++i) {
        total += probabilities[i];
        if (values[i] >= lo && values[i] <= hi) sum += values[i] * probabilities[i];
      }
      return sum / total;
    }
    case Kind::continuous_empirical: {
      const std::size_t n = table_size();
      const double* x = table_->data();
      const double* cum = x + n;
      double sum = 0;
      for (std::size_t i = 1; i < n; ++i) {
        const double w = cum[i] - cum[i - 1];
        if (x[i] == x[i - 1]) {  // an atom
          if (x[i] >= lo && x[i] <= hi) sum += w * x[i];
          continue;
        }
        const double l = std::max(lo, x[i - 1]), h = std::min(hi, x[i]);
        if (l < h) sum += w * (h - l) / (x[i] - x[i - 1]) * (l + h) / 2;
      }
      return sum;
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
}

// ---- truncation -------------------------------------------------------------------------

Distribution Distribution::truncated(double min, double max) const {
  const char* where = "truncated";
  require(!std::isnan(min), where, "min must be a number", min);
  require(!std::isnan(max), where, "max must be a number", max);
  require(min <= max, where, ("max must be >= min = " + format(min)).c_str(), max);
  Distribution dist = *this;
  dist.truncated_ = true;
  dist.lo_ = std::max(lo_, min);
  dist.hi_ = std::min(hi_, max);
  // P(X < min) and P(X > max), each from its own tail so that a bound far out keeps its
  // digits; the mass between comes from whichever side of the distribution min lies on.
  const detail::Tails lo = base_tails(dist.lo_, true);
  const detail::Tails hi = base_tails(dist.hi_, false);
  dist.below_ = lo.below;
  dist.above_ = hi.above;
  dist.mass_ = lo.below <= 0.5 ? hi.below - lo.below : lo.above - hi.above;
  if (std::isnan(dist.mass_)) {
    fail(where, "the CDF of " + describe() + " is not a number at min or max (extreme parameters)");
  }
  if (!(dist.mass_ > 0)) {
    fail(where, describe() + " has no probability between min = " + format(dist.lo_) +
                    " and max = " + format(dist.hi_));
  }
  if (kind_ == Kind::discrete_empirical) {
    // Values need not be in increasing order, so the table's own inverse CDF is kept and the
    // values outside the bounds get zero weight in it.
    auto table = std::make_shared<std::vector<double>>(*table_);
    fill_cumulative(*table, dist.lo_, dist.hi_);
    dist.table_ = std::move(table);
  }
  dist.mean_ = dist.truncated_mean();
  return dist;
}

// The inverse CDF of the truncated distribution: the base quantile at
// p = P(X < min) + u P(min <= X <= max), passed with q = 1 - p built from P(X > max) so that
// whichever of the two is small keeps its digits.
double Distribution::truncated_quantile(double u) const {
  if (kind_ == Kind::discrete_empirical) return sample_discrete(u);  // bounds in the table
  const double p = below_ + u * mass_;
  const double q = above_ + (1 - u) * mass_;
  const double x = base_quantile(p, q);
  // Rounding in the base quantile can step a hair past a bound; NaN is left visible.
  return x < lo_ ? lo_ : (x > hi_ ? hi_ : x);
}

double Distribution::truncated_mean() const {
  const double mean = partial_expectation(lo_, hi_) / mass_;
  if (std::isfinite(mean)) return std::clamp(mean, lo_, hi_);
  if (!std::isfinite(lo_) || !std::isfinite(hi_)) return mean;
  // The closed form overflowed (e^(mu + sigma^2/2) of a lognormal with a huge sigma, the
  // gamma function of a Weibull with a tiny shape) although the bounds keep the mean finite:
  // integrate the quantile function, which the bounds keep bounded, instead.
  return boost::math::quadrature::gauss_kronrod<double, 31>::integrate(
      [this](double u) { return truncated_quantile(u); }, 0.0, 1.0, 20, 1e-12);
}

// ---- public properties ------------------------------------------------------------------

double Distribution::mean() const {
  return truncated_ ? mean_ : base_mean();
}

double Distribution::cdf(double x) const {
  if (!truncated_) return base_tails(x, false).below;
  if (x < lo_) return 0;
  if (x >= hi_) return 1;
  const detail::Tails t = base_tails(x, false);
  const double between = below_ <= 0.5 ? t.below - below_ : mass_ + above_ - t.above;
  return std::clamp(between / mass_, 0.0, 1.0);
}

double Distribution::quantile(double p) const {
  if (!(p >= 0 && p <= 1)) return std::numeric_limits<double>::quiet_NaN();
  if (truncated_) return truncated_quantile(p);
  return base_quantile(p, 1 - p);
}

std::optional<std::string> Distribution::problem() const {
  const double mean = this->mean();
  const auto what = [](double x) { return std::isnan(x) ? "not a number" : "infinite"; };
  if (!std::isfinite(mean)) {
    return std::string("its mean is ") + what(mean) +
           ": the parameters are beyond what double precision can compute with";
  }
  // Every draw lies between the draws at the extreme uniforms: the inversions are monotone,
  // and a Marsaglia-Tsang draw is d (1 + c z)^3 scale for z within the inverse normal of the
  // extreme uniforms, times a power of a uniform (<= 1) when shape < 1.
  double lowest, highest;
  if (truncated_) {
    lowest = truncated_quantile(kSmallestUniform);
    highest = truncated_quantile(kLargestUniform);
  } else if (kind_ == Kind::gamma || kind_ == Kind::erlang) {
    const double d = (p_[0] < 1 ? p_[0] + 1 : p_[0]) - 1.0 / 3.0;
    const double t = 1 + inverse_normal_cdf(kLargestUniform) / std::sqrt(9 * d);
    lowest = p_[1] * 0.0;
    highest = p_[1] * (d * t * t * t);
  } else {
    lowest = from_uniform(kSmallestUniform);
    highest = from_uniform(kLargestUniform);
  }
  for (const double x : {lowest, highest}) {
    if (!std::isfinite(x)) {
      return std::string("some draws would be ") + what(x) +
             ": the parameters are beyond what double precision can sample";
    }
  }

  // A bounded distribution has a finite variance; otherwise the tails decide, and for every
  // kind here an infinite variance comes from the parameters, not from the bounds.
  if (!(std::isfinite(lo_) && std::isfinite(hi_)) && !std::isfinite(base_variance())) {
    return "its variance is infinite: sample means would scatter without bound, so no "
           "confidence interval could be trusted; use a smaller coefficient of variation, or "
           "bound the tail with max";
  }

  // The share of the mean that lies beyond the largest draw the 2^-53 grid of uniforms can
  // reach (for the positive kinds with unbounded tails): samples would miss it. Measured on
  // the inverse CDF whatever the sampler, so it is a property of the distribution.
  const bool long_tailed = kind_ == Kind::lognormal || kind_ == Kind::gamma ||
                           kind_ == Kind::erlang || kind_ == Kind::weibull;
  if (long_tailed && mean > 0) {
    const double top = truncated_ ? highest : base_quantile(kLargestUniform, 1 - kLargestUniform);
    const double share = partial_expectation(top, hi_) / (mean * mass_);
    if (share > kUnreachableShare) {
      return rounded(100 * share) +
             " % of the mean comes from values rarer than 1 in 10^16, which no run can draw: "
             "samples would average about " +
             rounded((1 - share) * mean) + " instead of " + rounded(mean) +
             "; use a smaller coefficient of variation, or bound the tail with max";
    }
  }
  return std::nullopt;
}

std::string Distribution::describe() const {
  const auto f = [](double x) { return format(x); };
  std::string text;
  switch (kind_) {
    case Kind::deterministic:
      text = "deterministic(value=" + f(p_[0]);
      break;
    case Kind::uniform:
      text = "uniform(a=" + f(p_[0]) + ", b=" + f(p_[1]);
      break;
    case Kind::exponential:
      text = form_ == Form::rate ? "exponential(rate=" + f(p_[1]) : "exponential(mean=" + f(p_[0]);
      break;
    case Kind::triangular:
      text = "triangular(min=" + f(p_[0]) + ", mode=" + f(p_[1]) + ", max=" + f(p_[2]);
      break;
    case Kind::normal:
      text = "normal(mean=" + f(p_[0]) + ", sd=" + f(p_[1]);
      break;
    case Kind::lognormal:
      text = form_ == Form::mean_cv ? "lognormal(mean=" + f(p_[2]) + ", cv=" + f(p_[3])
                                    : "lognormal(mu=" + f(p_[0]) + ", sigma=" + f(p_[1]);
      break;
    case Kind::gamma:
      text = form_ == Form::mean_cv ? "gamma(mean=" + f(p_[2]) + ", cv=" + f(p_[3])
                                    : "gamma(shape=" + f(p_[0]) + ", scale=" + f(p_[1]);
      break;
    case Kind::weibull:
      text = "weibull(shape=" + f(p_[0]) + ", scale=" + f(p_[1]);
      break;
    case Kind::erlang:
      text = "erlang(k=" + f(p_[0]) + ", mean=" + f(p_[2]);
      break;
    case Kind::bernoulli:
      text = "bernoulli(p=" + f(p_[0]);
      break;
    case Kind::discrete_empirical:
    case Kind::continuous_empirical: {
      const bool discrete = kind_ == Kind::discrete_empirical;
      text = discrete ? "discrete_empirical(" : "continuous_empirical(";
      const std::size_t n = table_size();
      const double* x = table_->data();
      // Long tables would swamp a log line; show their size and mean instead.
      if (n > 6) {
        text += "n=" + std::to_string(n) + ", mean=" + f(p_[0]);
      } else {
        text += "values=" + list(x, n) +
                (discrete ? ", probabilities=" : ", cumulative_probabilities=") + list(x + n, n);
      }
      break;
    }
  }
  if (truncated_ && lo_ > -kInf) text += ", min=" + f(lo_);
  if (truncated_ && hi_ < kInf) text += ", max=" + f(hi_);
  return text + ")";
}

}  // namespace clearsim::sim
