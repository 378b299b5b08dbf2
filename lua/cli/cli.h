/*
 * cli.h -- what the command-line front end's files share: the command
 * table, argument helpers, graph loading and exit statuses.  Not part of
 * any library.
 *
 * Layers, bottom up (each file calls only those below it; checked with
 * nm -u): progress.c (core/erg.h only) <- common.c <- the command groups
 * core.c, analysis.c, draw.c, scripts.c and extract.c (these two also
 * lua/erg_lua.h) <- main.c, which parses the global options and calls a
 * command.
 */
#ifndef ERG_CLI_H
#define ERG_CLI_H

#include "../../core/erg.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

/* Exit statuses of the erg command. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_SANDBOX = 3 };

/* What a command was doing when a call failed, for cli_exit_status. */
typedef enum cli_stage {
    CLI_READ,  /* reading what the user named: a graph, a script, a directory */
    CLI_RUN,   /* working with the user's options: analysis, layout, rendering */
    CLI_WRITE  /* writing the result */
} cli_stage;
/* The exit status for an erg.h or erg_lua.h status; every command maps
 * failures through this.  0 for ERG_OK; 3 for ERG_ESANDBOX; 1 for a
 * failure in the doing: ERG_ENOMEM, ERG_EANALYSIS, ERG_ESCRIPT, ERG_EIO
 * unless reading, anything when writing (a graph the format cannot carry
 * too); 2 for bad input or usage: every other status, and ERG_EIO when
 * reading (a file that is not there or cannot be read). */
int cli_exit_status(int erg_status, cli_stage stage);

/* The progress bar's state (progress.c). */
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
    int load_status;          /* exit status after cli_load failed */
    /* --as-of, --since, --until: cli_load gives commands the graph at that
     * time (erg_graph_as_of); has_* say which were given */
    erg_date as_of, since, until;
    bool has_as_of, has_since, has_until;
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

/* The end of the help of every command that reads -g GRAPH. */
#define CLI_GRAPH_HELP                                                              \
    "\n"                                                                           \
    "-g GRAPH (before the command): a CSV graph directory or a graph file in any\n" \
    "format erg reads, told by its extension or content (--input-format F names\n" \
    "it: csv, graphml, json, gexf, ftm); without -g, the built-in graph\n"   \
    "(graphs/ice-azure).\n"

/* Commands are defined as `const cli_cmd cli_cmd_NAME` in the file of
 * their group (core.c, ...) and listed in main.c's table. */

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
 * prints problems and returns NULL on failure, with c->load_status the
 * exit status to return. */
erg_graph *cli_load(cli *c, const char *path);
/* A title for the graph: the last part of its path ("ice-azure"). */
const char *cli_graph_title(cli *c, char *buf, size_t n);
/* Loads any graph file or directory into g, in the format --input-format
 * named or else the one its path and content suggest (erg_read_as). */
int cli_read_into(cli *c, erg_graph *g, const char *path, erg_diag_fn diag, void *ud);
/* Replaces *g by its copy at the time the global options name (no-op
 * without them); prints and returns -1 on failure (*g is kept then). */
int cli_apply_time(cli *c, erg_graph **g);
/* Where the objects of a CSV graph directory are (lines.c): the line of
 * each value of column key ("id"; "key" in graph.csv) in GRAPH/FILE and
 * the column of each attribute.  For
 * a graph that is not a CSV directory, path is the graph's and every
 * line 0 (unknown).  Memory is plain malloc; a failed allocation only
 * leaves lines unknown. */
#define CLI_LINES_COLS 256
typedef struct cli_row { char *id; unsigned long line; } cli_row;
typedef struct cli_lines {
    char path[8400];           /* DIR/entities.csv..., or the graph file */
    bool csv, has_ids;
    cli_row *rows;             /* sorted by id when has_ids */
    unsigned long *order;      /* line of the n-th row */
    size_t n;
    char *header[CLI_LINES_COLS];
    size_t width;
} cli_lines;
void cli_lines_read(cli_lines *l, const char *graph, const char *file, const char *key);
/* The line of id, else (a file without ids) of the nth row; 0: unknown. */
unsigned long cli_lines_find(const cli_lines *l, const char *id, size_t nth);
/* The 1-based column of attr; 0 when the file has none. */
size_t cli_lines_col(const cli_lines *l, const char *attr);
void cli_lines_free(cli_lines *l);

/* A number in --format json output, printed with fmt ("%.17g", "%.4f");
 * NaN and infinities, which JSON cannot carry, as null. */
void cli_json_num(erg_out *o, const char *fmt, double x);

#endif
