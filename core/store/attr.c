/*
 * attr.c -- typed attributes, stored by column: for each kind (entity,
 * relationship, source) and attribute name, one array of 8-byte cells
 * indexed by object index plus a presence bitmap.  The column's type is
 * fixed by its first value (or a header), so every writer knows the type
 * of an attribute without looking at its values, and a column costs nothing
 * per value beyond the cell.  Lists are allocated blocks of erg_values
 * whose strings point into the pool.
 */
#include "store.h"

#include <stdio.h>
#include <math.h>
#include <string.h>

const char *erg__kind_name(erg_kind k) {
    return k == ERG_KIND_ENTITY ? "entity" : k == ERG_KIND_REL ? "relationship" : "source";
}

/* The one list of reserved names (erg.h); the CSV reader maps its
 * columns to fields by the position of each name here. */
const char *const *erg_reserved_names(erg_kind k) {
    static const char *const ent[] = {"id", "type", "name", "aliases", NULL};
    static const char *const rel[] = {"id", "from", "to", "type", "directed", NULL};
    static const char *const src[] = {"id", NULL};
    return k == ERG_KIND_ENTITY ? ent : k == ERG_KIND_REL ? rel : src;
}

bool erg_reserved_name(erg_kind k, const char *name) {
    for (const char *const *list = erg_reserved_names(k); *list; list++)
        if (!strcmp(*list, name)) return true;
    return false;
}

/* The internal name the store's readers use. */
bool erg__reserved_name(erg_kind k, const char *name) { return erg_reserved_name(k, name); }

static bool col_named(const void *ctx, uint32_t entry, const void *key) {
    const erg_schema *sc = ctx;
    return sc->cols[entry].name == *(const uint32_t *)key;
}

int erg__col_find(const erg_graph *g, erg_kind k, uint32_t name_sid) {
    const erg_schema *sc = &g->schema[k];
    uint32_t i = erg__htab_find(&sc->index, erg__hash_u32(name_sid), col_named, sc, &name_sid);
    return i == ERG_NONE ? -1 : (int)i;
}

int erg__col_declare(erg_graph *g, erg_kind k, uint32_t name_sid, erg_type t,
                     erg_type elem, uint32_t *col) {
    erg_schema *sc = &g->schema[k];
    int i = erg__col_find(g, k, name_sid);
    char a[16], b[16];
    if (i >= 0) {
        erg_col *c = &sc->cols[i];
        if (c->type != t || (t == ERG_LIST && c->elem != elem))
            return erg__err(g, ERG_ETYPE, "%s attribute '%s' holds %s values, not %s",
                            erg__kind_name(k), erg__str(g, name_sid),
                            erg__type_spec(c->type, c->elem, a), erg__type_spec(t, elem, b));
        *col = (uint32_t)i;
        return ERG_OK;
    }
    /* room in the index first: the insert below cannot fail then */
    if (erg__htab_reserve(&sc->index, &g->a, 1) ||
        erg__grow(&g->a, (void **)&sc->cols, &sc->cap, (size_t)sc->n + 1, sizeof *sc->cols))
        return erg__nomem(g);
    erg_col *c = &sc->cols[sc->n];
    memset(c, 0, sizeof *c);
    c->name = name_sid;
    c->type = t;
    c->elem = t == ERG_LIST ? elem : ERG_NULL;
    erg__htab_insert(&sc->index, &g->a, erg__hash_u32(name_sid), sc->n);
    *col = sc->n++;
    g->version++;
    return ERG_OK;
}

static bool present(const erg_col *c, uint32_t idx) {
    return idx < c->cap && (c->present[idx / 64] >> (idx % 64) & 1);
}

static void free_list(erg_graph *g, erg_list *l) {
    if (l) erg__mem(&g->a, l, sizeof *l + l->n * sizeof(erg_value), 0);
}

static int col_reserve(erg_graph *g, erg_col *c, uint32_t idx) {
    if (idx < c->cap) return ERG_OK;
    if (idx >= (UINT32_C(1) << 31))
        return erg__err(g, ERG_ELIMIT, "more than 2^31 objects of one kind");
    size_t ncap = c->cap ? c->cap : 64;
    while (ncap <= idx) ncap *= 2;
    /* Both blocks are allocated before either replaces the old one, so a
     * failure leaves the column as it was (cells and bitmap share c->cap). */
    erg_cell *cells = erg__mem(&g->a, NULL, 0, ncap * sizeof *cells);
    uint64_t *bits = cells ? erg__mem(&g->a, NULL, 0, ncap / 64 * sizeof *bits) : NULL;
    if (!bits) {
        if (cells) erg__mem(&g->a, cells, ncap * sizeof *cells, 0);
        return erg__nomem(g);
    }
    if (c->cap) {
        memcpy(cells, c->cells, (size_t)c->cap * sizeof *cells);
        memcpy(bits, c->present, (size_t)c->cap / 64 * sizeof *bits);
        erg__mem(&g->a, c->cells, (size_t)c->cap * sizeof *cells, 0);
        erg__mem(&g->a, c->present, (size_t)c->cap / 64 * sizeof *bits, 0);
    }
    memset(bits + c->cap / 64, 0, (ncap - c->cap) / 64 * sizeof *bits);
    c->cells = cells;
    c->present = bits;
    c->cap = (uint32_t)ncap;
    return ERG_OK;
}

/* Copies a list value, interning its strings; ints in a float column
 * become floats. */
static int list_copy(erg_graph *g, const erg_value *v, erg_type elem, erg_list **out) {
    size_t n = v->u.list.n;
    erg_list *l = erg__mem(&g->a, NULL, 0, sizeof *l + n * sizeof(erg_value));
    if (!l) return erg__nomem(g);
    l->n = n;
    for (size_t i = 0; i < n; i++) {
        erg_value it = v->u.list.items[i];
        if (elem == ERG_FLOAT && it.type == ERG_INT) it = erg_float((double)it.u.i);
        if (it.type == ERG_STRING) {
            uint32_t sid;
            if (erg__intern(g, it.u.s.ptr, it.u.s.len, &sid)) {
                free_list(g, l);
                return g->errcode;
            }
            it.u.s.ptr = erg__str(g, sid);
        }
        it.elem = ERG_NULL;
        l->items[i] = it;
    }
    *out = l;
    return ERG_OK;
}

int erg__cell_set(erg_graph *g, erg_kind k, uint32_t col, uint32_t idx, const erg_value *v) {
    erg_col *c = &g->schema[k].cols[col];
    erg_cell cell;
    switch (c->type) {
    case ERG_BOOL: cell.b = v->u.b; break;
    case ERG_INT: cell.i = v->u.i; break;
    case ERG_FLOAT: cell.f = v->type == ERG_INT ? (double)v->u.i : v->u.f; break;
    case ERG_DATE: cell.d = v->u.d; break;
    case ERG_STRING:
        if (erg__intern(g, v->u.s.ptr, v->u.s.len, &cell.sid)) return g->errcode;
        break;
    case ERG_LIST:
        if (list_copy(g, v, c->elem, &cell.l)) return g->errcode;
        break;
    default: return erg__err(g, ERG_ETYPE, "bad column type");
    }
    if (col_reserve(g, c, idx)) {
        if (c->type == ERG_LIST) free_list(g, cell.l);
        return ERG_ENOMEM;
    }
    if (c->type == ERG_LIST && present(c, idx)) free_list(g, c->cells[idx].l);
    c->cells[idx] = cell;
    c->present[idx / 64] |= (uint64_t)1 << (idx % 64);
    g->version++;
    return ERG_OK;
}

/* A string cell from an already interned string (bulk imports). */
int erg__cell_set_sid(erg_graph *g, erg_kind k, uint32_t col, uint32_t idx, uint32_t sid) {
    erg_col *c = &g->schema[k].cols[col];
    if (col_reserve(g, c, idx)) return ERG_ENOMEM;
    c->cells[idx].sid = sid;
    c->present[idx / 64] |= (uint64_t)1 << (idx % 64);
    g->version++;
    return ERG_OK;
}

void erg__cell_clear(erg_graph *g, erg_kind k, uint32_t col, uint32_t idx) {
    erg_col *c = &g->schema[k].cols[col];
    if (!present(c, idx)) return;
    if (c->type == ERG_LIST) free_list(g, c->cells[idx].l);
    c->present[idx / 64] &= ~((uint64_t)1 << (idx % 64));
    g->version++;
}

bool erg__cell_get(const erg_graph *g, erg_kind k, uint32_t col, uint32_t idx, erg_value *out) {
    const erg_col *c = &g->schema[k].cols[col];
    memset(out, 0, sizeof *out);
    if (!present(c, idx)) return false;
    const erg_cell *cell = &c->cells[idx];
    out->type = c->type;
    switch (c->type) {
    case ERG_BOOL: out->u.b = cell->b; break;
    case ERG_INT: out->u.i = cell->i; break;
    case ERG_FLOAT: out->u.f = cell->f; break;
    case ERG_DATE: out->u.d = cell->d; break;
    case ERG_STRING:
        out->u.s.ptr = erg__str(g, cell->sid);
        out->u.s.len = erg__pool_len(&g->pool, cell->sid);
        break;
    case ERG_LIST:
        out->elem = c->elem;
        out->u.list.items = cell->l->items;
        out->u.list.n = cell->l->n;
        break;
    default: break;
    }
    return true;
}

void erg__attrs_clear_obj(erg_graph *g, erg_kind k, uint32_t idx) {
    for (uint32_t i = 0; i < g->schema[k].n; i++) erg__cell_clear(g, k, i, idx);
}

void erg__schema_free(erg_graph *g) {
    for (int k = 0; k < 3; k++) {
        erg_schema *sc = &g->schema[k];
        for (uint32_t i = 0; i < sc->n; i++) {
            erg_col *c = &sc->cols[i];
            if (c->type == ERG_LIST)
                for (uint32_t j = 0; j < c->cap; j++)
                    if (present(c, j)) free_list(g, c->cells[j].l);
            erg__mem(&g->a, c->cells, (size_t)c->cap * sizeof *c->cells, 0);
            erg__mem(&g->a, c->present, (size_t)c->cap / 64 * sizeof *c->present, 0);
        }
        erg__mem(&g->a, sc->cols, (size_t)sc->cap * sizeof *sc->cols, 0);
        erg__htab_free(&sc->index, &g->a);
        memset(sc, 0, sizeof *sc);
    }
}

/* ---- public attribute API ---------------------------------------------- */
erg_obj erg_obj_entity(erg_entity e) { erg_obj o = {ERG_KIND_ENTITY, e.idx, e.gen}; return o; }
erg_obj erg_obj_rel(erg_rel r) { erg_obj o = {ERG_KIND_REL, r.idx, r.gen}; return o; }
erg_obj erg_obj_source(erg_source s) { erg_obj o = {ERG_KIND_SOURCE, s.idx, s.gen}; return o; }

static int obj_check(erg_graph *g, erg_obj o) {
    switch (o.kind) {
    case ERG_KIND_ENTITY: { erg_entity e = {o.idx, o.gen}; return erg_entity_check(g, e); }
    case ERG_KIND_REL: { erg_rel r = {o.idx, o.gen}; return erg_rel_check(g, r); }
    case ERG_KIND_SOURCE: {
        erg_source s = {o.idx, o.gen};
        if (erg_source_id(g, s)) return ERG_OK;
        if (o.idx < g->nsrc)
            return erg__err(g, ERG_EDELETED, "source '%s' was deleted", erg__str(g, g->srcs[o.idx].id));
        return erg__err(g, ERG_EINVAL, "not a source of this graph");
    }
    }
    return erg__err(g, ERG_EINVAL, "bad object kind");
}

static bool float_exact(int64_t i) {
    return i >= -(INT64_C(1) << 53) && i <= (INT64_C(1) << 53);
}

/* Checks v against a column type t/elem (or, for a new column, fixes it). */
static int value_fits(erg_graph *g, const char *name, const erg_value *v, erg_type t, erg_type elem) {
    char a[16], b[16];
    erg_type vt = v->type, ve = v->elem;
    if (vt == ERG_LIST) {
        if (ve == ERG_LIST || ve == ERG_NULL) {
            if (v->u.list.n || ve == ERG_LIST)
                return erg__err(g, ERG_ETYPE, "attribute '%s': a list holds bools, ints, floats, strings or dates", name);
        }
        for (size_t i = 0; i < v->u.list.n; i++) {
            erg_type it = v->u.list.items[i].type;
            if (it == ve || (ve == ERG_FLOAT && it == ERG_INT && float_exact(v->u.list.items[i].u.i))) continue;
            return erg__err(g, ERG_ETYPE, "attribute '%s': list element %zu is %s, not %s", name,
                            i + 1, erg_type_name(it), erg_type_name(ve));
        }
        bool exact = true;
        for (size_t i = 0; ve == ERG_INT && i < v->u.list.n; i++)
            exact = exact && float_exact(v->u.list.items[i].u.i);
        if (t == ERG_LIST && (elem == ve || (v->u.list.n == 0 && ve == ERG_NULL) ||
                              (elem == ERG_FLOAT && ve == ERG_INT && exact)))
            return ERG_OK;
    } else if (vt == t || (t == ERG_FLOAT && vt == ERG_INT && float_exact(v->u.i))) {
        return ERG_OK;
    }
    return erg__err(g, ERG_ETYPE, "attribute '%s' holds %s values, not %s", name,
                    erg__type_spec(t, elem, a), erg__type_spec(vt, ve == ERG_NULL ? ERG_STRING : ve, b));
}

/* item: 1-based list element, 0 for a plain string. */
static int check_string(erg_graph *g, const char *name, const erg_value *v, size_t item) {
    if (v->type != ERG_STRING) return ERG_OK;
    char what[300];
    if (item) snprintf(what, sizeof what, "attribute '%.200s': list element %zu", name, item);
    else snprintf(what, sizeof what, "attribute '%.200s': string", name);
    if (v->u.s.len && !v->u.s.ptr) return erg__err(g, ERG_EINVAL, "%s has no text", what);
    if (erg__check_utf8(g, v->u.s.ptr, v->u.s.len, what)) return g->errcode;
    /* no file format erg writes can carry a NUL (the CSV reader refuses it) */
    const char *nul = v->u.s.len ? memchr(v->u.s.ptr, '\0', v->u.s.len) : NULL;
    if (nul) return erg__err(g, ERG_EINVAL, "%s holds a NUL byte (byte %zu)", what, (size_t)(nul - v->u.s.ptr) + 1);
    return ERG_OK;
}

static int check_strings(erg_graph *g, const char *name, const erg_value *v) {
    if (check_string(g, name, v, 0)) return g->errcode;
    if (v->type == ERG_LIST)
        for (size_t i = 0; i < v->u.list.n; i++)
            if (check_string(g, name, &v->u.list.items[i], i + 1)) return g->errcode;
    return ERG_OK;
}

int erg_attr_set(erg_graph *g, erg_obj o, const char *name, const erg_value *v) {
    if (obj_check(g, o)) return g->errcode;
    if (!name || !*name) return erg__err(g, ERG_EINVAL, "attribute name must not be empty");
    if (erg__check_utf8(g, name, strlen(name), "attribute name")) return g->errcode;
    if (erg__reserved_name(o.kind, name))
        return erg__err(g, ERG_EINVAL, "'%s' is not an attribute of %s %s: it is one of its fields",
                        name, o.kind == ERG_KIND_ENTITY ? "an" : "a", erg__kind_name(o.kind));
    if (!v || v->type == ERG_NULL) return erg_attr_delete(g, o, name);
    if ((unsigned)v->type > ERG_LIST) return erg__err(g, ERG_ETYPE, "attribute '%s': bad value type", name);
    if (check_strings(g, name, v)) return g->errcode;
    uint32_t sid, col;
    if (erg__intern(g, name, strlen(name), &sid)) return g->errcode;
    int c = erg__col_find(g, o.kind, sid);
    erg_mark m = erg__mark(g);
    if (c < 0) {
        erg_type elem = v->type == ERG_LIST ? (v->elem == ERG_NULL ? ERG_STRING : v->elem) : ERG_NULL;
        if (value_fits(g, name, v, v->type, elem)) return g->errcode;
        if (erg__col_declare(g, o.kind, sid, v->type, elem, &col)) return g->errcode;
    } else {
        col = (uint32_t)c;
        const erg_col *cc = &g->schema[o.kind].cols[col];
        if (value_fits(g, name, v, cc->type, cc->elem)) return g->errcode;
    }
    if (erg__cell_set(g, o.kind, col, o.idx, v)) {
        erg__rollback(g, &m);
        return g->errcode;
    }
    return ERG_OK;
}

int erg_attr_get(erg_graph *g, erg_obj o, const char *name, erg_value *out) {
    memset(out, 0, sizeof *out);
    if (obj_check(g, o)) return g->errcode;
    uint32_t sid = name ? erg__pool_find(&g->pool, name, strlen(name)) : 0;
    int c = sid ? erg__col_find(g, o.kind, sid) : -1;
    if (c >= 0) erg__cell_get(g, o.kind, (uint32_t)c, o.idx, out);
    return ERG_OK;
}

int erg_attr_get_at(erg_graph *g, erg_obj o, size_t i, erg_value *out) {
    memset(out, 0, sizeof *out);
    if (obj_check(g, o)) return g->errcode;
    if (i >= g->schema[o.kind].n) return erg__err(g, ERG_ENOTFOUND, "no attribute number %zu", i);
    erg__cell_get(g, o.kind, (uint32_t)i, o.idx, out);
    return ERG_OK;
}

int erg_attr_delete(erg_graph *g, erg_obj o, const char *name) {
    if (obj_check(g, o)) return g->errcode;
    uint32_t sid = name ? erg__pool_find(&g->pool, name, strlen(name)) : 0;
    int c = sid ? erg__col_find(g, o.kind, sid) : -1;
    if (c >= 0) erg__cell_clear(g, o.kind, (uint32_t)c, o.idx);
    return ERG_OK;
}

size_t erg_schema_count(const erg_graph *g, erg_kind k) { return g->schema[k].n; }

const char *erg_schema_name(const erg_graph *g, erg_kind k, size_t i) {
    return i < g->schema[k].n ? erg__str(g, g->schema[k].cols[i].name) : NULL;
}

erg_type erg_schema_type(const erg_graph *g, erg_kind k, size_t i, erg_type *elem) {
    if (i >= g->schema[k].n) return ERG_NULL;
    if (elem) *elem = g->schema[k].cols[i].elem;
    return g->schema[k].cols[i].type;
}

int erg_schema_declare(erg_graph *g, erg_kind k, const char *name, erg_type t, erg_type elem) {
    uint32_t sid, col;
    if (!name || !*name) return erg__err(g, ERG_EINVAL, "attribute name must not be empty");
    if (erg__check_utf8(g, name, strlen(name), "attribute name")) return g->errcode;
    if (erg__reserved_name(k, name))
        return erg__err(g, ERG_EINVAL, "'%s' is not an attribute of %s %s: it is one of its fields",
                        name, k == ERG_KIND_ENTITY ? "an" : "a", erg__kind_name(k));
    if (t == ERG_NULL || (unsigned)t > ERG_LIST ||
        (t == ERG_LIST && (elem == ERG_NULL || elem == ERG_LIST || (unsigned)elem > ERG_LIST)))
        return erg__err(g, ERG_EINVAL, "attribute '%s': bad type", name);
    if (erg__intern(g, name, strlen(name), &sid)) return g->errcode;
    return erg__col_declare(g, k, sid, t, elem, &col);
}

/* Columns grow by doubling; after an import each keeps room for exactly
 * the objects of its kind (rounded up to the bitmap's 64). */
void erg__attrs_trim(erg_graph *g) {
    const uint32_t count[3] = {g->nent, g->nrel, g->nsrc};
    for (int k = 0; k < 3; k++)
        for (uint32_t i = 0; i < g->schema[k].n; i++) {
            erg_col *c = &g->schema[k].cols[i];
            size_t want = ((size_t)count[k] + 63) / 64 * 64;
            if (want == 0 || want >= c->cap) continue;
            /* new blocks first, so a failure leaves the column as it was */
            erg_cell *cells = erg__mem(&g->a, NULL, 0, want * sizeof *cells);
            uint64_t *bits = erg__mem(&g->a, NULL, 0, want / 64 * sizeof *bits);
            if (!cells || !bits) {
                if (cells) erg__mem(&g->a, cells, want * sizeof *cells, 0);
                if (bits) erg__mem(&g->a, bits, want / 64 * sizeof *bits, 0);
                continue;
            }
            memcpy(cells, c->cells, want * sizeof *cells);
            memcpy(bits, c->present, want / 64 * sizeof *bits);
            erg__mem(&g->a, c->cells, (size_t)c->cap * sizeof *cells, 0);
            erg__mem(&g->a, c->present, (size_t)c->cap / 64 * sizeof *bits, 0);
            c->cells = cells;
            c->present = bits;
            c->cap = (uint32_t)want;
        }
}

/* Room for objects [0, n) in every column of kind k (a hint). */
void erg__attrs_reserve(erg_graph *g, erg_kind k, size_t n) {
    if (n == 0 || n >= (UINT32_C(1) << 31)) return;
    size_t want = (n + 63) / 64 * 64;
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        erg_col *c = &g->schema[k].cols[i];
        if (want <= c->cap) continue;
        erg_cell *cells = erg__mem(&g->a, NULL, 0, want * sizeof *cells);
        uint64_t *bits = erg__mem(&g->a, NULL, 0, want / 64 * sizeof *bits);
        if (!cells || !bits) {
            if (cells) erg__mem(&g->a, cells, want * sizeof *cells, 0);
            if (bits) erg__mem(&g->a, bits, want / 64 * sizeof *bits, 0);
            return;
        }
        if (c->cap) {
            memcpy(cells, c->cells, (size_t)c->cap * sizeof *cells);
            memcpy(bits, c->present, (size_t)c->cap / 64 * sizeof *bits);
        }
        memset(bits + c->cap / 64, 0, (want - c->cap) / 64 * sizeof *bits);
        erg__mem(&g->a, c->cells, (size_t)c->cap * sizeof *cells, 0);
        erg__mem(&g->a, c->present, (size_t)c->cap / 64 * sizeof *bits, 0);
        c->cells = cells;
        c->present = bits;
        c->cap = (uint32_t)want;
    }
}
