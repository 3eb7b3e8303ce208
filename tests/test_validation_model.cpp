// Validation of the model path against queueing theory: scenarios/validation/*.yaml are
// decoded like any scenario and run through the port model; their scanner queues are
// M/M/1, M/M/3 and a two-class priority M/M/2. As in test_validation_queues.cpp, the
// analytic value must lie inside the 99 % interval over replications, and the interval
// must be tight (half-width under 5 % of the value).
#include <doctest/doctest.h>

#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/port_model.hpp"
#include "sim/kernel/statistics.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/support/queueing_theory.hpp"

using namespace clearsim;
using namespace clearsim::model;
using clearsim::test::erlang_c;

namespace {

// Mean scan wait per credit class of the boxes that arrived after the warm-up. A box's
// scan is recorded before the box itself, so the wait is kept until the box tells its
// arrival and class.
struct ScanWaits : Recorder {
  Time warmup;
  std::array<sim::Tally, kCreditClasses> waits;
  std::unordered_map<std::uint64_t, double> pending;  // box id -> its scan wait
  explicit ScanWaits(Time w) : warmup(w) {}
  void exam(const ExamRecord& e) override {
    if (e.kind == ExamKind::yard_scan) pending[e.box] = e.started - e.queued;
  }
  void container(const ContainerRecord& r) override {
    const auto it = pending.find(r.id);
    if (it == pending.end()) return;
    if (r.arrival >= warmup) waits[static_cast<int>(r.credit)].add(it->second);
    pending.erase(it);
  }
  void vessel(const VesselRecord&) override {}
};

// Replication means of the scan wait of `credit` boxes, one per replication.
std::vector<double> replicate(const std::string& file, CreditClass credit,
                              std::vector<double>* other = nullptr) {
  const auto scenario = scenario::Scenario::load(test::validation_scenario(file));
  const PortConfig config = scenario.config("baseline");
  const auto defaults = scenario.defaults();
  std::vector<double> means;
  for (int r = 0; r < defaults.replications; ++r) {
    RunOptions options;
    options.seed = defaults.seed;
    options.replication = static_cast<std::uint64_t>(r);
    options.horizon = defaults.horizon_hours;
    options.warmup = defaults.warmup_hours;
    options.sample_interval = 0;
    ScanWaits waits(options.warmup);
    PortModel model(config, options, waits);
    model.run();
    means.push_back(waits.waits[static_cast<int>(credit)].mean());
    if (other) other->push_back(waits.waits[static_cast<int>(CreditClass::ordinary)].mean());
  }
  return means;
}

void check_against_theory(const std::vector<double>& replication_means, double theory) {
  const sim::ConfidenceInterval ci = sim::mean_interval(replication_means, 0.99);
  MESSAGE("model path: simulated ", ci.mean, " ± ", ci.half_width, " (99 %, n=", ci.n, "), theory ",
          theory);
  CHECK(ci.contains(theory));
  CHECK(ci.half_width < 0.05 * theory);
}

}  // namespace

TEST_CASE("validation scenario M/M/1: mean scan wait matches rho / (mu - lambda)") {
  check_against_theory(replicate("mm1.yaml", CreditClass::ordinary), 0.5 / (1.0 - 0.5));
}

TEST_CASE("validation scenario M/M/3: mean scan wait matches Erlang C") {
  check_against_theory(replicate("mmc.yaml", CreditClass::ordinary),
                       erlang_c(3, 2.4) / (3.0 - 2.4));
}

TEST_CASE("validation scenario priority M/M/2: green-channel waits match Cobham's formula") {
  const double w0 = erlang_c(2, 1.4) / 2.0;
  const double sigma1 = 0.6 / 2.0, sigma2 = 1.4 / 2.0;
  std::vector<double> ordinary;
  const auto certified = replicate("priority.yaml", CreditClass::advanced_certified, &ordinary);
  check_against_theory(certified, w0 / (1.0 - sigma1));
  check_against_theory(ordinary, w0 / ((1.0 - sigma1) * (1.0 - sigma2)));
}
