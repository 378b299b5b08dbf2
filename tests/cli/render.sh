#!/usr/bin/env bash
# render.sh -- erg render: a well-formed SVG with one circle per entity, an
# arrowhead per directed relationship, a legend, labels that do not
# overlap, and the same bytes for the same seed.
source "$(dirname "$0")/lib.sh"

expect_status "render" 0 "$ERG" -q render -o "$TMP/a.svg" --seed 7
expect_status "render again, same seed" 0 "$ERG" -q render -o "$TMP/b.svg" --seed 7
expect_status "render, other seed" 0 "$ERG" -q render -o "$TMP/c.svg" --seed 8
cmp -s "$TMP/a.svg" "$TMP/b.svg" && ok || bad "same seed, different picture"
cmp -s "$TMP/a.svg" "$TMP/c.svg" && bad "other seed, same picture" || ok
expect_status "well-formed XML" 0 xmllint --noout "$TMP/a.svg"

counts=$(/usr/bin/python3 - "$TMP/a.svg" "$ERG_GRAPH" <<'PY'
import csv, re, sys, xml.etree.ElementTree as ET
svg = ET.parse(sys.argv[1]).getroot()
ns = {"s": "http://www.w3.org/2000/svg"}
nodes = svg.findall(".//s:g[@class='node']", ns)
edges = svg.findall(".//s:g[@class='edge']", ns)
arrows = [p for p in svg.iter("{http://www.w3.org/2000/svg}path") if p.get("marker-end")]
ents = list(csv.DictReader(open(sys.argv[2] + "/entities.csv", encoding="utf-8")))
rels = list(csv.DictReader(open(sys.argv[2] + "/relationships.csv", encoding="utf-8")))
directed = sum(1 for r in rels if r.get("directed:bool", "true") != "false" and r["from"] != r["to"])
legend = svg.findall(".//s:g[@class='legend']/s:text", ns)
types = {e["type"] for e in ents}
# labels: estimated boxes (the renderer's own estimate) must not overlap
boxes = []
for t in svg.findall(".//s:text[@class='label']", ns):
    x, y, fs = float(t.get("x")), float(t.get("y")), float(t.get("font-size"))
    w = 0.56 * fs * len(t.text)
    boxes.append((x, y - fs * 0.82, x + w, y + fs * 0.28))
over = sum(1 for i, a in enumerate(boxes) for b in boxes[i + 1:]
           if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
print(len(nodes) == len(ents), len(edges) == len(rels), len(arrows) == directed,
      len(legend) - 1 == min(len(types), 12), len(boxes) > 40, over)
PY
)
expect_eq "one circle per entity, one line per relationship, an arrow per directed one, a legend entry per type, labels, none overlapping" "$counts" "True True True True True 0"

expect_status "only companies" 0 "$ERG" -q render -o "$TMP/co.svg" --types company --labels none
n=$(grep -c '<g class="node"' "$TMP/co.svg")
want=$(grep -c ',company,' "$ERG_GRAPH/entities.csv")
expect_eq "--types company draws the companies" "$n" "$want"
expect_eq "--labels none" "$(grep -c 'class="label"' "$TMP/co.svg")" "0"
expect_status "--labels top5" 0 "$ERG" -q render -o "$TMP/t5.svg" --labels top5
expect_eq "--labels top5 labels five" "$(grep -o 'class="label"' "$TMP/t5.svg" | wc -l)" "5"
expect_status "--color-by" 0 "$ERG" -q render -o "$TMP/cb.svg" --color-by certainty
expect_contains "legend names the attribute" "$(cat "$TMP/cb.svg")" 'font-weight="bold" fill="#333">certainty</text>'
for layout in kk drl circle; do
  expect_status "layout $layout" 0 "$ERG" -q render -o "$TMP/$layout.svg" --layout $layout
done
expect_status "unknown layout" 2 "$ERG" render -o "$TMP/x.svg" --layout spiral
expect_eq "unknown layout message" "$LAST_ERR" "erg: unknown layout 'spiral' (fr, kk, drl or circle)"
expect_eq "no file on error" "$(ls "$TMP" | grep -c '^x.svg')" "0"
expect_status "unknown measure" 2 "$ERG" render -o "$TMP/x.svg" --size-by fame
expect_eq "unknown measure message" "$LAST_ERR" "erg: render: unknown measure 'fame' for --size-by"
expect_status "render needs -o" 2 "$ERG" render

finish
