#include "sim/recording/flat_tables.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/recording/table_writer.hpp"
#include "sim/recording/tables.hpp"

namespace clearsim::recording {

namespace {

// A replication group of /runs, in the order the /flat tables list them.
struct Part {
  std::uint16_t regime = 0;  // position in the provenance's regimes
  std::uint32_t replication = 0;
  std::string path;  // "/runs/REGIME/replication_NNNN"
};

bool has(hid_t file, const std::string& path) {
  return H5Lexists(file, path.c_str(), H5P_DEFAULT) > 0;
}

// Every replication group of the regimes, regime by regime, by replication number.
std::vector<Part> parts_of(hid_t file, const std::vector<std::string>& regimes) {
  std::vector<Part> parts;
  for (std::size_t g = 0; g < regimes.size(); ++g) {
    const std::string regime = "/runs/" + regimes[g];
    if (!has(file, regime)) continue;
    h5::Group group(h5::check(H5Gopen2(file, regime.c_str(), H5P_DEFAULT), "opening " + regime));
    std::vector<Part> mine;
    for (const auto& child : h5::children(group)) {
      if (child.rfind("replication_", 0) != 0) continue;
      mine.push_back({static_cast<std::uint16_t>(g),
                      static_cast<std::uint32_t>(std::stoul(child.substr(12))),
                      regime + "/" + child});
    }
    std::sort(mine.begin(), mine.end(),
              [](const Part& a, const Part& b) { return a.replication < b.replication; });
    parts.insert(parts.end(), mine.begin(), mine.end());
  }
  return parts;
}

hsize_t rows_of(const h5::Dataset& dataset) {
  h5::Dataspace space(h5::check(H5Dget_space(dataset), "getting a dataspace"));
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  return n > 0 ? static_cast<hsize_t>(n) : 0;
}

// The rows of the table `path` in their in-memory type (converted from the packed file type).
template <class Row>
std::vector<Row> read_rows(hid_t file, const std::string& path, const TableSpec& spec) {
  h5::Dataset dataset(h5::check(H5Dopen2(file, path.c_str(), H5P_DEFAULT), "opening " + path));
  std::vector<Row> rows(rows_of(dataset));
  const auto type = row_type(spec);
  if (!rows.empty())
    h5::check_status(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()),
                     "reading " + path);
  return rows;
}

// /flat/NAME from the table NAME of every part (`Level::replication`) or every regime.
template <class Row, bool kPerReplication>
void gather(hid_t flat, hid_t file, const std::vector<Part>& parts,
            const std::vector<std::string>& regimes) {
  using Flat = FlatRow<Row, kPerReplication>;
  const TableSpec row_spec = table_spec<Row>(kPerReplication ? Level::replication : Level::regime);
  const std::string name(row_spec.name);
  std::vector<Flat> rows;
  std::string first_source;
  const auto add = [&](const std::string& path, std::uint16_t regime, std::uint32_t replication) {
    if (!has(file, path)) return;
    if (first_source.empty()) first_source = path;
    for (const Row& row : read_rows<Row>(file, path, row_spec)) {
      Flat flat_row{};
      flat_row.regime = regime;
      if constexpr (kPerReplication) flat_row.replication = replication;
      flat_row.row = row;
      rows.push_back(flat_row);
    }
  };
  if constexpr (kPerReplication) {
    for (const Part& part : parts)
      add(part.path + "/" + name, part.regime, part.replication);
  } else {
    for (std::size_t g = 0; g < regimes.size(); ++g)
      add("/runs/" + regimes[g] + "/" + name, static_cast<std::uint16_t>(g), 0);
  }
  TableWriter table(flat, flat_table_spec<Row, kPerReplication>(), 1);
  table.append(rows.data(), rows.size());
  table.close();
  // The table's own attributes beyond units and labels (pool_use's saturation threshold).
  if (first_source.empty()) return;
  h5::Dataset source(h5::check(H5Dopen2(file, first_source.c_str(), H5P_DEFAULT), first_source));
  h5::Dataset target(h5::check(H5Dopen2(flat, name.c_str(), H5P_DEFAULT), "/flat/" + name));
  if (H5Aexists(source, kSaturationAttribute) > 0)
    h5::copy_attribute(source, target, kSaturationAttribute);
}

// /flat/NAME as a virtual dataset over the replications' tables NAME, if the file has them.
// Returns the rows of each part (empty if not recorded).
std::vector<hsize_t> link_records(hid_t flat, hid_t file, const std::vector<Part>& parts,
                                  const std::string& name) {
  std::vector<hsize_t> rows;
  for (const Part& part : parts) {
    const std::string path = part.path + "/" + name;
    if (!has(file, path)) return {};  // not recorded (--record)
    h5::Dataset source(h5::check(H5Dopen2(file, path.c_str(), H5P_DEFAULT), "opening " + path));
    rows.push_back(rows_of(source));
  }
  if (parts.empty()) return {};
  hsize_t total = 0;
  for (hsize_t n : rows)
    total += n;
  const std::string what = "making /flat/" + name;
  const std::string first_source = parts.front().path + "/" + name;
  h5::Dataset first(h5::check(H5Dopen2(file, first_source.c_str(), H5P_DEFAULT), what));
  h5::Datatype type(h5::check(H5Dget_type(first), what));
  h5::PropertyList create(h5::check(H5Pcreate(H5P_DATASET_CREATE), what));
  h5::check_status(H5Pset_layout(create, H5D_VIRTUAL), what);
  h5::Dataspace space(h5::check(H5Screate_simple(1, &total, nullptr), what));
  hsize_t offset = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (rows[i] == 0) continue;
    h5::check_status(
        H5Sselect_hyperslab(space, H5S_SELECT_SET, &offset, nullptr, &rows[i], nullptr), what);
    h5::Dataspace source(h5::check(H5Screate_simple(1, &rows[i], nullptr), what));
    // "." is this file: the mapping survives renaming it.
    const std::string path = parts[i].path + "/" + name;
    h5::check_status(H5Pset_virtual(create, space, ".", path.c_str(), source), what);
    offset += rows[i];
  }
  h5::Dataspace extent(h5::check(H5Screate_simple(1, &total, nullptr), what));
  h5::Dataset dataset(h5::check(
      H5Dcreate2(flat, name.c_str(), type, extent, H5P_DEFAULT, create, H5P_DEFAULT), what));
  for (const char* attribute : {"units", "labels"})
    h5::copy_attribute(first, dataset, attribute);
  return rows;
}

// The virtual record tables, and /flat/parts: which of their rows come from which group.
template <class... Records>
void link_all_records(hid_t flat, hid_t file, const std::vector<Part>& parts,
                      RecordList<Records...>) {
  std::vector<PartRow> index(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    index[i].regime = parts[i].regime;
    index[i].replication = parts[i].replication;
  }
  std::size_t table = 0;
  const auto link = [&](std::string_view name) {
    const auto rows = link_records(flat, file, parts, std::string(name));
    for (std::size_t i = 0; i < rows.size(); ++i)
      index[i].rows[table] = rows[i];
    ++table;
  };
  (link(model::fields::RecordFields<Records>::table), ...);
  TableWriter writer(flat, parts_table_spec(), 1);
  writer.append(index.data(), index.size());
  writer.close();
}

}  // namespace

void write_flat_tables(hid_t file, const std::vector<std::string>& regimes) {
  const std::vector<Part> parts = parts_of(file, regimes);
  h5::Group flat(h5::check(H5Gcreate2(file, "flat", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                           "creating the group flat"));
  gather<SummaryRow, true>(flat, file, parts, regimes);
  gather<PoolUseRow, true>(flat, file, parts, regimes);
  gather<ResourceRow, false>(flat, file, parts, regimes);
  link_all_records(flat, file, parts, ReplicationRecords{});
}

void write_saturation_threshold(hid_t group, const char* table, double threshold) {
  h5::Dataset dataset(
      h5::check(H5Dopen2(group, table, H5P_DEFAULT), "opening " + std::string(table)));
  h5::Dataspace space(h5::check(H5Screate(H5S_SCALAR), "a scalar space"));
  h5::Attribute a(h5::check(
      H5Acreate2(dataset, kSaturationAttribute, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT),
      "creating attribute saturation_threshold"));
  h5::check_status(H5Awrite(a, H5T_NATIVE_DOUBLE, &threshold),
                   "writing attribute saturation_threshold");
}

}  // namespace clearsim::recording
