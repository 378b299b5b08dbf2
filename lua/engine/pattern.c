/*
 * pattern.c -- string.find, match, gmatch and gsub for the sandbox,
 * with Lua 5.4's pattern semantics and error messages, charged to the
 * work budget.
 *
 * Why: Lua's count hook only fires between VM instructions, and a pattern
 * match is one C call that can backtrack for hours ("(.-)(.-)(.-)...x"
 * on a long subject).  A script reaches the string functions through the
 * string metatable ("s:find()"), so replacing them in the sandbox
 * environment is not enough: the state's own string table gets these.
 *
 * The matcher is a backtracking matcher like Lua's: one item ('.', a
 * character, %class, [set]) with an optional quantifier ('*' greedy, '+'
 * greedy one or more, '-' lazy, '?' optional), captures '(' ')' and
 * position captures '()', %b balanced pairs, %f frontiers, back
 * references %1-%9, anchors '^' (at the start, not in gmatch) and '$' (at
 * the end).  Every step of the matcher (each call, each character tried
 * by an expansion, each character a balance or plain search scans) ticks;
 * every 256 ticks are charged to the host.  Recursion is bounded as in Lua
 * ("pattern too complex").
 */
#include "engine.h"

#include <ctype.h>
#include <string.h>

#define MAX_CAPTURES 32
#define MAX_DEPTH 200
#define CAP_OPEN (-1)
#define CAP_POS (-2)
#define TICK_BATCH 256

typedef struct mstate {
    const char *src, *src_end, *pat_end;
    lua_State *L;
    lerg_host *h;
    unsigned ticks;
    int depth; /* calls left before "pattern too complex" */
    int ncap;
    struct { const char *start; ptrdiff_t len; } cap[MAX_CAPTURES];
} mstate;

static void tick(mstate *ms) {
    if (++ms->ticks >= TICK_BATCH) {
        ms->ticks = 0;
        lerg_charge(ms->L, ms->h, TICK_BATCH);
    }
}

static void settle(mstate *ms) {
    lerg_charge(ms->L, ms->h, ms->ticks + 1);
    ms->ticks = 0;
}

static void ms_init(mstate *ms, lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
    ms->L = L;
    ms->h = lerg_host_get(L);
    ms->ticks = 0;
    ms->src = s;
    ms->src_end = s + ls;
    ms->pat_end = p + lp;
}

static void ms_reset(mstate *ms) {
    ms->ncap = 0;
    ms->depth = MAX_DEPTH;
}

/* ---- single items ---------------------------------------------------------- */
static int uc(char c) { return (unsigned char)c; }

/* Does c belong to class cl (the letter after '%')? */
static bool class_match(int c, int cl) {
    bool r;
    switch (tolower(cl)) {
    case 'a': r = isalpha(c); break;
    case 'c': r = iscntrl(c); break;
    case 'd': r = isdigit(c); break;
    case 'g': r = isgraph(c); break;
    case 'l': r = islower(c); break;
    case 'p': r = ispunct(c); break;
    case 's': r = isspace(c); break;
    case 'u': r = isupper(c); break;
    case 'w': r = isalnum(c); break;
    case 'x': r = isxdigit(c); break;
    case 'z': r = c == 0; break; /* deprecated in Lua 5.2, still matched by 5.4 */
    default: return cl == c;
    }
    return isupper(cl) ? !r : r;
}

/* Does c belong to the set from p ('[') to close (its ']')? */
static bool set_match(int c, const char *p, const char *close) {
    bool in = true;
    p++;
    if (*p == '^') {
        in = false;
        p++;
    }
    for (; p < close; p++) {
        if (*p == '%' && p + 1 < close) {
            p++;
            if (class_match(c, uc(*p))) return in;
        } else if (p + 2 < close && p[1] == '-') {
            if (uc(p[0]) <= c && c <= uc(p[2])) return in;
            p += 2;
        } else if (uc(*p) == c) {
            return in;
        }
    }
    return !in;
}

/* The end of the single item at p. */
static const char *item_end(mstate *ms, const char *p) {
    char c = *p++;
    if (c == '%') {
        if (p >= ms->pat_end) luaL_error(ms->L, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (c == '[') {
        if (p < ms->pat_end && *p == '^') p++;
        do { /* a set's first character is never its end */
            if (p >= ms->pat_end) luaL_error(ms->L, "malformed pattern (missing ']')");
            c = *p++;
            if (c == '%' && p < ms->pat_end) p++;
        } while (p >= ms->pat_end || *p != ']');
        return p + 1;
    }
    return p;
}

/* Does the subject character at s match the item p..ep? */
static bool single(mstate *ms, const char *s, const char *p, const char *ep) {
    if (s >= ms->src_end) return false;
    int c = uc(*s);
    switch (*p) {
    case '.': return true;
    case '%': return class_match(c, uc(p[1]));
    case '[': return set_match(c, p, ep - 1);
    default: return uc(*p) == c;
    }
}

/* ---- matching ---------------------------------------------------------------- */
static const char *do_match(mstate *ms, const char *s, const char *p);

static const char *max_expand(mstate *ms, const char *s, const char *p, const char *ep) {
    ptrdiff_t i = 0;
    while (single(ms, s + i, p, ep)) {
        tick(ms);
        i++;
    }
    for (; i >= 0; i--) { /* try the longest first */
        const char *r = do_match(ms, s + i, ep + 1);
        if (r) return r;
    }
    return NULL;
}

static const char *min_expand(mstate *ms, const char *s, const char *p, const char *ep) {
    for (;;) {
        const char *r = do_match(ms, s, ep + 1);
        if (r) return r;
        if (!single(ms, s, p, ep)) return NULL;
        tick(ms);
        s++;
    }
}

static const char *open_capture(mstate *ms, const char *s, const char *p, ptrdiff_t what) {
    if (ms->ncap >= MAX_CAPTURES) luaL_error(ms->L, "too many captures");
    ms->cap[ms->ncap].start = s;
    ms->cap[ms->ncap].len = what;
    ms->ncap++;
    const char *r = do_match(ms, s, p);
    if (!r) ms->ncap--;
    return r;
}

static const char *close_capture(mstate *ms, const char *s, const char *p) {
    int l = ms->ncap - 1;
    while (l >= 0 && ms->cap[l].len != CAP_OPEN) l--;
    if (l < 0) luaL_error(ms->L, "invalid pattern capture");
    ms->cap[l].len = s - ms->cap[l].start;
    const char *r = do_match(ms, s, p);
    if (!r) ms->cap[l].len = CAP_OPEN;
    return r;
}

static const char *balance(mstate *ms, const char *s, const char *p) {
    if (p + 1 >= ms->pat_end) luaL_error(ms->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= ms->src_end || *s != *p) return NULL;
    char open = p[0], close = p[1];
    int depth = 1;
    while (++s < ms->src_end) {
        tick(ms);
        if (*s == close) {
            if (--depth == 0) return s + 1;
        } else if (*s == open) {
            depth++;
        }
    }
    return NULL;
}

static int capture_index(mstate *ms, int digit) {
    int l = digit - '1';
    if (l < 0 || l >= ms->ncap || ms->cap[l].len == CAP_OPEN)
        luaL_error(ms->L, "invalid capture index %%%d", l + 1);
    return l;
}

static const char *backref(mstate *ms, const char *s, int digit) {
    int l = capture_index(ms, digit);
    ptrdiff_t len = ms->cap[l].len;
    if (len < 0 || ms->src_end - s < len) return NULL;
    for (ptrdiff_t i = 0; i < len; i += 64) tick(ms);
    return memcmp(ms->cap[l].start, s, (size_t)len) == 0 ? s + len : NULL;
}

static const char *frontier(mstate *ms, const char *s, const char **pp) {
    const char *p = *pp + 2;
    if (p >= ms->pat_end || *p != '[') luaL_error(ms->L, "missing '[' after '%%f' in pattern");
    const char *ep = item_end(ms, p);
    int prev = s == ms->src ? 0 : uc(s[-1]);
    int cur = s < ms->src_end ? uc(*s) : 0;
    if (set_match(prev, p, ep - 1) || !set_match(cur, p, ep - 1)) return NULL;
    *pp = ep;
    return s;
}

/* Matches the pattern from p against the subject from s; returns the end
 * of the match or NULL.  Tail positions loop instead of recursing. */
static const char *do_match(mstate *ms, const char *s, const char *p) {
    if (ms->depth-- == 0) luaL_error(ms->L, "pattern too complex");
    while (s && p < ms->pat_end) {
        tick(ms);
        if (*p == '(') {
            if (p + 1 < ms->pat_end && p[1] == ')') s = open_capture(ms, s, p + 2, CAP_POS);
            else s = open_capture(ms, s, p + 1, CAP_OPEN);
            break;
        }
        if (*p == ')') {
            s = close_capture(ms, s, p + 1);
            break;
        }
        if (*p == '$' && p + 1 == ms->pat_end) {
            s = s == ms->src_end ? s : NULL;
            break;
        }
        if (*p == '%' && p + 1 < ms->pat_end) {
            char c = p[1];
            if (c == 'b') {
                s = balance(ms, s, p + 2);
                p += 4;
                continue;
            }
            if (c == 'f') {
                s = frontier(ms, s, &p);
                continue;
            }
            if (isdigit(uc(c))) {
                s = backref(ms, s, uc(c));
                p += 2;
                continue;
            }
        }
        const char *ep = item_end(ms, p);
        char q = ep < ms->pat_end ? *ep : '\0';
        if (!single(ms, s, p, ep)) {
            if (q == '*' || q == '?' || q == '-') { /* may match nothing */
                p = ep + 1;
                continue;
            }
            s = NULL;
            break;
        }
        if (q == '?') {
            const char *r = do_match(ms, s + 1, ep + 1);
            if (r) {
                s = r;
                break;
            }
            p = ep + 1;
        } else if (q == '+') {
            s = max_expand(ms, s + 1, p, ep);
            break;
        } else if (q == '*') {
            s = max_expand(ms, s, p, ep);
            break;
        } else if (q == '-') {
            s = min_expand(ms, s, p, ep);
            break;
        } else {
            s++;
            p = ep;
        }
    }
    ms->depth++;
    return s;
}

/* ---- captures ------------------------------------------------------------------ */
/* Pushes capture i (the whole match s..e when there are no captures and i
 * is 0). */
static void push_capture(mstate *ms, int i, const char *s, const char *e) {
    if (i >= ms->ncap) {
        if (i != 0) luaL_error(ms->L, "invalid capture index %%%d", i + 1);
        lua_pushlstring(ms->L, s, (size_t)(e - s));
        return;
    }
    ptrdiff_t len = ms->cap[i].len;
    if (len == CAP_OPEN) luaL_error(ms->L, "unfinished capture");
    if (len == CAP_POS) lua_pushinteger(ms->L, (ms->cap[i].start - ms->src) + 1);
    else lua_pushlstring(ms->L, ms->cap[i].start, (size_t)len);
}

/* Pushes every capture (or the whole match when s is not NULL and there
 * are none); returns how many. */
static int push_captures(mstate *ms, const char *s, const char *e) {
    int n = ms->ncap == 0 && s ? 1 : ms->ncap;
    luaL_checkstack(ms->L, n, "too many captures");
    for (int i = 0; i < n; i++) push_capture(ms, i, s, e);
    return n;
}

/* ---- the library functions ---------------------------------------------------- */
static size_t start_index(lua_Integer pos, size_t len) {
    if (pos > 0) return (size_t)pos;
    if (pos == 0) return 1;
    if (pos < -(lua_Integer)len) return 1;
    return len + (size_t)pos + 1;
}

static bool has_specials(const char *p, size_t lp) {
    for (size_t i = 0; i < lp; i++)
        if (strchr("^$*+?.([%-", p[i]) && p[i]) return true;
    return false;
}

/* A plain search for p (lp bytes) in s (ls bytes), charged per position. */
static const char *plain_find(mstate *ms, const char *s, size_t ls, const char *p, size_t lp) {
    if (lp == 0) return s;
    if (lp > ls) return NULL;
    const char *end = s + (ls - lp) + 1;
    while (s < end) {
        const char *hit = memchr(s, *p, (size_t)(end - s));
        if (!hit) {
            ms->ticks += (unsigned)((size_t)(end - s) / 64);
            return NULL;
        }
        for (size_t k = 0; k <= lp / 64; k++) tick(ms);
        ms->ticks += (unsigned)((size_t)(hit - s) / 64);
        if (memcmp(hit + 1, p + 1, lp - 1) == 0) return hit;
        s = hit + 1;
    }
    return NULL;
}

static int find_aux(lua_State *L, bool find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_index(luaL_optinteger(L, 3, 1), ls) - 1;
    mstate ms;
    if (init > ls) {
        luaL_pushfail(L);
        return 1;
    }
    ms_init(&ms, L, s, ls, p, lp);
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        const char *hit = plain_find(&ms, s + init, ls - init, p, lp);
        settle(&ms);
        if (!hit) {
            luaL_pushfail(L);
            return 1;
        }
        lua_pushinteger(L, (hit - s) + 1);
        lua_pushinteger(L, (lua_Integer)((size_t)(hit - s) + lp));
        return 2;
    }
    bool anchor = lp > 0 && *p == '^';
    if (anchor) {
        p++;
        lp--;
        ms.pat_end = p + lp;
    }
    const char *s1 = s + init;
    do {
        ms_reset(&ms);
        const char *e = do_match(&ms, s1, p);
        if (e) {
            settle(&ms);
            if (!find) return push_captures(&ms, s1, e);
            lua_pushinteger(L, (s1 - s) + 1);
            lua_pushinteger(L, e - s);
            return push_captures(&ms, NULL, NULL) + 2;
        }
    } while (s1++ < ms.src_end && !anchor);
    settle(&ms);
    luaL_pushfail(L);
    return 1;
}

static int s_find(lua_State *L) { return find_aux(L, true); }
static int s_match(lua_State *L) { return find_aux(L, false); }

typedef struct gmstate {
    const char *pos, *last;
    const char *p;
    size_t lp;
    mstate ms;
} gmstate;

static int gmatch_next(lua_State *L) {
    gmstate *gm = lua_touserdata(L, lua_upvalueindex(3));
    gm->ms.L = L; /* the thread calling now */
    gm->ms.h = lerg_host_get(L);
    for (const char *s = gm->pos; s <= gm->ms.src_end; s++) {
        ms_reset(&gm->ms);
        const char *e = do_match(&gm->ms, s, gm->p);
        if (e && e != gm->last) {
            gm->pos = gm->last = e;
            settle(&gm->ms);
            return push_captures(&gm->ms, s, e);
        }
    }
    settle(&gm->ms);
    gm->pos = gm->ms.src_end + 1;
    return 0;
}

static int s_gmatch(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_index(luaL_optinteger(L, 3, 1), ls) - 1;
    lua_settop(L, 2); /* the closure keeps both strings */
    gmstate *gm = lua_newuserdatauv(L, sizeof *gm, 0);
    if (init > ls) init = ls + 1;
    ms_init(&gm->ms, L, s, ls, p, lp);
    gm->pos = s + init;
    gm->last = NULL;
    gm->p = p;
    gm->lp = lp;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

/* Adds the replacement string (argument 3) for the match s..e. */
static void add_string(mstate *ms, luaL_Buffer *b, const char *s, const char *e) {
    lua_State *L = ms->L;
    size_t l;
    const char *r = lua_tolstring(L, 3, &l);
    const char *pct;
    while ((pct = memchr(r, '%', l)) != NULL) {
        tick(ms);
        luaL_addlstring(b, r, (size_t)(pct - r));
        char c = pct + 1 < r + l ? pct[1] : '\0';
        if (c == '%') {
            luaL_addchar(b, '%');
        } else if (c == '0') {
            luaL_addlstring(b, s, (size_t)(e - s));
        } else if (isdigit(uc(c))) {
            push_capture(ms, c - '1', s, e);
            luaL_tolstring(L, -1, NULL);
            lua_remove(L, -2);
            luaL_addvalue(b);
        } else {
            luaL_error(L, "invalid use of '%%' in replacement string");
        }
        l -= (size_t)(pct + 2 - r);
        r = pct + 2;
    }
    luaL_addlstring(b, r, l);
}

/* Adds the replacement of match s..e; returns whether it changed it. */
static bool add_value(mstate *ms, luaL_Buffer *b, const char *s, const char *e, int tr) {
    lua_State *L = ms->L;
    if (tr == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = push_captures(ms, s, e);
        lua_call(L, n, 1);
    } else if (tr == LUA_TTABLE) {
        push_capture(ms, 0, s, e);
        lua_gettable(L, 3);
    } else {
        add_string(ms, b, s, e);
        return true;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
        return false;
    }
    if (!lua_isstring(L, -1)) return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    luaL_addvalue(b);
    return true;
}

static int s_gsub(lua_State *L) {
    size_t ls, lp;
    const char *src = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    const char *last = NULL;
    int tr = lua_type(L, 3);
    lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1), n = 0;
    bool changed = false, anchor = lp > 0 && *p == '^';
    luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
                     "string/function/table");
    mstate ms;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    if (anchor) {
        p++;
        lp--;
    }
    ms_init(&ms, L, src, ls, p, lp);
    while (n < max) {
        ms_reset(&ms);
        tick(&ms);
        const char *e = do_match(&ms, src, p);
        if (e && e != last) {
            n++;
            changed = add_value(&ms, &b, src, e, tr) || changed;
            src = last = e;
        } else if (src < ms.src_end) {
            luaL_addchar(&b, *src++);
        } else {
            break;
        }
        if (anchor) break;
    }
    settle(&ms);
    if (!changed) {
        lua_pushvalue(L, 1);
    } else {
        luaL_addlstring(&b, src, (size_t)(ms.src_end - src));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, n);
    return 2;
}

void lerg_pattern_open(lua_State *L, int strtable) {
    static const luaL_Reg fns[] = {
        {"find", s_find}, {"match", s_match}, {"gmatch", s_gmatch}, {"gsub", s_gsub}, {NULL, NULL}};
    strtable = lua_absindex(L, strtable);
    lua_pushvalue(L, strtable);
    luaL_setfuncs(L, fns, 0);
    lua_pop(L, 1);
}
