/*
 * gexf_write.c -- GEXF 1.3 for Gephi.
 *
 * Entities are nodes (label = name, else id), with "type" and the entity
 * attributes declared in <attributes class="node">; relationships are edges
 * with label = type, "type" and their attributes in class="edge".  Types:
 * bool -> boolean, int -> long, float -> double, string -> string; dates
 * and lists are written as strings in erg's text form (lists joined by ';').
 * defaultedgetype is directed, undirected or mixed (then each edge says).
 * Relationships joining the same pair get kind = their type, so parallel
 * relationships of different types stay apart; a second one of the same
 * type gets kind "TYPE#2" and so on.  A numeric "weight" attribute becomes
 * the edge weight.  Characters XML 1.0 cannot carry fail the export.
 */
#include "io.h"

#include <stdio.h>
#include <string.h>

typedef struct gx {
    erg_graph *g;
    erg_out *o;
    erg_buf tmp;
    int weight_col;
} gx;

static int esc(gx *w, const char *s, size_t n, const char *what) {
    uint32_t cp;
    if (erg__xml_forbidden(s, n, &cp))
        return erg__err(w->g, ERG_EINVAL, "%s: character U+%04X cannot be written in XML 1.0 (GEXF)", what,
                        (unsigned)cp);
    return erg__out_xml(w->o, s, n, true) ? w->g->errcode : ERG_OK;
}

static int esc_sid(gx *w, uint32_t sid, const char *what) {
    return esc(w, erg__str(w->g, sid), erg__pool_len(&w->g->pool, sid), what);
}

static const char *gexf_type(erg_type t) {
    return t == ERG_BOOL ? "boolean" : t == ERG_INT ? "long" : t == ERG_FLOAT ? "double" : "string";
}

static int decls(gx *w, erg_kind k, const char *cls) {
    erg_graph *g = w->g;
    if (erg_out_printf(w->o, "    <attributes class=\"%s\">\n      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n", cls))
        return ERG_EIO;
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        const erg_col *c = &g->schema[k].cols[i];
        if (erg_out_printf(w->o, "      <attribute id=\"a%u\" title=\"", i) || esc_sid(w, c->name, "attribute name") ||
            erg_out_printf(w->o, "\" type=\"%s\"/>\n", gexf_type(c->type)))
            return g->errcode ? g->errcode : ERG_EIO;
    }
    return ERG_PUTS(w->o, "    </attributes>\n");
}

static int attvalues(gx *w, erg_kind k, uint32_t idx, uint32_t type, const char *what) {
    erg_graph *g = w->g;
    if (ERG_PUTS(w->o, "        <attvalues>\n          <attvalue for=\"type\" value=\"") ||
        esc_sid(w, type, what) || ERG_PUTS(w->o, "\"/>\n"))
        return g->errcode ? g->errcode : ERG_EIO;
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        erg_value v;
        if (!erg__cell_get(g, k, i, idx, &v)) continue;
        w->tmp.len = 0;
        if (erg__value_text(&w->tmp, &v)) return erg__nomem(g);
        if (erg_out_printf(w->o, "          <attvalue for=\"a%u\" value=\"", i) ||
            esc(w, w->tmp.p ? w->tmp.p : "", w->tmp.len, what) || ERG_PUTS(w->o, "\"/>\n"))
            return g->errcode ? g->errcode : ERG_EIO;
    }
    return ERG_PUTS(w->o, "        </attvalues>\n");
}

/* Parallel relationships of the same type get "#2", "#3"...: an O(R)
 * count keyed by (from, to, type) through the one hash table. */
typedef struct triple_ctx { const erg_graph *g; } triple_ctx;
static bool eq_triple(const void *ctx, uint32_t entry, const void *key) {
    const erg_graph *g = ctx;
    const erg_relrec *a = &g->rels[entry], *b = &g->rels[*(const uint32_t *)key];
    return a->from == b->from && a->to == b->to && a->type == b->type;
}
static uint32_t hash_triple(const erg_relrec *r) {
    return erg__hash_u32(r->from * 2654435761u ^ erg__hash_u32(r->to) ^ (r->type * 40503u));
}

int erg__gexf_write(erg_graph *g, erg_out *o) {
    gx w = {g, o, {0}, -1};
    erg__buf_init(&w.tmp, &g->a);
    uint32_t wsid = erg__pool_find(&g->pool, "weight", 6);
    int wc = wsid ? erg__col_find(g, ERG_KIND_REL, wsid) : -1;
    if (wc >= 0 && (g->schema[ERG_KIND_REL].cols[wc].type == ERG_INT || g->schema[ERG_KIND_REL].cols[wc].type == ERG_FLOAT))
        w.weight_col = wc;
    bool any_dir = false, any_undir = false;
    for (uint32_t i = 0; i < g->nrel; i++)
        if (g->rels[i].alive) {
            if (g->rels[i].directed) any_dir = true; else any_undir = true;
        }
    const char *def = any_dir && any_undir ? "mixed" : any_undir ? "undirected" : "directed";
    const char *title = erg_graph_meta(g, "title");
    int rc = ERG_OK;
    erg_htab seen = {0};
    uint32_t *count = NULL, countcap = 0;
    char what[256];
    rc = erg_out_printf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                           "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                           "      xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n"
                           "  <meta>\n    <creator>erg %s</creator>\n", ERG_VERSION);
    if (!rc && title) {
        rc = ERG_PUTS(o, "    <description>");
        if (!rc) rc = esc(&w, title, strlen(title), "graph title");
        if (!rc) rc = ERG_PUTS(o, "</description>\n");
    }
    if (!rc) rc = erg_out_printf(o, "  </meta>\n  <graph defaultedgetype=\"%s\" mode=\"static\">\n", def);
    if (!rc) rc = decls(&w, ERG_KIND_ENTITY, "node");
    if (!rc) rc = decls(&w, ERG_KIND_REL, "edge");
    if (!rc) rc = ERG_PUTS(o, "    <nodes>\n");
    for (uint32_t i = 0; !rc && i < g->nent; i++) {
        const erg_ent *e = &g->ents[i];
        if (!e->alive) continue;
        snprintf(what, sizeof what, "entity '%.200s'", erg__str(g, e->id));
        rc = ERG_PUTS(o, "      <node id=\"");
        if (!rc) rc = esc_sid(&w, e->id, what);
        if (!rc) rc = ERG_PUTS(o, "\" label=\"");
        if (!rc) rc = esc_sid(&w, e->name ? e->name : e->id, what);
        if (!rc) rc = ERG_PUTS(o, "\">\n");
        if (!rc) rc = attvalues(&w, ERG_KIND_ENTITY, i, e->type, what);
        if (!rc) rc = ERG_PUTS(o, "      </node>\n");
    }
    if (!rc) rc = ERG_PUTS(o, "    </nodes>\n    <edges>\n");
    if (!rc && (erg__htab_reserve(&seen, &g->a, g->live_rels) ||
                erg__grow(&g->a, (void **)&count, &countcap, (size_t)g->nrel + 1, sizeof *count)))
        rc = erg__nomem(g);
    for (uint32_t i = 0; !rc && i < g->nrel; i++) {
        const erg_relrec *r = &g->rels[i];
        if (!r->alive) continue;
        snprintf(what, sizeof what, "relationship '%.200s'", erg__str(g, r->id));
        uint32_t h = hash_triple(r), first = erg__htab_find(&seen, h, eq_triple, g, &i);
        uint32_t nth = 1;
        if (first == ERG_NONE) {
            erg__htab_insert(&seen, &g->a, h, i); /* reserved above */
            count[i] = 1;
        } else {
            nth = ++count[first];
        }
        rc = ERG_PUTS(o, "      <edge id=\"");
        if (!rc) rc = esc_sid(&w, r->id, what);
        if (!rc) rc = ERG_PUTS(o, "\" source=\"");
        if (!rc) rc = esc_sid(&w, g->ents[r->from].id, what);
        if (!rc) rc = ERG_PUTS(o, "\" target=\"");
        if (!rc) rc = esc_sid(&w, g->ents[r->to].id, what);
        if (!rc) rc = ERG_PUTS(o, "\" label=\"");
        if (!rc) rc = esc_sid(&w, r->type, what);
        if (!rc) rc = ERG_PUTS(o, "\" kind=\"");
        if (!rc) rc = esc_sid(&w, r->type, what);
        if (!rc && nth > 1) rc = erg_out_printf(o, "#%u", nth);
        if (!rc && any_dir && any_undir) rc = erg_out_printf(o, "\" type=\"%s", r->directed ? "directed" : "undirected");
        erg_value wv;
        if (!rc && w.weight_col >= 0 && erg__cell_get(g, ERG_KIND_REL, (uint32_t)w.weight_col, i, &wv)) {
            char num[40];
            erg_value f = wv.type == ERG_INT ? erg_float((double)wv.u.i) : wv;
            erg__format_float(f.u.f, num);
            rc = erg_out_printf(o, "\" weight=\"%s", num);
        }
        if (!rc) rc = ERG_PUTS(o, "\">\n");
        if (!rc) rc = attvalues(&w, ERG_KIND_REL, i, r->type, what);
        if (!rc) rc = ERG_PUTS(o, "      </edge>\n");
    }
    if (!rc) rc = ERG_PUTS(o, "    </edges>\n  </graph>\n</gexf>\n");
    erg__htab_free(&seen, &g->a);
    erg__mem(&g->a, count, (size_t)countcap * sizeof *count, 0);
    erg__buf_free(&w.tmp);
    if (rc && g->errcode == ERG_OK) rc = erg__err(g, ERG_EIO, "write failed");
    return rc;
}
