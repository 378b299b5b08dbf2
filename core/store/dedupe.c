/*
 * dedupe.c -- candidate duplicate entities (erg_dedupe): names and
 * aliases in their folded word form without company suffixes, compared
 * pair by pair, with shared neighbours as supporting evidence.
 *
 * Not every pair is compared: entities are blocked by the words of their
 * names (a pair must share one word, and a word that more than
 * BLOCK_MAX entities share, like "department", proposes no pairs on its
 * own), which keeps the work near linear on real graphs.
 */
#include "store.h"

#include <stdlib.h>

#define BLOCK_MAX 50

static const char *const suffixes[] = {
    "inc", "incorporated", "corp", "corporation", "co", "company", "llc", "ltd", "limited",
    "gmbh", "ag", "sa", "plc", "nv", "bv", "srl", "spa", "sas", "sarl", "kg", "lp", "llp",
    "pty", "oy", "ab", "se"};

static bool is_suffix(const char *w, size_t n) {
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
        if (strlen(suffixes[i]) == n && !memcmp(suffixes[i], w, n)) return true;
    return false;
}

/* Drops trailing suffix words and a leading "the" from folded words (in
 * place: returns the new start and length), keeping at least one word. */
static const char *strip_key(const char *s, size_t *n) {
    for (;;) {
        const char *sp = memrchr(s, ' ', *n);
        if (!sp || !is_suffix(sp + 1, *n - (size_t)(sp + 1 - s))) break;
        *n = (size_t)(sp - s);
    }
    if (*n > 4 && !memcmp(s, "the ", 4)) { s += 4; *n -= 4; }
    return s;
}

typedef struct dkey { uint32_t ent, sid; size_t off, len; } dkey;
typedef struct tok { uint32_t hash, ent; } tok;

typedef struct dd {
    erg_graph *g;
    erg_buf text;        /* the keys, back to back */
    dkey *keys; uint32_t nkeys, keycap;
    uint32_t *first, *count; /* keys of entity i: keys[first[i] .. + count[i]) */
    tok *toks; uint32_t ntoks, tokcap;
    uint64_t *pairs; uint32_t npairs, paircap;
    size_t *row; size_t rowcap;
} dd;

static int add_key(dd *d, uint32_t ent, uint32_t sid) {
    erg_graph *g = d->g;
    size_t start = d->text.len;
    if (erg__fold(g, erg__str(g, sid), erg__pool_len(&g->pool, sid), true, &d->text)) return g->errcode;
    size_t n = d->text.len - start;
    const char *k = strip_key(d->text.p + start, &n);
    if (n == 0) return ERG_OK;
    if (erg__grow(&g->a, (void **)&d->keys, &d->keycap, (size_t)d->nkeys + 1, sizeof *d->keys))
        return erg__nomem(g);
    dkey x = {ent, sid, (size_t)(k - d->text.p), n};
    d->keys[d->nkeys++] = x;
    /* one token per word (hashed), for blocking */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && k[j] != ' ') j++;
        if (erg__grow(&g->a, (void **)&d->toks, &d->tokcap, (size_t)d->ntoks + 1, sizeof *d->toks))
            return erg__nomem(g);
        tok t = {erg__hash_bytes(k + i, j - i), ent};
        d->toks[d->ntoks++] = t;
        i = j + 1;
    }
    return ERG_OK;
}

static int cmp_tok(const void *a, const void *b) {
    const tok *x = a, *y = b;
    if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
    return x->ent < y->ent ? -1 : x->ent > y->ent;
}
static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Pairs of entities that share a word (blocks of at most BLOCK_MAX). */
static int block(dd *d, const erg_dedupe_opts *o) {
    erg_graph *g = d->g;
    if (d->ntoks > 1) qsort(d->toks, d->ntoks, sizeof *d->toks, cmp_tok);
    for (uint32_t i = 0; i < d->ntoks;) {
        uint32_t j = i, distinct = 0;
        for (; j < d->ntoks && d->toks[j].hash == d->toks[i].hash; j++)
            distinct += j == i || d->toks[j].ent != d->toks[j - 1].ent;
        for (uint32_t a = i; distinct <= BLOCK_MAX && a < j; a++)
            for (uint32_t b = a + 1; b < j; b++) {
                uint32_t x = d->toks[a].ent, y = d->toks[b].ent;
                if (x == y || (!o->any_type && g->ents[x].type != g->ents[y].type)) continue;
                if (erg__grow(&g->a, (void **)&d->pairs, &d->paircap, (size_t)d->npairs + 1, sizeof *d->pairs))
                    return erg__nomem(g);
                d->pairs[d->npairs++] = (uint64_t)x << 32 | y;
            }
        i = j;
    }
    if (d->npairs > 1) qsort(d->pairs, d->npairs, sizeof *d->pairs, cmp_u64);
    return ERG_OK;
}

/* Shared words / all distinct words of two keys. */
static double word_overlap(const char *a, size_t na, const char *b, size_t nb) {
    size_t words_a = 0, shared = 0, words_b = 1;
    for (size_t i = 0; i < nb; i++) words_b += b[i] == ' ';
    for (size_t i = 0; i < na;) {
        size_t j = i;
        while (j < na && a[j] != ' ') j++;
        words_a++;
        for (size_t p = 0; p < nb;) {
            size_t q = p;
            while (q < nb && b[q] != ' ') q++;
            if (q - p == j - i && !memcmp(a + i, b + p, j - i)) { shared++; break; }
            p = q + 1;
        }
        i = j + 1;
    }
    size_t all = words_a + words_b - shared;
    return all ? (double)shared / (double)all : 0;
}

static int key_similarity(dd *d, const dkey *x, const dkey *y, double *out) {
    const char *a = d->text.p + x->off, *b = d->text.p + y->off;
    if (x->len == y->len && !memcmp(a, b, x->len)) { *out = 1; return ERG_OK; }
    int32_t *ca, *cb;
    size_t na, nb;
    if (erg__codepoints(d->g, a, x->len, &ca, &na)) return ERG_ENOMEM;
    if (erg__codepoints(d->g, b, y->len, &cb, &nb)) {
        erg__mem(&d->g->a, ca, (x->len + 1) * sizeof *ca, 0);
        return ERG_ENOMEM;
    }
    int rc = ERG_OK;
    if (nb + 1 > d->rowcap) {
        erg__mem(&d->g->a, d->row, d->rowcap * sizeof *d->row, 0);
        d->rowcap = nb + 1;
        d->row = erg__mem(&d->g->a, NULL, 0, d->rowcap * sizeof *d->row);
        if (!d->row) { d->rowcap = 0; rc = erg__nomem(d->g); }
    }
    if (!rc) {
        size_t longer = na > nb ? na : nb;
        double lev = 1.0 - (double)erg__edit_distance(ca, na, cb, nb, d->row) / (double)longer;
        double ov = word_overlap(a, x->len, b, y->len);
        *out = lev > ov ? lev : ov;
    }
    erg__mem(&d->g->a, ca, (x->len + 1) * sizeof *ca, 0);
    erg__mem(&d->g->a, cb, (y->len + 1) * sizeof *cb, 0);
    return rc;
}

/* Distinct neighbours of e other than skip, sorted, into *out. */
static int neighbours(erg_graph *g, uint32_t e, uint32_t skip, uint32_t **out, uint32_t *n, uint32_t *cap) {
    erg_adj it;
    erg_rel r;
    erg_entity x = {e, g->ents[e].gen};
    *n = 0;
    erg_adjacent(g, x, ERG_BOTH, NULL, &it);
    while (erg_adj_next(g, &it, &r)) {
        uint32_t o = erg_rel_other(g, r, x).idx;
        if (o == e || o == skip) continue;
        if (erg__grow(&g->a, (void **)out, cap, (size_t)*n + 1, sizeof **out)) return erg__nomem(g);
        (*out)[(*n)++] = o;
    }
    uint32_t *a = *out, m = 0;
    for (uint32_t i = 1; i < *n; i++) { /* insertion sort + unique: degrees are small */
        uint32_t v = a[i], j = i;
        while (j > 0 && a[j - 1] > v) { a[j] = a[j - 1]; j--; }
        a[j] = v;
    }
    for (uint32_t i = 0; i < *n; i++)
        if (m == 0 || a[m - 1] != a[i]) a[m++] = a[i];
    *n = m;
    return ERG_OK;
}

static int cmp_pair(const void *a, const void *b) {
    const erg_dedupe_pair *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    if (x->keep.idx != y->keep.idx) return x->keep.idx < y->keep.idx ? -1 : 1;
    return x->other.idx < y->other.idx ? -1 : x->other.idx > y->other.idx;
}

static int score_pairs(dd *d, double min_score, erg_dedupe_result *out, uint32_t *cap) {
    erg_graph *g = d->g;
    uint32_t *na = NULL, *nb = NULL, capa = 0, capb = 0, ca, cb;
    int rc = ERG_OK;
    for (uint32_t i = 0; i < d->npairs && !rc; i++) {
        if (i && d->pairs[i] == d->pairs[i - 1]) continue;
        uint32_t x = (uint32_t)(d->pairs[i] >> 32), y = (uint32_t)d->pairs[i];
        double best = 0;
        const dkey *bx = NULL, *by = NULL;
        for (uint32_t p = 0; p < d->count[x] && !rc; p++)
            for (uint32_t q = 0; q < d->count[y] && !rc; q++) {
                double s = 0;
                rc = key_similarity(d, &d->keys[d->first[x] + p], &d->keys[d->first[y] + q], &s);
                if (!rc && s > best) { best = s; bx = &d->keys[d->first[x] + p]; by = &d->keys[d->first[y] + q]; }
            }
        if (rc || best < 0.5) continue;
        if ((rc = neighbours(g, x, y, &na, &ca, &capa)) || (rc = neighbours(g, y, x, &nb, &cb, &capb))) break;
        uint32_t shared = 0;
        for (uint32_t p = 0, q = 0; p < ca && q < cb;) {
            if (na[p] == nb[q]) { shared++; p++; q++; }
            else if (na[p] < nb[q]) p++;
            else q++;
        }
        uint32_t all = ca + cb - shared;
        double score = 0.8 * best + 0.2 * (all ? (double)shared / all : 0);
        if (score < min_score) continue;
        if (erg__grow(&g->a, (void **)&out->items, cap, out->n + 1, sizeof *out->items)) { rc = erg__nomem(g); break; }
        erg_dedupe_pair pr = {{x, g->ents[x].gen}, {y, g->ents[y].gen}, score, best, shared,
                              erg__str(g, bx->sid), erg__str(g, by->sid)};
        out->items[out->n++] = pr;
    }
    erg__mem(&g->a, na, (size_t)capa * sizeof *na, 0);
    erg__mem(&g->a, nb, (size_t)capb * sizeof *nb, 0);
    return rc;
}

static int collect(dd *d) {
    erg_graph *g = d->g;
    d->first = erg__mem(&g->a, NULL, 0, ((size_t)g->nent + 1) * sizeof *d->first);
    d->count = erg__mem(&g->a, NULL, 0, ((size_t)g->nent + 1) * sizeof *d->count);
    if (!d->first || !d->count) return erg__nomem(g);
    for (uint32_t e = 0; e < g->nent; e++) {
        const erg_ent *x = &g->ents[e];
        d->first[e] = d->nkeys;
        if (x->alive && x->name && add_key(d, e, x->name)) return g->errcode;
        for (uint32_t i = 0; x->alive && i < x->nalias; i++)
            if (add_key(d, e, x->aliases[i])) return g->errcode;
        d->count[e] = d->nkeys - d->first[e];
    }
    return ERG_OK;
}

void erg_dedupe_result_free(erg_graph *g, erg_dedupe_result *r) {
    if (!r) return;
    erg__mem(&g->a, r->items, r->n * sizeof *r->items, 0);
    r->items = NULL;
    r->n = 0;
}

int erg_dedupe(erg_graph *g, const erg_dedupe_opts *opts, erg_dedupe_result *out) {
    static const erg_dedupe_opts none = {0};
    const erg_dedupe_opts *o = opts ? opts : &none;
    out->items = NULL;
    out->n = 0;
    dd d;
    memset(&d, 0, sizeof d);
    d.g = g;
    erg__buf_init(&d.text, &g->a);
    uint32_t cap = 0;
    int rc = collect(&d);
    if (!rc) rc = block(&d, o);
    if (!rc) rc = score_pairs(&d, o->min_score > 0 ? o->min_score : 0.6, out, &cap);
    erg__buf_free(&d.text);
    erg__mem(&g->a, d.keys, (size_t)d.keycap * sizeof *d.keys, 0);
    erg__mem(&g->a, d.toks, (size_t)d.tokcap * sizeof *d.toks, 0);
    erg__mem(&g->a, d.pairs, (size_t)d.paircap * sizeof *d.pairs, 0);
    erg__mem(&g->a, d.row, d.rowcap * sizeof *d.row, 0);
    if (d.first) erg__mem(&g->a, d.first, ((size_t)g->nent + 1) * sizeof *d.first, 0);
    if (d.count) erg__mem(&g->a, d.count, ((size_t)g->nent + 1) * sizeof *d.count, 0);
    erg_dedupe_pair *t = NULL;
    if (!rc && out->n) {
        t = erg__mem(&g->a, NULL, 0, out->n * sizeof *t);
        if (!t) rc = erg__nomem(g);
        else memcpy(t, out->items, out->n * sizeof *t);
    }
    erg__mem(&g->a, out->items, (size_t)cap * sizeof *out->items, 0);
    out->items = rc ? NULL : t;
    if (rc) out->n = 0;
    else if (out->n > 1) qsort(out->items, out->n, sizeof *out->items, cmp_pair);
    return rc;
}
