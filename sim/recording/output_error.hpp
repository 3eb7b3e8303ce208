#pragma once
// The one exception type of the recording library: a result that cannot be written (or a
// shard that cannot be merged). Its message says what went wrong and where; whoever throws
// it has left no output file behind and has not touched an existing one.
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace clearsim::recording {

class OutputError : public std::runtime_error {
 public:
  explicit OutputError(const std::string& message, int error_number = 0)
      : std::runtime_error(message), error_number_(error_number) {}
  // The operating system's errno behind the failure, or 0 when there was none.
  int error_number() const { return error_number_; }

 private:
  int error_number_;
};

// An operating-system error in words; "the disk is full" only where it is.
inline std::string describe_errno(int error) {
  std::string text = std::strerror(error);
  if (error == ENOSPC) text += " (the disk is full)";
  if (error == EFBIG) text += " (a file-size limit, such as ulimit -f?)";
  return text;
}

}  // namespace clearsim::recording
