/*
 * find.c -- name search (erg_find): every entity's id, name and aliases
 * compared with the search text in their folded word form (fold.c), scored
 * by kind of match and by how much of the name the text covers.
 *
 * The scan folds each name per search instead of keeping a folded index:
 * a search is one pass over the names (about a microsecond a name), and an
 * index would have to follow every rename, alias change and rollback.
 */
#include "store.h"

#include <stdlib.h>

static const char *const how_names[] = {NULL, "exact", "prefix", "word", "substring", "fuzzy"};

const char *erg_find_how_name(erg_find_how h) {
    return h >= ERG_FIND_EXACT && h <= ERG_FIND_FUZZY ? how_names[h] : NULL;
}

/* The search text, folded once. */
typedef struct query {
    const char *s; size_t len;  /* folded words */
    int32_t *cp; size_t ncp;    /* the same as code points */
    size_t nwords;
    double min_sim;
    size_t *row;                /* edit distance scratch (ncp + 1) */
} query;

static size_t count_words(const int32_t *cp, size_t n) {
    size_t w = n > 0;
    for (size_t i = 0; i < n; i++) w += cp[i] == ' ';
    return w;
}

static double similarity(const query *q, const int32_t *w, size_t nw) {
    size_t longer = q->ncp > nw ? q->ncp : nw;
    if (!longer) return 0;
    size_t d = erg__edit_distance(w, nw, q->cp, q->ncp, q->row);
    return 1.0 - (double)d / (double)longer;
}

/* The best fuzzy similarity of q to the name (code points) or to any run
 * of as many consecutive words as q has. */
static double best_similarity(const query *q, const int32_t *cp, size_t n) {
    double best = similarity(q, cp, n);
    size_t nw = count_words(cp, n);
    if (nw <= q->nwords) return best;
    size_t start = 0;
    for (size_t w = 0; w + q->nwords <= nw; w++) {
        size_t end = start, seen = 0;
        while (end < n && (cp[end] != ' ' || ++seen < q->nwords)) end++;
        double s = similarity(q, cp + start, end - start);
        if (s > best) best = s;
        while (start < n && cp[start] != ' ') start++;
        start++;
    }
    return best;
}

static bool word_at(const char *s, size_t n, size_t at, size_t len) {
    return (at == 0 || s[at - 1] == ' ') && (at + len == n || s[at + len] == ' ');
}

/* Scores one folded name; 0 when it does not match. */
static double score_name(erg_graph *g, const query *q, const char *s, size_t n,
                         erg_find_how *how, int *rc) {
    if (n == q->len && !memcmp(s, q->s, n)) { *how = ERG_FIND_EXACT; return 1.0; }
    if (n == 0) return 0;
    double cover = (double)q->len / (double)(n > q->len ? n : q->len);
    if (n > q->len && !memcmp(s, q->s, q->len)) { *how = ERG_FIND_PREFIX; return 0.8 + 0.1 * cover; }
    const char *hit = n >= q->len ? memmem(s, n, q->s, q->len) : NULL;
    if (hit) {
        bool word = false;
        for (const char *p = hit; p && !word; p = memmem(p + 1, n - (size_t)(p + 1 - s), q->s, q->len))
            word = word_at(s, n, (size_t)(p - s), q->len);
        *how = word ? ERG_FIND_WORD : ERG_FIND_SUBSTRING;
        return (word ? 0.7 : 0.6) + 0.1 * cover;
    }
    int32_t *cp;
    size_t ncp;
    if ((*rc = erg__codepoints(g, s, n, &cp, &ncp))) return 0;
    double sim = best_similarity(q, cp, ncp);
    erg__mem(&g->a, cp, (n + 1) * sizeof *cp, 0);
    if (sim < q->min_sim) return 0;
    *how = ERG_FIND_FUZZY;
    return 0.6 * sim;
}

/* Folds one of the entity's strings and keeps it when it scores best. */
static int try_string(erg_graph *g, const query *q, erg_buf *b, uint32_t sid, erg_find_hit *best) {
    if (!sid) return ERG_OK;
    b->len = 0;
    int rc = erg__fold(g, erg__str(g, sid), erg__pool_len(&g->pool, sid), true, b);
    if (rc) return rc;
    erg_find_how how = 0;
    double sc = score_name(g, q, b->p ? b->p : "", b->len, &how, &rc);
    if (rc) return rc;
    if (sc > best->score) {
        best->score = sc;
        best->how = how;
        best->matched = erg__str(g, sid);
    }
    return ERG_OK;
}

static int cmp_hits(const void *a, const void *b) {
    const erg_find_hit *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return x->entity.idx < y->entity.idx ? -1 : x->entity.idx > y->entity.idx;
}

static int push_hit(erg_graph *g, erg_find_result *r, uint32_t *cap, const erg_find_hit *h) {
    if (erg__grow(&g->a, (void **)&r->items, cap, r->n + 1, sizeof *r->items)) return erg__nomem(g);
    r->items[r->n++] = *h;
    return ERG_OK;
}

static int scan(erg_graph *g, const query *q, const erg_find_opts *o, erg_find_result *r,
                uint32_t *cap) {
    erg_buf b;
    erg__buf_init(&b, &g->a);
    erg_iter it = erg_entities(g, o->type);
    erg_entity e;
    int rc = ERG_OK;
    while (!rc && erg_entity_next(g, &it, &e)) {
        const erg_ent *x = &g->ents[e.idx];
        erg_find_hit best = {e, 0, 0, NULL};
        rc = try_string(g, q, &b, x->name, &best);
        for (uint32_t i = 0; !rc && i < x->nalias; i++) rc = try_string(g, q, &b, x->aliases[i], &best);
        if (!rc) rc = try_string(g, q, &b, x->id, &best);
        if (!rc && best.score > 0 && best.score >= o->min_score) rc = push_hit(g, r, cap, &best);
    }
    erg__buf_free(&b);
    return rc;
}

void erg_find_result_free(erg_graph *g, erg_find_result *r) {
    if (!r) return;
    erg__mem(&g->a, r->items, r->n * sizeof *r->items, 0);
    r->items = NULL;
    r->n = 0;
}

int erg_find(erg_graph *g, const char *text, const erg_find_opts *opts, erg_find_result *out) {
    static const erg_find_opts none = {0};
    const erg_find_opts *o = opts ? opts : &none;
    out->items = NULL;
    out->n = 0;
    if (!text) return erg__err(g, ERG_EINVAL, "no search text");
    query q = {0};
    q.min_sim = o->min_similarity > 0 ? o->min_similarity : 0.75;
    erg_buf qb;
    erg__buf_init(&qb, &g->a);
    uint32_t cap = 0;
    int rc = erg__fold(g, text, strlen(text), true, &qb);
    if (!rc && qb.len == 0) rc = erg__err(g, ERG_EINVAL, "search text '%s' has no letter or digit", text);
    if (!rc) {
        q.s = qb.p;
        q.len = qb.len;
        rc = erg__codepoints(g, q.s, q.len, &q.cp, &q.ncp);
    }
    if (!rc) {
        q.nwords = count_words(q.cp, q.ncp);
        q.row = erg__mem(&g->a, NULL, 0, (q.ncp + 1) * sizeof *q.row);
        if (!q.row) rc = erg__nomem(g);
    }
    if (!rc) rc = scan(g, &q, o, out, &cap);
    if (q.row) erg__mem(&g->a, q.row, (q.ncp + 1) * sizeof *q.row, 0);
    if (q.cp) erg__mem(&g->a, q.cp, (q.len + 1) * sizeof *q.cp, 0);
    erg__buf_free(&qb);
    if (rc) {
        erg__mem(&g->a, out->items, (size_t)cap * sizeof *out->items, 0);
        out->items = NULL;
        out->n = 0;
        return rc;
    }
    if (out->n) qsort(out->items, out->n, sizeof *out->items, cmp_hits);
    size_t keep = o->limit && o->limit < out->n ? o->limit : out->n;
    /* an exact-size copy, so that erg_find_result_free needs only n */
    erg_find_hit *t = keep ? erg__mem(&g->a, NULL, 0, keep * sizeof *t) : NULL;
    if (keep && !t) {
        erg__mem(&g->a, out->items, (size_t)cap * sizeof *t, 0);
        out->items = NULL;
        out->n = 0;
        return erg__nomem(g);
    }
    if (keep) memcpy(t, out->items, keep * sizeof *t);
    erg__mem(&g->a, out->items, (size_t)cap * sizeof *t, 0);
    out->items = t;
    out->n = keep;
    return ERG_OK;
}
