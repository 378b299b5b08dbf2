#!/usr/bin/env bash
# ftm.sh -- FollowTheMoney entity streams: the files in tests/data/ftm/
# (OpenSanctions' shape) read with their exact counts, names, types and
# attributes; broken lines refused with FILE:LINE:COL and the reason; the
# round trips FtM -> erg -> FtM (same entities as parsed JSON) and
# erg -> FtM -> erg (same graph); erg.load from Lua.
source "$(dirname "$0")/lib.sh"

D="$(cd "$(dirname "$0")/../data/ftm" && pwd)"
PY=/usr/bin/python3

counts() { "$ERG" -g "$1" info --format json | $PY -c 'import json,sys; d=json.load(sys.stdin); print(d["entities"], d["relationships"], d["sources"], sorted(d["entity_types"].items()), sorted(d["relationship_types"].items()))'; }
ev() { local f=$1; shift; "$ERG" -g "$f" eval "$@" 2>&1; }

# ---- reading -------------------------------------------------------------------
expect_eq "pep counts" "$(counts "$D/pep.ftm.json")" \
  "4 3 0 [('address', 1), ('person', 2), ('position', 1)] [('address_entity', 1), ('family', 1), ('occupancy', 1)]"
expect_eq "company counts (two owners: two relationships)" "$(counts "$D/company.ftm.json")" \
  "4 5 0 [('company', 2), ('person', 2)] [('directorship', 1), ('ownership', 3), ('parent', 1)]"
expect_eq "donation counts" "$(counts "$D/donations.ftm.json")" \
  "4 3 0 [('company', 1), ('organization', 2), ('person', 1)] [('payment', 3)]"

expect_eq "PEP: name, type, aliases from other names, weakAlias, alias; first date; provenance" \
  "$(ev "$D/pep.ftm.json" 'local e = graph:entity("Q1001"); return e.name, e.type, table.concat(e.aliases, "|"), tostring(e:get("birthDate")), tostring(e:get("birthDate_more")[1]), e:get("schema"), table.concat(e:get("datasets"), ","), table.concat(e:get("country"), ","), e:get("target"), e:get("first_seen"), table.concat(e:get("name_more"), ","), #e:get("weakAlias")')" \
  "Maria Example
person
María Ejemplo|Mery|M. Example
1961-04-12
1961
Person
wd_peps,ar_peps
ar,es
true
2022-03-01T10:12:00
María Ejemplo
1"
expect_eq "family: undirected, person -> relative" \
  "$(ev "$D/pep.ftm.json" 'local r = graph:relationship("fam-8a1e2b"); return r.from.id, r.to.id, r.directed, r:get("relationship")[1], r:get("schema")')" \
  "Q1001
Q1002
false
spouse
Family"
expect_eq "occupancy: holder -> post with dates" \
  "$(ev "$D/pep.ftm.json" 'local r = graph:relationship("occ-33b0c4"); return r.type, r.from.name, r.to.name, tostring(r:get("startDate")), tostring(r:get("endDate")), r:get("status")[1]')" \
  "occupancy
Maria Example
Minister of Finance of Argentina
2019-12-10
2023-12-10
ended"
expect_eq "addressEntity becomes an address_entity relationship" \
  "$(ev "$D/pep.ftm.json" 'local n = {}; for r in graph:entity("Q1001"):out("address_entity") do n[#n+1] = r.to.id .. " " .. r.to.type .. " " .. r.to:get("full")[1] end; return table.concat(n, ";")')" \
  "addr-5f1c0a address Av. Corrientes 1234, Buenos Aires"
expect_eq "ownership with two owners: one relationship each, ftm_id on both" \
  "$(ev "$D/company.ftm.json" 'local a, b = graph:relationship("own-c2"), graph:relationship("own-c2#2"); return a.from.name, b.from.name, a.to.id, a:get("ftm_id"), b:get("ftm_id"), a:get("percentage")[1]')" \
  "John Smith
Jane Jones
co-holding
own-c2
own-c2
50"
expect_eq "ownership read before its endpoints; directorship; parent" \
  "$(ev "$D/company.ftm.json" 'local o, d = graph:relationship("own-c1"), graph:relationship("dir-1"); local p; for r in graph:entity("co-acme"):out("parent") do p = r.to.name end; return o.from.name, o.to.name, o.to.type, tostring(o:get("startDate")), d.type, d.from.name, d.to.name, d:get("role")[1], p, graph:entity("Acme Widgets Limited").id')" \
  "Acme Holdings plc
ACME Widgets Ltd
company
2015-06
directorship
John Smith
ACME Widgets Ltd
director
Acme Holdings plc
co-acme"
expect_eq "payment: payer -> beneficiary, amount a float, second amount in amount_more, currency, date" \
  "$(ev "$D/donations.ftm.json" 'local r = graph:relationship("pay-0003"); return r.type, r.from.name, r.to.name, math.type(r:get("amount")), r:get("amount"), r:get("amount_more")[1], r:get("currency")[1], tostring(r:get("date")), r:get("purpose")[1]')" \
  "payment
Widget Co Ltd
Blue Party
float
250000.0
245000.0
GBP
2022-11-30
Cash donation"
expect_eq "donations ranked by pagerank" "$("$ERG" -g "$D/donations.ftm.json" rank --by pagerank --top 2)" \
  "pagerank, mode out (following relationship direction), computed on 4 entities
rank    pagerank  id           name
   1      0.3991  party-blue   Blue Party
   2      0.2500  party-green  Green Party"
expect_eq "payments weighted by amount" "$("$ERG" -g "$D/donations.ftm.json" rank --by strength --weight amount --top 1)" \
  "strength, mode all (direction ignored), computed on 4 entities
rank    strength  id          name
   1  262500.5000  party-blue  Blue Party"

# the CSV graph erg makes of it, byte for byte
rm -rf "$TMP/don"; "$ERG" -q convert "$D/donations.ftm.json" "$TMP/don"
expect_eq "donations relationships.csv" "$(cat "$TMP/don/relationships.csv")" \
'id,from,to,type,schema,amount:float,currency:string[],date:date,purpose:string[],datasets:string[],referents:string[],first_seen,last_seen,last_change,caption,target:bool,amount_more:float[]
pay-0001,donor-alice,party-green,payment,Payment,5000.0,GBP,2023-04-01,Cash donation,gb_ec_donations,"",2023-07-01T00:00:00,2024-07-01T00:00:00,2023-07-01T00:00:00,5000 GBP,false,
pay-0002,donor-alice,party-blue,payment,Payment,12500.5,GBP,2023-05-17,Non-cash donation,gb_ec_donations,"",2023-07-01T00:00:00,2024-07-01T00:00:00,2023-07-01T00:00:00,12500.5 GBP,false,
pay-0003,donor-widget,party-blue,payment,Payment,250000.0,GBP,2022-11-30,Cash donation,gb_ec_donations,"",2023-07-01T00:00:00,2024-07-01T00:00:00,2023-07-01T00:00:00,250000 GBP,false,245000.0'
expect_eq "donations entities.csv" "$(cut -d, -f1-5 "$TMP/don/entities.csv")" \
'id,type,name,schema,country:string[]
donor-alice,person,Alice Donor,Person,gb
donor-widget,company,Widget Co Ltd,Company,
party-blue,organization,Blue Party,Organization,gb
party-green,organization,Green Party,Organization,gb'

# by content: a .json file, and no extension at all
cp "$D/company.ftm.json" "$TMP/opensanctions.json"; cp "$D/company.ftm.json" "$TMP/entities"
expect_eq "sniffed in a .json file" "$(counts "$TMP/opensanctions.json" | cut -d' ' -f1-3)" "4 5 0"
expect_eq "sniffed without an extension" "$(counts "$TMP/entities" | cut -d' ' -f1-3)" "4 5 0"
cp "$D/company.ftm.json" "$TMP/c.jsonl"
expect_eq ".jsonl" "$(counts "$TMP/c.jsonl" | cut -d' ' -f1-3)" "4 5 0"

# an endpoint not in the file: a placeholder, with a warning
printf '%s\n' '{"id": "own-9", "schema": "Ownership", "properties": {"owner": ["co-x"], "asset": ["asset-y"]}}' \
  '{"id": "co-x", "schema": "Company", "properties": {"name": ["X Ltd"]}}' >"$TMP/partial.ftm.json"
expect_status "partial file loads" 0 "$ERG" -g "$TMP/partial.ftm.json" eval 'local e = graph:entity("asset-y"); return e.type, e:get("placeholder"), e:get("schema"), e.name'
expect_eq "placeholder entity" "$LAST_OUT" "asset
true
Asset
nil"
expect_eq "placeholder warning" "$LAST_ERR" "$TMP/partial.ftm.json:1: entity 'asset-y' is not in the file; added as a placeholder (Asset)"

# ---- broken lines ----------------------------------------------------------------
broken() { printf '%s\n' "${@:2}" >"$TMP/$1"; "$ERG" check "$TMP/$1"; }
A='{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}'
expect_eq "bad JSON at line 3 col 17" "$(broken j.ftm.json "$A" "" '{"id": "c","sc" "schema"}')" \
  "$TMP/j.ftm.json:3:17: malformed JSON: ':' expected near '\"schema\"'"
expect_eq "unknown schema" "$(broken s.ftm.json "$A" '{"id": "b", "schema": "Persona", "properties": {}}')" \
  "$TMP/s.ftm.json:2:23: entity 'b': unknown schema 'Persona'"
expect_eq "missing id" "$(broken i.ftm.json '{"schema": "Person", "properties": {"name": ["A"]}}')" \
  "$TMP/i.ftm.json:1:1: entity without an id"
expect_eq "empty id" "$(broken i2.ftm.json '{"id": "", "schema": "Person"}')" \
  "$TMP/i2.ftm.json:1:8: \"id\" must be a non-empty string"
expect_eq "missing schema" "$(broken m.ftm.json '{"id": "a"}')" "$TMP/m.ftm.json:1:1: entity 'a' has no schema"
expect_eq "edge without its source" "$(broken e.ftm.json "$A" '{"id": "o1", "schema": "Ownership", "properties": {"asset": ["a"]}}')" \
  "$TMP/e.ftm.json:2:51: Ownership 'o1' has no owner"
expect_eq "edge without its target" "$(broken e2.ftm.json '{"id": "p1", "schema": "Payment", "properties": {"payer": ["a"], "beneficiary": []}}')" \
  "$TMP/e2.ftm.json:1:49: Payment 'p1' has no beneficiary"
expect_eq "not a number" "$(broken n.ftm.json '{"id": "p1", "schema": "Payment", "properties": {"payer": ["a"], "beneficiary": ["a"], "amount": ["lots"]}}')" \
  "$TMP/n.ftm.json:1:98: property 'amount': 'lots' is not a number"
expect_eq "not a date" "$(broken d.ftm.json '{"id": "a", "schema": "Person", "properties": {"birthDate": ["circa 1950"]}}')" \
  "$TMP/d.ftm.json:1:61: property 'birthDate': 'circa 1950' is not an ISO 8601 date"
expect_eq "values not a list of strings" "$(broken v.ftm.json '{"id": "a", "schema": "Person", "properties": {"name": [1]}}')" \
  "$TMP/v.ftm.json:1:56: property 'name' must be a list of strings"
expect_eq "not an object" "$(broken o.ftm.json '[1, 2]')" \
  "$TMP/o.ftm.json:1:1: not a JSON object (a FollowTheMoney entity stream holds one object a line)"
expect_eq "duplicate id (fragments)" "$(broken f.ftm.json "$A" "$A")" \
  "$TMP/f.ftm.json:2:8: duplicate entity id 'a' (merge FollowTheMoney fragments first, e.g. with ftm aggregate)"
expect_eq "every problem listed" "$(broken all.ftm.json '{"id": "a", "schema": "X"}' '{"id": "b"}' '{oops')" \
  "$TMP/all.ftm.json:1:23: entity 'a': unknown schema 'X'
$TMP/all.ftm.json:2:1: entity 'b' has no schema
$TMP/all.ftm.json:3:2: malformed JSON: string or '}' expected near 'oops'"
expect_status "a broken file is exit 2" 2 "$ERG" -g "$TMP/s.ftm.json" info
expect_eq "and says why" "$LAST_ERR" "$TMP/s.ftm.json:2:23: entity 'b': unknown schema 'Persona'"
printf '%s\n' "$A" '{"id": "b", "schema": "Person", "properties": {"name": ["B"]}, "extra": 1}' >"$TMP/w.ftm.json"
expect_status "an unknown member is a warning" 0 "$ERG" -g "$TMP/w.ftm.json" info --format json
expect_eq "warning text" "$LAST_ERR" "$TMP/w.ftm.json:2:73: member \"extra\" is not FollowTheMoney's; ignored (and any others like it)"

# ---- round trips -------------------------------------------------------------------
same_entities() { # FILE1 FILE2: the same FtM entities, compared as parsed JSON
  $PY - "$1" "$2" <<'PY'
import json, sys
def load(p):
    return {d["id"]: d for d in (json.loads(l) for l in open(p, encoding="utf-8") if l.strip())}
a, b = load(sys.argv[1]), load(sys.argv[2])
bad = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
print("same %d" % len(a) if not bad else "differ: %s" % bad)
PY
}
for f in pep company donations; do
  "$ERG" -q -g "$D/$f.ftm.json" export --format ftm -o "$TMP/$f.out.ftm.json"
  n=$(wc -l <"$D/$f.ftm.json")
  expect_eq "FtM -> erg -> FtM: $f" "$(same_entities "$D/$f.ftm.json" "$TMP/$f.out.ftm.json")" "same $n"
done
"$ERG" -q convert "$D/company.ftm.json" "$TMP/company.ftm.json"
expect_eq "convert by extension" "$(same_entities "$D/company.ftm.json" "$TMP/company.ftm.json")" "same 7"

same_graph() { # DIR1 DIR2: the same CSV graph, rows compared as dicts (column order aside)
  $PY - "$1" "$2" <<'PY'
import csv, sys
def load(d, f):
    try:
        rows = list(csv.DictReader(open("%s/%s" % (d, f), encoding="utf-8")))
    except FileNotFoundError:
        return {}
    return {r.get("id"): {k: v for k, v in r.items() if v != ""} for r in rows}
out = []
for f in ("entities.csv", "relationships.csv", "sources.csv"):
    a, b = load(sys.argv[1], f), load(sys.argv[2], f)
    out.append("%s %d %s" % (f, len(a), "same" if a == b else "differ %s" % [k for k in a if a[k] != b.get(k)][:3]))
print("; ".join(out))
PY
}
"$ERG" -q export --format csv -o "$TMP/ice1"
"$ERG" -q export --format ftm -o "$TMP/ice.ftm.json"
"$ERG" -q convert "$TMP/ice.ftm.json" "$TMP/ice2"
expect_eq "erg -> FtM -> erg keeps the built-in graph" "$(same_graph "$TMP/ice1" "$TMP/ice2")" \
  "entities.csv 62 same; relationships.csv 72 same; sources.csv 4 same"
expect_eq "native entities take the schema their type names" \
  "$(grep -c '"schema": "Company"' "$TMP/ice.ftm.json") $(grep -c '"schema": "UnknownLink"' "$TMP/ice.ftm.json") $(grep -c '"schema": "Document"' "$TMP/ice.ftm.json")" \
  "$(grep -c '^[^,]*,company,' "$TMP/ice1/entities.csv") 72 4"
# FtM-born, edited in erg, written and read again
TMPDIR_FTM=$TMP "$ERG" -q -g "$D/company.ftm.json" run /dev/stdin <<'LUA'
local e = graph:entity("co-acme")
e:set("employees", 120)
e:add_alias("Acme")
graph:add_relationship{from=e, to=graph:entity("p-jones"), type="employs", since=erg.date("2020")}
graph:export("ftm", os.getenv("TMPDIR_FTM") .. "/edited.ftm.json")
LUA
expect_eq "edited FtM-born entity keeps its extras" \
  "$(ev "$TMP/edited.ftm.json" 'local e = graph:entity("co-acme"); local r; for x in e:out("employs") do r = x end; return math.type(e:get("employees")), e:get("employees"), graph:entity("Acme").id, r.to.id, tostring(r:get("since")), e:get("schema"), graph:info().relationships')" \
  "integer
120
co-acme
p-jones
2020
Company
6"

# ---- Lua ---------------------------------------------------------------------------------
expect_eq "erg.load reads a stream" \
  "$("$ERG" eval "local g = erg.load('$D/donations.ftm.json'); return g:entity('Blue Party').id, g:info().relationships" 2>&1)" \
  "party-blue
3"
expect_status "erg.load reports a broken line" 1 "$ERG" eval "return erg.load('$TMP/s.ftm.json')"
expect_contains "its message" "$LAST_ERR" "s.ftm.json:2:23: entity 'b': unknown schema 'Persona'"

finish
