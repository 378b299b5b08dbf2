/*
 * host.c -- the bottom of the Lua module: the host hooks a script engine
 * registers, raising erg errors, text arguments, and the one holder of C
 * memory owned by Lua objects (with the vector built on it).
 */
#include "module.h"

#include <string.h>

/* Registry key: the address of this constant. */
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

/* ---- errors and arguments ------------------------------------------------ */
/* Pushes msg with each "/proc/self/fd/N/" the sandbox's path gate handed
 * the core replaced by the script's own directory (registry table
 * "erg.paths", filled by the gate), so that a message names the path the
 * script gave and nothing of the host. */
static const char *scrub_paths(lua_State *L, const char *msg) {
    static const char prefix[] = "/proc/self/fd/";
    if (lua_getfield(L, LUA_REGISTRYINDEX, "erg.paths") != LUA_TTABLE) {
        lua_pop(L, 1);
        return lua_pushstring(L, msg);
    }
    int map = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (const char *p; (p = strstr(msg, prefix)) != NULL;) {
        const char *q = p + sizeof prefix - 1;
        while (*q >= '0' && *q <= '9') q++;
        if (*q != '/') {
            luaL_addlstring(&b, msg, (size_t)(q - msg));
            msg = q;
            continue;
        }
        luaL_addlstring(&b, msg, (size_t)(p - msg));
        lua_pushlstring(L, p, (size_t)(q + 1 - p));
        if (lua_rawget(L, map) == LUA_TSTRING) luaL_addvalue(&b);
        else lua_pop(L, 1);
        msg = q + 1;
    }
    luaL_addstring(&b, msg);
    luaL_pushresult(&b);
    lua_remove(L, map);
    return lua_tostring(L, -1);
}

int lerg_raise(lua_State *L, erg_graph *g) {
    lerg_host *h = lerg_host_get(L);
    if (h && h->stopped) return h->over(L, h->ud); /* it failed because a limit tripped */
    if (h && h->path) {
        luaL_where(L, 1);
        scrub_paths(L, erg_errmsg(g));
        lua_concat(L, 2);
        return lua_error(L);
    }
    return luaL_error(L, "%s", erg_errmsg(g));
}

const char *lerg_check_text(lua_State *L, int idx, const char *what) {
    size_t n;
    const char *s = luaL_checklstring(L, idx, &n);
    if (strlen(s) != n) luaL_error(L, "%s must not contain NUL bytes", what);
    return s;
}

/* ---- the holder: C memory owned by a userdata --------------------------------
 * Like lauxlib's UBox: a block of C memory whose owner is a userdata with
 * __gc, so that a raise anywhere leaves nothing behind.  The userdata
 * holds only a pointer to the block (its first field), never the block
 * itself, for two reasons.  Lua 5.4 drops a finalizer whose call fails for
 * lack of memory, so such memory would leak exactly when a sandboxed
 * script hits its memory limit: under an engine each block is therefore
 * also listed on the host, and lerg_cmem_release_all (after lua_close)
 * frees what no finalizer freed, when the userdata is long gone.  And a
 * block may need another one alive to be released (analysis results
 * need their graph): a block names its parent, and freeing a parent
 * first frees its listed children. */
static void cmem_unlink(lerg_cmem *c) {
    if (!c->host) return;
    if (c->prev) c->prev->next = c->next;
    else c->host->cmem = c->next;
    if (c->next) c->next->prev = c->prev;
}

static void cmem_free(lerg_cmem *c) {
    /* children only stay listed when their finalizer was dropped: each is
     * made after its parent, so its __gc runs first.  The count of listed
     * children keeps the common free (no children left) from walking the
     * host's whole list, which made a loop over many iterators quadratic. */
    while (c->host && c->nchildren > 0) {
        lerg_cmem *k = c->host->cmem;
        while (k && k->parent != c) k = k->next;
        if (!k) break;
        cmem_free(k); /* may free others: search again */
    }
    if (c->host && c->parent && c->parent->nchildren > 0) c->parent->nchildren--;
    c->release(c + 1, c->f, c->ud);
    cmem_unlink(c);
    c->f(c->ud, c, c->size, 0);
}

void lerg_cmem_free(lua_State *L, int idx) {
    lerg_cmem **slot = lua_touserdata(L, idx);
    if (slot && *slot) {
        cmem_free(*slot);
        *slot = NULL;
    }
}

int lerg_cmem_gc(lua_State *L) {
    lerg_cmem_free(L, 1);
    return 0;
}

void *lerg_cmem_attach(lua_State *L, int idx, size_t size, lerg_release_fn release) {
    lerg_cmem **slot = lua_touserdata(L, idx);
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

void *lerg_cmem_push(lua_State *L, size_t size, int nuv, const char *tname, lerg_release_fn release) {
    lerg_cmem **slot = lua_newuserdatauv(L, sizeof *slot, nuv);
    *slot = NULL;
    if (luaL_getmetatable(L, tname) == LUA_TNIL) {
        /* registered only once complete, so a failure half-way (out of
         * memory) never leaves a metatable without its __gc */
        lua_pop(L, 1);
        lua_createtable(L, 0, 2);
        lua_pushcfunction(L, lerg_cmem_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushstring(L, tname);
        lua_setfield(L, -2, "__metatable");
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, tname);
    }
    lua_setmetatable(L, -2);
    return lerg_cmem_attach(L, -1, size, release);
}

void *lerg_cmem_get(lua_State *L, int idx) {
    lerg_cmem **slot = lua_touserdata(L, idx);
    return slot && *slot ? *slot + 1 : NULL;
}

void lerg_cmem_depends(lua_State *L, int idx, int parent_idx) {
    lerg_cmem **slot = lua_touserdata(L, idx), **parent = lua_touserdata(L, parent_idx);
    if (!slot || !*slot || !parent) return;
    lerg_cmem *c = *slot;
    /* counted when both are listed: then a parent always frees its children
     * first, so a child never points at a freed parent */
    if (c->host && c->parent && c->parent->nchildren > 0) c->parent->nchildren--;
    c->parent = *parent;
    if (c->host && c->parent && c->parent->host) c->parent->nchildren++;
}

void *lerg_cmem_realloc(void *payload, void *p, size_t old, size_t n) {
    lerg_cmem *c = (lerg_cmem *)payload - 1;
    return c->f(c->ud, p, p ? old : 0, n);
}

void lerg_cmem_release_all(lerg_host *h) {
    while (h && h->cmem) cmem_free(h->cmem);
}

/* ---- vectors ------------------------------------------------------------------ */
static void vec_release(void *payload, lua_Alloc f, void *ud) {
    lerg_vec *v = payload;
    if (v->p) f(ud, v->p, v->cap * v->elsz, 0);
    v->p = NULL;
}

lerg_vec *lerg_vec_new(lua_State *L, size_t elsz) {
    lerg_vec *v = lerg_cmem_push(L, sizeof *v, 0, "erg.vec", vec_release);
    v->elsz = elsz;
    return v;
}

bool lerg_vec_grow(lerg_vec *v) {
    if (v->n < v->cap) return true;
    size_t ncap = v->cap ? v->cap * 2 : 16;
    void *p = ncap <= SIZE_MAX / v->elsz ? lerg_cmem_realloc(v, v->p, v->cap * v->elsz, ncap * v->elsz) : NULL;
    if (!p) return false;
    v->p = p;
    v->cap = ncap;
    return true;
}

void *lerg_vec_push(lua_State *L, lerg_vec *v) {
    if (!lerg_vec_grow(v)) luaL_error(L, "not enough memory");
    return (char *)v->p + v->elsz * v->n++;
}
