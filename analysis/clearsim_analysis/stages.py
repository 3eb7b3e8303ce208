"""Time Release Study stages of each container, counted from its arrival.

``stage_durations(containers)`` splits every released box's overall time
(``released - arrival``) into five stages that add up to it exactly:

==========================  ===============================================================
``arrival_to_declared``     arrival -> declaration lodged
``document_review``         declared -> accepted after review
``risk_assessment``         accepted -> risk channel assigned
``inspection``              time in physical checks: from leaving for the scanner / exam
                            site (``*_move``) through queueing to the end of the scan or
                            exam, for the scan, the customs exam and the CIQ exam; time
                            covered by two of them at once (a joint exam fills both the
                            customs and CIQ fields) is counted once
``other``                   the rest of risk assigned -> release: waiting for discharge,
                            yellow-channel document check, duties and taxes, the release
                            itself (and, in sequential mode, customs' release between its
                            exam and the CIQ move)
==========================  ===============================================================

**Advance declaration.** A box declared before its vessel arrived has a negative
``declared - arrival``. Overall time starts at arrival, so every stamp earlier than the
arrival is moved to the arrival before the stages are taken: work done before the box
arrived (declaration, review, risk assessment) costs it no time, and its stage is 0. The
stages then never go negative and always sum to the overall time. The lead itself is
``declared - arrival`` in the containers table.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

STAGES = ("arrival_to_declared", "document_review", "risk_assessment", "inspection", "other")

STAGE_LABELS = {
    "arrival_to_declared": "arrival \u2192 declared",
    "document_review": "declared \u2192 accepted (document review)",
    "risk_assessment": "accepted \u2192 risk assigned",
    "inspection": "inspection (moves, queues, scan / exams)",
    "other": "other (discharge wait, duties, release)",
}

_CHECKS = ("scan", "customs", "ciq")


def _interval(c: pd.DataFrame, prefix: str):
    """(start, end) of one check: start = first stamp of move / queue / start; rows
    without the check get an empty interval (+inf, -inf)."""
    start = c[f"{prefix}_move"].to_numpy(dtype=float)
    for later in ("queue", "start"):
        start = np.where(np.isnan(start), c[f"{prefix}_{later}"].to_numpy(dtype=float), start)
    end = c[f"{prefix}_end"].to_numpy(dtype=float)
    valid = ~np.isnan(start) & ~np.isnan(end)
    return np.where(valid, start, np.inf), np.where(valid, end, -np.inf)


def _length(s, e):
    return np.maximum(e - s, 0.0)


def inspection_hours(c: pd.DataFrame, lo=None, hi=None) -> np.ndarray:
    """Hours covered by the union of a box's scan, customs and CIQ intervals, optionally
    clipped to [lo, hi] (arrays). 0 for a box without checks."""
    ivs = [_interval(c, p) for p in _CHECKS]
    if lo is not None:
        ivs = [(np.maximum(s, lo), e) for s, e in ivs]
    if hi is not None:
        ivs = [(s, np.minimum(e, hi)) for s, e in ivs]
    (s1, e1), (s2, e2), (s3, e3) = ivs
    with np.errstate(invalid="ignore"):
        # inclusion-exclusion: the intersection of intervals is an interval
        total = (_length(s1, e1) + _length(s2, e2) + _length(s3, e3)
                 - _length(np.maximum(s1, s2), np.minimum(e1, e2))
                 - _length(np.maximum(s1, s3), np.minimum(e1, e3))
                 - _length(np.maximum(s2, s3), np.minimum(e2, e3))
                 + _length(np.maximum(np.maximum(s1, s2), s3),
                           np.minimum(np.minimum(e1, e2), e3)))
    return np.nan_to_num(total, nan=0.0, posinf=0.0, neginf=0.0)


def stage_durations(c: pd.DataFrame) -> pd.DataFrame:
    """One row per container (same index), the STAGES columns in hours. Rows of boxes not
    released (or without an arrival) are NaN. See the module docstring for the rules."""
    arrival = c["arrival"].to_numpy(dtype=float)
    released = c["released"].to_numpy(dtype=float)

    def clip(name):  # a stamp, never before arrival; a missing stamp counts as arrival
        return np.fmax(c[name].to_numpy(dtype=float), arrival)

    declared = clip("declared")
    accepted = np.fmax(clip("accepted"), declared)
    risk = np.fmax(clip("risk_assigned"), accepted)
    risk = np.fmin(risk, released)
    ok = ~np.isnan(arrival) & ~np.isnan(released)
    inspection = np.minimum(inspection_hours(c, lo=risk, hi=released),
                            np.maximum(released - risk, 0))
    out = pd.DataFrame({
        "arrival_to_declared": np.minimum(declared, released) - arrival,
        "document_review": np.maximum(np.minimum(accepted, released) - np.minimum(declared, released), 0),
        "risk_assessment": np.maximum(risk - np.minimum(accepted, released), 0),
        "inspection": inspection,
        "other": np.maximum(released - risk, 0) - inspection,
    }, index=c.index)
    out[~ok] = np.nan
    return out


def mean_stages(results, direction="import", regimes=None, inspected_only=False) -> pd.DataFrame:
    """Mean hours in each stage per regime (rows in file order), over the boxes counted
    (arrived after the warm-up, released), all replications pooled; with the number of
    boxes, the mean overall time and the share declared in advance. ``inspected_only``:
    only red-channel boxes (selected for a physical check)."""
    from .load import check_regimes
    regimes = check_regimes(results, regimes)
    c = results.counted(direction=direction, regimes=regimes)
    if inspected_only:
        c = c[c["channel"] == "red"]
    stages = stage_durations(c)
    stages["regime"] = c["regime"].to_numpy()
    table = stages.groupby("regime", observed=False)[list(STAGES)].mean().reindex(regimes)
    table["boxes"] = c.groupby("regime", observed=False).size().reindex(regimes)
    table["overall_h"] = c.groupby("regime", observed=False)["overall_h"].mean().reindex(regimes)
    table["advance_declared"] = (c.groupby("regime", observed=False)["advance_declared"]
                                 .mean().reindex(regimes))
    table.index.name = "regime"
    return table
