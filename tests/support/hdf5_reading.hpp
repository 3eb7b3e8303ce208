#pragma once
// Reading a result file's datasets back in the tests that compare files byte for byte.
#include <doctest/doctest.h>
#include <hdf5.h>

#include <cstddef>
#include <string>
#include <vector>

namespace clearsim::test {

// A dataset's rows as bytes, in the file's (packed) row type.
inline std::vector<unsigned char> dataset_bytes(hid_t file, const std::string& dataset) {
  const hid_t d = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  REQUIRE(d >= 0);
  const hid_t type = H5Dget_type(d);
  const hid_t space = H5Dget_space(d);
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  std::vector<unsigned char> bytes(n * H5Tget_size(type));
  if (n > 0) REQUIRE(H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()) >= 0);
  H5Sclose(space);
  H5Tclose(type);
  H5Dclose(d);
  return bytes;
}

}  // namespace clearsim::test
