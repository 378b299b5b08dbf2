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

#define VIEW_USAGE                                                                     \
    "  --weight ATTR      a numeric relationship attribute as weight (see below)\n"   \
    "  --mode out|in|all  follow relationships along, against or regardless of\n"   \
    "                     their direction\n"                                          \
    "  --type T[,T...]    only entities of these types\n"                            \
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

static void rank_table(erg_out *o, erg_graph *g, erg_measure m, const erg_scores *s, size_t top) {
    size_t idw = 2;
    for (size_t i = 0; i < top; i++) {
        size_t n = strlen(erg_entity_id(g, s->items[i].entity));
        if (n > idw) idw = n;
    }
    const char *mname = erg_measure_name(m);
    int sw = (int)strlen(mname) > 10 ? (int)strlen(mname) : 10;
    erg_out_printf(o, "%4s  %*s  %-*s  %s\n", "rank", sw, mname, (int)idw, "id", "name");
    for (size_t i = 0; i < top; i++) {
        erg_entity e = s->items[i].entity;
        double x = s->items[i].score;
        char num[64];
        if (isnan(x)) snprintf(num, sizeof num, "-");
        else if (integral(m)) snprintf(num, sizeof num, "%.0f", x);
        else snprintf(num, sizeof num, "%.4f", x);
        const char *name = erg_entity_name(g, e);
        erg_out_printf(o, "%4zu  %*s  %-*s  %s\n", i + 1, sw, num, (int)idw, erg_entity_id(g, e),
                       name ? name : "");
    }
}

static void rank_csv(erg_out *o, erg_graph *g, const erg_scores *s, size_t top) {
    erg_out_printf(o, "rank,id,name,type,score\n");
    for (size_t i = 0; i < top; i++) {
        erg_entity e = s->items[i].entity;
        erg_out_printf(o, "%zu,", i + 1);
        csv_field(o, erg_entity_id(g, e));
        erg_out_write(o, ",", 1);
        csv_field(o, erg_entity_name(g, e));
        erg_out_write(o, ",", 1);
        csv_field(o, erg_entity_type(g, e));
        if (isnan(s->items[i].score)) erg_out_printf(o, ",nan\n");
        else erg_out_printf(o, ",%.17g\n", s->items[i].score);
    }
}

static void rank_json(erg_out *o, erg_graph *g, erg_measure m, const erg_scores *s, size_t top) {
    erg_out_printf(o, "{\n  \"measure\": \"%s\",\n  \"entities\": %zu,\n  \"ranking\": [", erg_measure_name(m),
                   s->n);
    for (size_t i = 0; i < top; i++) {
        erg_entity e = s->items[i].entity;
        erg_out_printf(o, "%s\n    {\"rank\": %zu, \"id\": ", i ? "," : "", i + 1);
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

static int rank_run(cli *c, int argc, char **argv) {
    view_args a;
    memset(&a, 0, sizeof a);
    a.format = "table";
    const char *by = NULL, *v;
    const char **personal = NULL;
    size_t npersonal = 0;
    unsigned long long top = 10;
    int status = EXIT_USAGE, r;
    erg_graph *g = NULL;
    erg_entity *pents = NULL;
    erg_scores sc = {NULL, 0};
    personal = calloc((size_t)argc, sizeof *personal);
    if (!personal) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    for (int i = 1; i < argc; i++) {
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
    if (erg_centrality(g, m, &a.o, &sc)) {
        status = failed(g, CLI_RUN);
        goto done;
    }
    erg_scores_sort(&sc);
    size_t shown = top == 0 || top > sc.n ? sc.n : (size_t)top;
    erg_out *o;
    if (erg_out_open(g, "-", &o)) {
        status = failed(g, CLI_WRITE);
        goto done;
    }
    if (!strcmp(a.format, "csv")) rank_csv(o, g, &sc, shown);
    else if (!strcmp(a.format, "json")) rank_json(o, g, m, &sc, shown);
    else rank_table(o, g, m, &sc, shown);
    status = erg_out_commit(o) ? failed(g, CLI_WRITE) : EXIT_OK;
done:
    if (g) erg_scores_free(g, &sc);
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
    "                     csv columns: rank,id,name,type,score\n"
    "  --normalized       betweenness divided by the number of entity pairs\n"
    "  --damping D        PageRank's damping factor (default 0.85)\n"
    "  --personal ENTITY  personalized PageRank: the walk restarts at ENTITY\n"
    "                     (by id, name or alias; repeat for several)\n" VIEW_USAGE
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
    "closeness: '-' in tables, nan in CSV, null in JSON.\n"
    CLI_GRAPH_HELP,
    rank_run};

/* ---- path ------------------------------------------------------------------ */
/* The sources a relationship cites, "a, b", into buf. */
static const char *rel_sources(erg_graph *g, erg_rel r, char *buf, size_t n) {
    erg_value v;
    size_t len = 0;
    buf[0] = '\0';
    if (erg_attr_get(g, erg_obj_rel(r), "source", &v) != ERG_OK) return buf;
    size_t k = v.type == ERG_LIST ? v.u.list.n : v.type == ERG_STRING;
    for (size_t i = 0; i < k; i++) {
        const erg_value *it = v.type == ERG_LIST ? &v.u.list.items[i] : &v;
        if (it->type != ERG_STRING) continue;
        int w = snprintf(buf + len, n - len, "%s%.*s", len ? ", " : "", (int)it->u.s.len, it->u.s.ptr);
        if (w < 0 || (size_t)w >= n - len) break;
        len += (size_t)w;
    }
    return buf;
}

static void print_path(erg_out *o, erg_graph *g, const erg_path *p, bool weighted) {
    for (size_t k = 0; k < p->n; k++) {
        const erg_hop *h = &p->hops[k];
        const char *type = erg_rel_type(g, h->rel);
        const char *l = h->dir == ERG_HOP_BACKWARD ? "<--" : "--";
        const char *r = h->dir == ERG_HOP_FORWARD ? "-->" : "--";
        char src[1024];
        erg_out_printf(o, "  %s %s%s%s %s\n", label(g, h->from), l, type, r, label(g, h->to));
        rel_sources(g, h->rel, src, sizeof src);
        erg_out_printf(o, "      %s%s%s\n", erg_rel_id(g, h->rel), *src ? "; source: " : "; no source",
                       src);
        erg_value ev;
        if (erg_attr_get(g, erg_obj_rel(h->rel), "evidence", &ev) == ERG_OK && ev.type == ERG_STRING)
            erg_out_printf(o, "      evidence: %.*s\n", (int)ev.u.s.len, ev.u.s.ptr);
    }
    if (weighted) erg_out_printf(o, "  length %.6g\n", p->length);
}

static void json_path(erg_out *o, erg_graph *g, const erg_path *p) {
    static const char *const dirs[] = {"", "forward", "backward", "undirected"};
    erg_out_printf(o, "{\"length\": ");
    cli_json_num(o, "%.17g", p->length);
    erg_out_printf(o, ", \"hops\": [");
    for (size_t k = 0; k < p->n; k++) {
        const erg_hop *h = &p->hops[k];
        char src[1024];
        erg_out_printf(o, "%s\n      {\"from\": ", k ? "," : "");
        json_str(o, erg_entity_id(g, h->from));
        erg_out_printf(o, ", \"to\": ");
        json_str(o, erg_entity_id(g, h->to));
        erg_out_printf(o, ", \"relationship\": ");
        json_str(o, erg_rel_id(g, h->rel));
        erg_out_printf(o, ", \"type\": ");
        json_str(o, erg_rel_type(g, h->rel));
        erg_out_printf(o, ", \"direction\": \"%s\", \"source\": ", dirs[h->dir]);
        json_str(o, rel_sources(g, h->rel, src, sizeof src));
        erg_out_printf(o, "}");
    }
    erg_out_printf(o, "%s]}", p->n ? "\n    " : "");
}

static int path_run(cli *c, int argc, char **argv) {
    view_args a;
    memset(&a, 0, sizeof a);
    a.format = "table";
    const char *ends[2] = {NULL, NULL}, *v;
    size_t nends = 0;
    bool all = false;
    unsigned long long max_hops = 4, max_paths = 100;
    int status = EXIT_USAGE, r;
    erg_graph *g = NULL;
    erg_paths ps = {NULL, 0, false};
    erg_path one = {NULL, 0, 0};
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
        if (!strcmp(argv[i], "--all")) {
            all = true;
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
    if (!check_format("path", a.format, true)) goto done;
    if (!(g = cli_load(c, NULL))) {
        status = c->load_status;
        goto done;
    }
    erg_entity from, to;
    if (find_entity("path", g, ends[0], &from) || find_entity("path", g, ends[1], &to)) goto done;
    a.o.warn = print_warning;
    a.o.warn_ud = c;
    bool json = !strcmp(a.format, "json");
    if (all) r = erg_simple_paths(g, from, to, (unsigned)max_hops, (size_t)max_paths, &a.o, &ps);
    else r = erg_shortest_path(g, from, to, &a.o, &one);
    if (r == ERG_ENOTFOUND && !all) {
        cli_error("%s", erg_errmsg(g));
        status = EXIT_RUNTIME;
        goto done;
    }
    if (r) {
        status = failed(g, CLI_RUN);
        goto done;
    }
    if (all && ps.n == 0 && !json) {
        cli_error("no path of at most %llu hops from '%s' to '%s'", max_hops, erg_entity_id(g, from),
                  erg_entity_id(g, to));
        status = EXIT_RUNTIME;
        goto done;
    }
    erg_out *o;
    if (erg_out_open(g, "-", &o)) {
        status = failed(g, CLI_WRITE);
        goto done;
    }
    bool weighted = a.o.weight != NULL;
    if (!strcmp(a.format, "csv")) {
        /* one row a hop: path,hop,from,relationship,type,to,direction,source */
        static const char *const dirs[] = {"", "forward", "backward", "undirected"};
        erg_out_printf(o, "path,hop,from,relationship,type,to,direction,source\n");
        size_t n = all ? ps.n : 1;
        for (size_t i = 0; i < n; i++) {
            const erg_path *p = all ? &ps.paths[i] : &one;
            for (size_t k = 0; k < p->n; k++) {
                const erg_hop *h = &p->hops[k];
                char src[1024];
                rel_sources(g, h->rel, src, sizeof src);
                erg_out_printf(o, "%zu,%zu,", i + 1, k + 1);
                csv_field(o, erg_entity_id(g, h->from));
                erg_out_printf(o, ",");
                csv_field(o, erg_rel_id(g, h->rel));
                erg_out_printf(o, ",");
                csv_field(o, erg_rel_type(g, h->rel));
                erg_out_printf(o, ",");
                csv_field(o, erg_entity_id(g, h->to));
                erg_out_printf(o, ",%s,", dirs[h->dir]);
                for (char *c = src; *c; c++) if (c[0] == ',' && c[1] == ' ') { c[0] = ';'; memmove(c + 1, c + 2, strlen(c + 2) + 1); }
                csv_field(o, src);
                erg_out_printf(o, "\n");
            }
        }
    } else if (json) {
        erg_out_printf(o, "{\n  \"from\": ");
        json_str(o, erg_entity_id(g, from));
        erg_out_printf(o, ",\n  \"to\": ");
        json_str(o, erg_entity_id(g, to));
        erg_out_printf(o, ",\n  \"paths\": [");
        size_t n = all ? ps.n : 1;
        for (size_t i = 0; i < n; i++) {
            erg_out_printf(o, "%s\n    ", i ? "," : "");
            json_path(o, g, all ? &ps.paths[i] : &one);
        }
        erg_out_printf(o, "%s],\n  \"truncated\": %s\n}\n", n ? "\n  " : "", ps.truncated ? "true" : "false");
    } else if (!all) {
        erg_out_printf(o, "%s to %s: %zu hop%s\n", label(g, from), label(g, to), one.n, one.n == 1 ? "" : "s");
        print_path(o, g, &one, weighted);
    } else {
        erg_out_printf(o, "%s to %s: %zu path%s of at most %llu hops%s\n", label(g, from), label(g, to), ps.n,
                       ps.n == 1 ? "" : "s", max_hops, ps.truncated ? " (more not shown; see --max-paths)" : "");
        for (size_t i = 0; i < ps.n; i++) {
            erg_out_printf(o, "\npath %zu: %zu hop%s\n", i + 1, ps.paths[i].n, ps.paths[i].n == 1 ? "" : "s");
            print_path(o, g, &ps.paths[i], weighted);
        }
    }
    status = erg_out_commit(o) ? failed(g, CLI_WRITE) : EXIT_OK;
done:
    if (g) {
        erg_paths_free(g, &ps);
        erg_path_free(g, &one);
    }
    erg_graph_free(g);
    view_args_free(&a);
    return status;
}

const cli_cmd cli_cmd_path = {
    "path", "how two entities are connected, hop by hop",
    "usage: erg [-g GRAPH] path FROM TO [options]\n"
    "\n"
    "Prints a shortest path from FROM to TO (each an id, name or alias), one\n"
    "relationship a line with its type and direction, then its id and the\n"
    "sources it cites.  A --> B: A's relationship to B; A <-- B: B's to A;\n"
    "A -- B: undirected.  Without --mode, any direction may be followed.\n"
    "  --all              every path without repeated entities, shortest first;\n"
    "                     parallel relationships give a path each\n"
    "  --max-hops N       with --all: at most N hops (default 4)\n"
    "  --max-paths N      with --all: print at most N paths (default 100)\n"
    "  --format table|csv|json\n"
    "                     csv: path,hop,from,relationship,type,to,direction,source\n"
    "                     (sources joined by ';')\n" VIEW_USAGE
    "\n"
    "With --weight the shortest path is the one of least total weight (weights\n"
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
