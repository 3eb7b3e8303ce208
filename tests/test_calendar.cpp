// The event calendar: order by time, ties by insertion, the due-now FIFO.
#include <doctest/doctest.h>

#include <random>
#include <vector>

#include "sim/kernel/calendar.hpp"

using clearsim::sim::Calendar;

TEST_CASE("calendar pops events in time order") {
  Calendar c;
  c.push(5.0, 1);
  c.push(1.0, 2);
  c.push(3.0, 3);
  CHECK(c.pop().target == 2);
  CHECK(c.pop().target == 3);
  CHECK(c.pop().target == 1);
  CHECK(c.empty());
}

TEST_CASE("calendar breaks ties by insertion order") {
  Calendar c;
  for (std::uintptr_t i = 0; i < 100; ++i)
    c.push(7.0, i);
  for (std::uintptr_t i = 0; i < 100; ++i)
    CHECK(c.pop().target == i);
}

TEST_CASE("events due now run after earlier-scheduled events at the same time") {
  Calendar c;
  c.push(2.0, 1);
  c.push(2.0, 2);
  CHECK(c.pop().target == 1);  // now == 2
  c.push(2.0, 3);              // goes to the due-now FIFO
  CHECK(c.pop().target == 2);  // scheduled earlier, so first
  CHECK(c.pop().target == 3);
}

TEST_CASE("calendar agrees with a sorted reference on random input") {
  Calendar c;
  std::mt19937_64 gen(7);
  std::uniform_int_distribution<int> coarse(0, 50);  // many equal times
  struct Ref {
    double t;
    std::uint64_t seq;
  };
  std::vector<Ref> popped;
  std::uintptr_t id = 0;
  for (int round = 0; round < 20000; ++round) {
    if (c.empty() || gen() % 3 != 0) {
      c.push(c.now() + coarse(gen) * 0.5, ++id);
    } else {
      auto e = c.pop();
      popped.push_back({e.time, e.seq});
    }
  }
  while (!c.empty()) {
    auto e = c.pop();
    popped.push_back({e.time, e.seq});
  }
  for (std::size_t i = 1; i < popped.size(); ++i) {
    const bool ordered = popped[i - 1].t < popped[i].t ||
                         (popped[i - 1].t == popped[i].t && popped[i - 1].seq < popped[i].seq);
    REQUIRE(ordered);
  }
  CHECK(popped.size() == id);
}

TEST_CASE("calendar rejects times in the past and NaN") {
  Calendar c;
  c.push(4.0, 1);
  c.pop();
  CHECK_THROWS_AS(c.push(3.0, 2), std::invalid_argument);
  CHECK_THROWS_AS(c.push(std::numeric_limits<double>::quiet_NaN(), 2), std::invalid_argument);
}

TEST_CASE("next_time reports the earliest pending time") {
  Calendar c;
  CHECK(c.next_time() == clearsim::sim::kForever);
  c.push(9.0, 1);
  c.push(4.0, 2);
  CHECK(c.next_time() == 4.0);
  CHECK(c.size() == 2);
}

TEST_CASE("schedule and push pop the same sequence, in small heaps and large") {
  // schedule() takes a short cut when at most two entries are in the heap; pop-then-schedule
  // at every heap size from 1 to 40 must agree with push() entry for entry.
  for (std::size_t pending = 1; pending <= 40; ++pending) {
    INFO("pending ", pending);
    Calendar a, b;
    std::mt19937_64 gen(pending);
    std::uniform_int_distribution<int> coarse(0, 6);  // ties, and events due now
    for (std::uintptr_t i = 0; i < pending; ++i) {
      const double t = coarse(gen) * 0.5;
      a.push(t, i);
      b.schedule(t, i);
    }
    for (int round = 0; round < 2000; ++round) {
      REQUIRE(a.size() == b.size());
      if (a.empty()) break;
      const auto x = a.pop();
      const auto y = b.pop();
      REQUIRE(x.time == y.time);
      REQUIRE(x.seq == y.seq);
      REQUIRE(x.target == y.target);
      // Mostly one new entry per pop; sometimes none or two, so the heap shrinks and grows
      // through the sizes where schedule() switches between its two paths.
      int add = round % 7 == 3 ? 0 : (round % 11 == 5 ? 2 : 1);
      if (a.empty() && add == 0) add = 1;
      for (int i = 0; i < add; ++i) {
        const double t = x.time + coarse(gen) * 0.5;
        a.push(t, x.target + i);
        b.schedule(t, x.target + i);
      }
    }
  }
}
