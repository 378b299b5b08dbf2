/*
 * idindex.c -- the id index of one kind of object (entities, relationships,
 * sources): id bytes -> object index, in one lookup.
 *
 * Why not the string pool's table plus a second table keyed by the string
 * number: an import resolves millions of ids (every relationship names two
 * entities), and that road costs about four dependent cache misses an id
 * (pool slot, string table, string bytes, id slot, object record).  Here a
 * slot is 16 bytes: the object number, the id's length and its first 11
 * bytes.  Most ids are that short ("e123456", "Q42"), so a lookup reads one
 * slot of the table and nothing else; the length and prefix act as tag
 * bytes for longer ids, so the caller's callback (which reads the full id
 * out of the object) runs only on a near-certain match.
 *
 * Open addressing with linear probing, any number of slots (a hash picks
 * its home by Lemire's multiply-shift), at most 70% full, tombstones on
 * removal dropped at the next resize.  No hash is stored: resizing
 * re-hashes the inline bytes, calling back only for ids over 11 bytes.
 */
#include "base.h"

#include <string.h>

#define home erg__idx_home
#define NEXT(i, n) ((i) + 1 == (n) ? 0 : (i) + 1)

/* The tag a key leaves in its slot: length (255 = 255 or more) and the
 * first bytes, zero-padded, so comparing two tags is one 12-byte compare. */
static inline void make_tag(erg_idslot *t, const char *s, size_t n) {
    memset(t, 0, sizeof *t);
    t->len = (uint8_t)(n < 255 ? n : 255);
    memcpy(t->b, s, n < sizeof t->b ? n : sizeof t->b);
}

static inline bool tag_eq(const erg_idslot *a, const erg_idslot *b) {
    return memcmp(&a->len, &b->len, 1 + sizeof a->b) == 0;
}

static bool full_eq(const erg_idslot *sl, const char *s, size_t n, erg_idx_key key,
                    const void *ctx) {
    if (n <= sizeof sl->b) return true; /* the tag held all of it */
    size_t m;
    const char *t = key(ctx, sl->obj - 1, &m);
    return m == n && memcmp(t, s, n) == 0;
}

uint32_t erg__idx_find(const erg_idx *x, const char *s, size_t n, uint32_t hash,
                       erg_idx_key key, const void *ctx) {
    if (!x->slots) return ERG_NONE;
    erg_idslot tag;
    make_tag(&tag, s, n);
    for (uint32_t i = home(hash, x->nslots);; i = NEXT(i, x->nslots)) {
        const erg_idslot *sl = &x->slots[i];
        if (sl->obj == 0) return ERG_NONE;
        if (sl->obj != ERG_IDX_TOMB && tag_eq(sl, &tag) && full_eq(sl, s, n, key, ctx))
            return sl->obj - 1;
    }
}

static void place(erg_idslot *slots, uint32_t nslots, uint32_t hash, const erg_idslot *sl) {
    uint32_t i = home(hash, nslots);
    while (slots[i].obj != 0 && slots[i].obj != ERG_IDX_TOMB) i = NEXT(i, nslots);
    slots[i] = *sl;
}

static uint32_t slot_hash(const erg_idslot *sl, erg_idx_key key, const void *ctx) {
    if (sl->len <= sizeof sl->b) return erg__hash_bytes(sl->b, sl->len);
    size_t m;
    const char *t = key(ctx, sl->obj - 1, &m);
    return erg__hash_bytes(t, m);
}

static int resize(erg_idx *x, const erg_alloc *a, size_t want, erg_idx_key key,
                  const void *ctx) {
    size_t n = want * 10 / 6 + 16; /* 60% full after it */
    if (n > ((size_t)1 << 31)) return ERG_ENOMEM;
    erg_idslot *s = erg__mem(a, NULL, 0, n * sizeof *s);
    if (!s) return ERG_ENOMEM;
    memset(s, 0, n * sizeof *s);
    for (uint32_t i = 0; x->slots && i < x->nslots; i++) {
        const erg_idslot *sl = &x->slots[i];
        if (sl->obj && sl->obj != ERG_IDX_TOMB)
            place(s, (uint32_t)n, slot_hash(sl, key, ctx), sl);
    }
    if (x->slots) erg__mem(a, x->slots, (size_t)x->nslots * sizeof *s, 0);
    x->slots = s;
    x->nslots = (uint32_t)n;
    x->tomb = 0;
    return ERG_OK;
}

int erg__idx_reserve(erg_idx *x, const erg_alloc *a, size_t n, erg_idx_key key,
                     const void *ctx) {
    size_t need = (size_t)x->used + x->tomb + n;
    if (x->slots && need * 10 < (size_t)x->nslots * 7) return ERG_OK;
    size_t want = (size_t)x->used + n;
    if (want < (size_t)x->used + x->used / 2) want = (size_t)x->used + x->used / 2;
    return resize(x, a, want, key, ctx);
}

void erg__idx_put(erg_idx *x, const char *s, size_t n, uint32_t hash, uint32_t obj) {
    erg_idslot sl;
    make_tag(&sl, s, n);
    sl.obj = obj + 1;
    uint32_t i = home(hash, x->nslots);
    while (x->slots[i].obj != 0 && x->slots[i].obj != ERG_IDX_TOMB) i = NEXT(i, x->nslots);
    if (x->slots[i].obj == ERG_IDX_TOMB) x->tomb--;
    x->slots[i] = sl;
    x->used++;
}

void erg__idx_remove(erg_idx *x, uint32_t hash, uint32_t obj) {
    if (!x->slots) return;
    for (uint32_t i = home(hash, x->nslots);; i = NEXT(i, x->nslots)) {
        erg_idslot *sl = &x->slots[i];
        if (sl->obj == 0) return;
        if (sl->obj == obj + 1) {
            sl->obj = ERG_IDX_TOMB;
            x->used--;
            x->tomb++;
            return;
        }
    }
}

void erg__idx_free(erg_idx *x, const erg_alloc *a) {
    if (x->slots) erg__mem(a, x->slots, (size_t)x->nslots * sizeof *x->slots, 0);
    memset(x, 0, sizeof *x);
}
