#!/usr/bin/env bash
# bench/scale.sh - what -j and the result cache buy on a whole database.
#
# Writes a compile_commands.json for the translation units bench/run.sh
# times (same files, same flags) and runs mpr-lint over all of it with -p:
#   j1     --no-cache -j1
#   j2     --no-cache -j2
#   cold   -j2 with an empty --cache-dir (analyses and fills the cache)
#   warm   -j2 with the cache the cold run filled (replays every unit)
# Each round runs the four in turn; the figures are the medians over the
# rounds, then the -j2 speed-up over -j1 and warm as a share of cold.
# Run by hand; not part of `make test`.
#
# Usage: bench/scale.sh [-n ROUNDS] [--only REGEX]
#   -n ROUNDS      rounds (default 1, env BENCH_RUNS)
#   --only REGEX   keep only the TUs whose path matches REGEX (as run.sh)
# Environment: BUILD_DIR (default <repo>/build), and what run.sh reads.

set -u
export LC_ALL=C

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
MPR_LINT=$BUILD_DIR/mpr-lint
ROUNDS=${BENCH_RUNS:-1}
ONLY=()

while [ $# -gt 0 ]; do
  case $1 in
    -n) ROUNDS=${2:?-n needs a number}; shift 2 ;;
    --only) ONLY=(--only "${2:?--only needs a regular expression}"); shift 2 ;;
    -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "scale.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case $ROUNDS in ''|*[!0-9]*|0) echo "scale.sh: -n wants a positive integer" >&2; exit 2 ;; esac
[ -x "$MPR_LINT" ] || { echo "scale.sh: $MPR_LINT not built (run 'make build')" >&2; exit 2; }

WORK=$(mktemp -d /tmp/mpr-lint-scale.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# The TUs and flags of run.sh, as one compile_commands.json.
"$ROOT/bench/run.sh" --list "${ONLY[@]}" > "$WORK/units" || exit 2
python3 - "$WORK/units" "$WORK/compile_commands.json" <<'PY' || exit 2
import json, os, shlex, sys
entries = []
for line in open(sys.argv[1]):
    if not line.startswith("/"):
        continue
    path, _, flags = line.strip().partition("  ")
    entries.append({"directory": os.path.dirname(path), "file": path,
                    "arguments": ["c++"] + shlex.split(flags) + ["-c", path]})
json.dump(entries, open(sys.argv[2], "w"), indent=1)
print("%d translation units" % len(entries))
PY

seconds() {  # seconds a command takes; mpr-lint exits 0 or 1 when it ran
  local start end status
  start=$(date +%s.%N)
  "$@" > /dev/null 2> "$WORK/stderr"
  status=$?
  end=$(date +%s.%N)
  if [ "$status" -gt 1 ]; then
    echo "scale.sh: '$*' exited $status:" >&2; head -5 "$WORK/stderr" >&2
  fi
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
: > "$WORK/j1"; : > "$WORK/j2"; : > "$WORK/cold"; : > "$WORK/warm"
for round in $(seq "$ROUNDS"); do
  rm -rf "$WORK/cache"
  seconds "$MPR_LINT" --quiet --no-cache -j1 -p "$WORK" >> "$WORK/j1"; echo >> "$WORK/j1"
  seconds "$MPR_LINT" --quiet --no-cache -j2 -p "$WORK" >> "$WORK/j2"; echo >> "$WORK/j2"
  seconds "$MPR_LINT" --quiet --cache-dir="$WORK/cache" -j2 -p "$WORK" >> "$WORK/cold"; echo >> "$WORK/cold"
  seconds "$MPR_LINT" --quiet --cache-dir="$WORK/cache" -j2 -p "$WORK" >> "$WORK/warm"; echo >> "$WORK/warm"
  echo "round $round: j1 $(tail -1 "$WORK/j1") s, j2 $(tail -1 "$WORK/j2") s, cold $(tail -1 "$WORK/cold") s, warm $(tail -1 "$WORK/warm") s"
done

J1=$(median < "$WORK/j1"); J2=$(median < "$WORK/j2")
COLD=$(median < "$WORK/cold"); WARM=$(median < "$WORK/warm")
echo
echo "| run | median seconds |"
echo "|---|---|"
echo "| -j1, no cache | $J1 |"
echo "| -j2, no cache | $J2 |"
echo "| -j2, cold cache | $COLD |"
echo "| -j2, warm cache | $WARM |"
awk -v a="$J1" -v b="$J2" 'BEGIN { printf "-j2 speed-up over -j1: %.2fx (target >= 1.8x)\n", a / b }'
awk -v c="$COLD" -v w="$WARM" 'BEGIN { printf "warm run: %.1f %% of cold (target <= 5 %%)\n", 100 * w / c }'
