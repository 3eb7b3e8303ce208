"""The data of a results brief."""
import json
import os
import re
import subprocess

import numpy as np
import pandas as pd
import pytest

from clearsim_analysis import compare, load, mean_stages, report, within
from tests.conftest import REPOSITORY


@pytest.fixture(scope="module")
def brief(synthetic_path):
    return report.brief(synthetic_path)


def test_brief_parts(brief, synthetic):
    assert set(brief) == {"provenance", "regimes", "headline", "stages", "pools"}
    assert list(brief["regimes"]["regime"]) == synthetic.regimes
    assert "scenario_text" not in brief["provenance"]
    for name in ("headline", "stages", "pools"):
        assert isinstance(brief[name], pd.DataFrame) and len(brief[name])


def test_headline_has_intervals_and_shares(brief, synthetic):
    h = brief["headline"]
    expected = ["mean", "median", "p90", "p95"] + [within(x) for x in report.WITHIN_HOURS]
    assert list(h["statistic"].cat.categories) == expected
    same = compare(synthetic, statistics=expected)
    pd.testing.assert_frame_equal(h.reset_index(drop=True), same.reset_index(drop=True))
    assert h["half_width"].notna().all()
    shares = h[h["statistic"].astype(str).str.startswith("within")]["estimate"]
    assert shares.between(0, 1).all()


def test_stage_waterfall(brief, synthetic):
    w = brief["stages"]
    for (regime, direction), g in w.groupby(["regime", "direction"], observed=True):
        assert list(g["stage"].astype(str)) == [s for s, _ in synthetic.stages]
        assert list(g["ends_at"]) == [e for _, e in synthetic.stages]
        assert g["start"].iloc[0] == 0
        np.testing.assert_allclose(g["start"].iloc[1:].to_numpy(), g["end"].iloc[:-1].to_numpy())
        m = mean_stages(synthetic, direction)
        assert g["end"].iloc[-1] == pytest.approx(m.loc[regime, "overall_h"])
        np.testing.assert_allclose(g["hours"], m.loc[regime, g["stage"].astype(str)].to_numpy())
    assert w.loc[w["regime"] == synthetic.regimes[0], "diff"].isna().all()
    assert w.loc[w["regime"] != synthetic.regimes[0], "diff"].notna().all()


def test_pool_utilisation_and_saturation(brief, synthetic):
    p = brief["pools"]
    assert len(p) == len(synthetic.resources)
    s = synthetic.resource_samples
    window = s[(s["time"] >= synthetic.warmup_hours) & (s["time"] < synthetic.horizon_hours)]
    for row in p.itertuples():
        w = window[(window["regime"] == row.regime) & (window["resource"] == row.resource)]
        per = w.groupby("replication").apply(lambda g: g["busy"].sum() / g["capacity"].sum())
        assert row.utilisation == pytest.approx(per.mean()), row.name
    assert (p["saturated"] == (p["utilisation"] >= report.SATURATED)).all()
    full = p[p["name"] == "beijiang.berths"]  # always busy in the fixture
    assert full["saturated"].all() and (full["utilisation"] == 1).all()
    assert not p["saturated"].all()
    image = p[p["name"] == "image_review.officers"]  # the reference regime has none
    assert image["diff"].isna().all()
    assert p.loc[(p["regime"] != synthetic.regimes[0]) & (p["name"] != "image_review.officers"),
                 "diff"].notna().all()


def test_brief_of_results_already_loaded(synthetic_path, brief):
    r = load(synthetic_path, **report.SELECTION)
    again = report.brief(r)
    pd.testing.assert_frame_equal(again["headline"], brief["headline"])
    with pytest.raises(ValueError, match="resource_samples"):
        report.brief(load(synthetic_path, tables=["containers"], columns=["overall_h", "stages",
                                                                          "direction", "customs_h"]))


def test_the_saturation_threshold_is_clearsims(clearsim):
    """clearsim's pool table says at which utilisation it marks a pool: the same as ours."""
    table = subprocess.run(
        [clearsim, "run", _minimal(), "--replications", "1", "--horizon", "1d", "--warmup", "0d",
         "--quiet"], capture_output=True, text=True, timeout=300)
    assert table.returncode == 0, table.stderr
    m = re.search(r"! at (\d+(?:\.\d+)?) % and above", table.stdout)
    assert m, table.stdout
    assert float(m.group(1)) / 100 == report.SATURATED


def test_pool_utilisation_is_close_to_clearsims(real, cli_json):
    """clearsim measures utilisation exactly; the file's samples estimate it."""
    printed = {(c["regime"], c["group"]): c["value"] for c in cli_json["rows"]
               if c["measure"] == "utilisation" and c["value"] is not None}
    p = report.pool_utilisation(real)
    assert set(printed) == set(zip(p["regime"], p["name"]))
    for row in p.itertuples():
        assert abs(row.utilisation - printed[(row.regime, row.name)]) < 0.06, row


def _minimal():
    return os.path.join(REPOSITORY, "tests", "scenarios", "minimal.yaml")


def test_sentences_follow_the_numbers():
    def row(diff, half):
        return {"diff": diff, "diff_half_width": half}
    assert report.describe_change(row(-57.61, 2.3)) == "-57.6 h (95 % interval -59.9 to -55.3)"
    assert report.describe_change(row(0.1, 0.3)) == \
        "no detectable change (+0.10 h, 95 % interval -0.20 to +0.40)"
    assert report.describe_change(row(0.5, 1.5)) == \
        "no detectable change (+0.5 h, 95 % interval -1.0 to +2.0)"
    assert report.describe_change(row(-0.004, 0.001)) == \
        "-0.0040 h (95 % interval -0.0050 to -0.0030)"
    assert report.describe_change(row(0.0, 0.0)) == "no change (the same in every replication)"
    assert report.describe_change(row(1.2, np.nan)) == "+1.2 h (one replication: no interval)"
    assert report.describe_change(row(0.021, 0.004), unit=" pp", scale=100) == \
        "+2.1 pp (95 % interval +1.7 to +2.5)"
    assert report.detectable(row(-1.0, 0.5)) and not report.detectable(row(-1.0, 1.5))
    assert not report.detectable(row(-1.0, np.nan))


def test_a_summary_only_file_reports_clearsims_figures(clearsim, tmp_path):
    """`--record summary` keeps no box records: `clearsim report` prints the per-replication
    summaries and pool use instead, the same figures clearsim printed for the run."""
    out = tmp_path / "summary.h5"
    run = subprocess.run(
        [clearsim, "run", _minimal(), "--replications", "2", "--horizon", "3d", "--warmup",
         "1d", "--record", "summary", "--out", str(out), "--format", "json", "--quiet"],
        capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    printed = {(c["regime"], c["group"], c["measure"], c["statistic"]): c
               for c in json.loads(run.stdout)["rows"]}
    data = report.summary_tables(str(out))
    checked = 0
    for row in data["release"].itertuples():
        cell = printed.get((row.regime, row.direction, row.measure, row.statistic))
        if cell is None:
            continue
        assert row.estimate == pytest.approx(cell["value"], rel=1e-9), row
        assert row.half_width == pytest.approx(cell["value_ci95"], rel=1e-6), row
        checked += 1
    assert checked >= 8
    for row in data["pools"].itertuples():
        cell = printed[(row.regime, row.name, "utilisation", "utilisation")]
        assert row.utilisation == pytest.approx(cell["value"], abs=1e-9), row
    text = subprocess.run([clearsim, "report", str(out)], capture_output=True, text=True,
                          timeout=300)
    assert text.returncode == 0, text.stderr
    assert "--record summary" in text.stdout and "pools (! at 90 % and above)" in text.stdout
