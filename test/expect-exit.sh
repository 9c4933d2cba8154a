#!/bin/sh
# expect-exit.sh N command...: runs the command and fails unless it exits N.
expected=$1
shift
"$@"
status=$?
if [ "$status" -ne "$expected" ]; then
  echo "expect-exit: '$*' exited $status, expected $expected" >&2
  exit 1
fi
