# resolve.sh -- entity resolution: g:merge (aliases, sources, conflicts,
# folded relationships, the record), g:merges / g:unmerge, erg dedupe and
# its review file, erg merge-apply with FILE:LINE errors.
source "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/g"
cat >"$TMP/g/entities.csv" <<'CSV'
id,type,name,aliases:string[],source:string[],country
acme,company,Acme Inc.,,s1,US
acme_gmbh,company,ACME GmbH,Acme Deutschland,s2,DE
bank,company,Bank,,s1,
ada,person,Ada,,s1,
CSV
cat >"$TMP/g/relationships.csv" <<'CSV'
id,from,to,type,directed:bool,source:string[]
r1,ada,acme,board_member,true,s1
r2,ada,acme_gmbh,board_member,true,s1
r3,acme_gmbh,bank,client_of,true,s2
CSV
cat >"$TMP/g/sources.csv" <<'CSV'
id,title
s1,One
s2,Two
CSV
G="$TMP/g"
expect_status "merge" 0 "$ERG" -g "$G" eval '
local a, rep = graph:merge("acme", "acme_gmbh")
local out = {rep.id, rep.moved, rep.folded, #rep.conflicts, rep.conflicts[1].attr, rep.conflicts[1].keep, rep.conflicts[1].other,
  table.concat(a.aliases, "|"), table.concat(a:get("source"), ","), table.concat(a:get("merged_from"), ","),
  graph:entity("acme_gmbh").id, graph:info().relationships}
local m = graph:merges()[1]
out[#out + 1] = m.id .. ":" .. m.keep .. "<-" .. m.other
local back = graph:unmerge("m1")
out[#out + 1] = back.id .. " " .. back.name .. " " .. table.concat(back.aliases, "|") .. " " .. back:get("country")
out[#out + 1] = table.concat(a.aliases, "|") .. "/" .. table.concat(a:get("source"), ",") .. "/" .. tostring(a:get("merged_from"))
out[#out + 1] = tostring(graph:relationship("r2").to.id) .. " " .. graph:relationship("r3").from.id .. " " .. graph:info().relationships .. " " .. #graph:merges()
return table.concat(out, "\n")'
expect_eq "merge: output" "$LAST_OUT" "m1
2
1
1
country
US
DE
acme_gmbh|ACME GmbH|Acme Deutschland
s1,s2
acme_gmbh
acme
2
m1:acme<-acme_gmbh
acme_gmbh ACME GmbH Acme Deutschland DE
/s1/nil
acme_gmbh acme_gmbh 3 0"
expect_status "strict policy" 1 "$ERG" -g "$G" eval 'graph:merge("acme", "acme_gmbh", {policy="strict"})'
expect_contains "strict policy: message" "$LAST_ERR" "cannot merge 'acme_gmbh' into 'acme': 1 conflicting value: country ('US' / 'DE')"
expect_status "other policy" 0 "$ERG" -g "$G" eval 'local a = graph:merge("acme", "acme_gmbh", {policy="other"}); return a:get("country")'
expect_eq "other policy: value" "$LAST_OUT" "DE"
expect_status "unknown merge" 1 "$ERG" -g "$G" eval 'graph:unmerge("m9")'
expect_contains "unknown merge: message" "$LAST_ERR" "no merge 'm9'"
expect_status "dedupe" 0 "$ERG" -g "$G" dedupe -o "$TMP/review.csv"
expect_eq "dedupe: table" "$LAST_OUT" " score  shared  keep <- other
0.9000       1  acme (Acme Inc.) <- acme_gmbh (ACME GmbH)"
expect_eq "dedupe: review file" "$(cat "$TMP/review.csv")" "accept,score,keep,other,keep_name,other_name,shared
,0.9000,acme,acme_gmbh,Acme Inc.,ACME GmbH,1"
expect_status "dedupe: json" 0 "$ERG" -g "$G" dedupe --format json
expect_eq "dedupe: json output" "$LAST_OUT" '[
  {"score": 0.9000, "name_score": 1.0000, "shared": 1, "keep": "acme", "other": "acme_gmbh"}
]'
sed -i 's/^,0.9000/yes,0.9000/' "$TMP/review.csv"
expect_status "merge-apply" 0 "$ERG" -g "$G" merge-apply "$TMP/review.csv" -o "$TMP/out.graphml"
expect_eq "merge-apply: conflicts as FILE:LINE" "$LAST_ERR" "erg: $TMP/review.csv:2: acme: country 'US' kept, 'DE' of 'acme_gmbh' not
erg: merge-apply: 1 merge, 1 conflict (the kept entity's values stay); written to $TMP/out.graphml"
expect_status "merge-apply: the record travels in GraphML" 0 "$ERG" -g "$TMP/out.graphml" eval 'return graph:entity("acme_gmbh").id .. " " .. #graph:merges()'
expect_eq "merge-apply: record" "$LAST_OUT" "acme 1"
printf 'accept,score,keep,other\nyes,1,acme,nobody\n' >"$TMP/bad.csv"
expect_status "merge-apply: unknown id" 2 "$ERG" -g "$G" merge-apply "$TMP/bad.csv" -o "$TMP/out2"
expect_eq "merge-apply: unknown id message" "$LAST_ERR" "erg: $TMP/bad.csv:2: no entity 'nobody' (merged already, or not in this graph?)"
printf 'accept,keep,other\nmaybe,acme,bank\n' >"$TMP/bad2.csv"
expect_status "merge-apply: bad accept" 2 "$ERG" -g "$G" merge-apply "$TMP/bad2.csv" -o "$TMP/out3"
expect_eq "merge-apply: bad accept message" "$LAST_ERR" "erg: $TMP/bad2.csv:2: accept is 'maybe': write yes or no"
[ -e "$TMP/out3" ] && bad "merge-apply: nothing written on error"
finish
