#pragma once
// Named random draws. Every random quantity of the model has a stream purpose derived from
// its name (a 64-bit FNV-1a hash), and every box, vessel or service its own entity id, so a
// value depends only on (seed, replication, name, entity): adding a draw, or drawing lazily
// only what a regime needs, never shifts another draw's value. That keeps common random
// numbers common across regimes and across versions of the model.
#include <cstdint>
#include <string_view>

namespace clearsim::model {

constexpr std::uint64_t draw_purpose(std::string_view name) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : name) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// A name and a number (an agency's index is not stable across scenarios, its name is).
constexpr std::uint64_t draw_purpose(std::string_view name, std::uint64_t number) {
  return draw_purpose(name) ^ (0x9e3779b97f4a7c15ULL * (number + 1));
}

}  // namespace clearsim::model
