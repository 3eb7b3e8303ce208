#!/usr/bin/env bash
# Every command shown in README.md and docs/cli.md runs as documented. The commands are
# extracted from their ``` blocks (lines starting with build/clearsim, clearsim,
# /usr/bin/python3 or make, with their \ continuations) and run in order, one block after
# another, in a scratch folder that holds the repository's scenarios/ and a build/clearsim.
# To keep the suite fast, and only so: run and compare get `--horizon 3d --warmup 1d`
# (or their values cut to these) and `--replications N` capped at 2 (horizons and replication counts change the
# numbers, not whether a command works). `make demo` and `make test` are not run here: the
# suite is what `make test` runs, and `make demo` is the compare below with longer horizons.
# Usage: test_doc_commands.sh CLEARSIM SOURCE_DIR
set -uo pipefail
clearsim=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/build" "$work/out"
ln -s "$clearsim" "$work/build/clearsim"
ln -s "$source_dir/scenarios" "$work/scenarios"
ln -s "$source_dir/tests" "$work/tests"
export PATH="$work/build:$PATH"  # `clearsim ...` as the docs write it, once installed

# commands FILE: the documented commands of FILE, one per line (continuations joined).
commands() {
  awk '
    /^```/ { inside = !inside; next }
    !inside { next }
    {
      line = $0
      sub(/^[ \t]+/, "", line)
      if (pending != "") { line = pending " " line; pending = "" }
      if (line ~ /\\$/) { sub(/\\$/, "", line); pending = line; next }
      if (line ~ /^(build\/clearsim|clearsim|\/usr\/bin\/python3|make) / && line !~ /<command>/)
        print line
    }' "$1"
}

ran=0
for doc in README.md docs/cli.md; do
  while IFS= read -r command; do
    case "$command" in
      make\ *) echo "skip (see header): $command"; continue ;;
    esac
    quick=$command
    if [[ $command =~ clearsim\ (run|compare)\  ]]; then
      quick=$(sed -E 's/--replications [0-9]+/--replications 2/; s/--horizon [0-9]+d/--horizon 3d/; s/--warmup [0-9]+d/--warmup 1d/' <<<"$command")
      extra=""
      [[ $quick == *--horizon* ]] || extra+=" --horizon 3d"
      [[ $quick == *--warmup* ]] || extra+=" --warmup 1d"
      # before any redirection, so the options reach clearsim
      if [[ $quick == *">"* ]]; then
        quick="${quick%%>*}$extra >${quick#*>}"
      else
        quick="$quick$extra"
      fi
    fi
    echo "$doc: $quick"
    (cd "$work" && bash -c "$quick" >"$work/stdout" 2>"$work/stderr")
    status=$?
    if [[ $status != 0 ]]; then
      cat "$work/stderr" >&2
      echo "FAIL: $doc: '$command' exited $status" >&2
      exit 1
    fi
    ran=$((ran + 1))
  done < <(commands "$source_dir/$doc")
done
[[ $ran -ge 6 ]] || { echo "FAIL: only $ran documented commands found" >&2; exit 1; }
echo "$ran documented commands ran"

# docs/output.md's Python blocks read out/tianjin.h5: a small compare writes it.
(cd "$work" && rm -f out/tianjin.h5 &&
  build/clearsim compare scenarios/tianjin.yaml --regimes baseline,joint_inspection \
    --replications 2 --horizon 2d --warmup 1d --out out/tianjin.h5 --quiet >/dev/null) ||
  { echo "FAIL: the compare for docs/output.md's examples" >&2; exit 1; }
blocks=0
while IFS= read -r -d '' block; do
  blocks=$((blocks + 1))
  echo "docs/output.md: python block $blocks"
  if ! (cd "$work" && /usr/bin/python3 -c "$block" >"$work/stdout" 2>"$work/stderr"); then
    cat "$work/stderr" >&2
    echo "FAIL: docs/output.md: python block $blocks" >&2
    exit 1
  fi
done < <(awk '/^```python/ { inside = 1; next } /^```/ && inside { inside = 0; printf "%c", 0; next }
              inside { print }' "$source_dir/docs/output.md")
[[ $blocks -ge 1 ]] || { echo "FAIL: no python block in docs/output.md" >&2; exit 1; }
