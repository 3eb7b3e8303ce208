// The scenario decoder: units, distributions, defaults, regimes (overlays and combine),
// the example file, and the generated reference in docs/scenarios.md.
#include "sim/scenario/scenario.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/scenario/distributions.hpp"

namespace {

using clearsim::scenario::parse_duration;
using clearsim::scenario::parse_rate;
using clearsim::scenario::Scenario;
using clearsim::scenario::ScenarioError;
namespace model = clearsim::model;

const std::filesystem::path kSourceRoot =
    std::filesystem::path(__FILE__).parent_path().parent_path();

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Only the required keys (and the customs teams every box's examination needs, since
// selection defaults to every box), so that everything else shows its default.
const std::string kRequiredOnly = R"(name: defaults
network:
  nodes:
    - {name: quay, kind: berth}
    - {name: yard, kind: yard}
    - {name: gate, kind: gate}
    - {name: checks, kind: inspection_site}
  edges:
    - {from: quay, to: yard, transfer: 10min}
    - {from: yard, to: gate, transfer: 10min}
    - {from: yard, to: checks, transfer: 20min}
agencies:
  customs: {officers: 2, review: 30min, exam: 3h}
districts:
  - {name: east, berths: 1, berth_node: quay, yard_node: yard, gate_node: gate,
     exam_sites: {customs: central}}
inspection_sites:
  - {name: central, node: checks, bays: 2, teams: {customs: 1}}
box_streams:
  - {name: trucks, district: east, rate: 25/h}
cargo_mix: {general: 1}
credit_mix: {ordinary: 1}
)";

model::PortConfig baseline(const std::string& yaml) {
  return Scenario::parse(yaml, "test.yaml").config("baseline");
}

// `text` with `from` (which must occur exactly once) replaced by `to`.
std::string edit(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "not in the text: " << from);
  REQUIRE_MESSAGE(text.find(from, at + 1) == std::string::npos, "not unique: " << from);
  return text.replace(at, from.size(), to);
}

// The customs exam distribution decoded from `text`, as Distribution::describe() shows it.
std::string exam(const std::string& text) {
  return baseline(edit(kRequiredOnly, "exam: 3h", "exam: " + text)).agencies[0].exam.describe();
}

}  // namespace

TEST_CASE("durations: <number><unit>, in hours") {
  CHECK(parse_duration("45min") == doctest::Approx(0.75));
  CHECK(parse_duration("2.5h") == 2.5);
  CHECK(parse_duration("3d") == 72);
  CHECK(parse_duration("1w") == 168);
  CHECK(parse_duration("90s") == doctest::Approx(0.025));
  CHECK(parse_duration("0h") == 0);
  CHECK(parse_duration("1e3h") == 1000);
  CHECK(parse_duration(".5h") == 0.5);
  const auto message = [](const std::string& text) {
    try {
      parse_duration(text);
    } catch (const std::invalid_argument& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  CHECK(message("3") == "expected a duration with a unit, e.g. 45min, 2.5h, 3d; got '3'");
  CHECK(message("5 hrs").find("no space allowed") != std::string::npos);
  CHECK(message("-3h") == "a duration cannot be negative, got '-3h'");
  CHECK(message("3hours").find("unknown time unit 'hours'") != std::string::npos);
  CHECK(message("3hours").find("e.g. 45min, 2.5h, 3d") != std::string::npos);
  CHECK(message("1e400h") == "'1e400h' is out of range");
  CHECK(message("1e308w") == "'1e308w' is out of range");
  CHECK(message("nanh").find("expected a duration") != std::string::npos);
  CHECK(message("infh").find("expected a duration") != std::string::npos);
  CHECK(message("05h").find("leading zero") != std::string::npos);
  CHECK(message("").find("expected a duration") != std::string::npos);
  CHECK(message("h").find("expected a duration") != std::string::npos);
  CHECK(message("2H").find("unknown time unit 'H'") != std::string::npos);
}

TEST_CASE("rates: <number>/<unit>, per hour") {
  CHECK(parse_rate("18/day") == doctest::Approx(0.75));
  CHECK(parse_rate("18/d") == doctest::Approx(0.75));
  CHECK(parse_rate("0.9/h") == doctest::Approx(0.9));
  CHECK(parse_rate("25/h") == 25);
  CHECK(parse_rate("1/min") == 60);
  CHECK(parse_rate("1/s") == 3600);
  CHECK(parse_rate("168/w") == doctest::Approx(1));
  CHECK(parse_rate("84/week") == doctest::Approx(0.5));
  CHECK(parse_rate("0/h") == 0);
  for (const char* bad :
       {"18", "18 /day", "18/ day", "18/days", "-1/h", "/h", "1e400/h", "x/h", "18/day/h"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_rate(bad), std::invalid_argument);
  }
  CHECK_THROWS_WITH(parse_rate("12/days"),
                    doctest::Contains("expected <number>/<unit> with unit s, min, h, day"));
}

TEST_CASE("tests/scenarios/minimal.yaml loads, with every regime") {
  const std::string path = (kSourceRoot / "tests/scenarios/minimal.yaml").string();
  const Scenario scenario = Scenario::load(path);
  CHECK(scenario.source_name() == path);
  CHECK(scenario.text() == read(path));
  CHECK(scenario.regime_names() ==
        std::vector<std::string>{"baseline", "joint", "machine_first", "reform"});
  CHECK(scenario.regime_description("joint") == "joint customs-CIQ inspection");
  CHECK(scenario.regime_description("baseline") == "the scenario as written");
  const auto defaults = scenario.defaults();
  CHECK(defaults.horizon_hours == 14 * 24);
  CHECK(defaults.warmup_hours == 48);
  CHECK(defaults.seed == 42);
  CHECK(defaults.replications == 3);
  for (const auto& regime : scenario.regime_names()) {
    const model::PortConfig port = scenario.config(regime);
    CHECK(port.name == "minimal port");
    CHECK(port.regime == regime);
  }
}

TEST_CASE("minimal.yaml decodes into the model's structs") {
  const auto port =
      Scenario::load((kSourceRoot / "tests/scenarios/minimal.yaml").string()).config("baseline");
  REQUIRE(port.nodes.size() == 5);
  CHECK(port.nodes[0].name == "quay");
  CHECK(port.nodes[0].kind == model::NodeKind::berth);
  CHECK(port.nodes[0].district == 0);
  CHECK(port.nodes[3].district == -1);
  CHECK(port.nodes[4].kind == model::NodeKind::rail_yard);
  REQUIRE(port.edges.size() == 4);
  CHECK(port.edges[2].from == 1);
  CHECK(port.edges[2].to == 3);
  CHECK(port.edges[2].transfer.describe() ==
        "uniform(a=0.16666666666666666, b=0.4166666666666667)");

  REQUIRE(port.districts.size() == 1);
  const auto& east = port.districts[0];
  CHECK(east.berths == 2);
  CHECK(east.berth_node == 0);
  CHECK(east.yard_node == 1);
  CHECK(east.gate_node == 2);
  CHECK(east.exam_site == std::vector<int>{0, 0});
  CHECK(east.gate_scanners == 0);

  REQUIRE(port.sites.size() == 1);
  CHECK(port.sites[0].node == 3);
  CHECK(port.sites[0].scanners == 1);
  CHECK(port.sites[0].bays == 8);
  CHECK(port.sites[0].teams == std::vector<int>{5, 4});
  CHECK(port.sites[0].scan_time.kind() == model::Distribution::Kind::triangular);

  REQUIRE(port.services.size() == 2);
  const auto& loop = port.services[0];
  CHECK(loop.calls_per_hour == 0);
  CHECK(loop.weekly_times == std::vector<double>{6, 3 * 24 + 18.5});  // sorted
  CHECK(loop.discharge_boxes.describe() == "triangular(min=200, mode=400, max=700)");
  CHECK(loop.rail_share == 0.1);
  CHECK(loop.cranes == 3);
  CHECK(loop.crane_rate.describe() == "uniform(a=25, b=32)");
  CHECK(loop.export_window == 72);
  CHECK(loop.export_cutoff == 12);
  const auto& feeder = port.services[1];
  CHECK(feeder.calls_per_hour == doctest::Approx(2.0 / 24));
  CHECK(feeder.weekly_times.empty());
  CHECK(feeder.load_boxes.describe() == "deterministic(value=60)");
  CHECK(feeder.crane_rate.describe() == "deterministic(value=22)");
  CHECK(feeder.export_window == 48);
  CHECK(feeder.export_cutoff == 6);

  REQUIRE(port.box_streams.size() == 1);
  CHECK(port.box_streams[0].boxes_per_hour == 1.5);
  CHECK(port.box_streams[0].direction == model::Direction::export_box);

  CHECK(port.cargo_mix == model::Shares<5>{0.8, 0.1, 0, 0.05, 0.05});
  CHECK(port.credit_mix == model::Shares<4>{0.1, 0.3, 0.55, 0.05});

  const auto& import = port.declaration[0];
  CHECK(import.advance_share == model::PerCredit{0.6, 0.4, 0.2, 0});
  CHECK(import.advance_lead.describe() == "exponential(mean=24)");
  CHECK(import.manifest.describe() == "exponential(mean=6)");
  CHECK(import.delivery_order.describe() == "deterministic(value=4)");
  CHECK(import.permits[3].describe() == "exponential(mean=24)");     // food
  CHECK(import.permits[1].describe() == "deterministic(value=12)");  // reefer
  CHECK(import.permits[0].describe() == "deterministic(value=0)");
  CHECK(import.preparation.mean() == 2);
  CHECK(import.deferral_share == model::PerCredit{0.1, 0.1, 0.1, 0.1});
  CHECK(import.deferral.mean() == 48);
  CHECK(import.duty_payment.describe() == "uniform(a=1, b=4)");
  CHECK(import.guarantee_share == model::PerCredit{0.8, 0, 0, 0});
  CHECK(port.declaration[1].advance_share == model::PerCredit{});
  CHECK(port.declaration[1].preparation.describe() == "deterministic(value=2)");
  CHECK(port.declaration[2].preparation.describe() == "deterministic(value=0)");

  REQUIRE(port.agencies.size() == 2);
  const auto& customs = port.agencies[0];
  CHECK(customs.name == "customs");
  CHECK(customs.regulates == std::array<bool, 5>{true, true, true, true, true});
  CHECK(customs.officers == 20);
  CHECK(customs.review.describe() == "exponential(mean=0.5)");
  CHECK(customs.risk_assessment.mean() == doctest::Approx(5.0 / 60));
  CHECK(customs.credit_factor == model::PerCredit{0.005, 0.02, 0.05, 0.5});
  CHECK(customs.cargo_factor == model::PerCargo{1, 1, 2, 1, 1});
  CHECK(customs.direction_factor == model::PerDirection{1, 0.5, 1});
  CHECK(customs.exam.describe() == "lognormal(mean=3, cv=0.6)");
  CHECK(customs.scannable);
  const auto& ciq = port.agencies[1];
  CHECK(ciq.name == "ciq");
  CHECK(ciq.regulates == std::array<bool, 5>{false, true, false, true, true});
  CHECK(ciq.officers == 6);
  CHECK(ciq.review.describe() == "gamma(mean=0.75, cv=0.5)");
  CHECK(ciq.risk_assessment.describe() == "deterministic(value=0)");
  CHECK(ciq.credit_factor == model::PerCredit{1, 1, 1, 1});
  CHECK(ciq.cargo_factor == model::PerCargo{1, 0.1, 1, 0.3, 0.05});
  CHECK(ciq.exam.describe() == "triangular(min=1, mode=2, max=6)");
  CHECK_FALSE(ciq.scannable);

  CHECK_FALSE(port.documents.single_window);
  CHECK(port.documents.handoff.mean() == 1);
  CHECK(port.selection.correlation == 0.3);
  CHECK(port.selection.yellow_share == 0.1);
  CHECK(port.selection.yellow_check.describe() == "erlang(k=2, mean=1)");

  CHECK(port.inspection.policy == model::ExamPolicy::sequential);
  CHECK_FALSE(port.inspection.green_channel);
  CHECK(port.inspection.machine_first.share == 0);
  CHECK(port.release.delay.kind() == model::Distribution::Kind::discrete_empirical);
  CHECK(port.release.delay.mean() == doctest::Approx(0.3 * 4 + 0.2 * 24));
  CHECK(port.release.pickup.kind() == model::Distribution::Kind::continuous_empirical);

  CHECK(port.rail.node == 4);
  CHECK(port.rail.train_interval == 12);
  CHECK(port.rail.transit_check_share == 0.2);
  CHECK(port.rail.transit_check.describe() == "deterministic(value=2)");
}

TEST_CASE("regimes overlay the base document; combine applies other regimes first") {
  const Scenario scenario = Scenario::load((kSourceRoot / "tests/scenarios/minimal.yaml").string());
  const auto base = scenario.config("baseline");
  const auto joint = scenario.config("joint");
  const auto machine = scenario.config("machine_first");
  const auto reform = scenario.config("reform");

  CHECK(joint.inspection.policy == model::ExamPolicy::joint);
  CHECK(joint.inspection.machine_first.share == 0);
  // A merged mapping keeps the keys the overlay does not mention.
  CHECK(joint.agencies[0].exam.describe() == base.agencies[0].exam.describe());

  const auto& mf = machine.inspection.machine_first;
  CHECK(mf.share == 1);
  CHECK(mf.place == model::ScanPlace::yard);
  CHECK(mf.open_after_review == 0.1);
  CHECK(mf.image_officers == 2);
  CHECK(mf.image_review.mean() == doctest::Approx(10.0 / 60));
  CHECK(machine.inspection.policy == model::ExamPolicy::sequential);
  CHECK(machine.selection.yellow_share == base.selection.yellow_share);

  CHECK(reform.inspection.policy == model::ExamPolicy::joint);
  CHECK(reform.inspection.machine_first.share == 1);
  CHECK(reform.rail.transit_check_share == 0);
  CHECK(reform.rail.train_interval == 12);
  CHECK(reform.documents.single_window);
  // `handoff: null` removed the key: the default again.
  CHECK(reform.documents.handoff.describe() == "deterministic(value=0)");

  CHECK(base.inspection.policy == model::ExamPolicy::sequential);
  CHECK(base.inspection.machine_first.share == 0);
  CHECK(base.rail.transit_check_share == 0.2);
  CHECK(base.documents.handoff.mean() == 1);
}

TEST_CASE("combine: later regimes win, and each regime is applied once") {
  const std::string yaml = kRequiredOnly + R"(regimes:
  slow: {set: {agencies: {customs: {exam: 5h}}}}
  fast: {set: {agencies: {customs: {exam: 1h}}}}
  slow_then_fast: {combine: [slow, fast]}
  fast_then_slow: {combine: [fast, slow]}
  own_last: {combine: [slow], set: {agencies: {customs: {exam: 2h}}}}
  twice: {combine: [slow_then_fast, slow]}
)";
  const Scenario scenario = Scenario::parse(yaml, "combine.yaml");
  const auto exam_mean = [&](const std::string& regime) {
    return scenario.config(regime).agencies[0].exam.mean();
  };
  CHECK(exam_mean("baseline") == 3);
  CHECK(exam_mean("slow_then_fast") == 1);
  CHECK(exam_mean("fast_then_slow") == 5);
  CHECK(exam_mean("own_last") == 2);
  // slow was already applied (inside slow_then_fast): it is not applied again after fast.
  CHECK(exam_mean("twice") == 1);
}

TEST_CASE("a declared baseline is an overlay; other regimes start from the document") {
  const std::string yaml = kRequiredOnly + R"(regimes:
  joint: {set: {inspection: {policy: joint}}}
  baseline:
    description: current practice, with a longer review
    set: {agencies: {customs: {review: 1h}}}
  both: {combine: [baseline, joint]}
)";
  const Scenario scenario = Scenario::parse(yaml, "baseline.yaml");
  CHECK(scenario.regime_names() == std::vector<std::string>{"baseline", "joint", "both"});
  CHECK(scenario.regime_description("baseline") == "current practice, with a longer review");
  CHECK(scenario.config("baseline").agencies[0].review.mean() == 1);
  CHECK(scenario.config("joint").agencies[0].review.mean() == 0.5);
  CHECK(scenario.config("both").agencies[0].review.mean() == 1);
  CHECK(scenario.config("both").inspection.policy == model::ExamPolicy::joint);
}

TEST_CASE("overlays replace lists and scalars whole") {
  const std::string yaml = kRequiredOnly + R"(regimes:
  busy:
    set:
      box_streams:
        - {name: trucks, district: east, rate: 40/h}
        - {name: barges, district: east, rate: 5/h, direction: export}
      cargo_mix: {general: 0.5, reefer: 0.5}
)";
  const Scenario scenario = Scenario::parse(yaml, "busy.yaml");
  const auto busy = scenario.config("busy");
  REQUIRE(busy.box_streams.size() == 2);
  CHECK(busy.box_streams[0].boxes_per_hour == 40);
  CHECK(busy.box_streams[1].direction == model::Direction::export_box);
  CHECK(busy.cargo_mix == model::Shares<5>{0.5, 0.5, 0, 0, 0});
  CHECK(scenario.config("baseline").box_streams.size() == 1);
}

TEST_CASE("unknown regimes are errors that list the defined ones") {
  const Scenario scenario = Scenario::parse(kRequiredOnly + "regimes:\n  joint: {}\n", "r.yaml");
  CHECK(scenario.regime_names() == std::vector<std::string>{"baseline", "joint"});
  CHECK(scenario.regime_description("joint").empty());
  CHECK(scenario.config("joint").agencies[0].exam.mean() == 3);
  CHECK_THROWS_WITH_AS(scenario.config("jiont"),
                       "r.yaml:0:0: regimes: unknown regime 'jiont' (did you mean 'joint'?); "
                       "defined: baseline, joint",
                       ScenarioError);
  CHECK_THROWS_AS(scenario.regime_description("nope"), ScenarioError);
}

TEST_CASE("defaults fill every optional key") {
  const Scenario scenario = Scenario::parse(kRequiredOnly, "defaults.yaml");
  CHECK(scenario.regime_names() == std::vector<std::string>{"baseline"});
  const auto run = scenario.defaults();
  CHECK(run.horizon_hours == 30 * 24);
  CHECK(run.warmup_hours == 5 * 24);
  CHECK(run.seed == 1);
  CHECK(run.replications == 5);

  const auto port = scenario.config("baseline");
  CHECK(port.name == "defaults");
  CHECK(port.regime == "baseline");
  CHECK(port.nodes[0].district == -1);
  CHECK(port.sites[0].scanners == 0);
  CHECK(port.sites[0].teams == std::vector<int>{1});
  CHECK(port.districts[0].gate_scanners == 0);
  CHECK(port.services.empty());
  CHECK(port.box_streams[0].direction == model::Direction::import_box);
  REQUIRE(port.agencies.size() == 1);
  const auto& customs = port.agencies[0];
  CHECK(customs.regulates == std::array<bool, 5>{true, true, true, true, true});
  CHECK(customs.risk_assessment.describe() == "deterministic(value=0)");
  CHECK(customs.credit_factor == model::PerCredit{1, 1, 1, 1});
  CHECK(customs.cargo_factor == model::PerCargo{1, 1, 1, 1, 1});
  CHECK(customs.direction_factor == model::PerDirection{1, 1, 1});
  CHECK(customs.scannable);
  for (const auto& declaration : port.declaration) {
    CHECK(declaration.advance_share == model::PerCredit{});
    for (const auto* stage :
         {&declaration.advance_lead, &declaration.manifest, &declaration.delivery_order,
          &declaration.preparation, &declaration.deferral, &declaration.duty_payment})
      CHECK(stage->describe() == "deterministic(value=0)");
    for (const auto& permit : declaration.permits)
      CHECK(permit.describe() == "deterministic(value=0)");
    CHECK(declaration.deferral_share == model::PerCredit{});
    CHECK(declaration.guarantee_share == model::PerCredit{});
  }
  CHECK_FALSE(port.documents.single_window);
  CHECK(port.documents.handoff.describe() == "deterministic(value=0)");
  CHECK(port.selection.correlation == 0);
  CHECK(port.selection.yellow_share == 0);
  CHECK(port.selection.yellow_check.describe() == "deterministic(value=0)");
  CHECK(port.inspection.policy == model::ExamPolicy::sequential);
  CHECK_FALSE(port.inspection.green_channel);
  const auto& mf = port.inspection.machine_first;
  CHECK(mf.share == 0);
  CHECK(mf.place == model::ScanPlace::yard);
  CHECK(mf.open_after_review == 0.15);
  CHECK(mf.image_officers == 1);
  CHECK(mf.image_review.describe() == "deterministic(value=0)");
  CHECK(port.release.delay.describe() == "deterministic(value=0)");
  CHECK(port.release.pickup.describe() == "deterministic(value=0)");
  CHECK(port.rail.node == -1);
}

TEST_CASE("every distribution family decodes, with the key's unit") {
  CHECK(exam("2h") == "deterministic(value=2)");
  CHECK(exam("{deterministic: 90min}") == "deterministic(value=1.5)");
  CHECK(exam("{exponential: {mean: 2h}}") == "exponential(mean=2)");
  CHECK(exam("{exponential: {rate: 0.5/h}}") == "exponential(rate=0.5)");
  CHECK(exam("{exponential: {rate: 12/day}}") == "exponential(rate=0.5)");
  CHECK(exam("{uniform: {min: 30min, max: 2h}}") == "uniform(a=0.5, b=2)");
  CHECK(exam("{triangular: {min: 1h, mode: 2h, max: 1d}}") == "triangular(min=1, mode=2, max=24)");
  CHECK(exam("{normal: {mean: 3h, sd: 30min}}") == "normal(mean=3, sd=0.5)");
  CHECK(exam("{lognormal: {mean: 3h, cv: 0.6}}") == "lognormal(mean=3, cv=0.6)");
  CHECK(exam("{lognormal: {mu: -0.5, sigma: 0.25}}") == "lognormal(mu=-0.5, sigma=0.25)");
  CHECK(exam("{gamma: {shape: 2, scale: 90min}}") == "gamma(shape=2, scale=1.5)");
  CHECK(exam("{gamma: {mean: 3h, cv: 0.5}}") == "gamma(mean=3, cv=0.5)");
  CHECK(exam("{weibull: {shape: 1.5, scale: 2h}}").starts_with("weibull(shape=1.5, scale=2"));
  CHECK(exam("{erlang: {k: 3, mean: 6h}}") == "erlang(k=3, mean=6)");
  CHECK(exam("{empirical: {values: [1h, 2h], probabilities: [0.25, 0.75]}}")
            .starts_with("discrete_empirical"));
  CHECK(exam("{empirical_cdf: {values: [1h, 2h, 4h], cdf: [0, 0.5, 1]}}")
            .starts_with("continuous_empirical"));
}

TEST_CASE("a distribution can be bounded by min and max in the key's unit") {
  CHECK(exam("{lognormal: {mean: 3h, cv: 1.5}, max: 2d}") == "lognormal(mean=3, cv=1.5, max=48)");
  CHECK(exam("{normal: {mean: 1h, sd: 1h}, min: 0h}") == "normal(mean=1, sd=1, min=0)");
  CHECK(exam("{exponential: {mean: 2h}, min: 30min, max: 1d}") ==
        "exponential(mean=2, min=0.5, max=24)");
  // Bounded, a tail no run could draw is no longer a problem.
  const auto port =
      baseline(edit(kRequiredOnly, "exam: 3h", "exam: {lognormal: {mean: 3h, cv: 1e6}, max: 1w}"));
  CHECK(port.agencies[0].exam.is_truncated());
  CHECK(port.agencies[0].exam.max() == 168);
  CHECK(port.agencies[0].exam.mean() < 168);
}

TEST_CASE("block style and quoted values read like flow style") {
  const std::string yaml =
      edit(kRequiredOnly, "  customs: {officers: 2, review: 30min, exam: 3h}", R"(  customs:
    officers: 2
    review: 30min
    exam:
      uniform:
        min: "30min"
        max: '2h')");
  CHECK(baseline(yaml).agencies[0].exam.describe() == "uniform(a=0.5, b=2)");
}

TEST_CASE("count and rate distributions take plain numbers and rates") {
  const std::string from = "box_streams:";
  std::string yaml = kRequiredOnly;
  yaml.replace(yaml.find(from), from.size(), R"(services:
  - name: loop
    district: east
    calls: 0.5/day
    discharge_boxes: {normal: {mean: 300, sd: 80}}
    load_boxes: {empirical: {values: [100, 200], probabilities: [0.5, 0.5]}}
    cranes: 2
    crane_rate: {uniform: {min: 25/h, max: 0.5/min}}
box_streams:)");
  const auto service = baseline(yaml).services.at(0);
  CHECK(service.calls_per_hour == doctest::Approx(0.5 / 24));
  CHECK(service.discharge_boxes.describe() == "normal(mean=300, sd=80)");
  CHECK(service.load_boxes.mean() == 150);
  CHECK(service.crane_rate.describe() == "uniform(a=25, b=30)");
}

TEST_CASE("the text is kept exactly, and scalars are read as text") {
  std::string yaml = kRequiredOnly;
  yaml.replace(0, std::string("name: defaults").size(),
               "name: \"010\"\nseed: 18446744073709551615");
  const Scenario scenario = Scenario::parse(yaml, "<inline>");
  CHECK(scenario.text() == yaml);
  CHECK(scenario.source_name() == "<inline>");
  CHECK(scenario.config("baseline").name == "010");  // a name is text, not octal 8
  CHECK(scenario.defaults().seed == UINT64_MAX);
}

TEST_CASE("Windows line endings and a byte order mark are fine") {
  std::string crlf;
  for (const char c : kRequiredOnly)
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  CHECK(Scenario::parse(crlf, "crlf.yaml").config("baseline").name == "defaults");
  CHECK(Scenario::parse("\xEF\xBB\xBF" + kRequiredOnly, "bom.yaml").config("baseline").name ==
        "defaults");
}

TEST_CASE("mutated scenarios decode or throw ScenarioError, nothing else") {
  // A deterministic fuzz: single-character deletions, duplications and substitutions of
  // the example file must never crash, hang or leak another exception type. (It found
  // yaml-cpp 0.7's endless loop on a stray ','.) CLEARSIM_FUZZ_TRIALS=100000 searches
  // longer.
  const std::string original = read(kSourceRoot / "tests/scenarios/minimal.yaml");
  std::uint64_t state = 20261126;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(state >> 33);
  };
  const std::string alphabet = " :-[]{},\n\t#&*!|>'\"0123456789abhmsw./%?@`~<";
  int accepted = 0;
  int rejected = 0;
  const char* requested = std::getenv("CLEARSIM_FUZZ_TRIALS");
  const int trials = requested ? std::atoi(requested) : 1500;
  for (int trial = 0; trial < trials; ++trial) {
    std::string yaml = original;
    for (int edit = 0; edit < 1 + trial % 4; ++edit) {
      const std::size_t at = next() % yaml.size();
      switch (next() % 3) {
        case 0:
          yaml.erase(at, 1);
          break;
        case 1:
          yaml.insert(at, 1, yaml[at]);
          break;
        default:
          yaml[at] = alphabet[next() % alphabet.size()];
      }
    }
    try {
      Scenario::parse(yaml, "fuzz.yaml");
      ++accepted;
    } catch (const ScenarioError& error) {
      ++rejected;
      CHECK(std::string(error.what()).starts_with("fuzz.yaml:"));
    } catch (const std::exception& other) {
      FAIL_CHECK("trial " << trial << " threw " << other.what() << "\n" << yaml);
    }
  }
  CHECK(rejected > trials / 3);
  MESSAGE(accepted << " mutants accepted, " << rejected << " rejected");
}

TEST_CASE("docs/scenarios.md is the generated reference") {
  const auto path = kSourceRoot / "docs/scenarios.md";
  const std::string generated = clearsim::scenario::scenario_reference_markdown();
  if (std::getenv("CLEARSIM_UPDATE_DOCS")) std::ofstream(path, std::ios::binary) << generated;
  const bool up_to_date = read(path) == generated;  // not CHECK(a == b): it would print both
  CHECK_MESSAGE(up_to_date,
                "docs/scenarios.md is out of date: run CLEARSIM_UPDATE_DOCS=1 tests/test_scenario");
}

TEST_CASE("the reference's example is a valid scenario and names every family") {
  const std::string doc = clearsim::scenario::scenario_reference_markdown();
  const std::size_t begin = doc.find("```yaml\n");
  REQUIRE(begin != std::string::npos);
  const std::size_t end = doc.find("```\n", begin + 8);
  const Scenario example = Scenario::parse(doc.substr(begin + 8, end - begin - 8), "example");
  CHECK(example.regime_names() ==
        std::vector<std::string>{"baseline", "joint", "advance", "reform", "merger"});
  CHECK(example.config("baseline").agencies.size() == 2);
  CHECK(example.config("merger").agencies.size() == 1);
  CHECK(example.config("reform").inspection.policy == model::ExamPolicy::joint);
  CHECK(example.config("reform").declaration[0].advance_share ==
        model::PerCredit{0.8, 0.8, 0.8, 0.8});
  for (const auto& family : clearsim::scenario::detail::distribution_families()) {
    CAPTURE(family);
    CHECK(doc.find("| `" + family + "` |") != std::string::npos);
  }
}

TEST_CASE("agencies are data: one to six, in file order, the first the lead") {
  const std::string yaml =
      edit(edit(edit(kRequiredOnly, "  customs: {officers: 2, review: 30min, exam: 3h}\n",
                     "  customs: {officers: 2, review: 30min, exam: 3h}\n"
                     "  ciq: {regulates: [food, reefer], officers: 1, review: 1h, exam: 2h,\n"
                     "        selection: {cargo: {food: 0.3, reefer: 0.1}}}\n"
                     "  lab: {regulates: [food], officers: 3, review: 2h, exam: 1d,\n"
                     "        scannable: false}\n"),
                "exam_sites: {customs: central}",
                "exam_sites: {lab: central, customs: central,"
                " ciq: central}"),
           "teams: {customs: 1}", "teams: {lab: 2, customs: 1, ciq: 4}");
  const auto port = baseline(yaml);
  REQUIRE(port.agencies.size() == 3);
  CHECK(port.agencies[0].name == "customs");
  CHECK(port.agencies[1].name == "ciq");
  CHECK(port.agencies[1].regulates == std::array<bool, 5>{false, true, false, true, false});
  CHECK(port.agencies[1].cargo_factor == model::PerCargo{1, 0.1, 1, 0.3, 1});
  CHECK(port.agencies[2].name == "lab");
  CHECK(port.agencies[2].exam.mean() == 24);
  CHECK_FALSE(port.agencies[2].scannable);
  // Indexed by agency in the order of `agencies`, whatever the order of the keys.
  CHECK(port.districts[0].exam_site == std::vector<int>{0, 0, 0});
  CHECK(port.sites[0].teams == std::vector<int>{1, 4, 2});
}

TEST_CASE("a regime's null removes a key: the 2018 merger of CIQ into customs") {
  const std::string yaml = edit(kRequiredOnly + R"(regimes:
  merger:
    set:
      agencies: {ciq: null, customs: {officers: 3}}
      districts:
        - {name: east, berths: 1, berth_node: quay, yard_node: yard, gate_node: gate,
           exam_sites: {customs: central}}
      inspection_sites: [{name: central, node: checks, bays: 2, teams: {customs: 5}}]
      selection: {yellow_share: null, correlation: null}
      release: {delay: 1h, pickup: null}
  added:
    set:
      documents: {single_window: true, handoff: null}
)",
                                "  customs: {officers: 2, review: 30min, exam: 3h}\n",
                                "  customs: {officers: 2, review: 30min, exam: 3h}\n"
                                "  ciq: {officers: 1, review: 1h, exam: 2h}\n");
  const std::string with_ciq =
      edit(edit(yaml, "exam_sites: {customs: central}}\ninspection_sites",
                "exam_sites: {customs: central, ciq: central}}\n"
                "inspection_sites"),
           "teams: {customs: 1}}\nbox", "teams: {customs: 1, ciq: 1}}\nbox");
  const Scenario scenario = Scenario::parse(with_ciq, "merger.yaml");
  const auto before = scenario.config("baseline");
  const auto after = scenario.config("merger");
  CHECK(before.agencies.size() == 2);
  REQUIRE(after.agencies.size() == 1);
  CHECK(after.agencies[0].name == "customs");
  CHECK(after.agencies[0].officers == 3);
  CHECK(after.agencies[0].exam.mean() == 3);
  CHECK(after.districts[0].exam_site == std::vector<int>{0});
  CHECK(after.sites[0].teams == std::vector<int>{5});
  CHECK(after.selection.yellow_share == 0);  // removed keys are absent keys
  CHECK(after.release.delay.mean() == 1);
  // Nulls where there is nothing to remove are dropped, also inside an added mapping.
  CHECK(scenario.config("added").documents.single_window);
  CHECK(scenario.config("added").documents.handoff.mean() == 0);
}

TEST_CASE("a share by credit class: one number for all, or one per class") {
  const auto port = baseline(kRequiredOnly + R"(declaration:
  import: {advance_share: 0.25, guarantee_share: {advanced_certified: 1, ordinary: 0.5}}
  export: {deferral_share: {discredited: 0.1}}
)");
  CHECK(port.declaration[0].advance_share == model::PerCredit{0.25, 0.25, 0.25, 0.25});
  CHECK(port.declaration[0].guarantee_share == model::PerCredit{1, 0, 0.5, 0});
  CHECK(port.declaration[1].deferral_share == model::PerCredit{0, 0, 0, 0.1});
}

TEST_CASE("machine-first at the gate, with drive-through scanners") {
  const std::string yaml = edit(kRequiredOnly, "exam_sites: {customs: central}",
                                "exam_sites: {customs: central},\n"
                                "     gate_scanners: 2, gate_scan_time: {exponential: {mean: "
                                "2min}}") +
                           R"(inspection:
  policy: joint
  green_channel: true
  machine_first: {share: 0.5, place: gate, open_after_review: 0, image_officers: 3,
                  image_review: 5min}
)";
  const auto port = baseline(yaml);
  CHECK(port.districts[0].gate_scanners == 2);
  CHECK(port.districts[0].gate_scan_time.describe() == "exponential(mean=0.03333333333333333)");
  CHECK(port.inspection.policy == model::ExamPolicy::joint);
  CHECK(port.inspection.green_channel);
  const auto& mf = port.inspection.machine_first;
  CHECK(mf.share == 0.5);
  CHECK(mf.place == model::ScanPlace::gate);
  CHECK(mf.open_after_review == 0);
  CHECK(mf.image_officers == 3);
  CHECK(mf.image_review.mean() == doctest::Approx(5.0 / 60));
}
