"""Figures of a clearsim result file. Every function takes a :class:`Results` and returns a
matplotlib Figure (drawn with the Agg canvas, no pyplot state), so it works the same in a
notebook, a script or a headless test.

Command line (writes every figure as PNG and prints the paths)::

    PYTHONPATH=analysis /usr/bin/python3 -m clearsim_analysis.plots out/tianjin.h5 out/
"""
from __future__ import annotations

import argparse
import os
import sys

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator

from .load import STAGES, Results, check_label, check_regimes, load
from .stages import mean_stages
from .stats import MEASURES, QUANTILE_NOTE, compare

MEASURE_LABELS = {
    "overall": "overall time (arrival \u2192 release)",
    "customs": "customs-only time (declaration \u2192 release)",
}

#: What the figures read of a file: ``load(path, **FIGURE_SELECTION)``.
FIGURE_SELECTION = dict(
    tables=["containers", "resource_samples"],
    columns={"containers": ["direction", "credit", "cargo", "district", "channel",
                            "overall_h", "customs_h", STAGES],
             "resource_samples": None},
    counted=True)


def _figure(width, height) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


_LINESTYLES = ["-", "--", "-.", ":"]


def _colors(regimes, all_regimes):
    """A fixed colour per regime (by its position in the file), same in every figure."""
    from matplotlib import colormaps
    cmap = colormaps["tab10"]
    return {r: cmap(all_regimes.index(r) % 10) for r in regimes}


def _linestyles(regimes, all_regimes):
    """A line style per regime, so that regimes with identical curves stay visible."""
    return {r: _LINESTYLES[all_regimes.index(r) % len(_LINESTYLES)] for r in regimes}


def _measure(measure):
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; use one of {list(MEASURES)}")
    return MEASURES[measure]


def _nice(direction):
    return direction.replace("_", " ")


def _hours_label(h):
    if h < 1:
        return f"{h * 60:.0f} min"
    if h < 24:
        return f"{h:g} h"
    if h % 168 == 0 and h < 720:
        return f"{h / 168:g} wk"
    return f"{h / 24:g} d"


_TICK_HOURS = [1 / 60, 5 / 60, 15 / 60, 0.5, 1, 2, 4, 8, 12, 24, 48, 96, 168, 336, 720,
               1440, 2160, 4320, 8760]


def _time_ticks(ax, lo, hi):
    """Readable ticks (minutes, hours, days, weeks) on a log time axis."""
    ticks = [t for t in _TICK_HOURS if lo <= t <= hi]
    while len(ticks) > 9:
        ticks = ticks[::2]
    if len(ticks) < 2:
        return
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(lambda x, pos: _hours_label(x))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_minor_formatter(NullFormatter())


def _warmup_note(results):
    return f"boxes arriving after the {results.warmup_hours:g} h warm-up"


def _note(fig, text):
    """A small grey note at the bottom of the figure (kept clear by the layout)."""
    import textwrap
    width = int(fig.get_figwidth() * 17)
    text = "\n".join(textwrap.fill(line, width) for line in text.split("\n"))
    fig.supxlabel(text, fontsize=7, color="0.35")


def _no_data(ax, text):
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, fontsize=11,
            color="0.3")
    ax.set_xticks([])
    ax.set_yticks([])


def _reps_note(results, regimes):
    runs = results.runs[results.runs["regime"].isin(regimes)]
    counts = runs.groupby("regime", observed=True).size()
    n = sorted(set(counts.tolist()))
    return f"{'/'.join(map(str, n)) if n else 0} replication{'s' if n != [1] else ''}"


# ---- a) ECDF of release times -------------------------------------------------------------

def ecdf_release_times(results: Results, direction="import", measure="overall",
                       regimes=None, max_points=4000) -> Figure:
    """ECDF of the release time per regime (log time axis), boxes arriving after the
    warm-up, all replications pooled. ``measure``: "overall" or "customs"."""
    check_label(results, "direction", direction)
    col = _measure(measure)
    regimes = check_regimes(results, regimes)
    colors = _colors(regimes, results.regimes)
    styles = _linestyles(regimes, results.regimes)
    c = results.counted(direction=direction, regimes=regimes, columns=["regime", col])
    # the legend's median and p95 are the numbers of the tables (and of clearsim compare):
    # per replication, then the mean over replications
    stats = compare(results, measures=(measure,), statistics=("median", "p95"),
                    directions=[direction], regimes=regimes)
    stats = stats.set_index(["regime", "statistic"])["estimate"]
    fig = _figure(8, 5.2 + 0.2 * len(regimes))
    ax = fig.add_subplot()
    lo, hi, dropped = np.inf, 0.0, 0
    for regime in regimes:
        x = c.loc[c["regime"] == regime, col].to_numpy()
        x = np.sort(x[~np.isnan(x)])
        positive = x[x > 0]
        dropped += x.size - positive.size
        if x.size == 0:
            continue
        n = x.size
        if positive.size > max_points:  # the ECDF evaluated on a fine log grid
            grid = np.geomspace(positive[0], positive[-1], max_points)
            y = np.searchsorted(x, grid, side="right") / n
            xs = grid
        else:
            xs = positive
            y = np.searchsorted(x, xs, side="right") / n
        if xs.size == 0:
            continue
        median, p95 = stats.get((regime, "median"), np.nan), stats.get((regime, "p95"), np.nan)
        ax.step(xs, y, where="post", color=colors[regime], ls=styles[regime], lw=1.8,
                label=f"{regime}: median {median:.1f} h, p95 {p95:.1f} h (n={n:,})")
        lo, hi = min(lo, xs[0]), max(hi, xs[-1])
    if not np.isfinite(lo):
        _no_data(ax, f"no {_nice(direction)} boxes released after the warm-up")
        return fig
    ax.set_xscale("log")
    ax.set_xlim(lo / 1.2, hi * 1.2)
    _time_ticks(ax, lo / 1.2, hi * 1.2)
    ax.set_ylim(0, 1.02)
    for q in (0.5, 0.9, 0.95):
        ax.axhline(q, color="0.6", lw=0.7, ls=":", zorder=0)
        ax.text(1.0, q, f" {q:g}", transform=ax.get_yaxis_transform(), va="center",
                fontsize=8, color="0.4")
    ax.grid(True, which="major", axis="x", color="0.9")
    ax.set_xlabel(f"{MEASURE_LABELS[measure]} (log scale)")
    ax.set_ylabel("share of boxes released")
    title = f"{_nice(direction).capitalize()} boxes: {MEASURE_LABELS[measure]}"
    ax.set_title(title)
    note = (f"{_warmup_note(results)}; curves: {_reps_note(results, regimes)} pooled\n"
            f"median, p95: {QUANTILE_NOTE}")
    if dropped:
        note += f"; {dropped} box(es) with time \u2264 0 not shown on the log axis"
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), fontsize=9, title=note,
              title_fontsize=8, frameon=False)
    return fig


# ---- b) stage breakdown -------------------------------------------------------------------

def stage_breakdown(results: Results, direction="import", regimes=None,
                    inspected_only=False) -> Figure:
    """Stacked horizontal bars per regime: mean hours per box in each stage of the overall
    time, the file's stages (``/labels/stage``) in order, as clearsim prints them ("where
    the hours go": per replication, mean over replications), so each bar's length is the
    mean overall time. ``inspected_only``: only boxes of the red channel."""
    check_label(results, "direction", direction)
    regimes = check_regimes(results, regimes)
    stages = results.stages
    table = mean_stages(results, direction=direction, regimes=regimes,
                        inspected_only=inspected_only)
    fig = _figure(12, 1.6 + 0.7 * len(regimes))
    ax = fig.add_subplot()
    which = "inspected (red-channel) " if inspected_only else ""
    if not (table["boxes"].fillna(0) > 0).any():
        _no_data(ax, f"no {which}{_nice(direction)} boxes released after the warm-up")
        return fig
    from matplotlib import colormaps
    cmap = colormaps["tab20"]
    y = np.arange(len(regimes))[::-1]
    left = np.zeros(len(regimes))
    total = table["overall_h"].fillna(0).to_numpy()
    for k, (stage, end) in enumerate(stages):
        color = cmap(k % 20)
        width = table[stage].fillna(0).to_numpy()
        bars = ax.barh(y, width, left=left, color=color, edgecolor="white", height=0.6,
                       label=f"{stage.replace('_', ' ')} (until {end})")
        for b, w, t in zip(bars, width, total):
            if t > 0 and w / t >= 0.07:
                ax.text(b.get_x() + w / 2, b.get_y() + b.get_height() / 2, f"{w:.1f}",
                        ha="center", va="center", fontsize=8)
        left += width
    for yi, x, (regime, row) in zip(y, left, table.iterrows()):
        if row["boxes"] > 0:
            ax.text(x, yi, f" {row['overall_h']:.1f} h\n n={row['boxes']:,.0f}/replication",
                    va="center", fontsize=7.5, linespacing=1.1)
    ax.set_yticks(y)
    ax.set_yticklabels(regimes)
    ax.set_xlim(0, max(left.max(), 1e-9) * 1.3)
    ax.set_xlabel("mean hours per box since arrival")
    ax.set_title(f"{_nice(direction).capitalize()} {which}boxes: where the overall time "
                 f"goes (mean hours per stage)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False,
              title="stage (ends at)", title_fontsize=8, alignment="left")
    _note(fig, f"{_warmup_note(results)}; per replication, mean over "
          f"{_reps_note(results, regimes)}. A stage a box did not pass, or finished before "
          "arriving (advance declaration), counts 0, so the stages add up to the overall time.")
    return fig


# ---- c) percentiles by group --------------------------------------------------------------

_BY = {"credit": "credit", "district": "district", "cargo": "cargo", "channel": "channel"}


def percentiles_by(results: Results, by="credit", direction="import", q=(0.5, 0.9, 0.95),
                   measure="overall", regimes=None) -> Figure:
    """Grouped bars: release-time quantiles per regime, by credit class, district, cargo
    class or channel, with 95 % intervals over replications (error bars). One panel per
    quantile. Groups without boxes are left out; n under each group is its number of
    boxes per replication in the reference (first) regime."""
    if by not in _BY:
        raise ValueError(f"unknown grouping {by!r}; use one of {list(_BY)}")
    check_label(results, "direction", direction)
    _measure(measure)
    regimes = check_regimes(results, regimes)
    colors = _colors(regimes, results.regimes)
    q = tuple(q)
    names = ["median" if x == 0.5 else f"p{x * 100:g}" for x in q]
    table = compare(results, measures=(measure,), statistics=names, by=by,
                    directions=[direction], regimes=regimes)
    groups = [g for g in table[by].cat.categories if (table[by] == g).any()]
    fig = _figure(max(8, 1.3 + 0.35 * len(regimes) * max(1, len(groups))), 2.6 * len(q) + 0.8)
    if not groups:
        _no_data(fig.add_subplot(), f"no {_nice(direction)} boxes released after the warm-up")
        return fig
    cells = table.set_index(["statistic", "regime", by])
    axes = fig.subplots(len(q), 1, sharex=True, squeeze=False)[:, 0]
    x = np.arange(len(groups))
    width = 0.8 / len(regimes)
    for ax, name in zip(axes, names):
        for i, regime in enumerate(regimes):
            rows = [cells.loc[(name, regime, g)] if (name, regime, g) in cells.index else None
                    for g in groups]
            vals = [r["estimate"] if r is not None else np.nan for r in rows]
            err = [r["half_width"] if r is not None else np.nan for r in rows]
            ax.bar(x - 0.4 + width * (i + 0.5), vals, width, color=colors[regime],
                   label=regime, yerr=np.nan_to_num(err), ecolor="0.3", capsize=2)
        ax.set_ylabel(f"{name} (h)")
        ax.grid(True, axis="y", color="0.9")
        ax.set_axisbelow(True)
    ref = regimes[0]
    counts = cells.xs(names[0], level="statistic")["boxes"]
    axes[-1].set_xticks(x)
    axes[-1].set_xticklabels(
        [f"{g.replace('_', ' ')}\n(n={counts.get((ref, g), 0):,.0f})" for g in groups],
        fontsize=8, rotation=0 if len(groups) <= 6 else 30)
    axes[0].legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
                   title="regime", title_fontsize=8, alignment="left")
    by_label = {"credit": "credit class", "cargo": "cargo class"}.get(by, by)
    axes[0].set_title(f"{_nice(direction).capitalize()} boxes: {MEASURE_LABELS[measure]} "
                      f"quantiles by {by_label}")
    _note(fig, f"{_warmup_note(results)}; {QUANTILE_NOTE}; error bars: 95 % interval over "
          f"{_reps_note(results, regimes)}.\nn = boxes per replication of {ref}. Small groups "
          f"give noisy high quantiles.")
    return fig


# ---- d) utilisation over time -------------------------------------------------------------

def utilisation_over_time(results: Results, kind="bay", regimes=None, weighting="capacity",
                          window_hours=None) -> Figure:
    """Mean utilisation of the pools of one kind (``/labels/resource_kind``) over time, per
    regime (replications averaged). ``weighting="capacity"``: busy units / capacity
    summed over the kind's pools; ``"resource"``: the plain mean of each pool's busy /
    capacity. ``window_hours``: optional moving average. The warm-up is shaded; pools with
    capacity 0 are left out."""
    check_label(results, "resource_kind", kind)
    if weighting not in ("capacity", "resource"):
        raise ValueError(f"unknown weighting {weighting!r}; use 'capacity' or 'resource'")
    regimes = check_regimes(results, regimes)
    colors = _colors(regimes, results.regimes)
    styles = _linestyles(regimes, results.regimes)
    s = results.resource_samples
    s = s[(s["kind"] == kind) & s["regime"].isin(regimes) & (s["capacity"] > 0)]
    fig = _figure(10, 4.8)
    ax = fig.add_subplot()
    if len(s) == 0:
        _no_data(ax, f"no resources of kind {kind!r} with capacity > 0")
        return fig
    interval = results.provenance.get("sample_interval_hours")
    for regime in regimes:
        r = s[s["regime"] == regime]
        if len(r) == 0:
            continue
        if weighting == "capacity":
            g = r.groupby(["replication", "time"])
            per = (g["busy"].sum().astype(float) / g["capacity"].sum().astype(float))
        else:
            per = r.groupby(["replication", "time"])["utilisation"].mean()
        series = per.groupby(level="time").mean()
        if window_hours and interval:
            k = max(1, int(round(window_hours / float(interval))))
            series = series.rolling(k, min_periods=1, center=True).mean()
        n_res = r["resource"].nunique()
        after = series[(series.index >= results.warmup_hours) &
                       (series.index < results.horizon_hours)]
        ax.plot(series.index / 24.0, series.to_numpy(), color=colors[regime], lw=1.4,
                ls=styles[regime],
                label=f"{regime}: mean {after.mean():.0%} of the samples in [warm-up, "
                      f"horizon) ({n_res} pool{'s' if n_res != 1 else ''})")
    if np.isfinite(results.warmup_hours) and results.warmup_hours > 0:
        ax.axvspan(0, results.warmup_hours / 24, color="0.85", alpha=0.6, lw=0,
                   label="warm-up (not counted)")
    if np.isfinite(results.horizon_hours):
        ax.axvline(results.horizon_hours / 24, color="0.4", ls="--", lw=1,
                   label="horizon: arrivals stop, the port drains")
    ax.set_ylim(0, max(1.05, ax.get_ylim()[1]))
    ax.yaxis.set_major_formatter(lambda v, pos: f"{v:.0%}")
    ax.set_xlabel("time since the start of the run (days)")
    ax.set_ylabel("utilisation (busy / capacity)")
    how = "capacity-weighted" if weighting == "capacity" else "mean over resources"
    smooth = f", {window_hours:g} h moving average" if window_hours else ""
    ax.set_title(f"Utilisation of the {kind.replace('_', ' ')} pools ({how}, "
                 f"{_reps_note(results, regimes)} averaged{smooth})")
    ax.grid(True, color="0.92")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2,
              frameon=False)
    return fig


# ---- all of them --------------------------------------------------------------------------

def save_all(results: Results, outdir, directions=None, dpi=120) -> list:
    """Writes every figure as PNG into ``outdir`` (created if needed) and returns the paths.

    For each direction with counted boxes (default; or the ``directions`` given): ECDFs of
    the overall and customs-only times, the stage breakdown (all boxes, and inspected
    boxes only), quantiles by credit class, cargo class and district. For each pool kind
    with capacity: utilisation over time. ``results`` needs what FIGURE_SELECTION reads.
    """
    os.makedirs(outdir, exist_ok=True)
    if directions is None:
        counted = results.counted(columns=["direction"])
        present = set(counted["direction"].astype(str).unique())
        labels = results.labels["direction"]
        directions = [d for d in labels if d in present]
    paths = []

    def save(fig, name):
        path = os.path.join(outdir, name)
        fig.savefig(path, dpi=dpi)
        paths.append(path)

    for d in directions:
        save(ecdf_release_times(results, d, "overall"), f"ecdf_overall_{d}.png")
        save(ecdf_release_times(results, d, "customs"), f"ecdf_customs_{d}.png")
        save(stage_breakdown(results, d), f"stages_{d}.png")
        save(stage_breakdown(results, d, inspected_only=True), f"stages_inspected_{d}.png")
        for by in ("credit", "cargo", "district"):
            save(percentiles_by(results, by, d), f"percentiles_{by}_{d}.png")
    s = results.resource_samples
    kinds = [k for k in s["kind"].cat.categories
             if ((s["kind"] == k) & (s["capacity"] > 0)).any()]
    for kind in kinds:
        save(utilisation_over_time(results, kind), f"utilisation_{kind}.png")
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m clearsim_analysis.plots",
        description="Write the figures of a clearsim result file as PNGs.")
    parser.add_argument("results", help="result file (.h5) written by clearsim")
    parser.add_argument("outdir", help="directory for the PNGs (created if needed)")
    parser.add_argument("--direction", action="append", dest="directions",
                        help="only this direction (repeatable; default: all with boxes)")
    parser.add_argument("--dpi", type=int, default=120)
    args = parser.parse_args(argv)
    try:
        results = load(args.results, **FIGURE_SELECTION)
        paths = save_all(results, args.outdir, directions=args.directions, dpi=args.dpi)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for p in paths:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
