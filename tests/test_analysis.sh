#!/usr/bin/env bash
# The Python analysis package, its figures, its report data and the notebook
# (analysis/tests, pytest): against a synthetic file written from docs/output.md's field
# tables, and against a small result file written by clearsim itself, with the JSON that
# clearsim printed for the same run (the tests compare their numbers with it). Nothing is
# skipped here (CLEARSIM_TEST_STRICT=1).
# Usage: test_analysis.sh CLEARSIM SOURCE_DIR
set -euo pipefail
clearsim=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$clearsim" compare "$source_dir/tests/scenarios/minimal.yaml" --replications 3 --horizon 6d \
  --warmup 1d --out "$work/results.h5" --format json --quiet >"$work/results.json"
cd "$source_dir"
CLEARSIM_TEST_RESULTS="$work/results.h5" CLEARSIM_TEST_JSON="$work/results.json" \
  CLEARSIM_BIN="$clearsim" CLEARSIM_TEST_STRICT=1 MPLBACKEND=Agg \
  /usr/bin/python3 -m pytest analysis/tests --basetemp "$work/pytest" -q
