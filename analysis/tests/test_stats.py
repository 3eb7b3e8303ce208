"""Statistics over replications: one quantile definition, intervals, paired differences,
groups, and the same numbers as clearsim prints."""
import numpy as np
import pytest

from clearsim_analysis import compare, format_comparison, quantile, replication_statistics, within
from clearsim_analysis.stats import QUANTILE_METHOD, t_interval

#: the sketch's relative error (docs/output.md) and the JSON's 6 significant digits
SKETCH = 0.001
PRINTED = 5e-6


def test_the_quantile_is_the_lower_empirical_one():
    assert QUANTILE_METHOD == "inverted_cdf"
    x = [4.0, 1.0, 3.0, 2.0]
    # the smallest value with at least a share p of the sample at or below it
    assert quantile(x, 0.5) == 2.0 and quantile(x, 0.25) == 1.0 and quantile(x, 0.26) == 2.0
    assert quantile(x, 0.9) == 4.0 and quantile(x, 1.0) == 4.0
    assert quantile([1.0, np.nan, 3.0], 0.5) == 1.0
    assert np.isnan(quantile([], 0.5))
    np.testing.assert_array_equal(quantile(x, [0.5, 0.75]), [2.0, 3.0])


def test_statistics_per_replication(synthetic):
    stats = ("mean", "median", "p90", "p95", "max", within(24))
    per = replication_statistics(synthetic, statistics=stats)
    c = synthetic.counted()
    for (regime, rep, direction, measure), g in per.groupby(
            ["regime", "replication", "direction", "measure"], observed=True):
        rows = c[(c["regime"] == regime) & (c["replication"] == rep) & (c["direction"] == direction)]
        x = rows["overall_h" if measure == "overall" else "customs_h"].to_numpy()
        v = g.set_index("statistic")["value"]
        assert v["mean"] == pytest.approx(x.mean())
        assert v["median"] == np.quantile(x, 0.5, method="inverted_cdf")
        assert v["p95"] == np.quantile(x, 0.95, method="inverted_cdf")
        assert v["max"] == x.max()
        assert v[within(24)] == np.mean(x <= 24)
        assert (g["boxes"] == len(x)).all()


def test_the_synthetic_summary_agrees(synthetic):
    """The fixture's summary holds exact lower quantiles: the package must find them."""
    per = replication_statistics(synthetic)
    wide = per.pivot_table(index=["regime", "replication", "direction", "measure"],
                           columns="statistic", values="value", observed=True)
    sm = synthetic.summary.set_index(["regime", "replication", "direction", "measure"])
    for stat in ("mean", "median", "p90", "p95"):
        np.testing.assert_allclose(wide[stat], sm.loc[wide.index, stat], rtol=1e-12)


def test_compare_intervals_and_paired_differences(synthetic):
    t = compare(synthetic)
    assert t.loc[t["regime"] == "baseline", "diff"].isna().all()
    other = t[t["regime"] == "reform"]
    assert other["diff"].notna().all()
    per = replication_statistics(synthetic)

    def values(regime):
        return per[(per["regime"] == regime) & (per["direction"] == "import") &
                   (per["measure"] == "overall") & (per["statistic"] == "mean")
                   ].sort_values("replication")["value"].to_numpy()
    d = values("reform") - values("baseline")
    row = other[(other["direction"] == "import") & (other["measure"] == "overall") &
                (other["statistic"] == "mean")].iloc[0]
    assert row["diff"] == pytest.approx(d.mean())
    # Student t with 1 degree of freedom: 12.706 * s / sqrt(2)
    assert row["diff_half_width"] == pytest.approx(12.7062047 * np.std(d, ddof=1) / np.sqrt(2))
    assert row["estimate"] == pytest.approx(values("reform").mean())
    assert row["half_width"] == pytest.approx(t_interval(values("reform"))[1])
    assert row["diff_includes_zero"] == float(row["diff_low"] <= 0 <= row["diff_high"])
    assert int(row["replications"]) == 2
    f = format_comparison(t)
    assert list(f.columns) == ["mean", "median", "p90", "p95"]
    assert "\u00b1" in f.iloc[0, 0]
    with pytest.raises(ValueError):
        compare(synthetic, reference="nope")
    with pytest.raises(ValueError, match="statistic"):
        compare(synthetic, statistics=("p900",))
    with pytest.raises(ValueError, match="measure"):
        compare(synthetic, measures=("total",))


def test_groups_and_shares_within(synthetic):
    t = compare(synthetic, by="credit", measures=("overall",),
                statistics=("median", within(48)), directions=["import"])
    assert set(t["credit"].astype(str)) <= set(synthetic.labels["credit"])
    c = synthetic.counted(direction="import")
    for (regime, credit), g in c.groupby(["regime", "credit"], observed=True):
        row = t[(t["regime"] == regime) & (t["credit"] == credit) &
                (t["statistic"] == within(48))].iloc[0]
        per_rep = g.groupby("replication")["overall_h"].apply(lambda x: np.mean(x <= 48))
        assert row["estimate"] == pytest.approx(per_rep.mean())
    # paired by replication within each group
    ref = t[(t["regime"] == "baseline") & (t["statistic"] == "median")].set_index("credit")
    ref_per = replication_statistics(synthetic, by="credit", measures=("overall",),
                                     statistics=("median",), directions=["import"])
    for row in t[(t["regime"] == "reform") & (t["statistic"] == "median")].itertuples():
        a = ref_per[(ref_per["regime"] == "reform") & (ref_per["credit"] == row.credit)]
        b = ref_per[(ref_per["regime"] == "baseline") & (ref_per["credit"] == row.credit)]
        d = a.set_index("replication")["value"] - b.set_index("replication")["value"]
        assert row.diff == pytest.approx(d.dropna().mean())
        assert row.boxes == pytest.approx(a["boxes"].mean())
    assert len(ref)
    two = compare(synthetic, by=["cargo", "district"], statistics=("mean",), measures=("overall",))
    assert {"cargo", "district"} <= set(two.columns)


def test_the_inspected_boxes(synthetic):
    t = compare(synthetic, inspected_only=True, statistics=("mean",), measures=("overall",))
    c = synthetic.counted()
    red = c[c["channel"] == "red"]
    row = t[(t["regime"] == "baseline") & (t["direction"] == "import")].iloc[0]
    per = red[(red["regime"] == "baseline") & (red["direction"] == "import")].groupby(
        "replication")["overall_h"].mean()
    assert row["estimate"] == pytest.approx(per.mean())


def test_t_interval_edge_cases():
    assert np.isnan(t_interval([1.0])[1])
    assert np.isnan(t_interval([])[0])


# ---- against clearsim ---------------------------------------------------------------------

def _cli_cells(cli_json, measure):
    return {(c["regime"], c["group"], c["statistic"]): c for c in cli_json["rows"]
            if c["measure"] == measure}


def test_quantiles_match_what_clearsim_prints(real, cli_json):
    """The CLI's median, p90 and p95 (a sketch's lower empirical quantiles, per
    replication, mean over replications) equal ours within the sketch's 0.1 %."""
    t = compare(real)
    checked = 0
    for measure in ("overall", "customs"):
        cells = _cli_cells(cli_json, measure)
        for row in t[t["measure"] == measure].itertuples():
            for_cli = cells.get((row.regime, row.direction, row.statistic))
            if for_cli is None:
                continue
            printed = for_cli["value"]
            tolerance = (SKETCH + PRINTED) * abs(row.estimate) + 1e-4  # 1e-4 h: the sketch's zero
            if row.statistic == "mean":
                tolerance = PRINTED * abs(row.estimate) + 1e-9
                assert row.half_width == pytest.approx(for_cli["value_ci95"], rel=PRINTED, abs=1e-6)
            assert abs(row.estimate - printed) <= tolerance, (row.regime, row.direction, measure,
                                                              row.statistic, row.estimate, printed)
            checked += 1
    assert checked >= 4 * 2 * len(real.regimes)


def test_paired_differences_match_what_clearsim_prints(real, cli_json):
    t = compare(real, statistics=("mean",))
    cells = _cli_cells(cli_json, "overall")
    for row in t[(t["measure"] == "overall") & (t["regime"] != real.regimes[0])].itertuples():
        printed = cells[(row.regime, row.direction, "mean")]
        assert row.diff == pytest.approx(printed["difference"], rel=PRINTED, abs=1e-6)
        assert row.diff_half_width == pytest.approx(printed["difference_ci95"], rel=PRINTED, abs=1e-6)
        assert bool(row.diff_includes_zero) == printed["difference_includes_zero"]


def test_the_files_summary_quantiles_are_within_the_sketch(real):
    """docs/output.md: each summary quantile is within 0.1 % of the lower empirical one."""
    per = replication_statistics(real, statistics=("median", "p90", "p95"))
    sm = real.summary.set_index(["regime", "replication", "direction", "measure"])
    for row in per.itertuples():
        stored = sm.loc[(row.regime, row.replication, row.direction, row.measure), row.statistic]
        assert abs(stored - row.value) <= SKETCH * row.value + 1e-4, row
