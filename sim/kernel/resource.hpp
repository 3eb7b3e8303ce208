#pragma once
// A resource of c identical units (berths, scanners, officer teams) with a priority queue:
// lower priority numbers are served first, FIFO within a priority. Optionally preemptive:
// a request may take a unit from a holder with a strictly worse priority, who is then
// interrupted with InterruptCause::Kind::preempted. Capacity may change over time (shift
// calendars, outages); lowering it never takes a unit from its holder, it only stops new
// grants until enough units come back.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/kernel/accumulators.hpp"
#include "sim/kernel/simulation.hpp"
#include "sim/kernel/wait_list.hpp"

namespace clearsim::sim {

class ResourceGroup;

class Resource {
 public:
  enum class Discipline { non_preemptive, preemptive };

  Resource(Simulation& sim, std::size_t capacity, std::string name = {},
           Discipline discipline = Discipline::non_preemptive);
  Resource(const Resource&) = delete;
  Resource& operator=(const Resource&) = delete;
  ~Resource();

  // A held unit; released when it goes out of scope or by release(). Releasing a unit that
  // was preempted away does nothing.
  class Unit {
   public:
    Unit() = default;
    Unit(Unit&& other) noexcept
        : resource_(std::exchange(other.resource_, nullptr)),
          slot_(other.slot_),
          ticket_(other.ticket_) {}
    Unit& operator=(Unit&& other) noexcept {
      if (this != &other) {
        release();
        resource_ = std::exchange(other.resource_, nullptr);
        slot_ = other.slot_;
        ticket_ = other.ticket_;
      }
      return *this;
    }
    ~Unit() { release(); }
    void release() {
      if (resource_) std::exchange(resource_, nullptr)->give_back(slot_, ticket_);
    }
    bool held() const { return resource_ != nullptr; }

   private:
    friend class Resource;
    friend class ResourceGroup;
    Unit(Resource* resource, std::uint32_t slot, std::uint64_t ticket)
        : resource_(resource), slot_(slot), ticket_(ticket) {}
    Resource* resource_ = nullptr;
    std::uint32_t slot_ = 0;
    std::uint64_t ticket_ = 0;
  };

  class RequestBase;
  class Acquire;
  class AcquireWithin;
  // `auto unit = co_await res.acquire(priority);`
  Acquire acquire(int priority = 0);
  // `auto unit = co_await res.acquire_within(patience, priority);` gives std::nullopt if no
  // unit came within `patience`: the request reneges and leaves the queue.
  AcquireWithin acquire_within(Time patience, int priority = 0);

  void set_capacity(std::size_t capacity);

  const std::string& name() const { return name_; }
  std::size_t capacity() const { return capacity_; }
  std::size_t in_use() const { return in_use_; }
  // Waiting requests, its own and those of its ResourceGroup that need it.
  std::size_t queue_length() const { return queued_ + group_waiting_; }
  Discipline discipline() const { return discipline_; }

  // Statistics since construction or the last reset_statistics().
  const TimeWeighted& busy() const { return busy_; }
  const TimeWeighted& queue() const { return queue_; }
  const TimeWeighted& capacity_history() const { return capacity_stat_; }
  const Tally& waits() const { return waits_; }  // every granted request, zero waits too
  std::uint64_t reneged() const { return reneged_; }
  std::uint64_t preempted() const { return preempted_; }
  // Busy unit-time over available unit-time; may exceed 1 briefly after a capacity cut.
  double utilisation() const;
  void reset_statistics();

 private:
  friend class ResourceGroup;
  struct Lane {
    int priority;
    detail::WaitList waiting;
  };
  struct Holder {
    Process::promise_type* root = nullptr;  // null when the slot is free
    int priority = 0;
    std::uint64_t ticket = 0;
  };
  struct Grant {
    std::uint32_t slot;
    std::uint64_t ticket;
  };

  std::optional<Grant> try_take(int priority, Process::Handle h);
  Grant take_unit(int priority, Process::Handle h);
  bool preempt_for(int priority);
  void give_back(std::uint32_t slot, std::uint64_t ticket);
  void grant_waiting();
  inline Lane& lane_for(int priority);
  Lane& add_lane(int priority);
  inline void enqueue(RequestBase* request);
  void dequeue(RequestBase* request);
  inline RequestBase* pop_first();
  inline void grant(RequestBase* request);
  void note_queue() { queue_.set(sim_.now(), static_cast<double>(queued_ + group_waiting_)); }
  // A unit is free for a newcomer: none of its own requests waits for one.
  bool free_for_group() const { return in_use_ < capacity_ && queued_ == 0; }

  Simulation& sim_;
  std::string name_;
  Discipline discipline_;
  std::size_t capacity_;
  std::size_t in_use_ = 0;
  std::size_t queued_ = 0;
  std::vector<std::unique_ptr<Lane>> lanes_;  // sorted by priority; few distinct priorities
  Lane* last_lane_ = nullptr;                 // the lane of the latest request (most have one)
  std::vector<Holder> holders_;               // preemptive resources only
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t tickets_ = 0;
  TimeWeighted busy_;
  TimeWeighted queue_;
  TimeWeighted capacity_stat_;
  Tally waits_;
  std::uint64_t reneged_ = 0;
  std::uint64_t preempted_ = 0;
  ResourceGroup* group_ = nullptr;  // the group it can also be acquired through, if any
  std::size_t group_waiting_ = 0;   // the group's waiting requests that need it
};

// The awaiter of a request; its node sits in the resource's queue while it waits.
class Resource::RequestBase : public detail::WaitNode, public detail::Waiter {
 public:
  RequestBase(Resource& resource, int priority, std::optional<Time> patience)
      : resource_(&resource), priority_(priority), patience_(patience) {}
  RequestBase(RequestBase&& other) noexcept
      : detail::WaitNode(),
        resource_(other.resource_),
        priority_(other.priority_),
        patience_(other.patience_) {}

  bool await_ready() const noexcept { return false; }
  // Forced inline: GCC otherwise calls it out of line, and the call costs a sixth of it.
  [[gnu::always_inline]] bool await_suspend(Simulation::Handle h) {
    if (auto grant = resource_->try_take(priority_, h)) {
      grant_ = *grant;
      granted_ = true;
      return false;  // the unit was free: carry on without suspending
    }
    handle_ = h;
    enqueued_at_ = resource_->sim_.now();
    resource_->enqueue(this);
    if (patience_) resource_->sim_.wake_at(enqueued_at_ + *patience_, h);
    resource_->sim_.suspend(h, this);
    return true;
  }
  void cancel() noexcept override {
    if (linked()) resource_->dequeue(this);
  }

 protected:
  // True if a unit was granted; throws Interrupted (giving back any unit) if interrupted.
  bool finish() {
    if (!handle_) return true;  // granted without waiting
    if (linked()) {             // patience ran out: renege
      resource_->dequeue(this);
      ++resource_->reneged_;
    }
    if (resource_->sim_.interrupt_pending(handle_) && granted_) {
      granted_ = false;
      resource_->give_back(grant_.slot, grant_.ticket);
    }
    resource_->sim_.resumed(handle_);
    return granted_;
  }
  Unit unit() { return Unit(resource_, grant_.slot, grant_.ticket); }

 private:
  friend class Resource;
  Resource* resource_;
  int priority_;
  std::optional<Time> patience_;
  Simulation::Handle handle_;
  Time enqueued_at_ = 0;
  Grant grant_{0, 0};
  bool granted_ = false;
};

class Resource::Acquire final : public RequestBase {
 public:
  using RequestBase::RequestBase;
  Unit await_resume() {
    finish();
    return unit();
  }
};

class Resource::AcquireWithin final : public RequestBase {
 public:
  using RequestBase::RequestBase;
  std::optional<Unit> await_resume() {
    if (!finish()) return std::nullopt;
    return unit();
  }
};

inline Resource::Acquire Resource::acquire(int priority) {
  return Acquire(*this, priority, std::nullopt);
}

inline std::optional<Resource::Grant> Resource::try_take(int priority, Process::Handle h) {
  const bool free = (in_use_ < capacity_ && queued_ == 0) ||
                    (discipline_ == Discipline::preemptive && preempt_for(priority));
  if (!free) return std::nullopt;
  waits_.add(0.0);
  return take_unit(priority, h);
}

inline Resource::Grant Resource::take_unit(int priority, Process::Handle h) {
  ++in_use_;
  busy_.set(sim_.now(), static_cast<double>(in_use_));
  const std::uint64_t ticket = ++tickets_;
  if (discipline_ == Discipline::non_preemptive) return Grant{0, ticket};
  std::uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<std::uint32_t>(holders_.size());
    holders_.emplace_back();
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  holders_[slot] = Holder{h.promise().root, priority, ticket};
  return Grant{slot, ticket};
}

inline Resource::Lane& Resource::lane_for(int priority) {
  if (last_lane_ && last_lane_->priority == priority) return *last_lane_;
  return add_lane(priority);
}

inline void Resource::enqueue(RequestBase* request) {
  lane_for(request->priority_).waiting.push_back(request);
  ++queued_;
  note_queue();
}

inline Resource::RequestBase* Resource::pop_first() {
  for (auto& lane : lanes_) {
    if (lane->waiting.empty()) continue;
    auto* request = static_cast<RequestBase*>(lane->waiting.pop_front());
    --queued_;
    note_queue();
    return request;
  }
  throw std::logic_error("Resource::pop_first: queue is empty");
}

// Gives a unit to a request that was waiting for one and resumes its process now, nested in
// the caller (ordering rule 3).
[[gnu::always_inline]] inline void Resource::grant(RequestBase* request) {
  waits_.add(sim_.now() - request->enqueued_at_);
  request->grant_ = take_unit(request->priority_, request->handle_);
  request->granted_ = true;
  sim_.resume_now(request->handle_);
}

}  // namespace clearsim::sim
