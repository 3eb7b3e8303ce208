// Sweeps and their metamodel: grid and Latin hypercube designs, the resume journal, and a
// least-squares metamodel that recovers known coefficients from a synthetic response.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

#include "sim/experiment/metamodel.hpp"
#include "sim/experiment/sweep.hpp"

using namespace clearsim::experiment;

TEST_CASE("grid: values, ranges with units, the product with the last axis fastest") {
  const auto a = parse_grid_axis("inspection_sites[x].scanners=1:4:1");
  CHECK(a.values == std::vector<double>{1, 2, 3, 4});
  const auto b = parse_grid_axis("agencies.customs.exam=30min,45min,90min");
  CHECK(b.unit == "min");
  CHECK(b.column() == "agencies.customs.exam [min]");
  const auto points = grid_points({a, b});
  REQUIRE(points.size() == 12);
  CHECK(points[1].values == std::vector<double>{1, 45});
  CHECK(points[3].settings ==
        std::vector<std::string>{"inspection_sites[x].scanners=2", "agencies.customs.exam=30min"});
  CHECK_THROWS_AS(parse_grid_axis("k=1h,2"), std::invalid_argument);  // mixed units
  CHECK_THROWS_AS(parse_grid_axis("k=4:1:1"), std::invalid_argument);
  CHECK_THROWS_AS(parse_grid_axis("k=a,b"), std::invalid_argument);
  CHECK_THROWS_AS(parse_grid_axis("=1,2"), std::invalid_argument);
}

TEST_CASE("Latin hypercube: one point in each stratum of every range, seeded") {
  const auto x = parse_lhs_axis("a=0.0..1.0");
  const auto n = parse_lhs_axis("b=1..4");
  CHECK_FALSE(x.whole);
  CHECK(n.whole);
  const auto points = latin_hypercube({x, n}, 8, 42);
  REQUIRE(points.size() == 8);
  std::set<int> strata;
  for (const auto& p : points) {
    strata.insert(static_cast<int>(std::floor(p.values[0] * 8)));
    CHECK(p.values[1] == std::round(p.values[1]));
    CHECK(p.values[1] >= 1);
    CHECK(p.values[1] <= 4);
  }
  CHECK(strata.size() == 8);
  const auto again = latin_hypercube({x, n}, 8, 42);
  CHECK(again[3].values == points[3].values);
  CHECK(latin_hypercube({x, n}, 8, 43)[3].values != points[3].values);
}

TEST_CASE("metamodel: recovers main effects and an interaction from a synthetic response") {
  // y = 3 + 2 za - 1 zb + 0.5 za zb + 0 zc on standardised inputs, with small noise.
  std::vector<std::vector<double>> rows;
  std::vector<double> a, b, c;
  const auto design = latin_hypercube(
      {parse_lhs_axis("a=10.0..20.0"), parse_lhs_axis("b=0.0..1.0"), parse_lhs_axis("c=-5.0..5.0")},
      60, 7);
  for (const auto& p : design)
    rows.push_back(p.values);
  const auto stats = [&](std::size_t j) {
    double mean = 0, ss = 0;
    for (const auto& r : rows)
      mean += r[j] / rows.size();
    for (const auto& r : rows)
      ss += (r[j] - mean) * (r[j] - mean);
    return std::pair{mean, std::sqrt(ss / (rows.size() - 1))};
  };
  const auto [ma, sa] = stats(0);
  const auto [mb, sb] = stats(1);
  std::vector<double> y;
  std::uint64_t state = 1;
  for (const auto& r : rows) {
    const double za = (r[0] - ma) / sa, zb = (r[1] - mb) / sb;
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double noise = (static_cast<double>(state >> 11) * 0x1.0p-53 - 0.5) * 0.02;
    y.push_back(3 + 2 * za - zb + 0.5 * za * zb + noise);
  }
  const Metamodel model = fit_metamodel({"a", "b", "c"}, rows, y);
  REQUIRE(model.terms.size() == 7);  // intercept, 3 main effects, 3 interactions
  const auto coefficient = [&](const std::string& name) {
    for (const auto& t : model.terms)
      if (t.name == name) return t.coefficient;
    FAIL("no term " << name);
    return 0.0;
  };
  CHECK(coefficient("(intercept)") == doctest::Approx(3).epsilon(0.01));
  CHECK(coefficient("a") == doctest::Approx(2).epsilon(0.01));
  CHECK(coefficient("b") == doctest::Approx(-1).epsilon(0.01));
  CHECK(coefficient("a x b") == doctest::Approx(0.5).epsilon(0.02));
  CHECK(std::abs(coefficient("c")) < 0.01);
  CHECK(model.r_squared > 0.999);
  CHECK(model.cv_rmse < 0.02);
  const auto ranking = sensitivity_ranking(model);
  CHECK(ranking[0].name == "a");
  CHECK(ranking[1].name == "b");
  CHECK(ranking[2].name == "a x b");
  CHECK(model.predict({15, 0.5, 0}) == doctest::Approx(3 + 2 * (15 - ma) / sa - (0.5 - mb) / sb +
                                                       0.5 * (15 - ma) / sa * (0.5 - mb) / sb)
                                           .epsilon(0.01));
  // Too few observations for the interactions: refused, main effects still fit.
  const std::vector<std::vector<double>> few(rows.begin(), rows.begin() + 6);
  const std::vector<double> few_y(y.begin(), y.begin() + 6);
  CHECK_THROWS_AS(fit_metamodel({"a", "b", "c"}, few, few_y), std::invalid_argument);
  CHECK(fit_metamodel({"a", "b", "c"}, few, few_y, false).terms.size() == 4);
}

TEST_CASE("journal: completed points come back; a cut line or another sweep does not") {
  const auto path = (std::filesystem::temp_directory_path() / "clearsim_test_journal").string();
  std::remove(path.c_str());
  {
    SweepJournal journal(path, "abc");
    SweepRow row{3, "baseline", 1, "import", {2.5}, {10, std::nan(""), 0.1 + 0.2}};
    journal.append({row});
  }
  {
    std::FILE* f = std::fopen(path.c_str(), "a");
    std::fputs("4\tbaseline\t0\timport\t1\t3\t2", f);  // a kill mid-point
    std::fclose(f);
  }
  SweepJournal again(path, "abc");
  REQUIRE(again.rows().size() == 1);
  CHECK(again.has_point(3));
  CHECK_FALSE(again.has_point(4));
  CHECK(again.rows()[0].metrics[2] == 0.1 + 0.2);  // full precision
  CHECK(std::isnan(again.rows()[0].metrics[1]));
  CHECK_THROWS_AS(SweepJournal(path, "other"), std::runtime_error);
  again.remove();
  CHECK_FALSE(std::filesystem::exists(path));
}
