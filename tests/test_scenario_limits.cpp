// The decoder's limits: what it refuses because no port is like that (names, sizes, rates,
// files that are not files), and how its work grows with the input (linearly: a scenario
// ten times larger takes about ten times as long, never a hundred).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>

#include "sim/scenario/scenario.hpp"

namespace {

using clearsim::scenario::Scenario;
using clearsim::scenario::ScenarioError;

// A valid port of `districts` districts, each with its own berth, yard and gate, all
// examined at one shared site; one box stream.
std::string port(int districts) {
  std::string nodes = "    - {name: checks, kind: inspection_site}\n";
  std::string edges, list;
  for (int d = 0; d < districts; ++d) {
    const std::string i = std::to_string(d);
    nodes += "    - {name: b" + i + ", kind: berth}\n    - {name: y" + i +
             ", kind: yard}\n    - {name: g" + i + ", kind: gate}\n";
    edges += "    - {from: b" + i + ", to: y" + i + ", transfer: 5min}\n    - {from: y" + i +
             ", to: g" + i + ", transfer: 5min}\n    - {from: y" + i +
             ", to: checks, transfer: 5min}\n";
    list += "  - {name: d" + i + ", berths: 1, berth_node: b" + i + ", yard_node: y" + i +
            ", gate_node: g" + i + ", exam_sites: {customs: central}}\n";
  }
  return "name: big\nnetwork:\n  nodes:\n" + nodes + "  edges:\n" + edges +
         "agencies:\n  customs: {officers: 1, review: 1h, exam: 1h}\ndistricts:\n" + list +
         "inspection_sites:\n  - {name: central, node: checks, bays: 1, teams: {customs: 1}}\n"
         "box_streams:\n  - {name: s, district: d0, rate: 1/h}\n"
         "cargo_mix: {general: 1}\ncredit_mix: {ordinary: 1}\n";
}

// Decodes `yaml`, accepting a ScenarioError (some inputs are large and wrong on purpose).
void decode(const std::string& yaml) {
  try {
    Scenario::parse(yaml, "big.yaml");
  } catch (const ScenarioError&) {
  }
}

// Seconds to decode, the best of three runs (the others pay for noise on the machine).
double seconds(const std::string& yaml) {
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    decode(yaml);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}

// Four times the input must take well under sixteen times as long (quadratic work).
void check_linear(const char* what, const std::function<std::string(int)>& make, int n) {
  const double small = seconds(make(n));
  const double large = seconds(make(4 * n));
  const std::string shape = what;
  CAPTURE(shape);
  CAPTURE(small);
  CAPTURE(large);
  MESSAGE(shape << ": " << small << " s, 4x: " << large << " s");
  CHECK(large < 8 * std::max(small, 0.005));
}

std::string many_keys(int n) {
  std::string yaml = port(1) + "extra:\n";
  for (int k = 0; k < n; ++k)
    yaml += "  key" + std::to_string(k) + ": 1\n";
  return yaml;
}

std::string one_line(int n) {
  std::string yaml = port(1) + "extra: {";
  for (int k = 0; k < n; ++k)
    yaml += "key" + std::to_string(k) + ": 北疆, ";
  return yaml + "last: 1}\n";
}

std::string big_overlay(int n) {
  std::string yaml = port(1) + "regimes:\n  r:\n    set:\n      extra:\n";
  for (int k = 0; k < n; ++k)
    yaml += "        key" + std::to_string(k) + ": 1\n";
  return yaml;
}

}  // namespace

TEST_CASE("decoding is linear in the input") {
  check_linear("a mapping of many keys", many_keys, 5'000);
  check_linear("one flow line of many keys after non-ASCII text", one_line, 3'000);
  check_linear("many districts, nodes and edges", port, 1'000);
  check_linear("a regime overlay of many keys", big_overlay, 5'000);
}

TEST_CASE("a mapping of 150,000 keys is read in seconds, not minutes") {
  const auto start = std::chrono::steady_clock::now();
  decode(many_keys(150'000));
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  CHECK(took.count() < 20);  // 45 s before duplicate keys were found by hash
}

TEST_CASE("the number of regimes is bounded") {
  std::string yaml = port(1) + "regimes:\n";
  for (int r = 1; r <= 256; ++r)
    yaml += "  r" + std::to_string(r) + ": {}\n";
  CHECK_THROWS_WITH_AS(Scenario::parse(yaml, "many.yaml"),
                       doctest::Contains("regimes.r256: too many regimes: at most 256"),
                       ScenarioError);
  yaml.resize(yaml.rfind("  r256"));
  CHECK(Scenario::parse(yaml, "many.yaml").regime_names().size() == 256);
}

TEST_CASE("messages echo at most 64 characters of what the user wrote") {
  const std::string huge(100'000, 'x');
  const auto message = [](const std::string& yaml) {
    try {
      Scenario::parse(yaml, "echo.yaml");
    } catch (const ScenarioError& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  const std::string shown = "'" + std::string(64, 'x') + "…' (100000 characters)";
  for (const std::string& yaml :
       {port(1) + "? " + huge + "\n: 1\n", port(1) + "horizon: " + huge + "\n",
        port(1) + "regimes:\n  r: {combine: [" + huge + "]}\n",
        port(1) + "inspection: {policy: " + huge + "}\n"}) {
    const std::string what = message(yaml);
    CAPTURE(what.substr(0, 300));
    CHECK(what.size() < 600);
    CHECK(what.find(shown) != std::string::npos);
  }
  std::string districts = port(100);
  districts.replace(districts.find("district: d0"), 12, "district: nowhere");
  const std::string what = message(districts);
  CHECK(what.find("unknown district 'nowhere'; defined: d0, d1, d2,") != std::string::npos);
  CHECK(what.find(", … (100 in all)") != std::string::npos);
  CHECK(what.size() < 400);
}

namespace {

// The message for `yaml`, or "accepted".
std::string error_of(const std::string& yaml) {
  try {
    Scenario::parse(yaml, "names.yaml");
  } catch (const ScenarioError& error) {
    return error.key_path() + ": " + error.message();
  }
  return "accepted";
}

// port(1) with every `from` (at least one) replaced by `to`.
std::string renamed(const std::string& from, const std::string& to) {
  std::string yaml = port(1);
  REQUIRE(yaml.find(from) != std::string::npos);
  for (std::size_t at = yaml.find(from); at != std::string::npos;
       at = yaml.find(from, at + to.size()))
    yaml.replace(at, from.size(), to);
  return yaml;
}

}  // namespace

TEST_CASE("names: not empty, no control characters, no '.' or '/', at most 60 bytes") {
  struct Case {
    std::string from, to, path, message;
  };
  const std::string long_name(61, 'n');
  for (const Case& c : std::vector<Case>{
           {"name: d0,", "name: \"east.1\",", "districts[0].name",
            "a name must not contain '.' or '/'"},
           {"name: b0,", "name: \"a/b\",", "network.nodes[1].name", "'.' or '/'"},
           {"name: central,", "name: \"\\0\",", "inspection_sites[0].name",
            "a name must not contain control characters, got U+0000 at character 1"},
           {"name: s,", "name: \"s\\e[31m\",", "box_streams[0].name",
            "control characters, got U+001B at character 2"},
           {"name: central,", "name: \"c\\u0085\",", "inspection_sites[0].name", "U+0085"},
           {"name: d0,", "name: \"d\\u2028\",", "districts[0].name", "U+2028"},
           {"name: d0,", "name: \"" + long_name + "\",", "districts[0].name",
            "a name is at most 60 bytes (resource names built from it must fit the results "
            "file), got 61 bytes"},
           {"name: d0,", "name: 北疆港区北疆港区北疆港区北疆港区北疆港区北,", "districts[0].name",
            "at most 60 bytes"},  // 21 characters, 63 bytes
           {"customs: {officers", "\"\": {officers", "agencies.\"\"", "a name must not be empty"},
           {"customs: {officers", "cus.toms: {officers", "agencies.cus.toms", "'.' or '/'"},
           {"customs: {officers", "\"cus\\ttoms\": {officers", "agencies.cus\ttoms",
            "U+0009 at character 4"},
           {"name: big", "name: \"big\\nport\"", "name",
            "must be one line without control characters, got U+000A at character 4"},
       }) {
    CAPTURE(c.to);
    const std::string what = error_of(renamed(c.from, c.to));
    CAPTURE(what);
    CHECK(what.starts_with(c.path + ": "));
    CHECK(what.find(c.message) != std::string::npos);
  }
  // Chinese names of up to 20 characters are fine.
  CHECK(error_of(renamed("d0", "北疆港区北疆港区北疆港区北疆港区北疆港区")) == "accepted");
  CHECK(error_of(renamed("d0", std::string(60, 'n'))) == "accepted");
}

TEST_CASE("regime names: letters, digits, '_' and '-', at most 64; descriptions one line") {
  const auto regime = [](const std::string& key, const std::string& body = "{}") {
    return error_of(port(1) + "regimes:\n  " + key + ": " + body + "\n");
  };
  CHECK(regime("joint.v2") ==
        "regimes.joint.v2: regime names may use letters, digits, '_' and '-', got 'joint.v2'");
  CHECK(regime("\"a/b\"").find("may use letters") != std::string::npos);
  CHECK(regime("\"..\"").find("may use letters") != std::string::npos);
  CHECK(regime("\"\"").find("may use letters") != std::string::npos);
  CHECK(regime(std::string(65, 'r')).find("a regime name is at most 64 characters, got 65") !=
        std::string::npos);
  CHECK(regime(std::string(64, 'r')) == "accepted");
  CHECK(regime("r", "{description: \"two\\nlines\"}") ==
        "regimes.r.description: must be one line without control characters, got U+000A at "
        "character 4");
}

TEST_CASE("rates and horizons have documented bounds") {
  const auto with = [](const std::string& from, const std::string& to) {
    return error_of(renamed(from, to));
  };
  CHECK(error_of(port(1) + "horizon: 2000000h\n") ==
        "horizon: must be at most 1000000h, got '2000000h'");
  CHECK(error_of(port(1) + "horizon: 1000000h\n") == "accepted");
  CHECK(error_of(port(1) + "replications: 10001\n") ==
        "replications: '10001' is an absurd size (more than 10000)");
  // Before: accepted, and `run` looped for ever (no event ever advanced the clock).
  CHECK(with("rate: 1/h", "rate: 1e308/day") ==
        "box_streams[0].rate: must be at most 10000/h, got '1e308/day'");
  CHECK(with("rate: 1/h", "rate: 1e-9/h") ==
        "box_streams[0].rate: must be at least 1e-06/h, got '1e-9/h'");
  CHECK(with("rate: 1/h", "rate: 10000/h") == "accepted");
  const std::string service =
      "services:\n  - {name: loop, district: d0, calls: 1/day, discharge_boxes: 100,\n"
      "     load_boxes: 100, cranes: 2, crane_rate: RATE}\n";
  const auto crane = [&](const std::string& rate) {
    std::string yaml = service;
    yaml.replace(yaml.find("RATE"), 4, rate);
    return error_of(port(1) + yaml);
  };
  CHECK(crane("25/h") == "accepted");
  // Before: accepted, and the model took 0 as 0.01 moves/h: a vessel at berth for years.
  CHECK(crane("0/h") ==
        "services[0].crane_rate: every draw must be at least 1/h, but this distribution can "
        "draw 0/h; bound it with min, e.g. {normal: {mean: 25/h, sd: 5/h}, min: 1/h}");
  CHECK(crane("{uniform: {min: 0.5/h, max: 30/h}}").find("can draw 0.5/h") != std::string::npos);
  CHECK(crane("{exponential: {mean: 25/h}}").find("every draw must be at least 1/h") !=
        std::string::npos);
  CHECK(crane("{gamma: {mean: 25/h, cv: 0.1}}").find("can draw 0/h") != std::string::npos);
  CHECK(crane("{normal: {mean: 25/h, sd: 5/h}}").find("every draw must be at least") !=
        std::string::npos);
  CHECK(crane("{normal: {mean: 25/h, sd: 5/h}, min: 5/h}") == "accepted");
  CHECK(crane("{gamma: {mean: 25/h, cv: 0.1}, min: 10/h}") == "accepted");
  CHECK(crane("{lognormal: {mean: 25/h, cv: 0.1}}") == "accepted");  // draws >= 10/h
  CHECK(crane("5000/h") == "services[0].crane_rate: the mean must be at most 1000/h, got 5000/h");
  std::string calls = service;
  calls.replace(calls.find("calls: 1/day"), 12, "calls: 200/h");
  calls.replace(calls.find("RATE"), 4, "25/h");
  CHECK(error_of(port(1) + calls) == "services[0].calls: must be at most 100/h, got '200/h'");
  const std::string rail = "rail: {node: r, train_interval: INTERVAL}\n";
  const auto interval = [&](const std::string& text) {
    std::string yaml = renamed("    - {name: checks, kind: inspection_site}\n",
                               "    - {name: checks, kind: inspection_site}\n"
                               "    - {name: r, kind: rail_yard}\n") +
                       rail;
    yaml.replace(yaml.find("INTERVAL"), 8, text);
    return error_of(yaml);
  };
  // Before: accepted, and trains departing every 10^-9 h kept the run from ending.
  CHECK(interval("1e-9h") == "rail.train_interval: must be at least 1min, got '1e-9h'");
  CHECK(interval("1min") == "accepted");
}
