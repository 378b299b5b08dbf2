/*
 * tsan_engines.c -- the sharing rules of lua/erg_lua.h under
 * ThreadSanitizer (`make tsan`):
 *
 *  1. Engines over graphs of their own, one per thread, all failing at
 *     once: each engine's message is its own.
 *  2. Two engines borrowing one graph, in two threads, their runs
 *     serialised by the caller's lock, as erg_lua.h requires: a failing
 *     call records its message on the graph's handle (erg.h), which the
 *     engine then copies; without the lock the two threads would write
 *     that message at the same time (the race TSan found).
 *
 * Every run checks the message it got; TSan (halt_on_error) fails the run
 * on any data race.
 */
#include "../../core/erg.h"
#include "../../lua/erg_lua.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 4
#define ROUNDS 200

static const char *const FAIL_CODE = "graph:add_entity{id = '', type = 'x'}";
static const char *const FAIL_MSG = "eval:1: entity id must not be empty";

static int check(erg_lua *E, int rc, const char *who) {
    if (rc != ERG_ESCRIPT || strncmp(erg_lua_errmsg(E), FAIL_MSG, strlen(FAIL_MSG)) != 0) {
        fprintf(stderr, "%s: got %d '%s'\n", who, rc, erg_lua_errmsg(E));
        return 1;
    }
    return 0;
}

static void *own_graph(void *arg) {
    (void)arg;
    erg_lua *E = erg_lua_new(NULL, NULL);
    long bad = !E;
    for (int i = 0; E && i < ROUNDS; i++) bad += check(E, erg_lua_run_string(E, FAIL_CODE, "eval"), "own graph");
    erg_lua_free(E);
    return (void *)bad;
}

typedef struct shared {
    erg_graph *g;
    pthread_mutex_t lock; /* the caller's: erg_lua.h asks for it */
} shared;

static void *borrowed_graph(void *arg) {
    shared *S = arg;
    erg_lua *E = erg_lua_new(S->g, NULL);
    long bad = !E;
    for (int i = 0; E && i < ROUNDS; i++) {
        pthread_mutex_lock(&S->lock);
        bad += check(E, erg_lua_run_string(E, FAIL_CODE, "eval"), "borrowed graph");
        pthread_mutex_unlock(&S->lock);
    }
    erg_lua_free(E);
    return (void *)bad;
}

int main(void) {
    pthread_t th[NTHREADS];
    long bad = 0;
    for (int i = 0; i < NTHREADS; i++)
        if (pthread_create(&th[i], NULL, own_graph, NULL)) abort();
    for (int i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(th[i], &r);
        bad += (long)r;
    }
    shared S = {erg_graph_new(), PTHREAD_MUTEX_INITIALIZER};
    if (!S.g) abort();
    for (int i = 0; i < 2; i++)
        if (pthread_create(&th[i], NULL, borrowed_graph, &S)) abort();
    for (int i = 0; i < 2; i++) {
        void *r;
        pthread_join(th[i], &r);
        bad += (long)r;
    }
    erg_graph_free(S.g);
    printf("tsan_engines: %d engines of their own, 2 sharing a graph under a lock: %s\n", NTHREADS,
           bad ? "FAILED" : "ok");
    return bad != 0;
}
