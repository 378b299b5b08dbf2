/*
 * text.c -- erg.text: the core's text helpers for Lua (the engine of
 * erg extract, lua/extract/).
 *
 *   erg.text.tokens(s [, i [, j]])        -> {{kind=, first=, last=, text=}, ...}
 *   erg.text.sentences(s [, i [, j]] [, opts]) -> {{first=, last=}, ...}
 *   erg.text.gazetteer()                  -> a gazetteer object:
 *     gz:add(name, value)   value: any Lua value but nil (NaN neither)
 *     gz:match(s [, i [, j]] [, {all=true}]) -> {{first=, last=, value=}, ...}
 *     #gz                   names added
 *
 * Positions are Lua's: 1-based and inclusive, as string.find gives them,
 * and relative to s even when [i, j] selects part of it.  kind is "word",
 * "number" or "punct".  opts of sentences: lines = "guess" (default),
 * "blank" or "each" (see erg_line_mode), abbreviations = {"Rep", ...}.
 */
#include "module.h"

#include <string.h>

#define LERG_GAZETTEER "erg.gazetteer"

/* The part [i, j] of the string argument at idx (Lua's rules for negative
 * and out-of-range positions, like string.sub); *off is its offset. */
static const char *check_range(lua_State *L, int idx, size_t *off, size_t *n) {
    size_t len;
    const char *s = luaL_checklstring(L, idx, &len);
    lua_Integer i = luaL_optinteger(L, idx + 1, 1), j = luaL_optinteger(L, idx + 2, -1);
    if (i < 0) i = (lua_Integer)len + i + 1 > 0 ? (lua_Integer)len + i + 1 : 1;
    else if (i == 0) i = 1;
    else if ((size_t)i > len + 1) i = (lua_Integer)len + 1;
    if (j < 0) j = (lua_Integer)len + j + 1;
    else if ((size_t)j > len) j = (lua_Integer)len;
    *off = (size_t)i - 1;
    *n = i > j ? 0 : (size_t)(j - i + 1);
    return s + *off;
}

/* Arguments (x, [i, [j,]] [opts]): leaves exactly first..last on the stack
 * with opts, or nil, at last and i, j before it. */
static void opts_last(lua_State *L, int s_idx, int last) {
    lua_settop(L, last);
    for (int k = s_idx + 1; k < last; k++) {
        if (lua_istable(L, k)) {
            lua_copy(L, k, last);
            lua_pushnil(L);
            lua_replace(L, k);
        }
    }
}

static void set_int(lua_State *L, const char *k, size_t v) {
    lua_pushinteger(L, (lua_Integer)v);
    lua_setfield(L, -2, k);
}

/* erg.text.tokens(s [, i [, j]]). */
static int t_tokens(lua_State *L) {
    static const char *const kinds[] = {"", "word", "number", "punct"};
    size_t off, n;
    const char *s = check_range(L, 1, &off, &n);
    lerg_host *h = lerg_host_get(L);
    erg_token t;
    lua_newtable(L);
    lua_Integer k = 0;
    for (size_t pos = 0; erg_text_token(s, n, pos, &t); pos = t.end) {
        lerg_charge(L, h, 1);
        lua_createtable(L, 0, 4);
        lua_pushstring(L, kinds[t.kind]);
        lua_setfield(L, -2, "kind");
        set_int(L, "first", off + t.start + 1);
        set_int(L, "last", off + t.end);
        lua_pushlstring(L, s + t.start, t.end - t.start);
        lua_setfield(L, -2, "text");
        lua_rawseti(L, -2, ++k);
    }
    return 1;
}

/* The sentence options at idx (a table or nil) into *o; abbreviation
 * pointers live in a vector pushed on the stack (and in the table). */
static void check_sentence_opts(lua_State *L, int idx, erg_sentence_opts *o) {
    static const char *const modes[] = {"guess", "blank", "each", NULL};
    memset(o, 0, sizeof *o);
    lerg_vec *v = lerg_vec_new(L, sizeof(const char *));
    if (lua_isnoneornil(L, idx)) return;
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
        if (strcmp(k, "lines") && strcmp(k, "abbreviations"))
            luaL_error(L, "sentences: unknown option '%s' (lines, abbreviations)", k);
        lua_pop(L, 1);
    }
    lua_getfield(L, idx, "lines");
    o->lines = (erg_line_mode)luaL_checkoption(L, -1, "guess", modes);
    lua_pop(L, 1);
    if (lua_getfield(L, idx, "abbreviations") != LUA_TNIL) {
        luaL_checktype(L, -1, LUA_TTABLE);
        lua_Integer n = luaL_len(L, -1);
        for (lua_Integer i = 1; i <= n; i++) {
            if (lua_geti(L, -1, i) != LUA_TSTRING) luaL_error(L, "sentences: abbreviation %I is not a string", i);
            *(const char **)lerg_vec_push(L, v) = lua_tostring(L, -1);
            lua_pop(L, 1); /* the string stays alive in the table */
        }
    }
    lua_pop(L, 1);
    o->abbrevs = v->p;
    o->nabbrevs = v->n;
}

/* erg.text.sentences(s [, i [, j]] [, opts]). */
static int t_sentences(lua_State *L) {
    size_t off, n;
    opts_last(L, 1, 4);
    const char *s = check_range(L, 1, &off, &n);
    erg_sentence_opts o;
    check_sentence_opts(L, 4, &o);
    lerg_host *h = lerg_host_get(L);
    erg_span sp;
    lua_newtable(L);
    lua_Integer k = 0;
    for (size_t pos = 0; erg_text_sentence(s, n, pos, &o, &sp); pos = sp.end) {
        lerg_charge(L, h, 1 + (sp.end - sp.start) / 64);
        lua_createtable(L, 0, 2);
        set_int(L, "first", off + sp.start + 1);
        set_int(L, "last", off + sp.end);
        lua_rawseti(L, -2, ++k);
    }
    return 1;
}

/* ---- gazetteers ------------------------------------------------------------- */
/* The userdata owns, through the holder (host.c), a block pointing to the
 * core object; user value 1 is the list of values (index i + 1 for core
 * value i), user value 2 maps each value back to its index, so a value
 * added under many names is stored once. */
typedef struct lgaz {
    erg_gazetteer *gz;
} lgaz;

static lgaz *check_gaz(lua_State *L, int idx) {
    luaL_checkudata(L, idx, LERG_GAZETTEER);
    lgaz *G = lerg_cmem_get(L, idx);
    if (!G || !G->gz) luaL_error(L, "the gazetteer was freed");
    return G;
}

static void gaz_release(void *payload, lua_Alloc f, void *ud) {
    lgaz *G = payload;
    (void)f;
    (void)ud;
    erg_gazetteer_free(G->gz);
    G->gz = NULL;
}

/* erg.text.gazetteer(). */
static int t_gazetteer(lua_State *L) {
    lerg_cmem **slot = lua_newuserdatauv(L, sizeof *slot, 2);
    *slot = NULL;
    luaL_setmetatable(L, LERG_GAZETTEER);
    lgaz *G = lerg_cmem_attach(L, -1, sizeof *G, gaz_release);
    void *ud;
    lua_Alloc f = lua_getallocf(L, &ud);
    G->gz = erg_gazetteer_new(f, ud); /* the state's allocator: its limits apply */
    if (!G->gz) return luaL_error(L, "not enough memory");
    lua_newtable(L);
    lua_setiuservalue(L, -2, 1);
    lua_newtable(L);
    lua_setiuservalue(L, -2, 2);
    return 1;
}

/* gz:add(name, value). */
static int gaz_add(lua_State *L) {
    lgaz *G = check_gaz(L, 1);
    size_t len;
    const char *name = luaL_checklstring(L, 2, &len);
    luaL_argcheck(L, !lua_isnoneornil(L, 3), 3, "a value is needed");
    luaL_argcheck(L, !(lua_type(L, 3) == LUA_TNUMBER && lua_tonumber(L, 3) != lua_tonumber(L, 3)), 3,
                  "NaN cannot be a value");
    lua_settop(L, 3);
    lua_getiuservalue(L, 1, 1); /* 4: values */
    lua_getiuservalue(L, 1, 2); /* 5: value -> index */
    lua_pushvalue(L, 3);
    lua_Integer idx = lua_rawget(L, 5) == LUA_TNUMBER ? lua_tointeger(L, -1) : 0;
    lua_pop(L, 1);
    bool fresh = idx == 0;
    if (fresh) idx = (lua_Integer)lua_rawlen(L, 4) + 1;
    if (idx > (lua_Integer)UINT32_MAX) return luaL_error(L, "gazetteer: too many values");
    lerg_charge(L, lerg_host_get(L), 1 + len / 16);
    int rc = erg_gazetteer_add(G->gz, name, len, (uint32_t)(idx - 1));
    if (rc == ERG_EINVAL) return luaL_error(L, "gazetteer: the name '%s' has no words", name);
    if (rc == ERG_ELIMIT) return luaL_error(L, "gazetteer: a word of '%s' is too long", name);
    if (rc) return luaL_error(L, "not enough memory");
    if (fresh) {
        lua_pushvalue(L, 3);
        lua_rawseti(L, 4, idx);
        lua_pushvalue(L, 3);
        lua_pushinteger(L, idx);
        lua_rawset(L, 5);
    }
    return 0;
}

static int gaz_len(lua_State *L) {
    lua_pushinteger(L, (lua_Integer)erg_gazetteer_count(check_gaz(L, 1)->gz));
    return 1;
}

/* Matches gathered without raising (the core call must not be left by a
 * longjmp): into a vector whose growth failing stops the search. */
typedef struct gather {
    lerg_vec *v;
    size_t count;
} gather;

static int gather_one(void *ud, const erg_text_match *m) {
    gather *g = ud;
    lerg_vec *v = g->v;
    if (!lerg_vec_grow(v)) return ERG_ENOMEM;
    ((erg_text_match *)v->p)[v->n++] = *m;
    g->count++;
    return ERG_OK;
}

/* The search's work, charged without raising (the core call must return
 * first): a spent budget stops it, and the charge after it raises. */
static int gaz_work(void *ud, uint64_t steps) {
    lerg_host *h = ud;
    h->steps += steps;
    if (h->stopped || (h->max_steps && h->steps > h->max_steps)) {
        h->stopped = true;
        return ERG_ELIMIT;
    }
    return 0;
}

/* gz:match(s [, i [, j]] [, {all=true}]). */
static int gaz_match(lua_State *L) {
    lgaz *G = check_gaz(L, 1);
    unsigned flags = 0;
    opts_last(L, 2, 5);
    if (lua_istable(L, 5)) {
        lua_getfield(L, 5, "all");
        if (lua_toboolean(L, -1)) flags |= ERG_MATCH_ALL;
        lua_pop(L, 1);
    }
    size_t off, n;
    const char *s = check_range(L, 2, &off, &n);
    lua_settop(L, 4);
    lerg_host *h = lerg_host_get(L);
    lerg_charge(L, h, 1 + n / 16);
    gather g = {lerg_vec_new(L, sizeof(erg_text_match)), 0}; /* 5 */
    int rc = erg_gazetteer_match_work(G->gz, s, n, flags, gather_one, &g, h ? gaz_work : NULL, h);
    if (rc == ERG_ELIMIT) return h->over(L, h->ud);
    if (rc != ERG_OK) return luaL_error(L, "not enough memory");
    lerg_charge(L, h, g.count);
    lua_getiuservalue(L, 1, 1); /* 6: values */
    lua_createtable(L, (int)g.v->n, 0);
    for (size_t i = 0; i < g.v->n; i++) {
        const erg_text_match *m = (const erg_text_match *)g.v->p + i;
        lua_createtable(L, 0, 3);
        set_int(L, "first", off + m->start + 1);
        set_int(L, "last", off + m->end);
        lua_rawgeti(L, 6, (lua_Integer)m->value + 1);
        lua_setfield(L, -2, "value");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static const luaL_Reg gaz_methods[] = {{"add", gaz_add}, {"match", gaz_match}, {NULL, NULL}};

static const luaL_Reg text_fns[] = {
    {"tokens", t_tokens}, {"sentences", t_sentences}, {"gazetteer", t_gazetteer}, {NULL, NULL}};

/* Sets erg.text in the module table on the top of the stack. */
void lerg_text_open(lua_State *L) {
    if (luaL_newmetatable(L, LERG_GAZETTEER)) {
        luaL_newlib(L, gaz_methods);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, lerg_cmem_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushcfunction(L, gaz_len);
        lua_setfield(L, -2, "__len");
        lua_pushliteral(L, LERG_GAZETTEER);
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
    luaL_newlib(L, text_fns);
    lua_setfield(L, -2, "text");
}
