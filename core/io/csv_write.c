/*
 * csv_write.c -- writes a graph as a CSV graph directory, the inverse of
 * csv_read.c: export -> import -> export gives the same bytes.
 *
 * The files (entities.csv, relationships.csv, sources.csv when the graph
 * has sources, graph.csv when it has metadata) are written into a fresh directory beside the target,
 * fsynced, and then swapped in whole (renameat2 RENAME_EXCHANGE when the
 * target exists, plain rename when not), so readers see the old graph or
 * the new one, never a mix.  A target holding anything but erg's own files
 * is refused rather than replaced.
 */
#include "io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static const char *const erg_files[] = {"entities.csv", "relationships.csv", "sources.csv", "graph.csv"};

/* ---- fields -------------------------------------------------------------- */
/* Appends ",value" (or "value" when first) for v. */
static int put_value(erg_buf *line, erg_buf *tmp, const erg_value *v, bool first) {
    if (!first && erg__buf_addc(line, ',')) return ERG_ENOMEM;
    if (v->type == ERG_NULL) return ERG_OK;
    tmp->len = 0;
    if (erg__value_text(tmp, v)) return ERG_ENOMEM;
    return erg__csv_field(line, tmp->p ? tmp->p : "", tmp->len);
}

static int put_str(erg_buf *line, uint32_t sid, const erg_graph *g, bool first) {
    if (!first && erg__buf_addc(line, ',')) return ERG_ENOMEM;
    if (!sid) return ERG_OK;
    return erg__csv_field(line, erg__str(g, sid), erg__pool_len(&g->pool, sid));
}

/* ---- files ----------------------------------------------------------------- */
typedef struct wctx {
    erg_graph *g;
    erg_out *o;     /* the file, or */
    erg_buf *dest;  /* a buffer (sources embedded in GraphML) */
    erg_buf line, tmp;
} wctx;

static int flush_line(wctx *w) {
    int rc = w->dest ? erg__buf_add(w->dest, w->line.p, w->line.len)
                     : erg_out_write(w->o, w->line.p, w->line.len);
    w->line.len = 0;
    return rc;
}

static int header(wctx *w, erg_kind k, const char *fixed) {
    erg_graph *g = w->g;
    w->line.len = 0;
    if (erg__buf_add(&w->line, fixed, strlen(fixed))) return ERG_ENOMEM;
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        const erg_col *c = &g->schema[k].cols[i];
        char spec[24];
        w->tmp.len = 0;
        const char *name = erg__str(g, c->name);
        if (erg__buf_add(&w->tmp, name, strlen(name))) return ERG_ENOMEM;
        if (c->type != ERG_STRING || strchr(name, ':')) {
            erg__type_spec(c->type, c->elem, spec);
            if (erg__buf_addc(&w->tmp, ':') || erg__buf_add(&w->tmp, spec, strlen(spec)))
                return ERG_ENOMEM;
        }
        if (erg__buf_addc(&w->line, ',') || erg__csv_field(&w->line, w->tmp.p, w->tmp.len))
            return ERG_ENOMEM;
    }
    if (erg__buf_addc(&w->line, '\n')) return ERG_ENOMEM;
    return flush_line(w);
}

static int attrs(wctx *w, erg_kind k, uint32_t idx) {
    erg_graph *g = w->g;
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        erg_value v;
        erg__cell_get(g, k, i, idx, &v);
        if (put_value(&w->line, &w->tmp, &v, false)) return ERG_ENOMEM;
    }
    return erg__buf_addc(&w->line, '\n');
}

static int write_entities(wctx *w) {
    erg_graph *g = w->g;
    bool any_alias = false;
    for (uint32_t i = 0; i < g->nent && !any_alias; i++) any_alias = g->ents[i].alive && g->ents[i].nalias;
    /* each step returns its own status: ERG_ENOMEM from a buffer, or
     * ERG_EIO (message set) from writing */
    int rc = header(w, ERG_KIND_ENTITY, any_alias ? "id,type,name,aliases:string[]" : "id,type,name");
    if (rc) return rc;
    for (uint32_t i = 0; i < g->nent; i++) {
        const erg_ent *e = &g->ents[i];
        if (!e->alive) continue;
        if (put_str(&w->line, e->id, g, true) || put_str(&w->line, e->type, g, false) ||
            put_str(&w->line, e->name, g, false))
            return ERG_ENOMEM;
        if (any_alias) { /* aliases are never empty strings */
            if (erg__buf_addc(&w->line, ',')) return ERG_ENOMEM;
            w->tmp.len = 0;
            for (uint32_t k = 0; k < e->nalias; k++) {
                erg_value a = erg_strn(erg__str(g, e->aliases[k]), erg__pool_len(&g->pool, e->aliases[k]));
                erg_value one = erg_listv(ERG_STRING, &a, 1);
                if ((k && erg__buf_addc(&w->tmp, ';')) || erg__value_text(&w->tmp, &one)) return ERG_ENOMEM;
            }
            if (e->nalias && erg__csv_field(&w->line, w->tmp.p, w->tmp.len)) return ERG_ENOMEM;
        }
        if ((rc = attrs(w, ERG_KIND_ENTITY, i)) || (rc = flush_line(w))) return rc;
    }
    return ERG_OK;
}

static int write_rels(wctx *w) {
    erg_graph *g = w->g;
    bool any_undirected = false;
    for (uint32_t i = 0; i < g->nrel && !any_undirected; i++)
        any_undirected = g->rels[i].alive && !g->rels[i].directed;
    int rc = header(w, ERG_KIND_REL, any_undirected ? "id,from,to,type,directed:bool" : "id,from,to,type");
    if (rc) return rc;
    for (uint32_t i = 0; i < g->nrel; i++) {
        const erg_relrec *r = &g->rels[i];
        if (!r->alive) continue;
        if ((i & 0xFFFF) == 0) erg__progress(g, "writing relationships.csv", i, g->nrel);
        if (put_str(&w->line, r->id, g, true) || put_str(&w->line, g->ents[r->from].id, g, false) ||
            put_str(&w->line, g->ents[r->to].id, g, false) || put_str(&w->line, r->type, g, false))
            return ERG_ENOMEM;
        if (any_undirected && erg__buf_add(&w->line, r->directed ? ",true" : ",false", r->directed ? 5 : 6))
            return ERG_ENOMEM;
        if ((rc = attrs(w, ERG_KIND_REL, i)) || (rc = flush_line(w))) return rc;
    }
    erg__progress(g, "writing relationships.csv", g->nrel, g->nrel);
    return ERG_OK;
}

static int write_sources(wctx *w) {
    erg_graph *g = w->g;
    int rc = header(w, ERG_KIND_SOURCE, "id");
    if (rc) return rc;
    for (uint32_t i = 0; i < g->nsrc; i++) {
        if (!g->srcs[i].alive) continue;
        if (put_str(&w->line, g->srcs[i].id, g, true)) return ERG_ENOMEM;
        if ((rc = attrs(w, ERG_KIND_SOURCE, i)) || (rc = flush_line(w))) return rc;
    }
    return ERG_OK;
}

/* graph.csv: the graph's metadata (title, provenance policy...) as
 * key,value rows, in the order they were set. */
static int write_meta(wctx *w) {
    erg_graph *g = w->g;
    int rc = erg__buf_add(&w->line, "key,value\n", 10);
    if (!rc) rc = flush_line(w);
    for (uint32_t i = 0; !rc && i < g->nmeta; i++) {
        uint32_t k = g->meta[2 * i], v = g->meta[2 * i + 1];
        if (!k || !v) continue; /* a removed key */
        rc = put_str(&w->line, k, g, true);
        if (!rc) rc = put_str(&w->line, v, g, false);
        if (!rc) rc = erg__buf_addc(&w->line, '\n');
        if (!rc) rc = flush_line(w);
    }
    return rc;
}

static int write_file(erg_graph *g, const char *dir, int which) {
    char path[8400];
    snprintf(path, sizeof path, "%s/%s", dir, erg_files[which]);
    wctx w = {g, NULL, NULL, {0}, {0}};
    erg__buf_init(&w.line, &g->a);
    erg__buf_init(&w.tmp, &g->a);
    int rc = erg_out_open(g, path, &w.o);
    if (rc) return rc;
    rc = which == 0 ? write_entities(&w) : which == 1 ? write_rels(&w) : which == 2 ? write_sources(&w) : write_meta(&w);
    erg__buf_free(&w.line);
    erg__buf_free(&w.tmp);
    if (rc) {
        /* the handle's code may be left from an earlier call: trust rc */
        if (rc == ERG_ENOMEM) erg__nomem(g);
        erg_out_abort(w.o);
        return rc;
    }
    return erg_out_commit(w.o);
}

/* sources.csv as text, for formats that embed it (GraphML). */
int erg__csv_sources_text(erg_graph *g, erg_buf *out) {
    wctx w = {g, NULL, out, {0}, {0}};
    erg__buf_init(&w.line, &g->a);
    erg__buf_init(&w.tmp, &g->a);
    int rc = write_sources(&w);
    erg__buf_free(&w.line);
    erg__buf_free(&w.tmp);
    return rc ? erg__nomem(g) : ERG_OK;
}

static int write_all(erg_graph *g, const char *tmp, void *ud) {
    (void)ud;
    bool want_sources = g->live_srcs > 0 || g->schema[ERG_KIND_SOURCE].n > 0;
    int rc = ERG_OK;
    bool want_meta = false;
    for (uint32_t i = 0; i < g->nmeta; i++) want_meta = want_meta || (g->meta[2 * i] && g->meta[2 * i + 1]);
    for (int i = 0; i < 4 && !rc; i++)
        if (i < 2 || (i == 2 && want_sources) || (i == 3 && want_meta)) rc = write_file(g, tmp, i);
    return rc;
}

int erg_csv_write(erg_graph *g, const char *dir) {
    static const char *const names[] = {"entities.csv", "relationships.csv", "sources.csv", "graph.csv", NULL};
    return erg__write_dir(g, dir, names, "a CSV graph", write_all, NULL);
}
