/*
 * extract.c -- the extract command: articles in, a draft graph out.
 * The work is the Lua pipeline of lua/extract/ (main.lua and the modules
 * beside it), run in a trusted engine of erg_lua.h; this file checks the
 * command line, finds the pipeline and the target graph, and reports.
 */
#include "cli.h"
#include "../erg_lua.h"

#include <lauxlib.h>
#include <lua.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_file(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The pipeline's main.lua: $ERG_EXTRACT_DIR, else beside the binary in
 * the source tree (bin/erg or build/NAME/bin/erg), else installed. */
static const char *pipeline_main(char *buf, size_t n) {
    const char *env = getenv("ERG_EXTRACT_DIR");
    if (env && *env) {
        snprintf(buf, n, "%s/main.lua", env);
        return is_file(buf) ? buf : NULL;
    }
    return cli_datafile("lua/extract/main.lua", false, buf, n);
}

static void print_diag(void *ud, const erg_diag *d) {
    (void)ud;
    fprintf(stderr, "%s\n", d->text);
}

typedef struct xopts {
    const char *graph, *rules, *out, *format, *date, *gazetteer, *lines;
    const char **files;
    int nfiles;
} xopts;

static int parse(cli *c, int argc, char **argv, xopts *o) {
    o->graph = c->graph_path;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r;
        if (!strcmp(a, "--")) {
            while (++i < argc) o->files[o->nfiles++] = argv[i];
            break;
        }
        if (a[0] != '-' || !a[1]) {
            o->files[o->nfiles++] = a;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "-g", &o->graph)) || (r = cli_opt(argc, argv, &i, "--graph", &o->graph)) ||
            (r = cli_opt(argc, argv, &i, "--rules", &o->rules)) || (r = cli_opt(argc, argv, &i, "-o", &o->out)) ||
            (r = cli_opt(argc, argv, &i, "--format", &o->format)) || (r = cli_opt(argc, argv, &i, "--date", &o->date)) ||
            (r = cli_opt(argc, argv, &i, "--gazetteer", &o->gazetteer)) ||
            (r = cli_opt(argc, argv, &i, "--lines", &o->lines))) {
            if (r < 0) return EXIT_USAGE;
            continue;
        }
        cli_error("extract: unknown option '%s' (see 'erg extract --help')", a);
        return EXIT_USAGE;
    }
    if (o->nfiles == 0) {
        cli_error("extract: no article given (usage: erg extract FILE.txt... [-o OUT])");
        return EXIT_USAGE;
    }
    for (int i = 0; i < o->nfiles; i++) {
        FILE *f = fopen(o->files[i], "rb");
        if (!f || !is_file(o->files[i])) {
            if (f) fclose(f);
            cli_error("extract: cannot read article '%s'", o->files[i]);
            return EXIT_USAGE;
        }
        fclose(f);
    }
    if (!o->format) o->format = o->out && strcmp(o->out, "-") ? "csv" : "review";
    if (strcmp(o->format, "csv") && strcmp(o->format, "json") && strcmp(o->format, "review")) {
        cli_error("extract: unknown format '%s' (csv, json or review)", o->format);
        return EXIT_USAGE;
    }
    if (!strcmp(o->format, "csv") && (!o->out || !strcmp(o->out, "-"))) {
        cli_error("extract: --format csv writes a directory: give -o DIR");
        return EXIT_USAGE;
    }
    erg_date d;
    if (o->date && erg_date_parse(o->date, strlen(o->date), &d) != ERG_OK) {
        cli_error("extract: --date wants YYYY-MM-DD (or YYYY-MM, YYYY), not '%s'", o->date);
        return EXIT_USAGE;
    }
    if (o->rules && !is_file(o->rules)) {
        cli_error("extract: cannot read rules file '%s'", o->rules);
        return EXIT_USAGE;
    }
    if (o->lines && strcmp(o->lines, "guess") && strcmp(o->lines, "blank") && strcmp(o->lines, "each")) {
        cli_error("extract: --lines wants guess, blank or each, not '%s'", o->lines);
        return EXIT_USAGE;
    }
    if (o->gazetteer && o->graph) {
        cli_error("extract: --gazetteer is for a draft graph; with -g the graph's own names are used");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* The article paths as the global table ERG_EXTRACT_FILES of the engine:
 * any number of them (the argument list of erg_lua_run_file is pushed on
 * the Lua stack one value each, and 37 or more files overflowed it).  One
 * table, two stack slots, whatever the count.  Run protected (push_files
 * under lua_pcall) so that running out of memory is an error, not a
 * panic; set_files returns false then. */
static int push_files(lua_State *L) {
    const xopts *o = lua_touserdata(L, 1);
    lua_createtable(L, o->nfiles, 0);
    for (int i = 0; i < o->nfiles; i++) {
        lua_pushstring(L, o->files[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setglobal(L, "ERG_EXTRACT_FILES");
    return 0;
}

static bool set_files(erg_lua *E, const xopts *o) {
    lua_State *L = erg_lua_state(E);
    if (!L || !lua_checkstack(L, 3)) return false;
    lua_pushcfunction(L, push_files);
    lua_pushlightuserdata(L, (void *)o);
    return lua_pcall(L, 1, 0, 0) == LUA_OK || (lua_pop(L, 1), false);
}

/* "--key=value" in a buffer of the argument list; NULL when out of room. */
static char *opt_arg(char *buf, size_t n, const char *key, const char *value) {
    snprintf(buf, n, "--%s=%s", key, value);
    return buf;
}

static int extract_run(cli *c, int argc, char **argv) {
    xopts o;
    memset(&o, 0, sizeof o);
    o.files = calloc((size_t)argc, sizeof *o.files);
    if (!o.files) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    int status = parse(c, argc, argv, &o);
    erg_lua *E = NULL;
    char **args = NULL;
    char main_path[PATH_MAX + 64], builtin[PATH_MAX + 64];
    char a_format[64], a_out[PATH_MAX + 16], a_date[64], a_rules[PATH_MAX + 16], a_gaz[PATH_MAX + 32],
        a_lines[32];
    if (status) goto done;
    if (!pipeline_main(main_path, sizeof main_path)) {
        cli_error("extract: cannot find the pipeline (lua/extract/main.lua); set ERG_EXTRACT_DIR");
        status = EXIT_RUNTIME;
        goto done;
    }
    erg_lua_opts lo;
    memset(&lo, 0, sizeof lo);
    lo.trusted = true;
    E = erg_lua_new(NULL, &lo);
    if (!E) {
        cli_error("out of memory");
        status = EXIT_RUNTIME;
        goto done;
    }
    if (o.graph) {
        erg_graph *g = erg_lua_graph(E);
        cli_progress_attach(c, g);
        if (cli_read_into(c, g, o.graph, print_diag, NULL) != ERG_OK) {
            if (erg_errcode(g) != ERG_EPARSE) cli_error("%s", erg_errmsg(g));
            status = cli_exit_status(erg_errcode(g), CLI_READ);
            goto done;
        }
        erg_set_progress(g, NULL, NULL);
    }
    if (!set_files(E, &o)) {
        cli_error("out of memory");
        status = EXIT_RUNTIME;
        goto done;
    }
    args = calloc(12, sizeof *args);
    if (!args) {
        cli_error("out of memory");
        status = EXIT_RUNTIME;
        goto done;
    }
    int n = 0;
    args[n++] = opt_arg(a_format, sizeof a_format, "format", o.format);
    if (o.out) args[n++] = opt_arg(a_out, sizeof a_out, "out", o.out);
    if (o.date) args[n++] = opt_arg(a_date, sizeof a_date, "date", o.date);
    if (o.rules) args[n++] = opt_arg(a_rules, sizeof a_rules, "rules", o.rules);
    if (o.lines) args[n++] = opt_arg(a_lines, sizeof a_lines, "lines", o.lines);
    if (o.graph) {
        args[n++] = "--merge";
    } else {
        const char *gz = o.gazetteer ? o.gazetteer : cli_builtin_graph(builtin, sizeof builtin);
        args[n++] = opt_arg(a_gaz, sizeof a_gaz, "gazetteer", gz);
    }
    if (c->quiet) args[n++] = "--quiet";
    fflush(stdout);
    int rc = erg_lua_run_file(E, main_path, n, args);
    fflush(stdout);
    if (rc != ERG_OK) {
        /* the pipeline's own errors are one line; a traceback follows */
        const char *msg = erg_lua_errmsg(E);
        const char *nl = getenv("ERG_TRACEBACK") ? NULL : strstr(msg, "\nstack traceback:");
        bool input = !strncmp(msg, "input: ", 7); /* main.lua's mark for bad input */
        if (input) msg += 7;
        cli_error("extract: %.*s", nl ? (int)(nl - msg) : (int)strlen(msg), msg);
        status = input ? EXIT_USAGE : cli_exit_status(rc, CLI_READ);
    }
done:
    erg_lua_free(E);
    free(args);
    free(o.files);
    return status;
}

const cli_cmd cli_cmd_extract = {
    "extract", "draft a graph from news articles (plain text)",
    "usage: erg [-g GRAPH] extract FILE.txt... [-g GRAPH] [-o OUT] [--format csv|json|review]\n"
    "                                [--rules RULES.lua] [--date YYYY-MM-DD]\n"
    "                                [--gazetteer GRAPH|none] [--lines guess|blank|each]\n"
    "\n"
    "Reads articles and proposes the entities and relationships they state,\n"
    "each relationship with the sentence that supports it (article, sentence\n"
    "number, byte offsets), the rule that found it and a confidence.\n"
    "\n"
    "Entities are found by the names and aliases of the target graph, by\n"
    "acronyms the article defines (\"Immigration and Customs Enforcement\n"
    "(ICE)\"), by organisation patterns (\"... Agency\", \"... Inc.\",\n"
    "\"Department of ...\"), by \"the company\"-style references, and as\n"
    "proper names typed person, organisation or place by titles, organisation\n"
    "and place words, country and state names and the words around them.\n"
    "A graph name links only as a whole name; one that may mean something\n"
    "else (\"Colorado\", an acronym with no support) is listed for review.\n"
    "Relationships come from rules (lua/extract/rules.lua): \"X oversees Y\",\n"
    "\"X, which oversees Y\", \"X provides ... to Y through Z\", \"X ordered N ...\n"
    "from Y\", \"X fined Y\", \"X invests ... in Y\" and more; entities named in\n"
    "one sentence that no rule joins get a weak mentioned_with link.  People,\n"
    "organisations and places need no known names: \"X, a Y professor\",\n"
    "\"Y's X\", \"X of Y\", \"X-based Y\", datelines, \"X sits on the board of\n"
    "Y\", \"X sued Y\", \"X killed Y\" (works_for, based_in, lives_in,\n"
    "located_in, board_member_of, sues, killed...).  Figures\n"
    "and dates are normalised: $75 billion is amount_usd 75000000000, A$16\n"
    "million amount_aud, 1,400 terabytes data_tb 1400, July 2025 2025-07;\n"
    "\"Tuesday\" or a bare \"January\" is resolved against the article's date\n"
    "(--date, else a dateline) or kept in unresolved_date.\n"
    "\n"
    "  -g GRAPH             the target graph (a CSV graph directory or a graph\n"
    "                       file in any format erg reads): its names are looked\n"
    "                       for and the result is merged into it (written to OUT)\n"
    "  --gazetteer GRAPH    without -g: whose names to look for (default: the\n"
    "                       built-in graph); 'none' for no list\n"
    "  -o OUT               where to write (a directory for csv; '-' or none:\n"
    "                       standard output)\n"
    "  --format csv         a CSV graph directory (the default with -o)\n"
    "  --format json        networkx node-link JSON\n"
    "  --format review      proposals with their sentences, to accept or\n"
    "                       reject (the default without -o)\n"
    "  --rules RULES.lua    more rules, tried before the built-in ones; the file\n"
    "                       returns a list of rules, or {rules = {...},\n"
    "                       replace = true, names = {{name=, type=}...}}\n"
    "  --date YYYY-MM-DD    the articles' date, for \"Tuesday\" and \"in July\"\n"
    "  --lines MODE         line breaks end sentences: guess (default), blank\n"
    "                       (only blank lines), each (one sentence a line)\n"
    "\n"
    "The pipeline is Lua (lua/extract/, installed in PREFIX/share/erg/lua/\n"
    "extract); ERG_EXTRACT_DIR names another copy to run.\n",
    extract_run};
