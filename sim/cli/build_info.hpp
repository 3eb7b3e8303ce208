#pragma once
// What built this program: its version, the git commit of its sources and the versions of
// the libraries it was built against. `clearsim version` prints them; the JSON of `run` and
// `compare` and the provenance of a result file carry them, so a number can be traced to
// the code that made it.
#include <string>
#include <utility>
#include <vector>

namespace clearsim::cli {

std::string program_version();  // e.g. "0.1.0"
std::string git_commit();       // e.g. "fe44fe5a1b2c", "-dirty" appended, or "unknown"
// (library, version) pairs, e.g. {"hdf5", "1.10.8"}, in a fixed order.
std::vector<std::pair<std::string, std::string>> library_versions();
// "hdf5 1.10.8, yaml-cpp 0.7.0, ...": library_versions() on one line.
std::string library_versions_text();

}  // namespace clearsim::cli
