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
 * TYPE[].  Neo4j splits an array (and a :LABEL) at its array delimiter and
 * has no escape for it, so elements are joined by U+001F (the ASCII unit
 * separator, made for this; the import needs --array-delimiter=U+001F) and
 * an element or entity type that holds U+001F is refused, naming the
 * object and attribute, rather than split.  Neo4j relationships are always
 * directed, so an undirected one says directed=false.
 *
 * GraphFrames (Spark): vertices.csv with an "id" column and edges.csv with
 * "src" and "dst", plus "relationship" (the type), "id" and attributes;
 * plain headers (Spark reads them with header=true), and beside each table
 * its column types as a Spark StructType in JSON (vertices.schema.json,
 * edges.schema.json: long, double, boolean, date, string).  Spark's CSV
 * reader has no arrays, so a list is a string column in erg's list text
 * form (';' between elements, '\' escaping ';' and '\'), its metadata
 * saying {"erg_type": "string[]"}.  An edge attribute named src, dst or
 * relationship is written as attr_src, attr_dst, attr_relationship.
 *
 * In both, floats that are not numbers are written NaN, Infinity and
 * -Infinity, which Java's Double.parseDouble (Neo4j, Spark) reads.
 */
#include "io.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define ARRAY_DELIM '\x1f'

typedef struct tw {
    erg_graph *g;
    erg_out *o;
    erg_buf line, tmp;
    bool neo4j;
} tw;

/* Neo4j's header type, which is also Spark's StructType type name. */
static const char *col_type(erg_type t) {
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

/* Ends the line and hands it to the file (whose errors stick). */
static int end_line(tw *w) {
    if (erg__buf_addc(&w->line, '\n')) return ERG_ENOMEM;
    int rc = erg_out_write(w->o, w->line.p, w->line.len);
    w->line.len = 0;
    return rc;
}

/* The column name of attribute c as the target system sees it. */
static int col_name(tw *w, erg_kind k, const erg_col *c) {
    const char *name = erg__str(w->g, c->name);
    w->tmp.len = 0;
    /* GraphFrames edge columns src, dst, relationship are taken */
    if (!w->neo4j && k == ERG_KIND_REL &&
        (!strcmp(name, "src") || !strcmp(name, "dst") || !strcmp(name, "relationship")) &&
        erg__buf_add(&w->tmp, "attr_", 5))
        return ERG_ENOMEM;
    return erg__buf_add(&w->tmp, name, strlen(name));
}

static int header_attrs(tw *w, erg_kind k) {
    erg_graph *g = w->g;
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        const erg_col *c = &g->schema[k].cols[i];
        if (col_name(w, k, c)) return ERG_ENOMEM;
        if (w->neo4j) {
            const char *t = col_type(c->type == ERG_LIST ? c->elem : c->type);
            if (erg__buf_addc(&w->tmp, ':') || erg__buf_add(&w->tmp, t, strlen(t)) ||
                (c->type == ERG_LIST && erg__buf_add(&w->tmp, "[]", 2)))
                return ERG_ENOMEM;
        }
        if (field(w, w->tmp.p, w->tmp.len, false)) return ERG_ENOMEM;
    }
    return ERG_OK;
}

/* The id of object idx of kind k, for messages. */
static const char *obj_id(const erg_graph *g, erg_kind k, uint32_t idx) {
    uint32_t sid = k == ERG_KIND_ENTITY ? g->ents[idx].id : k == ERG_KIND_REL ? g->rels[idx].id : g->srcs[idx].id;
    return erg__str(g, sid);
}

static int refuse_delim(tw *w, erg_kind k, uint32_t idx, const char *attr) {
    return erg__err(w->g, ERG_EINVAL,
                    "%s '%s', attribute '%s': a list element holds U+001F, the Neo4j array delimiter (Neo4j would split it)",
                    erg__kind_name(k), obj_id(w->g, k, idx), attr);
}

/* A scalar as the target reads it: erg's text form, but NaN, Infinity
 * and -Infinity for the floats that are not numbers. */
static int scalar_text(erg_buf *b, const erg_value *v) {
    if (v->type == ERG_FLOAT && isnan(v->u.f)) return erg__buf_add(b, "NaN", 3);
    if (v->type == ERG_FLOAT && isinf(v->u.f))
        return v->u.f > 0 ? erg__buf_add(b, "Infinity", 8) : erg__buf_add(b, "-Infinity", 9);
    return erg__value_text(b, v);
}

/* A Neo4j array: elements joined by U+001F, without escapes (Neo4j has
 * none), so an element holding U+001F is refused (ERG_EINVAL). */
static int neo4j_array(tw *w, erg_kind k, uint32_t idx, const char *attr, const erg_value *v) {
    for (size_t j = 0; j < v->u.list.n; j++) {
        const erg_value *one = &v->u.list.items[j];
        if (one->type == ERG_STRING && memchr(one->u.s.ptr, ARRAY_DELIM, one->u.s.len))
            return refuse_delim(w, k, idx, attr);
        if (j && erg__buf_addc(&w->tmp, ARRAY_DELIM)) return ERG_ENOMEM;
        if (one->type == ERG_STRING ? erg__buf_add(&w->tmp, one->u.s.ptr, one->u.s.len)
                                    : scalar_text(&w->tmp, one))
            return ERG_ENOMEM;
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
        int rc = v.type == ERG_LIST && w->neo4j
                     ? neo4j_array(w, k, idx, erg__str(g, g->schema[k].cols[i].name), &v)
                     : scalar_text(&w->tmp, &v) ? ERG_ENOMEM : ERG_OK;
        if (rc) return rc;
        if (erg__csv_field(&w->line, w->tmp.p ? w->tmp.p : "", w->tmp.len)) return ERG_ENOMEM;
    }
    return ERG_OK;
}

static int open_file(tw *w, const char *dir, const char *name) {
    char path[8400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return erg_out_open(w->g, path, &w->o);
}

/* rc is ERG_ENOMEM from a buffer (no message yet), or a status whose
 * message is set (ERG_EINVAL refusals, ERG_EIO from the file). */
static int close_file(tw *w, int rc) {
    if (rc) {
        if (rc == ERG_ENOMEM) erg__nomem(w->g);
        erg_out_abort(w->o);
        return rc;
    }
    return erg_out_commit(w->o);
}

/* Aliases: a Neo4j array, or for GraphFrames erg's list text. */
static int aliases_text(tw *w, const erg_ent *e, uint32_t idx) {
    erg_graph *g = w->g;
    w->tmp.len = 0;
    for (uint32_t k = 0; k < e->nalias; k++) {
        const char *a = erg__str(g, e->aliases[k]);
        size_t n = erg__pool_len(&g->pool, e->aliases[k]);
        if (w->neo4j && memchr(a, ARRAY_DELIM, n)) return refuse_delim(w, ERG_KIND_ENTITY, idx, "aliases");
        if (k && erg__buf_addc(&w->tmp, w->neo4j ? ARRAY_DELIM : ';')) return ERG_ENOMEM;
        if (w->neo4j) {
            if (erg__buf_add(&w->tmp, a, n)) return ERG_ENOMEM;
            continue;
        }
        erg_value one = erg_strn(a, n), list = erg_listv(ERG_STRING, &one, 1);
        if (erg__value_text(&w->tmp, &list)) return ERG_ENOMEM;
    }
    return ERG_OK;
}

static int node_row(tw *w, uint32_t i) {
    erg_graph *g = w->g;
    const erg_ent *e = &g->ents[i];
    if (w->neo4j && memchr(erg__str(g, e->type), ARRAY_DELIM, erg__pool_len(&g->pool, e->type)))
        return erg__err(g, ERG_EINVAL,
                        "entity '%s': its type holds U+001F, the Neo4j array delimiter (Neo4j would split the label)",
                        erg__str(g, e->id));
    if (field_sid(w, e->id, true) || field_sid(w, e->type, false) || field_sid(w, e->name, false) ||
        erg__buf_addc(&w->line, ','))
        return ERG_ENOMEM;
    int rc = ERG_OK;
    if (e->nalias && !(rc = aliases_text(w, e, i)) && erg__csv_field(&w->line, w->tmp.p, w->tmp.len))
        rc = ERG_ENOMEM;
    if (!rc) rc = value_attrs(w, ERG_KIND_ENTITY, i);
    return rc ? rc : end_line(w);
}

static int nodes(tw *w, const char *dir) {
    erg_graph *g = w->g;
    int rc = open_file(w, dir, w->neo4j ? "nodes.csv" : "vertices.csv");
    if (rc) return rc;
    const char *head = w->neo4j ? "id:ID(Entity),:LABEL,name,aliases:string[]" : "id,type,name,aliases";
    rc = erg__buf_add(&w->line, head, strlen(head));
    if (!rc) rc = header_attrs(w, ERG_KIND_ENTITY);
    if (!rc) rc = end_line(w);
    for (uint32_t i = 0; !rc && i < g->nent; i++)
        if (g->ents[i].alive) rc = node_row(w, i);
    return close_file(w, rc);
}

static int rel_row(tw *w, uint32_t i) {
    erg_graph *g = w->g;
    const erg_relrec *r = &g->rels[i];
    if (field_sid(w, g->ents[r->from].id, true) || field_sid(w, g->ents[r->to].id, false) ||
        field_sid(w, r->type, false) || field_sid(w, r->id, false) ||
        erg__buf_add(&w->line, r->directed ? ",true" : ",false", r->directed ? 5 : 6))
        return ERG_ENOMEM;
    int rc = value_attrs(w, ERG_KIND_REL, i);
    return rc ? rc : end_line(w);
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
    for (uint32_t i = 0; !rc && i < g->nrel; i++)
        if (g->rels[i].alive) rc = rel_row(w, i);
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
        rc = field_sid(w, g->srcs[i].id, true) || erg__buf_add(&w->line, ",Source", 7) ? ERG_ENOMEM : ERG_OK;
        if (!rc) rc = value_attrs(w, ERG_KIND_SOURCE, i);
        if (!rc) rc = end_line(w);
    }
    return close_file(w, rc);
}

/* ---- GraphFrames schemas -------------------------------------------------- */
/* One StructField: {"name":...,"type":...,"nullable":...,"metadata":{...}}. */
static void schema_field(erg_out *o, const char *name, size_t n, erg_type t, erg_type elem, bool nullable,
                         bool first) {
    erg_out_write(o, first ? "\n  " : ",\n  ", first ? 3 : 4);
    ERG_PUTS(o, "{\"name\":");
    erg_out_json_string(o, name, n);
    erg_out_printf(o, ",\"type\":\"%s\",\"nullable\":%s,\"metadata\":{", col_type(t),
                   nullable ? "true" : "false");
    if (t == ERG_LIST) {
        char spec[24];
        erg_out_printf(o, "\"erg_type\":\"%s\"", erg__type_spec(t, elem, spec));
    }
    ERG_PUTS(o, "}}");
}

/* Spark's StructType JSON for a table: the fixed columns (name, nullable),
 * then kind k's attributes. */
static int schema_file(tw *w, const char *dir, const char *name, const char *const *fixed, const bool *nullable,
                       erg_kind k) {
    erg_graph *g = w->g;
    int rc = open_file(w, dir, name);
    if (rc) return rc;
    ERG_PUTS(w->o, "{\"type\":\"struct\",\"fields\":[");
    for (size_t i = 0; fixed[i]; i++) {
        bool alias = k == ERG_KIND_ENTITY && !strcmp(fixed[i], "aliases");
        bool directed = k == ERG_KIND_REL && !strcmp(fixed[i], "directed");
        schema_field(w->o, fixed[i], strlen(fixed[i]), alias ? ERG_LIST : directed ? ERG_BOOL : ERG_STRING,
                     ERG_STRING, nullable[i], i == 0);
    }
    for (uint32_t i = 0; !rc && i < g->schema[k].n; i++) {
        const erg_col *c = &g->schema[k].cols[i];
        if (col_name(w, k, c)) rc = ERG_ENOMEM;
        else schema_field(w->o, w->tmp.p, w->tmp.len, c->type, c->elem, true, false);
    }
    ERG_PUTS(w->o, "\n]}\n");
    return close_file(w, rc);
}

static int schemas(tw *w, const char *dir) {
    static const char *const vcols[] = {"id", "type", "name", "aliases", NULL};
    static const bool vnull[] = {false, false, true, true};
    static const char *const ecols[] = {"src", "dst", "relationship", "id", "directed", NULL};
    static const bool enull[] = {false, false, false, false, false};
    int rc = schema_file(w, dir, "vertices.schema.json", vcols, vnull, ERG_KIND_ENTITY);
    return rc ? rc : schema_file(w, dir, "edges.schema.json", ecols, enull, ERG_KIND_REL);
}

static int write_set(erg_graph *g, const char *dir, void *ud) {
    tw w = {g, NULL, {0}, {0}, *(bool *)ud};
    erg__buf_init(&w.line, &g->a);
    erg__buf_init(&w.tmp, &g->a);
    int rc = nodes(&w, dir);
    if (!rc) rc = rels(&w, dir);
    if (!rc && w.neo4j && g->live_srcs) rc = sources(&w, dir);
    if (!rc && !w.neo4j) rc = schemas(&w, dir);
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
    static const char *const names[] = {"vertices.csv", "edges.csv", "vertices.schema.json", "edges.schema.json",
                                        NULL};
    bool neo4j = false;
    return erg__write_dir(g, dir, names, "a GraphFrames table set", write_set, &neo4j);
}
