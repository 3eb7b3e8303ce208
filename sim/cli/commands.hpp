#pragma once
// The clearsim commands. Each takes the arguments after the command word and returns the
// process exit status: 0 success, 1 the run failed, 2 bad input (command line or scenario).
#include <string>
#include <vector>

namespace clearsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

int run_command(const std::vector<std::string>& args);
int validate_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args);
int merge_command(const std::vector<std::string>& args);
int attribute_command(const std::vector<std::string>& args);  // attribute.cpp
// Prints a result file's tables, or writes its HTML brief (report_command.cpp).
int report_command(const std::vector<std::string>& args);
int sweep_command(const std::vector<std::string>& args);  // sweep.cpp
// `merge` of sweep shard files (sweep.cpp): rows in point order, metamodel refitted.
int merge_sweep_files(const std::string& output, const std::vector<std::string>& inputs,
                      bool overwrite, bool quiet);
int size_command(const std::vector<std::string>& args);  // size.cpp

}  // namespace clearsim::cli
