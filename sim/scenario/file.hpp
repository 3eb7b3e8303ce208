#pragma once
// Reading a scenario file: only regular files, and only up to a size no scenario reaches,
// so that a FIFO never blocks, a device (/dev/zero, /dev/urandom) never fills memory and a
// wrong file (a log, a disk image) is refused before it is read.
#include <string>

namespace clearsim::scenario::detail {

// The whole file. Throws ScenarioError (line and column 0) if it cannot be opened, is a
// directory or not a regular file, or is larger than kMaxScenarioBytes.
std::string read_scenario_file(const std::string& path);

}  // namespace clearsim::scenario::detail
