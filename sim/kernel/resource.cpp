#include "sim/kernel/resource.hpp"

#include "sim/kernel/resource_group.hpp"

#include <stdexcept>

namespace clearsim::sim {

Resource::Resource(Simulation& sim, std::size_t capacity, std::string name, Discipline discipline)
    : sim_(sim),
      name_(std::move(name)),
      discipline_(discipline),
      capacity_(capacity),
      busy_(sim.now()),
      queue_(sim.now()),
      capacity_stat_(sim.now(), static_cast<double>(capacity)) {}

Resource::~Resource() {
  // Processes that hold or wait for units point into this resource: end them first.
  if (sim_.live_processes() > 0) sim_.shutdown();
  if (group_) group_->forget(*this);
}

Resource::AcquireWithin Resource::acquire_within(Time patience, int priority) {
  if (!(patience >= 0)) throw std::invalid_argument("Resource::acquire_within: patience < 0");
  return AcquireWithin(*this, priority, patience);
}

void Resource::set_capacity(std::size_t capacity) {
  capacity_ = capacity;
  capacity_stat_.set(sim_.now(), static_cast<double>(capacity));
  grant_waiting();
  if (group_) group_->grant_waiting();
}

double Resource::utilisation() const {
  const double available = capacity_stat_.integral(sim_.now());
  return available > 0 ? busy_.integral(sim_.now()) / available : 0.0;
}

void Resource::reset_statistics() {
  const Time now = sim_.now();
  busy_.reset(now);
  queue_.reset(now);
  capacity_stat_.reset(now);
  waits_.reset();
  reneged_ = preempted_ = 0;
}

void Resource::give_back(std::uint32_t slot, std::uint64_t ticket) {
  if (discipline_ == Discipline::preemptive) {
    Holder& holder = holders_[slot];
    if (holder.ticket != ticket || !holder.root) return;  // preempted earlier
    holder.root = nullptr;
    free_slots_.push_back(slot);
  }
  const bool shutting_down = sim_.shutting_down();
  if (queued_ > 0 && in_use_ <= capacity_ && !shutting_down) {
    // The unit goes straight to the first waiter, and busy_ is updated once, by the grant:
    // setting it to in_use_ - 1 and back at the same instant would leave exactly the bits
    // that one update to the unchanged value leaves (the second adds (in_use_ - 1) * 0).
    --in_use_;
    grant(pop_first());
  } else {
    --in_use_;
    busy_.set(sim_.now(), static_cast<double>(in_use_));
    if (shutting_down) return;
  }
  // grant_waiting()'s own test, made here: after a hand-over the unit is taken again, and
  // the call that would find nothing to do cost a sixth of give_back in the M/M/1 profile.
  if (in_use_ < capacity_ && queued_ > 0) grant_waiting();
  if (group_) group_->grant_waiting();
}

// Hands free units to the head of the queue, one at a time: each new holder runs (up to its
// next wait) before the next grant, and may itself change this resource.
void Resource::grant_waiting() {
  while (in_use_ < capacity_ && queued_ > 0)
    grant(pop_first());
}

// Takes a unit from the holder with the worst priority (the latest among equals), if that
// priority is strictly worse than `priority`.
bool Resource::preempt_for(int priority) {
  if (in_use_ != capacity_ || capacity_ == 0) return false;
  Holder* victim = nullptr;
  for (Holder& h : holders_) {
    if (!h.root) continue;
    if (!victim || h.priority > victim->priority ||
        (h.priority == victim->priority && h.ticket > victim->ticket))
      victim = &h;
  }
  if (!victim || victim->priority <= priority) return false;
  Process::promise_type* root = victim->root;
  victim->root = nullptr;
  free_slots_.push_back(static_cast<std::uint32_t>(victim - holders_.data()));
  --in_use_;
  ++preempted_;
  sim_.interrupt(*root, InterruptCause{InterruptCause::Kind::preempted, 0, this});
  return true;
}

// The lane for a priority other than the last request's: found, or inserted in order.
Resource::Lane& Resource::add_lane(int priority) {
  auto it = lanes_.begin();
  while (it != lanes_.end() && (*it)->priority < priority)
    ++it;
  if (it == lanes_.end() || (*it)->priority != priority) {
    auto lane = std::make_unique<Lane>();
    lane->priority = priority;
    it = lanes_.insert(it, std::move(lane));
  }
  last_lane_ = it->get();
  return *last_lane_;
}

void Resource::dequeue(RequestBase* request) {
  request->unlink();
  --queued_;
  note_queue();
}

}  // namespace clearsim::sim
