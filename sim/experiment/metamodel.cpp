#include "sim/experiment/metamodel.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace clearsim::experiment {

namespace {

double term_value(const MetamodelTerm& term, const std::vector<double>& z) {
  if (term.first < 0) return 1.0;
  const double a = z[static_cast<std::size_t>(term.first)];
  return term.second < 0 ? a : a * z[static_cast<std::size_t>(term.second)];
}

}  // namespace

double Metamodel::predict(const std::vector<double>& x) const {
  std::vector<double> z(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i)
    z[i] = (x[i] - mean[i]) / sd[i];
  double y = 0;
  for (const auto& term : terms)
    y += term.coefficient * term_value(term, z);
  return y;
}

Metamodel fit_metamodel(const std::vector<std::string>& names,
                        const std::vector<std::vector<double>>& rows, const std::vector<double>& y,
                        bool interactions) {
  const std::size_t n = rows.size();
  if (n != y.size()) throw std::invalid_argument("metamodel: one response per row is needed");
  Metamodel model;
  model.observations = static_cast<int>(n);
  // Standardise; drop the inputs that do not vary.
  std::vector<std::size_t> used;
  for (std::size_t j = 0; j < names.size(); ++j) {
    double sum = 0;
    for (const auto& row : rows)
      sum += row[j];
    const double mean = n ? sum / static_cast<double>(n) : 0;
    double ss = 0;
    for (const auto& row : rows)
      ss += (row[j] - mean) * (row[j] - mean);
    const double sd = n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : 0;
    if (!(sd > 1e-12 * std::max(1.0, std::abs(mean)))) continue;
    used.push_back(j);
    model.inputs.push_back(names[j]);
    model.mean.push_back(mean);
    model.sd.push_back(sd);
  }
  const int k = static_cast<int>(used.size());
  model.terms.push_back({"(intercept)", -1, -1});
  for (int a = 0; a < k; ++a)
    model.terms.push_back({model.inputs[static_cast<std::size_t>(a)], a, -1});
  if (interactions) {
    for (int a = 0; a < k; ++a)
      for (int b = a + 1; b < k; ++b)
        model.terms.push_back({model.inputs[static_cast<std::size_t>(a)] + " x " +
                                   model.inputs[static_cast<std::size_t>(b)],
                               a, b});
  }
  const auto p = static_cast<Eigen::Index>(model.terms.size());
  if (static_cast<Eigen::Index>(n) < p + 1) {
    throw std::invalid_argument("metamodel: " + std::to_string(n) + " observations for " +
                                std::to_string(p) + " terms; at least " + std::to_string(p + 1) +
                                " are needed");
  }
  Eigen::MatrixXd X(static_cast<Eigen::Index>(n), p);
  Eigen::VectorXd Y(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> z(used.size());
    for (std::size_t a = 0; a < used.size(); ++a)
      z[a] = (rows[i][used[a]] - model.mean[a]) / model.sd[a];
    for (Eigen::Index t = 0; t < p; ++t)
      X(static_cast<Eigen::Index>(i), t) = term_value(model.terms[static_cast<std::size_t>(t)], z);
    Y(static_cast<Eigen::Index>(i)) = y[i];
  }
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(X);
  if (qr.rank() < p)
    throw std::invalid_argument("metamodel: the design does not separate the terms (rank " +
                                std::to_string(qr.rank()) + " of " + std::to_string(p) + ")");
  const Eigen::VectorXd beta = qr.solve(Y);
  const Eigen::VectorXd residual = Y - X * beta;
  const double sse = residual.squaredNorm();
  const double sst = (Y.array() - Y.mean()).square().sum();
  model.r_squared = sst > 0 ? 1 - sse / sst : 1.0;
  const double dof = static_cast<double>(static_cast<Eigen::Index>(n) - p);
  const double sigma2 = sse / dof;
  model.rmse = std::sqrt(sigma2);
  const Eigen::MatrixXd inverse = (X.transpose() * X).inverse();
  double press = 0;
  for (Eigen::Index i = 0; i < static_cast<Eigen::Index>(n); ++i) {
    const double h = X.row(i) * inverse * X.row(i).transpose();
    const double e = residual(i) / std::max(1e-12, 1 - h);
    press += e * e;
  }
  model.cv_rmse = std::sqrt(press / static_cast<double>(n));
  for (Eigen::Index t = 0; t < p; ++t) {
    auto& term = model.terms[static_cast<std::size_t>(t)];
    term.coefficient = beta(t);
    term.standard_error = std::sqrt(std::max(0.0, sigma2 * inverse(t, t)));
  }
  return model;
}

std::vector<MetamodelTerm> sensitivity_ranking(const Metamodel& model) {
  std::vector<MetamodelTerm> ranked;
  for (const auto& term : model.terms)
    if (term.first >= 0) ranked.push_back(term);
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return std::abs(a.coefficient) > std::abs(b.coefficient);
  });
  return ranked;
}

}  // namespace clearsim::experiment
