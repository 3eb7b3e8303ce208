// Hostile inputs (issue 13): Distribution::problem() reports, in words, a distribution that
// cannot be simulated faithfully -- a mean or variance that is not finite, draws that would
// be infinite or NaN, a tail beyond anything a run can draw -- and a distribution without a
// problem never draws NaN or infinity, whatever its parameters.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "sim/kernel/distribution.hpp"

namespace {

using clearsim::sim::Distribution;
using clearsim::sim::RandomStream;
using clearsim::sim::RandomStreams;

constexpr double kSmallestUniform = 0x1p-53;  // the extremes of RandomStream::uniform()
constexpr double kLargestUniform = 1 - 0x1p-53;

struct Hostile {
  Distribution dist;
  const char* says;  // part of the expected message
};

TEST_CASE("hostile parameters are reported in words") {
  const Hostile cases[] = {
      // Issue 13's cases: a lognormal or gamma with a huge coefficient of variation, a Weibull
      // with a vanishing shape, a lognormal whose mean overflows.
      {Distribution::lognormal_mean_cv(3, 1e200), "some draws would be not a number"},
      {Distribution::gamma_mean_cv(1, 1e200), "some draws would be not a number"},
      {Distribution::weibull(1e-3, 1), "its mean is infinite"},
      {Distribution::lognormal(0, 40), "its mean is infinite"},
      {Distribution::lognormal(705, 1), "some draws would be infinite"},
      {Distribution::gamma(1e300, 1e300), "its mean is infinite"},
      {Distribution::uniform(-1e308, 1e308), "some draws would be infinite"},
      // Finite draws, infinite variance.
      {Distribution::normal(0, 1e300), "its variance is infinite"},
      {Distribution::gamma(1, 1e160), "its variance is infinite"},
      // Finite mean and variance, but the mean lives where no run can draw.
      {Distribution::lognormal_mean_cv(3, 1e6),
       "of the mean comes from values rarer than 1 in 10^16"},
      {Distribution::lognormal_mean_cv(1, 1e150), "of the mean comes from values rarer"},
      {Distribution::weibull(0.05, 1),
       "samples would average about 2.428e+18 instead of 2.433e+18"},
      {Distribution::gamma_mean_cv(1, 1e7), "of the mean comes from values rarer"},
      {Distribution::weibull(0.05, 1).truncated(0, 1e40), "of the mean comes from values rarer"},
  };
  for (const Hostile& c : cases) {
    INFO(c.dist.describe());
    const auto problem = c.dist.problem();
    REQUIRE(problem.has_value());
    INFO(*problem);
    CHECK(problem->find(c.says) != std::string::npos);
  }
}

TEST_CASE("extreme but sound distributions have no problem and only finite draws") {
  const std::vector<Distribution> sound = {
      Distribution(),
      Distribution::uniform(-1e150, 1e150),
      Distribution::exponential_mean(1e-300),
      Distribution::exponential_mean(1e150),
      Distribution::triangular(0, 1e-300, 1e-290),
      Distribution::normal(1e150, 1e150),
      Distribution::lognormal_mean_cv(3, 1e3),
      Distribution::lognormal_mean_cv(1e-300, 0.5),
      Distribution::lognormal(-700, 2),
      Distribution::gamma_mean_cv(1, 1e3),
      Distribution::gamma(1e-5, 1),
      Distribution::gamma(1e12, 1e-12),
      Distribution::weibull(0.1, 1),
      Distribution::weibull(50, 1e100),
      Distribution::erlang(1, 1e-300),
      Distribution::erlang(2'147'483'647, 1e100),
      Distribution::bernoulli(1e-300),
      Distribution::discrete_empirical({-1e150, 1e150}, {0.5, 0.5}),
      Distribution::continuous_empirical({0, 1e-300, 1e150}, {0, 0.999, 1}),
      // Bounds tame what the tails could not.
      Distribution::lognormal_mean_cv(3, 1e6).truncated(0, 100),
      Distribution::weibull(0.05, 1).truncated(0, 1e10),
      Distribution::lognormal(0, 40).truncated(0, 100),
  };
  for (const Distribution& dist : sound) {
    INFO(dist.describe());
    const auto problem = dist.problem();
    CHECK_MESSAGE(!problem, *problem);
    CHECK(std::isfinite(dist.mean()));
    CHECK(std::isfinite(dist.quantile(kSmallestUniform)));
    CHECK(std::isfinite(dist.quantile(kLargestUniform)));
    RandomStream stream = RandomStreams(13, 0).stream(13);
    for (int i = 0; i < 20'000; ++i)
      REQUIRE(std::isfinite(dist.sample(stream)));
  }
}

TEST_CASE("the unreachable share counts only what lies beyond the largest possible draw") {
  // A lognormal with cv 10: about 7e-10 of its mean lies beyond the draw at 1 - 2^-53.
  CHECK_FALSE(Distribution::lognormal_mean_cv(5, 10).problem());
  // With cv 10^6 it is 0.157 %: every run's sample mean would fall short by that much.
  const auto problem = Distribution::lognormal_mean_cv(3, 1e6).problem();
  REQUIRE(problem);
  INFO(*problem);
  CHECK(problem->find("0.1573 %") != std::string::npos);
}

}  // namespace
