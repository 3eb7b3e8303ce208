#!/usr/bin/python3
"""Runs `clearsim run SCENARIO --regime baseline` and its SimPy twin (simpy_port.py)
alternately, prints their speeds side by side with the ratio, and checks that the twin gives
the same means: per direction, the mean overall time, the mean customs-only time, the share
inspected, and after the release the mean of each stage to departure (models/stages.hpp:
to the rail yard, the rail-end checks, departure) and the share that missed its vessel or
train; each compared by a Welch t interval of the difference of the two replication means
(the share inspected by a two-proportion interval), Bonferroni over all comparisons, 95 %
for the family. Exits 1 if a difference is significant, 77 if SimPy or PyYAML is not
installed (`make deps-bench`).

    check_port_twin.py BUILD_DIR [SCENARIO] [--horizon 6d] [--warmup 2d] [--replications 3]
                       [--rounds 2] [--no-speed]

Speed is counted boxes (those arriving in [warm-up, horizon), the same boxes on both sides)
per CPU second of the whole process, user + system, taken from the child's rusage; clearsim
runs on one thread (-j 1) and writes no records, as the twin. The lines have bench/run-all's
columns.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET_RATIO = 50.0  # issue 14: the port model >= 50x its SimPy twin per box
MEASURES = (("overall_mean", "overall"), ("customs_mean", "customs-only"),
            ("inspected", "inspected"))
# After the release, the stages each direction goes through (the others are 0 on both sides).
AFTER_RELEASE = {
    "import": (("after_release_departure", "pick-up"),),
    "export": (("after_release_departure", "loading"),
               ("missed_departure_share", "missed vessel")),
    "rail_transit": (("after_release_to_rail_yard", "to rail yard"),
                     ("after_release_rail_checks", "rail checks"),
                     ("after_release_departure", "train wait"),
                     ("missed_departure_share", "missed train")),
}


def timed(command):
    """Runs command; returns (stdout, wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"check_port_twin: {' '.join(command)} failed ({done.returncode}):\n"
                 f"{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done.stdout, wall, cpu


def directions(result):
    return {d["direction"]: d for d in result["directions"]}


def clearsim_directions(result):
    """The per-direction means from `clearsim run --format json` (one row per statistic)."""
    keys = {("overall", "mean"): "overall_mean", ("customs", "mean"): "customs_mean",
            ("inspected", "share"): "inspected", ("cleared", "per_replication"): "cleared",
            ("after_release", "to_rail_yard"): "after_release_to_rail_yard",
            ("after_release", "rail_checks"): "after_release_rail_checks",
            ("after_release", "departure"): "after_release_departure",
            ("missed_departure_share", "share"): "missed_departure_share"}
    out = {}
    for row in result["rows"]:
        key = keys.get((row["measure"], row["statistic"]))
        if key is None or row["group"] not in ("import", "export", "rail_transit"):
            continue
        d = out.setdefault(row["group"], {"direction": row["group"]})
        d[key] = row["value"]
        d[key + "_ci95"] = row["value_ci95"]
    return out


def counted(by_direction, replications):
    return sum(d["cleared"] for d in by_direction.values()) * replications


def welch(m1, h1, m2, h2, n, level):
    """Interval of m1 - m2 from two means with 95 % half-widths over n replications each."""
    t95 = stats.t.ppf(0.975, n - 1)
    s1, s2 = (h1 / t95) ** 2, (h2 / t95) ** 2  # squared standard errors
    se = (s1 + s2) ** 0.5
    if se == 0:
        return m1 - m2, 0.0
    df = (s1 + s2) ** 2 / ((s1 ** 2 + s2 ** 2) / (n - 1)) if s1 + s2 > 0 else n - 1
    return m1 - m2, stats.t.ppf(1 - (1 - level) / 2, df) * se


def proportions(p1, n1, p2, n2, level):
    """Interval of p1 - p2 from two shares of n1 and n2 independent boxes (each box's
    selection is its own draw on both sides)."""
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    se = (pooled * (1 - pooled) * (1 / n1 + 1 / n2)) ** 0.5
    return p1 - p2, stats.norm.ppf(1 - (1 - level) / 2) * se


def line(label, metric, value, unit, note=""):
    print(f"{label:<28} {metric:<22} {value:14.3f} {unit}{'  ' + note if note else ''}",
          flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build")
    ap.add_argument("scenario", nargs="?",
                    default=os.path.join(HERE, "..", "..", "scenarios", "tianjin.yaml"))
    ap.add_argument("--horizon", default="6d")
    ap.add_argument("--warmup", default="2d")
    ap.add_argument("--replications", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--no-speed", action="store_true", help="only the check of the means")
    args = ap.parse_args()
    try:
        import simpy  # noqa: F401
        import yaml  # noqa: F401
    except ImportError as e:
        print(f"check_port_twin: {e.name} not installed (make deps-bench): skipped",
              file=sys.stderr)
        return 77
    n = args.replications
    window = ["--horizon", args.horizon, "--warmup", args.warmup]
    clearsim = [os.path.join(args.build, "clearsim"), "run", args.scenario, "--regime",
                "baseline", "-n", str(n), "-j", "1", "-q", "--format", "json"] + window
    twin = ["/usr/bin/python3", os.path.join(HERE, "simpy_port.py"), args.scenario,
            "--replications", str(n)] + window

    ours = theirs = None
    rates = {"clearsim": [], "simpy": []}
    for r in range(1, (1 if args.no_speed else args.rounds) + 1):
        out, wall, cpu = timed(clearsim)
        ours = clearsim_directions(json.loads(out))
        boxes = counted(ours, n)
        rates["clearsim"].append(boxes / cpu)
        if not args.no_speed:
            line(f"port-clearsim-r{r}", "boxes/cpu-s", boxes / cpu / 1e3, "k")
            line(f"port-clearsim-r{r}", "cpu", cpu, "s")
            line(f"port-clearsim-r{r}", "wall", wall, "s")
        out, wall, cpu = timed(twin + ["--seed", str(r)])
        theirs = directions(json.loads(out))
        boxes = counted(theirs, n)
        rates["simpy"].append(boxes / cpu)
        if not args.no_speed:
            line(f"port-simpy-r{r}", "boxes/cpu-s", boxes / cpu / 1e3, "k",
                 f"round {r}: clearsim/simpy {rates['clearsim'][-1] / rates['simpy'][-1]:.1f}x")
            line(f"port-simpy-r{r}", "cpu", cpu, "s")
            line(f"port-simpy-r{r}", "wall", wall, "s")
    if not args.no_speed:
        ratio = (sum(rates["clearsim"]) / len(rates["clearsim"])) / (
            sum(rates["simpy"]) / len(rates["simpy"]))
        line("port clearsim/simpy", "boxes/cpu-s ratio", ratio, "x",
             f"target >= {TARGET_RATIO:.0f}x: {'met' if ratio >= TARGET_RATIO else 'NOT met'}")

    # The check of the means (the twin's last round against clearsim's, which never varies).
    comparisons = [(d, key, label) for d in ours
                   for key, label in MEASURES + AFTER_RELEASE.get(d, ())]
    level = 1 - 0.05 / len(comparisons)
    failed = 0
    print(f"twin check: {n} replications, horizon {args.horizon}, warm-up {args.warmup}; "
          f"each mean with its 95 % half-width over replications; "
          f"difference clearsim - simpy with its {100 * level:.2f} % interval "
          f"(95 % for all {len(comparisons)} together)", file=sys.stderr)
    for d, key, label in comparisons:
        if d not in theirs:
            print(f"  {d}: missing in the twin", file=sys.stderr)
            failed += 1
            continue
        a, b = ours[d], theirs[d]
        if key == "inspected":  # clearsim gives no interval for a share: a binomial test
            diff, half = proportions(a[key], a["cleared"] * n, b[key], b["cleared"] * n, level)
        else:
            diff, half = welch(a[key], a[key + "_ci95"], b[key], b[key + "_ci95"], n, level)
        ok = abs(diff) <= half
        failed += not ok
        print(f"  {d:<13} {label:<14} clearsim {a[key]:9.4f} ± {a.get(key + '_ci95') or 0:7.4f}"
              f"   simpy {b[key]:9.4f} ± {b.get(key + '_ci95') or 0:7.4f}   "
              f"diff {diff:+8.4f} ± {half:.4f}  {'ok' if ok else 'DIFFERENT'}", file=sys.stderr)
    if failed:
        print(f"check_port_twin: {failed} of {len(comparisons)} means differ", file=sys.stderr)
        return 1
    print("check_port_twin: same means within their intervals", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
