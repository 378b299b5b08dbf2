/*
 * markup.c -- the draw layer's own small helpers: text escaped for SVG and
 * HTML, attribute values written for a reader, and memory taken from the
 * graph's allocator (erg_graph_realloc), so that drawing allocates nothing
 * behind the hook.
 */
#include "draw.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int erg__draw_text(erg_out *o, const char *s, size_t n) {
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\n': rep = "&#10;"; break;
        case '\t': rep = "&#9;"; break;
        default: rep = c < 0x20 ? "" : NULL; /* dropped: XML cannot carry it */
        }
        if (!rep) continue;
        if (i > start) erg_out_write(o, s + start, i - start);
        erg_out_write(o, rep, strlen(rep));
        start = i + 1;
    }
    if (n > start) erg_out_write(o, s + start, n - start);
    return erg_out_status(o);
}

int erg__draw_textz(erg_out *o, const char *s) {
    return s ? erg__draw_text(o, s, strlen(s)) : erg_out_status(o);
}

/* The shortest of 15 to 17 significant digits that reads back as f, with
 * ".0" on whole numbers (as erg writes floats everywhere). */
static int draw_float(erg_out *o, double f) {
    char buf[40];
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(buf, sizeof buf, "%.*g", prec, f);
        if (strtod(buf, NULL) == f) break;
    }
    if (!strpbrk(buf, ".eEn")) n += snprintf(buf + n, sizeof buf - (size_t)n, ".0"); /* not nan, inf */
    return erg_out_write(o, buf, (size_t)n);
}

static int draw_scalar(erg_out *o, const erg_value *v) {
    char buf[32];
    switch (v->type) {
    case ERG_BOOL: return erg__draw_textz(o, v->u.b ? "true" : "false");
    case ERG_INT: return erg_out_printf(o, "%" PRId64, v->u.i);
    case ERG_FLOAT: return draw_float(o, v->u.f);
    case ERG_DATE: return erg_out_write(o, buf, erg_date_format(v->u.d, buf));
    case ERG_STRING: return erg__draw_text(o, v->u.s.ptr, v->u.s.len);
    default: return erg_out_status(o);
    }
}

int erg__draw_value(erg_out *o, const erg_value *v) {
    if (v->type != ERG_LIST) return draw_scalar(o, v);
    for (size_t i = 0; i < v->u.list.n; i++) {
        if (i) erg_out_write(o, "; ", 2);
        draw_scalar(o, &v->u.list.items[i]);
    }
    return erg_out_status(o);
}

const char *erg__draw_label(const erg_graph *g, erg_entity e) {
    const char *n = erg_entity_name(g, e);
    return n && *n ? n : erg_entity_id(g, e);
}

void *erg__draw_calloc(erg_graph *g, size_t n, size_t sz) {
    if (n == 0) n = 1;
    void *p = n > SIZE_MAX / sz ? NULL : erg_graph_realloc(g, NULL, 0, n * sz);
    if (!p) {
        erg_set_error(g, ERG_ENOMEM, "out of memory");
        return NULL;
    }
    return memset(p, 0, n * sz);
}

void erg__draw_free(erg_graph *g, void *p, size_t n, size_t sz) {
    if (p) erg_graph_realloc(g, p, (n ? n : 1) * sz, 0);
}
