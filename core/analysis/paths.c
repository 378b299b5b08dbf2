/*
 * paths.c -- paths between entities (one shortest, or every
 * simple path up to a hop bound) reported relationship by relationship,
 * and the k-hop ego network of an entity as a new graph.
 */
#include "analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_HOPS 4
#define DEFAULT_MAX_PATHS 1000

/* simple_paths.c: igraph_get_all_simple_paths on the graph's allocator,
 * reporting its work. */
int erg__simple_path_seqs(erg_isess *s, const erg_view *v, igraph_integer_t a, igraph_integer_t b,
                          unsigned max_hops, igraph_neimode_t mode, igraph_integer_t **res, size_t *n,
                          size_t *cap);

void erg_path_free(erg_graph *g, erg_path *p) {
    if (!p) return;
    erg__cfree(g, p->hops, p->n, sizeof *p->hops);
    memset(p, 0, sizeof *p);
}

void erg_paths_free(erg_graph *g, erg_paths *p) {
    if (!p) return;
    for (size_t i = 0; i < p->n; i++) erg_path_free(g, &p->paths[i]);
    erg__cfree(g, p->paths, p->n, sizeof *p->paths);
    memset(p, 0, sizeof *p);
}

/* The hop along relationship ri walked from entity a to entity b. */
static erg_hop make_hop(const erg_graph *g, uint32_t ri, uint32_t a, uint32_t b) {
    const erg_relrec *r = &g->rels[ri];
    erg_hop h;
    h.rel.idx = ri;
    h.rel.gen = r->gen;
    h.from.idx = a;
    h.from.gen = g->ents[a].gen;
    h.to.idx = b;
    h.to.gen = g->ents[b].gen;
    h.dir = !r->directed ? ERG_HOP_UNDIRECTED : r->from == a ? ERG_HOP_FORWARD : ERG_HOP_BACKWARD;
    return h;
}

static const char *mode_words(igraph_neimode_t mode) {
    return mode == IGRAPH_OUT ? " following relationship direction"
         : mode == IGRAPH_IN ? " against relationship direction" : "";
}

/* ---- one shortest path ------------------------------------------------------ */
/* The view's relationships joining entity a to b in mode, by index. */
typedef struct relset { uint32_t *r; uint32_t n, cap; } relset;

static int cmp_u32(const void *x, const void *y) {
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return a < b ? -1 : a > b;
}

static int joining(erg_graph *g, const erg_view *v, uint32_t a, uint32_t b, erg_dir dir, relset *out) {
    erg_entity ea = {a, g->ents[a].gen};
    erg_adj it;
    erg_rel r;
    out->n = 0;
    if (erg_adjacent(g, ea, dir, NULL, &it)) return g->errcode;
    while (erg_adj_next(g, &it, &r)) {
        if (r.idx >= v->nrel || v->rel2e[r.idx] == ERG_NONE) continue;
        if (erg_rel_other(g, r, ea).idx != b || g->rels[r.idx].from == g->rels[r.idx].to) continue;
        if (erg__grow(&g->a, (void **)&out->r, &out->cap, (size_t)out->n + 1, sizeof *out->r))
            return erg__nomem(g);
        out->r[out->n++] = r.idx;
    }
    qsort(out->r, out->n, sizeof *out->r, cmp_u32);
    return ERG_OK;
}

int erg_shortest_path(erg_graph *g, erg_entity from, erg_entity to, const erg_analysis_opts *o,
                      erg_path *out) {
    erg_isess sess, *s = &sess;
    erg_view *v;
    igraph_vector_int_t vs, es;
    bool have_vs = false, have_es = false;
    igraph_neimode_t mode;
    igraph_integer_t a, b;
    const char *what = "shortest path";
    relset par = {NULL, 0, 0};
    int rc;
    memset(out, 0, sizeof *out);
    erg__ig_enter(s, g, o);
    if ((rc = erg__view(s, &v)) || (rc = erg__mode(s, ERG_BOTH, &mode))) goto fail;
    if ((a = erg__view_vertex(s, v, from)) < 0 || (b = erg__view_vertex(s, v, to)) < 0) {
        rc = g->errcode;
        goto fail;
    }
    ERG_IG(igraph_vector_int_init(&vs, 0));
    have_vs = true;
    ERG_IG(igraph_vector_int_init(&es, 0));
    have_es = true;
    s->quiet = true; /* "couldn't reach some vertices" is reported below */
    if (v->weighted) ERG_IG(igraph_get_shortest_path_dijkstra(&v->ig, &vs, &es, a, b, &v->w, mode));
    else ERG_IG(igraph_get_shortest_path(&v->ig, &vs, &es, a, b, mode));
    s->quiet = false;
    igraph_integer_t n = igraph_vector_int_size(&es);
    if (a != b && n == 0) {
        rc = erg__err(g, ERG_ENOTFOUND, "no path from '%s' to '%s'%s", erg_entity_id(g, from),
                      erg_entity_id(g, to), mode_words(v->directed ? mode : IGRAPH_ALL));
        goto fail;
    }
    out->hops = erg__calloc(g, (size_t)n, sizeof *out->hops);
    if (!out->hops) {
        rc = erg__nomem(g);
        goto fail;
    }
    out->n = (size_t)n;
    erg_dir dir = !v->directed || mode == IGRAPH_ALL ? ERG_BOTH : mode == IGRAPH_OUT ? ERG_OUT : ERG_IN;
    for (igraph_integer_t k = 0; k < n; k++) {
        igraph_integer_t eid = VECTOR(es)[k];
        uint32_t ea = v->v2ent[VECTOR(vs)[k]], eb = v->v2ent[VECTOR(vs)[k + 1]];
        uint32_t ri = v->e2rel[eid];
        double w = v->weighted ? VECTOR(v->w)[eid] : 1.0;
        /* of parallel relationships as short as igraph's, report the
         * first in insertion order, so that answers do not depend on
         * igraph's internal edge order */
        if ((rc = joining(g, v, ea, eb, dir, &par))) goto fail;
        for (uint32_t j = 0; j < par.n; j++)
            if (par.r[j] < ri && (!v->weighted || VECTOR(v->w)[v->rel2e[par.r[j]]] == w)) ri = par.r[j];
        out->hops[k] = make_hop(g, ri, ea, eb);
        out->length += w;
    }
fail:
    if (rc) erg_path_free(g, out);
    erg__cfree(g, par.r, par.cap, sizeof *par.r);
    if (have_vs) igraph_vector_int_destroy(&vs);
    if (have_es) igraph_vector_int_destroy(&es);
    erg__ig_leave(s);
    return rc;
}

/* ---- every simple path -------------------------------------------------------- */
/* igraph gives entity sequences (one vector, each ended by -1) with
 * parallel relationships merged; erg expands every choice of relationship
 * between consecutive entities into its own path. */

typedef struct seq { igraph_integer_t start, len; } seq; /* len = entities */

static int cmp_seq(const void *x, const void *y) {
    const seq *a = x, *b = y;
    if (a->len != b->len) return a->len < b->len ? -1 : 1;
    return a->start < b->start ? -1 : a->start > b->start;
}

/* Appends a path to out (growing it); takes hops. */
static int push_path(erg_graph *g, erg_paths *out, size_t *cap, erg_path *p) {
    if (out->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        erg_path *np = erg__mem(&g->a, out->paths, *cap * sizeof *np, ncap * sizeof *np);
        if (!np) return erg__nomem(g);
        out->paths = np;
        *cap = ncap;
    }
    out->paths[out->n++] = *p;
    return ERG_OK;
}

/* Expands one entity sequence into paths (every combination of parallel
 * relationships, first relationships varying slowest; with group one path
 * whose hops hold the first of each), up to max. */
static int expand(erg_graph *g, const erg_view *v, const igraph_integer_t *vids, size_t hops, erg_dir dir,
                  bool group, size_t max, erg_paths *out, size_t *cap, relset *sets) {
    int rc;
    for (size_t k = 0; k < hops; k++)
        if ((rc = joining(g, v, v->v2ent[vids[k]], v->v2ent[vids[k + 1]], dir, &sets[k]))) return rc;
    for (size_t k = 0; k < hops; k++) {
        if (sets[k].n == 0) return ERG_OK; /* cannot happen: igraph found a link */
        if (group) sets[k].n = 1;          /* the first stands for them all */
    }
    size_t choice[64] = {0}; /* hops <= 63 (checked by the caller) */
    for (;;) {
        if (out->n == max) {
            out->truncated = true;
            return ERG_OK;
        }
        erg_path p = {erg__calloc(g, hops, sizeof(erg_hop)), hops, 0};
        if (!p.hops) return erg__nomem(g);
        for (size_t k = 0; k < hops; k++) {
            uint32_t ri = sets[k].r[choice[k]];
            p.hops[k] = make_hop(g, ri, v->v2ent[vids[k]], v->v2ent[vids[k + 1]]);
            p.length += v->weighted ? VECTOR(v->w)[v->rel2e[ri]] : 1.0;
        }
        if ((rc = push_path(g, out, cap, &p))) {
            erg_path_free(g, &p);
            return rc;
        }
        size_t k = hops;
        while (k > 0 && ++choice[k - 1] == sets[k - 1].n) choice[--k] = 0;
        if (k == 0) return ERG_OK;
    }
}

int erg_simple_paths(erg_graph *g, erg_entity from, erg_entity to, unsigned max_hops, size_t max_paths,
                     const erg_analysis_opts *o, erg_paths *out) {
    erg_isess sess, *s = &sess;
    erg_view *v;
    igraph_integer_t *res = NULL;
    size_t total = 0, res_cap = 0;
    igraph_neimode_t mode;
    igraph_integer_t a, b;
    seq *seqs = NULL;
    size_t nseq = 0, cap = 0;
    relset *sets = NULL;
    int rc;
    memset(out, 0, sizeof *out);
    if (max_hops == 0) max_hops = DEFAULT_MAX_HOPS;
    if (max_paths == 0) max_paths = DEFAULT_MAX_PATHS;
    if (max_hops > 63) return erg__err(g, ERG_EINVAL, "at most 63 hops (asked for %u)", max_hops);
    erg__ig_enter(s, g, o);
    if ((rc = erg__view(s, &v)) || (rc = erg__mode(s, ERG_BOTH, &mode))) goto fail;
    if ((a = erg__view_vertex(s, v, from)) < 0 || (b = erg__view_vertex(s, v, to)) < 0) {
        rc = g->errcode;
        goto fail;
    }
    if (a == b) goto fail; /* no path without repeating an entity: none */
    if ((rc = erg__simple_path_seqs(s, v, a, b, max_hops, mode, &res, &total, &res_cap))) goto fail;
    for (size_t i = 0; i < total; i++) nseq += res[i] < 0;
    seqs = erg__calloc(g, nseq, sizeof *seqs);
    sets = erg__calloc(g, max_hops, sizeof *sets);
    if (!seqs || !sets) {
        rc = erg__nomem(g);
        goto fail;
    }
    size_t j = 0;
    for (size_t i = 0, start = 0; i < total; i++)
        if (res[i] < 0) {
            seqs[j].start = (igraph_integer_t)start;
            seqs[j++].len = (igraph_integer_t)(i - start);
            start = i + 1;
        }
    qsort(seqs, nseq, sizeof *seqs, cmp_seq);
    erg_dir dir = !v->directed || mode == IGRAPH_ALL ? ERG_BOTH : mode == IGRAPH_OUT ? ERG_OUT : ERG_IN;
    for (size_t i = 0; i < nseq && !out->truncated; i++) {
        rc = expand(g, v, &res[seqs[i].start], (size_t)seqs[i].len - 1, dir, o && o->group_parallel,
                    max_paths, out, &cap, sets);
        if (rc) goto fail;
    }
fail:
    if (!rc && out->paths && cap != out->n) { /* the caller frees n of them: trim */
        erg_path *np = erg__mem(&g->a, out->paths, cap * sizeof *np, out->n * sizeof *np);
        if (np) out->paths = np;
        else rc = erg__nomem(g);
        if (np) cap = out->n;
    }
    if (rc) { /* give everything back */
        for (size_t i = 0; i < out->n; i++) erg_path_free(g, &out->paths[i]);
        if (out->paths) erg__mem(&g->a, out->paths, cap * sizeof *out->paths, 0);
        memset(out, 0, sizeof *out);
    }
    erg__cfree(g, res, res_cap, sizeof *res);
    for (size_t k = 0; sets && k < max_hops; k++) erg__cfree(g, sets[k].r, sets[k].cap, sizeof *sets[k].r);
    erg__cfree(g, sets, max_hops, sizeof *sets);
    erg__cfree(g, seqs, nseq, sizeof *seqs);
    erg__ig_leave(s);
    return rc;
}

/* ---- k shortest paths ------------------------------------------------------- */
/* Whether an earlier path of out visits the same entities as p (with
 * entities) or takes the same relationships.  The second happens without
 * grouping too: in a directed view walked in mode all, an undirected
 * relationship is two arcs that igraph tells apart. */
static bool repeated(const erg_paths *out, const erg_path *p, bool entities) {
    for (size_t i = 0; i < out->n; i++) {
        const erg_path *q = &out->paths[i];
        if (q->n != p->n) continue;
        size_t k = 0;
        while (k < p->n && q->hops[k].to.idx == p->hops[k].to.idx &&
               (entities || q->hops[k].rel.idx == p->hops[k].rel.idx))
            k++;
        if (k == p->n) return true;
    }
    return false;
}

/* Turns igraph's edge paths into erg paths (dropping repeats of an entity
 * sequence when grouping), until k of them. */
static int collect_k(erg_graph *g, const erg_view *v, igraph_integer_t a, const igraph_vector_int_list_t *eps,
                     bool group, size_t k, erg_paths *out, size_t *cap) {
    for (igraph_integer_t i = 0; i < igraph_vector_int_list_size(eps) && out->n < k; i++) {
        const igraph_vector_int_t *ep = igraph_vector_int_list_get_ptr(eps, i);
        size_t n = (size_t)igraph_vector_int_size(ep);
        erg_path p = {erg__calloc(g, n, sizeof(erg_hop)), n, 0};
        if (!p.hops) return erg__nomem(g);
        uint32_t at = v->v2ent[a];
        for (size_t h = 0; h < n; h++) {
            igraph_integer_t eid = VECTOR(*ep)[h];
            uint32_t ri = v->e2rel[eid];
            const erg_relrec *r = &g->rels[ri];
            uint32_t next = r->from == at ? r->to : r->from;
            p.hops[h] = make_hop(g, ri, at, next);
            p.length += v->weighted ? VECTOR(v->w)[eid] : 1.0;
            at = next;
        }
        if (repeated(out, &p, group)) {
            erg_path_free(g, &p);
            continue;
        }
        int rc = push_path(g, out, cap, &p);
        if (rc) {
            erg_path_free(g, &p);
            return rc;
        }
    }
    return ERG_OK;
}

/* Design: igraph's Yen enumerates paths over edges, so parallel
 * relationships give paths that differ only in the relationship taken.
 * Grouping wants k distinct entity sequences: ask igraph for k, drop the
 * repeats, and while fewer than k are left and igraph found all it was
 * asked for, ask again for twice as many.  Paths come in order of length,
 * so the first occurrence of a sequence is its shortest form. */
int erg_k_shortest_paths(erg_graph *g, erg_entity from, erg_entity to, size_t k, const erg_analysis_opts *o,
                         erg_paths *out) {
    erg_isess sess, *s = &sess;
    erg_view *v;
    igraph_vector_int_list_t eps;
    bool have_eps = false, group = o && o->group_parallel;
    igraph_neimode_t mode;
    igraph_integer_t a, b;
    const char *what = "k shortest paths";
    size_t cap = 0;
    int rc;
    memset(out, 0, sizeof *out);
    if (k == 0) k = 1;
    if (k > 1000000) return erg__err(g, ERG_EINVAL, "at most 1000000 paths (asked for %zu)", k);
    erg__ig_enter(s, g, o);
    if ((rc = erg__view(s, &v)) || (rc = erg__mode(s, ERG_BOTH, &mode))) goto fail;
    if ((a = erg__view_vertex(s, v, from)) < 0 || (b = erg__view_vertex(s, v, to)) < 0) {
        rc = g->errcode;
        goto fail;
    }
    if (a == b) goto fail;
    ERG_IG(igraph_vector_int_list_init(&eps, 0));
    have_eps = true;
    s->quiet = true;
    for (size_t ask = k;; ask *= 2) {
        igraph_vector_int_list_clear(&eps);
        ERG_IG(igraph_get_k_shortest_paths(&v->ig, erg__view_weights(v), NULL, &eps, (igraph_integer_t)ask, a, b,
                                           mode));
        for (size_t i = 0; i < out->n; i++) erg_path_free(g, &out->paths[i]);
        out->n = 0;
        if ((rc = collect_k(g, v, a, &eps, group, k, out, &cap))) goto fail;
        if (out->n >= k || (size_t)igraph_vector_int_list_size(&eps) < ask || ask > SIZE_MAX / 2) break;
    }
    s->quiet = false;
fail:
    if (!rc && out->paths && cap != out->n) {
        erg_path *np = out->n ? erg__mem(&g->a, out->paths, cap * sizeof *np, out->n * sizeof *np) : NULL;
        if (!out->n) erg__mem(&g->a, out->paths, cap * sizeof *np, 0);
        if (np || !out->n) {
            out->paths = np;
            cap = out->n;
        } else rc = erg__nomem(g);
    }
    if (rc) {
        for (size_t i = 0; i < out->n; i++) erg_path_free(g, &out->paths[i]);
        if (out->paths) erg__mem(&g->a, out->paths, cap * sizeof *out->paths, 0);
        memset(out, 0, sizeof *out);
    }
    if (have_eps) igraph_vector_int_list_destroy(&eps);
    erg__ig_leave(s);
    return rc;
}

/* ---- the relationships of a hop ---------------------------------------------- */
void erg_hop_rels_free(erg_graph *g, erg_rel *rels, size_t n) {
    erg__cfree(g, rels, n, sizeof *rels);
}

int erg_hop_rels(erg_graph *g, erg_entity a, erg_entity b, const erg_analysis_opts *o, erg_rel **rels,
                 size_t *n) {
    erg_isess sess, *s = &sess;
    erg_view *v;
    igraph_neimode_t mode;
    relset set = {NULL, 0, 0};
    int rc;
    *rels = NULL;
    *n = 0;
    erg__ig_enter(s, g, o);
    if ((rc = erg__view(s, &v)) || (rc = erg__mode(s, ERG_BOTH, &mode))) goto fail;
    if (erg__view_vertex(s, v, a) < 0 || erg__view_vertex(s, v, b) < 0) {
        rc = g->errcode;
        goto fail;
    }
    erg_dir dir = !v->directed || mode == IGRAPH_ALL ? ERG_BOTH : mode == IGRAPH_OUT ? ERG_OUT : ERG_IN;
    if ((rc = joining(g, v, a.idx, b.idx, dir, &set))) goto fail;
    *rels = erg__calloc(g, set.n, sizeof **rels);
    if (!*rels) {
        rc = erg__nomem(g);
        goto fail;
    }
    for (uint32_t i = 0; i < set.n; i++) {
        (*rels)[i].idx = set.r[i];
        (*rels)[i].gen = g->rels[set.r[i]].gen;
    }
    *n = set.n;
fail:
    erg__cfree(g, set.r, set.cap, sizeof *set.r);
    erg__ig_leave(s);
    return rc;
}

/* ---- ego network ------------------------------------------------------------ */
/* Copies the attributes of object (kind k, index idx) in g to dst in n. */
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

/* The index of the "source" attribute of kind k, or -1. */
static long source_col(erg_graph *g, erg_kind k) {
    for (size_t i = 0; i < erg_schema_count(g, k); i++)
        if (!strcmp(erg_schema_name(g, k, i), "source")) return (long)i;
    return -1;
}

/* Marks the sources object o cites in its "source" attribute (column
 * col of its kind, -1 when there is none). */
static void mark_sources(erg_graph *g, erg_obj o, long col, uint8_t *marks) {
    erg_value x;
    if (col < 0 || erg_attr_get_at(g, o, (size_t)col, &x) != ERG_OK) return;
    size_t n = x.type == ERG_LIST && x.elem == ERG_STRING ? x.u.list.n : x.type == ERG_STRING;
    for (size_t i = 0; i < n; i++) {
        const erg_value *it = x.type == ERG_LIST ? &x.u.list.items[i] : &x;
        char id[512];
        if (it->u.s.len >= sizeof id) continue;
        memcpy(id, it->u.s.ptr, it->u.s.len);
        id[it->u.s.len] = '\0';
        erg_source src;
        if (erg_source_by_id(g, id, &src) == ERG_OK) marks[src.idx] = 1;
    }
}

/* The new graph: schema (same order and types), the selected entities,
 * the view's relationships among them, cited sources, metadata. */
static int ego_copy(erg_graph *g, const erg_view *v, const uint8_t *in, erg_graph *n, erg_entity *map,
                    uint8_t *cited) {
    long ecol = source_col(g, ERG_KIND_ENTITY), rcol = source_col(g, ERG_KIND_REL);
    int rc;
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < erg_schema_count(g, (erg_kind)k); i++) {
            erg_type elem, t = erg_schema_type(g, (erg_kind)k, i, &elem);
            if ((rc = erg_schema_declare(n, (erg_kind)k, erg_schema_name(g, (erg_kind)k, i), t, elem)))
                return rc;
        }
    for (uint32_t vid = 0; vid < v->nv; vid++) {
        if (!in[vid]) continue;
        erg_entity e = erg__view_entity(g, v, vid), ne;
        if ((rc = erg_entity_add(n, erg_entity_id(g, e), erg_entity_type(g, e), erg_entity_name(g, e), &ne)))
            return rc;
        for (size_t i = 0; i < erg_entity_alias_count(g, e); i++)
            if ((rc = erg_entity_add_alias(n, ne, erg_entity_alias(g, e, i)))) return rc;
        if ((rc = copy_attrs(g, ERG_KIND_ENTITY, erg_obj_entity(e), n, erg_obj_entity(ne)))) return rc;
        mark_sources(g, erg_obj_entity(e), ecol, cited);
        map[vid] = ne;
    }
    for (uint32_t ri = 0; ri < v->nrel; ri++) {
        if (v->rel2e[ri] == ERG_NONE) continue;
        const erg_relrec *r = &g->rels[ri];
        uint32_t a = v->ent2v[r->from], b = v->ent2v[r->to];
        if (!in[a] || !in[b]) continue;
        erg_rel src = {ri, r->gen}, nr;
        if ((rc = erg_rel_add(n, erg_rel_id(g, src), map[a], map[b], erg_rel_type(g, src), r->directed, &nr)))
            return rc;
        if ((rc = copy_attrs(g, ERG_KIND_REL, erg_obj_rel(src), n, erg_obj_rel(nr)))) return rc;
        mark_sources(g, erg_obj_rel(src), rcol, cited);
    }
    erg_iter it = erg_sources(g);
    erg_source sc, ns;
    while (erg_source_next(g, &it, &sc)) {
        if (!cited[sc.idx]) continue;
        if ((rc = erg_source_add(n, erg_source_id(g, sc), &ns))) return rc;
        if ((rc = copy_attrs(g, ERG_KIND_SOURCE, erg_obj_source(sc), n, erg_obj_source(ns)))) return rc;
    }
    for (uint32_t i = 0; i < g->nmeta; i++)
        if ((rc = erg_graph_set_meta(n, erg__str(g, g->meta[2 * i]), erg__str(g, g->meta[2 * i + 1]))))
            return rc;
    return ERG_OK;
}

int erg_ego(erg_graph *g, erg_entity center, unsigned hops, const erg_analysis_opts *o, erg_graph **out) {
    erg_isess sess, *s = &sess;
    erg_view *v = NULL;
    igraph_vector_int_list_t nbhd;
    bool have_nbhd = false;
    igraph_neimode_t mode;
    igraph_integer_t c;
    uint8_t *in = NULL, *cited = NULL;
    erg_entity *map = NULL;
    erg_graph *n = NULL;
    const char *what = "ego network";
    int rc;
    *out = NULL;
    erg__ig_enter(s, g, o);
    if ((rc = erg__view(s, &v)) || (rc = erg__mode(s, ERG_BOTH, &mode))) goto fail;
    if ((c = erg__view_vertex(s, v, center)) < 0) {
        rc = g->errcode;
        goto fail;
    }
    ERG_IG(igraph_vector_int_list_init(&nbhd, 0));
    have_nbhd = true;
    igraph_integer_t order = hops > (unsigned)v->nv ? (igraph_integer_t)v->nv : (igraph_integer_t)hops;
    ERG_IG(igraph_neighborhood(&v->ig, &nbhd, igraph_vss_1(c), order, mode, 0));
    in = erg__calloc(g, v->nv, 1);
    cited = erg__calloc(g, g->nsrc, 1);
    map = erg__calloc(g, v->nv, sizeof *map);
    n = erg_graph_new_with(g->a.fn, g->a.ud);
    if (!in || !cited || !map || !n) {
        rc = erg__nomem(g);
        goto fail;
    }
    const igraph_vector_int_t *vids = igraph_vector_int_list_get_ptr(&nbhd, 0);
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(vids); i++) in[VECTOR(*vids)[i]] = 1;
    if ((rc = ego_copy(g, v, in, n, map, cited))) {
        erg__err(g, rc, "ego network: %s", erg_errmsg(n));
        goto fail;
    }
    *out = n;
    n = NULL;
fail:
    erg_graph_free(n);
    if (have_nbhd) igraph_vector_int_list_destroy(&nbhd);
    erg__cfree(g, in, v ? v->nv : 0, 1);
    erg__cfree(g, cited, g->nsrc, 1);
    erg__cfree(g, map, v ? v->nv : 0, sizeof *map);
    erg__ig_leave(s);
    return rc;
}
