/*
 * values.c -- attribute values between Lua and erg, exactly: integers
 * stay ints, floats stay floats, strings are strings, a table is a list,
 * erg.date(...) is a date.  A value with no erg type (a function, a table
 * inside a list, a table with other keys than 1..n) is an error naming the
 * attribute.
 */
#include "module.h"

#include <stdio.h>
#include <string.h>

/* ---- dates -------------------------------------------------------------------- */
erg_date *lerg_to_date(lua_State *L, int idx) {
    return luaL_testudata(L, idx, LERG_DATE);
}

void lerg_push_date(lua_State *L, erg_date d) {
    erg_date *p = lua_newuserdatauv(L, sizeof *p, 0);
    *p = d;
    luaL_setmetatable(L, LERG_DATE);
}

/* erg.date("2025-07") / erg.date(2025, 7 [, 14]) / erg.date(date). */
int lerg_date_new(lua_State *L) {
    erg_date d, *dp;
    if ((dp = lerg_to_date(L, 1))) {
        lerg_push_date(L, *dp);
        return 1;
    }
    if (lua_type(L, 1) == LUA_TSTRING) {
        size_t n;
        const char *s = lua_tolstring(L, 1, &n);
        if (erg_date_parse(s, n, &d) != ERG_OK)
            return luaL_error(L, "erg.date: '%s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", s);
        lerg_push_date(L, d);
        return 1;
    }
    lua_Integer y = luaL_checkinteger(L, 1);
    lua_Integer m = luaL_optinteger(L, 2, 0), dd = luaL_optinteger(L, 3, 0);
    char buf[64];
    int n;
    if (y < 0 || y > 9999 || m < 0 || m > 12 || dd < 0 || dd > 31 || (dd && !m))
        n = snprintf(buf, sizeof buf, "%lld-%lld-%lld", (long long)y, (long long)m, (long long)dd);
    else if (!m) n = snprintf(buf, sizeof buf, "%04d", (int)y);
    else if (!dd) n = snprintf(buf, sizeof buf, "%04d-%02d", (int)y, (int)m);
    else n = snprintf(buf, sizeof buf, "%04d-%02d-%02d", (int)y, (int)m, (int)dd);
    if (erg_date_parse(buf, (size_t)n, &d) != ERG_OK)
        return luaL_error(L, "erg.date: %s is not a date", buf);
    lerg_push_date(L, d);
    return 1;
}

static int date_cmp(const erg_date *a, const erg_date *b) {
    if (a->year != b->year) return a->year < b->year ? -1 : 1;
    if (a->month != b->month) return a->month < b->month ? -1 : 1;
    if (a->day != b->day) return a->day < b->day ? -1 : 1;
    return 0;
}

static int date_index(lua_State *L) {
    erg_date *d = luaL_checkudata(L, 1, LERG_DATE);
    const char *k = luaL_checkstring(L, 2);
    int v = !strcmp(k, "year") ? d->year : !strcmp(k, "month") ? d->month : !strcmp(k, "day") ? d->day : -1;
    if (v < 0) return luaL_error(L, "a date has no field '%s' (year, month, day)", k);
    if (v == 0 && strcmp(k, "year")) lua_pushnil(L);
    else lua_pushinteger(L, v);
    return 1;
}

static int date_tostring(lua_State *L) {
    char buf[16];
    size_t n = erg_date_format(*(erg_date *)luaL_checkudata(L, 1, LERG_DATE), buf);
    lua_pushlstring(L, buf, n);
    return 1;
}

static int date_eq(lua_State *L) {
    erg_date *a = lerg_to_date(L, 1), *b = lerg_to_date(L, 2);
    lua_pushboolean(L, a && b && date_cmp(a, b) == 0);
    return 1;
}

static int date_lt(lua_State *L) {
    erg_date *a = luaL_checkudata(L, 1, LERG_DATE), *b = luaL_checkudata(L, 2, LERG_DATE);
    lua_pushboolean(L, date_cmp(a, b) < 0);
    return 1;
}

static int date_le(lua_State *L) {
    erg_date *a = luaL_checkudata(L, 1, LERG_DATE), *b = luaL_checkudata(L, 2, LERG_DATE);
    lua_pushboolean(L, date_cmp(a, b) <= 0);
    return 1;
}

static int date_concat(lua_State *L) {
    luaL_tolstring(L, 1, NULL);
    luaL_tolstring(L, 2, NULL);
    lua_concat(L, 2);
    return 1;
}

void lerg_value_open(lua_State *L) {
    static const luaL_Reg mt[] = {{"__index", date_index}, {"__tostring", date_tostring},
                                  {"__eq", date_eq},       {"__lt", date_lt},
                                  {"__le", date_le},       {"__concat", date_concat},
                                  {NULL, NULL}};
    if (luaL_newmetatable(L, LERG_DATE)) {
        luaL_setfuncs(L, mt, 0);
        lua_pushliteral(L, LERG_DATE);
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
}

/* ---- erg -> Lua ------------------------------------------------------------- */
void lerg_push_value(lua_State *L, const erg_value *v) {
    switch (v->type) {
    case ERG_BOOL: lua_pushboolean(L, v->u.b); break;
    case ERG_INT: lua_pushinteger(L, (lua_Integer)v->u.i); break;
    case ERG_FLOAT: lua_pushnumber(L, (lua_Number)v->u.f); break;
    case ERG_STRING: lua_pushlstring(L, v->u.s.ptr, v->u.s.len); break;
    case ERG_DATE: lerg_push_date(L, v->u.d); break;
    case ERG_LIST:
        luaL_checkstack(L, 2, "a list value"); /* a list and an item, at each level */
        lua_createtable(L, (int)v->u.list.n, 0);
        for (size_t i = 0; i < v->u.list.n; i++) {
            lerg_push_value(L, &v->u.list.items[i]);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        break;
    default: lua_pushnil(L); break;
    }
}

/* ---- Lua -> erg ------------------------------------------------------------- */
/* A scalar; returns false when the value has no scalar erg type. */
static bool to_scalar(lua_State *L, int idx, erg_value *out) {
    erg_date *d;
    switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN: *out = erg_bool(lua_toboolean(L, idx)); return true;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) *out = erg_int((int64_t)lua_tointeger(L, idx));
        else *out = erg_float((double)lua_tonumber(L, idx));
        return true;
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n);
        *out = erg_strn(s, n);
        return true;
    }
    case LUA_TUSERDATA:
        if ((d = lerg_to_date(L, idx))) {
            *out = erg_datev(*d);
            return true;
        }
        return false;
    default: return false;
    }
}

/* "a function", "an erg.entity": what the value at idx is. */
static const char *what(lua_State *L, int idx) {
    const char *t = lua_type(L, idx) == LUA_TUSERDATA && luaL_getmetafield(L, idx, "__name") == LUA_TSTRING
                        ? lua_tostring(L, -1) : luaL_typename(L, idx);
    return lua_pushfstring(L, "%s %s", strchr("aeio", t[0]) ? "an" : "a", t);
}

/* The table at idx as a list: its items go into a userdata pushed on the
 * stack. */
static void to_list(lua_State *L, int idx, const char *attr, erg_value *out) {
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx), count = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        count++;
        if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= n) continue;
        if (lua_type(L, -1) == LUA_TSTRING)
            luaL_error(L, "attribute '%s': a table value must be a list (keys 1..n), but it has key '%s'", attr,
                       lua_tostring(L, -1));
        luaL_error(L, "attribute '%s': a table value must be a list (keys 1..n), but it has key %s", attr,
                   luaL_tolstring(L, -1, NULL));
    }
    if (count != n) luaL_error(L, "attribute '%s': a table value must be a list (keys 1..n), but it has holes", attr);
    erg_value *items = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *items, 0);
    erg_type elem = ERG_NULL;
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, idx, i);
        if (!to_scalar(L, -1, &items[i - 1])) {
            if (lua_istable(L, -1))
                luaL_error(L, "attribute '%s': list element %I is a table; a list holds bools, ints, floats, strings or dates",
                           attr, i);
            luaL_error(L, "attribute '%s': list element %I is %s, which has no erg type", attr, i, what(L, -1));
        }
        lua_pop(L, 1);
        erg_type t = items[i - 1].type;
        if (elem == ERG_NULL || (elem == ERG_INT && t == ERG_FLOAT)) elem = t;
    }
    *out = erg_listv(elem, items, (size_t)n);
}

void lerg_to_value(lua_State *L, int idx, const char *attr, erg_value *out) {
    idx = lua_absindex(L, idx);
    if (lua_isnil(L, idx)) {
        *out = erg_null();
    } else if (lua_istable(L, idx)) {
        to_list(L, idx, attr, out);
        return; /* the items' userdata is on the stack */
    } else if (!to_scalar(L, idx, out)) {
        luaL_error(L, "attribute '%s': %s has no erg type", attr, what(L, idx));
    }
    lua_pushnil(L);
}

/* ---- ordering ---------------------------------------------------------------- */
static int type_rank(erg_type t) {
    switch (t) {
    case ERG_BOOL: return 0;
    case ERG_INT: case ERG_FLOAT: return 1;
    case ERG_STRING: return 2;
    case ERG_DATE: return 3;
    case ERG_LIST: return 4;
    default: return 5; /* null last */
    }
}

int lerg_value_cmp(const erg_value *a, const erg_value *b) {
    int ra = type_rank(a->type), rb = type_rank(b->type);
    if (ra != rb) return ra < rb ? -1 : 1;
    switch (a->type) {
    case ERG_BOOL: return (int)a->u.b - (int)b->u.b;
    case ERG_INT: case ERG_FLOAT:
        if (a->type == ERG_INT && b->type == ERG_INT) return a->u.i < b->u.i ? -1 : a->u.i > b->u.i;
        else {
            double x = a->type == ERG_INT ? (double)a->u.i : a->u.f;
            double y = b->type == ERG_INT ? (double)b->u.i : b->u.f;
            if (x != x || y != y) return (x != x) - (y != y); /* NaN after numbers */
            return x < y ? -1 : x > y;
        }
    case ERG_STRING: {
        size_t n = a->u.s.len < b->u.s.len ? a->u.s.len : b->u.s.len;
        int c = n ? memcmp(a->u.s.ptr, b->u.s.ptr, n) : 0;
        if (c) return c < 0 ? -1 : 1;
        return a->u.s.len < b->u.s.len ? -1 : a->u.s.len > b->u.s.len;
    }
    case ERG_DATE: return date_cmp(&a->u.d, &b->u.d);
    case ERG_LIST:
        for (size_t i = 0; i < a->u.list.n && i < b->u.list.n; i++) {
            int c = lerg_value_cmp(&a->u.list.items[i], &b->u.list.items[i]);
            if (c) return c;
        }
        return a->u.list.n < b->u.list.n ? -1 : a->u.list.n > b->u.list.n;
    default: return 0;
    }
}
