#!/usr/bin/env bash
# Installs what building, running and testing Gatehouse needs, from Debian/Ubuntu packages and,
# for the JavaScript test client, the npm registry. Idempotent: installs only what is missing.
# Usage: packaging/install-deps.sh [--runtime-only]
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev qt6-declarative-dev
  libqscintilla2-qt6-dev libqt6sql6-sqlite libsqlite3-dev libyaml-cpp-dev libgl-dev
  libvalijson-dev libtcmalloc-minimal4
  xvfb xauth curl file dpkg-dev
)
# Real clients and peers used by the integration tests and benchmarks.
test_packages=(python3 python3-requests nodejs npm wrk nginx-light)
# Apache Velocity 1.7, the reference the VTL engine's golden files are cross-checked against,
# and a JDK to compile the small harness that drives it.
test_packages+=(velocity)
command -v javac >/dev/null 2>&1 || test_packages+=(openjdk-17-jdk-headless)

runtime_only=0
[ "${1:-}" = "--runtime-only" ] && runtime_only=1

want=("${build_packages[@]}")
[ $runtime_only -eq 1 ] || want+=("${test_packages[@]}")

# boto3 and the AWS CLI: use what Python has, else Debian's packages.
if [ $runtime_only -eq 0 ]; then
  python3 -c 'import boto3' 2>/dev/null || want+=(python3-boto3)
  command -v aws >/dev/null 2>&1 || want+=(awscli)
fi

missing=()
for p in "${want[@]}"; do
  # Skip tools already present outside dpkg (pyenv's python3, a node from elsewhere).
  case "$p" in
    python3|nodejs|npm) command -v "${p/nodejs/node}" >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "install-deps: all packages present"
fi
