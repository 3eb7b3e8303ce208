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

// What read_flat_file() gives back: the root's string attributes and the tables asked for.
struct FlatFile {
  std::map<std::string, std::string> attributes;  // including `format`
  std::vector<FlatTable> tables;
};

// The `format` attribute of an HDF5 file ("clearsim-sweep", ...); "" when `path` is not a
// readable HDF5 file or has no such attribute (the caller reports what it expected).
std::string flat_file_format(const std::string& path);

// Reads a file written by write_flat_file(): its attributes and the tables `names`, every
// row read in full. Throws OutputError for a missing file, table or column type it did not
// write.
FlatFile read_flat_file(const std::string& path, const std::vector<std::string>& names);

}  // namespace clearsim::recording
