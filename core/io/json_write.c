/*
 * json_write.c -- JSON exports: networkx's node-link format (what
 * networkx.node_link_graph reads) and Cytoscape.js elements.
 *
 * Both put a relationship's endpoints under "source" and "target", so a
 * relationship attribute named "source" (erg's provenance) is written as
 * "sources" (or "erg.source" if "sources" is taken too); likewise "target"
 * and "key".  Dates are strings, lists arrays, NaN and Infinity as Python's
 * json module writes and reads them.
 */
#include "io.h"

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

/* The name an attribute is written under, avoiding the endpoint keys. */
static const char *attr_key(const erg_graph *g, erg_kind k, uint32_t col) {
    const char *name = erg__str(g, g->schema[k].cols[col].name);
    if (k != ERG_KIND_REL) return name;
    static const struct { const char *from, *to, *alt; } clash[] = {
        {"source", "sources", "erg.source"}, {"target", "targets", "erg.target"}, {"key", "keys", "erg.key"}};
    for (int i = 0; i < 3; i++) {
        if (strcmp(name, clash[i].from) != 0) continue;
        uint32_t sid = erg__pool_find(&g->pool, clash[i].to, strlen(clash[i].to));
        return sid && erg__col_find(g, k, sid) >= 0 ? clash[i].alt : clash[i].to;
    }
    return name;
}

static int attrs(erg_out *o, erg_graph *g, erg_kind k, uint32_t idx) {
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        erg_value v;
        if (!erg__cell_get(g, k, i, idx, &v)) continue;
        if (key(o, attr_key(g, k, i), false) || erg__out_json_value(o, &v)) return ERG_EIO;
    }
    return ERG_OK;
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

static int entity_fields(erg_out *o, erg_graph *g, uint32_t i) {
    const erg_ent *e = &g->ents[i];
    if (str_field(o, g, "id", e->id, true) || str_field(o, g, "type", e->type, false) ||
        str_field(o, g, "name", e->name, false) || aliases(o, g, e) || attrs(o, g, ERG_KIND_ENTITY, i))
        return ERG_EIO;
    return ERG_OK;
}

static int rel_fields(erg_out *o, erg_graph *g, uint32_t i, bool mixed, const char *idkey) {
    const erg_relrec *r = &g->rels[i];
    if (str_field(o, g, "source", g->ents[r->from].id, true) ||
        str_field(o, g, "target", g->ents[r->to].id, false) || str_field(o, g, idkey, r->id, false) ||
        str_field(o, g, "type", r->type, false))
        return ERG_EIO;
    if (mixed && !r->directed && (key(o, "directed", false) || ERG_PUTS(o, "false"))) return ERG_EIO;
    return attrs(o, g, ERG_KIND_REL, i);
}

static int graph_meta(erg_out *o, erg_graph *g) {
    if (ERG_PUTS(o, "{")) return ERG_EIO;
    for (uint32_t i = 0; i < g->nmeta; i++)
        if (str_field(o, g, erg__str(g, g->meta[2 * i]), g->meta[2 * i + 1], i == 0)) return ERG_EIO;
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
        if ((first ? ERG_PUTS(o, "\n  {") : ERG_PUTS(o, ",\n  {")) || entity_fields(o, g, i) ||
            ERG_PUTS(o, "}"))
            return g->errcode;
        first = false;
    }
    if (ERG_PUTS(o, "],\n \"links\": [")) return g->errcode;
    first = true;
    for (uint32_t i = 0; i < g->nrel; i++) {
        if (!g->rels[i].alive) continue;
        if ((first ? ERG_PUTS(o, "\n  {") : ERG_PUTS(o, ",\n  {")) || rel_fields(o, g, i, mixed, "key") ||
            ERG_PUTS(o, "}"))
            return g->errcode;
        first = false;
    }
    return ERG_PUTS(o, "]}\n") ? g->errcode : ERG_OK;
}

int erg__cytoscape_write(erg_graph *g, erg_out *o) {
    bool undirected, mixed;
    direction(g, &undirected, &mixed);
    if (ERG_PUTS(o, "{\"data\": ") || graph_meta(o, g) ||
        ERG_PUTS(o, ",\n \"elements\": {\"nodes\": ["))
        return g->errcode;
    bool first = true;
    for (uint32_t i = 0; i < g->nent; i++) {
        if (!g->ents[i].alive) continue;
        if ((first ? ERG_PUTS(o, "\n  {\"data\": {") : ERG_PUTS(o, ",\n  {\"data\": {")) ||
            entity_fields(o, g, i) || ERG_PUTS(o, "}}"))
            return g->errcode;
        first = false;
    }
    if (ERG_PUTS(o, "],\n \"edges\": [")) return g->errcode;
    first = true;
    for (uint32_t i = 0; i < g->nrel; i++) {
        if (!g->rels[i].alive) continue;
        /* Cytoscape.js wants "id" on every element */
        if ((first ? ERG_PUTS(o, "\n  {\"data\": {") : ERG_PUTS(o, ",\n  {\"data\": {")) ||
            rel_fields(o, g, i, mixed || undirected, "id") || ERG_PUTS(o, "}}"))
            return g->errcode;
        first = false;
    }
    return ERG_PUTS(o, "]}}\n") ? g->errcode : ERG_OK;
}
