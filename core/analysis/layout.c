/*
 * layout.c -- positions for drawing: igraph's force-directed
 * (Fruchterman-Reingold, Kamada-Kawai, DrL) and circle layouts of a view,
 * seeded so the same seed gives the same picture.  Directions are ignored
 * (the undirected version of the view); weights, when given, are strengths
 * (Fruchterman-Reingold, DrL) or distances (Kamada-Kawai), as in igraph.
 */
#include "analysis.h"

#include <string.h>

void erg_layout_free(erg_graph *g, erg_layout *l) {
    if (!l) return;
    erg__cfree(g, l->entity, l->n, sizeof *l->entity);
    erg__cfree(g, l->x, l->n, sizeof *l->x);
    erg__cfree(g, l->y, l->n, sizeof *l->y);
    memset(l, 0, sizeof *l);
}

static int run(erg_isess *s, erg_view *v, const char *method, igraph_matrix_t *m) {
    const char *what = "layout";
    const igraph_t *ug;
    const igraph_vector_t *w;
    int rc = erg__view_undirected(s, v, &ug, &w);
    if (rc) return rc;
    if (!strcmp(method, "circle")) {
        ERG_IG(igraph_layout_circle(ug, m, igraph_vss_all()));
    } else if (!strcmp(method, "fr")) {
        ERG_IG(igraph_layout_fruchterman_reingold(ug, m, false, 500, (igraph_real_t)v->nv > 0 ? 
               (igraph_real_t)(v->nv < 100 ? 10 : v->nv / 10.0) : 1, IGRAPH_LAYOUT_AUTOGRID, w,
               NULL, NULL, NULL, NULL));
    } else if (!strcmp(method, "kk")) {
        ERG_IG(igraph_layout_kamada_kawai(ug, m, false, 50 * (igraph_integer_t)v->nv + 100, 0.0,
                                          (igraph_real_t)v->nv, w, NULL, NULL, NULL, NULL));
    } else if (!strcmp(method, "drl")) {
        igraph_layout_drl_options_t opt;
        ERG_IG(igraph_layout_drl_options_init(&opt, IGRAPH_LAYOUT_DRL_DEFAULT));
        ERG_IG(igraph_layout_drl(ug, m, false, &opt, w));
    } else {
        return erg__err(s->g, ERG_EINVAL, "unknown layout '%s' (fr, kk, drl or circle)", method);
    }
fail:
    return rc;
}

int erg_layout_compute(erg_graph *g, const char *method, const erg_analysis_opts *o, erg_layout *out) {
    erg_isess sess, *s = &sess;
    erg_view *v;
    igraph_matrix_t m;
    bool have_m = false;
    const char *what = "layout";
    int rc;
    memset(out, 0, sizeof *out);
    if (!method) method = "fr";
    erg__ig_enter(s, g, o);
    if ((rc = erg__view(s, &v))) goto fail;
    ERG_IG(igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)(o ? o->seed : 0)));
    ERG_IG(igraph_matrix_init(&m, 0, 0));
    have_m = true;
    if (v->nv > 0 && (rc = run(s, v, method, &m))) goto fail;
    /* igraph 0.10.2's random start of "fr" ignores a failed resize and
     * reports success with no positions: never read past them */
    if (v->nv > 0 && (igraph_matrix_nrow(&m) != (igraph_integer_t)v->nv || igraph_matrix_ncol(&m) < 2)) {
        rc = erg__err(g, ERG_EANALYSIS, "layout: igraph returned no positions (out of memory?)");
        goto fail;
    }
    if (v->nv == 0 && strcmp(method, "fr") && strcmp(method, "kk") && strcmp(method, "drl") &&
        strcmp(method, "circle")) {
        rc = erg__err(g, ERG_EINVAL, "unknown layout '%s' (fr, kk, drl or circle)", method);
        goto fail;
    }
    out->entity = erg__calloc(g, v->nv, sizeof *out->entity);
    out->x = erg__calloc(g, v->nv, sizeof *out->x);
    out->y = erg__calloc(g, v->nv, sizeof *out->y);
    out->n = v->nv;
    if (v->nv && (!out->entity || !out->x || !out->y)) {
        erg_layout_free(g, out);
        rc = erg__nomem(g);
        goto fail;
    }
    for (uint32_t i = 0; i < v->nv; i++) {
        out->entity[i] = erg__view_entity(g, v, i);
        out->x[i] = MATRIX(m, i, 0);
        out->y[i] = MATRIX(m, i, 1);
    }
fail:
    if (have_m) igraph_matrix_destroy(&m);
    erg__ig_leave(s);
    return rc;
}
