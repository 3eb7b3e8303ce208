// Record fields declared once (models/record_fields.hpp, sim/recording/tables.hpp): the
// tables cover every member, the HDF5 row types, the `units` and `labels` attributes and
// /labels come from them, and docs/output.md's field tables are generated from them.
#include <doctest/doctest.h>
#include <hdf5.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "models/record_fields.hpp"
#include "sim/recording/result_file.hpp"
#include "sim/recording/table_writer.hpp"
#include "sim/recording/tables.hpp"

using namespace clearsim;
using model::fields::Field;
using model::fields::Kind;
namespace fs = std::filesystem;

// ---- tables of test records: one complete, one missing a member hidden in padding --------

namespace {

struct Padded {
  std::uint64_t id = 0;
  std::uint8_t code = 0;
  std::uint8_t hidden = 0;  // sits where padding would be: only the member count sees it
  double time = 0;
};

}  // namespace

namespace clearsim::model::fields {
template <>
struct RecordFields<Padded> {
  static constexpr std::array fields = {
      CLEARSIM_RECORD_FIELD(Padded, id, "", "id"),
      CLEARSIM_RECORD_FIELD(Padded, code, "", "a code", kChannel),
      CLEARSIM_RECORD_FIELD(Padded, time, "h", "a time"),
  };
};
}  // namespace clearsim::model::fields

namespace {

const fs::path kSourceRoot = CLEARSIM_SOURCE_DIR;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> string_list_attribute(hid_t object, const char* name) {
  const hid_t a = H5Aopen(object, name, H5P_DEFAULT);
  REQUIRE(a >= 0);
  const hid_t type = H5Aget_type(a), space = H5Aget_space(a);
  std::vector<char*> data(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  if (!data.empty()) REQUIRE(H5Aread(a, type, data.data()) >= 0);
  std::vector<std::string> values(data.begin(), data.end());
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, data.data());
  H5Sclose(space);
  H5Tclose(type);
  H5Aclose(a);
  return values;
}

std::vector<std::string> strings(hid_t file, const std::string& dataset) {
  const hid_t d = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  REQUIRE(d >= 0);
  const hid_t type = H5Dget_type(d), space = H5Dget_space(d);
  std::vector<char*> data(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  if (!data.empty()) REQUIRE(H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) >= 0);
  std::vector<std::string> values(data.begin(), data.end());
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, data.data());
  H5Sclose(space);
  H5Tclose(type);
  H5Dclose(d);
  return values;
}

std::vector<std::string> expected_units(const recording::TableSpec& table) {
  std::vector<std::string> units;
  for (const Field& field : table.fields)
    units.emplace_back(field.unit);
  return units;
}

std::vector<std::string> expected_labels(const recording::TableSpec& table) {
  std::vector<std::string> labels;
  for (const Field& field : table.fields)
    labels.emplace_back(field.labels ? field.labels->name : "");
  return labels;
}

// A file with one regime and one replication holding a row of every table.
void write_small_file(const std::string& path) {
  recording::Provenance provenance;
  provenance.districts = {"north", "south"};
  provenance.agencies = {"customs", "ciq"};
  provenance.regimes = {"baseline"};
  recording::ResultFile file(path, false, provenance);
  model::ResourcePlan plan;
  plan.pools = {{"north.berths", model::PoolKind::berth, 2, 0}};
  file.add_regime("baseline", "", plan);
  auto writer = file.start_replication("baseline", 0);
  writer->container(model::ContainerRecord{});
  writer->exam(model::ExamRecord{});
  writer->vessel(model::VesselRecord{});
  writer->resource_sample(model::ResourceSample{});
  writer->finish({recording::SummaryRow{}}, {recording::PoolUseRow{}}, {});
  file.commit();
}

}  // namespace

TEST_CASE("a field table must name every member of its record, in order") {
  CHECK(model::fields::covers_every_member<model::ContainerRecord>());
  CHECK(model::fields::detail::member_count<Padded>() == 4);
  // `hidden` fits in the padding before `time`, so offsets alone would not show it missing.
  CHECK_FALSE(model::fields::covers_every_member<Padded>());
}

TEST_CASE("a field's kind, type and size follow from its member and labels") {
  const auto& fields = model::fields::RecordFields<model::ContainerRecord>::fields;
  const auto find = [&](std::string_view name) -> const Field& {
    for (const Field& field : fields)
      if (field.name == name) return field;
    FAIL("no field " << name);
    return fields[0];
  };
  CHECK(find("direction").kind == Kind::enumeration);
  CHECK(find("district").kind == Kind::index);
  CHECK(find("district").size == 2);
  CHECK(find("checks").kind == Kind::bits);
  CHECK(find("arrival").unit == "h");
  CHECK(find("arrival").offset == offsetof(model::ContainerRecord, arrival));
  const auto& resources = model::fields::RecordFields<recording::ResourceRow>::fields;
  CHECK(resources[0].kind == Kind::text);
  CHECK(resources[0].size == 128);
  // An unsigned code with static labels is an enumeration too (summary.direction).
  CHECK(model::fields::RecordFields<recording::SummaryRow>::fields[0].kind == Kind::enumeration);
}

TEST_CASE("the HDF5 row types are built from the field tables") {
  for (const recording::TableSpec& table : recording::all_tables()) {
    CAPTURE(table.name);
    const auto type = recording::row_type(table);
    REQUIRE(H5Tget_nmembers(type) == static_cast<int>(table.fields.size()));
    CHECK(H5Tget_size(type) == table.row_size);
    for (unsigned i = 0; i < table.fields.size(); ++i) {
      const Field& field = table.fields[i];
      CAPTURE(field.name);
      char* name = H5Tget_member_name(type, i);
      CHECK(std::string(name) == field.name);
      H5free_memory(name);
      CHECK(H5Tget_member_offset(type, i) == field.offset);
      const hid_t member = H5Tget_member_type(type, i);
      CHECK(H5Tget_size(member) == field.size);
      CHECK((H5Tget_class(member) == H5T_ENUM) == (field.kind == Kind::enumeration));
      if (field.kind == Kind::enumeration) {
        REQUIRE(H5Tget_nmembers(member) == static_cast<int>(field.labels->labels.size()));
        for (unsigned code = 0; code < field.labels->labels.size(); ++code) {
          char* label = H5Tget_member_name(member, code);
          CHECK(std::string(label) == field.labels->labels[code]);
          H5free_memory(label);
        }
      }
      H5Tclose(member);
    }
  }
}

TEST_CASE("a result file says every field's unit and labels, and /labels comes from the tables") {
  const fs::path dir =
      fs::temp_directory_path() / ("clearsim-fields-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / "r.h5").string();
  write_small_file(path);
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  for (const recording::TableSpec& table : recording::all_tables()) {
    const std::string group = table.level == recording::Level::replication
                                  ? "runs/baseline/replication_0000/"
                              : table.level == recording::Level::regime ? "runs/baseline/"
                                                                        : "flat/";
    const std::string name = group + std::string(table.name);
    CAPTURE(name);
    const hid_t d = H5Dopen2(f, name.c_str(), H5P_DEFAULT);
    REQUIRE(d >= 0);
    CHECK(string_list_attribute(d, "units") == expected_units(table));
    CHECK(string_list_attribute(d, "labels") == expected_labels(table));
    H5Dclose(d);
  }
  for (const model::fields::LabelSet* set : recording::all_label_sets()) {
    const std::string name = "labels/" + std::string(set->name);
    CAPTURE(name);
    // Label sets the run supplies: the districts, agencies and regimes of the provenance.
    const std::vector<std::string> values =
        !set->labels.empty() ? std::vector<std::string>(set->labels.begin(), set->labels.end())
        : set == &model::fields::kAgencies ? std::vector<std::string>{"customs", "ciq"}
        : set == &recording::kRegime       ? std::vector<std::string>{"baseline"}
                                           : std::vector<std::string>{"north", "south"};
    CHECK(strings(f, name) == values);
    const hid_t d = H5Dopen2(f, name.c_str(), H5P_DEFAULT);
    std::string coding;
    {
      const hid_t a = H5Aopen(d, "coding", H5P_DEFAULT);
      const hid_t type = H5Aget_type(a);
      char* value = nullptr;
      REQUIRE(H5Aread(a, type, &value) >= 0);
      coding = value;
      H5free_memory(value);
      H5Tclose(type);
      H5Aclose(a);
    }
    CHECK(coding == (set->bits ? "bits" : "index"));
    H5Dclose(d);
  }
  H5Fclose(f);
  fs::remove_all(dir);
}

// The generated part of docs/output.md: from the BEGIN marker to the end of the END line.
static std::pair<std::size_t, std::size_t> generated_part(const std::string& doc) {
  const std::size_t begin = doc.find(recording::kReferenceBegin);
  const std::size_t end = doc.find(recording::kReferenceEnd, begin);
  REQUIRE_MESSAGE(end != std::string::npos, "docs/output.md lacks the GENERATED markers");
  return {begin, doc.find('\n', end) + 1 - begin};
}

TEST_CASE("docs/output.md holds the generated field tables") {
  const auto path = kSourceRoot / "docs/output.md";
  const std::string generated = recording::output_reference_markdown();
  if (std::getenv("CLEARSIM_UPDATE_DOCS")) {
    std::string doc = read(path);
    const auto [begin, length] = generated_part(doc);
    std::ofstream(path, std::ios::binary) << doc.replace(begin, length, generated);
  }
  const std::string doc = read(path);
  const auto [begin, length] = generated_part(doc);
  const bool up_to_date = doc.substr(begin, length) == generated;  // CHECK(==) would print both
  CHECK_MESSAGE(up_to_date,
                "docs/output.md's field tables are out of date: run "
                "CLEARSIM_UPDATE_DOCS=1 build/tests/test_record_fields");
}

TEST_CASE("the generated tables name every field, its unit and its labels") {
  const std::string doc = recording::output_reference_markdown();
  CHECK(doc.find("| `arrival` | float64 | h | vessel arrival") != std::string::npos);
  CHECK(doc.find("| `checks` | uint16, bits named in `/labels/checks` |") != std::string::npos);
  CHECK(doc.find("| `district` | uint16, index into `/labels/district` |") != std::string::npos);
  CHECK(doc.find("`scanned` (1), `opened` (2)") != std::string::npos);
  for (const recording::TableSpec& table : recording::all_tables())
    for (const Field& field : table.fields)
      CHECK(doc.find("| `" + std::string(field.name) + "` |") != std::string::npos);
}
