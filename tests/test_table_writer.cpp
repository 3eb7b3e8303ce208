// Record tables written a chunk at a time, encoded off the writing thread (ChunkEncoder):
// the chunks are byte for byte what HDF5's own filters (shuffle, deflate, Fletcher32) make of
// the same rows, so any HDF5 reader decodes them, and they read back as the rows written.
#include <doctest/doctest.h>
#include <hdf5.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/recording/table_writer.hpp"

using namespace clearsim;
namespace fs = std::filesystem;

namespace {

// Rows with every field set, the padding bytes of the struct left as garbage (0xAB): packing
// must drop them.
std::vector<model::ContainerRecord> containers(std::size_t n) {
  std::vector<model::ContainerRecord> rows(n);
  std::memset(static_cast<void*>(rows.data()), 0xAB, n * sizeof(model::ContainerRecord));
  for (std::size_t i = 0; i < n; ++i) {
    auto& r = rows[i];
    r.id = i * 7919;
    r.vessel = i / 300;
    r.district = static_cast<std::uint16_t>(i % 5);
    r.direction = static_cast<model::Direction>(i % 3);
    r.cargo = model::CargoClass::general;
    r.credit = model::CreditClass::ordinary;
    r.channel = model::Channel::green;
    r.checks = static_cast<std::uint16_t>(i % 17);
    r.selected = static_cast<model::AgencySet>(i % 4);
    r.opened_by = 0;
    r.moves = static_cast<std::uint8_t>(i % 6);
    r.arrival = 0.37 * static_cast<double>(i);
    r.manifest = r.arrival + 1.5;
    r.delivery_order = r.arrival + 2.25;
    r.permits = r.arrival + 3.0;
    r.prepared = r.arrival + 4.0;
    r.declared = r.arrival + 4.5 + static_cast<double>(i % 11) / 7.0;
    r.arrival_reported = model::kNotReached;
    r.risk_assigned = r.declared + 0.1;
    r.present = r.arrival + 6.0;
    r.checks_done = r.present + 0.5;
    r.duties_paid = r.checks_done;
    r.released = r.checks_done + 0.25;
    r.rail_yard = model::kNotReached;
    r.rail_checked = model::kNotReached;
    r.departed = r.released + 30.0;
    r.ready = model::kNotReached;
    r.trader_cost = static_cast<double>(i % 1000);
    r.waived_cost = 0;
  }
  return rows;
}

struct TempFile {
  fs::path path;
  explicit TempFile(const std::string& name)
      : path(fs::temp_directory_path() /
             ("clearsim-table-writer-" + std::to_string(::getpid()) + "-" + name + ".h5")) {}
  ~TempFile() { fs::remove(path); }
};

// The raw bytes of chunk `index` of `dataset` as stored, and its filter mask.
std::vector<unsigned char> stored_chunk(hid_t dataset, hsize_t index, std::uint32_t* mask) {
  const hsize_t offset = index * recording::kChunkRows;
  hsize_t size = 0;
  REQUIRE(H5Dget_chunk_storage_size(dataset, &offset, &size) >= 0);
  std::vector<unsigned char> bytes(size);
  REQUIRE(H5Dread_chunk(dataset, H5P_DEFAULT, &offset, mask, bytes.data()) >= 0);
  return bytes;
}

// Writes `rows` twice into one file: table `filtered` through HDF5's filters (H5Dwrite),
// table `encoded` through ChunkEncoder and H5Dwrite_chunk.
void write_both(const std::string& path, const std::vector<model::ContainerRecord>& rows,
                int level) {
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(file >= 0);
  {
    auto spec = recording::table_spec<model::ContainerRecord>(recording::Level::replication);
    spec.name = "filtered";
    recording::TableWriter filtered(file, spec, level);
    filtered.append(rows.data(), rows.size());
    filtered.close();
    spec.name = "encoded";
    recording::TableWriter encoded(file, spec, level);
    for (std::size_t start = 0; start < rows.size(); start += recording::kChunkRows) {
      const std::size_t n = std::min<std::size_t>(recording::kChunkRows, rows.size() - start);
      encoded.append_encoded(encoded.encoder().encode(rows.data() + start, n));
    }
    encoded.close();
  }
  REQUIRE(H5Fclose(file) >= 0);
}

}  // namespace

TEST_CASE("Fletcher32 is HDF5's: known values") {
  // Sums over big-endian 16-bit words: "ab" is the word 0x6162.
  const unsigned char ab[] = {'a', 'b'};
  CHECK(recording::fletcher32(ab, 2) == ((0x6162u << 16) | 0x6162u));
  // An odd last byte is the high byte of a word: "abc" is 0x6162, 0x6300.
  const unsigned char abc[] = {'a', 'b', 'c'};
  const std::uint32_t sum1 = 0x6162 + 0x6300, sum2 = 0x6162 + sum1;
  CHECK(recording::fletcher32(abc, 3) == (((sum2 & 0xffff) + (sum2 >> 16)) << 16 | sum1));
}

TEST_CASE("encoded chunks are the bytes HDF5's filters store, at every compression level") {
  const std::size_t n = 2 * recording::kChunkRows + 1234;  // two whole chunks and a partial one
  const auto rows = containers(n);
  for (const int level : {0, 1, 6}) {
    INFO("compression level ", level);
    TempFile tmp("level" + std::to_string(level));
    write_both(tmp.path.string(), rows, level);
    const hid_t file = H5Fopen(tmp.path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(file >= 0);
    const hid_t filtered = H5Dopen2(file, "filtered", H5P_DEFAULT);
    const hid_t encoded = H5Dopen2(file, "encoded", H5P_DEFAULT);
    REQUIRE(filtered >= 0);
    REQUIRE(encoded >= 0);
    for (hsize_t chunk = 0; chunk < 3; ++chunk) {
      INFO("chunk ", chunk);
      std::uint32_t mask_filtered = 99, mask_encoded = 99;
      const auto a = stored_chunk(filtered, chunk, &mask_filtered);
      const auto b = stored_chunk(encoded, chunk, &mask_encoded);
      CHECK(mask_filtered == 0);
      CHECK(mask_encoded == 0);
      CHECK(a.size() == b.size());
      CHECK(a == b);
    }
    // Read back through HDF5 (filters, checksum, conversion to the memory type): the rows.
    const auto type = recording::row_type(
        recording::table_spec<model::ContainerRecord>(recording::Level::replication));
    std::vector<model::ContainerRecord> back(n);
    std::memset(static_cast<void*>(back.data()), 0xAB, n * sizeof(model::ContainerRecord));
    REQUIRE(H5Dread(encoded, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, back.data()) >= 0);
    CHECK(std::memcmp(back.data(), rows.data(), n * sizeof(model::ContainerRecord)) == 0);
    hsize_t extent = 0;
    const hid_t space = H5Dget_space(encoded);
    H5Sget_simple_extent_dims(space, &extent, nullptr);
    CHECK(extent == n);
    H5Sclose(space);
    H5Dclose(filtered);
    H5Dclose(encoded);
    H5Fclose(file);
  }
}

TEST_CASE("a chunk after a table's last, partial chunk is refused") {
  TempFile tmp("partial");
  const hid_t file = H5Fcreate(tmp.path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  REQUIRE(file >= 0);
  {
    recording::TableWriter table(
        file, recording::table_spec<model::ContainerRecord>(recording::Level::replication), 1);
    const auto rows = containers(10);
    table.append_encoded(table.encoder().encode(rows.data(), rows.size()));
    CHECK_THROWS_AS(table.append_encoded(table.encoder().encode(rows.data(), rows.size())),
                    std::logic_error);
    CHECK_THROWS_AS(table.encoder().encode(rows.data(), 0), std::logic_error);
  }
  H5Fclose(file);
}
