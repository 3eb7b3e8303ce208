"""`pip install -e analysis` works offline against Debian's packages (analysis/README.md):
into a virtual environment that sees the system's site packages."""
import os
import subprocess
import sys

from tests.conftest import ANALYSIS


def test_editable_install_in_a_venv(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip",
                    str(venv)], check=True, timeout=120)
    python = str(venv / "bin" / "python")
    install = subprocess.run(
        [python, "-m", "pip", "install", "--no-build-isolation", "--no-deps", "--no-index",
         "--disable-pip-version-check", "-e", ANALYSIS],
        capture_output=True, text=True, timeout=300,
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_USER")})
    assert install.returncode == 0, install.stdout + install.stderr
    # from elsewhere, without PYTHONPATH: the installed package is this source tree
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run([python, "-c", "import clearsim_analysis, clearsim_analysis.report; "
                            "print(clearsim_analysis.__file__)"],
                           capture_output=True, text=True, cwd=str(tmp_path), env=env, timeout=120)
    assert where.returncode == 0, where.stderr
    assert where.stdout.strip() == os.path.join(ANALYSIS, "clearsim_analysis", "__init__.py")
    script = subprocess.run([str(venv / "bin" / "clearsim-plots"), "--help"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert script.returncode == 0 and "results" in script.stdout
    # nothing written into the source tree
    assert not [n for n in os.listdir(ANALYSIS) if n.endswith(".egg-info") or n == "build"]
