/*
 * ftm.c -- the FollowTheMoney reader and writer through the C API: a
 * failed import into a graph that already holds one leaves it exactly as
 * it was, and every allocation of an import and an export made to fail in
 * turn gives a clean ERG_ENOMEM, no leak and the graph unchanged.
 */
#include "unit.h"

#include <stdio.h>
#include <string.h>

/* A PEP with an address and a family member, an edge before its
 * endpoints, multi-valued names and a payment (the shape OpenSanctions
 * writes). */
static const char *const STREAM =
    "{\"id\": \"fam-1\", \"schema\": \"Family\", \"properties\": {\"person\": [\"Q1\"], \"relative\": [\"Q2\"], "
    "\"relationship\": [\"spouse\"]}, \"datasets\": [\"peps\"]}\n"
    "{\"id\": \"Q1\", \"caption\": \"Maria\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Maria\", "
    "\"María\"], \"alias\": [\"M.\"], \"birthDate\": [\"1961-04-12\", \"1961\"], \"addressEntity\": [\"addr-1\"]}, "
    "\"referents\": [], \"datasets\": [\"peps\"], \"first_seen\": \"2022-03-01T10:12:00\", \"target\": true}\n"
    "{\"id\": \"Q2\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Jorge\"]}}\n"
    "{\"id\": \"addr-1\", \"schema\": \"Address\", \"properties\": {\"full\": [\"1 Main St\"]}}\n"
    "{\"id\": \"pay-1\", \"schema\": \"Payment\", \"properties\": {\"payer\": [\"Q1\", \"Q2\"], \"beneficiary\": "
    "[\"org-x\"], \"amount\": [\"5000\"], \"currency\": [\"GBP\"], \"date\": [\"2023-04-01\"]}}\n";

static erg_graph *base_graph(erg_graph *g) {
    erg_entity a, b;
    ck_assert_int_eq(erg_entity_add(g, "acme", "company", "Acme", &a), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, "gov", "government_body", "Agency", &b), ERG_OK);
    ck_assert_int_eq(erg_rel_add(g, "r-a", a, b, "supplies", true, NULL), ERG_OK);
    erg_value v = erg_int(120);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_entity(a), "employees", &v), ERG_OK);
    return g;
}

static void expect_base(erg_graph *g) {
    erg_entity e;
    ck_assert_uint_eq(erg_entity_count(g), 2);
    ck_assert_uint_eq(erg_rel_count(g), 1);
    ck_assert_uint_eq(erg_schema_count(g, ERG_KIND_ENTITY), 1);
    ck_assert_uint_eq(erg_schema_count(g, ERG_KIND_REL), 0);
    ck_assert_int_eq(erg_entity_by_id(g, "Q1", &e), ERG_ENOTFOUND);
    ck_assert_int_eq(erg_entity_find(g, "Maria", &e), ERG_ENOTFOUND);
    ck_assert_int_eq(erg_entity_by_id(g, "acme", &e), ERG_OK);
}

START_TEST(test_failed_import_keeps_graph) {
    char *dir = unit_tmpdir();
    char bad[8192];
    /* a good stream, then a line whose schema FtM does not have */
    snprintf(bad, sizeof bad, "%s{\"id\": \"zz\", \"schema\": \"Persona\"}\n", STREAM);
    unit_write(dir, "bad.ftm.json", bad);
    char path[4200];
    snprintf(path, sizeof path, "%s/bad.ftm.json", dir);
    erg_graph *g = base_graph(erg_graph_new());
    ck_assert_int_eq(erg_read(g, path, NULL, NULL), ERG_EPARSE);
    char want[4400];
    snprintf(want, sizeof want, "%s:6:24: entity 'zz': unknown schema 'Persona'", path);
    ck_assert_str_eq(erg_errmsg(g), want);
    expect_base(g);
    /* and a good one goes in beside what was there */
    unit_write(dir, "good.ftm.json", STREAM);
    snprintf(path, sizeof path, "%s/good.ftm.json", dir);
    ck_assert_int_eq(erg_read(g, path, NULL, NULL), ERG_OK);
    ck_assert_uint_eq(erg_entity_count(g), 6); /* acme, gov, Q1, Q2, addr-1, org-x (placeholder) */
    ck_assert_uint_eq(erg_rel_count(g), 5);    /* r-a, fam-1, address_entity, pay-1, pay-1#2 */
    /* a second load of the same ids fails and keeps the first */
    ck_assert_int_eq(erg_read(g, path, NULL, NULL), ERG_EPARSE);
    snprintf(want, sizeof want, "%s:1:8: duplicate relationship id 'fam-1'", path);
    ck_assert_str_eq(erg_errmsg(g), want);
    ck_assert_uint_eq(erg_entity_count(g), 6);
    ck_assert_uint_eq(erg_rel_count(g), 5);
    erg_graph_free(g);
    unit_rmtree(dir);
    free(dir);
}
END_TEST

/* Imports (or exports) with allocation n failing, until one succeeds. */
static void fail_loop(bool export) {
    char *dir = unit_tmpdir();
    unit_write(dir, "s.ftm.json", STREAM);
    char in[4200], out[4200];
    snprintf(in, sizeof in, "%s/s.ftm.json", dir);
    snprintf(out, sizeof out, "%s/out.ftm.json", dir);
    long points = 0;
    for (long n = 1;; n++) {
        unit_fail f = {0};
        erg_graph *g = erg_graph_new_with(unit_fail_realloc, &f);
        ck_assert_ptr_nonnull(g);
        base_graph(g);
        if (export) ck_assert_int_eq(erg_read(g, in, NULL, NULL), ERG_OK);
        uint64_t version = erg_graph_version(g);
        size_t ents = erg_entity_count(g), rels = erg_rel_count(g);
        f.fail_at = f.calls + 1 + (n - 1);
        int rc = export ? erg_export(g, "ftm", out) : erg_read(g, in, NULL, NULL);
        ck_assert_int_eq(f.bad_old, 0);
        if (rc == ERG_OK) { /* a failure only to give back slack (trimming) is no error */
            ck_assert_uint_eq(erg_entity_count(g), 6);
            ck_assert_uint_eq(erg_rel_count(g), 5);
            erg_graph_free(g);
            ck_assert_uint_eq(f.live, 0);
            if (f.failures == 0) break;
            continue;
        }
        ck_assert_int_eq(rc, ERG_ENOMEM);
        ck_assert_str_eq(erg_errmsg(g), "out of memory");
        ck_assert_uint_eq(erg_entity_count(g), ents);
        ck_assert_uint_eq(erg_rel_count(g), rels);
        if (!export) {
            expect_base(g);
            ck_assert(erg_graph_version(g) != version); /* caches see a change */
        }
        points++;
        erg_graph_free(g);
        ck_assert_uint_eq(f.live, 0);
    }
    ck_assert_int_gt(points, export ? 3 : 20);
    unit_rmtree(dir);
    free(dir);
}

START_TEST(test_import_alloc_failures) { fail_loop(false); }
END_TEST

START_TEST(test_export_alloc_failures) { fail_loop(true); }
END_TEST

Suite *suite_ftm(void) {
    Suite *s = suite_create("ftm");
    TCase *tc = tcase_create("ftm");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_failed_import_keeps_graph);
    tcase_add_test(tc, test_import_alloc_failures);
    tcase_add_test(tc, test_export_alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}
