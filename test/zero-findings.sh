#!/bin/sh
# zero-findings.sh MPR_LINT CLANG MIN_FILES DIR [compiler flags...]
# Runs mpr-lint on every file of DIR that the compiler accepts (code that
# never calls Procore) and fails on any finding, or if fewer than MIN_FILES
# files could be analysed.
set -u
lint=$1 clang=$2 min=$3 dir=$4
shift 4
files=""
count=0
for file in "$dir"/*.c "$dir"/*.cpp; do
  [ -f "$file" ] || continue
  if "$clang" -fsyntax-only -w "$@" "$file" >/dev/null 2>&1; then
    files="$files $file"
    count=$((count + 1))
  fi
done
if [ "$count" -lt "$min" ]; then
  echo "zero-findings: only $count files of $dir compile; expected at least $min" >&2
  exit 1
fi
# shellcheck disable=SC2086
output=$("$lint" --quiet $files -- "$@" 2>&1)
status=$?
if [ "$status" -ne 0 ] || [ -n "$output" ]; then
  echo "zero-findings: mpr-lint exited $status on $count files of $dir:" >&2
  echo "$output" >&2
  exit 1
fi
echo "zero-findings: $count files of $dir, no findings"
