"""Read a clearsim HDF5 result file (layout: docs/output.md) into pandas.

``load(path, ...)`` opens the file once and reads only what it is asked for: the tables,
the columns of each, the regimes, the replications, and the rows that pass its filters
(directions, field conditions, the counted population). Columns are read with h5py a
block of chunks at a time, only the fields asked for (and those the filters need), masked
block by block, so the peak memory is the result plus one block, never the whole table.

Nothing about the fields is written here: names, types, units, coded fields and their
labels, and the stages of the overall time all come from the file (docs/output.md,
"Tables").
"""
from __future__ import annotations

import os
import re
import warnings

import h5py
import numpy as np
import pandas as pd

FORMAT = "clearsim-results"
FORMAT_VERSION = 1

#: ``containers.vessel`` of a box-stream box (no vessel call).
NO_VESSEL = np.iinfo(np.uint64).max

#: ``columns`` entry that stands for every field the stage breakdown needs: ``arrival``
#: and the fields named by ``/labels/stage_end`` (which include ``released``).
STAGES = "stages"

# Columns load() derives from fields, and the fields each needs.
_DERIVED = {
    "overall_h": ("arrival", "released"),
    "customs_h": ("declared", "released"),
    "counted": ("arrival", "released"),
}

# Rows read at a time: a whole number of chunks (the writer's are 8,192 rows).
_BLOCK_CHUNKS = 16


class ResultsFileError(ValueError):
    """A file that cannot be read as a clearsim result file (the message names it)."""


class NotLoadedError(ValueError):
    """A table or column that the ``load()`` call did not read (the message says how)."""


class Results:
    """What ``load()`` read from one result file. Times are hours since the start of the run.

    Attributes: ``path``; ``provenance`` (the ``/provenance`` attributes plus
    ``scenario_text``); ``regimes`` (read, in the order run: the first is the reference of
    a comparison, and the category order of every ``regime`` column); ``warmup_hours``,
    ``horizon_hours``; ``runs`` (one row per replication read, with its group's
    attributes); ``resources`` (every regime's pools: ``regime``, ``resource`` = row number,
    the table's fields, and ``district_name``, ``agency_name`` decoded from
    ``/labels``); ``labels`` (``/labels/*`` as lists); ``coding`` (each label set's
    ``coding`` attribute); ``units`` ({table: {field: unit}}); ``tables`` ({name:
    DataFrame} of the replication tables read); ``regime_descriptions``; ``selection``
    (what the ``load()`` call asked for).

    ``containers``, ``exams``, ``vessels``, ``resource_samples``, ``summary`` and
    ``pool_use`` are the tables of that name; reading one that was not loaded raises :class:`NotLoadedError`.
    """

    def __init__(self, *, path, provenance, regimes, warmup_hours, horizon_hours, runs,
                 resources, labels, coding, units, tables, regime_descriptions, selection,
                 format_version=FORMAT_VERSION):
        self.path = path
        self.provenance = provenance
        self.regimes = regimes
        self.warmup_hours = warmup_hours
        self.horizon_hours = horizon_hours
        self.runs = runs
        self.resources = resources
        self.labels = labels
        self.coding = coding
        self.units = units
        self.tables = tables
        self.regime_descriptions = regime_descriptions
        self.selection = selection
        self.format_version = format_version

    def table(self, name: str) -> pd.DataFrame:
        """The replication table ``name``; NotLoadedError if this load() did not read it."""
        if name not in self.tables:
            raise NotLoadedError(
                f"{self.path}: table {name!r} was not read by this load(); read it with "
                f"load(path, tables=[..., {name!r}]) (read: {sorted(self.tables)})")
        return self.tables[name]

    containers = property(lambda self: self.table("containers"))
    exams = property(lambda self: self.table("exams"))
    vessels = property(lambda self: self.table("vessels"))
    resource_samples = property(lambda self: self.table("resource_samples"))
    summary = property(lambda self: self.table("summary"))
    pool_use = property(lambda self: self.table("pool_use"))

    @property
    def replications(self) -> list:
        """Replication numbers read (sorted)."""
        return sorted(self.runs["replication"].unique().tolist())

    def require(self, table: str, columns) -> pd.DataFrame:
        """The table, after checking it has ``columns``; NotLoadedError naming the load()
        that would read them otherwise."""
        frame = self.table(table)
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise NotLoadedError(
                f"{self.path}: {table} columns {missing} were not read by this load(); "
                f"add them to load(path, columns={{{table!r}: [...]}})")
        return frame

    def counted(self, direction=None, regimes=None, columns=None) -> pd.DataFrame:
        """The containers the statistics count (docs/output.md): released, and arrived at
        or after the warm-up and before the horizon of their replication. ``direction``: a
        label (e.g. "import") or None for all; ``regimes``: names, or None for all read;
        ``columns``: the columns to return (default all; fewer is faster and smaller, as
        the rows are copied)."""
        c = self.require("containers", ["counted", "regime", "direction"])
        if columns is not None:
            columns = list(dict.fromkeys(columns))
            self.require("containers", columns)
        mask = c["counted"].to_numpy()
        if direction is not None:
            check_label(self, "direction", direction)
            mask = mask & (c["direction"] == direction).to_numpy()
        if regimes is not None:
            mask = mask & c["regime"].isin(check_regimes(self, regimes)).to_numpy()
        if columns is None:
            return c[mask]
        return take(c, mask, columns)

    @property
    def stages(self) -> list:
        """[(stage, ending field)] from ``/labels/stage`` and ``/labels/stage_end``."""
        stages, ends = self.labels.get("stage"), self.labels.get("stage_end")
        if not stages or ends is None or len(ends) != len(stages):
            raise ResultsFileError(
                f"{self.path}: /labels/stage and /labels/stage_end are missing or of different "
                f"lengths: the file was written by a clearsim without the stage table")
        return list(zip(stages, ends))

    def __repr__(self) -> str:
        sizes = ", ".join(f"{len(t):,} {name}" for name, t in self.tables.items())
        return (f"Results({self.path!r}: regimes {self.regimes}, replications "
                f"{self.replications}; {sizes or 'no tables read'})")


def take(frame: pd.DataFrame, mask, columns) -> pd.DataFrame:
    """``frame.loc[mask, columns]``, column by column: pandas would copy every column's
    rows before choosing the columns."""
    index = frame.index[mask]
    return pd.DataFrame({c: frame[c].array[mask] for c in columns}, index=index)


def check_label(results: Results, name: str, value: str) -> str:
    """Raises ValueError unless ``value`` is one of the labels of ``name`` (``/labels``)."""
    labels = results.labels.get(name, [])
    if value not in labels:
        raise ValueError(f"unknown {name} {value!r}; the file has {labels}")
    return value


def check_regimes(results: Results, regimes) -> list:
    """The regimes asked for, in the order given; None means all read, in file order."""
    if regimes is None:
        return list(results.regimes)
    if isinstance(regimes, str):
        regimes = [regimes]
    unknown = [r for r in regimes if r not in results.regimes]
    if unknown:
        raise ValueError(f"unknown regime(s) {unknown}; read: {results.regimes}")
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


def _categorical(codes: np.ndarray, labels: list, values=None) -> pd.Categorical:
    """Integer codes -> Categorical. ``values`` are the code of each label (enum values);
    default 0..n-1. Codes that match no label become NaN (with a warning)."""
    codes = np.asarray(codes)
    values = np.arange(len(labels)) if values is None else np.asarray(values, dtype=np.int64)
    if codes.size == 0:
        return pd.Categorical.from_codes(np.zeros(0, dtype=np.int8), categories=labels)
    top = int(max(codes.max(), values.max() if values.size else 0)) + 1
    lut = np.full(top, -1, dtype=np.int16 if len(labels) < 32000 else np.int32)
    lut[values] = np.arange(len(values))
    mapped = lut[codes]
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
                    self.coding[key] = _str(obj.attrs.get("coding", ""))

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


def _field_attribute(f: _File, dataset: h5py.Dataset, name: str) -> dict:
    """A per-field attribute (``units``, ``labels``) as {field: str}."""
    values = dataset.attrs.get(name)
    fields = dataset.dtype.names or ()
    if values is None:
        raise f.error(f"{dataset.name} has no {name!r} attribute: written by a clearsim "
                      f"older than the field tables (docs/output.md); run it again")
    values = [_str(v) for v in np.asarray(values).reshape(-1)]
    if len(values) != len(fields):
        raise f.error(f"{dataset.name}: attribute {name!r} has {len(values)} strings for "
                      f"{len(fields)} fields")
    return dict(zip(fields, values))


class _Field:
    """How one field of a table is coded, from the file: ``kind`` is "enum" (an HDF5 enum),
    "index" (an index into /labels), "bits" (bit i means /labels[i]), "text" (a fixed-size
    string) or "number"."""

    def __init__(self, f: _File, dataset: h5py.Dataset, name: str, label_set: str):
        self.name = name
        self.dtype = dataset.dtype[name]
        self.label_set = label_set or None
        self.labels, self.values = None, None
        mapping = h5py.check_enum_dtype(self.dtype)
        if mapping:
            pairs = sorted(mapping.items(), key=lambda kv: kv[1])
            self.kind = "enum"
            self.labels = [_py(k) for k, _ in pairs]
            self.values = [int(v) for _, v in pairs]
            stored = f.labels.get(self.label_set) if self.label_set else None
            if stored is not None and stored != self.labels:
                warnings.warn(f"{f.path}: enum type of {dataset.name}.{name} {self.labels} "
                              f"differs from /labels/{self.label_set} {stored}; using the enum type")
        elif self.dtype.kind == "S":
            self.kind = "text"
        elif self.label_set:
            if self.label_set not in f.labels:
                raise f.error(f"{dataset.name}.{name} is coded by /labels/{self.label_set}, "
                              f"which is missing")
            self.labels = f.labels[self.label_set]
            self.kind = "bits" if f.coding.get(self.label_set) == "bits" else "index"
            self.values = list(range(len(self.labels)))
        else:
            self.kind = "number"
        self.bit_names = {}  # label -> column name, set by _fields()

    def code_of(self, label, where: str):
        if self.labels is None or label not in self.labels:
            raise ValueError(f"{where}: {label!r} is not one of {self.labels}")
        return self.values[self.labels.index(label)]

    @property
    def numpy_dtype(self):
        return np.dtype(object) if self.kind == "text" else np.dtype(self.dtype.str)


def _fields(f: _File, dataset: h5py.Dataset) -> dict:
    """{field: _Field} of a compound dataset, in order. The bit columns of a bits field are
    named by its labels, prefixed with the field's name when another field of the table
    uses the same label set (``selected_customs``, ``opened_by_customs``)."""
    coded_by = _field_attribute(f, dataset, "labels")
    _field_attribute(f, dataset, "units")
    fields = {name: _Field(f, dataset, name, coded_by.get(name, "")) for name in dataset.dtype.names}
    sets = [fd.label_set for fd in fields.values() if fd.kind == "bits"]
    for fd in fields.values():
        if fd.kind == "bits":
            shared = sets.count(fd.label_set) > 1
            fd.bit_names = {label: f"{fd.name}_{label}" if shared else label
                            for label in fd.labels}
            clash = [n for n in fd.bit_names.values() if n in fields]
            if clash:
                raise f.error(f"{dataset.name}: bit {clash[0]!r} has the name of a field")
    return fields


# ---- opening ------------------------------------------------------------------------------

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
        # a chunk cache per dataset that holds a chunk (one of containers is ~1.2 MB,
        # above HDF5's default 1 MB cache)
        return h5py.File(path, "r", rdcc_nbytes=4 << 20, rdcc_nslots=521)
    except OSError as e:
        raise ResultsFileError(f"{path}: cannot be opened as HDF5: {e}") from None


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


def _replication_groups(f: _File, regime_group: h5py.Group) -> list:
    """[(replication number, group)] sorted by number."""
    out = []
    for key, obj in regime_group.items():
        m = re.fullmatch(r"replication_(\d+)", key)
        if not m or not isinstance(obj, h5py.Group):
            continue
        number = obj.attrs.get("replication")
        out.append((int(_py(number)) if number is not None else int(m.group(1)), obj))
    out.sort(key=lambda t: t[0])
    return out


# ---- what to read -------------------------------------------------------------------------

def _as_list(value, what):
    if value is None:
        return None
    if isinstance(value, (str, int, np.integer)):
        return [value]
    try:
        return list(value)
    except TypeError:
        raise ValueError(f"{what}: expected a list, got {value!r}") from None


def _wanted_fields(f: _File, table: str, fields: dict, asked, stage_ends: list) -> list:
    """The fields of ``table`` to keep, in file order, for the ``columns`` entry ``asked``
    (None: all). An entry is a field, a bit label of a bits field, a derived column
    (overall_h, customs_h, counted) or STAGES."""
    if asked is None:
        return list(fields)
    keep = set()
    bit_owner = {name: fd.name for fd in fields.values() for name in fd.bit_names.values()}
    for name in asked:
        if name in fields:
            keep.add(name)
        elif name in bit_owner:
            keep.add(bit_owner[name])
        elif table == "containers" and name in _DERIVED:
            keep.update(_DERIVED[name])
        elif table == "containers" and name == STAGES:
            keep.update(["arrival", *stage_ends])
        elif name in ("regime", "replication"):
            continue
        else:
            raise ValueError(f"{f.path}: {table} has no column {name!r}; its fields are "
                             f"{list(fields)}" + (f", bits {list(bit_owner)}" if bit_owner else "")
                             + (f", derived {list(_DERIVED)} and {STAGES!r}"
                                if table == "containers" else ""))
    missing = [n for n in keep if n not in fields]
    if missing:
        raise f.error(f"{table}: fields {missing} are missing (has {list(fields)})")
    return [n for n in fields if n in keep]


def _conditions(f: _File, fields: dict, where: dict, directions) -> list:
    """The row filters of ``containers`` as [(field, test(raw column) -> bool mask)]."""
    tests = []
    if directions is not None:
        fd = fields.get("direction")
        if fd is None:
            raise f.error("containers has no direction field")
        codes = [fd.code_of(d, "directions") for d in directions]
        tests.append(("direction", lambda x, codes=codes: np.isin(x, codes)))
    bit_owner = {name: (fd, fd.bit_names) for fd in fields.values()
                 for name in fd.bit_names.values()}
    for name, condition in (where or {}).items():
        if name in bit_owner:
            fd, names = bit_owner[name]
            bit = list(names.values()).index(name)
            if not isinstance(condition, (bool, np.bool_)):
                raise ValueError(f"where[{name!r}]: a bit takes True or False, got {condition!r}")
            tests.append((fd.name, lambda x, bit=bit, want=bool(condition):
                          ((x.astype(np.uint64) >> np.uint64(bit)) & np.uint64(1)).astype(bool) == want))
            continue
        fd = fields.get(name)
        if fd is None:
            raise ValueError(f"where: containers has no field or bit {name!r} (fields "
                             f"{list(fields)}, bits {list(bit_owner)})")
        if fd.kind in ("enum", "index"):
            labels = [condition] if isinstance(condition, str) else list(condition)
            codes = [fd.code_of(v, f"where[{name!r}]") for v in labels]
            tests.append((name, lambda x, codes=codes: np.isin(x, codes)))
        elif fd.kind == "number" and isinstance(condition, tuple) and len(condition) == 2:
            lo, hi = condition  # [lo, hi); None for no bound

            def test(x, lo=lo, hi=hi):
                ok = np.ones(x.shape, dtype=bool)
                if lo is not None:
                    ok &= x >= lo
                if hi is not None:
                    ok &= x < hi
                return ok
            tests.append((name, test))
        elif fd.kind == "number":
            values = _as_list(condition, f"where[{name!r}]")
            tests.append((name, lambda x, values=values: np.isin(x, values)))
        else:
            raise ValueError(f"where[{name!r}]: a {fd.kind} field cannot be filtered")
    return tests


# ---- reading ------------------------------------------------------------------------------

def _read(f: _File, parts: list, fields: dict, keep: list, row_filter=None):
    """Reads the fields ``keep`` of the compound datasets ``parts`` ([(path, tag)]) a
    block of chunks at a time. ``row_filter(tag, block) -> bool mask`` reads the fields it
    needs (``row_filter.fields``) from ``block``; those are read too. Without a filter the
    columns are preallocated and filled in place; with one, the kept rows of each block
    are gathered and joined column by column. Returns ({field: array}, rows kept per part).
    """
    read = list(keep)
    if row_filter is not None:
        read += [n for n in row_filter.fields if n not in read]
    # each dataset is opened in turn and closed after (which frees its chunk cache)
    sizes = [int(f.h[name].shape[0]) if f.h[name].shape else 0 for name, _ in parts]
    if row_filter is None:
        columns = {name: np.empty(sum(sizes), dtype=fields[name].numpy_dtype) for name in keep}
    else:
        blocks = {name: [] for name in keep}
    kept, offset = [], 0
    for (dataset_name, tag), n in zip(parts, sizes):
        ds = f.h[dataset_name]
        step = (ds.chunks[0] if ds.chunks else 8192) * _BLOCK_CHUNKS
        count = 0
        for start in range(0, n, step):
            stop = min(n, start + step)
            if not read:
                count += stop - start
                continue
            try:
                block = ds.fields(read)[start:stop]
            except OSError as e:
                raise f.error(f"{ds.name}: rows {start} to {stop - 1} cannot be read ({e}): "
                              f"the file is damaged") from None
            if row_filter is None:
                for name in keep:
                    columns[name][offset + start:offset + stop] = block[name]
                count += stop - start
            else:
                mask = row_filter(tag, block)
                for name in keep:
                    blocks[name].append(block[name][mask])
                count += int(mask.sum())
            del block
        del ds
        kept.append(count)
        offset += n
    if row_filter is not None:
        columns = {}
        for name in keep:
            pieces = blocks.pop(name)
            columns[name] = (np.concatenate(pieces) if pieces
                             else np.zeros(0, dtype=fields[name].numpy_dtype))
            del pieces
    return columns, kept


class _RowFilter:
    """A row filter over raw blocks: the ``fields`` it reads; ``filter(tag, block)`` gives
    the rows to keep of a block of the part ``tag``."""

    def __init__(self, fields, test):
        self.fields = list(dict.fromkeys(fields))
        self.test = test

    def __call__(self, tag, block):
        return self.test(tag, block)


def _frame(f: _File, table: str, fields: dict, columns: dict, kept: list, tags: list,
           regimes: list) -> pd.DataFrame:
    """``regime``, ``replication``, then every column decoded as the file describes it, then
    the bit columns."""
    part_index = np.repeat(np.arange(len(tags)), kept)
    regime_codes = np.array([regimes.index(t[0]) for t in tags], dtype=np.int8)
    frame = pd.DataFrame({
        "regime": pd.Categorical.from_codes(regime_codes[part_index] if len(tags) else
                                            np.zeros(0, np.int8), categories=regimes),
        "replication": np.array([t[1] for t in tags], dtype=np.int64)[part_index]
        if len(tags) else np.zeros(0, np.int64),
    })
    del part_index
    bits = {}
    # column by column, dropping each array once it is in the frame: building the frame
    # from a dict of arrays would consolidate same-typed columns into one copy
    for name in list(columns):
        raw = columns.pop(name)
        fd = fields[name]
        if fd.kind in ("enum", "index"):
            if fd.kind == "index" and raw.size and int(raw.max()) >= len(fd.labels):
                raise f.error(f"{table}: {name} code {int(raw.max())} but "
                              f"/labels/{fd.label_set} has only {len(fd.labels)} names")
            frame[name] = _categorical(raw, fd.labels, fd.values)
        elif fd.kind == "text":
            frame[name] = np.array([_str(v) for v in raw], dtype=object)
        else:
            frame[name] = raw
        if fd.kind == "bits":
            for bit, column in enumerate(fd.bit_names.values()):
                bits[column] = ((raw >> bit) & 1).astype(bool)
    for name, column in bits.items():
        frame[name] = column
    return frame


def load(path, *, tables=None, columns=None, regimes=None, replications=None,
         directions=None, where=None, counted=False) -> Results:
    """Reads a clearsim result file (docs/output.md), only as much of it as asked.

    tables:       replication tables to read (``containers``, ``exams``, ``vessels``,
                  ``resource_samples``, ``summary``, ``pool_use``, any other the file has);
                  default all (those the file's ``--record`` level wrote). ``summary`` and
                  ``pool_use`` are read from their /flat table when the file has one.
                  ``runs`` and every regime's ``resources`` are always read (they are small).
    columns:      the columns to read: a list (of ``containers``) or {table: list}; a table
                  left out is read whole. An entry is a field, a bit name (reads its field
                  and all its bits), ``overall_h``, ``customs_h``, ``counted`` (each reads
                  the fields it is derived from) or ``"stages"`` (``arrival`` and every
                  field of ``/labels/stage_end``).
    regimes:      regime names (default all); replications: replication numbers.
    directions:   direction labels: only those rows of ``containers`` and ``summary``.
    where:        {field: condition} on ``containers`` rows: a label or list of labels
                  for a coded field, True/False for a bit, (low, high) for [low, high) on
                  a number (None: unbounded), a value or list of values otherwise.
    counted:      only the containers the statistics count (released, arrived in
                  [warm-up, horizon) of their replication).

    When ``containers`` rows are filtered, ``exams`` holds only the exams of the boxes
    kept. Derived ``containers`` columns, when their fields are read: ``overall_h =
    released - arrival``, ``customs_h = released - declared``, ``counted``; a bits field
    adds one boolean column per bit.

    Raises :class:`ResultsFileError` (a ValueError) naming the path if the file is
    missing, is not a clearsim result file, lacks part of the layout or cannot be read (a
    damaged chunk); ValueError for a request the file cannot answer.
    """
    path = os.fspath(path)
    selection = dict(tables=tables, columns=columns, regimes=regimes,
                     replications=replications, directions=directions, where=where,
                     counted=counted)
    with _open(path) as handle:
        f = _File(path, handle)
        version = _check_format(f)
        provenance = {k: _py(v) for k, v in f.get("provenance", h5py.Group).attrs.items()}
        provenance["scenario_text"] = "".join(
            _strings(f.get("provenance/scenario_text", h5py.Dataset)))
        groups, regime_names = _regime_groups(f, provenance, regimes)
        descriptions = {r: _py(g.attrs.get("description", "")) for r, g in groups.items()}
        resources, resource_units = _resources(f, groups, regime_names)
        owners, runs = _replications(f, groups, regime_names, replications)
        available = _table_names(owners)
        names = available if tables is None else _as_list(tables, "tables")
        unknown = [t for t in names if t not in available]
        if unknown:
            record = provenance.get("record", "boxes")
            hint = (f"; the file was written with --record {record}, which leaves them out "
                    f"(docs/output.md): run again with --record boxes"
                    if record != "boxes" else "")
            raise ValueError(f"{path}: no table(s) {unknown} in the replication groups "
                             f"(has {available}){hint}")
        if isinstance(columns, dict):
            bad = [t for t in columns if t not in names]
            if bad:
                raise ValueError(f"{path}: columns given for table(s) {bad} that are not read "
                                 f"(tables: {names})")
            asked = columns
        else:
            asked = {} if columns is None else {"containers": _as_list(columns, "columns")}
        directions = _as_list(directions, "directions")
        stage_ends = f.labels.get("stage_end", [])
        if asked.get("containers") and STAGES in asked["containers"] and not stage_ends:
            raise f.error("/labels/stage_end is missing: the file has no stage table")

        out, units = {}, {}
        kept_boxes = None  # {tag: sorted ids} of the containers kept, when filtered
        order = sorted(names, key=lambda t: t != "containers")  # containers first
        for name in order:
            if name in _FLAT and isinstance(f.h.get(f"flat/{name}"), h5py.Dataset):
                out[name], units[name] = _read_flat(f, name, asked.get(name), regime_names,
                                                    owners, directions, stage_ends)
                continue
            parts = [(f.get(f"{rep.name}/{name}", h5py.Dataset), tag) for rep, tag in owners]
            fields = _fields(f, parts[0][0])
            _check_same_fields(f, parts)
            units[name] = _field_attribute(f, parts[0][0], "units")
            keep = _wanted_fields(f, name, fields, asked.get(name), stage_ends)
            row_filter = None
            if name == "containers":
                row_filter = _ContainersFilter(f, fields, runs, where, directions, counted,
                                               keep_ids="exams" in names)
                row_filter = row_filter if row_filter.active else None
            elif name == "summary" and directions is not None and "direction" in fields:
                codes = [fields["direction"].code_of(d, "directions") for d in directions]
                row_filter = _RowFilter(["direction"],
                                        lambda tag, b: np.isin(b["direction"], codes))
            elif name == "exams" and kept_boxes is not None and "box" in fields:
                row_filter = _RowFilter(["box"], lambda tag, b: np.isin(
                    b["box"], kept_boxes.get(tag, np.zeros(0, np.uint64))))
            parts = [(ds.name, tag) for ds, tag in parts]
            columns_read, kept = _read(f, parts, fields, keep, row_filter)
            if name == "containers" and row_filter is not None and row_filter.kept is not None:
                kept_boxes = row_filter.ids()
            out[name] = _frame(f, name, fields, columns_read, kept, [t for _, t in owners],
                               regime_names)
        labels, coding = dict(f.labels), dict(f.coding)

    units["resources"] = resource_units
    warmup = float(provenance.get("warmup_hours", np.nan))
    horizon = float(provenance.get("horizon_hours", np.nan))
    if "containers" in out:
        _derive_container_columns(out["containers"], runs, warmup, horizon)
    if "resource_samples" in out:
        _add_resource_columns(f, out["resource_samples"], resources)
    return Results(path=path, provenance=provenance, regimes=regime_names, warmup_hours=warmup,
                   horizon_hours=horizon, runs=runs, resources=resources, labels=labels,
                   coding=coding, units=units, tables=out, regime_descriptions=descriptions,
                   selection=selection, format_version=int(version))


#: Tables read from their /flat copy (one dataset, `regime` and `replication` columns) when
#: the file has one; the record tables are read from the replication groups, where their
#: rows are stored (their /flat datasets are virtual views of the same rows).
_FLAT = ("summary", "pool_use")


def _read_flat(f: _File, name: str, asked, regimes: list, owners: list, directions,
               stage_ends) -> tuple:
    """(frame, units) of /flat/NAME: the rows of the regimes and replications read (and,
    for summary, the directions asked), only the columns asked; the same frame as the
    replication tables stacked."""
    ds = f.get(f"flat/{name}", h5py.Dataset)
    fields = _fields(f, ds)
    for key in ("regime", "replication"):
        if key not in fields:
            raise f.error(f"{ds.name} has no {key!r} field")
    file_regimes = fields["regime"].labels or []
    own = {k: v for k, v in fields.items() if k not in ("regime", "replication")}
    keep = _wanted_fields(f, name, own, asked, stage_ends)
    wanted = {(file_regimes.index(r), n) for _, (r, n) in owners if r in file_regimes}
    codes = np.array(sorted(wanted), dtype=np.int64).reshape(-1, 2)
    need = ["regime", "replication"]
    tests = []
    if directions is not None and name == "summary" and "direction" in own:
        direction_codes = [own["direction"].code_of(d, "directions") for d in directions]
        need.append("direction")
        tests.append(lambda b: np.isin(b["direction"], direction_codes))

    def select(tag, block):
        key = block["regime"].astype(np.int64) * (1 << 32) + block["replication"].astype(np.int64)
        mask = np.isin(key, codes[:, 0] * (1 << 32) + codes[:, 1])
        for test in tests:
            mask &= test(block)
        return mask

    columns, kept = _read(f, [(ds.name, None)], fields, ["regime", "replication", *keep],
                          _RowFilter(need, select))
    regime_codes = columns.pop("regime").astype(np.int64)
    replication = columns.pop("replication").astype(np.int64)
    frame = _frame(f, name, own, columns, kept, [(regimes[0], 0)], regimes)
    names = np.array(file_regimes, dtype=object)[regime_codes] if len(regime_codes) else []
    frame["regime"] = pd.Categorical(names, categories=regimes)
    frame["replication"] = replication
    units = _field_attribute(f, ds, "units")
    return frame, {k: v for k, v in units.items() if k in own}


def _check_same_fields(f: _File, parts: list) -> None:
    names = list(parts[0][0].dtype.names or ())
    for ds, _ in parts:
        have = list(ds.dtype.names or ())
        if have != names:
            raise f.error(f"{ds.name}: fields {have} differ from {parts[0][0].name}'s {names}")


def _table_names(owners: list) -> list:
    """The compound tables of the replication groups, in the order first seen; every
    replication group must hold every one."""
    names = []
    for rep, _ in owners:
        for key, obj in rep.items():
            if isinstance(obj, h5py.Dataset) and obj.dtype.names and key not in names:
                names.append(key)
    return names


def _replications(f: _File, groups: dict, regimes: list, wanted):
    """([(group, (regime, replication))], runs frame) of the replications asked for."""
    wanted = _as_list(wanted, "replications")
    owners, rows = [], []
    for regime in regimes:
        reps = _replication_groups(f, groups[regime])
        if not reps:
            warnings.warn(f"{f.path}: regime {regime} has no replication groups")
        if wanted is not None:
            have = [n for n, _ in reps]
            unknown = [r for r in wanted if r not in have]
            if unknown:
                raise f.error(f"regime {regime} has no replication(s) {unknown} (has {have})")
            reps = [(n, g) for n, g in reps if n in wanted]
        for number, rep in reps:
            rows.append({"regime": regime, "replication": number,
                         **{k: _py(v) for k, v in rep.attrs.items()
                            if k not in ("regime", "replication")}})
            owners.append((rep, (regime, number)))
    if not owners:
        raise f.error("no replication groups under /runs")
    runs = pd.DataFrame(rows)
    runs["regime"] = pd.Categorical(runs["regime"], categories=regimes)
    return owners, runs


class _ContainersFilter(_RowFilter):
    """The row filter of ``containers``: field conditions, directions, the counted
    population. With ``keep_ids`` it collects the ids of the rows kept, per part
    (``ids()``), to select the exams of those boxes."""

    def __init__(self, f: _File, fields: dict, runs: pd.DataFrame, where, directions,
                 counted: bool, keep_ids: bool):
        self.tests = _conditions(f, fields, where, directions)
        self.limits = ({(r["regime"], r["replication"]): _run_limits(r, f)
                        for r in runs.to_dict("records")} if counted else None)
        self.kept = {} if keep_ids else None
        need = [name for name, _ in self.tests]
        need += ["arrival", "released"] if counted else []
        need += ["id"] if keep_ids else []
        super().__init__(need, self._test)

    @property
    def active(self) -> bool:
        return bool(self.tests) or self.limits is not None

    def _test(self, tag, block):
        mask = np.ones(len(block), dtype=bool)
        for name, test in self.tests:
            mask &= test(block[name])
        if self.limits is not None:
            warmup, horizon = self.limits[tag]
            arrival = block["arrival"]
            mask &= (arrival >= warmup) & (arrival < horizon) & ~np.isnan(block["released"])
        if self.kept is not None:
            self.kept.setdefault(tag, []).append(block["id"][mask])
        return mask

    def ids(self) -> dict:
        return {tag: np.concatenate(blocks) for tag, blocks in self.kept.items()}


def _run_limits(run: dict, f: _File):
    """(warm-up, horizon) of one replication: its attributes (docs/output.md)."""
    try:
        return float(run["warmup_hours"]), float(run["horizon_hours"])
    except (KeyError, TypeError, ValueError):
        raise f.error(f"replication {run.get('replication')} of {run.get('regime')} lacks the "
                      f"warmup_hours / horizon_hours attributes") from None


def _resources(f: _File, groups: dict, regimes: list):
    """Every regime's ``resources`` table with ``resource`` (its row number) and the
    district and agency named from /labels (NaN for -1: port-wide, shared)."""
    parts = [(f.get(f"{group.name}/resources", h5py.Dataset), (regime, 0))
             for regime, group in groups.items()]
    fields = _fields(f, parts[0][0])
    _check_same_fields(f, parts)
    units = _field_attribute(f, parts[0][0], "units")
    columns, kept = _read(f, [(ds.name, tag) for ds, tag in parts], fields, list(fields))
    frame = _frame(f, "resources", fields, columns, kept, [t for _, t in parts], regimes)
    frame = frame.drop(columns="replication")
    for name in ("name", "kind"):
        if name not in frame.columns:
            raise f.error(f"resources: field {name!r} is missing")
    frame.insert(1, "resource", np.concatenate([np.arange(n, dtype=np.int64) for n in kept]))
    for column in ("district_name", "site_name", "agency_name"):
        if column in frame.columns:  # names stored in the file: "" is none (NaN here)
            frame[column] = pd.Categorical(frame[column].replace("", np.nan))
    for column, label_set in (("district", "district"), ("agency", "agency")):
        if f"{column}_name" in frame.columns:  # the file names them (clearsim >= pool labels)
            continue
        if column in frame.columns and label_set in f.labels:
            labels = f.labels[label_set]
            codes = frame[column].to_numpy().astype(np.int64)
            codes = np.where((codes >= 0) & (codes < len(labels)), codes, -1)
            frame[f"{column}_name"] = pd.Categorical.from_codes(codes, categories=labels)
    return frame, units


def _add_resource_columns(f: _File, samples: pd.DataFrame, resources: pd.DataFrame) -> None:
    """Adds ``name`` and ``kind`` of each sample's pool (a row of its regime's
    ``resources``) and ``utilisation = busy / capacity`` (NaN at capacity 0), in place."""
    for name in ("resource", "capacity", "busy"):
        if name not in samples.columns:
            return
    names = pd.Index(pd.unique(resources["name"]))  # in order of first appearance
    name_code = np.full(len(samples), -1, dtype=np.int32)
    kind_code = np.full(len(samples), -1, dtype=np.int32)
    regime = samples["regime"].cat.codes.to_numpy()
    row = samples["resource"].to_numpy().astype(np.int64)
    categories = list(samples["regime"].cat.categories)
    for r, table in resources.groupby("regime", observed=True):
        sel = regime == categories.index(r)
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


def _derive_container_columns(c: pd.DataFrame, runs: pd.DataFrame, warmup: float,
                              horizon: float) -> None:
    """Adds overall_h, customs_h and counted in place, for the fields read."""
    if "released" not in c.columns:
        return
    released = c["released"].to_numpy()
    if "arrival" in c.columns:
        c["overall_h"] = released - c["arrival"].to_numpy()
    if "declared" in c.columns:
        c["customs_h"] = released - c["declared"].to_numpy()
    if "arrival" not in c.columns:
        return
    # each replication's own warm-up and horizon (its attributes), else the provenance's
    low = np.full(len(c), warmup, dtype=np.float64)
    high = np.full(len(c), horizon, dtype=np.float64)
    codes = c["regime"].cat.codes.to_numpy()
    replication = c["replication"].to_numpy()
    categories = list(c["regime"].cat.categories)
    for run in runs.to_dict("records"):
        mask = (codes == categories.index(run["regime"])) & (replication == run["replication"])
        for target, key in ((low, "warmup_hours"), (high, "horizon_hours")):
            value = run.get(key)
            if value is not None and np.isfinite(float(value)):
                target[mask] = float(value)
    arrival = c["arrival"].to_numpy()
    c["counted"] = (arrival >= low) & (arrival < high) & ~np.isnan(released)
