/*
 * draw.c -- the drawing and the report under allocation failure (as
 * SQLite's *fault.test files do): allocation 1, 2, 3... of
 * erg_render_svg and erg_report_html fails in turn, on a fresh graph each
 * time, until a run sees no failure.  Each run must either fail with
 * ERG_ENOMEM and "out of memory", the target keeping its old bytes and no
 * temporary file left beside it, or succeed with exactly the bytes of the
 * run without failures; and free every block it took.  Also: write errors
 * inside the drawing stick and reach the caller.
 */
#include "unit.h"

#include <math.h>
#include <stdio.h>

static const char OLD[] = "old bytes\n";

/* A small graph with something for every part of the report: types,
 * names, aliases, evidence, sources with a title and a list, a pair. */
static erg_graph *report_graph(unit_fail *f) {
    f->paused = true;
    erg_graph *g = erg_graph_new_with(unit_fail_realloc, f);
    ck_assert_ptr_nonnull(g);
    static const char *const ents[][3] = {{"acme", "company", "Acme & Sons"}, {"gov", "agency", "Dept. <Things>"},
                                          {"x", "person", "X \"the\" person"}, {"y", "person", NULL}};
    erg_entity e[4];
    for (int i = 0; i < 4; i++) ck_assert_int_eq(erg_entity_add(g, ents[i][0], ents[i][1], ents[i][2], &e[i]), ERG_OK);
    ck_assert_int_eq(erg_entity_add_alias(g, e[0], "ACME"), ERG_OK);
    erg_source s;
    ck_assert_int_eq(erg_source_add(g, "s1", &s), ERG_OK);
    erg_value title = erg_str("A story; with a semicolon"), tags[2] = {erg_str("a;b"), erg_str("c")};
    erg_value tagl = erg_listv(ERG_STRING, tags, 2), year = erg_int(2025), score = erg_float(0.5);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_source(s), "title", &title), ERG_OK);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_source(s), "tags", &tagl), ERG_OK);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_source(s), "year", &year), ERG_OK);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_source(s), "score", &score), ERG_OK);
    static const int ends[][2] = {{0, 1}, {1, 2}, {2, 3}, {0, 3}, {3, 3}};
    for (int i = 0; i < 5; i++) {
        erg_rel r;
        ck_assert_int_eq(erg_rel_add(g, NULL, e[ends[i][0]], e[ends[i][1]], "links", i != 3, &r), ERG_OK);
        erg_value ev = erg_str("it says so"), src = erg_str("s1");
        ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r), "evidence", &ev), ERG_OK);
        ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r), "source", &src), ERG_OK);
    }
    erg_value nan = erg_float(NAN), when = erg_datev((erg_date){2025, 7, 0});
    ck_assert_int_eq(erg_attr_set(g, erg_obj_entity(e[3]), "weight", &nan), ERG_OK);
    erg_iter ri = erg_rels(g, NULL);
    erg_rel first;
    ck_assert(erg_rel_next(g, &ri, &first));
    ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(first), "date", &when), ERG_OK);
    ck_assert_int_eq(erg_graph_set_meta(g, "title", "Fault <sweep>"), ERG_OK);
    f->paused = false;
    return g;
}

typedef int (*draw_fn)(erg_graph *g, const char *path);

static int do_report(erg_graph *g, const char *path) {
    static const char *const pairs[] = {"acme", "y"};
    erg_report_opts r = {0};
    r.pairs = pairs;
    r.npairs = 1;
    erg_analysis_opts o = {0};
    o.seed = 3;
    return erg_report_html(g, &r, &o, path);
}

static int do_svg(erg_graph *g, const char *path) {
    erg_render_opts r = {0};
    r.labels = INT32_MIN;
    r.interactive = true; /* data-id attributes too */
    erg_analysis_opts o = {0};
    o.seed = 3;
    return erg_render_svg(g, &r, &o, path);
}

/* Runs fn failing allocation fail_at (0: none) on a fresh graph; returns
 * its status, with the message in msg and the failures seen. */
static int run(draw_fn fn, const char *path, long fail_at, char *msg, size_t msgsz, long *failures) {
    unit_fail f = {0};
    erg_graph *g = report_graph(&f);
    f.fail_at = fail_at;
    int rc = fn(g, path);
    f.paused = true;
    snprintf(msg, msgsz, "%s", erg_errmsg(g));
    erg_graph_free(g);
    ck_assert_msg(f.bad_old == 0, "allocation %ld: a block freed with size %zu, not %zu", fail_at, f.bad_said,
                  f.bad_have);
    ck_assert_msg(f.live == 0, "allocation %ld: %zu bytes never freed", fail_at, f.live);
    *failures = f.failures;
    return rc;
}

static void sweep(draw_fn fn, const char *name, long min_points) {
    char *dir = unit_tmpdir(), path[4400], ref[4400], msg[1100], want_listing[200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(ref, sizeof ref, "%s/ref-%s", dir, name);
    snprintf(want_listing, sizeof want_listing, "%s\nref-%s\n", name, name);
    long failures;
    ck_assert_int_eq(run(fn, ref, 0, msg, sizeof msg, &failures), ERG_OK);
    char *want = unit_read(ref);
    ck_assert_ptr_nonnull(want);
    ck_assert_uint_gt(strlen(want), 1000);
    long n = 1, errors = 0;
    for (;; n++) {
        unit_write(dir, name, OLD);
        int rc = run(fn, path, n, msg, sizeof msg, &failures);
        char *got = unit_read(path);
        char *listing = unit_listing(dir);
        ck_assert_msg(!strcmp(listing, want_listing), "allocation %ld: left %s", n, listing);
        free(listing);
        if (failures == 0) { /* past the last allocation */
            ck_assert_int_eq(rc, ERG_OK);
            ck_assert_msg(!strcmp(got, want), "allocation %ld: no failure, other bytes", n);
            free(got);
            break;
        }
        if (rc == ERG_OK) {
            ck_assert_msg(!strcmp(got, want), "allocation %ld failed, ERG_OK, but other bytes (%zu of %zu)", n,
                          strlen(got), strlen(want));
        } else {
            errors++;
            ck_assert_msg(rc == ERG_ENOMEM, "allocation %ld: status %d (%s)", n, rc, msg);
            ck_assert_str_eq(msg, "out of memory");
            ck_assert_msg(!strcmp(got, OLD), "allocation %ld: error but the target changed", n);
        }
        free(got);
    }
    /* the sweep reached every allocation: erg_out's own, the layout, the
     * analyses, the drawing's arrays */
    ck_assert_msg(n - 1 >= min_points, "%s: only %ld allocation points", name, n - 1);
    ck_assert_int_gt(errors, 0);
    fprintf(stderr, "draw: %s: %ld allocation points, %ld clean errors\n", name, n - 1, errors);
    free(want);
    unit_rmtree(dir);
    free(dir);
}

START_TEST(report_allocation_sweep) { sweep(do_report, "r.html", 60); }
END_TEST

START_TEST(svg_allocation_sweep) { sweep(do_svg, "d.svg", 15); }
END_TEST

/* A write error in the middle of a drawing (a full device) reaches the
 * caller with its message, however many writes follow it. */
START_TEST(write_error_sticks) {
    unit_fail f = {0};
    erg_graph *g = report_graph(&f);
    ck_assert_int_eq(do_svg(g, "/dev/full"), ERG_EIO);
    ck_assert_str_eq(erg_errmsg(g), "/dev/full: write failed: No space left on device");
    ck_assert_int_eq(do_report(g, "/dev/full"), ERG_EIO);
    ck_assert_str_eq(erg_errmsg(g), "/dev/full: write failed: No space left on device");
    erg_graph_free(g);
}
END_TEST

/* The report holds the assets and the values written for a reader. */
START_TEST(report_contents) {
    char *dir = unit_tmpdir(), path[4400];
    snprintf(path, sizeof path, "%s/r.html", dir);
    unit_fail f = {0};
    erg_graph *g = report_graph(&f);
    ck_assert_int_eq(do_report(g, path), ERG_OK);
    char *s = unit_read(path);
    ck_assert_ptr_nonnull(strstr(s, "<title>Fault &lt;sweep&gt;</title>\n<style>\nbody{font-family:"));
    ck_assert_ptr_nonnull(strstr(s, "<script>/* sigma.js 3.0.2 */\n(function("));
    ck_assert_ptr_nonnull(strstr(s, "\n})();\n\n</script>\n</body></html>\n"));
    ck_assert_ptr_nonnull(strstr(s, "<tr><td><code>s1</code></td><td>A story; with a semicolon</td><td>a;b; c</td>"
                                    "<td>2025</td><td>0.5</td></tr>"));
    ck_assert_ptr_nonnull(strstr(s, "<a class=\"ent\" data-id=\"x\">X &quot;the&quot; person</a>"));
    /* the map's data: strict JSON, '<' and '&' escaped, column arrays */
    ck_assert_ptr_nonnull(strstr(s, "\"label\":[\"Acme \\u0026 Sons\",\"Dept. \\u003cThings\\u003e\","
                                    "\"X \\\"the\\\" person\",\"y\"]"));
    ck_assert_ptr_nonnull(strstr(s, "\"f\":[\"acme sons\\nacme\\nacme\",\"dept things\\ngov\","
                                    "\"x the person\\nx\",\"y\"]"));
    ck_assert_ptr_nonnull(strstr(s, "\"r\":{\"a\":[0,1,2,0,3],\n\"b\":[1,2,3,3,3],\n\"t\":[0,0,0,0,0],\n"
                                    "\"d\":[1,1,1,0,1],\n\"k\":null,\n\"src\":[0,0,0,0,0],\n\"ds\":[\"2025-07\",null,null,null,null],\n"
                                    "\"de\":[\"2025-07\",null,null,null,null],"));
    ck_assert_ptr_nonnull(strstr(s, "\"sources\":[[\"s1\",\"A story; with a semicolon\"]]"));
    char *data = strstr(s, "id=\"erg-data\">"), *end = data ? strstr(data, "</script>") : NULL;
    ck_assert_ptr_nonnull(end);
    *end = 0;
    ck_assert_ptr_null(strstr(data, "NaN")); /* strict JSON: y's NaN weight is null */
    ck_assert_ptr_nonnull(strstr(data, "\"weight\":[null,null,null,null]"));
    free(s);
    erg_graph_free(g);
    unit_rmtree(dir);
    free(dir);
}
END_TEST

Suite *suite_draw(void) {
    Suite *s = suite_create("draw");
    TCase *tc = tcase_create("faults");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, report_allocation_sweep);
    tcase_add_test(tc, svg_allocation_sweep);
    suite_add_tcase(s, tc);
    TCase *tw = tcase_create("output");
    tcase_add_test(tw, write_error_sticks);
    tcase_add_test(tw, report_contents);
    suite_add_tcase(s, tw);
    return s;
}
