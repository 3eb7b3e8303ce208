"""The stages of each box's overall time (arrival -> release), as the file defines them.

The stages and the ``containers`` field that ends each are read from the file
(``/labels/stage``, ``/labels/stage_end``; ``Results.stages``), never listed here. The
partition rule is docs/output.md's, the same as clearsim's own (``models/stages.hpp``):
starting from ``arrival``, stage k lasts

    min(released, max(t_k, end of stage k-1)) - end of stage k-1

where ``t_k`` is its ending field; a NaN field, or one earlier than the previous stage's
end (an advance declaration lodged before the vessel arrived), gives 0 h, and the last
stage ends at ``released``. So the stages of every box add up to its overall time (to
floating-point rounding: the sum of the differences of a rising sequence).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .load import STAGES, check_label, check_regimes


def stage_durations(containers: pd.DataFrame, stages) -> pd.DataFrame:
    """Hours each box spent in each stage: one column per stage, in order, same index as
    ``containers``. ``stages``: [(stage, ending field)], i.e. ``Results.stages``. Rows of
    boxes without ``released`` are NaN."""
    stages = list(stages)
    if not stages:
        raise ValueError("no stages: the file's /labels/stage is empty")
    if stages[-1][1] != "released":
        raise ValueError(f"the last stage {stages[-1][0]!r} ends at {stages[-1][1]!r}; the "
                         f"partition of the overall time needs it to end at 'released'")
    need = ["arrival", "released"] + [end for _, end in stages]
    missing = [n for n in dict.fromkeys(need) if n not in containers.columns]
    if missing:
        raise ValueError(f"stage_durations needs the containers fields {missing}: load them "
                         f"with columns=[..., {STAGES!r}]")
    released = containers["released"].to_numpy(dtype=float)
    at = containers["arrival"].to_numpy(dtype=float).copy()
    out = {}
    for name, end in stages:
        t = containers[end].to_numpy(dtype=float)
        until = np.fmin(released, np.where(np.isnan(t), at, t))
        later = until > at
        out[name] = np.where(later, until - at, 0.0)
        at = np.where(later, until, at)
    frame = pd.DataFrame(out, index=containers.index)
    frame[np.isnan(released)] = np.nan
    return frame


def mean_stages(results, direction="import", regimes=None, inspected_only=False,
                confidence=0.95) -> pd.DataFrame:
    """Mean hours per box in each stage, per regime (rows in file order): the mean over
    replications of each replication's mean over its counted boxes — what clearsim prints
    as "where the hours go" — so they add up to the mean overall time (``overall_h``),
    which is given too, with ``boxes`` (mean per replication). ``inspected_only``: only
    boxes of the red channel."""
    from .stats import compare  # stats imports this module
    check_label(results, "direction", direction)
    regimes = check_regimes(results, regimes)
    names = [s for s, _ in results.stages]
    table = compare(results, measures=names + ["overall"], statistics=("mean",),
                    directions=[direction], regimes=regimes, inspected_only=inspected_only,
                    confidence=confidence)
    wide = table.pivot_table(index="regime", columns="measure", values="estimate",
                             observed=False, dropna=False).reindex(regimes)
    boxes = table[table["measure"] == "overall"].set_index("regime")["boxes"].reindex(regimes)
    out = wide[names].copy()
    out["overall_h"] = wide["overall"]
    out["boxes"] = boxes
    out.index = pd.Index(regimes, name="regime")
    out.columns.name = None
    return out
