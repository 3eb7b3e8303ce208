// clearsim sweep: a grid or Latin hypercube over scenario parameters, each point run for the
// chosen regimes on common random numbers, one tidy HDF5 table out, a metamodel and its
// sensitivity table printed and stored (sim/experiment/sweep.hpp, metamodel.hpp).
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <numeric>

#include "sim/cli/commands.hpp"
#include "sim/cli/experiment_setup.hpp"
#include "sim/cli/mpi_world.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/progress.hpp"
#include "sim/experiment/metamodel.hpp"
#include "sim/experiment/sweep.hpp"
#include "sim/recording/flat_file.hpp"

namespace clearsim::cli {

namespace {

using experiment::SweepAxis;
using experiment::SweepPoint;
using experiment::SweepRow;

po::options_description sweep_options() {
  po::options_description o(
      "clearsim sweep SCENARIO (--param KEY=VALUES... | --lhs N KEY=lo..hi...) --out FILE.h5\n\n"
      "Runs every point of a grid (--param, repeatable: the product of the values) or of a\n"
      "Latin hypercube (--lhs N with KEY=lo..hi ranges) for each regime, all on the same\n"
      "replications (common random numbers), and writes one tidy table: a row per point x\n"
      "regime x replication x direction. KEY is a scenario key as for --set; VALUES are\n"
      "v1,v2,... or lo:hi:step, with a unit where the key takes one (30min:2h:30min).\n"
      "Completed points are kept in FILE.h5.journal: rerun the same command after an\n"
      "interrupt and they are skipped. Then a metamodel (main effects and two-way\n"
      "interactions on standardised inputs) of --response, and its sensitivity table.\n\n"
      "Options");
  add_run_settings(o);
  auto add = o.add_options();
  add("param,p", po::value<std::vector<std::string>>()->composing(),
      "grid axis KEY=v1,v2,... or KEY=lo:hi:step (repeatable)");
  add("lhs", po::value<std::string>(), "Latin hypercube of N points over the KEY=lo..hi ranges");
  add("ranges", po::value<std::vector<std::string>>()->composing(), "KEY=lo..hi (with --lhs)");
  add("regimes,r", po::value<std::string>()->default_value("baseline"),
      "comma-separated regimes to run at every point");
  add("out,o", po::value<std::string>()->required(), "the sweep file (HDF5)");
  add("force", "replace an existing --out file");
  add("shard", po::value<std::string>(), "run only points p with p mod N = I, e.g. 0/4");
  add("response", po::value<std::string>()->default_value("import.mean_h"),
      "DIRECTION.METRIC the metamodel explains (metrics: the table's columns)");
  return o;
}

std::vector<std::string> regimes_of(const std::string& text) {
  std::vector<std::string> names;
  std::string name;
  for (const char c : text + ",") {
    if (c != ',') {
      name += c;
      continue;
    }
    if (name.empty()) throw UsageError("--regimes: empty name in '" + text + "'");
    names.push_back(name);
    name.clear();
  }
  return names;
}

std::string fingerprint_of(const scenario::Scenario& scenario,
                           const std::vector<SweepPoint>& points,
                           const std::vector<std::string>& regimes,
                           const experiment::RunPlan& settings) {
  std::string text = scenario.text();
  for (const auto& o : scenario.overrides())
    text += "\n--set " + o.key + "=" + o.value;
  for (const auto& p : points)
    for (const auto& s : p.settings)
      text += "\n" + s;
  for (const auto& r : regimes)
    text += "\nregime " + r;
  text += fmt::format("\n{} {} {} {}", settings.options.seed, settings.options.horizon,
                      settings.options.warmup, settings.replications);
  return fmt::format("{:016x}", std::hash<std::string>{}(text));
}

recording::FlatTable rows_table(const std::vector<SweepAxis>& axes,
                                const std::vector<SweepRow>& rows) {
  recording::FlatTable table{
      "sweep/rows", "one row per point x regime x replication x direction", {}};
  auto number = [&](std::string name, std::string unit, auto of) {
    recording::FlatColumn column{std::move(name), std::move(unit), false, {}, {}};
    for (const auto& row : rows)
      column.numbers.push_back(of(row));
    table.columns.push_back(std::move(column));
  };
  auto text = [&](std::string name, auto of) {
    recording::FlatColumn column{std::move(name), "", true, {}, {}};
    for (const auto& row : rows)
      column.texts.push_back(of(row));
    table.columns.push_back(std::move(column));
  };
  number("point", "", [](const SweepRow& r) { return r.point; });
  text("regime", [](const SweepRow& r) { return r.regime; });
  number("replication", "", [](const SweepRow& r) { return r.replication; });
  text("direction", [](const SweepRow& r) { return r.direction; });
  for (std::size_t a = 0; a < axes.size(); ++a)
    number(axes[a].key, axes[a].unit, [a](const SweepRow& r) { return r.parameters[a]; });
  const auto metrics = experiment::sweep_metric_names();
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    const bool hours = metrics[m].ends_with("_h");
    number(metrics[m], hours ? "h" : "", [m](const SweepRow& r) { return r.metrics[m]; });
  }
  return table;
}

struct Fit {
  std::string regime;
  experiment::Metamodel model;
};

void print_fit(const Fit& fit, const std::string& response) {
  const auto& m = fit.model;
  fmt::print(
      "\nmetamodel of {} ({}): {} observations, R^2 = {:.3f}, RMSE {:.3g}, "
      "leave-one-out RMSE {:.3g}\n",
      response, fit.regime, m.observations, m.r_squared, m.rmse, m.cv_rmse);
  fmt::print("  input means and sds: ");
  for (std::size_t i = 0; i < m.inputs.size(); ++i)
    fmt::print("{}{} {:.4g} ± {:.4g}", i ? "; " : "", m.inputs[i], m.mean[i], m.sd[i]);
  fmt::print("\n  {:<4} {:<64} {:>12} {:>10}\n", "rank", "term (per standard deviation)", "effect",
             "std.err");
  int rank = 0;
  for (const auto& term : experiment::sensitivity_ranking(m))
    fmt::print("  {:<4} {:<64} {:>+12.4g} {:>10.3g}\n", ++rank, term.name, term.coefficient,
               term.standard_error);
}

recording::FlatTable sensitivity_table(const std::vector<Fit>& fits, const std::string& response) {
  recording::FlatTable table{
      "sweep/sensitivity", "metamodel terms on standardised inputs, ranked per regime", {}};
  recording::FlatColumn regime{"regime", "", true, {}, {}}, term{"term", "", true, {}, {}},
      resp{"response", "", true, {}, {}}, rank{"rank", "", false, {}, {}},
      effect{"effect", "", false, {}, {}}, se{"standard_error", "", false, {}, {}},
      r2{"r_squared", "", false, {}, {}}, cv{"cv_rmse", "", false, {}, {}};
  for (const auto& fit : fits) {
    int r = 0;
    for (const auto& t : experiment::sensitivity_ranking(fit.model)) {
      regime.texts.push_back(fit.regime);
      term.texts.push_back(t.name);
      resp.texts.push_back(response);
      rank.numbers.push_back(++r);
      effect.numbers.push_back(t.coefficient);
      se.numbers.push_back(t.standard_error);
      r2.numbers.push_back(fit.model.r_squared);
      cv.numbers.push_back(fit.model.cv_rmse);
    }
  }
  table.columns = {regime, resp, rank, term, effect, se, r2, cv};
  return table;
}

// "import.mean_h" -> (import, index of mean_h among the metrics); throws UsageError.
std::pair<std::string, std::size_t> response_of(const std::string& response) {
  const std::size_t dot = response.find('.');
  const auto metrics = experiment::sweep_metric_names();
  const auto metric = std::find(metrics.begin(), metrics.end(),
                                dot == std::string::npos ? "" : response.substr(dot + 1));
  if (metric == metrics.end())
    throw UsageError("--response: expected DIRECTION.METRIC, e.g. import.mean_h, got '" + response +
                     "'");
  return {response.substr(0, dot), static_cast<std::size_t>(metric - metrics.begin())};
}

// The metamodel of one metric of one direction, per regime: main effects and two-way
// interactions, main effects alone where there are too few points for the interactions.
std::vector<Fit> fit_regimes(const std::vector<SweepRow>& rows,
                             const std::vector<std::string>& regimes,
                             const std::vector<std::string>& names, const std::string& direction,
                             std::size_t metric) {
  std::vector<Fit> fits;
  for (const auto& regime : regimes) {
    std::vector<std::vector<double>> x;
    std::vector<double> y;
    for (const auto& row : rows) {
      if (row.regime != regime || row.direction != direction) continue;
      const double value = row.metrics[metric];
      if (!std::isfinite(value)) continue;
      x.push_back(row.parameters);
      y.push_back(value);
    }
    try {
      fits.push_back({regime, experiment::fit_metamodel(names, x, y)});
    } catch (const std::invalid_argument& interactions_too_many) {
      try {
        fits.push_back({regime, experiment::fit_metamodel(names, x, y, false)});
      } catch (const std::invalid_argument& e) {
        fmt::print(std::cerr, "clearsim: no metamodel for regime {}: {}\n", regime, e.what());
      }
    }
  }
  return fits;
}

// What a merge of sweep shards gives: every row in point order and the metamodel refitted.
struct MergedSweep {
  std::vector<SweepRow> rows;
  std::vector<Fit> fits;
  std::string response;  // what the metamodel explains
};
MergedSweep merge_sweep(const std::string& output, const std::vector<std::string>& inputs,
                        bool overwrite);

int sweep(const std::vector<std::string>& args) {
  const auto options = sweep_options();
  po::positional_options_description positional;
  positional.add("scenario", 1).add("ranges", -1);
  const auto parsed = parse_unless_help(args, options, positional);
  if (!parsed) return kExitOk;
  const auto& v = *parsed;
  const auto scenario = load_scenario(v);
  const auto regimes = regimes_of(v["regimes"].as<std::string>());
  for (const auto& r : regimes)
    scenario.config(r);  // unknown regimes are reported before anything runs
  const experiment::RunPlan settings = run_settings(v, scenario.defaults());
  response_of(v["response"].as<std::string>());  // a bad --response stops it before it runs

  std::vector<SweepAxis> axes;
  std::vector<SweepPoint> points;
  try {
    if (v.count("lhs")) {
      if (v.count("param")) throw UsageError("--param and --lhs cannot be mixed");
      if (!v.count("ranges")) throw UsageError("--lhs N needs KEY=lo..hi ranges");
      for (const auto& text : v["ranges"].as<std::vector<std::string>>())
        axes.push_back(experiment::parse_lhs_axis(text));
      const int n = static_cast<int>(whole_option("--lhs", v["lhs"].as<std::string>(), 2, 100000));
      points = experiment::latin_hypercube(axes, n, settings.options.seed);
    } else {
      if (!v.count("param")) throw UsageError("give --param KEY=VALUES or --lhs N KEY=lo..hi");
      if (v.count("ranges")) throw UsageError("KEY=lo..hi ranges are for --lhs");
      for (const auto& text : v["param"].as<std::vector<std::string>>())
        axes.push_back(experiment::parse_grid_axis(text));
      points = experiment::grid_points(axes);
    }
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("sweep: ") + e.what());
  }
  int shard_index = 0, shard_count = 1;
  if (v.count("shard"))
    std::tie(shard_index, shard_count) = shard_option(v["shard"].as<std::string>());
  // Under mpirun rank r of N sweeps the points of --shard r/N into a file and a journal of
  // its own; rank 0 merges the files as `clearsim merge` does and prints.
  const MpiWorld world = mpi_world();
  if (world.parallel()) {
    if (v.count("shard"))
      throw UsageError("--shard cannot be used under mpirun: the ranks split the points");
    if (static_cast<int>(points.size()) < world.size)
      throw UsageError(
          fmt::format("fewer sweep points ({}) than MPI ranks ({})", points.size(), world.size));
    shard_index = world.rank;
    shard_count = world.size;
  }

  // Every point decodes before anything runs: a value out of range stops the sweep at once.
  const auto scenario_at = [&](const SweepPoint& point) {
    auto overrides = scenario.overrides();
    for (const auto& setting : point.settings)
      overrides.push_back(scenario::parse_override_option(setting, 0));
    return scenario::Scenario::parse(scenario.text(), scenario.source_name(), overrides);
  };
  for (std::size_t p = 0; p < points.size(); ++p) {
    try {
      scenario_at(points[p]);
    } catch (const scenario::ScenarioError& e) {
      throw UsageError(fmt::format("sweep point {} ({}): {}", p,
                                   fmt::join(points[p].settings, ", "), e.message()));
    }
  }

  const std::string out = v["out"].as<std::string>();
  recording::check_output_target(out, v.count("force") > 0);
  const std::string my_out = world.parallel() ? rank_file(out, world.rank, world.size) : out;
  experiment::SweepJournal journal(my_out + ".journal",
                                   fingerprint_of(scenario, points, regimes, settings) +
                                       fmt::format(" shard {}/{}", shard_index, shard_count));
  std::vector<int> todo;
  int kept = 0;
  for (int p = 0; p < static_cast<int>(points.size()); ++p) {
    if (p % shard_count != shard_index) continue;
    if (journal.has_point(p)) {
      ++kept;
    } else {
      todo.push_back(p);
    }
  }
  const bool quiet = v.count("quiet") > 0 || world.rank != 0;
  kept = sum_over_ranks(kept);
  if (kept && !quiet)
    fmt::print(std::cerr, "clearsim: resuming: {} point(s) already done in {}\n", kept,
               world.parallel() ? out + ".rank-*.journal" : journal.path());
  const SignalGuard signals;
  Progress progress("sweep");
  const int tasks_per_point = static_cast<int>(regimes.size()) * settings.replications;
  const int total = static_cast<int>(todo.size()) * tasks_per_point;
  const auto run_points = [&] {
    for (std::size_t n = 0; n < todo.size(); ++n) {
      const int p = todo[n];
      const auto at_point = scenario_at(points[static_cast<std::size_t>(p)]);
      experiment::RunPlan plan = settings;
      for (const auto& r : regimes)
        plan.configs.push_back(at_point.config(r));
      const auto results = experiment::run_plan(plan, nullptr, [&](int done, int) {
        if (!quiet) progress.update(static_cast<int>(n) * tasks_per_point + done, total);
      });
      std::vector<SweepRow> rows;
      for (const auto& runs : results) {
        auto more = experiment::sweep_rows(p, points[static_cast<std::size_t>(p)], runs);
        rows.insert(rows.end(), more.begin(), more.end());
      }
      journal.append(rows);
    }
  };
  if (world.parallel()) {
    agree_on_ranks(run_points);
  } else {
    run_points();
  }
  progress.finish();

  auto rows = journal.rows();
  std::stable_sort(rows.begin(), rows.end(),
                   [](const SweepRow& a, const SweepRow& b) { return a.point < b.point; });
  const std::string response = v["response"].as<std::string>();
  const auto [direction, metric] = response_of(response);
  std::vector<std::string> names;
  for (const auto& axis : axes)
    names.push_back(axis.column());

  std::map<std::string, std::string> attributes = {
      {"program", std::string("clearsim ") + CLEARSIM_VERSION},
      {"command_line", "clearsim sweep " + fmt::format("{}", fmt::join(args, " "))},
      {"scenario_file", scenario.source_name()},
      {"scenario_text", scenario.text()},
      {"design", v.count("lhs") ? "latin_hypercube" : "grid"},
      {"parameters", fmt::format("{}", fmt::join(names, "\n"))},
      {"regimes", fmt::format("{}", fmt::join(regimes, ","))},
      {"seed", std::to_string(settings.options.seed)},
      {"replications", std::to_string(settings.replications)},
      {"horizon_hours", fmt::format("{}", settings.options.horizon)},
      {"warmup_hours", fmt::format("{}", settings.options.warmup)},
      {"shard", fmt::format("{}/{}", shard_index, shard_count)},
      {"response", response},
      {"fingerprint", fingerprint_of(scenario, points, regimes, settings)}};
  std::vector<Fit> fits;
  if (!world.parallel()) {
    // The metamodel of the response, per regime.
    fits = fit_regimes(rows, regimes, names, direction, metric);
    recording::write_flat_file(out, v.count("force") > 0, "clearsim-sweep", attributes,
                               {rows_table(axes, rows), sensitivity_table(fits, response)});
  } else {
    // Each rank's rows into its file (the merge refits the metamodel on all of them); once
    // every file is complete rank 0 merges them. The journals go only when the merge is done.
    try {
      agree_on_ranks([&] {
        recording::write_flat_file(my_out, true, "clearsim-sweep", attributes,
                                   {rows_table(axes, rows)});
      });
    } catch (...) {
      std::remove(my_out.c_str());
      throw;
    }
    MergedSweep merged;
    agree_on_ranks([&] {
      if (world.rank != 0) return;
      merge_rank_files(out, [&](const std::vector<std::string>& parts) {
        merged = merge_sweep(out, parts, v.count("force") > 0);
      });
    });
    if (world.rank != 0) {
      journal.remove();
      return kExitOk;
    }
    rows = std::move(merged.rows);
    fits = std::move(merged.fits);
  }
  journal.remove();
  if (!quiet) fmt::print(std::cerr, "wrote {}: {} rows\n", out, rows.size());

  // The points, then the metamodels.
  fmt::print("{:>5}", "point");
  for (const auto& axis : axes)
    fmt::print(" {:>24}", axis.column().size() > 24
                              ? axis.column().substr(axis.column().size() - 24)
                              : axis.column());
  fmt::print(" {:>16} {:>14}\n", "regime", response);
  for (const auto& regime : regimes) {
    for (int p = 0; p < static_cast<int>(points.size()); ++p) {
      std::vector<double> ys;
      for (const auto& row : rows)
        if (row.point == p && row.regime == regime && row.direction == direction)
          ys.push_back(row.metrics[metric]);
      if (ys.empty()) continue;
      const auto e = experiment::estimate(ys);
      fmt::print("{:>5}", p);
      for (const double x : points[static_cast<std::size_t>(p)].values)
        fmt::print(" {:>24.6g}", x);
      fmt::print(" {:>16} {:>8.2f} ±{:5.2f}\n", regime, e.mean, e.half_width);
    }
  }
  for (const auto& fit : fits)
    print_fit(fit, response);
  return kExitOk;
}

// The rows of a sweep file as the sweep made them (the parameters: the `parameter_count`
// columns after `direction`; the metrics by name, NaN where a column is absent).
std::vector<SweepRow> rows_of(const recording::FlatTable& table, std::size_t parameter_count) {
  const auto column = [&](const std::string& name) -> const recording::FlatColumn* {
    for (const auto& c : table.columns)
      if (c.name == name) return &c;
    return nullptr;
  };
  const auto* point = column("point");
  const auto* regime = column("regime");
  const auto* replication = column("replication");
  const auto* direction = column("direction");
  if (!point || !regime || !replication || !direction || table.columns.size() < 4 + parameter_count)
    throw recording::OutputError(table.name + ": not a sweep table");
  std::vector<const recording::FlatColumn*> metrics;
  for (const auto& name : experiment::sweep_metric_names())
    metrics.push_back(column(name));
  std::vector<SweepRow> rows(point->numbers.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    rows[r].point = static_cast<int>(point->numbers[r]);
    rows[r].regime = regime->texts[r];
    rows[r].replication = static_cast<int>(replication->numbers[r]);
    rows[r].direction = direction->texts[r];
    for (std::size_t p = 0; p < parameter_count; ++p)
      rows[r].parameters.push_back(table.columns[4 + p].numbers[r]);
    for (const auto* m : metrics)
      rows[r].metrics.push_back(m ? m->numbers[r] : std::nan(""));
  }
  return rows;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Which shards the files are: each "I/N" of one N once, all N of them.
void check_shards(const std::vector<recording::FlatFile>& files,
                  const std::vector<std::string>& paths) {
  std::vector<int> seen;
  int count = 0;
  for (std::size_t f = 0; f < files.size(); ++f) {
    const auto it = files[f].attributes.find("shard");
    int index = -1, n = 0;
    if (it != files[f].attributes.end()) {
      try {
        std::tie(index, n) = shard_option(it->second);
      } catch (const UsageError&) {
        index = -1;
      }
    }
    if (index < 0) throw UsageError(paths[f] + ": the sweep file does not say which shard it is");
    if (f == 0) {
      count = n;
      seen.assign(static_cast<std::size_t>(n), -1);
    }
    if (n != count)
      throw UsageError(fmt::format("{} is shard {} of a sweep in {} shards, {} of one in {}",
                                   paths[f], it->second, n, paths[0], count));
    if (seen[static_cast<std::size_t>(index)] >= 0)
      throw UsageError(
          fmt::format("{} and {} are both shard {}",
                      paths[static_cast<std::size_t>(seen[static_cast<std::size_t>(index)])],
                      paths[f], it->second));
    seen[static_cast<std::size_t>(index)] = static_cast<int>(f);
  }
  for (int i = 0; i < count; ++i)
    if (seen[static_cast<std::size_t>(i)] < 0)
      throw UsageError(fmt::format("shard {}/{} is missing", i, count));
}

MergedSweep merge_sweep(const std::string& output, const std::vector<std::string>& inputs,
                        bool overwrite) {
  std::vector<recording::FlatFile> files;
  for (const auto& path : inputs) {
    if (recording::flat_file_format(path) != "clearsim-sweep")
      throw UsageError(path +
                       ": not a sweep file ('clearsim sweep --out'); sweep shards merge only "
                       "with sweep shards");
    files.push_back(recording::read_flat_file(path, {"sweep/rows"}));
  }
  // Shards of one sweep: the same definition (the fingerprint covers the scenario text, the
  // --set options, the points, regimes, seed, horizon, warm-up and replications).
  for (std::size_t f = 0; f < files.size(); ++f) {
    for (const char* key : {"fingerprint", "response", "parameters", "regimes"}) {
      const auto it = files[f].attributes.find(key);
      if (it == files[f].attributes.end())
        throw UsageError(inputs[f] + ": the sweep file lacks '" + key +
                         "' (written by an older clearsim: rerun the shard)");
      if (it->second != files[0].attributes.at(key))
        throw UsageError(inputs[f] + " and " + inputs[0] + " are shards of different sweeps (" +
                         key + " differs)");
    }
  }
  check_shards(files, inputs);

  // The rows: every shard's, in point order, each point's rows as its shard wrote them.
  recording::FlatTable rows = files[0].tables[0];
  for (std::size_t f = 1; f < files.size(); ++f) {
    const auto& more = files[f].tables[0];
    if (more.columns.size() != rows.columns.size())
      throw UsageError(inputs[f] + ": its table has other columns than " + inputs[0] + "'s");
    for (std::size_t c = 0; c < rows.columns.size(); ++c) {
      auto& into = rows.columns[c];
      const auto& from = more.columns[c];
      if (from.name != into.name || from.text != into.text)
        throw UsageError(inputs[f] + ": its table has other columns than " + inputs[0] + "'s");
      into.numbers.insert(into.numbers.end(), from.numbers.begin(), from.numbers.end());
      into.texts.insert(into.texts.end(), from.texts.begin(), from.texts.end());
    }
  }
  const auto& points = rows.columns[0].numbers;
  std::vector<std::size_t> order(points.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return points[a] < points[b]; });
  for (auto& column : rows.columns) {
    if (column.text) {
      std::vector<std::string> sorted;
      for (const std::size_t i : order)
        sorted.push_back(column.texts[i]);
      column.texts = std::move(sorted);
    } else {
      std::vector<double> sorted;
      for (const std::size_t i : order)
        sorted.push_back(column.numbers[i]);
      column.numbers = std::move(sorted);
    }
  }

  // The metamodel again, on every point.
  const auto& attributes = files[0].attributes;
  const std::string response = attributes.at("response");
  const auto [direction, metric] = response_of(response);
  const auto names = lines_of(attributes.at("parameters"));
  const auto regimes = regimes_of(attributes.at("regimes"));
  MergedSweep merged{rows_of(rows, names.size()), {}, response};
  merged.fits = fit_regimes(merged.rows, regimes, names, direction, metric);
  auto written = attributes;
  written.erase("format");  // written by write_flat_file
  written["shard"] = "0/1";
  written["merged_from"] = fmt::format("{}", fmt::join(inputs, "\n"));
  recording::write_flat_file(output, overwrite, "clearsim-sweep", written,
                             {rows, sensitivity_table(merged.fits, response)});
  return merged;
}

}  // namespace

int merge_sweep_files(const std::string& output, const std::vector<std::string>& inputs,
                      bool overwrite, bool quiet) {
  const MergedSweep merged = merge_sweep(output, inputs, overwrite);
  if (!quiet)
    fmt::print(std::cerr, "wrote {}: {} rows from {} sweep shard(s)\n", output, merged.rows.size(),
               inputs.size());
  for (const auto& fit : merged.fits)
    print_fit(fit, merged.response);
  return kExitOk;
}

int sweep_command(const std::vector<std::string>& args) {
  return report_errors("sweep", [&] { return sweep(args); });
}

}  // namespace clearsim::cli
