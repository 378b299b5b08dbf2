#!/usr/bin/env bash
# provenance.sh -- erg check's provenance rules (a source the graph holds,
# evidence, a certainty from the declared vocabulary), the policy declared
# in graph.csv, graph metadata in CSV directories, and check's warnings and
# hints for files it does not read or cannot read.
source "$(dirname "$0")/lib.sh"
G=$ERG_GRAPH

# ---- the built-in graph declares the policy and passes it --------------------------
expect_status "built-in graph passes" 0 "$ERG" check "$G"
expect_eq "built-in graph: summary" "$LAST_OUT" "$G: ok (62 entities, 72 relationships, 4 sources; provenance rules hold)"
expect_status "built-in graph, --provenance" 0 "$ERG" check --provenance "$G"
expect_status "the policy is metadata" 0 "$ERG" eval 'return graph:meta("erg.provenance"), graph:meta("erg.certainty")'
expect_eq "the policy is metadata: values" "$LAST_OUT" $'required\nreported alleged stated_by:ENTITY headline background'

# ---- a copy with one relationship's source removed fails, naming file and line --------
bad=$TMP/bad
cp -r "$G" "$bad"
/usr/bin/python3 - "$bad/relationships.csv" <<'PY'
import csv, io, sys
p = sys.argv[1]
rows = list(csv.reader(open(p, newline="")))
head = [h.split(":")[0] for h in rows[0]]
def put(line, col, value):  # line is the file's 1-based line
    rows[line - 1][head.index(col)] = value
put(6, "source", "")
put(9, "evidence", "  ")
put(11, "certainty", "rumour")
put(13, "certainty", "stated_by:nobody")
out = io.StringIO()
csv.writer(out, lineterminator="\n").writerows(rows)
open(p, "w").write(out.getvalue())
PY
expect_status "a broken copy fails" 2 "$ERG" check "$bad"
src=$(head -1 "$bad/relationships.csv" | tr ',' '\n' | grep -n '^source' | cut -d: -f1)
ev=$(head -1 "$bad/relationships.csv" | tr ',' '\n' | grep -n '^evidence' | cut -d: -f1)
cert=$(head -1 "$bad/relationships.csv" | tr ',' '\n' | grep -n '^certainty' | cut -d: -f1)
id6=$(sed -n 6p "$bad/relationships.csv" | cut -d, -f1)
expect_contains "no source: file, line and column" "$LAST_OUT" "$bad/relationships.csv:6:$src: relationship '$id6' cites no source"
expect_contains "empty evidence" "$LAST_OUT" "$bad/relationships.csv:9:$ev: relationship '$(sed -n 9p "$bad/relationships.csv" | cut -d, -f1)' has no evidence (what the source states)"
expect_contains "certainty outside the vocabulary" "$LAST_OUT" ":11:$cert: relationship '$(sed -n 11p "$bad/relationships.csv" | cut -d, -f1)' certainty 'rumour' is not in the graph's vocabulary (reported alleged stated_by:ENTITY headline background)"
expect_contains "stated_by names no entity" "$LAST_OUT" ":13:$cert: relationship '$(sed -n 13p "$bad/relationships.csv" | cut -d, -f1)' certainty 'stated_by:nobody' is not in the graph's vocabulary"
expect_eq "the count" "$LAST_ERR" "erg: $bad: 4 provenance problems"
# an unknown source id is already a reading error when sources.csv exists
unk=$TMP/unk
cp -r "$G" "$unk"
sed -i '15s/report-[a-z-]*/no-such-source/' "$unk/relationships.csv"
expect_status "unknown source" 2 "$ERG" check "$unk"
expect_contains "unknown source: message" "$LAST_OUT" "$unk/relationships.csv:15:$src: source 'no-such-source' is not in sources.csv"

# ---- without the declaration only --provenance applies the rules ------------------------
nodecl=$TMP/nodecl
cp -r "$bad" "$nodecl"
rm "$nodecl/graph.csv"
expect_status "undeclared: plain check passes" 0 "$ERG" check "$nodecl"
expect_eq "undeclared: summary" "$LAST_OUT" "$nodecl: ok (62 entities, 72 relationships, 4 sources)"
expect_status "undeclared: --provenance fails" 2 "$ERG" check --provenance "$nodecl"
# no vocabulary declared: any non-empty certainty passes, so two problems remain
expect_eq "undeclared: count" "$LAST_ERR" "erg: $nodecl: 2 provenance problems"

# ---- metadata survives the CSV directory format ----------------------------------------
expect_status "meta round trip" 0 "$ERG" eval 'local g = erg.new(); g:meta("title", "A, \"quoted\" title"); g:meta("note", "line one\nline two"); g:add_entity{id="a", type="t", name="A"}; g:save("'"$TMP"'/m1"); return erg.load("'"$TMP"'/m1"):meta("note")'
expect_eq "meta round trip: value" "$LAST_OUT" $'line one\nline two'
expect_eq "meta round trip: graph.csv" "$(cat "$TMP/m1/graph.csv")" $'key,value\ntitle,"A, ""quoted"" title"\nnote,"line one\nline two"'
expect_status "meta through GraphML" 0 "$ERG" -g "$G" export --format graphml -o "$TMP/b.graphml"
expect_status "meta through GraphML back" 0 "$ERG" -g "$TMP/b.graphml" convert "$TMP/b.graphml" "$TMP/b"
expect_eq "meta through GraphML: graph.csv" "$(cat "$TMP/b/graph.csv")" "$(cat "$G/graph.csv")"
printf 'name,value\nx,1\n' >"$TMP/m1/graph.csv"
expect_status "graph.csv with other columns" 2 "$ERG" check "$TMP/m1"
expect_contains "graph.csv with other columns: message" "$LAST_OUT" "$TMP/m1/graph.csv:1:1: graph.csv must have the columns key,value"
printf 'key,value\n,1\n"x,2\n' >"$TMP/m1/graph.csv"
expect_status "graph.csv bad rows" 2 "$ERG" check "$TMP/m1"
expect_contains "graph.csv empty key" "$LAST_OUT" "$TMP/m1/graph.csv:2:1: empty metadata key"

# ---- every problem of every file in one run -------------------------------------------
all=$TMP/all
mkdir -p "$all"
printf 'id,date:date\ns1,2025\ns2,20x6\n' >"$all/sources.csv"
printf 'id,type,name,n:int,source\na,t,A,x,s1\nb,t,B,1,s2\nc,t,C,2,s9\nd,t,D,zz,s7\n' >"$all/entities.csv"
printf 'from,to,type,w:float\na,c,t,1\nc,c,t,much\nc,nobody,t,1\nb,c,t,1\n' >"$all/relationships.csv"
expect_status "every file: fails" 2 "$ERG" check "$all"
expect_eq "every file: every problem, in file order, none twice" "$LAST_OUT" "$all/sources.csv:3:2: bad date '20x6' (YYYY, YYYY-MM or YYYY-MM-DD)
$all/entities.csv:2:4: bad int 'x'
$all/entities.csv:4:5: source 's9' is not in sources.csv
$all/entities.csv:5:4: bad int 'zz'
$all/entities.csv:5:5: source 's7' is not in sources.csv
$all/relationships.csv:3:4: bad float 'much'
$all/relationships.csv:4:2: relationship names unknown entity 'nobody'"
expect_eq "every file: the count" "$LAST_ERR" "erg: $all: 7 problems"

# ---- warnings and hints -------------------------------------------------------------
h=$TMP/hints
mkdir -p "$h"
printf 'id;type;name\na;t;A\n' >"$h/entities.csv"
printf 'from,to,type\n' >"$h/relationship.csv"
expect_status "semicolons" 2 "$ERG" check "$h"
expect_contains "unread file, near miss" "$LAST_OUT" "$h/relationship.csv: warning: not read (a CSV graph is entities.csv, relationships.csv, sources.csv and graph.csv); did you mean relationships.csv?"
expect_contains "semicolon hint" "$LAST_OUT" "$h/entities.csv: hint: the header is separated by semicolons, not commas; a CSV graph uses commas (erg import reads other separators)"
expect_eq "problem count" "$LAST_ERR" "erg: $h: 1 problem"
printf 'id,type,name\na,t,A\n' | iconv -f UTF-8 -t UTF-16 >"$h/entities.csv"
expect_status "utf-16" 2 "$ERG" check "$h"
expect_contains "utf-16 hint" "$LAST_OUT" "$h/entities.csv: hint: the file is UTF-16; save it as UTF-8 (iconv -f UTF-16 -t UTF-8)"
rm "$h/relationship.csv"
printf 'id,type,name,employees\na,t,A,120\nb,t,B,7.5\n' >"$h/entities.csv"
expect_status "numbers as text" 0 "$ERG" check "$h"
expect_contains "numbers as text: hint" "$LAST_OUT" "hint: entities.csv column 'employees' holds only numbers but is read as text; declare it employees:float (or :int) to sum, weigh and compare it"
expect_status "usage" 2 "$ERG" check --provenance
expect_eq "usage: message" "$LAST_ERR" "erg: check: usage: erg check [--provenance] PATH"

finish
