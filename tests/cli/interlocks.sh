# interlocks.sh -- erg interlocks and g:interlocks on the board-membership
# example graph (examples/boards), and the worked example's exact output.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=$ROOT/examples/boards
expect_status "board members" 0 "$ERG" -g "$B" interlocks --via board_member
expect_eq "board members: output" "$LAST_OUT" "Acme Corp. -- Globex GmbH: 2 shared
  Ada Lovelace
  Grace Hopper
Umbrella Foundation -- ACME Corporation: 1 shared
  Ida Nierstenhöfer"
expect_eq "board members: count" "$LAST_ERR" "erg: interlocks: 2 pairs"
expect_status "csv, two types, companies only" 0 "$ERG" -g "$B" interlocks --via board_member,employee --between company --format csv
expect_eq "csv output" "$LAST_OUT" "a,b,count,via
acme,globex,2,ada;grace
acme,initech,1,grace
globex,initech,1,grace"
expect_status "json, at least 2" 0 "$ERG" -g "$B" interlocks --min-shared 2 --format json
expect_eq "json output" "$LAST_OUT" '[
  {"a": "acme", "b": "globex", "count": 2, "via": ["ada", "grace"]}
]'
expect_status "unknown type" 2 "$ERG" -g "$B" interlocks --via board_membr
expect_eq "unknown type: message" "$LAST_ERR" "erg: interlocks: no relationship has type 'board_membr'"
expect_status "the worked example" 0 "$ERG" -g "$B" run "$ROOT/examples/interlocks.lua"
expect_eq "the worked example: output" "$LAST_OUT" "Acme Corp. -- Globex GmbH: 2 (Ada Lovelace, Grace Hopper)
Umbrella Foundation -- ACME Corporation: 1 (Ida Nierstenhöfer)
acme	globex	2
acme	initech	1
acme	umbrella	1
acme	acme2	1
globex	initech	1
initech	umbrella	1
umbrella	acme2	1
candidate acme + acme2: 0.8667
m1	1	2	acme2
acme
ACME Corporation	0"
finish
