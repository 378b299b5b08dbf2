/*
 * dot_write.c -- Graphviz DOT.  Every id is a quoted string (so any id is
 * valid), entities carry label (name, else id) and type, relationships
 * label (type), id and type.  A graph with any directed relationship is a
 * digraph, its undirected relationships drawn with dir=none; an all-
 * undirected graph is a graph with -- edges.
 */
#include "io.h"

#include <string.h>

/* A DOT quoted string: '"' and '\' escaped, newlines as \n. */
static int quoted(erg_out *o, const char *s, size_t n) {
    if (ERG_PUTS(o, "\"")) return ERG_EIO;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = s[i] == '"' ? "\\\"" : s[i] == '\\' ? "\\\\" : s[i] == '\n' ? "\\n" : s[i] == '\r' ? "" : NULL;
        if (!rep) continue;
        if ((i > start && erg_out_write(o, s + start, i - start)) || erg_out_write(o, rep, strlen(rep)))
            return ERG_EIO;
        start = i + 1;
    }
    if (n > start && erg_out_write(o, s + start, n - start)) return ERG_EIO;
    return ERG_PUTS(o, "\"");
}

static int qsid(erg_out *o, const erg_graph *g, uint32_t sid) {
    return quoted(o, erg__str(g, sid), erg__pool_len(&g->pool, sid));
}

int erg__dot_write(erg_graph *g, erg_out *o) {
    bool any_dir = false, any = false;
    for (uint32_t i = 0; i < g->nrel; i++)
        if (g->rels[i].alive) {
            any = true;
            any_dir |= g->rels[i].directed;
        }
    bool digraph = any_dir || !any;
    const char *title = erg_graph_meta(g, "title");
    if ((digraph ? ERG_PUTS(o, "digraph ") : ERG_PUTS(o, "graph ")) ||
        quoted(o, title ? title : "erg", title ? strlen(title) : 3) ||
        ERG_PUTS(o, " {\n  node [shape=box, style=rounded];\n"))
        return g->errcode;
    for (uint32_t i = 0; i < g->nent; i++) {
        const erg_ent *e = &g->ents[i];
        if (!e->alive) continue;
        if (ERG_PUTS(o, "  ") || qsid(o, g, e->id) || ERG_PUTS(o, " [label=") ||
            qsid(o, g, e->name ? e->name : e->id) || ERG_PUTS(o, ", type=") || qsid(o, g, e->type) ||
            ERG_PUTS(o, "];\n"))
            return g->errcode;
    }
    for (uint32_t i = 0; i < g->nrel; i++) {
        const erg_relrec *r = &g->rels[i];
        if (!r->alive) continue;
        if (ERG_PUTS(o, "  ") || qsid(o, g, g->ents[r->from].id) ||
            (digraph ? ERG_PUTS(o, " -> ") : ERG_PUTS(o, " -- ")) || qsid(o, g, g->ents[r->to].id) ||
            ERG_PUTS(o, " [label=") || qsid(o, g, r->type) || ERG_PUTS(o, ", id=") ||
            qsid(o, g, r->id) || ERG_PUTS(o, ", type=") || qsid(o, g, r->type) ||
            (digraph && !r->directed && ERG_PUTS(o, ", dir=none")) || ERG_PUTS(o, "];\n"))
            return g->errcode;
    }
    return ERG_PUTS(o, "}\n") ? g->errcode : ERG_OK;
}
