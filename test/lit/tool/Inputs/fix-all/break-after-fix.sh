#!/bin/sh
# Stands in for mpr-lint in fix-all-broken-fix.test: runs the real one
# ($MPR_LINT_REAL), then, after the first --fix of a work folder only, adds a
# line that does not compile to each of its sources, as a wrong fix-it would.
"$MPR_LINT_REAL" "$@"
status=$?
previous=
for argument in "$@"; do
  [ "$previous" = -p ] && build=$argument
  previous=$argument
done
if [ ! -e "$build/broken" ]; then
  touch "$build/broken"
  for source in "$build"/../src/*/*.cpp; do
    echo 'int broken = ;' >>"$source"
  done
fi
exit $status
