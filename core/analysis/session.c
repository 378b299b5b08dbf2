/*
 * session.c -- erg's seam with igraph: the process-wide session (lock and
 * handlers) and the conversion of a view of the graph into an igraph graph,
 * cached on the graph handle.  The measures live in analysis_rank.c,
 * analysis_groups.c and analysis_paths.c.
 *
 * Why a lock: igraph's error and warning handlers, its cleanup stack
 * ("finally" stack) and its random number generator are process-global,
 * and Debian builds igraph without thread-local storage, so two threads
 * inside igraph at once corrupt each other (or abort).  Every analysis call
 * therefore holds one mutex while it touches igraph or the cache.  The
 * handlers are installed once (pthread_once) and are the one piece of
 * global state erg owns: they write into the calling thread's session
 * (a thread-local pointer set only while the lock is held), never print,
 * never longjmp, and the error handler frees igraph's cleanup stack as
 * igraph requires.  Warnings are kept in the session and handed to the
 * caller's callback after the lock is released, so the callback may raise
 * (Lua) or call erg again.
 *
 * Progress and interruption go the same way: igraph's progress and
 * interruption handlers (also process-wide, installed once with the
 * others) look at the current session, report progress through the
 * graph's progress callback and poll the caller's interrupt flag
 * (erg_analysis_opts.interrupt).  Stopping returns IGRAPH_INTERRUPTED
 * after freeing igraph's cleanup stack, as python-igraph's handler does:
 * igraph's interruption macro returns without freeing it.
 */
#include "analysis.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* ---- the session ------------------------------------------------------ */
static pthread_once_t ig_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t ig_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local erg_isess *ig_current;

/* igraph calls this at the failing function and again, with an empty
 * reason, at each enclosing level: keep the first non-empty reason. */
static void on_error(const char *reason, const char *file, int line, igraph_error_t err) {
    (void)file;
    (void)line;
    erg_isess *s = ig_current;
    if (s) {
        if (!s->ierr) s->ierr = err;
        if (!s->reason[0] && reason && reason[0]) {
            snprintf(s->reason, sizeof s->reason, "%s", reason);
            s->ierr = err;
        }
    }
    IGRAPH_FINALLY_FREE();
}

static void on_warning(const char *reason, const char *file, int line) {
    (void)file;
    (void)line;
    erg_isess *s = ig_current;
    if (!s || s->quiet || !reason) return;
    for (unsigned i = 0; i < s->nwarn; i++)
        if (!strncmp(s->warn[i], reason, sizeof s->warn[i] - 1)) return; /* repeated */
    if (s->nwarn == ERG_IG_WARNINGS) {
        s->dropped++;
        return;
    }
    snprintf(s->warn[s->nwarn++], sizeof s->warn[0], "%s", reason);
}

static igraph_error_t on_interruption(void *data) {
    (void)data;
    erg_isess *s = ig_current;
    if (!s || !erg__ig_interrupted(s)) return IGRAPH_SUCCESS;
    IGRAPH_FINALLY_FREE();
    return IGRAPH_INTERRUPTED;
}

/* igraph's percent, as done out of 1000 through the graph's callback; each
 * value once (igraph reports per source vertex: millions of calls). */
static igraph_error_t on_progress(const char *message, igraph_real_t percent, void *data) {
    (void)data;
    erg_isess *s = ig_current;
    if (!s) return IGRAPH_SUCCESS;
    if (erg__ig_interrupted(s)) return IGRAPH_INTERRUPTED; /* IGRAPH_PROGRESS frees the stack */
    if (!s->g->progress) return IGRAPH_SUCCESS;
    double p = percent < 0 ? 0 : percent > 100 ? 100 : percent;
    uint64_t done = (uint64_t)(p * 10);
    if (done == s->last_done && done != 0) return IGRAPH_SUCCESS;
    s->last_done = done;
    if (!s->task[0]) snprintf(s->task, sizeof s->task, "computing %.36s", message ? message : "");
    erg__progress(s->g, s->task, done, 1000);
    return IGRAPH_SUCCESS;
}

static void install_handlers(void) {
    igraph_set_error_handler(on_error);
    igraph_set_warning_handler(on_warning);
    igraph_set_interruption_handler(on_interruption);
    igraph_set_progress_handler(on_progress);
}

void erg__ig_enter(erg_isess *s, erg_graph *g, const erg_analysis_opts *o) {
    pthread_once(&ig_once, install_handlers);
    memset(s, 0, sizeof *s);
    s->g = g;
    s->o = o;
    pthread_mutex_lock(&ig_lock);
    ig_current = s;
}

void erg__ig_leave(erg_isess *s) {
    ig_current = NULL;
    pthread_mutex_unlock(&ig_lock);
    if (!s->o || !s->o->warn) return;
    for (unsigned i = 0; i < s->nwarn; i++) {
        char text[300];
        snprintf(text, sizeof text, "igraph: %s", s->warn[i]);
        erg_diag d = {ERG_WARNING, "igraph", 0, 0, s->warn[i], text};
        s->o->warn(s->o->warn_ud, &d);
    }
    if (s->dropped) {
        char text[100];
        snprintf(text, sizeof text, "igraph: %u more warnings", s->dropped);
        erg_diag d = {ERG_WARNING, "igraph", 0, 0, text + 8, text};
        s->o->warn(s->o->warn_ud, &d);
    }
}

int erg__ig_fail(erg_isess *s, igraph_error_t rc, const char *what) {
    if (rc == IGRAPH_INTERRUPTED || s->ierr == IGRAPH_INTERRUPTED) {
        s->reason[0] = '\0';
        s->ierr = IGRAPH_SUCCESS;
        return erg__err(s->g, ERG_EINTERRUPTED, "%s: interrupted", what);
    }
    int code = rc == IGRAPH_ENOMEM ? ERG_ENOMEM : ERG_EANALYSIS;
    const char *why = s->reason[0] ? s->reason : igraph_strerror(rc);
    int r = erg__err(s->g, code, "%s: igraph: %s", what, why);
    s->reason[0] = '\0'; /* the next failure reports its own reason */
    s->ierr = IGRAPH_SUCCESS;
    return r;
}

int erg__mode(erg_isess *s, erg_dir def, igraph_neimode_t *out) {
    erg_dir m = s->o && s->o->mode ? s->o->mode : def;
    switch (m) {
    case ERG_OUT: *out = IGRAPH_OUT; return ERG_OK;
    case ERG_IN: *out = IGRAPH_IN; return ERG_OK;
    case ERG_BOTH: *out = IGRAPH_ALL; return ERG_OK;
    default: return erg__err(s->g, ERG_EINVAL, "bad direction mode %d (out, in or both)", (int)m);
    }
}

void *erg__calloc(erg_graph *g, size_t n, size_t sz) {
    if (n == 0) n = 1; /* never a zero-size block: NULL means failure */
    if (n > SIZE_MAX / sz) return NULL;
    void *p = erg__mem(&g->a, NULL, 0, n * sz);
    if (p) memset(p, 0, n * sz);
    return p;
}

void erg__cfree(erg_graph *g, void *p, size_t n, size_t sz) {
    if (p) erg__mem(&g->a, p, (n ? n : 1) * sz, 0);
}

/* ---- the cache ---------------------------------------------------------- */
struct erg_analysis {
    bool valid;
    uint64_t version;
    erg_buf key; /* what the view was built from (see view_key) */
    erg_view v;
};

static void view_free(erg_graph *g, erg_view *v) {
    igraph_destroy(&v->ig);
    igraph_vector_destroy(&v->w);
    if (v->has_ug) {
        igraph_destroy(&v->ug);
        igraph_vector_destroy(&v->uw);
    }
    erg__cfree(g, v->v2ent, v->nv, sizeof *v->v2ent);
    erg__cfree(g, v->ent2v, v->nent, sizeof *v->ent2v);
    erg__cfree(g, v->e2rel, v->ne, sizeof *v->e2rel);
    erg__cfree(g, v->twin, v->ne, sizeof *v->twin);
    erg__cfree(g, v->rel2e, v->nrel, sizeof *v->rel2e);
    memset(v, 0, sizeof *v);
}

/* The cache's destructor, registered on the graph (g->cache_free) when the
 * cache is made: the store frees it without knowing the analysis layer. */
static void analysis_free(erg_graph *g) {
    struct erg_analysis *c = g->cache;
    if (!c) return;
    if (c->valid) {
        /* igraph_destroy only frees memory, but hold the lock anyway: the
         * destructor path must not race another thread inside igraph */
        pthread_mutex_lock(&ig_lock);
        view_free(g, &c->v);
        pthread_mutex_unlock(&ig_lock);
    }
    erg__buf_free(&c->key);
    erg__mem(&g->a, c, sizeof *c, 0);
    g->cache = NULL;
    g->cache_free = NULL;
}

/* A canonical description of the view, to compare with the cached one:
 * each part length-prefixed so that no two different views collide. */
static int key_str(erg_buf *b, const char *s) {
    if (!s) return erg__buf_add(b, "-", 1);
    return erg__buf_printf(b, "%zu:%s", strlen(s), s);
}

static int view_key(const erg_analysis_opts *o, erg_buf *b) {
    static const erg_analysis_opts none; /* no options: every default */
    int rc = ERG_OK;
    if (!o) o = &none;
    rc |= erg__buf_printf(b, "w");
    rc |= key_str(b, o->weight);
    size_t ne = o->entity_types ? o->n_entity_types : 0, nr = o->rel_types ? o->n_rel_types : 0;
    rc |= erg__buf_printf(b, "e%zu", ne);
    for (size_t i = 0; i < ne; i++) rc |= key_str(b, o->entity_types[i]);
    rc |= erg__buf_printf(b, "r%zu", nr);
    for (size_t i = 0; i < nr; i++) rc |= key_str(b, o->rel_types[i]);
    rc |= erg__buf_printf(b, "d");
    rc |= key_str(b, o->date_attr);
    if (o->date_attr) {
        char d1[16] = "-", d2[16] = "-";
        if (o->since) erg_date_format(*o->since, d1);
        if (o->until) erg_date_format(*o->until, d2);
        rc |= erg__buf_printf(b, "%s/%s/%d", d1, d2, (int)o->keep_undated);
    }
    return rc ? ERG_ENOMEM : ERG_OK;
}

/* ---- building a view ------------------------------------------------------ */
/* Days are compared as yyyymmdd; a partial date spans its month or year. */
static long date_lo(erg_date d) {
    return d.year * 10000L + (d.month ? d.month : 1) * 100L + (d.day ? d.day : 1);
}
static long date_hi(erg_date d) {
    return d.year * 10000L + (d.month ? d.month : 12) * 100L + (d.day ? d.day : 31);
}

/* Resolves type names to sids (0 when no string of that name exists). */
static int resolve_types(erg_graph *g, const char *const *names, size_t n, const char *kind,
                         uint32_t **out) {
    *out = NULL;
    if (!names) return ERG_OK;
    uint32_t *sids = erg__calloc(g, n, sizeof *sids);
    if (!sids) return erg__nomem(g);
    for (size_t i = 0; i < n; i++) {
        if (!names[i] || !names[i][0]) {
            erg__cfree(g, sids, n, sizeof *sids);
            return erg__err(g, ERG_EINVAL, "empty %s type in the analysis options", kind);
        }
        sids[i] = erg__pool_find(&g->pool, names[i], strlen(names[i]));
    }
    *out = sids;
    return ERG_OK;
}

static bool type_in(const uint32_t *sids, size_t n, uint32_t type, bool *seen) {
    if (!sids) return true;
    for (size_t i = 0; i < n; i++)
        if (sids[i] == type) {
            seen[i] = true;
            return true;
        }
    return false;
}

/* Finds a relationship attribute column of the wanted kind of type. */
static int rel_column(erg_graph *g, const char *name, bool numeric, const char *role, int *col) {
    uint32_t sid = erg__pool_find(&g->pool, name, strlen(name));
    *col = sid ? erg__col_find(g, ERG_KIND_REL, sid) : -1;
    if (*col < 0)
        return erg__err(g, ERG_ENOTFOUND, "no relationship attribute '%s' to use as %s", name, role);
    const erg_col *c = &g->schema[ERG_KIND_REL].cols[*col];
    char spec[16];
    if (numeric && c->type != ERG_INT && c->type != ERG_FLOAT)
        return erg__err(g, ERG_ETYPE, "%s attribute '%s' holds %s values, not numbers", role, name,
                        erg__type_spec(c->type, c->elem, spec));
    if (!numeric && c->type != ERG_DATE)
        return erg__err(g, ERG_ETYPE, "%s attribute '%s' holds %s values, not dates", role, name,
                        erg__type_spec(c->type, c->elem, spec));
    return ERG_OK;
}

/* What the options select, resolved against the graph. */
typedef struct view_filter {
    uint32_t *etypes, *rtypes;
    size_t n_et, n_rt;
    bool *et_seen, *rt_seen;
    int wcol, dcol;
    long lo, hi; /* the date window as yyyymmdd */
    bool keep_undated;
} view_filter;

static void filter_free(erg_graph *g, view_filter *f) {
    erg__cfree(g, f->etypes, f->n_et, sizeof *f->etypes);
    erg__cfree(g, f->rtypes, f->n_rt, sizeof *f->rtypes);
    erg__cfree(g, f->et_seen, f->n_et, sizeof *f->et_seen);
    erg__cfree(g, f->rt_seen, f->n_rt, sizeof *f->rt_seen);
}

static int filter_init(erg_graph *g, const erg_analysis_opts *o, view_filter *f) {
    memset(f, 0, sizeof *f);
    f->wcol = f->dcol = -1;
    if (!o) return ERG_OK;
    int rc;
    size_t ne = o->entity_types ? o->n_entity_types : 0, nr = o->rel_types ? o->n_rel_types : 0;
    if (ne && (rc = resolve_types(g, o->entity_types, ne, "entity", &f->etypes))) return rc;
    f->n_et = ne;
    if (nr && (rc = resolve_types(g, o->rel_types, nr, "relationship", &f->rtypes))) return rc;
    f->n_rt = nr;
    f->et_seen = erg__calloc(g, f->n_et, sizeof *f->et_seen);
    f->rt_seen = erg__calloc(g, f->n_rt, sizeof *f->rt_seen);
    if (!f->et_seen || !f->rt_seen) return erg__nomem(g);
    if (o->weight && (rc = rel_column(g, o->weight, true, "weight", &f->wcol))) return rc;
    if (!o->date_attr && (o->since || o->until))
        return erg__err(g, ERG_EINVAL, "a date window needs the date attribute to look at");
    if (o->date_attr && (rc = rel_column(g, o->date_attr, false, "date", &f->dcol))) return rc;
    f->lo = o->since ? date_lo(*o->since) : 0;
    f->hi = o->until ? date_hi(*o->until) : 99999999L;
    f->keep_undated = o->keep_undated;
    return ERG_OK;
}

/* Whether relationship ri passes the type and date filters. */
static bool rel_selected(erg_graph *g, const view_filter *f, uint32_t ri) {
    const erg_relrec *r = &g->rels[ri];
    if (!type_in(f->rtypes, f->n_rt, r->type, f->rt_seen)) return false;
    if (f->dcol < 0) return true;
    erg_value d;
    if (!erg__cell_get(g, ERG_KIND_REL, (uint32_t)f->dcol, ri, &d)) return f->keep_undated;
    return date_hi(d.u.d) >= f->lo && date_lo(d.u.d) <= f->hi;
}

/* The weight of relationship ri, checked. */
static int rel_weight(erg_graph *g, const view_filter *f, const char *attr, uint32_t ri, double *w) {
    erg_value x;
    *w = 1.0;
    if (f->wcol < 0) return ERG_OK;
    const char *id = erg__str(g, g->rels[ri].id);
    if (!erg__cell_get(g, ERG_KIND_REL, (uint32_t)f->wcol, ri, &x))
        return erg__err(g, ERG_EINVAL, "relationship '%s' has no weight '%s'", id ? id : "?", attr);
    *w = x.type == ERG_INT ? (double)x.u.i : x.u.f;
    if (!isfinite(*w) || *w < 0) {
        char buf[32];
        erg__format_float(*w, buf);
        return erg__err(g, ERG_EINVAL,
                        "relationship '%s' has weight %s = %s: weights must be finite and non-negative",
                        id ? id : "?", attr, buf);
    }
    return ERG_OK;
}

static int check_types_seen(erg_graph *g, const erg_analysis_opts *o, const view_filter *f) {
    for (size_t i = 0; i < f->n_et; i++)
        if (!f->et_seen[i])
            return erg__err(g, ERG_ENOTFOUND, "no entity has type '%s'", o->entity_types[i]);
    for (size_t i = 0; i < f->n_rt; i++)
        if (!f->rt_seen[i])
            return erg__err(g, ERG_ENOTFOUND, "no relationship has type '%s'",
                            o->rel_types[i]);
    return ERG_OK;
}

/* Fills v (zeroed by the caller) from the graph. */
static int view_build(erg_isess *s, erg_view *v) {
    erg_graph *g = s->g;
    const erg_analysis_opts *o = s->o;
    const char *what = "converting the graph";
    const char *wattr = o ? o->weight : NULL;
    view_filter f;
    igraph_vector_int_t edges;
    bool have_edges = false, have_w = false;
    size_t arcs = 0, undirected = 0;
    bool any_directed = false;
    double w;
    int rc = filter_init(g, o, &f);
    if (rc) goto fail;
    v->nent = g->nent;
    v->nrel = g->nrel;
    v->ent2v = erg__calloc(g, g->nent, sizeof *v->ent2v);
    v->rel2e = erg__calloc(g, g->nrel, sizeof *v->rel2e);
    if (!v->ent2v || !v->rel2e) {
        rc = erg__nomem(g);
        goto fail;
    }
    for (uint32_t i = 0; i < g->nent; i++) {
        const erg_ent *e = &g->ents[i];
        bool in = e->alive && type_in(f.etypes, f.n_et, e->type, f.et_seen);
        v->ent2v[i] = in ? v->nv++ : ERG_NONE;
    }
    if (!(v->v2ent = erg__calloc(g, v->nv, sizeof *v->v2ent))) {
        rc = erg__nomem(g);
        goto fail;
    }
    for (uint32_t i = 0; i < g->nent; i++)
        if (v->ent2v[i] != ERG_NONE) v->v2ent[v->ent2v[i]] = i;
    /* first pass: which relationships, and whether any is directed */
    for (uint32_t i = 0; i < g->nrel; i++) {
        const erg_relrec *r = &g->rels[i];
        v->rel2e[i] = ERG_NONE;
        if (!r->alive || !rel_selected(g, &f, i)) continue;
        if (v->ent2v[r->from] == ERG_NONE || v->ent2v[r->to] == ERG_NONE) continue;
        if ((rc = rel_weight(g, &f, wattr, i, &w))) goto fail;
        v->rel2e[i] = 0; /* selected; numbered below */
        arcs++;
        if (r->directed) any_directed = true;
        else if (r->from != r->to) undirected++;
        v->total_weight += w;
    }
    if ((rc = check_types_seen(g, o, &f))) goto fail;
    v->directed = any_directed;
    v->weighted = wattr != NULL;
    if (any_directed) arcs += undirected;
    if (arcs > (size_t)INT32_MAX) {
        rc = erg__err(g, ERG_ELIMIT, "too many relationships to analyse");
        goto fail;
    }
    v->e2rel = erg__calloc(g, arcs, sizeof *v->e2rel);
    v->twin = erg__calloc(g, arcs, sizeof *v->twin);
    if (!v->e2rel || !v->twin) {
        rc = erg__nomem(g);
        goto fail;
    }
    ERG_IG(igraph_vector_int_init(&edges, (igraph_integer_t)(2 * arcs)));
    have_edges = true;
    ERG_IG(igraph_vector_init(&v->w, (igraph_integer_t)arcs));
    have_w = true;
    /* second pass: the arcs */
    uint32_t k = 0;
    for (uint32_t i = 0; i < g->nrel; i++) {
        if (v->rel2e[i] == ERG_NONE) continue;
        const erg_relrec *r = &g->rels[i];
        rel_weight(g, &f, wattr, i, &w); /* checked above */
        uint32_t a = v->ent2v[r->from], b = v->ent2v[r->to];
        v->rel2e[i] = k;
        for (int twin = 0; twin < 2; twin++) {
            VECTOR(edges)[2 * k] = twin ? b : a;
            VECTOR(edges)[2 * k + 1] = twin ? a : b;
            VECTOR(v->w)[k] = w;
            v->e2rel[k] = i;
            v->twin[k] = (uint8_t)twin;
            k++;
            if (!any_directed || r->directed || a == b) break;
        }
    }
    v->ne = k;
    ERG_IG(igraph_create(&v->ig, &edges, (igraph_integer_t)v->nv, any_directed));
    igraph_vector_int_destroy(&edges);
    filter_free(g, &f);
    return ERG_OK;
fail:
    if (have_edges) igraph_vector_int_destroy(&edges);
    if (have_w) igraph_vector_destroy(&v->w);
    erg__cfree(g, v->v2ent, v->nv, sizeof *v->v2ent);
    erg__cfree(g, v->ent2v, v->nent, sizeof *v->ent2v);
    erg__cfree(g, v->rel2e, v->nrel, sizeof *v->rel2e);
    erg__cfree(g, v->e2rel, arcs, sizeof *v->e2rel);
    erg__cfree(g, v->twin, arcs, sizeof *v->twin);
    memset(v, 0, sizeof *v);
    filter_free(g, &f);
    return rc;
}

int erg__view(erg_isess *s, erg_view **out) {
    erg_graph *g = s->g;
    erg_buf key;
    erg__buf_init(&key, &g->a);
    if (view_key(s->o, &key)) {
        erg__buf_free(&key);
        return erg__nomem(g);
    }
    struct erg_analysis *c = g->cache;
    if (c && c->valid && c->version == g->version && c->key.len == key.len &&
        !memcmp(c->key.p, key.p, key.len)) {
        erg__buf_free(&key);
        *out = &c->v;
        return ERG_OK;
    }
    if (!c) {
        c = erg__mem(&g->a, NULL, 0, sizeof *c);
        if (!c) {
            erg__buf_free(&key);
            return erg__nomem(g);
        }
        memset(c, 0, sizeof *c);
        erg__buf_init(&c->key, &g->a);
        g->cache = c;
        g->cache_free = analysis_free;
    }
    erg_view v;
    memset(&v, 0, sizeof v);
    int rc = view_build(s, &v);
    if (rc) {
        erg__buf_free(&key);
        return rc;
    }
    if (c->valid) view_free(g, &c->v);
    erg__buf_free(&c->key);
    c->key = key;
    c->v = v;
    c->version = g->version;
    c->valid = true;
    *out = &c->v;
    return ERG_OK;
}

int erg__view_undirected(erg_isess *s, erg_view *v, const igraph_t **ug, const igraph_vector_t **uw) {
    const char *what = "converting the graph to undirected";
    int rc = ERG_OK;
    *ug = v->directed ? &v->ug : &v->ig;
    *uw = !v->weighted ? NULL : v->directed ? &v->uw : &v->w;
    if (!v->directed || v->has_ug) return ERG_OK;
    igraph_vector_int_t edges;
    bool have_edges = false, have_w = false;
    igraph_integer_t n = 0;
    for (uint32_t k = 0; k < v->ne; k++) n += !v->twin[k];
    ERG_IG(igraph_vector_int_init(&edges, 2 * n));
    have_edges = true;
    ERG_IG(igraph_vector_init(&v->uw, n));
    have_w = true;
    igraph_integer_t j = 0;
    for (uint32_t k = 0; k < v->ne; k++) {
        if (v->twin[k]) continue;
        VECTOR(edges)[2 * j] = IGRAPH_FROM(&v->ig, k);
        VECTOR(edges)[2 * j + 1] = IGRAPH_TO(&v->ig, k);
        VECTOR(v->uw)[j++] = VECTOR(v->w)[k];
    }
    ERG_IG(igraph_create(&v->ug, &edges, (igraph_integer_t)v->nv, IGRAPH_UNDIRECTED));
    igraph_vector_int_destroy(&edges);
    v->has_ug = true;
    return ERG_OK;
fail:
    if (have_edges) igraph_vector_int_destroy(&edges);
    if (have_w) igraph_vector_destroy(&v->uw);
    return rc;
}

igraph_integer_t erg__view_vertex(erg_isess *s, const erg_view *v, erg_entity e) {
    if (erg_entity_check(s->g, e)) return -1;
    uint32_t vid = e.idx < v->nent ? v->ent2v[e.idx] : ERG_NONE;
    if (vid == ERG_NONE) {
        erg__err(s->g, ERG_EINVAL, "entity '%s' is not in the analysed view (its type is filtered out)",
                 erg_entity_id(s->g, e));
        return -1;
    }
    return (igraph_integer_t)vid;
}
