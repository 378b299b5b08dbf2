/*
 * tsan_threads.c -- the sharing rules of erg.h under ThreadSanitizer
 * (`make tsan`): what the header allows, done from several threads at once.
 *
 *  1. Many readers of one graph that no thread modifies: lookups by id and
 *     by name, entity and relationship accessors, adjacency, iteration,
 *     attribute reads (by name and by schema index), the schema, and
 *     exports of the shared graph to a file per thread.
 *  2. One graph per thread: each thread builds, imports (CSV), changes,
 *     analyses and exports a graph of its own.
 *  3. Analyses on one shared graph from several threads (serialised inside
 *     erg on one process-wide lock; the cache on the handle is only touched
 *     under it), while other threads keep reading that graph.
 *
 * Every thread checks its answers against ones computed before the threads
 * start; TSan (halt_on_error) fails the run on any data race.
 */
#include "../../core/erg.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NENT 600
#define NREL 2400
#define NTHREADS 4

static char tmpdir[256];
static int failures;
static pthread_mutex_t fail_lock = PTHREAD_MUTEX_INITIALIZER;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (!(cond)) {                                                     \
            pthread_mutex_lock(&fail_lock);                                \
            failures++;                                                    \
            fprintf(stderr, "tsan_threads: %s:%d: ", __FILE__, __LINE__);  \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
            pthread_mutex_unlock(&fail_lock);                              \
        }                                                                  \
    } while (0)

/* A graph with names, aliases, several attribute types and sources. */
static erg_graph *build(unsigned seed) {
    erg_graph *g = erg_graph_new();
    if (!g) abort();
    char id[32], name[64];
    for (int i = 0; i < NENT; i++) {
        erg_entity e;
        snprintf(id, sizeof id, "e%d", i);
        snprintf(name, sizeof name, "Entity %d", i);
        if (erg_entity_add(g, id, i % 3 ? "company" : "person", name, &e)) abort();
        snprintf(name, sizeof name, "alias-%d", i);
        if (erg_entity_add_alias(g, e, name)) abort();
        erg_value v = erg_int(i * 7);
        if (erg_attr_set(g, erg_obj_entity(e), "size", &v)) abort();
        erg_value tags[2] = {erg_str("x"), erg_str(i % 2 ? "odd" : "even")};
        v = erg_listv(ERG_STRING, tags, 2);
        if (erg_attr_set(g, erg_obj_entity(e), "tags", &v)) abort();
    }
    erg_source s;
    if (erg_source_add(g, "s1", &s)) abort();
    erg_value title = erg_str("A source");
    if (erg_attr_set(g, erg_obj_source(s), "title", &title)) abort();
    unsigned x = seed;
    for (int i = 0; i < NREL; i++) {
        x = x * 1103515245u + 12345u;
        erg_entity a, b;
        snprintf(id, sizeof id, "e%d", i % NENT);
        erg_entity_by_id(g, id, &a);
        snprintf(id, sizeof id, "e%u", (x >> 8) % NENT);
        erg_entity_by_id(g, id, &b);
        erg_rel r;
        if (erg_rel_add(g, NULL, a, b, i % 4 ? "supplies" : "owns", i % 5 != 0, &r)) abort();
        erg_value w = erg_float(1.0 + (double)(i % 9));
        if (erg_attr_set(g, erg_obj_rel(r), "weight", &w)) abort();
        erg_value src = erg_str("s1");
        if (erg_attr_set(g, erg_obj_rel(r), "source", &src)) abort();
    }
    if (erg_graph_set_meta(g, "title", "tsan")) abort();
    return g;
}

/* ---- 1. readers of one graph ------------------------------------------------ */
static erg_graph *shared;
static double shared_pagerank_sum;
static size_t shared_communities;
static long shared_degree_total;

static long degree_total(erg_graph *g) {
    long total = 0;
    erg_iter it = erg_entities(g, NULL);
    erg_entity e;
    while (erg_entity_next(g, &it, &e)) {
        erg_adj adj;
        if (erg_adjacent(g, e, ERG_BOTH, NULL, &adj)) return -1;
        erg_rel r;
        while (erg_adj_next(g, &adj, &r)) total++;
    }
    return total;
}

static void *reader(void *arg) {
    int t = (int)(long)arg;
    erg_graph *g = shared;
    char id[32], name[64];
    for (int round = 0; round < 3; round++) {
        for (int i = t; i < NENT; i += 3) {
            erg_entity e, f;
            snprintf(id, sizeof id, "e%d", i);
            CHECK(erg_entity_by_id(g, id, &e) == ERG_OK, "by id %s", id);
            CHECK(!strcmp(erg_entity_id(g, e), id), "id of %s", id);
            snprintf(name, sizeof name, "Entity %d", i);
            CHECK(!strcmp(erg_entity_name(g, e), name), "name of %s", id);
            snprintf(name, sizeof name, "ALIAS-%d", i);
            CHECK(erg_entity_find(g, name, &f) == ERG_OK && f.idx == e.idx, "find %s", name);
            CHECK(erg_entity_alias_count(g, e) == 1, "aliases of %s", id);
            erg_value v;
            CHECK(erg_attr_get(g, erg_obj_entity(e), "size", &v) == ERG_OK && v.u.i == i * 7, "size of %s", id);
            CHECK(erg_attr_get(g, erg_obj_entity(e), "tags", &v) == ERG_OK && v.u.list.n == 2, "tags of %s", id);
            CHECK(erg_attr_get_at(g, erg_obj_entity(e), 0, &v) == ERG_OK, "size by index of %s", id);
            erg_adj adj;
            CHECK(erg_adjacent(g, e, ERG_OUT, "supplies", &adj) == ERG_OK, "adjacent %s", id);
            erg_rel r;
            while (erg_adj_next(g, &adj, &r)) {
                erg_entity o = erg_rel_other(g, r, e);
                CHECK(erg_entity_alive(g, o), "other end of %s", erg_rel_id(g, r));
                CHECK(erg_attr_get(g, erg_obj_rel(r), "weight", &v) == ERG_OK && v.u.f >= 1, "weight");
            }
            CHECK(erg_entity_by_id(g, "no-such-id", &f) == ERG_ENOTFOUND, "missing id");
        }
        CHECK(degree_total(g) == shared_degree_total, "degree total");
        CHECK(erg_entity_count(g) == NENT && erg_rel_count(g) == NREL, "counts");
        CHECK(erg_schema_count(g, ERG_KIND_ENTITY) == 2, "schema");
        CHECK(!strcmp(erg_graph_meta(g, "title"), "tsan"), "meta");
        size_t nrel = 0;
        erg_iter it = erg_rels(g, "owns");
        erg_rel r;
        while (erg_rel_next(g, &it, &r)) nrel++;
        CHECK(nrel == NREL / 4, "owns: %zu", nrel);
    }
    static const char *const formats[] = {"graphml", "gexf", "json", "dot", "csv", "cytoscape"};
    char path[512];
    snprintf(path, sizeof path, "%s/shared-%d.%s", tmpdir, t, formats[t % 6]);
    CHECK(erg_export(g, formats[t % 6], path) == ERG_OK, "export %s", path);
    return NULL;
}

/* ---- 2. one graph per thread ------------------------------------------------ */
static void *owner(void *arg) {
    int t = (int)(long)arg;
    erg_graph *g = build(1000u + (unsigned)t);
    char dir[512];
    snprintf(dir, sizeof dir, "%s/own-%d", tmpdir, t);
    CHECK(erg_export(g, "csv", dir) == ERG_OK, "csv export: %s", erg_errmsg(g));
    erg_graph *h = erg_graph_new();
    CHECK(erg_read(h, dir, NULL, NULL) == ERG_OK, "csv import: %s", erg_errmsg(h));
    CHECK(erg_entity_count(h) == NENT, "imported entities");
    erg_entity e;
    CHECK(erg_entity_by_id(h, "e1", &e) == ERG_OK && erg_entity_delete(h, e) == ERG_OK, "delete");
    erg_scores sc;
    CHECK(erg_centrality(h, ERG_PAGERANK, NULL, &sc) == ERG_OK, "pagerank: %s", erg_errmsg(h));
    erg_scores_free(h, &sc);
    erg_partition p;
    erg_analysis_opts o = {0};
    o.seed = (uint64_t)t;
    CHECK(erg_communities(h, ERG_LOUVAIN, &o, &p) == ERG_OK, "louvain: %s", erg_errmsg(h));
    erg_partition_free(h, &p);
    char path[512];
    snprintf(path, sizeof path, "%s/own-%d.graphml", tmpdir, t);
    CHECK(erg_export(h, "graphml", path) == ERG_OK, "graphml export");
    erg_graph *k = erg_graph_new();
    CHECK(erg_read(k, path, NULL, NULL) == ERG_OK, "graphml import: %s", erg_errmsg(k));
    erg_graph_free(k);
    erg_graph_free(h);
    erg_graph_free(g);
    return NULL;
}

/* ---- 3. analyses of one shared graph ---------------------------------------- */
static void *analyst(void *arg) {
    int t = (int)(long)arg;
    erg_graph *g = shared;
    for (int round = 0; round < 2; round++) {
        erg_scores sc;
        erg_analysis_opts o = {0};
        if ((t + round) % 2) {
            CHECK(erg_centrality(g, ERG_PAGERANK, &o, &sc) == ERG_OK, "pagerank");
            double sum = 0;
            for (size_t i = 0; i < sc.n; i++) sum += sc.items[i].score;
            CHECK(fabs(sum - shared_pagerank_sum) < 1e-9, "pagerank sum %g", sum);
            erg_scores_free(g, &sc);
        } else {
            /* another view: the cache is rebuilt, under the lock */
            const char *types[] = {"supplies"};
            o.rel_types = types;
            o.n_rel_types = 1;
            o.weight = "weight";
            CHECK(erg_centrality(g, ERG_BETWEENNESS, &o, &sc) == ERG_OK, "betweenness");
            erg_scores_free(g, &sc);
        }
        erg_partition p;
        erg_analysis_opts lo = {0};
        lo.seed = 7;
        CHECK(erg_communities(g, ERG_LOUVAIN, &lo, &p) == ERG_OK, "louvain");
        CHECK(p.ngroups == shared_communities, "louvain groups %zu", p.ngroups);
        erg_partition_free(g, &p);
        erg_entity a, b;
        erg_entity_by_id(g, "e0", &a);
        erg_entity_by_id(g, "e5", &b);
        erg_path path;
        int rc = erg_shortest_path(g, a, b, NULL, &path);
        CHECK(rc == ERG_OK || rc == ERG_ENOTFOUND, "path");
        if (rc == ERG_OK) erg_path_free(g, &path);
    }
    return NULL;
}

static void run(void *(*fn)(void *), int n, void *(*fn2)(void *), int n2) {
    pthread_t th[2 * NTHREADS];
    for (int i = 0; i < n; i++)
        if (pthread_create(&th[i], NULL, fn, (void *)(long)i)) abort();
    for (int i = 0; i < n2; i++)
        if (pthread_create(&th[n + i], NULL, fn2, (void *)(long)i)) abort();
    for (int i = 0; i < n + n2; i++) pthread_join(th[i], NULL);
}

static int rm_tree(const char *path) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    return system(cmd);
}

int main(void) {
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/erg-tsan-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) return 2;
    shared = build(1);
    shared_degree_total = degree_total(shared);
    erg_scores sc;
    if (erg_centrality(shared, ERG_PAGERANK, NULL, &sc)) return 2;
    for (size_t i = 0; i < sc.n; i++) shared_pagerank_sum += sc.items[i].score;
    erg_scores_free(shared, &sc);
    erg_partition p;
    erg_analysis_opts lo = {0};
    lo.seed = 7;
    if (erg_communities(shared, ERG_LOUVAIN, &lo, &p)) return 2;
    shared_communities = p.ngroups;
    erg_partition_free(shared, &p);

    run(reader, NTHREADS, NULL, 0);
    printf("tsan: %d readers of one graph: done\n", NTHREADS);
    run(owner, NTHREADS, NULL, 0);
    printf("tsan: %d threads with a graph each (import, change, analyse, export): done\n", NTHREADS);
    run(analyst, NTHREADS, reader, 2);
    printf("tsan: %d analysts and 2 readers on one graph: done\n", NTHREADS);

    erg_graph_free(shared);
    rm_tree(tmpdir);
    printf("tsan: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
