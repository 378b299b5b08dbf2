/*
 * main.c -- the erg command: global options, the command table and help.
 * The top of lua/cli: it calls the commands (one file per group), which
 * call common.c; nothing calls back into this file.  Exit statuses (see
 * cli_exit_status): 0 success, 1 runtime or script error, 2 bad usage or
 * bad input, 3 sandbox violation.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Every command erg knows, in help order.  Each is defined in a file of
 * its own group (core.c, scripts.c, analysis.c...); the references
 * are weak so that a build without a group's file simply lacks those
 * commands (the table skips NULL). */
#define CMD(n) extern const cli_cmd cli_cmd_##n __attribute__((weak));
CMD(info) CMD(check) CMD(export) CMD(convert) CMD(run) CMD(eval) CMD(shell)
CMD(rank) CMD(path) CMD(communities) CMD(render) CMD(report) CMD(extract)
CMD(import) CMD(find) CMD(dedupe) CMD(merge_apply) CMD(interlocks)
CMD(diff) CMD(merge)
#undef CMD
static const cli_cmd *const commands[] = {
    &cli_cmd_info, &cli_cmd_check, &cli_cmd_export, &cli_cmd_convert,
    &cli_cmd_run, &cli_cmd_eval, &cli_cmd_shell, &cli_cmd_rank,
    &cli_cmd_path, &cli_cmd_communities, &cli_cmd_render, &cli_cmd_report,
    &cli_cmd_extract,
    &cli_cmd_import, &cli_cmd_find, &cli_cmd_dedupe, &cli_cmd_merge_apply, &cli_cmd_interlocks,
    &cli_cmd_diff, &cli_cmd_merge};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* --as-of, --since, --until: a date into *d; 1 consumed, 0 not this
 * option, -1 after printing an error. */
static int time_opt(int argc, char **argv, int *i, const char *name, erg_date *d, bool *has) {
    const char *v;
    int r = cli_opt(argc, argv, i, name, &v);
    if (r <= 0) return r;
    if (erg_date_parse(v, strlen(v), d) != ERG_OK) {
        cli_error("%s wants a date like 2025, 2025-07 or 2025-07-14, not '%s'", name, v);
        return -1;
    }
    *has = true;
    return 1;
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
            "  --as-of DATE  the graph as of DATE (2025, 2025-07 or 2025-07-14): only\n"
            "             relationships valid then (start/end, or date on or before)\n"
            "  --since DATE, --until DATE  only relationships valid in that window\n"
            "  --quiet    no progress output\n"
            "  --version  print the version\n"
            "  --help     this text; 'erg COMMAND --help' explains a command\n"
            "\n"
            "exit status: 0 success, 1 runtime or script error, 2 bad usage or\n"
            "bad input, 3 sandbox violation\n");
}

int main(int argc, char **argv) {
    cli c = {.argv0 = argv[0], .load_status = EXIT_USAGE};
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
        if ((r = time_opt(argc, argv, &i, "--as-of", &c.as_of, &c.has_as_of)) ||
            (r = time_opt(argc, argv, &i, "--since", &c.since, &c.has_since)) ||
            (r = time_opt(argc, argv, &i, "--until", &c.until, &c.has_until))) {
            if (r < 0) return EXIT_USAGE;
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
