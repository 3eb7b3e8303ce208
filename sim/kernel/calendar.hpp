#pragma once
// The event calendar: what happens next, and in which order.
//
// An implicit 4-ary heap keyed by (time, insertion sequence) holds future events; a FIFO
// holds events due at the current time, so the zero-delay wake-ups that dominate process
// interaction (a signal waking its waiters, an interrupt) never touch the heap. Ties are
// broken by insertion order everywhere, which makes runs deterministic.
//
// The key is one unsigned 128-bit integer: the bit pattern of a non-negative double orders
// like the double, so (time bits << 64 | sequence) compares with a single wide comparison
// and no data-dependent branch on "times equal?".
//
// Popping leaves the minimum in place, marked taken; the next push into the heap overwrites
// it, instead of a sift-down for the pop and a sift-up for the push. A process that wakes up
// and waits again does exactly that pop-then-push.
//
// Layout and sifting (measured in bench/calendar_variants.cpp):
//  - Keys and targets live in separate arrays, and the key array is offset so that the four
//    children of a node (4i+1 .. 4i+4) fill exactly one 64-byte cache line: a level of a
//    sift reads one line of keys.
//  - Four sentinel keys (all ones, greater than any real key) follow the last entry, so every
//    family can be read whole: no test for a short last family.
//  - The root's replacement sinks bottom-up (Floyd): the hole follows the least child down to
//    a leaf without comparing against the new entry, which then rises from there. A new event
//    usually belongs near the bottom, so this saves a comparison and a hard-to-predict exit
//    branch per level; the least of four children is chosen with masks, not branches.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <vector>

namespace clearsim::sim {

using Time = double;
inline constexpr Time kForever = std::numeric_limits<Time>::infinity();

class Calendar {
 public:
  struct Entry {
    Time time;
    std::uint64_t seq;
    std::uintptr_t target;  // opaque to the calendar
  };

  Calendar() = default;
  Calendar(const Calendar&) = delete;
  Calendar& operator=(const Calendar&) = delete;
  ~Calendar() { release(); }

  // Schedules `target` at `time` (>= the time of the last event popped) and returns the
  // entry's sequence number, unique and increasing.
  std::uint64_t push(Time time, std::uintptr_t target) {
    const std::uint64_t seq = ++last_seq_;
    if (time == now_) {
      due_now_.push_back(Slot{seq, target});
      return seq;
    }
    // Past the test above, time > now_ >= 0 for every valid time: no -0.0, no NaN.
    if (!(time > now_)) [[unlikely]]
      reject(time);
    const Key key = key_of(time, seq);
    if (root_taken_) {
      root_taken_ = false;
      replace_top(key, target);
    } else {
      push_heap(key, target);
    }
    return seq;
  }

  // The same as push(), for code that schedules from many places (the kernel's awaiters):
  // the commonest case of a small model -- the root was just popped and at most one other
  // event waits, as in a single queue -- inline, decided by one comparison; everything else in
  // one out-of-line copy of push(). (Inlining all of push() everywhere costs more than the
  // call; calling it for the small case costs a fifth of an M/M/1 customer's calendar time.)
  std::uint64_t schedule(Time time, std::uintptr_t target) {
    if (root_taken_ && n_ <= 2 && time > now_) {
      const std::uint64_t seq = ++last_seq_;
      root_taken_ = false;
      replace_small(key_of(time, seq), target);
      return seq;
    }
    return push_out_of_line(time, target);
  }

  bool empty() const { return heap_size() == 0 && due_now_.empty(); }
  std::size_t size() const { return heap_size() + due_now_.size(); }
  Time now() const { return now_; }

  // Time of the next event; kForever when there is none.
  Time next_time() {
    if (!due_now_.empty()) return now_;
    settle();
    return n_ == 0 ? kForever : time_of(keys_[0]);
  }

  // Removes and returns the next event. Precondition: !empty().
  Entry pop() {
    Entry entry;
    pop_until(kForever, entry);
    return entry;
  }

  // Pops the next event into `out` if there is one at or before `limit` (>= now).
  bool pop_until(Time limit, Entry& out) {
    settle();
    if (!due_now_.empty()) [[unlikely]] {
      if (!heap_front_precedes(due_now_.front())) {
        const Slot slot = due_now_.pop_front();
        out = Entry{now_, slot.seq, slot.target};
        return true;
      }
    } else if (n_ == 0) {
      return false;
    }
    const Key top = keys_[0];
    const Time time = time_of(top);
    if (time > limit) return false;
    root_taken_ = true;
    now_ = time;
    out = Entry{time, seq_of(top), targets_[0]};
    return true;
  }

  // Sets the clock without an event (e.g. to the end of a run); never backwards.
  void advance_to(Time time) {
    if (time < now_) throw std::logic_error("Calendar::advance_to: time would go backwards");
    if (time != now_ && !due_now_.empty())
      throw std::logic_error("Calendar::advance_to: events are still due at the current time");
    now_ = time;
  }

  // Visits every pending entry (in no particular order); used to release owned targets.
  template <class F>
  void for_each(F&& visit) const {
    for (std::size_t i = root_taken_ ? 1 : 0; i < n_; ++i)
      visit(Entry{time_of(keys_[i]), seq_of(keys_[i]), targets_[i]});
    due_now_.for_each([&](const Slot& s) { visit(Entry{now_, s.seq, s.target}); });
  }

  void clear() {
    for (std::size_t i = 0; i < n_; ++i)
      keys_[i] = kSentinel;
    n_ = 0;
    due_now_.clear();
    root_taken_ = false;
  }

 private:
  using Key = unsigned __int128;
  static constexpr Key kSentinel = ~Key{0};
  static constexpr std::size_t kLine = 64;  // bytes: four keys
  struct Slot {
    std::uint64_t seq;
    std::uintptr_t target;
  };

  // A growable ring buffer; std::deque allocates in blocks and is measurably slower here.
  class Ring {
   public:
    bool empty() const { return count_ == 0; }
    void push_back(Slot s) {
      if (count_ == buffer_.size()) grow();
      buffer_[(head_ + count_) & (buffer_.size() - 1)] = s;
      ++count_;
    }
    const Slot& front() const { return buffer_[head_]; }
    Slot pop_front() {
      const Slot s = buffer_[head_];
      head_ = (head_ + 1) & (buffer_.size() - 1);
      --count_;
      return s;
    }
    std::size_t size() const { return count_; }
    void clear() { head_ = count_ = 0; }
    template <class F>
    void for_each(F&& visit) const {
      for (std::size_t i = 0; i < count_; ++i)
        visit(buffer_[(head_ + i) & (buffer_.size() - 1)]);
    }

   private:
    void grow() {
      std::vector<Slot> bigger(buffer_.empty() ? 64 : 2 * buffer_.size());
      for (std::size_t i = 0; i < count_; ++i)
        bigger[i] = buffer_[(head_ + i) & (buffer_.size() - 1)];
      buffer_.swap(bigger);
      head_ = 0;
    }
    std::vector<Slot> buffer_;
    std::size_t head_ = 0;
    std::size_t count_ = 0;
  };

  static Key key_of(Time time, std::uint64_t seq) {
    return (Key{std::bit_cast<std::uint64_t>(time)} << 64) | seq;
  }
  static Time time_of(Key key) {
    return std::bit_cast<Time>(static_cast<std::uint64_t>(key >> 64));
  }
  static std::uint64_t seq_of(Key key) { return static_cast<std::uint64_t>(key); }

  [[noreturn]] void reject(Time time) const {
    if (!(time >= 0)) throw std::invalid_argument("Calendar: event time must be >= 0 and not NaN");
    throw std::invalid_argument("Calendar: event scheduled in the past");
  }

  std::size_t heap_size() const { return n_ - (root_taken_ ? 1 : 0); }

  // Completes a pop whose removal was deferred: the last entry replaces the root.
  void settle() {
    if (!root_taken_) return;
    root_taken_ = false;
    --n_;
    const Key key = keys_[n_];
    const std::uintptr_t target = targets_[n_];
    keys_[n_] = kSentinel;
    if (n_ > 0) replace_top(key, target);
  }

  // An entry in the heap due now and inserted before the FIFO's head goes first.
  bool heap_front_precedes(const Slot& slot) const {
    return n_ > 0 && keys_[0] < key_of(now_, slot.seq);
  }

  [[gnu::noinline]] std::uint64_t push_out_of_line(Time time, std::uintptr_t target) {
    return push(time, target);
  }

  // replace_top() when the heap holds at most the root and one child.
  void replace_small(Key key, std::uintptr_t target) {
    if (n_ == 2 && !(key < keys_[1])) {
      keys_[0] = keys_[1];
      targets_[0] = targets_[1];
      keys_[1] = key;
      targets_[1] = target;
    } else {
      keys_[0] = key;
      targets_[0] = target;
    }
  }

  void push_heap(Key key, std::uintptr_t target) {
    if (n_ == capacity_) grow();
    sift_up(n_++, key, target);
  }

  // Moves the hole at `hole` up past every parent later than `key`, then fills it.
  void sift_up(std::size_t hole, Key key, std::uintptr_t target) {
    Key* k = keys_;
    std::uintptr_t* t = targets_;
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / 4;
      if (!(key < k[parent])) break;
      k[hole] = k[parent];
      t[hole] = t[parent];
      hole = parent;
    }
    k[hole] = key;
    t[hole] = target;
  }

  // The least of the four children from `first` (sentinels stand in past the end): two
  // independent pairs, then their winners, chosen with masks (GCC turns ?: here into branches).
  static std::size_t least_of_four(const Key* k, std::size_t first) {
    const std::size_t a = first + static_cast<std::size_t>(k[first + 1] < k[first]);
    const std::size_t b = first + 2 + static_cast<std::size_t>(k[first + 3] < k[first + 2]);
    const std::size_t mask = std::size_t{0} - static_cast<std::size_t>(k[b] < k[a]);
    return (b & mask) | (a & ~mask);
  }

  // Fills the hole at the root with (key, target): Floyd's bottom-up sift, after one test at
  // the root itself (in small heaps, such as a single queue's, the new event is often next).
  void replace_top(Key key, std::uintptr_t target) {
    if (n_ <= 2) {  // at most one other entry: a single comparison
      replace_small(key, target);
      return;
    }
    Key* k = keys_;
    std::uintptr_t* t = targets_;
    const std::size_t n = n_;
    std::size_t best = least_of_four(k, 1);
    if (key < k[best]) {
      k[0] = key;
      t[0] = target;
      return;
    }
    std::size_t hole = 0;
    for (;;) {
      k[hole] = k[best];
      t[hole] = t[best];
      hole = best;
      const std::size_t first = 4 * hole + 1;
      if (first >= n) break;
      best = least_of_four(k, first);
    }
    sift_up(hole, key, target);
  }

  // Doubles the arrays. Keys sit three slots into a line-aligned block, so that slot 1 (and
  // every first child, 4i + 1) starts a cache line; four sentinels follow the last slot.
  void grow() {
    const std::size_t capacity = capacity_ == 0 ? 60 : 2 * capacity_ + 4;
    const std::size_t slots = capacity + 3 + 4 + 1;  // lead-in, sentinels, rounding to a line
    auto* block = static_cast<Key*>(::operator new (slots * sizeof(Key), std::align_val_t{kLine}));
    Key* keys = block + 3;
    auto* targets = new std::uintptr_t[capacity + 4];
    if (n_ > 0) {
      std::memcpy(static_cast<void*>(keys), keys_, n_ * sizeof(Key));
      std::memcpy(targets, targets_, n_ * sizeof(std::uintptr_t));
    }
    for (std::size_t i = n_; i < capacity + 4; ++i) {
      keys[i] = kSentinel;
      targets[i] = 0;
    }
    release();
    block_ = block;
    keys_ = keys;
    targets_ = targets;
    capacity_ = capacity;
  }

  void release() {
    if (block_) ::operator delete (block_, std::align_val_t{kLine});
    delete[] targets_;
  }

  Key* block_ = nullptr;
  Key* keys_ = nullptr;
  std::uintptr_t* targets_ = nullptr;
  std::size_t n_ = 0;         // entries in the heap (the taken root included)
  std::size_t capacity_ = 0;  // entries the arrays hold before the next grow()
  Ring due_now_;
  Time now_ = 0;
  std::uint64_t last_seq_ = 0;
  bool root_taken_ = false;  // keys_[0] was popped; the next push or pop replaces it
};

}  // namespace clearsim::sim
