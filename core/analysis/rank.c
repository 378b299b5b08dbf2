/*
 * rank.c -- centralities: one score per entity of the view, from
 * igraph, with erg's conventions on top (betweenness normalisation,
 * eigenvector scaling, direction modes, checks igraph does not make).
 */
#include "analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const measure_names[] = {
    NULL, "degree", "strength", "betweenness", "closeness", "harmonic",
    "pagerank", "eigenvector", "hub", "authority", "coreness"};
#define NMEASURES (sizeof measure_names / sizeof measure_names[0])

erg_measure erg_measure_from_name(const char *name) {
    return (erg_measure)erg__name_index(measure_names, NMEASURES, name);
}

const char *erg_measure_name(erg_measure m) {
    return (size_t)m > 0 && (size_t)m < NMEASURES ? measure_names[m] : NULL;
}

erg_dir erg_measure_mode(erg_measure m, const erg_analysis_opts *o) {
    if (m == ERG_HUB || m == ERG_AUTHORITY) return ERG_OUT;
    if (o && o->mode) return o->mode;
    return m == ERG_DEGREE || m == ERG_STRENGTH || m == ERG_CORENESS ? ERG_BOTH : ERG_OUT;
}

void erg_scores_free(erg_graph *g, erg_scores *s) {
    if (!s) return;
    erg__cfree(g, s->items, s->n, sizeof *s->items);
    s->items = NULL;
    s->n = 0;
}

static int cmp_score(const void *a, const void *b) {
    const erg_score *x = a, *y = b;
    bool xn = isnan(x->score), yn = isnan(y->score);
    if (xn != yn) return xn ? 1 : -1;
    if (!xn && x->score != y->score) return x->score < y->score ? 1 : -1;
    return x->entity.idx < y->entity.idx ? -1 : x->entity.idx > y->entity.idx;
}

void erg_scores_sort(erg_scores *s) {
    if (s && s->n > 1) qsort(s->items, s->n, sizeof *s->items, cmp_score);
}

/* The damping factor: 0 means igraph's and networkx's usual 0.85.  Values
 * outside [0,1] are left to igraph to refuse. */
static double damping(const erg_analysis_opts *o) {
    return o && o->damping != 0 ? o->damping : 0.85;
}

/* PageRank and eigenvector follow links (ERG_OUT, the default) or ignore
 * their direction (ERG_BOTH); igraph has no reversed form. */
static int directed_mode(erg_isess *s, const char *measure, igraph_bool_t *directed) {
    igraph_neimode_t mode = IGRAPH_ALL;
    int rc = erg__mode(s, ERG_OUT, &mode);
    if (rc) return rc;
    if (mode == IGRAPH_IN)
        return erg__err(s->g, ERG_EINVAL, "%s: mode 'in' is not supported (use out or both)", measure);
    *directed = mode == IGRAPH_OUT;
    return ERG_OK;
}

/* Personalized PageRank's restart set, as a vertex selector. */
static int personal_vids(erg_isess *s, const erg_view *v, igraph_vector_int_t *vids, bool *have) {
    const erg_analysis_opts *o = s->o;
    const char *what = "pagerank";
    int rc = ERG_OK;
    ERG_IG(igraph_vector_int_init(vids, (igraph_integer_t)o->n_personal));
    *have = true;
    for (size_t i = 0; i < o->n_personal; i++) {
        igraph_integer_t vid = erg__view_vertex(s, v, o->personal[i]);
        if (vid < 0) return s->g->errcode;
        VECTOR(*vids)[i] = vid;
    }
    return ERG_OK;
fail:
    return rc;
}

/* Betweenness is reported raw, as igraph and python-igraph give it;
 * normalized divides by the ordered pairs of other vertices when paths
 * follow direction, by the unordered pairs otherwise (networkx's
 * normalized=True). */
static void normalize_betweenness(igraph_vector_t *res, igraph_integer_t n, bool directed) {
    if (n <= 2) return;
    double pairs = (double)(n - 1) * (double)(n - 2);
    if (!directed) pairs /= 2;
    for (igraph_integer_t i = 0; i < n; i++) VECTOR(*res)[i] /= pairs;
}

/* splitmix64: a small, well-mixed generator of erg's own, so that a seed
 * gives the same sample on every platform and igraph's process-wide
 * generator is left alone. */
static uint64_t next_random(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Sampled betweenness (networkx's k).  Brandes' algorithm sums, over every
 * source s, the dependency of each vertex on s's shortest paths; summing
 * over k sources drawn uniformly without replacement and scaling by n/k
 * gives an unbiased estimate of the full sum.  igraph_betweenness_subset
 * with those sources and every vertex as a target computes exactly that
 * partial sum (halved on an undirected view, as the full one is), so with
 * k = n it is the exact betweenness.  The sources are a partial
 * Fisher-Yates shuffle of the vertices. */
static int sampled_betweenness(erg_isess *s, erg_view *v, igraph_bool_t directed, igraph_vector_t *res) {
    const char *what = "betweenness";
    size_t n = v->nv, k = s->o->sample;
    igraph_vector_int_t order;
    int rc = ERG_OK;
    ERG_IG(igraph_vector_int_init_range(&order, 0, (igraph_integer_t)n));
    uint64_t state = s->o->seed;
    for (size_t i = 0; i < k; i++) {
        size_t j = i + (size_t)(next_random(&state) % (uint64_t)(n - i));
        igraph_integer_t t = VECTOR(order)[i];
        VECTOR(order)[i] = VECTOR(order)[j];
        VECTOR(order)[j] = t;
    }
    igraph_vector_int_resize(&order, (igraph_integer_t)k); /* shrinking never fails */
    igraph_error_t e = igraph_betweenness_subset(&v->ig, res, igraph_vss_all(), directed,
                                                 igraph_vss_vector(&order), igraph_vss_all(),
                                                 erg__view_weights(v));
    igraph_vector_int_destroy(&order);
    ERG_IG(e);
    for (size_t i = 0; i < n; i++) VECTOR(*res)[i] *= (double)n / (double)k;
fail:
    return rc;
}

/* In a directed view an undirected relationship is two arcs, so igraph's
 * total degree would count it twice: take the second arc back out, so that
 * the total is the number of relationships touching the entity (or their
 * weight), as erg_adjacent's ERG_BOTH sees them. */
static void count_undirected_once(const erg_view *v, igraph_vector_t *res, bool weighted) {
    for (uint32_t k = 0; k < v->ne; k++) {
        if (!v->twin[k]) continue;
        double w = weighted ? VECTOR(v->w)[k] : 1.0;
        VECTOR(*res)[IGRAPH_FROM(&v->ig, k)] -= w;
        VECTOR(*res)[IGRAPH_TO(&v->ig, k)] -= w;
    }
}

/* Computes measure m on v into res (initialised, length nv). */
static int compute(erg_isess *s, erg_view *v, erg_measure m, igraph_vector_t *res) {
    const igraph_t *ig = &v->ig;
    const igraph_vector_t *w = erg__view_weights(v);
    const char *what = erg_measure_name(m);
    igraph_neimode_t mode = IGRAPH_ALL;
    igraph_bool_t directed = true;
    igraph_vector_int_t ivec, vids;
    bool have_ivec = false, have_vids = false;
    igraph_arpack_options_t arpack;
    igraph_real_t value;
    int rc = ERG_OK;
    igraph_arpack_options_init(&arpack);
    switch (m) {
    case ERG_DEGREE:
    case ERG_CORENESS:
        if ((rc = erg__mode(s, ERG_BOTH, &mode))) goto fail;
        ERG_IG(igraph_vector_int_init(&ivec, 0));
        have_ivec = true;
        if (m == ERG_DEGREE) ERG_IG(igraph_degree(ig, &ivec, igraph_vss_all(), mode, IGRAPH_LOOPS));
        else ERG_IG(igraph_coreness(ig, &ivec, mode));
        for (uint32_t i = 0; i < v->nv; i++) VECTOR(*res)[i] = (double)VECTOR(ivec)[i];
        if (m == ERG_DEGREE && mode == IGRAPH_ALL) count_undirected_once(v, res, false);
        break;
    case ERG_STRENGTH:
        if ((rc = erg__mode(s, ERG_BOTH, &mode))) goto fail;
        ERG_IG(igraph_strength(ig, res, igraph_vss_all(), mode, IGRAPH_LOOPS, w));
        if (mode == IGRAPH_ALL) count_undirected_once(v, res, v->weighted);
        break;
    case ERG_BETWEENNESS:
        if ((rc = erg__mode(s, ERG_OUT, &mode))) goto fail;
        directed = v->directed && mode != IGRAPH_ALL;
        if (s->o && s->o->sample && s->o->sample < v->nv) {
            if ((rc = sampled_betweenness(s, v, directed, res))) goto fail;
        } else {
            ERG_IG(igraph_betweenness(ig, res, igraph_vss_all(), directed, w));
        }
        if (s->o && s->o->normalized) normalize_betweenness(res, v->nv, directed);
        break;
    case ERG_CLOSENESS:
        if ((rc = erg__mode(s, ERG_OUT, &mode))) goto fail;
        ERG_IG(igraph_closeness(ig, res, NULL, NULL, igraph_vss_all(), mode, w, true));
        break;
    case ERG_HARMONIC:
        if ((rc = erg__mode(s, ERG_OUT, &mode))) goto fail;
        ERG_IG(igraph_harmonic_centrality(ig, res, igraph_vss_all(), mode, w, true));
        break;
    case ERG_PAGERANK:
        if ((rc = directed_mode(s, what, &directed))) goto fail;
        if (s->o && s->o->n_personal) {
            if ((rc = personal_vids(s, v, &vids, &have_vids))) goto fail;
            ERG_IG(igraph_personalized_pagerank_vs(ig, IGRAPH_PAGERANK_ALGO_PRPACK, res, &value,
                                                   igraph_vss_all(), directed, damping(s->o),
                                                   igraph_vss_vector(&vids), w, NULL));
        } else {
            ERG_IG(igraph_pagerank(ig, IGRAPH_PAGERANK_ALGO_PRPACK, res, &value, igraph_vss_all(),
                                   directed, damping(s->o), w, NULL));
        }
        break;
    case ERG_EIGENVECTOR:
        if ((rc = directed_mode(s, what, &directed))) goto fail;
        ERG_IG(igraph_eigenvector_centrality(ig, res, &value, directed, true, w, &arpack));
        break;
    case ERG_HUB:
    case ERG_AUTHORITY: {
        igraph_vector_t other;
        ERG_IG(igraph_vector_init(&other, 0));
        igraph_error_t e = igraph_hub_and_authority_scores(ig, m == ERG_HUB ? res : &other,
                                                           m == ERG_HUB ? &other : res, &value, true, w,
                                                           &arpack);
        igraph_vector_destroy(&other);
        ERG_IG(e);
        break;
    }
    default:
        rc = erg__err(s->g, ERG_EINVAL, "unknown measure %d", (int)m);
        goto fail;
    }
fail:
    if (have_ivec) igraph_vector_int_destroy(&ivec);
    if (have_vids) igraph_vector_int_destroy(&vids);
    return rc;
}

int erg_centrality(erg_graph *g, erg_measure m, const erg_analysis_opts *o, erg_scores *out) {
    erg_isess sess, *s = &sess;
    erg_view *v;
    igraph_vector_t res;
    bool have_res = false;
    const char *what = erg_measure_name(m);
    int rc;
    memset(out, 0, sizeof *out);
    if (!what) return erg__err(g, ERG_EINVAL, "unknown measure %d", (int)m);
    erg__ig_enter(s, g, o);
    snprintf(s->task, sizeof s->task, "computing %s", what);
    if ((rc = erg__view(s, &v))) goto fail;
    ERG_IG(igraph_vector_init(&res, (igraph_integer_t)v->nv));
    have_res = true;
    if (v->nv > 0 && (rc = compute(s, v, m, &res))) goto fail;
    /* igraph's last report may fall short of 100%: close the bar */
    if (s->last_done) erg__progress(g, s->task, 1000, 1000);
    out->items = erg__calloc(g, v->nv, sizeof *out->items);
    if (!out->items) {
        rc = erg__nomem(g);
        goto fail;
    }
    out->n = v->nv;
    for (uint32_t i = 0; i < v->nv; i++) {
        out->items[i].entity = erg__view_entity(g, v, i);
        out->items[i].score = VECTOR(res)[i];
    }
fail:
    if (have_res) igraph_vector_destroy(&res);
    erg__ig_leave(s);
    return rc;
}
