#!/usr/bin/env bash
# hostile.sh -- hostile input files and values through the erg program, a
# case of each class (see the README's Reliability section):
#  - inputs that are not regular files (FIFO, /dev/zero behind a symlink):
#    refused by name at once, never a hang or a memory blow-up;
#  - lone-CR line ends: problems reported at their real line;
#  - a DOCTYPE that declares entities, however disguised: refused by
#    libxml2's own parse of the prolog, quickly (timeout 10 bounds each run);
#  - NaN and infinities never written bare into JSON (checked by a strict
#    parser that refuses NaN/Infinity);
#  - text that is not UTF-8 refused at the door, naming what and the byte;
#  - a bad GraphML <default>: one message, at the key's line.
source "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
# strict_json NAME FILE: FILE parses as RFC 8259 JSON (no NaN, Infinity)
strict_json() {
  local err
  err=$("$PY" -c 'import json, sys
def bad(c): raise ValueError("bare " + c)
json.loads(open(sys.argv[1], "rb").read(), parse_constant=bad)' "$2" 2>&1) && ok || bad "$1" "$err"
}
# strict_lines NAME FILE: every line of FILE is strict JSON (FtM streams)
strict_lines() {
  local err
  err=$("$PY" -c 'import json, sys
def bad(c): raise ValueError("bare " + c)
for line in open(sys.argv[1], "rb"): json.loads(line, parse_constant=bad)' "$2" 2>&1) && ok || bad "$1" "$err"
}

# ---- inputs that are not regular files ------------------------------------------
mkdir -p "$TMP/fifo" "$TMP/zero"
mkfifo "$TMP/fifo/entities.csv"
expect_status "FIFO entities.csv: refused, not waited on" 2 timeout 10 "$ERG" check "$TMP/fifo"
expect_eq "FIFO entities.csv: message" "$LAST_OUT" "$TMP/fifo/entities.csv: not a regular file"
ln -s /dev/zero "$TMP/zero/entities.csv"
expect_status "/dev/zero entities.csv: refused" 2 timeout 10 "$ERG" check "$TMP/zero"
expect_eq "/dev/zero entities.csv: message" "$LAST_OUT" "$TMP/zero/entities.csv: not a regular file"
for f in g.graphml g.gexf g.json g.ftm.json g.cyjs; do
  mkfifo "$TMP/$f"
  expect_status "FIFO $f: refused" 2 timeout 10 "$ERG" check "$TMP/$f"
  expect_eq "FIFO $f: message" "$LAST_OUT" "$TMP/$f: not a regular file"
  ln -s /dev/zero "$TMP/zero-$f"
  expect_status "/dev/zero as $f: refused" 2 timeout 10 "$ERG" -g "$TMP/zero-$f" info
  expect_eq "/dev/zero as $f: message" "$LAST_ERR" "erg: $TMP/zero-$f: not a regular file"
done
for fmt in graphml gexf json ftm; do
  expect_status "--input-format $fmt, FIFO: refused by the reader" 2 timeout 10 "$ERG" --input-format "$fmt" check "$TMP/g.json"
  expect_eq "--input-format $fmt, FIFO: message" "$LAST_OUT" "$TMP/g.json: not a regular file"
done
mkfifo "$TMP/edges.csv"
expect_status "import of a FIFO: refused" 2 timeout 10 "$ERG" import "$TMP/edges.csv" -o "$TMP/imported"
expect_contains "import of a FIFO: message" "$LAST_ERR" "$TMP/edges.csv: not a regular file"
expect_eq "import of a FIFO: no output" "$(ls "$TMP" | grep -c imported)" "0"

# ---- lone CR line ends ---------------------------------------------------------------
mkdir -p "$TMP/cr"
printf 'id,type,name\ra,t,A\rb,t,"two\rlines"\ra,t,again\r' >"$TMP/cr/entities.csv"
expect_status "CR-only CSV: duplicate found" 2 "$ERG" check "$TMP/cr"
expect_eq "CR-only CSV: at its line" "$LAST_OUT" "$TMP/cr/entities.csv:5:1: duplicate entity id 'a'"
printf 'from\tto\rx\ty\rz\r' >"$TMP/cr-edges.tsv"
expect_status "CR-only table: short row" 2 "$ERG" import "$TMP/cr-edges.tsv" -o "$TMP/cr-out"
expect_contains "CR-only table: at its line" "$LAST_ERR" "$TMP/cr-edges.tsv:3:2: wrong number of fields: expected 2, found 1"
printf '{"id": "p1", "schema": "Person", "properties": {"name": ["A"]}}\r{"id": "p2", "schema": "Person", "properties": {"name": ["B"]}}\r{"id": "p3", "schema": "Person", "properties": {"name": 7}}\r' >"$TMP/cr.ftm.json"
expect_status "CR-only FtM: bad property" 2 "$ERG" check "$TMP/cr.ftm.json"
expect_contains "CR-only FtM: at its line" "$LAST_OUT" "$TMP/cr.ftm.json:3:"

# ---- DOCTYPE entities, disguised -------------------------------------------------------
REFUSED="the DOCTYPE declares entities; erg refuses them (entity expansion can exhaust time and memory)"
BODY='<graphml><graph><node id="a"/></graph></graphml>'
doctype() { # doctype NAME FILE WANTED-LINE:COL
  expect_status "DOCTYPE $1: refused" 2 timeout 10 "$ERG" check "$2"
  expect_eq "DOCTYPE $1: message" "$LAST_OUT" "$2:$3: $REFUSED"
}
printf '<?xml version="1.0"?>\n<!DOCTYPE graphml [\n<!-- ] -->\n<!ENTITY a "x">\n]>\n%s\n' "$BODY" >"$TMP/d-comment.graphml"
doctype "] in a comment" "$TMP/d-comment.graphml" 4:1
"$PY" - "$TMP/d-long.graphml" "$BODY" <<'EOF'
import sys
open(sys.argv[1], "w").write('<?xml version="1.0"?>\n<!--' + "x" * 70000 + '-->\n<!DOCTYPE graphml [\n<!ENTITY a "x">\n]>\n' + sys.argv[2] + "\n")
EOF
doctype "after a 70 KB comment" "$TMP/d-long.graphml" 4:1
"$PY" - "$TMP/d-utf16.graphml" "$BODY" <<'EOF'
import sys
open(sys.argv[1], "wb").write(('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE graphml [\n<!ENTITY a "x">\n]>\n' + sys.argv[2] + "\n").encode("utf-16"))
EOF
doctype "UTF-16" "$TMP/d-utf16.graphml" 3:1
printf '<?xml version="1.0"?>\n<!DOCTYPE graphml SYSTEM "a>b" [\n<!ENTITY a "x">\n]>\n%s\n' "$BODY" >"$TMP/d-system.graphml"
doctype 'SYSTEM "a>b"' "$TMP/d-system.graphml" 3:1
printf '<?xml version="1.0"?>\n<!DOCTYPE graphml [\n<!ATTLIST node x CDATA "]">\n<!ENTITY a "x">\n]>\n%s\n' "$BODY" >"$TMP/d-attlist.graphml"
doctype "ATTLIST value holding ]" "$TMP/d-attlist.graphml" 4:1
printf '<!DOCTYPE graphml [<!ENTITY %% p "<!ENTITY q \x27x\x27>"> %%p;]>\n%s\n' "$BODY" >"$TMP/d-param.graphml"
doctype "parameter entity" "$TMP/d-param.graphml" 1:1
# the classic repetition bomb, 160 KB of references behind a disguised DOCTYPE
"$PY" - "$TMP/d-bomb.graphml" <<'EOF'
import sys
ents = '<!ENTITY a "' + "a" * 64 + '">\n' + "".join(
    '<!ENTITY %s "%s">\n' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 16) for i in range(6))
refs = "&g;" * 54000
open(sys.argv[1], "w").write('<?xml version="1.0"?>\n<!DOCTYPE graphml [\n<!-- ] > -->\n' + ents +
    ']>\n<graphml><graph><node id="' + refs + '"/></graph></graphml>\n')
EOF
doctype "160 KB entity repetition" "$TMP/d-bomb.graphml" 4:1
cp "$TMP/d-comment.graphml" "$TMP/d-comment.gexf"
sed -i 's/graphml/gexf/g' "$TMP/d-comment.gexf"
doctype "GEXF, ] in a comment" "$TMP/d-comment.gexf" 4
# the same words where they declare nothing are read
printf '<?xml version="1.0"?>\n<!-- <!DOCTYPE x [<!ENTITY a "b">]> -->\n<!DOCTYPE graphml SYSTEM "<!ENTITY" [\n<!ATTLIST node x CDATA "]>">\n]>\n%s\n' "$BODY" >"$TMP/d-fine.graphml"
expect_status "no declaration, only the words: read" 0 timeout 10 "$ERG" check "$TMP/d-fine.graphml"
expect_eq "no declaration: counts" "$LAST_OUT" "$TMP/d-fine.graphml: ok (1 entities, 0 relationships, 0 sources)"

# ---- NaN and infinities never bare in JSON ------------------------------------------------
mkdir -p "$TMP/nf" "$TMP/lone"
printf 'id,type,name,x:float\na,t,Alpha,nan\nb,t,Beta,inf\nc,t,Gamma,-inf\n' >"$TMP/nf/entities.csv"
printf 'from,to,type,w:float,y:float[]\na,b,r,1.7e308,nan;1\nb,c,r,1.7e308,-inf\n' >"$TMP/nf/relationships.csv"
printf 'id,type,name\nacme,t,Acme Corp\nacme2,t,ACME Corp.\n' >"$TMP/lone/entities.csv"
expect_status "rank json" 0 "$ERG" -g "$TMP/nf" rank --by strength --weight w --format json
printf '%s' "$LAST_OUT" >"$TMP/rank.json"; strict_json "rank json: strict" "$TMP/rank.json"
expect_contains "rank json: an infinite score is null" "$LAST_OUT" '"id": "b", "name": "Beta", "type": "t", "score": null}'
expect_status "closeness json" 0 "$ERG" -g "$TMP/nf" rank --by closeness --weight w --format json
printf '%s' "$LAST_OUT" >"$TMP/close.json"; strict_json "closeness json: strict" "$TMP/close.json"
expect_status "path json" 0 "$ERG" -g "$TMP/nf" path a c --weight w --format json
printf '%s' "$LAST_OUT" >"$TMP/path.json"; strict_json "path json: strict" "$TMP/path.json"
expect_contains "path json: an infinite length is null" "$LAST_OUT" '{"length": null, "weakest_hop": '
expect_status "communities json" 0 "$ERG" -g "$TMP/lone" communities --format json
printf '%s' "$LAST_OUT" >"$TMP/comm.json"; strict_json "communities json: strict" "$TMP/comm.json"
expect_contains "communities json: modularity of no relationships is null" "$LAST_OUT" '"modularity": null'
for cmd in "info" "find Alpha" "dedupe"; do
  # shellcheck disable=SC2086
  expect_status "$cmd json" 0 "$ERG" -g "$TMP/nf" $cmd --format json
  printf '%s' "$LAST_OUT" >"$TMP/cmd.json"; strict_json "$cmd json: strict" "$TMP/cmd.json"
done
for fmt in json cytoscape; do
  expect_status "export $fmt" 0 "$ERG" -g "$TMP/nf" export --format "$fmt" -o "$TMP/nf.$fmt"
  strict_json "export $fmt: strict" "$TMP/nf.$fmt"
done
expect_status "export ftm" 0 "$ERG" -g "$TMP/nf" export --format ftm -o "$TMP/nf.ftm.json"
strict_lines "export ftm: strict" "$TMP/nf.ftm.json"
expect_status "report" 0 "$ERG" -g "$TMP/nf" report -o "$TMP/nf.html"
err=$("$PY" - "$TMP/nf.html" <<'EOF' 2>&1
import json, re, sys
def bad(c): raise ValueError("bare " + c)
s = open(sys.argv[1]).read()
blocks = re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', s, re.S)
assert len(blocks) == 2, len(blocks)
for b in blocks: json.loads(b, parse_constant=bad)
EOF
) && ok || bad "report: embedded data is strict JSON" "$err"

# ---- text that is not UTF-8 ------------------------------------------------------------------
printf 'local erg = require("erg")\nlocal g = erg.new()\nprint(select(2, pcall(g.meta, g, "title", "caf\\xc3")))\nprint(select(2, pcall(g.add_entity, g, {id = "x\\xff", type = "t"})))\nlocal e = g:add_entity{id = "e", type = "t"}\nprint(select(2, pcall(e.set, e, "note", "a\\xed\\xa0\\x80")))\n' >"$TMP/utf8.lua"
expect_status "Lua: invalid UTF-8 raises" 0 "$ERG" run "$TMP/utf8.lua"
expect_eq "Lua: what and where" "$LAST_OUT" "metadata value is not valid UTF-8 (byte 4, 0xC3)
entity id is not valid UTF-8 (byte 2, 0xFF)
attribute 'note': string is not valid UTF-8 (byte 2, 0xED)"
mkdir -p "$TMP/u8"
printf 'id,type,name\na,t,Caf\xc3\n' >"$TMP/u8/entities.csv"
expect_status "CSV: invalid UTF-8 refused" 2 "$ERG" check "$TMP/u8"
expect_eq "CSV: where" "$LAST_OUT" "$TMP/u8/entities.csv:2:3: invalid UTF-8 (byte 4 of the field)"
printf '{"directed": true, "graph": {"name": "caf\\udce9"}, "nodes": [], "links": []}\n' >"$TMP/u8.json"
expect_status "node-link JSON: a lone surrogate refused" 2 "$ERG" check "$TMP/u8.json"
expect_contains "node-link JSON: where" "$LAST_OUT" "$TMP/u8.json:1:"

# ---- a bad GraphML <default>: once, at its key ------------------------------------------------
{
  printf '<graphml>\n<key id="k" for="node" attr.name="n" attr.type="int">\n  <default>12x</default>\n</key>\n<graph>\n'
  for i in $(seq 50); do printf '<node id="n%d"/>\n' "$i"; done
  printf '</graph></graphml>\n'
} >"$TMP/default.graphml"
expect_status "bad default" 2 "$ERG" check "$TMP/default.graphml"
expect_eq "bad default: once, at the key" "$LAST_OUT" "$TMP/default.graphml:2: key 'k': '12x' is not a valid integer"

finish
