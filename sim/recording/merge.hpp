#pragma once
// Combining shard files (`clearsim run|compare --shard i/N --out part-i.h5`) into one result
// file whose data equal a single-process run's: the provenance and labels of the first
// shard, every regime's resources, and every replication group of every shard.
#include <string>
#include <vector>

namespace clearsim::recording {

struct MergeReport {
  int regimes = 0;
  int replications = 0;  // replication groups copied, all regimes
  // Temporary files of killed runs to the same output, removed on the way in.
  std::vector<std::string> removed_leftovers;
};

// Throws OutputError when the output cannot be written (OutputTarget's checks), when an
// input is missing or not a clearsim result, when inputs come from different runs
// (scenario, seed, regimes, horizon, warm-up or replication count differ), when a
// replication appears twice or is missing, or when anything it copies cannot be read back
// (a damaged chunk fails its checksum): every dataset is read in full before it is copied.
// Writes `output` atomically, never over an existing file unless `overwrite`.
MergeReport merge_result_files(const std::string& output, const std::vector<std::string>& inputs,
                               bool overwrite);

}  // namespace clearsim::recording
