#pragma once
// The fields of the records the model reports, declared once. The result file's row types
// are built from these tables (sim/recording/tables.hpp), and so are /labels, every
// field's unit and the field tables of docs/output.md; the Python loader reads names,
// labels and units from the file. The model layer knows no HDF5, so a table is plain data:
// each field's name and place and C++ type (taken from the member itself by
// CLEARSIM_RECORD_FIELD), its unit, one line of description and, for a coded field, the
// labels of its codes.
//
// A new field: the member in its struct and a row in its table, in the same order (the
// static_asserts below find a member the table lacks). A new record type: its struct, a
// RecordFields specialisation here, and its entry in sim/recording/tables.hpp.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include "models/config.hpp"
#include "models/records.hpp"
#include "models/routing.hpp"

namespace clearsim::model::fields {

// How a field's value is coded.
enum class Kind : std::uint8_t {
  number,       // an integer or a float, as it is
  enumeration,  // code i means labels[i] (an HDF5 enum type in the file)
  index,        // an unsigned index into labels the run supplies (the scenario's districts)
  bits,         // unsigned bit flags: bit i (value 2^i) means labels[i]
  text,         // a fixed-size, null-terminated UTF-8 string
};

// How a number is stored (for an enumeration: its underlying type).
enum class Scalar : std::uint8_t { none, u8, u16, u32, u64, i8, i16, i32, i64, f32, f64 };

// The names of the codes of a field, stored as /labels/<name>. `labels` is empty when the run
// supplies them (the scenario's districts); `about` says what they are, for the docs.
struct LabelSet {
  std::string_view name;
  std::span<const char* const> labels;
  bool bits = false;
  std::string_view about;
};

struct Field {
  std::string_view name;  // the member's name
  std::size_t offset;     // in the struct
  std::size_t size;       // bytes
  Kind kind;
  Scalar scalar;                 // Scalar::none for text
  std::string_view unit;         // "h" for times in hours, "" when it has none
  std::string_view description;  // one line, for the docs
  const LabelSet* labels;        // for enumeration, index and bits
};

// ---- label sets ----------------------------------------------------------------------------

inline constexpr LabelSet kDirection{"direction", kDirectionLabels, false, "direction of a box"};
inline constexpr LabelSet kCargo{"cargo", kCargoLabels, false, "cargo class"};
inline constexpr LabelSet kCredit{"credit", kCreditLabels, false, "consignee's credit class"};
inline constexpr LabelSet kChannel{"channel", kChannelLabels, false, "risk channel"};
inline constexpr LabelSet kResourceKind{"resource_kind", kPoolKindLabels, false,
                                        "kind of pool (models/routing.hpp)"};
inline constexpr LabelSet kChecks{"checks", kCheckFlagLabels, true, "checks a box went through"};
inline constexpr LabelSet kExamKind{"exam_kind", kExamKindLabels, false, "kind of check"};
inline constexpr LabelSet kDistrict{
    "district", {}, false, "the scenario's districts, in the order defined"};
// Bit a of an agency set is the scenario's agency a (the first is the lead).
inline constexpr LabelSet kAgencies{
    "agency", {}, true, "the scenario's agencies, in the order defined (bit i: agency i)"};

// ---- building a row ------------------------------------------------------------------------

template <class T>
struct IsCharArray : std::false_type {};
template <std::size_t N>
struct IsCharArray<std::array<char, N>> : std::true_type {};

template <class T>
constexpr Scalar scalar_of() {
  if constexpr (std::is_enum_v<T>) {
    return scalar_of<std::underlying_type_t<T>>();
  } else if constexpr (std::is_floating_point_v<T>) {
    static_assert(sizeof(T) == 4 || sizeof(T) == 8, "float or double");
    return sizeof(T) == 4 ? Scalar::f32 : Scalar::f64;
  } else {
    static_assert(std::is_integral_v<T>, "a record field is a number, an enum or a char array");
    constexpr Scalar kUnsigned[] = {Scalar::u8,   Scalar::u16,  Scalar::none, Scalar::u32,
                                    Scalar::none, Scalar::none, Scalar::none, Scalar::u64};
    constexpr Scalar kSigned[] = {Scalar::i8,   Scalar::i16,  Scalar::none, Scalar::i32,
                                  Scalar::none, Scalar::none, Scalar::none, Scalar::i64};
    return std::is_unsigned_v<T> ? kUnsigned[sizeof(T) - 1] : kSigned[sizeof(T) - 1];
  }
}

template <class T>
constexpr Field make_field(std::string_view name, std::size_t offset, std::string_view unit,
                           std::string_view description) {
  static_assert(!std::is_enum_v<T>, "an enum field needs its labels");
  Field field{name, offset, sizeof(T), Kind::text, Scalar::none, unit, description, nullptr};
  if constexpr (!IsCharArray<T>::value) {
    field.kind = Kind::number;
    field.scalar = scalar_of<T>();
  }
  return field;
}

// A coded field: static labels make an enumeration (of a C++ enum or an unsigned code),
// labels the run supplies an index, bit labels bit flags.
template <class T>
constexpr Field make_field(std::string_view name, std::size_t offset, std::string_view unit,
                           std::string_view description, const LabelSet& labels) {
  static_assert(std::is_enum_v<T> || std::is_unsigned_v<T>, "a coded field is unsigned");
  const Kind kind = labels.bits             ? Kind::bits
                    : labels.labels.empty() ? Kind::index
                                            : Kind::enumeration;
  return {name, offset, sizeof(T), kind, scalar_of<T>(), unit, description, &labels};
}

// A row of a field table: the member's own name, place and type. Then: unit, description,
// and (for a coded field) its LabelSet.
#define CLEARSIM_RECORD_FIELD(Record, member, ...)                 \
  ::clearsim::model::fields::make_field<decltype(Record::member)>( \
      #member, offsetof(Record, member), __VA_ARGS__)

// The field table of a record type: `table` (the dataset's name), `description` (one line)
// and `fields`, one per member in order.
template <class Record>
struct RecordFields;

// ---- checking a table ----------------------------------------------------------------------

namespace detail {

// Converts to any member type: counts the initialisers an aggregate takes.
struct AnyMember {
  template <class T>
  operator T() const;
};

template <class Record, class... Given>
constexpr std::size_t member_count() {
  if constexpr (requires { Record{Given{}..., AnyMember{}}; }) {
    return member_count<Record, Given..., AnyMember>();
  } else {
    return sizeof...(Given);
  }
}

}  // namespace detail

// True if `RecordFields<Record>::fields` names every member of Record, each once, in order.
template <class Record>
constexpr bool covers_every_member() {
  static_assert(std::is_standard_layout_v<Record> && std::is_aggregate_v<Record>,
                "a record is a plain struct");
  const auto& fields = RecordFields<Record>::fields;
  if (fields.size() != detail::member_count<Record>()) return false;
  for (std::size_t i = 1; i < fields.size(); ++i)
    if (fields[i].offset < fields[i - 1].offset + fields[i - 1].size) return false;
  return fields.back().offset + fields.back().size <= sizeof(Record);
}

// ---- the model's records -------------------------------------------------------------------

template <>
struct RecordFields<ContainerRecord> {
  static constexpr std::string_view table = "containers";
  static constexpr std::string_view description =
      "One row per container that completed its passage before the run ended. Its stages "
      "from arrival to release (/labels/stage) each end at one of the milestones below; a "
      "milestone the box did not pass is NaN.";
  static constexpr std::array fields = {
      CLEARSIM_RECORD_FIELD(ContainerRecord, id, "",
                            "container id: a function of (service, call, position) or (stream, "
                            "number), the same under every regime"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, vessel, "",
                            "vessel call id (`vessels.id`); 2^64-1 for box-stream boxes"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, district, "", "the district that handles the box",
                            kDistrict),
      CLEARSIM_RECORD_FIELD(ContainerRecord, direction, "", "import, export or rail transit",
                            kDirection),
      CLEARSIM_RECORD_FIELD(ContainerRecord, cargo, "", "cargo class", kCargo),
      CLEARSIM_RECORD_FIELD(ContainerRecord, credit, "", "consignee's credit class", kCredit),
      CLEARSIM_RECORD_FIELD(ContainerRecord, channel, "", "risk channel", kChannel),
      CLEARSIM_RECORD_FIELD(ContainerRecord, checks, "", "the checks the box went through",
                            kChecks),
      CLEARSIM_RECORD_FIELD(ContainerRecord, selected, "",
                            "the agencies that selected it for an examination", kAgencies),
      CLEARSIM_RECORD_FIELD(ContainerRecord, opened_by, "", "the agencies that opened it",
                            kAgencies),
      CLEARSIM_RECORD_FIELD(ContainerRecord, moves, "",
                            "lifts and moves for its checks (each way counts)"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, arrival, "h",
                            "vessel arrival (import, rail transit), gate-in (export), "
                            "appearance (box stream)"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, manifest, "h",
                            "manifest and tally data usable (declared after arrival only)"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, delivery_order, "h",
                            "delivery order exchanged, port charges paid"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, permits, "h", "licences and certificates in hand"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, prepared, "h",
                            "declaration ready (before any deferral)"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, declared, "h", "declaration lodged"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, arrival_reported, "h",
                            "export: the terminal's arrival report (the gate-in itself under the "
                            "terminal-arrival reform)"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, risk_assigned, "h",
                            "reviewed by every agency concerned, risk channel assigned"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, present, "h",
                            "physically here: discharged (import), gated in (export)"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, checks_done, "h",
                            "scans and examinations over, other agencies' releases given"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, duties_paid, "h",
                            "duties paid (or not needed before release: guarantee)"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, released, "h", "the lead agency's final release"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, rail_yard, "h",
                            "rail transit: at the rail yard, after the release"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, rail_checked, "h",
                            "rail transit: seal check, re-inspection and second declaration done"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, departed, "h",
                            "gate-out (import), loaded (export), train departure (rail transit)"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, ready, "h",
                            "before the arrival: export ready at its off-dock yard or CFS; box "
                            "leaving its inland node (regional clearance)"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, trader_cost, "CNY",
                            "charges paid by the importer (import, rail transit) or exporter"),
      CLEARSIM_RECORD_FIELD(ContainerRecord, waived_cost, "CNY",
                            "inspection fees the government paid instead (fee waiver)"),
  };
};
static_assert(covers_every_member<ContainerRecord>(),
              "ContainerRecord: its field table must list every member, in order");

template <>
struct RecordFields<ExamRecord> {
  static constexpr std::string_view table = "exams";
  static constexpr std::string_view description =
      "One row per scan or manual examination (a box examined by two agencies in turn has "
      "two rows; a joint examination one).";
  static constexpr std::array fields = {
      CLEARSIM_RECORD_FIELD(ExamRecord, box, "", "the container (`containers.id`)"),
      CLEARSIM_RECORD_FIELD(ExamRecord, kind, "", "yard scan, gate scan or manual", kExamKind),
      CLEARSIM_RECORD_FIELD(ExamRecord, agencies, "", "on whose behalf", kAgencies),
      CLEARSIM_RECORD_FIELD(ExamRecord, site, "",
                            "the inspection site (row of the scenario's `inspection_sites`); "
                            "-1 at the district's gate"),
      CLEARSIM_RECORD_FIELD(ExamRecord, district, "", "the box's district", kDistrict),
      CLEARSIM_RECORD_FIELD(ExamRecord, moved, "h", "the lift and move to it began (NaN: no move)"),
      CLEARSIM_RECORD_FIELD(ExamRecord, queued, "h",
                            "arrived, waiting for the scanner, or the bay and teams"),
      CLEARSIM_RECORD_FIELD(ExamRecord, started, "h", "began"),
      CLEARSIM_RECORD_FIELD(ExamRecord, ended, "h", "ended"),
  };
};
static_assert(covers_every_member<ExamRecord>(),
              "ExamRecord: its field table must list every member, in order");

template <>
struct RecordFields<VesselRecord> {
  static constexpr std::string_view table = "vessels";
  static constexpr std::string_view description = "One row per vessel call.";
  static constexpr std::array fields = {
      CLEARSIM_RECORD_FIELD(VesselRecord, id, "", "vessel call id"),
      CLEARSIM_RECORD_FIELD(VesselRecord, service, "",
                            "index of the service in the scenario's `services`"),
      CLEARSIM_RECORD_FIELD(VesselRecord, district, "", "the district it calls at", kDistrict),
      CLEARSIM_RECORD_FIELD(VesselRecord, discharged, "", "import boxes of the call"),
      CLEARSIM_RECORD_FIELD(VesselRecord, loaded, "", "export boxes planned for the call"),
      CLEARSIM_RECORD_FIELD(VesselRecord, rebooked, "",
                            "exports re-booked onto the call after missing an earlier one: "
                            "loaded last, each one crane move longer at the berth"),
      CLEARSIM_RECORD_FIELD(VesselRecord, arrival, "h", "arrived at the port"),
      CLEARSIM_RECORD_FIELD(VesselRecord, berthed, "h", "alongside a berth"),
      CLEARSIM_RECORD_FIELD(VesselRecord, departed, "h", "left the berth"),
  };
};
static_assert(covers_every_member<VesselRecord>(),
              "VesselRecord: its field table must list every member, in order");

template <>
struct RecordFields<ResourceSample> {
  static constexpr std::string_view table = "resource_samples";
  static constexpr std::string_view description = "One row per pool per sampling instant.";
  static constexpr std::array fields = {
      CLEARSIM_RECORD_FIELD(ResourceSample, time, "h", "sampling instant"),
      CLEARSIM_RECORD_FIELD(ResourceSample, resource, "",
                            "the pool: a row of the regime's `resources`"),
      CLEARSIM_RECORD_FIELD(ResourceSample, capacity, "", "units in service"),
      CLEARSIM_RECORD_FIELD(ResourceSample, busy, "", "units in use"),
      CLEARSIM_RECORD_FIELD(ResourceSample, queue, "", "requests waiting"),
  };
};
static_assert(covers_every_member<ResourceSample>(),
              "ResourceSample: its field table must list every member, in order");

}  // namespace clearsim::model::fields

#include "models/stages.hpp"

namespace clearsim::model {

// The name of the `containers` field that ends a stage (found from the stage's member
// pointer through the field table, so the name is stated nowhere else).
inline std::string_view stage_end_field(const StageInfo& stage) {
  static const ContainerRecord probe{};
  const auto offset = static_cast<std::size_t>(reinterpret_cast<const char*>(&(probe.*stage.end)) -
                                               reinterpret_cast<const char*>(&probe));
  for (const fields::Field& f : fields::RecordFields<ContainerRecord>::fields)
    if (f.offset == offset) return f.name;
  return {};
}

}  // namespace clearsim::model
