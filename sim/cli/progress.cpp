#include "sim/cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace clearsim::cli {

namespace {

// "3.2 M", "850 k", "12": events per second at a glance.
std::string rate_text(double per_second) {
  if (per_second >= 1e6) return fmt::format("{:.1f} M", per_second / 1e6);
  if (per_second >= 1e3) return fmt::format("{:.0f} k", per_second / 1e3);
  return fmt::format("{:.0f} ", per_second);
}

}  // namespace

Progress::Progress(std::string what)
    : what_(std::move(what)),
      terminal_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_line_(start_) {}

void Progress::update(int done, int total) {
  experiment::LiveProgress live = last_;
  live.done = done;
  live.total = total;
  // A finished task counts whole even if the last heartbeat saw it part-way.
  live.simulated = std::max(live.simulated, total > 0 ? double(done) / total : 1.0);
  show(live, true);
}

void Progress::heartbeat(const experiment::LiveProgress& live) {
  show(live, false);
}

void Progress::show(const experiment::LiveProgress& live, bool task_finished) {
  last_ = live;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double share = std::clamp(live.simulated, 0.0, 1.0);
  const double left = share > 0 ? elapsed * (1 - share) / share : 0.0;
  // Events are known from the first heartbeat on; a run done before it has none to show.
  const std::string rate =
      elapsed > 0 && live.events > 0 ? ", " + rate_text(live.events / elapsed) + "events/s" : "";
  // While the last boxes clear after the horizon there is no share to extrapolate from.
  const std::string eta = live.draining || share <= 0 ? "" : fmt::format(", ~{:.0f} s left", left);
  const std::string where = live.draining ? "clearing the boxes left at the horizon"
                                          : fmt::format("{:.0f} % of simulated time", 100 * share);
  if (terminal_) {
    constexpr int kWidth = 30;
    const int filled = std::clamp(static_cast<int>(kWidth * share), 0, kWidth);
    fmt::print(stderr, "\r{} [{}{}] {}/{} replications, {}{}, {:.0f} s{}\033[K", what_,
               std::string(filled, '#'), std::string(kWidth - filled, '.'), live.done, live.total,
               where, rate, elapsed, eta);
    std::fflush(stderr);
    drawn_ = true;
    return;
  }
  const int tenth = static_cast<int>(10 * share);
  const bool slow = now - last_line_ > std::chrono::seconds(30);
  const bool all_done = task_finished && live.done == live.total;
  if (tenth == last_tenth_ && !slow && !all_done) return;
  last_tenth_ = tenth;
  last_line_ = now;
  fmt::print(stderr, "{}: {}/{} done, {}{}, {:.0f} s elapsed{}\n", what_, live.done, live.total,
             where, rate, elapsed, eta);
}

void Progress::finish() {
  if (terminal_ && drawn_) fmt::print(stderr, "\n");
  drawn_ = false;
}

}  // namespace clearsim::cli
