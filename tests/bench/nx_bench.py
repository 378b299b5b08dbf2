"""nx_bench.py -- networkx's side of the benchmark (tests/bench/run.py runs it
with Debian's /usr/bin/python3, one process per measurement).  Each phase is
timed alone (the interpreter and `import networkx` are not); one JSON object
goes to stdout.

  nx_bench.py nop                         baseline process (RSS after imports)
  nx_bench.py load DIR [--graphml OUT] [--pagerank SCORES] [--twohop K]
      the CSV graph directory into a MultiDiGraph, typed (name:int -> int,
      name:float -> float, empty -> absent), relationships keyed by id;
      then, in this order, each optional phase on the loaded graph
  nx_bench.py read FILE.graphml           nx.read_graphml
  nx_bench.py betweenness DIR K           betweenness_centrality with K sampled
                                          sources (seed 1); "op" is that call
"""
import csv
import json
import os
import sys
import time

import networkx as nx

CONV = {"int": int, "float": float}


def peak_kb():
    """Peak RSS of this process image (VmHWM), KiB; not getrusage, which
    Linux carries across exec (it would include the parent's RSS)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def columns(header):
    cols = []
    for h in header:
        name, _, typ = h.partition(":")
        cols.append((name, CONV.get(typ)))
    return cols


def load(d):
    G = nx.MultiDiGraph()
    with open(os.path.join(d, "entities.csv"), newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        cols = columns(next(rd))
        add = G.add_node
        for row in rd:
            attrs = {}
            for (name, conv), v in zip(cols[1:], row[1:]):
                if v != "":
                    attrs[name] = conv(v) if conv else v
            add(row[0], **attrs)
    path = os.path.join(d, "relationships.csv")
    if os.path.exists(path):
        with open(path, newline="", encoding="utf-8") as f:
            rd = csv.reader(f)
            cols = columns(next(rd))
            names = [c[0] for c in cols]
            i_id, i_from, i_to = names.index("id"), names.index("from"), names.index("to")
            rest = [(k, n, c) for k, (n, c) in enumerate(cols) if k not in (i_id, i_from, i_to)]
            add = G.add_edge
            for row in rd:
                attrs = {}
                for k, name, conv in rest:
                    v = row[k]
                    if v != "":
                        attrs[name] = conv(v) if conv else v
                add(row[i_from], row[i_to], key=row[i_id], **attrs)
    return G


def twohop(G, k):
    """The workload of twohop.lua: distinct companies with > 50000 employees
    two outgoing relationships away from each of k start entities."""
    n = G.number_of_nodes()
    starts = ["e%d" % ((i * 7919) % n) for i in range(k)]
    nodes = G.nodes
    total = 0
    for s in starts:
        seen = set()
        for _, m in G.out_edges(s):
            for _, t in G.out_edges(m):
                if t not in seen:
                    a = nodes[t]
                    if a.get("type") == "company" and a.get("employees", 0) > 50000:
                        seen.add(t)
        total += len(seen)
    return total


def main():
    mode = sys.argv[1]
    out = {}
    if mode == "nop":
        out.update(peak_kb=peak_kb(), version=nx.__version__)
    elif mode == "load":
        d, opts = sys.argv[2], sys.argv[3:]
        t0 = time.perf_counter()
        G = load(d)
        out.update(op=time.perf_counter() - t0, load_peak_kb=peak_kb(),
                   entities=G.number_of_nodes(), rels=G.number_of_edges())
        for i in range(0, len(opts), 2):
            opt, arg = opts[i], opts[i + 1]
            if opt == "--graphml":
                t0 = time.perf_counter()
                nx.write_graphml(G, arg)
                out["graphml_write"] = time.perf_counter() - t0
            elif opt == "--pagerank":
                t0 = time.perf_counter()
                # parallel edges count, as in igraph.  tol: networkx stops when
                # the total change is below N * tol; with its default (1e-6)
                # the largest scores of the 200k-entity graph were 30% off.
                pr = nx.pagerank(G, alpha=0.85, weight=None, tol=1e-12, max_iter=10000)
                out["pagerank"] = time.perf_counter() - t0
                with open(arg, "w") as f:
                    for v, s in pr.items():
                        f.write("%s %.17g\n" % (v, s))
            elif opt == "--twohop":
                t0 = time.process_time()
                out["twohop_count"] = twohop(G, int(arg))
                out["twohop"] = time.process_time() - t0
            else:
                sys.exit("nx_bench.py: unknown option " + opt)
    elif mode == "read":
        t0 = time.perf_counter()
        G = nx.read_graphml(sys.argv[2])
        out.update(op=time.perf_counter() - t0, load_peak_kb=peak_kb(),
                   entities=G.number_of_nodes(), rels=G.number_of_edges())
    elif mode == "betweenness":
        G = load(sys.argv[2])
        k = min(int(sys.argv[3]), G.number_of_nodes())
        t0 = time.perf_counter()
        nx.betweenness_centrality(G, k=k, normalized=False, seed=1)
        out.update(op=time.perf_counter() - t0, k=k, entities=G.number_of_nodes(), rels=G.number_of_edges())
    else:
        sys.exit("nx_bench.py: unknown mode " + mode)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
