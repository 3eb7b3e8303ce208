#pragma once
// Small result files of experiments (sweeps): named flat tables of numeric and text columns,
// each written as one HDF5 compound dataset (float64 numbers, fixed-width strings) that
// h5py reads as a structured array, plus string attributes on the file. Written to a
// temporary file and renamed into place, as result files are (output_target.hpp).
#include <map>
#include <string>
#include <vector>

namespace clearsim::recording {

struct FlatColumn {
  std::string name;
  std::string unit;             // stored in the table's `units` attribute
  bool text = false;            // text column: `texts`, else `numbers`
  std::vector<double> numbers;  // NaN: missing
  std::vector<std::string> texts;
};

struct FlatTable {
  std::string name;  // the dataset's path, e.g. "sweep/rows"
  std::string description;
  std::vector<FlatColumn> columns;  // all of the same length
};

// Writes `tables` to `path` (refusing an existing file unless `overwrite`), with `attributes`
// on the root group and the format attribute `format` = `format_name`. Throws OutputError.
void write_flat_file(const std::string& path, bool overwrite, const std::string& format_name,
                     const std::map<std::string, std::string>& attributes,
                     const std::vector<FlatTable>& tables);

}  // namespace clearsim::recording
