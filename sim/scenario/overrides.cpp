#include "sim/scenario/overrides.hpp"

#include <string_view>

#include "sim/scenario/text.hpp"

namespace clearsim::scenario::detail {

namespace {

// One step of a key path: `inspection_sites[dongjiang]` is key "inspection_sites" with
// selector "dongjiang"; `[*]` selects every item.
struct Step {
  std::string key;
  bool has_selector = false;
  std::string selector;
};

constexpr std::string_view kForm =
    "expected KEY.PATH=VALUE, e.g. inspection_sites[dongjiang_inspection].scanners=4";

[[noreturn]] void refuse(int number, const std::string& path, const std::string& message) {
  fail(Mark{0, 0, number}, path, message);
}

std::vector<Step> read_steps(const std::string& key, int number) {
  std::vector<Step> steps;
  std::size_t at = 0;
  while (true) {
    const std::size_t end = key.find('.', at);
    std::string part = key.substr(at, end == std::string::npos ? std::string::npos : end - at);
    Step step;
    const std::size_t open = part.find('[');
    if (open != std::string::npos) {
      if (part.back() != ']' || part.find('[', open + 1) != std::string::npos ||
          part.find(']') != part.size() - 1 || open + 2 > part.size() - 1) {
        refuse(number, key,
               "a list item is written KEY[NAME] or KEY[*], got " + quote(part) + "; " +
                   std::string(kForm));
      }
      step.has_selector = true;
      step.selector = part.substr(open + 1, part.size() - open - 2);
      part.resize(open);
    }
    if (part.empty() || part.find(']') != std::string::npos)
      refuse(number, key, "empty or malformed key in " + quote(key) + "; " + std::string(kForm));
    step.key = std::move(part);
    steps.push_back(std::move(step));
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return steps;
}

// Gives every node of `value` the override's mark and a path under `path`.
void rebase(Value& value, const std::string& path, int number) {
  const std::string inner = value.path;
  value.mark = Mark{0, 0, number};
  value.path = inner.empty() ? path : inner.front() == '[' ? path + inner : path + "." + inner;
  for (auto& item : value.items)
    rebase(item, path, number);
  for (auto& member : value.members) {
    member.key_mark = value.mark;
    rebase(member.value, path, number);
  }
}

Value node_at(const std::string& path, int number) {
  Value value;
  value.mark = Mark{0, 0, number};
  value.path = path;
  return value;
}

// A close name, or the one name that starts with what was typed (`dongjiang` for
// `dongjiang_inspection`).
std::string suggestion(const std::string& typed, const std::vector<std::string>& names) {
  std::string close = did_you_mean(typed, names);
  if (!close.empty()) return close;
  const std::string* only = nullptr;
  for (const auto& name : names) {
    if (!name.starts_with(typed)) continue;
    if (only) return "";
    only = &name;
  }
  return only ? " (did you mean " + quote(*only) + "?)" : "";
}

const std::string* name_of(const Value& item) {
  const Value* name = item.is_mapping() ? item.find("name") : nullptr;
  return name && name->is_scalar() ? &name->scalar : nullptr;
}

class Writer {
 public:
  explicit Writer(const ParsedOverride& override)
      : override_(override), steps_(read_steps(override.key, override.number)) {}

  void write(Value& document) { walk(document, 0, ""); }

 private:
  void walk(Value& node, std::size_t i, const std::string& written) {
    const Step& step = steps_[i];
    const bool last = i + 1 == steps_.size();
    if (node.kind == Value::Kind::null && !written.empty()) {
      node = node_at(written, override_.number);
      node.kind = Value::Kind::mapping;
    }
    if (!node.is_mapping()) {
      refuse(
          override_.number, written,
          "cannot set " + quote(step.key) + " here: this is " + describe(node) + ", not a mapping");
    }
    const std::string path = join_path(written, step.key);
    auto member = find_member(node, step.key);
    if (member == node.members.end()) {
      if (step.has_selector) {
        refuse(override_.number, path,
               "there is no list " + quote(step.key) + " to pick an item from");
      }
      if (last && override_.value.kind == Value::Kind::null) return;  // nothing to remove
      node.members.push_back({step.key, Mark{0, 0, override_.number}, Value{}});
      member = node.members.end() - 1;
      member->value = node_at(path, override_.number);
    }
    if (!step.has_selector) {
      if (!last) return walk(member->value, i + 1, path);
      if (override_.value.kind == Value::Kind::null) {
        node.members.erase(member);
      } else {
        assign(member->value, path);
      }
      return;
    }
    pick(member->value, step, path, i, last);
  }

  void pick(Value& list, const Step& step, const std::string& path, std::size_t i, bool last) {
    if (!list.is_sequence()) {
      refuse(override_.number, path,
             "expected a list to pick [" + step.selector + "] from, got " + describe(list));
    }
    const std::string written = path + "[" + step.selector + "]";
    std::vector<std::string> names;
    bool found = false;
    for (auto& item : list.items) {
      const std::string* name = name_of(item);
      if (name) names.push_back(*name);
      if (step.selector != "*" && (!name || *name != step.selector)) continue;
      found = true;
      if (last) {
        if (override_.value.kind == Value::Kind::null) {
          refuse(override_.number, written, "a list item cannot be removed with --set");
        }
        assign(item, written);
      } else {
        walk(item, i + 1, written);
      }
    }
    if (!found) {
      refuse(override_.number, written,
             "no item named " + quote(step.selector) + suggestion(step.selector, names) +
                 "; items: " + (names.empty() ? std::string("none") : join(names)));
    }
  }

  void assign(Value& target, const std::string& path) {
    Value value = override_.value;
    rebase(value, path, override_.number);
    target = std::move(value);
  }

  static std::vector<Member>::iterator find_member(Value& node, const std::string& key) {
    for (auto it = node.members.begin(); it != node.members.end(); ++it)
      if (it->key == key) return it;
    return node.members.end();
  }

  const ParsedOverride& override_;
  std::vector<Step> steps_;
};

// Reads (never writes) the keys a path names; see values_at().
class Reader {
 public:
  Reader(const std::string& key, int number) : number_(number), steps_(read_steps(key, number)) {}

  std::vector<KeyValue> read(const Value& document) {
    walk(&document, 0, "");
    return found_;
  }

 private:
  void walk(const Value* node, std::size_t i, const std::string& written) {
    if (i == steps_.size()) {
      found_.push_back({written, node && node->is_scalar() ? node->scalar : ""});
      return;
    }
    const Step& step = steps_[i];
    const std::string path = join_path(written, step.key);
    const Value* member = node && node->is_mapping() ? node->find(step.key) : nullptr;
    if (!step.has_selector) return walk(member, i + 1, path);
    if (!member || !member->is_sequence())
      refuse(number_, path, "there is no list " + quote(step.key) + " to pick an item from");
    std::vector<std::string> names;
    bool picked = false;
    for (const auto& item : member->items) {
      const std::string* name = name_of(item);
      if (name) names.push_back(*name);
      if (!name || (step.selector != "*" && *name != step.selector)) continue;
      picked = true;
      walk(&item, i + 1, path + "[" + *name + "]");
    }
    if (!picked) {
      refuse(number_, path + "[" + step.selector + "]",
             "no item named " + quote(step.selector) + suggestion(step.selector, names) +
                 "; items: " + (names.empty() ? std::string("none") : join(names)));
    }
  }

  int number_;
  std::vector<Step> steps_;
  std::vector<KeyValue> found_;
};

}  // namespace

std::vector<KeyValue> values_at(const Value& document, const std::string& key, int number) {
  return Reader(key, number).read(document);
}

ParsedOverride parse_override(const Override& override, int number) {
  ParsedOverride parsed;
  parsed.number = number;
  parsed.key = override.key;
  read_steps(parsed.key, number);  // the key's form is checked before anything is read
  if (parsed.key == "regimes" || parsed.key.starts_with("regimes.") ||
      parsed.key.starts_with("regimes[")) {
    refuse(number, parsed.key,
           "regimes cannot be changed with --set; a --set applies to every regime (choose "
           "them with --regime or --regimes)");
  }
  const bool blank = override.value.find_first_not_of(" \t") == std::string::npos;
  if (!blank) {
    try {
      parsed.value = read_document(override.value);
    } catch (const DecodeError& error) {
      refuse(number, parsed.key, std::string("the value is not valid YAML: ") + error.what());
    }
  }
  return parsed;
}

void apply_override(Value& document, const ParsedOverride& override) {
  Writer(override).write(document);
}

}  // namespace clearsim::scenario::detail
