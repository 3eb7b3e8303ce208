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


# ---- the brief as one self-contained HTML file, and the tables as text ---------------------
#
# One path: `clearsim report FILE.h5 [--html brief.html]` runs ``main`` below; so does
# ``python3 -m clearsim_analysis.report``. Figures are inline SVG, so the file opens offline.

#: What the HTML brief reads: the brief's SELECTION plus what its figures need.
HTML_SELECTION = dict(tables=["containers", "resource_samples", "summary"],
                      columns={"containers": ["direction", "overall_h", "customs_h", "channel",
                                              STAGES],
                               "resource_samples": None},
                      counted=True)

#: The tags the scenario's comments use for where a figure comes from (scenarios/*.yaml).
SOURCE_TAGS = {"GAC": "General Administration of Customs", "port": "port group statistics",
               "industry": "industry norms", "assumed": "our assumption, to be swept"}

#: Calibration targets of the default scenario (docs/calibration.md: the 2017 figures,
#: each to be met within +-15 %): (direction, measure, target hours, source).
CALIBRATION_TARGETS = [("import", "overall", 97.39, "GAC 2017"),
                       ("import", "customs", 16.7, "People's Daily, Jan-Nov 2017"),
                       ("export", "overall", 12.29, "GAC 2017")]
CALIBRATION_BAND = 0.15


def _esc(text) -> str:
    import html
    return html.escape(str(text))


def _svg(fig) -> str:
    """A matplotlib Figure as inline SVG text (no file, no network)."""
    import io
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _figure_block(fig, caption) -> str:
    return (f'<figure class="figure">{_svg(fig)}<figcaption>{_esc(caption)}</figcaption>'
            "</figure>")


def _num(x, digits=1) -> str:
    return "\u2013" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def _with_interval(value, half, digits=1) -> str:
    if value is None or not np.isfinite(value):
        return "\u2013"
    if half is None or not np.isfinite(half):
        return f"{value:.{digits}f}"
    return f"{value:.{digits}f} \u00b1 {half:.{digits}f}"


def _table(header, rows, classes=None) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in header)
    body = []
    for i, r in enumerate(rows):
        cls = f' class="{classes[i]}"' if classes and classes[i] else ""
        body.append(f"<tr{cls}>" + "".join(f"<td>{_esc(c)}</td>" for c in r) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def ecdf_with_bands(results: Results, direction="import", measure="overall", regimes=None,
                    confidence=0.95, points=200):
    """ECDF of the release time per regime with a pointwise confidence band over
    replications: at each time x on a log grid, every replication's share of boxes
    released by x, the mean over replications and its Student-t interval (the
    replications are the independent units; pooled boxes are not)."""
    from .plots import _figure, _colors, _nice, _time_ticks, MEASURE_LABELS
    from .stats import MEASURES
    col = MEASURES[measure]
    regimes = check_regimes(results, regimes)
    colors = _colors(regimes, results.regimes)
    c = results.counted(direction=direction, regimes=regimes,
                        columns=["regime", "replication", col])
    x = c[col].to_numpy()
    x = x[np.isfinite(x) & (x > 0)]
    fig = _figure(8, 4.6)
    ax = fig.add_subplot()
    if x.size == 0:
        ax.text(0.5, 0.5, f"no {direction} boxes after the warm-up", ha="center",
                transform=ax.transAxes)
        return fig
    grid = np.geomspace(x.min(), x.max(), points)
    for regime in regimes:
        per = []
        for _, rep in c[c["regime"] == regime].groupby("replication", observed=True):
            v = np.sort(rep[col].to_numpy())
            v = v[np.isfinite(v)]
            if v.size:
                per.append(np.searchsorted(v, grid, side="right") / v.size)
        if not per:
            continue
        per = np.array(per)
        mean = per.mean(axis=0)
        ax.step(grid, mean, where="post", color=colors[regime], lw=1.6,
                label=f"{regime} ({len(per)} replications)")
        if len(per) >= 2:
            from scipy import stats as _st
            half = (_st.t.ppf(0.5 + confidence / 2, len(per) - 1) * per.std(axis=0, ddof=1)
                    / np.sqrt(len(per)))
            ax.fill_between(grid, np.clip(mean - half, 0, 1), np.clip(mean + half, 0, 1),
                            step="post", color=colors[regime], alpha=0.2, lw=0)
    ax.set_xscale("log")
    _time_ticks(ax, grid[0], grid[-1])
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(f"{MEASURE_LABELS[measure]}, hours (log scale)")
    ax.set_ylabel("share of boxes released")
    ax.set_title(f"{_nice(direction).capitalize()}: {MEASURE_LABELS[measure]}")
    ax.legend(fontsize=8, title=f"band: {confidence:.0%} interval over replications",
              title_fontsize=8)
    return fig


def waterfall_figure(stages: pd.DataFrame, direction: str):
    """The TRS stage waterfall of one direction: per regime a horizontal bar from arrival
    (0 h) through each stage to the mean overall time (release, gate-out or train)."""
    from .plots import _figure
    t = stages[stages["direction"].astype(str) == direction]
    regimes = [r for r in t["regime"].cat.categories if (t["regime"] == r).any()]
    names = list(t["stage"].cat.categories)
    fig = _figure(8.5, 1.2 + 0.55 * len(regimes))
    ax = fig.add_subplot()
    from matplotlib import colormaps
    cmap = colormaps["tab20"]
    for i, regime in enumerate(regimes):
        for row in t[t["regime"] == regime].itertuples():
            k = names.index(str(row.stage))
            ax.barh(i, row.hours, left=row.start, color=cmap(k % 20),
                    label=str(row.stage) if i == 0 else None, edgecolor="white", lw=0.5)
        total = t[t["regime"] == regime]["end"].max()
        ax.text(total, i, f" {total:.1f} h", va="center", fontsize=8)
    ax.set_yticks(range(len(regimes)), regimes)
    ax.invert_yaxis()
    ax.set_xlabel("mean hours per box from arrival (stages in order; they add up to the "
                  "mean overall time)")
    ax.set_title(f"{direction}: where the hours go")
    ax.legend(ncol=4, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.25),
              frameon=False)
    return fig


def assumptions(scenario_text: str) -> pd.DataFrame:
    """Every line of the scenario whose comment tags its source ([GAC], [port],
    [industry], [assumed], ...): the setting, the comment and the source. Read from the
    scenario text the result file carries, so it is the run's own list."""
    import re
    rows = []
    for number, line in enumerate(scenario_text.splitlines(), 1):
        if "#" not in line:
            continue
        setting, comment = line.split("#", 1)
        tags = re.findall(r"\[([^\]]+)\]", comment)
        if not tags:
            continue
        source = "; ".join(tags)
        kind = "assumption" if any("assum" in t for t in tags) else "source"
        rows.append(dict(line=number, setting=setting.strip() or "(comment)",
                         comment=comment.strip(), source=source, kind=kind))
    return pd.DataFrame(rows, columns=["line", "setting", "comment", "source", "kind"])


def calibration_panel(head: pd.DataFrame, reference: str) -> pd.DataFrame:
    """The reference regime's means against the 2017 targets (CALIBRATION_TARGETS): the
    simulated mean with its interval, the band, and whether the interval lies inside it."""
    rows = []
    for direction, measure, target, source in CALIBRATION_TARGETS:
        r = head[(head["regime"].astype(str) == reference) &
                 (head["direction"].astype(str) == direction) &
                 (head["measure"].astype(str) == measure) & (head["statistic"] == "mean")]
        if r.empty:
            continue
        r = r.iloc[0]
        lo, hi = target * (1 - CALIBRATION_BAND), target * (1 + CALIBRATION_BAND)
        half = r["half_width"] if np.isfinite(r["half_width"]) else 0.0
        inside = lo <= r["estimate"] - half and r["estimate"] + half <= hi
        rows.append(dict(quantity=f"mean {direction} {measure} time", target=target,
                         band=f"{lo:.1f}\u2013{hi:.1f} h", source=source,
                         simulated=_with_interval(r["estimate"], r["half_width"], 2),
                         verdict="inside the band" if inside else "OUTSIDE the band"))
    return pd.DataFrame(rows)


def missed_departures(results: Results, regimes, confidence=0.95):
    """Per regime and direction with counted boxes: the missed-departure share of the
    ``summary`` table (per replication), mean over replications with its interval; None
    when the file has no such field."""
    try:
        summary = results.summary
    except (ValueError, AttributeError, KeyError):
        return None
    if summary is None or "missed_departure_share" not in summary.columns:
        return None
    s = summary[summary["regime"].isin(regimes) & (summary["count"] > 0)]
    # one value per replication and direction (the overall and customs rows repeat it)
    s = s.drop_duplicates(["regime", "replication", "direction"])
    rows = []
    for (regime, direction), g in s.groupby(["regime", "direction"], observed=True):
        mean, half = t_interval(g["missed_departure_share"].astype(float), confidence)
        if mean > 0:
            rows.append(dict(regime=regime, direction=direction, share=mean, half_width=half))
    return pd.DataFrame(rows, columns=["regime", "direction", "share", "half_width"])


_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;
color:#222;line-height:1.4;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em} h2{border-bottom:2px solid #ccd;padding-bottom:.2em;
margin-top:2em} table{border-collapse:collapse;font-size:.85em;margin:.6em 0}
td,th{border:1px solid #ccd;padding:.25em .5em;text-align:right}
td:first-child,th:first-child,td:nth-child(2),td:nth-child(3){text-align:left}
th{background:#eef} tr.saturated td{background:#fdd;font-weight:bold}
tr.outside td{background:#fdd} .note{color:#555;font-size:.85em}
figure{margin:1em 0} figure svg{max-width:100%;height:auto} figcaption{font-size:.8em;color:#555}
.missing{color:#888;font-style:italic}
"""


def render_html(source, regimes=None, confidence=0.95) -> str:
    """The brief as one self-contained HTML document (inline SVG figures, inline CSS):
    headline table with intervals, the stage waterfall per direction, release-time ECDFs
    with confidence bands, per-pool utilisation with saturation flags, the sections the
    file has data for (missed departures, costs, attribution, sweeps: said so where
    absent), the scenario's assumptions with their sources and a validation panel."""
    results = source if isinstance(source, Results) else load(source, regimes=regimes,
                                                               **HTML_SELECTION)
    data = brief(results, regimes=regimes, confidence=confidence)
    regimes = list(data["regimes"]["regime"])
    reference = regimes[0]
    prov = data["provenance"]
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
             f"<title>clearsim brief: {_esc(prov.get('scenario_name', ''))}</title>"
             f"<style>{_CSS}</style></head><body>"]
    parts.append(f"<h1>Clearance-time brief: {_esc(prov.get('scenario_name', ''))}</h1>")
    reps = int(results.runs.groupby("regime", observed=True).size().min())
    parts.append(
        f"<p class='note'>{_esc(prov.get('program', 'clearsim'))}"
        f"{' (git ' + _esc(prov['git_commit']) + ')' if prov.get('git_commit') else ''}; "
        f"scenario {_esc(prov.get('scenario_file', ''))} (sha256 "
        f"{_esc(str(prov.get('scenario_sha256', ''))[:12])}\u2026); seed {_esc(prov.get('seed'))}; "
        f"{reps} replication(s) per regime on common random numbers; horizon "
        f"{_num(results.horizon_hours, 0)} h, warm-up {_num(results.warmup_hours, 0)} h. "
        f"Intervals are {confidence:.0%} Student-t over replications; \u0394 is the paired "
        f"difference against <b>{_esc(reference)}</b>. Quantiles: lower empirical "
        f"quantile per replication, mean over replications (docs/output.md).</p>")
    parts.append("<h2>Regimes</h2>")
    parts.append(_table(["regime", "description"], data["regimes"].values.tolist()))

    # headline
    parts.append("<h2>Headline: release times</h2>")
    head = data["headline"]
    rows, classes = [], []
    for (direction, measure, regime), g in head.groupby(["direction", "measure", "regime"],
                                                         observed=True, sort=True):
        g = g.set_index("statistic")
        cells = [direction, measure, regime]
        for stat in ("mean", "median", "p90", "p95") + tuple(within(h) for h in WITHIN_HOURS):
            if stat not in g.index:
                cells.append("\u2013")
                continue
            r = g.loc[stat]
            scale = 100 if stat.startswith("within") else 1
            text = _with_interval(r["estimate"] * scale, r["half_width"] * scale)
            if regime != reference and np.isfinite(r["diff"]):
                mark = "" if detectable(r) else " \u2248"
                text += f" (\u0394 {r['diff'] * scale:+.1f}{mark})"
            cells.append(text)
        rows.append(cells)
        classes.append(None)
    parts.append(_table(["direction", "measure", "regime", "mean h", "median h", "p90 h",
                         "p95 h"] + [f"% within {h} h" for h in WITHIN_HOURS], rows, classes))
    parts.append("<p class='note'>\u2248: the paired difference's interval includes 0 "
                 "(no detectable change with these replications).</p>")
    sentences = []
    for r in head[(head["statistic"] == "mean") &
                  (head["regime"].astype(str) != reference)].itertuples():
        sentences.append(f"{r.regime}, {r.direction} {r.measure} mean: "
                         f"{describe_change(r._asdict())}")
    if sentences:
        parts.append("<ul>" + "".join(f"<li>{_esc(s)}</li>" for s in sentences) + "</ul>")

    # waterfall + ECDFs
    directions = [d for d in results.labels["direction"]
                  if (data["stages"]["direction"].astype(str) == d).any()]
    parts.append("<h2>Where the hours go: the TRS stage waterfall</h2>")
    for d in directions:
        parts.append(_figure_block(waterfall_figure(data["stages"], d),
                                   f"{d}: mean hours per box in each stage, per regime"))
    parts.append("<h2>Release-time distributions</h2>")
    for d in directions:
        for m in ("overall", "customs"):
            parts.append(_figure_block(ecdf_with_bands(results, d, m, regimes, confidence),
                                       f"{d}, {m}: ECDF with its {confidence:.0%} band"))

    # pools
    parts.append("<h2>Pools: utilisation over [warm-up, horizon)</h2>")
    pools = data["pools"]
    rows, classes = [], []
    for r in pools.itertuples():
        diff = "" if not np.isfinite(r.diff) else f"{100 * r.diff:+.1f} pp"
        rows.append([r.regime, r.name, r.capacity,
                     _with_interval(100 * r.utilisation, 100 * r.half_width) + " %",
                     diff, "SATURATED" if r.saturated else ""])
        classes.append("saturated" if r.saturated else None)
    saturated = pools[pools["saturated"]]
    parts.append(f"<p>{len(saturated)} pool(s) at or above {SATURATED:.0%} utilisation"
                 f"{': ' + ', '.join(sorted(set(saturated['name'].astype(str)))) if len(saturated) else ''}.</p>")
    parts.append(_table(["regime", "pool", "capacity", "utilisation", "\u0394", "flag"],
                        rows, classes))

    # what the file may or may not hold
    parts.append("<h2>Missed departures</h2>")
    missed = missed_departures(results, regimes, confidence)
    if missed is None:
        parts.append("<p class='missing'>Not in this result file.</p>")
    else:
        parts.append("<p>Share of the counted boxes that left later than planned (missed "
                     "vessel for exports, missed train for rail transit), mean over "
                     "replications with its interval.</p>")
        parts.append(_table(["regime", "direction", "missed departures"],
                            [[r.regime, r.direction,
                              _with_interval(100 * r.share, 100 * r.half_width) + " %"]
                             for r in missed.itertuples()]))
    try:
        summary_columns = set(results.summary.columns)
    except (ValueError, AttributeError, KeyError):
        summary_columns = set()
    cols = summary_columns | (set(results.containers.columns)
                              if results.containers is not None else set())
    for title, present in (("Costs", any(c.endswith("_cny") for c in cols)),
                           ("Attribution per measure", "attribution" in prov),
                           ("Sweep sensitivity", "sweep" in prov)):
        parts.append(f"<h2>{_esc(title)}</h2>")
        if not present:
            parts.append("<p class='missing'>Not in this result file.</p>")

    # assumptions
    parts.append("<h2>Assumptions and their sources</h2>")
    a = assumptions(str(prov.get("scenario_text", "")) or
                    str(results.provenance.get("scenario_text", "")))
    if a.empty:
        parts.append("<p class='missing'>The scenario's comments tag no sources.</p>")
    else:
        counts = a["kind"].value_counts()
        parts.append(f"<p>{counts.get('assumption', 0)} assumption(s) and "
                     f"{counts.get('source', 0)} sourced figure(s), from the scenario's own "
                     f"comments (tags: " + "; ".join(f"[{k}] {v}" for k, v in
                                                   SOURCE_TAGS.items()) + ").</p>")
        parts.append(_table(["line", "setting", "comment", "source"],
                            a[["line", "setting", "comment", "source"]].values.tolist()))

    # validation
    parts.append("<h2>Validation</h2>")
    st = data["stages"]
    totals = st.groupby(["regime", "direction"], observed=True)["hours"].sum()
    means = head[(head["statistic"] == "mean") & (head["measure"] == "overall")].set_index(
        ["regime", "direction"])["estimate"]
    gaps = [abs(totals[k] - means[k]) for k in totals.index if k in means.index]
    worst = max(gaps) if gaps else float("nan")
    parts.append(f"<p>Stages add up to the mean overall time (an identity of the model): "
                 f"largest gap {_num(worst, 6)} h over {len(gaps)} regime \u00d7 direction "
                 f"cell(s) \u2014 {'holds' if gaps and worst < 1e-6 * max(1, max(means)) else 'CHECK'}.</p>")
    panel = calibration_panel(head, reference)
    if not panel.empty:
        parts.append(f"<p>Calibration of <b>{_esc(reference)}</b> against the 2017 figures "
                     f"(docs/calibration.md, \u00b1{CALIBRATION_BAND:.0%}):</p>")
        parts.append(_table(["quantity", "target h", "band", "source", "simulated", "verdict"],
                            panel[["quantity", "target", "band", "source", "simulated",
                                   "verdict"]].values.tolist(),
                            ["outside" if "OUTSIDE" in v else None for v in panel["verdict"]]))
        parts.append("<p class='note'>The targets apply to the Tianjin 2017 baseline with its "
                     "calibration horizon; other scenarios or short runs need not meet them.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


#: The statistics of the summary table that ``summary_tables`` reports.
SUMMARY_STATISTICS = ("mean", "median", "p90", "p95", "max", "inspection_rate",
                      "missed_departure_share")


def summary_tables(source, regimes=None, confidence=0.95) -> dict:
    """What a file written with ``--record summary`` (or ``vessels``) can tell, from its
    summary and pool_use tables: {"provenance", "release", "pools"}. ``release``: per regime,
    direction, measure and statistic, the mean over replications of clearsim's
    per-replication value with its ``half_width`` and the ``boxes`` counted (mean over
    replications); ``pools``: utilisation per regime and pool (clearsim's exact time average,
    mean over replications) with its ``half_width`` and ``saturated`` flag."""
    results = source if isinstance(source, Results) else load(
        source, regimes=regimes, tables=["summary", "pool_use"])
    regimes = check_regimes(results, regimes)
    summary = results.summary[results.summary["regime"].isin(regimes)]
    rows = []
    for (regime, direction, measure), g in summary.groupby(
            ["regime", "direction", "measure"], observed=True, sort=False):
        for statistic in SUMMARY_STATISTICS:
            estimate, half = t_interval(g[statistic], confidence)
            rows.append(dict(regime=regime, direction=direction, measure=measure,
                             statistic=statistic, estimate=estimate, half_width=half,
                             boxes=g["count"].mean(), replications=len(g)))
    release = pd.DataFrame(rows)
    # A direction without boxes has no times: left out, as clearsim's own table does.
    release = release[release["boxes"] > 0].reset_index(drop=True)
    use = results.pool_use[results.pool_use["regime"].isin(regimes)]
    pools = []
    for (regime, resource), g in use.groupby(["regime", "resource"], observed=True):
        mean, half = t_interval(g["utilisation"], confidence)
        pools.append(dict(regime=regime, resource=int(resource), utilisation=mean,
                          half_width=half))
    names = results.resources[["regime", "resource", "name", "capacity"]]
    pools = names.merge(pd.DataFrame(pools), on=["regime", "resource"])
    pools["saturated"] = pools["utilisation"] >= SATURATED
    return {"provenance": {k: v for k, v in results.provenance.items() if k != "scenario_text"},
            "release": release, "pools": pools}


def _print_pools(pools: pd.DataFrame, out) -> None:
    p = pools.copy()
    p["utilisation_%"] = (100 * p["utilisation"]).round(1)
    p["flag"] = np.where(p["saturated"], "!", "")
    print(f"\npools (! at {100 * SATURATED:.0f} % and above)", file=out)
    print(p[["regime", "name", "capacity", "utilisation_%", "flag"]].to_string(index=False),
          file=out)


def _print_summary_tables(path, out, regimes, confidence) -> None:
    data = summary_tables(path, regimes=regimes, confidence=confidence)
    prov = data["provenance"]
    print(f"scenario: {prov.get('scenario_name', '')} ({prov.get('scenario_file', '')}); "
          f"seed {prov.get('seed')}; --record {prov.get('record')}: the per-replication "
          f"summaries (no box records, so no paired differences, stages or figures)", file=out)
    r = data["release"]
    r["value"] = ["" if np.isnan(e) else f"{e:.4g}" + ("" if np.isnan(h) else f" \u00b1 {h:.2g}")
                  for e, h in zip(r["estimate"], r["half_width"])]
    with pd.option_context("display.width", 200, "display.max_rows", 10_000,
                           "display.max_columns", 50):
        print(f"\nrelease times, hours (shares for inspection_rate and missed_departure_share): "
              f"mean over replications \u00b1 {100 * confidence:.0f} % half-width", file=out)
        print(r.pivot(index=["regime", "direction", "measure"], columns="statistic",
                      values="value")[list(SUMMARY_STATISTICS)].to_string(), file=out)
        _print_pools(data["pools"], out)


def _has_box_records(path) -> bool:
    # Files from before --record hold every record and name no level.
    return load(path, tables=["summary"]).provenance.get("record", "boxes") == "boxes"


def print_tables(source, out=None, regimes=None, confidence=0.95) -> None:
    """The brief's tables as text: headline, stages, pools; for a file written without box
    records, ``summary_tables``."""
    import sys as _sys
    out = out or _sys.stdout
    if not isinstance(source, Results) and not _has_box_records(source):
        _print_summary_tables(source, out, regimes, confidence)
        return
    data = brief(source, regimes=regimes, confidence=confidence)
    prov = data["provenance"]
    print(f"scenario: {prov.get('scenario_name', '')} ({prov.get('scenario_file', '')}); "
          f"seed {prov.get('seed')}; regimes {', '.join(data['regimes']['regime'])}", file=out)
    with pd.option_context("display.width", 200, "display.max_rows", 10_000,
                           "display.max_columns", 50):
        from .stats import format_comparison
        print("\nrelease times, hours: mean over replications \u00b1 95 % half-width "
              "(\u0394 paired difference against the first regime [interval])", file=out)
        print(format_comparison(data["headline"]).to_string(), file=out)
        st = data["stages"]
        print("\nwhere the hours go: mean hours per box in each stage", file=out)
        print(st.pivot_table(index=["direction", "stage"], columns="regime", values="hours",
                             observed=True).round(2).to_string(), file=out)
        _print_pools(data["pools"], out)


def main(argv=None) -> int:
    import argparse
    import sys as _sys
    parser = argparse.ArgumentParser(
        prog="clearsim report",
        description="Print the tables of a clearsim result file without rerunning it, or "
                    "write a self-contained HTML brief.")
    parser.add_argument("results", help="result file (.h5) written by clearsim")
    parser.add_argument("--html", metavar="BRIEF.html", help="write the brief to this file")
    parser.add_argument("--regimes", help="comma-separated regimes (default: all in the file)")
    args = parser.parse_args(argv)
    regimes = [r.strip() for r in args.regimes.split(",")] if args.regimes else None
    try:
        if args.html:
            text = render_html(args.results, regimes=regimes)
            with open(args.html, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"wrote {args.html}", file=_sys.stderr)
        else:
            print_tables(args.results, regimes=regimes)
    except BrokenPipeError:  # `clearsim report f.h5 | head`: the reader has what it wanted
        _sys.stdout = None
        return 0
    except (ValueError, OSError) as e:
        print(f"clearsim report: {e}", file=_sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    import sys as _sys2
    _sys2.exit(main())
