// Bad scenarios: every mistake a scenario's author can make must end in a ScenarioError
// that says where (file:line:col), which key (the key path) and what was expected, and
// never in a crash or another exception.
//
// Each case derives a bad document from one valid base by a small edit and names the
// expected position by an anchor: a piece of the bad document with '|' where the reported
// line and column must point. Positions are thus checked exactly without hard-coding line
// numbers that would shift whenever the base changes.
#include <doctest/doctest.h>

#include <sys/stat.h>
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
agencies:
  customs:
    officers: 2
    review: 30min
    selection:
      credit:
        advanced_certified: 0.01
        general_certified: 0.02
        ordinary: 0.05
        discredited: 0.5
    exam: 3h
  ciq:
    regulates: [general, reefer, food]
    officers: 1
    review: 45min
    selection:
      cargo:
        general: 0.02
        reefer: 0.1
        food: 0.3
    exam: 2h
districts:
  - name: east
    berths: 2
    berth_node: quay
    yard_node: yard
    gate_node: gate
    exam_sites:
      customs: central
      ciq: central
inspection_sites:
  - name: central
    node: checks
    bays: 2
    teams:
      customs: 1
      ciq: 1
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
inspection:
  policy: sequential
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

// The whole `agencies` section of the base.
std::string agencies_block() {
  const std::size_t begin = kBase.find("agencies:\n");
  return kBase.substr(begin, kBase.find("districts:\n") - begin);
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
      {"a bare number as a duration", with("review: 30min", "review: 30"), "review: |30",
       "agencies.customs.review", "expected a duration with a unit, e.g. 45min, 2.5h, 3d"},
      {"a space and an unknown unit", with("review: 45min", "review: 5 hrs"), "review: |5 hrs",
       "agencies.ciq.review", "no space allowed"},
      {"a negative duration", with("exam: 3h", "exam: -3h"), "exam: |-3h", "agencies.customs.exam",
       "cannot be negative"},
      {"a unit spelled out", with("exam: 3h", "exam: 3hours"), "exam: |3hours",
       "agencies.customs.exam", "unknown time unit 'hours'"},
      {"an overflowing duration", with("exam: 3h", "exam: 1e400h"), "exam: |1e400h",
       "agencies.customs.exam", "out of range"},
      {"NaN as a duration", with("exam: 2h", "exam: .nan"), "exam: |.nan", "agencies.ciq.exam",
       "expected a duration"},
      {"an unknown rate unit", with("calls: 12/day", "calls: 12/days"), "calls: |12/days",
       "services[0].calls", "unknown time unit 'days'"},
      {"a rate without a unit", with("calls: 12/day", "calls: 12"), "calls: |12",
       "services[0].calls", "expected a rate"},
      {"a zero rate where > 0", with("calls: 12/day", "calls: 0/day"), "calls: |0/day",
       "services[0].calls", "must be > 0"},
      {"a probability above 1", plus("selection:\n  yellow_share: 1.5\n"), "yellow_share: |1.5",
       "selection.yellow_share", "between 0 and 1"},
      {"a percentage", plus("selection:\n  yellow_share: 30%\n"), "yellow_share: |30%",
       "selection.yellow_share", "expected a probability"},
      {"a percentage as a factor", with("food: 0.3", "food: 30%"), "food: |30%",
       "agencies.ciq.selection.cargo.food", "expected a plain number"},
      {"a correlation above 1", plus("selection:\n  correlation: 2\n"), "correlation: |2",
       "selection.correlation", "expected a number between 0 and 1"},
      {"a fractional count", with("berths: 2", "berths: 2.5"), "berths: |2.5",
       "districts[0].berths", "expected a whole number"},
      {"an absurd count", with("berths: 2", "berths: 2000000"), "berths: |2000000",
       "districts[0].berths", "absurd size"},
      {"a zero count where >= 1", with("bays: 2", "bays: 0"), "bays: |0",
       "inspection_sites[0].bays", "must be >= 1"},
      {"a negative count", with("bays: 2", "bays: 2\n    scanners: -1"), "scanners: |-1",
       "inspection_sites[0].scanners", "must be >= 0"},
      {"an octal-looking count", with("officers: 2", "officers: 010"), "officers: |010",
       "agencies.customs.officers", "leading zero"},
      {"yes as a boolean",
       with("  policy: sequential", "  policy: sequential\n  green_channel: yes"),
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
      {"a misspelt family", with("exam: 3h", "exam: {exponentail: {mean: 2h}}"),
       "exam: {|exponentail", "agencies.customs.exam.exponentail", "did you mean 'exponential'?"},
      {"a misspelt parameter", with("exam: 3h", "exam: {uniform: {min: 1h, maxx: 2h}}"),
       "min: 1h, |maxx", "agencies.customs.exam.uniform.maxx", "did you mean 'max'?"},
      {"a missing parameter", with("exam: 3h", "exam: {uniform: {min: 1h}}"), "{uniform: |{min",
       "agencies.customs.exam.uniform", "uniform takes min and max"},
      {"two families",
       with("exam: 3h", "exam: {uniform: {min: 1h, max: 2h}, normal: {mean: 1h, sd: 1h}}"),
       "exam: |{uniform", "agencies.customs.exam", "expected a distribution"},
      {"parameters the Distribution rejects",
       with("exam: 2h", "exam: {triangular: {min: 3h, mode: 1h, max: 4h}}"), "exam: |{triangular",
       "agencies.ciq.exam", "invalid distribution: triangular"},
      {"min above max", with("exam: 2h", "exam: {uniform: {min: 3h, max: 1h}}"), "exam: |{uniform",
       "agencies.ciq.exam", "max must be > min"},
      {"mixed lognormal forms", with("exam: 2h", "exam: {lognormal: {mean: 2h, sigma: 0.5}}"),
       "{lognormal: |{mean", "agencies.ciq.exam.lognormal",
       "lognormal takes mean and cv, or mu and sigma"},
      {"a duration in a count distribution",
       with("load_boxes: 200", "load_boxes: {normal: {mean: 200h, sd: 20}}"), "mean: |200h",
       "services[0].load_boxes.normal.mean", "expected a plain number"},
      {"a bare number as a crane rate", with("crane_rate: 25/h", "crane_rate: 25"),
       "crane_rate: |25", "services[0].crane_rate", "expected a rate"},
      {"an exponential rate of a rate",
       with("crane_rate: 25/h", "crane_rate: {exponential: {rate: 2/h}}"), "rate: |2/h",
       "services[0].crane_rate.exponential.rate", "give its mean instead"},
      {"empirical probabilities that do not sum to 1",
       with("exam: 2h", "exam: {empirical: {values: [1h, 2h], probabilities: [0.5, 0.4]}}"),
       "exam: |{empirical", "agencies.ciq.exam", "invalid distribution: discrete_empirical"},
      {"a list as a distribution", with("exam: 2h", "exam: [1h, 2h]"), "exam: |[1h",
       "agencies.ciq.exam", "expected a distribution"},
      {"erlang with a fractional k", with("exam: 2h", "exam: {erlang: {k: 1.5, mean: 2h}}"),
       "k: |1.5", "agencies.ciq.exam.erlang.k", "whole number"},
      {"a negative transfer time",
       with("transfer: 12min", "transfer: {normal: {mean: -1h, sd: 1h}}"), "mean: |-1h",
       "network.edges[1].transfer.normal.mean", "cannot be negative"},
  });
}

TEST_CASE("distributions no run can reproduce are refused, naming the key") {
  check_all({
      {"a lognormal whose draws are not numbers",
       with("exam: 3h", "exam: {lognormal: {mean: 3h, cv: 1e200}}"), "exam: |{lognormal",
       "agencies.customs.exam", "invalid distribution: some draws would be not a number"},
      {"a Weibull with a vanishing shape",
       with("exam: 3h", "exam: {weibull: {shape: 0.001, scale: 1h}}"), "exam: |{weibull",
       "agencies.customs.exam", "invalid distribution: its mean is infinite"},
      {"a lognormal whose draws overflow",
       with("exam: 2h", "exam: {lognormal: {mu: 705, sigma: 1}}"), "exam: |{lognormal",
       "agencies.ciq.exam", "some draws would be infinite"},
      {"an infinite variance", with("review: 30min", "review: {normal: {mean: 1h, sd: 1e300h}}"),
       "review: |{normal", "agencies.customs.review", "its variance is infinite"},
      {"a uniform too wide to have a variance",
       with("transfer: 12min", "transfer: {uniform: {min: 0h, max: 1e308h}}"),
       "transfer: |{uniform", "network.edges[1].transfer", "its variance is infinite"},
      {"a mean no run can draw", with("exam: 3h", "exam: {gamma: {mean: 3h, cv: 1e7}}"),
       "exam: |{gamma", "agencies.customs.exam",
       "of the mean comes from values rarer than 1 in 10^16"},
      {"bounds with nothing between",
       with("exam: 3h", "exam: {exponential: {mean: 3h}, min: 5h, max: 4h}"), "exam: |{exponential",
       "agencies.customs.exam", "invalid distribution: truncated:"},
      {"a bound without its unit", with("exam: 3h", "exam: {exponential: {mean: 3h}, max: 40}"),
       "max: |40}", "agencies.customs.exam.max", "expected a duration with a unit"},
      {"bounds without a family", with("exam: 3h", "exam: {min: 1h, max: 4h}"), "exam: |{min",
       "agencies.customs.exam", "expected a distribution"},
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
      {"a missing section", without("cargo_mix:\n  general: 1\n"), "|name: base", "cargo_mix",
       "missing required key 'cargo_mix'"},
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
      {"an unknown inspection policy", with("policy: sequential", "policy: together"),
       "policy: |together", "inspection.policy", "expected one of sequential, joint"},
      {"a top level that is a list", "- name: x\n- name: y\n", "|- name: x", "",
       "expected a mapping of scenario keys"},
      {"a YAML tag", with("berths: 2", "berths: !!int 2"), "berths: |!!int", "districts[0].berths",
       "YAML tags such as '!!int' are not supported"},
      {"a merge key", with("    gate_node: gate\n", "    gate_node: gate\n    <<: {bays: 2}\n"),
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
      {"a misspelt credit class", with("        discredited: 0.5\n", "        discredted: 0.5\n"),
       "        |discredted", "agencies.customs.selection.credit.discredted",
       "did you mean 'discredited'?"},
      {"an unknown district", with("    district: east\n", "    district: west\n"),
       "district: |west", "services[0].district", "unknown district 'west'; defined: east"},
      {"a misspelt node", with("      to: gate\n", "      to: gat\n"), "to: |gat",
       "network.edges[1].to", "did you mean 'gate'?"},
      {"a misspelt site", with("      customs: central", "      customs: centrl"),
       "customs: |centrl", "districts[0].exam_sites.customs", "did you mean 'central'?"},
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
            "      ciq: central\ninspection_sites:",
            "      ciq: central\n  - name: west\n    berths: 1\n    berth_node: quay\n"
            "    yard_node: yard\n    gate_node: gate\n    exam_sites: {customs: central, ciq: "
            "central}\ninspection_sites:"),
       "  - name: east\n    berths: 2\n    berth_node: |quay", "districts[0].berth_node",
       "belongs to district 'west', not 'east'"},
  });
}

TEST_CASE("cross-field rules: routes, traffic, rail, scanners") {
  check_all({
      {"an inspection site no district uses",
       with("      ciq: 1\n", "      ciq: 1\n  - name: spare\n    node: checks\n    bays: 1\n"),
       "  - |name: spare", "inspection_sites[1]", "an inspection site that no route reaches"},
      {"no route from the yard to the site",
       without("    - from: yard\n      to: checks\n      transfer: 20min\n"), "customs: |central",
       "districts[0].exam_sites.customs",
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
       with("  policy: sequential", "  policy: sequential\n  machine_first:\n    share: 1"),
       "  - |name: central", "inspection_sites[0].scanners",
       "machine-first scanning in the yard needs scanners at inspection site 'central' (used by "
       "district 'east')"},
  });
}

TEST_CASE("agencies: how many, their names, their exam sites and teams") {
  const std::string seven =
      "agencies:\n  a1: {officers: 1, review: 1h, exam: 1h}\n  a2: {officers: 1, review: 1h, "
      "exam: 1h}\n  a3: {officers: 1, review: 1h, exam: 1h}\n  a4: {officers: 1, review: 1h, "
      "exam: 1h}\n  a5: {officers: 1, review: 1h, exam: 1h}\n  a6: {officers: 1, review: 1h, "
      "exam: 1h}\n  a7: {officers: 1, review: 1h, exam: 1h}\n";
  check_all({
      {"no agencies", with(agencies_block(), "agencies: {}\n"), "agencies: |{}", "agencies",
       "at least one agency is needed"},
      {"seven agencies", with(agencies_block(), seven), "  |a7:", "agencies.a7",
       "too many agencies: at most 6"},
      {"an agency that is not a mapping",
       with("  ciq:\n    regulates", "  ciq: 5\n  x:\n    regulates"), "ciq: |5", "agencies.ciq",
       "expected a mapping, got '5'"},
      {"an agency without officers", without("    officers: 1\n"), "    |regulates",
       "agencies.ciq.officers", "missing required key 'officers'"},
      {"an agency misspelt in exam_sites", with("      ciq: central\n", "      cig: central\n"),
       "      |cig: central", "districts[0].exam_sites.cig",
       "unknown agency 'cig' (did you mean 'ciq'?); defined: customs, ciq"},
      {"an agency without an exam site", without("      ciq: central\n"), "      |customs: central",
       "districts[0].exam_sites.ciq",
       "no exam site for agency 'ciq': every agency needs one (defined: customs, ciq)"},
      {"exam_sites as a list",
       with("    exam_sites:\n      customs: central\n      ciq: central\n",
            "    exam_sites: [central]\n"),
       "exam_sites: |[central]", "districts[0].exam_sites", "expected a mapping, got a list"},
      {"teams of an unknown agency", with("      ciq: 1\n", "      ciq: 1\n      quarantine: 2\n"),
       "      |quarantine", "inspection_sites[0].teams.quarantine", "unknown agency 'quarantine'"},
      {"a negative number of teams", with("      ciq: 1\n", "      ciq: -1\n"), "ciq: |-1",
       "inspection_sites[0].teams.ciq", "must be >= 0"},
      {"gate scanners without a scan time",
       with("    gate_node: gate\n", "    gate_node: gate\n    gate_scanners: 2\n"),
       "  - |name: east", "districts[0].gate_scan_time", "required when gate_scanners > 0"},
  });
}

TEST_CASE("regulates, shares by credit class and machine-first are checked") {
  check_all({
      {"a misspelt cargo class", with("[general, reefer, food]", "[general, refer, food]"),
       "[general, |refer", "agencies.ciq.regulates[1]",
       "expected a cargo class (general, reefer, hazardous, food, ecommerce), got 'refer' (did "
       "you mean 'reefer'?)"},
      {"a cargo class twice", with("[general, reefer, food]", "[general, food, food]"),
       "food, |food]", "agencies.ciq.regulates[2]", "cargo class 'food' is listed twice"},
      {"nothing regulated", with("[general, reefer, food]", "[]"), "regulates: |[]",
       "agencies.ciq.regulates", "expected a non-empty list of cargo classes"},
      {"a share by an unknown credit class",
       plus("declaration:\n  import:\n    advance_share: {aeo: 0.5}\n"), "{|aeo",
       "declaration.import.advance_share.aeo",
       "unknown key 'aeo'; expected one of: "
       "advanced_certified"},
      {"a share above 1 for one class",
       plus("declaration:\n  import:\n    guarantee_share: {ordinary: 2}\n"), "ordinary: |2",
       "declaration.import.guarantee_share.ordinary", "between 0 and 1"},
      {"a share as a list", plus("declaration:\n  export:\n    deferral_share: [0.1]\n"),
       "deferral_share: |[0.1]", "declaration.export.deferral_share",
       "expected a probability, or a mapping of one per credit class"},
      {"a permit for an unknown cargo class",
       plus("declaration:\n  import:\n    permits: {fish: 1d}\n"), "{|fish",
       "declaration.import.permits.fish", "unknown key 'fish'"},
      {"an unknown place to scan",
       with("  policy: sequential",
            "  policy: sequential\n  machine_first: {share: 1, place: quay}"),
       "place: |quay", "inspection.machine_first.place", "expected one of yard, gate"},
      {"no image officers",
       with("  policy: sequential", "  policy: sequential\n  machine_first: {image_officers: 0}"),
       "image_officers: |0", "inspection.machine_first.image_officers", "must be >= 1"},
  });
}

TEST_CASE("keys of the earlier format say what replaced them") {
  check_all({
      {"inspection.mode", with("  policy: sequential", "  mode: joint"), "  |mode",
       "inspection.mode", "unknown key 'mode': `inspection.mode` is now `inspection.policy`"},
      {"machine_first as a flag",
       with("  policy: sequential", "  policy: sequential\n  machine_first: true"),
       "machine_first: |true", "inspection.machine_first",
       "expected a mapping, got 'true'; `inspection.machine_first` is now a mapping"},
      {"customs_site",
       with("    exam_sites:\n      customs: central\n      ciq: central\n",
            "    customs_site: central\n"),
       "    |customs_site", "districts[0].customs_site",
       "customs_site/ciq_site are now `exam_sites: {customs: ..., ciq: ...}`"},
      {"ciq_teams", with("    teams:\n      customs: 1\n      ciq: 1\n", "    ciq_teams: 1\n"),
       "    |ciq_teams", "inspection_sites[0].ciq_teams",
       "are now `teams: {customs: ..., ciq: ...}`"},
      {"documents.customs_officers", plus("documents:\n  customs_officers: 4\n"),
       "  |customs_officers", "documents.customs_officers", "`agencies.<agency>.officers`"},
      {"selection.customs", plus("selection:\n  customs: {ordinary: 0.1}\n"),
       "selection:\n  |customs", "selection.customs", "`agencies.<agency>.selection.credit`"},
      {"selection.scan_suspicious", plus("selection:\n  scan_suspicious: 0.1\n"),
       "  |scan_suspicious", "selection.scan_suspicious",
       "now `inspection.machine_first.open_after_review`"},
      {"declaration lag", plus("declaration:\n  import: {lag: 10h}\n"), "{|lag",
       "declaration.import.lag", "`lag` is now split into `manifest`"},
      {"in a regime's overlay", plus("regimes:\n  joint:\n    set: {inspection: {mode: joint}}\n"),
       "{inspection: {|mode", "regimes.joint.set.inspection.mode", "is now `inspection.policy`"},
  });
}

TEST_CASE("capacity where the model's routes need it, reported where it is written") {
  check_all({
      {"an agency without teams at its site", without("      ciq: 1\n"), "      |customs: 1",
       "inspection_sites[0].teams.ciq",
       "inspection site 'central' has no ciq teams, but ciq examines boxes of district 'east' "
       "there"},
      {"zero teams", with("      ciq: 1\n", "      ciq: 0\n"), "ciq: |0",
       "inspection_sites[0].teams.ciq", "has no ciq teams"},
      {"no teams at all", without("    teams:\n      customs: 1\n      ciq: 1\n"),
       "  - |name: central", "inspection_sites[0].teams", "has no customs teams"},
      {"gate scanning without gate scanners",
       with("  policy: sequential",
            "  policy: sequential\n  machine_first: {share: 0.5, place: gate}"),
       "  - |name: east", "districts[0].gate_scanners",
       "machine-first scanning at the gate needs drive-through scanners (gate_scanners) at "
       "district 'east'"},
      {"zero scanners",
       with("    bays: 2\n", "    bays: 2\n    scanners: 0\n") + "  machine_first: {share: 1}\n",
       "scanners: |0", "inspection_sites[0].scanners", "needs scanners at inspection site"},
      {"a regime that turns machine-first on",
       plus("regimes:\n  scan:\n    set:\n      inspection: {machine_first: {share: 1}}\n"),
       "{share: |1}", "regimes.scan.set.inspection.machine_first.share",
       "needs scanners at inspection site 'central'"},
      {"a regime that drops the scanners machine-first needs",
       with("    bays: 2\n", "    bays: 2\n    scanners: 1\n    scan_time: 5min\n") +
           "  machine_first: {share: 1}\nregimes:\n  cut:\n    set:\n      inspection_sites:\n"
           "        - {name: central, node: checks, bays: 2, teams: {customs: 1, ciq: 1}}\n",
       "        - |{name: central", "regimes.cut.set.inspection_sites[0].scanners",
       "needs scanners"},
      {"a regime that drops an agency but not its exam sites",
       plus("regimes:\n  merger:\n    set:\n      agencies: {ciq: null}\n"), "      |ciq: central",
       "districts[0].exam_sites.ciq",
       "unknown agency 'ciq'; defined: customs (in regime 'merger')"},
  });
}

TEST_CASE("errors in regimes point into the overlay") {
  check_all({
      {"an unknown key in an overlay",
       plus("regimes:\n  joint:\n    set:\n      inspection: {polcy: joint}\n"),
       "inspection: {|polcy", "regimes.joint.set.inspection.polcy", "did you mean 'policy'?"},
      {"a bad value in an overlay",
       plus("regimes:\n  slow:\n    set:\n      agencies:\n        customs: {exam: 3}\n"),
       "exam: |3}", "regimes.slow.set.agencies.customs.exam", "expected a duration with a unit"},
      {"a bad value in a replaced list",
       plus("regimes:\n  big:\n    set:\n      districts:\n        - {name: east, berths: 2.5}\n"),
       "berths: |2.5}", "regimes.big.set.districts[0].berths", "whole number"},
      {"an error the regime causes in the base",
       plus("regimes:\n  reefer:\n    set:\n      cargo_mix: {reefer: 0.5}\n"), "  |general: 1",
       "cargo_mix", "sum to 1.5 (1 + 0.5) (in regime 'reefer')"},
      {"an unknown regime in combine",
       plus("regimes:\n  joint: {set: {inspection: {policy: joint}}}\n  single: {}\n"
            "  reform: {combine: [joint, singel]}\n"),
       "combine: [joint, |singel]", "regimes.reform.combine[1]",
       "unknown regime 'singel' (did you mean 'single'?); defined: baseline, joint, single"},
      {"a cycle in combine",
       plus("regimes:\n  a: {combine: [b]}\n  b: {combine: [c]}\n  c: {combine: [a]}\n"),
       "c: {combine: [|a]}", "regimes.c.combine[0]", "cycle: a -> b -> c -> a"},
      {"a regime that combines itself", plus("regimes:\n  a: {combine: [a]}\n"),
       "a: {combine: [|a]}", "regimes.a.combine[0]", "cycle: a -> a"},
      {"a regime that changes the seed", plus("regimes:\n  lucky:\n    set: {seed: 7}\n"),
       "set: {|seed", "regimes.lucky.set.seed", "cannot change 'seed': regimes share the run settings"},
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
  SUBCASE("a FIFO is refused, not waited on") {
    const std::string path = (dir.path / "pipe.yaml").string();
    REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
    const ScenarioError error = load_error(path);  // before the fix: blocked forever
    CHECK(error.line() == 0);
    CHECK(error.message() ==
          "is a named pipe (FIFO), not a regular file: write the scenario to a file and give its "
          "name");
  }
  SUBCASE("devices are refused, not read until memory runs out") {
    for (const char* device : {"/dev/zero", "/dev/urandom", "/dev/null"}) {
      CAPTURE(device);
      CHECK(load_error(device).message().starts_with("is a character device, not a regular file"));
    }
  }
  SUBCASE("a file larger than 16 MiB is refused without reading it") {
    const std::string path = (dir.path / "huge.yaml").string();
    std::ofstream(path) << "name: x\n";
    std::filesystem::resize_file(path, std::uintmax_t{1} << 34);  // sparse: 16 GiB of zeros
    CHECK(load_error(path).message() ==
          "is 17179869184 bytes, more than a scenario may be (16 MiB)");
    std::filesystem::resize_file(path, clearsim::scenario::kMaxScenarioBytes + 1);
    CHECK(load_error(path).message().find("more than a scenario may be") != std::string::npos);
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
    CHECK(std::string(error.what()).starts_with(path + ":45:13: districts[0].berths: "));
  }
}
