/*
 * explore.c -- the data behind the report's interactive map (report.js on
 * sigma.js): one JSON object, strict (no NaN, no infinities: they become
 * null), with every string escaped by erg_out_json_string so that '<',
 * '>' and '&' are \u003c... and "</script>" cannot end the script element
 * that holds it.  Column arrays rather than an object per entity or
 * relationship keep a 100,000-relationship page to a few megabytes:
 *
 *   etypes, rtypes, certs, sources   the distinct entity types,
 *                                    relationship types, certainty values
 *                                    and [id, title] of each source
 *   n: id label t x y s c f al a     per entity: id, label, type index,
 *                                    position (igraph's layout, scaled to a
 *                                    1000-wide box), score by the chosen
 *                                    measure, weak component (0: largest),
 *                                    folded search keys (erg_fold's word
 *                                    form of name, aliases and id, one a
 *                                    line), aliases, attribute columns
 *   r: a b t d k src ds de id x      per relationship: end entity indexes,
 *                                    type index, directed (1/0), certainty
 *                                    index (-1: none), source index or
 *                                    indexes (null: none), date span start
 *                                    and end (the "date" attribute, else
 *                                    "as_of", else "start" and "end";
 *                                    null: open), id,
 *                                    attribute columns (see columns());
 *                                    k, src, ds and de are null when no
 *                                    relationship has any
 */
#include "draw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- strict JSON values ---------------------------------------------------- */

static void jstr(erg_out *o, const char *s) { erg_out_json_string(o, s, strlen(s)); }

/* A number that JSON.parse accepts: null for NaN and infinities. */
static void jnum(erg_out *o, double d, const char *fmt) {
    if (isfinite(d)) erg_out_printf(o, fmt, d);
    else erg_out_printf(o, "null");
}

/* The shortest of %.15g and %.17g that reads back as d. */
static void jfloat(erg_out *o, double d) {
    char buf[40];
    if (!isfinite(d)) {
        erg_out_printf(o, "null");
        return;
    }
    snprintf(buf, sizeof buf, "%.15g", d);
    if (strtod(buf, NULL) != d) snprintf(buf, sizeof buf, "%.17g", d);
    erg_out_printf(o, "%s", buf);
}

static void jvalue(erg_out *o, const erg_value *v) {
    switch (v->type) {
    case ERG_FLOAT: jfloat(o, v->u.f); break;
    case ERG_LIST:
        erg_out_printf(o, "[");
        for (size_t i = 0; i < v->u.list.n; i++) {
            if (i) erg_out_printf(o, ",");
            jvalue(o, &v->u.list.items[i]);
        }
        erg_out_printf(o, "]");
        break;
    default: erg_out_json_value(o, v); /* null, bool, int, string, date */
    }
}

/* ---- distinct strings -------------------------------------------------------- */

/* A sorted set of distinct strings (pointers into the graph's pool, which
 * outlive the report), looked up by binary search: types and certainty
 * values are few in real graphs but need not be. */
typedef struct strset {
    const char **s;
    size_t n, cap;
} strset;

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static int strset_sort(strset *t) {
    if (!t->n) return ERG_OK;
    qsort(t->s, t->n, sizeof *t->s, cmp_str);
    size_t k = 1;
    for (size_t i = 1; i < t->n; i++)
        if (strcmp(t->s[i], t->s[k - 1])) t->s[k++] = t->s[i];
    t->n = k;
    return ERG_OK;
}

static long strset_index(const strset *t, const char *s) {
    const char **p = t->n ? bsearch(&s, t->s, t->n, sizeof *t->s, cmp_str) : NULL;
    return p ? (long)(p - t->s) : -1;
}

static void strset_json(erg_out *o, const strset *t) {
    erg_out_printf(o, "[");
    for (size_t i = 0; i < t->n; i++) {
        if (i) erg_out_printf(o, ",");
        jstr(o, t->s[i]);
    }
    erg_out_printf(o, "]");
}

/* ---- what the writer gathers first --------------------------------------------- */

typedef struct explore {
    erg_graph *g;
    erg_out *o;
    size_t nent, nidx;    /* live entities; slots (largest idx + 1) */
    erg_entity *ents;     /* nent, insertion order */
    erg_rel *rels;        /* nrel, insertion order */
    size_t nrel;
    uint32_t *node;       /* nidx: slot -> node number */
    double *x, *y, *score;
    size_t *comp;
    strset etypes, rtypes, certs;
    char *fold;           /* a scratch buffer for erg_fold */
    size_t foldcap;
} explore;

static void explore_free(explore *x) {
    erg_graph *g = x->g;
    erg__draw_free(g, x->ents, x->nent, sizeof *x->ents);
    erg__draw_free(g, x->rels, x->nrel, sizeof *x->rels);
    erg__draw_free(g, x->node, x->nidx, sizeof *x->node);
    erg__draw_free(g, x->x, x->nent, sizeof *x->x);
    erg__draw_free(g, x->y, x->nent, sizeof *x->y);
    erg__draw_free(g, x->score, x->nent, sizeof *x->score);
    erg__draw_free(g, x->comp, x->nent, sizeof *x->comp);
    erg__draw_free(g, x->etypes.s, x->etypes.cap, sizeof *x->etypes.s);
    erg__draw_free(g, x->rtypes.s, x->rtypes.cap, sizeof *x->rtypes.s);
    erg__draw_free(g, x->certs.s, x->certs.cap, sizeof *x->certs.s);
    erg__draw_free(g, x->fold, x->foldcap, 1);
}

/* Entities in insertion order, the slot map, and the distinct strings. */
static int gather(explore *x) {
    erg_graph *g = x->g;
    erg_iter it = erg_entities(g, NULL);
    erg_entity e;
    while (erg_entity_next(g, &it, &e)) {
        x->nent++;
        if (e.idx + 1 > x->nidx) x->nidx = e.idx + 1;
    }
    size_t nrel = x->nrel = erg_rel_count(g);
    x->ents = erg__draw_calloc(g, x->nent, sizeof *x->ents);
    x->rels = erg__draw_calloc(g, x->nrel, sizeof *x->rels);
    x->node = erg__draw_calloc(g, x->nidx, sizeof *x->node);
    x->x = erg__draw_calloc(g, x->nent, sizeof *x->x);
    x->y = erg__draw_calloc(g, x->nent, sizeof *x->y);
    x->score = erg__draw_calloc(g, x->nent, sizeof *x->score);
    x->comp = erg__draw_calloc(g, x->nent, sizeof *x->comp);
    x->etypes.s = erg__draw_calloc(g, x->etypes.cap = x->nent, sizeof *x->etypes.s);
    x->rtypes.s = erg__draw_calloc(g, x->rtypes.cap = nrel, sizeof *x->rtypes.s);
    x->certs.s = erg__draw_calloc(g, x->certs.cap = nrel, sizeof *x->certs.s);
    x->fold = erg__draw_calloc(g, x->foldcap = 256, 1);
    if (!x->ents || !x->rels || !x->node || !x->x || !x->y || !x->score || !x->comp || !x->etypes.s || !x->rtypes.s ||
        !x->certs.s || !x->fold)
        return ERG_ENOMEM;
    size_t k = 0;
    it = erg_entities(g, NULL);
    while (erg_entity_next(g, &it, &e)) {
        x->node[e.idx] = (uint32_t)k;
        x->ents[k++] = e;
        x->etypes.s[x->etypes.n++] = erg_entity_type(g, e);
    }
    erg_iter ri = erg_rels(g, NULL);
    erg_rel r;
    k = 0;
    while (erg_rel_next(g, &ri, &r) && k < nrel) {
        x->rels[k++] = r;
        x->rtypes.s[x->rtypes.n++] = erg_rel_type(g, r);
        erg_value c;
        if (!erg_attr_get(g, erg_obj_rel(r), "certainty", &c) && c.type == ERG_STRING)
            x->certs.s[x->certs.n++] = c.u.s.ptr;
    }
    strset_sort(&x->etypes);
    strset_sort(&x->rtypes);
    return strset_sort(&x->certs);
}

/* Positions, scaled into a box 1000 wide (sigma rescales anyway; the
 * scale only keeps the numbers short). */
static int positions(explore *x, const char *method, const erg_analysis_opts *ao) {
    erg_layout l;
    int rc = erg_layout_compute(x->g, method, ao, &l);
    if (rc) return rc;
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < l.n; i++) {
        if (l.x[i] < x0) x0 = l.x[i];
        if (l.x[i] > x1) x1 = l.x[i];
        if (l.y[i] < y0) y0 = l.y[i];
        if (l.y[i] > y1) y1 = l.y[i];
    }
    double span = fmax(x1 - x0, y1 - y0);
    double k = span > 0 && isfinite(span) ? 1000.0 / span : 1.0;
    for (size_t i = 0; i < l.n; i++) {
        uint32_t n = x->node[l.entity[i].idx];
        x->x[n] = (l.x[i] - x0) * k;
        x->y[n] = (l.y[i] - y0) * k;
    }
    erg_layout_free(x->g, &l);
    return ERG_OK;
}

static int scores_and_components(explore *x, erg_measure m, const erg_analysis_opts *ao) {
    erg_scores sc = {0};
    erg_analysis_opts so = *ao;
    if (m != ERG_PAGERANK) so.mode = ERG_BOTH;
    int rc = erg_centrality(x->g, m, &so, &sc);
    if (rc) return rc;
    for (size_t i = 0; i < sc.n; i++) x->score[x->node[sc.items[i].entity.idx]] = sc.items[i].score;
    erg_scores_free(x->g, &sc);
    erg_partition pt = {0};
    if ((rc = erg_components(x->g, false, ao, &pt))) return rc;
    for (size_t i = 0; i < pt.n; i++) x->comp[x->node[pt.entity[i].idx]] = pt.group[i];
    erg_partition_free(x->g, &pt);
    return ERG_OK;
}

/* ---- writing ---------------------------------------------------------------------- */

/* One folded search key (erg_fold's word form), growing the scratch
 * buffer when a name is longer than it. */
static int fold_key(explore *x, const char *s, bool *first) {
    size_t len;
    int rc = erg_fold(x->g, s, strlen(s), true, x->fold, x->foldcap, &len);
    if (rc == ERG_EINVAL) return ERG_OK; /* not UTF-8: not searchable */
    if (rc) return rc;
    if (len >= x->foldcap) {
        char *big = erg__draw_calloc(x->g, len + 1, 1);
        if (!big) return ERG_ENOMEM;
        erg__draw_free(x->g, x->fold, x->foldcap, 1);
        x->fold = big;
        x->foldcap = len + 1;
        if ((rc = erg_fold(x->g, s, strlen(s), true, x->fold, x->foldcap, &len))) return rc;
    }
    if (!len) return ERG_OK;
    if (!*first) erg_out_printf(x->o, "\\n");
    *first = false;
    /* the word form is letters, digits and spaces only, so it needs no
     * escape inside the JSON string; a byte that would is dropped all the
     * same, never written raw */
    size_t from = 0;
    for (size_t i = 0; i <= len; i++) {
        unsigned char c = i < len ? (unsigned char)x->fold[i] : 0;
        if (i < len && c >= 0x20 && !strchr("\"\\<>&", c)) continue;
        erg_out_write(x->o, x->fold + from, i - from);
        from = i + 1;
    }
    return ERG_OK;
}

/* The search keys of e as one JSON string, a key a line. */
static int fold_keys(explore *x, erg_entity e) {
    erg_graph *g = x->g;
    bool first = true;
    int rc = ERG_OK;
    const char *name = erg_entity_name(g, e);
    erg_out_printf(x->o, "\"");
    if (name) rc = fold_key(x, name, &first);
    for (size_t i = 0; !rc && i < erg_entity_alias_count(g, e); i++) rc = fold_key(x, erg_entity_alias(g, e, i), &first);
    if (!rc) rc = fold_key(x, erg_entity_id(g, e), &first);
    erg_out_printf(x->o, "\"");
    return rc;
}

static const char *const ENT_SKIP[] = {"name", "type", NULL};
static const char *const REL_SKIP[] = {"source", "certainty", NULL};

static bool skipped(const char *k, const char *const *skip) {
    for (; *skip; skip++)
        if (!strcmp(k, *skip)) return true;
    return false;
}

/* Attribute columns of one kind, keys in skip left out: an object from
 * key to column.  A column at least a quarter full is an array (null where
 * unset); a sparser one is {"i": [indexes], "v": [values]}, so that a
 * graph with many rarely set attributes does not pay a null for each. */
typedef bool (*obj_at_fn)(explore *x, size_t i, erg_obj *out);

static int columns(explore *x, erg_kind kind, size_t n, obj_at_fn at, const char *const *skip) {
    erg_graph *g = x->g;
    erg_out *o = x->o;
    bool firstkey = true;
    erg_out_printf(o, "{");
    for (size_t k = 0; k < erg_schema_count(g, kind); k++) {
        const char *name = erg_schema_name(g, kind, k);
        if (skipped(name, skip)) continue;
        size_t set = 0;
        erg_obj obj;
        erg_value v;
        for (size_t i = 0; i < n; i++)
            if (at(x, i, &obj) && !erg_attr_get_at(g, obj, k, &v) && v.type != ERG_NULL) set++;
        if (!set) continue;
        bool dense = set * 4 >= n;
        erg_out_printf(o, firstkey ? "\n" : ",\n");
        firstkey = false;
        jstr(o, name);
        erg_out_printf(o, dense ? ":[" : ":{\"i\":[");
        bool first = true;
        for (size_t i = 0; i < n; i++) {
            bool has = at(x, i, &obj) && !erg_attr_get_at(g, obj, k, &v) && v.type != ERG_NULL;
            if (!dense && !has) continue;
            erg_out_printf(o, first ? "" : ",");
            first = false;
            if (!dense) erg_out_printf(o, "%zu", i);
            else if (has) jvalue(o, &v);
            else erg_out_printf(o, "null");
        }
        if (!dense) {
            erg_out_printf(o, "],\"v\":[");
            first = true;
            for (size_t i = 0; i < n; i++) {
                if (!at(x, i, &obj) || erg_attr_get_at(g, obj, k, &v) || v.type == ERG_NULL) continue;
                erg_out_printf(o, first ? "" : ",");
                first = false;
                jvalue(o, &v);
            }
            erg_out_printf(o, "]}");
        } else {
            erg_out_printf(o, "]");
        }
    }
    return erg_out_printf(o, "}");
}

static bool entity_at(explore *x, size_t i, erg_obj *out) {
    *out = erg_obj_entity(x->ents[i]);
    return true;
}

static bool rel_at(explore *x, size_t i, erg_obj *out) {
    *out = erg_obj_rel(x->rels[i]);
    return true;
}

static int nodes(explore *x) {
    erg_graph *g = x->g;
    erg_out *o = x->o;
    int rc;
    erg_out_printf(o, ",\n\"n\":{\"id\":[");
    for (size_t i = 0; i < x->nent; i++) {
        erg_out_printf(o, i ? "," : "");
        jstr(o, erg_entity_id(g, x->ents[i]));
    }
    erg_out_printf(o, "],\n\"label\":[");
    for (size_t i = 0; i < x->nent; i++) {
        erg_out_printf(o, i ? "," : "");
        jstr(o, erg__draw_label(g, x->ents[i]));
    }
    erg_out_printf(o, "],\n\"t\":[");
    for (size_t i = 0; i < x->nent; i++)
        erg_out_printf(o, "%s%ld", i ? "," : "", strset_index(&x->etypes, erg_entity_type(g, x->ents[i])));
    erg_out_printf(o, "],\n\"x\":[");
    for (size_t i = 0; i < x->nent; i++) erg_out_printf(o, i ? ",%.1f" : "%.1f", x->x[i]);
    erg_out_printf(o, "],\n\"y\":[");
    for (size_t i = 0; i < x->nent; i++) erg_out_printf(o, i ? ",%.1f" : "%.1f", x->y[i]);
    erg_out_printf(o, "],\n\"s\":[");
    for (size_t i = 0; i < x->nent; i++) {
        erg_out_printf(o, i ? "," : "");
        jnum(o, x->score[i], "%.4g");
    }
    erg_out_printf(o, "],\n\"c\":[");
    for (size_t i = 0; i < x->nent; i++) erg_out_printf(o, i ? ",%zu" : "%zu", x->comp[i]);
    erg_out_printf(o, "],\n\"f\":[");
    for (size_t i = 0; i < x->nent; i++) {
        erg_out_printf(o, i ? "," : "");
        if ((rc = fold_keys(x, x->ents[i]))) return rc;
    }
    erg_out_printf(o, "],\n\"al\":{\"i\":[");
    bool first = true;
    for (size_t i = 0; i < x->nent; i++) {
        if (!erg_entity_alias_count(g, x->ents[i])) continue;
        erg_out_printf(o, first ? "%zu" : ",%zu", i);
        first = false;
    }
    erg_out_printf(o, "],\"v\":[");
    first = true;
    for (size_t i = 0; i < x->nent; i++) {
        size_t na = erg_entity_alias_count(g, x->ents[i]);
        if (!na) continue;
        erg_out_printf(o, first ? "[" : ",[");
        first = false;
        for (size_t k = 0; k < na; k++) {
            erg_out_printf(o, k ? "," : "");
            jstr(o, erg_entity_alias(g, x->ents[i], k));
        }
        erg_out_printf(o, "]");
    }
    erg_out_printf(o, "]},\n\"a\":");
    columns(x, ERG_KIND_ENTITY, x->nent, entity_at, ENT_SKIP);
    return erg_out_printf(o, "}");
}

/* The sources a relationship cites, as indexes into the source list. */
static void rel_sources(explore *x, erg_rel r, const strset *srcs) {
    erg_value v;
    if (erg_attr_get(x->g, erg_obj_rel(r), "source", &v) || v.type == ERG_NULL) {
        erg_out_printf(x->o, "null");
        return;
    }
    size_t n = v.type == ERG_LIST ? v.u.list.n : 1, k = 0;
    erg_out_printf(x->o, n == 1 ? "" : "[");
    for (size_t i = 0; i < n; i++) {
        const erg_value *s = v.type == ERG_LIST ? &v.u.list.items[i] : &v;
        if (s->type != ERG_STRING) continue;
        char id[512];
        snprintf(id, sizeof id, "%.*s", (int)(s->u.s.len > 500 ? 500 : s->u.s.len), s->u.s.ptr);
        long at = strset_index(srcs, id);
        if (at < 0) continue; /* cites a source the graph lacks: no filter, no title */
        erg_out_printf(x->o, "%s%ld", k++ ? "," : "", at);
    }
    if (n == 1 && k == 0) erg_out_printf(x->o, "null");
    erg_out_printf(x->o, n == 1 ? "" : "]");
}

/* A date attribute as a JSON string, or null when absent or not a date
 * (a string that parses as one counts). */
static void rel_date(explore *x, erg_rel r, const char *name) {
    erg_value v;
    erg_date d;
    char buf[16];
    if (!erg_attr_get(x->g, erg_obj_rel(r), name, &v)) {
        if (v.type == ERG_DATE) d = v.u.d;
        else if (v.type != ERG_STRING || erg_date_parse(v.u.s.ptr, v.u.s.len, &d)) v.type = ERG_NULL;
        if (v.type != ERG_NULL) {
            erg_date_format(d, buf);
            jstr(x->o, buf);
            return;
        }
    }
    erg_out_printf(x->o, "null");
}

static bool has_attr(explore *x, erg_rel r, const char *name) {
    erg_value v;
    return !erg_attr_get(x->g, erg_obj_rel(r), name, &v) && v.type != ERG_NULL;
}

static int rels(explore *x, const strset *srcs) {
    erg_graph *g = x->g;
    erg_out *o = x->o;
    static const char *const cols[] = {"a", "b", "t", "d", "k", "src", "ds", "de", "id"};
    /* certainty, sources and dates that no relationship has are one null
     * each, not a column of them */
    bool any[9] = {true, true, true, true, x->certs.n > 0, false, false, false, true};
    for (size_t i = 0; i < x->nrel && !(any[5] && any[6]); i++) {
        any[5] = any[5] || has_attr(x, x->rels[i], "source");
        any[6] = any[6] || has_attr(x, x->rels[i], "date") || has_attr(x, x->rels[i], "as_of") ||
                 has_attr(x, x->rels[i], "start") || has_attr(x, x->rels[i], "end");
    }
    any[7] = any[6];
    erg_out_printf(o, ",\n\"r\":{");
    for (int c = 0; c < 9; c++) {
        erg_out_printf(o, "%s\"%s\":%s", c ? ",\n" : "", cols[c], any[c] ? "[" : "null");
        for (size_t i = 0; any[c] && i < x->nrel; i++) {
            erg_rel r = x->rels[i];
            erg_out_printf(o, i ? "," : "");
            erg_value v;
            /* a point in time ("date", else "as_of"), or an interval */
            const char *point = c != 6 && c != 7 ? NULL
                                : has_attr(x, r, "date") ? "date"
                                : has_attr(x, r, "as_of") ? "as_of"
                                                          : NULL;
            switch (c) {
            case 0: erg_out_printf(o, "%u", x->node[erg_rel_from(g, r).idx]); break;
            case 1: erg_out_printf(o, "%u", x->node[erg_rel_to(g, r).idx]); break;
            case 2: erg_out_printf(o, "%ld", strset_index(&x->rtypes, erg_rel_type(g, r))); break;
            case 3: erg_out_printf(o, erg_rel_directed(g, r) ? "1" : "0"); break;
            case 4:
                erg_out_printf(o, "%ld", !erg_attr_get(g, erg_obj_rel(r), "certainty", &v) && v.type == ERG_STRING
                                             ? strset_index(&x->certs, v.u.s.ptr)
                                             : -1L);
                break;
            case 5: rel_sources(x, r, srcs); break;
            case 6: rel_date(x, r, point ? point : "start"); break;
            case 7: rel_date(x, r, point ? point : "end"); break;
            default: jstr(o, erg_rel_id(g, r));
            }
        }
        if (any[c]) erg_out_printf(o, "]");
    }
    erg_out_printf(o, ",\n\"x\":");
    columns(x, ERG_KIND_REL, x->nrel, rel_at, REL_SKIP);
    return erg_out_printf(o, "}");
}

/* Sources in id order as [id, title or null]. */
static int sources(explore *x, strset *srcs) {
    erg_graph *g = x->g;
    srcs->s = erg__draw_calloc(g, srcs->cap = erg_source_count(g), sizeof *srcs->s);
    if (!srcs->s) return ERG_ENOMEM;
    erg_iter it = erg_sources(g);
    erg_source s;
    while (erg_source_next(g, &it, &s)) srcs->s[srcs->n++] = erg_source_id(g, s);
    strset_sort(srcs);
    erg_out_printf(x->o, ",\n\"sources\":[");
    for (size_t i = 0; i < srcs->n; i++) {
        erg_value t = {0};
        if (!erg_source_by_id(g, srcs->s[i], &s)) erg_attr_get(g, erg_obj_source(s), "title", &t);
        erg_out_printf(x->o, i ? ",\n[" : "[");
        jstr(x->o, srcs->s[i]);
        erg_out_printf(x->o, ",");
        if (t.type == ERG_STRING) erg_out_json_string(x->o, t.u.s.ptr, t.u.s.len);
        else erg_out_printf(x->o, "null");
        erg_out_printf(x->o, "]");
    }
    return erg_out_printf(x->o, "]");
}

int erg__draw_sources_json(erg_graph *g, erg_out *o) {
    erg_iter it = erg_sources(g);
    erg_source s;
    bool first = true;
    erg_out_printf(o, "{");
    while (erg_source_next(g, &it, &s)) {
        erg_out_printf(o, first ? "\n" : ",\n");
        first = false;
        jstr(o, erg_source_id(g, s));
        erg_out_printf(o, ":{");
        bool f2 = true;
        for (size_t i = 0; i < erg_schema_count(g, ERG_KIND_SOURCE); i++) {
            erg_value v;
            if (erg_attr_get_at(g, erg_obj_source(s), i, &v) || v.type == ERG_NULL) continue;
            erg_out_printf(o, f2 ? "" : ",");
            f2 = false;
            jstr(o, erg_schema_name(g, ERG_KIND_SOURCE, i));
            erg_out_printf(o, ":");
            jvalue(o, &v);
        }
        erg_out_printf(o, "}");
    }
    return erg_out_printf(o, "}");
}

int erg__draw_explorer_data(erg_graph *g, const erg_explore_opts *xo, const erg_analysis_opts *ao, erg_out *o) {
    explore x = {0};
    strset srcs = {0};
    x.g = g;
    x.o = o;
    int rc = gather(&x);
    const char *method = xo->layout ? xo->layout : "fr";
    if (!rc) rc = positions(&x, method, ao);
    if (!rc) rc = scores_and_components(&x, xo->measure, ao);
    if (rc) goto done;
    erg_out_printf(o, "{\"v\":1,\"measure\":");
    jstr(o, erg_measure_name(xo->measure));
    erg_out_printf(o, ",\"layout\":");
    jstr(o, method);
    erg_out_printf(o, ",\"open\":");
    jstr(o, xo->open ? xo->open : "auto");
    erg_out_printf(o, ",\"top\":%u,\"pairs\":[", xo->top);
    for (size_t k = 0; k < xo->npairs; k++) {
        erg_entity a, b;
        if (erg_entity_find(g, xo->pairs[2 * k], &a) || erg_entity_find(g, xo->pairs[2 * k + 1], &b)) continue;
        erg_out_printf(o, "%s[%u,%u]", k ? "," : "", x.node[a.idx], x.node[b.idx]);
    }
    erg_out_printf(o, "],\n\"etypes\":");
    strset_json(o, &x.etypes);
    erg_out_printf(o, ",\n\"rtypes\":");
    strset_json(o, &x.rtypes);
    erg_out_printf(o, ",\n\"certs\":");
    strset_json(o, &x.certs);
    if ((rc = sources(&x, &srcs)) || (rc = nodes(&x)) || (rc = rels(&x, &srcs))) goto done;
    erg_out_printf(o, "}");
done:
    erg__draw_free(g, srcs.s, srcs.cap, sizeof *srcs.s);
    explore_free(&x);
    return rc;
}
