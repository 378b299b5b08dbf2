/*
 * pretty.c -- readable renderings of Lua values for the REPL, `erg
 * eval` and erg.pretty: tables with their keys in order (nested ones
 * inline while they fit on a line), strings quoted inside tables, and
 * entities, relationships and sources as a card of their fields and
 * attributes at the top level.
 */
#include "module.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 6
#define WIDTH 78

static void render(lua_State *L, int idx, int depth, int seen);

/* Pushes s as a Lua string literal. */
static void push_quoted(lua_State *L, int idx) {
    size_t n;
    const char *s = lua_tolstring(L, idx, &n);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addchar(&b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            luaL_addchar(&b, '\\');
            luaL_addchar(&b, (char)c);
        } else if (c == '\n') {
            luaL_addstring(&b, "\\n");
        } else if (c == '\t') {
            luaL_addstring(&b, "\\t");
        } else if (c < 32 || c == 127) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\%d", c);
            luaL_addstring(&b, esc);
        } else {
            luaL_addchar(&b, (char)c);
        }
    }
    luaL_addchar(&b, '"');
    luaL_pushresult(&b);
}

static bool is_ident(const char *s, size_t n) {
    static const char *const words[] = {"and", "break", "do", "else", "elseif", "end", "false", "for",
                                        "function", "goto", "if", "in", "local", "nil", "not", "or",
                                        "repeat", "return", "then", "true", "until", "while", NULL};
    if (n == 0 || isdigit((unsigned char)s[0])) return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_') return false;
    for (const char *const *w = words; *w; w++)
        if (!strcmp(*w, s)) return false;
    return true;
}

/* Pushes the key at idx as it appears before " = ". */
static void push_key(lua_State *L, int idx) {
    if (lua_type(L, idx) == LUA_TSTRING) {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n);
        if (is_ident(s, n)) {
            lua_pushvalue(L, idx);
            return;
        }
    }
    if (lua_type(L, idx) == LUA_TSTRING) push_quoted(L, idx);
    else luaL_tolstring(L, idx, NULL);
    lua_pushfstring(L, "[%s]", lua_tostring(L, -1));
    lua_remove(L, -2);
}

/* Sort order of the non-list keys: numbers, then strings, then the rest in
 * traversal order. */
static int key_rank(lua_State *L, int idx) {
    int t = lua_type(L, idx);
    return t == LUA_TNUMBER ? 0 : t == LUA_TSTRING ? 1 : 2;
}

static bool key_less(lua_State *L, int a, int b) {
    int ra = key_rank(L, a), rb = key_rank(L, b);
    if (ra != rb) return ra < rb;
    if (ra == 2) return false;
    return lua_compare(L, a, b, LUA_OPLT);
}

/* Sorts the keys in the array at idx (n of them) by key_less: a bottom-up
 * merge sort through a scratch table. */
static void sort_keys(lua_State *L, int idx, lua_Integer n, lerg_host *h) {
    lua_createtable(L, (int)n, 0);
    int tmp = lua_gettop(L), src = idx, dst = tmp;
    for (lua_Integer width = 1; width < n; width *= 2) {
        lerg_charge(L, h, (uint64_t)n);
        for (lua_Integer lo = 1; lo <= n; lo += 2 * width) {
            lua_Integer mid = lo + width < n + 1 ? lo + width : n + 1;
            lua_Integer hi = lo + 2 * width < n + 1 ? lo + 2 * width : n + 1;
            lua_Integer i = lo, j = mid, o = lo;
            while (i < mid || j < hi) {
                bool take_j = false;
                if (i < mid && j < hi) {
                    lua_rawgeti(L, src, j);
                    lua_rawgeti(L, src, i);
                    take_j = key_less(L, -2, -1);
                    lua_pop(L, 2);
                } else {
                    take_j = i >= mid;
                }
                lua_rawgeti(L, src, take_j ? j++ : i++);
                lua_rawseti(L, dst, o++);
            }
        }
        int t = src;
        src = dst;
        dst = t;
    }
    if (src != idx)
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, src, i);
            lua_rawseti(L, idx, i);
        }
    lua_pop(L, 1);
}

/* Pushes the rendering of the table at idx. */
static void render_table(lua_State *L, int idx, int depth, int seen) {
    lerg_host *h = lerg_host_get(L);
    if (depth >= MAX_DEPTH) {
        lua_pushliteral(L, "{...}");
        return;
    }
    lua_pushvalue(L, idx);
    if (lua_rawget(L, seen) != LUA_TNIL) {
        lua_pop(L, 1);
        lua_pushliteral(L, "<cycle>");
        return;
    }
    lua_pop(L, 1);
    lua_pushvalue(L, idx);
    lua_pushboolean(L, 1);
    lua_rawset(L, seen);
    luaL_checkstack(L, 8, "pretty");
    lua_newtable(L); /* items */
    int items = lua_gettop(L);
    lua_newtable(L); /* other keys */
    int keys = items + 1;
    lua_Integer n = 0, nkeys = 0, len = 0;
    while (lua_rawgeti(L, idx, n + 1) != LUA_TNIL) {
        lua_pop(L, 1);
        n++;
    }
    lua_pop(L, 1);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lerg_charge(L, h, 1);
        lua_pop(L, 1);
        if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= n) continue;
        lua_pushvalue(L, -1);
        lua_rawseti(L, keys, ++nkeys);
    }
    sort_keys(L, keys, nkeys, h);
    bool multiline = false;
    lua_Integer count = 0;
    for (lua_Integer i = 1; i <= n + nkeys; i++) {
        lerg_charge(L, h, 1);
        if (i <= n) {
            lua_rawgeti(L, idx, i);
            render(L, lua_gettop(L), depth + 1, seen);
            lua_remove(L, -2);
        } else {
            lua_rawgeti(L, keys, i - n);
            push_key(L, -1);
            lua_pushvalue(L, -2);
            lua_rawget(L, idx);
            render(L, lua_gettop(L), depth + 1, seen);
            lua_remove(L, -2);
            lua_pushliteral(L, " = ");
            lua_insert(L, -2);
            lua_concat(L, 3);
            lua_remove(L, -2);
        }
        size_t sn;
        const char *s = lua_tolstring(L, -1, &sn);
        if (memchr(s, '\n', sn)) multiline = true;
        len += (lua_Integer)sn + 2;
        lua_rawseti(L, items, ++count);
    }
    if (len + 2 * depth > WIDTH) multiline = true;
    /* join */
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addchar(&b, '{');
    for (lua_Integer i = 1; i <= count; i++) {
        if (multiline) {
            luaL_addchar(&b, '\n');
            for (int k = 0; k <= depth; k++) luaL_addstring(&b, "  ");
        } else if (i > 1) {
            luaL_addchar(&b, ' ');
        }
        lua_rawgeti(L, items, i);
        /* indent the continuation lines of a nested multi-line item */
        luaL_addvalue(&b);
        if (i < count) luaL_addchar(&b, ',');
    }
    if (multiline && count) {
        luaL_addchar(&b, '\n');
        for (int k = 0; k < depth; k++) luaL_addstring(&b, "  ");
    }
    luaL_addchar(&b, '}');
    luaL_pushresult(&b);
    lua_replace(L, items);
    lua_settop(L, items);
    lua_pushvalue(L, idx);
    lua_pushnil(L);
    lua_rawset(L, seen);
}

/* Pushes the rendering of the value at idx inside a structure. */
static void render(lua_State *L, int idx, int depth, int seen) {
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TSTRING: push_quoted(L, idx); return;
    case LUA_TTABLE:
        if (luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {
            lua_pop(L, 1);
            luaL_tolstring(L, idx, NULL);
            return;
        }
        render_table(L, idx, depth, seen);
        return;
    default:
        if (lerg_to_date(L, idx)) {
            lua_pushfstring(L, "erg.date(\"%s\")", luaL_tolstring(L, idx, NULL));
            lua_remove(L, -2);
            return;
        }
        luaL_tolstring(L, idx, NULL);
        return;
    }
}

static bool ref_alive(const lerg_ref *r) {
    erg_graph *g = r->G->g;
    if (!g) return false;
    switch (r->o.kind) {
    case ERG_KIND_ENTITY: { erg_entity e = {r->o.idx, r->o.gen}; return erg_entity_alive(g, e); }
    case ERG_KIND_REL: { erg_rel x = {r->o.idx, r->o.gen}; return erg_rel_alive(g, x); }
    default: { erg_source s = {r->o.idx, r->o.gen}; return erg_source_id(g, s) != NULL; }
    }
}

/* Pushes the card line of property name ("\n  name  value"), or nothing
 * when the object has no such value; returns whether it pushed. */
static bool push_card_line(lua_State *L, int gidx, int seen, lerg_ref *r, const char *name, int width) {
    lerg_charge(L, lerg_host_get(L), 1);
    lerg_push_prop(L, gidx, r->G, r->o, name);
    if (lua_isnil(L, -1) || (!strcmp(name, "aliases") && lua_rawlen(L, -1) == 0)) {
        lua_pop(L, 1);
        return false;
    }
    render(L, -1, 1, seen);
    char pad[64];
    int np = width - (int)strlen(name);
    np = np < 0 ? 0 : np > 63 ? 63 : np;
    memset(pad, ' ', (size_t)np);
    pad[np] = '\0';
    lua_pushfstring(L, "\n  %s%s  %s", name, pad, lua_tostring(L, -1));
    lua_replace(L, -3);
    lua_pop(L, 1);
    return true;
}

/* Pushes the card of an entity, relationship or source: its short form,
 * then one line per field and attribute it holds. */
static void render_card(lua_State *L, int idx, lerg_ref *r, int seen) {
    static const char *const ent_fields[] = {"type", "name", "aliases", NULL};
    static const char *const rel_fields[] = {"directed", NULL};
    static const char *const no_fields[] = {NULL};
    luaL_tolstring(L, idx, NULL); /* "<entity x>", also for a deleted one */
    if (!ref_alive(r)) return;
    erg_graph *g = r->G->g;
    lua_getiuservalue(L, idx, 1);
    int gidx = lua_gettop(L), nlines = 0;
    const char *const *fields = r->o.kind == ERG_KIND_ENTITY ? ent_fields
                                : r->o.kind == ERG_KIND_REL  ? rel_fields : no_fields;
    size_t ncols = erg_schema_count(g, r->o.kind), nfields = 0;
    while (fields[nfields]) nfields++;
    int width = 0; /* of the names shown */
    for (size_t i = 0; i < nfields + ncols; i++) {
        const char *name = i < nfields ? fields[i] : erg_schema_name(g, r->o.kind, i - nfields);
        lerg_push_prop(L, gidx, r->G, r->o, name);
        bool shown = !lua_isnil(L, -1) && !(lua_istable(L, -1) && lua_rawlen(L, -1) == 0 && !strcmp(name, "aliases"));
        if (shown && (int)strlen(name) > width) width = (int)strlen(name);
        lua_pop(L, 1);
    }
    for (size_t i = 0; i < nfields + ncols; i++) {
        const char *name = i < nfields ? fields[i] : erg_schema_name(g, r->o.kind, i - nfields);
        luaL_checkstack(L, 6, "pretty");
        if (push_card_line(L, gidx, seen, r, name, width)) {
            lua_insert(L, gidx++);
            nlines++;
        }
    }
    lua_settop(L, gidx - 1);
    lua_concat(L, nlines + 1);
}

/* Pushes the top-level rendering of the value at idx. */
static void render_top(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    lua_newtable(L); /* seen */
    int seen = lua_gettop(L);
    lerg_ref *r = lerg_to_ref(L, idx);
    if (r) render_card(L, idx, r, seen);
    else if (lua_type(L, idx) == LUA_TSTRING || lerg_to_date(L, idx)) luaL_tolstring(L, idx, NULL);
    else render(L, idx, 0, seen);
    lua_remove(L, seen);
}

void lerg_pretty(lua_State *L, int idx) {
    render_top(L, idx);
}

int lerg_pretty_fn(lua_State *L) {
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    render_top(L, 1);
    return 1;
}
