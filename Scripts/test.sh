#!/usr/bin/env bash
# The test command: installs what is missing, checks formatting, then runs every test optimised
# (numerical tests are too slow in debug builds).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash Scripts/setup.sh
swift format lint --recursive --strict Package.swift Sources Tests Benchmarks Fuzz
# The integration tests run the built command, so build it with the same flags first.
swift build -c release -Xswiftc -enable-testing --product dossier 2>&1 | grep -vE "^\[[0-9]+/[0-9]+\]" || true
swift test -c release -Xswiftc -enable-testing "$@"
