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

# Field names, labels and units all come from the file (docs/output.md, "Tables"): each
# table carries attributes ``units`` and ``labels`` (one string per field), each /labels
# dataset an attribute ``coding``. Files written before clearsim recorded them name the
# label set of a coded field by the field's own name; of those sets only ``checks`` was a
# bit set, which is all this loader assumes of such files.
_BITS_BEFORE_CODING_ATTRIBUTE = {"checks"}

# The tables Results has attributes for; the file may hold more (Results.tables).
_REPLICATION_TABLES = ("containers", "vessels", "resource_samples", "summary")

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
    #: ``regime``, ``replication``, decoded categoricals, a boolean column per bit of
    #: ``checks`` (named by ``/labels/checks``), ``overall_h``, ``customs_h`` and
    #: ``after_warmup``.
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
    #: Every table of the replication groups by name, as read (the four above and any other
    #: the file holds), each with ``regime`` and ``replication`` columns.
    tables: dict = field(default_factory=dict)
    #: Table name -> {field: unit} from the file (``"h"``: hours; ``""``: none). Empty for
    #: a file written before clearsim recorded units.
    units: dict = field(default_factory=dict)
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
    """Raises ValueError unless ``value`` is one of the labels of ``name`` (``/labels``)."""
    labels = results.labels.get(name, [])
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
    """The open file plus the path, so every error can name both; and its /labels."""

    def __init__(self, path: str, handle: h5py.File):
        self.path = path
        self.h = handle
        self.labels = {}
        self.coding = {}
        group = handle.get("labels")
        if isinstance(group, h5py.Group):
            for key, obj in group.items():
                if isinstance(obj, h5py.Dataset):
                    self.labels[key] = _strings(obj)
                    coding = obj.attrs.get("coding")
                    self.coding[key] = (_str(coding) if coding is not None else
                                        "bits" if key in _BITS_BEFORE_CODING_ATTRIBUTE
                                        else "index")

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


def _field_attribute(dataset: h5py.Dataset, name: str) -> dict:
    """A per-field attribute (``units``, ``labels``) as {field: str}; {} if absent."""
    values = dataset.attrs.get(name)
    fields = dataset.dtype.names or ()
    if values is None:
        return {}
    values = [_str(v) for v in np.asarray(values).reshape(-1)]
    return dict(zip(fields, values)) if len(values) == len(fields) else {}


def _label_set(f: _File, dataset: h5py.Dataset, field_name: str):
    """The /labels name that codes ``field_name``, or None: the ``labels`` attribute, else
    (a file from before it) the label set of the field's own name."""
    named = _field_attribute(dataset, "labels")
    if named:
        return named.get(field_name) or None
    return field_name if field_name in f.labels else None


def _enum_labels(f: _File, dataset: h5py.Dataset, field_name: str, mapping: dict):
    """(labels, values) of an HDF5 enum field; warns if /labels disagrees with the type."""
    pairs = sorted(mapping.items(), key=lambda kv: kv[1])
    names = [_py(k) for k, _ in pairs]
    label_set = _label_set(f, dataset, field_name)
    stored = f.labels.get(label_set) if label_set else None
    if stored is not None and stored != names:
        warnings.warn(f"{f.path}: enum type of {dataset.name}.{field_name} {names} "
                      f"differs from /labels/{label_set} {stored}; using the enum type")
    return names, [v for _, v in pairs]


def _check_same_fields(f: _File, parts: list) -> list:
    """The field names of the tables ``parts``, which must all have the same ones."""
    names = list(parts[0][0].dtype.names or ())
    for ds, _ in parts:
        have = list(ds.dtype.names or ())
        missing = [n for n in names if n not in have]
        extra = [n for n in have if n not in names]
        if missing or extra:
            other = parts[0][0].name
            raise f.error(f"{ds.name}: fields {missing or extra} are "
                          f"{'missing' if missing else 'extra'} (has {have}; "
                          f"{other} has {names})")
    return names


def _read_columns(f: _File, parts: list):
    """Concatenates the compound datasets ``parts`` (list of (dataset, tag)) field by field
    into preallocated arrays. Returns (columns dict, tag index per row)."""
    names = _check_same_fields(f, parts)
    sizes = [int(ds.shape[0]) if ds.shape else 0 for ds, _ in parts]
    total = sum(sizes)
    first = parts[0][0].dtype
    columns = {}
    for name in names:
        dt = first[name]
        columns[name] = np.empty(total, dtype=np.dtype(dt.str) if dt.kind != "O" else object)
    part_index = np.repeat(np.arange(len(parts), dtype=np.int32), sizes)
    offset = 0
    for (ds, _), n in zip(parts, sizes):
        for start in range(0, n, _BLOCK_ROWS):
            stop = min(n, start + _BLOCK_ROWS)
            try:
                block = ds[start:stop]
            except OSError as e:
                raise f.error(f"{ds.name}: rows {start} to {stop - 1} cannot be read ({e}): "
                              f"the file is damaged") from None
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


def _decode(f: _File, dataset: h5py.Dataset, name: str, codes: np.ndarray):
    """A column as the file describes it: an enum or an index into /labels becomes a
    Categorical, a fixed-size string a str; returns (column, bit columns)."""
    mapping = h5py.check_enum_dtype(dataset.dtype[name])
    if mapping:
        names, values = _enum_labels(f, dataset, name, mapping)
        return _categorical(codes, names, values), {}
    if dataset.dtype[name].kind == "S":
        return np.array([_str(v) for v in codes], dtype=object), {}
    label_set = _label_set(f, dataset, name)
    if label_set is None:
        return codes, {}
    labels = f.labels.get(label_set)
    if labels is None:
        raise f.error(f"{dataset.name}.{name} is coded by /labels/{label_set}, which is missing")
    if f.coding.get(label_set) == "bits":
        return codes, {label: ((codes >> bit) & 1).astype(bool) for bit, label in enumerate(labels)}
    if codes.size and int(codes.max()) >= len(labels):
        raise f.error(f"{dataset.name}: {name} code {int(codes.max())} but /labels/{label_set} "
                      f"has only {len(labels)} names")
    return _categorical(codes, labels), {}


def _table(f: _File, parts: list, regimes: list) -> pd.DataFrame:
    """The datasets ``parts`` (list of (dataset, (regime, replication))) as one frame:
    ``regime``, ``replication``, every field decoded, then any bit columns."""
    columns, part_index = _read_columns(f, parts)
    frame = pd.DataFrame(_tags_frame([t for _, t in parts], part_index, regimes))
    del part_index
    bit_columns = {}
    # column by column, dropping each array once it is in the frame: building the frame
    # from the whole dict would consolidate same-typed columns into one block, a copy of
    # the table
    for name in list(columns):
        column, bits = _decode(f, parts[0][0], name, columns.pop(name))
        frame[name] = column
        bit_columns.update(bits)
    for name, column in bit_columns.items():
        if name in frame.columns:
            raise f.error(f"{parts[0][0].name}: bit {name!r} has the name of a field")
        frame[name] = column
    return frame


def _require(f: _File, frame: pd.DataFrame, table: str, names) -> None:
    missing = [n for n in names if n not in frame.columns]
    if missing:
        raise f.error(f"{table}: fields {missing} are missing (has {list(frame.columns)})")


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
    missing, is not HDF5, is not a clearsim result file, lacks part of the layout or
    cannot be read (a damaged chunk).
    """
    path = os.fspath(path)
    with _open(path) as handle:
        f = _File(path, handle)
        version = _check_format(f)
        provenance = {k: _py(v) for k, v in f.get("provenance", h5py.Group).attrs.items()}
        provenance["scenario_text"] = _string(f.get("provenance/scenario_text", h5py.Dataset))
        groups, all_regimes = _regime_groups(f, provenance, regimes)
        descriptions = {r: _py(g.attrs.get("description", "")) for r, g in groups.items()}
        resources = _resources(f, groups, all_regimes)
        parts, runs_rows = _replication_parts(f, groups, all_regimes)
        tables = {name: _table(f, p, all_regimes) for name, p in parts.items()}
        units = {name: _field_attribute(p[0][0], "units") for name, p in parts.items()}
        labels = dict(f.labels)

    runs = _runs_frame(runs_rows, all_regimes)
    _add_resource_columns(f, tables["resource_samples"], resources)
    warmup = float(provenance.get("warmup_hours", np.nan))
    horizon = float(provenance.get("horizon_hours", np.nan))
    _require(f, tables["containers"], "containers", ("arrival", "declared", "released"))
    _derive_container_columns(tables["containers"], runs, warmup)

    return Results(
        path=path, provenance=provenance, regimes=all_regimes, warmup_hours=warmup,
        horizon_hours=horizon, containers=tables["containers"], vessels=tables["vessels"],
        resources=resources, resource_samples=tables["resource_samples"],
        summary=tables["summary"], runs=runs, regime_descriptions=descriptions,
        labels=labels, tables=tables, units=units, format_version=int(version))


def _check_format(f: _File) -> int:
    """The format_version; raises unless the root says this is a result file we read."""
    fmt = _py(f.h.attrs.get("format"))
    if fmt != FORMAT:
        found = "has no format attribute" if fmt is None else f"has format {fmt!r}"
        raise f.error(f"not a clearsim result file (the root {found}; expected {FORMAT!r})")
    version = _py(f.h.attrs.get("format_version"))
    if version != FORMAT_VERSION:
        raise f.error(f"unsupported format_version {version!r} (this loader reads "
                      f"version {FORMAT_VERSION}); update analysis/clearsim_analysis")
    return version


def _regime_groups(f: _File, provenance: dict, wanted):
    """({regime: group}, regimes in order): provenance order, then any unlisted ones."""
    by_name = {}
    for key, obj in f.get("runs", h5py.Group).items():
        if isinstance(obj, h5py.Group):
            by_name[_py(obj.attrs.get("regime", key))] = obj
    listed = [r.strip() for r in str(provenance.get("regimes", "")).split(",") if r.strip()]
    missing = [r for r in listed if r not in by_name]
    if missing:
        raise f.error(f"provenance lists regimes {missing} that have no group under "
                      f"/runs (has {sorted(by_name)})")
    extra = [r for r in by_name if r not in listed]
    if extra:
        warnings.warn(f"{f.path}: /runs has regimes {extra} not listed in provenance "
                      f"'regimes'; they are put last")
    regimes = listed + extra
    if not regimes:
        raise f.error("no regime runs under /runs")
    if wanted is not None:
        wanted = [wanted] if isinstance(wanted, str) else list(wanted)
        unknown = [r for r in wanted if r not in regimes]
        if unknown:
            raise f.error(f"unknown regime(s) {unknown}; the file has {regimes}")
        regimes = [r for r in regimes if r in wanted]
    return {r: by_name[r] for r in regimes}, regimes


def _resources(f: _File, groups: dict, regimes: list) -> pd.DataFrame:
    """Every regime's ``resources`` table, with ``resource`` (its row number)."""
    parts = [(f.get(f"{group.name}/resources", h5py.Dataset), (regime, 0))
             for regime, group in groups.items()]
    frame = _table(f, parts, regimes).drop(columns="replication")
    _require(f, frame, "resources", ("name", "kind"))
    sizes = [int(ds.shape[0]) for ds, _ in parts]
    frame.insert(1, "resource", np.concatenate([np.arange(n, dtype=np.uint32) for n in sizes]))
    return frame


def _replication_parts(f: _File, groups: dict, regimes: list):
    """({table: [(dataset, (regime, replication))]}, attribute rows of the replication
    groups). Every replication group must hold every table any of them holds."""
    parts, owners, runs_rows = {}, [], []
    for regime in regimes:
        reps = _replication_groups(f, groups[regime])
        if not reps:
            warnings.warn(f"{f.path}: regime {regime} has no replication groups")
        for number, rep in reps:
            runs_rows.append({**{k: _py(v) for k, v in rep.attrs.items()},
                              "regime": regime, "replication": number})
            owners.append((rep, (regime, number)))
            for key, obj in rep.items():
                if isinstance(obj, h5py.Dataset) and obj.dtype.names:
                    parts.setdefault(key, [])
    if not owners:
        raise f.error("no replication groups under /runs")
    for name in _REPLICATION_TABLES:
        parts.setdefault(name, [])
    for name in parts:
        parts[name] = [(f.get(f"{rep.name}/{name}", h5py.Dataset), tag) for rep, tag in owners]
    return parts, runs_rows


def _runs_frame(rows: list, regimes: list) -> pd.DataFrame:
    runs = pd.DataFrame(rows)
    runs["regime"] = pd.Categorical(runs["regime"], categories=regimes)
    return runs[["regime", "replication"] +
                [c for c in runs.columns if c not in ("regime", "replication")]]


def _add_resource_columns(f: _File, samples: pd.DataFrame, resources: pd.DataFrame) -> None:
    """Adds ``name`` and ``kind`` of each sample's resource (a row of its regime's
    ``resources``) and ``utilisation = busy / capacity`` (NaN at capacity 0), in place."""
    _require(f, samples, "resource_samples", ("resource", "capacity", "busy"))
    names = pd.Index(pd.unique(resources["name"]))  # in order of first appearance
    name_code = np.full(len(samples), -1, dtype=np.int32)
    kind_code = np.full(len(samples), -1, dtype=np.int32)
    regime = samples["regime"].to_numpy()
    row = samples["resource"].to_numpy().astype(np.int64)
    for r, table in resources.groupby("regime", observed=True):
        sel = regime == r
        if sel.any() and int(row[sel].max()) >= len(table):
            raise f.error(f"resource_samples of {r}: resource index {int(row[sel].max())} but "
                          f"the regime has {len(table)} resources")
        name_code[sel] = names.get_indexer(table["name"].to_numpy())[row[sel]]
        kind_code[sel] = table["kind"].cat.codes.to_numpy()[row[sel]]
    samples["name"] = pd.Categorical.from_codes(name_code, categories=names)
    samples["kind"] = pd.Categorical.from_codes(kind_code,
                                                categories=resources["kind"].cat.categories)
    cap = samples["capacity"].to_numpy().astype(np.float64)
    busy = samples["busy"].to_numpy().astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        samples["utilisation"] = np.where(cap > 0, busy / np.where(cap > 0, cap, 1), np.nan)


def _derive_container_columns(c: pd.DataFrame, runs: pd.DataFrame, warmup: float) -> None:
    """Adds overall_h, customs_h and after_warmup in place."""
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
