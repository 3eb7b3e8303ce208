#pragma once
// The expected size of a result file before the run, so that a long run does not write
// hundreds of megabytes without a word (`clearsim run|compare --out`, docs/output.md).
//
// An estimate, from the expected number of records (arrival rates x horizon x
// replications x regimes) times the bytes a record takes on disk: its packed row size
// (from the field tables) times the compression ratio measured on a real run of the
// Tianjin scenario, plus the fixed parts (header, groups, /flat). tests/test_results_file.cpp
// holds it within a factor of 2 of the real size at every --record level.
#include <cstdint>
#include <string>

#include "sim/recording/tables.hpp"

namespace clearsim::recording {

struct SizeInputs {
  RecordLevel record = RecordLevel::boxes;
  int compression_level = 1;
  double replication_groups = 0;  // regimes x replications written to this file
  double boxes = 0;               // expected boxes per replication (arrival rate x horizon)
  double vessel_calls = 0;        // expected vessel calls per replication
  double resource_samples = 0;    // pools x sampling instants per replication
  double pools = 0;               // pools of a regime
  double regimes = 0;
  std::size_t scenario_bytes = 0;  // the scenario text stored in the provenance
};

// Expected bytes of the file.
double estimate_file_bytes(const SizeInputs& inputs);

// "4.2 MB", "650 MB", "1.3 GB" (powers of 1000).
std::string readable_bytes(double bytes);

}  // namespace clearsim::recording
