#pragma once
// Processes: C++20 coroutines that wait for time, resources and events, SimPy style.
//
//   Process customer(Simulation& sim, Resource& server) {
//     auto unit = co_await server.acquire();
//     co_await sim.delay(service_time);
//   }                                   // the unit is released when it goes out of scope
//
// A function returning Process is a process. `sim.start(f(...))` runs it as a process of
// its own; `co_await f(...)` inside another process runs it as a step of that process
// (its exceptions, interrupts included, propagate to the caller).
#include <coroutine>
#include <cstdint>
#include <exception>
#include <utility>

#include "sim/kernel/calendar.hpp"
#include "sim/kernel/frame_pool.hpp"
#include "sim/kernel/wait_list.hpp"

namespace clearsim::sim {

class Simulation;

// Why a process was interrupted.
struct InterruptCause {
  enum class Kind : std::uint8_t { user, preempted };
  Kind kind = Kind::user;
  std::int64_t code = 0;         // free for the model's own meaning
  const void* source = nullptr;  // the resource that preempted (Kind::preempted)
};

// Thrown out of the wait a process was in when another process interrupted it.
class Interrupted : public std::exception {
 public:
  explicit Interrupted(InterruptCause cause) : cause_(cause) {}
  const InterruptCause& cause() const noexcept { return cause_; }
  const char* what() const noexcept override {
    return cause_.kind == InterruptCause::Kind::preempted ? "process preempted from a resource"
                                                          : "process interrupted";
  }

 private:
  InterruptCause cause_;
};

namespace detail {

// A wait in progress that an interrupt must be able to call off (unlink from a queue).
struct Waiter {
  virtual void cancel() noexcept = 0;

 protected:
  ~Waiter() = default;
};

}  // namespace detail

class [[nodiscard]] Process {
 public:
  struct promise_type;
  using Handle = std::coroutine_handle<promise_type>;

  // A nested call suspends at its end and hands control back to its caller, whose Process
  // object then destroys the frame. A process of its own does not suspend: the simulation
  // does its bookkeeping in await_ready() and the frame is destroyed as the coroutine
  // completes, without a second trip through the frame's destroy function.
  struct FinalAwaiter {
    promise_type* promise;
    inline bool await_ready() const noexcept;  // in simulation.hpp
    std::coroutine_handle<> await_suspend(Handle) const noexcept;
    void await_resume() const noexcept {}
  };

  struct promise_type {
    // Every frame.
    promise_type* root = this;             // the top-level process this frame runs in
    std::coroutine_handle<> continuation;  // the awaiting frame of a nested call
    std::exception_ptr exception;
    std::uint64_t wake_seq = 0;  // the calendar entry that may resume this frame; 0: none

    // Root frames only (a nested frame's copies are unused).
    Simulation* sim = nullptr;
    Handle suspended;  // the innermost frame, while the process waits
    detail::Waiter* waiting_on = nullptr;
    detail::WaitList joiners;  // processes waiting in ProcessRef::join()
    std::uint32_t slot = 0;    // in the simulation's table of live processes
    bool interrupt_pending = false;
    InterruptCause interrupt;

    Process get_return_object() noexcept { return Process(Handle::from_promise(*this)); }
    std::suspend_always initial_suspend() const noexcept { return {}; }
    FinalAwaiter final_suspend() noexcept { return {this}; }
    void return_void() const noexcept {}
    void unhandled_exception() noexcept { exception = std::current_exception(); }

    static void* operator new(std::size_t size) { return detail::FramePool::allocate(size); }
    static void operator delete(void* p, std::size_t size) noexcept {
      detail::FramePool::deallocate(p, size);
    }
  };

  Process(Process&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Process& operator=(Process&&) = delete;
  ~Process() {
    if (handle_) handle_.destroy();
  }

  // `co_await f(...)`: run f as a step of the awaiting process.
  auto operator co_await() && noexcept;

 private:
  friend class Simulation;
  explicit Process(Handle h) noexcept : handle_(h) {}
  Handle release() noexcept { return std::exchange(handle_, {}); }

  Handle handle_;
};

namespace detail {

struct NestedCall {
  Process::Handle child;

  bool await_ready() const noexcept { return false; }
  Process::Handle await_suspend(Process::Handle parent) noexcept {
    Process::promise_type& callee = child.promise();
    callee.root = parent.promise().root;
    callee.continuation = parent;
    return child;  // symmetric transfer: no trip through the calendar
  }
  void await_resume() const {
    if (child.promise().exception) std::rethrow_exception(child.promise().exception);
  }
};

}  // namespace detail

inline auto Process::operator co_await() && noexcept {
  return detail::NestedCall{handle_};
}

}  // namespace clearsim::sim
