#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (unit, golden, real-client
# and GUI tests) through ctest. Extra arguments go to ctest.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
"$src/packaging/install-deps.sh"
"$src/packaging/build.sh"
build=${GATEHOUSE_BUILD_DIR:-$src/build}
# The JavaScript SDK used by the real-client tests, installed from npm once.
if [ -f "$src/tests/integration/js/package.json" ]; then
  "$src/tests/integration/js/setup.sh"
fi
cd "$build"
exec ctest --output-on-failure -j2 "$@"
