/*
 * predicate.c -- comparison predicates for traversals, so that filtering
 * stays in C: g:V():has("employees", erg.gt(50000)) instead of a where()
 * callback into Lua for every entity.  erg.gt(x), erg.ge(x), erg.lt(x),
 * erg.le(x), erg.ne(x) and erg.between(lo, hi) (inclusive) take a number,
 * a string or an erg.date; a predicate is a small table {op, x [, y]} with
 * the metatable "erg.predicate".
 *
 * The rule: a value passes when it is of the same kind as x (numbers with
 * numbers, ints and floats alike; strings with strings, byte order; dates
 * with dates, a partial date standing for its first day) and compares as
 * the predicate says.  An absent value, a value of another kind and NaN
 * pass no predicate, ne included.  A list passes when one of its items
 * does.
 */
#include "module.h"

#include <math.h>
#include <string.h>

static const char *const op_names[] = {"eq", "ne", "lt", "le", "gt", "ge", "between", NULL};

static void push_pred(lua_State *L, lerg_op op, int nargs) {
    const char *fn = op_names[op];
    for (int i = 1; i <= nargs; i++) {
        int t = lua_type(L, i);
        if (t != LUA_TNUMBER && t != LUA_TSTRING && !lerg_to_date(L, i))
            luaL_error(L, "erg.%s: argument %d must be a number, a string or an erg.date (got %s)", fn, i,
                       luaL_typename(L, i));
    }
    if (nargs == 2) {
        bool num1 = lua_type(L, 1) == LUA_TNUMBER, num2 = lua_type(L, 2) == LUA_TNUMBER;
        bool str1 = lua_type(L, 1) == LUA_TSTRING, str2 = lua_type(L, 2) == LUA_TSTRING;
        if (num1 != num2 || str1 != str2) luaL_error(L, "erg.%s: both bounds must be of one kind", fn);
    }
    lua_settop(L, nargs);
    lua_createtable(L, nargs + 1, 0);
    lua_pushstring(L, fn);
    lua_rawseti(L, -2, 1);
    for (int i = 1; i <= nargs; i++) {
        lua_pushvalue(L, i);
        lua_rawseti(L, -2, i + 1);
    }
    luaL_setmetatable(L, LERG_PRED);
}

static int p_ne(lua_State *L) { luaL_checkany(L, 1); push_pred(L, LERG_NE, 1); return 1; }
static int p_lt(lua_State *L) { luaL_checkany(L, 1); push_pred(L, LERG_LT, 1); return 1; }
static int p_le(lua_State *L) { luaL_checkany(L, 1); push_pred(L, LERG_LE, 1); return 1; }
static int p_gt(lua_State *L) { luaL_checkany(L, 1); push_pred(L, LERG_GT, 1); return 1; }
static int p_ge(lua_State *L) { luaL_checkany(L, 1); push_pred(L, LERG_GE, 1); return 1; }
static int p_between(lua_State *L) {
    luaL_checkany(L, 1);
    luaL_checkany(L, 2);
    push_pred(L, LERG_BETWEEN, 2);
    return 1;
}

/* "erg.gt(50000)", "erg.between(2020, 2024)" */
static int p_tostring(lua_State *L) {
    luaL_Buffer b;
    lua_rawgeti(L, 1, 1);
    const char *op = lua_tostring(L, -1);
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "erg.");
    luaL_addstring(&b, op ? op : "?");
    luaL_addchar(&b, '(');
    for (int i = 2; i <= 3; i++) {
        if (lua_rawgeti(L, 1, i) == LUA_TNIL) {
            lua_pop(L, 1);
            break;
        }
        if (i > 2) luaL_addstring(&b, ", ");
        if (lua_type(L, -1) == LUA_TSTRING) {
            luaL_addchar(&b, '"');
            luaL_addvalue(&b);
            luaL_addchar(&b, '"');
        } else {
            luaL_tolstring(L, -1, NULL);
            lua_remove(L, -2);
            luaL_addvalue(&b);
        }
    }
    luaL_addchar(&b, ')');
    luaL_pushresult(&b);
    return 1;
}

int lerg_pred_op(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx)) return -1;
    luaL_getmetatable(L, LERG_PRED);
    bool is = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    if (!is) return -1;
    lua_rawgeti(L, idx, 1);
    const char *op = lua_tostring(L, -1);
    int k = -1;
    for (int i = 0; op && op_names[i]; i++)
        if (!strcmp(op, op_names[i])) k = i;
    lua_pop(L, 1);
    return k;
}

/* The kind of a value for comparing: 1 number, 2 string, 3 date, 0 other. */
static int kind(const erg_value *v) {
    switch (v->type) {
    case ERG_INT: return 1;
    case ERG_FLOAT: return isnan(v->u.f) ? 0 : 1;
    case ERG_STRING: return 2;
    case ERG_DATE: return 3;
    default: return 0;
    }
}

static bool scalar_passes(lerg_op op, const erg_value *v, const erg_value *x, const erg_value *y) {
    int k = kind(v);
    if (!k || k != kind(x) || (op == LERG_BETWEEN && k != kind(y))) return false;
    int c = lerg_value_cmp(v, x);
    switch (op) {
    case LERG_EQ: return c == 0;
    case LERG_NE: return c != 0;
    case LERG_LT: return c < 0;
    case LERG_LE: return c <= 0;
    case LERG_GT: return c > 0;
    case LERG_GE: return c >= 0;
    case LERG_BETWEEN: return c >= 0 && lerg_value_cmp(v, y) <= 0;
    }
    return false;
}

bool lerg_pred_passes(lerg_op op, const erg_value *v, const erg_value *x, const erg_value *y) {
    if (v->type != ERG_LIST) return scalar_passes(op, v, x, y);
    for (size_t i = 0; i < v->u.list.n; i++)
        if (scalar_passes(op, &v->u.list.items[i], x, y)) return true;
    return false;
}

void lerg_pred_open(lua_State *L) {
    static const luaL_Reg fns[] = {{"ne", p_ne}, {"lt", p_lt}, {"le", p_le}, {"gt", p_gt},
                                   {"ge", p_ge}, {"between", p_between}, {NULL, NULL}};
    if (luaL_newmetatable(L, LERG_PRED)) {
        lua_pushcfunction(L, p_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushliteral(L, LERG_PRED);
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
    luaL_setfuncs(L, fns, 0); /* into the module table on top */
}
