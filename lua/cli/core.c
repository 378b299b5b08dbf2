/*
 * core.c -- the core commands: info (counts by type), check (validate
 * a graph, print every problem) and export.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* ---- counting by type ----------------------------------------------------- */
typedef struct tcount { const char *type; size_t n; } tcount;

static int cmp_tcount(const void *a, const void *b) {
    const tcount *x = a, *y = b;
    if (x->n != y->n) return x->n < y->n ? 1 : -1;
    return strcmp(x->type, y->type);
}

/* Counts strings (type names) given in any order; returns a sorted array
 * (most first, then by name) or NULL when out of memory. */
static tcount *count_types(const char **types, size_t n, size_t *nout) {
    tcount *out = calloc(n ? n : 1, sizeof *out);
    size_t k = 0;
    if (!out) return NULL;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < k && strcmp(out[j].type, types[i]) != 0) j++;
        if (j == k) out[k++].type = types[i];
        out[j].n++;
    }
    qsort(out, k, sizeof *out, cmp_tcount);
    *nout = k;
    return out;
}

/* Counts of entity types (rels false) or relationship types (rels true). */
static tcount *type_counts(erg_graph *g, bool rels, size_t *n) {
    size_t total = rels ? erg_rel_count(g) : erg_entity_count(g), i = 0;
    const char **t = malloc((total ? total : 1) * sizeof *t);
    if (!t) return NULL;
    erg_iter it = rels ? erg_rels(g, NULL) : erg_entities(g, NULL);
    erg_entity e;
    erg_rel r;
    if (rels)
        while (erg_rel_next(g, &it, &r)) t[i++] = erg_rel_type(g, r);
    else
        while (erg_entity_next(g, &it, &e)) t[i++] = erg_entity_type(g, e);
    tcount *c = count_types(t, i, n);
    free(t);
    return c;
}

static int json_counts(erg_out *o, const char *key, tcount *c, size_t n) {
    erg_out_printf(o, "  \"%s\": {", key);
    for (size_t i = 0; i < n; i++) {
        erg_out_printf(o, "%s\n    ", i ? "," : "");
        erg_out_json_string(o, c[i].type, strlen(c[i].type));
        erg_out_printf(o, ": %zu", c[i].n);
    }
    return erg_out_printf(o, "%s}", n ? "\n  " : "");
}

/* One CSV field, by erg's one rule. */
static void csv_out(erg_out *o, const char *s) {
    erg_out_csv_field(o, s, strlen(s));
}

static int info_run(cli *c, int argc, char **argv) {
    const char *format = "table";
    for (int i = 1; i < argc; i++) {
        int r = cli_opt(argc, argv, &i, "--format", &format);
        if (r < 0) return EXIT_USAGE;
        if (r) continue;
        cli_error("info: unknown argument '%s' (see 'erg info --help')", argv[i]);
        return EXIT_USAGE;
    }
    if (strcmp(format, "table") && strcmp(format, "json") && strcmp(format, "csv")) {
        cli_error("info: unknown format '%s' (table, csv or json)", format);
        return EXIT_USAGE;
    }
    erg_graph *g = cli_load(c, NULL);
    if (!g) return c->load_status;
    size_t ne = 0, nr = 0;
    tcount *et = type_counts(g, false, &ne), *rt = type_counts(g, true, &nr);
    int status = EXIT_OK;
    if (!et || !rt) {
        cli_error("out of memory");
        status = EXIT_RUNTIME;
        goto done;
    }
    erg_out *o;
    if (erg_out_open(g, "-", &o)) {
        cli_error("%s", erg_errmsg(g));
        status = cli_exit_status(erg_errcode(g), CLI_WRITE);
        goto done;
    }
    if (!strcmp(format, "csv")) {
        erg_out_printf(o, "kind,type,count\nentities,,%zu\nrelationships,,%zu\nsources,,%zu\n", erg_entity_count(g),
                       erg_rel_count(g), erg_source_count(g));
        for (size_t i = 0; i < ne; i++) {
            erg_out_printf(o, "entity_type,");
            csv_out(o, et[i].type);
            erg_out_printf(o, ",%zu\n", et[i].n);
        }
        for (size_t i = 0; i < nr; i++) {
            erg_out_printf(o, "relationship_type,");
            csv_out(o, rt[i].type);
            erg_out_printf(o, ",%zu\n", rt[i].n);
        }
    } else if (!strcmp(format, "json")) {
        erg_out_printf(o, "{\n  \"entities\": %zu,\n  \"relationships\": %zu,\n  \"sources\": %zu,\n",
                       erg_entity_count(g), erg_rel_count(g), erg_source_count(g));
        const char *title = erg_graph_meta(g, "title");
        if (title) {
            erg_out_printf(o, "  \"title\": ");
            erg_out_json_string(o, title, strlen(title));
            erg_out_printf(o, ",\n");
        }
        json_counts(o, "entity_types", et, ne);
        erg_out_printf(o, ",\n");
        json_counts(o, "relationship_types", rt, nr);
        erg_out_printf(o, "\n}\n");
    } else {
        size_t w = 13;
        for (size_t i = 0; i < ne; i++) if (strlen(et[i].type) > w) w = strlen(et[i].type);
        for (size_t i = 0; i < nr; i++) if (strlen(rt[i].type) > w) w = strlen(rt[i].type);
        erg_out_printf(o, "%-*s %8zu\n%-*s %8zu\n%-*s %8zu\n", (int)w + 2, "entities", erg_entity_count(g),
                       (int)w + 2, "relationships", erg_rel_count(g), (int)w + 2, "sources",
                       erg_source_count(g));
        erg_out_printf(o, "\nentities by type\n");
        for (size_t i = 0; i < ne; i++) erg_out_printf(o, "  %-*s %8zu\n", (int)w, et[i].type, et[i].n);
        erg_out_printf(o, "\nrelationships by type\n");
        for (size_t i = 0; i < nr; i++) erg_out_printf(o, "  %-*s %8zu\n", (int)w, rt[i].type, rt[i].n);
    }
    if (erg_out_commit(o)) {
        cli_error("%s", erg_errmsg(g));
        status = cli_exit_status(erg_errcode(g), CLI_WRITE);
    }
done:
    free(et);
    free(rt);
    erg_graph_free(g);
    return status;
}

const cli_cmd cli_cmd_info = {
    "info", "count entities and relationships, by type",
    "usage: erg [-g GRAPH] info [--format table|csv|json]\n"
    "\n"
    "Prints how many entities, relationships and sources the graph holds, and\n"
    "the counts by entity type and relationship type (most first).\n"
    "  --format table   aligned text (default)\n"
    "  --format csv     rows kind,type,count (entities, relationships, sources,\n"
    "                   then entity_type and relationship_type rows)\n"
    "  --format json    an object with \"entities\", \"relationships\", \"sources\",\n"
    "                   \"entity_types\" and \"relationship_types\"\n"
    CLI_GRAPH_HELP,
    info_run};

/* ---- export and convert --------------------------------------------------------- */
#define FORMATS "csv, graphml, gexf, dot, json, cytoscape, neo4j, graphframes, ftm"

static bool known_format(const char *f) {
    static const char *const all[] = {"csv", "graphml", "gexf", "dot", "json", "cytoscape", "neo4j",
                                      "graphframes", "ftm", NULL};
    for (int i = 0; all[i]; i++)
        if (!strcmp(all[i], f)) return true;
    return false;
}
static int export_run(cli *c, int argc, char **argv) {
    const char *format = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        int r = cli_opt(argc, argv, &i, "--format", &format);
        if (r == 0) r = cli_opt(argc, argv, &i, "-o", &out);
        if (r < 0) return EXIT_USAGE;
        if (r) continue;
        cli_error("export: unknown argument '%s' (see 'erg export --help')", argv[i]);
        return EXIT_USAGE;
    }
    if (!format || !out) {
        cli_error("export: needs --format FORMAT and -o OUT");
        return EXIT_USAGE;
    }
    if (!known_format(format)) {
        cli_error("export: unknown format '%s' (%s)", format, FORMATS);
        return EXIT_USAGE;
    }
    erg_graph *g = cli_load(c, NULL);
    if (!g) return c->load_status;
    int status = EXIT_OK;
    if (erg_export(g, format, out)) {
        cli_error("%s", erg_errmsg(g));
        status = cli_exit_status(erg_errcode(g), CLI_WRITE);
    } else if (!c->quiet && strcmp(out, "-") != 0) {
        fprintf(stderr, "erg: wrote %s (%zu entities, %zu relationships)\n", out, erg_entity_count(g),
                erg_rel_count(g));
    }
    erg_graph_free(g);
    return status;
}

const cli_cmd cli_cmd_export = {
    "export", "write the graph in another format",
    "usage: erg [-g GRAPH] export --format FORMAT -o OUT\n"
    "\n"
    "  --format csv          a CSV graph directory (entities.csv,\n"
    "                        relationships.csv, sources.csv), swapped in whole\n"
    "  --format graphml      GraphML (networkx, igraph, Gephi, yEd, Cytoscape)\n"
    "  --format gexf         GEXF 1.2draft (Gephi, networkx)\n"
    "  --format dot          Graphviz DOT\n"
    "  --format json         networkx node-link JSON\n"
    "  --format cytoscape    Cytoscape.js elements JSON\n"
    "  --format neo4j        a directory of neo4j-admin import CSV files\n"
    "  --format graphframes  a directory with vertices.csv and edges.csv (Spark)\n"
    "  --format ftm          a FollowTheMoney entity stream (OpenSanctions, Aleph)\n"
    "  -o OUT                where to write; '-' is standard output for a\n"
    "                        single-file format.  Files are written whole or\n"
    "                        not at all (temporary file, fsync, rename).\n"
    CLI_GRAPH_HELP,
    export_run};

static int convert_run(cli *c, int argc, char **argv) {
    if (argc != 3) {
        cli_error("convert: usage: erg convert IN OUT");
        return EXIT_USAGE;
    }
    const char *format = erg_format_for_path(argv[2]);
    if (!format) {
        cli_error("convert: cannot tell the format of '%s' from its name (.graphml, .gexf, .dot, .json, "
                  ".cyjs, or a directory for CSV)", argv[2]);
        return EXIT_USAGE;
    }
    erg_graph *g = cli_load(c, argv[1]);
    if (!g) return c->load_status;
    int status = EXIT_OK;
    if (erg_export(g, format, argv[2])) {
        cli_error("%s", erg_errmsg(g));
        status = cli_exit_status(erg_errcode(g), CLI_WRITE);
    }
    erg_graph_free(g);
    return status;
}

const cli_cmd cli_cmd_convert = {
    "convert", "convert a graph file from one format to another",
    "usage: erg convert IN OUT\n"
    "\n"
    "Reads IN (a CSV graph directory or a graph file in any format erg reads;\n"
    "--input-format before the command names it) and writes OUT in the\n"
    "format its name says: .graphml, .gexf, .dot, .json (networkx node-link),\n"
    ".cyjs (Cytoscape.js), .ftm.json, .jsonl or .ijson (FollowTheMoney), or a\n"
    "directory (or a name without extension) for CSV.\n",
    convert_run};
