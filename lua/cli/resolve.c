/*
 * resolve.c -- entity resolution commands: `erg dedupe` (candidate
 * duplicates, and a review file to accept them in) and `erg merge-apply
 * REVIEW.csv -o OUT` (merges the accepted lines, each recorded so that
 * g:unmerge can undo it).
 */
#include "cli.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* The review file: one candidate a line, accept left empty for a person
 * to fill with "yes". */
static void write_review(erg_out *o, erg_graph *g, const erg_dedupe_result *r) {
    erg_out_printf(o, "accept,score,keep,other,keep_name,other_name,shared\n");
    for (size_t i = 0; i < r->n; i++) {
        const erg_dedupe_pair *p = &r->items[i];
        erg_out_printf(o, ",%.4f,", p->score);
        csv_field(o, erg_entity_id(g, p->keep));
        erg_out_write(o, ",", 1);
        csv_field(o, erg_entity_id(g, p->other));
        erg_out_write(o, ",", 1);
        csv_field(o, p->keep_name);
        erg_out_write(o, ",", 1);
        csv_field(o, p->other_name);
        erg_out_printf(o, ",%zu\n", p->shared);
    }
}

static void print_pairs(erg_out *o, erg_graph *g, const erg_dedupe_result *r, const char *format) {
    if (!strcmp(format, "csv")) { write_review(o, g, r); return; }
    if (!strcmp(format, "json")) {
        erg_out_printf(o, "[");
        for (size_t i = 0; i < r->n; i++) {
            const erg_dedupe_pair *p = &r->items[i];
            const char *k = erg_entity_id(g, p->keep), *x = erg_entity_id(g, p->other);
            erg_out_printf(o, "%s\n  {\"score\": ", i ? "," : "");
            cli_json_num(o, "%.4f", p->score);
            erg_out_printf(o, ", \"name_score\": ");
            cli_json_num(o, "%.4f", p->name_score);
            erg_out_printf(o, ", \"shared\": %zu, \"keep\": ", p->shared);
            erg_out_json_string(o, k, strlen(k));
            erg_out_printf(o, ", \"other\": ");
            erg_out_json_string(o, x, strlen(x));
            erg_out_printf(o, "}");
        }
        erg_out_printf(o, "%s]\n", r->n ? "\n" : "");
        return;
    }
    erg_out_printf(o, "%6s  %6s  %s\n", "score", "shared", "keep <- other");
    for (size_t i = 0; i < r->n; i++) {
        const erg_dedupe_pair *p = &r->items[i];
        erg_out_printf(o, "%6.4f  %6zu  %s (%s) <- %s (%s)\n", p->score, p->shared, erg_entity_id(g, p->keep),
                       p->keep_name, erg_entity_id(g, p->other), p->other_name);
    }
}

static int write_to(erg_graph *g, const char *path, void (*fn)(erg_out *, erg_graph *, const erg_dedupe_result *, const char *),
                    const erg_dedupe_result *r, const char *format) {
    erg_out *o;
    if (erg_out_open(g, path, &o) != ERG_OK) { cli_error("%s", erg_errmsg(g)); return EXIT_RUNTIME; }
    fn(o, g, r, format);
    if (erg_out_commit(o) != ERG_OK) { cli_error("%s", erg_errmsg(g)); return EXIT_RUNTIME; }
    return EXIT_OK;
}

static int dedupe_run(cli *c, int argc, char **argv) {
    const char *format = "table", *review = NULL, *v;
    erg_dedupe_opts o = {0};
    int r;
    for (int i = 1; i < argc; i++) {
        if ((r = cli_opt(argc, argv, &i, "--format", &format)) != 0) { if (r < 0) return EXIT_USAGE; continue; }
        if ((r = cli_opt(argc, argv, &i, "-o", &review)) != 0) { if (r < 0) return EXIT_USAGE; continue; }
        if ((r = cli_opt(argc, argv, &i, "--min-score", &v)) != 0) {
            char *end;
            if (r < 0) return EXIT_USAGE;
            o.min_score = strtod(v, &end);
            if (*end || end == v || !(o.min_score >= 0 && o.min_score <= 1)) {
                cli_error("dedupe: --min-score wants a number from 0 to 1, not '%s'", v);
                return EXIT_USAGE;
            }
            continue;
        }
        if (!strcmp(argv[i], "--any-type")) { o.any_type = true; continue; }
        cli_error("dedupe: unknown argument '%s' (see 'erg dedupe --help')", argv[i]);
        return EXIT_USAGE;
    }
    if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json")) {
        cli_error("dedupe: unknown format '%s' (table, csv or json)", format);
        return EXIT_USAGE;
    }
    erg_graph *g = cli_load(c, c->graph_path);
    if (!g) return EXIT_USAGE;
    erg_dedupe_result res = {NULL, 0};
    int status = EXIT_RUNTIME;
    if (erg_dedupe(g, &o, &res) != ERG_OK) cli_error("dedupe: %s", erg_errmsg(g));
    else status = write_to(g, "-", print_pairs, &res, format);
    if (status == EXIT_OK && review) status = write_to(g, review, print_pairs, &res, "csv");
    if (status == EXIT_OK && review && !c->quiet)
        cli_error("dedupe: %zu candidate%s written to %s; put yes in the accept column of those to merge, then "
                  "erg merge-apply %s -o OUT", res.n, res.n == 1 ? "" : "s", review, review);
    erg_dedupe_result_free(g, &res);
    erg_graph_free(g);
    return status;
}

/* ---- merge-apply -------------------------------------------------------------- */
typedef struct review {
    erg_graph *g;
    const char *path;
    erg_merge_policy policy;
    unsigned long line, row_line;  /* physical line fed; first line of this row */
    char *field[8];
    size_t nfield;
    int col_accept, col_keep, col_other;
    bool header;
    int status;
    size_t merged, conflicts;
} review;

static void on_field(void *s, size_t n, void *ud) {
    review *r = ud;
    if (r->nfield < 8) r->field[r->nfield] = strndup(s, n);
    r->nfield++;
}

static bool yes(const char *s) {
    return s && (!strcasecmp(s, "yes") || !strcasecmp(s, "y") || !strcasecmp(s, "x") || !strcmp(s, "1") ||
                 !strcasecmp(s, "true"));
}

static void apply_row(review *r) {
    const char *acc = r->col_accept >= 0 && (size_t)r->col_accept < r->nfield ? r->field[r->col_accept] : NULL;
    if (!yes(acc)) {
        if (acc && *acc && strcasecmp(acc, "no") && strcasecmp(acc, "n")) {
            cli_error("%s:%lu: accept is '%s': write yes or no", r->path, r->row_line, acc);
            r->status = EXIT_USAGE;
        }
        return;
    }
    const char *k = (size_t)r->col_keep < r->nfield ? r->field[r->col_keep] : NULL;
    const char *o = (size_t)r->col_other < r->nfield ? r->field[r->col_other] : NULL;
    erg_entity a, b;
    if (!k || erg_entity_by_id(r->g, k, &a) != ERG_OK || !o || erg_entity_by_id(r->g, o, &b) != ERG_OK) {
        cli_error("%s:%lu: no entity '%s' (merged already, or not in this graph?)", r->path, r->row_line,
                  !k || erg_entity_by_id(r->g, k, &a) != ERG_OK ? (k ? k : "") : o ? o : "");
        r->status = EXIT_USAGE;
        return;
    }
    erg_merge_report rep;
    if (erg_merge(r->g, a, b, r->policy, &rep) != ERG_OK) {
        cli_error("%s:%lu: %s", r->path, r->row_line, erg_errmsg(r->g));
        r->status = EXIT_USAGE;
        return;
    }
    for (size_t i = 0; i < rep.nconflicts; i++)
        cli_error("%s:%lu: %s: %s '%s' kept, '%s' of '%s' not", r->path, r->row_line, k, rep.conflicts[i].attr,
                  rep.conflicts[i].keep_value, rep.conflicts[i].other_value, o);
    r->conflicts += rep.nconflicts;
    r->merged++;
    erg_merge_report_free(r->g, &rep);
}

static void on_row(int ch, void *ud) {
    (void)ch;
    review *r = ud;
    if (!r->header) {
        r->header = true;
        r->col_accept = r->col_keep = r->col_other = -1;
        for (size_t i = 0; i < r->nfield && i < 8; i++) {
            if (!strcmp(r->field[i], "accept")) r->col_accept = (int)i;
            if (!strcmp(r->field[i], "keep")) r->col_keep = (int)i;
            if (!strcmp(r->field[i], "other")) r->col_other = (int)i;
        }
        if (r->col_accept < 0 || r->col_keep < 0 || r->col_other < 0) {
            cli_error("%s:1: a review file needs the columns accept, keep and other (from erg dedupe -o)", r->path);
            r->status = EXIT_USAGE;
        }
    } else if (r->status == EXIT_OK) {
        apply_row(r);
    }
    for (size_t i = 0; i < r->nfield && i < 8; i++) free(r->field[i]);
    r->nfield = 0;
    r->row_line = 0;
}

static int read_review(review *r) {
    FILE *f = fopen(r->path, "rb");
    if (!f) { cli_error("%s: cannot open: %s", r->path, strerror(errno)); return EXIT_USAGE; }
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0 && r->status == EXIT_OK) {
        r->line++;
        if (!r->row_line) r->row_line = r->line;
        csv_parse(&p, line, (size_t)n, on_field, on_row, r);
    }
    csv_fini(&p, on_field, on_row, r);
    csv_free(&p);
    free(line);
    fclose(f);
    return r->status;
}

static int merge_apply_run(cli *c, int argc, char **argv) {
    const char *file = NULL, *out = NULL, *policy = "keep";
    int rc;
    for (int i = 1; i < argc; i++) {
        if ((rc = cli_opt(argc, argv, &i, "-o", &out)) != 0) { if (rc < 0) return EXIT_USAGE; continue; }
        if ((rc = cli_opt(argc, argv, &i, "--policy", &policy)) != 0) { if (rc < 0) return EXIT_USAGE; continue; }
        if (argv[i][0] == '-' || file) {
            cli_error("merge-apply: unknown argument '%s' (see 'erg merge-apply --help')", argv[i]);
            return EXIT_USAGE;
        }
        file = argv[i];
    }
    review r;
    memset(&r, 0, sizeof r);
    if (!strcmp(policy, "keep")) r.policy = ERG_MERGE_KEEP;
    else if (!strcmp(policy, "other")) r.policy = ERG_MERGE_OTHER;
    else if (!strcmp(policy, "strict")) r.policy = ERG_MERGE_STRICT;
    else { cli_error("merge-apply: unknown policy '%s' (keep, other or strict)", policy); return EXIT_USAGE; }
    if (!file || !out) { cli_error("merge-apply: usage: erg merge-apply REVIEW.csv -o OUT"); return EXIT_USAGE; }
    if (!(r.g = cli_load(c, c->graph_path))) return EXIT_USAGE;
    r.path = file;
    int status = read_review(&r);
    const char *fmt = erg_format_for_path(out);
    if (status == EXIT_OK && erg_export(r.g, fmt ? fmt : "csv", out) != ERG_OK) {
        cli_error("%s", erg_errmsg(r.g));
        status = EXIT_RUNTIME;
    }
    if (status == EXIT_OK && !c->quiet)
        cli_error("merge-apply: %zu merge%s, %zu conflict%s (the kept entity's values stay); written to %s",
                  r.merged, r.merged == 1 ? "" : "s", r.conflicts, r.conflicts == 1 ? "" : "s", out);
    erg_graph_free(r.g);
    return status;
}

const cli_cmd cli_cmd_dedupe = {
    "dedupe", "propose duplicate entities, with a review file to accept them in",
    "usage: erg [-g GRAPH] dedupe [--min-score S] [--any-type] [--format table|csv|json] [-o REVIEW.csv]\n"
    "\n"
    "Pairs of entities of one type (any types with --any-type) whose names or\n"
    "aliases are alike once Unicode-folded, with company suffixes (Inc., Corp.,\n"
    "LLC, Ltd, GmbH, AG, S.A., PLC...) and a leading 'the' ignored:\n"
    "score = 0.8 x name similarity + 0.2 x shared neighbours / all neighbours,\n"
    "from --min-score (default 0.6), best first.  -o writes the pairs as a\n"
    "review CSV (accept,score,keep,other,keep_name,other_name,shared) for\n"
    "erg merge-apply.\n",
    dedupe_run};

const cli_cmd cli_cmd_merge_apply = {
    "merge-apply", "merge the accepted pairs of a review file",
    "usage: erg [-g GRAPH] merge-apply REVIEW.csv -o OUT [--policy keep|other|strict]\n"
    "\n"
    "Merges other into keep for every line of REVIEW.csv whose accept column\n"
    "says yes (y, x, 1, true), and writes the graph to OUT (a CSV directory, or\n"
    "a file in the format its extension names).  Conflicting values are listed\n"
    "as REVIEW.csv:LINE; --policy keep (default) keeps the kept entity's,\n"
    "other takes the merged one's, strict refuses the merge.  Each merge is\n"
    "recorded in the graph metadata (erg:merge:mN) and g:unmerge undoes it.\n",
    merge_apply_run};
