"""Regime comparison statistics over replications.

Each replication is one independent observation: a statistic (mean, median, p90, p95 of
the release times of the boxes it counted) is computed per replication, then averaged over
replications with a Student-t interval. Regimes are compared with the reference (the first
regime run) by paired differences: replication r of every regime uses the same random
streams (common random numbers, docs/model.md), so the difference per replication has far
less noise than either value.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as _st

from .load import check_regimes

MEASURES = {"overall": "overall_h", "customs": "customs_h"}
STATISTICS = ("mean", "median", "p90", "p95")
_QUANTILE = {"median": 0.5, "p90": 0.9, "p95": 0.95}


def replication_statistics(results, directions=None, measures=("overall", "customs"),
                           statistics=STATISTICS, regimes=None) -> pd.DataFrame:
    """Long table: regime, replication, direction, measure, statistic, value, boxes.

    Boxes counted: arrived after the warm-up and released. Quantiles are exact (numpy's
    linear interpolation), so they can differ from the simulator's sketch quantiles in
    ``Results.summary`` by about its 0.1 % relative error.
    """
    regimes = check_regimes(results, regimes)
    c = results.counted(regimes=regimes)
    if directions is not None:
        c = c[c["direction"].isin(list(directions))]
    frames = []
    keys = ["regime", "replication", "direction"]
    for measure in measures:
        col = MEASURES[measure]
        g = c.groupby(keys, observed=True)[col]
        parts = {"boxes": g.size()}
        for s in statistics:
            parts[s] = g.mean() if s == "mean" else g.quantile(_QUANTILE[s])
        wide = pd.DataFrame(parts).reset_index()
        long = wide.melt(id_vars=keys + ["boxes"], value_vars=list(statistics),
                         var_name="statistic", value_name="value")
        long["measure"] = measure
        frames.append(long)
    out = pd.concat(frames, ignore_index=True)
    out["regime"] = pd.Categorical(out["regime"], categories=regimes)
    out["measure"] = pd.Categorical(out["measure"], categories=list(measures))
    out["statistic"] = pd.Categorical(out["statistic"], categories=list(statistics))
    out = out.sort_values(["regime", "direction", "measure", "statistic", "replication"])
    return out[["regime", "replication", "direction", "measure", "statistic", "value",
                "boxes"]].reset_index(drop=True)


def t_interval(values, confidence=0.95):
    """(mean, half-width) of the Student-t interval; half-width NaN for fewer than 2."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = x.size
    if n == 0:
        return np.nan, np.nan
    mean = x.mean()
    if n < 2:
        return mean, np.nan
    half = _st.t.ppf(0.5 + confidence / 2, n - 1) * x.std(ddof=1) / np.sqrt(n)
    return mean, half


def compare(results, reference=None, confidence=0.95, **kwargs) -> pd.DataFrame:
    """Per regime, direction, measure and statistic: the mean over replications with its
    Student-t interval, and the paired difference from the reference regime (default the
    first) with its interval and a two-sided paired t-test p-value.

    Columns: regime, direction, measure, statistic, replications, estimate, half_width,
    ci_low, ci_high, diff, diff_half_width, diff_low, diff_high, p_value. The difference
    columns are NaN on the reference's rows; paired over the replications both regimes
    have. Keyword arguments go to :func:`replication_statistics`.
    """
    per_rep = replication_statistics(results, **kwargs)
    regimes = list(per_rep["regime"].cat.categories)
    reference = regimes[0] if reference is None else reference
    if reference not in regimes:
        raise ValueError(f"reference regime {reference!r} is not among {regimes}")
    keys = ["direction", "measure", "statistic"]
    ref = per_rep[per_rep["regime"] == reference].set_index(keys + ["replication"])["value"]
    rows = []
    for (regime, direction, measure, statistic), g in per_rep.groupby(
            ["regime"] + keys, observed=True, sort=False):
        mean, half = t_interval(g["value"], confidence)
        row = dict(regime=regime, direction=direction, measure=measure, statistic=statistic,
                   replications=int(g["value"].notna().sum()), estimate=mean,
                   half_width=half, ci_low=mean - half, ci_high=mean + half,
                   diff=np.nan, diff_half_width=np.nan, diff_low=np.nan, diff_high=np.nan,
                   p_value=np.nan)
        if regime != reference:
            idx = pd.MultiIndex.from_arrays(
                [[direction] * len(g), [measure] * len(g), [statistic] * len(g),
                 g["replication"].to_numpy()], names=keys + ["replication"])
            base = ref.reindex(idx).to_numpy()
            d = g["value"].to_numpy() - base
            d = d[~np.isnan(d)]
            dmean, dhalf = t_interval(d, confidence)
            row.update(diff=dmean, diff_half_width=dhalf, diff_low=dmean - dhalf,
                       diff_high=dmean + dhalf)
            if d.size >= 2 and d.std(ddof=1) > 0:
                row["p_value"] = float(_st.ttest_1samp(d, 0.0).pvalue)
        rows.append(row)
    out = pd.DataFrame(rows)
    out["regime"] = pd.Categorical(out["regime"], categories=regimes)
    for k in keys:
        out[k] = pd.Categorical(out[k], categories=list(per_rep[k].cat.categories))
    return out.sort_values(["direction", "measure", "statistic", "regime"]).reset_index(drop=True)


def format_comparison(table: pd.DataFrame, digits=1) -> pd.DataFrame:
    """``compare()`` as a readable table: rows (direction, measure, regime), one column
    per statistic holding ``estimate ± half-width`` and, for the other regimes,
    ``Δ diff [low, high]`` against the reference."""
    def cell(r):
        text = f"{r.estimate:.{digits}f}"
        if np.isfinite(r.half_width):
            text += f" \u00b1 {r.half_width:.{digits}f}"
        if np.isfinite(r.diff):
            text += f"  (\u0394 {r.diff:+.{digits}f}"
            if np.isfinite(r.diff_half_width):
                text += f" [{r.diff_low:+.{digits}f}, {r.diff_high:+.{digits}f}]"
            text += ")"
        return text

    t = table.copy()
    t["cell"] = [cell(r) for r in t.itertuples()]
    wide = t.pivot_table(index=["direction", "measure", "regime"], columns="statistic",
                         values="cell", aggfunc="first", observed=True)
    wide.columns.name = None
    return wide
