/*
 * limits.c -- the bottom of the script engine: the engine of a state, the
 * memory meter (one count for the Lua state and the graphs the engine
 * makes), the step hook, and violations, which end a run however the
 * script catches errors.  The sandbox (sandbox.c, pattern.c) and the
 * engine (engine.c) call these; they call nothing of lua/engine.
 */
#include "engine.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

erg_lua *lerg_engine(lua_State *L) {
    return *(erg_lua **)lua_getextraspace(L);
}

/* ---- memory --------------------------------------------------------------------- */
/* May a run grow the meter by more bytes?  Trips the meter when not. */
static bool meter_allows(erg_lua *E, size_t more) {
    if (!E->running || !E->max_memory) return true;
    if (E->mem_tripped) return false;
    size_t base = E->graph_base, used = E->lua_bytes + E->graph_bytes;
    size_t net = used > base ? used - base : 0;
    if (more <= E->max_memory && net <= E->max_memory - more) return true;
    E->mem_tripped = true;
    E->host.stopped = true;
    if (!E->violation) {
        E->violation = true;
        snprintf(E->vmsg, sizeof E->vmsg, "sandbox: memory limit reached (%zu bytes)", E->max_memory);
    }
    lua_sethook(E->L, lerg_hook, LUA_MASKCOUNT, 1);
    return false;
}

/* Bytes allocated per step charged: growing memory is work (a
 * concatenation, a buffer filled by a library call) that the count hook
 * does not see.  The allocator cannot raise, so the charge is only added;
 * the next hook or charge sees it. */
#define ALLOC_BYTES_PER_STEP 64

static void *meter(erg_lua *E, size_t *count, void *p, size_t old, size_t n) {
    if (n == 0) {
        free(p);
        *count -= old;
        return NULL;
    }
    if (n > old && !meter_allows(E, n - old)) return NULL;
    void *q = realloc(p, n);
    if (!q) return NULL;
    *count = *count - old + n;
    if (E->running && n > old) E->host.steps += (n - old) / ALLOC_BYTES_PER_STEP;
    return q;
}

void *lerg_lua_meter(void *ud, void *p, size_t osize, size_t nsize) {
    erg_lua *E = ud;
    return meter(E, &E->lua_bytes, p, p ? osize : 0, nsize);
}

void *lerg_graph_meter(void *ud, void *p, size_t old, size_t n) {
    erg_lua *E = ud;
    return meter(E, &E->graph_bytes, p, p ? old : 0, n);
}

/* ---- violations and the hook ------------------------------------------------------ */
/* Where the script is: "chunk:line:" of the innermost Lua function with a
 * line, without allocating (the meter may be tripped). */
void lerg_note_where(lua_State *L, erg_lua *E) {
    lua_Debug ar;
    if (E->vwhere[0]) return;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) continue;
        snprintf(E->vwhere, sizeof E->vwhere, "%s:%d: ", ar.short_src, ar.currentline);
        return;
    }
}

static void arm(lua_State *L, erg_lua *E) {
    E->host.stopped = true;
    lua_sethook(L, lerg_hook, LUA_MASKCOUNT, 1);
    if (L != E->L) lua_sethook(E->L, lerg_hook, LUA_MASKCOUNT, 1);
}

static int raise_violation(lua_State *L, erg_lua *E) {
    lerg_note_where(L, E);
    arm(L, E);
    lua_pushfstring(L, "%s%s", E->vwhere, E->vmsg);
    return lua_error(L);
}

int lerg_violation(lua_State *L, erg_lua *E, const char *fmt, ...) {
    if (!E->violation) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(E->vmsg, sizeof E->vmsg, fmt, ap);
        va_end(ap);
        E->violation = true;
    }
    return raise_violation(L, E);
}

/* The host's over-budget callback: the step budget is spent (or the run
 * was stopped by another limit). */
int lerg_host_over(lua_State *L, void *ud) {
    erg_lua *E = ud;
    if (!E->violation)
        return lerg_violation(L, E, "sandbox: step limit reached (%llu steps)", (unsigned long long)E->host.max_steps);
    return raise_violation(L, E);
}

/* ---- the CPU floor ------------------------------------------------------------------
 * Some work is one VM instruction that no charge sees: '<' or '==' on two
 * long strings compares them byte by byte (up to the memory limit, a few
 * milliseconds an instruction).  So the hook also reads the thread's CPU
 * time and makes sure the steps charged since the last hook are at least
 * the CPU time spent divided by LERG_NS_PER_STEP: the budget then bounds
 * CPU time to max_steps * LERG_NS_PER_STEP, plus what one hook interval
 * can do.  LERG_NS_PER_STEP is several times what a plain VM instruction
 * costs (README, "The sandbox"), so for ordinary code the floor never
 * decides and step counts stay exact. */
static uint64_t clock_ns(clockid_t id) {
    struct timespec ts;
    if (clock_gettime(id, &ts) != 0) return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void lerg_cpu_start(erg_lua *E) {
    E->wall_last = clock_ns(CLOCK_MONOTONIC);
    E->cpu_last = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    E->steps_last = E->host.steps;
}

/* Reading the thread's CPU time is a system call (microseconds here), too
 * dear for every hook; the monotonic clock is not (vDSO).  CPU time is
 * read only once LERG_CPU_CHECK_NS of wall time passed, which happens
 * about every thousand hooks for plain code and at every hook when an
 * instruction is slow; since the floor is settled in CPU time, a busy
 * machine (wall time > CPU time) costs nothing but the read. */
static void cpu_floor(erg_lua *E) {
    uint64_t wall = clock_ns(CLOCK_MONOTONIC);
    if (wall - E->wall_last < LERG_CPU_CHECK_NS) return;
    uint64_t now = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    uint64_t spent = now > E->cpu_last ? (now - E->cpu_last) / LERG_NS_PER_STEP : 0;
    uint64_t charged = E->host.steps - E->steps_last;
    if (spent > charged) E->host.steps += spent - charged;
    E->wall_last = wall;
    E->cpu_last = now;
    E->steps_last = E->host.steps;
}

void lerg_hook(lua_State *L, lua_Debug *ar) {
    erg_lua *E = lerg_engine(L);
    (void)ar;
    if (E->interrupted && !E->violation) lerg_violation(L, E, "interrupted");
    if (!E->host.stopped) {
        E->host.steps += (uint64_t)lua_gethookcount(L);
        if (E->host.max_steps) cpu_floor(E);
        if (!E->host.max_steps || E->host.steps <= E->host.max_steps) return;
    }
    lerg_host_over(L, E);
}

/* Safe in a signal handler: a flag, and lua_sethook, which Lua 5.4 makes
 * safe to call asynchronously (lua.c's Ctrl-C handler does the same).  The
 * hook then turns the flag into a violation, which stays armed for the
 * rest of the run, so the script cannot pcall it away. */
void erg_lua_interrupt(erg_lua *E) {
    E->interrupted = 1;
    lua_sethook(E->L, lerg_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}
