/*
 * module.h -- what the files of the Lua binding (lua/lerg*.c) share.  Not
 * API: scripts see the `erg` module, C hosts see erg_lua.h.
 *
 * The binding is built on core/erg.h alone.  It works in a plain Lua
 * interpreter (`require "erg"`), where nothing limits it, and inside erg's
 * script engine (lerg_engine.c), which registers a lerg_host: an allocator
 * for the graphs scripts create, a work budget that C loops charge, and a
 * gate for file paths (the sandbox).
 */
#ifndef ERG_LERG_H
#define ERG_LERG_H

#include "../../core/erg.h"
#include "../erg_lua.h"

#include <lauxlib.h>
#include <lua.h>

/* Metatable names (registry keys). */
#define LERG_GRAPH "erg.graph"
#define LERG_ENTITY "erg.entity"
#define LERG_REL "erg.relationship"
#define LERG_SOURCE "erg.source"
#define LERG_DATE "erg.date"
#define LERG_TRAV "erg.traversal"

/* The module's entry point (require "erg"). */
int luaopen_erg(lua_State *L);

/* ---- the host ------------------------------------------------------------ */
typedef struct lerg_host {
    erg_realloc_fn alloc; /* for graphs made by scripts (NULL: malloc) */
    void *alloc_ud;
    uint64_t steps;       /* work done so far (VM instructions + C work) */
    uint64_t max_steps;   /* 0: no budget */
    bool stopped;         /* a limit tripped: every further charge raises */
    /* Raises the error that ends the script (budget spent or stopped). */
    int (*over)(lua_State *L, void *ud);
    /* Pushes the host path of a path a script gave (write: for writing), or
     * raises when the sandbox refuses it.  NULL: paths are used as given. */
    void (*path)(lua_State *L, void *ud, const char *path, bool write);
    /* Called after the binding wrote the host path (may raise). */
    void (*written)(lua_State *L, void *ud, const char *path);
    void *ud;
    struct lerg_cmem *cmem; /* C blocks owned by userdata (lerg_cmem_push) */
} lerg_host;

/* ---- C memory owned by a userdata ------------------------------------------ */
/* Memory a userdata's __gc must free.  Lua 5.4 drops a finalizer whose call
 * fails for lack of memory, so such memory would leak exactly when a
 * sandboxed script hits its memory limit.  Under an engine every block is
 * therefore also listed on the host, and lerg_cmem_release_all (called by
 * the engine after lua_close) frees whatever no finalizer freed. */
typedef void (*lerg_release_fn)(void *payload, lua_Alloc f, void *ud);
typedef struct lerg_cmem {
    struct lerg_cmem *prev, *next;
    lerg_release_fn release; /* frees what the payload points to */
    lua_Alloc f;
    void *ud;
    size_t size;             /* of the whole block */
    lerg_host *host;
} lerg_cmem;
/* Pushes a userdata (with nuv user values, metatable tname, whose __gc
 * calls release and frees the block) owning a new zeroed block of size
 * bytes; returns the block.  Raises when out of memory (nothing leaks). */
void *lerg_cmem_push(lua_State *L, size_t size, int nuv, const char *tname, lerg_release_fn release);
/* The block owned by the userdata at idx (NULL once freed). */
void *lerg_cmem_get(lua_State *L, int idx);
/* Frees every block still listed on h (after lua_close). */
void lerg_cmem_release_all(lerg_host *h);

/* The state's host, or NULL in a plain interpreter. */
lerg_host *lerg_host_get(lua_State *L);
/* Registers h (which must outlive the state) as the state's host. */
void lerg_host_set(lua_State *L, lerg_host *h);

/* Charges n units of C work; raises when the budget is spent. */
static inline void lerg_charge(lua_State *L, lerg_host *h, uint64_t n) {
    if (h && (h->stopped || (h->max_steps && (h->steps += n) > h->max_steps)))
        h->over(L, h->ud);
}

/* ---- objects --------------------------------------------------------------- */
/* The graph userdata.  Its user value 1 is a table of three weak-valued
 * caches (entities, relationships, sources by index) so that one object is
 * always one userdata: `==` and table keys work on entities. */
typedef struct lerg_graph {
    erg_graph *g;
    bool owned; /* freed by __gc */
} lerg_graph;

/* Entity, relationship and source userdata; user value 1 is the graph
 * userdata, which keeps G alive. */
typedef struct lerg_ref {
    lerg_graph *G;
    erg_obj o;
    const char *id; /* in the graph's pool: valid even after deletion */
} lerg_ref;

/* Pushes a new graph userdata for g (owned: freed by its __gc). */
lerg_graph *lerg_push_graph(lua_State *L, erg_graph *g, bool owned);
lerg_graph *lerg_check_graph(lua_State *L, int idx);
/* Pushes the object (from the cache when it exists); gidx is the graph
 * userdata's stack index. */
void lerg_push_obj(lua_State *L, int gidx, erg_obj o);
/* The object at idx (any kind), or NULL when it is not one. */
lerg_ref *lerg_to_ref(lua_State *L, int idx);
/* An entity argument: an entity object or an id/name/alias string of the
 * graph G (raises when absent, deleted, ambiguous or of another graph). */
erg_entity lerg_check_entity(lua_State *L, int idx, lerg_graph *G);
/* Raises erg_errmsg(g) as a Lua error (with the caller's position). */
int lerg_raise(lua_State *L, erg_graph *g);
/* Raises "name 'q' is ambiguous: N entities carry it: id (name), ..." (find.c). */
int lerg_raise_ambiguous(lua_State *L, lerg_graph *G, const char *q);
/* A string argument without NUL bytes. */
const char *lerg_check_text(lua_State *L, int idx, const char *what);

/* Pushes a property of o: a field (id, type, name, aliases; from, to,
 * directed) or an attribute; nil when absent.  Raises on a dead object. */
void lerg_push_prop(lua_State *L, int gidx, lerg_graph *G, erg_obj o, const char *name);

/* ---- values (lerg_value.c) --------------------------------------------- */
/* Pushes v as a Lua value (NULL: nil; lists: new tables; dates: erg.date). */
void lerg_push_value(lua_State *L, const erg_value *v);
/* Converts the Lua value at idx into *out for attribute `attr`; raises,
 * naming the attribute, when it has no erg type.  A list's items live in a
 * userdata pushed on the stack (always one value pushed: that userdata or
 * nil), so they stay valid until it is popped. */
void lerg_to_value(lua_State *L, int idx, const char *attr, erg_value *out);
/* The date at idx, or NULL. */
erg_date *lerg_to_date(lua_State *L, int idx);
void lerg_push_date(lua_State *L, erg_date d);
/* Orders two values: nulls last, then by type, numbers numerically. */
int lerg_value_cmp(const erg_value *a, const erg_value *b);
void lerg_value_open(lua_State *L); /* registers erg.date */
int lerg_date_new(lua_State *L);    /* erg.date(...) */

/* ---- traversals (lerg_trav.c) ---------------------------------------- */
void lerg_trav_open(lua_State *L);
int lerg_trav_V(lua_State *L); /* g:V(...) */

/* ---- pretty-printing (lerg_pretty.c) --------------------------------- */
/* Pushes a readable rendering of the value at idx: strings quoted when
 * nested, tables with sorted keys, entities and relationships in full at
 * the top level.  Charges the host for every item. */
void lerg_pretty(lua_State *L, int idx);
int lerg_pretty_fn(lua_State *L); /* erg.pretty(v) */

/* ---- memory held across raising calls ------------------------------------ */
/* A growable array in a userdata (freed by its __gc).  It keeps the
 * state's allocator, not a thread, so it may outlive the coroutine that
 * made it; the sandbox's memory limit covers it. */
typedef struct lerg_vec {
    void *p;
    size_t n, cap, elsz;
    lua_Alloc f;
    void *ud;
} lerg_vec;
/* Pushes a new empty vector of elements of size elsz. */
lerg_vec *lerg_vec_new(lua_State *L, size_t elsz);
/* Makes room for one more element and returns it (raises when out of
 * memory). */
void *lerg_vec_push(lua_State *L, lerg_vec *v);
void lerg_vec_free(lerg_vec *v);
/* Raw memory through the state's allocator; raises on failure (n > 0). */
void *lerg_mem(lua_State *L, void *p, size_t old, size_t n);

#endif
