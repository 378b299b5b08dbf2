/*
 * engine.c -- the embedding API of lua/erg_lua.h: engines over borrowed
 * and own graphs, results, errors, files, output, limits.
 */
#include "unit.h"
#include "erg_lua.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>

/* A growing capture of what scripts print. */
typedef struct capture {
    char buf[4096];
    size_t n;
} capture;

static void capture_write(void *ud, const char *s, size_t n) {
    capture *c = ud;
    if (c->n + n >= sizeof c->buf) n = sizeof c->buf - c->n - 1;
    memcpy(c->buf + c->n, s, n);
    c->n += n;
    c->buf[c->n] = '\0';
}

static erg_lua *trusted(erg_graph *g) {
    erg_lua_opts o;
    memset(&o, 0, sizeof o);
    o.trusted = true;
    erg_lua *E = erg_lua_new(g, &o);
    ck_assert_ptr_nonnull(E);
    return E;
}

/* Runs code and checks the status and the result (or message). */
static void expect(erg_lua *E, const char *code, int rc, const char *text) {
    int got = erg_lua_run_string(E, code, NULL);
    ck_assert_msg(got == rc, "%s: status %d, wanted %d (%s)", code, got, rc, erg_lua_errmsg(E));
    const char *have = rc == ERG_OK ? erg_lua_result(E) : erg_lua_errmsg(E);
    ck_assert_msg(strncmp(have, text, strlen(text)) == 0 && (rc != ERG_OK || strlen(have) == strlen(text)),
                  "%s: got '%s', wanted '%s'", code, have, text);
}

START_TEST(defaults_are_a_sandbox) {
    erg_lua *E = erg_lua_new(NULL, NULL);
    ck_assert_ptr_nonnull(E);
    expect(E, "1 + 1", ERG_OK, "2");
    expect(E, "io", ERG_ESANDBOX, "eval:1: sandbox: 'io' is not allowed");
    ck_assert_int_eq(erg_lua_errcode(E), ERG_ESANDBOX);
    expect(E, "graph:info().entities", ERG_OK, "0");
    ck_assert_str_eq(erg_lua_errmsg(E), "");
    ck_assert_int_eq(erg_lua_errcode(E), ERG_OK);
    erg_lua_free(E);
    erg_lua_free(NULL);
}
END_TEST

START_TEST(borrowed_graph) {
    erg_graph *g = erg_graph_new();
    erg_entity a;
    ck_assert_int_eq(erg_entity_add(g, "a", "company", "Acme", &a), ERG_OK);
    erg_lua *E = erg_lua_new(g, NULL);
    ck_assert_ptr_eq(erg_lua_graph(E), g);
    expect(E, "graph:entity('a').name", ERG_OK, "Acme");
    expect(E, "graph:add_entity{id = 'b', type = 't'}.id", ERG_OK, "b");
    erg_entity b;
    ck_assert_int_eq(erg_entity_by_id(g, "b", &b), ERG_OK);
    /* a change made in C is seen by the next run */
    ck_assert_int_eq(erg_entity_set_name(g, b, "Bee"), ERG_OK);
    expect(E, "graph:entity('b').name", ERG_OK, "Bee");
    erg_lua_free(E);
    ck_assert_uint_eq(erg_entity_count(g), 2); /* the graph outlives the engine */
    erg_graph_free(g);
}
END_TEST

START_TEST(own_graph) {
    erg_lua *E = erg_lua_new(NULL, NULL);
    erg_graph *g = erg_lua_graph(E);
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(erg_entity_add(g, "x", "t", NULL, NULL), ERG_OK);
    expect(E, "graph:V():values('id')", ERG_OK, "{\"x\"}");
    erg_lua_free(E);
}
END_TEST

START_TEST(results_and_errors) {
    erg_lua *E = trusted(NULL);
    expect(E, "1, 2.5, 'x', nil, true", ERG_OK, "1\n2.5\nx\nnil\ntrue");
    expect(E, "local x = 1", ERG_OK, "");
    expect(E, "return {1, a = {b = 'c'}}", ERG_OK, "{1, a = {b = \"c\"}}");
    expect(E, "error('boom')", ERG_ESCRIPT, "eval:1: boom\nstack traceback:\n");
    ck_assert_str_eq(erg_lua_result(E), "");
    ck_assert_int_eq(erg_lua_run_string(E, "error('x')", "query"), ERG_ESCRIPT);
    ck_assert(strncmp(erg_lua_errmsg(E), "query:1: x\n", 11) == 0);
    expect(E, "x = = 1", ERG_ESCRIPT, "eval:1: unexpected symbol near '='");
    ck_assert(!erg_lua_incomplete(E));
    expect(E, "for i = 1, 2 do", ERG_ESCRIPT, "eval:1: 'end' expected near <eof>");
    ck_assert(erg_lua_incomplete(E));
    expect(E, "error(setmetatable({}, {__tostring = function() return 'mine' end}))", ERG_ESCRIPT, "mine\n");
    expect(E, "error({})", ERG_ESCRIPT, "(error object is a table value)\n");
    erg_lua_free(E);
}
END_TEST

START_TEST(files) {
    char *dir = unit_tmpdir(), path[4200];
    snprintf(path, sizeof path, "%s/s.lua", dir);
    capture c = {{0}, 0};
    erg_lua_opts o;
    memset(&o, 0, sizeof o);
    o.trusted = true;
    o.write = capture_write;
    o.write_ud = &c;
    erg_lua *E = erg_lua_new(NULL, &o);
    char *argv[] = {"one", "two"};
    unit_write(dir, "s.lua", "#!/usr/bin/env erg\nprint(arg[0] == ..., select('#', ...), ..., arg[2])\n"
                             "return 'not shown'\n");
    ck_assert_int_eq(erg_lua_run_file(E, path, 2, argv), ERG_OK);
    ck_assert_str_eq(c.buf, "false\t2\tone\ttwo\n"); /* a middle ... gives one value */
    ck_assert_str_eq(erg_lua_result(E), "");
    unit_write(dir, "bad.lua", "\n\nerror('line three')\n");
    snprintf(path, sizeof path, "%s/bad.lua", dir);
    ck_assert_int_eq(erg_lua_run_file(E, path, 0, NULL), ERG_ESCRIPT);
    char want[4300];
    snprintf(want, sizeof want, "%s:3: line three\n", path);
    ck_assert(strncmp(erg_lua_errmsg(E), want, strlen(want)) == 0);
    snprintf(path, sizeof path, "%s/none.lua", dir);
    ck_assert_int_eq(erg_lua_run_file(E, path, 0, NULL), ERG_EIO);
    snprintf(want, sizeof want, "cannot open %s: No such file or directory", path);
    ck_assert_str_eq(erg_lua_errmsg(E), want);
    erg_lua_free(E);
    unit_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(print_goes_to_write) {
    capture c = {{0}, 0};
    erg_lua_opts o;
    memset(&o, 0, sizeof o);
    o.write = capture_write;
    o.write_ud = &c;
    erg_lua *E = erg_lua_new(NULL, &o);
    expect(E, "print('a', 1, nil, true) print()", ERG_OK, "");
    ck_assert_str_eq(c.buf, "a\t1\tnil\ttrue\n\n");
    erg_lua_free(E);
}
END_TEST

START_TEST(trusted_keeps_globals) {
    erg_lua *T = trusted(NULL), *S = erg_lua_new(NULL, NULL), *T2 = trusted(NULL);
    expect(T, "x = 41", ERG_OK, "");
    expect(T, "x + 1", ERG_OK, "42");
    expect(T2, "x", ERG_OK, "nil"); /* engines are independent */
    expect(T, "type(io), type(require('erg').load)", ERG_OK, "table\nfunction");
    expect(S, "x = 41", ERG_OK, "");
    expect(S, "x", ERG_OK, "nil"); /* a sandbox starts afresh */
    erg_lua_free(T);
    erg_lua_free(S);
    erg_lua_free(T2);
}
END_TEST

static int host_double(lua_State *L) {
    lua_pushinteger(L, 2 * luaL_checkinteger(L, 1));
    return 1;
}

START_TEST(host_functions) {
    erg_lua *E = trusted(NULL);
    lua_State *L = erg_lua_state(E);
    ck_assert_ptr_nonnull(L);
    lua_pushcfunction(L, host_double);
    lua_setglobal(L, "double");
    expect(E, "double(21)", ERG_OK, "42");
    erg_lua_free(E);
}
END_TEST

START_TEST(bad_out_dir) {
    erg_lua_opts o;
    memset(&o, 0, sizeof o);
    o.out_dir = "/nonexistent/dir";
    erg_lua *E = erg_lua_new(NULL, &o);
    ck_assert_ptr_nonnull(E);
    ck_assert_int_eq(erg_lua_errcode(E), ERG_EIO);
    ck_assert_str_eq(erg_lua_errmsg(E), "output directory '/nonexistent/dir': No such file or directory");
    ck_assert_int_eq(erg_lua_run_string(E, "1", NULL), ERG_EIO);
    ck_assert_str_eq(erg_lua_errmsg(E), "output directory '/nonexistent/dir': No such file or directory");
    erg_lua_free(E);
}
END_TEST

START_TEST(step_limit) {
    erg_lua_opts o;
    memset(&o, 0, sizeof o);
    o.max_steps = 1000;
    erg_lua *E = erg_lua_new(NULL, &o);
    expect(E, "for i = 1, 1e6 do end", ERG_ESANDBOX, "eval:1: sandbox: step limit reached (1000 steps)");
    expect(E, "for i = 1, 10 do end return 'fine'", ERG_OK, "fine"); /* the next run starts afresh */
    /* C work is charged: a traversal and a pattern */
    expect(E, "local g = erg.new() for i = 1, 40 do g:add_entity{id = 'e' .. i, type = 't'} end"
              " for i = 2, 40 do g:add_relationship{from = 'e1', to = 'e' .. i, type = 'r'} end"
              " return g:V():both():both():both():count()",
           ERG_ESANDBOX, "eval:1: sandbox: step limit reached (1000 steps)");
    expect(E, "return ('a'):rep(20):find(('a*'):rep(20) .. 'b')", ERG_ESANDBOX,
           "eval:1: sandbox: step limit reached (1000 steps)");
    erg_lua_free(E);
}
END_TEST

START_TEST(memory_limit) {
    erg_lua_opts o;
    memset(&o, 0, sizeof o);
    o.max_memory = 2 << 20;
    erg_lua *E = erg_lua_new(NULL, &o);
    expect(E, "for i = 1, 1e6 do graph:add_entity{id = 'e' .. i, type = 't', n = i} end", ERG_ESANDBOX,
           "");
    ck_assert(strstr(erg_lua_errmsg(E), "sandbox: memory limit reached (2097152 bytes)") != NULL);
    /* the graph is whole: every entity added is there, with its attribute */
    size_t n = erg_entity_count(erg_lua_graph(E));
    ck_assert_uint_gt(n, 100);
    char want[32];
    snprintf(want, sizeof want, "%zu", n);
    expect(E, "graph:V():has('n'):count()", ERG_OK, want);
    erg_lua_free(E);
}
END_TEST


/* ---- C memory held by Lua objects (lua/module/host.c) ----------------------------- */
/* The state's allocator, wrapped after the engine is made: net bytes
 * through it.  lua_close frees every Lua block through it, so a run that
 * leaks nothing ends at minus what Lua held when the wrapper went in. */
typedef struct netalloc {
    lua_Alloc f;
    void *ud;
    long long net;
} netalloc;

static void *net_alloc(void *ud, void *p, size_t osize, size_t nsize) {
    netalloc *w = ud;
    void *q = w->f(w->ud, p, osize, nsize);
    if (nsize == 0 || q) w->net += (long long)nsize - (long long)(p ? osize : 0);
    return q;
}

/* Lua drops a finalizer whose call fails for lack of memory; the engine
 * then frees the C blocks after lua_close.  Taking the metatables away
 * (so that no finalizer runs at all) stands for that here: a traversal
 * run, a graph of the script's own with analysis results on it, an ego
 * graph and a gazetteer are all freed by erg_lua_free, not leaked. */
START_TEST(dropped_finalizers_freed_after_close) {
    erg_lua *E = trusted(NULL);
    lua_State *L = erg_lua_state(E);
    ck_assert_int_eq(erg_lua_run_string(E, "g0 = erg.new(); g0:add_entity{id='a', type='t'}", NULL), ERG_OK);
    lua_gc(L, LUA_GCCOLLECT);
    netalloc w = {NULL, NULL, 0};
    w.f = lua_getallocf(L, &w.ud);
    long long before = (long long)lua_gc(L, LUA_GCCOUNT) * 1024 + lua_gc(L, LUA_GCCOUNTB);
    lua_setallocf(L, net_alloc, &w);
    expect(E,
           "local g = erg.new()\n"
           "for i = 1, 5 do g:add_entity{id='e' .. i, type='t'} end\n"
           "g:add_relationship{from='e1', to='e2', type='r'}\n"
           "local it = graph:V():iter()\n"
           "local _, run = debug.getupvalue(it, 1)\n"
           "local gz = erg.text.gazetteer(); gz:add('Acme Corp', 1)\n"
           "local ego = g:ego('e1', 1)\n"
           "local ranked, n = #g:rank('degree'), 0\n"
           "for _, x in ipairs{run, g, gz, ego} do debug.setmetatable(x, nil); n = n + 1 end\n"
           "return n, ranked",
           ERG_OK, "4\n5");
    erg_lua_free(E);
    ck_assert_msg(w.net == -before, "%lld bytes left after erg_lua_free (Lua held %lld)", w.net + before, before);
}
END_TEST

/* The binding treats exactly erg_reserved_names as fields: every other
 * key of add_entity{} becomes an attribute. */
START_TEST(reserved_names_are_the_fields) {
    const char *const *ent = erg_reserved_names(ERG_KIND_ENTITY), *const *rel = erg_reserved_names(ERG_KIND_REL);
    const char *const *src = erg_reserved_names(ERG_KIND_SOURCE);
    ck_assert_str_eq(ent[0], "id");
    ck_assert_str_eq(ent[3], "aliases");
    ck_assert_ptr_null(ent[4]);
    ck_assert_str_eq(rel[4], "directed");
    ck_assert_ptr_null(rel[5]);
    ck_assert_ptr_null(src[1]);
    ck_assert(erg_reserved_name(ERG_KIND_REL, "from") && !erg_reserved_name(ERG_KIND_ENTITY, "from"));
    erg_lua *E = trusted(NULL);
    expect(E, "local e = graph:add_entity{id='x', type='t', name='X', aliases={'ex'}, from='here', directed=true}\n"
              "local keys = {}; for k in pairs(e:attrs()) do keys[#keys + 1] = k end; table.sort(keys)\n"
              "return table.concat(keys, ',')",
           ERG_OK, "directed,from");
    erg_lua_free(E);
}
END_TEST

Suite *suite_lua(void) {
    Suite *s = suite_create("lua");
    TCase *tc = tcase_create("engine");
    tcase_add_test(tc, defaults_are_a_sandbox);
    tcase_add_test(tc, borrowed_graph);
    tcase_add_test(tc, own_graph);
    tcase_add_test(tc, results_and_errors);
    tcase_add_test(tc, files);
    tcase_add_test(tc, print_goes_to_write);
    tcase_add_test(tc, trusted_keeps_globals);
    tcase_add_test(tc, host_functions);
    tcase_add_test(tc, bad_out_dir);
    tcase_add_test(tc, step_limit);
    tcase_add_test(tc, memory_limit);
    tcase_add_test(tc, dropped_finalizers_freed_after_close);
    tcase_add_test(tc, reserved_names_are_the_fields);
    suite_add_tcase(s, tc);
    return s;
}
