"""The notebook runs headless, its findings are sentences built from the file, and its
assertion cells stop it when the numbers say otherwise."""
import os
import re
from unittest import mock

import h5py
import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tests import synthetic as synth
from tests.conftest import ANALYSIS, env_with_analysis_path

NOTEBOOK = os.path.join(ANALYSIS, "policy_comparison.ipynb")


def run_notebook(path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    env = env_with_analysis_path(CLEARSIM_RESULTS=str(path), MPLBACKEND="Agg",
                                 PYDEVD_DISABLE_FILE_VALIDATION="1")
    with mock.patch.dict(os.environ, env, clear=True):
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": ANALYSIS}}).execute()
    return nb


def _outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def _markdown(nb):
    return "\n".join(o["data"]["text/markdown"] for o in _outputs(nb)
                     if "text/markdown" in o.get("data", {}))


def test_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], "clear the outputs before committing (analysis/README.md)"
            assert cell.execution_count is None


def test_text_cells_state_no_results():
    """A number with a unit of time or a percentage in a text cell would be a claim that
    is not computed: findings are printed by code cells (the confidence level of the
    intervals is the one number of method the text names)."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            source = re.sub(r"95 % (?=Student-t interval|intervals?)", "", cell.source)
            found = re.findall(r"\d+(?:\.\d+)?\s*(?:h\b|hours|%|pp\b)", source)
            assert not found, (found, cell.source[:80])


def _check(nb, results_regimes):
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.output_type == "error"]
    assert len([o for o in outputs if "image/png" in o.get("data", {})]) >= 8
    text = _markdown(nb)
    assert "give the summary's counts exactly" in text
    for regime in results_regimes[1:]:
        assert f"- {regime}: mean " in text
    assert "Pools at" in text
    return text


def test_notebook_runs_on_the_synthetic_file(synthetic_path, synthetic):
    text = _check(run_notebook(synthetic_path), synthetic.regimes)
    # the fixture's first pool is always busy: the notebook finds it saturated
    assert "beijiang.berths (100%)" in text
    # and the finding about the reform's mean is the table's number
    from clearsim_analysis import compare
    from clearsim_analysis.report import describe_change
    t = compare(synthetic, statistics=("mean",), directions=["import"], measures=("overall",))
    row = t[t["regime"] == "reform"].iloc[0]
    assert f"- reform: mean {describe_change(row)}" in text


def test_notebook_runs_on_a_file_written_by_clearsim(real_path, real):
    _check(run_notebook(real_path), real.regimes)


def test_an_assertion_cell_stops_the_notebook(tmp_path):
    """If the simulator's summary disagreed with the records, the notebook must not go on."""
    path = synth.write_synthetic(str(tmp_path / "tampered.h5"), calls=4)
    with h5py.File(path, "r+") as f:
        ds = f["runs/reform/replication_0001/summary"]
        rows = ds[()]
        rows["count"][0] += 1
        ds[...] = rows
    with pytest.raises(CellExecutionError, match="counts differ"):
        run_notebook(path)
