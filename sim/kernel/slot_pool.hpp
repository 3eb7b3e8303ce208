#pragma once
// Objects with stable addresses, recycled: for things a model keeps by the hundred thousand
// and hands to the kernel by reference (a Timer must not move while it is pending). Slots are
// made a block at a time and never freed before the pool, so taking one is a pointer pop and
// a recycled slot is the one most recently given back (still in cache).
#include <cstddef>
#include <memory>
#include <vector>

namespace clearsim::sim {

template <class T, std::size_t kBlock = 1024>
class SlotPool {
 public:
  // A slot holding a default-constructed T, or whatever its last user left in it: the caller
  // sets every field it reads.
  T& take() {
    if (free_.empty()) grow();
    T* slot = free_.back();
    free_.pop_back();
    return *slot;
  }
  // The caller has released what the slot owns (or the pool's end will).
  void give_back(T& slot) { free_.push_back(&slot); }

  std::size_t capacity() const { return blocks_.size() * kBlock; }

 private:
  void grow() {
    blocks_.push_back(std::make_unique<T[]>(kBlock));
    T* block = blocks_.back().get();
    for (std::size_t i = kBlock; i-- > 0;)
      free_.push_back(block + i);  // the block's first slot is taken first
  }

  std::vector<std::unique_ptr<T[]>> blocks_;
  std::vector<T*> free_;
};

}  // namespace clearsim::sim
