#!/bin/sh
# Installs the npm test tools (Microsoft's SARIF validator) pinned by
# test/sarif/package-lock.json into BUILD_DIR/test-tools, only when missing
# or when the lock file changed: a second run installs nothing.
set -eu
build_dir=${1:-build}
source_dir=$(cd "$(dirname "$0")/.." && pwd)
dest="$build_dir/test-tools"
validator="$dest/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"

if [ -x "$validator" ] && cmp -s "$source_dir/test/sarif/package-lock.json" "$dest/package-lock.json"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  sh "$source_dir/scripts/install-deps.sh" nodejs npm
fi
mkdir -p "$dest"
cp "$source_dir/test/sarif/package.json" "$source_dir/test/sarif/package-lock.json" "$dest/"
echo "installing: @microsoft/sarif-multitool (npm, into $dest)"
# The package's only install script marks the binary executable; do that
# here instead of running scripts from the registry.
(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
chmod u+x "$validator"
