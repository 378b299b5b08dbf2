/*
 * simple_paths.c -- every simple path between two vertices of a view, up
 * to a hop bound, with its memory on the graph's allocator and its work
 * reported to erg_analysis_opts.work.
 *
 * Why not igraph_get_all_simple_paths: the number of paths is exponential
 * in the hop bound, and igraph keeps them in its own memory (malloc), out
 * of reach of the allocator hook through which an embedder (the sandbox's
 * --max-memory) bounds what erg allocates, and with no way to stop the
 * search but a process-wide interruption handler.  This is the same depth-
 * first search, giving the same sequences in the same order (checked
 * against igraph in tests/peers/simple_paths.py), so paths.c can use it
 * in igraph's place.
 */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>

/* Steps reported to o->work at a time. */
#define WORK_BATCH 1024

typedef struct adjacency {
    uint32_t *first; /* nv + 1 offsets into nbr */
    uint32_t *nbr;   /* the neighbours of each vertex, sorted, unique, no self */
    size_t nnbr;
} adjacency;

static int cmp_u32(const void *x, const void *y) {
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* The neighbours igraph's lazy adjacency list gives in mode (no loops,
 * no multiple edges, sorted by vertex id). */
static int adjacency_build(erg_graph *g, const erg_view *v, igraph_neimode_t mode, adjacency *A) {
    uint32_t nv = v->nv;
    igraph_integer_t ne = igraph_ecount(&v->ig);
    bool fwd = !v->directed || mode != IGRAPH_IN, back = !v->directed || mode != IGRAPH_OUT;
    A->first = erg__calloc(g, (size_t)nv + 1, sizeof *A->first);
    A->nnbr = (size_t)ne * 2;
    A->nbr = erg__calloc(g, A->nnbr, sizeof *A->nbr);
    if (!A->first || !A->nbr) return erg__nomem(g);
    /* counting sort of the arcs by their tail */
    for (int pass = 0; pass < 2; pass++) {
        for (igraph_integer_t e = 0; e < ne; e++) {
            uint32_t f = (uint32_t)IGRAPH_FROM(&v->ig, e), t = (uint32_t)IGRAPH_TO(&v->ig, e);
            if (f == t) continue;
            if (pass == 0) {
                if (fwd) A->first[f + 1]++;
                if (back) A->first[t + 1]++;
                continue;
            }
            if (fwd) A->nbr[A->first[f]++] = t;
            if (back) A->nbr[A->first[t]++] = f;
        }
        if (pass == 0)
            for (uint32_t i = 0; i < nv; i++) A->first[i + 1] += A->first[i];
        else /* first[i] now ends vertex i: shift back */
            for (uint32_t i = nv; i > 0; i--) A->first[i] = A->first[i - 1];
        if (pass == 1) A->first[0] = 0;
    }
    /* sort and drop repeats, compacting in place */
    size_t out = 0;
    for (uint32_t i = 0; i < nv; i++) {
        uint32_t lo = A->first[i], hi = A->first[i + 1];
        qsort(A->nbr + lo, hi - lo, sizeof *A->nbr, cmp_u32);
        A->first[i] = (uint32_t)out;
        for (uint32_t k = lo; k < hi; k++)
            if (k == lo || A->nbr[k] != A->nbr[k - 1]) A->nbr[out++] = A->nbr[k];
    }
    A->first[nv] = (uint32_t)out;
    return ERG_OK;
}

typedef struct search {
    erg_graph *g;
    const erg_analysis_opts *o;
    igraph_integer_t *res; /* the sequences, each ended by -1 */
    size_t n, cap;
    uint64_t work;         /* steps not yet reported */
} search;

static int append(search *S, const uint32_t *stack, size_t depth) {
    size_t need = depth + 2; /* the vertices and the -1 */
    if (S->cap - S->n < need) {
        size_t ncap = S->cap ? S->cap : 64;
        while (ncap - S->n < need) {
            if (ncap > SIZE_MAX / 2 / sizeof *S->res) return erg__nomem(S->g);
            ncap *= 2;
        }
        igraph_integer_t *p = erg__mem(&S->g->a, S->res, S->cap * sizeof *p, ncap * sizeof *p);
        if (!p) return erg__nomem(S->g);
        S->res = p;
        S->cap = ncap;
    }
    for (size_t k = 0; k <= depth; k++) S->res[S->n++] = stack[k];
    S->res[S->n++] = -1;
    return ERG_OK;
}

static int report(search *S) {
    if (!S->o || !S->o->work || S->o->work(S->o->work_ud, S->work) == 0) {
        S->work = 0;
        return ERG_OK;
    }
    return erg__err(S->g, ERG_ELIMIT, "simple paths: stopped (work limit)");
}

/*
 * The search.  As igraph's: a stack of vertices from a, each with a
 * pointer into its neighbour list; the top advances to its next neighbour
 * not on the stack, within max_hops, or is popped.  igraph reports a
 * path each time b is pushed and goes on searching beyond b, where no
 * further path to b can be (a simple path does not pass b twice); here b
 * is reported and not pushed, which gives the same paths in the same
 * order with less work.  Every neighbour looked at is a step.
 */
static int dfs(search *S, const adjacency *A, uint32_t a, uint32_t b, unsigned max_hops, uint8_t *on,
               uint32_t *stack, uint32_t *ptr) {
    size_t depth = 0;
    int rc;
    stack[0] = a;
    ptr[0] = A->first[a];
    on[a] = 1;
    for (;;) {
        uint32_t act = stack[depth];
        bool pushed = false;
        while (depth < max_hops && ptr[depth] < A->first[act + 1]) {
            uint32_t nei = A->nbr[ptr[depth]++];
            if (++S->work >= WORK_BATCH && (rc = report(S))) return rc;
            if (on[nei]) continue;
            if (nei == b) {
                stack[depth + 1] = b;
                if ((rc = append(S, stack, depth + 1))) return rc;
                continue;
            }
            if (depth + 1 == max_hops) continue; /* nei cannot lead to b within the bound */
            stack[++depth] = nei;
            ptr[depth] = A->first[nei];
            on[nei] = 1;
            pushed = true;
            break;
        }
        if (pushed) continue;
        on[act] = 0;
        if (depth == 0) return report(S);
        depth--;
    }
}

/* Every simple path from a to b (a != b) of at most max_hops hops in v,
 * followed in mode, as igraph_get_all_simple_paths(v, res, a, b,
 * max_hops, mode) gives them: *res holds *n vertex ids, each sequence
 * ended by -1, on g's allocator (free with erg__cfree(g, *res, *cap,
 * sizeof **res)).  ERG_ENOMEM when the allocator refuses, ERG_ELIMIT
 * when o->work asks to stop; *res is then NULL. */
int erg__simple_path_seqs(erg_isess *s, const erg_view *v, igraph_integer_t a, igraph_integer_t b,
                          unsigned max_hops, igraph_neimode_t mode, igraph_integer_t **res, size_t *n,
                          size_t *cap) {
    erg_graph *g = s->g;
    adjacency A = {NULL, NULL, 0};
    search S = {g, s->o, NULL, 0, 0, 0};
    uint8_t *on = erg__calloc(g, v->nv, sizeof *on);
    uint32_t *stack = erg__calloc(g, (size_t)max_hops + 1, sizeof *stack);
    uint32_t *ptr = erg__calloc(g, (size_t)max_hops + 1, sizeof *ptr);
    int rc = on && stack && ptr ? ERG_OK : erg__nomem(g);
    if (!rc) rc = adjacency_build(g, v, mode, &A);
    if (!rc) rc = dfs(&S, &A, (uint32_t)a, (uint32_t)b, max_hops, on, stack, ptr);
    erg__cfree(g, A.first, (size_t)v->nv + 1, sizeof *A.first);
    erg__cfree(g, A.nbr, A.nnbr, sizeof *A.nbr);
    erg__cfree(g, on, v->nv, sizeof *on);
    erg__cfree(g, stack, (size_t)max_hops + 1, sizeof *stack);
    erg__cfree(g, ptr, (size_t)max_hops + 1, sizeof *ptr);
    if (rc) {
        if (S.res) erg__mem(&g->a, S.res, S.cap * sizeof *S.res, 0);
        S.res = NULL;
        S.n = S.cap = 0;
    }
    *res = S.res;
    *n = S.n;
    *cap = S.cap;
    return rc;
}
