#pragma once
// Regimes: named overlays of the base document. A regime applies the regimes it combines,
// in order (each at most once), then its own `set`; the merged document is decoded by the
// same strict decoder as the base, and since the tree keeps every node's position and
// path, an error in an overlay points at the overlay.
#include <string>
#include <vector>

#include "sim/scenario/tree.hpp"

namespace clearsim::scenario::detail {

struct RegimeSpec {
  std::string name;
  std::string description;
  const Value* set = nullptr;        // the overlay, if any
  std::vector<std::size_t> combine;  // indices of the regimes applied first
  bool changes_document() const { return set != nullptr || !combine.empty(); }
};

// Reads and checks `regimes` (shape, names in combine, cycles). "baseline" comes first,
// implicit (no change) unless declared. The specs point into `document`.
std::vector<RegimeSpec> read_regimes(const Value& document);

// The document with regime `index` applied.
Value apply_regime(const Value& document, const std::vector<RegimeSpec>& regimes,
                   std::size_t index);
// The document with the regimes `indices` applied in order, each (with what it combines)
// at most once.
Value apply_regimes(const Value& document, const std::vector<RegimeSpec>& regimes,
                    const std::vector<std::size_t>& indices);

}  // namespace clearsim::scenario::detail
