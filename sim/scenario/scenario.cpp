#include "sim/scenario/scenario.hpp"

#include "sim/scenario/decode.hpp"
#include "sim/scenario/file.hpp"
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

}  // namespace

ScenarioError::ScenarioError(std::string file, int line, int column, std::string key_path,
                             std::string message)
    : std::runtime_error(format_error(file, line, column, key_path, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      key_path_(std::move(key_path)),
      message_(std::move(message)) {}

Scenario Scenario::load(const std::string& path) {
  std::string text = detail::read_scenario_file(path);
  if (text.empty()) throw ScenarioError(path, 0, 0, "", "the file is empty");
  return parse(text, path);
}

Scenario Scenario::parse(const std::string& text, const std::string& source_name) {
  Scenario scenario;
  scenario.source_name_ = source_name;
  scenario.text_ = text;
  try {
    const detail::Value document = detail::read_document(text);
    if (!document.is_mapping()) {
      detail::fail(document,
                   "expected a mapping of scenario keys (name:, network:, ...) at the "
                   "top level, got " +
                       detail::describe(document));
    }
    scenario.defaults_ = detail::decode_run(document);
    const auto specs = detail::read_regimes(document);
    // Eager: every regime is decoded now, so no error waits for the run that needs it.
    for (std::size_t r = 0; r < specs.size(); ++r) {
      const detail::Value merged = detail::apply_regime(document, specs, r);
      try {
        scenario.regimes_.push_back(
            {specs[r].name, specs[r].description, detail::decode_port(merged, specs[r].name)});
      } catch (const detail::DecodeError& error) {
        throw in_regime(error, specs[r]);
      }
    }
  } catch (const detail::DecodeError& error) {
    throw ScenarioError(source_name, error.mark().line, error.mark().column, error.path(),
                        error.what());
  }
  return scenario;
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
