#include "sim/recording/tables.hpp"

#include <algorithm>
#include <cstddef>

namespace clearsim::recording {

namespace {

using model::fields::Field;
using model::fields::Kind;
using model::fields::LabelSet;
using model::fields::Scalar;

template <class... Records>
void add_replication_tables(std::vector<TableSpec>& tables, RecordList<Records...>) {
  (tables.push_back(table_spec<Records>(Level::replication)), ...);
}

std::string scalar_name(Scalar scalar) {
  switch (scalar) {
    case Scalar::u8:
      return "uint8";
    case Scalar::u16:
      return "uint16";
    case Scalar::u32:
      return "uint32";
    case Scalar::u64:
      return "uint64";
    case Scalar::i8:
      return "int8";
    case Scalar::i16:
      return "int16";
    case Scalar::i32:
      return "int32";
    case Scalar::i64:
      return "int64";
    case Scalar::f32:
      return "float32";
    case Scalar::f64:
      return "float64";
    case Scalar::none:
      break;
  }
  return "";
}

// The key fields of a /flat row, as they would be declared in a record's field table.
struct FlatKey {
  std::uint16_t regime;
  std::uint32_t replication;
};
constexpr Field kRegimeField = CLEARSIM_RECORD_FIELD(
    FlatKey, regime, "", "the regime (in the order run: the first is the reference)", kRegime);
constexpr Field kReplicationField =
    CLEARSIM_RECORD_FIELD(FlatKey, replication, "", "replication number");

}  // namespace

std::vector<Field> flat_fields(std::span<const Field> row_fields, std::size_t row_offset,
                               bool per_replication) {
  // FlatRow puts `regime` first and `replication` after it at the same offsets as FlatKey.
  static_assert(offsetof(FlatSummary, regime) == offsetof(FlatKey, regime) &&
                offsetof(FlatSummary, replication) == offsetof(FlatKey, replication));
  std::vector<Field> fields = {kRegimeField};
  if (per_replication) fields.push_back(kReplicationField);
  for (Field field : row_fields) {
    field.offset += row_offset;
    fields.push_back(field);
  }
  return fields;
}

namespace {

template <class... Records>
void add_row_counts(std::vector<Field>& fields, RecordList<Records...>) {
  std::size_t i = 0;
  (fields.push_back(Field{model::fields::RecordFields<Records>::table,
                          offsetof(PartRow, rows) + sizeof(std::uint64_t) * i++,
                          sizeof(std::uint64_t), Kind::number, Scalar::u64, "",
                          "its rows in the record table of that name (0: not recorded)", nullptr}),
   ...);
}

}  // namespace

TableSpec parts_table_spec() {
  static const std::vector<Field> fields = [] {
    std::vector<Field> f = {kRegimeField, kReplicationField};
    add_row_counts(f, ReplicationRecords{});
    return f;
  }();
  return {"parts",
          "One row per replication group, in the order of the virtual record tables "
          "(`/flat/containers`, ...): which rows of each are whose.",
          Level::flat,
          sizeof(PartRow),
          fields,
          RecordLevel::summary};
}

std::vector<TableSpec> all_tables() {
  std::vector<TableSpec> tables;
  add_replication_tables(tables, ReplicationRecords{});
  tables.push_back(table_spec<SummaryRow>(Level::replication));
  tables.push_back(table_spec<PoolUseRow>(Level::replication));
  tables.push_back(table_spec<ResourceRow>(Level::regime));
  tables.push_back(flat_table_spec<SummaryRow, true>());
  tables.push_back(flat_table_spec<PoolUseRow, true>());
  tables.push_back(flat_table_spec<ResourceRow, false>());
  tables.push_back(parts_table_spec());
  return tables;
}

std::vector<const LabelSet*> all_label_sets() {
  std::vector<const LabelSet*> sets;
  for (const TableSpec& table : all_tables())
    for (const Field& field : table.fields)
      if (field.labels && std::find(sets.begin(), sets.end(), field.labels) == sets.end())
        sets.push_back(field.labels);
  return sets;
}

std::string type_name(const Field& field) {
  if (field.kind == Kind::text) return "string, " + std::to_string(field.size) + " bytes";
  if (field.kind == Kind::enumeration) return "enum " + scalar_name(field.scalar);
  return scalar_name(field.scalar);
}

}  // namespace clearsim::recording
