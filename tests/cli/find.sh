# find.sh -- erg find and graph:find: Unicode folding (German, French,
# Turkish), the kinds of match and their scores, formats, errors, and the
# ambiguous-name error that lists the candidates.
source "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/names"
cat >"$TMP/names/entities.csv" <<'CSV'
id,type,name,aliases:string[]
irene,person,FRAU DR. IRENE NIERSTENHÖFER,
sg,company,Société Générale S.A.,SocGen
strasse,company,Straße & Söhne GmbH,
ist,place,İSTANBUL,
isp,place,Isparta,
oeuvre,org,Œuvre d'Orient,
ms,company,Microsoft,
ms2,company,Microsoft,MSFT
CSV
G="$TMP/names"

expect_status "German: Nierstenhöfer" 0 "$ERG" -g "$G" find Nierstenhöfer --format csv
expect_eq "German: Nierstenhöfer output" "$LAST_OUT" "score,how,id,type,name,matched
0.7481,word,irene,person,FRAU DR. IRENE NIERSTENHÖFER,FRAU DR. IRENE NIERSTENHÖFER"
expect_status "German: nierstenhofer" 0 "$ERG" -g "$G" find nierstenhofer --format csv
expect_contains "German: without the umlaut" "$LAST_OUT" "0.7481,word,irene,"
expect_status "German: oe spelling is fuzzy" 0 "$ERG" -g "$G" find NIERSTENHOEFER --format csv
expect_contains "German: oe spelling" "$LAST_OUT" "0.5571,fuzzy,irene,"
expect_status "German: ß = ss" 0 "$ERG" -g "$G" find "STRASSE & SOHNE" --format csv
expect_contains "German: ß" "$LAST_OUT" "0.8722,prefix,strasse,company,Straße & Söhne GmbH"
expect_status "French: accents" 0 "$ERG" -g "$G" find "societe generale sa" --format csv
expect_contains "French: exact" "$LAST_OUT" "1.0000,exact,sg,company,Société Générale S.A.,Société Générale S.A."
expect_status "French: œ = oe" 0 "$ERG" -g "$G" find "OEUVRE D'ORIENT" --format csv
expect_contains "French: œ" "$LAST_OUT" "1.0000,exact,oeuvre,"
expect_status "Turkish: İ = i" 0 "$ERG" -g "$G" find istanbul --format csv
expect_contains "Turkish: İ" "$LAST_OUT" "1.0000,exact,ist,place,İSTANBUL,İSTANBUL"
expect_status "Turkish: dotless ı stays a letter of its own" 0 "$ERG" -g "$G" find ısparta --format csv
expect_contains "Turkish: ı" "$LAST_OUT" "0.5143,fuzzy,isp,place,Isparta,Isparta"
expect_status "table" 0 "$ERG" -g "$G" find socgen
expect_eq "table output" "$LAST_OUT" " score  how        id  name (matched)
1.0000  exact      sg  Société Générale S.A. (SocGen)"
expect_status "json" 0 "$ERG" -g "$G" find socgen --format json
expect_eq "json output" "$LAST_OUT" '[
  {"score": 1.0000, "how": "exact", "id": "sg", "type": "company", "name": "Société Générale S.A.", "matched": "SocGen"}
]'
expect_status "--type" 0 "$ERG" -g "$G" find micro --type company --limit 1 --format csv
expect_eq "--type --limit" "$LAST_OUT" "score,how,id,type,name,matched
0.8556,prefix,ms,company,Microsoft,Microsoft"
expect_status "nothing" 1 "$ERG" -g "$G" find zzzzzz
expect_eq "nothing: message" "$LAST_ERR" "erg: find: nothing matches 'zzzzzz'"
expect_status "no letters" 2 "$ERG" -g "$G" find "..."
expect_eq "no letters: message" "$LAST_ERR" "erg: find: search text '...' has no letter or digit"
expect_status "bad format" 2 "$ERG" -g "$G" find x --format xml
expect_eq "bad format: message" "$LAST_ERR" "erg: find: unknown format 'xml' (table, csv or json)"
expect_status "built-in graph" 0 "$ERG" find "customs enforcement" --limit 1 --format csv
expect_eq "built-in graph: output" "$LAST_OUT" "score,how,id,type,name,matched
0.7543,word,ice,government_body,U.S. Immigration and Customs Enforcement,Immigration and Customs Enforcement"
expect_status "Lua graph:find" 0 "$ERG" -g "$G" eval 'local h = graph:find("SOCIETE")[1]; return h.entity.id .. " " .. h.how .. " " .. string.format("%.4f", h.score) .. " " .. h.matched'
expect_eq "Lua graph:find: output" "$LAST_OUT" "sg prefix 0.8368 Société Générale S.A."
expect_status "ambiguous name" 1 "$ERG" -g "$G" eval 'return graph:entity("microsoft")'
expect_contains "ambiguous name: candidates" "$LAST_ERR" "name 'microsoft' is ambiguous: 2 entities carry it: ms (Microsoft), ms2 (Microsoft); use an id"
finish
