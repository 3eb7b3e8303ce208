#pragma once
// The HDF5 result file (layout: docs/output.md). Written as NAME.partial and renamed into
// place by commit(); an existing file is never replaced unless asked. Tables are appended
// in chunks while the run goes, so memory does not grow with the number of containers.
//
// Not thread-safe (nor is Debian's HDF5 build): one thread owns a ResultFile and all its
// ReplicationWriters.
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/records.hpp"
#include "models/routing.hpp"
#include "models/stages.hpp"
#include "sim/recording/h5.hpp"

namespace clearsim::recording {

// An output that cannot be written: a clear message, and no partial file left behind.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Provenance {
  std::string program;
  std::string command_line;
  std::string scenario_name;
  std::string scenario_file;
  std::string scenario_text;
  std::uint64_t seed = 0;
  int replications = 0;
  std::vector<std::string> regimes;
  double horizon_hours = 0;
  double warmup_hours = 0;
  double sample_interval_hours = 0;
  std::vector<std::string> districts;
  std::vector<std::string> agencies;  // code = index (exams.agencies, containers.selected bits)
  // Deflate level of the record tables (with byte shuffling); 0 stores them uncompressed:
  // larger files, but the writer thread then costs almost no CPU.
  int compression_level = 1;
};

// One row of a replication's `summary` table.
struct SummaryRow {
  std::uint8_t direction = 0;
  std::uint8_t measure = 0;  // 0 overall, 1 customs-only
  std::uint64_t count = 0;
  double mean = 0, median = 0, p90 = 0, p95 = 0, max = 0;
  double inspection_rate = 0;
};

struct ReplicationAttributes {
  std::uint64_t seed = 0;
  std::uint64_t events = 0;
  std::uint64_t boxes_in_progress = 0;
  double wall_seconds = 0;
};

class TableWriter;

// Receives one replication's records and appends them to its tables.
class ReplicationWriter : public model::Recorder {
 public:
  ReplicationWriter(h5::Group group, const Provenance& provenance, const std::string& regime,
                    std::uint64_t replication);
  ~ReplicationWriter() override;

  void container(const model::ContainerRecord& record) override;
  void exam(const model::ExamRecord& record) override;
  void vessel(const model::VesselRecord& record) override;
  void resource_sample(const model::ResourceSample& sample) override;

  // Flushes the buffers, writes the summary and the attributes, closes the group.
  void finish(const std::vector<SummaryRow>& summary, const ReplicationAttributes& attributes);

 private:
  void flush();

  h5::Group group_;
  int compression_level_;
  std::unique_ptr<TableWriter> containers_, exams_, vessels_, samples_;
  std::vector<model::ContainerRecord> container_buffer_;
  std::vector<model::ExamRecord> exam_buffer_;
  std::vector<model::VesselRecord> vessel_buffer_;
  std::vector<model::ResourceSample> sample_buffer_;
};

class ResultFile {
 public:
  // Creates `path`.partial. Throws OutputError if `path` exists and !overwrite, or if the
  // file cannot be created (no such directory, no permission).
  ResultFile(std::string path, bool overwrite, const Provenance& provenance);
  // Without commit() (an exception, an interrupted run): removes the partial file.
  ~ResultFile();
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  void add_regime(const std::string& regime, const std::string& description,
                  const model::ResourcePlan& plan);
  std::unique_ptr<ReplicationWriter> start_replication(const std::string& regime,
                                                       std::uint64_t replication);
  // Closes the file and renames it into place (never over an existing file unless
  // overwrite was given). Throws OutputError on failure, leaving no partial file.
  void commit();

  const std::string& path() const { return path_; }
  const std::string& partial_path() const { return partial_; }

 private:
  std::string path_;
  std::string partial_;
  bool overwrite_;
  Provenance provenance_;
  h5::File file_;
  bool committed_ = false;
};

// The root attributes that make a file a clearsim result (format, format_version).
void mark_as_result_file(hid_t file);
void write_string_attribute(hid_t object, const char* name, const std::string& value);
// Renames a finished `partial` into `path` (only over an existing file if `overwrite`);
// removes the partial file and throws OutputError on failure.
void move_into_place(const std::string& partial, const std::string& path, bool overwrite);

// SHA-256 of `text`, lower-case hex (OpenSSL).
std::string sha256_hex(const std::string& text);

}  // namespace clearsim::recording
