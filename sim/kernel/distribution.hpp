#pragma once
// Input distributions for the model (service times, dwell times, inspection outcomes).
//
// A Distribution is a small value: a kind tag, up to four numbers and, for the empirical
// kinds, a shared immutable table. Sampling is a switch on the kind (no virtual call, no
// std::function), so a model can hold thousands of them in plain structs and copy them
// freely.
//
// Common random numbers: every kind turns uniforms from the caller's RandomStream into a
// sample, by inversion of the CDF wherever that is exact or accurate to rounding. Inversion
// keeps the number of uniforms per sample fixed and makes the sample a monotone function of
// the uniform, so two regimes that draw from the same stream get positively correlated
// samples even if they use different parameters or different (invertible) kinds.
//
// Uniforms consumed per sample():
//   deterministic          1  (drawn and discarded: see below)
//   uniform                1  a + (b - a) u
//   exponential            1  -mean log(1 - u)
//   triangular             1  closed-form inverse CDF
//   normal                 1  mean + sd * inverse_normal_cdf(u)
//   lognormal              1  exp(mu + sigma * inverse_normal_cdf(u))
//   weibull                1  scale (-log(1 - u))^(1/shape)
//   bernoulli              1  1 if u > 1 - p, else 0
//   discrete_empirical     1  binary search in the cumulative table
//   continuous_empirical   1  binary search, then linear interpolation
//   erlang                 k  -(mean / k) log(u_1 ... u_k)
//   gamma                  2 per Marsaglia-Tsang attempt (one for the normal, by
//                          inversion, one for the acceptance test; both are drawn even when
//                          the candidate is rejected early), plus 1 more if shape < 1. The
//                          expected number of attempts is about 1.05 at worst (shape near 1,
//                          or near 0) and falls towards 1 as shape grows; it is random, so
//                          later draws of the same stream depend on earlier samples.
//
// Deterministic consumes a uniform on purpose: replacing, say, an exponential by its mean
// in a what-if run must not shift every later draw of that stream, or the comparison with
// the base run would no longer use common random numbers.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/kernel/random.hpp"

namespace clearsim::sim {

// Standard normal quantile Phi^-1(p) by Wichura's algorithm AS 241 (PPND16), accurate to
// about 1e-16 relative. Returns -inf at p = 0, +inf at p = 1 and NaN outside [0, 1].
double inverse_normal_cdf(double p);

class Distribution {
 public:
  enum class Kind : std::uint8_t {
    deterministic,
    uniform,
    exponential,
    triangular,
    normal,
    lognormal,
    gamma,
    weibull,
    erlang,
    bernoulli,
    discrete_empirical,
    continuous_empirical,
  };

  // The constant 0 (so that configuration structs can default-construct their members).
  Distribution() = default;

  // Every named constructor throws std::invalid_argument, naming the parameter and what
  // was expected, unless all parameters are finite and in range.
  static Distribution deterministic(double value);
  static Distribution uniform(double a, double b);    // a < b
  static Distribution exponential_mean(double mean);  // mean > 0
  static Distribution exponential_rate(double rate);  // rate > 0
  // min <= mode <= max and min < max.
  static Distribution triangular(double min, double mode, double max);
  static Distribution normal(double mean, double sd);  // sd > 0
  // mu and sigma (> 0) of the underlying normal.
  static Distribution lognormal(double mu, double sigma);
  // Lognormal with the given mean (> 0) and coefficient of variation (> 0):
  // sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2 / 2.
  static Distribution lognormal_mean_cv(double mean, double cv);
  static Distribution gamma(double shape, double scale);  // both > 0
  // Gamma with shape = 1 / cv^2 and scale = mean * cv^2.
  static Distribution gamma_mean_cv(double mean, double cv);
  static Distribution weibull(double shape, double scale);  // both > 0
  // Sum of k >= 1 exponential phases with the given total mean (> 0).
  static Distribution erlang(int k, double mean);
  static Distribution bernoulli(double p);  // 0 <= p <= 1; samples are 0.0 or 1.0
  // Returns values[i] with probability probabilities[i]. The probabilities must be >= 0 and
  // sum to 1 within 1e-9 (they are then rescaled to sum to exactly 1).
  static Distribution discrete_empirical(const std::vector<double>& values,
                                         const std::vector<double>& probabilities);
  // Piecewise-linear inverse CDF through (cumulative_probabilities[i], values[i]): at least
  // two points, values nondecreasing, cumulative probabilities nondecreasing from 0 to 1
  // (ends within 1e-9, then set exactly).
  static Distribution continuous_empirical(const std::vector<double>& values,
                                           const std::vector<double>& cumulative_probabilities);

  // One sample, using the uniforms listed at the top of this file.
  double sample(RandomStream& stream) const {
    // The commonest kind inline, so the caller's uniform and the log overlap with its own
    // work; the same formula as in sample_any().
    if (kind_ == Kind::exponential) return -p_[0] * std::log(1 - stream.uniform());
    return sample_any(stream);
  }
  // The analytic mean.
  double mean() const;
  // The distribution as it was specified, e.g. "lognormal(mean=3, cv=0.6)".
  std::string describe() const;
  Kind kind() const { return kind_; }

 private:
  // Which named constructor made this, where it matters for describe().
  enum class Form : std::uint8_t { canonical, mean_cv, rate };

  Distribution(Kind kind, Form form, double p0, double p1 = 0, double p2 = 0, double p3 = 0)
      : kind_(kind), form_(form), p_{p0, p1, p2, p3} {}

  double sample_any(RandomStream& stream) const;
  double sample_gamma(RandomStream& stream) const;
  double sample_discrete(double u) const;
  double sample_continuous(double u) const;
  std::size_t table_size() const;

  Kind kind_ = Kind::deterministic;
  Form form_ = Form::canonical;
  // Parameters by kind (sampling parameters first, then those kept for mean()/describe()):
  //   deterministic: value | uniform: a, b | exponential: mean, rate
  //   triangular: min, mode, max | normal: mean, sd
  //   lognormal: mu, sigma, mean, cv | gamma: shape, scale, mean, cv
  //   weibull: shape, scale, 1/shape | erlang: k, mean | bernoulli: p
  //   empirical kinds: mean
  double p_[4] = {0, 0, 0, 0};
  // Empirical kinds only. discrete: values, probabilities as given, cumulative (3n);
  // continuous: values, cumulative (2n).
  std::shared_ptr<const std::vector<double>> table_;
};

}  // namespace clearsim::sim
