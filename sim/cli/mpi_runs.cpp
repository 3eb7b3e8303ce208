#include "sim/cli/mpi_runs.hpp"

#include <memory>

#include "models/routing.hpp"
#include "sim/cli/mpi_world.hpp"

namespace clearsim::cli {

namespace {

using experiment::RunPlan;

// This rank's share of `plan`, as results[regime][k] with the regimes it did not run empty.
std::vector<std::vector<ReplicationResult>> run_my_share(const RunPlan& plan,
                                                         const experiment::ProgressFn& progress,
                                                         const MpiWorld& world) {
  const int regimes = static_cast<int>(plan.configs.size());
  std::vector<std::vector<ReplicationResult>> mine(plan.configs.size());
  if (regimes >= world.size) {
    RunPlan part = plan;
    part.configs.clear();
    std::vector<int> which;
    for (int g = world.rank; g < regimes; g += world.size) {
      part.configs.push_back(plan.configs[g]);
      which.push_back(g);
    }
    auto results = experiment::run_plan(part, nullptr, progress);
    for (std::size_t i = 0; i < which.size(); ++i)
      mine[which[i]] = std::move(results[i]);
  } else if (world.rank < plan.replications) {
    RunPlan part = plan;
    part.shard_index = world.rank;
    part.shard_count = world.size;
    mine = experiment::run_plan(part, nullptr, progress);
  }
  return mine;
}

}  // namespace

std::vector<std::vector<ReplicationResult>> run_over_ranks(const RunPlan& plan,
                                                           const experiment::ProgressFn& progress) {
  const MpiWorld world = mpi_world();
  if (!world.parallel()) return experiment::run_plan(plan, nullptr, progress);
  std::vector<std::vector<ReplicationResult>> mine;
  agree_on_ranks([&] { mine = run_my_share(plan, progress, world); });
  auto results = share_results(mine, static_cast<int>(plan.configs.size()), plan.replications);
  restore_regimes(results, plan.configs);
  return results;
}

void restore_regimes(std::vector<std::vector<ReplicationResult>>& results,
                     const std::vector<model::PortConfig>& configs) {
  for (std::size_t g = 0; g < results.size(); ++g) {
    const auto pools =
        std::make_shared<const model::ResourcePlan>(model::resource_plan(configs[g]));
    for (auto& r : results[g]) {
      r.regime = configs[g].regime;
      r.plan = pools;
    }
  }
}

}  // namespace clearsim::cli
