#!/usr/bin/env bash
# The clearsim command line as a user meets it: exit status, where messages go, and what
# the output files look like. Usage: test_cli.sh CLEARSIM SOURCE_DIR CASE
set -uo pipefail
clearsim=$1
source_dir=$2
case_name=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
minimal="$source_dir/tests/scenarios/minimal.yaml"
quick=(--replications 2 --horizon 3d --warmup 1d)

fail() { echo "FAIL: $*" >&2; exit 1; }
# expect STATUS COMMAND...: runs COMMAND, keeps stdout/stderr in $work/out, $work/err.
expect() {
  local want=$1; shift
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [[ $got == "$want" ]] || { cat "$work/err" >&2; fail "'$*' exited $got, expected $want"; }
}

# wait_for_temporary TARGET: prints the temporary file a run writing TARGET has created
# (.NAME.clearsim-XXXXXX.partial beside it), waiting up to 60 s for it to appear.
wait_for_temporary() {
  local dir base found
  dir=$(dirname "$1")
  base=$(basename "$1")
  for _ in $(seq 600); do
    found=$(compgen -G "$dir/.$base.clearsim-??????.partial" | head -1)
    [[ -n $found ]] && { echo "$found"; return 0; }
    sleep 0.1
  done
  return 1
}

# leftovers TARGET: prints the temporary and lock files of TARGET that are left beside it.
leftovers() {
  local dir base
  dir=$(dirname "$1")
  base=$(basename "$1")
  compgen -G "$dir/.$base.clearsim-??????.partial"
  [[ -e "$dir/.$base.lock" ]] && echo "$dir/.$base.lock"
  return 0
}

case "$case_name" in
  help)
    expect 0 "$clearsim" help
    grep -q "compare SCENARIO" "$work/out" || fail "help does not list compare"
    expect 0 "$clearsim" run --help
    grep -q -- "--replications" "$work/out" || fail "run --help does not list its options"
    expect 2 "$clearsim"
    expect 2 "$clearsim" frobnicate
    grep -q "unknown command 'frobnicate'" "$work/err" || fail "no message for an unknown command"
    ;;
  bad-input)
    expect 2 "$clearsim" run "$work/missing.yaml"
    grep -q "missing.yaml" "$work/err" || fail "the missing file is not named"
    printf 'name: x\nhorizon: 5 hrs\n' >"$work/bad.yaml"
    expect 2 "$clearsim" validate "$work/bad.yaml"
    grep -qE "bad.yaml:[0-9]+:[0-9]+: horizon: " "$work/err" || fail "no file:line:col: key: in '$(cat "$work/err")'"
    [[ ! -s "$work/out" ]] || fail "an error wrote to stdout"
    expect 2 "$clearsim" run "$minimal" --regime nonesuch
    grep -q "unknown regime 'nonesuch'" "$work/err" || fail "unknown regime not reported"
    expect 2 "$clearsim" run "$minimal" --replications 0
    expect 2 "$clearsim" run "$minimal" --horizon 3 --warmup 1d
    expect 2 "$clearsim" run "$minimal" --bogus-option
    ;;
  formats)
    # The CSV and the JSON of run and compare carry the same rows, column by column, as
    # pandas reads them (tests/check_machine_output.py), with one replication and several.
    check="$source_dir/tests/check_machine_output.py"
    for n in 1 2; do
      expect 0 "$clearsim" run "$minimal" --replications $n --horizon 3d --warmup 1d --format json --quiet
      mv "$work/out" "$work/run.json"
      expect 0 "$clearsim" run "$minimal" --replications $n --horizon 3d --warmup 1d --format csv --quiet
      /usr/bin/python3 "$check" run "$work/out" "$work/run.json" $n || fail "run CSV and JSON disagree (n=$n)"
    done
    expect 0 "$clearsim" compare "$minimal" --regimes baseline,reform "${quick[@]}" --format json --quiet
    mv "$work/out" "$work/compare.json"
    expect 0 "$clearsim" compare "$minimal" --regimes baseline,reform "${quick[@]}" --format csv --quiet
    /usr/bin/python3 "$check" compare "$work/out" "$work/compare.json" 2 || fail "compare CSV and JSON disagree"
    ;;
  output-file)
    expect 0 "$clearsim" compare "$minimal" --regimes baseline,reform "${quick[@]}" --jobs 2 --out "$work/r.h5" --quiet
    [[ -s "$work/r.h5" && -z $(leftovers "$work/r.h5") ]] || fail "no result file, or a partial one left"
    cp "$work/r.h5" "$work/before.h5"
    expect 1 "$clearsim" compare "$minimal" --regimes baseline,reform "${quick[@]}" --out "$work/r.h5" --quiet
    grep -q "already exists (use --force" "$work/err" || fail "no-clobber message missing"
    cmp -s "$work/r.h5" "$work/before.h5" || fail "an existing result was modified"
    expect 0 "$clearsim" compare "$minimal" --regimes baseline,reform "${quick[@]}" --out "$work/r.h5" --force --quiet
    expect 0 "$clearsim" run "$minimal" "${quick[@]}" --out "$work/plain.h5" --compression 0 --quiet
    /usr/bin/python3 - "$work/r.h5" "$work/plain.h5" <<'PY' || fail "--compression not applied"
import sys, h5py
packed, plain = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
assert packed["runs/baseline/replication_0000/containers"].compression == "gzip"
assert plain["runs/baseline/replication_0000/containers"].compression is None
assert plain["provenance"].attrs["compression_level"] == 0
PY
    expect 2 "$clearsim" run "$minimal" "${quick[@]}" --out "$work/x.h5" --compression 10 --quiet
    expect 1 "$clearsim" run "$minimal" "${quick[@]}" --out "$work/no/such/dir/r.h5" --quiet
    grep -q "No such file or directory" "$work/err" || fail "unwritable output not explained"
    ;;
  progress)
    expect 0 "$clearsim" compare "$minimal" --regimes baseline,reform "${quick[@]}" --format csv
    grep -q "compare: 4/4 done" "$work/err" || fail "no progress lines on a redirected stderr"
    grep -q "done" "$work/out" && fail "progress leaked into stdout"
    ;;
  validate)
    expect 0 "$clearsim" validate "$source_dir/scenarios/tianjin.yaml"
    grep -q "reform" "$work/out" || fail "regimes not listed"
    grep -q "unstable" "$work/out" && fail "the default scenario is predicted unstable"
    sed 's/teams: {customs: 55, ciq: 52}/teams: {customs: 2, ciq: 52}/' "$source_dir/scenarios/tianjin.yaml" >"$work/overloaded.yaml"
    expect 0 "$clearsim" validate "$work/overloaded.yaml" --regime baseline
    grep -q "warning: regime baseline: beijiang_inspection.customs_teams" "$work/err" || fail "no rho >= 1 warning"
    # run warns the same way before it starts, and flags its result (table and JSON).
    expect 0 "$clearsim" run "$work/overloaded.yaml" --replications 1 --horizon 1d --warmup 0d --quiet
    grep -q "warning: regime baseline: beijiang_inspection.customs_teams is predicted" "$work/err" || fail "run: no rho >= 1 warning"
    grep -q "^WARNING: regime baseline: beijiang_inspection.customs_teams" "$work/out" || fail "run: table not flagged"
    expect 0 "$clearsim" run "$work/overloaded.yaml" --replications 1 --horizon 1d --warmup 0d --quiet --format json
    /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert any("beijiang_inspection.customs_teams" in w for w in d["warnings"])' "$work/out" \
      || fail "run: JSON not flagged"
    ;;
  overrides)
    # --set: the same schema and units as the file, errors naming the --set, and the run
    # really changed (fewer teams -> the teams busier).
    expect 0 "$clearsim" validate "$source_dir/scenarios/tianjin.yaml" --regime baseline \
      --set 'inspection_sites[beijiang_inspection].teams.customs=2'
    grep -q "warning: regime baseline: beijiang_inspection.customs_teams" "$work/err" || fail "--set teams.customs=2 not applied"
    expect 2 "$clearsim" run "$minimal" "${quick[@]}" --set horizon=10d --set 'inspection_sites[central].scan_time=3'
    grep -qx "<command line>:--set #2: inspection_sites\[central\].scan_time: expected a duration with a unit, e.g. 45min, 2.5h, 3d; got '3'" "$work/err" \
      || { cat "$work/err" >&2; fail "unpositioned --set error"; }
    [[ -s $work/out ]] && fail "stdout written on a bad --set"
    expect 0 "$clearsim" run "$minimal" "${quick[@]}" --format csv --set 'inspection_sites[central].bays=1' --set 'inspection_sites[central].teams={customs: 1, ciq: 1}'
    cp "$work/out" "$work/one_bay.csv"
    expect 0 "$clearsim" run "$minimal" "${quick[@]}" --format csv
    cmp -s "$work/out" "$work/one_bay.csv" && fail "--set did not change the run"
    ;;
  attribute)
    # The JSON a user pipes: {"total": ..., "contributions": {MEASURE: ...}} with per-direction
    # mean_h and p90_h, the contributions adding up to the total as printed.
    expect 0 "$clearsim" attribute "$minimal" "${quick[@]}" --format json -q
    /usr/bin/python3 - "$work/out" <<'PY' || fail "attribute JSON"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["measures"] == ["joint", "machine_first", "reform.set"], doc["measures"]
for direction in ("import", "export", "rail_transit"):
    for stat in ("mean_h", "p90_h"):
        total = doc["total"][direction][stat]
        if total is None:  # no box of that direction in so short a run: null, never NaN
            assert all(c[direction][stat] is None for c in doc["contributions"].values())
            continue
        parts = sum(c[direction][stat] for c in doc["contributions"].values())
        assert abs(parts - total) <= 1e-9 * max(1, abs(total)), (direction, stat, parts, total)
        for credit, block in doc["total"][direction]["by_credit"].items():
            if block[stat] is None:
                continue
            parts = sum(c[direction]["by_credit"][credit][stat] for c in doc["contributions"].values())
            assert abs(parts - block[stat]) <= 1e-9 * max(1, abs(block[stat])), (credit, stat)
PY
    expect 2 "$clearsim" attribute "$minimal" --regime joint "${quick[@]}"
    grep -q "combines no measures" "$work/err" || fail "no message for a regime without measures"
    expect 2 "$clearsim" attribute "$minimal" --regime reformm "${quick[@]}"
    grep -q "did you mean 'reform'" "$work/err" || fail "unknown regime not reported"
    ;;
  sweep)
    # A grid on common random numbers into one tidy table; interrupted, it resumes where it
    # stopped and ends with the same numbers as an uninterrupted sweep.
    grid=(--param 'inspection_sites[central].bays=2:8:2' --param 'agencies.customs.exam=1h,2h,3h' -n 2 --horizon 6d --warmup 1d)
    expect 0 "$clearsim" sweep "$minimal" "${grid[@]}" --out "$work/whole.h5" -q
    grep -q "metamodel of import.mean_h (baseline): 24 observations" "$work/out" || fail "no metamodel"
    "$clearsim" sweep "$minimal" "${grid[@]}" --out "$work/resumed.h5" >"$work/out" 2>"$work/err" &
    pid=$!
    for _ in $(seq 600); do grep -q '^end$' "$work/resumed.h5.journal" 2>/dev/null && break; sleep 0.02; done
    kill -INT $pid; wait $pid
    [[ -e $work/resumed.h5 ]] && fail "an interrupted sweep left a sweep file"
    expect 0 "$clearsim" sweep "$minimal" "${grid[@]}" --out "$work/resumed.h5"
    grep -q "resuming: [0-9]* point(s) already done" "$work/err" || fail "no resume"
    [[ -e $work/resumed.h5.journal ]] && fail "journal left behind"
    /usr/bin/python3 - "$work/whole.h5" "$work/resumed.h5" <<'PY' || fail "sweep file"
import sys, h5py, numpy as np
a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
assert a.attrs["format"] in ("clearsim-sweep", b"clearsim-sweep")
rows = a["sweep/rows"][:]
assert len(rows) == 12 * 2 * 3, len(rows)  # points x replications x directions
assert "inspection_sites[central].bays" in rows.dtype.names and "p90_h" in rows.dtype.names
other = b["sweep/rows"][:]
for name in rows.dtype.names:
    x, y = rows[name], other[name]
    same = np.array_equal(x, y, equal_nan=True) if x.dtype.kind == "f" else np.array_equal(x, y)
    assert same, "resumed sweep differs in " + name
assert len(a["sweep/sensitivity"][:]) == 3
PY
    expect 2 "$clearsim" sweep "$minimal" --param 'inspection_sites[central].bays=0,2' --out "$work/bad.h5"
    grep -q "sweep point 0 (inspection_sites\[central\].bays=0)" "$work/err" || fail "bad point not named"
    ;;
  sweep-shards)
    # A sweep in 2 shards, merged, is the unsharded sweep: every row and the refitted
    # metamodel, compared row by row; shards of another sweep, a missing or doubled shard
    # are refused.
    grid=(--param 'inspection_sites[central].bays=2:8:2' --param 'agencies.customs.exam=1h,2h,3h' -n 2 --horizon 6d --warmup 1d -q)
    expect 0 "$clearsim" sweep "$minimal" "${grid[@]}" --out "$work/whole.h5"
    grep -A8 "^metamodel" "$work/out" >"$work/whole-fit"
    for i in 0 1; do expect 0 "$clearsim" sweep "$minimal" "${grid[@]}" --shard $i/2 --out "$work/s$i.h5"; done
    expect 0 "$clearsim" merge "$work/merged.h5" "$work/s1.h5" "$work/s0.h5"
    grep -q "wrote .*merged.h5: 72 rows from 2 sweep shard(s)" "$work/err" || fail "merge summary"
    grep -A8 "^metamodel" "$work/out" | diff - "$work/whole-fit" || fail "refitted metamodel differs"
    /usr/bin/python3 - "$work/whole.h5" "$work/merged.h5" <<'PY' || fail "merged sweep differs"
import sys, h5py, numpy as np
a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
assert b.attrs["format"] in ("clearsim-sweep", b"clearsim-sweep")
for table in ("sweep/rows", "sweep/sensitivity"):
    x, y = a[table][:], b[table][:]
    assert x.dtype == y.dtype and len(x) == len(y), table
    for i in range(len(x)):
        for name in x.dtype.names:
            u, v = x[i][name], y[i][name]
            same = (np.isnan(u) and np.isnan(v)) or u == v if x.dtype[name].kind == "f" else u == v
            assert same, (table, i, name, u, v)
PY
    expect 2 "$clearsim" merge "$work/m.h5" "$work/s0.h5"
    grep -q "shard 1/2 is missing" "$work/err" || fail "missing shard"
    expect 2 "$clearsim" merge "$work/m.h5" "$work/s0.h5" "$work/s0.h5"
    grep -q "are both shard 0/2" "$work/err" || fail "doubled shard"
    expect 0 "$clearsim" sweep "$minimal" "${grid[@]}" --seed 99 --shard 1/2 --out "$work/other.h5"
    expect 2 "$clearsim" merge "$work/m.h5" "$work/s0.h5" "$work/other.h5"
    grep -q "shards of different sweeps" "$work/err" || fail "other sweep merged"
    [[ -e $work/m.h5 ]] && fail "a refused merge wrote a file"
    ;;
  size)
    # The smallest scanner count for a target, --set applied first, JSON out; bad targets and
    # keys get positioned errors.
    mmc="$source_dir/scenarios/validation/mmc.yaml"
    run=(--horizon 1500h --warmup 150h -n 4 -q --set 'inspection_sites[scanners].scanners=1')
    expect 0 "$clearsim" size "$mmc" --target 'import.mean<=1.5h' --vary 'inspection_sites[*].scanners' "${run[@]}"
    grep -q "binding: inspection_sites\[scanners\].scanners" "$work/out" || fail "no binding pool"
    grep -Eq "^  inspection_sites\[scanners\].scanners +1 +3 +4 " "$work/out" || fail "not 1 -> 3 -> 4"
    expect 0 "$clearsim" size "$mmc" --target 'import.mean<=1.5h' --vary 'inspection_sites[*].scanners' "${run[@]}" --format json
    /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["met"] and d["answer"]["values"]["inspection_sites[scanners].scanners"] == 4 and d["binding"], d' "$work/out" || fail "size json"
    # --set raises the load: 3.5 boxes an hour need at least 4 scanners
    expect 0 "$clearsim" size "$mmc" --target 'import.mean<=1.5h' --vary 'inspection_sites[*].scanners' "${run[@]}" --set 'box_streams[arrivals].rate=3.5/h'
    grep -Eq "^  inspection_sites\[scanners\].scanners +1 +4 " "$work/out" || fail "--set not applied"
    expect 2 "$clearsim" size "$mmc" --target 'import.p9<=48h' --vary 'inspection_sites[*].scanners'
    grep -q "^clearsim: <command line>:--target:8: import.p9<=48h: unknown metric 'p9'" "$work/err" || fail "target error"
    expect 2 "$clearsim" size "$mmc" --target 'import.p90<=48h' --vary 'inspection_sites[*].scanners' --vary 'inspection_sites[scan].bays'
    grep -q "^clearsim: <command line>:--vary #2: inspection_sites\[scan\]: no item named 'scan'" "$work/err" || fail "vary error"
    expect 2 "$clearsim" size "$mmc" --target 'import.p90<=48h' --vary 'agencies.customs.exam'
    grep -q "expected a whole number of units" "$work/err" || fail "non-count vary"
    [[ -s $work/out ]] && fail "stdout on error"
    # Not reachable: exit 1 and NOT MET, never an answer
    expect 1 "$clearsim" size "$mmc" --target 'import.mean<=0.9h' --vary 'inspection_sites[*].scanners' "${run[@]}" --max-candidates 3
    grep -q "^NOT MET" "$work/out" || fail "unmet target not reported"
    ;;
  interrupt)
    tianjin="$source_dir/scenarios/tianjin.yaml"
    echo precious >"$work/kept.h5"
    for sig in INT TERM; do
      "$clearsim" compare "$tianjin" --regimes baseline,reform --replications 8 --jobs 2 \
        --out "$work/kept.h5" --force --quiet >"$work/out" 2>"$work/err" &
      pid=$!
      sleep 1.5
      kill -"$sig" "$pid"
      wait "$pid"
      status=$?
      want=$([[ $sig == INT ]] && echo 130 || echo 143)
      [[ $status == "$want" ]] || fail "SIG$sig: exit $status, expected $want ($(cat "$work/err"))"
      grep -q "interrupted by SIG$sig" "$work/err" || fail "SIG$sig: no message"
      [[ $(cat "$work/kept.h5") == precious ]] || fail "SIG$sig: the earlier result was touched"
      [[ -z $(leftovers "$work/kept.h5") ]] || fail "SIG$sig: files were left: $(leftovers "$work/kept.h5")"
    done
    ;;
  guards)
    # 400 barge boxes an hour against 4 document officers at 30 min a box: the queue grows
    # by ~390 boxes an hour and would grow until memory ran out.
    sed 's|rate: 1.5/h|rate: 400/h|' "$minimal" >"$work/overloaded.yaml"
    expect 0 "$clearsim" validate "$work/overloaded.yaml" --regime baseline
    grep -q "customs.document_officers" "$work/err" || fail "validate does not warn about the officers"
    expect 1 "$clearsim" run "$work/overloaded.yaml" --replications 1 --horizon 20d --max-in-port 20000 --out "$work/o.h5" --quiet
    grep -q "max-in-port" "$work/err" || fail "no message naming the guard: $(cat "$work/err")"
    [[ ! -e "$work/o.h5" && -z $(leftovers "$work/o.h5") ]] || fail "a result file was left"
    expect 1 "$clearsim" run "$minimal" --max-events 1000 --quiet
    grep -q "max-events" "$work/err" || fail "no message naming the event limit"
    ;;
  disk-full)
    # A file-size limit stands in for a full disk: the write fails, the run says so, and
    # no file is left.
    (ulimit -f 64 && "$clearsim" compare "$minimal" --regimes baseline,reform "${quick[@]}" \
      --out "$work/big.h5" --quiet >"$work/out" 2>"$work/err")
    status=$?
    [[ $status == 1 ]] || fail "file-size limit: exit $status, expected 1 ($(cat "$work/err"))"
    grep -q "cannot write results: $work/big.h5: runs/.*File too large (a file-size limit" "$work/err" \
      || fail "file-size limit not explained: $(cat "$work/err")"
    grep -q "disk is full" "$work/err" && fail "a file-size limit reported as a full disk"
    [[ ! -e "$work/big.h5" && -z $(leftovers "$work/big.h5") ]] || fail "files were left: $(leftovers "$work/big.h5")"
    expect 1 "$clearsim" run "$minimal" "${quick[@]}" --out /dev/full --force --quiet
    grep -q "not a regular file" "$work/err" || fail "/dev/full not refused"
    [[ -c /dev/full ]] || fail "/dev/full is no longer a device"
    ;;
  shard-merge)
    # Two shards merged give the same data as one process.
    args=(--regimes baseline,reform --replications 3 --horizon 3d --warmup 1d --quiet)
    expect 0 "$clearsim" compare "$minimal" "${args[@]}" --out "$work/all.h5"
    expect 0 "$clearsim" compare "$minimal" "${args[@]}" --shard 0/2 --out "$work/p0.h5"
    expect 0 "$clearsim" compare "$minimal" "${args[@]}" --shard 1/2 --out "$work/p1.h5"
    expect 0 "$clearsim" merge "$work/merged.h5" "$work/p0.h5" "$work/p1.h5"
    /usr/bin/python3 - "$work/all.h5" "$work/merged.h5" <<'PY' || fail "merged data differ from the single-process run"
import sys, h5py
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
names = []
for group in ("runs", "flat"):  # /flat: rebuilt by merge from the merged replications
    a[group].visititems(lambda n, o: names.append(f"{group}/{n}") if isinstance(o, h5py.Dataset)
                        else None)
# resources per regime; 6 tables per replication group; 8 /flat tables
assert len(names) == 2 + 2 * 3 * 6 + 8, names
def same(x, y):  # strings (pool names) are read as objects: compare them as values
    return x.tolist() == y.tolist() if x.dtype.hasobject else x.tobytes() == y.tobytes()
for n in names:
    assert same(a[n][()], b[n][()]), n
PY
    expect 1 "$clearsim" merge "$work/half.h5" "$work/p0.h5"
    grep -q "is a shard missing" "$work/err" || fail "an incomplete merge is not refused"
    [[ ! -e "$work/half.h5" && -z $(leftovers "$work/half.h5") ]] || fail "an incomplete merge left a file"
    expect 1 "$clearsim" merge "$work/twice.h5" "$work/p0.h5" "$work/p0.h5"
    grep -q "also in another shard" "$work/err" || fail "a doubled shard is not refused"
    expect 2 "$clearsim" run "$minimal" --shard 2/2 --quiet
    ;;
  mpi)
    # mpirun -np 2 gives the same table and the same data as one process. (Open MPI's own
    # allocations are not ours to leak-check under the sanitizer build.)
    command -v mpirun >/dev/null || fail "mpirun is missing (make deps installs openmpi-bin)"
    args=(--regimes baseline,reform --replications 3 --horizon 3d --warmup 1d --quiet --format csv)
    expect 0 "$clearsim" compare "$minimal" "${args[@]}" --out "$work/single.h5"
    cp "$work/out" "$work/single.csv"
    ASAN_OPTIONS=detect_leaks=0 expect 0 mpirun -np 2 --allow-run-as-root --oversubscribe \
      -x ASAN_OPTIONS "$clearsim" compare "$minimal" "${args[@]}" --out "$work/mpi.h5"
    cmp -s "$work/out" "$work/single.csv" || fail "the MPI table differs: $(diff "$work/single.csv" "$work/out" | head -5)"
    /usr/bin/python3 - "$work/single.h5" "$work/mpi.h5" <<'PY' || fail "the MPI result file differs"
import sys, h5py
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
names = []
a["runs"].visititems(lambda n, o: names.append("runs/" + n) if isinstance(o, h5py.Dataset) else None)
def same(x, y):
    return x.tolist() == y.tolist() if x.dtype.hasobject else x.tobytes() == y.tobytes()
for n in names:
    assert same(a[n][()], b[n][()]), n
PY
    ls "$work" | grep -q "rank-" && fail "rank files were left behind"
    ;;
  mpi-sweep)
    # mpirun -np 2 sweeps half the points on each rank and prints the single-process table
    # and metamodel; its file holds the same rows. Interrupted, it resumes from the ranks'
    # journals. --shard is refused under mpirun.
    command -v mpirun >/dev/null || fail "mpirun is missing (make deps installs openmpi-bin)"
    mpi=(env ASAN_OPTIONS=detect_leaks=0 mpirun -np 2 --allow-run-as-root --oversubscribe -x ASAN_OPTIONS)
    grid=(--param 'inspection_sites[central].bays=2,4,8,16' --param 'agencies.customs.exam=1h,3h' -n 2 --horizon 30d --warmup 2d)
    expect 0 "$clearsim" sweep "$minimal" "${grid[@]}" -q --out "$work/single.h5"
    cp "$work/out" "$work/single.txt"
    expect 0 "${mpi[@]}" "$clearsim" sweep "$minimal" "${grid[@]}" -q --out "$work/mpi.h5"
    cmp -s "$work/out" "$work/single.txt" || fail "the MPI sweep table differs: $(diff "$work/single.txt" "$work/out" | head -5)"
    "${mpi[@]}" "$clearsim" sweep "$minimal" "${grid[@]}" -q --out "$work/resumed.h5" >"$work/out" 2>"$work/err" &
    pid=$!
    for _ in $(seq 600); do grep -q '^end$' "$work/resumed.h5.rank-1-of-2.journal" 2>/dev/null && break; sleep 0.02; done
    # Ctrl-C: the terminal signals mpirun's ranks (its children) at once; mpirun alone would
    # pass the signal on only after a delay in which the sweep might end.
    kill -INT $(pgrep -P $pid); wait $pid
    [[ -e $work/resumed.h5 ]] && fail "an interrupted MPI sweep left a sweep file"
    expect 0 "${mpi[@]}" "$clearsim" sweep "$minimal" "${grid[@]}" --out "$work/resumed.h5"
    grep -q "resuming: [0-9]* point(s) already done" "$work/err" || fail "no resume under mpirun"
    /usr/bin/python3 - "$work/single.h5" "$work/mpi.h5" "$work/resumed.h5" <<'PY' || fail "the MPI sweep file differs"
import sys, h5py, numpy as np
a = h5py.File(sys.argv[1], "r")
for other in sys.argv[2:]:
    b = h5py.File(other, "r")
    for table in ("sweep/rows", "sweep/sensitivity"):
        x, y = a[table][:], b[table][:]
        assert x.dtype == y.dtype and len(x) == len(y), (other, table)
        for name in x.dtype.names:
            u, v = x[name], y[name]
            same = np.array_equal(u, v, equal_nan=True) if u.dtype.kind == "f" else np.array_equal(u, v)
            assert same, (other, table, name)
PY
    ls "$work" | grep -q "rank-" && fail "rank files or journals were left behind: $(ls "$work")"
    expect 2 "${mpi[@]}" "$clearsim" sweep "$minimal" "${grid[@]}" -q --shard 0/2 --out "$work/s.h5"
    grep -q "shard cannot be used under mpirun" "$work/err" || fail "--shard under mpirun not refused"
    ;;
  mpi-attribute)
    # mpirun -np 2 spreads the 8 combinations over the ranks: the same JSON numbers.
    command -v mpirun >/dev/null || fail "mpirun is missing (make deps installs openmpi-bin)"
    expect 0 "$clearsim" attribute "$minimal" "${quick[@]}" --format json -q
    mv "$work/out" "$work/single.json"
    ASAN_OPTIONS=detect_leaks=0 expect 0 mpirun -np 2 --allow-run-as-root --oversubscribe \
      -x ASAN_OPTIONS "$clearsim" attribute "$minimal" "${quick[@]}" --format json -q
    /usr/bin/python3 - "$work/single.json" "$work/out" <<'PY' || fail "the MPI attribution differs"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for doc in (a, b):
    del doc["wall_seconds"]
assert a == b, [k for k in a if a[k] != b.get(k)]
PY
    ;;
  mpi-size)
    # mpirun -np 2: every rank follows the search, each candidate's replications split
    # between them; the same answer and candidates as one process.
    command -v mpirun >/dev/null || fail "mpirun is missing (make deps installs openmpi-bin)"
    mmc="$source_dir/scenarios/validation/mmc.yaml"
    run=(--target 'import.mean<=1.5h' --vary 'inspection_sites[*].scanners' --horizon 800h --warmup 80h -n 3 -q --format json --set 'inspection_sites[scanners].scanners=1')
    expect 0 "$clearsim" size "$mmc" "${run[@]}"
    mv "$work/out" "$work/single.json"
    ASAN_OPTIONS=detect_leaks=0 expect 0 mpirun -np 2 --allow-run-as-root --oversubscribe \
      -x ASAN_OPTIONS "$clearsim" size "$mmc" "${run[@]}"
    /usr/bin/python3 - "$work/single.json" "$work/out" <<'PY' || fail "the MPI sizing differs"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for doc in (a, b):
    del doc["wall_seconds"]
assert a == b, [k for k in a if a[k] != b.get(k)]
assert a["met"] and a["answer"]["values"]["inspection_sites[scanners].scanners"] == 4, a["answer"]
PY
    ;;
  planted-link)
    # A link planted where the temporary file used to be (FILE.partial) or at a name a run
    # might pick is never written through (issue 13, class 9).
    echo precious >"$work/victim"
    ln -s "$work/victim" "$work/r.h5.partial"
    expect 0 "$clearsim" run "$minimal" "${quick[@]}" --out "$work/r.h5" --quiet
    [[ $(cat "$work/victim") == precious ]] || fail "the link's target was overwritten"
    [[ -L "$work/r.h5.partial" ]] || fail "the planted link was removed"
    /usr/bin/python3 -c 'import sys, h5py; h5py.File(sys.argv[1], "r")' "$work/r.h5" || fail "no result file"
    ;;
  two-writers)
    # A second run to the same --out refuses at once and leaves the first alone, even with
    # HDF5's own file locking off (class 10). The first is stopped (SIGSTOP) while the second
    # tries, so the test does not depend on timing.
    export HDF5_USE_FILE_LOCKING=FALSE
    long=(--replications 8 --horizon 120d --warmup 1d --quiet)
    "$clearsim" run "$minimal" "${long[@]}" --out "$work/r.h5" >"$work/first.out" 2>"$work/first.err" &
    first=$!
    temporary=$(wait_for_temporary "$work/r.h5") || fail "the first run made no temporary file"
    kill -STOP "$first"
    expect 1 "$clearsim" run "$minimal" "${quick[@]}" --out "$work/r.h5" --force --quiet
    kill -CONT "$first"
    grep -q "r.h5: another clearsim run is writing this file (process $first)" "$work/err" \
      || fail "no message naming the other run: $(cat "$work/err")"
    [[ ! -s "$work/out" && $(wc -l <"$work/err") == 1 ]] || fail "not one message and an empty stdout"
    [[ -e $temporary && -e "$work/.r.h5.lock" ]] || fail "the second run touched the first's files"
    wait "$first" || fail "the first run failed: $(cat "$work/first.err")"
    /usr/bin/python3 -c 'import sys, h5py; assert len(h5py.File(sys.argv[1], "r")["runs/baseline"]) == 9' \
      "$work/r.h5" || fail "the first run's result is not complete"
    [[ -z $(leftovers "$work/r.h5") ]] || fail "lock or temporary files were left: $(leftovers "$work/r.h5")"
    ;;
  killed-run)
    # SIGKILL leaves the temporary file, under a recognisable name; the next run to the same
    # target removes it and says so (class 12).
    "$clearsim" run "$minimal" --replications 8 --horizon 120d --warmup 1d --quiet \
      --out "$work/r.h5" >/dev/null 2>&1 &
    pid=$!
    temporary=$(wait_for_temporary "$work/r.h5") || fail "the run made no temporary file"
    kill -KILL "$pid"
    { wait "$pid"; } 2>/dev/null
    [[ $(basename "$temporary") =~ ^\.r\.h5\.clearsim-[A-Za-z0-9]{6}\.partial$ ]] || fail "temporary file name: $temporary"
    [[ -e $temporary && ! -e "$work/r.h5" ]] || fail "no temporary file left by SIGKILL, or a result"
    expect 0 "$clearsim" run "$minimal" "${quick[@]}" --out "$work/r.h5" --quiet
    grep -qF "clearsim: warning: removed $temporary, left by a run that was killed" "$work/err" \
      || fail "the stale temporary file's removal is not reported: $(cat "$work/err")"
    [[ ! -e $temporary && -s "$work/r.h5" ]] || fail "the stale temporary file is still there"
    [[ -z $(leftovers "$work/r.h5") ]] || fail "files left: $(leftovers "$work/r.h5")"
    ;;
  *)
    fail "unknown case $case_name"
    ;;
esac
echo "ok: $case_name"
