"""The loader: the file's layout decoded as the file describes it, only what is asked read,
and clear errors."""
import os
import warnings

import h5py
import numpy as np
import pandas as pd
import pytest

from clearsim_analysis import NO_VESSEL, STAGES, NotLoadedError, ResultsFileError, load
from tests import synthetic as synth


# ---- layout and decoding ------------------------------------------------------------------

def test_regimes_provenance_runs(synthetic):
    r = synthetic
    assert r.regimes == ["baseline", "reform"]
    assert (r.warmup_hours, r.horizon_hours) == (synth.WARMUP, synth.HORIZON)
    p = r.provenance
    assert p["scenario_text"] == synth.SCENARIO_TEXT
    assert p["seed"] == 7 and isinstance(p["seed"], int)
    assert (p["replications"], p["regimes"], p["sample_interval_hours"]) == (2, "baseline,reform", 6.0)
    for key in ("program", "command_line", "created_utc", "scenario_name", "scenario_file",
                "scenario_sha256"):
        assert isinstance(p[key], str), key
    assert r.replications == [0, 1]
    assert len(r.runs) == 4
    assert list(r.runs["regime"].cat.categories) == r.regimes
    assert r.regime_descriptions["baseline"] == "2017 practice"
    assert r.labels["district"] == synth.DISTRICTS
    assert f"{len(r.containers):,} containers" in repr(r)


def test_every_field_of_the_field_tables_is_read(synthetic):
    tables, _, _ = synth.layout()
    for table, fields in tables.items():
        if table == "flat/parts":
            continue
        if table.startswith("flat/"):  # regime (and replication), then the table's own fields
            own = [f.name for f in tables[table[len("flat/"):]]]
            keys = ["regime", "replication"] if table != "flat/resources" else ["regime"]
            assert [f.name for f in fields] == keys + own, table
            continue
        if table == "resources":
            frame = synthetic.resources
        else:
            frame = synthetic.table(table)
        for f in fields:
            assert f.name in frame.columns, (table, f.name)
        assert synthetic.units[table] == {f.name: f.unit for f in fields}, table


def test_coded_fields_are_decoded_from_the_file(synthetic):
    c = synthetic.containers
    tables, _, _ = synth.layout()
    for f in tables["containers"]:
        if f.coding in ("enum", "index"):
            assert isinstance(c[f.name].dtype, pd.CategoricalDtype), f.name
            assert list(c[f.name].cat.categories) == synthetic.labels[f.label_set], f.name
            assert not c[f.name].isna().any(), f.name
        elif f.coding == "bits":
            assert str(c[f.name].dtype).startswith("uint"), f.name
    # a bit set used by one field is named by its labels; one shared by two fields
    # (selected, opened_by: /labels/agency) by field and label
    for bit, name in enumerate(synthetic.labels["checks"]):
        np.testing.assert_array_equal(c[name].to_numpy(), (c["checks"].to_numpy() >> bit) & 1 == 1)
    for bit, agency in enumerate(synthetic.labels["agency"]):
        for field in ("selected", "opened_by"):
            np.testing.assert_array_equal(c[f"{field}_{agency}"].to_numpy(),
                                          (c[field].to_numpy() >> bit) & 1 == 1)
        # exams has one agency set: its bits take the agencies' names
        e = synthetic.exams
        np.testing.assert_array_equal(e[agency].to_numpy(), (e["agencies"].to_numpy() >> bit) & 1 == 1)
    assert str(c["id"].dtype) == "uint64" and str(c["replication"].dtype) == "int64"
    assert (c["vessel"] == NO_VESSEL).any()  # box-stream boxes


def test_values_match_the_raw_tables(synthetic, synthetic_path):
    c = synthetic.containers
    total = 0
    with h5py.File(synthetic_path, "r") as f:
        for regime in synthetic.regimes:
            for rep in (0, 1):
                raw = f[f"runs/{regime}/replication_{rep:04d}/containers"][()]
                mine = c[(c["regime"] == regime) & (c["replication"] == rep)]
                total += len(raw)
                assert len(mine) == len(raw)
                for name in raw.dtype.names:
                    values = mine[name]
                    if isinstance(values.dtype, pd.CategoricalDtype):
                        values = values.cat.codes
                    np.testing.assert_array_equal(values.to_numpy(), raw[name], err_msg=name)
    assert total == len(c)


def test_derived_columns_and_the_counted_population(synthetic):
    c = synthetic.containers
    np.testing.assert_array_equal(c["overall_h"], c["released"] - c["arrival"])
    np.testing.assert_array_equal(c["customs_h"], c["released"] - c["declared"])
    expected = (c["arrival"] >= synth.WARMUP) & (c["arrival"] < synth.HORIZON)
    np.testing.assert_array_equal(c["counted"], expected)
    assert (c["arrival"] >= synth.HORIZON).any()  # boxes of calls after the horizon exist...
    k = synthetic.counted(direction="import", regimes=["reform"])
    assert k["arrival"].between(synth.WARMUP, synth.HORIZON, inclusive="left").all()  # ...uncounted
    assert set(k["direction"].astype(str)) == {"import"} and set(k["regime"].astype(str)) == {"reform"}
    # the summary counts the same boxes
    sm = synthetic.summary.set_index(["regime", "replication", "direction", "measure"])["count"]
    mine = synthetic.counted().groupby(["regime", "replication", "direction"], observed=True).size()
    for (regime, rep, direction), n in mine.items():
        assert sm[(regime, rep, direction, "overall")] == n
    with pytest.raises(ValueError):
        synthetic.counted(direction="imports")
    with pytest.raises(ValueError):
        synthetic.counted(regimes=["nope"])


def test_resources_and_samples(synthetic):
    res = synthetic.resources
    assert list(res["kind"].cat.categories) == synthetic.labels["resource_kind"]
    assert len(res[res["regime"] == "reform"]) == len(res[res["regime"] == "baseline"]) + 1
    row = res[(res["regime"] == "baseline") & (res["name"] == "nanjiang_inspection.ciq_teams")].iloc[0]
    assert (row["district_name"], row["agency_name"], row["site"]) == ("nanjiang", "ciq", 1)
    assert pd.isna(res.loc[res["name"] == "image_review.officers", "district_name"]).all()
    s = synthetic.resource_samples
    first = s[(s["regime"] == "reform") & (s["resource"] == 5)].iloc[0]
    assert (first["name"], first["kind"]) == ("image_review.officers", "image_officers")
    ok = s["capacity"] > 0
    np.testing.assert_allclose(s.loc[ok, "utilisation"], s.loc[ok, "busy"] / s.loc[ok, "capacity"])
    assert s["time"].max() <= synth.HORIZON  # the drain is not sampled


def test_fixed_length_strings_read_the_same(synthetic, tmp_path):
    other = load(synth.write_synthetic(str(tmp_path / "fixed.h5"), string_style="fixed"))
    assert other.provenance["scenario_text"] == synth.SCENARIO_TEXT
    assert other.labels == synthetic.labels
    pd.testing.assert_frame_equal(other.containers, synthetic.containers)
    pd.testing.assert_frame_equal(other.resources, synthetic.resources)


# ---- reading only what is asked -----------------------------------------------------------

class _Spy:
    """Records the fields of every compound read (h5py's Dataset.fields)."""

    def __init__(self, monkeypatch):
        self.reads = []
        original = h5py.Dataset.fields
        spy = self

        def fields(ds, names):
            spy.reads.append((ds.name.rsplit("/", 1)[-1], tuple(names)))
            return original(ds, names)
        monkeypatch.setattr(h5py.Dataset, "fields", fields)


def test_columns_tables_regimes_replications(synthetic_path, synthetic, monkeypatch):
    spy = _Spy(monkeypatch)
    r = load(synthetic_path, tables=["containers"], columns=["direction", "overall_h"],
             regimes=["reform"], replications=[1])
    assert list(r.tables) == ["containers"]
    assert list(r.containers.columns) == ["regime", "replication", "direction", "arrival",
                                          "released", "overall_h", "counted"]
    read = {fields for table, fields in spy.reads if table == "containers"}
    assert read == {("direction", "arrival", "released")}
    assert {t for t, _ in spy.reads} == {"containers", "resources"}
    full = synthetic.containers
    expected = full[(full["regime"] == "reform") & (full["replication"] == 1)]
    np.testing.assert_array_equal(r.containers["overall_h"], expected["overall_h"])
    assert r.regimes == ["reform"] and r.replications == [1] and len(r.runs) == 1
    with pytest.raises(NotLoadedError, match="exams"):
        r.exams
    with pytest.raises(NotLoadedError, match="credit"):
        r.require("containers", ["credit"])


def test_row_filters_equal_filtering_the_whole_table(synthetic_path, synthetic):
    full = synthetic.containers
    r = load(synthetic_path, directions=["import", "rail_transit"],
             where={"credit": ["ordinary", "discredited"], "channel": "red",
                    "arrival": (60.0, 200.0), "advance_declared": False},
             columns=["id", "credit", "direction", "arrival", "checks"])
    mask = (full["direction"].isin(["import", "rail_transit"]) & full["credit"].isin(
        ["ordinary", "discredited"]) & (full["channel"] == "red") & (full["arrival"] >= 60)
        & (full["arrival"] < 200) & ~full["advance_declared"])
    assert mask.sum() > 10
    np.testing.assert_array_equal(r.containers["id"], full.loc[mask, "id"])
    assert "channel" not in r.containers.columns  # a filter's field is not kept unless asked
    # exams only of the boxes kept, summary only of the directions asked
    kept = set(zip(r.containers["regime"].astype(str), r.containers["replication"],
                   r.containers["id"]))
    exams = set(zip(r.exams["regime"].astype(str), r.exams["replication"], r.exams["box"]))
    all_exams = synthetic.exams
    expected = {k for k in zip(all_exams["regime"].astype(str), all_exams["replication"],
                               all_exams["box"]) if k in kept}
    assert exams == expected and exams
    assert set(r.summary["direction"].astype(str)) == {"import", "rail_transit"}


def test_counted_filter_and_stage_columns(synthetic_path, synthetic):
    r = load(synthetic_path, tables=["containers"], columns=[STAGES, "credit"], counted=True)
    pd.testing.assert_frame_equal(
        r.containers.reset_index(drop=True),
        synthetic.counted()[list(r.containers.columns)].reset_index(drop=True))
    ends = [end for _, end in synthetic.stages]
    assert set(["arrival"] + ends) <= set(r.containers.columns)


def test_bad_requests(synthetic_path):
    for kwargs, fragment in [
            (dict(tables=["nope"]), "nope"),
            (dict(columns=["nope"]), "no column 'nope'"),
            (dict(columns={"exams": ["box"]}, tables=["containers"]), "not read"),
            (dict(directions=["imports"]), "imports"),
            (dict(where={"credit": "platinum"}), "platinum"),
            (dict(where={"nope": 1}), "nope"),
            (dict(where={"scanned": "yes"}), "True or False"),
            (dict(replications=[7]), "replication"),
            (dict(regimes=["nope"]), "nope")]:
        with pytest.raises(ValueError, match=fragment):
            load(synthetic_path, **kwargs)


# ---- errors -------------------------------------------------------------------------------

def _rejected(path, *fragments):
    with pytest.raises(ResultsFileError) as info:
        load(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message
    return message


def test_missing_file_and_temporary_file(tmp_path):
    path = tmp_path / "nope.h5"
    _rejected(path, "no such file")
    (tmp_path / "nope.h5.partial").write_bytes(b"")  # not a name clearsim writes
    _rejected(path, "no such file")
    temporary = tmp_path / ".nope.h5.clearsim-Ab12Cd.partial"
    temporary.write_bytes(b"")
    _rejected(path, str(temporary), "still writing it, or was killed")


def test_not_a_result_file(tmp_path):
    _rejected(tmp_path, "directory")
    text = tmp_path / "text.h5"
    text.write_text("not hdf5\n")
    _rejected(text, "not an HDF5 file")
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as f:
        f["x"] = np.arange(3)
    _rejected(other, "not a clearsim result file", "no format attribute")
    with h5py.File(other, "w") as f:
        f.attrs["format"] = "something-else"
    _rejected(other, "something-else")


def test_damaged_or_incomplete_files(tmp_path):
    path = synth.write_synthetic(str(tmp_path / "v2.h5"), calls=2)
    with h5py.File(path, "r+") as f:
        f.attrs["format_version"] = np.int32(2)
    _rejected(path, "format_version")

    path = synth.write_synthetic(str(tmp_path / "cut.h5"), calls=2)
    with h5py.File(path, "r+") as f:
        del f["runs/reform/replication_0001/vessels"]
    _rejected(path, "runs/reform/replication_0001/vessels", "missing")

    path = synth.write_synthetic(str(tmp_path / "absent.h5"), calls=2)
    with h5py.File(path, "r+") as f:
        f["provenance"].attrs["regimes"] = "baseline,reform,extra"
    _rejected(path, "extra")

    path = synth.write_synthetic(str(tmp_path / "old.h5"), calls=2)
    with h5py.File(path, "r+") as f:
        del f["runs/baseline/replication_0000/containers"].attrs["units"]
    _rejected(path, "units", "older than the field tables")

    path = synth.write_synthetic(str(tmp_path / "damaged.h5"), calls=2)
    with h5py.File(path, "r") as f:
        info = f["runs/reform/replication_0001/containers"].id.get_chunk_info(0)
    with open(path, "r+b") as out:
        out.seek(info.byte_offset + info.size // 2)
        out.write(bytes(64))
    message = _rejected(path, "/runs/reform/replication_0001/containers: rows 0 to", "damaged")
    assert message
    # a damaged table not asked for is not read
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(load(path, tables=["vessels"]).vessels) > 0


def test_a_new_table_is_read_without_changing_the_loader(tmp_path):
    path = synth.write_synthetic(str(tmp_path / "extra.h5"), calls=2)
    dtype = np.dtype([("box", "<u8"), ("channel", synth.dtype("containers")["channel"]),
                      ("district", "<u2"), ("start", "<f8"), ("cost", "<f8")])
    with h5py.File(path, "r+") as f:
        for regime in ("baseline", "reform"):
            for rep in (0, 1):
                rows = np.zeros(3, dtype)
                rows["box"], rows["channel"], rows["district"] = [1, 2, 3], [0, 2, 1], 2
                rows["start"], rows["cost"] = [1.5, 2.5, rep], 100.0
                ds = f[f"runs/{regime}/replication_{rep:04d}"].create_dataset("costs", data=rows)
                ds.attrs["units"] = np.array(["", "", "", "h", "CNY"], dtype=object)
                ds.attrs["labels"] = np.array(["", "channel", "district", "", ""], dtype=object)
    r = load(path, tables=["costs"])
    e = r.tables["costs"]
    assert len(e) == 12
    assert list(e["channel"].astype(str)[:3]) == ["green", "red", "yellow"]
    assert set(e["district"].astype(str)) == {synth.DISTRICTS[2]}
    assert r.units["costs"] == {"box": "", "channel": "", "district": "", "start": "h",
                                "cost": "CNY"}
    assert list(e.columns[:2]) == ["regime", "replication"]


def test_bit_columns_are_named_by_the_file(tmp_path):
    path = synth.write_synthetic(str(tmp_path / "bits.h5"), calls=2)
    names = [f"bit_{i}" for i in range(len(synth.label_values("checks")))]
    with h5py.File(path, "r+") as f:
        del f["labels/checks"]
        f["labels"].create_dataset("checks", data=np.array(names, dtype=object),
                                   dtype=h5py.string_dtype())
        f["labels/checks"].attrs["coding"] = "bits"
    c = load(path, tables=["containers"]).containers
    for bit, name in enumerate(names):
        np.testing.assert_array_equal(c[name], (c["checks"].to_numpy() >> bit) & 1 == 1)
    assert "scanned" not in c.columns


# ---- a file written by clearsim -----------------------------------------------------------

def test_real_file_fields_described_by_the_file(real):
    for table in ("containers", "exams", "vessels", "resource_samples", "summary"):
        assert set(real.units[table]) <= set(real.table(table).columns), table
    assert real.units["containers"]["released"] == "h" and real.units["containers"]["id"] == ""
    for name in real.labels["checks"]:
        assert str(real.containers[name].dtype) == "bool", name
    assert list(real.containers["district"].cat.categories) == real.labels["district"]
    assert real.provenance["regimes"].split(",") == real.regimes
    assert len(real.runs) == len(real.regimes) * real.provenance["replications"]
    assert real.containers["released"].notna().all()  # docs/output.md: never NaN in a row


def test_real_file_counted_population_is_the_summarys(real):
    mine = real.counted().groupby(["regime", "replication", "direction"], observed=True).size()
    sm = real.summary[real.summary["measure"] == "overall"].set_index(
        ["regime", "replication", "direction"])["count"]
    sm = sm[sm > 0]
    assert dict(mine) == {k: int(v) for k, v in sm.items()}


def test_real_file_selective_load_equals_the_full_one(real, real_path):
    part = load(real_path, tables=["containers", "exams"], columns={
        "containers": ["id", "credit", "overall_h"], "exams": ["box", "kind"]},
        regimes=real.regimes[-1:], directions=["import"], counted=True)
    full = real.counted(direction="import", regimes=real.regimes[-1:])
    np.testing.assert_array_equal(part.containers["id"], full["id"])
    np.testing.assert_array_equal(part.containers["overall_h"], full["overall_h"])
    e = real.exams[real.exams["regime"] == real.regimes[-1]]
    keys = set(zip(full["replication"], full["id"]))
    expected = e[[k in keys for k in zip(e["replication"], e["box"])]]
    np.testing.assert_array_equal(part.exams["box"], expected["box"])


# ---- the /flat tables and --record levels ------------------------------------------------

def _stacked(path, table, regimes, replications):
    """The replication tables ``table`` read with h5py alone and stacked."""
    import h5py
    rows = []
    with h5py.File(path, "r") as f:
        for regime in regimes:
            for n in replications:
                rows.append(f[f"runs/{regime}/replication_{n:04d}/{table}"][()])
    return np.concatenate(rows)


def test_real_file_flat_tables_read_as_the_replication_tables(real_path, real):
    """summary and pool_use come from /flat; they equal the replication tables stacked,
    and a selection reads only its rows (and only the columns asked)."""
    import h5py
    with h5py.File(real_path, "r") as f:
        assert {"summary", "pool_use", "resources"} <= set(f["flat"])
        assert f["flat/summary"].dtype.names[:2] == ("regime", "replication")
    for table in ("summary", "pool_use"):
        frame = real.table(table)
        raw = _stacked(real_path, table, real.regimes, real.replications)
        assert len(frame) == len(raw), table
        for field in ("count", "mean", "p95") if table == "summary" else (
                "resource", "utilisation", "saturated", "mean_wait"):
            np.testing.assert_array_equal(frame[field].to_numpy(), raw[field], err_msg=field)
    pick = load(real_path, tables=["summary"], regimes=[real.regimes[-1]], replications=[1],
                directions=["export"], columns={"summary": ["count", "mean"]})
    s = pick.summary
    assert list(s.columns) == ["regime", "replication", "count", "mean"]
    assert set(s["regime"].astype(str)) == {real.regimes[-1]} and set(s["replication"]) == {1}
    assert len(s) == 2  # export x (overall, customs)
    full = real.summary
    want = full[(full["regime"] == real.regimes[-1]) & (full["replication"] == 1)
                & (full["direction"] == "export")]
    np.testing.assert_array_equal(s["count"].to_numpy(), want["count"].to_numpy())


def test_real_file_pool_use_flags_saturation_and_pools_are_labelled(real_path, real):
    import h5py
    with h5py.File(real_path, "r") as f:
        threshold = float(f["flat/pool_use"].attrs["saturation_threshold"])
    assert threshold == 0.9
    u = real.pool_use
    np.testing.assert_array_equal(u["saturated"].to_numpy() == 1,
                                  u["utilisation"].to_numpy() >= threshold)
    assert real.units["pool_use"]["mean_wait"] == "h"
    sites = real.resources.dropna(subset=["site_name"])
    assert len(sites) > 0 and all(n.startswith(s) for n, s in zip(sites["name"],
                                                                   sites["site_name"]))


def test_a_summary_file_loads_its_tables_and_names_what_it_lacks(clearsim, tmp_path):
    import subprocess
    path = str(tmp_path / "summary.h5")
    scenario = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))), "tests", "scenarios", "minimal.yaml")
    subprocess.run([clearsim, "run", scenario, "-n", "2", "--horizon", "3d", "--warmup", "1d",
                    "--record", "summary", "--out", path, "-q"], check=True,
                   capture_output=True)
    r = load(path)
    assert sorted(r.tables) == ["pool_use", "summary"]
    assert len(r.summary) == 2 * 6
    with pytest.raises(ValueError, match="--record summary"):
        load(path, tables=["containers"])
