#include "sim/kernel/resource_group.hpp"

#include <algorithm>
#include <stdexcept>

namespace clearsim::sim {

ResourceGroup::~ResourceGroup() {
  // Waiting processes point into this group: end them first (as a dying Resource does).
  if (sim_.live_processes() > 0) sim_.shutdown();
  for (Resource* r : members_)
    r->group_ = nullptr;
}

void ResourceGroup::forget(Resource& resource) {
  members_.erase(std::remove(members_.begin(), members_.end(), &resource), members_.end());
}

void ResourceGroup::add(Resource& resource) {
  if (resource.group_ == this) return;
  if (resource.group_)
    throw std::invalid_argument("ResourceGroup::add: " + resource.name() +
                                " already belongs to another group");
  if (resource.discipline() == Resource::Discipline::preemptive)
    throw std::invalid_argument("ResourceGroup::add: " + resource.name() + " is preemptive");
  resource.group_ = this;
  members_.push_back(&resource);
}

ResourceGroup::Acquire::Acquire(ResourceGroup& group, Resource* const* resources, std::size_t count,
                                int priority)
    : group_(&group), count_(count), priority_(priority) {
  if (count == 0 || count > kMaxResources)
    throw std::invalid_argument("ResourceGroup::acquire: between 1 and 8 resources");
  for (std::size_t i = 0; i < count; ++i) {
    Resource* r = resources[i];
    if (!r || r->group_ != &group)
      throw std::invalid_argument("ResourceGroup::acquire: a resource not in the group");
    if (std::find(resources_.begin(), resources_.begin() + i, r) != resources_.begin() + i)
      throw std::invalid_argument("ResourceGroup::acquire: " + r->name() + " named twice");
    resources_[i] = r;
  }
}

ResourceGroup::Acquire::Acquire(Acquire&& other) noexcept
    : detail::WaitNode(),
      group_(other.group_),
      resources_(other.resources_),
      count_(other.count_),
      priority_(other.priority_) {}

bool ResourceGroup::Acquire::await_suspend(Simulation::Handle h) {
  handle_ = h;
  if (group_->all_free(*this)) {
    for (std::size_t i = 0; i < count_; ++i)
      resources_[i]->waits_.add(0.0);
    group_->take(*this);
    handle_ = {};
    return false;  // everything was free: carry on without suspending
  }
  enqueued_at_ = group_->sim_.now();
  group_->enqueue(this);
  group_->sim_.suspend(h, this);
  return true;
}

ResourceGroup::Bundle ResourceGroup::Acquire::await_resume() {
  if (handle_) {
    Simulation& sim = group_->sim_;
    if (sim.interrupt_pending(handle_) && granted_) {
      bundle_.release();
      granted_ = false;
    }
    sim.resumed(handle_);  // throws Interrupted if interrupted
  }
  return std::move(bundle_);
}

void ResourceGroup::Acquire::cancel() noexcept {
  if (linked()) group_->dequeue(this);
}

bool ResourceGroup::all_free(const Acquire& request) const {
  for (std::size_t i = 0; i < request.count_; ++i)
    if (!request.resources_[i]->free_for_group()) return false;
  return true;
}

void ResourceGroup::take(Acquire& request) {
  for (std::size_t i = 0; i < request.count_; ++i) {
    Resource* r = request.resources_[i];
    const Resource::Grant grant = r->take_unit(request.priority_, request.handle_);
    request.bundle_.units_[i] = Resource::Unit(r, grant.slot, grant.ticket);
  }
  request.bundle_.count_ = request.count_;
  request.granted_ = true;
}

ResourceGroup::Lane& ResourceGroup::lane_for(int priority) {
  auto it = lanes_.begin();
  while (it != lanes_.end() && (*it)->priority < priority)
    ++it;
  if (it != lanes_.end() && (*it)->priority == priority) return **it;
  auto lane = std::make_unique<Lane>();
  lane->priority = priority;
  return **lanes_.insert(it, std::move(lane));
}

void ResourceGroup::enqueue(Acquire* request) {
  lane_for(request->priority_).waiting.push_back(request);
  ++waiting_;
  for (std::size_t i = 0; i < request->count_; ++i) {
    ++request->resources_[i]->group_waiting_;
    request->resources_[i]->note_queue();
  }
}

void ResourceGroup::dequeue(Acquire* request) {
  request->unlink();
  --waiting_;
  for (std::size_t i = 0; i < request->count_; ++i) {
    --request->resources_[i]->group_waiting_;
    request->resources_[i]->note_queue();
  }
}

// Grants, in priority-FIFO order, every waiting request whose units are all free. Each new
// holder runs (up to its next wait) before the scan goes on, and may give units back or
// ask again: a call made meanwhile only asks the running scan to start over.
void ResourceGroup::grant_waiting() {
  if (granting_) {
    grant_again_ = true;
    return;
  }
  granting_ = true;
  do {
    grant_again_ = false;
    for (auto& lane : lanes_) {
      for (auto* node = lane->waiting.front(); node && waiting_ > 0;) {
        auto* request = static_cast<Acquire*>(node);
        if (!all_free(*request)) {
          node = node->next();
          continue;
        }
        dequeue(request);
        const Time waited = sim_.now() - request->enqueued_at_;
        for (std::size_t i = 0; i < request->count_; ++i)
          request->resources_[i]->waits_.add(waited);
        take(*request);
        sim_.resume_now(request->handle_);
        grant_again_ = true;  // the lanes may have changed under us: scan again
        break;
      }
      if (grant_again_) break;
    }
  } while (grant_again_ && waiting_ > 0);
  granting_ = false;
}

}  // namespace clearsim::sim
