/*
 * diag.c -- the one way a reader reports problems: formats
 * "FILE:LINE:COL: reason" (FILE:LINE: when the parser knows no column,
 * FILE: when it knows no line), counts them, hands every one to the
 * caller's erg_diag_fn and keeps the first error for the handle.
 *
 * No cap: erg.h promises the callback every problem, and a caller that
 * wants fewer can stop printing.  Nothing is stored per problem, so a file
 * with a million bad rows costs a million callbacks, not memory.
 */
#include "io.h"

#include <stdio.h>

void erg__diags_init(erg__diags *d, erg_graph *g, erg_diag_fn fn, void *ud) {
    memset(d, 0, sizeof *d);
    d->g = g;
    d->fn = fn;
    d->ud = ud;
}

void erg__vdiag(erg__diags *d, erg_severity sev, const char *file, unsigned long line, unsigned long col,
                const char *fmt, va_list ap) {
    char reason[600], text[sizeof d->first];
    vsnprintf(reason, sizeof reason, fmt, ap);
    if (line && col) snprintf(text, sizeof text, "%s:%lu:%lu: %s", file, line, col, reason);
    else if (line) snprintf(text, sizeof text, "%s:%lu: %s", file, line, reason);
    else snprintf(text, sizeof text, "%s: %s", file, reason);
    if (sev == ERG_ERROR) {
        /* later calls on the handle (a duplicate id, a type clash) replace
         * its message: the first error is kept here for the end */
        if (d->errors == 0) {
            erg__err(d->g, ERG_EPARSE, "%s", text);
            memcpy(d->first, text, sizeof d->first);
        }
        d->errors++;
    } else {
        d->warnings++;
    }
    if (d->fn) {
        erg_diag one = {sev, file, line, line ? col : 0, reason, text};
        d->fn(d->ud, &one);
    }
}

void erg__diag(erg__diags *d, erg_severity sev, const char *file, unsigned long line, unsigned long col,
               const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    erg__vdiag(d, sev, file, line, col, fmt, ap);
    va_end(ap);
}

int erg__diags_fail(erg__diags *d, int code, const char *file, const erg_mark *m) {
    char keep[sizeof d->first];
    erg_graph *g = d->g;
    bool parse = code == ERG_EPARSE && d->errors > 0;
    memcpy(keep, parse ? d->first : g->errmsg, sizeof keep);
    erg__rollback(g, m);
    /* an I/O or memory failure is a problem too: the callback hears of it
     * when it heard of nothing else */
    if (!parse && d->fn && d->errors == 0) {
        erg_diag one = {ERG_ERROR, file, 0, 0, keep, keep};
        d->fn(d->ud, &one);
    }
    return erg__err(g, code, "%s", keep);
}
