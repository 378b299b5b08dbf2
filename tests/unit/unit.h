/*
 * unit.h -- the Check unit tests' shared declarations.  Each tests/unit/
 * test_*.c file defines one or more suite functions listed in main.c.
 */
#ifndef ERG_UNIT_H
#define ERG_UNIT_H

#include "../../core/erg.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* A fresh temporary directory (mkdtemp under $TMPDIR or /tmp); the caller
 * removes it with unit_rmtree. */
char *unit_tmpdir(void);
void unit_rmtree(const char *path);
/* Writes s to dir/name. */
void unit_write(const char *dir, const char *name, const char *s);
/* The names in dir, sorted, one a line (caller frees). */
char *unit_listing(const char *dir);
/* Reads a whole file (NUL-terminated, caller frees); NULL if absent. */
char *unit_read(const char *path);

#endif
