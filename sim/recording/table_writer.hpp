#pragma once
// Writing a table of a result file from its field table (tables.hpp): the HDF5 row type is
// built from the fields, the dataset is chunked, shuffled, deflated and checksummed, and
// carries two attributes, one string per field in field order: `units` ("h" for times in
// hours, "" for none) and `labels` (the /labels dataset that names the field's codes, or "").
// Internal to the recording library.
#include <string>
#include <vector>

#include "sim/recording/h5.hpp"
#include "sim/recording/tables.hpp"

namespace clearsim::recording {

inline constexpr hsize_t kChunkRows = 8192;

// The HDF5 compound type of a table's rows, in memory (the writer packs it for the file).
h5::Datatype row_type(const TableSpec& table);

// An extendible 1-D dataset of a table's rows, appended to in any number of pieces.
class TableWriter {
 public:
  TableWriter(hid_t group, const TableSpec& table, int compression_level);
  void append(const void* rows, std::size_t count);
  void close();

 private:
  h5::Datatype type_;
  h5::Dataset dataset_;
  std::string name_;
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
  void flush() {
    writer_.append(buffer_.data(), buffer_.size());
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
