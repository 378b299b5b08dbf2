/*
 * module.c -- the `erg` Lua module: erg.load, erg.new, the graph object and
 * its methods, the host hooks and the memory helpers of the binding.
 * Entities, relationships and sources are in lerg_obj.c, values in
 * lerg_value.c, traversals in lerg_trav.c, printing in lerg_pretty.c.
 *
 * The module at a glance (every C error becomes a Lua error with the
 * core's message; lookups of what is absent give nil):
 *   erg.load(path) erg.new() erg.date(s | y [, m [, d]]) erg.pretty(v)
 *   erg.version
 *   g:entity(id|name|alias) g:relationship(id) g:source(id)
 *   g:entities([type | {type=}]) g:relationships([type | {type=, from=, to=}])
 *   g:sources()  -- iterators for `for x in ...`
 *   g:add_entity{id=, type=, name=, aliases={}, attr=v...}
 *   g:add_relationship{from=, to=, type=, id=, directed=, attr=v...}
 *   g:add_source{id=, attr=v...} g:delete(x) g:merge(keep, other)
 *   g:save(dir) g:export(format, path [, opts]) g:info() g:meta(k [, v])
 *   g:schema([kind]) g:V(...)  -- traversals, lerg_trav.c
 *   e.id e.type e.name e.aliases  e:get(a) e:set(a, v) e:attrs()
 *   e:sources() e:out([type]) e:in_([type]) e:both([type]) e:V()
 *   e:add_alias(s) e:remove_alias(s)
 *   r.id r.type r.from r.to r.directed  r:get r:set r:attrs r:sources
 *   r:other(e);  s.id s:get s:set s:attrs
 */
#include "module.h"

#include <stdlib.h>
#include <string.h>

/* Registry keys: addresses of these constants. */
static const char host_key = 'h';

lerg_host *lerg_host_get(lua_State *L) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &host_key);
    lerg_host *h = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return h;
}

void lerg_host_set(lua_State *L, lerg_host *h) {
    lua_pushlightuserdata(L, h);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &host_key);
}

/* ---- memory ------------------------------------------------------------------ */
void *lerg_mem(lua_State *L, void *p, size_t old, size_t n) {
    void *ud;
    lua_Alloc f = lua_getallocf(L, &ud);
    void *q = f(ud, p, p ? old : 0, n);
    if (!q && n > 0) luaL_error(L, "not enough memory");
    return q;
}

/* ---- C memory owned by a userdata ------------------------------------------ */
static void cmem_unlink(lerg_cmem *c) {
    if (!c->host) return;
    if (c->prev) c->prev->next = c->next;
    else c->host->cmem = c->next;
    if (c->next) c->next->prev = c->prev;
}

static void cmem_free(lerg_cmem *c) {
    c->release(c + 1, c->f, c->ud);
    cmem_unlink(c);
    c->f(c->ud, c, c->size, 0);
}

static int cmem_gc(lua_State *L) {
    lerg_cmem **slot = lua_touserdata(L, 1);
    if (slot && *slot) {
        cmem_free(*slot);
        *slot = NULL;
    }
    return 0;
}

void *lerg_cmem_push(lua_State *L, size_t size, int nuv, const char *tname, lerg_release_fn release) {
    lerg_cmem **slot = lua_newuserdatauv(L, sizeof *slot, nuv);
    *slot = NULL;
    if (luaL_getmetatable(L, tname) == LUA_TNIL) {
        /* registered only once complete, so a failure half-way (out of
         * memory) never leaves a metatable without its __gc */
        lua_pop(L, 1);
        lua_createtable(L, 0, 2);
        lua_pushcfunction(L, cmem_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushstring(L, tname);
        lua_setfield(L, -2, "__metatable");
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, tname);
    }
    lua_setmetatable(L, -2);
    void *ud;
    lua_Alloc f = lua_getallocf(L, &ud);
    if (size > SIZE_MAX - sizeof(lerg_cmem)) luaL_error(L, "not enough memory");
    lerg_cmem *c = f(ud, NULL, 0, sizeof *c + size);
    if (!c) luaL_error(L, "not enough memory");
    memset(c, 0, sizeof *c + size);
    c->release = release;
    c->f = f;
    c->ud = ud;
    c->size = sizeof *c + size;
    c->host = lerg_host_get(L);
    if (c->host) {
        c->next = c->host->cmem;
        if (c->next) c->next->prev = c;
        c->host->cmem = c;
    }
    *slot = c;
    return c + 1;
}

void *lerg_cmem_get(lua_State *L, int idx) {
    lerg_cmem **slot = lua_touserdata(L, idx);
    return slot && *slot ? *slot + 1 : NULL;
}

void lerg_cmem_release_all(lerg_host *h) {
    while (h && h->cmem) cmem_free(h->cmem);
}

static void vec_release(void *payload, lua_Alloc f, void *ud) {
    (void)f;
    (void)ud;
    lerg_vec_free(payload);
}

lerg_vec *lerg_vec_new(lua_State *L, size_t elsz) {
    lerg_vec *v = lerg_cmem_push(L, sizeof *v, 0, "erg.vec", vec_release);
    v->elsz = elsz;
    v->f = lua_getallocf(L, &v->ud);
    return v;
}

void *lerg_vec_push(lua_State *L, lerg_vec *v) {
    if (v->n == v->cap) {
        size_t ncap = v->cap ? v->cap * 2 : 16;
        void *p = ncap <= SIZE_MAX / v->elsz ? v->f(v->ud, v->p, v->p ? v->cap * v->elsz : 0, ncap * v->elsz) : NULL;
        if (!p) luaL_error(L, "not enough memory");
        v->p = p;
        v->cap = ncap;
    }
    return (char *)v->p + v->elsz * v->n++;
}

void lerg_vec_free(lerg_vec *v) {
    if (v->p) v->f(v->ud, v->p, v->cap * v->elsz, 0);
    v->p = NULL;
    v->n = v->cap = 0;
}

/* ---- errors and arguments ------------------------------------------------ */
int lerg_raise(lua_State *L, erg_graph *g) {
    lerg_host *h = lerg_host_get(L);
    if (h && h->stopped) return h->over(L, h->ud); /* it failed because a limit tripped */
    return luaL_error(L, "%s", erg_errmsg(g));
}

const char *lerg_check_text(lua_State *L, int idx, const char *what) {
    size_t n;
    const char *s = luaL_checklstring(L, idx, &n);
    if (strlen(s) != n) luaL_error(L, "%s must not contain NUL bytes", what);
    return s;
}

/* ---- the graph object ---------------------------------------------------- */
lerg_graph *lerg_check_graph(lua_State *L, int idx) {
    return luaL_checkudata(L, idx, LERG_GRAPH);
}

static lerg_graph *live_graph(lua_State *L, int idx) {
    lerg_graph *G = lerg_check_graph(L, idx);
    if (!G->g) luaL_error(L, "the graph was closed");
    return G;
}

lerg_graph *lerg_push_graph(lua_State *L, erg_graph *g, bool owned) {
    lerg_graph *G = lua_newuserdatauv(L, sizeof *G, 1);
    G->g = g;
    G->owned = owned;
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

static int graph_gc(lua_State *L) {
    lerg_graph *G = lua_touserdata(L, 1);
    if (G->owned) erg_graph_free(G->g);
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

/* A new graph through the host's allocator. */
static erg_graph *new_graph(lua_State *L) {
    lerg_host *h = lerg_host_get(L);
    erg_graph *g = h && h->alloc ? erg_graph_new_with(h->alloc, h->alloc_ud) : erg_graph_new();
    if (!g) luaL_error(L, "not enough memory");
    return g;
}

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

/* erg.load(path): a CSV graph directory or a GraphML file. */
static int l_load(lua_State *L) {
    const char *path = host_path(L, 1, false);
    /* the userdata first: from then on __gc frees the graph on any error */
    lerg_graph *G = lerg_push_graph(L, NULL, true);
    G->g = new_graph(L);
    if (erg_read(G->g, path, NULL, NULL) != ERG_OK) return lerg_raise(L, G->g);
    return 1;
}

/* erg.new(): an empty graph. */
static int l_new(lua_State *L) {
    lerg_graph *G = lerg_push_graph(L, NULL, true);
    G->g = new_graph(L);
    return 1;
}

/* g:save(dir): writes the CSV graph directory. */
static int g_save(lua_State *L) {
    lerg_graph *G = live_graph(L, 1);
    const char *path = host_path(L, 2, true);
    if (erg_export(G->g, "csv", path) != ERG_OK) return lerg_raise(L, G->g);
    host_written(L, path);
    return 0;
}

/* g:export(format, path [, opts]). */
static int g_export(lua_State *L) {
    lerg_graph *G = live_graph(L, 1);
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
    lerg_graph *G = live_graph(L, 1);
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
    lerg_graph *G = live_graph(L, 1);
    erg_rel r;
    if (erg_rel_by_id(G->g, lerg_check_text(L, 2, "a relationship id"), &r) != ERG_OK) return 0;
    lerg_push_obj(L, 1, erg_obj_rel(r));
    return 1;
}

/* g:source(id) -> source or nil. */
static int g_source(lua_State *L) {
    lerg_graph *G = live_graph(L, 1);
    erg_source s;
    if (erg_source_by_id(G->g, lerg_check_text(L, 2, "a source id"), &s) != ERG_OK) return 0;
    lerg_push_obj(L, 1, erg_obj_source(s));
    return 1;
}

/* g:info() -> {entities=, relationships=, sources=}. */
static int g_info(lua_State *L) {
    lerg_graph *G = live_graph(L, 1);
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
    lerg_graph *G = live_graph(L, 1);
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
    lerg_graph *G = live_graph(L, 1);
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

/* Defined in lerg_obj.c. */
int lerg_g_entities(lua_State *L);
int lerg_g_relationships(lua_State *L);
int lerg_g_sources(lua_State *L);
int lerg_g_add_entity(lua_State *L);
int lerg_g_add_relationship(lua_State *L);
int lerg_g_add_source(lua_State *L);
int lerg_g_delete(lua_State *L);
int lerg_g_merge(lua_State *L);
void lerg_obj_open(lua_State *L);
/* Defined in lerg_analysis.c. */
int lerg_g_rank(lua_State *L);
int lerg_g_communities(lua_State *L);
int lerg_g_components(lua_State *L);
int lerg_g_path(lua_State *L);
int lerg_g_paths(lua_State *L);
int lerg_g_ego(lua_State *L);

static const luaL_Reg graph_methods[] = {
    {"entity", g_entity},
    {"relationship", g_relationship},
    {"source", g_source},
    {"entities", lerg_g_entities},
    {"relationships", lerg_g_relationships},
    {"sources", lerg_g_sources},
    {"add_entity", lerg_g_add_entity},
    {"add_relationship", lerg_g_add_relationship},
    {"add_source", lerg_g_add_source},
    {"delete", lerg_g_delete},
    {"merge", lerg_g_merge},
    {"save", g_save},
    {"export", g_export},
    {"info", g_info},
    {"meta", g_meta},
    {"schema", g_schema},
    {"V", lerg_trav_V},
    {"rank", lerg_g_rank},
    {"communities", lerg_g_communities},
    {"components", lerg_g_components},
    {"path", lerg_g_path},
    {"paths", lerg_g_paths},
    {"ego", lerg_g_ego},
    {NULL, NULL}};

void lerg_find_methods(lua_State *L); /* find, merge, merges... in find.c */

static void graph_open(lua_State *L) {
    if (!luaL_newmetatable(L, LERG_GRAPH)) {
        lua_pop(L, 1);
        return;
    }
    luaL_newlib(L, graph_methods);
    lerg_find_methods(L);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, graph_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, graph_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, LERG_GRAPH);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}

static const luaL_Reg module_fns[] = {
    {"load", l_load},
    {"new", l_new},
    {"date", lerg_date_new},
    {"pretty", lerg_pretty_fn},
    {NULL, NULL}};

int lerg_text_open(lua_State *L); /* erg.text, in lerg_text.c */
int lerg_csv_open(lua_State *L);  /* erg.csv, in csv.c */
int lerg_json_open(lua_State *L); /* erg.json, in json.c */

int luaopen_erg(lua_State *L) {
    graph_open(L);
    lerg_obj_open(L);
    lerg_value_open(L);
    lerg_trav_open(L);
    luaL_newlib(L, module_fns);
    lerg_text_open(L);
    lerg_csv_open(L);
    lerg_json_open(L);
    lua_pushliteral(L, ERG_VERSION);
    lua_setfield(L, -2, "version");
    return 1;
}
