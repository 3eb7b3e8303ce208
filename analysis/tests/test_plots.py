"""The figures: every one drawn from a file, legends giving the tables' numbers, the
command line `make demo` runs."""
import os
import re
import subprocess
import sys

import matplotlib
import pytest

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

from clearsim_analysis import compare, plots  # noqa: E402
from clearsim_analysis.stats import QUANTILE_NOTE  # noqa: E402
from tests.conftest import env_with_analysis_path  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_each_plot_returns_a_figure(synthetic):
    r = synthetic
    figures = [
        plots.ecdf_release_times(r),
        plots.ecdf_release_times(r, direction="export", measure="customs"),
        plots.ecdf_release_times(r, regimes=["reform"]),
        plots.stage_breakdown(r),
        plots.stage_breakdown(r, direction="rail_transit", inspected_only=True),
        plots.percentiles_by(r, by="credit"),
        plots.percentiles_by(r, by="cargo", q=(0.5, 0.99)),
        plots.percentiles_by(r, by="district"),
        plots.utilisation_over_time(r),
        plots.utilisation_over_time(r, kind="scanner", weighting="resource", window_hours=24),
    ]
    for fig in figures:
        assert isinstance(fig, Figure) and fig.axes
    ecdf = figures[0].axes[0]
    assert ecdf.get_xscale() == "log"
    assert len(ecdf.get_lines()) - 3 == 2  # one line per regime (+3 guides)
    assert [t.get_text() for t in figures[3].axes[0].get_yticklabels()] == r.regimes
    # the stage breakdown has the file's stages, in order
    labels = [t.get_text() for t in figures[3].axes[0].get_legend().get_texts()]
    assert [label.split(" (until ")[0] for label in labels] == \
        [s.replace("_", " ") for s, _ in r.stages]


def test_the_ecdf_legend_gives_the_tables_quantiles(synthetic):
    """One quantile definition: the legend's median and p95 are compare()'s estimates."""
    fig = plots.ecdf_release_times(synthetic, direction="import")
    legend = fig.axes[0].get_legend()
    assert QUANTILE_NOTE in legend.get_title().get_text()
    table = compare(synthetic, measures=("overall",), statistics=("median", "p95"),
                    directions=["import"]).set_index(["regime", "statistic"])["estimate"]
    for text in legend.get_texts():
        m = re.match(r"(\w+): median ([\d.]+) h, p95 ([\d.]+) h", text.get_text())
        regime = m.group(1)
        assert m.group(2) == f"{table[(regime, 'median')]:.1f}"
        assert m.group(3) == f"{table[(regime, 'p95')]:.1f}"


def test_group_bars_are_the_tables_numbers(synthetic):
    fig = plots.percentiles_by(synthetic, by="credit", q=(0.5,))
    table = compare(synthetic, measures=("overall",), statistics=("median",), by="credit",
                    directions=["import"])
    heights = sorted(round(p.get_height(), 9) for p in fig.axes[0].patches if p.get_height() > 0)
    assert heights == sorted(round(v, 9) for v in table["estimate"])


def test_bad_arguments(synthetic):
    for call in (lambda: plots.ecdf_release_times(synthetic, direction="imports"),
                 lambda: plots.ecdf_release_times(synthetic, measure="total"),
                 lambda: plots.percentiles_by(synthetic, by="weather"),
                 lambda: plots.utilisation_over_time(synthetic, kind="crane"),
                 lambda: plots.stage_breakdown(synthetic, regimes=["nope"])):
        with pytest.raises(ValueError):
            call()


def test_save_all_writes_pngs(synthetic, tmp_path):
    paths = plots.save_all(synthetic, str(tmp_path / "figs"), dpi=50)
    names = {os.path.basename(p) for p in paths}
    for d in ("import", "export", "rail_transit"):
        for stem in ("ecdf_overall", "ecdf_customs", "stages", "stages_inspected",
                     "percentiles_credit", "percentiles_cargo", "percentiles_district"):
            assert f"{stem}_{d}.png" in names
    kinds = set(synthetic.resources.loc[synthetic.resources["capacity"] > 0, "kind"].astype(str))
    assert {f"utilisation_{k}.png" for k in kinds} <= names
    for p in paths:
        with open(p, "rb") as f:
            assert f.read(8) == PNG_MAGIC, p
        assert os.path.getsize(p) > 2000, p


def _command_line(path, out, *extra):
    return subprocess.run([sys.executable, "-m", "clearsim_analysis.plots", path, out, *extra],
                          capture_output=True, text=True, env=env_with_analysis_path(),
                          timeout=600)


def test_command_line(synthetic_path, tmp_path):
    run = _command_line(synthetic_path, str(tmp_path), "--direction", "import", "--dpi", "50")
    assert run.returncode == 0, run.stderr
    printed = run.stdout.split()
    assert str(tmp_path / "ecdf_overall_import.png") in printed
    assert all(os.path.getsize(p) > 0 for p in printed)
    bad = _command_line(str(tmp_path / "missing.h5"), str(tmp_path))
    assert bad.returncode == 2 and "missing.h5: no such file" in bad.stderr


def test_command_line_on_a_file_written_by_clearsim(real_path, tmp_path):
    run = _command_line(real_path, str(tmp_path), "--dpi", "50")
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.split()) >= 7
