// HDF5 result files: the layout of docs/output.md, provenance, data independent of the
// number of threads, atomic writing and no clobbering, checksums on every table (and merge
// refusing damaged shards), and HDF5 failures that say what happened.
#include <doctest/doctest.h>
#include <hdf5.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/experiment/runner.hpp"
#include "sim/recording/merge.hpp"
#include "sim/recording/result_file.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/support/hdf5_reading.hpp"

using namespace clearsim;
namespace fs = std::filesystem;

namespace {

const std::string kScenario = std::string(CLEARSIM_SOURCE_DIR) + "/tests/scenarios/minimal.yaml";

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("clearsim-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

struct Written {
  std::vector<std::vector<experiment::ReplicationResult>> results;
};

// Runs two regimes x two replications of the minimal scenario into `path` (or this shard's
// share of them).
Written write_results(const std::string& path, int jobs, bool overwrite = false,
                      int shard_index = 0, int shard_count = 1) {
  const auto scenario = scenario::Scenario::load(kScenario);
  experiment::RunPlan plan;
  plan.configs = {scenario.config("baseline"), scenario.config("reform")};
  plan.options.seed = 7;
  plan.options.horizon = 4 * 24.0;
  plan.options.warmup = 24.0;
  plan.options.sample_interval = 6.0;
  plan.replications = 2;
  plan.jobs = jobs;
  plan.shard_index = shard_index;
  plan.shard_count = shard_count;
  recording::Provenance provenance;
  provenance.program = "clearsim test";
  provenance.command_line = "test";
  provenance.scenario_name = plan.configs[0].name;
  provenance.scenario_file = kScenario;
  provenance.scenario_text = scenario.text();
  provenance.seed = plan.options.seed;
  provenance.replications = plan.replications;
  provenance.regimes = {"baseline", "reform"};
  provenance.horizon_hours = plan.options.horizon;
  provenance.warmup_hours = plan.options.warmup;
  provenance.sample_interval_hours = plan.options.sample_interval;
  for (const auto& d : plan.configs[0].districts)
    provenance.districts.push_back(d.name);
  for (const auto& a : plan.configs[0].agencies)
    provenance.agencies.push_back(a.name);
  recording::ResultFile file(path, overwrite, provenance);
  for (const auto& c : plan.configs)
    file.add_regime(c.regime, "", model::resource_plan(c));
  Written w{experiment::run_plan(plan, &file, nullptr)};
  file.commit();
  return w;
}

hsize_t rows(hid_t file, const std::string& dataset) {
  const hid_t d = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  REQUIRE(d >= 0);
  const hid_t space = H5Dget_space(d);
  const hsize_t n = static_cast<hsize_t>(H5Sget_simple_extent_npoints(space));
  H5Sclose(space);
  H5Dclose(d);
  return n;
}

std::string string_attribute(hid_t object, const char* name) {
  const hid_t a = H5Aopen(object, name, H5P_DEFAULT);
  REQUIRE(a >= 0);
  const hid_t type = H5Aget_type(a);
  char* value = nullptr;
  REQUIRE(H5Aread(a, type, &value) >= 0);
  std::string s = value;
  H5free_memory(value);
  H5Tclose(type);
  H5Aclose(a);
  return s;
}

// Files in `dir` other than `keep` (temporary files, lock files).
std::vector<std::string> leftovers(const TempDir& dir, const std::string& keep = "") {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path))
    if (entry.path().filename() != keep) names.push_back(entry.path().filename().string());
  return names;
}

}  // namespace

TEST_CASE("SHA-256 matches the FIPS 180-2 test vector") {
  CHECK(recording::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("a result file has the documented layout and provenance") {
  TempDir dir;
  const std::string path = (dir.path / "r.h5").string();
  const Written w = write_results(path, 1);
  CHECK(fs::exists(path));
  CHECK(leftovers(dir, "r.h5").empty());  // no temporary file, no lock file

  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  CHECK(string_attribute(f, "format") == "clearsim-results");
  const hid_t prov = H5Gopen2(f, "provenance", H5P_DEFAULT);
  const auto scenario = scenario::Scenario::load(kScenario);
  CHECK(string_attribute(prov, "scenario_sha256") == recording::sha256_hex(scenario.text()));
  CHECK(string_attribute(prov, "regimes") == "baseline,reform");
  H5Gclose(prov);
  for (const char* label : {"direction", "cargo", "credit", "channel", "resource_kind", "checks",
                            "district", "agency", "stage", "exam_kind"})
    CHECK(H5Lexists(f, (std::string("labels/") + label).c_str(), H5P_DEFAULT) > 0);
  for (const std::string regime : {"baseline", "reform"}) {
    CHECK(rows(f, "runs/" + regime + "/resources") > 0);
    for (const std::string rep : {"replication_0000", "replication_0001"}) {
      const std::string g = "runs/" + regime + "/" + rep + "/";
      CHECK(rows(f, g + "containers") > 100);
      CHECK(rows(f, g + "exams") > 0);
      CHECK(rows(f, g + "vessels") > 0);
      CHECK(rows(f, g + "resource_samples") > 0);
      CHECK(rows(f, g + "summary") == 6);
    }
  }
  // Every container of baseline replication 0 that arrived after the warm-up is counted
  // in the summary: the table holds at least that many rows.
  const auto& r0 = w.results[0][0];
  CHECK(rows(f, "runs/baseline/replication_0000/containers") >=
        r0.directions[0].cleared + r0.directions[1].cleared + r0.directions[2].cleared);
  H5Fclose(f);
}

TEST_CASE("the data do not depend on the number of threads") {
  TempDir dir;
  const std::string one = (dir.path / "one.h5").string(), two = (dir.path / "two.h5").string();
  write_results(one, 1);
  write_results(two, 2);
  const hid_t a = H5Fopen(one.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t b = H5Fopen(two.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  for (const std::string regime : {"baseline", "reform"})
    for (const std::string rep : {"replication_0000", "replication_0001"})
      for (const std::string table :
           {"containers", "exams", "vessels", "resource_samples", "summary"}) {
        const std::string name = "runs/" + regime + "/" + rep + "/" + table;
        INFO(name);
        const auto x = test::dataset_bytes(a, name), y = test::dataset_bytes(b, name);
        std::size_t first = 0;
        while (first < x.size() && first < y.size() && x[first] == y[first])
          ++first;
        INFO("sizes ", x.size(), " ", y.size(), ", first difference at byte ", first);
        CHECK(x == y);
      }
  H5Fclose(a);
  H5Fclose(b);
}

TEST_CASE("an existing result file is never replaced without overwrite") {
  TempDir dir;
  const std::string path = (dir.path / "keep.h5").string();
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("precious", f);
    std::fclose(f);
  }
  CHECK_THROWS_AS(write_results(path, 1), recording::OutputError);
  CHECK(fs::file_size(path) == 8);
  CHECK(leftovers(dir, "keep.h5").empty());
  write_results(path, 1, true);
  CHECK(fs::file_size(path) > 8);
}

TEST_CASE("an unwritable output is a clear error and leaves nothing behind") {
  TempDir dir;
  const std::string path = (dir.path / "no-such-dir" / "r.h5").string();
  try {
    write_results(path, 1);
    FAIL("expected OutputError");
  } catch (const recording::OutputError& e) {
    CHECK(std::string(e.what()).find("No such file or directory") != std::string::npos);
  }
  CHECK_FALSE(fs::exists(dir.path / "no-such-dir"));
}

TEST_CASE("a result file that is not committed leaves no file") {
  TempDir dir;
  const std::string path = (dir.path / "abandoned.h5").string();
  {
    recording::Provenance p;
    p.districts = {"d"};
    recording::ResultFile file(path, false, p);
    CHECK(
        fs::path(file.temporary_path()).filename().string().starts_with(".abandoned.h5.clearsim-"));
    CHECK(fs::exists(file.temporary_path()));
  }  // e.g. an exception unwound past it
  CHECK_FALSE(fs::exists(path));
  CHECK(leftovers(dir).empty());
}

TEST_CASE("every table carries Fletcher32 checksums") {
  TempDir dir;
  const std::string path = (dir.path / "r.h5").string();
  write_results(path, 1);
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  std::vector<std::string> tables = {"runs/baseline/resources"};
  for (const std::string table : {"containers", "vessels", "resource_samples", "summary"})
    tables.push_back("runs/reform/replication_0001/" + table);
  for (const auto& table : tables) {
    CAPTURE(table);
    const hid_t d = H5Dopen2(f, table.c_str(), H5P_DEFAULT);
    const hid_t create = H5Dget_create_plist(d);
    unsigned flags = 0;
    CHECK(H5Pget_filter_by_id2(create, H5Z_FILTER_FLETCHER32, &flags, nullptr, nullptr, 0, nullptr,
                               nullptr) >= 0);
    H5Pclose(create);
    H5Dclose(d);
  }
  H5Fclose(f);
}

// Zeroes 64 bytes in the middle of the first chunk of `dataset` (inside the compressed data).
void damage_first_chunk(const std::string& path, const std::string& dataset) {
  haddr_t address = 0;
  hsize_t size = 0;
  {
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    const hid_t d = H5Dopen2(f, dataset.c_str(), H5P_DEFAULT);
    const hid_t space = H5Dget_space(d);
    REQUIRE(H5Dget_chunk_info(d, space, 0, nullptr, nullptr, &address, &size) >= 0);
    H5Sclose(space);
    H5Dclose(d);
    H5Fclose(f);
  }
  REQUIRE(size > 200);
  std::FILE* file = std::fopen(path.c_str(), "r+b");
  REQUIRE(file);
  std::fseek(file, static_cast<long>(address + size / 2), SEEK_SET);
  const std::vector<char> zeros(64, 0);
  std::fwrite(zeros.data(), 1, zeros.size(), file);
  std::fclose(file);
}

TEST_CASE("merge reads every chunk it copies and refuses a damaged shard") {
  TempDir dir;
  const std::string p0 = (dir.path / "p0.h5").string(), p1 = (dir.path / "p1.h5").string();
  const std::string merged = (dir.path / "merged.h5").string();
  write_results(p0, 1, false, 0, 2);
  write_results(p1, 1, false, 1, 2);
  damage_first_chunk(p1, "runs/reform/replication_0001/containers");
  try {
    recording::merge_result_files(merged, {p0, p1}, false);
    FAIL("a damaged shard was merged");
  } catch (const recording::OutputError& e) {
    const std::string message = e.what();
    CHECK(message.starts_with(p1 + ": runs/reform/replication_0001/containers is damaged"));
    CHECK(message.find("Fletcher32") != std::string::npos);
  }
  CHECK_FALSE(fs::exists(merged));
  CHECK(leftovers(dir).size() == 2);  // the shards, and nothing else
}

TEST_CASE("an HDF5 failure says what happened, and 'disk full' only when the disk is") {
  TempDir dir;
  const std::string path = (dir.path / "r.h5").string();
  recording::Provenance p;
  p.districts = {"d"};
  recording::ResultFile file(path, false, p);
  file.add_regime("baseline", "", {});
  try {
    file.add_regime("baseline", "", {});
    FAIL("a regime was added twice");
  } catch (const recording::OutputError& e) {
    CHECK(std::string(e.what()) ==
          path + ": HDF5: creating group runs/baseline failed: name already exists");
    CHECK(e.error_number() == 0);
  }
}
