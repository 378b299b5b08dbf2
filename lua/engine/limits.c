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

void lerg_hook(lua_State *L, lua_Debug *ar) {
    erg_lua *E = lerg_engine(L);
    (void)ar;
    if (E->interrupted && !E->violation) lerg_violation(L, E, "interrupted");
    if (!E->host.stopped) {
        E->host.steps += (uint64_t)lua_gethookcount(L);
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
