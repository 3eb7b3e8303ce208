// Event-queue designs compared on the hold model (see bench/hold.cpp): N events pending; pop
// the earliest, push it back at its time + Exp(1). Each variant differs from a neighbour in
// one of the choices sim/calendar.hpp makes, so the figures price those choices:
//
//   std-pq          std::priority_queue, (time, seq) compared field by field
//   binary-heap     hand-written binary heap (holes, not swaps), one 128-bit key
//   4ary-2field     4-ary heap, (time, seq) compared field by field, with branches
//   4ary-plain      4-ary heap, 128-bit key, pop then push (two sifts per hold)
//   8ary-plain      8-ary heap, 128-bit key, pop then push
//   v1              sim::Calendar until issue 14: 4-ary, 128-bit key in 32-byte nodes,
//                   deferred root removal, due-now FIFO, top-down sift with an early exit
//   v1+masks        v1 choosing the least of four children with masks instead of ?:
//                   (which GCC 12 compiles to branches)
//   v1+masks+floyd  the root's replacement sinks bottom-up (Floyd), sentinels after the end
//   Calendar        sim::Calendar: the above with keys and targets in separate arrays, each
//                   family of four keys in one cache line
//
//   bench_calendar_variants [pending=1000 | all] [operations=20000000] [rounds=3]
//
// `all` runs N = 10, 1000 and 100000. Before timing, every variant replays the same hold
// run and must pop the same (time, seq, target) sequence as std-pq, or the program aborts.
// The variants are timed round-robin, `rounds` (3) times; the median CPU time is printed as
// events per CPU second, with its ratio to v1, so load that drifts affects every variant alike.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <queue>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_util.hpp"
#include "hold_model.hpp"
#include "sim/kernel/calendar.hpp"
#include "sim/kernel/random.hpp"

namespace {

using namespace clearsim;
using sim::Time;

struct Event {
  Time time;
  std::uint64_t seq;
  std::uintptr_t target;
};

// Earlier time first, then earlier insertion: the obvious two-field order, with a branch on
// "times equal?".
bool earlier(const Event& a, const Event& b) {
  if (a.time != b.time) return a.time < b.time;
  return a.seq < b.seq;
}

// ---- std::priority_queue --------------------------------------------------------------

class StdPriorityQueue {
 public:
  void push(Time time, std::uintptr_t target) { queue_.push(Event{time, ++last_seq_, target}); }
  Event pop() {
    const Event top = queue_.top();
    queue_.pop();
    return top;
  }

 private:
  // priority_queue keeps its greatest element on top, so "later" plays less-than.
  struct Later {
    bool operator()(const Event& a, const Event& b) const { return earlier(b, a); }
  };
  std::priority_queue<Event, std::vector<Event>, Later> queue_;
  std::uint64_t last_seq_ = 0;
};

// ---- d-ary heaps ----------------------------------------------------------------------

using Key = unsigned __int128;

// Heap node ordered by one 128-bit key, built exactly as sim::Calendar builds it.
struct alignas(16) KeyNode {
  Key key;
  std::uintptr_t target;

  static KeyNode make(Time time, std::uint64_t seq, std::uintptr_t target) {
    if (!(time >= 0)) throw std::invalid_argument("event time must be >= 0 and not NaN");
    const auto bits = std::bit_cast<std::uint64_t>(time + 0.0);
    return KeyNode{(Key{bits} << 64) | seq, target};
  }
  static bool less(const KeyNode& a, const KeyNode& b) { return a.key < b.key; }
  Event event() const {
    const auto bits = static_cast<std::uint64_t>(key >> 64);
    return Event{std::bit_cast<Time>(bits), static_cast<std::uint64_t>(key), target};
  }
};

// Heap node ordered field by field (24 bytes against KeyNode's 32).
struct FieldNode {
  Event e;

  static FieldNode make(Time time, std::uint64_t seq, std::uintptr_t target) {
    return FieldNode{Event{time, seq, target}};
  }
  static bool less(const FieldNode& a, const FieldNode& b) { return earlier(a.e, b.e); }
  Event event() const { return e; }
};

// Index of the least of `Width` consecutive nodes from `first`, found by a balanced
// tournament (sim::Calendar's shape for 4): the comparisons of one round are independent.
template <std::size_t Width, class Node>
std::size_t least_of(const Node* h, std::size_t first) {
  if constexpr (Width == 1) {
    return first;
  } else {
    const std::size_t a = least_of<Width / 2>(h, first);
    const std::size_t b = least_of<Width / 2>(h, first + Width / 2);
    return Node::less(h[b], h[a]) ? b : a;
  }
}

// Implicit D-ary heap; a pop is a complete removal, so a hold costs a sift-down and a sift-up.
template <std::size_t D, class Node>
class DaryHeap {
 public:
  void push(Time time, std::uintptr_t target) { sift_up(Node::make(time, ++last_seq_, target)); }
  Event pop() {
    const Event top = heap_.front().event();
    const Node last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
    return top;
  }

 private:
  void sift_up(Node node) {
    std::size_t hole = heap_.size();
    heap_.push_back(node);
    Node* h = heap_.data();
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / D;
      if (!Node::less(node, h[parent])) break;
      h[hole] = h[parent];
      hole = parent;
    }
    h[hole] = node;
  }

  void sift_down(Node node) {
    Node* h = heap_.data();
    const std::size_t n = heap_.size();
    std::size_t hole = 0;
    for (;;) {
      const std::size_t first = D * hole + 1;
      if (first >= n) break;
      const std::size_t best = first + D <= n ? least_of<D>(h, first) : least_in(first, n);
      if (!Node::less(h[best], node)) break;
      h[hole] = h[best];
      hole = best;
    }
    h[hole] = node;
  }

  // The last, incomplete family.
  std::size_t least_in(std::size_t first, std::size_t end) const {
    std::size_t best = first;
    for (std::size_t c = first + 1; c < end; ++c)
      if (Node::less(heap_[c], heap_[best])) best = c;
    return best;
  }

  std::vector<Node> heap_;
  std::uint64_t last_seq_ = 0;
};

// ---- earlier designs of sim::Calendar ---------------------------------------------------

// sim::Calendar as it was before issue 14 (32-byte nodes; top-down sift with an early exit),
// with the two later changes as switches: kMasks picks the least of four children with masks,
// kFloyd sinks the root's replacement to a leaf first (and keeps four sentinels after the
// end, so every family is read whole).
template <bool kMasks, bool kFloyd>
class CalendarV1 {
 public:
  CalendarV1() {
    if (kFloyd) heap_.assign(4, Node{kSentinel, 0});
  }
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
  Event pop() {
    settle();
    if (!due_now_.empty() && !heap_front_precedes(due_now_.front())) {
      const Slot slot = due_now_.front();
      due_now_.erase(due_now_.begin());
      return Event{now_, slot.seq, slot.target};
    }
    const Node& top = heap_.front();
    root_taken_ = true;
    now_ = time_of(top.key);
    return Event{now_, static_cast<std::uint64_t>(top.key), top.target};
  }

 private:
  static constexpr Key kSentinel = ~Key{0};
  struct alignas(16) Node {
    Key key;
    std::uintptr_t target;
  };
  struct Slot {
    std::uint64_t seq;
    std::uintptr_t target;
  };
  static Key key_of(Time time, std::uint64_t seq) {
    if (!(time >= 0)) throw std::invalid_argument("Calendar: event time must be >= 0 and not NaN");
    return (Key{std::bit_cast<std::uint64_t>(time + 0.0)} << 64) | seq;
  }
  static Time time_of(Key key) {
    return std::bit_cast<Time>(static_cast<std::uint64_t>(key >> 64));
  }
  std::size_t size() const { return heap_.size() - (kFloyd ? 4 : 0); }
  void settle() {
    if (!root_taken_) return;
    root_taken_ = false;
    const std::size_t last = size() - 1;
    const Node node = heap_[last];
    if (kFloyd) heap_[last] = Node{kSentinel, 0};
    heap_.pop_back();
    if (size() > 0) sift_down(node);
  }
  bool heap_front_precedes(const Slot& slot) const {
    return size() > 0 && heap_.front().key < key_of(now_, slot.seq);
  }
  void push_heap(Node node) {
    std::size_t hole = size();
    heap_.push_back(kFloyd ? Node{kSentinel, 0} : node);
    Node* h = heap_.data();
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / 4;
      if (!(node.key < h[parent].key)) break;
      h[hole] = h[parent];
      hole = parent;
    }
    h[hole] = node;
  }
  std::size_t least_of_four(const Node* h, std::size_t first) const {
    if constexpr (kMasks) {
      const std::size_t a = first + static_cast<std::size_t>(h[first + 1].key < h[first].key);
      const std::size_t b =
          first + 2 + static_cast<std::size_t>(h[first + 3].key < h[first + 2].key);
      const std::size_t mask = std::size_t{0} - static_cast<std::size_t>(h[b].key < h[a].key);
      return (b & mask) | (a & ~mask);
    } else {
      const std::size_t a = h[first + 1].key < h[first].key ? first + 1 : first;
      const std::size_t b = h[first + 3].key < h[first + 2].key ? first + 3 : first + 2;
      return h[b].key < h[a].key ? b : a;
    }
  }
  void sift_down(Node node) {
    Node* h = heap_.data();
    const std::size_t n = size();
    std::size_t hole = 0;
    if constexpr (kFloyd) {
      for (std::size_t first = 1; first < n; first = 4 * hole + 1) {
        const std::size_t best = least_of_four(h, first);
        h[hole] = h[best];
        hole = best;
      }
      while (hole > 0) {
        const std::size_t parent = (hole - 1) / 4;
        if (!(node.key < h[parent].key)) break;
        h[hole] = h[parent];
        hole = parent;
      }
    } else {
      for (;;) {
        const std::size_t first = 4 * hole + 1;
        if (first >= n) break;
        std::size_t best = first;
        if (first + 3 < n) {
          best = least_of_four(h, first);
        } else {
          for (std::size_t c = first + 1; c < n; ++c)
            if (h[c].key < h[best].key) best = c;
        }
        if (!(h[best].key < node.key)) break;
        h[hole] = h[best];
        hole = best;
      }
    }
    h[hole] = node;
  }

  std::vector<Node> heap_;
  std::vector<Slot> due_now_;  // never used by the hold model, but tested on every pop
  Time now_ = 0;
  std::uint64_t last_seq_ = 0;
  bool root_taken_ = false;
};

// ---- the hold model -------------------------------------------------------------------

using bench::Exponential;
using bench::hold;
using bench::Outcome;

// The hold model again, untimed, folding every popped (time, seq, target) into a hash that
// depends on their order. With `grain` > 0, increments are rounded down to multiples of it:
// many events then share a time and some fall due at the current time, which exercises the
// tie-break and sim::Calendar's due-now FIFO.
template <class Queue>
std::uint64_t trace(std::size_t pending, std::uint64_t operations, double grain) {
  Queue queue;
  Exponential exponential;
  auto increment = [&] {
    const double x = exponential();
    return grain > 0 ? std::floor(x / grain) * grain : x;
  };
  for (std::size_t i = 0; i < pending; ++i)
    queue.push(increment(), i);

  std::uint64_t hash = 0;
  for (std::uint64_t i = 0; i < operations; ++i) {
    const auto entry = queue.pop();
    hash = sim::mix64(hash ^ std::bit_cast<std::uint64_t>(entry.time));
    hash = sim::mix64(hash ^ entry.seq);
    hash = sim::mix64(hash ^ entry.target);
    queue.push(entry.time + increment(), entry.target);
  }
  return hash;
}

struct Variant {
  const char* name;
  Outcome (*hold)(std::size_t pending, std::uint64_t operations);
  std::uint64_t (*trace)(std::size_t pending, std::uint64_t operations, double grain);
};

template <class Queue>
constexpr Variant variant(const char* name) {
  return Variant{name, hold<Queue>, trace<Queue>};
}

// The first is the reference the others are checked against.
const Variant kVariants[] = {
    variant<StdPriorityQueue>("std-pq"),
    variant<DaryHeap<2, KeyNode>>("binary-heap"),
    variant<DaryHeap<4, FieldNode>>("4ary-2field"),
    variant<DaryHeap<4, KeyNode>>("4ary-plain"),
    variant<DaryHeap<8, KeyNode>>("8ary-plain"),
    variant<CalendarV1<false, false>>("v1"),
    variant<CalendarV1<true, false>>("v1+masks"),
    variant<CalendarV1<true, true>>("v1+masks+floyd"),
    variant<sim::Calendar>("Calendar"),
};
constexpr std::size_t kBaseline = 5;  // v1: the ratios are against it

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "bench_calendar_variants: %s\n", what.c_str());
  std::exit(1);
}

// Every variant must pop exactly the reference's sequence, with and without ties.
void verify(std::size_t pending) {
  const std::uint64_t operations = 5 * pending + 100'000;
  for (const double grain : {0.0, 0.25}) {
    const std::uint64_t expected = kVariants[0].trace(pending, operations, grain);
    for (const Variant& v : kVariants) {
      if (v.trace(pending, operations, grain) != expected)
        fail(std::string(v.name) + " pops a different sequence from " + kVariants[0].name +
             " (N=" + std::to_string(pending) + (grain > 0 ? ", tied" : ", distinct") + " times)");
    }
  }
}

void measure(std::size_t pending, std::uint64_t operations, int rounds) {
  verify(pending);  // also warms the CPU up, so the first variant timed is not penalised
  constexpr std::size_t kCount = std::size(kVariants);
  std::vector<double> seconds[kCount];
  Outcome reference{};
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t i = 0; i < kCount; ++i) {
      const Outcome out = kVariants[i].hold(pending, operations);
      if (round == 0 && i == 0) reference = out;
      if (out.checksum != reference.checksum || out.next_time != reference.next_time)
        fail(std::string(kVariants[i].name) + " disagrees with " + kVariants[0].name +
             " in the timed run");
      seconds[i].push_back(out.cpu_seconds);
    }
  }
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double baseline = median(seconds[kBaseline]);
  for (std::size_t i = 0; i < kCount; ++i) {
    const std::string name =
        std::string("calendar ") + kVariants[i].name + "(" + std::to_string(pending) + ")";
    const double s = median(seconds[i]);
    bench::report(name, "events/cpu-s", operations / s / 1e6, "M");
    bench::report(name, "vs v1 (cpu)", baseline / s, "x");
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool all = argc > 1 && std::strcmp(argv[1], "all") == 0;
  const std::size_t pending = argc > 1 && !all ? std::strtoull(argv[1], nullptr, 10) : 1000;
  const std::uint64_t operations = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 20'000'000;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 3;
  if (pending == 0 || operations == 0 || rounds < 1)
    fail("pending, operations and rounds must be positive");

  if (all) {
    for (const std::size_t n : {10, 1000, 100'000})
      measure(n, operations, rounds);
  } else {
    measure(pending, operations, rounds);
  }
}
