/*
 * progress.c -- the progress bar of long imports and exports: drawn on
 * stderr only when stderr is a terminal and the work has taken more than
 * half a second, at most ten times a second, with the rate (MB/s while
 * reading, rows/s while writing; none for analyses, "computing ...", whose
 * done and total are 1000ths) and an estimate of the time left.
 * --quiet turns it off.  ERG_PROGRESS_DELAY (seconds) overrides the half
 * second, for tests.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_progress(void *ud, const char *what, uint64_t done, uint64_t total) {
    cli_progress *p = ud;
    double t = now();
    if (strncmp(p->what, what, sizeof p->what - 1) != 0) {
        if (p->drawn) fputc('\n', stderr);
        snprintf(p->what, sizeof p->what, "%s", what);
        p->start = t;
        p->last = 0;
        p->drawn = false;
    }
    bool finished = total && done >= total;
    if (t - p->start < p->delay || t <= p->start || (!finished && t - p->last < 0.1)) return;
    p->last = t;
    bool bytes = !strncmp(what, "reading", 7), analysis = !strncmp(what, "computing", 9);
    double rate = (double)done / (t - p->start);
    double pct = total ? 100.0 * (double)done / (double)total : 0;
    char eta[32] = "";
    if (total && rate > 0 && !finished) snprintf(eta, sizeof eta, ", %.0fs left", (double)(total - done) / rate);
    int bar = total ? (int)(pct / 5) : 0;
    if (analysis)
        fprintf(stderr, "\r\033[K%-32.32s [%-20.*s] %5.1f%%%s", what, bar, "####################", pct, eta);
    else
        fprintf(stderr, "\r\033[K%-32.32s [%-20.*s] %5.1f%% %8.1f %s%s", what, bar, "####################", pct,
                bytes ? rate / 1e6 : rate, bytes ? "MB/s" : "rows/s", eta);
    p->drawn = true;
    if (finished) {
        fputc('\n', stderr);
        p->drawn = false;
        p->what[0] = '\0';
    }
    fflush(stderr);
}

void cli_progress_attach(cli *c, erg_graph *g) {
    if (c->quiet || !isatty(STDERR_FILENO)) return;
    memset(&c->progress, 0, sizeof c->progress);
    const char *d = getenv("ERG_PROGRESS_DELAY");
    c->progress.delay = d ? atof(d) : 0.5;
    erg_set_progress(g, on_progress, &c->progress);
}
