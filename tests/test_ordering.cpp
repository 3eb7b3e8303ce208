// The ordering rules for things that happen at the same time (docs/kernel.md). Models rely
// on them, so each is pinned here.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/kernel/kernel.hpp"

using namespace clearsim::sim;
using Log = std::vector<std::string>;

namespace {
Process note_then_wait(Simulation& sim, Log& log, std::string name) {
  log.push_back(name);
  co_await sim.delay(1.0);
}
Process starter(Simulation& sim, Log& log) {
  log.push_back("parent before");
  sim.start(note_then_wait(sim, log, "child"));
  log.push_back("parent after");
  co_return;
}
}  // namespace

TEST_CASE("rule 2: start() runs the new process up to its first wait before returning") {
  Simulation sim;
  Log log;
  sim.start(starter(sim, log));
  CHECK(log == Log{"parent before", "child", "parent after"});
}

namespace {
Process holder(Simulation& sim, Resource& res, Log& log) {
  auto unit = co_await res.acquire();
  co_await sim.delay(1.0);
  log.push_back("release");
  unit.release();
  log.push_back("after release");
}
Process next_holder(Resource& res, Log& log) {
  auto unit = co_await res.acquire();
  log.push_back("next holder runs");
}
}  // namespace

TEST_CASE("rule 3: a released unit's next holder runs before release() returns") {
  Simulation sim;
  Resource res(sim, 1);
  Log log;
  sim.start(holder(sim, res, log));
  sim.start(next_holder(res, log));
  sim.run();
  CHECK(log == Log{"release", "next holder runs", "after release"});
}

namespace {
Process relay_runner(Simulation& sim, Resource& res, int id, std::vector<int>& order) {
  auto unit = co_await res.acquire();
  order.push_back(id);
  (void)sim;
}  // releases on exit: the next runner is resumed from inside this one
}  // namespace

TEST_CASE("rule 3: long chains of hand-overs keep FIFO order past the direct-resume depth") {
  Simulation sim;
  Resource res(sim, 1);
  std::vector<int> order;
  Log log;
  sim.start(holder(sim, res, log));
  const int n = 10 * Simulation::kMaxDirectResumeDepth;
  for (int i = 0; i < n; ++i)
    sim.start(relay_runner(sim, res, i, order));
  sim.run();
  REQUIRE(order.size() == static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    CHECK(order[i] == i);
}

namespace {
Process waiter(Event& e, Log& log, std::string name) {
  co_await e;
  log.push_back(name);
}
Process trigger_and_continue(Simulation& sim, Event& e, Log& log) {
  co_await sim.delay(1.0);
  e.trigger();
  log.push_back("trigger returned");
  co_await sim.delay(0.0);
  log.push_back("triggerer after delay(0)");
}
}  // namespace

TEST_CASE(
    "rule 4: waiters run in waiting order after the triggering process reaches its next wait") {
  Simulation sim;
  Event e(sim);
  Log log;
  sim.start(waiter(e, log, "w1"));
  sim.start(waiter(e, log, "w2"));
  sim.start(trigger_and_continue(sim, e, log));
  sim.run();
  CHECK(log == Log{"trigger returned", "w1", "w2", "triggerer after delay(0)"});
}

namespace {
Process yielder(Simulation& sim, Log& log) {
  co_await sim.delay(2.0);
  sim.call_at(2.0, [&log] { log.push_back("callback due now"); });
  co_await sim.delay(0.0);
  log.push_back("after delay(0)");
}
}  // namespace

TEST_CASE("rule 5: delay(0) runs again after everything already due now") {
  Simulation sim;
  Log log;
  sim.call_at(2.0, [&log] { log.push_back("scheduled earlier for t=2"); });
  sim.start(yielder(sim, log));
  sim.run();
  CHECK(log == Log{"scheduled earlier for t=2", "callback due now", "after delay(0)"});
}

namespace {
Process victim(Simulation& sim, Log& log) {
  try {
    co_await sim.delay(5.0);
  } catch (const Interrupted&) {
    log.push_back("victim interrupted");
  }
}
Process interrupter(Simulation& sim, ProcessRef target, Log& log) {
  co_await sim.delay(1.0);
  target.interrupt();
  log.push_back("interrupt returned");
}
}  // namespace

TEST_CASE("rule 4: an interrupted process runs after the interrupter reaches its next wait") {
  Simulation sim;
  Log log;
  ProcessRef v = sim.start(victim(sim, log));
  sim.start(interrupter(sim, v, log));
  sim.run();
  CHECK(log == Log{"interrupt returned", "victim interrupted"});
}
