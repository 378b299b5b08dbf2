/*
 * erg_bench.c -- erg's side of the benchmark (tests/bench/run.py runs it,
 * one process per measurement).  Times only the work itself with a
 * monotonic clock and prints one JSON object on stdout; the harness adds
 * the process's wall time and peak RSS (wait4).
 *
 *   erg_bench nop                          baseline process (RSS)
 *   erg_bench import PATH                  erg_read (CSV directory or GraphML)
 *   erg_bench export PATH OUT.graphml      erg_read, then erg_export graphml (timed)
 *   erg_bench pagerank PATH SCORES         erg_read, then erg_centrality PageRank
 *   erg_bench betweenness PATH SCORES      erg_read, then erg_centrality betweenness
 *
 * Analysis follows relationships along their direction (ERG_OUT), without
 * weights, like the bare igraph calls of igraph_bench.c.  SCORES receives
 * "id score" lines (insertion order) for the harness to compare.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "erg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Peak RSS of this process image (VmHWM), in KiB.  Not getrusage: Linux
 * carries ru_maxrss across exec, so it would include the parent's RSS. */
static long status_kb(const char *field) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256], fmt[32];
    long kb = -1;
    snprintf(fmt, sizeof fmt, "%s: %%ld", field);
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, fmt, &kb) == 1) break;
    if (f) fclose(f);
    return kb;
}
static long peak_kb(void) { return status_kb("VmHWM"); }

static void die(erg_graph *g, const char *what) {
    fprintf(stderr, "erg_bench: %s: %s\n", what, g ? erg_errmsg(g) : "out of memory");
    exit(1);
}

static void print_diag(void *ud, const erg_diag *d) {
    (void)ud;
    if (d->severity == ERG_ERROR) fprintf(stderr, "%s\n", d->text);
}

static erg_graph *load(const char *path, double *secs) {
    erg_graph *g = erg_graph_new();
    if (!g) die(NULL, "erg_graph_new");
    double t0 = now();
    if (erg_read(g, path, print_diag, NULL) != ERG_OK) die(g, path);
    *secs = now() - t0;
    return g;
}

static void write_scores(erg_graph *g, const erg_scores *s, const char *path) {
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    for (size_t i = 0; i < s->n; i++)
        fprintf(f, "%s %.17g\n", erg_entity_id(g, s->items[i].entity), s->items[i].score);
    if (fclose(f)) {
        perror(path);
        exit(1);
    }
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    if (!strcmp(mode, "nop")) {
        printf("{\"peak_kb\": %ld}\n", peak_kb());
        return 0;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: erg_bench nop | import PATH | export PATH OUT | "
                        "pagerank PATH SCORES | betweenness PATH SCORES\n");
        return 2;
    }
    double tload;
    erg_graph *g = load(argv[2], &tload);
    long load_kb = peak_kb();
    size_t ne = erg_entity_count(g), nr = erg_rel_count(g);
    if (!strcmp(mode, "import")) {
        printf("{\"op\": %.6f, \"load\": %.6f, \"entities\": %zu, \"rels\": %zu, \"load_peak_kb\": %ld, "
               "\"load_rss_kb\": %ld}\n",
               tload, tload, ne, nr, load_kb, status_kb("VmRSS"));
        fflush(stdout);
        erg_graph_free(g); /* not timed */
        return 0;
    }
    if (!strcmp(mode, "export") && argc > 3) {
        double t0 = now();
        if (erg_export(g, "graphml", argv[3]) != ERG_OK) die(g, argv[3]);
        double t = now() - t0;
        printf("{\"op\": %.6f, \"load\": %.6f, \"entities\": %zu, \"rels\": %zu, \"load_peak_kb\": %ld}\n", t,
               tload, ne, nr, load_kb);
        erg_graph_free(g);
        return 0;
    }
    if ((!strcmp(mode, "pagerank") || !strcmp(mode, "betweenness")) && argc > 3) {
        erg_analysis_opts o;
        memset(&o, 0, sizeof o);
        o.mode = ERG_OUT;
        erg_scores s;
        double t0 = now();
        if (erg_centrality(g, !strcmp(mode, "pagerank") ? ERG_PAGERANK : ERG_BETWEENNESS, &o, &s) != ERG_OK)
            die(g, mode);
        double t = now() - t0;
        write_scores(g, &s, argv[3]);
        printf("{\"op\": %.6f, \"load\": %.6f, \"total\": %.6f, \"entities\": %zu, \"rels\": %zu, "
               "\"load_peak_kb\": %ld}\n",
               t, tload, tload + t, ne, nr, load_kb);
        erg_scores_free(g, &s);
        erg_graph_free(g);
        return 0;
    }
    fprintf(stderr, "erg_bench: unknown mode '%s'\n", mode);
    erg_graph_free(g);
    return 2;
}
