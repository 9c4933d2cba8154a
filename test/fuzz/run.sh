#!/bin/sh
# run.sh [--seconds N | --runs N] [--jobs N] [--build DIR] [target...]
# Builds the libFuzzer targets (clang++-19, build dir build-fuzz) and runs
# each one: first on its saved crash reproducers (regressions/<target>),
# then mutating its seeds for N seconds (make fuzz) or N runs with a fixed
# seed (the smoke run of make test, the same inputs every time). New
# interesting inputs go to <build>/corpus/<target>, so later runs start
# where earlier ones stopped (not in the smoke run); a crash leaves its input in <build>/crashes.
set -eu
cd "$(dirname "$0")/../.."
seconds="" runs="" jobs=2 build=build-fuzz
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    -*) echo "error: run.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
targets=${*:-endpoint-model check-options tracing}
if [ -z "$seconds" ] && [ -z "$runs" ]; then
  seconds=60
fi

if [ ! -f "$build/build.ninja" ]; then
  mkdir -p "$build"
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-19 -DMPR_FUZZ=ON > "$build/configure.log" ||
    { cat "$build/configure.log" >&2; exit 2; }
fi
cmake --build "$build" -j "$jobs" --target mpr-fuzzers

# Seeds per target: committed ones and the fixtures and check tests.
seeds() {
  case "$1" in
    endpoint-model) echo test/fuzz/corpus/endpoint-model fixtures/libraries ;;
    check-options) echo test/fuzz/corpus/check-options ;;
    tracing) echo fixtures/libraries fixtures/demo test/lit/checks test/lit/tool/Inputs ;;
  esac
}
binary() {
  case "$1" in
    endpoint-model) echo "$build/test/fuzz/mpr-fuzz-EndpointModel" ;;
    check-options) echo "$build/test/fuzz/mpr-fuzz-CheckOptions" ;;
    tracing) echo "$build/test/fuzz/mpr-fuzz-Tracing" ;;
  esac
}

for target in $targets; do
  fuzzer=$(binary "$target")
  if [ -z "$fuzzer" ]; then
    echo "error: run.sh: unknown target '$target'" >&2
    exit 2
  fi
  mkdir -p "$build/corpus/$target" "$build/crashes/$target"
  if ls test/fuzz/regressions/"$target"/* > /dev/null 2>&1; then
    echo "== $target: saved reproducers =="
    "$fuzzer" -close_fd_mask=3 test/fuzz/regressions/"$target"/*
  fi
  # The smoke run starts from the seeds alone and keeps nothing.
  if [ -n "$runs" ]; then
    limit="-runs=$runs -seed=1"
    corpus=$(mktemp -d)
  else
    limit="-max_total_time=$seconds"
    corpus=$build/corpus/$target
  fi
  echo "== $target: $limit =="
  # The clang diagnostics of broken inputs are noise: close the target's
  # stdout and stderr (libFuzzer and the sanitizers still report).
  # shellcheck disable=SC2046
  "$fuzzer" $limit -close_fd_mask=3 -print_final_stats=1 \
    -artifact_prefix="$build/crashes/$target/" \
    "$corpus" $(seeds "$target")
  if [ -n "$runs" ]; then
    rm -rf "$corpus"
  fi
done
