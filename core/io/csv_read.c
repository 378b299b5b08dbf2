/*
 * csv_read.c -- reads a CSV graph directory (sources.csv, entities.csv,
 * relationships.csv) into a graph, all or nothing.
 *
 * Positions.  libcsv reports no positions, so the file is fed to it one
 * physical line at a time (a line ends at LF, CRLF or a lone CR, as libcsv
 * ends records): when a field callback fires we know the line the
 * field ends on, and subtracting the newlines inside the field gives the
 * line it starts on.  COL is the 1-based field number.  An unterminated
 * quote is found at the end (CSV_STRICT_FINI); the line where it opened is
 * the first line after which libcsv's parser stayed inside quotes.
 *
 * Values.  Unquoted spaces are kept (a space function that says "never a
 * space"); CSV_EMPTY_IS_NULL tells an empty unquoted field (null) from a
 * quoted "" (empty string or empty list).  Lists split on ';' with "\;",
 * "\\" and "\e" (an empty element, for the list holding one empty string)
 * as escapes; unescaping happens in place (it only shrinks the text).
 *
 * Order.  sources.csv first (so "source" attributes can be checked against
 * it), then entities.csv, then relationships.csv.  Every problem of every
 * field is reported, in every file, so one run lists them all: a bad row is
 * checked to its end and skipped, and the next file is still read.  What
 * would only cascade is not reported again: the ids of the sources and
 * entities whose rows failed are kept (a failed set), and a relationship or
 * a "source" value naming one of them is skipped quietly; after a bad
 * header every id of that file counts as failed.  Any error rolls the graph
 * back to the mark taken at the start.
 */
#include "io.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (256 * 1024)

enum role { R_ATTR, R_ID, R_TYPE, R_NAME, R_ALIASES, R_FROM, R_TO, R_DIRECTED };

typedef struct column {
    enum role role;
    erg_type type, elem;
    uint32_t col; /* schema column for R_ATTR */
    bool is_source;
    bool bad;          /* header problem reported */
    const char *name;  /* during header reading only */
} column;

typedef struct field {
    size_t off, len;
    unsigned long line;
    bool null;
    bool bad;      /* its problem is reported; add_row passes over it */
} field;

#define EPCACHE 16384
typedef struct epcache {
    uint32_t hash, ent;
    uint8_t len; /* 0: empty (an empty id is never looked up) */
    char id[23];
} epcache;

/* The ids of the rows of one kind that failed (see "Order" above). */
typedef struct failed {
    erg_buf text;      /* the ids, each followed by a NUL */
    uint32_t *off;     /* where id i starts in text */
    uint32_t n, cap;
    erg_htab index;    /* over off, by the id's bytes */
    bool all;          /* the file's header was bad: every id counts */
} failed;

typedef struct reader {
    erg_graph *g;
    failed *failed;            /* by kind, shared by the files of one read */
    erg_kind kind;
    const char *path;
    erg__diags *d;             /* shared by the files of one read */
    int fatal;                 /* ENOMEM or ELIMIT: stop everything */
    unsigned long line;        /* physical line being fed */
    unsigned long quote_line;  /* line where an open quote started */
    erg_buf text;              /* bytes of the current record's fields */
    field *fields;
    uint32_t nf, fcap;
    column *cols;
    uint32_t ncols, colcap;
    bool have_header, header_bad;
    uint64_t bytes_done, bytes_total; /* progress */
    uint64_t offset, rows;            /* where libcsv is; data rows seen */
    epcache *cache;                   /* relationships.csv: endpoint() */
    erg__strcache vcache;             /* string values: intern_cached() */
    char what[64];
    erg_value *vals;           /* converted row */
    uint32_t valcap;
    erg_value *items;          /* list items of the row */
    uint32_t itemcap;
    int file_errors;
    bool check_sources;
} reader;

/* ---- diagnostics -------------------------------------------------------- */
static void report(reader *r, erg_severity sev, unsigned long line, unsigned long col,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void report(reader *r, erg_severity sev, unsigned long line, unsigned long col,
                   const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    erg__vdiag(r->d, sev, r->path, line, col, fmt, ap);
    va_end(ap);
    if (sev == ERG_ERROR) r->file_errors++;
}

static void oom(reader *r) {
    if (!r->fatal) r->fatal = ERG_ENOMEM;
}

/* ---- ids of failed rows ---------------------------------------------------- */
typedef struct idkey { const char *s; size_t n; } idkey;

static bool failed_is(const void *ctx, uint32_t entry, const void *key) {
    const failed *f = ctx;
    const idkey *k = key;
    const char *s = f->text.p + f->off[entry];
    return strlen(s) == k->n && !memcmp(s, k->s, k->n);
}

static bool failed_has(const reader *r, erg_kind kind, const char *s, size_t n) {
    const failed *f = r->failed ? &r->failed[kind] : NULL;
    if (!f) return false;
    if (f->all) return true;
    if (f->n == 0) return false;
    idkey k = {s, n};
    return erg__htab_find(&f->index, erg__hash_bytes(s, n), failed_is, f, &k) != ERG_NONE;
}

/* Remembers the id of the row being read, which failed (sources and
 * entities only: nothing names a relationship). */
static void row_failed(reader *r) {
    if (!r->failed || r->kind == ERG_KIND_REL) return;
    failed *f = &r->failed[r->kind];
    for (uint32_t i = 0; i < r->ncols && i < r->nf; i++) {
        if (r->cols[i].role != R_ID) continue;
        const field *fd = &r->fields[i];
        const char *s = r->text.p + fd->off;
        if (fd->null || fd->len == 0 || memchr(s, '\0', fd->len) || failed_has(r, r->kind, s, fd->len)) return;
        /* an id of over 1 KB (a runaway field) is not kept: copying it could
         * double a huge input's memory; only the quiet skipping is lost */
        if (fd->len > 1024 || f->text.len > UINT32_MAX - fd->len - 1) return;
        if (!f->text.a) erg__buf_init(&f->text, &r->g->a);
        if (erg__grow(&r->g->a, (void **)&f->off, &f->cap, (size_t)f->n + 1, sizeof *f->off) ||
            erg__htab_insert(&f->index, &r->g->a, erg__hash_bytes(s, fd->len), f->n)) {
            oom(r);
            return;
        }
        f->off[f->n] = (uint32_t)f->text.len;
        if (erg__buf_add(&f->text, s, fd->len) || erg__buf_add(&f->text, "", 1)) {
            erg__htab_remove(&f->index, erg__hash_bytes(s, fd->len), f->n);
            oom(r);
            return;
        }
        f->n++;
        return;
    }
}

static void failed_free(failed *f, const erg_alloc *a) {
    if (f->text.a) erg__buf_free(&f->text);
    erg__mem(a, f->off, (size_t)f->cap * sizeof *f->off, 0);
    erg__htab_free(&f->index, a);
    memset(f, 0, sizeof *f);
}

/* ---- libcsv callbacks ---------------------------------------------------- */
static void on_field(void *data, size_t len, void *ud) {
    reader *r = ud;
    if (r->fatal) return;
    if (erg__grow(&r->g->a, (void **)&r->fields, &r->fcap, (size_t)r->nf + 1, sizeof *r->fields)) {
        oom(r);
        return;
    }
    field *f = &r->fields[r->nf++];
    f->off = r->text.len;
    f->len = len;
    f->null = data == NULL;
    /* line breaks inside the field: LF, CRLF or a lone CR, as libcsv takes them */
    unsigned long nl = 0;
    const char *s = data;
    for (size_t i = 0; i < len; i++) nl += s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'));
    f->line = r->line - nl;
    /* each field is followed by a NUL of its own */
    if (erg__buf_add(&r->text, data, len) || erg__buf_add(&r->text, "", 1)) oom(r);
}

static void process_row(reader *r);

static void on_record(int term, void *ud) {
    reader *r = ud;
    (void)term;
    if (!r->fatal && r->nf) process_row(r);
    r->nf = 0;
    r->text.len = 0;
}

static int never_space(unsigned char c) {
    (void)c;
    return 0;
}

/* ---- header -------------------------------------------------------------- */
static const char *kind_required(erg_kind k) {
    return k == ERG_KIND_ENTITY ? "id,type,name" : k == ERG_KIND_REL ? "from,to,type" : "id";
}

/* The role of a column: which names are fields is erg_reserved_names's
 * list; here only the role each name of that list plays, by position. */
static enum role role_of(erg_kind k, const char *name) {
    static const enum role ent[] = {R_ID, R_TYPE, R_NAME, R_ALIASES};
    static const enum role rel[] = {R_ID, R_FROM, R_TO, R_TYPE, R_DIRECTED};
    static const enum role src[] = {R_ID};
    const enum role *roles = k == ERG_KIND_ENTITY ? ent : k == ERG_KIND_REL ? rel : src;
    const char *const *names = erg_reserved_names(k);
    for (size_t i = 0; names[i]; i++)
        if (!strcmp(names[i], name)) return roles[i];
    return R_ATTR;
}

static bool check_text(reader *r, const field *f, unsigned long col) {
    const char *s = r->text.p + f->off;
    if (memchr(s, '\0', f->len)) {
        report(r, ERG_ERROR, f->line, col, "NUL byte in field");
        return false;
    }
    size_t bad;
    if (!erg__utf8_valid(s, f->len, &bad)) {
        report(r, ERG_ERROR, f->line, col, "invalid UTF-8 (byte %zu of the field)", bad + 1);
        return false;
    }
    return true;
}

/* The header's good columns by name, for the duplicate check. */
static bool col_name_is(const void *ctx, uint32_t entry, const void *key) {
    const column *cols = ctx;
    return !strcmp(cols[entry].name, key);
}

static void read_header(reader *r) {
    erg_graph *g = r->g;
    erg_htab byname = {0};
    if (erg__grow(&g->a, (void **)&r->cols, &r->colcap, r->nf, sizeof *r->cols)) {
        oom(r);
        return;
    }
    bool seen[8] = {0};
    r->ncols = 0;
    for (uint32_t i = 0; i < r->nf; i++) {
        field *f = &r->fields[i];
        char *s = r->text.p + f->off;
        column *c = &r->cols[r->ncols++];
        memset(c, 0, sizeof *c);
        c->bad = true; /* until it passes every check */
        if (!check_text(r, f, i + 1)) continue;
        if (f->len == 0) {
            report(r, ERG_ERROR, f->line, i + 1, "empty column name");
            continue;
        }
        size_t nlen = f->len;
        erg_type t = ERG_STRING, elem = ERG_NULL;
        char *colon = memrchr(s, ':', f->len);
        if (colon) {
            nlen = (size_t)(colon - s);
            if (erg__parse_type(colon + 1, f->len - nlen - 1, &t, &elem)) {
                report(r, ERG_ERROR, f->line, i + 1,
                       "unknown column type '%.*s' (types: string, int, float, bool, date, and T[] for lists)",
                       (int)(f->len - nlen - 1), colon + 1);
                continue;
            }
            if (nlen == 0) {
                report(r, ERG_ERROR, f->line, i + 1, "empty column name");
                continue;
            }
        }
        s[nlen] = '\0'; /* the field's own bytes; the record is done with them */
        uint32_t hash = erg__hash_bytes(s, nlen);
        if (erg__htab_find(&byname, hash, col_name_is, r->cols, s) != ERG_NONE) {
            report(r, ERG_ERROR, f->line, i + 1, "duplicate column '%s'", s);
            goto next;
        }
        c->name = s;
        c->role = role_of(r->kind, s);
        c->type = t;
        c->elem = elem;
        if (c->role != R_ATTR) {
            seen[c->role] = true; /* present, even when mistyped: no "missing" too */
            bool ok = c->role == R_ALIASES ? (t == ERG_LIST && elem == ERG_STRING) || (t == ERG_STRING && !colon)
                    : c->role == R_DIRECTED ? t == ERG_BOOL || (t == ERG_STRING && !colon)
                    : t == ERG_STRING;
            if (!ok) {
                report(r, ERG_ERROR, f->line, i + 1, "column '%s' must be of type %s", s,
                       c->role == R_ALIASES ? "string[]" : c->role == R_DIRECTED ? "bool" : "string");
                continue;
            }
            c->bad = false;
            if (erg__htab_insert(&byname, &g->a, hash, r->ncols - 1)) goto nomem;
            continue;
        }
        uint32_t sid;
        if (erg__intern(g, s, nlen, &sid)) goto nomem;
        if (erg__col_declare(g, r->kind, sid, t, elem, &c->col)) {
            if (g->errcode == ERG_ENOMEM) goto nomem;
            report(r, ERG_ERROR, f->line, i + 1, "%s", erg_errmsg(g));
            continue;
        }
        c->is_source = !strcmp(s, "source") &&
                       (t == ERG_STRING || (t == ERG_LIST && elem == ERG_STRING));
        c->bad = false;
        if (erg__htab_insert(&byname, &g->a, hash, r->ncols - 1)) goto nomem;
    next:;
    }
    erg__htab_free(&byname, &g->a);
    static const enum role need[3][3] = {{R_ID, R_TYPE, R_NAME}, {R_FROM, R_TO, R_TYPE}, {R_ID, R_ID, R_ID}};
    static const char *const names[] = {"", "id", "type", "name", "aliases", "from", "to", "directed"};
    for (int i = 0; i < 3; i++) {
        enum role want = need[r->kind][i];
        if (!seen[want]) {
            report(r, ERG_ERROR, r->fields[0].line, 1, "missing required column '%s' (%s needs %s)",
                   names[want], strrchr(r->path, '/') ? strrchr(r->path, '/') + 1 : r->path,
                   kind_required(r->kind));
            break;
        }
    }
    r->have_header = true;
    r->header_bad = r->file_errors > 0;
    if (r->header_bad && r->failed) r->failed[r->kind].all = true;
    return;
nomem:
    erg__htab_free(&byname, &g->a);
    oom(r);
}

/* ---- values -------------------------------------------------------------- */
static void value_problem(reader *r, int rc, erg_type t, const char *s, size_t n,
                          unsigned long line, unsigned long col) {
    int show = (int)(n > 60 ? 60 : n);
    const char *name = erg_type_name(t);
    if (rc == ERG_ELIMIT && t == ERG_INT)
        report(r, ERG_ERROR, line, col, "int out of range '%.*s' (64-bit)", show, s);
    else if (rc == ERG_ELIMIT)
        report(r, ERG_ERROR, line, col, "%s out of range '%.*s'", name, show, s);
    else if (t == ERG_BOOL)
        report(r, ERG_ERROR, line, col, "bad bool '%.*s' (true or false)", show, s);
    else if (t == ERG_DATE)
        report(r, ERG_ERROR, line, col, "bad date '%.*s' (YYYY, YYYY-MM or YYYY-MM-DD)", show, s);
    else
        report(r, ERG_ERROR, line, col, "bad %s '%.*s'", name, show, s);
}

static bool scalar(reader *r, erg_type t, char *s, size_t n, unsigned long line,
                   unsigned long col, erg_value *out) {
    int rc = erg__scalar_parse(t, s, n, out);
    if (rc) value_problem(r, rc, t, s, n, line, col);
    return rc == ERG_OK;
}

/* Splits a list field in place; items go to r->items from *used on. */
static bool list(reader *r, erg_type elem, char *s, size_t n, unsigned long line,
                 unsigned long col, uint32_t *used, erg_value *out) {
    size_t k = 0, bad = 0;
    out->type = ERG_LIST;
    out->elem = elem;
    out->u.list.items = r->items + *used;
    int rc = erg__list_parse(s, n, elem, r->items + *used, &k, &bad);
    if (rc && bad == SIZE_MAX) {
        report(r, ERG_ERROR, line, col,
               "bad escape in list (use \\; for ';', \\\\ for '\\', \\e for an empty element)");
        return false;
    }
    if (rc) {
        /* the failing element's text is gone (split in place): name its number */
        report(r, ERG_ERROR, line, col, "bad %s in list element %zu", erg_type_name(elem), bad + 1);
        return false;
    }
    *used += (uint32_t)k;
    out->u.list.n = k;
    if (k == 0) out->u.list.items = NULL;
    return true;
}

static bool source_known(reader *r, const erg_value *v, unsigned long line, unsigned long col) {
    size_t n = v->type == ERG_LIST ? v->u.list.n : 1;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const erg_value *x = v->type == ERG_LIST ? &v->u.list.items[i] : v;
        if (erg__src_find(r->g, x->u.s.ptr, x->u.s.len) == ERG_NONE) {
            /* a source whose own row failed was reported there */
            if (!failed_has(r, ERG_KIND_SOURCE, x->u.s.ptr, x->u.s.len))
                report(r, ERG_ERROR, line, col, "source '%.*s' is not in sources.csv",
                       (int)(x->u.s.len > 80 ? 80 : x->u.s.len), x->u.s.ptr);
            ok = false;
        }
    }
    return ok;
}

/* ---- rows ----------------------------------------------------------------- */
/* The entity a relationship's from or to names.  A direct-mapped cache of
 * recent ids (their bytes inline) answers most lookups without touching
 * the string pool and the id index, whose random accesses are what an
 * import of millions of relationships spends its time on: relationships
 * concentrate on few entities, so the cache hits often. */
static uint32_t endpoint(reader *r, const char *s, size_t n) {
    uint32_t h = erg__hash_bytes(s, n);
    epcache *c = NULL;
    if (!r->cache && r->rows >= 1024) { /* big enough to be worth it; a hint */
        r->cache = erg__mem(&r->g->a, NULL, 0, EPCACHE * sizeof *r->cache);
        if (r->cache) memset(r->cache, 0, EPCACHE * sizeof *r->cache);
    }
    if (n <= sizeof c->id && r->cache) {
        c = &r->cache[h & (EPCACHE - 1)];
        if (c->len == n && c->hash == h && !memcmp(c->id, s, n)) return c->ent;
    }
    uint32_t e = erg__ent_find_hashed(r->g, s, n, h);
    if (c && e != ERG_NONE) {
        c->hash = h;
        c->ent = e;
        c->len = (uint8_t)n;
        memcpy(c->id, s, n);
    }
    return e;
}

static bool intern_field(reader *r, const erg_value *v, uint32_t *sid) {
    if (v->type == ERG_NULL) { *sid = 0; return true; }
    if (erg__intern(r->g, v->u.s.ptr, v->u.s.len, sid)) { oom(r); return false; }
    return true;
}

/* A short string value through the cache of recent ones (strcache.c):
 * repeated values (types, categories, notes) skip the pool's index. */
static bool intern_cached(reader *r, const char *s, size_t n, uint32_t *sid) {
    if (erg__strcache_intern(r->g, &r->vcache, s, n, sid)) { oom(r); return false; }
    return true;
}

/* A relationship of the file.  Its id is checked against the id index by
 * its bytes and only then added to the pool, without a slot in the pool's
 * own index (erg__pool_add): relationship ids are looked up through the id
 * index alone, so a million ids cost no second table and no second probe. */
static int rel_add(reader *r, const erg_value *idv, uint32_t from, uint32_t to, uint32_t type,
                   bool directed, uint32_t *idx) {
    erg_graph *g = r->g;
    uint32_t id = 0;
    if (idv) {
        if (erg__rel_find(g, idv->u.s.ptr, idv->u.s.len) != ERG_NONE)
            return erg__err(g, ERG_EEXIST, "duplicate relationship id '%.*s'", (int)idv->u.s.len,
                            idv->u.s.ptr);
        int rc = erg__pool_add(&g->pool, &g->a, idv->u.s.ptr, idv->u.s.len, &id);
        if (rc == ERG_ELIMIT) return erg__err(g, rc, "too many strings or a string over 4 GiB");
        if (rc) return erg__nomem(g);
    }
    return erg__rel_add_new(g, id, from, to, type, directed, idx);
}

/* Checks the row's ids, types, endpoints and sources (the fields that
 * failed to parse are passed over: their problem is reported) and, when
 * the row is good (bad: a field failed), adds it.  Returns false when the
 * row failed. */
static bool add_row(reader *r, unsigned long line, bool bad) {
    erg_graph *g = r->g;
    uint32_t id = 0, type = 0, name = 0, from = ERG_NONE, to = ERG_NONE, idx;
    bool directed = true;
    int aliases = -1;
    const erg_value *relid = NULL;
    for (uint32_t i = 0; i < r->ncols; i++) {
        const erg_value *v = &r->vals[i];
        unsigned long fl = r->fields[i].line;
        if (r->fields[i].bad) continue;
        switch (r->cols[i].role) {
        case R_ID:
            if ((v->type != ERG_NULL && v->u.s.len == 0) || (v->type == ERG_NULL && r->kind != ERG_KIND_REL)) {
                report(r, ERG_ERROR, fl, i + 1, "empty id");
                bad = true;
                break;
            }
            if (r->kind == ERG_KIND_REL) {
                if (v->type != ERG_NULL) relid = v; /* added below, once known to be new */
                break;
            }
            if (!bad && !intern_field(r, v, &id)) return false;
            break;
        case R_TYPE:
            if (v->type == ERG_NULL || v->u.s.len == 0) {
                report(r, ERG_ERROR, fl, i + 1, "empty type");
                bad = true;
                break;
            }
            if (!bad && !intern_field(r, v, &type)) return false;
            break;
        case R_NAME:
            if (!bad && !intern_field(r, v, &name)) return false;
            break;
        case R_ALIASES: aliases = (int)i; break;
        case R_FROM:
        case R_TO: {
            if (v->type == ERG_NULL || v->u.s.len == 0) {
                report(r, ERG_ERROR, fl, i + 1, "empty entity id in '%s'",
                       r->cols[i].role == R_FROM ? "from" : "to");
                bad = true;
                break;
            }
            uint32_t e = endpoint(r, v->u.s.ptr, v->u.s.len);
            if (e == ERG_NONE) {
                /* an entity whose own row failed was reported there */
                if (!failed_has(r, ERG_KIND_ENTITY, v->u.s.ptr, v->u.s.len))
                    report(r, ERG_ERROR, fl, i + 1, "relationship names unknown entity '%.*s'",
                           (int)(v->u.s.len > 80 ? 80 : v->u.s.len), v->u.s.ptr);
                bad = true;
                break;
            }
            if (r->cols[i].role == R_FROM) from = e; else to = e;
            break;
        }
        case R_DIRECTED:
            if (v->type == ERG_BOOL) directed = v->u.b;
            break;
        case R_ATTR:
            if (r->cols[i].is_source && v->type != ERG_NULL && r->check_sources &&
                !source_known(r, v, fl, i + 1))
                bad = true;
            break;
        }
    }
    if (r->fatal) return false;
    /* A duplicate id is a problem of its own, whatever else failed; the
     * first row with the id may have failed too (it is in the failed set). */
    for (uint32_t i = 0; i < r->ncols && r->kind != ERG_KIND_REL; i++) {
        const erg_value *v = &r->vals[i];
        if (r->cols[i].role != R_ID || r->fields[i].bad || v->type != ERG_STRING || v->u.s.len == 0) continue;
        const failed *f = r->failed ? &r->failed[r->kind] : NULL;
        bool dup = f && f->n > 0 && failed_has(r, r->kind, v->u.s.ptr, v->u.s.len);
        if (bad && !dup)
            dup = r->kind == ERG_KIND_ENTITY
                      ? erg__ent_find_hashed(g, v->u.s.ptr, v->u.s.len, erg__hash_bytes(v->u.s.ptr, v->u.s.len)) != ERG_NONE
                      : erg__src_find(g, v->u.s.ptr, v->u.s.len) != ERG_NONE;
        if (dup) {
            report(r, ERG_ERROR, r->fields[i].line, i + 1, "duplicate %s id '%.*s'",
                   r->kind == ERG_KIND_ENTITY ? "entity" : "source", (int)(v->u.s.len > 80 ? 80 : v->u.s.len),
                   v->u.s.ptr);
            bad = true;
        }
    }
    if (bad) return false;
    int rc;
    if (r->kind == ERG_KIND_ENTITY) rc = erg__ent_add(g, id, type, name, &idx);
    else if (r->kind == ERG_KIND_REL) rc = rel_add(r, relid, from, to, type, directed, &idx);
    else rc = erg__src_add(g, id, &idx);
    if (rc == ERG_EEXIST) {
        for (uint32_t i = 0; i < r->ncols; i++)
            if (r->cols[i].role == R_ID) {
                report(r, ERG_ERROR, r->fields[i].line, i + 1, "%s", erg_errmsg(g));
                return false;
            }
    }
    if (rc) { oom(r); return false; }
    if (aliases >= 0) {
        const erg_value *v = &r->vals[aliases];
        for (size_t k = 0; v->type == ERG_LIST && k < v->u.list.n; k++) {
            uint32_t sid;
            const erg_value *it = &v->u.list.items[k];
            if (it->u.s.len == 0) continue;
            if (erg__intern(g, it->u.s.ptr, it->u.s.len, &sid) || erg__ent_add_alias(g, idx, sid)) {
                oom(r);
                return false;
            }
        }
    }
    for (uint32_t i = 0; i < r->ncols; i++) {
        if (r->cols[i].role != R_ATTR || r->vals[i].type == ERG_NULL) continue;
        const erg_value *v = &r->vals[i];
        if (v->type == ERG_STRING && r->vcache.slots && v->u.s.len <= sizeof r->vcache.slots->s) {
            uint32_t sid;
            if (!intern_cached(r, v->u.s.ptr, v->u.s.len, &sid)) return false;
            if (erg__cell_set_sid(g, r->kind, r->cols[i].col, idx, sid)) { oom(r); return false; }
            continue;
        }
        if (erg__cell_set(g, r->kind, r->cols[i].col, idx, v)) { oom(r); return false; }
    }
    (void)line;
    return true;
}

static void process_row(reader *r) {
    if (!r->have_header) {
        read_header(r);
        return;
    }
    /* After a sample of rows, make room for the rows the file's size
     * suggests: one allocation per array instead of repeated growth, whose
     * copies and rehashing would cost time and, at their peak, half as much
     * memory again. */
    if (r->rows + 1 == 1024) erg__strcache_on(r->g, &r->vcache); /* a hint: without it, no cache */
    if (++r->rows == 1024 && r->bytes_total > r->offset && r->offset > 0)
        erg__reserve(r->g, r->kind,
                     (size_t)((double)r->rows * (double)(r->bytes_total - r->offset) / (double)r->offset * 1.02) + 64);
    unsigned long line = r->fields[0].line;
    if (r->nf != r->ncols) {
        report(r, ERG_ERROR, line, (r->nf < r->ncols ? r->nf : r->ncols) + 1,
               "wrong number of fields: expected %u, found %u", r->ncols, r->nf);
        row_failed(r);
        return;
    }
    if (r->header_bad) return; /* a bad header makes every row meaningless */
    erg_graph *g = r->g;
    if (erg__grow(&g->a, (void **)&r->vals, &r->valcap, r->ncols, sizeof *r->vals)) { oom(r); return; }
    /* room for every list item of the row, so item pointers stay put */
    size_t nitems = 0;
    for (uint32_t i = 0; i < r->ncols; i++) {
        if (r->cols[i].type != ERG_LIST && r->cols[i].role != R_ALIASES) continue;
        const char *s = r->text.p + r->fields[i].off;
        nitems += 1;
        for (size_t k = 0; k < r->fields[i].len; k++) nitems += s[k] == ';';
    }
    if (erg__grow(&g->a, (void **)&r->items, &r->itemcap, nitems + 1, sizeof *r->items)) { oom(r); return; }
    /* every field is checked, so a row with two problems shows both */
    uint32_t used = 0;
    bool bad = false;
    for (uint32_t i = 0; i < r->ncols; i++) {
        field *f = &r->fields[i];
        column *c = &r->cols[i];
        char *s = r->text.p + f->off;
        erg_value *v = &r->vals[i];
        memset(v, 0, sizeof *v);
        f->bad = true;
        if (!check_text(r, f, i + 1)) { bad = true; continue; }
        f->bad = false;
        if (f->null) continue;
        erg_type t = c->type, elem = c->elem;
        if (c->role == R_ALIASES) { t = ERG_LIST; elem = ERG_STRING; }
        if (c->role == R_DIRECTED) t = ERG_BOOL;
        if (t == ERG_LIST) {
            f->bad = !list(r, elem, s, f->len, f->line, i + 1, &used, v);
        } else if (f->len == 0 && t != ERG_STRING) {
            report(r, ERG_ERROR, f->line, i + 1,
                   "empty %s value (leave the field empty and unquoted for no value)", erg_type_name(t));
            f->bad = true;
        } else {
            f->bad = !scalar(r, t, s, f->len, f->line, i + 1, v);
        }
        bad = bad || f->bad;
    }
    if (r->fatal) return;
    if (!add_row(r, line, bad) && !r->fatal) row_failed(r);
}

/* ---- one file ------------------------------------------------------------- */
/* libcsv's field buffer is allocated through the graph's allocator too: it
 * is made big enough before each piece is fed (a piece adds at most its own
 * length to the field being built), and libcsv is given a realloc that
 * always fails and a free that does nothing, so it never allocates or frees
 * by itself. */
static void *csv_no_realloc(void *p, size_t n) {
    (void)p;
    (void)n;
    return NULL;
}
static void csv_no_free(void *p) { (void)p; }

static int csv_room(reader *r, struct csv_parser *p, size_t piece) {
    size_t need = p->entry_pos + piece + 1;
    if (need <= p->entry_size) return ERG_OK;
    size_t ncap = p->entry_size ? p->entry_size : 256;
    while (ncap < need) ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    unsigned char *b = erg__mem(&r->g->a, p->entry_buf, p->entry_size, ncap);
    if (!b) return ERG_ENOMEM;
    p->entry_buf = b;
    p->entry_size = ncap;
    return ERG_OK;
}

/* Feeds the file (fd >= 0) or the memory block (mem) to libcsv. */
static int read_file(reader *r, int fd, const char *mem, size_t memlen) {
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL)) return oom(r), ERG_ENOMEM;
    csv_set_space_func(&p, never_space);
    csv_set_realloc_func(&p, csv_no_realloc);
    csv_set_free_func(&p, csv_no_free);
    char *buf = erg__mem(&r->g->a, NULL, 0, CHUNK);
    if (!buf) {
        oom(r);
        return ERG_ENOMEM;
    }
    r->line = 1;
    bool first = true, any = false, was_quoted = false, prev_cr = false;
    int rc = ERG_OK;
    for (bool mem_done = false;;) {
        ssize_t got;
        if (fd < 0) {
            if (mem_done) break;
            got = (ssize_t)(memlen < CHUNK ? memlen : CHUNK);
            memcpy(buf, mem, (size_t)got);
            mem += got;
            memlen -= (size_t)got;
            mem_done = memlen == 0;
        } else {
            got = read(fd, buf, CHUNK);
            if (got > 0) {
                r->bytes_done += (uint64_t)got;
                erg__progress(r->g, r->what, r->bytes_done, r->bytes_total);
            }
        }
        if (got < 0) {
            if (errno == EINTR) continue;
            rc = erg__err(r->g, ERG_EIO, "%s: %s", r->path, strerror(errno));
            break;
        }
        if (got == 0) break;
        char *s = buf;
        size_t n = (size_t)got;
        if (first && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) { s += 3; n -= 3; }
        first = false;
        while (n && !r->fatal) {
            /* a piece ends at LF or CR: libcsv ends a record at a lone CR
             * too, so a file with CR line ends is counted line by line */
            char *nl = memchr(s, '\n', n);
            char *cr = memchr(s, '\r', nl ? (size_t)(nl - s) : n);
            if (cr && cr + 1 != nl) nl = cr; /* a lone CR (CRLF stays one piece) */
            size_t piece = nl ? (size_t)(nl - s) + 1 : n;
            for (size_t k = 0; !any && k < piece; k++)
                any = s[k] != '\n' && s[k] != '\r';
            if (csv_room(r, &p, piece)) {
                oom(r);
                goto done;
            }
            r->offset = r->bytes_done - (uint64_t)got + (uint64_t)(s - buf);
            if (csv_parse(&p, s, piece, on_field, on_record, r) != piece) {
                if (csv_error(&p) == CSV_EPARSE && !p.quoted)
                    report(r, ERG_ERROR, r->line, r->nf + 1,
                           "quote inside an unquoted field (quote the whole field and double the quote)");
                else if (csv_error(&p) == CSV_EPARSE)
                    report(r, ERG_ERROR, r->line, r->nf + 1,
                           "malformed quoted field (a quote inside quotes must be doubled, "
                           "and a closing quote followed by a comma or a line end)");
                else
                    oom(r);
                goto done;
            }
            if (p.quoted && !was_quoted) r->quote_line = r->line;
            was_quoted = p.quoted;
            if (nl && (*nl == '\r' || !(piece == 1 && prev_cr))) r->line++; /* CRLF counts once */
            if (nl) prev_cr = *nl == '\r';
            s += piece;
            n -= piece;
        }
        if (r->fatal) break;
    }
    if (rc == ERG_OK && !r->fatal && csv_fini(&p, on_field, on_record, r) != 0) {
        if (csv_error(&p) == CSV_EPARSE)
            report(r, ERG_ERROR, r->quote_line ? r->quote_line : r->line, r->nf + 1,
                   "unterminated quoted field (opened here, never closed)");
        else
            oom(r);
    }
    if (rc == ERG_OK && !r->fatal && !any && r->file_errors == 0)
        report(r, ERG_ERROR, 1, 1, "empty file (expected a header line: %s)", kind_required(r->kind));
done:
    erg__mem(&r->g->a, p.entry_buf, p.entry_size, 0);
    p.entry_buf = NULL;
    p.entry_size = 0;
    csv_free(&p);
    erg__mem(&r->g->a, buf, CHUNK, 0);
    return rc;
}

static void reader_free(reader *r) {
    erg_alloc *a = &r->g->a;
    erg__buf_free(&r->text);
    erg__mem(a, r->fields, (size_t)r->fcap * sizeof *r->fields, 0);
    erg__mem(a, r->cols, (size_t)r->colcap * sizeof *r->cols, 0);
    erg__mem(a, r->vals, (size_t)r->valcap * sizeof *r->vals, 0);
    erg__mem(a, r->items, (size_t)r->itemcap * sizeof *r->items, 0);
    if (r->cache) erg__mem(a, r->cache, EPCACHE * sizeof *r->cache, 0);
    erg__strcache_free(r->g, &r->vcache);
}

/* Reads one file of the directory; returns ERG_ENOTFOUND when it is absent
 * and optional, else a status (parse problems are counted in d). */
static int read_one(erg_graph *g, const char *dir, const char *file, erg_kind kind,
                    bool required, erg__diags *d, bool check_sources, failed *fail) {
    erg_buf path;
    erg__buf_init(&path, &g->a);
    int dlen = (int)strlen(dir);
    while (dlen > 1 && dir[dlen - 1] == '/') dlen--; /* "dir/" names "dir/entities.csv" */
    if (erg__buf_printf(&path, "%.*s/%s", dir[0] == '/' && dlen == 1 ? 0 : dlen, dir, file))
        return erg__nomem(g);
    uint64_t size;
    const char *why;
    int fd = erg__open_input(path.p, &size, &why);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT && !required) {
            erg__buf_free(&path);
            return ERG_ENOTFOUND;
        }
        int rc = e == ENOENT ? erg__err(g, ERG_EIO, "%s: no such file (a CSV graph directory needs %s)", path.p, file)
                             : erg__err(g, ERG_EIO, "%s: %s", path.p, why);
        erg__buf_free(&path);
        return rc;
    }
    reader r;
    memset(&r, 0, sizeof r);
    r.g = g;
    r.failed = fail;
    r.kind = kind;
    r.path = path.p;
    r.d = d;
    r.check_sources = check_sources;
    r.bytes_total = size;
    snprintf(r.what, sizeof r.what, "reading %s", file);
    erg__buf_init(&r.text, &g->a);
    int rc = read_file(&r, fd, NULL, 0);
    close(fd);
    if (!rc && r.fatal) rc = r.fatal;
    if (rc == ERG_ENOMEM) rc = erg__nomem(g);
    reader_free(&r);
    erg__buf_free(&path);
    return rc;
}

int erg__csv_read_sources_mem(erg_graph *g, const char *label, const char *mem, size_t n,
                              erg__diags *d) {
    reader r;
    memset(&r, 0, sizeof r);
    r.g = g;
    r.kind = ERG_KIND_SOURCE;
    r.path = label;
    r.d = d;
    erg__buf_init(&r.text, &g->a);
    int rc = read_file(&r, -1, mem, n);
    if (!rc && r.fatal) rc = r.fatal;
    if (rc == ERG_ENOMEM) rc = erg__nomem(g);
    reader_free(&r);
    return rc;
}

/* DIR/graph.csv, when there is one: the graph's metadata as key,value
 * rows (erg_graph_set_meta each; a later row for a key replaces it). */
static int read_meta(erg_graph *g, const char *dir, erg__diags *d) {
    char path[8400];
    snprintf(path, sizeof path, "%s/graph.csv", dir);
    struct stat st;
    if (stat(path, &st) != 0) return ERG_OK;
    erg_table_opts o = {.sep = ",", .comment = "", .graph = g};
    erg_table *t;
    int rc = erg_table_open(path, &o, &t);
    if (rc == ERG_ENOMEM && !t) return ERG_ENOMEM;
    if (!rc && (erg_table_width(t) != 2 || strcmp(erg_table_column(t, 0), "key") != 0 ||
                strcmp(erg_table_column(t, 1), "value") != 0)) {
        erg__diag(d, ERG_ERROR, path, 1, 1, "graph.csv must have the columns key,value");
        erg_table_close(t);
        return ERG_OK;
    }
    while (!rc && (rc = erg_table_next(t)) == 1) {
        size_t n;
        const erg_field *f = erg_table_fields(t, &n);
        rc = ERG_OK;
        if (f[0].len == 0) {
            erg__diag(d, ERG_ERROR, path, erg_table_line(t), 1, "empty metadata key");
            continue;
        }
        if (erg_graph_set_meta(g, f[0].s, f[1].null ? NULL : f[1].s) == ERG_ENOMEM) rc = ERG_ENOMEM;
    }
    if (rc < 0 && rc != ERG_ENOMEM) {
        /* the table's message is "PATH:LINE:COL: reason" (or "PATH: reason") */
        const char *msg = erg_table_errmsg(t);
        size_t plen = strlen(path);
        unsigned long line = 0, col = 0;
        int used = 0;
        if (!strncmp(msg, path, plen) && msg[plen] == ':') {
            msg += plen + 1;
            if (sscanf(msg, "%lu:%lu: %n", &line, &col, &used) == 2 && used > 0) msg += used;
            else line = col = 0;
            while (*msg == ' ') msg++;
        }
        erg__diag(d, ERG_ERROR, path, line, col, "%s", msg);
        rc = ERG_OK;
    }
    erg_table_close(t);
    return rc < 0 ? rc : ERG_OK;
}

int erg_csv_read(erg_graph *g, const char *dir, erg_diag_fn diag, void *ud) {
    struct stat st;
    if (!dir || stat(dir, &st) != 0)
        return erg__err(g, ERG_EIO, "%s: %s", dir ? dir : "(null)", strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return erg__err(g, ERG_EIO, "%s: not a directory (a CSV graph is a directory holding entities.csv)", dir);
    erg_mark m = erg__mark(g);
    int rc;
    erg__diags d;
    erg__diags_init(&d, g, diag, ud);
    bool have_sources = false;
    failed fail[3];
    memset(fail, 0, sizeof fail);
    static const struct { const char *file; erg_kind kind; bool required; } files[] = {
        {"sources.csv", ERG_KIND_SOURCE, false},
        {"entities.csv", ERG_KIND_ENTITY, true},
        {"relationships.csv", ERG_KIND_REL, false}};
    for (int i = 0; i < 3; i++) {
        /* "source" attributes are checked when the directory has a
         * sources.csv (even one without rows) or the graph has sources */
        rc = read_one(g, dir, files[i].file, files[i].kind, files[i].required, &d,
                      have_sources || g->live_srcs > 0, fail);
        if (i == 0) have_sources = rc != ERG_ENOTFOUND;
        if (rc == ERG_ENOTFOUND) rc = ERG_OK;
        if (rc) break; /* a file with problems goes on to the next: they are all listed */
    }
    for (int i = 0; i < 3; i++) failed_free(&fail[i], &g->a);
    if (!rc && !d.errors) rc = read_meta(g, dir, &d);
    if (!rc && !d.errors) rc = erg__rel_assign_ids(g, m.nrel);
    if (!rc && !d.errors) erg__trim(g);
    if (rc || d.errors) return erg__diags_fail(&d, rc ? rc : ERG_EPARSE, dir, &m);
    return ERG_OK;
}
