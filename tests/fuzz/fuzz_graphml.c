/*
 * fuzz_graphml.c -- libFuzzer target for the GraphML reader: the input is
 * a .graphml file; on success the graph is written as GraphML and read
 * back, which must succeed with the same counts.
 */
#include "../../core/erg.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char path[256], out[300];
    snprintf(path, sizeof path, "/tmp/erg-fuzz-%d.graphml", (int)getpid());
    snprintf(out, sizeof out, "/tmp/erg-fuzz-%d-out.graphml", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    fwrite(data, 1, size, f);
    fclose(f);
    erg_graph *g = erg_graph_new();
    erg_entity e;
    erg_entity_add(g, "existing", "thing", NULL, &e);
    int rc = erg_read(g, path, NULL, NULL);
    if (rc != ERG_OK && erg_entity_count(g) != 1) abort(); /* all or nothing */
    if (rc == ERG_OK && erg_export(g, "graphml", out) == ERG_OK) {
        erg_graph *h = erg_graph_new();
        if (erg_read(h, out, NULL, NULL) != ERG_OK) abort();
        if (erg_entity_count(h) != erg_entity_count(g) || erg_rel_count(h) != erg_rel_count(g)) abort();
        erg_graph_free(h);
    }
    erg_graph_free(g);
    return 0;
}
