// `clearsim report FILE.h5 [--html BRIEF.html] [--regimes A,B]`: the tables of a result file
// without rerunning it, or the HTML brief. One path: both are the analysis package's report
// module (analysis/clearsim_analysis/report.py), which this command runs with Debian's
// Python; the brief is never built a second way here.
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/cli/commands.hpp"

extern char** environ;

namespace clearsim::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kReportHelp =
    R"(clearsim report FILE.h5 [--html BRIEF.html] [--regimes A,B,...]

Prints the tables of a result file (release times with intervals and paired differences,
where the hours go, pool utilisation with saturation flags) without rerunning it: after a
'merge', or months later. With --html, writes a self-contained brief instead (inline
figures; opens offline from one file). Both come from the analysis package's report
module (analysis/clearsim_analysis/report.py), run with /usr/bin/python3 (CLEARSIM_PYTHON
overrides it; CLEARSIM_ANALYSIS names the folder holding clearsim_analysis).

Options:
  -h [ --help ]        show this help
  --html BRIEF.html    write the HTML brief to this file
  --regimes A,B,...    only these regimes (the first is the reference)
)";

// Where clearsim_analysis lives: $CLEARSIM_ANALYSIS, the source tree this binary was built
// from, or the installed copy beside the binary (share/clearsim/analysis).
std::string analysis_dir() {
  if (const char* dir = std::getenv("CLEARSIM_ANALYSIS"); dir && *dir) return dir;
  const fs::path source = CLEARSIM_SOURCE_ANALYSIS_DIR;
  if (fs::exists(source / "clearsim_analysis" / "report.py")) return source.string();
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const fs::path installed = self.parent_path().parent_path() / "share/clearsim/analysis";
    if (fs::exists(installed / "clearsim_analysis" / "report.py")) return installed.string();
  }
  return "";
}

}  // namespace

int report_command(const std::vector<std::string>& args) {
  for (const auto& a : args)
    if (a == "--help" || a == "-h") {
      fmt::print("{}", kReportHelp);
      return kExitOk;
    }
  if (args.empty()) {
    fmt::print(stderr,
               "clearsim: report: the result file is missing\nTry 'clearsim report --help' for "
               "its options.\n");
    return kExitBadInput;
  }
  const std::string dir = analysis_dir();
  if (dir.empty()) {
    fmt::print(stderr,
               "clearsim: report: cannot find the analysis package (clearsim_analysis); set "
               "CLEARSIM_ANALYSIS to the folder that holds it\n");
    return kExitFailure;
  }
  const char* python_env = std::getenv("CLEARSIM_PYTHON");
  const std::string python = python_env && *python_env ? python_env : "/usr/bin/python3";
  std::vector<std::string> argv{python, "-m", "clearsim_analysis.report"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> c_argv;
  for (auto& a : argv)
    c_argv.push_back(a.data());
  c_argv.push_back(nullptr);

  std::vector<std::string> env_text;
  const char* old_path = std::getenv("PYTHONPATH");
  env_text.push_back("PYTHONPATH=" + dir +
                     (old_path && *old_path ? ":" + std::string(old_path) : ""));
  env_text.push_back("MPLBACKEND=Agg");
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    if (entry.rfind("PYTHONPATH=", 0) != 0 && entry.rfind("MPLBACKEND=", 0) != 0)
      env_text.push_back(entry);
  }
  std::vector<char*> c_env;
  for (auto& e : env_text)
    c_env.push_back(e.data());
  c_env.push_back(nullptr);

  pid_t pid = 0;
  if (const int error =
          posix_spawn(&pid, python.c_str(), nullptr, nullptr, c_argv.data(), c_env.data())) {
    fmt::print(stderr, "clearsim: report: cannot run {}: {}\n", python, std::strerror(error));
    return kExitFailure;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return kExitFailure;
  if (WIFEXITED(status)) return WEXITSTATUS(status) == 0 ? kExitOk : WEXITSTATUS(status);
  return kExitFailure;
}

}  // namespace clearsim::cli
