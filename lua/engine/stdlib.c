/*
 * stdlib.c -- the sandbox's standard library, charged to the work budget.
 *
 * Why: the count hook only sees VM instructions, and many library calls
 * are one instruction that does unbounded C work: string.rep of an empty
 * string math.maxinteger times, table.insert driven by a huge __len,
 * table.sort of a million long strings, utf8.len of 16 MB, os.date with a
 * megabyte of conversions, load of a large chunk.  Every function a
 * sandboxed script can reach is charged here before it works, from its
 * arguments, in steps that cost about what a VM instruction costs (the
 * constants below were measured; README, "The sandbox", gives the factor):
 *
 *  - functions whose work follows from their arguments (string.rep, byte,
 *    char, format, sub, upper, ..., utf8.*, os.date, load, tonumber,
 *    select, rawequal, table.concat/unpack/move) get a wrapper that charges
 *    first and then calls the original with explicit bounds, so that a
 *    __len metamethod is asked once, by the wrapper;
 *  - functions whose loop is driven by a length they compute themselves
 *    (table.insert, table.remove) or whose work is not known in advance
 *    (table.sort: comparisons of long strings) are replaced by counted
 *    versions with Lua 5.4's semantics and messages (sort is a heapsort:
 *    O(n log n) comparisons in the worst case, whatever the order function
 *    does).
 *
 * What no wrapper sees (a VM comparison of two long strings, a
 * concatenation) is caught by the meter (bytes allocated cost steps) and
 * by the hook's CPU floor (limits.c).
 */
#include "engine.h"

#include <limits.h>
#include <string.h>

#include <lualib.h>

/* Bytes of simple work (copying, scanning) per step. */
#define BYTES_PER_STEP 16
/* string.format's %q escapes byte by byte. */
#define FORMAT_BYTES_PER_STEP 2
/* Steps per table element read and written through lua_geti/lua_seti. */
#define ELEM_STEPS 4
/* Steps per byte of a chunk load compiles, and per os.date conversion. */
#define LOAD_STEPS_PER_BYTE 2
#define DATE_STEPS_PER_BYTE 8

static uint64_t bytes_cost(size_t n) { return 1 + n / BYTES_PER_STEP; }

/* Charges n steps, saturating (a cost may be "more than any budget"). */
static void charge(lua_State *L, uint64_t n) {
    lerg_host *h = lerg_host_get(L);
    if (h && h->max_steps && n > h->max_steps) n = h->max_steps + 1;
    lerg_charge(L, h, n);
}

/* Calls the original function (upvalue 1) with the arguments as they are
 * on the stack now and returns all its results. */
static int call_original(lua_State *L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* The bytes of the string arguments from index first on (numbers count as
 * short strings; other values as one step). */
static uint64_t string_args(lua_State *L, int first) {
    uint64_t total = 0;
    for (int i = first; i <= lua_gettop(L); i++)
        total += lua_type(L, i) == LUA_TSTRING ? lua_rawlen(L, i) : 16;
    return total;
}

/* ---- string ----------------------------------------------------------------- */
static int c_rep(lua_State *L) {
    size_t l, lsep = 0;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    if (lua_type(L, 3) == LUA_TSTRING) lsep = lua_rawlen(L, 3);
    if (n > 0) {
        /* the bytes copied, and a quarter step a repetition even when it
         * copies nothing (two empty memcpy calls) */
        uint64_t un = (uint64_t)n, per = l + lsep;
        uint64_t bytes = per && un > UINT64_MAX / per ? UINT64_MAX : un * per;
        charge(L, 1 + un / 4 + bytes / BYTES_PER_STEP);
    }
    return call_original(L);
}

/* Charges for a byte range i..j of the string at index 1 (Lua's rules for
 * negative and missing bounds). */
static void charge_range(lua_State *L, int ii, lua_Integer di, int ij, lua_Integer dj) {
    size_t l;
    luaL_checklstring(L, 1, &l);
    lua_Integer i = luaL_optinteger(L, ii, di), j = luaL_optinteger(L, ij, dj);
    if (i < 0) i = (lua_Integer)l + i + 1 > 0 ? (lua_Integer)l + i + 1 : 1;
    if (j < 0) j = (lua_Integer)l + j + 1;
    if (j > (lua_Integer)l) j = (lua_Integer)l;
    charge(L, i <= j ? 1 + (uint64_t)(j - i) : 1);
}

static int c_byte(lua_State *L) {
    lua_Integer i = luaL_optinteger(L, 2, 1);
    charge_range(L, 2, 1, 3, i);
    return call_original(L);
}

static int c_sub(lua_State *L) {
    charge_range(L, 2, 1, 3, -1);
    return call_original(L);
}

/* unpack and packsize: the work follows the format (what they copy out is
 * paid for as allocation). */
static int c_format_only(lua_State *L) {
    size_t l;
    luaL_checklstring(L, 1, &l);
    charge(L, bytes_cost(l));
    return call_original(L);
}

/* Work in proportion to all the string arguments: char, format, upper,
 * lower, reverse, pack, tonumber, rawequal. */
static int c_args(lua_State *L) {
    charge(L, 1 + lua_gettop(L) + string_args(L, 1) / BYTES_PER_STEP);
    return call_original(L);
}

/* format: %q and %s of long strings work byte by byte. */
static int c_format(lua_State *L) {
    charge(L, 1 + lua_gettop(L) + string_args(L, 1) / FORMAT_BYTES_PER_STEP);
    return call_original(L);
}

/* ---- utf8 --------------------------------------------------------------------- */
/* len(s, i, j) and codepoint(s, i, j) work on the byte range i..j
 * (codepoint pushes a value per character: a step a byte); offset may scan
 * the whole subject (a run of continuation bytes). */
static int c_utf8_len(lua_State *L) {
    charge_range(L, 2, 1, 3, -1);
    return call_original(L);
}

static int c_utf8_codepoint(lua_State *L) {
    lua_Integer i = luaL_optinteger(L, 2, 1);
    charge_range(L, 2, 1, 3, i);
    return call_original(L);
}

static int c_utf8_offset(lua_State *L) {
    size_t l;
    luaL_checklstring(L, 1, &l);
    charge(L, bytes_cost(l));
    return call_original(L);
}

/* ---- base, os, load ------------------------------------------------------------- */
static int c_select(lua_State *L) {
    charge(L, 1 + lua_gettop(L) / BYTES_PER_STEP);
    return call_original(L);
}

static int c_date(lua_State *L) {
    size_t l = 0;
    if (lua_type(L, 1) == LUA_TSTRING) l = lua_rawlen(L, 1);
    charge(L, 1 + (uint64_t)l * DATE_STEPS_PER_BYTE);
    return call_original(L);
}

/* load's text, or a reader function's pieces: charged by the caller
 * (sandbox.c's load) through lerg_stdlib_charge_load. */
void lerg_stdlib_charge_load(lua_State *L, size_t n) { charge(L, 1 + (uint64_t)n * LOAD_STEPS_PER_BYTE); }

/* ---- table --------------------------------------------------------------------- */
#define TAB_R 1
#define TAB_W 2
#define TAB_L 4
#define TAB_RW (TAB_R | TAB_W)

static int has_field(lua_State *L, const char *key, int n) {
    lua_pushstring(L, key);
    return lua_rawget(L, -n) != LUA_TNIL;
}

/* As ltablib.c: a table, or a value whose metatable has what is needed. */
static void check_tab(lua_State *L, int arg, int what) {
    if (lua_type(L, arg) == LUA_TTABLE) return;
    int n = 1;
    if (lua_getmetatable(L, arg) && (!(what & TAB_R) || has_field(L, "__index", ++n)) &&
        (!(what & TAB_W) || has_field(L, "__newindex", ++n)) &&
        (!(what & TAB_L) || has_field(L, "__len", ++n)))
        lua_pop(L, n);
    else luaL_checktype(L, arg, LUA_TTABLE);
}

static lua_Integer aux_getn(lua_State *L, int arg, int what) {
    check_tab(L, arg, what | TAB_L);
    return luaL_len(L, arg);
}

/* Charges n elements (n may be negative: nothing to do). */
static void charge_elems(lua_State *L, lua_Integer first, lua_Integer last) {
    if (last < first) {
        charge(L, 1);
        return;
    }
    lua_Unsigned n = (lua_Unsigned)last - (lua_Unsigned)first + 1u;
    charge(L, n == 0 || n > UINT64_MAX / ELEM_STEPS ? UINT64_MAX : 1 + (uint64_t)n * ELEM_STEPS);
}

static int c_insert(lua_State *L) {
    lua_Integer pos, e = aux_getn(L, 1, TAB_RW);
    e = (lua_Integer)((lua_Unsigned)e + 1u); /* the first empty element */
    switch (lua_gettop(L)) {
    case 2:
        pos = e;
        charge(L, 1);
        break;
    case 3:
        pos = luaL_checkinteger(L, 2);
        luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2, "position out of bounds");
        charge_elems(L, pos, e);
        for (lua_Integer i = e; i > pos; i--) {
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, pos);
    return 0;
}

static int c_remove(lua_State *L) {
    lua_Integer size = aux_getn(L, 1, TAB_RW), pos = luaL_optinteger(L, 2, size);
    if (pos != size)
        luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2, "position out of bounds");
    charge_elems(L, pos, size);
    lua_geti(L, 1, pos);
    for (; pos < size; pos++) {
        lua_geti(L, 1, pos + 1);
        lua_seti(L, 1, pos);
    }
    lua_pushnil(L);
    lua_seti(L, 1, pos);
    return 1;
}

/* table.move(a1, f, e, t [, a2]): no length involved; charged e - f + 1. */
static int c_move(lua_State *L) {
    lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
    luaL_checkinteger(L, 4);
    charge_elems(L, f, e);
    return call_original(L);
}

/* concat(t, sep, i, j) and unpack(t, i, j): the wrapper asks __len once and
 * calls the original with explicit bounds. */
static int c_concat(lua_State *L) {
    lua_Integer last;
    luaL_optstring(L, 2, "");
    lua_Integer i = luaL_optinteger(L, 3, 1);
    last = lua_isnoneornil(L, 4) ? aux_getn(L, 1, TAB_R) : luaL_checkinteger(L, 4);
    lua_settop(L, 2);
    lua_pushinteger(L, i);
    lua_pushinteger(L, last);
    charge_elems(L, i, last);
    return call_original(L);
}

static int c_unpack(lua_State *L) {
    lua_Integer i = luaL_optinteger(L, 2, 1);
    lua_Integer e = lua_isnoneornil(L, 3) ? luaL_len(L, 1) : luaL_checkinteger(L, 3);
    lua_settop(L, 1);
    lua_pushinteger(L, i);
    lua_pushinteger(L, e);
    charge_elems(L, i, e);
    return call_original(L);
}

/* ---- table.sort ------------------------------------------------------------------
 * A heapsort over t[1..n] through lua_geti/lua_seti, like Lua's quicksort
 * in what it calls (the order function, or '<' with its metamethods) but
 * with O(n log n) comparisons whatever the order function answers, each
 * charged: a step, plus the bytes '<' compares when both are strings. */
typedef struct sorter {
    lua_State *L;
    bool has_comp; /* the order function at index 2 */
} sorter;

/* Is t[a] < t[b]?  Leaves the stack as it was. */
static bool sort_less(sorter *s, lua_Integer a, lua_Integer b) {
    lua_State *L = s->L;
    lua_geti(L, 1, a);
    lua_geti(L, 1, b);
    uint64_t cost = 1 + ELEM_STEPS;
    if (!s->has_comp && lua_type(L, -1) == LUA_TSTRING && lua_type(L, -2) == LUA_TSTRING) {
        size_t la = lua_rawlen(L, -2), lb = lua_rawlen(L, -1);
        cost += (la < lb ? la : lb) / BYTES_PER_STEP;
    }
    charge(L, cost);
    bool r;
    if (s->has_comp) {
        lua_pushvalue(L, 2);
        lua_insert(L, -3);
        lua_call(L, 2, 1);
        r = lua_toboolean(L, -1);
        lua_pop(L, 1);
    } else {
        r = lua_compare(L, -2, -1, LUA_OPLT);
        lua_pop(L, 2);
    }
    return r;
}

static void sort_swap(lua_State *L, lua_Integer a, lua_Integer b) {
    lua_geti(L, 1, a);
    lua_geti(L, 1, b);
    lua_seti(L, 1, a);
    lua_seti(L, 1, b);
}

/* Sifts element i of the heap t[1..n] (1-based, max at the top) down. */
static void sift_down(sorter *s, lua_Integer i, lua_Integer n) {
    for (;;) {
        lua_Integer big = i, l = 2 * i, r = 2 * i + 1;
        if (l <= n && sort_less(s, big, l)) big = l;
        if (r <= n && sort_less(s, big, r)) big = r;
        if (big == i) return;
        sort_swap(s->L, i, big);
        i = big;
    }
}

static int c_sort(lua_State *L) {
    lua_Integer n = aux_getn(L, 1, TAB_RW);
    if (n > 1) {
        luaL_argcheck(L, n < INT_MAX, 1, "array too big");
        sorter s = {L, !lua_isnoneornil(L, 2)};
        if (s.has_comp) luaL_checktype(L, 2, LUA_TFUNCTION);
        lua_settop(L, 2);
        for (lua_Integer i = n / 2; i >= 1; i--) sift_down(&s, i, n);
        for (lua_Integer end = n; end > 1; end--) {
            sort_swap(L, 1, end);
            sift_down(&s, 1, end - 1);
        }
    }
    return 0;
}

/* ---- installing -------------------------------------------------------------------- */
typedef struct wrap {
    const char *name;
    lua_CFunction f;
    bool replaces; /* a counted version: the original is not kept */
} wrap;

static const wrap string_wraps[] = {
    {"rep", c_rep, false},      {"byte", c_byte, false},     {"sub", c_sub, false},
    {"char", c_args, false},    {"format", c_format, false},   {"upper", c_args, false},
    {"lower", c_args, false},   {"reverse", c_args, false},  {"pack", c_args, false},
    {"packsize", c_format_only, false}, {"unpack", c_format_only, false},
    {NULL, NULL, false}};
static const wrap table_wraps[] = {
    {"insert", c_insert, true}, {"remove", c_remove, true}, {"sort", c_sort, true},
    {"move", c_move, false},    {"concat", c_concat, false}, {"unpack", c_unpack, false},
    {NULL, NULL, false}};
static const wrap utf8_wraps[] = {
    {"len", c_utf8_len, false}, {"codepoint", c_utf8_codepoint, false}, {"offset", c_utf8_offset, false},
    {"char", c_args, false},     {NULL, NULL, false}};
static const wrap os_wraps[] = {{"date", c_date, false}, {NULL, NULL, false}};
static const wrap base_wraps[] = {
    {"tonumber", c_args, false}, {"select", c_select, false},
    {"rawequal", c_args, false}, {NULL, NULL, false}};

static void install(lua_State *L, int idx, const wrap *w) {
    idx = lua_absindex(L, idx);
    for (; w->name; w++) {
        if (w->replaces) {
            lua_pushcfunction(L, w->f);
        } else {
            lua_getfield(L, idx, w->name);
            lua_pushcclosure(L, w->f, 1);
        }
        lua_setfield(L, idx, w->name);
    }
}

void lerg_stdlib_open(lua_State *L) {
    static const struct { const char *lib; const wrap *w; } libs[] = {
        {LUA_STRLIBNAME, string_wraps}, {LUA_TABLIBNAME, table_wraps}, {LUA_UTF8LIBNAME, utf8_wraps},
        {LUA_OSLIBNAME, os_wraps}};
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
        lua_getfield(L, -1, libs[i].lib);
        install(L, -1, libs[i].w);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_pushglobaltable(L);
    install(L, -1, base_wraps);
    lua_pop(L, 1);
}
