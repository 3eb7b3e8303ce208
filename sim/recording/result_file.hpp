#pragma once
// The HDF5 result file (layout: docs/output.md). Written to a temporary file beside the
// target and renamed into place by commit() (OutputTarget: checks, lock, no clobbering).
// Tables are appended in chunks while the run goes, so memory does not grow with the number
// of containers; every chunk carries a Fletcher32 checksum.
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
#include "sim/recording/h5.hpp"
#include "sim/recording/output_error.hpp"
#include "sim/recording/output_target.hpp"
#include "sim/recording/tables.hpp"

namespace clearsim::recording {

struct EncodedChunk;  // table_writer.hpp

struct Provenance {
  std::string program;
  std::string git_commit;  // of the sources the program was built from ("-dirty" if changed)
  std::string libraries;   // "hdf5 1.10.8, yaml-cpp 0.7.0, ...": what it was built with
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
  std::vector<std::string> agencies;          // bit i of an agency set is agencies[i]
  std::vector<std::string> inspection_sites;  // names the `site` of a pool
  // What the file holds (`--record`): the summary tables always, then vessel calls and
  // resource samples, then every box's records.
  RecordLevel record = RecordLevel::boxes;
  // Deflate level of the record tables (with byte shuffling); 0 stores them uncompressed:
  // larger files, but the writer thread then costs almost no CPU.
  int compression_level = 1;
};

struct ReplicationAttributes {
  std::uint64_t seed = 0;
  std::uint64_t events = 0;
  std::uint64_t boxes_in_progress = 0;
  double wall_seconds = 0;
  double saturation_threshold = 0.9;  // of the pool_use table (the caller's flag)
};

// Receives one replication's records and appends them, a chunk at a time, to its tables:
// one per record type of ReplicationRecords (tables.hpp), each overriding its Recorder
// method with a call of add().
class ReplicationWriter : public model::Recorder {
 public:
  // `where` names the group in messages: "FILE: runs/REGIME/replication_NNNN".
  ReplicationWriter(h5::Group group, std::string where, const Provenance& provenance,
                    const std::string& regime, std::uint64_t replication);
  ~ReplicationWriter() override;

  void container(const model::ContainerRecord& record) override;
  void exam(const model::ExamRecord& record) override;
  void vessel(const model::VesselRecord& record) override;
  void resource_sample(const model::ResourceSample& sample) override;
  // A chunk of table `table` (its place in ReplicationRecords) encoded on another thread by
  // record_encoders(ReplicationRecords{}, compression_level()) (the experiment runner's
  // workers compress their records themselves).
  void add_encoded(std::size_t table, const EncodedChunk& chunk);

  // Flushes the buffers, writes the summary, the pool use and the attributes, closes the
  // group.
  void finish(const std::vector<SummaryRow>& summary, const std::vector<PoolUseRow>& pool_use,
              const ReplicationAttributes& attributes);

 private:
  struct Tables;
  template <class Record>
  void add(const Record& record);
  // Runs `write`, naming this group in the message of an HDF5 failure.
  template <class Write>
  void guarded(Write&& write);

  h5::Group group_;
  std::string where_;
  std::unique_ptr<Tables> tables_;
};

class ResultFile {
 public:
  // Checks `path` and locks it (OutputTarget), then creates the temporary file. Throws
  // OutputError if `path` exists and !overwrite, is a link, a directory or a device, if its
  // directory is missing or takes no files, or if another run is writing it.
  ResultFile(std::string path, bool overwrite, const Provenance& provenance);
  // Without commit() (an exception, an interrupted run): removes the temporary file.
  ~ResultFile();
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  void add_regime(const std::string& regime, const std::string& description,
                  const model::ResourcePlan& plan);
  std::unique_ptr<ReplicationWriter> start_replication(const std::string& regime,
                                                       std::uint64_t replication);
  // What the file records (Provenance::record): the Recorder methods of the tables it
  // leaves out need not be called.
  RecordLevel record_level() const { return provenance_.record; }
  template <class Record>
  bool records() const {
    return provenance_.record >= kRecordedFrom<Record>;
  }
  // Writes the /flat tables (flat_tables.hpp), closes the file and renames it into place (never
  // over an existing file unless overwrite was given). Throws OutputError on failure, leaving no
  // partial file.
  void commit();

  int compression_level() const { return provenance_.compression_level; }
  const std::string& path() const { return target_.path(); }
  const std::string& temporary_path() const { return target_.temporary(); }
  // Temporary files of killed runs to the same target, removed on the way in.
  const std::vector<std::string>& removed_leftovers() const { return target_.removed_leftovers(); }

 private:
  // HDF5 failures as OutputErrors that name the file.
  [[noreturn]] void fail(const h5::Error& e) const;

  OutputTarget target_;  // declared first: destroyed after file_ is closed
  Provenance provenance_;
  h5::File file_;
};

// The root attributes that make a file a clearsim result (format, format_version).
void mark_as_result_file(hid_t file);
// Creates a new HDF5 file at `name`, exclusively (never through a link, never over a file:
// an h5::Error with error_number() EEXIST if the name is taken). For OutputTarget.
h5::File create_exclusively(const std::string& name);

// SHA-256 of `text`, lower-case hex (OpenSSL).
std::string sha256_hex(const std::string& text);

}  // namespace clearsim::recording
