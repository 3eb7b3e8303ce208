#pragma once
// The port clearance model: vessels call at districts, discharge and load boxes; every box
// waits for what it needs to declare, is declared, reviewed by the agencies concerned,
// assigned a risk channel, possibly scanned and examined, pays its duties, is released and
// collected — along the route models/routing.hpp describes for its facts under the regime
// its PortConfig gives. Built on the kernel; reports through a Recorder; knows nothing of
// YAML or HDF5.
#include <atomic>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include "models/config.hpp"
#include "models/port_network.hpp"
#include "models/records.hpp"
#include "models/routing.hpp"
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
  // PortOverloaded; 0: no limit. A box in the port costs about 2.7 KB (docs/cli.md).
  std::uint64_t max_in_port = 1'000'000;
  std::uint64_t max_events = 0;               // 0: no limit (sim::RunAborted past it)
  const std::atomic<bool>* cancel = nullptr;  // stops the run soon after it turns true
  sim::RunProbe* probe = nullptr;             // the run's clock and events, for a heartbeat
};

// The run was stopped because more boxes were in the port at once than allowed.
class PortOverloaded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A pool's use between the warm-up and the horizon.
struct PoolUse {
  double utilisation = 0;  // busy unit-time / available unit-time
  double mean_queue = 0;   // time-average number waiting
  double mean_wait = 0;    // mean wait of requests granted
  std::uint64_t grants = 0;
  double available_hours = 0;  // capacity integrated over time: unit-hours on duty or in service
};

class PortModel {
 public:
  PortModel(const PortConfig& config, RunOptions options, Recorder& recorder);
  PortModel(const PortModel&) = delete;
  PortModel& operator=(const PortModel&) = delete;
  ~PortModel();

  // Runs arrivals from time 0 to the horizon, then lets the port drain. Call once.
  void run();

  const ResourcePlan& plan() const { return plan_; }
  // Each pool's use between the warm-up and the horizon, in plan order.
  std::vector<PoolUse> pool_use() const;
  // Boxes whose clearance had begun but not ended when the drain limit was reached.
  std::uint64_t boxes_in_progress() const { return boxes_started_ - boxes_finished_; }
  std::uint64_t events() const { return sim_.events_processed(); }

  struct Box;
  struct VesselCall;
  struct Trip;

 private:
  struct AgencyDraws;  // stream purposes of one agency's draws

  void build_pools();
  sim::Process service_calls(int service);
  sim::Process box_stream(int stream);
  sim::Process vessel_call(std::shared_ptr<VesselCall> call);
  struct BoxStart;  // port_model.cpp
  BoxStart start_trip(Trip& trip, bool select) const;
  struct Launch;      // port_model.cpp
  struct WaitingBox;  // port_entities.hpp
  void launch_box(std::shared_ptr<VesselCall> call, const Box& box);
  Launch launch_of(const std::shared_ptr<VesselCall>& call, const Box& box);
  void end_first_wait(WaitingBox& waiting);
  void start_clearance(std::shared_ptr<VesselCall> call, const Box& box, bool waited);
  sim::Process clear_box(Trip trip, bool waited);
  Time begin_clearance(Trip& trip, bool waited);
  bool trucked_first(const Trip& trip) const;
  Time accepted_at(Trip& trip);
  void finish_box(ContainerRecord& record);
  sim::Process follow(Trip& trip);
  struct PendingWait;  // port_model.cpp
  bool step_before(Trip& trip, const Step& step, PendingWait& pending);
  static bool discharged_from_call(const Trip& trip);
  sim::Process step_work(Trip& trip, std::size_t& i);
  sim::Process hold(sim::Resource& pool, int priority, Time length);
  sim::Process arrival_of(Trip& trip);
  void step_after(Trip& trip, std::size_t i, PendingWait& pending);
  sim::Process review(Trip& trip, int agency);
  sim::Process officer_review(Trip& trip, int agency);
  sim::Process reviews(Trip& trip, const Step* first, const Step* last);
  Time move_time(const Trip& trip, const Step& step) const;
  sim::Process scan(Trip& trip, const Step& step);
  sim::Process exam(Trip& trip, const Step& step);
  sim::Process leave(Trip& trip);
  sim::Process sample_resources();
  // The flows before the arrival and after the release, each in a file of its own:
  // models/export_terminal.cpp, models/rail.cpp, models/regional.cpp.
  bool starts_off_dock(const Trip& trip) const;
  Time at_gate_time(const Trip& trip) const;
  sim::Process truck_to_terminal(Trip& trip);
  Time arrival_report_time(const Trip& trip) const;
  sim::Process load_export(Trip& trip);
  sim::Process leave_by_rail(Trip& trip);
  Time next_departure(int destination, Time earliest, bool book);
  int inland_node(const Box& box, double u) const;
  Time remote_filing(int inland, std::uint64_t box) const;
  Time to_inland_node(const Trip& trip) const;
  Time leave_for_inland(const Trip& trip) const;

  BoxFacts facts_of(const Box& box, const double* uniforms, bool select) const;
  Time declaration_time(const Box& box, const BoxFacts& facts, bool advance, Time filing,
                        ContainerRecord& record) const;
  Time duration(const Distribution& d, std::uint64_t purpose, std::uint64_t entity) const;
  int priority(const BoxFacts& facts) const;
  std::vector<PoolUse> measure_pool_use() const;

  const PortConfig& config_;
  RunOptions options_;
  Recorder& recorder_;
  PortNetwork network_;
  ResourcePlan plan_;
  sim::RandomStreams streams_;
  sim::Simulation sim_;
  std::vector<std::unique_ptr<sim::Resource>> pools_;               // plan order
  std::vector<std::unique_ptr<sim::ResourceGroup>> exam_groups_;    // per site: bays and teams
  std::vector<std::unique_ptr<sim::ResourceGroup>> inland_groups_;  // per inland node
  std::vector<AgencyDraws> agency_draws_;
  std::vector<PoolUse> use_at_horizon_;
  std::vector<std::vector<std::shared_ptr<VesselCall>>> calls_;  // per service, by number
  sim::SlotPool<WaitingBox> waiting_;          // boxes waiting for their first step (launch_box)
  std::vector<std::vector<int>> train_loads_;  // per rail destination, boxes per departure
  std::uint64_t boxes_started_ = 0;
  std::uint64_t boxes_finished_ = 0;
};

}  // namespace clearsim::model
