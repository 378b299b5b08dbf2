"""gen.py -- a seeded synthetic entity graph in the CSV graph format.

N entities of a few types and about 5N relationships of a few types, each
relationship with an int, a float and a string attribute; endpoints follow
a power law (preferential attachment), so a few entities have most of the
relationships, as in real power maps.

usage: python3 gen.py OUTDIR N [SEED]
"""
import os
import random
import sys

ENTITY_TYPES = ["company", "government_body", "person", "media_org", "product"]
REL_TYPES = ["supplies", "owns", "funds", "reported_on", "partnered_with", "uses"]
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
    rnd = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "entities.csv"), "w", encoding="utf-8") as f:
        f.write("id,type,name,employees:int,score:float\n")
        lines = []
        for i in range(n):
            lines.append(f"e{i},{ENTITY_TYPES[i % 5]},Entity {i},{rnd.randrange(1, 100000)},{rnd.random():.6f}\n")
            if len(lines) >= 100000:
                f.write("".join(lines))
                lines = []
        f.write("".join(lines))
    # preferential attachment: targets drawn from a growing list of endpoints
    ends = list(range(min(n, 10)))
    with open(os.path.join(out, "relationships.csv"), "w", encoding="utf-8") as f:
        f.write("id,from,to,type,amount:int,weight:float,note\n")
        lines = []
        r = 0
        for i in range(n):
            for _ in range(5):
                j = ends[rnd.randrange(len(ends))] if rnd.random() < 0.8 else rnd.randrange(n)
                lines.append(f"r{r},e{i},e{j},{REL_TYPES[r % 6]},{rnd.randrange(0, 1000000)},"
                             f"{rnd.random() * 10:.4f},{WORDS[r % 10]} {r % 997}\n")
                ends.append(j)
                r += 1
            ends.append(i)
            if len(lines) >= 100000:
                f.write("".join(lines))
                lines = []
        f.write("".join(lines))


if __name__ == "__main__":
    main()
