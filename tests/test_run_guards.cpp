// Run guards (issue 13): the event limit, the cancel flag (SIGINT/SIGTERM) and the stall
// guard stop a run that would otherwise never end, including one stuck in a generator loop
// that starts processes without ever returning to the run loop.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "sim/kernel/kernel.hpp"

using namespace clearsim::sim;

namespace {

// Runs the simulation and returns why it was aborted (fails the test if it was not).
RunAborted::Reason abort_reason(Simulation& sim, std::string* message = nullptr) {
  try {
    sim.run();
  } catch (const RunAborted& e) {
    if (message) *message = e.what();
    return e.reason();
  }
  FAIL("the run was not aborted");
  return RunAborted::Reason::event_limit;
}

Process zero_wait_loop(Simulation& sim) {
  for (;;)
    co_await sim.delay(0);
}

Process tiny_delays_late(Simulation& sim) {
  co_await sim.delay(1e9);
  for (;;)
    co_await sim.delay(1e-9);  // 1e9 + 1e-9 == 1e9: the clock cannot move
}

Process ticker(Simulation& sim, int ticks) {
  for (int i = 0; i < ticks; ++i)
    co_await sim.delay(1.0);
}

Process instant() {
  co_return;
}

Process waits_once(Simulation& sim) {
  co_await sim.delay(1.0);
}

Process late_calendar(Simulation& sim, Resource& res) {
  co_await sim.delay(1e12);
  std::vector<CapacityChange> changes = {
      {0.0, 2}};  // a local: GCC 12 rejects a braced list in co_await
  co_await follow_capacity_calendar(sim, res, std::move(changes), 1e-9);
}

// A generator that starts processes and never waits: the run loop never gets control back.
Process generator(Simulation& sim, std::atomic<bool>* cancel_after_5000) {
  for (long i = 0;; ++i) {
    if (i == 5000 && cancel_after_5000) cancel_after_5000->store(true);
    sim.start(instant());
  }
  co_return;  // never reached; makes this a coroutine
}

}  // namespace

TEST_CASE("a process waiting zero time in a loop is stopped as stalled") {
  Simulation sim;
  sim.set_stall_limit(100'000);
  sim.start(zero_wait_loop(sim));
  std::string message;
  CHECK(abort_reason(sim, &message) == RunAborted::Reason::stalled);
  CHECK(message.find("the simulated clock stopped advancing") != std::string::npos);
  CHECK(message.find("more than 100000 events at time 0") != std::string::npos);
  CHECK(sim.events_processed() > 100'000);
  CHECK(sim.events_processed() <= 100'000 + 2 * 1024);  // checked every 1,024 events
}

TEST_CASE("delays too small to move a large clock are stopped as stalled") {
  Simulation sim;
  sim.set_stall_limit(100'000);
  sim.start(tiny_delays_late(sim));
  std::string message;
  CHECK(abort_reason(sim, &message) == RunAborted::Reason::stalled);
  CHECK(message.find("at time 1000000000") != std::string::npos);
}

TEST_CASE("the stall guard counts events at one instant only") {
  Simulation sim;
  sim.set_stall_limit(10'000);
  // 200,000 events at distinct times, and 5,000 processes all due at t = 1.
  sim.start(ticker(sim, 200'000));
  for (int i = 0; i < 5000; ++i)
    sim.start(waits_once(sim));
  CHECK_NOTHROW(sim.run());
  CHECK(sim.now() == 200'000);
}

TEST_CASE("the default stall limit is large") {
  CHECK(Simulation::kDefaultStallLimit == 100'000'000);
}

TEST_CASE("a generator that starts processes without waiting is stopped as stalled") {
  Simulation sim;
  sim.set_stall_limit(50'000);
  sim.start(generator(sim, nullptr));  // runs until the guard throws inside start()
  CHECK(abort_reason(sim) == RunAborted::Reason::stalled);
  CHECK(sim.live_processes() == 0);
}

TEST_CASE("the cancel flag stops a generator loop inside start") {
  std::atomic<bool> cancel{false};
  Simulation sim;
  sim.set_cancel_flag(&cancel);
  sim.start(generator(sim, &cancel));
  std::string message;
  CHECK(abort_reason(sim, &message) == RunAborted::Reason::cancelled);
  CHECK(message == "the run was cancelled");
}

TEST_CASE("the cancel flag stops start called outside any process") {
  std::atomic<bool> cancel{true};
  Simulation sim;
  sim.set_cancel_flag(&cancel);
  CHECK_THROWS_AS(
      [&] {
        for (int i = 0; i < 10'000; ++i)
          sim.start(waits_once(sim));
      }(),
      RunAborted);
  CHECK(sim.live_processes() == 1023);  // the 1,024th start was refused, its frame freed
}

TEST_CASE("a flag set from another thread stops a stalled run") {
  // What SIGINT/SIGTERM do: the handler sets the flag while the run is stuck at one instant
  // (the stall limit is far away at its default).
  std::atomic<bool> cancel{false};
  Simulation sim;
  sim.set_cancel_flag(&cancel);
  sim.start(zero_wait_loop(sim));
  std::thread setter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancel.store(true);
  });
  const RunAborted::Reason reason = abort_reason(sim);
  setter.join();
  CHECK(reason == RunAborted::Reason::cancelled);
}

TEST_CASE("the event limit still stops a run") {
  Simulation sim;
  sim.set_event_limit(5000);
  sim.start(ticker(sim, 1'000'000));
  std::string message;
  CHECK(abort_reason(sim, &message) == RunAborted::Reason::event_limit);
  CHECK(message == "the run processed more than 5000 events");
}

TEST_CASE("a capacity calendar cannot spin without waiting") {
  Simulation sim;
  Resource res(sim, 1);
  // No changes with a cycle: nothing to do, and no endless loop.
  sim.start(follow_capacity_calendar(sim, res, {}, 24.0));
  CHECK(sim.live_processes() == 0);
  // A cycle below the clock's resolution at 1e12 would repeat forever at one instant.
  sim.start(late_calendar(sim, res));
  CHECK_THROWS_WITH_AS(sim.run(), doctest::Contains("the cycle is too short"),
                       std::invalid_argument);
}
