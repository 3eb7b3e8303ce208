#pragma once
// Quantiles of a stream of non-negative values in constant memory: a histogram with
// logarithmically spaced bins (relative width 2 * kRelativeError), so every quantile is
// known to within kRelativeError of the exact sample quantile's value, whatever the
// scale. Used for release-time percentiles over millions of containers, where keeping
// every value would make memory grow with the horizon.
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

namespace clearsim::sim {

class QuantileSketch {
 public:
  static constexpr double kRelativeError = 0.001;  // 0.1 %
  static constexpr double kSmallest = 1e-4;        // values below count as this bin's zero

  void add(double x) {
    if (!(x >= 0) || std::isinf(x))
      throw std::invalid_argument("QuantileSketch: value must be finite and >= 0");
    ++count_;
    if (x < kSmallest) {
      ++zeros_;
      return;
    }
    const std::size_t bin = bin_of(x);
    if (bin >= bins_.size()) bins_.resize(bin + 1, 0);
    ++bins_[bin];
  }

  void merge(const QuantileSketch& other) {
    if (other.bins_.size() > bins_.size()) bins_.resize(other.bins_.size(), 0);
    for (std::size_t i = 0; i < other.bins_.size(); ++i)
      bins_[i] += other.bins_[i];
    zeros_ += other.zeros_;
    count_ += other.count_;
  }

  std::uint64_t count() const { return count_; }

  // The p-quantile (lower empirical quantile: the smallest value with at least p of the
  // sample at or below it), as the geometric centre of its bin. NaN when empty.
  double quantile(double p) const {
    if (!(p >= 0 && p <= 1)) throw std::invalid_argument("QuantileSketch: p must be in [0, 1]");
    if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
    const auto rank = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(count_)));
    std::uint64_t seen = zeros_;
    if (rank <= seen) return 0.0;
    for (std::size_t i = 0; i < bins_.size(); ++i) {
      seen += bins_[i];
      if (seen >= rank) return centre_of(i);
    }
    return centre_of(bins_.size() - 1);
  }

 private:
  static double log_base() { return std::log1p(2 * kRelativeError); }
  static std::size_t bin_of(double x) {
    return static_cast<std::size_t>(std::log(x / kSmallest) / log_base());
  }
  static double centre_of(std::size_t bin) {
    return kSmallest * std::exp((static_cast<double>(bin) + 0.5) * log_base());
  }

  std::vector<std::uint64_t> bins_;
  std::uint64_t zeros_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace clearsim::sim
