// Truncated distributions (issue 9, "long tails bounded where the data are"): every kind
// conditioned on min <= X <= max, sampled by inverting the CDF at F(min) + u (F(max) - F(min))
// and with the truncated mean, which the traffic equations use.
#include <doctest/doctest.h>

#include <array>
#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/weibull.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <vector>

#include "sim/kernel/distribution.hpp"

namespace {

using clearsim::sim::Distribution;
using clearsim::sim::RandomStream;
using clearsim::sim::RandomStreams;

constexpr double kInf = std::numeric_limits<double>::infinity();

bool relatively_close(double actual, double expected, double tolerance) {
  return std::fabs(actual - expected) <= tolerance * std::fabs(expected);
}

RandomStream stream_for(std::uint64_t purpose) {
  return RandomStreams(4242, 0).stream(purpose);
}

// ---- golden values --------------------------------------------------------------------

// The first five samples from the stream of tests/test_distributions.cpp, computed once with
// this implementation after the checks below passed; one uniform per sample.
void check_golden(const Distribution& dist, const std::array<double, 5>& expected) {
  RandomStream stream = RandomStreams(20261126, 0).stream(7, 3);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const double x = dist.sample(stream);
    INFO(dist.describe(), " sample ", i, ": got ", x, ", expected ", expected[i]);
    CHECK(relatively_close(x, expected[i], 1e-12));
  }
  CHECK(stream.position() == expected.size());
}

TEST_CASE("truncated golden samples are pinned") {
  check_golden(Distribution::lognormal_mean_cv(3, 0.6).truncated(0.5, 6),
               {3.957876250988686, 2.3321077394886793, 2.1325854174715313, 0.69046116189684514,
                4.0306856394243873});
  check_golden(Distribution::exponential_mean(3).truncated(-kInf, 4),
               {2.8568858678589018, 1.2340082982966942, 1.0201483373582589, 0.0172471444166672,
                2.9160830100039283});
  check_golden(Distribution::gamma(2.5, 1.5).truncated(1, 4),
               {3.4381844593335682, 2.3601777852414063, 2.1805950837354304, 1.0304382113777728,
                3.4706094382733594});
  check_golden(Distribution::erlang(1'000'000, 5).truncated(0, 5.001),
               {4.9997876629408022, 4.9968639861110482, 4.9962521388860752, 4.9869533136990247,
                4.999862049073486});
}

// ---- the truncated lognormal of issue 9 -----------------------------------------------

TEST_CASE("a truncated lognormal has the exact truncated mean and never draws outside") {
  // lognormal(mean 3, cv 0.6) on [0.5, 6]; the reference is 50-digit quadrature (mpmath).
  const auto dist = Distribution::lognormal_mean_cv(3, 0.6).truncated(0.5, 6);
  const double exact = 2.6770967299603213917;
  CHECK(relatively_close(dist.mean(), exact, 1e-13));

  RandomStream stream = stream_for(1);
  const int n = 200'000;
  double sum = 0, squares = 0;
  for (int i = 0; i < n; ++i) {
    const double x = dist.sample(stream);
    REQUIRE(x >= 0.5);
    REQUIRE(x <= 6);
    sum += x;
    squares += x * x;
  }
  const double mean = sum / n;
  const double sd = std::sqrt((squares - n * mean * mean) / (n - 1));
  INFO("sample mean ", mean, ", exact ", exact, ", sd ", sd);
  CHECK(std::fabs(mean - exact) <= 4 * sd / std::sqrt(n));
  CHECK(stream.position() == static_cast<std::uint64_t>(n));
}

TEST_CASE("a lognormal bounded above only has the closed-form truncated mean") {
  // E[X | X <= b] = mean Phi((ln b - mu - sigma^2) / sigma) / Phi((ln b - mu) / sigma).
  const double mean = 2, cv = 1.5, max = 10;
  const double s2 = std::log1p(cv * cv), s = std::sqrt(s2), mu = std::log(mean) - s2 / 2;
  const auto phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  const double exact = mean * phi((std::log(max) - mu - s2) / s) / phi((std::log(max) - mu) / s);
  const auto dist = Distribution::lognormal_mean_cv(mean, cv).truncated(-kInf, max);
  CHECK(relatively_close(dist.mean(), exact, 1e-13));
  CHECK(dist.mean() < mean);
}

// ---- every kind against its density ----------------------------------------------------

struct Case {
  Distribution dist;
  double lo, hi;                      // the bounds, within the support
  std::function<double(double)> pdf;  // of the untruncated distribution
  std::vector<double> breaks;         // kinks of the density inside [lo, hi]
};

std::vector<Case> continuous_cases() {
  namespace bm = boost::math;
  const auto pdf_of = [](auto d) { return [d](double x) { return bm::pdf(d, x); }; };
  return {
      {Distribution::uniform(2, 5).truncated(3, 4.5), 3, 4.5, [](double) { return 1 / 3.0; }, {}},
      {Distribution::exponential_mean(3).truncated(1, 7),
       1,
       7,
       pdf_of(bm::exponential_distribution<>(1 / 3.0)),
       {}},
      {Distribution::triangular(1, 2, 6).truncated(1.5, 3),
       1.5,
       3,
       pdf_of(bm::triangular_distribution<>(1, 2, 6)),
       {2}},
      {Distribution::normal(10, 2).truncated(7, 11),
       7,
       11,
       pdf_of(bm::normal_distribution<>(10, 2)),
       {}},
      {Distribution::lognormal(0.5, 0.4).truncated(1, 2.5),
       1,
       2.5,
       pdf_of(bm::lognormal_distribution<>(0.5, 0.4)),
       {}},
      {Distribution::gamma(2.5, 1.5).truncated(1, 6),
       1,
       6,
       pdf_of(bm::gamma_distribution<>(2.5, 1.5)),
       {}},
      {Distribution::gamma(0.6, 2).truncated(0.5, 3),
       0.5,
       3,
       pdf_of(bm::gamma_distribution<>(0.6, 2)),
       {}},
      {Distribution::gamma(400, 0.01).truncated(3.9, 4.3),
       3.9,
       4.3,
       pdf_of(bm::gamma_distribution<>(400, 0.01)),
       {}},
      {Distribution::erlang(3, 6).truncated(2, 9),
       2,
       9,
       pdf_of(bm::gamma_distribution<>(3, 2)),
       {}},
      {Distribution::weibull(1.5, 2).truncated(0.5, 3),
       0.5,
       3,
       pdf_of(bm::weibull_distribution<>(1.5, 2)),
       {}},
      {Distribution::continuous_empirical({0, 1, 3, 8}, {0, 0.2, 0.7, 1}).truncated(0.5, 4),
       0.5,
       4,
       [](double x) { return x < 1 ? 0.2 : (x < 3 ? 0.25 : 0.06); },
       {1, 3}},
  };
}

// The integral of f over [lo, hi], split at the density's kinks.
double integrate(const std::function<double(double)>& f, double lo, double hi,
                 const std::vector<double>& breaks) {
  std::vector<double> points = {lo};
  points.insert(points.end(), breaks.begin(), breaks.end());
  points.push_back(hi);
  double sum = 0;
  for (std::size_t i = 1; i < points.size(); ++i)
    sum += boost::math::quadrature::gauss_kronrod<double, 61>::integrate(f, points[i - 1],
                                                                         points[i], 15, 1e-14);
  return sum;
}

TEST_CASE("truncated means and CDFs agree with integrating the density") {
  for (const Case& c : continuous_cases()) {
    INFO(c.dist.describe());
    const double mass = integrate(c.pdf, c.lo, c.hi, c.breaks);
    const double mean =
        integrate([&](double x) { return x * c.pdf(x); }, c.lo, c.hi, c.breaks) / mass;
    CHECK(relatively_close(c.dist.mean(), mean, 1e-10));
    CHECK(c.dist.min() == c.lo);
    CHECK(c.dist.max() == c.hi);
    for (const double f : {0.1, 0.5, 0.9}) {
      const double x = c.lo + f * (c.hi - c.lo);
      std::vector<double> inside;
      for (double b : c.breaks)
        if (b < x) inside.push_back(b);
      const double expected = integrate(c.pdf, c.lo, x, inside) / mass;
      INFO("x = ", x);
      CHECK(std::fabs(c.dist.cdf(x) - expected) <= 1e-10);
      CHECK(std::fabs(c.dist.cdf(c.dist.quantile(expected)) - expected) <= 1e-10);
    }
    CHECK(c.dist.cdf(c.lo - 1) == 0);
    CHECK(c.dist.cdf(c.hi) == 1);
    CHECK(c.dist.quantile(0) == doctest::Approx(c.lo).epsilon(1e-12));
    CHECK(c.dist.quantile(1) == doctest::Approx(c.hi).epsilon(1e-12));
  }
}

TEST_CASE("truncated draws follow the truncated CDF and stay inside the bounds") {
  std::uint64_t purpose = 10;
  for (const Case& c : continuous_cases()) {
    INFO(c.dist.describe());
    RandomStream stream = stream_for(++purpose);
    const int n = 100'000;
    std::vector<double> draws(n);
    double sum = 0, squares = 0;
    for (double& x : draws) {
      x = c.dist.sample(stream);
      REQUIRE(x >= c.lo);
      REQUIRE(x <= c.hi);
      sum += x;
      squares += x * x;
    }
    CHECK(stream.position() == static_cast<std::uint64_t>(n));  // one uniform each
    const double mean = sum / n;
    const double sd = std::sqrt((squares - n * mean * mean) / (n - 1));
    CHECK(std::fabs(mean - c.dist.mean()) <= 4 * sd / std::sqrt(n));
    for (const double f : {0.2, 0.5, 0.8}) {
      const double x = c.lo + f * (c.hi - c.lo);
      double below = 0;
      for (double d : draws)
        below += d <= x;
      const double p = c.dist.cdf(x);
      INFO("F(", x, "): empirical ", below / n, ", exact ", p);
      CHECK(std::fabs(below / n - p) <= 4 * std::sqrt(p * (1 - p) / n));
    }
  }
}

// ---- precision far out in a tail ---------------------------------------------------------

TEST_CASE("a truncation far in a tail keeps its digits") {
  // P(40 <= X <= 41) = 2.7e-18 for an exponential of mean 1: as F(x) in double precision both
  // bounds would read 1. References from 50-digit arithmetic.
  struct Far {
    Distribution dist;
    double exact_mean;
  };
  const Far cases[] = {
      {Distribution::exponential_mean(1).truncated(40, 41), 40.418023293130673576},
      {Distribution::normal(0, 1).truncated(8, 9), 8.1211889929797971226},
  };
  for (const Far& c : cases) {
    INFO(c.dist.describe());
    CHECK(relatively_close(c.dist.mean(), c.exact_mean, 1e-12));
    RandomStream stream = stream_for(30);
    const int n = 50'000;
    double sum = 0;
    for (int i = 0; i < n; ++i) {
      const double x = c.dist.sample(stream);
      REQUIRE(x >= c.dist.min());
      REQUIRE(x <= c.dist.max());
      sum += x;
    }
    CHECK(std::fabs(sum / n - c.exact_mean) <= 4 * 0.3 / std::sqrt(n));  // sd < 0.3 on [a, a+1]
  }
}

TEST_CASE("a bounded lognormal with a huge sigma has the truncated mean of its bounded part") {
  // e^(mu + sigma^2/2) overflows (sigma = 40), the truncated mean is finite: the closed form
  // gives way to integrating the quantile function. Reference: 50-digit closed form.
  const auto dist = Distribution::lognormal(0, 40).truncated(0, 100);
  CHECK(std::isinf(Distribution::lognormal(0, 40).mean()));
  CHECK(relatively_close(dist.mean(), 1.8192598340913403372, 1e-9));
  CHECK_FALSE(dist.problem());
}

// ---- large shapes ------------------------------------------------------------------------

TEST_CASE("gamma CDF and quantile at shape one million match 40-digit references") {
  // Computed with mpmath. Boost 1.74's own incomplete gamma takes 10 us a call here; the
  // kernel's uses Temme's expansion, O(1) in the shape.
  const auto dist = Distribution::gamma(1e6, 1);
  CHECK(relatively_close(dist.cdf(998000), 0.022696114006736802806, 1e-11));
  CHECK(relatively_close(dist.cdf(1e6), 0.50013298076087259124, 1e-12));
  CHECK(relatively_close(1 - dist.cdf(1003000), 0.0013617406462175914794, 1e-9));
  CHECK(relatively_close(dist.quantile(1e-10), 993651.80873019968027, 1e-13));
  CHECK(relatively_close(dist.quantile(0.3), 999475.35791723595895, 1e-13));
  CHECK(relatively_close(dist.quantile(0.9), 1001281.7654996209575, 1e-13));
  CHECK(relatively_close(dist.quantile(1 - 0x1p-40), 1007063.9319602575757, 1e-12));
  // E[X | X <= 10^6] = a P(a + 1, 10^6) / P(a, 10^6).
  CHECK(relatively_close(dist.truncated(0, 1e6).mean(), 999202.32765583801931, 1e-12));

  const auto small = Distribution::gamma(2.5, 1);
  CHECK(relatively_close(small.quantile(0.1), 0.80515399348116149837, 1e-13));
  CHECK(relatively_close(small.quantile(0.99), 7.5431362346944950563, 1e-13));
}

// ---- common random numbers, bounds, discrete kinds ------------------------------------------

TEST_CASE("a bound beyond every possible draw changes no draw") {
  // Truncation keeps the draw a monotone function of the same uniform, so bounding a tail
  // where no draw reaches leaves a run's numbers as they were (common random numbers).
  const Distribution pairs[][2] = {
      {Distribution::lognormal_mean_cv(3, 0.6),
       Distribution::lognormal_mean_cv(3, 0.6).truncated(0, 1e300)},
      {Distribution::normal(10, 2), Distribution::normal(10, 2).truncated(-1e300, 1e300)},
  };
  for (const auto& pair : pairs) {
    INFO(pair[1].describe());
    RandomStream a = stream_for(40);
    RandomStream b = stream_for(40);
    for (int i = 0; i < 10'000; ++i)
      REQUIRE(pair[0].sample(a) == pair[1].sample(b));
  }
}

TEST_CASE("a truncated discrete table draws only values inside the bounds") {
  // Values need not be sorted; [2, 6] keeps 5 (0.1) and 3 (0.3).
  const auto dist =
      Distribution::discrete_empirical({5, 1, 3, 10}, {0.1, 0.2, 0.3, 0.4}).truncated(2, 6);
  CHECK(dist.mean() == doctest::Approx((5 * 0.1 + 3 * 0.3) / 0.4).epsilon(1e-15));
  CHECK(dist.cdf(4) == doctest::Approx(0.75).epsilon(1e-15));
  RandomStream stream = stream_for(50);
  int fives = 0;
  const int n = 100'000;
  for (int i = 0; i < n; ++i) {
    const double x = dist.sample(stream);
    REQUIRE((x == 5 || x == 3));
    fives += x == 5;
  }
  CHECK(std::fabs(fives / double(n) - 0.25) <= 4 * std::sqrt(0.25 * 0.75 / n));
  CHECK(
      dist.describe() ==
      "discrete_empirical(values=[5, 1, 3, 10], probabilities=[0.1, 0.2, 0.3, 0.4], min=2, max=6)");
}

TEST_CASE("bounds that include an atom keep it, bounds that exclude it drop it") {
  const auto coin = Distribution::bernoulli(0.3).truncated(0.5, 2);
  CHECK(coin.mean() == 1);
  RandomStream stream = stream_for(60);
  for (int i = 0; i < 1000; ++i)
    REQUIRE(coin.sample(stream) == 1);
  CHECK(Distribution::deterministic(2).truncated(2, 2).mean() == 2);
  CHECK(Distribution::deterministic(2).truncated(0, 5).sample(stream) == 2);
  // An atom at a repeated value of a continuous table, exactly at the lower bound.
  const auto table = Distribution::continuous_empirical({0, 2, 2, 4}, {0, 0.3, 0.6, 1});
  CHECK(table.truncated(2, 4).mean() == doctest::Approx((0.3 * 2 + 0.4 * 3) / 0.7).epsilon(1e-15));
  CHECK(table.truncated(0, 1.999).mean() == doctest::Approx(0.9995).epsilon(1e-12));
}

TEST_CASE("describe shows the bounds and truncating again intersects them") {
  const auto dist = Distribution::lognormal_mean_cv(3, 0.6);
  CHECK(dist.truncated(-kInf, 40).describe() == "lognormal(mean=3, cv=0.6, max=40)");
  CHECK(dist.truncated(0.5, kInf).describe() == "lognormal(mean=3, cv=0.6, min=0.5)");
  const auto twice = dist.truncated(0.5, 40).truncated(0, 20);
  CHECK(twice.describe() == "lognormal(mean=3, cv=0.6, min=0.5, max=20)");
  CHECK(twice.mean() == doctest::Approx(dist.truncated(0.5, 20).mean()).epsilon(1e-15));
  CHECK(dist.is_truncated() == false);
  CHECK(twice.is_truncated());
  // The mean the describe() names stays the untruncated one as given; mean() is truncated.
  CHECK(dist.truncated(-kInf, 4).mean() < 3);
}

#define CHECK_REJECTS(make, needle) \
  CHECK_THROWS_WITH_AS(make, doctest::Contains(needle), std::invalid_argument)

TEST_CASE("impossible bounds throw invalid_argument saying why") {
  const auto dist = Distribution::exponential_mean(1);
  CHECK_REJECTS(dist.truncated(std::nan(""), 1), "min must be a number");
  CHECK_REJECTS(dist.truncated(0, std::nan("")), "max must be a number");
  CHECK_REJECTS(dist.truncated(2, 1), "max must be >= min");
  CHECK_REJECTS(dist.truncated(-5, -1), "no probability between min = -5 and max = -1");
  CHECK_REJECTS(dist.truncated(800, 900), "no probability");  // e^-800 underflows
  CHECK_REJECTS(Distribution::deterministic(2).truncated(3, 5), "no probability");
  CHECK_REJECTS(dist.truncated(0, 5).truncated(6, 7), "no probability");
}

}  // namespace
