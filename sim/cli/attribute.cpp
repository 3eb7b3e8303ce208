// clearsim attribute: which measure of a combined regime is worth how many hours, for whom
// (sim/experiment/attribution.hpp does the work).
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "sim/cli/commands.hpp"
#include "sim/cli/experiment_setup.hpp"
#include "sim/cli/mpi_runs.hpp"
#include "sim/cli/mpi_world.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/progress.hpp"
#include "sim/experiment/attribution.hpp"

namespace clearsim::cli {

namespace {

using experiment::AttributionResult;
using experiment::Estimate;

po::options_description attribute_options() {
  po::options_description o(
      "clearsim attribute SCENARIO [--regime reform] [options]\n\n"
      "Splits the change a combined regime makes against the baseline among its measures\n"
      "(the regimes of its `combine` list, and its own `set` if it has one): Shapley\n"
      "values, exact over every combination of the measures up to --exact-up-to of\n"
      "them, by sampled orders beyond, every combination run once on the same boxes and\n"
      "draws (common random numbers). Per direction, the mean and p90 of the overall\n"
      "time (arrival -> release), for all boxes and by credit class, with 95 % intervals\n"
      "over replications, each measure's effect alone, and pairwise interactions.\n\n"
      "Options");
  add_run_settings(o);
  auto add = o.add_options();
  add("regime,r", po::value<std::string>()->default_value("reform"),
      "the combined regime to attribute");
  add("format,f", po::value<std::string>()->default_value("table"), "table or json");
  add("exact-up-to", po::value<std::string>()->default_value("8"),
      "exact Shapley values up to this many measures (2^k combinations)");
  add("permutations", po::value<std::string>()->default_value("256"),
      "sampled orders of the measures beyond --exact-up-to");
  add("measures", po::value<std::string>(),
      "attribute only these measures of the regime, comma-separated (e.g. "
      "advance_declaration,joint_inspection); the others stay off, so the total is the "
      "change these measures make together");
  return o;
}

// The players: the regime's combine list, then its own `set` (named after it).
struct Measures {
  std::vector<std::string> names;
  std::vector<std::string> regimes;  // regimes[i] for a combined regime, "" for the own set
};

Measures measures_of(const scenario::Scenario& scenario, const std::string& regime) {
  Measures m;
  for (const auto& r : scenario.combined_regimes(regime)) {
    m.names.push_back(r);
    m.regimes.push_back(r);
  }
  if (scenario.regime_has_own_set(regime)) {
    m.names.push_back(m.names.empty() ? regime : regime + ".set");
    m.regimes.emplace_back();
  }
  if (m.names.size() < 2) {
    throw UsageError("regime '" + regime +
                     "' combines no measures to attribute: attribute a regime with a `combine` "
                     "list, e.g. reform");
  }
  return m;
}

// --measures a,b,...: the named subset of the regime's measures, in the regime's order.
Measures chosen_measures(const Measures& all, const std::string& list, const std::string& regime) {
  std::vector<std::string> wanted;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    wanted.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  std::string known;
  for (const auto& n : all.names)
    known += (known.empty() ? "" : ", ") + n;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (std::find(all.names.begin(), all.names.end(), wanted[i]) == all.names.end())
      throw UsageError("--measures: '" + wanted[i] + "' is not a measure of regime '" + regime +
                       "' (its measures: " + known + ")");
    if (std::find(wanted.begin(), wanted.begin() + static_cast<std::ptrdiff_t>(i), wanted[i]) !=
        wanted.begin() + static_cast<std::ptrdiff_t>(i))
      throw UsageError("--measures: '" + wanted[i] + "' is named twice");
  }
  Measures m;
  for (std::size_t i = 0; i < all.names.size(); ++i) {
    if (std::find(wanted.begin(), wanted.end(), all.names[i]) == wanted.end()) continue;
    m.names.push_back(all.names[i]);
    m.regimes.push_back(all.regimes[i]);
  }
  if (m.names.size() < 2) throw UsageError("--measures: name at least two measures to attribute");
  return m;
}

std::string with_interval(const Estimate& e) {
  return e.half_width > 0 ? fmt::format("{:+8.2f} ±{:5.2f}", e.mean, e.half_width)
                          : fmt::format("{:+8.2f}       ", e.mean);
}

std::size_t metric_index(const AttributionResult& r, const std::string& name) {
  for (std::size_t m = 0; m < r.metrics.size(); ++m)
    if (r.metrics[m].name == name) return m;
  return 0;
}

void print_table(const AttributionResult& r, const std::string& regime,
                 const experiment::RunPlan& plan) {
  fmt::print(
      "attribution of regime {} against baseline: {} measures, {}, {} replications, "
      "horizon {:g}h, warm-up {:g}h ({:.0f} s)\n",
      regime, r.measures.size(),
      r.exact ? fmt::format("exact Shapley over {} combinations", r.combinations)
              : fmt::format("{} sampled orders ({} combinations)", r.orders, r.combinations),
      r.replications, plan.options.horizon, plan.options.warmup, r.wall_seconds);
  fmt::print(
      "hours of the overall time (arrival -> release); negative = faster; ± 95 % "
      "interval over replications\n");
  for (const char* direction : model::kDirectionLabels) {
    const std::string d = direction;
    const std::size_t mean = metric_index(r, d + ".mean_h");
    const std::size_t p90 = metric_index(r, d + ".p90_h");
    fmt::print("\n{:<24} {:>16} {:>16} {:>16} {:>16}\n", d, "mean_h", "p90_h", "alone mean_h",
               "alone p90_h");
    fmt::print("  {:<22} {:>16.2f} {:>16.2f}\n", "baseline", r.baseline[mean].mean,
               r.baseline[p90].mean);
    for (std::size_t i = 0; i < r.measures.size(); ++i) {
      fmt::print("  {:<22} {:>16} {:>16} {:>16} {:>16}", r.measures[i],
                 with_interval(r.contribution[i][mean]), with_interval(r.contribution[i][p90]),
                 with_interval(r.alone[i][mean]), with_interval(r.alone[i][p90]));
      if (!r.exact)
        fmt::print("  (orders: ±{:.2f}, ±{:.2f})", 1.96 * r.sampling_error[i][mean],
                   1.96 * r.sampling_error[i][p90]);
      fmt::print("\n");
    }
    fmt::print("  {:<22} {:>16} {:>16}\n", "total", with_interval(r.total[mean]),
               with_interval(r.total[p90]));
    fmt::print("  {:<22} {:>16.2f} {:>16.2f}\n", regime, r.combined[mean].mean,
               r.combined[p90].mean);
  }
  fmt::print("\nmean_h contributions by credit class\n");
  for (const char* direction : model::kDirectionLabels) {
    fmt::print("{:<24}", direction);
    for (const char* credit : model::kCreditLabels)
      fmt::print(" {:>19}", credit);
    fmt::print("\n");
    const auto row = [&](const std::string& label, const auto& of) {
      fmt::print("  {:<22}", label);
      for (const char* credit : model::kCreditLabels)
        fmt::print(
            " {:>19}",
            with_interval(of(metric_index(r, std::string(direction) + "." + credit + ".mean_h"))));
      fmt::print("\n");
    };
    for (std::size_t i = 0; i < r.measures.size(); ++i)
      row(r.measures[i], [&](std::size_t m) { return r.contribution[i][m]; });
    row("total", [&](std::size_t m) { return r.total[m]; });
  }
  // The interactions that matter: ordered by their size on the import mean.
  const std::size_t key = metric_index(r, "import.mean_h");
  std::vector<const AttributionResult::Interaction*> pairs;
  for (const auto& p : r.interactions)
    pairs.push_back(&p);
  std::sort(pairs.begin(), pairs.end(), [&](auto* a, auto* b) {
    return std::abs(a->value[key].mean) > std::abs(b->value[key].mean);
  });
  fmt::print("\npairwise interactions v(i+j) - v(i) - v(j) + v(none), largest first (mean_h)\n");
  fmt::print("  {:<44} {:>16} {:>16} {:>16}\n", "measures", "import", "export", "rail_transit");
  for (std::size_t n = 0; n < std::min<std::size_t>(pairs.size(), 8); ++n) {
    const auto& p = *pairs[n];
    fmt::print("  {:<44}", r.measures[p.first] + " x " + r.measures[p.second]);
    for (const char* direction : model::kDirectionLabels)
      fmt::print(" {:>16}",
                 with_interval(p.value[metric_index(r, std::string(direction) + ".mean_h")]));
    fmt::print("\n");
  }
}

// A JSON number, or null where there is none (no box of that direction or class).
std::string number(double x) {
  return std::isfinite(x) ? fmt::format("{}", x) : "null";
}

// {"import": {"mean_h": x, "mean_h_ci95": h, "p90_h": ..., "by_credit": {...}}, ...}
std::string json_block(const AttributionResult& r, const std::vector<Estimate>& values,
                       const std::vector<double>* sampling_error = nullptr) {
  std::string out = "{";
  bool first_direction = true;
  for (const char* direction : model::kDirectionLabels) {
    out += fmt::format("{}\"{}\": {{", first_direction ? "" : ", ", direction);
    first_direction = false;
    const auto stats = [&](const std::string& prefix) {
      std::string s;
      bool first = true;
      for (const char* statistic : {"mean_h", "p90_h"}) {
        const std::size_t m = metric_index(r, prefix + statistic);
        s += fmt::format("{}\"{}\": {}, \"{}_ci95\": {}", first ? "" : ", ", statistic,
                         number(values[m].mean), statistic, number(values[m].half_width));
        if (sampling_error)
          s += fmt::format(", \"{}_sampling_se\": {}", statistic, number((*sampling_error)[m]));
        first = false;
      }
      return s;
    };
    out += stats(std::string(direction) + ".") + ", \"by_credit\": {";
    bool first_credit = true;
    for (const char* credit : model::kCreditLabels) {
      out += fmt::format("{}\"{}\": {{{}}}", first_credit ? "" : ", ", credit,
                         stats(std::string(direction) + "." + credit + "."));
      first_credit = false;
    }
    out += "}}";
  }
  return out + "}";
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void print_json(const AttributionResult& r, const std::string& regime,
                const experiment::RunPlan& plan, const std::string& source) {
  fmt::print("{{\"scenario_file\": {}, \"regime\": {}, \"against\": \"baseline\", ", quoted(source),
             quoted(regime));
  fmt::print("\"seed\": {}, \"horizon_hours\": {}, \"warmup_hours\": {}, \"replications\": {}, ",
             plan.options.seed, plan.options.horizon, plan.options.warmup, r.replications);
  fmt::print("\"method\": \"{}\", \"orders\": {}, \"combinations\": {}, \"wall_seconds\": {}, ",
             r.exact ? "exact" : "sampled", r.orders, r.combinations, r.wall_seconds);
  fmt::print("\"measures\": [");
  for (std::size_t i = 0; i < r.measures.size(); ++i)
    fmt::print("{}{}", i ? ", " : "", quoted(r.measures[i]));
  fmt::print("],\n \"baseline\": {},\n \"combined\": {},\n \"total\": {},\n \"contributions\": {{",
             json_block(r, r.baseline), json_block(r, r.combined), json_block(r, r.total));
  for (std::size_t i = 0; i < r.measures.size(); ++i)
    fmt::print("{}\n  {}: {}", i ? "," : "", quoted(r.measures[i]),
               json_block(r, r.contribution[i], r.exact ? nullptr : &r.sampling_error[i]));
  fmt::print("}},\n \"alone\": {{");
  for (std::size_t i = 0; i < r.measures.size(); ++i)
    fmt::print("{}\n  {}: {}", i ? "," : "", quoted(r.measures[i]), json_block(r, r.alone[i]));
  fmt::print("}},\n \"interactions\": [");
  for (std::size_t n = 0; n < r.interactions.size(); ++n) {
    const auto& p = r.interactions[n];
    fmt::print("{}\n  {{\"measures\": [{}, {}], \"effect\": {}}}", n ? "," : "",
               quoted(r.measures[p.first]), quoted(r.measures[p.second]), json_block(r, p.value));
  }
  fmt::print("]}}\n");
}

int attribute(const std::vector<std::string>& args) {
  const auto options = attribute_options();
  const auto parsed = parse_unless_help(args, options, scenario_positional());
  if (!parsed) return kExitOk;
  const auto& v = *parsed;
  const bool json = json_format(v);
  const auto scenario = load_scenario(v);
  const std::string regime = v["regime"].as<std::string>();
  scenario.config(regime);  // an unknown regime is reported with the defined ones
  const Measures measures =
      v.count("measures")
          ? chosen_measures(measures_of(scenario, regime), v["measures"].as<std::string>(), regime)
          : measures_of(scenario, regime);
  const experiment::RunPlan settings = run_settings(v, scenario.defaults());

  experiment::AttributionPlan plan;
  plan.measures = measures.names;
  plan.options = settings.options;
  plan.replications = settings.replications;
  plan.jobs = settings.jobs;
  plan.exact_up_to =
      static_cast<int>(whole_option("--exact-up-to", v["exact-up-to"].as<std::string>(), 1, 16));
  plan.permutations = static_cast<int>(
      whole_option("--permutations", v["permutations"].as<std::string>(), 2, 100000));
  plan.order_seed = settings.options.seed;
  plan.config_of = [&](const std::vector<int>& members) {
    std::vector<std::string> regimes;
    std::string own_set;
    std::string name;
    for (const int i : members) {
      const auto ui = static_cast<std::size_t>(i);
      if (measures.regimes[ui].empty()) {
        own_set = regime;
      } else {
        regimes.push_back(measures.regimes[ui]);
      }
      name += (name.empty() ? "" : "+") + measures.names[ui];
    }
    return scenario.combination(regimes, name.empty() ? "baseline" : name, own_set);
  };
  // Under mpirun the combinations' replications are spread over the ranks; every rank
  // computes the same values from all of them and rank 0 prints (mpi_runs.hpp).
  plan.run = run_over_ranks;
  const MpiWorld world = mpi_world();
  const SignalGuard signals;
  Progress progress("attribute");
  const bool quiet = v.count("quiet") > 0 || world.rank != 0;
  const auto result = experiment::attribute(plan, [&](int done, int total) {
    if (!quiet) progress.update(done, total);
  });
  progress.finish();
  if (world.rank != 0) return kExitOk;
  // A subset is labelled as such: its "combined" row is those measures together, not the regime.
  const std::size_t all = measures_of(scenario, regime).names.size();
  const std::string label =
      measures.names.size() == all
          ? regime
          : fmt::format("{} ({} of {} measures)", regime, measures.names.size(), all);
  if (json) {
    print_json(result, label, settings, scenario.source_name());
  } else {
    print_table(result, label, settings);
  }
  return kExitOk;
}

}  // namespace

int attribute_command(const std::vector<std::string>& args) {
  return report_errors("attribute", [&] { return attribute(args); });
}

}  // namespace clearsim::cli
