// Event-queue designs compared on the hold model (see bench/hold.cpp): N events pending; pop
// the earliest, push it back at its time + Exp(1). Each variant differs from a neighbour in
// one of the choices sim/calendar.hpp makes, so the figures price those choices:
//
//   std-pq       std::priority_queue, (time, seq) compared field by field
//   binary-heap  hand-written binary heap (holes, not swaps), one 128-bit key
//   4ary-2field  4-ary heap, (time, seq) compared field by field, with branches
//   4ary-plain   4-ary heap, 128-bit key, pop then push (two sifts per hold)
//   8ary-plain   8-ary heap, 128-bit key, pop then push
//   Calendar     sim::Calendar: 4-ary, 128-bit key, deferred root removal, due-now FIFO
//
//   bench_calendar_variants [pending=1000 | all] [operations=20000000]
//
// `all` runs N = 10, 1000 and 100000. Before timing, every variant replays the same hold
// run and must pop the same (time, seq, target) sequence as std-pq, or the program aborts.
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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
    variant<sim::Calendar>("Calendar"),
};

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

void measure(std::size_t pending, std::uint64_t operations) {
  verify(pending);  // also warms the CPU up, so the first variant timed is not penalised
  Outcome reference{};
  for (const Variant& v : kVariants) {
    const Outcome out = v.hold(pending, operations);
    if (&v == &kVariants[0]) reference = out;
    if (out.checksum != reference.checksum || out.next_time != reference.next_time)
      fail(std::string(v.name) + " disagrees with " + kVariants[0].name + " in the timed run");
    const std::string name =
        std::string("calendar ") + v.name + "(" + std::to_string(pending) + ")";
    bench::report(name, "events/s", operations / out.seconds / 1e6, "M");
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool all = argc > 1 && std::strcmp(argv[1], "all") == 0;
  const std::size_t pending = argc > 1 && !all ? std::strtoull(argv[1], nullptr, 10) : 1000;
  const std::uint64_t operations = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 20'000'000;
  if (pending == 0 || operations == 0) fail("pending and operations must be positive");

  if (all) {
    for (const std::size_t n : {10, 1000, 100'000})
      measure(n, operations);
  } else {
    measure(pending, operations);
  }
}
