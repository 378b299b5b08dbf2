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
#define ENTS_X(cols) "id,type,name," cols "\n"

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

START_TEST(duplicate_column) {
    one_problem(ENTS_X("x,x:int") "a,t,A,1,2\n", NULL, NULL, "entities.csv:1:5: duplicate column 'x'");
    one_problem("id,type,name,id:string\na,t,A,b\n", NULL, NULL, "entities.csv:1:4: duplicate column 'id'");
    one_problem(ENTS "a,t,A\n", "from,to,type,from\na,a,t,a\n", NULL,
                "relationships.csv:1:4: duplicate column 'from'");
}
END_TEST

START_TEST(unknown_column_type) {
    one_problem(ENTS_X("n:integer") "a,t,A,1\n", NULL, NULL,
                "entities.csv:1:4: unknown column type 'integer' (types: string, int, float, bool, date, and T[] "
                "for lists)");
    one_problem(ENTS_X("n:int[][]") "a,t,A,1\n", NULL, NULL,
                "entities.csv:1:4: unknown column type 'int[][]' (types: string, int, float, bool, date, and T[] "
                "for lists)");
    one_problem(ENTS_X(":int") "a,t,A,1\n", NULL, NULL, "entities.csv:1:4: empty column name");
    one_problem("id:int,type,name\n1,t,A\n", NULL, NULL, "entities.csv:1:1: column 'id' must be of type string");
    one_problem(ENTS "a,t,A\n", "from,to,type,directed:int\na,a,t,1\n", NULL,
                "relationships.csv:1:4: column 'directed' must be of type bool");
    one_problem(ENTS_X("aliases:int[]") "a,t,A,1\n", NULL, NULL,
                "entities.csv:1:4: column 'aliases' must be of type string[]");
    /* a column whose type clashes with the graph's attribute of that name */
    one_problem(ENTS_X("n:string") "a,t,A,x\n", NULL, NULL,
                "entities.csv:1:4: entity attribute 'n' holds int values, not string");
}
END_TEST

START_TEST(bad_values) {
    one_problem(ENTS_X("n:int") "a,t,A,12a\n", NULL, NULL, "entities.csv:2:4: bad int '12a'");
    one_problem(ENTS_X("n:int") "a,t,A, 12\n", NULL, NULL, "entities.csv:2:4: bad int ' 12'");
    one_problem(ENTS_X("f:float") "a,t,A,1.2.3\n", NULL, NULL, "entities.csv:2:4: bad float '1.2.3'");
    one_problem(ENTS_X("f:float") "a,t,A,0x10\n", NULL, NULL, "entities.csv:2:4: bad float '0x10'");
    one_problem(ENTS_X("f:float") "a,t,A,Infinity\n", NULL, NULL, "entities.csv:2:4: bad float 'Infinity'");
    one_problem(ENTS_X("b:bool") "a,t,A,yes\n", NULL, NULL, "entities.csv:2:4: bad bool 'yes' (true or false)");
    one_problem(ENTS_X("d:date") "a,t,A,2025-02-30\n", NULL, NULL,
                "entities.csv:2:4: bad date '2025-02-30' (YYYY, YYYY-MM or YYYY-MM-DD)");
    one_problem(ENTS_X("d:date") "a,t,A,14/07/2025\n", NULL, NULL,
                "entities.csv:2:4: bad date '14/07/2025' (YYYY, YYYY-MM or YYYY-MM-DD)");
    one_problem(ENTS "a,t,A\n", "from,to,type,directed\na,a,t,maybe\n", NULL,
                "relationships.csv:2:4: bad bool 'maybe' (true or false)");
    one_problem(ENTS_X("n:int") "a,t,A,\"\"\n", NULL, NULL,
                "entities.csv:2:4: empty int value (leave the field empty and unquoted for no value)");
    one_problem(ENTS_X("ns:int[]") "a,t,A,1;x;3\n", NULL, NULL, "entities.csv:2:4: bad int in list element 2");
    one_problem(ENTS_X("ds:date[]") "a,t,A,2025;2025-13\n", NULL, NULL,
                "entities.csv:2:4: bad date in list element 2");
    one_problem(ENTS_X("ls:string[]") "a,t,A,a\\qb\n", NULL, NULL,
                "entities.csv:2:4: bad escape in list (use \\; for ';', \\\\ for '\\', \\e for an empty element)");
    one_problem(ENTS_X("ls:string[]") "a,t,A,ab\\\n", NULL, NULL,
                "entities.csv:2:4: bad escape in list (use \\; for ';', \\\\ for '\\', \\e for an empty element)");
    one_problem(ENTS "a,,A\n", NULL, NULL, "entities.csv:2:2: empty type");
    one_problem(ENTS "a,t,A\n", "from,to,type\na,a,\"\"\n", NULL, "relationships.csv:2:3: empty type");
}
END_TEST

START_TEST(int_overflow) {
    one_problem(ENTS_X("n:int") "a,t,A,9223372036854775808\n", NULL, NULL,
                "entities.csv:2:4: int out of range '9223372036854775808' (64-bit)");
    one_problem(ENTS_X("n:int") "a,t,A,-9223372036854775809\n", NULL, NULL,
                "entities.csv:2:4: int out of range '-9223372036854775809' (64-bit)");
    one_problem(ENTS_X("n:int") "a,t,A,99999999999999999999999\n", NULL, NULL,
                "entities.csv:2:4: int out of range '99999999999999999999999' (64-bit)");
    one_problem(ENTS_X("f:float") "a,t,A,1e999\n", NULL, NULL, "entities.csv:2:4: float out of range '1e999'");
    /* the extremes themselves are fine */
    char *dir = gdir(ENTS_X("n:int,m:int") "a,t,A,9223372036854775807,-9223372036854775808\n", NULL, NULL);
    char *d = read_ok(dir);
    ck_assert_str_eq(d, "schema entity: n:int m:int\nschema relationship:\nschema source:\ncounts 1 0 0\n"
                        "E a type=t name=\"A\" aliases=[] n=i:9223372036854775807 m=i:-9223372036854775808 "
                        "out=[] in=[] both=[] find(A)=a\n");
    free(d);
    drop(dir);
}
END_TEST

START_TEST(invalid_utf8) {
    one_problem(ENTS "a,t,ab\xc3(\n", NULL, NULL, "entities.csv:2:3: invalid UTF-8 (byte 3 of the field)");
    one_problem(ENTS "\xff,t,A\n", NULL, NULL, "entities.csv:2:1: invalid UTF-8 (byte 1 of the field)");
    one_problem(ENTS "a,t,\"x\n\xed\xa0\x80\"\n", NULL, NULL, /* a surrogate, in a multi-line field */
                "entities.csv:2:3: invalid UTF-8 (byte 3 of the field)");
    one_problem("id,type,name,caf\xe9\na,t,A,x\n", NULL, NULL,
                "entities.csv:1:4: invalid UTF-8 (byte 4 of the field)");
}
END_TEST

START_TEST(nul_byte) {
    static const char ents[] = "id,type,name\na,t,A\0B\n";
    char *dir = gdir(NULL, NULL, NULL);
    write_raw(dir, "entities.csv", ents, sizeof ents - 1);
    diags *ds = expect_fail(dir, "entities.csv:2:3: NUL byte in field");
    ck_assert_int_eq(ds->n, 1);
    static const char quoted[] = "id,type,name\na,\"t\0\",A\n";
    write_raw(dir, "entities.csv", quoted, sizeof quoted - 1);
    ds = expect_fail(dir, "entities.csv:2:2: NUL byte in field");
    ck_assert_int_eq(ds->n, 1);
    drop(dir);
}
END_TEST

START_TEST(empty_id) {
    one_problem(ENTS "\"\",t,A\n", NULL, NULL, "entities.csv:2:1: empty id");
    one_problem(ENTS ",t,A\n", NULL, NULL, "entities.csv:2:1: empty id");
    one_problem(ENTS "a,t,A\n", "from,to,type,id\na,a,t,\"\"\n", NULL, "relationships.csv:2:4: empty id");
    one_problem(ENTS, NULL, "id,title\n,T\n", "sources.csv:2:1: empty id");
}
END_TEST

START_TEST(empty_file) {
    one_problem("", NULL, NULL, "entities.csv:1:1: empty file (expected a header line: id,type,name)");
    one_problem("\n\r\n\n", NULL, NULL, "entities.csv:1:1: empty file (expected a header line: id,type,name)");
    one_problem("\xEF\xBB\xBF", NULL, NULL, "entities.csv:1:1: empty file (expected a header line: id,type,name)");
    one_problem(ENTS, "", NULL, "relationships.csv:1:1: empty file (expected a header line: from,to,type)");
    one_problem(ENTS, NULL, "", "sources.csv:1:1: empty file (expected a header line: id)");
}
END_TEST

START_TEST(not_a_graph_directory) {
    erg_graph *g = erg_graph_new();
    base_graph(g);
    char *dir = gdir(NULL, "from,to,type\n", NULL);
    diags ds = {0};
    char want[4400];
    ck_assert_int_eq(erg_csv_read(g, dir, collect, &ds), ERG_EIO);
    snprintf(want, sizeof want, "%s/entities.csv: no such file (a CSV graph directory needs entities.csv)", dir);
    ck_assert_str_eq(erg_errmsg(g), want);
    ck_assert_int_eq(ds.n, 1);
    ck_assert_str_eq(ds.text[0], want);
    /* a trailing slash does not double in the file name */
    char slashed[4200];
    snprintf(slashed, sizeof slashed, "%s//", dir);
    ck_assert_int_eq(erg_csv_read(g, slashed, NULL, NULL), ERG_EIO);
    ck_assert_str_eq(erg_errmsg(g), want);
    unit_write(dir, "entities.csv", "id\n");
    ck_assert_int_eq(erg_csv_read(g, slashed, NULL, NULL), ERG_EPARSE);
    snprintf(want, sizeof want, "%s/entities.csv:1:1: missing required column 'type' (entities.csv needs id,type,name)",
             dir);
    ck_assert_str_eq(erg_errmsg(g), want);
    /* a file, not a directory */
    snprintf(slashed, sizeof slashed, "%s/entities.csv", dir);
    ck_assert_int_eq(erg_csv_read(g, slashed, NULL, NULL), ERG_EIO);
    snprintf(want, sizeof want, "%s: not a directory (a CSV graph is a directory holding entities.csv)", slashed);
    ck_assert_str_eq(erg_errmsg(g), want);
    snprintf(slashed, sizeof slashed, "%s/nowhere", dir);
    ck_assert_int_eq(erg_csv_read(g, slashed, NULL, NULL), ERG_EIO);
    snprintf(want, sizeof want, "%s: No such file or directory", slashed);
    ck_assert_str_eq(erg_errmsg(g), want);
    char *d = tg_dump(g);
    ck_assert_str_eq(d, BASE_DUMP);
    free(d);
    erg_graph_free(g);
    drop(dir);
}
END_TEST

/* ---- many problems, and where they are ------------------------------------ */
START_TEST(every_problem_reported) {
    char *dir = gdir(ENTS_X("n:int,d:date")
                     "a,t,A,1,2025\n"
                     "b,t,B,x,2025\n"      /* line 3: bad int */
                     "c,t,C,3,2025-99\n"   /* line 4: bad date */
                     "a,t,A again,4,\n"    /* line 5: duplicate id (after other errors) */
                     "d,t\n"               /* line 6: too few fields */
                     "e,t,E,5,2025\n",
                     /* still read: zz is unknown; b's own row failed (not said again) */
                     "from,to,type\nzz,a,t\nb,a,t\na,e,t\n",
                     NULL);
    diags *ds = expect_fail(dir, "entities.csv:3:4: bad int 'x'");
    ck_assert_int_eq(ds->n, 5);
    char want[4400];
    snprintf(want, sizeof want, "%s/entities.csv:4:5: bad date '2025-99' (YYYY, YYYY-MM or YYYY-MM-DD)", dir);
    ck_assert_str_eq(ds->text[1], want);
    snprintf(want, sizeof want, "%s/entities.csv:5:1: duplicate entity id 'a'", dir);
    ck_assert_str_eq(ds->text[2], want);
    snprintf(want, sizeof want, "%s/entities.csv:6:3: wrong number of fields: expected 5, found 2", dir);
    ck_assert_str_eq(ds->text[3], want);
    snprintf(want, sizeof want, "%s/relationships.csv:2:1: relationship names unknown entity 'zz'", dir);
    ck_assert_str_eq(ds->text[4], want);
    /* the parts of a diagnostic */
    snprintf(want, sizeof want, "%s/entities.csv", dir);
    ck_assert_str_eq(ds->file[1], want);
    ck_assert_uint_eq(ds->line[1], 4);
    ck_assert_uint_eq(ds->col[1], 5);
    ck_assert_str_eq(ds->reason[1], "bad date '2025-99' (YYYY, YYYY-MM or YYYY-MM-DD)");
    for (int i = 0; i < 4; i++) ck_assert_int_eq(ds->sev[i], ERG_ERROR);
    drop(dir);

    /* no cap: a hundred bad rows give a hundred problems */
    char *big = malloc(100 * 16 + 64);
    strcpy(big, ENTS_X("n:int"));
    for (int i = 0; i < 100; i++) sprintf(big + strlen(big), "e%d,t,E,x%d\n", i, i);
    dir = gdir(big, NULL, NULL);
    erg_graph *g = erg_graph_new();
    diags many = {0};
    ck_assert_int_eq(erg_csv_read(g, dir, collect, &many), ERG_EPARSE);
    ck_assert_int_eq(many.n, 100);
    snprintf(want, sizeof want, "%s/entities.csv:2:4: bad int 'x0'", dir);
    ck_assert_str_eq(erg_errmsg(g), want);
    snprintf(want, sizeof want, "%s/entities.csv:11:4: bad int 'x9'", dir);
    ck_assert_str_eq(many.text[9], want);
    ck_assert_uint_eq(erg_entity_count(g), 0);
    erg_graph_free(g);
    free(big);
    drop(dir);

    /* problems in two rows of relationships.csv, after a good entities.csv */
    dir = gdir(ENTS "a,t,A\n", "from,to,type,w:float\na,b,t,1\na,a,t,x\na,a,t,2\n", NULL);
    ds = expect_fail(dir, "relationships.csv:2:2: relationship names unknown entity 'b'");
    ck_assert_int_eq(ds->n, 2);
    snprintf(want, sizeof want, "%s/relationships.csv:3:4: bad float 'x'", dir);
    ck_assert_str_eq(ds->text[1], want);
    drop(dir);
}
END_TEST

/* Every problem of a row, in every file, once: a row with two bad fields
 * shows both; the rows naming a source or an entity whose own row failed
 * are skipped without a second report; a file with a bad header makes the
 * next file's references to it quiet. */
START_TEST(every_file_every_field) {
    char *dir = gdir(ENTS_X("n:int,d:date,source:string[]")
                     "a,t,A,x,2025-99,s1\n"   /* line 2: two bad fields */
                     "b,t,B,1,2025,s2\n"      /* line 3: s2's row failed: quiet */
                     "c,t,C,1,2025,s3\n"      /* line 4: s3 is unknown */
                     "b,t,B,2,2025,s1\n",     /* line 5: duplicate of a failed row */
                     "from,to,type,w:float\n"
                     "a,c,t,1\n"              /* a failed: quiet */
                     "c,b,t,zz\n"             /* b failed, but zz is a bad float */
                     "c,c,t,1\n",
                     "id,date:date\ns1,2025\ns2,20x6\n");
    diags *ds = expect_fail(dir, "sources.csv:3:2: bad date '20x6' (YYYY, YYYY-MM or YYYY-MM-DD)");
    const char *want[] = {
        "sources.csv:3:2: bad date '20x6' (YYYY, YYYY-MM or YYYY-MM-DD)",
        "entities.csv:2:4: bad int 'x'",
        "entities.csv:2:5: bad date '2025-99' (YYYY, YYYY-MM or YYYY-MM-DD)",
        "entities.csv:4:6: source 's3' is not in sources.csv",
        "entities.csv:5:1: duplicate entity id 'b'",
        "relationships.csv:3:4: bad float 'zz'",
    };
    ck_assert_int_eq(ds->n, 6);
    for (int i = 0; i < 6; i++) {
        char full[4400];
        snprintf(full, sizeof full, "%s/%s", dir, want[i]);
        ck_assert_str_eq(ds->text[i], full);
    }
    drop(dir);
    /* a bad header: every id of that file counts as failed */
    dir = gdir("id,type,name,n:nosuch\na,t,A,1\n", "from,to,type\na,b,t\n", NULL);
    ds = expect_fail(dir, "entities.csv:1:4: unknown column type 'nosuch' (types: string, int, float, bool, date, "
                          "and T[] for lists)");
    ck_assert_int_eq(ds->n, 1);
    drop(dir);
}
END_TEST

START_TEST(positions_after_multiline_blank_crlf) {
    const char *ents = "id,type,name,n:int\r\n"       /* 1 */
                       "\r\n"                         /* 2 */
                       "a,t,\"multi\r\nline\r\nname\",1\r\n" /* 3-5 */
                       "\r\n"                         /* 6 */
                       "\n"                           /* 7 */
                       "b,t,\"x\",oops\r\n"           /* 8 */
                       "c,t,\"two\nlines\",bad\n"     /* 9-10: the bad field is on 10 */
                       "\"d\nd\",t\n"                 /* 11-12: the record starts on 11 */
                       "e,t,E,\"5\"\r\n"              /* 13 */
                       "f,t,F,1";                     /* 14, no final newline: fine */
    char *dir = gdir(ents, NULL, NULL);
    diags *ds = expect_fail(dir, "entities.csv:8:4: bad int 'oops'");
    ck_assert_int_eq(ds->n, 3);
    char want[4400];
    snprintf(want, sizeof want, "%s/entities.csv:10:4: bad int 'bad'", dir);
    ck_assert_str_eq(ds->text[1], want);
    snprintf(want, sizeof want, "%s/entities.csv:11:3: wrong number of fields: expected 4, found 2", dir);
    ck_assert_str_eq(ds->text[2], want);
    drop(dir);
    /* the same layout without the errors reads, keeping CRLF inside quotes */
    dir = gdir("id,type,name,n:int\r\n\r\na,t,\"multi\r\nline\r\nname\",1\r\n\r\n\nf,t,F,1", NULL, NULL);
    char *d = read_ok(dir);
    ck_assert_str_eq(d, "schema entity: n:int\nschema relationship:\nschema source:\ncounts 2 0 0\n"
                        "E a type=t name=\"multi\r\nline\r\nname\" aliases=[] n=i:1 out=[] in=[] both=[] "
                        "find(multi\r\nline\r\nname)=a\n"
                        "E f type=t name=\"F\" aliases=[] n=i:1 out=[] in=[] both=[] find(F)=f\n");
    free(d);
    drop(dir);
    /* an error after a long multi-line field further down */
    char *text = malloc(20000);
    strcpy(text, ENTS "a,t,\"");
    for (int i = 0; i < 1000; i++) strcat(text, "line\n");
    strcat(text, "\"\nb,t\n");
    dir = gdir(text, NULL, NULL);
    expect_fail(dir, "entities.csv:1003:3: wrong number of fields: expected 3, found 2");
    free(text);
    drop(dir);
}
END_TEST

/* ---- values ----------------------------------------------------------------- */
START_TEST(bom_stripped) {
    char *dir = gdir("\xEF\xBB\xBFid,type,name\na,t,A\n", "\xEF\xBB\xBF" "from,to,type\na,a,t\n",
                     "\xEF\xBB\xBFid\ns\n");
    char *d = read_ok(dir);
    ck_assert_str_eq(d, "schema entity:\nschema relationship:\nschema source:\ncounts 1 1 1\n"
                        "E a type=t name=\"A\" aliases=[] out=[r1] in=[r1] both=[r1] find(A)=a\n"
                        "R r1 a->a type=t directed\n"
                        "S s\n");
    free(d);
    drop(dir);
    /* only at the very start: elsewhere it is data */
    dir = gdir(ENTS "a,t,\xEF\xBB\xBFX\n", NULL, NULL);
    d = read_ok(dir);
    ck_assert_ptr_nonnull(strstr(d, "name=\"\xEF\xBB\xBFX\""));
    free(d);
    drop(dir);
}
END_TEST

START_TEST(null_and_empty) {
    char *dir = gdir("id,type,name,s,l:string[],n:int,li:int[]\n"
                     "a,t,,,,,\n"
                     "b,t,\"\",\"\",\"\",,\"\"\n"
                     "c,t,C,x,\\e,1,\n",
                     NULL, NULL);
    char *d = read_ok(dir);
    ck_assert_str_eq(d, "schema entity: s:string l:list<string> n:int li:list<int>\n"
                        "schema relationship:\nschema source:\ncounts 3 0 0\n"
                        "E a type=t name=(none) aliases=[] out=[] in=[] both=[]\n"
                        "E b type=t name=\"\" aliases=[] s=s0:\"\" l=string[] li=int[] out=[] in=[] both=[] "
                        "find()=b\n"
                        "E c type=t name=\"C\" aliases=[] s=s1:\"x\" l=string[s0:\"\"] n=i:1 out=[] in=[] both=[] "
                        "find(C)=c\n");
    free(d);
    drop(dir);
}
END_TEST

START_TEST(spaces_kept) {
    char *dir = gdir(" id,type,name\n", NULL, NULL);
    expect_fail(dir, "entities.csv:1:1: missing required column 'id' (entities.csv needs id,type,name)");
    drop(dir);
    dir = gdir("id,type,name,note, padded \n"
               " a ,t, Name with spaces ,  two  ,\t tab\t\n",
               "from,to,type\n a ,\" a \",t \n", NULL);
    char *d = read_ok(dir);
    ck_assert_str_eq(d, "schema entity: note:string  padded :string\n"
                        "schema relationship:\nschema source:\ncounts 1 1 0\n"
                        "E  a  type=t name=\" Name with spaces \" aliases=[] note=s7:\"  two  \" "
                        " padded =s6:\"\\x09 tab\\x09\" out=[r1] in=[r1] both=[r1] find( Name with spaces )= a \n"
                        "R r1  a -> a  type=t  directed\n");
    free(d);
    drop(dir);
}
END_TEST

START_TEST(list_escapes) {
    char *dir = gdir("id,type,name,aliases,l:string[]\n"
                     "a,t,A,ICE;I\\;C\\;E;back\\\\slash,x\\;y;z\\\\w;;\\e;end\n"
                     "b,t,B,,\\\\e\n"
                     "c,t,C,\"\",\";\"\n",
                     NULL, NULL);
    char *d = read_ok(dir);
    ck_assert_str_eq(d, "schema entity: l:list<string>\nschema relationship:\nschema source:\ncounts 3 0 0\n"
                        "E a type=t name=\"A\" aliases=[\"ICE\",\"I;C;E\",\"back\\slash\"] "
                        "l=string[s3:\"x;y\",s3:\"z\\x5cw\",s0:\"\",s0:\"\",s3:\"end\"] out=[] in=[] both=[] "
                        "find(A)=a find(ICE)=a find(I;C;E)=a find(back\\slash)=a\n"
                        "E b type=t name=\"B\" aliases=[] l=string[s2:\"\\x5ce\"] out=[] in=[] both=[] find(B)=b\n"
                        "E c type=t name=\"C\" aliases=[] l=string[s0:\"\",s0:\"\"] out=[] in=[] both=[] "
                        "find(C)=c\n");
    free(d);
    drop(dir);
    /* every element type */
    dir = gdir("id,type,name,i:int[],f:float[],b:bool[],d:date[]\n"
               "a,t,A,1;-2;+3,1.5;nan;-inf;2,true;FALSE,2025;2025-07;2025-07-14\n",
               NULL, NULL);
    d = read_ok(dir);
    ck_assert_str_eq(d, "schema entity: i:list<int> f:list<float> b:list<bool> d:list<date>\n"
                        "schema relationship:\nschema source:\ncounts 1 0 0\n"
                        "E a type=t name=\"A\" aliases=[] i=int[i:1,i:-2,i:3] f=float[f:0x1.8p+0,f:nan,f:-inf,f:0x1p+1] "
                        "b=bool[b:true,b:false] d=date[d:2025-00-00,d:2025-07-00,d:2025-07-14] out=[] in=[] both=[] "
                        "find(A)=a\n");
    free(d);
    drop(dir);
}
END_TEST

START_TEST(source_checked) {
    const char *ents = ENTS_X("source:string[]") "a,t,A,s1;s2\nb,t,B,s9\nc,t,C,\n";
    /* sources.csv present: every cited id must be in it */
    one_problem(ents, NULL, "id\ns1\ns2\n", "entities.csv:3:4: source 's9' is not in sources.csv");
    one_problem(ENTS "a,t,A\n", "from,to,type,source\na,a,t,s1\na,a,t,nope\n", "id\ns1\n",
                "relationships.csv:3:4: source 'nope' is not in sources.csv");
    /* ... even when it has no rows */
    char *dir = gdir(ents, NULL, "id,title\n");
    diags *ds = expect_fail(dir, "entities.csv:2:4: source 's1' is not in sources.csv");
    ck_assert_int_eq(ds->n, 3); /* every element of a list is checked */
    ck_assert_str_eq(ds->reason[1], "source 's2' is not in sources.csv");
    ck_assert_str_eq(ds->reason[2], "source 's9' is not in sources.csv");
    drop(dir);
    /* without sources.csv nothing is checked */
    dir = gdir(ents, NULL, NULL);
    char *d = read_ok(dir);
    ck_assert_ptr_nonnull(strstr(d, "source=string[s2:\"s9\"]"));
    free(d);
    drop(dir);
    /* a "source" column of another type is just an attribute */
    dir = gdir(ENTS_X("source:int") "a,t,A,7\n", NULL, "id\ns1\n");
    d = read_ok(dir);
    ck_assert_ptr_nonnull(strstr(d, "source=i:7"));
    free(d);
    drop(dir);
}
END_TEST

START_TEST(read_into_existing_graph) {
    char *dir = gdir(ENTS_X("n:int") "a,t,Pre Existing,4\n", "from,to,type\na,pre,t\na,pre2,t\n", NULL);
    erg_graph *g = erg_graph_new();
    base_graph(g);
    ck_assert_int_eq(erg_csv_read(g, dir, NULL, NULL), ERG_OK);
    char *d = tg_dump(g);
    /* r1 is taken: the generated ids go on from r2 */
    ck_assert_str_eq(d, "schema entity: n:int\nschema relationship:\nschema source:\ncounts 3 3 0\n"
                        "E pre type=company name=\"Pre Existing\" aliases=[\"PE\"] n=i:3 out=[r1] in=[r2] "
                        "both=[r1,r2] find(Pre Existing)=ambiguous name find(PE)=pre\n"
                        "E pre2 type=person name=(none) aliases=[] out=[] in=[r1,r3] both=[r1,r3]\n"
                        "E a type=t name=\"Pre Existing\" aliases=[] n=i:4 out=[r2,r3] in=[] both=[r2,r3] "
                        "find(Pre Existing)=ambiguous name\n"
                        "R r1 pre->pre2 type=owns directed\n"
                        "R r2 a->pre type=t directed\n"
                        "R r3 a->pre2 type=t directed\n");
    free(d);
    /* the same again clashes */
    diags ds = {0};
    ck_assert_int_eq(erg_csv_read(g, dir, collect, &ds), ERG_EPARSE);
    char want[4400];
    snprintf(want, sizeof want, "%s/entities.csv:2:1: duplicate entity id 'a'", dir);
    ck_assert_str_eq(erg_errmsg(g), want);
    ck_assert_int_eq(ds.n, 1);
    ck_assert_uint_eq(erg_entity_count(g), 3);
    erg_graph_free(g);
    drop(dir);
}
END_TEST

/* ---- writing ------------------------------------------------------------------ */
static char *file_in(const char *dir, const char *name) {
    char p[4400];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return unit_read(p);
}

START_TEST(export_exact_bytes) {
    erg_graph *g = erg_graph_new();
    erg_entity ice, dhs, gone;
    ck_assert_int_eq(erg_entity_add(g, "ice", "government_body", "ICE", &ice), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, "gone", "t", NULL, &gone), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, "dhs", "government_body", "DHS", &dhs), ERG_OK);
    ck_assert_int_eq(erg_entity_add_alias(g, ice, "Immigration and Customs Enforcement"), ERG_OK);
    ck_assert_int_eq(erg_entity_add_alias(g, ice, "I.C.E"), ERG_OK);
    erg_value v = erg_int(20000);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_entity(ice), "employees", &v), ERG_OK);
    v = erg_float(9.5);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_entity(ice), "budget", &v), ERG_OK);
    erg_date founded = {2003, 3, 1}, pub = {2025, 7, 0};
    v = erg_datev(founded);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_entity(ice), "founded", &v), ERG_OK);
    ck_assert_int_eq(erg_rel_add(g, "dhs-oversees-ice", dhs, ice, "oversees", true, NULL), ERG_OK);
    ck_assert_int_eq(erg_rel_add(g, NULL, gone, ice, "x", true, NULL), ERG_OK); /* r1, then gone */
    erg_rel p;
    ck_assert_int_eq(erg_rel_add(g, NULL, ice, dhs, "partner", false, &p), ERG_OK);
    ck_assert_str_eq(erg_rel_id(g, p), "r2");
    ck_assert_int_eq(erg_entity_delete(g, gone), ERG_OK);
    erg_rel over;
    ck_assert_int_eq(erg_rel_by_id(g, "dhs-oversees-ice", &over), ERG_OK);
    v = erg_str("s1");
    ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(over), "source", &v), ERG_OK);
    erg_source s;
    ck_assert_int_eq(erg_source_add(g, "s1", &s), ERG_OK);
    v = erg_str("A, \"quoted\" title");
    ck_assert_int_eq(erg_attr_set(g, erg_obj_source(s), "title", &v), ERG_OK);
    v = erg_datev(pub);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_source(s), "date", &v), ERG_OK);

    char *work = unit_tmpdir(), out[4200];
    snprintf(out, sizeof out, "%s/g", work);
    ck_assert_int_eq(erg_csv_write(g, out), ERG_OK);
    char *e = file_in(out, "entities.csv"), *r = file_in(out, "relationships.csv"), *so = file_in(out, "sources.csv");
    ck_assert_str_eq(e, "id,type,name,aliases:string[],employees:int,budget:float,founded:date\n"
                        "ice,government_body,ICE,Immigration and Customs Enforcement;I.C.E,20000,9.5,2003-03-01\n"
                        "dhs,government_body,DHS,,,,\n");
    ck_assert_str_eq(r, "id,from,to,type,directed:bool,source\n"
                        "dhs-oversees-ice,dhs,ice,oversees,true,s1\n"
                        "r2,ice,dhs,partner,false,\n");
    ck_assert_str_eq(so, "id,title,date:date\n"
                         "s1,\"A, \"\"quoted\"\" title\",2025-07\n");
    free(e);
    free(r);
    free(so);
    /* no sources, no undirected relationships, no aliases: the short headers, no sources.csv */
    erg_graph *h = erg_graph_new();
    erg_entity a;
    ck_assert_int_eq(erg_entity_add(h, "a", "t", NULL, &a), ERG_OK);
    ck_assert_int_eq(erg_rel_add(h, NULL, a, a, "t", true, NULL), ERG_OK);
    ck_assert_int_eq(erg_csv_write(h, out), ERG_OK);
    e = file_in(out, "entities.csv");
    r = file_in(out, "relationships.csv");
    ck_assert_str_eq(e, "id,type,name\na,t,\n");
    ck_assert_str_eq(r, "id,from,to,type\nr1,a,a,t\n");
    ck_assert_ptr_null(file_in(out, "sources.csv"));
    free(e);
    free(r);
    erg_graph_free(h);
    erg_graph_free(g);
    unit_rmtree(work);
    free(work);
}
END_TEST

/* A graph with every kind of value that could trip a writer or a reader. */
static erg_graph *every_type_graph(void) {
    erg_graph *g = erg_graph_new();
    erg_entity a, b, c, d, x;
    ck_assert_int_eq(erg_entity_add(g, "a", "company", "Acme, \"the\" firm", &a), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, "x", "t", "deleted", &x), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, " b ", "person", " padded name ", &b), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, "c;\\id,\"q\"\nnl", "órgão", "Ελλάδα 🇬🇷 état", &c), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, "d", "t", "", &d), ERG_OK); /* an empty name, not none */
    ck_assert_int_eq(erg_entity_add(g, "e", "t", NULL, NULL), ERG_OK); /* no attributes at all */
    ck_assert_int_eq(erg_entity_add_alias(g, a, "ACME;Inc"), ERG_OK);
    ck_assert_int_eq(erg_entity_add_alias(g, a, "back\\slash"), ERG_OK);
    ck_assert_int_eq(erg_entity_add_alias(g, a, " lead"), ERG_OK);
    ck_assert_int_eq(erg_entity_add_alias(g, a, "\\e"), ERG_OK);
    ck_assert_int_eq(erg_entity_add_alias(g, c, "line\nbreak"), ERG_OK);
    erg_obj oa = erg_obj_entity(a), ob = erg_obj_entity(b), oc = erg_obj_entity(c), od = erg_obj_entity(d);
    erg_value v;
#define SET(o, name, val)                                                              \
    do {                                                                               \
        v = (val);                                                                     \
        ck_assert_msg(erg_attr_set(g, o, name, &v) == ERG_OK, "%s", erg_errmsg(g));   \
    } while (0)
#define LIST(elem, ...) erg_listv(elem, (erg_value[]){__VA_ARGS__}, sizeof((erg_value[]){__VA_ARGS__}) / sizeof(erg_value))
    erg_date y = {2025, 0, 0}, ym = {2025, 7, 0}, ymd = {2025, 7, 14}, early = {1, 1, 1}, zero = {0, 0, 0};
    SET(oa, "s", erg_str("plain"));
    SET(ob, "s", erg_strn("", 0));
    SET(oc, "s", erg_str(" lead, \"quote\"\r\nCRLF\ttab trail "));
    SET(od, "s", erg_str("\\e;\\;"));
    SET(oa, "i", erg_int(INT64_MIN));
    SET(ob, "i", erg_int(INT64_MAX));
    SET(oc, "i", erg_int(0));
    SET(od, "i", erg_int(-1));
    SET(oa, "f", erg_float(NAN));
    SET(ob, "f", erg_float(INFINITY));
    SET(oc, "f", erg_float(-INFINITY));
    SET(od, "f", erg_float(-0.0));
    SET(oa, "f2", erg_float(0.1));
    SET(ob, "f2", erg_float(1e300));
    SET(oc, "f2", erg_float(5e-324));
    SET(od, "f2", erg_float(123456789.123456789));
    SET(oa, "f3", erg_float(1e21));
    SET(ob, "f3", erg_float(400));
    SET(oc, "f3", erg_int(-7)); /* converted */
    SET(od, "f3", erg_float(2.0 / 3.0));
    SET(oa, "bl", erg_bool(true));
    SET(ob, "bl", erg_bool(false));
    SET(oa, "dt", erg_datev(y));
    SET(ob, "dt", erg_datev(ym));
    SET(oc, "dt", erg_datev(ymd));
    SET(od, "dt", erg_datev(early));
    SET(oa, "ls", LIST(ERG_STRING, erg_str("a;b"), erg_str("c\\d"), erg_strn("", 0), erg_str(" sp "),
                       erg_str("\\e"), erg_str("Ελλάδα"), erg_str("comma,quote\""), erg_str("nl\nx")));
    SET(ob, "ls", LIST(ERG_STRING, erg_strn("", 0)));
    SET(oc, "ls", erg_listv(ERG_STRING, NULL, 0));
    SET(od, "ls", LIST(ERG_STRING, erg_str(";")));
    SET(oa, "li", LIST(ERG_INT, erg_int(INT64_MIN), erg_int(INT64_MAX), erg_int(0)));
    SET(ob, "li", erg_listv(ERG_INT, NULL, 0));
    SET(oa, "lf", LIST(ERG_FLOAT, erg_float(NAN), erg_float(INFINITY), erg_float(-INFINITY), erg_float(-0.0),
                       erg_float(0.5)));
    SET(ob, "lf", LIST(ERG_INT, erg_int(1))); /* converted */
    SET(oa, "lb", LIST(ERG_BOOL, erg_bool(true), erg_bool(false)));
    SET(oa, "ld", LIST(ERG_DATE, erg_datev(y), erg_datev(ym), erg_datev(ymd), erg_datev(zero)));
    SET(oa, "source", LIST(ERG_STRING, erg_str("s1"), erg_str("s2")));
    SET(oc, "source", LIST(ERG_STRING, erg_str("s1")));
    SET(oa, "weird:name", erg_str("colon"));
    SET(ob, " spaced ", erg_str("x"));
    SET(oc, "comma,name", erg_int(5));
    SET(od, "日本", erg_str("語"));
    ck_assert_int_eq(erg_schema_declare(g, ERG_KIND_ENTITY, "unused", ERG_DATE, ERG_NULL), ERG_OK);
    ck_assert_int_eq(erg_schema_declare(g, ERG_KIND_REL, "unused_list", ERG_LIST, ERG_BOOL), ERG_OK);

    erg_rel r, gone;
    ck_assert_int_eq(erg_rel_add(g, "r-x", a, b, "uses", true, &r), ERG_OK);
    SET(erg_obj_rel(r), "amount", erg_float(1.5));
    SET(erg_obj_rel(r), "source", erg_str("s1"));
    SET(erg_obj_rel(r), "name", erg_str("a relationship attribute called name"));
    ck_assert_int_eq(erg_rel_add(g, NULL, a, c, "partner", false, &r), ERG_OK); /* r1 */
    SET(erg_obj_rel(r), "amount", erg_int(2));
    ck_assert_int_eq(erg_rel_add(g, NULL, c, c, "cites", true, NULL), ERG_OK); /* r2 */
    ck_assert_int_eq(erg_rel_add(g, NULL, x, a, "to_deleted", true, NULL), ERG_OK); /* r3, goes with x */
    ck_assert_int_eq(erg_rel_add(g, "r5", b, a, "knows", false, NULL), ERG_OK);
    ck_assert_int_eq(erg_rel_add(g, "gone", a, b, "uses", true, &gone), ERG_OK);
    ck_assert_int_eq(erg_rel_add(g, NULL, a, b, "uses", true, NULL), ERG_OK); /* r4: parallel */
    ck_assert_int_eq(erg_rel_add(g, NULL, d, a, "t", true, NULL), ERG_OK);    /* r6 */
    ck_assert_int_eq(erg_rel_delete(g, gone), ERG_OK);
    ck_assert_int_eq(erg_entity_delete(g, x), ERG_OK);

    erg_source s1, s2, s3, s4;
    ck_assert_int_eq(erg_source_add(g, "s1", &s1), ERG_OK);
    ck_assert_int_eq(erg_source_add(g, "s4", &s4), ERG_OK);
    ck_assert_int_eq(erg_source_add(g, "s2", &s2), ERG_OK);
    ck_assert_int_eq(erg_source_add(g, "s3", &s3), ERG_OK);
    SET(erg_obj_source(s1), "title", erg_str("Report, \"quoted\"\nsecond line"));
    SET(erg_obj_source(s1), "url", erg_str("https://example.org/a?b=c,d"));
    SET(erg_obj_source(s2), "date", erg_datev(ymd));
    SET(erg_obj_source(s2), "paywalled", erg_bool(true));
    ck_assert_int_eq(erg_source_delete(g, s4), ERG_OK);
#undef SET
#undef LIST
    return g;
}

static char *files_of(const char *dir) {
    static const char *const names[] = {"entities.csv", "relationships.csv", "sources.csv"};
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    for (int i = 0; i < 3; i++) {
        char *s = file_in(dir, names[i]);
        fprintf(f, "== %s\n%s", names[i], s ? s : "(absent)\n");
        free(s);
    }
    fclose(f);
    return out;
}

START_TEST(round_trip_every_type) {
    erg_graph *g = every_type_graph();
    char *want = tg_dump(g);
    /* the dump shows what is being compared: every value with its type */
    ck_assert_ptr_nonnull(strstr(want, "i=i:-9223372036854775808 f=f:nan f2=f:0x1.999999999999ap-4 f3=f:0x1.b1ae4d6e2ef5p+69"));
    ck_assert_ptr_nonnull(strstr(want, "f=f:-0x0p+0 f2=f:0x1.d6f34547e6b75p+26"));
    ck_assert_ptr_nonnull(strstr(want, "f2=f:0x0.0000000000001p-1022 f3=f:-0x1.cp+2"));
    ck_assert_ptr_nonnull(strstr(want, "lf=float[f:0x1p+0]"));
    char *work = unit_tmpdir(), out1[4200], out2[4200];
    snprintf(out1, sizeof out1, "%s/one", work);
    snprintf(out2, sizeof out2, "%s/two", work);
    ck_assert_msg(erg_csv_write(g, out1) == ERG_OK, "%s", erg_errmsg(g));

    erg_graph *g2 = erg_graph_new();
    diags ds = {0};
    ck_assert_msg(erg_csv_read(g2, out1, collect, &ds) == ERG_OK, "%s", erg_errmsg(g2));
    ck_assert_int_eq(ds.n, 0);
    char *got = tg_dump(g2);
    ck_assert_str_eq(got, want);
    /* and value by value, through erg_value_equal */
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < erg_schema_count(g, (erg_kind)k); i++) {
            erg_type e1 = ERG_NULL, e2 = ERG_NULL;
            ck_assert_str_eq(erg_schema_name(g, (erg_kind)k, i), erg_schema_name(g2, (erg_kind)k, i));
            ck_assert_int_eq(erg_schema_type(g, (erg_kind)k, i, &e1), erg_schema_type(g2, (erg_kind)k, i, &e2));
            ck_assert_int_eq(e1, e2);
        }
    erg_iter it = erg_entities(g, NULL);
    erg_entity e;
    int compared = 0;
    while (erg_entity_next(g, &it, &e)) {
        erg_entity e2;
        ck_assert_int_eq(erg_entity_by_id(g2, erg_entity_id(g, e), &e2), ERG_OK);
        for (size_t i = 0; i < erg_schema_count(g, ERG_KIND_ENTITY); i++) {
            erg_value v1, v2;
            ck_assert_int_eq(erg_attr_get_at(g, erg_obj_entity(e), i, &v1), ERG_OK);
            ck_assert_int_eq(erg_attr_get_at(g2, erg_obj_entity(e2), i, &v2), ERG_OK);
            ck_assert_msg(erg_value_equal(&v1, &v2), "%s.%s", erg_entity_id(g, e),
                          erg_schema_name(g, ERG_KIND_ENTITY, i));
            compared += v1.type != ERG_NULL;
        }
    }
    ck_assert_int_eq(compared, 42);

    ck_assert_msg(erg_csv_write(g2, out2) == ERG_OK, "%s", erg_errmsg(g2));
    char *f1 = files_of(out1), *f2 = files_of(out2);
    ck_assert_str_eq(f2, f1);
    /* a few lines of it, to see the forms chosen */
    ck_assert_msg(strstr(f1, "\na,company,\"Acme, \"\"the\"\" firm\",ACME\\;Inc;back\\\\slash; lead;\\\\e,"
                                     "plain,-9223372036854775808,nan,0.1,1e+21,true,2025,"
                                     "\"a\\;b;c\\\\d;; sp ;\\\\e;Ελλάδα;comma,quote\"\";nl\nx\","), "%s", f1);
    ck_assert_msg(strstr(f1, "\" b \",person,\" padded name \",,\"\",9223372036854775807,inf,1e+300,400.0,"
                                     "false,2025-07,\\e,\"\",1.0,"), "%s", f1);
    ck_assert_msg(strstr(f1, "\nd,t,\"\",,\\e;\\;,-1,-0.0,123456789.12345679,0.6666666666666666,,"
                                     "0001-01-01,\\;,"), "%s", f1);
    ck_assert_msg(strstr(f1, "== relationships.csv\nid,from,to,type,directed:bool,unused_list:bool[],amount:float,"
                                     "source,name\nr-x,a,\" b \",uses,true,,1.5,s1,a relationship attribute called name\n"
                                     "r1,a,\"c;\\id,\"\"q\"\"\nnl\",partner,false,,2.0,,\n"), "%s", f1);
    ck_assert_msg(strstr(f1, "== sources.csv\nid,title,url,date:date,paywalled:bool\n"
                                     "s1,\"Report, \"\"quoted\"\"\nsecond line\",\"https://example.org/a?b=c,d\",,\n"
                                     "s2,,,2025-07-14,true\ns3,,,,\n"), "%s", f1);
    /* a third generation is the same graph and the same bytes */
    erg_graph *g3 = erg_graph_new();
    ck_assert_int_eq(erg_csv_read(g3, out2, NULL, NULL), ERG_OK);
    char *got3 = tg_dump(g3);
    ck_assert_str_eq(got3, want);
    free(got3);
    erg_graph_free(g3);
    free(f1);
    free(f2);
    free(got);
    free(want);
    erg_graph_free(g2);
    erg_graph_free(g);
    unit_rmtree(work);
    free(work);
}
END_TEST

/* A hand-written graph in a non-canonical form reads into the same graph
 * as its canonical export; the export is then stable. */
START_TEST(round_trip_from_files) {
    char *dir = gdir("\xEF\xBB\xBFid,type,name,aliases,n:int,f:float,ok:bool\r\n"
                     "a,t,A,X;Y,+5,1e2,TRUE\r\n\r\n"
                     "b,t,\"B\",,007,.5,False\r\n",
                     "from,to,type,directed\r\na,b,t,\r\nb,a,u,false\r\n", NULL);
    erg_graph *g = erg_graph_new();
    ck_assert_int_eq(erg_csv_read(g, dir, NULL, NULL), ERG_OK);
    char *work = unit_tmpdir(), out[4200];
    snprintf(out, sizeof out, "%s/out", work);
    ck_assert_int_eq(erg_csv_write(g, out), ERG_OK);
    char *files = files_of(out);
    ck_assert_str_eq(files, "== entities.csv\nid,type,name,aliases:string[],n:int,f:float,ok:bool\n"
                            "a,t,A,X;Y,5,100.0,true\nb,t,B,,7,0.5,false\n"
                            "== relationships.csv\nid,from,to,type,directed:bool\nr1,a,b,t,true\nr2,b,a,u,false\n"
                            "== sources.csv\n(absent)\n");
    erg_graph *h = erg_graph_new();
    ck_assert_int_eq(erg_csv_read(h, out, NULL, NULL), ERG_OK);
    char *d1 = tg_dump(g), *d2 = tg_dump(h);
    ck_assert_str_eq(d1, d2);
    ck_assert_int_eq(erg_csv_write(h, out), ERG_OK);
    char *again = files_of(out);
    ck_assert_str_eq(again, files);
    free(again);
    free(d1);
    free(d2);
    free(files);
    erg_graph_free(h);
    erg_graph_free(g);
    unit_rmtree(work);
    free(work);
    drop(dir);
}
END_TEST

Suite *suite_csv(void) {
    Suite *s = suite_create("csv");
    TCase *tc = tcase_create("malformed");
    tcase_add_test(tc, unterminated_quote);
    tcase_add_test(tc, bad_quotes);
    tcase_add_test(tc, wrong_field_count);
    tcase_add_test(tc, duplicate_entity_id);
    tcase_add_test(tc, unknown_entity);
    tcase_add_test(tc, missing_required_column);
    tcase_add_test(tc, duplicate_column);
    tcase_add_test(tc, unknown_column_type);
    tcase_add_test(tc, bad_values);
    tcase_add_test(tc, int_overflow);
    tcase_add_test(tc, invalid_utf8);
    tcase_add_test(tc, nul_byte);
    tcase_add_test(tc, empty_id);
    tcase_add_test(tc, empty_file);
    tcase_add_test(tc, not_a_graph_directory);
    tcase_add_test(tc, every_problem_reported);
    tcase_add_test(tc, every_file_every_field);
    tcase_add_test(tc, positions_after_multiline_blank_crlf);
    suite_add_tcase(s, tc);
    TCase *tv = tcase_create("values");
    tcase_add_test(tv, bom_stripped);
    tcase_add_test(tv, null_and_empty);
    tcase_add_test(tv, spaces_kept);
    tcase_add_test(tv, list_escapes);
    tcase_add_test(tv, source_checked);
    tcase_add_test(tv, read_into_existing_graph);
    suite_add_tcase(s, tv);
    TCase *tr = tcase_create("round trip");
    tcase_add_test(tr, export_exact_bytes);
    tcase_add_test(tr, round_trip_every_type);
    tcase_add_test(tr, round_trip_from_files);
    suite_add_tcase(s, tr);
    return s;
}
