#!/usr/bin/env bash
# Installs the JavaScript test client (exact versions from package-lock.json) once; does nothing
# when node_modules already matches the lock file. dynalite comes along as a dev dependency: the
# scenarios are validated against it (run_with_server.py --dynalite) and bench/tables uses it.
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.package-lock.json  # written by npm after a complete install
if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ] && [ "$stamp" -nt package.json ]; then
  exit 0
fi
echo "js/setup.sh: npm ci in $(pwd)"
npm ci --no-audit --no-fund --loglevel=error
