/*
 * unit.h -- the Check unit tests' shared declarations.  Each tests/unit/
 * test_*.c file defines one or more suite functions listed in main.c.
 */
#ifndef ERG_UNIT_H
#define ERG_UNIT_H

#include "erg.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* A fresh temporary directory (mkdtemp under $TMPDIR or /tmp); the caller
 * removes it with unit_rmtree. */
char *unit_tmpdir(void);
void unit_rmtree(const char *path);
/* Writes s to dir/name. */
void unit_write(const char *dir, const char *name, const char *s);
/* The failing, counting allocator hook (erg_graph_new_with(unit_fail_realloc,
 * &f)): the call numbered fail_at fails (every one from then on when
 * sticky); every block carries its size, so a wrong old_size is recorded
 * (bad_old) and live counts the bytes in use. */
typedef struct unit_fail {
    long calls;      /* allocations and reallocations (new_size > 0) */
    long fail_at;    /* the call number that fails (0: none) */
    bool sticky;     /* fail every call from fail_at on */
    bool paused;     /* neither count nor fail (while the test itself looks) */
    long failures;
    long bad_old;    /* old_size not the block's size */
    size_t bad_have, bad_said; /* the first such: real size, size given */
    size_t live;
} unit_fail;

void *unit_fail_realloc(void *ud, void *p, size_t old, size_t n);

/* The names in dir, sorted, one a line (caller frees). */
char *unit_listing(const char *dir);
/* Reads a whole file (NUL-terminated, caller frees); NULL if absent. */
char *unit_read(const char *path);

#endif
