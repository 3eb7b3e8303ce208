#include "sim/scenario/tree.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <unordered_map>

#include "sim/scenario/text.hpp"

namespace clearsim::scenario::detail {

namespace {

// Aliases can make a document recursive (`a: &x [*x]` is accepted by yaml-cpp) or
// exponentially large (nested aliases to aliases); real scenarios are a few levels deep
// and a few thousand nodes.
constexpr int kMaxDepth = 64;
constexpr int kMaxFlowDepth = 256;  // yaml-cpp itself fails somewhere past 500
constexpr std::size_t kMaxNodes = 200'000;
constexpr std::size_t kMaxPathBytes = 64u << 20;  // 64 MiB of key paths
constexpr std::size_t kMaxKeyInPath = 64;         // longer keys are shortened in paths

Mark to_mark(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return {mark.line + 1, mark.column + 1};
}

// Line and column (1-based) of a byte offset, counting UTF-8 code points as columns.
Mark position_of(const std::string& text, std::size_t offset) {
  Mark mark{1, 1};
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++mark.line;
      mark.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++mark.column;
    }
  }
  return mark;
}

// Length of the UTF-8 sequence starting at text[i], or 0 if it is not valid UTF-8.
std::size_t utf8_length(const std::string& text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF)
    length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF)
    length = 3;
  else if (lead >= 0xF0 && lead <= 0xF4)
    length = 4;
  else
    return 0;
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  return length;
}

// yaml-cpp reads control bytes and invalid UTF-8 as part of a plain scalar, so a binary
// file would otherwise surface as a puzzling "expected a mapping" error.
void require_text(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool control = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
    const std::size_t length = control || c == 0x7F ? 0 : utf8_length(text, i);
    if (length == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", c);
      fail(position_of(text, i), "",
           std::string("not a YAML text file: byte ") + hex +
               " is a control character or not valid UTF-8");
    }
    i += length;
  }
}

class TreeReader {
 public:
  explicit TreeReader(const std::string& text) : text_(text) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') line_starts_.push_back(i + 1);
  }

  // yaml-cpp counts columns in bytes; a customs analyst counts characters (a district
  // named 北疆 is two columns, not six). Nodes come in document order, so counting on from
  // the previous node of the same line keeps a long flow line linear, not quadratic.
  Mark mark_of(const YAML::Mark& mark) {
    if (mark.is_null()) return {};
    const auto line = static_cast<std::size_t>(mark.line);
    if (line >= line_starts_.size()) return to_mark(mark);
    const std::size_t start = line_starts_[line];
    const std::size_t end = std::min(text_.size(), start + static_cast<std::size_t>(mark.column));
    if (line != counted_line_ || end < counted_end_) {
      counted_line_ = line;
      counted_end_ = start;
      counted_column_ = 1;
    }
    for (; counted_end_ < end; ++counted_end_)
      if ((static_cast<unsigned char>(text_[counted_end_]) & 0xC0) != 0x80) ++counted_column_;
    return {mark.line + 1, counted_column_};
  }

  Value read(const YAML::Node& node, std::string path, Mark fallback) {
    // The full path of a runaway node is pages of [0][0]...; the top-level key says enough.
    if (++nodes_ > kMaxNodes) {
      fail(fallback, top_level(path), "the document expands to more than 200000 nodes (aliases?)");
    }
    if (depth_ >= kMaxDepth) {
      fail(fallback, top_level(path), "nesting is too deep (a recursive alias?)");
    }
    // Every node keeps its key path for messages; aliases of long keys can make those paths
    // huge (found by fuzzing), so their total size is bounded too.
    path_bytes_ += path.size();
    if (path_bytes_ > kMaxPathBytes) {
      fail(fallback, top_level(path), "the document is too large (long keys repeated by aliases?)");
    }
    ++depth_;
    Value value = convert(node, std::move(path), fallback);
    --depth_;
    return value;
  }

 private:
  Value convert(const YAML::Node& node, std::string path, Mark fallback) {
    Value value;
    value.path = std::move(path);
    // yaml-cpp marks an empty (null) value at the token after it, often on the next line.
    value.mark = node.IsNull() ? fallback : mark_of(node.Mark());
    if (value.mark.line == 0) value.mark = fallback;
    require_plain_tag(node, value);
    switch (node.Type()) {
      case YAML::NodeType::Scalar:
        value.kind = Value::Kind::scalar;
        value.scalar = node.Scalar();
        break;
      case YAML::NodeType::Sequence:
        value.kind = Value::Kind::sequence;
        read_items(node, value);
        break;
      case YAML::NodeType::Map:
        value.kind = Value::Kind::mapping;
        read_members(node, value);
        break;
      default:
        value.kind = Value::Kind::null;
    }
    return value;
  }

  static std::string top_level(const std::string& path) {
    return path.substr(0, path.find_first_of(".["));
  }

  // Values are read as text and parsed by the decoder; a tag (!!int, !!bool) would suggest
  // yaml-cpp's conversions apply, and they do not.
  static void require_plain_tag(const YAML::Node& node, const Value& value) {
    std::string tag = node.Tag();
    if (tag.empty() || tag == "?" || tag == "!") return;
    constexpr std::string_view kCore = "tag:yaml.org,2002:";  // how yaml-cpp expands !!
    if (tag.starts_with(kCore)) tag = "!!" + tag.substr(kCore.size());
    fail(value, "YAML tags such as " + quote(tag) + " are not supported; write the plain value");
  }

  void read_items(const YAML::Node& node, Value& value) {
    std::size_t index = 0;
    for (const auto& item : node)
      value.items.push_back(read(item, item_path(value.path, index++), value.mark));
  }

  void read_members(const YAML::Node& node, Value& value) {
    // Where each key was first given, for duplicates: a hash, since a mapping may have
    // 100,000 keys and comparing each with all before it took minutes.
    std::unordered_map<std::string, std::size_t> seen;
    // Not `it->first`: yaml-cpp's iterator returns its pair through a temporary proxy, so a
    // reference to it->first dangles (GCC 12 warns). Range-for keeps the pair alive.
    for (const auto& entry : node) {
      const YAML::Node& key = entry.first;
      const Mark key_mark = mark_of(key.Mark()).line ? mark_of(key.Mark()) : value.mark;
      if (!key.IsScalar()) fail(key_mark, value.path, "keys must be plain names");
      // yaml-cpp 0.7 does not implement merge keys; it would read '<<' as a plain key.
      if (key.Scalar() == "<<" && key.Tag() == "?") {
        fail(key_mark, value.path, "YAML merge keys ('<<') are not supported; write the keys out");
      }
      Member member{key.Scalar(), key_mark, {}};
      const std::string path = join_path(value.path, member.key);
      const auto [first, added] = seen.emplace(member.key, value.members.size());
      if (!added) {
        fail(key_mark, path,
             "duplicate key " + quote(member.key) + " (first given at line " +
                 std::to_string(value.members[first->second].key_mark.line) + ")");
      }
      member.value = read(entry.second, path, key_mark);
      value.members.push_back(std::move(member));
    }
  }

  const std::string& text_;
  std::vector<std::size_t> line_starts_;
  std::size_t counted_line_ = 0, counted_end_ = 0;  // mark_of's place: up to this byte of
  int counted_column_ = 1;                          // this line, this many characters
  int depth_ = 0;
  std::size_t path_bytes_ = 0;
  std::size_t nodes_ = 0;
};

// Records where documents start and ignores everything else.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;

  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Not YAML::LoadAll: on a stray ',' (e.g. ",name: x") yaml-cpp 0.7 returns an empty
// document without consuming the token, so LoadAll loops, allocating, until the process
// is killed (upstream issue #1040). Two documents are enough to know there is a second
// one, and a "second document" at a ',' is that bug, i.e. a syntax error.
void require_one_document(const std::string& text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts documents;
  if (!parser.HandleNextDocument(documents)) fail(Mark{}, "", "the scenario is empty");
  if (!parser.HandleNextDocument(documents)) return;
  const YAML::Mark second = documents.starts.back();
  const std::size_t at = static_cast<std::size_t>(second.pos);
  if (at < text.size() && text.compare(at, 3, "---") != 0) {
    fail(to_mark(second), "", std::string("YAML syntax error: unexpected '") + text[at] + "'");
  }
  fail(to_mark(second), "",
       "more than one YAML document (a second '---'); a scenario is one document");
}

}  // namespace

const Value* Value::find(std::string_view key) const {
  for (const auto& member : members)
    if (member.key == key) return &member.value;
  return nullptr;
}

void fail(const Value& at, const std::string& message) {
  fail(at.mark, at.path, message);
}

void fail(Mark mark, std::string path, const std::string& message) {
  throw DecodeError(mark, std::move(path), message);
}

std::string join_path(std::string_view parent, std::string_view key) {
  if (key.empty()) key = "\"\"";  // an empty key, written so that the path shows it
  const std::string shown = key.size() <= kMaxKeyInPath
                                ? std::string(key)
                                : std::string(key.substr(0, kMaxKeyInPath)) + "...";
  if (parent.empty()) return shown;
  return std::string(parent) + "." + shown;
}

std::string item_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

std::string describe(const Value& value) {
  switch (value.kind) {
    case Value::Kind::null:
      return "nothing";
    case Value::Kind::sequence:
      return "a list";
    case Value::Kind::mapping:
      return "a mapping";
    case Value::Kind::scalar:
      break;
  }
  return quote(value.scalar);
}

// yaml-cpp recurses per level of flow nesting and fails past a few hundred with "bad file";
// say what is wrong before it gets there. Brackets inside quotes or comments are skipped;
// a stray bracket in a plain scalar only counts one level, far from the limit.
void require_shallow_flow(const std::string& text) {
  int depth = 0;
  char quote = 0;
  bool comment = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') comment = false;
    if (comment) continue;
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n'))
      comment = true;
    else if (c == '"' || c == '\'')
      quote = c;
    else if (c == '[' || c == '{') {
      // Past kMaxDepth the reader reports it with a key path; this only guards yaml-cpp.
      if (++depth > kMaxFlowDepth)
        fail(position_of(text, i), "", "nesting is too deep (more than 256 levels of [ or {)");
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

Value read_document(const std::string& text) {
  require_text(text);
  require_shallow_flow(text);
  try {
    require_one_document(text);
    const YAML::Node root = YAML::Load(text);  // one document: Load stops after it
    const YAML::Node& view = root;             // const: operator[] would insert keys
    const Mark mark = to_mark(view.Mark()).line ? to_mark(view.Mark()) : Mark{1, 1};
    return TreeReader(text).read(view, "", mark);
  } catch (const YAML::Exception& error) {
    fail(to_mark(error.mark), "", "YAML syntax error: " + error.msg);
  }
}

namespace {

// An overlay's own nulls say "remove"; where there is nothing to remove they are dropped,
// so that a regime adding a mapping never adds an empty value.
Value without_nulls(const Value& value) {
  if (!value.is_mapping()) return value;
  Value copy = value;
  copy.members.clear();
  for (const auto& member : value.members) {
    if (member.value.kind == Value::Kind::null) continue;
    copy.members.push_back({member.key, member.key_mark, without_nulls(member.value)});
  }
  return copy;
}

}  // namespace

void overlay(Value& base, const Value& changes) {
  if (!base.is_mapping() || !changes.is_mapping()) {
    base = without_nulls(changes);
    return;
  }
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < base.members.size(); ++i)
    index.emplace(base.members[i].key, i);
  std::vector<bool> removed(base.members.size(), false);
  std::vector<Member> added;
  for (const auto& change : changes.members) {
    const auto it = index.find(change.key);
    if (change.value.kind == Value::Kind::null) {
      if (it != index.end()) removed[it->second] = true;
    } else if (it != index.end()) {
      overlay(base.members[it->second].value, change.value);
    } else {
      added.push_back({change.key, change.key_mark, without_nulls(change.value)});
    }
  }
  std::vector<Member> members;
  members.reserve(base.members.size() + added.size());
  for (std::size_t i = 0; i < base.members.size(); ++i)
    if (!removed[i]) members.push_back(std::move(base.members[i]));
  for (auto& member : added)
    members.push_back(std::move(member));
  base.members = std::move(members);
}

}  // namespace clearsim::scenario::detail
