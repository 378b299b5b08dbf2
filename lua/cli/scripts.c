/*
 * scripts.c -- the scripting commands: run (a script file), eval (one
 * chunk, printing what it returns) and shell (a REPL with line editing and
 * history).  All three go through the engine of erg_lua.h.  In the shell
 * Ctrl-C interrupts the running chunk or clears the line being typed; only
 * Ctrl-D (or os.exit) leaves.
 */
#include "cli.h"
#include "../erg_lua.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>

typedef struct lua_opts {
    bool sandbox;
    const char *max_memory, *max_steps, *out;
} lua_opts;

/* Parses "123", "64K", "64M", "1G" (binary multiples). */
static bool parse_count(const char *s, bool suffixes, uint64_t *out) {
    char *end;
    errno = 0;
    if (!*s || *s == '-') return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s) return false;
    int shift = 0;
    if (suffixes && *end) {
        shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : -1;
        if (shift < 0 || end[1]) return false;
        end++;
    }
    if (*end || v == 0 || v > (UINT64_MAX >> shift)) return false;
    *out = (uint64_t)v << shift;
    return true;
}

/* Reads the options before the first operand; returns the index of that
 * operand, or -1 after printing a usage error. */
static int parse_opts(const char *cmd, int argc, char **argv, lua_opts *o) {
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        int r;
        if (!strcmp(argv[i], "--")) return i + 1;
        if (!strcmp(argv[i], "--sandbox")) {
            o->sandbox = true;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--max-memory", &o->max_memory)) ||
            (r = cli_opt(argc, argv, &i, "--max-steps", &o->max_steps)) ||
            (r = cli_opt(argc, argv, &i, "--out", &o->out))) {
            if (r < 0) return -1;
            continue;
        }
        cli_error("%s: unknown option '%s' (see 'erg %s --help')", cmd, argv[i], cmd);
        return -1;
    }
    if (o->out && !o->sandbox) {
        cli_error("%s: --out only applies with --sandbox (a trusted script may write anywhere)", cmd);
        return -1;
    }
    return i;
}

static void print_diag(void *ud, const erg_diag *d) {
    (void)ud;
    fprintf(stderr, "%s\n", d->text);
}

/* A new engine over the graph of the command line; prints and returns
 * NULL (with *status) on failure. */
static erg_lua *open_engine(cli *c, const char *cmd, const lua_opts *lo, int *status) {
    erg_lua_opts o;
    memset(&o, 0, sizeof o);
    o.trusted = !lo->sandbox;
    o.out_dir = lo->out;
    uint64_t v;
    *status = EXIT_USAGE;
    if (lo->max_memory) {
        if (!parse_count(lo->max_memory, true, &v) || v > SIZE_MAX) {
            cli_error("%s: --max-memory wants a positive number of bytes (e.g. 1048576 or 64M), not '%s'", cmd,
                      lo->max_memory);
            return NULL;
        }
        o.max_memory = (size_t)v;
    }
    if (lo->max_steps) {
        if (!parse_count(lo->max_steps, false, &v)) {
            cli_error("%s: --max-steps wants a positive number, not '%s'", cmd, lo->max_steps);
            return NULL;
        }
        o.max_steps = v;
    }
    erg_lua *E = erg_lua_new(NULL, &o);
    if (!E) {
        cli_error("out of memory");
        *status = EXIT_RUNTIME;
        return NULL;
    }
    if (erg_lua_errcode(E)) {
        cli_error("%s: %s", cmd, erg_lua_errmsg(E));
        *status = cli_exit_status(erg_lua_errcode(E), CLI_READ);
        erg_lua_free(E);
        return NULL;
    }
    char buf[4096 + 64];
    const char *path = c->graph_path ? c->graph_path : cli_builtin_graph(buf, sizeof buf);
    erg_graph *g = erg_lua_graph(E);
    if (cli_read_into(c, g, path, print_diag, NULL) != ERG_OK) {
        if (erg_errcode(g) != ERG_EPARSE) cli_error("%s", erg_errmsg(g));
        *status = cli_exit_status(erg_errcode(g), CLI_READ);
        erg_lua_free(E);
        return NULL;
    }
    *status = EXIT_OK;
    return E;
}

/* Prints the outcome of a run; returns the exit status.  A run's
 * ERG_EIO is the script that could not be read (CLI_READ: bad usage). */
static int report(erg_lua *E, int rc) {
    const char *res = erg_lua_result(E);
    if (rc == ERG_OK) {
        if (*res) printf("%s\n", res);
    } else {
        fflush(stdout);
        if (rc == ERG_EIO) cli_error("%s", erg_lua_errmsg(E)); /* not the script's own message */
        else fprintf(stderr, "%s\n", erg_lua_errmsg(E));
    }
    return cli_exit_status(rc, CLI_READ);
}

/* ---- run and eval --------------------------------------------------------------- */
static int run_run(cli *c, int argc, char **argv) {
    lua_opts lo = {false, NULL, NULL, NULL};
    int i = parse_opts("run", argc, argv, &lo), status;
    if (i < 0) return EXIT_USAGE;
    if (i >= argc) {
        cli_error("run: no script given (usage: erg run [OPTIONS] SCRIPT [ARGS...])");
        return EXIT_USAGE;
    }
    erg_lua *E = open_engine(c, "run", &lo, &status);
    if (!E) return status;
    int rc = erg_lua_run_file(E, argv[i], argc - i - 1, argv + i + 1);
    /* a script's return values are not printed: it prints what it wants */
    if (rc == ERG_OK) status = EXIT_OK;
    else status = report(E, rc);
    erg_lua_free(E);
    return status;
}

static int run_eval(cli *c, int argc, char **argv) {
    lua_opts lo = {false, NULL, NULL, NULL};
    int i = parse_opts("eval", argc, argv, &lo), status;
    if (i < 0) return EXIT_USAGE;
    if (i != argc - 1) {
        cli_error("eval: give exactly one chunk of code (usage: erg eval [OPTIONS] 'CODE')");
        return EXIT_USAGE;
    }
    erg_lua *E = open_engine(c, "eval", &lo, &status);
    if (!E) return status;
    status = report(E, erg_lua_run_string(E, argv[i], "eval"));
    erg_lua_free(E);
    return status;
}

#define LUA_OPTIONS                                                                  \
    "  --sandbox          run as an untrusted script: no files but through --out,\n" \
    "                     no io/os/debug/package, limited memory and steps\n"        \
    "  --max-memory BYTES memory the script may use (suffixes K, M, G); default\n"   \
    "                     64M with --sandbox, else no limit\n"                       \
    "  --max-steps N      Lua instructions plus C work (traversal steps, pattern\n"  \
    "                     matching); default 100000000 with --sandbox, else none\n"  \
    "  --out DIR          with --sandbox: the directory where g:save and g:export\n" \
    "                     may write (relative paths inside it)\n"

const cli_cmd cli_cmd_run = {
    "run", "run a Lua script over the graph",
    "usage: erg [-g GRAPH] run [OPTIONS] SCRIPT [ARGS...]\n"
    "\n"
    "Runs the Lua script SCRIPT.  Its globals: `graph`, the graph (the built-in\n"
    "one unless -g), `erg`, the module, and `arg`, the arguments (arg[0] is\n"
    "SCRIPT).  An error prints SCRIPT:LINE: message and a traceback (exit 1); a\n"
    "sandbox violation prints what was refused or which limit was reached\n"
    "(exit 3).\n"
    "\n" LUA_OPTIONS CLI_GRAPH_HELP,
    run_run};

const cli_cmd cli_cmd_eval = {
    "eval", "run one chunk of Lua and print what it returns",
    "usage: erg [-g GRAPH] eval [OPTIONS] 'CODE'\n"
    "\n"
    "Runs CODE (an expression or statements) with the globals of 'erg run' and\n"
    "prints what it returns, one value a line: entities and relationships with\n"
    "their fields and attributes, tables with their keys.\n"
    "  erg eval 'graph:V{type=\"company\"}:count()'\n"
    "\n" LUA_OPTIONS CLI_GRAPH_HELP,
    run_eval};

/* ---- shell ------------------------------------------------------------------------- */
typedef struct line_reader {
    bool tty;
    char *history; /* file, or NULL */
} line_reader;

/* libedit's source of keys: a read that gives up when Ctrl-C came (the
 * handler sets cli_interrupted; SA_RESTART is off, so read returns
 * EINTR), which ends readline as at the end of input. */
static int shell_getc(FILE *f) {
    unsigned char ch;
    for (;;) {
        ssize_t n = read(fileno(f), &ch, 1);
        if (n == 1) return ch;
        if (n < 0 && errno == EINTR && !cli_interrupted) continue;
        return -1;
    }
}

/* The next line (malloc'd, without its newline), or NULL at the end or
 * on Ctrl-C (then cli_interrupted is set). */
static char *read_line(line_reader *r, bool more) {
    cli_interrupted = 0;
    if (r->tty) return readline(more ? "  ...> " : "erg> ");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0) {
        free(line);
        if (cli_interrupted) clearerr(stdin);
        return NULL;
    }
    if (n > 0 && line[n - 1] == '\n') line[n - 1] = '\0';
    return line;
}

static char *history_path(void) {
    const char *env = getenv("ERG_HISTORY");
    if (env) return *env ? strdup(env) : NULL;
    const char *home = getenv("HOME");
    if (!home || !*home) return NULL;
    size_t n = strlen(home) + sizeof "/.erg_history";
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/.erg_history", home);
    return p;
}

/* Appends line to the chunk being typed (*buf, *len). */
static bool append_line(char **buf, size_t *len, const char *line) {
    size_t n = strlen(line);
    char *nb = realloc(*buf, *len + n + 2);
    if (!nb) return false;
    if (*len) nb[(*len)++] = '\n';
    memcpy(nb + *len, line, n + 1);
    *len += n;
    *buf = nb;
    return true;
}

static int run_shell(cli *c, int argc, char **argv) {
    lua_opts lo = {false, NULL, NULL, NULL};
    int status;
    if (argc > 1) {
        cli_error("shell: unknown argument '%s' (see 'erg shell --help')", argv[1]);
        return EXIT_USAGE;
    }
    erg_lua *E = open_engine(c, "shell", &lo, &status);
    if (!E) return status;
    line_reader r = {isatty(STDIN_FILENO) != 0, NULL};
    cli_catch_interrupt(NULL);
    if (r.tty) {
        rl_catch_signals = 0; /* the handler is erg's (signals.c) */
        rl_getc_function = shell_getc;
        r.history = history_path();
        using_history();
        stifle_history(1000);
        if (r.history) read_history(r.history);
        printf("erg %s: graph with %zu entities, %zu relationships; the globals are graph and erg.\n"
               "Type Lua (an expression prints its value); Ctrl-C interrupts, Ctrl-D quits.\n",
               ERG_VERSION, erg_entity_count(erg_lua_graph(E)), erg_rel_count(erg_lua_graph(E)));
    }
    char *chunk = NULL, *line;
    size_t len = 0;
    for (;;) {
        if (!(line = read_line(&r, len > 0))) {
            if (!cli_interrupted) break;
            /* Ctrl-C at the prompt: drop what was typed, prompt again */
            if (r.tty) putchar('\n');
            fflush(stdout);
            len = 0;
            continue;
        }
        if (r.tty && *line) add_history(line);
        bool ok = append_line(&chunk, &len, line);
        free(line);
        if (!ok) {
            cli_error("out of memory");
            break;
        }
        if (len == 0) continue;
        cli_catch_interrupt(E);
        int rc = erg_lua_run_string(E, chunk, "stdin");
        cli_catch_interrupt(NULL);
        if (rc == ERG_ESCRIPT && erg_lua_incomplete(E)) continue; /* read more */
        report(E, rc);
        fflush(stdout);
        len = 0;
    }
    cli_release_interrupt();
    if (len) report(E, erg_lua_run_string(E, chunk, "stdin"));
    if (r.tty) {
        putchar('\n');
        if (r.history) write_history(r.history);
    }
    free(chunk);
    free(r.history);
    erg_lua_free(E);
    return EXIT_OK;
}

const cli_cmd cli_cmd_shell = {
    "shell", "an interactive Lua prompt over the graph",
    "usage: erg [-g GRAPH] shell\n"
    "\n"
    "Reads Lua a line at a time (with line editing and history, kept in\n"
    "~/.erg_history or $ERG_HISTORY) and prints what each chunk returns:\n"
    "entities and relationships with their fields and attributes, tables with\n"
    "their keys.  A chunk may span lines.  The globals are those of 'erg run'\n"
    "and stay from one line to the next.  Ctrl-C interrupts the running chunk\n"
    "(\"interrupted\") or clears the line being typed; Ctrl-D quits.\n"
    CLI_GRAPH_HELP,
    run_shell};
