/*
 * value.c -- erg's attribute values: constructors, dates, and the strict
 * text forms of ints, floats and bools shared by every reader and writer.
 */
#include "store.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

erg_value erg_null(void) { erg_value v = {0}; return v; }
erg_value erg_bool(bool b) { erg_value v = {0}; v.type = ERG_BOOL; v.u.b = b; return v; }
erg_value erg_int(int64_t i) { erg_value v = {0}; v.type = ERG_INT; v.u.i = i; return v; }
erg_value erg_float(double f) { erg_value v = {0}; v.type = ERG_FLOAT; v.u.f = f; return v; }
erg_value erg_strn(const char *s, size_t n) {
    erg_value v = {0};
    v.type = ERG_STRING;
    v.u.s.ptr = s;
    v.u.s.len = n;
    return v;
}
erg_value erg_str(const char *s) { return erg_strn(s, strlen(s)); }
erg_value erg_datev(erg_date d) { erg_value v = {0}; v.type = ERG_DATE; v.u.d = d; return v; }
erg_value erg_listv(erg_type elem, const erg_value *items, size_t n) {
    erg_value v = {0};
    v.type = ERG_LIST;
    v.elem = elem;
    v.u.list.items = items;
    v.u.list.n = n;
    return v;
}

const char *erg_type_name(erg_type t) {
    static const char *const names[] = {"null", "bool", "int", "float",
                                        "string", "date", "list"};
    return (unsigned)t <= ERG_LIST ? names[t] : "?";
}

static int digits(const char *s, size_t n, int *out) {
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int days_in(int y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

int erg_date_parse(const char *s, size_t n, erg_date *out) {
    int y = 0, m = 0, d = 0;
    if (n != 4 && n != 7 && n != 10) return ERG_EINVAL;
    if (digits(s, 4, &y)) return ERG_EINVAL;
    if (n >= 7 && (s[4] != '-' || digits(s + 5, 2, &m) || m < 1 || m > 12))
        return ERG_EINVAL;
    if (n == 10 && (s[7] != '-' || digits(s + 8, 2, &d) || d < 1 ||
                    d > days_in(y, m)))
        return ERG_EINVAL;
    out->year = (int16_t)y;
    out->month = (uint8_t)m;
    out->day = (uint8_t)d;
    return ERG_OK;
}

size_t erg_date_format(erg_date d, char *buf) {
    int n;
    if (d.month == 0) n = sprintf(buf, "%04d", d.year);
    else if (d.day == 0) n = sprintf(buf, "%04d-%02d", d.year, d.month);
    else n = sprintf(buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return (size_t)n;
}

int erg__parse_int(const char *s, size_t n, int64_t *out) {
    size_t i = 0;
    bool neg = false;
    if (n && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        i = 1;
    }
    if (i == n) return ERG_EINVAL;
    uint64_t v = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    bool over = false;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return ERG_EINVAL;
        unsigned dgt = (unsigned)(s[i] - '0');
        if (v > (lim - dgt) / 10) over = true;
        else v = v * 10 + dgt;
    }
    if (over) return ERG_ELIMIT;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return ERG_OK;
}

int erg__parse_float(const char *s, size_t n, double *out) {
    char tmp[64];
    if (n == 0 || n >= sizeof tmp) return ERG_EINVAL;
    /* strtod accepts hex, leading spaces and "infinity"; erg takes decimal
     * numbers plus exactly nan, inf, -inf, +inf. */
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' ||
              c == '-' || c == '+' || c == 'n' || c == 'a' || c == 'i' ||
              c == 'f'))
            return ERG_EINVAL;
    }
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    const char *body = tmp + (tmp[0] == '-' || tmp[0] == '+');
    if (!strcmp(body, "nan") || !strcmp(body, "inf")) {
        *out = !strcmp(body, "nan") ? NAN : (tmp[0] == '-' ? -INFINITY : INFINITY);
        return ERG_OK;
    }
    if (!((body[0] >= '0' && body[0] <= '9') || body[0] == '.')) return ERG_EINVAL;
    char *end;
    errno = 0;
    double d = strtod(tmp, &end);
    if (end != tmp + n) return ERG_EINVAL;
    if (errno == ERANGE && isinf(d)) return ERG_ELIMIT;
    *out = d;
    return ERG_OK;
}

int erg__parse_bool(const char *s, size_t n, bool *out) {
    if (n == 4 && !strncasecmp(s, "true", 4)) { *out = true; return ERG_OK; }
    if (n == 5 && !strncasecmp(s, "false", 5)) { *out = false; return ERG_OK; }
    return ERG_EINVAL;
}

size_t erg__format_float(double f, char *buf) {
    if (isnan(f)) return (size_t)sprintf(buf, "nan");
    if (isinf(f)) return (size_t)sprintf(buf, f < 0 ? "-inf" : "inf");
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = sprintf(buf, "%.*g", prec, f);
        if (strtod(buf, NULL) == f) break;
    }
    /* Keep it recognisably a float: 400 -> 400.0 */
    if (!strpbrk(buf, ".eE")) {
        buf[n++] = '.';
        buf[n++] = '0';
        buf[n] = '\0';
    }
    return (size_t)n;
}

int erg__parse_type(const char *s, size_t n, erg_type *t, erg_type *elem) {
    static const struct { const char *name; erg_type t; } names[] = {
        {"string", ERG_STRING}, {"int", ERG_INT}, {"float", ERG_FLOAT},
        {"bool", ERG_BOOL}, {"date", ERG_DATE}};
    bool list = n >= 2 && s[n - 2] == '[' && s[n - 1] == ']';
    size_t base = list ? n - 2 : n;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strlen(names[i].name) == base && !memcmp(names[i].name, s, base)) {
            *t = list ? ERG_LIST : names[i].t;
            *elem = list ? names[i].t : ERG_NULL;
            return ERG_OK;
        }
    }
    return ERG_EINVAL;
}

const char *erg__type_spec(erg_type t, erg_type elem, char *buf) {
    if (t == ERG_LIST) sprintf(buf, "%s[]", erg_type_name(elem));
    else sprintf(buf, "%s", erg_type_name(t));
    return buf;
}

bool erg__utf8_valid(const char *str, size_t n, size_t *bad_at) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t len;
        unsigned min;
        if (c >= 0xC2 && c <= 0xDF) { len = 2; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; min = 0x10000; }
        else goto bad;
        if (i + len > n) goto bad;
        unsigned cp = c & (0x7F >> len);
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) goto bad;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) goto bad;
        i += len;
    }
    return true;
bad:
    if (bad_at) *bad_at = i;
    return false;
}

bool erg_value_equal(const erg_value *a, const erg_value *b) {
    if (a->type != b->type) return false;
    switch (a->type) {
    case ERG_NULL: return true;
    case ERG_BOOL: return a->u.b == b->u.b;
    case ERG_INT: return a->u.i == b->u.i;
    case ERG_FLOAT:
        return (isnan(a->u.f) && isnan(b->u.f)) ||
               memcmp(&a->u.f, &b->u.f, sizeof(double)) == 0;
    case ERG_STRING:
        return a->u.s.len == b->u.s.len &&
               (a->u.s.len == 0 || !memcmp(a->u.s.ptr, b->u.s.ptr, a->u.s.len));
    case ERG_DATE:
        return a->u.d.year == b->u.d.year && a->u.d.month == b->u.d.month &&
               a->u.d.day == b->u.d.day;
    case ERG_LIST:
        if (a->elem != b->elem || a->u.list.n != b->u.list.n) return false;
        for (size_t i = 0; i < a->u.list.n; i++)
            if (!erg_value_equal(&a->u.list.items[i], &b->u.list.items[i]))
                return false;
        return true;
    }
    return false;
}

/* ---- erg's text form of values (CSV cells, GraphML data) ---------------- */
static int scalar_text(erg_buf *t, const erg_value *v, bool in_list) {
    char num[40];
    size_t n;
    switch (v->type) {
    case ERG_BOOL: return erg__buf_add(t, v->u.b ? "true" : "false", v->u.b ? 4 : 5);
    case ERG_INT: n = (size_t)sprintf(num, "%lld", (long long)v->u.i); return erg__buf_add(t, num, n);
    case ERG_FLOAT: n = erg__format_float(v->u.f, num); return erg__buf_add(t, num, n);
    case ERG_DATE: n = erg_date_format(v->u.d, num); return erg__buf_add(t, num, n);
    case ERG_STRING:
        if (!in_list) return erg__buf_add(t, v->u.s.ptr, v->u.s.len);
        for (size_t i = 0; i < v->u.s.len; i++) {
            char c = v->u.s.ptr[i];
            if ((c == ';' || c == '\\') && erg__buf_addc(t, '\\')) return ERG_ENOMEM;
            if (erg__buf_addc(t, c)) return ERG_ENOMEM;
        }
        return ERG_OK;
    default: return ERG_OK;
    }
}

int erg__value_text(erg_buf *t, const erg_value *v) {
    if (v->type != ERG_LIST) return scalar_text(t, v, false);
    const erg_value *it = v->u.list.items;
    size_t n = v->u.list.n;
    if (n == 1 && it[0].type == ERG_STRING && it[0].u.s.len == 0) return erg__buf_add(t, "\\e", 2);
    for (size_t i = 0; i < n; i++) {
        if (i && erg__buf_addc(t, ';')) return ERG_ENOMEM;
        if (scalar_text(t, &it[i], true)) return ERG_ENOMEM;
    }
    return ERG_OK;
}

int erg__scalar_parse(erg_type t, const char *s, size_t n, erg_value *out) {
    memset(out, 0, sizeof *out);
    out->type = t;
    switch (t) {
    case ERG_STRING: *out = erg_strn(s, n); return ERG_OK;
    case ERG_INT: return erg__parse_int(s, n, &out->u.i);
    case ERG_FLOAT: return erg__parse_float(s, n, &out->u.f);
    case ERG_BOOL: return erg__parse_bool(s, n, &out->u.b);
    case ERG_DATE: return erg_date_parse(s, n, &out->u.d);
    default: return ERG_EINVAL;
    }
}

size_t erg__list_count(const char *s, size_t n) {
    size_t k = 1;
    for (size_t i = 0; i < n; i++) k += s[i] == ';';
    return k;
}

int erg__list_parse(char *s, size_t n, erg_type elem, erg_value *items, size_t *nitems,
                    size_t *bad) {
    size_t i = 0, k = 0;
    *nitems = 0;
    if (n == 0) return ERG_OK;
    for (;;) {
        char *w = s + i, *dst = w;
        while (i < n && s[i] != ';') {
            if (s[i] == '\\') {
                char e = i + 1 < n ? s[i + 1] : '\0';
                if (e == ';' || e == '\\') *dst++ = e;
                else if (e != 'e') {
                    *bad = SIZE_MAX;
                    return ERG_EINVAL;
                }
                i += 2;
            } else {
                *dst++ = s[i++];
            }
        }
        int rc = erg__scalar_parse(elem, w, (size_t)(dst - w), &items[k]);
        if (rc) {
            *bad = k;
            return rc;
        }
        k++;
        if (i >= n) break;
        i++;
    }
    *nitems = k;
    return ERG_OK;
}
