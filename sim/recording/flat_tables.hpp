#pragma once
// The /flat group of a result file (docs/output.md, "Flat tables"): every regime's and
// replication's tables as one dataset each, so a tool reads one dataset instead of stacking
// one per replication. Built from the /runs groups once they are complete, by the same code
// when a run commits its file and when `clearsim merge` combines shards, so a merged file's
// /flat tables are those of a single run.
//
// - summary, pool_use, resources: tables of their own (FlatRow: `regime`, `replication`,
//   then the fields of the table they gather), small;
// - the record tables that the file holds (containers, exams, vessels, resource_samples):
//   HDF5 virtual datasets over the replications' tables, in regime then replication order,
//   with no second copy of the rows; attributes `part_regime`, `part_replication` and
//   `part_rows` say which rows come from which replication.
//
// Internal to the recording library.
#include <string>
#include <vector>

#include "sim/recording/h5.hpp"

namespace clearsim::recording {

// Writes /flat into `file` from its /runs groups; `regimes` in the order run (provenance
// `regimes`): their positions are the codes of the `regime` columns (/labels/regime).
void write_flat_tables(hid_t file, const std::vector<std::string>& regimes);

// The `saturation_threshold` attribute of the dataset `table` in `group`.
void write_saturation_threshold(hid_t group, const char* table, double threshold);

}  // namespace clearsim::recording
