# import.sh -- erg import (spreadsheets and edge lists into a CSV graph
# directory), its Lua mappings (the examples/littlesis_mapping.lua example,
# output checked file by file) and erg.csv.rows / erg.csv.columns.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
D=$ROOT/tests/data/import
cd "$TMP"

# ---- a two-column edge list with a header (source,target,weight) -----------------
expect_status "edges.csv" 0 "$ERG" import "$D/edges.csv" -o edges
expect_eq "edges.csv: summary" "$LAST_ERR" "erg: wrote edges (4 entities, 5 relationships, 0 sources)"
expect_eq "edges.csv: entities" "$(cat edges/entities.csv)" "id,type,name
alice,entity,alice
bob,entity,bob
carol,entity,carol
dave,entity,dave"
expect_eq "edges.csv: relationships (weight inferred int)" "$(cat edges/relationships.csv)" "id,from,to,type,weight:int
r1,alice,bob,related_to,3
r2,bob,carol,related_to,1
r3,carol,alice,related_to,2
r4,alice,dave,related_to,1
r5,alice,bob,related_to,5"
expect_status "edges.csv: erg check" 0 "$ERG" check edges
expect_status "edges.csv --undirected --rel-type --col weight:float" 0 "$ERG" import "$D/edges.csv" \
  --undirected --rel-type knows --col weight:float -o edges2
expect_eq "edges.csv undirected: relationships" "$(head -3 edges2/relationships.csv)" "id,from,to,type,directed:bool,weight:float
r1,alice,bob,knows,false,3.0
r2,bob,carol,knows,false,1.0"
expect_status "edges.csv --from 2 --to 1 --skip weight" 0 "$ERG" import "$D/edges.csv" --from 2 --to source --skip weight -o rev
expect_eq "edges.csv reversed: relationships" "$(head -2 rev/relationships.csv)" "id,from,to,type
r1,bob,alice,related_to"

# ---- SNAP-style: space-separated, no header, CRLF, # comments --------------------
expect_status "wiki-vote-sample.txt" 0 "$ERG" import "$D/wiki-vote-sample.txt" --no-header --rel-type votes_on -o wv
expect_eq "wiki-vote: summary" "$LAST_ERR" "erg: wrote wv (8 entities, 9 relationships, 0 sources)"
expect_eq "wiki-vote: entity ids" "$(cut -d, -f1 wv/entities.csv | tr '\n' ' ')" "id 30 1412 3352 5254 3 28 39 25 "
expect_eq "wiki-vote: last relationships" "$(tail -2 wv/relationships.csv)" "r8,28,3,votes_on
r9,1412,30,votes_on"
expect_status "wiki-vote: with --sep space" 0 "$ERG" import "$D/wiki-vote-sample.txt" --no-header --sep space -o wv2
expect_eq "wiki-vote: same relationships" "$(cut -d, -f2,3 wv2/relationships.csv)" "$(cut -d, -f2,3 wv/relationships.csv)"

# ---- a TSV with quoted fields, an id column, and an entities table -----------------
expect_status "contracts.tsv + orgs.csv" 0 "$ERG" import "$D/contracts.tsv" --entities "$D/orgs.csv" -o contracts
expect_eq "contracts: summary" "$LAST_ERR" "erg: wrote contracts (5 entities, 3 relationships, 0 sources)"
expect_eq "contracts: entities" "$(cat contracts/entities.csv)" "id,type,name,founded:date,employees:int
microsoft,company,Microsoft,1975-04-04,221000
palantir,company,Palantir Technologies,2003-05,3735
dhs,government_body,U.S. Department of Homeland Security,2002-11-25,
ice,government_body,U.S. Immigration and Customs Enforcement,2003-03-01,20000
geo,entity,geo,,"
expect_eq "contracts: relationships" "$(cat contracts/relationships.csv)" 'id,from,to,type,amount_usd:float,awarded:date,competitive:bool,note
c1,dhs,microsoft,contracts_with,1250000.5,2024-09-30,true,"Azure, cloud"
c2,ice,palantir,contracts_with,95900000.0,2022-09,false,
c3,ice,geo,contracts_with,12.0,2021-01-15,true,"two
lines"'
expect_status "contracts: names and types through erg" 0 "$ERG" -g contracts eval \
  'local r = graph:relationship("c3"); return r.from.name .. "|" .. r.to.type .. "|" .. math.type(r:get("amount_usd"))'
expect_eq "contracts: eval" "$LAST_OUT" "U.S. Immigration and Customs Enforcement|entity|float"

# ---- a semicolon file with a BOM and CRLF (Excel in a comma-decimal locale) ----------
expect_status "donations_semicolon.csv" 0 "$ERG" import "$D/donations_semicolon.csv" --rel-type donated_to -o don
expect_eq "donations: relationships (zip keeps its zeros)" "$(tr -d '\r' < don/relationships.csv)" "id,from,to,type,amount:float,year:int,zip
r1,Acme Corp,Senate Fund,donated_to,5000.0,2024,02139
r2,Acme Corp,House Fund,donated_to,2500.5,2023,02139
r3,Jane Roe,Senate Fund,donated_to,100.0,2024,10001"
expect_eq "donations: first entity (BOM skipped)" "$(sed -n 2p don/entities.csv)" "Acme Corp,entity,Acme Corp"
expect_status "donations: --col year:string --col zip:int" 0 "$ERG" import "$D/donations_semicolon.csv" \
  --col year:string --col zip:int -o don2
expect_eq "donations: overridden types" "$(sed -n '1,2p' don2/relationships.csv)" "id,from,to,type,amount:float,year,zip:int
r1,Acme Corp,Senate Fund,related_to,5000.0,2024,2139"

# ---- a lone CR as line end ---------------------------------------------------------
printf 'a,b\rx,y\rz,w\r' > cr.csv
expect_status "lone CR" 0 "$ERG" import cr.csv -o cr
expect_eq "lone CR: relationships" "$(cat cr/relationships.csv)" "id,from,to,type
r1,x,y,related_to
r2,z,w,related_to"

# ---- a mapping: people and organisations, several a row (examples/) ---------------------
expect_status "littlesis example" 0 "$ERG" import "$ROOT/examples/data/littlesis_sample.csv" \
  --mapping "$ROOT/examples/littlesis_mapping.lua" -o ls
expect_eq "littlesis: summary" "$LAST_ERR" "erg: wrote ls (10 entities, 8 relationships, 5 sources)"
for f in entities relationships sources; do
  expect_eq "littlesis: $f.csv" "$(cat ls/$f.csv)" "$(cat "$D/expected/littlesis/$f.csv")"
done
expect_status "littlesis: erg check" 0 "$ERG" check ls
expect_eq "littlesis: check" "$LAST_OUT" "ls: ok (10 entities, 8 relationships, 5 sources)"
expect_status "littlesis: who led ICE" 0 "$ERG" -g ls eval \
  'local t = {} for r in graph:entity("ICE-x") and {} or graph:entity("u-s-immigration-and-customs-enforcement"):in_("leads") do t[#t+1] = r.from.name .. " " .. tostring(r:get("since")) end return table.concat(t, "; ")'
expect_eq "littlesis: leads" "$LAST_OUT" "Matthew Albence 2019-04; Todd Lyons 2025-03; Tom Homan 2017-01"

# ---- errors: FILE:LINE:COL, exit 2, nothing written ----------------------------------------
err_case() { # NAME EXPECTED-STDERR ARGS...
  local name=$1 want=$2; shift 2
  rm -rf never
  expect_status "$name: exit 2" 2 "$ERG" import "$@" -o never
  expect_eq "$name: message" "$LAST_ERR" "$want"
  [ ! -e never ] && ok || bad "$name: nothing written"
}
printf 'a,b\nx,"y\nz,w\n' > unterminated.csv
err_case "unterminated quote" "unterminated.csv:2:2: unterminated quoted field (opened here, never closed)" unterminated.csv
printf 'a,b,c\nx,y,1\nz,w\n' > short.csv
err_case "short row" "short.csv:3:3: wrong number of fields: expected 3, found 2" short.csv
printf 'a,b,c\nx,y,1\nz,w,lots\n' > bad.csv
err_case "bad value for --col" "bad.csv:3:3: bad int 'lots'" bad.csv --col c:int
printf 'a,b\nx,\n' > empty.csv
err_case "empty endpoint" "empty.csv:2:2: empty entity id in the to column" empty.csv
printf 'a,b\nx,y"q\n' > q.csv
err_case "stray quote" "q.csv:2:2: quote inside an unquoted field (quote the whole field and double the quote)" q.csv
printf 'a,b\nx,\377\n' > u.csv
err_case "invalid UTF-8" "u.csv:2:2: invalid UTF-8 (byte 1 of the field)" u.csv
printf 'id,from,to\nr1,x,y\nr1,y,x\n' > dup.csv
err_case "duplicate id" "dup.csv:3:1: duplicate relationship id 'r1'" dup.csv
printf 'from,to,type\nx,y,\n' > t.csv
err_case "empty type" "t.csv:2:3: empty relationship type" t.csv
printf 'from,to,directed\nx,y,1\n' > res.csv
err_case "reserved column" "res.csv:1:3: column 'directed' would be an attribute, but 'directed' is a field of every relationship (name it with the matching option, or --skip directed)" res.csv
printf 'a\nx\n' > one.csv
err_case "one column" "erg: import: one.csv: one column only, but a relationship needs two (from and to); the separator found was ',' (give it with --sep)" one.csv
err_case "unknown column" "erg: import: --from nope: $D/edges.csv has no column 'nope' (columns: source, target, weight)" "$D/edges.csv" --from nope
err_case "unused --col" "erg: import: --col amount: no file has a column 'amount'" "$D/edges.csv" --col amount:float
err_case "bad --col" "erg: import: --col wants COLUMN:TYPE with TYPE string, int, float, bool or date, not 'weight:money'" "$D/edges.csv" --col weight:money
err_case "missing file" "erg: import: nope.csv: No such file or directory" nope.csv
printf 'id,name\nacme,Acme\nacme,Acme again\n' > ents.csv
err_case "duplicate entity" "ents.csv:3:1: duplicate entity id 'acme'" "$D/edges.csv" --entities ents.csv
expect_status "no -o" 2 "$ERG" import "$D/edges.csv"
expect_eq "no -o: message" "$LAST_ERR" "erg: import: needs -o DIR (the CSV graph directory to write)"
# the previous output directory is kept as it was when an import fails
expect_status "failed import over an existing graph" 2 "$ERG" import short.csv -o edges
expect_eq "existing graph intact" "$(sed -n 2p edges/relationships.csv)" "r1,alice,bob,related_to,3"

# mappings
LS=$ROOT/examples/data/littlesis_sample.csv
printf 'return {entities = {p = {type = "person", name = "nobody"}}}\n' > m1.lua
err_case "mapping: unknown column" "m1.lua: entity 'p': $LS has no column 'nobody' (columns: person, title, agency, agency_type, start_date, end_date, previous_employer, previous_role, source_url)" "$LS" --mapping m1.lua
printf 'return {entities = {p = {type = "person", name = "person", colour = 1}}}\n' > m2.lua
err_case "mapping: unknown key" "m2.lua: entity 'p': unknown key 'colour' (aliases, attributes, id, name, source, type, when)" "$LS" --mapping m2.lua
printf 'return {entities = {p = {type = "person", name = "person"}}, relationships = {{from = "p", to = "b", type = "x"}}}\n' > m3.lua
err_case "mapping: unknown entity" "m3.lua: relationship 1: to names no entity of the mapping ('b')" "$LS" --mapping m3.lua
printf 'return {entities = {p = {type = "person", name = "person"}, q = {type = "org", name = "person"}}}\n' > m5.lua
err_case "mapping: type clash" "$LS:2: entity 'q': entity 'Tom Homan' has type org here but person on line 2" "$LS" --mapping m5.lua
printf 'return {entities = {p = {type = "person", name = "person", attributes = {n = function(r) return print end}}}}\n' > m8.lua
err_case "mapping: bad attribute value" "$LS:2: entity 'p': attribute 'n': a function has no erg type" "$LS" --mapping m8.lua
printf 'return {entities = {p = {type = "person", name = "person"}}\n' > m7.lua
err_case "mapping: syntax error" "m7.lua:2: '}' expected (to close '{' at line 1) near <eof>" "$LS" --mapping m7.lua
printf 'return {entities = {p = {type = "t", name = "a"}}}\n' > m9.lua
err_case "mapping: bad data" "unterminated.csv:2:2: unterminated quoted field (opened here, never closed)" unterminated.csv --mapping m9.lua
printf 'return {entities = {p = {type = "person", name = function(r) return r.nope.x end}}}\n' > m6.lua
expect_status "mapping: error in a mapping function" 1 "$ERG" import "$LS" --mapping m6.lua -o never
expect_eq "mapping: error in a mapping function: message" "$LAST_ERR" "erg: import: m6.lua:1: attempt to index a nil value (field 'nope')"

# ---- erg.csv.rows and erg.csv.columns ---------------------------------------------------
expect_status "erg.csv.rows, typed" 0 "$ERG" eval "local t = {} for row, line in erg.csv.rows('$D/contracts.tsv', {types = true}) do
  t[#t+1] = line .. ':' .. row.id .. ':' .. math.type(row.amount_usd) .. ':' .. tostring(row.awarded) .. ':' .. tostring(row.competitive) .. ':' .. tostring(row.note) end
  return table.concat(t, ' ')"
expect_eq "erg.csv.rows, typed: rows" "$LAST_OUT" "2:c1:float:2024-09-30:true:Azure, cloud 3:c2:float:2022-09:false:nil 4:c3:float:2021-01-15:true:two
lines"
expect_status "erg.csv.rows, strings, no header" 0 "$ERG" eval "local t = {} for row in erg.csv.rows('$D/wiki-vote-sample.txt', {header = false}) do t[#t+1] = row[1] .. '>' .. row[2] end return #t .. ' ' .. t[1] .. ' ' .. type(t[1])"
expect_eq "erg.csv.rows, no header" "$LAST_OUT" "9 30>1412 string"
expect_status "erg.csv.rows, types table" 0 "$ERG" eval "local it, rd = erg.csv.rows('$D/donations_semicolon.csv', {types = {zip = 'int'}}) local r = it(rd) return math.type(r.zip) .. ' ' .. r.zip .. ' ' .. math.type(r.year)"
expect_eq "erg.csv.rows, types table: values" "$LAST_OUT" "integer 2139 integer"
expect_status "erg.csv.columns" 0 "$ERG" eval "local c, sep = erg.csv.columns('$D/donations_semicolon.csv') return table.concat(c, '|') .. ' [' .. sep .. ']'"
expect_eq "erg.csv.columns: names, separator" "$LAST_OUT" "donor|recipient|amount|year|zip [;]"
expect_status "erg.csv.rows: bad value" 1 "$ERG" eval "for r in erg.csv.rows('bad.csv', {types = {c = 'int'}}) do end"
expect_contains "erg.csv.rows: bad value message" "$LAST_ERR" "bad.csv:3:3: bad int 'lots'"
expect_status "erg.csv.rows: unknown option" 1 "$ERG" eval "erg.csv.rows('bad.csv', {seperator = ';'})"
expect_contains "erg.csv.rows: unknown option message" "$LAST_ERR" "erg.csv: unknown option 'seperator' (sep, header, comment, types, progress)"
# the sandbox: only inside --out, and the work is charged
mkdir -p sb && cp "$D/edges.csv" sb/
printf 'local n = 0 for r in erg.csv.rows("edges.csv") do n = n + 1 end print(n)\n' > sb_ok.lua
expect_status "sandbox: inside --out" 0 "$ERG" run --sandbox --out sb sb_ok.lua
expect_eq "sandbox: rows read" "$LAST_OUT" "5"
printf 'for r in erg.csv.rows("%s") do end\n' "$D/edges.csv" > sb_out.lua
expect_status "sandbox: outside --out refused" 3 "$ERG" run --sandbox --out sb sb_out.lua
printf 'for i = 1, 1e9 do for r in erg.csv.rows("edges.csv") do end end\n' > sb_steps.lua
expect_status "sandbox: steps charged" 3 "$ERG" run --sandbox --out sb --max-steps 20000 sb_steps.lua
expect_contains "sandbox: step limit message" "$LAST_ERR" "step"

finish
