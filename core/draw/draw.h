/*
 * draw.h -- what the drawing (svg.c) and the HTML report (report.c) share:
 * markup text, values for a reader, memory from the graph's allocator, and
 * the style sheets and script embedded from core/draw/assets/.  The draw
 * layer is a client of erg.h only, as a program embedding erg would be.
 */
#ifndef ERG_DRAW_H
#define ERG_DRAW_H

#include "../erg.h"

/* ---- markup (markup.c) ------------------------------------------------- */
/* s (n bytes) as XML/HTML text, fit for an attribute value as well:
 * & < > " escaped, tab and LF as character references, the other control
 * characters (which XML 1.0 cannot carry) dropped. */
int erg__draw_text(erg_out *o, const char *s, size_t n);
/* The same for a NUL-terminated string; NULL writes nothing. */
int erg__draw_textz(erg_out *o, const char *s);
/* A value for a reader, escaped as erg__draw_text: numbers and dates in
 * erg's forms, list elements joined by "; ", null as nothing. */
int erg__draw_value(erg_out *o, const erg_value *v);
/* The label of an entity: its name, or its id when it has none. */
const char *erg__draw_label(const erg_graph *g, erg_entity e);

/* ---- memory (markup.c) ------------------------------------------------- */
/* n zeroed elements of size sz from the graph's allocator (never a
 * zero-size block); NULL, with "out of memory" set on g, on failure. */
void *erg__draw_calloc(erg_graph *g, size_t n, size_t sz);
/* Frees what erg__draw_calloc(g, n, sz) returned; NULL is a no-op. */
void erg__draw_free(erg_graph *g, void *p, size_t n, size_t sz);

/* ---- assets (generated from core/draw/assets/ by the Makefile) --------- */
extern const char erg__asset_report_css[], erg__asset_report_js[], erg__asset_svg_css[];
extern const size_t erg__asset_report_css_len, erg__asset_report_js_len, erg__asset_svg_css_len;

#endif
