/*
 * analysis.h -- what core/analysis*.c share, and nothing else includes:
 * the igraph session (one process-wide lock, error and warning handlers)
 * and the cached conversion of a view of the graph into an igraph graph.
 * No other module sees igraph types.
 */
#ifndef ERG_ANALYSIS_H
#define ERG_ANALYSIS_H

#include "../store/store.h"

#include <igraph.h>
#include <string.h>

/* One analysis call's hold on igraph, from erg__ig_enter to erg__ig_leave:
 * the process-wide lock is held in between, and igraph's handlers report
 * into this (the thread's current session). */
#define ERG_IG_WARNINGS 8
typedef struct erg_isess {
    erg_graph *g;
    const erg_analysis_opts *o;
    char reason[512];   /* first non-empty igraph error reason */
    igraph_error_t ierr;/* first igraph error code */
    bool quiet;         /* drop igraph's warnings (expected ones) */
    char task[48];      /* progress: what is being computed ("computing betweenness") */
    uint64_t last_done; /* progress: the last value reported (in 1000ths) */
    unsigned nwarn, dropped;
    char warn[ERG_IG_WARNINGS][256]; /* delivered to o->warn after unlocking */
} erg_isess;

/* Takes the lock and makes s the thread's session (o may be NULL). */
void erg__ig_enter(erg_isess *s, erg_graph *g, const erg_analysis_opts *o);
/* Releases the lock, then hands the collected warnings to o->warn. */
void erg__ig_leave(erg_isess *s);
/* True once the caller asked the call to stop (o->interrupt). */
static inline bool erg__ig_interrupted(const erg_isess *s) {
    return s->o && s->o->interrupt && *s->o->interrupt;
}
/* Records a failed igraph call (rc) as an erg error on the handle, with
 * igraph's reason; what names the operation.  Returns the erg code. */
int erg__ig_fail(erg_isess *s, igraph_error_t rc, const char *what);

/* Runs an igraph call inside a function that has `int rc`, `erg_isess *s`,
 * `const char *what` and a `fail` label. */
#define ERG_IG(call)                                   \
    do {                                               \
        igraph_error_t ig_rc_ = (call);                \
        if (ig_rc_ != IGRAPH_SUCCESS) {                \
            rc = erg__ig_fail(s, ig_rc_, what);        \
            goto fail;                                 \
        }                                              \
    } while (0)

/* A view of the graph as an igraph graph.  Vertices are the view's
 * entities in insertion order; edges its relationships in insertion order,
 * an undirected relationship in a directed view giving two arcs (the
 * second marked twin), a self-loop always one. */
typedef struct erg_view {
    igraph_t ig;
    igraph_vector_t w;  /* edge weights, 1 each when !weighted */
    bool directed, weighted;
    uint32_t nv, ne;
    uint32_t *v2ent;    /* vertex -> entity index */
    uint32_t *ent2v;    /* entity index -> vertex or ERG_NONE (nent of them) */
    uint32_t *e2rel;    /* edge -> relationship index */
    uint8_t *twin;      /* edge is the second arc of an undirected one */
    uint32_t *rel2e;    /* relationship index -> its first edge or ERG_NONE */
    uint32_t nent, nrel;/* graph's index ranges when built */
    double total_weight;/* sum over relationships (a twin not counted) */
    /* the undirected version (one edge per relationship), made on demand */
    bool has_ug;
    igraph_t ug;
    igraph_vector_t uw;
} erg_view;

/* The view o describes, converted (or from the cache, while the graph's
 * version is unchanged).  Valid until the session ends. */
int erg__view(erg_isess *s, erg_view **out);
/* The undirected version of v, each relationship one edge: v's own graph
 * when v is undirected, else built once and cached in v.  *ug and *uw
 * (NULL when unweighted) stay valid until the session ends. */
int erg__view_undirected(erg_isess *s, erg_view *v, const igraph_t **ug, const igraph_vector_t **uw);
/* Vertex of entity e in the view, or -1 after setting an error. */
igraph_integer_t erg__view_vertex(erg_isess *s, const erg_view *v, erg_entity e);
static inline erg_entity erg__view_entity(const erg_graph *g, const erg_view *v,
                                          igraph_integer_t vid) {
    erg_entity e = {v->v2ent[vid], g->ents[v->v2ent[vid]].gen};
    return e;
}
static inline const igraph_vector_t *erg__view_weights(const erg_view *v) {
    return v->weighted ? &v->w : NULL;
}
/* The mode to use: o->mode, or def when 0; ERG_EINVAL for a bad value. */
int erg__mode(erg_isess *s, erg_dir def, igraph_neimode_t *out);

/* The index of name in names[1..n) (names[0] is NULL: "none"), 0 when
 * absent or NULL; the measure and method name tables use it. */
static inline size_t erg__name_index(const char *const *names, size_t n, const char *name) {
    for (size_t i = 1; name && i < n; i++)
        if (!strcmp(names[i], name)) return i;
    return 0;
}

/* Allocation on the graph's allocator (n elements of size sz, zeroed). */
void *erg__calloc(erg_graph *g, size_t n, size_t sz);
void erg__cfree(erg_graph *g, void *p, size_t n, size_t sz);

#endif
