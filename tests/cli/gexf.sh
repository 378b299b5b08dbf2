#!/usr/bin/env bash
# gexf.sh -- the GEXF reader on files shaped like Gephi's and gexf.net's
# (tests/data/gexf), odd-but-valid and broken files written here, and the
# writer's markup for mixed graphs.
source "$(dirname "$0")/lib.sh"
DATA="$(dirname "$0")/../data/gexf"

g() { printf '%s' "$2" >"$TMP/$1"; }
# csv FILE -> the CSV graph erg reads from FILE (entities, then relationships)
csv() { rm -rf "$TMP/conv"; "$ERG" -q convert "$1" "$TMP/conv/" >/dev/null 2>&1 || { echo "convert failed"; return; }
        cat "$TMP/conv/entities.csv" "$TMP/conv/relationships.csv"; }

# ---- Gephi 0.10 (GEXF 1.3): viz, lists, spells, mixed edge types, kinds ----
expect_eq "gephi 0.10 export" "$(csv "$DATA/gephi-0.10-mixed.gexf")" 'id,type,name,Sector,Staff:int,Tags:string[],Years:int[],Listed:bool,start:date,spells:string[],end:date
acme,entity,Acme Corp,cloud,120,"cloud;data centre;a, b",2019;2021,true,2019-01-01,2019-01-01/2020-12-31;2022-03-01/,
agency,entity,The Agency,government,,"",,false,2018-06-01,,2024-01-31
press,entity,Daily Press,,,,,false,,,
id,from,to,type,directed:bool,Amount:float,start:date,end:date,weight:float,label
0,acme,agency,supplies,true,75000000.0,2019-02-01,2021-12-31,2.5,Azure contract
1,acme,agency,funds,true,,,,,
2,press,agency,related_to,false,inf,,,1.0,'
expect_status "gephi 0.10: one viz warning" 0 "$ERG" check "$DATA/gephi-0.10-mixed.gexf"
expect_eq "gephi 0.10: warning text" "$(head -1 <<<"$LAST_OUT")" "$DATA/gephi-0.10-mixed.gexf:34: viz: markup (colours, positions, sizes, shapes) ignored"

# ---- Gephi 0.8 (GEXF 1.1draft): slices, pipe lists, timeformat double ----
expect_eq "gexf 1.1" "$(csv "$DATA/gephi-0.8-1.1draft.gexf")" 'id,type,name,club,roles:string[],start:float,end:float,spells:string[]
1,entity,Mr. Hi,Mr. Hi,instructor;founder,1.0,8.5,1.0/3.0;5.0/8.5
34,entity,Officer,Officer,,,9.0,
id,from,to,type,directed:bool,start:float,end:float,weight:float
0,1,34,related_to,false,2.0,7.0,4.0'

# ---- gexf.net's examples (namespace 1.3 with version 1.2; dynamics) ----
expect_eq "gexf.net data.gexf" "$(csv "$DATA/gexfnet-data.gexf")" 'id,type,name,url,indegree:float,frog:bool
0,entity,Gephi,http://gephi.org,1.0,true
1,entity,Webatlas,http://webatlas.fr,2.0,true
2,entity,RTGI,http://rtgi.fr,1.0,true
3,entity,BarabasiLab,http://barabasilab.com,1.0,false
id,from,to,type
r1,0,1,related_to
r2,0,2,related_to
r3,1,0,related_to
r4,2,1,related_to
r5,0,3,related_to'
expect_eq "gexf.net dynamics.gexf" "$(csv "$DATA/gexfnet-dynamics.gexf")" 'id,type,name,url,frog:bool,indegree:float[],start:date,end:date,spells:string[]
0,entity,Gephi,http://gephi.org,true,1.0,2009-03-01,,
1,entity,Network,,true,1.0;2.0;1.0,,,
2,entity,Visualization,,true,0.0;1.0,,2009-03-10,/2009-03-01;2009-03-05/2009-03-10
3,entity,Graph,,false,0.0;1.0,,,
id,from,to,type,start:date,end:date
r1,0,1,related_to,2009-03-01,
r2,0,2,related_to,2009-03-01,2009-03-10
r3,1,0,related_to,2009-03-01,
r4,2,1,related_to,,2009-03-10
r5,0,3,related_to,2009-03-01,'

# ---- odd but valid -------------------------------------------------------
g sniffed.xml '<?xml version="1.0"?><!-- no telling extension --><gexf version="1.2"><graph defaultedgetype="directed"><nodes><node id="a"/><node id="b"/></nodes><edges><edge id="e" source="a" target="b" type="mutual"/></edges></graph></gexf>'
expect_eq "sniffed by root, mutual is undirected" "$(csv "$TMP/sniffed.xml")" 'id,type,name
a,entity,
b,entity,
id,from,to,type,directed:bool
e,a,b,related_to,false'
g typed.gexf '<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="undirected">
<attributes class="node"><attribute id="t" title="type" type="string"/><attribute id="al" title="aliases" type="liststring"/><attribute id="id" title="id" type="string"/></attributes>
<attributes class="edge"><attribute id="0" title="type" type="string"/><attribute id="1" title="flags" type="listboolean"/></attributes>
<nodes><node id="ice" label="ICE"><attvalues><attvalue for="t" value="government_body"/><attvalue for="al" value="[Immigration and Customs Enforcement, &quot;U.S. ICE&quot;]"/><attvalue for="id" value="x1"/></attvalues></node>
<node id="dhs" label="DHS"><parents><parent for="ice"/></parents><nodes><node id="sub" label="Sub"/></nodes></node></nodes>
<edges><edge id="e1" source="dhs" target="ice" kind="ignored" label="oversees"><attvalues><attvalue for="0" value="oversees"/><attvalue for="1" value="[true, false]"/></attvalues></edge></edges>
</graph></gexf>'
expect_eq "type, aliases, renamed field, hierarchy flattened" "$(csv "$TMP/typed.gexf")" 'id,type,name,aliases:string[],gexf.id
ice,government_body,ICE,Immigration and Customs Enforcement;U.S. ICE,x1
dhs,entity,DHS,,
sub,entity,Sub,,
id,from,to,type,directed:bool,flags:bool[]
e1,dhs,ice,oversees,false,true;false'
expect_status "typed: warnings" 0 "$ERG" check "$TMP/typed.gexf"
expect_eq "typed: warning texts" "$(head -2 <<<"$LAST_OUT")" "$TMP/typed.gexf:2: node attribute 'id' is a field name in erg; kept as 'gexf.id'
$TMP/typed.gexf:5: hierarchy (nested nodes, <parents>, pid) ignored; nested nodes are read as nodes"

# ---- the writer: a mixed graph ------------------------------------------
expect_status "export built-in" 0 "$ERG" -g "$ERG_GRAPH" export --format gexf -o "$TMP/b.gexf"
expect_eq "mixed graph: directed default" "$(grep -c 'defaultedgetype="directed" mode="dynamic" timeformat="date"' "$TMP/b.gexf")" 1
expect_eq "mixed graph: undirected as mutual" "$(grep -c 'type="mutual"' "$TMP/b.gexf")" "$(/usr/bin/python3 -c 'import csv,sys; print(sum(r["directed:bool"] == "false" for r in csv.DictReader(open(sys.argv[1]))))' "$ERG_GRAPH/relationships.csv")"
expect_contains "date as edge period" "$(cat "$TMP/b.gexf")" 'source="us_congress" target="ice" label="funds" kind="funds" start="2025-07-01" end="2025-07-31">'
expect_contains "aliases as liststring" "$(cat "$TMP/b.gexf")" '<attvalue for="aliases" value="[DHS, &quot;Department of Homeland Security&quot;]"/>'

# ---- broken --------------------------------------------------------------
broken() { # broken NAME CONTENT EXPECTED
  g "$1" "$2"
  expect_status "$1 exits 2" 2 "$ERG" check "$TMP/$1"
  expect_contains "$1 message" "$LAST_OUT" "$TMP/$1:$3"
}
broken malformed.gexf '<gexf>
<graph>
<nodes><node id="a">
</nodes>
</graph></gexf>' "4:9: malformed XML: Opening and ending tag mismatch: node line 3 and nodes"
broken unknown-node.gexf '<gexf><graph><nodes><node id="a"/></nodes>
<edges><edge id="e1" source="a" target="zz"/></edges></graph></gexf>' "2: edge 'e1' names unknown node 'zz'"
broken badint.gexf '<gexf><graph><attributes class="node"><attribute id="0" title="staff" type="integer"/></attributes>
<nodes><node id="a"><attvalues><attvalue for="0" value="12x"/></attvalues></node></nodes></graph></gexf>' "2: node 'a': attribute 'staff': '12x' is not a valid integer"
broken badlist.gexf '<gexf><graph><attributes class="node"><attribute id="0" title="years" type="listinteger"/></attributes>
<nodes><node id="a"><attvalues><attvalue for="0" value="[2019, soon]"/></attvalues></node></nodes></graph></gexf>' "2: node 'a': attribute 'years': list element 'soon' is not a valid integer"
broken baddate.gexf '<gexf><graph timeformat="date"><nodes><node id="a"/><node id="b"/></nodes>
<edges><edge id="e" source="a" target="b" start="2025-13-01"/></edges></graph></gexf>' "2: edge 'e': time: '2025-13-01' is not a valid date"
broken undeclared.gexf '<gexf><graph><nodes>
<node id="a"><attvalues><attvalue for="9" value="x"/></attvalues></node></nodes></graph></gexf>' "2: node 'a': attvalue for undeclared node attribute '9'"
broken edgetype.gexf '<gexf><graph><nodes><node id="a"/></nodes>
<edges><edge id="e" source="a" target="a" type="sideways"/></edges></graph></gexf>' "2: edge 'e': type 'sideways' is not directed, undirected or mutual"
broken dupnode.gexf '<gexf><graph><nodes><node id="a"/>
<node id="a"/></nodes></graph></gexf>' "2: duplicate node id 'a'"
g notgexf.gexf '<graphml><graph/></graphml>'
expect_status "a .gexf holding GraphML is read as GraphML (sniffed)" 0 "$ERG" check "$TMP/notgexf.gexf"
expect_status "named gexf: exits 2" 2 "$ERG" --input-format gexf check "$TMP/notgexf.gexf"
expect_contains "named gexf: message" "$LAST_OUT" "$TMP/notgexf.gexf:1: not GEXF: the root element is <graphml>, not <gexf>"
broken entities.gexf '<?xml version="1.0"?>
<!DOCTYPE gexf [<!ENTITY a "aaaa">]>
<gexf><graph/></gexf>' "2: the DOCTYPE declares entities; erg refuses them (entity expansion can exhaust time and memory)"
broken empty.gexf '' "1: empty file (no <gexf> element)"

# all or nothing: a late error leaves nothing behind (convert writes no output)
g late.gexf '<gexf><graph><nodes><node id="a"/><node id="b"/></nodes>
<edges><edge id="e1" source="a" target="b"/><edge id="e2" source="a" target="nope"/></edges></graph></gexf>'
expect_status "late error exits 2" 2 "$ERG" convert "$TMP/late.gexf" "$TMP/late-out/"
expect_eq "late error: no output written" "$(ls "$TMP" | grep -c late-out)" 0

finish
