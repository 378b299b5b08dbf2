#!/usr/bin/env bash
# graphml.sh -- the GraphML reader on odd-but-valid and broken files, each
# written here with its expected result.
source "$(dirname "$0")/lib.sh"

g() { printf '%s' "$2" >"$TMP/$1"; }

# info_json FILE -> "entities relationships"
counts() { "$ERG" -g "$TMP/$1" info --format json 2>/dev/null | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["entities"], d["relationships"])'; }
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
expect_contains "yEd warning" "$LAST_OUT" "yed.graphml:3: yEd/yFiles graphics data (key 'd0' and others like it) ignored, but for node labels"
expect_eq "yEd label kept" "$(csvval yed.graphml entities n0 label)" "'Zero'|label"

g unknown.graphml '<graphml><key id="k" for="node" attr.name="when" attr.type="dateTime"/><graph><node id="a"><data key="k">2020-01-01T00:00</data></node></graph></graphml>'
expect_status "unknown attr.type" 0 "$ERG" check "$TMP/unknown.graphml"
expect_contains "unknown attr.type warning" "$LAST_OUT" "key 'k': unknown attr.type 'dateTime', read as string"

g typed.graphml '<graphml><key id="t" for="node" attr.name="type" attr.type="string"/><key id="n" for="node" attr.name="name" attr.type="string"/><key id="r" for="edge" attr.name="type" attr.type="string"/><key id="i" for="edge" attr.name="id" attr.type="string"/><graph><node id="a"><data key="t">company</data><data key="n">A &amp; B</data></node><node id="b"/><edge source="a" target="b"><data key="r">owns</data><data key="i">x</data></edge></graph></graphml>'
expect_eq "node type field" "$(csvval typed.graphml entities a type)" "'company'|type"
expect_eq "default entity type" "$(csvval typed.graphml entities b type)" "'entity'|type"
expect_eq "edge type field" "$(csvval typed.graphml relationships r1 type)" "'owns'|type"
expect_eq "reserved name renamed" "$(csvval typed.graphml relationships r1 graphml.id)" "'x'|graphml.id"

# ---- what networkx and python-igraph also accept --------------------------
# an edge before its nodes, and one naming a node never declared
g forward.graphml '<graphml><key id="c" for="node" attr.name="color"/><graph edgedefault="directed">
<edge id="e1" source="a" target="b"/>
<node id="b"><data key="c">blue</data></node>
<node id="a"/>
<edge id="e2" source="a" target="zz"/>
</graph></graphml>'
expect_status "forward references accepted" 0 "$ERG" check "$TMP/forward.graphml"
expect_contains "undeclared node warning" "$LAST_OUT" "forward.graphml:5: edge names node 'zz', which the file does not declare; added as an entity of type 'entity'"
expect_eq "forward: one warning only" "$(printf '%s\n' "$LAST_OUT" | grep -c "does not declare")" "1"
expect_eq "forward: counts" "$(counts forward.graphml)" "3 2"
expect_eq "forward: node declared later keeps its data" "$(csvval forward.graphml entities b color)" "'blue'|color"
expect_eq "forward: undeclared node is an entity" "$(csvval forward.graphml entities zz type)" "'entity'|type"
expect_eq "forward: unique edge id kept" "$(csvval forward.graphml relationships e2 to)" "'zz'|to"

# networkx multigraph edge keys as edge ids: 0, 1 repeated
g multi.graphml '<graphml><graph edgedefault="undirected">
<node id="a"/><node id="b"/><node id="c"/>
<edge source="a" target="b" id="0"/>
<edge source="a" target="b" id="1"/>
<edge source="b" target="c" id="0"/>
<edge source="a" target="c" id="x"/>
</graph></graphml>'
expect_status "repeated edge ids accepted" 0 "$ERG" check "$TMP/multi.graphml"
expect_contains "repeated id warning" "$LAST_OUT" "multi.graphml:5: edge id '0' is used by more than one edge (and maybe others like it); those relationships get generated ids and keep the file's id as 'graphml.id'"
expect_eq "repeated id: generated id, file id kept" "$(csvval multi.graphml relationships r1 graphml.id)" "'0'|graphml.id"
expect_eq "repeated id: second one" "$(csvval multi.graphml relationships r2 graphml.id)" "'0'|graphml.id"
expect_eq "id used once stays the id" "$(csvval multi.graphml relationships 1 graphml.id)" "''|graphml.id"
expect_eq "unique id x" "$(csvval multi.graphml relationships x from)" "'a'|from"

# one key id for several domains (Cytoscape writes "name" for graph, node and edge)
g domains.graphml '<graphml>
<key id="name" for="graph" attr.name="name" attr.type="string"/>
<key id="name" for="node" attr.name="name" attr.type="string"/>
<key id="name" for="edge" attr.name="name" attr.type="string"/>
<key id="SUID" for="node" attr.name="SUID" attr.type="long"/>
<key id="SUID" for="edge" attr.name="SUID" attr.type="long"/>
<graph edgedefault="directed"><data key="name">Network</data>
<node id="1"><data key="name">Alpha</data><data key="SUID">1</data></node>
<node id="2"><data key="name">Beta</data><data key="SUID">2</data></node>
<edge source="1" target="2"><data key="name">Alpha (pp) Beta</data><data key="SUID">3</data></edge>
</graph></graphml>'
expect_status "key id shared by domains accepted" 0 "$ERG" check "$TMP/domains.graphml"
expect_eq "domains: node name" "$(csvval domains.graphml entities 1 name)" "'Alpha'|name"
expect_eq "domains: edge attribute" "$(csvval domains.graphml relationships r1 name)" "'Alpha (pp) Beta'|name"
expect_eq "domains: edge long" "$(csvval domains.graphml relationships r1 SUID)" "'3'|SUID:int"
expect_eq "domains: graph data" "$("$ERG" -q -g "$TMP/domains.graphml" eval 'return graph:meta("name")' 2>/dev/null)" "Network"

# ports ignored, nested graphs flattened, one warning each
g ports.graphml '<graphml><graph edgedefault="directed">
<node id="a"><port name="p"/><port name="q"/></node>
<node id="g"><graph id="g:" edgedefault="directed"><node id="g::1"/><node id="g::2"><graph id="g::2:"><node id="deep"/></graph></node><edge source="g::1" target="a"/></graph></node>
<edge source="a" target="g::2" sourceport="p"/>
</graph></graphml>'
expect_status "ports and nested graphs accepted" 0 "$ERG" check "$TMP/ports.graphml"
expect_contains "port warning" "$LAST_OUT" "ports.graphml:2: ports ignored: edges join the nodes (as networkx and igraph read them)"
expect_contains "nested warning" "$LAST_OUT" "ports.graphml:3: nested graph flattened: its nodes and edges join the graph"
expect_eq "one port warning, one nested warning" "$(printf '%s\n' "$LAST_OUT" | grep -c "ignored\|flattened")" "2"
expect_eq "flattened counts" "$(counts ports.graphml)" "5 2"
expect_eq "inner edge" "$(csvval ports.graphml relationships r1 from)" "'g::1'|from"

# field-named keys that cannot be the field are renamed, not refused
g fields.graphml '<graphml><key id="t" for="node" attr.name="type" attr.type="int"/><key id="n" for="node" attr.name="name" attr.type="double"/><key id="d" for="edge" attr.name="directed" attr.type="boolean"/><graph>
<node id="a"><data key="t">3</data><data key="n">1.5</data></node><node id="b"/><edge source="a" target="b"><data key="d">false</data></edge></graph></graphml>'
expect_status "non-string field names accepted" 0 "$ERG" check "$TMP/fields.graphml"
expect_contains "type renamed" "$LAST_OUT" "fields.graphml:1: node attribute 'type' is a field name in erg; kept as 'graphml.type'"
expect_eq "int type kept under another name" "$(csvval fields.graphml entities a graphml.type)" "'3'|graphml.type:int"
expect_eq "entity type stays the default" "$(csvval fields.graphml entities a type)" "'entity'|type"
expect_eq "float name kept" "$(csvval fields.graphml entities a graphml.name)" "'1.5'|graphml.name:float"
expect_eq "foreign directed is an attribute" "$(csvval fields.graphml relationships r1 graphml.directed)" "'false'|graphml.directed:bool"
expect_eq "foreign directed leaves the edge directed" "$("$ERG" -q -g "$TMP/fields.graphml" eval 'return graph:relationship("r1").directed' 2>/dev/null)" "true"

# names from label keys (Gephi) and yEd node labels when the file has no name key
g gephi.graphml '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><key attr.name="label" attr.type="string" for="node" id="label"/><graph edgedefault="undirected">
<node id="0"><data key="label">Myriel</data></node><node id="1"><data key="label">Napoleon</data></node><edge id="0" source="1" target="0"/></graph></graphml>'
expect_eq "label names the entity" "$("$ERG" -q -g "$TMP/gephi.graphml" eval 'return graph:entity("Napoleon").id' 2>/dev/null)" "1"
expect_eq "label stays an attribute" "$(csvval gephi.graphml entities 0 label)" "'Myriel'|label"
g named.graphml '<graphml><key id="n" for="node" attr.name="name"/><key id="l" for="node" attr.name="label"/><graph>
<node id="a"><data key="l">Label A</data></node><node id="b"><data key="l">Label B</data><data key="n">Bee</data></node></graph></graphml>'
expect_eq "a name key: labels name nothing" "$(csvval named.graphml entities a name)" "''|name"
expect_eq "the name key names" "$(csvval named.graphml entities b name)" "'Bee'|name"
g yedlabel.graphml '<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
 <key for="node" id="d6" yfiles.type="nodegraphics"/>
 <graph edgedefault="directed">
  <node id="n0"><data key="d6"><y:ShapeNode><y:Geometry height="30.0" width="30.0" x="0" y="0"/><y:NodeLabel alignment="center" autoSizePolicy="content">Valjean<y:LabelModel><y:SmartNodeLabelModel distance="4.0"/></y:LabelModel></y:NodeLabel></y:ShapeNode></data></node>
  <node id="n1"><data key="d6"><y:GenericNode configuration="ShinyPlateNode"><y:NodeLabel>Javert</y:NodeLabel><y:NodeLabel>second</y:NodeLabel></y:GenericNode></data></node>
  <node id="n2"><data key="d6"><y:ProxyAutoBoundsNode><y:Realizers><y:GroupNode><y:NodeLabel>Group</y:NodeLabel></y:GroupNode></y:Realizers></y:ProxyAutoBoundsNode></data></node>
 </graph>
</graphml>'
expect_eq "yEd NodeLabel names the entity" "$("$ERG" -q -g "$TMP/yedlabel.graphml" eval 'return graph:entity("Valjean").id' 2>/dev/null)" "n0"
expect_eq "first NodeLabel of a GenericNode" "$(csvval yedlabel.graphml entities n1 name)" "'Javert'|name"
expect_eq "group labels name nothing (as networkx reads them)" "$(csvval yedlabel.graphml entities n2 name)" "''|name"

# erg's own marker: an erg:directed key sets the direction
g ergdir.graphml '<graphml><key id="d" for="edge" attr.name="directed" attr.type="boolean"><desc>erg:directed</desc></key><graph edgedefault="directed">
<node id="a"/><node id="b"/><edge id="u" source="a" target="b"><data key="d">false</data></edge><edge id="v" source="a" target="b"><data key="d">true</data></edge></graph></graphml>'
expect_eq "erg:directed false" "$(csvval ergdir.graphml relationships u directed)" "'false'|directed:bool"
expect_eq "erg:directed true" "$(csvval ergdir.graphml relationships v directed)" "'true'|directed:bool"
expect_eq "undirected relationship seen from b" "$("$ERG" -q -g "$TMP/ergdir.graphml" eval 'local n = 0; for r in graph:entity("b"):out() do n = n + 1 end; return n' 2>/dev/null)" "1"

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
broken badint.graphml '<graphml><key id="k" for="node" attr.name="n" attr.type="int"/><graph>
<node id="a"><data key="k">12x</data></node>
</graph></graphml>' "2: key 'k': '12x' is not a valid integer"
broken hyper.graphml '<graphml><graph>
<node id="a"/><node id="b"/>
<hyperedge><endpoint node="a"/><endpoint node="b"/></hyperedge>
</graph></graphml>' "3: hyperedges are not supported (an erg relationship joins two entities)"
broken twographs.graphml '<graphml><graph><node id="a"/></graph>
<graph><node id="b"/></graph></graphml>' "2: more than one graph in the file; erg reads one"
broken clash.graphml '<graphml><key id="k" for="node" attr.name="n" attr.type="int"/><key id="k" for="all" attr.name="m"/><graph/></graphml>' "1: duplicate key id 'k'"
broken notgraphml.graphml '<network><graph/></network>' "1: not GraphML: the root element is <network>, not <graphml>"
broken empty.graphml '' "1:1: empty file (no <graphml> element)"

# Every problem is reported, not the first 50 (erg.h promises every one).
{
  printf '<graphml><key id="k" for="node" attr.name="n" attr.type="int"/><graph>\n'
  for i in $(seq 70); do printf '<node id="n%d"><data key="k">x%d</data></node>\n' "$i" "$i"; done
  printf '</graph></graphml>\n'
} >"$TMP/many.graphml"
expect_status "70 bad values" 2 "$ERG" check "$TMP/many.graphml"
expect_eq "all 70 reported" "$(printf '%s\n' "$LAST_OUT" | grep -c "is not a valid integer")" "70"
expect_contains "the 70th, with its line" "$LAST_OUT" "many.graphml:71: key 'k': 'x70' is not a valid integer"

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
