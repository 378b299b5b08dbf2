/*
 * analysis.c -- network analysis from Lua: centralities, communities,
 * components, paths and ego networks, on erg's analysis API (erg.h).
 *
 *   g:rank(measure [, {weight=, mode=, top=, normalized=, damping=,
 *          personal={e, ...}, sample=K, seed=N, write=ATTR, VIEW}])
 *       -> {{entity=e, score=x}, ...} high to low (NaN last)
 *   g:communities([method [, {seed=, resolution=, weight=, write=ATTR, VIEW}]])
 *       -> {{e, ...}, ...; modularity=q} largest first
 *   g:components(["weak" | "strong" [, {write=ATTR, VIEW}]])
 *       -> {{e, ...}, ...} largest first
 *   g:path(a, b [, {weight=, mode=, VIEW}]) -> path, or nil and "no path ..."
 *   g:paths(a, b [, {max_hops=, max_paths=, weight=, mode=, VIEW}])
 *       -> {path, ...; truncated=bool} shortest first
 *   g:ego(e [, hops [, {mode=, VIEW}]]) -> a new graph (freed by __gc)
 *
 * A path is a list of hops {rel=r, from=e, to=e, dir="forward" |
 * "backward" | "undirected"} with field length (an integer: the hops; a
 * float: the sum of the weights when weight= is given).  VIEW is
 * types={...} and rel_types={...} (lists of type names, or one name), and
 * a date window: date=ATTR, since=, until_= (erg.date or "2025-07"),
 * undated=true to keep relationships without a date.  mode is "out", "in"
 * or "all".  Entity arguments are entity objects or ids, names, aliases.
 * Scores of degree and coreness are integers, others floats.  write=ATTR
 * also stores each entity's score (a float; none when it is NaN) or
 * community / component number (an int, from 1) as its attribute ATTR:
 * all of the view's entities or none; entities outside the view are left
 * alone.
 *
 * Memory.  The core's result arrays live in a block of the holder
 * (lerg_cmem, host.c) from before the call until the Lua tables are
 * built, since building them may raise (out of memory, the sandbox's
 * limits).
 *
 * Cost.  igraph cannot be interrupted, so each call charges the host's
 * work budget before it starts, in units of the graph's size s (entities
 * + relationships): s for near-linear work, n * s for what looks at every
 * pair of entities (betweenness, closeness, harmonic, walktrap), s *
 * max_hops for simple paths, plus a unit per hop returned.
 */
#include "module.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define HELD "erg.analysis"

/* ---- options ---------------------------------------------------------------- */
typedef struct aopts {
    erg_analysis_opts o;
    erg_date since, until;
    const char *write;
} aopts;

static const char *const view_keys[] = {"types", "rel_types", "date", "since", "until_", "undated", NULL};

static bool listed(const char *const *list, const char *s) {
    for (; list && *list; list++)
        if (!strcmp(*list, s)) return true;
    return false;
}

/* Raises unless every key of the table at idx is a view option or in extra. */
static void check_keys(lua_State *L, int idx, const char *fn, const char *const *extra) {
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        bool ok = lua_type(L, -1) == LUA_TSTRING &&
                  (listed(view_keys, lua_tostring(L, -1)) || listed(extra, lua_tostring(L, -1)));
        if (!ok) luaL_error(L, "%s: unknown option '%s'", fn, luaL_tolstring(L, -1, NULL));
    }
}

static void want(lua_State *L, bool ok, const char *fn, const char *key, const char *what) {
    if (!ok) luaL_error(L, "%s: '%s' must be %s, not %s", fn, key, what, luaL_typename(L, -1));
}

static const char *opt_str(lua_State *L, int idx, const char *fn, const char *key) {
    int t = lua_getfield(L, idx, key);
    want(L, t == LUA_TNIL || t == LUA_TSTRING, fn, key, "a string");
    const char *s = t == LUA_TNIL ? NULL : lerg_check_text(L, -1, key);
    lua_pop(L, 1); /* the options table keeps it alive */
    return s;
}

static bool opt_bool(lua_State *L, int idx, const char *fn, const char *key) {
    int t = lua_getfield(L, idx, key);
    want(L, t == LUA_TNIL || t == LUA_TBOOLEAN, fn, key, "a boolean");
    bool b = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return b;
}

static bool opt_number(lua_State *L, int idx, const char *fn, const char *key, double *out) {
    int t = lua_getfield(L, idx, key);
    want(L, t == LUA_TNIL || t == LUA_TNUMBER, fn, key, "a number");
    if (t == LUA_TNUMBER) *out = lua_tonumber(L, -1);
    lua_pop(L, 1);
    return t == LUA_TNUMBER;
}

static bool opt_int(lua_State *L, int idx, const char *fn, const char *key, lua_Integer *out) {
    int t = lua_getfield(L, idx, key), isint = 0;
    if (t == LUA_TNUMBER) *out = lua_tointegerx(L, -1, &isint);
    want(L, t == LUA_TNIL || isint, fn, key, "an integer");
    lua_pop(L, 1);
    return t != LUA_TNIL;
}

/* Option key: one string or a list of strings, in a vector pushed on the
 * stack (left there: it must outlive the call); the options table keeps
 * the strings alive. */
static const char *const *opt_names(lua_State *L, int idx, const char *fn, const char *key, size_t *n) {
    int t = lua_getfield(L, idx, key);
    int list = lua_gettop(L);
    want(L, t == LUA_TNIL || t == LUA_TSTRING || t == LUA_TTABLE, fn, key, "a list of type names");
    lerg_vec *v = lerg_vec_new(L, sizeof(const char *));
    if (t == LUA_TSTRING) *(const char **)lerg_vec_push(L, v) = lerg_check_text(L, list, key);
    for (lua_Integer i = 1; t == LUA_TTABLE && i <= (lua_Integer)lua_rawlen(L, list); i++) {
        if (lua_rawgeti(L, list, i) != LUA_TSTRING)
            luaL_error(L, "%s: '%s' must hold strings, not %s", fn, key, luaL_typename(L, -1));
        *(const char **)lerg_vec_push(L, v) = lerg_check_text(L, -1, key);
        lua_pop(L, 1);
    }
    lua_remove(L, list);
    *n = v->n;
    return v->p;
}

/* Option key: entities (objects or ids), one or a list, in a vector pushed
 * on the stack. */
static const erg_entity *opt_entities(lua_State *L, int idx, const char *fn, const char *key, lerg_graph *G,
                                      size_t *n) {
    int t = lua_getfield(L, idx, key);
    int list = lua_gettop(L);
    lerg_vec *v = lerg_vec_new(L, sizeof(erg_entity));
    lua_Integer k = t == LUA_TTABLE ? (lua_Integer)lua_rawlen(L, list) : t == LUA_TNIL ? 0 : 1;
    for (lua_Integer i = 1; i <= k; i++) {
        if (t == LUA_TTABLE) lua_rawgeti(L, list, i);
        else lua_pushvalue(L, list);
        if (lua_type(L, -1) != LUA_TSTRING && !luaL_testudata(L, -1, LERG_ENTITY))
            luaL_error(L, "%s: '%s' must hold entities or entity ids, not %s", fn, key, luaL_typename(L, -1));
        *(erg_entity *)lerg_vec_push(L, v) = lerg_check_entity(L, -1, G);
        lua_pop(L, 1);
    }
    lua_remove(L, list);
    *n = v->n;
    return v->p;
}

static const erg_date *opt_date(lua_State *L, int idx, const char *fn, const char *key, erg_date *d) {
    int t = lua_getfield(L, idx, key);
    const erg_date *r = NULL;
    if (t == LUA_TSTRING) {
        size_t n;
        const char *s = lua_tolstring(L, -1, &n);
        if (erg_date_parse(s, n, d) != ERG_OK)
            luaL_error(L, "%s: '%s' wants a date like 2025, 2025-07 or 2025-07-14, not '%s'", fn, key, s);
        r = d;
    } else if (t != LUA_TNIL) {
        const erg_date *x = lerg_to_date(L, -1);
        want(L, x != NULL, fn, key, "a date or a string");
        *d = *x;
        r = d;
    }
    lua_pop(L, 1);
    return r;
}

static erg_dir opt_mode(lua_State *L, int idx, const char *fn) {
    int t = lua_getfield(L, idx, "mode");
    want(L, t == LUA_TNIL || t == LUA_TSTRING, fn, "mode", "a string");
    erg_dir d = 0;
    if (t == LUA_TSTRING) {
        const char *s = lua_tostring(L, -1);
        if (!strcmp(s, "out")) d = ERG_OUT;
        else if (!strcmp(s, "in")) d = ERG_IN;
        else if (!strcmp(s, "all") || !strcmp(s, "both")) d = ERG_BOTH;
        else luaL_error(L, "%s: unknown mode '%s' (out, in or all)", fn, s);
    }
    lua_pop(L, 1);
    return d;
}

/* Reads the options table at idx (none or nil: every default): the view,
 * weight, mode and write when extra lists them.  Leaves vectors on the
 * stack.  Returns idx, or 0 when there is no table. */
static int read_opts(lua_State *L, int idx, const char *fn, const char *const *extra, aopts *a) {
    memset(a, 0, sizeof *a);
    if (lua_isnoneornil(L, idx)) return 0;
    luaL_checktype(L, idx, LUA_TTABLE);
    check_keys(L, idx, fn, extra);
    a->o.entity_types = opt_names(L, idx, fn, "types", &a->o.n_entity_types);
    a->o.rel_types = opt_names(L, idx, fn, "rel_types", &a->o.n_rel_types);
    a->o.date_attr = opt_str(L, idx, fn, "date");
    a->o.since = opt_date(L, idx, fn, "since", &a->since);
    a->o.until = opt_date(L, idx, fn, "until_", &a->until);
    a->o.keep_undated = opt_bool(L, idx, fn, "undated");
    /* checked here too: the core's view cache lets a window without its
     * attribute through once a view without a window is cached */
    if ((a->o.since || a->o.until) && !a->o.date_attr)
        luaL_error(L, "%s: a date window ('since', 'until_') needs 'date', the attribute to look at", fn);
    a->o.weight = opt_str(L, idx, fn, "weight");
    a->o.mode = opt_mode(L, idx, fn);
    a->write = opt_str(L, idx, fn, "write");
    return idx;
}

/* ---- cost -------------------------------------------------------------------- */
#define COST_MAX ((uint64_t)1 << 60) /* far past any budget, far from wrapping */

static uint64_t graph_size(const erg_graph *g) {
    return (uint64_t)erg_entity_count(g) + (uint64_t)erg_rel_count(g) + 1;
}

/* Charges factor times the graph's size (saturating). */
static void charge(lua_State *L, const erg_graph *g, uint64_t factor) {
    uint64_t s = graph_size(g);
    lerg_charge(L, lerg_host_get(L), factor && s > COST_MAX / factor ? COST_MAX : s * factor);
}

/* ---- the core's results, on the holder --------------------------------------------- */
typedef struct held {
    erg_graph *g; /* whose allocator made the results */
    erg_scores scores;
    erg_partition part;
    erg_path path;
    erg_paths paths;
} held;

static void held_free(held *h) {
    erg_scores_free(h->g, &h->scores);
    erg_partition_free(h->g, &h->part);
    erg_path_free(h->g, &h->path);
    erg_paths_free(h->g, &h->paths);
}

static void held_release(void *payload, lua_Alloc f, void *ud) {
    (void)f;
    (void)ud;
    held_free(payload);
}

/* Pushes an empty holder of results of the graph at gidx.  Its user value
 * keeps the graph alive, and its block depends on the graph's, so that
 * the graph is freed after it even when finalizers are dropped. */
static held *push_held(lua_State *L, int gidx) {
    gidx = lua_absindex(L, gidx);
    held *h = lerg_cmem_push(L, sizeof *h, 1, HELD, held_release);
    lua_pushvalue(L, gidx);
    lua_setiuservalue(L, -2, 1);
    lerg_cmem_depends(L, -1, gidx);
    h->g = ((lerg_graph *)lua_touserdata(L, gidx))->g;
    return h;
}

/* ---- writing results back as attributes ------------------------------------------- */
typedef struct wcell {
    erg_entity e;
    erg_value nv, old;
} wcell;

static bool column_type(erg_graph *g, const char *attr, erg_type *t) {
    size_t n = erg_schema_count(g, ERG_KIND_ENTITY);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(erg_schema_name(g, ERG_KIND_ENTITY, i), attr)) {
            *t = erg_schema_type(g, ERG_KIND_ENTITY, i, NULL);
            return true;
        }
    return false;
}

/* Stores each cell's new value as attribute attr, all or nothing.  The
 * attribute must hold t values (an int also goes into a float column);
 * the old values are then ints, floats or nulls, which can be put back
 * as they were. */
static void write_cells(lua_State *L, erg_graph *g, const char *attr, erg_type t, lerg_vec *cells) {
    wcell *c = cells->p;
    erg_type have;
    if (cells->n == 0) return;
    if (column_type(g, attr, &have) && have != t && !(t == ERG_INT && have == ERG_FLOAT)) {
        erg_value probe = t == ERG_INT ? erg_int(1) : erg_float(0); /* refused: gives the core's message */
        if (erg_attr_set(g, erg_obj_entity(c[0].e), attr, &probe) != ERG_OK) lerg_raise(L, g);
    }
    for (size_t i = 0; i < cells->n; i++)
        if (erg_attr_get(g, erg_obj_entity(c[i].e), attr, &c[i].old) != ERG_OK) lerg_raise(L, g);
    for (size_t k = 0; k < cells->n; k++) {
        if (erg_attr_set(g, erg_obj_entity(c[k].e), attr, &c[k].nv) == ERG_OK) continue;
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", erg_errmsg(g));
        while (k > 0) {
            k--;
            erg_attr_set(g, erg_obj_entity(c[k].e), attr, &c[k].old);
        }
        lerg_host *h = lerg_host_get(L);
        if (h && h->stopped) h->over(L, h->ud);
        luaL_error(L, "%s", msg);
    }
}

/* Writes group + 1 of every entity of the partition. */
static void write_groups(lua_State *L, erg_graph *g, const char *attr, const erg_partition *p) {
    lerg_vec *cells = lerg_vec_new(L, sizeof(wcell));
    for (size_t i = 0; i < p->n; i++) {
        wcell *c = lerg_vec_push(L, cells);
        c->e = p->entity[i];
        c->nv = erg_int((int64_t)p->group[i] + 1);
    }
    write_cells(L, g, attr, ERG_INT, cells);
    lua_pop(L, 1);
}

/* ---- g:rank ---------------------------------------------------------------------- */
static bool integral(erg_measure m) {
    return m == ERG_DEGREE || m == ERG_CORENESS;
}

static bool all_pairs(erg_measure m) {
    return m == ERG_BETWEENNESS || m == ERG_CLOSENESS || m == ERG_HARMONIC;
}

static lerg_graph *live_graph(lua_State *L) {
    lerg_graph *G = lerg_check_graph(L, 1);
    if (!G->g) luaL_error(L, "the graph was closed");
    return G;
}

int lerg_g_rank(lua_State *L) {
    static const char *const keys[] = {"weight", "mode", "top", "normalized", "damping", "personal", "sample", "seed",
                                       "write", NULL};
    lerg_graph *G = live_graph(L);
    const char *name = lerg_check_text(L, 2, "a measure");
    erg_measure m = erg_measure_from_name(name);
    if (!m)
        return luaL_error(L, "rank: unknown measure '%s' (degree, strength, betweenness, closeness, harmonic, "
                             "pagerank, eigenvector, hub, authority, coreness)", name);
    lua_settop(L, 3);
    aopts a;
    lua_Integer top = 0;
    if (read_opts(L, 3, "rank", keys, &a)) {
        if (opt_int(L, 3, "rank", "top", &top) && top < 0) return luaL_error(L, "rank: 'top' must not be negative");
        a.o.normalized = opt_bool(L, 3, "rank", "normalized");
        if (opt_number(L, 3, "rank", "damping", &a.o.damping) && !(a.o.damping > 0 && a.o.damping < 1))
            return luaL_error(L, "rank: 'damping' must be between 0 and 1");
        a.o.personal = opt_entities(L, 3, "rank", "personal", G, &a.o.n_personal);
        if (a.o.n_personal && m != ERG_PAGERANK) return luaL_error(L, "rank: 'personal' goes with pagerank");
        lua_Integer sample = 0, seed = 0;
        if (opt_int(L, 3, "rank", "sample", &sample)) {
            if (m != ERG_BETWEENNESS) return luaL_error(L, "rank: 'sample' goes with betweenness");
            if (sample <= 0) return luaL_error(L, "rank: 'sample' must be positive");
            a.o.sample = (size_t)sample;
        }
        if (opt_int(L, 3, "rank", "seed", &seed)) {
            if (!a.o.sample) return luaL_error(L, "rank: 'seed' goes with 'sample'");
            if (seed < 0) return luaL_error(L, "rank: 'seed' must not be negative");
            a.o.seed = (uint64_t)seed;
        }
    }
    /* a sampled betweenness does K of the n sources' work */
    size_t sources = erg_entity_count(G->g);
    if (a.o.sample && a.o.sample < sources) sources = a.o.sample;
    charge(L, G->g, all_pairs(m) ? sources + 1 : 1);
    held *h = push_held(L, 1);
    if (erg_centrality(G->g, m, &a.o, &h->scores) != ERG_OK) return lerg_raise(L, G->g);
    erg_scores_sort(&h->scores);
    const erg_score *s = h->scores.items;
    size_t n = h->scores.n;
    if (a.write) {
        lerg_vec *cells = lerg_vec_new(L, sizeof(wcell));
        for (size_t i = 0; i < n; i++) {
            wcell *c = lerg_vec_push(L, cells);
            c->e = s[i].entity;
            c->nv = isnan(s[i].score) ? erg_null() : erg_float(s[i].score);
        }
        write_cells(L, G->g, a.write, ERG_FLOAT, cells);
        lua_pop(L, 1);
    }
    if (top > 0 && (uint64_t)top < n) n = (size_t)top;
    lua_createtable(L, (int)n, 0);
    for (size_t i = 0; i < n; i++) {
        lua_createtable(L, 0, 2);
        lerg_push_obj(L, 1, erg_obj_entity(s[i].entity));
        lua_setfield(L, -2, "entity");
        if (integral(m) && isfinite(s[i].score)) lua_pushinteger(L, (lua_Integer)s[i].score);
        else lua_pushnumber(L, s[i].score);
        lua_setfield(L, -2, "score");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    held_free(h);
    return 1;
}

/* ---- g:communities, g:components ------------------------------------------------- */
/* Pushes the groups of p: a list of lists of entities, largest first. */
static void push_groups(lua_State *L, const erg_partition *p) {
    lua_createtable(L, (int)p->ngroups, 1);
    int t = lua_gettop(L);
    for (size_t c = 0; c < p->ngroups; c++) {
        lua_newtable(L);
        lua_rawseti(L, t, (lua_Integer)c + 1);
    }
    for (size_t i = 0; i < p->n; i++) {
        lua_rawgeti(L, t, (lua_Integer)p->group[i] + 1);
        lerg_push_obj(L, 1, erg_obj_entity(p->entity[i]));
        lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
        lua_pop(L, 1);
    }
}

int lerg_g_communities(lua_State *L) {
    static const char *const keys[] = {"weight", "seed", "resolution", "write", NULL};
    lerg_graph *G = live_graph(L);
    const char *name = lua_isnoneornil(L, 2) ? "louvain" : lerg_check_text(L, 2, "a method");
    erg_community_method m = erg_community_method_from_name(name);
    if (!m) return luaL_error(L, "communities: unknown method '%s' (louvain, leiden or walktrap)", name);
    lua_settop(L, 3);
    aopts a;
    if (read_opts(L, 3, "communities", keys, &a)) {
        lua_Integer seed = 0;
        if (opt_int(L, 3, "communities", "seed", &seed) && seed < 0)
            return luaL_error(L, "communities: 'seed' must not be negative");
        a.o.seed = (uint64_t)seed;
        if (opt_number(L, 3, "communities", "resolution", &a.o.resolution) &&
            !(a.o.resolution > 0 && isfinite(a.o.resolution)))
            return luaL_error(L, "communities: 'resolution' must be a positive number");
    }
    charge(L, G->g, m == ERG_WALKTRAP ? erg_entity_count(G->g) + 1 : 1);
    held *h = push_held(L, 1);
    if (erg_communities(G->g, m, &a.o, &h->part) != ERG_OK) return lerg_raise(L, G->g);
    if (a.write) write_groups(L, G->g, a.write, &h->part);
    push_groups(L, &h->part);
    if (!isnan(h->part.modularity)) {
        lua_pushnumber(L, h->part.modularity);
        lua_setfield(L, -2, "modularity");
    }
    held_free(h);
    return 1;
}

int lerg_g_components(lua_State *L) {
    static const char *const keys[] = {"write", NULL};
    lerg_graph *G = live_graph(L);
    const char *mode = lua_isnoneornil(L, 2) ? "weak" : lerg_check_text(L, 2, "a mode");
    if (strcmp(mode, "weak") && strcmp(mode, "strong"))
        return luaL_error(L, "components: unknown mode '%s' (weak or strong)", mode);
    lua_settop(L, 3);
    aopts a;
    read_opts(L, 3, "components", keys, &a);
    charge(L, G->g, 1);
    held *h = push_held(L, 1);
    if (erg_components(G->g, !strcmp(mode, "strong"), &a.o, &h->part) != ERG_OK) return lerg_raise(L, G->g);
    if (a.write) write_groups(L, G->g, a.write, &h->part);
    push_groups(L, &h->part);
    held_free(h);
    return 1;
}

/* ---- g:path, g:paths ---------------------------------------------------------------- */
static void push_path(lua_State *L, const erg_path *p, bool weighted) {
    static const char *const dirs[] = {"", "forward", "backward", "undirected"};
    lua_createtable(L, (int)p->n, 1);
    for (size_t k = 0; k < p->n; k++) {
        const erg_hop *hop = &p->hops[k];
        lua_createtable(L, 0, 4);
        lerg_push_obj(L, 1, erg_obj_rel(hop->rel));
        lua_setfield(L, -2, "rel");
        lerg_push_obj(L, 1, erg_obj_entity(hop->from));
        lua_setfield(L, -2, "from");
        lerg_push_obj(L, 1, erg_obj_entity(hop->to));
        lua_setfield(L, -2, "to");
        lua_pushstring(L, dirs[hop->dir <= ERG_HOP_UNDIRECTED ? hop->dir : 0]);
        lua_setfield(L, -2, "dir");
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    if (weighted) lua_pushnumber(L, p->length);
    else lua_pushinteger(L, (lua_Integer)p->n);
    lua_setfield(L, -2, "length");
}

int lerg_g_path(lua_State *L) {
    static const char *const keys[] = {"weight", "mode", NULL};
    lerg_graph *G = live_graph(L);
    erg_entity from = lerg_check_entity(L, 2, G), to = lerg_check_entity(L, 3, G);
    lua_settop(L, 4);
    aopts a;
    read_opts(L, 4, "path", keys, &a);
    charge(L, G->g, 1);
    held *h = push_held(L, 1);
    int rc = erg_shortest_path(G->g, from, to, &a.o, &h->path);
    /* unreachable is an answer, not an error; ERG_ENOTFOUND alone also
     * covers unknown types and weights, so the message tells them apart */
    if (rc == ERG_ENOTFOUND && !strncmp(erg_errmsg(G->g), "no path ", 8)) {
        lua_pushnil(L);
        lua_pushstring(L, erg_errmsg(G->g));
        return 2;
    }
    if (rc != ERG_OK) return lerg_raise(L, G->g);
    lerg_charge(L, lerg_host_get(L), h->path.n);
    push_path(L, &h->path, a.o.weight != NULL);
    held_free(h);
    return 1;
}

/* The simple-path search's work report: charged to the host without
 * raising (the core must clean up first); a spent budget stops the
 * search, and lerg_raise then raises the limit's error. */
static int paths_work(void *ud, uint64_t steps) {
    lerg_host *h = ud;
    h->steps += steps;
    if (h->stopped || (h->max_steps && h->steps > h->max_steps)) {
        h->stopped = true;
        return 1;
    }
    return 0;
}

int lerg_g_paths(lua_State *L) {
    static const char *const keys[] = {"weight", "mode", "max_hops", "max_paths", NULL};
    lerg_graph *G = live_graph(L);
    erg_entity from = lerg_check_entity(L, 2, G), to = lerg_check_entity(L, 3, G);
    lua_settop(L, 4);
    aopts a;
    lua_Integer max_hops = 4, max_paths = 1000;
    if (read_opts(L, 4, "paths", keys, &a)) {
        if (opt_int(L, 4, "paths", "max_hops", &max_hops) && (max_hops < 1 || max_hops > 63))
            return luaL_error(L, "paths: 'max_hops' must be between 1 and 63");
        if (opt_int(L, 4, "paths", "max_paths", &max_paths) && max_paths < 1)
            return luaL_error(L, "paths: 'max_paths' must be positive");
    }
    charge(L, G->g, (uint64_t)max_hops);
    lerg_host *host = lerg_host_get(L);
    if (host) {
        a.o.work = paths_work;
        a.o.work_ud = host;
    }
    held *h = push_held(L, 1);
    size_t cap = (uint64_t)max_paths > SIZE_MAX ? SIZE_MAX : (size_t)max_paths;
    if (erg_simple_paths(G->g, from, to, (unsigned)max_hops, cap, &a.o, &h->paths) != ERG_OK)
        return lerg_raise(L, G->g);
    lua_createtable(L, (int)h->paths.n, 1);
    for (size_t i = 0; i < h->paths.n; i++) {
        lerg_charge(L, host, h->paths.paths[i].n);
        push_path(L, &h->paths.paths[i], a.o.weight != NULL);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_pushboolean(L, h->paths.truncated);
    lua_setfield(L, -2, "truncated");
    held_free(h);
    return 1;
}

/* ---- g:ego ------------------------------------------------------------------------------ */
int lerg_g_ego(lua_State *L) {
    static const char *const keys[] = {"mode", NULL};
    lerg_graph *G = live_graph(L);
    erg_entity center = lerg_check_entity(L, 2, G);
    lua_Integer hops = luaL_optinteger(L, 3, 1);
    if (hops < 0) return luaL_error(L, "ego: hops must not be negative");
    lua_settop(L, 4);
    aopts a;
    read_opts(L, 4, "ego", keys, &a);
    charge(L, G->g, 1);
    /* the userdata first, so that raising cannot leak the new graph */
    lerg_graph *E = lerg_push_owner(L);
    unsigned h = (uint64_t)hops > UINT32_MAX ? UINT32_MAX : (unsigned)hops;
    erg_graph *ego = NULL;
    if (erg_ego(G->g, center, h, &a.o, &ego) != ERG_OK) return lerg_raise(L, G->g);
    lerg_own_graph(E, ego);
    return 1;
}
