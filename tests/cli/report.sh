#!/usr/bin/env bash
# report.sh -- erg report, opened in headless Chromium: the script runs
# (data-ready), the entity count is right, the panel fills on a click, the
# page needs no network, and the screenshot is not blank.
source "$(dirname "$0")/lib.sh"

expect_status "report" 0 "$ERG" -q report -o "$TMP/r.html" --pair microsoft:ice --pair guardian:dhs
html=$(cat "$TMP/r.html")
n=$("$ERG" info --format json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["entities"])')
expect_contains "self-contained: no external scripts or styles" "$(grep -cE '<(script|link|img)[^>]+(src|href)=' "$TMP/r.html")" "0"
expect_contains "pair section" "$html" '<section id="pairs">'
expect_contains "a path hop with evidence" "$html" 'class="hop">Microsoft <b>supplies</b> U.S. Immigration and Customs Enforcement<div class="ev">'
expect_contains "hop source named by title" "$html" '<div class="src">Source: '
expect_contains "central tables" "$html" '<table data-measure="pagerank">'
expect_contains "communities" "$html" '<section id="communities">'

CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
  bad "chromium is not installed (make deps installs it)"
  finish
fi
run_chrome() {
  "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$TMP/profile" \
    --virtual-time-budget=5000 --window-size=1400,1000 "$@" 2>/dev/null
}
# A click on ICE's circle, then the DOM: a second copy of the page whose
# script clicks once it is ready.
sed 's|</body></html>|<script>document.querySelector("#drawing g.node[data-id=\\"ice\\"]").dispatchEvent(new MouseEvent("click",{bubbles:true}));</script></body></html>|' \
  "$TMP/r.html" >"$TMP/click.html"
run_chrome --dump-dom "file://$TMP/r.html" >"$TMP/dom.html"
run_chrome --dump-dom "file://$TMP/click.html" >"$TMP/dom-click.html"
expect_contains "script ran" "$(head -c 400 "$TMP/dom.html")" '<html lang="en" data-ready="true">'
expect_contains "entity count" "$(cat "$TMP/dom.html")" "<span id=\"entity-count\">$n</span>"
expect_contains "panel shows the clicked entity" "$(cat "$TMP/dom-click.html")" 'data-entity="ice"><h2>U.S. Immigration and Customs Enforcement</h2>'
expect_contains "panel lists its relationships" "$(cat "$TMP/dom-click.html")" '18 relationships</h3>'
run_chrome --screenshot="$TMP/s.png" "file://$TMP/r.html" >/dev/null
verdict=$(/usr/bin/python3 - "$TMP/s.png" <<'PY'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
w, h = im.size
px = im.getdata()
non_white = sum(1 for p in px if sum(p) < 720)
colours = len(set(im.resize((200, 140)).getdata()))
print("ok" if w >= 1000 and non_white > 0.03 * w * h and colours > 20 else f"blank? {w}x{h} {non_white} {colours}")
PY
)
expect_eq "screenshot is not blank" "$verdict" "ok"

expect_status "unknown pair entity" 2 "$ERG" report -o "$TMP/x.html" --pair microsoft:nobody
expect_eq "unknown pair message" "$LAST_ERR" "erg: report: no entity 'nobody'"
expect_eq "no file on error" "$(ls "$TMP" | grep -c '^x.html')" "0"
expect_status "bad pair" 2 "$ERG" report -o "$TMP/x.html" --pair microsoft
expect_eq "bad pair message" "$LAST_ERR" "erg: report: --pair takes FROM:TO, e.g. --pair microsoft:ice"

finish
