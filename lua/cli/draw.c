/*
 * draw.c -- seeing the graph: `erg render` (an SVG drawing, laid out by
 * igraph or, with --engine graphviz, by an installed neato/sfdp reading
 * erg's DOT) and `erg report` (a self-contained HTML page).
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Splits "a,b,c" into a NULL-terminated array (caller frees arr and buf). */
static const char **split_list(const char *s, size_t *n, char **buf) {
    *buf = strdup(s);
    size_t cap = 1;
    for (const char *p = s; *p; p++) cap += *p == ',';
    const char **arr = calloc(cap + 1, sizeof *arr);
    *n = 0;
    if (!*buf || !arr) return arr;
    for (char *save = NULL, *t = strtok_r(*buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) arr[(*n)++] = t;
    return arr;
}

/* --engine graphviz: DOT through neato or sfdp, which writes the SVG. */
static int graphviz(erg_graph *g, const char *engine, const char *out) {
    char tmp[] = "/tmp/erg-dot-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) {
        cli_error("render: %s", strerror(errno));
        return EXIT_RUNTIME;
    }
    close(fd);
    if (erg_export(g, "dot", tmp)) {
        cli_error("%s", erg_errmsg(g));
        unlink(tmp);
        return cli_exit_status(erg_errcode(g), CLI_WRITE);
    }
    pid_t pid = fork();
    if (pid == 0) {
        execlp(engine, engine, "-Tsvg", "-Goverlap=false", "-Gsplines=true", "-o", out, tmp, (char *)NULL);
        _exit(127);
    }
    int st = 0;
    if (pid > 0) waitpid(pid, &st, 0);
    unlink(tmp);
    if (pid < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        cli_error("render: %s failed%s", engine,
                  WIFEXITED(st) && WEXITSTATUS(st) == 127 ? " (not installed? apt-get install graphviz)" : "");
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

static int render_run(cli *c, int argc, char **argv) {
    const char *out = NULL, *layout = "fr", *color_by = NULL, *size_by = "pagerank", *labels = NULL,
               *seed = "1", *types = NULL, *title = NULL, *engine = NULL;
    for (int i = 1; i < argc; i++) {
        int r = cli_opt(argc, argv, &i, "-o", &out);
        if (!r) r = cli_opt(argc, argv, &i, "--layout", &layout);
        if (!r) r = cli_opt(argc, argv, &i, "--color-by", &color_by);
        if (!r) r = cli_opt(argc, argv, &i, "--size-by", &size_by);
        if (!r) r = cli_opt(argc, argv, &i, "--labels", &labels);
        if (!r) r = cli_opt(argc, argv, &i, "--seed", &seed);
        if (!r) r = cli_opt(argc, argv, &i, "--types", &types);
        if (!r) r = cli_opt(argc, argv, &i, "--title", &title);
        if (!r) r = cli_opt(argc, argv, &i, "--engine", &engine);
        if (r < 0) return EXIT_USAGE;
        if (r) continue;
        cli_error("render: unknown argument '%s' (see 'erg render --help')", argv[i]);
        return EXIT_USAGE;
    }
    if (!out) {
        cli_error("render: needs -o FILE.svg");
        return EXIT_USAGE;
    }
    erg_render_opts ro = {0};
    ro.labels = INT32_MIN;
    ro.layout = layout;
    ro.color_by = color_by;
    ro.title = title;
    ro.size_by = erg_measure_from_name(size_by);
    if (!ro.size_by) {
        cli_error("render: unknown measure '%s' for --size-by", size_by);
        return EXIT_USAGE;
    }
    if (labels) {
        char *end;
        if (!strcmp(labels, "all")) ro.labels = -1;
        else if (!strcmp(labels, "none")) ro.labels = 0;
        else if (!strncmp(labels, "top", 3) && (ro.labels = (int)strtol(labels + 3, &end, 10)) > 0 && !*end) {
        } else if ((ro.labels = (int)strtol(labels, &end, 10)) > 0 && !*end) {
        } else {
            cli_error("render: --labels takes all, none or top N");
            return EXIT_USAGE;
        }
    }
    /* "--labels top 10": the N may come as the next word */
    char *end;
    unsigned long long sd = strtoull(seed, &end, 10);
    if (*end || !*seed) {
        cli_error("render: --seed takes a whole number");
        return EXIT_USAGE;
    }
    if (engine && strcmp(engine, "igraph") && strcmp(engine, "graphviz")) {
        cli_error("render: --engine takes igraph or graphviz");
        return EXIT_USAGE;
    }
    erg_graph *g = cli_load(c, NULL);
    if (!g) return c->load_status;
    char tbuf_title[256];
    if (!ro.title && !erg_graph_meta(g, "title")) ro.title = cli_graph_title(c, tbuf_title, sizeof tbuf_title);
    erg_analysis_opts ao = {0};
    ao.seed = sd;
    char *tbuf = NULL;
    const char **tlist = NULL;
    if (types) {
        tlist = split_list(types, &ao.n_entity_types, &tbuf);
        ao.entity_types = tlist;
    }
    int status = EXIT_OK;
    if (engine && !strcmp(engine, "graphviz")) {
        status = graphviz(g, strstr(layout, "sfdp") ? "sfdp" : "neato", out);
    } else if (erg_render_svg(g, &ro, &ao, out)) {
        cli_error("%s", erg_errmsg(g));
        status = cli_exit_status(erg_errcode(g), CLI_RUN);
    } else if (!c->quiet && strcmp(out, "-")) {
        fprintf(stderr, "erg: wrote %s\n", out);
    }
    free(tlist);
    free(tbuf);
    erg_graph_free(g);
    return status;
}

const cli_cmd cli_cmd_render = {
    "render", "draw the graph as an SVG picture",
    "usage: erg [-g GRAPH] render -o FILE.svg [--layout fr|kk|drl|circle]\n"
    "           [--color-by ATTR] [--size-by MEASURE] [--labels all|topN|none]\n"
    "           [--seed N] [--types T1,T2] [--title TEXT] [--engine igraph|graphviz]\n"
    "\n"
    "Entities are circles coloured by type (or by the string attribute ATTR),\n"
    "with a legend, their area growing with MEASURE (default pagerank; any\n"
    "measure of 'erg rank'); relationships are lines, with an arrowhead when\n"
    "directed.  Labels go to the most central entities first and never\n"
    "overlap (default: all of up to 80 entities, else the top 40).  --types\n"
    "draws only entities of those types.  The same --seed (default 1) gives\n"
    "the same picture.  --engine graphviz pipes erg's DOT to an installed\n"
    "neato (or sfdp with --layout sfdp) instead of drawing itself.\n"
    CLI_GRAPH_HELP,
    render_run};

static int report_run(cli *c, int argc, char **argv) {
    const char *out = NULL, *title = NULL, *hops = NULL, *layout = NULL, *seed = "1", *open = NULL, *top = NULL,
               *by = "pagerank";
    const char **pairs = calloc((size_t)argc * 2 + 2, sizeof *pairs);
    char **owned = calloc((size_t)argc + 1, sizeof *owned);
    size_t npairs = 0, nowned = 0;
    int status = EXIT_OK;
    erg_graph *g = NULL;
    if (!pairs || !owned) {
        cli_error("out of memory");
        status = EXIT_RUNTIME;
        goto done;
    }
    for (int i = 1; i < argc; i++) {
        const char *pair = NULL;
        int r = cli_opt(argc, argv, &i, "-o", &out);
        if (!r) r = cli_opt(argc, argv, &i, "--title", &title);
        if (!r) r = cli_opt(argc, argv, &i, "--max-hops", &hops);
        if (!r) r = cli_opt(argc, argv, &i, "--layout", &layout);
        if (!r) r = cli_opt(argc, argv, &i, "--seed", &seed);
        if (!r) r = cli_opt(argc, argv, &i, "--open", &open);
        if (!r) r = cli_opt(argc, argv, &i, "--top", &top);
        if (!r) r = cli_opt(argc, argv, &i, "--by", &by);
        if (!r && (r = cli_opt(argc, argv, &i, "--pair", &pair)) > 0) {
            const char *colon = strchr(pair, ':');
            if (!colon || colon == pair || !colon[1]) {
                cli_error("report: --pair takes FROM:TO, e.g. --pair microsoft:ice");
                status = EXIT_USAGE;
                goto done;
            }
            char *from = strndup(pair, (size_t)(colon - pair));
            owned[nowned++] = from;
            pairs[2 * npairs] = from;
            pairs[2 * npairs + 1] = colon + 1;
            npairs++;
        }
        if (r < 0) {
            status = EXIT_USAGE;
            goto done;
        }
        if (r) continue;
        cli_error("report: unknown argument '%s' (see 'erg report --help')", argv[i]);
        status = EXIT_USAGE;
        goto done;
    }
    if (!out) {
        cli_error("report: needs -o FILE.html");
        status = EXIT_USAGE;
        goto done;
    }
    char *end;
    unsigned long mh = hops ? strtoul(hops, &end, 10) : 3;
    if (hops && (*end || mh == 0 || mh > 8)) {
        cli_error("report: --max-hops takes a number from 1 to 8");
        status = EXIT_USAGE;
        goto done;
    }
    unsigned long long sd = strtoull(seed, &end, 10);
    if (*end || !*seed) {
        cli_error("report: --seed takes a whole number");
        status = EXIT_USAGE;
        goto done;
    }
    if (open && strcmp(open, "auto") && strcmp(open, "all") && strcmp(open, "component") && strcmp(open, "top")) {
        cli_error("report: --open takes auto, all, component or top");
        status = EXIT_USAGE;
        goto done;
    }
    unsigned long nt = top ? strtoul(top, &end, 10) : 2000;
    if (top && (*end || nt == 0 || nt > 1000000)) {
        cli_error("report: --top takes a number from 1 to 1000000");
        status = EXIT_USAGE;
        goto done;
    }
    erg_measure m = erg_measure_from_name(by);
    if (!m) {
        cli_error("report: unknown measure '%s' for --by", by);
        status = EXIT_USAGE;
        goto done;
    }
    g = cli_load(c, NULL);
    if (!g) {
        status = c->load_status;
        goto done;
    }
    char tbuf[256];
    erg_report_opts ro = {title, pairs, npairs, (unsigned)mh, layout, open, (unsigned)nt, m};
    if (!ro.title && !erg_graph_meta(g, "title")) ro.title = cli_graph_title(c, tbuf, sizeof tbuf);
    erg_analysis_opts ao = {0};
    ao.seed = sd;
    if (erg_report_html(g, &ro, &ao, out)) {
        cli_error("%s", erg_errmsg(g));
        status = cli_exit_status(erg_errcode(g), CLI_RUN);
    } else if (!c->quiet && strcmp(out, "-")) {
        fprintf(stderr, "erg: wrote %s\n", out);
    }
done:
    for (size_t i = 0; i < nowned; i++) free(owned[i]);
    free(owned);
    free(pairs);
    erg_graph_free(g);
    return status;
}

const cli_cmd cli_cmd_report = {
    "report", "write a self-contained HTML report",
    "usage: erg [-g GRAPH] report -o FILE.html [--pair FROM:TO]... [--max-hops N]\n"
    "           [--title TEXT] [--layout fr|kk|drl|circle] [--seed N]\n"
    "           [--open auto|all|component|top] [--top N] [--by MEASURE]\n"
    "\n"
    "One HTML file with everything inline (no network access, opens from\n"
    "disk): an interactive map (sigma.js, WebGL) to pan and zoom, search with\n"
    "suggestions, filters by entity type, relationship type, certainty,\n"
    "source and date, an entity's panel on a click, an ego view and \"how is\n"
    "A connected to B\"; below it the most central entities, the\n"
    "communities and the sources, and for each --pair every path from FROM\n"
    "to TO of at most N steps (default 3) with each hop's evidence and\n"
    "source.  The map opens on all entities when there are at most --top\n"
    "(default 2000), else on the largest component cut to its --top\n"
    "entities by MEASURE (default pagerank, which also sizes the nodes);\n"
    "--open all|component|top chooses, and the page can show the rest.\n"
    "Positions come from igraph (--layout, default fr; --seed).\n"
    CLI_GRAPH_HELP,
    report_run};
