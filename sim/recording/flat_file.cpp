#include "sim/recording/flat_file.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>

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

// A string attribute (scalar or 1-D, variable-length or fixed) as its strings.
std::vector<std::string> read_strings(hid_t object, const char* name, const std::string& where) {
  h5::Attribute a(h5::check(H5Aopen(object, name, H5P_DEFAULT), where + ": attribute " + name));
  h5::Datatype type(h5::check(H5Aget_type(a), where + ": attribute " + name));
  if (H5Tget_class(type) != H5T_STRING)
    throw OutputError(where + ": attribute " + name + " is not text");
  h5::Dataspace space(h5::check(H5Aget_space(a), where + ": attribute " + name));
  const hssize_t n = std::max<hssize_t>(1, H5Sget_simple_extent_npoints(space));
  std::vector<std::string> out;
  if (H5Tis_variable_str(type) > 0) {
    std::vector<char*> data(static_cast<std::size_t>(n), nullptr);
    h5::check_status(H5Aread(a, type, data.data()), where + ": reading " + name);
    for (char* d : data) {
      out.emplace_back(d ? d : "");
      H5free_memory(d);
    }
    return out;
  }
  const std::size_t width = H5Tget_size(type);
  std::vector<char> data(width * static_cast<std::size_t>(n));
  h5::check_status(H5Aread(a, type, data.data()), where + ": reading " + name);
  for (hssize_t i = 0; i < n; ++i) {
    const char* at = data.data() + static_cast<std::size_t>(i) * width;
    out.emplace_back(at, strnlen(at, width));
  }
  return out;
}

FlatTable read_table(hid_t file, const std::string& name, const std::string& path) {
  const std::string where = path + ": table " + name;
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0) throw OutputError(where + " is missing");
  h5::Dataset dataset(h5::check(H5Dopen2(file, name.c_str(), H5P_DEFAULT), where));
  h5::Datatype stored(h5::check(H5Dget_type(dataset), where));
  if (H5Tget_class(stored) != H5T_COMPOUND) throw OutputError(where + " is not a table");
  h5::Datatype type(h5::check(H5Tget_native_type(stored, H5T_DIR_DEFAULT), where));
  h5::Dataspace space(h5::check(H5Dget_space(dataset), where));
  const auto rows =
      static_cast<std::size_t>(std::max<hssize_t>(0, H5Sget_simple_extent_npoints(space)));
  const std::size_t size = H5Tget_size(type);
  std::vector<char> buffer(rows * size);
  if (rows > 0)
    h5::check_status(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
                     "reading " + where);
  FlatTable table{name, "", {}};
  if (H5Aexists(dataset, "description") > 0)
    table.description = read_strings(dataset, "description", where).front();
  std::vector<std::string> units;
  if (H5Aexists(dataset, "units") > 0) units = read_strings(dataset, "units", where);
  const int members = H5Tget_nmembers(type);
  for (int m = 0; m < members; ++m) {
    char* member_name = H5Tget_member_name(type, static_cast<unsigned>(m));
    FlatColumn column{member_name ? member_name : "", "", false, {}, {}};
    H5free_memory(member_name);
    if (static_cast<std::size_t>(m) < units.size())
      column.unit = units[static_cast<std::size_t>(m)];
    const std::size_t offset = H5Tget_member_offset(type, static_cast<unsigned>(m));
    h5::Datatype member(h5::check(H5Tget_member_type(type, static_cast<unsigned>(m)), where));
    const H5T_class_t kind = H5Tget_class(member);
    if (kind == H5T_STRING && H5Tis_variable_str(member) <= 0) {
      column.text = true;
      const std::size_t width = H5Tget_size(member);
      for (std::size_t r = 0; r < rows; ++r) {
        const char* at = buffer.data() + r * size + offset;
        column.texts.emplace_back(at, strnlen(at, width));
      }
    } else if (kind == H5T_FLOAT && H5Tget_size(member) == sizeof(double)) {
      for (std::size_t r = 0; r < rows; ++r) {
        double x = 0;
        std::memcpy(&x, buffer.data() + r * size + offset, sizeof(double));
        column.numbers.push_back(x);
      }
    } else {
      throw OutputError(where + ": column " + column.name +
                        " is neither float64 nor fixed-width text");
    }
    table.columns.push_back(std::move(column));
  }
  return table;
}

}  // namespace

std::string flat_file_format(const std::string& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // failures are reported, not printed by HDF5
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) || H5Fis_hdf5(path.c_str()) <= 0) return "";
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) return "";
  h5::File file(id);
  if (H5Aexists(file, "format") <= 0) return "";
  try {
    return read_strings(file, "format", path).front();
  } catch (const std::exception&) {
    return "";
  }
}

FlatFile read_flat_file(const std::string& path, const std::vector<std::string>& names) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw OutputError(path + ": no such file");
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw OutputError(path + ": not an HDF5 file");
  h5::File file(id);
  FlatFile out;
  std::vector<std::string> attributes;
  H5Aiterate2(
      file, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->push_back(name);
        return 0;
      },
      &attributes);
  for (const auto& name : attributes)
    out.attributes[name] = read_strings(file, name.c_str(), path).front();
  for (const auto& name : names)
    out.tables.push_back(read_table(file, name, path));
  return out;
}

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
