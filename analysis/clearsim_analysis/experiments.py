"""Experiment files of clearsim (docs/experiments.md): sweeps and attributions.

    from clearsim_analysis import experiments
    rows, sensitivity, attrs = experiments.load_sweep("sweep.h5")   # pandas DataFrames, dict
    attribution = experiments.load_attribution("attr.json")         # `attribute --format json`
    experiments.sensitivity_chart(sensitivity).savefig("sensitivity.png")
    experiments.waterfall(attribution, "import", "mean_h").savefig("waterfall.png")
"""
import json

import h5py
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


class ExperimentFileError(ValueError):
    """Not a clearsim sweep or attribution file."""


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def _frame(dataset) -> pd.DataFrame:
    array = dataset[:]
    frame = pd.DataFrame({name: array[name] for name in array.dtype.names})
    for name in frame.columns:
        if frame[name].dtype == object:
            frame[name] = frame[name].map(_text)
    return frame


def load_sweep(path: str):
    """The tidy rows (one per point x regime x replication x direction), the sensitivity
    table and the file's attributes (provenance)."""
    with h5py.File(path, "r") as f:
        if _text(f.attrs.get("format", "")) != "clearsim-sweep":
            raise ExperimentFileError(f"{path}: not a clearsim sweep file")
        rows = _frame(f["sweep/rows"])
        sensitivity = _frame(f["sweep/sensitivity"])
        attrs = {key: _text(value) for key, value in f.attrs.items()}
    return rows, sensitivity, attrs


def load_attribution(path: str) -> dict:
    """The JSON printed by `clearsim attribute --format json`, checked for its keys."""
    with open(path) as f:
        doc = json.load(f)
    for key in ("total", "contributions", "measures", "baseline", "combined"):
        if key not in doc:
            raise ExperimentFileError(f"{path}: no '{key}': not a clearsim attribution")
    return doc


def contributions(doc: dict, direction: str, statistic: str = "mean_h",
                  credit: str = None) -> pd.DataFrame:
    """One row per measure: contribution and its 95 % half-width, in the file's order."""
    def pick(block):
        block = block[direction]
        return block["by_credit"][credit] if credit else block
    return pd.DataFrame({
        "measure": doc["measures"],
        "contribution": [pick(doc["contributions"][m])[statistic] for m in doc["measures"]],
        "ci95": [pick(doc["contributions"][m])[f"{statistic}_ci95"] for m in doc["measures"]]})


def _figure(width, height) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def sensitivity_chart(sensitivity: pd.DataFrame, regime: str = None) -> Figure:
    """Horizontal bars of the metamodel's effects (per standard deviation), largest on top,
    with +-2 standard errors."""
    table = sensitivity if regime is None else sensitivity[sensitivity["regime"] == regime]
    regimes = list(dict.fromkeys(table["regime"]))
    fig = _figure(7, 1 + 0.45 * max(1, len(table)))
    ax = fig.add_subplot()
    labels, y = [], 0
    for r in regimes:
        part = table[table["regime"] == r].sort_values("rank", ascending=False)
        ys = np.arange(y, y + len(part))
        colors = ["tab:red" if e > 0 else "tab:blue" for e in part["effect"]]
        ax.barh(ys, part["effect"], xerr=2 * part["standard_error"], color=colors, alpha=0.8)
        labels += [f"{t} ({r})" if len(regimes) > 1 else t for t in part["term"]]
        y += len(part)
    ax.set_yticks(np.arange(len(labels)), labels)
    ax.axvline(0, color="black", linewidth=0.8)
    response = table["response"].iloc[0] if len(table) else ""
    ax.set_xlabel(f"effect on {response} per standard deviation of the input (± 2 s.e.)")
    ax.set_title("Sensitivity (metamodel on standardised inputs)")
    return fig


def waterfall(doc: dict, direction: str = "import", statistic: str = "mean_h",
              credit: str = None) -> Figure:
    """Baseline, each measure's Shapley contribution (with its 95 % interval), the
    combined regime: the bars step from one to the next."""
    parts = contributions(doc, direction, statistic, credit)
    def level(block):
        block = block[direction]
        return (block["by_credit"][credit] if credit else block)[statistic]
    start, end = level(doc["baseline"]), level(doc["combined"])
    fig = _figure(1.6 + 1.1 * (len(parts) + 2), 4.5)
    ax = fig.add_subplot()
    x = np.arange(len(parts) + 2)
    ax.bar(x[0], start, color="grey")
    running = start
    for i, row in parts.iterrows():
        value = row["contribution"]
        ax.bar(x[i + 1], value, bottom=running, color="tab:green" if value < 0 else "tab:red",
               yerr=row["ci95"], capsize=3)
        running += value
    ax.bar(x[-1], end, color="tab:blue")
    ax.set_xticks(x, ["baseline"] + list(parts["measure"]) + [doc.get("regime", "combined")],
                  rotation=30, ha="right")
    who = f", {credit}" if credit else ""
    ax.set_ylabel(f"{direction} {statistic.replace('_h', '')} overall time, hours")
    ax.set_title(f"Attribution of {doc.get('regime', '')} ({direction}{who}, Shapley values)")
    return fig
