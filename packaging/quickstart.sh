#!/usr/bin/env bash
# Installs what is missing, builds, and launches the console on the bundled demo project.
# Extra arguments go to gatehouse, e.g. --headless on a machine without a display.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
"$src/packaging/install-deps.sh"
"$src/packaging/build.sh"
exec "${GATEHOUSE_BUILD_DIR:-$src/build}/app/gatehouse" "$@"
