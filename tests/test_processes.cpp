// Processes: delays, nested calls, start/join, interrupts, any_of, exceptions, shutdown.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "sim/kernel/kernel.hpp"

using namespace clearsim::sim;

namespace {

Process sleeper(Simulation& sim, Time d, std::vector<Time>& woke) {
  co_await sim.delay(d);
  woke.push_back(sim.now());
}

Process step(Simulation& sim, Time d, std::vector<std::string>& log, std::string name) {
  log.push_back(name + "+");
  co_await sim.delay(d);
  log.push_back(name + "-");
}

Process two_steps(Simulation& sim, std::vector<std::string>& log) {
  co_await step(sim, 1.0, log, "a");
  co_await step(sim, 2.0, log, "b");
  log.push_back("done@" + std::to_string(static_cast<int>(sim.now())));
}

Process failing(Simulation& sim) {
  co_await sim.delay(1.0);
  throw std::runtime_error("boom");
}

Process calls_failing(Simulation& sim, bool& caught) {
  try {
    co_await failing(sim);
  } catch (const std::runtime_error&) {
    caught = true;
  }
}

}  // namespace

TEST_CASE("a delay resumes the process after the given time") {
  Simulation sim;
  std::vector<Time> woke;
  sim.start(sleeper(sim, 2.5, woke));
  sim.start(sleeper(sim, 1.0, woke));
  sim.run();
  CHECK(woke == std::vector<Time>{1.0, 2.5});
  CHECK(sim.now() == 2.5);
  CHECK(sim.live_processes() == 0);
}

TEST_CASE("nested calls run as steps of the calling process") {
  Simulation sim;
  std::vector<std::string> log;
  sim.start(two_steps(sim, log));
  sim.run();
  CHECK(log == std::vector<std::string>{"a+", "a-", "b+", "b-", "done@3"});
}

TEST_CASE("an exception in a nested call reaches the caller") {
  Simulation sim;
  bool caught = false;
  sim.start(calls_failing(sim, caught));
  sim.run();
  CHECK(caught);
}

TEST_CASE("an exception escaping a process is rethrown by run") {
  Simulation sim;
  sim.start(failing(sim));
  CHECK_THROWS_WITH_AS(sim.run(), "boom", std::runtime_error);
}

TEST_CASE("run(until) stops at the horizon and sets the clock") {
  Simulation sim;
  std::vector<Time> woke;
  sim.start(sleeper(sim, 5.0, woke));
  sim.run(3.0);
  CHECK(woke.empty());
  CHECK(sim.now() == 3.0);
  sim.run(10.0);
  CHECK(woke == std::vector<Time>{5.0});
  CHECK(sim.now() == 10.0);
}

TEST_CASE("negative delays and past times are rejected") {
  Simulation sim;
  CHECK_THROWS_AS(sim.delay(-1.0), std::invalid_argument);
  sim.run(5.0);
  CHECK_THROWS_AS(sim.until(4.0), std::invalid_argument);
  CHECK_THROWS_AS(sim.call_at(4.0, [] {}), std::invalid_argument);
  CHECK_THROWS_AS(sim.run(1.0), std::invalid_argument);
}

namespace {
Process waits_for(Simulation& sim, Event& e, std::vector<Time>& when) {
  co_await e;
  when.push_back(sim.now());
}
Process triggers_at(Simulation& sim, Event& e, Time t) {
  co_await sim.until(t);
  e.trigger();
}
}  // namespace

TEST_CASE("an event wakes all its waiters; waiting on a triggered event returns at once") {
  Simulation sim;
  Event e(sim);
  std::vector<Time> when;
  sim.start(waits_for(sim, e, when));
  sim.start(waits_for(sim, e, when));
  sim.start(triggers_at(sim, e, 4.0));
  sim.run();
  CHECK(when == std::vector<Time>{4.0, 4.0});
  sim.start(waits_for(sim, e, when));  // already triggered
  CHECK(when.size() == 3);
  e.reset();
  CHECK_FALSE(e.triggered());
}

namespace {
Process worker(Simulation& sim, Time d, int& finished) {
  co_await sim.delay(d);
  ++finished;
}
Process boss(Simulation& sim, int& finished, Time& joined_at) {
  ProcessRef a = sim.start(worker(sim, 3.0, finished));
  ProcessRef b = sim.start(worker(sim, 5.0, finished));
  co_await a.join();
  co_await b.join();
  joined_at = sim.now();
}
}  // namespace

TEST_CASE("join waits until the started processes have ended (all-of)") {
  Simulation sim;
  int finished = 0;
  Time joined_at = -1;
  sim.start(boss(sim, finished, joined_at));
  sim.run();
  CHECK(finished == 2);
  CHECK(joined_at == 5.0);
}

namespace {
Process interruptible(Simulation& sim, std::string& outcome) {
  try {
    co_await sim.delay(10.0);
    outcome = "slept";
  } catch (const Interrupted& i) {
    outcome = "interrupted@" + std::to_string(static_cast<int>(sim.now())) + " code " +
              std::to_string(i.cause().code);
  }
  co_await sim.delay(1.0);  // the stale timer at t=10 must not resume it again
  outcome += " then " + std::to_string(static_cast<int>(sim.now()));
}
Process interrupter(Simulation& sim, ProcessRef target, Time at) {
  co_await sim.until(at);
  target.interrupt(InterruptCause{InterruptCause::Kind::user, 42, nullptr});
}
}  // namespace

TEST_CASE("an interrupt calls off a delay and throws Interrupted in the process") {
  Simulation sim;
  std::string outcome;
  ProcessRef p = sim.start(interruptible(sim, outcome));
  sim.start(interrupter(sim, p, 4.0));
  sim.run();
  CHECK(outcome == "interrupted@4 code 42 then 5");
  CHECK(p.done());
  CHECK_FALSE(p.interrupt());  // ended: nothing to interrupt
}

namespace {
Process waits_any(Simulation& sim, Event& a, Event& b, std::optional<std::size_t>& which,
                  Time& when) {
  which = co_await sim.any_of(a, b);
  when = sim.now();
}
Process waits_any_within(Simulation& sim, Event& a, std::optional<std::size_t>& which) {
  which = co_await sim.any_of_within(2.0, a);
}
}  // namespace

TEST_CASE("any_of returns the first event to trigger; any_of_within times out") {
  Simulation sim;
  Event a(sim), b(sim);
  std::optional<std::size_t> which, timed;
  Time when = -1;
  sim.start(waits_any(sim, a, b, which, when));
  sim.start(waits_any_within(sim, a, timed));
  sim.start(triggers_at(sim, b, 3.0));
  sim.start(triggers_at(sim, a, 7.0));
  sim.run();
  REQUIRE(which);
  CHECK(*which == 1);
  CHECK(when == 3.0);
  CHECK_FALSE(timed.has_value());
}

TEST_CASE("call_at runs a callback as an event of its own") {
  Simulation sim;
  std::vector<Time> at;
  sim.call_at(2.0, [&] { at.push_back(sim.now()); });
  sim.call_at(1.0, [&] { at.push_back(sim.now()); });
  sim.run();
  CHECK(at == std::vector<Time>{1.0, 2.0});
}

namespace {

// A wake-up recorded in a shared log, kept in a SlotPool as a model keeps its boxes.
struct LoggingTimer final : Timer {
  Simulation* sim = nullptr;
  std::vector<std::string>* log = nullptr;
  std::string name;
  void fire() override {
    log->push_back(name + "@" + std::to_string(static_cast<int>(sim->now())));
  }
};

Process waits_until(Simulation& sim, Time t, std::vector<std::string>& log, std::string name) {
  co_await sim.until(t);
  log.push_back(name + "@" + std::to_string(static_cast<int>(sim.now())));
}

}  // namespace

TEST_CASE("a Timer fires at its time, in the order its wake-up was made among processes'") {
  Simulation sim;
  std::vector<std::string> log;
  SlotPool<LoggingTimer, 2> pool;  // blocks of two: the third timer needs a second block
  auto timer = [&](Time t, const std::string& name) {
    LoggingTimer& x = pool.take();
    x.sim = &sim;
    x.log = &log;
    x.name = name;
    sim.call_at(t, x);
  };
  // Interleaved with processes waiting for the same times: ties go by the moment each
  // wake-up was made, timer or process alike.
  sim.start(waits_until(sim, 3.0, log, "p1"));
  timer(3.0, "t1");
  sim.start(waits_until(sim, 3.0, log, "p2"));
  timer(1.0, "t2");
  timer(3.0, "t3");
  timer(0.0, "t4");  // due now: after what is already due, as delay(0)
  CHECK(pool.capacity() == 4);
  sim.run();
  CHECK(log == std::vector<std::string>{"t4@0", "t2@1", "p1@3", "t1@3", "p2@3", "t3@3"});
}

TEST_CASE("a Timer can be recycled from its own fire(); an unfired one is forgotten") {
  std::vector<std::string> log;
  {
    Simulation sim;
    SlotPool<LoggingTimer> pool;
    struct Again final : Timer {
      Simulation* sim = nullptr;
      SlotPool<Again>* pool = nullptr;
      int* fired = nullptr;
      void fire() override {
        ++*fired;
        pool->give_back(*this);
        if (*fired < 3) sim->call_at(sim->now() + 1, pool->take());  // the same slot again
      }
    };
    SlotPool<Again> again_pool;
    int fired = 0;
    Again& first = again_pool.take();
    first.sim = &sim;
    first.pool = &again_pool;
    first.fired = &fired;
    sim.call_at(1.0, first);
    LoggingTimer& late = pool.take();
    late.sim = &sim;
    late.log = &log;
    late.name = "late";
    sim.call_at(10.0, late);
    sim.run(5.0);
    CHECK(fired == 3);
    CHECK(sim.now() == 5.0);
    CHECK_THROWS_AS(sim.call_at(4.0, pool.take()), std::invalid_argument);
  }  // `late` never fired: the simulation ends without calling it (ASan: nothing leaks)
  CHECK(log.empty());
}

TEST_CASE("stop() returns from run after the current event") {
  Simulation sim;
  std::vector<Time> woke;
  sim.call_at(2.0, [&] { sim.stop(); });
  sim.start(sleeper(sim, 5.0, woke));
  sim.run();
  CHECK(sim.now() == 2.0);
  sim.run();
  CHECK(woke == std::vector<Time>{5.0});
}

namespace {
struct Guard {
  int& destroyed;
  ~Guard() { ++destroyed; }
};
Process guarded(Simulation& sim, int& destroyed) {
  Guard g{destroyed};
  co_await sim.delay(100.0);
}
}  // namespace

TEST_CASE("shutdown destroys live processes and runs their destructors") {
  int destroyed = 0;
  {
    Simulation sim;
    sim.start(guarded(sim, destroyed));
    sim.start(guarded(sim, destroyed));
    sim.run(10.0);
    CHECK(sim.live_processes() == 2);
  }
  CHECK(destroyed == 2);
}

TEST_CASE("a process that is never started never runs and is not live") {
  Simulation sim;
  int destroyed = 0;
  { Process p = guarded(sim, destroyed); }  // frame freed here; its body never ran
  CHECK(destroyed == 0);
  CHECK(sim.live_processes() == 0);
}

namespace {
Process waits_all(Simulation& sim, Event& a, Event& b, bool& all, Time& when) {
  all = co_await sim.all_of(a, b);
  when = sim.now();
}
Process waits_all_within(Simulation& sim, Event& a, Event& b, bool& all) {
  all = co_await sim.all_of_within(4.0, a, b);
}
}  // namespace

TEST_CASE("all_of returns once every event has triggered; all_of_within times out") {
  Simulation sim;
  Event a(sim), b(sim);
  bool all = false, within = true;
  Time when = -1;
  sim.start(waits_all(sim, a, b, all, when));
  sim.start(waits_all_within(sim, a, b, within));
  sim.start(triggers_at(sim, a, 3.0));
  sim.start(triggers_at(sim, b, 6.0));
  sim.run();
  CHECK(all);
  CHECK(when == 6.0);
  CHECK_FALSE(within);  // b came after the 4 h patience
}

TEST_CASE("all_of on events already triggered returns at once") {
  Simulation sim;
  Event a(sim), b(sim);
  a.trigger();
  b.trigger();
  bool all = false;
  Time when = -1;
  sim.start(waits_all(sim, a, b, all, when));
  CHECK(all);
  CHECK(when == 0.0);
}
