#!/usr/bin/env python3
"""Writes the bad-scenario corpus: NN-name.yaml (the bad input) and NN-name.expect (what
`clearsim` must answer), checked end to end by tests/test_bad_scenarios.sh.

The generated files are committed so that the corpus can be read without running this
script; rerun it (python3 tests/bad_scenarios/make_corpus.py) after changing a case here.
It never touches README.md, KNOWN_FAILURES or files it did not generate.

Most cases are one small edit of a copy of tests/scenarios/minimal.yaml. Where the error
must point is given as an anchor: a piece of the bad document with '|' at the place the
reported line:column must name (1-based; columns count characters, not bytes). The
expected positions are thus worked out from the text, never copied from the program's
output, so a wrong position shows up as a failing case.

.expect format, one directive per line ('#' starts a comment line):
  exit N              expected exit status
  stderr TEXT         TEXT must occur in stderr (@FILE@ = the scenario path passed,
                      @OUT@ = the --out path, @TMP@ = the driver's scratch directory)
  not-stderr TEXT     TEXT must not occur in stderr
  command C           run (default), validate or compare
  scenario PATH       the scenario argument instead of NN-name.yaml (relative to this
                      folder unless absolute; @TMP@, @MINIMAL@; @NONE@ = no argument)
  arg VALUE           one extra argument; naming one of the standard options
                      (--replications --horizon --warmup --out --quiet) replaces it
  setup unreadable    copy minimal.yaml to @TMP@/unreadable.yaml with mode 000
  setup fifo          make @TMP@/pipe.yaml a named pipe (FIFO) that nobody writes to
  setup huge          make @TMP@/huge.yaml a sparse file of 20 MiB
  setup many-keys     minimal.yaml + a mapping `extra` of 150,000 keys, as @TMP@/many-keys.yaml
  setup long-scalar   minimal.yaml + `inspection: {policy: ` and 100,000 x's, as
                      @TMP@/long-scalar.yaml
  stdout any          stdout may be non-empty (validate prints its report)
  stderr-lines any    stderr may have several lines (validate's warnings)
"""

import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = open(os.path.join(HERE, "..", "scenarios", "minimal.yaml"), encoding="utf-8").read()

CASES = []  # (name, body or None, expect lines)

# Comment lines written at the top of a case's .expect file.
NOTES = {
    "04-directory": "04-directory.yaml is a directory (holding only a README).",
    "06-path-through-a-file": "06-path-through-a-file.yaml is a regular file, so the path through it\n"
        "fails with ENOTDIR: unreadable even for root.",
    "07-unreadable-file": "Mode 000. As root the driver drops CAP_DAC_OVERRIDE with capsh (or skips).",
    "11-unclosed-bracket": "The position is yaml-cpp's: two lines below the unclosed '{'.",
    "65-absurd-boxes-per-call": "Fixed: box counts once had no upper bound; 1e12 was accepted and the run\n"
        "allocated until killed. A mean above 20,000 boxes per call is now a scenario error.",
    "66-absurd-boxes-per-call-mean": "Fixed: as 65, with a distribution whose mean is absurd.",
    "90-regime-error-names-its-regime": "Only regime 'reform' is invalid (it combines machine_first and gate, which\n"
        "together need gate scanners); the position is in gate's overlay.",
    "100-deep-nesting": "The reader stops at 64 levels and reports the last node it accepted.",
    "101-very-deep-nesting": "Fixed: past ~500 levels yaml-cpp's depth guard fired first with 'bad file';\n"
        "the reader now says the nesting is too deep before yaml-cpp sees it.",
    "102-alias-bomb": "The position is inside the aliased node 'a' (line 7); only the path is checked.",
    "105-column-after-chinese-name": "Fixed: columns count characters ('码头' is 2), not yaml-cpp's bytes (6).",
    "119-cli-seed-negative": "Fixed: boost::program_options read -1 into the unsigned seed as 2^64-1.",
    "120-cli-out-empty": "Fixed: --out '' ran every replication, then failed to move the file into place.",
    "130-validate-unstable": "Valid, but too little inspection capacity: validate exits 0 and warns on\n"
        "stderr about the inspection resources, and only about them.",
    "131-run-max-in-port": "The runaway guard stops the unstable scenario of case 130, after run has warned of the pools predicted at rho >= 1.",
}


def edit(text, *pairs):
    """`text` with each FROM (which must occur exactly once) replaced by TO."""
    for old, new in zip(pairs[::2], pairs[1::2]):
        count = text.count(old)
        if count != 1:
            sys.exit(f"make_corpus: {old!r} occurs {count} times")
        text = text.replace(old, new)
    return text


def position(doc, anchor):
    """1-based line and column (in characters) of the '|' in `anchor`, found in `doc`."""
    bar = anchor.index("|")
    plain = anchor[:bar] + anchor[bar + 1:]
    at = doc.find(plain)
    if at < 0 or doc.find(plain, at + 1) >= 0:
        sys.exit(f"make_corpus: anchor {anchor!r} not found exactly once")
    before = doc[:at + bar]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return line, column


def case(name, doc, anchor, path, *fragments, status=2, extra=()):
    """A scenario error: `file:line:col: path:` at the anchor, then each fragment."""
    expect = [f"exit {status}"]
    if anchor == "@0:0":
        prefix = "@FILE@:0:0:"
    else:
        line, column = position(doc, anchor)
        prefix = f"@FILE@:{line}:{column}:"
    expect.append(f"stderr {prefix} {path}:" if path else f"stderr {prefix}")
    expect += [f"stderr {f}" for f in fragments]
    expect += list(extra)
    CASES.append((name, doc, expect))


def raw(name, doc, expect):
    CASES.append((name, doc, list(expect)))


def base(*pairs):
    return edit(BASE, *pairs)


def nested(depth):
    return BASE + "extra: " + "[" * depth + "]" * depth + "\n"


def alias_bomb():
    text, previous = "a: &a [x, x, x, x, x, x, x, x, x, x]\n", "a"
    for name in "bcdefg":
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
        previous = name
    return base("seed: 42\n", "seed: 42\n" + text)


def garbage():
    # Fixed "random" bytes: the corpus must not change from one generation to the next.
    data = bytearray(random.Random(20261126).randbytes(512))
    data[0] = 0x89  # a lone continuation byte: never valid UTF-8, whatever follows
    return bytes(data)


# ---- the file itself ---------------------------------------------------------------------

raw("01-empty-file", "", ["exit 2", "stderr @FILE@:0:0: the file is empty"])
raw("02-only-comments", "# a scenario that was never written\n#\n\n   # still nothing\n",
    ["exit 2", "stderr @FILE@:0:0: the scenario is empty"])
raw("03-binary-garbage", garbage(),
    ["exit 2", "stderr @FILE@:1:1: not a YAML text file: byte 0x89"])
raw("04-directory", None,  # 04-directory.yaml is a directory in the corpus
    ["exit 2", "stderr @FILE@:0:0: is a directory, not a scenario file"])
raw("05-missing-file", None,
    ["scenario @TMP@/no-such-scenario.yaml", "exit 2",
     "stderr @FILE@:0:0: cannot open: No such file or directory"])
raw("06-path-through-a-file", None,  # 06-path-through-a-file.yaml is a regular file
    ["scenario 06-path-through-a-file.yaml/scenario.yaml", "exit 2",
     "stderr @FILE@:0:0: cannot open: Not a directory"])
raw("07-unreadable-file", None,
    ["setup unreadable", "scenario @TMP@/unreadable.yaml", "exit 2",
     "stderr @FILE@:0:0: cannot open: Permission denied"])
raw("08-dev-null", None, ["scenario /dev/null", "exit 2",
                          "stderr /dev/null:0:0: is a character device, not a regular file"])
case("09-top-level-is-a-list", "- name: x\n- name: y\n", "|- name: x", "",
     "expected a mapping of scenario keys")
latin1 = base("name: minimal port", "name: caf\xe9 port").encode("latin-1")
line, _ = position(BASE, "|name: minimal port")
raw("10-latin1-not-utf8", latin1,  # 'café' saved as Latin-1: byte 0xE9 at "caf|é"
    ["exit 2", f"stderr @FILE@:{line}:10: not a YAML text file: byte 0xE9",
     "stderr not valid UTF-8"])

# Files that are not files: before they were refused, a FIFO blocked for ever and a device
# was read until memory ran out.
raw("18-fifo", None, ["setup fifo", "scenario @TMP@/pipe.yaml", "exit 2",
                      "stderr @FILE@:0:0: is a named pipe (FIFO), not a regular file"])
raw("19-dev-zero", None, ["scenario /dev/zero", "exit 2",
                          "stderr /dev/zero:0:0: is a character device, not a regular file"])
raw("190-dev-urandom", None, ["scenario /dev/urandom", "exit 2",
                              "stderr /dev/urandom:0:0: is a character device"])
raw("191-file-too-large", None,
    ["setup huge", "scenario @TMP@/huge.yaml", "exit 2",
     "stderr @FILE@:0:0: is 20971520 bytes, more than a scenario may be (16 MiB)"])
raw("192-fifo-validate", None, ["setup fifo", "command validate", "scenario @TMP@/pipe.yaml",
                                "exit 2", "stderr is a named pipe (FIFO)"])

# ---- YAML syntax ---------------------------------------------------------------------------

doc = base("    - {name: quay, kind: berth, district: east}",
           "    - {name: quay, kind: berth, district: east")
# yaml-cpp notices the missing '}' only two items further down the block list; the
# position is yaml-cpp's (the bracket opens two lines earlier).
case("11-unclosed-bracket", doc, "east}\n    |- {name: east_gate", "", "YAML syntax error")
doc = base("    berths: 2", "      berths: 2")
case("12-bad-indentation", doc, "      berths|: 2", "", "YAML syntax error: illegal map value")
doc = base("    berths: 2", "\tberths: 2")
case("13-tab-indentation", doc, "|\tberths", "", "YAML syntax error",
     "illegal tab when looking for indentation")
doc = "# a stray comma\n,name: x\n" + BASE
case("14-stray-comma", doc, "|,name: x", "", "YAML syntax error: unexpected ','")
doc = BASE + "---\nname: a second port\n"
case("15-two-documents", doc, "|---\nname: a second", "", "more than one YAML document")
doc = base("seed: 42\n", "seed: 42\nseed: 43\n")
case("16-duplicate-key-top-level", doc, "|seed: 43", "seed",
     f"duplicate key 'seed' (first given at line {position(BASE, '|seed: 42')[0]})")
doc = base("    bays: 8\n", "    bays: 8\n    bays: 9\n")
case("17-duplicate-key-nested", doc, "    |bays: 9", "inspection_sites[0].bays",
     f"duplicate key 'bays' (first given at line {position(BASE, '    |bays: 8')[0]})")

# ---- structure: unknown keys, types, missing keys ----------------------------------------

doc = base("seed: 42", "sede: 42")
case("20-unknown-key-top-level", doc, "|sede", "sede", "unknown key 'sede' (did you mean 'seed'?)")
doc = base("    berths: 2", "    berth: 2")
case("21-unknown-key-district", doc, "    |berth: 2", "districts[0].berth",
     "unknown key 'berth' (did you mean 'berths'?)")
doc = base("mode: 8min", "mde: 8min")
case("22-unknown-distribution-parameter", doc, "|mde: 8min",
     "inspection_sites[0].scan_time.triangular.mde",
     "unknown parameter 'mde' of triangular (did you mean 'mode'?)")
doc = base("      inspection: {policy: joint}", "      inspection: {polcy: joint}")
case("23-unknown-key-in-regime", doc, "inspection: {|polcy", "regimes.joint.set.inspection.polcy",
     "unknown key 'polcy' (did you mean 'policy'?)")
doc = base("seed: 42", "seed: 42\ncolour: red")
case("24-unknown-key-no-suggestion", doc, "|colour",
     "colour", "unknown key 'colour'; expected one of: name, horizon")
doc = base("cargo_mix: {general: 0.8, reefer: 0.1, food: 0.05, ecommerce: 0.05}",
           "cargo_mix: [general, reefer, food, ecommerce]")
case("25-list-where-mapping", doc, "cargo_mix: |[general", "cargo_mix",
     "expected a mapping, got a list")
doc = base("    berths: 2", "    berths: {count: 2}")
case("26-mapping-where-value", doc, "berths: |{count", "districts[0].berths",
     "expected a single value, got a mapping")
doc = base("    berths: 2", "    berths: two")
case("27-word-where-integer", doc, "berths: |two", "districts[0].berths",
     "expected a whole number, got 'two'")
doc = base("    cranes: 3", "    cranes: 2.5")
case("28-fraction-where-integer", doc, "cranes: |2.5", "services[0].cranes",
     "expected a whole number, got '2.5'")
doc = base("name: minimal port\n", "")
case("29-missing-name", doc, "|horizon: 14d", "name", "missing required key 'name'")
doc = base("    yard_node: stacks\n", "")
case("30-missing-district-key", doc, "  - |name: east\n    berths", "districts[0].yard_node",
     "missing required key 'yard_node'")
doc = base("    bays: 8\n", "")
case("31-missing-site-key", doc, "  - |name: central", "inspection_sites[0].bays",
     "missing required key 'bays'")
doc = base("credit_mix: {advanced_certified: 0.1, general_certified: 0.3, ordinary: 0.55, "
           "discredited: 0.05}\n", "")
case("32-missing-section", doc, "|name: minimal port", "credit_mix",
     "missing required key 'credit_mix'")

# ---- keys of the earlier format (before agencies were data) ------------------------------

doc = base("      inspection: {policy: joint}", "      inspection: {mode: joint}")
case("33-old-key-inspection-mode", doc, "inspection: {|mode", "regimes.joint.set.inspection.mode",
     "unknown key 'mode': `inspection.mode` is now `inspection.policy`")
doc = base("    exam_sites: {customs: central, ciq: central}",
           "    customs_site: central\n    ciq_site: central")
case("34-old-key-customs-site", doc, "    |customs_site", "districts[0].customs_site",
     "customs_site/ciq_site are now `exam_sites: {customs: ..., ciq: ...}`")
doc = base("        machine_first: {share: 1, open_after_review: 0.1, image_officers: 2, "
           "image_review: 10min}", "        machine_first: true")
case("35-old-machine-first-flag", doc, "machine_first: |true",
     "regimes.machine_first.set.inspection.machine_first",
     "expected a mapping, got 'true'; `inspection.machine_first` is now a mapping")
doc = base("    teams: {customs: 5, ciq: 4}", "    customs_teams: 5\n    ciq_teams: 4")
case("36-old-key-customs-teams", doc, "    |customs_teams", "inspection_sites[0].customs_teams",
     "customs_teams/ciq_teams are now `teams: {customs: ..., ciq: ...}`")

# ---- values: units ----------------------------------------------------------------------

doc = base("  train_interval: 12h", "  train_interval: 5 hrs")
case("40-duration-with-space", doc, "train_interval: |5 hrs", "rail.train_interval",
     "no space allowed between number and unit in '5 hrs'")
doc = base("  transit_check: 2h", "  transit_check: -3h")
case("41-duration-negative", doc, "transit_check: |-3h", "rail.transit_check",
     "a duration cannot be negative, got '-3h'")
doc = base("    risk_assessment: 5min", "    risk_assessment: 1e400h")
case("42-duration-overflow", doc, "risk_assessment: |1e400h", "agencies.customs.risk_assessment",
     "'1e400h' is out of range")
doc = base("    export_window: 48h", "    export_window: 3hours")
case("43-duration-unit-spelled-out", doc, "export_window: |3hours", "services[1].export_window",
     "unknown time unit 'hours' in '3hours'")
doc = base("  transit_check: 2h", "  transit_check: 45")
case("44-duration-without-unit", doc, "transit_check: |45", "rail.transit_check",
     "expected a duration with a unit, e.g. 45min, 2.5h, 3d; got '45'")
doc = base("rate: 1.5/h", "rate: 12/fortnight")
case("45-rate-unknown-unit", doc, "rate: |12/fortnight", "box_streams[0].rate",
     "unknown time unit 'fortnight' in '12/fortnight'")
doc = base("    calls: 2/day", "    calls: 2")
case("46-rate-without-unit", doc, "calls: |2\n", "services[1].calls", "expected a rate")
doc = base("warmup: 2d", "warmup: 2 days")
case("47-warmup-with-space", doc, "warmup: |2 days", "warmup", "no space allowed")

# ---- values: ranges ---------------------------------------------------------------------

doc = base("  train_interval: 12h", "  train_interval: 0h")
case("50-zero-train-interval", doc, "train_interval: |0h", "rail.train_interval",
     "must be > 0, got '0h'")
doc = base("rate: 1.5/h", "rate: 0/h")
case("51-zero-stream-rate", doc, "rate: |0/h", "box_streams[0].rate", "must be > 0, got '0/h'")
doc = base("    crane_rate: 22/h", "    crane_rate: -22/h")
case("52-negative-crane-rate", doc, "crane_rate: |-22/h", "services[1].crane_rate",
     "a rate cannot be negative, got '-22/h'")
doc = base("    export_window: 48h", "    export_window: 0h")
case("53-zero-export-window", doc, "export_window: |0h", "services[1].export_window",
     "must be > 0, got '0h'")
doc = base("horizon: 14d", "horizon: 0d")
case("54-zero-horizon", doc, "horizon: |0d", "horizon", "must be > 0")
doc = base("    officers: 20", "    officers: 0")
case("55-zero-officers", doc, "officers: |0", "agencies.customs.officers",
     "must be >= 1, got '0'")
doc = base("    rail_share: 0.1", "    rail_share: 1.2")
case("56-probability-above-one", doc, "rail_share: |1.2", "services[0].rail_share",
     "a probability must be between 0 and 1, got '1.2'")
doc = base("  yellow_share: 0.1", "  yellow_share: -0.1")
case("57-probability-negative", doc, "yellow_share: |-0.1", "selection.yellow_share",
     "a probability must be between 0 and 1, got '-0.1'")
doc = base("open_after_review: 0.1,", "open_after_review: 10,")
case("58-probability-in-regime", doc, "open_after_review: |10",
     "regimes.machine_first.set.inspection.machine_first.open_after_review",
     "a probability must be between 0 and 1, got '10'")
doc = base("cargo_mix: {general: 0.8,", "cargo_mix: {general: 0.9,")
case("59-cargo-mix-not-one", doc, "cargo_mix: |{general: 0.9", "cargo_mix",
     "shares must sum to 1, but sum to 1.1")
doc = base("ordinary: 0.55, discredited: 0.05}", "ordinary: 0.45, discredited: 0.05}")
case("60-credit-mix-not-one", doc, "credit_mix: |{advanced", "credit_mix",
     "shares must sum to 1, but sum to 0.9")
doc = base("    officers: 20", "    officers: 010")
case("61-octal-looking-number", doc, "officers: |010", "agencies.customs.officers",
     "'010' has a leading zero")
doc = base("single_window: true,", "single_window: yes,")
case("62-yes-as-boolean", doc, "single_window: |yes", "regimes.reform.set.documents.single_window",
     "expected true or false, got 'yes'")
doc = base("    berths: 2", "    berths: 1000000000")
case("63-billion-berths", doc, "berths: |1000000000", "districts[0].berths",
     "'1000000000' is an absurd size (more than 1000000)")
doc = base("    scanners: 1", "    scanners: 1000000000000")
case("64-trillion-scanners", doc, "scanners: |1000000000000", "inspection_sites[0].scanners",
     "is an absurd size")
# Box counts are distributions, read as plain numbers >= 0 with no upper bound: 1e12 boxes
# per call is accepted, and the run then allocates until it is killed. It should be refused
# as absurd like capacities are.
doc = base("    discharge_boxes: {normal: {mean: 80, sd: 20}}", "    discharge_boxes: 1e12")
case("65-absurd-boxes-per-call", doc, "discharge_boxes: |1e12", "services[1].discharge_boxes",
     "absurd")
doc = base("    load_boxes: 60", "    load_boxes: {normal: {mean: 2000000, sd: 1000}}")
case("66-absurd-boxes-per-call-mean", doc, "load_boxes: |{normal",
     "services[1].load_boxes", "absurd")
doc = base("  - {name: barges, district: east, rate: 1.5/h, direction: export}",
           "  - {name: barges, district: east, rate: 1.5/h, direction: exports}")
case("67-unknown-choice", doc, "direction: |exports", "box_streams[0].direction",
     "did you mean 'export'?")

# ---- distributions ----------------------------------------------------------------------

doc = base("    review: {exponential: {mean: 30min}}", "    review: {poisson: {mean: 30min}}")
case("70-unknown-distribution", doc, "review: {|poisson", "agencies.customs.review.poisson",
     "unknown distribution 'poisson'; known: deterministic, exponential")
doc = base("    exam: {triangular: {min: 1h, mode: 2h, max: 6h}}",
           "    exam: {triangular: {min: 1h, mode: 8h, max: 6h}}")
case("71-triangular-mode-outside", doc, "exam: |{triangular", "agencies.ciq.exam",
     "invalid distribution: triangular: mode must be in [min, max]")
doc = base("cv: 0.6}", "cv: 0}")
case("72-lognormal-cv-zero", doc, "exam: |{lognormal", "agencies.customs.exam",
     "invalid distribution: lognormal_mean_cv: cv must be finite and > 0, got 0")
doc = base("cv: 0.6}", "cv: -0.6}")
case("73-lognormal-cv-negative", doc, "exam: |{lognormal", "agencies.customs.exam",
     "cv must be finite and > 0, got -0.6")
doc = base("    review: {gamma: {mean: 45min, cv: 0.5}}",
           "    review: {gamma: {mean: 45min, sd: 10min}}")
case("74-wrong-parameter-set", doc, "mean: 45min, |sd", "agencies.ciq.review.gamma.sd",
     "unknown parameter 'sd' of gamma")
doc = base("    calls: 2/day", "    calls: 2/day\n    weekly: [mon 06:00]")
case("75-weekly-and-calls", doc, "weekly: |[mon 06:00]", "services[1].weekly",
     "give either calls or weekly, not both")
doc = base("    weekly: [thu 18:30, mon 06:00]", "    weekly: [thu 18:30, monday 06:00]")
case("76-weekly-day-spelled-out", doc, "18:30, |monday", "services[0].weekly[1]",
     "expected a weekly time '<day> HH:MM'")
doc = base("probabilities: [0.5, 0.3, 0.2]", "probabilities: [0.5, 0.3, 0.3]")
case("77-empirical-not-one", doc, "delay: |{empirical", "release.delay",
     "invalid distribution: discrete_empirical")

# Distributions whose parameters are each in range but that no run can reproduce: before
# they were refused, validate printed "-nan %" and runs produced NaN or inf times.
doc = base("    exam: {lognormal: {mean: 3h, cv: 0.6}}", "    exam: {lognormal: {mean: 3h, cv: 1e200}}")
case("170-lognormal-huge-cv", doc, "exam: |{lognormal", "agencies.customs.exam",
     "invalid distribution: some draws would be not a number")
doc = base("    exam: {triangular: {min: 1h, mode: 2h, max: 6h}}",
           "    exam: {weibull: {shape: 0.001, scale: 2h}}")
case("171-weibull-vanishing-shape", doc, "exam: |{weibull", "agencies.ciq.exam",
     "invalid distribution: its mean is infinite")
doc = base("    review: {gamma: {mean: 45min, cv: 0.5}}", "    review: {normal: {mean: 45min, sd: 1e300h}}")
case("172-infinite-variance", doc, "review: |{normal", "agencies.ciq.review",
     "invalid distribution: its variance is infinite")
doc = base("  pickup: {empirical_cdf: {values: [2h, 12h, 3d], cdf: [0, 0.6, 1]}}",
           "  pickup: {lognormal: {mu: 705, sigma: 1}}")
case("173-overflowing-draws", doc, "pickup: |{lognormal", "release.pickup",
     "invalid distribution: some draws would be infinite")
doc = base("    exam: {lognormal: {mean: 3h, cv: 0.6}}", "    exam: {gamma: {mean: 3h, cv: 1e7}}")
case("174-unreachable-tail", doc, "exam: |{gamma", "agencies.customs.exam",
     "of the mean comes from values rarer than 1 in 10^16, which no run can draw")
doc = base("    exam: {lognormal: {mean: 3h, cv: 0.6}}",
           "    exam: {lognormal: {mean: 3h, cv: 0.6}, min: 1d, max: 2h}")
case("175-bounds-in-the-wrong-order", doc, "exam: |{lognormal", "agencies.customs.exam",
     "invalid distribution: truncated:")
doc = base("    exam: {lognormal: {mean: 3h, cv: 0.6}}", "    exam: {lognormal: {mean: 3h, cv: 1e200}}")
raw("176-validate-infinite-mean", doc,
    ["command validate", "exit 2", "stderr invalid distribution: some draws would be not a number",
     "not-stderr nan %"])
doc = base("    crane_rate: 22/h", "    crane_rate: {lognormal: {mean: 22/h, cv: 1e200}}")
case("177-rate-distribution-not-a-number", doc, "crane_rate: |{lognormal", "services[1].crane_rate",
     "invalid distribution: some draws would be not a number")

# Zero, vanishing and absurd rates and horizons: before they were refused, a crane rate of
# 0/h was taken as 0.01 moves/h (a vessel at berth for years), an arrival rate of 1e308/day
# or a train every 10^-9 h kept `run` from ever ending.
doc = base("    crane_rate: 22/h", "    crane_rate: 0/h")
case("180-crane-rate-zero", doc, "crane_rate: |0/h", "services[1].crane_rate",
     "every draw must be at least 1/h, but this distribution can draw 0/h; bound it with min")
doc = base("    crane_rate: {uniform: {min: 25/h, max: 32/h}}",
           "    crane_rate: {uniform: {min: 0/h, max: 32/h}}")
case("181-crane-rate-from-zero", doc, "crane_rate: |{uniform", "services[0].crane_rate",
     "every draw must be at least 1/h")
doc = base("    crane_rate: 22/h", "    crane_rate: {exponential: {mean: 22/h}}")
case("182-crane-rate-vanishing-draws", doc, "crane_rate: |{exponential", "services[1].crane_rate",
     "every draw must be at least 1/h, but this distribution can draw 2.442e-15/h")
doc = base("rate: 1.5/h", "rate: 1e308/day")
case("183-arrival-rate-absurd", doc, "rate: |1e308/day", "box_streams[0].rate",
     "must be at most 10000/h, got '1e308/day'")
doc = base("horizon: 14d", "horizon: 1e7h")
case("184-horizon-too-long", doc, "horizon: |1e7h", "horizon", "must be at most 1000000h, got '1e7h'")
doc = base("replications: 3", "replications: 2147483647")
case("185-replications-too-many", doc, "replications: |2147483647", "replications",
     "'2147483647' is an absurd size (more than 10000)")
doc = base("  train_interval: 12h", "  train_interval: 1e-9h")
case("186-train-interval-vanishing", doc, "train_interval: |1e-9h", "rail.train_interval",
     "must be at least 1min, got '1e-9h'")
doc = base("    calls: 2/day", "    calls: 1e-12/h")
case("187-calls-vanishing", doc, "calls: |1e-12/h", "services[1].calls",
     "must be at least 1e-06/h, got '1e-12/h'")
doc = base("    crane_rate: 22/h", "    crane_rate: 22/s")
case("188-crane-rate-absurd", doc, "crane_rate: |22/s", "services[1].crane_rate",
     "the mean must be at most 1000/h, got 7.92e+04/h")

# ---- names and references ---------------------------------------------------------------

doc = base("  - name: feeder\n    district: east", "  - name: feeder\n    district: west")
case("80-undefined-district", doc, "    district: |west", "services[1].district",
     "unknown district 'west'; defined: east")
doc = base("{from: stacks, to: east_gate,", "{from: stacks, to: east_gatee,")
case("81-undefined-node", doc, "to: |east_gatee", "network.edges[1].to",
     "unknown node 'east_gatee' (did you mean 'east_gate'?)")
doc = base("{customs: central, ciq: central}", "{customs: centre, ciq: central}")
case("82-undefined-inspection-site", doc, "customs: |centre", "districts[0].exam_sites.customs",
     "unknown inspection site 'centre' (did you mean 'central'?); defined: central")
doc = base("    combine: [joint, machine_first]", "    combine: [joint, machine_frist]")
case("83-undefined-regime-in-combine", doc, "joint, |machine_frist", "regimes.reform.combine[1]",
     "unknown regime 'machine_frist' (did you mean 'machine_first'?)")
doc = BASE + "  a:\n    combine: [reform, b]\n  b:\n    combine: [a]\n"
case("84-combine-cycle", doc, "  b:\n    combine: [|a]", "regimes.b.combine[0]",
     "regimes combine each other in a cycle: a -> b -> a")
doc = base("    teams: {customs: 5, ciq: 4}\n", "    teams: {customs: 5, ciq: 4}\n  - name: spare\n"
           "    node: checks\n    bays: 1\n    teams: {customs: 1}\n")
case("85-inspection-site-unused", doc, "  - |name: spare", "inspection_sites[1]",
     "inspection site 'spare' is used by no district")
doc = base("    - {from: stacks, to: checks, transfer: {uniform: {min: 10min, max: 25min}}}\n", "")
case("86-inspection-site-unreachable", doc, "customs: |central", "districts[0].exam_sites.customs",
     "no route along network.edges from yard 'stacks' to inspection site 'central'")
doc = base("      rail: {transit_check_share: 0}", "      rail: {transit_check_shares: 0}")
case("87-regime-unknown-parameter", doc, "rail: {|transit_check_shares",
     "regimes.reform.set.rail.transit_check_shares",
     "unknown key 'transit_check_shares' (did you mean 'transit_check_share'?)")
doc = base("      inspection: {policy: joint}", "      inspection: {policy: joint}\n      seed: 7")
case("88-regime-changes-seed", doc, "      |seed: 7", "regimes.joint.set.seed",
     "a regime cannot change 'seed': regimes share the run settings")
doc = base("    berth_node: quay", "    berth_node: stacks")
case("89-node-of-wrong-kind", doc, "berth_node: |stacks", "districts[0].berth_node",
     "must name a node of kind berth")
# reform combines machine_first (which scans every selected box first) and `gate` (which
# moves scanning to the gate, harmless alone since the base scans nothing): only reform
# needs gate scanners, and the message must say so, or the author looks for the mistake in
# `gate`, where the position is.
doc = base("    combine: [joint, machine_first]", "    combine: [joint, machine_first, gate]") + (
    "  gate:\n    set:\n      inspection: {machine_first: {place: gate}}\n")
case("90-regime-error-names-its-regime", doc, "place: |gate}",
     "regimes.gate.set.inspection.machine_first.place", "needs drive-through scanners",
     "(in regime 'reform')")
raw("91-cli-undefined-regime", None,
    ["scenario @MINIMAL@", "arg --regime", "arg nonesuch", "exit 2",
     "stderr unknown regime 'nonesuch'; defined: baseline, joint, machine_first, reform"])
raw("92-cli-misspelt-regime", None,
    ["scenario @MINIMAL@", "arg --regime", "arg jiont", "exit 2",
     "stderr unknown regime 'jiont' (did you mean 'joint'?)"])
raw("93-cli-compare-undefined-regime", None,
    ["command compare", "scenario @MINIMAL@", "arg --replications", "arg 2",
     "arg --regimes", "arg baseline,refrom", "exit 2",
     "stderr unknown regime 'refrom' (did you mean 'reform'?)"])

# ---- agencies and capacity -------------------------------------------------------------

doc = base("{customs: central, ciq: central}", "{customs: central, cia: central}")
case("94-unknown-agency-in-exam-sites", doc, "customs: central, |cia", "districts[0].exam_sites.cia",
     "unknown agency 'cia' (did you mean 'ciq'?); defined: customs, ciq")
doc = base("{customs: central, ciq: central}", "{customs: central}")
case("95-agency-without-exam-site", doc, "exam_sites: |{customs: central}",
     "districts[0].exam_sites.ciq", "no exam site for agency 'ciq': every agency needs one")
doc = base("teams: {customs: 5, ciq: 4}", "teams: {customs: 5, ciq: 4, quarantine: 1}")
case("96-teams-of-unknown-agency", doc, "ciq: 4, |quarantine", "inspection_sites[0].teams.quarantine",
     "unknown agency 'quarantine'; defined: customs, ciq")
doc = base("teams: {customs: 5, ciq: 4}", "teams: {customs: 5}")
case("97-no-teams-where-needed", doc, "teams: |{customs: 5}", "inspection_sites[0].teams.ciq",
     "inspection site 'central' has no ciq teams, but ciq examines boxes of district 'east' there")
doc = base("open_after_review: 0.1,", "place: gate, open_after_review: 0.1,")
case("98-gate-scanning-without-gate-scanners", doc, "place: |gate",
     "regimes.machine_first.set.inspection.machine_first.place",
     "machine-first scanning at the gate needs drive-through scanners (gate_scanners) at "
     "district 'east'")
doc = BASE + "  merger:\n    description: CIQ merged into customs\n    set:\n      agencies: {ciq: null}\n"
case("99-regime-drops-agency-still-named", doc, "{customs: central, |ciq: central}",
     "districts[0].exam_sites.ciq", "unknown agency 'ciq'; defined: customs (in regime 'merger')")

# ---- names ------------------------------------------------------------------------------
# Names become parts of resource names ('east.berths', 'central.customs_teams') and of the
# result file: no '.', '/', control characters or empty names, at most 60 bytes.

doc = base("  - name: east\n", "  - name: east.1\n")
case("150-name-with-dot", doc, "  - name: |east.1", "districts[0].name",
     "a name must not contain '.' or '/'", "got 'east.1'")
doc = base("{name: railhead, kind: rail_yard}", "{name: rail/head, kind: rail_yard}",
           "to: railhead, transfer", "to: rail/head, transfer", "  node: railhead", "  node: rail/head")
case("151-node-name-with-slash", doc, "{name: |rail/head", "network.nodes[4].name",
     "a name must not contain '.' or '/'")
doc = base("  - name: central\n", "  - name: \"central\\0\"\n")
case("152-name-with-nul", doc, "  - name: |\"central", "inspection_sites[0].name",
     "a name must not contain control characters, got U+0000 at character 8")
doc = base("  - name: asia_loop\n", "  - name: \"asia\\e[31mloop\"\n")
case("153-name-with-escape", doc, "  - name: |\"asia", "services[0].name",
     "control characters, got U+001B at character 5")
doc = base("  ciq:\n    regulates", "  \"\":\n    regulates")
case("154-empty-agency-name", doc, "  |\"\":", "agencies.\"\"", "a name must not be empty")
doc = base("  ciq:\n    regulates", "  c.i.q:\n    regulates")
case("155-agency-name-with-dot", doc, "  |c.i.q:", "agencies.c.i.q",
     "a name must not contain '.' or '/'")
long_site = "central_inspection_site_of_the_east_district_next_to_the_quay"
doc = base("  - name: central\n", f"  - name: {long_site}\n", "{customs: central, ciq: central}",
           f"{{customs: {long_site}, ciq: {long_site}}}")
case("156-name-too-long", doc, f"  - name: |{long_site}", "inspection_sites[0].name",
     "a name is at most 60 bytes", "got 61 bytes")
doc = base("  joint:\n", "  joint.v2:\n", "combine: [joint,", "combine: [joint.v2,")
case("157-regime-name-with-dot", doc, "  |joint.v2:", "regimes.joint.v2",
     "regime names may use letters, digits, '_' and '-', got 'joint.v2'")
long_regime = "r" * 65
doc = base("  joint:\n", f"  {long_regime}:\n", "combine: [joint,", f"combine: [{long_regime},")
case("158-regime-name-too-long", doc, f"  |{long_regime}:", "regimes." + long_regime[:64] + "...",
     "a regime name is at most 64 characters, got 65")
doc = base("    description: joint customs-CIQ inspection",
           "    description: \"joint\\ncustoms-CIQ inspection\"")
case("159-description-two-lines", doc, "description: |\"joint", "regimes.joint.description",
     "must be one line without control characters, got U+000A at character 6")
doc = base("name: minimal port", "name: \"minimal\\aport\"")
case("160-scenario-name-with-bell", doc, "name: |\"minimal", "name",
     "must be one line without control characters, got U+0007 at character 8")
doc = base("{name: barges, district: east,", "{name: \"barges/1\", district: east,")
case("161-box-stream-name-with-slash", doc, "{name: |\"barges/1\"", "box_streams[0].name",
     "a name must not contain '.' or '/'")

# ---- flows: rail destinations, export terminal, inland nodes (issue 10) -----------------

doc = base("  transit_check: 2h\n",
           "  transit_check: 2h\n  destinations:\n"
           "    - {name: manzhouli, share: 0.3, weekly: [tue 20:00]}\n"
           "    - {name: domestic, share: 0.6, weekly: [mon 08:00, thu 08:00]}\n")
case("193-rail-destination-shares", doc, "    |- {name: manzhouli", "rail.destinations",
     "the destinations' shares must sum to 1, but sum to 0.9")
doc = base("  transit_check: 2h\n",
           "  transit_check: 2h\n  destinations:\n"
           "    - {name: erenhot, share: 0.5, weekly: [tue 20:00]}\n"
           "    - {name: erenhot, share: 0.5, weekly: [fri 20:00]}\n")
case("194-rail-destination-twice", doc, "    - {name: erenhot, share: 0.5, weekly: [tue 20:00]}\n    - {name: |erenhot",
     "rail.destinations[1].name", "rail destination 'erenhot' is defined twice")
doc = base("  transit_check: 2h\n",
           "  transit_check: 2h\n  destinations:\n"
           "    - {name: khorgos, share: 1, weekly: []}\n")
case("195-rail-destination-without-trains", doc, "weekly: |[]", "rail.destinations[0].weekly",
     "expected a non-empty list of weekly times")
doc = base("  transit_check: 2h\n",
           "  transit_check: 2h\n\nregional:\n  nodes:\n"
           "    - {name: beijing, share: 0.7}\n    - {name: hebei, share: 0.5}\n")
case("196-inland-shares-above-one", doc, "    |- {name: beijing", "regional.nodes",
     "the inland nodes' shares must sum to at most 1, but sum to 1.2")
doc = base("  transit_check: 2h\n",
           "  transit_check: 2h\n\nexport_terminal:\n  gate_lanes: 0\n")
case("197-export-terminal-without-lanes", doc, "  gate_lanes: |0", "export_terminal.gate_lanes",
     "must be >= 1")

# ---- limits of the reader ---------------------------------------------------------------

doc = nested(100)
# The reader stops at 64 levels and reports the last node it accepted (the 63rd '[').
case("100-deep-nesting", doc, "extra: " + "[" * 62 + "|[", "extra",
     "nesting is too deep")
# Past ~500 levels yaml-cpp's own depth guard fires first, and its exception says only
# "bad file"; the user should hear that the nesting is too deep. The line is the one with
# the brackets; the column is left to yaml-cpp.
raw("101-very-deep-nesting", nested(1000),
    ["exit 2", f"stderr @FILE@:{BASE.count(chr(10)) + 1}:", "stderr nesting is too deep"])
# The position is where the expansion ran over, which is inside the aliased node 'a'
# (line 7), not at 'f'; only the key path and the message are checked.
raw("102-alias-bomb", alias_bomb(),
    ["exit 2", "stderr : f: the document expands to more than 200000 nodes (aliases?)"])
doc = base("seed: 42\n", "seed: 42\nloop: &x [*x]\n")
case("103-recursive-alias", doc, "loop: |&x", "loop", "nesting is too deep")
doc = base("    berths: 2", "    berths: !!int 2")
case("104-yaml-tag", doc, "berths: |!!int", "districts[0].berths",
     "YAML tags such as '!!int' are not supported")
# Columns count characters (tree.cpp: "counting UTF-8 code points as columns", as the
# binary-garbage check does); after a Chinese name yaml-cpp's marks count bytes instead.
doc = base("    - {name: quay, kind: berth, district: east}",
           "    - {name: 码头, kind: bert, district: east}",
           "{from: quay, to: stacks", "{from: 码头, to: stacks", "berth_node: quay",
           "berth_node: 码头")
case("105-column-after-chinese-name", doc, "码头, kind: |bert", "network.nodes[0].kind",
     "did you mean 'berth'?")

# ---- size: linear work, short messages -------------------------------------------------

# 150,000 keys: 45-80 s when duplicate keys were found by comparing each key with all before
# it (past the driver's 60 s timeout); about 2 s now. The file is made by the driver.
extra_line = BASE.count("\n") + 1
raw("140-many-keys", None,
    ["setup many-keys", "scenario @TMP@/many-keys.yaml", "exit 2",
     f"stderr @FILE@:{extra_line}:1: extra: unknown key 'extra'"])
raw("141-long-scalar-echo", None,
    ["setup long-scalar", "scenario @TMP@/long-scalar.yaml", "exit 2",
     f"stderr @FILE@:{extra_line}:22: inspection.policy: expected one of sequential, joint, got '"
     + "x" * 64 + "…' (100000 characters)", "not-stderr " + "x" * 65])
many_regimes = BASE + "".join(f"  r{i}: {{}}\n" for i in range(253))
case("142-too-many-regimes", many_regimes, "  |r252: {}", "regimes.r252",
     "too many regimes: at most 256, baseline included")
long_name = "w" * 5000
doc = base("  - name: feeder\n    district: east", f"  - name: feeder\n    district: {long_name}")
case("143-long-undefined-name", doc, f"    district: |{long_name}", "services[1].district",
     "unknown district '" + "w" * 64 + "…' (5000 characters); defined: east",
     extra=["not-stderr " + "w" * 65])
districts = "".join(f"  - {{name: d{i}, berths: 1, berth_node: quay, yard_node: stacks, "
                    f"gate_node: east_gate, exam_sites: {{customs: central, ciq: central}}}}\n"
                    for i in range(100))
doc = base("districts:\n", "districts:\n" + districts,
           "    - {name: quay, kind: berth, district: east}", "    - {name: quay, kind: berth}",
           "    - {name: stacks, kind: yard, district: east}", "    - {name: stacks, kind: yard}",
           "    - {name: east_gate, kind: gate, district: east}", "    - {name: east_gate, kind: gate}",
           "  - name: feeder\n    district: east", "  - name: feeder\n    district: west")
case("144-names-listed-briefly", doc, "    district: |west", "services[1].district",
     "unknown district 'west'; defined: d0, d1, d2,", "d29, … (101 in all)")

# ---- the command line -------------------------------------------------------------------

def cli(name, args, *fragments, status=2):
    lines = ["scenario @MINIMAL@"] + [f"arg {a}" for a in args] + [f"exit {status}"]
    raw(name, None, lines + [f"stderr {f}" for f in fragments])


cli("110-cli-horizon-with-space", ["--horizon", "5 hrs"], "--horizon: no space allowed",
    "Try 'clearsim run --help' for its options.")
cli("111-cli-replications-zero", ["--replications", "0"],
    "--replications: expected a whole number from 1 to 10000, got '0'")
cli("112-cli-jobs-zero", ["--jobs", "0"], "--jobs: expected a whole number from 1 to 1024, got '0'")
cli("113-cli-format-xml", ["--format", "xml"], "--format: expected table, csv or json, got 'xml'")
cli("114-cli-unknown-option", ["--frobnicate"], "unrecognised option '--frobnicate'")
cli("115-cli-warmup-after-horizon", ["--warmup", "3d"],
    "must be shorter than the horizon",
    "give a shorter --warmup")
cli("116-cli-replications-not-a-number", ["--replications", "many"],
    "--replications: expected a whole number from 1 to 10000, got 'many'")
cli("117-cli-horizon-without-unit", ["--horizon", "30"], "--horizon: expected a duration with a unit")
cli("118-cli-sample-interval-negative", ["--sample-interval", "-1h"],
    "--sample-interval: a duration cannot be negative")
# boost::program_options reads "-1" into an unsigned 64-bit seed as 2^64 - 1 and runs.
cli("119-cli-seed-negative", ["--seed", "-1"], "--seed")
# An empty --out runs every replication and then fails with ": cannot move the finished
# file into place"; it should be refused up front, naming the option.
cli("120-cli-out-empty", ["--out", ""], "--out")
# Numeric options read by program_options wrapped ("-1" as 2^64 - 1) or ran out of memory
# or time; now each is read as digits or a duration, with its bounds.
cli("124-cli-max-in-port-negative", ["--max-in-port", "-1"],
    "--max-in-port: expected a whole number from 0 to 18446744073709551615, got '-1'")
cli("125-cli-max-events-negative", ["--max-events", "-5"],
    "--max-events: expected a whole number from 0 to 18446744073709551615, got '-5'")
cli("126-cli-replications-huge", ["--replications", "2147483647"],
    "--replications: expected a whole number from 1 to 10000, got '2147483647'")
cli("127-cli-sample-interval-tiny", ["--sample-interval", "1e-9h"],
    "--sample-interval: expected at least 0.1728s (at most 1000000 samples over the 48h "
    "horizon), got '1e-9h'")
cli("128-cli-jobs-huge", ["--jobs", "100000"],
    "--jobs: expected a whole number from 1 to 1024, got '100000'")
cli("129-cli-compression-out-of-range", ["--compression", "99999999999"],
    "--compression: expected a whole number from 0 to 9, got '99999999999'")
cli("132-cli-horizon-centuries", ["--horizon", "1e9h"],
    "--horizon: expected a duration > 0 and at most 1000000h (114 years), got '1e9h'")
cli("133-cli-shard-garbage", ["--shard", "1/0x"],
    "--shard: expected I/N with 0 <= I < N (e.g. 0/4), got '1/0x'")
cli("134-cli-sample-interval-zero", ["--sample-interval", "0h"],
    "--sample-interval: expected at least")
cli("135-cli-max-events-fraction", ["--max-events", "1e6"],
    "--max-events: expected a whole number from 0 to 18446744073709551615, got '1e6'")
raw("121-cli-no-scenario", None,
    ["scenario @NONE@", "exit 2", "stderr the option '--scenario' is required but missing"])
cli("122-cli-two-scenarios", ["@MINIMAL@"], "too many positional options")
raw("123-cli-compare-one-replication", None,
    ["command compare", "scenario @MINIMAL@", "exit 2",
     "stderr compare needs --replications of at least 2"])

# ---- warnings and the runaway guard -----------------------------------------------------

# Inspection shrunk to one bay and one customs team with 50 % of ordinary boxes selected;
# documents and CIQ are sized to be stable, so only the inspection resources may warn.
UNSTABLE = base(
    "# A complete, valid, small scenario: one district, two agencies, sea-rail traffic, three "
    "regimes.\n# Loaded by tests/test_scenario.cpp; keep it valid and small.\n",
    "# minimal.yaml with too little inspection capacity: valid, but `clearsim validate`\n"
    "# predicts rho >= 1 for central.bays and central.customs_teams (and only those).\n",
    "name: minimal port", "name: overloaded inspection",
    "    bays: 8", "    bays: 1",
    "teams: {customs: 5, ciq: 4}", "teams: {customs: 1, ciq: 12}",
    "    officers: 20", "    officers: 40",
    "    officers: 6", "    officers: 40",
    "ordinary: 0.05,", "ordinary: 0.5,")
raw("130-validate-unstable", UNSTABLE,
    ["command validate", "exit 0", "stdout any", "stderr-lines any",
     "stderr clearsim: warning: regime baseline: central.bays would be",
     "stderr clearsim: warning: regime baseline: central.customs_teams would be",
     "stderr (rho >= 1)", "not-stderr document_officers", "not-stderr ciq_teams"])
raw("131-run-max-in-port", None,
    ["scenario 130-validate-unstable.yaml", "arg --horizon", "arg 60d",
     "arg --max-in-port", "arg 5000", "exit 1", "stderr-lines any",
     "stderr central.bays is predicted", "stderr (rho >= 1)", "stderr max-in-port"])


# ---- the plan's resource measures: shared facilities, staffing, disruptions, costs --------
doc = BASE + ("  separate:\n    description: each agency its own bays\n    set:\n"
              "      inspection: {shared_facilities: false}\n")
case("400-separate-facilities-without-own-bays", doc, "{shared_facilities: |false}",
     "regimes.separate.set.inspection.shared_facilities",
     "inspection site 'central' has no bays of customs's own (own_bays)")
doc = base("    bays: 8\n", "    bays: 8\n    own_bays: {customs: 4, fda: 2}\n")
case("401-own-bays-of-unknown-agency", doc, "own_bays: {customs: 4, |fda: 2}",
     "inspection_sites[0].own_bays.fda", "unknown agency 'fda'")
doc = BASE.replace("\nregimes:", "\nstaffing: {round_the_clock: false, day_start: 18h, day_end: 8h}\n\nregimes:")
case("402-staffing-day-ends-before-it-starts", doc, "day_end: |8h}", "staffing.day_end",
     "day_end must come after day_start (18h), got 8h")
doc = BASE.replace("\nregimes:", "\nstaffing: {day_start: 25h}\n\nregimes:")
case("403-staffing-hour-past-midnight", doc, "day_start: |25h}", "staffing.day_start",
     "must be at most 24h")

def with_disruptions(text):
    return BASE.replace("\nregimes:", "\ndisruptions:\n" + text + "\nregimes:")


doc = with_disruptions("  - {kind: berth_closure, district: east, start: 5d, end: 4d}\n")
case("404-disruption-ends-before-it-starts", doc, "start: 5d, end: |4d}", "disruptions[0].end",
     "end must come after start (120h), got 96h")
doc = with_disruptions("  - {kind: outage, site: central, start: 5d, end: 6d}\n")
case("405-outage-without-equipment", doc, "  - |{kind: outage", "disruptions[0].equipment",
     "missing key 'equipment', required for an outage")
doc = with_disruptions("  - {kind: surge, factor: 1.5, site: central, start: 5d, end: 6d}\n")
case("406-surge-with-a-site", doc, "site: |central, start", "disruptions[0].site",
     "'site' does not apply to a surge")
doc = with_disruptions("  - {kind: outage, equipment: bays, site: centre, start: 5d, end: 6d}\n")
case("407-outage-of-unknown-site", doc, "site: |centre", "disruptions[0].site",
     "unknown inspection site 'centre'")
doc = with_disruptions("  - {kind: outage, equipment: scanners, site: central, start: 5d, end: 6d}\n"
                       "  - {kind: outage, equipment: scanners, site: central, start: 132h, end: 7d}\n")
case("408-overlapping-outages", doc, "site: central, start: |132h", "disruptions[1].start",
     "overlaps disruptions[0] on the same equipment or berths")
doc = with_disruptions("  - {kind: outage, equipment: gate_scanners, district: east, start: 5d, end: 6d}\n")
case("409-outage-of-absent-gate-scanners", doc, "district: |east, start", "disruptions[0].district",
     "district 'east' has no gate scanners to put out of service")
doc = BASE.replace("\nregimes:", "\ncosts: {lift: 100, fee_waiver: yes please}\n\nregimes:")
case("410-costs-waiver-not-a-flag", doc, "fee_waiver: |yes please}", "costs.fee_waiver")
doc = BASE.replace("\nregimes:", "\nregional:\n  nodes:\n"
                   "    - {name: capital, share: 0.2, link: {lognormal: {mean: 6h, cv: 0.5}}, bays: 2}\n"
                   "  integrated: true\n  under_seal_share: 0.5\n\nregimes:")
case("411-inland-node-without-teams", doc, "    - |{name: capital", "regional.nodes[0].teams",
     "inland node 'capital' needs inspection bays and teams (bays, teams)")


def main():
    unknown = set(NOTES) - {name for name, _, _ in CASES}
    if unknown:
        sys.exit(f"make_corpus: notes for no case: {sorted(unknown)}")
    for name, body, expect in CASES:
        if body is not None:
            mode = "wb" if isinstance(body, bytes) else "w"
            with open(os.path.join(HERE, name + ".yaml"), mode,
                      **({} if mode == "wb" else {"encoding": "utf-8"})) as out:
                out.write(body)
        header = ["# Generated by make_corpus.py; see its header for the format."]
        header += ["# " + line for line in NOTES.get(name, "").splitlines()]
        with open(os.path.join(HERE, name + ".expect"), "w", encoding="utf-8") as out:
            out.write("\n".join(header + expect) + "\n")
    directory = os.path.join(HERE, "04-directory.yaml")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "README"), "w", encoding="utf-8") as out:
        out.write("A directory given as the scenario (case 04-directory).\n")
    with open(os.path.join(HERE, "06-path-through-a-file.yaml"), "w", encoding="utf-8") as out:
        out.write("# A regular file: case 06 names 06-path-through-a-file.yaml/scenario.yaml.\n")
    print(f"{len(CASES)} cases written to {HERE}")


if __name__ == "__main__":
    main()
