/*
 * graph.c -- the property graph store: entities, relationships, sources,
 * the id and name indexes, adjacency, deletion, merging and savepoints.
 *
 * Layout (why it is compact):
 *   - Every string (id, type, name, alias, string value) is interned once in
 *     the pool (strpool.c) and referred to by a 32-bit sid.
 *   - Entities, relationships and sources live in three arrays, indexed by a
 *     32-bit number that never changes; deleted slots stay (alive = 0, gen
 *     bumped) so handles can tell, and so iteration order is insertion order.
 *   - A relationship record is 32 bytes: id, type, from, to, gen, and the
 *     next links of two singly linked adjacency lists (from's out-list, to's
 *     in-list).  Adding is O(1); out/in adjacency is O(degree); removing a
 *     relationship unlinks it in O(degree of its ends).
 *   - Attribute values are not in the records: attr.c keeps one column per
 *     attribute name and kind (8 bytes a value plus a presence bit).
 *   - ids -> index: one id index per kind keyed by the id's bytes
 *     (idindex.c: a 16-byte slot with the id's first 11 bytes inline), so a
 *     lookup by id is one probe, not pool-then-index; folded name/alias ->
 *     entities goes through the hash table (htab.c), keyed by sid.
 *   So a relationship costs 32 bytes + 16/0.6 bytes in the id index (+ its
 *   id string when it has a distinct one) before attribute values.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

erg_graph *erg_graph_new_with(erg_realloc_fn fn, void *ud) {
    erg_alloc a = {fn, ud};
    erg_graph *g = erg__mem(&a, NULL, 0, sizeof *g);
    if (!g) return NULL;
    memset(g, 0, sizeof *g);
    g->a = a;
    erg__pool_init(&g->pool);
    g->nref_free = ERG_NONE;
    g->next_gen_id = 1;
    return g;
}

erg_graph *erg_graph_new(void) { return erg_graph_new_with(NULL, NULL); }

void erg_graph_free(erg_graph *g) {
    if (!g) return;
    erg_alloc a = g->a;
    if (g->cache_free) g->cache_free(g);
    erg__schema_free(g);
    for (uint32_t i = 0; i < g->nent; i++)
        erg__mem(&a, g->ents[i].aliases, g->ents[i].aliascap * sizeof(uint32_t), 0);
    erg__mem(&a, g->ents, (size_t)g->entcap * sizeof *g->ents, 0);
    erg__mem(&a, g->rels, (size_t)g->relcap * sizeof *g->rels, 0);
    erg__mem(&a, g->srcs, (size_t)g->srccap * sizeof *g->srcs, 0);
    erg__mem(&a, g->nrefs, (size_t)g->nrefcap * sizeof *g->nrefs, 0);
    erg__mem(&a, g->meta, (size_t)g->metacap * sizeof *g->meta, 0);
    erg__idx_free(&g->ent_ids, &a);
    erg__idx_free(&g->rel_ids, &a);
    erg__idx_free(&g->src_ids, &a);
    erg__htab_free(&g->names, &a);
    erg__pool_free(&g->pool, &a);
    erg__mem(&a, g, sizeof *g, 0);
}

uint64_t erg_graph_version(const erg_graph *g) { return g->version; }

void erg_set_progress(erg_graph *g, erg_progress_fn fn, void *ud) {
    g->progress = fn;
    g->progress_ud = ud;
}

int erg__intern(erg_graph *g, const char *s, size_t n, uint32_t *sid) {
    int rc = erg__pool_intern(&g->pool, &g->a, s, n, sid);
    if (rc == ERG_ELIMIT) return erg__err(g, rc, "too many strings or a string over 4 GiB");
    if (rc) return erg__nomem(g);
    return ERG_OK;
}

/* ---- id indexes -------------------------------------------------------- */
/* One id index per kind keyed by the id's bytes (idindex.c); the key
 * callbacks give a stored object's full id, for ids over 11 bytes. */
static const char *sid_bytes(const erg_graph *g, uint32_t sid, size_t *n) {
    *n = erg__pool_len(&g->pool, sid);
    return erg__str(g, sid);
}
static const char *ent_key(const void *ctx, uint32_t e, size_t *n) {
    const erg_graph *g = ctx;
    return sid_bytes(g, g->ents[e].id, n);
}
static const char *rel_key(const void *ctx, uint32_t r, size_t *n) {
    const erg_graph *g = ctx;
    return sid_bytes(g, g->rels[r].id, n);
}
static const char *src_key(const void *ctx, uint32_t s, size_t *n) {
    const erg_graph *g = ctx;
    return sid_bytes(g, g->srcs[s].id, n);
}
static uint32_t sid_hash(const erg_graph *g, uint32_t sid) {
    return erg__hash_bytes(erg__str(g, sid), erg__pool_len(&g->pool, sid));
}

uint32_t erg__ent_find_hashed(const erg_graph *g, const char *s, size_t n, uint32_t hash) {
    return erg__idx_find(&g->ent_ids, s, n, hash, ent_key, g);
}
uint32_t erg__ent_find(const erg_graph *g, const char *s, size_t n) {
    return erg__idx_find(&g->ent_ids, s, n, erg__hash_bytes(s, n), ent_key, g);
}
uint32_t erg__rel_find(const erg_graph *g, const char *s, size_t n) {
    return erg__idx_find(&g->rel_ids, s, n, erg__hash_bytes(s, n), rel_key, g);
}
uint32_t erg__src_find(const erg_graph *g, const char *s, size_t n) {
    return erg__idx_find(&g->src_ids, s, n, erg__hash_bytes(s, n), src_key, g);
}

uint32_t erg__ent_lookup(const erg_graph *g, uint32_t sid) {
    return sid ? erg__ent_find(g, erg__str(g, sid), erg__pool_len(&g->pool, sid)) : ERG_NONE;
}
uint32_t erg__rel_lookup(const erg_graph *g, uint32_t sid) {
    return sid ? erg__rel_find(g, erg__str(g, sid), erg__pool_len(&g->pool, sid)) : ERG_NONE;
}
uint32_t erg__src_lookup(const erg_graph *g, uint32_t sid) {
    return sid ? erg__src_find(g, erg__str(g, sid), erg__pool_len(&g->pool, sid)) : ERG_NONE;
}

/* Indexes object idx under its id sid (absent from the index: checked by
 * the caller); reserve first so this cannot fail halfway. */
static int idx_enter(erg_graph *g, erg_idx *x, erg_idx_key key, uint32_t sid, uint32_t idx) {
    if (erg__idx_reserve(x, &g->a, 1, key, g)) return ERG_ENOMEM;
    size_t n;
    const char *s = sid_bytes(g, sid, &n);
    erg__idx_put(x, s, n, erg__hash_bytes(s, n), idx);
    return ERG_OK;
}

int erg__rel_index(erg_graph *g, uint32_t idx) {
    return idx_enter(g, &g->rel_ids, rel_key, g->rels[idx].id, idx);
}

/* ---- the name/alias index ---------------------------------------------- */
/* Folded (ASCII lower-cased) name sid -> chain of namerefs.  Non-ASCII bytes
 * are compared as they are: "ÉTAT" and "état" are different names. */
static bool eq_nref(const void *ctx, uint32_t head, const void *key) {
    return ((const erg_graph *)ctx)->nrefs[head].folded == *(const uint32_t *)key;
}

static int fold(erg_graph *g, uint32_t sid, uint32_t *out, bool add) {
    const char *s = erg__str(g, sid);
    size_t n = erg__pool_len(&g->pool, sid);
    char small[256];
    char *tmp = n < sizeof small ? small : erg__mem(&g->a, NULL, 0, n + 1);
    if (!tmp) return add ? erg__nomem(g) : ERG_ENOMEM; /* fold_find copes */
    bool changed = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') { c = (char)(c + 32); changed = true; }
        tmp[i] = c;
    }
    int rc = ERG_OK;
    if (!changed) *out = sid;
    else if (add) rc = erg__intern(g, tmp, n, out);
    else *out = erg__pool_find(&g->pool, tmp, n);
    if (tmp != small) erg__mem(&g->a, tmp, n + 1, 0);
    return rc;
}

/* Lookups must work without memory (unlinking a name runs while a failed
 * import is rolled back): when a long name cannot be folded into a buffer,
 * search the pool for its folded form instead. */
static uint32_t fold_find(erg_graph *g, uint32_t sid) {
    uint32_t folded;
    if (fold(g, sid, &folded, false) == ERG_OK) return folded;
    const char *s = erg__str(g, sid);
    uint32_t n = erg__pool_len(&g->pool, sid);
    for (uint32_t k = 1; k < g->pool.n; k++) {
        const char *t = g->pool.strs[k];
        if (erg__pool_len(&g->pool, k) != n) continue;
        uint32_t i = 0;
        while (i < n && t[i] == ((s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i])) i++;
        if (i == n) return k;
    }
    return 0;
}

static int name_link(erg_graph *g, uint32_t ent, uint32_t name_sid) {
    uint32_t folded, r;
    int rc = fold(g, name_sid, &folded, true);
    if (rc) return rc;
    if (g->nref_free != ERG_NONE) {
        r = g->nref_free;
        g->nref_free = g->nrefs[r].next;
    } else {
        if (erg__grow(&g->a, (void **)&g->nrefs, &g->nrefcap, (size_t)g->nnref + 1,
                      sizeof *g->nrefs))
            return erg__nomem(g);
        r = g->nnref++;
    }
    uint32_t h = erg__hash_u32(folded);
    uint32_t head = erg__htab_find(&g->names, h, eq_nref, g, &folded);
    g->nrefs[r].folded = folded;
    g->nrefs[r].ent = ent;
    if (head == ERG_NONE) {
        g->nrefs[r].next = ERG_NONE;
        if (erg__htab_insert(&g->names, &g->a, h, r)) {
            g->nrefs[r].next = g->nref_free;
            g->nref_free = r;
            return erg__nomem(g);
        }
    } else {
        /* insert after the head so the table entry stays valid */
        g->nrefs[r].next = g->nrefs[head].next;
        g->nrefs[head].next = r;
    }
    return ERG_OK;
}

/* Removes the (folded name, ent) pair once. */
static void name_unlink(erg_graph *g, uint32_t ent, uint32_t name_sid) {
    uint32_t folded = fold_find(g, name_sid);
    if (!folded) return;
    uint32_t h = erg__hash_u32(folded);
    uint32_t head = erg__htab_find(&g->names, h, eq_nref, g, &folded);
    if (head == ERG_NONE) return;
    uint32_t prev = ERG_NONE;
    for (uint32_t r = head; r != ERG_NONE; prev = r, r = g->nrefs[r].next) {
        if (g->nrefs[r].ent != ent) continue;
        if (prev != ERG_NONE) {
            g->nrefs[prev].next = g->nrefs[r].next;
        } else if (g->nrefs[r].next != ERG_NONE) {
            /* The head goes but the chain stays: move the second pair into
             * the head's slot (the table keeps pointing at it) and free the
             * second one instead.  Re-inserting into the table could need
             * memory, and unlinking must not fail. */
            uint32_t second = g->nrefs[r].next;
            g->nrefs[r] = g->nrefs[second];
            r = second;
        } else {
            erg__htab_remove(&g->names, h, head);
        }
        g->nrefs[r].next = g->nref_free;
        g->nref_free = r;
        return;
    }
}

/* ---- entities ---------------------------------------------------------- */
int erg__ent_add(erg_graph *g, uint32_t id, uint32_t type, uint32_t name,
                 uint32_t *idx) {
    if (erg__ent_lookup(g, id) != ERG_NONE)
        return erg__err(g, ERG_EEXIST, "duplicate entity id '%s'", erg__str(g, id));
    if (erg__grow(&g->a, (void **)&g->ents, &g->entcap, (size_t)g->nent + 1, sizeof *g->ents))
        return erg__nomem(g);
    if (erg__idx_reserve(&g->ent_ids, &g->a, 1, ent_key, g)) return erg__nomem(g);
    uint32_t i = g->nent;
    erg_ent *e = &g->ents[i];
    memset(e, 0, sizeof *e);
    e->id = id;
    e->type = type;
    e->name = name;
    e->first_out = e->first_in = ERG_NONE;
    e->alive = 1;
    if (name && name_link(g, i, name)) return ERG_ENOMEM;
    {
        size_t n;
        const char *s = sid_bytes(g, id, &n);
        erg__idx_put(&g->ent_ids, s, n, erg__hash_bytes(s, n), i); /* room reserved */
    }
    g->nent++;
    g->live_ents++;
    g->version++;
    *idx = i;
    return ERG_OK;
}

/* Text the graph stores must be valid UTF-8: no file format could carry it
 * otherwise (the CSV reader refuses invalid bytes), and a GraphML or JSON
 * export holding it could not be read back.  Every public setter checks
 * its strings here, so the readers and the Lua binding get the one rule;
 * the message names what was bad and the first bad byte (1-based). */
int erg__check_utf8(erg_graph *g, const char *s, size_t n, const char *what) {
    size_t bad;
    if (!s || erg__utf8_valid(s, n, &bad)) return ERG_OK;
    return erg__err(g, ERG_EINVAL, "%s is not valid UTF-8 (byte %zu, 0x%02X)", what, bad + 1,
                    (unsigned)(unsigned char)s[bad]);
}

static int valid_text(erg_graph *g, const char *s, const char *what) {
    return s ? erg__check_utf8(g, s, strlen(s), what) : ERG_OK;
}

static int need_text(erg_graph *g, const char *s, const char *what) {
    if (!s || !*s) return erg__err(g, ERG_EINVAL, "%s must not be empty", what);
    return valid_text(g, s, what);
}

int erg_entity_add(erg_graph *g, const char *id, const char *type,
                   const char *name, erg_entity *out) {
    uint32_t sid, tid, nid = 0, idx;
    if (need_text(g, id, "entity id") || need_text(g, type, "entity type") ||
        valid_text(g, name, "entity name"))
        return ERG_EINVAL;
    if (erg__intern(g, id, strlen(id), &sid) || erg__intern(g, type, strlen(type), &tid) ||
        (name && erg__intern(g, name, strlen(name), &nid)))
        return g->errcode;
    int rc = erg__ent_add(g, sid, tid, nid, &idx);
    if (rc) return rc;
    if (out) { out->idx = idx; out->gen = g->ents[idx].gen; }
    return ERG_OK;
}

static erg_entity ent_handle(const erg_graph *g, uint32_t idx) {
    erg_entity e = {idx, g->ents[idx].gen};
    return e;
}

int erg_entity_by_id(erg_graph *g, const char *id, erg_entity *out) {
    uint32_t i = id ? erg__ent_find(g, id, strlen(id)) : ERG_NONE;
    if (i == ERG_NONE) return ERG_ENOTFOUND;
    *out = ent_handle(g, i);
    return ERG_OK;
}

int erg_entity_find(erg_graph *g, const char *q, erg_entity *out) {
    if (!q) return ERG_ENOTFOUND;
    if (erg_entity_by_id(g, q, out) == ERG_OK) return ERG_OK;
    size_t n = strlen(q);
    uint32_t sid = erg__pool_find(&g->pool, q, n), folded = 0;
    if (sid) {
        folded = fold_find(g, sid);
    } else {
        char *tmp = erg__mem(&g->a, NULL, 0, n + 1);
        if (!tmp) return erg__nomem(g);
        for (size_t i = 0; i < n; i++)
            tmp[i] = (q[i] >= 'A' && q[i] <= 'Z') ? (char)(q[i] + 32) : q[i];
        folded = erg__pool_find(&g->pool, tmp, n);
        erg__mem(&g->a, tmp, n + 1, 0);
    }
    if (!folded) return ERG_ENOTFOUND;
    uint32_t head = erg__htab_find(&g->names, erg__hash_u32(folded), eq_nref, g, &folded);
    if (head == ERG_NONE) return ERG_ENOTFOUND;
    uint32_t found = g->nrefs[head].ent;
    for (uint32_t r = g->nrefs[head].next; r != ERG_NONE; r = g->nrefs[r].next)
        if (g->nrefs[r].ent != found)
            return erg__err(g, ERG_EAMBIGUOUS,
                            "name '%s' matches several entities ('%s', '%s'...)", q,
                            erg__str(g, g->ents[found].id),
                            erg__str(g, g->ents[g->nrefs[r].ent].id));
    *out = ent_handle(g, found);
    return ERG_OK;
}

bool erg_entity_alive(const erg_graph *g, erg_entity e) { return erg__ent(g, e) != NULL; }

int erg_entity_check(erg_graph *g, erg_entity e) {
    if (erg__ent(g, e)) return ERG_OK;
    if (e.idx < g->nent)
        return erg__err(g, ERG_EDELETED, "entity '%s' was deleted",
                        erg__str(g, g->ents[e.idx].id));
    return erg__err(g, ERG_EINVAL, "not an entity of this graph");
}

const char *erg_entity_id(const erg_graph *g, erg_entity e) {
    const erg_ent *x = erg__ent(g, e);
    return x ? erg__str(g, x->id) : NULL;
}
const char *erg_entity_type(const erg_graph *g, erg_entity e) {
    const erg_ent *x = erg__ent(g, e);
    return x ? erg__str(g, x->type) : NULL;
}
const char *erg_entity_name(const erg_graph *g, erg_entity e) {
    const erg_ent *x = erg__ent(g, e);
    return x ? erg__str(g, x->name) : NULL;
}

int erg_entity_set_name(erg_graph *g, erg_entity e, const char *name) {
    uint32_t nid = 0;
    if (erg_entity_check(g, e) || valid_text(g, name, "entity name")) return g->errcode;
    if (name && erg__intern(g, name, strlen(name), &nid)) return g->errcode;
    erg_ent *x = &g->ents[e.idx];
    if (nid == x->name) return ERG_OK;
    if (nid && name_link(g, e.idx, nid)) return g->errcode;
    if (x->name) name_unlink(g, e.idx, x->name);
    x->name = nid;
    g->version++;
    return ERG_OK;
}

int erg_entity_set_type(erg_graph *g, erg_entity e, const char *type) {
    uint32_t tid;
    if (erg_entity_check(g, e) || need_text(g, type, "entity type")) return g->errcode;
    if (erg__intern(g, type, strlen(type), &tid)) return g->errcode;
    g->ents[e.idx].type = tid;
    g->version++;
    return ERG_OK;
}

size_t erg_entity_alias_count(const erg_graph *g, erg_entity e) {
    const erg_ent *x = erg__ent(g, e);
    return x ? x->nalias : 0;
}

const char *erg_entity_alias(const erg_graph *g, erg_entity e, size_t i) {
    const erg_ent *x = erg__ent(g, e);
    return x && i < x->nalias ? erg__str(g, x->aliases[i]) : NULL;
}

static bool same_folded(erg_graph *g, uint32_t a, uint32_t b) {
    if (a == b) return true;
    uint32_t fa = fold_find(g, a), fb = fold_find(g, b);
    return fa && fa == fb;
}

int erg__ent_add_alias(erg_graph *g, uint32_t idx, uint32_t alias) {
    erg_ent *x = &g->ents[idx];
    for (uint32_t i = 0; i < x->nalias; i++)
        if (same_folded(g, x->aliases[i], alias)) return ERG_OK;
    if (erg__grow(&g->a, (void **)&x->aliases, &x->aliascap, (size_t)x->nalias + 1,
                  sizeof *x->aliases))
        return erg__nomem(g);
    if (name_link(g, idx, alias)) return g->errcode;
    x->aliases[x->nalias++] = alias;
    g->version++;
    return ERG_OK;
}

int erg_entity_add_alias(erg_graph *g, erg_entity e, const char *alias) {
    uint32_t sid;
    if (erg_entity_check(g, e) || need_text(g, alias, "alias")) return g->errcode;
    if (erg__intern(g, alias, strlen(alias), &sid)) return g->errcode;
    return erg__ent_add_alias(g, e.idx, sid);
}

int erg_entity_remove_alias(erg_graph *g, erg_entity e, const char *alias) {
    if (erg_entity_check(g, e)) return g->errcode;
    erg_ent *x = &g->ents[e.idx];
    uint32_t sid = alias ? erg__pool_find(&g->pool, alias, strlen(alias)) : 0;
    for (uint32_t i = 0; sid && i < x->nalias; i++) {
        if (!same_folded(g, x->aliases[i], sid)) continue;
        name_unlink(g, e.idx, x->aliases[i]);
        memmove(&x->aliases[i], &x->aliases[i + 1], (x->nalias - i - 1) * sizeof(uint32_t));
        x->nalias--;
        g->version++;
        return ERG_OK;
    }
    return erg__err(g, ERG_ENOTFOUND, "entity '%s' has no alias '%s'",
                    erg__str(g, x->id), alias ? alias : "");
}

size_t erg_entity_count(const erg_graph *g) { return g->live_ents; }

erg_iter erg_entities(const erg_graph *g, const char *type) {
    erg_iter it = {0, 0};
    if (type) {
        it.type = erg__pool_find(&g->pool, type, strlen(type));
        if (!it.type) it.pos = UINT32_MAX; /* no entity has that type */
    }
    return it;
}

bool erg_entity_next(const erg_graph *g, erg_iter *it, erg_entity *out) {
    while (it->pos < g->nent) {
        const erg_ent *x = &g->ents[it->pos++];
        if (x->alive && (!it->type || x->type == it->type)) {
            *out = ent_handle(g, it->pos - 1);
            return true;
        }
    }
    return false;
}

/* ---- relationships ------------------------------------------------------ */
/* Keeps erg_ent.nboth: an undirected relationship or a self-loop counts on
 * each entity it touches (a self-loop once). */
static void both_adjust(erg_graph *g, const erg_relrec *r, int delta) {
    if (r->directed && r->from != r->to) return;
    g->ents[r->from].nboth += (uint32_t)delta;
    if (r->to != r->from) g->ents[r->to].nboth += (uint32_t)delta;
}

int erg__rel_add(erg_graph *g, uint32_t id, uint32_t from, uint32_t to,
                 uint32_t type, bool directed, uint32_t *idx) {
    if (id && erg__rel_lookup(g, id) != ERG_NONE)
        return erg__err(g, ERG_EEXIST, "duplicate relationship id '%s'", erg__str(g, id));
    return erg__rel_add_new(g, id, from, to, type, directed, idx);
}

int erg__rel_add_new(erg_graph *g, uint32_t id, uint32_t from, uint32_t to,
                     uint32_t type, bool directed, uint32_t *idx) {
    if (erg__grow(&g->a, (void **)&g->rels, &g->relcap, (size_t)g->nrel + 1, sizeof *g->rels))
        return erg__nomem(g);
    if (id && erg__idx_reserve(&g->rel_ids, &g->a, 1, rel_key, g)) return erg__nomem(g);
    uint32_t i = g->nrel;
    erg_relrec *r = &g->rels[i];
    r->id = id;
    r->type = type;
    r->from = from;
    r->to = to;
    r->gen = 0;
    r->directed = directed;
    r->alive = 1;
    r->gen_id = 0;
    r->next_out = g->ents[from].first_out;
    g->ents[from].first_out = i;
    r->next_in = g->ents[to].first_in;
    g->ents[to].first_in = i;
    if (id) {
        size_t n;
        const char *s = sid_bytes(g, id, &n);
        erg__idx_put(&g->rel_ids, s, n, erg__hash_bytes(s, n), i); /* room reserved */
    }
    both_adjust(g, r, 1);
    g->nrel++;
    g->live_rels++;
    g->version++;
    *idx = i;
    return ERG_OK;
}

/* Gives relationships [from_idx, nrel) that have no id one: r1, r2, ...
 * The ids go to the pool without a slot in its index (erg__pool_add): a
 * relationship id is only ever looked up through the id index. */
int erg__rel_assign_ids(erg_graph *g, uint32_t from_idx) {
    char buf[32];
    for (uint32_t i = from_idx; i < g->nrel; i++) {
        if (g->rels[i].id || !g->rels[i].alive) continue;
        int n;
        do n = snprintf(buf, sizeof buf, "r%llu", (unsigned long long)g->next_gen_id++);
        while (erg__rel_find(g, buf, (size_t)n) != ERG_NONE);
        uint32_t sid;
        int rc = erg__pool_add(&g->pool, &g->a, buf, (size_t)n, &sid);
        if (rc == ERG_ELIMIT) return erg__err(g, rc, "too many strings or a string over 4 GiB");
        if (rc || idx_enter(g, &g->rel_ids, rel_key, sid, i)) return erg__nomem(g);
        g->rels[i].id = sid;
        g->rels[i].gen_id = 1;
    }
    return ERG_OK;
}

int erg_rel_add(erg_graph *g, const char *id, erg_entity from, erg_entity to,
                const char *type, bool directed, erg_rel *out) {
    uint32_t sid = 0, tid, idx;
    if (erg_entity_check(g, from) || erg_entity_check(g, to)) return g->errcode;
    if (need_text(g, type, "relationship type")) return ERG_EINVAL;
    if (id && need_text(g, id, "relationship id")) return ERG_EINVAL;
    if ((id && erg__intern(g, id, strlen(id), &sid)) || erg__intern(g, type, strlen(type), &tid))
        return g->errcode;
    erg_mark m = erg__mark(g);
    int rc = erg__rel_add(g, sid, from.idx, to.idx, tid, directed, &idx);
    if (rc) return rc;
    if (!sid && (rc = erg__rel_assign_ids(g, idx))) {
        erg__rollback(g, &m);
        return rc;
    }
    if (out) { out->idx = idx; out->gen = 0; }
    return ERG_OK;
}

int erg_rel_by_id(erg_graph *g, const char *id, erg_rel *out) {
    uint32_t i = id ? erg__rel_find(g, id, strlen(id)) : ERG_NONE;
    if (i == ERG_NONE) return ERG_ENOTFOUND;
    out->idx = i;
    out->gen = g->rels[i].gen;
    return ERG_OK;
}

bool erg_rel_alive(const erg_graph *g, erg_rel r) { return erg__rel(g, r) != NULL; }

int erg_rel_check(erg_graph *g, erg_rel r) {
    if (erg__rel(g, r)) return ERG_OK;
    if (r.idx < g->nrel)
        return erg__err(g, ERG_EDELETED, "relationship '%s' was deleted",
                        erg__str(g, g->rels[r.idx].id));
    return erg__err(g, ERG_EINVAL, "not a relationship of this graph");
}

const char *erg_rel_id(const erg_graph *g, erg_rel r) {
    const erg_relrec *x = erg__rel(g, r);
    return x ? erg__str(g, x->id) : NULL;
}
bool erg_rel_id_generated(const erg_graph *g, erg_rel r) {
    const erg_relrec *x = erg__rel(g, r);
    return x && x->gen_id;
}
const char *erg_rel_type(const erg_graph *g, erg_rel r) {
    const erg_relrec *x = erg__rel(g, r);
    return x ? erg__str(g, x->type) : NULL;
}
erg_entity erg_rel_from(const erg_graph *g, erg_rel r) {
    const erg_relrec *x = erg__rel(g, r);
    erg_entity e = {UINT32_MAX, 0};
    return x ? ent_handle(g, x->from) : e;
}
erg_entity erg_rel_to(const erg_graph *g, erg_rel r) {
    const erg_relrec *x = erg__rel(g, r);
    erg_entity e = {UINT32_MAX, 0};
    return x ? ent_handle(g, x->to) : e;
}
bool erg_rel_directed(const erg_graph *g, erg_rel r) {
    const erg_relrec *x = erg__rel(g, r);
    return x ? x->directed : false;
}
erg_entity erg_rel_other(const erg_graph *g, erg_rel r, erg_entity e) {
    const erg_relrec *x = erg__rel(g, r);
    erg_entity none = {UINT32_MAX, 0};
    if (!x) return none;
    return ent_handle(g, x->from == e.idx ? x->to : x->from);
}

int erg_rel_set_type(erg_graph *g, erg_rel r, const char *type) {
    uint32_t tid;
    if (erg_rel_check(g, r) || need_text(g, type, "relationship type")) return g->errcode;
    if (erg__intern(g, type, strlen(type), &tid)) return g->errcode;
    g->rels[r.idx].type = tid;
    g->version++;
    return ERG_OK;
}

static void unlink_out(erg_graph *g, uint32_t ri) {
    erg_relrec *r = &g->rels[ri];
    uint32_t *p = &g->ents[r->from].first_out;
    while (*p != ri) p = &g->rels[*p].next_out;
    *p = r->next_out;
}

static void unlink_in(erg_graph *g, uint32_t ri) {
    erg_relrec *r = &g->rels[ri];
    uint32_t *p = &g->ents[r->to].first_in;
    while (*p != ri) p = &g->rels[*p].next_in;
    *p = r->next_in;
}

static void rel_kill(erg_graph *g, uint32_t ri) {
    erg_relrec *r = &g->rels[ri];
    unlink_out(g, ri);
    unlink_in(g, ri);
    erg__attrs_clear_obj(g, ERG_KIND_REL, ri);
    if (r->id) erg__idx_remove(&g->rel_ids, sid_hash(g, r->id), ri);
    both_adjust(g, r, -1);
    r->alive = 0;
    r->gen++;
    g->live_rels--;
    g->version++;
}

int erg_rel_delete(erg_graph *g, erg_rel r) {
    if (erg_rel_check(g, r)) return g->errcode;
    rel_kill(g, r.idx);
    return ERG_OK;
}

size_t erg_rel_count(const erg_graph *g) { return g->live_rels; }

erg_iter erg_rels(const erg_graph *g, const char *type) {
    erg_iter it = {0, 0};
    if (type) {
        it.type = erg__pool_find(&g->pool, type, strlen(type));
        if (!it.type) it.pos = UINT32_MAX;
    }
    return it;
}

bool erg_rel_next(const erg_graph *g, erg_iter *it, erg_rel *out) {
    while (it->pos < g->nrel) {
        const erg_relrec *x = &g->rels[it->pos++];
        if (x->alive && (!it->type || x->type == it->type)) {
            out->idx = it->pos - 1;
            out->gen = x->gen;
            return true;
        }
    }
    return false;
}

/* ---- adjacency ----------------------------------------------------------- */
/* Phase 0 walks e's out-list, phase 1 its in-list.  Which members of each
 * list qualify depends on the direction asked and on the relationship's
 * directed flag (an undirected relationship counts both ways).  A self-loop
 * sits in both lists; in phase 1 it is skipped when phase 0 already took it.
 * it->next is read before handing a relationship out, so the caller may
 * delete that one. */
int erg_adjacent(erg_graph *g, erg_entity e, erg_dir dir, const char *type,
                 erg_adj *it) {
    if (erg_entity_check(g, e)) return g->errcode;
    memset(it, 0, sizeof *it);
    it->ent = e.idx;
    it->dir = (uint8_t)dir;
    it->type = 0;
    if (type) {
        it->type = erg__pool_find(&g->pool, type, strlen(type));
        if (!it->type) { it->phase = 2; return ERG_OK; }
    }
    it->phase = 0;
    it->next = g->ents[e.idx].first_out;
    /* in-adjacency of an entity with no undirected relationship and no
     * self-loop has nothing to take from the out-list */
    if (dir == ERG_IN && g->ents[e.idx].nboth == 0) {
        it->phase = 1;
        it->next = g->ents[e.idx].first_in;
    }
    return ERG_OK;
}

static bool adj_takes(const erg_relrec *r, const erg_adj *it) {
    if (it->type && r->type != it->type) return false;
    bool want_out = it->dir & ERG_OUT, want_in = it->dir & ERG_IN;
    bool loop = r->from == r->to;
    if (it->phase == 0) /* r leaves e */
        return want_out || !r->directed || (want_in && loop && r->directed);
    /* r arrives at e */
    if (loop) return false; /* phase 0 saw it */
    return want_in || !r->directed;
}

bool erg_adj_next(const erg_graph *g, erg_adj *it, erg_rel *out) {
    while (it->phase < 2) {
        uint32_t ri = it->next;
        if (ri == ERG_NONE) {
            if (it->phase == 0 && it->ent < g->nent &&
                (it->dir != ERG_OUT || g->ents[it->ent].nboth > 0)) {
                it->phase = 1;
                it->next = g->ents[it->ent].first_in;
                continue;
            }
            it->phase = 2;
            break;
        }
        const erg_relrec *r = &g->rels[ri];
        it->next = it->phase == 0 ? r->next_out : r->next_in;
        if (adj_takes(r, it)) {
            out->idx = ri;
            out->gen = r->gen;
            return true;
        }
    }
    return false;
}

/* ---- deleting and merging entities ------------------------------------- */
static void ent_kill(erg_graph *g, uint32_t ei) {
    erg_ent *x = &g->ents[ei];
    while (x->first_out != ERG_NONE) rel_kill(g, x->first_out);
    while (x->first_in != ERG_NONE) rel_kill(g, x->first_in);
    if (x->name) name_unlink(g, ei, x->name);
    for (uint32_t i = 0; i < x->nalias; i++) name_unlink(g, ei, x->aliases[i]);
    erg__mem(&g->a, x->aliases, x->aliascap * sizeof(uint32_t), 0);
    x->aliases = NULL;
    x->nalias = x->aliascap = 0;
    erg__attrs_clear_obj(g, ERG_KIND_ENTITY, ei);
    erg__idx_remove(&g->ent_ids, sid_hash(g, x->id), ei);
    x->alive = 0;
    x->gen++;
    g->live_ents--;
    g->version++;
}

int erg_entity_delete(erg_graph *g, erg_entity e) {
    if (erg_entity_check(g, e)) return g->errcode;
    ent_kill(g, e.idx);
    return ERG_OK;
}

/* Merging must be all or nothing too: everything that can fail (aliases,
 * attribute copies) happens first; the re-pointing of relationships, which
 * cannot fail, comes last. */
int erg_entity_merge(erg_graph *g, erg_entity keep, erg_entity other) {
    if (erg_entity_check(g, keep) || erg_entity_check(g, other)) return g->errcode;
    if (keep.idx == other.idx)
        return erg__err(g, ERG_EINVAL, "cannot merge entity '%s' into itself",
                        erg__str(g, g->ents[keep.idx].id));
    erg_ent *o = &g->ents[other.idx];
    /* Work out what to add before changing anything. */
    uint32_t nadd = 0, cap = o->nalias + 1;
    uint32_t *add = erg__mem(&g->a, NULL, 0, cap * sizeof *add);
    if (!add) return erg__nomem(g);
    uint32_t cand[1] = {o->name};
    for (uint32_t i = 0; i < cap; i++) {
        uint32_t s = i == 0 ? cand[0] : o->aliases[i - 1];
        if (!s) continue;
        const erg_ent *k = &g->ents[keep.idx];
        bool dup = k->name && same_folded(g, k->name, s);
        for (uint32_t j = 0; !dup && j < k->nalias; j++) dup = same_folded(g, k->aliases[j], s);
        for (uint32_t j = 0; !dup && j < nadd; j++) dup = same_folded(g, add[j], s);
        if (!dup) add[nadd++] = s;
    }
    /* Attributes keep lacks. */
    erg_schema *sc = &g->schema[ERG_KIND_ENTITY];
    int rc = ERG_OK;
    uint32_t ncol = sc->n, done_alias = 0;
    uint32_t *copied = erg__mem(&g->a, NULL, 0, (ncol + 1) * sizeof *copied);
    uint32_t ncopied = 0;
    if (!copied) { rc = erg__nomem(g); goto fail; }
    for (uint32_t c = 0; c < ncol; c++) {
        erg_value v, have;
        if (!erg__cell_get(g, ERG_KIND_ENTITY, c, other.idx, &v)) continue;
        if (erg__cell_get(g, ERG_KIND_ENTITY, c, keep.idx, &have)) continue;
        if ((rc = erg__cell_set(g, ERG_KIND_ENTITY, c, keep.idx, &v))) goto fail;
        copied[ncopied++] = c;
    }
    for (; done_alias < nadd; done_alias++)
        if ((rc = erg__ent_add_alias(g, keep.idx, add[done_alias]))) goto fail;
    /* Re-point relationships (cannot fail). */
    while (o->first_out != ERG_NONE) {
        uint32_t ri = o->first_out;
        erg_relrec *r = &g->rels[ri];
        o->first_out = r->next_out;
        r->from = keep.idx;
        r->next_out = g->ents[keep.idx].first_out;
        g->ents[keep.idx].first_out = ri;
    }
    while (o->first_in != ERG_NONE) {
        uint32_t ri = o->first_in;
        erg_relrec *r = &g->rels[ri];
        o->first_in = r->next_in;
        r->to = keep.idx;
        r->next_in = g->ents[keep.idx].first_in;
        g->ents[keep.idx].first_in = ri;
    }
    /* relationships between the two became self-loops: count keep again */
    erg_ent *k = &g->ents[keep.idx];
    k->nboth = 0;
    for (uint32_t ri = k->first_out; ri != ERG_NONE; ri = g->rels[ri].next_out)
        k->nboth += !g->rels[ri].directed || g->rels[ri].to == keep.idx;
    for (uint32_t ri = k->first_in; ri != ERG_NONE; ri = g->rels[ri].next_in)
        k->nboth += !g->rels[ri].directed && g->rels[ri].from != keep.idx;
    o->nboth = 0;
    ent_kill(g, other.idx);
    erg__mem(&g->a, copied, (ncol + 1) * sizeof *copied, 0);
    erg__mem(&g->a, add, cap * sizeof *add, 0);
    return ERG_OK;
fail:
    for (uint32_t i = 0; i < ncopied; i++) erg__cell_clear(g, ERG_KIND_ENTITY, copied[i], keep.idx);
    {
        erg_ent *k = &g->ents[keep.idx];
        /* added aliases are the last done_alias ones that were new */
        while (done_alias-- > 0) {
            uint32_t s = add[done_alias];
            if (k->nalias && k->aliases[k->nalias - 1] == s) {
                name_unlink(g, keep.idx, s);
                k->nalias--;
            }
        }
    }
    if (copied) erg__mem(&g->a, copied, (ncol + 1) * sizeof *copied, 0);
    erg__mem(&g->a, add, cap * sizeof *add, 0);
    return rc;
}

/* For erg_merge and erg_unmerge (merge.c): moves relationship ri to new
 * ends, at the head of their adjacency lists, keeping nboth right. */
void erg__rel_repoint(erg_graph *g, uint32_t ri, uint32_t from, uint32_t to) {
    erg_relrec *r = &g->rels[ri];
    unlink_out(g, ri);
    unlink_in(g, ri);
    both_adjust(g, r, -1);
    r->from = from;
    r->to = to;
    r->next_out = g->ents[from].first_out;
    g->ents[from].first_out = ri;
    r->next_in = g->ents[to].first_in;
    g->ents[to].first_in = ri;
    both_adjust(g, r, 1);
    g->version++;
}

/* ---- sources ------------------------------------------------------------- */
int erg__src_add(erg_graph *g, uint32_t id, uint32_t *idx) {
    if (erg__src_lookup(g, id) != ERG_NONE)
        return erg__err(g, ERG_EEXIST, "duplicate source id '%s'", erg__str(g, id));
    if (erg__grow(&g->a, (void **)&g->srcs, &g->srccap, (size_t)g->nsrc + 1, sizeof *g->srcs))
        return erg__nomem(g);
    if (idx_enter(g, &g->src_ids, src_key, id, g->nsrc)) return erg__nomem(g);
    g->srcs[g->nsrc].id = id;
    g->srcs[g->nsrc].gen = 0;
    g->srcs[g->nsrc].alive = 1;
    *idx = g->nsrc++;
    g->live_srcs++;
    g->version++;
    return ERG_OK;
}

int erg_source_add(erg_graph *g, const char *id, erg_source *out) {
    uint32_t sid, idx;
    if (need_text(g, id, "source id")) return ERG_EINVAL;
    if (erg__intern(g, id, strlen(id), &sid)) return g->errcode;
    int rc = erg__src_add(g, sid, &idx);
    if (rc) return rc;
    if (out) { out->idx = idx; out->gen = 0; }
    return ERG_OK;
}

int erg_source_by_id(erg_graph *g, const char *id, erg_source *out) {
    uint32_t i = id ? erg__src_find(g, id, strlen(id)) : ERG_NONE;
    if (i == ERG_NONE) return ERG_ENOTFOUND;
    out->idx = i;
    out->gen = g->srcs[i].gen;
    return ERG_OK;
}

const char *erg_source_id(const erg_graph *g, erg_source s) {
    if (s.idx >= g->nsrc || !g->srcs[s.idx].alive || g->srcs[s.idx].gen != s.gen) return NULL;
    return erg__str(g, g->srcs[s.idx].id);
}

int erg_source_delete(erg_graph *g, erg_source s) {
    if (!erg_source_id(g, s)) {
        if (s.idx < g->nsrc)
            return erg__err(g, ERG_EDELETED, "source '%s' was deleted", erg__str(g, g->srcs[s.idx].id));
        return erg__err(g, ERG_EINVAL, "not a source of this graph");
    }
    erg_srcrec *x = &g->srcs[s.idx];
    erg__attrs_clear_obj(g, ERG_KIND_SOURCE, s.idx);
    erg__idx_remove(&g->src_ids, sid_hash(g, x->id), s.idx);
    x->alive = 0;
    x->gen++;
    g->live_srcs--;
    g->version++;
    return ERG_OK;
}

size_t erg_source_count(const erg_graph *g) { return g->live_srcs; }

erg_iter erg_sources(const erg_graph *g) {
    (void)g;
    erg_iter it = {0, 0};
    return it;
}

bool erg_source_next(const erg_graph *g, erg_iter *it, erg_source *out) {
    while (it->pos < g->nsrc) {
        const erg_srcrec *x = &g->srcs[it->pos++];
        if (x->alive) {
            out->idx = it->pos - 1;
            out->gen = x->gen;
            return true;
        }
    }
    return false;
}

/* ---- graph metadata ------------------------------------------------------ */
int erg_graph_set_meta(erg_graph *g, const char *key, const char *value) {
    uint32_t k, v = 0;
    if (need_text(g, key, "metadata key") || valid_text(g, value, "metadata value")) return ERG_EINVAL;
    if (erg__intern(g, key, strlen(key), &k) ||
        (value && erg__intern(g, value, strlen(value), &v)))
        return g->errcode;
    for (uint32_t i = 0; i < g->nmeta; i++)
        if (g->meta[2 * i] == k) {
            g->meta[2 * i + 1] = v;
            g->version++;
            return ERG_OK;
        }
    uint32_t cap2 = g->metacap;
    if (erg__grow(&g->a, (void **)&g->meta, &cap2, 2 * ((size_t)g->nmeta + 1), sizeof *g->meta))
        return erg__nomem(g);
    g->metacap = cap2;
    g->meta[2 * g->nmeta] = k;
    g->meta[2 * g->nmeta + 1] = v;
    g->nmeta++;
    g->version++;
    return ERG_OK;
}

const char *erg_graph_meta(const erg_graph *g, const char *key) {
    for (uint32_t i = 0; key && i < g->nmeta; i++)
        if (!strcmp(erg__str(g, g->meta[2 * i]), key)) return erg__str(g, g->meta[2 * i + 1]);
    return NULL;
}

/* ---- savepoints ---------------------------------------------------------- */
erg_mark erg__mark(const erg_graph *g) {
    erg_mark m;
    m.nent = g->nent;
    m.nrel = g->nrel;
    m.nsrc = g->nsrc;
    for (int k = 0; k < 3; k++) m.ncols[k] = g->schema[k].n;
    m.nmeta = g->nmeta;
    m.next_gen_id = g->next_gen_id;
    m.version = g->version;
    return m;
}

/* Takes back everything added since m.  Only valid when nothing older was
 * changed in between (imports only add), so new relationships sit at the
 * heads of their adjacency lists and pop off in reverse order. */
void erg__rollback(erg_graph *g, const erg_mark *m) {
    while (g->nrel > m->nrel) {
        uint32_t ri = g->nrel - 1;
        erg_relrec *r = &g->rels[ri];
        if (r->alive) {
            g->ents[r->from].first_out = r->next_out;
            g->ents[r->to].first_in = r->next_in;
            erg__attrs_clear_obj(g, ERG_KIND_REL, ri);
            if (r->id) erg__idx_remove(&g->rel_ids, sid_hash(g, r->id), ri);
            both_adjust(g, r, -1);
            g->live_rels--;
        }
        g->nrel--;
    }
    while (g->nent > m->nent) {
        uint32_t ei = g->nent - 1;
        erg_ent *x = &g->ents[ei];
        if (x->alive) {
            if (x->name) name_unlink(g, ei, x->name);
            for (uint32_t i = 0; i < x->nalias; i++) name_unlink(g, ei, x->aliases[i]);
            erg__attrs_clear_obj(g, ERG_KIND_ENTITY, ei);
            erg__idx_remove(&g->ent_ids, sid_hash(g, x->id), ei);
            g->live_ents--;
        }
        erg__mem(&g->a, x->aliases, x->aliascap * sizeof(uint32_t), 0);
        g->nent--;
    }
    while (g->nsrc > m->nsrc) {
        uint32_t si = g->nsrc - 1;
        if (g->srcs[si].alive) {
            erg__attrs_clear_obj(g, ERG_KIND_SOURCE, si);
            erg__idx_remove(&g->src_ids, sid_hash(g, g->srcs[si].id), si);
            g->live_srcs--;
        }
        g->nsrc--;
    }
    for (int k = 0; k < 3; k++) {
        erg_schema *sc = &g->schema[k];
        while (sc->n > m->ncols[k]) {
            erg_col *c = &sc->cols[--sc->n];
            erg__htab_remove(&sc->index, erg__hash_u32(c->name), sc->n);
            erg__mem(&g->a, c->cells, (size_t)c->cap * sizeof *c->cells, 0);
            erg__mem(&g->a, c->present, ((size_t)c->cap / 64) * sizeof *c->present, 0);
        }
    }
    g->nmeta = m->nmeta;
    g->next_gen_id = m->next_gen_id;
    g->version = m->version + 1; /* caches must still see a change */
}

/* ---- trimming ------------------------------------------------------------ */
static void trim_array(erg_graph *g, void **arr, uint32_t *cap, uint32_t n, size_t elsz) {
    if (*cap <= n + 1) return;
    size_t keep = (size_t)n + 1;
    void *p = erg__mem(&g->a, *arr, (size_t)*cap * elsz, keep * elsz);
    if (!p) return; /* keeping the larger block is fine */
    *arr = p;
    *cap = (uint32_t)keep;
}

/* Gives back the slack that growing by half left in the big arrays, once a
 * bulk import is done (an import of N relationships would otherwise keep
 * up to N/2 unused records). */
void erg__trim(erg_graph *g) {
    trim_array(g, (void **)&g->ents, &g->entcap, g->nent, sizeof *g->ents);
    trim_array(g, (void **)&g->rels, &g->relcap, g->nrel, sizeof *g->rels);
    trim_array(g, (void **)&g->srcs, &g->srccap, g->nsrc, sizeof *g->srcs);
    trim_array(g, (void **)&g->nrefs, &g->nrefcap, g->nnref, sizeof *g->nrefs);
    erg__pool_trim(&g->pool, &g->a);
    erg__attrs_trim(g);
}

/* Capacity for n more objects of kind k, exactly (a hint: failures are
 * ignored, the arrays then grow as usual). */
static void reserve_array(erg_graph *g, void **arr, uint32_t *cap, size_t need, size_t elsz) {
    if (need <= *cap || need >= UINT32_MAX) return;
    void *p = erg__mem(&g->a, *arr, (size_t)*cap * elsz, need * elsz);
    if (!p) return;
    *arr = p;
    *cap = (uint32_t)need;
}

void erg__reserve(erg_graph *g, erg_kind k, size_t n) {
    if (k == ERG_KIND_ENTITY) {
        reserve_array(g, (void **)&g->ents, &g->entcap, (size_t)g->nent + n, sizeof *g->ents);
        reserve_array(g, (void **)&g->nrefs, &g->nrefcap, (size_t)g->nnref + n, sizeof *g->nrefs);
        erg__idx_reserve(&g->ent_ids, &g->a, n, ent_key, g);
        erg__htab_reserve(&g->names, &g->a, n);
        reserve_array(g, (void **)&g->pool.strs, &g->pool.cap, (size_t)g->pool.n + 2 * n, sizeof *g->pool.strs);
        erg__htab_reserve(&g->pool.index, &g->a, 2 * n);
    } else if (k == ERG_KIND_REL) {
        reserve_array(g, (void **)&g->rels, &g->relcap, (size_t)g->nrel + n, sizeof *g->rels);
        erg__idx_reserve(&g->rel_ids, &g->a, n, rel_key, g);
        /* ids: a pool string each, but no slot in the pool's index */
        reserve_array(g, (void **)&g->pool.strs, &g->pool.cap, (size_t)g->pool.n + n, sizeof *g->pool.strs);
    }
    const uint32_t count[3] = {g->nent, g->nrel, g->nsrc};
    erg__attrs_reserve(g, k, (size_t)count[k] + n);
}
