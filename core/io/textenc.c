/*
 * textenc.c -- the text encodings every writer shares: XML escaping (with
 * the characters XML 1.0 cannot carry refused), and JSON values (strings
 * escaped by erg_out_json_string, lists as arrays).
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
        if (i > start && erg_out_write(o, s + start, i - start)) return ERG_EIO;
        if (erg_out_write(o, rep, strlen(rep))) return ERG_EIO;
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

int erg__out_value_text(erg_out *o, const erg_value *v) {
    char buf[40];
    size_t n;
    switch (v->type) {
    case ERG_BOOL: return erg_out_write(o, v->u.b ? "true" : "false", v->u.b ? 4 : 5);
    case ERG_INT: n = (size_t)sprintf(buf, "%lld", (long long)v->u.i); return erg_out_write(o, buf, n);
    case ERG_FLOAT: n = erg__format_float(v->u.f, buf); return erg_out_write(o, buf, n);
    case ERG_DATE: n = erg_date_format(v->u.d, buf); return erg_out_write(o, buf, n);
    default: return ERG_OK;
    }
}

/* ---- CSV fields ---------------------------------------------------------- */
static bool needs_quotes(const char *s, size_t n) {
    if (n == 0) return true;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t') return true;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') return true;
    return false;
}

int erg__csv_field(erg_buf *b, const char *s, size_t n) {
    if (!needs_quotes(s, n)) return erg__buf_add(b, s, n);
    if (erg__buf_addc(b, '"')) return ERG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' && erg__buf_addc(b, '"')) return ERG_ENOMEM;
        if (erg__buf_addc(b, s[i])) return ERG_ENOMEM;
    }
    return erg__buf_addc(b, '"');
}
