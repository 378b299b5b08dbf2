#!/bin/sh
# profile.sh -- where erg's time goes, phase by phase, with perf.
#
#   sh tests/bench/profile.sh [SCALE [BENCH_BIN [OUT]]]
#
# Profiles erg_bench (tests/bench/erg_bench.c) on the cached graph of SCALE
# (small, medium or large; `make bench BENCH_SCALE=SCALE` generates it):
# the CSV import, the GraphML export, the GraphML import and PageRank
# (conversion to igraph included), and prints for each the functions with
# the most samples of their own and with the most samples under them, as
# percentages of the phase (tests/bench/perf_top.py).  Recordings go to
# OUT (build/bench/profile-SCALE); `perf report -i OUT/PHASE.data` shows
# more.  `make bench-profile [BENCH_SCALE=...]` runs it.
set -eu
SCALE=${1:-medium}
BIN=${2:-build/release/bench}
OUT=${3:-build/bench/profile-$SCALE}
HERE=$(dirname "$0")
case $SCALE in
  small) N=10000 ;; medium) N=200000 ;; large) N=2000000 ;;
  *) echo "profile.sh: scale must be small, medium or large" >&2; exit 2 ;;
esac
G=build/bench/graph-$N
if [ ! -f "$G/relationships.csv" ]; then
  echo "profile.sh: no $G; run 'make bench BENCH_SCALE=$SCALE' first" >&2
  exit 2
fi
command -v perf >/dev/null || { echo "profile.sh: perf is not installed" >&2; exit 2; }
mkdir -p "$OUT"
export OMP_NUM_THREADS=1

prof() { # NAME ROOT_FUNCTION COMMAND...
  name=$1 root=$2
  shift 2
  perf record -q -F 499 --call-graph dwarf,16384 -o "$OUT/$name.data" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || {
    cat "$OUT/$name.err" >&2
    exit 1
  }
  echo "== $name: $(cat "$OUT/$name.out")"
  perf script -i "$OUT/$name.data" -F comm,ip,sym 2>/dev/null | python3 "$HERE/perf_top.py" "$root" 12
  echo
}

prof import erg_csv_read "$BIN/erg_bench" import "$G"
prof export erg__graphml_write "$BIN/erg_bench" export "$G" "$OUT/erg.graphml"
prof graphml-import erg__graphml_read "$BIN/erg_bench" import "$OUT/erg.graphml"
prof pagerank erg_centrality "$BIN/erg_bench" pagerank "$G" "$OUT/pagerank.txt"
