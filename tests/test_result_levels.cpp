// What a result file holds (--record), how big it gets (the estimate printed before a run),
// the /flat tables (one dataset across regimes and replications, equal to the replication
// tables and kept correct by `clearsim merge`), the pool-use table and the pools' labels.
#include <doctest/doctest.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "sim/experiment/runner.hpp"
#include "sim/recording/merge.hpp"
#include "sim/recording/result_file.hpp"
#include "sim/recording/size_estimate.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/support/hdf5_reading.hpp"

using namespace clearsim;
namespace fs = std::filesystem;

namespace {

const std::string kMinimal = std::string(CLEARSIM_SOURCE_DIR) + "/tests/scenarios/minimal.yaml";
const std::string kTianjin = std::string(CLEARSIM_SOURCE_DIR) + "/scenarios/tianjin.yaml";

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("clearsim-levels-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

struct Run {
  std::string scenario = kMinimal;
  std::vector<std::string> regimes = {"baseline", "reform"};
  double horizon = 4 * 24.0;
  int replications = 2;
  recording::RecordLevel record = recording::RecordLevel::boxes;
  int compression = 1;
  int shard_index = 0, shard_count = 1;
};

experiment::RunPlan plan_of(const Run& run, const scenario::Scenario& scenario) {
  experiment::RunPlan plan;
  for (const auto& r : run.regimes)
    plan.configs.push_back(scenario.config(r));
  plan.options.seed = 11;
  plan.options.horizon = run.horizon;
  plan.options.warmup = run.horizon / 4;
  plan.options.sample_interval = 6.0;
  plan.replications = run.replications;
  plan.jobs = 2;
  plan.shard_index = run.shard_index;
  plan.shard_count = run.shard_count;
  return plan;
}

recording::Provenance provenance_of(const Run& run, const experiment::RunPlan& plan,
                                    const scenario::Scenario& scenario) {
  recording::Provenance p;
  p.program = "clearsim test";
  p.command_line = "test";
  p.scenario_name = plan.configs[0].name;
  p.scenario_file = run.scenario;
  p.scenario_text = scenario.text();
  p.seed = plan.options.seed;
  p.replications = plan.replications;
  p.regimes = run.regimes;
  p.horizon_hours = plan.options.horizon;
  p.warmup_hours = plan.options.warmup;
  p.sample_interval_hours = plan.options.sample_interval;
  for (const auto& d : plan.configs[0].districts)
    p.districts.push_back(d.name);
  for (const auto& a : plan.configs[0].agencies)
    p.agencies.push_back(a.name);
  for (const auto& s : plan.configs[0].sites)
    p.inspection_sites.push_back(s.name);
  p.record = run.record;
  p.compression_level = run.compression;
  return p;
}

void write(const std::string& path, const Run& run) {
  const auto scenario = scenario::Scenario::load(run.scenario);
  const auto plan = plan_of(run, scenario);
  recording::ResultFile file(path, false, provenance_of(run, plan, scenario));
  for (const auto& c : plan.configs)
    file.add_regime(c.regime, "", model::resource_plan(c));
  experiment::run_plan(plan, &file, nullptr);
  file.commit();
}

double estimate(const Run& run) {
  const auto scenario = scenario::Scenario::load(run.scenario);
  auto in = experiment::size_inputs(plan_of(run, scenario));
  in.record = run.record;
  in.compression_level = run.compression;
  in.scenario_bytes = scenario.text().size();
  return recording::estimate_file_bytes(in);
}

struct File {
  hid_t id;
  explicit File(const std::string& path) : id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)) {
    REQUIRE(id >= 0);
  }
  ~File() { H5Fclose(id); }
};

std::set<std::string> children(hid_t file, const std::string& group) {
  std::set<std::string> names;
  const hid_t g = H5Gopen2(file, group.c_str(), H5P_DEFAULT);
  REQUIRE(g >= 0);
  H5Literate(
      g, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
        static_cast<std::set<std::string>*>(data)->insert(name);
        return 0;
      },
      &names);
  H5Gclose(g);
  return names;
}

std::vector<std::string> strings_attribute(hid_t file, const std::string& dataset,
                                           const char* name) {
  const hid_t d = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  const hid_t a = H5Aopen(d, name, H5P_DEFAULT);
  REQUIRE(a >= 0);
  const hid_t type = H5Aget_type(a);
  const hid_t space = H5Aget_space(a);
  std::vector<char*> raw(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  REQUIRE(H5Aread(a, type, raw.data()) >= 0);
  std::vector<std::string> values(raw.begin(), raw.end());
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw.data());
  H5Sclose(space);
  H5Tclose(type);
  H5Aclose(a);
  H5Dclose(d);
  return values;
}

std::vector<std::string> field_names(hid_t file, const std::string& dataset) {
  const hid_t d = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  const hid_t type = H5Dget_type(d);
  std::vector<std::string> names;
  for (int i = 0; i < H5Tget_nmembers(type); ++i) {
    char* name = H5Tget_member_name(type, static_cast<unsigned>(i));
    names.emplace_back(name);
    H5free_memory(name);
  }
  H5Tclose(type);
  H5Dclose(d);
  return names;
}

template <class T>
std::vector<T> numbers_attribute(hid_t file, const std::string& dataset, const char* name,
                                 hid_t type) {
  const hid_t d = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  const hid_t a = H5Aopen(d, name, H5P_DEFAULT);
  REQUIRE(a >= 0);
  const hid_t space = H5Aget_space(a);
  std::vector<T> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  REQUIRE(H5Aread(a, type, values.data()) >= 0);
  H5Sclose(space);
  H5Aclose(a);
  H5Dclose(d);
  return values;
}

const std::vector<std::string> kReplications = {"replication_0000", "replication_0001"};

}  // namespace

TEST_CASE("each --record level writes exactly the tables it promises") {
  TempDir dir;
  const std::set<std::string> summary = {"summary", "pool_use"};
  std::set<std::string> vessels = summary, boxes;
  vessels.insert({"vessels", "resource_samples"});
  boxes = vessels;
  boxes.insert({"containers", "exams"});
  const std::set<std::string> flat_tables = {"summary", "pool_use", "resources", "parts"};
  for (const auto& [level, expected] : {std::pair{recording::RecordLevel::summary, summary},
                                        std::pair{recording::RecordLevel::vessels, vessels},
                                        std::pair{recording::RecordLevel::boxes, boxes}}) {
    const std::string name = recording::kRecordLevelNames[static_cast<int>(level)];
    CAPTURE(name);
    const std::string path = (dir.path / (name + ".h5")).string();
    Run run;
    run.record = level;
    write(path, run);
    File f(path);
    for (const std::string regime : {"baseline", "reform"}) {
      CHECK(children(f.id, "runs/" + regime) ==
            std::set<std::string>{"resources", "replication_0000", "replication_0001"});
      for (const auto& rep : kReplications)
        CHECK(children(f.id, "runs/" + regime + "/" + rep) == expected);
    }
    // /flat: the summary tables, and a virtual dataset per record table recorded.
    std::set<std::string> flat = flat_tables;
    for (const auto& table : expected)
      flat.insert(table);
    CHECK(children(f.id, "flat") == flat);
  }
}

TEST_CASE("the size estimate is within a factor of 2 of the file's size at every level") {
  TempDir dir;
  for (const std::string& scenario : {kMinimal, kTianjin}) {
    for (int level = 0; level < 3; ++level) {
      for (int compression : {0, 1}) {
        Run run;
        run.scenario = scenario;
        if (scenario == kTianjin) {
          run.regimes = {"baseline", "joint_inspection"};
          run.horizon = 2 * 24.0;
        }
        run.record = static_cast<recording::RecordLevel>(level);
        run.compression = compression;
        const std::string path =
            (dir.path / ("e" + std::to_string(level) + std::to_string(compression) + ".h5"))
                .string();
        write(path, run);
        const double real = static_cast<double>(fs::file_size(path));
        const double expected = estimate(run);
        CAPTURE(scenario);
        CAPTURE(level);
        CAPTURE(compression);
        CAPTURE(real);
        CAPTURE(expected);
        CHECK(expected > real / 2);
        CHECK(expected < real * 2);
        fs::remove(path);
      }
    }
  }
}

TEST_CASE("the flat tables hold every regime's and replication's rows, in order") {
  TempDir dir;
  const std::string path = (dir.path / "r.h5").string();
  write(path, Run{});
  File f(path);
  const std::vector<std::string> regimes = {"baseline", "reform"};
  // Summary and pool use: `regime` and `replication`, then the replication table's fields.
  for (const std::string table : {"summary", "pool_use"}) {
    CAPTURE(table);
    const auto fields = field_names(f.id, "flat/" + table);
    const auto own = field_names(f.id, "runs/baseline/replication_0000/" + table);
    REQUIRE(fields.size() == own.size() + 2);
    CHECK(fields[0] == "regime");
    CHECK(fields[1] == "replication");
    CHECK(std::equal(own.begin(), own.end(), fields.begin() + 2));
    // Row k of the flat table = its key + row k of the replication tables in order.
    const auto flat = test::dataset_bytes(f.id, "flat/" + table);
    const std::size_t key = 2 + 4;  // packed uint16 regime + uint32 replication
    std::size_t offset = 0;
    for (std::size_t g = 0; g < regimes.size(); ++g) {
      for (std::uint32_t r = 0; r < 2; ++r) {
        const auto rows =
            test::dataset_bytes(f.id, "runs/" + regimes[g] + "/" + kReplications[r] + "/" + table);
        std::size_t own_row = 0;
        {
          const hid_t d =
              H5Dopen2(f.id, ("runs/" + regimes[g] + "/" + kReplications[r] + "/" + table).c_str(),
                       H5P_DEFAULT);
          const hid_t t = H5Dget_type(d);
          own_row = H5Tget_size(t);
          H5Tclose(t);
          H5Dclose(d);
        }
        for (std::size_t k = 0; k < rows.size() / own_row; ++k) {
          std::uint16_t regime = 0;
          std::uint32_t replication = 0;
          std::memcpy(&regime, flat.data() + offset, 2);
          std::memcpy(&replication, flat.data() + offset + 2, 4);
          CHECK(regime == g);
          CHECK(replication == r);
          CHECK(std::equal(rows.begin() + k * own_row, rows.begin() + (k + 1) * own_row,
                           flat.begin() + offset + key));
          offset += key + own_row;
        }
      }
    }
    CHECK(offset == flat.size());
  }
  // The record tables: virtual datasets over the replications' rows, in the order of
  // ReplicationRecords (the columns of /flat/parts).
  std::vector<std::vector<std::uint64_t>> parts;  // [table][group]: bytes
  std::vector<std::size_t> row_sizes;
  for (const std::string table : {"containers", "exams", "vessels", "resource_samples"}) {
    CAPTURE(table);
    std::vector<unsigned char> stacked;
    std::vector<std::uint64_t> rows;
    for (const auto& regime : regimes)
      for (const auto& rep : kReplications) {
        const auto part = test::dataset_bytes(f.id, "runs/" + regime + "/" + rep + "/" + table);
        stacked.insert(stacked.end(), part.begin(), part.end());
        rows.push_back(part.size());
      }
    CHECK(test::dataset_bytes(f.id, "flat/" + table) == stacked);
    const hid_t d = H5Dopen2(f.id, ("flat/" + table).c_str(), H5P_DEFAULT);
    const hid_t t = H5Dget_type(d);
    row_sizes.push_back(H5Tget_size(t));
    H5Tclose(t);
    H5Dclose(d);
    parts.push_back(rows);
  }
  // /flat/parts: one row per group in order, its rows in each record table.
  const auto index = test::dataset_bytes(f.id, "flat/parts");
  const std::size_t row = 2 + 4 + 4 * 8;  // packed: regime, replication, four counts
  REQUIRE(index.size() == 4 * row);
  for (std::size_t i = 0; i < 4; ++i) {
    std::uint16_t regime = 0;
    std::uint32_t replication = 0;
    std::memcpy(&regime, index.data() + i * row, 2);
    std::memcpy(&replication, index.data() + i * row + 2, 4);
    CHECK(regime == i / 2);
    CHECK(replication == i % 2);
    for (std::size_t k = 0; k < 4; ++k) {
      std::uint64_t count = 0;
      std::memcpy(&count, index.data() + i * row + 6 + 8 * k, 8);
      CHECK(count * row_sizes[k] == parts[k][i]);
    }
  }
  // /labels/regime names the codes.
  const hid_t d = H5Dopen2(f.id, "labels/regime", H5P_DEFAULT);
  REQUIRE(d >= 0);
  H5Dclose(d);
}

TEST_CASE("every time and cost field carries its unit, in the flat tables too") {
  TempDir dir;
  const std::string path = (dir.path / "r.h5").string();
  write(path, Run{});
  File f(path);
  // The unit of each field, as the replication and regime tables state it.
  const auto units_of = [&](const std::string& dataset) {
    const auto names = field_names(f.id, dataset);
    const auto units = strings_attribute(f.id, dataset, "units");
    REQUIRE(units.size() == names.size());
    std::vector<std::pair<std::string, std::string>> pairs;
    for (std::size_t i = 0; i < names.size(); ++i)
      pairs.emplace_back(names[i], units[i]);
    return pairs;
  };
  const std::string rep = "runs/baseline/replication_0000/";
  for (const std::string table :
       {"containers", "exams", "vessels", "resource_samples", "summary", "pool_use"}) {
    CAPTURE(table);
    auto own = units_of(rep + table);
    auto flat = units_of("flat/" + table);
    if (table == "summary" || table == "pool_use") {
      CHECK(flat[0] == std::pair<std::string, std::string>{"regime", ""});
      CHECK(flat[1] == std::pair<std::string, std::string>{"replication", ""});
      flat.erase(flat.begin(), flat.begin() + 2);
    }
    CHECK(flat == own);
  }
  const auto has_unit = [&](const std::string& dataset, const std::string& field,
                            const std::string& unit) {
    for (const auto& [name, u] : units_of(dataset))
      if (name == field) return u == unit;
    return false;
  };
  CHECK(has_unit("flat/containers", "released", "h"));
  CHECK(has_unit("flat/containers", "trader_cost", "CNY"));
  CHECK(has_unit("flat/containers", "waived_cost", "CNY"));
  CHECK(has_unit("flat/summary", "p95", "h"));
  CHECK(has_unit("flat/pool_use", "mean_wait", "h"));
  CHECK(has_unit("flat/pool_use", "available_hours", "h"));
  CHECK(has_unit("flat/resource_samples", "time", "h"));
  CHECK(has_unit("flat/vessels", "berthed", "h"));
}

TEST_CASE("pool use: one row per pool, flagged at the stored saturation threshold") {
  TempDir dir;
  const std::string path = (dir.path / "r.h5").string();
  Run run;
  run.scenario = kTianjin;
  run.regimes = {"baseline"};
  run.horizon = 2 * 24.0;
  run.record = recording::RecordLevel::summary;
  write(path, run);
  File f(path);
  const auto scenario = scenario::Scenario::load(kTianjin);
  const auto plan = model::resource_plan(scenario.config("baseline"));
  for (const std::string table : {"runs/baseline/replication_0001/pool_use", "flat/pool_use"}) {
    CAPTURE(table);
    CHECK(numbers_attribute<double>(f.id, table, recording::kSaturationAttribute,
                                    H5T_NATIVE_DOUBLE) == std::vector<double>{0.9});
  }
  // Read the rows in their in-memory type.
  const hid_t d = H5Dopen2(f.id, "runs/baseline/replication_0001/pool_use", H5P_DEFAULT);
  const hid_t memory = H5Tcreate(H5T_COMPOUND, sizeof(recording::PoolUseRow));
  H5Tinsert(memory, "resource", offsetof(recording::PoolUseRow, resource), H5T_NATIVE_UINT32);
  H5Tinsert(memory, "utilisation", offsetof(recording::PoolUseRow, utilisation), H5T_NATIVE_DOUBLE);
  H5Tinsert(memory, "saturated", offsetof(recording::PoolUseRow, saturated), H5T_NATIVE_UINT8);
  std::vector<recording::PoolUseRow> rows(plan.pools.size() + 1);
  const hid_t space = H5Dget_space(d);
  REQUIRE(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)) == plan.pools.size());
  REQUIRE(H5Dread(d, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()) >= 0);
  H5Sclose(space);
  H5Tclose(memory);
  H5Dclose(d);
  int busy = 0;
  for (std::size_t i = 0; i < plan.pools.size(); ++i) {
    CAPTURE(plan.pools[i].name);
    CHECK(rows[i].resource == i);
    CHECK(rows[i].saturated == (rows[i].utilisation >= 0.9 ? 1 : 0));
    CHECK(rows[i].utilisation >= 0);
    busy += rows[i].utilisation > 0.05;
  }
  CHECK(busy > 5);  // the port is working: berths, officers, teams in use
}

TEST_CASE("the pools carry the names of their district, site and agency") {
  TempDir dir;
  const std::string path = (dir.path / "r.h5").string();
  Run run;
  run.scenario = kTianjin;
  run.regimes = {"baseline"};
  run.horizon = 24.0;
  run.replications = 1;
  run.record = recording::RecordLevel::summary;
  write(path, run);
  File f(path);
  const auto config = scenario::Scenario::load(kTianjin).config("baseline");
  const auto plan = model::resource_plan(config);
  const hid_t d = H5Dopen2(f.id, "runs/baseline/resources", H5P_DEFAULT);
  const hid_t memory = H5Tcreate(H5T_COMPOUND, sizeof(recording::ResourceRow));
  const hid_t text = H5Tcopy(H5T_C_S1);
  H5Tset_size(text, 128);
  H5Tset_cset(text, H5T_CSET_UTF8);
  H5Tinsert(memory, "name", offsetof(recording::ResourceRow, name), text);
  H5Tinsert(memory, "district_name", offsetof(recording::ResourceRow, district_name), text);
  H5Tinsert(memory, "site_name", offsetof(recording::ResourceRow, site_name), text);
  H5Tinsert(memory, "agency_name", offsetof(recording::ResourceRow, agency_name), text);
  std::vector<recording::ResourceRow> rows(plan.pools.size());
  REQUIRE(H5Dread(d, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()) >= 0);
  H5Tclose(text);
  H5Tclose(memory);
  H5Dclose(d);
  int with_site = 0, with_agency = 0;
  for (std::size_t i = 0; i < plan.pools.size(); ++i) {
    const model::Pool& p = plan.pools[i];
    CAPTURE(p.name);
    CHECK(std::string(rows[i].name.data()) == p.name);
    CHECK(std::string(rows[i].district_name.data()) ==
          (p.district >= 0 ? config.districts[p.district].name : ""));
    CHECK(std::string(rows[i].site_name.data()) == (p.site >= 0 ? config.sites[p.site].name : ""));
    CHECK(std::string(rows[i].agency_name.data()) ==
          (p.agency >= 0 ? config.agencies[p.agency].name : ""));
    with_site += p.site >= 0;
    with_agency += p.agency >= 0;
  }
  CHECK(with_site > 0);
  CHECK(with_agency > 0);
}

TEST_CASE("merge builds the flat tables of the merged file as a single run's") {
  TempDir dir;
  const std::string whole = (dir.path / "whole.h5").string();
  const std::string p0 = (dir.path / "p0.h5").string(), p1 = (dir.path / "p1.h5").string();
  const std::string merged = (dir.path / "merged.h5").string();
  Run run;
  write(whole, run);
  run.shard_count = 2;
  write(p0, run);
  run.shard_index = 1;
  write(p1, run);
  recording::merge_result_files(merged, {p1, p0}, false);  // in any order
  File a(whole), b(merged);
  CHECK(children(a.id, "flat") == children(b.id, "flat"));
  for (const auto& table : children(a.id, "flat")) {
    CAPTURE(table);
    CHECK(test::dataset_bytes(a.id, "flat/" + table) == test::dataset_bytes(b.id, "flat/" + table));
    CHECK(strings_attribute(a.id, "flat/" + table, "units") ==
          strings_attribute(b.id, "flat/" + table, "units"));
  }
  // A shard's flat tables hold its own replications only: replication 0 of each regime.
  File s(p0);
  const auto index = test::dataset_bytes(s.id, "flat/parts");
  REQUIRE(index.size() == 2 * (2 + 4 + 4 * 8));
  std::uint32_t replication = 1;
  std::memcpy(&replication, index.data() + 2, 4);
  CHECK(replication == 0);
}

TEST_CASE("shards recorded at different levels are not merged") {
  TempDir dir;
  const std::string p0 = (dir.path / "p0.h5").string(), p1 = (dir.path / "p1.h5").string();
  Run run;
  run.shard_count = 2;
  write(p0, run);
  run.shard_index = 1;
  run.record = recording::RecordLevel::summary;
  write(p1, run);
  try {
    recording::merge_result_files((dir.path / "m.h5").string(), {p0, p1}, false);
    FAIL("shards of different --record levels were merged");
  } catch (const recording::OutputError& e) {
    CHECK(std::string(e.what()).find("provenance 'record' differs") != std::string::npos);
  }
}
