#pragma once
// Stores: buffers of items that processes put into and get from (a yard stack, a queue of
// declarations waiting for an officer). `get` waits while the store is empty; `put` waits
// while it is full. Store<T> hands items out first in, first out; PriorityStore<T> hands
// out the lowest priority number first, FIFO among equals.
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <queue>
#include <stdexcept>
#include <utility>
#include <vector>

#include "sim/kernel/accumulators.hpp"
#include "sim/kernel/simulation.hpp"
#include "sim/kernel/wait_list.hpp"

namespace clearsim::sim {

namespace detail {

template <class T>
class FifoBuffer {
 public:
  void push(T item, int /*priority*/) { items_.push_back(std::move(item)); }
  T pop() {
    T item = std::move(items_.front());
    items_.pop_front();
    return item;
  }
  std::size_t size() const { return items_.size(); }

 private:
  std::deque<T> items_;
};

template <class T>
class PriorityBuffer {
 public:
  void push(T item, int priority) { items_.push(Entry{priority, ++seq_, std::move(item)}); }
  T pop() {
    T item = std::move(const_cast<Entry&>(items_.top()).item);
    items_.pop();
    return item;
  }
  std::size_t size() const { return items_.size(); }

 private:
  struct Entry {
    int priority;
    std::uint64_t seq;
    T item;
    // std::priority_queue keeps the greatest on top: invert so the smallest key is.
    bool operator<(const Entry& o) const {
      return priority != o.priority ? priority > o.priority : seq > o.seq;
    }
  };
  std::priority_queue<Entry> items_;
  std::uint64_t seq_ = 0;
};

}  // namespace detail

template <class T, class Buffer>
class BasicStore {
 public:
  static constexpr std::size_t kUnbounded = std::numeric_limits<std::size_t>::max();

  explicit BasicStore(Simulation& sim, std::size_t capacity = kUnbounded)
      : sim_(sim), capacity_(capacity), level_(sim.now()) {
    if (capacity == 0) throw std::invalid_argument("Store: capacity must be > 0");
  }
  BasicStore(const BasicStore&) = delete;
  BasicStore& operator=(const BasicStore&) = delete;
  ~BasicStore() {
    if (sim_.live_processes() > 0) sim_.shutdown();
  }

  class Get;
  class Put;
  // `T item = co_await store.get();`
  Get get() { return Get(*this); }
  // `co_await store.put(item, priority);` (priority is ignored by a FIFO store)
  Put put(T item, int priority = 0) { return Put(*this, std::move(item), priority); }

  std::size_t size() const { return buffer_.size(); }
  std::size_t capacity() const { return capacity_; }
  const TimeWeighted& level() const { return level_; }

 private:
  // A put while getters wait hands the item straight to the first of them (it runs at
  // once, as a resource's next holder does); otherwise the item is buffered.
  void deliver(T item, int priority) {
    if (!getters_.empty()) {
      auto* getter = static_cast<Get*>(getters_.pop_front());
      getter->item_.emplace(std::move(item));
      sim_.resume_now(getter->handle_);
      return;
    }
    buffer_.push(std::move(item), priority);
    level_.set(sim_.now(), static_cast<double>(buffer_.size()));
  }

  // A get made room: the first blocked putter's item moves in.
  T take() {
    T item = buffer_.pop();
    level_.set(sim_.now(), static_cast<double>(buffer_.size()));
    if (!putters_.empty()) {
      auto* putter = static_cast<Put*>(putters_.pop_front());
      buffer_.push(std::move(*putter->item_), putter->priority_);
      putter->item_.reset();
      level_.set(sim_.now(), static_cast<double>(buffer_.size()));
      sim_.resume_now(putter->handle_);
    }
    return item;
  }

  Simulation& sim_;
  std::size_t capacity_;
  Buffer buffer_;
  detail::WaitList getters_;
  detail::WaitList putters_;
  TimeWeighted level_;
};

template <class T, class Buffer>
class BasicStore<T, Buffer>::Get final : public detail::WaitNode, public detail::Waiter {
 public:
  explicit Get(BasicStore& store) : store_(&store) {}
  Get(Get&& other) noexcept : detail::WaitNode(), store_(other.store_) {}
  bool await_ready() const noexcept { return store_->buffer_.size() > 0; }
  void await_suspend(Simulation::Handle h) {
    handle_ = h;
    store_->getters_.push_back(this);
    store_->sim_.suspend(h, this);
  }
  T await_resume() {
    if (!handle_) return store_->take();
    if (store_->sim_.interrupt_pending(handle_) && item_) {
      // Interrupted after an item was handed over: the item goes back into the store.
      store_->deliver(std::move(*item_), 0);
      item_.reset();
    }
    store_->sim_.resumed(handle_);
    return std::move(*item_);
  }
  void cancel() noexcept override { unlink(); }

 private:
  friend class BasicStore;
  BasicStore* store_;
  Simulation::Handle handle_;
  std::optional<T> item_;
};

template <class T, class Buffer>
class BasicStore<T, Buffer>::Put final : public detail::WaitNode, public detail::Waiter {
 public:
  Put(BasicStore& store, T item, int priority)
      : store_(&store), item_(std::move(item)), priority_(priority) {}
  Put(Put&& other) noexcept
      : detail::WaitNode(),
        store_(other.store_),
        item_(std::move(other.item_)),
        priority_(other.priority_) {}
  bool await_ready() {
    if (!store_->getters_.empty() || store_->buffer_.size() < store_->capacity_) {
      store_->deliver(std::move(*item_), priority_);
      item_.reset();
      return true;
    }
    return false;
  }
  void await_suspend(Simulation::Handle h) {
    handle_ = h;
    store_->putters_.push_back(this);
    store_->sim_.suspend(h, this);
  }
  void await_resume() {
    if (handle_) store_->sim_.resumed(handle_);  // an interrupted put keeps its item out
  }
  void cancel() noexcept override { unlink(); }

 private:
  friend class BasicStore;
  BasicStore* store_;
  std::optional<T> item_;
  int priority_;
  Simulation::Handle handle_;
};

template <class T>
using Store = BasicStore<T, detail::FifoBuffer<T>>;
template <class T>
using PriorityStore = BasicStore<T, detail::PriorityBuffer<T>>;

}  // namespace clearsim::sim
