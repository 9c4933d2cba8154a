#!/bin/sh
# Stands in for mpr-lint in check-mpr-lint-broken-fix.test: runs the real one
# ($MPR_LINT_REAL), then, after the --fix run that exports fixes, breaks the
# fixed declaration on its expected line, as a wrong fix-it would.
"$MPR_LINT_REAL" "$@"
status=$?
case " $* " in
*" --fix "*--export-fixes=*)
  for argument in "$@"; do
    case $argument in
    *.c) sed -i 's/^int64_t ProjectId/int64_tx ProjectId/' "$argument" ;;
    esac
  done
  ;;
esac
exit $status
