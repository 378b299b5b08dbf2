/*
 * cli.h -- what the command-line front end's files share: the command
 * table, argument helpers and graph loading.  Not part of any library.
 */
#ifndef ERG_CLI_H
#define ERG_CLI_H

#include "../../core/erg.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

/* Exit statuses of the erg command. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_SANDBOX = 3 };

/* The progress bar's state (cli_progress.c). */
typedef struct cli_progress {
    char what[64];
    double start, last, delay;
    bool drawn;
} cli_progress;

typedef struct cli {
    const char *graph_path;   /* -g, or NULL for the built-in graph */
    const char *input_format; /* --input-format, or NULL: from the path */
    bool quiet;
    const char *argv0;
    cli_progress progress;
} cli;

/* Signals (signals.c).  Installed once at start: SIGINT and SIGTERM
 * remove erg's temporaries and end erg with the signal.  Between
 * cli_catch_interrupt and cli_release_interrupt, SIGINT only sets
 * cli_interrupted (and interrupts the engine E, when not NULL); a command
 * that stopped on it ends with cli_die_of_interrupt (status 130). */
struct erg_lua;
extern volatile sig_atomic_t cli_interrupted;
void cli_signals_install(void);
void cli_catch_interrupt(struct erg_lua *E);
void cli_release_interrupt(void);
void cli_die_of_interrupt(void);

/* Shows a progress bar for g's long work on a terminal (not with --quiet). */
void cli_progress_attach(cli *c, erg_graph *g);

typedef struct cli_cmd {
    const char *name;
    const char *summary;
    const char *usage; /* full help text */
    int (*run)(cli *c, int argc, char **argv); /* argv[0] is the command */
} cli_cmd;

/* Commands are defined as `const cli_cmd cli_cmd_NAME` in the file of
 * their group (cli_core.c, ...) and listed in cli.c's table. */

/* Prints "erg: " + message to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Matches --name VALUE or --name=VALUE at argv[*i]; advances *i. Returns 1
 * on a match, 0 on none, -1 (after printing) when the value is missing. */
int cli_opt(int argc, char **argv, int *i, const char *name, const char **val);
/* True when argv[i] asks for help. */
bool cli_is_help(const char *arg);
/* The data file or directory rel ("graphs/ice-azure") from the source
 * tree or the installed share/erg, found from the binary's own place; NULL
 * when absent. */
const char *cli_datafile(const char *rel, bool dir, char *buf, size_t n);
/* Path of the built-in graph (source tree or installed copy). */
const char *cli_builtin_graph(char *buf, size_t n);
/* Loads the graph named by path (NULL: the built-in one) into a new graph;
 * prints problems and returns NULL on failure. */
erg_graph *cli_load(cli *c, const char *path);
/* A title for the graph: the last part of its path ("ice-azure"). */
const char *cli_graph_title(cli *c, char *buf, size_t n);
/* Loads any graph file or directory into g, in the format --input-format
 * named or else the one its path and content suggest (erg_read_as). */
int cli_read_into(cli *c, erg_graph *g, const char *path, erg_diag_fn diag, void *ud);

#endif
