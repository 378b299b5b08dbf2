#!/usr/bin/env bash
# core.sh -- command-line tests of info, check and export.
source "$(dirname "$0")/lib.sh"

out=$("$ERG" info --format json)
expect_contains "info json has entities" "$out" '"entities": '
expect_status "info --bogus" 2 "$ERG" info --bogus

finish
