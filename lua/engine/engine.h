/*
 * engine.h -- what the script engine's files (lua/engine/) share.  The
 * engine sits above the Lua module (lua/module/) and implements
 * lua/erg_lua.h.
 *
 * Layers, bottom up; a file calls only those below it (checked with
 * nm -u on each object):
 *   limits.c    lerg_engine, the memory meter, the step hook, violations
 *   pattern.c   step-counted string patterns  (the module's host only)
 *   stdlib.c    the rest of the standard library, charged  (the host only)
 *   sandbox.c   the environment of a run and the path gate  (limits,
 *               pattern)
 *   engine.c    erg_lua_*: creating engines, running, print  (all of the
 *               above; it hands the sandbox's path gate to the module as
 *               the host's callbacks, so nothing calls back up)
 */
#ifndef ERG_ENGINE_H
#define ERG_ENGINE_H

#include "../module/module.h"

#include <stdatomic.h>

/* ---- the engine's state ----------------------------------------------------- */
struct erg_lua {
    lua_State *L;
    erg_graph *graph;
    bool own_graph, sandbox;
    int graph_ref;     /* registry: the graph userdata */
    int module_ref;    /* registry: the erg module table */
    /* memory: counted while a run is going on */
    bool running, mem_tripped;
    size_t max_memory, lua_bytes, graph_bytes, graph_base;
    lerg_host host;    /* steps, the allocator for graphs, the path gate */
    int hook_count;    /* instructions between two count hooks */
    /* the CPU floor (limits.c): thread CPU time and steps at the last check */
    uint64_t wall_last, cpu_last, steps_last;
    char *out_dir;     /* real path of the output directory, or NULL */
    int out_fd;        /* a descriptor of it, held for the engine's life, or -1 */
    int gate_fd[16];   /* directories the path gate handed the core (sandbox.c) */
    unsigned gate_next;
    char *init_error;  /* why the engine cannot run (bad out_dir), or NULL */
    void (*write)(void *ud, const char *s, size_t n);
    void *write_ud;
    /* the latest run */
    int errcode;
    char *errmsg, *result;
    bool incomplete;
    bool violation;
    char vmsg[512], vwhere[256];
    atomic_int interrupted; /* erg_lua_interrupt, until the run ends (lock-free:
                               signal handlers may set it) */
};

/* ---- limits.c ---------------------------------------------------------------- */
/* The engine of a state made by erg_lua_new (the state's extra space). */
erg_lua *lerg_engine(lua_State *L);
/* Records a violation (the first of a run wins), arms every hook so that
 * the script cannot go on, and raises it. */
int lerg_violation(lua_State *L, erg_lua *E, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* The count hook (re-armed at every instruction once stopped). */
void lerg_hook(lua_State *L, lua_Debug *ar);
/* The CPU floor: steps charged are at least the thread's CPU time over
 * LERG_NS_PER_STEP, checked at a hook once LERG_CPU_CHECK_NS passed (limits.c). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LERG_NS_PER_STEP 200 /* sanitized builds run plain steps 5-10 times slower */
#else
#define LERG_NS_PER_STEP 20
#endif
#define LERG_CPU_CHECK_NS 1000000
/* Starts the CPU floor's clock for a run. */
void lerg_cpu_start(erg_lua *E);
/* Notes "chunk:line: " of the innermost Lua function with a line for the
 * violation's message, without allocating (once per run). */
void lerg_note_where(lua_State *L, erg_lua *E);
/* The host's over-budget callback (lerg_host.over). */
int lerg_host_over(lua_State *L, void *ud);
/* The allocators of the meter: the Lua state's, and the graphs' (ud: E). */
void *lerg_lua_meter(void *ud, void *p, size_t osize, size_t nsize);
void *lerg_graph_meter(void *ud, void *p, size_t old, size_t n);

/* ---- sandbox.c, pattern.c ------------------------------------------------------ */
/* Once per state: trims the libraries, patches the state's own string
 * table (counted patterns, no dump) and locks the string metatable. */
void lerg_sandbox_setup(lua_State *L, erg_lua *E);
/* Pushes a fresh environment for one run. */
void lerg_sandbox_env(lua_State *L, erg_lua *E);
/* The path gate of the sandbox (lerg_host.path); reading charges a step
 * per byte read. */
void lerg_sandbox_path(lua_State *L, void *ud, const char *path, bool write);
/* Closes the directories the path gate opened during a run. */
void lerg_sandbox_close_fds(erg_lua *E);
/* Charges a step per byte written (lerg_host.written). */
void lerg_sandbox_written(lua_State *L, void *ud, const char *path);
/* Replaces find, match, gmatch and gsub in the table at idx. */
void lerg_pattern_open(lua_State *L, int idx);
/* Charges the state's string, table, utf8, os and base functions for
 * their work (stdlib.c); once per state, after the libraries are open. */
void lerg_stdlib_open(lua_State *L);
/* Charges compiling n bytes of a chunk (the sandbox's load). */
void lerg_stdlib_charge_load(lua_State *L, size_t n);

#endif
