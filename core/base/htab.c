/*
 * htab.c -- the core's one hash table: open addressing with linear probing
 * over 32-bit entry numbers.  Each slot keeps the entry's full hash, so a
 * probe compares hashes first and calls the caller's equality callback only
 * on a hash match; resizing never calls back (it reuses stored hashes).
 * Removal leaves a tombstone; tombstones are dropped at the next resize.
 * The table has any number of slots (not a power of two): a hash picks its
 * home slot by multiplying (Lemire's fast range), so a table is sized to
 * its load rather than to the next power of two, which matters for the
 * millions of ids of a big import.
 */
#include "base.h"

#include <string.h>

uint32_t erg__hash_bytes(const void *p, size_t n) {
    /* FNV-1a, 32 bit: short keys (ids, names) dominate. */
    const unsigned char *s = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 16777619u;
    }
    /* FNV's low bits are weak for keys that differ in their last bytes
     * ("r1", "r2"...), and the table indexes by the low bits: mix. */
    return erg__hash_u32(h ^ (uint32_t)n);
}

uint32_t erg__hash_u32(uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

static inline uint32_t home(uint32_t hash, uint32_t nslots) {
    return (uint32_t)(((uint64_t)hash * nslots) >> 32);
}
#define NEXT(i, n) ((i) + 1 == (n) ? 0 : (i) + 1)

uint32_t erg__htab_find(const erg_htab *h, uint32_t hash, erg_htab_eq eq,
                        const void *ctx, const void *key) {
    if (!h->slots) return ERG_NONE;
    for (uint32_t i = home(hash, h->nslots);; i = NEXT(i, h->nslots)) {
        const struct erg_hslot *s = &h->slots[i];
        if (s->entry == 0) return ERG_NONE;
        if (s->entry != ERG_HTAB_TOMB && s->hash == hash &&
            eq(ctx, s->entry - 1, key))
            return s->entry - 1;
    }
}

static void place(struct erg_hslot *slots, uint32_t nslots, uint32_t hash,
                  uint32_t stored) {
    uint32_t i = home(hash, nslots);
    while (slots[i].entry != 0 && slots[i].entry != ERG_HTAB_TOMB)
        i = NEXT(i, nslots);
    slots[i].entry = stored;
    slots[i].hash = hash;
}

static int resize(erg_htab *h, const erg_alloc *a, size_t want) {
    /* 60% full after the resize, so that growing by half again stays
     * under the 70% that triggers the next one */
    size_t n = want * 10 / 6 + 16;
    if (n > ((size_t)1 << 31)) return ERG_ENOMEM;
    struct erg_hslot *s = erg__mem(a, NULL, 0, n * sizeof *s);
    if (!s) return ERG_ENOMEM;
    memset(s, 0, n * sizeof *s);
    if (h->slots) {
        for (uint32_t i = 0; i < h->nslots; i++)
            if (h->slots[i].entry && h->slots[i].entry != ERG_HTAB_TOMB)
                place(s, (uint32_t)n, h->slots[i].hash, h->slots[i].entry);
        erg__mem(a, h->slots, (size_t)h->nslots * sizeof *s, 0);
    }
    h->slots = s;
    h->nslots = (uint32_t)n;
    h->tomb = 0;
    return ERG_OK;
}

int erg__htab_reserve(erg_htab *h, const erg_alloc *a, size_t n) {
    size_t need = (size_t)h->used + h->tomb + n;
    /* at most 70% full: with a well-mixed hash, probes stay short */
    if (h->slots && need * 10 < (size_t)h->nslots * 7) return ERG_OK;
    /* grow by half at least, so a run of single inserts rehashes rarely */
    size_t want = (size_t)h->used + n;
    if (want < (size_t)h->used + h->used / 2) want = (size_t)h->used + h->used / 2;
    return resize(h, a, want);
}

int erg__htab_insert(erg_htab *h, const erg_alloc *a, uint32_t hash,
                     uint32_t entry) {
    int rc = erg__htab_reserve(h, a, 1);
    if (rc) return rc;
    uint32_t i = home(hash, h->nslots);
    while (h->slots[i].entry != 0 && h->slots[i].entry != ERG_HTAB_TOMB)
        i = NEXT(i, h->nslots);
    if (h->slots[i].entry == ERG_HTAB_TOMB) h->tomb--;
    h->slots[i].entry = entry + 1;
    h->slots[i].hash = hash;
    h->used++;
    return ERG_OK;
}

void erg__htab_remove(erg_htab *h, uint32_t hash, uint32_t entry) {
    if (!h->slots) return;
    for (uint32_t i = home(hash, h->nslots);; i = NEXT(i, h->nslots)) {
        struct erg_hslot *s = &h->slots[i];
        if (s->entry == 0) return;
        if (s->entry == entry + 1) {
            s->entry = ERG_HTAB_TOMB;
            h->used--;
            h->tomb++;
            return;
        }
    }
}

void erg__htab_free(erg_htab *h, const erg_alloc *a) {
    if (h->slots) erg__mem(a, h->slots, (size_t)h->nslots * sizeof *h->slots, 0);
    memset(h, 0, sizeof *h);
}
