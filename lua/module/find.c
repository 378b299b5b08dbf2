/*
 * find.c -- the Lua side of name search, entity resolution and
 * interlocks: g:find, g:merge (with its report), g:merges, g:unmerge,
 * g:dedupe and g:interlocks.  Core results live in a userdata (lerg_cmem) while they are
 * turned into tables, so a raising push cannot leak them.
 */
#include "module.h"

#include <string.h>

/* ---- results held by a userdata -------------------------------------------- */
typedef enum { HELD_FIND = 1, HELD_MERGE, HELD_MERGES, HELD_DEDUPE, HELD_INTERLOCKS } held_kind;
typedef struct held {
    erg_graph *g;
    held_kind kind;
    union {
        erg_find_result find;
        erg_merge_report merge;
        erg_merge_list merges;
        erg_dedupe_result dedupe;
        erg_interlocks interlocks;
    } u;
} held;

static void held_release(void *payload, lua_Alloc f, void *ud) {
    (void)f;
    (void)ud;
    held *h = payload;
    if (!h->g) return;
    switch (h->kind) {
    case HELD_FIND: erg_find_result_free(h->g, &h->u.find); break;
    case HELD_MERGE: erg_merge_report_free(h->g, &h->u.merge); break;
    case HELD_MERGES: erg_merges_free(h->g, &h->u.merges); break;
    case HELD_DEDUPE: erg_dedupe_result_free(h->g, &h->u.dedupe); break;
    case HELD_INTERLOCKS: erg_interlocks_free(h->g, &h->u.interlocks); break;
    }
    h->g = NULL;
}

static held *held_push(lua_State *L, erg_graph *g, held_kind kind) {
    held *h = lerg_cmem_push(L, sizeof *h, 0, "erg.held", held_release);
    h->kind = kind;
    (void)g; /* set once the result is there, so release frees only that */
    return h;
}

static lerg_graph *open_graph(lua_State *L) {
    lerg_graph *G = lerg_check_graph(L, 1);
    if (!G->g) luaL_error(L, "the graph was closed");
    return G;
}

static void set_str(lua_State *L, const char *k, const char *v) {
    if (v) lua_pushstring(L, v);
    else lua_pushnil(L);
    lua_setfield(L, -2, k);
}

static const char *opt_text(lua_State *L, int t, const char *key) {
    if (lua_getfield(L, t, key) == LUA_TNIL) { lua_pop(L, 1); return NULL; }
    const char *s = luaL_checkstring(L, -1);
    lua_pop(L, 1); /* the table keeps it alive */
    return s;
}

static double opt_number(lua_State *L, int t, const char *key, double def) {
    if (lua_getfield(L, t, key) == LUA_TNIL) { lua_pop(L, 1); return def; }
    if (!lua_isnumber(L, -1)) luaL_error(L, "option '%s' must be a number", key);
    double x = lua_tonumber(L, -1);
    lua_pop(L, 1);
    return x;
}

/* ---- g:find(text [, {type=, limit=, min_score=}]) ---------------------------- */
static int g_find(lua_State *L) {
    lerg_graph *G = open_graph(L);
    const char *text = lerg_check_text(L, 2, "the search text");
    erg_find_opts o = {0};
    if (!lua_isnoneornil(L, 3)) {
        luaL_checktype(L, 3, LUA_TTABLE);
        o.type = opt_text(L, 3, "type");
        double lim = opt_number(L, 3, "limit", 0);
        if (lim < 0) luaL_error(L, "find: 'limit' must not be negative");
        o.limit = (size_t)lim;
        o.min_score = opt_number(L, 3, "min_score", 0);
    }
    held *h = held_push(L, G->g, HELD_FIND);
    if (erg_find(G->g, text, &o, &h->u.find) != ERG_OK) return lerg_raise(L, G->g);
    h->g = G->g;
    lerg_charge(L, lerg_host_get(L), h->u.find.n + erg_entity_count(G->g));
    lua_createtable(L, (int)h->u.find.n, 0);
    for (size_t i = 0; i < h->u.find.n; i++) {
        const erg_find_hit *x = &h->u.find.items[i];
        lua_createtable(L, 0, 4);
        lerg_push_obj(L, 1, erg_obj_entity(x->entity));
        lua_setfield(L, -2, "entity");
        lua_pushnumber(L, x->score);
        lua_setfield(L, -2, "score");
        set_str(L, "how", erg_find_how_name(x->how));
        set_str(L, "matched", x->matched);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* ---- g:merge(keep, other [, {policy=}]) ------------------------------------------ */
static erg_merge_policy check_policy(lua_State *L, int idx) {
    if (lua_isnoneornil(L, idx)) return ERG_MERGE_KEEP;
    luaL_checktype(L, idx, LUA_TTABLE);
    const char *p = opt_text(L, idx, "policy");
    if (!p || !strcmp(p, "keep")) return ERG_MERGE_KEEP;
    if (!strcmp(p, "other")) return ERG_MERGE_OTHER;
    if (!strcmp(p, "strict")) return ERG_MERGE_STRICT;
    return (erg_merge_policy)luaL_error(L, "merge: unknown policy '%s' (keep, other or strict)", p);
}

/* Returns keep and the report {id=, moved=, folded=, conflicts={{attr=,
 * keep=, other=}...}}. */
static int g_merge(lua_State *L) {
    lerg_graph *G = open_graph(L);
    erg_entity keep = lerg_check_entity(L, 2, G), other = lerg_check_entity(L, 3, G);
    erg_merge_policy policy = check_policy(L, 4);
    held *h = held_push(L, G->g, HELD_MERGE);
    if (erg_merge(G->g, keep, other, policy, &h->u.merge) != ERG_OK) return lerg_raise(L, G->g);
    h->g = G->g;
    const erg_merge_report *r = &h->u.merge;
    lerg_push_obj(L, 1, erg_obj_entity(keep));
    lua_createtable(L, 0, 4);
    set_str(L, "id", r->id);
    lua_pushinteger(L, (lua_Integer)r->moved);
    lua_setfield(L, -2, "moved");
    lua_pushinteger(L, (lua_Integer)r->folded);
    lua_setfield(L, -2, "folded");
    lua_createtable(L, (int)r->nconflicts, 0);
    for (size_t i = 0; i < r->nconflicts; i++) {
        lua_createtable(L, 0, 3);
        set_str(L, "attr", r->conflicts[i].attr);
        set_str(L, "keep", r->conflicts[i].keep_value);
        set_str(L, "other", r->conflicts[i].other_value);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "conflicts");
    return 2;
}

/* g:merges() -> {{id=, keep=, other=}...}, oldest first. */
static int g_merges(lua_State *L) {
    lerg_graph *G = open_graph(L);
    held *h = held_push(L, G->g, HELD_MERGES);
    if (erg_merges(G->g, &h->u.merges) != ERG_OK) return lerg_raise(L, G->g);
    h->g = G->g;
    const erg_merge_list *m = &h->u.merges;
    lua_createtable(L, (int)m->n, 0);
    for (size_t i = 0; i < m->n; i++) {
        lua_createtable(L, 0, 3);
        set_str(L, "id", m->ids[i]);
        set_str(L, "keep", m->keep[i]);
        set_str(L, "other", m->other[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* g:unmerge(id) -> the entity that came back. */
static int g_unmerge(lua_State *L) {
    lerg_graph *G = open_graph(L);
    const char *id = lerg_check_text(L, 2, "a merge id");
    held *h = held_push(L, G->g, HELD_MERGES);
    if (erg_merges(G->g, &h->u.merges) != ERG_OK) return lerg_raise(L, G->g);
    h->g = G->g;
    const char *other = NULL;
    for (size_t i = 0; i < h->u.merges.n; i++)
        if (!strcmp(h->u.merges.ids[i], id)) other = h->u.merges.other[i];
    if (erg_unmerge(G->g, id) != ERG_OK) return lerg_raise(L, G->g);
    erg_entity e;
    if (!other || erg_entity_by_id(G->g, other, &e) != ERG_OK) return 0;
    lerg_push_obj(L, 1, erg_obj_entity(e));
    return 1;
}

/* ---- g:dedupe{min_score=, any_type=} ---------------------------------------------- */
static int g_dedupe(lua_State *L) {
    lerg_graph *G = open_graph(L);
    erg_dedupe_opts o = {0};
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        o.min_score = opt_number(L, 2, "min_score", 0);
        lua_getfield(L, 2, "any_type");
        o.any_type = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    held *h = held_push(L, G->g, HELD_DEDUPE);
    if (erg_dedupe(G->g, &o, &h->u.dedupe) != ERG_OK) return lerg_raise(L, G->g);
    h->g = G->g;
    lua_createtable(L, (int)h->u.dedupe.n, 0);
    for (size_t i = 0; i < h->u.dedupe.n; i++) {
        const erg_dedupe_pair *p = &h->u.dedupe.items[i];
        lua_createtable(L, 0, 6);
        lerg_push_obj(L, 1, erg_obj_entity(p->keep));
        lua_setfield(L, -2, "keep");
        lerg_push_obj(L, 1, erg_obj_entity(p->other));
        lua_setfield(L, -2, "other");
        lua_pushnumber(L, p->score);
        lua_setfield(L, -2, "score");
        lua_pushnumber(L, p->name_score);
        lua_setfield(L, -2, "name_score");
        lua_pushinteger(L, (lua_Integer)p->shared);
        lua_setfield(L, -2, "shared");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* ---- g:interlocks{via=, between=, connectors=, min_shared=} ------------------------ */
/* A string or a list of strings at key of table t, into a vector pushed on
 * the stack. */
static const char *const *opt_names(lua_State *L, int t, const char *key, size_t *n) {
    int ty = lua_getfield(L, t, key);
    int at = lua_gettop(L);
    lerg_vec *v = lerg_vec_new(L, sizeof(const char *));
    if (ty == LUA_TSTRING) {
        *(const char **)lerg_vec_push(L, v) = lua_tostring(L, at);
    } else if (ty == LUA_TTABLE) {
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, at); i++) {
            if (lua_rawgeti(L, at, i) != LUA_TSTRING) luaL_error(L, "interlocks: '%s' must hold type names", key);
            *(const char **)lerg_vec_push(L, v) = lua_tostring(L, -1);
            lua_pop(L, 1); /* the table keeps it alive */
        }
    } else if (ty != LUA_TNIL) {
        luaL_error(L, "interlocks: '%s' must be a type name or a list of them", key);
    }
    lua_remove(L, at); /* the options table keeps the strings alive */
    *n = v->n;
    return v->p;
}

static int g_interlocks(lua_State *L) {
    lerg_graph *G = open_graph(L);
    erg_interlock_opts o = {0};
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        o.via = opt_names(L, 2, "via", &o.nvia);
        o.between = opt_names(L, 2, "between", &o.nbetween);
        o.connectors = opt_names(L, 2, "connectors", &o.nconnectors);
        double m = opt_number(L, 2, "min_shared", 0);
        o.min_shared = m > 0 ? (size_t)m : 0;
    }
    held *h = held_push(L, G->g, HELD_INTERLOCKS);
    if (erg_interlocks_find(G->g, &o, &h->u.interlocks) != ERG_OK) return lerg_raise(L, G->g);
    h->g = G->g;
    const erg_interlocks *r = &h->u.interlocks;
    lua_createtable(L, (int)r->n, 0);
    for (size_t i = 0; i < r->n; i++) {
        lua_createtable(L, 0, 4);
        lerg_push_obj(L, 1, erg_obj_entity(r->items[i].a));
        lua_setfield(L, -2, "a");
        lerg_push_obj(L, 1, erg_obj_entity(r->items[i].b));
        lua_setfield(L, -2, "b");
        lua_pushinteger(L, (lua_Integer)r->items[i].n);
        lua_setfield(L, -2, "count");
        lua_createtable(L, (int)r->items[i].n, 0);
        for (size_t k = 0; k < r->items[i].n; k++) {
            lerg_push_obj(L, 1, erg_obj_entity(r->items[i].via[k]));
            lua_rawseti(L, -2, (lua_Integer)k + 1);
        }
        lua_setfield(L, -2, "via");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* Adds the methods to the graph metatable's method table (at the top of
 * the stack). */
const luaL_Reg lerg_find_methods[] = {
    {"find", g_find},         {"merge", g_merge},   {"merges", g_merges},
    {"unmerge", g_unmerge},   {"dedupe", g_dedupe}, {"interlocks", g_interlocks},
    {NULL, NULL}};
