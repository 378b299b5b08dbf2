/*
 * svg.c -- draws a graph as a standalone SVG: positions from igraph
 * (erg_layout_compute), everything else here, through erg.h alone.
 *
 * The picture: a title and a one-line summary at the top, a legend of
 * entity types (or of a chosen attribute's values) on the right, entities
 * as circles coloured by category and sized by a centrality (area grows
 * with the score), relationships as grey lines ending at the circle's rim
 * with an arrowhead when directed; parallel relationships bend apart so
 * each stays visible.  Labels go to the most central entities first, each
 * trying four spots around its circle and taking the first that overlaps no
 * placed label and no circle; a label that fits nowhere is left out (its
 * name is still the circle's tooltip).  Output depends only on the graph,
 * the options and the seed.  Writes are not checked one by one: errors
 * stick on the erg_out (erg.h), and the end returns erg_out_status.
 */
#include "draw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Colour-blind-safe categorical palette (Okabe-Ito, then Tableau). */
static const char *const palette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                                      "#C9B81A", "#7F3C8D", "#8C564B", "#17BECF", "#E73F74", "#80BA5A"};
#define NPAL (sizeof palette / sizeof palette[0])
#define OTHER_COLOR "#9A9A9A"

typedef struct cat { const char *name; size_t count; } cat;
typedef struct box { double x0, y0, x1, y1; } box;

typedef struct rs {
    erg_graph *g;
    erg_out *o;
    const erg_render_opts *r;
    erg_layout lay;
    double *score;   /* by layout position */
    double *px, *py, *rad;
    int *color;      /* category index, -1 other */
    uint32_t *pos_of; /* entity index -> layout position + 1 (0: not drawn) */
    size_t npos;      /* entries in pos_of: the largest drawn index + 1 */
    cat *cats;
    size_t ncats;
    box *boxes;
    size_t nboxes;
    int width, height;
} rs;

static int textz(erg_out *o, const char *s) { return erg__draw_textz(o, s ? s : ""); }

/* Category of an entity: its type, or the string value of color_by. */
static const char *category(rs *w, erg_entity e) {
    if (!w->r->color_by) return erg_entity_type(w->g, e);
    erg_value v;
    if (erg_attr_get(w->g, erg_obj_entity(e), w->r->color_by, &v) || v.type != ERG_STRING) return "(none)";
    return v.u.s.ptr;
}

static int cmp_cat(const void *a, const void *b) {
    const cat *x = a, *y = b;
    if (x->count != y->count) return x->count < y->count ? 1 : -1;
    return strcmp(x->name, y->name);
}

static int categories(rs *w) {
    w->cats = erg__draw_calloc(w->g, w->lay.n + 1, sizeof *w->cats);
    w->color = erg__draw_calloc(w->g, w->lay.n + 1, sizeof *w->color);
    if (!w->cats || !w->color) return ERG_ENOMEM;
    for (size_t i = 0; i < w->lay.n; i++) {
        const char *c = category(w, w->lay.entity[i]);
        size_t k = 0;
        while (k < w->ncats && strcmp(w->cats[k].name, c)) k++;
        if (k == w->ncats) w->cats[w->ncats++].name = c;
        w->cats[k].count++;
    }
    qsort(w->cats, w->ncats, sizeof *w->cats, cmp_cat);
    for (size_t i = 0; i < w->lay.n; i++) {
        const char *c = category(w, w->lay.entity[i]);
        size_t k = 0;
        while (k < w->ncats && strcmp(w->cats[k].name, c)) k++;
        w->color[i] = k < NPAL - (w->ncats > NPAL) ? (int)k : -1;
    }
    return ERG_OK;
}

static const char *color(int k) { return k >= 0 ? palette[k] : OTHER_COLOR; }

/* Maps layout coordinates into the drawing area, keeping the aspect. */
static void place(rs *w, double x0, double y0, double x1, double y1) {
    double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
    for (size_t i = 0; i < w->lay.n; i++) {
        minx = fmin(minx, w->lay.x[i]);
        maxx = fmax(maxx, w->lay.x[i]);
        miny = fmin(miny, w->lay.y[i]);
        maxy = fmax(maxy, w->lay.y[i]);
    }
    double dx = maxx - minx, dy = maxy - miny;
    double sx = dx > 0 ? (x1 - x0) / dx : 0, sy = dy > 0 ? (y1 - y0) / dy : 0;
    double s = dx > 0 && dy > 0 ? fmin(sx, sy) : fmax(sx, sy);
    double ox = x0 + ((x1 - x0) - dx * s) / 2, oy = y0 + ((y1 - y0) - dy * s) / 2;
    for (size_t i = 0; i < w->lay.n; i++) {
        w->px[i] = w->lay.n == 1 ? (x0 + x1) / 2 : ox + (w->lay.x[i] - minx) * s;
        w->py[i] = w->lay.n == 1 ? (y0 + y1) / 2 : oy + (w->lay.y[i] - miny) * s;
    }
}

/* Pushes apart circles closer than their radii plus a gap, so dense
 * clusters open up and leave room for labels (a few hundred passes of
 * pairwise separation; skipped for very large graphs, where it is O(n^2)).
 * Returns true when anything moved, so the caller refits the picture. */
static bool declutter(rs *w, double gap) {
    size_t n = w->lay.n;
    bool moved = false;
    if (n < 2 || n > 1500) return false;
    for (int pass = 0; pass < 300; pass++) {
        bool any = false;
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                double dx = w->px[j] - w->px[i], dy = w->py[j] - w->py[i];
                double d = sqrt(dx * dx + dy * dy), want = w->rad[i] + w->rad[j] + gap;
                if (d >= want) continue;
                if (d < 1e-9) { /* same spot: split along a fixed direction */
                    dx = 1;
                    dy = (double)(i % 7) / 7.0;
                    d = sqrt(dx * dx + dy * dy);
                }
                double push = (want - d) / 2 / d;
                w->px[i] -= dx * push;
                w->py[i] -= dy * push;
                w->px[j] += dx * push;
                w->py[j] += dy * push;
                any = true;
            }
        if (!any) break;
        moved = true;
    }
    return moved;
}

static bool overlaps(const box *a, const box *b) {
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static bool free_spot(rs *w, const box *b) {
    if (b->x0 < 2 || b->y0 < 2 || b->x1 > w->width - 2 || b->y1 > w->height - 2) return false;
    for (size_t i = 0; i < w->nboxes; i++)
        if (overlaps(b, &w->boxes[i])) return false;
    return true;
}

/* ---- the parts of the picture ----------------------------------------------- */
static int header(rs *w, const char *title, size_t nrels) {
    erg_out *o = w->o;
    const char *measure = erg_measure_name(w->r->size_by ? w->r->size_by : ERG_PAGERANK);
    if (!w->r->interactive) erg_out_printf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    erg_out_printf(o,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                   "font-family=\"Helvetica, Arial, sans-serif\" role=\"img\">\n"
                   "<defs>\n"
                   "  <marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                   "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
                   "fill=\"#8a8a8a\"/></marker>\n"
                   "  <style>\n",
                   w->width, w->height, w->width, w->height);
    erg_out_write(o, erg__asset_svg_css, erg__asset_svg_css_len);
    erg_out_printf(o, "</style>\n"
                      "</defs>\n"
                      "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n"
                      "<title>");
    textz(o, title);
    erg_out_printf(o, "</title>\n<text x=\"28\" y=\"44\" font-size=\"28\" font-weight=\"bold\" fill=\"#111\">");
    textz(o, title);
    return erg_out_printf(o,
                          "</text>\n<text x=\"28\" y=\"70\" font-size=\"15\" fill=\"#555\">%zu entities, %zu "
                          "relationships · circle area by %s · arrows point from subject to object</text>\n",
                          w->lay.n, nrels, measure);
}

static int legend(rs *w, double x) {
    erg_out *o = w->o;
    double y = 110;
    erg_out_printf(o, "<g class=\"legend\">\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"15\" font-weight=\"bold\" fill=\"#333\">",
                   x, y);
    textz(o, w->r->color_by ? w->r->color_by : "entity type");
    erg_out_printf(o, "</text>\n");
    size_t shown = w->ncats < NPAL ? w->ncats : NPAL - 1, other = 0;
    for (size_t k = 0; k < w->ncats; k++) {
        if (k >= shown) {
            other += w->cats[k].count;
            continue;
        }
        y += 24;
        erg_out_printf(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" fill=\"#333\">",
                       x + 7, y - 5, palette[k], x + 22, y);
        textz(o, w->cats[k].name);
        erg_out_printf(o, " (%zu)</text>\n", w->cats[k].count);
    }
    if (other) {
        y += 24;
        erg_out_printf(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" fill=\"#333\">other (%zu)</text>\n",
                       x + 7, y - 5, OTHER_COLOR, x + 22, y, other);
    }
    return erg_out_printf(o, "</g>\n");
}

static bool rel_type_selected(const erg_analysis_opts *o, const char *type) {
    if (!o || !o->rel_types) return true;
    for (size_t i = 0; i < o->n_rel_types; i++)
        if (!strcmp(o->rel_types[i], type)) return true;
    return false;
}

/* Relationships between drawn entities; parallel ones bend apart. */
static int edges(rs *w, const erg_analysis_opts *ao, size_t *nrels, bool draw) {
    erg_graph *g = w->g;
    erg_iter it = erg_rels(g, NULL);
    erg_rel r;
    size_t n = 0;
    while (erg_rel_next(g, &it, &r)) {
        erg_entity f = erg_rel_from(g, r), t = erg_rel_to(g, r);
        uint32_t a = f.idx < w->npos ? w->pos_of[f.idx] : 0, b = t.idx < w->npos ? w->pos_of[t.idx] : 0;
        if (!a || !b || !rel_type_selected(ao, erg_rel_type(g, r))) continue;
        n++;
        if (!draw) continue;
        a--, b--;
        /* how many earlier relationships join the same pair: the bend */
        int nth = 0;
        erg_adj adj;
        erg_rel q;
        erg_adjacent(g, f, ERG_BOTH, NULL, &adj);
        while (erg_adj_next(g, &adj, &q))
            if (q.idx < r.idx && erg_rel_other(g, q, f).idx == t.idx && rel_type_selected(ao, erg_rel_type(g, q)))
                nth++;
        double x1 = w->px[a], y1 = w->py[a], x2 = w->px[b], y2 = w->py[b];
        double dx = x2 - x1, dy = y2 - y1, len = sqrt(dx * dx + dy * dy);
        erg_out_printf(w->o, "<g class=\"edge\"");
        if (w->r->interactive) {
            erg_out_printf(w->o, " data-id=\"");
            textz(w->o, erg_rel_id(g, r));
            erg_out_printf(w->o, "\"");
        }
        erg_out_printf(w->o, "><title>");
        textz(w->o, erg__draw_label(g, f));
        erg_out_printf(w->o, " — ");
        textz(w->o, erg_rel_type(g, r));
        erg_out_printf(w->o, " → ");
        textz(w->o, erg__draw_label(g, t));
        erg_out_printf(w->o, "</title>");
        if (a == b || len < 1e-6) { /* a self-loop: a small circle above */
            erg_out_printf(w->o, "<circle class=\"edge\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/></g>\n", x1,
                           y1 - w->rad[a] - 6 - 3 * nth, 6.0 + 3 * nth);
            continue;
        }
        double ux = dx / len, uy = dy / len;
        double bend = nth == 0 ? 0 : (nth % 2 ? 1 : -1) * 14.0 * ((nth + 1) / 2);
        double sx = x1 + ux * w->rad[a], sy = y1 + uy * w->rad[a];
        double ex = x2 - ux * (w->rad[b] + (erg_rel_directed(g, r) ? 2 : 0));
        double ey = y2 - uy * (w->rad[b] + (erg_rel_directed(g, r) ? 2 : 0));
        double mx = (sx + ex) / 2 - uy * bend, my = (sy + ey) / 2 + ux * bend;
        erg_out_printf(w->o, "<path class=\"edge\" d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\" stroke-width=\"1.4\"%s/></g>\n",
                       sx, sy, mx, my, ex, ey, erg_rel_directed(g, r) ? " marker-end=\"url(#arrow)\"" : "");
    }
    *nrels = n;
    return ERG_OK;
}

static int nodes(rs *w) {
    erg_graph *g = w->g;
    for (size_t i = 0; i < w->lay.n; i++) {
        erg_entity e = w->lay.entity[i];
        erg_out_printf(w->o, "<g class=\"node\"");
        if (w->r->interactive) {
            erg_out_printf(w->o, " data-id=\"");
            textz(w->o, erg_entity_id(g, e));
            erg_out_printf(w->o, "\"");
        }
        erg_out_printf(w->o, "><title>");
        textz(w->o, erg__draw_label(g, e));
        erg_out_printf(w->o, " (");
        textz(w->o, erg_entity_type(g, e));
        erg_out_printf(w->o, ")</title><circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/></g>\n", w->px[i],
                       w->py[i], w->rad[i], color(w->color[i]));
    }
    return ERG_OK;
}

static int cmp_pos_score(const void *a, const void *b, void *ud) {
    const double *s = ud;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    double sx = isnan(s[x]) ? -1 : s[x], sy = isnan(s[y]) ? -1 : s[y];
    if (sx != sy) return sx < sy ? 1 : -1;
    return x < y ? -1 : x > y;
}

static int labels(rs *w) {
    erg_graph *g = w->g;
    int want = w->r->labels;
    if (want == INT32_MIN) want = w->lay.n <= 80 ? -1 : 40;
    if (want == 0) return ERG_OK;
    size_t *order = erg__draw_calloc(g, w->lay.n + 1, sizeof *order);
    if (!order) return ERG_ENOMEM;
    for (size_t i = 0; i < w->lay.n; i++) order[i] = i;
    qsort_r(order, w->lay.n, sizeof *order, cmp_pos_score, w->score);
    size_t limit = want < 0 || (size_t)want > w->lay.n ? w->lay.n : (size_t)want;
    erg_out_printf(w->o, "<g class=\"labels\">\n");
    for (size_t k = 0; k < limit; k++) {
        size_t i = order[k];
        const char *lab = erg__draw_label(g, w->lay.entity[i]);
        double fs = k < 10 ? 15 : 12.5;
        double tw = 0.56 * fs * (double)strlen(lab), th = fs * 1.1, r = w->rad[i], x = w->px[i], y = w->py[i];
        /* right, left, below, above, the four diagonals, then the same
         * further out; the ten most central entities are labelled even
         * where nothing is free (on the right) */
        box spots[16];
        for (int far = 0; far < 2; far++) {
            double d = far ? 9 : 3;
            box *b = spots + 8 * far;
            b[0] = (box){x + r + d, y - th / 2, x + r + d + tw, y + th / 2};
            b[1] = (box){x - r - d - tw, y - th / 2, x - r - d, y + th / 2};
            b[2] = (box){x - tw / 2, y + r + d - 1, x + tw / 2, y + r + d - 1 + th};
            b[3] = (box){x - tw / 2, y - r - d + 1 - th, x + tw / 2, y - r - d + 1};
            b[4] = (box){x + r * 0.7 + d, y + r * 0.7, x + r * 0.7 + d + tw, y + r * 0.7 + th};
            b[5] = (box){x - r * 0.7 - d - tw, y + r * 0.7, x - r * 0.7 - d, y + r * 0.7 + th};
            b[6] = (box){x + r * 0.7 + d, y - r * 0.7 - th, x + r * 0.7 + d + tw, y - r * 0.7};
            b[7] = (box){x - r * 0.7 - d - tw, y - r * 0.7 - th, x - r * 0.7 - d, y - r * 0.7};
        }
        int s = 0;
        while (s < 16 && !free_spot(w, &spots[s])) s++;
        if (s == 16) {
            if (k >= 10) continue;
            s = 0;
        }
        w->boxes[w->nboxes++] = spots[s];
        erg_out_printf(w->o, "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\"%s>", spots[s].x0,
                       spots[s].y1 - fs * 0.28, fs, k < 10 ? " font-weight=\"bold\"" : "");
        textz(w->o, lab);
        erg_out_printf(w->o, "</text>\n");
    }
    erg__draw_free(g, order, w->lay.n + 1, sizeof *order);
    return erg_out_printf(w->o, "</g>\n");
}

int erg_render_svg_to(erg_graph *g, const erg_render_opts *ropt, const erg_analysis_opts *o, erg_out *out) {
    erg_render_opts defaults = {0};
    defaults.labels = INT32_MIN;
    const erg_render_opts *r = ropt ? ropt : &defaults;
    rs w;
    memset(&w, 0, sizeof w);
    w.g = g;
    w.o = out;
    w.r = r;
    w.width = r->width > 0 ? r->width : 1600;
    w.height = r->height > 0 ? r->height : 1000;
    int rc = erg_layout_compute(g, r->layout, o, &w.lay);
    if (rc) return rc;
    erg_scores sc = {0};
    erg_measure m = r->size_by ? r->size_by : ERG_PAGERANK;
    erg_analysis_opts so = o ? *o : (erg_analysis_opts){0};
    if (m == ERG_PAGERANK || m == ERG_EIGENVECTOR) so.mode = ERG_BOTH; /* importance, either way */
    so.weight = NULL;
    if ((rc = erg_centrality(g, m, &so, &sc))) goto done;
    size_t n = w.lay.n;
    for (size_t i = 0; i < n; i++)
        if (w.lay.entity[i].idx >= w.npos) w.npos = (size_t)w.lay.entity[i].idx + 1;
    w.score = erg__draw_calloc(g, n + 1, sizeof *w.score);
    w.px = erg__draw_calloc(g, n + 1, sizeof *w.px);
    w.py = erg__draw_calloc(g, n + 1, sizeof *w.py);
    w.rad = erg__draw_calloc(g, n + 1, sizeof *w.rad);
    w.boxes = erg__draw_calloc(g, 2 * n + 1, sizeof *w.boxes);
    w.pos_of = erg__draw_calloc(g, w.npos, sizeof *w.pos_of);
    if (!w.score || !w.px || !w.py || !w.rad || !w.boxes || !w.pos_of) {
        rc = ERG_ENOMEM;
        goto done;
    }
    double maxs = 0;
    for (size_t i = 0; i < n; i++) {
        w.pos_of[w.lay.entity[i].idx] = (uint32_t)i + 1;
        w.score[i] = i < sc.n ? sc.items[i].score : 0;
        if (isfinite(w.score[i]) && w.score[i] > maxs) maxs = w.score[i];
    }
    double legend_w = 260;
    for (size_t i = 0; i < n; i++) {
        double s = maxs > 0 && isfinite(w.score[i]) ? w.score[i] / maxs : 0;
        w.rad[i] = 5 + 19 * sqrt(s < 0 ? 0 : s);
    }
    if ((rc = categories(&w))) goto done;
    place(&w, 60, 120, w.width - legend_w - 60, w.height - 50);
    if (declutter(&w, 70)) { /* then fit the opened-up picture again */
        for (size_t i = 0; i < n; i++) {
            w.lay.x[i] = w.px[i];
            w.lay.y[i] = w.py[i];
        }
        place(&w, 60, 120, w.width - legend_w - 60, w.height - 50);
    }
    /* circles are obstacles for labels */
    for (size_t i = 0; i < n; i++)
        w.boxes[w.nboxes++] = (box){w.px[i] - w.rad[i], w.py[i] - w.rad[i], w.px[i] + w.rad[i], w.py[i] + w.rad[i]};
    size_t nrels = 0;
    edges(&w, o, &nrels, false);
    const char *title = r->title ? r->title : erg_graph_meta(g, "title");
    header(&w, title ? title : "erg", nrels);
    legend(&w, w.width - legend_w + 10);
    erg_out_printf(out, "<g class=\"edges\">\n");
    edges(&w, o, &nrels, true);
    erg_out_printf(out, "</g>\n<g class=\"nodes\">\n");
    nodes(&w);
    erg_out_printf(out, "</g>\n");
    if ((rc = labels(&w))) goto done;
    rc = erg_out_printf(out, "</svg>\n");
done:
    erg_scores_free(g, &sc);
    erg__draw_free(g, w.score, w.lay.n + 1, sizeof *w.score);
    erg__draw_free(g, w.px, w.lay.n + 1, sizeof *w.px);
    erg__draw_free(g, w.py, w.lay.n + 1, sizeof *w.py);
    erg__draw_free(g, w.rad, w.lay.n + 1, sizeof *w.rad);
    erg__draw_free(g, w.boxes, 2 * w.lay.n + 1, sizeof *w.boxes);
    erg__draw_free(g, w.pos_of, w.npos, sizeof *w.pos_of);
    erg__draw_free(g, w.cats, w.lay.n + 1, sizeof *w.cats);
    erg__draw_free(g, w.color, w.lay.n + 1, sizeof *w.color);
    erg_layout_free(g, &w.lay);
    return rc;
}

int erg_render_svg(erg_graph *g, const erg_render_opts *r, const erg_analysis_opts *o, const char *path) {
    erg_out *out;
    int rc = erg_out_open(g, path, &out);
    if (rc) return rc;
    rc = erg_render_svg_to(g, r, o, out);
    if (rc && !erg_out_status(out)) { /* an error of the drawing's own */
        erg_out_abort(out);
        return rc;
    }
    return erg_out_commit(out); /* o's first error, if any, with its message */
}
