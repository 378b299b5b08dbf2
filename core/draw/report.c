/*
 * report.c -- one self-contained HTML page about a graph: an interactive
 * map (sigma.js on graphology, WebGL) with search, filters, a date slider,
 * an entity panel, an ego view and "how is A connected to B"; below it the
 * most central entities, chosen pairs with every path between them and
 * each hop's evidence and source, communities and the sources.  No network
 * access: styles, data and scripts are inline.  The map's data comes from
 * explore.c; the style sheet and the page script are core/draw/assets/
 * report.css and report.js, and sigma.js, graphology and ForceAtlas2 are
 * the npm bundles of core/draw/web/, all embedded at build time.  When the
 * map is drawn the script sets data-ready="true" on <html>.  Like svg.c it
 * leaves write errors to the erg_out, where they stick, and checks once at
 * the end.
 */
#include "draw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int h(erg_out *o, const char *s) { return erg__draw_textz(o, s); } /* HTML text */

static const char *label(erg_graph *g, erg_entity e) { return erg__draw_label(g, e); }

/* Commits o, or aborts it when rc is an error of the caller's own (o's
 * errors stick: commit returns the first one with its message). */
static int finish(erg_out *o, int rc) {
    if (rc && !erg_out_status(o)) {
        erg_out_abort(o);
        return rc;
    }
    return erg_out_commit(o);
}

static void ent_link(erg_graph *g, erg_out *o, erg_entity e) {
    erg_out_printf(o, "<a class=\"ent\" data-id=\"");
    h(o, erg_entity_id(g, e));
    erg_out_printf(o, "\">");
    h(o, label(g, e));
    erg_out_printf(o, "</a>");
}

static int central(erg_graph *g, erg_out *o, const erg_analysis_opts *ao) {
    static const erg_measure ms[] = {ERG_PAGERANK, ERG_BETWEENNESS, ERG_DEGREE};
    static const char *const titles[] = {"PageRank (following direction)", "Betweenness (direction ignored)",
                                         "Degree (direction ignored)"};
    erg_out_printf(o, "<section id=\"central\"><h2>Most central entities</h2><div class=\"cols\">\n");
    for (int k = 0; k < 3; k++) {
        /* betweenness costs entities x relationships: too slow for a page
         * on a big graph (the map's --by can still ask for it) */
        if (ms[k] == ERG_BETWEENNESS && erg_entity_count(g) > 5000) continue;
        erg_scores sc = {0};
        erg_analysis_opts so = *ao;
        if (ms[k] != ERG_PAGERANK) so.mode = ERG_BOTH;
        int rc = erg_centrality(g, ms[k], &so, &sc);
        if (rc) return rc;
        erg_scores_sort(&sc);
        erg_out_printf(o, "<table data-measure=\"%s\"><tr><th colspan=\"3\">%s</th></tr>\n", erg_measure_name(ms[k]),
                       k == 0 && ao->mode == ERG_BOTH ? "PageRank (direction ignored)" : titles[k]);
        for (size_t i = 0; i < sc.n && i < 10; i++) {
            erg_out_printf(o, "<tr><td class=\"num\">%zu</td><td>", i + 1);
            ent_link(g, o, sc.items[i].entity);
            erg_out_printf(o, "</td><td class=\"num\">%.4g</td></tr>\n", sc.items[i].score);
        }
        erg_out_printf(o, "</table>\n");
        erg_scores_free(g, &sc);
    }
    return erg_out_printf(o, "</div></section>\n");
}

static void cite(erg_graph *g, erg_out *o, erg_obj obj) {
    erg_value v;
    if (erg_attr_get(g, obj, "source", &v) || v.type == ERG_NULL) return;
    size_t n = v.type == ERG_LIST ? v.u.list.n : 1;
    erg_out_printf(o, "<div class=\"src\">Source: ");
    for (size_t i = 0; i < n; i++) {
        const erg_value *x = v.type == ERG_LIST ? &v.u.list.items[i] : &v;
        if (x->type != ERG_STRING) continue;
        char id[512];
        snprintf(id, sizeof id, "%.*s", (int)(x->u.s.len > 500 ? 500 : x->u.s.len), x->u.s.ptr);
        erg_source s;
        erg_value t = {0};
        if (!erg_source_by_id(g, id, &s)) erg_attr_get(g, erg_obj_source(s), "title", &t);
        if (i) erg_out_printf(o, "; ");
        h(o, t.type == ERG_STRING ? t.u.s.ptr : id);
    }
    erg_out_printf(o, "</div>");
}

static int pairs(erg_graph *g, erg_out *o, const erg_report_opts *r, const erg_analysis_opts *ao) {
    if (!r->npairs) return ERG_OK;
    erg_out_printf(o, "<section id=\"pairs\"><h2>How they connect</h2>\n");
    for (size_t k = 0; k < r->npairs; k++) {
        erg_entity a, b;
        if (erg_entity_find(g, r->pairs[2 * k], &a) || erg_entity_find(g, r->pairs[2 * k + 1], &b))
            return erg_set_error(g, ERG_ENOTFOUND, "report: no entity '%s'",
                                 erg_entity_find(g, r->pairs[2 * k], &a) ? r->pairs[2 * k] : r->pairs[2 * k + 1]);
        erg_paths ps = {0};
        unsigned hops = r->max_hops ? r->max_hops : 3;
        int rc = erg_simple_paths(g, a, b, hops, 200, ao, &ps);
        if (rc && rc != ERG_ENOTFOUND) return rc;
        erg_out_printf(o, "<div class=\"pair\"><h3>");
        ent_link(g, o, a);
        erg_out_printf(o, " → ");
        ent_link(g, o, b);
        erg_out_printf(o, ": %zu path%s of at most %u steps%s</h3>\n", ps.n, ps.n == 1 ? "" : "s", hops,
                       ps.truncated ? " (the first 200 shown)" : "");
        for (size_t p = 0; p < ps.n; p++) {
            const erg_path *path = &ps.paths[p];
            erg_out_printf(o, "<div class=\"path\"><b>%zu.</b> ", p + 1);
            for (size_t i = 0; i < path->n; i++) {
                if (i == 0) ent_link(g, o, path->hops[i].from);
                erg_out_printf(o, " %s ", path->hops[i].dir == ERG_HOP_BACKWARD ? "←" : "→");
                ent_link(g, o, path->hops[i].to);
            }
            for (size_t i = 0; i < path->n; i++) {
                const erg_hop *hp = &path->hops[i];
                erg_entity f = erg_rel_from(g, hp->rel), t = erg_rel_to(g, hp->rel);
                erg_out_printf(o, "<div class=\"hop\">");
                h(o, label(g, f));
                erg_out_printf(o, " <b>");
                h(o, erg_rel_type(g, hp->rel));
                erg_out_printf(o, "</b> ");
                h(o, label(g, t));
                erg_value ev;
                if (!erg_attr_get(g, erg_obj_rel(hp->rel), "evidence", &ev) && ev.type == ERG_STRING) {
                    erg_out_printf(o, "<div class=\"ev\">");
                    h(o, ev.u.s.ptr);
                    erg_out_printf(o, "</div>");
                }
                cite(g, o, erg_obj_rel(hp->rel));
                erg_out_printf(o, "</div>");
            }
            erg_out_printf(o, "</div>\n");
        }
        erg_out_printf(o, "</div>\n");
        erg_paths_free(g, &ps);
    }
    return erg_out_printf(o, "</section>\n");
}

static int communities(erg_graph *g, erg_out *o, const erg_analysis_opts *ao) {
    erg_partition pt = {0};
    int rc = erg_communities(g, ERG_LOUVAIN, ao, &pt);
    if (rc) return rc;
    erg_out_printf(o, "<section id=\"communities\"><h2>Communities</h2><p>%zu groups found by Louvain modularity "
                      "optimisation (modularity %.3f); the 20 largest are listed, groups of one are not.</p><ol>\n",
                   pt.ngroups, pt.modularity);
    /* groups are numbered largest first: the first 20, 50 names each, keep
     * the section readable (and the page small) on a big graph */
    size_t *members = erg__draw_calloc(g, pt.ngroups, sizeof *members);
    if (!members) {
        erg_partition_free(g, &pt);
        return ERG_ENOMEM;
    }
    for (size_t i = 0; i < pt.n; i++) members[pt.group[i]]++;
    for (size_t c = 0; c < pt.ngroups && c < 20; c++) {
        if (members[c] < 2) continue;
        erg_out_printf(o, "<li>");
        size_t shown = 0;
        for (size_t i = 0; i < pt.n && shown < 50; i++) {
            if (pt.group[i] != c) continue;
            if (shown++) erg_out_printf(o, ", ");
            ent_link(g, o, pt.entity[i]);
        }
        if (members[c] > shown) erg_out_printf(o, " and %zu more", members[c] - shown);
        erg_out_printf(o, "</li>\n");
    }
    erg__draw_free(g, members, pt.ngroups, sizeof *members);
    erg_partition_free(g, &pt);
    return erg_out_printf(o, "</ol></section>\n");
}

static int source_table(erg_graph *g, erg_out *o) {
    erg_out_printf(o, "<section id=\"sources\"><h2>Sources</h2><table class=\"cols\"><tr><th>id</th>");
    size_t na = erg_schema_count(g, ERG_KIND_SOURCE);
    for (size_t i = 0; i < na; i++) {
        erg_out_printf(o, "<th>");
        h(o, erg_schema_name(g, ERG_KIND_SOURCE, i));
        erg_out_printf(o, "</th>");
    }
    erg_out_printf(o, "</tr>\n");
    erg_iter it = erg_sources(g);
    erg_source s;
    size_t rows = 0;
    while (erg_source_next(g, &it, &s) && rows++ < 1000) {
        erg_out_printf(o, "<tr><td><code>");
        h(o, erg_source_id(g, s));
        erg_out_printf(o, "</code></td>");
        for (size_t i = 0; i < na; i++) {
            erg_value v;
            erg_out_printf(o, "<td>");
            if (!erg_attr_get_at(g, erg_obj_source(s), i, &v)) erg__draw_value(o, &v);
            erg_out_printf(o, "</td>");
        }
        erg_out_printf(o, "</tr>\n");
    }
    erg_out_printf(o, "</table>");
    if (erg_source_count(g) > 1000) erg_out_printf(o, "<p>The first 1000 of %zu sources.</p>", erg_source_count(g));
    return erg_out_printf(o, "</section>\n");
}

int erg_report_html(erg_graph *g, const erg_report_opts *r, const erg_analysis_opts *ao_in, const char *path) {
    erg_report_opts none = {0};
    erg_analysis_opts ao0 = {0};
    if (!r) r = &none;
    const erg_analysis_opts *ao = ao_in ? ao_in : &ao0;
    /* check the pairs before writing anything */
    for (size_t k = 0; k < 2 * r->npairs; k++) {
        erg_entity e;
        int rc = erg_entity_find(g, r->pairs[k], &e);
        if (rc == ERG_ENOTFOUND) return erg_set_error(g, ERG_ENOTFOUND, "report: no entity '%s'", r->pairs[k]);
        if (rc) return rc;
    }
    erg_out *o;
    int rc = erg_out_open(g, path, &o);
    if (rc) return rc;
    const char *title = r->title ? r->title : erg_graph_meta(g, "title");
    if (!title) title = "erg report";
    erg_out_printf(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    h(o, title);
    erg_out_printf(o, "</title>\n<style>\n");
    erg_out_write(o, erg__asset_report_css, erg__asset_report_css_len);
    erg_out_printf(o, "</style>\n</head>\n<body>\n<header><div><h1>");
    h(o, title);
    erg_out_printf(o, "</h1><p><span id=\"entity-count\">%zu</span> entities, %zu relationships, %zu sources. "
                      "<span id=\"shown\"></span></p></div>\n"
                      "<div class=\"find\"><input id=\"search\" type=\"search\" placeholder=\"Find an entity by name\" "
                      "aria-label=\"Find an entity\" autocomplete=\"off\"><ul class=\"suggest\" id=\"search-list\"></ul></div>"
                      "</header>\n",
                   erg_entity_count(g), erg_rel_count(g), erg_source_count(g));
    /* the explorer's frame: report.js fills the controls and the panel */
    erg_out_printf(o, "<div id=\"app\"><aside id=\"side\"></aside><div id=\"map\" role=\"img\" "
                      "aria-label=\"Map of the graph\"></div>\n<aside id=\"panel\"><p>Click an entity on the map, "
                      "or search for one.</p></aside></div>\n<div id=\"tip\" hidden></div>\n");
    if ((rc = central(g, o, ao)) || (rc = pairs(g, o, r, ao)) || (rc = communities(g, o, ao)) ||
        (rc = source_table(g, o)))
        goto fail;
    erg_explore_opts xo = {r->layout, r->measure ? r->measure : ERG_PAGERANK, r->open, r->top ? r->top : 2000,
                           r->pairs, r->npairs};
    erg_out_printf(o, "<script type=\"application/json\" id=\"erg-data\">");
    if ((rc = erg__draw_explorer_data(g, &xo, ao, o))) goto fail;
    erg_out_printf(o, "</script>\n<script type=\"application/json\" id=\"erg-sources\">");
    if ((rc = erg__draw_sources_json(g, o))) goto fail;
    erg_out_printf(o, "</script>\n");
    /* the npm bundles (MIT; see README), then the page's own script */
    static const struct { const char *name; const char *s; const size_t *n; } js[] = {
        {"graphology 0.26.0", erg__asset_graphology_umd_min_js, &erg__asset_graphology_umd_min_js_len},
        {"sigma.js 3.0.2", erg__asset_sigma_min_js, &erg__asset_sigma_min_js_len},
        {"graphology-layout-forceatlas2 0.10.1", erg__asset_forceatlas2_min_js, &erg__asset_forceatlas2_min_js_len},
        {"erg", erg__asset_report_js, &erg__asset_report_js_len}};
    for (size_t i = 0; i < sizeof js / sizeof js[0]; i++) {
        erg_out_printf(o, "<script>/* %s */\n", js[i].name);
        erg_out_write(o, js[i].s, *js[i].n);
        erg_out_printf(o, "\n</script>\n");
    }
    erg_out_printf(o, "</body></html>\n");
fail:
    return finish(o, rc);
}
