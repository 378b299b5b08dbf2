/*
 * traversal.c -- lazy, chainable traversals in the style of Gremlin:
 *
 *   g:V{type="company"}:out("supplies"):has("country", "US"):dedup()
 *     :order("name"):limit(10):list()
 *
 * Building a traversal only records steps: each step method returns a new
 * traversal (the old one is unchanged and can be extended differently).
 * Nothing runs before a terminal: iter, list, count, first, values.
 *
 * How it runs.  A terminal makes a run: one small state per step, pulled
 * from the end.  Each step asks the step before it for the next entity
 * when it needs one, so first() and limit(n) stop early and memory stays
 * O(steps) except where a step must remember (dedup's set, order's list,
 * walk's queue and visited set).  All of it lives in the run's userdata
 * (freed by __gc), since any step may raise: a where() callback, the work
 * budget, running out of memory.
 *
 * Every relationship examined and every entity produced is charged to the
 * host's work budget, so a traversal that explodes (both() ten times on a
 * dense graph) is stopped by the sandbox like a Lua loop would be.
 *
 * The graph must not change while a run is going on: a run remembers the
 * graph's version and raises if it changed (modify after :list()).
 */
#include "module.h"

#include <string.h>

enum step_kind {
    S_ALL,   /* every entity (of a type) */
    S_LIST,  /* given entities */
    S_ADJ,   /* out / in_ / both */
    S_HAS,   /* has(name [, value]) */
    S_HASNOT,
    S_WHERE, /* where(fn) */
    S_DEDUP,
    S_ORDER, /* order([key [, "desc"]]) */
    S_LIMIT,
    S_SKIP,
    S_WALK   /* walk{type=, dir=, max_depth=, min_depth=} */
};

#define MAX_STEPS 256

typedef struct step {
    uint8_t kind;
    uint8_t dir;  /* S_ADJ, S_WALK: erg_dir */
    bool flag;    /* S_ORDER: descending; S_HAS: a value was given */
    uint8_t op;   /* S_HAS: lerg_op of a predicate (erg.gt...); LERG_EQ: a value */
    int64_t n;    /* S_LIMIT, S_SKIP: count; S_WALK: max depth */
    int64_t min;  /* S_WALK: min depth */
} step;

/* The traversal userdata: user value 1 the graph, 2 a table of each
 * step's Lua arguments (types, names, values, functions), by step number. */
typedef struct trav {
    uint32_t n;
    step s[];
} trav;

/* ---- a set of entity indexes (open addressing, index + 1; 0 is empty) ---- */
typedef struct uset {
    uint32_t *slots;
    uint32_t cap, used;
} uset;

typedef struct run run;

/* ---- the state of one step in a run ---------------------------------------- */
typedef struct qitem {
    erg_entity e;
    int64_t depth;
} qitem;

typedef struct okey {
    erg_entity e;
    erg_value key;
} okey;

typedef struct srun {
    const step *def;
    const char **types; /* S_ADJ, S_WALK: accepted types (ntypes 0: any) */
    size_t ntypes;
    const char *name;   /* S_HAS, S_HASNOT, S_ORDER: property */
    erg_value want;     /* S_HAS: the value, or a predicate's bound */
    erg_value want2;    /* S_HAS: erg.between's upper bound */
    erg_iter it;        /* S_ALL */
    erg_entity *ents;   /* S_LIST */
    size_t nents, pos;  /* S_LIST, S_ORDER: position */
    erg_entity cur;     /* S_ADJ, S_WALK: entity being expanded */
    int64_t cur_depth;
    erg_adj adj;
    bool in_adj;
    uset set;           /* S_DEDUP, S_WALK */
    qitem *queue;       /* S_WALK */
    size_t qhead, qn, qcap;
    okey *keys;         /* S_ORDER */
    size_t nkeys, kcap;
    bool filled;        /* S_ORDER */
    int64_t count;      /* S_LIMIT, S_SKIP */
} srun;

/* The run userdata: user value 1 the traversal, 2 the graph, 3 the values
 * converted for has() (kept alive here). */
struct run {
    lerg_graph *G;
    lerg_host *host;
    uint64_t version;
    bool busy, done;
    uint32_t n;
    srun st[];
};

/* ---- memory of a run ---------------------------------------------------------- */
/* A run's arrays hang off its block of the holder, through its allocator. */
static void *run_mem(lua_State *L, run *R, void *p, size_t old, size_t n) {
    void *q = lerg_cmem_realloc(R, p, old, n);
    if (!q && n) luaL_error(L, "not enough memory");
    return q;
}

/* Grows *arr (capacity *cap elements of size sz) to hold need elements. */
static void run_grow(lua_State *L, run *R, void **arr, size_t *cap, size_t need, size_t sz) {
    if (need <= *cap) return;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) ncap *= 2;
    if (ncap > SIZE_MAX / sz) luaL_error(L, "not enough memory");
    *arr = run_mem(L, R, *arr, *cap * sz, ncap * sz);
    *cap = ncap;
}

static uint32_t hash32(uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    return x ^ (x >> 16);
}

static void uset_clear(uset *s) {
    if (s->slots) memset(s->slots, 0, s->cap * sizeof *s->slots);
    s->used = 0;
}

static bool uset_put(uset *s, uint32_t key) {
    uint32_t mask = s->cap - 1, i = hash32(key) & mask;
    while (s->slots[i]) {
        if (s->slots[i] == key + 1) return false;
        i = (i + 1) & mask;
    }
    s->slots[i] = key + 1;
    s->used++;
    return true;
}

/* Adds key; returns true when it was not there yet. */
static bool uset_add(lua_State *L, run *R, uset *s, uint32_t key) {
    if ((s->used + 1) * 2 > s->cap) {
        uint32_t ncap = s->cap ? s->cap * 2 : 64;
        if (ncap == 0 || ncap > UINT32_MAX / 2) luaL_error(L, "not enough memory");
        uint32_t *old = s->slots, ocap = s->cap;
        s->slots = run_mem(L, R, NULL, 0, (size_t)ncap * sizeof *s->slots);
        memset(s->slots, 0, (size_t)ncap * sizeof *s->slots);
        s->cap = ncap;
        s->used = 0;
        for (uint32_t i = 0; i < ocap; i++)
            if (old[i]) uset_put(s, old[i] - 1);
        run_mem(L, R, old, (size_t)ocap * sizeof *old, 0);
    }
    return uset_put(s, key);
}

static void run_release(void *payload, lua_Alloc f, void *ud) {
    run *R = payload;
    for (uint32_t k = 0; k < R->n; k++) {
        srun *st = &R->st[k];
        if (st->types) f(ud, st->types, st->ntypes * sizeof *st->types, 0);
        if (st->ents) f(ud, st->ents, st->nents * sizeof *st->ents, 0);
        if (st->set.slots) f(ud, st->set.slots, st->set.cap * sizeof *st->set.slots, 0);
        if (st->queue) f(ud, st->queue, st->qcap * sizeof *st->queue, 0);
        if (st->keys) f(ud, st->keys, st->kcap * sizeof *st->keys, 0);
        memset(st, 0, sizeof *st);
    }
    R->n = 0;
}

/* ---- building traversals --------------------------------------------------------- */
static trav *check_trav(lua_State *L, int idx) {
    return luaL_checkudata(L, idx, LERG_TRAV);
}

/* Pushes a traversal: the one at from (may be 0: none) plus step s whose
 * Lua argument is on the top of the stack (popped). */
static trav *push_step(lua_State *L, int from, step s) {
    int arg = lua_gettop(L);
    uint32_t n = 0;
    const trav *old = NULL;
    if (from) {
        old = check_trav(L, from);
        n = old->n;
        if (n >= MAX_STEPS) luaL_error(L, "a traversal has at most %d steps", MAX_STEPS);
    }
    trav *t = lua_newuserdatauv(L, sizeof *t + (n + 1) * sizeof(step), 2);
    t->n = n + 1;
    if (old) memcpy(t->s, old->s, n * sizeof(step));
    t->s[n] = s;
    luaL_setmetatable(L, LERG_TRAV);
    lua_createtable(L, (int)n + 1, 0);
    if (from) {
        lua_getiuservalue(L, from, 2);
        for (uint32_t i = 1; i <= n; i++) {
            lua_rawgeti(L, -1, i);
            lua_rawseti(L, -3, i);
        }
        lua_pop(L, 1);
        lua_getiuservalue(L, from, 1);
    } else {
        lua_pushvalue(L, 1); /* V is called on the graph */
    }
    lua_setiuservalue(L, -3, 1);
    lua_pushvalue(L, arg);
    lua_rawseti(L, -2, n + 1);
    lua_setiuservalue(L, -2, 2);
    lua_replace(L, arg);
    lua_settop(L, arg);
    return t;
}

static step mkstep(uint8_t kind) {
    step s;
    memset(&s, 0, sizeof s);
    s.kind = kind;
    return s;
}

/* g:V() / g:V(type table) / g:V(id or entity) / g:V{ids or entities..., type=}. */
int lerg_trav_V(lua_State *L) {
    lerg_graph *G = lerg_check_graph(L, 1);
    if (!G->g) return luaL_error(L, "the graph was closed");
    const char *type = NULL;
    lua_settop(L, 2);
    if (lua_isnil(L, 2)) {
        lua_pushnil(L);
        push_step(L, 0, mkstep(S_ALL));
        return 1;
    }
    lua_newtable(L); /* 3: the start list */
    lua_Integer n = 0;
    if (lua_istable(L, 2)) {
        lua_Integer len = luaL_len(L, 2);
        lua_pushnil(L);
        while (lua_next(L, 2)) {
            lua_pop(L, 1);
            bool item = lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= len;
            if (!item && !(lua_type(L, -1) == LUA_TSTRING && !strcmp(lua_tostring(L, -1), "type")))
                luaL_error(L, "V: unknown option '%s'", luaL_tolstring(L, -1, NULL));
        }
        lua_getfield(L, 2, "type");
        if (!lua_isnil(L, -1)) type = lerg_check_text(L, -1, "a type");
        lua_pop(L, 1);
        for (lua_Integer i = 1; i <= len; i++) {
            lua_geti(L, 2, i);
            lerg_push_obj(L, 1, erg_obj_entity(lerg_check_entity(L, -1, G)));
            lua_rawseti(L, 3, ++n);
            lua_pop(L, 1);
        }
        if (len == 0) {
            lua_getfield(L, 2, "type");
            push_step(L, 0, mkstep(S_ALL));
            return 1;
        }
    } else {
        lerg_push_obj(L, 1, erg_obj_entity(lerg_check_entity(L, 2, G)));
        lua_rawseti(L, 3, ++n);
    }
    push_step(L, 0, mkstep(S_LIST));
    if (type) {
        int t = lua_gettop(L);
        step s = mkstep(S_HAS);
        s.flag = true;
        lua_createtable(L, 2, 0);
        lua_pushliteral(L, "type");
        lua_rawseti(L, -2, 1);
        lua_getfield(L, 2, "type");
        lua_rawseti(L, -2, 2);
        push_step(L, t, s);
    }
    return 1;
}

/* Collects the type arguments from idx on into a table (pushed). */
static void collect_types(lua_State *L, int first) {
    int top = lua_gettop(L);
    lua_createtable(L, top - first + 1, 0);
    for (int i = first; i <= top; i++) {
        lerg_check_text(L, i, "a relationship type");
        lua_pushvalue(L, i);
        lua_rawseti(L, -2, i - first + 1);
    }
}

static int t_adj(lua_State *L, erg_dir dir) {
    check_trav(L, 1);
    step s = mkstep(S_ADJ);
    s.dir = (uint8_t)dir;
    collect_types(L, 2);
    lua_insert(L, 2);
    lua_settop(L, 2);
    push_step(L, 1, s);
    return 1;
}
static int t_out(lua_State *L) { return t_adj(L, ERG_OUT); }
static int t_in(lua_State *L) { return t_adj(L, ERG_IN); }
static int t_both(lua_State *L) { return t_adj(L, ERG_BOTH); }

/* has(name): the property is present; has(name, value): it equals value
 * (or, for a list property and a single value, contains it); has(name,
 * erg.gt(x)) and the other predicates of predicate.c: it compares so. */
static int t_has(lua_State *L) {
    check_trav(L, 1);
    lerg_check_text(L, 2, "a property name");
    step s = mkstep(S_HAS);
    s.flag = lua_gettop(L) >= 3;
    int op = s.flag ? lerg_pred_op(L, 3) : -1;
    if (op > 0) {
        s.op = (uint8_t)op;
    } else if (s.flag) {
        erg_value v;
        lerg_to_value(L, 3, lua_tostring(L, 2), &v); /* checks it has an erg type */
        lua_pop(L, 1);
    }
    lua_settop(L, 3);
    lua_createtable(L, 2, 0);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, 1);
    lua_pushvalue(L, 3);
    lua_rawseti(L, -2, 2);
    lua_replace(L, 2);
    lua_settop(L, 2);
    push_step(L, 1, s);
    return 1;
}

static int t_hasnot(lua_State *L) {
    check_trav(L, 1);
    lerg_check_text(L, 2, "a property name");
    lua_settop(L, 2);
    push_step(L, 1, mkstep(S_HASNOT));
    return 1;
}

static int t_where(lua_State *L) {
    check_trav(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    push_step(L, 1, mkstep(S_WHERE));
    return 1;
}

static int t_dedup(lua_State *L) {
    check_trav(L, 1);
    lua_settop(L, 1);
    lua_pushnil(L);
    push_step(L, 1, mkstep(S_DEDUP));
    return 1;
}

static int t_order(lua_State *L) {
    static const char *const dirs[] = {"asc", "desc", NULL};
    check_trav(L, 1);
    step s = mkstep(S_ORDER);
    lua_settop(L, 3);
    if (lua_isnil(L, 2)) {
        lua_pushliteral(L, "id");
        lua_replace(L, 2);
    }
    lerg_check_text(L, 2, "a property name");
    s.flag = luaL_checkoption(L, 3, "asc", dirs) == 1;
    lua_settop(L, 2);
    push_step(L, 1, s);
    return 1;
}

static int t_count_step(lua_State *L, uint8_t kind) {
    check_trav(L, 1);
    step s = mkstep(kind);
    s.n = luaL_checkinteger(L, 2);
    luaL_argcheck(L, s.n >= 0, 2, "must not be negative");
    lua_settop(L, 1);
    lua_pushnil(L);
    push_step(L, 1, s);
    return 1;
}
static int t_limit(lua_State *L) { return t_count_step(L, S_LIMIT); }
static int t_skip(lua_State *L) { return t_count_step(L, S_SKIP); }

/* walk{type=t or {t...}, dir="out"|"in"|"both", max_depth=n, min_depth=1}:
 * every entity reachable from each input in min_depth..max_depth hops,
 * once per input, nearest first.  max_depth is mandatory. */
static int t_walk(lua_State *L) {
    static const char *const dirs[] = {"out", "in", "both", NULL};
    check_trav(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    lua_pushnil(L);
    while (lua_next(L, 2)) {
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
        if (strcmp(k, "type") && strcmp(k, "dir") && strcmp(k, "max_depth") && strcmp(k, "min_depth"))
            luaL_error(L, "walk: unknown option '%s'", luaL_tolstring(L, -1, NULL));
    }
    step s = mkstep(S_WALK);
    if (lua_getfield(L, 2, "max_depth") == LUA_TNIL)
        return luaL_error(L, "walk: max_depth is required (the most hops to take)");
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0)
        return luaL_error(L, "walk: max_depth must be a non-negative integer");
    s.n = lua_tointeger(L, -1);
    s.min = 1;
    if (lua_getfield(L, 2, "min_depth") != LUA_TNIL) {
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0)
            return luaL_error(L, "walk: min_depth must be a non-negative integer");
        s.min = lua_tointeger(L, -1);
    }
    lua_getfield(L, 2, "dir");
    const char *dir = lua_isnil(L, -1) ? "out" : luaL_checkstring(L, -1);
    int d = 0;
    while (dirs[d] && strcmp(dirs[d], dir)) d++;
    if (!dirs[d]) return luaL_error(L, "walk: dir must be \"out\", \"in\" or \"both\", not '%s'", dir);
    s.dir = (uint8_t)(d == 0 ? ERG_OUT : d == 1 ? ERG_IN : ERG_BOTH);
    lua_settop(L, 2);
    lua_getfield(L, 2, "type");
    if (lua_istable(L, -1)) {
        lua_Integer n = luaL_len(L, -1);
        lua_createtable(L, (int)n, 0);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_geti(L, -2, i);
            lerg_check_text(L, -1, "a relationship type");
            lua_rawseti(L, -2, i);
        }
    } else {
        lua_createtable(L, 1, 0);
        if (!lua_isnil(L, -2)) {
            lerg_check_text(L, -2, "a relationship type");
            lua_pushvalue(L, -2);
            lua_rawseti(L, -2, 1);
        }
    }
    lua_replace(L, 2);
    lua_settop(L, 2);
    push_step(L, 1, s);
    return 1;
}

/* ---- running -------------------------------------------------------------------- */
static erg_graph *run_graph(lua_State *L, run *R) {
    if (!R->G->g) luaL_error(L, "the graph was closed");
    return R->G->g;
}

static void check_version(lua_State *L, run *R) {
    if (erg_graph_version(run_graph(L, R)) != R->version)
        luaL_error(L, "the graph changed during the traversal (collect it with :list() before changing the graph)");
}

static bool type_ok(const srun *st, const char *type) {
    if (st->ntypes <= 1) return true; /* 0: any; 1: erg_adjacent filtered */
    for (size_t i = 0; i < st->ntypes; i++)
        if (!strcmp(st->types[i], type)) return true;
    return false;
}

static void start_adj(lua_State *L, run *R, srun *st, erg_entity e, erg_dir dir) {
    erg_graph *g = R->G->g;
    if (erg_adjacent(g, e, dir, st->ntypes == 1 ? st->types[0] : NULL, &st->adj) != ERG_OK)
        lerg_raise(L, g);
    st->cur = e;
    st->in_adj = true;
}

/* Reads property name of e as an erg value (strings point into the pool);
 * aliases are a special case (handled by the caller). */
static void read_prop(lua_State *L, erg_graph *g, erg_entity e, const char *name, erg_value *out) {
    const char *s = NULL;
    if (!strcmp(name, "id")) s = erg_entity_id(g, e);
    else if (!strcmp(name, "type")) s = erg_entity_type(g, e);
    else if (!strcmp(name, "name")) {
        s = erg_entity_name(g, e);
        if (!s) { *out = erg_null(); return; }
    } else {
        if (erg_attr_get(g, erg_obj_entity(e), name, out) != ERG_OK) lerg_raise(L, g);
        return;
    }
    *out = erg_str(s);
}

static bool value_eq(const erg_value *a, const erg_value *b) {
    if (a->type == ERG_NULL || b->type == ERG_NULL) return false;
    return lerg_value_cmp(a, b) == 0 && (a->type == ERG_LIST) == (b->type == ERG_LIST);
}

static bool has_test(lua_State *L, run *R, srun *st, erg_entity e) {
    erg_graph *g = R->G->g;
    lerg_op op = (lerg_op)st->def->op;
    if (!strcmp(st->name, "aliases")) {
        size_t n = erg_entity_alias_count(g, e);
        if (!st->def->flag) return n > 0;
        if (op) {
            for (size_t i = 0; i < n; i++) {
                erg_value a = erg_str(erg_entity_alias(g, e, i));
                if (lerg_pred_passes(op, &a, &st->want, &st->want2)) return true;
            }
            return false;
        }
        for (size_t i = 0; i < n; i++) {
            erg_value a = erg_str(erg_entity_alias(g, e, i));
            if (value_eq(&a, &st->want)) return true;
        }
        return false;
    }
    erg_value v;
    read_prop(L, g, e, st->name, &v);
    if (!st->def->flag) return v.type != ERG_NULL;
    if (op) return lerg_pred_passes(op, &v, &st->want, &st->want2);
    if (v.type == ERG_LIST && st->want.type != ERG_LIST) {
        for (size_t i = 0; i < v.u.list.n; i++)
            if (value_eq(&v.u.list.items[i], &st->want)) return true;
        return false;
    }
    return value_eq(&v, &st->want);
}

static bool pull(lua_State *L, run *R, uint32_t k, erg_entity *out);

/* ---- nesting ---------------------------------------------------------------
 * A where() callback may start another traversal, whose where() may start
 * another...  Each level puts a pull() frame per step on the C stack
 * (up to 256) before Lua's own C-call limit (200 levels) sees anything,
 * so 250-step traversals nested 100 deep overflowed an 8 MB stack.  The
 * state keeps, in its registry, the pull frames that running where()
 * callbacks hold; a callback that would take more than NEST_MAX is
 * refused with an error.  The callback runs under lua_pcall so that the
 * count is restored however it ends, and its error is raised again. */
#define NEST_MAX 4096
#define NEST_FRAMES 8 /* what a level costs besides its pull frames */
static const char nest_key = 'n';

static lua_Integer nest_get(lua_State *L) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &nest_key);
    lua_Integer n = lua_tointeger(L, -1);
    lua_pop(L, 1);
    return n;
}

static void nest_set(lua_State *L, lua_Integer n) {
    lua_pushinteger(L, n);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &nest_key);
}

/* Calls the where() function of step k on e. */
static bool where_test(lua_State *L, run *R, uint32_t k, erg_entity e) {
    lua_Integer nest = nest_get(L), need = nest + (lua_Integer)R->n + NEST_FRAMES;
    if (need > NEST_MAX)
        luaL_error(L, "traversals nested too deeply (where() callbacks that start traversals)");
    luaL_checkstack(L, 6, "where()");
    nest_set(L, need);
    lua_getiuservalue(L, -1, 1); /* the run is on the top: its traversal */
    lua_getiuservalue(L, -1, 2);
    lua_rawgeti(L, -1, (lua_Integer)k + 1);
    lua_getiuservalue(L, -4, 2); /* the graph */
    lerg_push_obj(L, -1, erg_obj_entity(e));
    lua_remove(L, -2);
    int st = lua_pcall(L, 1, 1, 0);
    nest_set(L, nest);
    if (st != LUA_OK) lua_error(L);
    bool keep = lua_toboolean(L, -1);
    lua_pop(L, 3);
    check_version(L, R);
    return keep;
}

static int cmp_keys(const okey *a, const okey *b, bool desc) {
    bool na = a->key.type == ERG_NULL, nb = b->key.type == ERG_NULL;
    if (na || nb) return (int)na - (int)nb; /* absent last either way */
    int c = lerg_value_cmp(&a->key, &b->key);
    return desc ? -c : c;
}

/* A stable merge sort of keys (n), using tmp (n) as scratch. */
static void sort_keys(lua_State *L, run *R, okey *keys, okey *tmp, size_t n, bool desc) {
    for (size_t width = 1; width < n; width *= 2) {
        lerg_charge(L, R->host, n);
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi) tmp[o++] = cmp_keys(&keys[j], &keys[i], desc) < 0 ? keys[j++] : keys[i++];
            while (i < mid) tmp[o++] = keys[i++];
            while (j < hi) tmp[o++] = keys[j++];
        }
        memcpy(keys, tmp, n * sizeof *keys);
    }
}

static void fill_order(lua_State *L, run *R, uint32_t k, srun *st) {
    erg_entity e;
    erg_graph *g = R->G->g;
    while (pull(L, R, k - 1, &e)) {
        run_grow(L, R, (void **)&st->keys, &st->kcap, st->nkeys + 1, sizeof *st->keys);
        okey *o = &st->keys[st->nkeys++];
        o->e = e;
        if (!strcmp(st->name, "aliases")) {
            o->key = erg_entity_alias_count(g, e) ? erg_str(erg_entity_alias(g, e, 0)) : erg_null();
        } else {
            read_prop(L, g, e, st->name, &o->key);
        }
    }
    /* the second half of the buffer is the scratch space */
    size_t n = st->nkeys;
    run_grow(L, R, (void **)&st->keys, &st->kcap, 2 * n, sizeof *st->keys);
    sort_keys(L, R, st->keys, st->keys + n, n, st->def->flag);
    st->filled = true;
}

static void queue_push(lua_State *L, run *R, srun *st, erg_entity e, int64_t depth) {
    run_grow(L, R, (void **)&st->queue, &st->qcap, st->qn + 1, sizeof *st->queue);
    st->queue[st->qn].e = e;
    st->queue[st->qn].depth = depth;
    st->qn++;
}

static bool pull_walk(lua_State *L, run *R, uint32_t k, srun *st, erg_entity *out) {
    erg_graph *g = R->G->g;
    const step *s = st->def;
    for (;;) {
        erg_rel r;
        while (st->in_adj && erg_adj_next(g, &st->adj, &r)) {
            lerg_charge(L, R->host, 1);
            if (!type_ok(st, erg_rel_type(g, r))) continue;
            erg_entity nb = erg_rel_other(g, r, st->cur);
            if (!uset_add(L, R, &st->set, nb.idx)) continue;
            int64_t d = st->cur_depth + 1;
            if (d < s->n) queue_push(L, R, st, nb, d);
            if (d >= s->min) {
                *out = nb;
                return true;
            }
        }
        st->in_adj = false;
        if (st->qhead < st->qn) {
            qitem q = st->queue[st->qhead++];
            start_adj(L, R, st, q.e, (erg_dir)s->dir);
            st->cur_depth = q.depth;
            continue;
        }
        erg_entity start;
        if (!pull(L, R, k - 1, &start)) return false;
        uset_clear(&st->set);
        st->qhead = st->qn = 0;
        uset_add(L, R, &st->set, start.idx);
        if (s->n > 0) queue_push(L, R, st, start, 0);
        if (s->min == 0) {
            *out = start;
            return true;
        }
    }
}

/* The next entity out of step k; false when it has no more. */
static bool pull(lua_State *L, run *R, uint32_t k, erg_entity *out) {
    srun *st = &R->st[k];
    erg_graph *g = R->G->g;
    lerg_charge(L, R->host, 1);
    switch (st->def->kind) {
    case S_ALL: return erg_entity_next(g, &st->it, out);
    case S_LIST:
        if (st->pos >= st->nents) return false;
        *out = st->ents[st->pos++];
        return true;
    case S_ADJ:
        for (;;) {
            erg_rel r;
            while (st->in_adj && erg_adj_next(g, &st->adj, &r)) {
                lerg_charge(L, R->host, 1);
                if (!type_ok(st, erg_rel_type(g, r))) continue;
                *out = erg_rel_other(g, r, st->cur);
                return true;
            }
            st->in_adj = false;
            erg_entity e;
            if (!pull(L, R, k - 1, &e)) return false;
            start_adj(L, R, st, e, (erg_dir)st->def->dir);
        }
    case S_HAS:
    case S_HASNOT:
        while (pull(L, R, k - 1, out))
            if (has_test(L, R, st, *out) == (st->def->kind == S_HAS)) return true;
        return false;
    case S_WHERE:
        while (pull(L, R, k - 1, out))
            if (where_test(L, R, k, *out)) return true;
        return false;
    case S_DEDUP:
        while (pull(L, R, k - 1, out))
            if (uset_add(L, R, &st->set, out->idx)) return true;
        return false;
    case S_ORDER:
        if (!st->filled) fill_order(L, R, k, st);
        if (st->pos >= st->nkeys) return false;
        *out = st->keys[st->pos++].e;
        return true;
    case S_LIMIT:
        if (st->count >= st->def->n) return false;
        if (!pull(L, R, k - 1, out)) return false;
        st->count++;
        return true;
    case S_SKIP:
        while (st->count < st->def->n) {
            if (!pull(L, R, k - 1, out)) return false;
            st->count++;
        }
        return pull(L, R, k - 1, out);
    case S_WALK: return pull_walk(L, R, k, st, out);
    default: return false;
    }
}

/* Resolves step k's Lua arguments (the table at aidx) into its state. */
static void prepare_step(lua_State *L, run *R, uint32_t k, int aidx, int holders) {
    srun *st = &R->st[k];
    erg_graph *g = R->G->g;
    int type = lua_rawgeti(L, aidx, (lua_Integer)k + 1);
    switch (st->def->kind) {
    case S_ALL: st->it = erg_entities(g, type == LUA_TSTRING ? lua_tostring(L, -1) : NULL); break;
    case S_LIST: {
        size_t n = lua_rawlen(L, -1);
        st->ents = run_mem(L, R, NULL, 0, n * sizeof *st->ents);
        st->nents = n;
        for (size_t i = 0; i < n; i++) {
            lua_rawgeti(L, -1, (lua_Integer)i + 1);
            lerg_ref *r = lua_touserdata(L, -1);
            erg_entity e = {r->o.idx, r->o.gen};
            if (erg_entity_check(g, e) != ERG_OK) lerg_raise(L, g);
            st->ents[i] = e;
            lua_pop(L, 1);
        }
        break;
    }
    case S_ADJ:
    case S_WALK: {
        size_t n = lua_rawlen(L, -1);
        st->types = run_mem(L, R, NULL, 0, n * sizeof *st->types);
        st->ntypes = n;
        for (size_t i = 0; i < n; i++) {
            lua_rawgeti(L, -1, (lua_Integer)i + 1);
            st->types[i] = lua_tostring(L, -1); /* kept by the traversal */
            lua_pop(L, 1);
        }
        break;
    }
    case S_HAS:
        lua_rawgeti(L, -1, 1);
        st->name = lua_tostring(L, -1);
        lua_pop(L, 1);
        if (st->def->op) {
            /* a predicate's bounds: scalars, whose strings its table keeps */
            lua_rawgeti(L, -1, 2);
            for (int b = 0; b < (st->def->op == LERG_BETWEEN ? 2 : 1); b++) {
                lua_rawgeti(L, -1, b + 2);
                lerg_to_value(L, -1, st->name, b ? &st->want2 : &st->want);
                lua_pop(L, 2);
            }
            lua_pop(L, 1);
        } else if (st->def->flag) {
            lua_rawgeti(L, -1, 2);
            lerg_to_value(L, -1, st->name, &st->want);
            lua_rawseti(L, holders, (lua_Integer)k + 1); /* keeps a list's items */
            lua_pop(L, 1);
        }
        break;
    case S_HASNOT:
    case S_ORDER: st->name = lua_tostring(L, -1); break;
    default: break;
    }
    lua_pop(L, 1);
}

/* Pushes a new run of the traversal at tidx. */
static run *run_new(lua_State *L, int tidx) {
    tidx = lua_absindex(L, tidx);
    trav *t = check_trav(L, tidx);
    lua_getiuservalue(L, tidx, 1);
    lerg_graph *G = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (!G->g) luaL_error(L, "the graph was closed");
    run *R = lerg_cmem_push(L, sizeof *R + t->n * sizeof(srun), 3, "erg.run", run_release);
    R->G = G;
    R->host = lerg_host_get(L);
    R->version = erg_graph_version(G->g);
    int ridx = lua_gettop(L);
    lua_pushvalue(L, tidx);
    lua_setiuservalue(L, ridx, 1);
    lua_getiuservalue(L, tidx, 1);
    lua_setiuservalue(L, ridx, 2);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, ridx, 3);
    int holders = lua_gettop(L);
    lua_getiuservalue(L, tidx, 2);
    int aidx = lua_gettop(L);
    R->n = t->n;
    for (uint32_t k = 0; k < t->n; k++) {
        R->st[k].def = &t->s[k]; /* the traversal is kept alive by the run */
        prepare_step(L, R, k, aidx, holders);
    }
    lua_settop(L, ridx);
    return R;
}

/* The next entity of the run on the top of the stack; pushes it (or
 * nothing) and returns whether there was one. */
static bool run_next(lua_State *L, run *R) {
    if (R->done) return false;
    if (R->busy) luaL_error(L, "a traversal's iterator was called from inside itself (or after it failed)");
    check_version(L, R);
    R->busy = true;
    erg_entity e;
    bool more = pull(L, R, R->n - 1, &e);
    R->busy = false;
    if (!more) {
        R->done = true;
        return false;
    }
    lua_getiuservalue(L, -1, 2);
    lerg_push_obj(L, -1, erg_obj_entity(e));
    lua_remove(L, -2);
    return true;
}

/* ---- terminals ------------------------------------------------------------------- */
static int iter_next(lua_State *L) {
    lua_settop(L, 0);
    lua_pushvalue(L, lua_upvalueindex(1));
    run *R = lerg_cmem_get(L, 1);
    return run_next(L, R) ? 1 : 0;
}

static int t_iter(lua_State *L) {
    run_new(L, 1);
    lua_pushcclosure(L, iter_next, 1);
    return 1;
}

static int t_list(lua_State *L) {
    lua_settop(L, 1);
    lua_newtable(L);
    run *R = run_new(L, 1);
    lua_Integer n = 0;
    while (run_next(L, R)) lua_rawseti(L, 2, ++n);
    lua_settop(L, 2);
    return 1;
}

static int t_count(lua_State *L) {
    lua_settop(L, 1);
    run *R = run_new(L, 1);
    lua_Integer n = 0;
    while (run_next(L, R)) {
        lua_pop(L, 1);
        n++;
    }
    lua_pushinteger(L, n);
    return 1;
}

static int t_first(lua_State *L) {
    lua_settop(L, 1);
    run *R = run_new(L, 1);
    return run_next(L, R) ? 1 : 0;
}

/* values(name): the property of each entity that has it. */
static int t_values(lua_State *L) {
    lua_settop(L, 2);
    check_trav(L, 1);
    const char *name = lerg_check_text(L, 2, "a property name");
    lua_newtable(L);           /* 3 */
    lua_getiuservalue(L, 1, 1); /* 4: the graph */
    run *R = run_new(L, 1);    /* 5 */
    lua_Integer n = 0;
    while (run_next(L, R)) {
        lerg_ref *r = lua_touserdata(L, -1);
        lerg_push_prop(L, 4, R->G, r->o, name);
        if (!lua_isnil(L, -1)) lua_rawseti(L, 3, ++n);
        lua_settop(L, 5);
    }
    lua_settop(L, 3);
    return 1;
}

/* ---- printing ---------------------------------------------------------------------- */
static const char *step_name(const step *s) {
    switch (s->kind) {
    case S_ALL: case S_LIST: return "V";
    case S_ADJ: return s->dir == ERG_OUT ? "out" : s->dir == ERG_IN ? "in_" : "both";
    case S_HAS: return "has";
    case S_HASNOT: return "hasnot";
    case S_WHERE: return "where";
    case S_DEDUP: return "dedup";
    case S_ORDER: return "order";
    case S_LIMIT: return "limit";
    case S_SKIP: return "skip";
    default: return "walk";
    }
}

/* Pushes the value at idx as a literal: strings quoted. */
static void push_literal(lua_State *L, int idx) {
    if (lua_type(L, idx) == LUA_TSTRING) lua_pushfstring(L, "\"%s\"", lua_tostring(L, idx));
    else luaL_tolstring(L, idx, NULL);
}

/* Pushes the text of step k ("out(\"supplies\")"); args: the step's
 * Lua argument at aidx. */
static void push_step_text(lua_State *L, const step *s, int aidx) {
    int base = lua_gettop(L);
    /* table arguments read as Lua writes them: V{type="x"}, walk{...} */
    bool table_form = s->kind == S_WALK || (s->kind == S_ALL && !lua_isnil(L, aidx));
    lua_pushstring(L, step_name(s));
    if (!table_form) lua_pushliteral(L, "(");
    switch (s->kind) {
    case S_LIST:
    case S_ADJ: {
        size_t n = lua_rawlen(L, aidx);
        for (size_t i = 0; i < n; i++) {
            if (i) lua_pushliteral(L, ", ");
            lua_rawgeti(L, aidx, (lua_Integer)i + 1);
            if (s->kind == S_LIST) lua_pushfstring(L, "\"%s\"", ((lerg_ref *)lua_touserdata(L, -1))->id);
            else push_literal(L, -1);
            lua_remove(L, -2);
            luaL_checkstack(L, 4, "traversal text");
        }
        break;
    }
    case S_ALL:
        if (!lua_isnil(L, aidx)) lua_pushfstring(L, "{type=\"%s\"}", lua_tostring(L, aidx));
        break;
    case S_HAS:
        lua_rawgeti(L, aidx, 1);
        push_literal(L, -1);
        lua_remove(L, -2);
        if (s->flag) {
            lua_pushliteral(L, ", ");
            lua_rawgeti(L, aidx, 2);
            push_literal(L, -1);
            lua_remove(L, -2);
        }
        break;
    case S_HASNOT:
    case S_ORDER:
        push_literal(L, aidx);
        if (s->kind == S_ORDER && s->flag) lua_pushliteral(L, ", \"desc\"");
        break;
    case S_LIMIT:
    case S_SKIP: lua_pushfstring(L, "%I", (lua_Integer)s->n); break;
    case S_WALK:
        lua_pushfstring(L, "{max_depth=%I, dir=\"%s\"}", (lua_Integer)s->n,
                        s->dir == ERG_OUT ? "out" : s->dir == ERG_IN ? "in" : "both");
        break;
    default: break;
    }
    if (!table_form) lua_pushliteral(L, ")");
    lua_concat(L, lua_gettop(L) - base);
}

static int t_tostring(lua_State *L) {
    trav *t = check_trav(L, 1);
    luaL_Buffer b;
    lua_settop(L, 1);
    lua_getiuservalue(L, 1, 2); /* 2 */
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "<traversal ");
    for (uint32_t k = 0; k < t->n; k++) {
        if (k) luaL_addchar(&b, ':');
        lua_rawgeti(L, 2, (lua_Integer)k + 1);
        push_step_text(L, &t->s[k], lua_gettop(L));
        lua_remove(L, -2);
        luaL_addvalue(&b);
    }
    luaL_addchar(&b, '>');
    luaL_pushresult(&b);
    return 1;
}

static const luaL_Reg trav_methods[] = {
    {"out", t_out},       {"in_", t_in},       {"both", t_both},   {"has", t_has},
    {"hasnot", t_hasnot}, {"where", t_where},  {"dedup", t_dedup}, {"order", t_order},
    {"limit", t_limit},   {"skip", t_skip},    {"walk", t_walk},   {"iter", t_iter},
    {"list", t_list},     {"count", t_count},  {"first", t_first}, {"values", t_values},
    {NULL, NULL}};

void lerg_trav_open(lua_State *L) {
    if (luaL_newmetatable(L, LERG_TRAV)) {
        luaL_newlib(L, trav_methods);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, t_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushliteral(L, LERG_TRAV);
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
}

/* e:V(): a traversal starting at e (an entity method, registered by
 * module.c). */
int lerg_e_V(lua_State *L) {
    lerg_ref *r = luaL_checkudata(L, 1, LERG_ENTITY);
    lerg_check_entity(L, 1, r->G); /* raises when deleted */
    lua_settop(L, 1);
    lua_getiuservalue(L, 1, 1);
    lua_insert(L, 1);
    return lerg_trav_V(L);
}
