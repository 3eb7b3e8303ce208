#pragma once
// The two accumulators every kernel object keeps: a tally of observations (waiting times)
// and a time-weighted average (queue length, busy units). Both are O(1) per update and hold
// no samples; see statistics.hpp for quantiles, histograms and confidence intervals.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace clearsim::sim {

// Count, mean, variance, min and max. Sums are kept shifted by the first observation
// (the "shifted data" algorithm): as stable as Welford's update for data near that value,
// and with no division per observation, which matters when every wait is tallied.
class Tally {
 public:
  void add(double x) {
    if (count_ == 0) shift_ = x;
    ++count_;
    const double d = x - shift_;
    sum_ += d;
    sum_sq_ += d * d;
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
  // Combine with another tally as if all its observations had been added here
  // (Chan et al.'s pairwise update on means and centred sums of squares).
  void merge(const Tally& other);
  void reset() { *this = Tally{}; }

  std::uint64_t count() const { return count_; }
  double mean() const {
    return count_ ? shift_ + sum_ / static_cast<double>(count_)
                  : std::numeric_limits<double>::quiet_NaN();
  }
  // Sample variance (divisor n - 1); NaN with fewer than two observations.
  double variance() const {
    if (count_ < 2) return std::numeric_limits<double>::quiet_NaN();
    const double n = static_cast<double>(count_);
    return std::max(0.0, (sum_sq_ - sum_ * sum_ / n) / (n - 1));
  }
  double stddev() const { return std::sqrt(variance()); }
  double min() const { return count_ ? min_ : std::numeric_limits<double>::quiet_NaN(); }
  double max() const { return count_ ? max_ : std::numeric_limits<double>::quiet_NaN(); }
  double sum() const { return shift_ * static_cast<double>(count_) + sum_; }

 private:
  // Sum of squared deviations from the mean.
  double centred_sum_sq() const {
    return count_ ? std::max(0.0, sum_sq_ - sum_ * sum_ / static_cast<double>(count_)) : 0.0;
  }

  std::uint64_t count_ = 0;
  double shift_ = 0;
  double sum_ = 0;     // of (x - shift)
  double sum_sq_ = 0;  // of (x - shift)^2
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

inline void Tally::merge(const Tally& other) {
  if (other.count_ == 0) return;
  if (count_ == 0) {
    *this = other;
    return;
  }
  const double n_a = static_cast<double>(count_);
  const double n_b = static_cast<double>(other.count_);
  const double n = n_a + n_b;
  const double mean_a = mean();
  const double delta = other.mean() - mean_a;
  const double m2 = centred_sum_sq() + other.centred_sum_sq() + delta * delta * n_a * n_b / n;
  // Re-centre on the combined mean: the shifted sum is then zero.
  shift_ = mean_a + delta * n_b / n;
  sum_ = 0;
  sum_sq_ = m2;
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

// Average of a piecewise-constant quantity over time (queue length, units busy).
// The value holds from the moment it is set until the next change.
class TimeWeighted {
 public:
  explicit TimeWeighted(double start_time = 0, double value = 0)
      : start_(start_time), last_(start_time), value_(value), max_(value) {}

  void set(double now, double value) {
    area_ += value_ * (now - last_);
    last_ = now;
    value_ = value;
    max_ = std::max(max_, value);
  }
  void add(double now, double delta) { set(now, value_ + delta); }

  // Forget the past (e.g. at the end of a warm-up) but keep the current value.
  void reset(double now) {
    start_ = last_ = now;
    area_ = 0;
    max_ = value_;
  }

  double value() const { return value_; }
  double max() const { return max_; }
  double start_time() const { return start_; }
  double integral(double now) const { return area_ + value_ * (now - last_); }
  // Time average over [start, now]; the current value when no time has passed.
  double mean(double now) const { return now > start_ ? integral(now) / (now - start_) : value_; }

 private:
  double start_;
  double last_;
  double value_;
  double max_;
  double area_ = 0;
};

}  // namespace clearsim::sim
