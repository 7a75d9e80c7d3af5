#!/bin/sh
# End-to-end tests of the kyodo command (placeholder, filled in below).
set -u
BIN=${1:-build/release/kyodo}
"$BIN" --version >/dev/null || exit 1
echo "cli: ok"
