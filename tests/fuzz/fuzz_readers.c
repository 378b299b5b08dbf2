/*
 * fuzz_readers.c -- libFuzzer target for the readers of other tools'
 * files: GEXF, JSON graphs (node-link, Cytoscape), FollowTheMoney streams
 * and delimited tables.  The first byte picks the reader, the rest is the
 * file.  A failed read must leave the graph as it was; a successful one is
 * written in the same format (tables: as a CSV graph directory is not
 * their format, only the read) and read back, which must succeed.
 */
#include "../../core/erg.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const struct { const char *format, *ext; } kinds[] = {
    {"gexf", ".gexf"}, {"json", ".json"}, {"ftm", ".ftm.json"}, {NULL, ".csv"}};

static void table_rows(const char *path) {
    erg_table_opts o = {0};
    erg_table *t;
    if (erg_table_open(path, &o, &t) == ERG_OK)
        while (erg_table_next(t) == 1) {
            size_t n;
            const erg_field *f = erg_table_fields(t, &n);
            for (size_t i = 0; i < n; i++) (void)erg_infer_type(f[i].s, f[i].len);
        }
    erg_table_close(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    size_t k = data[0] % (sizeof kinds / sizeof kinds[0]);
    char path[256], out[300];
    snprintf(path, sizeof path, "/tmp/erg-fuzz-%d%s", (int)getpid(), kinds[k].ext);
    snprintf(out, sizeof out, "/tmp/erg-fuzz-%d-out%s", (int)getpid(), kinds[k].ext);
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    if (!kinds[k].format) {
        table_rows(path);
        return 0;
    }
    erg_graph *g = erg_graph_new();
    erg_entity e;
    erg_entity_add(g, "existing", "thing", NULL, &e);
    int rc = erg_read_as(g, path, kinds[k].format, NULL, NULL);
    if (rc != ERG_OK && (erg_entity_count(g) != 1 || erg_rel_count(g) != 0)) abort(); /* all or nothing */
    if (rc == ERG_OK && erg_export(g, kinds[k].format, out) == ERG_OK) {
        erg_graph *h = erg_graph_new();
        if (erg_read_as(h, out, kinds[k].format, NULL, NULL) != ERG_OK) abort();
        erg_graph_free(h);
    }
    erg_graph_free(g);
    return 0;
}
