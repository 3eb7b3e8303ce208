#include "sim/cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace clearsim::cli {

Progress::Progress(std::string what)
    : what_(std::move(what)),
      terminal_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_line_(start_) {}

void Progress::update(int done, int total) {
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double left = done > 0 ? elapsed * (total - done) / done : 0.0;
  if (terminal_) {
    constexpr int kWidth = 30;
    const int filled = total > 0 ? kWidth * done / total : kWidth;
    fmt::print(stderr, "\r{} [{}{}] {}/{}  {:.0f} s elapsed, ~{:.0f} s left ", what_,
               std::string(filled, '#'), std::string(kWidth - filled, '.'), done, total, elapsed,
               left);
    std::fflush(stderr);
    drawn_ = true;
    return;
  }
  const int tenth = total > 0 ? 10 * done / total : 10;
  const bool slow = now - last_line_ > std::chrono::seconds(30);
  if (tenth == last_tenth_ && !slow && done != total) return;
  last_tenth_ = tenth;
  last_line_ = now;
  fmt::print(stderr, "{}: {}/{} done, {:.0f} s elapsed, ~{:.0f} s left\n", what_, done, total,
             elapsed, left);
}

void Progress::finish() {
  if (terminal_ && drawn_) fmt::print(stderr, "\n");
  drawn_ = false;
}

}  // namespace clearsim::cli
