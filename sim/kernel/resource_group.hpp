#pragma once
// Several resources acquired together, all or nothing: a request is granted one unit of
// every resource it names at the same instant, or waits holding none of them. A process
// that needs a place and two crews therefore never holds the place idle while it waits
// for a crew (no hold-and-wait, and no deadlock between requests that overlap).
//
// Waiting requests are served in priority order (lower numbers first), FIFO within a
// priority, first fit: when units come back, every waiting request whose units are all
// free is granted, in that order. A request that needs a busy unit does not block one
// behind it that can start (work-conserving); under sustained overload a request for many
// resources can wait longer than its FIFO position suggests.
//
// Units freed by a member resource go first to that resource's own queue (direct
// acquire()), then to the group. The group's waiting requests count in each member's
// queue statistics and queue_length(), and their waits in each member's waits().
#include <array>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <vector>

#include "sim/kernel/resource.hpp"

namespace clearsim::sim {

class ResourceGroup {
 public:
  static constexpr std::size_t kMaxResources = 8;  // per request

  explicit ResourceGroup(Simulation& sim) : sim_(sim) {}
  ResourceGroup(const ResourceGroup&) = delete;
  ResourceGroup& operator=(const ResourceGroup&) = delete;
  ~ResourceGroup();

  // Makes `resource` acquirable through this group (a resource joins one group at most;
  // preemptive resources cannot join).
  void add(Resource& resource);

  // One unit of each resource of a request, given back together when it goes out of scope.
  class Bundle {
   public:
    Bundle() = default;
    void release() {
      for (std::size_t i = 0; i < count_; ++i)
        units_[i].release();
      count_ = 0;
    }
    std::size_t size() const { return count_; }

   private:
    friend class ResourceGroup;
    std::array<Resource::Unit, kMaxResources> units_;
    std::size_t count_ = 0;
  };

  class Acquire;
  // `auto held = co_await group.acquire(needs, n, priority);` Every resource must have been
  // added to the group; at most kMaxResources, none twice. (In a coroutine, pass an array:
  // GCC 12 miscompiles an initializer list inside a co_await expression.)
  Acquire acquire(std::initializer_list<Resource*> resources, int priority = 0);
  Acquire acquire(Resource* const* resources, std::size_t count, int priority = 0);

  std::size_t queue_length() const { return waiting_; }

 private:
  friend class Resource;
  struct Lane {
    int priority;
    detail::WaitList waiting;
  };

  bool all_free(const Acquire& request) const;
  void take(Acquire& request);
  void enqueue(Acquire* request);
  void dequeue(Acquire* request);
  void grant_waiting();             // called by member resources when units come back
  void forget(Resource& resource);  // a member is being destroyed
  Lane& lane_for(int priority);

  Simulation& sim_;
  std::vector<Resource*> members_;
  std::vector<std::unique_ptr<Lane>> lanes_;  // sorted by priority
  std::size_t waiting_ = 0;
  bool granting_ = false;
  bool grant_again_ = false;
};

class ResourceGroup::Acquire final : public detail::WaitNode, public detail::Waiter {
 public:
  Acquire(ResourceGroup& group, Resource* const* resources, std::size_t count, int priority);
  Acquire(Acquire&& other) noexcept;

  bool await_ready() const noexcept { return false; }
  bool await_suspend(Simulation::Handle h);
  Bundle await_resume();
  void cancel() noexcept override;

 private:
  friend class ResourceGroup;
  ResourceGroup* group_;
  std::array<Resource*, kMaxResources> resources_{};
  std::size_t count_ = 0;
  int priority_ = 0;
  Simulation::Handle handle_;
  Time enqueued_at_ = 0;
  Bundle bundle_;
  bool granted_ = false;
};

inline ResourceGroup::Acquire ResourceGroup::acquire(std::initializer_list<Resource*> resources,
                                                     int priority) {
  return Acquire(*this, resources.begin(), resources.size(), priority);
}

inline ResourceGroup::Acquire ResourceGroup::acquire(Resource* const* resources, std::size_t count,
                                                     int priority) {
  return Acquire(*this, resources, count, priority);
}

}  // namespace clearsim::sim
