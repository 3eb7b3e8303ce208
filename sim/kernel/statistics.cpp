#include "sim/kernel/statistics.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <stdexcept>
#include <string>

namespace clearsim::sim {
namespace {

// Comparisons with NaN are false, so these reject NaN as well.
bool in_closed_unit(double p) {
  return p >= 0.0 && p <= 1.0;
}
bool in_open_unit(double p) {
  return p > 0.0 && p < 1.0;
}

void require_probability(double p, const char* where) {
  if (!in_closed_unit(p))
    throw std::invalid_argument(std::string(where) + ": p must be in [0, 1], got " +
                                std::to_string(p));
}

void require_confidence(double confidence, const char* where) {
  if (!in_open_unit(confidence))
    throw std::invalid_argument(std::string(where) + ": confidence must be in (0, 1), got " +
                                std::to_string(confidence));
}

void require_nonempty(const std::vector<double>& sample, const char* where) {
  if (sample.empty()) throw std::invalid_argument(std::string(where) + ": empty sample");
}

// 0-based index of the lower empirical quantile (Hyndman & Fan type 1): rank ceil(n p),
// at least 1, as QuantileSketch and numpy's method="inverted_cdf".
std::size_t type1_index(std::size_t n, double p) {
  const double rank = std::ceil(static_cast<double>(n) * p);
  if (rank <= 1.0) return 0;
  return std::min(static_cast<std::size_t>(rank) - 1, n - 1);
}

double quantile_of_sorted(const std::vector<double>& sorted, double p) {
  return sorted[type1_index(sorted.size(), p)];
}

double standard_normal_quantile(double p) {
  return boost::math::quantile(boost::math::normal_distribution<double>{}, p);
}

// 0-based order-statistic index floor(x), clamped to the sample.
std::size_t clamped_rank(double x, std::size_t n) {
  if (x <= 0.0) return 0;
  return std::min(static_cast<std::size_t>(std::floor(x)), n - 1);
}

double sample_mean(const std::vector<double>& values) {
  double sum = 0.0;
  for (double v : values)
    sum += v;
  return sum / static_cast<double>(values.size());
}

// Two-pass sample standard deviation: replication counts are small, and the second pass
// avoids the cancellation of sum-of-squares formulas.
double sample_stddev(const std::vector<double>& values, double mean) {
  double squares = 0.0;
  for (double v : values)
    squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

std::vector<double> batch_means(const std::vector<double>& series, std::size_t batch) {
  std::vector<double> means(series.size() / batch);
  for (std::size_t i = 0; i < means.size(); ++i) {
    double sum = 0.0;
    for (std::size_t j = 0; j < batch; ++j)
      sum += series[i * batch + j];
    means[i] = sum / static_cast<double>(batch);
  }
  return means;
}

// Sum of squared deviations of z[d..m-1] about their mean, for every d, by Welford's
// update run backwards: stable where suffix sums of squares would cancel.
std::vector<double> suffix_squared_deviations(const std::vector<double>& z) {
  std::vector<double> m2(z.size());
  double mean = 0.0;
  double sum_sq = 0.0;
  for (std::size_t i = z.size(); i-- > 0;) {
    const double count = static_cast<double>(z.size() - i);
    const double delta = z[i] - mean;
    mean += delta / count;
    sum_sq += delta * (z[i] - mean);
    m2[i] = sum_sq;
  }
  return m2;
}

}  // namespace

double quantile(std::vector<double> sample, double p) {
  require_nonempty(sample, "quantile");
  require_probability(p, "quantile");
  const auto nth = sample.begin() + static_cast<std::ptrdiff_t>(type1_index(sample.size(), p));
  std::nth_element(sample.begin(), nth, sample.end());
  return *nth;
}

std::vector<double> quantiles(std::vector<double> sample, const std::vector<double>& ps) {
  require_nonempty(sample, "quantiles");
  for (double p : ps)
    require_probability(p, "quantiles");
  std::sort(sample.begin(), sample.end());
  std::vector<double> result;
  result.reserve(ps.size());
  for (double p : ps)
    result.push_back(quantile_of_sorted(sample, p));
  return result;
}

QuantileInterval quantile_interval(std::vector<double> sample, double p, double confidence) {
  require_nonempty(sample, "quantile_interval");
  require_probability(p, "quantile_interval");
  require_confidence(confidence, "quantile_interval");
  std::sort(sample.begin(), sample.end());
  const std::size_t n = sample.size();
  const double np = static_cast<double>(n) * p;
  const double spread =
      standard_normal_quantile(0.5 + confidence / 2.0) * std::sqrt(np * (1.0 - p));
  return {sample[clamped_rank(np - spread, n)], quantile_of_sorted(sample, p),
          sample[clamped_rank(np + spread, n)]};
}

Histogram::Histogram(double lo, double hi, std::size_t bins)
    : lo_(lo), hi_(hi), width_((hi - lo) / static_cast<double>(bins)), counts_(bins, 0) {
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi))
    throw std::invalid_argument("Histogram: need finite lo < hi");
  if (bins == 0) throw std::invalid_argument("Histogram: need at least one bin");
}

void Histogram::add(double x) {
  if (std::isnan(x)) throw std::invalid_argument("Histogram::add: NaN");
  ++total_;
  if (x < lo_) {
    ++underflow_;
  } else if (x >= hi_) {
    ++overflow_;
  } else {
    // Rounding can put x just below hi_ at index bins(); it belongs in the last bin.
    const auto i = static_cast<std::size_t>((x - lo_) / width_);
    ++counts_[std::min(i, counts_.size() - 1)];
  }
}

double Histogram::bin_lower(std::size_t i) const {
  if (i > counts_.size()) throw std::out_of_range("Histogram::bin_lower: bin out of range");
  // bin_lower(bins()) is the upper edge, exactly hi rather than a rounded lo + bins * width.
  return i == counts_.size() ? hi_ : lo_ + static_cast<double>(i) * width_;
}

double student_t_quantile(double p, double dof) {
  if (!in_open_unit(p))
    throw std::invalid_argument("student_t_quantile: p must be in (0, 1), got " +
                                std::to_string(p));
  if (!(dof > 0.0))
    throw std::invalid_argument("student_t_quantile: dof must be positive, got " +
                                std::to_string(dof));
  return boost::math::quantile(boost::math::students_t_distribution<double>{dof}, p);
}

ConfidenceInterval mean_interval(const std::vector<double>& replication_values, double confidence) {
  const std::size_t n = replication_values.size();
  if (n < 2)
    throw std::invalid_argument("mean_interval: need at least two replications, got " +
                                std::to_string(n));
  require_confidence(confidence, "mean_interval");
  const double mean = sample_mean(replication_values);
  const double stddev = sample_stddev(replication_values, mean);
  const double t = student_t_quantile(0.5 + confidence / 2.0, static_cast<double>(n - 1));
  const double half_width = t * stddev / std::sqrt(static_cast<double>(n));
  return {mean, half_width, mean - half_width, mean + half_width, n, stddev};
}

ConfidenceInterval paired_difference_interval(const std::vector<double>& a,
                                              const std::vector<double>& b, double confidence) {
  if (a.size() != b.size())
    throw std::invalid_argument("paired_difference_interval: a has " + std::to_string(a.size()) +
                                " values but b has " + std::to_string(b.size()));
  std::vector<double> differences(a.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    differences[i] = b[i] - a[i];
  return mean_interval(differences, confidence);
}

std::size_t mser5_truncation(const std::vector<double>& series) {
  constexpr std::size_t kBatch = 5;
  if (series.size() < 2 * kBatch)
    throw std::invalid_argument("mser5_truncation: need at least 10 observations, got " +
                                std::to_string(series.size()));
  const std::vector<double> z = batch_means(series, kBatch);
  const std::vector<double> m2 = suffix_squared_deviations(z);
  const std::size_t m = z.size();
  const std::size_t last = std::min(m / 2, m - 2);
  std::size_t best = 0;
  double best_score = m2[0] / static_cast<double>(m * m);
  for (std::size_t d = 1; d <= last; ++d) {
    const double kept = static_cast<double>(m - d);
    const double score = m2[d] / (kept * kept);
    if (score < best_score) {
      best_score = score;
      best = d;
    }
  }
  return best * kBatch;
}

}  // namespace clearsim::sim
