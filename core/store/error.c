/*
 * error.c -- the status codes' names and the message kept on a graph
 * handle.  The library reports errors only through here; it never prints.
 */
#include "store.h"

#include <stdio.h>

const char *erg_strstatus(int code) {
    switch (code) {
    case ERG_OK: return "ok";
    case ERG_ENOMEM: return "out of memory";
    case ERG_EINVAL: return "invalid argument";
    case ERG_ENOTFOUND: return "not found";
    case ERG_EEXIST: return "already exists";
    case ERG_EDELETED: return "deleted";
    case ERG_ETYPE: return "wrong type";
    case ERG_EPARSE: return "malformed input";
    case ERG_EIO: return "input/output error";
    case ERG_EAMBIGUOUS: return "ambiguous name";
    case ERG_ELIMIT: return "limit reached";
    case ERG_EANALYSIS: return "analysis failed";
    case ERG_EINTERRUPTED: return "interrupted";
    case ERG_ESCRIPT: return "script error";
    case ERG_ESANDBOX: return "stopped by the sandbox";
    default: return "unknown error";
    }
}

int erg__errv(erg_graph *g, int code, const char *fmt, va_list ap) {
    if (!g) return code;
    g->errcode = code;
    vsnprintf(g->errmsg, sizeof g->errmsg, fmt, ap);
    return code;
}

int erg__err(erg_graph *g, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    erg__errv(g, code, fmt, ap);
    va_end(ap);
    return code;
}

int erg_set_error(erg_graph *g, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    erg__errv(g, code, fmt, ap);
    va_end(ap);
    return code;
}

int erg__nomem(erg_graph *g) {
    return erg__err(g, ERG_ENOMEM, "out of memory");
}

const char *erg_errmsg(const erg_graph *g) {
    return g ? g->errmsg : "out of memory";
}

int erg_errcode(const erg_graph *g) {
    return g ? g->errcode : ERG_ENOMEM;
}
