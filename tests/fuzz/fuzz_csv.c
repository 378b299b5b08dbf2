/*
 * fuzz_csv.c -- libFuzzer target for the CSV graph directory reader.  The
 * input is split at the first two form feeds into entities.csv,
 * relationships.csv and sources.csv, written to a private directory, read
 * into a graph that already holds an entity (so the all-or-nothing rule is
 * exercised), and on success written back out and read again.
 */
#include "../../core/erg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static void put(const char *name, const uint8_t *p, size_t n) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!p) {
        unlink(path);
        return;
    }
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    fwrite(p, 1, n, f);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/erg-fuzz-csv-%d", (int)getpid());
        mkdir(dir, 0700);
    }
    const uint8_t *parts[3] = {data, NULL, NULL};
    size_t lens[3] = {size, 0, 0};
    for (int k = 1; k < 3; k++) {
        const uint8_t *ff = memchr(parts[k - 1], '\f', lens[k - 1]);
        if (!ff) break;
        parts[k] = ff + 1;
        lens[k] = lens[k - 1] - (size_t)(ff + 1 - parts[k - 1]);
        lens[k - 1] = (size_t)(ff - parts[k - 1]);
    }
    put("entities.csv", parts[0], lens[0]);
    put("relationships.csv", parts[1], lens[1]);
    put("sources.csv", parts[2], lens[2]);
    erg_graph *g = erg_graph_new();
    erg_entity e;
    erg_entity_add(g, "existing", "thing", "Existing", &e);
    size_t before = erg_entity_count(g);
    int rc = erg_csv_read(g, dir, NULL, NULL);
    if (rc != ERG_OK && erg_entity_count(g) != before) abort(); /* all or nothing */
    if (rc == ERG_OK) {
        char out[300];
        snprintf(out, sizeof out, "%s-out", dir);
        if (erg_csv_write(g, out) != ERG_OK) abort();
        erg_graph *h = erg_graph_new();
        if (erg_csv_read(h, out, NULL, NULL) != ERG_OK) abort(); /* what erg writes, erg reads */
        if (erg_entity_count(h) != erg_entity_count(g) || erg_rel_count(h) != erg_rel_count(g)) abort();
        erg_graph_free(h);
    }
    erg_graph_free(g);
    return 0;
}
