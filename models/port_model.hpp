#pragma once
// The port clearance model: vessels call at districts, discharge and load boxes; every box
// is declared, reviewed, assigned a risk channel, possibly scanned and examined, released
// and collected, under the regime its PortConfig describes. Built on the kernel; reports
// through a Recorder; knows nothing of YAML or HDF5.
#include <atomic>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include "models/config.hpp"
#include "models/port_network.hpp"
#include "models/records.hpp"
#include "sim/kernel/kernel.hpp"

namespace clearsim::model {

struct RunOptions {
  std::uint64_t seed = 1;
  std::uint64_t replication = 0;
  Time horizon = 24.0 * 30;
  Time warmup = 0;             // resource statistics restart here
  Time sample_interval = 1.0;  // resource samples to the recorder; 0: none
  // Vessels and boxes arrive until the horizon; the boxes still in the port then finish
  // their clearance (so long release times are not cut off), for at most this long.
  Time drain_limit = 90 * 24.0;
  // Guards against runaway runs (an overloaded resource makes queues, and memory, grow
  // without bound): more boxes in the port at once than this stops the run with
  // PortOverloaded (a box in the port costs about 1 KiB); 0: no limit.
  std::uint64_t max_in_port = 1'000'000;
  std::uint64_t max_events = 0;               // 0: no limit (sim::RunAborted past it)
  const std::atomic<bool>* cancel = nullptr;  // stops the run soon after it turns true
};

// The run was stopped because more boxes were in the port at once than allowed.
class PortOverloaded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ResourceUse {
  double utilisation = 0;  // busy unit-time / available unit-time since the warm-up
  double mean_queue = 0;   // time-average number waiting
  double mean_wait = 0;    // mean wait of requests granted since the warm-up
  std::uint64_t grants = 0;
};

class PortModel {
 public:
  PortModel(const PortConfig& config, RunOptions options, Recorder& recorder);
  PortModel(const PortModel&) = delete;
  PortModel& operator=(const PortModel&) = delete;
  ~PortModel();

  // Runs arrivals from time 0 to the horizon, then lets the port drain. Call once.
  void run();

  const std::vector<ResourceInfo>& resources() const { return resource_info_; }
  // Each resource's use between the warm-up and the horizon.
  std::vector<ResourceUse> resource_use() const;
  // Boxes whose clearance had begun but not ended when the drain limit was reached.
  std::uint64_t boxes_in_progress() const { return boxes_started_ - boxes_finished_; }
  std::uint64_t events() const { return sim_.events_processed(); }

  struct Box;
  struct VesselCall;

 private:
  struct SiteResources {
    sim::Resource* scanners = nullptr;
    sim::Resource* bays = nullptr;
    sim::Resource* customs_teams = nullptr;
    sim::Resource* ciq_teams = nullptr;
  };
  struct Draws;

  sim::Resource* add_resource(std::string name, ResourceKind kind, int capacity);
  void build_resources();

  sim::Process service_calls(int service);
  sim::Process box_stream(int stream);
  sim::Process vessel_call(std::shared_ptr<VesselCall> call);
  sim::Process clear_box(std::shared_ptr<VesselCall> call, Box box);
  sim::Process review_documents(const Box& box, const Draws& draws, ContainerRecord& record);
  sim::Process inspect(const Box& box, const Draws& draws, ContainerRecord& record, int& at);
  sim::Process scan(const Box& box, const Draws& draws, int site, ContainerRecord& record, int& at);
  sim::Process manual_exam(const Box& box, const Draws& draws, int site, bool customs, bool ciq,
                           Time duration, ContainerRecord& record, int& at);
  // Moves the box from node `at` to `node` (one draw per edge from its `leg` stream).
  sim::Process move_to(const Box& box, int& at, int node, std::uint64_t leg);
  sim::Process sample_resources();

  std::vector<ResourceUse> measure_resource_use() const;
  Draws draw(const Box& box) const;
  int priority(const Box& box, const Draws& draws) const;
  Time next_call(const ServiceConfig& service, sim::RandomStream& calls, Time previous,
                 std::uint64_t call) const;

  const PortConfig& config_;
  RunOptions options_;
  Recorder& recorder_;
  PortNetwork network_;
  sim::RandomStreams streams_;
  sim::Simulation sim_;
  std::vector<std::unique_ptr<sim::Resource>> resource_store_;
  std::vector<ResourceInfo> resource_info_;
  std::vector<sim::Resource*> berths_;  // per district
  std::vector<SiteResources> sites_;
  sim::Resource* customs_officers_ = nullptr;
  sim::Resource* ciq_officers_ = nullptr;
  std::vector<ResourceUse> use_at_horizon_;
  std::uint64_t boxes_started_ = 0;
  std::uint64_t boxes_finished_ = 0;
};

}  // namespace clearsim::model
