#!/usr/bin/env bash
# bench/run.sh - how much slower is mpr-lint than a plain clang parse?
#
# Times, over the same set of real translation units and with the same
# compiler flags:
#   syntax-only   clang++-19 -fsyntax-only <flags> <tu>
#   mpr-lint      build/mpr-lint --quiet <tu> -- <flags>
#   clang-tidy    clang-tidy-19 --load=build/libmpr-tidy.so
#                   -checks=-*,procore-* --quiet <tu> -- <flags>
#   no-checks     build/mpr-lint --quiet --checks=-* <tu> -- <flags>
#                 (the tooling front end alone: parse, no AST matchers)
# and prints the seconds each takes over the whole set and the overhead of
# mpr-lint over syntax-only. Each TU is timed N times with every tool in
# turn before the next TU; the totals sum the per-TU medians (and minimums). Run by hand; it is not part of `make test`. See README.md.
#
# Usage: bench/run.sh [-n N] [--only REGEX] [--no-profile] [--no-baseline] [--list]
#   -n N           repetitions of each measurement (default 3, env BENCH_RUNS)
#   --only REGEX   keep only the TUs whose path matches REGEX (grep -E)
#   --no-profile   skip the per-check profile (clang-tidy --enable-check-profile)
#   --no-baseline  skip the "no-checks" row
#   --list         print the translation units and their flags, then exit
# Environment: BUILD_DIR (default <repo>/build), CLANGXX (clang++-19),
#   CLANG_TIDY (clang-tidy-19), BOOST_DOC (the Beast example folder),
#   BENCH_NO_HYPERFINE=1 (time with date +%s.%N even if hyperfine is there).

set -u
export LC_ALL=C

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
CLANGXX=${CLANGXX:-clang++-19}
CLANG_TIDY=${CLANG_TIDY:-clang-tidy-19}
MPR_LINT=$BUILD_DIR/mpr-lint
PLUGIN=$BUILD_DIR/libmpr-tidy.so
BOOST_DOC=${BOOST_DOC:-/usr/share/doc/libboost1.74-doc/examples/libs/beast/example}
RUNS=${BENCH_RUNS:-3}
PROFILE=1
BASELINE=1
LIST_ONLY=0
ONLY=

while [ $# -gt 0 ]; do
  case $1 in
    -n) RUNS=${2:?-n needs a number}; shift 2 ;;
    -n*) RUNS=${1#-n}; shift ;;
    --no-profile) PROFILE=0; shift ;;
    --no-baseline) BASELINE=0; shift ;;
    --list) LIST_ONLY=1; shift ;;
    --only) ONLY=${2:?--only needs a regular expression}; shift 2 ;;
    -h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case $RUNS in ''|*[!0-9]*|0) echo "run.sh: -n wants a positive integer" >&2; exit 2 ;; esac

die() { echo "run.sh: $*" >&2; exit 2; }
is_root() { [ "$(id -u)" = 0 ]; }

#--- Tools -------------------------------------------------------------------

command -v "$CLANGXX" >/dev/null || die "$CLANGXX not found (run 'make deps')"
command -v "$CLANG_TIDY" >/dev/null || die "$CLANG_TIDY not found (run 'make deps')"
[ -x "$MPR_LINT" ] || die "$MPR_LINT not built (run 'make build')"
[ -f "$PLUGIN" ] || die "$PLUGIN not built (run 'make build')"

if [ ! -d "$BOOST_DOC" ]; then
  if is_root && command -v apt-get >/dev/null; then
    echo "== installing libboost1.74-doc (Beast examples) =="
    apt-get install -y libboost1.74-doc >/dev/null 2>&1 ||
      { apt-get update >/dev/null 2>&1 && apt-get install -y libboost1.74-doc >/dev/null 2>&1; }
  fi
  [ -d "$BOOST_DOC" ] || die "no Beast examples in $BOOST_DOC;
  install them with: sudo apt-get install -y libboost1.74-doc"
fi

HYPERFINE=$(command -v hyperfine || true)
if [ "${BENCH_NO_HYPERFINE:-0}" = 1 ]; then
  HYPERFINE=
elif [ -z "$HYPERFINE" ] && is_root && command -v apt-get >/dev/null; then
  echo "== installing hyperfine =="
  apt-get install -y hyperfine >/dev/null 2>&1 ||
    { apt-get update >/dev/null 2>&1 && apt-get install -y hyperfine >/dev/null 2>&1; }
  HYPERFINE=$(command -v hyperfine || true)
fi

#--- Translation units -------------------------------------------------------

# Twelve Beast examples that parse with -std=c++17 -I<their folder>. The
# *-ssl* and *-flex* examples are left out: they include
# "example/common/*_certificate.hpp", which is not under their folder.
BEAST_TUS="
advanced/server/advanced_server.cpp
echo-op/echo_op.cpp
http/client/async/http_client_async.cpp
http/client/coro/http_client_coro.cpp
http/client/crawl/http_crawl.cpp
http/client/sync/http_client_sync.cpp
http/server/async/http_server_async.cpp
http/server/fast/http_server_fast.cpp
http/server/small/http_server_small.cpp
websocket/client/async/websocket_client_async.cpp
websocket/server/chat-multi/websocket_session.cpp
websocket/server/coro/websocket_server_coro.cpp
"

QT_FLAGS="-fPIC -I/usr/include/x86_64-linux-gnu/qt5 -I/usr/include/x86_64-linux-gnu/qt5/QtCore -I/usr/include/x86_64-linux-gnu/qt5/QtNetwork"

# TU_FILES[i] is parsed with TU_FLAGS[i] by every tool.
TU_FILES=()
TU_FLAGS=()
for rel in $BEAST_TUS; do
  f=$BOOST_DOC/$rel
  if [ -f "$f" ]; then
    TU_FILES+=("$f")
    TU_FLAGS+=("-std=c++17 -I$(dirname "$f")")
  else
    echo "note: $rel is not in $BOOST_DOC; skipped" >&2
  fi
done
for f in "$ROOT"/fixtures/libraries/*.cpp; do
  [ -f "$f" ] || continue
  flags="-std=c++17"
  if grep -Eq '#[[:space:]]*include[[:space:]]*<Q' "$f"; then flags="$flags $QT_FLAGS"; fi
  if grep -Eq '#[[:space:]]*include[[:space:]]*[<"]cpr/' "$f"; then flags="$flags -I$ROOT/fixtures/stubs"; fi
  if grep -Eq '#[[:space:]]*include[[:space:]]*[<"]json/' "$f"; then flags="$flags -I/usr/include/jsoncpp"; fi
  TU_FILES+=("$f")
  TU_FLAGS+=("$flags")
done

if [ -n "$ONLY" ]; then
  files=() flagsets=()
  for i in "${!TU_FILES[@]}"; do
    if printf '%s\n' "${TU_FILES[$i]}" | grep -Eq -- "$ONLY"; then
      files+=("${TU_FILES[$i]}"); flagsets+=("${TU_FLAGS[$i]}")
    fi
  done
  TU_FILES=("${files[@]}"); TU_FLAGS=("${flagsets[@]}")
  [ "${#TU_FILES[@]}" -gt 0 ] || die "--only '$ONLY' matches no translation unit"
fi

if [ "$LIST_ONLY" = 1 ]; then
  for i in "${!TU_FILES[@]}"; do echo "${TU_FILES[$i]}  ${TU_FLAGS[$i]}"; done
  exit 0
fi

#--- Helpers -----------------------------------------------------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mpr-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
shortname() { case $1 in "$BOOST_DOC"/*) echo "${1#"$BOOST_DOC"/}" ;; "$ROOT"/*) echo "${1#"$ROOT"/}" ;; *) echo "$1" ;; esac; }

# The command line of tool $1 on TU $2 (an index), one word a line.
tool_cmd() {
  local f=${TU_FILES[$2]} flags=${TU_FLAGS[$2]}
  # shellcheck disable=SC2086  # the flags are words on purpose
  case $1 in
    syntax-only) printf '%s\n' "$CLANGXX" -fsyntax-only $flags "$f" ;;
    mpr-lint)    printf '%s\n' "$MPR_LINT" --quiet --no-cache "$f" -- $flags ;;
    clang-tidy)  printf '%s\n' "$CLANG_TIDY" "--load=$PLUGIN" '-checks=-*,procore-*' --quiet "$f" -- $flags ;;
    no-checks)   printf '%s\n' "$MPR_LINT" --quiet --no-cache '--checks=-*' "$f" -- $flags ;;
  esac
}

# Runs tool $1 on TU $2; its output goes to $3. Returns the tool's status.
run_one() {
  local -a argv
  mapfile -t argv < <(tool_cmd "$1" "$2")
  "${argv[@]}" >"$3" 2>&1
}

# Writes $WORK/<tool>.<tu>.sh, which runs tool $1 on TU $2. mpr-lint exits 1
# when it has findings; that is not a failure here, so the script exits 0.
write_runner() {
  {
    echo '#!/bin/sh'
    tool_cmd "$1" "$2" | awk '{ gsub(/\047/, "\047\\\047\047"); printf "\047%s\047 ", $0 } END { print ">/dev/null 2>&1" }'
    echo 'exit 0'
  } >"$WORK/$1.$2.sh"
}

#--- Sanity pass (also the warm-up) ------------------------------------------

echo "== mpr-lint benchmark =="
echo "host:      $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "compiler:  $("$CLANGXX" --version | head -1)"
echo "mpr-lint:  $("$MPR_LINT" --version 2>&1 | tail -1 | sed 's/^ *//')"
STAMP=$(stat -c '%s %Y' "$MPR_LINT" "$PLUGIN")
echo "runs:      $RUNS per measurement, sequential, $( [ -n "$HYPERFINE" ] && echo "timed by $("$HYPERFINE" --version)" || echo "timed by date +%s.%N")"
load1=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load1" 'BEGIN { exit !(l > 0.5) }'; then
  echo "warning:   the 1-minute load is $load1; other work on the machine will skew the figures"
fi
echo
echo "== checking the translation units (one untimed-for-the-result pass, warms the caches) =="
printf '%-58s %10s %10s %8s\n' "translation unit" "syntax s" "mpr-lint s" "ratio"
KEPT=()
for i in "${!TU_FILES[@]}"; do
  name=$(shortname "${TU_FILES[$i]}")
  t0=$(now)
  if ! run_one syntax-only "$i" "$WORK/out.txt"; then
    printf '%-58s skipped: does not parse with %s\n' "$name" "${TU_FLAGS[$i]}"
    grep -m1 'error' "$WORK/out.txt" | sed 's/^/    /'
    continue
  fi
  t1=$(now)
  run_one mpr-lint "$i" "$WORK/out.txt"; status=$?
  t2=$(now)
  if [ "$status" -gt 1 ]; then
    printf '%-58s skipped: mpr-lint exit status %s\n' "$name" "$status"
    head -3 "$WORK/out.txt" | sed 's/^/    /'
    continue
  fi
  s=$(elapsed "$t0" "$t1"); m=$(elapsed "$t1" "$t2")
  printf '%-58s %10s %10s %8s%s\n' "$name" "$s" "$m" \
    "$(awk -v s="$s" -v m="$m" 'BEGIN { printf "%.3f", m / s }')" \
    "$( [ "$status" = 1 ] && echo "  (findings)")"
  KEPT+=("$i")
done
[ "${#KEPT[@]}" -gt 0 ] || die "no translation unit parses; nothing to time"
echo "(single runs; the totals below are what to quote)"
echo

#--- Timed runs --------------------------------------------------------------

TOOLS="syntax-only mpr-lint clang-tidy"
[ "$BASELINE" = 1 ] && TOOLS="$TOOLS no-checks"

# One TU at a time, every tool on it N times, so that whatever else the
# machine does in a given minute weighs on all the tools alike.
# $WORK/stats gets one line per tool and TU:
#   tool tu median mean stddev min user sys   (seconds)
: >"$WORK/stats"
OUTLIERS=
echo "== timing ${#KEPT[@]} translation units, $RUNS run(s) of each tool on each =="
printf '%-50s' "translation unit (median s)"
for tool in $TOOLS; do printf ' %11s' "$tool"; done
printf ' %8s\n' "mpr/syn"
TIMEFORMAT='%3R %3U %3S'
for i in "${KEPT[@]}"; do
  for tool in $TOOLS; do write_runner "$tool" "$i"; done
  if [ -n "$HYPERFINE" ]; then
    args=()
    for tool in $TOOLS; do args+=(--command-name "$tool" "sh $WORK/$tool.$i.sh"); done
    "$HYPERFINE" -N --runs "$RUNS" --warmup 0 --style none \
      --export-csv "$WORK/tu.csv" "${args[@]}" >/dev/null 2>"$WORK/hyperfine.err" ||
      { cat "$WORK/hyperfine.err" >&2; die "hyperfine failed"; }
    grep -q 'outliers' "$WORK/hyperfine.err" && OUTLIERS="$OUTLIERS $(shortname "${TU_FILES[$i]}")"
    # command,mean,stddev,median,user,system,min,max
    awk -F, -v tu="$i" 'NR > 1 { print $1, tu, $4, $2, ($3 == "" ? 0 : $3), $7, $5, $6 }' \
      "$WORK/tu.csv" >>"$WORK/stats"
  else
    for _ in $(seq "$RUNS"); do
      for tool in $TOOLS; do
        { time sh "$WORK/$tool.$i.sh"; } 2>>"$WORK/$tool.$i.times"
      done
    done
    for tool in $TOOLS; do
      sort -n "$WORK/$tool.$i.times" | awk -v t="$tool" -v tu="$i" '
        { r[NR] = $1; s += $1; ss += $1 * $1; u += $2; y += $3 }
        END {
          med = (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
          mean = s / NR; var = NR > 1 ? (ss - NR * mean * mean) / (NR - 1) : 0
          printf "%s %s %f %f %f %f %f %f\n", t, tu, med, mean, (var > 0 ? sqrt(var) : 0), r[1], u / NR, y / NR
        }' >>"$WORK/stats"
    done
  fi
  printf '%-50s' "$(shortname "${TU_FILES[$i]}")"
  for tool in $TOOLS; do
    printf ' %11.3f' "$(awk -v t="$tool" -v tu="$i" '$1 == t && $2 == tu { print $3 }' "$WORK/stats")"
  done
  awk -v tu="$i" '$2 == tu && $1 == "syntax-only" { s = $3 } $2 == tu && $1 == "mpr-lint" { m = $3 }
    END { printf " %8.3f\n", m / s }' "$WORK/stats"
done
if [ -n "$OUTLIERS" ]; then
  echo "note: hyperfine saw outliers (other load?) on:$OUTLIERS"
fi
echo

# RESULT_<tool> = "median mean stddev min user sys", summed over the TUs
# (the standard deviations add as variances).
for tool in $TOOLS; do
  line=$(awk -v t="$tool" '$1 == t { m += $3; a += $4; v += $5 * $5; n += $6; u += $7; y += $8 }
    END { printf "%f %f %f %f %f %f", m, a, sqrt(v), n, u, y }' "$WORK/stats")
  printf -v "RESULT_${tool//-/_}" '%s' "$line"
done

field() { local v="RESULT_${1//-/_}"; echo "${!v}" | awk -v n="$2" '{ print $n }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }'; }

echo "== results: ${#KEPT[@]} TUs, seconds summed over the TUs, $RUNS run(s) of each =="
printf '%-12s %9s %9s %8s %9s %9s %10s %10s\n' tool median mean stddev min "user+sys" "vs syntax" "(on min)"
base_med=$(field syntax-only 1)
base_min=$(field syntax-only 4)
base_cpu=$(awk -v u="$(field syntax-only 5)" -v s="$(field syntax-only 6)" 'BEGIN { print u + s }')
for tool in $TOOLS; do
  cpu=$(awk -v u="$(field "$tool" 5)" -v s="$(field "$tool" 6)" 'BEGIN { print u + s }')
  if [ "$tool" = syntax-only ]; then vs=-; vsmin=-; else
    vs=$(pct "$(field "$tool" 1)" "$base_med"); vsmin=$(pct "$(field "$tool" 4)" "$base_min"); fi
  printf '%-12s %9.3f %9.3f %8.3f %9.3f %9.3f %10s %10s\n' "$tool" \
    "$(field "$tool" 1)" "$(field "$tool" 2)" "$(field "$tool" 3)" "$(field "$tool" 4)" "$cpu" "$vs" "$vsmin"
done
echo "(median: sum of the per-TU medians; min: sum of the per-TU minimums;"
echo " user+sys: sum of the per-TU mean CPU times)"
echo
mpr_cpu=$(awk -v u="$(field mpr-lint 5)" -v s="$(field mpr-lint 6)" 'BEGIN { print u + s }')
echo "mpr-lint overhead over clang++ -fsyntax-only: $(pct "$(field mpr-lint 1)" "$base_med") wall (medians), $(pct "$(field mpr-lint 4)" "$base_min") wall (minimums), $(pct "$mpr_cpu" "$base_cpu") CPU"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 minutes)"
if [ "$(stat -c '%s %Y' "$MPR_LINT" "$PLUGIN" 2>/dev/null)" != "$STAMP" ]; then
  echo "warning: $MPR_LINT or $PLUGIN was rebuilt during the run; the figures mix two builds"
fi

#--- Where the time goes -----------------------------------------------------

if [ "$PROFILE" = 1 ]; then
  echo
  echo "== per-check time: clang-tidy --enable-check-profile, one run over the same TUs =="
  : >"$WORK/profile.txt"
  for i in "${KEPT[@]}"; do
    mapfile -t argv < <(tool_cmd clang-tidy "$i")
    # The profile goes to stderr; the option goes before the file name.
    "${argv[0]}" --enable-check-profile "${argv[@]:1}" 2>&1 >/dev/null |
      awk '/--- Name ---/ { on = 1; next } on && NF == 0 { on = 0 }
             on { gsub(/\([^)]*\)/, ""); print $NF, $(NF - 1) }' >>"$WORK/profile.txt"
  done
  awk '$1 != "Total" { t[$1] += $2 } END { for (c in t) printf "  %-30s %8.3f s wall\n", c, t[c] }' \
    "$WORK/profile.txt" | sort -k2 -nr
  awk -v base="$base_med" '$1 == "Total" { t += $2 }
    END { printf "  %-30s %8.3f s wall, %.1f%% of the syntax-only median total\n", "all checks", t, 100 * t / base }' \
    "$WORK/profile.txt"
  echo "  (time spent in the checks' matchers and callbacks; the AST traversal"
  echo "   that feeds the matchers is not in it: compare the mpr-lint and"
  echo "   no-checks rows for the cost of matching as a whole)"
fi
