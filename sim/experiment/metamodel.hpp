#pragma once
// A metamodel of a sweep: least squares (Eigen) of a response on the swept parameters, main
// effects and two-way interactions, on standardised inputs (z = (x - mean) / sd), so that a
// coefficient is the response's change per standard deviation of its input over the design
// and the coefficients of different inputs compare: the sensitivity table ranks them. Fit
// quality: R^2 and the leave-one-out cross-validated RMSE (PRESS, from the hat matrix).
#include <string>
#include <vector>

namespace clearsim::experiment {

struct MetamodelTerm {
  std::string name;  // "(intercept)", "a", "a x b"
  int first = -1;    // input index (-1 for the intercept)
  int second = -1;   // for an interaction
  double coefficient = 0;
  double standard_error = 0;
};

struct Metamodel {
  std::vector<std::string> inputs;  // the inputs used (constant ones are left out)
  std::vector<double> mean, sd;     // of each input over the design
  std::vector<MetamodelTerm> terms;
  int observations = 0;
  double r_squared = 0;
  double rmse = 0;     // of the residuals (with the degrees of freedom)
  double cv_rmse = 0;  // leave-one-out
  // The prediction at raw inputs x (one per inputs entry).
  double predict(const std::vector<double>& x) const;
};

// rows[i] holds the inputs of observation i (one per name), y[i] its response. Inputs that do
// not vary are dropped. Throws std::invalid_argument when there are fewer observations than
// terms + 1 (then `interactions` = false may still fit) or the design is singular.
Metamodel fit_metamodel(const std::vector<std::string>& names,
                        const std::vector<std::vector<double>>& rows, const std::vector<double>& y,
                        bool interactions = true);

// The terms without the intercept, largest |coefficient| first.
std::vector<MetamodelTerm> sensitivity_ranking(const Metamodel& model);

}  // namespace clearsim::experiment
