#include "sim/scenario/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sim/scenario/scenario.hpp"

namespace clearsim::scenario::detail {

namespace {

[[noreturn]] void file_error(const std::string& path, const std::string& message) {
  throw ScenarioError(path, 0, 0, "", message);
}

[[noreturn]] void system_error(const std::string& path, const std::string& what) {
  file_error(path, what + ": " + std::strerror(errno));
}

// What a non-regular file is, in the words of `ls -l`.
const char* kind_of(mode_t mode) {
  if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

void require_scenario_file(const std::string& path, const struct stat& info) {
  if (S_ISDIR(info.st_mode)) file_error(path, "is a directory, not a scenario file");
  if (!S_ISREG(info.st_mode)) {
    file_error(path, std::string("is ") + kind_of(info.st_mode) +
                         ", not a regular file: write the scenario to a file and give its name");
  }
  if (static_cast<std::uintmax_t>(info.st_size) > kMaxScenarioBytes) {
    file_error(path, "is " + std::to_string(info.st_size) +
                         " bytes, more than a scenario may be (" +
                         std::to_string(kMaxScenarioBytes >> 20) + " MiB)");
  }
}

// Closes the descriptor however the reading ends.
struct Descriptor {
  int fd;
  ~Descriptor() { ::close(fd); }
};

}  // namespace

std::string read_scenario_file(const std::string& path) {
  // Checked before opening: opening a FIFO for reading blocks until someone writes to it.
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) system_error(path, "cannot open");
  require_scenario_file(path, info);
  // O_NONBLOCK: should the path have become a FIFO since, opening does not block either.
  const Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)};
  if (file.fd < 0) system_error(path, "cannot open");
  if (::fstat(file.fd, &info) != 0) system_error(path, "cannot read the file");
  require_scenario_file(path, info);
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(file.fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) system_error(path, "cannot read the file");
    if (got == 0) return text;
    text.append(buffer, static_cast<std::size_t>(got));
    // A file that grows while it is read is held to the same limit.
    if (text.size() > kMaxScenarioBytes) {
      file_error(path, "is more than a scenario may be (" +
                           std::to_string(kMaxScenarioBytes >> 20) + " MiB)");
    }
  }
}

}  // namespace clearsim::scenario::detail
