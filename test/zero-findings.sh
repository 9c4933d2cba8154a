#!/bin/sh
# zero-findings.sh MPR_LINT MIN_FILES MAX_FILES DIR [compiler flags...]
# Runs mpr-lint on the C and C++ files below DIR (code that never calls
# Procore), one at a time, with each file's folder on the include path as
# the examples' own builds have it. A file the compiler rejects is skipped;
# any finding fails. Stops after MAX_FILES analysed files, and fails if
# fewer than MIN_FILES could be analysed.
set -u
lint=$1 min=$2 max=$3 dir=$4
shift 4
count=0
skipped=0
for file in $(find "$dir" -type f \( -name '*.c' -o -name '*.cpp' \) | sort); do
  [ "$count" -ge "$max" ] && break
  output=$("$lint" --no-cache --quiet "$file" -- "$@" -I"$(dirname "$file")" 2>/dev/null)
  status=$?
  if [ "$status" -eq 2 ]; then
    skipped=$((skipped + 1))
    continue
  fi
  if [ "$status" -ne 0 ] || [ -n "$output" ]; then
    echo "zero-findings: mpr-lint exited $status on $file:" >&2
    echo "$output" >&2
    exit 1
  fi
  count=$((count + 1))
done
if [ "$count" -lt "$min" ]; then
  echo "zero-findings: only $count files of $dir could be analysed ($skipped did not compile); expected at least $min" >&2
  exit 1
fi
echo "zero-findings: $count files of $dir, no findings"
