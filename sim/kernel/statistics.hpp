#pragma once
// Output analysis for simulation runs: sample quantiles with distribution-free intervals,
// fixed-width histograms, Student-t intervals over independent replications (and over
// paired replications run with common random numbers), and MSER-5 warm-up detection.
// The O(1) running accumulators (Tally, TimeWeighted) live in accumulators.hpp.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace clearsim::sim {

// ---------------------------------------------------------------------------------------
// Quantiles
// ---------------------------------------------------------------------------------------

// Sample quantile: the lower empirical quantile, Hyndman & Fan (1996) definition 1 -- the
// one definition of docs/output.md, shared by QuantileSketch, the tables of `clearsim run`
// and `compare` and the Python package (numpy's method="inverted_cdf"). With the sample
// sorted as x[0] <= ... <= x[n-1], Q(p) = x[max(ceil(n p), 1) - 1]: the smallest value with
// at least a share p of the sample at or below it; Q(0) = min, Q(1) = max. No
// interpolation, so the median of {1, 2, 3, 4} is 2, not numpy's default 2.5.
// The sample is taken by value because it is partially reordered (O(n) via nth_element).
// Throws std::invalid_argument if the sample is empty or p is outside [0, 1].
double quantile(std::vector<double> sample, double p);

// Several type-1 quantiles of one sample (sorted once); results are in the order of ps.
std::vector<double> quantiles(std::vector<double> sample, const std::vector<double>& ps);

struct QuantileInterval {
  double lower;
  double estimate;  // type-1 point estimate, as quantile()
  double upper;
};

// Distribution-free confidence interval for the p-quantile x_p of a continuous
// distribution, from order statistics. The number B of observations below x_p is
// Binomial(n, p), so [x_(r), x_(s)] (1-based ranks) covers x_p with probability
// P(r <= B < s). The ranks come from the normal approximation to that binomial
// (Conover, Practical Nonparametric Statistics): with z the (1 + confidence)/2 standard
// normal quantile, the 0-based indices are
//   j = floor(np - z sqrt(np(1 - p))),  k = floor(np + z sqrt(np(1 - p))),
// which is Conover's "round np -/+ z sqrt(np(1-p)) up to the next 1-based rank", clamped
// to [0, n - 1]. The coverage is approximate; for small n or extreme p the clamping makes
// it fall short of the nominal level (e.g. n < ~20 for the median at 95%).
// Throws std::invalid_argument for an empty sample, p outside [0, 1] or confidence
// outside (0, 1).
QuantileInterval quantile_interval(std::vector<double> sample, double p, double confidence);

// ---------------------------------------------------------------------------------------
// Histogram
// ---------------------------------------------------------------------------------------

// Fixed-width bins over [lo, hi); values below lo and at or above hi are counted as
// underflow and overflow so total() always equals the number of add() calls.
class Histogram {
 public:
  // Throws std::invalid_argument unless lo < hi (both finite) and bins > 0.
  Histogram(double lo, double hi, std::size_t bins);

  // Throws std::invalid_argument for NaN, which belongs to no bin and signals a model bug.
  void add(double x);

  std::size_t bins() const { return counts_.size(); }
  // Throws std::out_of_range for i >= bins().
  std::uint64_t bin_count(std::size_t i) const { return counts_.at(i); }
  // Lower edge of bin i; bin i covers [bin_lower(i), bin_lower(i + 1)), and bin_lower(bins())
  // is hi. Throws std::out_of_range for i > bins().
  double bin_lower(std::size_t i) const;
  double bin_width() const { return width_; }
  std::uint64_t underflow() const { return underflow_; }
  std::uint64_t overflow() const { return overflow_; }
  std::uint64_t total() const { return total_; }

 private:
  double lo_;
  double hi_;
  double width_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t underflow_ = 0;
  std::uint64_t overflow_ = 0;
  std::uint64_t total_ = 0;
};

// ---------------------------------------------------------------------------------------
// Intervals over replications
// ---------------------------------------------------------------------------------------

// p-quantile of Student's t with dof degrees of freedom (boost::math::students_t).
// Throws std::invalid_argument unless 0 < p < 1 and dof > 0.
double student_t_quantile(double p, double dof);

struct ConfidenceInterval {
  double mean;
  double half_width;
  double lower;  // mean - half_width
  double upper;  // mean + half_width
  std::size_t n;
  double stddev;  // sample standard deviation (divisor n - 1) of the values
  bool contains(double x) const { return lower <= x && x <= upper; }
};

// Student-t interval for the mean of independent, identically distributed replication
// results (one value per replication, e.g. its mean dwell time):
//   mean +/- t_{(1 + confidence)/2, n-1} * s / sqrt(n).
// Throws std::invalid_argument for fewer than two values or confidence outside (0, 1).
ConfidenceInterval mean_interval(const std::vector<double>& replication_values,
                                 double confidence = 0.95);

// Interval for the mean of b[i] - a[i] over paired replications (replication i of both
// regimes run with the same random numbers). Positive correlation within pairs removes
// shared noise, so this is narrower than an interval from independent runs.
// Throws std::invalid_argument if the lengths differ, plus mean_interval's conditions.
ConfidenceInterval paired_difference_interval(const std::vector<double>& a,
                                              const std::vector<double>& b,
                                              double confidence = 0.95);

// ---------------------------------------------------------------------------------------
// Warm-up
// ---------------------------------------------------------------------------------------

// MSER-5 truncation point (White 1997; Franklin & White 2008). The series (one run's
// output in time order) is cut into m = floor(N / 5) batch means Z_0..Z_{m-1}; a trailing
// partial batch is ignored. For each candidate d,
//   MSER(d) = sum_{i=d}^{m-1} (Z_i - mean(Z_d..Z_{m-1}))^2 / (m - d)^2,
// roughly the squared standard error of the mean of the kept batches. d ranges over the
// first half of the batches (0 <= d <= m / 2) and never leaves fewer than two batches,
// because minimising over the far end rewards throwing away almost everything. The
// smallest minimising d wins ties. Returns 5 d: the number of leading observations to
// delete. A result at the end of the range means the run is too short (or not
// stationary) for the warm-up to be trusted.
// Throws std::invalid_argument for fewer than 10 observations (two batches).
std::size_t mser5_truncation(const std::vector<double>& series);

}  // namespace clearsim::sim
