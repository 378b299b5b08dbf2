/*
 * objects.c -- the graph userdata (its object caches and ownership),
 * entities, relationships and sources as Lua objects: their fields and
 * methods, the iterators over them, and adding, deleting and merging them.
 *
 * An object is a small userdata holding its handle (index + generation);
 * every access checks the handle, so using a deleted object raises "entity
 * 'x' was deleted" instead of reading freed memory.  The graph caches one
 * userdata per object, so the same entity is always the same Lua value.
 */
#include "module.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_mt[] = {LERG_ENTITY, LERG_REL, LERG_SOURCE};

/* ---- the graph userdata ------------------------------------------------------ */
lerg_graph *lerg_check_graph(lua_State *L, int idx) {
    return luaL_checkudata(L, idx, LERG_GRAPH);
}

lerg_graph *lerg_live_graph(lua_State *L, int idx) {
    lerg_graph *G = lerg_check_graph(L, idx);
    if (!G->g) luaL_error(L, "the graph was closed");
    return G;
}

lerg_graph *lerg_push_graph(lua_State *L, erg_graph *g) {
    lerg_graph *G = lua_newuserdatauv(L, sizeof *G, 1);
    G->hold = NULL;
    G->g = g;
    luaL_setmetatable(L, LERG_GRAPH);
    /* the object caches: entities, relationships, sources by index */
    lua_createtable(L, 3, 0);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "v");
    lua_setfield(L, -2, "__mode");
    for (int k = 1; k <= 3; k++) {
        lua_newtable(L);
        lua_pushvalue(L, -2);
        lua_setmetatable(L, -2);
        lua_rawseti(L, -3, k);
    }
    lua_pop(L, 1);
    lua_setiuservalue(L, -2, 1);
    return G;
}

/* The holder's payload of an owned graph: the graph itself. */
static void owned_release(void *payload, lua_Alloc f, void *ud) {
    erg_graph **g = payload;
    (void)f;
    (void)ud;
    erg_graph_free(*g);
    *g = NULL;
}

lerg_graph *lerg_push_owner(lua_State *L) {
    lerg_graph *G = lerg_push_graph(L, NULL);
    lerg_cmem_attach(L, -1, sizeof(erg_graph *), owned_release);
    return G;
}

void lerg_own_graph(lerg_graph *G, erg_graph *g) {
    *(erg_graph **)(G->hold + 1) = g;
    G->g = g;
}

lerg_graph *lerg_new_graph(lua_State *L) {
    lerg_host *h = lerg_host_get(L);
    lerg_graph *G = lerg_push_owner(L);
    erg_graph *g = h && h->alloc ? erg_graph_new_with(h->alloc, h->alloc_ud) : erg_graph_new();
    if (!g) luaL_error(L, "not enough memory");
    lerg_own_graph(G, g);
    return G;
}

static int graph_gc(lua_State *L) {
    lerg_graph *G = lua_touserdata(L, 1);
    lerg_cmem_free(L, 1); /* an owned graph */
    G->g = NULL;
    return 0;
}

static int graph_tostring(lua_State *L) {
    lerg_graph *G = lerg_check_graph(L, 1);
    if (!G->g) lua_pushliteral(L, "<graph (closed)>");
    else lua_pushfstring(L, "<graph: %I entities, %I relationships>",
                         (lua_Integer)erg_entity_count(G->g), (lua_Integer)erg_rel_count(G->g));
    return 1;
}

/* The graph's metatable; its methods come from several files. */
static void graph_open(lua_State *L, const luaL_Reg *const *methods) {
    if (!luaL_newmetatable(L, LERG_GRAPH)) {
        lua_pop(L, 1);
        return;
    }
    lua_newtable(L);
    for (; *methods; methods++) luaL_setfuncs(L, *methods, 0);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, graph_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, graph_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, LERG_GRAPH);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}

/* ---- pushing and checking ---------------------------------------------------- */
static const char *obj_id(const erg_graph *g, erg_obj o) {
    switch (o.kind) {
    case ERG_KIND_ENTITY: { erg_entity e = {o.idx, o.gen}; return erg_entity_id(g, e); }
    case ERG_KIND_REL: { erg_rel r = {o.idx, o.gen}; return erg_rel_id(g, r); }
    default: { erg_source s = {o.idx, o.gen}; return erg_source_id(g, s); }
    }
}

void lerg_push_obj(lua_State *L, int gidx, erg_obj o) {
    gidx = lua_absindex(L, gidx);
    lua_getiuservalue(L, gidx, 1);
    lua_rawgeti(L, -1, (lua_Integer)o.kind + 1);
    if (lua_rawgeti(L, -1, (lua_Integer)o.idx) == LUA_TUSERDATA) {
        lerg_ref *r = lua_touserdata(L, -1);
        if (r->o.gen == o.gen) {
            lua_replace(L, -3);
            lua_pop(L, 1);
            return;
        }
    }
    lua_pop(L, 1);
    lerg_graph *G = lua_touserdata(L, gidx);
    lerg_ref *r = lua_newuserdatauv(L, sizeof *r, 1);
    r->G = G;
    r->o = o;
    r->id = obj_id(G->g, o);
    lua_pushvalue(L, gidx);
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, kind_mt[o.kind]);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, (lua_Integer)o.idx);
    lua_replace(L, -3);
    lua_pop(L, 1);
}

lerg_ref *lerg_to_ref(lua_State *L, int idx) {
    for (int k = 0; k < 3; k++) {
        lerg_ref *r = luaL_testudata(L, idx, kind_mt[k]);
        if (r) return r;
    }
    return NULL;
}

static lerg_ref *check_ref(lua_State *L, int idx, erg_kind k) {
    return luaL_checkudata(L, idx, kind_mt[k]);
}

/* Raises when o is dead (with the core's message) or its graph closed. */
static void check_alive(lua_State *L, lerg_ref *r) {
    erg_graph *g = r->G->g;
    int rc = ERG_OK;
    if (!g) luaL_error(L, "the graph was closed");
    switch (r->o.kind) {
    case ERG_KIND_ENTITY: { erg_entity e = {r->o.idx, r->o.gen}; rc = erg_entity_check(g, e); break; }
    case ERG_KIND_REL: { erg_rel x = {r->o.idx, r->o.gen}; rc = erg_rel_check(g, x); break; }
    default: {
        erg_source s = {r->o.idx, r->o.gen};
        if (!erg_source_id(g, s)) luaL_error(L, "source '%s' was deleted", r->id ? r->id : "?");
    }
    }
    if (rc) lerg_raise(L, g);
}

/* The live object at idx of kind k; pushes nothing. */
static lerg_ref *live_ref(lua_State *L, int idx, erg_kind k) {
    lerg_ref *r = check_ref(L, idx, k);
    check_alive(L, r);
    return r;
}

static erg_entity ent_of(const lerg_ref *r) {
    erg_entity e = {r->o.idx, r->o.gen};
    return e;
}
static erg_rel rel_of(const lerg_ref *r) {
    erg_rel x = {r->o.idx, r->o.gen};
    return x;
}

/* The error for an ambiguous name: every entity whose name or alias folds
 * to the same words, with its id and name.  The search result lives in a
 * holder while the message is built, so a raising push cannot leak it. */
typedef struct ambiguous_hold {
    erg_graph *g; /* set once the result is there */
    erg_find_result r;
} ambiguous_hold;

static void ambiguous_release(void *payload, lua_Alloc f, void *ud) {
    (void)f;
    (void)ud;
    ambiguous_hold *h = payload;
    if (h->g) erg_find_result_free(h->g, &h->r);
    h->g = NULL;
}

int lerg_raise_ambiguous(lua_State *L, lerg_graph *G, const char *q) {
    ambiguous_hold *h = lerg_cmem_push(L, sizeof *h, 0, "erg.ambiguous", ambiguous_release);
    if (erg_find(G->g, q, NULL, &h->r) != ERG_OK) return lerg_raise(L, G->g);
    h->g = G->g;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    size_t n = 0;
    for (size_t i = 0; i < h->r.n; i++) n += h->r.items[i].how == ERG_FIND_EXACT;
    lua_pushfstring(L, "name '%s' is ambiguous: %d entities carry it:", q, (int)n);
    luaL_addvalue(&b);
    for (size_t i = 0; i < h->r.n; i++) {
        const erg_find_hit *x = &h->r.items[i];
        if (x->how != ERG_FIND_EXACT) continue;
        const char *name = erg_entity_name(G->g, x->entity);
        lua_pushfstring(L, " %s (%s)%s", erg_entity_id(G->g, x->entity), name ? name : "",
                        --n ? "," : "; use an id");
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    return lua_error(L);
}

erg_entity lerg_check_entity(lua_State *L, int idx, lerg_graph *G) {
    if (lua_type(L, idx) == LUA_TSTRING) {
        const char *q = lerg_check_text(L, idx, "an entity id");
        erg_entity e;
        int rc = erg_entity_find(G->g, q, &e);
        if (rc == ERG_ENOTFOUND) luaL_error(L, "no entity '%s'", q);
        if (rc == ERG_EAMBIGUOUS) lerg_raise_ambiguous(L, G, q);
        if (rc) lerg_raise(L, G->g);
        return e;
    }
    lerg_ref *r = luaL_testudata(L, idx, LERG_ENTITY);
    if (!r) luaL_typeerror(L, idx, "entity or entity id");
    if (r->G != G) luaL_error(L, "entity '%s' belongs to another graph", r->id);
    check_alive(L, r);
    return ent_of(r);
}

/* ---- properties ------------------------------------------------------------- */
static void push_aliases(lua_State *L, erg_graph *g, erg_entity e) {
    size_t n = erg_entity_alias_count(g, e);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_pushstring(L, erg_entity_alias(g, e, i));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static void push_opt_string(lua_State *L, const char *s) {
    if (s) lua_pushstring(L, s);
    else lua_pushnil(L);
}

/* Pushes field `name` of live o and returns true, or returns false when
 * name is not a field of its kind. */
static bool push_field(lua_State *L, int gidx, erg_graph *g, erg_obj o, const char *name) {
    if (!strcmp(name, "id")) {
        lua_pushstring(L, obj_id(g, o));
        return true;
    }
    if (o.kind == ERG_KIND_ENTITY) {
        erg_entity e = {o.idx, o.gen};
        if (!strcmp(name, "type")) push_opt_string(L, erg_entity_type(g, e));
        else if (!strcmp(name, "name")) push_opt_string(L, erg_entity_name(g, e));
        else if (!strcmp(name, "aliases")) push_aliases(L, g, e);
        else return false;
        return true;
    }
    if (o.kind == ERG_KIND_REL) {
        erg_rel r = {o.idx, o.gen};
        if (!strcmp(name, "type")) push_opt_string(L, erg_rel_type(g, r));
        else if (!strcmp(name, "from")) lerg_push_obj(L, gidx, erg_obj_entity(erg_rel_from(g, r)));
        else if (!strcmp(name, "to")) lerg_push_obj(L, gidx, erg_obj_entity(erg_rel_to(g, r)));
        else if (!strcmp(name, "directed")) lua_pushboolean(L, erg_rel_directed(g, r));
        else return false;
        return true;
    }
    return false;
}

void lerg_push_prop(lua_State *L, int gidx, lerg_graph *G, erg_obj o, const char *name) {
    gidx = lua_absindex(L, gidx);
    if (push_field(L, gidx, G->g, o, name)) return;
    erg_value v;
    if (erg_attr_get(G->g, o, name, &v) != ERG_OK) lerg_raise(L, G->g);
    lerg_push_value(L, &v);
}

/* x:get(name): a field or attribute value, nil when absent. */
static int o_get(lua_State *L) {
    lerg_ref *r = lerg_to_ref(L, 1);
    if (!r) return luaL_typeerror(L, 1, "entity, relationship or source");
    check_alive(L, r);
    const char *name = lerg_check_text(L, 2, "an attribute name");
    lua_getiuservalue(L, 1, 1);
    lerg_push_prop(L, -1, r->G, r->o, name);
    return 1;
}

static bool same_text(const char *a, const char *b) { /* ASCII case-insensitive, as the core */
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a, y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y) return false;
    }
    return *a == *b;
}

static lerg_vec *check_aliases(lua_State *L, int idx, const char *fn);

/* e.aliases = {...}: adds the new aliases first (undone if one fails), then
 * removes the old ones not kept, which cannot fail. */
static int replace_aliases(lua_State *L, erg_graph *g, erg_entity e, int vidx) {
    lerg_vec *want = check_aliases(L, vidx, "aliases");
    lerg_vec *old = lerg_vec_new(L, sizeof(const char *)), *added = lerg_vec_new(L, sizeof(const char *));
    size_t n = erg_entity_alias_count(g, e);
    for (size_t i = 0; i < n; i++) *(const char **)lerg_vec_push(L, old) = erg_entity_alias(g, e, i);
    lerg_vec_push(L, added); /* room for every alias added, reserved before changing anything */
    for (size_t i = 1; i < want->n; i++) lerg_vec_push(L, added);
    added->n = 0;
    const char **w = want->p, **o = old->p, **a = added->p;
    for (size_t i = 0; i < want->n; i++) {
        size_t before = erg_entity_alias_count(g, e);
        if (erg_entity_add_alias(g, e, w[i]) != ERG_OK) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s", erg_errmsg(g));
            while (added->n > 0) erg_entity_remove_alias(g, e, a[--added->n]);
            return luaL_error(L, "%s", msg);
        }
        if (erg_entity_alias_count(g, e) > before) a[added->n++] = w[i];
    }
    for (size_t i = 0; i < old->n; i++) {
        bool keep = false;
        for (size_t j = 0; j < want->n && !keep; j++) keep = same_text(o[i], w[j]);
        if (!keep) erg_entity_remove_alias(g, e, o[i]);
    }
    return ERG_OK;
}

/* Sets a field that can be set; returns false for other names. */
static bool set_field(lua_State *L, lerg_ref *r, const char *name, int vidx) {
    erg_graph *g = r->G->g;
    int rc;
    if (r->o.kind == ERG_KIND_ENTITY && !strcmp(name, "name")) {
        rc = erg_entity_set_name(g, ent_of(r), lua_isnil(L, vidx) ? NULL : lerg_check_text(L, vidx, "a name"));
    } else if (r->o.kind == ERG_KIND_ENTITY && !strcmp(name, "type")) {
        rc = erg_entity_set_type(g, ent_of(r), lerg_check_text(L, vidx, "a type"));
    } else if (r->o.kind == ERG_KIND_REL && !strcmp(name, "type")) {
        rc = erg_rel_set_type(g, rel_of(r), lerg_check_text(L, vidx, "a type"));
    } else if (r->o.kind == ERG_KIND_ENTITY && !strcmp(name, "aliases")) {
        rc = replace_aliases(L, g, ent_of(r), vidx);
    } else if (!strcmp(name, "id")) {
        luaL_error(L, "the id of %s '%s' cannot be changed",
                   r->o.kind == ERG_KIND_ENTITY ? "entity" : r->o.kind == ERG_KIND_REL ? "relationship" : "source",
                   r->id);
        return true;
    } else {
        return false;
    }
    if (rc) lerg_raise(L, g);
    return true;
}

/* x:set(name, value): a settable field or an attribute (nil removes it). */
static int o_set(lua_State *L) {
    lerg_ref *r = lerg_to_ref(L, 1);
    if (!r) return luaL_typeerror(L, 1, "entity, relationship or source");
    check_alive(L, r);
    const char *name = lerg_check_text(L, 2, "an attribute name");
    luaL_checkany(L, 3);
    lua_settop(L, 3);
    if (set_field(L, r, name, 3)) return 0;
    erg_value v;
    lerg_to_value(L, 3, name, &v);
    if (erg_attr_set(r->G->g, r->o, name, &v) != ERG_OK) return lerg_raise(L, r->G->g);
    return 0;
}

/* x:attrs(): a table of every attribute the object holds. */
static int o_attrs(lua_State *L) {
    lerg_ref *r = lerg_to_ref(L, 1);
    if (!r) return luaL_typeerror(L, 1, "entity, relationship or source");
    check_alive(L, r);
    erg_graph *g = r->G->g;
    size_t n = erg_schema_count(g, r->o.kind);
    lua_newtable(L);
    for (size_t i = 0; i < n; i++) {
        erg_value v;
        if (erg_attr_get_at(g, r->o, i, &v) != ERG_OK) return lerg_raise(L, g);
        if (v.type == ERG_NULL) continue;
        lerg_push_value(L, &v);
        lua_setfield(L, -2, erg_schema_name(g, r->o.kind, i));
    }
    return 1;
}

/* x:sources(): the source objects its "source" attribute cites (ids with
 * no source record are left out). */
static int o_sources(lua_State *L) {
    lerg_ref *r = lerg_to_ref(L, 1);
    if (!r) return luaL_typeerror(L, 1, "entity or relationship");
    check_alive(L, r);
    erg_graph *g = r->G->g;
    erg_value v;
    if (erg_attr_get(g, r->o, "source", &v) != ERG_OK) return lerg_raise(L, g);
    lua_getiuservalue(L, 1, 1);
    int gidx = lua_gettop(L);
    lua_newtable(L);
    const erg_value *items = v.type == ERG_LIST ? v.u.list.items : &v;
    size_t n = v.type == ERG_LIST ? v.u.list.n : v.type == ERG_STRING ? 1 : 0;
    lua_Integer k = 0;
    for (size_t i = 0; i < n; i++) {
        erg_source s;
        if (items[i].type != ERG_STRING) continue;
        lua_pushlstring(L, items[i].u.s.ptr, items[i].u.s.len);
        int found = erg_source_by_id(g, lua_tostring(L, -1), &s);
        lua_pop(L, 1);
        if (found != ERG_OK) continue;
        lerg_push_obj(L, gidx, erg_obj_source(s));
        lua_rawseti(L, -2, ++k);
    }
    return 1;
}

/* ---- iterators -------------------------------------------------------------- */
/* A snapshot of relationship handles, handed out while they stay alive:
 * the graph may change during the loop (deleting, adding) without
 * harm.  It is one plain userdata sized to the count (no C block, no
 * growth): the adjacency is walked once to count and once to copy. */
typedef struct snapshot {
    size_t n;
    erg_rel rels[];
} snapshot;

static int snap_next(lua_State *L) {
    const snapshot *v = lua_touserdata(L, lua_upvalueindex(1));
    lerg_graph *G = lua_touserdata(L, lua_upvalueindex(2));
    lua_Integer pos = lua_tointeger(L, lua_upvalueindex(3));
    const erg_rel *rels = v->rels;
    lerg_charge(L, lerg_host_get(L), 1);
    if (!G->g) return luaL_error(L, "the graph was closed");
    while ((size_t)pos < v->n) {
        erg_rel r = rels[pos++];
        if (!erg_rel_alive(G->g, r)) continue;
        lua_pushinteger(L, pos);
        lua_replace(L, lua_upvalueindex(3));
        lerg_push_obj(L, lua_upvalueindex(2), erg_obj_rel(r));
        return 1;
    }
    lua_pushinteger(L, pos);
    lua_replace(L, lua_upvalueindex(3));
    return 0;
}

/* Pushes an iterator over the relationships at e in direction dir and of
 * type (NULL: any) whose from (to) is the given entity when want_from
 * (want_to) is set.  gidx: the graph userdata. */
static void push_adj_iter(lua_State *L, int gidx, erg_entity e, erg_dir dir, const char *type,
                          const erg_entity *want_from, const erg_entity *want_to) {
    gidx = lua_absindex(L, gidx);
    lerg_graph *G = lua_touserdata(L, gidx);
    lerg_host *h = lerg_host_get(L);
    erg_adj it;
    erg_rel r;
    size_t n = 0;
    if (erg_adjacent(G->g, e, dir, type, &it) != ERG_OK) lerg_raise(L, G->g);
    while (erg_adj_next(G->g, &it, &r)) {
        lerg_charge(L, h, 1);
        if (want_from && erg_rel_from(G->g, r).idx != want_from->idx) continue;
        if (want_to && erg_rel_to(G->g, r).idx != want_to->idx) continue;
        n++;
    }
    if (n > (SIZE_MAX - sizeof(snapshot)) / sizeof(erg_rel)) luaL_error(L, "not enough memory");
    snapshot *v = lua_newuserdatauv(L, sizeof(snapshot) + n * sizeof(erg_rel), 0);
    v->n = 0;
    erg_adjacent(G->g, e, dir, type, &it); /* succeeded above; nothing changed since */
    while (v->n < n && erg_adj_next(G->g, &it, &r)) {
        if (want_from && erg_rel_from(G->g, r).idx != want_from->idx) continue;
        if (want_to && erg_rel_to(G->g, r).idx != want_to->idx) continue;
        v->rels[v->n++] = r;
    }
    lua_pushvalue(L, gidx);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, snap_next, 3);
}

static const char *opt_type(lua_State *L, int idx) {
    return lua_isnoneornil(L, idx) ? NULL : lerg_check_text(L, idx, "a type");
}

static int e_adj(lua_State *L, erg_dir dir) {
    lerg_ref *r = live_ref(L, 1, ERG_KIND_ENTITY);
    const char *type = opt_type(L, 2);
    lua_getiuservalue(L, 1, 1);
    push_adj_iter(L, -1, ent_of(r), dir, type, NULL, NULL);
    return 1;
}
static int e_out(lua_State *L) { return e_adj(L, ERG_OUT); }
static int e_in(lua_State *L) { return e_adj(L, ERG_IN); }
static int e_both(lua_State *L) { return e_adj(L, ERG_BOTH); }

/* The iterator over g's entities, relationships or sources in insertion
 * order; upvalues: the graph, the erg_iter userdata, the kind. */
static int seq_next(lua_State *L) {
    lerg_graph *G = lua_touserdata(L, lua_upvalueindex(1));
    erg_iter *it = lua_touserdata(L, lua_upvalueindex(2));
    erg_kind k = (erg_kind)lua_tointeger(L, lua_upvalueindex(3));
    lerg_charge(L, lerg_host_get(L), 1);
    if (!G->g) return luaL_error(L, "the graph was closed");
    erg_obj o;
    bool more;
    if (k == ERG_KIND_ENTITY) {
        erg_entity e;
        more = erg_entity_next(G->g, it, &e);
        o = erg_obj_entity(e);
    } else if (k == ERG_KIND_REL) {
        erg_rel r;
        more = erg_rel_next(G->g, it, &r);
        o = erg_obj_rel(r);
    } else {
        erg_source s;
        more = erg_source_next(G->g, it, &s);
        o = erg_obj_source(s);
    }
    if (!more) return 0;
    lerg_push_obj(L, lua_upvalueindex(1), o);
    return 1;
}

static void push_seq_iter(lua_State *L, int gidx, erg_iter it, erg_kind k) {
    gidx = lua_absindex(L, gidx);
    lua_pushvalue(L, gidx);
    erg_iter *p = lua_newuserdatauv(L, sizeof *p, 0);
    *p = it;
    lua_pushinteger(L, k);
    lua_pushcclosure(L, seq_next, 3);
}

/* Reads the options table at idx: each key must be one of `known`;
 * returns the string value of `key` (NULL when absent). */
static void check_opts(lua_State *L, int idx, const char *fn, const char *const *known) {
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        bool ok = false;
        for (const char *const *k = known; *k && !ok; k++)
            ok = lua_type(L, -1) == LUA_TSTRING && !strcmp(lua_tostring(L, -1), *k);
        if (!ok) luaL_error(L, "%s: unknown option '%s'", fn, luaL_tolstring(L, -1, NULL));
    }
}

static const char *opt_string(lua_State *L, int idx, const char *key) {
    lua_getfield(L, idx, key);
    const char *s = lua_isnil(L, -1) ? NULL : lerg_check_text(L, -1, key);
    lua_pop(L, 1); /* the table keeps it alive */
    return s;
}

/* g:entities([type | {type=}]). */
int lerg_g_entities(lua_State *L) {
    lerg_graph *G = lerg_check_graph(L, 1);
    const char *type = NULL;
    if (lua_istable(L, 2)) {
        static const char *const known[] = {"type", NULL};
        check_opts(L, 2, "entities", known);
        type = opt_string(L, 2, "type");
    } else {
        type = opt_type(L, 2);
    }
    if (!G->g) return luaL_error(L, "the graph was closed");
    push_seq_iter(L, 1, erg_entities(G->g, type), ERG_KIND_ENTITY);
    return 1;
}

/* g:relationships([type | {type=, from=, to=}]). */
int lerg_g_relationships(lua_State *L) {
    lerg_graph *G = lerg_check_graph(L, 1);
    const char *type = NULL;
    bool has_from = false, has_to = false;
    erg_entity from = {0, 0}, to = {0, 0};
    if (!G->g) return luaL_error(L, "the graph was closed");
    if (lua_istable(L, 2)) {
        static const char *const known[] = {"type", "from", "to", NULL};
        check_opts(L, 2, "relationships", known);
        type = opt_string(L, 2, "type");
        if (lua_getfield(L, 2, "from") != LUA_TNIL) {
            from = lerg_check_entity(L, -1, G);
            has_from = true;
        }
        if (lua_getfield(L, 2, "to") != LUA_TNIL) {
            to = lerg_check_entity(L, -1, G);
            has_to = true;
        }
        lua_pop(L, 2);
    } else {
        type = opt_type(L, 2);
    }
    if (has_from) push_adj_iter(L, 1, from, ERG_BOTH, type, &from, has_to ? &to : NULL);
    else if (has_to) push_adj_iter(L, 1, to, ERG_BOTH, type, NULL, &to);
    else push_seq_iter(L, 1, erg_rels(G->g, type), ERG_KIND_REL);
    return 1;
}

/* g:sources(). */
int lerg_g_sources(lua_State *L) {
    lerg_graph *G = lerg_check_graph(L, 1);
    if (!G->g) return luaL_error(L, "the graph was closed");
    push_seq_iter(L, 1, erg_sources(G->g), ERG_KIND_SOURCE);
    return 1;
}

/* ---- adding ------------------------------------------------------------------ */
/* An attribute of an add_*{} spec, converted before anything is added. */
typedef struct spec_attr {
    const char *name;
    erg_value v;
} spec_attr;

static int cmp_attr(const void *a, const void *b) {
    return strcmp(((const spec_attr *)a)->name, ((const spec_attr *)b)->name);
}

/* Converts the attributes of spec (the table at idx) into a vector sorted
 * by name, pushed on the stack, followed by a table keeping their lists'
 * items alive.  All the Lua allocation of an add happens here, before the
 * graph changes, so running out of memory cannot leave half an object. */
static lerg_vec *spec_attrs(lua_State *L, int idx, erg_kind k, const char *fn) {
    lerg_vec *v = lerg_vec_new(L, sizeof(spec_attr));
    lua_newtable(L);
    int keep = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_error(L, "%s: field names must be strings, not %s", fn, luaL_typename(L, -2));
        const char *name = lerg_check_text(L, -2, "an attribute name");
        if (!erg_reserved_name(k, name)) { /* fields are read by the caller */
            spec_attr *a = lerg_vec_push(L, v);
            a->name = name; /* kept by the spec table */
            a->v = erg_null();
            lerg_to_value(L, -1, name, &a->v);
            lua_rawseti(L, keep, (lua_Integer)v->n);
        }
        lua_pop(L, 1);
    }
    if (v->n > 1) qsort(v->p, v->n, sizeof(spec_attr), cmp_attr);
    return v;
}

static bool has_column(erg_graph *g, erg_kind k, const char *name) {
    size_t n = erg_schema_count(g, k);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(erg_schema_name(g, k, i), name)) return true;
    return false;
}

/* Sets the converted attributes on o: those the graph already knows first
 * (they are the ones that can be refused), then the new ones, so that a
 * refusal declares no new attribute.  Allocates nothing in Lua.  Returns
 * the status; the graph's message says what failed. */
static int set_attrs(erg_graph *g, erg_obj o, const lerg_vec *v) {
    const spec_attr *attrs = v->p;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < v->n; i++) {
            if (has_column(g, o.kind, attrs[i].name) != (pass == 0)) continue;
            int rc = erg_attr_set(g, o, attrs[i].name, &attrs[i].v);
            if (rc) return rc;
        }
    return ERG_OK;
}

/* Undoes an add (o) and raises the graph's message; the message is copied
 * first and the undoing allocates nothing, so the graph is whole even when
 * raising runs out of memory. */
static int undo_and_raise(lua_State *L, erg_graph *g, erg_obj o) {
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", erg_errmsg(g));
    if (o.kind == ERG_KIND_ENTITY) { erg_entity e = {o.idx, o.gen}; erg_entity_delete(g, e); }
    else if (o.kind == ERG_KIND_REL) { erg_rel r = {o.idx, o.gen}; erg_rel_delete(g, r); }
    else { erg_source s = {o.idx, o.gen}; erg_source_delete(g, s); }
    return luaL_error(L, "%s", msg);
}

static const char *need_field(lua_State *L, int idx, const char *fn, const char *key) {
    int t = lua_getfield(L, idx, key);
    if (t == LUA_TNIL) luaL_error(L, "%s: '%s' is required", fn, key);
    if (t != LUA_TSTRING) luaL_error(L, "%s: '%s' must be a string, not %s", fn, key, luaL_typename(L, -1));
    const char *s = lerg_check_text(L, -1, key);
    lua_pop(L, 1);
    return s;
}

static const char *opt_field(lua_State *L, int idx, const char *fn, const char *key) {
    int t = lua_getfield(L, idx, key);
    const char *s = NULL;
    if (t != LUA_TNIL && t != LUA_TSTRING)
        luaL_error(L, "%s: '%s' must be a string, not %s", fn, key, luaL_typename(L, -1));
    if (t == LUA_TSTRING) s = lerg_check_text(L, -1, key);
    lua_pop(L, 1);
    return s;
}

/* The alias strings of the list at idx (nil: none) in a vector pushed on
 * the stack; the list keeps them alive. */
static lerg_vec *check_aliases(lua_State *L, int idx, const char *fn) {
    int t = lua_type(L, idx);
    if (t != LUA_TNIL && t != LUA_TTABLE) luaL_error(L, "%s: 'aliases' must be a table, not %s", fn, luaL_typename(L, idx));
    lerg_vec *v = lerg_vec_new(L, sizeof(const char *));
    lua_Integer n = t == LUA_TTABLE ? (lua_Integer)lua_rawlen(L, idx) : 0;
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, idx, i) != LUA_TSTRING)
            luaL_error(L, "%s: alias %I must be a string, not %s", fn, i, luaL_typename(L, -1));
        *(const char **)lerg_vec_push(L, v) = lerg_check_text(L, -1, "an alias");
        lua_pop(L, 1);
    }
    return v;
}

/* g:add_entity{id=, type=, name=, aliases={...}, attr=value, ...}. */
int lerg_g_add_entity(lua_State *L) {
    lerg_graph *G = lerg_check_graph(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    if (!G->g) return luaL_error(L, "the graph was closed");
    const char *id = need_field(L, 2, "add_entity", "id");
    const char *type = need_field(L, 2, "add_entity", "type");
    const char *name = opt_field(L, 2, "add_entity", "name");
    lua_getfield(L, 2, "aliases"); /* stack 3 */
    lerg_vec *aliases = check_aliases(L, 3, "add_entity");
    lerg_vec *attrs = spec_attrs(L, 2, ERG_KIND_ENTITY, "add_entity");
    erg_entity e;
    if (erg_entity_add(G->g, id, type, name, &e) != ERG_OK) return lerg_raise(L, G->g);
    erg_obj o = erg_obj_entity(e);
    for (size_t i = 0; i < aliases->n; i++)
        if (erg_entity_add_alias(G->g, e, ((const char **)aliases->p)[i]) != ERG_OK) return undo_and_raise(L, G->g, o);
    if (set_attrs(G->g, o, attrs) != ERG_OK) return undo_and_raise(L, G->g, o);
    lerg_push_obj(L, 1, o);
    return 1;
}

/* g:add_relationship{from=, to=, type=, id=, directed=, attr=value, ...}. */
int lerg_g_add_relationship(lua_State *L) {
    lerg_graph *G = lerg_check_graph(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    if (!G->g) return luaL_error(L, "the graph was closed");
    if (lua_getfield(L, 2, "from") == LUA_TNIL) return luaL_error(L, "add_relationship: 'from' is required");
    erg_entity from = lerg_check_entity(L, 3, G);
    if (lua_getfield(L, 2, "to") == LUA_TNIL) return luaL_error(L, "add_relationship: 'to' is required");
    erg_entity to = lerg_check_entity(L, 4, G);
    const char *type = need_field(L, 2, "add_relationship", "type");
    const char *id = opt_field(L, 2, "add_relationship", "id");
    bool directed = true;
    int t = lua_getfield(L, 2, "directed");
    if (t != LUA_TNIL && t != LUA_TBOOLEAN)
        return luaL_error(L, "add_relationship: 'directed' must be a boolean, not %s", luaL_typename(L, -1));
    if (t == LUA_TBOOLEAN) directed = lua_toboolean(L, -1);
    lua_pop(L, 1);
    lerg_vec *attrs = spec_attrs(L, 2, ERG_KIND_REL, "add_relationship");
    erg_rel r;
    if (erg_rel_add(G->g, id, from, to, type, directed, &r) != ERG_OK) return lerg_raise(L, G->g);
    erg_obj o = erg_obj_rel(r);
    if (set_attrs(G->g, o, attrs) != ERG_OK) return undo_and_raise(L, G->g, o);
    lerg_push_obj(L, 1, o);
    return 1;
}

/* g:add_source{id=, attr=value, ...}. */
int lerg_g_add_source(lua_State *L) {
    lerg_graph *G = lerg_check_graph(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    if (!G->g) return luaL_error(L, "the graph was closed");
    const char *id = need_field(L, 2, "add_source", "id");
    lerg_vec *attrs = spec_attrs(L, 2, ERG_KIND_SOURCE, "add_source");
    erg_source s;
    if (erg_source_add(G->g, id, &s) != ERG_OK) return lerg_raise(L, G->g);
    erg_obj o = erg_obj_source(s);
    if (set_attrs(G->g, o, attrs) != ERG_OK) return undo_and_raise(L, G->g, o);
    lerg_push_obj(L, 1, o);
    return 1;
}

/* g:delete(x): an entity (with its relationships), relationship or source. */
int lerg_g_delete(lua_State *L) {
    lerg_graph *G = lerg_check_graph(L, 1);
    if (!G->g) return luaL_error(L, "the graph was closed");
    int rc;
    if (lua_type(L, 2) == LUA_TSTRING) {
        rc = erg_entity_delete(G->g, lerg_check_entity(L, 2, G));
    } else {
        lerg_ref *r = lerg_to_ref(L, 2);
        if (!r) return luaL_typeerror(L, 2, "entity, relationship or source");
        if (r->G != G) return luaL_error(L, "'%s' belongs to another graph", r->id);
        check_alive(L, r);
        if (r->o.kind == ERG_KIND_ENTITY) rc = erg_entity_delete(G->g, ent_of(r));
        else if (r->o.kind == ERG_KIND_REL) rc = erg_rel_delete(G->g, rel_of(r));
        else { erg_source s = {r->o.idx, r->o.gen}; rc = erg_source_delete(G->g, s); }
    }
    if (rc) return lerg_raise(L, G->g);
    return 0;
}

/* g:merge(keep, other) -> keep. */
int lerg_g_merge(lua_State *L) {
    lerg_graph *G = lerg_check_graph(L, 1);
    if (!G->g) return luaL_error(L, "the graph was closed");
    erg_entity keep = lerg_check_entity(L, 2, G), other = lerg_check_entity(L, 3, G);
    if (erg_entity_merge(G->g, keep, other) != ERG_OK) return lerg_raise(L, G->g);
    lerg_push_obj(L, 1, erg_obj_entity(keep));
    return 1;
}

/* ---- entity, relationship and source objects ---------------------------------- */
static int e_add_alias(lua_State *L) {
    lerg_ref *r = live_ref(L, 1, ERG_KIND_ENTITY);
    if (erg_entity_add_alias(r->G->g, ent_of(r), lerg_check_text(L, 2, "an alias")) != ERG_OK)
        return lerg_raise(L, r->G->g);
    return 0;
}

static int e_remove_alias(lua_State *L) {
    lerg_ref *r = live_ref(L, 1, ERG_KIND_ENTITY);
    if (erg_entity_remove_alias(r->G->g, ent_of(r), lerg_check_text(L, 2, "an alias")) != ERG_OK)
        return lerg_raise(L, r->G->g);
    return 0;
}

/* r:other(e): the entity at the other end of r. */
static int r_other(lua_State *L) {
    lerg_ref *r = live_ref(L, 1, ERG_KIND_REL);
    erg_entity e = lerg_check_entity(L, 2, r->G);
    erg_graph *g = r->G->g;
    erg_rel x = rel_of(r);
    if (erg_rel_from(g, x).idx != e.idx && erg_rel_to(g, x).idx != e.idx)
        return luaL_error(L, "relationship '%s' does not touch entity '%s'", r->id, erg_entity_id(g, e));
    lua_getiuservalue(L, 1, 1);
    lerg_push_obj(L, -1, erg_obj_entity(erg_rel_other(g, x, e)));
    return 1;
}

static const luaL_Reg entity_methods[] = {
    {"get", o_get}, {"set", o_set}, {"attrs", o_attrs}, {"sources", o_sources},
    {"out", e_out}, {"in_", e_in}, {"both", e_both}, {"add_alias", e_add_alias},
    {"remove_alias", e_remove_alias}, {NULL, NULL}};
static const luaL_Reg rel_methods[] = {
    {"get", o_get}, {"set", o_set}, {"attrs", o_attrs}, {"sources", o_sources},
    {"other", r_other}, {NULL, NULL}};
static const luaL_Reg source_methods[] = {
    {"get", o_get}, {"set", o_set}, {"attrs", o_attrs}, {NULL, NULL}};

static const char *kind_word(erg_kind k) {
    return k == ERG_KIND_ENTITY ? "entity" : k == ERG_KIND_REL ? "relationship" : "source";
}

/* __index: methods (upvalue 1), then fields of a live object.  Upvalue 2
 * is the kind's metatable: comparing it is the whole type check (this runs
 * for every r.to and e.type a script reads). */
static int o_index(lua_State *L) {
    lerg_ref *r = NULL;
    if (lua_getmetatable(L, 1)) {
        if (lua_rawequal(L, -1, lua_upvalueindex(2))) r = lua_touserdata(L, 1);
        lua_pop(L, 1);
    }
    if (!r) return luaL_typeerror(L, 1, "entity, relationship or source");
    lua_settop(L, 2);
    if (lua_type(L, 2) == LUA_TSTRING) {
        lua_pushvalue(L, 2);
        if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
        lua_pop(L, 1);
    }
    const char *key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : luaL_tolstring(L, 2, NULL);
    check_alive(L, r);
    lua_getiuservalue(L, 1, 1);
    if (lua_type(L, 2) == LUA_TSTRING && push_field(L, -1, r->G->g, r->o, key)) return 1;
    return luaL_error(L, "%s has no field '%s' (attributes are read with x:get('%s'))",
                      kind_word(r->o.kind), key, key);
}

static int o_newindex(lua_State *L) {
    lerg_ref *r = lerg_to_ref(L, 1);
    const char *key = luaL_tolstring(L, 2, NULL);
    check_alive(L, r);
    if (lua_type(L, 2) == LUA_TSTRING && set_field(L, r, key, 3)) return 0;
    return luaL_error(L, "cannot set field '%s' of %s '%s' (attributes are set with x:set('%s', value))",
                      key, kind_word(r->o.kind), r->id, key);
}

static int o_tostring(lua_State *L) {
    lerg_ref *r = lerg_to_ref(L, 1);
    erg_graph *g = r->G->g;
    bool alive = g && (r->o.kind == ERG_KIND_ENTITY ? erg_entity_alive(g, ent_of(r))
                       : r->o.kind == ERG_KIND_REL ? erg_rel_alive(g, rel_of(r))
                       : obj_id(g, r->o) != NULL);
    if (!alive) {
        lua_pushfstring(L, "<%s %s (deleted)>", kind_word(r->o.kind), r->id);
    } else if (r->o.kind == ERG_KIND_REL) {
        erg_rel x = rel_of(r);
        lua_pushfstring(L, "<relationship %s: %s -%s-%s %s>", r->id, erg_entity_id(g, erg_rel_from(g, x)),
                        erg_rel_type(g, x), erg_rel_directed(g, x) ? ">" : "", erg_entity_id(g, erg_rel_to(g, x)));
    } else {
        lua_pushfstring(L, "<%s %s>", kind_word(r->o.kind), r->id);
    }
    return 1;
}

void lerg_obj_open(lua_State *L, const luaL_Reg *const *graph_methods, const luaL_Reg *entity_extra) {
    const luaL_Reg *methods[] = {entity_methods, rel_methods, source_methods};
    static const luaL_Reg none[] = {{NULL, NULL}};
    graph_open(L, graph_methods);
    for (int k = 0; k < 3; k++) {
        if (!luaL_newmetatable(L, kind_mt[k])) {
            lua_pop(L, 1);
            continue;
        }
        lua_newtable(L);
        luaL_setfuncs(L, methods[k], 0);
        luaL_setfuncs(L, k == ERG_KIND_ENTITY && entity_extra ? entity_extra : none, 0);
        lua_pushvalue(L, -2); /* the metatable itself: o_index's type check */
        lua_pushcclosure(L, o_index, 2);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, o_newindex);
        lua_setfield(L, -2, "__newindex");
        lua_pushcfunction(L, o_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushstring(L, kind_mt[k]);
        lua_setfield(L, -2, "__metatable");
        lua_pop(L, 1);
    }
}
