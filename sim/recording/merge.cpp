#include "sim/recording/merge.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "sim/recording/flat_tables.hpp"
#include "sim/recording/h5.hpp"
#include "sim/recording/result_file.hpp"

namespace clearsim::recording {

namespace {

// The provenance attributes that must agree for shards to belong to one run.
constexpr const char* kRunIdentity[] = {"scenario_sha256",       "seed",          "regimes",
                                        "replications",          "horizon_hours", "warmup_hours",
                                        "sample_interval_hours", "record"};

std::vector<std::string> split_regimes(const std::string& list) {
  std::vector<std::string> regimes;
  std::string text = list + ",";
  for (std::size_t start = 0, comma; (comma = text.find(',', start)) != std::string::npos;
       start = comma + 1)
    regimes.push_back(text.substr(start, comma - start));
  return regimes;
}

h5::File open_input(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw OutputError(path + ": no such result file");
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) throw OutputError(path + ": not an HDF5 file");
  h5::File file(f);
  if (H5Aexists(file, "format") <= 0) throw OutputError(path + ": not a clearsim result file");
  return file;
}

// An attribute's value as raw bytes (strings by content), for comparing shards.
std::string attribute_bytes(hid_t object, const char* name, const std::string& path) {
  if (H5Aexists(object, name) <= 0) throw OutputError(path + ": provenance lacks '" + name + "'");
  h5::Attribute a(h5::check(H5Aopen(object, name, H5P_DEFAULT), std::string("opening ") + name));
  h5::Datatype type(h5::check(H5Aget_type(a), "attribute type"));
  if (H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) > 0) {
    char* value = nullptr;
    h5::check_status(H5Aread(a, type, &value), std::string("reading ") + name);
    std::string s = value ? value : "";
    H5free_memory(value);
    return s;
  }
  std::string bytes(H5Tget_size(type), '\0');
  h5::check_status(H5Aread(a, type, bytes.data()), std::string("reading ") + name);
  return bytes;
}

// Reads `dataset` in full, a block of rows at a time: every chunk is decompressed and its
// checksum checked. (H5Ocopy copies chunks as they are, so it would pass damage on.)
void read_in_full(hid_t dataset) {
  h5::Datatype stored(h5::check(H5Dget_type(dataset), "getting the type"));
  h5::Datatype type(h5::check(H5Tget_native_type(stored, H5T_DIR_DEFAULT), "a memory type"));
  const bool variable = H5Tis_variable_str(type) > 0 || H5Tdetect_class(type, H5T_VLEN) > 0;
  h5::Dataspace space(h5::check(H5Dget_space(dataset), "getting the dataspace"));
  const hssize_t points = H5Sget_simple_extent_npoints(space);
  const int rank = H5Sget_simple_extent_ndims(space);
  hsize_t rows = points > 0 ? static_cast<hsize_t>(points) : 0;
  const hsize_t block = rank == 1 ? 8192 : std::max<hsize_t>(rows, 1);
  std::vector<unsigned char> buffer(block * H5Tget_size(type));
  for (hsize_t start = 0; start < rows; start += block) {
    const hsize_t count = std::min(block, rows - start);
    h5::Dataspace memory(h5::check(H5Screate_simple(1, &count, nullptr), "a row space"));
    if (rank == 1)
      h5::check_status(H5Sselect_hyperslab(space, H5S_SELECT_SET, &start, nullptr, &count, nullptr),
                       "selecting rows");
    const hid_t memory_space = rank == 1 ? hid_t{memory} : H5S_ALL;
    const hid_t file_space = rank == 1 ? hid_t{space} : H5S_ALL;
    h5::check_status(
        H5Dread(dataset, type, memory_space, file_space, H5P_DEFAULT, buffer.data()),
        "reading rows " + std::to_string(start) + " to " + std::to_string(start + count - 1));
    if (variable)
      H5Dvlen_reclaim(type, memory_space == H5S_ALL ? space : memory, H5P_DEFAULT, buffer.data());
  }
}

// Reads every dataset in the object `name` under `parent` (a dataset or a group, recursively).
void check_readable(hid_t parent, const std::string& name, const std::string& path,
                    const std::string& where) {
  h5::Handle<H5Oclose> object(h5::check(H5Oopen(parent, name.c_str(), H5P_DEFAULT), "opening"));
  if (H5Iget_type(object) == H5I_DATASET) {
    try {
      read_in_full(object);
    } catch (const h5::Error& e) {
      throw OutputError(
          path + ": " + where + " is damaged and cannot be read (" + e.what() + "); nothing merged",
          e.error_number());
    }
    return;
  }
  if (H5Iget_type(object) != H5I_GROUP) return;
  for (const auto& child : h5::children(object))
    check_readable(object, child, path, where + "/" + child);
}

// Copies `what` from a shard (`path`, for messages; `where` is its path in the file) once
// every byte of it has been read back.
void copy(hid_t from, const std::string& what, hid_t to, const std::string& as,
          const std::string& path, const std::string& where) {
  check_readable(from, what, path, where);
  h5::check_status(H5Ocopy(from, what.c_str(), to, as.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                   "copying " + where);
}

// Every regime named in the provenance must have all its replications.
void check_complete(const std::set<std::string>& seen,
                    const std::map<std::string, std::string>& identity,
                    const std::vector<std::string>& inputs) {
  std::int32_t replications = 0;
  std::memcpy(&replications, identity.at("replications").data(), sizeof replications);
  for (const std::string& regime : split_regimes(identity.at("regimes"))) {
    for (std::int32_t r = 0; r < replications; ++r) {
      char name[32];
      std::snprintf(name, sizeof name, "replication_%04d", static_cast<int>(r));
      if (!seen.count(regime + "/" + name))
        throw OutputError("merge: " + regime + "/" + name + " is in none of the " +
                          std::to_string(inputs.size()) + " shard file(s): is a shard missing?");
    }
  }
}

// Copies a shard's regimes (the first time each is met: attributes and resources too) and
// replication groups into `runs`.
void copy_shard(hid_t file, const std::string& path, hid_t runs, std::set<std::string>& seen,
                MergeReport& report) {
  h5::Group shard_runs(h5::check(H5Gopen2(file, "runs", H5P_DEFAULT), path + ": opening runs"));
  for (const auto& regime : h5::children(shard_runs)) {
    h5::Group source(h5::check(H5Gopen2(shard_runs, regime.c_str(), H5P_DEFAULT), regime));
    const bool first = H5Lexists(runs, regime.c_str(), H5P_DEFAULT) <= 0;
    if (first) {
      h5::Group target(
          h5::check(H5Gcreate2(runs, regime.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                    "creating " + regime));
      for (const char* name : {"regime", "description"})
        h5::write_attribute(target, name, attribute_bytes(source, name, path));
      copy(source, "resources", target, "resources", path, "runs/" + regime + "/resources");
      ++report.regimes;
    }
    h5::Group target(h5::check(H5Gopen2(runs, regime.c_str(), H5P_DEFAULT), regime));
    for (const auto& child : h5::children(source)) {
      if (child.rfind("replication_", 0) != 0) continue;
      if (!seen.insert(regime + "/" + child).second)
        throw OutputError(path + ": " + regime + "/" + child + " is also in another shard");
      copy(source, child, target, child, path, "runs/" + regime + "/" + child);
      ++report.replications;
    }
  }
}

}  // namespace

MergeReport merge_result_files(const std::string& output, const std::vector<std::string>& inputs,
                               bool overwrite) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  if (inputs.empty()) throw OutputError("merge: no shard files given");
  OutputTarget target(output, overwrite);

  // Check every shard against the first before writing anything.
  std::vector<h5::File> files;
  std::map<std::string, std::string> identity;
  for (const auto& path : inputs) {
    files.push_back(open_input(path));
    h5::Group provenance(h5::check(H5Gopen2(files.back(), "provenance", H5P_DEFAULT),
                                   path + ": opening provenance"));
    for (const char* name : kRunIdentity) {
      const std::string value = attribute_bytes(provenance, name, path);
      auto [it, first] = identity.emplace(name, value);
      if (!first && it->second != value)
        throw OutputError(path + ": comes from a different run than " + inputs.front() +
                          " (provenance '" + name + "' differs)");
    }
  }

  MergeReport report;
  report.removed_leftovers = target.removed_leftovers();
  h5::File out;
  target.create_temporary([&](const std::string& name) { out = create_exclusively(name); });
  try {
    mark_as_result_file(out);
    copy(files[0], "provenance", out, "provenance", inputs[0], "provenance");
    copy(files[0], "labels", out, "labels", inputs[0], "labels");
    std::set<std::string> seen;
    {
      h5::Group runs(h5::check(H5Gcreate2(out, "runs", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                               "creating runs"));
      for (std::size_t i = 0; i < files.size(); ++i)
        copy_shard(files[i], inputs[i], runs, seen, report);
    }
    check_complete(seen, identity, inputs);
    // The shards' own /flat tables are not copied: built again from the merged groups.
    write_flat_tables(out, split_regimes(identity.at("regimes")));
    {
      h5::Group provenance(h5::check(H5Gopen2(out, "provenance", H5P_DEFAULT), "provenance"));
      std::string merged;
      for (const auto& path : inputs)
        merged += (merged.empty() ? "" : ",") + path;
      h5::write_attribute(provenance, "merged_from", merged);
    }
    out.close("closing the merged file");
  } catch (const h5::Error& e) {
    throw OutputError(output + ": " + e.what(), e.error_number());
  }
  target.commit();
  return report;
}

}  // namespace clearsim::recording
