// clearsim: the command line. Parses the command word, then hands the rest to that
// command's own options (Boost.Program_options has no subcommands).
#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/cli/mpi_world.hpp"

namespace {

constexpr const char* kUsage =
    R"(clearsim - discrete-event simulation of customs clearance at a container port

usage: clearsim <command> [arguments]

commands:
  run SCENARIO        run replications of one regime; print release times and utilisation
  compare SCENARIO    run several regimes on common random numbers; print their differences
  validate SCENARIO   check a scenario, list its regimes, predict resource utilisation
  merge OUT SHARD...  combine the result files of a sharded run (--shard I/N)
  attribute SCENARIO  split a combined regime's effect among its measures (Shapley values)
  sweep SCENARIO      run a grid or Latin hypercube of parameter values; fit a metamodel
  help [COMMAND]      show this help, or a command's options
  version             print the version

Run 'clearsim <command> --help' for a command's options. Scenario files are described in
docs/scenarios.md; an example is scenarios/tianjin.yaml:

  clearsim validate scenarios/tianjin.yaml
  clearsim run scenarios/tianjin.yaml --regime reform --replications 5
  clearsim compare scenarios/tianjin.yaml --regimes baseline,reform --jobs 2 --out out/t.h5
)";

}  // namespace

using namespace clearsim::cli;

namespace {

// A result nobody received is a failed run: a full disk or a closed pipe on stdout must not
// exit 0.
int checked_output(int status) {
  errno = 0;
  std::cout.flush();
  const int stream_errno = errno;
  if (std::fflush(stdout) != 0 || !std::cout) {
    const int why = errno ? errno : stream_errno;
    std::fprintf(stderr, "clearsim: cannot write to standard output: %s\n",
                 why ? std::strerror(why) : "write failed");
    return status == kExitOk ? kExitFailure : status;
  }
  return status;
}

int dispatch(const std::string& command, const std::vector<std::string>& args);

}  // namespace

int main(int argc, char** argv) {
  start_mpi(argc, argv);  // a no-op unless started by mpirun
  struct Finish {
    ~Finish() { finish_mpi(); }
  } finish;
  // A file-size limit (ulimit -f) must fail the write with an error we can report, not kill
  // the process with SIGXFSZ half-way through a result file.
  std::signal(SIGXFSZ, SIG_IGN);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    fmt::print(stderr, "{}", kUsage);
    return kExitBadInput;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  return checked_output(dispatch(command, args));
}

namespace {

int dispatch(const std::string& command, const std::vector<std::string>& args) {
  if (command == "run") return run_command(args);
  if (command == "validate") return validate_command(args);
  if (command == "compare") return compare_command(args);
  if (command == "merge") return merge_command(args);
  if (command == "attribute") return attribute_command(args);
  if (command == "sweep") return sweep_command(args);
  if (command == "version" || command == "--version") {
    fmt::print("clearsim {}\n", CLEARSIM_VERSION);
    return kExitOk;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    if (!args.empty() && args.front() == "run") return run_command({"--help"});
    if (!args.empty() && args.front() == "validate") return validate_command({"--help"});
    if (!args.empty() && args.front() == "compare") return compare_command({"--help"});
    if (!args.empty() && args.front() == "merge") return merge_command({"--help"});
    if (!args.empty() && args.front() == "attribute") return attribute_command({"--help"});
    if (!args.empty() && args.front() == "sweep") return sweep_command({"--help"});
    fmt::print("{}", kUsage);
    return kExitOk;
  }
  fmt::print(stderr, "clearsim: unknown command '{}'\n\n{}", command, kUsage);
  return kExitBadInput;
}

}  // namespace
