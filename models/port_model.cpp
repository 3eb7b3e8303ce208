#include "models/port_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "models/costs.hpp"
#include "models/disruptions.hpp"
#include "models/draws.hpp"
#include "models/port_entities.hpp"
#include "models/staffing.hpp"

namespace clearsim::model {

using sim::Process;
using sim::RandomStream;

struct PortModel::BoxStart {
  Time declared = 0;  // off-dock exports: worked out again at the terminal
  Time filing = 0;    // an inland consignee's documents on their way to the port
  bool advance = false;
  bool off_dock = false;
  bool takes_part = false;
};

struct PortModel::Launch {
  bool takes_part = false;
  bool waits = false;  // until `at`, before its clearance starts
  Time at = 0;
};

namespace {

// A box's trip as it begins: what it is, and its vessel call (none for a box stream).
PortModel::Trip trip_of(std::shared_ptr<PortModel::VesselCall> call, const PortModel::Box& box) {
  PortModel::Trip trip;
  trip.call = std::move(call);
  trip.box = box;
  return trip;
}

// And per agency, from a stream named after the agency.
enum AgencyUniform : std::size_t { kSelectU, kScanU, kOpenU, kAgencyUniforms };

// Stream purposes of the model's draws that do not belong to an agency.
constexpr std::uint64_t kCallsPurpose = draw_purpose("service.calls");
constexpr std::uint64_t kCallSizePurpose = draw_purpose("call.size");
constexpr std::uint64_t kStreamGapsPurpose = draw_purpose("box_stream.gaps");
constexpr std::uint64_t kGateInPurpose = draw_purpose("export.gate_in");
constexpr std::uint64_t kAdvanceLeadPurpose = draw_purpose("declaration.advance_lead");
constexpr std::uint64_t kManifestPurpose = draw_purpose("declaration.manifest");
constexpr std::uint64_t kDeliveryOrderPurpose = draw_purpose("declaration.delivery_order");
constexpr std::uint64_t kPermitsPurpose = draw_purpose("declaration.permits");
constexpr std::uint64_t kPreparationPurpose = draw_purpose("declaration.preparation");
constexpr std::uint64_t kDeferralPurpose = draw_purpose("declaration.deferral");
constexpr std::uint64_t kHandoffPurpose = draw_purpose("documents.handoff");
constexpr std::uint64_t kYellowCheckPurpose = draw_purpose("selection.yellow_check");
constexpr std::uint64_t kScanTimePurpose = draw_purpose("inspection.scan_time");
constexpr std::uint64_t kImageReviewPurpose = draw_purpose("inspection.image_review");
constexpr std::uint64_t kDutyPurpose = draw_purpose("declaration.duty_payment");
constexpr std::uint64_t kPickupPurpose = draw_purpose("release.pickup");
constexpr std::uint64_t kFindingPurpose = draw_purpose("inspection.finding");
constexpr std::uint64_t kWaiverPurpose = draw_purpose("costs.waiver");

std::uint64_t move_purpose(std::uint8_t leg) {
  return draw_purpose("move.leg", leg);
}

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

// Box ids give a call's boxes 16 bits per direction (see service_calls).
constexpr double kMaxBoxesPerCall = 65535;

std::uint32_t box_count(const Distribution& d, RandomStream& draws) {
  const double n = d.sample(draws);
  return static_cast<std::uint32_t>(
      std::isfinite(n) ? std::clamp(std::round(n), 0.0, kMaxBoxesPerCall) : 0.0);
}

// A call's boxes in a surge (models/disruptions.hpp), within the ids' 16 bits.
std::uint32_t surged(std::uint32_t boxes, double factor) {
  return static_cast<std::uint32_t>(std::clamp(std::round(boxes * factor), 0.0, kMaxBoxesPerCall));
}

// The agency whose step it is (the lowest of the step's agencies).
int agency_of(const Step& step) {
  int a = 0;
  while (!(step.agencies & (1u << a)))
    ++a;
  return a;
}

}  // namespace

// Pure waits of a box taken as one (see PortModel::follow): the time the clock would read
// after them, each end computed as the clock would compute it.
struct PortModel::PendingWait {
  Time due = 0;
  bool active = false;
  Time clock(Time now) const { return active ? due : now; }
  // `co_await sim.delay(d)`, as the clock would have done it.
  void add(Time now, Time d) {
    due = clock(now) + d;
    active = true;
  }
  // `if (t > now) co_await sim.until(t)`.
  void until(Time now, Time t) {
    if (t > clock(now)) {
      due = t;
      active = true;
    }
  }
  Time take() {
    active = false;
    return due;
  }
};

namespace {

// Why a run with too many boxes in the port was stopped.
std::string overload_message(std::uint64_t in_port, Time now) {
  return "more than " + std::to_string(in_port - 1) +
         " boxes in the port at once at t = " + std::to_string(static_cast<long long>(now)) +
         " h (the --max-in-port limit): some resource cannot keep up with the traffic; "
         "'clearsim validate' predicts which";
}

}  // namespace

// ---- entities (models/port_entities.hpp) ------------------------------------------------

// One agency's stream purposes, from its name.
struct PortModel::AgencyDraws {
  std::uint64_t uniforms, review, risk, exam, release;
  // The agency's selection probability by direction, cargo and credit class, and, for the
  // copula, its normal quantile: worked out once per run, not for every box.
  struct Selection {
    double probability = 0;
    double threshold = 0;  // inverse_normal_cdf(probability), where the copula needs it
  };
  std::array<Selection, kDirections * kCargoClasses * kCreditClasses> selection{};

  AgencyDraws(const PortConfig& config, int agency)
      : uniforms(draw_purpose("agency.uniforms." + config.agencies[agency].name)),
        review(draw_purpose("agency.review." + config.agencies[agency].name)),
        risk(draw_purpose("agency.risk." + config.agencies[agency].name)),
        exam(draw_purpose("agency.exam." + config.agencies[agency].name)),
        release(draw_purpose("agency.release." + config.agencies[agency].name)) {
    for (std::size_t d = 0; d < kDirections; ++d)
      for (std::size_t c = 0; c < kCargoClasses; ++c)
        for (std::size_t k = 0; k < kCreditClasses; ++k) {
          Selection& s = selection[index(static_cast<Direction>(d), static_cast<CargoClass>(c),
                                         static_cast<CreditClass>(k))];
          s.probability =
              selection_probability(config, agency, static_cast<Direction>(d),
                                    static_cast<CargoClass>(c), static_cast<CreditClass>(k));
          if (s.probability > 0 && config.selection.correlation > 0)
            s.threshold = sim::inverse_normal_cdf(s.probability);
        }
  }
  const Selection& selection_of(Direction d, CargoClass c, CreditClass k) const {
    return selection[index(d, c, k)];
  }

 private:
  static std::size_t index(Direction d, CargoClass c, CreditClass k) {
    return (static_cast<std::size_t>(d) * kCargoClasses + static_cast<std::size_t>(c)) *
               kCreditClasses +
           static_cast<std::size_t>(k);
  }
};

// ---- construction -----------------------------------------------------------------------

PortModel::PortModel(const PortConfig& config, RunOptions options, Recorder& recorder)
    : config_(config),
      options_(options),
      recorder_(recorder),
      network_(config),
      plan_(resource_plan(config)),
      streams_(options.seed, options.replication) {
  if (!(options_.horizon > 0)) throw std::invalid_argument("PortModel: horizon must be > 0");
  if (!(options_.warmup >= 0 && options_.warmup < options_.horizon))
    throw std::invalid_argument("PortModel: warm-up must be >= 0 and shorter than the horizon");
  if (config_.agencies.empty() || config_.agencies.size() > kMaxAgencies)
    throw std::invalid_argument("PortModel: between 1 and 6 agencies");
  for (std::size_t a = 0; a < config_.agencies.size(); ++a)
    agency_draws_.emplace_back(config_, static_cast<int>(a));
  build_pools();
  calls_.resize(config_.services.size());
  train_loads_.resize(config_.rail.destinations.size());
  if (options_.max_events > 0) sim_.set_event_limit(options_.max_events);
  sim_.set_cancel_flag(options_.cancel);
  sim_.set_probe(options_.probe);
}

PortModel::~PortModel() {
  sim_.shutdown();
}

void PortModel::build_pools() {
  for (const Pool& pool : plan_.pools)
    pools_.push_back(std::make_unique<sim::Resource>(
        sim_, static_cast<std::size_t>(std::max(0, pool.capacity)), pool.name));
  // A box being examined holds a bay and a team of every agency taking part, acquired
  // together (no hold-and-wait): at each site they form one group.
  for (std::size_t s = 0; s < config_.sites.size(); ++s) {
    auto group = std::make_unique<sim::ResourceGroup>(sim_);
    group->add(*pools_[plan_.bays[s]]);
    for (int team : plan_.exam_teams[s])
      if (team != kNoPool) group->add(*pools_[team]);
    for (int bays : plan_.own_bays[s])
      if (bays != kNoPool) group->add(*pools_[bays]);
    exam_groups_.push_back(std::move(group));
  }
  for (std::size_t n = 0; n < plan_.inland_bays.size(); ++n) {  // the inland nodes' own
    auto group = std::make_unique<sim::ResourceGroup>(sim_);
    for (int pool : {plan_.inland_bays[n], plan_.inland_teams[n]})
      if (pool != kNoPool) group->add(*pools_[pool]);
    inland_groups_.push_back(std::move(group));
  }
}

// ---- running ----------------------------------------------------------------------------

void PortModel::run() {
  start_staffing(sim_, config_.staffing, plan_, pools_);
  start_disruptions(sim_, config_.disruptions, plan_, pools_);
  for (int s = 0; s < static_cast<int>(config_.services.size()); ++s)
    sim_.start(service_calls(s));
  for (int s = 0; s < static_cast<int>(config_.box_streams.size()); ++s)
    sim_.start(box_stream(s));
  if (options_.sample_interval > 0) sim_.start(sample_resources());
  if (options_.warmup > 0)
    sim_.call_at(options_.warmup, [this] {
      for (auto& pool : pools_)
        pool->reset_statistics();
    });
  // Use is measured over [warm-up, horizon]: the drain that follows has no arrivals and
  // would dilute it.
  sim_.call_at(options_.horizon, [this] { use_at_horizon_ = measure_pool_use(); });
  sim_.run(options_.horizon + options_.drain_limit);
}

std::vector<PoolUse> PortModel::pool_use() const {
  return use_at_horizon_.empty() ? measure_pool_use() : use_at_horizon_;
}

std::vector<PoolUse> PortModel::measure_pool_use() const {
  std::vector<PoolUse> use;
  for (const auto& pool : pools_) {
    use.push_back(PoolUse{pool->utilisation(), pool->queue().mean(sim_.now()), pool->waits().mean(),
                          pool->waits().count(), pool->capacity_history().integral(sim_.now())});
  }
  return use;
}

Process PortModel::sample_resources() {
  while (sim_.now() <= options_.horizon) {
    for (std::size_t i = 0; i < pools_.size(); ++i) {
      const sim::Resource& r = *pools_[i];
      recorder_.resource_sample(ResourceSample{
          sim_.now(), static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(r.capacity()),
          static_cast<std::uint32_t>(r.in_use()), static_cast<std::uint32_t>(r.queue_length())});
    }
    co_await sim_.delay(options_.sample_interval);
  }
}

Process PortModel::service_calls(int s) {
  const ServiceConfig& service = config_.services[s];
  RandomStream calls = streams_.stream(kCallsPurpose, static_cast<std::uint64_t>(s));
  const Time lookahead = std::max(kMinLookahead, service.export_window);
  const auto gap =
      Distribution::exponential_rate(service.weekly_times.empty() ? service.calls_per_hour : 1.0);
  Time arrival = 0;
  for (std::uint64_t n = 0;; ++n) {
    if (service.weekly_times.empty()) {
      arrival += gap.sample(calls);
    } else {
      const std::size_t per_week = service.weekly_times.size();
      arrival = 168.0 * static_cast<double>(n / per_week) + service.weekly_times[n % per_week];
    }
    // Boxes arrive from time 0 until the horizon: imports with their vessel, exports at
    // their gate-in, which comes before their vessel's arrival; and boxes arriving later
    // may be declared in advance before it (clear_box decides). A call can matter until
    // its lookahead begins after the horizon.
    if (!(arrival - lookahead < options_.horizon)) co_return;
    // Always wait, even for no time: a generator that never yields would hold the kernel
    // (and its cancel flag and stall guard) off for ever.
    co_await sim_.until(std::max(sim_.now(), arrival - lookahead));

    auto call = std::make_shared<VesselCall>(sim_);
    call->id = vessel_id(s, n);
    call->service = s;
    call->number = n;
    call->district = service.district;
    call->arrival = arrival;
    RandomStream size = streams_.stream(kCallSizePurpose, call->id);
    call->discharge = box_count(service.discharge_boxes, size);
    call->load = box_count(service.load_boxes, size);
    if (const double surge = surge_factor(config_.disruptions, arrival); surge != 1) {
      call->discharge = surged(call->discharge, surge);
      call->load = surged(call->load, surge);
    }
    // A crane rate drawn at or below zero (a normal's tail) is taken as a very slow crane.
    call->moves_per_hour =
        service.cranes * std::max(kSlowestCrane, service.crane_rate.sample(size));
    sim_.start(vessel_call(call));
    calls_[s].push_back(call);  // a missed export is re-booked on a later call

    for (std::uint32_t i = 0; i < call->discharge; ++i) {
      launch_box(call, Box{(call->id << 17) | i, call->id, service.district, Direction::import_box,
                           arrival, i});
    }
    for (std::uint32_t j = 0; j < call->load; ++j) {
      const std::uint64_t id = (call->id << 17) | kExportBit | j;
      RandomStream gate = streams_.stream(kGateInPurpose, id);
      const Time span = service.export_window - service.export_cutoff;
      const Time gate_in = arrival - service.export_window + span * gate.uniform();
      if (gate_in < 0) continue;  // gated in before the run began
      launch_box(call, Box{id, call->id, service.district, Direction::export_box, gate_in, j});
    }
  }
}

Process PortModel::box_stream(int s) {
  const BoxStreamConfig& stream = config_.box_streams[s];
  RandomStream gaps = streams_.stream(kStreamGapsPurpose, static_cast<std::uint64_t>(s));
  const auto gap = Distribution::exponential_rate(stream.boxes_per_hour);
  for (std::uint64_t n = 0;; ++n) {
    co_await sim_.delay(gap.sample(gaps) / surge_factor(config_.disruptions, sim_.now()));
    if (sim_.now() >= options_.horizon) co_return;
    const std::uint64_t id = kStreamBit | (static_cast<std::uint64_t>(s) << 40) | n;
    launch_box(nullptr, Box{id, ContainerRecord::kNoVessel, stream.district, stream.direction,
                            sim_.now(), 0});
  }
}

Process PortModel::vessel_call(std::shared_ptr<VesselCall> call) {
  co_await sim_.until(call->arrival);
  VesselRecord record{call->id,
                      static_cast<std::uint16_t>(call->service),
                      static_cast<std::uint16_t>(call->district),
                      call->discharge,
                      call->load,
                      0,
                      call->arrival};
  auto berth = co_await pools_[plan_.berths[call->district]]->acquire();
  call->berth_time = record.berthed = sim_.now();
  call->berthed.trigger();
  // Until its last box is loaded, re-booked ones included (they may join while it works).
  while (sim_.now() < call->loading_done())
    co_await sim_.until(call->loading_done());
  call->left = true;
  record.rebooked = call->rebooked;
  record.departed = sim_.now();
  recorder_.vessel(record);
}

// ---- a box's facts and its declaration --------------------------------------------------

// Durations are clamped at zero: a scenario may describe one by a normal distribution,
// whose left tail would otherwise ask the clock to run backwards.
Time PortModel::duration(const Distribution& d, std::uint64_t purpose, std::uint64_t entity) const {
  RandomStream stream = streams_.stream(purpose, entity);
  return std::max(0.0, d.sample(stream));
}

// Queue priority: by credit class under the green channel (advanced-certified first).
int PortModel::priority(const BoxFacts& facts) const {
  return config_.inspection.green_channel ? static_cast<int>(facts.credit) : 0;
}

// `select`: whether to draw the agencies' risk selection (launch_of() needs only what the
// declaration depends on; clear_box() works the facts out again, selection included).
BoxFacts PortModel::facts_of(const Box& box, const double* u, bool select) const {
  BoxFacts f;
  f.district = box.district;
  f.direction = box.direction;
  f.cargo = static_cast<CargoClass>(pick(config_.cargo_mix, u[kCargoU]));
  f.credit = static_cast<CreditClass>(pick(config_.credit_mix, u[kCreditU]));
  if (box.direction == Direction::import_box && box.vessel != ContainerRecord::kNoVessel &&
      u[kRailU] < config_.services[box.vessel >> 32].rail_share)
    f.direction = Direction::rail_transit;
  const auto credit = static_cast<int>(f.credit);
  const DeclarationConfig& declaration = config_.declaration[static_cast<int>(f.direction)];
  f.guaranteed = u[kGuaranteeU] < declaration.guarantee_share[credit];

  // Risk selection: agency a selects the box when its risk score sqrt(rho) z + sqrt(1 - rho)
  // e_a falls below Phi^-1(p_a), with z common to all agencies (Gaussian copula). With
  // rho = 0 that is e_a < Phi^-1(p_a), i.e. the agency's own uniform below p_a.
  const double rho = config_.selection.correlation;
  const double common = select && rho > 0 ? sim::inverse_normal_cdf(u[kRiskU]) : 0.0;
  const MachineFirstConfig& mf = config_.inspection.machine_first;
  for (std::size_t a = 0; select && a < config_.agencies.size(); ++a) {
    const AgencyDraws::Selection& chance =
        agency_draws_[a].selection_of(f.direction, f.cargo, f.credit);
    if (chance.probability <= 0) continue;
    RandomStream own = streams_.stream(agency_draws_[a].uniforms, box.id);
    double v[kAgencyUniforms];
    for (double& x : v)
      x = own.uniform();
    const bool selected =
        rho > 0
            ? std::sqrt(rho) * common + std::sqrt(1 - rho) * sim::inverse_normal_cdf(v[kSelectU]) <
                  chance.threshold
            : v[kSelectU] < chance.probability;
    if (!selected) continue;
    const auto bit = static_cast<AgencySet>(1u << a);
    f.selected |= bit;
    if (!config_.agencies[a].scannable || !(v[kScanU] < mf.share)) continue;
    f.scanned |= bit;
    if (v[kOpenU] < mf.open_after_review) f.opened_after_scan |= bit;
  }
  f.yellow = !f.selected && u[kYellowU] < config_.selection.yellow_share;
  // Regional clearance: an inland consignee's box moved to its node under seal.
  const RegionalConfig& regional = config_.regional;
  if (f.direction == Direction::import_box && regional.integrated &&
      u[kUnderSealU] < regional.under_seal_share)
    f.under_seal_to = inland_node(box, u[kInlandU]);
  return f;
}

// When the box is declared: in advance, or once the declarant has what it needs (manifest
// then delivery order, and the permits, side by side), has prepared the declaration and,
// for some, has used free storage time. Stamps each of those milestones. `filing`: the
// inland consignee's documents on their way to a broker at the port (models/regional.cpp).
Time PortModel::declaration_time(const Box& box, const BoxFacts& facts, bool advance, Time filing,
                                 ContainerRecord& r) const {
  const DeclarationConfig& d = config_.declaration[static_cast<int>(facts.direction)];
  if (advance) return box.arrival - duration(d.advance_lead, kAdvanceLeadPurpose, box.id);
  r.manifest = box.arrival + duration(d.manifest, kManifestPurpose, box.id);
  r.delivery_order = r.manifest + duration(d.delivery_order, kDeliveryOrderPurpose, box.id);
  r.permits =
      box.arrival + duration(d.permits[static_cast<int>(facts.cargo)], kPermitsPurpose, box.id);
  r.prepared = std::max(r.delivery_order, r.permits) + filing +
               duration(d.preparation, kPreparationPurpose, box.id);
  if (!(r.checks & kDeferred)) return r.prepared;
  return r.prepared + duration(d.deferral, kDeferralPurpose, box.id);
}

// ---- one box ------------------------------------------------------------------------------

// A box's draws, its facts and its record up to the declaration, worked out by a plain
// function: the box's clearance frame, alive until the box leaves, then holds none of the
// temporaries (the uniforms, the declaration's parts).
PortModel::BoxStart PortModel::start_trip(Trip& trip, bool select) const {
  const Box box = trip.box;
  double u[kBoxUniforms];
  RandomStream uniforms = streams_.stream(kBoxUniformsPurpose, box.id);
  for (double& x : u)
    x = uniforms.uniform();
  trip.facts = facts_of(box, u, select);
  trip.box.direction = trip.facts.direction;
  trip.priority = priority(trip.facts);
  trip.at = config_.districts[box.district].yard_node;

  ContainerRecord& r = trip.record;
  r.id = box.id;
  r.vessel = box.vessel;
  r.district = static_cast<std::uint16_t>(box.district);
  r.direction = trip.facts.direction;
  r.cargo = trip.facts.cargo;
  r.credit = trip.facts.credit;
  r.selected = trip.facts.selected;
  r.arrival = box.arrival;
  r.channel = trip.facts.selected ? Channel::red
              : trip.facts.yellow ? Channel::yellow
                                  : Channel::green;
  const auto credit = static_cast<int>(trip.facts.credit);
  const DeclarationConfig& declaration = config_.declaration[static_cast<int>(r.direction)];
  BoxStart start;
  start.advance = u[kAdvanceU] < declaration.advance_share[credit];
  if (start.advance) r.checks |= kAdvanceDeclared;
  if (!start.advance && u[kDeferU] < declaration.deferral_share[credit]) r.checks |= kDeferred;
  if (trip.facts.guaranteed) r.checks |= kGuaranteed;
  if (trip.facts.yellow) r.checks |= kDocumentCheck;
  trip.inland = inland_node(trip.box, u[kInlandU]);
  trip.rail_destination_u = u[kRailDestinationU];
  if (trip.inland >= 0 && config_.regional.integrated) r.checks |= kInland;
  start.filing = remote_filing(trip.inland, box.id);

  // An export that starts off-dock is trucked to the terminal (export_terminal.cpp); it
  // takes part if it is ready before the horizon.
  start.off_dock = starts_off_dock(trip);
  start.declared =
      start.off_dock ? 0 : declaration_time(box, trip.facts, start.advance, start.filing, r);
  // A box takes part if it arrives before the horizon, or is declared in advance before it
  // (its vessel or gate-in comes later): otherwise the work before the horizon would lack
  // the advance declarations of the boxes due just after it.
  start.takes_part = box.arrival < options_.horizon ||
                     (!start.off_dock && start.advance && start.declared < options_.horizon);
  return start;
}

// A box comes into existence a lookahead before its vessel, but its first wait (for its
// declaration, or for its truck to reach the terminal gate) is usually days long: it waits
// that out as a WaitingBox (a calendar wake-up, its call and its Box), and its clearance
// process, with the whole Trip, starts only when the wait ends. start_trip() is a pure
// function of the box (its draws are keyed by the box), so working it out again then gives
// the same values; the wake-up is made at the moment, and so takes the place in the
// calendar, that clear_box()'s own wait would have, so the results are the same as when
// clear_box() waited itself.
void PortModel::launch_box(std::shared_ptr<VesselCall> call, const Box& box) {
  const Launch launch = launch_of(call, box);
  if (!launch.takes_part) return;
  if (!launch.waits) {
    start_clearance(std::move(call), box, false);
    return;
  }
  static_assert(sizeof(WaitingBox) <= 56, "a waiting box is meant to cost 56 bytes at most");
  static_assert(sizeof(Box) == 40, "a new Box field must be kept by WaitingBox::keep() and box()");
  WaitingBox& waiting = waiting_.take();
  waiting.port = this;
  waiting.call = std::move(call);
  waiting.keep(box);
  sim_.call_at(launch.at, waiting);
}

// The slot is given back before the clearance starts: it may be taken again at once (a box
// launched while this one's clearance runs to its first wait), and it holds nothing needed.
void PortModel::end_first_wait(WaitingBox& waiting) {
  const Box box = waiting.box();
  std::shared_ptr<VesselCall> call = std::move(waiting.call);
  waiting_.give_back(waiting);
  start_clearance(std::move(call), box, true);
}

// Whether the box takes part (counted in the port from now), and when its clearance starts.
PortModel::Launch PortModel::launch_of(const std::shared_ptr<VesselCall>& call, const Box& box) {
  Trip trip = trip_of(call, box);
  const BoxStart start = start_trip(trip, /*select=*/false);  // its selection is not needed yet
  Launch launch;
  if (!start.takes_part) return launch;
  launch.takes_part = true;
  ++boxes_started_;
  if (options_.max_in_port > 0 && boxes_started_ - boxes_finished_ > options_.max_in_port)
    throw PortOverloaded(overload_message(boxes_started_ - boxes_finished_, sim_.now()));
  if (start.off_dock) {
    // Cleared at the gate: the trucking and the declaration go side by side from now.
    if (config_.export_terminal.clear_at_gate) return launch;
    trip.record.ready = trip.box.arrival;
    launch.waits = true;
    launch.at = at_gate_time(trip);
  } else if (start.declared > sim_.now()) {
    launch.waits = true;
    launch.at = start.declared;
  }
  return launch;
}

// The Trip is built here and moved into clear_box's frame: no other frame holds a copy.
void PortModel::start_clearance(std::shared_ptr<VesselCall> call, const Box& box, bool waited) {
  sim_.start(clear_box(trip_of(std::move(call), box), waited));
}

// `waited`: launch_box has already waited for the box's first wait (see launch_of).
// The work between the waits is done by plain functions, so that none of their temporaries
// takes room in this frame, which every box in clearance holds.
Process PortModel::clear_box(Trip trip, bool waited) {
  Time accepted = begin_clearance(trip, waited);
  if (trucked_first(trip)) {
    // Baseline: an off-dock export is declared once the box is at the terminal (the
    // trucking leg is a step of the box's own process).
    co_await truck_to_terminal(trip);
    trip.box.arrival = trip.record.arrival;
    accepted = accepted_at(trip);
  }
  if (accepted > sim_.now()) co_await sim_.until(accepted);
  trip.route = route(config_, plan_, trip.facts);
  co_await follow(trip);
  ++boxes_finished_;
  co_await leave(trip);
  finish_box(trip.record);
}

// The box's draws and facts worked out, and the time its clearance can begin: when it is
// declared (and, off-dock, accepted). An off-dock export of the baseline is first trucked to
// the terminal (trucked_first): for it, now.
Time PortModel::begin_clearance(Trip& trip, bool waited) {
  const BoxStart start = start_trip(trip, /*select=*/true);
  ContainerRecord& r = trip.record;
  trip.at_gate = waited && start.off_dock;
  if (!start.off_dock) {
    r.declared = std::max(start.declared, sim_.now());  // the clock once the box has waited
    return start.declared;
  }
  r.ready = trip.box.arrival;
  if (trucked_first(trip)) return sim_.now();
  // Under the reform, declared from off-dock while the truck is on its way.
  trip.trucking = sim_.start(truck_to_terminal(trip));
  return accepted_at(trip);
}

// Baseline: an off-dock export is declared once it is at the terminal, the trucking a step of
// its own process (the reform declares it while the truck is on its way).
bool PortModel::trucked_first(const Trip& trip) const {
  return starts_off_dock(trip) && !config_.export_terminal.clear_at_gate;
}

// An off-dock export's declaration (an advance declaration may date from before the
// gate-in), accepted once the arrival is reported: the later of the two.
Time PortModel::accepted_at(Trip& trip) {
  ContainerRecord& r = trip.record;
  const bool advance = (r.checks & kAdvanceDeclared) != 0;  // as start_trip() drew it
  const Time declared =
      declaration_time(trip.box, trip.facts, advance, remote_filing(trip.inland, trip.box.id), r);
  r.declared = std::max(0.0, declared);
  return std::max(declared, arrival_report_time(trip));
}

// The box has left: whether its examination found anything (which decides who pays for it,
// the fee waiver), its costs, its record.
void PortModel::finish_box(ContainerRecord& r) {
  if (r.channel == Channel::red && streams_.stream(kFindingPurpose, r.id).uniform() <
                                       config_.costs.finding_share[static_cast<int>(r.credit)])
    r.checks |= kFinding;
  charge(config_.costs, r, streams_.stream(kWaiverPurpose, r.id).uniform());
  recorder_.container(r);
}

// Walks the box's route (models/routing.hpp) from its declaration to its release.
//
// Consecutive pure waits (no pool, no event between them: a risk engine, a hand-off, the
// wait for the discharge, duties, the release message) are taken as one calendar entry.
// `pending` keeps the time the clock would read after each of them, computed exactly as
// the clock would (the previous end + the duration), and the box waits for it only before
// it next needs a pool or an event, or at the end: the times, and so every result, are the
// same as waiting for each in turn, with fewer events.
//
// A step is worked in three parts: what it stamps before the clock catches up (step_before),
// the wait for the pending time and its pool or event (step_work, a process of its own only
// while the step lasts), and the pure waits and stamps after (step_after). follow() thus has
// one wait for the clock and one for a step: GCC gives every co_await of a coroutine a slot
// of its own in the frame, and the box's frame is alive for its whole clearance.
Process PortModel::follow(Trip& trip) {
  PendingWait pending;
  for (std::size_t i = 0;; ++i) {
    const bool end = i == trip.route.size();
    const bool waits = end || step_before(trip, trip.route[i], pending);
    if (waits && pending.active) co_await sim_.until(pending.take());
    if (end) break;
    const std::size_t step = i;
    if (waits) co_await step_work(trip, i);
    if (i == step) step_after(trip, i, pending);  // else parallel reviews, complete in review()
  }
}

// The part of a step before the clock must catch up: true if the step needs a pool or an
// event (then the pending waits are taken first).
bool PortModel::step_before(Trip& trip, const Step& step, PendingWait& pending) {
  switch (step.kind) {
    case StepKind::review:
    case StepKind::yellow_check:
    case StepKind::scan:
    case StepKind::image_review:
    case StepKind::exam:
    case StepKind::inland_exam:
      return true;
    case StepKind::presence:
      // The box must be physically here (discharged, gated in) before checks and release.
      // What has happened by now has happened by the end of the pending wait; what has not
      // is waited for then.
      trip.record.risk_assigned = pending.clock(sim_.now());
      if (trip.trucking) return !trip.trucking->done();
      return discharged_from_call(trip) && !trip.call->berthed.triggered();
    default:
      return false;
  }
}

// An import or rail box of a vessel call: here once the crane has discharged it.
bool PortModel::discharged_from_call(const Trip& trip) {
  return trip.box.direction != Direction::export_box && trip.call;
}

// A step's pool or event, after the pending waits. Parallel reviews move `i` to the last of
// them.
Process PortModel::step_work(Trip& trip, std::size_t& i) {
  const Step& step = trip.route[i];
  const std::uint64_t box = trip.record.id;
  switch (step.kind) {
    case StepKind::review: {
      if (step.parallel) {
        std::size_t last = i;
        while (trip.route[last].parallel)
          ++last;
        const Step* first = &trip.route[i];
        i = last;
        return reviews(trip, first, &trip.route[last]);
      }
      return officer_review(trip, agency_of(step));
    }
    case StepKind::presence:
      return arrival_of(trip);
    case StepKind::yellow_check:
      return hold(*pools_[plan_.officers[kLeadAgency]], trip.priority,
                  duration(config_.selection.yellow_check, kYellowCheckPurpose, box));
    case StepKind::scan:
      return scan(trip, step);
    case StepKind::image_review:
      return hold(
          *pools_[plan_.image_officers], trip.priority,
          duration(config_.inspection.machine_first.image_review, kImageReviewPurpose, box));
    default:  // exam, inland_exam (step_before admits no other kind)
      return exam(trip, step);
  }
}

// A unit of the pool for `length` hours, once it is the box's turn (its draw is keyed by the
// box, so drawing it before the unit is granted gives the same value).
Process PortModel::hold(sim::Resource& pool, int priority, Time length) {
  auto unit = co_await pool.acquire(priority);
  co_await sim_.delay(length);
}

// Waits for the box's truck to reach the terminal gate, or its vessel to berth.
Process PortModel::arrival_of(Trip& trip) {
  if (trip.trucking)
    co_await trip.trucking->join();
  else
    co_await trip.call->berthed;
}

// The part of a step after its pool or event: pure waits added to `pending`, and stamps.
void PortModel::step_after(Trip& trip, std::size_t i, PendingWait& pending) {
  ContainerRecord& r = trip.record;
  const Route& route = trip.route;
  const Step& step = route[i];
  switch (step.kind) {
    case StepKind::review:
      // The agency's own risk engine runs after its review, unless the policy merges them.
      if (config_.inspection.policy != ExamPolicy::joint) {
        const int agency = agency_of(step);
        pending.add(sim_.now(), duration(config_.agencies[agency].risk_assessment,
                                         agency_draws_[agency].risk, r.id));
      }
      break;
    case StepKind::handoff:
      pending.add(sim_.now(), duration(config_.documents.handoff,
                                       draw_purpose("documents.handoff", trip.handoffs++), r.id));
      break;
    case StepKind::risk:  // the merged engine: the lead agency's
      pending.add(sim_.now(), duration(config_.agencies[kLeadAgency].risk_assessment,
                                       agency_draws_[kLeadAgency].risk, r.id));
      break;
    case StepKind::presence: {
      Time here = trip.box.arrival;
      if (trip.trucking) {  // an export on its way from off-dock: here once gated in
        here = trip.box.arrival = r.arrival;
      } else if (discharged_from_call(trip)) {
        here = trip.call->discharge_time(trip.box.index);
      }
      r.present = here;
      pending.until(sim_.now(), here);
      break;
    }
    case StepKind::move:
      ++r.moves;
      if (step.parallel) {  // back to the stack while the release goes on: delays nothing
        trip.at = step.node;
        break;
      }
      trip.move_began = pending.clock(sim_.now());
      pending.add(sim_.now(), move_time(trip, step));
      trip.at = step.node;
      break;
    case StepKind::under_seal:  // regional clearance (models/regional.cpp)
      pending.add(sim_.now(), to_inland_node(trip));
      break;
    case StepKind::duty:
      if (std::isnan(r.checks_done)) r.checks_done = pending.clock(sim_.now());
      pending.add(sim_.now(),
                  duration(config_.declaration[static_cast<int>(r.direction)].duty_payment,
                           kDutyPurpose, r.id));
      r.duties_paid = pending.clock(sim_.now());
      break;
    case StepKind::release: {
      const bool final = i + 1 == route.size();
      if (final) {
        if (std::isnan(r.checks_done)) r.checks_done = pending.clock(sim_.now());
        if (std::isnan(r.duties_paid)) r.duties_paid = pending.clock(sim_.now());
      }
      const int agency = agency_of(step);
      pending.add(sim_.now(), duration(config_.release.delay, agency_draws_[agency].release, r.id));
      if (final) r.released = pending.clock(sim_.now());
      break;
    }
    default:  // the steps of a pool: their work was the whole step
      break;
  }
}

// Reviews [first, last]: one after the other, or side by side when they are marked parallel
// (single window) — the box goes on when the last of them is done.
Process PortModel::reviews(Trip& trip, const Step* first, const Step* last) {
  std::vector<sim::ProcessRef> side;
  for (const Step* s = first; s != last; ++s)
    side.push_back(sim_.start(review(trip, agency_of(*s))));
  co_await review(trip, agency_of(*last));
  for (auto& other : side)
    co_await other.join();
}

// An agency's review with its own risk engine after it, for reviews side by side (a review
// in sequence leaves its risk engine to follow()'s pending waits).
Process PortModel::review(Trip& trip, int agency) {
  co_await officer_review(trip, agency);
  // Each agency's own risk engine runs after its review, unless the policy merges them.
  if (config_.inspection.policy != ExamPolicy::joint)
    co_await sim_.delay(duration(config_.agencies[agency].risk_assessment,
                                 agency_draws_[agency].risk, trip.record.id));
}

// One of the agency's document officers for the box's review.
Process PortModel::officer_review(Trip& trip, int agency) {
  return hold(
      *pools_[plan_.officers[agency]], trip.priority,
      duration(config_.agencies[agency].review, agency_draws_[agency].review, trip.record.id));
}

// The lift and move to the step's node: its time, from the box's draws for that leg.
Time PortModel::move_time(const Trip& trip, const Step& step) const {
  RandomStream draws = streams_.stream(move_purpose(step.leg), trip.record.id);
  return std::max(0.0, network_.sample_time(trip.at, step.node, draws));
}

Process PortModel::scan(Trip& trip, const Step& step) {
  ContainerRecord& r = trip.record;
  ExamRecord e;
  e.box = r.id;
  e.kind = step.site < 0 ? ExamKind::gate_scan : ExamKind::yard_scan;
  e.agencies = r.selected;
  e.site = static_cast<std::int16_t>(step.site);
  e.district = r.district;
  e.moved = step.site < 0 ? kNotReached : trip.move_began;
  e.queued = sim_.now();
  r.checks |= kScanned | (step.site < 0 ? kGateScan : 0);
  const Distribution& time = step.site < 0 ? config_.districts[r.district].gate_scan_time
                                           : config_.sites[step.site].scan_time;
  {
    auto scanner = co_await pools_[step.pools[0]]->acquire(trip.priority);
    e.started = sim_.now();
    co_await sim_.delay(duration(time, draw_purpose("inspection.scan", trip.scans++), r.id));
    e.ended = sim_.now();
  }
  recorder_.exam(e);
  trip.move_began = kNotReached;
}

// Opening the box: a bay and a team of each agency taking part, acquired together; it
// lasts as long as the longest of their examinations.
Process PortModel::exam(Trip& trip, const Step& step) {
  ContainerRecord& r = trip.record;
  ExamRecord e;
  e.box = r.id;
  e.kind = step.kind == StepKind::inland_exam ? ExamKind::inland : ExamKind::manual;
  e.agencies = step.agencies;
  e.site = static_cast<std::int16_t>(step.site);
  e.district = r.district;
  e.moved = trip.move_began;
  e.queued = sim_.now();
  Time length = 0;
  for (std::size_t a = 0; a < config_.agencies.size(); ++a)
    if (step.agencies & (1u << a))
      length = std::max(length, duration(config_.agencies[a].exam, agency_draws_[a].exam, r.id));
  std::array<sim::Resource*, 1 + kMaxAgencies> needs{};
  for (std::size_t i = 0; i < step.pool_count; ++i)
    needs[i] = pools_[step.pools[i]].get();
  {
    sim::ResourceGroup& group =
        step.kind == StepKind::inland_exam ? *inland_groups_[step.node] : *exam_groups_[step.site];
    auto held = co_await group.acquire(needs.data(), step.pool_count, trip.priority);
    e.started = sim_.now();
    co_await sim_.delay(length);
    e.ended = sim_.now();
  }
  r.checks |= kOpened;
  if (step.agencies & (step.agencies - 1)) r.checks |= kJointExam;
  r.opened_by |= step.agencies;
  recorder_.exam(e);
  trip.move_began = kNotReached;
}

// From release to leaving the port: the consignee's pick-up (or an inland shuttle), the
// train (models/rail.cpp), or the vessel (models/export_terminal.cpp).
Process PortModel::leave(Trip& trip) {
  ContainerRecord& r = trip.record;
  switch (trip.box.direction) {
    case Direction::import_box:
      r.departed = trip.facts.under_seal_to >= 0
                       ? leave_for_inland(trip)
                       : r.released + duration(config_.release.pickup, kPickupPurpose, r.id);
      break;
    case Direction::rail_transit:
      co_await leave_by_rail(trip);
      break;
    case Direction::export_box:
      co_await load_export(trip);
      break;
  }
}

}  // namespace clearsim::model
