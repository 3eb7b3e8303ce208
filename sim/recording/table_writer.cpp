#include "sim/recording/table_writer.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace clearsim::recording {

namespace {

using model::fields::Field;
using model::fields::Kind;
using model::fields::Scalar;

hid_t native(Scalar scalar) {
  switch (scalar) {
    case Scalar::u8:
      return H5T_NATIVE_UINT8;
    case Scalar::u16:
      return H5T_NATIVE_UINT16;
    case Scalar::u32:
      return H5T_NATIVE_UINT32;
    case Scalar::u64:
      return H5T_NATIVE_UINT64;
    case Scalar::i8:
      return H5T_NATIVE_INT8;
    case Scalar::i16:
      return H5T_NATIVE_INT16;
    case Scalar::i32:
      return H5T_NATIVE_INT32;
    case Scalar::i64:
      return H5T_NATIVE_INT64;
    case Scalar::f32:
      return H5T_NATIVE_FLOAT;
    case Scalar::f64:
      return H5T_NATIVE_DOUBLE;
    case Scalar::none:
      break;
  }
  throw h5::Error("HDF5: a field has no number type");
}

// Code i of an enumeration in its own width (unsigned: make_field allows nothing else).
std::vector<unsigned char> code_bytes(std::size_t code, std::size_t size) {
  std::vector<unsigned char> bytes(size);
  const auto store = [&](auto value) { std::memcpy(bytes.data(), &value, sizeof value); };
  if (size == 1) store(static_cast<std::uint8_t>(code));
  if (size == 2) store(static_cast<std::uint16_t>(code));
  if (size == 4) store(static_cast<std::uint32_t>(code));
  if (size == 8) store(static_cast<std::uint64_t>(code));
  return bytes;
}

h5::Datatype enum_type(const Field& field) {
  h5::Datatype type(h5::check(H5Tenum_create(native(field.scalar)), "creating an enum type"));
  for (std::size_t code = 0; code < field.labels->labels.size(); ++code)
    h5::check_status(
        H5Tenum_insert(type, field.labels->labels[code], code_bytes(code, field.size).data()),
        "defining an enum value");
  return type;
}

h5::Datatype text_type(std::size_t size) {
  h5::Datatype type(h5::check(H5Tcopy(H5T_C_S1), "creating a text type"));
  h5::check_status(H5Tset_size(type, size), "sizing a text type");
  h5::check_status(H5Tset_cset(type, H5T_CSET_UTF8), "setting UTF-8");
  return type;
}

// Index and bit fields are plain unsigned integers; their labels are named by attribute.
h5::Datatype field_type(const Field& field) {
  if (field.kind == Kind::text) return text_type(field.size);
  if (field.kind == Kind::enumeration) return enum_type(field);
  return h5::Datatype(h5::check(H5Tcopy(native(field.scalar)), "copying a number type"));
}

// The `units` and `labels` attributes: one string per field, in field order.
void describe_fields(hid_t dataset, const TableSpec& table) {
  std::vector<std::string> units, labels;
  for (const Field& field : table.fields) {
    units.emplace_back(field.unit);
    labels.emplace_back(field.labels ? field.labels->name : "");
  }
  h5::write_attribute(dataset, "units", units);
  h5::write_attribute(dataset, "labels", labels);
}

h5::PropertyList creation_properties(int compression_level) {
  h5::PropertyList create(h5::check(H5Pcreate(H5P_DATASET_CREATE), "dataset properties"));
  h5::check_status(H5Pset_chunk(create, 1, &kChunkRows), "setting the chunk size");
  if (compression_level > 0) {
    h5::check_status(H5Pset_shuffle(create), "enabling shuffle");
    h5::check_status(H5Pset_deflate(create, static_cast<unsigned>(compression_level)),
                     "enabling deflate");
  }
  // Last, so the checksum covers the bytes on disk: a damaged chunk fails to read (and
  // `clearsim merge` refuses it) instead of giving wrong numbers.
  h5::check_status(H5Pset_fletcher32(create), "enabling Fletcher32 checksums");
  return create;
}

// HDF5's shuffle filter (H5Zshuffle.c): byte j of element i goes to j * count + i.
void shuffle(const unsigned char* in, std::size_t element_size, std::size_t count,
             unsigned char* out) {
  for (std::size_t j = 0; j < element_size; ++j) {
    unsigned char* to = out + j * count;
    const unsigned char* from = in + j;
    for (std::size_t i = 0; i < count; ++i)
      to[i] = from[i * element_size];
  }
}

// libdeflate's compressor at `level`, one per thread, kept between chunks: it holds its hash
// tables (hundreds of KB), allocated once per thread rather than once per chunk. A thread
// that meets another level (only tests mix levels) replaces it.
libdeflate_compressor* thread_compressor(int level) {
  struct Owned {
    libdeflate_compressor* compressor = nullptr;
    int level = -1;
    ~Owned() { libdeflate_free_compressor(compressor); }
  };
  thread_local Owned owned;
  if (owned.compressor == nullptr || owned.level != level) {
    libdeflate_free_compressor(owned.compressor);
    owned.compressor = libdeflate_alloc_compressor(level);
    owned.level = level;
    // NULL: out of memory, or a level libdeflate does not know (the CLI allows 0-9, and 0
    // never gets here).
    if (owned.compressor == nullptr)
      throw std::runtime_error("no deflate compressor for level " + std::to_string(level));
  }
  return owned.compressor;
}

}  // namespace

std::uint32_t fletcher32(const unsigned char* data, std::size_t size) {
  std::uint32_t sum1 = 0, sum2 = 0;
  // 360 words at a time keep the sums from overflowing before they are folded.
  for (std::size_t words = size / 2; words > 0;) {
    std::size_t block = std::min<std::size_t>(words, 360);
    words -= block;
    for (; block > 0; --block, data += 2) {
      sum1 += (std::uint32_t{data[0]} << 8) | data[1];
      sum2 += sum1;
    }
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  if (size % 2) {
    sum1 += std::uint32_t{*data} << 8;
    sum2 += sum1;
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  }
  sum1 = (sum1 & 0xffff) + (sum1 >> 16);
  sum2 = (sum2 & 0xffff) + (sum2 >> 16);
  return (sum2 << 16) | sum1;
}

ChunkEncoder::ChunkEncoder(const TableSpec& table, int compression_level)
    : row_size_(table.row_size), level_(compression_level) {
  for (const Field& field : table.fields)
    places_.push_back({field.name, field.offset, 0, field.size});
  std::stable_sort(places_.begin(), places_.end(),
                   [](const Place& a, const Place& b) { return a.from < b.from; });
  for (Place& place : places_) {
    place.to = packed_size_;
    packed_size_ += place.size;
    if (!runs_.empty() && runs_.back().from + runs_.back().size == place.from)
      runs_.back().size += place.size;
    else
      runs_.push_back({place.from, place.to, place.size});
  }
}

void ChunkEncoder::pack(const unsigned char* rows, std::size_t count, unsigned char* out) const {
  for (std::size_t i = 0; i < count; ++i, rows += row_size_, out += packed_size_)
    for (const Run& run : runs_)
      std::memcpy(out + run.to, rows + run.from, run.size);
}

EncodedChunk ChunkEncoder::encode(const void* rows, std::size_t count) const {
  if (count == 0 || count > kChunkRows)
    throw std::logic_error("ChunkEncoder: a chunk holds 1 to kChunkRows rows");
  const std::size_t size = kChunkRows * packed_size_;
  // Scratch space per thread, kept between chunks: a chunk is ~1 MB.
  thread_local std::vector<unsigned char> packed, shuffled;
  packed.assign(size, 0);  // rows past `count` are HDF5's fill value, zero
  pack(static_cast<const unsigned char*>(rows), count, packed.data());

  EncodedChunk chunk;
  chunk.rows = count;
  if (level_ > 0) {
    const unsigned char* source = packed.data();
    if (packed_size_ > 1) {
      shuffled.resize(size);
      shuffle(packed.data(), packed_size_, kChunkRows, shuffled.data());
      source = shuffled.data();
    }
    // A zlib stream, as HDF5's deflate filter stores and reads it; libdeflate rather than
    // zlib's compress2 (what the filter itself calls) because its level 1 takes a fraction
    // of the CPU time, and compression is what two workers cannot hide on two cores
    // (docs/performance.md). Its levels 1-9 are zlib's scale, so the dataset's deflate
    // level is passed as it is; the bytes differ from zlib's, the rows they inflate to do not.
    libdeflate_compressor* compressor = thread_compressor(level_);
    chunk.bytes.resize(libdeflate_zlib_compress_bound(compressor, size) + 4);
    const std::size_t deflated =
        libdeflate_zlib_compress(compressor, source, size, chunk.bytes.data(), chunk.bytes.size());
    if (deflated == 0) throw std::runtime_error("deflating a chunk failed");
    chunk.bytes.resize(deflated + 4);
  } else {
    chunk.bytes.assign(packed.begin(), packed.end());
    chunk.bytes.resize(size + 4);
  }
  // The checksum, little-endian, after the bytes it covers (H5Zfletcher32.c).
  const std::size_t body = chunk.bytes.size() - 4;
  const std::uint32_t sum = fletcher32(chunk.bytes.data(), body);
  for (int b = 0; b < 4; ++b)
    chunk.bytes[body + b] = static_cast<unsigned char>(sum >> (8 * b));
  return chunk;
}

h5::Datatype row_type(const TableSpec& table) {
  const std::string name(table.name);
  h5::Datatype row(
      h5::check(H5Tcreate(H5T_COMPOUND, table.row_size), "creating the row type of " + name));
  for (const Field& field : table.fields) {
    const std::string member(field.name);
    h5::check_status(H5Tinsert(row, member.c_str(), field.offset, field_type(field)),
                     "adding field " + member + " to " + name);
  }
  return row;
}

TableWriter::TableWriter(hid_t group, const TableSpec& table, int compression_level)
    : type_(row_type(table)), name_(table.name), encoder_(table, compression_level) {
  // On disk the rows are packed: no padding bytes (which would hold whatever memory held,
  // so two identical runs would differ byte for byte), and smaller files.
  h5::Datatype file_type(h5::check(H5Tcopy(type_), "copying a row type"));
  h5::check_status(H5Tpack(file_type), "packing a row type");
  check_layout(file_type);
  const hsize_t zero = 0, unlimited = H5S_UNLIMITED;
  h5::Dataspace space(h5::check(H5Screate_simple(1, &zero, &unlimited), "table space"));
  const auto create = creation_properties(compression_level);
  dataset_ = h5::Dataset(h5::check(
      H5Dcreate2(group, name_.c_str(), file_type, space, H5P_DEFAULT, create, H5P_DEFAULT),
      "creating table " + name_));
  describe_fields(dataset_, table);
}

void TableWriter::append(const void* rows, std::size_t count) {
  if (count == 0) return;
  const hsize_t start = size_, n = count;
  size_ += n;
  h5::check_status(H5Dset_extent(dataset_, &size_), "extending " + name_);
  h5::Dataspace file_space(h5::check(H5Dget_space(dataset_), "table space"));
  h5::check_status(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, &start, nullptr, &n, nullptr),
                   "selecting rows of " + name_);
  h5::Dataspace memory_space(h5::check(H5Screate_simple(1, &n, nullptr), "row space"));
  h5::check_status(H5Dwrite(dataset_, type_, memory_space, file_space, H5P_DEFAULT, rows),
                   "writing rows of " + name_);
}

// The encoder packs rows on its own; it must agree with HDF5's packed type to the byte.
void TableWriter::check_layout(hid_t file_type) const {
  bool same = H5Tget_size(file_type) == encoder_.packed_row_size();
  for (const ChunkEncoder::Place& place : encoder_.places()) {
    const std::string member(place.name);
    const int index = H5Tget_member_index(file_type, member.c_str());
    same = same && index >= 0 &&
           H5Tget_member_offset(file_type, static_cast<unsigned>(index)) == place.to;
  }
  if (!same) throw std::logic_error("the packed rows of " + name_ + " differ from HDF5's");
}

void TableWriter::append_encoded(const EncodedChunk& chunk) {
  if (size_ % kChunkRows != 0)
    throw std::logic_error("a chunk of " + name_ + " after a table's last chunk");
  const hsize_t start = size_;
  size_ += chunk.rows;
  h5::check_status(H5Dset_extent(dataset_, &size_), "extending " + name_);
  h5::check_status(
      H5Dwrite_chunk(dataset_, H5P_DEFAULT, 0, &start, chunk.bytes.size(), chunk.bytes.data()),
      "writing a chunk of " + name_);
}

void TableWriter::close() {
  dataset_.close("closing " + name_);
}

}  // namespace clearsim::recording
