#pragma once
// Helpers for mechanism tests on the default scenario under common random numbers: the
// same seed and replication under two regimes gives every box the same classes,
// selections and durations, so records pair by box id.
#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <unordered_map>

#include "models/port_model.hpp"
#include "sim/scenario/scenario.hpp"

namespace clearsim::test {

inline const scenario::Scenario& tianjin() {
  static const scenario::Scenario s =
      scenario::Scenario::load(std::string(CLEARSIM_SOURCE_DIR) + "/scenarios/tianjin.yaml");
  return s;
}

// Container records by box id, for boxes that arrived in [warmup, horizon) and `keep` says.
using Records = std::unordered_map<std::uint64_t, model::ContainerRecord>;

inline Records run_records(const model::PortConfig& config, double horizon, double warmup,
                           const std::function<bool(const model::ContainerRecord&)>& keep,
                           std::uint64_t replication = 0) {
  struct Collect : model::Recorder {
    Records boxes;
    double warmup = 0, horizon = 0;
    std::function<bool(const model::ContainerRecord&)> keep;
    void container(const model::ContainerRecord& r) override {
      if (r.arrival >= warmup && r.arrival < horizon && keep(r)) boxes.emplace(r.id, r);
    }
    void vessel(const model::VesselRecord&) override {}
  } collect;
  collect.warmup = warmup;
  collect.horizon = horizon;
  collect.keep = keep;
  model::RunOptions options;
  options.seed = tianjin().defaults().seed;
  options.replication = replication;
  options.horizon = horizon;
  options.warmup = warmup;
  options.sample_interval = 0;
  model::PortModel model(config, options, collect);
  model.run();
  return std::move(collect.boxes);
}

// Mean and standard error of paired differences b - a over the boxes both runs hold.
struct Paired {
  double mean = 0, se = 0;
  std::size_t n = 0;
};

inline Paired paired(const Records& a, const Records& b,
                     const std::function<double(const model::ContainerRecord&)>& value) {
  double sum = 0, sum2 = 0;
  std::size_t n = 0;
  for (const auto& [id, x] : a) {
    const auto y = b.find(id);
    if (y == b.end()) continue;
    const double d = value(y->second) - value(x);
    sum += d;
    sum2 += d * d;
    ++n;
  }
  Paired p;
  p.n = n;
  if (n < 2) return p;
  p.mean = sum / n;
  p.se = std::sqrt(std::max(0.0, (sum2 - n * p.mean * p.mean) / (n - 1)) / n);
  return p;
}

}  // namespace clearsim::test
