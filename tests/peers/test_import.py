"""test_import.py -- erg import against networkx on edge lists.

Each case is read by networkx (nx.read_edgelist into a MultiDiGraph for
whitespace-separated lists; csv + nx.MultiDiGraph for tables with a header,
since nx.from_pandas_edgelist needs pandas) and imported by erg; the entity
and relationship counts must equal networkx's node and edge counts, and the
edges (endpoint pairs with multiplicity) must be the same.  Some inputs are
written by networkx at run time (nx.write_edgelist, with and without weights,
with a comment header), others are tests/data/import.  Run by `make
peer-test` with Debian's python3; $ERG names the erg binary.
"""
import collections
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile

import networkx as nx

ERG = os.environ["ERG"]
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "import")
PASSED = 0
FAILED = 0


def check(name, cond, detail=""):
    global PASSED, FAILED
    if cond:
        PASSED += 1
    else:
        FAILED += 1
        print(f"FAIL [import] {name} {detail}", file=sys.stderr)


def erg_import(tmp, name, path, *flags):
    out = os.path.join(tmp, name)
    p = subprocess.run([ERG, "--quiet", "import", path, "-o", out, *flags], capture_output=True, text=True)
    check(f"{name}: erg import exit 0", p.returncode == 0, p.stderr)
    with open(os.path.join(out, "entities.csv"), newline="") as f:
        ents = [r["id"] for r in csv.DictReader(f)]
    with open(os.path.join(out, "relationships.csv"), newline="") as f:
        rels = [(r["from"], r["to"]) for r in csv.DictReader(f)]
    return ents, rels


def compare(name, G, ents, rels):
    check(f"{name}: entities = nodes", len(ents) == G.number_of_nodes(), f"{len(ents)} vs {G.number_of_nodes()}")
    check(f"{name}: relationships = edges", len(rels) == G.number_of_edges(),
          f"{len(rels)} vs {G.number_of_edges()}")
    check(f"{name}: same node ids", set(ents) == {str(n) for n in G.nodes})
    nx_edges = collections.Counter((str(u), str(v)) for u, v in G.edges())
    check(f"{name}: same edges", collections.Counter(rels) == nx_edges)


def from_table(path, src, dst, delimiter=","):
    G = nx.MultiDiGraph()
    with open(path, newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f, delimiter=delimiter):
            G.add_edge(row[src], row[dst])
    return G


def test_written_by_networkx(tmp):
    rng = random.Random(7)
    G = nx.gnm_random_graph(300, 1200, seed=7, directed=True)
    for u, v in G.edges:
        G[u][v]["weight"] = rng.randint(1, 9)
    plain = os.path.join(tmp, "plain.edgelist")
    nx.write_edgelist(G, plain, data=False)
    weighted = os.path.join(tmp, "weighted.edgelist")
    nx.write_edgelist(G, weighted, data=["weight"])
    commented = os.path.join(tmp, "commented.txt")
    with open(commented, "w", newline="") as f:  # SNAP's habit: # lines, CRLF
        f.write("# Directed graph: commented.txt\r\n# Nodes: 300 Edges: 1200\r\n")
        for u, v in G.edges:
            f.write(f"{u}\t{v}\r\n")
    for name, path, flags in (("plain", plain, []), ("weighted", weighted, []), ("commented", commented, [])):
        H = nx.read_edgelist(path, create_using=nx.MultiDiGraph, nodetype=str, data=(("weight", int),)
                             if name == "weighted" else False)
        ents, rels = erg_import(tmp, name, path, "--no-header", *flags)
        compare(name, H, ents, rels)
    with open(os.path.join(tmp, "weighted", "relationships.csv"), newline="") as f:
        w = {(r["from"], r["to"]): r["col3:int"] for r in csv.DictReader(f)}
    check("weighted: weights kept", all(w[(str(u), str(v))] == str(d["weight"]) for u, v, d in G.edges(data=True)))
    with open(os.path.join(tmp, "weighted", "relationships.csv")) as f:
        check("weighted: weight column typed int", f.readline().strip() == "id,from,to,type,col3:int")


def test_data_files(tmp):
    snap = os.path.join(DATA, "wiki-vote-sample.txt")
    H = nx.read_edgelist(snap, comments="#", create_using=nx.MultiDiGraph, nodetype=str)
    compare("wiki-vote-sample", H, *erg_import(tmp, "wv", snap, "--no-header"))
    edges = os.path.join(DATA, "edges.csv")
    compare("edges.csv", from_table(edges, "source", "target"), *erg_import(tmp, "edges", edges))
    tsv = os.path.join(DATA, "contracts.tsv")
    compare("contracts.tsv", from_table(tsv, "from", "to", "\t"), *erg_import(tmp, "contracts", tsv))
    semi = os.path.join(DATA, "donations_semicolon.csv")
    compare("donations_semicolon.csv", from_table(semi, "donor", "recipient", ";"), *erg_import(tmp, "don", semi))


def main():
    tmp = tempfile.mkdtemp(prefix="erg-import-")
    try:
        for t in (test_written_by_networkx, test_data_files):
            try:
                t(tmp)
            except Exception as e:
                check(t.__name__, False, repr(e))
    finally:
        shutil.rmtree(tmp)
    print(f"import: {PASSED} passed, {FAILED} failed")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
