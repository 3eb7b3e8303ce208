// clearsim size: the smallest resources that meet a target (sim/experiment/sizing.hpp does
// the search; this file reads the command line, expands the --vary keys and prints).
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "sim/cli/commands.hpp"
#include "sim/cli/experiment_setup.hpp"
#include "sim/cli/mpi_runs.hpp"
#include "sim/cli/mpi_world.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/progress.hpp"
#include "sim/experiment/sizing.hpp"

namespace clearsim::cli {

namespace {

using experiment::SizingCandidate;
using experiment::SizingResult;
using experiment::SizingVariable;

po::options_description size_options() {
  po::options_description o(
      "clearsim size SCENARIO --target DIRECTION.METRIC<=VALUE --vary KEY [--vary KEY...]\n\n"
      "The smallest values of the --vary resources at which the target is met, e.g.\n"
      "  clearsim size scenarios/tianjin.yaml --regime reform --target 'import.p90<=48h' \\\n"
      "    --vary 'inspection_sites[*].scanners' --vary 'inspection_sites[*].teams.customs'\n"
      "KEY is a whole-number scenario key as for --set; [*] stands for every named item of\n"
      "the list, each varied on its own. The traffic equations give the lower bracket (every\n"
      "varied pool predicted below 100 % utilisation); simulation on common random numbers\n"
      "then grows the most utilised resource until the target is met, and trims each back.\n"
      "A candidate meets the target when the whole 95 % interval of the metric over the\n"
      "replications is on the target's side. METRIC: mean_h, median_h, p90_h, p95_h, max_h,\n"
      "customs_mean_h, within_24h_share, missed_departure_share, ... (sweep's columns; p90 is\n"
      "short for p90_h); an hours bound takes min, h, d or w.\n\n"
      "Options");
  add_run_settings(o);
  auto add = o.add_options();
  add("regime,r", po::value<std::string>()->default_value("baseline"), "the regime to size");
  add("target,t", po::value<std::string>()->required(),
      "DIRECTION.METRIC<=VALUE or >=VALUE, e.g. import.p90<=48h or import.within_24h_share>=0.9");
  add("vary,v", po::value<std::vector<std::string>>()->composing()->required(),
      "a whole-number KEY to size, e.g. inspection_sites[*].scanners (repeatable)");
  add("max-candidates", po::value<std::string>()->default_value("40"),
      "stop after simulating this many candidates (each --replications runs)");
  add("format,f", po::value<std::string>()->default_value("table"), "table or json");
  return o;
}

// "<command line>:--vary #2: key: message", like a --set error.
UsageError vary_error(int number, const std::string& key, const std::string& message) {
  return UsageError(fmt::format("<command line>:--vary #{}: {}{}", number,
                                key.empty() ? "" : key + ": ", message));
}

struct Variables {
  std::vector<SizingVariable> list;
  std::vector<int> vary_number;  // the --vary each came from
};

Variables variables_of(const scenario::Scenario& scenario, const std::string& regime,
                       const std::vector<std::string>& keys) {
  Variables out;
  for (std::size_t n = 0; n < keys.size(); ++n) {
    const int number = static_cast<int>(n) + 1;
    std::vector<std::pair<std::string, std::string>> found;
    try {
      found = scenario.values_at(keys[n], regime, number);
    } catch (const scenario::ScenarioError& e) {
      throw vary_error(number, e.key_path(), e.message());
    }
    for (const auto& [key, value] : found) {
      if (value.empty())
        throw vary_error(number, key,
                         "not in the scenario (regime " + regime +
                             "): --vary sizes a whole number written there; give it a start "
                             "value with --set " +
                             key + "=N");
      if (value.find_first_not_of("0123456789") != std::string::npos || value.size() > 6)
        throw vary_error(number, key,
                         "expected a whole number of units (a count) to size, got '" + value + "'");
      for (const auto& v : out.list)
        if (v.key == key) throw vary_error(number, key, "varied twice");
      SizingVariable v;
      v.key = key;
      v.current = std::stoi(value);
      out.list.push_back(v);
      out.vary_number.push_back(number);
    }
  }
  return out;
}

std::string values_text(const Variables& vars, const std::vector<int>& values) {
  std::string s;
  for (std::size_t i = 0; i < values.size(); ++i)
    s += fmt::format("{}{}", i ? " " : "", values[i]);
  (void)vars;
  return s;
}

std::string metric_text(const experiment::SizingTarget& t, const experiment::Estimate& e) {
  if (!std::isfinite(e.mean)) return "n/a (no box)";
  const char* unit = t.metric.ends_with("_h") ? " h" : "";
  return fmt::format("{:.3f} ± {:.3f}{}", e.mean, e.half_width, unit);
}

void print_table(const SizingResult& r, const Variables& vars, const experiment::SizingPlan& plan,
                 const std::string& regime) {
  const auto& t = plan.target;
  fmt::print("size: regime {}, target {} {} {:g}{}\n", regime, t.direction + "." + t.metric,
             t.at_most ? "<=" : ">=", t.bound, t.metric.ends_with("_h") ? " h" : "");
  fmt::print(
      "meets = the whole 95 % interval over {} replications on the target's side; horizon "
      "{:g} h, warm-up {:g} h, seed {}\n\n",
      plan.replications, plan.options.horizon, plan.options.warmup, plan.options.seed);
  fmt::print("  {:<48} {:>8} {:>8} {:>8} {:>10} {:>10}  {}\n", "resource", "scenario", "bracket",
             "answer", "predicted", "simulated", "pools");
  for (std::size_t i = 0; i < vars.list.size(); ++i) {
    fmt::print("  {:<48} {:>8} {:>8} {:>8} {:>9.1f}% {:>9.1f}%  {}\n", vars.list[i].key,
               vars.list[i].current, r.bracket[i], r.answer.values[i], 100 * r.bracket_predicted[i],
               100 * r.answer.utilisation[i], fmt::join(r.pools[i], ", "));
  }
  fmt::print("  (predicted: traffic equations at the bracket; simulated: at the {})\n\n",
             r.met ? "answer" : "last candidate");
  if (!r.met) {
    fmt::print("NOT MET after {} candidates: {}; the last one gives {} = {}.\n", r.trail.size(),
               r.stopped, t.direction + "." + t.metric, metric_text(t, r.answer.metric));
  } else {
    fmt::print("at the answer:        {} = {}  (meets)\n", t.direction + "." + t.metric,
               metric_text(t, r.answer.metric));
    const auto& b = vars.list[static_cast<std::size_t>(r.binding)];
    if (r.has_one_less)
      fmt::print("one {} less ({}): {} = {}  ({})\n", b.key,
                 r.one_less.values[static_cast<std::size_t>(r.binding)],
                 t.direction + "." + t.metric, metric_text(t, r.one_less.metric),
                 r.one_less.meets ? "meets too" : "does not meet");
    fmt::print("binding: {} (pools {})\n", b.key,
               fmt::join(r.pools[static_cast<std::size_t>(r.binding)], ", "));
  }
  fmt::print("\n{} candidates simulated in {:.0f} s (values in resource order):\n", r.trail.size(),
             r.wall_seconds);
  for (std::size_t n = 0; n < r.trail.size(); ++n)
    fmt::print("  {:>3}  [{}]  {}  {}\n", n + 1, values_text(vars, r.trail[n].values),
               metric_text(t, r.trail[n].metric), r.trail[n].meets ? "meets" : "-");
}

nlohmann::ordered_json number(double x) {
  return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json candidate_json(const SizingCandidate& c, const Variables& vars) {
  nlohmann::ordered_json j;
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < vars.list.size(); ++i)
    values[vars.list[i].key] = c.values[i];
  j["values"] = values;
  j["metric"] = number(c.metric.mean);
  j["metric_ci95"] = number(c.metric.half_width);
  j["meets"] = c.meets;
  return j;
}

void print_json(const SizingResult& r, const Variables& vars, const experiment::SizingPlan& plan,
                const std::string& regime, const std::string& source) {
  nlohmann::ordered_json j;
  j["scenario_file"] = source;
  j["regime"] = regime;
  j["target"] = {
      {"text", plan.target.text},
      {"direction", plan.target.direction},
      {"metric", plan.target.metric},
      {"comparison", plan.target.at_most ? "<=" : ">="},
      {"bound", plan.target.bound},
      {"meets_when", "the whole 95 % interval over replications is on the target's side"}};
  j["seed"] = plan.options.seed;
  j["horizon_hours"] = plan.options.horizon;
  j["warmup_hours"] = plan.options.warmup;
  j["replications"] = plan.replications;
  j["met"] = r.met;
  if (!r.met) j["stopped"] = r.stopped;
  nlohmann::ordered_json resources = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < vars.list.size(); ++i)
    resources.push_back({{"key", vars.list[i].key},
                         {"pools", r.pools[i]},
                         {"scenario", vars.list[i].current},
                         {"bracket", r.bracket[i]},
                         {"predicted_utilisation_at_bracket", number(r.bracket_predicted[i])},
                         {"answer", r.answer.values[i]},
                         {"simulated_utilisation", number(r.answer.utilisation[i])}});
  j["resources"] = resources;
  j["answer"] = candidate_json(r.answer, vars);
  if (r.met) {
    j["binding"] = vars.list[static_cast<std::size_t>(r.binding)].key;
    j["one_less"] = r.has_one_less ? candidate_json(r.one_less, vars) : nullptr;
  } else {
    j["binding"] = nullptr;
    j["one_less"] = nullptr;
  }
  nlohmann::ordered_json trail = nlohmann::ordered_json::array();
  for (const auto& c : r.trail)
    trail.push_back(candidate_json(c, vars));
  j["candidates"] = trail;
  j["wall_seconds"] = r.wall_seconds;
  std::cout << j.dump(1) << "\n";
}

int size(const std::vector<std::string>& args) {
  const auto options = size_options();
  const auto parsed = parse_unless_help(args, options, scenario_positional());
  if (!parsed) return kExitOk;
  const auto& v = *parsed;
  const bool json = json_format(v);
  experiment::SizingTarget target;
  const std::string target_text = v["target"].as<std::string>();
  try {
    target = experiment::parse_target(target_text);
  } catch (const experiment::TargetError& e) {
    throw UsageError(
        fmt::format("<command line>:--target:{}: {}: {}", e.column, target_text, e.what()));
  }
  const auto scenario = load_scenario(v);
  const std::string regime = v["regime"].as<std::string>();
  scenario.config(regime);  // an unknown regime is reported with the defined ones
  const Variables vars = variables_of(scenario, regime, v["vary"].as<std::vector<std::string>>());
  const experiment::RunPlan settings = run_settings(v, scenario.defaults());

  experiment::SizingPlan plan;
  plan.variables = vars.list;
  plan.target = target;
  plan.options = settings.options;
  plan.replications = settings.replications;
  plan.jobs = settings.jobs;
  plan.max_candidates = static_cast<int>(
      whole_option("--max-candidates", v["max-candidates"].as<std::string>(), 1, 10000));
  // The port at given values: the scenario re-decoded with the values as more overrides, so
  // they get the schema's checks; decoded once per vector of values.
  std::map<std::vector<int>, model::PortConfig> decoded;
  const std::size_t base = scenario.overrides().size();
  plan.config_of = [&](const std::vector<int>& values) -> model::PortConfig {
    const auto found = decoded.find(values);
    if (found != decoded.end()) return found->second;
    auto overrides = scenario.overrides();
    for (std::size_t i = 0; i < values.size(); ++i)
      overrides.push_back({vars.list[i].key, std::to_string(values[i])});
    try {
      return decoded
          .emplace(values,
                   scenario::Scenario::parse(scenario.text(), scenario.source_name(), overrides)
                       .config(regime))
          .first->second;
    } catch (const scenario::ScenarioError& e) {
      const auto n = static_cast<std::size_t>(e.set_number());
      if (n <= base) throw;
      throw vary_error(vars.vary_number[n - base - 1],
                       e.key_path() + "=" + std::to_string(values[n - base - 1]), e.message());
    }
  };
  // Under mpirun every rank follows the same search and each candidate's replications are
  // spread over the ranks; rank 0 prints (mpi_runs.hpp).
  plan.run = run_over_ranks;
  const MpiWorld world = mpi_world();
  const SignalGuard signals;
  Progress progress("size");
  const bool quiet = v.count("quiet") > 0 || world.rank != 0;
  SizingResult result;
  try {
    result = experiment::size_resources(plan, [&](int done, int total) {
      if (!quiet) progress.update(done, total);
    });
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    for (std::size_t i = 0; i < vars.list.size(); ++i)
      if (what.starts_with(vars.list[i].key + ": "))
        throw vary_error(vars.vary_number[i], vars.list[i].key,
                         what.substr(vars.list[i].key.size() + 2));
    throw UsageError("size: " + what);
  }
  progress.finish();
  if (world.rank != 0) return result.met ? kExitOk : kExitFailure;
  if (json) {
    print_json(result, vars, plan, regime, scenario.source_name());
  } else {
    print_table(result, vars, plan, regime);
  }
  return result.met ? kExitOk : kExitFailure;
}

}  // namespace

int size_command(const std::vector<std::string>& args) {
  return report_errors("size", [&] { return size(args); });
}

}  // namespace clearsim::cli
