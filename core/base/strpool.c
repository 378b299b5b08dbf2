/*
 * strpool.c -- interned strings.  Every id, type, name and string value is
 * stored once; the graph refers to it by a 32-bit number (sid).  A string
 * is appended to a chunk as its length (a byte, or 255 after a 32-bit
 * length for long ones), its bytes and a NUL; the table strs[sid] holds a
 * pointer to the bytes, so a short string costs 8 bytes of table, its bytes
 * plus 2 in the chunk, and one slot of the index.  Chunks are never moved or shrunk, so a pointer handed out
 * stays valid until the pool is freed.  Strings that are looked up through
 * an index of their own (relationship ids: the graph's id index, keyed by
 * the bytes) can be added without a slot in the pool's index
 * (erg__pool_add): erg__pool_find does not see them.
 */
#include "base.h"

#include <string.h>

#define CHUNK_MIN ((size_t)64 * 1024)

void erg__pool_init(erg_pool *p) {
    memset(p, 0, sizeof *p);
}

void erg__pool_free(erg_pool *p, const erg_alloc *a) {
    for (uint32_t i = 0; i < p->nchunks; i++)
        erg__mem(a, p->chunks[i].p, p->chunks[i].size, 0);
    erg__mem(a, p->chunks, (size_t)p->chunkcap * sizeof *p->chunks, 0);
    erg__mem(a, p->strs, (size_t)p->cap * sizeof *p->strs, 0);
    erg__htab_free(&p->index, a);
    memset(p, 0, sizeof *p);
}

struct key { const char *s; size_t n; };

static bool eq_str(const void *ctx, uint32_t sid, const void *k) {
    const erg_pool *p = ctx;
    const struct key *key = k;
    return erg__pool_len(p, sid) == key->n && memcmp(p->strs[sid], key->s, key->n) == 0;
}

uint32_t erg__pool_find(const erg_pool *p, const char *s, size_t n) {
    struct key k = {s, n};
    uint32_t r = erg__htab_find(&p->index, erg__hash_bytes(s, n), eq_str, p, &k);
    return r == ERG_NONE ? 0 : r;
}

static char *pool_bytes(erg_pool *p, const erg_alloc *a, size_t n) {
    if (p->nchunks && p->chunk_used + n <= p->chunk_size) {
        char *r = p->chunks[p->nchunks - 1].p + p->chunk_used;
        p->chunk_used += n;
        return r;
    }
    size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;
    if (p->nchunks && p->chunk_size < ((size_t)8 << 20) && size == CHUNK_MIN)
        size = p->chunk_size * 2 > size ? p->chunk_size * 2 : size;
    if (erg__grow(a, (void **)&p->chunks, &p->chunkcap, (size_t)p->nchunks + 1,
                  sizeof *p->chunks))
        return NULL;
    char *c = erg__mem(a, NULL, 0, size);
    if (!c) return NULL;
    /* A big one-off string gets its own chunk; keep filling the current one. */
    if (size == n && p->nchunks) {
        p->chunks[p->nchunks] = p->chunks[p->nchunks - 1];
        p->chunks[p->nchunks - 1].p = c;
        p->chunks[p->nchunks - 1].size = size;
        p->nchunks++;
        return c;
    }
    p->chunks[p->nchunks].p = c;
    p->chunks[p->nchunks++].size = size;
    p->chunk_size = size;
    p->chunk_used = n;
    return c;
}

/* Appends the string (not looking it up): the number is new, and the
 * string is entered in the index when indexed. */
static int pool_append(erg_pool *p, const erg_alloc *a, const char *s, size_t n,
                       uint32_t h, bool indexed, uint32_t *sid) {
    if (n >= UINT32_MAX) return ERG_ELIMIT;
    if (p->n == 0) p->n = 1; /* sid 0 is "no string" */
    if (p->n >= UINT32_MAX - 2) return ERG_ELIMIT;
    if (erg__grow(a, (void **)&p->strs, &p->cap, (size_t)p->n + 1, sizeof *p->strs))
        return ERG_ENOMEM;
    if (indexed && erg__htab_reserve(&p->index, a, 1)) return ERG_ENOMEM;
    size_t head = n < 255 ? 1 : 1 + sizeof(uint32_t);
    char *b = pool_bytes(p, a, head + n + 1);
    if (!b) return ERG_ENOMEM;
    if (n >= 255) {
        uint32_t len = (uint32_t)n;
        memcpy(b, &len, sizeof len);
    }
    b[head - 1] = (char)(n < 255 ? n : 255);
    b += head;
    if (n) memcpy(b, s, n);
    b[n] = '\0';
    p->strs[p->n] = b;
    if (indexed) erg__htab_insert(&p->index, a, h, p->n); /* room reserved above */
    *sid = p->n++;
    return ERG_OK;
}

int erg__pool_intern(erg_pool *p, const erg_alloc *a, const char *s, size_t n,
                     uint32_t *sid) {
    uint32_t h = erg__hash_bytes(s, n);
    struct key k = {s, n};
    uint32_t r = erg__htab_find(&p->index, h, eq_str, p, &k);
    if (r != ERG_NONE) {
        *sid = r;
        return ERG_OK;
    }
    return pool_append(p, a, s, n, h, true, sid);
}

int erg__pool_add(erg_pool *p, const erg_alloc *a, const char *s, size_t n, uint32_t *sid) {
    return pool_append(p, a, s, n, 0, false, sid);
}

void erg__pool_trim(erg_pool *p, const erg_alloc *a) {
    if (p->cap <= p->n + 1) return;
    const char **s = erg__mem(a, p->strs, (size_t)p->cap * sizeof *p->strs, ((size_t)p->n + 1) * sizeof *p->strs);
    if (!s) return; /* keeping the larger block is fine */
    p->strs = s;
    p->cap = p->n + 1;
}
