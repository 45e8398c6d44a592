#!/usr/bin/env bash
# Configures and builds Gatehouse into build/ (or $GATEHOUSE_BUILD_DIR) with ccache.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${GATEHOUSE_BUILD_DIR:-$src/build}
# ccache hits across clones in other folders (CI builds a fresh clone each time).
export CCACHE_BASEDIR="$src" CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=pch_defines,time_macros
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" -j"$(nproc)"
