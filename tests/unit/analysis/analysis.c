/*
 * test_analysis.c -- network analysis through the public API: the view
 * (direction, filters, date windows, weights and their errors), the cache,
 * every centrality on graphs small enough to check by hand, communities,
 * components, paths hop by hop, ego networks, igraph's errors and warnings
 * turned into erg's, two threads at once, and allocation failure.
 * (Agreement with python-igraph and networkx on real graphs is
 * tests/peers/test_analysis.py.)
 */
#include "unit.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>

/* ---- building small graphs -------------------------------------------- */
static erg_entity ent(erg_graph *g, const char *id, const char *type) {
    erg_entity e;
    ck_assert_int_eq(erg_entity_add(g, id, type, NULL, &e), ERG_OK);
    return e;
}

static erg_entity by_id(erg_graph *g, const char *id) {
    erg_entity e;
    ck_assert_int_eq(erg_entity_by_id(g, id, &e), ERG_OK);
    return e;
}

static erg_rel rel(erg_graph *g, const char *id, const char *a, const char *b, const char *type, bool directed) {
    erg_rel r;
    ck_assert_int_eq(erg_rel_add(g, id, by_id(g, a), by_id(g, b), type, directed, &r), ERG_OK);
    return r;
}

static void set_f(erg_graph *g, erg_rel r, const char *name, double x) {
    erg_value v = erg_float(x);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r), name, &v), ERG_OK);
}

/* A graph from "a b c" entity ids (type "node") and "a-b a>c" links
 * (- undirected, > directed), relationships named r1, r2... */
static erg_graph *mk(const char *ents, const char *links) {
    erg_graph *g = erg_graph_new();
    char buf[1024], *save;
    ck_assert_ptr_nonnull(g);
    snprintf(buf, sizeof buf, "%s", ents);
    for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) ent(g, t, "node");
    snprintf(buf, sizeof buf, "%s", links);
    int k = 1;
    for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save), k++) {
        char *op = strpbrk(t, "->");
        ck_assert_ptr_nonnull(op);
        char id[16], a[64], b[64];
        snprintf(id, sizeof id, "r%d", k);
        snprintf(a, sizeof a, "%.*s", (int)(op - t), t);
        snprintf(b, sizeof b, "%s", op + 1);
        rel(g, id, a, b, "link", *op == '>');
    }
    return g;
}

/* Score of entity id in s. */
static double score_of(erg_graph *g, const erg_scores *s, const char *id) {
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(erg_entity_id(g, s->items[i].entity), id)) return s->items[i].score;
    ck_abort_msg("no score for %s", id);
    return NAN;
}

static void centrality(erg_graph *g, erg_measure m, const erg_analysis_opts *o, erg_scores *s) {
    int rc = erg_centrality(g, m, o, s);
    ck_assert_msg(rc == ERG_OK, "%s: %s", erg_measure_name(m), erg_errmsg(g));
}

static void near_at(double x, double y, int line) {
    ck_assert_msg(fabs(x - y) <= 1e-9 * (1 + fabs(y)), "line %d: %.17g != %.17g", line, x, y);
}
#define ck_near(x, y) near_at((double)(x), (double)(y), __LINE__)

/* ---- names ------------------------------------------------------------ */
START_TEST(measure_names) {
    for (int m = ERG_DEGREE; m <= ERG_CORENESS; m++)
        ck_assert_int_eq(erg_measure_from_name(erg_measure_name((erg_measure)m)), m);
    ck_assert_int_eq(erg_measure_from_name("pagerank"), ERG_PAGERANK);
    ck_assert_int_eq(erg_measure_from_name("PageRank"), 0);
    ck_assert_int_eq(erg_measure_from_name(NULL), 0);
    ck_assert_ptr_null(erg_measure_name((erg_measure)0));
    ck_assert_ptr_null(erg_measure_name((erg_measure)99));
    ck_assert_int_eq(erg_community_method_from_name("leiden"), ERG_LEIDEN);
    ck_assert_str_eq(erg_community_method_name(ERG_WALKTRAP), "walktrap");
    ck_assert_int_eq(erg_community_method_from_name("infomap"), 0);
}
END_TEST

/* ---- direction ---------------------------------------------------------- */
START_TEST(undirected_when_all_undirected) {
    /* a path a-b-c: undirected, so betweenness counts a..c once */
    erg_graph *g = mk("a b c", "a-b b-c");
    erg_scores s;
    centrality(g, ERG_BETWEENNESS, NULL, &s);
    ck_assert_uint_eq(s.n, 3);
    ck_near(score_of(g, &s, "b"), 1);
    ck_near(score_of(g, &s, "a"), 0);
    erg_scores_free(g, &s);
    ck_assert_ptr_null(s.items);
    /* one directed relationship makes the view directed; the undirected
     * ones count both ways: a>b, b-c gives paths a>b>c, c>b only */
    rel(g, "d1", "a", "b", "link", true);
    centrality(g, ERG_BETWEENNESS, NULL, &s);
    ck_near(score_of(g, &s, "b"), 2); /* a->c and c->a both via b */
    erg_scores_free(g, &s);
    /* degree: undirected b-c is out and in for both ends */
    erg_analysis_opts o = {0};
    o.mode = ERG_OUT;
    centrality(g, ERG_DEGREE, &o, &s);
    ck_near(score_of(g, &s, "c"), 1);
    ck_near(score_of(g, &s, "b"), 2); /* b-a (undirected) and b-c */
    erg_scores_free(g, &s);
    o.mode = ERG_BOTH;
    centrality(g, ERG_DEGREE, &o, &s);
    ck_near(score_of(g, &s, "b"), 3); /* each relationship once */
    erg_scores_free(g, &s);
    erg_graph_free(g);
}
END_TEST

START_TEST(self_loops_and_parallel) {
    erg_graph *g = mk("a b", "a-a a-b a-b");
    erg_scores s;
    centrality(g, ERG_DEGREE, NULL, &s); /* undirected loop: 2 */
    ck_near(score_of(g, &s, "a"), 4);
    ck_near(score_of(g, &s, "b"), 2);
    erg_scores_free(g, &s);
    rel(g, "d", "b", "a", "link", true); /* now directed: the loop is one arc */
    erg_analysis_opts o = {0};
    o.mode = ERG_OUT;
    centrality(g, ERG_DEGREE, &o, &s);
    ck_near(score_of(g, &s, "a"), 3); /* loop, a-b, a-b */
    ck_near(score_of(g, &s, "b"), 3); /* a-b, a-b, b>a */
    erg_scores_free(g, &s);
    o.mode = ERG_BOTH;
    centrality(g, ERG_DEGREE, &o, &s);
    ck_near(score_of(g, &s, "a"), 5); /* the loop twice, three others once */
    ck_near(score_of(g, &s, "b"), 3);
    erg_scores_free(g, &s);
    erg_graph_free(g);
}
END_TEST

START_TEST(modes) {
    erg_graph *g = mk("a b c", "a>b a>c b>c");
    erg_analysis_opts o = {0};
    erg_scores s;
    o.mode = ERG_IN;
    centrality(g, ERG_DEGREE, &o, &s);
    ck_near(score_of(g, &s, "c"), 2);
    ck_near(score_of(g, &s, "a"), 0);
    erg_scores_free(g, &s);
    centrality(g, ERG_CLOSENESS, NULL, &s); /* out: a reaches b, c at 1 */
    ck_near(score_of(g, &s, "a"), 1);
    ck_near(score_of(g, &s, "b"), 1);
    ck_assert(isnan(score_of(g, &s, "c"))); /* reaches nobody */
    erg_scores_free(g, &s);
    centrality(g, ERG_HARMONIC, NULL, &s);
    ck_near(score_of(g, &s, "a"), 1);
    ck_near(score_of(g, &s, "b"), 0.5);
    ck_near(score_of(g, &s, "c"), 0);
    erg_scores_sort(&s); /* a, b, c */
    ck_assert_str_eq(erg_entity_id(g, s.items[0].entity), "a");
    ck_assert_str_eq(erg_entity_id(g, s.items[2].entity), "c");
    erg_scores_free(g, &s);
    o.mode = ERG_IN; /* PageRank has no reversed form */
    ck_assert_int_eq(erg_centrality(g, ERG_PAGERANK, &o, &s), ERG_EINVAL);
    ck_assert_ptr_null(strstr(erg_errmsg(g), "igraph"));
    ck_assert_ptr_null(s.items);
    o.mode = (erg_dir)7;
    ck_assert_int_eq(erg_centrality(g, ERG_DEGREE, &o, &s), ERG_EINVAL);
    ck_assert_int_eq(erg_centrality(g, (erg_measure)42, NULL, &s), ERG_EINVAL);
    erg_graph_free(g);
}
END_TEST

/* ---- each measure on a small graph -------------------------------------- */
START_TEST(measures_by_hand) {
    /* a star: hub h with leaves x, y, z (undirected) */
    erg_graph *g = mk("h x y z", "h-x h-y h-z");
    erg_analysis_opts o = {0};
    erg_scores s;
    centrality(g, ERG_BETWEENNESS, NULL, &s);
    ck_near(score_of(g, &s, "h"), 3);
    erg_scores_free(g, &s);
    o.normalized = true; /* / ((n-1)(n-2)/2) = 3 */
    centrality(g, ERG_BETWEENNESS, &o, &s);
    ck_near(score_of(g, &s, "h"), 1);
    erg_scores_free(g, &s);
    centrality(g, ERG_CLOSENESS, NULL, &s);
    ck_near(score_of(g, &s, "h"), 1);
    ck_near(score_of(g, &s, "x"), 3.0 / 5.0);
    erg_scores_free(g, &s);
    centrality(g, ERG_EIGENVECTOR, NULL, &s);
    ck_near(score_of(g, &s, "h"), 1);
    ck_near(score_of(g, &s, "x"), 1 / sqrt(3));
    erg_scores_free(g, &s);
    centrality(g, ERG_PAGERANK, NULL, &s);
    double sum = 0;
    for (size_t i = 0; i < s.n; i++) sum += s.items[i].score;
    ck_near(sum, 1);
    ck_assert(score_of(g, &s, "h") > score_of(g, &s, "x"));
    erg_scores_free(g, &s);
    centrality(g, ERG_CORENESS, NULL, &s);
    ck_near(score_of(g, &s, "h"), 1);
    erg_scores_free(g, &s);
    centrality(g, ERG_HUB, NULL, &s);
    ck_near(score_of(g, &s, "h"), 1);
    erg_scores_free(g, &s);
    /* personalized PageRank restarting at x ranks x above y */
    erg_entity x = by_id(g, "x");
    o.personal = &x;
    o.n_personal = 1;
    centrality(g, ERG_PAGERANK, &o, &s);
    ck_assert(score_of(g, &s, "x") > score_of(g, &s, "y"));
    ck_near(score_of(g, &s, "y"), score_of(g, &s, "z"));
    erg_scores_free(g, &s);
    erg_graph_free(g);
}
END_TEST

START_TEST(hub_and_authority) {
    /* two sources s1, s2 pointing at t1, t2 and s1 also at t3 */
    erg_graph *g = mk("s1 s2 t1 t2 t3", "s1>t1 s1>t2 s1>t3 s2>t1 s2>t2");
    erg_scores s;
    centrality(g, ERG_HUB, NULL, &s);
    ck_near(score_of(g, &s, "s1"), 1);
    ck_assert(score_of(g, &s, "s2") < 1);
    ck_near(score_of(g, &s, "t1"), 0);
    erg_scores_free(g, &s);
    centrality(g, ERG_AUTHORITY, NULL, &s);
    ck_near(score_of(g, &s, "t1"), 1);
    ck_near(score_of(g, &s, "t2"), 1);
    ck_assert(score_of(g, &s, "t3") < 1);
    erg_scores_free(g, &s);
    erg_graph_free(g);
}
END_TEST

/* ---- weights --------------------------------------------------------------- */
START_TEST(weights_distance_and_strength) {
    /* a-b-c with a heavy a-b, and a light direct a-c */
    erg_graph *g = mk("a b c", "a-b b-c a-c");
    erg_rel r;
    ck_assert_int_eq(erg_rel_by_id(g, "r1", &r), ERG_OK);
    set_f(g, r, "w", 1);
    ck_assert_int_eq(erg_rel_by_id(g, "r2", &r), ERG_OK);
    set_f(g, r, "w", 1);
    ck_assert_int_eq(erg_rel_by_id(g, "r3", &r), ERG_OK);
    set_f(g, r, "w", 5);
    erg_analysis_opts o = {0};
    o.weight = "w";
    erg_scores s;
    centrality(g, ERG_STRENGTH, &o, &s); /* strength: a = 1 + 5 */
    ck_near(score_of(g, &s, "a"), 6);
    ck_near(score_of(g, &s, "b"), 2);
    erg_scores_free(g, &s);
    centrality(g, ERG_BETWEENNESS, &o, &s); /* distance: a..c goes via b (2 < 5) */
    ck_near(score_of(g, &s, "b"), 1);
    erg_scores_free(g, &s);
    centrality(g, ERG_BETWEENNESS, NULL, &s); /* unweighted: direct */
    ck_near(score_of(g, &s, "b"), 0);
    erg_scores_free(g, &s);
    erg_path p;
    ck_assert_int_eq(erg_shortest_path(g, by_id(g, "a"), by_id(g, "c"), &o, &p), ERG_OK);
    ck_assert_uint_eq(p.n, 2);
    ck_near(p.length, 2);
    erg_path_free(g, &p);
    ck_assert_int_eq(erg_shortest_path(g, by_id(g, "a"), by_id(g, "c"), NULL, &p), ERG_OK);
    ck_assert_uint_eq(p.n, 1);
    ck_near(p.length, 1);
    erg_path_free(g, &p);
    /* an int attribute works as a weight too */
    erg_value two = erg_int(2);
    ck_assert_int_eq(erg_rel_by_id(g, "r1", &r), ERG_OK);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r), "n", &two), ERG_OK);
    ck_assert_int_eq(erg_rel_by_id(g, "r2", &r), ERG_OK);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r), "n", &two), ERG_OK);
    ck_assert_int_eq(erg_rel_by_id(g, "r3", &r), ERG_OK);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r), "n", &two), ERG_OK);
    o.weight = "n";
    centrality(g, ERG_STRENGTH, &o, &s);
    ck_near(score_of(g, &s, "a"), 4);
    erg_scores_free(g, &s);
    erg_graph_free(g);
}
END_TEST

START_TEST(weight_errors) {
    erg_graph *g = mk("a b c", "a>b b>c");
    erg_rel r1, r2;
    ck_assert_int_eq(erg_rel_by_id(g, "r1", &r1), ERG_OK);
    ck_assert_int_eq(erg_rel_by_id(g, "r2", &r2), ERG_OK);
    erg_analysis_opts o = {0};
    erg_scores s = {NULL, 7};
    o.weight = "w";
    ck_assert_int_eq(erg_centrality(g, ERG_PAGERANK, &o, &s), ERG_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(erg_errmsg(g), "'w'"));
    ck_assert_ptr_null(s.items);
    ck_assert_uint_eq(s.n, 0);
    set_f(g, r1, "w", 1);
    ck_assert_int_eq(erg_centrality(g, ERG_PAGERANK, &o, &s), ERG_EINVAL); /* r2 has none */
    ck_assert_ptr_nonnull(strstr(erg_errmsg(g), "'r2'"));
    set_f(g, r2, "w", -1);
    ck_assert_int_eq(erg_centrality(g, ERG_PAGERANK, &o, &s), ERG_EINVAL);
    ck_assert_ptr_nonnull(strstr(erg_errmsg(g), "relationship 'r2'"));
    ck_assert_ptr_nonnull(strstr(erg_errmsg(g), "non-negative"));
    set_f(g, r2, "w", NAN);
    ck_assert_int_eq(erg_centrality(g, ERG_BETWEENNESS, &o, &s), ERG_EINVAL);
    ck_assert_ptr_nonnull(strstr(erg_errmsg(g), "'r2'"));
    set_f(g, r2, "w", INFINITY);
    ck_assert_int_eq(erg_communities(g, ERG_LOUVAIN, &o, &(erg_partition){0}), ERG_EINVAL);
    ck_assert_ptr_nonnull(strstr(erg_errmsg(g), "'r2'"));
    erg_value str = erg_str("heavy");
    ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r1), "label", &str), ERG_OK);
    o.weight = "label";
    ck_assert_int_eq(erg_centrality(g, ERG_STRENGTH, &o, &s), ERG_ETYPE);
    ck_assert_ptr_nonnull(strstr(erg_errmsg(g), "not numbers"));
    /* zero is a valid weight; now all is well again */
    set_f(g, r2, "w", 0);
    o.weight = "w";
    centrality(g, ERG_STRENGTH, &o, &s);
    ck_near(score_of(g, &s, "b"), 1);
    erg_scores_free(g, &s);
    erg_graph_free(g);
}
END_TEST

/* ---- the view's filters ------------------------------------------------------ */
START_TEST(type_filters) {
    erg_graph *g = erg_graph_new();
    ent(g, "p1", "person");
    ent(g, "p2", "person");
    ent(g, "c1", "company");
    rel(g, "k", "p1", "p2", "knows", false);
    rel(g, "w1", "p1", "c1", "works_at", true);
    rel(g, "w2", "p2", "c1", "works_at", true);
    const char *people[] = {"person"};
    erg_analysis_opts o = {0};
    o.entity_types = people;
    o.n_entity_types = 1;
    erg_scores s;
    centrality(g, ERG_DEGREE, &o, &s);
    ck_assert_uint_eq(s.n, 2); /* c1 and its relationships are out */
    ck_near(score_of(g, &s, "p1"), 1);
    erg_scores_free(g, &s);
    const char *works[] = {"works_at"};
    memset(&o, 0, sizeof o);
    o.rel_types = works;
    o.n_rel_types = 1;
    centrality(g, ERG_DEGREE, &o, &s);
    ck_assert_uint_eq(s.n, 3); /* every entity, fewer relationships */
    ck_near(score_of(g, &s, "p1"), 1);
    ck_near(score_of(g, &s, "c1"), 2);
    erg_scores_free(g, &s);
    const char *typo[] = {"works_at", "knowz"};
    o.rel_types = typo;
    o.n_rel_types = 2;
    ck_assert_int_eq(erg_centrality(g, ERG_DEGREE, &o, &s), ERG_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(erg_errmsg(g), "knowz"));
    const char *nope[] = {"planet"};
    memset(&o, 0, sizeof o);
    o.entity_types = nope;
    o.n_entity_types = 1;
    ck_assert_int_eq(erg_centrality(g, ERG_DEGREE, &o, &s), ERG_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(erg_errmsg(g), "planet"));
    const char *empty[] = {""};
    o.entity_types = empty;
    ck_assert_int_eq(erg_centrality(g, ERG_DEGREE, &o, &s), ERG_EINVAL);
    /* an entity outside the view cannot start a path */
    o.entity_types = people;
    erg_path p;
    ck_assert_int_eq(erg_shortest_path(g, by_id(g, "p1"), by_id(g, "c1"), &o, &p), ERG_EINVAL);
    ck_assert_ptr_nonnull(strstr(erg_errmsg(g), "'c1'"));
    erg_graph_free(g);
}
END_TEST

START_TEST(date_window) {
    erg_graph *g = mk("a b c d", "a>b b>c c>d");
    erg_rel r;
    erg_date d;
    erg_value v;
    ck_assert_int_eq(erg_rel_by_id(g, "r1", &r), ERG_OK);
    ck_assert_int_eq(erg_date_parse("2025-03-10", 10, &d), ERG_OK);
    v = erg_datev(d);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r), "date", &v), ERG_OK);
    ck_assert_int_eq(erg_rel_by_id(g, "r2", &r), ERG_OK);
    ck_assert_int_eq(erg_date_parse("2025", 4, &d), ERG_OK); /* spans the year */
    v = erg_datev(d);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r), "date", &v), ERG_OK);
    /* r3 undated */
    erg_date since, until;
    ck_assert_int_eq(erg_date_parse("2025-07", 7, &since), ERG_OK);
    ck_assert_int_eq(erg_date_parse("2026", 4, &until), ERG_OK);
    erg_analysis_opts o = {0};
    o.date_attr = "date";
    o.since = &since;
    o.until = &until;
    erg_scores s;
    centrality(g, ERG_DEGREE, &o, &s); /* only r2 (2025 overlaps July 2025 on) */
    ck_near(score_of(g, &s, "a"), 0);
    ck_near(score_of(g, &s, "b"), 1);
    ck_near(score_of(g, &s, "d"), 0);
    erg_scores_free(g, &s);
    o.keep_undated = true;
    centrality(g, ERG_DEGREE, &o, &s);
    ck_near(score_of(g, &s, "d"), 1);
    ck_near(score_of(g, &s, "a"), 0);
    erg_scores_free(g, &s);
    o.since = NULL; /* open start: r1 too */
    centrality(g, ERG_DEGREE, &o, &s);
    ck_near(score_of(g, &s, "a"), 1);
    erg_scores_free(g, &s);
    o.date_attr = NULL; /* a window without an attribute */
    o.since = &since;
    ck_assert_int_eq(erg_centrality(g, ERG_DEGREE, &o, &s), ERG_EINVAL);
    o.date_attr = "nodate";
    ck_assert_int_eq(erg_centrality(g, ERG_DEGREE, &o, &s), ERG_ENOTFOUND);
    set_f(g, r, "size", 1);
    o.date_attr = "size";
    ck_assert_int_eq(erg_centrality(g, ERG_DEGREE, &o, &s), ERG_ETYPE);
    erg_graph_free(g);
}
END_TEST

/* ---- the cache ------------------------------------------------------------ */
START_TEST(cache_follows_changes) {
    erg_graph *g = mk("a b c", "a-b");
    erg_scores s;
    centrality(g, ERG_DEGREE, NULL, &s);
    ck_near(score_of(g, &s, "c"), 0);
    erg_scores_free(g, &s);
    erg_rel r = rel(g, "x", "b", "c", "link", false);
    centrality(g, ERG_DEGREE, NULL, &s);
    ck_near(score_of(g, &s, "c"), 1);
    erg_scores_free(g, &s);
    /* a weight change is a change */
    erg_analysis_opts o = {0};
    o.weight = "w";
    set_f(g, r, "w", 2);
    erg_rel r1;
    ck_assert_int_eq(erg_rel_by_id(g, "r1", &r1), ERG_OK);
    set_f(g, r1, "w", 1);
    centrality(g, ERG_STRENGTH, &o, &s);
    ck_near(score_of(g, &s, "b"), 3);
    erg_scores_free(g, &s);
    set_f(g, r, "w", 10);
    centrality(g, ERG_STRENGTH, &o, &s);
    ck_near(score_of(g, &s, "b"), 11);
    erg_scores_free(g, &s);
    /* another view, then back */
    centrality(g, ERG_STRENGTH, NULL, &s);
    ck_near(score_of(g, &s, "b"), 2);
    erg_scores_free(g, &s);
    centrality(g, ERG_STRENGTH, &o, &s);
    ck_near(score_of(g, &s, "b"), 11);
    erg_scores_free(g, &s);
    /* deletions: the entity leaves the view */
    ck_assert_int_eq(erg_entity_delete(g, by_id(g, "a")), ERG_OK);
    centrality(g, ERG_DEGREE, NULL, &s);
    ck_assert_uint_eq(s.n, 2);
    ck_near(score_of(g, &s, "b"), 1);
    erg_scores_free(g, &s);
    erg_graph_free(g);
}
END_TEST

START_TEST(empty_graph) {
    erg_graph *g = erg_graph_new();
    erg_scores s;
    erg_partition p;
    centrality(g, ERG_EIGENVECTOR, NULL, &s);
    ck_assert_uint_eq(s.n, 0);
    erg_scores_free(g, &s);
    ck_assert_int_eq(erg_communities(g, ERG_LEIDEN, NULL, &p), ERG_OK);
    ck_assert_uint_eq(p.n, 0);
    ck_assert_uint_eq(p.ngroups, 0);
    erg_partition_free(g, &p);
    /* entities, no relationships: each alone */
    ent(g, "a", "x");
    ent(g, "b", "x");
    for (int m = ERG_LOUVAIN; m <= ERG_WALKTRAP; m++) {
        ck_assert_int_eq(erg_communities(g, (erg_community_method)m, NULL, &p), ERG_OK);
        ck_assert_uint_eq(p.ngroups, 2);
        ck_assert(isnan(p.modularity));
        erg_partition_free(g, &p);
    }
    for (int m = ERG_DEGREE; m <= ERG_CORENESS; m++) {
        ck_assert_int_eq(erg_centrality(g, (erg_measure)m, NULL, &s), ERG_OK);
        ck_assert_uint_eq(s.n, 2);
        erg_scores_free(g, &s);
    }
    erg_graph_free(g);
}
END_TEST

/* ---- igraph's errors and warnings -------------------------------------------- */
static void count_warning(void *ud, const erg_diag *d) {
    int *n = ud;
    ck_assert_int_eq(d->severity, ERG_WARNING);
    ck_assert_ptr_nonnull(strstr(d->text, "igraph: "));
    (*n)++;
}

/* A warning callback may call erg again (the lock is released first). */
static void reentrant_warning(void *ud, const erg_diag *d) {
    (void)d;
    erg_graph *g = ud;
    erg_scores s;
    ck_assert_int_eq(erg_centrality(g, ERG_DEGREE, NULL, &s), ERG_OK);
    erg_scores_free(g, &s);
}

/* A ring of n entities with chords, for long-running measures. */
static erg_graph *ring(int n) {
    erg_graph *g = erg_graph_new();
    char a[32], b[32], id[32];
    for (int i = 0; i < n; i++) {
        snprintf(a, sizeof a, "v%d", i);
        ent(g, a, "node");
    }
    for (int i = 0; i < n; i++) {
        snprintf(a, sizeof a, "v%d", i);
        snprintf(b, sizeof b, "v%d", (i + 1) % n);
        snprintf(id, sizeof id, "r%d", i);
        rel(g, id, a, b, "link", false);
        snprintf(b, sizeof b, "v%d", (i * 7 + 3) % n);
        snprintf(id, sizeof id, "c%d", i);
        rel(g, id, a, b, "link", false);
    }
    return g;
}

typedef struct progress_log {
    int calls;
    uint64_t last_done, last_total;
    char what[64];
} progress_log;

static void log_progress(void *ud, const char *what, uint64_t done, uint64_t total) {
    progress_log *p = ud;
    p->calls++;
    p->last_done = done;
    p->last_total = total;
    snprintf(p->what, sizeof p->what, "%s", what);
}

/* An interrupt stops betweenness (exact and sampled) with everything
 * freed and igraph's state clean: the same call then runs to the end, and
 * reports its progress as "computing betweenness" up to 1000 of 1000. */
START_TEST(interrupt_and_progress) {
    erg_graph *g = ring(400);
    volatile int stop = 1;
    erg_analysis_opts o = {0};
    o.interrupt = &stop;
    erg_scores s = {NULL, 0};
    for (int round = 0; round < 3; round++) {
        o.sample = round == 1 ? 50 : 0;
        ck_assert_int_eq(erg_centrality(g, ERG_BETWEENNESS, &o, &s), ERG_EINTERRUPTED);
        ck_assert_str_eq(erg_errmsg(g), "betweenness: interrupted");
        ck_assert_ptr_null(s.items);
    }
    stop = 0;
    progress_log log = {0, 0, 0, ""};
    erg_set_progress(g, log_progress, &log);
    o.sample = 0;
    centrality(g, ERG_BETWEENNESS, &o, &s);
    ck_assert_uint_eq(s.n, 400);
    ck_assert_int_gt(log.calls, 1);
    ck_assert_str_eq(log.what, "computing betweenness");
    ck_assert_uint_eq(log.last_done, 1000);
    ck_assert_uint_eq(log.last_total, 1000);
    /* sampling every source but one still ranks every entity */
    erg_scores t = {NULL, 0};
    o.sample = 399;
    o.seed = 9;
    centrality(g, ERG_BETWEENNESS, &o, &t);
    ck_assert_uint_eq(t.n, 400);
    erg_scores_free(g, &t);
    erg_scores_free(g, &s);
    erg_graph_free(g);
}
END_TEST

START_TEST(igraph_errors_become_erg_errors) {
    erg_graph *g = mk("a b c", "a>b b>c");
    erg_analysis_opts o = {0};
    o.damping = 1.5; /* igraph refuses it */
    erg_scores s = {NULL, 0};
    for (int i = 0; i < 3; i++) { /* and keeps working afterwards */
        ck_assert_int_eq(erg_centrality(g, ERG_PAGERANK, &o, &s), ERG_EANALYSIS);
        ck_assert_int_eq(erg_errcode(g), ERG_EANALYSIS);
        ck_assert_msg(strstr(erg_errmsg(g), "pagerank: igraph: ") == erg_errmsg(g), "%s", erg_errmsg(g));
        ck_assert_msg(strstr(erg_errmsg(g), "damping"), "%s", erg_errmsg(g)); /* the first, real reason */
        ck_assert_ptr_null(s.items);
    }
    o.damping = 0.5;
    centrality(g, ERG_PAGERANK, &o, &s);
    ck_assert_uint_eq(s.n, 3);
    erg_scores_free(g, &s);
    erg_graph_free(g);
}
END_TEST

START_TEST(igraph_warnings_reach_the_caller) {
    /* directed acyclic: eigenvector centrality is all zeros and igraph warns */
    erg_graph *g = mk("a b c", "a>b b>c");
    erg_analysis_opts o = {0};
    int n = 0;
    o.warn = count_warning;
    o.warn_ud = &n;
    erg_scores s;
    centrality(g, ERG_EIGENVECTOR, &o, &s);
    ck_assert_int_gt(n, 0);
    erg_scores_free(g, &s);
    o.warn = reentrant_warning;
    o.warn_ud = g;
    centrality(g, ERG_EIGENVECTOR, &o, &s);
    erg_scores_free(g, &s);
    /* no warning leaks from an expected unreachable path */
    n = 0;
    o.warn = count_warning;
    o.warn_ud = &n;
    o.mode = ERG_OUT;
    erg_path p;
    ck_assert_int_eq(erg_shortest_path(g, by_id(g, "c"), by_id(g, "a"), &o, &p), ERG_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(erg_errmsg(g), "no path from 'c' to 'a'"));
    ck_assert_int_eq(n, 0);
    ck_assert_ptr_null(p.hops);
    erg_graph_free(g);
}
END_TEST

/* ---- communities and components ------------------------------------------------ */
/* Two 4-cliques joined by one bridge, plus a lone entity. */
static erg_graph *two_cliques(void) {
    return mk("a1 a2 a3 a4 b1 b2 b3 b4 z",
              "a1-a2 a1-a3 a1-a4 a2-a3 a2-a4 a3-a4 b1-b2 b1-b3 b1-b4 b2-b3 b2-b4 b3-b4 a1-b1");
}

START_TEST(communities_two_cliques) {
    erg_graph *g = two_cliques();
    /* modularity of {a}, {b}, {z}: m = 13; each clique has 6 internal
     * edges and degree sum 13 */
    double q = 2 * (6.0 / 13 - (13.0 / 26) * (13.0 / 26));
    for (int m = ERG_LOUVAIN; m <= ERG_WALKTRAP; m++) {
        erg_partition p;
        ck_assert_int_eq(erg_communities(g, (erg_community_method)m, NULL, &p), ERG_OK);
        ck_assert_uint_eq(p.n, 9);
        ck_assert_uint_eq(p.ngroups, 3);
        ck_assert_uint_eq(p.group[0], p.group[1]); /* a1 a2 */
        ck_assert_uint_ne(p.group[0], p.group[4]); /* a1 b1 */
        ck_assert_uint_eq(p.group[8], 2);          /* the lone entity: smallest, last */
        ck_assert_uint_eq(p.group[0], 0);          /* ties: first member first */
        ck_near(p.modularity, q);
        ck_assert_str_eq(erg_entity_id(g, p.entity[8]), "z");
        erg_partition_free(g, &p);
        ck_assert_ptr_null(p.group);
    }
    erg_graph_free(g);
}
END_TEST

START_TEST(communities_seeded_and_weighted) {
    /* a ring of 6 triangles: Louvain and Leiden are randomised */
    erg_graph *g = erg_graph_new();
    char a[16], b[16], id[16];
    for (int i = 0; i < 18; i++) {
        snprintf(a, sizeof a, "n%d", i);
        ent(g, a, "node");
    }
    int k = 0;
    for (int t = 0; t < 6; t++)
        for (int i = 0; i < 3; i++) {
            snprintf(a, sizeof a, "n%d", 3 * t + i);
            snprintf(b, sizeof b, "n%d", 3 * t + (i + 1) % 3);
            snprintf(id, sizeof id, "e%d", k++);
            set_f(g, rel(g, id, a, b, "link", false), "w", 5);
        }
    for (int t = 0; t < 6; t++) {
        snprintf(a, sizeof a, "n%d", 3 * t);
        snprintf(b, sizeof b, "n%d", (3 * t + 4) % 18);
        snprintf(id, sizeof id, "e%d", k++);
        set_f(g, rel(g, id, a, b, "link", false), "w", 1);
    }
    erg_analysis_opts o = {0};
    o.weight = "w";
    for (int m = ERG_LOUVAIN; m <= ERG_LEIDEN; m++) {
        erg_partition p1, p2;
        o.seed = 12345;
        ck_assert_int_eq(erg_communities(g, (erg_community_method)m, &o, &p1), ERG_OK);
        ck_assert_int_eq(erg_communities(g, (erg_community_method)m, &o, &p2), ERG_OK);
        ck_assert_uint_eq(p1.ngroups, p2.ngroups);
        ck_assert_mem_eq(p1.group, p2.group, p1.n * sizeof *p1.group);
        ck_assert_uint_eq(p1.ngroups, 6); /* the triangles */
        ck_assert(p1.modularity > 0.6);
        erg_partition_free(g, &p1);
        erg_partition_free(g, &p2);
        /* a high resolution splits finer */
        o.resolution = 50;
        ck_assert_int_eq(erg_communities(g, (erg_community_method)m, &o, &p1), ERG_OK);
        ck_assert_uint_gt(p1.ngroups, 6);
        erg_partition_free(g, &p1);
        o.resolution = 0;
    }
    ck_assert_int_eq(erg_communities(g, (erg_community_method)9, &o, &(erg_partition){0}), ERG_EINVAL);
    erg_graph_free(g);
}
END_TEST

START_TEST(components) {
    erg_graph *g = mk("a b c d e", "a>b b>c c>a c>d");
    erg_partition p;
    ck_assert_int_eq(erg_components(g, false, NULL, &p), ERG_OK);
    ck_assert_uint_eq(p.ngroups, 2); /* {a b c d}, {e} */
    ck_assert_uint_eq(p.group[3], 0);
    ck_assert_uint_eq(p.group[4], 1);
    ck_assert(isnan(p.modularity));
    erg_partition_free(g, &p);
    ck_assert_int_eq(erg_components(g, true, NULL, &p), ERG_OK);
    ck_assert_uint_eq(p.ngroups, 3); /* {a b c}, {d}, {e} */
    ck_assert_uint_eq(p.group[0], 0);
    ck_assert_uint_eq(p.group[2], 0);
    ck_assert_uint_eq(p.group[3], 1);
    ck_assert_uint_eq(p.group[4], 2);
    erg_partition_free(g, &p);
    erg_graph_free(g);
}
END_TEST

/* ---- paths ------------------------------------------------------------------- */
START_TEST(shortest_path_hops) {
    /* m supplies i (twice: r1 r2), m develops z, i uses z, g -- m */
    erg_graph *g = erg_graph_new();
    ent(g, "m", "company");
    ent(g, "i", "agency");
    ent(g, "z", "product");
    ent(g, "g", "paper");
    rel(g, "r1", "m", "i", "supplies", true);
    rel(g, "r2", "m", "i", "denies", true);
    erg_rel dev = rel(g, "r3", "m", "z", "develops", true);
    rel(g, "r4", "i", "z", "uses", true);
    rel(g, "r5", "g", "m", "partnered", false);
    erg_path p;
    ck_assert_int_eq(erg_shortest_path(g, by_id(g, "m"), by_id(g, "i"), NULL, &p), ERG_OK);
    ck_assert_uint_eq(p.n, 1);
    ck_assert_str_eq(erg_rel_id(g, p.hops[0].rel), "r1"); /* first of the parallel ones */
    ck_assert_int_eq(p.hops[0].dir, ERG_HOP_FORWARD);
    erg_path_free(g, &p);
    /* g to z: g -- m --> z (or via i); any direction by default */
    ck_assert_int_eq(erg_shortest_path(g, by_id(g, "g"), by_id(g, "z"), NULL, &p), ERG_OK);
    ck_assert_uint_eq(p.n, 2);
    ck_assert_int_eq(p.hops[0].dir, ERG_HOP_UNDIRECTED);
    ck_assert_str_eq(erg_entity_id(g, p.hops[0].from), "g");
    ck_assert_str_eq(erg_entity_id(g, p.hops[0].to), "m");
    ck_assert_uint_eq(p.hops[1].rel.idx, dev.idx);
    ck_assert_int_eq(p.hops[1].dir, ERG_HOP_FORWARD);
    erg_path_free(g, &p);
    /* z to i walks against "uses" */
    ck_assert_int_eq(erg_shortest_path(g, by_id(g, "z"), by_id(g, "i"), NULL, &p), ERG_OK);
    ck_assert_uint_eq(p.n, 1);
    ck_assert_int_eq(p.hops[0].dir, ERG_HOP_BACKWARD);
    ck_assert_str_eq(erg_entity_id(g, p.hops[0].from), "z");
    erg_path_free(g, &p);
    /* following direction only, z reaches nothing */
    erg_analysis_opts o = {0};
    o.mode = ERG_OUT;
    ck_assert_int_eq(erg_shortest_path(g, by_id(g, "z"), by_id(g, "i"), &o, &p), ERG_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(erg_errmsg(g), "following relationship direction"));
    /* against direction works */
    o.mode = ERG_IN;
    ck_assert_int_eq(erg_shortest_path(g, by_id(g, "z"), by_id(g, "i"), &o, &p), ERG_OK);
    ck_assert_int_eq(p.hops[0].dir, ERG_HOP_BACKWARD);
    erg_path_free(g, &p);
    /* from itself: no hops */
    ck_assert_int_eq(erg_shortest_path(g, by_id(g, "m"), by_id(g, "m"), NULL, &p), ERG_OK);
    ck_assert_uint_eq(p.n, 0);
    ck_near(p.length, 0);
    erg_path_free(g, &p);
    /* a deleted entity */
    erg_entity gone = by_id(g, "g");
    ck_assert_int_eq(erg_entity_delete(g, gone), ERG_OK);
    ck_assert_int_eq(erg_shortest_path(g, gone, by_id(g, "m"), NULL, &p), ERG_EDELETED);
    erg_graph_free(g);
}
END_TEST

START_TEST(simple_paths_expand_parallel) {
    /* a => b (two relationships) -> d, a -> c -> d, a -> d */
    erg_graph *g = mk("a b c d", "a>b a>b b>d a>c c>d a>d");
    erg_paths ps;
    ck_assert_int_eq(erg_simple_paths(g, by_id(g, "a"), by_id(g, "d"), 0, 0, NULL, &ps), ERG_OK);
    ck_assert_uint_eq(ps.n, 4);
    ck_assert(!ps.truncated);
    ck_assert_uint_eq(ps.paths[0].n, 1); /* shortest first */
    ck_assert_str_eq(erg_rel_id(g, ps.paths[0].hops[0].rel), "r6");
    size_t via_b = 0;
    for (size_t i = 1; i < ps.n; i++) {
        ck_assert_uint_eq(ps.paths[i].n, 2);
        ck_near(ps.paths[i].length, 2);
        if (!strcmp(erg_entity_id(g, ps.paths[i].hops[0].to), "b")) via_b++;
    }
    ck_assert_uint_eq(via_b, 2); /* r1 and r2 each give a path */
    erg_paths_free(g, &ps);
    ck_assert_ptr_null(ps.paths);
    /* capped */
    ck_assert_int_eq(erg_simple_paths(g, by_id(g, "a"), by_id(g, "d"), 0, 2, NULL, &ps), ERG_OK);
    ck_assert_uint_eq(ps.n, 2);
    ck_assert(ps.truncated);
    erg_paths_free(g, &ps);
    /* hop bound */
    ck_assert_int_eq(erg_simple_paths(g, by_id(g, "a"), by_id(g, "d"), 1, 0, NULL, &ps), ERG_OK);
    ck_assert_uint_eq(ps.n, 1);
    erg_paths_free(g, &ps);
    /* following direction, d reaches nothing */
    erg_analysis_opts o = {0};
    o.mode = ERG_OUT;
    ck_assert_int_eq(erg_simple_paths(g, by_id(g, "d"), by_id(g, "a"), 0, 0, &o, &ps), ERG_OK);
    ck_assert_uint_eq(ps.n, 0);
    erg_paths_free(g, &ps);
    ck_assert_int_eq(erg_simple_paths(g, by_id(g, "a"), by_id(g, "a"), 0, 0, NULL, &ps), ERG_OK);
    ck_assert_uint_eq(ps.n, 0);
    ck_assert_int_eq(erg_simple_paths(g, by_id(g, "a"), by_id(g, "d"), 64, 0, NULL, &ps), ERG_EINVAL);
    erg_graph_free(g);
}
END_TEST

START_TEST(ego_network) {
    erg_graph *g = erg_graph_new();
    erg_entity c = ent(g, "c", "person");
    ent(g, "n1", "person");
    ent(g, "n2", "company");
    ent(g, "far", "person");
    ck_assert_int_eq(erg_entity_set_name(g, c, "Center"), ERG_OK);
    ck_assert_int_eq(erg_entity_add_alias(g, c, "Middle"), ERG_OK);
    erg_value age = erg_int(40);
    ck_assert_int_eq(erg_attr_set(g, erg_obj_entity(c), "age", &age), ERG_OK);
    erg_source s1, s2;
    ck_assert_int_eq(erg_source_add(g, "s1", &s1), ERG_OK);
    ck_assert_int_eq(erg_source_add(g, "s2", &s2), ERG_OK);
    erg_value title = erg_str("A report");
    ck_assert_int_eq(erg_attr_set(g, erg_obj_source(s1), "title", &title), ERG_OK);
    erg_rel r = rel(g, "k1", "c", "n1", "knows", false);
    erg_value src = erg_str("s1");
    ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r), "source", &src), ERG_OK);
    rel(g, "w", "n2", "c", "employs", true);
    rel(g, "nn", "n1", "n2", "knows", false);
    erg_rel far = rel(g, "f", "n1", "far", "knows", false);
    erg_value src2 = erg_str("s2");
    ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(far), "source", &src2), ERG_OK);
    ck_assert_int_eq(erg_graph_set_meta(g, "title", "Test graph"), ERG_OK);

    erg_graph *e;
    ck_assert_int_eq(erg_ego(g, c, 1, NULL, &e), ERG_OK);
    ck_assert_uint_eq(erg_entity_count(e), 3);
    ck_assert_uint_eq(erg_rel_count(e), 3); /* k1, w, nn; not f */
    erg_entity ec;
    ck_assert_int_eq(erg_entity_find(e, "middle", &ec), ERG_OK);
    ck_assert_str_eq(erg_entity_name(e, ec), "Center");
    erg_value v;
    ck_assert_int_eq(erg_attr_get(e, erg_obj_entity(ec), "age", &v), ERG_OK);
    ck_assert_int_eq(v.u.i, 40);
    erg_rel er;
    ck_assert_int_eq(erg_rel_by_id(e, "w", &er), ERG_OK);
    ck_assert(erg_rel_directed(e, er));
    ck_assert_str_eq(erg_entity_id(e, erg_rel_from(e, er)), "n2");
    ck_assert_uint_eq(erg_source_count(e), 1); /* s1 cited, s2 not */
    erg_source es;
    ck_assert_int_eq(erg_source_by_id(e, "s1", &es), ERG_OK);
    ck_assert_int_eq(erg_attr_get(e, erg_obj_source(es), "title", &v), ERG_OK);
    ck_assert_str_eq(v.u.s.ptr, "A report");
    ck_assert_str_eq(erg_graph_meta(e, "title"), "Test graph");
    erg_graph_free(e);
    /* following direction from n2: c only (employs), n1 through undirected nn */
    erg_analysis_opts o = {0};
    o.mode = ERG_OUT;
    ck_assert_int_eq(erg_ego(g, by_id(g, "n2"), 1, &o, &e), ERG_OK);
    ck_assert_uint_eq(erg_entity_count(e), 3);
    erg_graph_free(e);
    ck_assert_int_eq(erg_ego(g, c, 0, NULL, &e), ERG_OK);
    ck_assert_uint_eq(erg_entity_count(e), 1);
    ck_assert_uint_eq(erg_rel_count(e), 0);
    erg_graph_free(e);
    ck_assert_int_eq(erg_ego(g, c, 5, NULL, &e), ERG_OK);
    ck_assert_uint_eq(erg_entity_count(e), 4);
    ck_assert_uint_eq(erg_source_count(e), 2);
    erg_graph_free(e);
    erg_graph_free(g);
}
END_TEST

/* ---- threads ------------------------------------------------------------------ */
typedef struct job { erg_graph *g; int ok; } job;

static void *analyse(void *ud) {
    job *j = ud;
    for (int i = 0; i < 40; i++) {
        erg_scores s;
        erg_partition p;
        erg_analysis_opts o = {0};
        o.seed = (uint64_t)i;
        if (erg_centrality(j->g, (erg_measure)(ERG_DEGREE + i % 10), NULL, &s) != ERG_OK) return NULL;
        erg_scores_free(j->g, &s);
        if (erg_communities(j->g, (erg_community_method)(ERG_LOUVAIN + i % 3), &o, &p) != ERG_OK) return NULL;
        if (p.ngroups != 3) return NULL;
        erg_partition_free(j->g, &p);
        o.damping = 2; /* an igraph error on one thread must not disturb the other */
        if (erg_centrality(j->g, ERG_PAGERANK, &o, &s) != ERG_EANALYSIS) return NULL;
        if (!strstr(erg_errmsg(j->g), "damping")) return NULL;
    }
    j->ok = 1;
    return NULL;
}

START_TEST(two_threads) {
    job jobs[3] = {{two_cliques(), 0}, {two_cliques(), 0}, {two_cliques(), 0}};
    pthread_t t[3];
    for (int i = 0; i < 3; i++) ck_assert_int_eq(pthread_create(&t[i], NULL, analyse, &jobs[i]), 0);
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(jobs[i].ok, 1);
        erg_graph_free(jobs[i].g);
    }
}
END_TEST

/* ---- allocation failure --------------------------------------------------------- */
START_TEST(allocation_failure) {
    unit_fail f = {0};
    erg_graph *g = erg_graph_new_with(unit_fail_realloc, &f);
    ck_assert_ptr_nonnull(g);
    const char *ids[] = {"a1", "a2", "a3", "b1", "b2", "b3"};
    for (int i = 0; i < 6; i++) ck_assert_int_eq(erg_entity_add(g, ids[i], "n", NULL, NULL), ERG_OK);
    const char *links[][2] = {{"a1", "a2"}, {"a2", "a3"}, {"a1", "a3"}, {"b1", "b2"},
                              {"b2", "b3"}, {"b1", "b3"}, {"a1", "b1"}, {"a1", "a2"}};
    for (int i = 0; i < 8; i++) {
        erg_rel r;
        ck_assert_int_eq(erg_rel_add(g, NULL, by_id(g, links[i][0]), by_id(g, links[i][1]), "l", i % 2, &r),
                         ERG_OK);
        erg_value w = erg_float(1 + i);
        ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r), "w", &w), ERG_OK);
    }
    const char *types[] = {"n"};
    erg_analysis_opts o = {0};
    o.weight = "w";
    o.entity_types = types;
    o.n_entity_types = 1;
    /* every call, its nth allocation failing, until one goes through */
    for (int call = 0; call < 6; call++) {
        bool done = false;
        for (long n = 1; !done; n++) {
            ck_assert_int_lt(n, 10000);
            erg_graph_free(NULL);
            erg_scores s = {NULL, 0};
            erg_partition p;
            erg_paths ps;
            erg_path path;
            erg_graph *e = NULL;
            /* a changed version each time, so the conversion is redone */
            erg_value w = erg_float((double)n);
            erg_rel r0;
            ck_assert_int_eq(erg_rel_by_id(g, "r1", &r0), ERG_OK);
            ck_assert_int_eq(erg_attr_set(g, erg_obj_rel(r0), "w", &w), ERG_OK);
            f.fail_at = f.calls + n;
            int rc;
            switch (call) {
            case 0: rc = erg_centrality(g, ERG_BETWEENNESS, &o, &s); break;
            case 1: rc = erg_communities(g, ERG_LEIDEN, &o, &p); break;
            case 2: rc = erg_components(g, true, &o, &p); break;
            case 3: rc = erg_shortest_path(g, by_id(g, "a3"), by_id(g, "b3"), &o, &path); break;
            case 4: rc = erg_simple_paths(g, by_id(g, "a3"), by_id(g, "b3"), 0, 0, &o, &ps); break;
            default: rc = erg_ego(g, by_id(g, "a1"), 1, &o, &e); break;
            }
            f.fail_at = 0;
            ck_assert_msg(rc == ERG_OK || rc == ERG_ENOMEM, "call %d, failing allocation %ld: %s", call, n,
                          erg_errmsg(g));
            if (rc == ERG_OK) {
                done = true;
                switch (call) {
                case 0: erg_scores_free(g, &s); break;
                case 1:
                case 2: erg_partition_free(g, &p); break;
                case 3: erg_path_free(g, &path); break;
                case 4: erg_paths_free(g, &ps); break;
                default:
                    ck_assert_uint_eq(erg_entity_count(e), 4);
                    erg_graph_free(e);
                    break;
                }
            } else {
                ck_assert_int_eq(erg_errcode(g), ERG_ENOMEM);
            }
        }
    }
    erg_graph_free(g);
    ck_assert_uint_eq(f.live, 0); /* every block freed, with its size */
    ck_assert_int_eq(f.bad_old, 0);
}
END_TEST

START_TEST(cache_is_reused) {
    unit_fail f = {0};
    erg_graph *g = erg_graph_new_with(unit_fail_realloc, &f);
    const char *ids[] = {"a", "b", "c", "d"};
    for (int i = 0; i < 4; i++) ck_assert_int_eq(erg_entity_add(g, ids[i], "n", NULL, NULL), ERG_OK);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(erg_rel_add(g, NULL, by_id(g, ids[i]), by_id(g, ids[i + 1]), "l", true, NULL), ERG_OK);
    long counts[3];
    for (int round = 0; round < 3; round++) {
        erg_scores s;
        if (round == 2) ck_assert_int_eq(erg_entity_add(g, "e", "n", NULL, NULL), ERG_OK);
        long before = f.calls; /* count, never fail */
        ck_assert_int_eq(erg_centrality(g, ERG_PAGERANK, NULL, &s), ERG_OK);
        counts[round] = f.calls - before;
        erg_scores_free(g, &s);
    }
    ck_assert_int_lt(counts[1], counts[0]); /* the second call converts nothing */
    ck_assert_int_gt(counts[2], counts[1]); /* a change converts again */
    erg_graph_free(g);
    ck_assert_uint_eq(f.live, 0);
    ck_assert_int_eq(f.bad_old, 0);
}
END_TEST

Suite *suite_analysis(void) {
    Suite *s = suite_create("analysis");
    TCase *tc = tcase_create("analysis");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, measure_names);
    tcase_add_test(tc, undirected_when_all_undirected);
    tcase_add_test(tc, self_loops_and_parallel);
    tcase_add_test(tc, modes);
    tcase_add_test(tc, measures_by_hand);
    tcase_add_test(tc, hub_and_authority);
    tcase_add_test(tc, weights_distance_and_strength);
    tcase_add_test(tc, weight_errors);
    tcase_add_test(tc, type_filters);
    tcase_add_test(tc, date_window);
    tcase_add_test(tc, cache_follows_changes);
    tcase_add_test(tc, empty_graph);
    tcase_add_test(tc, igraph_errors_become_erg_errors);
    tcase_add_test(tc, interrupt_and_progress);
    tcase_add_test(tc, igraph_warnings_reach_the_caller);
    tcase_add_test(tc, communities_two_cliques);
    tcase_add_test(tc, communities_seeded_and_weighted);
    tcase_add_test(tc, components);
    tcase_add_test(tc, shortest_path_hops);
    tcase_add_test(tc, simple_paths_expand_parallel);
    tcase_add_test(tc, ego_network);
    tcase_add_test(tc, two_threads);
    tcase_add_test(tc, allocation_failure);
    tcase_add_test(tc, cache_is_reused);
    suite_add_tcase(s, tc);
    return s;
}
