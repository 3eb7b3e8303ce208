#include "sim/recording/result_file.hpp"

#include "models/record_fields.hpp"

#include <openssl/evp.h>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <optional>
#include <stdexcept>
#include <tuple>

#include "sim/recording/flat_tables.hpp"
#include "sim/recording/table_writer.hpp"

namespace clearsim::recording {

namespace {

using model::fields::LabelSet;

// ---- attributes and small datasets ------------------------------------------------------

template <class T>
void write_attribute(hid_t object, const char* name, T value, hid_t type) {
  h5::Dataspace space(h5::check(H5Screate(H5S_SCALAR), "scalar space"));
  h5::Attribute a(h5::check(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
                            std::string("creating attribute ") + name));
  h5::check_status(H5Awrite(a, type, &value), std::string("writing attribute ") + name);
}

h5::Group create_group(hid_t parent, const std::string& name) {
  return h5::Group(
      h5::check(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                "creating group " + name));
}

// A list of strings as a 1-D dataset.
h5::Dataset write_strings(hid_t group, const std::string& name,
                          const std::vector<std::string>& values) {
  const auto type = h5::string_type();
  const hsize_t n = values.size();
  h5::Dataspace space(h5::check(H5Screate_simple(1, &n, nullptr), "string list space"));
  h5::Dataset d(
      h5::check(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                "creating " + name));
  std::vector<const char*> data;
  for (const auto& v : values)
    data.push_back(v.c_str());
  if (n > 0)
    h5::check_status(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
                     "writing " + name);
  return d;
}

// The values of a label set: from the field tables, or (districts) from the run.
std::vector<std::string> label_values(const LabelSet& set, const Provenance& provenance) {
  if (!set.labels.empty()) return {set.labels.begin(), set.labels.end()};
  if (&set == &model::fields::kDistrict) return provenance.districts;
  if (&set == &model::fields::kAgencies) return provenance.agencies;
  if (&set == &kRegime) return provenance.regimes;
  throw std::logic_error("no values for the label set " + std::string(set.name));
}

// /labels/<name> for every label set the tables use; attribute `coding`: "index" (code i
// is value i) or "bits" (bit i, 2^i, is value i).
void write_labels(hid_t file, const Provenance& provenance) {
  auto group = create_group(file, "labels");
  for (const LabelSet* set : all_label_sets()) {
    const auto d = write_strings(group, std::string(set->name), label_values(*set, provenance));
    h5::write_attribute(d, "coding", std::string(set->bits ? "bits" : "index"));
  }
  // The stages of the overall time (models/stages.hpp), in order, and the `containers`
  // field that ends each (the stages after the release are read from their milestones): what a
  // reader needs to break the overall time down itself.
  std::vector<std::string> stages, ends;
  for (std::size_t k = 0; k < model::kOverallStages; ++k) {
    stages.emplace_back(model::kStageTable[k].name);
    ends.emplace_back(model::stage_end_field(model::kStageTable[k]));
  }
  h5::write_attribute(write_strings(group, "stage", stages), "coding", std::string("order"));
  h5::write_attribute(write_strings(group, "stage_end", ends), "coding", std::string("order"));
}

// A name into a fixed-size, null-terminated field; names that do not fit are refused.
template <std::size_t N>
void copy_name(std::array<char, N>& field, const std::string& name, const char* what) {
  if (name.size() >= N)
    throw OutputError(std::string(what) + " longer than " + std::to_string(N - 1) +
                      " bytes: " + name.substr(0, 64) + "...");
  std::memcpy(field.data(), name.data(), name.size());
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string replication_name(std::uint64_t replication) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "replication_%04llu",
                static_cast<unsigned long long>(replication));
  return buffer;
}

void write_scenario_text(hid_t provenance_group, const std::string& text) {
  const auto type = h5::string_type();
  h5::Dataspace space(h5::check(H5Screate(H5S_SCALAR), "scalar space"));
  h5::Dataset dataset(h5::check(H5Dcreate2(provenance_group, "scenario_text", type, space,
                                           H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                                "creating provenance/scenario_text"));
  const char* data = text.c_str();
  h5::check_status(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &data),
                   "writing provenance/scenario_text");
}

void write_provenance(hid_t file, const Provenance& provenance) {
  auto group = create_group(file, "provenance");
  h5::write_attribute(group, "program", provenance.program);
  h5::write_attribute(group, "git_commit", provenance.git_commit);
  h5::write_attribute(group, "libraries", provenance.libraries);
  h5::write_attribute(group, "command_line", provenance.command_line);
  h5::write_attribute(group, "created_utc", utc_now());
  h5::write_attribute(group, "scenario_name", provenance.scenario_name);
  h5::write_attribute(group, "scenario_file", provenance.scenario_file);
  h5::write_attribute(group, "scenario_sha256", sha256_hex(provenance.scenario_text));
  write_attribute(group, "seed", provenance.seed, H5T_NATIVE_UINT64);
  write_attribute(group, "replications", std::int32_t{provenance.replications}, H5T_NATIVE_INT32);
  std::string regimes;
  for (const auto& r : provenance.regimes)
    regimes += (regimes.empty() ? "" : ",") + r;
  h5::write_attribute(group, "regimes", regimes);
  write_attribute(group, "horizon_hours", provenance.horizon_hours, H5T_NATIVE_DOUBLE);
  write_attribute(group, "warmup_hours", provenance.warmup_hours, H5T_NATIVE_DOUBLE);
  write_attribute(group, "sample_interval_hours", provenance.sample_interval_hours,
                  H5T_NATIVE_DOUBLE);
  write_attribute(group, "compression_level", std::int32_t{provenance.compression_level},
                  H5T_NATIVE_INT32);
  h5::write_attribute(group, "record",
                      std::string(kRecordLevelNames[static_cast<int>(provenance.record)]));
  write_scenario_text(group, provenance.scenario_text);
}

// The root attributes, /provenance, /labels and an empty /runs.
void write_header(hid_t file, const Provenance& provenance) {
  mark_as_result_file(file);
  write_provenance(file, provenance);
  write_labels(file, provenance);
  create_group(file, "runs");
}

}  // namespace

// ---- ReplicationWriter ---------------------------------------------------------------------

template <class List>
struct TablesOf;
template <class... Records>
struct TablesOf<RecordList<Records...>> {
  // Only the tables of the file's --record level. Braces: the datasets are created in list
  // order.
  TablesOf(hid_t group, int compression_level, RecordLevel record)
      : tables{make<Records>(group, compression_level, record)...} {}
  void close() {
    std::apply([](auto&... table) { ((table ? table->close() : void()), ...); }, tables);
  }
  template <class Record>
  static std::optional<RecordTable<Record>> make(hid_t group, int compression_level,
                                                 RecordLevel record) {
    if (record < kRecordedFrom<Record>) return std::nullopt;
    return std::optional<RecordTable<Record>>(std::in_place, group, compression_level);
  }
  std::tuple<std::optional<RecordTable<Records>>...> tables;
};

// A buffered table per record type of ReplicationRecords.
struct ReplicationWriter::Tables : TablesOf<ReplicationRecords> {
  using TablesOf::TablesOf;
};

ReplicationWriter::ReplicationWriter(h5::Group group, std::string where,
                                     const Provenance& provenance, const std::string& regime,
                                     std::uint64_t replication)
    : group_(std::move(group)), where_(std::move(where)) {
  guarded([&] {
    h5::write_attribute(group_, "regime", regime);
    write_attribute(group_, "replication", replication, H5T_NATIVE_UINT64);
    write_attribute(group_, "horizon_hours", provenance.horizon_hours, H5T_NATIVE_DOUBLE);
    write_attribute(group_, "warmup_hours", provenance.warmup_hours, H5T_NATIVE_DOUBLE);
    tables_ = std::make_unique<Tables>(group_, provenance.compression_level, provenance.record);
  });
}

ReplicationWriter::~ReplicationWriter() = default;

template <class Record>
void ReplicationWriter::add(const Record& record) {
  auto& table = std::get<std::optional<RecordTable<Record>>>(tables_->tables);
  if (table) guarded([&] { table->add(record); });
}

void ReplicationWriter::container(const model::ContainerRecord& record) {
  add(record);
}
void ReplicationWriter::exam(const model::ExamRecord& record) {
  add(record);
}
void ReplicationWriter::vessel(const model::VesselRecord& record) {
  add(record);
}
void ReplicationWriter::resource_sample(const model::ResourceSample& sample) {
  add(sample);
}

void ReplicationWriter::add_encoded(std::size_t table, const EncodedChunk& chunk) {
  guarded([&] {
    std::size_t i = 0;
    // A table the file does not keep (--record) is never sent a chunk; skip it anyway.
    std::apply([&](auto&... t) { ((i++ == table && t ? t->add_encoded(chunk) : void()), ...); },
               tables_->tables);
  });
}

template <class Write>
void ReplicationWriter::guarded(Write&& write) {
  try {
    write();
  } catch (const h5::Error& e) {
    throw OutputError(where_ + ": " + e.what(), e.error_number());
  }
}

void ReplicationWriter::finish(const std::vector<SummaryRow>& summary,
                               const std::vector<PoolUseRow>& pool_use,
                               const ReplicationAttributes& attributes) {
  guarded([&] {
    tables_->close();
    TableWriter table(group_, table_spec<SummaryRow>(Level::replication), 1);
    table.append(summary.data(), summary.size());
    table.close();
    // The dataset is opened again for its attribute: TableWriter has no hook for one.
    TableWriter use(group_, table_spec<PoolUseRow>(Level::replication), 1);
    use.append(pool_use.data(), pool_use.size());
    use.close();
    write_saturation_threshold(group_, "pool_use", attributes.saturation_threshold);
    write_attribute(group_, "seed", attributes.seed, H5T_NATIVE_UINT64);
    write_attribute(group_, "events", attributes.events, H5T_NATIVE_UINT64);
    write_attribute(group_, "boxes_in_progress", attributes.boxes_in_progress, H5T_NATIVE_UINT64);
    write_attribute(group_, "wall_seconds", attributes.wall_seconds, H5T_NATIVE_DOUBLE);
    group_.close("closing the group");
  });
}

// ---- ResultFile ------------------------------------------------------------------------------

ResultFile::ResultFile(std::string path, bool overwrite, const Provenance& provenance)
    : target_(std::move(path), overwrite), provenance_(provenance) {
  // HDF5 prints its own error stack to stderr by default; our messages say it better.
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  target_.create_temporary([&](const std::string& name) { file_ = create_exclusively(name); });
  try {
    write_header(file_, provenance_);
  } catch (const h5::Error& e) {
    fail(e);
  }
}

// The temporary file (if any) goes with target_, after file_ is closed.
ResultFile::~ResultFile() = default;

void ResultFile::fail(const h5::Error& e) const {
  throw OutputError(target_.path() + ": " + e.what(), e.error_number());
}

void ResultFile::add_regime(const std::string& regime, const std::string& description,
                            const model::ResourcePlan& plan) {
  h5::Group group;
  try {
    group = create_group(file_, "runs/" + regime);
  } catch (const h5::Error& e) {
    fail(e);
  }
  try {
    h5::write_attribute(group, "regime", regime);
    h5::write_attribute(group, "description", description);
    std::vector<ResourceRow> rows;
    // The name of entry `i` of `names`, or "" for -1 (none).
    const auto name_of = [](const std::vector<std::string>& names, int i) {
      return i >= 0 && i < static_cast<int>(names.size()) ? names[i] : std::string();
    };
    for (const model::Pool& p : plan.pools) {
      ResourceRow row{};
      copy_name(row.name, p.name, "pool name");
      row.kind = static_cast<std::uint8_t>(p.kind);
      row.capacity = p.capacity;
      row.district = p.district;
      row.site = p.site;
      row.agency = p.agency;
      copy_name(row.district_name, name_of(provenance_.districts, p.district), "district name");
      copy_name(row.site_name, name_of(provenance_.inspection_sites, p.site), "site name");
      copy_name(row.agency_name, name_of(provenance_.agencies, p.agency), "agency name");
      rows.push_back(row);
    }
    // A few rows: compressed at level 1 whatever --compression says, as is the summary.
    TableWriter table(group, table_spec<ResourceRow>(Level::regime), 1);
    table.append(rows.data(), rows.size());
    table.close();
  } catch (const h5::Error& e) {
    throw OutputError(target_.path() + ": runs/" + regime + ": " + e.what(), e.error_number());
  }
}

std::unique_ptr<ReplicationWriter> ResultFile::start_replication(const std::string& regime,
                                                                 std::uint64_t replication) {
  const std::string name = "runs/" + regime + "/" + replication_name(replication);
  try {
    auto group = create_group(file_, name);
    return std::make_unique<ReplicationWriter>(std::move(group), target_.path() + ": " + name,
                                               provenance_, regime, replication);
  } catch (const h5::Error& e) {
    fail(e);
  }
}

void ResultFile::commit() {
  try {
    write_flat_tables(file_, provenance_.regimes);
    h5::check_status(H5Fflush(file_, H5F_SCOPE_GLOBAL), "flushing the file");
    file_.close("closing the file");
  } catch (const h5::Error& e) {
    file_.reset();
    fail(e);
  }
  target_.commit();
}

h5::File create_exclusively(const std::string& name) {
  return h5::File(h5::check(H5Fcreate(name.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT),
                            "creating " + name));
}

void mark_as_result_file(hid_t file) {
  h5::write_attribute(file, "format", "clearsim-results");
  write_attribute(file, "format_version", std::int32_t{1}, H5T_NATIVE_INT32);
}

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

}  // namespace clearsim::recording
