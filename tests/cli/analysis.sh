#!/usr/bin/env bash
# analysis.sh -- command-line tests of rank, path and communities, on the
# built-in graph and on small graphs written here.
source "$(dirname "$0")/lib.sh"

# ---- a small graph: a star around h, a directed chain, weights -----------
G="$TMP/small"
mkdir -p "$G"
cat >"$G/entities.csv" <<'EOF'
id,type,name
h,hub,"Hub, the"
x,leaf,Leaf X
y,leaf,Leaf Y
z,leaf,Leaf Z
lone,leaf,
EOF
cat >"$G/relationships.csv" <<'EOF'
id,from,to,type,directed:bool,weight:float,source,date:date
r1,h,x,links,true,1,s-one,2025-03
r2,h,y,links,true,2,,2025
r3,h,z,links,true,3,s-two,
r4,x,y,knows,false,-1,,
EOF

# ---- rank ------------------------------------------------------------------
expect_status "rank degree csv" 0 "$ERG" -g "$G" rank --by degree --format csv --top 0
expect_eq "rank csv header" "$(printf '%s\n' "$LAST_OUT" | head -1)" "rank,id,name,type,score,measure,mode"
expect_eq "rank csv first row" "$(printf '%s\n' "$LAST_OUT" | sed -n 2p)" '1,h,"Hub, the",hub,3,degree,all'
expect_eq "rank csv rows" "$(printf '%s\n' "$LAST_OUT" | wc -l | tr -d ' ')" "6"
expect_eq "rank csv lone" "$(printf '%s\n' "$LAST_OUT" | tail -1)" "5,lone,,leaf,0,degree,all"

expect_status "rank --top 2" 0 "$ERG" -g "$G" rank --by degree --top 2
expect_eq "rank table lines" "$(printf '%s\n' "$LAST_OUT" | wc -l | tr -d ' ')" "4"
expect_contains "rank table header" "$LAST_OUT" "degree"
expect_contains "rank table row" "$LAST_OUT" "Hub, the"

expect_status "rank json" 0 "$ERG" -g "$G" rank --by degree --mode in --format json --top 0
expect_contains "rank json measure" "$LAST_OUT" '"measure": "degree"'
expect_contains "rank json row" "$LAST_OUT" '"id": "y", "name": "Leaf Y", "type": "leaf", "score": 2}'

# closeness of an entity that reaches nobody is NaN: "nan" in csv, null in json
expect_status "rank closeness csv" 0 "$ERG" -g "$G" --quiet rank --by closeness --format csv --top 0 --rel-type links
expect_contains "closeness nan" "$LAST_OUT" "lone,,leaf,nan"
expect_status "rank closeness json" 0 "$ERG" -g "$G" --quiet rank --by closeness --format json --top 0 --rel-type links
expect_contains "closeness null" "$LAST_OUT" '"score": null'

# filters
expect_status "rank --type" 0 "$ERG" -g "$G" rank --by degree --type leaf --format csv --top 0
expect_eq "rank --type rows" "$(printf '%s\n' "$LAST_OUT" | wc -l | tr -d ' ')" "5"
# --type lists, --restrict-types computes on the types alone (issue 16)
expect_status "rank --type keeps the whole graph" 0 "$ERG" -g "$G" rank --by degree --type leaf --top 2
expect_eq "rank --type keeps the whole graph" "$LAST_OUT" "degree, mode all (direction ignored), computed on 5 entities; showing type leaf (4)
rank      degree  id  name
   1           2  x   Leaf X
   2           2  y   Leaf Y"
expect_status "rank --restrict-types" 0 "$ERG" -g "$G" rank --by degree --restrict-types leaf --top 2
expect_eq "rank --restrict-types" "$LAST_OUT" "degree, mode all (undirected graph: direction does not apply), computed on 4 entities
rank      degree  id  name
   1           1  x   Leaf X
   2           1  y   Leaf Y"
expect_status "rank --type unknown" 2 "$ERG" -g "$G" rank --by degree --type leef
expect_eq "rank --type unknown" "$LAST_ERR" "erg: rank: no entity has type 'leef'"
expect_status "rank --restrict-types unknown" 2 "$ERG" -g "$G" rank --by degree --restrict-types leef
expect_eq "rank --restrict-types unknown" "$LAST_ERR" "erg: no entity has type 'leef'"
# all zero: said, not ranked
expect_status "rank all zero table" 0 "$ERG" -g "$G" rank --by betweenness
expect_eq "rank all zero table" "$LAST_OUT" "betweenness, mode out (following relationship direction), computed on 5 entities
all 5 entities have betweenness 0 in mode out: nothing to rank"
expect_status "rank all zero csv" 0 "$ERG" -g "$G" rank --by betweenness --format csv --top 2
expect_eq "rank all zero csv" "$LAST_OUT" 'rank,id,name,type,score,measure,mode
,h,"Hub, the",hub,0,betweenness,out
,x,Leaf X,leaf,0,betweenness,out'
expect_eq "rank all zero csv note" "$LAST_ERR" "erg: note: all 5 entities have betweenness 0 in mode out: nothing to rank"
expect_status "rank all zero json" 0 "$ERG" -g "$G" -q rank --by betweenness --format json --type hub
expect_eq "rank all zero json" "$LAST_OUT" '{
  "measure": "betweenness",
  "mode": "out",
  "direction": "following relationship direction",
  "computed_on": 5,
  "shown_types": "hub",
  "entities": 1,
  "note": "the only shown entity has betweenness 0 in mode out: nothing to rank",
  "ranking": [
    {"rank": null, "id": "h", "name": "Hub, the", "type": "hub", "score": 0}
  ]
}'
expect_eq "rank all zero json quiet" "$LAST_ERR" ""
expect_status "rank betweenness mode all" 0 "$ERG" -g "$G" rank --by betweenness --mode all --top 1 --format json
expect_contains "rank mode all json" "$LAST_OUT" '"mode": "all",
  "direction": "direction ignored",'
expect_status "rank hub mode" 0 "$ERG" -g "$G" rank --by hub --top 1
expect_eq "rank hub mode" "$(printf '%s\n' "$LAST_OUT" | head -1)" "hub, mode out (following relationship direction, as the measure requires), computed on 5 entities"
expect_status "rank date window" 0 "$ERG" -g "$G" rank --by degree --date date --since 2025-06 --format csv --top 1
expect_eq "rank date window" "$(printf '%s\n' "$LAST_OUT" | sed -n 2p)" "1,h,\"Hub, the\",hub,1,degree,all"
expect_status "rank date window undated" 0 "$ERG" -g "$G" rank --by degree --date date --since 2025-06 --undated --format csv --top 1
expect_eq "rank date window undated" "$(printf '%s\n' "$LAST_OUT" | sed -n 2p)" "1,h,\"Hub, the\",hub,2,degree,all"
# an undirected relationship counts once in the total degree, once each way
expect_status "rank undirected once" 0 "$ERG" -g "$G" rank --by degree --format csv --top 0
expect_contains "rank undirected once" "$LAST_OUT" "Leaf Y,leaf,2"
expect_status "rank undirected out" 0 "$ERG" -g "$G" rank --by degree --mode out --format csv --top 0
expect_contains "rank undirected out" "$LAST_OUT" "Leaf Y,leaf,1"

# weights: r4 is negative, so the error names it; without r4 it works
expect_status "rank bad weight" 2 "$ERG" -g "$G" rank --by strength --weight weight
expect_contains "bad weight names relationship" "$LAST_ERR" "relationship 'r4'"
expect_status "rank strength" 0 "$ERG" -g "$G" rank --by strength --weight weight --rel-type links --format csv --top 1
expect_eq "rank strength" "$(printf '%s\n' "$LAST_OUT" | sed -n 2p)" '1,h,"Hub, the",hub,6,strength,all'
expect_status "rank weight unknown" 2 "$ERG" -g "$G" rank --by strength --weight nope
expect_contains "rank weight unknown" "$LAST_ERR" "no relationship attribute 'nope'"
expect_status "rank weight string" 2 "$ERG" -g "$G" rank --by strength --weight source
expect_contains "rank weight string" "$LAST_ERR" "not numbers"

# personalized PageRank puts the restart entity first
expect_status "rank personal" 0 "$ERG" -g "$G" rank --by pagerank --mode all --personal "leaf z" --format csv --top 2
expect_eq "rank personal" "$(printf '%s\n' "$LAST_OUT" | sed -n 2,3p | cut -d, -f2 | tr '\n' ' ')" "h z "

# usage errors
expect_status "rank no --by" 2 "$ERG" -g "$G" rank
expect_status "rank bad measure" 2 "$ERG" -g "$G" rank --by fame
expect_contains "rank bad measure lists measures" "$LAST_ERR" "pagerank"
expect_status "rank bad mode" 2 "$ERG" -g "$G" rank --by degree --mode sideways
expect_status "rank bad format" 2 "$ERG" -g "$G" rank --by degree --format xml
expect_status "rank bad top" 2 "$ERG" -g "$G" rank --by degree --top -3
expect_status "rank bad damping" 2 "$ERG" -g "$G" rank --by pagerank --damping 2
expect_status "rank personal not pagerank" 2 "$ERG" -g "$G" rank --by degree --personal h
expect_status "rank personal unknown" 2 "$ERG" -g "$G" rank --by pagerank --personal nobody
expect_status "rank pagerank mode in" 2 "$ERG" -g "$G" rank --by pagerank --mode in
expect_status "rank bad date" 2 "$ERG" -g "$G" rank --by degree --date date --since 2025-13
expect_status "rank --help" 0 "$ERG" rank --help
expect_contains "rank --help" "$LAST_OUT" "--top N"

# ---- path ------------------------------------------------------------------
expect_status "path x z" 0 "$ERG" -g "$G" path x z
expect_contains "path x z header" "$LAST_OUT" "Leaf X to Leaf Z: 2 hops"
expect_contains "path x z backward hop" "$LAST_OUT" "Leaf X <--links-- Hub, the"
expect_contains "path x z forward hop" "$LAST_OUT" "Hub, the --links--> Leaf Z"
expect_contains "path x z source" "$LAST_OUT" "r3; source: s-two"
expect_contains "path x z no source" "$LAST_OUT" "r1; source: s-one"
expect_status "path by name" 0 "$ERG" -g "$G" path "leaf x" "LEAF Y"
expect_contains "path undirected hop" "$LAST_OUT" "Leaf X --knows-- Leaf Y"
expect_status "path --all" 0 "$ERG" -g "$G" path x y --all
expect_contains "path --all count" "$LAST_OUT" "2 paths of at most 4 hops"
expect_contains "path --all second" "$LAST_OUT" "path 2: 2 hops"
expect_status "path --all --max-paths 1" 0 "$ERG" -g "$G" path x y --all --max-paths 1
expect_contains "path truncated" "$LAST_OUT" "more not shown"
expect_status "path json" 0 "$ERG" -g "$G" path x z --format json
expect_contains "path json hop" "$LAST_OUT" '"relationship": "r3", "type": "links", "direction": "forward", "source": "s-two"'
expect_status "path directed none" 1 "$ERG" -g "$G" path z h --mode out
expect_contains "path directed none" "$LAST_ERR" "no path from 'z' to 'h' following relationship direction"
expect_status "path unreachable" 1 "$ERG" -g "$G" path x lone
expect_status "path unreachable --all" 1 "$ERG" -g "$G" path x lone --all
expect_status "path unknown entity" 2 "$ERG" -g "$G" path x nobody
expect_contains "path unknown entity" "$LAST_ERR" "no entity 'nobody'"
expect_status "path one arg" 2 "$ERG" -g "$G" path x
# ---- paths with their evidence (issue 16, item 5) ------------------------------
# donor d gives to party p three times (parallel: one hop); p and d are
# also linked through a headline-only chain via m
V="$TMP/evidence"
mkdir -p "$V"
cat >"$V/entities.csv" <<'EOF'
id,type,name
d,person,Donor
p,party,Party
m,media,Outlet
EOF
cat >"$V/relationships.csv" <<'EOF'
id,from,to,type,directed:bool,source:string[],certainty,evidence,amount:float,date:date
g1,d,p,donates_to,true,s1;s2,reported,Filed donation,1000,2023-02
g2,d,p,donates_to,true,s1,reported,Filed donation,500,2023-06
g3,d,p,donates_to,true,s2,alleged,Leaked ledger,250.5,2024-01
h1,d,m,mentioned_by,true,s3,headline,A headline,,
h2,m,p,mentioned_by,false,s3,headline,Another headline,,
EOF
expect_status "parallel relationships one hop" 0 "$ERG" -g "$V" path d p
expect_eq "parallel relationships one hop" "$LAST_OUT" "Donor to Party: 1 hop
  Donor -- Party: 3 relationships, amount total 1750.5, 2023-02 to 2024-01
    Donor --donates_to--> Party
        g1; source: s1, s2
        certainty: reported
        evidence: Filed donation
    Donor --donates_to--> Party
        g2; source: s1
        certainty: reported
        evidence: Filed donation
    Donor --donates_to--> Party
        g3; source: s2
        certainty: alleged
        evidence: Leaked ledger"
expect_status "paths grouped" 0 "$ERG" -g "$V" path d p --all
expect_eq "paths grouped" "$(printf '%s\n' "$LAST_OUT" | head -1)" "Donor to Party: 2 paths of at most 4 hops"
expect_status "paths --each" 0 "$ERG" -g "$V" path d p --all --each
expect_eq "paths --each" "$(printf '%s\n' "$LAST_OUT" | head -1)" "Donor to Party: 4 paths of at most 4 hops"
expect_status "path --by evidence" 0 "$ERG" -g "$V" path p d --by evidence
expect_eq "path --by evidence" "$(printf '%s\n' "$LAST_OUT" | grep -E '^(path|Party)')" "Party to Donor: 2 paths of at most 4 hops, strongest evidence first
path 1: 1 hop; weakest hop 1: reported, 2 sources
path 2: 2 hops; weakest hop 1: headline, 1 source (headline only)"
expect_status "path --by evidence json" 0 "$ERG" -g "$V" path d p --by evidence --format json
expect_contains "path json weakest" "$LAST_OUT" '"weakest_hop": 1, "weakest": "headline, 1 source (headline only)"'
expect_contains "path json hop" "$LAST_OUT" '{"from": "d", "to": "p", "relationship": "g1", "type": "donates_to", "direction": "forward", "source": "s1, s2", "certainty": "reported", "evidence": "Filed donation", "count": 3, "summary": "3 relationships, amount total 1750.5, 2023-02 to 2024-01", "relationships": ['
expect_status "path --show csv" 0 "$ERG" -g "$V" path d p --show amount,date --format csv
expect_eq "path --show csv" "$LAST_OUT" "path,hop,from,relationship,type,to,direction,source,certainty,evidence,amount,date
1,1,d,g1,donates_to,p,forward,s1;s2,reported,Filed donation,1000,2023-02
1,1,d,g2,donates_to,p,forward,s1,reported,Filed donation,500,2023-06
1,1,d,g3,donates_to,p,forward,s2,alleged,Leaked ledger,250.5,2024-01"
expect_status "path --show table" 0 "$ERG" -g "$V" path m p --show amount,source
expect_eq "path --show table" "$LAST_OUT" "Outlet to Party: 1 hop
  Outlet --mentioned_by-- Party
      h2; source: s3
      certainty: headline
      evidence: Another headline
      source: s3"
expect_status "path --show unknown" 2 "$ERG" -g "$V" path d p --show amout
expect_eq "path --show unknown" "$LAST_ERR" "erg: path: --show: no relationship attribute 'amout'"
expect_status "path --k" 0 "$ERG" -g "$V" path d p --k 5
expect_eq "path --k" "$(printf '%s\n' "$LAST_OUT" | grep -E '^(path|Donor to)')" "Donor to Party: 2 shortest paths
path 1: 1 hop
path 2: 2 hops"
expect_status "path --k --each" 0 "$ERG" -g "$V" path d p --k 3 --each --format csv
# three paths of one hop each, one per donation (igraph orders the tie)
expect_eq "path --k --each" "$(printf '%s\n' "$LAST_OUT" | tail -n +2 | cut -d, -f4 | sort | tr '\n' ' ')" "g1 g2 g3 "
expect_status "path --k and --all" 2 "$ERG" -g "$V" path d p --k 2 --all
expect_status "path --by bad" 2 "$ERG" -g "$V" path d p --by fame
expect_eq "path --by bad" "$LAST_ERR" "erg: path: unknown ranking 'fame' (length or evidence)"
expect_status "path bad hops" 2 "$ERG" -g "$G" path x y --all --max-hops 0

# ---- communities ------------------------------------------------------------
expect_status "communities" 0 "$ERG" -g "$G" communities
expect_contains "communities header" "$LAST_OUT" "louvain: "
expect_contains "communities modularity" "$LAST_OUT" "modularity"
for m in louvain leiden walktrap; do
  expect_status "communities $m csv" 0 "$ERG" -g "$G" communities --method $m --format csv
  expect_eq "communities $m csv header" "$(printf '%s\n' "$LAST_OUT" | head -1)" "id,name,type,community"
  expect_eq "communities $m csv rows" "$(printf '%s\n' "$LAST_OUT" | wc -l | tr -d ' ')" "6"
done
a=$("$ERG" -g "$G" communities --method leiden --seed 7 --format json)
b=$("$ERG" -g "$G" communities --method leiden --seed 7 --format json)
expect_eq "communities seeded repeatable" "$a" "$b"
expect_contains "communities json" "$a" '"method": "leiden"'
expect_status "communities bad method" 2 "$ERG" -g "$G" communities --method magic
expect_status "communities bad seed" 2 "$ERG" -g "$G" communities --seed x
expect_status "communities bad resolution" 2 "$ERG" -g "$G" communities --resolution -1

# ---- the built-in graph -------------------------------------------------------
expect_status "builtin rank pagerank" 0 "$ERG" rank --by pagerank
expect_contains "builtin pagerank ranks ICE" "$(printf '%s\n' "$LAST_OUT" | sed -n 2,4p)" "ice"
expect_status "builtin rank betweenness" 0 "$ERG" rank --by betweenness --mode all --top 3 --format csv
expect_contains "builtin betweenness" "$LAST_OUT" "microsoft"
expect_status "builtin path microsoft ice" 0 "$ERG" path microsoft ice
expect_contains "builtin path" "$LAST_OUT" "Microsoft --supplies--> U.S. Immigration and Customs Enforcement"
expect_contains "builtin path source" "$LAST_OUT" "report-ice-azure-surge"
expect_status "builtin path via names" 0 "$ERG" path "Microsoft Azure" "DHS"
expect_status "builtin communities" 0 "$ERG" communities --method walktrap
expect_contains "builtin communities" "$LAST_OUT" "walktrap: "

# each hop shows its evidence
out=$("$ERG" path microsoft ice)
ev=$(awk -F, 'NR>1 && $1=="r-microsoft-supplies-ice"' "$ERG_GRAPH/relationships.csv" | /usr/bin/python3 -c 'import csv,sys; r=next(csv.reader(sys.stdin)); print(r[6])')
expect_contains "path hop evidence" "$out" "      evidence: $ev"

# path --format csv: a row a hop, the same hops as the table
rows=$("$ERG" path microsoft ice --all --max-hops 2 --format csv | tail -n +2 | wc -l)
hops=$("$ERG" path microsoft ice --all --max-hops 2 | grep -cE -- '--[a-z_]+-->|<--[a-z_]+--|--[a-z_]+--')
expect_eq "path csv rows = hops" "$rows" "$hops"
expect_eq "path csv header" "$("$ERG" path microsoft ice --format csv | head -1)" "path,hop,from,relationship,type,to,direction,source,certainty,evidence"
expect_eq "path csv row" "$("$ERG" path microsoft ice --format csv | sed -n 2p)" "1,1,microsoft,r-microsoft-supplies-ice,supplies,ice,forward,report-ice-azure-surge,stated_by:microsoft,\"The spokesperson listed ICE alongside DHS as receiving these tools, again delivered through partners.\""

finish
