#include "sim/recording/result_file.hpp"

#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

namespace clearsim::recording {

namespace {

constexpr hsize_t kChunkRows = 8192;

// ---- types -------------------------------------------------------------------------------

template <std::size_t N>
h5::Datatype enum_type(const std::array<const char*, N>& labels) {
  h5::Datatype t(h5::check(H5Tenum_create(H5T_NATIVE_UINT8), "creating an enum type"));
  for (std::size_t i = 0; i < N; ++i) {
    const auto value = static_cast<std::uint8_t>(i);
    h5::check_status(H5Tenum_insert(t, labels[i], &value), "defining an enum value");
  }
  return t;
}

h5::Datatype string_type() {
  h5::Datatype t(h5::check(H5Tcopy(H5T_C_S1), "creating a string type"));
  h5::check_status(H5Tset_size(t, H5T_VARIABLE), "sizing a string type");
  h5::check_status(H5Tset_cset(t, H5T_CSET_UTF8), "setting UTF-8");
  return t;
}

void insert(hid_t compound, const char* name, std::size_t offset, hid_t type) {
  h5::check_status(H5Tinsert(compound, name, offset, type), std::string("adding field ") + name);
}

#define CLEARSIM_FIELD(t, Struct, field, type) insert(t, #field, offsetof(Struct, field), type)

h5::Datatype container_type() {
  using model::ContainerRecord;
  h5::Datatype t(h5::check(H5Tcreate(H5T_COMPOUND, sizeof(ContainerRecord)), "container type"));
  const auto direction = enum_type(model::kDirectionLabels);
  const auto cargo = enum_type(model::kCargoLabels);
  const auto credit = enum_type(model::kCreditLabels);
  const auto channel = enum_type(model::kChannelLabels);
  CLEARSIM_FIELD(t, ContainerRecord, id, H5T_NATIVE_UINT64);
  CLEARSIM_FIELD(t, ContainerRecord, vessel, H5T_NATIVE_UINT64);
  CLEARSIM_FIELD(t, ContainerRecord, district, H5T_NATIVE_UINT16);
  CLEARSIM_FIELD(t, ContainerRecord, direction, direction);
  CLEARSIM_FIELD(t, ContainerRecord, cargo, cargo);
  CLEARSIM_FIELD(t, ContainerRecord, credit, credit);
  CLEARSIM_FIELD(t, ContainerRecord, channel, channel);
  CLEARSIM_FIELD(t, ContainerRecord, checks, H5T_NATIVE_UINT8);
  for (const auto& [name, offset] : std::initializer_list<std::pair<const char*, std::size_t>>{
           {"arrival", offsetof(ContainerRecord, arrival)},
           {"discharge", offsetof(ContainerRecord, discharge)},
           {"declared", offsetof(ContainerRecord, declared)},
           {"accepted", offsetof(ContainerRecord, accepted)},
           {"risk_assigned", offsetof(ContainerRecord, risk_assigned)},
           {"scan_move", offsetof(ContainerRecord, scan_move)},
           {"scan_queue", offsetof(ContainerRecord, scan_queue)},
           {"scan_start", offsetof(ContainerRecord, scan_start)},
           {"scan_end", offsetof(ContainerRecord, scan_end)},
           {"customs_move", offsetof(ContainerRecord, customs_move)},
           {"customs_queue", offsetof(ContainerRecord, customs_queue)},
           {"customs_start", offsetof(ContainerRecord, customs_start)},
           {"customs_end", offsetof(ContainerRecord, customs_end)},
           {"ciq_move", offsetof(ContainerRecord, ciq_move)},
           {"ciq_queue", offsetof(ContainerRecord, ciq_queue)},
           {"ciq_start", offsetof(ContainerRecord, ciq_start)},
           {"ciq_end", offsetof(ContainerRecord, ciq_end)},
           {"released", offsetof(ContainerRecord, released)},
           {"departed", offsetof(ContainerRecord, departed)}}) {
    insert(t, name, offset, H5T_NATIVE_DOUBLE);
  }
  return t;
}

h5::Datatype vessel_type() {
  using model::VesselRecord;
  h5::Datatype t(h5::check(H5Tcreate(H5T_COMPOUND, sizeof(VesselRecord)), "vessel type"));
  CLEARSIM_FIELD(t, VesselRecord, id, H5T_NATIVE_UINT64);
  CLEARSIM_FIELD(t, VesselRecord, service, H5T_NATIVE_UINT16);
  CLEARSIM_FIELD(t, VesselRecord, district, H5T_NATIVE_UINT16);
  CLEARSIM_FIELD(t, VesselRecord, discharged, H5T_NATIVE_UINT32);
  CLEARSIM_FIELD(t, VesselRecord, loaded, H5T_NATIVE_UINT32);
  CLEARSIM_FIELD(t, VesselRecord, arrival, H5T_NATIVE_DOUBLE);
  CLEARSIM_FIELD(t, VesselRecord, berthed, H5T_NATIVE_DOUBLE);
  CLEARSIM_FIELD(t, VesselRecord, departed, H5T_NATIVE_DOUBLE);
  return t;
}

h5::Datatype sample_type() {
  using model::ResourceSample;
  h5::Datatype t(h5::check(H5Tcreate(H5T_COMPOUND, sizeof(ResourceSample)), "sample type"));
  CLEARSIM_FIELD(t, ResourceSample, time, H5T_NATIVE_DOUBLE);
  CLEARSIM_FIELD(t, ResourceSample, resource, H5T_NATIVE_UINT32);
  CLEARSIM_FIELD(t, ResourceSample, capacity, H5T_NATIVE_UINT32);
  CLEARSIM_FIELD(t, ResourceSample, busy, H5T_NATIVE_UINT32);
  CLEARSIM_FIELD(t, ResourceSample, queue, H5T_NATIVE_UINT32);
  return t;
}

h5::Datatype summary_type() {
  h5::Datatype t(h5::check(H5Tcreate(H5T_COMPOUND, sizeof(SummaryRow)), "summary type"));
  const auto direction = enum_type(model::kDirectionLabels);
  const auto measure = enum_type(std::array<const char*, 2>{"overall", "customs"});
  CLEARSIM_FIELD(t, SummaryRow, direction, direction);
  CLEARSIM_FIELD(t, SummaryRow, measure, measure);
  CLEARSIM_FIELD(t, SummaryRow, count, H5T_NATIVE_UINT64);
  CLEARSIM_FIELD(t, SummaryRow, mean, H5T_NATIVE_DOUBLE);
  CLEARSIM_FIELD(t, SummaryRow, median, H5T_NATIVE_DOUBLE);
  CLEARSIM_FIELD(t, SummaryRow, p90, H5T_NATIVE_DOUBLE);
  CLEARSIM_FIELD(t, SummaryRow, p95, H5T_NATIVE_DOUBLE);
  CLEARSIM_FIELD(t, SummaryRow, max, H5T_NATIVE_DOUBLE);
  CLEARSIM_FIELD(t, SummaryRow, inspection_rate, H5T_NATIVE_DOUBLE);
  return t;
}

struct ResourceRow {
  char name[64];
  std::uint8_t kind;
  std::int32_t capacity;
};

h5::Datatype resource_type() {
  h5::Datatype t(h5::check(H5Tcreate(H5T_COMPOUND, sizeof(ResourceRow)), "resource type"));
  h5::Datatype name(h5::check(H5Tcopy(H5T_C_S1), "name type"));
  h5::check_status(H5Tset_size(name, sizeof(ResourceRow::name)), "sizing the name type");
  h5::check_status(H5Tset_cset(name, H5T_CSET_UTF8), "setting UTF-8");
  const auto kind = enum_type(model::kResourceKindLabels);
  CLEARSIM_FIELD(t, ResourceRow, name, name);
  CLEARSIM_FIELD(t, ResourceRow, kind, kind);
  CLEARSIM_FIELD(t, ResourceRow, capacity, H5T_NATIVE_INT32);
  return t;
}

#undef CLEARSIM_FIELD

// ---- attributes and small datasets ------------------------------------------------------

void write_attribute(hid_t object, const char* name, const std::string& value) {
  const auto type = string_type();
  h5::Dataspace space(h5::check(H5Screate(H5S_SCALAR), "scalar space"));
  h5::Attribute a(h5::check(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
                            std::string("creating attribute ") + name));
  const char* data = value.c_str();
  h5::check_status(H5Awrite(a, type, &data), std::string("writing attribute ") + name);
}

template <class T>
void write_attribute(hid_t object, const char* name, T value, hid_t type) {
  h5::Dataspace space(h5::check(H5Screate(H5S_SCALAR), "scalar space"));
  h5::Attribute a(h5::check(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT),
                            std::string("creating attribute ") + name));
  h5::check_status(H5Awrite(a, type, &value), std::string("writing attribute ") + name);
}

void write_strings(hid_t group, const char* name, const std::vector<std::string>& values) {
  const auto type = string_type();
  const hsize_t n = values.size();
  h5::Dataspace space(h5::check(H5Screate_simple(1, &n, nullptr), "string list space"));
  h5::Dataset d(
      h5::check(H5Dcreate2(group, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                std::string("creating ") + name));
  std::vector<const char*> data;
  for (const auto& v : values)
    data.push_back(v.c_str());
  if (n > 0)
    h5::check_status(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
                     std::string("writing ") + name);
}

template <std::size_t N>
std::vector<std::string> to_strings(const std::array<const char*, N>& labels) {
  return {labels.begin(), labels.end()};
}

h5::Group create_group(hid_t parent, const std::string& name) {
  return h5::Group(
      h5::check(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                "creating group " + name));
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

// The root attributes, /provenance, /labels and an empty /runs.
void write_header(hid_t file, const Provenance& provenance) {
  mark_as_result_file(file);
  auto group = create_group(file, "provenance");
  write_attribute(group, "program", provenance.program);
  write_attribute(group, "command_line", provenance.command_line);
  write_attribute(group, "created_utc", utc_now());
  write_attribute(group, "scenario_name", provenance.scenario_name);
  write_attribute(group, "scenario_file", provenance.scenario_file);
  write_attribute(group, "scenario_sha256", sha256_hex(provenance.scenario_text));
  write_attribute(group, "seed", provenance.seed, H5T_NATIVE_UINT64);
  write_attribute(group, "replications", std::int32_t{provenance.replications}, H5T_NATIVE_INT32);
  std::string regimes;
  for (const auto& r : provenance.regimes)
    regimes += (regimes.empty() ? "" : ",") + r;
  write_attribute(group, "regimes", regimes);
  write_attribute(group, "horizon_hours", provenance.horizon_hours, H5T_NATIVE_DOUBLE);
  write_attribute(group, "warmup_hours", provenance.warmup_hours, H5T_NATIVE_DOUBLE);
  write_attribute(group, "sample_interval_hours", provenance.sample_interval_hours,
                  H5T_NATIVE_DOUBLE);
  write_attribute(group, "compression_level", std::int32_t{provenance.compression_level},
                  H5T_NATIVE_INT32);
  {
    const auto type = string_type();
    h5::Dataspace space(h5::check(H5Screate(H5S_SCALAR), "scalar space"));
    h5::Dataset text(h5::check(
        H5Dcreate2(group, "scenario_text", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        "creating provenance/scenario_text"));
    const char* data = provenance.scenario_text.c_str();
    h5::check_status(H5Dwrite(text, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &data),
                     "writing provenance/scenario_text");
  }
  auto labels = create_group(file, "labels");
  write_strings(labels, "direction", to_strings(model::kDirectionLabels));
  write_strings(labels, "cargo", to_strings(model::kCargoLabels));
  write_strings(labels, "credit", to_strings(model::kCreditLabels));
  write_strings(labels, "channel", to_strings(model::kChannelLabels));
  write_strings(labels, "resource_kind", to_strings(model::kResourceKindLabels));
  write_strings(labels, "checks",
                {"scanned", "customs_exam", "ciq_exam", "joint_exam", "document_check",
                 "transit_check", "advance_declared", "missed_vessel"});
  write_strings(labels, "district", provenance.districts);
  create_group(file, "runs");
}

}  // namespace

// ---- TableWriter ---------------------------------------------------------------------------

// An extendible, chunked, shuffled and deflated 1-D dataset of compound rows.
class TableWriter {
 public:
  TableWriter(hid_t group, const char* name, h5::Datatype type, int compression_level = 1)
      : type_(std::move(type)) {
    // On disk the rows are packed: no padding bytes (which would hold whatever memory held,
    // so two identical runs would differ byte for byte), and smaller files.
    h5::Datatype file_type(h5::check(H5Tcopy(type_), "copying a row type"));
    h5::check_status(H5Tpack(file_type), "packing a row type");
    const hsize_t zero = 0, unlimited = H5S_UNLIMITED;
    h5::Dataspace space(h5::check(H5Screate_simple(1, &zero, &unlimited), "table space"));
    h5::PropertyList create(h5::check(H5Pcreate(H5P_DATASET_CREATE), "dataset properties"));
    h5::check_status(H5Pset_chunk(create, 1, &kChunkRows), "setting the chunk size");
    if (compression_level > 0) {
      h5::check_status(H5Pset_shuffle(create), "enabling shuffle");
      h5::check_status(H5Pset_deflate(create, static_cast<unsigned>(compression_level)),
                       "enabling deflate");
    }
    // Last, so the checksum covers the bytes on disk: a damaged chunk fails to read (and
    // `clearsim merge` refuses it) instead of giving wrong numbers.
    h5::check_status(H5Pset_fletcher32(create), "enabling Fletcher32 checksums");
    dataset_ = h5::Dataset(
        h5::check(H5Dcreate2(group, name, file_type, space, H5P_DEFAULT, create, H5P_DEFAULT),
                  std::string("creating table ") + name));
    name_ = name;
  }

  void append(const void* rows, std::size_t count) {
    if (count == 0) return;
    const hsize_t start = size_, n = count;
    size_ += n;
    h5::check_status(H5Dset_extent(dataset_, &size_), "extending " + name_);
    h5::Dataspace file_space(h5::check(H5Dget_space(dataset_), "table space"));
    h5::check_status(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, &start, nullptr, &n, nullptr),
                     "selecting rows of " + name_);
    h5::Dataspace memory_space(h5::check(H5Screate_simple(1, &n, nullptr), "row space"));
    h5::check_status(H5Dwrite(dataset_, type_, memory_space, file_space, H5P_DEFAULT, rows),
                     "writing rows of " + name_);
  }

  void close() { dataset_.close("closing " + name_); }

 private:
  h5::Datatype type_;
  h5::Dataset dataset_;
  std::string name_;
  hsize_t size_ = 0;
};

// ---- ReplicationWriter ---------------------------------------------------------------------

ReplicationWriter::ReplicationWriter(h5::Group group, std::string where,
                                     const Provenance& provenance, const std::string& regime,
                                     std::uint64_t replication)
    : group_(std::move(group)),
      where_(std::move(where)),
      compression_level_(provenance.compression_level) {
  guarded([&] {
    write_attribute(group_, "regime", regime);
    write_attribute(group_, "replication", replication, H5T_NATIVE_UINT64);
    write_attribute(group_, "horizon_hours", provenance.horizon_hours, H5T_NATIVE_DOUBLE);
    write_attribute(group_, "warmup_hours", provenance.warmup_hours, H5T_NATIVE_DOUBLE);
    containers_ =
        std::make_unique<TableWriter>(group_, "containers", container_type(), compression_level_);
    vessels_ = std::make_unique<TableWriter>(group_, "vessels", vessel_type(), compression_level_);
    samples_ = std::make_unique<TableWriter>(group_, "resource_samples", sample_type(),
                                             compression_level_);
  });
  container_buffer_.reserve(kChunkRows);
}

ReplicationWriter::~ReplicationWriter() = default;

void ReplicationWriter::container(const model::ContainerRecord& record) {
  container_buffer_.push_back(record);
  if (container_buffer_.size() == kChunkRows) flush();
}

void ReplicationWriter::vessel(const model::VesselRecord& record) {
  vessel_buffer_.push_back(record);
  if (vessel_buffer_.size() == kChunkRows) flush();
}

void ReplicationWriter::resource_sample(const model::ResourceSample& sample) {
  sample_buffer_.push_back(sample);
  if (sample_buffer_.size() == kChunkRows) flush();
}

template <class Write>
void ReplicationWriter::guarded(Write&& write) {
  try {
    write();
  } catch (const h5::Error& e) {
    throw OutputError(where_ + ": " + e.what(), e.error_number());
  }
}

void ReplicationWriter::flush() {
  guarded([&] {
    containers_->append(container_buffer_.data(), container_buffer_.size());
    vessels_->append(vessel_buffer_.data(), vessel_buffer_.size());
    samples_->append(sample_buffer_.data(), sample_buffer_.size());
  });
  container_buffer_.clear();
  vessel_buffer_.clear();
  sample_buffer_.clear();
}

void ReplicationWriter::finish(const std::vector<SummaryRow>& summary,
                               const ReplicationAttributes& attributes) {
  flush();
  guarded([&] {
    containers_->close();
    vessels_->close();
    samples_->close();
    TableWriter table(group_, "summary", summary_type());
    table.append(summary.data(), summary.size());
    table.close();
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
                            const std::vector<model::ResourceInfo>& resources) {
  try {
    auto group = create_group(file_, "runs/" + regime);
    write_attribute(group, "regime", regime);
    write_attribute(group, "description", description);
    std::vector<ResourceRow> rows;
    for (const auto& r : resources) {
      ResourceRow row{};
      std::strncpy(row.name, r.name.c_str(), sizeof row.name - 1);
      row.kind = static_cast<std::uint8_t>(r.kind);
      row.capacity = r.capacity;
      rows.push_back(row);
    }
    TableWriter table(group, "resources", resource_type());
    table.append(rows.data(), rows.size());
    table.close();
  } catch (const h5::Error& e) {
    fail(e);
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
  write_attribute(file, "format", "clearsim-results");
  write_attribute(file, "format_version", std::int32_t{1}, H5T_NATIVE_INT32);
}

void write_string_attribute(hid_t object, const char* name, const std::string& value) {
  write_attribute(object, name, value);
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
