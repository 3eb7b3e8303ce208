"""Statistics of release times and stages over replications, per group, with intervals.

Each replication is one independent observation: a statistic (the mean, a quantile, the
share released within X hours, of the boxes it counted, optionally per credit class,
cargo class, district, ...) is computed per replication, then averaged over replications
with a Student-t interval — exactly how clearsim's ``run`` and ``compare`` report theirs.
Regimes are compared with the reference (the first regime run) by paired differences:
replication r of every regime uses the same random streams (common random numbers,
docs/model.md), so the difference is taken replication by replication.

**One quantile definition** (docs/output.md, "Quantiles"): the lower empirical quantile,
the smallest value with at least a share p of the sample at or below it — numpy's
``method="inverted_cdf"`` (:data:`QUANTILE_METHOD`). clearsim reads the same quantile
from a sketch within 0.1 %; every quantile of this package (tables, figures, legends,
report) goes through :func:`quantile`.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
from scipy import stats as _st

from .load import check_label, check_regimes, take
from .stages import stage_durations

#: numpy's name for the quantile definition clearsim uses (docs/output.md, "Quantiles").
QUANTILE_METHOD = "inverted_cdf"
#: How figures and tables name it.
QUANTILE_NOTE = ("lower empirical quantiles (inverted_cdf) per replication, mean over "
                 "replications, as clearsim prints them")

#: measure -> containers column; the file's stage names are measures too (hours in the stage).
MEASURES = {"overall": "overall_h", "customs": "customs_h"}
STATISTICS = ("mean", "median", "p90", "p95")


def quantile(values, q):
    """The lower empirical q-quantile(s) of ``values`` (NaN ignored; NaN when empty)."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if x.size == 0:
        return np.full(np.shape(q), np.nan) if np.ndim(q) else np.nan
    return np.quantile(x, q, method=QUANTILE_METHOD)


def within(hours) -> str:
    """The name of the statistic "share of boxes released within ``hours`` hours"."""
    return f"within_{float(hours):g}h"


def _parse(statistic: str):
    """("mean" | "max" | "quantile" | "within", parameter) of a statistic's name: ``mean``,
    ``max``, ``median``, ``pNN`` (e.g. ``p90``, ``p99.5``), ``within_Xh``."""
    if statistic in ("mean", "max"):
        return statistic, None
    if statistic == "median":
        return "quantile", 0.5
    m = re.fullmatch(r"p(\d+(?:\.\d+)?)", statistic)
    if m and 0 < float(m.group(1)) <= 100:
        return "quantile", float(m.group(1)) / 100
    m = re.fullmatch(r"within_(\d+(?:\.\d+)?)h", statistic)
    if m:
        return "within", float(m.group(1))
    raise ValueError(f"unknown statistic {statistic!r}: use mean, max, median, pNN "
                     f"(e.g. p90) or within_Xh (e.g. {within(24)})")


def _by_list(by):
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def _boxes(results, directions, regimes, inspected_only, columns):
    """The counted boxes of the directions (all: None), red-channel only if
    ``inspected_only``, with only ``columns``."""
    if directions is not None:
        directions = [directions] if isinstance(directions, str) else list(directions)
        for d in directions:
            check_label(results, "direction", d)
    if inspected_only:
        check_label(results, "channel", "red")
    c = results.require("containers", ["counted", "regime", "direction"] +
                        (["channel"] if inspected_only else []))
    mask = c["counted"].to_numpy() & c["regime"].isin(regimes).to_numpy()
    if directions is not None:
        mask &= c["direction"].isin(directions).to_numpy()
    if inspected_only:
        mask &= (c["channel"] == "red").to_numpy()
    columns = list(dict.fromkeys(columns))
    results.require("containers", columns)
    return take(c, mask, columns)


def _columns_for(results, measures) -> list:
    """The containers columns the measures are computed from."""
    stage_names = [s for s, _ in results.stages] if results.labels.get("stage") else []
    out = []
    for m in measures:
        if m in MEASURES:
            out.append(MEASURES[m])
        elif m in stage_names:
            out += ["arrival", "released"] + [end for _, end in results.stages]
    return out


def _measure_values(results, c: pd.DataFrame, measures) -> dict:
    """{measure: float array aligned with c's rows}."""
    stage_names = [s for s, _ in results.stages] if results.labels.get("stage") else []
    unknown = [m for m in measures if m not in MEASURES and m not in stage_names]
    if unknown:
        raise ValueError(f"unknown measure(s) {unknown}; use {list(MEASURES)} or a stage "
                         f"of the file {stage_names}")
    out = {}
    if any(m in stage_names for m in measures):
        stages = stage_durations(c, results.stages)
        out.update({m: stages[m].to_numpy() for m in measures if m in stage_names})
    for m in measures:
        if m in MEASURES:
            results.require("containers", [MEASURES[m]])
            out[m] = c[MEASURES[m]].to_numpy(dtype=float)
    return out


def replication_statistics(results, measures=("overall", "customs"), statistics=STATISTICS,
                           by=None, directions=None, regimes=None,
                           inspected_only=False) -> pd.DataFrame:
    """Long table, one row per regime, replication, direction, group, measure and
    statistic: ``value`` and ``boxes`` (the boxes it is computed from).

    Boxes: the counted ones (``Results.counted``), of the ``directions`` given (default
    all), red-channel only with ``inspected_only``. ``by``: a containers column or a list
    (e.g. ``"credit"``, ``["cargo", "district"]``) to split each replication's boxes by.
    ``measures``: ``overall``, ``customs``, or a stage name of the file (hours in that
    stage). ``statistics``: ``mean``, ``max``, ``median``, ``pNN`` (lower empirical
    quantiles: :func:`quantile`), ``within_Xh`` (share of boxes with the measure <= X h;
    :func:`within`).
    """
    regimes = check_regimes(results, regimes)
    by = _by_list(by)
    statistics = list(statistics)
    parsed = [_parse(s) for s in statistics]
    measures = list(measures)
    keys = ["regime", "replication", "direction"] + by
    missing = [k for k in by if k not in results.containers.columns]
    if missing:
        raise ValueError(f"cannot split by {missing}: not a column of containers read")
    _measure_values(results, results.containers.iloc[:0], measures)  # checks the measures
    c = _boxes(results, directions, regimes, inspected_only,
               keys + _columns_for(results, measures))
    values = _measure_values(results, c, measures)
    qs = [p for kind, p in parsed if kind == "quantile"]
    rows = []
    for key, idx in c.groupby(keys, observed=True, sort=True).indices.items():
        key = key if isinstance(key, tuple) else (key,)
        for m in measures:
            x = values[m][idx]
            x = x[~np.isnan(x)]
            found = dict(zip(qs, np.atleast_1d(quantile(x, qs)))) if qs else {}
            for s, (kind, p) in zip(statistics, parsed):
                if x.size == 0:
                    v = np.nan
                elif kind == "mean":
                    v = x.mean()
                elif kind == "max":
                    v = x.max()
                elif kind == "quantile":
                    v = found[p]
                else:
                    v = np.count_nonzero(x <= p) / x.size
                rows.append((*key, m, s, float(v), int(x.size)))
    out = pd.DataFrame(rows, columns=keys + ["measure", "statistic", "value", "boxes"])
    out["regime"] = pd.Categorical(out["regime"], categories=regimes)
    out["direction"] = pd.Categorical(out["direction"],
                                      categories=results.labels.get("direction"))
    for k in by:
        if isinstance(c[k].dtype, pd.CategoricalDtype):
            out[k] = pd.Categorical(out[k], categories=c[k].cat.categories)
    out["measure"] = pd.Categorical(out["measure"], categories=measures)
    out["statistic"] = pd.Categorical(out["statistic"], categories=statistics)
    out = out.sort_values(["regime", "direction"] + by + ["measure", "statistic", "replication"])
    return out[keys + ["measure", "statistic", "value", "boxes"]].reset_index(drop=True)


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
    return mean, _st.t.ppf(0.5 + confidence / 2, n - 1) * x.std(ddof=1) / np.sqrt(n)


def _half_width(sd, n, confidence):
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = _st.t.ppf(0.5 + confidence / 2, np.where(n >= 2, n - 1, np.nan))
        return np.where(n >= 2, t * np.asarray(sd, dtype=float) / np.sqrt(n), np.nan)


def compare(results, reference=None, confidence=0.95, **kwargs) -> pd.DataFrame:
    """Per regime, direction, group (``by``), measure and statistic: the mean over
    replications with its Student-t interval, and the paired difference from the
    reference regime (default the first) with its interval and a two-sided paired t-test
    p-value. Keyword arguments go to :func:`replication_statistics` (``measures``,
    ``statistics``, ``by``, ``directions``, ``regimes``, ``inspected_only``).

    Columns: regime, direction, the ``by`` columns, measure, statistic, replications,
    boxes (mean per replication), estimate, half_width, ci_low, ci_high, diff,
    diff_half_width, diff_low, diff_high, diff_includes_zero, p_value. The difference
    columns are NaN on the reference's rows; each difference pairs the replications both
    regimes have for that cell.
    """
    per_rep = replication_statistics(results, **kwargs)
    regimes = list(per_rep["regime"].cat.categories)
    reference = regimes[0] if reference is None else reference
    if reference not in regimes:
        raise ValueError(f"reference regime {reference!r} is not among {regimes}")
    by = _by_list(kwargs.get("by"))
    keys = ["direction"] + by + ["measure", "statistic"]
    ref = (per_rep[per_rep["regime"] == reference][keys + ["replication", "value"]]
           .rename(columns={"value": "reference_value"}))
    p = per_rep.merge(ref, on=keys + ["replication"], how="left")
    p["d"] = p["value"] - p["reference_value"]
    g = p.groupby(["regime"] + keys, observed=True, sort=False)
    out = g.agg(replications=("value", "count"), boxes=("boxes", "mean"),
                estimate=("value", "mean"), sd=("value", "std"), dn=("d", "count"),
                diff=("d", "mean"), dsd=("d", "std")).reset_index()
    out["half_width"] = _half_width(out["sd"], out["replications"], confidence)
    out["ci_low"] = out["estimate"] - out["half_width"]
    out["ci_high"] = out["estimate"] + out["half_width"]
    is_ref = (out["regime"] == reference).to_numpy()
    out.loc[is_ref, "diff"] = np.nan
    out["diff_half_width"] = np.where(is_ref, np.nan,
                                      _half_width(out["dsd"], out["dn"], confidence))
    out["diff_low"] = out["diff"] - out["diff_half_width"]
    out["diff_high"] = out["diff"] + out["diff_half_width"]
    out["diff_includes_zero"] = np.where(
        is_ref | out["diff_half_width"].isna().to_numpy(), np.nan,
        ((out["diff_low"] <= 0) & (out["diff_high"] >= 0)).astype(float))
    with np.errstate(invalid="ignore", divide="ignore"):
        tstat = out["diff"] / (out["dsd"] / np.sqrt(out["dn"]))
        pv = 2 * _st.t.sf(np.abs(tstat), out["dn"] - 1)
    out["p_value"] = np.where(~is_ref & (out["dn"] >= 2) & (out["dsd"] > 0), pv, np.nan)
    out["regime"] = pd.Categorical(out["regime"], categories=regimes)
    for k in keys:
        if isinstance(per_rep[k].dtype, pd.CategoricalDtype):
            out[k] = pd.Categorical(out[k], categories=per_rep[k].cat.categories)
    out = out.sort_values(keys + ["regime"]).reset_index(drop=True)
    return out[["regime"] + keys + [
        "replications", "boxes", "estimate", "half_width", "ci_low", "ci_high", "diff",
        "diff_half_width", "diff_low", "diff_high", "diff_includes_zero", "p_value"]]


def format_comparison(table: pd.DataFrame, digits=1) -> pd.DataFrame:
    """``compare()`` as a readable table: rows (direction, groups, measure, regime), one
    column per statistic holding ``estimate ± half-width`` and, for the other regimes,
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

    fixed = {"regime", "measure", "statistic", "replications", "boxes", "estimate",
             "half_width", "ci_low", "ci_high", "diff", "diff_half_width", "diff_low",
             "diff_high", "diff_includes_zero", "p_value"}
    groups = [c for c in table.columns if c not in fixed]
    t = table.copy()
    t["cell"] = [cell(r) for r in t.itertuples()]
    wide = t.pivot_table(index=groups + ["measure", "regime"], columns="statistic",
                         values="cell", aggfunc="first", observed=True)
    wide.columns.name = None
    return wide
