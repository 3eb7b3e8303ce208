#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "sim/kernel/accumulators.hpp"
#include "sim/kernel/quantile_sketch.hpp"
#include "sim/kernel/statistics.hpp"

using namespace clearsim::sim;

namespace {

// Reference mean and sample variance by the textbook two-pass formulas.
double two_pass_mean(const std::vector<double>& x) {
  double sum = 0;
  for (double v : x)
    sum += v;
  return sum / static_cast<double>(x.size());
}

double two_pass_variance(const std::vector<double>& x) {
  const double mean = two_pass_mean(x);
  double squares = 0;
  for (double v : x)
    squares += (v - mean) * (v - mean);
  return squares / static_cast<double>(x.size() - 1);
}

Tally tally_of(const std::vector<double>& x) {
  Tally t;
  for (double v : x)
    t.add(v);
  return t;
}

// Uniform on [0, 1) from the top 53 bits: our own conversion, so the test does not depend
// on the standard library's implementation-defined uniform_real_distribution.
double uniform01(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// t_{0.975, 4}, the two-sided 95% quantile with five replications.
constexpr double kT975Dof4 = 2.776445105197793;

}  // namespace

// --- Tally ----------------------------------------------------------------------------

TEST_CASE("Tally mean, variance, min and max match a two-pass computation") {
  const std::vector<double> x{2.5, -1.0, 7.25, 3.0, 3.0, 0.5, 11.0, -4.5};
  const Tally t = tally_of(x);
  CHECK(t.count() == x.size());
  CHECK(t.mean() == doctest::Approx(two_pass_mean(x)).epsilon(1e-14));
  CHECK(t.variance() == doctest::Approx(two_pass_variance(x)).epsilon(1e-14));
  CHECK(t.stddev() == doctest::Approx(std::sqrt(two_pass_variance(x))).epsilon(1e-14));
  CHECK(t.min() == -4.5);
  CHECK(t.max() == 11.0);
  CHECK(t.sum() == doctest::Approx(21.75));
}

TEST_CASE("Tally variance stays accurate with a large common offset") {
  // Variance of {4, 7, 13, 16} is 30; a sum-of-squares formula loses it all at 1e9.
  const Tally t = tally_of({1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16});
  CHECK(t.variance() == doctest::Approx(30.0).epsilon(1e-9));
}

TEST_CASE("Tally with fewer than two observations reports NaN where undefined") {
  Tally t;
  CHECK(std::isnan(t.mean()));
  CHECK(std::isnan(t.min()));
  t.add(3.0);
  CHECK(t.mean() == 3.0);
  CHECK(std::isnan(t.variance()));
}

TEST_CASE("Tally::merge equals adding everything to one tally") {
  const std::vector<double> first{1.0, 4.0, 9.0, 16.0, 25.0};
  const std::vector<double> second{-3.0, 0.5, 100.0};
  std::vector<double> all = first;
  all.insert(all.end(), second.begin(), second.end());

  Tally merged = tally_of(first);
  merged.merge(tally_of(second));
  const Tally whole = tally_of(all);

  CHECK(merged.count() == whole.count());
  CHECK(merged.mean() == doctest::Approx(whole.mean()).epsilon(1e-14));
  CHECK(merged.variance() == doctest::Approx(whole.variance()).epsilon(1e-14));
  CHECK(merged.min() == whole.min());
  CHECK(merged.max() == whole.max());
}

TEST_CASE("Tally::merge with an empty tally on either side is a copy") {
  const Tally data = tally_of({1.0, 2.0, 6.0});
  Tally left;
  left.merge(data);
  Tally right = data;
  right.merge(Tally{});
  for (const Tally* t : {&left, &right}) {
    CHECK(t->count() == 3);
    CHECK(t->mean() == doctest::Approx(3.0));
    CHECK(t->variance() == doctest::Approx(7.0));
  }
}

// --- TimeWeighted ---------------------------------------------------------------------

TEST_CASE("TimeWeighted averages a hand-computed step function") {
  // 0 on [0,2), 3 on [2,5), 1 on [5,10), 4 from 10: area to 12 = 0 + 9 + 5 + 8 = 22.
  TimeWeighted q(0.0, 0.0);
  q.set(2.0, 3.0);
  q.set(5.0, 1.0);
  q.set(10.0, 4.0);
  CHECK(q.integral(12.0) == doctest::Approx(22.0));
  CHECK(q.mean(12.0) == doctest::Approx(22.0 / 12.0));
  CHECK(q.max() == 4.0);
  CHECK(q.value() == 4.0);
}

TEST_CASE("TimeWeighted::add changes the level by a delta") {
  TimeWeighted busy(0.0, 0.0);
  busy.add(1.0, +2.0);  // 2 busy on [1,3)
  busy.add(3.0, -1.0);  // 1 busy on [3,5)
  CHECK(busy.mean(5.0) == doctest::Approx((2.0 * 2.0 + 1.0 * 2.0) / 5.0));
}

TEST_CASE("TimeWeighted::reset forgets the past but keeps the current value") {
  TimeWeighted q(0.0, 10.0);
  q.set(5.0, 4.0);
  q.reset(12.0);
  CHECK(q.start_time() == 12.0);
  CHECK(q.mean(12.0) == 4.0);  // no time has passed: the current value
  CHECK(q.max() == 4.0);       // the 10 before the reset is forgotten
  q.set(14.0, 0.0);
  CHECK(q.mean(16.0) == doctest::Approx(2.0));  // 4 for 2 units, 0 for 2 units
}

// --- quantile -------------------------------------------------------------------------

// The one quantile definition (docs/output.md): lower empirical quantile, numpy's
// method="inverted_cdf" (values below computed with numpy 1.24). Not numpy's default
// linear interpolation, which would give 1.75 / 2.5 / 3.25 here.
TEST_CASE("quantile is the lower empirical quantile (type 1) on {1,2,3,4}") {
  const std::vector<double> x{4.0, 1.0, 3.0, 2.0};  // unsorted on purpose
  CHECK(quantile(x, 0.25) == 1.0);
  CHECK(quantile(x, 0.5) == 2.0);
  CHECK(quantile(x, 0.75) == 3.0);
  CHECK(quantile(x, 0.26) == 2.0);  // just past a rank: the next order statistic
}

TEST_CASE("quantile is the lower empirical quantile (type 1) on {15,20,35,40,50}") {
  const std::vector<double> x{50.0, 15.0, 40.0, 20.0, 35.0};
  CHECK(quantile(x, 0.4) == 20.0);
  CHECK(quantile(x, 0.9) == 50.0);
  CHECK(quantile(x, 0.5) == 35.0);
}

TEST_CASE("quantile agrees with QuantileSketch on the same sample within its error") {
  QuantileSketch sketch;
  std::vector<double> x;
  for (int i = 1; i <= 1001; ++i) {
    const double v = 0.37 * i + 0.001 * (i % 7);
    x.push_back(v);
    sketch.add(v);
  }
  for (double p : {0.1, 0.5, 0.9, 0.95})
    CHECK(sketch.quantile(p) ==
          doctest::Approx(quantile(x, p)).epsilon(QuantileSketch::kRelativeError * 1.01));
}

TEST_CASE("quantile at p=0 and p=1 is the minimum and maximum") {
  const std::vector<double> x{3.0, -2.0, 8.5, 0.0};
  CHECK(quantile(x, 0.0) == -2.0);
  CHECK(quantile(x, 1.0) == 8.5);
}

TEST_CASE("quantile of a single observation is that observation for every p") {
  for (double p : {0.0, 0.3, 1.0})
    CHECK(quantile({7.0}, p) == 7.0);
}

TEST_CASE("quantiles agrees with quantile and keeps the order of ps") {
  const std::vector<double> x{15.0, 20.0, 35.0, 40.0, 50.0};
  const std::vector<double> ps{0.9, 0.0, 0.4, 1.0};
  const std::vector<double> q = quantiles(x, ps);
  REQUIRE(q.size() == ps.size());
  for (std::size_t i = 0; i < ps.size(); ++i)
    CHECK(q[i] == doctest::Approx(quantile(x, ps[i])));
  CHECK(q[0] == 50.0);
  CHECK(q[2] == 20.0);
}

TEST_CASE("quantile rejects an empty sample and p outside [0, 1]") {
  CHECK_THROWS_AS(quantile({}, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(quantile({1.0}, -0.01), std::invalid_argument);
  CHECK_THROWS_AS(quantile({1.0}, 1.01), std::invalid_argument);
  CHECK_THROWS_AS(quantile({1.0}, std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  CHECK_THROWS_AS(quantiles({}, {0.5}), std::invalid_argument);
  CHECK_THROWS_AS(quantiles({1.0, 2.0}, {0.5, 2.0}), std::invalid_argument);
}

// --- quantile_interval ----------------------------------------------------------------

TEST_CASE("quantile_interval picks the order statistics of the normal approximation") {
  // n = 100, p = 0.5, z = 1.959964: 50 -/+ 9.79982 -> 0-based indices 40 and 59.
  std::vector<double> x(100);
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = static_cast<double>(99 - i);
  const QuantileInterval ci = quantile_interval(x, 0.5, 0.95);
  CHECK(ci.lower == 40.0);
  CHECK(ci.estimate == 49.0);
  CHECK(ci.upper == 59.0);
}

TEST_CASE("quantile_interval covers the true median of uniforms at about the nominal rate") {
  std::mt19937_64 rng(20240611);
  constexpr int kSamples = 400;
  int covered = 0;
  for (int s = 0; s < kSamples; ++s) {
    std::vector<double> x(100);
    for (double& v : x)
      v = uniform01(rng);
    const QuantileInterval ci = quantile_interval(x, 0.5, 0.95);
    CHECK(ci.lower <= ci.estimate);
    CHECK(ci.estimate <= ci.upper);
    if (ci.lower <= 0.5 && 0.5 <= ci.upper) ++covered;
  }
  const double coverage = static_cast<double>(covered) / kSamples;
  CHECK(coverage >= 0.90);
  CHECK(coverage <= 0.99);
}

TEST_CASE("quantile_interval clamps to the sample extremes for small samples") {
  const QuantileInterval ci = quantile_interval({3.0, 1.0, 2.0}, 0.5, 0.99);
  CHECK(ci.lower == 1.0);
  CHECK(ci.estimate == 2.0);
  CHECK(ci.upper == 3.0);
}

TEST_CASE("quantile_interval rejects invalid inputs") {
  CHECK_THROWS_AS(quantile_interval({}, 0.5, 0.95), std::invalid_argument);
  CHECK_THROWS_AS(quantile_interval({1.0, 2.0}, 1.5, 0.95), std::invalid_argument);
  CHECK_THROWS_AS(quantile_interval({1.0, 2.0}, 0.5, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(quantile_interval({1.0, 2.0}, 0.5, 1.0), std::invalid_argument);
}

// --- Histogram ------------------------------------------------------------------------

TEST_CASE("Histogram counts values into fixed-width bins with under- and overflow") {
  Histogram h(0.0, 10.0, 5);  // bins [0,2) [2,4) [4,6) [6,8) [8,10)
  for (double x : {-1.0, 0.0, 1.99, 2.0, 5.0, 5.5, 9.999, 10.0, 42.0})
    h.add(x);
  CHECK(h.bins() == 5);
  CHECK(h.bin_count(0) == 2);
  CHECK(h.bin_count(1) == 1);
  CHECK(h.bin_count(2) == 2);
  CHECK(h.bin_count(3) == 0);
  CHECK(h.bin_count(4) == 1);
  CHECK(h.underflow() == 1);
  CHECK(h.overflow() == 2);  // hi itself is outside [lo, hi)
  CHECK(h.total() == 9);
}

TEST_CASE("Histogram bin edges are evenly spaced from lo to hi") {
  const Histogram h(-1.0, 2.0, 3);
  CHECK(h.bin_width() == doctest::Approx(1.0));
  CHECK(h.bin_lower(0) == -1.0);
  CHECK(h.bin_lower(1) == doctest::Approx(0.0));
  CHECK(h.bin_lower(2) == doctest::Approx(1.0));
  CHECK(h.bin_lower(3) == 2.0);
}

TEST_CASE("Histogram puts a value just below hi in the last bin despite rounding") {
  Histogram h(0.0, 0.3, 3);  // width 0.1 is inexact in binary
  h.add(std::nextafter(0.3, 0.0));
  CHECK(h.bin_count(2) == 1);
  CHECK(h.overflow() == 0);
}

TEST_CASE("Histogram rejects invalid ranges, bins and values") {
  CHECK_THROWS_AS(Histogram(1.0, 1.0, 4), std::invalid_argument);
  CHECK_THROWS_AS(Histogram(2.0, 1.0, 4), std::invalid_argument);
  CHECK_THROWS_AS(Histogram(0.0, 1.0, 0), std::invalid_argument);
  CHECK_THROWS_AS(Histogram(0.0, std::numeric_limits<double>::infinity(), 4),
                  std::invalid_argument);
  Histogram h(0.0, 1.0, 4);
  CHECK_THROWS_AS(h.add(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  CHECK_THROWS_AS(h.bin_count(4), std::out_of_range);
  CHECK_THROWS_AS(h.bin_lower(5), std::out_of_range);
}

// --- Student t and replication intervals ----------------------------------------------

TEST_CASE("student_t_quantile matches tabulated values") {
  CHECK(student_t_quantile(0.975, 10) == doctest::Approx(2.228138851986274).epsilon(1e-9));
  CHECK(student_t_quantile(0.995, 29) == doctest::Approx(2.756385903670603).epsilon(1e-9));
  CHECK(student_t_quantile(0.975, 4) == doctest::Approx(kT975Dof4).epsilon(1e-9));
  CHECK(student_t_quantile(0.5, 7) == doctest::Approx(0.0));
}

TEST_CASE("student_t_quantile rejects p outside (0, 1) and non-positive dof") {
  CHECK_THROWS_AS(student_t_quantile(0.0, 5), std::invalid_argument);
  CHECK_THROWS_AS(student_t_quantile(1.0, 5), std::invalid_argument);
  CHECK_THROWS_AS(student_t_quantile(0.9, 0.0), std::invalid_argument);
}

TEST_CASE("mean_interval matches a hand-computed Student-t interval") {
  // {1..5}: mean 3, s^2 = 10/4, half-width = t_{0.975,4} * sqrt(2.5 / 5).
  const ConfidenceInterval ci = mean_interval({1.0, 2.0, 3.0, 4.0, 5.0});
  const double half = kT975Dof4 * std::sqrt(0.5);
  CHECK(ci.n == 5);
  CHECK(ci.mean == doctest::Approx(3.0));
  CHECK(ci.stddev == doctest::Approx(std::sqrt(2.5)));
  CHECK(ci.half_width == doctest::Approx(half).epsilon(1e-12));
  CHECK(ci.lower == doctest::Approx(3.0 - half).epsilon(1e-12));
  CHECK(ci.upper == doctest::Approx(3.0 + half).epsilon(1e-12));
  CHECK(ci.contains(3.0));
  CHECK(ci.contains(ci.lower));
  CHECK_FALSE(ci.contains(5.0));
}

TEST_CASE("mean_interval narrows as the confidence level drops") {
  const std::vector<double> x{1.0, 2.0, 3.0, 4.0, 5.0};
  CHECK(mean_interval(x, 0.90).half_width < mean_interval(x, 0.95).half_width);
  CHECK(mean_interval(x, 0.95).half_width < mean_interval(x, 0.99).half_width);
}

TEST_CASE("mean_interval of identical replications has zero width") {
  const ConfidenceInterval ci = mean_interval({4.0, 4.0, 4.0});
  CHECK(ci.half_width == 0.0);
  CHECK(ci.contains(4.0));
}

TEST_CASE("mean_interval needs two replications and a confidence in (0, 1)") {
  CHECK_THROWS_AS(mean_interval({}), std::invalid_argument);
  CHECK_THROWS_AS(mean_interval({1.0}), std::invalid_argument);
  CHECK_THROWS_AS(mean_interval({1.0, 2.0}, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(mean_interval({1.0, 2.0}, 0.0), std::invalid_argument);
}

TEST_CASE("paired_difference_interval matches a hand computation on b - a") {
  // Differences {1, 1.5, 0.5, 1.2, 0.8}: mean 1, squared deviations sum to 0.58,
  // s^2 = 0.145, half-width = t_{0.975,4} * sqrt(0.145 / 5).
  const std::vector<double> a{10.0, 12.0, 9.0, 11.0, 13.0};
  const std::vector<double> b{11.0, 13.5, 9.5, 12.2, 13.8};
  const ConfidenceInterval ci = paired_difference_interval(a, b);
  CHECK(ci.n == 5);
  CHECK(ci.mean == doctest::Approx(1.0));
  CHECK(ci.stddev == doctest::Approx(std::sqrt(0.145)));
  CHECK(ci.half_width == doctest::Approx(kT975Dof4 * std::sqrt(0.029)).epsilon(1e-12));
}

TEST_CASE("paired_difference_interval is narrower than the unpaired one for correlated pairs") {
  // Replications vary a lot (shared noise) but b is consistently about 1 above a.
  const std::vector<double> a{10.0, 12.0, 9.0, 11.0, 13.0};
  const std::vector<double> b{11.0, 13.5, 9.5, 12.2, 13.8};
  const ConfidenceInterval paired = paired_difference_interval(a, b);
  // Unpaired two-sample interval with pooled variance (equal n), 2n - 2 dof.
  const double n = 5.0;
  const double pooled = (two_pass_variance(a) + two_pass_variance(b)) / 2.0;
  const double unpaired = student_t_quantile(0.975, 2 * n - 2) * std::sqrt(2.0 * pooled / n);
  CHECK(paired.half_width < unpaired / 3.0);
  // The paired design detects the difference; the unpaired interval would straddle 0.
  CHECK_FALSE(paired.contains(0.0));
  CHECK(unpaired > std::abs(paired.mean));
}

TEST_CASE("paired_difference_interval requires equal lengths") {
  CHECK_THROWS_AS(paired_difference_interval({1.0, 2.0, 3.0}, {1.0, 2.0}), std::invalid_argument);
  CHECK_THROWS_AS(paired_difference_interval({1.0}, {2.0}), std::invalid_argument);
}

// --- MSER-5 ---------------------------------------------------------------------------

TEST_CASE("mser5_truncation finds the end of an obvious initial transient") {
  std::mt19937_64 rng(7);
  std::vector<double> series(100, 50.0);
  for (int i = 0; i < 1000; ++i)
    series.push_back(2.0 * uniform01(rng) - 1.0);
  const std::size_t d = mser5_truncation(series);
  CHECK(d >= 100);  // keeping any of the transient inflates the standard error
  CHECK(d <= 150);
  CHECK(d % 5 == 0);
}

TEST_CASE("mser5_truncation deletes nothing from a series without a transient") {
  CHECK(mser5_truncation(std::vector<double>(200, 3.0)) == 0);
}

TEST_CASE("mser5_truncation searches only the first half of the batches") {
  // A steady climb never settles; the answer is capped at half the 40 batches.
  std::vector<double> ramp(200);
  for (std::size_t i = 0; i < ramp.size(); ++i)
    ramp[i] = static_cast<double>(i);
  CHECK(mser5_truncation(ramp) == 100);
}

TEST_CASE("mser5_truncation needs at least two batches") {
  CHECK_THROWS_AS(mser5_truncation(std::vector<double>(9, 1.0)), std::invalid_argument);
  CHECK(mser5_truncation(std::vector<double>(10, 1.0)) == 0);
}
