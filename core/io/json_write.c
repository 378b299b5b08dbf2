/*
 * json_write.c -- JSON exports: networkx's node-link format (what
 * networkx.node_link_graph reads) and Cytoscape.js elements (what
 * networkx.cytoscape_graph and Cytoscape.js read), both strict RFC 8259.
 *
 * Both put a relationship's endpoints under "source" and "target", so a
 * relationship attribute named "source" (erg's provenance) is written as
 * "sources" (or "erg.source" if "sources" is taken too); likewise "target"
 * and "key", and in Cytoscape an entity attribute "value" (networkx's
 * cytoscape_graph takes data.value as the node, so erg writes the id
 * there).  Dates are strings, lists arrays.
 *
 * NaN and the infinities have no JSON form: they are written as null, and
 * the element gets an "erg.nonfinite" member mapping the attribute to
 * "NaN", "Infinity" or "-Infinity" (a list: the list with those strings in
 * place), which json_read.c puts back.  A top-level "erg" member gives
 * each attribute's erg name and type (the JSON key may differ, a date is
 * a string in JSON) and the sources as CSV text; other readers ignore it.
 */
#include "io.h"

#include <math.h>
#include <string.h>

static int key(erg_out *o, const char *k, bool first) {
    if (!first && ERG_PUTS(o, ", ")) return ERG_EIO;
    if (erg_out_json_string(o, k, strlen(k))) return ERG_EIO;
    return ERG_PUTS(o, ": ");
}

static int str_field(erg_out *o, const erg_graph *g, const char *k, uint32_t sid, bool first) {
    if (key(o, k, first)) return ERG_EIO;
    if (!sid) return ERG_PUTS(o, "null");
    return erg_out_json_string(o, erg__str(g, sid), erg__pool_len(&g->pool, sid));
}

/* The name an attribute is written under, avoiding the endpoint keys
 * (and, in Cytoscape, the node "value"). */
static const char *attr_key(const erg_graph *g, erg_kind k, uint32_t col, bool cyto) {
    const char *name = erg__str(g, g->schema[k].cols[col].name);
    static const struct { const char *from, *to, *alt; } rel_clash[] = {
        {"source", "sources", "erg.source"}, {"target", "targets", "erg.target"}, {"key", "keys", "erg.key"}};
    static const struct { const char *from, *to, *alt; } ent_clash[] = {{"value", "values", "erg.value"}};
    size_t n = k == ERG_KIND_REL ? 3 : cyto ? 1 : 0;
    for (size_t i = 0; i < n; i++) {
        const char *from = k == ERG_KIND_REL ? rel_clash[i].from : ent_clash[i].from;
        const char *to = k == ERG_KIND_REL ? rel_clash[i].to : ent_clash[i].to;
        const char *alt = k == ERG_KIND_REL ? rel_clash[i].alt : ent_clash[i].alt;
        if (strcmp(name, from) != 0) continue;
        uint32_t sid = erg__pool_find(&g->pool, to, strlen(to));
        return sid && erg__col_find(g, k, sid) >= 0 ? alt : to;
    }
    return name;
}

static bool finite_value(const erg_value *v) {
    if (v->type == ERG_FLOAT) return isfinite(v->u.f);
    if (v->type != ERG_LIST || v->elem != ERG_FLOAT) return true;
    for (size_t i = 0; i < v->u.list.n; i++)
        if (!isfinite(v->u.list.items[i].u.f)) return false;
    return true;
}

static int nonfinite_float(erg_out *o, double f) {
    if (isnan(f)) return ERG_PUTS(o, "\"NaN\"");
    if (isinf(f)) return f < 0 ? ERG_PUTS(o, "\"-Infinity\"") : ERG_PUTS(o, "\"Infinity\"");
    erg_value v = erg_float(f);
    return erg__out_json_value(o, &v);
}

/* The "erg.nonfinite" member of an element holding NaN or an infinity. */
static int nonfinite(erg_out *o, erg_graph *g, erg_kind k, uint32_t idx, bool cyto) {
    bool first = true;
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        erg_value v;
        if (!erg__cell_get(g, k, i, idx, &v) || finite_value(&v)) continue;
        if (first && (key(o, "erg.nonfinite", false) || ERG_PUTS(o, "{"))) return ERG_EIO;
        if (key(o, attr_key(g, k, i, cyto), first)) return ERG_EIO;
        first = false;
        if (v.type == ERG_FLOAT) {
            if (nonfinite_float(o, v.u.f)) return ERG_EIO;
            continue;
        }
        if (ERG_PUTS(o, "[")) return ERG_EIO;
        for (size_t j = 0; j < v.u.list.n; j++)
            if ((j && ERG_PUTS(o, ",")) || nonfinite_float(o, v.u.list.items[j].u.f)) return ERG_EIO;
        if (ERG_PUTS(o, "]")) return ERG_EIO;
    }
    return first ? ERG_OK : ERG_PUTS(o, "}");
}

static int attrs(erg_out *o, erg_graph *g, erg_kind k, uint32_t idx, bool cyto) {
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        erg_value v;
        if (!erg__cell_get(g, k, i, idx, &v)) continue;
        if (key(o, attr_key(g, k, i, cyto), false) || erg__out_json_value(o, &v)) return ERG_EIO;
    }
    return nonfinite(o, g, k, idx, cyto);
}

static int aliases(erg_out *o, const erg_graph *g, const erg_ent *e) {
    if (!e->nalias) return ERG_OK;
    if (key(o, "aliases", false) || ERG_PUTS(o, "[")) return ERG_EIO;
    for (uint32_t k = 0; k < e->nalias; k++) {
        if (k && ERG_PUTS(o, ", ")) return ERG_EIO;
        if (erg_out_json_string(o, erg__str(g, e->aliases[k]), erg__pool_len(&g->pool, e->aliases[k])))
            return ERG_EIO;
    }
    return ERG_PUTS(o, "]");
}

static void direction(const erg_graph *g, bool *all_undirected, bool *mixed) {
    bool any_dir = false, any_undir = false;
    for (uint32_t i = 0; i < g->nrel; i++) {
        if (!g->rels[i].alive) continue;
        if (g->rels[i].directed) any_dir = true;
        else any_undir = true;
    }
    *all_undirected = any_undir && !any_dir;
    *mixed = any_undir && any_dir;
}

static int entity_fields(erg_out *o, erg_graph *g, uint32_t i, bool cyto) {
    const erg_ent *e = &g->ents[i];
    if (str_field(o, g, "id", e->id, true) || (cyto && str_field(o, g, "value", e->id, false)) ||
        str_field(o, g, "type", e->type, false) || str_field(o, g, "name", e->name, false) ||
        aliases(o, g, e) || attrs(o, g, ERG_KIND_ENTITY, i, cyto))
        return ERG_EIO;
    return ERG_OK;
}

static int rel_fields(erg_out *o, erg_graph *g, uint32_t i, bool mixed, bool cyto) {
    const erg_relrec *r = &g->rels[i];
    if (str_field(o, g, "source", g->ents[r->from].id, true) ||
        str_field(o, g, "target", g->ents[r->to].id, false) || (cyto && str_field(o, g, "id", r->id, false)) ||
        str_field(o, g, "key", r->id, false) || str_field(o, g, "type", r->type, false))
        return ERG_EIO;
    if (mixed && !r->directed && (key(o, "directed", false) || ERG_PUTS(o, "false"))) return ERG_EIO;
    return attrs(o, g, ERG_KIND_REL, i, cyto);
}

static int graph_meta(erg_out *o, erg_graph *g) {
    if (ERG_PUTS(o, "{")) return ERG_EIO;
    for (uint32_t i = 0; i < g->nmeta; i++)
        if (str_field(o, g, erg__str(g, g->meta[2 * i]), g->meta[2 * i + 1], i == 0)) return ERG_EIO;
    return ERG_PUTS(o, "}");
}

/* {"KEY": {"name": NAME, "type": SPEC}, ...} for one kind's schema. */
static int schema(erg_out *o, erg_graph *g, erg_kind k, bool cyto) {
    if (ERG_PUTS(o, "{")) return ERG_EIO;
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        const erg_col *c = &g->schema[k].cols[i];
        char spec[32];
        erg__type_spec(c->type, c->elem, spec);
        if (key(o, attr_key(g, k, i, cyto), i == 0) || ERG_PUTS(o, "{") || str_field(o, g, "name", c->name, true) ||
            key(o, "type", false) || erg_out_json_string(o, spec, strlen(spec)) || ERG_PUTS(o, "}"))
            return ERG_EIO;
    }
    return ERG_PUTS(o, "}");
}

/* The top-level "erg" member (see the head comment). */
static int erg_member(erg_out *o, erg_graph *g, bool cyto) {
    if (erg_out_printf(o, ",\n \"erg\": {\"version\": \"%s\", \"node_attributes\": ", ERG_VERSION) ||
        schema(o, g, ERG_KIND_ENTITY, cyto) || ERG_PUTS(o, ", \"link_attributes\": ") ||
        schema(o, g, ERG_KIND_REL, cyto))
        return ERG_EIO;
    if (g->live_srcs || g->schema[ERG_KIND_SOURCE].n) {
        erg_buf csv;
        erg__buf_init(&csv, &g->a);
        int rc = erg__csv_sources_text(g, &csv);
        if (!rc && (key(o, "sources_csv", false) || erg_out_json_string(o, csv.p ? csv.p : "", csv.len)))
            rc = ERG_EIO;
        erg__buf_free(&csv);
        if (rc) return rc;
    }
    return ERG_PUTS(o, "}");
}

int erg__json_write(erg_graph *g, erg_out *o) {
    bool undirected, mixed;
    direction(g, &undirected, &mixed);
    if (erg_out_printf(o, "{\"directed\": %s, \"multigraph\": true, \"graph\": ", undirected ? "false" : "true") ||
        graph_meta(o, g) || ERG_PUTS(o, ",\n \"nodes\": ["))
        return g->errcode;
    bool first = true;
    for (uint32_t i = 0; i < g->nent; i++) {
        if (!g->ents[i].alive) continue;
        if ((first ? ERG_PUTS(o, "\n  {") : ERG_PUTS(o, ",\n  {")) || entity_fields(o, g, i, false) ||
            ERG_PUTS(o, "}"))
            return g->errcode;
        first = false;
    }
    if (ERG_PUTS(o, "],\n \"links\": [")) return g->errcode;
    first = true;
    for (uint32_t i = 0; i < g->nrel; i++) {
        if (!g->rels[i].alive) continue;
        if ((first ? ERG_PUTS(o, "\n  {") : ERG_PUTS(o, ",\n  {")) || rel_fields(o, g, i, mixed, false) ||
            ERG_PUTS(o, "}"))
            return g->errcode;
        first = false;
    }
    if (ERG_PUTS(o, "]") || erg_member(o, g, false)) return g->errcode;
    return ERG_PUTS(o, "}\n") ? g->errcode : ERG_OK;
}

/* networkx's cytoscape_graph needs "directed", "multigraph", each node's
 * data.value (the node it adds, which edges name) and each edge's key
 * (else parallel edges collapse onto key 0); Cytoscape.js wants an id on
 * every element. */
int erg__cytoscape_write(erg_graph *g, erg_out *o) {
    bool undirected, mixed;
    direction(g, &undirected, &mixed);
    if (ERG_PUTS(o, "{\"data\": ") || graph_meta(o, g) ||
        erg_out_printf(o, ",\n \"directed\": %s, \"multigraph\": true", undirected ? "false" : "true") ||
        ERG_PUTS(o, ",\n \"elements\": {\"nodes\": ["))
        return g->errcode;
    bool first = true;
    for (uint32_t i = 0; i < g->nent; i++) {
        if (!g->ents[i].alive) continue;
        if ((first ? ERG_PUTS(o, "\n  {\"data\": {") : ERG_PUTS(o, ",\n  {\"data\": {")) ||
            entity_fields(o, g, i, true) || ERG_PUTS(o, "}}"))
            return g->errcode;
        first = false;
    }
    if (ERG_PUTS(o, "],\n \"edges\": [")) return g->errcode;
    first = true;
    for (uint32_t i = 0; i < g->nrel; i++) {
        if (!g->rels[i].alive) continue;
        if ((first ? ERG_PUTS(o, "\n  {\"data\": {") : ERG_PUTS(o, ",\n  {\"data\": {")) ||
            rel_fields(o, g, i, mixed || undirected, true) || ERG_PUTS(o, "}}"))
            return g->errcode;
        first = false;
    }
    if (ERG_PUTS(o, "]}") || erg_member(o, g, true)) return g->errcode;
    return ERG_PUTS(o, "}\n") ? g->errcode : ERG_OK;
}
