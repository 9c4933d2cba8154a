#!/bin/sh
# snapshot.sh DIR: one line per entry below DIR (type, mode, size, mtime and
# link target; a checksum for readable regular files), sorted. Two snapshots
# differ when anything below DIR was created, removed, rewritten or changed
# mode, so a test can show that a run wrote nothing.
set -eu
cd "$1"
find . -printf '%y %m %s %T@ %p -> %l\n' | sort
find . -type f -readable -exec sha256sum {} + | sort -k 2
