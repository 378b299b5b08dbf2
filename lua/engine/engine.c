/*
 * engine.c -- the script engine of erg_lua.h, the top of lua/engine: a
 * Lua state with the erg module and a graph, and running chunks and files
 * with tracebacks.  The meter, the hook and violations are in limits.c,
 * the sandbox's environment and path rules in sandbox.c.
 *
 * Everything done on the state happens inside lua_pcall, so neither a
 * script nor running out of memory can raise into the host.
 *
 * Limits.  One meter counts the Lua state's bytes and the bytes of every
 * graph the engine makes (the engine's own graph and those of erg.new and
 * erg.load); a run may grow that total by max_memory over what the graphs
 * held when it started.  A refused allocation trips the meter until the
 * run ends and stops the run: the count hook is armed to fire at every
 * instruction and raise again, so pcall cannot swallow it.  Steps are VM
 * instructions (counted by a hook every hook_count of them) plus the C
 * work the binding charges.
 */
#include "engine.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lualib.h>

/* ---- print -------------------------------------------------------------------------- */
static void write_stdout(void *ud, const char *s, size_t n) {
    (void)ud;
    fwrite(s, 1, n, stdout);
}

static int print(lua_State *L) {
    erg_lua *E = lerg_engine(L);
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1) luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_addchar(&b, '\n');
    luaL_pushresult(&b);
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    E->write(E->write_ud, s, len);
    return 0;
}

/* ---- creating an engine ------------------------------------------------------------ */
static int setup(lua_State *L) {
    erg_lua *E = lua_touserdata(L, 1);
    if (E->sandbox) lerg_sandbox_setup(L, E);
    else luaL_openlibs(L);
    /* the sandbox's environments copy it from the globals */
    lua_pushcfunction(L, print);
    lua_setglobal(L, "print");
    luaL_requiref(L, "erg", luaopen_erg, 0);
    E->module_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lerg_push_graph(L, E->graph);
    E->graph_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

static char *dupstr(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* Replaces E's message (and code); NULL message when out of memory
 * (erg_lua_errmsg then says so). */
static int set_error(erg_lua *E, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    free(E->errmsg);
    E->errmsg = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (E->errmsg) {
        va_start(ap, fmt);
        vsnprintf(E->errmsg, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    E->errcode = code;
    return code;
}

static void init_out_dir(erg_lua *E, const char *dir) {
    struct stat st;
    char *real = realpath(dir, NULL);
    if (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
        set_error(E, ERG_EIO, "output directory '%s': %s", dir, real ? "not a directory" : strerror(errno));
        E->init_error = dupstr(E->errmsg ? E->errmsg : "bad output directory");
    } else {
        E->out_dir = dupstr(real);
        if (!E->out_dir) set_error(E, ERG_ENOMEM, "out of memory");
        E->out_fd = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
    }
    free(real);
}

erg_lua *erg_lua_new(erg_graph *g, const erg_lua_opts *opts) {
    erg_lua_opts o;
    if (opts) o = *opts;
    else memset(&o, 0, sizeof o);
    erg_lua *E = calloc(1, sizeof *E);
    if (!E) return NULL;
    E->sandbox = !o.trusted;
    E->out_fd = -1;
    for (int i = 0; i < 16; i++) E->gate_fd[i] = -1;
    E->max_memory = o.max_memory ? o.max_memory : E->sandbox ? ERG_LUA_DEFAULT_MEMORY : 0;
    E->host.max_steps = o.max_steps ? o.max_steps : E->sandbox ? ERG_LUA_DEFAULT_STEPS : 0;
    E->hook_count = E->host.max_steps && E->host.max_steps < 1000 ? (int)E->host.max_steps : 1000;
    E->write = o.write ? o.write : write_stdout;
    E->write_ud = o.write_ud;
    E->host.alloc = lerg_graph_meter;
    E->host.alloc_ud = E;
    E->host.over = lerg_host_over;
    E->host.path = E->sandbox ? lerg_sandbox_path : NULL;
    E->host.written = E->sandbox ? lerg_sandbox_written : NULL;
    E->host.ud = E;
    E->graph = g;
    if (!g) {
        E->graph = erg_graph_new_with(lerg_graph_meter, E);
        E->own_graph = true;
    }
    E->L = E->graph ? lua_newstate(lerg_lua_meter, E) : NULL;
    if (!E->L) {
        erg_lua_free(E);
        return NULL;
    }
    *(erg_lua **)lua_getextraspace(E->L) = E;
    lerg_host_set(E->L, &E->host);
    lua_pushcfunction(E->L, setup);
    lua_pushlightuserdata(E->L, E);
    if (lua_pcall(E->L, 1, 0, 0) != LUA_OK) {
        erg_lua_free(E);
        return NULL;
    }
    E->errmsg = dupstr("");
    E->result = dupstr("");
    if (!E->errmsg || !E->result) {
        erg_lua_free(E);
        return NULL;
    }
    if (o.out_dir) init_out_dir(E, o.out_dir);
    return E;
}

void erg_lua_free(erg_lua *E) {
    if (!E) return;
    E->running = false;
    if (E->L) lua_close(E->L);
    lerg_cmem_release_all(&E->host); /* what dropped finalizers left */
    if (E->own_graph) erg_graph_free(E->graph);
    lerg_sandbox_close_fds(E);
    if (E->out_fd >= 0) close(E->out_fd);
    free(E->out_dir);
    free(E->init_error);
    free(E->errmsg);
    free(E->result);
    free(E);
}

erg_graph *erg_lua_graph(erg_lua *E) { return E->graph; }
struct lua_State *erg_lua_state(erg_lua *E) { return E->L; }
const char *erg_lua_errmsg(const erg_lua *E) { return E->errmsg ? E->errmsg : "out of memory"; }
int erg_lua_errcode(const erg_lua *E) { return E->errcode; }
const char *erg_lua_result(const erg_lua *E) { return E->result ? E->result : ""; }
bool erg_lua_incomplete(const erg_lua *E) { return E->incomplete; }

/* ---- running ------------------------------------------------------------------------- */
typedef struct job {
    const char *code;  /* the chunk (text or, trusted, binary) */
    size_t len;
    const char *chunkname;
    bool expression;   /* try "return " .. code first */
    const char *path;  /* for arg[0] (NULL: eval) */
    int argc;
    char *const *argv;
    int status;        /* of the script: LUA_OK or an error */
    bool load_failed;
} job;

/* The message handler: the error with a traceback.  A sandbox never calls
 * an error object's __tostring (it could loop or fail); a trusted engine
 * tries it, protected. */
static int msgh(lua_State *L) {
    erg_lua *E = lerg_engine(L);
    const char *msg = lua_tostring(L, 1);
    lua_Debug ar;
    size_t n = msg ? strlen(msg) : 0;
    /* recursion that overflowed Lua's stack (or C stack) is a limit too; a
     * deep stack tells it from a script raising those words */
    if (E->sandbox && !E->violation && n >= 14 && !strcmp(msg + n - 14, "stack overflow") &&
        lua_getstack(L, 150, &ar)) {
        E->violation = true;
        snprintf(E->vmsg, sizeof E->vmsg, "sandbox: stack overflow (recursion too deep)");
    }
    if (E->violation) lerg_note_where(L, E);
    if (!msg && !E->sandbox && luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL) {
        lua_pushvalue(L, 1);
        if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING) msg = lua_tostring(L, -1);
    }
    if (!msg) msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Compiles the job's chunk; pushes the function (or the error message and
 * returns the status). */
static int compile(lua_State *L, erg_lua *E, job *J) {
    const char *mode = E->sandbox ? "t" : "bt";
    if (E->sandbox && J->len > 0 && J->code[0] == LUA_SIGNATURE[0])
        lerg_violation(L, E, "sandbox: binary chunks are not allowed");
    if (J->expression) {
        lua_pushfstring(L, "return %s;", J->code);
        size_t n;
        const char *s = lua_tolstring(L, -1, &n);
        int st = luaL_loadbufferx(L, s, n, J->chunkname, mode);
        lua_remove(L, -2);
        if (st == LUA_OK) return st;
        lua_pop(L, 1);
    }
    int st = luaL_loadbufferx(L, J->code, J->len, J->chunkname, mode);
    if (st == LUA_ERRSYNTAX) {
        size_t n;
        const char *msg = lua_tolstring(L, -1, &n);
        E->incomplete = n >= 5 && !strcmp(msg + n - 5, "<eof>");
    }
    return st;
}

/* Pushes the arg table of the job. */
static void push_args(lua_State *L, job *J) {
    lua_createtable(L, J->argc, 1);
    if (J->path) {
        lua_pushstring(L, J->path);
        lua_rawseti(L, -2, 0);
    }
    for (int i = 0; i < J->argc; i++) {
        lua_pushstring(L, J->argv[i]);
        lua_rawseti(L, -2, i + 1);
    }
}

/* Renders the results from index first to the top into one string. */
static void render_results(lua_State *L, int first) {
    int top = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = first; i <= top; i++) {
        if (i > first) luaL_addchar(&b, '\n');
        lerg_pretty(L, i);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
}

/* The whole run, protected: environment, compile, call, render. */
static int protected_run(lua_State *L) {
    erg_lua *E = lerg_engine(L);
    job *J = lua_touserdata(L, 1);
    lua_settop(L, 0);
    lua_pushcfunction(L, msgh); /* 1 */
    int st = compile(L, E, J);  /* 2: the chunk or the message */
    if (st != LUA_OK) {
        J->status = st;
        J->load_failed = true;
        return 1;
    }
    if (E->sandbox) {
        lerg_sandbox_env(L, E);
        push_args(L, J);
        lua_setfield(L, -2, "arg");
        lua_setupvalue(L, 2, 1); /* the chunk's _ENV */
    } else {
        lua_rawgeti(L, LUA_REGISTRYINDEX, E->graph_ref);
        lua_setglobal(L, "graph");
        lua_rawgeti(L, LUA_REGISTRYINDEX, E->module_ref);
        lua_setglobal(L, "erg");
        push_args(L, J);
        lua_setglobal(L, "arg");
    }
    /* the arguments also go on the stack (...): room for each one */
    luaL_checkstack(L, J->argc + 1, "too many arguments for a script");
    for (int i = 0; i < J->argc; i++) lua_pushstring(L, J->argv[i]);
    J->status = lua_pcall(L, J->argc, LUA_MULTRET, 1);
    if (J->status != LUA_OK) return 1;
    lua_settop(L, J->path ? 1 : lua_gettop(L)); /* a file's results are not shown */
    render_results(L, 2);
    return 1;
}

static void begin_run(erg_lua *E) {
    E->violation = false;
    E->vmsg[0] = E->vwhere[0] = '\0';
    E->incomplete = false;
    E->mem_tripped = false;
    E->host.stopped = false;
    E->host.steps = 0;
    if (E->sandbox) lua_gc(E->L, LUA_GCCOLLECT);
    E->graph_base = E->graph_bytes;
    E->running = true;
    E->interrupted = 0; /* an interrupt between runs is not this run's */
    lerg_cpu_start(E);
    if (E->host.max_steps || E->max_memory) lua_sethook(E->L, lerg_hook, LUA_MASKCOUNT, E->hook_count);
    else lua_sethook(E->L, NULL, 0, 0);
}

static int run_job(erg_lua *E, job *J) {
    lua_State *L = E->L;
    free(E->result);
    E->result = NULL;
    if (E->init_error) {
        E->result = dupstr("");
        return set_error(E, ERG_EIO, "%s", E->init_error);
    }
    set_error(E, ERG_OK, "%s", "");
    begin_run(E);
    lua_settop(L, 0);
    lua_pushcfunction(L, protected_run);
    lua_pushlightuserdata(L, J);
    int st = lua_pcall(L, 1, 1, 0);
    E->running = false;
    lua_sethook(L, NULL, 0, 0);
    lerg_sandbox_close_fds(E);
    size_t n = 0;
    const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &n) : NULL;
    if (E->violation) {
        set_error(E, E->interrupted ? ERG_EINTERRUPTED : ERG_ESANDBOX, "%s%s", E->vwhere, E->vmsg);
    } else if (st != LUA_OK || J->status != LUA_OK) {
        set_error(E, ERG_ESCRIPT, "%s", s ? s : "not enough memory");
    } else {
        E->result = malloc(n + 1);
        if (!E->result) {
            set_error(E, ERG_ENOMEM, "out of memory");
        } else {
            if (n) memcpy(E->result, s, n);
            E->result[n] = '\0';
        }
    }
    if (!E->result) E->result = dupstr("");
    lua_settop(L, 0);
    if (E->sandbox) lua_gc(L, LUA_GCCOLLECT);
    return E->errcode;
}

int erg_lua_run_string(erg_lua *E, const char *code, const char *name) {
    char chunkname[256];
    snprintf(chunkname, sizeof chunkname, "=%s", name ? name : "eval");
    job J = {code, strlen(code), chunkname, true, NULL, 0, NULL, LUA_OK, false};
    return run_job(E, &J);
}

/* Reads a whole file; NULL (errno set) on failure. */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) break;
        char *nb = cap < SIZE_MAX / 2 ? realloc(buf, cap *= 2) : NULL;
        if (!nb) {
            free(buf);
            buf = NULL;
            errno = ENOMEM;
        }
        buf = nb;
    }
    int err = ferror(f) ? (errno ? errno : EIO) : 0;
    if (buf && err) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (err) errno = err;
    *len = n;
    return buf;
}

int erg_lua_run_file(erg_lua *E, const char *path, int argc, char *const *argv) {
    size_t len;
    char *code = read_file(path, &len);
    if (!code) return set_error(E, ERG_EIO, "cannot open %s: %s", path, strerror(errno));
    /* a first line starting with '#' (#!/usr/bin/env erg...) is skipped,
     * its newline kept so that line numbers stay right */
    const char *start = code;
    if (len > 0 && code[0] == '#') {
        const char *nl = memchr(code, '\n', len);
        start = nl ? nl : code + len;
    }
    size_t nlen = len - (size_t)(start - code);
    char *chunkname = malloc(strlen(path) + 2);
    if (!chunkname) {
        free(code);
        return set_error(E, ERG_ENOMEM, "out of memory");
    }
    chunkname[0] = '@';
    strcpy(chunkname + 1, path);
    job J = {start, nlen, chunkname, false, path, argc, argv, LUA_OK, false};
    int rc = run_job(E, &J);
    free(chunkname);
    free(code);
    return rc;
}
