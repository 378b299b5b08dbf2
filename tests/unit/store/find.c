/*
 * find.c -- unit tests of folding (erg_fold), name search (erg_find) and
 * the merge record (erg_merge / erg_unmerge) through the C API.
 */
#include "../unit.h"

static const char *folded(erg_graph *g, const char *s, bool words) {
    static char buf[256];
    ck_assert_int_eq(erg_fold(g, s, strlen(s), words, buf, sizeof buf, NULL), ERG_OK);
    return buf;
}

START_TEST(fold_cases) {
    erg_graph *g = erg_graph_new();
    ck_assert_str_eq(folded(g, "FRAU DR. IRENE NIERSTENHÖFER", true), "frau dr irene nierstenhofer");
    ck_assert_str_eq(folded(g, "Straße", false), "strasse");
    ck_assert_str_eq(folded(g, "ẞ", false), "ss");
    ck_assert_str_eq(folded(g, "Société Générale S.A.", true), "societe generale sa");
    ck_assert_str_eq(folded(g, "Œuvre", false), "oeuvre");
    ck_assert_str_eq(folded(g, "İSTANBUL", false), "istanbul");
    ck_assert_str_eq(folded(g, "ISPARTA", false), "isparta");
    ck_assert_str_eq(folded(g, "ısparta", false), "ısparta"); /* dotless i stays */
    ck_assert_str_eq(folded(g, "ﬁnance ²", true), "finance 2");
    ck_assert_str_eq(folded(g, "U.S. O’Brien-Smith", true), "us obrien smith");
    size_t len;
    char small[4];
    ck_assert_int_eq(erg_fold(g, "Nierstenhöfer", strlen("Nierstenhöfer"), false, small, sizeof small, &len), ERG_OK);
    ck_assert_str_eq(small, "nie");
    ck_assert_uint_eq(len, 13);
    ck_assert_int_eq(erg_fold(g, "\xff", 1, false, small, sizeof small, NULL), ERG_EINVAL);
    ck_assert_str_eq(erg_errmsg(g), "text is not valid UTF-8");
    erg_graph_free(g);
}
END_TEST

START_TEST(find_ranks) {
    erg_graph *g = erg_graph_new();
    erg_entity e;
    ck_assert_int_eq(erg_entity_add(g, "irene", "person", "FRAU DR. IRENE NIERSTENHÖFER", &e), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, "ms", "company", "Microsoft", NULL), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, "az", "product", "Microsoft Azure", NULL), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, "azg", "product", "Microsoft Azure Government", NULL), ERG_OK);
    erg_find_result r;
    ck_assert_int_eq(erg_find(g, "Nierstenhöfer", NULL, &r), ERG_OK);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_str_eq(erg_entity_id(g, r.items[0].entity), "irene");
    ck_assert_int_eq(r.items[0].how, ERG_FIND_WORD);
    erg_find_result_free(g, &r);
    ck_assert_int_eq(erg_find(g, "microsoft", NULL, &r), ERG_OK);
    ck_assert_uint_eq(r.n, 3);
    ck_assert_str_eq(erg_entity_id(g, r.items[0].entity), "ms");
    ck_assert(r.items[0].score == 1.0);
    ck_assert_str_eq(erg_entity_id(g, r.items[1].entity), "az");
    ck_assert_str_eq(erg_entity_id(g, r.items[2].entity), "azg");
    ck_assert(r.items[1].score > r.items[2].score && r.items[1].score <= 0.9);
    erg_find_result_free(g, &r);
    erg_find_opts o = {"product", 1, 0, 0};
    ck_assert_int_eq(erg_find(g, "micro", &o, &r), ERG_OK);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_str_eq(erg_entity_id(g, r.items[0].entity), "az");
    erg_find_result_free(g, &r);
    ck_assert_int_eq(erg_find(g, "Mircosoft", NULL, &r), ERG_OK); /* a typo */
    ck_assert_uint_eq(r.n, 3);
    ck_assert_int_eq(r.items[0].how, ERG_FIND_FUZZY);
    erg_find_result_free(g, &r);
    ck_assert_int_eq(erg_find(g, " - ", NULL, &r), ERG_EINVAL);
    ck_assert_str_eq(erg_errmsg(g), "search text ' - ' has no letter or digit");
    erg_graph_free(g);
}
END_TEST

START_TEST(merge_and_undo) {
    erg_graph *g = erg_graph_new();
    erg_entity a, b, c;
    ck_assert_int_eq(erg_entity_add(g, "a", "company", "Acme", &a), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, "b", "company", "ACME Inc.", &b), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, "c", "person", "Cy", &c), ERG_OK);
    erg_value s1 = erg_str("s1"), s2 = erg_str("s2");
    erg_value la = erg_listv(ERG_STRING, &s1, 1), lb = erg_listv(ERG_STRING, &s2, 1);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_entity(a), "source", &la), ERG_OK);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_entity(b), "source", &lb), ERG_OK);
    erg_rel r;
    ck_assert_int_eq(erg_rel_add(g, "r1", c, a, "works_for", true, &r), ERG_OK);
    ck_assert_int_eq(erg_rel_add(g, "r2", c, b, "works_for", true, &r), ERG_OK);
    erg_merge_report rep;
    ck_assert_int_eq(erg_merge(g, a, b, ERG_MERGE_KEEP, &rep), ERG_OK);
    ck_assert_str_eq(rep.id, "m1");
    ck_assert_uint_eq(rep.folded, 1);
    ck_assert_uint_eq(rep.nconflicts, 0);
    erg_merge_report_free(g, &rep);
    ck_assert_uint_eq(erg_rel_count(g), 1);
    erg_entity f;
    ck_assert_int_eq(erg_entity_find(g, "b", &f), ERG_OK);
    ck_assert_uint_eq(f.idx, a.idx);
    erg_value v;
    ck_assert_int_eq(erg_attr_get(g, erg_obj_entity(a), "source", &v), ERG_OK);
    ck_assert_uint_eq(v.u.list.n, 2);
    ck_assert_int_eq(erg_unmerge(g, "m1"), ERG_OK);
    ck_assert_uint_eq(erg_entity_count(g), 3);
    ck_assert_uint_eq(erg_rel_count(g), 2);
    ck_assert_int_eq(erg_rel_by_id(g, "r2", &r), ERG_OK);
    ck_assert_str_eq(erg_entity_id(g, erg_rel_to(g, r)), "b");
    ck_assert_int_eq(erg_attr_get(g, erg_obj_entity(a), "source", &v), ERG_OK);
    ck_assert_uint_eq(v.u.list.n, 1);
    ck_assert_uint_eq(erg_entity_alias_count(g, a), 0);
    ck_assert_int_eq(erg_unmerge(g, "m1"), ERG_ENOTFOUND);
    ck_assert_str_eq(erg_errmsg(g), "no merge 'm1'");
    erg_graph_free(g);
}
END_TEST

Suite *suite_find(void) {
    Suite *s = suite_create("find");
    TCase *tc = tcase_create("find");
    tcase_add_test(tc, fold_cases);
    tcase_add_test(tc, find_ranks);
    tcase_add_test(tc, merge_and_undo);
    suite_add_tcase(s, tc);
    return s;
}
