#pragma once
// What the experiment commands share (commands.cpp defines it): option parsing, the error
// report and exit status, the interrupt flag, and the scenario with its --set overrides.
#include <atomic>
#include <boost/program_options.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace clearsim::cli {

namespace po = boost::program_options;

// A command's options as given; throws UsageError for what Program_options rejects. Prints
// `options` and returns nothing when --help was given.
std::optional<po::variables_map> parse_unless_help(
    const std::vector<std::string>& args, const po::options_description& options,
    const po::positional_options_description& positional);
// SCENARIO as the one positional argument.
po::positional_options_description scenario_positional();
// --format table|json: true for json; throws UsageError for anything else.
bool json_format(const po::variables_map& values);

// Runs a command, printing its failure and returning the exit status (commands.hpp);
// `command` names the command whose options a usage error points at.
int report_errors(const std::string& command, const std::function<int()>& body);

// Set by SIGINT/SIGTERM while a SignalGuard lives; the simulations poll it.
extern std::atomic<bool> interrupted;
struct SignalGuard {
  SignalGuard();
  ~SignalGuard();
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;
};

// --help, SCENARIO, --replications, --seed, --horizon, --warmup, --jobs, --out, --force,
// --sample-interval, --format, --max-in-port, --max-events, --compression, --shard,
// --quiet and --set.
void add_experiment_options(po::options_description& options);
// --set KEY.PATH=VALUE, repeatable.
void add_set_option(po::options_description& options);
// The --set options in order; throws ScenarioError for one without '='.
std::vector<scenario::Override> overrides_of(const po::variables_map& values);
// The scenario named by the SCENARIO argument, with the --set overrides.
scenario::Scenario load_scenario(const po::variables_map& values);

}  // namespace clearsim::cli
