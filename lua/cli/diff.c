/*
 * diff.c -- erg diff: what changed between two graphs, or between two
 * dates of one graph, as a table, CSV or JSON (erg_diff_graphs).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"entity", "relationship", "source"};
static const char *const changes[] = {"", "added", "removed", "changed"};

static void json_str(erg_out *o, const char *s) {
    if (!s) erg_out_printf(o, "null");
    else erg_out_json_string(o, s, strlen(s));
}

static void diff_table(erg_out *o, const erg_diff *d) {
    static const char *const plural[] = {"entities", "relationships", "sources"};
    static const char marks[] = " +-~";
    for (int k = 0; k < 3; k++) {
        size_t n[4] = {0, 0, 0, 0};
        for (size_t i = 0; i < d->n; i++)
            if ((int)d->items[i].kind == k) n[d->items[i].change]++;
        erg_out_printf(o, "%s: %zu added, %zu removed, %zu changed\n", plural[k], n[1], n[2], n[3]);
    }
    for (size_t i = 0; i < d->n; i++) {
        const erg_diff_item *it = &d->items[i];
        erg_out_printf(o, "%c %s %s%s%s\n", marks[it->change], kinds[it->kind], it->id, it->fields ? ": " : "",
                       it->fields ? it->fields : "");
    }
}

static void diff_csv(erg_out *o, const erg_diff *d) {
    erg_out_printf(o, "kind,id,change,fields\n");
    for (size_t i = 0; i < d->n; i++) {
        const erg_diff_item *it = &d->items[i];
        erg_out_printf(o, "%s,", kinds[it->kind]);
        erg_out_csv_field(o, it->id, strlen(it->id));
        erg_out_printf(o, ",%s,", changes[it->change]);
        if (it->fields) erg_out_csv_field(o, it->fields, strlen(it->fields));
        erg_out_printf(o, "\n");
    }
}

static void diff_json(erg_out *o, const char *from, const char *to, const erg_diff *d) {
    erg_out_printf(o, "{\n  \"from\": ");
    json_str(o, from);
    erg_out_printf(o, ",\n  \"to\": ");
    json_str(o, to);
    erg_out_printf(o, ",\n  \"changes\": [");
    for (size_t i = 0; i < d->n; i++) {
        const erg_diff_item *it = &d->items[i];
        erg_out_printf(o, "%s\n    {\"kind\": \"%s\", \"id\": ", i ? "," : "", kinds[it->kind]);
        json_str(o, it->id);
        erg_out_printf(o, ", \"change\": \"%s\", \"fields\": [", changes[it->change]);
        /* fields is "a, b": one JSON string each */
        for (const char *p = it->fields; p && *p;) {
            const char *e = strstr(p, ", ");
            size_t n = e ? (size_t)(e - p) : strlen(p);
            if (p != it->fields) erg_out_printf(o, ", ");
            erg_out_json_string(o, p, n);
            p = e ? e + 2 : p + n;
        }
        erg_out_printf(o, "]}");
    }
    erg_out_printf(o, "%s]\n}\n", d->n ? "\n  " : "");
}

/* A graph at a date (or whole when d is NULL). */
static erg_graph *at_date(erg_graph *g, const erg_date *d) {
    erg_time_opts t = {d, NULL, NULL};
    erg_graph *n;
    if (erg_graph_as_of(g, &t, &n) != ERG_OK) {
        cli_error("%s", erg_errmsg(g));
        return NULL;
    }
    return n;
}

static int diff_run(cli *c, int argc, char **argv) {
    const char *paths[2] = {NULL, NULL}, *format = "table", *v;
    const char *dates[2] = {NULL, NULL};
    erg_date d[2];
    size_t npaths = 0;
    int status = EXIT_USAGE, r;
    erg_graph *a = NULL, *b = NULL, *base = NULL;
    erg_diff diff;
    memset(&diff, 0, sizeof diff);
    for (int i = 1; i < argc; i++) {
        if ((r = cli_opt(argc, argv, &i, "--format", &format)) != 0) {
            if (r < 0) goto done;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--from-date", &v)) != 0 ||
            (r = cli_opt(argc, argv, &i, "--to-date", &v)) != 0) {
            if (r < 0) goto done;
            int k = !strncmp(argv[i - (argv[i] == v ? 1 : 0)], "--to-date", 9);
            dates[k] = v;
            if (erg_date_parse(v, strlen(v), &d[k]) != ERG_OK) {
                cli_error("diff: %s wants a date like 2025, 2025-07 or 2025-07-14, not '%s'",
                          k ? "--to-date" : "--from-date", v);
                goto done;
            }
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_error("diff: unknown option '%s' (see 'erg diff --help')", argv[i]);
            goto done;
        }
        if (npaths == 2) {
            cli_error("diff: too many arguments (usage: erg diff A B)");
            goto done;
        }
        paths[npaths++] = argv[i];
    }
    if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json")) {
        cli_error("diff: unknown format '%s' (table, csv or json)", format);
        goto done;
    }
    bool by_date = dates[0] || dates[1];
    if (by_date ? npaths > 1 || !dates[0] || !dates[1] : npaths != 2) {
        cli_error("diff: needs two graphs (erg diff A B) or two dates of one graph (erg [-g GRAPH] diff "
                  "--from-date D1 --to-date D2 [GRAPH])");
        goto done;
    }
    if (by_date) {
        if (!(base = cli_load(c, npaths ? paths[0] : NULL))) goto done;
        if (!(a = at_date(base, &d[0])) || !(b = at_date(base, &d[1]))) goto done;
    } else if (!(a = cli_load(c, paths[0])) || !(b = cli_load(c, paths[1]))) goto done;
    if (erg_diff_graphs(a, b, &diff) != ERG_OK) {
        cli_error("%s", erg_errmsg(a));
        status = EXIT_RUNTIME;
        goto done;
    }
    erg_out *o;
    if (erg_out_open(a, "-", &o)) {
        cli_error("%s", erg_errmsg(a));
        status = EXIT_RUNTIME;
        goto done;
    }
    if (!strcmp(format, "csv")) diff_csv(o, &diff);
    else if (!strcmp(format, "json")) diff_json(o, by_date ? dates[0] : paths[0], by_date ? dates[1] : paths[1], &diff);
    else diff_table(o, &diff);
    if (erg_out_commit(o)) {
        cli_error("%s", erg_errmsg(a));
        status = EXIT_RUNTIME;
        goto done;
    }
    status = EXIT_OK;
done:
    if (a) erg_diff_free(a, &diff);
    erg_graph_free(a);
    erg_graph_free(b);
    erg_graph_free(base);
    return status;
}

const cli_cmd cli_cmd_diff = {
    "diff", "what changed between two graphs, or two dates of one",
    "usage: erg diff A B [--format table|csv|json]\n"
    "       erg [-g GRAPH] diff --from-date D1 --to-date D2 [--format ...]\n"
    "\n"
    "Lists the entities, relationships and sources added, removed and changed\n"
    "from graph A to graph B, matched by id; a changed one names the fields\n"
    "that differ (type, name, aliases, from, to, directed, attributes).  With\n"
    "--from-date and --to-date, A and B are GRAPH (the built-in graph without\n"
    "-g) as of D1 and as of D2 (see --as-of in 'erg --help').\n"
    "  --format table|csv|json\n"
    "                     table: a count line per kind, then '+ kind id'\n"
    "                     (added), '- kind id' (removed), '~ kind id: fields'\n"
    "                     (changed); csv columns kind,id,change,fields\n",
    diff_run};
