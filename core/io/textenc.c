/*
 * textenc.c -- the text encodings every writer shares: XML escaping (with
 * the characters XML 1.0 cannot carry refused), JSON values (strings
 * escaped by erg_out_json_string, lists as arrays) and the one CSV field
 * quoter.
 */
#include "io.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Decodes the UTF-8 sequence at s (known valid); returns its length. */
static size_t utf8_at(const unsigned char *s, size_t n, uint32_t *cp) {
    if (s[0] < 0x80 || n < 2) { *cp = s[0]; return 1; }
    if (s[0] < 0xE0) { *cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F); return 2; }
    if (s[0] < 0xF0 || n < 4) {
        *cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        return 3;
    }
    *cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
          (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
    return 4;
}

int erg__xml_forbidden(const char *str, size_t n, uint32_t *cp_out) {
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; i < n;) {
        if (s[i] >= 0x20 && s[i] < 0x80) { i++; continue; }
        uint32_t cp;
        size_t k = utf8_at(s + i, n - i, &cp);
        if ((cp < 0x20 && cp != 0x9 && cp != 0xA && cp != 0xD) || cp == 0xFFFE || cp == 0xFFFF) {
            *cp_out = cp;
            return 1;
        }
        i += k;
    }
    return 0;
}

int erg__out_xml(erg_out *o, const char *s, size_t n, bool attr) {
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        case '\r': rep = "&#13;"; break; /* else parsers turn it into \n */
        case '\n': rep = attr ? "&#10;" : NULL; break;
        case '\t': rep = attr ? "&#9;" : NULL; break;
        default: break;
        }
        if (!rep) continue;
        if (i > start && erg_out_write(o, s + start, i - start)) return erg_out_status(o);
        if (erg_out_write(o, rep, strlen(rep))) return erg_out_status(o);
        start = i + 1;
    }
    if (n > start) return erg_out_write(o, s + start, n - start);
    return ERG_OK;
}

/* A float as JSON.  RFC 8259 has no NaN or Infinity (Python's json module
 * writes them, but JSON.parse, jansson and Python's own strict mode refuse
 * them): they are written as null, and writers that must keep them say so
 * beside the value (json_write.c's "erg.nonfinite"). */
static int json_float(erg_out *o, double f) {
    char buf[40];
    if (isnan(f) || isinf(f)) return erg_out_write(o, "null", 4);
    size_t n = erg__format_float(f, buf);
    return erg_out_write(o, buf, n);
}

int erg__out_json_value(erg_out *o, const erg_value *v) {
    char buf[40];
    size_t n;
    switch (v->type) {
    case ERG_NULL: return erg_out_write(o, "null", 4);
    case ERG_BOOL: return erg_out_write(o, v->u.b ? "true" : "false", v->u.b ? 4 : 5);
    case ERG_INT: n = (size_t)sprintf(buf, "%lld", (long long)v->u.i); return erg_out_write(o, buf, n);
    case ERG_FLOAT: return json_float(o, v->u.f);
    case ERG_STRING: return erg_out_json_string(o, v->u.s.ptr, v->u.s.len);
    case ERG_DATE:
        n = erg_date_format(v->u.d, buf);
        return erg_out_json_string(o, buf, n);
    case ERG_LIST:
        if (erg_out_write(o, "[", 1)) return ERG_EIO;
        for (size_t i = 0; i < v->u.list.n; i++) {
            if (i && erg_out_write(o, ",", 1)) return ERG_EIO;
            if (erg__out_json_value(o, &v->u.list.items[i])) return ERG_EIO;
        }
        return erg_out_write(o, "]", 1);
    }
    return ERG_OK;
}

/* erg__out_json_value fails only when o does: its status says how. */
int erg_out_json_value(erg_out *o, const erg_value *v) {
    return erg__out_json_value(o, v) ? erg_out_status(o) : ERG_OK;
}

/* ---- CSV fields ---------------------------------------------------------- */
/* The one CSV field rule of erg (its CSV graph directories, the Neo4j and
 * GraphFrames sets, the command line's --format csv): quoted when empty,
 * when it holds , " CR or LF, or has a leading or trailing space or tab;
 * a quote inside is doubled.  One encoder, two sinks: a buffer (the
 * writers build a line at a time) or an erg_out. */
typedef int (*csv_sink)(void *to, const char *s, size_t n);

static bool needs_quotes(const char *s, size_t n) {
    if (n == 0) return true;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t') return true;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') return true;
    return false;
}

static int csv_encode(csv_sink put, void *to, const char *s, size_t n) {
    if (!needs_quotes(s, n)) return put(to, s, n);
    int rc = put(to, "\"", 1);
    size_t start = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (s[i] != '"') continue;
        rc = put(to, s + start, i + 1 - start); /* through the quote, */
        start = i;                              /* which goes out twice */
    }
    if (!rc) rc = put(to, s + start, n - start);
    return rc ? rc : put(to, "\"", 1);
}

static int to_buf(void *b, const char *s, size_t n) { return erg__buf_add(b, s, n); }
static int to_out(void *o, const char *s, size_t n) { return erg_out_write(o, s, n); }

int erg__csv_field(erg_buf *b, const char *s, size_t n) {
    return csv_encode(to_buf, b, s, n);
}

int erg_out_csv_field(erg_out *o, const char *s, size_t n) {
    return csv_encode(to_out, o, s, n);
}
