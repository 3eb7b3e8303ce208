#pragma once
// Writing a table of a result file from its field table (tables.hpp): the HDF5 row type is
// built from the fields, the dataset is chunked, shuffled, deflated and checksummed, and
// carries two attributes, one string per field in field order: `units` ("h" for times in
// hours, "" for none) and `labels` (the /labels dataset that names the field's codes, or "").
// Internal to the recording library, but for ChunkEncoder, which the experiment runner uses to
// compress chunks on its worker threads.
//
// Record tables are written a whole chunk at a time, already filtered: ChunkEncoder packs,
// shuffles, deflates (libdeflate, a zlib stream) and checksums a chunk in plain C++ (any
// thread: no HDF5 call), and TableWriter::append_encoded hands the bytes to H5Dwrite_chunk.
// The dataset keeps its filter pipeline, so readers (h5py, h5dump, HDF5 itself) decode the
// chunks as if HDF5 had written them; test_table_writer holds the bytes before deflate equal
// to those of HDF5's own filters (the deflated stream differs from zlib's: same rows).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/recording/h5.hpp"
#include "sim/recording/tables.hpp"

namespace clearsim::recording {

inline constexpr hsize_t kChunkRows = 8192;

// The HDF5 compound type of a table's rows, in memory (the writer packs it for the file).
h5::Datatype row_type(const TableSpec& table);

// A chunk of a record table as it lies in the file: kChunkRows packed rows (those past `rows`
// zero, as HDF5 fills them), shuffled and deflated unless the level is 0, then the Fletcher32
// checksum.
struct EncodedChunk {
  std::vector<unsigned char> bytes;
  std::size_t rows = 0;  // rows it holds: kChunkRows, but for a table's last chunk
};

// Encodes chunks of one table for the filters of its dataset (creation_properties): what
// HDF5's filters would store but for the deflate stream, libdeflate's at the same level
// (its levels 1-9 are on zlib's scale). Thread-safe: encode() calls no HDF5 function, and
// each thread has its own compressor.
class ChunkEncoder {
 public:
  ChunkEncoder(const TableSpec& table, int compression_level);
  // `count` (1..kChunkRows) rows of the table's record type, as they are in memory.
  EncodedChunk encode(const void* rows, std::size_t count) const;

  // Where each field goes: the packed row has the fields in the order of their offsets in
  // memory, without padding (what H5Tpack makes of the row type; TableWriter checks).
  struct Place {
    std::string_view name;
    std::size_t from = 0, to = 0, size = 0;  // offset in memory, offset packed, bytes
  };
  const std::vector<Place>& places() const { return places_; }
  std::size_t packed_row_size() const { return packed_size_; }
  int compression_level() const { return level_; }

 private:
  struct Run {  // fields adjacent both in memory and packed: one copy per row
    std::size_t from, to, size;
  };
  void pack(const unsigned char* rows, std::size_t count, unsigned char* out) const;

  std::size_t row_size_ = 0;
  std::size_t packed_size_ = 0;
  int level_ = 0;
  std::vector<Place> places_;
  std::vector<Run> runs_;
};

// Fletcher32 as HDF5 computes it (H5_checksum_fletcher32): over 16-bit big-endian words.
std::uint32_t fletcher32(const unsigned char* data, std::size_t size);

// The encoders of the record tables of `List` (a RecordList), in list order.
template <class... Records>
std::vector<ChunkEncoder> record_encoders(RecordList<Records...>, int compression_level) {
  return {ChunkEncoder(table_spec<Records>(Level::replication), compression_level)...};
}

// An extendible 1-D dataset of a table's rows, appended to in any number of pieces.
class TableWriter {
 public:
  TableWriter(hid_t group, const TableSpec& table, int compression_level);
  // Rows through HDF5's own conversion and filters (any count, any position).
  void append(const void* rows, std::size_t count);
  // A whole chunk, encoded by encoder(): written as it is (H5Dwrite_chunk). The table must
  // end on a chunk boundary, i.e. only its last chunk may hold fewer than kChunkRows rows.
  void append_encoded(const EncodedChunk& chunk);
  const ChunkEncoder& encoder() const { return encoder_; }
  void close();

 private:
  void check_layout(hid_t file_type) const;

  h5::Datatype type_;
  h5::Dataset dataset_;
  std::string name_;
  ChunkEncoder encoder_;
  hsize_t size_ = 0;
};

// A table of one record type, buffered a chunk at a time.
template <class Record>
class RecordTable {
 public:
  RecordTable(hid_t group, int compression_level)
      : writer_(group, table_spec<Record>(Level::replication), compression_level) {}
  void add(const Record& record) {
    buffer_.push_back(record);
    if (buffer_.size() == kChunkRows) flush();
  }
  // A chunk encoded elsewhere (ChunkEncoder of this table, same level), after the rows added.
  void add_encoded(const EncodedChunk& chunk) {
    flush();
    writer_.append_encoded(chunk);
  }
  void flush() {
    if (buffer_.empty()) return;
    writer_.append_encoded(writer_.encoder().encode(buffer_.data(), buffer_.size()));
    buffer_.clear();
  }
  void close() {
    flush();
    writer_.close();
  }

 private:
  TableWriter writer_;
  std::vector<Record> buffer_;
};

}  // namespace clearsim::recording
