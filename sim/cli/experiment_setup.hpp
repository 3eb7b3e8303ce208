#pragma once
// The run settings the experiment commands (attribute, sweep, size) share: what each
// replication runs (seed, horizon, warm-up, guards), how many and on how many threads.
// Summary statistics only: these commands run many ports and keep no per-box records.
#include <string>

#include "sim/cli/command_support.hpp"
#include "sim/experiment/runner.hpp"

namespace clearsim::cli {

// --help, SCENARIO, --replications, --seed, --horizon, --warmup, --jobs, --max-in-port,
// --max-events, --quiet and --set.
void add_run_settings(po::options_description& options);

// The settings read from the options (the scenario's defaults where not given); the
// plan's configs are left to the command. The run is cancelled by SIGINT/SIGTERM.
experiment::RunPlan run_settings(const po::variables_map& values,
                                 const scenario::RunDefaults& defaults);

}  // namespace clearsim::cli
