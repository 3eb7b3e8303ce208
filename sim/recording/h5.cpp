#include "sim/recording/h5.hpp"

#include <algorithm>
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

Datatype string_type() {
  Datatype t(check(H5Tcopy(H5T_C_S1), "creating a string type"));
  check_status(H5Tset_size(t, H5T_VARIABLE), "sizing a string type");
  check_status(H5Tset_cset(t, H5T_CSET_UTF8), "setting UTF-8");
  return t;
}

void write_attribute(hid_t object, const char* name, const std::string& value) {
  const auto type = string_type();
  Dataspace space(check(H5Screate(H5S_SCALAR), "a scalar space"));
  Attribute a(check(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
                    std::string("creating attribute ") + name));
  const char* data = value.c_str();
  check_status(H5Awrite(a, type, &data), std::string("writing attribute ") + name);
}

void write_attribute(hid_t object, const char* name, const std::vector<std::string>& values) {
  const auto type = string_type();
  const hsize_t n = values.size();
  Dataspace space(check(H5Screate_simple(1, &n, nullptr), "a string list space"));
  Attribute a(check(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
                    std::string("creating attribute ") + name));
  std::vector<const char*> data;
  for (const auto& v : values)
    data.push_back(v.c_str());
  if (n > 0) check_status(H5Awrite(a, type, data.data()), std::string("writing attribute ") + name);
}

void write_numbers(hid_t object, const char* name, const void* values, std::size_t count,
                   hid_t type) {
  const hsize_t n = count;
  Dataspace space(check(H5Screate_simple(1, &n, nullptr), "a number list space"));
  Attribute a(check(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
                    std::string("creating attribute ") + name));
  if (n > 0) check_status(H5Awrite(a, type, values), std::string("writing attribute ") + name);
}

void copy_attribute(hid_t from, hid_t to, const char* name) {
  const std::string what = std::string("copying attribute ") + name;
  Attribute source(check(H5Aopen(from, name, H5P_DEFAULT), what));
  Datatype type(check(H5Aget_type(source), what));
  Datatype memory(check(H5Tget_native_type(type, H5T_DIR_DEFAULT), what));
  Dataspace space(check(H5Aget_space(source), what));
  const hssize_t points = H5Sget_simple_extent_npoints(space);
  std::vector<unsigned char> buffer(static_cast<std::size_t>(std::max<hssize_t>(points, 1)) *
                                    H5Tget_size(memory));
  check_status(H5Aread(source, memory, buffer.data()), what);
  Attribute target(check(H5Acreate2(to, name, type, space, H5P_DEFAULT, H5P_DEFAULT), what));
  const herr_t written = H5Awrite(target, memory, buffer.data());
  if (H5Tdetect_class(memory, H5T_STRING) > 0 && H5Tis_variable_str(memory) > 0)
    H5Dvlen_reclaim(memory, space, H5P_DEFAULT, buffer.data());
  check_status(written, what);
}

std::vector<std::string> children(hid_t group) {
  std::vector<std::string> names;
  check_status(H5Literate(
                   group, H5_INDEX_NAME, H5_ITER_INC, nullptr,
                   [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
                     static_cast<std::vector<std::string>*>(data)->push_back(name);
                     return 0;
                   },
                   &names),
               "listing a group");
  return names;
}

}  // namespace clearsim::recording::h5
