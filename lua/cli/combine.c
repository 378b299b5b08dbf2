/*
 * combine.c -- erg merge A B -o OUT: two investigations' graphs combined
 * into one (erg_graph_union), every conflict listed as FILE:LINE (the
 * line of the object in B's CSV file, and where A holds it), the result
 * written whole in the format OUT's name says.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where A's and B's objects are, by kind (entities, relationships,
 * sources) and graph.csv for metadata. */
typedef struct side {
    const char *path;
    erg_graph *g;
    cli_lines lines[4];
} side;

typedef struct combine {
    side s[2];
    erg_out *to;       /* the conflict list on standard output; NULL: a table on
                          standard error (the graph is on standard output, -o -) */
    bool csv;
    size_t shown;
    const char *policy_word;
} combine;

static int kind_of(const char *what) {
    return !strcmp(what, "entity") ? 0 : !strcmp(what, "relationship") ? 1 : !strcmp(what, "source") ? 2 : 3;
}

/* "PATH:LINE" of the object, or "PATH" when its line is not known. */
static void where(const side *sd, int k, const char *id, char *buf, size_t n) {
    size_t nth = SIZE_MAX;
    erg_rel r;
    if (k == 1 && id && erg_rel_by_id(sd->g, id, &r) == ERG_OK) nth = r.idx;
    unsigned long line = id ? cli_lines_find(&sd->lines[k], id, nth) : 0;
    if (line) snprintf(buf, n, "%s:%lu", sd->lines[k].path, line);
    else snprintf(buf, n, "%s", sd->lines[k].path);
}

/* A CSV field by erg's one rule (erg_out_csv_field); NULL writes nothing.
 * CSV always goes to m->to (merge refuses --conflicts csv with -o -). */
static void csv_field(erg_out *o, const char *s) {
    if (s) erg_out_csv_field(o, s, strlen(s));
}

/* Text of the conflict list, to m->to or to standard error. */
static void say(combine *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(combine *m, const char *fmt, ...) {
    va_list ap;
    char *s;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (m->to) erg_out_write(m->to, s, (size_t)n);
    else fputs(s, stderr);
    free(s);
}

static void on_conflict(void *ud, const erg_union_conflict *c) {
    combine *m = ud;
    int k = kind_of(c->what);
    const char *key = k == 3 ? c->field : NULL;
    char wb[8500], wa[8500];
    where(&m->s[1], k, key ? key : c->id_b, wb, sizeof wb);
    where(&m->s[0], k, key ? key : c->id_a, wa, sizeof wa);
    m->shown++;
    if (m->csv) {
        /* b_place,what,id,field,b_value,a_place,a_value,result,note */
        csv_field(m->to, wb);
        say(m, ",%s,", c->what);
        csv_field(m->to, c->id_b ? c->id_b : c->field);
        say(m, ",");
        csv_field(m->to, c->field);
        say(m, ",");
        csv_field(m->to, c->b_value);
        say(m, ",");
        if (c->id_a || k == 3) csv_field(m->to, wa);
        say(m, ",");
        csv_field(m->to, c->a_value);
        say(m, ",%s,", !c->a_value ? "left out" : !m->policy_word ? "" : c->took_b ? "b" : "a");
        csv_field(m->to, c->note);
        say(m, "\n");
        return;
    }
    if (k == 3) say(m, "%s: metadata '%s'", wb, c->field);
    else say(m, "%s: %s '%s' %s", wb, c->what, c->id_b, c->field);
    if (!c->a_value) { /* a type clash: b's value is left out */
        say(m, ": '%s': %s\n", c->b_value ? c->b_value : "", c->note ? c->note : "left out");
        return;
    }
    say(m, ": '%s' here, '%s' in %s", c->b_value, c->a_value, wa);
    if (c->id_a && strcmp(c->id_a, c->id_b)) say(m, " (as '%s')", c->id_a);
    if (m->policy_word) say(m, "; %s", c->took_b ? "took B's" : m->policy_word);
    if (c->note) say(m, "; %s", c->note);
    say(m, "\n");
}

static void sides_free(combine *m) {
    for (int i = 0; i < 2; i++) {
        for (int k = 0; k < 4; k++) cli_lines_free(&m->s[i].lines[k]);
        erg_graph_free(m->s[i].g);
    }
}

static int merge_run(cli *c, int argc, char **argv) {
    const char *paths[2] = {NULL, NULL}, *out = NULL, *prefer = "a", *list = "table", *outfmt = NULL;
    bool strict = false;
    size_t npaths = 0;
    int r;
    for (int i = 1; i < argc; i++) {
        if ((r = cli_opt(argc, argv, &i, "-o", &out)) != 0 || (r = cli_opt(argc, argv, &i, "--prefer", &prefer)) != 0 ||
            (r = cli_opt(argc, argv, &i, "--conflicts", &list)) != 0 ||
            (r = cli_opt(argc, argv, &i, "--format", &outfmt)) != 0) {
            if (r < 0) return EXIT_USAGE;
            continue;
        }
        if (!strcmp(argv[i], "--strict")) {
            strict = true;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_error("merge: unknown option '%s' (see 'erg merge --help')", argv[i]);
            return EXIT_USAGE;
        }
        if (npaths == 2) {
            cli_error("merge: too many arguments (usage: erg merge A B -o OUT)");
            return EXIT_USAGE;
        }
        paths[npaths++] = argv[i];
    }
    if (npaths != 2 || !out) {
        cli_error("merge: usage: erg merge A B -o OUT [--format FORMAT] [--prefer a|b] [--strict] [--conflicts "
                  "table|csv]");
        return EXIT_USAGE;
    }
    if (strcmp(prefer, "a") && strcmp(prefer, "b")) {
        cli_error("merge: --prefer takes a or b, not '%s'", prefer);
        return EXIT_USAGE;
    }
    if (strcmp(list, "table") && strcmp(list, "csv")) {
        cli_error("merge: --conflicts takes table or csv, not '%s'", list);
        return EXIT_USAGE;
    }
    if (!outfmt && !strcmp(out, "-")) {
        cli_error("merge: -o - writes to standard output and needs --format (graphml, gexf, dot, json, cytoscape "
                  "or ftm)");
        return EXIT_USAGE;
    }
    if (!outfmt) outfmt = erg_format_for_path(out);
    if (!outfmt) {
        cli_error("merge: cannot tell the format of '%s' from its name (.graphml, .gexf, .dot, .json, .cyjs, or a "
                  "directory for CSV)", out);
        return EXIT_USAGE;
    }
    combine m;
    memset(&m, 0, sizeof m);
    m.csv = !strcmp(list, "csv");
    if (m.csv && !strcmp(out, "-")) {
        cli_error("merge: --conflicts csv and -o - would both write to standard output; write the graph to a file");
        return EXIT_USAGE;
    }
    erg_merge_policy policy = strict ? ERG_MERGE_STRICT : !strcmp(prefer, "b") ? ERG_MERGE_OTHER : ERG_MERGE_KEEP;
    m.policy_word = strict ? NULL : "kept A's"; /* strict: nothing is kept */
    static const char *const files[4] = {"entities.csv", "relationships.csv", "sources.csv", "graph.csv"};
    for (int i = 0; i < 2; i++) {
        m.s[i].path = paths[i];
        if (!(m.s[i].g = cli_load(c, paths[i]))) {
            sides_free(&m);
            return c->load_status;
        }
        for (int k = 0; k < 4; k++) cli_lines_read(&m.s[i].lines[k], paths[i], files[k], k == 3 ? "key" : "id");
    }
    if (strcmp(out, "-") && erg_out_open(m.s[0].g, "-", &m.to)) {
        cli_error("%s", erg_errmsg(m.s[0].g));
        sides_free(&m);
        return EXIT_RUNTIME;
    }
    if (m.csv) say(&m, "place,what,id,field,b_value,a_place,a_value,result,note\n");
    erg_union_stats st;
    erg_graph *g = NULL;
    int rc = erg_graph_union(m.s[0].g, m.s[1].g, policy, on_conflict, &m, &st, &g);
    int status = EXIT_OK;
    /* the list is complete before the graph is written (it may be on stdout too) */
    int listed = m.to ? erg_out_commit(m.to) : ERG_OK;
    m.to = NULL;
    if (listed) {
        cli_error("%s", erg_errmsg(m.s[0].g));
        status = EXIT_RUNTIME;
    } else if (rc) {
        cli_error("merge: %s", erg_errmsg(m.s[0].g));
        status = cli_exit_status(rc, CLI_RUN);
    } else if (erg_export(g, outfmt, out)) {
        cli_error("%s", erg_errmsg(g));
        status = cli_exit_status(erg_errcode(g), CLI_WRITE);
    } else if (!c->quiet) {
        fprintf(stderr,
                "erg: %s: %zu entities (%zu from B, %zu matched), %zu relationships (%zu from B, %zu matched, "
                "%zu folded), %zu sources (%zu from B); %zu conflict%s%s\n",
                out, erg_entity_count(g), st.ents_added, st.ents_matched, erg_rel_count(g), st.rels_added,
                st.rels_matched, st.rels_folded, erg_source_count(g), st.srcs_added, st.conflicts,
                st.conflicts == 1 ? "" : "s",
                !st.conflicts ? "" : policy == ERG_MERGE_OTHER ? " (B's values taken)" : " (A's values kept)");
    }
    erg_graph_free(g);
    sides_free(&m);
    return status;
}

const cli_cmd cli_cmd_merge = {
    "merge", "combine two investigations' graphs, listing their conflicts",
    "usage: erg merge A B -o OUT [--format FORMAT] [--prefer a|b] [--strict]\n"
    "                 [--conflicts table|csv]\n"
    "\n"
    "Writes OUT holding the union of the graphs A and B (CSV directories or\n"
    "files in any format erg reads): A's entities, relationships and sources,\n"
    "then B's that A lacks.  OUT's format is --format (as 'erg export' names\n"
    "them) or the one its name says (as in 'erg convert').\n"
    "\n"
    "Sources and entities are matched by id (an entity also by an id A merged\n"
    "away).  A relationship is matched by id when both graphs gave it that id\n"
    "(not one erg made up for a file without ids) and its ends and type agree;\n"
    "else it is folded into A's relationship with the same ends, type,\n"
    "direction and attributes but 'source', if there is one (the same fact\n"
    "twice); else it is added, as ID~2 when A uses its id for another fact.\n"
    "A matched object gets B's aliases (and B's other name as an alias), list\n"
    "attributes unioned (sources too) and the values A lacks.\n"
    "\n"
    "Each value, type, name or metadata entry the two disagree on is a\n"
    "conflict, listed on standard output as\n"
    "  B_FILE:LINE: entity 'ID' FIELD: 'B's value' here, 'A's value' in\n"
    "  A_FILE:LINE; kept A's\n"
    "(LINE is the object's row when the graph is a CSV directory).  A value\n"
    "whose attribute has another type in A is left out, and listed.  A\n"
    "summary goes to standard error.  Exit 0 when OUT was written whole.\n"
    "  --prefer a|b      whose value stays in a conflict (default a; with b,\n"
    "                    A's other name stays as an alias)\n"
    "  --strict          list the conflicts and, if there is one, write\n"
    "                    nothing (exit 2)\n"
    "  --conflicts csv   the conflicts as CSV with the columns place, what, id,\n"
    "                    field, b_value, a_place, a_value, result (a, b, 'left\n"
    "                    out', or empty with --strict), note\n"
    "  -o - --format F   the graph on standard output, the conflicts (a\n"
    "                    table; not with --conflicts csv) on standard error\n"
    "To find duplicates that have different ids in the two graphs, run\n"
    "'erg dedupe' on OUT.\n",
    merge_run};
