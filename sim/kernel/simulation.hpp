#pragma once
// The simulation: clock, calendar, processes, events.
//
// Ordering rules (tested in tests/test_ordering.cpp, documented in docs/kernel.md):
//  1. Events at the same time run in the order they were scheduled.
//  2. `start(p)` runs p at once, up to its first wait, before start() returns.
//  3. A released resource unit (or a store item) goes at once to the first waiter, which
//     runs up to its next wait before release() returns. Past a nesting depth of
//     kMaxDirectResumeDepth the waiter is queued to run at the current time instead, so
//     chains of hand-overs cannot overflow the stack; the order of events is unchanged.
//  4. An event's waiters, a joined process's joiners and an interrupted process run at the
//     current time, after the process that triggered them reaches its next wait.
//  5. `delay(0)` yields: the process runs again after everything already due now.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/kernel/calendar.hpp"
#include "sim/kernel/process.hpp"
#include "sim/kernel/wait_list.hpp"

// How deep direct hand-overs may nest (rule 3); 0 sends every hand-over through the
// calendar, which the benchmarks use to measure what direct resumption saves.
#ifndef CLEARSIM_DIRECT_RESUME_DEPTH
#define CLEARSIM_DIRECT_RESUME_DEPTH 32
#endif

namespace clearsim::sim {

class Simulation;

// A running simulation's clock and event count, readable from another thread while it runs
// (Simulation::set_probe).
struct RunProbe {
  std::atomic<double> clock{0.0};
  std::atomic<std::uint64_t> events{0};
};

// Thrown by Simulation::run (and by start(), see set_cancel_flag) when a guard stops the run:
// the event limit, the cancel flag, or a clock that has stopped advancing.
class RunAborted : public std::runtime_error {
 public:
  enum class Reason { event_limit, cancelled, stalled };
  RunAborted(Reason reason, const std::string& what) : std::runtime_error(what), reason_(reason) {}
  Reason reason() const { return reason_; }

 private:
  Reason reason_;
};

namespace detail {
// A node in an Event's list of waiters.
class EventNode : public WaitNode {
 public:
  virtual void notify() noexcept = 0;

 protected:
  ~EventNode() = default;
};
}  // namespace detail

// A one-shot occurrence processes can wait for (SimPy's Event). Once triggered it stays
// triggered, so waiting on it returns at once, until reset().
class Event {
 public:
  explicit Event(Simulation& sim) : sim_(&sim) {}
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  void trigger();
  void reset() { triggered_ = false; }
  bool triggered() const { return triggered_; }
  Simulation& simulation() const { return *sim_; }
  // For kernel awaiters: enlist a node to be notified by the next trigger().
  void enlist(detail::EventNode* node) { waiters_.push_back(node); }

  class Wait;
  Wait wait();
  Wait operator co_await();

 private:
  friend class Wait;
  Simulation* sim_;
  detail::WaitList waiters_;
  bool triggered_ = false;
};

// A handle on a started process: interrupt it, or wait for it to end. Copies are cheap (an
// index into the simulation's table of live processes and that entry's generation), and
// a handle on an ended process stays valid (done() is true). It must not outlive its
// simulation.
class ProcessRef {
 public:
  ProcessRef() = default;

  bool valid() const { return sim_ != nullptr; }
  bool done() const { return live() == nullptr; }
  // Interrupts the process: its current wait is called off and throws Interrupted. A process
  // that is running (it is on the call stack) gets it at its next wait. False if ended.
  bool interrupt(InterruptCause cause = {});
  class Join;
  // `co_await ref.join()` waits until the process has ended (at once if it has).
  Join join() const;

 private:
  friend class Simulation;
  ProcessRef(Simulation* sim, std::uint32_t slot, std::uint32_t generation)
      : sim_(sim), slot_(slot), generation_(generation) {}
  inline Process::promise_type* live() const;

  Simulation* sim_ = nullptr;
  std::uint32_t slot_ = 0;
  std::uint32_t generation_ = 0;
};

// A wake-up without a process: Simulation::call_at(t, timer) calls timer.fire() at time t,
// as an event of its own, ordered among the other events exactly as a process's timer made
// at the same moment would be. The timer is the caller's (it must stay alive and unmoved
// until it fires or the simulation ends; an unfired timer is simply forgotten), so a model
// that keeps many wake-ups pending -- boxes waiting days for their first step -- pays a few
// bytes each instead of a coroutine frame. fire() runs as a callback does: an exception it
// lets out leaves run() (or step()) at once, not as a process's would (ending the process,
// rethrown after the event). A timer may be scheduled again once it has fired, not while it
// is pending.
class Timer {
 public:
  virtual void fire() = 0;

 protected:
  Timer() = default;
  // The calendar holds its address: a copy would be a different timer.
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;
  ~Timer() = default;
};

class Simulation {
 public:
  // A wake-up handed over directly nests one coroutine inside another; beyond this depth
  // it goes through the calendar instead (see ordering rule 3).
  static constexpr int kMaxDirectResumeDepth = CLEARSIM_DIRECT_RESUME_DEPTH;

  Simulation() = default;
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;
  ~Simulation() { shutdown(); }

  Time now() const { return calendar_.now(); }

  // Runs p as a process of its own, at once, up to its first wait.
  inline ProcessRef start(Process p);

  class Delay;
  // `co_await sim.delay(d)`: resume d time units from now (d >= 0).
  Delay delay(Time d);
  // `co_await sim.until(t)`: resume at time t (t >= now).
  Delay until(Time t);

  class EventGroup;
  class AnyOf;
  class AllOf;
  // `co_await sim.any_of(a, b)` returns the index of the first event that triggers.
  template <class... Events>
  AnyOf any_of(Event& first, Events&... rest);
  // Same, giving up after `patience`: returns std::nullopt on time-out.
  template <class... Events>
  AnyOf any_of_within(Time patience, Event& first, Events&... rest);
  // `co_await sim.all_of(a, b)` returns (true) once every event has triggered.
  template <class... Events>
  AllOf all_of(Event& first, Events&... rest);
  // Same, giving up after `patience`: returns false on time-out.
  template <class... Events>
  AllOf all_of_within(Time patience, Event& first, Events&... rest);

  // Calls fn at time t (>= now) as an event of its own.
  void call_at(Time t, std::function<void()> fn);
  // The same for a Timer the caller owns (see Timer): no allocation, so a model can keep
  // hundreds of thousands of wake-ups pending at a few bytes each.
  void call_at(Time t, Timer& timer);

  // Runs events up to and including time `until`, then sets the clock to `until` (when
  // finite). Rethrows the first exception that escaped a process.
  void run(Time until = kForever);
  // Runs one event; false when the calendar is empty.
  bool step();
  // From inside a process or callback: run() returns after the current event.
  void stop() { stop_requested_ = attention_ = true; }

  // Guards against runaway runs. run() throws RunAborted once more than `limit` events have
  // been processed, or soon after `*cancel` becomes true (checked every 1,024 events, so a
  // flag set from a signal handler or another thread stops the run within microseconds).
  // start() checks too, every 1,024 processes started: a generator that starts processes
  // without ever waiting never returns to the run loop. There the RunAborted is thrown into
  // the process that called start(); unless the model swallows it, it ends that process and
  // run() rethrows it.
  void set_event_limit(std::uint64_t limit) {
    event_limit_ = limit;
    schedule_guard_check();
  }
  void set_cancel_flag(const std::atomic<bool>* cancel) { cancel_ = cancel; }
  // Progress seen from another thread (a heartbeat): every 1,024 events the run stores its
  // clock and event count in `*probe` (relaxed atomics; nothing else is shared).
  void set_probe(RunProbe* probe) { probe_ = probe; }
  // The stall guard: RunAborted (Reason::stalled) once more than `limit` events and process
  // starts have happened at one simulated instant (counted to within 1,024) -- a process
  // that waits zero time in a loop, or a delay too small to move a clock that has grown
  // large, would otherwise run forever without the clock advancing.
  static constexpr std::uint64_t kDefaultStallLimit = 100'000'000;
  void set_stall_limit(std::uint64_t limit) { stall_limit_ = limit; }

  // Ends every live process (destroying its frame, so its RAII guards run) and drops all
  // pending events. Runs from the destructor, and from the destructor of any resource or
  // store that dies while processes still live.
  void shutdown();

  std::uint64_t events_processed() const { return events_processed_; }
  std::size_t live_processes() const { return live_count_; }
  // The live process in table slot `slot` if its generation matches, else null.
  Process::promise_type* live_process(std::uint32_t slot, std::uint32_t generation) const {
    const ProcessSlot& s = slots_[slot];
    return s.generation == generation ? s.promise : nullptr;
  }
  std::size_t pending_events() const { return calendar_.size(); }
  bool shutting_down() const { return shutting_down_; }

  // ---- for kernel objects (resources, stores, events); not for models ----
  using Handle = Process::Handle;
  // Marks h's process as waiting in `waiter`; call last in await_suspend.
  void suspend(Handle h, detail::Waiter* waiter);
  // Call first in await_resume; throws Interrupted if the process was interrupted.
  void resumed(Handle h);
  bool interrupt_pending(Handle h) const { return h.promise().root->interrupt_pending; }
  // Resumes h at the current time, after what is already due.
  void wake(Handle h) { h.promise().wake_seq = calendar_.schedule(now(), frame_target(h)); }
  // Resumes h now, nested inside the caller (rule 3).
  void resume_now(Handle h);
  // Schedules h to resume at time t unless something else resumes it first.
  void wake_at(Time t, Handle h) { h.promise().wake_seq = calendar_.schedule(t, frame_target(h)); }
  bool interrupt(Process::promise_type& root, InterruptCause cause);
  // A process of its own has finished: out of the table, its exception kept for run(), its
  // joiners woken. The caller then lets the frame be destroyed.
  void end_process(Process::promise_type& p) noexcept;

 private:
  // Calendar targets are frame addresses, or tagged: an Action (owned by the calendar entry)
  // or a Timer (owned by the model). Both are at least 8-byte aligned, so the low bits are free.
  static constexpr std::uintptr_t kTagMask = 3;
  static constexpr std::uintptr_t kTagAction = 1;
  static constexpr std::uintptr_t kTagTimer = 2;
  struct Action {
    std::function<void()> fn;
  };

  static std::uintptr_t frame_target(Handle h) {
    return reinterpret_cast<std::uintptr_t>(h.address());
  }
  void dispatch(const Calendar::Entry& entry);
  void dispatch_callback(std::uintptr_t target);
  void rethrow_failure();
  void check_guards();
  // The run loop calls check_guards() when events_processed_ reaches guard_at_: at the next
  // multiple of 1,024, or just past the event limit if that comes first.
  void schedule_guard_check() {
    const std::uint64_t tick = (events_processed_ | 1023) + 1;
    guard_at_ = event_limit_ < tick - 1 ? event_limit_ + 1 : tick;
  }
  struct ProcessSlot {
    Process::promise_type* promise = nullptr;  // null while the slot is free
    std::uint32_t generation = 0;              // bumped when the process ends
    std::uint32_t next_free = 0;               // while free: the next free slot, or kNoSlot
  };
  static constexpr std::uint32_t kNoSlot = ~std::uint32_t{0};
  inline std::uint32_t enter_live(Process::promise_type& p);
  inline void leave_live(Process::promise_type& p);
  void drop_pending_events();

  Calendar calendar_;
  std::vector<ProcessSlot> slots_;
  std::uint32_t free_slot_ = kNoSlot;  // head of the free slots, threaded through slots_
  std::size_t live_count_ = 0;
  std::uint64_t events_processed_ = 0;
  std::exception_ptr failure_;
  int resume_depth_ = 0;
  bool stop_requested_ = false;
  bool attention_ = false;  // failure_ set or stop() called: run() looks after this event
  std::uint64_t guard_at_ = 1024;
  bool shutting_down_ = false;
  std::uint64_t event_limit_ = std::numeric_limits<std::uint64_t>::max();
  const std::atomic<bool>* cancel_ = nullptr;
  RunProbe* probe_ = nullptr;
  std::uint64_t starts_ = 0;  // processes started, for the guards in start()
  std::uint64_t stall_limit_ = kDefaultStallLimit;
  Time stall_time_ = -1;          // the clock when the guards last saw it move
  std::uint64_t stall_mark_ = 0;  // events + starts at that moment
};

// ---------------------------------------------------------------------------------------
// Awaiters

class Simulation::Delay final : public detail::Waiter {
 public:
  Delay(Simulation& sim, Time at) : sim_(&sim), at_(at) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(Handle h) {
    handle_ = h;
    sim_->wake_at(at_, h);
    sim_->suspend(h, this);
  }
  void await_resume() { sim_->resumed(handle_); }
  // The interrupt's own wake-up replaces the timer's; the stale calendar entry is skipped.
  void cancel() noexcept override {}

 private:
  Simulation* sim_;
  Time at_;
  Handle handle_;
};

class Event::Wait final : public detail::EventNode, public detail::Waiter {
 public:
  explicit Wait(Event& event) : event_(&event) {}
  Wait(Wait&& other) noexcept : detail::EventNode(), event_(other.event_) {}
  bool await_ready() const noexcept { return event_->triggered_; }
  void await_suspend(Simulation::Handle h) {
    handle_ = h;
    event_->waiters_.push_back(this);
    event_->sim_->suspend(h, this);
  }
  void await_resume() {
    if (handle_) event_->sim_->resumed(handle_);
  }
  void notify() noexcept override { event_->sim_->wake(handle_); }
  void cancel() noexcept override { unlink(); }

 private:
  Event* event_;
  Simulation::Handle handle_;
};

// Waits on a set of events: for the first (AnyOf) or for all (AllOf), optionally with
// patience. Waiting costs one node per event, linked into each event's list.
class Simulation::EventGroup : public detail::Waiter {
 public:
  EventGroup(Simulation& sim, std::vector<Event*> events, std::optional<Time> patience,
             bool need_all);
  EventGroup(EventGroup&&) = default;
  bool await_ready();
  void await_suspend(Handle h);
  void cancel() noexcept override { unlink_all(); }

 protected:
  ~EventGroup() = default;
  void finish();                      // call first in await_resume
  std::optional<std::size_t> first_;  // the first event to trigger
  std::size_t remaining_ = 0;         // events still untriggered

 private:
  struct Branch final : detail::EventNode {
    EventGroup* owner = nullptr;
    std::size_t index = 0;
    Branch() = default;
    Branch(Branch&&) noexcept {}
    void notify() noexcept override { owner->fired(index); }
  };
  void fired(std::size_t index) noexcept;
  void unlink_all() noexcept;

  Simulation* sim_;
  std::vector<Event*> events_;
  std::vector<Branch> branches_;
  std::optional<Time> patience_;
  bool need_all_;
  Handle handle_;
};

class Simulation::AnyOf final : public EventGroup {
 public:
  AnyOf(Simulation& sim, std::vector<Event*> events, std::optional<Time> patience)
      : EventGroup(sim, std::move(events), patience, false) {}
  // The index of the first event to trigger; std::nullopt if the patience ran out.
  std::optional<std::size_t> await_resume() {
    finish();
    return first_;
  }
};

class Simulation::AllOf final : public EventGroup {
 public:
  AllOf(Simulation& sim, std::vector<Event*> events, std::optional<Time> patience)
      : EventGroup(sim, std::move(events), patience, true) {}
  // True once every event has triggered; false if the patience ran out first.
  bool await_resume() {
    finish();
    return remaining_ == 0;
  }
};

// ---------------------------------------------------------------------------------------
// Inline definitions on the hot path

inline Simulation::Delay Simulation::delay(Time d) {
  if (!(d >= 0)) throw std::invalid_argument("Simulation::delay: delay must be >= 0");
  return Delay(*this, now() + d);
}

inline Simulation::Delay Simulation::until(Time t) {
  if (!(t >= now())) throw std::invalid_argument("Simulation::until: time is in the past");
  return Delay(*this, t);
}

template <class... Events>
Simulation::AnyOf Simulation::any_of(Event& first, Events&... rest) {
  return AnyOf(*this, std::vector<Event*>{&first, &rest...}, std::nullopt);
}

template <class... Events>
Simulation::AnyOf Simulation::any_of_within(Time patience, Event& first, Events&... rest) {
  if (!(patience >= 0)) throw std::invalid_argument("Simulation::any_of_within: patience < 0");
  return AnyOf(*this, std::vector<Event*>{&first, &rest...}, patience);
}

template <class... Events>
Simulation::AllOf Simulation::all_of(Event& first, Events&... rest) {
  return AllOf(*this, std::vector<Event*>{&first, &rest...}, std::nullopt);
}

template <class... Events>
Simulation::AllOf Simulation::all_of_within(Time patience, Event& first, Events&... rest) {
  if (!(patience >= 0)) throw std::invalid_argument("Simulation::all_of_within: patience < 0");
  return AllOf(*this, std::vector<Event*>{&first, &rest...}, patience);
}

inline void Simulation::suspend(Handle h, detail::Waiter* waiter) {
  Process::promise_type& root = *h.promise().root;
  root.suspended = h;
  root.waiting_on = waiter;
  // An interrupt that arrived while the process was running is delivered at this wait.
  if (root.interrupt_pending) {
    waiter->cancel();
    root.waiting_on = nullptr;
    wake(h);
  }
}

inline void Simulation::resumed(Handle h) {
  Process::promise_type& root = *h.promise().root;
  root.suspended = {};
  root.waiting_on = nullptr;
  if (root.interrupt_pending) [[unlikely]] {
    root.interrupt_pending = false;
    throw Interrupted(root.interrupt);
  }
}

// The slot table: a free list threaded through the free slots (last freed, first reused).
inline std::uint32_t Simulation::enter_live(Process::promise_type& p) {
  std::uint32_t slot = free_slot_;
  if (slot != kNoSlot) {
    free_slot_ = slots_[slot].next_free;
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  slots_[slot].promise = &p;
  p.slot = slot;
  ++live_count_;
  return slot;
}

inline void Simulation::leave_live(Process::promise_type& p) {
  ProcessSlot& s = slots_[p.slot];
  s.promise = nullptr;
  ++s.generation;  // every ProcessRef to this process now reads done()
  s.next_free = free_slot_;
  free_slot_ = p.slot;
  --live_count_;
}

// Inline: one process per container starts here, and the call would cost a fifth of it.
inline ProcessRef Simulation::start(Process p) {
  // Before the frame is taken over, so that a RunAborted destroys it with `p`.
  if ((++starts_ & 1023) == 0) [[unlikely]]
    check_guards();
  const Handle h = p.release();
  if (!h) [[unlikely]]
    throw std::invalid_argument("Simulation::start: the process was already started");
  Process::promise_type& promise = h.promise();
  promise.sim = this;
  const std::uint32_t slot = enter_live(promise);
  const ProcessRef ref(this, slot, slots_[slot].generation);
  resume_now(h);
  return ref;
}

[[gnu::always_inline]] inline void Simulation::resume_now(Handle h) {
  h.promise().wake_seq = 0;  // any timer still in the calendar for h is now stale
  if (resume_depth_ >= kMaxDirectResumeDepth) {
    wake(h);
    return;
  }
  ++resume_depth_;
  h.resume();
  --resume_depth_;
}

inline void Simulation::dispatch(const Calendar::Entry& entry) {
  if (entry.target & kTagMask) [[unlikely]] {
    dispatch_callback(entry.target);
    return;
  }
  const Handle h = Handle::from_address(reinterpret_cast<void*>(entry.target));
  if (h.promise().wake_seq != entry.seq) return;  // cancelled by an interrupt or a grant
  h.promise().wake_seq = 0;
  h.resume();
}

inline Process::promise_type* ProcessRef::live() const {
  return sim_ ? sim_->live_process(slot_, generation_) : nullptr;
}

class ProcessRef::Join final : public detail::EventNode, public detail::Waiter {
 public:
  explicit Join(ProcessRef ref) : ref_(ref) {}
  Join(Join&& other) noexcept : detail::EventNode(), ref_(other.ref_) {}
  bool await_ready() const { return ref_.done(); }
  void await_suspend(Simulation::Handle h) {
    handle_ = h;
    ref_.live()->joiners.push_back(this);
    ref_.sim_->suspend(h, this);
  }
  void await_resume() {
    if (handle_) ref_.sim_->resumed(handle_);
  }
  void notify() noexcept override { ref_.sim_->wake(handle_); }
  void cancel() noexcept override { unlink(); }

 private:
  ProcessRef ref_;
  Simulation::Handle handle_;
};

inline ProcessRef::Join ProcessRef::join() const {
  if (!sim_) throw std::logic_error("ProcessRef::join: empty reference");
  return Join(*this);
}

inline Event::Wait Event::wait() {
  return Wait(*this);
}
inline Event::Wait Event::operator co_await() {
  return Wait(*this);
}

inline bool Process::FinalAwaiter::await_ready() const noexcept {
  if (promise->continuation) return false;  // nested call: back to the caller
  promise->sim->end_process(*promise);      // the frame goes as the coroutine completes
  return true;
}

inline std::coroutine_handle<> Process::FinalAwaiter::await_suspend(Handle) const noexcept {
  return promise->continuation;
}

}  // namespace clearsim::sim
