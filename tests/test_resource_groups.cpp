// Resource groups: several resources acquired together, all or nothing, first fit in
// priority-FIFO order; no unit is held idle while its request waits for another.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/kernel/kernel.hpp"

using namespace clearsim::sim;

namespace {

struct Log {
  std::vector<std::string> lines;
  void add(const Simulation& sim, const std::string& what) {
    lines.push_back(what + "@" + std::to_string(static_cast<int>(sim.now())));
  }
};

Process exam(Simulation& sim, ResourceGroup& group, std::vector<Resource*> needs, std::string name,
             Time arrive, Time hold, int priority, Log& log) {
  if (arrive > sim.now()) co_await sim.until(arrive);
  auto held = co_await group.acquire(needs.data(), needs.size(), priority);
  log.add(sim, name);
  co_await sim.delay(hold);
}

Process interruptible(Simulation& sim, ResourceGroup& group, Resource& bays, Resource& customs,
                      Log& log) {
  Resource* needs[] = {&bays, &customs};
  try {
    auto held = co_await group.acquire(needs, 2);
    log.add(sim, "granted");
  } catch (const Interrupted&) {
    log.add(sim, "interrupted");
  }
}

struct Site {
  Simulation sim;
  Resource bays{sim, 2, "bays"};
  Resource customs{sim, 1, "customs"};
  Resource ciq{sim, 1, "ciq"};
  ResourceGroup group{sim};
  Log log;
  Site() {
    group.add(bays);
    group.add(customs);
    group.add(ciq);
  }
};

}  // namespace

TEST_CASE("a joint request waits holding nothing, and a request behind it that fits starts") {
  Site s;
  s.sim.start(exam(s.sim, s.group, {&s.bays, &s.ciq}, "ciq-only", 0, 10, 0, s.log));
  // Needs the busy CIQ team: must not sit on a bay and the customs team meanwhile.
  s.sim.start(exam(s.sim, s.group, {&s.bays, &s.customs, &s.ciq}, "joint", 1, 5, 0, s.log));
  s.sim.start(exam(s.sim, s.group, {&s.bays, &s.customs}, "customs-only", 2, 3, 0, s.log));
  s.sim.run(3.0);
  CHECK(s.customs.in_use() == 1);  // taken by customs-only, not held idle by the joint box
  CHECK(s.bays.in_use() == 2);
  CHECK(s.ciq.queue_length() == 1);
  CHECK(s.customs.queue_length() == 1);
  s.sim.run();
  CHECK(s.log.lines == std::vector<std::string>{"ciq-only@0", "customs-only@2", "joint@10"});
}

TEST_CASE("priority order, FIFO within a priority, among requests that fit") {
  Site s;
  s.sim.start(exam(s.sim, s.group, {&s.bays, &s.customs}, "first", 0, 4, 1, s.log));
  s.sim.start(exam(s.sim, s.group, {&s.bays, &s.customs}, "low1", 1, 1, 1, s.log));
  s.sim.start(exam(s.sim, s.group, {&s.bays, &s.customs}, "low2", 2, 1, 1, s.log));
  s.sim.start(exam(s.sim, s.group, {&s.bays, &s.customs}, "high", 3, 1, 0, s.log));
  s.sim.run();
  CHECK(s.log.lines == std::vector<std::string>{"first@0", "high@4", "low1@5", "low2@6"});
}

TEST_CASE("waits and queue statistics of a group's requests land on every member") {
  Site s;
  s.sim.start(exam(s.sim, s.group, {&s.bays, &s.customs, &s.ciq}, "a", 0, 4, 0, s.log));
  s.sim.start(exam(s.sim, s.group, {&s.bays, &s.customs, &s.ciq}, "b", 1, 4, 0, s.log));
  s.sim.run(10.0);
  // b waited 3 h for the teams; the bay it also needed counts the same wait and queue.
  for (Resource* r : {&s.bays, &s.customs, &s.ciq}) {
    CHECK(r->waits().count() == 2);
    CHECK(r->waits().mean() == doctest::Approx(1.5));
  }
  CHECK(s.customs.queue().mean(10.0) == doctest::Approx(0.3));
  CHECK(s.bays.queue().mean(10.0) == doctest::Approx(0.3));
  CHECK(s.customs.utilisation() == doctest::Approx(0.8));
  CHECK(s.bays.utilisation() == doctest::Approx(0.4));
}

TEST_CASE("an interrupted waiter leaves the group's queue and holds nothing") {
  Site s;
  s.sim.start(exam(s.sim, s.group, {&s.bays, &s.customs}, "holder", 0, 10, 0, s.log));
  ProcessRef waiter = s.sim.start(interruptible(s.sim, s.group, s.bays, s.customs, s.log));
  s.sim.call_at(2.0, [&] { waiter.interrupt(); });
  s.sim.run();
  CHECK(s.log.lines == std::vector<std::string>{"holder@0", "interrupted@2"});
  CHECK(s.customs.queue_length() == 0);
  CHECK(s.bays.in_use() == 0);
}

TEST_CASE("a direct request on a member is served before the group's waiters") {
  Site s;
  s.sim.start(exam(s.sim, s.group, {&s.bays, &s.customs}, "first", 0, 4, 0, s.log));
  s.sim.start(exam(s.sim, s.group, {&s.bays, &s.customs}, "grouped", 1, 1, 0, s.log));
  s.sim.start([](Simulation& sim, Resource& customs, Log& log) -> Process {
    co_await sim.delay(2);
    auto unit = co_await customs.acquire();
    log.add(sim, "direct");
    co_await sim.delay(1);
  }(s.sim, s.customs, s.log));
  s.sim.run();
  CHECK(s.log.lines == std::vector<std::string>{"first@0", "direct@4", "grouped@5"});
}

TEST_CASE("bad requests are refused") {
  Site s;
  Resource outsider(s.sim, 1, "outsider");
  CHECK_THROWS_AS(s.group.acquire({&outsider}), std::invalid_argument);
  CHECK_THROWS_AS(s.group.acquire({&s.bays, &s.bays}), std::invalid_argument);
  ResourceGroup other(s.sim);
  CHECK_THROWS_AS(other.add(s.bays), std::invalid_argument);
  Resource preemptive(s.sim, 1, "p", Resource::Discipline::preemptive);
  CHECK_THROWS_AS(other.add(preemptive), std::invalid_argument);
}
