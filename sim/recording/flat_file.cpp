#include "sim/recording/flat_file.hpp"

#include <algorithm>
#include <cstring>

#include "sim/recording/h5.hpp"
#include "sim/recording/output_target.hpp"

namespace clearsim::recording {

namespace {

std::size_t rows_of(const FlatTable& table) {
  if (table.columns.empty()) return 0;
  const auto& c = table.columns.front();
  return c.text ? c.texts.size() : c.numbers.size();
}

void write_table(hid_t file, const FlatTable& table) {
  const std::size_t rows = rows_of(table);
  std::vector<std::size_t> offsets, widths;
  std::size_t size = 0;
  for (const auto& column : table.columns) {
    if ((column.text ? column.texts.size() : column.numbers.size()) != rows)
      throw OutputError("table " + table.name + ": column " + column.name + " has another length");
    std::size_t width = sizeof(double);
    if (column.text) {
      width = 1;
      for (const auto& s : column.texts)
        width = std::max(width, s.size() + 1);
    }
    offsets.push_back(size);
    widths.push_back(width);
    size += width;
  }
  h5::Datatype type(
      h5::check(H5Tcreate(H5T_COMPOUND, std::max<std::size_t>(size, 1)), "a table type"));
  std::vector<h5::Datatype> strings;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    hid_t member = H5T_NATIVE_DOUBLE;
    if (table.columns[c].text) {
      strings.emplace_back(h5::check(H5Tcopy(H5T_C_S1), "a string type"));
      h5::check_status(H5Tset_size(strings.back(), widths[c]), "a string type");
      member = strings.back();
    }
    h5::check_status(H5Tinsert(type, table.columns[c].name.c_str(), offsets[c], member),
                     "column " + table.columns[c].name);
  }
  std::vector<char> buffer(rows * size, 0);
  for (std::size_t r = 0; r < rows; ++r) {
    char* row = buffer.data() + r * size;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const auto& column = table.columns[c];
      if (column.text) {
        std::memcpy(row + offsets[c], column.texts[r].data(), column.texts[r].size());
      } else {
        std::memcpy(row + offsets[c], &column.numbers[r], sizeof(double));
      }
    }
  }
  // Intermediate groups ("sweep/rows").
  h5::PropertyList links(h5::check(H5Pcreate(H5P_LINK_CREATE), "a property list"));
  h5::check_status(H5Pset_create_intermediate_group(links, 1), "a property list");
  const hsize_t dims[1] = {rows};
  h5::Dataspace space(h5::check(H5Screate_simple(1, dims, nullptr), "a dataspace"));
  h5::Dataset dataset(
      h5::check(H5Dcreate2(file, table.name.c_str(), type, space, links, H5P_DEFAULT, H5P_DEFAULT),
                "table " + table.name));
  if (rows > 0)
    h5::check_status(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
                     "writing " + table.name);
  std::vector<std::string> units;
  for (const auto& column : table.columns)
    units.push_back(column.unit);
  h5::write_attribute(dataset, "units", units);
  h5::write_attribute(dataset, "description", table.description);
}

}  // namespace

void write_flat_file(const std::string& path, bool overwrite, const std::string& format_name,
                     const std::map<std::string, std::string>& attributes,
                     const std::vector<FlatTable>& tables) {
  OutputTarget target(path, overwrite);
  target.create_temporary([&](const std::string& name) {
    h5::File file(h5::check(H5Fcreate(name.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT),
                            "creating " + name));
    h5::write_attribute(file, "format", format_name);
    for (const auto& [key, value] : attributes)
      h5::write_attribute(file, key.c_str(), value);
    for (const auto& table : tables)
      write_table(file, table);
    file.close("closing " + name);
  });
  target.commit();
}

}  // namespace clearsim::recording
