#!/usr/bin/env bash
# progress.sh -- the progress bar: drawn on a terminal (a pty from
# `script`), with a rate and the time left; never when stderr is not a
# terminal, nor with --quiet.
source "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/g"
/usr/bin/python3 - "$TMP/g" <<'PY'
import sys
d = sys.argv[1]
with open(d + "/entities.csv", "w") as f:
    f.write("id,type,name\n")
    f.writelines(f"e{i},t,E{i}\n" for i in range(20000))
with open(d + "/relationships.csv", "w") as f:
    f.write("from,to,type\n")
    f.writelines(f"e{i % 20000},e{(i * 31) % 20000},links\n" for i in range(140000))
PY
if command -v script >/dev/null; then
  ERG_PROGRESS_DELAY=0 script -qec "$ERG -g $TMP/g export --format graphml -o $TMP/a.graphml" /dev/null >"$TMP/tty.txt" 2>&1
  tty=$(tr '\r' '\n' <"$TMP/tty.txt")
  expect_contains "terminal: bar with rate" "$tty" "rows/s"
  expect_contains "terminal: time left" "$tty" "s left"
  expect_contains "terminal: reading rate" "$tty" "MB/s"
  ERG_PROGRESS_DELAY=0 script -qec "$ERG --quiet -g $TMP/g export --format graphml -o $TMP/b.graphml" /dev/null >"$TMP/q.txt" 2>&1
  expect_eq "terminal with --quiet: nothing" "$(grep -c 'rows/s' "$TMP/q.txt")" "0"
  # every reader of a large file shows its progress too
  for f in graphml gexf json ftm; do
    ext=$f; [ $f = ftm ] && ext=ftm.json
    "$ERG" -g "$TMP/g" export --format $f -o "$TMP/r.$ext" 2>/dev/null
    ERG_PROGRESS_DELAY=0 script -qec "$ERG -g $TMP/r.$ext info" /dev/null >"$TMP/r.txt" 2>&1
    expect_contains "terminal: reading $f shows a bar" "$(tr '\r' '\n' <"$TMP/r.txt")" "MB/s"
  done
else
  bad "script(1) is not installed"
fi
ERG_PROGRESS_DELAY=0 "$ERG" -g "$TMP/g" export --format graphml -o "$TMP/c.graphml" 2>"$TMP/err.txt"
expect_eq "not a terminal: no bar" "$(cat "$TMP/err.txt")" "erg: wrote $TMP/c.graphml (20000 entities, 140000 relationships)"

finish
