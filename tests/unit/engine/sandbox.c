/*
 * test_sandbox.c -- the sandbox through the embedding API: the environment
 * is fresh for every run, the functions it replaces behave like Lua's, the
 * shared string table cannot be tampered with, files stay inside out_dir.
 */
#include "unit.h"
#include "erg_lua.h"

#include <stdio.h>
#include <unistd.h>

static void expect(erg_lua *E, const char *code, int rc, const char *text) {
    int got = erg_lua_run_string(E, code, NULL);
    ck_assert_msg(got == rc, "%s: status %d, wanted %d (%s)", code, got, rc, erg_lua_errmsg(E));
    ck_assert_str_eq(rc == ERG_OK ? erg_lua_result(E) : erg_lua_errmsg(E), text);
}

START_TEST(fresh_environment) {
    erg_lua *E = erg_lua_new(NULL, NULL);
    expect(E, "string.upper = nil table.concat = nil x = 1 rawset(_G, 'y', 2) erg.load = nil", ERG_OK, "");
    expect(E, "string.upper('a'), table.concat({1, 2}), x, y, type(erg.load)", ERG_OK, "A\n12\nnil\nnil\nfunction");
    /* the state's own string table is out of reach */
    expect(E, "getmetatable('')", ERG_OK, "false");
    expect(E, "local ok = pcall(function() ('').upper = nil end) return ok, ('a'):upper()", ERG_OK, "false\nA");
    erg_lua_free(E);
}
END_TEST

START_TEST(denied_names) {
    static const char *const names[] = {"io", "debug", "package", "dofile", "loadfile", "collectgarbage", NULL};
    static const char *const os_names[] = {"execute", "exit", "getenv", "remove", "rename", "tmpname",
                                           "setlocale", NULL};
    erg_lua *E = erg_lua_new(NULL, NULL);
    char code[64], msg[128];
    for (const char *const *n = names; *n; n++) {
        snprintf(code, sizeof code, "return %s", *n);
        snprintf(msg, sizeof msg, "eval:1: sandbox: '%s' is not allowed", *n);
        expect(E, code, ERG_ESANDBOX, msg);
    }
    for (const char *const *n = os_names; *n; n++) {
        snprintf(code, sizeof code, "return os.%s", *n);
        snprintf(msg, sizeof msg, "eval:1: sandbox: 'os.%s' is not allowed", *n);
        expect(E, code, ERG_ESANDBOX, msg);
    }
    expect(E, "string.dump", ERG_ESANDBOX, "eval:1: sandbox: 'string.dump' is not allowed");
    expect(E, "require 'io'", ERG_ESANDBOX, "eval:1: sandbox: require 'io' is not allowed (only \"erg\")");
    expect(E, "undefined_name, os.nothing", ERG_OK, "nil\nnil");
    erg_lua_free(E);
}
END_TEST

START_TEST(replaced_functions) {
    erg_lua *E = erg_lua_new(NULL, NULL);
    expect(E, "pcall(function(a, b) return a + b, 'x' end, 1, 2)", ERG_OK, "true\n3\nx");
    expect(E, "pcall(error, 'm', 0)", ERG_OK, "false\nm");
    expect(E, "pcall(error)", ERG_OK, "false\nnil");
    expect(E, "xpcall(function(a) return a * 2 end, print, 21)", ERG_OK, "true\n42");
    expect(E, "xpcall(error, function(m) return 'handled ' .. m end, 'x', 0)", ERG_OK, "false\nhandled x");
    expect(E, "local g = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end)"
              " return g(1), g(5)", ERG_OK, "2\n10");
    expect(E, "local g = coroutine.wrap(function() end) g() return pcall(g)", ERG_OK,
           "false\ncannot resume dead coroutine");
    expect(E, "local g = coroutine.wrap(function() error('inner') end) return pcall(g)", ERG_OK,
           "false\neval:1: inner");
    expect(E, "local co = coroutine.create(function() coroutine.yield() end) coroutine.resume(co)"
              " return coroutine.close(co), coroutine.status(co)", ERG_OK, "true\ndead");
    expect(E, "local t = setmetatable({}, {__index = function(_, k) return k .. '!' end}) return t.x", ERG_OK, "x!");
    expect(E, "setmetatable(setmetatable({}, {__metatable = 'no'}), {})", ERG_ESCRIPT,
           "eval:1: cannot change a protected metatable\nstack traceback:\n\t[C]: in global 'setmetatable'\n"
           "\teval:1: in main chunk\n\t[C]: in ?");
    expect(E, "pcall(load('return x', 'c', 't', nil))", ERG_OK,
           "false\n[string \"c\"]:1: attempt to index a nil value (upvalue '_ENV')");
    expect(E, "load('return graph ~= nil')()", ERG_OK, "true");
    expect(E, "load('return x', 'c', 't', {x = 5})()", ERG_OK, "5");
    expect(E, "load('x = = 1', 'chunk')", ERG_OK, "nil\n[string \"chunk\"]:1: unexpected symbol near '='");
    expect(E, "local parts = {'return ', '1 ', '+ 1'} local i = 0"
              " return load(function() i = i + 1 return parts[i] end)()", ERG_OK, "2");
    expect(E, "require('erg') == erg", ERG_OK, "true");
    erg_lua_free(E);
}
END_TEST

START_TEST(files_inside_out_dir) {
    char *dir = unit_tmpdir(), *outside = unit_tmpdir(), path[4200];
    snprintf(path, sizeof path, "%s/link", dir);
    ck_assert_int_eq(symlink(outside, path), 0);
    erg_lua_opts o;
    memset(&o, 0, sizeof o);
    o.out_dir = dir;
    erg_lua *E = erg_lua_new(NULL, &o);
    expect(E, "graph:add_entity{id = 'a', type = 't'} graph:save('g') return erg.load('g'):info().entities", ERG_OK, "1");
    snprintf(path, sizeof path, "%s/g/entities.csv", dir);
    ck_assert_int_eq(access(path, F_OK), 0);
    expect(E, "graph:save('link/g')", ERG_ESANDBOX, "eval:1: sandbox: path 'link/g' goes through a symbolic link");
    expect(E, "graph:save('g/../..')", ERG_ESANDBOX,
           "eval:1: sandbox: path 'g/../..' leaves the output directory or has a '.' part");
    expect(E, "graph:export('csv', '')", ERG_ESANDBOX, "eval:1: sandbox: empty path");
    snprintf(path, sizeof path, "%s/g", outside);
    ck_assert_int_eq(access(path, F_OK), -1);
    erg_lua_free(E);
    unit_rmtree(dir);
    unit_rmtree(outside);
    free(dir);
    free(outside);
}
END_TEST

START_TEST(violations_do_not_stick) {
    erg_lua_opts o;
    memset(&o, 0, sizeof o);
    o.max_memory = 1 << 20;
    erg_lua *E = erg_lua_new(NULL, &o);
    expect(E, "pcall(string.rep, 'x', 1 << 22) return 'escaped'", ERG_ESANDBOX,
           "eval:1: sandbox: memory limit reached (1048576 bytes)");
    expect(E, "#string.rep('x', 1000)", ERG_OK, "1000");
    erg_lua_free(E);
}
END_TEST

Suite *suite_sandbox(void) {
    Suite *s = suite_create("sandbox");
    TCase *tc = tcase_create("sandbox");
    tcase_add_test(tc, fresh_environment);
    tcase_add_test(tc, denied_names);
    tcase_add_test(tc, replaced_functions);
    tcase_add_test(tc, files_inside_out_dir);
    tcase_add_test(tc, violations_do_not_stick);
    suite_add_tcase(s, tc);
    return s;
}
