"""The stages of the overall time: the file's table, docs/output.md's partition rule, and
the same numbers as clearsim's own."""
import h5py
import numpy as np
import pandas as pd
import pytest

from clearsim_analysis import load, mean_stages, stage_durations
from tests import synthetic as synth

STAGES3 = [("wait", "declared"), ("checks", "checks_done"), ("release", "released")]


def _rows(*rows):
    names = ["arrival", "declared", "checks_done", "released"]
    return pd.DataFrame([dict(zip(names, r)) for r in rows])


def test_partition_rule():
    nan = np.nan
    s = stage_durations(_rows(
        (0, 2, 5, 6),        # plain: 2, 3, 1
        (10, 4, 12, 13),     # declared before arrival (advance): 0, then from arrival
        (0, nan, 5, 6),      # a milestone not passed: 0 h, the next stage takes the time
        (0, 2, 9, 6),        # a milestone after the release: clipped at the release
        (0, 2, 1, 6),        # a milestone earlier than the previous stage's end: 0 h
        (0, 2, 5, nan)),     # not released: NaN
        STAGES3)
    expected = [[2, 3, 1], [0, 2, 1], [0, 5, 1], [2, 4, 0], [2, 0, 4]]
    np.testing.assert_array_equal(s.to_numpy()[:5], expected)
    assert s.iloc[5].isna().all()
    assert list(s.columns) == ["wait", "checks", "release"]


def test_the_last_stage_must_end_at_the_release():
    with pytest.raises(ValueError, match="released"):
        stage_durations(_rows((0, 1, 2, 3)), [("a", "declared"), ("b", "checks_done")])
    with pytest.raises(ValueError, match="stages"):
        stage_durations(_rows((0, 1, 2, 3)).drop(columns="checks_done"), STAGES3)


def test_stages_come_from_the_file(synthetic):
    assert [s for s, _ in synthetic.stages] == synth.layout()[2]
    assert [e for _, e in synthetic.stages] == synth.stage_ends()


def test_a_different_stage_table_is_followed(tmp_path):
    path = synth.write_synthetic(str(tmp_path / "three.h5"), calls=3)
    with h5py.File(path, "r+") as f:
        for name, values in (("stage", [s for s, _ in STAGES3]),
                             ("stage_end", [e for _, e in STAGES3])):
            del f["labels"][name]
            f["labels"].create_dataset(name, data=np.array(values, dtype=object),
                                       dtype=h5py.string_dtype())
    r = load(path, columns=["stages", "direction"], counted=True)
    assert r.stages == STAGES3
    t = mean_stages(r, "import")
    assert list(t.columns) == ["wait", "checks", "release", "overall_h", "boxes"]
    np.testing.assert_allclose(t[["wait", "checks", "release"]].sum(axis=1), t["overall_h"])


def _assert_partition(results):
    c = results.containers
    s = stage_durations(c, results.stages)
    assert (s.to_numpy() >= 0).all()
    # the stages add up to the overall time: exactly, but for the rounding of a sum of
    # differences (1e-9 h is 3.6 microseconds)
    np.testing.assert_allclose(s.sum(axis=1), c["overall_h"], rtol=1e-12, atol=1e-9)
    return c, s


def test_stages_add_up_on_the_synthetic_file(synthetic):
    c, s = _assert_partition(synthetic)
    advance = c["advance_declared"].to_numpy()
    before = [name for name, end in synthetic.stages if end in ("manifest", "delivery_order",
                                                                 "permits", "prepared", "declared")]
    assert (s.loc[advance, before].to_numpy() == 0).all()
    green = (c["channel"] == "green").to_numpy()
    checks = [name for name, end in synthetic.stages if end == "checks_done"]
    assert (s.loc[green, checks].to_numpy() == 0).all()


def test_mean_stages_add_up(synthetic):
    t = mean_stages(synthetic, "import")
    assert list(t.index) == synthetic.regimes
    np.testing.assert_allclose(t[[s for s, _ in synthetic.stages]].sum(axis=1), t["overall_h"],
                               rtol=1e-12)
    inspected = mean_stages(synthetic, "import", inspected_only=True)
    assert (inspected["boxes"] < t["boxes"]).all()


def test_stages_add_up_on_a_file_written_by_clearsim(real):
    c, s = _assert_partition(real)
    assert len(c) > 1000


def test_stage_means_are_the_ones_clearsim_prints(real, cli_json):
    """`clearsim compare --format json` prints every direction's mean hours per stage (per
    replication, mean over replications) with 6 significant digits."""
    cells = {(c["regime"], c["group"], c["statistic"]): c["value"]
             for c in cli_json["rows"] if c["measure"] == "stage"}
    assert cells
    checked = 0
    for direction in real.labels["direction"]:
        if not len(real.counted(direction=direction)):
            continue
        t = mean_stages(real, direction)
        for regime in real.regimes:
            for stage, _ in real.stages:
                printed = cells[(regime, direction, stage)]
                assert t.loc[regime, stage] == pytest.approx(printed, rel=5e-6, abs=5e-7), \
                    (regime, direction, stage)
                checked += 1
    assert checked == len(cells)
