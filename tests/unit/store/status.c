/*
 * status.c -- erg_strstatus names every status code of erg.h, the Lua
 * layer's included, each differently; erg_errmsg and erg_errcode on NULL
 * (a graph that could not be made) say "out of memory".
 */
#include "unit.h"

START_TEST(every_code_named) {
    static const struct { int code; const char *name; } want[] = {
        {ERG_OK, "ok"},
        {ERG_ENOMEM, "out of memory"},
        {ERG_EINVAL, "invalid argument"},
        {ERG_ENOTFOUND, "not found"},
        {ERG_EEXIST, "already exists"},
        {ERG_EDELETED, "deleted"},
        {ERG_ETYPE, "wrong type"},
        {ERG_EPARSE, "malformed input"},
        {ERG_EIO, "input/output error"},
        {ERG_EAMBIGUOUS, "ambiguous name"},
        {ERG_ELIMIT, "limit reached"},
        {ERG_EANALYSIS, "analysis failed"},
        {ERG_EINTERRUPTED, "interrupted"},
        {ERG_ESCRIPT, "script error"},
        {ERG_ESANDBOX, "stopped by the sandbox"},
    };
    size_t n = sizeof want / sizeof want[0];
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(erg_strstatus(want[i].code), want[i].name);
        for (size_t j = 0; j < i; j++) ck_assert_str_ne(want[i].name, want[j].name);
    }
    /* the Lua layer's codes keep their values (erg_lua.h's callers) */
    ck_assert_int_eq(ERG_ESCRIPT, -20);
    ck_assert_int_eq(ERG_ESANDBOX, -21);
    /* and every other number from -30 to 1 is unknown */
    int named = 0;
    for (int c = -30; c <= 1; c++) {
        const char *s = erg_strstatus(c);
        if (strcmp(s, "unknown error")) named++;
    }
    ck_assert_int_eq(named, (int)n);
    ck_assert_str_eq(erg_strstatus(42), "unknown error");
}
END_TEST

START_TEST(null_handle) {
    ck_assert_str_eq(erg_errmsg(NULL), "out of memory");
    ck_assert_int_eq(erg_errcode(NULL), ERG_ENOMEM);
    erg_graph *g = erg_graph_new();
    ck_assert_str_eq(erg_errmsg(g), "");
    ck_assert_int_eq(erg_errcode(g), ERG_OK);
    erg_graph_free(g);
}
END_TEST

Suite *suite_status(void) {
    Suite *s = suite_create("status");
    TCase *tc = tcase_create("names");
    tcase_add_test(tc, every_code_named);
    tcase_add_test(tc, null_handle);
    suite_add_tcase(s, tc);
    return s;
}
