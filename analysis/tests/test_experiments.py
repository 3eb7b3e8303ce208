"""Sweep and attribution files written by clearsim itself: loaded, checked against what the
command printed, and drawn."""
import json
import subprocess

import numpy as np

from clearsim_analysis import experiments

MINIMAL = "tests/scenarios/minimal.yaml"
QUICK = ["-n", "2", "--horizon", "4d", "--warmup", "1d", "-q"]


def test_sweep_file_loads_and_draws(clearsim, tmp_path):
    out = tmp_path / "sweep.h5"
    subprocess.run([clearsim, "sweep", MINIMAL, "--param", "inspection_sites[central].bays=2,4,8",
                    "--param", "agencies.customs.exam=1h,3h", "--out", str(out)] + QUICK,
                   check=True, capture_output=True)
    rows, sensitivity, attrs = experiments.load_sweep(str(out))
    assert len(rows) == 6 * 2 * 3
    assert set(rows["direction"]) == {"import", "export", "rail_transit"}
    assert sorted(rows["inspection_sites[central].bays"].unique()) == [2, 4, 8]
    assert attrs["design"] == "grid"
    assert list(sensitivity["rank"]) == [1, 2, 3]
    assert np.all(np.diff(np.abs(sensitivity["effect"])) <= 0)
    fig = experiments.sensitivity_chart(sensitivity)
    fig.savefig(tmp_path / "sensitivity.png")
    assert (tmp_path / "sensitivity.png").stat().st_size > 1000


def test_attribution_loads_adds_up_and_draws(clearsim, tmp_path):
    printed = subprocess.run([clearsim, "attribute", MINIMAL, "--format", "json"] + QUICK,
                             check=True, capture_output=True, text=True).stdout
    path = tmp_path / "attr.json"
    path.write_text(printed)
    doc = experiments.load_attribution(str(path))
    for direction in ("import", "export", "rail_transit"):
        parts = experiments.contributions(doc, direction, "p90_h")
        assert abs(parts["contribution"].sum() - doc["total"][direction]["p90_h"]) < 1e-9
    fig = experiments.waterfall(doc, "import", "mean_h")
    fig.savefig(tmp_path / "waterfall.png")
    assert (tmp_path / "waterfall.png").stat().st_size > 1000
    assert experiments.waterfall(doc, "export", "mean_h", credit="ordinary") is not None
