/*
 * igraph_bench.c -- igraph's C side of the benchmark: what a C user of
 * igraph would write to load the CSV graph directory (libcsv, a hash of
 * ids, igraph_create, the C attribute handler), and igraph's own GraphML
 * writer and reader and the bare analysis calls.  One JSON object on
 * stdout; tests/bench/run.py adds wall time and peak RSS.
 *
 *   igraph_bench nop                          baseline process (RSS)
 *   igraph_bench build DIR [OUT.graphml]      CSV -> igraph_t with every attribute
 *                                             ("op": the build); then, with OUT,
 *                                             igraph_write_graph_graphml ("write")
 *   igraph_bench read FILE.graphml            igraph_read_graph_graphml, attributes on
 *   igraph_bench pagerank DIR SCORES          bare igraph_pagerank (PRPACK, directed,
 *                                             0.85) on a prebuilt igraph_t; "op" is
 *                                             the call alone
 *   igraph_bench betweenness DIR SCORES       bare igraph_betweenness (directed)
 *
 * Typed columns (name:int, name:float) become numeric attributes (igraph
 * keeps numbers as doubles), every other column a string attribute; the
 * relationships' from and to become the edges.  The attribute handler is
 * installed: without it igraph keeps, and writes, no attributes.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <igraph.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Peak RSS of this process image (VmHWM), in KiB.  Not getrusage: Linux
 * carries ru_maxrss across exec, so it would include the parent's RSS. */
static long peak_kb(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld", &kb) == 1) break;
    if (f) fclose(f);
    return kb;
}

static void fail(const char *what) {
    fprintf(stderr, "igraph_bench: %s\n", what);
    exit(1);
}

#define IG(call)                                                                                                  \
    do {                                                                                                          \
        if ((call) != IGRAPH_SUCCESS) fail(#call);                                                                \
    } while (0)

/* ---- id -> vertex index (open addressing, FNV-1a) ---------------------------- */
typedef struct idmap {
    char **keys;
    igraph_integer_t *vals;
    size_t cap, n;
} idmap;

static uint64_t fnv(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static void map_put(idmap *m, const char *s, size_t n, igraph_integer_t v);

static void map_grow(idmap *m) {
    idmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 1024;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->vals = malloc(m->cap * sizeof *m->vals);
    if (!m->keys || !m->vals) fail("out of memory");
    m->n = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i]) {
            size_t j = fnv(old.keys[i], strlen(old.keys[i])) & (m->cap - 1);
            while (m->keys[j]) j = (j + 1) & (m->cap - 1);
            m->keys[j] = old.keys[i];
            m->vals[j] = old.vals[i];
            m->n++;
        }
    free(old.keys);
    free(old.vals);
}

static void map_put(idmap *m, const char *s, size_t n, igraph_integer_t v) {
    if ((m->n + 1) * 2 > m->cap) map_grow(m);
    size_t j = fnv(s, n) & (m->cap - 1);
    while (m->keys[j]) {
        if (!strncmp(m->keys[j], s, n) && !m->keys[j][n]) fail("duplicate id");
        j = (j + 1) & (m->cap - 1);
    }
    m->keys[j] = strndup(s, n);
    if (!m->keys[j]) fail("out of memory");
    m->vals[j] = v;
    m->n++;
}

static igraph_integer_t map_get(const idmap *m, const char *s, size_t n) {
    if (!m->cap) return -1;
    size_t j = fnv(s, n) & (m->cap - 1);
    while (m->keys[j]) {
        if (!strncmp(m->keys[j], s, n) && !m->keys[j][n]) return m->vals[j];
        j = (j + 1) & (m->cap - 1);
    }
    return -1;
}

/* ---- reading a CSV file into attribute columns ------------------------------- */
enum { COL_STR, COL_NUM, COL_ID, COL_FROM, COL_TO };

typedef struct col {
    char *name;
    int kind;
    igraph_strvector_t sv;
    igraph_vector_t nv;
} col;

typedef struct table {
    bool rels;     /* relationships.csv: from/to are endpoints */
    bool attrs;    /* keep attribute columns */
    col *cols;
    size_t ncols, field, rows;
    idmap *ids;
    igraph_vector_int_t *edges;
    char from[512]; /* the from field of the current record, until to is seen */
    size_t fromlen;
    const char *path;
} table;

static void on_field(void *s, size_t n, void *ud) {
    table *t = ud;
    const char *p = s ? s : "";
    size_t k = t->field++;
    if (t->rows == 0) { /* header */
        t->cols = realloc(t->cols, (t->ncols + 1) * sizeof *t->cols);
        if (!t->cols) fail("out of memory");
        col *c = &t->cols[t->ncols++];
        memset(c, 0, sizeof *c);
        c->name = strndup(p, n);
        char *colon = strchr(c->name, ':');
        c->kind = COL_STR;
        if (colon) {
            c->kind = !strcmp(colon + 1, "int") || !strcmp(colon + 1, "float") ? COL_NUM : COL_STR;
            *colon = 0;
        }
        if (!strcmp(c->name, "id") && !t->rels) c->kind = COL_ID;
        if (t->rels && !strcmp(c->name, "from")) c->kind = COL_FROM;
        if (t->rels && !strcmp(c->name, "to")) c->kind = COL_TO;
        if (t->attrs) {
            if (c->kind == COL_NUM) IG(igraph_vector_init(&c->nv, 0));
            else IG(igraph_strvector_init(&c->sv, 0));
        }
        return;
    }
    if (k >= t->ncols) fail("too many fields");
    col *c = &t->cols[k];
    switch (c->kind) {
    case COL_ID:
        map_put(t->ids, p, n, (igraph_integer_t)(t->rows - 1));
        if (t->attrs) IG(igraph_strvector_push_back_len(&c->sv, p, (igraph_integer_t)n));
        break;
    case COL_FROM:
        if (n >= sizeof t->from) fail("id too long");
        memcpy(t->from, p, n);
        t->fromlen = n;
        break;
    case COL_TO: {
        igraph_integer_t a = map_get(t->ids, t->from, t->fromlen), b = map_get(t->ids, p, n);
        if (a < 0 || b < 0) fail("unknown endpoint");
        IG(igraph_vector_int_push_back(t->edges, a));
        IG(igraph_vector_int_push_back(t->edges, b));
        break;
    }
    case COL_NUM:
        if (t->attrs) {
            char tmp[64];
            double v = NAN;
            if (n && n < sizeof tmp) {
                memcpy(tmp, p, n);
                tmp[n] = 0;
                v = strtod(tmp, NULL);
            }
            IG(igraph_vector_push_back(&c->nv, v));
        }
        break;
    default:
        if (t->attrs) IG(igraph_strvector_push_back_len(&c->sv, p, (igraph_integer_t)n));
    }
}

static void on_record(int ch, void *ud) {
    table *t = ud;
    (void)ch;
    if (t->field != t->ncols && t->rows > 0) fail("wrong number of fields");
    t->field = 0;
    t->rows++;
}

static void read_table(table *t) {
    static char buf[256 * 1024];
    int fd = open(t->path, O_RDONLY);
    if (fd < 0) fail(t->path);
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL)) fail("csv_init");
    for (;;) {
        ssize_t got = read(fd, buf, sizeof buf);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) fail(t->path);
        if (got == 0) break;
        if (csv_parse(&p, buf, (size_t)got, on_field, on_record, t) != (size_t)got) fail(csv_strerror(csv_error(&p)));
    }
    csv_fini(&p, on_field, on_record, t);
    csv_free(&p);
    close(fd);
}

/* Builds g from DIR; with attrs, every column becomes an attribute.
 * Returns the vertex ids (names) in *idcol when attrs is false. */
static void build(igraph_t *g, const char *dir, bool attrs, char ***names) {
    char path[4096];
    idmap ids = {0};
    igraph_vector_int_t edges;
    IG(igraph_vector_int_init(&edges, 0));
    table ent = {.rels = false, .attrs = attrs, .ids = &ids, .edges = &edges, .path = path};
    snprintf(path, sizeof path, "%s/entities.csv", dir);
    read_table(&ent);
    table rel = {.rels = true, .attrs = attrs, .ids = &ids, .edges = &edges, .path = path};
    snprintf(path, sizeof path, "%s/relationships.csv", dir);
    read_table(&rel);
    igraph_integer_t nv = (igraph_integer_t)(ent.rows - 1);
    IG(igraph_create(g, &edges, nv, IGRAPH_DIRECTED));
    igraph_vector_int_destroy(&edges);
    for (int pass = 0; pass < 2 && attrs; pass++) {
        table *t = pass ? &rel : &ent;
        for (size_t i = 0; i < t->ncols; i++) {
            col *c = &t->cols[i];
            if (c->kind == COL_FROM || c->kind == COL_TO) continue;
            if (c->kind == COL_NUM) {
                IG(pass ? igraph_cattribute_EAN_setv(g, c->name, &c->nv) : igraph_cattribute_VAN_setv(g, c->name, &c->nv));
                igraph_vector_destroy(&c->nv);
            } else {
                IG(pass ? igraph_cattribute_EAS_setv(g, c->name, &c->sv) : igraph_cattribute_VAS_setv(g, c->name, &c->sv));
                igraph_strvector_destroy(&c->sv);
            }
        }
    }
    if (names) {
        *names = calloc((size_t)nv + 1, sizeof **names);
        if (!*names) fail("out of memory");
        for (size_t i = 0; i < ids.cap; i++)
            if (ids.keys[i]) (*names)[ids.vals[i]] = ids.keys[i];
    }
}

static void write_scores(char **names, const igraph_vector_t *v, const char *path) {
    FILE *f = fopen(path, "w");
    if (!f) fail(path);
    for (igraph_integer_t i = 0; i < igraph_vector_size(v); i++) fprintf(f, "%s %.17g\n", names[i], VECTOR(*v)[i]);
    if (fclose(f)) fail(path);
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    igraph_set_attribute_table(&igraph_cattribute_table);
    if (!strcmp(mode, "nop")) {
        printf("{\"peak_kb\": %ld}\n", peak_kb());
        return 0;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: igraph_bench nop | build DIR [OUT] | read FILE | pagerank DIR SCORES | "
                        "betweenness DIR SCORES\n");
        return 2;
    }
    igraph_t g;
    if (!strcmp(mode, "build")) {
        double t0 = now();
        build(&g, argv[2], true, NULL);
        double t = now() - t0;
        long kb = peak_kb();
        double tw = -1, tsync = -1;
        if (argc > 3) {
            FILE *f = fopen(argv[3], "w");
            if (!f) fail(argv[3]);
            t0 = now();
            IG(igraph_write_graph_graphml(&g, f, false));
            if (fflush(f)) fail(argv[3]);
            tw = now() - t0;
            t0 = now();
            if (fsync(fileno(f))) fail("fsync");
            tsync = now() - t0;
            if (fclose(f)) fail(argv[3]);
        }
        printf("{\"op\": %.6f, \"write\": %.6f, \"fsync\": %.6f, \"entities\": %" IGRAPH_PRId ", \"rels\": %" IGRAPH_PRId
               ", \"load_peak_kb\": %ld}\n",
               t, tw, tsync, igraph_vcount(&g), igraph_ecount(&g), kb);
        return 0;
    }
    if (!strcmp(mode, "read")) {
        FILE *f = fopen(argv[2], "r");
        if (!f) fail(argv[2]);
        double t0 = now();
        IG(igraph_read_graph_graphml(&g, f, 0));
        double t = now() - t0;
        fclose(f);
        printf("{\"op\": %.6f, \"entities\": %" IGRAPH_PRId ", \"rels\": %" IGRAPH_PRId ", \"load_peak_kb\": %ld}\n", t,
               igraph_vcount(&g), igraph_ecount(&g), peak_kb());
        return 0;
    }
    if ((!strcmp(mode, "pagerank") || !strcmp(mode, "betweenness")) && argc > 3) {
        char **names;
        double t0 = now();
        build(&g, argv[2], false, &names);
        double tb = now() - t0;
        igraph_vector_t res;
        IG(igraph_vector_init(&res, 0));
        t0 = now();
        if (!strcmp(mode, "pagerank")) {
            igraph_real_t value;
            IG(igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &res, &value, igraph_vss_all(), true, 0.85, NULL,
                               NULL));
        } else {
            IG(igraph_betweenness(&g, &res, igraph_vss_all(), true, NULL));
        }
        double t = now() - t0;
        write_scores(names, &res, argv[3]);
        printf("{\"op\": %.6f, \"build\": %.6f, \"entities\": %" IGRAPH_PRId ", \"rels\": %" IGRAPH_PRId "}\n", t, tb,
               igraph_vcount(&g), igraph_ecount(&g));
        return 0;
    }
    fprintf(stderr, "igraph_bench: unknown mode '%s'\n", mode);
    return 2;
}
