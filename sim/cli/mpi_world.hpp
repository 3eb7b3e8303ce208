#pragma once
// Running one comparison over several processes with MPI (`mpirun -np N clearsim compare
// ...`). Each rank runs a share of the replications (the same split as --shard rank/N) into
// a file of its own; rank 0 gathers the results for the table and merges the files into the
// one result file. Built only when CMake finds MPI (CLEARSIM_WITH_MPI); without it, or when
// not started by mpirun, the world is one process.
#include <vector>

#include "sim/experiment/replication.hpp"

namespace clearsim::cli {

using experiment::DirectionResult;
using experiment::ReplicationResult;

struct MpiWorld {
  int rank = 0;
  int size = 1;
  bool parallel() const { return size > 1; }
};

// Initialises MPI if the process was started by an MPI launcher; call once from main().
MpiWorld start_mpi(int& argc, char**& argv);
void finish_mpi();
MpiWorld mpi_world();

// True on every rank if `mine` is true on every rank (a collective: all ranks must call).
bool all_ranks_ok(bool mine);
void barrier();

// Gathers every rank's results on rank 0, as results[regime][replication] for all
// `replications` (rank r holds replications r, r + size, ...). Other ranks get {}.
std::vector<std::vector<ReplicationResult>> gather_results(
    const std::vector<std::vector<ReplicationResult>>& mine, int regimes, int replications);

}  // namespace clearsim::cli
