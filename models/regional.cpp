// Regional clearance: Beijing-Tianjin-Hebei clearance integration and inland dry ports
// (plan tasks 9-10, 13). An import whose consignee is inland (Beijing, the Hebei dry ports,
// Tianjin's inland port service areas) is, in the baseline, declared at the port: its
// documents go to a broker there first (`remote_filing`), and the box waits at the port for
// the consignee's truck. Integrated: the declaration is filed and reviewed inland (no remote
// filing), and a share of inland boxes moves to its node under seal on the node's rail or
// road shuttle instead of waiting to be picked up ("declared locally, moved under customs
// seal"): released at the port on arrival if not selected, or, if selected, moved first and
// examined and released at the node by its own customs house (its bays and teams: the
// route's under_seal and inland_exam steps, models/routing.cpp).
#include "models/port_entities.hpp"

namespace clearsim::model {

namespace {

constexpr std::uint64_t kRemoteFilingPurpose = draw_purpose("regional.remote_filing");
constexpr std::uint64_t kInlandLinkPurpose = draw_purpose("regional.link");

}  // namespace

// The inland node whose consignee the import serves, from its uniform; -1: the port's own
// hinterland (or not an import).
int PortModel::inland_node(const Box& box, double u) const {
  if (box.direction != Direction::import_box) return -1;
  double cumulative = 0;
  const auto& nodes = config_.regional.nodes;
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    cumulative += nodes[n].share;
    if (u < cumulative) return static_cast<int>(n);
  }
  return -1;
}

// Baseline only: the inland consignee's documents on their way to a broker at the port.
Time PortModel::remote_filing(int inland, std::uint64_t box) const {
  if (inland < 0 || config_.regional.integrated) return 0;
  return duration(config_.regional.remote_filing, kRemoteFilingPurpose, box);
}

// The shuttle from the port to the box's inland node, under seal.
Time PortModel::to_inland_node(const Trip& trip) const {
  return duration(config_.regional.nodes[trip.facts.under_seal_to].link, kInlandLinkPurpose,
                  trip.record.id);
}

// When a box moved under seal reaches its node: a selected one was examined and released
// there (its route took it there first); the others leave on the shuttle once released.
Time PortModel::leave_for_inland(const Trip& trip) const {
  const ContainerRecord& r = trip.record;
  if (trip.facts.selected) return r.released;
  return r.released +
         duration(config_.regional.nodes[trip.facts.under_seal_to].link, kInlandLinkPurpose, r.id);
}

}  // namespace clearsim::model
