#pragma once
// The tables of a result file, each declared once by a field table
// (models/record_fields.hpp): the record tables of every replication, its summary, and
// every regime's resources. The HDF5 row types, /labels, the `units` and `labels`
// attributes and the field tables of docs/output.md are all built from these.
//
// Adding a record type: its struct and RecordFields in the model, its type in
// ReplicationRecords below, and its Recorder override in ReplicationWriter (one line each).
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/record_fields.hpp"

namespace clearsim::recording {

template <class... Records>
struct RecordList {};

// The record tables of a replication group, in the order they are created.
using ReplicationRecords = RecordList<model::ContainerRecord, model::ExamRecord,
                                      model::VesselRecord, model::ResourceSample>;

// One row of a replication's `summary` table.
struct SummaryRow {
  std::uint8_t direction = 0;
  std::uint8_t measure = 0;  // 0 overall, 1 customs-only (kMeasureLabels)
  std::uint64_t count = 0;
  double mean = 0, median = 0, p90 = 0, p95 = 0, max = 0;
  double inspection_rate = 0;
  double missed_departure_share = 0;  // missed vessel (export), missed train (rail transit)
};

// One row of a regime's `resources` table: a pool of its resource plan.
struct ResourceRow {
  std::array<char, 128> name{};  // null-terminated (names longer than that are refused at decode)
  std::uint8_t kind = 0;         // model::PoolKind
  std::int32_t capacity = 0;
  std::int32_t district = -1;
  std::int32_t site = -1;
  std::int32_t agency = -1;
};

inline constexpr std::array<const char*, 2> kMeasureLabels = {"overall", "customs"};
inline constexpr model::fields::LabelSet kMeasure{"measure", kMeasureLabels, false,
                                                  "release-time measure"};

// Where a table sits in the file.
enum class Level { replication, regime };

// A table as the writer and the docs see it.
struct TableSpec {
  std::string_view name;
  std::string_view description;
  Level level;
  std::size_t row_size;
  std::span<const model::fields::Field> fields;
};

template <class Record>
constexpr TableSpec table_spec(Level level) {
  static_assert(model::fields::covers_every_member<Record>(),
                "a field table must list every member of its record, in order");
  using Fields = model::fields::RecordFields<Record>;
  return {Fields::table, Fields::description, level, sizeof(Record), Fields::fields};
}

// Every table of a result file: the replication records, the summary, the resources.
std::vector<TableSpec> all_tables();

// Every label set the tables use, each once, in the order first used.
std::vector<const model::fields::LabelSet*> all_label_sets();

// "uint16", "float64", "enum uint8", "string, 64 bytes": a field's type in the file.
std::string type_name(const model::fields::Field& field);

// The field tables of docs/output.md (every table, then /labels), between the marker lines
// kReferenceBegin and kReferenceEnd; a test keeps the committed file equal to it.
std::string output_reference_markdown();
inline constexpr std::string_view kReferenceBegin = "<!-- BEGIN GENERATED FIELD TABLES";
inline constexpr std::string_view kReferenceEnd = "<!-- END GENERATED FIELD TABLES -->";

}  // namespace clearsim::recording

namespace clearsim::model::fields {

template <>
struct RecordFields<recording::SummaryRow> {
  static constexpr std::string_view table = "summary";
  static constexpr std::string_view description =
      "The release-time statistics of the replication: one row per direction and measure.";
  static constexpr std::array fields = {
      CLEARSIM_RECORD_FIELD(recording::SummaryRow, direction, "", "direction", kDirection),
      CLEARSIM_RECORD_FIELD(recording::SummaryRow, measure, "",
                            "overall (arrival to release) or customs (declaration to release)",
                            recording::kMeasure),
      CLEARSIM_RECORD_FIELD(recording::SummaryRow, count, "",
                            "boxes counted: released, and arrived at or after the warm-up"),
      CLEARSIM_RECORD_FIELD(recording::SummaryRow, mean, "h", "mean time"),
      CLEARSIM_RECORD_FIELD(recording::SummaryRow, median, "h", "median time"),
      CLEARSIM_RECORD_FIELD(recording::SummaryRow, p90, "h", "90th percentile"),
      CLEARSIM_RECORD_FIELD(recording::SummaryRow, p95, "h", "95th percentile"),
      CLEARSIM_RECORD_FIELD(recording::SummaryRow, max, "h", "longest time"),
      CLEARSIM_RECORD_FIELD(recording::SummaryRow, inspection_rate, "",
                            "share of the counted boxes in the red channel"),
      CLEARSIM_RECORD_FIELD(recording::SummaryRow, missed_departure_share, "",
                            "share of the counted boxes that left later than planned: missed "
                            "vessel (export), missed train (rail transit)"),
  };
};

template <>
struct RecordFields<recording::ResourceRow> {
  static constexpr std::string_view table = "resources";
  static constexpr std::string_view description =
      "The regime's pools (its resource plan); `resource_samples.resource` is a row number of "
      "this table.";
  static constexpr std::array fields = {
      CLEARSIM_RECORD_FIELD(recording::ResourceRow, name, "",
                            "e.g. `beijiang_inspection.bays`, `beijiang_inspection.ciq_teams`"),
      CLEARSIM_RECORD_FIELD(recording::ResourceRow, kind, "", "kind of pool", kResourceKind),
      CLEARSIM_RECORD_FIELD(recording::ResourceRow, capacity, "", "configured capacity"),
      CLEARSIM_RECORD_FIELD(recording::ResourceRow, district, "",
                            "the district it belongs to (row of `districts`; -1: port-wide)"),
      CLEARSIM_RECORD_FIELD(recording::ResourceRow, site, "",
                            "the inspection site (row of `inspection_sites`; -1: none)"),
      CLEARSIM_RECORD_FIELD(recording::ResourceRow, agency, "",
                            "the agency whose pool it is (-1: shared)"),
  };
};

}  // namespace clearsim::model::fields
