"""test_gexf.py -- erg's GEXF reader and writer against networkx 2.8.8.

In: files networkx writes at run time (write_gexf, 1.2draft and 1.1draft;
directed, undirected, multigraph, dynamic, Les Miserables) read by erg and
by networkx's read_gexf: counts, ids, names and every attribute value must
agree (a dynamic attribute is, in erg, the list of its values).  Out:
erg's GEXF of the built-in graph opened by networkx with every attribute,
validated with xmllint against the official GEXF 1.2draft XSD (from
gephi/gexf, CC BY 4.0; erg's one addition, Gephi's kind, is removed first),
and read back by erg into the same CSV graph, byte for byte.  Run by `make
peer-test` with Debian's python3; $ERG names the erg binary.
"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import networkx as nx

ERG = os.environ["ERG"]
HERE = os.path.dirname(os.path.abspath(__file__))
XSD = os.path.join(HERE, "..", "data", "gexf", "schema-1.2draft", "gexf.xsd")
PASSED = 0
FAILED = 0


def check(name, cond, detail=""):
    global PASSED, FAILED
    if cond:
        PASSED += 1
    else:
        FAILED += 1
        print(f"FAIL [gexf] {name} {detail}", file=sys.stderr)


def erg(*args):
    p = subprocess.run([ERG, "-q", *args], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"erg {' '.join(args)} failed: {p.stderr}")
    return p.stdout


def erg_json(path):
    """The graph erg reads from path, as its node-link JSON."""
    return json.loads(erg("-g", path, "export", "--format", "json", "-o", "-"))


FIELDS = {"id", "type", "name"}
LINK_FIELDS = {"source", "target", "key", "type"}


def compare(name, path, version="1.2draft"):
    """erg's reading of path equals networkx's."""
    g = nx.read_gexf(path, version=version)
    d = erg_json(path)
    check(f"{name}: entity count", len(d["nodes"]) == g.number_of_nodes(), f"{len(d['nodes'])} {g.number_of_nodes()}")
    check(f"{name}: relationship count", len(d["links"]) == g.number_of_edges(), f"{len(d['links'])} {g.number_of_edges()}")
    check(f"{name}: directedness", d["directed"] == g.is_directed())
    bad = []
    for n in d["nodes"]:
        want = dict(g.nodes[n["id"]])
        if n.get("name") != want.pop("label", None):
            bad.append((n["id"], "name"))
        for k in ("start", "end"):
            if k in want:
                want[k] = float(want[k]) if isinstance(want[k], (int, float)) else want[k]
        for k, v in list(want.items()):
            if isinstance(v, list) and v and isinstance(v[0], tuple):
                want[k] = [x[0] for x in v]  # dynamic: erg keeps the values
            if k == "spells":
                lo = [s for s, _ in v if s is not None]
                hi = [e for _, e in v if e is not None]
                del want[k]
                if len(v) > 1:
                    want["spells"] = [f"{s}/{e}" for s, e in v]
                want["start"], want["end"] = min(lo), max(hi)
        got = {k: v for k, v in n.items() if k not in FIELDS}
        if name.startswith("dynamic"):  # times are integers (timeformat long): compare as numbers
            got = {k: (float(v) if k in ("start", "end") else v) for k, v in got.items()}
            want = {k: (float(v) if k in ("start", "end") else v) for k, v in want.items()}
        if got != want:
            bad.append((n["id"], got, want))
    check(f"{name}: node names and attributes", not bad, str(bad[:3]))
    edges = {}
    for u, v, k, data in (g.edges(keys=True, data=True) if g.is_multigraph() else
                          ((u, v, None, data) for u, v, data in g.edges(data=True))):
        edges[data["id"]] = (u, v, data)
    bad = []
    for link in d["links"]:
        u, v, data = edges.get(link["key"], (None, None, {}))
        data = dict(data)
        data.pop("id", None)
        data.pop("networkx_key", None)
        ends = {link["source"], link["target"]} == {u, v} if not d["directed"] else (link["source"], link["target"]) == (u, v)
        got = {k: x for k, x in link.items() if k not in LINK_FIELDS and k != "networkx_key"}
        if name.startswith("dynamic"):
            got = {k: (float(x) if k in ("start", "end") else x) for k, x in got.items()}
            data = {k: (float(x) if k in ("start", "end") else x) for k, x in data.items()}
        if not ends or got != data:
            bad.append((link, data))
    check(f"{name}: edge ids, endpoints and attributes", not bad, str(bad[:3]))


def networkx_files(tmp):
    d = nx.DiGraph()
    d.add_node("acme", label="Acme & Sons <Ltd>", employees=120, revenue=1.5e9, public=True, note='says "hi"')
    d.add_node("gov", label="Départment", employees=-5, revenue=0.1, public=False)
    d.add_node("x")
    d.add_edge("acme", "gov", weight=2.5, label="supplies", since=1999, ok=True)
    d.add_edge("gov", "x", amount=3.25)
    d.add_edge("x", "x", weight=1.0)
    u = nx.Graph()
    u.add_edge("a", "b", weight=0.5, kind_of="friend")
    u.add_edge("b", "c")
    m = nx.MultiGraph()
    m.add_edge(1, 2, colour="red")
    m.add_edge(1, 2, colour="blue", weight=3.0)
    m.add_edge(2, 3)
    md = nx.MultiDiGraph()
    md.add_edge("p", "q", key="first", w=1)
    md.add_edge("p", "q", key="second", w=2)
    md.add_edge("q", "p")
    dyn = nx.Graph()
    dyn.add_node(1, start=1, end=9, score=[(1.0, 1, 2), (2.5, 2, 9)])
    dyn.add_node(2, spells=[(1, 3), (4, 6)])
    dyn.add_node(3, spells=[(2, 5)])
    dyn.add_edge(1, 2, start=2, end=3)
    dyn.add_edge(2, 3)
    files = []
    for name, graph, version in (("directed", d, "1.2draft"), ("directed-1.1draft", d, "1.1draft"),
                                 ("undirected", u, "1.2draft"), ("multigraph", m, "1.2draft"),
                                 ("multidigraph", md, "1.2draft"), ("dynamic", dyn, "1.2draft"),
                                 ("les-miserables", nx.les_miserables_graph(), "1.2draft")):
        p = os.path.join(tmp, name + ".gexf")
        nx.write_gexf(graph, p, version=version)
        files.append((name, p, version))
    return files


def test_networkx_in(tmp):
    for name, path, version in networkx_files(tmp):
        compare(name, path, version)
    d = erg_json(os.path.join(tmp, "les-miserables.gexf"))
    check("les-miserables: 77 entities, 254 relationships", (len(d["nodes"]), len(d["links"])) == (77, 254))
    valjean = [lk for lk in d["links"] if {lk["source"], lk["target"]} == {"Valjean", "Javert"}]
    check("les-miserables: Valjean-Javert weight 17", [lk["weight"] for lk in valjean] == [17.0], str(valjean))


def rows(path):
    return list(csv.DictReader(open(path, encoding="utf-8")))


def gephi_list(items):
    """A list as Gephi writes it (and erg)."""
    if not items:
        return "<empty>"
    out = []
    for t in items:
        if t == "" or t == "null" or any(c in t for c in " \t\r\n,[]()|'\""):
            t = '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'
        out.append(t)
    return "[" + ", ".join(out) + "]"


def test_builtin_out(tmp):
    out = os.path.join(tmp, "builtin.gexf")
    erg("export", "--format", "gexf", "-o", out)
    c = os.path.join(tmp, "builtin-csv")
    erg("export", "--format", "csv", "-o", c)
    g = nx.read_gexf(out)
    ents, rels = rows(os.path.join(c, "entities.csv")), rows(os.path.join(c, "relationships.csv"))
    check("built-in: networkx reads 62 nodes", g.number_of_nodes() == len(ents) == 62, str(g.number_of_nodes()))
    undirected = [r for r in rels if r["directed:bool"] == "false"]
    loops = [r for r in undirected if r["from"] == r["to"]]
    want_edges = len(rels) + len(undirected) - len(loops)  # mutual: both ways
    check("built-in: every relationship an edge (undirected ones both ways)", g.number_of_edges() == want_edges,
          f"{g.number_of_edges()} {want_edges}")
    bad = []
    for e in ents:
        n = g.nodes[e["id"]]
        if n["label"] != e["name"] or n["type"] != e["type"]:
            bad.append(e["id"])
        if e["aliases:string[]"] and n.get("aliases") != gephi_list(e["aliases:string[]"].split(";")):
            bad.append((e["id"], n.get("aliases")))
        if n.get("source") != gephi_list(e["source:string[]"].split(";")):
            bad.append((e["id"], "source"))
        for col in ("evidence", "certainty", "country"):
            if (n.get(col) or "") != e[col]:
                bad.append((e["id"], col))
        if e["unnamed:bool"] and n.get("unnamed") != (e["unnamed:bool"] == "true"):
            bad.append((e["id"], "unnamed"))
    check("built-in: node labels, types, aliases and attributes", not bad, str(bad[:3]))
    by_id = {}
    for _, _, data in g.edges(data=True):
        by_id[data["id"]] = data
    bad = []
    dated = 0
    for r in rels:
        data = by_id.get(r["id"])
        if data is None or data["type"] != r["type"] or data["label"] != r["type"]:
            bad.append(r["id"])
            continue
        for col, conv in (("date:date", str), ("as_of:date", str), ("amount_usd:float", float), ("count:int", int),
                          ("images_equiv:int", int), ("approx:bool", lambda s: s == "true"), ("via", str)):
            name = col.split(":")[0]
            if r[col] and data.get(name) != conv(r[col]):
                bad.append((r["id"], name, data.get(name)))
        if r["date:date"]:
            dated += 1
            start = data.get("start", "")
            if not start.startswith(r["date:date"]) or not data.get("end", "").startswith(r["date:date"]):
                bad.append((r["id"], "start/end", start))
    check("built-in: edge types, labels, attributes and dates as start/end", not bad and dated > 0, str(bad[:3]))
    check("built-in: graph is dynamic", g.graph.get("mode") == "dynamic")
    # erg -> GEXF -> erg keeps every byte of the CSV graph
    back = os.path.join(tmp, "builtin-back")
    erg("convert", out, back + "/")
    for f in ("entities.csv", "relationships.csv"):
        check(f"built-in through GEXF keeps {f}",
              open(os.path.join(c, f), "rb").read() == open(os.path.join(back, f), "rb").read())
    # the official 1.2draft schema (kind, which 1.2draft lacks, removed)
    plain = os.path.join(tmp, "builtin-nokind.gexf")
    text = open(out, encoding="utf-8").read()
    check("built-in: kind is the only extension", "kind=" in text)
    open(plain, "w", encoding="utf-8").write(re.sub(r' kind="[^"]*"', "", text))
    p = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", XSD, plain], capture_output=True, text=True)
    check("built-in: valid GEXF 1.2draft (xmllint)", p.returncode == 0, p.stderr[-500:])


def test_awkward_out(tmp):
    """Every erg type through erg's GEXF, read by networkx and by erg."""
    d = os.path.join(tmp, "awk")
    os.makedirs(d)
    open(os.path.join(d, "entities.csv"), "w", encoding="utf-8").write(
        "id,type,name,aliases:string[],n:int,f:float,b:bool,day:date,tags:string[],ints:int[],days:date[]\n"
        'a,company,"A, ""quoted""",A1;A 2,-9223372036854775808,-0.5,true,2024-02-29,"x y;null;;[b]",1;2,2025;2025-07\n'
        "b,person,B,,7,nan,false,2025,\\e,,\n")
    open(os.path.join(d, "relationships.csv"), "w", encoding="utf-8").write(
        "id,from,to,type,directed:bool,weight:int,start:date,end:date\n"
        "r1,a,b,knows,false,3,2025-07,2026\n"
        "r2,a,b,knows,false,,,\n")
    out = os.path.join(tmp, "awk.gexf")
    erg("-g", d, "export", "--format", "gexf", "-o", out)
    g = nx.read_gexf(out)
    a = g.nodes["a"]
    check("awkward: networkx reads int, float, bool", (a["n"], a["f"], a["b"]) == (-9223372036854775808, -0.5, True), str(a))
    check("awkward: list in Gephi syntax", a["tags"] == '["x y", "null", "", "[b]"]', a["tags"])
    check("awkward: date as text", a["day"] == "2024-02-29")
    e = list(g.edges(data=True))
    check("awkward: undirected graph, parallel edges", not g.is_directed() and len(e) == 2, str(e))
    r1 = [x for _, _, x in e if x["id"] == "r1"][0]
    check("awkward: start/end periods", (r1["start"], r1["end"]) == ("2025-07-01", "2026-12-31"), str(r1))
    check("awkward: int weight as edge weight", r1["weight"] == 3.0)
    back, canon = os.path.join(tmp, "awk-back"), os.path.join(tmp, "awk-canon")
    erg("convert", out, back + "/")
    erg("convert", d, canon + "/")
    for f in ("entities.csv", "relationships.csv"):
        check(f"awkward through GEXF keeps {f}",
              open(os.path.join(canon, f), encoding="utf-8").read() == open(os.path.join(back, f), encoding="utf-8").read(),
              open(os.path.join(back, f), encoding="utf-8").read())


def main():
    tmp = tempfile.mkdtemp(prefix="erg-gexf-")
    try:
        for t in (test_networkx_in, test_builtin_out, test_awkward_out):
            try:
                t(tmp)
            except Exception as e:  # a crash is a failure of that test, not of the run
                check(t.__name__, False, repr(e))
    finally:
        shutil.rmtree(tmp)
    print(f"gexf: {PASSED} passed, {FAILED} failed")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
