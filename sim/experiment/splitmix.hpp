// splitmix64: a small fixed generator for the experiments' own choices (sampled orders of
// measures, Latin hypercube points), so they are the same on every platform (the standard
// library's distributions and std::shuffle are not specified bit for bit).
#pragma once

#include <cstdint>

namespace clearsim::experiment {

struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

}  // namespace clearsim::experiment
