#include "sim/scenario/regimes.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <unordered_map>

#include "sim/scenario/section.hpp"
#include "sim/scenario/text.hpp"

namespace clearsim::scenario::detail {

namespace {

constexpr std::string_view kBaseline = "baseline";

// Every regime is decoded when the file is loaded, each a full copy of the port: the
// number of regimes bounds the work and memory per byte of input.
constexpr std::size_t kMaxRegimes = 256;

// Regimes are compared on common random numbers, which only holds if every regime runs the
// same horizon, warm-up, seed and replications; and regimes do not nest.
constexpr std::array<std::string_view, 6> kFixedKeys = {"name", "horizon",      "warmup",
                                                        "seed", "replications", "regimes"};

// Regime names end up in result files (as group names), tables and command lines: keep
// them plain.
void check_name(const Member& member) {
  const bool plain =
      !member.key.empty() && std::all_of(member.key.begin(), member.key.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
      });
  if (!plain) {
    fail(member.key_mark, member.value.path,
         "regime names may use letters, digits, '_' and '-', got " + quote(member.key));
  }
  if (member.key.size() > kMaxRegimeNameBytes) {
    fail(member.key_mark, member.value.path,
         "a regime name is at most " + std::to_string(kMaxRegimeNameBytes) + " characters, got " +
             std::to_string(member.key.size()));
  }
}

void check_overlay(const Value& set) {
  if (!set.is_mapping()) {
    fail(set, "expected a mapping of the parameters to change, got " + describe(set));
  }
  for (const auto& member : set.members) {
    if (std::find(kFixedKeys.begin(), kFixedKeys.end(), member.key) == kFixedKeys.end()) continue;
    fail(member.key_mark, member.value.path,
         "a regime cannot change " + quote(member.key) +
             ": regimes share the run settings so that they compare on common random numbers");
  }
}

RegimeSpec read_regime(const Member& member) {
  check_name(member);
  const Section section(member.value, "regimes.<regime>");
  RegimeSpec spec;
  spec.name = member.key;
  if (section.find("description")) spec.description = section.text("description");
  if (const Value* set = section.find("set")) {
    check_overlay(*set);
    spec.set = set;
  }
  return spec;
}

using Index = std::unordered_map<std::string_view, std::size_t>;

Index index_of(const std::vector<RegimeSpec>& specs) {
  Index index;
  for (std::size_t i = 0; i < specs.size(); ++i)
    index.emplace(specs[i].name, i);
  return index;
}

std::vector<std::string> names_of(const std::vector<RegimeSpec>& specs) {
  std::vector<std::string> names;
  for (const auto& spec : specs)
    names.push_back(spec.name);
  return names;
}

void read_combine(const Value& regime, const std::vector<RegimeSpec>& specs, const Index& index,
                  RegimeSpec& spec) {
  const Value* combine = regime.find("combine");
  if (!combine) return;
  if (!combine->is_sequence()) {
    fail(*combine,
         "expected a list of regime names, e.g. [joint, single_window], got " + describe(*combine));
  }
  for (const auto& item : combine->items) {
    if (!item.is_scalar()) fail(item, "expected a regime name, got " + describe(item));
    const auto found = index.find(item.scalar);
    if (found == index.end()) {
      fail(item, "unknown regime " + quote(item.scalar) +
                     did_you_mean(item.scalar, names_of(specs)) +
                     "; defined: " + join(names_of(specs)));
    }
    spec.combine.push_back(found->second);
  }
}

// Depth-first search for a regime that (indirectly) combines itself.
void check_cycles(const std::vector<RegimeSpec>& specs, const Value& regimes) {
  enum class State { new_, open, done };
  std::vector<State> state(specs.size(), State::new_);
  std::vector<std::size_t> stack;
  const auto visit = [&](auto&& self, std::size_t r) -> void {
    state[r] = State::open;
    stack.push_back(r);
    for (std::size_t k = 0; k < specs[r].combine.size(); ++k) {
      const std::size_t next = specs[r].combine[k];
      if (state[next] == State::open) {
        std::string cycle;
        const auto from = std::find(stack.begin(), stack.end(), next);
        for (auto it = from; it != stack.end(); ++it)
          cycle += specs[*it].name + " -> ";
        const Value& at = regimes.find(specs[r].name)->find("combine")->items[k];
        fail(at, "regimes combine each other in a cycle: " + cycle + specs[next].name);
      }
      if (state[next] == State::new_) self(self, next);
    }
    stack.pop_back();
    state[r] = State::done;
  };
  for (std::size_t r = 0; r < specs.size(); ++r)
    if (state[r] == State::new_) visit(visit, r);
}

void apply(const std::vector<RegimeSpec>& specs, std::size_t index, std::vector<bool>& applied,
           Value& document) {
  if (applied[index]) return;
  for (const std::size_t other : specs[index].combine)
    apply(specs, other, applied, document);
  if (specs[index].set) overlay(document, *specs[index].set);
  applied[index] = true;
}

}  // namespace

std::vector<RegimeSpec> read_regimes(const Value& document) {
  std::vector<RegimeSpec> specs = {
      RegimeSpec{std::string(kBaseline), "the scenario as written", nullptr, {}}};
  const Section top(document, "");
  if (!top.find("regimes")) return specs;
  const Section regimes = top.section("regimes");
  for (const auto& member : regimes.node().members) {
    if (specs.size() == kMaxRegimes) {
      fail(member.key_mark, member.value.path,
           "too many regimes: at most " + std::to_string(kMaxRegimes) +
               ", baseline included (each is decoded, a full copy of the port, when the file "
               "is loaded)");
    }
    RegimeSpec spec = read_regime(member);
    if (spec.name == kBaseline) {
      specs.front() = std::move(spec);
    } else {
      specs.push_back(std::move(spec));
    }
  }
  const Index index = index_of(specs);
  for (const auto& member : regimes.node().members)
    read_combine(member.value, specs, index, specs[index.at(member.key)]);
  check_cycles(specs, regimes.node());
  return specs;
}

Value apply_regime(const Value& document, const std::vector<RegimeSpec>& regimes,
                   std::size_t index) {
  return apply_regimes(document, regimes, {index});
}

Value apply_regimes(const Value& document, const std::vector<RegimeSpec>& regimes,
                    const std::vector<std::size_t>& indices) {
  // Without `regimes`: the port decoder does not read it, and copying every regime into
  // every regime's document would make loading quadratic in their number.
  Value merged;
  merged.kind = document.kind;
  merged.mark = document.mark;
  merged.path = document.path;
  for (const auto& member : document.members)
    if (member.key != "regimes") merged.members.push_back(member);
  std::vector<bool> applied(regimes.size(), false);
  for (const std::size_t index : indices)
    apply(regimes, index, applied, merged);
  return merged;
}

}  // namespace clearsim::scenario::detail
