#pragma once
// Running one comparison over several processes with MPI (`mpirun -np N clearsim compare
// ...`). Each rank runs a share of the replications (the same split as --shard rank/N) into
// a file of its own; rank 0 gathers the results for the table and merges the files into the
// one result file. Built only when CMake finds MPI (CLEARSIM_WITH_MPI); without it, or when
// not started by mpirun, the world is one process.
#include <functional>
#include <string>
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
// Runs `step` on this rank, then learns whether it succeeded on every rank (a collective).
// Throws on every rank if any failed: this rank's own exception, else a note that another
// rank failed (whose own message says why).
void agree_on_ranks(const std::function<void()>& step);
// The sum of every rank's `mine`, on every rank (a collective).
int sum_over_ranks(int mine);
void barrier();

// Gathers every rank's results on rank 0, as results[regime][replication] for all
// `replications`; each rank holds some of them (any split: a result carries its regime index
// and replication). Other ranks get {}. The regime's name and its pools' plan do not travel:
// the caller restores them.
std::vector<std::vector<ReplicationResult>> gather_results(
    const std::vector<std::vector<ReplicationResult>>& mine, int regimes, int replications);
// The same, with every rank getting all the results (for a search every rank follows).
std::vector<std::vector<ReplicationResult>> share_results(
    const std::vector<std::vector<ReplicationResult>>& mine, int regimes, int replications);

// Where rank `rank` of `size` writes its share of `out` before rank 0 merges them.
std::string rank_file(const std::string& out, int rank, int size);
// Calls `merge` with every rank's file of `out`, in rank order, then removes those files,
// whether or not the merge succeeded (not a collective: rank 0 calls it).
void merge_rank_files(const std::string& out,
                      const std::function<void(const std::vector<std::string>& parts)>& merge);

}  // namespace clearsim::cli
