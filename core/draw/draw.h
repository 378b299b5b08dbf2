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

/* ---- the explorer's data (explore.c) ------------------------------------ */
typedef struct erg_explore_opts {
    const char *layout;       /* erg_layout_compute's method; NULL: fr (drl
                                 took minutes on 20000 entities, fr seconds) */
    erg_measure measure;      /* node size and label priority */
    const char *open;         /* "auto", "all", "component", "top"; NULL: auto */
    unsigned top;             /* entities the page opens on at most */
    const char *const *pairs; /* as erg_report_opts, checked by the caller */
    size_t npairs;
} erg_explore_opts;
/* Writes the JSON object report.js reads (the layout of it: explore.c's
 * head comment): strict JSON, safe inside a <script> element. */
int erg__draw_explorer_data(erg_graph *g, const erg_explore_opts *x, const erg_analysis_opts *ao, erg_out *o);

/* The sources with all their attributes as {"id": {"title": ...}, ...},
 * strict JSON as above (the page links a source's http(s) url). */
int erg__draw_sources_json(erg_graph *g, erg_out *o);

/* ---- assets (generated from core/draw/assets/ by the Makefile) --------- */
extern const char erg__asset_report_css[], erg__asset_report_js[], erg__asset_svg_css[];
extern const size_t erg__asset_report_css_len, erg__asset_report_js_len, erg__asset_svg_css_len;
/* the browser bundles from npm (core/draw/web/, the Makefile's WEB_ASSETS) */
extern const char erg__asset_graphology_umd_min_js[], erg__asset_sigma_min_js[], erg__asset_forceatlas2_min_js[];
extern const size_t erg__asset_graphology_umd_min_js_len, erg__asset_sigma_min_js_len,
    erg__asset_forceatlas2_min_js_len;

#endif
