#include "sim/cli/experiment_setup.hpp"

#include "sim/cli/options.hpp"

namespace clearsim::cli {

void add_run_settings(po::options_description& o) {
  auto add = o.add_options();
  add("help,h", "show this help");
  add("scenario", po::value<std::string>()->required(), "scenario file (YAML)");
  add("replications,n", po::value<std::string>(),
      "replications of every point (default: the scenario's); all points share them (common "
      "random numbers)");
  add("seed,s", po::value<std::string>(), "base random seed (default: the scenario's)");
  add("horizon", po::value<std::string>(), "arrivals stop after this long, e.g. 60d");
  add("warmup", po::value<std::string>(), "boxes arriving before this are not counted");
  add("jobs,j", po::value<std::string>()->default_value("1"),
      "threads running replications (results do not depend on it)");
  add("max-in-port", po::value<std::string>()->default_value("auto"),
      "stop a replication with more boxes in the port at once (see 'clearsim run --help')");
  add("max-events", po::value<std::string>()->default_value("0"),
      "stop a replication after this many events; 0: no limit");
  add("quiet,q", "no progress on stderr");
  add_set_option(o);
}

experiment::RunPlan run_settings(const po::variables_map& v,
                                 const scenario::RunDefaults& defaults) {
  experiment::RunPlan plan;
  plan.options.seed = v.count("seed") ? seed_option(v["seed"].as<std::string>()) : defaults.seed;
  plan.options.horizon =
      v.count("horizon") ? horizon_option(v["horizon"].as<std::string>()) : defaults.horizon_hours;
  plan.options.warmup =
      v.count("warmup") ? warmup_option(v["warmup"].as<std::string>()) : defaults.warmup_hours;
  if (!(plan.options.warmup < plan.options.horizon))
    throw UsageError("the warm-up must be shorter than the horizon");
  plan.options.sample_interval = 0;
  plan.replications = v.count("replications")
                          ? replications_option(v["replications"].as<std::string>())
                          : defaults.replications;
  plan.jobs = jobs_option(v["jobs"].as<std::string>());
  plan.options.max_in_port = max_in_port_option(v["max-in-port"].as<std::string>());
  plan.options.max_events = limit_option("--max-events", v["max-events"].as<std::string>());
  plan.options.cancel = &interrupted;
  return plan;
}

}  // namespace clearsim::cli
