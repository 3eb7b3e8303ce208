#include "models/port_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace clearsim::model {

using sim::Process;
using sim::RandomStream;

namespace {

// Random-stream purposes. Every box draws everything it might need from its own streams
// at creation (see PortModel::draw), so a regime changes which draws are used, never
// which values a box gets: regimes compare on common random numbers.
enum Purpose : std::uint64_t {
  kCalls = 1,       // per service: call times
  kCallSize,        // per vessel call: boxes, crane productivity
  kStreamArrivals,  // per box stream: arrival gaps
  kGateIn,          // per export box: gate-in time
  kAttributes,      // per box: cargo, credit, rail
  kDeclaration,     // per box: advance or not, lead, lag
  kDocuments,       // per box: review times, risk assessment, yellow check
  kRisk,            // per box: selection uniforms
  kExams,           // per box: scan, exam and transit-check durations
  kRelease,         // per box: release delays, pick-up
  kMoveFirst,       // per box: move to the first inspection site
  kMoveSecond,      // per box: move on to the second agency's site
  kMoveRail,        // per box: move to the rail yard
};

// Lookahead of a service: boxes of a call exist this long before the vessel arrives, so
// exports can gate in and imports can be declared in advance. Longer advance leads are
// clipped to it.
constexpr Time kMinLookahead = 7 * 24.0;

constexpr double kSlowestCrane = 0.01;  // moves per hour

constexpr std::uint64_t kExportBit = std::uint64_t{1} << 16;
constexpr std::uint64_t kStreamBit = std::uint64_t{1} << 63;

std::uint64_t vessel_id(int service, std::uint64_t call) {
  return (static_cast<std::uint64_t>(service) << 32) | call;
}

template <std::size_t N>
std::size_t pick(const std::array<double, N>& shares, double u) {
  double cumulative = 0;
  for (std::size_t i = 0; i + 1 < N; ++i) {
    cumulative += shares[i];
    if (u < cumulative) return i;
  }
  return N - 1;
}

// Box ids give a call's boxes 16 bits per direction (see clear_box's callers).
constexpr double kMaxBoxesPerCall = 65535;

std::uint32_t box_count(const Distribution& d, RandomStream& draws) {
  return static_cast<std::uint32_t>(std::clamp(std::round(d.sample(draws)), 0.0, kMaxBoxesPerCall));
}

Time next_train(Time now, Time interval) {
  return std::ceil(now / interval) * interval;
}

// Why a run with too many boxes in the port was stopped.
std::string fmt_overload(std::uint64_t in_port, Time now) {
  return "more than " + std::to_string(in_port - 1) +
         " boxes in the port at once at t = " + std::to_string(static_cast<long long>(now)) +
         " h (the --max-in-port limit): some resource cannot keep up with the traffic; "
         "'clearsim validate' predicts which";
}

}  // namespace

// ---- entities ---------------------------------------------------------------------------

struct PortModel::VesselCall {
  VesselCall(sim::Simulation& sim) : berthed(sim) {}
  std::uint64_t id = 0;
  int service = 0;
  int district = 0;
  Time arrival = 0;
  std::uint32_t discharge = 0;
  std::uint32_t load = 0;
  double moves_per_hour = 1;  // all cranes together
  sim::Event berthed;
  Time berth_time = 0;

  Time discharge_time(std::uint32_t index) const {
    return berth_time + (index + 1) / moves_per_hour;
  }
  Time load_time(std::uint32_t index) const {
    return berth_time + (discharge + index + 1) / moves_per_hour;
  }
};

struct PortModel::Box {
  std::uint64_t id = 0;
  std::uint64_t vessel = ContainerRecord::kNoVessel;
  int district = 0;
  Direction direction = Direction::import_box;
  Time arrival = 0;         // vessel arrival (import), gate-in (export), appearance (stream)
  std::uint32_t index = 0;  // in the vessel's discharge or load sequence
};

// Everything random about one box, drawn once.
struct PortModel::Draws {
  CargoClass cargo = CargoClass::general;
  CreditClass credit = CreditClass::ordinary;
  bool rail = false;
  bool advance = false;
  Time lead = 0, lag = 0, duty = 0;
  Time customs_review = 0, ciq_review = 0, single_window_review = 0, risk_assessment = 0;
  Time yellow_check = 0;
  double u_customs = 1, u_ciq = 1, u_suspicious = 1, u_yellow = 1, u_transit = 1;
  Time scan = 0, customs_exam = 0, ciq_exam = 0, transit_check = 0;
  Time release_delay[2] = {0, 0};
  Time pickup = 0;
};

namespace {
// Durations are clamped at zero: a scenario may describe one by a normal distribution,
// whose left tail would otherwise ask the clock to run backwards.
Time duration(const Distribution& dist, RandomStream& draws) {
  return std::max(0.0, dist.sample(draws));
}
}  // namespace

PortModel::Draws PortModel::draw(const Box& box) const {
  Draws d;
  RandomStream attributes = streams_.stream(kAttributes, box.id);
  d.cargo = static_cast<CargoClass>(pick(config_.cargo_mix, attributes.uniform()));
  d.credit = static_cast<CreditClass>(pick(config_.credit_mix, attributes.uniform()));
  const double u_rail = attributes.uniform();
  if (box.direction == Direction::import_box && box.vessel != ContainerRecord::kNoVessel)
    d.rail = u_rail < config_.services[box.vessel >> 32].rail_share;

  const Direction direction = d.rail ? Direction::rail_transit : box.direction;
  const DeclarationConfig& declaration = config_.declaration[static_cast<int>(direction)];
  RandomStream declare = streams_.stream(kDeclaration, box.id);
  d.advance = declare.uniform() < declaration.advance_share;
  d.lead = duration(declaration.advance_lead, declare);
  d.lag = duration(declaration.lag, declare);
  d.duty = duration(declaration.duty_payment, declare);

  RandomStream documents = streams_.stream(kDocuments, box.id);
  d.customs_review = duration(config_.documents.customs_review, documents);
  d.ciq_review = duration(config_.documents.ciq_review, documents);
  d.single_window_review = duration(config_.documents.single_window_review, documents);
  d.risk_assessment = duration(config_.documents.risk_assessment, documents);
  d.yellow_check = duration(config_.selection.yellow_check, documents);

  RandomStream risk = streams_.stream(kRisk, box.id);
  d.u_customs = risk.uniform();
  d.u_ciq = risk.uniform();
  d.u_suspicious = risk.uniform();
  d.u_yellow = risk.uniform();
  d.u_transit = risk.uniform();

  RandomStream exams = streams_.stream(kExams, box.id);
  d.scan = duration(config_.sites[config_.districts[box.district].customs_site].scan_time, exams);
  d.customs_exam = duration(config_.inspection.customs_exam, exams);
  d.ciq_exam = duration(config_.inspection.ciq_exam, exams);
  d.transit_check = duration(config_.rail.transit_check, exams);

  RandomStream release = streams_.stream(kRelease, box.id);
  d.release_delay[0] = duration(config_.release.delay, release);
  d.release_delay[1] = duration(config_.release.delay, release);
  d.pickup = duration(config_.release.pickup, release);
  return d;
}

// Queue priority: by credit class under the green channel (advanced-certified first).
int PortModel::priority(const Box&, const Draws& draws) const {
  return config_.inspection.green_channel ? static_cast<int>(draws.credit) : 0;
}

// ---- construction -----------------------------------------------------------------------

PortModel::PortModel(const PortConfig& config, RunOptions options, Recorder& recorder)
    : config_(config),
      options_(options),
      recorder_(recorder),
      network_(config),
      streams_(options.seed, options.replication) {
  if (!(options_.horizon > 0)) throw std::invalid_argument("PortModel: horizon must be > 0");
  if (!(options_.warmup >= 0 && options_.warmup < options_.horizon))
    throw std::invalid_argument("PortModel: warm-up must be >= 0 and shorter than the horizon");
  build_resources();
  if (options_.max_events > 0) sim_.set_event_limit(options_.max_events);
  sim_.set_cancel_flag(options_.cancel);
}

PortModel::~PortModel() {
  sim_.shutdown();
}

sim::Resource* PortModel::add_resource(std::string name, ResourceKind kind, int capacity) {
  resource_store_.push_back(std::make_unique<sim::Resource>(sim_, capacity, name));
  resource_info_.push_back(ResourceInfo{std::move(name), kind, capacity});
  return resource_store_.back().get();
}

void PortModel::build_resources() {
  for (const DistrictConfig& d : config_.districts)
    berths_.push_back(add_resource(d.name + ".berths", ResourceKind::berth, d.berths));
  customs_officers_ = add_resource("customs.document_officers", ResourceKind::document_officers,
                                   config_.documents.customs_officers);
  ciq_officers_ = add_resource("ciq.document_officers", ResourceKind::document_officers,
                               config_.documents.ciq_officers);
  for (const InspectionSiteConfig& s : config_.sites) {
    SiteResources r;
    if (s.scanners > 0)
      r.scanners = add_resource(s.name + ".scanners", ResourceKind::scanner, s.scanners);
    r.bays = add_resource(s.name + ".bays", ResourceKind::bay, s.bays);
    r.customs_teams =
        add_resource(s.name + ".customs_teams", ResourceKind::customs_team, s.customs_teams);
    r.ciq_teams = add_resource(s.name + ".ciq_teams", ResourceKind::ciq_team, s.ciq_teams);
    sites_.push_back(r);
  }
}

// ---- running ----------------------------------------------------------------------------

void PortModel::run() {
  for (int s = 0; s < static_cast<int>(config_.services.size()); ++s)
    sim_.start(service_calls(s));
  for (int s = 0; s < static_cast<int>(config_.box_streams.size()); ++s)
    sim_.start(box_stream(s));
  if (options_.sample_interval > 0) sim_.start(sample_resources());
  if (options_.warmup > 0)
    sim_.call_at(options_.warmup, [this] {
      for (auto& r : resource_store_)
        r->reset_statistics();
    });
  // Utilisation is measured over [warm-up, horizon]: the drain that follows has no
  // arrivals and would dilute it.
  sim_.call_at(options_.horizon, [this] { use_at_horizon_ = measure_resource_use(); });
  sim_.run(options_.horizon + options_.drain_limit);
}

std::vector<ResourceUse> PortModel::resource_use() const {
  return use_at_horizon_.empty() ? measure_resource_use() : use_at_horizon_;
}

std::vector<ResourceUse> PortModel::measure_resource_use() const {
  std::vector<ResourceUse> use;
  for (const auto& r : resource_store_) {
    use.push_back(ResourceUse{r->utilisation(), r->queue().mean(sim_.now()), r->waits().mean(),
                              r->waits().count()});
  }
  return use;
}

Process PortModel::sample_resources() {
  while (sim_.now() <= options_.horizon) {
    for (std::size_t i = 0; i < resource_store_.size(); ++i) {
      const sim::Resource& r = *resource_store_[i];
      recorder_.resource_sample(ResourceSample{
          sim_.now(), static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(r.capacity()),
          static_cast<std::uint32_t>(r.in_use()), static_cast<std::uint32_t>(r.queue_length())});
    }
    co_await sim_.delay(options_.sample_interval);
  }
}

Time PortModel::next_call(const ServiceConfig& service, RandomStream& calls, Time previous,
                          std::uint64_t call) const {
  if (service.weekly_times.empty()) {
    return previous + Distribution::exponential_rate(service.calls_per_hour).sample(calls);
  }
  const std::size_t per_week = service.weekly_times.size();
  return 168.0 * static_cast<double>(call / per_week) + service.weekly_times[call % per_week];
}

Process PortModel::service_calls(int s) {
  const ServiceConfig& service = config_.services[s];
  RandomStream calls = streams_.stream(kCalls, static_cast<std::uint64_t>(s));
  const Time lookahead = std::max(kMinLookahead, service.export_window);
  Time arrival = 0;
  for (std::uint64_t n = 0;; ++n) {
    arrival = next_call(service, calls, arrival, n);
    if (arrival >= options_.horizon) co_return;
    if (arrival - lookahead > sim_.now()) co_await sim_.until(arrival - lookahead);

    auto call = std::make_shared<VesselCall>(sim_);
    call->id = vessel_id(s, n);
    call->service = s;
    call->district = service.district;
    call->arrival = arrival;
    RandomStream size = streams_.stream(kCallSize, call->id);
    call->discharge = box_count(service.discharge_boxes, size);
    call->load = box_count(service.load_boxes, size);
    // A crane rate drawn at or below zero (a normal's tail) is taken as a very slow crane.
    call->moves_per_hour =
        service.cranes * std::max(kSlowestCrane, service.crane_rate.sample(size));
    sim_.start(vessel_call(call));

    for (std::uint32_t i = 0; i < call->discharge; ++i) {
      sim_.start(clear_box(call, Box{(call->id << 17) | i, call->id, service.district,
                                     Direction::import_box, arrival, i}));
    }
    for (std::uint32_t j = 0; j < call->load; ++j) {
      const std::uint64_t id = (call->id << 17) | kExportBit | j;
      RandomStream gate = streams_.stream(kGateIn, id);
      const Time span = service.export_window - service.export_cutoff;
      const Time gate_in =
          std::max(sim_.now(), arrival - service.export_window + span * gate.uniform());
      sim_.start(
          clear_box(call, Box{id, call->id, service.district, Direction::export_box, gate_in, j}));
    }
  }
}

Process PortModel::box_stream(int s) {
  const BoxStreamConfig& stream = config_.box_streams[s];
  RandomStream gaps = streams_.stream(kStreamArrivals, static_cast<std::uint64_t>(s));
  const auto gap = Distribution::exponential_rate(stream.boxes_per_hour);
  for (std::uint64_t n = 0;; ++n) {
    co_await sim_.delay(gap.sample(gaps));
    if (sim_.now() >= options_.horizon) co_return;
    const std::uint64_t id = kStreamBit | (static_cast<std::uint64_t>(s) << 40) | n;
    sim_.start(clear_box(nullptr, Box{id, ContainerRecord::kNoVessel, stream.district,
                                      stream.direction, sim_.now(), 0}));
  }
}

Process PortModel::vessel_call(std::shared_ptr<VesselCall> call) {
  co_await sim_.until(call->arrival);
  VesselRecord record{call->id,
                      static_cast<std::uint16_t>(call->service),
                      static_cast<std::uint16_t>(call->district),
                      call->discharge,
                      call->load,
                      call->arrival};
  auto berth = co_await berths_[call->district]->acquire();
  call->berth_time = record.berthed = sim_.now();
  call->berthed.trigger();
  co_await sim_.delay((call->discharge + call->load) / call->moves_per_hour);
  record.departed = sim_.now();
  recorder_.vessel(record);
}

// ---- one box ------------------------------------------------------------------------------

Process PortModel::clear_box(std::shared_ptr<VesselCall> call, Box box) {
  ++boxes_started_;
  if (options_.max_in_port > 0 && boxes_started_ - boxes_finished_ > options_.max_in_port) {
    throw PortOverloaded(fmt_overload(boxes_started_ - boxes_finished_, sim_.now()));
  }
  const Draws draws = draw(box);
  if (draws.rail) box.direction = Direction::rail_transit;
  ContainerRecord r;
  r.id = box.id;
  r.vessel = box.vessel;
  r.district = static_cast<std::uint16_t>(box.district);
  r.direction = box.direction;
  r.cargo = draws.cargo;
  r.credit = draws.credit;
  r.arrival = box.arrival;
  if (draws.advance) r.checks |= kAdvanceDeclared;

  // Declaration: before arrival by the lead, or after it by the lag.
  const Time declared = draws.advance ? box.arrival - draws.lead : box.arrival + draws.lag;
  if (declared > sim_.now()) co_await sim_.until(declared);
  r.declared = sim_.now();
  co_await review_documents(box, draws, r);
  r.accepted = sim_.now();
  r.risk_assigned = r.accepted + draws.risk_assessment;

  // The box must be physically here (discharged, gated in) before checks on it and release.
  // Consecutive pure waits are taken as one, so a box costs as few events as possible.
  Time here = box.arrival;
  if (box.direction != Direction::export_box && call) {
    if (!call->berthed.triggered()) co_await call->berthed;
    here = r.discharge = call->discharge_time(box.index);
  }
  const Time ready = std::max(here, r.risk_assigned);
  if (ready > sim_.now()) co_await sim_.until(ready);

  int at = config_.districts[box.district].yard_node;
  co_await inspect(box, draws, r, at);
  // Duties and taxes are settled once the checks are done (TRS order: checks, duty/permits,
  // release), so time saved in inspection shows in the release time. Under sequential
  // exams the first agency's release came between the two exams (in inspect); this is the
  // last.
  const bool two_releases =
      !config_.inspection.joint && (r.checks & kCiqExam) && (r.checks & (kScanned | kCustomsExam));
  const Time duty_and_release = draws.duty + draws.release_delay[two_releases ? 1 : 0];
  if (duty_and_release > 0) co_await sim_.delay(duty_and_release);
  r.released = sim_.now();
  ++boxes_finished_;

  switch (box.direction) {
    case Direction::import_box:
      r.departed = r.released + draws.pickup;
      break;
    case Direction::rail_transit: {
      co_await move_to(box, at, config_.rail.node, kMoveRail);
      if (draws.u_transit < config_.rail.transit_check_share) {
        r.checks |= kTransitCheck;
        co_await sim_.delay(draws.transit_check);
      }
      const Time train = next_train(sim_.now(), config_.rail.train_interval);
      if (train > sim_.now()) co_await sim_.until(train);
      r.departed = sim_.now();
      break;
    }
    case Direction::export_box: {
      if (!call) {
        r.departed = r.released;  // a stream box leaves once released
        break;
      }
      if (!call->berthed.triggered()) co_await call->berthed;
      const Time loading = call->load_time(box.index);
      if (r.released <= loading) {
        r.departed = loading;
      } else {
        r.checks |= kMissedVessel;
      }
      break;
    }
  }
  recorder_.container(r);
}

Process PortModel::review_documents(const Box& box, const Draws& draws, ContainerRecord&) {
  const int prio = priority(box, draws);
  if (config_.documents.single_window) {
    auto officer = co_await customs_officers_->acquire(prio);
    co_await sim_.delay(draws.single_window_review);
    co_return;
  }
  {
    auto officer = co_await customs_officers_->acquire(prio);
    co_await sim_.delay(draws.customs_review);
  }
  // CIQ-regulated cargo needs its own submission and review, one after the other.
  if (config_.selection.ciq_rate[static_cast<int>(draws.cargo)] > 0) {
    auto officer = co_await ciq_officers_->acquire(prio);
    co_await sim_.delay(draws.ciq_review);
  }
}

Process PortModel::move_to(const Box& box, int& at, int node, std::uint64_t leg) {
  if (at == node) co_return;
  RandomStream draws = streams_.stream(leg, box.id);
  co_await sim_.delay(std::max(0.0, network_.sample_time(at, node, draws)));
  at = node;
}

// Risk selection and the physical checks it leads to (release follows in clear_box).
Process PortModel::inspect(const Box& box, const Draws& draws, ContainerRecord& r, int& at) {
  const SelectionConfig& sel = config_.selection;
  const InspectionConfig& how = config_.inspection;
  const auto dir = static_cast<int>(box.direction);
  const auto cargo = static_cast<int>(draws.cargo);
  const double p_customs =
      std::min(1.0, sel.customs_rate[static_cast<int>(draws.credit)] *
                        sel.customs_cargo_factor[cargo] * sel.direction_factor[dir]);
  const double p_ciq = std::min(1.0, sel.ciq_rate[cargo] * sel.direction_factor[dir]);
  const bool customs = draws.u_customs < p_customs;
  const bool ciq = draws.u_ciq < p_ciq;

  if (!customs && !ciq) {
    r.channel = Channel::green;
    if (draws.u_yellow < sel.yellow_share) {
      r.channel = Channel::yellow;
      r.checks |= kDocumentCheck;
      auto officer = co_await customs_officers_->acquire(priority(box, draws));
      co_await sim_.delay(draws.yellow_check);
    }
    co_return;
  }

  r.channel = Channel::red;
  const DistrictConfig& district = config_.districts[box.district];
  if (how.joint) {
    // One move, one exam by whichever agencies selected the box, one release.
    const int site = district.customs_site;
    bool manual_customs = customs;
    if (customs && how.machine_first && sites_[site].scanners) {
      co_await scan(box, draws, site, r, at);
      manual_customs = draws.u_suspicious < sel.scan_suspicious;
    }
    if (manual_customs || ciq) {
      const Time duration =
          std::max(manual_customs ? draws.customs_exam : 0.0, ciq ? draws.ciq_exam : 0.0);
      co_await manual_exam(box, draws, site, manual_customs, ciq, duration, r, at);
    }
  } else {
    // Each agency in turn, each with its own move, queue, exam and release.
    if (customs) {
      const int site = district.customs_site;
      bool manual = true;
      if (how.machine_first && sites_[site].scanners) {
        co_await scan(box, draws, site, r, at);
        manual = draws.u_suspicious < sel.scan_suspicious;
      }
      if (manual) co_await manual_exam(box, draws, site, true, false, draws.customs_exam, r, at);
      if (ciq) co_await sim_.delay(draws.release_delay[0]);  // customs' own release first
    }
    if (ciq)
      co_await manual_exam(box, draws, district.ciq_site, false, true, draws.ciq_exam, r, at);
  }
}

Process PortModel::scan(const Box& box, const Draws& draws, int site, ContainerRecord& r, int& at) {
  r.checks |= kScanned;
  r.scan_move = sim_.now();
  co_await move_to(box, at, config_.sites[site].node, kMoveFirst);
  r.scan_queue = sim_.now();
  auto scanner = co_await sites_[site].scanners->acquire(priority(box, draws));
  r.scan_start = sim_.now();
  co_await sim_.delay(draws.scan);
  r.scan_end = sim_.now();
}

// Opening the box: a bay, and a team of each agency taking part (acquired in that fixed
// order, so two exams can never hold what the other waits for).
Process PortModel::manual_exam(const Box& box, const Draws& draws, int site, bool customs, bool ciq,
                               Time duration, ContainerRecord& r, int& at) {
  const Time moved = sim_.now();
  const bool first_move = !(r.checks & (kScanned | kCustomsExam | kCiqExam));
  co_await move_to(box, at, config_.sites[site].node, first_move ? kMoveFirst : kMoveSecond);
  const Time queued = sim_.now();
  const int prio = priority(box, draws);
  auto bay = co_await sites_[site].bays->acquire(prio);
  sim::Resource::Unit customs_team, ciq_team;
  if (customs) customs_team = co_await sites_[site].customs_teams->acquire(prio);
  if (ciq) ciq_team = co_await sites_[site].ciq_teams->acquire(prio);
  const Time started = sim_.now();
  co_await sim_.delay(duration);
  const Time ended = sim_.now();
  if (customs) {
    r.checks |= kCustomsExam;
    r.customs_move = moved, r.customs_queue = queued, r.customs_start = started,
    r.customs_end = ended;
  }
  if (ciq) {
    r.checks |= kCiqExam;
    r.ciq_move = moved, r.ciq_queue = queued, r.ciq_start = started, r.ciq_end = ended;
  }
  if (customs && ciq) r.checks |= kJointExam;
}

}  // namespace clearsim::model
