#include "sim/cli/commands.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <optional>

#include "sim/cli/experiment.hpp"
#include "sim/cli/report.hpp"
#include "sim/cli/traffic.hpp"
#include "sim/scenario/scenario.hpp"

namespace clearsim::cli {

namespace po = boost::program_options;

namespace {

// Thrown for a command line we cannot act on; main() prints it with the usage hint.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ParsedArgs {
  po::variables_map values;
  bool help = false;
};

ParsedArgs parse(const std::vector<std::string>& args, const po::options_description& options,
                 const po::positional_options_description& positional) {
  ParsedArgs parsed;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(),
              parsed.values);
    parsed.help = parsed.values.count("help") > 0;
    if (!parsed.help) po::notify(parsed.values);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return parsed;
}

double duration_option(const po::variables_map& values, const char* name, double fallback) {
  if (!values.count(name)) return fallback;
  try {
    return scenario::parse_duration(values[name].as<std::string>());
  } catch (const std::invalid_argument& e) {
    throw UsageError(fmt::format("--{}: {}", name, e.what()));
  }
}

int report_errors(const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    fmt::print(std::cerr, "clearsim: {}\nTry 'clearsim help' for usage.\n", e.what());
    return kExitBadInput;
  } catch (const scenario::ScenarioError& e) {
    fmt::print(std::cerr, "{}\n", e.what());
    return kExitBadInput;
  } catch (const std::invalid_argument& e) {
    fmt::print(std::cerr, "clearsim: {}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(std::cerr, "clearsim: run failed: {}\n", e.what());
    return kExitFailure;
  }
}

po::options_description run_options() {
  po::options_description o(
      "clearsim run SCENARIO [options]\n\n"
      "Runs replications of one regime of a scenario and prints the release-time\n"
      "summary: per direction, boxes cleared, inspection rate, mean/median/p90/p95/max\n"
      "of the overall (arrival -> release) and customs-only (declaration -> release)\n"
      "times, and the utilisation of each resource kind. Defaults come from the\n"
      "scenario file.\n\nOptions");
  o.add_options()("help,h", "show this help")("scenario", po::value<std::string>()->required(),
                                              "scenario file (YAML)")(
      "regime,r", po::value<std::string>()->default_value("baseline"),
      "regime to run (see 'clearsim validate')")(
      "replications,n", po::value<int>(), "independent replications (default: the scenario's)")(
      "seed,s", po::value<std::uint64_t>(), "base random seed (default: the scenario's)")(
      "horizon", po::value<std::string>(),
      "arrivals stop after this long, e.g. 30d (default: the scenario's)")(
      "warmup", po::value<std::string>(), "boxes arriving before this are not counted, e.g. 5d")(
      "format,f", po::value<std::string>()->default_value("table"), "table, csv or json");
  return o;
}

po::options_description validate_options() {
  po::options_description o(
      "clearsim validate SCENARIO [options]\n\n"
      "Checks a scenario file, lists the regimes it defines, and predicts each\n"
      "resource's utilisation from the routing network's traffic equations,\n"
      "warning where it reaches 1 (a queue that never empties).\n\nOptions");
  o.add_options()("help,h", "show this help")("scenario", po::value<std::string>()->required(),
                                              "scenario file (YAML)")(
      "regime,r", po::value<std::string>(), "predict for this regime only (default: all)");
  return o;
}

po::positional_options_description scenario_positional() {
  po::positional_options_description p;
  p.add("scenario", 1);
  return p;
}

int run(const std::vector<std::string>& args) {
  const auto options = run_options();
  const ParsedArgs parsed = parse(args, options, scenario_positional());
  if (parsed.help) {
    fmt::print("{}\n", fmt::streamed(options));
    return kExitOk;
  }
  const auto& v = parsed.values;
  const Format format = parse_format(v["format"].as<std::string>());
  const auto scenario = scenario::Scenario::load(v["scenario"].as<std::string>());
  const auto defaults = scenario.defaults();
  const model::PortConfig config = scenario.config(v["regime"].as<std::string>());

  model::RunOptions run_options;
  run_options.seed = v.count("seed") ? v["seed"].as<std::uint64_t>() : defaults.seed;
  run_options.horizon = duration_option(v, "horizon", defaults.horizon_hours);
  run_options.warmup = duration_option(v, "warmup", defaults.warmup_hours);
  run_options.sample_interval = 0;
  if (!(run_options.warmup < run_options.horizon))
    throw UsageError("the warm-up must be shorter than the horizon");
  const int replications =
      v.count("replications") ? v["replications"].as<int>() : defaults.replications;
  if (replications < 1) throw UsageError("--replications must be at least 1");

  std::vector<std::vector<ReplicationResult>> runs(1);
  for (int r = 0; r < replications; ++r) {
    run_options.replication = static_cast<std::uint64_t>(r);
    runs[0].push_back(run_replication(config, run_options));
    fmt::print(std::cerr, "replication {}/{} done ({:.1f} s)\n", r + 1, replications,
               runs[0].back().wall_seconds);
  }
  print_summary(std::cout, format,
                RunHeader{config.name, scenario.source_name(), run_options.seed,
                          run_options.horizon, run_options.warmup},
                runs);
  return kExitOk;
}

void print_predictions(const model::PortConfig& config, int& warnings) {
  fmt::print("\npredicted utilisation, regime {} (traffic equations):\n", config.regime);
  fmt::print("  {:<36} {:>9} {:>9} {:>12}\n", "resource", "capacity", "offered", "utilisation");
  for (const PredictedLoad& load : predict_loads(config)) {
    const double rho = load.utilisation();
    fmt::print("  {:<36} {:>9} {:>9.2f} {:>11.1f}%{}\n", load.resource, load.capacity, load.offered,
               100 * rho, rho >= 1 ? "  <- unstable" : "");
    if (rho >= 1) {
      ++warnings;
      fmt::print(
          std::cerr,
          "clearsim: warning: regime {}: {} would be {:.0f} % utilised (rho >= 1): its queue "
          "grows without bound and release times with the horizon\n",
          config.regime, load.resource, 100 * rho);
    }
  }
}

int validate(const std::vector<std::string>& args) {
  const auto options = validate_options();
  const ParsedArgs parsed = parse(args, options, scenario_positional());
  if (parsed.help) {
    fmt::print("{}\n", fmt::streamed(options));
    return kExitOk;
  }
  const auto& v = parsed.values;
  const auto scenario = scenario::Scenario::load(v["scenario"].as<std::string>());
  const auto names = scenario.regime_names();
  fmt::print("{}: OK\nregimes:\n", scenario.source_name());
  for (const auto& name : names)
    fmt::print("  {:<22} {}\n", name, scenario.regime_description(name));
  int warnings = 0;
  if (v.count("regime")) {
    print_predictions(scenario.config(v["regime"].as<std::string>()), warnings);
  } else {
    for (const auto& name : names)
      print_predictions(scenario.config(name), warnings);
  }
  if (warnings) fmt::print("\n{} resource(s) predicted unstable (see warnings)\n", warnings);
  return kExitOk;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  return report_errors([&] { return run(args); });
}

int validate_command(const std::vector<std::string>& args) {
  return report_errors([&] { return validate(args); });
}

}  // namespace clearsim::cli
