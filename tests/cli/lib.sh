# lib.sh -- the command-line tests' tiny harness.  Each test script sources
# it, runs checks, and ends with `finish`, which prints "N passed, N failed"
# and exits non-zero on any failure.
set -u
: "${ERG:?set ERG to the erg binary}"
PASS=0
FAIL=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/erg-cli-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
SCRIPT=$(basename "$0" .sh)

ok() { PASS=$((PASS + 1)); }
bad() { FAIL=$((FAIL + 1)); echo "FAIL [$SCRIPT] $1" >&2; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/    /' >&2; return 0; }

# expect_eq NAME ACTUAL EXPECTED
expect_eq() { if [ "$2" == "$3" ]; then ok; else bad "$1" "expected: $3"$'\n'"actual:   $2"; fi; }
# expect_contains NAME HAYSTACK NEEDLE
expect_contains() { case "$2" in *"$3"*) ok ;; *) bad "$1" "missing: $3"$'\n'"in: $2" ;; esac; }
# expect_status NAME STATUS CMD...  (output kept in $LAST_OUT / $LAST_ERR)
expect_status() {
  local name=$1 want=$2; shift 2
  "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  LAST_OUT=$(cat "$TMP/out"); LAST_ERR=$(cat "$TMP/err")
  if [ "$got" = "$want" ]; then ok; else bad "$name" "exit $got, wanted $want; stderr: $LAST_ERR"; fi
}

finish() {
  echo "$SCRIPT: $PASS passed, $FAIL failed"
  [ "$FAIL" = 0 ]
}
