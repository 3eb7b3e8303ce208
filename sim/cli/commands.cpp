#include "sim/cli/commands.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <atomic>
#include <boost/program_options.hpp>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <tuple>

#include "sim/cli/build_info.hpp"
#include "sim/cli/command_support.hpp"
#include "sim/cli/comparison.hpp"
#include "sim/cli/machine_output.hpp"
#include "sim/cli/mpi_runs.hpp"
#include "sim/cli/mpi_world.hpp"
#include "sim/cli/options.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/report.hpp"
#include "sim/experiment/replication.hpp"
#include "sim/experiment/runner.hpp"
#include "sim/experiment/traffic.hpp"
#include "sim/recording/flat_file.hpp"
#include "sim/recording/merge.hpp"
#include "sim/recording/size_estimate.hpp"
#include "sim/scenario/scenario.hpp"

namespace clearsim::cli {

// Shared with the experiment commands in their own files (command_support.hpp).

std::optional<po::variables_map> parse_unless_help(
    const std::vector<std::string>& args, const po::options_description& options,
    const po::positional_options_description& positional) {
  po::variables_map values;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), values);
    if (values.count("help")) {
      fmt::print("{}\n", fmt::streamed(options));
      return std::nullopt;
    }
    po::notify(values);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return values;
}

po::positional_options_description scenario_positional() {
  po::positional_options_description p;
  p.add("scenario", 1);
  return p;
}

bool json_format(const po::variables_map& values) {
  const std::string format = values["format"].as<std::string>();
  if (format != "table" && format != "json")
    throw UsageError("--format: expected table or json, got '" + format + "'");
  return format == "json";
}

// Set by SIGINT/SIGTERM; the simulations poll it (Simulation::set_cancel_flag).
std::atomic<bool> interrupted{false};
volatile std::sig_atomic_t interrupt_signal = 0;

namespace {
extern "C" void on_interrupt(int signal) {
  interrupt_signal = signal;
  interrupted.store(true);
  std::signal(signal, SIG_DFL);  // a second Ctrl-C kills at once
}
}  // namespace

SignalGuard::SignalGuard() {
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
}
SignalGuard::~SignalGuard() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

namespace {

// After a failed write HDF5 1.10 keeps the half-closed file in its tables and crashes in
// its own atexit handler trying to close it again. The partial file is already removed
// (the ResultFile was unwound); leave without running the library's teardown.
[[noreturn]] void exit_skipping_hdf5_teardown(int status) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(status);
}
}  // namespace

// `command` names the command whose options to point at in a usage error.
int report_errors(const std::string& command, const std::function<int()>& body) {
  try {
    return body();
  } catch (const sim::RunAborted& e) {
    if (e.reason() == sim::RunAborted::Reason::cancelled) {
      const int signal = interrupt_signal ? static_cast<int>(interrupt_signal) : SIGINT;
      fmt::print(std::cerr, "clearsim: interrupted by {}: run stopped, no result file written\n",
                 signal == SIGTERM ? "SIGTERM" : "SIGINT");
      return 128 + signal;
    }
    if (e.reason() == sim::RunAborted::Reason::event_limit) {
      fmt::print(std::cerr, "clearsim: run stopped: {} (the --max-events limit)\n", e.what());
    } else {
      fmt::print(std::cerr, "clearsim: run stopped: {}\n", e.what());
    }
    return kExitFailure;
  } catch (const model::PortOverloaded& e) {
    fmt::print(std::cerr, "clearsim: run stopped: {}\n", e.what());
    return kExitFailure;
  } catch (const UsageError& e) {
    fmt::print(std::cerr, "clearsim: {}\nTry 'clearsim {} --help' for its options.\n", e.what(),
               command);
    return kExitBadInput;
  } catch (const scenario::ScenarioError& e) {
    fmt::print(std::cerr, "{}\n", e.what());
    return kExitBadInput;
  } catch (const recording::OutputError& e) {  // HDF5's failures too, saying what happened
    fmt::print(std::cerr, "clearsim: cannot write results: {}\n", e.what());
    exit_skipping_hdf5_teardown(kExitFailure);
  } catch (const std::invalid_argument& e) {
    fmt::print(std::cerr, "clearsim: {}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(std::cerr, "clearsim: run failed: {}\n", e.what());
    return kExitFailure;
  }
}

void add_experiment_options(po::options_description& o) {
  auto add = o.add_options();
  add("help,h", "show this help");
  add("scenario", po::value<std::string>()->required(), "scenario file (YAML)");
  add("replications,n", po::value<std::string>(),
      "independent replications per regime (default: the scenario's)");
  add("seed,s", po::value<std::string>(),
      "base random seed, 0 to 2^64-1 (default: the scenario's)");
  add("horizon", po::value<std::string>(),
      "arrivals stop after this long, e.g. 30d (default: the scenario's)");
  add("warmup", po::value<std::string>(), "boxes arriving before this are not counted, e.g. 5d");
  add("jobs,j", po::value<std::string>()->default_value("1"),
      "threads running replications (results do not depend on it)");
  add("out,o", po::value<std::string>(),
      "write every container's record to this HDF5 file (docs/output.md)");
  add("force", "replace an existing --out file");
  add("sample-interval", po::value<std::string>()->default_value("1h"),
      "resource samples in the --out file, e.g. 1h");
  add("format,f", po::value<std::string>()->default_value("table"), "table, csv or json");
  add("max-in-port", po::value<std::string>()->default_value("auto"),
      "stop a run with more boxes in the port at once (about 2.7 KB each); auto: 1,000,000 or "
      "what half the available memory holds; 0: no limit");
  add("max-events", po::value<std::string>()->default_value("0"),
      "stop a replication after this many events; 0: no limit");
  add("compression", po::value<std::string>()->default_value("1"),
      "deflate level 0-9 of the --out tables (0: none; faster, larger files)");
  add("record", po::value<std::string>()->default_value("boxes"),
      "what the --out file holds: summary (summary and pool-use tables), vessels (+ vessel "
      "calls and resource samples) or boxes (+ every box's and exam's record)");
  add("shard", po::value<std::string>(),
      "run only share I of N of the replications, e.g. 0/4 (combine the files with 'clearsim "
      "merge')");
  add("quiet,q", "no progress on stderr");
  add_set_option(o);
}

void add_set_option(po::options_description& o) {
  o.add_options()("set", po::value<std::vector<std::string>>()->composing(),
                  "KEY.PATH=VALUE: change a scenario value in every regime, as the file would "
                  "write it (repeatable; e.g. inspection_sites[dongjiang_inspection].scanners=4)");
}

std::vector<scenario::Override> overrides_of(const po::variables_map& values) {
  std::vector<scenario::Override> overrides;
  if (!values.count("set")) return overrides;
  const auto& texts = values["set"].as<std::vector<std::string>>();
  for (std::size_t i = 0; i < texts.size(); ++i)
    overrides.push_back(scenario::parse_override_option(texts[i], static_cast<int>(i) + 1));
  return overrides;
}

scenario::Scenario load_scenario(const po::variables_map& values) {
  return scenario::Scenario::load(values["scenario"].as<std::string>(), overrides_of(values));
}

namespace {

po::options_description run_options() {
  po::options_description o(
      "clearsim run SCENARIO [options]\n\n"
      "Runs replications of one regime of a scenario and prints the release-time\n"
      "summary: per direction, boxes cleared, inspection rate, mean/median/p90/p95/max\n"
      "of the overall (arrival -> release) and customs-only (declaration -> release)\n"
      "times, and the utilisation of each resource kind. Defaults come from the\n"
      "scenario file.\n\nOptions");
  add_experiment_options(o);
  o.add_options()("regime,r", po::value<std::string>()->default_value("baseline"),
                  "regime to run (see 'clearsim validate')");
  return o;
}

po::options_description compare_options() {
  po::options_description o(
      "clearsim compare SCENARIO --regimes A,B,... [options]\n\n"
      "Runs every regime on the same stream of vessels and containers (common random\n"
      "numbers: the same box has the same cargo, consignee and draws under every\n"
      "regime) and prints, per regime and direction, mean/median/p90/p95 release\n"
      "times with 95 % intervals and the paired difference against the first regime,\n"
      "marked where that interval includes zero; then the inspection load.\n\nOptions");
  add_experiment_options(o);
  o.add_options()("regimes,r", po::value<std::string>(),
                  "comma-separated regimes, the first is the reference (default: all in the file)");
  return o;
}

po::options_description validate_options() {
  po::options_description o(
      "clearsim validate SCENARIO [options]\n\n"
      "Checks a scenario file, lists the regimes it defines, and predicts each\n"
      "resource's utilisation from the routing network's traffic equations,\n"
      "warning where it reaches 1 (a queue that never empties).\n\nOptions");
  o.add_options()("help,h", "show this help")("scenario", po::value<std::string>()->required(),
                                              "scenario file (YAML)")(
      "regime,r", po::value<std::string>(), "predict for this regime only (default: all)");
  add_set_option(o);
  return o;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  for (char c : text + ",") {
    if (c == ',') {
      if (item.empty()) throw UsageError("--regimes: empty name in '" + text + "'");
      // A regime is one group of the result file and one column of the comparison.
      if (std::find(items.begin(), items.end(), item) != items.end())
        throw UsageError("--regimes: '" + item + "' is named twice in '" + text + "'");
      items.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  return items;
}

std::string joined_command_line(const std::string& command, const std::vector<std::string>& args) {
  std::string line = "clearsim " + command;
  for (const auto& a : args)
    line += " " + a;
  return line;
}

// The end of a run under mpirun: every rank learns whether all succeeded; rank 0 gathers
// the results and merges the ranks' files into `out`. Throws on every rank if any failed.
std::vector<std::vector<ReplicationResult>> gather_mpi_run(
    const RunPlan& plan, const std::string& out, const std::string& my_out, bool force,
    std::exception_ptr failure, const std::vector<std::vector<ReplicationResult>>& mine) {
  const MpiWorld world = mpi_world();
  try {
    agree_on_ranks([&] {
      if (failure) std::rethrow_exception(failure);
    });
  } catch (...) {
    if (!out.empty()) std::remove(my_out.c_str());
    throw;
  }
  auto results = gather_results(mine, static_cast<int>(plan.configs.size()), plan.replications);
  restore_regimes(results, plan.configs);
  barrier();  // every rank's file is complete
  if (world.rank == 0 && !out.empty()) {
    merge_rank_files(out, [&](const std::vector<std::string>& parts) {
      recording::merge_result_files(out, parts, force);
    });
  }
  return results;
}

recording::RecordLevel record_option(const po::variables_map& v) {
  const std::string text = v["record"].as<std::string>();
  if (!v["record"].defaulted() && !v.count("out"))
    throw UsageError("--record says what goes into the --out file: give --out FILE.h5 too");
  for (std::size_t i = 0; i < recording::kRecordLevelNames.size(); ++i)
    if (text == recording::kRecordLevelNames[i]) return static_cast<recording::RecordLevel>(i);
  throw UsageError("--record: expected summary, vessels or boxes, got '" + text + "'");
}

// "clearsim: --record boxes: the file will take about 120 MB (an estimate: ...)": before the
// run, from the arrival rates (recording/size_estimate.hpp). Under mpirun the merged file's.
std::string size_estimate_line(const RunPlan& plan, const recording::Provenance& provenance,
                               std::size_t scenario_bytes, bool all_replications) {
  recording::SizeInputs in = size_inputs(plan, all_replications);
  in.record = provenance.record;
  in.compression_level = provenance.compression_level;
  in.scenario_bytes = scenario_bytes;
  const double replications = in.replication_groups / std::max(1.0, in.regimes);
  return fmt::format(
      "clearsim: --record {}: the file will take about {} (an estimate: {} regime(s) x {:g} "
      "replication(s) x {:g} h at {:.0f} boxes/h; docs/output.md)",
      recording::kRecordLevelNames[static_cast<int>(in.record)],
      recording::readable_bytes(recording::estimate_file_bytes(in)), plan.configs.size(),
      replications, plan.options.horizon, in.boxes / plan.options.horizon);
}

// `run` and `compare` share everything but the regimes they take and the table they print.
int experiment(const std::string& command, const std::vector<std::string>& args,
               const po::options_description& options, bool comparison) {
  const auto parsed = parse_unless_help(args, options, scenario_positional());
  if (!parsed) return kExitOk;
  const auto& v = *parsed;
  const Format format = parse_format(v["format"].as<std::string>());
  const auto scenario = load_scenario(v);
  const auto defaults = scenario.defaults();
  std::vector<std::string> regimes;
  if (comparison) {
    regimes =
        v.count("regimes") ? split_list(v["regimes"].as<std::string>()) : scenario.regime_names();
  } else {
    regimes = {v["regime"].as<std::string>()};
  }

  RunPlan plan;
  for (const auto& r : regimes)
    plan.configs.push_back(scenario.config(r));
  plan.options.seed = v.count("seed") ? seed_option(v["seed"].as<std::string>()) : defaults.seed;
  if (v.count("out") && v["out"].as<std::string>().empty())
    throw UsageError("--out: the file name is empty");
  plan.options.horizon =
      v.count("horizon") ? horizon_option(v["horizon"].as<std::string>()) : defaults.horizon_hours;
  plan.options.warmup =
      v.count("warmup") ? warmup_option(v["warmup"].as<std::string>()) : defaults.warmup_hours;
  plan.options.sample_interval =
      v.count("out")
          ? sample_interval_option(v["sample-interval"].as<std::string>(), plan.options.horizon)
          : 0.0;
  if (!(plan.options.warmup < plan.options.horizon)) {
    // Say where each number came from: a --horizon 3d against the scenario's 5-day warm-up
    // is the usual way to get here.
    const auto from = [&v, &scenario](const char* option) {
      return v.count(option)
                 ? std::string("--") + option
                 : "the scenario's '" + std::string(option) + "' (" + scenario.source_name() + ")";
    };
    throw UsageError(fmt::format(
        "the warm-up ({:g} h, from {}) must be shorter than the horizon ({:g} h, from {}); "
        "give a shorter --warmup, e.g. --warmup {:g}h",
        plan.options.warmup, from("warmup"), plan.options.horizon, from("horizon"),
        std::floor(plan.options.horizon / 4)));
  }
  plan.replications = v.count("replications")
                          ? replications_option(v["replications"].as<std::string>())
                          : defaults.replications;
  if (plan.replications < 1) throw UsageError("--replications must be at least 1");
  if (v.count("shard"))
    std::tie(plan.shard_index, plan.shard_count) = shard_option(v["shard"].as<std::string>());
  if (plan.shard_index >= plan.replications)
    throw UsageError("--shard " + v["shard"].as<std::string>() + ": only " +
                     std::to_string(plan.replications) + " replication(s), so this shard has none");
  if (comparison && plan.replications < 2)
    throw UsageError("compare needs --replications of at least 2 for its intervals");
  plan.jobs = jobs_option(v["jobs"].as<std::string>());
  if (plan.jobs < 1) throw UsageError("--jobs must be at least 1");
  plan.options.max_in_port = max_in_port_option(v["max-in-port"].as<std::string>());
  plan.options.max_events = limit_option("--max-events", v["max-events"].as<std::string>());
  plan.options.cancel = &interrupted;
  const SignalGuard signals;

  // Under mpirun each rank runs the replications of --shard rank/size into a file of its
  // own; rank 0 merges them into --out and prints the table (docs/scale-out.md).
  const MpiWorld world = mpi_world();
  const std::string out = v.count("out") ? v["out"].as<std::string>() : "";
  std::string my_out = out;
  if (world.parallel()) {
    if (v.count("shard"))
      throw UsageError("--shard cannot be used under mpirun: the ranks split the work");
    if (plan.replications < world.size)
      throw UsageError("fewer replications (" + std::to_string(plan.replications) +
                       ") than MPI ranks (" + std::to_string(world.size) + ")");
    plan.shard_index = world.rank;
    plan.shard_count = world.size;
    if (!out.empty()) {
      recording::check_output_target(out, v.count("force") > 0);
      my_out = rank_file(out, world.rank, world.size);
    }
  }

  const recording::RecordLevel record = record_option(v);
  std::unique_ptr<recording::ResultFile> file;
  if (v.count("out")) {
    recording::Provenance provenance;
    provenance.program = std::string("clearsim ") + CLEARSIM_VERSION;
    provenance.git_commit = git_commit();
    provenance.libraries = library_versions_text();
    provenance.command_line = joined_command_line(command, args);
    provenance.scenario_name = plan.configs.front().name;
    provenance.scenario_file = scenario.source_name();
    provenance.scenario_text = scenario.text();
    provenance.seed = plan.options.seed;
    provenance.replications = plan.replications;
    provenance.regimes = regimes;
    provenance.horizon_hours = plan.options.horizon;
    provenance.warmup_hours = plan.options.warmup;
    provenance.sample_interval_hours = plan.options.sample_interval;
    for (const auto& d : plan.configs.front().districts)
      provenance.districts.push_back(d.name);
    for (const auto& a : plan.configs.front().agencies)
      provenance.agencies.push_back(a.name);
    for (const auto& site : plan.configs.front().sites)
      provenance.inspection_sites.push_back(site.name);
    provenance.record = record;
    provenance.compression_level = compression_option(v["compression"].as<std::string>());
    if (provenance.compression_level < 0 || provenance.compression_level > 9)
      throw UsageError("--compression: expected a level from 0 to 9, got " +
                       std::to_string(provenance.compression_level));
    file = std::make_unique<recording::ResultFile>(my_out, v.count("force") > 0 || world.parallel(),
                                                   provenance);
    for (const auto& leftover : file->removed_leftovers())
      fmt::print(std::cerr, "clearsim: warning: removed {}, left by a run that was killed\n",
                 leftover);
    for (const auto& config : plan.configs)
      file->add_regime(config.regime, scenario.regime_description(config.regime),
                       model::resource_plan(config));
    if (world.rank == 0 && !v.count("quiet"))
      fmt::print(std::cerr, "{}\n",
                 size_estimate_line(plan, provenance, scenario.text().size(), world.parallel()));
  }

  // Warn before a long run, as validate does, where a pool cannot keep up; the result
  // carries the same flag (RunHeader::warnings).
  std::vector<std::string> warnings;
  auto predicted = predicted_rows(plan.configs, plan.replications, warnings);
  if (world.rank == 0)
    for (const auto& w : warnings)
      fmt::print(std::cerr, "clearsim: warning: {}\n", w);

  Progress progress(comparison ? "compare" : "run");
  const bool quiet = v.count("quiet") > 0 || world.rank != 0;
  std::vector<std::vector<ReplicationResult>> results;
  std::exception_ptr failure;
  try {
    results = run_plan(
        plan, file.get(),
        [&](int done, int total) {
          if (!quiet) progress.update(done, total);
        },
        [&](const LiveProgress& live) {
          if (!quiet) progress.heartbeat(live);
        });
    progress.finish();
    if (file) file->commit();
  } catch (...) {
    failure = std::current_exception();
    file.reset();  // removes the partial file
  }
  if (world.parallel()) {
    results = gather_mpi_run(plan, out, my_out, v.count("force") > 0, failure, results);
    if (world.rank != 0) return kExitOk;
  } else if (failure) {
    std::rethrow_exception(failure);
  }
  if (!out.empty() && !quiet) fmt::print(std::cerr, "wrote {}\n", out);
  RunHeader header;
  header.scenario = plan.configs.front().name;
  header.source = scenario.source_name();
  header.seed = plan.options.seed;
  header.horizon_hours = plan.options.horizon;
  header.warmup_hours = plan.options.warmup;
  header.scenario_sha256 = recording::sha256_hex(scenario.text());
  header.command_line = joined_command_line(command, args);
  header.replications = plan.replications;
  header.regimes = regimes;
  header.predicted = std::move(predicted);
  header.warnings = std::move(warnings);
  if (comparison) {
    print_comparison(std::cout, format, header, results);
  } else {
    print_summary(std::cout, format, header, results);
  }
  return kExitOk;
}

void print_predictions(const model::PortConfig& config, int& warnings) {
  fmt::print("\npredicted utilisation, regime {} (traffic equations over every route):\n",
             config.regime);
  fmt::print("  {:<44} {:>9} {:>9} {:>12}\n", "pool", "capacity", "offered", "utilisation");
  for (const PredictedLoad& load : predict_loads(config)) {
    const double rho = load.utilisation();
    const char* flag = rho >= 1 ? "  <- unstable" : rho >= kSaturated ? "  <- above 90 %" : "";
    fmt::print("  {:<44} {:>9} {:>9.2f} {:>11.1f}%{}\n", load.pool, load.capacity, load.offered,
               100 * rho, flag);
    if (rho >= 1) {
      ++warnings;
      fmt::print(
          std::cerr,
          "clearsim: warning: regime {}: {} would be {:.0f} % utilised (rho >= 1): its queue "
          "grows without bound and release times with the horizon\n",
          config.regime, load.pool, 100 * rho);
    }
  }
}

int validate(const std::vector<std::string>& args) {
  const auto options = validate_options();
  const auto parsed = parse_unless_help(args, options, scenario_positional());
  if (!parsed) return kExitOk;
  const auto& v = *parsed;
  const auto scenario = load_scenario(v);
  const auto names = scenario.regime_names();
  fmt::print("{}: OK\nregimes:\n", scenario.source_name());
  for (const auto& name : names)
    fmt::print("  {:<22} {}\n", name, scenario.regime_description(name));
  int warnings = 0;
  if (v.count("regime")) {
    print_predictions(scenario.config(v["regime"].as<std::string>()), warnings);
  } else {
    for (const auto& name : names)
      print_predictions(scenario.config(name), warnings);
  }
  if (warnings) fmt::print("\n{} pool(s) predicted unstable (see warnings)\n", warnings);
  return kExitOk;
}

po::options_description merge_options() {
  po::options_description o(
      "clearsim merge OUT.h5 SHARD.h5... [--force]\n\n"
      "Combines the result files of a sharded run ('clearsim run|compare ... --shard I/N\n"
      "--out part-I.h5') into one file whose data equal a single-process run's. Checks that\n"
      "the shards come from the same run and that no replication is missing or doubled.\n"
      "Sweep shards ('clearsim sweep ... --shard I/N') merge into one sweep file equal to\n"
      "the unsharded sweep's, its metamodel refitted on every point.\n\n"
      "Options");
  auto add = o.add_options();
  add("help,h", "show this help");
  add("output", po::value<std::string>()->required(), "the combined result file");
  add("shards", po::value<std::vector<std::string>>()->required(), "shard result files");
  add("force", "replace an existing output file");
  add("quiet,q", "no summary line on stderr");
  return o;
}

int merge(const std::vector<std::string>& args) {
  const auto options = merge_options();
  po::positional_options_description positional;
  positional.add("output", 1).add("shards", -1);
  const auto parsed = parse_unless_help(args, options, positional);
  if (!parsed) return kExitOk;
  const auto& v = *parsed;
  const auto& shards = v["shards"].as<std::vector<std::string>>();
  if (recording::flat_file_format(shards.front()) == "clearsim-sweep")
    return merge_sweep_files(v["output"].as<std::string>(), shards, v.count("force") > 0,
                             v.count("quiet") > 0);
  const auto report = recording::merge_result_files(v["output"].as<std::string>(),
                                                    v["shards"].as<std::vector<std::string>>(),
                                                    v.count("force") > 0);
  for (const auto& leftover : report.removed_leftovers)
    fmt::print(std::cerr, "clearsim: warning: removed {}, left by a run that was killed\n",
               leftover);
  if (!v.count("quiet"))
    fmt::print(std::cerr, "wrote {}: {} regime(s), {} replication group(s)\n",
               v["output"].as<std::string>(), report.regimes, report.replications);
  return kExitOk;
}

}  // namespace

int merge_command(const std::vector<std::string>& args) {
  return report_errors("merge", [&] { return merge(args); });
}

int run_command(const std::vector<std::string>& args) {
  return report_errors("run", [&] { return experiment("run", args, run_options(), false); });
}

int compare_command(const std::vector<std::string>& args) {
  return report_errors("compare",
                       [&] { return experiment("compare", args, compare_options(), true); });
}

int validate_command(const std::vector<std::string>& args) {
  return report_errors("validate", [&] { return validate(args); });
}

}  // namespace clearsim::cli
