/*
 * interlocks.c -- `erg interlocks`: pairs of organisations that share
 * people (board members, employees, donors), LittleSis style, from
 * erg_interlocks_find (igraph's bipartite projection).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Splits a comma list in place into items (at most max). */
static size_t split(char *s, const char **items, size_t max) {
    size_t n = 0;
    for (char *t = strtok(s, ","); t && n < max; t = strtok(NULL, ","))
        if (*t) items[n++] = t;
    return n;
}

static const char *label(erg_graph *g, erg_entity e) {
    const char *n = erg_entity_name(g, e);
    return n && *n ? n : erg_entity_id(g, e);
}

static void csv_field(erg_out *o, const char *s) {
    if (!s) s = "";
    if (!strpbrk(s, ",\"\r\n")) { erg_out_write(o, s, strlen(s)); return; }
    erg_out_write(o, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"') erg_out_write(o, "\"", 1);
        erg_out_write(o, p, 1);
    }
    erg_out_write(o, "\"", 1);
}

static void print_locks(erg_out *o, erg_graph *g, const erg_interlocks *r, const char *format) {
    bool csv = !strcmp(format, "csv"), json = !strcmp(format, "json");
    if (csv) erg_out_printf(o, "a,b,count,via\n");
    if (json) erg_out_printf(o, "[");
    for (size_t i = 0; i < r->n; i++) {
        const erg_interlock *x = &r->items[i];
        if (csv) {
            csv_field(o, erg_entity_id(g, x->a));
            erg_out_write(o, ",", 1);
            csv_field(o, erg_entity_id(g, x->b));
            erg_out_printf(o, ",%zu,", x->n);
            char buf[4096];
            size_t len = 0;
            buf[0] = '\0';
            for (size_t k = 0; k < x->n && len < sizeof buf; k++)
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", k ? ";" : "", erg_entity_id(g, x->via[k]));
            csv_field(o, buf);
            erg_out_write(o, "\n", 1);
        } else if (json) {
            erg_out_printf(o, "%s\n  {\"a\": ", i ? "," : "");
            const char *a = erg_entity_id(g, x->a), *b = erg_entity_id(g, x->b);
            erg_out_json_string(o, a, strlen(a));
            erg_out_printf(o, ", \"b\": ");
            erg_out_json_string(o, b, strlen(b));
            erg_out_printf(o, ", \"count\": %zu, \"via\": [", x->n);
            for (size_t k = 0; k < x->n; k++) {
                const char *v = erg_entity_id(g, x->via[k]);
                if (k) erg_out_printf(o, ", ");
                erg_out_json_string(o, v, strlen(v));
            }
            erg_out_printf(o, "]}");
        } else {
            erg_out_printf(o, "%s -- %s: %zu shared\n", label(g, x->a), label(g, x->b), x->n);
            for (size_t k = 0; k < x->n; k++) erg_out_printf(o, "  %s\n", label(g, x->via[k]));
        }
    }
    if (json) erg_out_printf(o, "%s]\n", r->n ? "\n" : "");
}

#define MAXT 32
static int interlocks_run(cli *c, int argc, char **argv) {
    const char *format = "table", *v;
    char *via = NULL, *between = NULL, *conn = NULL;
    const char *vt[MAXT], *bt[MAXT], *ct[MAXT];
    erg_interlock_opts o = {0};
    int r, status = EXIT_USAGE;
    erg_graph *g = NULL;
    erg_interlocks res = {NULL, 0};
    for (int i = 1; i < argc; i++) {
        if ((r = cli_opt(argc, argv, &i, "--via", &v)) != 0) {
            if (r < 0) goto done;
            free(via);
            via = strdup(v);
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--between", &v)) != 0) {
            if (r < 0) goto done;
            free(between);
            between = strdup(v);
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--connector", &v)) != 0) {
            if (r < 0) goto done;
            free(conn);
            conn = strdup(v);
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--min-shared", &v)) != 0) {
            if (r < 0) goto done;
            o.min_shared = (size_t)strtoul(v, NULL, 10);
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--format", &format)) != 0) {
            if (r < 0) goto done;
            continue;
        }
        cli_error("interlocks: unknown argument '%s' (see 'erg interlocks --help')", argv[i]);
        goto done;
    }
    if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json")) {
        cli_error("interlocks: unknown format '%s' (table, csv or json)", format);
        goto done;
    }
    if (via) { o.via = vt; o.nvia = split(via, vt, MAXT); }
    if (between) { o.between = bt; o.nbetween = split(between, bt, MAXT); }
    if (conn) { o.connectors = ct; o.nconnectors = split(conn, ct, MAXT); }
    if (!(g = cli_load(c, c->graph_path))) goto done;
    if (erg_interlocks_find(g, &o, &res) != ERG_OK) {
        cli_error("%s", erg_errmsg(g));
        status = erg_errcode(g) == ERG_ENOTFOUND || erg_errcode(g) == ERG_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
        goto done;
    }
    erg_out *out;
    status = EXIT_RUNTIME;
    if (erg_out_open(g, "-", &out) != ERG_OK) { cli_error("%s", erg_errmsg(g)); goto done; }
    print_locks(out, g, &res, format);
    if (erg_out_commit(out) != ERG_OK) { cli_error("%s", erg_errmsg(g)); goto done; }
    if (!c->quiet && !strcmp(format, "table")) cli_error("interlocks: %zu pair%s", res.n, res.n == 1 ? "" : "s");
    status = EXIT_OK;
done:
    if (g) erg_interlocks_free(g, &res);
    erg_graph_free(g);
    free(via);
    free(between);
    free(conn);
    return status;
}

const cli_cmd cli_cmd_interlocks = {
    "interlocks", "organisations that share people (board members, donors...)",
    "usage: erg [-g GRAPH] interlocks [--via TYPE[,TYPE]] [--between TYPE[,TYPE]]\n"
    "                               [--connector TYPE] [--min-shared N] [--format table|csv|json]\n"
    "\n"
    "For each pair of entities of the --between types (default: every type but\n"
    "the connectors'), the connectors (entities of type --connector, default\n"
    "person) joined to both by relationships of the --via types (default: any),\n"
    "in either direction; most shared first.  Computed with igraph's bipartite\n"
    "projection.  csv columns: a,b,count,via (ids joined by ';').\n",
    interlocks_run};
