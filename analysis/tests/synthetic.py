"""A small synthetic clearsim result file, written with h5py from docs/output.md's field
tables.

The layout is not restated here: every table's fields, their order, types, units and
coding, and the label sets, are parsed from the generated part of docs/output.md (which a
C++ test keeps equal to the field tables of models/record_fields.hpp), and the stage names
from its notes. What the fixture supplies is what the docs leave to the scenario (its
districts and agencies) and the numbers: a made-up process that behaves like the model —
imports wait for the manifest, the delivery order and permits, prepare and maybe defer
their declaration (or declare in advance), documents, discharge, checks (sequential
exams; or under the second regime gate or yard scans, then a joint exam), duties unless
guaranteed, release, departure. The same box gets the same draws under every regime
(common random numbers); the second regime declares in advance more often, scans first,
inspects jointly and releases electronically, so it is faster.

Run as a script to write one: ``/usr/bin/python3 analysis/tests/synthetic.py out.h5``.
"""
from __future__ import annotations

import hashlib
import os
import re
import sys
from functools import lru_cache

import h5py
import numpy as np

OUTPUT_MD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs",
                         "output.md")

# What docs/output.md leaves to the scenario.
DISTRICTS = ["beijiang", "dongjiang", "nanjiang", "haihe"]  # haihe: no traffic
SITES = ["beijiang_inspection", "nanjiang_inspection"]
AGENCIES = ["customs", "ciq"]
SUPPLIED = {"district": DISTRICTS, "agency": AGENCIES, "regime": ["baseline", "reform"]}

SCENARIO_TEXT = """# synthetic scenario for the analysis tests (not a real clearsim scenario)
name: synthetic
horizon: 10d
warmup: 2d
seed: 7
replications: 2
"""
HORIZON = 240.0
WARMUP = 48.0
SAMPLE_INTERVAL = 6.0
NO_VESSEL = np.iinfo(np.uint64).max


# ---- the layout, from docs/output.md ------------------------------------------------------

class Field:
    def __init__(self, name, scalar, unit, coding, label_set, size):
        self.name, self.scalar, self.unit = name, scalar, unit
        self.coding, self.label_set, self.size = coding, label_set, size


_SCALARS = {"uint8": "u1", "uint16": "<u2", "uint32": "<u4", "uint64": "<u8", "int8": "i1",
            "int16": "<i2", "int32": "<i4", "int64": "<i8", "float32": "<f4", "float64": "<f8"}


def _parse_type(text: str):
    """(scalar, coding, label set, string size) of a type cell of a field table."""
    m = re.fullmatch(r"string, (\d+) bytes", text)
    if m:
        return None, "text", None, int(m.group(1))
    m = re.fullmatch(r"(enum )?(u?int\d+|float\d+)(?:, (index into|bits named in|codes named "
                     r"in) `/labels/(\w+)`)?", text)
    if not m:
        raise ValueError(f"docs/output.md: cannot read the type {text!r}")
    enum, scalar, how, label_set = m.groups()
    coding = ("enum" if enum else {"index into": "index", "bits named in": "bits",
                                   None: "number"}[how])
    return _SCALARS[scalar], coding, label_set, None


@lru_cache(maxsize=None)
def layout(path: str = OUTPUT_MD):
    """({table: [Field]}, {label set: (coding, values or None)}, [stage names]) from the
    generated field tables and the notes of docs/output.md."""
    text = open(path, encoding="utf-8").read()
    m = re.search(r"<!-- BEGIN GENERATED FIELD TABLES.*?-->(.*)<!-- END GENERATED FIELD TABLES",
                  text, re.S)
    if not m:
        raise ValueError(f"{path}: no generated field tables")
    tables, labels, current = {}, {}, None
    for line in m.group(1).splitlines():
        heading = re.fullmatch(r"### `(/?[\w/]+)`", line.strip())
        if heading:
            current = heading.group(1)
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        name = cells[0].strip("`")
        if current == "/labels":
            values = re.findall(r"`(\w+)`", cells[2])
            labels[name] = (cells[1].split(":")[0], values or None)
        else:
            scalar, coding, label_set, size = _parse_type(cells[1])
            tables.setdefault(current, []).append(Field(name, scalar, cells[2], coding,
                                                        label_set, size))
    stage = re.search(r"`/labels/stage` lists the stages of the overall time in order\s*"
                      r"\(([^)]*)\)", text)
    if not stage:
        raise ValueError(f"{path}: the notes do not list the stages")
    stages = re.findall(r"`(\w+)`", stage.group(1))
    return tables, labels, stages


def label_values(name: str) -> list:
    coding, values = layout()[1][name]
    return list(values) if values is not None else list(SUPPLIED[name])


def stage_ends() -> list:
    """The field ending each stage: the milestones of ``containers`` in order, from the one
    after ``arrival`` to ``released`` (docs/output.md: each stage ends at one of them)."""
    fields = [f.name for f in layout()[0]["containers"] if f.unit == "h"]
    ends = fields[fields.index("arrival") + 1:fields.index("released") + 1]
    if len(ends) != len(layout()[2]):
        raise ValueError(f"docs/output.md: {len(layout()[2])} stages but milestones {ends}")
    return ends


def dtype(table: str) -> np.dtype:
    """The row type of ``table`` as the field tables give it (aligned, like the C++ rows)."""
    out = []
    for f in layout()[0][table]:
        if f.coding == "text":
            out.append((f.name, f"S{f.size}"))
        elif f.coding == "enum":
            out.append((f.name, h5py.enum_dtype(
                {v: i for i, v in enumerate(label_values(f.label_set))}, basetype=f.scalar)))
        else:
            out.append((f.name, f.scalar))
    return np.dtype(out, align=True)


def hour_fields(table: str) -> list:
    return [f.name for f in layout()[0][table] if f.unit == "h"]


def code(label_set: str, value: str) -> int:
    return label_values(label_set).index(value)


def bit(label_set: str, value: str) -> int:
    return 1 << label_values(label_set).index(value)


# ---- the numbers --------------------------------------------------------------------------

def _lognormal(rng, mean, cv, size):
    sigma2 = np.log(1 + cv * cv)
    return rng.lognormal(np.log(mean) - sigma2 / 2, np.sqrt(sigma2), size)


# (name, kind, capacity, district, site, agency); "image_review.officers" only under a
# regime that scans first.
def _pools(reform: bool) -> list:
    pools = [(f"{d}.berths", "berth", c, i, -1, -1)
             for i, (d, c) in enumerate(zip(DISTRICTS[:3], (4, 3, 1)))]
    pools += [(f"{a}.document_officers", "document_officers", c, -1, -1, i)
              for i, (a, c) in enumerate(zip(AGENCIES, (6, 3)))]
    if reform:
        pools.append(("image_review.officers", "image_officers", 2, -1, -1, -1))
    pools += [(f"{d}.gate_scanners", "gate_scanner", 1, i, -1, -1)
              for i, d in enumerate(DISTRICTS[:3])]
    for s, (site, district) in enumerate(zip(SITES, (0, 2))):
        pools += [(f"{site}.scanners", "scanner", 1, district, s, -1),
                  (f"{site}.bays", "bay", 4 - 2 * s, district, s, -1),
                  (f"{site}.customs_teams", "exam_team", 2, district, s, 0),
                  (f"{site}.ciq_teams", "exam_team", 2 - s, district, s, 1)]
    return pools


SITE_OF_DISTRICT = {0: 0, 1: 0, 2: 1}  # dongjiang boxes go to beijiang's site


def _replication(replication: int, reform: bool, seed: int, calls: int, per_call: int):
    """(containers, exams, vessels) of one replication. Draws depend on (seed,
    replication) only, so every regime sees the same boxes."""
    rng = np.random.default_rng([seed, replication])
    v_arrival = np.sort(rng.uniform(0, HORIZON + 12, calls))  # a few after the horizon
    v_district = rng.choice([0, 1, 2], calls, p=[0.5, 0.35, 0.15])
    v_berthed = v_arrival + rng.exponential(2.0, calls)
    n_imp = rng.integers(per_call // 2, per_call, calls)
    n_exp = rng.integers(per_call // 3, per_call, calls)
    rate = rng.uniform(40, 60, calls)
    v_departed = v_berthed + (n_imp + n_exp) / rate
    vessels = np.zeros(calls, dtype("vessels"))
    vessels["id"] = 1000 * (v_district + 1) + np.arange(calls)
    vessels["service"] = v_district
    vessels["district"] = v_district
    vessels["discharged"], vessels["loaded"] = n_imp, n_exp
    vessels["arrival"], vessels["berthed"], vessels["departed"] = v_arrival, v_berthed, v_departed

    rows = [(v, "import", i) for v in range(calls) for i in range(int(n_imp[v]))]
    rows += [(v, "export", i) for v in range(calls) for i in range(int(n_exp[v]))]
    n_stream = max(5, len(rows) // 20)  # a box stream: no vessel
    n = len(rows) + n_stream
    c = np.zeros(n, dtype("containers"))
    for name in hour_fields("containers"):
        c[name] = np.nan

    # every box draws every uniform it might need (common random numbers)
    u = rng.uniform(size=(n, 16))
    manifest, d_order, permit = (_lognormal(rng, 10, 0.8, n), _lognormal(rng, 15, 0.8, n),
                                 _lognormal(rng, 20, 1.0, n))
    prep, deferral, lead = (_lognormal(rng, 5, 0.5, n), _lognormal(rng, 40, 0.8, n),
                            _lognormal(rng, 20, 0.5, n))
    review, exam_c, exam_q = (_lognormal(rng, 0.5, 1.0, n), _lognormal(rng, 3, 0.5, n),
                              _lognormal(rng, 3.5, 0.6, n))
    scan, move, wait = _lognormal(rng, 0.15, 0.4, n), _lognormal(rng, 0.5, 0.5, n), rng.exponential(1.5, n)
    duty, pickup = _lognormal(rng, 8.0, 1.0, n), _lognormal(rng, 24.0, 0.8, n)
    release = _lognormal(rng, 0.08 if reform else 0.33, 1.0, n)

    checks, selected, opened_by, moves = [0] * n, [0] * n, [0] * n, [0] * n
    exams = []
    customs, ciq = bit("agency", "customs"), bit("agency", "ciq")
    regulated_by_ciq = {code("cargo", k) for k in ("reefer", "food", "ecommerce")}
    for k in range(n):
        if k < len(rows):
            v, side, pos = rows[k]
            c["id"][k] = (int(vessels["id"][v]) << 16) + pos + (0 if side == "import" else 1 << 15)
            c["vessel"][k] = vessels["id"][v]
            district = int(v_district[v])
            if side == "import":
                direction = "rail_transit" if u[k, 0] < 0.1 else "import"
                arrival = v_arrival[v]
                present = v_berthed[v] + (pos + 1) / rate[v]
            else:
                direction = "export"
                arrival = max(0.0, v_arrival[v] - 24 - 48 * u[k, 11])  # gate-in before the call
                present = arrival
        else:
            v = None
            c["id"][k] = (1 << 40) + k
            c["vessel"][k] = NO_VESSEL
            district, direction = 1, "import"
            arrival = HORIZON * u[k, 11]
            present = arrival
        cargo = min(int(np.searchsorted(np.cumsum([0.75, 0.07, 0.05, 0.08, 0.05]), u[k, 1])), 4)
        credit = min(int(np.searchsorted(np.cumsum([0.33, 0.15, 0.49, 0.03]), u[k, 2])), 3)
        c["district"][k], c["direction"][k] = district, code("direction", direction)
        c["cargo"][k], c["credit"][k] = cargo, credit
        c["arrival"][k], c["present"][k] = arrival, present

        if u[k, 3] < (0.6 if reform else 0.05):  # declared in advance
            checks[k] |= bit("checks", "advance_declared")
            declared = max(0.0, arrival - lead[k])
        else:
            ready = arrival
            if direction != "export":
                c["manifest"][k] = arrival + manifest[k] * (0.3 if reform else 1)
                ready = c["manifest"][k]
                if direction == "import":
                    c["delivery_order"][k] = ready + d_order[k] * (0.2 if reform else 1)
                    ready = c["delivery_order"][k]
            if cargo != code("cargo", "general"):
                c["permits"][k] = arrival + permit[k]
                ready = max(ready, c["permits"][k])
            c["prepared"][k] = ready + prep[k]
            declared = c["prepared"][k]
            if u[k, 4] < 0.3:
                checks[k] |= bit("checks", "deferred")
                declared += deferral[k]
        c["declared"][k] = declared
        risk = declared + review[k] * (0.5 if reform else 1)
        c["risk_assigned"][k] = risk
        t = max(risk, present)

        p_customs = ([0.005, 0.02, 0.06, 0.8][credit] * (0.3 if direction == "export" else 1)
                     * (3 if cargo == code("cargo", "hazardous") else 1)
                     * (4 if cargo in regulated_by_ciq else 1))
        if u[k, 5] < p_customs:
            selected[k] |= customs
        if cargo in regulated_by_ciq and u[k, 6] < 0.25 * (0.3 if direction == "export" else 1):
            selected[k] |= ciq
        site = SITE_OF_DISTRICT[district]

        def exam(kind, agencies, moved, queued, started, ended):
            exams.append((c["id"][k], kind, agencies, site if kind != "gate_scan" else -1,
                          district, moved, queued, started, ended))

        if selected[k]:
            channel = "red"
            if reform:  # machine first (customs only: CIQ cannot accept a scan), then joint
                openers = selected[k] & ciq
                if selected[k] & customs:
                    if u[k, 7] < 0.5:  # in line at the gate
                        checks[k] |= bit("checks", "scanned") | bit("checks", "gate_scan")
                        exam("gate_scan", customs, np.nan, t, t + wait[k] / 10,
                             t + wait[k] / 10 + scan[k])
                        t = t + wait[k] / 10 + scan[k]
                    else:
                        checks[k] |= bit("checks", "scanned")
                        moves[k] += 2
                        exam("yard_scan", customs, t, t + move[k], t + move[k] + wait[k] / 5,
                             t + move[k] + wait[k] / 5 + scan[k])
                        t = t + 2 * move[k] + wait[k] / 5 + scan[k]
                    if u[k, 8] < 0.3:
                        openers |= customs
                if openers:
                    length = max(exam_c[k] if openers & customs else 0,
                                 exam_q[k] if openers & ciq else 0)
                    exam("manual", openers, t, t + move[k], t + move[k] + wait[k],
                         t + move[k] + wait[k] + length)
                    t = t + 2 * move[k] + wait[k] + length
                    moves[k] += 2
                    opened_by[k] |= openers
                    checks[k] |= bit("checks", "opened")
                    if openers == customs | ciq:
                        checks[k] |= bit("checks", "joint_exam")
            else:  # sequential: each selecting agency in file order, then its release
                for agency, length in ((customs, exam_c[k]), (ciq, exam_q[k])):
                    if selected[k] & agency:
                        exam("manual", agency, t, t + move[k], t + move[k] + wait[k],
                             t + move[k] + wait[k] + length)
                        t = t + 2 * move[k] + wait[k] + length + release[k]
                        moves[k] += 2
                        opened_by[k] |= agency
                        checks[k] |= bit("checks", "opened")
        elif u[k, 9] < 0.05:
            channel = "yellow"
            checks[k] |= bit("checks", "document_check")
            t += 0.5
        else:
            channel = "green"
        c["channel"][k] = code("channel", channel)
        c["checks_done"][k] = t
        if direction == "import" and u[k, 10] >= [0.9, 0.6, 0.2, 0.0][credit] * (1.5 if reform else 1):
            t += duty[k]
        elif direction == "import":
            checks[k] |= bit("checks", "guaranteed")
        c["duties_paid"][k] = t
        released = t + release[k]
        c["released"][k] = released
        if direction == "import":
            c["departed"][k] = released + pickup[k]
        elif direction == "rail_transit":
            if u[k, 12] < (0.0 if reform else 0.1):
                checks[k] |= bit("checks", "transit_check")
            c["departed"][k] = (np.floor(released / 12) + 1) * 12
        else:
            load_time = v_departed[v] if v is not None else released + 1
            if released > load_time:
                checks[k] |= bit("checks", "missed_vessel")
                c["departed"][k] = released + 24
            else:
                c["departed"][k] = load_time
    c["checks"], c["selected"], c["opened_by"], c["moves"] = checks, selected, opened_by, moves
    e = np.zeros(len(exams), dtype("exams"))
    for i, (box, kind, agencies, site, district, *times) in enumerate(exams):
        e[i]["box"], e[i]["kind"], e[i]["agencies"] = box, code("exam_kind", kind), agencies
        e[i]["site"], e[i]["district"] = site, district
        for name, value in zip(hour_fields("exams"), times):
            e[i][name] = value
    return c, e, vessels


def lower_quantile(x, q):
    """The summary's quantile (docs/output.md): the lower empirical quantile, exact here."""
    return float(np.quantile(x, q, method="inverted_cdf"))


def _summary(c):
    table = dtype("summary")
    out = np.zeros(len(label_values("direction")) * len(label_values("measure")), table)
    counted = (c["arrival"] >= WARMUP) & (c["arrival"] < HORIZON)
    row = 0
    for d in range(len(label_values("direction"))):
        sel = counted & (c["direction"] == d)
        for m, measure in enumerate(label_values("measure")):
            start = c["arrival"] if measure == "overall" else c["declared"]  # docs/output.md
            x = c["released"][sel] - start[sel]
            out[row]["direction"], out[row]["measure"], out[row]["count"] = d, m, x.size
            if x.size:
                out[row]["mean"], out[row]["max"] = x.mean(), x.max()
                for name, q in (("median", 0.5), ("p90", 0.9), ("p95", 0.95)):
                    out[row][name] = lower_quantile(x, q)
                out[row]["inspection_rate"] = np.mean(c["channel"][sel] == code("channel", "red"))
            row += 1
    return out


def _samples(rng, capacities, reform):
    times = np.arange(0, HORIZON + 1e-9, SAMPLE_INTERVAL)  # the drain is not sampled
    n_res = len(capacities)
    s = np.zeros(len(times) * n_res, dtype("resource_samples"))
    s["time"] = np.repeat(times, n_res)
    s["resource"] = np.tile(np.arange(n_res), len(times))
    cap = np.tile(np.asarray(capacities), len(times))
    s["capacity"] = cap
    level = np.clip(0.55 + 0.3 * np.sin(s["time"] / 24 * 2 * np.pi)
                    - (0.2 if reform else 0) + rng.normal(0, 0.1, len(s)), 0, 1)
    level[s["resource"] == 0] = 1.0  # the first pool (beijiang's berths) always full
    s["busy"] = np.round(level * cap).astype(np.uint32)
    s["queue"] = rng.poisson(np.where(level > 0.8, 3, 0.2)).astype(np.uint32)
    return s


def _string_array(values, style):
    if style == "fixed":
        width = max([len(v.encode()) for v in values] + [1])
        return np.array([v.encode() for v in values], f"S{width}")
    return np.array(values, dtype=h5py.string_dtype("utf-8"))


def _table(group, name, data, style, chunk=8192):
    """A chunked, shuffled, deflate-1, checksummed table appended in pieces, with the
    ``units`` and ``labels`` attributes of docs/output.md, as the writer does."""
    ds = group.create_dataset(name, shape=(0,), maxshape=(None,), dtype=data.dtype,
                              chunks=(chunk,), shuffle=True, compression="gzip",
                              compression_opts=1, fletcher32=True)
    step = 5000
    for start in range(0, len(data), step):
        piece = data[start:start + step]
        ds.resize((start + len(piece),))
        ds[start:start + len(piece)] = piece
    fields = layout()[0][name]
    ds.attrs["units"] = _string_array([f.unit for f in fields], style)
    ds.attrs["labels"] = _string_array([f.label_set or "" for f in fields], style)
    return ds


def write_synthetic(path, *, regimes=("baseline", "reform"), replications=2, calls=12,
                    per_call=60, seed=7, string_style="vlen"):
    """Writes a result file to ``path`` and returns the path. ``string_style``: "vlen"
    (variable-length UTF-8 strings, as the C++ writer does) or "fixed" (fixed-length byte
    strings), to check the loader reads both."""
    def attr(obj, key, value):
        if isinstance(value, str) and string_style == "fixed":
            obj.attrs.create(key, np.bytes_(value.encode()))
        else:
            obj.attrs[key] = value

    _, label_sets, stages = layout()
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
        p.attrs.create("compression_level", 1, dtype="<i4")
        if string_style == "fixed":
            p.create_dataset("scenario_text", data=np.bytes_(SCENARIO_TEXT.encode()))
        else:
            p.create_dataset("scenario_text", data=SCENARIO_TEXT, dtype=h5py.string_dtype("utf-8"))
        labels = f.create_group("labels")
        for name, (coding, _) in label_sets.items():
            values = list(regimes) if name == "regime" else label_values(name)
            labels.create_dataset(name, data=_string_array(values, string_style))
            labels[name].attrs["coding"] = coding
        for name, values in (("stage", stages), ("stage_end", stage_ends())):
            labels.create_dataset(name, data=_string_array(values, string_style))
            labels[name].attrs["coding"] = "order"
        runs = f.create_group("runs")
        for r_index, regime in enumerate(regimes):
            reform = r_index > 0
            g = runs.create_group(regime)
            attr(g, "regime", regime)
            attr(g, "description", "2017 practice" if not reform else "all reforms together")
            pools = _pools(reform)
            res = np.zeros(len(pools), dtype("resources"))
            def name_of(names, i):
                return (names[i] if i >= 0 else "").encode()
            for i, (name, kind, cap, district, site, agency) in enumerate(pools):
                res[i] = (name.encode(), code("resource_kind", kind), cap, district, site, agency,
                          name_of(DISTRICTS, district), name_of(SITES, site),
                          name_of(AGENCIES, agency))
            _table(g, "resources", res, string_style)
            for rep in range(replications):
                rg = g.create_group(f"replication_{rep:04d}")
                attr(rg, "regime", regime)
                rg.attrs.create("replication", rep, dtype="<u8")
                rg.attrs.create("seed", seed, dtype="<u8")
                rg.attrs.create("horizon_hours", HORIZON, dtype="<f8")
                rg.attrs.create("warmup_hours", WARMUP, dtype="<f8")
                containers, exams, vessels = _replication(rep, reform, seed, calls, per_call)
                rg.attrs.create("events", 40 * len(containers), dtype="<u8")
                rg.attrs.create("boxes_in_progress", 0, dtype="<u8")
                rg.attrs.create("wall_seconds", 0.25, dtype="<f8")
                # records are written when a box leaves
                order = np.argsort(containers["released"], kind="stable")
                _table(rg, "containers", containers[order], string_style)
                _table(rg, "exams", exams[np.argsort(exams["ended"], kind="stable")],
                       string_style)
                _table(rg, "vessels", vessels, string_style)
                rng = np.random.default_rng([seed, rep, 99])
                _table(rg, "resource_samples",
                       _samples(rng, [p[2] for p in pools], reform), string_style)
                _table(rg, "summary", _summary(containers), string_style)
                use = np.zeros(len(pools), dtype("pool_use"))
                use["resource"] = np.arange(len(pools))
                use["utilisation"] = rng.uniform(0.2, 1.0, len(pools))
                use["saturated"] = use["utilisation"] >= 0.9
                use["available_hours"] = [p[2] * HORIZON for p in pools]
                _table(rg, "pool_use", use, string_style)
                rg["pool_use"].attrs["saturation_threshold"] = 0.9
    return path


if __name__ == "__main__":
    print(write_synthetic(sys.argv[1] if len(sys.argv) > 1 else "synthetic.h5"))
