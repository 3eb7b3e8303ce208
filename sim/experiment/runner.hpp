#pragma once
// Runs a set of (regime, replication) tasks on a pool of threads. Each task is an
// independent replication (its own simulation and random streams), so results do not depend
// on the number of threads or the order tasks finish in. When a result file is given, the
// workers pass their records in batches to the calling thread, the only one that touches
// HDF5, which appends them while the simulations go on.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/config.hpp"
#include "models/port_model.hpp"
#include "sim/experiment/replication.hpp"
#include "sim/recording/result_file.hpp"
#include "sim/recording/size_estimate.hpp"

namespace clearsim::experiment {

struct RunPlan {
  std::vector<model::PortConfig> configs;  // one per regime, in report order
  model::RunOptions options;               // replication is set per task
  int replications = 1;
  int jobs = 1;
  // Run only replications r with r % shard_count == shard_index (for batch schedulers; the
  // shard files are combined by `clearsim merge`).
  int shard_index = 0;
  int shard_count = 1;
};

// Called on the calling thread after each task: (tasks done, tasks in all).
using ProgressFn = std::function<void(int, int)>;

// Where the whole plan stands inside its replications, for a heartbeat.
struct LiveProgress {
  int done = 0;              // tasks finished
  int total = 0;             // tasks in all
  double simulated = 0;      // share of all tasks' horizons simulated so far, 0..1
  std::uint64_t events = 0;  // events processed so far, every task
  bool draining = false;     // every running task is past its horizon, clearing the last boxes
};
using HeartbeatFn = std::function<void(const LiveProgress&)>;
// How often run_plan calls its heartbeat while replications run.
inline constexpr double kHeartbeatSeconds = 0.5;

// results[regime][k]: the k-th replication this shard ran (all of them when not sharded).
// Rethrows the first failure of any task. `heartbeat`, if given, is called on the calling
// thread every kHeartbeatSeconds with the state inside the running replications.
std::vector<std::vector<ReplicationResult>> run_plan(const RunPlan& plan,
                                                     recording::ResultFile* file,
                                                     const ProgressFn& progress,
                                                     const HeartbeatFn& heartbeat = {});

// Runs a plan with no result file and returns results[regime][replication] for all of its
// replications, as run_plan does in this process. A driver may spread the replications over
// processes instead (the command line under mpirun, sim/cli/mpi_runs.hpp): each replication
// is independent, so where it ran changes no number.
using PlanRunner = std::function<std::vector<std::vector<ReplicationResult>>(
    const RunPlan& plan, const ProgressFn& progress)>;
// `runner` if given, else run_plan in this process.
std::vector<std::vector<ReplicationResult>> run_with(const PlanRunner& runner, const RunPlan& plan,
                                                     const ProgressFn& progress);

// The replication's summary rows as the result file stores them.
std::vector<recording::SummaryRow> summary_rows(const ReplicationResult& result);
// The expected records per replication of the plan (arrival rates x horizon, averaged over
// its regimes) for the size estimate of its result file (recording/size_estimate.hpp);
// replication_groups counts this shard's, or all with `all_replications`. The caller sets
// the record level, the compression and the scenario's size.
recording::SizeInputs size_inputs(const RunPlan& plan, bool all_replications = false);

// Its pools' use, flagged saturated at kSaturated (traffic.hpp) and above.
std::vector<recording::PoolUseRow> pool_use_rows(const ReplicationResult& result);

}  // namespace clearsim::experiment
