#pragma once
// Progress of a long run on stderr: redrawn in place on a terminal at every heartbeat (at
// most 2 s apart: run_plan beats every 0.5 s); on a pipe or file, a plain line at each tenth
// of the simulated time (or every 30 s), so logs stay readable. Inside a replication it
// shows the share of the horizon simulated and the events per second. stdout is never
// touched.
#include <chrono>
#include <string>

#include "sim/experiment/runner.hpp"

namespace clearsim::cli {

class Progress {
 public:
  explicit Progress(std::string what);
  // After each finished task.
  void update(int done, int total);
  // While tasks run (experiment::run_plan's heartbeat).
  void heartbeat(const experiment::LiveProgress& live);
  // Ends the line drawn on a terminal.
  void finish();

 private:
  void show(const experiment::LiveProgress& live, bool task_finished);

  std::string what_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_line_;
  experiment::LiveProgress last_{};
  int last_tenth_ = -1;
  bool drawn_ = false;
};

}  // namespace clearsim::cli
