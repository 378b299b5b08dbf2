/*
 * erg_lua.h -- running Lua scripts over an erg graph from C: the engine
 * behind `erg run`, `erg eval` and `erg shell`, for programs that embed
 * erg.  Link with `pkg-config --libs erg`; include erg.h first.
 *
 * An engine is one Lua state with the `erg` module loaded and a graph
 * bound to the global `graph`.  By default it is a sandbox, for scripts
 * the host does not trust:
 *
 *  - Each run gets a fresh environment holding only: the base functions
 *    that touch nothing outside the state (no dofile, loadfile,
 *    collectgarbage; load takes text chunks only), string (with
 *    step-counted pattern functions, no dump), table, math, utf8,
 *    coroutine, os.clock/time/date/difftime, require("erg"), print, erg,
 *    graph and arg.  The string metatable cannot be reached; scripts cannot
 *    set finalizers (__gc).
 *  - A memory limit (a custom allocator for the state and for every graph
 *    the engine makes) and a step limit (VM instructions through a count
 *    hook, plus the work done in C: traversal steps, pattern matching).
 *    Once a limit trips it stays tripped for the rest of the run, however
 *    the script catches errors.
 *  - Files: g:save / g:export / erg.load only inside out_dir, by relative
 *    paths without "." or ".." parts, through no symbolic link.  A byte
 *    written or read costs a step, so the step limit also bounds how much
 *    a script can write.  (The paths are checked before the core opens
 *    them: the host must not let another process swap in symbolic links
 *    inside out_dir meanwhile.)
 *  Any violation ends the run with ERG_ESANDBOX and a message naming the
 *  limit or the denied operation.  The host is never harmed: a script can
 *  only raise errors, which the engine catches.
 *
 * A trusted engine (opts.trusted) gives scripts the full standard library
 * and keeps globals from run to run (the REPL); limits still apply when
 * set.
 *
 * Errors follow erg.h: calls return ERG_OK or a negative status, and the
 * engine keeps the latest message (erg_lua_errmsg).  One engine must not
 * be used by two threads at once; engines are independent of each other,
 * except through a graph they borrow: a failing call on a graph records
 * its message on the graph's handle (erg.h) before the engine copies it,
 * so engines that borrow the same graph must not run at the same time in
 * different threads (serialise their runs with a lock of your own;
 * tests/tsan/tsan_engines.c does).  Engines over graphs of their own
 * (erg_lua_new(NULL, ...)) may run in parallel freely.
 */
#ifndef ERG_LUA_H
#define ERG_LUA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct erg_graph erg_graph; /* see erg.h */
typedef struct erg_lua erg_lua;
struct lua_State;

/* The engine's own statuses, ERG_ESCRIPT (the script failed to compile or
 * raised an error) and ERG_ESANDBOX (the sandbox stopped it), are in
 * erg.h's status list, where erg_strstatus names them. */

typedef struct erg_lua_opts {
    bool trusted;        /* false (the default): a sandbox */
    size_t max_memory;   /* bytes; 0: 64 MiB in a sandbox, none when trusted */
    uint64_t max_steps;  /* 0: 100 million in a sandbox, none when trusted */
    const char *out_dir; /* the directory scripts may write in (sandbox);
                            NULL: none, no file access at all */
    /* Where print writes (NULL: standard output). */
    void (*write)(void *ud, const char *s, size_t n);
    void *write_ud;
} erg_lua_opts;

#define ERG_LUA_DEFAULT_MEMORY ((size_t)64 << 20)
#define ERG_LUA_DEFAULT_STEPS ((uint64_t)100000000)

/* A new engine whose scripts see g as `graph`.  g is borrowed: it must
 * outlive the engine, and its memory is not counted by the limit.  With g
 * NULL the engine makes an empty graph of its own, counted by the limit,
 * which erg_lua_graph returns (load into it with erg_read before running).
 * opts NULL means all defaults (a sandbox).  Returns NULL only when out of
 * memory; a bad out_dir is reported by erg_lua_errcode and every run then
 * fails with it. */
erg_lua *erg_lua_new(erg_graph *g, const erg_lua_opts *opts);
void erg_lua_free(erg_lua *E); /* NULL is a no-op */

/* The graph scripts see as `graph`. */
erg_graph *erg_lua_graph(erg_lua *E);

/* Runs code (text; its chunk name in messages is name, or "eval").  When
 * code is an expression, its value is the result ("1 + 1" gives "2"),
 * as in a REPL.  ERG_OK, ERG_ESCRIPT, ERG_ESANDBOX or ERG_EINTERRUPTED
 * (erg_lua_interrupt). */
int erg_lua_run_string(erg_lua *E, const char *code, const char *name);
/* Runs the script at path with the global `arg` (arg[0] = path, arg[1..]
 * = argv) and argv as the chunk's `...`.  ERG_EIO when it cannot be read. */
int erg_lua_run_file(erg_lua *E, const char *path, int argc, char *const *argv);

/* The latest failure: "script:line: message" and a traceback for a script
 * error, the violation for ERG_ESANDBOX; "" after a success.  Valid until
 * the next run. */
const char *erg_lua_errmsg(const erg_lua *E);
int erg_lua_errcode(const erg_lua *E);
/* What the latest successful erg_lua_run_string returned, rendered for
 * people (one value a line, entities as cards, tables with their keys);
 * "" when nothing, and after erg_lua_run_file. */
const char *erg_lua_result(const erg_lua *E);
/* True when the latest run failed only because the code ended too soon
 * (a REPL then reads another line). */
bool erg_lua_incomplete(const erg_lua *E);

/* Interrupts the running chunk: it stops at its next Lua instruction (a
 * function in C, such as a long export, finishes first) with
 * ERG_EINTERRUPTED and "CHUNK:LINE: interrupted", which pcall cannot
 * catch; the engine stays usable for the next run.  Safe to call from a
 * signal handler (it sets a flag and calls lua_sethook, nothing else) or
 * from another thread; a call while no chunk runs is forgotten when the
 * next run starts.  A chunk looping inside a coroutine stops when control
 * comes back to the main coroutine. */
void erg_lua_interrupt(erg_lua *E);

/* The Lua state, for hosts that add their own functions (a trusted
 * engine's globals persist; a sandbox builds each run's environment
 * afresh, so additions there are not visible to scripts). */
struct lua_State *erg_lua_state(erg_lua *E);

#ifdef __cplusplus
}
#endif
#endif
