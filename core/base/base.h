/*
 * base.h -- the base layer of the core (core/base/): the allocator hook,
 * the one growable buffer, the one hash table and the string pool.
 * Shared by the core's folders only; nothing here is API (see erg.h).
 */
#ifndef ERG_BASE_H
#define ERG_BASE_H

#include "../erg.h"
#include <stdarg.h>
#include <string.h>

#define ERG_NONE UINT32_MAX /* "no index" in links */

/* ---- memory (alloc.c) ------------------------------------------------- */
typedef struct erg_alloc {
    erg_realloc_fn fn;
    void *ud;
} erg_alloc;

void *erg__mem(const erg_alloc *a, void *p, size_t old, size_t n);
/* Grows *arr (of elements of size elsz, capacity *cap) to hold need
 * elements; returns 0 or ERG_ENOMEM. */
int erg__grow(const erg_alloc *a, void **arr, uint32_t *cap, size_t need,
              size_t elsz);

/* A growable byte buffer (the one string buffer of the core). */
typedef struct erg_buf {
    char *p;
    size_t len, cap;
    const erg_alloc *a;
} erg_buf;
void erg__buf_init(erg_buf *b, const erg_alloc *a);
int erg__buf_add(erg_buf *b, const void *p, size_t n);
int erg__buf_addc(erg_buf *b, char c);
int erg__buf_printf(erg_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void erg__buf_free(erg_buf *b);

/* ---- hash table (htab.c) ---------------------------------------------- */
/* Open addressing over 32-bit entry numbers; what an entry means (a string,
 * an entity...) is the caller's: it passes the hash and an equality
 * callback comparing a stored entry with the sought key. */
typedef bool (*erg_htab_eq)(const void *ctx, uint32_t entry, const void *key);
typedef struct erg_htab {
    struct erg_hslot { uint32_t entry, hash; } *slots; /* entry+1, 0 empty */
    uint32_t nslots, used, tomb;
} erg_htab;
#define ERG_HTAB_TOMB UINT32_MAX
uint32_t erg__hash_bytes(const void *p, size_t n);
uint32_t erg__hash_u32(uint32_t x);
/* Returns the entry or ERG_NONE. */
uint32_t erg__htab_find(const erg_htab *h, uint32_t hash, erg_htab_eq eq,
                        const void *ctx, const void *key);
int erg__htab_insert(erg_htab *h, const erg_alloc *a, uint32_t hash,
                     uint32_t entry);
/* Removes the slot holding entry (found by its hash). */
void erg__htab_remove(erg_htab *h, uint32_t hash, uint32_t entry);
/* Makes room for n more entries (so inserts cannot fail later). */
int erg__htab_reserve(erg_htab *h, const erg_alloc *a, size_t n);
void erg__htab_free(erg_htab *h, const erg_alloc *a);

/* ---- string pool (strpool.c) ------------------------------------------ */
/* Interned strings, numbered from 1 (0 is "no string").  Each string sits
 * in a chunk as its length (one byte below 255; else 255 preceded by the
 * 32-bit length), its bytes and a NUL; strs[sid] points at the bytes (8
 * bytes a string).  Chunks never move, so pointers stay valid until the
 * pool is freed. */
typedef struct erg_pool {
    const char **strs;
    uint32_t n, cap;
    struct erg_chunk { char *p; size_t size; } *chunks;
    uint32_t nchunks, chunkcap;
    size_t chunk_used, chunk_size;
    erg_htab index;
} erg_pool;
void erg__pool_init(erg_pool *p);
void erg__pool_free(erg_pool *p, const erg_alloc *a);
/* Interns; *sid receives the number.  Returns 0 or ERG_ENOMEM / ERG_ELIMIT. */
int erg__pool_intern(erg_pool *p, const erg_alloc *a, const char *s, size_t n,
                     uint32_t *sid);
/* Adds a string without entering it in the pool's index (nor looking it
 * up): a new number every time, which erg__pool_find never returns.  For
 * strings found through another index by their bytes (relationship ids). */
int erg__pool_add(erg_pool *p, const erg_alloc *a, const char *s, size_t n, uint32_t *sid);
/* Looks up without adding; 0 when absent. */
uint32_t erg__pool_find(const erg_pool *p, const char *s, size_t n);
/* Gives back unused capacity of the string table (after an import). */
void erg__pool_trim(erg_pool *p, const erg_alloc *a);
static inline const char *erg__pool_str(const erg_pool *p, uint32_t sid) {
    return sid ? p->strs[sid] : NULL;
}
static inline uint32_t erg__pool_len(const erg_pool *p, uint32_t sid) {
    if (!sid) return 0;
    const unsigned char *b = (const unsigned char *)p->strs[sid];
    if (b[-1] != 255) return b[-1];
    uint32_t n;
    memcpy(&n, b - 1 - sizeof n, sizeof n);
    return n;
}

/* ---- id index (idindex.c) --------------------------------------------- */
/* id bytes -> object index for one kind; a 16-byte slot holds the object
 * (index + 1; 0 empty), the id's length (255: 255 or more) and its first 11
 * bytes, so short ids are found reading one slot.  For longer ids the
 * caller's key callback gives the full bytes of a stored object. */
typedef struct erg_idslot {
    uint32_t obj;
    uint8_t len;
    char b[11];
} erg_idslot;
typedef const char *(*erg_idx_key)(const void *ctx, uint32_t obj, size_t *n);
typedef struct erg_idx {
    erg_idslot *slots;
    uint32_t nslots, used, tomb;
} erg_idx;
#define ERG_IDX_TOMB UINT32_MAX
/* hash is erg__hash_bytes(s, n).  Returns the object or ERG_NONE. */
uint32_t erg__idx_find(const erg_idx *x, const char *s, size_t n, uint32_t hash,
                       erg_idx_key key, const void *ctx);
/* Room for n more objects (so erg__idx_put cannot fail). */
int erg__idx_reserve(erg_idx *x, const erg_alloc *a, size_t n, erg_idx_key key,
                     const void *ctx);
/* Adds an id known to be absent, into reserved room. */
void erg__idx_put(erg_idx *x, const char *s, size_t n, uint32_t hash, uint32_t obj);
/* Removes obj (found from its id's hash). */
void erg__idx_remove(erg_idx *x, uint32_t hash, uint32_t obj);
void erg__idx_free(erg_idx *x, const erg_alloc *a);
static inline uint32_t erg__idx_home(uint32_t hash, uint32_t nslots) {
    return (uint32_t)(((uint64_t)hash * nslots) >> 32);
}
/* Starts loading the slot a lookup of hash will read first (batched
 * lookups overlap their cache misses this way). */
static inline void erg__idx_prefetch(const erg_idx *x, uint32_t hash) {
    if (x->slots) __builtin_prefetch(&x->slots[erg__idx_home(hash, x->nslots)]);
}

#endif
