#pragma once
// The tables of a result file, each declared once by a field table
// (models/record_fields.hpp): the record tables of every replication, its summary, and
// every regime's resources. The HDF5 row types, /labels, the `units` and `labels`
// attributes and the field tables of docs/output.md are all built from these.
//
// Adding a record type: its struct and RecordFields in the model, its type in
// ReplicationRecords below, and its Recorder override in ReplicationWriter (one line each).
#include <array>
#include <cstddef>
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

// What a result file holds (`--record`): each level adds tables to the one before. The
// summary tables (`summary`, `pool_use`, the regimes' `resources` and the /flat tables built
// from them) are in every file.
enum class RecordLevel : std::uint8_t { summary, vessels, boxes };
inline constexpr std::array<const char*, 3> kRecordLevelNames = {"summary", "vessels", "boxes"};

// The level from which a record table is written: the per-box tables only with `boxes`;
// the vessel calls and the pools' time series (whose size does not grow with the boxes)
// from `vessels`.
template <class Record>
inline constexpr RecordLevel kRecordedFrom = RecordLevel::summary;
template <>
inline constexpr RecordLevel kRecordedFrom<model::ContainerRecord> = RecordLevel::boxes;
template <>
inline constexpr RecordLevel kRecordedFrom<model::ExamRecord> = RecordLevel::boxes;
template <>
inline constexpr RecordLevel kRecordedFrom<model::VesselRecord> = RecordLevel::vessels;
template <>
inline constexpr RecordLevel kRecordedFrom<model::ResourceSample> = RecordLevel::vessels;

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
  // Where it belongs, by name, so a reader needs no lookup (empty: none).
  std::array<char, 128> district_name{};
  std::array<char, 128> site_name{};
  std::array<char, 128> agency_name{};
};

// One row of a replication's `pool_use` table: how busy a pool of the regime's resource plan
// was over [warm-up, horizon] (models/port_model.hpp, PoolUse).
struct PoolUseRow {
  std::uint32_t resource = 0;  // row of the regime's `resources`
  double utilisation = 0;
  std::uint8_t saturated = 0;  // utilisation >= the table's `saturation_threshold`
  double mean_queue = 0;
  double mean_wait = 0;
  std::uint64_t grants = 0;
  double available_hours = 0;
};

inline constexpr std::array<const char*, 2> kMeasureLabels = {"overall", "customs"};
inline constexpr model::fields::LabelSet kMeasure{"measure", kMeasureLabels, false,
                                                  "release-time measure"};

// The regimes of a file, in the order run (provenance `regimes`): codes of the /flat tables.
inline constexpr model::fields::LabelSet kRegime{
    "regime", {}, false, "the regimes run, in the order of provenance `regimes`"};

// Where a table sits in the file: in each replication group, in each regime group, or in
// /flat (every regime and replication in one table, `regime` and `replication` columns first).
enum class Level { replication, regime, flat };

// A table as the writer and the docs see it.
struct TableSpec {
  std::string_view name;
  std::string_view description;
  Level level;
  std::size_t row_size;
  std::span<const model::fields::Field> fields;
  RecordLevel recorded_from = RecordLevel::summary;  // the --record level that writes it
};

template <class Record>
constexpr TableSpec table_spec(Level level) {
  static_assert(model::fields::covers_every_member<Record>(),
                "a field table must list every member of its record, in order");
  using Fields = model::fields::RecordFields<Record>;
  return {Fields::table,  Fields::description, level,
          sizeof(Record), Fields::fields,      kRecordedFrom<Record>};
}

// A row of a /flat table: the regime (code into /labels/regime), the replication (for
// tables of replications) and the row of the table it gathers.
template <class Row, bool kPerReplication>
struct FlatRow;
template <class Row>
struct FlatRow<Row, true> {
  std::uint16_t regime = 0;
  std::uint32_t replication = 0;
  Row row;
};
template <class Row>
struct FlatRow<Row, false> {
  std::uint16_t regime = 0;
  Row row;
};

// The fields of a /flat table: `regime` (and `replication`), then Row's own field table
// moved by the offset of `row` (so its fields are listed once, in RecordFields<Row>).
std::vector<model::fields::Field> flat_fields(std::span<const model::fields::Field> row_fields,
                                              std::size_t row_offset, bool per_replication);

template <class Row, bool kPerReplication>
TableSpec flat_table_spec() {
  using Flat = FlatRow<Row, kPerReplication>;
  using Fields = model::fields::RecordFields<Row>;
  static const std::vector<model::fields::Field> fields =
      flat_fields(Fields::fields, offsetof(Flat, row), kPerReplication);
  return {Fields::table, Fields::description, Level::flat, sizeof(Flat),
          fields,        RecordLevel::summary};
}

// The /flat tables written as tables of their own (the others are virtual: docs/output.md).
using FlatSummary = FlatRow<SummaryRow, true>;
using FlatPoolUse = FlatRow<PoolUseRow, true>;
using FlatResources = FlatRow<ResourceRow, false>;

template <class... Records>
constexpr std::size_t record_count(RecordList<Records...>) {
  return sizeof...(Records);
}

// A row of /flat/parts: a replication group, in the order the virtual /flat record tables
// stack them, and its rows in each record table of ReplicationRecords (0: not recorded).
// A table, not attributes: a sweep's thousands of groups would not fit an attribute.
struct PartRow {
  std::uint16_t regime = 0;
  std::uint32_t replication = 0;
  std::array<std::uint64_t, record_count(ReplicationRecords{})> rows{};
};
TableSpec parts_table_spec();

// The attribute of `pool_use` (and /flat/pool_use) holding its saturation threshold.
inline constexpr const char* kSaturationAttribute = "saturation_threshold";

// Every table of a result file: the replication records, the summary, the pool use, the
// resources, then the /flat tables.
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
      CLEARSIM_RECORD_FIELD(recording::ResourceRow, district_name, "",
                            "the district's name (empty: port-wide)"),
      CLEARSIM_RECORD_FIELD(recording::ResourceRow, site_name, "",
                            "the inspection site's name (empty: none)"),
      CLEARSIM_RECORD_FIELD(recording::ResourceRow, agency_name, "",
                            "the agency's name (empty: shared)"),
  };
};

template <>
struct RecordFields<recording::PoolUseRow> {
  static constexpr std::string_view table = "pool_use";
  static constexpr std::string_view description =
      "How busy each pool was over [warm-up, horizon], one row per pool of the regime's "
      "`resources`; attribute `saturation_threshold` (0.9): `saturated` is 1 at or above it.";
  static constexpr std::array fields = {
      CLEARSIM_RECORD_FIELD(recording::PoolUseRow, resource, "",
                            "the pool: a row of the regime's `resources`"),
      CLEARSIM_RECORD_FIELD(recording::PoolUseRow, utilisation, "",
                            "busy unit-hours / unit-hours on duty or in service"),
      CLEARSIM_RECORD_FIELD(recording::PoolUseRow, saturated, "",
                            "1 if `utilisation` >= the attribute `saturation_threshold`"),
      CLEARSIM_RECORD_FIELD(recording::PoolUseRow, mean_queue, "",
                            "time-average number of requests waiting"),
      CLEARSIM_RECORD_FIELD(recording::PoolUseRow, mean_wait, "h",
                            "mean wait of the requests granted"),
      CLEARSIM_RECORD_FIELD(recording::PoolUseRow, grants, "", "requests granted"),
      CLEARSIM_RECORD_FIELD(recording::PoolUseRow, available_hours, "h",
                            "unit-hours on duty or in service (capacity integrated over time)"),
  };
};

}  // namespace clearsim::model::fields
