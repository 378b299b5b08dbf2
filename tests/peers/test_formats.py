"""test_formats.py -- erg's exports opened by the tools users move graphs to.

GraphML: validated against the GraphML XSD with xmllint, read by networkx
(every attribute type intact) and python-igraph (every value intact, numbers
as floats); graphs mixing directed and undirected relationships are checked
with xmllint and python-igraph (networkx: test_graphml_peers.py).  GEXF, DOT,
node-link JSON, Cytoscape.js JSON, Neo4j and GraphFrames tables are parsed
and checked field by field.  Round trips CSV -> GraphML -> CSV and GraphML
-> CSV -> GraphML keep every byte.  Run by `make peer-test` with Debian's
python3; $ERG names the erg binary.
"""
import csv
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import igraph
import networkx as nx

ERG = os.environ["ERG"]
HERE = os.path.dirname(os.path.abspath(__file__))
XSD = os.path.join(HERE, "..", "data", "graphml-schema", "graphml.xsd")
PASSED = 0
FAILED = 0


def check(name, cond, detail=""):
    global PASSED, FAILED
    if cond:
        PASSED += 1
    else:
        FAILED += 1
        print(f"FAIL [formats] {name} {detail}", file=sys.stderr)


def erg(*args, ok=True):
    p = subprocess.run([ERG, "-q", *args], capture_output=True, text=True)
    if ok and p.returncode != 0:
        raise RuntimeError(f"erg {' '.join(args)} failed: {p.stderr}")
    return p


# A graph with every attribute type; values chosen to be awkward.
ENTITIES = [
    # id, type, name, aliases, employees:int, revenue:float, public:bool, founded:date, tags:string[], note
    ("acme", "company", "Acme & Sons <Ltd>", ["ACME", "Acme Co"], 120, 1.5e9, True, "1999-03-04", ["a;b", "c\\d"], 'says "hi"'),
    ("gov", "government_body", "Départment of Things", [], -9223372036854775808, 0.1, False, "2025", [], "line1\nline2"),
    ("x", "person", "  padded  ", ["X"], 9223372036854775807, -0.0, True, "2025-07", [""], None),
]
RELS = [
    # id, from, to, type, directed, amount:float, count:int, since:date, ok:bool, src:string[]
    ("r1", "acme", "gov", "supplies", True, 75e9, 50, "2025-07", True, ["s1", "s2"]),
    ("r2", "acme", "gov", "supplies", True, 3.25, 1, "2026", False, ["s1"]),
    ("r3", "gov", "x", "employs", True, None, 7, None, None, []),
    ("r4", "x", "x", "knows", True, 2.0, 0, "2024-02-29", True, ["s2"]),
]


def q(v):
    """One CSV field as erg writes it: None is an empty unquoted field (null),
    '' is "" (empty string or empty list)."""
    if v is None:
        return ""
    v = str(v)
    if v == "" or any(c in v for c in ',"\n\r') or v != v.strip(" \t"):
        return '"' + v.replace('"', '""') + '"'
    return v


def list_text(items):
    if items == [""]:
        return "\\e"
    return ";".join(t.replace("\\", "\\\\").replace(";", "\\;") for t in items)


def write_graph(d, undirected=False, mixed=False):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "entities.csv"), "w", encoding="utf-8") as f:
        f.write("id,type,name,aliases:string[],employees:int,revenue:float,public:bool,founded:date,"
                "tags:string[],note\n")
        for e in ENTITIES:
            f.write(",".join([q(e[0]), q(e[1]), q(e[2]), q(";".join(e[3])) if e[3] else "", q(e[4]), q(repr(e[5])),
                              q(str(e[6]).lower()), q(e[7]), q(list_text(e[8])), q(e[9])]) + "\n")
    with open(os.path.join(d, "relationships.csv"), "w", encoding="utf-8") as f:
        f.write("id,from,to,type,directed:bool,amount:float,count:int,since:date,ok:bool,src:string[]\n")
        for i, r in enumerate(RELS):
            directed = not undirected and not (mixed and i == 2)
            f.write(",".join([r[0], r[1], r[2], r[3], str(directed).lower(),
                              "" if r[5] is None else repr(r[5]), str(r[6]), r[7] or "",
                              "" if r[8] is None else str(r[8]).lower(), q(list_text(r[9]))]) + "\n")


def xmllint_ok(path):
    p = subprocess.run(["xmllint", "--nonet", "--noout", "--schema", XSD, path], capture_output=True, text=True)
    return p.returncode == 0, p.stderr


def test_graphml_networkx(tmp):
    d = os.path.join(tmp, "g")
    write_graph(d)
    out = os.path.join(tmp, "g.graphml")
    erg("-g", d, "export", "--format", "graphml", "-o", out)
    ok, err = xmllint_ok(out)
    check("graphml validates", ok, err)
    g = nx.read_graphml(out)
    check("networkx: directed multigraph", g.is_directed() and g.is_multigraph())
    check("networkx: node count", g.number_of_nodes() == 3)
    check("networkx: edge count", g.number_of_edges() == 4)
    for e in ENTITIES:
        a = g.nodes[e[0]]
        check(f"networkx: {e[0]} type", a["type"] == e[1])
        check(f"networkx: {e[0]} name", a["name"] == e[2], repr(a.get("name")))
        check(f"networkx: {e[0]} employees int", type(a["employees"]) is int and a["employees"] == e[4])
        check(f"networkx: {e[0]} revenue float", type(a["revenue"]) is float and a["revenue"] == e[5]
              and math.copysign(1, a["revenue"]) == math.copysign(1, e[5]))
        check(f"networkx: {e[0]} public bool", type(a["public"]) is bool and a["public"] == e[6])
        check(f"networkx: {e[0]} founded date as text", a["founded"] == e[7])
        if e[9] is None:
            check(f"networkx: {e[0]} null omitted", "note" not in a)
        else:
            check(f"networkx: {e[0]} note", a["note"] == e[9], repr(a.get("note")))
    check("networkx: aliases list as erg text", g.nodes["acme"]["aliases"] == "ACME;Acme Co")
    check("networkx: list escapes", g.nodes["acme"]["tags"] == "a\\;b;c\\\\d")
    edges = {k: d for u, v, k, d in g.edges(keys=True, data=True)}
    check("networkx: edge ids kept as keys", sorted(edges) == ["r1", "r2", "r3", "r4"], str(sorted(edges)))
    check("networkx: edge float", edges["r1"]["amount"] == 75e9 and type(edges["r1"]["amount"]) is float)
    check("networkx: edge int", edges["r1"]["count"] == 50 and type(edges["r1"]["count"]) is int)
    check("networkx: edge type", edges["r3"]["type"] == "employs")
    check("networkx: edge null omitted", "amount" not in edges["r3"])
    check("networkx: self-loop", g.has_edge("x", "x"))

    h = igraph.Graph.Read_GraphML(out)
    check("igraph: counts", h.vcount() == 3 and h.ecount() == 4)
    check("igraph: directed", h.is_directed())
    v = h.vs.find(id="gov")
    check("igraph: int as float", v["employees"] == float(-9223372036854775808))
    check("igraph: float", h.vs.find(id="acme")["revenue"] == 1.5e9)
    check("igraph: bool", h.vs.find(id="acme")["public"] is True)
    check("igraph: string with markup", h.vs.find(id="acme")["name"] == "Acme & Sons <Ltd>")
    check("igraph: newline kept", v["note"] == "line1\nline2")
    e1 = h.es.find(id="r1")
    check("igraph: edge value", e1["amount"] == 75e9 and e1["count"] == 50.0)
    return out


def test_graphml_undirected(tmp):
    d = os.path.join(tmp, "u")
    write_graph(d, undirected=True)
    out = os.path.join(tmp, "u.graphml")
    erg("-g", d, "export", "--format", "graphml", "-o", out)
    text = open(out, encoding="utf-8").read()
    check("undirected: edgedefault", 'edgedefault="undirected"' in text)
    check("undirected: no per-edge flag", 'directed="false"' not in text)
    ok, err = xmllint_ok(out)
    check("undirected validates", ok, err)
    g = nx.read_graphml(out)
    check("networkx: undirected multigraph", not g.is_directed() and g.is_multigraph())
    check("networkx: undirected int", g.nodes["gov"]["employees"] == -9223372036854775808)
    h = igraph.Graph.Read_GraphML(out)
    check("igraph: undirected", not h.is_directed() and h.ecount() == 4)


def test_graphml_mixed(tmp):
    d = os.path.join(tmp, "m")
    write_graph(d, mixed=True)
    out = os.path.join(tmp, "m.graphml")
    erg("-g", d, "export", "--format", "graphml", "-o", out)
    text = open(out, encoding="utf-8").read()
    check("mixed: direction in erg's directed key, not directed=\"false\"",
          'directed="false"' not in text and text.count("<desc>erg:directed</desc>") == 1)
    ok, err = xmllint_ok(out)
    check("mixed validates", ok, err)
    h = igraph.Graph.Read_GraphML(out)
    check("igraph: mixed read", h.vcount() == 3 and h.ecount() == 4)
    check("igraph: mixed values", h.es.find(id="r2")["amount"] == 3.25)


def test_round_trips(tmp):
    d = os.path.join(tmp, "rt")
    write_graph(d, mixed=True)
    c1, c2 = os.path.join(tmp, "c1"), os.path.join(tmp, "c2")
    g1, g2 = os.path.join(tmp, "rt1.graphml"), os.path.join(tmp, "rt2.graphml")
    erg("-g", d, "export", "--format", "csv", "-o", c1)
    erg("-g", c1, "export", "--format", "graphml", "-o", g1)
    erg("convert", g1, c2)
    for f in ("entities.csv", "relationships.csv"):
        a = open(os.path.join(c1, f), "rb").read()
        b = open(os.path.join(c2, f), "rb").read()
        check(f"CSV -> GraphML -> CSV keeps {f} byte for byte", a == b)
    erg("-g", c2, "export", "--format", "graphml", "-o", g2)
    check("GraphML -> CSV -> GraphML byte for byte", open(g1, "rb").read() == open(g2, "rb").read())
    # the built-in graph, with its sources, through GraphML and back
    b1, b2 = os.path.join(tmp, "b1"), os.path.join(tmp, "b2")
    bg = os.path.join(tmp, "b.graphml")
    erg("export", "--format", "csv", "-o", b1)
    erg("convert", b1, bg)
    erg("convert", bg, b2)
    for f in ("entities.csv", "relationships.csv", "sources.csv"):
        check(f"built-in graph through GraphML keeps {f}",
              open(os.path.join(b1, f), "rb").read() == open(os.path.join(b2, f), "rb").read())


def test_gexf(tmp):
    d = os.path.join(tmp, "gx")
    write_graph(d, mixed=True)
    out = os.path.join(tmp, "g.gexf")
    erg("-g", d, "export", "--format", "gexf", "-o", out)
    ns = {"g": "http://www.gexf.net/1.2draft"}
    root = ET.parse(out).getroot()
    check("gexf: version 1.2draft", root.tag == "{http://www.gexf.net/1.2draft}gexf" and root.get("version") == "1.2")
    graph = root.find("g:graph", ns)
    check("gexf: mixed graph written directed", graph.get("defaultedgetype") == "directed")
    attrs = {a.get("title"): a.get("type") for a in graph.findall("g:attributes[@class='node']/g:attribute", ns)}
    check("gexf: typed node attributes", attrs.get("employees") == "long" and attrs.get("revenue") == "double"
          and attrs.get("public") == "boolean" and attrs.get("note") == "string", str(attrs))
    edges = graph.findall("g:edges/g:edge", ns)
    kinds = sorted(e.get("kind") for e in edges)
    check("gexf: parallel edges get distinct kinds", kinds == ["employs", "knows", "supplies", "supplies#2"], str(kinds))
    check("gexf: undirected edge marked mutual", [e.get("type") for e in edges if e.get("id") == "r3"] == ["mutual"])
    node = graph.find("g:nodes/g:node[@id='acme']", ns)
    check("gexf: label is name", node.get("label") == "Acme & Sons <Ltd>")


def test_json(tmp):
    d = os.path.join(tmp, "js")
    write_graph(d)
    out = os.path.join(tmp, "g.json")
    erg("-g", d, "export", "--format", "json", "-o", out)
    data = json.load(open(out, encoding="utf-8"))
    g = nx.node_link_graph(data)
    check("json: networkx reads node-link", g.number_of_nodes() == 3 and g.number_of_edges() == 4)
    check("json: directed multigraph", g.is_directed() and g.is_multigraph())
    check("json: int exact", g.nodes["gov"]["employees"] == -9223372036854775808)
    check("json: list as array", g.nodes["acme"]["tags"] == ["a;b", "c\\d"])
    check("json: list with one empty string", g.nodes["x"]["tags"] == [""])
    check("json: date as string", g.nodes["acme"]["founded"] == "1999-03-04")
    check("json: control characters escaped", g.nodes["gov"]["note"] == "line1\nline2")
    e = g.get_edge_data("acme", "gov", key="r1")
    check("json: edge attributes", e is not None and e["amount"] == 75e9 and e["type"] == "supplies", str(e))
    out2 = os.path.join(tmp, "g.cyjs")
    erg("convert", d, out2)
    cy = json.load(open(out2, encoding="utf-8"))
    nodes = cy["elements"]["nodes"]
    edges = cy["elements"]["edges"]
    check("cytoscape: elements", len(nodes) == 3 and len(edges) == 4)
    check("cytoscape: edge data has id, source, target",
          all({"id", "source", "target"} <= set(x["data"]) for x in edges))
    check("cytoscape: node data", nodes[0]["data"]["id"] == "acme" and nodes[0]["data"]["name"] == "Acme & Sons <Ltd>")
    # the built-in graph: its "source" provenance does not clash with endpoints
    bj = os.path.join(tmp, "b.json")
    erg("export", "--format", "json", "-o", bj)
    bg = nx.node_link_graph(json.load(open(bj, encoding="utf-8")))
    e = [d for u, v, d in bg.edges(data=True) if d.get("type") == "oversees"]
    check("json: provenance renamed to sources", e and e[0]["sources"] and "source" not in e[0], str(e[:1]))


def test_dot(tmp):
    d = os.path.join(tmp, "dt")
    write_graph(d, mixed=True)
    out = os.path.join(tmp, "g.dot")
    erg("-g", d, "export", "--format", "dot", "-o", out)
    text = open(out, encoding="utf-8").read()
    check("dot: digraph", text.startswith('digraph "erg" {'))
    check("dot: quoted, escaped label", '"acme" [label="Acme & Sons <Ltd>", type="company"];' in text, text[:400])
    check("dot: undirected edge", '"gov" -> "x" [label="employs", id="r3", type="employs", dir=none];' in text)
    # networkx's pydot reader is not installed; check every statement parses
    # by balanced quotes at least
    check("dot: balanced quotes", all(line.count('"') % 2 == 0 for line in text.replace('\\"', '').splitlines()))


def test_tables(tmp):
    d = os.path.join(tmp, "tb")
    write_graph(d)
    neo = os.path.join(tmp, "neo")
    erg("-g", d, "export", "--format", "neo4j", "-o", neo)
    rows = list(csv.reader(open(os.path.join(neo, "nodes.csv"), encoding="utf-8")))
    check("neo4j: node header", rows[0][:4] == ["id:ID(Entity)", ":LABEL", "name", "aliases:string[]"]
          and "employees:long" in rows[0] and "revenue:double" in rows[0] and "founded:date" in rows[0]
          and "tags:string[]" in rows[0], str(rows[0]))
    check("neo4j: label is type", rows[1][1] == "company")
    rels = list(csv.reader(open(os.path.join(neo, "relationships.csv"), encoding="utf-8")))
    check("neo4j: relationship header", rels[0][:5] == [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "id",
                                                        "directed:boolean"], str(rels[0]))
    check("neo4j: array joined by U+001F", rels[1][rels[0].index("src:string[]")] == "s1\x1fs2")
    # every array, split at Neo4j's --array-delimiter=U+001F as neo4j-admin
    # does, gives back the elements: ';' and '\\' inside them stay
    tags, aliases = rows[0].index("tags:string[]"), rows[0].index("aliases:string[]")
    for row, ent in zip(rows[1:], ENTITIES):
        check(f"neo4j: {ent[0]} tags", row[tags].split("\x1f") == (ent[8] or [""]), repr(row[tags]))
        check(f"neo4j: {ent[0]} aliases", row[aliases] == "\x1f".join(ent[3]), repr(row[aliases]))
    check("neo4j: a newline inside a quoted field", rows[2][rows[0].index("note:string")] == "line1\nline2")
    gf = os.path.join(tmp, "gf")
    erg("-g", d, "export", "--format", "graphframes", "-o", gf)
    v = list(csv.DictReader(open(os.path.join(gf, "vertices.csv"), encoding="utf-8")))
    e = list(csv.DictReader(open(os.path.join(gf, "edges.csv"), encoding="utf-8")))
    check("graphframes: vertices have id", [x["id"] for x in v] == ["acme", "gov", "x"])
    check("graphframes: edges have src,dst", e[0]["src"] == "acme" and e[0]["dst"] == "gov"
          and e[0]["relationship"] == "supplies" and e[0]["attr_src"] == "s1;s2", str(e[0]))
    check("graphframes: list text escapes ;", v[0]["tags"] == "a\\;b;c\\\\d", repr(v[0]["tags"]))
    # the schemas: Spark StructType JSON, one field per CSV column, typed
    for table, rows_ in (("vertices", v), ("edges", e)):
        sch = json.load(open(os.path.join(gf, table + ".schema.json"), encoding="utf-8"))
        names = [f["name"] for f in sch["fields"]]
        check(f"graphframes: {table} schema is a struct of the CSV's columns",
              sch["type"] == "struct" and names == list(rows_[0].keys())
              and all(set(f) == {"name", "type", "nullable", "metadata"} for f in sch["fields"]), str(names))
    vt = {f["name"]: f for f in json.load(open(os.path.join(gf, "vertices.schema.json")))["fields"]}
    check("graphframes: vertex types", [vt[k]["type"] for k in ("id", "employees", "revenue", "public", "founded",
                                                                "tags", "note")]
          == ["string", "long", "double", "boolean", "date", "string", "string"]
          and vt["tags"]["metadata"] == {"erg_type": "string[]"} and not vt["id"]["nullable"], str(vt))
    # a directory holding a foreign file is never replaced
    os.makedirs(os.path.join(tmp, "busy"))
    open(os.path.join(tmp, "busy", "keep.txt"), "w").write("mine")
    p = erg("-g", d, "export", "--format", "neo4j", "-o", os.path.join(tmp, "busy"), ok=False)
    check("neo4j: refuses a foreign directory", p.returncode == 1 and "keep.txt" in p.stderr, p.stderr)
    check("neo4j: foreign file intact", open(os.path.join(tmp, "busy", "keep.txt")).read() == "mine")


def test_networkx_graphml_in(tmp):
    """erg reads what networkx and igraph write."""
    g = nx.karate_club_graph()
    for u, v in g.edges:
        g.edges[u, v]["weight"] = float(g.edges[u, v].get("weight", 1))
    p = os.path.join(tmp, "karate.graphml")
    nx.write_graphml(g, p)
    out = os.path.join(tmp, "karate")
    erg("convert", p, out)
    rows = list(csv.DictReader(open(os.path.join(out, "relationships.csv"), encoding="utf-8")))
    check("networkx graphml in: 78 edges", len(rows) == 78, str(len(rows)))
    ents = list(csv.DictReader(open(os.path.join(out, "entities.csv"), encoding="utf-8")))
    check("networkx graphml in: club attribute", ents[0]["club"] == "Mr. Hi", str(ents[0]))
    h = igraph.Graph.Famous("Zachary")
    h.vs["label"] = [f"v{i}" for i in range(h.vcount())]
    p2 = os.path.join(tmp, "z.graphml")
    h.write_graphml(p2)
    info = json.loads(erg("-g", p2, "info", "--format", "json").stdout)
    check("igraph graphml in", info["entities"] == 34 and info["relationships"] == 78, str(info))


def main():
    tmp = tempfile.mkdtemp(prefix="erg-formats-")
    try:
        for t in (test_graphml_networkx, test_graphml_undirected, test_graphml_mixed, test_round_trips,
                  test_gexf, test_json, test_dot, test_tables, test_networkx_graphml_in):
            try:
                t(tmp)
            except Exception as e:  # a crash is a failure of that test, not of the run
                check(t.__name__, False, repr(e))
    finally:
        shutil.rmtree(tmp)
    print(f"formats: {PASSED} passed, {FAILED} failed")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
