// Record tables written a chunk at a time, encoded off the writing thread (ChunkEncoder):
// the chunks go through the dataset's own filters (shuffle, deflate, Fletcher32) when read,
// so any HDF5 reader decodes them, and they read back as the rows written. Uncompressed they
// are byte for byte what HDF5's filters store; deflated (libdeflate, not the filter's zlib)
// the stream differs, but it inflates to exactly the shuffled bytes HDF5 deflates, and the
// checksum after it is the one HDF5 computes over the stream.
#include <doctest/doctest.h>
#include <hdf5.h>
#include <zlib.h>

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

// Bytes of a ContainerRecord row as stored (packed, no padding).
std::size_t encoded_row_size() {
  return recording::ChunkEncoder(
             recording::table_spec<model::ContainerRecord>(recording::Level::replication), 1)
      .packed_row_size();
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

// What a stored chunk holds before deflate: the chunk without its checksum, inflated (zlib,
// as HDF5's deflate filter does), or as it is at level 0.
std::vector<unsigned char> inflated(const std::vector<unsigned char>& chunk, int level,
                                    std::size_t size) {
  REQUIRE(chunk.size() > 4);
  if (level == 0) return {chunk.begin(), chunk.end() - 4};
  std::vector<unsigned char> out(size);
  uLongf length = size;
  REQUIRE(uncompress(out.data(), &length, chunk.data(), chunk.size() - 4) == Z_OK);
  CHECK(length == size);
  return out;
}

// The Fletcher32 sum at the end of a stored chunk (little-endian) is that of the bytes before.
bool checksum_holds(const std::vector<unsigned char>& chunk) {
  const std::size_t body = chunk.size() - 4;
  std::uint32_t stored = 0;
  for (int b = 0; b < 4; ++b)
    stored |= std::uint32_t{chunk[body + b]} << (8 * b);
  return stored == recording::fletcher32(chunk.data(), body);
}

// The filters of a dataset's pipeline, in order, with the deflate level if any.
std::vector<unsigned> pipeline(hid_t dataset) {
  const hid_t create = H5Dget_create_plist(dataset);
  std::vector<unsigned> out;
  for (int i = 0; i < H5Pget_nfilters(create); ++i) {
    unsigned flags = 0, values[4] = {};
    std::size_t n = 4;
    out.push_back(static_cast<unsigned>(
        H5Pget_filter2(create, static_cast<unsigned>(i), &flags, &n, values, 0, nullptr, nullptr)));
    if (out.back() == H5Z_FILTER_DEFLATE) out.push_back(values[0]);
  }
  hsize_t chunk = 0;
  CHECK(H5Pget_chunk(create, 1, &chunk) == 1);
  out.push_back(static_cast<unsigned>(chunk));
  H5Pclose(create);
  return out;
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

TEST_CASE("encoded chunks decode to what HDF5's filters store, at every compression level") {
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
    // The same filters and chunking as HDF5's own table: readers need nothing new.
    const std::vector<unsigned> expected =
        level == 0 ? std::vector<unsigned>{H5Z_FILTER_FLETCHER32, recording::kChunkRows}
                   : std::vector<unsigned>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE,
                                           static_cast<unsigned>(level), H5Z_FILTER_FLETCHER32,
                                           recording::kChunkRows};
    CHECK(pipeline(filtered) == expected);
    CHECK(pipeline(encoded) == expected);
    const std::size_t raw = recording::kChunkRows * encoded_row_size();
    for (hsize_t chunk = 0; chunk < 3; ++chunk) {
      INFO("chunk ", chunk);
      std::uint32_t mask_filtered = 99, mask_encoded = 99;
      const auto a = stored_chunk(filtered, chunk, &mask_filtered);
      const auto b = stored_chunk(encoded, chunk, &mask_encoded);
      CHECK(mask_filtered == 0);  // every filter applied, none skipped
      CHECK(mask_encoded == 0);
      CHECK(checksum_holds(a));
      CHECK(checksum_holds(b));
      // Before deflate, the packed and shuffled rows are HDF5's to the byte.
      CHECK(inflated(b, level, raw) == inflated(a, level, raw));
      if (level == 0) CHECK(a == b);
      // Deflated, and not much larger than zlib's stream at the same level.
      if (level > 0) CHECK(b.size() < raw / 2);
      if (level > 0) CHECK(b.size() < a.size() + a.size() / 4);
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
