/*
 * json.c -- erg.json: strict JSON (RFC 8259) for scripts.
 *
 *   erg.json.decode(text)  -> value | nil, "LINE:COL: reason"
 *   erg.json.encode(value) -> text (raises on what JSON cannot hold)
 *   erg.json.null          the value JSON null decodes to (and encodes from)
 *
 * Objects decode to tables, arrays to sequences (null elements are
 * erg.json.null, so a sequence has no holes), integers that fit to Lua
 * integers and other numbers to floats.  Decoding refuses what strict
 * parsers refuse: trailing commas, comments, NaN, single quotes, control
 * characters and invalid UTF-8 in strings, lone surrogates, duplicate
 * keys, text after the value, nesting deeper than 200 levels.
 *
 * Encoding writes compact JSON with object keys sorted (stable output);
 * a table whose keys are exactly 1..n is an array, the empty table is
 * [].  Refused, naming where the value sits ($.a[2]): NaN and infinities,
 * tables that contain themselves, keys that are not strings (in a table
 * that is no sequence), functions, threads and userdata other than
 * erg.date (written as its ISO text).
 *
 * This file parses JSON itself rather than through jansson: every value
 * goes straight into Lua memory (the sandbox's --max-memory sees it all)
 * and work is charged to the host as it is done (a string a chunk at a
 * time), so a huge document stops at --max-steps before it is read.
 */
#include "module.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LERG_JSON_NULL "erg.json.null"
#define MAX_DEPTH 200
#define CHARGE_BYTES 16 /* bytes of text per unit of work (about a VM instruction) */

/* Pushes the null sentinel (made once, kept in the registry). */
static void push_null(lua_State *L) {
    lua_getfield(L, LUA_REGISTRYINDEX, LERG_JSON_NULL);
}

static bool is_null(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TTABLE) return false;
    push_null(L);
    bool eq = lua_rawequal(L, idx < 0 ? idx - 1 : idx, -1);
    lua_pop(L, 1);
    return eq;
}

/* ---- decoding ------------------------------------------------------------- */
typedef struct dec {
    lua_State *L;
    lerg_host *h;
    const char *s, *p, *end;
    const char *err; /* the reason, when parsing failed */
    const char *at;  /* where */
    char msg[96];
} dec;

static bool fail(dec *d, const char *at, const char *why) {
    if (!d->err) {
        d->err = why;
        d->at = at;
    }
    return false;
}

static void skip_ws(dec *d) {
    while (d->p < d->end && (*d->p == ' ' || *d->p == '\t' || *d->p == '\n' || *d->p == '\r')) d->p++;
}

static void charge(dec *d, size_t bytes) {
    lerg_charge(d->L, d->h, 1 + bytes / CHARGE_BYTES);
}

static bool literal(dec *d, const char *word, size_t n) {
    if ((size_t)(d->end - d->p) < n || memcmp(d->p, word, n) != 0) return fail(d, d->p, "expected a value");
    d->p += n;
    return true;
}

static bool number(dec *d) {
    const char *start = d->p, *q = d->p;
    if (q < d->end && *q == '-') q++;
    if (q >= d->end || *q < '0' || *q > '9') return fail(d, start, "expected a value");
    if (*q == '0') q++;
    else while (q < d->end && *q >= '0' && *q <= '9') q++;
    if (q < d->end && *q == '.') {
        if (++q >= d->end || *q < '0' || *q > '9') return fail(d, q, "a digit must follow the decimal point");
        while (q < d->end && *q >= '0' && *q <= '9') q++;
    }
    if (q < d->end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < d->end && (*q == '+' || *q == '-')) q++;
        if (q >= d->end || *q < '0' || *q > '9') return fail(d, q, "a digit must follow the exponent");
        while (q < d->end && *q >= '0' && *q <= '9') q++;
    }
    char buf[400];
    size_t n = (size_t)(q - start);
    if (n >= sizeof buf) return fail(d, start, "number longer than 399 characters");
    memcpy(buf, start, n);
    buf[n] = '\0';
    /* Lua makes integers of what fits and floats of the rest (and of any
     * number with a fraction or exponent) */
    if (lua_stringtonumber(d->L, buf) != n + 1) return fail(d, start, "bad number");
    d->p = q;
    return true;
}

static int hex4(const char *p) {
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else return -1;
    }
    return v;
}

static void add_utf8(luaL_Buffer *b, unsigned long cp) {
    char u[4];
    int n;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | (cp >> 6 & 0x3F)); u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (char)(0x80 | (cp >> 6 & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    luaL_addlstring(b, u, (size_t)n);
}

/* Length of the valid UTF-8 sequence at p (0 when invalid). */
static size_t utf8_len(const unsigned char *p, const unsigned char *end) {
    size_t n = p[0] < 0xC2 ? 0 : p[0] < 0xE0 ? 2 : p[0] < 0xF0 ? 3 : p[0] < 0xF5 ? 4 : 0;
    if (!n || (size_t)(end - p) < n) return 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    if (n == 3 && ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] >= 0xA0))) return 0; /* overlong, surrogate */
    if (n == 4 && ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90))) return 0;
    return n;
}

/* An escape after the backslash at d->p; false (reported) when bad. */
static bool escape(dec *d, luaL_Buffer *b) {
    const char *at = d->p++;
    if (d->p >= d->end) return fail(d, at, "unterminated string");
    char c = *d->p++;
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *k = strchr(from, c);
    if (c && k) {
        luaL_addchar(b, to[k - from]);
        return true;
    }
    if (c != 'u') return fail(d, at, "bad escape");
    int hi = d->end - d->p >= 4 ? hex4(d->p) : -1;
    if (hi < 0) return fail(d, at, "\\u needs four hex digits");
    d->p += 4;
    unsigned long cp = (unsigned long)hi;
    if (hi >= 0xDC00 && hi <= 0xDFFF) return fail(d, at, "lone low surrogate");
    if (hi >= 0xD800 && hi <= 0xDBFF) {
        int lo = d->end - d->p >= 6 && d->p[0] == '\\' && d->p[1] == 'u' ? hex4(d->p + 2) : -1;
        if (lo < 0xDC00 || lo > 0xDFFF) return fail(d, at, "high surrogate without its low surrogate");
        d->p += 6;
        cp = 0x10000 + (((unsigned long)hi - 0xD800) << 10) + ((unsigned long)lo - 0xDC00);
    }
    add_utf8(b, cp);
    return true;
}

/* A string (d->p at the opening quote); pushes it. */
static bool string(dec *d) {
    const char *open = d->p++;
    luaL_Buffer b;
    luaL_buffinit(d->L, &b);
    size_t since = 0;
    while (d->p < d->end && *d->p != '"') {
        const char *run = d->p;
        while (d->p < d->end && *d->p != '"' && *d->p != '\\' && (unsigned char)*d->p >= 0x20 &&
               (unsigned char)*d->p < 0x80)
            d->p++;
        luaL_addlstring(&b, run, (size_t)(d->p - run));
        if ((since += (size_t)(d->p - run) + 1) >= 65536) { /* long strings pay as they go */
            charge(d, since);
            since = 0;
        }
        if (d->p >= d->end || *d->p == '"') break;
        unsigned char c = (unsigned char)*d->p;
        if (c == '\\') {
            if (!escape(d, &b)) return false;
        } else if (c < 0x20) {
            return fail(d, d->p, "control character in a string (escape it)");
        } else {
            size_t n = utf8_len((const unsigned char *)d->p, (const unsigned char *)d->end);
            if (!n) return fail(d, d->p, "invalid UTF-8 in a string");
            luaL_addlstring(&b, d->p, n);
            d->p += n;
        }
    }
    if (d->p >= d->end) return fail(d, open, "unterminated string");
    d->p++;
    luaL_pushresult(&b);
    charge(d, since);
    return true;
}

static bool value(dec *d, int depth);

static bool array(dec *d, int depth) {
    d->p++;
    lua_newtable(d->L);
    skip_ws(d);
    if (d->p < d->end && *d->p == ']') { d->p++; return true; }
    for (lua_Integer i = 1;; i++) {
        if (!value(d, depth + 1)) return false;
        lua_rawseti(d->L, -2, i);
        skip_ws(d);
        if (d->p < d->end && *d->p == ',') { d->p++; continue; }
        if (d->p < d->end && *d->p == ']') { d->p++; return true; }
        return fail(d, d->p, d->p < d->end ? "expected ',' or ']'" : "unterminated array");
    }
}

static bool object(dec *d, int depth) {
    d->p++;
    lua_newtable(d->L);
    skip_ws(d);
    if (d->p < d->end && *d->p == '}') { d->p++; return true; }
    for (;;) {
        skip_ws(d);
        if (d->p >= d->end || *d->p != '"') return fail(d, d->p, d->p < d->end ? "expected a string key" : "unterminated object");
        const char *key_at = d->p;
        if (!string(d)) return false;
        lua_pushvalue(d->L, -1);
        if (lua_rawget(d->L, -3) != LUA_TNIL) {
            snprintf(d->msg, sizeof d->msg, "duplicate key '%.40s'", lua_tostring(d->L, -2));
            return fail(d, key_at, d->msg);
        }
        lua_pop(d->L, 1);
        skip_ws(d);
        if (d->p >= d->end || *d->p != ':') return fail(d, d->p, "expected ':'");
        d->p++;
        if (!value(d, depth + 1)) return false;
        lua_rawset(d->L, -3);
        skip_ws(d);
        if (d->p < d->end && *d->p == ',') { d->p++; continue; }
        if (d->p < d->end && *d->p == '}') { d->p++; return true; }
        return fail(d, d->p, d->p < d->end ? "expected ',' or '}'" : "unterminated object");
    }
}

/* One value; pushes it. */
static bool value(dec *d, int depth) {
    skip_ws(d);
    if (d->p >= d->end) return fail(d, d->p, "unexpected end of text");
    if (depth > MAX_DEPTH) return fail(d, d->p, "nesting deeper than 200 levels");
    luaL_checkstack(d->L, 4, "json.decode");
    charge(d, 0);
    switch (*d->p) {
    case '{': return object(d, depth);
    case '[': return array(d, depth);
    case '"': return string(d);
    case 't': if (!literal(d, "true", 4)) return false; lua_pushboolean(d->L, 1); return true;
    case 'f': if (!literal(d, "false", 5)) return false; lua_pushboolean(d->L, 0); return true;
    case 'n': if (!literal(d, "null", 4)) return false; push_null(d->L); return true;
    default: return number(d);
    }
}

/* erg.json.decode(text) -> value | nil, "LINE:COL: reason" */
static int l_decode(lua_State *L) {
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    dec d = {L, lerg_host_get(L), s, s, s + n, NULL, NULL, {0}};
    lua_settop(L, 1);
    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) d.p += 3;
    bool ok = value(&d, 1);
    if (ok) {
        skip_ws(&d);
        if (d.p < d.end) ok = fail(&d, d.p, "text after the JSON value");
    }
    if (ok) return 1;
    unsigned long line = 1, col = 1;
    for (const char *q = s; q < d.at; q++) {
        if (*q == '\n') { line++; col = 1; }
        else if (((unsigned char)*q & 0xC0) != 0x80) col++; /* columns count characters */
    }
    lua_settop(L, 1);
    luaL_pushfail(L);
    lua_pushfstring(L, "%d:%d: %s", (int)line, (int)col, d.err);
    return 2;
}

/* ---- encoding ------------------------------------------------------------- */
typedef struct enc {
    lua_State *L;
    lerg_host *h;
    lerg_vec *out;   /* the text (a userdata: values come and go on the stack) */
    int seen;        /* stack index of the table of tables being written */
    char path[256];  /* where the value being written sits: $.a[2] */
} enc;

static int enc_error(enc *e, const char *what) {
    return luaL_error(e->L, "json.encode: %s at %s", what, e->path);
}

static void out_add(enc *e, const char *s, size_t n) {
    lerg_vec *v = e->out;
    if (n > v->cap - v->n) {
        size_t ncap = v->cap ? v->cap : 256;
        while (ncap - v->n < n) {
            if (ncap > SIZE_MAX / 2) luaL_error(e->L, "not enough memory");
            ncap *= 2;
        }
        void *p = lerg_cmem_realloc(v, v->p, v->p ? v->cap : 0, ncap);
        if (!p) luaL_error(e->L, "not enough memory");
        v->p = p;
        v->cap = ncap;
    }
    memcpy((char *)v->p + v->n, s, n);
    v->n += n;
}
#define out_str(e, s) out_add((e), (s), strlen(s))
static void out_char(enc *e, char c) { out_add(e, &c, 1); }

static void add_string(enc *e, const char *s, size_t n) {
    out_char(e, '"');
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t k = utf8_len((const unsigned char *)s + i, (const unsigned char *)s + n);
            if (!k) enc_error(e, "a string that is not valid UTF-8");
            out_add(e, s + i, k);
            i += k;
            continue;
        }
        if (c == '"' || c == '\\') {
            out_char(e, '\\');
            out_char(e, (char)c);
        } else if (c < 0x20) {
            static const char short_form[] = "btnvfr";
            char esc[8];
            if (c >= 8 && c <= 13 && c != 11) snprintf(esc, sizeof esc, "\\%c", short_form[c - 8]);
            else snprintf(esc, sizeof esc, "\\u%04x", c);
            out_str(e, esc);
        } else {
            out_char(e, (char)c);
        }
        i++;
    }
    out_char(e, '"');
    lerg_charge(e->L, e->h, 1 + n / CHARGE_BYTES);
}

static void add_number(enc *e, int idx) {
    char buf[64];
    if (lua_isinteger(e->L, idx)) {
        snprintf(buf, sizeof buf, LUA_INTEGER_FMT, (LUAI_UACINT)lua_tointeger(e->L, idx));
    } else {
        double f = (double)lua_tonumber(e->L, idx);
        if (isnan(f)) enc_error(e, "NaN (JSON has no NaN)");
        if (isinf(f)) enc_error(e, f < 0 ? "-inf (JSON has no infinity)" : "inf (JSON has no infinity)");
        int n = 0;
        for (int prec = 15; prec <= 17; prec++) { /* the shortest text that reads back the same */
            n = snprintf(buf, sizeof buf, "%.*g", prec, f);
            if (strtod(buf, NULL) == f) break;
        }
        if (!strpbrk(buf, ".eEn")) snprintf(buf + n, sizeof buf - (size_t)n, ".0"); /* stays a float */
    }
    out_str(e, buf);
}

static void encode(enc *e, int idx, int depth);

/* The length n when the table's keys are exactly 1..n (0: empty), else -1. */
static lua_Integer seq_len(lua_State *L, int idx) {
    lua_Integer count = 0, max = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1) {
            lua_pop(L, 1);
            return -1;
        }
        lua_Integer k = lua_tointeger(L, -1);
        if (k > max) max = k;
        count++;
    }
    return max == count ? count : -1;
}

static int cmp_keys(const void *a, const void *b) {
    const char *const *x = a, *const *y = b;
    return strcmp(*x, *y);
}

/* Appends ".key" or "[i]" to the path; *mark is where to cut it back. */
static void path_key(enc *e, size_t *mark, const char *key) {
    *mark = strlen(e->path);
    snprintf(e->path + *mark, sizeof e->path - *mark, ".%.60s", key);
}
static void path_index(enc *e, size_t *mark, lua_Integer i) {
    *mark = strlen(e->path);
    snprintf(e->path + *mark, sizeof e->path - *mark, "[%lld]", (long long)i);
}

static void encode_object(enc *e, int idx, int depth) {
    lua_State *L = e->L;
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            char what[96];
            const char *type = luaL_typename(L, -1);
            snprintf(what, sizeof what, "a table key that is a %s (%.40s), not a string", type,
                     luaL_tolstring(L, -1, NULL));
            enc_error(e, what);
        }
        n++;
    }
    /* the keys stay alive as keys of the table while they are sorted */
    const char **keys = lua_newuserdatauv(L, n * sizeof *keys, 0);
    size_t i = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        keys[i++] = lua_tostring(L, -1);
    }
    qsort(keys, n, sizeof *keys, cmp_keys);
    out_char(e, '{');
    for (i = 0; i < n; i++) {
        size_t mark;
        if (i) out_char(e, ',');
        lua_pushstring(L, keys[i]);
        size_t kn;
        const char *k = lua_tolstring(L, -1, &kn);
        add_string(e, k, kn);
        out_char(e, ':');
        lua_rawget(L, idx);
        path_key(e, &mark, keys[i]);
        encode(e, lua_gettop(L), depth + 1);
        e->path[mark] = '\0';
        lua_pop(L, 1);
    }
    out_char(e, '}');
    lua_pop(L, 1); /* keys */
}

static void encode_table(enc *e, int idx, int depth) {
    lua_State *L = e->L;
    if (depth > MAX_DEPTH) enc_error(e, "nesting deeper than 200 levels");
    lua_pushvalue(L, idx);
    if (lua_rawget(L, e->seen) != LUA_TNIL) enc_error(e, "a table that contains itself");
    lua_pop(L, 1);
    lua_pushvalue(L, idx);
    lua_pushboolean(L, 1);
    lua_rawset(L, e->seen);
    lua_Integer n = seq_len(L, idx);
    if (n >= 0) {
        out_char(e, '[');
        for (lua_Integer i = 1; i <= n; i++) {
            size_t mark;
            if (i > 1) out_char(e, ',');
            lua_rawgeti(L, idx, i);
            path_index(e, &mark, i);
            encode(e, lua_gettop(L), depth + 1);
            e->path[mark] = '\0';
            lua_pop(L, 1);
        }
        out_char(e, ']');
    } else {
        encode_object(e, idx, depth);
    }
    lua_pushvalue(L, idx);
    lua_pushnil(L);
    lua_rawset(L, e->seen);
}

static void encode(enc *e, int idx, int depth) {
    lua_State *L = e->L;
    luaL_checkstack(L, 6, "json.encode");
    lerg_charge(L, e->h, 1);
    switch (lua_type(L, idx)) {
    case LUA_TNIL: out_str(e, "null"); return;
    case LUA_TBOOLEAN: out_str(e, lua_toboolean(L, idx) ? "true" : "false"); return;
    case LUA_TNUMBER: add_number(e, idx); return;
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n);
        add_string(e, s, n);
        return;
    }
    case LUA_TTABLE:
        if (is_null(L, idx)) out_str(e, "null");
        else encode_table(e, idx, depth);
        return;
    case LUA_TUSERDATA: {
        erg_date *dt = lerg_to_date(L, idx);
        if (dt) {
            char buf[16];
            size_t n = erg_date_format(*dt, buf);
            add_string(e, buf, n);
            return;
        }
    } /* fall through */
    default: {
        char what[64];
        snprintf(what, sizeof what, "a %s (JSON cannot hold it)", luaL_typename(L, idx));
        enc_error(e, what);
    }
    }
}

/* erg.json.encode(value) -> text */
static int l_encode(lua_State *L) {
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    lua_newtable(L); /* 2: tables being written */
    enc e = {L, lerg_host_get(L), lerg_vec_new(L, 1), 2, "$"}; /* 3: the text */
    encode(&e, 1, 1);
    lua_pushlstring(L, e.out->p ? e.out->p : "", e.out->n);
    lerg_cmem_free(L, 3); /* the text's buffer, now copied */
    return 1;
}

/* ---- the module table ------------------------------------------------------ */
static int null_tostring(lua_State *L) {
    lua_pushliteral(L, "null");
    return 1;
}

static int null_newindex(lua_State *L) {
    return luaL_error(L, "erg.json.null cannot hold fields");
}

static const luaL_Reg json_fns[] = {{"decode", l_decode}, {"encode", l_encode}, {NULL, NULL}};

/* Sets erg.json on the module table at the top of the stack. */
int lerg_json_open(lua_State *L) {
    if (lua_getfield(L, LUA_REGISTRYINDEX, LERG_JSON_NULL) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_newtable(L);
        lua_pushcfunction(L, null_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushcfunction(L, null_newindex);
        lua_setfield(L, -2, "__newindex");
        lua_pushliteral(L, LERG_JSON_NULL);
        lua_setfield(L, -2, "__metatable");
        lua_setmetatable(L, -2);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, LERG_JSON_NULL);
    }
    luaL_newlib(L, json_fns);
    lua_insert(L, -2);
    lua_setfield(L, -2, "null");
    lua_setfield(L, -2, "json");
    return 0;
}
