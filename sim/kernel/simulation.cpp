#include "sim/kernel/simulation.hpp"

#include <algorithm>
#include <cstdio>

namespace clearsim::sim {

// ---- Event ------------------------------------------------------------------------------

void Event::trigger() {
  triggered_ = true;
  while (!waiters_.empty())
    static_cast<detail::EventNode*>(waiters_.pop_front())->notify();
}

// ---- ProcessRef -------------------------------------------------------------------------

bool ProcessRef::interrupt(InterruptCause cause) {
  Process::promise_type* root = live();
  return root && sim_->interrupt(*root, cause);
}

// ---- Simulation: processes ------------------------------------------------------------

void Simulation::end_process(Process::promise_type& p) noexcept {
  leave_live(p);
  if (p.exception && !failure_) {
    failure_ = p.exception;
    attention_ = true;
  }
  while (!p.joiners.empty())
    static_cast<detail::EventNode*>(p.joiners.pop_front())->notify();
}

bool Simulation::interrupt(Process::promise_type& root, InterruptCause cause) {
  root.interrupt_pending = true;
  root.interrupt = cause;
  if (!root.suspended) return true;  // running: delivered at its next wait
  if (root.waiting_on) root.waiting_on->cancel();
  root.waiting_on = nullptr;
  wake(root.suspended);
  return true;
}

void Simulation::shutdown() {
  if (shutting_down_) return;
  shutting_down_ = true;
  for (ProcessSlot& s : slots_) {
    if (!s.promise) continue;
    Process::promise_type& p = *s.promise;
    leave_live(p);
    Handle::from_promise(p).destroy();
  }
  drop_pending_events();
  shutting_down_ = false;
}

void Simulation::drop_pending_events() {
  calendar_.for_each([](const Calendar::Entry& entry) {
    if ((entry.target & kTagMask) == kTagAction)
      delete reinterpret_cast<Action*>(entry.target & ~kTagMask);
  });
  calendar_.clear();
}

// ---- Simulation: running ----------------------------------------------------------------

void Simulation::call_at(Time t, std::function<void()> fn) {
  if (!(t >= now())) throw std::invalid_argument("Simulation::call_at: time is in the past");
  auto action = std::make_unique<Action>(Action{std::move(fn)});
  calendar_.push(t, reinterpret_cast<std::uintptr_t>(action.get()) | kTagAction);
  action.release();
}

void Simulation::call_at(Time t, Timer& timer) {
  if (!(t >= now())) throw std::invalid_argument("Simulation::call_at: time is in the past");
  static_assert(alignof(Timer) > kTagMask);
  calendar_.push(t, reinterpret_cast<std::uintptr_t>(&timer) | kTagTimer);
}

void Simulation::dispatch_callback(std::uintptr_t target) {
  if ((target & kTagMask) == kTagTimer) {
    reinterpret_cast<Timer*>(target & ~kTagMask)->fire();
    return;
  }
  std::unique_ptr<Action> action(reinterpret_cast<Action*>(target & ~kTagMask));
  action->fn();
}

void Simulation::run(Time until) {
  if (!(until >= now())) throw std::invalid_argument("Simulation::run: end time is in the past");
  rethrow_failure();
  stop_requested_ = attention_ = false;
  schedule_guard_check();
  Calendar::Entry entry;
  while (calendar_.pop_until(until, entry)) {
    dispatch(entry);
    if (++events_processed_ == guard_at_ || attention_) [[unlikely]] {
      if (attention_) {
        attention_ = false;
        rethrow_failure();
        return;
      }
      check_guards();
      schedule_guard_check();
    }
  }
  if (until != kForever) calendar_.advance_to(until);
}

bool Simulation::step() {
  rethrow_failure();
  if (calendar_.empty()) return false;
  dispatch(calendar_.pop());
  ++events_processed_;
  rethrow_failure();
  return true;
}

void Simulation::check_guards() {
  if (probe_) {
    probe_->clock.store(now(), std::memory_order_relaxed);
    probe_->events.store(events_processed_, std::memory_order_relaxed);
  }
  if (events_processed_ > event_limit_)
    throw RunAborted(RunAborted::Reason::event_limit,
                     "the run processed more than " + std::to_string(event_limit_) + " events");
  if (cancel_ && cancel_->load(std::memory_order_relaxed))
    throw RunAborted(RunAborted::Reason::cancelled, "the run was cancelled");
  // The clock never goes back, so if it reads the same as at an earlier check, everything in
  // between happened at that one instant.
  const std::uint64_t activity = events_processed_ + starts_;
  if (now() != stall_time_) {
    stall_time_ = now();
    stall_mark_ = activity;
  } else if (activity - stall_mark_ > stall_limit_) {
    char time[32];
    std::snprintf(time, sizeof time, "%.17g", now());
    throw RunAborted(RunAborted::Reason::stalled,
                     "the simulated clock stopped advancing: more than " +
                         std::to_string(stall_limit_) + " events at time " + time +
                         " (a process that waits zero time in a loop, or delays too small to "
                         "move the clock at that time)");
  }
}

void Simulation::rethrow_failure() {
  attention_ = false;
  if (!failure_) return;
  std::exception_ptr failure = std::exchange(failure_, nullptr);
  std::rethrow_exception(failure);
}

// ---- any_of -----------------------------------------------------------------------------

Simulation::EventGroup::EventGroup(Simulation& sim, std::vector<Event*> events,
                                   std::optional<Time> patience, bool need_all)
    : sim_(&sim),
      events_(std::move(events)),
      branches_(events_.size()),
      patience_(patience),
      need_all_(need_all) {}

bool Simulation::EventGroup::await_ready() {
  remaining_ = 0;
  for (std::size_t i = 0; i < events_.size(); ++i) {
    if (events_[i]->triggered()) {
      if (!first_) first_ = i;
    } else {
      ++remaining_;
    }
  }
  return need_all_ ? remaining_ == 0 : first_.has_value();
}

void Simulation::EventGroup::await_suspend(Handle h) {
  handle_ = h;
  for (std::size_t i = 0; i < events_.size(); ++i) {
    if (events_[i]->triggered()) continue;
    branches_[i].owner = this;
    branches_[i].index = i;
    events_[i]->enlist(&branches_[i]);
  }
  if (patience_) sim_->wake_at(sim_->now() + *patience_, h);
  sim_->suspend(h, this);
}

void Simulation::EventGroup::finish() {
  if (!handle_) return;  // ready without waiting
  unlink_all();          // on time-out or interrupt some branches are still linked
  sim_->resumed(handle_);
}

void Simulation::EventGroup::fired(std::size_t index) noexcept {
  if (!first_) first_ = index;
  --remaining_;
  if (need_all_ && remaining_ > 0) return;
  unlink_all();
  sim_->wake(handle_);
}

void Simulation::EventGroup::unlink_all() noexcept {
  for (Branch& b : branches_)
    b.unlink();
}

}  // namespace clearsim::sim
