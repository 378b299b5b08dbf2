/*
 * gexf_write.c -- GEXF 1.2draft, the version both Gephi and networkx 2.8
 * (which reads 1.1draft and 1.2draft only) open.
 *
 * Entities are nodes (label = name, else id) with the attributes "type"
 * and "aliases" (liststring) and the entity attributes; relationships are
 * edges with label = type, "type" and their attributes.  Every attribute
 * goes in <attributes class mode="static">, ids "aN".  Types: bool ->
 * boolean, int -> long, float -> double, string -> string; GEXF 1.2 has no
 * date and no list but liststring, so dates are strings, lists liststring,
 * and the id carries erg's type ("a3:date", "a4:int[]") for gexf_read.c.
 * List values are written as Gephi writes and parses them: "[a, \"b c\"]",
 * an element quoted when it holds a blank, , [ ] ( ) | ' " or is "null"
 * or empty (backslash escapes inside quotes), "<empty>" for no element.
 * Non-finite floats are NaN, Infinity, -Infinity (Java and Python read
 * them).
 *
 * Direction: defaultedgetype directed or undirected; a graph holding both
 * is written directed with its undirected relationships type="mutual", the
 * spec's "both ways", because networkx refuses an undirected edge in a
 * directed graph and the reverse (Gephi reports "mutual" as unknown and
 * draws the edge directed).  Relationships joining the same pair get kind
 * = their type, so Gephi keeps parallel relationships of different types
 * apart; a second one of the same type gets "TYPE#2" and so on (kind is
 * GEXF 1.3's, which Gephi reads in any version).  A numeric "weight"
 * attribute is also the edge weight.  Times: a relationship's date
 * attributes "start" and "end", or else "date", become the edge's start
 * and end (mode="dynamic", timeformat="date") for Gephi's timeline, a
 * partial date standing for the whole period it names (start 2025-07 ->
 * 2025-07-01, end or date 2025-07 -> 2025-07-31).  Characters XML 1.0
 * cannot carry fail the export.
 */
#include "io.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct gx {
    erg_graph *g;
    erg_out *o;
    erg_buf tmp;
    int weight_col;
    int start_col, end_col; /* relationship date columns for the edge's times */
    int date_col;           /* "date": both bounds of an edge without start/end */
    bool start_is_date;     /* start_col is "date": it gives both bounds */
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

static int fail(gx *w) { return w->g->errcode ? w->g->errcode : ERG_EIO; }

static const char *gexf_type(erg_type t) {
    return t == ERG_BOOL ? "boolean" : t == ERG_INT ? "long" : t == ERG_FLOAT ? "double"
         : t == ERG_LIST ? "liststring" : "string";
}

/* "a3", or "a3:date" / "a3:int[]" when GEXF 1.2 loses the type. */
static int attr_id(gx *w, uint32_t i, const erg_col *c) {
    char spec[32];
    if (c->type == ERG_DATE || (c->type == ERG_LIST && c->elem != ERG_STRING))
        return erg_out_printf(w->o, "a%u:%s", i, erg__type_spec(c->type, c->elem, spec)) ? ERG_EIO : ERG_OK;
    return erg_out_printf(w->o, "a%u", i) ? ERG_EIO : ERG_OK;
}

static bool any_aliases(const erg_graph *g) {
    for (uint32_t i = 0; i < g->nent; i++)
        if (g->ents[i].alive && g->ents[i].nalias) return true;
    return false;
}

static int decls(gx *w, erg_kind k, const char *cls) {
    erg_graph *g = w->g;
    if (erg_out_printf(w->o, "    <attributes class=\"%s\" mode=\"static\">\n"
                             "      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n", cls))
        return ERG_EIO;
    if (k == ERG_KIND_ENTITY && any_aliases(g) &&
        ERG_PUTS(w->o, "      <attribute id=\"aliases\" title=\"aliases\" type=\"liststring\"/>\n"))
        return ERG_EIO;
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        const erg_col *c = &g->schema[k].cols[i];
        if (ERG_PUTS(w->o, "      <attribute id=\"") || attr_id(w, i, c) || ERG_PUTS(w->o, "\" title=\"") ||
            esc_sid(w, c->name, "attribute name") ||
            erg_out_printf(w->o, "\" type=\"%s\"/>\n", gexf_type(c->type)))
            return fail(w);
    }
    return ERG_PUTS(w->o, "    </attributes>\n");
}

/* One list element in Gephi's array syntax. */
static int list_elem(erg_buf *b, const erg_value *v) {
    if (v->type != ERG_STRING) return erg__value_text(b, v);
    const char *s = v->u.s.ptr;
    size_t n = v->u.s.len;
    bool quote = n == 0 || (n == 4 && !memcmp(s, "null", 4));
    for (size_t i = 0; i < n && !quote; i++) quote = strchr(" \t\r\n,[]()|'\"", s[i]) != NULL;
    if (!quote) return erg__buf_add(b, s, n);
    if (erg__buf_addc(b, '"')) return ERG_ENOMEM;
    for (size_t i = 0; i < n; i++)
        if (((s[i] == '"' || s[i] == '\\') && erg__buf_addc(b, '\\')) || erg__buf_addc(b, s[i])) return ERG_ENOMEM;
    return erg__buf_addc(b, '"');
}

/* A value's GEXF text into w->tmp. */
static int value_text(gx *w, const erg_value *v) {
    erg_buf *b = &w->tmp;
    b->len = 0;
    if (v->type == ERG_FLOAT && !isfinite(v->u.f))
        return erg__buf_add(b, isnan(v->u.f) ? "NaN" : v->u.f > 0 ? "Infinity" : "-Infinity",
                            isnan(v->u.f) ? 3 : v->u.f > 0 ? 8 : 9);
    if (v->type != ERG_LIST) return erg__value_text(b, v);
    if (v->u.list.n == 0) return erg__buf_add(b, "<empty>", 7);
    if (erg__buf_addc(b, '[')) return ERG_ENOMEM;
    for (size_t i = 0; i < v->u.list.n; i++) {
        erg_value e = v->u.list.items[i];
        if (e.type == ERG_FLOAT && !isfinite(e.u.f)) {
            const char *t = isnan(e.u.f) ? "NaN" : e.u.f > 0 ? "Infinity" : "-Infinity";
            if ((i && erg__buf_add(b, ", ", 2)) || erg__buf_add(b, t, strlen(t))) return ERG_ENOMEM;
            continue;
        }
        if ((i && erg__buf_add(b, ", ", 2)) || list_elem(b, &e)) return ERG_ENOMEM;
    }
    return erg__buf_addc(b, ']');
}

static int attvalue(gx *w, const char *id, const char *text, size_t n, const char *what) {
    if (erg_out_printf(w->o, "          <attvalue for=\"%s\" value=\"", id) || esc(w, text, n, what) ||
        ERG_PUTS(w->o, "\"/>\n"))
        return fail(w);
    return ERG_OK;
}

static int attvalues(gx *w, erg_kind k, uint32_t idx, uint32_t type, const char *what) {
    erg_graph *g = w->g;
    if (ERG_PUTS(w->o, "        <attvalues>\n")) return ERG_EIO;
    int rc = attvalue(w, "type", erg__str(g, type), erg__pool_len(&g->pool, type), what);
    if (!rc && k == ERG_KIND_ENTITY && g->ents[idx].nalias) {
        const erg_ent *e = &g->ents[idx];
        erg_value *items = erg__mem(&g->a, NULL, 0, (size_t)e->nalias * sizeof *items);
        if (!items) return erg__nomem(g);
        for (uint32_t i = 0; i < e->nalias; i++)
            items[i] = erg_strn(erg__str(g, e->aliases[i]), erg__pool_len(&g->pool, e->aliases[i]));
        erg_value list = erg_listv(ERG_STRING, items, e->nalias);
        rc = value_text(w, &list) ? erg__nomem(g) : attvalue(w, "aliases", w->tmp.p, w->tmp.len, what);
        erg__mem(&g->a, items, (size_t)e->nalias * sizeof *items, 0);
    }
    for (uint32_t i = 0; !rc && i < g->schema[k].n; i++) {
        const erg_col *c = &g->schema[k].cols[i];
        erg_value v;
        if (!erg__cell_get(g, k, i, idx, &v)) continue;
        char id[48], spec[32];
        if (c->type == ERG_DATE || (c->type == ERG_LIST && c->elem != ERG_STRING))
            snprintf(id, sizeof id, "a%u:%s", i, erg__type_spec(c->type, c->elem, spec));
        else
            snprintf(id, sizeof id, "a%u", i);
        if (value_text(w, &v)) return erg__nomem(g);
        rc = attvalue(w, id, w->tmp.p ? w->tmp.p : "", w->tmp.len, what);
    }
    if (!rc && ERG_PUTS(w->o, "        </attvalues>\n")) rc = ERG_EIO;
    return rc;
}

/* Parallel relationships of the same type get "#2", "#3"...: an O(R)
 * count keyed by (from, to, type) through the one hash table. */
static bool eq_triple(const void *ctx, uint32_t entry, const void *key) {
    const erg_graph *g = ctx;
    const erg_relrec *a = &g->rels[entry], *b = &g->rels[*(const uint32_t *)key];
    return a->from == b->from && a->to == b->to && a->type == b->type;
}
static uint32_t hash_triple(const erg_relrec *r) {
    return erg__hash_u32(r->from * 2654435761u ^ erg__hash_u32(r->to) ^ (r->type * 40503u));
}

static int rel_col(erg_graph *g, const char *name, erg_type want) {
    uint32_t sid = erg__pool_find(&g->pool, name, strlen(name));
    int c = sid ? erg__col_find(g, ERG_KIND_REL, sid) : -1;
    if (c >= 0 && want != ERG_NULL && g->schema[ERG_KIND_REL].cols[c].type != want) return -1;
    return c;
}

static int days_in(int y, int m) {
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

/* A date as xsd:date: a partial one as the first or last day it names. */
static void full_date(erg_date d, bool last, char *buf) {
    int m = d.month ? d.month : last ? 12 : 1;
    int day = d.day ? d.day : last ? days_in(d.year, m) : 1;
    snprintf(buf, 16, "%04d-%02d-%02d", d.year, m, day);
}

/* The edge's start and end attributes (when its relationship has them). */
static int edge_times(gx *w, uint32_t i, bool *any) {
    erg_value v;
    char buf[16];
    int rc = ERG_OK;
    if (w->start_col >= 0 && erg__cell_get(w->g, ERG_KIND_REL, (uint32_t)w->start_col, i, &v)) {
        full_date(v.u.d, false, buf);
        rc = erg_out_printf(w->o, "\" start=\"%s", buf);
        if (!rc && w->start_is_date) {
            full_date(v.u.d, true, buf);
            rc = erg_out_printf(w->o, "\" end=\"%s", buf);
        }
        *any = true;
    }
    if (!rc && w->end_col >= 0 && erg__cell_get(w->g, ERG_KIND_REL, (uint32_t)w->end_col, i, &v)) {
        full_date(v.u.d, true, buf);
        rc = erg_out_printf(w->o, "\" end=\"%s", buf);
        *any = true;
    }
    /* per relationship, as erg_graph_as_of reads them: start/end, else date */
    if (!rc && !*any && w->date_col >= 0 && erg__cell_get(w->g, ERG_KIND_REL, (uint32_t)w->date_col, i, &v)) {
        full_date(v.u.d, false, buf);
        rc = erg_out_printf(w->o, "\" start=\"%s", buf);
        full_date(v.u.d, true, buf);
        if (!rc) rc = erg_out_printf(w->o, "\" end=\"%s", buf);
        *any = true;
    }
    return rc ? ERG_EIO : ERG_OK;
}

static bool has_times(gx *w) {
    bool any = false;
    for (uint32_t i = 0; i < w->g->nrel && !any; i++) {
        erg_value v;
        if (!w->g->rels[i].alive) continue;
        any = (w->start_col >= 0 && erg__cell_get(w->g, ERG_KIND_REL, (uint32_t)w->start_col, i, &v)) ||
              (w->end_col >= 0 && erg__cell_get(w->g, ERG_KIND_REL, (uint32_t)w->end_col, i, &v)) ||
              (w->date_col >= 0 && erg__cell_get(w->g, ERG_KIND_REL, (uint32_t)w->date_col, i, &v));
    }
    return any;
}

static int write_edge(gx *w, uint32_t i, uint32_t nth, bool mixed, const char *what) {
    erg_graph *g = w->g;
    const erg_relrec *r = &g->rels[i];
    bool dummy = false;
    int rc = ERG_PUTS(w->o, "      <edge id=\"");
    if (!rc) rc = esc_sid(w, r->id, what);
    if (!rc) rc = ERG_PUTS(w->o, "\" source=\"");
    if (!rc) rc = esc_sid(w, g->ents[r->from].id, what);
    if (!rc) rc = ERG_PUTS(w->o, "\" target=\"");
    if (!rc) rc = esc_sid(w, g->ents[r->to].id, what);
    if (!rc) rc = ERG_PUTS(w->o, "\" label=\"");
    if (!rc) rc = esc_sid(w, r->type, what);
    if (!rc) rc = ERG_PUTS(w->o, "\" kind=\"");
    if (!rc) rc = esc_sid(w, r->type, what);
    if (!rc && nth > 1) rc = erg_out_printf(w->o, "#%u", nth);
    if (!rc && mixed && !r->directed) rc = ERG_PUTS(w->o, "\" type=\"mutual");
    erg_value wv;
    if (!rc && w->weight_col >= 0 && erg__cell_get(g, ERG_KIND_REL, (uint32_t)w->weight_col, i, &wv)) {
        double f = wv.type == ERG_INT ? (double)wv.u.i : wv.u.f;
        char num[40];
        erg__format_float(f, num);
        if (isfinite(f)) rc = erg_out_printf(w->o, "\" weight=\"%s", num); /* xs:float; Gephi parses no INF */
    }
    if (!rc) rc = edge_times(w, i, &dummy);
    if (!rc) rc = ERG_PUTS(w->o, "\">\n");
    if (!rc) rc = attvalues(w, ERG_KIND_REL, i, r->type, what);
    if (!rc) rc = ERG_PUTS(w->o, "      </edge>\n");
    return rc;
}

static int write_nodes(gx *w) {
    erg_graph *g = w->g;
    char what[256];
    int rc = ERG_PUTS(w->o, "    <nodes>\n");
    for (uint32_t i = 0; !rc && i < g->nent; i++) {
        const erg_ent *e = &g->ents[i];
        if (!e->alive) continue;
        snprintf(what, sizeof what, "entity '%.200s'", erg__str(g, e->id));
        rc = ERG_PUTS(w->o, "      <node id=\"");
        if (!rc) rc = esc_sid(w, e->id, what);
        if (!rc) rc = ERG_PUTS(w->o, "\" label=\"");
        if (!rc) rc = esc_sid(w, e->name ? e->name : e->id, what);
        if (!rc) rc = ERG_PUTS(w->o, "\">\n");
        if (!rc) rc = attvalues(w, ERG_KIND_ENTITY, i, e->type, what);
        if (!rc) rc = ERG_PUTS(w->o, "      </node>\n");
    }
    if (!rc) rc = ERG_PUTS(w->o, "    </nodes>\n");
    return rc;
}

static int write_edges(gx *w, bool mixed) {
    erg_graph *g = w->g;
    erg_htab seen = {0};
    uint32_t *count = NULL, countcap = 0;
    char what[256];
    int rc = ERG_PUTS(w->o, "    <edges>\n");
    if (!rc && (erg__htab_reserve(&seen, &g->a, g->live_rels) ||
                erg__grow(&g->a, (void **)&count, &countcap, (size_t)g->nrel + 1, sizeof *count)))
        rc = erg__nomem(g);
    for (uint32_t i = 0; !rc && i < g->nrel; i++) {
        const erg_relrec *r = &g->rels[i];
        if (!r->alive) continue;
        if ((i & 0xFFFF) == 0) erg__progress(g, "writing GEXF relationships", i, g->nrel);
        snprintf(what, sizeof what, "relationship '%.200s'", erg__str(g, r->id));
        uint32_t h = hash_triple(r), first = erg__htab_find(&seen, h, eq_triple, g, &i), nth = 1;
        if (first == ERG_NONE) {
            erg__htab_insert(&seen, &g->a, h, i); /* reserved above */
            count[i] = 1;
        } else {
            nth = ++count[first];
        }
        rc = write_edge(w, i, nth, mixed, what);
    }
    if (!rc) erg__progress(g, "writing GEXF relationships", g->nrel, g->nrel);
    if (!rc) rc = ERG_PUTS(w->o, "    </edges>\n");
    erg__htab_free(&seen, &g->a);
    erg__mem(&g->a, count, (size_t)countcap * sizeof *count, 0);
    return rc;
}

int erg__gexf_write(erg_graph *g, erg_out *o) {
    gx w = {g, o, {0}, -1, -1, -1, -1, false};
    erg__buf_init(&w.tmp, &g->a);
    int wc = rel_col(g, "weight", ERG_NULL);
    if (wc >= 0 && (g->schema[ERG_KIND_REL].cols[wc].type == ERG_INT || g->schema[ERG_KIND_REL].cols[wc].type == ERG_FLOAT))
        w.weight_col = wc;
    w.start_col = rel_col(g, "start", ERG_DATE);
    w.end_col = rel_col(g, "end", ERG_DATE);
    w.date_col = rel_col(g, "date", ERG_DATE);
    bool any_dir = false, any_undir = false;
    for (uint32_t i = 0; i < g->nrel; i++)
        if (g->rels[i].alive) {
            if (g->rels[i].directed) any_dir = true; else any_undir = true;
        }
    bool mixed = any_dir && any_undir, dynamic = has_times(&w);
    const char *title = erg_graph_meta(g, "title");
    int rc = erg_out_printf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<gexf xmlns=\"http://www.gexf.net/1.2draft\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                               "      xsi:schemaLocation=\"http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd\" version=\"1.2\">\n"
                               "  <meta>\n    <creator>erg %s</creator>\n", ERG_VERSION);
    if (!rc && title) {
        rc = ERG_PUTS(o, "    <description>");
        if (!rc) rc = esc(&w, title, strlen(title), "graph title");
        if (!rc) rc = ERG_PUTS(o, "</description>\n");
    }
    if (!rc) rc = erg_out_printf(o, "  </meta>\n  <graph defaultedgetype=\"%s\" mode=\"%s\"%s>\n",
                                 any_undir && !any_dir ? "undirected" : "directed", dynamic ? "dynamic" : "static",
                                 dynamic ? " timeformat=\"date\"" : "");
    if (!rc) rc = decls(&w, ERG_KIND_ENTITY, "node");
    if (!rc) rc = decls(&w, ERG_KIND_REL, "edge");
    if (!rc) rc = write_nodes(&w);
    if (!rc) rc = write_edges(&w, mixed);
    if (!rc) rc = ERG_PUTS(o, "  </graph>\n</gexf>\n");
    erg__buf_free(&w.tmp);
    if (rc && g->errcode == ERG_OK) rc = erg__err(g, ERG_EIO, "write failed");
    return rc;
}
