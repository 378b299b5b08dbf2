#!/usr/bin/env bash
# igraph.sh -- igraph's allocations made to fail, one at a time, under
# analyses on the built-in graph (igraph has no allocator hook: the
# failmalloc.so shim, preloaded, fails the N-th allocation made from
# igraph or the libraries it uses).  For every N, erg either gives the
# right answer (igraph got round the failure) or stops with status 1 and
# one "erg: ..." line; never a crash, an abort or a wrong answer.  Then a
# few runs where every N-th allocation fails.
#
# Known third-party failures in libigraph 0.10.2 (Debian 12), each seen
# with a backtrace at the failing allocation:
#  - Louvain: igraph_community_multilevel does not check a failed
#    igraph_incident() (igraph_vector_int_resize) and crashes (SIGSEGV,
#    double free);
#  - Leiden: when igraph_create() of the aggregated graph fails inside
#    igraph_community_leiden, the heap is corrupted (abort in free later);
#  - all simple paths: igraph_get_all_simple_paths dereferences the NULL
#    that igraph_lazy_adjlist_get returns when out of memory;
#  - the "fr" layout (render): its random start ignores a failed
#    igraph_matrix_resize and writes the positions past the empty matrix.
# Commands marked "known:" have their crashes counted and shown, not
# failed; a wrong answer or an unclean message still fails.
#   FAILMALLOC=path/to/failmalloc.so ERG=bin/erg bash tests/fault/igraph.sh
source "$(dirname "$0")/../cli/lib.sh"
: "${FAILMALLOC:?set FAILMALLOC to the shim (make fault builds it)}"

commands=(
  "rank --by pagerank"
  "rank --by pagerank --mode all --top 10"
  "rank --by betweenness"
  "rank --by closeness"
  "rank --by eigenvector"
  "rank --by hub"
  "rank --by harmonic"
  "rank --by coreness"
  "known:communities --method louvain --seed 1"
  "known:communities --method leiden --seed 1"
  "communities --method walktrap"
  "path microsoft ice"
  "known:path microsoft ice --all --max-hops 3"
  "known:render -o -"
)

total=0
run() { # run MODE N ARGS...: status in $st, output in $TMP/o, $TMP/e
  local mode=$1 n=$2; shift 2
  env "FAILMALLOC_$mode=$n" FAILMALLOC_REPORT="$TMP/count" LD_PRELOAD="$FAILMALLOC" \
    "$ERG" "$@" >"$TMP/o" 2>"$TMP/e"
  st=$?
}

judge() { # judge LABEL [known]: the run in $st / $TMP/o / $TMP/e against $TMP/ref
  local label=$1 known=${2:-}
  if [ "$st" = 0 ]; then
    if cmp -s "$TMP/o" "$TMP/ref"; then ok; else bad "$label: status 0 but a different answer" "$(head -5 "$TMP/o")"; fi
  elif [ "$st" = 1 ]; then
    local lines first
    lines=$(wc -l <"$TMP/e")
    first=$(head -1 "$TMP/e")
    if [ "$lines" = 1 ] && [[ "$first" == "erg: "* ]]; then ok
    else bad "$label: status 1 without one clean 'erg: ' line" "$(head -5 "$TMP/e")"; fi
    messages["$first"]=1
  elif [ -n "$known" ]; then
    known_crashes=$((known_crashes + 1))
  else
    bad "$label: status $st (crash or abort)" "$(tail -5 "$TMP/e")"
  fi
}

declare -A messages
known_total=0
for c in "${commands[@]}"; do
  known=
  case "$c" in known:*) known=1; c=${c#known:} ;; esac
  known_crashes=0
  read -r -a args <<<"$c"
  "$ERG" "${args[@]}" >"$TMP/ref" 2>/dev/null || bad "$c: fails without faults"
  run NTH 0 "${args[@]}"
  read -r count _ <"$TMP/count"
  fails=0
  for ((n = 1; n <= count; n++)); do
    run NTH "$n" "${args[@]}"
    judge "$c, allocation $n of $count fails" $known
    [ "$st" = 1 ] && fails=$((fails + 1))
  done
  for every in 2 3 5 10; do
    run EVERY "$every" "${args[@]}"
    judge "$c, every ${every}th allocation fails" $known
  done
  total=$((total + count))
  known_total=$((known_total + known_crashes))
  echo "igraph faults: $c: $count allocations swept, $fails ended in a clean error${known:+, $known_crashes known igraph crashes}"
done
[ "$known_total" -gt 0 ] && echo "igraph faults: $known_total crashes inside libigraph 0.10.2 (known: Louvain, Leiden, all simple paths, fr layout; see the head of this file)"
echo "igraph faults: $total allocation points in ${#commands[@]} analyses; messages seen:"
for m in "${!messages[@]}"; do echo "  $m"; done | sort | head -20
finish
