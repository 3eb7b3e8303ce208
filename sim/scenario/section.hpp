#pragma once
// A mapping of the scenario being decoded, with its place in the parameter table. Every
// getter looks its key up in the table, so defaults, required keys and types come from the
// one declaration there; reading a key the table does not declare (or as another type) is
// a programming error and throws std::logic_error.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/config.hpp"
#include "sim/kernel/distribution.hpp"
#include "sim/scenario/schema.hpp"
#include "sim/scenario/tree.hpp"

namespace clearsim::scenario::detail {

class Section {
 public:
  // Throws DecodeError unless `node` is a mapping whose keys all belong at `schema`.
  Section(const Value& node, std::string schema);

  const Value& node() const { return *node_; }
  const std::string& schema() const { return schema_; }
  const Value* find(std::string_view key) const { return node_->find(key); }
  // A required key's value; a missing one is reported at this mapping.
  const Value& require(std::string_view key) const;

  // Scalars. An absent key with a default reads as the default; an absent required key is
  // an error; an absent optional key without a default must be checked with find() first.
  std::string text(std::string_view key) const;
  double duration(std::string_view key) const;  // hours
  double rate(std::string_view key) const;      // per hour
  double probability(std::string_view key) const;
  double fraction(std::string_view key) const;
  double factor(std::string_view key) const;
  // One probability for every credit class, or a mapping of one per class (omitted: the
  // default of the class's row).
  model::PerCredit credit_probabilities(std::string_view key) const;
  // A list of cargo class labels, each at most once.
  std::array<bool, model::kCargoClasses> cargo_set(std::string_view key) const;
  int count(std::string_view key) const;
  std::uint64_t seed(std::string_view key) const;
  bool flag(std::string_view key) const;
  std::size_t choice(std::string_view key) const;  // index into the row's choices
  sim::Distribution distribution(std::string_view key) const;
  std::vector<double> weekly_times(std::string_view key) const;  // sorted

  // A nested mapping; an absent optional one reads as empty (all defaults).
  Section section(std::string_view key) const;
  // The mappings of a list; an absent optional list reads as empty.
  std::vector<Section> items(std::string_view key) const;

 private:
  const Param& row(std::string_view key, std::initializer_list<Type> types) const;
  // The key's scalar text, or the row's default text if absent.
  template <class Parse>
  auto scalar(std::string_view key, std::initializer_list<Type> types, Parse parse) const;
  [[noreturn]] void missing(std::string_view key) const;
  // "expected a mapping", with the hint for a key whose shape changed.
  [[noreturn]] void not_a_mapping(const Param& param, const Value& value) const;

  const Value* node_;
  std::string schema_;
};

}  // namespace clearsim::scenario::detail
