"""ig_bench.py -- python-igraph's side of the benchmark (tests/bench/run.py
runs it with Debian's /usr/bin/python3, one process per measurement).

  ig_bench.py nop          baseline process (RSS after `import igraph`)
  ig_bench.py load DIR     the CSV graph directory with Python's csv module,
                           values typed (name:int -> int, name:float ->
                           float, empty -> absent), into Graph.DictList
                           (vertex names from id, edges from/to); the time
                           covers reading, typing and building
"""
import csv
import json
import os
import sys
import time

import igraph

CONV = {"int": int, "float": float}


def peak_kb():
    """Peak RSS of this process image (VmHWM), KiB; not getrusage, which
    Linux carries across exec (it would include the parent's RSS)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        cols = []
        for h in next(rd):
            name, _, typ = h.partition(":")
            cols.append((name, CONV.get(typ)))
        for row in rd:
            d = {}
            for (name, conv), v in zip(cols, row):
                if v != "":
                    d[name] = conv(v) if conv else v
            yield d


def load(d):
    vertices = list(rows(os.path.join(d, "entities.csv")))
    path = os.path.join(d, "relationships.csv")
    edges = list(rows(path)) if os.path.exists(path) else []
    return igraph.Graph.DictList(vertices, edges, directed=True, vertex_name_attr="id",
                                 edge_foreign_keys=("from", "to"))


def main():
    mode = sys.argv[1]
    out = {}
    if mode == "nop":
        out.update(peak_kb=peak_kb(), version=igraph.__version__)
    elif mode == "load":
        t0 = time.perf_counter()
        g = load(sys.argv[2])
        out.update(op=time.perf_counter() - t0, load_peak_kb=peak_kb(), entities=g.vcount(), rels=g.ecount())
    else:
        sys.exit("ig_bench.py: unknown mode " + mode)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
