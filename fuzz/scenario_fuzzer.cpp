// libFuzzer target for the scenario decoder: Scenario::parse must turn every input into a
// Scenario or a ScenarioError. Any other exception (it escapes LLVMFuzzerTestOneInput and
// aborts), a sanitizer report, a timeout or running out of memory is a bug in the decoder.
//
// Built by fuzz/CMakeLists.txt with clang and -fsanitize=fuzzer,address,undefined; run by
// `make fuzz` (see fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace {

// A decoded configuration is "validated by whoever fills it" (models/config.hpp): the model
// indexes vectors with these fields without checking. An index out of range here is a
// decoder bug, reported as a crash. Reading every name also lets ASan see the strings.
void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "scenario_fuzzer: decoded config violates: %s\n", what);
    std::abort();
  }
}

bool in_range(int index, std::size_t size) {
  return index >= 0 && static_cast<std::size_t>(index) < size;
}

std::size_t check(const clearsim::model::PortConfig& config) {
  std::size_t sum = config.name.size() + config.regime.size();
  const std::size_t nodes = config.nodes.size();
  for (const auto& node : config.nodes) {
    sum += node.name.size();
    require(node.district == -1 || in_range(node.district, config.districts.size()),
            "node.district");
  }
  for (const auto& edge : config.edges) {
    require(in_range(edge.from, nodes) && in_range(edge.to, nodes), "edge endpoints");
  }
  for (const auto& district : config.districts) {
    sum += district.name.size();
    require(in_range(district.berth_node, nodes) && in_range(district.yard_node, nodes) &&
                in_range(district.gate_node, nodes),
            "district nodes");
    require(district.exam_site.size() == config.agencies.size(), "one exam site per agency");
    for (const int site : district.exam_site)
      require(in_range(site, config.sites.size()), "district.exam_site");
  }
  for (const auto& site : config.sites) {
    sum += site.name.size();
    require(in_range(site.node, nodes), "site.node");
    require(site.teams.size() == config.agencies.size(), "teams per agency");
  }
  require(!config.agencies.empty() && config.agencies.size() <= clearsim::model::kMaxAgencies,
          "1 to kMaxAgencies agencies");
  for (const auto& agency : config.agencies)
    sum += agency.name.size();
  for (const auto& service : config.services) {
    sum += service.name.size() + service.weekly_times.size();
    require(in_range(service.district, config.districts.size()), "service.district");
  }
  for (const auto& stream : config.box_streams) {
    sum += stream.name.size();
    require(in_range(stream.district, config.districts.size()), "box_stream.district");
  }
  require(config.rail.node == -1 || in_range(config.rail.node, nodes), "rail.node");
  return sum;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto scenario = clearsim::scenario::Scenario::parse(text, "fuzz.yaml");
    volatile std::size_t sink = 0;
    const std::vector<std::string> names = scenario.regime_names();
    for (const auto& name : names) {
      sink = sink + check(scenario.config(name));
      sink = sink + scenario.regime_description(name).size();
    }
    const auto defaults = scenario.defaults();
    sink = sink + static_cast<std::size_t>(defaults.replications) +
           static_cast<std::size_t>(defaults.seed);
    (void)sink;
  } catch (const clearsim::scenario::ScenarioError&) {
    // Expected: the decoder rejected the input with a message for the user.
  }
  // Anything else propagates out of here, std::terminate aborts, and libFuzzer reports it.
  return 0;
}
