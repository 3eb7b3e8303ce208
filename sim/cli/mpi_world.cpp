#include "sim/cli/mpi_world.hpp"

#include <cstdlib>
#include <cstring>
#include <string>

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
  std::uint64_t vessels, in_progress, events;
  double wall_seconds;
  std::uint32_t pools;  // PoolUse entries that follow it
};

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

std::vector<std::vector<ReplicationResult>> gather_results(
    const std::vector<std::vector<ReplicationResult>>& mine, int regimes, int replications) {
  if (!world.parallel()) return mine;
#ifdef CLEARSIM_WITH_MPI
  // Each result: its fixed part, then its pools' use.
  std::vector<char> packed;
  for (int g = 0; g < static_cast<int>(mine.size()); ++g) {
    for (const ReplicationResult& r : mine[g]) {
      const PackedResult head{g,
                              r.replication,
                              r.directions,
                              r.vessels,
                              r.in_progress,
                              r.events,
                              r.wall_seconds,
                              static_cast<std::uint32_t>(r.pools.size())};
      append_bytes(packed, &head, sizeof head);
      append_bytes(packed, r.pools.data(), r.pools.size() * sizeof(model::PoolUse));
    }
  }
  const int bytes = static_cast<int>(packed.size());
  std::vector<int> counts(world.size), offsets(world.size);
  MPI_Gather(&bytes, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  int total = 0;
  for (int r = 0; r < world.size; ++r)
    offsets[r] = total, total += counts[r];
  std::vector<char> all(world.rank == 0 ? total : 0);
  MPI_Gatherv(packed.data(), bytes, MPI_BYTE, all.data(), counts.data(), offsets.data(), MPI_BYTE,
              0, MPI_COMM_WORLD);
  if (world.rank != 0) return {};
  std::vector<std::vector<ReplicationResult>> results(regimes,
                                                      std::vector<ReplicationResult>(replications));
  for (std::size_t at = 0; at < all.size();) {
    PackedResult p;
    std::memcpy(&p, all.data() + at, sizeof p);
    at += sizeof p;
    ReplicationResult& r = results[p.regime][p.replication];
    r.replication = p.replication;
    r.directions = p.directions;
    r.vessels = p.vessels;
    r.in_progress = p.in_progress;
    r.events = p.events;
    r.wall_seconds = p.wall_seconds;
    r.pools.resize(p.pools);
    std::memcpy(r.pools.data(), all.data() + at, p.pools * sizeof(model::PoolUse));
    at += p.pools * sizeof(model::PoolUse);
  }
  return results;
#else
  (void)regimes;
  (void)replications;
  return mine;
#endif
}

}  // namespace clearsim::cli
