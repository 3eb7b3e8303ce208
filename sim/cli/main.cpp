// clearsim: the command line. Parses the command word, then hands the rest to that
// command's own options (Boost.Program_options has no subcommands).
#include <fmt/format.h>

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "sim/cli/build_info.hpp"
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
  report FILE.h5      print a result file's tables, or --html BRIEF.html: a brief
  sweep SCENARIO      run a grid or Latin hypercube of parameter values; fit a metamodel
  size SCENARIO       the smallest resources (--vary) that meet a target (--target)
  help [COMMAND]      show this help, or a command's options
  version             print the version, git commit and library versions

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
    int why = errno ? errno : stream_errno;
    // The write that failed may lie far back (stdio writes in blocks) and errno has moved on
    // since: an empty line written to the descriptor itself asks it again why it refuses.
    if (why == 0 && ::write(STDOUT_FILENO, "\n", 1) < 0) why = errno;
    std::fprintf(stderr, "clearsim: cannot write to standard output: %s\n",
                 why ? std::strerror(why) : "write failed");
    return status == kExitOk ? kExitFailure : status;
  }
  return status;
}

int dispatch(const std::string& command, const std::vector<std::string>& args);

// The commands that take options (and so have a --help of their own): the one list that
// dispatch and `help COMMAND` both read.
struct Command {
  const char* name;
  int (*run)(const std::vector<std::string>& args);
};
constexpr Command kCommands[] = {
    {"run", run_command},       {"validate", validate_command},   {"compare", compare_command},
    {"merge", merge_command},   {"attribute", attribute_command}, {"sweep", sweep_command},
    {"report", report_command}, {"size", size_command},
};

const Command* find_command(const std::string& word) {
  for (const Command& c : kCommands)
    if (word == c.name) return &c;
  return nullptr;
}

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
  if (const Command* c = find_command(command)) return c->run(args);
  if (command == "version" || command == "--version") {
    fmt::print("clearsim {} (git {})\nbuilt with {}\n", program_version(), git_commit(),
               library_versions_text());
    return kExitOk;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    if (args.empty()) {
      fmt::print("{}", kUsage);
      return kExitOk;
    }
    if (args.front() == "help" || args.front() == "version") {
      fmt::print("{}", kUsage);
      return kExitOk;
    }
    const Command* asked = find_command(args.front());
    if (asked == nullptr) {
      fmt::print(stderr, "clearsim: help: unknown command '{}'\n\n{}", args.front(), kUsage);
      return kExitBadInput;
    }
    return asked->run({"--help"});
  }
  fmt::print(stderr, "clearsim: unknown command '{}'\n\n{}", command, kUsage);
  return kExitBadInput;
}

}  // namespace
