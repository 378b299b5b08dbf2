"""test_graphml_peers.py -- GraphML as networkx and python-igraph write and
read it.

Reading: a corpus of GraphML files written here at run time by networkx
(directed, undirected, multigraph, multidigraph, every attribute type,
les_miserables_graph, karate_club_graph, florentine_families_graph...) and
python-igraph (g.write_graphml), plus the hand-made yEd, Gephi and
Cytoscape exports in tests/data/graphml/ (see tests/data/README.md).  Each
file is read by erg (through its node-link JSON export), networkx and
igraph; erg's entity and relationship counts, ids, names, types and every
attribute must equal what networkx reports, and the counts and ids what
igraph reports (but for the yEd group, whose nested graph igraph drops).

Writing: erg's GraphML of the built-in graph and of a graph mixing
directed and undirected relationships and every value type opens in
networkx 2.8.8 and python-igraph with every attribute, validates against
the GraphML XSD, and reads back into the same CSV files byte for byte.

Run by `make peer-test` with Debian's python3; $ERG names the erg binary.
"""
import collections
import json
import math
import os
import subprocess
import sys
import tempfile
import warnings

import igraph
import networkx as nx

ERG = os.environ["ERG"]
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "graphml")
XSD = os.path.join(HERE, "..", "data", "graphml-schema", "graphml.xsd")
PASSED = 0
FAILED = 0
FIELDS_ENT = ("id", "type", "name", "aliases")
FIELDS_REL = ("source", "target", "key", "type", "directed")


def check(name, cond, detail=""):
    global PASSED, FAILED
    if cond:
        PASSED += 1
    else:
        FAILED += 1
        print(f"FAIL [graphml-peers] {name} {detail}", file=sys.stderr)


def erg(*args, ok=True):
    p = subprocess.run([ERG, "-q", *args], capture_output=True, text=True)
    if ok and p.returncode != 0:
        raise RuntimeError(f"erg {' '.join(args)} failed: {p.stderr}")
    return p


def restore_nonfinite(elem):
    """erg's node-link export writes NaN and infinities as null plus an
    "erg.nonfinite" member naming them (strict JSON): put them back."""
    marks = elem.pop("erg.nonfinite", None) or {}
    for k, v in marks.items():
        if isinstance(v, list):
            elem[k] = [float(x.replace("Infinity", "inf")) if isinstance(x, str) else x for x in v]
        else:
            elem[k] = float(v.replace("Infinity", "inf"))
    return elem


def erg_json(path):
    """What erg read: (node-link dict, the warnings it printed)."""
    p = erg("-g", path, "export", "--format", "json", "-o", "-")
    d = json.loads(p.stdout)
    for e in d.get("nodes", []) + d.get("links", []):
        restore_nonfinite(e)
    return d, p.stderr


def same(a, b):
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def same_dict(a, b):
    return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)


# ---- what erg should report for a node or edge networkx read -------------
def expect_node(data, yed, name_key):
    """erg's fields and attributes for networkx's node data; name_key: the
    file has a "name" node key (then labels name nothing)."""
    d = dict(data)
    if yed:  # yEd graphics networkx derives; erg keeps only the label, as the name
        for k in ("x", "y", "shape_type"):
            d.pop(k, None)
    fields = {"type": "entity", "name": None}
    for f in ("type", "name", "aliases"):
        if f in d:
            v = d.pop(f)
            if isinstance(v, str) and f != "aliases":
                fields[f] = v
            elif not isinstance(v, str):
                d["graphml." + f] = v  # a field name holding numbers: renamed
    if fields["name"] is None and not name_key and d.get("label"):
        fields["name"] = d["label"]
    if yed:
        d.pop("label", None)
    return fields, d


def expect_edge(data, yed):
    d = dict(data)
    if yed:
        d.pop("label", None)  # networkx's yEd EdgeLabel
    etype = "related_to"
    if "type" in d:
        v = d.pop("type")
        if isinstance(v, str):
            etype = v
        else:
            d["graphml.type"] = v
    for f in ("id", "directed"):
        if f in d:
            d["graphml." + f] = d.pop(f)
    return etype, d


def erg_attrs(obj, fields):
    return {k: v for k, v in obj.items() if k not in fields}


def file_shape(path):
    """The id attribute of each <edge>, in file order (None when absent),
    and the attr.name of each key for nodes and for edges."""
    import xml.etree.ElementTree as ET
    ids, names = [], {"node": set(), "edge": set()}
    for el in ET.parse(path).iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "edge":
            ids.append(el.get("id"))
        elif tag == "key" and el.get("for") in ("node", "edge", "all", None):
            for f in ("node", "edge") if el.get("for") in ("all", None) else (el.get("for"),):
                names[f].add(el.get("attr.name") or el.get("id"))
    return ids, names


def compare(name, path, yed=False, igraph_same=True):
    """Reads path with erg, networkx and igraph and checks erg against both."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = nx.read_graphml(path, force_multigraph=True)
    got, _ = erg_json(path)
    nodes = {n["id"]: n for n in got["nodes"]}
    links = got["links"]
    check(f"{name}: entity count", len(nodes) == g.number_of_nodes(), f"{len(nodes)} vs {g.number_of_nodes()}")
    check(f"{name}: relationship count", len(links) == g.number_of_edges(), f"{len(links)} vs {g.number_of_edges()}")
    check(f"{name}: entity ids", set(nodes) == set(g.nodes), str(set(nodes) ^ set(g.nodes)))
    check(f"{name}: directed", got["directed"] == g.is_directed() or any(not l.get("directed", True) for l in links))
    ids, keynames = file_shape(path)
    name_key = any(isinstance(d.get("name"), str) for _, d in g.nodes(data=True))
    bad = []
    for n, data in g.nodes(data=True):
        if n not in nodes:
            continue
        fields, attrs = expect_node(data, yed, name_key)
        e = nodes[n]
        mine = erg_attrs(e, FIELDS_ENT)
        # networkx drops an empty <data></data>; erg keeps it as ""
        mine = {k: v for k, v in mine.items() if not (v == "" and k not in attrs)}
        if e["type"] != fields["type"] or e["name"] != fields["name"] or not same_dict(mine, attrs):
            bad.append((n, e, fields, attrs))
    check(f"{name}: every entity's type, name and attributes", not bad, str(bad[:2]))

    # relationships: multisets of (ends, id in the file, type, attributes)
    def ends(u, v):
        return (u, v) if g.is_directed() else tuple(sorted((u, v)))

    def canon(attrs):
        return tuple(sorted((k, repr(v)) for k, v in attrs.items()))

    counts = collections.Counter(i for i in ids if i)
    want = collections.Counter()
    for u, v, k, data in g.edges(keys=True, data=True):
        etype, attrs = expect_edge(data, yed)
        want[(ends(u, v), etype, canon(attrs))] += 1
    have = collections.Counter()
    id_errors = []
    for l in links:
        attrs = erg_attrs(l, FIELDS_REL)
        # the file's id of an edge whose id is repeated, unless an edge key
        # named "id" took that attribute
        fid = attrs.pop("graphml.id", None) if "id" not in keynames["edge"] else None
        have[(ends(l["source"], l["target"]), l["type"], canon(attrs))] += 1
        if fid is not None and counts.get(fid, 0) < 2:
            id_errors.append(("kept although unique", l))
        if fid is None and l["key"] not in counts and not l["key"].startswith("r"):
            id_errors.append(("unknown id", l))
        if fid is None and counts.get(l["key"], 0) > 1:
            id_errors.append(("repeated id used", l))
    check(f"{name}: every relationship's ends, type and attributes", have == want,
          str(list((have - want).items())[:2]) + " / " + str(list((want - have).items())[:2]))
    check(f"{name}: ids unique in the file kept, repeated ones as graphml.id", not id_errors, str(id_errors[:2]))
    n_unique = sum(1 for i in ids if i and counts[i] == 1)
    check(f"{name}: {n_unique} unique file ids are relationship ids",
          sum(1 for l in links if counts.get(l["key"], 0) == 1) == n_unique)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # igraph on yEd keys and ports
        h = igraph.Graph.Read_GraphML(path)
    if igraph_same:
        check(f"{name}: igraph counts", (h.vcount(), h.ecount()) == (len(nodes), len(links)),
              f"{h.vcount()},{h.ecount()} vs {len(nodes)},{len(links)}")
        check(f"{name}: igraph ids", set(h.vs["id"]) == set(nodes))
    return got


# ---- the corpus --------------------------------------------------------------
def every_type(G):
    G.graph["title"] = "every type"
    G.graph["year"] = 2025
    G.add_node("a", s="text & <markup>", i=-12, big=2 ** 53 + 1, f=1.25, neg=-0.5, b=True, name="Alpha")
    G.add_node("b", s="", i=0, f=1e300, b=False, type="company")
    G.add_node("c", label="Gamma", f=float("inf"))
    G.add_node("d")
    G.add_edge("a", "b", weight=2.5, n=3, ok=True, note="first", type="supplies")
    G.add_edge("b", "c", weight=-1.0, n=-4, ok=False)
    G.add_edge("c", "c", note="self-loop")
    G.add_edge("d", "a")
    return G


def nx_files(tmp):
    files = []

    def w(name, G, **kw):
        p = os.path.join(tmp, f"nx-{name}.graphml")
        nx.write_graphml(G, p, **kw)
        files.append((f"networkx {name}", p))

    w("digraph", every_type(nx.DiGraph()))
    w("graph", every_type(nx.Graph()))
    m = every_type(nx.MultiGraph())
    m.add_edge("a", "b", weight=9.0)
    m.add_edge("a", "b", n=7)
    w("multigraph", m)
    md = every_type(nx.MultiDiGraph())
    md.add_edge("a", "b", key="x", weight=1.0)
    md.add_edge("b", "c", key="x")
    md.add_edge("b", "a")
    w("multidigraph", md)
    w("les_miserables", nx.les_miserables_graph())
    w("karate_club", nx.karate_club_graph())
    w("florentine_families", nx.florentine_families_graph())
    w("path_infer_numeric_types", nx.path_graph(5), infer_numeric_types=True)
    t = nx.DiGraph()
    t.add_node(1, type=3, name=2.5, aliases=7)  # field names holding numbers
    t.add_node(2, label="Two")
    t.add_edge(1, 2, type=4, id="e-x", directed=False)
    w("field_names", t)
    w("named_edge_ids", nx.MultiDiGraph([(1, 2, {"id": "p"}), (2, 3, {"id": "q"})]), edge_id_from_attribute="id")
    return files


def igraph_files(tmp):
    files = []

    def w(name, h):
        p = os.path.join(tmp, f"igraph-{name}.graphml")
        h.write_graphml(p)
        files.append((f"igraph {name}", p))

    w("zachary", igraph.Graph.Famous("Zachary"))
    h = igraph.Graph(directed=True)
    h.add_vertices(4)
    h.vs["name"] = ["ann", "bob", "cy", "dee"]
    h.vs["size"] = [1.5, 2.0, 0.25, 1e10]
    h.vs["flag"] = [True, False, True, False]
    h.vs["note"] = ["x", "", "z & <w>", "q"]
    h.add_edges([(0, 1), (1, 2), (2, 0), (0, 1), (3, 3)])
    h.es["weight"] = [1.0, 2.0, 3.0, 4.5, 0.0]
    h.es["label"] = ["a", "b", "c", "d", "e"]
    h["title"] = "igraph graph"
    w("attributes", h)
    w("tree", igraph.Graph.Tree(15, 2))
    w("ring_undirected", igraph.Graph.Ring(6, directed=False))
    return files


def test_corpus(tmp):
    files = nx_files(tmp) + igraph_files(tmp)
    for name, path in files:
        compare(name, path)
    for f, kw in (("gephi-lesmis.graphml", {}), ("cytoscape.graphml", {}),
                  ("yed.graphml", {"yed": True, "igraph_same": False})):
        compare(f, os.path.join(DATA, f), **kw)
    return len(files) + 3


def test_names(tmp):
    """graph:entity("Valjean") on Les Miserables as networkx, Gephi and yEd write it."""
    p = os.path.join(tmp, "lesmis.graphml")
    nx.write_graphml(nx.les_miserables_graph(), p)
    for f in (p, os.path.join(DATA, "gephi-lesmis.graphml"), os.path.join(DATA, "yed.graphml")):
        r = erg("-g", f, "eval", 'return graph:entity("Valjean").id')
        check(f"entity Valjean in {os.path.basename(f)}", r.stdout.strip() in ("Valjean", "11", "n0"), r.stdout + r.stderr)
    got, warn = erg_json(os.path.join(DATA, "cytoscape.graphml"))
    check("cytoscape: names from the shared 'name' key", [n["name"] for n in got["nodes"]] == ["YKR026C", "YGL122C", "YOR355W"])
    check("cytoscape: graph name", got["graph"].get("name") == "galFiltered.sif", str(got["graph"]))
    check("cytoscape: no warnings", warn == "", warn)
    got, warn = erg_json(os.path.join(DATA, "yed.graphml"))
    check("yed: one graphics warning, one nested-graph warning",
          warn.count("yEd/yFiles graphics data") == 1 and warn.count("nested graph flattened") == 1
          and len(warn.strip().split("\n")) == 2, warn)
    m = os.path.join(tmp, "m.graphml")
    g = nx.MultiGraph()
    g.add_edges_from([("a", "b"), ("a", "b"), ("b", "c")])
    nx.write_graphml(g, m)
    got, warn = erg_json(m)
    check("multigraph: one warning for the repeated ids", warn.count("is used by more than one edge") == 1, warn)
    check("multigraph: ids 0, 1, 0: 1 kept, the 0s generated",
          [(l["key"], l.get("graphml.id")) for l in got["links"]] == [("r1", "0"), ("1", None), ("r2", "0")],
          str(got["links"]))


# ---- erg's export opened by the peers ------------------------------------------
ENT_HEAD = "id,type,name,aliases:string[],n:int,f:float,b:bool,d:date,tags:string[],nums:int[],note\n"
ENT_ROWS = [
    'a,company,Acme & <Co>,ACME;Acme Co,-9223372036854775808,1.5e9,true,1999-03-04,a\\;b;c\\\\d,1;2;3,"say ""hi"""',
    "b,person,Bea,,42,-0.0,false,2025,,,",
    'c,place,"  padded  ",\\e,0,0.1,,2025-07,\\e,-7,"line1\nline2"',
]
REL_HEAD = "id,from,to,type,directed:bool,w:float,k:int,ok:bool,since:date,src:string[]\n"
REL_ROWS = [
    "r1,a,b,supplies,true,75000000000,50,true,2025-07,s1;s2",
    "r2,b,a,knows,false,3.25,1,false,2026,s1",
    "r3,a,a,owns,true,,7,,,",
    "r4,c,b,knows,false,2,0,true,2024-02-29,",
]


def write_mixed(d):
    os.makedirs(d)
    with open(os.path.join(d, "entities.csv"), "w", encoding="utf-8") as f:
        f.write(ENT_HEAD + "\n".join(ENT_ROWS) + "\n")
    with open(os.path.join(d, "relationships.csv"), "w", encoding="utf-8") as f:
        f.write(REL_HEAD + "\n".join(REL_ROWS) + "\n")


def xmllint_ok(path):
    p = subprocess.run(["xmllint", "--nonet", "--noout", "--schema", XSD, path], capture_output=True, text=True)
    return p.returncode == 0, p.stderr


def round_trip(name, src, tmp):
    c1, c2 = os.path.join(tmp, name + "-c1"), os.path.join(tmp, name + "-c2")
    gml = os.path.join(tmp, name + ".graphml")
    erg("-g", src, "export", "--format", "csv", "-o", c1) if src else erg("export", "--format", "csv", "-o", c1)
    erg("convert", c1, gml)
    erg("convert", gml, c2)
    for f in sorted(os.listdir(c1)):
        check(f"{name}: {f} byte for byte through GraphML",
              open(os.path.join(c1, f), "rb").read() == open(os.path.join(c2, f), "rb").read())
    ok, err = xmllint_ok(gml)
    check(f"{name}: validates against the XSD", ok, err)
    return gml, c1


def test_export(tmp):
    # the built-in graph: directed and undirected relationships
    gml, c1 = round_trip("builtin", None, tmp)
    text = open(gml, encoding="utf-8").read()
    check("builtin: no directed=\"false\"", 'directed="false"' not in text)
    g = nx.read_graphml(gml, force_multigraph=True)
    ents = list(open(os.path.join(c1, "entities.csv"), encoding="utf-8"))
    rels = list(open(os.path.join(c1, "relationships.csv"), encoding="utf-8"))
    check("builtin: networkx opens it", g.number_of_nodes() == len(ents) - 1 and g.number_of_edges() == len(rels) - 1,
          f"{g.number_of_nodes()} {g.number_of_edges()}")
    got, _ = erg_json(c1)
    und = sum(1 for l in got["links"] if l.get("directed") is False)
    check("builtin: networkx sees the undirected ones", und > 0 and
          sum(1 for *_, d in g.edges(data=True) if d.get("directed") is False) == und, str(und))

    def as_text(v):  # erg's GraphML text of a JSON value
        if isinstance(v, list):
            return ";".join(x.replace("\\", "\\\\").replace(";", "\\;") for x in v) if v != [""] else "\\e"
        return v

    def erg_side(obj, drop):
        return {k: as_text(v) for k, v in obj.items() if k not in drop and v is not None and v != []}

    bad = [n["id"] for n in got["nodes"] if not same_dict(erg_side(n, ("id",)), g.nodes[n["id"]])]
    check("builtin: networkx has every entity attribute", not bad, str(bad[:3]))
    nx_edges = {k: d for _, _, k, d in g.edges(keys=True, data=True)}
    renamed = {"sources": "source"}  # the JSON export's name for a relationship's "source"
    bad = []
    for l in got["links"]:
        want = {renamed.get(k, k): v for k, v in erg_side(l, ("source", "target", "key")).items()}
        want["directed"] = want.get("directed", True)
        if not same_dict(want, nx_edges.get(l["key"], {})):
            bad.append((want, nx_edges.get(l["key"])))
    check("builtin: networkx has every relationship attribute", not bad, str(bad[:2]))
    h = igraph.Graph.Read_GraphML(gml)
    check("builtin: igraph opens it", (h.vcount(), h.ecount()) == (len(ents) - 1, len(rels) - 1))
    check("builtin: igraph directed flags", h.es["directed"].count(False) == und)

    # every value type, mixed directions
    d = os.path.join(tmp, "mixed")
    write_mixed(d)
    gml, c1 = round_trip("mixed", d, tmp)
    g = nx.read_graphml(gml, force_multigraph=True)
    check("mixed: networkx multidigraph", g.is_directed() and g.is_multigraph())
    a = g.nodes["a"]
    want_a = {"type": "company", "name": "Acme & <Co>", "aliases": "ACME;Acme Co", "n": -9223372036854775808,
              "f": 1.5e9, "b": True, "d": "1999-03-04", "tags": "a\\;b;c\\\\d", "nums": "1;2;3", "note": 'say "hi"'}
    check("mixed: networkx entity a, every attribute", same_dict(a, want_a), str(a))
    c = g.nodes["c"]
    check("mixed: networkx entity c", c.get("name") == "  padded  " and c.get("note") == "line1\nline2"
          and "aliases" not in c and "b" not in c, str(c))
    e = {k: dd for _, _, k, dd in g.edges(keys=True, data=True)}
    check("mixed: networkx edge ids", sorted(e) == ["r1", "r2", "r3", "r4"])
    check("mixed: networkx r1", same_dict(e["r1"], {"type": "supplies", "directed": True, "w": 75e9, "k": 50,
                                                    "ok": True, "since": "2025-07", "src": "s1;s2"}), str(e["r1"]))
    check("mixed: networkx r2 undirected", e["r2"]["directed"] is False and e["r2"]["w"] == 3.25, str(e["r2"]))
    check("mixed: networkx null omitted", "w" not in e["r3"] and "ok" not in e["r3"], str(e["r3"]))
    h = igraph.Graph.Read_GraphML(gml)
    check("mixed: igraph counts", (h.vcount(), h.ecount()) == (3, 4))
    va = h.vs.find(id="a")
    check("mixed: igraph entity a", va["name"] == "Acme & <Co>" and va["b"] is True and va["f"] == 1.5e9
          and va["n"] == float(-9223372036854775808) and va["d"] == "1999-03-04", str(va.attributes()))
    check("mixed: igraph directed flags", h.es["directed"] == [True, False, True, False], str(h.es["directed"]))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        n = test_corpus(tmp)
        test_names(tmp)
        test_export(tmp)
    print(f"graphml-peers: {PASSED} passed, {FAILED} failed ({n} files read by erg, networkx and igraph)")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
