#!/usr/bin/env bash
# report.sh -- erg report: the page is one self-contained file (no network,
# strict JSON data, sigma.js and graphology inline), its static sections
# hold what they should, and in headless Chromium (tests/cli/
# report_browser.cjs, puppeteer-core) a person can search, click, filter by
# date and type, ask for paths, take an ego view and zoom, with no console
# errors, on the built-in graph and on names with quotes, '<', "</script>",
# RTL text and German, French and Turkish letters; the screenshots are not
# blank.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

expect_status "report" 0 "$ERG" -q report -o "$TMP/r.html" --pair microsoft:ice --pair guardian:dhs
html=$(cat "$TMP/r.html")
expect_contains "self-contained: no external scripts or styles" "$(grep -cE '<(script|link|img)[^>]+(src|href)=' "$TMP/r.html")" "0"
expect_contains "sigma.js inline" "$html" '<script>/* sigma.js 3.0.2 */'
expect_contains "graphology inline" "$html" '<script>/* graphology 0.26.0 */'
expect_contains "ForceAtlas2 inline" "$html" '<script>/* graphology-layout-forceatlas2 0.10.1 */'
expect_contains "pair section" "$html" '<section id="pairs">'
expect_contains "a path hop with evidence" "$html" 'class="hop">Microsoft <b>supplies</b> U.S. Immigration and Customs Enforcement<div class="ev">'
expect_contains "hop source named by title" "$html" '<div class="src">Source: '
expect_contains "central tables" "$html" '<table data-measure="pagerank">'
expect_contains "communities" "$html" '<section id="communities">'

# The data is strict JSON (Python's parser with NaN and Infinity refused)
# and says what the page shows.
data() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, re, sys
s = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<script type="application/json" id="erg-data">(.*?)</script>', s, re.S)
def bad(c): raise ValueError("non-strict JSON constant " + c)
d = json.loads(m.group(1), parse_constant=bad)
print(eval(sys.argv[2], {"d": d, "len": len, "sorted": sorted, "set": set}))
PY
}
expect_eq "data: entities" "$(data "$TMP/r.html" 'len(d["n"]["id"])')" "62"
expect_eq "data: relationships" "$(data "$TMP/r.html" 'len(d["r"]["a"])')" "72"
expect_eq "data: the pair for the path box" "$(data "$TMP/r.html" '[[d["n"]["id"][a], d["n"]["id"][b]] for a, b in d["pairs"]]')" \
  "[['microsoft', 'ice'], ['guardian', 'dhs']]"
expect_eq "data: a dated relationship" "$(data "$TMP/r.html" '[(d["r"]["ds"][j], d["r"]["de"][j]) for j, i in enumerate(d["r"]["id"]) if i == "r-ice-stores_data_in-azure-2025-07"]')" \
  "[('2025-07', '2025-07')]"
expect_eq "data: as_of is a date too" "$(data "$TMP/r.html" 'sorted(set(d["r"]["ds"]) - {None})')" "['2025-07', '2026-01']"
expect_eq "data: ICE's folded keys" "$(data "$TMP/r.html" 'd["n"]["f"][d["n"]["id"].index("ice")].split(chr(10))[:2]')" \
  "['us immigration and customs enforcement', 'ice']"
expect_eq "data: opens on everything" "$(data "$TMP/r.html" '(d["open"], d["top"], d["measure"], d["layout"])')" \
  "('auto', 2000, 'pagerank', 'fr')"

# Names that must survive HTML, JSON and the script element, and dates
# that give NaN nowhere: a float attribute holding nan and inf.
mkdir -p "$TMP/tricky"
cat >"$TMP/tricky/entities.csv" <<'CSV'
id,type,name,score:float
acme,company,"Acme ""Quoted"" & Sons",nan
lt,company,a < b </script><script>alert(1)</script>,inf
aramco,company,شركة النفط العربية,1.5
strasse,company,Straße Müller GmbH,
elodie,person,Élodie Œuvre,
istanbul,company,İstanbul Işık A.Ş.,
CSV
cat >"$TMP/tricky/relationships.csv" <<'CSV'
id,from,to,type,directed:bool,start:date,end:date,certainty,source:string[]
r1,acme,lt,owns,true,2020,2022-06,alleged,
r2,lt,aramco,supplies,true,,,,s1;s2
r3,aramco,strasse,"pays ""</script>""",false,2021-03-04,,reported,
r4,strasse,elodie,employs,true,,,,
r5,elodie,istanbul,knows,false,,,,
CSV
cat >"$TMP/tricky/sources.csv" <<'CSV'
id,title,url,score:float
s1,A <b>memo</b>,https://example.org/a?x=1&y=2,nan
s2,Bad link,javascript:alert(1),
CSV
expect_status "tricky report" 0 "$ERG" -q -g "$TMP/tricky" report -o "$TMP/t.html" --title 'T </script> "q"'
expect_eq "one </script> per script element" "$(grep -o "</script>" "$TMP/t.html" | wc -l)" "6"
expect_eq "strict JSON with nan and inf as null" "$(data "$TMP/t.html" '(d["n"]["a"]["score"][:3])')" "[None, None, 1.5]"
expect_eq "sources block: strict, NaN as null" "$(/usr/bin/python3 -c '
import json, re, sys
s = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<script type=\"application/json\" id=\"erg-sources\">(.*?)</script>", s, re.S)
print(json.loads(m.group(1), parse_constant=lambda c: 1 / 0)["s1"])' "$TMP/t.html")" \
  "{'title': 'A <b>memo</b>', 'url': 'https://example.org/a?x=1&y=2', 'score': None}"
expect_eq "open-ended interval" "$(data "$TMP/t.html" '(d["r"]["ds"][2], d["r"]["de"][2])')" "('2021-03-04', None)"
expect_contains "title escaped" "$(cat "$TMP/t.html")" '<title>T &lt;/script&gt; &quot;q&quot;</title>'

CHROME=$(command -v chromium || command -v chromium-browser || true)
PUPPETEER=$ROOT/build/npm-web-test/node_modules
if [ -z "$CHROME" ] || ! command -v node >/dev/null; then
  bad "chromium or node is not installed (make deps installs them)"
  finish
fi
if [ ! -d "$PUPPETEER/puppeteer-core" ]; then
  bad "puppeteer-core is not installed in build/npm-web-test (make deps installs it)"
  finish
fi
NODE_PATH=$PUPPETEER CHROME=$CHROME timeout 180 node "$ROOT/tests/cli/report_browser.cjs" \
  "$TMP/r.html" "$TMP/t.html" "$TMP" >"$TMP/browser.out" 2>&1
while IFS= read -r line; do
  case $line in
    "ok "*) ok "${line#ok }" ;;
    "not ok "*) bad "${line#not ok }" ;;
    *) echo "  $line" ;;
  esac
done <"$TMP/browser.out"
expect_eq "browser checks that ran" "$(grep -c '^ok \|^not ok ' "$TMP/browser.out")" "48"

blank() {
  /usr/bin/python3 - "$1" <<'PY'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
w, h = im.size
map_area = im.crop((300, 120, 1000, 900))
px = map_area.getdata()
non_white = sum(1 for p in px if sum(p) < 720)
colours = len(set(map_area.resize((200, 200)).getdata()))
# a white or single-colour map fails; the six-entity map covers about 1%
print("ok" if w == 1400 and non_white > 0.003 * len(px) and colours > 20 else f"blank? {w}x{h} {non_white} {colours}")
PY
}
expect_eq "screenshot of the map is not blank" "$(blank "$TMP/main.png")" "ok"
expect_eq "screenshot of the tricky map is not blank" "$(blank "$TMP/tricky.png")" "ok"

expect_status "unknown pair entity" 2 "$ERG" report -o "$TMP/x.html" --pair microsoft:nobody
expect_eq "unknown pair message" "$LAST_ERR" "erg: report: no entity 'nobody'"
expect_eq "no file on error" "$(ls "$TMP" | grep -c '^x.html')" "0"
expect_status "bad pair" 2 "$ERG" report -o "$TMP/x.html" --pair microsoft
expect_eq "bad pair message" "$LAST_ERR" "erg: report: --pair takes FROM:TO, e.g. --pair microsoft:ice"
expect_status "bad --open" 2 "$ERG" report -o "$TMP/x.html" --open some
expect_eq "bad --open message" "$LAST_ERR" "erg: report: --open takes auto, all, component or top"
expect_status "bad --by" 2 "$ERG" report -o "$TMP/x.html" --by fame
expect_eq "bad --by message" "$LAST_ERR" "erg: report: unknown measure 'fame' for --by"
expect_status "bad --top" 2 "$ERG" report -o "$TMP/x.html" --top 0
expect_eq "bad --top message" "$LAST_ERR" "erg: report: --top takes a number from 1 to 1000000"
expect_status "--open top" 0 "$ERG" -q report -o "$TMP/top.html" --open top --top 10 --by degree
expect_eq "data: open top 10 by degree" "$(data "$TMP/top.html" '(d["open"], d["top"], d["measure"])')" "('top', 10, 'degree')"

finish
