/*
 * find.c -- `erg find TEXT`: name search over names, aliases and ids with
 * Unicode folding (erg_find), ranked by score, as a table, CSV or JSON.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void csv_field(erg_out *o, const char *s) {
    if (!s) s = "";
    if (!strpbrk(s, ",\"\r\n")) {
        erg_out_write(o, s, strlen(s));
        return;
    }
    erg_out_write(o, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"') erg_out_write(o, "\"", 1);
        erg_out_write(o, p, 1);
    }
    erg_out_write(o, "\"", 1);
}

static void json_str(erg_out *o, const char *s) {
    if (!s) erg_out_printf(o, "null");
    else erg_out_json_string(o, s, strlen(s));
}

static void print_hits(erg_out *o, erg_graph *g, const erg_find_result *r, const char *format) {
    if (!strcmp(format, "csv")) {
        erg_out_printf(o, "score,how,id,type,name,matched\n");
        for (size_t i = 0; i < r->n; i++) {
            const erg_find_hit *h = &r->items[i];
            erg_out_printf(o, "%.4f,%s,", h->score, erg_find_how_name(h->how));
            csv_field(o, erg_entity_id(g, h->entity));
            erg_out_write(o, ",", 1);
            csv_field(o, erg_entity_type(g, h->entity));
            erg_out_write(o, ",", 1);
            csv_field(o, erg_entity_name(g, h->entity));
            erg_out_write(o, ",", 1);
            csv_field(o, h->matched);
            erg_out_write(o, "\n", 1);
        }
    } else if (!strcmp(format, "json")) {
        erg_out_printf(o, "[");
        for (size_t i = 0; i < r->n; i++) {
            const erg_find_hit *h = &r->items[i];
            erg_out_printf(o, "%s\n  {\"score\": ", i ? "," : "");
            cli_json_num(o, "%.4f", h->score);
            erg_out_printf(o, ", \"how\": \"%s\", \"id\": ", erg_find_how_name(h->how));
            json_str(o, erg_entity_id(g, h->entity));
            erg_out_printf(o, ", \"type\": ");
            json_str(o, erg_entity_type(g, h->entity));
            erg_out_printf(o, ", \"name\": ");
            json_str(o, erg_entity_name(g, h->entity));
            erg_out_printf(o, ", \"matched\": ");
            json_str(o, h->matched);
            erg_out_printf(o, "}");
        }
        erg_out_printf(o, "%s]\n", r->n ? "\n" : "");
    } else {
        size_t idw = 2;
        for (size_t i = 0; i < r->n; i++) {
            size_t n = strlen(erg_entity_id(g, r->items[i].entity));
            if (n > idw) idw = n;
        }
        erg_out_printf(o, "%6s  %-9s  %-*s  %s\n", "score", "how", (int)idw, "id", "name (matched)");
        for (size_t i = 0; i < r->n; i++) {
            const erg_find_hit *h = &r->items[i];
            const char *name = erg_entity_name(g, h->entity);
            erg_out_printf(o, "%6.4f  %-9s  %-*s  %s", h->score, erg_find_how_name(h->how), (int)idw,
                           erg_entity_id(g, h->entity), name ? name : "");
            if (!name || strcmp(name, h->matched)) erg_out_printf(o, " (%s)", h->matched);
            erg_out_printf(o, "\n");
        }
    }
}

static int find_run(cli *c, int argc, char **argv) {
    const char *text = NULL, *format = "table", *v;
    erg_find_opts o = {0};
    o.limit = 10;
    int r;
    for (int i = 1; i < argc; i++) {
        if ((r = cli_opt(argc, argv, &i, "--type", &o.type)) != 0) {
            if (r < 0) return EXIT_USAGE;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--format", &format)) != 0) {
            if (r < 0) return EXIT_USAGE;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--limit", &v)) != 0) {
            char *end;
            if (r < 0) return EXIT_USAGE;
            errno = 0;
            unsigned long long n = strtoull(v, &end, 10);
            if (*v == '-' || !*v || *end || errno) {
                cli_error("find: --limit wants a non-negative whole number, not '%s'", v);
                return EXIT_USAGE;
            }
            o.limit = (size_t)n;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1]) {
            cli_error("find: unknown option '%s' (see 'erg find --help')", argv[i]);
            return EXIT_USAGE;
        }
        if (text) {
            cli_error("find: one search text only (quote it: erg find 'Dr. Irene')");
            return EXIT_USAGE;
        }
        text = argv[i];
    }
    if (!text) {
        cli_error("find: what should I look for? (erg find TEXT)");
        return EXIT_USAGE;
    }
    if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json")) {
        cli_error("find: unknown format '%s' (table, csv or json)", format);
        return EXIT_USAGE;
    }
    erg_graph *g = cli_load(c, c->graph_path);
    if (!g) return EXIT_USAGE;
    erg_find_result res = {NULL, 0};
    int status = EXIT_OK;
    if (erg_find(g, text, &o, &res) != ERG_OK) {
        cli_error("find: %s", erg_errmsg(g));
        status = erg_errcode(g) == ERG_ENOMEM ? EXIT_RUNTIME : EXIT_USAGE;
    } else {
        erg_out *out;
        if (erg_out_open(g, "-", &out) != ERG_OK) {
            cli_error("%s", erg_errmsg(g));
            status = EXIT_RUNTIME;
        } else {
            print_hits(out, g, &res, format);
            if (erg_out_commit(out) != ERG_OK) {
                cli_error("%s", erg_errmsg(g));
                status = EXIT_RUNTIME;
            }
        }
        if (res.n == 0 && status == EXIT_OK) {
            if (!c->quiet) cli_error("find: nothing matches '%s'", text);
            status = EXIT_RUNTIME;
        }
    }
    erg_find_result_free(g, &res);
    erg_graph_free(g);
    return status;
}

const cli_cmd cli_cmd_find = {
    "find", "search entities by name, alias or id (Unicode-folded, fuzzy)",
    "usage: erg [-g GRAPH] find TEXT [--type T] [--limit N] [--format table|csv|json]\n"
    "\n"
    "Finds the entities whose name, alias or id matches TEXT, compared after\n"
    "Unicode folding (case, accents, ß = ss, ligatures; punctuation ignored),\n"
    "best first.  Scores: exact 1; the name starts with TEXT 0.8-0.9; TEXT is\n"
    "whole words of it 0.7-0.8; inside it 0.6-0.7 (more of the name covered\n"
    "scores higher); a few letters off (fuzzy) 0.6 x similarity, below 0.6.\n"
    "  --type T           only entities of type T\n"
    "  --limit N          at most N hits (default 10; 0 for all)\n"
    "  --format table|csv|json\n"
    "                     csv columns: score,how,id,type,name,matched\n"
    "Exit status 1 when nothing matches.\n",
    find_run};
