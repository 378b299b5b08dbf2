/*
 * test_csv.c -- the CSV graph directory: every malformed case with its
 * exact "FILE:LINE:COL: reason" and the graph left as it was, positions
 * after multi-line fields, blank lines and CRLF, the value rules (null vs
 * "", spaces kept, list escapes, BOM), the source check, and round trips
 * (graph -> files -> graph equal, files -> graph -> files identical bytes).
 */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <sys/stat.h>

char *tg_dump(erg_graph *g); /* test_graph.c */

/* ---- helpers -------------------------------------------------------------- */
static void write_raw(const char *dir, const char *name, const char *s, size_t n) {
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", p);
    ck_assert_uint_eq(fwrite(s, 1, n, f), n);
    fclose(f);
}

/* A directory with the files given (NULL: absent). */
static char *gdir(const char *ents, const char *rels, const char *srcs) {
    char *dir = unit_tmpdir();
    if (ents) unit_write(dir, "entities.csv", ents);
    if (rels) unit_write(dir, "relationships.csv", rels);
    if (srcs) unit_write(dir, "sources.csv", srcs);
    return dir;
}

static void drop(char *dir) {
    unit_rmtree(dir);
    free(dir);
}

typedef struct diags {
    int n;
    char text[64][1100];
    char reason[64][700];
    char file[64][4200];
    unsigned long line[64], col[64];
    erg_severity sev[64];
} diags;

static void collect(void *ud, const erg_diag *d) {
    diags *ds = ud;
    if (ds->n < 64) {
        snprintf(ds->text[ds->n], sizeof ds->text[0], "%s", d->text);
        snprintf(ds->reason[ds->n], sizeof ds->reason[0], "%s", d->reason);
        snprintf(ds->file[ds->n], sizeof ds->file[0], "%s", d->file);
        ds->line[ds->n] = d->line;
        ds->col[ds->n] = d->col;
        ds->sev[ds->n] = d->severity;
    }
    ds->n++;
}

/* What every graph read in these tests already holds. */
static void base_graph(erg_graph *g) {
    erg_entity a, b;
    ck_assert_int_eq(erg_entity_add(g, "pre", "company", "Pre Existing", &a), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, "pre2", "person", NULL, &b), ERG_OK);
    ck_assert_int_eq(erg_entity_add_alias(g, a, "PE"), ERG_OK);
    erg_value v = erg_int(3);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_entity(a), "n", &v), ERG_OK);
    ck_assert_int_eq(erg_rel_add(g, NULL, a, b, "owns", true, NULL), ERG_OK);
}

static const char *const BASE_DUMP =
    "schema entity: n:int\n"
    "schema relationship:\n"
    "schema source:\n"
    "counts 2 1 0\n"
    "E pre type=company name=\"Pre Existing\" aliases=[\"PE\"] n=i:3 out=[r1] in=[] both=[r1] "
    "find(Pre Existing)=pre find(PE)=pre\n"
    "E pre2 type=person name=(none) aliases=[] out=[] in=[r1] both=[r1]\n"
    "R r1 pre->pre2 type=owns directed\n";

/* Reads dir into a graph holding the base graph; the read must fail with
 * ERG_EPARSE, the message "DIR/" + want, the same first diagnostic, and
 * leave the graph exactly as it was.  Returns the diagnostics (static). */
static diags *expect_fail(const char *dir, const char *want) {
    static diags ds;
    memset(&ds, 0, sizeof ds);
    erg_graph *g = erg_graph_new();
    base_graph(g);
    char *before = tg_dump(g);
    ck_assert_str_eq(before, BASE_DUMP);
    int rc = erg_csv_read(g, dir, collect, &ds);
    char msg[4400];
    snprintf(msg, sizeof msg, "%s/%s", dir, want);
    ck_assert_msg(rc == ERG_EPARSE, "rc %d: %s", rc, erg_errmsg(g));
    ck_assert_int_eq(erg_errcode(g), ERG_EPARSE);
    ck_assert_str_eq(erg_errmsg(g), msg);
    ck_assert_int_ge(ds.n, 1);
    ck_assert_str_eq(ds.text[0], msg);
    ck_assert_int_eq(ds.sev[0], ERG_ERROR);
    char *after = tg_dump(g);
    ck_assert_str_eq(after, before);
    free(before);
    free(after);
    /* the graph still works after the failed import */
    erg_entity e;
    ck_assert_int_eq(erg_entity_add(g, "later", "t", NULL, &e), ERG_OK);
    ck_assert_int_eq(erg_rel_add(g, NULL, e, e, "t", true, NULL), ERG_OK);
    erg_rel r;
    ck_assert_int_eq(erg_rel_by_id(g, "r2", &r), ERG_OK);
    erg_graph_free(g);
    return &ds;
}

/* One file, one problem: the message and nothing else. */
static void one_problem(const char *ents, const char *rels, const char *srcs, const char *want) {
    char *dir = gdir(ents, rels, srcs);
    diags *ds = expect_fail(dir, want);
    ck_assert_msg(ds->n == 1, "%d problems, second: %s", ds->n, ds->text[1]);
    drop(dir);
}

/* Reads dir into a fresh graph, which must succeed; returns the dump. */
static char *read_ok(const char *dir) {
    erg_graph *g = erg_graph_new();
    diags ds = {0};
    int rc = erg_csv_read(g, dir, collect, &ds);
    ck_assert_msg(rc == ERG_OK, "%s", erg_errmsg(g));
    ck_assert_int_eq(ds.n, 0);
    char *d = tg_dump(g);
    erg_graph_free(g);
    return d;
}

#define ENTS "id,type,name\n"

/* ---- malformed input, one case each --------------------------------------- */
START_TEST(unterminated_quote) {
    one_problem(ENTS "a,t,A\nb,t,\"open\nc,t,C\n", NULL, NULL,
                "entities.csv:3:3: unterminated quoted field (opened here, never closed)");
    /* the quote opened after an earlier, closed multi-line field */
    one_problem(ENTS "a,t,\"two\nlines\"\nb,\"t\nc,t,C", NULL, NULL,
                "entities.csv:4:2: unterminated quoted field (opened here, never closed)");
}
END_TEST

START_TEST(bad_quotes) {
    one_problem(ENTS "a,t,A\"B\n", NULL, NULL,
                "entities.csv:2:3: quote inside an unquoted field (quote the whole field and double the quote)");
    one_problem(ENTS "a,\"t\"x,A\n", NULL, NULL,
                "entities.csv:2:2: malformed quoted field (a quote inside quotes must be doubled, and a "
                "closing quote followed by a comma or a line end)");
    one_problem(ENTS "a,\"t\" ,A\n", NULL, NULL,
                "entities.csv:2:2: malformed quoted field (a quote inside quotes must be doubled, and a "
                "closing quote followed by a comma or a line end)");
}
END_TEST

START_TEST(wrong_field_count) {
    one_problem(ENTS "a,t\n", NULL, NULL, "entities.csv:2:3: wrong number of fields: expected 3, found 2");
    one_problem(ENTS "a,t,A,extra\n", NULL, NULL,
                "entities.csv:2:4: wrong number of fields: expected 3, found 4");
    one_problem(ENTS "a,t,A\n", "from,to,type\na,pre\n", NULL,
                "relationships.csv:2:3: wrong number of fields: expected 3, found 2");
    one_problem(ENTS, NULL, "id,title\ns1\n", "sources.csv:2:2: wrong number of fields: expected 2, found 1");
}
END_TEST

START_TEST(duplicate_entity_id) {
    one_problem(ENTS "a,t,A\nb,t,B\na,t,C\n", NULL, NULL, "entities.csv:4:1: duplicate entity id 'a'");
    /* a clash with an entity the graph already holds */
    one_problem("type,name,id\nt,X,pre\n", NULL, NULL, "entities.csv:2:3: duplicate entity id 'pre'");
    one_problem(ENTS "a,t,A\n", "id,from,to,type\nx,a,a,t\nx,a,pre,t\n", NULL,
                "relationships.csv:3:1: duplicate relationship id 'x'");
    one_problem(ENTS, NULL, "id\ns1\ns1\n", "sources.csv:3:1: duplicate source id 's1'");
}
END_TEST

START_TEST(unknown_entity) {
    one_problem(ENTS "a,t,A\n", "from,to,type\npre,zz,knows\n", NULL,
                "relationships.csv:2:2: relationship names unknown entity 'zz'");
    one_problem(ENTS "a,t,A\n", "from,to,type\nA,a,knows\n", NULL, /* a name is not an id */
                "relationships.csv:2:1: relationship names unknown entity 'A'");
    one_problem(ENTS "a,t,A\n", "type,to,from\nknows,a,\n", NULL,
                "relationships.csv:2:3: empty entity id in 'from'");
    one_problem(ENTS "a,t,A\n", "type,to,from\nknows,\"\",a\n", NULL,
                "relationships.csv:2:2: empty entity id in 'to'");
}
END_TEST

START_TEST(missing_required_column) {
    one_problem("id,type\na,t\n", NULL, NULL,
                "entities.csv:1:1: missing required column 'name' (entities.csv needs id,type,name)");
    one_problem("name,type,x\nA,t,1\n", NULL, NULL,
                "entities.csv:1:1: missing required column 'id' (entities.csv needs id,type,name)");
    one_problem(ENTS "a,t,A\n", "from,type\na,t\n", NULL,
                "relationships.csv:1:1: missing required column 'to' (relationships.csv needs from,to,type)");
    one_problem(ENTS, NULL, "title\nT\n", "sources.csv:1:1: missing required column 'id' (sources.csv needs id)");
}
END_TEST

