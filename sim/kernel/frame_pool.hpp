#pragma once
// Recycles coroutine frames. A model starts one process per container, so frame allocation
// is on the hot path; a per-thread free list per 64-byte size class turns it into a pointer
// pop. Frames are returned to the pool of the thread that frees them, which is the thread
// that ran the simulation (one simulation never spans threads).
#include <cstddef>
#include <new>

// CLEARSIM_FRAME_POOL=0 turns the pool off (plain operator new/delete), so the benchmarks can
// measure what it saves.
#ifndef CLEARSIM_FRAME_POOL
#define CLEARSIM_FRAME_POOL 1
#endif

namespace clearsim::sim::detail {

class FramePool {
 public:
  static constexpr std::size_t kGranule = 64;
  static constexpr std::size_t kClasses = 32;  // pooled up to 2 KiB; larger frames use new

  static void* allocate(std::size_t size) {
    if constexpr (!CLEARSIM_FRAME_POOL) return ::operator new(size);
    const std::size_t cls = size_class(size);
    if (cls >= kClasses) return ::operator new(size);
    FreeBlock*& head = lists.heads[cls];
    if (head) {
      FreeBlock* block = head;
      head = block->next;
      return block;
    }
    Releaser::ensure();
    return ::operator new(cls* kGranule);
  }

  static void deallocate(void* p, std::size_t size) noexcept {
    if constexpr (!CLEARSIM_FRAME_POOL) {
      ::operator delete(p);
      return;
    }
    const std::size_t cls = size_class(size);
    if (cls >= kClasses) {
      ::operator delete(p);
      return;
    }
    FreeBlock*& head = lists.heads[cls];
    head = new (p) FreeBlock{head};
  }

 private:
  struct FreeBlock {
    FreeBlock* next;
  };
  struct Lists {
    FreeBlock* heads[kClasses];
  };

  // Gives the thread's blocks back when the thread ends. A separate object so that the hot
  // path touches only `lists`, a trivially destructible thread_local, which needs no
  // initialisation guard on every access.
  struct Releaser {
    static void ensure() { thread_local Releaser releaser; }
    ~Releaser() {
      for (FreeBlock*& head : lists.heads) {
        while (head) {
          FreeBlock* next = head->next;
          ::operator delete(head);
          head = next;
        }
      }
    }
  };

  static std::size_t size_class(std::size_t size) { return (size + kGranule - 1) / kGranule; }

  static inline thread_local Lists lists{};
};

}  // namespace clearsim::sim::detail
