"""The data of a results brief, as pandas frames (no HTML: a renderer is built on these).

``brief(path)`` gives the three tables a brief is made of:

* ``headline``: per regime, direction and measure (overall, customs-only), the mean,
  median, p90, p95 and the shares released within :data:`WITHIN_HOURS`, each the mean
  over replications with its 95 % interval and the paired difference against the
  reference regime (``stats.compare``);
* ``stages``: the stage waterfall per regime and direction — mean hours per box in each
  of the file's stages, in order, with where each starts and ends on the way from arrival
  (0) to the mean overall time, interval and paired difference;
* ``pools``: per regime and pool, the utilisation over [warm-up, horizon) with its
  interval, the difference against the reference regime's pool of the same name, and a
  flag at :data:`SATURATED` and above, as clearsim marks them.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .load import STAGES, Results, check_regimes, load
from .stats import STATISTICS, compare, t_interval, within

#: clearsim marks a pool at this utilisation and above (its tables say "! at 90 % and
#: above"; a test reads that line from the command line's output and compares).
SATURATED = 0.9
#: The shares of the headline: released within these many hours.
WITHIN_HOURS = (24, 48)
#: What ``brief`` reads of a file: ``load(path, **SELECTION)``.
SELECTION = dict(tables=["containers", "resource_samples"],
                 columns={"containers": ["direction", "overall_h", "customs_h", STAGES],
                          "resource_samples": None},
                 counted=True)


def headline(results: Results, measures=("overall", "customs"), statistics=None,
             regimes=None, confidence=0.95) -> pd.DataFrame:
    """``stats.compare`` of the release times: default statistics STATISTICS plus
    ``within_Xh`` for each of WITHIN_HOURS."""
    if statistics is None:
        statistics = tuple(STATISTICS) + tuple(within(h) for h in WITHIN_HOURS)
    return compare(results, measures=measures, statistics=statistics, regimes=regimes,
                   confidence=confidence)


def stage_waterfall(results: Results, regimes=None, confidence=0.95) -> pd.DataFrame:
    """Per regime, direction and stage (the file's, in order): ``hours`` (mean per box:
    per replication, mean over replications — clearsim's "where the hours go"), its
    ``half_width``, ``start`` and ``end`` on the way from arrival (0 h) to ``end`` of the
    last stage = the mean overall time, and the paired difference against the reference
    (``diff``, ``diff_half_width``, ``diff_includes_zero``). Directions without counted
    boxes are left out."""
    names = [s for s, _ in results.stages]
    ends = dict(results.stages)
    t = compare(results, measures=names, statistics=("mean",), regimes=regimes,
                confidence=confidence)
    t = t.rename(columns={"measure": "stage", "estimate": "hours"})
    t["stage"] = pd.Categorical(t["stage"].astype(str), categories=names)
    t = t.sort_values(["regime", "direction", "stage"]).reset_index(drop=True)
    t["ends_at"] = t["stage"].astype(str).map(ends)
    t["end"] = t.groupby(["regime", "direction"], observed=True)["hours"].cumsum()
    t["start"] = t["end"] - t["hours"]
    return t[["regime", "direction", "stage", "ends_at", "hours", "half_width", "start",
              "end", "boxes", "replications", "diff", "diff_half_width", "diff_includes_zero"]]


def pool_utilisation(results: Results, regimes=None, threshold=SATURATED,
                     confidence=0.95) -> pd.DataFrame:
    """Per regime and pool (the regime's ``resources``, in order): ``utilisation`` = busy
    units / capacity units summed over the pool's samples in [warm-up, horizon) of each
    replication, mean over replications, with its ``half_width``; ``saturated`` when it is
    at ``threshold`` or above; the paired difference (``diff``, ``diff_half_width``)
    against the reference regime's pool of the same name (NaN where it has none).

    The samples are instants every ``sample_interval_hours``, so this estimates the
    time-average clearsim prints (which it measures exactly) to within the sampling noise.
    """
    regimes = check_regimes(results, regimes)
    s = results.require("resource_samples", ["time", "resource", "capacity", "busy"])
    s = s[s["regime"].isin(regimes)]
    runs = results.runs.set_index(["regime", "replication"])
    low = runs["warmup_hours"].reindex(pd.MultiIndex.from_frame(s[["regime", "replication"]]))
    high = runs["horizon_hours"].reindex(pd.MultiIndex.from_frame(s[["regime", "replication"]]))
    window = s[(s["time"].to_numpy() >= low.to_numpy().astype(float)) &
               (s["time"].to_numpy() < high.to_numpy().astype(float))]
    g = window.groupby(["regime", "resource", "replication"], observed=True)
    per = pd.DataFrame({"busy": g["busy"].sum().astype(float),
                        "capacity": g["capacity"].sum().astype(float),
                        "samples": g.size()}).reset_index()
    with np.errstate(invalid="ignore", divide="ignore"):
        per["u"] = np.where(per["capacity"] > 0, per["busy"] / per["capacity"], np.nan)
    pools = results.resources[results.resources["regime"].isin(regimes)]
    per = per.merge(pools[["regime", "resource", "name"]], on=["regime", "resource"])
    reference = regimes[0]
    ref = per[per["regime"] == reference][["name", "replication", "u"]].rename(
        columns={"u": "u_ref"})
    per = per.merge(ref, on=["name", "replication"], how="left")
    rows = []
    for (regime, resource), p in per.groupby(["regime", "resource"], observed=True):
        mean, half = t_interval(p["u"], confidence)
        d = (p["u"] - p["u_ref"]).to_numpy()
        dmean, dhalf = t_interval(d, confidence) if regime != reference else (np.nan, np.nan)
        rows.append(dict(regime=regime, resource=int(resource), utilisation=mean,
                         half_width=half, samples=p["samples"].mean(), diff=dmean,
                         diff_half_width=dhalf))
    u = pd.DataFrame(rows, columns=["regime", "resource", "utilisation", "half_width",
                                    "samples", "diff", "diff_half_width"])
    keep = [c for c in ("regime", "resource", "name", "kind", "capacity", "district_name",
                        "site", "agency_name") if c in pools.columns]
    out = pools[keep].merge(u, on=["regime", "resource"], how="left")
    out["regime"] = pd.Categorical(out["regime"].astype(str), categories=regimes)
    out["saturated"] = out["utilisation"] >= threshold
    return out.sort_values(["regime", "resource"]).reset_index(drop=True)


def brief(source, regimes=None, confidence=0.95) -> dict:
    """The data of a results brief: {"provenance", "regimes", "headline", "stages",
    "pools"}. ``source``: a result file's path (read with SELECTION) or a
    :class:`Results` that holds what SELECTION reads."""
    results = source if isinstance(source, Results) else load(source, regimes=regimes,
                                                               **SELECTION)
    regimes = check_regimes(results, regimes)
    return {
        "provenance": {k: v for k, v in results.provenance.items() if k != "scenario_text"},
        "regimes": pd.DataFrame({"regime": regimes,
                                 "description": [results.regime_descriptions.get(r, "")
                                                 for r in regimes]}),
        "headline": headline(results, regimes=regimes, confidence=confidence),
        "stages": stage_waterfall(results, regimes=regimes, confidence=confidence),
        "pools": pool_utilisation(results, regimes=regimes, confidence=confidence),
    }


# ---- sentences built from the numbers -----------------------------------------------------

def describe_change(row, unit="h", digits=None, scale=1.0) -> str:
    """A paired difference in words, from a row of ``compare()`` or the brief's tables:
    "-57.6 h (95 % interval -59.9 to -55.3)"; "no detectable change (+0.1 h, 95 % interval
    -0.2 to +0.4)" when the interval includes 0; "no change (the same in every
    replication)"; "+1.2 h (one replication: no interval)". ``scale`` multiplies the
    numbers (100 for percentage points); ``digits`` default: 1, or two significant
    digits below 1."""
    d = float(row["diff"]) * scale
    half = row["diff_half_width"]
    finite = half is not None and np.isfinite(half)
    if finite and half == 0 and d == 0:
        return "no change (the same in every replication)"
    lo, hi = ((float(row["diff"]) - half) * scale, (float(row["diff"]) + half) * scale) \
        if finite else (d, d)
    if digits is None:  # one decimal from 1 up, else two significant digits
        top = max(abs(lo), abs(hi), abs(d))
        digits = 1 if top >= 1 or top == 0 else min(6, 1 - int(np.floor(np.log10(top))))
    space = "" if unit in ("", "%") or unit.startswith(" ") else " "
    value = f"{d:+.{digits}f}{space}{unit}"
    if not finite:
        return f"{value} (one replication: no interval)"
    interval = f"95 % interval {lo:+.{digits}f} to {hi:+.{digits}f}"
    if lo <= 0 <= hi:
        return f"no detectable change ({value}, {interval})"
    return f"{value} ({interval})"


def detectable(row) -> bool:
    """True when the row's paired difference has an interval that excludes 0."""
    half = row["diff_half_width"]
    return bool(half is not None and np.isfinite(half)
                and not (row["diff"] - half <= 0 <= row["diff"] + half))
