/*
 * lines.c -- where each object of a CSV graph directory is written: the
 * line of an id in entities.csv, relationships.csv or sources.csv (of a
 * key in graph.csv), and the
 * column of an attribute, so that a command can point at FILE:LINE:COL
 * for a problem it finds after loading (check's provenance rules, merge's
 * conflicts).  Rows of relationships.csv without an id are found by their
 * order (the n-th relationship loaded is the n-th row).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_row(const void *a, const void *b) {
    const cli_row *x = a, *y = b;
    if (!x->id || !y->id) return x->id ? -1 : y->id ? 1 : (x->line > y->line) - (x->line < y->line);
    int c = strcmp(x->id, y->id);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

void cli_lines_read(cli_lines *l, const char *graph, const char *file, const char *key) {
    memset(l, 0, sizeof *l);
    struct stat st;
    if (stat(graph, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(l->path, sizeof l->path, "%s", graph);
        return; /* another format: the file alone is named */
    }
    snprintf(l->path, sizeof l->path, "%s/%s", graph, file);
    l->csv = true;
    erg_table_opts o = {.sep = ",", .comment = ""};
    erg_table *t;
    if (erg_table_open(l->path, &o, &t) != ERG_OK) {
        erg_table_close(t);
        return;
    }
    l->width = erg_table_width(t) < CLI_LINES_COLS ? erg_table_width(t) : CLI_LINES_COLS;
    size_t idcol = SIZE_MAX;
    for (size_t i = 0; i < l->width; i++) {
        const char *h = erg_table_column(t, i);
        l->header[i] = strndup(h, strcspn(h, ":"));
        if (l->header[i] && !strcmp(l->header[i], key)) idcol = i;
    }
    l->has_ids = idcol != SIZE_MAX;
    size_t cap = 0;
    while (erg_table_next(t) == 1) {
        if (l->n == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            cli_row *rows = realloc(l->rows, ncap * sizeof *rows);
            if (!rows) break; /* lines are a help: fewer of them is no failure */
            l->rows = rows;
            cap = ncap;
        }
        size_t nf;
        const erg_field *f = erg_table_fields(t, &nf);
        l->rows[l->n].id = idcol < nf && !f[idcol].null ? strdup(f[idcol].s) : NULL;
        l->rows[l->n].line = erg_table_line(t);
        l->n++;
    }
    erg_table_close(t);
    /* by order for rows without ids; else sorted by id for bsearch */
    l->order = malloc((l->n ? l->n : 1) * sizeof *l->order);
    if (l->order)
        for (size_t i = 0; i < l->n; i++) l->order[i] = l->rows[i].line;
    if (l->has_ids && l->n > 1) qsort(l->rows, l->n, sizeof *l->rows, cmp_row);
}

unsigned long cli_lines_find(const cli_lines *l, const char *id, size_t nth) {
    if (!l->csv) return 0;
    if (l->has_ids && id) {
        size_t lo = 0, hi = l->n;
        while (lo < hi) { /* the first row with the id: a duplicate's first line */
            size_t mid = lo + (hi - lo) / 2;
            int c = l->rows[mid].id ? strcmp(l->rows[mid].id, id) : 1;
            if (c < 0) lo = mid + 1;
            else hi = mid;
        }
        if (lo < l->n && l->rows[lo].id && !strcmp(l->rows[lo].id, id)) return l->rows[lo].line;
    }
    /* no id column (relationships): the row is the n-th */
    if (!l->has_ids && l->order && nth < l->n) return l->order[nth];
    return 0;
}

size_t cli_lines_col(const cli_lines *l, const char *attr) {
    for (size_t i = 0; i < l->width; i++)
        if (l->header[i] && !strcmp(l->header[i], attr)) return i + 1;
    return 0;
}

void cli_lines_free(cli_lines *l) {
    for (size_t i = 0; i < l->n; i++) free(l->rows[i].id);
    for (size_t i = 0; i < l->width; i++) free(l->header[i]);
    free(l->rows);
    free(l->order);
    memset(l, 0, sizeof *l);
}
