#pragma once
// The replications of attribute and size spread over MPI ranks (`mpirun -np N clearsim
// attribute ...`). Every rank follows the same deterministic computation and asks for the
// same plans in the same order; each plan's tasks are split among the ranks, and every rank
// gets every result back, so the answer is the single-process one to the bit.
#include "sim/experiment/runner.hpp"

namespace clearsim::cli {

// Runs `plan` (no result file) over the ranks of mpi_world(), or in this process when there
// is one: each rank runs whole regimes (regime g on rank g mod N) when the plan has at least
// as many regimes as there are ranks, else replications r with r mod N = rank. A collective:
// every rank calls it with the same plan. Throws on every rank if any rank failed.
std::vector<std::vector<experiment::ReplicationResult>> run_over_ranks(
    const experiment::RunPlan& plan, const experiment::ProgressFn& progress);

// What does not travel between ranks (mpi_world.hpp): each result's regime name and its pools'
// plan, restored from the regimes' configs (results[g] ran configs[g]).
void restore_regimes(std::vector<std::vector<experiment::ReplicationResult>>& results,
                     const std::vector<model::PortConfig>& configs);

}  // namespace clearsim::cli
