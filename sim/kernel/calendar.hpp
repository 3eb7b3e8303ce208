#pragma once
// The event calendar: what happens next, and in which order.
//
// An implicit 4-ary heap keyed by (time, insertion sequence) holds future events; a FIFO
// holds events due at the current time, so the zero-delay wake-ups that dominate process
// interaction (a signal waking its waiters, an interrupt) never touch the heap. Ties are
// broken by insertion order everywhere, which makes runs deterministic.
//
// Popping leaves the minimum in place, marked taken; the next push into the heap overwrites
// it and sifts down once, instead of a sift-down for the pop and a sift-up for the push.
// A process that wakes up and waits again does exactly that pop-then-push.
//
// The key is one unsigned 128-bit integer: the bit pattern of a non-negative double orders
// like the double, so (time bits << 64 | sequence) compares with a single wide comparison
// and no data-dependent branch on "times equal?".
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
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

  // Schedules `target` at `time` (>= the time of the last event popped) and returns the
  // entry's sequence number, unique and increasing.
  std::uint64_t push(Time time, std::uintptr_t target) {
    const std::uint64_t seq = ++last_seq_;
    if (time == now_) {
      due_now_.push_back(Slot{seq, target});
    } else {
      if (time < now_) throw std::invalid_argument("Calendar: event scheduled in the past");
      const Node node{key_of(time, seq), target};
      if (root_taken_) {
        root_taken_ = false;
        sift_down(node);
      } else {
        push_heap(node);
      }
    }
    return seq;
  }

  bool empty() const { return heap_size() == 0 && due_now_.empty(); }
  std::size_t size() const { return heap_size() + due_now_.size(); }
  Time now() const { return now_; }

  // Time of the next event; kForever when there is none.
  Time next_time() {
    if (!due_now_.empty()) return now_;
    settle();
    return heap_.empty() ? kForever : time_of(heap_.front().key);
  }

  // Removes and returns the next event. Precondition: !empty().
  Entry pop() {
    settle();
    if (!due_now_.empty() && !heap_front_precedes(due_now_.front())) {
      const Slot slot = due_now_.pop_front();
      return Entry{now_, slot.seq, slot.target};
    }
    const Node& top = heap_.front();
    root_taken_ = true;
    now_ = time_of(top.key);
    return Entry{now_, seq_of(top.key), top.target};
  }

  // Pops the next event into `out` if there is one at or before `limit` (>= now).
  bool pop_until(Time limit, Entry& out) {
    settle();
    if (due_now_.empty()) {
      if (heap_.empty() || time_of(heap_.front().key) > limit) return false;
    }
    out = pop();
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
    for (std::size_t i = root_taken_ ? 1 : 0; i < heap_.size(); ++i)
      visit(Entry{time_of(heap_[i].key), seq_of(heap_[i].key), heap_[i].target});
    due_now_.for_each([&](const Slot& s) { visit(Entry{now_, s.seq, s.target}); });
  }

  void clear() {
    heap_.clear();
    due_now_.clear();
    root_taken_ = false;
  }

 private:
  using Key = unsigned __int128;
  struct alignas(16) Node {
    Key key;
    std::uintptr_t target;
  };
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
    if (!(time >= 0)) throw std::invalid_argument("Calendar: event time must be >= 0 and not NaN");
    // +0.0 folds -0.0 into 0.0, whose bit pattern would otherwise sort after every time.
    const auto bits = std::bit_cast<std::uint64_t>(time + 0.0);
    return (Key{bits} << 64) | seq;
  }
  static Time time_of(Key key) {
    return std::bit_cast<Time>(static_cast<std::uint64_t>(key >> 64));
  }
  static std::uint64_t seq_of(Key key) { return static_cast<std::uint64_t>(key); }

  std::size_t heap_size() const { return heap_.size() - (root_taken_ ? 1 : 0); }

  // Completes a pop whose removal was deferred.
  void settle() {
    if (root_taken_) {
      root_taken_ = false;
      pop_heap();
    }
  }

  // An entry in the heap due now and inserted before the FIFO's head goes first.
  bool heap_front_precedes(const Slot& slot) const {
    return !heap_.empty() && heap_.front().key < key_of(now_, slot.seq);
  }

  void push_heap(Node node) {
    std::size_t hole = heap_.size();
    heap_.push_back(node);
    Node* h = heap_.data();
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / 4;
      if (!(node.key < h[parent].key)) break;
      h[hole] = h[parent];
      hole = parent;
    }
    h[hole] = node;
  }

  void pop_heap() {
    const Node last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
  }

  // Moves `node` down from the root into the hole left by the popped minimum.
  void sift_down(Node node) {
    Node* h = heap_.data();
    const std::size_t n = heap_.size();
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first = 4 * hole + 1;
      if (first >= n) break;
      std::size_t best = first;
      if (first + 3 < n) {
        // Full family: select the minimum with conditional moves, not branches.
        const std::size_t a = h[first + 1].key < h[first].key ? first + 1 : first;
        const std::size_t b = h[first + 3].key < h[first + 2].key ? first + 3 : first + 2;
        best = h[b].key < h[a].key ? b : a;
      } else {
        for (std::size_t c = first + 1; c < n; ++c)
          if (h[c].key < h[best].key) best = c;
      }
      if (!(h[best].key < node.key)) break;
      h[hole] = h[best];
      hole = best;
    }
    h[hole] = node;
  }

  std::vector<Node> heap_;
  Ring due_now_;
  Time now_ = 0;
  std::uint64_t last_seq_ = 0;
  bool root_taken_ = false;  // heap_[0] was popped; the next push or pop replaces it
};

}  // namespace clearsim::sim
