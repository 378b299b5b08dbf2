/*
 * tables_write.c -- directory exports of CSV tables for other systems:
 *
 * Neo4j (neo4j-admin database import): nodes.csv with
 *   id:ID(Entity),:LABEL,name,aliases:string[],ATTR:TYPE...
 * relationships.csv with
 *   :START_ID(Entity),:END_ID(Entity),:TYPE,id,directed:boolean,ATTR:TYPE...
 * and sources.csv (id:ID(Source),:LABEL,...) when the graph has sources.
 * Types: int -> long, float -> double, bool -> boolean, date -> date (Neo4j
 * reads 2025 and 2025-07 as the first day of that year or month), lists ->
 * TYPE[] joined by ';' (Neo4j's default array delimiter, which has no
 * escape: an element holding ';' is split by Neo4j).  Neo4j relationships
 * are always directed, so an undirected one says directed=false.
 *
 * GraphFrames (Spark): vertices.csv with an "id" column and edges.csv with
 * "src" and "dst", plus "relationship" (the type), "id" and attributes;
 * plain headers (Spark reads them with header=true), values in erg's text
 * form.  An edge attribute named src, dst or relationship is written as
 * attr_src, attr_dst, attr_relationship.
 */
#include "io.h"

#include <stdio.h>
#include <string.h>

typedef struct tw {
    erg_graph *g;
    erg_out *o;
    erg_buf line, tmp;
    bool neo4j;
} tw;

static const char *neo_type(erg_type t) {
    switch (t) {
    case ERG_BOOL: return "boolean";
    case ERG_INT: return "long";
    case ERG_FLOAT: return "double";
    case ERG_DATE: return "date";
    default: return "string";
    }
}

static int field(tw *w, const char *s, size_t n, bool first) {
    if (!first && erg__buf_addc(&w->line, ',')) return ERG_ENOMEM;
    return erg__csv_field(&w->line, s, n);
}

static int field_sid(tw *w, uint32_t sid, bool first) {
    if (!sid) return first ? ERG_OK : erg__buf_addc(&w->line, ',');
    return field(w, erg__str(w->g, sid), erg__pool_len(&w->g->pool, sid), first);
}

static int end_line(tw *w) {
    if (erg__buf_addc(&w->line, '\n')) return ERG_ENOMEM;
    int rc = erg_out_write(w->o, w->line.p, w->line.len);
    w->line.len = 0;
    return rc;
}

static int header_attrs(tw *w, erg_kind k) {
    erg_graph *g = w->g;
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        const erg_col *c = &g->schema[k].cols[i];
        w->tmp.len = 0;
        const char *name = erg__str(g, c->name);
        /* GraphFrames edge columns src, dst, relationship are taken */
        if (!w->neo4j && k == ERG_KIND_REL &&
            (!strcmp(name, "src") || !strcmp(name, "dst") || !strcmp(name, "relationship")) &&
            erg__buf_add(&w->tmp, "attr_", 5))
            return ERG_ENOMEM;
        if (erg__buf_add(&w->tmp, name, strlen(name))) return ERG_ENOMEM;
        if (w->neo4j) {
            const char *t = neo_type(c->type == ERG_LIST ? c->elem : c->type);
            if (erg__buf_addc(&w->tmp, ':') || erg__buf_add(&w->tmp, t, strlen(t)) ||
                (c->type == ERG_LIST && erg__buf_add(&w->tmp, "[]", 2)))
                return ERG_ENOMEM;
        }
        if (field(w, w->tmp.p, w->tmp.len, false)) return ERG_ENOMEM;
    }
    return ERG_OK;
}

static int value_attrs(tw *w, erg_kind k, uint32_t idx) {
    erg_graph *g = w->g;
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        erg_value v;
        if (erg__buf_addc(&w->line, ',')) return ERG_ENOMEM;
        if (!erg__cell_get(g, k, i, idx, &v)) continue;
        w->tmp.len = 0;
        if (v.type == ERG_LIST && w->neo4j) {
            /* Neo4j arrays: ';' between elements, no escapes */
            for (size_t j = 0; j < v.u.list.n; j++) {
                erg_value one = v.u.list.items[j];
                if (j && erg__buf_addc(&w->tmp, ';')) return ERG_ENOMEM;
                if (one.type == ERG_STRING ? erg__buf_add(&w->tmp, one.u.s.ptr, one.u.s.len)
                                           : erg__value_text(&w->tmp, &one))
                    return ERG_ENOMEM;
            }
        } else if (erg__value_text(&w->tmp, &v)) {
            return ERG_ENOMEM;
        }
        if (erg__csv_field(&w->line, w->tmp.p ? w->tmp.p : "", w->tmp.len)) return ERG_ENOMEM;
    }
    return ERG_OK;
}

static int open_file(tw *w, const char *dir, const char *name) {
    char path[8400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return erg_out_open(w->g, path, &w->o);
}

static int close_file(tw *w, int rc) {
    if (rc) {
        if (w->g->errcode != ERG_EIO) rc = erg__nomem(w->g);
        erg_out_abort(w->o);
        return rc;
    }
    return erg_out_commit(w->o);
}

static int aliases_text(tw *w, const erg_ent *e) {
    w->tmp.len = 0;
    for (uint32_t k = 0; k < e->nalias; k++) {
        if (k && erg__buf_addc(&w->tmp, ';')) return ERG_ENOMEM;
        if (erg__buf_add(&w->tmp, erg__str(w->g, e->aliases[k]), erg__pool_len(&w->g->pool, e->aliases[k])))
            return ERG_ENOMEM;
    }
    return ERG_OK;
}

static int nodes(tw *w, const char *dir) {
    erg_graph *g = w->g;
    int rc = open_file(w, dir, w->neo4j ? "nodes.csv" : "vertices.csv");
    if (rc) return rc;
    const char *head = w->neo4j ? "id:ID(Entity),:LABEL,name,aliases:string[]" : "id,type,name,aliases";
    rc = erg__buf_add(&w->line, head, strlen(head));
    if (!rc) rc = header_attrs(w, ERG_KIND_ENTITY);
    if (!rc) rc = end_line(w);
    for (uint32_t i = 0; !rc && i < g->nent; i++) {
        const erg_ent *e = &g->ents[i];
        if (!e->alive) continue;
        rc = field_sid(w, e->id, true) || field_sid(w, e->type, false) || field_sid(w, e->name, false) ||
             erg__buf_addc(&w->line, ',');
        if (!rc && e->nalias) rc = aliases_text(w, e) || erg__csv_field(&w->line, w->tmp.p, w->tmp.len);
        if (!rc) rc = value_attrs(w, ERG_KIND_ENTITY, i);
        if (!rc) rc = end_line(w);
    }
    return close_file(w, rc);
}

static int rels(tw *w, const char *dir) {
    erg_graph *g = w->g;
    int rc = open_file(w, dir, w->neo4j ? "relationships.csv" : "edges.csv");
    if (rc) return rc;
    const char *head = w->neo4j ? ":START_ID(Entity),:END_ID(Entity),:TYPE,id,directed:boolean"
                                : "src,dst,relationship,id,directed";
    rc = erg__buf_add(&w->line, head, strlen(head));
    if (!rc) rc = header_attrs(w, ERG_KIND_REL);
    if (!rc) rc = end_line(w);
    for (uint32_t i = 0; !rc && i < g->nrel; i++) {
        const erg_relrec *r = &g->rels[i];
        if (!r->alive) continue;
        rc = field_sid(w, g->ents[r->from].id, true) || field_sid(w, g->ents[r->to].id, false) ||
             field_sid(w, r->type, false) || field_sid(w, r->id, false) ||
             erg__buf_add(&w->line, r->directed ? ",true" : ",false", r->directed ? 5 : 6);
        if (!rc) rc = value_attrs(w, ERG_KIND_REL, i);
        if (!rc) rc = end_line(w);
    }
    return close_file(w, rc);
}

static int sources(tw *w, const char *dir) {
    erg_graph *g = w->g;
    int rc = open_file(w, dir, "sources.csv");
    if (rc) return rc;
    rc = erg__buf_add(&w->line, "id:ID(Source),:LABEL", strlen("id:ID(Source),:LABEL"));
    if (!rc) rc = header_attrs(w, ERG_KIND_SOURCE);
    if (!rc) rc = end_line(w);
    for (uint32_t i = 0; !rc && i < g->nsrc; i++) {
        if (!g->srcs[i].alive) continue;
        rc = field_sid(w, g->srcs[i].id, true) || erg__buf_add(&w->line, ",Source", 7);
        if (!rc) rc = value_attrs(w, ERG_KIND_SOURCE, i);
        if (!rc) rc = end_line(w);
    }
    return close_file(w, rc);
}

static int write_set(erg_graph *g, const char *dir, void *ud) {
    tw w = {g, NULL, {0}, {0}, *(bool *)ud};
    erg__buf_init(&w.line, &g->a);
    erg__buf_init(&w.tmp, &g->a);
    int rc = nodes(&w, dir);
    if (!rc) rc = rels(&w, dir);
    if (!rc && w.neo4j && g->live_srcs) rc = sources(&w, dir);
    erg__buf_free(&w.line);
    erg__buf_free(&w.tmp);
    return rc;
}

int erg__neo4j_write(erg_graph *g, const char *dir) {
    static const char *const names[] = {"nodes.csv", "relationships.csv", "sources.csv", NULL};
    bool neo4j = true;
    return erg__write_dir(g, dir, names, "a Neo4j import set", write_set, &neo4j);
}

int erg__graphframes_write(erg_graph *g, const char *dir) {
    static const char *const names[] = {"vertices.csv", "edges.csv", NULL};
    bool neo4j = false;
    return erg__write_dir(g, dir, names, "a GraphFrames table set", write_set, &neo4j);
}
