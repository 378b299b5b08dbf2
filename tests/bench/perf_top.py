"""perf_top.py -- where the time of one phase goes, from a perf recording
with call chains (perf record --call-graph dwarf).

  perf script -i perf.data -F comm,ip,sym | python3 perf_top.py ROOT [N]

Keeps the samples whose call chain passes through the function ROOT (e.g.
erg_csv_read, erg_export, erg_centrality) and prints the N (default 15)
functions with the most samples of their own ("self", the leaf of the
chain, inlined frames included) and with the most samples under them
("total"), as percentages of ROOT's samples.  Used by profile.sh.
"""
import collections
import sys


def chains(stream):
    chain = []
    for line in stream:
        line = line.rstrip("\n")
        if not line.strip():
            if chain:
                yield chain
            chain = []
            continue
        if line.startswith(("\t", " ")):
            parts = line.split(None, 1)
            sym = parts[1] if len(parts) > 1 else "?"
            sym = sym.replace(" (inlined)", "").split("+0x")[0]
            chain.append(sym)
    if chain:
        yield chain


def main():
    root = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    self_c, total_c = collections.Counter(), collections.Counter()
    kept = 0
    for ch in chains(sys.stdin):
        if root not in ch:
            continue
        kept += 1
        below = ch[:ch.index(root) + 1]
        self_c[below[0]] += 1
        for sym in set(below):
            total_c[sym] += 1
    if not kept:
        sys.exit(f"perf_top.py: no sample passes through {root}")
    print(f"{kept} samples under {root}")
    print(f"{'self %':>7}  function")
    for sym, c in self_c.most_common(n):
        print(f"{100 * c / kept:7.1f}  {sym}")
    print(f"{'total %':>7}  function (with what it calls)")
    for sym, c in total_c.most_common(n + 1)[1:]:
        print(f"{100 * c / kept:7.1f}  {sym}")


if __name__ == "__main__":
    main()
