/*
 * groups.c -- partitions of the view: communities (Louvain,
 * Leiden, walktrap) with their modularity, and weak or strong components.
 * Groups are renumbered by size so that group 0 is the largest, which reads
 * well and does not depend on the method's internal labels.
 */
#include "analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const method_names[] = {NULL, "louvain", "leiden", "walktrap"};
#define NMETHODS (sizeof method_names / sizeof method_names[0])

erg_community_method erg_community_method_from_name(const char *name) {
    return (erg_community_method)erg__name_index(method_names, NMETHODS, name);
}

const char *erg_community_method_name(erg_community_method m) {
    return (size_t)m > 0 && (size_t)m < NMETHODS ? method_names[m] : NULL;
}

void erg_partition_free(erg_graph *g, erg_partition *p) {
    if (!p) return;
    erg__cfree(g, p->entity, p->n, sizeof *p->entity);
    erg__cfree(g, p->group, p->n, sizeof *p->group);
    memset(p, 0, sizeof *p);
}

/* Walktrap's random walk length, as python-igraph and R igraph default. */
#define WALKTRAP_STEPS 4
/* Leiden iterations per call, and the most calls before giving up on a
 * stable partition.  igraph 0.10's n_iterations < 0 ("until stable") can
 * loop forever (igraph issue #2798), so the loop is erg's and bounded. */
#define LEIDEN_ROUNDS 2
#define LEIDEN_MAX_CALLS 50
/* Leiden's randomness in the refinement step (igraph's default). */
#define LEIDEN_BETA 0.01

static double resolution(const erg_analysis_opts *o) {
    return o && o->resolution != 0 ? o->resolution : 1.0;
}

/* Leiden with the modularity objective: igraph's Leiden optimises
 *   sum_ij (A_ij - gamma n_i n_j) delta(c_i, c_j)
 * so modularity needs node weights n_i = strength (weighted degree) and
 * gamma = resolution / 2m, 2m being the sum of strengths.  Without node
 * weights it would optimise CPM, a different objective. */
static int leiden(erg_isess *s, const igraph_t *ug, const igraph_vector_t *w, igraph_vector_int_t *memb) {
    const char *what = "leiden";
    igraph_vector_t strength;
    igraph_vector_int_t prev;
    bool have_strength = false, have_prev = false;
    int rc = ERG_OK;
    ERG_IG(igraph_vector_init(&strength, 0));
    have_strength = true;
    ERG_IG(igraph_vector_int_init(&prev, 0));
    have_prev = true;
    ERG_IG(igraph_strength(ug, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, w));
    double two_m = igraph_vector_sum(&strength); /* > 0: checked by the caller */
    double gamma = resolution(s->o) / two_m;
    igraph_integer_t nc;
    igraph_real_t quality;
    for (int call = 0; call < LEIDEN_MAX_CALLS; call++) {
        ERG_IG(igraph_vector_int_update(&prev, memb));
        ERG_IG(igraph_community_leiden(ug, w, &strength, gamma, LEIDEN_BETA, call > 0, LEIDEN_ROUNDS, memb,
                                       &nc, &quality));
        if (call > 0 && igraph_vector_int_all_e(&prev, memb)) break;
    }
fail:
    if (have_strength) igraph_vector_destroy(&strength);
    if (have_prev) igraph_vector_int_destroy(&prev);
    return rc;
}

static int walktrap(erg_isess *s, const igraph_t *ug, const igraph_vector_t *w, igraph_vector_int_t *memb) {
    const char *what = "walktrap";
    igraph_matrix_int_t merges;
    igraph_vector_t q;
    bool have_merges = false, have_q = false;
    int rc = ERG_OK;
    /* igraph 0.10 only fills membership when merges and modularity are
     * asked for too */
    ERG_IG(igraph_matrix_int_init(&merges, 0, 0));
    have_merges = true;
    ERG_IG(igraph_vector_init(&q, 0));
    have_q = true;
    ERG_IG(igraph_community_walktrap(ug, w, WALKTRAP_STEPS, &merges, &q, memb));
fail:
    if (have_merges) igraph_matrix_int_destroy(&merges);
    if (have_q) igraph_vector_destroy(&q);
    return rc;
}

/* Builds the result from igraph's membership: groups by size. */
typedef struct gsize { size_t size, first, label; } gsize;

static int cmp_gsize(const void *a, const void *b) {
    const gsize *x = a, *y = b;
    if (x->size != y->size) return x->size < y->size ? 1 : -1;
    return x->first < y->first ? -1 : x->first > y->first;
}

static int partition_out(erg_isess *s, const erg_view *v, const igraph_vector_int_t *memb,
                         erg_partition *out) {
    erg_graph *g = s->g;
    size_t n = v->nv, k = 0;
    gsize *gs = erg__calloc(g, n, sizeof *gs);
    size_t *relabel = erg__calloc(g, n, sizeof *relabel);
    out->entity = erg__calloc(g, n, sizeof *out->entity);
    out->group = erg__calloc(g, n, sizeof *out->group);
    if (!gs || !relabel || !out->entity || !out->group) {
        erg__cfree(g, gs, n, sizeof *gs);
        erg__cfree(g, relabel, n, sizeof *relabel);
        erg__cfree(g, out->entity, n, sizeof *out->entity);
        erg__cfree(g, out->group, n, sizeof *out->group);
        out->entity = NULL;
        out->group = NULL;
        return erg__nomem(g);
    }
    for (size_t i = 0; i < n; i++) gs[i].first = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t c = (size_t)VECTOR(*memb)[i]; /* 0 <= c < n */
        if (gs[c].first == SIZE_MAX) {
            gs[c].first = i;
            gs[c].label = c;
            k++;
        }
        gs[c].size++;
    }
    qsort(gs, n, sizeof *gs, cmp_gsize); /* empty labels sort last */
    for (size_t j = 0; j < k; j++) relabel[gs[j].label] = j;
    for (size_t i = 0; i < n; i++) {
        out->entity[i] = erg__view_entity(g, v, (igraph_integer_t)i);
        out->group[i] = relabel[VECTOR(*memb)[i]];
    }
    out->n = n;
    out->ngroups = k;
    erg__cfree(g, gs, n, sizeof *gs);
    erg__cfree(g, relabel, n, sizeof *relabel);
    return ERG_OK;
}

int erg_communities(erg_graph *g, erg_community_method m, const erg_analysis_opts *o, erg_partition *out) {
    erg_isess sess, *s = &sess;
    erg_view *v;
    igraph_vector_int_t memb;
    bool have_memb = false;
    const char *what = erg_community_method_name(m);
    const igraph_t *ug;
    const igraph_vector_t *w;
    double q = NAN;
    int rc;
    memset(out, 0, sizeof *out);
    if (!what) return erg__err(g, ERG_EINVAL, "unknown community method %d", (int)m);
    erg__ig_enter(s, g, o);
    if ((rc = erg__view(s, &v)) || (rc = erg__view_undirected(s, v, &ug, &w))) goto fail;
    ERG_IG(igraph_vector_int_init(&memb, (igraph_integer_t)v->nv));
    have_memb = true;
    if (v->total_weight <= 0) { /* no links (or all weigh 0): every entity alone */
        for (uint32_t i = 0; i < v->nv; i++) VECTOR(memb)[i] = i;
    } else {
        /* Louvain and Leiden draw from igraph's one random generator */
        ERG_IG(igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)(o ? o->seed : 0)));
        switch (m) {
        case ERG_LOUVAIN:
            ERG_IG(igraph_community_multilevel(ug, w, resolution(o), &memb, NULL, NULL));
            break;
        case ERG_LEIDEN:
            if ((rc = leiden(s, ug, w, &memb))) goto fail;
            break;
        case ERG_WALKTRAP:
            if ((rc = walktrap(s, ug, w, &memb))) goto fail;
            break;
        }
    }
    if (v->total_weight > 0)
        ERG_IG(igraph_modularity(ug, &memb, w, resolution(o), IGRAPH_UNDIRECTED, &q));
    if ((rc = partition_out(s, v, &memb, out))) goto fail;
    out->modularity = q;
fail:
    if (have_memb) igraph_vector_int_destroy(&memb);
    erg__ig_leave(s);
    return rc;
}

int erg_components(erg_graph *g, bool strong, const erg_analysis_opts *o, erg_partition *out) {
    erg_isess sess, *s = &sess;
    erg_view *v;
    igraph_vector_int_t memb;
    bool have_memb = false;
    const char *what = strong ? "strong components" : "weak components";
    int rc;
    memset(out, 0, sizeof *out);
    erg__ig_enter(s, g, o);
    if ((rc = erg__view(s, &v))) goto fail;
    ERG_IG(igraph_vector_int_init(&memb, 0));
    have_memb = true;
    igraph_integer_t no;
    ERG_IG(igraph_connected_components(&v->ig, &memb, NULL, &no, strong ? IGRAPH_STRONG : IGRAPH_WEAK));
    if ((rc = partition_out(s, v, &memb, out))) goto fail;
    out->modularity = NAN;
fail:
    if (have_memb) igraph_vector_int_destroy(&memb);
    erg__ig_leave(s);
    return rc;
}
