"""Read a clearsim HDF5 result file (layout: docs/output.md) into pandas.

One call, ``load(path)``, opens the file once and returns a :class:`Results` holding every
table of every regime and replication as one DataFrame each. Columns are read with h5py
straight into preallocated numpy arrays, a block of rows at a time, so no Python object is
made per row and the peak memory is the final frames plus one block.
"""
from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass, field

import h5py
import numpy as np
import pandas as pd

FORMAT = "clearsim-results"
FORMAT_VERSION = 1

#: ``containers.vessel`` of a box-stream box (no vessel call).
NO_VESSEL = np.iinfo(np.uint64).max

#: Names of the bits of ``containers.checks`` (bit i = 2**i), as in docs/output.md; each
#: becomes a boolean column of ``Results.containers``.
CHECK_BITS = (
    "scanned",
    "customs_exam",
    "ciq_exam",
    "joint_exam",
    "document_check",
    "transit_check",
    "advance_declared",
    "missed_vessel",
)

#: Labels used when a file lacks an enum type and ``/labels`` for a field.
DEFAULT_LABELS = {
    "direction": ["import", "export", "rail_transit"],
    "cargo": ["general", "reefer", "hazardous", "food", "ecommerce"],
    "credit": ["advanced_certified", "general_certified", "ordinary", "discredited"],
    "channel": ["green", "yellow", "red"],
    "resource_kind": ["berth", "document_officers", "scanner", "bay", "customs_team", "ciq_team"],
    "measure": ["overall", "customs"],
}

TIME_FIELDS = (
    "arrival", "discharge", "declared", "accepted", "risk_assigned",
    "scan_move", "scan_queue", "scan_start", "scan_end",
    "customs_move", "customs_queue", "customs_start", "customs_end",
    "ciq_move", "ciq_queue", "ciq_start", "ciq_end",
    "released", "departed",
)

# The fields each table must have (docs/output.md) and the numpy kind they must be of
# ("u" unsigned, "i" signed, "f" float, "S" fixed string, "e" enum or unsigned code).
_TABLE_FIELDS = {
    "containers": dict(
        id="u", vessel="u", district="u", direction="e", cargo="e", credit="e", channel="e",
        checks="u", **{name: "f" for name in TIME_FIELDS}),
    "vessels": dict(id="u", service="u", district="u", discharged="u", loaded="u",
                    arrival="f", berthed="f", departed="f"),
    "resource_samples": dict(time="f", resource="u", capacity="u", busy="u", queue="u"),
    "summary": dict(direction="e", measure="e", count="u", mean="f", median="f", p90="f",
                    p95="f", max="f", inspection_rate="f"),
    "resources": dict(name="S", kind="e", capacity="i"),
}
# Which label list an enum field is decoded with.
_ENUM_LABELS = {"direction": "direction", "cargo": "cargo", "credit": "credit",
                "channel": "channel", "kind": "resource_kind", "measure": "measure"}

_BLOCK_ROWS = 1 << 20


class ResultsFileError(ValueError):
    """A file that cannot be read as a clearsim result file (the message names it)."""


@dataclass
class Results:
    """Everything in one result file. Times are hours since the start of the run."""

    path: str
    #: ``/provenance`` attributes (str, int, float) plus ``scenario_text``.
    provenance: dict
    #: Regimes in the order they were run (provenance ``regimes``); the first is the
    #: reference of a comparison. Also the category order of every ``regime`` column.
    regimes: list
    warmup_hours: float
    horizon_hours: float
    #: One row per container, all regimes and replications (see docs/output.md), plus
    #: ``regime``, ``replication``, decoded categoricals, the ``checks`` bits as boolean
    #: columns (CHECK_BITS), ``overall_h``, ``customs_h`` and ``after_warmup``.
    containers: pd.DataFrame
    vessels: pd.DataFrame
    #: Per regime: ``regime``, ``resource`` (row index), ``name``, ``kind``, ``capacity``.
    resources: pd.DataFrame
    #: ``time``, ``resource``, ``capacity``, ``busy``, ``queue`` plus ``regime``,
    #: ``replication``, ``name``, ``kind`` and ``utilisation = busy / capacity`` (NaN when
    #: the capacity is 0).
    resource_samples: pd.DataFrame
    #: The simulator's own per-replication statistics (``summary`` tables).
    summary: pd.DataFrame
    #: One row per (regime, replication) with the replication group's attributes.
    runs: pd.DataFrame
    #: Regime name -> description (``/runs/<regime>`` attribute).
    regime_descriptions: dict = field(default_factory=dict)
    #: ``/labels/*`` as lists of strings.
    labels: dict = field(default_factory=dict)
    format_version: int = FORMAT_VERSION

    @property
    def replications(self) -> list:
        """Replication numbers present in the file (sorted)."""
        return sorted(self.runs["replication"].unique().tolist())

    def counted(self, direction=None, regimes=None) -> pd.DataFrame:
        """Containers the statistics count: arrived after the warm-up and released.

        ``direction`` is a label (e.g. "import") or None for all; ``regimes`` a list of
        regime names or None for all.
        """
        c = self.containers
        mask = c["after_warmup"].to_numpy() & c["released"].notna().to_numpy()
        if direction is not None:
            check_label(self, "direction", direction)
            mask &= (c["direction"] == direction).to_numpy()
        if regimes is not None:
            mask &= c["regime"].isin(check_regimes(self, regimes)).to_numpy()
        return c[mask]

    def __repr__(self) -> str:
        return (f"Results({self.path!r}: regimes {self.regimes}, replications "
                f"{self.replications}, {len(self.containers):,} containers, "
                f"{len(self.vessels):,} vessel calls, {len(self.resource_samples):,} "
                f"resource samples)")


def check_label(results: Results, name: str, value: str) -> str:
    """Raises ValueError unless ``value`` is one of the labels of ``name``."""
    labels = results.labels.get(name) or DEFAULT_LABELS.get(name, [])
    if value not in labels:
        raise ValueError(f"unknown {name} {value!r}; the file has {labels}")
    return value


def check_regimes(results: Results, regimes) -> list:
    """The regimes asked for, in the order given; None means all, in file order."""
    if regimes is None:
        return list(results.regimes)
    if isinstance(regimes, str):
        regimes = [regimes]
    unknown = [r for r in regimes if r not in results.regimes]
    if unknown:
        raise ValueError(f"unknown regime(s) {unknown}; the file has {results.regimes}")
    return list(regimes)


# ---- small helpers ------------------------------------------------------------------------

def _py(value):
    """An HDF5 attribute value as a plain Python value (bytes decoded, numpy unwrapped)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, np.ndarray):
        if value.shape == () or value.size == 1:
            return _py(value.reshape(-1)[0] if value.size else None)
        return [_py(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return _py(value.item())
    return value


def _str(value) -> str:
    """A string value (bytes or str, fixed-length strings NUL-padded) as str."""
    value = _py(value)
    return value.rstrip("\x00") if isinstance(value, str) else str(value)


def _strings(dataset: h5py.Dataset) -> list:
    """A string dataset (variable or fixed length, scalar or 1-D) as a list of str."""
    data = dataset[()]
    if isinstance(data, np.ndarray):
        return [_str(v) for v in data.reshape(-1)]
    return [_str(data)]


def _string(dataset: h5py.Dataset) -> str:
    """A scalar string dataset as str (a 1-D one is joined)."""
    return "".join(_strings(dataset))


def _categorical(codes: np.ndarray, labels: list, values=None) -> pd.Categorical:
    """Integer codes -> Categorical. ``values`` are the code of each label (enum values);
    default 0..n-1. Codes that match no label become NaN."""
    codes = np.asarray(codes)
    if values is None:
        values = np.arange(len(labels))
    values = np.asarray(values, dtype=np.int64)
    if codes.size == 0:
        return pd.Categorical.from_codes(np.zeros(0, dtype=np.int8), categories=labels)
    top = int(max(codes.max(), values.max() if values.size else 0)) + 1
    lut = np.full(top, -1, dtype=np.int32)
    lut[values] = np.arange(len(values), dtype=np.int32)
    mapped = lut[codes.astype(np.int64)]
    if (mapped < 0).any():
        bad = np.unique(codes[mapped < 0])[:10].tolist()
        warnings.warn(f"codes {bad} have no label among {labels}; they read as NaN")
    return pd.Categorical.from_codes(mapped, categories=labels)


class _File:
    """The open file plus the path, so every error can name both."""

    def __init__(self, path: str, handle: h5py.File):
        self.path = path
        self.h = handle

    def error(self, what: str) -> ResultsFileError:
        return ResultsFileError(f"{self.path}: {what}")

    def get(self, name: str, kind=None):
        obj = self.h.get(name)
        if obj is None:
            raise self.error(f"{name} is missing: not a complete clearsim result file "
                             f"(layout: docs/output.md)")
        if kind is not None and not isinstance(obj, kind):
            raise self.error(f"{name} is not a {kind.__name__.lower()}")
        return obj

    def check_fields(self, dataset: h5py.Dataset, table: str) -> None:
        names = dataset.dtype.names or ()
        missing = [f for f in _TABLE_FIELDS[table] if f not in names]
        if missing:
            raise self.error(f"{dataset.name}: fields {missing} are missing "
                             f"(has {list(names)})")
        for name, kind in _TABLE_FIELDS[table].items():
            dt = dataset.dtype[name]
            ok = {"e": dt.kind in "ui", "u": dt.kind in "ui", "i": dt.kind in "ui",
                  "f": dt.kind == "f", "S": dt.kind in "SUO"}[kind]
            if not ok:
                raise self.error(f"{dataset.name}: field {name} has type {dt}, "
                                 f"expected {'float' if kind == 'f' else 'integer'}")

    def labels_for(self, name: str) -> list | None:
        obj = self.h.get(f"labels/{name}")
        return _strings(obj) if isinstance(obj, h5py.Dataset) else None


def _enum_labels(f: _File, dataset: h5py.Dataset, field_name: str, labels: dict):
    """(labels, values) for an enum field: from the HDF5 enum type, else ``/labels``."""
    mapping = h5py.check_enum_dtype(dataset.dtype[field_name])
    label_name = _ENUM_LABELS[field_name]
    if mapping:
        pairs = sorted(mapping.items(), key=lambda kv: kv[1])
        names = [_py(k) for k, _ in pairs]
        stored = labels.get(label_name)
        if stored is not None and stored != names:
            warnings.warn(f"{f.path}: enum type of {dataset.name}.{field_name} {names} "
                          f"differs from /labels/{label_name} {stored}; using the enum type")
        return names, [v for _, v in pairs]
    names = labels.get(label_name) or DEFAULT_LABELS[label_name]
    return names, None


def _read_columns(f: _File, parts: list, table: str):
    """Concatenates the compound datasets ``parts`` (list of (dataset, tag)) field by field
    into preallocated arrays. Returns (columns dict, tag index per row)."""
    for ds, _ in parts:
        f.check_fields(ds, table)
    sizes = [int(ds.shape[0]) if ds.shape else 0 for ds, _ in parts]
    total = sum(sizes)
    first = parts[0][0].dtype
    names = list(first.names)
    columns = {}
    for name in names:
        dt = first[name]
        columns[name] = np.empty(total, dtype=np.dtype(dt.str) if dt.kind != "O" else object)
    part_index = np.repeat(np.arange(len(parts), dtype=np.int32), sizes)
    offset = 0
    for (ds, _), n in zip(parts, sizes):
        for start in range(0, n, _BLOCK_ROWS):
            stop = min(n, start + _BLOCK_ROWS)
            block = ds[start:stop]
            for name in names:
                columns[name][offset + start:offset + stop] = block[name]
        offset += n
    return columns, part_index


def _tags_frame(parts_tags: list, part_index: np.ndarray, regimes: list) -> dict:
    """``regime`` (Categorical in file order) and ``replication`` columns per row."""
    regime_codes = np.array([regimes.index(t[0]) for t in parts_tags], dtype=np.int16)
    replications = np.array([t[1] for t in parts_tags], dtype=np.int64)
    if len(part_index) == 0:
        return {"regime": pd.Categorical([], categories=regimes),
                "replication": np.zeros(0, dtype=np.int64)}
    return {
        "regime": pd.Categorical.from_codes(regime_codes[part_index], categories=regimes),
        "replication": replications[part_index],
    }


def _empty_frame(table: str, regimes: list) -> pd.DataFrame:
    cols = {"regime": pd.Categorical([], categories=regimes),
            "replication": np.zeros(0, dtype=np.int64)}
    for name, kind in _TABLE_FIELDS[table].items():
        cols[name] = np.zeros(0, dtype={"f": float, "u": np.uint64, "i": np.int64,
                                        "e": np.uint8, "S": object}[kind])
    return pd.DataFrame(cols)


def _decode_enums(f, parts, columns, labels, fields):
    for name in fields:
        names, values = _enum_labels(f, parts[0][0], name, labels)
        columns[name] = _categorical(columns[name], names, values)


def _table(f: _File, parts: list, table: str, regimes: list, labels: dict,
           enum_fields=()) -> pd.DataFrame:
    if not parts:
        return _empty_frame(table, regimes)
    columns, part_index = _read_columns(f, parts, table)
    _decode_enums(f, parts, columns, labels, enum_fields)
    if "district" in columns:
        names = labels.get("district")
        codes = columns["district"]
        if names is None:
            names = [str(i) for i in range(int(codes.max()) + 1 if codes.size else 0)]
        elif codes.size and int(codes.max()) >= len(names):
            raise f.error(f"{table}: district code {int(codes.max())} but /labels/district "
                          f"has only {len(names)} names")
        columns["district"] = _categorical(codes, names)
    frame = pd.DataFrame(_tags_frame([t for _, t in parts], part_index, regimes))
    del part_index
    # column by column, dropping each array once it is in the frame: building the frame
    # from the whole dict would consolidate same-typed columns into one block, a copy of
    # the table
    for name in list(columns):
        frame[name] = columns.pop(name)
    return frame


# ---- the loader ---------------------------------------------------------------------------

def _temporary_files(path: str) -> list:
    """The temporary files of runs writing ``path``: .NAME.clearsim-XXXXXX.partial beside it
    (docs/output.md, "Writing rules")."""
    directory, name = os.path.split(path)
    pattern = re.compile(re.escape(f".{name}.clearsim-") + r"[A-Za-z0-9]{6}\.partial")
    try:
        entries = sorted(os.listdir(directory or "."))
    except OSError:
        return []
    return [os.path.join(directory, e) for e in entries if pattern.fullmatch(e)]


def _open(path: str) -> h5py.File:
    if not os.path.exists(path):
        hint = ""
        temporary = _temporary_files(path)
        if temporary:
            hint = (f" ({temporary[0]} exists: a run is still writing it, or was killed; "
                    f"a result file appears only when the run has finished)")
        raise ResultsFileError(f"{path}: no such file{hint}")
    if os.path.isdir(path):
        raise ResultsFileError(f"{path}: is a directory, not a clearsim result file")
    try:
        is_hdf5 = h5py.is_hdf5(path)
    except OSError as e:
        raise ResultsFileError(f"{path}: cannot be read: {e}") from None
    if not is_hdf5:
        raise ResultsFileError(f"{path}: not an HDF5 file, so not a clearsim result file")
    try:
        return h5py.File(path, "r")
    except OSError as e:
        raise ResultsFileError(f"{path}: cannot be opened as HDF5: {e}") from None


def _replication_groups(f: _File, regime_group: h5py.Group) -> list:
    """[(replication number, group)] sorted by number."""
    out = []
    for key, obj in regime_group.items():
        if not isinstance(obj, h5py.Group):
            continue
        m = re.fullmatch(r"replication_(\d+)", key)
        if not m:
            continue
        number = obj.attrs.get("replication")
        number = int(_py(number)) if number is not None else int(m.group(1))
        out.append((number, obj))
    out.sort(key=lambda t: t[0])
    return out


def load(path, regimes=None) -> Results:
    """Reads a clearsim result file (docs/output.md).

    ``regimes``: optional list of regime names to read (default all), to save memory.
    Raises :class:`ResultsFileError` (a ValueError) naming the path if the file is
    missing, is not HDF5, is not a clearsim result file, or lacks part of the layout.
    """
    path = os.fspath(path)
    with _open(path) as handle:
        f = _File(path, handle)
        fmt = _py(handle.attrs.get("format"))
        if fmt != FORMAT:
            found = "has no format attribute" if fmt is None else f"has format {fmt!r}"
            raise f.error(f"not a clearsim result file (the root {found}; "
                          f"expected {FORMAT!r})")
        version = _py(handle.attrs.get("format_version"))
        if version != FORMAT_VERSION:
            raise f.error(f"unsupported format_version {version!r} (this loader reads "
                          f"version {FORMAT_VERSION}); update analysis/clearsim_analysis")

        prov_group = f.get("provenance", h5py.Group)
        provenance = {k: _py(v) for k, v in prov_group.attrs.items()}
        provenance["scenario_text"] = _string(f.get("provenance/scenario_text", h5py.Dataset))

        labels = {}
        labels_group = handle.get("labels")
        if isinstance(labels_group, h5py.Group):
            for key, obj in labels_group.items():
                if isinstance(obj, h5py.Dataset):
                    labels[key] = _strings(obj)
        labels_checks = labels.get("checks")
        if labels_checks is not None:
            norm = [re.sub(r"[^0-9a-z]+", "_", s.strip().lower()) for s in labels_checks]
            if norm[:len(CHECK_BITS)] != list(CHECK_BITS)[:len(norm)]:
                warnings.warn(f"{path}: /labels/checks {labels_checks} differ from the "
                              f"documented bits {list(CHECK_BITS)}; columns use the latter")

        runs_group = f.get("runs", h5py.Group)
        by_name = {}
        for key, obj in runs_group.items():
            if isinstance(obj, h5py.Group):
                by_name[_py(obj.attrs.get("regime", key))] = obj
        listed = [r.strip() for r in str(provenance.get("regimes", "")).split(",") if r.strip()]
        missing = [r for r in listed if r not in by_name]
        if missing:
            raise f.error(f"provenance lists regimes {missing} that have no group under "
                          f"/runs (has {sorted(by_name)})")
        extra = [r for r in by_name if r not in listed]
        if extra:
            warnings.warn(f"{path}: /runs has regimes {extra} not listed in provenance "
                          f"'regimes'; they are put last")
        all_regimes = listed + extra
        if not all_regimes:
            raise f.error("no regime runs under /runs")
        if regimes is not None:
            if isinstance(regimes, str):
                regimes = [regimes]
            unknown = [r for r in regimes if r not in all_regimes]
            if unknown:
                raise f.error(f"unknown regime(s) {unknown}; the file has {all_regimes}")
            all_regimes = [r for r in all_regimes if r in regimes]

        tables = {"containers": [], "vessels": [], "resource_samples": [], "summary": []}
        resource_frames, runs_rows, descriptions = [], [], {}
        kind_names = None
        # per part of resource_samples: (name codes, kind codes) by resource row
        sample_maps = []
        all_names = []
        for regime in all_regimes:
            group = by_name[regime]
            descriptions[regime] = _py(group.attrs.get("description", ""))
            res_ds = f.get(f"{group.name}/resources", h5py.Dataset)
            f.check_fields(res_ds, "resources")
            res = res_ds[()]
            names = [_str(n) for n in res["name"]]
            k_names, k_values = _enum_labels(f, res_ds, "kind", labels)
            if kind_names is None:
                kind_names, kind_values = k_names, k_values
            kind_cat = _categorical(res["kind"], kind_names, kind_values)
            resource_frames.append(pd.DataFrame({
                "regime": regime, "resource": np.arange(len(res), dtype=np.uint32),
                "name": names, "kind": kind_cat,
                "capacity": res["capacity"].astype(np.int64)}))
            for n in names:
                if n not in all_names:
                    all_names.append(n)
            name_codes = np.array([all_names.index(n) for n in names], dtype=np.int32)
            kind_codes = np.asarray(kind_cat.codes, dtype=np.int32)

            reps = _replication_groups(f, group)
            if not reps:
                warnings.warn(f"{path}: regime {regime} has no replication groups")
            for number, rep in reps:
                attrs = {k: _py(v) for k, v in rep.attrs.items()}
                attrs.update(regime=regime, replication=number)
                runs_rows.append(attrs)
                for table in tables:
                    ds = f.get(f"{rep.name}/{table}", h5py.Dataset)
                    tables[table].append((ds, (regime, number)))
                sample_maps.append((name_codes, kind_codes))

        containers = _table(f, tables["containers"], "containers", all_regimes, labels,
                            ("direction", "cargo", "credit", "channel"))
        vessels = _table(f, tables["vessels"], "vessels", all_regimes, labels)
        summary = _table(f, tables["summary"], "summary", all_regimes, labels,
                         ("direction", "measure"))
        samples = _table(f, tables["resource_samples"], "resource_samples", all_regimes,
                         labels)
        # join the resource name and kind (per regime: resource = row of its resources)
        if len(samples):
            sizes = [int(ds.shape[0]) for ds, _ in tables["resource_samples"]]
            part = np.repeat(np.arange(len(sizes)), sizes)
            name_code = np.empty(len(samples), dtype=np.int32)
            kind_code = np.empty(len(samples), dtype=np.int32)
            idx = samples["resource"].to_numpy()
            for i, (names_by_row, kinds_by_row) in enumerate(sample_maps):
                sel = part == i
                rows = idx[sel]
                if rows.size and int(rows.max()) >= len(names_by_row):
                    ds, (regime, number) = tables["resource_samples"][i]
                    raise f.error(f"{ds.name}: resource index {int(rows.max())} but the "
                                  f"regime has {len(names_by_row)} resources")
                name_code[sel] = names_by_row[rows]
                kind_code[sel] = kinds_by_row[rows]
            samples["name"] = pd.Categorical.from_codes(name_code, categories=all_names)
            samples["kind"] = pd.Categorical.from_codes(
                kind_code, categories=kind_names or DEFAULT_LABELS["resource_kind"])
        else:
            samples["name"] = pd.Categorical([], categories=all_names)
            samples["kind"] = pd.Categorical(
                [], categories=kind_names or DEFAULT_LABELS["resource_kind"])
        cap = samples["capacity"].to_numpy().astype(np.float64)
        busy = samples["busy"].to_numpy().astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            samples["utilisation"] = np.where(cap > 0, busy / np.where(cap > 0, cap, 1), np.nan)

    resources = (pd.concat(resource_frames, ignore_index=True) if resource_frames
                 else _empty_frame("resources", all_regimes).drop(columns="replication"))
    resources["regime"] = pd.Categorical(resources["regime"], categories=all_regimes)
    runs = pd.DataFrame(runs_rows)
    if len(runs):
        runs["regime"] = pd.Categorical(runs["regime"], categories=all_regimes)
        runs = runs[["regime", "replication"] +
                    [c for c in runs.columns if c not in ("regime", "replication")]]
    else:
        runs = pd.DataFrame({"regime": pd.Categorical([], categories=all_regimes),
                             "replication": np.zeros(0, dtype=np.int64)})

    warmup = float(provenance.get("warmup_hours", np.nan))
    horizon = float(provenance.get("horizon_hours", np.nan))
    _derive_container_columns(containers, runs, warmup)

    return Results(
        path=path, provenance=provenance, regimes=all_regimes, warmup_hours=warmup,
        horizon_hours=horizon, containers=containers, vessels=vessels, resources=resources,
        resource_samples=samples, summary=summary, runs=runs,
        regime_descriptions=descriptions, labels=labels, format_version=int(version))


def _derive_container_columns(c: pd.DataFrame, runs: pd.DataFrame, warmup: float) -> None:
    """Adds the check-bit columns, overall_h, customs_h and after_warmup in place."""
    checks = c["checks"].to_numpy().astype(np.uint8)
    for bit, name in enumerate(CHECK_BITS):
        c[name] = (checks & np.uint8(1 << bit)) != 0
    released = c["released"].to_numpy()
    c["overall_h"] = released - c["arrival"].to_numpy()
    c["customs_h"] = released - c["declared"].to_numpy()
    # the warm-up of each replication (its attribute), else the provenance one
    limit = np.full(len(c), warmup, dtype=np.float64)
    if len(c) and "warmup_hours" in runs.columns:
        regime_codes = c["regime"].cat.codes.to_numpy()
        replication = c["replication"].to_numpy()
        categories = list(c["regime"].cat.categories)
        for regime, number, value in zip(runs["regime"], runs["replication"],
                                         runs["warmup_hours"]):
            if value is None or not np.isfinite(float(value)):
                continue
            mask = (regime_codes == categories.index(regime)) & (replication == number)
            limit[mask] = float(value)
    c["after_warmup"] = c["arrival"].to_numpy() >= limit
