/*
 * graphml_write.c -- writes a graph as GraphML that validates against the
 * GraphML 1.0 XSD and that networkx, python-igraph, Gephi and yEd read.
 *
 * Encoding (documented in README "Formats"):
 *  - Entities are nodes (node id = entity id) with data "type", "name",
 *    "aliases"; relationships are edges (edge id = relationship id) with
 *    data "type".  A graph whose relationships are all undirected says
 *    edgedefault="undirected"; any other says "directed", and one that
 *    mixes both gives every edge a boolean "directed" data (key with
 *    <desc>erg:directed</desc>, which tells erg's reader to set the
 *    relationship's direction from it).  Not directed="false" on the edge:
 *    networkx refuses that inside a directed graph.
 *  - Keys are d0, d1, ... with attr.name holding the attribute name.  Types:
 *    bool -> boolean, int -> long, float -> double, string -> string.  A
 *    date or a list is written as a string in erg's text form (lists joined
 *    by ';' with \; \\ \e escapes, as in CSV) and its key carries
 *    <desc>erg:date</desc> or <desc>erg:list:ELEM</desc>, which erg's reader
 *    uses to restore the type; other tools see a plain string.
 *  - Nulls are omitted.  Graph metadata become graph-level data; sources are
 *    one graph-level data element holding sources.csv (<desc>erg:sources-csv
 *    </desc>).
 *  - Characters XML 1.0 cannot carry (most control characters) cannot be
 *    written: the export fails naming the object and attribute.
 */
#include "io.h"

#include <stdio.h>
#include <string.h>

typedef struct gw {
    erg_graph *g;
    erg_out *o;
    erg_buf tmp;
    uint32_t key_ent_type, key_ent_name, key_aliases, key_rel_type, key_sources;
    uint32_t key_directed; /* ERG_NONE unless the graph mixes directions */
    uint32_t ent_base, rel_base, meta_base; /* first key number of each group */
    /* the object being written, named in an error only when one happens
     * (formatting it for every value would cost a quarter of the export) */
    const char *ctx_kind;
    uint32_t ctx_id, ctx_attr;
} gw;

static int bad_char(gw *w, const char *what, uint32_t cp) {
    char buf[256];
    if (!what) { /* the current object, see where() */
        if (w->ctx_attr)
            snprintf(buf, sizeof buf, "%s '%.100s' attribute '%.100s'", w->ctx_kind, erg__str(w->g, w->ctx_id),
                     erg__str(w->g, w->ctx_attr));
        else
            snprintf(buf, sizeof buf, "%s '%.100s'", w->ctx_kind, erg__str(w->g, w->ctx_id));
        what = buf;
    }
    return erg__err(w->g, ERG_EINVAL,
                    "%s: character U+%04X cannot be written in XML 1.0 (GraphML); remove it or export as CSV or JSON",
                    what, (unsigned)cp);
}

/* Escaped text, refusing characters XML cannot carry; what names the place. */
static int text(gw *w, const char *s, size_t n, bool attr, const char *what) {
    uint32_t cp;
    if (erg__xml_forbidden(s, n, &cp)) return bad_char(w, what, cp);
    return erg__out_xml(w->o, s, n, attr) ? w->g->errcode : ERG_OK;
}

static int put(gw *w, const char *s) {
    return erg_out_write(w->o, s, strlen(s));
}

static const char *graphml_type(erg_type t) {
    switch (t) {
    case ERG_BOOL: return "boolean";
    case ERG_INT: return "long";
    case ERG_FLOAT: return "double";
    default: return "string";
    }
}

static int key(gw *w, uint32_t id, const char *for_, const char *name, erg_type t, erg_type elem,
               const char *desc) {
    char head[64];
    snprintf(head, sizeof head, "  <key id=\"d%u\" for=\"%s\" attr.name=\"", id, for_);
    if (put(w, head) || text(w, name, strlen(name), true, "attribute name")) return w->g->errcode;
    if (erg_out_printf(w->o, "\" attr.type=\"%s\"", graphml_type(t))) return ERG_EIO;
    char spec[24];
    if (!desc && t == ERG_DATE) desc = "erg:date";
    if (!desc && t == ERG_LIST) {
        snprintf(spec, sizeof spec, "erg:list:%s", erg_type_name(elem));
        desc = spec;
    }
    if (!desc) return put(w, "/>\n");
    return erg_out_printf(w->o, "><desc>%s</desc></key>\n", desc);
}

static int keys(gw *w) {
    erg_graph *g = w->g;
    uint32_t n = 0;
    w->key_ent_type = n++;
    w->key_ent_name = n++;
    w->key_aliases = n++;
    if (key(w, w->key_ent_type, "node", "type", ERG_STRING, ERG_NULL, NULL) ||
        key(w, w->key_ent_name, "node", "name", ERG_STRING, ERG_NULL, NULL) ||
        key(w, w->key_aliases, "node", "aliases", ERG_LIST, ERG_STRING, NULL))
        return g->errcode ? g->errcode : ERG_EIO;
    w->ent_base = n;
    for (uint32_t i = 0; i < g->schema[ERG_KIND_ENTITY].n; i++) {
        const erg_col *c = &g->schema[ERG_KIND_ENTITY].cols[i];
        if (key(w, n++, "node", erg__str(g, c->name), c->type, c->elem, NULL)) return g->errcode ? g->errcode : ERG_EIO;
    }
    w->key_rel_type = n++;
    if (key(w, w->key_rel_type, "edge", "type", ERG_STRING, ERG_NULL, NULL)) return ERG_EIO;
    if (w->key_directed != ERG_NONE) {
        w->key_directed = n++;
        if (key(w, w->key_directed, "edge", "directed", ERG_BOOL, ERG_NULL, "erg:directed")) return ERG_EIO;
    }
    w->rel_base = n;
    for (uint32_t i = 0; i < g->schema[ERG_KIND_REL].n; i++) {
        const erg_col *c = &g->schema[ERG_KIND_REL].cols[i];
        if (key(w, n++, "edge", erg__str(g, c->name), c->type, c->elem, NULL)) return g->errcode ? g->errcode : ERG_EIO;
    }
    w->meta_base = n;
    for (uint32_t i = 0; i < g->nmeta; i++)
        if (key(w, n++, "graph", erg__str(g, g->meta[2 * i]), ERG_STRING, ERG_NULL, NULL)) return g->errcode ? g->errcode : ERG_EIO;
    w->key_sources = n++;
    if (g->live_srcs || g->schema[ERG_KIND_SOURCE].n)
        if (key(w, w->key_sources, "graph", "erg.sources", ERG_STRING, ERG_NULL, "erg:sources-csv")) return ERG_EIO;
    return ERG_OK;
}

static int data(gw *w, uint32_t key_id, const erg_value *v, const char *what) {
    if (v->type == ERG_NULL) return ERG_OK;
    if (erg_out_printf(w->o, "      <data key=\"d%u\">", key_id)) return ERG_EIO;
    int rc;
    if (v->type == ERG_STRING) {
        rc = text(w, v->u.s.ptr, v->u.s.len, false, what);
    } else {
        w->tmp.len = 0;
        if (erg__value_text(&w->tmp, v)) return erg__nomem(w->g);
        rc = text(w, w->tmp.p ? w->tmp.p : "", w->tmp.len, false, what);
    }
    if (rc) return rc;
    return put(w, "</data>\n");
}

static int data_str(gw *w, uint32_t key_id, uint32_t sid, const char *what) {
    if (!sid) return ERG_OK;
    erg_value v = erg_strn(erg__str(w->g, sid), erg__pool_len(&w->g->pool, sid));
    return data(w, key_id, &v, what);
}

/* Records the object being written ("entity 'x' attribute 'y'" in a
 * message); returns NULL, which text() and bad_char() read as "the current
 * object". */
static const char *where(gw *w, char *buf, size_t n, const char *kind, uint32_t id, uint32_t attr) {
    (void)buf;
    (void)n;
    w->ctx_kind = kind;
    w->ctx_id = id;
    w->ctx_attr = attr;
    return NULL;
}

static int attrs(gw *w, erg_kind k, uint32_t idx, uint32_t base, const char *kind, uint32_t id) {
    erg_graph *g = w->g;
    char what[256];
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        erg_value v;
        if (!erg__cell_get(g, k, i, idx, &v)) continue;
        int rc = data(w, base + i, &v, where(w, what, sizeof what, kind, id, g->schema[k].cols[i].name));
        if (rc) return rc;
    }
    return ERG_OK;
}

static int nodes(gw *w) {
    erg_graph *g = w->g;
    char what[256];
    for (uint32_t i = 0; i < g->nent; i++) {
        const erg_ent *e = &g->ents[i];
        if (!e->alive) continue;
        where(w, what, sizeof what, "entity", e->id, 0);
        if (put(w, "    <node id=\"") || text(w, erg__str(g, e->id), erg__pool_len(&g->pool, e->id), true, what) ||
            put(w, "\">\n"))
            return g->errcode ? g->errcode : ERG_EIO;
        int rc = data_str(w, w->key_ent_type, e->type, what);
        if (!rc) rc = data_str(w, w->key_ent_name, e->name, what);
        if (!rc && e->nalias) {
            w->tmp.len = 0;
            for (uint32_t k = 0; k < e->nalias; k++) {
                erg_value a = erg_strn(erg__str(g, e->aliases[k]), erg__pool_len(&g->pool, e->aliases[k]));
                erg_value one = erg_listv(ERG_STRING, &a, 1);
                if ((k && erg__buf_addc(&w->tmp, ';')) || erg__value_text(&w->tmp, &one)) return erg__nomem(g);
            }
            erg_value v = erg_strn(w->tmp.p, w->tmp.len);
            /* copy out: data() reuses tmp only for non-strings */
            rc = data(w, w->key_aliases, &v, what);
        }
        if (!rc) rc = attrs(w, ERG_KIND_ENTITY, i, w->ent_base, "entity", e->id);
        if (!rc && put(w, "    </node>\n")) rc = ERG_EIO;
        if (rc) return rc;
    }
    return ERG_OK;
}

static int edges(gw *w) {
    erg_graph *g = w->g;
    char what[256];
    for (uint32_t i = 0; i < g->nrel; i++) {
        const erg_relrec *r = &g->rels[i];
        if (!r->alive) continue;
        if ((i & 0xFFFF) == 0) erg__progress(g, "writing GraphML relationships", i, g->nrel);
        where(w, what, sizeof what, "relationship", r->id, 0);
        const erg_ent *f = &g->ents[r->from], *t = &g->ents[r->to];
        if (put(w, "    <edge id=\"") || text(w, erg__str(g, r->id), erg__pool_len(&g->pool, r->id), true, what) ||
            put(w, "\" source=\"") || text(w, erg__str(g, f->id), erg__pool_len(&g->pool, f->id), true, what) ||
            put(w, "\" target=\"") || text(w, erg__str(g, t->id), erg__pool_len(&g->pool, t->id), true, what) ||
            put(w, "\">\n"))
            return g->errcode ? g->errcode : ERG_EIO;
        int rc = data_str(w, w->key_rel_type, r->type, what);
        if (!rc && w->key_directed != ERG_NONE) {
            erg_value d = erg_bool(r->directed);
            rc = data(w, w->key_directed, &d, what);
        }
        if (!rc) rc = attrs(w, ERG_KIND_REL, i, w->rel_base, "relationship", r->id);
        if (!rc && put(w, "    </edge>\n")) rc = ERG_EIO;
        if (rc) return rc;
    }
    erg__progress(g, "writing GraphML relationships", g->nrel, g->nrel);
    return ERG_OK;
}

static int graph_data(gw *w) {
    erg_graph *g = w->g;
    for (uint32_t i = 0; i < g->nmeta; i++) {
        int rc = data_str(w, w->meta_base + i, g->meta[2 * i + 1], "graph metadata");
        if (rc) return rc;
    }
    if (!(g->live_srcs || g->schema[ERG_KIND_SOURCE].n)) return ERG_OK;
    erg_buf csv;
    erg__buf_init(&csv, &g->a);
    int rc = erg__csv_sources_text(g, &csv);
    if (!rc) {
        erg_value v = erg_strn(csv.p ? csv.p : "", csv.len);
        rc = data(w, w->key_sources, &v, "sources");
    }
    erg__buf_free(&csv);
    return rc;
}

int erg__graphml_write(erg_graph *g, erg_out *o) {
    gw w = {0};
    w.g = g;
    w.o = o;
    erg__buf_init(&w.tmp, &g->a);
    bool any = false, all_undirected = true;
    for (uint32_t i = 0; i < g->nrel; i++)
        if (g->rels[i].alive) {
            any = true;
            all_undirected &= !g->rels[i].directed;
        }
    all_undirected &= any;
    /* directed and undirected relationships both: each edge says which */
    bool mixed = false;
    for (uint32_t i = 0; i < g->nrel && !all_undirected && !mixed; i++)
        mixed = g->rels[i].alive && !g->rels[i].directed;
    w.key_directed = mixed ? 0 : ERG_NONE;
    int rc = put(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
                     "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                     "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                     "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    if (!rc) rc = keys(&w);
    if (!rc) rc = erg_out_printf(o, "  <graph id=\"G\" edgedefault=\"%s\">\n",
                                 all_undirected ? "undirected" : "directed");
    if (!rc) rc = graph_data(&w);
    if (!rc) rc = nodes(&w);
    if (!rc) rc = edges(&w);
    if (!rc) rc = put(&w, "  </graph>\n</graphml>\n");
    erg__buf_free(&w.tmp);
    if (rc && g->errcode == ERG_OK) rc = erg__err(g, ERG_EIO, "write failed");
    return rc;
}
