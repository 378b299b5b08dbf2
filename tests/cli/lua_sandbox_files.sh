# lua_sandbox_files.sh -- files outside --out: symbolic links planted in
# directories under --out, FIFOs, a directory swapped for a symbolic link
# while a script exports, and what the messages may tell a script (no
# absolute host path, no file contents).
source "$(dirname "$0")/lib.sh"

OUT="$TMP/outdir"
ELSEWHERE="$TMP/elsewhere"
mkdir -p "$OUT/d" "$OUT/sub" "$ELSEWHERE"
printf 'secret-id,secret-type\n' >"$ELSEWHERE/entities.csv"
printf 'keep me\n' >"$ELSEWHERE/victim.graphml"
ln -s "$ELSEWHERE/entities.csv" "$OUT/d/entities.csv"
printf 'id,from,to,type\n' >"$OUT/d/relationships.csv"
ln -s "$ELSEWHERE/victim.graphml" "$OUT/sub/link.graphml"
ln -s "$ELSEWHERE" "$OUT/linkdir"
mkfifo "$OUT/fifo.csv" "$OUT/sub/fifo.graphml"

# sb NAME STATUS FIRST_STDERR_LINE CODE
sb() {
  expect_status "$1: status" "$2" timeout 20 "$ERG" eval --sandbox --out "$OUT" "$4"
  expect_eq "$1: message" "$(printf '%s\n' "$LAST_ERR" | head -n1)" "$3"
  case "$LAST_ERR$LAST_OUT" in
    *"$TMP"*) bad "$1: the message names a host path" "$LAST_ERR" ;;
    *secret*) bad "$1: the message quotes an outside file" "$LAST_ERR" ;;
    *) ok ;;
  esac
}

# ---- symbolic links, wherever they are ---------------------------------------------------
sb "load: a link planted in a directory" 3 "eval:1: sandbox: path 'd' holds a symbolic link ('entities.csv')" \
  'return erg.load("d")'
sb "load: a link as the file" 3 "eval:1: sandbox: path 'sub/link.graphml' goes through a symbolic link" \
  'return erg.load("sub/link.graphml")'
sb "load: a link as a directory" 3 "eval:1: sandbox: path 'linkdir/entities.csv' goes through a symbolic link" \
  'return erg.load("linkdir/entities.csv")'
sb "export: over a link" 3 "eval:1: sandbox: path 'sub/link.graphml' goes through a symbolic link" \
  'graph:export("graphml", "sub/link.graphml")'
sb "export: through a linked directory" 3 "eval:1: sandbox: path 'linkdir/x.graphml' goes through a symbolic link" \
  'graph:export("graphml", "linkdir/x.graphml")'
sb "save: through a linked directory" 3 "eval:1: sandbox: path 'linkdir/g' goes through a symbolic link" \
  'graph:save("linkdir/g")'
expect_eq "the outside file is untouched" "$(cat "$ELSEWHERE/victim.graphml")" "keep me"
expect_eq "nothing was written outside" "$(ls "$ELSEWHERE" | tr '\n' ' ')" "entities.csv victim.graphml "

# ---- FIFOs never block ----------------------------------------------------------------------
sb "load: a FIFO" 3 "eval:1: sandbox: path 'fifo.csv' is not a regular file or directory" 'return erg.load("fifo.csv")'
sb "export: onto a FIFO" 3 "eval:1: sandbox: path 'sub/fifo.graphml' is not a regular file or directory" \
  'graph:export("graphml", "sub/fifo.graphml")'
mkdir -p "$OUT/withfifo"
printf 'id,type\n' >"$OUT/withfifo/entities.csv"
mkfifo "$OUT/withfifo/relationships.csv"
sb "load: a directory holding a FIFO" 3 \
  "eval:1: sandbox: path 'withfifo' holds a file that is not a regular file ('relationships.csv')" 'return erg.load("withfifo")'
sb "load: a device (a link to it)" 3 "eval:1: sandbox: path 'zero.csv' goes through a symbolic link" \
  "$(ln -s /dev/zero "$OUT/zero.csv"; echo 'return erg.load("zero.csv")')"

# ---- what works, and what the messages say ---------------------------------------------------
sb "export and load back" 0 "" \
  'graph:save("sub/g") graph:export("graphml", "sub/g.graphml") return erg.load("sub/g"):info().entities == erg.load("sub/g.graphml"):info().entities'
expect_eq "export and load back: same graph" "$LAST_OUT" "true"
sb "a missing file: the script's own path" 0 "" 'print(select(2, pcall(erg.load, "sub/missing.csv")))'
expect_eq "a missing file: message" "$LAST_OUT" "sub/missing.csv: No such file or directory"
printf 'id,type\nx\n' >"$OUT/sub/bad.csv"
sb "a bad file: the script's own path" 0 "" 'print(select(2, pcall(erg.load, "sub/bad.csv")))'
case "$LAST_OUT" in "sub/bad.csv:"*) ok ;; *) bad "a bad file: message starts with the script's path" "$LAST_OUT" ;; esac
sb "a missing directory" 1 "eval:1: nodir/x.csv: no such directory 'nodir'" 'graph:export("csv", "nodir/x.csv")'
sb "a file as a directory" 1 "eval:1: sub/bad.csv/x.csv: 'bad.csv' is not a directory" 'graph:export("csv", "sub/bad.csv/x.csv")'

# ---- a directory swapped for a link while a script exports -----------------------------------
mkdir -p "$OUT/race" "$TMP/target"
( while :; do
    mv "$OUT/race" "$OUT/race.real" 2>/dev/null && ln -s "$TMP/target" "$OUT/race" 2>/dev/null
    rm -f "$OUT/race" 2>/dev/null; mv "$OUT/race.real" "$OUT/race" 2>/dev/null
  done ) &
RACER=$!
# each export either lands in the real directory, fails (the name is
# missing for a moment) or meets the link (a violation: the script ends)
for round in 1 2 3; do
  timeout 120 "$ERG" eval --sandbox --out "$OUT" \
    'for i = 1, 300 do pcall(graph.export, graph, "graphml", "race/x" .. (i % 5) .. ".graphml") end' >"$TMP/race.out" 2>"$TMP/race.err"
  rc=$?
  case $rc in 0|3) ok ;; *) bad "race: exit $rc" "$(cat "$TMP/race.err")" ;; esac
  [ $rc = 3 ] && expect_eq "race: the link refused" "$(head -n1 "$TMP/race.err")" \
    "eval:1: sandbox: path 'race/x$(sed -n "s/.*race\/x\([0-9]\).*/\1/p" "$TMP/race.err" | head -n1).graphml' goes through a symbolic link"
done
kill "$RACER" 2>/dev/null; wait "$RACER" 2>/dev/null
LAST_ERR=$(cat "$TMP/race.err")
expect_eq "race: nothing written through the link" "$(ls -A "$TMP/target" | wc -l)" "0"
case "$LAST_ERR" in *"$TMP"*) bad "race: a message names a host path" "$LAST_ERR" ;; *) ok ;; esac

finish
