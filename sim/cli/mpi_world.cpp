#include "sim/cli/mpi_world.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <type_traits>

#ifdef CLEARSIM_WITH_MPI
// The C API only: the deprecated C++ bindings would need libmpi_cxx.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace clearsim::cli {

namespace {

MpiWorld world;
bool initialised = false;

// The fixed-size part of a ReplicationResult; the regime travels as its index.
struct PackedResult {
  int regime;
  std::uint64_t replication;
  std::array<DirectionResult, model::kDirections> directions;
  double staff_cost_per_box_cny;
  std::uint64_t vessels, in_progress, events;
  double wall_seconds;
  std::uint32_t pools;  // PoolUse entries that follow it
};
// They travel as bytes.
static_assert(std::is_trivially_copyable_v<DirectionResult> &&
              std::is_trivially_copyable_v<model::PoolUse>);

void append_bytes(std::vector<char>& out, const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  out.insert(out.end(), bytes, bytes + size);
}

// Started by an MPI launcher? (Open MPI, MPICH/Hydra, Slurm's PMI.)
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(name)) return true;
  return false;
}

}  // namespace

MpiWorld start_mpi(int& argc, char**& argv) {
#ifdef CLEARSIM_WITH_MPI
  if (launched_by_mpi()) {
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &world.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world.size);
    initialised = true;
  }
#else
  (void)argc;
  (void)argv;
#endif
  return world;
}

void finish_mpi() {
#ifdef CLEARSIM_WITH_MPI
  if (initialised) MPI_Finalize();
#endif
  initialised = false;
}

MpiWorld mpi_world() {
  return world;
}

bool all_ranks_ok(bool mine) {
#ifdef CLEARSIM_WITH_MPI
  if (initialised) {
    int in = mine ? 1 : 0, out = 0;
    MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    return out != 0;
  }
#endif
  return mine;
}

void barrier() {
#ifdef CLEARSIM_WITH_MPI
  if (initialised) MPI_Barrier(MPI_COMM_WORLD);
#endif
}

void agree_on_ranks(const std::function<void()>& step) {
  std::exception_ptr failure;
  try {
    step();
  } catch (...) {
    failure = std::current_exception();
  }
  if (all_ranks_ok(!failure)) return;
  if (failure) std::rethrow_exception(failure);
  throw std::runtime_error("another MPI rank failed (its message says why)");
}

int sum_over_ranks(int mine) {
#ifdef CLEARSIM_WITH_MPI
  if (initialised) {
    int out = 0;
    MPI_Allreduce(&mine, &out, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    return out;
  }
#endif
  return mine;
}

std::string rank_file(const std::string& out, int rank, int size) {
  return out + ".rank-" + std::to_string(rank) + "-of-" + std::to_string(size);
}

void merge_rank_files(const std::string& out,
                      const std::function<void(const std::vector<std::string>& parts)>& merge) {
  std::vector<std::string> parts;
  for (int r = 0; r < world.size; ++r)
    parts.push_back(rank_file(out, r, world.size));
  const auto remove_parts = [&parts] {
    for (const auto& part : parts)
      std::remove(part.c_str());
  };
  try {
    merge(parts);
  } catch (...) {
    remove_parts();
    throw;
  }
  remove_parts();
}

namespace {

#ifdef CLEARSIM_WITH_MPI
// Each result: its fixed part, then its pools' use.
std::vector<char> pack(const std::vector<std::vector<ReplicationResult>>& mine) {
  std::vector<char> packed;
  for (int g = 0; g < static_cast<int>(mine.size()); ++g) {
    for (const ReplicationResult& r : mine[g]) {
      const PackedResult head{g,
                              r.replication,
                              r.directions,
                              r.staff_cost_per_box_cny,
                              r.vessels,
                              r.in_progress,
                              r.events,
                              r.wall_seconds,
                              static_cast<std::uint32_t>(r.pools.size())};
      append_bytes(packed, &head, sizeof head);
      append_bytes(packed, r.pools.data(), r.pools.size() * sizeof(model::PoolUse));
    }
  }
  return packed;
}

std::vector<std::vector<ReplicationResult>> unpack(const std::vector<char>& all, int regimes,
                                                   int replications) {
  std::vector<std::vector<ReplicationResult>> results(regimes,
                                                      std::vector<ReplicationResult>(replications));
  for (std::size_t at = 0; at < all.size();) {
    PackedResult p;
    std::memcpy(&p, all.data() + at, sizeof p);
    at += sizeof p;
    ReplicationResult& r = results[p.regime][p.replication];
    r.replication = p.replication;
    r.directions = p.directions;
    r.staff_cost_per_box_cny = p.staff_cost_per_box_cny;
    r.vessels = p.vessels;
    r.in_progress = p.in_progress;
    r.events = p.events;
    r.wall_seconds = p.wall_seconds;
    r.pools.resize(p.pools);
    std::memcpy(r.pools.data(), all.data() + at, p.pools * sizeof(model::PoolUse));
    at += p.pools * sizeof(model::PoolUse);
  }
  return results;
}

// Every rank's bytes, in rank order: on rank 0 only, or on every rank with `everywhere`.
std::vector<char> collect_bytes(const std::vector<char>& mine, bool everywhere) {
  const int bytes = static_cast<int>(mine.size());
  std::vector<int> counts(world.size), offsets(world.size);
  if (everywhere) {
    MPI_Allgather(&bytes, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
  } else {
    MPI_Gather(&bytes, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  }
  int total = 0;
  for (int r = 0; r < world.size; ++r)
    offsets[r] = total, total += counts[r];
  std::vector<char> all(everywhere || world.rank == 0 ? total : 0);
  if (everywhere) {
    MPI_Allgatherv(mine.data(), bytes, MPI_BYTE, all.data(), counts.data(), offsets.data(),
                   MPI_BYTE, MPI_COMM_WORLD);
  } else {
    MPI_Gatherv(mine.data(), bytes, MPI_BYTE, all.data(), counts.data(), offsets.data(), MPI_BYTE,
                0, MPI_COMM_WORLD);
  }
  return all;
}
#endif

std::vector<std::vector<ReplicationResult>> collect_results(
    const std::vector<std::vector<ReplicationResult>>& mine, int regimes, int replications,
    bool everywhere) {
  if (!world.parallel()) return mine;
#ifdef CLEARSIM_WITH_MPI
  const std::vector<char> all = collect_bytes(pack(mine), everywhere);
  if (!everywhere && world.rank != 0) return {};
  return unpack(all, regimes, replications);
#else
  (void)regimes;
  (void)replications;
  (void)everywhere;
  return mine;
#endif
}

}  // namespace

std::vector<std::vector<ReplicationResult>> gather_results(
    const std::vector<std::vector<ReplicationResult>>& mine, int regimes, int replications) {
  return collect_results(mine, regimes, replications, false);
}

std::vector<std::vector<ReplicationResult>> share_results(
    const std::vector<std::vector<ReplicationResult>>& mine, int regimes, int replications) {
  return collect_results(mine, regimes, replications, true);
}

}  // namespace clearsim::cli
