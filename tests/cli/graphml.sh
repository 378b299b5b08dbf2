#!/usr/bin/env bash
# graphml.sh -- the GraphML reader on odd-but-valid and broken files, each
# written here with its expected result.
source "$(dirname "$0")/lib.sh"

g() { printf '%s' "$2" >"$TMP/$1"; }

# info_json FILE -> "entities relationships"
counts() { "$ERG" -g "$TMP/$1" info --format json | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["entities"], d["relationships"])'; }
# attr FILE KIND ID NAME -> value as erg wrote it to CSV
csvval() {
  rm -rf "$TMP/conv"; "$ERG" -q convert "$TMP/$1" "$TMP/conv" >/dev/null 2>&1 || { echo "convert failed"; return; }
  /usr/bin/python3 - "$TMP/conv/$2.csv" "$3" "$4" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
head = [h.split(":")[0] if not h.startswith("aliases") else "aliases" for h in rows[0]]
for r in rows[1:]:
    if r[0] == sys.argv[2]:
        print(repr(r[head.index(sys.argv[3])]) + "|" + rows[0][head.index(sys.argv[3])])
PY
}

# ---- odd but valid ------------------------------------------------------
g prefixed.graphml '<?xml version="1.0"?>
<gml:graphml xmlns:gml="http://graphml.graphdrawing.org/xmlns">
 <gml:key id="k" for="node" attr.name="size" attr.type="int"/>
 <gml:graph edgedefault="directed">
  <gml:node id="a"><gml:data key="k"> 12 </gml:data></gml:node><gml:node id="b"/>
  <gml:edge source="a" target="b"/>
 </gml:graph>
</gml:graphml>'
expect_eq "prefixed namespace" "$(counts prefixed.graphml)" "2 1"
expect_eq "whitespace around an int" "$(csvval prefixed.graphml entities a size)" "'12'|size:int"

g nons.graphml '<graphml><graph edgedefault="undirected"><node id="a"/><node id="b"/><edge source="a" target="b"/></graph></graphml>'
expect_eq "no namespace" "$(counts nons.graphml)" "2 1"
expect_eq "undirected default" "$(csvval nons.graphml relationships r1 directed)" "'false'|directed:bool"

g defaults.graphml '<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
 <key id="c" for="node" attr.name="color" attr.type="string"><default>yellow</default></key>
 <key id="w" for="edge" attr.name="weight" attr.type="double"><default>1.5</default></key>
 <key id="f" for="node" attr.name="flag" attr.type="boolean"/>
 <key id="s" for="all" attr.name="note"/>
 <graph edgedefault="directed" parse.nodes="2" parse.edges="1" parse.order="nodesfirst">
  <node id="a"><data key="c">red</data><data key="f">  TRUE </data></node>
  <node id="b"><data key="f">False</data><data key="s">hi</data></node>
  <edge id="e1" source="a" target="b"><data key="s">edge note</data></edge>
 </graph>
</graphml>'
expect_eq "default not applied where set" "$(csvval defaults.graphml entities a color)" "'red'|color"
expect_eq "default applied" "$(csvval defaults.graphml entities b color)" "'yellow'|color"
expect_eq "padded capital boolean" "$(csvval defaults.graphml entities a flag)" "'true'|flag:bool"
expect_eq "capitalised boolean" "$(csvval defaults.graphml entities b flag)" "'false'|flag:bool"
expect_eq "key without attr.type is a string, for=all on nodes" "$(csvval defaults.graphml entities b note)" "'hi'|note"
expect_eq "for=all on edges" "$(csvval defaults.graphml relationships e1 note)" "'edge note'|note"
expect_eq "edge default" "$(csvval defaults.graphml relationships e1 weight)" "'1.5'|weight:float"

printf '\xef\xbb\xbf<?xml version="1.0"?>\r\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\r\n<graph edgedefault="directed">\r\n<node id="a"/>\r\n</graph>\r\n</graphml>\r\n' >"$TMP/bom.graphml"
expect_eq "BOM and CRLF" "$(counts bom.graphml)" "1 0"

g yed.graphml '<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
 <key id="d0" for="node" yfiles.type="nodegraphics"/>
 <key id="d1" for="node" attr.name="label" attr.type="string"/>
 <graph edgedefault="directed">
  <node id="n0"><data key="d0"><y:ShapeNode><y:Geometry x="1" y="2"/></y:ShapeNode></data><data key="d1">Zero</data></node>
 </graph>
</graphml>'
expect_status "yEd markup ignored with a warning" 0 "$ERG" check "$TMP/yed.graphml"
expect_contains "yEd warning" "$LAST_OUT" "yed.graphml:3: yEd/yFiles graphics data (key 'd0' and others like it) ignored"
expect_eq "yEd label kept" "$(csvval yed.graphml entities n0 label)" "'Zero'|label"

g unknown.graphml '<graphml><key id="k" for="node" attr.name="when" attr.type="dateTime"/><graph><node id="a"><data key="k">2020-01-01T00:00</data></node></graph></graphml>'
expect_status "unknown attr.type" 0 "$ERG" check "$TMP/unknown.graphml"
expect_contains "unknown attr.type warning" "$LAST_OUT" "key 'k': unknown attr.type 'dateTime', read as string"

g typed.graphml '<graphml><key id="t" for="node" attr.name="type" attr.type="string"/><key id="n" for="node" attr.name="name" attr.type="string"/><key id="r" for="edge" attr.name="type" attr.type="string"/><key id="i" for="edge" attr.name="id" attr.type="string"/><graph><node id="a"><data key="t">company</data><data key="n">A &amp; B</data></node><node id="b"/><edge source="a" target="b"><data key="r">owns</data><data key="i">x</data></edge></graph></graphml>'
expect_eq "node type field" "$(csvval typed.graphml entities a type)" "'company'|type"
expect_eq "default entity type" "$(csvval typed.graphml entities b type)" "'entity'|type"
expect_eq "edge type field" "$(csvval typed.graphml relationships r1 type)" "'owns'|type"
expect_eq "reserved name renamed" "$(csvval typed.graphml relationships r1 graphml.id)" "'x'|graphml.id"

# ---- broken -------------------------------------------------------------
# GraphML problems name FILE:LINE (libxml2's reader knows an element's line
# but not its column); malformed XML names FILE:LINE:COL.
broken() { # broken NAME CONTENT EXPECTED-LINE
  g "$1" "$2"
  expect_status "$1 exits 2" 2 "$ERG" check "$TMP/$1"
  expect_contains "$1 message" "$LAST_OUT" "$TMP/$1:$3"
}
broken malformed.graphml '<graphml>
<graph>
<node id="a">
</graph>
</graphml>' "4:9: malformed XML: Opening and ending tag mismatch: node line 3 and graph"
broken dupnode.graphml '<graphml><graph>
<node id="a"/>
<node id="a"/>
</graph></graphml>' "3: duplicate node id 'a'"
broken undeclared.graphml '<graphml><graph>
<node id="a"/>
<edge source="a" target="zz"/>
</graph></graphml>' "3: edge names undeclared node 'zz' (erg reads the nodes an edge uses before the edge)"
broken badint.graphml '<graphml><key id="k" for="node" attr.name="n" attr.type="int"/><graph>
<node id="a"><data key="k">12x</data></node>
</graph></graphml>' "2: key 'k': '12x' is not a valid integer"
broken hyper.graphml '<graphml><graph>
<node id="a"/><node id="b"/>
<hyperedge><endpoint node="a"/><endpoint node="b"/></hyperedge>
</graph></graphml>' "3: hyperedges are not supported (an erg relationship joins two entities)"
broken nested.graphml '<graphml><graph>
<node id="a"><graph id="inner"><node id="a1"/></graph></node>
</graph></graphml>' "2: nested graphs are not supported; flatten the file first"
broken port.graphml '<graphml><graph>
<node id="a"><port name="p"/></node>
</graph></graphml>' "2: ports are not supported (erg relationships join entities, not ports)"
broken notgraphml.graphml '<network><graph/></network>' "1: not GraphML: the root element is <network>, not <graphml>"
broken empty.graphml '' "1:1: empty file (no <graphml> element)"

# Entity tricks are refused before libxml2 sees them, quickly.
{
  printf '<?xml version="1.0"?>\n<!DOCTYPE graphml [\n<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\n'
  printf '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<graphml><graph><node id="'
  for i in $(seq 2000); do printf '&b;'; done
  printf '"/></graph></graphml>\n'
} >"$TMP/bomb.graphml"
start=$(date +%s)
expect_status "entity bomb refused" 2 "$ERG" check "$TMP/bomb.graphml"
expect_contains "entity bomb message" "$LAST_OUT" "bomb.graphml:3:1: the DOCTYPE declares entities; erg refuses them"
elapsed=$(( $(date +%s) - start ))
[ "$elapsed" -lt 20 ] && ok || bad "entity bomb took ${elapsed}s"

# A failed import into a graph leaves nothing behind: -g with a bad file
expect_status "bad graph for info" 2 "$ERG" -g "$TMP/dupnode.graphml" info
expect_contains "bad graph message" "$LAST_ERR" "dupnode.graphml:3: duplicate node id 'a'"

# External entities / network: a SYSTEM DTD is never fetched
g system.graphml '<?xml version="1.0"?>
<!DOCTYPE graphml SYSTEM "http://127.0.0.1:9/graphml.dtd">
<graphml><graph><node id="a"/></graph></graphml>'
expect_status "SYSTEM doctype not fetched" 0 "$ERG" check "$TMP/system.graphml"

# Characters XML 1.0 cannot carry fail the export, naming the place, and
# leave no file behind (nor touch an existing one).
mkdir -p "$TMP/ctl"
printf 'id,type,name,note\na,t,A,"bell\x07"\n' >"$TMP/ctl/entities.csv"
echo "old" >"$TMP/ctl.graphml"
expect_status "control character refused" 1 "$ERG" -g "$TMP/ctl" export --format graphml -o "$TMP/ctl.graphml"
expect_eq "control character message" "$LAST_ERR" "erg: entity 'a' attribute 'note': character U+0007 cannot be written in XML 1.0 (GraphML); remove it or export as CSV or JSON"
expect_eq "existing output untouched" "$(cat "$TMP/ctl.graphml")" "old"
expect_eq "no temporary file left" "$(ls "$TMP" | grep -c 'ctl.graphml.tmp')" "0"

finish
