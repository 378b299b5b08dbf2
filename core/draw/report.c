/*
 * report.c -- one self-contained HTML page about a graph: the drawing
 * (inline SVG), the most central entities, chosen pairs with every path
 * between them and each hop's evidence and source, communities, entities
 * by type, and the sources.  No network access: styles, data and script
 * are inline.  The script lets a reader click or hover an entity to see its
 * attributes, relationships and sources in a side panel, and search for an
 * entity by name; when it has run it sets data-ready="true" on <html>.
 */
#include "draw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int h(erg_out *o, const char *s) { /* HTML text */
    return s ? erg__out_xml(o, s, strlen(s), true) : ERG_OK;
}

static const char *label(erg_graph *g, erg_entity e) {
    const char *n = erg_entity_name(g, e);
    return n && *n ? n : erg_entity_id(g, e);
}

static const char *css =
    "body{font-family:Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa}"
    "header{padding:18px 28px;background:#fff;border-bottom:1px solid #ddd;display:flex;gap:24px;align-items:center;flex-wrap:wrap}"
    "header h1{margin:0;font-size:26px}header p{margin:4px 0 0;color:#555}"
    "#search{margin-left:auto;font-size:16px;padding:6px 10px;width:280px}"
    "#top{display:flex;gap:0;align-items:flex-start}#drawing{flex:1;min-width:0;background:#fff}"
    "#drawing svg{width:100%;height:auto;display:block}"
    "#panel{width:360px;padding:16px 20px;background:#fff;border-left:1px solid #ddd;max-height:100vh;overflow:auto;box-sizing:border-box}"
    "#panel h2{margin-top:0;font-size:20px}#panel table{border-collapse:collapse;width:100%;font-size:13px}"
    "#panel td{border-top:1px solid #eee;padding:3px 4px;vertical-align:top}"
    ".rel{font-size:13px;margin:6px 0;padding-left:8px;border-left:3px solid #ccc}.ev{color:#555}"
    "section{padding:8px 28px}section h2{border-bottom:1px solid #ddd;padding-bottom:4px}"
    ".cols{display:flex;gap:28px;flex-wrap:wrap}.cols table{border-collapse:collapse;font-size:14px}"
    ".cols td,.cols th{padding:3px 8px;border-bottom:1px solid #eee;text-align:left}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}"
    ".path{margin:10px 0;padding:8px 12px;background:#fff;border:1px solid #e3e3e3}"
    ".hop{margin:3px 0 3px 12px;font-size:14px}.src{color:#777;font-size:12px}"
    "g.node{cursor:pointer}g.node.hit circle{stroke:#d00;stroke-width:4}g.node.sel circle{stroke:#000;stroke-width:3}"
    "svg.dim g.node:not(.hit) circle{opacity:.25}a.ent{color:#0645ad;cursor:pointer;text-decoration:none}";

static const char *script =
    "(function(){\n"
    "var data=JSON.parse(document.getElementById('erg-data').textContent);\n"
    "var srcs=JSON.parse(document.getElementById('erg-sources').textContent);\n"
    "var ents={};data.nodes.forEach(function(n){ents[n.id]=n;});\n"
    "var byEnt={};data.links.forEach(function(l){[l.source,l.target].forEach(function(e){(byEnt[e]=byEnt[e]||[]).push(l);});});\n"
    "function esc(s){return String(s).replace(/[&<>\"]/g,function(c){return{'&':'&amp;','<':'&lt;','>':'&gt;','\"':'&quot;'}[c];});}\n"
    "function fmt(v){return Array.isArray(v)?v.map(fmt).join('; '):(v===null?'':String(v));}\n"
    "function name(id){var e=ents[id];return e?(e.name||e.id):id;}\n"
    "function cite(v){if(v===undefined)return '';var a=Array.isArray(v)?v:[v];return a.map(function(s){var x=srcs[s];return esc(x&&x.title?x.title:s);}).join('; ');}\n"
    "var skip={id:1,name:1,type:1,aliases:1,source:1,sources:1,target:1,key:1,evidence:1};\n"
    "function show(id){var e=ents[id];if(!e)return;var p=document.getElementById('panel');\n"
    " var h='<h2>'+esc(e.name||e.id)+'</h2><p>'+esc(e.type)+' · <code>'+esc(e.id)+'</code></p>';\n"
    " if(e.aliases&&e.aliases.length)h+='<p>Also: '+esc(e.aliases.join(', '))+'</p>';\n"
    " if(e.evidence)h+='<p class=\"ev\">'+esc(e.evidence)+'</p>';\n"
    " if(e.source)h+='<p class=\"src\">Source: '+cite(e.source)+'</p>';\n"
    " var rows='';Object.keys(e).forEach(function(k){if(!skip[k])rows+='<tr><td>'+esc(k)+'</td><td>'+esc(fmt(e[k]))+'</td></tr>';});\n"
    " if(rows)h+='<table>'+rows+'</table>';\n"
    " var rs=byEnt[id]||[];h+='<h3>'+rs.length+' relationship'+(rs.length==1?'':'s')+'</h3>';\n"
    " rs.forEach(function(l){h+='<div class=\"rel\"><a class=\"ent\" data-id=\"'+esc(l.source)+'\">'+esc(name(l.source))+'</a> <b>'+esc(l.type)+'</b> <a class=\"ent\" data-id=\"'+esc(l.target)+'\">'+esc(name(l.target))+'</a>';\n"
    "  if(l.evidence)h+='<div class=\"ev\">'+esc(l.evidence)+'</div>';if(l.sources)h+='<div class=\"src\">Source: '+cite(l.sources)+'</div>';h+='</div>';});\n"
    " p.innerHTML=h;p.dataset.entity=id;\n"
    " document.querySelectorAll('#drawing g.node').forEach(function(g){g.classList.toggle('sel',g.dataset.id===id);});}\n"
    "document.getElementById('panel').addEventListener('click',function(ev){var a=ev.target.closest('a.ent');if(a)show(a.dataset.id);});\n"
    "document.querySelectorAll('a.ent').forEach(function(a){if(!a.closest('#panel'))a.addEventListener('click',function(){show(a.dataset.id);});});\n"
    "document.querySelectorAll('#drawing g.node').forEach(function(g){g.addEventListener('click',function(){show(g.dataset.id);});g.addEventListener('mouseenter',function(){show(g.dataset.id);});});\n"
    "var svg=document.querySelector('#drawing svg');\n"
    "document.getElementById('search').addEventListener('input',function(){var q=this.value.trim().toLowerCase();var first=null;\n"
    " document.querySelectorAll('#drawing g.node').forEach(function(g){var e=ents[g.dataset.id];var hay=[e.id,e.name||''].concat(e.aliases||[]).join('\\n').toLowerCase();\n"
    "  var hit=q!==''&&hay.indexOf(q)>=0;g.classList.toggle('hit',hit);if(hit&&!first)first=g.dataset.id;});\n"
    " svg.classList.toggle('dim',q!=='');if(first)show(first);});\n"
    "document.getElementById('entity-count').textContent=String(data.nodes.length);\n"
    "document.documentElement.dataset.ready='true';\n"
    "})();\n";

/* sources as {"id": {"title": ..., ...}} for the script */
static int sources_json(erg_graph *g, erg_out *o) {
    erg_iter it = erg_sources(g);
    erg_source s;
    bool first = true;
    erg_out_printf(o, "{");
    while (erg_source_next(g, &it, &s)) {
        const char *id = erg_source_id(g, s);
        erg_out_printf(o, first ? "" : ",");
        first = false;
        erg_out_json_string(o, id, strlen(id));
        erg_out_printf(o, ":{");
        bool f2 = true;
        for (size_t i = 0; i < erg_schema_count(g, ERG_KIND_SOURCE); i++) {
            erg_value v;
            if (erg_attr_get_at(g, erg_obj_source(s), i, &v) || v.type == ERG_NULL) continue;
            const char *k = erg_schema_name(g, ERG_KIND_SOURCE, i);
            erg_out_printf(o, f2 ? "" : ",");
            f2 = false;
            erg_out_json_string(o, k, strlen(k));
            erg_out_printf(o, ":");
            erg__out_json_value(o, &v);
        }
        erg_out_printf(o, "}");
    }
    return erg_out_printf(o, "}");
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
    static const char *const titles[] = {"PageRank", "Betweenness", "Degree"};
    erg_out_printf(o, "<section id=\"central\"><h2>Most central entities</h2><div class=\"cols\">\n");
    for (int k = 0; k < 3; k++) {
        erg_scores sc = {0};
        erg_analysis_opts so = *ao;
        if (ms[k] != ERG_PAGERANK) so.mode = ERG_BOTH;
        int rc = erg_centrality(g, ms[k], &so, &sc);
        if (rc) return rc;
        erg_scores_sort(&sc);
        erg_out_printf(o, "<table data-measure=\"%s\"><tr><th colspan=\"3\">%s</th></tr>\n", erg_measure_name(ms[k]),
                       titles[k]);
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
                      "optimisation (modularity %.3f); groups of one are not listed.</p><ol>\n",
                   pt.ngroups, pt.modularity);
    for (size_t c = 0; c < pt.ngroups; c++) {
        size_t members = 0;
        for (size_t i = 0; i < pt.n; i++) members += pt.group[i] == c;
        if (members < 2) continue;
        erg_out_printf(o, "<li>");
        bool first = true;
        for (size_t i = 0; i < pt.n; i++) {
            if (pt.group[i] != c) continue;
            if (!first) erg_out_printf(o, ", ");
            first = false;
            ent_link(g, o, pt.entity[i]);
        }
        erg_out_printf(o, "</li>\n");
    }
    erg_partition_free(g, &pt);
    return erg_out_printf(o, "</ol></section>\n");
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int by_type(erg_graph *g, erg_out *o) {
    size_t n = erg_entity_count(g), k = 0, nt = 0;
    const char **types = calloc(n + 1, sizeof *types);
    if (!types) return erg_set_error(g, ERG_ENOMEM, "out of memory");
    erg_iter it = erg_entities(g, NULL);
    erg_entity e;
    while (erg_entity_next(g, &it, &e)) types[k++] = erg_entity_type(g, e);
    qsort(types, k, sizeof *types, cmp_str);
    erg_out_printf(o, "<section id=\"types\"><h2>Entities by type</h2>\n");
    for (size_t i = 0; i < k; i++) {
        if (i && !strcmp(types[i], types[i - 1])) continue;
        nt++;
        erg_out_printf(o, "<p><b>");
        h(o, types[i]);
        erg_out_printf(o, "</b>: ");
        erg_iter t = erg_entities(g, types[i]);
        bool first = true;
        while (erg_entity_next(g, &t, &e)) {
            if (!first) erg_out_printf(o, ", ");
            first = false;
            ent_link(g, o, e);
        }
        erg_out_printf(o, "</p>\n");
    }
    free(types);
    (void)nt;
    return erg_out_printf(o, "</section>\n");
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
    erg_buf tmp;
    erg__buf_init(&tmp, &g->a);
    while (erg_source_next(g, &it, &s)) {
        erg_out_printf(o, "<tr><td><code>");
        h(o, erg_source_id(g, s));
        erg_out_printf(o, "</code></td>");
        for (size_t i = 0; i < na; i++) {
            erg_value v;
            erg_attr_get_at(g, erg_obj_source(s), i, &v);
            tmp.len = 0;
            erg__value_text(&tmp, &v);
            erg_out_printf(o, "<td>");
            if (tmp.p) erg__out_xml(o, tmp.p, tmp.len, false);
            erg_out_printf(o, "</td>");
        }
        erg_out_printf(o, "</tr>\n");
    }
    erg__buf_free(&tmp);
    return erg_out_printf(o, "</table></section>\n");
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
    erg_out_printf(o, "</title>\n<style>%s</style>\n</head>\n<body>\n<header><div><h1>", css);
    h(o, title);
    erg_out_printf(o, "</h1><p><span id=\"entity-count\">%zu</span> entities, %zu relationships, %zu sources. "
                      "Click or hover an entity to see what is known about it.</p></div>\n"
                      "<input id=\"search\" type=\"search\" placeholder=\"Find an entity by name\" "
                      "aria-label=\"Find an entity\"></header>\n<div id=\"top\"><div id=\"drawing\">\n",
                   erg_entity_count(g), erg_rel_count(g), erg_source_count(g));
    erg_render_opts ro = {0};
    ro.labels = INT32_MIN;
    ro.title = title;
    ro.interactive = true;
    ro.layout = r->layout;
    if ((rc = erg_render_svg_to(g, &ro, ao, o))) goto fail;
    erg_out_printf(o, "</div>\n<aside id=\"panel\"><p>Click an entity in the drawing, or search for one.</p></aside></div>\n");
    if ((rc = central(g, o, ao)) || (rc = pairs(g, o, r, ao)) || (rc = communities(g, o, ao)) ||
        (rc = by_type(g, o)) || (rc = source_table(g, o)))
        goto fail;
    erg_out_printf(o, "<script type=\"application/json\" id=\"erg-data\">");
    if ((rc = erg__json_write(g, o))) goto fail;
    erg_out_printf(o, "</script>\n<script type=\"application/json\" id=\"erg-sources\">");
    sources_json(g, o);
    erg_out_printf(o, "</script>\n<script>\n%s</script>\n</body></html>\n", script);
    return erg_out_commit(o);
fail:
    erg_out_abort(o);
    return rc;
}
