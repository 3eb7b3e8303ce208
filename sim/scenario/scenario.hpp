#pragma once
// Scenarios: YAML files that describe a port and the clearance regimes to compare, decoded
// into the model's plain configuration structs (models/config.hpp).
//
// Decoding is strict and eager: load() and parse() decode every regime once, so a typo
// anywhere (including inside a regime's overlay) is reported before anything runs, with
// the file position and key path of the offending value. docs/scenarios.md is the
// reference for the file format; it is generated from the parameter table in schema.cpp.
//
// yaml-cpp is a private dependency: nothing here includes it.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "models/config.hpp"

namespace clearsim::scenario {

namespace detail {
struct Value;
struct RegimeSpec;
}  // namespace detail

// Every error a scenario's author can cause. what() is "file:line:col: key.path: message"
// (line and column 1-based), or "file:line:col: message" when the error concerns no key
// (a YAML syntax error, an unreadable file). Line and column are 0 when there is no
// position (e.g. the file does not exist).
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(std::string file, int line, int column, std::string key_path, std::string message);
  // An error in the `number`-th --set of the command line (1-based): what() is
  // "<command line>:--set #2: key.path: message"; file() is "<command line>".
  static ScenarioError in_override(int number, std::string key_path, std::string message);

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& key_path() const { return key_path_; }  // e.g. services[2].crane_rate
  const std::string& message() const { return message_; }
  int set_number() const { return set_number_; }  // 0 unless in_override()

 private:
  ScenarioError(int set_number, std::string key_path, std::string message);

  std::string file_;
  int line_;
  int column_;
  std::string key_path_;
  std::string message_;
  int set_number_ = 0;
};

// One `--set KEY.PATH=VALUE` of the command line, split at the first '='. The value is YAML
// and means what it would mean in the file at KEY.PATH (units, lists, mappings); list items
// are addressed by name, `inspection_sites[dongjiang_inspection].scanners`, or all at once,
// `inspection_sites[*].scanners`. Overrides apply after every regime's overlays, in order.
struct Override {
  std::string key;
  std::string value;
};
// "KEY=VALUE" -> Override; throws ScenarioError::in_override(number, ...) without a '='.
Override parse_override_option(const std::string& text, int number);

// Run settings a scenario suggests; the command line may override them.
struct RunDefaults {
  double horizon_hours = 30 * 24;
  double warmup_hours = 5 * 24;
  std::uint64_t seed = 1;
  int replications = 5;
};

// Bounds of the run settings, shared with the command line's --horizon and --replications:
// times are hours in double precision, which at 10^6 h still tell microseconds apart; and
// every replication keeps its results until the end.
inline constexpr double kMaxHorizonHours = 1e6;
inline constexpr int kMaxReplications = 10'000;

// The largest scenario file read. The Tianjin scenario is about 20 KB; the decoder also
// stops at 200,000 YAML nodes.
inline constexpr std::size_t kMaxScenarioBytes = std::size_t{16} << 20;  // 16 MiB

class Scenario {
 public:
  // Reads and decodes a file. Throws ScenarioError for an unreadable, empty or binary file,
  // one that is not a regular file (a FIFO, a device) or larger than kMaxScenarioBytes, a
  // YAML syntax error and every decoding error.
  static Scenario load(const std::string& path, const std::vector<Override>& overrides = {});
  // Decodes YAML text; `source_name` is used in error messages (usually the file name).
  static Scenario parse(const std::string& text, const std::string& source_name,
                        const std::vector<Override>& overrides = {});

  const std::string& source_name() const { return source_name_; }
  const std::string& text() const { return text_; }  // exactly as read, for provenance

  // In file order, with "baseline" first (implicit if the file does not declare it).
  std::vector<std::string> regime_names() const;
  std::string regime_description(const std::string& regime) const;
  // The base document with the regime's overlays applied, decoded and validated (every
  // regime was decoded at load time, so this only copies). An unknown regime throws
  // ScenarioError listing the defined ones.
  model::PortConfig config(const std::string& regime) const;
  RunDefaults defaults() const { return defaults_; }
  const std::vector<Override>& overrides() const { return overrides_; }

  // The regimes `regime` combines, in its `combine` order, and whether it also has a `set`
  // of its own (attribution treats that as one more measure, named after the regime).
  std::vector<std::string> combined_regimes(const std::string& regime) const;
  bool regime_has_own_set(const std::string& regime) const;
  // The port with the given regimes applied in order (each with what it combines, each at
  // most once), then the overrides; decoded and validated like a regime of the file. An
  // empty list is the baseline. `name` becomes the config's regime name. Throws
  // ScenarioError for an unknown regime or a combination that does not decode. With
  // `own_set_of`, that regime's own `set` (without what it combines) is applied last.
  model::PortConfig combination(const std::vector<std::string>& regimes, const std::string& name,
                                const std::string& own_set_of = "") const;

  // The keys KEY.PATH names in `regime`'s document (with the overrides), each `[*]` expanded
  // to every named item of its list in file order, and the scalar text at each ("" where
  // absent). For `size --vary`. A malformed key, missing list or unknown item throws
  // ScenarioError::in_override(number, ...).
  std::vector<std::pair<std::string, std::string>> values_at(const std::string& key,
                                                             const std::string& regime,
                                                             int number) const;

 private:
  struct Regime {
    std::string name;
    std::string description;
    model::PortConfig config;
  };

  Scenario() = default;
  const Regime& find(const std::string& regime) const;

  std::string source_name_;
  std::string text_;
  std::size_t spec_index(const std::string& regime) const;

  std::vector<Regime> regimes_;
  RunDefaults defaults_;
  std::vector<Override> overrides_;
  // The document and its regimes, kept for combination().
  std::shared_ptr<const detail::Value> document_;
  std::shared_ptr<const std::vector<detail::RegimeSpec>> specs_;
};

// "45min" -> 0.75 (hours). Exactly <number><unit>, unit s, min, h, d or w; the number is a
// plain decimal >= 0. Throws std::invalid_argument with the expected form in the message.
double parse_duration(const std::string& text);
// "18/day" -> 0.75 (per hour). Exactly <number>/<unit>, unit s, min, h, day, d, w or week.
double parse_rate(const std::string& text);

// The scenario reference (docs/scenarios.md): a hand-written introduction followed by one
// table per section, generated from the parameter table the decoder itself uses.
std::string scenario_reference_markdown();

}  // namespace clearsim::scenario
