/*
 * hostile.c -- hostile inputs through the C API, one test per class: files
 * that are not regular files (a FIFO, a device, behind a symlink) refused
 * by name by every reader without blocking; lone-CR line ends counted in
 * the CSV, table, FtM and JSON readers; a DOCTYPE that declares entities
 * refused however it is dressed (decided by libxml2's parser); text that is
 * not UTF-8 refused at every setter with what and where; a bad GraphML
 * <default> reported once, at its key.  Each failed read leaves the graph
 * as it was.
 */
#include "unit.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The diagnostics of one read, one a line. */
typedef struct diags {
    char text[8192];
    int n;
} diags;

static void collect(void *ud, const erg_diag *d) {
    diags *D = ud;
    size_t len = strlen(D->text);
    snprintf(D->text + len, sizeof D->text - len, "%s\n", d->text);
    D->n++;
}

static char *path_in(const char *dir, const char *name) {
    static char buf[4][8400];
    static int k;
    char *p = buf[k++ % 4];
    if (snprintf(p, sizeof buf[0], "%.4000s/%.4000s", dir, name) < 0) p[0] = '\0';
    return p;
}

/* A graph holding one entity (a failed read must leave just that). */
static erg_graph *base(void) {
    erg_graph *g = erg_graph_new();
    ck_assert_int_eq(erg_entity_add(g, "pre", "company", "Pre", NULL), ERG_OK);
    return g;
}

static void expect_base(erg_graph *g) {
    erg_entity e;
    ck_assert_uint_eq(erg_entity_count(g), 1);
    ck_assert_uint_eq(erg_rel_count(g), 0);
    ck_assert_int_eq(erg_entity_by_id(g, "pre", &e), ERG_OK);
}

/* Reads path as format (NULL: by name and content); wants code and the
 * handle's message exactly. */
static void read_fails(const char *path, const char *format, int code, const char *msg) {
    erg_graph *g = base();
    int rc = erg_read_as(g, path, format, NULL, NULL);
    ck_assert_msg(rc == code, "%s as %s: status %d (%s)", path, format ? format : "-", rc, erg_errmsg(g));
    ck_assert_str_eq(erg_errmsg(g), msg);
    expect_base(g);
    erg_graph_free(g);
}

/* ---- not regular files ------------------------------------------------------------ */
START_TEST(fifo_and_devices_refused) {
    char *d = unit_tmpdir();
    char msg[8800];
    /* a FIFO without a writer: open() would block without O_NONBLOCK */
    const char *const names[] = {"f.graphml", "f.gexf", "f.json", "f.ftm.json", "f.csv"};
    const char *const formats[] = {"graphml", "gexf", "json", "ftm"};
    for (size_t i = 0; i < 5; i++) ck_assert_int_eq(mkfifo(path_in(d, names[i]), 0600), 0);
    for (size_t i = 0; i < 4; i++) {
        snprintf(msg, sizeof msg, "%s: not a regular file", path_in(d, names[i]));
        read_fails(path_in(d, names[i]), formats[i], ERG_EIO, msg); /* named: the reader refuses */
        read_fails(path_in(d, names[i]), NULL, ERG_EIO, msg);       /* sniffed: refused before */
    }
    /* a CSV graph directory whose entities.csv is a FIFO, then /dev/zero */
    char dir[4200];
    snprintf(dir, sizeof dir, "%.4000s/g", d);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    ck_assert_int_eq(mkfifo(path_in(dir, "entities.csv"), 0600), 0);
    snprintf(msg, sizeof msg, "%s/entities.csv: not a regular file", dir);
    read_fails(dir, NULL, ERG_EIO, msg);
    ck_assert_int_eq(unlink(path_in(dir, "entities.csv")), 0);
    ck_assert_int_eq(symlink("/dev/zero", path_in(dir, "entities.csv")), 0);
    read_fails(dir, "csv", ERG_EIO, msg);
    /* a symlink to /dev/zero for each file reader: no unbounded buffering */
    for (size_t i = 0; i < 4; i++) {
        char *z = path_in(d, "zero");
        unlink(z);
        ck_assert_int_eq(symlink("/dev/zero", z), 0);
        snprintf(msg, sizeof msg, "%s: not a regular file", z);
        read_fails(z, formats[i], ERG_EIO, msg);
    }
    /* the table reader (erg import) */
    erg_table *t;
    ck_assert_int_eq(erg_table_open(path_in(d, "f.csv"), NULL, &t), ERG_EIO);
    snprintf(msg, sizeof msg, "%s: not a regular file", path_in(d, "f.csv"));
    ck_assert_str_eq(erg_table_errmsg(t), msg);
    erg_table_close(t);
    ck_assert_int_eq(erg_table_open("/dev/null", NULL, &t), ERG_EIO);
    ck_assert_str_eq(erg_table_errmsg(t), "/dev/null: not a regular file");
    erg_table_close(t);
    /* a directory named as a file format */
    snprintf(msg, sizeof msg, "%s: is a directory", dir);
    read_fails(dir, "graphml", ERG_EIO, msg);
    read_fails(dir, "json", ERG_EIO, msg);
    unit_rmtree(d);
    free(d);
}
END_TEST

/* ---- lone CR line ends ------------------------------------------------------------- */
/* Reads text written to dir/name (a graph directory's file when name is
 * entities.csv), wants the first diagnostic exactly. */
static void first_diag(const char *dir, const char *name, const char *text, const char *format, const char *want) {
    unit_write(dir, name, text);
    erg_graph *g = base();
    diags D = {{0}, 0};
    const char *p = strcmp(name, "entities.csv") ? path_in(dir, name) : dir;
    ck_assert_int_ne(erg_read_as(g, p, format, collect, &D), ERG_OK);
    char *nl = strchr(D.text, '\n');
    if (nl) *nl = '\0';
    char want_full[8800];
    snprintf(want_full, sizeof want_full, "%s/%s", dir, want);
    ck_assert_str_eq(D.text, want_full);
    expect_base(g);
    erg_graph_free(g);
}

START_TEST(lone_cr_lines) {
    char *d = unit_tmpdir();
    /* CR only, CRLF and LF give the same line numbers */
    first_diag(d, "entities.csv", "id,type,name\ra,t,A\rb,t,B\ra,t,C\r", "csv",
               "entities.csv:4:1: duplicate entity id 'a'");
    first_diag(d, "entities.csv", "id,type,name\r\na,t,A\r\nb,t,B\r\na,t,C\r\n", "csv",
               "entities.csv:4:1: duplicate entity id 'a'");
    /* a quoted field holding lone CRs: its row starts where the field does */
    first_diag(d, "entities.csv", "id,type,name\ra,t,\"x\ry\rz\"\rb,t,B\r\"b\",t,x\r", "csv",
               "entities.csv:6:1: duplicate entity id 'b'");
    first_diag(d, "entities.csv", "id,type,name\ra,t,A\r\"b,t,B\r", "csv",
               "entities.csv:3:1: unterminated quoted field (opened here, never closed)");
    /* FtM: one entity a line, whatever the line end */
    first_diag(d, "x.ftm.json",
               "{\"id\": \"a\", \"schema\": \"Person\", \"properties\": {}}\r"
               "{\"id\": \"b\", \"schema\": \"Person\", \"properties\": {}}\r\r"
               "{\"id\": \"c\", \"schema\": \"Nope\", \"properties\": {}}\r",
               "ftm", "x.ftm.json:4:23: entity 'c': unknown schema 'Nope'");
    /* JSON: jansson counts LF only; erg counts CR too */
    first_diag(d, "x.json", "{\"nodes\": [\r{\"id\": \"a\"},\r{\"id\": \"b\"}\r,,\r]}", "json",
               "x.json:4:2: malformed JSON: unexpected token near ','");
    unit_rmtree(d);
    free(d);
}
END_TEST

START_TEST(lone_cr_table) {
    char *d = unit_tmpdir();
    unit_write(d, "t.csv", "a,b\r1,2\r3,4\r5,6,7\r");
    erg_table *t;
    ck_assert_int_eq(erg_table_open(path_in(d, "t.csv"), NULL, &t), ERG_OK);
    ck_assert_int_eq(erg_table_next(t), 1);
    ck_assert_uint_eq(erg_table_line(t), 2);
    ck_assert_int_eq(erg_table_next(t), 1);
    ck_assert_uint_eq(erg_table_line(t), 3);
    ck_assert_int_lt(erg_table_next(t), 0);
    char want[8800];
    snprintf(want, sizeof want, "%s/t.csv:4:3: wrong number of fields: expected 2, found 3", d);
    ck_assert_str_eq(erg_table_errmsg(t), want);
    erg_table_close(t);
    unit_rmtree(d);
    free(d);
}
END_TEST

/* ---- DOCTYPE entities ------------------------------------------------------------- */
#define REFUSED "the DOCTYPE declares entities; erg refuses them (entity expansion can exhaust time and memory)"
#define BODY "<graphml><graph><node id=\"a\"/></graph></graphml>\n"

static void graphml_case(const char *dir, const char *name, const char *text, size_t n, const char *want) {
    char *p = path_in(dir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, n, f), n);
    fclose(f);
    erg_graph *g = base();
    int rc = erg_read(g, p, NULL, NULL);
    if (!want) {
        ck_assert_msg(rc == ERG_OK, "%s: %s", name, erg_errmsg(g));
        ck_assert_uint_eq(erg_entity_count(g), 2);
    } else {
        char full[8800];
        snprintf(full, sizeof full, "%s:%s", p, want);
        ck_assert_int_eq(rc, ERG_EPARSE);
        ck_assert_str_eq(erg_errmsg(g), full);
        expect_base(g);
    }
    erg_graph_free(g);
}

static void graphml_text(const char *dir, const char *name, const char *text, const char *want) {
    graphml_case(dir, name, text, strlen(text), want);
}

START_TEST(doctype_entities_refused) {
    char *d = unit_tmpdir();
    graphml_text(d, "comment.graphml", "<!DOCTYPE graphml [\n<!-- ] -->\n<!ENTITY a \"x\">\n]>\n" BODY, "3:1: " REFUSED);
    graphml_text(d, "system.graphml", "<!DOCTYPE graphml SYSTEM \"a>b\" [\n<!ENTITY a \"x\">\n]>\n" BODY,
                 "2:1: " REFUSED);
    graphml_text(d, "attlist.graphml",
                 "<!DOCTYPE graphml [\n<!ATTLIST node x CDATA \"]>\">\n\n<!ENTITY a \"x\">\n]>\n" BODY,
                 "4:1: " REFUSED);
    graphml_text(d, "param.graphml", "<!DOCTYPE graphml [ <!ENTITY % p \"\"> ]>\n" BODY, "1:1: " REFUSED);
    graphml_text(d, "external.graphml", "<!DOCTYPE graphml [\n\n<!ENTITY e SYSTEM \"/etc/passwd\">]>\n" BODY,
                 "3:1: " REFUSED);
    /* after a comment longer than any first-bytes scan */
    size_t big = 100000;
    char *text = malloc(big + 512);
    ck_assert_ptr_nonnull(text);
    strcpy(text, "<?xml version=\"1.0\"?>\n<!--");
    memset(text + strlen(text), 'x', big);
    strcpy(text + 26 + big, "-->\n<!DOCTYPE graphml [<!ENTITY a \"x\">]>\n" BODY);
    graphml_text(d, "long.graphml", text, "3:1: " REFUSED);
    /* UTF-16 with a BOM, the DOCTYPE on line 2 */
    const char *ascii = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE graphml [<!ENTITY a \"x\">]>\n" BODY;
    size_t n = strlen(ascii), k = 2;
    text[0] = (char)0xFF, text[1] = (char)0xFE;
    for (size_t i = 0; i < n; i++) text[k++] = ascii[i], text[k++] = '\0';
    graphml_case(d, "utf16.graphml", text, k, "2:1: " REFUSED);
    free(text);
    /* the same words where they declare nothing are fine */
    graphml_text(d, "fine.graphml",
                 "<!-- <!DOCTYPE x [<!ENTITY a \"b\">]> -->\n<!DOCTYPE graphml SYSTEM \"<!ENTITY\" [\n"
                 "<!-- <!ENTITY c \"d\"> -->\n<!ATTLIST node x CDATA \"]>\">\n]>\n" BODY,
                 NULL);
    /* GEXF shares the check (its messages have lines only) */
    graphml_text(d, "x.gexf", "<!DOCTYPE gexf [\n<!-- ]> -->\n<!ENTITY a \"x\">]>\n<gexf><graph/></gexf>\n",
                 "3: " REFUSED);
    unit_rmtree(d);
    free(d);
}
END_TEST

/* ---- UTF-8 at the door ------------------------------------------------------------- */
START_TEST(utf8_at_every_setter) {
    erg_graph *g = erg_graph_new();
    erg_entity a;
    ck_assert_int_eq(erg_entity_add(g, "a", "t", "A", &a), ERG_OK);
    ck_assert_int_eq(erg_graph_set_meta(g, "title", "caf\xc3"), ERG_EINVAL);
    ck_assert_str_eq(erg_errmsg(g), "metadata value is not valid UTF-8 (byte 4, 0xC3)");
    ck_assert_int_eq(erg_graph_set_meta(g, "title", "a\xed\xa0\x80z"), ERG_EINVAL); /* a surrogate */
    ck_assert_str_eq(erg_errmsg(g), "metadata value is not valid UTF-8 (byte 2, 0xED)");
    ck_assert_ptr_null(erg_graph_meta(g, "title"));
    erg_value v = erg_strn("ok\xff", 3);
    erg_source s;
    ck_assert_int_eq(erg_source_add(g, "s1", &s), ERG_OK);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_source(s), "title", &v), ERG_EINVAL);
    ck_assert_str_eq(erg_errmsg(g), "attribute 'title': string is not valid UTF-8 (byte 3, 0xFF)");
    ck_assert_int_eq(erg_source_add(g, "s\xc0\x80", NULL), ERG_EINVAL); /* overlong NUL */
    ck_assert_str_eq(erg_errmsg(g), "source id is not valid UTF-8 (byte 2, 0xC0)");
    /* what was refused never reaches an export: the GraphML reads back */
    ck_assert_int_eq(erg_graph_set_meta(g, "title", "caf\xc3\xa9"), ERG_OK);
    char *d = unit_tmpdir();
    ck_assert_int_eq(erg_export(g, "graphml", path_in(d, "g.graphml")), ERG_OK);
    erg_graph *h = erg_graph_new();
    ck_assert_int_eq(erg_read(h, path_in(d, "g.graphml"), NULL, NULL), ERG_OK);
    ck_assert_str_eq(erg_graph_meta(h, "title"), "caf\xc3\xa9");
    erg_graph_free(h);
    unit_rmtree(d);
    free(d);
    erg_graph_free(g);
}
END_TEST

/* Every reader refuses bytes that are not UTF-8, naming the place. */
START_TEST(utf8_in_every_reader) {
    char *d = unit_tmpdir();
    char want[8800];
    unit_write(d, "entities.csv", "id,type,name\na,t,A\xff\n");
    erg_graph *g = base();
    diags D = {{0}, 0};
    ck_assert_int_eq(erg_read(g, d, collect, &D), ERG_EPARSE);
    snprintf(want, sizeof want, "%s/entities.csv:2:3: invalid UTF-8 (byte 2 of the field)\n", d);
    ck_assert_str_eq(D.text, want);
    expect_base(g);
    erg_graph_free(g);
    static const struct { const char *name, *text, *want; } cases[] = {
        {"u.graphml", "<graphml><graph><node id=\"a\xff\"/></graph></graphml>\n",
         "u.graphml:1:28: malformed XML: Input is not proper UTF-8, indicate encoding !\nBytes: 0xFF 0x22 0x2F 0x3E"},
        {"u.gexf", "<gexf><graph><nodes><node id=\"a\xff\"/></nodes></graph></gexf>\n",
         "u.gexf:1:32: malformed XML: Input is not proper UTF-8, indicate encoding !\nBytes: 0xFF 0x22 0x2F 0x3E"},
        {"u.json", "{\"nodes\": [{\"id\": \"a\xff\"}], \"links\": []}\n",
         "u.json:1:20: malformed JSON: unable to decode byte 0xff near '\"a'"},
        {"s.json", "{\"nodes\": [{\"id\": \"\\ud800\"}], \"links\": []}\n",
         "s.json:1:26: malformed JSON: invalid Unicode '\\uD800' near '\"\\ud800\"'"},
        {"u.ftm.json", "{\"id\": \"a\xff\", \"schema\": \"Person\", \"properties\": {}}\n",
         "u.ftm.json:1:8: malformed JSON: unable to decode byte 0xff near '\"a'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unit_write(d, cases[i].name, cases[i].text);
        g = base();
        ck_assert_int_eq(erg_read(g, path_in(d, cases[i].name), NULL, NULL), ERG_EPARSE);
        snprintf(want, sizeof want, "%s/%s", d, cases[i].want);
        ck_assert_str_eq(erg_errmsg(g), want);
        expect_base(g);
        erg_graph_free(g);
    }
    /* the table reader (erg import) */
    unit_write(d, "t.csv", "from,to\na,b\xfe\n");
    erg_table *t;
    ck_assert_int_eq(erg_table_open(path_in(d, "t.csv"), NULL, &t), ERG_OK);
    ck_assert_int_lt(erg_table_next(t), 0);
    snprintf(want, sizeof want, "%s/t.csv:2:2: invalid UTF-8 (byte 2 of the field)", d);
    ck_assert_str_eq(erg_table_errmsg(t), want);
    erg_table_close(t);
    unit_rmtree(d);
    free(d);
}
END_TEST

/* ---- GraphML <default> ------------------------------------------------------------- */
START_TEST(bad_default_once) {
    char *d = unit_tmpdir();
    unit_write(d, "def.graphml",
               "<graphml>\n<key id=\"k\" for=\"node\" attr.name=\"n\" attr.type=\"int\">\n"
               "  <default>12x</default>\n</key>\n<graph>\n<node id=\"a\"/>\n<node id=\"b\"/>\n"
               "<node id=\"c\"><data key=\"k\">3</data></node>\n</graph></graphml>\n");
    erg_graph *g = base();
    diags D = {{0}, 0};
    ck_assert_int_eq(erg_read(g, path_in(d, "def.graphml"), collect, &D), ERG_EPARSE);
    char want[8800];
    snprintf(want, sizeof want, "%s/def.graphml:2: key 'k': '12x' is not a valid integer\n", d);
    ck_assert_str_eq(D.text, want);
    ck_assert_int_eq(D.n, 1);
    expect_base(g);
    erg_graph_free(g);
    unit_rmtree(d);
    free(d);
}
END_TEST

Suite *suite_hostile(void) {
    Suite *s = suite_create("hostile");
    TCase *tc = tcase_create("inputs");
    tcase_add_test(tc, fifo_and_devices_refused);
    tcase_add_test(tc, lone_cr_lines);
    tcase_add_test(tc, lone_cr_table);
    tcase_add_test(tc, doctype_entities_refused);
    tcase_add_test(tc, utf8_at_every_setter);
    tcase_add_test(tc, utf8_in_every_reader);
    tcase_add_test(tc, bad_default_once);
    suite_add_tcase(s, tc);
    return s;
}
