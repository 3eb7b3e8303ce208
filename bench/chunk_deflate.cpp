// The deflate step of ChunkEncoder (sim/recording/table_writer.cpp) on the chunks of a real
// result file: zlib's compress2 against libdeflate's zlib encoder at each level.
//
//   bench_chunk_deflate FILE.h5 [rounds=3]
//
// Every chunk of every deflated dataset of FILE (e.g. the --out of `clearsim compare`) is read
// as stored, its Fletcher32 checksum dropped and the deflate undone: what is left is exactly
// the packed, shuffled chunk the encoder hands its compressor. Each compressor then encodes all
// of them `rounds` times on this thread. Printed per compressor: input MB per CPU second (and
// per wall second), the compressed size over the input size, and the CPU seconds.
#include <hdf5.h>
#include <libdeflate.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_util.hpp"

namespace {

using Buffer = std::vector<unsigned char>;

// Filters of a dataset's pipeline, in order.
std::vector<H5Z_filter_t> filters(hid_t create) {
  std::vector<H5Z_filter_t> out;
  const int n = H5Pget_nfilters(create);
  for (int i = 0; i < n; ++i) {
    unsigned flags = 0, values[8];
    std::size_t n_values = 8;
    out.push_back(H5Pget_filter2(create, static_cast<unsigned>(i), &flags, &n_values, values, 0,
                                 nullptr, nullptr));
  }
  return out;
}

// The shuffled chunks of one dataset, if its pipeline is shuffle, deflate, Fletcher32.
void read_chunks(hid_t dataset, std::vector<Buffer>& chunks) {
  const hid_t create = H5Dget_create_plist(dataset);
  const hid_t type = H5Dget_type(dataset);
  const hid_t space = H5Dget_space(dataset);
  const bool ours =
      H5Pget_layout(create) == H5D_CHUNKED &&
      filters(create) ==
          std::vector<H5Z_filter_t>{H5Z_FILTER_SHUFFLE, H5Z_FILTER_DEFLATE, H5Z_FILTER_FLETCHER32};
  hsize_t chunk_rows = 0, count = 0;
  if (ours && H5Pget_chunk(create, 1, &chunk_rows) == 1 &&
      H5Dget_num_chunks(dataset, space, &count) >= 0) {
    const std::size_t size = chunk_rows * H5Tget_size(type);
    for (hsize_t i = 0; i < count; ++i) {
      hsize_t offset = 0, stored = 0;
      unsigned mask = 0;
      haddr_t address = 0;
      if (H5Dget_chunk_info(dataset, space, i, &offset, &mask, &address, &stored) < 0 ||
          stored < 4)  // a deflated chunk and its 4-byte Fletcher32
        throw std::runtime_error("reading a chunk's address failed");
      Buffer raw(stored), plain(size);
      if (H5Dread_chunk(dataset, H5P_DEFAULT, &offset, &mask, raw.data()) < 0 || mask != 0)
        throw std::runtime_error("reading a chunk failed");
      uLongf length = size;
      if (uncompress(plain.data(), &length, raw.data(), stored - 4) != Z_OK || length != size)
        throw std::runtime_error("inflating a chunk failed");
      chunks.push_back(std::move(plain));
    }
  }
  H5Sclose(space);
  H5Tclose(type);
  H5Pclose(create);
}

herr_t visit(hid_t object, const char* name, const H5O_info_t* info, void* data) {
  if (info->type != H5O_TYPE_DATASET) return 0;
  const hid_t dataset = H5Dopen2(object, name, H5P_DEFAULT);
  read_chunks(dataset, *static_cast<std::vector<Buffer>*>(data));
  H5Dclose(dataset);
  return 0;
}

// Room for any chunk's stream, stored or compressed: chunks of different tables differ in size.
Buffer output_buffer(const std::vector<Buffer>& chunks) {
  std::size_t largest = 0;
  for (const Buffer& chunk : chunks)
    largest = std::max(largest, chunk.size());
  return Buffer(2 * largest + 1024);
}

struct Outcome {
  double cpu = 0, wall = 0;
  std::size_t in = 0, out = 0;
};

// Runs `compress(chunk, out)` (returns the compressed size) over every chunk, `rounds` times.
template <class Compress>
Outcome measure(const std::vector<Buffer>& chunks, int rounds, Compress compress) {
  Buffer out = output_buffer(chunks);
  Outcome outcome;
  const double cpu0 = clearsim::bench::cpu_seconds(), wall0 = clearsim::bench::wall_seconds();
  for (int round = 0; round < rounds; ++round)
    for (const Buffer& chunk : chunks) {
      const std::size_t n = compress(chunk, out);
      if (n == 0) throw std::runtime_error("compressing a chunk failed");
      if (round == 0) {
        outcome.out += n;
        outcome.in += chunk.size();
      }
    }
  outcome.cpu = clearsim::bench::cpu_seconds() - cpu0;
  outcome.wall = clearsim::bench::wall_seconds() - wall0;
  outcome.in *= rounds;
  outcome.out *= rounds;
  return outcome;
}

// Each compressor's streams inflate back to the chunks (zlib's inflate, as HDF5 reads them).
template <class Compress>
void check(const std::vector<Buffer>& chunks, Compress compress) {
  Buffer out = output_buffer(chunks), back;
  for (const Buffer& chunk : chunks) {
    const std::size_t n = compress(chunk, out);
    back.assign(chunk.size(), 0);
    uLongf length = back.size();
    if (uncompress(back.data(), &length, out.data(), n) != Z_OK || back != chunk)
      throw std::runtime_error("a stream does not inflate to its chunk");
  }
}

void print(const std::string& name, const Outcome& o) {
  using clearsim::bench::report;
  report(name, "MB/cpu-s", o.in / o.cpu / 1e6, "MB");
  report(name, "MB/s", o.in / o.wall / 1e6, "MB");
  report(name, "size ratio", static_cast<double>(o.out) / o.in, "");
  report(name, "cpu", o.cpu, "s");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_chunk_deflate FILE.h5 [rounds=3]\n");
    return 2;
  }
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  if (rounds < 1) {
    std::fprintf(stderr, "bench_chunk_deflate: rounds must be at least 1\n");
    return 2;
  }
  const hid_t file = H5Fopen(argv[1], H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return 1;
  std::vector<Buffer> chunks;
  H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_INC, visit, &chunks, H5O_INFO_BASIC);
  H5Fclose(file);
  if (chunks.empty()) {
    std::fprintf(stderr, "no shuffled, deflated, checksummed chunks in %s\n", argv[1]);
    return 1;
  }
  std::size_t bytes = 0;
  for (const Buffer& chunk : chunks)
    bytes += chunk.size();
  std::fprintf(stderr, "%zu chunks, %.1f MB before deflate, %d rounds\n", chunks.size(),
               bytes / 1e6, rounds);

  const auto zlib = [](int level) {
    return [level](const Buffer& in, Buffer& out) -> std::size_t {
      uLongf n = out.size();
      return compress2(out.data(), &n, in.data(), in.size(), level) == Z_OK ? n : 0;
    };
  };
  for (const int level : {1, 6}) {
    check(chunks, zlib(level));
    print("zlib-" + std::to_string(level), measure(chunks, rounds, zlib(level)));
  }
  for (int level = 1; level <= 9; ++level) {
    libdeflate_compressor* compressor = libdeflate_alloc_compressor(level);
    if (compressor == nullptr) throw std::runtime_error("libdeflate: no compressor");
    const auto deflate = [compressor](const Buffer& in, Buffer& out) {
      return libdeflate_zlib_compress(compressor, in.data(), in.size(), out.data(), out.size());
    };
    check(chunks, deflate);
    print("libdeflate-" + std::to_string(level), measure(chunks, rounds, deflate));
    libdeflate_free_compressor(compressor);
  }
}
