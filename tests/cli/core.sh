#!/usr/bin/env bash
# core.sh -- command-line tests of info, check and export: every malformed
# CSV case gives its exact FILE:LINE:COL: reason line and exit 2; info's
# counts agree with an independent count of the CSV rows; export round
# trips byte for byte; exit codes 0/1/2; --help texts.
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

# mkgraph NAME ENTITIES RELATIONSHIPS SOURCES: a graph directory under $TMP;
# the contents go through printf %b (\n, \r, \xHH, \0); "-" leaves a file out.
mkgraph() {
  local d="$TMP/$1"
  rm -rf "$d"; mkdir -p "$d"
  [ "$2" != - ] && printf '%b' "$2" >"$d/entities.csv"
  [ "$3" != - ] && printf '%b' "$3" >"$d/relationships.csv"
  [ "$4" != - ] && printf '%b' "$4" >"$d/sources.csv"
  return 0
}

# check_bad NAME ENTITIES RELATIONSHIPS SOURCES EXPECTED: erg check prints
# exactly EXPECTED (DIR standing for the directory), their count on
# stderr, and exits 2.
check_bad() {
  mkgraph "$1" "$2" "$3" "$4"
  local d="$TMP/$1" n
  n=$(printf '%s\n' "${5//DIR/$d}" | grep -c .)
  expect_status "check $1: exit 2" 2 "$ERG" check "$d"
  expect_eq "check $1: output" "$LAST_OUT" "${5//DIR/$d}"
  expect_eq "check $1: the count on stderr" "$LAST_ERR" "erg: $d: $n problem$([ "$n" = 1 ] || echo s)"
}

E='id,type,name\n'
R='from,to,type\n'

# ---- erg check: each malformed case --------------------------------------------
check_bad unterminated "${E}a,t,A\nb,t,\"open\nc,t,C\n" - - \
  "DIR/entities.csv:3:3: unterminated quoted field (opened here, never closed)"
check_bad quote_in_field "${E}a,t,A\"B\n" - - \
  "DIR/entities.csv:2:3: quote inside an unquoted field (quote the whole field and double the quote)"
check_bad field_count "${E}a,t,A\nb,t\n" - - \
  "DIR/entities.csv:3:3: wrong number of fields: expected 3, found 2"
check_bad field_count_more "${E}a,t,A,x\n" - - \
  "DIR/entities.csv:2:4: wrong number of fields: expected 3, found 4"
check_bad duplicate_id "${E}a,t,A\nb,t,B\na,t,C\n" - - \
  "DIR/entities.csv:4:1: duplicate entity id 'a'"
check_bad unknown_entity "${E}a,t,A\n" "${R}a,a,knows\na,zz,knows\n" - \
  "DIR/relationships.csv:3:2: relationship names unknown entity 'zz'"
check_bad missing_column 'id,type\na,t\n' - - \
  "DIR/entities.csv:1:1: missing required column 'name' (entities.csv needs id,type,name)"
check_bad missing_rel_column "${E}a,t,A\n" 'from,to\na,a\n' - \
  "DIR/relationships.csv:1:1: missing required column 'type' (relationships.csv needs from,to,type)"
check_bad duplicate_column 'id,type,name,n:int,n\na,t,A,1,2\n' - - \
  "DIR/entities.csv:1:5: duplicate column 'n'"
check_bad unknown_type 'id,type,name,n:number\na,t,A,1\n' - - \
  "DIR/entities.csv:1:4: unknown column type 'number' (types: string, int, float, bool, date, and T[] for lists)"
check_bad bad_int 'id,type,name,n:int\na,t,A,12a\n' - - "DIR/entities.csv:2:4: bad int '12a'"
check_bad bad_float 'id,type,name,f:float\na,t,A,1,5\n' - - \
  "DIR/entities.csv:2:5: wrong number of fields: expected 4, found 5"
check_bad bad_float2 'id,type,name,f:float\na,t,A,"1,5"\n' - - "DIR/entities.csv:2:4: bad float '1,5'"
check_bad bad_bool "${E}a,t,A\n" 'from,to,type,directed:bool\na,a,t,yes\n' - \
  "DIR/relationships.csv:2:4: bad bool 'yes' (true or false)"
check_bad bad_date 'id,type,name,d:date\na,t,A,2025-02-29\n' - - \
  "DIR/entities.csv:2:4: bad date '2025-02-29' (YYYY, YYYY-MM or YYYY-MM-DD)"
check_bad int_overflow 'id,type,name,n:int\na,t,A,9223372036854775808\n' - - \
  "DIR/entities.csv:2:4: int out of range '9223372036854775808' (64-bit)"
check_bad invalid_utf8 "${E}a,t,caf\\xe9\n" - - "DIR/entities.csv:2:3: invalid UTF-8 (byte 4 of the field)"
check_bad nul_byte "${E}a,t,A\\0B\n" - - "DIR/entities.csv:2:3: NUL byte in field"
check_bad empty_id "${E}a,t,A\n\"\",t,B\n" - - "DIR/entities.csv:3:1: empty id"
check_bad empty_file '' - - "DIR/entities.csv:1:1: empty file (expected a header line: id,type,name)"
check_bad empty_rel_file "${E}a,t,A\n" '' - \
  "DIR/relationships.csv:1:1: empty file (expected a header line: from,to,type)"
check_bad unknown_source 'id,type,name,source:string[]\na,t,A,s1;s2\n' - 'id\ns1\n' \
  "DIR/entities.csv:2:4: source 's2' is not in sources.csv"
check_bad no_entities - "${R}" - \
  "DIR/entities.csv: no such file (a CSV graph directory needs entities.csv)"

# every problem of a file, one line each, positions right after a quoted
# multi-line field, blank lines and CRLF
check_bad many 'id,type,name,n:int\r\n\r\na,t,"multi\r\nline",x\r\n\r\nb,t,B\r\nc,t,"C\nC",2\r\nc,t,again,1\r\n' - - \
"DIR/entities.csv:4:4: bad int 'x'
DIR/entities.csv:6:4: wrong number of fields: expected 4, found 3
DIR/entities.csv:9:1: duplicate entity id 'c'"

# a byte order mark is not part of the first column's name
mkgraph bom '\xef\xbb\xbfid,type,name\na,t,A\n' "\xef\xbb\xbf${R}a,a,t\n" -
expect_status "check bom: exit 0" 0 "$ERG" check "$TMP/bom"
expect_eq "check bom: summary" "$LAST_OUT" "$TMP/bom: ok (1 entities, 1 relationships, 0 sources)"

# a path that is not there at all
expect_status "check missing path: exit 2" 2 "$ERG" check "$TMP/nowhere"
expect_eq "check missing path: message" "$LAST_OUT" "$TMP/nowhere: No such file or directory"

# ---- erg check: valid graphs ---------------------------------------------------------
mkgraph small "id,type,name,aliases\nice,agency,ICE,Immigration and Customs Enforcement\ndhs,agency,DHS,\nms,company,Microsoft,MS\n" \
  "${R}dhs,ice,oversees\nice,ms,uses\nice,ms,pays\n" 'id,title\ns1,A report\n'
expect_status "check small: exit 0" 0 "$ERG" check "$TMP/small"
expect_eq "check small: summary" "$LAST_OUT" "$TMP/small: ok (3 entities, 3 relationships, 1 sources)"
expect_eq "check small: quiet stderr" "$LAST_ERR" ""

# the built-in graph, counted independently (Python's csv module)
count_rows() { "$PY" -c 'import csv, sys
try:
    print(sum(1 for _ in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig"))))
except FileNotFoundError:
    print(0)' "$1"; }
NE=$(count_rows "$ERG_GRAPH/entities.csv")
NR=$(count_rows "$ERG_GRAPH/relationships.csv")
NS=$(count_rows "$ERG_GRAPH/sources.csv")
expect_status "check built-in: exit 0" 0 "$ERG" check "$ERG_GRAPH"
expect_eq "check built-in: summary" "$LAST_OUT" "$ERG_GRAPH: ok ($NE entities, $NR relationships, $NS sources; provenance rules hold)"

# ---- erg info ------------------------------------------------------------------------
expect_status "info table: exit 0" 0 "$ERG" -g "$TMP/small" info
expect_eq "info table" "$LAST_OUT" "entities               3
relationships          3
sources                1

entities by type
  agency               2
  company              1

relationships by type
  oversees             1
  pays                 1
  uses                 1"
expect_status "info json: exit 0" 0 "$ERG" -g "$TMP/small" info --format json
expect_eq "info json" "$LAST_OUT" '{
  "entities": 3,
  "relationships": 3,
  "sources": 1,
  "entity_types": {
    "agency": 2,
    "company": 1
  },
  "relationship_types": {
    "oversees": 1,
    "pays": 1,
    "uses": 1
  }
}'
expect_status "info --format=json: exit 0" 0 "$ERG" -g "$TMP/small" info --format=json
expect_contains "info --format=json" "$LAST_OUT" '"relationships": 3,'

# the built-in graph (no -g): totals and by-type counts against the CSV rows
expect_status "info built-in json: exit 0" 0 "$ERG" info --format json
out=$(printf '%s' "$LAST_OUT" | "$PY" -c 'import csv, json, sys, collections
d = sys.argv[1]
got = json.load(sys.stdin)
def rows(name):
    try:
        return list(csv.DictReader(open(d + "/" + name, newline="", encoding="utf-8-sig")))
    except FileNotFoundError:
        return []
ents, rels, srcs = rows("entities.csv"), rows("relationships.csv"), rows("sources.csv")
want = {"entities": len(ents), "relationships": len(rels), "sources": len(srcs),
        "entity_types": dict(collections.Counter(r["type"] for r in ents)),
        "relationship_types": dict(collections.Counter(r["type"] for r in rels))}
have = {k: got.get(k) for k in want}
print("same" if have == want and want["entities"] > 0 and want["relationships"] > 0 else "differ: %r vs %r" % (have, want))' "$ERG_GRAPH")
expect_eq "info built-in json agrees with the CSV rows" "$out" "same"
expect_status "info built-in table: exit 0" 0 "$ERG" info
expect_eq "info built-in table: entities line" "$(printf '%s\n' "$LAST_OUT" | awk '$1 == "entities" {print $2; exit}')" "$NE"
expect_eq "info built-in table: relationships line" "$(printf '%s\n' "$LAST_OUT" | awk '$1 == "relationships" {print $2; exit}')" "$NR"

# a malformed graph given with -g: the problem on stderr, exit 2
expect_status "info on a malformed graph: exit 2" 2 "$ERG" -g "$TMP/bad_int" info
expect_eq "info on a malformed graph: stderr" "$LAST_ERR" "$TMP/bad_int/entities.csv:2:4: bad int '12a'"
expect_eq "info on a malformed graph: no stdout" "$LAST_OUT" ""
expect_status "info on a missing graph: exit 2" 2 "$ERG" -g "$TMP/nowhere" info
expect_eq "info on a missing graph: stderr" "$LAST_ERR" "erg: $TMP/nowhere: No such file or directory"

# ---- erg export --format csv -----------------------------------------------------------
expect_status "export built-in: exit 0" 0 "$ERG" -g "$ERG_GRAPH" export --format csv -o "$TMP/e1"
expect_eq "export built-in: stderr" "$LAST_ERR" "erg: wrote $TMP/e1 ($NE entities, $NR relationships)"
expect_status "export again: exit 0" 0 "$ERG" -q -g "$TMP/e1" export --format csv -o "$TMP/e2"
expect_eq "export -q: silent" "$LAST_ERR" ""
for f in entities.csv relationships.csv sources.csv; do
  if [ -f "$TMP/e1/$f" ] && cmp -s "$TMP/e1/$f" "$TMP/e2/$f"; then ok; else bad "export round trip: $f differs"; fi
done
expect_eq "export: only the graph files" "$(ls "$TMP/e1" | tr '\n' ' ')" "entities.csv graph.csv relationships.csv sources.csv "
expect_eq "export: nothing left beside it" "$(ls "$TMP" | grep -c '\.tmp-')" "0"
expect_eq "export: same counts" "$("$ERG" -g "$TMP/e2" info --format json)" "$("$ERG" info --format json)"
# over an existing export: fine, and still byte-stable
expect_status "export over an export: exit 0" 0 "$ERG" -q -g "$TMP/e2" export --format csv -o "$TMP/e1"
expect_eq "export over an export: same bytes" "$(cat "$TMP/e1"/*.csv | md5sum)" "$(cat "$TMP/e2"/*.csv | md5sum)"
# the small graph's exact export
expect_status "export small: exit 0" 0 "$ERG" -q -g "$TMP/small" export --format csv -o "$TMP/small-out"
expect_eq "export small: entities.csv" "$(cat "$TMP/small-out/entities.csv")" "id,type,name,aliases:string[]
ice,agency,ICE,Immigration and Customs Enforcement
dhs,agency,DHS,
ms,company,Microsoft,MS"
expect_eq "export small: relationships.csv" "$(cat "$TMP/small-out/relationships.csv")" "id,from,to,type
r1,dhs,ice,oversees
r2,ice,ms,uses
r3,ice,ms,pays"
expect_eq "export small: sources.csv" "$(cat "$TMP/small-out/sources.csv")" "id,title
s1,A report"

# a directory holding something else is refused, and left alone: exit 1
mkdir -p "$TMP/mine"; echo keep >"$TMP/mine/notes.txt"
expect_status "export into a foreign directory: exit 1" 1 "$ERG" -g "$TMP/small" export --format csv -o "$TMP/mine"
expect_eq "export into a foreign directory: message" "$LAST_ERR" \
  "erg: $TMP/mine: holds 'notes.txt', which is not part of a CSV graph; refusing to replace the directory"
expect_eq "export into a foreign directory: untouched" "$(ls "$TMP/mine")" "notes.txt"

# ---- usage errors and help: exit 2 and 0 -------------------------------------------------
expect_status "info --bogus" 2 "$ERG" info --bogus
expect_eq "info --bogus: message" "$LAST_ERR" "erg: info: unknown argument '--bogus' (see 'erg info --help')"
expect_status "info --format xml" 2 "$ERG" info --format xml
expect_eq "info --format xml: message" "$LAST_ERR" "erg: info: unknown format 'xml' (table, csv or json)"
expect_status "info --format without a value" 2 "$ERG" info --format
expect_eq "info --format without a value: message" "$LAST_ERR" "erg: option --format needs a value"
expect_status "check without a path" 2 "$ERG" check
expect_eq "check without a path: message" "$LAST_ERR" "erg: check: usage: erg check [--provenance] PATH"
expect_status "export without -o" 2 "$ERG" export --format csv
expect_eq "export without -o: message" "$LAST_ERR" "erg: export: needs --format FORMAT and -o OUT"
expect_status "unknown command" 2 "$ERG" bogus
expect_eq "unknown command: message" "$LAST_ERR" "erg: unknown command 'bogus' (see 'erg --help')"
expect_status "unknown option" 2 "$ERG" --bogus info
expect_eq "unknown option: message" "$LAST_ERR" "erg: unknown option '--bogus' (see 'erg --help')"
expect_status "no command" 2 "$ERG"
expect_contains "no command: usage on stderr" "$LAST_ERR" "usage: erg [-g GRAPH] [--input-format F] [--quiet] COMMAND [ARGS...]"

expect_status "erg --help" 0 "$ERG" --help
expect_eq "erg --help: first line" "$(printf '%s\n' "$LAST_OUT" | head -1)" "usage: erg [-g GRAPH] [--input-format F] [--quiet] COMMAND [ARGS...]"
for line in "  info         count entities and relationships, by type" \
            "  check        validate a graph and list every problem" \
            "  export       write the graph in another format" \
            "  -g GRAPH   the graph to work on" \
            "  --quiet    no progress output" \
            "  --version  print the version" \
            "  --help     this text; 'erg COMMAND --help' explains a command" \
            "exit status: 0 success, 1 runtime or script error, 2 bad usage or"; do
  expect_contains "erg --help: $line" "$LAST_OUT" "$line"
done
expect_eq "erg --help: nothing on stderr" "$LAST_ERR" ""
expect_status "erg -h" 0 "$ERG" -h
expect_status "erg --version" 0 "$ERG" --version
expect_eq "erg --version: text" "$LAST_OUT" "erg 0.1.0"

expect_status "erg info --help" 0 "$ERG" info --help
expect_eq "erg info --help: text" "$LAST_OUT" 'usage: erg [-g GRAPH] info [--format table|csv|json]

Prints how many entities, relationships and sources the graph holds, and
the counts by entity type and relationship type (most first).
  --format table   aligned text (default)
  --format csv     rows kind,type,count (entities, relationships, sources,
                   then entity_type and relationship_type rows)
  --format json    an object with "entities", "relationships", "sources",
                   "entity_types" and "relationship_types"

-g GRAPH (before the command): a CSV graph directory or a graph file in any
format erg reads, told by its extension or content (--input-format F names
it: csv, graphml, json, gexf, ftm); without -g, the built-in graph
(graphs/ice-azure).'
expect_status "erg check --help" 0 "$ERG" check --help
expect_eq "erg check --help: text" "$LAST_OUT" 'usage: erg check [--provenance] PATH

Reads the graph at PATH and prints every problem as FILE:LINE:COL:
reason (COL is the field number in CSV), says how many on standard error
and exits 2; a valid graph prints a one-line summary and exits 0.  In a
CSV graph every file is read and every field of a bad row checked; a row
naming an entity or source whose own row failed is not reported again.
The provenance rules run once the files read cleanly.  In a CSV graph
directory, files erg does not read are named ("did you mean
relationships.csv?"), and a failing file gets a hint when it is UTF-16
or separated by semicolons or tabs; a string column holding only numbers
gets a hint to declare its type.

  --provenance   also apply the provenance rules: every relationship
                 cites a source the graph holds, has evidence, and a
                 certainty from the vocabulary the graph declares (metadata
                 erg.certainty).  A graph whose metadata says
                 erg.provenance = required gets them without the flag.
                 Each violation is FILE:LINE:COL: reason; exit 2.

PATH is a CSV graph directory or a graph file in any format erg reads
(--input-format before the command names it).'
expect_status "erg export --help" 0 "$ERG" export --help
expect_eq "erg export --help: first line" "$(printf '%s\n' "$LAST_OUT" | head -1)" "usage: erg [-g GRAPH] export --format FORMAT -o OUT"
expect_contains "erg export --help: csv" "$LAST_OUT" "--format csv"
expect_contains "erg export --help: -o" "$LAST_OUT" "-o OUT"

# info --format csv agrees with --format json, row by row
csvjson=$(/usr/bin/python3 - "$ERG" <<'PY'
import csv, io, json, subprocess, sys
erg = sys.argv[1]
j = json.loads(subprocess.run([erg, "info", "--format", "json"], capture_output=True, text=True).stdout)
rows = list(csv.DictReader(io.StringIO(subprocess.run([erg, "info", "--format", "csv"], capture_output=True, text=True).stdout)))
tot = {r["kind"]: int(r["count"]) for r in rows if r["type"] == ""}
et = {r["type"]: int(r["count"]) for r in rows if r["kind"] == "entity_type"}
rt = {r["type"]: int(r["count"]) for r in rows if r["kind"] == "relationship_type"}
print(tot == {k: j[k] for k in ("entities", "relationships", "sources")} and et == j["entity_types"] and rt == j["relationship_types"])
PY
)
expect_eq "info csv matches json" "$csvjson" "True"

# Big enough (over 1024 rows) for the import's reservation and its caches
# of endpoints and string values: the result is exactly what was read, and
# a duplicate id late in the file is still caught.
big="$TMP/bigrt"; mkdir -p "$big"
/usr/bin/python3 - "$big" <<'PY'
import sys, random
d = sys.argv[1]; rnd = random.Random(3)
with open(d + "/entities.csv", "w") as f:
    f.write("id,type,name\n")
    for i in range(3000): f.write(f"e{i},t{i % 3},Entity {i}\n")
with open(d + "/relationships.csv", "w") as f:
    f.write("id,from,to,type,note,n:int\n")
    for i in range(6000):
        f.write(f"r{i},e{rnd.randrange(3000) if i % 2 else i % 7},e{rnd.randrange(40)},links,note {i % 13},{i}\n")
PY
expect_status "big import and export" 0 "$ERG" -q -g "$big" export --format csv -o "$TMP/bigout"
/usr/bin/python3 - "$big" "$TMP/bigout" >"$TMP/bigcmp" <<'PY'
import csv, sys
a = list(csv.reader(open(sys.argv[1] + "/relationships.csv")))
b = list(csv.reader(open(sys.argv[2] + "/relationships.csv")))
print(a[1:] == b[1:] and len(a) == 6001)
PY
expect_eq "big import keeps every relationship and value" "$(cat "$TMP/bigcmp")" "True"
echo "r5,e1,e2,links,late duplicate,1" >>"$big/relationships.csv"
expect_status "late duplicate id" 2 "$ERG" check "$big"
expect_eq "late duplicate message" "$LAST_OUT" "$big/relationships.csv:6002:1: duplicate relationship id 'r5'"
echo "r9999,e1,nobody,links,x,1" >>"$big/relationships.csv"
expect_status "late unknown entity" 2 "$ERG" check "$big"
expect_contains "late unknown entity message" "$LAST_OUT" "$big/relationships.csv:6003:3: relationship names unknown entity 'nobody'"

# ---- choosing the reader: extension, content, --input-format ---------------------
printf '<?xml version="1.0"?>\n<!-- a comment -->\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed"><node id="a"/><node id="b"/><edge source="a" target="b"/></graph></graphml>\n' >"$TMP/sniffed.txt"
expect_status "graphml by content" 0 "$ERG" -g "$TMP/sniffed.txt" info --format json
expect_contains "graphml by content counts" "$LAST_OUT" '"entities": 2'
expect_status "forced graphml" 0 "$ERG" --input-format graphml -g "$TMP/sniffed.txt" info --format json
expect_contains "forced graphml counts" "$LAST_OUT" '"relationships": 1'
expect_status "unknown input format" 2 "$ERG" --input-format nosuch -g "$TMP/sniffed.txt" info
expect_eq "unknown input format message" "$(head -1 <<<"$LAST_ERR")" "erg: unknown input format 'nosuch' (erg reads csv, graphml, json, gexf, ftm)"
printf 'just some words\n' >"$TMP/words.txt"
expect_status "unknown content" 2 "$ERG" -g "$TMP/words.txt" info
expect_eq "unknown content message" "$LAST_ERR" "erg: $TMP/words.txt: cannot tell the format (erg reads csv, graphml, json, gexf, ftm; name one with --input-format)"
expect_status "input format needs a value" 2 "$ERG" --input-format
expect_eq "input format needs a value message" "$LAST_ERR" "erg: option --input-format needs a value"

finish
