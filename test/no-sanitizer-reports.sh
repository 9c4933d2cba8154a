#!/bin/sh
# no-sanitizer-reports.sh DIR: fails, printing them, when the lit suite of a
# sanitizer build left any ASan or UBSan report in DIR.
set -eu
dir=$1
if [ ! -d "$dir" ]; then
  echo "error: $dir: no such folder; run the lit suite of this build first" >&2
  exit 2
fi
found=0
for report in "$dir"/*; do
  [ -e "$report" ] || continue
  found=$((found + 1))
  echo "== $report"
  cat "$report"
done
if [ "$found" -ne 0 ]; then
  echo "error: $dir: $found sanitizer report(s) from the lit suite" >&2
  exit 1
fi
echo "no sanitizer reports in $dir"
