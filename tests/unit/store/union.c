/*
 * union.c -- erg_graph_union: two graphs combined by id, with folded
 * relationships, merged-away ids, the three policies, type clashes,
 * metadata, a and b left as they were, and every allocation failing in
 * turn.
 */
#include "unit.h"

#include <stdio.h>

char *tg_dump(erg_graph *g); /* store/graph.c */

typedef struct seen {
    char text[32][400];
    int n;
} seen;

static void collect(void *ud, const erg_union_conflict *c) {
    seen *s = ud;
    if (s->n < 32)
        snprintf(s->text[s->n++], sizeof s->text[0], "%s %s/%s %s: a=%s b=%s took=%s note=%s", c->what,
                 c->id_a ? c->id_a : "-", c->id_b ? c->id_b : "-", c->field, c->a_value ? c->a_value : "-",
                 c->b_value ? c->b_value : "-", c->took_b ? "b" : "a", c->note ? c->note : "-");
}

/* A graph from CSV text (relationships and sources may be NULL). */
static erg_graph *from_csv(const char *ents, const char *rels, const char *srcs, const char *meta) {
    char *dir = unit_tmpdir();
    unit_write(dir, "entities.csv", ents);
    if (rels) unit_write(dir, "relationships.csv", rels);
    if (srcs) unit_write(dir, "sources.csv", srcs);
    if (meta) unit_write(dir, "graph.csv", meta);
    erg_graph *g = erg_graph_new();
    ck_assert_int_eq(erg_csv_read(g, dir, NULL, NULL), ERG_OK);
    unit_rmtree(dir);
    free(dir);
    return g;
}

/* The graph's files as erg writes them: entities, relationships, sources. */
static char *csv_text(erg_graph *g) {
    char *dir = unit_tmpdir();
    char out[4200];
    snprintf(out, sizeof out, "%s/g", dir);
    ck_assert_int_eq(erg_csv_write(g, out), ERG_OK);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    static const char *const files[] = {"entities.csv", "relationships.csv", "sources.csv", "graph.csv"};
    for (int i = 0; i < 4; i++) {
        char p[4400];
        snprintf(p, sizeof p, "%s/%s", out, files[i]);
        char *s = unit_read(p);
        fprintf(f, "[%s]\n%s", files[i], s ? s : "");
        free(s);
    }
    fclose(f);
    unit_rmtree(dir);
    free(dir);
    return text;
}

#define A_ENTS                                                                                   \
    "id,type,name,aliases:string[],country,source:string[]\n"                                    \
    "ice,government_body,Immigration and Customs Enforcement,ICE,US,s1\n"                        \
    "dhs,government_body,Homeland Security,DHS,US,s1\n"                                          \
    "microsoft,company,Microsoft,,US,s1\n"
#define A_RELS                                                                                   \
    "id,from,to,type,source:string[],evidence\n"                                                 \
    "r1,ice,dhs,part_of,s1,ICE is part of DHS.\n"                                                \
    "r2,microsoft,ice,supplies,s1,Cloud tools.\n"
#define A_SRCS "id,title\ns1,First report\n"
#define B_ENTS                                                                                   \
    "id,type,name,aliases:string[],country,source:string[]\n"                                    \
    "microsoft,company,Microsoft Corporation,MSFT,USA,s2\n"                                      \
    "ice,agency,ICE,,US,s2\n"                                                                    \
    "dhs,government_body,Homeland Security,,US,s2\n"                                             \
    "congress,legislature,Congress,,US,s2\n"
#define B_RELS                                                                                   \
    "id,from,to,type,source:string[],evidence\n"                                                 \
    "r1,microsoft,congress,calls_on,s2,Asks for rules.\n"  /* r1 is another fact in a */         \
    "x2,dhs,ice,part_of,s2,ICE is part of DHS.\n"          /* other way round: a new fact */     \
    "x3,ice,dhs,part_of,s2,ICE is part of DHS.\n"          /* a's r1 again: folded */            \
    "r2,microsoft,ice,supplies,s2,Cloud and AI tools.\n"   /* same id and ends: matched */
#define B_SRCS "id,title\ns1,First report\ns2,Second report\n"

START_TEST(union_by_id) {
    erg_graph *a = from_csv(A_ENTS, A_RELS, A_SRCS, "key,value\ntitle,Desk A\ndesk,a\n");
    erg_graph *b = from_csv(B_ENTS, B_RELS, B_SRCS, "key,value\ntitle,Desk B\nregion,US\n");
    char *da = tg_dump(a), *db = tg_dump(b);
    seen s = {0};
    erg_union_stats st;
    erg_graph *g;
    ck_assert_int_eq(erg_graph_union(a, b, ERG_MERGE_KEEP, collect, &s, &st, &g), ERG_OK);
    char *text = csv_text(g);
    ck_assert_str_eq(text,
                     "[entities.csv]\n"
                     "id,type,name,aliases:string[],country,source:string[]\n"
                     "ice,government_body,Immigration and Customs Enforcement,ICE,US,s1;s2\n"
                     "dhs,government_body,Homeland Security,DHS,US,s1;s2\n"
                     "microsoft,company,Microsoft,Microsoft Corporation;MSFT,US,s1;s2\n"
                     "congress,legislature,Congress,,US,s2\n"
                     "[relationships.csv]\n"
                     "id,from,to,type,source:string[],evidence\n"
                     "r1,ice,dhs,part_of,s1;s2,ICE is part of DHS.\n"
                     "r2,microsoft,ice,supplies,s1;s2,Cloud tools.\n"
                     "r1~2,microsoft,congress,calls_on,s2,Asks for rules.\n"
                     "x2,dhs,ice,part_of,s2,ICE is part of DHS.\n"
                     "[sources.csv]\n"
                     "id,title\n"
                     "s1,First report\n"
                     "s2,Second report\n"
                     "[graph.csv]\n"
                     "key,value\n"
                     "title,Desk A\n"
                     "desk,a\n"
                     "region,US\n");
    free(text);
    erg_rel r;
    ck_assert_int_eq(erg_rel_by_id(g, "r1~2", &r), ERG_OK);
    ck_assert(!erg_rel_id_generated(g, r)); /* ids the files gave */
    ck_assert_int_eq(s.n, 6);
    ck_assert_str_eq(s.text[0], "entity microsoft/microsoft name: a=Microsoft b=Microsoft Corporation took=a "
                                "note=the other name is kept as an alias");
    ck_assert_str_eq(s.text[1], "entity microsoft/microsoft country: a=US b=USA took=a note=-");
    ck_assert_str_eq(s.text[2], "entity ice/ice type: a=government_body b=agency took=a note=-");
    ck_assert_str_eq(s.text[3], "relationship r1/r1 from, to, type: a=ice -> dhs part_of b=microsoft -> congress "
                                "calls_on took=a note=B's relationship is added as 'r1~2'");
    ck_assert_str_eq(s.text[4], "relationship r2/r2 evidence: a=Cloud tools. b=Cloud and AI tools. took=a note=-");
    ck_assert_str_eq(s.text[5], "metadata -/- title: a=Desk A b=Desk B took=a note=-");
    ck_assert_uint_eq(st.ents_added, 1);
    ck_assert_uint_eq(st.ents_matched, 3);
    ck_assert_uint_eq(st.rels_added, 2);
    ck_assert_uint_eq(st.rels_matched, 1);
    ck_assert_uint_eq(st.rels_folded, 1);
    ck_assert_uint_eq(st.srcs_added, 1);
    ck_assert_uint_eq(st.srcs_matched, 1);
    ck_assert_uint_eq(st.conflicts, 6);
    /* a and b are as they were */
    char *da2 = tg_dump(a), *db2 = tg_dump(b);
    ck_assert_str_eq(da2, da);
    ck_assert_str_eq(db2, db);
    free(da); free(db); free(da2); free(db2);
    erg_graph_free(g);

    /* b's side wins: a's name stays as an alias */
    memset(&s, 0, sizeof s);
    ck_assert_int_eq(erg_graph_union(a, b, ERG_MERGE_OTHER, collect, &s, &st, &g), ERG_OK);
    ck_assert_uint_eq(st.conflicts, 6);
    ck_assert_str_eq(s.text[1], "entity microsoft/microsoft country: a=US b=USA took=b note=-");
    erg_entity e;
    ck_assert_int_eq(erg_entity_by_id(g, "microsoft", &e), ERG_OK);
    ck_assert_str_eq(erg_entity_name(g, e), "Microsoft Corporation");
    ck_assert_int_eq(erg_entity_find(g, "Microsoft", &e), ERG_OK);
    ck_assert_str_eq(erg_entity_id(g, e), "microsoft");
    ck_assert_int_eq(erg_entity_by_id(g, "ice", &e), ERG_OK);
    ck_assert_str_eq(erg_entity_type(g, e), "agency");
    ck_assert_str_eq(erg_graph_meta(g, "title"), "Desk B");
    erg_graph_free(g);

    /* strict: every conflict reported, nothing made */
    memset(&s, 0, sizeof s);
    g = (erg_graph *)1;
    ck_assert_int_eq(erg_graph_union(a, b, ERG_MERGE_STRICT, collect, &s, NULL, &g), ERG_EEXIST);
    ck_assert_ptr_null(g);
    ck_assert_int_eq(s.n, 6);
    ck_assert_str_eq(erg_errmsg(a), "6 conflicts between the two graphs (strict: nothing combined)");
    ck_assert_int_eq(erg_graph_union(a, b, (erg_merge_policy)7, NULL, NULL, NULL, &g), ERG_EINVAL);
    ck_assert_str_eq(erg_errmsg(a), "unknown merge policy 7");
    erg_graph_free(a);
    erg_graph_free(b);
}
END_TEST

/* An id a merged away finds the entity it went into; an attribute of
 * another type is left out, and said. */
START_TEST(union_merged_ids_and_types) {
    erg_graph *a = from_csv("id,type,name,amount\nacme,company,Acme,12\nacme-inc,company,ACME Inc.,\n"
                            "cy,person,Cy,\n",
                            "from,to,type\ncy,acme,works_for\n", NULL, NULL);
    erg_entity keep, other;
    ck_assert_int_eq(erg_entity_by_id(a, "acme", &keep), ERG_OK);
    ck_assert_int_eq(erg_entity_by_id(a, "acme-inc", &other), ERG_OK);
    ck_assert_int_eq(erg_merge(a, keep, other, ERG_MERGE_KEEP, NULL), ERG_OK);
    erg_graph *b = from_csv("id,type,name,amount:float\nacme-inc,company,ACME Inc.,12.5\ndee,person,Dee,3\n",
                            "from,to,type\ndee,acme-inc,works_for\n", NULL, NULL);
    seen s = {0};
    erg_union_stats st;
    erg_graph *g;
    ck_assert_int_eq(erg_graph_union(a, b, ERG_MERGE_KEEP, collect, &s, &st, &g), ERG_OK);
    ck_assert_uint_eq(st.ents_matched, 1);
    ck_assert_uint_eq(erg_entity_count(g), 3);
    erg_rel r;
    ck_assert_int_eq(erg_rel_by_id(g, "r1", &r), ERG_OK);
    ck_assert_str_eq(erg_entity_id(g, erg_rel_to(g, r)), "acme");
    /* b's r1 (dee -> acme-inc) was made up, as a's r1 (cy -> acme) was:
     * the two name nothing in common, and b's gets a made-up id too */
    ck_assert(erg_rel_id_generated(g, r));
    ck_assert_int_eq(erg_rel_by_id(g, "r2", &r), ERG_OK);
    ck_assert(erg_rel_id_generated(g, r));
    ck_assert_str_eq(erg_entity_id(g, erg_rel_from(g, r)), "dee");
    ck_assert_str_eq(erg_entity_id(g, erg_rel_to(g, r)), "acme");
    ck_assert_int_eq(s.n, 2);
    ck_assert_str_eq(s.text[0], "entity acme/acme-inc amount: a=- b=12.5 took=a note=the attribute is string in A "
                                "and float in B; B's value is left out");
    ck_assert_str_eq(s.text[1], "entity -/dee amount: a=- b=3.0 took=a note=the attribute is string in A and float in "
                                "B; B's value is left out");
    erg_value v;
    erg_entity dee;
    ck_assert_int_eq(erg_entity_by_id(g, "dee", &dee), ERG_OK);
    ck_assert_int_eq(erg_attr_get(g, erg_obj_entity(dee), "amount", &v), ERG_OK);
    ck_assert_int_eq(v.type, ERG_NULL);
    erg_graph_free(g);
    erg_graph_free(a);
    erg_graph_free(b);
}
END_TEST

/* An int of b under a float attribute of a: kept when exact, else left
 * out and said. */
START_TEST(union_int_into_float) {
    erg_graph *a = from_csv("id,type,name,amount:float\nx,t,X,1.5\n", NULL, NULL, NULL);
    erg_graph *b = from_csv("id,type,name,amount:int\ny,t,Y,7\nz,t,Z,9007199254740993\n", NULL, NULL, NULL);
    seen s = {0};
    erg_graph *g;
    ck_assert_int_eq(erg_graph_union(a, b, ERG_MERGE_KEEP, collect, &s, NULL, &g), ERG_OK);
    char *text = csv_text(g);
    ck_assert_str_eq(text, "[entities.csv]\nid,type,name,amount:float\nx,t,X,1.5\ny,t,Y,7.0\nz,t,Z,\n"
                           "[relationships.csv]\nid,from,to,type\n[sources.csv]\n[graph.csv]\n");
    free(text);
    ck_assert_int_eq(s.n, 1);
    ck_assert_str_eq(s.text[0], "entity -/z amount: a=- b=9007199254740993 took=a note=the attribute is float in A "
                                "and this int of B has no exact float; B's value is left out");
    erg_graph_free(g);
    erg_graph_free(a);
    erg_graph_free(b);
}
END_TEST

/* Every allocation of a union fails in turn: ERG_ENOMEM, no result, a as it
 * was, nothing leaked. */
START_TEST(union_out_of_memory) {
    unit_fail fa = {0};
    erg_graph *a = erg_graph_new_with(unit_fail_realloc, &fa);
    char *dir = unit_tmpdir();
    unit_write(dir, "entities.csv", A_ENTS);
    unit_write(dir, "relationships.csv", A_RELS);
    unit_write(dir, "sources.csv", A_SRCS);
    ck_assert_int_eq(erg_csv_read(a, dir, NULL, NULL), ERG_OK);
    unit_rmtree(dir);
    free(dir);
    erg_graph *b = from_csv(B_ENTS, B_RELS, B_SRCS, "key,value\nregion,US\n");
    char *before = tg_dump(a);
    size_t live = fa.live;
    int points = 0;
    for (long n = 1;; n++) {
        fa.fail_at = fa.calls + n;
        erg_graph *g;
        int rc = erg_graph_union(a, b, ERG_MERGE_KEEP, NULL, NULL, NULL, &g);
        fa.fail_at = 0;
        if (rc == ERG_OK) {
            erg_graph_free(g);
            break;
        }
        points++;
        ck_assert_int_eq(rc, ERG_ENOMEM);
        ck_assert_ptr_null(g);
        ck_assert_str_eq(erg_errmsg(a), "out of memory");
        ck_assert_uint_eq(fa.live, live);
        char *now = tg_dump(a);
        ck_assert_str_eq(now, before);
        free(now);
    }
    ck_assert_int_gt(points, 20);
    ck_assert_int_eq(fa.bad_old, 0);
    free(before);
    erg_graph_free(a);
    erg_graph_free(b);
}
END_TEST

Suite *suite_union(void) {
    Suite *s = suite_create("union");
    TCase *tc = tcase_create("union");
    tcase_add_test(tc, union_by_id);
    tcase_add_test(tc, union_merged_ids_and_types);
    tcase_add_test(tc, union_int_into_float);
    tcase_add_test(tc, union_out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}
