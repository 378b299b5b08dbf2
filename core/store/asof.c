/*
 * asof.c -- the graph at a time (erg_graph_as_of): a copy that keeps every
 * entity and source and the relationships valid at a date or in a window,
 * judged by their "start", "end" and "date" attributes.
 *
 * A copy rather than a filter inside each consumer, so that every command
 * (analysis, paths, exports, report, diff) sees the same graph without
 * learning about time.
 */
#include "store.h"

#include <string.h>

/* Days compared as yyyymmdd; a partial date spans its month or year. */
static long span_lo(erg_date d) {
    return d.year * 10000L + (d.month ? d.month : 1) * 100L + (d.day ? d.day : 1);
}
static long span_hi(erg_date d) {
    return d.year * 10000L + (d.month ? d.month : 12) * 100L + (d.day ? d.day : 31);
}

/* The date columns the rule reads: -1 when the graph has none. */
typedef struct time_cols { int start, end, date; } time_cols;

static int date_col(erg_graph *g, const char *name, int *col) {
    uint32_t sid = erg__pool_find(&g->pool, name, strlen(name));
    *col = sid ? erg__col_find(g, ERG_KIND_REL, sid) : -1;
    if (*col < 0) return ERG_OK;
    const erg_col *c = &g->schema[ERG_KIND_REL].cols[*col];
    char spec[16];
    if (c->type != ERG_DATE)
        return erg__err(g, ERG_ETYPE, "relationship attribute '%s' holds %s values, not dates", name,
                        erg__type_spec(c->type, c->elem, spec));
    return ERG_OK;
}

static int time_cols_find(erg_graph *g, time_cols *tc) {
    int rc;
    if ((rc = date_col(g, "start", &tc->start)) || (rc = date_col(g, "end", &tc->end))) return rc;
    return date_col(g, "date", &tc->date);
}

static int check_opts(erg_graph *g, const erg_time_opts *t) {
    if (t->as_of && (t->since || t->until))
        return erg__err(g, ERG_EINVAL, "a date (as of) and a window (since, until) do not go together");
    if (t->since && t->until && span_lo(*t->since) > span_hi(*t->until))
        return erg__err(g, ERG_EINVAL, "the window ends before it starts");
    return ERG_OK;
}

/* The rule (see erg.h).  With start or end the relationship is an
 * interval, kept when it overlaps the day span asked for; with only a
 * date it is an event, kept as of D when it happened by D and in a window
 * when it happened inside it; with neither it is timeless and kept. */
static bool rel_valid(const erg_graph *g, const time_cols *tc, const erg_time_opts *t, uint32_t ri) {
    erg_value s, e, d;
    bool hs = tc->start >= 0 && erg__cell_get(g, ERG_KIND_REL, (uint32_t)tc->start, ri, &s);
    bool he = tc->end >= 0 && erg__cell_get(g, ERG_KIND_REL, (uint32_t)tc->end, ri, &e);
    bool hd = tc->date >= 0 && erg__cell_get(g, ERG_KIND_REL, (uint32_t)tc->date, ri, &d);
    long lo = t->as_of ? span_lo(*t->as_of) : t->since ? span_lo(*t->since) : 0;
    long hi = t->as_of ? span_hi(*t->as_of) : t->until ? span_hi(*t->until) : 99999999L;
    if (hs || he) {
        long rlo = hs ? span_lo(s.u.d) : 0, rhi = he ? span_hi(e.u.d) : 99999999L;
        return rlo <= hi && rhi >= lo;
    }
    if (hd) return span_lo(d.u.d) <= hi && (t->as_of || span_hi(d.u.d) >= lo);
    return true;
}

int erg_rel_valid_at(erg_graph *g, erg_rel r, const erg_time_opts *t, bool *valid) {
    time_cols tc;
    int rc;
    *valid = false;
    if (!erg__rel(g, r)) return erg_rel_check(g, r);
    if ((rc = check_opts(g, t)) || (rc = time_cols_find(g, &tc))) return rc;
    *valid = rel_valid(g, &tc, t, r.idx);
    return ERG_OK;
}

/* ---- the copy ------------------------------------------------------------ */
static int copy_attrs(erg_graph *g, erg_kind k, erg_obj src, erg_graph *n, erg_obj dst) {
    for (size_t i = 0; i < erg_schema_count(g, k); i++) {
        erg_value x;
        int rc = erg_attr_get_at(g, src, i, &x);
        if (rc) return rc;
        if (x.type == ERG_NULL) continue;
        if ((rc = erg_attr_set(n, dst, erg_schema_name(g, k, i), &x))) return rc;
    }
    return ERG_OK;
}

static int copy_schema(erg_graph *g, erg_graph *n) {
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < erg_schema_count(g, (erg_kind)k); i++) {
            erg_type elem, t = erg_schema_type(g, (erg_kind)k, i, &elem);
            int rc = erg_schema_declare(n, (erg_kind)k, erg_schema_name(g, (erg_kind)k, i), t, elem);
            if (rc) return rc;
        }
    return ERG_OK;
}

/* Entities (map: index in g -> handle in n), kept relationships, sources,
 * metadata, each in insertion order so that ids and order survive. */
static int copy_graph(erg_graph *g, const time_cols *tc, const erg_time_opts *t, erg_graph *n,
                      erg_entity *map) {
    int rc;
    if ((rc = copy_schema(g, n))) return rc;
    erg_iter it = erg_entities(g, NULL);
    erg_entity e, ne;
    while (erg_entity_next(g, &it, &e)) {
        if ((rc = erg_entity_add(n, erg_entity_id(g, e), erg_entity_type(g, e), erg_entity_name(g, e), &ne)))
            return rc;
        for (size_t i = 0; i < erg_entity_alias_count(g, e); i++)
            if ((rc = erg_entity_add_alias(n, ne, erg_entity_alias(g, e, i)))) return rc;
        if ((rc = copy_attrs(g, ERG_KIND_ENTITY, erg_obj_entity(e), n, erg_obj_entity(ne)))) return rc;
        map[e.idx] = ne;
    }
    it = erg_rels(g, NULL);
    erg_rel r, nr;
    while (erg_rel_next(g, &it, &r)) {
        if (!rel_valid(g, tc, t, r.idx)) continue;
        const erg_relrec *rr = &g->rels[r.idx];
        if ((rc = erg_rel_add(n, erg_rel_id(g, r), map[rr->from], map[rr->to], erg_rel_type(g, r), rr->directed,
                              &nr)))
            return rc;
        n->rels[nr.idx].gen_id = rr->gen_id; /* a made-up id stays one */
        if ((rc = copy_attrs(g, ERG_KIND_REL, erg_obj_rel(r), n, erg_obj_rel(nr)))) return rc;
    }
    it = erg_sources(g);
    erg_source sc, ns;
    while (erg_source_next(g, &it, &sc)) {
        if ((rc = erg_source_add(n, erg_source_id(g, sc), &ns))) return rc;
        if ((rc = copy_attrs(g, ERG_KIND_SOURCE, erg_obj_source(sc), n, erg_obj_source(ns)))) return rc;
    }
    for (uint32_t i = 0; i < g->nmeta; i++)
        if ((rc = erg_graph_set_meta(n, erg__str(g, g->meta[2 * i]), erg__str(g, g->meta[2 * i + 1]))))
            return rc;
    return ERG_OK;
}

int erg_graph_as_of(erg_graph *g, const erg_time_opts *t, erg_graph **out) {
    static const erg_time_opts always;
    time_cols tc;
    erg_entity *map = NULL;
    erg_graph *n = NULL;
    int rc;
    *out = NULL;
    if (!t) t = &always;
    if ((rc = check_opts(g, t)) || (rc = time_cols_find(g, &tc))) return rc;
    size_t mapn = g->nent ? g->nent : 1;
    map = erg__mem(&g->a, NULL, 0, mapn * sizeof *map);
    n = erg_graph_new_with(g->a.fn, g->a.ud);
    if (!map || !n) {
        rc = erg__nomem(g);
        goto done;
    }
    if ((rc = copy_graph(g, &tc, t, n, map))) {
        erg__err(g, rc, "graph in time: %s", erg_errmsg(n));
        goto done;
    }
    *out = n;
    n = NULL;
done:
    erg_graph_free(n);
    if (map) erg__mem(&g->a, map, mapn * sizeof *map, 0);
    return rc;
}
