#pragma once
// The scenario document as the decoder sees it: a small tree of our own, read once from
// yaml-cpp and never written back.
//
// Why not decode yaml-cpp nodes directly: regimes overlay the base document, and the
// overlay has to keep the position of every node it moves. yaml-cpp 0.7's YAML::Clone
// drops all marks (every cloned node reports 0:0) and there is no public way to set one, so
// a merged yaml-cpp document could not say where an overlaid value was written. Here every
// node carries its file position and the key path at which it is written in the file
// (e.g. regimes.reform.set.inspection.policy), so an error in a merged document still points
// at the line the user typed. Reading the tree also gives one place to reject what yaml-cpp
// accepts silently: duplicate keys, non-scalar keys, tags, recursive aliases.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace clearsim::scenario::detail {

// 1-based; {0, 0} when there is no position (a file that cannot be read).
struct Mark {
  int line = 0;
  int column = 0;
  // Nonzero for a node written on the command line: the number of its `--set` (1-based);
  // line and column are then 0 (overrides.hpp).
  int set_number = 0;
};

struct Member;

struct Value {
  enum class Kind : std::uint8_t { null, scalar, sequence, mapping };

  Kind kind = Kind::null;
  std::string scalar;           // the text as written, quotes removed; never interpreted
  std::vector<Value> items;     // sequence
  std::vector<Member> members;  // mapping, in file order, keys unique
  Mark mark;
  std::string path;  // where the node is written in the file: services[2].crane_rate

  bool is_mapping() const { return kind == Kind::mapping; }
  bool is_sequence() const { return kind == Kind::sequence; }
  bool is_scalar() const { return kind == Kind::scalar; }
  // The member's value, or nullptr.
  const Value* find(std::string_view key) const;
};

struct Member {
  std::string key;
  Mark key_mark;
  Value value;
};

// Every error the decoder finds, before the file name is attached (scenario.cpp does that).
class DecodeError : public std::runtime_error {
 public:
  DecodeError(Mark mark, std::string path, const std::string& message)
      : std::runtime_error(message), mark_(mark), path_(std::move(path)) {}
  Mark mark() const { return mark_; }
  const std::string& path() const { return path_; }

 private:
  Mark mark_;
  std::string path_;
};

[[noreturn]] void fail(const Value& at, const std::string& message);
[[noreturn]] void fail(Mark mark, std::string path, const std::string& message);

std::string join_path(std::string_view parent, std::string_view key);
std::string item_path(std::string_view parent, std::size_t index);

// "a mapping", "a list", "nothing (null)", "'abc'": what the user wrote, for messages.
std::string describe(const Value& value);

// Parses YAML text into a tree. Throws DecodeError for syntax errors, more than one
// document, duplicate keys (at the second occurrence), keys that are not plain scalars,
// explicit tags, and aliases that nest too deep or expand too far.
Value read_document(const std::string& text);

// Overlays `changes` onto `base`: mappings merge key by key, recursively; a null value
// removes the key (a regime can drop an agency: `agencies: {ciq: null}`); anything else
// (scalars, sequences, a mapping over a scalar) replaces. Replaced and added nodes keep
// their own marks and paths.
void overlay(Value& base, const Value& changes);

}  // namespace clearsim::scenario::detail
