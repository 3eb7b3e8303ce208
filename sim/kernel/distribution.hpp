#pragma once
// Input distributions for the model (service times, dwell times, inspection outcomes).
//
// A Distribution is a small value: a kind tag, a few numbers and, for the empirical kinds, a
// shared immutable table. Sampling is a switch on the kind (no virtual call, no
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
//   gamma, erlang          2 per Marsaglia-Tsang attempt (one for the normal, by
//                          inversion, one for the acceptance test; both are drawn even when
//                          the candidate is rejected early), plus 1 more if shape < 1. The
//                          expected number of attempts is about 1.05 at worst (shape near 1,
//                          or near 0) and falls towards 1 as shape grows, so a draw costs the
//                          same at shape 2 or 10^9; it is random, so later draws of the same
//                          stream depend on earlier samples. (Erlang k is Gamma(k, mean / k).)
//   any kind, truncated    1  inverse CDF of F(min) + u (F(max) - F(min)): see truncated()
//
// Deterministic consumes a uniform on purpose: replacing, say, an exponential by its mean
// in a what-if run must not shift every later draw of that stream, or the comparison with
// the base run would no longer use common random numbers.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/kernel/random.hpp"

namespace clearsim::sim {

// Standard normal quantile Phi^-1(p) by Wichura's algorithm AS 241 (PPND16), accurate to
// about 1e-16 relative. Returns -inf at p = 0, +inf at p = 1 and NaN outside [0, 1].
double inverse_normal_cdf(double p);

namespace detail {
// P(X < x) (or P(X <= x)) and the probability of the rest, each accurate where it is small.
struct Tails {
  double below;
  double above;
};
}  // namespace detail

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
  // was expected, unless all parameters are finite and in range. Parameters that are in
  // range but extreme (a coefficient of variation of 1e200) are accepted; problem() says
  // whether the result can be simulated.
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
  // Sum of k >= 1 exponential phases with the given total mean (> 0): Gamma(k, mean / k).
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

  // The same distribution conditioned on min <= X <= max ("long tails bounded where the
  // data are"). Pass -infinity or +infinity for a side left open. Sampling inverts the CDF
  // at F(min) + u (F(max) - F(min)) with one uniform: no rejection (the number of uniforms
  // stays fixed) and no clamping (no atom at the bound); mean() is the truncated mean.
  // Truncating again intersects the bounds. Throws std::invalid_argument if a bound is NaN,
  // min > max, or no probability lies between them.
  Distribution truncated(double min, double max) const;
  bool is_truncated() const { return truncated_; }
  double min() const { return lo_; }  // -infinity unless truncated below
  double max() const { return hi_; }  // +infinity unless truncated above

  // One sample, using the uniforms listed at the top of this file.
  double sample(RandomStream& stream) const {
    // The commonest kind inline, so the caller's uniform and the log overlap with its own
    // work; the same formula as in sample_any().
    if (kind_ == Kind::exponential && !truncated_) return -p_[0] * std::log(1 - stream.uniform());
    return sample_any(stream);
  }
  // The analytic mean (of the truncated distribution, if truncated).
  double mean() const;
  // P(X <= x) and the inverse CDF (p in [0, 1]) of the distribution, truncated if it is.
  double cdf(double x) const;
  double quantile(double p) const;

  // Whether the distribution can be simulated faithfully, in words a user understands; empty
  // if it can. Reports a mean or variance that is not finite (e.g. a lognormal whose mean
  // overflows, a coefficient of variation of 1e200), draws that can be infinite or NaN (the
  // extreme uniforms 2^-53 and 1 - 2^-53 are tried: every draw lies between the two), and a
  // tail so long that more than 0.1 % of the mean comes from outcomes rarer than 1 in 10^16,
  // which no run can draw (a Weibull with a vanishing shape, a gamma with cv 10^6): samples
  // would then average less than mean(). sample() never returns NaN or infinity for a
  // distribution without a problem. Costs a few special-function calls: call it once, when
  // the distribution is read from the user.
  std::optional<std::string> problem() const;

  // The distribution as it was specified, e.g. "lognormal(mean=3, cv=0.6, max=40)".
  std::string describe() const;
  Kind kind() const { return kind_; }

 private:
  // Which named constructor made this, where it matters for describe().
  enum class Form : std::uint8_t { canonical, mean_cv, rate };
  Distribution(Kind kind, Form form, double p0, double p1 = 0, double p2 = 0, double p3 = 0)
      : kind_(kind), form_(form), p_{p0, p1, p2, p3} {}

  double sample_any(RandomStream& stream) const;
  double sample_gamma(RandomStream& stream) const;
  double from_uniform(double u) const;
  double sample_discrete(double u) const;
  double sample_continuous(double u) const;
  std::size_t table_size() const;
  static double fill_cumulative(std::vector<double>& table, double lo, double hi);

  // The distribution before truncation.
  double base_mean() const;
  double base_variance() const;
  detail::Tails base_tails(double x, bool strict) const;
  double base_quantile(double p, double q) const;  // q = 1 - p, each exact where it is small
  double partial_expectation(double lo, double hi) const;  // E[X; lo <= X <= hi]
  double truncated_quantile(double u) const;
  double truncated_mean() const;

  Kind kind_ = Kind::deterministic;
  Form form_ = Form::canonical;
  bool truncated_ = false;
  // Parameters by kind (sampling parameters first, then those kept for mean()/describe()):
  //   deterministic: value | uniform: a, b | exponential: mean, rate
  //   triangular: min, mode, max | normal: mean, sd
  //   lognormal: mu, sigma, mean, cv | gamma: shape, scale, mean, cv
  //   weibull: shape, scale, 1/shape | erlang: k, mean / k, mean | bernoulli: p
  //   empirical kinds: mean
  double p_[4] = {0, 0, 0, 0};
  // Truncation: the bounds, P(X < min), P(X > max), the probability between the bounds
  // (each computed from its own tail) and the truncated mean.
  double lo_ = -std::numeric_limits<double>::infinity();
  double hi_ = std::numeric_limits<double>::infinity();
  double below_ = 0;
  double above_ = 0;
  double mass_ = 1;
  double mean_ = 0;
  // Empirical kinds only. discrete: values, probabilities as given, cumulative (3n);
  // continuous: values, cumulative (2n).
  std::shared_ptr<const std::vector<double>> table_;
};

}  // namespace clearsim::sim
