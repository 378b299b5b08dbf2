/*
 * strcache.c -- a direct-mapped cache of recently interned short strings,
 * for the readers: the values a file repeats (relationship types,
 * categories, countries) are found by their bytes in one slot instead of
 * a probe of the string pool's index, the random access that a bulk
 * import of millions of values spends its time on.  A miss interns as
 * usual and takes the slot.  The cache is a hint: without its memory
 * (not yet turned on, or its allocation failed) every call interns.
 */
#include "io.h"

#include <string.h>

void erg__strcache_on(erg_graph *g, erg__strcache *c) {
    if (c->slots) return;
    c->slots = erg__mem(&g->a, NULL, 0, ERG_STRCACHE_SLOTS * sizeof *c->slots);
    if (c->slots) memset(c->slots, 0, ERG_STRCACHE_SLOTS * sizeof *c->slots);
}

int erg__strcache_intern(erg_graph *g, erg__strcache *c, const char *s, size_t n, uint32_t *sid) {
    erg__strslot *slot = NULL;
    uint32_t h = 0;
    if (c->slots && n > 0 && n <= sizeof slot->s) {
        h = erg__hash_bytes(s, n);
        slot = &c->slots[h & (ERG_STRCACHE_SLOTS - 1)];
        if (slot->len == n && slot->hash == h && !memcmp(slot->s, s, n)) {
            *sid = slot->sid;
            return ERG_OK;
        }
    }
    int rc = erg__intern(g, s, n, sid);
    if (rc) return rc;
    if (slot) {
        slot->hash = h;
        slot->sid = *sid;
        slot->len = (uint8_t)n;
        memcpy(slot->s, s, n);
    }
    return ERG_OK;
}

void erg__strcache_free(erg_graph *g, erg__strcache *c) {
    if (c->slots) erg__mem(&g->a, c->slots, ERG_STRCACHE_SLOTS * sizeof *c->slots, 0);
    c->slots = NULL;
}
