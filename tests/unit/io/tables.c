/*
 * tables.c -- the Neo4j import set and the GraphFrames tables, byte for
 * byte, for a graph holding every value type and list elements with ';',
 * newlines and quotes: Neo4j arrays are joined by U+001F (its
 * --array-delimiter), so "ACME;Corp" stays one element; an element holding
 * U+001F is refused by name, the old set kept; GraphFrames gets Spark
 * StructType schemas beside its tables.
 */
#include "unit.h"

#include <math.h>
#include <stdio.h>

static erg_graph *tables_graph(void) {
    erg_graph *g = erg_graph_new();
    erg_entity a, b;
    ck_assert_int_eq(erg_entity_add(g, "acme", "company", "Acme \"Q\" Corp", &a), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, "gov", "agency", NULL, &b), ERG_OK);
    ck_assert_int_eq(erg_entity_add_alias(g, a, "ACME;Corp"), ERG_OK);
    ck_assert_int_eq(erg_entity_add_alias(g, a, "Ac"), ERG_OK);
    erg_value tags[3] = {erg_str("ACME;Corp"), erg_str("two\nlines"), erg_str("q\"uote")};
    erg_value scores[3] = {erg_float(1.0), erg_float(NAN), erg_float(-INFINITY)};
    erg_date d = {1999, 3, 0};
    struct { erg_entity e; const char *name; erg_value v; } set[] = {
        {a, "employees", erg_int(120)},
        {b, "employees", erg_int(-9)},
        {a, "revenue", erg_float(1.5)},
        {b, "revenue", erg_float(INFINITY)},
        {a, "public", erg_bool(true)},
        {a, "founded", erg_datev(d)},
        {a, "tags", erg_listv(ERG_STRING, tags, 3)},
        {a, "scores", erg_listv(ERG_FLOAT, scores, 3)},
        {b, "note", erg_str("line1\nline2, \"quoted\"")},
    };
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        ck_assert_int_eq(erg_attr_set(g, erg_obj_entity(set[i].e), set[i].name, &set[i].v), ERG_OK);
    erg_rel r1, r2;
    ck_assert_int_eq(erg_rel_add(g, "r1", a, b, "supplies", true, &r1), ERG_OK);
    ck_assert_int_eq(erg_rel_add(g, "r2", b, a, "knows", false, &r2), ERG_OK);
    erg_value src[2] = {erg_str("s1"), erg_str("s;2")}, amount = erg_float(2.0), since = erg_datev((erg_date){2025, 0, 0});
    erg_value srcl = erg_listv(ERG_STRING, src, 2);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r1), "src", &srcl), ERG_OK);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r1), "amount", &amount), ERG_OK);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r1), "since", &since), ERG_OK);
    erg_source s;
    ck_assert_int_eq(erg_source_add(g, "s1", &s), ERG_OK);
    erg_value title = erg_str("T, with a comma");
    ck_assert_int_eq(erg_attr_set(g, erg_obj_source(s), "title", &title), ERG_OK);
    return g;
}

static void expect_file(const char *dir, const char *name, const char *want) {
    char p[4400];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    char *s = unit_read(p);
    ck_assert_msg(s != NULL, "%s missing", p);
    ck_assert_str_eq(s, want);
    free(s);
}

START_TEST(neo4j_exact) {
    char *work = unit_tmpdir(), dir[4400];
    snprintf(dir, sizeof dir, "%s/neo", work);
    erg_graph *g = tables_graph();
    ck_assert_int_eq(erg_export(g, "neo4j", dir), ERG_OK);
    char *l = unit_listing(dir);
    ck_assert_str_eq(l, "nodes.csv\nrelationships.csv\nsources.csv\n");
    free(l);
    expect_file(dir, "nodes.csv",
                "id:ID(Entity),:LABEL,name,aliases:string[],employees:long,revenue:double,public:boolean,"
                "founded:date,tags:string[],scores:double[],note:string\n"
                "acme,company,\"Acme \"\"Q\"\" Corp\",ACME;Corp\x1f" "Ac,120,1.5,true,1999-03,"
                "\"ACME;Corp\x1ftwo\nlines\x1fq\"\"uote\",1.0\x1fNaN\x1f-Infinity,\n"
                "gov,agency,,,-9,Infinity,,,,,\"line1\nline2, \"\"quoted\"\"\"\n");
    expect_file(dir, "relationships.csv",
                ":START_ID(Entity),:END_ID(Entity),:TYPE,id,directed:boolean,src:string[],amount:double,since:date\n"
                "acme,gov,supplies,r1,true,s1\x1fs;2,2.0,2025\n"
                "gov,acme,knows,r2,false,,,\n");
    expect_file(dir, "sources.csv", "id:ID(Source),:LABEL,title:string\ns1,Source,\"T, with a comma\"\n");
    erg_graph_free(g);
    unit_rmtree(work);
    free(work);
}
END_TEST

START_TEST(neo4j_refuses_delimiter) {
    char *work = unit_tmpdir(), dir[4400];
    snprintf(dir, sizeof dir, "%s/neo", work);
    erg_graph *g = tables_graph();
    ck_assert_int_eq(erg_export(g, "neo4j", dir), ERG_OK);
    erg_entity e;
    ck_assert_int_eq(erg_entity_by_id(g, "gov", &e), ERG_OK);
    erg_value bad[2] = {erg_str("fine"), erg_str("un\x1fit")};
    erg_value list = erg_listv(ERG_STRING, bad, 2);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_entity(e), "tags", &list), ERG_OK);
    ck_assert_int_eq(erg_export(g, "neo4j", dir), ERG_EINVAL);
    ck_assert_str_eq(erg_errmsg(g), "entity 'gov', attribute 'tags': a list element holds U+001F, the Neo4j array "
                                    "delimiter (Neo4j would split it)");
    /* the old set is untouched, nothing left beside it */
    char *l = unit_listing(work);
    ck_assert_str_eq(l, "neo\n");
    free(l);
    char p[4500];
    snprintf(p, sizeof p, "%s/nodes.csv", dir);
    char *s = unit_read(p);
    ck_assert_ptr_null(strstr(s, "fine"));
    free(s);
    /* in an alias, and in a type (a Neo4j label list) */
    ck_assert_int_eq(erg_attr_delete(g, erg_obj_entity(e), "tags"), ERG_OK);
    ck_assert_int_eq(erg_entity_add_alias(g, e, "al\x1fias"), ERG_OK);
    ck_assert_int_eq(erg_export(g, "neo4j", dir), ERG_EINVAL);
    ck_assert_str_eq(erg_errmsg(g), "entity 'gov', attribute 'aliases': a list element holds U+001F, the Neo4j "
                                    "array delimiter (Neo4j would split it)");
    ck_assert_int_eq(erg_entity_remove_alias(g, e, "al\x1fias"), ERG_OK);
    ck_assert_int_eq(erg_entity_set_type(g, e, "a\x1f" "b"), ERG_OK);
    ck_assert_int_eq(erg_export(g, "neo4j", dir), ERG_EINVAL);
    ck_assert_str_eq(erg_errmsg(g), "entity 'gov': its type holds U+001F, the Neo4j array delimiter (Neo4j would "
                                    "split the label)");
    /* GraphFrames escapes instead: erg's list text has no such limit */
    snprintf(p, sizeof p, "%s/gf", work);
    ck_assert_int_eq(erg_export(g, "graphframes", p), ERG_OK);
    erg_graph_free(g);
    unit_rmtree(work);
    free(work);
}
END_TEST

START_TEST(graphframes_exact) {
    char *work = unit_tmpdir(), dir[4400];
    snprintf(dir, sizeof dir, "%s/gf", work);
    erg_graph *g = tables_graph();
    erg_rel r;
    ck_assert_int_eq(erg_rel_by_id(g, "r2", &r), ERG_OK);
    erg_value dst = erg_str("taken");
    ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r), "dst", &dst), ERG_OK);
    ck_assert_int_eq(erg_export(g, "graphframes", dir), ERG_OK);
    char *l = unit_listing(dir);
    ck_assert_str_eq(l, "edges.csv\nedges.schema.json\nvertices.csv\nvertices.schema.json\n");
    free(l);
    expect_file(dir, "vertices.csv",
                "id,type,name,aliases,employees,revenue,public,founded,tags,scores,note\n"
                "acme,company,\"Acme \"\"Q\"\" Corp\",ACME\\;Corp;Ac,120,1.5,true,1999-03,"
                "\"ACME\\;Corp;two\nlines;q\"\"uote\",1.0;nan;-inf,\n"
                "gov,agency,,,-9,Infinity,,,,,\"line1\nline2, \"\"quoted\"\"\"\n");
    expect_file(dir, "edges.csv",
                "src,dst,relationship,id,directed,attr_src,amount,since,attr_dst\n"
                "acme,gov,supplies,r1,true,s1;s\\;2,2.0,2025,\n"
                "gov,acme,knows,r2,false,,,,taken\n");
    expect_file(dir, "vertices.schema.json",
                "{\"type\":\"struct\",\"fields\":[\n"
                "  {\"name\":\"id\",\"type\":\"string\",\"nullable\":false,\"metadata\":{}},\n"
                "  {\"name\":\"type\",\"type\":\"string\",\"nullable\":false,\"metadata\":{}},\n"
                "  {\"name\":\"name\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},\n"
                "  {\"name\":\"aliases\",\"type\":\"string\",\"nullable\":true,\"metadata\":{\"erg_type\":\"string[]\"}},\n"
                "  {\"name\":\"employees\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}},\n"
                "  {\"name\":\"revenue\",\"type\":\"double\",\"nullable\":true,\"metadata\":{}},\n"
                "  {\"name\":\"public\",\"type\":\"boolean\",\"nullable\":true,\"metadata\":{}},\n"
                "  {\"name\":\"founded\",\"type\":\"date\",\"nullable\":true,\"metadata\":{}},\n"
                "  {\"name\":\"tags\",\"type\":\"string\",\"nullable\":true,\"metadata\":{\"erg_type\":\"string[]\"}},\n"
                "  {\"name\":\"scores\",\"type\":\"string\",\"nullable\":true,\"metadata\":{\"erg_type\":\"float[]\"}},\n"
                "  {\"name\":\"note\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}\n"
                "]}\n");
    expect_file(dir, "edges.schema.json",
                "{\"type\":\"struct\",\"fields\":[\n"
                "  {\"name\":\"src\",\"type\":\"string\",\"nullable\":false,\"metadata\":{}},\n"
                "  {\"name\":\"dst\",\"type\":\"string\",\"nullable\":false,\"metadata\":{}},\n"
                "  {\"name\":\"relationship\",\"type\":\"string\",\"nullable\":false,\"metadata\":{}},\n"
                "  {\"name\":\"id\",\"type\":\"string\",\"nullable\":false,\"metadata\":{}},\n"
                "  {\"name\":\"directed\",\"type\":\"boolean\",\"nullable\":false,\"metadata\":{}},\n"
                "  {\"name\":\"attr_src\",\"type\":\"string\",\"nullable\":true,\"metadata\":{\"erg_type\":\"string[]\"}},\n"
                "  {\"name\":\"amount\",\"type\":\"double\",\"nullable\":true,\"metadata\":{}},\n"
                "  {\"name\":\"since\",\"type\":\"date\",\"nullable\":true,\"metadata\":{}},\n"
                "  {\"name\":\"attr_dst\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}}\n"
                "]}\n");
    erg_graph_free(g);
    unit_rmtree(work);
    free(work);
}
END_TEST

Suite *suite_tables(void) {
    Suite *s = suite_create("tables");
    TCase *tc = tcase_create("sets");
    tcase_add_test(tc, neo4j_exact);
    tcase_add_test(tc, neo4j_refuses_delimiter);
    tcase_add_test(tc, graphframes_exact);
    suite_add_tcase(s, tc);
    return s;
}
