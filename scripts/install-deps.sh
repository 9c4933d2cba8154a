#!/bin/sh
# Installs the Debian packages mpr-lint needs to build, test and demo,
# and only those that are missing: a second run installs nothing.
set -eu
BUILD="cmake ninja-build g++ python3 llvm-19-dev libclang-19-dev clang-19 clang-tidy-19 llvm-19-tools libfmt-dev libgtest-dev"
LIBRARIES="libcurl4-openssl-dev libcpp-httplib-dev libboost-dev qtbase5-dev libpoco-dev libcpprest-dev nlohmann-json3-dev rapidjson-dev libjsoncpp-dev libcurlpp-dev"
TESTS="clang-tidy-14 libcurl4-doc qtbase5-examples libboost1.74-doc pre-commit git libclang-rt-19-dev libfuzzer-19-dev"

# With arguments, only those packages (scripts/install-test-tools.sh: npm).
PACKAGES="${*:-$BUILD $LIBRARIES $TESTS}"
missing=""
for package in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done
if [ -z "$missing" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "error: install-deps: missing packages:$missing; run as root or install them" >&2
  exit 2
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $missing
