/*
 * main.c -- the erg command: global options, the command table, help, and
 * loading the graph a command works on.  Exit statuses: 0 success,
 * 1 runtime or script error, 2 bad usage or bad input, 3 sandbox violation.
 */
#include "cli.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef ERG_DATADIR
#define ERG_DATADIR "/usr/local/share/erg"
#endif

/* Every command erg knows, in help order.  Each is defined in a file of
 * its own group (cli_core.c, cli_lua.c, cli_analysis.c...); the references
 * are weak so that a build without a group's file simply lacks those
 * commands (the table skips NULL). */
#define CMD(n) extern const cli_cmd cli_cmd_##n __attribute__((weak));
CMD(info) CMD(check) CMD(export) CMD(convert) CMD(run) CMD(eval) CMD(shell)
CMD(rank) CMD(path) CMD(communities) CMD(render) CMD(report) CMD(extract)
CMD(import) CMD(find) CMD(dedupe) CMD(merge_apply) CMD(interlocks)
#undef CMD
static const cli_cmd *const commands[] = {
    &cli_cmd_info, &cli_cmd_check, &cli_cmd_export, &cli_cmd_convert,
    &cli_cmd_run, &cli_cmd_eval, &cli_cmd_shell, &cli_cmd_rank,
    &cli_cmd_path, &cli_cmd_communities, &cli_cmd_render, &cli_cmd_report,
    &cli_cmd_extract,
    &cli_cmd_import, &cli_cmd_find, &cli_cmd_dedupe, &cli_cmd_merge_apply, &cli_cmd_interlocks};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

void cli_error(const char *fmt, ...) {
    va_list ap;
    fputs("erg: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

bool cli_is_help(const char *arg) {
    return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

int cli_opt(int argc, char **argv, int *i, const char *name, const char **val) {
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0) return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (a[n] != '\0') return 0;
    if (*i + 1 >= argc) {
        cli_error("option %s needs a value", name);
        return -1;
    }
    *val = argv[++*i];
    return 1;
}

static bool is_kind(const char *p, bool dir) {
    struct stat st;
    return stat(p, &st) == 0 && (dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
}

/* Where erg's data files are: the source tree a binary was built in
 * (bin/erg, or build/NAME/bin/erg), the share/erg beside an installed
 * bin/erg (whatever PREFIX it was installed to: the binary need not be
 * rebuilt for it), and last the PREFIX it was compiled for. */
const char *cli_datafile(const char *rel, bool dir, char *buf, size_t n) {
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0'; /* .../bin */
            static const char *const up[] = {"/../", "/../../../", "/../share/erg/"};
            for (size_t i = 0; i < sizeof up / sizeof up[0]; i++) {
                snprintf(buf, n, "%s%s%s", exe, up[i], rel);
                if (is_kind(buf, dir)) return buf;
            }
        }
    }
    snprintf(buf, n, "%s/%s", ERG_DATADIR, rel);
    return is_kind(buf, dir) ? buf : NULL;
}

const char *cli_builtin_graph(char *buf, size_t n) {
    const char *env = getenv("ERG_GRAPH");
    if (env && *env) return env;
    if (cli_datafile("graphs/ice-azure", true, buf, n)) return buf;
    snprintf(buf, n, "%s/graphs/ice-azure", ERG_DATADIR);
    return buf;
}

const char *cli_graph_title(cli *c, char *buf, size_t n) {
    char path[PATH_MAX + 64];
    const char *p = c->graph_path ? c->graph_path : cli_builtin_graph(path, sizeof path);
    size_t len = strlen(p);
    while (len > 1 && p[len - 1] == '/') len--;
    size_t start = len;
    while (start > 0 && p[start - 1] != '/') start--;
    snprintf(buf, n, "%.*s", (int)(len - start), p + start);
    char *dot = strrchr(buf, '.');
    if (dot && dot != buf) *dot = '\0';
    return buf;
}

static void print_diag(void *ud, const erg_diag *d) {
    (void)ud;
    fprintf(stderr, "%s\n", d->text);
}

int cli_read_into(cli *c, erg_graph *g, const char *path, erg_diag_fn diag, void *ud) {
    return erg_read_as(g, path, c->input_format, diag, ud);
}

erg_graph *cli_load(cli *c, const char *path) {
    char buf[PATH_MAX + 64];
    if (!path) path = c->graph_path ? c->graph_path : cli_builtin_graph(buf, sizeof buf);
    erg_graph *g = erg_graph_new();
    if (!g) {
        cli_error("out of memory");
        return NULL;
    }
    cli_progress_attach(c, g);
    if (cli_read_into(c, g, path, print_diag, NULL) != ERG_OK) {
        if (erg_errcode(g) != ERG_EPARSE) cli_error("%s", erg_errmsg(g));
        erg_graph_free(g);
        return NULL;
    }
    return g;
}

static void usage(FILE *f) {
    fprintf(f,
            "usage: erg [-g GRAPH] [--input-format F] [--quiet] COMMAND [ARGS...]\n"
            "\n"
            "erg maps who is connected to whom: entities, typed relationships and\n"
            "the sources behind them.  GRAPH is a CSV graph directory or a graph\n"
            "file in any format erg reads (by extension, or by content where the\n"
            "extension is shared); without -g, erg uses its built-in graph\n"
            "(graphs/ice-azure).\n"
            "\n"
            "commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (commands[i]) fprintf(f, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
    fprintf(f,
            "\n"
            "options:\n"
            "  -g GRAPH   the graph to work on\n"
            "  --input-format F  read GRAPH (and convert's input) as F: csv, graphml, json, gexf, ftm\n"
            "  --quiet    no progress output\n"
            "  --version  print the version\n"
            "  --help     this text; 'erg COMMAND --help' explains a command\n"
            "\n"
            "exit status: 0 success, 1 runtime or script error, 2 bad usage or\n"
            "bad input, 3 sandbox violation\n");
}

int main(int argc, char **argv) {
    cli c = {NULL, NULL, false, argv[0], {{0}, 0, 0, 0, false}};
    int i = 1;
    cli_signals_install();
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *v;
        int r = cli_opt(argc, argv, &i, "-g", &v);
        if (r < 0) return EXIT_USAGE;
        if (r) { c.graph_path = v; continue; }
        if ((r = cli_opt(argc, argv, &i, "--graph", &v)) != 0) {
            if (r < 0) return EXIT_USAGE;
            c.graph_path = v;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--input-format", &v)) != 0) {
            if (r < 0) return EXIT_USAGE;
            c.input_format = v;
            continue;
        }
        if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) { c.quiet = true; continue; }
        if (cli_is_help(argv[i])) { usage(stdout); return EXIT_OK; }
        if (!strcmp(argv[i], "--version")) { printf("erg %s\n", ERG_VERSION); return EXIT_OK; }
        cli_error("unknown option '%s' (see 'erg --help')", argv[i]);
        return EXIT_USAGE;
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    for (size_t k = 0; k < NCOMMANDS; k++) {
        if (!commands[k] || strcmp(commands[k]->name, argv[i]) != 0) continue;
        /* only right after the command: later words may be a script's */
        if (i + 1 < argc && cli_is_help(argv[i + 1])) {
            fputs(commands[k]->usage, stdout);
            return EXIT_OK;
        }
        return commands[k]->run(&c, argc - i, argv + i);
    }
    cli_error("unknown command '%s' (see 'erg --help')", argv[i]);
    return EXIT_USAGE;
}
