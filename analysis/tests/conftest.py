"""Fixtures of the analysis tests (run: analysis/README.md).

``synthetic_path`` / ``synthetic``: a file written by tests/synthetic.py from docs/output.md.
``real_path`` / ``real``, ``cli_json``, ``clearsim``: a file written by clearsim itself, the
JSON it printed for the same run, and the binary — named by CLEARSIM_TEST_RESULTS,
CLEARSIM_TEST_JSON and CLEARSIM_BIN (tests/test_analysis.sh sets them). Without them those
tests are skipped, unless CLEARSIM_TEST_STRICT=1, which makes a missing one an error (the
CTest run sets it, so nothing is skipped there).
"""
import json
import os
import warnings

import pytest

from clearsim_analysis import load
from tests import synthetic as synth

ANALYSIS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPOSITORY = os.path.dirname(ANALYSIS)


def _external(variable: str) -> str:
    value = os.environ.get(variable)
    if value:
        return value
    if os.environ.get("CLEARSIM_TEST_STRICT") == "1":
        pytest.fail(f"{variable} is not set but CLEARSIM_TEST_STRICT=1 (tests/test_analysis.sh "
                    f"sets both)")
    pytest.skip(f"set {variable} to run (tests/test_analysis.sh does)")


@pytest.fixture(scope="session")
def synthetic_path(tmp_path_factory):
    return synth.write_synthetic(str(tmp_path_factory.mktemp("synthetic") / "synthetic.h5"))


@pytest.fixture(scope="session")
def synthetic(synthetic_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a clean file loads without warnings
        return load(synthetic_path)


@pytest.fixture(scope="session")
def real_path():
    return _external("CLEARSIM_TEST_RESULTS")


@pytest.fixture(scope="session")
def real(real_path):
    return load(real_path)


@pytest.fixture(scope="session")
def cli_json():
    with open(_external("CLEARSIM_TEST_JSON"), encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="session")
def clearsim():
    return _external("CLEARSIM_BIN")


def env_with_analysis_path(**extra):
    env = dict(os.environ)
    env["PYTHONPATH"] = ANALYSIS + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(extra)
    return env
