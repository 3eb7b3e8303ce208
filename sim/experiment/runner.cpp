#include "sim/experiment/runner.hpp"

#include "sim/experiment/traffic.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "sim/recording/table_writer.hpp"

namespace clearsim::experiment {

namespace {

constexpr std::size_t kMaxQueuedMessages = 32;  // bounds memory: ~32 chunks in flight

// A chunk's worth of one record table (at most recording::kChunkRows rows), as rows or, when
// the worker compressed it, as the bytes of the chunk in the file.
template <class List>
struct PieceOf;
template <class... Records>
struct PieceOf<recording::RecordList<Records...>> {
  std::variant<std::vector<Records>...> rows;  // the index is the table's
  std::optional<recording::EncodedChunk> encoded;
};
using Piece = PieceOf<recording::ReplicationRecords>;

struct Message {
  int task = 0;                             // -1: a worker has no more tasks and is leaving
  std::unique_ptr<Piece> piece;             // records, or
  std::unique_ptr<ReplicationResult> done;  // the task finished, or
  std::exception_ptr failure;               // it failed
};

// A bounded queue from the workers to the writing thread.
class Channel {
 public:
  void push(Message m) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queue_.size() < kMaxQueuedMessages; });
    queue_.push_back(std::move(m));
    not_empty_.notify_one();
  }
  // The next message, or nothing if none came within `timeout`.
  std::optional<Message> pop_for(std::chrono::duration<double> timeout) {
    std::unique_lock lock(mutex_);
    if (!not_empty_.wait_for(lock, timeout, [&] { return !queue_.empty(); })) return std::nullopt;
    Message m = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return m;
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<Message> queue_;
};

template <class T, class... Ts>
constexpr std::size_t index_of() {
  constexpr bool same[] = {std::is_same_v<T, Ts>...};
  std::size_t i = 0;
  while (!same[i])
    ++i;
  return i;
}

// Collects a worker's records into chunks for the writing thread, compressing them first
// when `encoders` are given (then the compression, most of a writer's work, runs on the
// workers in parallel instead of on the one writing thread).
template <class List>
class ForwarderOf;
template <class... Records>
class ForwarderOf<recording::RecordList<Records...>> : public model::Recorder {
 public:
  // Only the records the file keeps (--record) travel to the writing thread.
  ForwarderOf(Channel& channel, int task, const recording::ResultFile& file,
              const std::vector<recording::ChunkEncoder>* encoders)
      : channel_(channel), task_(task), encoders_(encoders), keep_{file.records<Records>()...} {}
  void container(const model::ContainerRecord& r) override { add(r); }
  void exam(const model::ExamRecord& r) override { add(r); }
  void vessel(const model::VesselRecord& r) override { add(r); }
  void resource_sample(const model::ResourceSample& s) override { add(s); }
  // Sends what is left: each table's last chunk.
  void finish() {
    std::apply([&](auto&... rows) { (send(rows), ...); }, rows_);
  }

 private:
  template <class Record>
  void add(const Record& record) {
    if (!keep_[index_of<Record, Records...>()]) return;
    auto& rows = std::get<std::vector<Record>>(rows_);
    if (rows.empty()) rows.reserve(recording::kChunkRows);
    rows.push_back(record);
    if (rows.size() == recording::kChunkRows) send(rows);
  }
  template <class Record>
  void send(std::vector<Record>& rows) {
    if (rows.empty()) return;
    auto piece = std::make_unique<Piece>();
    if (encoders_) {
      constexpr std::size_t table = index_of<Record, Records...>();
      piece->rows.template emplace<table>();
      piece->encoded = (*encoders_)[table].encode(rows.data(), rows.size());
      rows.clear();
    } else {
      piece->rows = std::exchange(rows, {});
    }
    channel_.push(Message{task_, std::move(piece), nullptr, nullptr});
  }

  Channel& channel_;
  int task_;
  const std::vector<recording::ChunkEncoder>* encoders_;
  std::tuple<std::vector<Records>...> rows_;
  std::array<bool, sizeof...(Records)> keep_;
};
using Forwarder = ForwarderOf<recording::ReplicationRecords>;

struct Task {
  int regime;
  int replication;
};

}  // namespace

std::vector<recording::SummaryRow> summary_rows(const ReplicationResult& result) {
  std::vector<recording::SummaryRow> rows;
  for (std::size_t d = 0; d < model::kDirections; ++d) {
    const DirectionResult& r = result.directions[d];
    for (std::uint8_t measure = 0; measure < 2; ++measure) {
      const TimeStats& t = measure == 0 ? r.overall : r.customs;
      rows.push_back(recording::SummaryRow{static_cast<std::uint8_t>(d), measure, r.cleared, t.mean,
                                           t.median, t.p90, t.p95, t.max, r.inspection_rate,
                                           r.missed_departure_share});
    }
  }
  return rows;
}

recording::SizeInputs size_inputs(const RunPlan& plan, bool all_replications) {
  recording::SizeInputs in;
  in.regimes = static_cast<double>(plan.configs.size());
  int replications = 0;
  for (int r = all_replications ? 0 : plan.shard_index; r < plan.replications;
       r += all_replications ? 1 : plan.shard_count)
    ++replications;
  in.replication_groups = in.regimes * replications;
  const double horizon = plan.options.horizon;
  for (const auto& config : plan.configs) {
    const auto rates = arrival_rates(config);
    in.boxes += rates.boxes * horizon / in.regimes;
    in.vessel_calls += rates.vessel_calls * horizon / in.regimes;
    const auto pools = static_cast<double>(model::resource_plan(config).pools.size());
    in.pools += pools / in.regimes;
    if (plan.options.sample_interval > 0)
      in.resource_samples +=
          pools * (std::floor(horizon / plan.options.sample_interval) + 1) / in.regimes;
  }
  return in;
}

std::vector<recording::PoolUseRow> pool_use_rows(const ReplicationResult& result) {
  std::vector<recording::PoolUseRow> rows;
  for (std::size_t i = 0; i < result.pools.size(); ++i) {
    const model::PoolUse& use = result.pools[i];
    rows.push_back(recording::PoolUseRow{
        static_cast<std::uint32_t>(i), use.utilisation, std::uint8_t{use.utilisation >= kSaturated},
        use.mean_queue, use.mean_wait, use.grants, use.available_hours});
  }
  return rows;
}

std::vector<std::vector<ReplicationResult>> run_plan(const RunPlan& plan,
                                                     recording::ResultFile* file,
                                                     const ProgressFn& progress,
                                                     const HeartbeatFn& heartbeat) {
  std::vector<Task> tasks;
  for (int r = plan.shard_index; r < plan.replications; r += plan.shard_count)
    for (int g = 0; g < static_cast<int>(plan.configs.size()); ++g)
      tasks.push_back({g, r});
  const int total = static_cast<int>(tasks.size());

  Channel channel;
  // One probe per task: its clock and events while it runs (sim::RunProbe), read by the
  // heartbeat; finished[t] once its result is in.
  const auto probes = std::make_unique<sim::RunProbe[]>(tasks.size());
  std::vector<bool> finished_task(tasks.size(), false);
  std::atomic<int> next{0};
  std::atomic<bool> stop{false};
  const int jobs = std::max(1, std::min(plan.jobs, total));
  // Compression on the workers when there are several: one writing thread compressing for
  // all of them would hold them back. With one worker the writing thread, idle otherwise,
  // compresses (docs/performance.md, "Threads", has the measurements).
  const bool encode_on_workers = jobs > 1;
  const auto encoders = recording::record_encoders(recording::ReplicationRecords{},
                                                   file ? file->compression_level() : 0);
  auto worker = [&] {
    for (int t = next++; t < total && !stop; t = next++) {
      Message done{t, nullptr, nullptr, nullptr};
      try {
        model::RunOptions options = plan.options;
        options.replication = static_cast<std::uint64_t>(tasks[t].replication);
        options.probe = &probes[t];
        std::optional<Forwarder> forwarder;
        if (file) forwarder.emplace(channel, t, *file, encode_on_workers ? &encoders : nullptr);
        auto result = run_replication(plan.configs[tasks[t].regime], options,
                                      forwarder ? &*forwarder : nullptr);
        if (forwarder) forwarder->finish();
        done.done = std::make_unique<ReplicationResult>(std::move(result));
      } catch (...) {
        done.failure = std::current_exception();
      }
      channel.push(std::move(done));
    }
    channel.push(Message{-1, nullptr, nullptr, nullptr});
  };
  std::vector<std::thread> threads;
  for (int j = 0; j < jobs; ++j)
    threads.emplace_back(worker);

  // This shard's replications: shard_index, shard_index + shard_count, ...
  const int mine = total / std::max<int>(1, static_cast<int>(plan.configs.size()));
  std::vector<std::vector<ReplicationResult>> results(plan.configs.size(),
                                                      std::vector<ReplicationResult>(mine));
  std::map<int, std::unique_ptr<recording::ReplicationWriter>> writers;
  std::exception_ptr failure;
  auto writer_for = [&](int t) -> recording::ReplicationWriter& {
    auto& w = writers[t];
    if (!w)
      w = file->start_replication(plan.configs[tasks[t].regime].regime,
                                  static_cast<std::uint64_t>(tasks[t].replication));
    return *w;
  };
  // After a failure the loop keeps draining the channel (so no worker blocks on a full
  // queue) but writes nothing more; workers stop taking new tasks.
  auto fail = [&](std::exception_ptr e) {
    if (!failure) failure = e;
    stop = true;
  };
  // Until every worker has left: after a failure or an interrupt they stop taking tasks, so
  // counting finished tasks would wait forever.
  int finished = 0;
  auto beat = [&] {
    LiveProgress live{finished, total, 0.0, 0, true};
    const double horizon = plan.options.horizon;
    bool running = false;
    for (int t = 0; t < total; ++t) {
      const double clock = probes[t].clock.load(std::memory_order_relaxed);
      live.events += probes[t].events.load(std::memory_order_relaxed);
      if (finished_task[t]) {
        live.simulated += 1;
      } else if (clock > 0) {
        running = true;
        live.simulated += std::min(clock, horizon) / horizon;
        live.draining = live.draining && clock >= horizon;
      }
    }
    live.simulated /= std::max(1, total);
    live.draining = running && live.draining;
    heartbeat(live);
  };
  auto last_beat = std::chrono::steady_clock::now();
  for (int leaving = 0; leaving < jobs;) {
    if (heartbeat && std::chrono::steady_clock::now() - last_beat >=
                         std::chrono::duration<double>(kHeartbeatSeconds)) {
      last_beat = std::chrono::steady_clock::now();
      beat();
    }
    std::optional<Message> next_message =
        channel.pop_for(std::chrono::duration<double>(kHeartbeatSeconds));
    if (!next_message) continue;
    Message m = std::move(*next_message);
    if (m.task < 0) {
      ++leaving;
      continue;
    }
    if (!m.piece) {
      ++finished;
      finished_task[m.task] = true;
    }
    if (m.failure) fail(m.failure);
    if (failure) continue;
    try {
      if (m.piece) {
        Piece& piece = *m.piece;
        const std::size_t table = piece.rows.index();
        if (!piece.encoded)
          piece.encoded = std::visit(
              [&](const auto& rows) { return encoders[table].encode(rows.data(), rows.size()); },
              piece.rows);
        writer_for(m.task).add_encoded(table, *piece.encoded);
        continue;
      }
      if (file) {
        writer_for(m.task).finish(
            summary_rows(*m.done), pool_use_rows(*m.done),
            recording::ReplicationAttributes{plan.options.seed, m.done->events, m.done->in_progress,
                                             m.done->wall_seconds, kSaturated});
        writers.erase(m.task);
      }
      const Task& task = tasks[m.task];
      results[task.regime][(task.replication - plan.shard_index) / plan.shard_count] =
          std::move(*m.done);
      if (progress) progress(finished, total);
    } catch (...) {
      fail(std::current_exception());
    }
  }
  for (auto& t : threads)
    t.join();
  if (failure) std::rethrow_exception(failure);
  return results;
}

std::vector<std::vector<ReplicationResult>> run_with(const PlanRunner& runner, const RunPlan& plan,
                                                     const ProgressFn& progress) {
  return runner ? runner(plan, progress) : run_plan(plan, nullptr, progress);
}

}  // namespace clearsim::experiment
