#include "sim/scenario/scenario.hpp"

#include "sim/scenario/decode.hpp"
#include "sim/scenario/file.hpp"
#include "sim/scenario/overrides.hpp"
#include "sim/scenario/regimes.hpp"
#include "sim/scenario/section.hpp"
#include "sim/scenario/text.hpp"
#include "sim/scenario/tree.hpp"

namespace clearsim::scenario {

namespace {

std::string format_error(const std::string& file, int line, int column, const std::string& key_path,
                         const std::string& message) {
  std::string text = file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  if (!key_path.empty()) text += key_path + ": ";
  return text + message;
}

// Errors found in a regime's merged document at a node of the base document would
// otherwise not say which regime made them errors.
detail::DecodeError in_regime(const detail::DecodeError& error, const detail::RegimeSpec& spec) {
  // An error inside this regime's own overlay already names it in its path; one in the
  // base document, or in the overlay of a regime it combines, does not.
  if (!spec.changes_document() || error.path().starts_with("regimes." + spec.name + "."))
    return error;
  return detail::DecodeError(
      error.mark(), error.path(),
      std::string(error.what()) + " (in regime " + detail::quote(spec.name) + ")");
}

// A document with the command line's overrides written in.
detail::Value overridden(detail::Value document,
                         const std::vector<detail::ParsedOverride>& overrides) {
  for (const auto& override : overrides)
    detail::apply_override(document, override);
  return document;
}

}  // namespace

ScenarioError::ScenarioError(int set_number, std::string key_path, std::string message)
    : std::runtime_error("<command line>:--set #" + std::to_string(set_number) + ": " +
                         (key_path.empty() ? std::string() : key_path + ": ") + message),
      file_("<command line>"),
      line_(0),
      column_(0),
      key_path_(std::move(key_path)),
      message_(std::move(message)),
      set_number_(set_number) {}

ScenarioError ScenarioError::in_override(int number, std::string key_path, std::string message) {
  return ScenarioError(number, std::move(key_path), std::move(message));
}

Override parse_override_option(const std::string& text, int number) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw ScenarioError::in_override(
        number, "",
        "expected KEY.PATH=VALUE, e.g. inspection_sites[dongjiang_inspection].scanners=4, got " +
            detail::quote(text));
  }
  return {text.substr(0, equals), text.substr(equals + 1)};
}

ScenarioError::ScenarioError(std::string file, int line, int column, std::string key_path,
                             std::string message)
    : std::runtime_error(format_error(file, line, column, key_path, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      key_path_(std::move(key_path)),
      message_(std::move(message)) {}

Scenario Scenario::load(const std::string& path, const std::vector<Override>& overrides) {
  std::string text = detail::read_scenario_file(path);
  if (text.empty()) throw ScenarioError(path, 0, 0, "", "the file is empty");
  return parse(text, path, overrides);
}

Scenario Scenario::parse(const std::string& text, const std::string& source_name,
                         const std::vector<Override>& overrides) {
  Scenario scenario;
  scenario.source_name_ = source_name;
  scenario.text_ = text;
  scenario.overrides_ = overrides;
  try {
    std::vector<detail::ParsedOverride> parsed;
    for (std::size_t i = 0; i < overrides.size(); ++i)
      parsed.push_back(detail::parse_override(overrides[i], static_cast<int>(i) + 1));
    auto document = std::make_shared<detail::Value>(detail::read_document(text));
    if (!document->is_mapping()) {
      detail::fail(*document,
                   "expected a mapping of scenario keys (name:, network:, ...) at the "
                   "top level, got " +
                       detail::describe(*document));
    }
    scenario.defaults_ = detail::decode_run(overridden(*document, parsed));
    auto specs = std::make_shared<std::vector<detail::RegimeSpec>>(detail::read_regimes(*document));
    // Eager: every regime is decoded now, so no error waits for the run that needs it.
    for (std::size_t r = 0; r < specs->size(); ++r) {
      const auto& spec = (*specs)[r];
      try {
        const detail::Value merged = overridden(detail::apply_regime(*document, *specs, r), parsed);
        scenario.regimes_.push_back(
            {spec.name, spec.description, detail::decode_port(merged, spec.name)});
      } catch (const detail::DecodeError& error) {
        throw in_regime(error, spec);
      }
    }
    scenario.document_ = std::move(document);
    scenario.specs_ = std::move(specs);
  } catch (const detail::DecodeError& error) {
    if (error.mark().set_number > 0)
      throw ScenarioError::in_override(error.mark().set_number, error.path(), error.what());
    throw ScenarioError(source_name, error.mark().line, error.mark().column, error.path(),
                        error.what());
  }
  return scenario;
}

std::size_t Scenario::spec_index(const std::string& regime) const {
  find(regime);  // throws for an unknown regime
  for (std::size_t i = 0; i < specs_->size(); ++i)
    if ((*specs_)[i].name == regime) return i;
  return 0;  // unreachable: find() knows every regime
}

std::vector<std::string> Scenario::combined_regimes(const std::string& regime) const {
  std::vector<std::string> names;
  for (const std::size_t index : (*specs_)[spec_index(regime)].combine)
    names.push_back((*specs_)[index].name);
  return names;
}

bool Scenario::regime_has_own_set(const std::string& regime) const {
  return (*specs_)[spec_index(regime)].set != nullptr;
}

model::PortConfig Scenario::combination(const std::vector<std::string>& regimes,
                                        const std::string& name,
                                        const std::string& own_set_of) const {
  std::vector<std::size_t> indices;
  for (const auto& regime : regimes)
    indices.push_back(spec_index(regime));
  const detail::Value* own_set =
      own_set_of.empty() ? nullptr : (*specs_)[spec_index(own_set_of)].set;
  try {
    std::vector<detail::ParsedOverride> parsed;
    for (std::size_t i = 0; i < overrides_.size(); ++i)
      parsed.push_back(detail::parse_override(overrides_[i], static_cast<int>(i) + 1));
    detail::Value merged = detail::apply_regimes(*document_, *specs_, indices);
    if (own_set) detail::overlay(merged, *own_set);
    return detail::decode_port(overridden(std::move(merged), parsed), name);
  } catch (const detail::DecodeError& error) {
    const std::string message =
        std::string(error.what()) + " (in the combination " + detail::join(regimes) + ")";
    if (error.mark().set_number > 0)
      throw ScenarioError::in_override(error.mark().set_number, error.path(), message);
    throw ScenarioError(source_name_, error.mark().line, error.mark().column, error.path(),
                        message);
  }
}

std::vector<std::pair<std::string, std::string>> Scenario::values_at(const std::string& key,
                                                                     const std::string& regime,
                                                                     int number) const {
  try {
    std::vector<detail::ParsedOverride> parsed;
    for (std::size_t i = 0; i < overrides_.size(); ++i)
      parsed.push_back(detail::parse_override(overrides_[i], static_cast<int>(i) + 1));
    const detail::Value merged =
        overridden(detail::apply_regime(*document_, *specs_, spec_index(regime)), parsed);
    std::vector<std::pair<std::string, std::string>> out;
    for (auto& kv : detail::values_at(merged, key, number))
      out.emplace_back(std::move(kv.key), std::move(kv.value));
    return out;
  } catch (const detail::DecodeError& error) {
    throw ScenarioError::in_override(error.mark().set_number, error.path(), error.what());
  }
}

std::vector<std::string> Scenario::regime_names() const {
  std::vector<std::string> names;
  for (const auto& regime : regimes_)
    names.push_back(regime.name);
  return names;
}

const Scenario::Regime& Scenario::find(const std::string& regime) const {
  for (const auto& candidate : regimes_)
    if (candidate.name == regime) return candidate;
  const auto names = regime_names();
  throw ScenarioError(source_name_, 0, 0, "regimes",
                      "unknown regime " + detail::quote(regime) +
                          detail::did_you_mean(regime, names) +
                          "; defined: " + detail::join(names));
}

std::string Scenario::regime_description(const std::string& regime) const {
  return find(regime).description;
}

model::PortConfig Scenario::config(const std::string& regime) const {
  return find(regime).config;
}

}  // namespace clearsim::scenario
