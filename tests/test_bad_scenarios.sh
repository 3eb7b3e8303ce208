#!/usr/bin/env bash
# The bad-scenario corpus, end to end through the binary: every mistake in a scenario file
# or on the command line must end in one clear message on stderr, the documented exit
# status, nothing on stdout, and no result file (complete or partial); result files that
# exist must never be clobbered. In-process decoder checks live in test_scenario_errors.cpp.
#
# Usage: test_bad_scenarios.sh CLEARSIM SOURCE_DIR [CASE...]
#   CASE: a case name (e.g. 27-word-where-integer), or a prefix of names; default: all.
# The cases are tests/bad_scenarios/NN-name.expect (format: make_corpus.py's header), plus
# the output-file cases at the end of this script. Cases named in
# tests/bad_scenarios/KNOWN_FAILURES are reported as "SKIP (known failure)" and not run,
# unless CLEARSIM_RUN_KNOWN_FAILURES=1. CLEARSIM_SHOW_STDERR=1 shows every case's messages.
set -uo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 CLEARSIM SOURCE_DIR [CASE...]" >&2
  exit 2
fi
clearsim=$1
source_dir=$2
shift 2
selected=("$@")
corpus="$source_dir/tests/bad_scenarios"
minimal="$source_dir/tests/scenarios/minimal.yaml"
[[ -x $clearsim ]] || { echo "not an executable: $clearsim" >&2; exit 2; }
[[ -d $corpus ]] || { echo "no corpus at $corpus" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'chmod -R u+rwX "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
per_case_timeout=60
# A runaway case must fail, not take the machine down: cap the address space (not under
# AddressSanitizer, which reserves terabytes of it).
memory_limit_kb=
if ! grep -q -a __asan_init "$clearsim" 2>/dev/null; then memory_limit_kb=8000000; fi

known=()
if [[ -f $corpus/KNOWN_FAILURES ]]; then
  while IFS= read -r line; do
    line=${line%%#*}
    line=${line//[[:space:]]/}
    [[ -n $line ]] && known+=("$line")
  done <"$corpus/KNOWN_FAILURES"
fi

passed=0
failed=0
skipped=0
failures=()

is_known() {
  local k
  for k in "${known[@]}"; do [[ $k == "$1" ]] && return 0; done
  return 1
}

is_selected() {
  [[ ${#selected[@]} -eq 0 ]] && return 0
  local s
  for s in "${selected[@]}"; do [[ $1 == "$s"* ]] && return 0; done
  return 1
}

pass() {
  echo "ok   $1"
  if [[ ${CLEARSIM_SHOW_STDERR:-0} == 1 && -s $tmp/stderr ]]; then sed 's/^/     | /' "$tmp/stderr"; fi
  passed=$((passed + 1))
}

fail() {
  local name=$1
  shift
  echo "FAIL $name: $*"
  if [[ -s $tmp/stderr ]]; then sed 's/^/     | /' "$tmp/stderr" | head -20; fi
  failed=$((failed + 1))
  failures+=("$name")
}

skip() {
  echo "SKIP $1 ($2)"
  skipped=$((skipped + 1))
}

# Should this case run? Prints the SKIP line for a known failure.
should_run() {
  is_selected "$1" || return 1
  if is_known "$1" && [[ ${CLEARSIM_RUN_KNOWN_FAILURES:-0} != 1 ]]; then
    echo "SKIP (known failure) $1"
    skipped=$((skipped + 1))
    return 1
  fi
  : >"$tmp/stdout"
  : >"$tmp/stderr"
  return 0
}

# invoke ARGS...: runs clearsim ARGS (under the command in the array $wrapper, if any) with
# the timeout and memory cap; stdout, stderr to $tmp/stdout, $tmp/stderr; sets $status.
wrapper=()
invoke() {
  (
    [[ -n $memory_limit_kb ]] && ulimit -v "$memory_limit_kb"
    exec timeout -k 5 "$per_case_timeout" "${wrapper[@]}" "$clearsim" "$@"
  ) </dev/null >"$tmp/stdout" 2>"$tmp/stderr"
  status=$?
  wrapper=()
}

# The checks every failing command must pass: the status (and never a signal or the
# timeout), one message on stderr (optionally followed by the usage hint), empty stdout.
# Returns non-zero after reporting the first problem.
check_common() {
  local name=$1 want=$2 stdout_any=$3 lines_any=$4
  if [[ $status -eq 124 || $status -eq 137 ]]; then
    fail "$name" "timed out after ${per_case_timeout}s (exit $status)"; return 1
  fi
  if [[ $status -ge 128 ]]; then
    fail "$name" "killed by signal $((status - 128)) (exit $status)"; return 1
  fi
  if [[ $status != "$want" ]]; then
    fail "$name" "exit status $status, expected $want"; return 1
  fi
  if [[ $stdout_any != 1 && -s $tmp/stdout ]]; then
    fail "$name" "wrote to stdout: $(head -c 200 "$tmp/stdout")"; return 1
  fi
  if [[ $lines_any != 1 ]]; then
    local n
    # A run's warnings before it fails (a pool predicted at rho >= 1) are not the message.
    n=$(grep -vc '^clearsim: warning: ' "$tmp/stderr")
    if [[ ! -s $tmp/stderr ]]; then
      fail "$name" "no message on stderr"; return 1
    fi
    if [[ $n -gt 2 ]] || { [[ $n -eq 2 ]] && ! [[ $(grep -v '^clearsim: warning: ' "$tmp/stderr" | sed -n 2p) =~ ^Try\ \'clearsim\ [a-z]+\ --help\'\ for\ its\ options\.$ ]]; }; then
      fail "$name" "stderr is not a single message ($n lines)"; return 1
    fi
  fi
  return 0
}

# The standard options of `run` and `compare`, each with its value (or "" for a flag).
standard_options=(--replications 1 --horizon 2d --warmup 1d --out @OUT@ --quiet "")

# leftovers TARGET: prints what a run to TARGET left beside it: its temporary files
# (.NAME.clearsim-XXXXXX.partial), its lock file (.NAME.lock) and the old-style NAME.partial.
leftovers() {
  local dir base
  dir=$(dirname "$1")
  base=$(basename "$1")
  compgen -G "$dir/.$base.clearsim-??????.partial"
  [[ -e "$dir/.$base.lock" ]] && echo "$dir/.$base.lock"
  [[ -e "$1.partial" ]] && echo "$1.partial"
  return 0
}

expand() {
  local text=$1
  text=${text//@TMP@/$tmp}
  text=${text//@MINIMAL@/$minimal}
  text=${text//@OUT@/$out}
  text=${text//@FILE@/$file}
  printf '%s' "$text"
}

run_corpus_case() {
  local expect=$1 name
  name=$(basename "$expect" .expect)
  should_run "$name" || return 0

  local command=run want="" stdout_any=0 lines_any=0 setup="" scenario_spec=""
  local extra=() needles=() absent=()
  local directive value
  while IFS= read -r line || [[ -n $line ]]; do
    [[ -z $line || $line == \#* ]] && continue
    directive=${line%% *}
    value=""
    [[ $line == *" "* ]] && value=${line#* }
    case $directive in
      exit) want=$value ;;
      stderr) needles+=("$value") ;;
      not-stderr) absent+=("$value") ;;
      command) command=$value ;;
      scenario) scenario_spec=$value ;;
      arg) extra+=("$value") ;;
      setup) setup=$value ;;
      stdout) [[ $value == any ]] && stdout_any=1 ;;
      stderr-lines) [[ $value == any ]] && lines_any=1 ;;
      *) fail "$name" "unknown directive '$directive' in $expect"; return 0 ;;
    esac
  done <"$expect"
  [[ -n $want ]] || { fail "$name" "no 'exit' line in $expect"; return 0; }

  out="$tmp/$name.h5"
  file="$corpus/$name.yaml"
  if [[ -n $scenario_spec ]]; then
    file=$(expand "$scenario_spec")
    [[ $file == /* || $file == @NONE@ ]] || file="$corpus/$file"
  fi

  case $setup in
    "") ;;
    unreadable)
      cp "$minimal" "$tmp/unreadable.yaml" && chmod 000 "$tmp/unreadable.yaml"
      if [[ $(id -u) -eq 0 ]]; then
        # root reads mode-000 files; drop the capabilities that let it.
        # shellcheck disable=SC2016,SC2054  # $0 is expanded by capsh's shell; commas are capsh's
        if command -v capsh >/dev/null &&
          capsh --drop=cap_dac_override,cap_dac_read_search -- -c '! cat "$0"' "$tmp/unreadable.yaml" 2>/dev/null; then
          wrapper=(capsh --drop=cap_dac_override,cap_dac_read_search -- -c 'exec "$0" "$@"')
        else
          skip "$name" "running as root without capsh: a mode-000 file is still readable"
          return 0
        fi
      fi
      ;;
    fifo) rm -f "$tmp/pipe.yaml" && mkfifo "$tmp/pipe.yaml" ;;
    huge) rm -f "$tmp/huge.yaml" && truncate -s 20M "$tmp/huge.yaml" ;;
    many-keys)
      { cat "$minimal"; echo "extra:"; seq -f '  key%.0f: 1' 1 150000; } >"$tmp/many-keys.yaml" ;;
    long-scalar)
      { cat "$minimal"; printf 'inspection: {policy: '; head -c 100000 /dev/zero | tr '\0' x; echo '}'; } \
        >"$tmp/long-scalar.yaml" ;;
    *) fail "$name" "unknown setup '$setup'"; return 0 ;;
  esac

  local args=("$command")
  [[ $file != @NONE@ ]] && args+=("$file")
  if [[ $command != validate ]]; then
    local i opt overridden e
    for ((i = 0; i < ${#standard_options[@]}; i += 2)); do
      opt=${standard_options[i]}
      overridden=0
      for e in "${extra[@]}"; do [[ $e == "$opt" ]] && overridden=1; done
      [[ $overridden == 1 ]] && continue
      args+=("$opt")
      [[ -n ${standard_options[i + 1]} ]] && args+=("$(expand "${standard_options[i + 1]}")")
    done
  fi
  for e in "${extra[@]}"; do args+=("$(expand "$e")"); done

  invoke "${args[@]}"
  check_common "$name" "$want" "$stdout_any" "$lines_any" || return 0
  local needle
  for needle in "${needles[@]}"; do
    needle=$(expand "$needle")
    if ! grep -qF -- "$needle" "$tmp/stderr"; then
      fail "$name" "stderr lacks: $needle"; return 0
    fi
  done
  for needle in "${absent[@]}"; do
    needle=$(expand "$needle")
    if grep -qF -- "$needle" "$tmp/stderr"; then
      fail "$name" "stderr should not contain: $needle"; return 0
    fi
  done
  if [[ -e $out || -n $(leftovers "$out") ]]; then
    fail "$name" "left a result file behind: $(ls -d "$out" 2>/dev/null) $(leftovers "$out")"; return 0
  fi
  pass "$name"
}

# ---- output files: never clobbered, never partial ----------------------------------------

quick=(--replications 1 --horizon 2d --warmup 1d --quiet)

out_exists_not_clobbered() {
  local name=out-exists-not-clobbered
  should_run "$name" || return 0
  local target="$tmp/x.h5"
  printf 'precious results, not HDF5\n' >"$target"
  cp "$target" "$tmp/x.before"
  invoke run "$minimal" "${quick[@]}" --out "$target"
  check_common "$name" 1 0 0 || return 0
  grep -qF "$target: already exists (use --force to replace it)" "$tmp/stderr" ||
    { fail "$name" "no 'already exists (use --force ...)' message"; return 0; }
  cmp -s "$target" "$tmp/x.before" || { fail "$name" "the existing file was modified"; return 0; }
  [[ -z $(leftovers "$target") ]] || { fail "$name" "left $(leftovers "$target")"; return 0; }
  pass "$name"
}

out_missing_directory() {
  local name=out-missing-directory
  should_run "$name" || return 0
  local target="$tmp/no/such/dir/r.h5"
  invoke run "$minimal" "${quick[@]}" --max-events 1 --out "$target"
  check_common "$name" 1 0 0 || return 0
  grep -qF "$target: cannot create files in $tmp/no/such/dir: No such file or directory" "$tmp/stderr" ||
    { fail "$name" "the message does not say the directory is missing"; return 0; }
  [[ ! -e $tmp/no ]] || { fail "$name" "created $tmp/no"; return 0; }
  pass "$name"
}

out_to_directory() {
  local name=out-is-a-directory
  should_run "$name" || return 0
  mkdir -p "$tmp/adir"
  invoke run "$minimal" "${quick[@]}" --out "$tmp/adir" --force
  check_common "$name" 1 0 0 || return 0
  grep -qF "$tmp/adir: is a directory" "$tmp/stderr" || { fail "$name" "no 'is a directory'"; return 0; }
  [[ -d $tmp/adir && -z $(ls -A "$tmp/adir") && -z $(leftovers "$tmp/adir") ]] ||
    { fail "$name" "the directory was changed or a partial file left"; return 0; }
  pass "$name"
}

# /dev/full as --out. As root, --force could replace the real /dev/full, so root uses an
# identical device node (character device 1,7) in the scratch directory instead; without
# root /dev is not writable and the real /dev/full is safe to name.
full_device() {
  if [[ $(id -u) -eq 0 ]]; then
    mkdir -p "$tmp/dev"
    rm -f "$tmp/dev/full"
    mknod "$tmp/dev/full" c 1 7 2>/dev/null && { echo "$tmp/dev/full"; return 0; }
    return 1
  fi
  echo /dev/full
}

out_dev_full() {
  local name=out-dev-full
  should_run "$name" || return 0
  local device
  device=$(full_device) || { skip "$name" "root, and cannot mknod a copy of /dev/full"; return 0; }
  invoke run "$minimal" "${quick[@]}" --out "$device"
  check_common "$name" 1 0 0 || return 0
  # Not "use --force": a device is never replaced, with --force or without.
  grep -qF "$device: exists and is not a regular file; give a file name" "$tmp/stderr" ||
    { fail "$name" "not refused as a device"; return 0; }
  [[ -c $device && -z $(leftovers "$device") ]] || { fail "$name" "$device was replaced or a partial left"; return 0; }
  pass "$name"
}

# With --force a full device must fail the write (exit 1, a message naming it), and leave
# the device as it was with no partial file beside it.
out_dev_full_force() {
  local name=out-dev-full-force
  should_run "$name" || return 0
  local device
  device=$(full_device) || { skip "$name" "root, and cannot mknod a copy of /dev/full"; return 0; }
  invoke run "$minimal" "${quick[@]}" --out "$device" --force
  check_common "$name" 1 0 0 || { [[ -c $device ]] || echo "     | and $device is no longer a device: $(ls -l "$device")"; return 0; }
  grep -qF "$device" "$tmp/stderr" || { fail "$name" "the message does not name $device"; return 0; }
  [[ -c $device ]] || { fail "$name" "$device was replaced: $(ls -l "$device")"; return 0; }
  [[ -z $(leftovers "$device") ]] || { fail "$name" "left $(leftovers "$device")"; return 0; }
  pass "$name"
}

# Results that cannot be written to stdout (a full disk under `> results.csv`) are a failed
# run: exit 1 and a message, not exit 0 with a truncated table.
stdout_dev_full() {
  local name=stdout-dev-full
  should_run "$name" || return 0
  (
    [[ -n $memory_limit_kb ]] && ulimit -v "$memory_limit_kb"
    exec timeout -k 5 "$per_case_timeout" "$clearsim" run "$minimal" "${quick[@]}" --format csv
  ) </dev/null >/dev/full 2>"$tmp/stderr"
  status=$?
  : >"$tmp/stdout"
  check_common "$name" 1 0 0 || return 0
  grep -qF "No space left on device" "$tmp/stderr" ||
    { fail "$name" "the message does not say why stdout could not be written"; return 0; }
  pass "$name"
}

# ---- the output path: checks before the run, links, locks, damaged shards ------------------

# fingerprint PATH: what a file, link or device at PATH is (empty if nothing is there).
fingerprint() {
  [[ -e $1 || -L $1 ]] || return 0
  stat -c '%F %i %s %Y' "$1"
  if [[ -L $1 ]]; then readlink "$1"; elif [[ -f $1 ]]; then cksum <"$1"; fi
}

# refused NAME STATUS NEEDLE TARGET ARGS...: clearsim ARGS must fail with STATUS and one
# message holding NEEDLE, print nothing on stdout, leave whatever was at TARGET as it was,
# and leave nothing beside it (a lock file held by someone else stays). Passes the case.
refused() {
  local name=$1 want=$2 needle=$3 target=$4
  shift 4
  local before left_before
  before=$(fingerprint "$target")
  left_before=$(leftovers "$target")
  invoke "$@"
  check_common "$name" "$want" 0 0 || return 1
  grep -qF -- "$needle" "$tmp/stderr" || { fail "$name" "stderr lacks: $needle"; return 1; }
  [[ $(fingerprint "$target") == "$before" ]] || { fail "$name" "$target was changed"; return 1; }
  [[ $(leftovers "$target") == "$left_before" ]] ||
    { fail "$name" "left $(leftovers "$target")"; return 1; }
  pass "$name"
}

# --max-events 1 stops a run at its first event: a check on the target that came only after
# the simulation would be reported as that guard instead of the expected message.
early=(--max-events 1)

out_dangling_link() {
  local name=out-dangling-link
  should_run "$name" || return 0
  ln -sfn "$tmp/nowhere" "$tmp/dangling.h5"
  refused "$name" 1 "$tmp/dangling.h5: is a symbolic link (to '$tmp/nowhere'); give the file's own name" \
    "$tmp/dangling.h5" run "$minimal" "${quick[@]}" "${early[@]}" --out "$tmp/dangling.h5" || return 0
  [[ ! -e $tmp/nowhere ]] || fail "$name" "the link's target was created"
}

out_link_force() {
  local name=out-link-force
  should_run "$name" || return 0
  printf 'precious\n' >"$tmp/linked"
  ln -sfn "$tmp/linked" "$tmp/link.h5"
  refused "$name" 1 "$tmp/link.h5: is a symbolic link (to '$tmp/linked')" \
    "$tmp/link.h5" run "$minimal" "${quick[@]}" "${early[@]}" --out "$tmp/link.h5" --force || return 0
  [[ $(cat "$tmp/linked") == precious ]] || fail "$name" "the file the link names was changed"
}

out_parent_is_a_file() {
  local name=out-parent-is-a-file
  should_run "$name" || return 0
  printf 'a file\n' >"$tmp/afile.h5"
  refused "$name" 1 "$tmp/afile.h5/r.h5: cannot create files in $tmp/afile.h5: Not a directory" \
    "$tmp/afile.h5/r.h5" run "$minimal" "${quick[@]}" "${early[@]}" --out "$tmp/afile.h5/r.h5"
}

out_directory_not_writable() {
  local name=out-directory-not-writable
  should_run "$name" || return 0
  mkdir -p "$tmp/ro" && chmod 555 "$tmp/ro"
  if [[ $(id -u) -eq 0 ]]; then
    # root writes anywhere; drop the capability that lets it.
    # shellcheck disable=SC2016,SC2054  # $0 and $@ are expanded by capsh's shell; commas are capsh's
    wrapper=(capsh --drop=cap_dac_override,cap_dac_read_search -- -c 'exec "$0" "$@"')
  fi
  refused "$name" 1 "$tmp/ro/r.h5: cannot create files in $tmp/ro: Permission denied" \
    "$tmp/ro/r.h5" run "$minimal" "${quick[@]}" "${early[@]}" --out "$tmp/ro/r.h5"
  chmod 755 "$tmp/ro"
}

out_fifo_force() {
  local name=out-fifo-force
  should_run "$name" || return 0
  rm -f "$tmp/fifo.h5" && mkfifo "$tmp/fifo.h5"
  refused "$name" 1 "$tmp/fifo.h5: exists and is not a regular file; give a file name" \
    "$tmp/fifo.h5" run "$minimal" "${quick[@]}" "${early[@]}" --out "$tmp/fifo.h5" --force
}

# A link planted at the lock file is not followed: the file it names is neither created nor
# truncated.
out_lock_is_a_link() {
  local name=out-lock-is-a-link
  should_run "$name" || return 0
  printf 'precious\n' >"$tmp/victim"
  ln -sfn "$tmp/victim" "$tmp/.locked-by-link.h5.lock"
  refused "$name" 1 "cannot open its lock file $tmp/.locked-by-link.h5.lock: it is a symbolic link" \
    "$tmp/locked-by-link.h5" run "$minimal" "${quick[@]}" "${early[@]}" --out "$tmp/locked-by-link.h5" \
    --force || return 0
  [[ $(cat "$tmp/victim") == precious ]] || fail "$name" "the link's target was changed"
}

# Another run holds the target's lock (here this script, with flock): refused at once, with
# or without --force, and the holder's lock file stays.
out_locked() {
  local name=out-locked force
  should_run "$name" || return 0
  exec 9>"$tmp/.busy.h5.lock"
  flock -n 9 || { fail "$name" "cannot take the lock for the test"; exec 9>&-; return 0; }
  for force in "" --force; do
    refused "$name${force:+-force}" 1 "$tmp/busy.h5: another clearsim run is writing this file" \
      "$tmp/busy.h5" run "$minimal" "${quick[@]}" "${early[@]}" --out "$tmp/busy.h5" $force
  done
  exec 9>&-
}

# A shard with zeroed bytes inside a compressed chunk: merge names the file and dataset, and
# writes nothing.
merge_damaged_shard() {
  local name=merge-damaged-shard shards=$tmp/shards
  should_run "$name" || return 0
  mkdir -p "$shards"
  # shellcheck disable=SC2054  # the comma separates regimes
  local args=(--regimes baseline,reform --replications 2 --horizon 2d --warmup 1d --quiet)
  if ! "$clearsim" compare "$minimal" "${args[@]}" --shard 0/2 --out "$shards/p0.h5" >/dev/null 2>&1 ||
    ! "$clearsim" compare "$minimal" "${args[@]}" --shard 1/2 --out "$shards/p1.h5" >/dev/null 2>&1; then
    fail "$name" "cannot write the shards"; return 0
  fi
  /usr/bin/python3 - "$shards/p1.h5" <<'PY' || { fail "$name" "cannot damage the shard"; return 0; }
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    info = f["runs/reform/replication_0001/containers"].id.get_chunk_info(0)
with open(sys.argv[1], "r+b") as out:
    out.seek(info.byte_offset + info.size // 2)
    out.write(bytes(64))
PY
  refused "$name" 1 "$shards/p1.h5: runs/reform/replication_0001/containers is damaged and cannot be read" \
    "$shards/merged.h5" merge "$shards/merged.h5" "$shards/p0.h5" "$shards/p1.h5"
}

# A regime named twice would be two groups of one name in the result file.
compare_duplicate_regimes() {
  local name=compare-duplicate-regimes out_args
  should_run "$name" || return 0
  for out_args in "" "--out $tmp/twice.h5"; do
    # shellcheck disable=SC2086  # out_args is two words or none
    refused "$name${out_args:+-out}" 2 "clearsim: --regimes: 'baseline' is named twice in 'baseline,baseline'" \
      "$tmp/twice.h5" compare "$minimal" --regimes baseline,baseline --replications 2 --horizon 2d \
      --warmup 1d --quiet $out_args
  done
}

# In numeric order: 2-..., 10-..., 100-...
while IFS= read -r expect; do
  run_corpus_case "$corpus/$expect"
done < <(cd "$corpus" && printf '%s\n' *.expect | sort -V)
out_exists_not_clobbered
out_missing_directory
out_to_directory
out_dev_full
out_dev_full_force
stdout_dev_full
out_dangling_link
out_link_force
out_parent_is_a_file
out_directory_not_writable
out_fifo_force
out_lock_is_a_link
out_locked
merge_damaged_shard
compare_duplicate_regimes

summary="$passed passed, $failed failed"
[[ $skipped -gt 0 ]] && summary+=", $skipped skipped"
if [[ $failed -gt 0 ]]; then
  echo "failed: ${failures[*]}"
fi
echo "$summary"
[[ $failed -eq 0 ]]
