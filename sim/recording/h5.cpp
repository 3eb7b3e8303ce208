#include "sim/recording/h5.hpp"

#include <cstdlib>

namespace clearsim::recording::h5 {

namespace {

// The innermost entry of HDF5's error stack: where the failure began.
struct Innermost {
  std::string description;
  std::string minor;
  bool found = false;
};

herr_t take_first(unsigned /*n*/, const H5E_error2_t* entry, void* data) {
  auto& innermost = *static_cast<Innermost*>(data);
  if (innermost.found) return 0;
  innermost.found = true;
  if (entry->desc) innermost.description = entry->desc;
  char minor[256] = "";
  if (H5Eget_msg(entry->min_num, nullptr, minor, sizeof minor) > 0) innermost.minor = minor;
  return 0;
}

// HDF5's file drivers put the operating system's error in the text: "..., errno = 28, ...".
int errno_in(const std::string& description) {
  const std::size_t at = description.find("errno = ");
  if (at == std::string::npos) return 0;
  return static_cast<int>(std::strtol(description.c_str() + at + 8, nullptr, 10));
}

}  // namespace

Error failure(const std::string& what) {
  Innermost innermost;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, take_first, &innermost);
  const int error = errno_in(innermost.description);
  std::string cause = error ? describe_errno(error) : innermost.description;
  if (cause.empty()) cause = innermost.minor;
  if (cause.empty()) cause = "no reason given by HDF5";
  return Error("HDF5: " + what + " failed: " + cause, error);
}

}  // namespace clearsim::recording::h5
