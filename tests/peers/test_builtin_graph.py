"""test_builtin_graph.py -- the built-in graph (graphs/ice-azure) states the
facts of its two reports and its headline list, with provenance.

The graph is read the way a user's tool would read it: erg exports it as
networkx node-link JSON, and the facts are queried from that.  Run by
`make peer-test`; $ERG names the erg binary, $ERG_GRAPH the graph.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import networkx as nx

ERG = os.environ["ERG"]
GRAPH = os.environ["ERG_GRAPH"]
PASSED = FAILED = 0


def check(name, cond, detail=""):
    global PASSED, FAILED
    if cond:
        PASSED += 1
    else:
        FAILED += 1
        print(f"FAIL [builtin] {name} {detail}", file=sys.stderr)


def load():
    out = subprocess.run([ERG, "-g", GRAPH, "export", "--format", "json", "-o", "-"],
                         capture_output=True, text=True, check=True).stdout
    return nx.node_link_graph(json.loads(out))


def rels(g, a, t, b):
    """Every relationship a -t-> b, as attribute dicts (undirected ones both ways)."""
    found = []
    for u, v, d in g.edges(data=True):
        if d["type"] != t:
            continue
        if (u, v) == (a, b) or (d.get("directed") is False and (v, u) == (a, b)):
            found.append(d)
    return found


def main():
    g = load()
    out = os.path.join(tempfile.mkdtemp(prefix="erg-builtin-"), "csv")
    subprocess.run([ERG, "-q", "-g", GRAPH, "export", "--format", "csv", "-o", out], check=True)
    src_ids = {line.split(",")[0] for line in
               open(os.path.join(out, "sources.csv"), encoding="utf-8").read().splitlines()[1:]}
    check("four sources", src_ids == {"report-microsoft-statement", "report-ice-azure-surge", "headlines-business",
                                      "editor-background"}, str(src_ids))

    # ICE within DHS
    check("ICE part of DHS", rels(g, "ice", "part_of", "dhs"))
    check("DHS oversees ICE", rels(g, "dhs", "oversees", "ice"))

    # ICE's data in Azure, both figures with their dates
    store = rels(g, "ice", "stores_data_in", "azure")
    figures = sorted((d["as_of"], d["data_tb"]) for d in store)
    check("ICE data in Azure: 400 TB in 2025-07 and 1400 TB in 2026-01",
          figures == [("2025-07", 400.0), ("2026-01", 1400.0)], str(figures))
    big = [d for d in store if d["data_tb"] == 1400.0]
    check("1,400 TB is approximate, about 490 million images",
          big and big[0].get("approx") is True and big[0].get("images_equiv") == 490000000)
    # when each figure held (start/end, issue 16): 400 TB in 2025-07 only
    # (it kept rising), about 1,400 TB from 2026-01 on (end open)
    periods = sorted((d.get("start"), d.get("end"), d["data_tb"]) for d in store)
    check("data figures' periods", periods == [("2025-07", "2025-07", 400.0), ("2026-01", None, 1400.0)],
          str(periods))
    check("ICE uses Azure", rels(g, "ice", "uses", "azure"))

    # Microsoft supplies DHS and ICE through partners
    for target in ("dhs", "ice"):
        direct = rels(g, "microsoft", "supplies", target)
        check(f"Microsoft supplies {target} via key partners", direct and direct[0].get("via") == "key_partners")
        check(f"key partners supply {target}", rels(g, "microsoft_key_partners", "supplies", target))
    check("Microsoft provides through key partners", rels(g, "microsoft", "provides_through", "microsoft_key_partners"))
    check("key partners are unnamed", g.nodes["microsoft_key_partners"].get("unnamed") is True)
    supply = rels(g, "microsoft", "supplies", "ice")[0]
    check("supply claim attributed to Microsoft", supply.get("certainty") == "stated_by:microsoft")

    # The Guardian and its partners
    for p in ("plus972_magazine", "local_call"):
        check(f"Guardian partnered with {p}", rels(g, "guardian", "partnered_with", p))
    check("Guardian reported on ICE", rels(g, "guardian", "reported_on", "ice"))

    # Microsoft calls on Congress, the executive branch and the courts
    for body in ("us_congress", "executive_branch", "us_courts"):
        check(f"Microsoft calls on {body}", rels(g, "microsoft", "calls_on", body))
    check("executive branch and courts are unnamed actors",
          g.nodes["executive_branch"].get("unnamed") is True and g.nodes["us_courts"].get("unnamed") is True)

    # ICE's budget increase
    fund = [d for u, v, d in g.edges(data=True) if v == "ice" and d["type"] == "funds"]
    check("$75 billion budget increase in July 2025",
          fund and fund[0]["amount_usd"] == 75e9 and fund[0]["date"] == "2025-07", str(fund))

    # Every headline organisation with the relationship its headline states
    headlines = [
        ("vietnam_airlines", "orders_from", "boeing", {"count": 50}),
        ("vietnam", "approves", "starlink", {}),
        ("spacex", "develops", "starlink", {}),
        ("us_dod", "orders_from", "lockheed_martin", {"amount_usd": 101e6}),
        ("hershey", "owns", "reeses", {}),
        ("bill_gates", "withdraws_from", "india_ai_impact_summit", {}),
        ("qualcomm", "invests_in", "indian_ai_startups", {"amount_usd": 150e6}),
        ("amazon", "owns", "ring", {}),
        ("openai", "raises", "openai_funding_round", {"amount_usd": 100e9, "valuation_usd": 850e9}),
        ("bloomberg", "reported_on", "openai_funding_round", {}),
        ("anduril", "raises", "anduril_funding_round", {"valuation_usd": 60e9}),
        ("us_dod", "seeks_access_to", "ai_tools", {}),
        ("astroturf", "supplies", "colorado_buffaloes", {}),
        ("hedge_funds", "holds_stake_in", "nvidia", {}),
        ("hedge_funds", "holds_stake_in", "amazon", {}),
        ("hedge_funds", "holds_stake_in", "microsoft", {}),
        ("federal_court_of_australia", "fines", "mobil_oil_australia", {"amount_aud": 16e6}),
        ("yotta", "develops", "yotta_ai_data_centre_hub", {}),
        ("yotta_ai_data_centre_hub", "uses", "nvidia_blackwell_ultra", {}),
        ("mark_zuckerberg", "testifies_about", "instagram", {}),
        ("xai", "develops", "grok", {}),
    ]
    for a, t, b, want in headlines:
        found = rels(g, a, t, b)
        check(f"headline: {a} {t} {b}", found, "")
        for k, v in want.items():
            check(f"headline: {a} {t} {b} {k}={v}", found and found[0].get(k) == v, str(found[:1]))

    # Provenance everywhere
    for n, d in g.nodes(data=True):
        srcs = d.get("source") or []
        check(f"entity {n} cites a known source", srcs and set(srcs) <= src_ids, str(srcs))
        check(f"entity {n} has evidence", bool(d.get("evidence")))
    for u, v, k, d in g.edges(keys=True, data=True):
        srcs = d.get("sources") or []
        check(f"relationship {k} cites a known source", srcs and set(srcs) <= src_ids, str(srcs))
        check(f"relationship {k} has evidence", bool(d.get("evidence")))

    # Names the reports use resolve to one entity each
    aliases = {"ICE": "ice", "Immigration and Customs Enforcement": "ice", "DHS": "dhs",
               "Department of Homeland Security": "dhs", "Azure": "azure", "Microsoft Azure": "azure",
               "Pentagon": "us_dod", "+972 Magazine": "plus972_magazine"}
    for name, ent in aliases.items():
        hits = [n for n, d in g.nodes(data=True)
                if name.lower() in [a.lower() for a in d.get("aliases", [])] + [d["name"].lower()]]
        check(f"name '{name}' resolves to {ent}", hits == [ent], str(hits))

    # The files are in erg's canonical form: export reproduces them byte for byte
    for f in ("entities.csv", "relationships.csv", "sources.csv"):
        check(f"{f} is canonical", open(os.path.join(GRAPH, f), "rb").read() == open(os.path.join(out, f), "rb").read())
    shutil.rmtree(os.path.dirname(out))
    print(f"builtin: {PASSED} passed, {FAILED} failed")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
