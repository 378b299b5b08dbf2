/*
 * module.h -- what the files of the Lua binding (lua/module/) share.  Not
 * API: scripts see the `erg` module, C hosts see erg_lua.h.
 *
 * The binding is built on core/erg.h alone.  It works in a plain Lua
 * interpreter (`require "erg"`), where nothing limits it, and inside erg's
 * script engine (lua/engine/), which registers a lerg_host: an allocator
 * for the graphs scripts create, a work budget that C loops charge, and a
 * gate for file paths (the sandbox).
 *
 * Layers, bottom up; a file calls only the files below it (checked by
 * listing each object's undefined lerg_ symbols with nm -u):
 *   host.c      the host, errors, text arguments, the memory holder
 *               (lerg_cmem) and the vector built on it
 *   values.c    attribute values and dates (calls nothing of the module)
 *   predicate.c erg.gt(x) and the other comparison predicates  (values)
 *   objects.c   the graph userdata, entities, relationships, sources, their
 *               methods and iterators, adding and deleting  (host, values)
 *   graph.c, traversal.c, analysis.c, pretty.c, text.c, csv.c, json.c, find.c
 *               the graph's own methods and erg.load/new; g:V() and e:V();
 *               g:rank() and the rest; erg.pretty; erg.text; erg.csv;
 *               erg.json; g:find, g:merge and the rest of entity
 *               resolution  (the above; never each other)
 *   module.c    luaopen_erg: only registers the functions of the others
 * The engine (lua/engine/) sits above all of them.
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
#define LERG_PRED "erg.predicate"
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
    struct lerg_cmem *cmem; /* C blocks owned by userdata (lerg_cmem_attach) */
} lerg_host;

/* ---- the holder: C memory owned by a userdata (host.c) --------------------- */
/* The one mechanism for C memory that a raising call may abandon: a block
 * owned by a userdata whose first field is a lerg_cmem pointer to it and
 * whose __gc frees it.  Lua 5.4 drops a finalizer whose call fails for
 * lack of memory, so under an engine every block is also listed on the
 * host, and lerg_cmem_release_all (called by the engine after lua_close)
 * frees whatever no finalizer freed. */
typedef void (*lerg_release_fn)(void *payload, lua_Alloc f, void *ud);
typedef struct lerg_cmem {
    struct lerg_cmem *prev, *next;
    struct lerg_cmem *parent; /* freed after this block (lerg_cmem_depends) */
    size_t nchildren;         /* listed blocks naming this one as parent */
    lerg_release_fn release;  /* frees what the payload points to */
    lua_Alloc f;
    void *ud;
    size_t size;             /* of the whole block */
    lerg_host *host;
} lerg_cmem;
/* Pushes a userdata (with nuv user values, metatable tname, whose __gc
 * calls release and frees the block) owning a new zeroed block of size
 * bytes; returns the block.  Raises when out of memory (nothing leaks). */
void *lerg_cmem_push(lua_State *L, size_t size, int nuv, const char *tname, lerg_release_fn release);
/* Gives the userdata at idx (its first field a lerg_cmem pointer, its
 * metatable's __gc lerg_cmem_gc or a function calling lerg_cmem_free) a
 * new zeroed block of size bytes; returns the block.  Raises when out of
 * memory.  For userdata with metatables of their own (graphs, gazetteers). */
void *lerg_cmem_attach(lua_State *L, int idx, size_t size, lerg_release_fn release);
/* The block owned by the userdata at idx (NULL once freed). */
void *lerg_cmem_get(lua_State *L, int idx);
/* Releases and frees the block of the userdata at idx now (idempotent). */
void lerg_cmem_free(lua_State *L, int idx);
int lerg_cmem_gc(lua_State *L); /* __gc: lerg_cmem_free(L, 1) */
/* The block at idx needs the block at parent_idx until it is released:
 * freeing the parent first frees it. */
void lerg_cmem_depends(lua_State *L, int idx, int parent_idx);
/* Reallocates memory hanging off a block, through the block's allocator
 * (the state's: the sandbox's limit covers it).  Does not raise. */
void *lerg_cmem_realloc(void *payload, void *p, size_t old, size_t n);
/* Frees every block still listed on h (after lua_close). */
void lerg_cmem_release_all(lerg_host *h);

/* A growable array on the holder (a userdata, freed by its __gc, listed
 * on the host).  It keeps no thread, so it may outlive the coroutine
 * that made it. */
typedef struct lerg_vec {
    void *p;
    size_t n, cap, elsz;
} lerg_vec;
/* Pushes a new empty vector of elements of size elsz. */
lerg_vec *lerg_vec_new(lua_State *L, size_t elsz);
/* Makes room for one more element and returns it (raises when out of
 * memory). */
void *lerg_vec_push(lua_State *L, lerg_vec *v);
/* Makes room for one more element without raising; false when out of
 * memory (for callbacks from the core, which must not be left by a
 * longjmp). */
bool lerg_vec_grow(lerg_vec *v);

/* The state's host, or NULL in a plain interpreter. */
lerg_host *lerg_host_get(lua_State *L);
/* Registers h (which must outlive the state) as the state's host. */
void lerg_host_set(lua_State *L, lerg_host *h);

/* Raises erg_errmsg(g) as a Lua error (with the caller's position). */
int lerg_raise(lua_State *L, erg_graph *g);
/* A string argument without NUL bytes. */
const char *lerg_check_text(lua_State *L, int idx, const char *what);

/* Charges n units of C work; raises when the budget is spent. */
static inline void lerg_charge(lua_State *L, lerg_host *h, uint64_t n) {
    if (h && (h->stopped || (h->max_steps && (h->steps += n) > h->max_steps)))
        h->over(L, h->ud);
}

/* ---- objects (objects.c) ---------------------------------------------------- */
/* The graph userdata.  Its user value 1 is a table of three weak-valued
 * caches (entities, relationships, sources by index) so that one object is
 * always one userdata: `==` and table keys work on entities.  A graph the
 * userdata owns is held by a block of the holder (hold), so that it is
 * freed even when the finalizer is dropped; g is NULL once freed. */
typedef struct lerg_graph {
    lerg_cmem *hold; /* first: the holder's slot (NULL: borrowed) */
    erg_graph *g;
} lerg_graph;

/* Entity, relationship and source userdata; user value 1 is the graph
 * userdata, which keeps G alive. */
typedef struct lerg_ref {
    lerg_graph *G;
    erg_obj o;
    const char *id; /* in the graph's pool: valid even after deletion */
} lerg_ref;

/* Pushes a graph userdata for g, which it borrows (g must outlive it). */
lerg_graph *lerg_push_graph(lua_State *L, erg_graph *g);
/* Pushes a graph userdata owning a new empty graph (made through the
 * host's allocator); raises when out of memory. */
lerg_graph *lerg_new_graph(lua_State *L);
/* Pushes a graph userdata owning nothing yet; lerg_own_graph gives it
 * the graph later (the userdata first, so that no raise can leak it). */
lerg_graph *lerg_push_owner(lua_State *L);
void lerg_own_graph(lerg_graph *G, erg_graph *g);
lerg_graph *lerg_check_graph(lua_State *L, int idx);
/* The graph argument at idx, raising when it was closed. */
lerg_graph *lerg_live_graph(lua_State *L, int idx);
/* Registers the metatables of graphs and objects: graph_methods a
 * NULL-terminated list of method tables, entity_extra more
 * entity methods (from the layers above, e.g. e:V()). */
void lerg_obj_open(lua_State *L, const luaL_Reg *const *graph_methods, const luaL_Reg *entity_extra);
/* Pushes the object (from the cache when it exists); gidx is the graph
 * userdata's stack index. */
void lerg_push_obj(lua_State *L, int gidx, erg_obj o);
/* The object at idx (any kind), or NULL when it is not one. */
lerg_ref *lerg_to_ref(lua_State *L, int idx);
/* Raises "name 'q' is ambiguous: N entities carry it: id (name), ...". */
int lerg_raise_ambiguous(lua_State *L, lerg_graph *G, const char *q);
/* An entity argument: an entity object or an id/name/alias string of the
 * graph G (raises when absent, deleted, ambiguous or of another graph). */
erg_entity lerg_check_entity(lua_State *L, int idx, lerg_graph *G);

/* Pushes a property of o: a field (id, type, name, aliases; from, to,
 * directed) or an attribute; nil when absent.  Raises on a dead object. */
void lerg_push_prop(lua_State *L, int gidx, lerg_graph *G, erg_obj o, const char *name);

/* ---- values (values.c) ------------------------------------------------------ */
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

/* ---- comparison predicates (predicate.c) -------------------------------------- */
typedef enum lerg_op { LERG_EQ = 0, LERG_NE, LERG_LT, LERG_LE, LERG_GT, LERG_GE, LERG_BETWEEN } lerg_op;
/* The predicate's op when idx holds one (its bounds at [2] and [3]), else -1. */
int lerg_pred_op(lua_State *L, int idx);
/* Whether v passes op with bounds x (and y for between): see predicate.c. */
bool lerg_pred_passes(lerg_op op, const erg_value *v, const erg_value *x, const erg_value *y);
void lerg_pred_open(lua_State *L); /* erg.ne, lt, le, gt, ge, between into the table on top */

/* ---- the graph's methods (graph.c) ------------------------------------------- */
extern const luaL_Reg lerg_graph_methods[]; /* g:entity, g:save, ... */
int lerg_load(lua_State *L);                /* erg.load(path) */
int lerg_new(lua_State *L);                 /* erg.new() */

/* ---- objects' collections and edits (objects.c) ------------------------------- */
int lerg_g_entities(lua_State *L);
int lerg_g_relationships(lua_State *L);
int lerg_g_sources(lua_State *L);
int lerg_g_add_entity(lua_State *L);
int lerg_g_add_relationship(lua_State *L);
int lerg_g_add_source(lua_State *L);
int lerg_g_delete(lua_State *L);
int lerg_g_merge(lua_State *L);

/* ---- traversals (traversal.c) ------------------------------------------------ */
void lerg_trav_open(lua_State *L);
int lerg_trav_V(lua_State *L); /* g:V(...) */
int lerg_e_V(lua_State *L);    /* e:V() */

/* ---- analysis (analysis.c) --------------------------------------------------- */
int lerg_g_rank(lua_State *L);
int lerg_g_communities(lua_State *L);
int lerg_g_components(lua_State *L);
int lerg_g_path(lua_State *L);
int lerg_g_paths(lua_State *L);
int lerg_g_ego(lua_State *L);

/* ---- erg.text (text.c) ------------------------------------------------------- */
/* Sets erg.text in the module table on the top of the stack. */
void lerg_text_open(lua_State *L);
/* erg.csv (csv.c) and erg.json (json.c), set on the module table at the top. */
int lerg_csv_open(lua_State *L);
int lerg_json_open(lua_State *L);
/* Name search, merges, dedupe and interlocks (find.c): graph methods, set
 * after graph.c's and objects.c's, so its merge is the graph's. */
extern const luaL_Reg lerg_find_methods[];

/* ---- pretty-printing (pretty.c) -------------------------------------------- */
/* Pushes a readable rendering of the value at idx: strings quoted when
 * nested, tables with sorted keys, entities and relationships in full at
 * the top level.  Charges the host for every item. */
void lerg_pretty(lua_State *L, int idx);
int lerg_pretty_fn(lua_State *L); /* erg.pretty(v) */

#endif
