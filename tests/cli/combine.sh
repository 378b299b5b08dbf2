#!/usr/bin/env bash
# combine.sh -- erg merge A B -o OUT: two investigations' graphs combined
# (examples/merge/desk-a and desk-b), every conflict as FILE:LINE, the
# policies (--prefer, --strict), the CSV conflict list, a B that networkx
# wrote (no lines, made-up relationship ids), bad input, and the output
# written whole or not at all.
source "$(dirname "$0")/lib.sh"
EX=$(cd "$(dirname "$0")/../../examples/merge" && pwd)
A=$TMP/desk-a
B=$TMP/desk-b
cp -r "$EX/desk-a" "$A"
cp -r "$EX/desk-b" "$B"

# ---- the union, and its conflicts --------------------------------------------------
expect_status "merge" 0 "$ERG" merge "$A" "$B" -o "$TMP/res"
expect_eq "merge: the conflicts, B's line and A's" "$LAST_OUT" "$B/entities.csv:2: entity 'microsoft' name: 'Microsoft Corporation' here, 'Microsoft' in $A/entities.csv:4; kept A's; the other name is kept as an alias
$B/entities.csv:2: entity 'microsoft' country: 'USA' here, 'US' in $A/entities.csv:4; kept A's
$B/entities.csv:3: entity 'ice' type: 'agency' here, 'government_body' in $A/entities.csv:2; kept A's
$B/relationships.csv:2: relationship 'r1' from, to, type: 'microsoft -> ice supplies' here, 'ice -> dhs part_of' in $A/relationships.csv:2; kept A's; B's relationship is added as 'r1~2'
$B/relationships.csv:4: relationship 'r3' certainty: 'stated_by:microsoft' here, 'reported' in $A/relationships.csv:4; kept A's"
expect_eq "merge: the summary" "$LAST_ERR" "erg: $TMP/res: 5 entities (1 from B, 4 matched), 5 relationships (2 from B, 1 matched, 1 folded), 2 sources (1 from B); 5 conflicts (A's values kept)"
expect_eq "merge: entities" "$(cat "$TMP/res/entities.csv")" "id,type,name,aliases:string[],country,source:string[]
ice,government_body,U.S. Immigration and Customs Enforcement,ICE;Immigration and Customs Enforcement,US,report-ice-azure-surge;report-microsoft-statement
dhs,government_body,U.S. Department of Homeland Security,DHS,US,report-ice-azure-surge;report-microsoft-statement
microsoft,company,Microsoft,Microsoft Corporation;MSFT,US,report-ice-azure-surge;report-microsoft-statement
azure,product,Microsoft Azure,Azure,,report-ice-azure-surge;report-microsoft-statement
us_congress,legislature,U.S. Congress,Congress,US,report-microsoft-statement"
expect_eq "merge: relationships (b2 folded into r1, its source added)" "$(cat "$TMP/res/relationships.csv")" "id,from,to,type,source:string[],evidence,certainty
r1,ice,dhs,part_of,report-ice-azure-surge;report-microsoft-statement,DHS is the department ICE belongs to.,reported
r2,ice,azure,stores_data_in,report-ice-azure-surge,Leaked files show ICE's data held in Azure.,reported
r3,microsoft,azure,develops,report-ice-azure-surge;report-microsoft-statement,Azure is Microsoft's cloud platform.,reported
r1~2,microsoft,ice,supplies,report-microsoft-statement,Microsoft names ICE among the users of its cloud tools.,reported
b4,microsoft,us_congress,calls_on,report-microsoft-statement,Microsoft urges lawmakers to set rules for such surveillance uses.,stated_by:microsoft"
expect_eq "merge: sources" "$(cat "$TMP/res/sources.csv")" "id,title,date:date
report-ice-azure-surge,Report on the growth of ICE's data in Microsoft Azure,2026
report-microsoft-statement,Microsoft's answer to the report on ICE and Azure,2026"
expect_status "merge: the result reads" 0 "$ERG" -g "$TMP/res" eval 'return graph:entity("Microsoft Corporation").id, graph:entity("MSFT").id'
expect_eq "merge: B's names find A's entity" "$LAST_OUT" $'microsoft\nmicrosoft'

# ---- policies ----------------------------------------------------------------------------
expect_status "prefer b" 0 "$ERG" merge "$A" "$B" -o "$TMP/outb" --prefer b
expect_contains "prefer b: said" "$LAST_OUT" "$B/entities.csv:2: entity 'microsoft' country: 'USA' here, 'US' in $A/entities.csv:4; took B's"
expect_eq "prefer b: B's name, A's as an alias" "$(sed -n 4p "$TMP/outb/entities.csv")" "microsoft,company,Microsoft Corporation,Microsoft;MSFT,USA,report-ice-azure-surge;report-microsoft-statement"
expect_contains "prefer b: summary" "$LAST_ERR" "; 5 conflicts (B's values taken)"
mkdir -p "$TMP/kept" && echo keep >"$TMP/kept/notes.txt"
expect_status "strict" 2 "$ERG" merge "$A" "$B" -o "$TMP/strict" --strict
expect_contains "strict: the conflicts without a verdict" "$LAST_OUT" "$B/entities.csv:2: entity 'microsoft' country: 'USA' here, 'US' in $A/entities.csv:4"$'\n'
expect_eq "strict: the error" "$LAST_ERR" "erg: merge: 5 conflicts between the two graphs (strict: nothing combined)"
expect_eq "strict: nothing written" "$(ls -A "$TMP" | grep -c '^strict')" "0"
expect_status "strict without conflicts" 0 "$ERG" merge "$A" "$A" -o "$TMP/same" --strict
expect_eq "strict without conflicts: A again is A" "$(cat "$TMP/same/entities.csv" "$TMP/same/relationships.csv")" "$(cat "$A/entities.csv" "$A/relationships.csv")"
expect_eq "strict without conflicts: summary" "$LAST_ERR" "erg: $TMP/same: 4 entities (0 from B, 4 matched), 3 relationships (0 from B, 3 matched, 0 folded), 1 sources (0 from B); 0 conflicts"

# ---- the conflicts as CSV ------------------------------------------------------------------
expect_status "csv" 0 "$ERG" merge "$A" "$B" -o "$TMP/outc" --conflicts csv
expect_eq "csv: header and a row" "$(printf '%s\n' "$LAST_OUT" | sed -n '1p;5p')" "place,what,id,field,b_value,a_place,a_value,result,note
$B/relationships.csv:2,relationship,r1,\"from, to, type\",microsoft -> ice supplies,$A/relationships.csv:2,ice -> dhs part_of,a,B's relationship is added as 'r1~2'"
/usr/bin/python3 - "$TMP/csvcheck" <<PY >"$TMP/csvrows"
import csv, io, sys
rows = list(csv.DictReader(io.StringIO('''$LAST_OUT''')))
print(len(rows), rows[2]["id"], rows[2]["field"], rows[2]["b_value"], rows[2]["a_value"], rows[2]["result"])
PY
expect_eq "csv: what Python's csv module reads" "$(cat "$TMP/csvrows")" "5 ice type agency government_body a"

# ---- a B that networkx wrote: no lines to point at, made-up relationship ids ---------------------
/usr/bin/python3 - "$TMP/deskc.graphml" <<'PY'
import sys, networkx as nx
G = nx.DiGraph()
G.add_node("ice", type="agency", name="ICE", country="US")
G.add_node("us_congress", type="legislature", name="U.S. Congress")
G.add_node("microsoft", type="company", name="Microsoft")
G.add_edge("microsoft", "us_congress", type="calls_on", evidence="Microsoft urges lawmakers to set rules.")
G.add_edge("us_congress", "ice", type="funds", evidence="Congress sets ICE's budget.")
nx.write_graphml(G, sys.argv[1])
PY
expect_status "graphml B" 0 "$ERG" merge "$A" "$TMP/deskc.graphml" -o "$TMP/outg.graphml"
expect_eq "graphml B: the file is named, A's line too" "$LAST_OUT" "$TMP/deskc.graphml: entity 'ice' type: 'agency' here, 'government_body' in $A/entities.csv:2; kept A's"
expect_contains "graphml B: its made-up ids are not A's r1, r2" "$LAST_ERR" "5 relationships (2 from B, 0 matched, 0 folded)"
/usr/bin/python3 - "$TMP/outg.graphml" >"$TMP/nx" <<'PY'
import sys, networkx as nx
G = nx.read_graphml(sys.argv[1])
print(G.number_of_nodes(), G.number_of_edges(), sorted(G.nodes["microsoft"]["aliases"].split(";")) if "aliases" in G.nodes["microsoft"] else "-",
      sorted(d["type"] for _, _, d in G.edges(data=True)))
PY
expect_eq "graphml B: networkx opens the result" "$(cat "$TMP/nx")" "5 5 - ['calls_on', 'develops', 'funds', 'part_of', 'stores_data_in']"
expect_status "graph on stdout" 0 "$ERG" merge "$A" "$B" -o - --format graphml
expect_contains "graph on stdout: the graph" "$LAST_OUT" '<node id="us_congress">'
expect_contains "graph on stdout: conflicts on stderr" "$LAST_ERR" "$B/entities.csv:3: entity 'ice' type: 'agency' here"
expect_status "stdout: the graph and a CSV list cannot share it" 2 "$ERG" merge "$A" "$B" -o - --format graphml --conflicts csv
expect_eq "stdout: the graph and a CSV list: message" "$LAST_ERR" "erg: merge: --conflicts csv and -o - would both write to standard output; write the graph to a file"
expect_status "stdout: -o - needs a format" 2 "$ERG" merge "$A" "$B" -o -
expect_eq "stdout: -o - needs a format: message" "$LAST_ERR" "erg: merge: -o - writes to standard output and needs --format (graphml, gexf, dot, json, cytoscape or ftm)"

# ---- bad input, usage --------------------------------------------------------------------------
cp -r "$B" "$TMP/badb"
sed -i '3s/,US,/,US,x,/' "$TMP/badb/entities.csv"
echo old >"$TMP/kept/entities.csv"
expect_status "bad B" 2 "$ERG" merge "$A" "$TMP/badb" -o "$TMP/kept"
expect_eq "bad B: FILE:LINE:COL" "$LAST_ERR" "$TMP/badb/entities.csv:3:7: wrong number of fields: expected 6, found 7"
expect_eq "bad B: the output is untouched" "$(cat "$TMP/kept/entities.csv" "$TMP/kept/notes.txt")" $'old\nkeep'
expect_status "usage" 2 "$ERG" merge "$A" "$B"
expect_eq "usage: message" "$LAST_ERR" "erg: merge: usage: erg merge A B -o OUT [--format FORMAT] [--prefer a|b] [--strict] [--conflicts table|csv]"
expect_status "prefer c" 2 "$ERG" merge "$A" "$B" -o "$TMP/x" --prefer c
expect_eq "prefer c: message" "$LAST_ERR" "erg: merge: --prefer takes a or b, not 'c'"
expect_status "three graphs" 2 "$ERG" merge "$A" "$B" "$A" -o "$TMP/x"
expect_eq "three graphs: message" "$LAST_ERR" "erg: merge: too many arguments (usage: erg merge A B -o OUT)"

finish
