#pragma once
// Queueing theory the simulator is checked against (the kernel's and the model's validation,
// and `size` on M/M/c), and the scenarios of scenarios/validation/ built to match it.
#include <string>

namespace clearsim::test {

// Erlang's C formula: the probability that an arrival waits in M/M/c with offered load
// a = λ/μ (a < c).
inline double erlang_c(int servers, double offered_load) {
  double term = 1.0;  // a^k / k!
  double sum = 1.0;
  for (int k = 1; k < servers; ++k) {
    term *= offered_load / k;
    sum += term;
  }
  term *= offered_load / servers;
  const double last = term / (1.0 - offered_load / servers);
  return last / (sum + last);
}

// Mean time in an M/M/c system (wait + service), in the unit of 1/λ and 1/μ.
inline double mmc_sojourn(int servers, double lambda, double mu) {
  return erlang_c(servers, lambda / mu) / (servers * mu - lambda) + 1.0 / mu;
}

// The path of scenarios/validation/NAME: M/M/1, M/M/3 and a priority M/M/2 scanner queue
// in a port.
inline std::string validation_scenario(const std::string& name) {
  return std::string(CLEARSIM_SOURCE_DIR) + "/scenarios/validation/" + name;
}

}  // namespace clearsim::test
