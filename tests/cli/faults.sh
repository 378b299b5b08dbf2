#!/usr/bin/env bash
# faults.sh -- I/O faults while writing: a write that fails part-way (file
# size limit, and a full tmpfs where one can be mounted), a read-only
# directory, a missing parent, SIGKILL in the middle of a large export, and
# outputs that are not regular files.  In every case the previous file (or
# CSV directory) is intact and the error names the path.
source "$(dirname "$0")/lib.sh"

# A graph big enough that writing it takes a while (about 20 MB of CSV).
big="$TMP/big"
mkdir -p "$big"
/usr/bin/python3 - "$big" <<'PY'
import sys
d = sys.argv[1]
with open(d + "/entities.csv", "w") as f:
    f.write("id,type,name\n")
    f.writelines(f"e{i},t,Entity number {i}\n" for i in range(100000))
with open(d + "/relationships.csv", "w") as f:
    f.write("id,from,to,type,note\n")
    f.writelines(f"r{i},e{i % 100000},e{(i * 7919) % 100000},links,{'x' * 20} {i}\n" for i in range(400000))
PY

# ---- a write that fails part-way: the file size limit -----------------------
echo "previous" >"$TMP/out.graphml"
(ulimit -f 200; trap '' XFSZ; "$ERG" -g "$big" export --format graphml -o "$TMP/out.graphml") >"$TMP/o" 2>"$TMP/e"
status=$?
expect_eq "size limit: exit 1" "$status" "1"
expect_contains "size limit: error names the path" "$(cat "$TMP/e")" "erg: $TMP/out.graphml: write failed: File too large"
expect_eq "size limit: previous file intact" "$(cat "$TMP/out.graphml")" "previous"
expect_eq "size limit: no temporary left" "$(ls "$TMP" | grep -c 'out.graphml.tmp')" "0"

# the same for a CSV directory: the old directory survives whole
"$ERG" -q -g "$big" export --format csv -o "$TMP/dir" 2>/dev/null
"$ERG" -q export --format csv -o "$TMP/dir"   # now the small built-in graph
before=$(cat "$TMP/dir"/*.csv | md5sum)
(ulimit -f 200; trap '' XFSZ; "$ERG" -g "$big" export --format csv -o "$TMP/dir") >"$TMP/o" 2>"$TMP/e"
expect_eq "csv size limit: exit 1" "$?" "1"
expect_contains "csv size limit: error names the file" "$(cat "$TMP/e")" "erg: $TMP/dir/entities.csv: write failed: File too large"
expect_eq "csv size limit: old directory intact" "$(cat "$TMP/dir"/*.csv | md5sum)" "$before"
expect_eq "csv size limit: no temporary directory left" "$(ls "$TMP" | grep -c 'dir.tmp')" "0"

# ---- a full file system ---------------------------------------------------
if [ "$(id -u)" = 0 ] && mkdir -p "$TMP/tiny" && mount -t tmpfs -o size=1m tmpfs "$TMP/tiny" 2>/dev/null; then
  echo "previous" >"$TMP/tiny/out.gexf"
  expect_status "full tmpfs: exit 1" 1 "$ERG" -g "$big" export --format gexf -o "$TMP/tiny/out.gexf"
  expect_contains "full tmpfs: error names the path" "$LAST_ERR" "erg: $TMP/tiny/out.gexf: write failed: No space left on device"
  expect_eq "full tmpfs: previous file intact" "$(cat "$TMP/tiny/out.gexf")" "previous"
  expect_eq "full tmpfs: space given back" "$(ls "$TMP/tiny")" "out.gexf"
  umount "$TMP/tiny"
else
  echo "faults: no tmpfs here (needs root); full-disk case skipped"
fi

# ---- a read-only directory and a missing parent ----------------------------
mkdir -p "$TMP/ro"
echo "previous" >"$TMP/ro/out.dot"
chmod 555 "$TMP/ro"
if [ "$(id -u)" != 0 ]; then
  expect_status "read-only dir: exit 1" 1 "$ERG" export --format dot -o "$TMP/ro/out.dot"
  expect_contains "read-only dir: names the path" "$LAST_ERR" "$TMP/ro/out.dot: cannot write: Permission denied"
  expect_eq "read-only dir: intact" "$(cat "$TMP/ro/out.dot")" "previous"
else
  # root ignores permissions: a read-only bind mount stands in for them
  if mount --bind "$TMP/ro" "$TMP/ro" 2>/dev/null && mount -o remount,ro,bind "$TMP/ro" 2>/dev/null; then
    expect_status "read-only mount: exit 1" 1 "$ERG" export --format dot -o "$TMP/ro/out.dot"
    expect_contains "read-only mount: names the path" "$LAST_ERR" "$TMP/ro/out.dot: cannot write: Read-only file system"
    expect_eq "read-only mount: intact" "$(cat "$TMP/ro/out.dot")" "previous"
    umount "$TMP/ro"
  else
    echo "faults: cannot make a read-only mount here; read-only case skipped"
  fi
fi
chmod 755 "$TMP/ro"

expect_status "missing parent: exit 1" 1 "$ERG" export --format json -o "$TMP/no/such/dir/out.json"
expect_eq "missing parent: message" "$LAST_ERR" "erg: $TMP/no/such/dir/out.json: cannot write: No such file or directory"
expect_status "missing parent (csv): exit 1" 1 "$ERG" export --format csv -o "$TMP/no/such/dir"
expect_contains "missing parent (csv): names the path" "$LAST_ERR" "erg: $TMP/no/such/dir: cannot create a directory beside it: No such file or directory"

# ---- SIGKILL in the middle of a large export ---------------------------------
echo "previous" >"$TMP/k.graphml"
"$ERG" -g "$big" export --format graphml -o "$TMP/k.graphml" 2>/dev/null &
pid=$!
for _ in $(seq 200); do ls "$TMP" | grep -q 'k.graphml.tmp' && break; sleep 0.01; done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
expect_eq "SIGKILL: previous file intact" "$(cat "$TMP/k.graphml")" "previous"

"$ERG" -q export --format csv -o "$TMP/kdir"
before=$(cat "$TMP/kdir"/*.csv | md5sum)
"$ERG" -g "$big" export --format csv -o "$TMP/kdir" 2>/dev/null &
pid=$!
for _ in $(seq 200); do ls "$TMP" | grep -q 'kdir.tmp' && break; sleep 0.01; done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
after=$(cat "$TMP/kdir"/*.csv | md5sum)
if [ "$after" = "$before" ]; then ok; else
  # the kill may land after the swap: then the new graph is there whole
  "$ERG" check "$TMP/kdir" >/dev/null && ok || bad "SIGKILL: directory neither old nor whole"
fi

# ---- outputs that are not regular files --------------------------------------
out=$("$ERG" export --format dot -o - | head -1)
expect_eq "-o - writes to stdout (the graph's title)" "$out" 'digraph "ICE, Microsoft Azure and a day of business headlines" {'
mkfifo "$TMP/fifo"
cat "$TMP/fifo" >"$TMP/fifo.out" &
expect_status "FIFO written in place" 0 "$ERG" export --format json -o "$TMP/fifo"
wait
expect_eq "FIFO still a FIFO" "$(stat -c %F "$TMP/fifo")" "fifo"
expect_contains "FIFO carried the JSON" "$(head -c 40 "$TMP/fifo.out")" '{"directed": true'
expect_status "/dev/null written in place" 0 "$ERG" export --format graphml -o /dev/null
expect_eq "/dev/null still a device" "$(stat -c %F /dev/null)" "character special file"

# ---- new outputs get the usual modes (not mkstemp's 0600 / mkdtemp's 0700)
(umask 022; "$ERG" -q export --format csv -o "$TMP/modes"; "$ERG" -q export --format dot -o "$TMP/modes.dot")
expect_eq "directory mode" "$(stat -c %a "$TMP/modes")" "755"
expect_eq "file mode" "$(stat -c %a "$TMP/modes/entities.csv") $(stat -c %a "$TMP/modes.dot")" "644 644"
(umask 077; "$ERG" -q export --format dot -o "$TMP/private.dot")
expect_eq "umask respected" "$(stat -c %a "$TMP/private.dot")" "600"

finish
