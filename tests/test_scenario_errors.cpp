// Bad scenarios: every mistake a scenario's author can make must end in a ScenarioError
// that says where (file:line:col), which key (the key path) and what was expected, and
// never in a crash or another exception.
//
// Each case derives a bad document from one valid base by a small edit and names the
// expected position by an anchor: a piece of the bad document with '|' where the reported
// line and column must point. Positions are thus checked exactly without hard-coding line
// numbers that would shift whenever the base changes.
#include <doctest/doctest.h>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace {

using clearsim::scenario::Scenario;
using clearsim::scenario::ScenarioError;

const std::string kBase = R"(name: base
network:
  nodes:
    - name: quay
      kind: berth
    - name: yard
      kind: yard
    - name: gate
      kind: gate
    - name: checks
      kind: inspection_site
  edges:
    - from: quay
      to: yard
      transfer: 10min
    - from: yard
      to: gate
      transfer: 12min
    - from: yard
      to: checks
      transfer: 20min
districts:
  - name: east
    berths: 2
    berth_node: quay
    yard_node: yard
    gate_node: gate
    customs_site: central
    ciq_site: central
inspection_sites:
  - name: central
    node: checks
    bays: 2
    customs_teams: 1
    ciq_teams: 1
services:
  - name: loop
    district: east
    calls: 12/day
    discharge_boxes: 300
    load_boxes: 200
    cranes: 2
    crane_rate: 25/h
cargo_mix:
  general: 1
credit_mix:
  ordinary: 1
documents:
  customs_officers: 2
  customs_review: 30min
  ciq_officers: 1
  ciq_review: 45min
selection:
  customs:
    advanced_certified: 0.01
    general_certified: 0.02
    ordinary: 0.05
    discredited: 0.5
  ciq:
    general: 0.02
    reefer: 0.1
    hazardous: 0.1
    food: 0.3
    ecommerce: 0.05
inspection:
  customs_exam: 3h
  ciq_exam: 2h
)";

// `text` with `from` (which must occur exactly once) replaced by `to`.
std::string edit(const std::string& text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "not in the text: " << from);
  REQUIRE_MESSAGE(text.find(from, at + 1) == std::string::npos, "not unique: " << from);
  return text.substr(0, at) + to + text.substr(at + from.size());
}

std::string with(const std::string& from, const std::string& to) {
  return edit(kBase, from, to);
}

std::string without(const std::string& text) {
  return with(text, "");
}

std::string plus(const std::string& text) {
  return kBase + text;
}

struct Case {
  const char* mistake;
  std::string yaml;
  // Where the error must point: text of the bad document with '|' at that place; or
  // "@0:0" for no position; or "*" for any position in the file (where yaml-cpp decides).
  std::string anchor;
  std::string path;     // expected in key_path()
  std::string message;  // expected in message()
};

// 1-based line and column of the '|' in the anchor, located in `yaml`.
std::pair<int, int> anchor_position(const std::string& yaml, const std::string& anchor) {
  const std::size_t bar = anchor.find('|');
  REQUIRE_MESSAGE(bar != std::string::npos, "anchor without '|': " << anchor);
  const std::string text = anchor.substr(0, bar) + anchor.substr(bar + 1);
  const std::size_t found = yaml.find(text);
  REQUIRE_MESSAGE(found != std::string::npos, "anchor not in the document: " << text);
  const std::size_t offset = found + bar;
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (yaml[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

void check(const Case& c) {
  const std::string mistake = c.mistake;  // doctest shows a const char* as a pointer
  CAPTURE(mistake);
  bool thrown = false;
  try {
    Scenario::parse(c.yaml, "bad.yaml");
  } catch (const ScenarioError& error) {
    thrown = true;
    const std::string what = error.what();
    CAPTURE(what);
    CHECK(error.file() == "bad.yaml");
    int line = error.line();
    int column = error.column();
    if (c.anchor == "@0:0") {
      line = column = 0;
    } else if (c.anchor == "*") {
      CHECK(line >= 1);
      CHECK(column >= 1);
    } else {
      std::tie(line, column) = anchor_position(c.yaml, c.anchor);
    }
    CHECK(error.line() == line);
    CHECK(error.column() == column);
    CHECK(error.key_path().find(c.path) != std::string::npos);
    CHECK(error.message().find(c.message) != std::string::npos);
    const std::string prefix = "bad.yaml:" + std::to_string(line) + ":" + std::to_string(column) +
                               ": " + (error.key_path().empty() ? "" : error.key_path() + ": ");
    CHECK(std::string(error.what()) == prefix + error.message());
  } catch (const std::exception& other) {
    FAIL("not a ScenarioError: " << other.what());
  }
  CHECK_MESSAGE(thrown, "accepted a bad scenario");
}

void check_all(const std::vector<Case>& cases) {
  for (const auto& c : cases)
    check(c);
}

}  // namespace

TEST_CASE("the base of the error cases is valid") {
  const Scenario scenario = Scenario::parse(kBase, "base.yaml");
  CHECK(scenario.regime_names() == std::vector<std::string>{"baseline"});
}

TEST_CASE("values must be written with their units and in range") {
  check_all({
      {"a bare number as a duration", with("customs_review: 30min", "customs_review: 30"),
       "customs_review: |30", "documents.customs_review",
       "expected a duration with a unit, e.g. 45min, 2.5h, 3d"},
      {"a space and an unknown unit", with("ciq_review: 45min", "ciq_review: 5 hrs"),
       "ciq_review: |5 hrs", "documents.ciq_review", "no space allowed"},
      {"a negative duration", with("customs_exam: 3h", "customs_exam: -3h"), "customs_exam: |-3h",
       "inspection.customs_exam", "cannot be negative"},
      {"a unit spelled out", with("customs_exam: 3h", "customs_exam: 3hours"),
       "customs_exam: |3hours", "inspection.customs_exam", "unknown time unit 'hours'"},
      {"an overflowing duration", with("customs_exam: 3h", "customs_exam: 1e400h"),
       "customs_exam: |1e400h", "inspection.customs_exam", "out of range"},
      {"NaN as a duration", with("ciq_exam: 2h", "ciq_exam: .nan"), "ciq_exam: |.nan",
       "inspection.ciq_exam", "expected a duration"},
      {"an unknown rate unit", with("calls: 12/day", "calls: 12/days"), "calls: |12/days",
       "services[0].calls", "unknown time unit 'days'"},
      {"a rate without a unit", with("calls: 12/day", "calls: 12"), "calls: |12",
       "services[0].calls", "expected a rate"},
      {"a zero rate where > 0", with("calls: 12/day", "calls: 0/day"), "calls: |0/day",
       "services[0].calls", "must be > 0"},
      {"a probability above 1", with("ordinary: 0.05", "ordinary: 1.5"), "ordinary: |1.5",
       "selection.customs.ordinary", "between 0 and 1"},
      {"a percentage", with("food: 0.3", "food: 30%"), "food: |30%", "selection.ciq.food",
       "expected a probability"},
      {"a fractional count", with("berths: 2", "berths: 2.5"), "berths: |2.5",
       "districts[0].berths", "expected a whole number"},
      {"an absurd count", with("berths: 2", "berths: 2000000"), "berths: |2000000",
       "districts[0].berths", "absurd size"},
      {"a zero count where >= 1", with("bays: 2", "bays: 0"), "bays: |0",
       "inspection_sites[0].bays", "must be >= 1"},
      {"a negative count", with("bays: 2", "bays: 2\n    scanners: -1"), "scanners: |-1",
       "inspection_sites[0].scanners", "must be >= 0"},
      {"an octal-looking count", with("customs_officers: 2", "customs_officers: 010"),
       "customs_officers: |010", "documents.customs_officers", "leading zero"},
      {"yes as a boolean", with("ciq_exam: 2h", "ciq_exam: 2h\n  green_channel: yes"),
       "green_channel: |yes", "inspection.green_channel", "expected true or false"},
      {"a negative seed", with("name: base", "name: base\nseed: -5"), "seed: |-5", "seed",
       "expected a whole number >= 0"},
      {"zero replications", with("name: base", "name: base\nreplications: 0"), "replications: |0",
       "replications", "must be >= 1"},
      {"a zero horizon", with("name: base", "name: base\nhorizon: 0d"), "horizon: |0d", "horizon",
       "must be > 0"},
      {"a warm-up longer than the horizon",
       with("name: base", "name: base\nhorizon: 2d\nwarmup: 3d"), "warmup: |3d", "warmup",
       "shorter than horizon"},
      {"an empty name", with("name: base", "name: \"\""), "name: |\"\"", "name",
       "must not be empty"},
  });
}

TEST_CASE("services need a schedule and consistent export times") {
  check_all({
      {"a day spelled out", with("calls: 12/day", "weekly: [monday 06:00]"), "weekly: [|monday",
       "services[0].weekly[0]", "'<day> HH:MM'"},
      {"an impossible hour", with("calls: 12/day", "weekly: [mon 25:00]"), "weekly: [|mon 25:00",
       "services[0].weekly[0]", "weekly time"},
      {"calls and weekly", with("calls: 12/day", "calls: 12/day\n    weekly: [mon 06:00]"),
       "weekly: |[mon", "services[0].weekly", "not both"},
      {"neither calls nor weekly", without("    calls: 12/day\n"), "  - |name: loop",
       "services[0].calls", "missing key 'calls' or 'weekly'"},
      {"a cut-off after the window", with("cranes: 2", "cranes: 2\n    export_cutoff: 80h"),
       "export_cutoff: |80h", "services[0].export_cutoff", "shorter than export_window"},
  });
}

TEST_CASE("distributions are checked family by family") {
  check_all({
      {"a misspelt family", with("customs_exam: 3h", "customs_exam: {exponentail: {mean: 2h}}"),
       "customs_exam: {|exponentail", "inspection.customs_exam.exponentail",
       "did you mean 'exponential'?"},
      {"a misspelt parameter",
       with("customs_exam: 3h", "customs_exam: {uniform: {min: 1h, maxx: 2h}}"), "min: 1h, |maxx",
       "inspection.customs_exam.uniform.maxx", "did you mean 'max'?"},
      {"a missing parameter", with("customs_exam: 3h", "customs_exam: {uniform: {min: 1h}}"),
       "{uniform: |{min", "inspection.customs_exam.uniform", "uniform takes min and max"},
      {"two families",
       with("customs_exam: 3h",
            "customs_exam: {uniform: {min: 1h, max: 2h}, normal: {mean: 1h, sd: 1h}}"),
       "customs_exam: |{uniform", "inspection.customs_exam", "expected a distribution"},
      {"parameters the Distribution rejects",
       with("ciq_exam: 2h", "ciq_exam: {triangular: {min: 3h, mode: 1h, max: 4h}}"),
       "ciq_exam: |{triangular", "inspection.ciq_exam", "invalid distribution: triangular"},
      {"min above max", with("ciq_exam: 2h", "ciq_exam: {uniform: {min: 3h, max: 1h}}"),
       "ciq_exam: |{uniform", "inspection.ciq_exam", "max must be > min"},
      {"mixed lognormal forms",
       with("ciq_exam: 2h", "ciq_exam: {lognormal: {mean: 2h, sigma: 0.5}}"), "{lognormal: |{mean",
       "inspection.ciq_exam.lognormal", "lognormal takes mean and cv, or mu and sigma"},
      {"a duration in a count distribution",
       with("load_boxes: 200", "load_boxes: {normal: {mean: 200h, sd: 20}}"), "mean: |200h",
       "services[0].load_boxes.normal.mean", "expected a plain number"},
      {"a bare number as a crane rate", with("crane_rate: 25/h", "crane_rate: 25"),
       "crane_rate: |25", "services[0].crane_rate", "expected a rate"},
      {"an exponential rate of a rate",
       with("crane_rate: 25/h", "crane_rate: {exponential: {rate: 2/h}}"), "rate: |2/h",
       "services[0].crane_rate.exponential.rate", "give its mean instead"},
      {"empirical probabilities that do not sum to 1",
       with("ciq_exam: 2h", "ciq_exam: {empirical: {values: [1h, 2h], probabilities: [0.5, 0.4]}}"),
       "ciq_exam: |{empirical", "inspection.ciq_exam", "invalid distribution: discrete_empirical"},
      {"a list as a distribution", with("ciq_exam: 2h", "ciq_exam: [1h, 2h]"), "ciq_exam: |[1h",
       "inspection.ciq_exam", "expected a distribution"},
      {"erlang with a fractional k", with("ciq_exam: 2h", "ciq_exam: {erlang: {k: 1.5, mean: 2h}}"),
       "k: |1.5", "inspection.ciq_exam.erlang.k", "whole number"},
      {"a negative transfer time",
       with("transfer: 12min", "transfer: {normal: {mean: -1h, sd: 1h}}"), "mean: |-1h",
       "network.edges[1].transfer.normal.mean", "cannot be negative"},
  });
}

TEST_CASE("the document's structure is checked key by key") {
  check_all({
      {"a misspelt top-level key", plus("horizn: 3d\n"), "|horizn", "horizn",
       "unknown key 'horizn' (did you mean 'horizon'?)"},
      {"an unknown key, no close match", plus("colour: red\n"), "|colour", "colour",
       "expected one of: name, horizon"},
      {"a misspelt nested key", with("    yard_node: yard\n", "    yard_nod: yard\n"),
       "    |yard_nod", "districts[0].yard_nod", "did you mean 'yard_node'?"},
      {"a duplicate key", with("    berths: 2\n", "    berths: 2\n    berths: 3\n"),
       "    |berths: 3", "districts[0].berths", "duplicate key 'berths' (first given at line"},
      {"a duplicate top-level key", plus("name: again\n"), "|name: again", "name",
       "duplicate key 'name'"},
      {"a missing key", without("    bays: 2\n"), "  - |name: central", "inspection_sites[0].bays",
       "missing required key 'bays'"},
      {"a missing section", without("inspection:\n  customs_exam: 3h\n  ciq_exam: 2h\n"),
       "|name: base", "inspection", "missing required key 'inspection'"},
      {"a list where a mapping belongs", with("cargo_mix:\n  general: 1", "cargo_mix: [general]"),
       "cargo_mix: |[general]", "cargo_mix", "expected a mapping, got a list"},
      {"a mapping where a list belongs", plus("box_streams: {name: trucks}\n"),
       "box_streams: |{name", "box_streams", "expected a list"},
      {"a list where a value belongs", with("name: base", "name: [a, b]"), "name: |[a", "name",
       "expected a single value, got a list"},
      {"a list item that is not a mapping", with("  edges:\n", "  edges:\n    - quay\n"),
       "    - |quay", "network.edges[0]", "expected a mapping of keys to values"},
      {"an empty value", with("berths: 2", "berths:"), "    |berths:", "districts[0].berths",
       "got nothing"},
      {"an unknown choice", with("kind: berth", "kind: bert"), "kind: |bert",
       "network.nodes[0].kind", "did you mean 'berth'?"},
      {"an unknown inspection mode", with("ciq_exam: 2h", "ciq_exam: 2h\n  mode: together"),
       "mode: |together", "inspection.mode", "expected one of sequential, joint"},
      {"a top level that is a list", "- name: x\n- name: y\n", "|- name: x", "",
       "expected a mapping of scenario keys"},
      {"a YAML tag", with("berths: 2", "berths: !!int 2"), "berths: |!!int", "districts[0].berths",
       "YAML tags such as '!!int' are not supported"},
      {"a merge key", with("    ciq_site: central\n", "    ciq_site: central\n    <<: {bays: 2}\n"),
       "    |<<", "districts[0]", "merge keys ('<<') are not supported"},
      {"a key that is not a name", plus("? [a, b]\n: 1\n"), "? |[a, b]", "",
       "keys must be plain names"},
  });
}

TEST_CASE("shares sum to one and names resolve") {
  check_all({
      {"shares below one", with("  general: 1", "  general: 0.9"), "  |general: 0.9", "cargo_mix",
       "sum to 0.9"},
      {"shares of an unknown class", with("  ordinary: 1", "  ordinary: 0.5\n  premium: 0.5"),
       "  |premium", "credit_mix.premium", "unknown key 'premium'"},
      {"a credit class left out", without("    discredited: 0.5\n"),
       "    |advanced_certified: 0.01", "selection.customs.discredited",
       "missing required key 'discredited'"},
      {"an unknown district", with("    district: east\n", "    district: west\n"),
       "district: |west", "services[0].district", "unknown district 'west'; defined: east"},
      {"a misspelt node", with("      to: gate\n", "      to: gat\n"), "to: |gat",
       "network.edges[1].to", "did you mean 'gate'?"},
      {"a misspelt site", with("customs_site: central", "customs_site: centrl"),
       "customs_site: |centrl", "districts[0].customs_site", "did you mean 'central'?"},
      {"a node of the wrong kind", with("berth_node: quay", "berth_node: yard"),
       "berth_node: |yard", "districts[0].berth_node", "must name a node of kind berth"},
      {"a duplicate node name", with("    - name: gate\n", "    - name: quay\n"),
       "    - name: |quay\n      kind: gate", "network.nodes[2].name",
       "duplicate node name 'quay' (first defined at line 4)"},
      {"an edge from a node to itself", with("      to: gate\n", "      to: yard\n"),
       "    - from: yard\n      to: |yard\n      transfer: 12min", "network.edges[1].to",
       "two different nodes"},
      {"a node claimed by another district",
       edit(with("    - name: quay\n      kind: berth\n",
                 "    - name: quay\n      kind: berth\n      district: west\n"),
            "    ciq_site: central\ninspection_sites:",
            "    ciq_site: central\n  - name: west\n    berths: 1\n    berth_node: quay\n"
            "    yard_node: yard\n    gate_node: gate\n    customs_site: central\n"
            "    ciq_site: central\ninspection_sites:"),
       "  - name: east\n    berths: 2\n    berth_node: |quay", "districts[0].berth_node",
       "belongs to district 'west', not 'east'"},
  });
}

TEST_CASE("cross-field rules: routes, traffic, rail, scanners") {
  check_all({
      {"an inspection site no district uses",
       with("    ciq_teams: 1\n",
            "    ciq_teams: 1\n  - name: spare\n    node: checks\n    bays: 1\n"
            "    customs_teams: 1\n    ciq_teams: 1\n"),
       "  - |name: spare", "inspection_sites[1]", "an inspection site that no route reaches"},
      {"no route from the yard to the site",
       without("    - from: yard\n      to: checks\n      transfer: 20min\n"),
       "customs_site: |central", "districts[0].customs_site",
       "district 'east': no route along network.edges from yard 'yard' to inspection site "
       "'central'"},
      {"no traffic",
       without("services:\n  - name: loop\n    district: east\n    calls: 12/day\n"
               "    discharge_boxes: 300\n    load_boxes: 200\n    cranes: 2\n"
               "    crane_rate: 25/h\n"),
       "|name: base", "services", "no traffic"},
      {"rail traffic without rail", with("cranes: 2", "cranes: 2\n    rail_share: 0.2"),
       "rail_share: |0.2", "services[0].rail_share", "needs a 'rail' section"},
      {"rail transit streams without rail",
       plus("box_streams:\n  - {name: trains, district: east, rate: 2/h, direction: "
            "rail_transit}\n"),
       "direction: |rail_transit", "box_streams[0].direction", "need a 'rail' section"},
      {"a rail yard of the wrong kind", plus("rail: {node: yard, train_interval: 12h}\n"),
       "rail: {node: |yard", "rail.node", "must name a node of kind rail_yard"},
      {"rail without its yard", plus("rail:\n  train_interval: 12h\n"), "  |train_interval",
       "rail.node", "missing required key 'node'"},
      {"scanners without a scan time", with("    bays: 2\n", "    bays: 2\n    scanners: 1\n"),
       "  - |name: central", "inspection_sites[0].scan_time", "required when scanners > 0"},
      {"machine-first without scanners",
       with("ciq_exam: 2h", "ciq_exam: 2h\n  machine_first: true"), "machine_first: |true",
       "inspection.machine_first", "needs scanners"},
  });
}

TEST_CASE("errors in regimes point into the overlay") {
  check_all({
      {"an unknown key in an overlay",
       plus("regimes:\n  joint:\n    set:\n      inspection: {mdoe: joint}\n"),
       "inspection: {|mdoe", "regimes.joint.set.inspection.mdoe", "did you mean 'mode'?"},
      {"a bad value in an overlay",
       plus("regimes:\n  slow:\n    set:\n      inspection:\n        customs_exam: 3\n"),
       "customs_exam: |3\n", "regimes.slow.set.inspection.customs_exam",
       "expected a duration with a unit"},
      {"a bad value in a replaced list",
       plus("regimes:\n  big:\n    set:\n      districts:\n        - {name: east, berths: 2.5}\n"),
       "berths: |2.5}", "regimes.big.set.districts[0].berths", "whole number"},
      {"an error the regime causes in the base",
       plus("regimes:\n  reefer:\n    set:\n      cargo_mix: {reefer: 0.5}\n"), "  |general: 1",
       "cargo_mix", "sum to 1.5 (1 + 0.5) (in regime 'reefer')"},
      {"an unknown regime in combine",
       plus("regimes:\n  joint: {set: {inspection: {mode: joint}}}\n  single: {}\n"
            "  reform: {combine: [joint, singel]}\n"),
       "combine: [joint, |singel]", "regimes.reform.combine[1]",
       "unknown regime 'singel' (did you mean 'single'?); defined: baseline, joint, single"},
      {"a cycle in combine",
       plus("regimes:\n  a: {combine: [b]}\n  b: {combine: [c]}\n  c: {combine: [a]}\n"),
       "c: {combine: [|a]}", "regimes.c.combine[0]", "cycle: a -> b -> c -> a"},
      {"a regime that combines itself", plus("regimes:\n  a: {combine: [a]}\n"),
       "a: {combine: [|a]}", "regimes.a.combine[0]", "cycle: a -> a"},
      {"a regime that changes the seed", plus("regimes:\n  lucky:\n    set: {seed: 7}\n"),
       "set: {|seed", "regimes.lucky.set.seed", "cannot change 'seed'"},
      {"an overlay that is not a mapping", plus("regimes:\n  odd:\n    set: [inspection]\n"),
       "set: |[inspection]", "regimes.odd.set", "expected a mapping"},
      {"a regime that is not a mapping", plus("regimes:\n  odd: 5\n"), "odd: |5", "regimes.odd",
       "expected a mapping"},
      {"a misspelt regime key", plus("regimes:\n  odd:\n    descripton: x\n"), "    |descripton",
       "regimes.odd.descripton", "did you mean 'description'?"},
      {"a regime name with a space", plus("regimes:\n  my regime: {}\n"), "  |my regime",
       "regimes.my regime", "regime names may use"},
      {"regimes that are a list", plus("regimes: [joint]\n"), "regimes: |[joint]", "regimes",
       "expected a mapping"},
  });
}

TEST_CASE("YAML-level problems are ScenarioErrors with a position") {
  check_all({
      {"an unclosed flow sequence", "name: x\nnetwork: [1, 2\n", "*", "", "YAML syntax error"},
      {"a tab used for indentation", "name: x\n\t network: 1\n", "name: x\n|\t network", "",
       "YAML syntax error"},
      // yaml-cpp 0.7's LoadAll loops forever on these (upstream issue #1040).
      {"a stray comma first", "# comment\n,name: x\n", "# comment\n|,name", "",
       "YAML syntax error: unexpected ','"},
      {"a stray comma after a list", "- a\n, b\n", "- a\n|, b", "",
       "YAML syntax error: unexpected ','"},
      {"two documents", kBase + "---\nname: other\n", "|---\nname: other", "",
       "more than one YAML document"},
      {"a recursive alias", with("name: base", "name: base\nloop: &x [*x]"), "loop: |&x", "loop",
       "nesting is too deep"},
      {"an alias bomb",
       with("name: base",
            "name: base\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, "
            "*a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, "
            "*c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, "
            "*e, *e, *e, *e, *e, *e, *e, *e]"),
       "*", "", "more than 200000 nodes"},
      {"binary garbage", std::string("name: x\nnet\x01work: \xff\xfe\n", 20), "name: x\nnet|", "",
       "not a YAML text file: byte 0x01"},
      {"invalid UTF-8", "name: caf\xe9\n", "name: caf|", "", "not valid UTF-8"},
      {"comments only", "# nothing here\n\n", "@0:0", "", "the scenario is empty"},
  });
}

namespace {

// A scratch directory of this test's own, removed at the end.
struct ScratchDir {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("clearsim_scenario_errors_" + std::to_string(::getpid()));
  ScratchDir() { std::filesystem::create_directories(path); }
  ~ScratchDir() { std::filesystem::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    const auto file = path / name;
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }
};

ScenarioError load_error(const std::string& path) {
  try {
    Scenario::load(path);
  } catch (const ScenarioError& error) {
    return error;
  }
  FAIL("loaded " << path);
  throw;  // unreachable
}

}  // namespace

TEST_CASE("files that cannot be scenarios are reported with their name") {
  const ScratchDir dir;
  SUBCASE("missing") {
    const std::string path = (dir.path / "absent.yaml").string();
    const ScenarioError error = load_error(path);
    CHECK(error.file() == path);
    CHECK(error.line() == 0);
    CHECK(error.column() == 0);
    CHECK(std::string(error.what()) == path + ":0:0: cannot open: No such file or directory");
  }
  SUBCASE("a directory") {
    const ScenarioError error = load_error(dir.path.string());
    CHECK(error.message() == "is a directory, not a scenario file");
    CHECK(error.line() == 0);
  }
  SUBCASE("empty") {
    const ScenarioError error = load_error(dir.write("empty.yaml", ""));
    CHECK(error.message() == "the file is empty");
  }
  SUBCASE("binary") {
    const std::string garbage(
        "\x7f"
        "ELF\x02\x01\x01\x00\x00\x00",
        10);
    const ScenarioError error = load_error(dir.write("a.out", garbage));
    CHECK(error.line() == 1);
    CHECK(error.column() == 1);
    CHECK(error.message().find("not a YAML text file: byte 0x7F") != std::string::npos);
  }
  SUBCASE("a syntax error names the file") {
    const std::string path = dir.write("broken.yaml", "name: x\nnetwork: {nodes: [\n");
    const ScenarioError error = load_error(path);
    CHECK(error.file() == path);
    CHECK(error.line() >= 1);
    CHECK(error.message().find("YAML syntax error") != std::string::npos);
  }
  SUBCASE("a decoding error names the file") {
    const std::string path = dir.write("bad.yaml", with("berths: 2", "berths: two"));
    const ScenarioError error = load_error(path);
    CHECK(std::string(error.what()).starts_with(path + ":24:13: districts[0].berths: "));
  }
}
