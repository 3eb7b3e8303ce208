"""A small synthetic clearsim result file, written with h5py to docs/output.md exactly.

Used by the tests until (and besides) files written by the simulator itself. The numbers
are made up but behave like the model: imports declared after (or, if advance-declared,
before) the vessel's arrival, review, risk channel, checks after discharge, duties,
release, pick-up; exports from gate-in; rail transit like imports plus a train. Unreached
stages are NaN. Under every regime the same boxes (ids) get the same draws (common random
numbers); the second regime declares in advance more often, inspects jointly / machine
first and releases electronically, so it is faster.

Run as a script to write one: ``/usr/bin/python3 analysis/tests/synthetic.py out.h5``.
"""
from __future__ import annotations

import functools
import hashlib
import sys

import h5py
import numpy as np

DIRECTIONS = ["import", "export", "rail_transit"]
CARGO = ["general", "reefer", "hazardous", "food", "ecommerce"]
CREDIT = ["advanced_certified", "general_certified", "ordinary", "discredited"]
CHANNEL = ["green", "yellow", "red"]
RESOURCE_KINDS = ["berth", "document_officers", "scanner", "bay", "customs_team", "ciq_team"]
CHECKS = ["scanned", "customs_exam", "ciq_exam", "joint_exam", "document_check",
          "transit_check", "advance_declared", "missed_vessel"]
DISTRICTS = ["beijiang", "dongjiang", "nanjiang", "haihe"]  # haihe: no traffic
MEASURES = ["overall", "customs"]
NO_VESSEL = np.iinfo(np.uint64).max

SCENARIO_TEXT = """# synthetic scenario for the analysis tests (not a real clearsim scenario)
name: synthetic
horizon: 10d
warmup: 2d
seed: 7
replications: 2
"""

TIME_FIELDS = ["arrival", "discharge", "declared", "accepted", "risk_assigned",
               "scan_move", "scan_queue", "scan_start", "scan_end",
               "customs_move", "customs_queue", "customs_start", "customs_end",
               "ciq_move", "ciq_queue", "ciq_start", "ciq_end", "released", "departed"]


def _enum(labels):
    return h5py.enum_dtype({name: i for i, name in enumerate(labels)}, basetype="u1")


# Compound types laid out like the C++ structs (align=True gives the same padding).
CONTAINER_DTYPE = np.dtype(
    [("id", "<u8"), ("vessel", "<u8"), ("district", "<u2"), ("direction", _enum(DIRECTIONS)),
     ("cargo", _enum(CARGO)), ("credit", _enum(CREDIT)), ("channel", _enum(CHANNEL)),
     ("checks", "u1")] + [(name, "<f8") for name in TIME_FIELDS], align=True)
VESSEL_DTYPE = np.dtype(
    [("id", "<u8"), ("service", "<u2"), ("district", "<u2"), ("discharged", "<u4"),
     ("loaded", "<u4"), ("arrival", "<f8"), ("berthed", "<f8"), ("departed", "<f8")],
    align=True)
SAMPLE_DTYPE = np.dtype(
    [("time", "<f8"), ("resource", "<u4"), ("capacity", "<u4"), ("busy", "<u4"),
     ("queue", "<u4")], align=True)
SUMMARY_DTYPE = np.dtype(
    [("direction", _enum(DIRECTIONS)), ("measure", _enum(MEASURES)), ("count", "<u8"),
     ("mean", "<f8"), ("median", "<f8"), ("p90", "<f8"), ("p95", "<f8"), ("max", "<f8"),
     ("inspection_rate", "<f8")], align=True)
RESOURCE_DTYPE = np.dtype(
    [("name", "S64"), ("kind", _enum(RESOURCE_KINDS)), ("capacity", "<i4")], align=True)

# (name, kind, capacity) per regime: the scanner exists with capacity 0 under baseline.
RESOURCES = [
    ("beijiang.berths", "berth", 4),
    ("dongjiang.berths", "berth", 3),
    ("nanjiang.berths", "berth", 1),
    ("documents.customs_officers", "document_officers", 6),
    ("documents.ciq_officers", "document_officers", 3),
    ("beijiang_inspection.scanners", "scanner", None),  # 0 baseline, 1 otherwise
    ("beijiang_inspection.bays", "bay", 4),
    ("nanjiang_inspection.bays", "bay", 2),
    ("beijiang_inspection.customs_teams", "customs_team", 2),
    ("beijiang_inspection.ciq_teams", "ciq_team", 2),
]

HORIZON = 240.0
WARMUP = 48.0
SAMPLE_INTERVAL = 6.0


# What the file says of its fields (docs/output.md, "Tables"): which are hours, and which
# /labels dataset codes a field.
HOURS = {"containers": set(TIME_FIELDS), "vessels": {"arrival", "berthed", "departed"},
         "resource_samples": {"time"}, "summary": {"mean", "median", "p90", "p95", "max"},
         "resources": set()}
CODED_BY = {"district": "district", "direction": "direction", "cargo": "cargo",
            "credit": "credit", "channel": "channel", "checks": "checks",
            "measure": "measure", "kind": "resource_kind"}


def _lognormal(rng, mean, cv, size):
    sigma2 = np.log(1 + cv * cv)
    return rng.lognormal(np.log(mean) - sigma2 / 2, np.sqrt(sigma2), size)


def _containers(replication: int, reform: bool, seed: int, calls: int, per_call: int):
    """(containers, vessels) of one replication. Draws depend on (seed, replication)
    only, so both regimes see the same boxes."""
    rng = np.random.default_rng([seed, replication])
    # vessels
    v_arrival = np.sort(rng.uniform(0, HORIZON, calls))
    v_district = rng.choice([0, 1, 2], calls, p=[0.5, 0.35, 0.15])
    v_berthed = v_arrival + rng.exponential(2.0, calls)
    n_imp = rng.integers(per_call // 2, per_call, calls)
    n_exp = rng.integers(per_call // 3, per_call, calls)
    rate = rng.uniform(40, 60, calls)
    v_departed = v_berthed + (n_imp + n_exp) / rate
    vessels = np.zeros(calls, VESSEL_DTYPE)
    vessels["id"] = 1000 * (v_district + 1) + np.arange(calls)
    vessels["service"] = v_district
    vessels["district"] = v_district
    vessels["discharged"] = n_imp
    vessels["loaded"] = n_exp
    vessels["arrival"] = v_arrival
    vessels["berthed"] = v_berthed
    vessels["departed"] = v_departed

    rows = []
    for v in range(calls):
        for i in range(int(n_imp[v])):
            rows.append((vessels["id"][v], v, "import_side", i))
        for i in range(int(n_exp[v])):
            rows.append((vessels["id"][v], v, "export", i))
    n_stream = max(5, len(rows) // 20)  # a box stream: no vessel
    n = len(rows) + n_stream
    c = np.zeros(n, CONTAINER_DTYPE)
    for name in TIME_FIELDS:
        c[name] = np.nan

    # every box draws every uniform it might need (common random numbers)
    u = rng.uniform(size=(n, 12))
    lag = _lognormal(rng, 30.0, 0.9, n)
    lead = _lognormal(rng, 20.0, 0.5, n)
    review = _lognormal(rng, 0.1, 1.0, n)
    risk = _lognormal(rng, 0.25, 0.5, n)
    duty = _lognormal(rng, 8.0, 1.0, n)
    exam_c = _lognormal(rng, 3.0, 0.5, n)
    exam_q = _lognormal(rng, 3.5, 0.6, n)
    scan = _lognormal(rng, 0.15, 0.4, n)
    move = _lognormal(rng, 0.5, 0.5, n)
    wait = rng.exponential(1.5, n)
    rel_delay = _lognormal(rng, 0.33 if not reform else 0.08, 1.0, n)
    pickup = _lognormal(rng, 24.0, 0.8, n)

    checks = np.zeros(n, np.uint8)
    for k in range(n):
        if k < len(rows):
            vid, v, side, pos = rows[k]
            c["id"][k] = (int(vid) << 16) + pos + (0 if side == "import_side" else 1 << 15)
            c["vessel"][k] = vid
            c["district"][k] = v_district[v]
            if side == "import_side":
                direction = 2 if u[k, 0] < 0.1 else 0
                arrival = v_arrival[v]
                discharge = v_berthed[v] + (pos + 1) / rate[v]
            else:
                direction = 1
                arrival = v_arrival[v] - 24 - 48 * u[k, 11]  # gate-in before the call
                discharge = np.nan
        else:
            c["id"][k] = (1 << 40) + k
            c["vessel"][k] = NO_VESSEL
            c["district"][k] = 1
            direction = 0
            arrival = HORIZON * u[k, 11]
            discharge = arrival
            v = None
        c["direction"][k] = direction
        cargo = int(np.searchsorted(np.cumsum([0.75, 0.07, 0.05, 0.08, 0.05]), u[k, 1]))
        credit = int(np.searchsorted(np.cumsum([0.33, 0.15, 0.49, 0.03]), u[k, 2]))
        c["cargo"][k] = min(cargo, 4)
        c["credit"][k] = min(credit, 3)
        c["arrival"][k] = arrival
        c["discharge"][k] = discharge

        advance = u[k, 3] < (0.6 if reform else 0.05)
        declared = arrival - lead[k] if advance else arrival + (lag[k] if direction != 1 else lag[k] / 3)
        if advance:
            checks[k] |= 64
        ciq_reg = cargo in (1, 3, 4)
        accepted = declared + review[k] * (2 if ciq_reg and not reform else 1)
        risk_assigned = accepted + risk[k]
        p_customs = ([0.005, 0.02, 0.06, 0.8][min(credit, 3)] * (0.3 if direction == 1 else 1)
                     * (3 if ciq_reg else 1))
        p_ciq = (0.25 if ciq_reg else 0.0) * (0.3 if direction == 1 else 1)
        sel_c = u[k, 4] < p_customs
        sel_q = u[k, 5] < p_ciq
        present = arrival if direction == 1 else discharge
        t = max(risk_assigned, present)
        last = t
        if sel_c or sel_q:
            channel = 2
            if reform:  # machine first + joint
                if sel_c:
                    c["scan_move"][k] = t
                    c["scan_queue"][k] = t + move[k]
                    c["scan_start"][k] = t + move[k] + wait[k] / 5
                    c["scan_end"][k] = c["scan_start"][k] + scan[k]
                    checks[k] |= 1
                    last = c["scan_end"][k]
                    opened = u[k, 6] < 0.4
                else:
                    opened = False
                if opened or sel_q:
                    mv = last
                    q = mv + (0.1 if sel_c else move[k])
                    st = q + wait[k]
                    en = st + max(exam_c[k] if opened else 0, exam_q[k] if sel_q else 0)
                    if opened:
                        c["customs_move"][k], c["customs_queue"][k] = mv, q
                        c["customs_start"][k], c["customs_end"][k] = st, en
                        checks[k] |= 2
                    if sel_q:
                        c["ciq_move"][k], c["ciq_queue"][k] = mv, q
                        c["ciq_start"][k], c["ciq_end"][k] = st, en
                        checks[k] |= 4
                    if opened and sel_q:
                        checks[k] |= 8
                    last = en
            else:  # sequential: customs, its release, then CIQ
                if sel_c:
                    c["customs_move"][k] = t
                    c["customs_queue"][k] = t + move[k]
                    c["customs_start"][k] = t + move[k] + wait[k]
                    c["customs_end"][k] = c["customs_start"][k] + exam_c[k]
                    checks[k] |= 2
                    last = c["customs_end"][k] + rel_delay[k]
                if sel_q:
                    c["ciq_move"][k] = last
                    c["ciq_queue"][k] = last + move[k] / 2
                    c["ciq_start"][k] = last + move[k] / 2 + wait[k]
                    c["ciq_end"][k] = c["ciq_start"][k] + exam_q[k]
                    checks[k] |= 4
                    last = c["ciq_end"][k]
        elif u[k, 7] < 0.05:
            channel = 1
            checks[k] |= 16
            last = t + 0.5
        else:
            channel = 0
        c["channel"][k] = channel
        released = max(last, risk_assigned + duty[k] * (direction != 1)) + rel_delay[k]
        if direction == 2 and u[k, 8] < (0.0 if reform else 0.1):
            checks[k] |= 32
        if u[k, 9] < 0.01:  # a few boxes never released (still stuck at the drain limit)
            released = np.nan
        c["declared"][k], c["accepted"][k], c["risk_assigned"][k] = declared, accepted, risk_assigned
        c["released"][k] = released
        if direction == 0:
            c["departed"][k] = released + pickup[k]
        elif direction == 2:
            c["departed"][k] = (np.floor(released / 12) + 1) * 12
        else:
            load_time = v_departed[v] if v is not None else np.nan
            if released > load_time:
                checks[k] |= 128
            else:
                c["departed"][k] = load_time
    c["checks"] = checks
    return c, vessels


def _summary(c, warmup):
    out = []
    counted = (c["arrival"] >= warmup) & ~np.isnan(c["released"])
    for d in range(3):
        sel = counted & (c["direction"] == d)
        for m, name in enumerate(MEASURES):
            x = c["released"][sel] - (c["arrival"][sel] if m == 0 else c["declared"][sel])
            row = np.zeros(1, SUMMARY_DTYPE)
            row["direction"], row["measure"], row["count"] = d, m, x.size
            if x.size:
                row["mean"], row["median"] = x.mean(), np.median(x)
                row["p90"], row["p95"] = np.percentile(x, 90), np.percentile(x, 95)
                row["max"] = x.max()
                row["inspection_rate"] = np.mean(c["channel"][sel] == 2)
            else:
                for f in ("mean", "median", "p90", "p95", "max", "inspection_rate"):
                    row[f] = np.nan
            out.append(row)
    return np.concatenate(out)


def _samples(rng, capacities, reform):
    times = np.arange(0, HORIZON + 72 + 1e-9, SAMPLE_INTERVAL)
    n_res = len(capacities)
    s = np.zeros(len(times) * n_res, SAMPLE_DTYPE)
    s["time"] = np.repeat(times, n_res)
    s["resource"] = np.tile(np.arange(n_res), len(times))
    cap = np.tile(np.asarray(capacities), len(times))
    s["capacity"] = cap
    level = np.clip(0.55 + 0.3 * np.sin(s["time"] / 24 * 2 * np.pi)
                    - (0.2 if reform else 0) + rng.normal(0, 0.1, len(s)), 0, 1)
    level[s["time"] > HORIZON] *= 0.3
    s["busy"] = np.round(level * cap).astype(np.uint32)
    s["queue"] = rng.poisson(np.where(level > 0.8, 3, 0.2)).astype(np.uint32)
    return s


def _string_array(values, style):
    if style == "fixed":
        width = max([len(v.encode()) for v in values] + [1])
        return np.array([v.encode() for v in values], f"S{width}")
    return np.array(values, dtype=h5py.string_dtype("utf-8"))


def _table(group, name, data, chunk=8192, metadata=True, style="vlen"):
    """Chunked, shuffled, deflate-1, checksummed table appended in pieces, with the
    ``units`` and ``labels`` attributes, as the writer does."""
    ds = group.create_dataset(name, shape=(0,), maxshape=(None,), dtype=data.dtype,
                              chunks=(chunk,), shuffle=True, compression="gzip",
                              compression_opts=1, fletcher32=True)
    step = 5000
    for start in range(0, len(data), step):
        piece = data[start:start + step]
        ds.resize((start + len(piece),))
        ds[start:start + len(piece)] = piece
    if metadata:
        table = name if name in HOURS else None
        units = ["h" if table and f in HOURS[table] else "" for f in data.dtype.names]
        ds.attrs["units"] = _string_array(units, style)
        ds.attrs["labels"] = _string_array([CODED_BY.get(f, "") for f in data.dtype.names], style)
    return ds


def _strings(group, name, values, style, coding=None):
    ds = group.create_dataset(name, data=_string_array(values, style))
    if coding:
        ds.attrs["coding"] = coding


def write_synthetic(path, *, regimes=("baseline", "reform"), replications=2, calls=12,
                    per_call=60, seed=7, string_style="vlen", metadata=True):
    """Writes a result file to ``path`` and returns the path.

    ``string_style``: "vlen" (variable-length UTF-8 strings, as the C++ writer does) or
    "fixed" (fixed-length byte strings), to check the loader reads both. ``metadata``:
    False leaves out the ``units``, ``labels`` and ``coding`` attributes, as in files
    written before clearsim recorded them.
    """
    def attr(obj, key, value):
        if isinstance(value, str) and string_style == "fixed":
            obj.attrs.create(key, np.bytes_(value.encode()))
        else:
            obj.attrs[key] = value

    with h5py.File(path, "w") as f:
        attr(f, "format", "clearsim-results")
        f.attrs.create("format_version", 1, dtype="<i4")
        p = f.create_group("provenance")
        attr(p, "program", "clearsim 0.1.0 (synthetic)")
        attr(p, "command_line", "clearsim compare synthetic.yaml --out synthetic.h5")
        attr(p, "created_utc", "2024-01-01T00:00:00Z")
        attr(p, "scenario_name", "synthetic")
        attr(p, "scenario_file", "scenarios/synthetic.yaml")
        attr(p, "scenario_sha256", hashlib.sha256(SCENARIO_TEXT.encode()).hexdigest())
        p.attrs.create("seed", seed, dtype="<u8")
        p.attrs.create("replications", replications, dtype="<i4")
        attr(p, "regimes", ",".join(regimes))
        p.attrs.create("horizon_hours", HORIZON, dtype="<f8")
        p.attrs.create("warmup_hours", WARMUP, dtype="<f8")
        p.attrs.create("sample_interval_hours", SAMPLE_INTERVAL, dtype="<f8")
        if string_style == "fixed":
            p.create_dataset("scenario_text", data=np.bytes_(SCENARIO_TEXT.encode()))
        else:
            p.create_dataset("scenario_text", data=SCENARIO_TEXT,
                             dtype=h5py.string_dtype("utf-8"))
        labels = f.create_group("labels")
        for name, values in [("direction", DIRECTIONS), ("cargo", CARGO), ("credit", CREDIT),
                             ("channel", CHANNEL), ("resource_kind", RESOURCE_KINDS),
                             ("checks", CHECKS), ("district", DISTRICTS), ("measure", MEASURES)]:
            if name == "measure" and not metadata:
                continue  # older files had no /labels/measure
            coding = ("bits" if name == "checks" else "index") if metadata else None
            _strings(labels, name, values, string_style, coding)
        table = functools.partial(_table, metadata=metadata, style=string_style)
        runs = f.create_group("runs")
        for r_index, regime in enumerate(regimes):
            reform = r_index > 0
            g = runs.create_group(regime)
            attr(g, "regime", regime)
            attr(g, "description", "2017 practice" if not reform else "all reforms together")
            res = np.zeros(len(RESOURCES), RESOURCE_DTYPE)
            capacities = []
            for i, (name, kind, cap) in enumerate(RESOURCES):
                cap = (1 if reform else 0) if cap is None else cap
                res[i] = (name.encode(), RESOURCE_KINDS.index(kind), cap)
                capacities.append(cap)
            table(g, "resources", res)
            for rep in range(replications):
                rg = g.create_group(f"replication_{rep:04d}")
                attr(rg, "regime", regime)
                rg.attrs.create("replication", rep, dtype="<u8")
                rg.attrs.create("seed", seed, dtype="<u8")
                rg.attrs.create("horizon_hours", HORIZON, dtype="<f8")
                rg.attrs.create("warmup_hours", WARMUP, dtype="<f8")
                containers, vessels = _containers(rep, reform, seed, calls, per_call)
                rg.attrs.create("events", 40 * len(containers), dtype="<u8")
                rg.attrs.create("boxes_in_progress", 0, dtype="<u8")
                rg.attrs.create("wall_seconds", 0.25, dtype="<f8")
                # records are written when a box leaves: order by departure-ish time
                order = np.argsort(np.nan_to_num(containers["released"], nan=1e9), kind="stable")
                table(rg, "containers", containers[order])
                table(rg, "vessels", vessels)
                rng = np.random.default_rng([seed, rep, 99])
                table(rg, "resource_samples", _samples(rng, capacities, reform))
                table(rg, "summary", _summary(containers, WARMUP))
    return path


if __name__ == "__main__":
    print(write_synthetic(sys.argv[1] if len(sys.argv) > 1 else "synthetic.h5"))
