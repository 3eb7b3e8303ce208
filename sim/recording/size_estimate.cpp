#include "sim/recording/size_estimate.hpp"

#include "sim/recording/table_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace clearsim::recording {

namespace {

// Measured on `clearsim run scenarios/tianjin.yaml --horizon 10d --warmup 2d -n 2 --out F`
// at --compression 1 (each dataset's storage size over its rows x packed row size, read
// with h5py: docs/output.md, "How big a file gets"). Deflate at a higher level saves a few
// per cent more; the estimate keeps level 1's ratios. (Measured with zlib's deflate; the
// chunks are deflated with libdeflate since issue 14, whose files are ~1 % smaller.)
constexpr double kContainerRatio = 0.544;  // compressed / packed bytes
constexpr double kExamRatio = 0.623;
constexpr double kVesselRatio = 0.8;
constexpr double kSampleRatio = 0.03;   // a pool's samples change little from one to the next
constexpr double kExamsPerBox = 0.055;  // exam rows per container row (the 2017 baseline)
// The fixed parts, from files of 1 and 2 regimes x 2 and 6 replications at --record
// summary: the header, /labels and /provenance (without the scenario text); per regime
// (its group and, per pool, its resources rows and their /flat copy); per replication group
// (its attributes and its tables' metadata, and per pool its pool_use rows and their /flat
// copy).
constexpr double kFileBytes = 57'500;
constexpr double kRegimeBytes = 2'000;
constexpr double kResourceBytes = 375;
constexpr double kGroupBytes = 10'800;
constexpr double kPoolUseBytes = 90;

template <class Record>
double packed_row_bytes() {
  double bytes = 0;
  for (const auto& field : table_spec<Record>(Level::replication).fields)
    bytes += static_cast<double>(field.size);
  return bytes;
}

}  // namespace

double estimate_file_bytes(const SizeInputs& in) {
  // Uncompressed, a table takes whole chunks (kChunkRows rows); compressed, the unused end
  // of its last chunk takes next to nothing.
  const auto table = [&](double rows, double packed, double ratio) {
    if (in.compression_level > 0) return rows * packed * ratio;
    return std::ceil(rows / static_cast<double>(kChunkRows)) * kChunkRows * packed;
  };
  double per_group = kGroupBytes + in.pools * kPoolUseBytes;
  if (in.record >= RecordLevel::vessels) {
    per_group += table(in.vessel_calls, packed_row_bytes<model::VesselRecord>(), kVesselRatio);
    per_group +=
        table(in.resource_samples, packed_row_bytes<model::ResourceSample>(), kSampleRatio);
  }
  if (in.record >= RecordLevel::boxes) {
    per_group += table(in.boxes, packed_row_bytes<model::ContainerRecord>(), kContainerRatio);
    per_group += table(in.boxes * kExamsPerBox, packed_row_bytes<model::ExamRecord>(), kExamRatio);
  }
  return kFileBytes + static_cast<double>(in.scenario_bytes) +
         in.regimes * (kRegimeBytes + in.pools * kResourceBytes) +
         in.replication_groups * per_group;
}

std::string readable_bytes(double bytes) {
  char text[32];
  if (bytes < 1e6) {
    std::snprintf(text, sizeof text, "%.0f kB", bytes / 1e3);
  } else if (bytes < 1e9) {
    std::snprintf(text, sizeof text, bytes < 1e7 ? "%.1f MB" : "%.0f MB", bytes / 1e6);
  } else {
    std::snprintf(text, sizeof text, "%.1f GB", bytes / 1e9);
  }
  return text;
}

}  // namespace clearsim::recording
