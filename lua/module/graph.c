/*
 * graph.c -- the graph object's own methods and the module functions
 * that make graphs: erg.load, erg.new, g:entity, g:relationship,
 * g:source, g:save, g:export, g:info, g:meta, g:schema.  Its userdata,
 * caches and collections are in objects.c; module.c puts these methods
 * into the graph's method table with those of the other files.
 */
#include "module.h"

#include <string.h>

/* Pushes the path a script named, as the host allows it. */
static const char *host_path(lua_State *L, int idx, bool write) {
    const char *p = lerg_check_text(L, idx, "a path");
    lerg_host *h = lerg_host_get(L);
    if (h && h->path) {
        h->path(L, h->ud, p, write);
        return lua_tostring(L, -1);
    }
    lua_pushvalue(L, idx);
    return p;
}

static void host_written(lua_State *L, const char *path) {
    lerg_host *h = lerg_host_get(L);
    if (h && h->written) h->written(L, h->ud, path);
}

/* erg.load(path): a CSV graph directory or a graph file in any format
 * erg reads (erg_read). */
int lerg_load(lua_State *L) {
    const char *path = host_path(L, 1, false);
    lerg_graph *G = lerg_new_graph(L); /* its holder frees the graph on any error */
    if (erg_read(G->g, path, NULL, NULL) != ERG_OK) return lerg_raise(L, G->g);
    return 1;
}

/* erg.new(): an empty graph. */
int lerg_new(lua_State *L) {
    lerg_new_graph(L);
    return 1;
}

/* g:save(dir): writes the CSV graph directory. */
static int g_save(lua_State *L) {
    lerg_graph *G = lerg_live_graph(L, 1);
    const char *path = host_path(L, 2, true);
    if (erg_export(G->g, "csv", path) != ERG_OK) return lerg_raise(L, G->g);
    host_written(L, path);
    return 0;
}

/* g:export(format, path [, opts]). */
static int g_export(lua_State *L) {
    lerg_graph *G = lerg_live_graph(L, 1);
    const char *format = lerg_check_text(L, 2, "a format");
    lerg_check_text(L, 3, "a path");
    if (!lua_isnoneornil(L, 4)) {
        luaL_checktype(L, 4, LUA_TTABLE);
        lua_pushnil(L);
        if (lua_next(L, 4)) {
            lua_pop(L, 1);
            return luaL_error(L, "export: unknown option '%s'", luaL_tolstring(L, -1, NULL));
        }
    }
    const char *path = host_path(L, 3, true);
    if (erg_export(G->g, format, path) != ERG_OK) return lerg_raise(L, G->g);
    host_written(L, path);
    return 0;
}

/* g:entity(id_or_name) -> entity or nil. */
static int g_entity(lua_State *L) {
    lerg_graph *G = lerg_live_graph(L, 1);
    const char *q = lerg_check_text(L, 2, "an entity id");
    erg_entity e;
    int rc = erg_entity_find(G->g, q, &e);
    if (rc == ERG_ENOTFOUND) return 0;
    if (rc == ERG_EAMBIGUOUS) return lerg_raise_ambiguous(L, G, q);
    if (rc) return lerg_raise(L, G->g);
    lerg_push_obj(L, 1, erg_obj_entity(e));
    return 1;
}

/* g:relationship(id) -> relationship or nil. */
static int g_relationship(lua_State *L) {
    lerg_graph *G = lerg_live_graph(L, 1);
    erg_rel r;
    if (erg_rel_by_id(G->g, lerg_check_text(L, 2, "a relationship id"), &r) != ERG_OK) return 0;
    lerg_push_obj(L, 1, erg_obj_rel(r));
    return 1;
}

/* g:source(id) -> source or nil. */
static int g_source(lua_State *L) {
    lerg_graph *G = lerg_live_graph(L, 1);
    erg_source s;
    if (erg_source_by_id(G->g, lerg_check_text(L, 2, "a source id"), &s) != ERG_OK) return 0;
    lerg_push_obj(L, 1, erg_obj_source(s));
    return 1;
}

/* g:info() -> {entities=, relationships=, sources=}. */
static int g_info(lua_State *L) {
    lerg_graph *G = lerg_live_graph(L, 1);
    lua_createtable(L, 0, 3);
    lua_pushinteger(L, (lua_Integer)erg_entity_count(G->g));
    lua_setfield(L, -2, "entities");
    lua_pushinteger(L, (lua_Integer)erg_rel_count(G->g));
    lua_setfield(L, -2, "relationships");
    lua_pushinteger(L, (lua_Integer)erg_source_count(G->g));
    lua_setfield(L, -2, "sources");
    return 1;
}

/* g:meta(key) -> value; g:meta(key, value) sets it. */
static int g_meta(lua_State *L) {
    lerg_graph *G = lerg_live_graph(L, 1);
    const char *key = lerg_check_text(L, 2, "a metadata key");
    if (lua_gettop(L) < 3) {
        const char *v = erg_graph_meta(G->g, key);
        if (v) lua_pushstring(L, v);
        else lua_pushnil(L);
        return 1;
    }
    const char *v = lua_isnil(L, 3) ? NULL : lerg_check_text(L, 3, "a metadata value");
    if (erg_graph_set_meta(G->g, key, v) != ERG_OK) return lerg_raise(L, G->g);
    return 0;
}

static erg_kind check_kind(lua_State *L, int idx) {
    static const char *const names[] = {"entity", "relationship", "source", NULL};
    return (erg_kind)luaL_checkoption(L, idx, "entity", names);
}

/* g:schema([kind]) -> list of {name=, type=} in declaration order. */
static int g_schema(lua_State *L) {
    lerg_graph *G = lerg_live_graph(L, 1);
    erg_kind k = check_kind(L, 2);
    size_t n = erg_schema_count(G->g, k);
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        erg_type elem = ERG_NULL, t = erg_schema_type(G->g, k, i, &elem);
        lua_createtable(L, 0, 2);
        lua_pushstring(L, erg_schema_name(G->g, k, i));
        lua_setfield(L, -2, "name");
        if (t == ERG_LIST) lua_pushfstring(L, "%s[]", erg_type_name(elem));
        else lua_pushstring(L, erg_type_name(t));
        lua_setfield(L, -2, "type");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

const luaL_Reg lerg_graph_methods[] = {
    {"entity", g_entity},
    {"relationship", g_relationship},
    {"source", g_source},
    {"save", g_save},
    {"export", g_export},
    {"info", g_info},
    {"meta", g_meta},
    {"schema", g_schema},
    {NULL, NULL}};
