# tests/e2e/lib.sh - the start every end-to-end script shares. Sourced first:
#   . "$(dirname "$0")/lib.sh"
# BIN: the wenshu under test ($1, default ./wenshu) as an absolute path; the
# working folder becomes the repository root; TMP: a scratch folder removed on
# exit (a script that needs more on exit sets its own trap after this); PY: the
# Debian python3 (openpyxl, PIL); pass/fail counted by ok and bad "why".
set -u
BIN=$(realpath "${1:-./wenshu}")
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PY=/usr/bin/python3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
