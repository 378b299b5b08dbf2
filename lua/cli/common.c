/*
 * common.c -- what every command of the erg program uses: messages,
 * options, erg's data files, loading the graph, and the one mapping from
 * erg statuses to exit statuses.  Below the commands: it calls only
 * core/erg.h and progress.c.
 */
#include "cli.h"
#include "../erg_lua.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef ERG_DATADIR
#define ERG_DATADIR "/usr/local/share/erg"
#endif

/* Design: the status alone cannot say whose fault a failure is.  ERG_EIO
 * is bad input when the file is one the user named for reading (a graph,
 * a script) and a runtime failure when a result could not be written;
 * ERG_EINVAL is a bad option when analysing and, when writing, a graph the
 * output format cannot carry.  So the caller says what it was doing, and
 * this is the only place that turns statuses into exit statuses. */
int cli_exit_status(int erg_status, cli_stage stage) {
    switch (erg_status) {
    case ERG_OK: return EXIT_OK;
    case ERG_ESANDBOX: return EXIT_SANDBOX;
    case ERG_ENOMEM:
    case ERG_EANALYSIS:
    case ERG_ESCRIPT: return EXIT_RUNTIME;
    case ERG_EIO: return stage == CLI_READ ? EXIT_USAGE : EXIT_RUNTIME;
    default: return stage == CLI_WRITE ? EXIT_RUNTIME : EXIT_USAGE;
    }
}

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
        c->load_status = EXIT_RUNTIME;
        return NULL;
    }
    cli_progress_attach(c, g);
    if (cli_read_into(c, g, path, print_diag, NULL) != ERG_OK) {
        if (erg_errcode(g) != ERG_EPARSE) cli_error("%s", erg_errmsg(g));
        c->load_status = cli_exit_status(erg_errcode(g), CLI_READ);
        erg_graph_free(g);
        return NULL;
    }
    if (cli_apply_time(c, &g)) {
        c->load_status = EXIT_USAGE;
        erg_graph_free(g);
        return NULL;
    }
    return g;
}

int cli_apply_time(cli *c, erg_graph **g) {
    if (!c->has_as_of && !c->has_since && !c->has_until) return 0;
    erg_time_opts t = {c->has_as_of ? &c->as_of : NULL, c->has_since ? &c->since : NULL,
                       c->has_until ? &c->until : NULL};
    erg_graph *n;
    if (erg_graph_as_of(*g, &t, &n) != ERG_OK) {
        cli_error("%s", erg_errmsg(*g));
        return -1;
    }
    erg_graph_free(*g);
    *g = n;
    return 0;
}


void cli_json_num(erg_out *o, const char *fmt, double x) {
    if (!isfinite(x)) erg_out_write(o, "null", 4);
    else erg_out_printf(o, fmt, x);
}
