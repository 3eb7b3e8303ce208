"""`clearsim report`: the tables of a result file as text, and the HTML brief as a person
sees it — rendered by headless Chromium (Debian `chromium`) to a PNG that must not be
blank, with every figure present and drawn in the rendered page."""
import os
import re
import shutil
import subprocess

import numpy as np
import pytest

from clearsim_analysis import report

FIGURE = re.compile(r"<figure[^>]*>(.*?)</figure>", re.S)


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CLEARSIM_TEST_STRICT") == "1":
        pytest.fail("chromium is missing (make deps installs it)")
    pytest.skip("chromium is not installed")


def _headless(chromium, *args, timeout=240):
    return subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--no-first-run", "--disable-extensions", *args],
        capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def brief_html(clearsim, real_path, tmp_path_factory):
    path = tmp_path_factory.mktemp("brief") / "brief.html"
    done = subprocess.run([clearsim, "report", real_path, "--html", str(path)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return path


def test_report_prints_the_tables_without_rerunning(clearsim, real_path, real):
    done = subprocess.run([clearsim, "report", real_path], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    for regime in real.regimes:
        assert regime in done.stdout
    assert "where the hours go" in done.stdout and "pools (! at 90 %" in done.stdout


def test_report_refuses_a_missing_file(clearsim, tmp_path):
    done = subprocess.run([clearsim, "report", str(tmp_path / "none.h5")], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and "none.h5" in done.stderr


def test_the_brief_is_one_self_contained_file(brief_html, real):
    text = brief_html.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", text), \
        "the brief must open offline: no external resources"
    for heading in ("Headline", "TRS stage waterfall", "Release-time distributions",
                    "Pools", "Missed departures", "Costs", "Assumptions", "Validation"):
        assert heading in text, heading
    figures = FIGURE.findall(text)
    directions = [d for d in real.labels["direction"] if len(real.counted(direction=d))]
    assert len(figures) == 3 * len(directions)  # a waterfall and two ECDFs per direction
    assert all("<svg" in f for f in figures)


def test_the_brief_renders_in_headless_chromium(brief_html, tmp_path):
    chromium = _chromium()
    url = brief_html.resolve().as_uri()
    # Every figure, in the DOM as the browser parsed it: an <svg> with drawn paths.
    dom = _headless(chromium, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    figures = FIGURE.findall(dom.stdout)
    assert figures, "no figure in the rendered page"
    for i, f in enumerate(figures):
        assert "<svg" in f and f.count("<path") >= 10, f"figure {i} did not load"
    # What a person sees: a PNG of the page that is not blank.
    png = tmp_path / "brief.png"
    shot = _headless(chromium, "--window-size=1200,3000", f"--screenshot={png}", url)
    assert shot.returncode == 0 and png.exists(), shot.stderr[-2000:]
    from matplotlib import image
    pixels = image.imread(str(png))[..., :3]
    assert pixels.shape[0] >= 1000 and pixels.shape[1] >= 1000
    not_white = (pixels < 0.9).any(axis=2).mean()
    colours = len(np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0))
    assert not_white > 0.02, f"the page is nearly blank ({not_white:.1%} of pixels drawn)"
    assert colours > 50, f"only {colours} colours: figures missing"


def test_assumptions_come_from_the_scenarios_own_tags():
    text = "a: 1  # [assumed] a guess\nb: 2  # [GAC 2019] published\nc: 3  # no tag\n"
    a = report.assumptions(text)
    assert list(a["setting"]) == ["a: 1", "b: 2"]
    assert list(a["kind"]) == ["assumption", "source"]
