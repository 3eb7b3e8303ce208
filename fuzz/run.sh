#!/usr/bin/env bash
# Runs the scenario fuzzer built by fuzz/CMakeLists.txt: first every saved regression input
# (tests/fuzz_regressions/), then a timed fuzzing session seeded with the repository's
# scenarios. Fails on any crash, sanitizer report, timeout or out-of-memory; the input that
# caused it is left in BUILD_DIR as crash-*, timeout-*, oom-* or leak-*.
#
#   fuzz/run.sh [BUILD_DIR] [SECONDS] [extra libFuzzer flags...]
#
# `make fuzz` calls it after building (BUILD_DIR build-fuzz, SECONDS $(FUZZ_SECONDS) = 60).
# Nothing is written outside BUILD_DIR: the corpus is rebuilt from the seeds on every run.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-build-fuzz}
seconds=${2:-60}
shift $(($# < 2 ? $# : 2))
fuzzer=$build/scenario_fuzzer
if [[ ! -x $fuzzer ]]; then
  echo "fuzz: $fuzzer not built (run make fuzz)" >&2
  exit 2
fi

# The limits CI relies on: inputs up to 64 KiB, 10 s per input, 2 GiB of memory.
flags=(-max_len=65536 -timeout=10 -rss_limit_mb=2048)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# 1. Regressions: inputs that once crashed must now be decoded or rejected cleanly.
shopt -s nullglob
regressions=()
for file in tests/fuzz_regressions/*; do
  if [[ -f $file && $(basename "$file") != README* ]]; then regressions+=("$file"); fi
done
if ((${#regressions[@]})); then
  echo "fuzz: ${#regressions[@]} regression input(s) from tests/fuzz_regressions/"
  failed=0
  for file in "${regressions[@]}"; do
    log=$build/regression-$(basename "$file").log
    if "$fuzzer" "${flags[@]}" "$file" >"$log" 2>&1; then
      echo "  pass  $file"
    else
      echo "  FAIL  $file: $(grep -m1 -E 'SUMMARY|ERROR' "$log" || true) (log: $log)"
      failed=$((failed + 1))
    fi
  done
  if ((failed)); then
    echo "fuzz: FAILED: $failed regression input(s) in tests/fuzz_regressions/ still fail" >&2
    exit 1
  fi
fi

# 2. Seed corpus: every scenario in the repository, plus the few YAML snippets in
#    fuzz/seeds/ (regimes, aliases, syntax the scenarios never use), copied (flattened) into
#    a fresh directory under BUILD_DIR, where libFuzzer also adds the inputs it finds.
corpus=$build/corpus
rm -rf "$corpus"
mkdir -p "$corpus"
seeds=0
for dir in scenarios tests/scenarios tests/bad_scenarios fuzz/seeds; do
  [[ -d $dir ]] || continue
  while IFS= read -r -d '' file; do
    cp "$file" "$corpus/seed_$(echo "${file%.*}" | tr '/' '_').yaml"
    seeds=$((seeds + 1))
  done < <(find "$dir" -type f \( -name '*.yaml' -o -name '*.yml' \) -print0)
done
echo "fuzz: $seeds seed scenario(s); fuzzing for ${seconds}s"

# 3. Fuzz. libFuzzer exits non-zero on the first failure and writes the input to
#    $build/crash-<sha1> (or timeout-, oom-, leak-).
rm -f "$build"/crash-* "$build"/timeout-* "$build"/oom-* "$build"/leak-* "$build"/slow-unit-*
status=0
"$fuzzer" "${flags[@]}" -max_total_time="$seconds" -dict=fuzz/scenario.dict \
  -artifact_prefix="$build/" -print_final_stats=1 "$@" "$corpus" 2>&1 | tee "$build/fuzz.log" ||
  status=$?
if ((status != 0)); then
  echo "fuzz: FAILED (exit $status); input(s):" >&2
  ls -1 "$build"/crash-* "$build"/timeout-* "$build"/oom-* "$build"/leak-* 2>/dev/null >&2 || true
  echo "fuzz: reproduce with $fuzzer <file>; minimise with $fuzzer -minimize_crash=1" \
       "-runs=100000 <file>; then add it to tests/fuzz_regressions/ (fuzz/README.md)" >&2
  exit 1
fi
echo "fuzz: no failure in ${seconds}s (log: $build/fuzz.log)"
