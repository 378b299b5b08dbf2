/*
 * analysis.c -- the network analysis commands: rank (centralities),
 * path (shortest or all simple paths, hop by hop with their sources) and
 * communities.  The numbers come from erg's analysis API (erg.h).
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- options shared by the three commands ------------------------------ */
typedef struct view_args {
    erg_analysis_opts o;
    char *etypes_buf, *rtypes_buf;  /* comma lists, split in place */
    const char **etypes, **rtypes;
    erg_date since, until;
    const char *format;
} view_args;

static void view_args_free(view_args *a) {
    free(a->etypes_buf);
    free(a->rtypes_buf);
    free(a->etypes);
    free(a->rtypes);
}

/* Splits "a,b,c" into a fresh array of pointers into a copy of s. */
static int split_list(const char *s, char **buf, const char ***items, size_t *n) {
    free(*buf);
    free(*items);
    *buf = strdup(s);
    size_t k = 1;
    for (const char *p = s; *p; p++) k += *p == ',';
    *items = calloc(k, sizeof **items);
    if (!*buf || !*items) {
        cli_error("out of memory");
        return -1;
    }
    *n = 0;
    for (char *tok = strtok(*buf, ","); tok; tok = strtok(NULL, ","))
        if (*tok) (*items)[(*n)++] = tok;
    if (*n == 0) {
        cli_error("empty type list '%s'", s);
        return -1;
    }
    return 0;
}

static int parse_mode(const char *cmd, const char *s, erg_dir *out) {
    if (!strcmp(s, "out")) *out = ERG_OUT;
    else if (!strcmp(s, "in")) *out = ERG_IN;
    else if (!strcmp(s, "all") || !strcmp(s, "both")) *out = ERG_BOTH;
    else {
        cli_error("%s: unknown mode '%s' (out, in or all)", cmd, s);
        return -1;
    }
    return 0;
}

static int parse_date(const char *cmd, const char *opt, const char *s, erg_date *d) {
    if (erg_date_parse(s, strlen(s), d) != ERG_OK) {
        cli_error("%s: %s wants a date like 2025, 2025-07 or 2025-07-14, not '%s'", cmd, opt, s);
        return -1;
    }
    return 0;
}

/* Matches an option every analysis command takes.  Returns 1 when argv[*i]
 * was one (consumed), 0 when not, -1 after printing an error. */
static int view_opt(const char *cmd, int argc, char **argv, int *i, view_args *a) {
    const char *v;
    int r;
    if ((r = cli_opt(argc, argv, i, "--weight", &v)) != 0) {
        if (r > 0) a->o.weight = v;
        return r;
    }
    if ((r = cli_opt(argc, argv, i, "--mode", &v)) != 0)
        return r < 0 ? r : parse_mode(cmd, v, &a->o.mode) ? -1 : 1;
    if ((r = cli_opt(argc, argv, i, "--type", &v)) != 0) {
        if (r < 0 || split_list(v, &a->etypes_buf, &a->etypes, &a->o.n_entity_types)) return -1;
        a->o.entity_types = a->etypes;
        return 1;
    }
    if ((r = cli_opt(argc, argv, i, "--rel-type", &v)) != 0) {
        if (r < 0 || split_list(v, &a->rtypes_buf, &a->rtypes, &a->o.n_rel_types)) return -1;
        a->o.rel_types = a->rtypes;
        return 1;
    }
    if ((r = cli_opt(argc, argv, i, "--date", &v)) != 0) {
        if (r > 0) a->o.date_attr = v;
        return r;
    }
    if ((r = cli_opt(argc, argv, i, "--since", &v)) != 0) {
        if (r < 0 || parse_date(cmd, "--since", v, &a->since)) return -1;
        a->o.since = &a->since;
        return 1;
    }
    if ((r = cli_opt(argc, argv, i, "--until", &v)) != 0) {
        if (r < 0 || parse_date(cmd, "--until", v, &a->until)) return -1;
        a->o.until = &a->until;
        return 1;
    }
    if (!strcmp(argv[*i], "--undated")) {
        a->o.keep_undated = true;
        return 1;
    }
    if ((r = cli_opt(argc, argv, i, "--format", &v)) != 0) {
        if (r > 0) a->format = v;
        return r;
    }
    return 0;
}

/* rank's help has its own --type line: VIEW_USAGE_NOTYPE */
#define VIEW_USAGE VIEW_USAGE_WM "  --type T[,T...]    only entities of these types\n" VIEW_USAGE_REST
#define VIEW_USAGE_NOTYPE VIEW_USAGE_WM VIEW_USAGE_REST
#define VIEW_USAGE_WM                                                                  \
    "  --weight ATTR      a numeric relationship attribute as weight (see below)\n"   \
    "  --mode out|in|all  follow relationships along, against or regardless of\n"   \
    "                     their direction\n"
#define VIEW_USAGE_REST                                                                \
    "  --rel-type T[,..]  only relationships of these types\n"                       \
    "  --date ATTR        a date relationship attribute for a window:\n"             \
    "  --since DATE       ...relationships dated from DATE (2025, 2025-07...)\n"    \
    "  --until DATE       ...up to DATE (inclusive)\n"                               \
    "  --undated          ...and keep relationships that have no date\n"

static bool parse_count(const char *cmd, const char *opt, const char *s, unsigned long long *out) {
    char *end;
    errno = 0;
    if (*s == '-' || *s == '\0') goto bad;
    *out = strtoull(s, &end, 10);
    if (errno || *end) goto bad;
    return true;
bad:
    cli_error("%s: %s wants a non-negative whole number, not '%s'", cmd, opt, s);
    return false;
}

/* Prints g's message; returns the exit status of the failure. */
static int failed(erg_graph *g, cli_stage stage) {
    cli_error("%s", erg_errmsg(g));
    return cli_exit_status(erg_errcode(g), stage);
}

static void print_warning(void *ud, const erg_diag *d) {
    const cli *c = ud;
    if (!c->quiet) fprintf(stderr, "erg: warning: %s\n", d->text);
}

static const char *label(erg_graph *g, erg_entity e) {
    const char *name = erg_entity_name(g, e);
    return name && *name ? name : erg_entity_id(g, e);
}

/* Finds an entity by id, name or alias; prints and returns -1 if none. */
static int find_entity(const char *cmd, erg_graph *g, const char *what, erg_entity *e) {
    int rc = erg_entity_find(g, what, e);
    if (rc == ERG_OK) return 0;
    if (rc == ERG_ENOTFOUND) cli_error("%s: no entity '%s' (by id, name or alias)", cmd, what);
    else cli_error("%s: %s", cmd, erg_errmsg(g));
    return -1;
}

/* Writes a CSV field by erg's one rule (erg_out_csv_field); NULL or ""
 * (no name, no source) is a missing value: nothing. */
static void csv_field(erg_out *o, const char *s) {
    if (s && *s) erg_out_csv_field(o, s, strlen(s));
}

static void json_str(erg_out *o, const char *s) {
    if (!s) erg_out_printf(o, "null");
    else erg_out_json_string(o, s, strlen(s));
}

static bool check_format(const char *cmd, const char *format, bool csv_ok) {
    if (!strcmp(format, "table") || !strcmp(format, "json") || (csv_ok && !strcmp(format, "csv")))
        return true;
    cli_error("%s: unknown format '%s' (table%s or json)", cmd, format, csv_ok ? ", csv" : "");
    return false;
}

/* ---- rank --------------------------------------------------------------- */
static bool integral(erg_measure m) {
    return m == ERG_DEGREE || m == ERG_CORENESS;
}

/* How a ranking was computed, stated in every output so that a directed
 * and an undirected measure are never read alike. */
typedef struct rank_info {
    erg_measure m;
    const char *mode;      /* "out", "in", "all" */
    const char *direction; /* the mode in words */
    size_t computed;       /* entities the measure was computed on */
    const char *shown;     /* the --type list as given, or NULL */
    bool all_zero;         /* every shown score is 0: nothing to rank */
} rank_info;

static void rank_heading(erg_out *o, const rank_info *ri, size_t nshown) {
    erg_out_printf(o, "%s, mode %s (%s), computed on %zu entit%s", erg_measure_name(ri->m), ri->mode,
                   ri->direction, ri->computed, ri->computed == 1 ? "y" : "ies");
    if (ri->shown) erg_out_printf(o, "; showing type %s (%zu)", ri->shown, nshown);
    erg_out_printf(o, "\n");
}

/* "all 62 entities have betweenness 0 in mode out: nothing to rank" */
static void zero_note(char *buf, size_t n, const rank_info *ri, size_t nshown) {
    if (nshown == 1)
        snprintf(buf, n, "the only %sentity has %s 0 in mode %s: nothing to rank", ri->shown ? "shown " : "",
                 erg_measure_name(ri->m), ri->mode);
    else
        snprintf(buf, n, "all %zu %sentities have %s 0 in mode %s: nothing to rank", nshown,
                 ri->shown ? "shown " : "", erg_measure_name(ri->m), ri->mode);
}

static void rank_table(erg_out *o, erg_graph *g, const rank_info *ri, const erg_scores *s, size_t top) {
    rank_heading(o, ri, s->n);
    if (ri->all_zero) {
        char note[200];
        zero_note(note, sizeof note, ri, s->n);
        erg_out_printf(o, "%s\n", note);
        return;
    }
    size_t idw = 2;
    for (size_t i = 0; i < top; i++) {
        size_t n = strlen(erg_entity_id(g, s->items[i].entity));
        if (n > idw) idw = n;
    }
    const char *mname = erg_measure_name(ri->m);
    int sw = (int)strlen(mname) > 10 ? (int)strlen(mname) : 10;
    erg_out_printf(o, "%4s  %*s  %-*s  %s\n", "rank", sw, mname, (int)idw, "id", "name");
    for (size_t i = 0; i < top; i++) {
        erg_entity e = s->items[i].entity;
        double x = s->items[i].score;
        char num[64];
        if (isnan(x)) snprintf(num, sizeof num, "-");
        else if (integral(ri->m)) snprintf(num, sizeof num, "%.0f", x);
        else snprintf(num, sizeof num, "%.4f", x);
        const char *name = erg_entity_name(g, e);
        erg_out_printf(o, "%4zu  %*s  %-*s  %s\n", i + 1, sw, num, (int)idw, erg_entity_id(g, e),
                       name ? name : "");
    }
}

/* One row an entity; rank is empty when all scores are 0 (no ranking). */
static void rank_csv(erg_out *o, erg_graph *g, const rank_info *ri, const erg_scores *s, size_t top) {
    erg_out_printf(o, "rank,id,name,type,score,measure,mode\n");
    for (size_t i = 0; i < top; i++) {
        erg_entity e = s->items[i].entity;
        if (!ri->all_zero) erg_out_printf(o, "%zu", i + 1);
        erg_out_write(o, ",", 1);
        csv_field(o, erg_entity_id(g, e));
        erg_out_write(o, ",", 1);
        csv_field(o, erg_entity_name(g, e));
        erg_out_write(o, ",", 1);
        csv_field(o, erg_entity_type(g, e));
        if (isnan(s->items[i].score)) erg_out_printf(o, ",nan");
        else erg_out_printf(o, ",%.17g", s->items[i].score);
        erg_out_printf(o, ",%s,%s\n", erg_measure_name(ri->m), ri->mode);
    }
}

static void rank_json(erg_out *o, erg_graph *g, const rank_info *ri, const erg_scores *s, size_t top) {
    erg_out_printf(o, "{\n  \"measure\": \"%s\",\n  \"mode\": \"%s\",\n  \"direction\": \"%s\",\n",
                   erg_measure_name(ri->m), ri->mode, ri->direction);
    erg_out_printf(o, "  \"computed_on\": %zu,\n  \"shown_types\": ", ri->computed);
    json_str(o, ri->shown);
    erg_out_printf(o, ",\n  \"entities\": %zu,\n  \"note\": ", s->n);
    char note[200];
    zero_note(note, sizeof note, ri, s->n);
    json_str(o, ri->all_zero ? note : NULL);
    erg_out_printf(o, ",\n  \"ranking\": [");
    for (size_t i = 0; i < top; i++) {
        erg_entity e = s->items[i].entity;
        erg_out_printf(o, "%s\n    {\"rank\": ", i ? "," : "");
        if (ri->all_zero) erg_out_printf(o, "null");
        else erg_out_printf(o, "%zu", i + 1);
        erg_out_printf(o, ", \"id\": ");
        json_str(o, erg_entity_id(g, e));
        erg_out_printf(o, ", \"name\": ");
        json_str(o, erg_entity_name(g, e));
        erg_out_printf(o, ", \"type\": ");
        json_str(o, erg_entity_type(g, e));
        erg_out_printf(o, ", \"score\": ");
        cli_json_num(o, "%.17g", s->items[i].score);
        erg_out_write(o, "}", 1);
    }
    erg_out_printf(o, "%s]\n}\n", top ? "\n  " : "");
}

static bool in_list(const char *const *items, size_t n, const char *s) {
    for (size_t i = 0; i < n; i++)
        if (s && !strcmp(items[i], s)) return true;
    return false;
}

/* Whether the view holds a directed relationship (else direction does
 * not apply to any measure). */
static bool view_directed(erg_graph *g, const erg_analysis_opts *o) {
    erg_iter it = erg_rels(g, NULL);
    erg_rel r;
    while (erg_rel_next(g, &it, &r)) {
        if (!erg_rel_directed(g, r)) continue;
        if (o->n_rel_types && !in_list(o->rel_types, o->n_rel_types, erg_rel_type(g, r))) continue;
        if (o->n_entity_types && (!in_list(o->entity_types, o->n_entity_types,
                                           erg_entity_type(g, erg_rel_from(g, r))) ||
                                  !in_list(o->entity_types, o->n_entity_types,
                                           erg_entity_type(g, erg_rel_to(g, r)))))
            continue;
        return true;
    }
    return false;
}

static void rank_describe(erg_graph *g, erg_measure m, const erg_analysis_opts *o, rank_info *ri) {
    erg_dir d = erg_measure_mode(m, o);
    ri->m = m;
    ri->mode = d == ERG_OUT ? "out" : d == ERG_IN ? "in" : "all";
    if (!view_directed(g, o)) ri->direction = "undirected graph: direction does not apply";
    else if (m == ERG_HUB || m == ERG_AUTHORITY) ri->direction = "following relationship direction, as the measure requires";
    else ri->direction = d == ERG_OUT ? "following relationship direction"
                       : d == ERG_IN ? "against relationship direction" : "direction ignored";
}

/* Keeps the scores of entities whose type is listed (--type), in order;
 * the measure was computed on the whole view. */
static void keep_types(erg_graph *g, erg_scores *s, const char *const *types, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        if (in_list(types, n, erg_entity_type(g, s->items[i].entity))) s->items[k++] = s->items[i];
    s->n = k; /* the caller puts the full count back before freeing */
}

static int rank_run(cli *c, int argc, char **argv) {
    view_args a;
    memset(&a, 0, sizeof a);
    a.format = "table";
    const char *by = NULL, *v;
    const char **personal = NULL;
    size_t npersonal = 0;
    unsigned long long top = 10, sample = 0, seed = 0;
    bool seeded = false;
    int status = EXIT_USAGE, r;
    erg_graph *g = NULL;
    erg_entity *pents = NULL;
    erg_scores sc = {NULL, 0};
    size_t computed = 0;
    char *show_buf = NULL;
    const char **show = NULL, *show_arg = NULL;
    size_t nshow = 0;
    personal = calloc((size_t)argc, sizeof *personal);
    if (!personal) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    for (int i = 1; i < argc; i++) {
        /* --type filters the list, --restrict-types the graph (the view) */
        if ((r = cli_opt(argc, argv, &i, "--type", &v)) != 0) {
            if (r < 0 || split_list(v, &show_buf, &show, &nshow)) goto done;
            show_arg = v;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--restrict-types", &v)) != 0) {
            if (r < 0 || split_list(v, &a.etypes_buf, &a.etypes, &a.o.n_entity_types)) goto done;
            a.o.entity_types = a.etypes;
            continue;
        }
        if ((r = view_opt("rank", argc, argv, &i, &a)) != 0) {
            if (r < 0) goto done;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--by", &by)) != 0) {
            if (r < 0) goto done;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--top", &v)) != 0) {
            if (r < 0 || !parse_count("rank", "--top", v, &top)) goto done;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--damping", &v)) != 0) {
            char *end;
            if (r < 0) goto done;
            a.o.damping = strtod(v, &end);
            if (*end || end == v || !(a.o.damping > 0 && a.o.damping < 1)) {
                cli_error("rank: --damping wants a number between 0 and 1, not '%s'", v);
                goto done;
            }
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--personal", &v)) != 0) {
            if (r < 0) goto done;
            personal[npersonal++] = v;
            continue;
        }
        if (!strcmp(argv[i], "--normalized")) {
            a.o.normalized = true;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--sample", &v)) != 0) {
            if (r < 0 || !parse_count("rank", "--sample", v, &sample)) goto done;
            if (sample == 0 || sample > SIZE_MAX) {
                cli_error("rank: --sample wants a positive number of sources, not '%s'", v);
                goto done;
            }
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--seed", &v)) != 0) {
            if (r < 0 || !parse_count("rank", "--seed", v, &seed)) goto done;
            seeded = true;
            continue;
        }
        cli_error("rank: unknown argument '%s' (see 'erg rank --help')", argv[i]);
        goto done;
    }
    if (!by) {
        cli_error("rank: needs --by MEASURE (see 'erg rank --help')");
        goto done;
    }
    erg_measure m = erg_measure_from_name(by);
    if (!m) {
        cli_error("rank: unknown measure '%s' (degree, strength, betweenness, closeness, harmonic, "
                  "pagerank, eigenvector, hub, authority, coreness)", by);
        goto done;
    }
    if (npersonal && m != ERG_PAGERANK) {
        cli_error("rank: --personal goes with --by pagerank");
        goto done;
    }
    if (sample && m != ERG_BETWEENNESS) {
        cli_error("rank: --sample goes with --by betweenness");
        goto done;
    }
    if (seeded && !sample) {
        cli_error("rank: --seed goes with --sample");
        goto done;
    }
    a.o.sample = (size_t)sample;
    a.o.seed = seed;
    if (!check_format("rank", a.format, true)) goto done;
    if (!(g = cli_load(c, NULL))) {
        status = c->load_status;
        goto done;
    }
    pents = calloc(npersonal ? npersonal : 1, sizeof *pents);
    if (!pents) {
        cli_error("out of memory");
        status = EXIT_RUNTIME;
        goto done;
    }
    for (size_t k = 0; k < npersonal; k++)
        if (find_entity("rank", g, personal[k], &pents[k])) goto done;
    a.o.personal = pents;
    a.o.n_personal = npersonal;
    a.o.warn = print_warning;
    a.o.warn_ud = c;
    /* Ctrl-C stops the computation cleanly, then ends erg as the signal */
    a.o.interrupt = &cli_interrupted;
    cli_catch_interrupt(NULL);
    int crc = erg_centrality(g, m, &a.o, &sc);
    cli_release_interrupt();
    if (crc == ERG_EINTERRUPTED) {
        if (c->progress.drawn) fputc('\n', stderr); /* end the bar's line */
        cli_error("%s", erg_errmsg(g));
        erg_graph_free(g);
        g = NULL;
        cli_die_of_interrupt(); /* does not return */
        status = EXIT_RUNTIME;
        goto done;
    }
    if (crc) {
        status = failed(g, CLI_RUN);
        goto done;
    }
    erg_scores_sort(&sc);
    computed = sc.n;
    for (size_t k = 0; k < nshow; k++) {
        erg_iter it = erg_entities(g, show[k]);
        erg_entity e;
        if (!erg_entity_next(g, &it, &e)) {
            cli_error("rank: no entity has type '%s'", show[k]);
            goto done;
        }
    }
    if (nshow) keep_types(g, &sc, show, nshow);
    rank_info ri = {0};
    rank_describe(g, m, &a.o, &ri);
    ri.computed = computed;
    ri.shown = show_arg;
    ri.all_zero = true;
    for (size_t k = 0; k < sc.n; k++) ri.all_zero = ri.all_zero && sc.items[k].score == 0;
    size_t shown = top == 0 || top > sc.n ? sc.n : (size_t)top;
    if (ri.all_zero && !c->quiet && strcmp(a.format, "table")) {
        char note[200];
        zero_note(note, sizeof note, &ri, sc.n);
        fprintf(stderr, "erg: note: %s\n", note);
    }
    erg_out *o;
    if (erg_out_open(g, "-", &o)) {
        status = failed(g, CLI_WRITE);
        goto done;
    }
    if (!strcmp(a.format, "csv")) rank_csv(o, g, &ri, &sc, shown);
    else if (!strcmp(a.format, "json")) rank_json(o, g, &ri, &sc, shown);
    else rank_table(o, g, &ri, &sc, shown);
    status = erg_out_commit(o) ? failed(g, CLI_WRITE) : EXIT_OK;
done:
    if (computed) sc.n = computed;
    if (g) erg_scores_free(g, &sc);
    free(show_buf);
    free(show);
    erg_graph_free(g);
    free(pents);
    free(personal);
    view_args_free(&a);
    return status;
}

const cli_cmd cli_cmd_rank = {
    "rank", "rank entities by a centrality measure",
    "usage: erg [-g GRAPH] rank --by MEASURE [options]\n"
    "\n"
    "Scores every entity by MEASURE and prints them high to low.\n"
    "  --by MEASURE       degree, strength, betweenness, closeness, harmonic,\n"
    "                     pagerank, eigenvector, hub, authority or coreness\n"
    "  --top N            the N highest (default 10; 0 for all)\n"
    "  --format table|csv|json\n"
    "                     csv columns: rank,id,name,type,score,measure,mode\n"
    "  --type T[,T...]    list only entities of these types; the measure is still\n"
    "                     computed on the whole graph\n"
    "  --restrict-types T[,T...]\n"
    "                     compute on the entities of these types alone (and the\n"
    "                     relationships among them)\n"
    "  --normalized       betweenness divided by the number of entity pairs\n"
    "  --damping D        PageRank's damping factor (default 0.85)\n"
    "  --personal ENTITY  personalized PageRank: the walk restarts at ENTITY\n"
    "                     (by id, name or alias; repeat for several)\n"
    "  --sample K         betweenness estimated from K source entities drawn\n"
    "                     at random (networkx's k), scaled by n/K: about K/n\n"
    "                     of the exact run's time; K >= n is exact\n"
    "  --seed N           the draw of --sample: same seed, same scores\n" VIEW_USAGE_NOTYPE
    "\n"
    "Defaults follow igraph: degree, strength and coreness count all\n"
    "relationships; betweenness, closeness, harmonic, PageRank and eigenvector\n"
    "follow direction (--mode all ignores it).  Undirected relationships count\n"
    "both ways.  A weight is a distance for betweenness, closeness and harmonic\n"
    "(a heavier relationship is a longer one) and a strength for the others.\n"
    "Closeness and harmonic are normalised as igraph does (closeness only\n"
    "counts the entities reached, so on a sparse directed graph prefer\n"
    "--mode all or harmonic); eigenvector, hub and authority are scaled to a\n"
    "maximum of 1; PageRank sums to 1.  An entity that reaches nobody has no\n"
    "closeness: '-' in tables, nan in CSV, null in JSON.  On a terminal a long\n"
    "computation shows a progress bar; Ctrl-C stops it (exit status 130).\n"
    "\n"
    "Every output states the measure, the mode it was computed in and what\n"
    "that means for direction (the table's first line; csv's measure and mode\n"
    "columns; json's mode, direction and computed_on).  When every listed\n"
    "score is 0 there is nothing to rank: the table says so instead of\n"
    "ranking, csv leaves rank empty and json gives rank null and a note.\n"
    CLI_GRAPH_HELP,
    rank_run};

/* ---- path ------------------------------------------------------------------ */
/* The sources a relationship cites, joined by sep, into buf; their
 * number into *n when not NULL. */
static const char *rel_sources(erg_graph *g, erg_rel r, const char *sep, char *buf, size_t n, size_t *count) {
    erg_value v;
    size_t len = 0, k = 0;
    buf[0] = '\0';
    if (count) *count = 0;
    if (erg_attr_get(g, erg_obj_rel(r), "source", &v) != ERG_OK) return buf;
    k = v.type == ERG_LIST ? v.u.list.n : v.type == ERG_STRING;
    if (count) *count = k;
    for (size_t i = 0; i < k; i++) {
        const erg_value *it = v.type == ERG_LIST ? &v.u.list.items[i] : &v;
        if (it->type != ERG_STRING) continue;
        int w = snprintf(buf + len, n - len, "%s%.*s", len ? sep : "", (int)it->u.s.len, it->u.s.ptr);
        if (w < 0 || (size_t)w >= n - len) break;
        len += (size_t)w;
    }
    return buf;
}

/* A string attribute of r, or NULL. */
static const char *rel_str(erg_graph *g, erg_rel r, const char *name, char *buf, size_t n) {
    erg_value v;
    if (erg_attr_get(g, erg_obj_rel(r), name, &v) != ERG_OK || v.type != ERG_STRING) return NULL;
    snprintf(buf, n, "%.*s", (int)v.u.s.len, v.u.s.ptr);
    return buf;
}

/* Any attribute of r in erg's text form ("" when absent). */
static const char *rel_attr_text(erg_graph *g, erg_rel r, const char *name, char *buf, size_t n) {
    erg_value v;
    buf[0] = '\0';
    if (erg_attr_get(g, erg_obj_rel(r), name, &v) != ERG_OK) return buf;
    switch (v.type) {
    case ERG_STRING: snprintf(buf, n, "%.*s", (int)v.u.s.len, v.u.s.ptr); break;
    case ERG_INT: snprintf(buf, n, "%lld", (long long)v.u.i); break;
    case ERG_FLOAT: snprintf(buf, n, "%.15g", v.u.f); break;
    case ERG_BOOL: snprintf(buf, n, "%s", v.u.b ? "true" : "false"); break;
    case ERG_DATE: erg_date_format(v.u.d, buf); break;
    case ERG_LIST:
        for (size_t i = 0, len = 0; i < v.u.list.n && len < n; i++) {
            const erg_value *it = &v.u.list.items[i];
            char one[64] = "";
            if (it->type == ERG_STRING) snprintf(one, sizeof one, "%.*s", (int)it->u.s.len, it->u.s.ptr);
            else if (it->type == ERG_INT) snprintf(one, sizeof one, "%lld", (long long)it->u.i);
            else if (it->type == ERG_FLOAT) snprintf(one, sizeof one, "%.15g", it->u.f);
            else if (it->type == ERG_DATE) erg_date_format(it->u.d, one);
            int w = snprintf(buf + len, n - len, "%s%s", i ? ";" : "", one);
            if (w < 0) break;
            len += (size_t)w;
        }
        break;
    default: break;
    }
    return buf;
}

/* How strongly a relationship is supported, for --by evidence: its
 * certainty's rank, then its number of sources. */
typedef struct support {
    int rank;           /* 4 reported, 3 stated_by:X, 2 alleged, 1 headline or background, 0 other */
    size_t sources;
    char certainty[64]; /* "" when none */
} support;

static int certainty_rank(const char *c) {
    if (!c) return 0;
    if (!strcmp(c, "reported")) return 4;
    if (!strncmp(c, "stated_by:", 10)) return 3;
    if (!strcmp(c, "alleged")) return 2;
    if (!strcmp(c, "headline") || !strcmp(c, "background")) return 1;
    return 0;
}

static support rel_support(erg_graph *g, erg_rel r) {
    support s;
    char src[1024];
    memset(&s, 0, sizeof s);
    if (!rel_str(g, r, "certainty", s.certainty, sizeof s.certainty)) s.certainty[0] = '\0';
    s.rank = certainty_rank(s.certainty[0] ? s.certainty : NULL);
    rel_sources(g, r, ", ", src, sizeof src, &s.sources);
    return s;
}

static int support_cmp(const support *a, const support *b) {
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    return a->sources < b->sources ? -1 : a->sources > b->sources;
}

/* What a path command prints, shared by its formats. */
typedef struct path_ctx {
    erg_graph *g;
    const erg_analysis_opts *o;
    bool group;                 /* hops list their parallel relationships */
    const char **show;          /* --show attributes */
    size_t nshow;
} path_ctx;

/* The relationships a hop stands for (just its own without grouping). */
static int hop_rels(const path_ctx *x, const erg_hop *h, erg_rel **rels, size_t *n) {
    if (x->group) return erg_hop_rels(x->g, h->from, h->to, x->o, rels, n) ? -1 : 0;
    *rels = erg_graph_realloc(x->g, NULL, 0, sizeof **rels);
    if (!*rels) return erg_set_error(x->g, ERG_ENOMEM, "out of memory"), -1;
    (*rels)[0] = h->rel;
    *n = 1;
    return 0;
}

static void rels_free(const path_ctx *x, erg_rel *rels, size_t n) {
    if (x->group) erg_hop_rels_free(x->g, rels, n);
    else if (rels) erg_graph_realloc(x->g, rels, sizeof *rels, 0);
}

/* The strongest support among a hop's relationships. */
static support hop_support(const path_ctx *x, const erg_rel *rels, size_t n) {
    support best = rel_support(x->g, rels[0]);
    for (size_t i = 1; i < n; i++) {
        support s = rel_support(x->g, rels[i]);
        if (support_cmp(&s, &best) > 0) best = s;
    }
    return best;
}

/* A path's weakest hop (index into its hops in *at). */
static int path_weakest(const path_ctx *x, const erg_path *p, support *out, size_t *at) {
    memset(out, 0, sizeof *out);
    *at = 0;
    for (size_t k = 0; k < p->n; k++) {
        erg_rel *rels;
        size_t n;
        if (hop_rels(x, &p->hops[k], &rels, &n)) return -1;
        support s = hop_support(x, rels, n);
        rels_free(x, rels, n);
        if (k == 0 || support_cmp(&s, out) < 0) {
            *out = s;
            *at = k;
        }
    }
    return 0;
}

static void support_words(const support *s, char *buf, size_t n) {
    const char *flag = !strcmp(s->certainty, "headline") ? " (headline only)"
                     : !strcmp(s->certainty, "background") ? " (background only)" : "";
    snprintf(buf, n, "%s, %zu source%s%s%s", s->certainty[0] ? s->certainty : "no certainty", s->sources,
             s->sources == 1 ? "" : "s", flag, s->sources ? "" : " (no source)");
}

/* The summary of a hop of several relationships: count, totals of the
 * numeric amount attributes (amount, amount_*), the range of their dates
 * (date, start, end). */
static void hop_summary(erg_graph *g, const erg_rel *rels, size_t n, char *buf, size_t cap) {
    size_t len = (size_t)snprintf(buf, cap, "%zu relationships", n);
    for (size_t i = 0; i < erg_schema_count(g, ERG_KIND_REL) && len < cap; i++) {
        const char *name = erg_schema_name(g, ERG_KIND_REL, i);
        erg_type elem, t = erg_schema_type(g, ERG_KIND_REL, i, &elem);
        if ((t != ERG_INT && t != ERG_FLOAT) || (strcmp(name, "amount") && strncmp(name, "amount_", 7))) continue;
        double sum = 0;
        size_t have = 0;
        for (size_t k = 0; k < n; k++) {
            erg_value v;
            if (erg_attr_get(g, erg_obj_rel(rels[k]), name, &v) || v.type == ERG_NULL) continue;
            sum += v.type == ERG_INT ? (double)v.u.i : v.u.f;
            have++;
        }
        if (have) len += (size_t)snprintf(buf + len, cap - len, ", %s total %.15g", name, sum);
    }
    static const char *const dates[] = {"date", "start", "end"};
    erg_date lo = {0, 0, 0}, hi = {0, 0, 0};
    bool any = false;
    for (size_t k = 0; k < n; k++)
        for (size_t d = 0; d < 3; d++) {
            erg_value v;
            if (erg_attr_get(g, erg_obj_rel(rels[k]), dates[d], &v) || v.type != ERG_DATE) continue;
            char a[16], b[16];
            erg_date_format(v.u.d, a);
            if (!any || strcmp(a, (erg_date_format(lo, b), b)) < 0) lo = v.u.d;
            if (!any || strcmp(a, (erg_date_format(hi, b), b)) > 0) hi = v.u.d;
            any = true;
        }
    if (any && len < cap) {
        char a[16], b[16];
        erg_date_format(lo, a);
        erg_date_format(hi, b);
        if (strcmp(a, b)) snprintf(buf + len, cap - len, ", %s to %s", a, b);
        else snprintf(buf + len, cap - len, ", %s", a);
    }
}

static const char *const hop_dirs[] = {"", "forward", "backward", "undirected"};

/* The direction relationship r is walked in from entity a. */
static erg_hop_dir walk_dir(erg_graph *g, erg_rel r, erg_entity a) {
    if (!erg_rel_directed(g, r)) return ERG_HOP_UNDIRECTED;
    return erg_rel_from(g, r).idx == a.idx ? ERG_HOP_FORWARD : ERG_HOP_BACKWARD;
}

static void print_rel(erg_out *o, const path_ctx *x, erg_rel r, erg_entity a, erg_entity b, const char *indent) {
    erg_graph *g = x->g;
    erg_hop_dir d = walk_dir(g, r, a);
    char src[1024], buf[1024];
    erg_out_printf(o, "%s%s %s%s%s %s\n", indent, label(g, a), d == ERG_HOP_BACKWARD ? "<--" : "--",
                   erg_rel_type(g, r), d == ERG_HOP_FORWARD ? "-->" : "--", label(g, b));
    rel_sources(g, r, ", ", src, sizeof src, NULL);
    erg_out_printf(o, "%s    %s%s%s\n", indent, erg_rel_id(g, r), *src ? "; source: " : "; no source", src);
    if (rel_str(g, r, "certainty", buf, sizeof buf)) erg_out_printf(o, "%s    certainty: %s\n", indent, buf);
    erg_value ev;
    if (erg_attr_get(g, erg_obj_rel(r), "evidence", &ev) == ERG_OK && ev.type == ERG_STRING)
        erg_out_printf(o, "%s    evidence: %.*s\n", indent, (int)ev.u.s.len, ev.u.s.ptr);
    for (size_t i = 0; i < x->nshow; i++)
        if (*rel_attr_text(g, r, x->show[i], buf, sizeof buf))
            erg_out_printf(o, "%s    %s: %s\n", indent, x->show[i], buf);
}

static int print_path(erg_out *o, const path_ctx *x, const erg_path *p, bool weighted) {
    for (size_t k = 0; k < p->n; k++) {
        const erg_hop *h = &p->hops[k];
        erg_rel *rels;
        size_t n;
        if (hop_rels(x, h, &rels, &n)) return -1;
        if (n == 1) print_rel(o, x, rels[0], h->from, h->to, "  ");
        else {
            char sum[512];
            hop_summary(x->g, rels, n, sum, sizeof sum);
            erg_out_printf(o, "  %s -- %s: %s\n", label(x->g, h->from), label(x->g, h->to), sum);
            for (size_t i = 0; i < n; i++) print_rel(o, x, rels[i], h->from, h->to, "    ");
        }
        rels_free(x, rels, n);
    }
    if (weighted) erg_out_printf(o, "  length %.6g\n", p->length);
    return 0;
}

static void json_rel(erg_out *o, const path_ctx *x, erg_rel r, erg_entity a) {
    erg_graph *g = x->g;
    char src[1024], buf[1024];
    erg_out_printf(o, "\"relationship\": ");
    json_str(o, erg_rel_id(g, r));
    erg_out_printf(o, ", \"type\": ");
    json_str(o, erg_rel_type(g, r));
    erg_out_printf(o, ", \"direction\": \"%s\", \"source\": ", hop_dirs[walk_dir(g, r, a)]);
    json_str(o, rel_sources(g, r, ", ", src, sizeof src, NULL));
    erg_out_printf(o, ", \"certainty\": ");
    json_str(o, rel_str(g, r, "certainty", buf, sizeof buf));
    erg_out_printf(o, ", \"evidence\": ");
    json_str(o, rel_str(g, r, "evidence", buf, sizeof buf));
    for (size_t i = 0; i < x->nshow; i++) {
        erg_value v;
        erg_out_printf(o, ", ");
        json_str(o, x->show[i]);
        erg_out_printf(o, ": ");
        if (erg_attr_get(g, erg_obj_rel(r), x->show[i], &v) != ERG_OK) v.type = ERG_NULL;
        erg_out_json_value(o, &v);
    }
}

static int json_path(erg_out *o, const path_ctx *x, const erg_path *p) {
    erg_graph *g = x->g;
    support weak;
    size_t at;
    char words[256];
    if (path_weakest(x, p, &weak, &at)) return -1;
    support_words(&weak, words, sizeof words);
    erg_out_printf(o, "{\"length\": ");
    cli_json_num(o, "%.17g", p->length);
    erg_out_printf(o, ", \"weakest_hop\": %zu, \"weakest\": ", p->n ? at + 1 : 0);
    json_str(o, p->n ? words : NULL);
    erg_out_printf(o, ", \"hops\": [");
    for (size_t k = 0; k < p->n; k++) {
        const erg_hop *h = &p->hops[k];
        erg_rel *rels;
        size_t n;
        if (hop_rels(x, h, &rels, &n)) return -1;
        erg_out_printf(o, "%s\n      {\"from\": ", k ? "," : "");
        json_str(o, erg_entity_id(g, h->from));
        erg_out_printf(o, ", \"to\": ");
        json_str(o, erg_entity_id(g, h->to));
        erg_out_printf(o, ", ");
        json_rel(o, x, rels[0], h->from);
        char sum[512];
        hop_summary(g, rels, n, sum, sizeof sum);
        erg_out_printf(o, ", \"count\": %zu, \"summary\": ", n);
        json_str(o, sum);
        erg_out_printf(o, ", \"relationships\": [");
        for (size_t i = 0; i < n; i++) {
            erg_out_printf(o, "%s{", i ? ", " : "");
            json_rel(o, x, rels[i], h->from);
            erg_out_printf(o, "}");
        }
        erg_out_printf(o, "]}");
        rels_free(x, rels, n);
    }
    erg_out_printf(o, "%s]}", p->n ? "\n    " : "");
    return 0;
}

/* One CSV row a relationship of each hop. */
static int csv_path(erg_out *o, const path_ctx *x, const erg_path *p, size_t index) {
    erg_graph *g = x->g;
    for (size_t k = 0; k < p->n; k++) {
        const erg_hop *h = &p->hops[k];
        erg_rel *rels;
        size_t n;
        if (hop_rels(x, h, &rels, &n)) return -1;
        for (size_t i = 0; i < n; i++) {
            char src[1024], buf[1024];
            erg_out_printf(o, "%zu,%zu,", index, k + 1);
            csv_field(o, erg_entity_id(g, h->from));
            erg_out_printf(o, ",");
            csv_field(o, erg_rel_id(g, rels[i]));
            erg_out_printf(o, ",");
            csv_field(o, erg_rel_type(g, rels[i]));
            erg_out_printf(o, ",");
            csv_field(o, erg_entity_id(g, h->to));
            erg_out_printf(o, ",%s,", hop_dirs[walk_dir(g, rels[i], h->from)]);
            csv_field(o, rel_sources(g, rels[i], ";", src, sizeof src, NULL));
            erg_out_printf(o, ",");
            csv_field(o, rel_str(g, rels[i], "certainty", buf, sizeof buf));
            erg_out_printf(o, ",");
            csv_field(o, rel_str(g, rels[i], "evidence", buf, sizeof buf));
            for (size_t s = 0; s < x->nshow; s++) {
                erg_out_printf(o, ",");
                csv_field(o, rel_attr_text(g, rels[i], x->show[s], buf, sizeof buf));
            }
            erg_out_printf(o, "\n");
        }
        rels_free(x, rels, n);
    }
    return 0;
}

/* --by evidence: paths by the support of their weakest hop, strongest
 * first; then fewer hops; then the order found (a stable sort). */
typedef struct ranked { support weak; size_t at, index; const erg_path *p; } ranked;

static int cmp_ranked(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    int c = support_cmp(&y->weak, &x->weak);
    if (c) return c;
    if (x->p->n != y->p->n) return x->p->n < y->p->n ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int path_run(cli *c, int argc, char **argv) {
    view_args a;
    memset(&a, 0, sizeof a);
    a.format = "table";
    const char *ends[2] = {NULL, NULL}, *v, *by = NULL;
    size_t nends = 0, nshow = 0;
    bool all = false, each = false;
    unsigned long long max_hops = 4, max_paths = 100, k = 0;
    int status = EXIT_USAGE, r;
    erg_graph *g = NULL;
    erg_paths ps = {NULL, 0, false};
    erg_path one = {NULL, 0, 0};
    char *show_buf = NULL;
    const char **show = NULL;
    ranked *order = NULL;
    for (int i = 1; i < argc; i++) {
        if ((r = view_opt("path", argc, argv, &i, &a)) != 0) {
            if (r < 0) goto done;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--max-hops", &v)) != 0) {
            if (r < 0 || !parse_count("path", "--max-hops", v, &max_hops)) goto done;
            if (max_hops < 1 || max_hops > 63) {
                cli_error("path: --max-hops must be between 1 and 63");
                goto done;
            }
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--max-paths", &v)) != 0) {
            if (r < 0 || !parse_count("path", "--max-paths", v, &max_paths)) goto done;
            if (max_paths == 0) max_paths = 100;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--k", &v)) != 0) {
            if (r < 0 || !parse_count("path", "--k", v, &k)) goto done;
            if (k < 1 || k > 1000000) {
                cli_error("path: --k must be between 1 and 1000000");
                goto done;
            }
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--show", &v)) != 0) {
            if (r < 0 || split_list(v, &show_buf, &show, &nshow)) goto done;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--by", &by)) != 0) {
            if (r < 0) goto done;
            if (strcmp(by, "evidence") && strcmp(by, "length")) {
                cli_error("path: unknown ranking '%s' (length or evidence)", by);
                goto done;
            }
            continue;
        }
        if (!strcmp(argv[i], "--all")) {
            all = true;
            continue;
        }
        if (!strcmp(argv[i], "--each")) {
            each = true;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_error("path: unknown option '%s' (see 'erg path --help')", argv[i]);
            goto done;
        }
        if (nends == 2) {
            cli_error("path: too many arguments (usage: erg path FROM TO)");
            goto done;
        }
        ends[nends++] = argv[i];
    }
    if (nends != 2) {
        cli_error("path: needs FROM and TO (see 'erg path --help')");
        goto done;
    }
    if (all && k) {
        cli_error("path: --all and --k do not go together");
        goto done;
    }
    bool by_evidence = by && !strcmp(by, "evidence");
    if (by_evidence && !k) all = true; /* ranking needs paths to rank */
    if (!check_format("path", a.format, true)) goto done;
    if (!(g = cli_load(c, NULL))) {
        status = c->load_status;
        goto done;
    }
    for (size_t s = 0; s < nshow; s++) {
        bool known = false;
        for (size_t i = 0; i < erg_schema_count(g, ERG_KIND_REL); i++)
            known = known || !strcmp(erg_schema_name(g, ERG_KIND_REL, i), show[s]);
        if (!known) {
            cli_error("path: --show: no relationship attribute '%s'", show[s]);
            goto done;
        }
    }
    erg_entity from, to;
    if (find_entity("path", g, ends[0], &from) || find_entity("path", g, ends[1], &to)) goto done;
    a.o.warn = print_warning;
    a.o.warn_ud = c;
    a.o.group_parallel = !each;
    path_ctx x = {g, &a.o, !each, show, nshow};
    bool json = !strcmp(a.format, "json"), many = all || k;
    if (all) r = erg_simple_paths(g, from, to, (unsigned)max_hops, (size_t)max_paths, &a.o, &ps);
    else if (k) r = erg_k_shortest_paths(g, from, to, (size_t)k, &a.o, &ps);
    else r = erg_shortest_path(g, from, to, &a.o, &one);
    if (r == ERG_ENOTFOUND && !many) {
        cli_error("%s", erg_errmsg(g));
        status = EXIT_RUNTIME;
        goto done;
    }
    if (r) {
        status = failed(g, CLI_RUN);
        goto done;
    }
    if (many && ps.n == 0 && !json) {
        if (k) cli_error("no path from '%s' to '%s'", erg_entity_id(g, from), erg_entity_id(g, to));
        else cli_error("no path of at most %llu hops from '%s' to '%s'", max_hops, erg_entity_id(g, from),
                       erg_entity_id(g, to));
        status = EXIT_RUNTIME;
        goto done;
    }
    size_t np = many ? ps.n : 1;
    order = calloc(np ? np : 1, sizeof *order);
    if (!order) {
        cli_error("out of memory");
        status = EXIT_RUNTIME;
        goto done;
    }
    for (size_t i = 0; i < np; i++) {
        order[i].p = many ? &ps.paths[i] : &one;
        order[i].index = i;
        if (path_weakest(&x, order[i].p, &order[i].weak, &order[i].at)) {
            status = failed(g, CLI_RUN);
            goto done;
        }
    }
    if (by_evidence) qsort(order, np, sizeof *order, cmp_ranked);
    erg_out *o;
    if (erg_out_open(g, "-", &o)) {
        status = failed(g, CLI_WRITE);
        goto done;
    }
    bool weighted = a.o.weight != NULL;
    int bad = 0;
    if (!strcmp(a.format, "csv")) {
        erg_out_printf(o, "path,hop,from,relationship,type,to,direction,source,certainty,evidence");
        for (size_t s = 0; s < nshow; s++) {
            erg_out_printf(o, ",");
            csv_field(o, show[s]);
        }
        erg_out_printf(o, "\n");
        for (size_t i = 0; i < np && !bad; i++) bad = csv_path(o, &x, order[i].p, i + 1);
    } else if (json) {
        erg_out_printf(o, "{\n  \"from\": ");
        json_str(o, erg_entity_id(g, from));
        erg_out_printf(o, ",\n  \"to\": ");
        json_str(o, erg_entity_id(g, to));
        erg_out_printf(o, ",\n  \"ranked_by\": \"%s\",\n  \"paths\": [", by_evidence ? "evidence" : "length");
        for (size_t i = 0; i < np && !bad; i++) {
            erg_out_printf(o, "%s\n    ", i ? "," : "");
            bad = json_path(o, &x, order[i].p);
        }
        erg_out_printf(o, "%s],\n  \"truncated\": %s\n}\n", np ? "\n  " : "", ps.truncated ? "true" : "false");
    } else if (!many) {
        erg_out_printf(o, "%s to %s: %zu hop%s\n", label(g, from), label(g, to), one.n, one.n == 1 ? "" : "s");
        bad = print_path(o, &x, &one, weighted);
    } else {
        if (k) erg_out_printf(o, "%s to %s: %zu shortest path%s", label(g, from), label(g, to), ps.n,
                              ps.n == 1 ? "" : "s");
        else erg_out_printf(o, "%s to %s: %zu path%s of at most %llu hops%s", label(g, from), label(g, to), ps.n,
                            ps.n == 1 ? "" : "s", max_hops, ps.truncated ? " (more not shown; see --max-paths)" : "");
        erg_out_printf(o, "%s\n", by_evidence ? ", strongest evidence first" : "");
        for (size_t i = 0; i < np && !bad; i++) {
            const erg_path *p = order[i].p;
            erg_out_printf(o, "\npath %zu: %zu hop%s", i + 1, p->n, p->n == 1 ? "" : "s");
            if (by_evidence) {
                char words[256];
                support_words(&order[i].weak, words, sizeof words);
                erg_out_printf(o, "; weakest hop %zu: %s", order[i].at + 1, words);
            }
            erg_out_printf(o, "\n");
            bad = print_path(o, &x, p, weighted);
        }
    }
    if (bad) {
        erg_out_abort(o);
        status = failed(g, CLI_RUN);
        goto done;
    }
    status = erg_out_commit(o) ? failed(g, CLI_WRITE) : EXIT_OK;
done:
    if (g) {
        erg_paths_free(g, &ps);
        erg_path_free(g, &one);
    }
    erg_graph_free(g);
    free(order);
    free(show_buf);
    free(show);
    view_args_free(&a);
    return status;
}

const cli_cmd cli_cmd_path = {
    "path", "how two entities are connected, hop by hop, with the evidence",
    "usage: erg [-g GRAPH] path FROM TO [options]\n"
    "\n"
    "Prints a shortest path from FROM to TO (each an id, name or alias), one\n"
    "relationship a line with its type and direction, then its id, the\n"
    "sources it cites, its certainty and evidence.  A --> B: A's relationship\n"
    "to B; A <-- B: B's to A; A -- B: undirected.  Without --mode, any\n"
    "direction may be followed.  Parallel relationships (several joining the\n"
    "same two entities) are one hop that lists them all, after a line with\n"
    "their count, the totals of amount attributes (amount, amount_*) and the\n"
    "range of their dates (date, start, end).\n"
    "  --all              every path without repeated entities, shortest first\n"
    "  --k N              the N shortest paths (by --weight when given)\n"
    "  --by evidence      rank the paths (--all unless --k) by their weakest\n"
    "                     hop: certainty reported > stated_by:X > alleged >\n"
    "                     headline, background > none, then the number of\n"
    "                     sources; a hop counts its best relationship.\n"
    "                     Headline-only, background-only and unsourced hops\n"
    "                     are flagged\n"
    "  --show ATTR[,...]  print these relationship attributes too\n"
    "  --each             a path for each choice of parallel relationship\n"
    "  --max-hops N       with --all: at most N hops (default 4)\n"
    "  --max-paths N      with --all: print at most N paths (default 100)\n"
    "  --format table|csv|json\n"
    "                     csv: path,hop,from,relationship,type,to,direction,source,\n"
    "                     certainty,evidence and the --show attributes, a row a\n"
    "                     relationship (sources joined by ';')\n" VIEW_USAGE
    "\n"
    "With --weight the shortest paths are those of least total weight (weights\n"
    "are distances).  Exit status 1 when there is no path.\n"
    CLI_GRAPH_HELP,
    path_run};

/* ---- communities ---------------------------------------------------------- */
static void communities_table(erg_out *o, erg_graph *g, erg_community_method m, const erg_partition *p) {
    erg_out_printf(o, "%s: %zu communit%s", erg_community_method_name(m), p->ngroups, p->ngroups == 1 ? "y" : "ies");
    if (!isnan(p->modularity)) erg_out_printf(o, ", modularity %.4f", p->modularity);
    erg_out_printf(o, "\n");
    for (size_t c = 0; c < p->ngroups; c++) {
        size_t size = 0, col = 0;
        for (size_t i = 0; i < p->n; i++) size += p->group[i] == c;
        erg_out_printf(o, "\ncommunity %zu (%zu)\n ", c + 1, size);
        col = 1;
        bool first = true;
        for (size_t i = 0; i < p->n; i++) {
            if (p->group[i] != c) continue;
            const char *l = label(g, p->entity[i]);
            size_t len = strlen(l) + (first ? 1 : 2);
            if (!first && col + len > 78) {
                erg_out_printf(o, ",\n ");
                col = 1;
                first = true;
                len = strlen(l) + 1;
            }
            erg_out_printf(o, "%s %s", first ? "" : ",", l);
            col += len;
            first = false;
        }
        erg_out_printf(o, "\n");
    }
}

static void communities_csv(erg_out *o, erg_graph *g, const erg_partition *p) {
    erg_out_printf(o, "id,name,type,community\n");
    for (size_t c = 0; c < p->ngroups; c++)
        for (size_t i = 0; i < p->n; i++) {
            if (p->group[i] != c) continue;
            csv_field(o, erg_entity_id(g, p->entity[i]));
            erg_out_write(o, ",", 1);
            csv_field(o, erg_entity_name(g, p->entity[i]));
            erg_out_write(o, ",", 1);
            csv_field(o, erg_entity_type(g, p->entity[i]));
            erg_out_printf(o, ",%zu\n", c + 1);
        }
}

static void communities_json(erg_out *o, erg_graph *g, erg_community_method m, const erg_partition *p) {
    erg_out_printf(o, "{\n  \"method\": \"%s\",\n  \"modularity\": ", erg_community_method_name(m));
    cli_json_num(o, "%.17g", p->modularity);
    erg_out_printf(o, ",\n  \"communities\": [");
    for (size_t c = 0; c < p->ngroups; c++) {
        erg_out_printf(o, "%s\n    [", c ? "," : "");
        bool first = true;
        for (size_t i = 0; i < p->n; i++) {
            if (p->group[i] != c) continue;
            if (!first) erg_out_printf(o, ", ");
            json_str(o, erg_entity_id(g, p->entity[i]));
            first = false;
        }
        erg_out_printf(o, "]");
    }
    erg_out_printf(o, "%s]\n}\n", p->ngroups ? "\n  " : "");
}

static int communities_run(cli *c, int argc, char **argv) {
    view_args a;
    memset(&a, 0, sizeof a);
    a.format = "table";
    const char *method = "louvain", *v;
    unsigned long long seed = 0;
    int status = EXIT_USAGE, r;
    erg_graph *g = NULL;
    erg_partition p;
    memset(&p, 0, sizeof p);
    for (int i = 1; i < argc; i++) {
        if ((r = view_opt("communities", argc, argv, &i, &a)) != 0) {
            if (r < 0) goto done;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--method", &method)) != 0) {
            if (r < 0) goto done;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--seed", &v)) != 0) {
            if (r < 0 || !parse_count("communities", "--seed", v, &seed)) goto done;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--resolution", &v)) != 0) {
            char *end;
            if (r < 0) goto done;
            a.o.resolution = strtod(v, &end);
            if (*end || end == v || !(a.o.resolution > 0) || !isfinite(a.o.resolution)) {
                cli_error("communities: --resolution wants a positive number, not '%s'", v);
                goto done;
            }
            continue;
        }
        cli_error("communities: unknown argument '%s' (see 'erg communities --help')", argv[i]);
        goto done;
    }
    erg_community_method m = erg_community_method_from_name(method);
    if (!m) {
        cli_error("communities: unknown method '%s' (louvain, leiden or walktrap)", method);
        goto done;
    }
    if (!check_format("communities", a.format, true)) goto done;
    if (!(g = cli_load(c, NULL))) {
        status = c->load_status;
        goto done;
    }
    a.o.seed = seed;
    a.o.warn = print_warning;
    a.o.warn_ud = c;
    if (erg_communities(g, m, &a.o, &p)) {
        status = failed(g, CLI_RUN);
        goto done;
    }
    erg_out *o;
    if (erg_out_open(g, "-", &o)) {
        status = failed(g, CLI_WRITE);
        goto done;
    }
    if (!strcmp(a.format, "csv")) communities_csv(o, g, &p);
    else if (!strcmp(a.format, "json")) communities_json(o, g, m, &p);
    else communities_table(o, g, m, &p);
    status = erg_out_commit(o) ? failed(g, CLI_WRITE) : EXIT_OK;
done:
    if (g) erg_partition_free(g, &p);
    erg_graph_free(g);
    view_args_free(&a);
    return status;
}

const cli_cmd cli_cmd_communities = {
    "communities", "find groups of closely connected entities",
    "usage: erg [-g GRAPH] communities [options]\n"
    "\n"
    "Splits the entities into communities, largest first, and prints the\n"
    "partition's modularity.  Directions are ignored.\n"
    "  --method M         louvain (default), leiden (modularity objective) or\n"
    "                     walktrap (random walks of 4 steps)\n"
    "  --seed N           Louvain and Leiden are randomised: the same seed\n"
    "                     gives the same answer (default 0)\n"
    "  --resolution R     modularity resolution (default 1; higher, smaller\n"
    "                     communities)\n"
    "  --format table|csv|json\n"
    "                     csv columns: id,name,type,community (from 1)\n" VIEW_USAGE
    "\n"
    "A weight is a strength here: heavier relationships bind more.\n"
    CLI_GRAPH_HELP,
    communities_run};
