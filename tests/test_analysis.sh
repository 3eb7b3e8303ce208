#!/usr/bin/env bash
# The Python analysis package and the notebook (analysis/tests), run against a synthetic
# file and against a small result file written by clearsim itself.
# Usage: test_analysis.sh CLEARSIM SOURCE_DIR
set -euo pipefail
clearsim=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$clearsim" compare "$source_dir/tests/scenarios/minimal.yaml" --regimes baseline,reform \
  --replications 2 --horizon 3d --warmup 1d --out "$work/results.h5" --quiet >/dev/null
cd "$source_dir"
CLEARSIM_TEST_RESULTS="$work/results.h5" MPLBACKEND=Agg \
  /usr/bin/python3 -m unittest discover -s analysis/tests -t analysis
