// Stores: FIFO and priority hand-out, blocking get and put.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/kernel/kernel.hpp"

using namespace clearsim::sim;

namespace {
Process consumer(Simulation& sim, Store<int>& store, int n, std::vector<std::string>& log) {
  for (int i = 0; i < n; ++i) {
    int item = co_await store.get();
    log.push_back(std::to_string(item) + "@" + std::to_string(static_cast<int>(sim.now())));
  }
}
Process producer(Simulation& sim, Store<int>& store, std::vector<int> items, Time gap) {
  for (int item : items) {
    co_await sim.delay(gap);
    co_await store.put(item);
  }
}
}  // namespace

TEST_CASE("a store hands items out first in, first out, and get waits while empty") {
  Simulation sim;
  Store<int> store(sim);
  std::vector<std::string> log;
  sim.start(consumer(sim, store, 3, log));
  sim.start(producer(sim, store, {7, 8, 9}, 2.0));
  sim.run();
  CHECK(log == std::vector<std::string>{"7@2", "8@4", "9@6"});
}

namespace {
Process fast_producer(Simulation& sim, Store<int>& store, int n, std::vector<Time>& put_at) {
  for (int i = 0; i < n; ++i) {
    co_await store.put(i);
    put_at.push_back(sim.now());
  }
}
Process slow_consumer(Simulation& sim, Store<int>& store, int n) {
  for (int i = 0; i < n; ++i) {
    co_await sim.delay(5.0);
    (void)co_await store.get();
  }
}
}  // namespace

TEST_CASE("put waits while a bounded store is full") {
  Simulation sim;
  Store<int> store(sim, 2);
  std::vector<Time> put_at;
  sim.start(fast_producer(sim, store, 4, put_at));
  sim.start(slow_consumer(sim, store, 4));
  sim.run();
  CHECK(put_at == std::vector<Time>{0, 0, 5, 10});
  CHECK(store.size() == 0);
}

namespace {
Process priority_consumer(Simulation& sim, PriorityStore<std::string>& store,
                          std::vector<std::string>& got) {
  co_await sim.delay(1.0);
  for (int i = 0; i < 4; ++i)
    got.push_back(co_await store.get());
}
Process priority_producer(PriorityStore<std::string>& store) {
  co_await store.put("ordinary-1", 2);
  co_await store.put("aeo-1", 0);
  co_await store.put("ordinary-2", 2);
  co_await store.put("aeo-2", 0);
}
}  // namespace

TEST_CASE("a priority store hands out the lowest priority number first, FIFO among equals") {
  Simulation sim;
  PriorityStore<std::string> store(sim);
  std::vector<std::string> got;
  sim.start(priority_consumer(sim, store, got));
  sim.start(priority_producer(store));
  sim.run();
  CHECK(got == std::vector<std::string>{"aeo-1", "aeo-2", "ordinary-1", "ordinary-2"});
}

TEST_CASE("a store's level is time-weighted") {
  Simulation sim;
  Store<int> store(sim);
  std::vector<Time> put_at;
  sim.start(fast_producer(sim, store, 2, put_at));  // level 2 from t=0
  sim.run(4.0);
  CHECK(store.level().mean(sim.now()) == doctest::Approx(2.0));
  CHECK_THROWS_AS(Store<int>(sim, 0), std::invalid_argument);
}
