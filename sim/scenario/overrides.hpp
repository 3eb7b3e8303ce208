#pragma once
// Command-line overrides: `--set KEY.PATH=VALUE`, applied to a scenario document after the
// regime's overlays (the command line has the last word, in every regime), then decoded by
// the same strict decoder, so a value takes the same units and gets the same checks as in
// the file. List items are addressed by their `name` (`inspection_sites[dongjiang].bays`)
// or all at once with `[*]`. Every node an override writes carries its `--set` number in
// its mark, so an error in it reads `<command line>:--set #2: key.path: message`.
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/tree.hpp"

namespace clearsim::scenario::detail {

// One override, its value read as YAML (a number, `45min`, `{customs: 40}`, `[a, b]`).
struct ParsedOverride {
  int number = 0;  // 1-based position among the --set options
  std::string key;
  Value value;  // marked with `number`, paths under `key`
};

// Throws DecodeError (marked with the override's number) for a malformed key or value.
ParsedOverride parse_override(const Override& override, int number);

// Writes the override into `document`. Missing mappings on the way are created; a list item
// that does not exist, or a step into something that is not a mapping or a list, is a
// DecodeError at the override. The value replaces what is at the key, whole (a mapping too:
// `exam={exponential: {mean: 2h}}` must not merge into a lognormal; `teams.customs=9`
// changes one member); a null (`key=`) removes the key.
void apply_override(Value& document, const ParsedOverride& override);

// A key of `document` as `size --vary` reads it: every `[*]` expanded to each named item of
// the list, in file order, with the scalar text at the key ("" where the key is absent or not
// a scalar). A malformed key, a missing list or an unknown item is a DecodeError marked with
// `number`, as for --set.
struct KeyValue {
  std::string key;  // concrete: inspection_sites[dongjiang_inspection].scanners
  std::string value;
};
std::vector<KeyValue> values_at(const Value& document, const std::string& key, int number);

}  // namespace clearsim::scenario::detail
