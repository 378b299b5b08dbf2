/*
 * csv.c -- erg.csv: delimited files (CSV, TSV, semicolon files,
 * whitespace-separated edge lists) read row by row into Lua tables,
 * through the core's table reader (erg_table_*, erg.h).
 *
 *   for row, line in erg.csv.rows(path [, opts]) do ... end
 *   erg.csv.columns(path [, opts]) -> {name, ...}, separator
 *
 * opts: sep (one character, " " for runs of blanks; detected when absent),
 * header (default true), comment (default "#", "" for none), types (true:
 * each column's type inferred from the whole file, int, float, bool, date
 * or string; or a table {COLUMN = "int" | "float" | "bool" | "date" |
 * "string"} whose columns have that type, the others being inferred),
 * progress (a graph: the file's progress goes to that graph's progress
 * callback, as erg import shows it).
 *
 * A row is a table keyed by column name (by number without a header);
 * empty unquoted fields are absent, a quoted "" is the empty string.
 * Values are strings unless types says otherwise; dates are erg.date
 * values.  Any problem raises "FILE:LINE:COL: reason".
 *
 * In the engine, the path goes through the host's path gate (the sandbox
 * allows only files inside its out directory), memory through the state's
 * allocator (its limit applies), and each row read costs 1 + bytes/64
 * steps, in the inference pass too.
 */
#include "module.h"

#include <string.h>

#define LERG_CSV_READER "erg.csv.reader"

typedef struct reader {
    erg_table *t;
    erg_type *types; /* width of them, or NULL: strings */
    size_t ntypes;
    bool header;
} reader;

static void reader_release(void *payload, lua_Alloc f, void *ud) {
    reader *r = payload;
    erg_table_close(r->t);
    r->t = NULL;
    if (r->types) f(ud, r->types, r->ntypes * sizeof *r->types, 0);
    r->types = NULL;
}

static int raise_table(lua_State *L, erg_table *t) {
    lua_pushstring(L, erg_table_errmsg(t));
    return lua_error(L);
}

/* The path as the host allows it (pushed), for reading. */
static const char *gate(lua_State *L, int idx) {
    const char *p = lerg_check_text(L, idx, "a path");
    lerg_host *h = lerg_host_get(L);
    if (h && h->path) {
        h->path(L, h->ud, p, false);
        return lua_tostring(L, -1);
    }
    lua_pushvalue(L, idx);
    return p;
}

static const char *opt_string(lua_State *L, int opts, const char *key) {
    if (lua_isnoneornil(L, opts)) return NULL;
    lua_getfield(L, opts, key);
    const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    if (!s && !lua_isnil(L, -1)) luaL_error(L, "erg.csv: option '%s' must be a string", key);
    lua_pop(L, 1); /* the string stays referenced by opts */
    return s;
}

/* Reads opts (at index opts, a table or nil) into o. */
static void read_opts(lua_State *L, int opts, erg_table_opts *o) {
    static const char *const known[] = {"sep", "header", "comment", "types", "progress", NULL};
    memset(o, 0, sizeof *o);
    if (lua_isnoneornil(L, opts)) return;
    luaL_checktype(L, opts, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, opts)) {
        lua_pop(L, 1);
        bool ok = false;
        for (int i = 0; known[i] && !ok; i++) ok = lua_type(L, -1) == LUA_TSTRING && !strcmp(lua_tostring(L, -1), known[i]);
        if (!ok) luaL_error(L, "erg.csv: unknown option '%s' (sep, header, comment, types, progress)", luaL_tolstring(L, -1, NULL));
    }
    o->sep = opt_string(L, opts, "sep");
    o->comment = opt_string(L, opts, "comment");
    lua_getfield(L, opts, "header");
    o->no_header = lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1);
    lua_pop(L, 1);
}

/* Opens the file for rows/columns: a reader userdata at the top, its
 * table open (raises with the table's message on failure). */
static reader *open_reader(lua_State *L, int path_idx, int opts) {
    erg_table_opts o;
    read_opts(L, opts, &o);
    const char *path = gate(L, path_idx);
    reader *r = lerg_cmem_push(L, sizeof *r, 1, LERG_CSV_READER, reader_release);
    r->header = !o.no_header;
    if (!lua_isnoneornil(L, opts)) {
        lua_getfield(L, opts, "progress");
        if (!lua_isnil(L, -1)) {
            lerg_graph *G = lerg_check_graph(L, -1);
            if (!G->g) luaL_error(L, "erg.csv: the progress graph is closed");
            o.graph = G->g;
            lua_setiuservalue(L, -2, 1); /* keeps the graph alive while reading */
        } else {
            lua_pop(L, 1);
        }
    }
    void *ud;
    lua_Alloc f = lua_getallocf(L, &ud);
    if (!o.graph) {
        o.alloc = f; /* the state's allocator: the sandbox's limit applies */
        o.alloc_ud = ud;
    }
    lerg_charge(L, lerg_host_get(L), 1);
    int rc = erg_table_open(path, &o, &r->t);
    if (!r->t) luaL_error(L, "not enough memory");
    if (rc) raise_table(L, r->t);
    return r;
}

static int parse_type(const char *s, erg_type *t) {
    static const struct { const char *name; erg_type t; } names[] = {
        {"string", ERG_STRING}, {"int", ERG_INT}, {"float", ERG_FLOAT}, {"bool", ERG_BOOL}, {"date", ERG_DATE}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(s, names[i].name)) {
            *t = names[i].t;
            return 0;
        }
    return -1;
}

static void charge_row(lua_State *L, lerg_host *h, const erg_field *f, size_t n) {
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) bytes += f[i].len + 1;
    lerg_charge(L, h, 1 + bytes / 64);
}

/* types: the given ones from the opts table, the others inferred from a
 * first pass over the file, after which the table is rewound. */
static void infer_types(lua_State *L, reader *r, int opts) {
    lua_getfield(L, opts, "types");
    int spec = lua_gettop(L);
    if (!lua_toboolean(L, spec)) {
        lua_pop(L, 1);
        return;
    }
    if (!lua_istable(L, spec) && !lua_isboolean(L, spec)) luaL_error(L, "erg.csv: 'types' must be true or a table");
    size_t w = erg_table_width(r->t);
    r->types = lerg_cmem_realloc(r, NULL, 0, (w ? w : 1) * sizeof *r->types);
    if (!r->types) luaL_error(L, "not enough memory");
    r->ntypes = w ? w : 1;
    bool *fixed = lua_newuserdatauv(L, w ? w : 1, 0);
    memset(fixed, 0, w ? w : 1);
    for (size_t i = 0; i < w; i++) r->types[i] = ERG_NULL;
    if (lua_istable(L, spec)) {
        lua_pushnil(L);
        while (lua_next(L, spec)) {
            size_t col;
            const char *ref = luaL_tolstring(L, -2, NULL); /* kept on the stack while used */
            erg_type t = ERG_STRING;
            if (lua_type(L, -2) != LUA_TSTRING || parse_type(lua_tostring(L, -2), &t))
                luaL_error(L, "erg.csv: type of column '%s' must be string, int, float, bool or date", ref);
            if (erg_table_column_find(r->t, ref, &col))
                luaL_error(L, "erg.csv: no column '%s' in %s", ref, erg_table_path(r->t));
            r->types[col] = t;
            fixed[col] = true;
            lua_pop(L, 2);
        }
    }
    lerg_host *h = lerg_host_get(L);
    int rc;
    while ((rc = erg_table_next(r->t)) == 1) {
        size_t n;
        const erg_field *f = erg_table_fields(r->t, &n);
        charge_row(L, h, f, n);
        for (size_t i = 0; i < n; i++)
            if (!fixed[i] && !f[i].null) r->types[i] = erg_type_widen(r->types[i], erg_infer_type(f[i].s, f[i].len));
    }
    if (rc < 0 || erg_table_rewind(r->t)) raise_table(L, r->t);
    for (size_t i = 0; i < w; i++)
        if (r->types[i] == ERG_NULL) r->types[i] = ERG_STRING;
    lua_pop(L, 2); /* fixed, spec */
}

static void push_field(lua_State *L, reader *r, size_t i, const erg_field *f) {
    erg_type t = r->types ? r->types[i] : ERG_STRING;
    if (t == ERG_STRING) {
        lua_pushlstring(L, f->s, f->len);
        return;
    }
    erg_value v;
    char why[160];
    if (erg_value_parse(t, f->s, f->len, &v, why, sizeof why)) {
        erg_table_error(r->t, ERG_EPARSE, f->line, i + 1, "%s", why);
        raise_table(L, r->t);
    }
    lerg_push_value(L, &v);
}

/* The iterator: (reader) -> row, line; nil at the end (the file is then
 * closed at once rather than at collection). */
static int rows_next(lua_State *L) {
    reader *r = lerg_cmem_get(L, 1);
    if (!r || !r->t) return 0;
    int rc = erg_table_next(r->t);
    if (rc < 0) return raise_table(L, r->t);
    if (rc == 0) {
        erg_table_close(r->t);
        r->t = NULL;
        return 0;
    }
    size_t n;
    const erg_field *f = erg_table_fields(r->t, &n);
    charge_row(L, lerg_host_get(L), f, n);
    lua_createtable(L, r->header ? 0 : (int)n, r->header ? (int)n : 0);
    for (size_t i = 0; i < n; i++) {
        if (f[i].null) continue;
        push_field(L, r, i, &f[i]);
        if (r->header) lua_setfield(L, -2, erg_table_column(r->t, i));
        else lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_pushinteger(L, (lua_Integer)erg_table_line(r->t));
    return 2;
}

/* erg.csv.rows(path [, opts]) -> iterator, reader. */
static int c_rows(lua_State *L) {
    lua_settop(L, 2);
    reader *r = open_reader(L, 1, 2);
    if (!lua_isnil(L, 2)) infer_types(L, r, 2);
    lua_pushcfunction(L, rows_next);
    lua_insert(L, -2);
    return 2;
}

/* erg.csv.columns(path [, opts]) -> {name, ...} (empty without a header
 * or rows), separator. */
static int c_columns(lua_State *L) {
    lua_settop(L, 2);
    reader *r = open_reader(L, 1, 2);
    size_t w = erg_table_width(r->t);
    lua_createtable(L, (int)w, 0);
    for (size_t i = 0; r->header && i < w; i++) {
        lua_pushstring(L, erg_table_column(r->t, i));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    char sep = erg_table_separator(r->t);
    lua_pushlstring(L, &sep, 1);
    erg_table_close(r->t);
    r->t = NULL;
    return 2;
}

static const luaL_Reg csv_fns[] = {{"rows", c_rows}, {"columns", c_columns}, {NULL, NULL}};

/* Sets erg.csv in the module table on the top of the stack. */
int lerg_csv_open(lua_State *L) {
    luaL_newlib(L, csv_fns);
    lua_setfield(L, -2, "csv");
    return 0;
}
