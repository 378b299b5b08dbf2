/*
 * interlocks.c -- organisations joined through the people they share
 * (erg_interlocks_find): the bipartite graph of connectors (people) and
 * the entities they sit on, projected onto the latter with igraph's
 * bipartite projection, whose multiplicities count the shared people.
 *
 * The bipartite graph is built here rather than taken from the cached
 * view: it keeps one edge per (person, organisation) however many
 * relationships join them (a board seat and a donation are one link), so
 * that the multiplicity is a number of people, not of relationships.
 */
#include "analysis.h"

#include <stdlib.h>

typedef struct ilink { uint32_t org, person; } ilink; /* vertex numbers */

static int cmp_link(const void *a, const void *b) {
    const ilink *x = a, *y = b;
    if (x->org != y->org) return x->org < y->org ? -1 : 1;
    return x->person < y->person ? -1 : x->person > y->person;
}

static int cmp_lock(const void *a, const void *b) {
    const erg_interlock *x = a, *y = b;
    if (x->n != y->n) return x->n > y->n ? -1 : 1;
    if (x->a.idx != y->a.idx) return x->a.idx < y->a.idx ? -1 : 1;
    return x->b.idx < y->b.idx ? -1 : x->b.idx > y->b.idx;
}

/* Type names as sids; a name nothing carries is an error (a typo). */
static int type_sids(erg_graph *g, const char *const *names, size_t n, bool rel, uint32_t *out) {
    for (size_t i = 0; i < n; i++) {
        out[i] = names[i] ? erg__pool_find(&g->pool, names[i], strlen(names[i])) : 0;
        bool used = false;
        if (rel) {
            for (uint32_t r = 0; out[i] && r < g->nrel && !used; r++)
                used = g->rels[r].alive && g->rels[r].type == out[i];
        } else {
            for (uint32_t e = 0; out[i] && e < g->nent && !used; e++)
                used = g->ents[e].alive && g->ents[e].type == out[i];
        }
        if (!used)
            return erg__err(g, ERG_ENOTFOUND, "interlocks: no %s has type '%s'", rel ? "relationship" : "entity",
                            names[i] ? names[i] : "");
    }
    return ERG_OK;
}

static bool listed(const uint32_t *sids, size_t n, uint32_t sid) {
    for (size_t i = 0; i < n; i++)
        if (sids[i] == sid) return true;
    return false;
}

void erg_interlocks_free(erg_graph *g, erg_interlocks *r) {
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) erg__cfree(g, r->items[i].via, r->items[i].n, sizeof(erg_entity));
    erg__cfree(g, r->items, r->n, sizeof *r->items);
    r->items = NULL;
    r->n = 0;
}

typedef struct ictx {
    erg_graph *g;
    uint32_t *vert;        /* entity -> vertex or ERG_NONE */
    uint32_t *v2ent;       /* vertex -> entity */
    uint32_t norg, nv;     /* orgs are vertices [0, norg) */
    ilink *links; size_t nlinks, linkcap;
    size_t *start;         /* links of org v: [start[v], start[v+1]) */
} ictx;

/* Vertices: orgs first, then connectors, each in insertion order. */
static int classify(ictx *c, const uint32_t *bt, size_t nbt, const uint32_t *ct, size_t nct) {
    erg_graph *g = c->g;
    c->vert = erg__calloc(g, g->nent + 1, sizeof *c->vert);
    c->v2ent = erg__calloc(g, g->nent + 1, sizeof *c->v2ent);
    if (!c->vert || !c->v2ent) return erg__nomem(g);
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t e = 0; e < g->nent; e++) {
            if (pass == 0) c->vert[e] = ERG_NONE;
            if (!g->ents[e].alive) continue;
            bool conn = listed(ct, nct, g->ents[e].type);
            bool org = !conn && (nbt == 0 || listed(bt, nbt, g->ents[e].type));
            if ((pass == 0 && org) || (pass == 1 && conn)) {
                c->vert[e] = c->nv;
                c->v2ent[c->nv++] = e;
            }
            if (pass == 0 && e + 1 == g->nent) c->norg = c->nv;
        }
    return ERG_OK;
}

static int collect_links(ictx *c, const uint32_t *vt, size_t nvt) {
    erg_graph *g = c->g;
    size_t cap = 0;
    c->linkcap = 0;
    for (uint32_t r = 0; r < g->nrel; r++) {
        const erg_relrec *x = &g->rels[r];
        if (!x->alive || (nvt && !listed(vt, nvt, x->type))) continue;
        uint32_t a = c->vert[x->from], b = c->vert[x->to];
        if (a == ERG_NONE || b == ERG_NONE || (a < c->norg) == (b < c->norg)) continue;
        if (c->nlinks == cap) {
            size_t ncap = cap ? 2 * cap : 64;
            ilink *t = erg__calloc(g, ncap, sizeof *t);
            if (!t) return erg__nomem(g);
            if (cap) memcpy(t, c->links, cap * sizeof *t);
            erg__cfree(g, c->links, cap, sizeof *t);
            c->links = t;
            c->linkcap = cap = ncap;
        }
        ilink l = {a < c->norg ? a : b, a < c->norg ? b : a};
        c->links[c->nlinks++] = l;
    }
    if (c->nlinks > 1) qsort(c->links, c->nlinks, sizeof *c->links, cmp_link);
    size_t m = 0; /* one link per (org, person) */
    for (size_t i = 0; i < c->nlinks; i++)
        if (!m || cmp_link(&c->links[m - 1], &c->links[i])) c->links[m++] = c->links[i];
    c->nlinks = m;
    c->start = erg__calloc(g, c->norg + 2, sizeof *c->start); /* freed with norg + 2 */
    if (!c->start) return erg__nomem(g);
    for (size_t i = 0; i < c->nlinks; i++) c->start[c->links[i].org + 1]++;
    for (uint32_t v = 0; v < c->norg; v++) c->start[v + 1] += c->start[v];
    return ERG_OK;
}

/* The connectors two orgs share, from their sorted link lists. */
static int shared(ictx *c, uint32_t a, uint32_t b, erg_interlock *out) {
    erg_graph *g = c->g;
    size_t na = c->start[a + 1] - c->start[a];
    out->via = erg__calloc(g, na ? na : 1, sizeof *out->via);
    if (!out->via) return erg__nomem(g);
    size_t n = 0;
    for (size_t i = c->start[a], j = c->start[b]; i < c->start[a + 1] && j < c->start[b + 1];) {
        uint32_t x = c->links[i].person, y = c->links[j].person;
        if (x == y) {
            uint32_t e = c->v2ent[x];
            out->via[n].idx = e;
            out->via[n++].gen = g->ents[e].gen;
            i++, j++;
        } else if (x < y) i++;
        else j++;
    }
    if (n < (na ? na : 1)) { /* shrink to n so that the free knows the size */
        erg_entity *t = n ? erg__calloc(g, n, sizeof *t) : NULL;
        if (n && !t) { erg__cfree(g, out->via, na ? na : 1, sizeof *t); out->via = NULL; return erg__nomem(g); }
        if (n) memcpy(t, out->via, n * sizeof *t);
        erg__cfree(g, out->via, na ? na : 1, sizeof *t);
        out->via = t;
    }
    out->n = n;
    return ERG_OK;
}

/* igraph's projection onto the orgs: edge list and multiplicities. */
static int project(erg_isess *s, ictx *c, igraph_vector_int_t *pedges, igraph_vector_int_t *mult) {
    const char *what = "bipartite projection";
    int rc = ERG_OK;
    igraph_t bg, proj;
    igraph_vector_int_t edges;
    igraph_vector_bool_t types;
    bool have_e = false, have_t = false, have_g = false, have_p = false;
    ERG_IG(igraph_vector_int_init(&edges, (igraph_integer_t)(2 * c->nlinks)));
    have_e = true;
    for (size_t i = 0; i < c->nlinks; i++) {
        VECTOR(edges)[2 * i] = c->links[i].org;
        VECTOR(edges)[2 * i + 1] = c->links[i].person;
    }
    ERG_IG(igraph_vector_bool_init(&types, c->nv));
    have_t = true;
    for (uint32_t v = c->norg; v < c->nv; v++) VECTOR(types)[v] = true;
    ERG_IG(igraph_create(&bg, &edges, c->nv, IGRAPH_UNDIRECTED));
    have_g = true;
    ERG_IG(igraph_bipartite_projection(&bg, &types, &proj, NULL, mult, NULL, 0));
    have_p = true;
    ERG_IG(igraph_get_edgelist(&proj, pedges, false));
fail:
    if (have_p) igraph_destroy(&proj);
    if (have_g) igraph_destroy(&bg);
    if (have_t) igraph_vector_bool_destroy(&types);
    if (have_e) igraph_vector_int_destroy(&edges);
    return rc;
}

static int build_result(ictx *c, const igraph_vector_int_t *pe, const igraph_vector_int_t *mult,
                        size_t min_shared, erg_interlocks *out) {
    erg_graph *g = c->g;
    size_t ne = (size_t)igraph_vector_int_size(mult), n = 0;
    for (size_t i = 0; i < ne; i++) n += (size_t)VECTOR(*mult)[i] >= min_shared;
    out->items = erg__calloc(g, n ? n : 1, sizeof *out->items);
    if (!out->items) return erg__nomem(g);
    for (size_t i = 0; i < ne; i++) {
        if ((size_t)VECTOR(*mult)[i] < min_shared) continue;
        uint32_t a = (uint32_t)VECTOR(*pe)[2 * i], b = (uint32_t)VECTOR(*pe)[2 * i + 1];
        if (a > b) { uint32_t t = a; a = b; b = t; }
        erg_interlock *x = &out->items[out->n];
        x->a.idx = c->v2ent[a];
        x->a.gen = g->ents[x->a.idx].gen;
        x->b.idx = c->v2ent[b];
        x->b.gen = g->ents[x->b.idx].gen;
        if (shared(c, a, b, x)) {
            for (size_t k = 0; k < out->n; k++) erg__cfree(g, out->items[k].via, out->items[k].n, sizeof(erg_entity));
            erg__cfree(g, out->items, n, sizeof *out->items);
            out->items = NULL;
            out->n = 0;
            return ERG_ENOMEM;
        }
        out->n++;
    }
    if (!n) { erg__cfree(g, out->items, 1, sizeof *out->items); out->items = NULL; }
    else if (out->n > 1) qsort(out->items, out->n, sizeof *out->items, cmp_lock);
    return ERG_OK;
}

int erg_interlocks_find(erg_graph *g, const erg_interlock_opts *opts, erg_interlocks *out) {
    static const erg_interlock_opts none = {0};
    static const char *const person[] = {"person"};
    const erg_interlock_opts *o = opts ? opts : &none;
    out->items = NULL;
    out->n = 0;
    const char *const *cn = o->nconnectors ? o->connectors : person;
    size_t ncn = o->nconnectors ? o->nconnectors : 1;
    size_t nsid = o->nvia + o->nbetween + ncn;
    uint32_t *sids = erg__calloc(g, nsid + 1, sizeof *sids);
    if (!sids) return erg__nomem(g);
    uint32_t *vt = sids, *bt = sids + o->nvia, *ct = bt + o->nbetween;
    ictx c;
    memset(&c, 0, sizeof c);
    c.g = g;
    int rc = type_sids(g, o->via, o->nvia, true, vt);
    if (!rc) rc = type_sids(g, o->between, o->nbetween, false, bt);
    if (!rc) rc = type_sids(g, cn, ncn, false, ct);
    if (!rc) rc = classify(&c, bt, o->nbetween, ct, ncn);
    if (!rc) rc = collect_links(&c, vt, o->nvia);
    if (!rc && c.nlinks) {
        erg_isess s;
        igraph_vector_int_t pe, mult;
        bool have = false;
        erg__ig_enter(&s, g, NULL);
        if (igraph_vector_int_init(&pe, 0) == IGRAPH_SUCCESS) {
            if (igraph_vector_int_init(&mult, 0) == IGRAPH_SUCCESS) have = true;
            else igraph_vector_int_destroy(&pe);
        }
        rc = have ? project(&s, &c, &pe, &mult) : erg__ig_fail(&s, IGRAPH_ENOMEM, "bipartite projection");
        erg__ig_leave(&s);
        if (!rc) rc = build_result(&c, &pe, &mult, o->min_shared ? o->min_shared : 1, out);
        if (have) {
            igraph_vector_int_destroy(&pe);
            igraph_vector_int_destroy(&mult);
        }
    }
    if (c.vert) erg__cfree(g, c.vert, g->nent + 1, sizeof *c.vert);
    if (c.v2ent) erg__cfree(g, c.v2ent, g->nent + 1, sizeof *c.v2ent);
    if (c.links) erg__cfree(g, c.links, c.linkcap, sizeof *c.links);
    if (c.start) erg__cfree(g, c.start, c.norg + 2, sizeof *c.start);
    erg__cfree(g, sids, nsid + 1, sizeof *sids);
    return rc;
}
