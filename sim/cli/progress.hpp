#pragma once
// Progress of a long run on stderr: redrawn in place on a terminal; on a pipe or file, a
// plain line at each tenth of the work (or every 30 s), so logs stay readable. stdout is
// never touched.
#include <chrono>
#include <string>

namespace clearsim::cli {

class Progress {
 public:
  explicit Progress(std::string what);
  void update(int done, int total);
  // Ends the line drawn on a terminal.
  void finish();

 private:
  std::string what_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_line_;
  int last_tenth_ = -1;
  bool drawn_ = false;
};

}  // namespace clearsim::cli
