#pragma once
// A thin RAII layer over the HDF5 C API: one owning handle type per kind of object, and
// errors turned into exceptions that say what was being done and what went wrong.
#include <hdf5.h>

#include <string>
#include <utility>
#include <vector>

#include "sim/recording/output_error.hpp"

namespace clearsim::recording::h5 {

// An HDF5 call that failed: "HDF5: <what> failed: <cause>", the cause read from HDF5's
// error stack (e.g. "name already exists", or the operating system's reason for a failed
// write). error_number() is the errno HDF5 reported, if any (ENOSPC for a full disk).
class Error : public OutputError {
 public:
  using OutputError::OutputError;
};

// The Error for a call that just failed (call before any other HDF5 call clears the stack).
Error failure(const std::string& what);

// Throws if an HDF5 call returned a negative id or status.
inline hid_t check(hid_t id, const std::string& what) {
  if (id < 0) throw failure(what);
  return id;
}
inline void check_status(herr_t status, const std::string& what) {
  if (status < 0) throw failure(what);
}

template <herr_t (*Close)(hid_t)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, -1);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  operator hid_t() const { return id_; }
  explicit operator bool() const { return id_ >= 0; }
  void reset() {
    if (id_ >= 0) Close(id_);
    id_ = -1;
  }
  // Closes now and reports failure (a close can be where buffered data hit the disk).
  void close(const std::string& what) {
    if (id_ < 0) return;
    const herr_t status = Close(std::exchange(id_, -1));
    check_status(status, what);
  }

 private:
  hid_t id_ = -1;
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Datatype = Handle<H5Tclose>;
using PropertyList = Handle<H5Pclose>;
using Attribute = Handle<H5Aclose>;

// A variable-length UTF-8 string type.
Datatype string_type();
// A scalar string attribute.
void write_attribute(hid_t object, const char* name, const std::string& value);
// A list of strings as a 1-D string attribute.
void write_attribute(hid_t object, const char* name, const std::vector<std::string>& values);
// A list of numbers of the native type `type` (e.g. H5T_NATIVE_UINT64) as a 1-D attribute.
void write_numbers(hid_t object, const char* name, const void* values, std::size_t count,
                   hid_t type);
// Copies the attribute `name` of `from` to `to`, whatever its type.
void copy_attribute(hid_t from, hid_t to, const char* name);
// The names of the links in a group, in name order.
std::vector<std::string> children(hid_t group);

}  // namespace clearsim::recording::h5
