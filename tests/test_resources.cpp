// Resources: FIFO within priority, priority order, preemption, capacity changes, reneging,
// and the built-in statistics.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/kernel/kernel.hpp"

using namespace clearsim::sim;

namespace {

struct Log {
  std::vector<std::string> lines;
  void add(const Simulation& sim, const std::string& what) {
    lines.push_back(what + "@" + std::to_string(sim.now()).substr(0, 4));
  }
};

Process job(Simulation& sim, Resource& res, std::string name, Time arrive, Time hold, int priority,
            Log& log) {
  if (arrive > sim.now()) co_await sim.until(arrive);
  auto unit = co_await res.acquire(priority);
  log.add(sim, name);
  co_await sim.delay(hold);
}

}  // namespace

TEST_CASE("a resource serves FIFO within a priority and better priorities first") {
  Simulation sim;
  Resource res(sim, 1, "scanner");
  Log log;
  sim.start(job(sim, res, "first", 0, 10, 1, log));
  sim.start(job(sim, res, "low1", 1, 1, 1, log));
  sim.start(job(sim, res, "low2", 2, 1, 1, log));
  sim.start(job(sim, res, "high", 3, 1, 0, log));
  sim.run();
  CHECK(log.lines == std::vector<std::string>{"first@0.00", "high@10.0", "low1@11.0", "low2@12.0"});
}

TEST_CASE("capacity c serves c at once") {
  Simulation sim;
  Resource res(sim, 2);
  Log log;
  for (int i = 0; i < 4; ++i)
    sim.start(job(sim, res, std::to_string(i), 0, 5, 0, log));
  sim.run();
  CHECK(log.lines == std::vector<std::string>{"0@0.00", "1@0.00", "2@5.00", "3@5.00"});
  CHECK(res.utilisation() == doctest::Approx(1.0));
}

TEST_CASE("utilisation, queue length and waits are time-weighted and tallied") {
  Simulation sim;
  Resource res(sim, 1);
  Log log;
  sim.start(job(sim, res, "a", 0, 4, 0, log));  // busy 0-4
  sim.start(job(sim, res, "b", 2, 2, 0, log));  // waits 2-4, busy 4-6
  sim.run(10.0);
  CHECK(res.utilisation() == doctest::Approx(0.6));
  CHECK(res.queue().mean(sim.now()) == doctest::Approx(0.2));
  CHECK(res.waits().count() == 2);
  CHECK(res.waits().mean() == doctest::Approx(1.0));
  CHECK(res.waits().max() == doctest::Approx(2.0));
}

namespace {
Process preemptible_job(Simulation& sim, Resource& res, Time arrive, Time work, int priority,
                        std::vector<std::string>& log, std::string name) {
  co_await sim.until(arrive);
  Time left = work;
  while (left > 0) {
    auto unit = co_await res.acquire(priority);
    const Time began = sim.now();
    try {
      co_await sim.delay(left);
      left = 0;
    } catch (const Interrupted& i) {
      CHECK(i.cause().kind == InterruptCause::Kind::preempted);
      CHECK(i.cause().source == &res);
      left -= sim.now() - began;
      log.push_back(name + " preempted@" + std::to_string(static_cast<int>(sim.now())));
    }
  }
  log.push_back(name + " done@" + std::to_string(static_cast<int>(sim.now())));
}
}  // namespace

TEST_CASE("a preemptive resource hands the unit to a better priority at once") {
  Simulation sim;
  Resource res(sim, 1, "bay", Resource::Discipline::preemptive);
  std::vector<std::string> log;
  sim.start(preemptible_job(sim, res, 0, 10, 1, log, "routine"));
  sim.start(preemptible_job(sim, res, 3, 2, 0, log, "urgent"));
  sim.run();
  CHECK(log == std::vector<std::string>{"routine preempted@3", "urgent done@5", "routine done@12"});
  CHECK(res.preempted() == 1);
  CHECK(res.in_use() == 0);
}

TEST_CASE("equal priorities never preempt each other") {
  Simulation sim;
  Resource res(sim, 1, "bay", Resource::Discipline::preemptive);
  std::vector<std::string> log;
  sim.start(preemptible_job(sim, res, 0, 10, 1, log, "a"));
  sim.start(preemptible_job(sim, res, 3, 2, 1, log, "b"));
  sim.run();
  CHECK(log == std::vector<std::string>{"a done@10", "b done@12"});
}

namespace {
Process shift_calendar(Simulation& sim, Resource& res) {
  co_await sim.until(1.0);
  res.set_capacity(0);  // outage 1-5: the box in service finishes, nothing new starts
  co_await sim.until(5.0);
  res.set_capacity(2);
}
}  // namespace

TEST_CASE("capacity changes keep work in progress and resume service after an outage") {
  Simulation sim;
  Resource res(sim, 1);
  Log log;
  sim.start(shift_calendar(sim, res));
  sim.start(job(sim, res, "in-service", 0, 3, 0, log));
  sim.start(job(sim, res, "x", 0.5, 1, 0, log));
  sim.start(job(sim, res, "y", 0.5, 1, 0, log));
  sim.run();
  CHECK(log.lines == std::vector<std::string>{"in-service@0.00", "x@5.00", "y@5.00"});
  // Available unit-time 1*1 + 0*4 + 2*1 = 3 over [0, 6]; busy 3 (0-3) + 2 (5-6).
  CHECK(res.utilisation() == doctest::Approx(5.0 / 3.0));
}

namespace {
Process impatient(Simulation& sim, Resource& res, Time patience, std::string& outcome) {
  auto unit = co_await res.acquire_within(patience);
  outcome = unit ? "served@" + std::to_string(static_cast<int>(sim.now()))
                 : "reneged@" + std::to_string(static_cast<int>(sim.now()));
  if (unit) co_await sim.delay(1.0);
}
}  // namespace

TEST_CASE("a request with patience reneges when no unit comes in time") {
  Simulation sim;
  Resource res(sim, 1);
  Log log;
  std::string quick, patient;
  sim.start(job(sim, res, "holder", 0, 5, 0, log));
  sim.start(impatient(sim, res, 2.0, quick));
  sim.start(impatient(sim, res, 10.0, patient));
  sim.run();
  CHECK(quick == "reneged@2");
  CHECK(patient == "served@5");
  CHECK(res.reneged() == 1);
  CHECK(res.queue_length() == 0);
}

namespace {
Process waiter_interrupted(Resource& res, bool& interrupted) {
  try {
    auto unit = co_await res.acquire();
  } catch (const Interrupted&) {
    interrupted = true;
  }
}
}  // namespace

TEST_CASE("an interrupted request leaves the queue and holds nothing") {
  Simulation sim;
  Resource res(sim, 1);
  Log log;
  bool interrupted = false;
  sim.start(job(sim, res, "holder", 0, 5, 0, log));
  ProcessRef w = sim.start(waiter_interrupted(res, interrupted));
  sim.call_at(1.0, [&] { w.interrupt(); });
  sim.run();
  CHECK(interrupted);
  CHECK(res.in_use() == 0);
  CHECK(res.queue_length() == 0);
}

TEST_CASE("destroying a resource with waiting processes ends them cleanly") {
  Simulation sim;
  int count = 0;
  {
    Resource res(sim, 1);
    Log log;
    for (int i = 0; i < 5; ++i)
      sim.start(job(sim, res, "j", 0, 10, 0, log));
    sim.run(1.0);
    count = static_cast<int>(sim.live_processes());
  }
  CHECK(count == 5);
  CHECK(sim.live_processes() == 0);
}

TEST_CASE("a shift calendar changes capacity every cycle") {
  Simulation sim;
  Resource teams(sim, 1, "teams");
  // Day shift 08:00-16:00 with 3 teams, otherwise 1, every 24 h.
  sim.start(follow_capacity_calendar(sim, teams, {{8.0, 3}, {16.0, 1}}, 24.0));
  std::vector<std::size_t> seen;
  for (Time t : {7.0, 9.0, 17.0, 33.0, 41.0})
    sim.call_at(t, [&] { seen.push_back(teams.capacity()); });
  sim.run(48.0);
  CHECK(seen == std::vector<std::size_t>{1, 3, 1, 3, 1});
  // Available unit-time over two days: (16 x 1 + 8 x 3) x 2 = 80 unit-hours.
  CHECK(teams.capacity_history().integral(48.0) == doctest::Approx(80.0));
}

TEST_CASE("a capacity calendar rejects changes out of order") {
  Simulation sim;
  Resource r(sim, 1);
  sim.start(follow_capacity_calendar(sim, r, {{5.0, 2}, {3.0, 1}}, 24.0));
  CHECK_THROWS_AS(sim.run(), std::invalid_argument);
}
