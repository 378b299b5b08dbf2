#!/usr/bin/env bash
# time.sh -- the graph in time (issue 16, item 2): start/end/date validity,
# the global --as-of, --since and --until on every command, and erg diff.
source "$(dirname "$0")/lib.sh"

# ---- a small graph with every kind of dating ------------------------------
# c1: a contract 2024-03 .. 2024-09; c2: from 2024-10, open; p: a payment on
# 2024-05-14 (date only); o: an office held until 2024 (end only, year);
# k: timeless (no date at all)
G="$TMP/timed"
mkdir -p "$G"
cat >"$G/entities.csv" <<'EOF'
id,type,name
a,company,Alpha
b,agency,Beta
c,company,Gamma
EOF
cat >"$G/relationships.csv" <<'EOF'
id,from,to,type,directed:bool,start:date,end:date,date:date,amount:float
c1,a,b,contracts_with,true,2024-03,2024-09,,100
c2,a,b,contracts_with,true,2024-10,,,250
p,b,c,pays,true,,,2024-05-14,40
o,c,b,advises,true,,2024,,
k,a,c,owns,true,,,,
EOF

rels() { "$ERG" -g "$G" -q "$@" export --format csv -o "$TMP/exp" >/dev/null && tail -n +2 "$TMP/exp/relationships.csv" | cut -d, -f1 | tr '\n' ' '; }

expect_eq "no date: everything" "$(rels)" "c1 c2 p o k "
expect_eq "as of 2024-02: before c1, o open at its start" "$(rels --as-of 2024-02)" "o k "
expect_eq "as of 2024-05: c1 running, p not yet (14th)" "$(rels --as-of 2024-05-13)" "c1 o k "
expect_eq "as of 2024-05 (a month): p counts" "$(rels --as-of 2024-05)" "c1 p o k "
expect_eq "as of 2024-09-30: c1's end month" "$(rels --as-of 2024-09-30)" "c1 p o k "
expect_eq "as of 2024-10: c2 started, c1 ended" "$(rels --as-of 2024-10)" "c2 p o k "
expect_eq "as of 2025: o ended with 2024" "$(rels --as-of 2025)" "c2 p k "
expect_eq "window 2024-06..2024-08" "$(rels --since 2024-06 --until 2024-08)" "c1 o k "
expect_eq "window since 2025" "$(rels --since 2025)" "c2 k "
expect_eq "window until 2024-04" "$(rels --until 2024-04)" "c1 o k "
expect_eq "entities all kept" "$("$ERG" -g "$G" --as-of 2023 info | head -1)" "entities               3"

# every command sees it: analysis, paths
expect_status "rank as of" 0 "$ERG" -g "$G" --as-of 2024-11 rank --by degree --format csv --top 1
expect_eq "rank as of" "$(printf '%s\n' "$LAST_OUT" | sed -n 2p)" "1,b,Beta,agency,3,degree,all"
expect_status "path as of" 0 "$ERG" -g "$G" --as-of 2024-06 path a b --format csv
expect_eq "path as of: one contract" "$(printf '%s\n' "$LAST_OUT" | tail -n +2 | cut -d, -f4 | tr '\n' ' ')" "c1 "
expect_status "path no date: both contracts one hop" 0 "$ERG" -g "$G" path a b
expect_eq "path parallel hop" "$(printf '%s\n' "$LAST_OUT" | sed -n 2p)" \
  "  Alpha -- Beta: 2 relationships, amount total 350, 2024-03 to 2024-10"
expect_status "path ended" 1 "$ERG" -g "$G" --as-of 2025 path c b --mode out
expect_eq "path ended" "$LAST_ERR" "erg: no path from 'c' to 'b' following relationship direction"
expect_status "path before it ended" 0 "$ERG" -g "$G" --as-of 2024 path c b --mode out

# errors
expect_status "as-of bad date" 2 "$ERG" -g "$G" --as-of 2024-13 info
expect_eq "as-of bad date" "$LAST_ERR" "erg: --as-of wants a date like 2025, 2025-07 or 2025-07-14, not '2024-13'"
expect_status "as-of with a window" 2 "$ERG" -g "$G" --as-of 2024 --since 2023 info
expect_eq "as-of with a window" "$LAST_ERR" "erg: a date (as of) and a window (since, until) do not go together"
expect_status "window backwards" 2 "$ERG" -g "$G" --since 2025 --until 2024 info
expect_eq "window backwards" "$LAST_ERR" "erg: the window ends before it starts"
S="$TMP/strstart"; mkdir -p "$S"; cp "$G/entities.csv" "$S/"
printf 'id,from,to,type,start\nx,a,b,t,soon\n' >"$S/relationships.csv"
expect_status "start not a date" 2 "$ERG" -g "$S" --as-of 2024 info
expect_eq "start not a date" "$LAST_ERR" "erg: relationship attribute 'start' holds string values, not dates"

# ---- erg diff ---------------------------------------------------------------
expect_status "diff two dates" 0 "$ERG" -g "$G" diff --from-date 2024-06 --to-date 2025
expect_eq "diff two dates" "$LAST_OUT" "entities: 0 added, 0 removed, 0 changed
relationships: 1 added, 2 removed, 0 changed
sources: 0 added, 0 removed, 0 changed
- relationship c1
- relationship o
+ relationship c2"
H="$TMP/timed2"; cp -r "$G" "$H"
sed -i 's/^c,company,Gamma$/c,company,Gamma Ltd/; $a d,person,Delta' "$H/entities.csv"
sed -i 's/^p,b,c,pays,true,,,2024-05-14,40$/p,b,c,pays,true,,,2024-05-14,45/; /^k,/d' "$H/relationships.csv"
expect_status "diff two graphs csv" 0 "$ERG" diff "$G" "$H" --format csv
expect_eq "diff two graphs csv" "$LAST_OUT" "kind,id,change,fields
entity,c,changed,name
entity,d,added,
relationship,p,changed,amount
relationship,k,removed,"
expect_status "diff json" 0 "$ERG" diff "$G" "$H" --format json
expect_eq "diff json" "$LAST_OUT" '{
  "from": "'"$G"'",
  "to": "'"$H"'",
  "changes": [
    {"kind": "entity", "id": "c", "change": "changed", "fields": ["name"]},
    {"kind": "entity", "id": "d", "change": "added", "fields": []},
    {"kind": "relationship", "id": "p", "change": "changed", "fields": ["amount"]},
    {"kind": "relationship", "id": "k", "change": "removed", "fields": []}
  ]
}'
expect_status "diff same" 0 "$ERG" diff "$G" "$G"
expect_eq "diff same" "$LAST_OUT" "entities: 0 added, 0 removed, 0 changed
relationships: 0 added, 0 removed, 0 changed
sources: 0 added, 0 removed, 0 changed"
expect_status "diff one graph" 2 "$ERG" diff "$G"
expect_contains "diff one graph" "$LAST_ERR" "diff: needs two graphs"
expect_status "diff bad date" 2 "$ERG" diff --from-date 2024 --to-date x
expect_eq "diff bad date" "$LAST_ERR" "erg: diff: --to-date wants a date like 2025, 2025-07 or 2025-07-14, not 'x'"
expect_status "diff bad format" 2 "$ERG" diff "$G" "$H" --format xml

# ---- the built-in graph: ICE's data in Azure, measured twice -------------------
expect_eq "builtin as of 2025-09: neither figure holds" "$("$ERG" --as-of 2025-09 info | sed -n 2p)" "relationships            70"
expect_status "builtin diff" 0 "$ERG" diff --from-date 2025-07 --to-date 2026-02
expect_eq "builtin diff" "$(printf '%s\n' "$LAST_OUT" | tail -2)" "- relationship r-ice-stores_data_in-azure-2025-07
+ relationship r-ice-stores_data_in-azure-2026-01"
expect_status "builtin path as of 2026-02" 0 "$ERG" --as-of 2026-02 path ice azure --show data_tb --format csv
expect_contains "builtin path shows data_tb" "$LAST_OUT" "r-ice-stores_data_in-azure-2026-01,stores_data_in,azure,forward"
expect_contains "builtin path --show value" "$LAST_OUT" ",1400"

finish
