#pragma once
// Counter-based random streams for common random numbers.
//
// Every stream is identified by (base seed, replication, purpose, entity id). Its n-th
// uniform is a pure function of those four numbers and n (Philox2x64-10 from Random123),
// so an entity's draws never depend on how many draws any other part of the model made.
// That is what lets two regimes see the same box with the same cargo, consignee and
// behaviour: the regime can change which draws are *used*, never which values come out.
#include <Random123/philox.h>

#include <cstdint>

namespace clearsim::sim {

// SplitMix64 finaliser: a bijective 64-bit mixer, used to fold the stream's identity into
// a Philox key.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The part of a Philox key fixed by (seed, replication): computed once per replication.
constexpr std::uint64_t replication_key(std::uint64_t seed, std::uint64_t replication) {
  return mix64(seed ^ mix64(replication));
}

// Philox key for a purpose within a replication. mix64 is a bijection, so different
// purposes of one replication never share a key; keys of different replications collide
// with probability ~2^-64 per pair. The entity id and the draw index are the two words of
// the counter, so they never collide.
constexpr std::uint64_t stream_key(std::uint64_t replication_key, std::uint64_t purpose) {
  return mix64(purpose ^ replication_key);
}

// 52 random bits -> a double in (0, 1), centred in its 2^-52 cell: the extremes are 2^-53
// and 1 - 2^-53, so neither 0 nor 1 can come out, and 1 - u is exact (log(1 - u) needs no
// log1p).
inline double to_open_unit(std::uint64_t bits) {
  // Through int64: the 52-bit value converts exactly either way, but x86-64 has no unsigned
  // 64-bit conversion before AVX-512, and GCC emits a test and a second path for one.
  return (static_cast<double>(static_cast<std::int64_t>(bits >> 12)) + 0.5) * 0x1.0p-52;
}

// One stream of uniforms in the open interval (0, 1). Cheap to construct (no state beyond
// its identity and a position), so models make one per entity and purpose on the fly.
class RandomStream {
 public:
  RandomStream() = default;
  RandomStream(std::uint64_t key, std::uint64_t entity) : key_(key), entity_(entity) {}

  // Next uniform in (0, 1): never exactly 0 or 1, so log(u) and log(1 - u) are finite.
  double uniform() {
    if (buffered_ == 0) refill();
    return to_open_unit(buffer_[--buffered_]);
  }

  // Position of the next draw (number of uniforms consumed so far).
  std::uint64_t position() const { return 2 * block_ - buffered_; }
  // Jump to draw n of this stream, as if n uniforms had been consumed.
  void seek(std::uint64_t n);

  std::uint64_t key() const { return key_; }
  std::uint64_t entity() const { return entity_; }

 private:
  void refill();

  std::uint64_t key_ = 0;
  std::uint64_t entity_ = 0;
  std::uint64_t block_ = 0;  // next Philox counter block; each block gives two uniforms
  unsigned buffered_ = 0;
  // Philox output words, consumed from the back (buffer_[1] is the earlier draw) and turned
  // into doubles only when drawn: most streams are per entity and draw an odd number.
  std::uint64_t buffer_[2] = {0, 0};
};

// The streams of one replication. Purposes are small integers chosen by the model (the
// kernel gives them no meaning); entity ids are the model's own ids (box number, vessel
// number), so a stream is found again from what it is for, not from creation order.
class RandomStreams {
 public:
  RandomStreams(std::uint64_t seed, std::uint64_t replication)
      : seed_(seed), replication_(replication), key_(replication_key(seed, replication)) {}

  // Cheap (one 64-bit mix): models make one per entity and purpose when they need it.
  RandomStream stream(std::uint64_t purpose, std::uint64_t entity = 0) const {
    return RandomStream(stream_key(key_, purpose), entity);
  }
  std::uint64_t seed() const { return seed_; }
  std::uint64_t replication() const { return replication_; }

 private:
  std::uint64_t seed_;
  std::uint64_t replication_;
  std::uint64_t key_;
};

inline void RandomStream::refill() {
  // Philox2x64 rather than 4x32: the same 128 bits per call, ~20 % faster on x86-64, and
  // its 64-bit key and two-word counter fit (purpose key; block, entity) exactly.
  using Philox = r123::Philox2x64;
  const Philox::ctr_type counter = {{block_, entity_}};
  const Philox::key_type key = {{key_}};
  const Philox::ctr_type out = Philox()(counter, key);
  ++block_;
  buffer_[1] = out.v[0];
  buffer_[0] = out.v[1];
  buffered_ = 2;
}

inline void RandomStream::seek(std::uint64_t n) {
  block_ = n / 2;
  buffered_ = 0;
  if (n % 2 == 1) {
    refill();
    buffered_ = 1;
  }
}

}  // namespace clearsim::sim
