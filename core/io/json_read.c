/*
 * json_read.c -- reads JSON graphs, all or nothing: networkx node-link
 * (node_link_data) and Cytoscape.js elements (networkx cytoscape_data,
 * Cytoscape desktop's .cyjs), streamed: jansson parses one element at a
 * time, never the whole document.
 *
 * Shapes.  {"nodes": [...], "links" or "edges": [...]} is node-link; the
 * attributes sit on each node and link.  {"elements": {"nodes": [...],
 * "edges": [...]}}, {"elements": [...]} and a bare array are Cytoscape;
 * the attributes sit in each element's "data", the array forms tell nodes
 * from edges by "group" (or by data.source and data.target).
 *
 * Fields.  A node's "id" (a string, or a number written in decimal: 0 ->
 * "0"; Cytoscape: data.value when there is no id), "type", "name" (or
 * "label", or a Cytoscape data.value unlike the id), "aliases"; a link's
 * "source", "target", "id" (or a string "key"; networkx's numeric
 * multigraph keys only number parallel edges and are dropped), "type",
 * "directed".  A field holding the wrong kind of JSON value, and any
 * other member, is an attribute; attribute names erg keeps for fields
 * become "json.NAME" (with a warning).  Graph members ("graph", or
 * Cytoscape's "data", an object or networkx's list of pairs) become
 * metadata when they are strings, numbers or booleans.
 *
 * Types.  erg gives an attribute one type for the whole graph, so the
 * type is chosen over every value under that name (per kind, nulls
 * ignored): all booleans bool, all integers int, numbers float, strings
 * string; arrays of one such type (or empty) a list of it, a scalar among
 * lists of its type a one-element list; anything else (objects, nested
 * arrays, mixed types) a string holding each value's compact JSON text
 * (strings as they are), with one warning per attribute.  erg's own
 * exports carry a top-level "erg" member with each attribute's erg name
 * and type (so dates and declared columns come back, and the endpoint
 * renames of json_write.c are undone), the graph's sources as CSV text
 * and, on any element holding NaN or an infinity (written as null), an
 * "erg.nonfinite" member restoring them.
 *
 * Streaming.  A scanner (strings, escapes and brackets only; no values)
 * walks the top-level object once and notes where each member and each
 * element of the node and edge arrays lies; the "erg" member, which erg
 * writes last, and the choice of shape need that whole view first.  Then
 * every element is handed to jansson (json_loadb) and freed: once to
 * learn the attribute types, once more for the nodes and, after them, for
 * the links (so a link may name a node written after it).  Memory is the
 * graph plus 16 bytes an element and a 1 MB window onto the file; each
 * element is parsed twice (measured: twice the parsing beats holding the
 * tree, see README).
 *
 * Errors.  jansson gives syntax errors a line and column (FILE:LINE:COL):
 * the first one in the file is reported exactly as jansson parsing the
 * whole document would, because jansson itself finds it, fed the rest of
 * the file after a few bytes that recreate the context (see
 * syntax_error).  Structural errors name the element by its path (FILE:
 * links[3]: unknown target node 'x').  Duplicate object keys are refused
 * (JSON_REJECT_DUPLICATES), as are \u0000 in strings and nesting deeper
 * than jansson's 2048 levels; integers beyond 64 bits are a syntax error.
 * jansson allocates each element with malloc, not the graph's allocator
 * hook (like libxml2 for GraphML).
 */
#include "io.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DIAGS 50
#define WINDOW ((size_t)1 << 20) /* bytes of the file held at a time */
#define MAX_DEPTH 2048           /* jansson's JSON_PARSER_MAX_DEPTH */
#define PARSE_FLAGS (JSON_REJECT_DUPLICATES | JSON_DECODE_ANY)

/* Kinds of JSON value seen under one attribute name (bits). */
enum { K_BOOL = 1, K_INT = 2, K_REAL = 4, K_STRING = 8, K_OTHER = 16 };

typedef struct aspec {
    char *key;           /* as written (a copy: elements are freed) */
    unsigned scalars;    /* kinds of the scalar values */
    unsigned elems;      /* kinds of the array elements */
    bool arrays, other;  /* arrays seen; objects or nested arrays seen */
    erg_type type, elem; /* the erg type chosen */
    bool as_json;        /* values kept as JSON text */
    bool fixed;          /* type given by the file's "erg" member */
    bool declared;       /* its column exists (or failed: skip) */
    uint32_t col;
    bool skip;           /* declaring it failed (reported) */
} aspec;

typedef struct elem {
    json_t *obj;   /* the attribute object (the element, or its "data") */
    size_t index;  /* in its array */
} elem;

/* What pass 2 made of an element (span.kind). */
enum { E_NONE = 0, E_NODE, E_EDGE };

/* Where one value lies in the file. */
typedef struct span {
    uint64_t off;
    uint32_t len;
    uint8_t kind;
} span;

/* One member of the top-level object (or of its "elements" object), or
 * the top-level value itself (key NULL).  A stream is an array read
 * element by element; a walked member is the "elements" object, whose
 * own members are lists with parent set to it; anything else is one span. */
typedef struct jlist {
    char *key;
    int parent;        /* -1: the top level */
    bool stream, walked;
    char ctx[4];       /* containers around each value: 'o' object, 'a' array */
    int nctx;
    span *el;
    uint32_t n, cap;
} jlist;

/* Scanner states: where in a container a syntax error was met. */
enum { S_TOP, S_TOP_AFTER, S_OBJ_FIRST, S_OBJ_NEXT, S_OBJ_COLON, S_OBJ_VALUE, S_OBJ_AFTER,
       S_ARR_FIRST, S_ARR_NEXT, S_ARR_AFTER };

typedef struct vref { uint32_t sid, ent; } vref;

typedef struct jr {
    erg_graph *g;
    const char *path;
    erg_diag_fn diag;
    void *ud;
    int nerr, ndiag;
    int rc;             /* an I/O or memory failure met while scanning */
    bool fast, abandon; /* the fast path (see fast_read); it met something */
    erg_mark mark;
    /* the input */
    FILE *f;
    uint64_t size;
    char *win;          /* bytes [winoff, winoff + winlen) of the file */
    size_t wincap, winlen;
    uint64_t winoff, pos;
    /* the scan */
    jlist *lists;
    uint32_t nlists, listcap;
    struct {            /* the first syntax error the scanner met */
        bool set;
        uint64_t off;
        char ctx[4];
        int nctx, state;
        char *dupkey;   /* a duplicate key (S_OBJ_NEXT) */
    } bad;
    erg_buf probs;      /* element problems of pass 2, NUL separated */
    uint32_t nprobs;
    json_t *m_directed, *m_graph, *m_data, *m_erg; /* small top-level members */
    /* the shape */
    bool cyto;
    const char *node_arr, *edge_arr; /* names for messages: "nodes", "links" */
    int node_list, edge_list;
    uint32_t nnodes, nedges;
    aspec *specs[2];
    uint32_t nspecs[2], speccap[2];
    erg_htab specidx[2]; /* key -> index in specs */
    json_t *schema[2];  /* the "erg" member's attribute objects */
    vref *vrefs;        /* Cytoscape data.value unlike the id -> entity */
    uint32_t nvref, vrefcap;
    erg_htab byvalue;   /* value sid -> index in vrefs */
    erg_buf text;
    erg_value *items;
    uint32_t itemcap;
} jr;
/* ---- diagnostics ------------------------------------------------------------ */
static void report(jr *r, erg_severity sev, unsigned long line, unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void report(jr *r, erg_severity sev, unsigned long line, unsigned long col, const char *fmt, ...) {
    char reason[600], text[1024];
    va_list ap;
    if (r->fast) { /* the fast path says nothing: the full one will */
        r->abandon = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (line && col) snprintf(text, sizeof text, "%s:%lu:%lu: %s", r->path, line, col, reason);
    else snprintf(text, sizeof text, "%s: %s", r->path, reason);
    if (sev == ERG_ERROR) {
        if (r->nerr == 0) erg__err(r->g, ERG_EPARSE, "%s", text);
        r->nerr++;
    }
    if (r->diag && r->ndiag < MAX_DIAGS) {
        erg_diag d = {sev, r->path, line, col, reason, text};
        r->diag(r->ud, &d);
    }
    r->ndiag++;
}

/* "links[3]" or "elements.nodes[0]": where an element sits. */
static const char *where(const jr *r, erg_kind k, const elem *e, char *buf, size_t n) {
    snprintf(buf, n, "%s[%zu]", k == ERG_KIND_ENTITY ? r->node_arr : r->edge_arr, e->index);
    return buf;
}

/* ---- small helpers ---------------------------------------------------------- */
static const char *jstr(const json_t *o, const char *key) {
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A node reference or id as text: strings as they are, integers in
 * decimal, reals as erg writes floats; NULL for other values. */
static const char *id_text(const json_t *v, char *buf) {
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) {
        sprintf(buf, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    if (json_is_real(v)) {
        erg__format_float(json_real_value(v), buf);
        return buf;
    }
    return NULL;
}

/* ---- the input: a window onto the file ------------------------------------------ */
/* Opens the input and learns its size (for progress); reported when it
 * cannot be opened. */
static int open_input(jr *r) {
    const char *why;
    int fd = erg__open_input(r->path, NULL, &why); /* regular files only, never blocks */
    if (fd < 0) return erg__err(r->g, ERG_EIO, "%s: %s", r->path, why);
    r->f = fdopen(fd, "rb");
    if (!r->f) {
        close(fd);
        return erg__err(r->g, ERG_EIO, "%s: cannot open: %s", r->path, strerror(errno));
    }
    struct stat st;
    if (fstat(fileno(r->f), &st) == 0 && S_ISREG(st.st_mode)) r->size = (uint64_t)st.st_size;
    return ERG_OK;
}

/* Makes bytes [off, off + n) readable at *p; *got of them are (fewer at
 * the end of the file).  The window moves only when they are not in it. */
static int src_read(jr *r, uint64_t off, size_t n, const char **p, size_t *got) {
    if (off < r->winoff || off + n > r->winoff + r->winlen) {
        size_t want = n > WINDOW ? n : WINDOW;
        if (want > r->wincap) {
            char *w = erg__mem(&r->g->a, r->win, r->wincap, want);
            if (!w) return erg__nomem(r->g);
            r->win = w;
            r->wincap = want;
        }
        r->winoff = off;
        r->winlen = 0;
        if (fseeko(r->f, (off_t)off, SEEK_SET) != 0)
            return erg__err(r->g, ERG_EIO, "%s: cannot read: %s", r->path, strerror(errno));
        r->winlen = fread(r->win, 1, want, r->f);
        if (ferror(r->f)) return erg__err(r->g, ERG_EIO, "%s: cannot read: %s", r->path, strerror(errno));
    }
    size_t at = (size_t)(off - r->winoff);
    *p = r->win + at;
    *got = at < r->winlen ? (r->winlen - at < n ? r->winlen - at : n) : 0;
    return ERG_OK;
}

/* The whole span, or an I/O error (the file changed under us). */
static int span_bytes(jr *r, const span *s, const char **p) {
    size_t got;
    int rc = src_read(r, s->off, s->len, p, &got);
    if (!rc && got < s->len) rc = erg__err(r->g, ERG_EIO, "%s: cannot read: the file changed while read", r->path);
    return rc;
}

/* The byte at the scanner's position: -1 at the end (or on an error, in r->rc). */
static int refill(jr *r) {
    const char *p;
    size_t got;
    if (r->rc) return -1;
    erg__progress(r->g, "reading JSON (structure)", r->pos, r->size);
    if ((r->rc = src_read(r, r->pos, 1, &p, &got)) || !got) return -1;
    return (unsigned char)*p;
}

static inline int peekc(jr *r) {
    uint64_t i = r->pos - r->winoff;
    if (r->pos >= r->winoff && i < r->winlen) return (unsigned char)r->win[i];
    return refill(r);
}

static int skip_ws(jr *r) {
    int c;
    while ((c = peekc(r)) == ' ' || c == '\t' || c == '\n' || c == '\r') r->pos++;
    return c;
}

/* The line and column of offset off as jansson counts them (columns by
 * UTF-8 lead bytes: the column of the byte before off), except that a
 * lone CR ends a line too, as in every other reader of erg (jansson
 * counts LF only). */
static int position_at(jr *r, uint64_t off, unsigned long *line, unsigned long *col) {
    bool cr = false;
    *line = 1;
    *col = 0;
    for (uint64_t at = 0; at < off;) {
        const char *p;
        size_t got, want = off - at < WINDOW ? (size_t)(off - at) : WINDOW;
        int rc = src_read(r, at, want, &p, &got);
        if (rc) return rc;
        if (!got) break;
        for (size_t i = 0; i < got; i++) {
            unsigned char u = (unsigned char)p[i];
            if (u == '\n') {
                if (!cr) (*line)++; /* CRLF: the CR counted it */
                *col = 0;
            } else if (u == '\r') {
                (*line)++;
                *col = 0;
            } else if (u < 0x80 || (u >= 0xC2 && u <= 0xF4)) {
                (*col)++;
            }
            cr = u == '\r';
        }
        at += got;
    }
    return ERG_OK;
}

/* ---- syntax errors ------------------------------------------------------------- */
/* Bytes that put jansson where the scanner stood: every container of ctx
 * but the innermost opened with a value under way, the innermost in state. */
static int context_prefix(erg_buf *b, const char *ctx, int nctx, int state, const char *dupkey) {
    static const char *const inner[] = {
        [S_TOP] = "", [S_TOP_AFTER] = "[]", [S_OBJ_FIRST] = "{", [S_OBJ_NEXT] = "{\"\":[],",
        [S_OBJ_COLON] = "{\"\"", [S_OBJ_VALUE] = "{\"\":", [S_OBJ_AFTER] = "{\"\":[]",
        [S_ARR_FIRST] = "[", [S_ARR_NEXT] = "[[],", [S_ARR_AFTER] = "[[]"};
    b->len = 0;
    for (int i = 0; i + 1 < nctx; i++)
        if (erg__buf_add(b, ctx[i] == 'o' ? "{\"\":" : "[", ctx[i] == 'o' ? 4 : 1)) return ERG_ENOMEM;
    if (state == S_OBJ_NEXT && dupkey) { /* the key again, so that jansson sees the duplicate */
        json_t *s = json_string(dupkey);
        char *k = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
        int rc = !k || erg__buf_printf(b, "{%s:[],", k);
        free(k);
        json_decref(s);
        return rc ? ERG_ENOMEM : ERG_OK;
    }
    return erg__buf_add(b, inner[state], strlen(inner[state])) ? ERG_ENOMEM : ERG_OK;
}

typedef struct feed {
    jr *r;
    const erg_buf *pre;
    size_t sent;
    uint64_t off;
} feed;

static size_t feed_bytes(void *buf, size_t n, void *ud) {
    feed *f = ud;
    if (f->sent < f->pre->len) {
        size_t k = f->pre->len - f->sent < n ? f->pre->len - f->sent : n;
        memcpy(buf, f->pre->p + f->sent, k);
        f->sent += k;
        return k;
    }
    const char *p;
    size_t got;
    if ((f->r->rc = src_read(f->r, f->off, n, &p, &got))) return (size_t)-1;
    memcpy(buf, p, got);
    f->off += got;
    return got;
}

/* Reports the first syntax error of the document, which lies at or after
 * offset off, met in the given context.
 *
 * jansson's messages depend on where its parser stands ("']' expected",
 * "string or '}' expected", "maximum parsing depth reached"), so rather
 * than imitate them, jansson parses a stream that recreates the context:
 * a prefix of at most a few dozen bytes (context_prefix: `{"":[` stands
 * for "inside the value of a member of the top object, inside an array";
 * placeholders `[]` for values already read, so that no token runs into
 * the next byte) followed by the file from off.  The prefix is valid and
 * as deep as the real context, so jansson stops at the same byte with the
 * same message; its position is moved back by the prefix on the first
 * line and onto the line and column of off.  Only the error path does
 * this, and it reads no further than the error. */
static int syntax_error(jr *r, const char *ctx, int nctx, int state, const char *dupkey, uint64_t off) {
    erg_buf pre;
    erg__buf_init(&pre, &r->g->a);
    int rc = context_prefix(&pre, ctx, nctx, state, dupkey);
    json_error_t je;
    feed f = {r, &pre, 0, off};
    json_t *v = rc ? NULL : json_load_callback(feed_bytes, &f, PARSE_FLAGS, &je);
    unsigned long line, col;
    if (!rc && r->rc) rc = r->rc;
    if (!rc && !v && json_error_code(&je) == json_error_out_of_memory) rc = ERG_ENOMEM;
    if (!rc) rc = position_at(r, off, &line, &col);
    if (!rc) {
        if (v || je.line < 1) { /* not expected: the scanner and jansson disagree */
            report(r, ERG_ERROR, line, col + 1, "malformed JSON");
        } else {
            /* where jansson stopped, in the file: its byte position less
             * the prefix, counted again with lone CRs as line ends */
            uint64_t at = je.position > 0 && (size_t)je.position > pre.len ? off + ((size_t)je.position - pre.len) : off;
            rc = position_at(r, at, &line, &col);
            if (!rc) report(r, ERG_ERROR, line, col ? col : 1, "malformed JSON: %s", je.text);
        }
    }
    json_decref(v);
    erg__buf_free(&pre);
    if (rc == ERG_ENOMEM) erg__nomem(r->g);
    return rc;
}

/* Notes the scanner's syntax error (reported after the elements before it
 * are checked: an error inside one of them comes first). */
static void mark_bad(jr *r, const char *ctx, int nctx, int state, const char *dupkey, uint64_t off) {
    if (r->bad.set) return;
    r->bad.set = true;
    r->bad.off = off;
    memcpy(r->bad.ctx, ctx, (size_t)nctx);
    r->bad.nctx = nctx;
    r->bad.state = state;
    if (dupkey) {
        size_t n = strlen(dupkey) + 1;
        if ((r->bad.dupkey = erg__mem(&r->g->a, NULL, 0, n))) memcpy(r->bad.dupkey, dupkey, n);
        else r->rc = ERG_ENOMEM;
    }
}

/* ---- the scanner ----------------------------------------------------------------- */
static bool delimiter(int c) {
    return c < 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':' || c == '[' ||
           c == ']' || c == '{' || c == '}' || c == '"';
}

/* Skips a string from its opening quote; false at the end of the file. */
static bool skip_string(jr *r) {
    r->pos++;
    for (;;) {
        int c = peekc(r);
        if (c < 0) return false;
        r->pos++;
        if (c == '"') return true;
        if (c == '\\') {
            if (peekc(r) < 0) return false;
            r->pos++;
        }
    }
}

/* Skips one value inside outer containers, into *s; false (no error yet
 * recorded) when it cannot end well: the end of the file inside it, no
 * value at all, or a value nested past jansson's depth limit.  Brackets
 * are counted, not matched: a mismatch ends the span wrongly, and jansson
 * then refuses the span. */
static bool skip_value(jr *r, int outer, span *s) {
    uint64_t start = r->pos;
    int c = peekc(r), depth = 0;
    if (c == '"') {
        if (!skip_string(r)) return false;
    } else if (c == '{' || c == '[') {
        do {
            c = peekc(r);
            if (c < 0) return false;
            if (c == '"') {
                if (outer + depth >= MAX_DEPTH || !skip_string(r)) return false;
                continue;
            }
            if (c == '{' || c == '[') {
                if (outer + depth >= MAX_DEPTH) return false;
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (outer + depth >= MAX_DEPTH && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false; /* a value deeper than jansson goes */
            }
            r->pos++;
        } while (depth > 0);
    } else {
        while (!delimiter(c = peekc(r))) r->pos++;
        if (r->pos == start) return false;
    }
    if (r->pos - start > UINT32_MAX) return false;
    *s = (span){start, (uint32_t)(r->pos - start), E_NONE};
    return true;
}

static jlist *new_list(jr *r, char *key, int parent, const char *ctx, int nctx) {
    if (erg__grow(&r->g->a, (void **)&r->lists, &r->listcap, (size_t)r->nlists + 1, sizeof *r->lists)) {
        erg__mem(&r->g->a, key, key ? strlen(key) + 1 : 0, 0);
        r->rc = ERG_ENOMEM;
        return NULL;
    }
    jlist *l = &r->lists[r->nlists++];
    memset(l, 0, sizeof *l);
    l->key = key;
    l->parent = parent;
    memcpy(l->ctx, ctx, (size_t)nctx);
    l->nctx = nctx;
    return l;
}

static int push_span(jr *r, jlist *l, const span *s) {
    if (erg__grow(&r->g->a, (void **)&l->el, &l->cap, (size_t)l->n + 1, sizeof *l->el)) return r->rc = ERG_ENOMEM;
    l->el[l->n++] = *s;
    return ERG_OK;
}

/* An array read element by element (list li; its elements sit in l->ctx). */
static void scan_array(jr *r, uint32_t li) {
    const char *ctx = r->lists[li].ctx;
    int nctx = r->lists[li].nctx;
    r->pos++;
    for (uint32_t i = 0;; i++) {
        int c = skip_ws(r);
        span s;
        if (c == ']' && i == 0) { r->pos++; return; }
        uint64_t at = r->pos;
        if (!skip_value(r, nctx, &s)) return mark_bad(r, ctx, nctx, i ? S_ARR_NEXT : S_ARR_FIRST, NULL, at);
        if (push_span(r, &r->lists[li], &s)) return;
        if ((c = skip_ws(r)) == ']') { r->pos++; return; }
        if (c != ',') return mark_bad(r, ctx, nctx, S_ARR_AFTER, NULL, r->pos);
        r->pos++;
    }
}

/* A member name, decoded by jansson (NULL: not a valid string, or no memory). */
static char *member_key(jr *r, const span *s) {
    const char *p;
    if ((r->rc = span_bytes(r, s, &p))) return NULL;
    json_error_t je;
    json_t *k = json_loadb(p, s->len, JSON_DECODE_ANY, &je);
    char *copy = NULL;
    if (json_is_string(k)) {
        size_t n = json_string_length(k) + 1;
        if ((copy = erg__mem(&r->g->a, NULL, 0, n))) memcpy(copy, json_string_value(k), n);
        else r->rc = ERG_ENOMEM;
    }
    json_decref(k);
    return copy;
}

static int find_list(const jr *r, int parent, const char *key) {
    for (uint32_t i = 0; i < r->nlists; i++)
        if (r->lists[i].parent == parent && r->lists[i].key && !strcmp(r->lists[i].key, key)) return (int)i;
    return -1;
}

/* Whether member key of the object at level (0 the top, 1 "elements") is
 * an array to read element by element. */
static bool streamed(int level, const char *key) {
    if (level == 0) return !strcmp(key, "nodes") || !strcmp(key, "links") || !strcmp(key, "edges") ||
                           !strcmp(key, "elements");
    return !strcmp(key, "nodes") || !strcmp(key, "edges");
}

static void scan_object(jr *r, int parent, const char *ctx, int nctx);

/* One member value of an object (ctx: the containers around it). */
static void scan_member(jr *r, char *key, int parent, const char *ctx, int nctx) {
    int c = peekc(r);
    int level = parent < 0 ? 0 : 1;
    uint64_t at = r->pos;
    jlist *l = new_list(r, key, parent, ctx, nctx);
    if (!l) return;
    uint32_t li = r->nlists - 1;
    if (c == '[' && streamed(level, key)) {
        l->stream = true;
        l->ctx[nctx] = 'a';
        l->nctx = nctx + 1;
        return scan_array(r, li);
    }
    if (c == '{' && level == 0 && !strcmp(key, "elements")) {
        char inner[4];
        memcpy(inner, ctx, (size_t)nctx);
        inner[nctx] = 'o';
        l->walked = true;
        return scan_object(r, (int)li, inner, nctx + 1);
    }
    span s;
    if (!skip_value(r, nctx, &s)) return mark_bad(r, ctx, nctx, S_OBJ_VALUE, NULL, at);
    push_span(r, &r->lists[li], &s);
}

/* The top object (parent -1) or the "elements" object, from its '{';
 * ctx holds the containers up to and including it. */
static void scan_object(jr *r, int parent, const char *ctx, int nctx) {
    r->pos++;
    for (int state = S_OBJ_FIRST;; state = S_OBJ_NEXT) {
        int c = skip_ws(r);
        span ks;
        if (c == '}' && state == S_OBJ_FIRST) { r->pos++; return; }
        uint64_t at = r->pos;
        if (c != '"' || !skip_value(r, nctx, &ks)) return mark_bad(r, ctx, nctx, state, NULL, at);
        char *key = member_key(r, &ks);
        if (r->rc) return;
        if (!key) return mark_bad(r, ctx, nctx, state, NULL, at);
        if (find_list(r, parent, key) >= 0) {
            mark_bad(r, ctx, nctx, S_OBJ_NEXT, key, at);
            erg__mem(&r->g->a, key, strlen(key) + 1, 0);
            return;
        }
        if (skip_ws(r) != ':') {
            erg__mem(&r->g->a, key, strlen(key) + 1, 0);
            return mark_bad(r, ctx, nctx, S_OBJ_COLON, NULL, ks.off + ks.len);
        }
        r->pos++;
        skip_ws(r);
        scan_member(r, key, parent, ctx, nctx);
        if (r->bad.set || r->rc) return;
        if ((c = skip_ws(r)) == '}') { r->pos++; return; }
        if (c != ',') return mark_bad(r, ctx, nctx, S_OBJ_AFTER, NULL, r->pos);
        r->pos++;
    }
}

/* Pass 1: where everything lies, and the first syntax error outside the
 * elements (in r->bad). */
static int scan(jr *r) {
    int c = skip_ws(r);
    if (c == '{') {
        scan_object(r, -1, "o", 1);
    } else {
        jlist *l = new_list(r, NULL, -1, "", 0);
        span s;
        uint64_t at = r->pos;
        if (l && c == '[') {
            l->stream = true;
            l->ctx[0] = 'a';
            l->nctx = 1;
            scan_array(r, 0);
        } else if (l) {
            if (!skip_value(r, 0, &s)) mark_bad(r, "", 0, S_TOP, NULL, at);
            else push_span(r, &r->lists[0], &s);
        }
    }
    if (!r->rc && !r->bad.set && skip_ws(r) >= 0) mark_bad(r, "", 0, S_TOP_AFTER, NULL, r->pos);
    erg__progress(r->g, "reading JSON (structure)", r->pos, r->size);
    return r->rc;
}
/* ---- fields and attributes -------------------------------------------------- */
/* True when member key of a node or edge is one of its fields (and holds
 * the kind of value the field takes), so no attribute. */
static bool is_field(const jr *r, erg_kind k, json_t *obj, const char *key, json_t *v) {
    static const char *const node_fields[] = {"id", "type", "name", "label", "aliases", "value", NULL};
    static const char *const link_fields[] = {"source", "target", "id", "key", "type", "directed", NULL};
    if (!strcmp(key, "erg.nonfinite")) return true;
    if (json_is_null(v)) /* a field left empty (erg writes "name": null) */
        for (const char *const *f = k == ERG_KIND_ENTITY ? node_fields : link_fields; *f; f++)
            if (!strcmp(*f, key)) return true;
    if (k == ERG_KIND_ENTITY) {
        if (!strcmp(key, "id")) return true;
        if (!strcmp(key, "type") || !strcmp(key, "name")) return json_is_string(v);
        if (!strcmp(key, "label")) return json_is_string(v) && !jstr(obj, "name");
        if (!strcmp(key, "value")) return r->cyto;
        if (!strcmp(key, "aliases")) {
            if (json_is_string(v)) return true;
            if (!json_is_array(v)) return false;
            size_t i;
            json_t *a;
            json_array_foreach(v, i, a) if (!json_is_string(a)) return false;
            return true;
        }
        return false;
    }
    if (!strcmp(key, "source") || !strcmp(key, "target")) return true;
    if (!strcmp(key, "type")) return json_is_string(v);
    if (!strcmp(key, "directed")) return json_is_boolean(v);
    if (!strcmp(key, "id")) return json_is_string(v) || json_is_integer(v);
    /* a string key names the relationship (erg's node-link); numbers only
     * count parallel edges (networkx) */
    if (!strcmp(key, "key")) {
        const json_t *id = json_object_get(obj, "id");
        return json_is_integer(v) || (json_is_string(v) && (!id || json_equal(id, v)));
    }
    return false;
}

static unsigned kind_of(const json_t *v) {
    switch (json_typeof(v)) {
    case JSON_TRUE:
    case JSON_FALSE: return K_BOOL;
    case JSON_INTEGER: return K_INT;
    case JSON_REAL: return K_REAL;
    case JSON_STRING: return K_STRING;
    default: return K_OTHER;
    }
}

static bool spec_is(const void *ctx, uint32_t entry, const void *key) {
    const aspec *specs = ctx;
    return !strcmp(specs[entry].key, key);
}

/* The spec of attribute key of kind k, added when new (NULL: no memory). */
static aspec *spec_for(jr *r, erg_kind k, const char *key) {
    erg_htab *index = &r->specidx[k];
    uint32_t h = erg__hash_bytes(key, strlen(key));
    uint32_t i = erg__htab_find(index, h, spec_is, r->specs[k], key);
    if (i != ERG_NONE) return &r->specs[k][i];
    if (erg__grow(&r->g->a, (void **)&r->specs[k], &r->speccap[k], (size_t)r->nspecs[k] + 1, sizeof(aspec)) ||
        erg__htab_insert(index, &r->g->a, h, r->nspecs[k]))
        return NULL;
    size_t n = strlen(key) + 1;
    char *copy = erg__mem(&r->g->a, NULL, 0, n);
    if (!copy) return NULL;
    memcpy(copy, key, n);
    aspec *s = &r->specs[k][r->nspecs[k]++];
    memset(s, 0, sizeof *s);
    s->key = copy;
    return s;
}

/* What an "erg.nonfinite" marker says the value holds: floats. */
static void observe_marker(aspec *s, json_t *v) {
    if (!json_is_array(v)) {
        s->scalars |= K_REAL;
        return;
    }
    s->arrays = true;
    s->elems |= K_REAL;
}

static void observe(aspec *s, json_t *v) {
    if (json_is_null(v)) return;
    if (!json_is_array(v)) {
        unsigned kd = kind_of(v);
        if (kd == K_OTHER) s->other = true;
        else s->scalars |= kd;
        return;
    }
    s->arrays = true;
    size_t i;
    json_t *a;
    json_array_foreach(v, i, a) {
        unsigned kd = kind_of(a);
        if (kd == K_OTHER) s->other = true; /* null, objects, arrays inside */
        else s->elems |= kd;
    }
}

/* The erg type a set of kinds fits: 0 when none does. */
static erg_type type_of_kinds(unsigned kinds) {
    if (kinds == K_BOOL) return ERG_BOOL;
    if (kinds == K_INT) return ERG_INT;
    if (kinds && !(kinds & ~(K_INT | K_REAL))) return ERG_FLOAT;
    if (kinds == K_STRING) return ERG_STRING;
    return ERG_NULL;
}

static const char *kinds_text(unsigned kinds, bool arrays, bool other) {
    if (other) return "objects or nested arrays";
    if (arrays && kinds) return "arrays of mixed types";
    return "values of mixed types";
}

/* Chooses the type of an attribute from what it holds (see the head). */
static void choose_type(aspec *s) {
    if (s->fixed) return;
    if (!s->arrays && !s->other) {
        s->type = type_of_kinds(s->scalars);
        if (!s->scalars) s->type = ERG_STRING; /* only nulls: declared, never set */
        if (s->type) return;
    } else if (s->arrays && !s->other) {
        unsigned all = s->elems | s->scalars;
        erg_type t = all ? type_of_kinds(all) : ERG_STRING;
        /* scalars join lists only of their own type (an int among float
         * lists is fine, a string among int lists is not) */
        if (t && (!s->scalars || type_of_kinds(s->scalars) == t || t == ERG_FLOAT)) {
            s->type = ERG_LIST;
            s->elem = t;
            return;
        }
    }
    s->type = ERG_STRING;
    s->as_json = true;
}

/* The name an attribute key is stored under (buf holds a renamed one). */
static const char *attr_name(jr *r, erg_kind k, const aspec *s, char *buf, size_t n) {
    const json_t *sc = json_object_get(r->schema[k], s->key);
    const char *name = jstr(sc, "name");
    if (name && *name && !erg__reserved_name(k, name)) return name;
    if (!erg__reserved_name(k, s->key)) return s->key;
    snprintf(buf, n, "json.%s", s->key);
    report(r, ERG_WARNING, 0, 0, "%s attribute '%s' is a field name in erg; kept as '%s'",
           k == ERG_KIND_ENTITY ? "node" : "link", s->key, buf);
    return buf;
}

/* The type the file's "erg" member gives key (false when none). */
static bool schema_type(jr *r, erg_kind k, aspec *s) {
    const char *t = jstr(json_object_get(r->schema[k], s->key), "type");
    erg_type tt, el;
    if (!t || erg__parse_type(t, strlen(t), &tt, &el)) return false;
    s->type = tt;
    s->elem = el;
    s->fixed = true;
    return true;
}

/* Pass 1: every attribute's kinds, then its type and schema column. */

/* Pass 2 for one element: what its attributes hold. */
static int observe_elem(jr *r, erg_kind k, json_t *obj) {
    const char *key;
    json_t *v;
    json_t *nf = json_object_get(obj, "erg.nonfinite");
    json_object_foreach(obj, key, v) {
        if (is_field(r, k, obj, key, v)) continue;
        aspec *s = spec_for(r, k, key);
        if (!s) return ERG_ENOMEM;
        if (!json_object_get(nf, key)) observe(s, v);
    }
    json_object_foreach(nf, key, v) {
        aspec *s = spec_for(r, k, key);
        if (!s) return ERG_ENOMEM;
        observe_marker(s, v);
    }
    return ERG_OK;
}

/* An attribute's type and schema column (pass 2 saw all its values). */
static int declare_one(jr *r, erg_kind k, aspec *s) {
    s->declared = true;
    if (!schema_type(r, k, s)) choose_type(s);
    if (s->as_json)
        report(r, ERG_WARNING, 0, 0, "%s attribute '%s' holds %s; kept as JSON text (a string)",
               k == ERG_KIND_ENTITY ? "node" : "link", s->key, kinds_text(s->scalars | s->elems, s->arrays, s->other));
    char buf[300];
    const char *name = attr_name(r, k, s, buf, sizeof buf);
    uint32_t sid;
    if (erg__intern(r->g, name, strlen(name), &sid)) return ERG_ENOMEM;
    if (erg__col_declare(r->g, k, sid, s->type, s->elem, &s->col)) {
        if (r->g->errcode == ERG_ENOMEM) return ERG_ENOMEM;
        report(r, ERG_ERROR, 0, 0, "%s attribute '%s': %s", k == ERG_KIND_ENTITY ? "node" : "link", s->key,
               erg_errmsg(r->g));
        s->skip = true;
    }
    return ERG_OK;
}

/* Every attribute's column: those the "erg" member names first, so that
 * the columns keep the exporter's order, then the others as met. */
static int declare_attrs(jr *r, erg_kind k) {
    const char *key;
    json_t *v;
    int rc;
    json_object_foreach(r->schema[k], key, v) {
        aspec *s = spec_for(r, k, key);
        if (!s) return ERG_ENOMEM;
        if (!s->declared && (rc = declare_one(r, k, s))) return rc;
    }
    for (uint32_t i = 0; i < r->nspecs[k]; i++)
        if (!r->specs[k][i].declared && (rc = declare_one(r, k, &r->specs[k][i]))) return rc;
    return ERG_OK;
}
static aspec *find_spec(jr *r, erg_kind k, const char *key) {
    uint32_t i = erg__htab_find(&r->specidx[k], erg__hash_bytes(key, strlen(key)), spec_is, r->specs[k], key);
    return i == ERG_NONE ? NULL : &r->specs[k][i];
}

/* ---- values ------------------------------------------------------------------ */
/* A non-finite float from erg's marker text ("NaN", "Infinity", "-Infinity"). */
static bool nonfinite(const json_t *v, double *f) {
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (!s) return false;
    if (!strcmp(s, "NaN")) *f = NAN;
    else if (!strcmp(s, "Infinity")) *f = INFINITY;
    else if (!strcmp(s, "-Infinity")) *f = -INFINITY;
    else return false;
    return true;
}

/* One JSON scalar as a value of type t; false when it does not fit. */
static bool scalar(const json_t *v, erg_type t, erg_value *out) {
    switch (t) {
    case ERG_BOOL:
        if (!json_is_boolean(v)) return false;
        *out = erg_bool(json_is_true(v));
        return true;
    case ERG_INT:
        if (!json_is_integer(v)) return false;
        *out = erg_int((int64_t)json_integer_value(v));
        return true;
    case ERG_FLOAT: {
        double f;
        if (json_is_number(v)) *out = erg_float(json_number_value(v));
        else if (nonfinite(v, &f)) *out = erg_float(f);
        else return false;
        return true;
    }
    case ERG_STRING:
        if (!json_is_string(v)) return false;
        *out = erg_strn(json_string_value(v), json_string_length(v));
        return true;
    case ERG_DATE: {
        erg_date d;
        if (!json_is_string(v) || erg_date_parse(json_string_value(v), json_string_length(v), &d)) return false;
        *out = erg_datev(d);
        return true;
    }
    default: return false;
    }
}

/* A value kept as JSON text: strings as they are, others compact. */
static int json_text(jr *r, const json_t *v, erg_value *out) {
    if (json_is_string(v)) {
        *out = erg_strn(json_string_value(v), json_string_length(v));
        return ERG_OK;
    }
    char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    if (!s) return ERG_ENOMEM;
    r->text.len = 0;
    int rc = erg__buf_add(&r->text, s, strlen(s));
    free(s);
    if (!rc) *out = erg_strn(r->text.p, r->text.len);
    return rc;
}

/* Converts v (with the marker value nf, or NULL) for spec s into *out;
 * ERG_EINVAL when it does not fit the type. */
static int convert(jr *r, const aspec *s, const json_t *v, const json_t *nf, erg_value *out) {
    if (nf) v = nf; /* the marker holds the whole value */
    if (s->as_json) return json_text(r, v, out);
    if (s->type != ERG_LIST) return scalar(v, s->type, out) ? ERG_OK : ERG_EINVAL;
    size_t n = json_is_array(v) ? json_array_size(v) : 1;
    if (erg__grow(&r->g->a, (void **)&r->items, &r->itemcap, n ? n : 1, sizeof *r->items)) return ERG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const json_t *a = json_is_array(v) ? json_array_get(v, i) : v;
        if (!scalar(a, s->elem, &r->items[i])) return ERG_EINVAL;
    }
    *out = erg_listv(s->elem, n ? r->items : NULL, n);
    return ERG_OK;
}

static const char *json_kind_name(const json_t *v) {
    static const char *const names[] = {"an object", "an array", "a string", "an integer",
                                        "a number", "true", "false", "null"};
    return names[json_typeof(v)];
}

/* Pass 2 for one element: its attributes. */
static int set_attrs(jr *r, erg_kind k, const elem *e, uint32_t idx) {
    const char *key;
    json_t *v;
    json_t *nf = json_object_get(e->obj, "erg.nonfinite");
    json_object_foreach(e->obj, key, v) {
        if (is_field(r, k, e->obj, key, v)) continue;
        aspec *s = find_spec(r, k, key);
        const json_t *mark = json_object_get(nf, key);
        if (!s || s->skip || (json_is_null(v) && !mark)) continue;
        erg_value val;
        int rc = convert(r, s, v, mark, &val);
        if (rc == ERG_ENOMEM) return rc;
        if (rc) {
            char at[64];
            report(r, ERG_ERROR, 0, 0, "%s: attribute '%s': %s does not fit its type %s", where(r, k, e, at, sizeof at),
                   key, json_kind_name(v), s->type == ERG_LIST ? "list" : erg_type_name(s->type));
            continue;
        }
        if (erg__cell_set(r->g, k, s->col, idx, &val)) return ERG_ENOMEM;
    }
    /* markers of attributes written as null only (not present otherwise) */
    json_object_foreach(nf, key, v) {
        if (json_object_get(e->obj, key)) continue;
        aspec *s = find_spec(r, k, key);
        erg_value val;
        if (!s || s->skip) continue;
        int rc = convert(r, s, json_null(), v, &val);
        if (rc == ERG_ENOMEM) return rc;
        if (!rc && erg__cell_set(r->g, k, s->col, idx, &val)) return ERG_ENOMEM;
    }
    return ERG_OK;
}

/* ---- nodes ---------------------------------------------------------------------- */
static bool vref_is(const void *ctx, uint32_t entry, const void *key) {
    const vref *v = ctx;
    return v[entry].sid == *(const uint32_t *)key;
}

static int add_aliases(jr *r, uint32_t ent, const json_t *v) {
    size_t n = json_is_array(v) ? json_array_size(v) : 1;
    for (size_t i = 0; i < n; i++) {
        const json_t *a = json_is_array(v) ? json_array_get(v, i) : v;
        uint32_t sid;
        if (!json_string_length(a)) continue;
        if (erg__intern(r->g, json_string_value(a), json_string_length(a), &sid) ||
            erg__ent_add_alias(r->g, ent, sid))
            return ERG_ENOMEM;
    }
    return ERG_OK;
}

/* Remembers a Cytoscape data.value unlike the id: edges may name it
 * (networkx's cytoscape_data puts node keys, not ids, in source and target). */
static int remember_value(jr *r, const char *value, uint32_t idx) {
    uint32_t sid;
    if (erg__intern(r->g, value, strlen(value), &sid) ||
        erg__grow(&r->g->a, (void **)&r->vrefs, &r->vrefcap, (size_t)r->nvref + 1, sizeof *r->vrefs) ||
        erg__htab_insert(&r->byvalue, &r->g->a, erg__hash_u32(sid), r->nvref))
        return ERG_ENOMEM;
    r->vrefs[r->nvref++] = (vref){sid, idx};
    return ERG_OK;
}

static int read_node(jr *r, const elem *e) {
    char at[64], idbuf[40], vbuf[40];
    json_t *o = e->obj;
    const char *value = r->cyto ? id_text(json_object_get(o, "value"), vbuf) : NULL;
    const char *id = id_text(json_object_get(o, "id"), idbuf);
    if (!id) id = value;
    if (!id || !*id) {
        report(r, ERG_ERROR, 0, 0, "%s: node without an id (a string or a number)",
               where(r, ERG_KIND_ENTITY, e, at, sizeof at));
        return ERG_OK;
    }
    const char *type = jstr(o, "type"), *name = jstr(o, "name");
    if (!name) name = jstr(o, "label");
    if (!name && value && strcmp(value, id) != 0) name = value;
    uint32_t sid, tsid, nsid = 0, idx;
    if (erg__intern(r->g, id, strlen(id), &sid) ||
        erg__intern(r->g, type && *type ? type : "entity", type && *type ? strlen(type) : 6, &tsid) ||
        (name && *name && erg__intern(r->g, name, strlen(name), &nsid)))
        return ERG_ENOMEM;
    int rc = erg__ent_add(r->g, sid, tsid, 0, &idx);
    if (rc == ERG_EEXIST) {
        report(r, ERG_ERROR, 0, 0, "%s: duplicate node id '%s'", where(r, ERG_KIND_ENTITY, e, at, sizeof at), id);
        return ERG_OK;
    }
    if (rc) return rc;
    if (nsid && erg_entity_set_name(r->g, (erg_entity){idx, r->g->ents[idx].gen}, erg__str(r->g, nsid)))
        return ERG_ENOMEM;
    json_t *al = json_object_get(o, "aliases");
    if (al && is_field(r, ERG_KIND_ENTITY, o, "aliases", al) && add_aliases(r, idx, al)) return ERG_ENOMEM;
    if (value && strcmp(value, id) != 0 && remember_value(r, value, idx)) return ERG_ENOMEM;
    return set_attrs(r, ERG_KIND_ENTITY, e, idx);
}

/* ---- links ---------------------------------------------------------------------- */
static uint32_t by_value(jr *r, uint32_t sid) {
    if (!r->nvref || !sid) return ERG_NONE;
    uint32_t i = erg__htab_find(&r->byvalue, erg__hash_u32(sid), vref_is, r->vrefs, &sid);
    return i == ERG_NONE ? ERG_NONE : r->vrefs[i].ent;
}

static uint32_t endpoint(jr *r, const json_t *v, const char **text, char *buf) {
    *text = id_text(v, buf);
    if (!*text) return ERG_NONE;
    uint32_t sid = erg__pool_find(&r->g->pool, *text, strlen(*text));
    uint32_t idx = erg__ent_lookup(r->g, sid);
    return idx != ERG_NONE ? idx : by_value(r, sid);
}

static int read_link(jr *r, const elem *e, bool directed) {
    char at[64], sbuf[40], tbuf[40], ibuf[40];
    json_t *o = e->obj;
    const char *src, *dst;
    json_t *sv = json_object_get(o, "source"), *tv = json_object_get(o, "target");
    if (!sv || !tv) {
        report(r, ERG_ERROR, 0, 0, "%s: link without %s", where(r, ERG_KIND_REL, e, at, sizeof at), sv ? "a target" : "a source");
        return ERG_OK;
    }
    uint32_t from = endpoint(r, sv, &src, sbuf), to = endpoint(r, tv, &dst, tbuf);
    if (from == ERG_NONE || to == ERG_NONE) {
        bool s = from == ERG_NONE;
        const char *t = s ? src : dst;
        if (t) report(r, ERG_ERROR, 0, 0, "%s: unknown %s node '%s'", where(r, ERG_KIND_REL, e, at, sizeof at), s ? "source" : "target", t);
        else report(r, ERG_ERROR, 0, 0, "%s: the %s must be a node id (a string or a number)", where(r, ERG_KIND_REL, e, at, sizeof at), s ? "source" : "target");
        return ERG_OK;
    }
    json_t *d = json_object_get(o, "directed");
    if (json_is_boolean(d)) directed = json_is_true(d);
    const char *id = NULL;
    bool from_key = false;
    json_t *iv = json_object_get(o, "id"), *kv = json_object_get(o, "key");
    if (json_is_string(iv) || json_is_integer(iv)) id = id_text(iv, ibuf);
    else if (json_is_string(kv)) { id = json_string_value(kv); from_key = true; }
    const char *type = jstr(o, "type");
    uint32_t sid = 0, tsid, idx;
    if ((id && *id && erg__intern(r->g, id, strlen(id), &sid)) ||
        erg__intern(r->g, type && *type ? type : "related_to", type && *type ? strlen(type) : 10, &tsid))
        return ERG_ENOMEM;
    if (sid && from_key && erg__rel_lookup(r->g, sid) != ERG_NONE) {
        report(r, ERG_WARNING, 0, 0, "%s: key '%s' already names a relationship; an id is generated", where(r, ERG_KIND_REL, e, at, sizeof at), id);
        sid = 0;
    }
    int rc = erg__rel_add(r->g, sid, from, to, tsid, directed, &idx);
    if (rc == ERG_EEXIST) {
        report(r, ERG_ERROR, 0, 0, "%s: duplicate relationship id '%s'", where(r, ERG_KIND_REL, e, at, sizeof at), id);
        return ERG_OK;
    }
    if (rc) return rc;
    return set_attrs(r, ERG_KIND_REL, e, idx);
}

/* ---- graph members --------------------------------------------------------------- */
static int meta_one(jr *r, const char *key, const json_t *v) {
    char buf[40];
    const char *s = json_is_boolean(v) ? (json_is_true(v) ? "true" : "false") : id_text(v, buf);
    if (json_is_null(v)) return ERG_OK;
    if (!s) {
        report(r, ERG_WARNING, 0, 0, "graph attribute '%s' is %s, not a string, number or boolean; dropped", key,
               json_kind_name(v));
        return ERG_OK;
    }
    return erg_graph_set_meta(r->g, key, s) ? ERG_ENOMEM : ERG_OK;
}

static int graph_meta(jr *r) {
    const json_t *m = r->cyto ? r->m_data : r->m_graph;
    const char *key;
    json_t *v;
    int rc = ERG_OK;
    if (json_is_array(m)) { /* networkx's cytoscape_data: [[key, value], ...] */
        size_t i;
        json_array_foreach(m, i, v) {
            const json_t *k = json_array_get(v, 0);
            if (json_array_size(v) == 2 && json_is_string(k)) rc = meta_one(r, json_string_value(k), json_array_get(v, 1));
            if (rc) return rc;
        }
        return ERG_OK;
    }
    json_object_foreach((json_t *)m, key, v) {
        if ((rc = meta_one(r, key, v))) return rc;
    }
    return ERG_OK;
}

/* The "erg" member of erg's own exports: attribute names and types, and
 * the sources as CSV text. */
static void read_schema(jr *r) {
    const json_t *m = r->m_erg;
    json_t *na = json_object_get(m, "node_attributes"), *la = json_object_get(m, "link_attributes");
    r->schema[ERG_KIND_ENTITY] = json_is_object(m) && json_is_object(na) ? na : NULL;
    r->schema[ERG_KIND_REL] = json_is_object(m) && json_is_object(la) ? la : NULL;
}

static int erg_member(jr *r) {
    const json_t *m = r->m_erg;
    if (!json_is_object(m)) return ERG_OK;
    read_schema(r);
    const json_t *csv = json_object_get(m, "sources_csv");
    if (!json_is_string(csv)) return ERG_OK;
    char label[4200];
    snprintf(label, sizeof label, "%s (erg.sources_csv)", r->path);
    erg__diags d;
    erg__diags_init(&d, r->g, r->diag, r->ud);
    int rc = erg__csv_read_sources_mem(r->g, label, json_string_value(csv), json_string_length(csv), &d);
    r->nerr += (int)d.errors;
    return rc && r->nerr && r->g->errcode == ERG_EPARSE ? ERG_OK : rc;
}

static bool default_directed(const jr *r) {
    const json_t *d = r->m_directed;
    if (json_is_boolean(d)) return json_is_true(d);
    return r->cyto; /* networkx's node_link_graph: undirected; Cytoscape: arrows */
}


/* ---- the shape of the document ---------------------------------------------------- */
static bool is_stream(const jr *r, int i) {
    return i >= 0 && r->lists[i].stream;
}

/* Chooses the node and edge arrays among the members found; returns why
 * the document is no graph, or NULL (reported only when no syntax error is). */
static const char *shape(jr *r, char *why, size_t n) {
    r->node_list = r->edge_list = -1;
    if (!r->nlists || !r->lists[0].key) { /* the top-level value is no object */
        if (r->nlists && r->lists[0].stream) {
            r->cyto = true;
            r->node_arr = r->edge_arr = "";
            r->node_list = r->edge_list = 0;
            return NULL;
        }
        snprintf(why, n, "not a graph: expected networkx node-link (\"nodes\" and \"links\") or Cytoscape (\"elements\")");
        return why;
    }
    int el = find_list(r, -1, "elements");
    if (is_stream(r, el)) {
        r->cyto = true;
        r->node_arr = r->edge_arr = "elements";
        r->node_list = r->edge_list = el;
        return NULL;
    }
    if (el >= 0 && r->lists[el].walked) {
        int nn = find_list(r, el, "nodes"), ee = find_list(r, el, "edges");
        r->cyto = true;
        r->node_arr = "elements.nodes";
        r->edge_arr = "elements.edges";
        if ((nn >= 0 && !is_stream(r, nn)) || (ee >= 0 && !is_stream(r, ee)))
            return "elements.nodes and elements.edges must be arrays";
        r->node_list = nn;
        r->edge_list = ee;
        return NULL;
    }
    int nodes = find_list(r, -1, "nodes"), links = nodes >= 0 ? find_list(r, -1, "links") : -1;
    r->edge_arr = "links";
    if (nodes >= 0 && links < 0 && (links = find_list(r, -1, "edges")) >= 0) r->edge_arr = "edges";
    r->node_arr = "nodes";
    if (!is_stream(r, nodes) || (links >= 0 && !is_stream(r, links))) {
        if (nodes >= 0) snprintf(why, n, "\"nodes\" and \"%s\" must be arrays", r->edge_arr);
        else snprintf(why, n, "not a graph: expected networkx node-link (\"nodes\" and \"links\") or Cytoscape (\"elements\")");
        return why;
    }
    r->node_list = nodes;
    r->edge_list = links;
    return NULL;
}

/* ---- pass 2: every element checked, the attribute types learnt ---------------------- */
/* An element problem, reported once no syntax error is found. */
static void problem(jr *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(jr *r, const char *fmt, ...) {
    char text[600];
    va_list ap;
    if (r->fast) {
        r->abandon = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    if (r->nprobs++ < MAX_DIAGS && (erg__buf_add(&r->probs, text, strlen(text)) || erg__buf_addc(&r->probs, '\0')))
        r->rc = ERG_ENOMEM;
}

/* A Cytoscape element: a node or an edge (E_NONE: reported), its "data" in *obj. */
static uint8_t cyto_element(jr *r, json_t *el, size_t i, int group, const char *arr, json_t **obj) {
    json_t *data = json_object_get(el, "data");
    if (!json_is_object(el) || !json_is_object(data)) {
        problem(r, "%s[%zu]: an element needs a \"data\" object", arr, i);
        return E_NONE;
    }
    if (!group) {
        const char *g = jstr(el, "group");
        if (g && !strcmp(g, "nodes")) group = 1;
        else if (g && !strcmp(g, "edges")) group = 2;
        else if (g) {
            problem(r, "%s[%zu]: unknown group '%s' (nodes or edges)", arr, i, g);
            return E_NONE;
        } else {
            group = json_object_get(data, "source") && json_object_get(data, "target") ? 2 : 1;
        }
    }
    *obj = data;
    return group == 1 ? E_NODE : E_EDGE;
}

/* Element i of the node or edge list li: a node or an edge (E_NONE:
 * reported), its attribute object in *obj. */
static uint8_t element_kind(jr *r, uint32_t li, uint32_t i, json_t *el, json_t **obj) {
    bool nodes = (int)li == r->node_list;
    if (r->cyto) {
        int group = r->node_list == r->edge_list ? 0 : nodes ? 1 : 2;
        return cyto_element(r, el, i, group, nodes ? r->node_arr : r->edge_arr, obj);
    }
    if (!json_is_object(el)) {
        if (nodes) problem(r, "nodes[%u]: a node must be an object", i);
        else problem(r, "%s[%u]: a link must be an object", r->edge_arr, i);
        return E_NONE;
    }
    *obj = el;
    return nodes ? E_NODE : E_EDGE;
}

static int classify(jr *r, uint32_t li, uint32_t i, json_t *el) {
    json_t *obj = NULL;
    uint8_t kind = element_kind(r, li, i, el, &obj);
    r->lists[li].el[i].kind = kind;
    return kind ? observe_elem(r, kind == E_NODE ? ERG_KIND_ENTITY : ERG_KIND_REL, obj) : ERG_OK;
}

/* Where a small top-level member is kept, or NULL. */
static json_t **kept(jr *r, const jlist *l) {
    if (l->parent != -1 || !l->key || l->stream) return NULL;
    if (!strcmp(l->key, "directed")) return &r->m_directed;
    if (!strcmp(l->key, "graph")) return &r->m_graph;
    if (!strcmp(l->key, "data")) return &r->m_data;
    if (!strcmp(l->key, "erg")) return &r->m_erg;
    return NULL;
}

/* Parses span i of list li; NULL with the syntax error reported (or a
 * failure in r->rc). */
static json_t *parse_span(jr *r, uint32_t li, uint32_t i) {
    const jlist *l = &r->lists[li];
    const char *p;
    json_error_t je;
    if ((r->rc = span_bytes(r, &l->el[i], &p))) return NULL;
    json_t *v = json_loadb(p, l->el[i].len, PARSE_FLAGS, &je);
    if (v) return v;
    if (json_error_code(&je) == json_error_out_of_memory) r->rc = erg__nomem(r->g);
    else {
        int state = l->stream ? (i ? S_ARR_NEXT : S_ARR_FIRST) : l->nctx ? S_OBJ_VALUE : S_TOP;
        r->rc = syntax_error(r, l->ctx, l->nctx, state, NULL, l->el[i].off);
    }
    return NULL;
}

/* Pass 2: every value parsed once, in file order, so that the first
 * syntax error is found; when the document is a graph, the elements
 * classified and their attributes observed. */
static int check_elements(jr *r, bool graph) {
    for (uint32_t li = 0; li < r->nlists; li++) {
        bool els = graph && ((int)li == r->node_list || (int)li == r->edge_list);
        for (uint32_t i = 0; i < r->lists[li].n; i++) {
            if ((i & 0x3FF) == 0) erg__progress(r->g, "reading JSON (types)", r->lists[li].el[i].off, r->size);
            json_t *v = parse_span(r, li, i);
            if (!v) return r->rc;
            json_t **keep = graph ? kept(r, &r->lists[li]) : NULL;
            int rc = els ? classify(r, li, i, v) : ERG_OK;
            if (keep) {
                json_decref(*keep); /* the fast path's */
                *keep = v;
            } else {
                json_decref(v);
            }
            if (rc || (rc = r->rc)) return rc;
            if (r->lists[li].el[i].kind == E_NODE) r->nnodes++;
            else if (r->lists[li].el[i].kind == E_EDGE) r->nedges++;
        }
    }
    erg__progress(r->g, "reading JSON (types)", r->size, r->size);
    return ERG_OK;
}

/* ---- passes 3 and 4: the nodes, then the links ------------------------------------------ */
static int read_elements(jr *r, int li, uint8_t kind, bool directed) {
    const char *what = kind == E_NODE ? "reading JSON (nodes)" : "reading JSON (links)";
    for (uint32_t i = 0; li >= 0 && i < r->lists[li].n && r->nerr < MAX_DIAGS; i++) {
        if (r->lists[li].el[i].kind != kind) continue;
        if ((i & 0x3FF) == 0) erg__progress(r->g, what, r->lists[li].el[i].off, r->size);
        json_t *v = parse_span(r, (uint32_t)li, i);
        if (!v) return r->rc;
        elem e = {r->cyto ? json_object_get(v, "data") : v, i};
        int rc = kind == E_NODE ? read_node(r, &e) : read_link(r, &e, directed);
        json_decref(v);
        if (rc) return rc;
    }
    erg__progress(r->g, what, r->size, r->size);
    return ERG_OK;
}


/* ---- the fast path: one parse of each element ---------------------------------------- */
/* Whether the values seen since s was declared would give it another type. */
static bool type_changed(const aspec *s) {
    aspec t = *s;
    t.type = t.elem = ERG_NULL;
    t.as_json = false;
    choose_type(&t);
    return t.type != s->type || (t.type == ERG_LIST && t.elem != s->elem) || t.as_json != s->as_json;
}

/* One attribute value (or its marker) on the fast path: the column is
 * declared at once, with the type of the values seen so far. */
static int fast_value(jr *r, erg_kind k, const char *key, json_t *v, json_t *mark) {
    aspec *s = spec_for(r, k, key);
    if (!s) return ERG_ENOMEM;
    if (mark) observe_marker(s, mark);
    else if (json_is_null(v)) {
        if (!s->declared) r->abandon = true; /* its type is not known yet */
        return ERG_OK;
    } else observe(s, v);
    if (!s->declared) return declare_one(r, k, s);
    if (!s->fixed && type_changed(s)) r->abandon = true;
    return ERG_OK;
}

/* What one element's attributes hold, as observe_elem sees it, with each
 * new attribute declared where the full path would create it. */
static int fast_observe(jr *r, erg_kind k, json_t *obj) {
    const char *key;
    json_t *v;
    json_t *nf = json_object_get(obj, "erg.nonfinite");
    int rc = ERG_OK;
    json_object_foreach(obj, key, v) {
        if (is_field(r, k, obj, key, v)) continue;
        if ((rc = fast_value(r, k, key, v, json_object_get(nf, key))) || r->abandon) return rc;
    }
    json_object_foreach(nf, key, v) {
        if (json_object_get(obj, key)) continue; /* seen above */
        if ((rc = fast_value(r, k, key, NULL, v)) || r->abandon) return rc;
    }
    return ERG_OK;
}

/* Every value outside the node and edge arrays: checked, the small
 * members kept. */
static int fast_members(jr *r) {
    for (uint32_t li = 0; li < r->nlists; li++) {
        if ((int)li == r->node_list || (int)li == r->edge_list) continue;
        for (uint32_t i = 0; i < r->lists[li].n; i++) {
            json_t *v = parse_span(r, li, i);
            if (!v) return r->rc;
            json_t **keep = kept(r, &r->lists[li]);
            if (keep) *keep = v;
            else json_decref(v);
        }
    }
    return ERG_OK;
}

static int fast_elements(jr *r) {
    bool directed = default_directed(r);
    for (uint32_t li = 0; li < r->nlists; li++) {
        if ((int)li != r->node_list && (int)li != r->edge_list) continue;
        for (uint32_t i = 0; i < r->lists[li].n; i++) {
            if ((i & 0x3FF) == 0) erg__progress(r->g, "reading JSON", r->lists[li].el[i].off, r->size);
            json_t *v = parse_span(r, li, i), *obj = NULL;
            if (!v) return r->rc;
            uint8_t kind = element_kind(r, li, i, v, &obj);
            erg_kind k = kind == E_NODE ? ERG_KIND_ENTITY : ERG_KIND_REL;
            int rc = kind ? fast_observe(r, k, obj) : ERG_OK;
            elem e = {obj, i};
            if (!rc && kind && !r->abandon) rc = kind == E_NODE ? read_node(r, &e) : read_link(r, &e, directed);
            json_decref(v);
            if (rc || r->abandon) return rc;
        }
    }
    erg__progress(r->g, "reading JSON", r->size, r->size);
    return ERG_OK;
}

/* The fast path.  Most files hold the nodes before the links that name
 * them and give each attribute one kind of value throughout; for them
 * each attribute's type is known at its first value, so every element can
 * be read as it comes, parsed once.  Anything else -- an error or a
 * warning to report, a link naming a later node, a value that changes an
 * attribute's type, an attribute first seen as null -- abandons it: the
 * graph is rolled back and the full path (pass 2 for the types, then the
 * nodes, then the links) reads the file again and reports what it finds,
 * so the messages never depend on the path taken. */
static int fast_read(jr *r) {
    int rc;
    r->fast = true;
    if (!(rc = fast_members(r)) && !r->abandon) {
        read_schema(r);
        for (int k = 0; k < 2 && !rc && !r->abandon; k++) {
            const char *key;
            json_t *v;
            json_object_foreach(r->schema[k], key, v) {
                aspec *s = spec_for(r, (erg_kind)k, key);
                if (!s) rc = ERG_ENOMEM;
                else if (!s->declared) rc = declare_one(r, (erg_kind)k, s);
                if (rc || r->abandon) break;
            }
        }
        for (uint32_t li = 0; li < r->nlists; li++) {
            if ((int)li == r->node_list) erg__reserve(r->g, ERG_KIND_ENTITY, r->lists[li].n);
            else if ((int)li == r->edge_list) erg__reserve(r->g, ERG_KIND_REL, r->lists[li].n);
        }
        if (!rc && !r->abandon) rc = fast_elements(r);
    }
    r->fast = false;
    if (rc || r->abandon) return rc;
    if ((rc = erg_member(r)) || r->nerr) return rc;
    return graph_meta(r);
}

/* Back to where the fast path began. */
static void restart(jr *r) {
    const erg_alloc *a = &r->g->a;
    erg__rollback(r->g, &r->mark);
    for (int k = 0; k < 2; k++) {
        for (uint32_t i = 0; i < r->nspecs[k]; i++)
            erg__mem(a, r->specs[k][i].key, strlen(r->specs[k][i].key) + 1, 0);
        r->nspecs[k] = 0;
        erg__htab_free(&r->specidx[k], a);
        memset(&r->specidx[k], 0, sizeof r->specidx[k]);
    }
    r->nvref = 0;
    erg__htab_free(&r->byvalue, a);
    memset(&r->byvalue, 0, sizeof r->byvalue);
    r->abandon = false;
}

static int document(jr *r) {
    char why[300];
    int rc = scan(r);
    if (rc) return rc;
    const char *not_graph = r->bad.set ? NULL : shape(r, why, sizeof why);
    if (!r->bad.set && !not_graph) {
        if ((rc = fast_read(r)) || !r->abandon) return rc;
        restart(r);
    }
    if ((rc = check_elements(r, !r->bad.set && !not_graph)) || r->nerr) return rc;
    if (r->bad.set) return syntax_error(r, r->bad.ctx, r->bad.nctx, r->bad.state, r->bad.dupkey, r->bad.off);
    if (not_graph) {
        report(r, ERG_ERROR, 0, 0, "%s", not_graph);
        return ERG_OK;
    }
    for (size_t at = 0, i = 0; i < r->nprobs && i < MAX_DIAGS; i++, at += strlen(r->probs.p + at) + 1)
        report(r, ERG_ERROR, 0, 0, "%s", r->probs.p + at);
    if (r->nerr) return ERG_OK;
    if ((rc = erg_member(r)) || r->nerr) return rc;
    if ((rc = graph_meta(r))) return rc;
    if ((rc = declare_attrs(r, ERG_KIND_ENTITY)) || (rc = declare_attrs(r, ERG_KIND_REL))) return rc;
    if (r->nerr) return ERG_OK;
    erg__reserve(r->g, ERG_KIND_ENTITY, r->nnodes);
    erg__reserve(r->g, ERG_KIND_REL, r->nedges);
    if ((rc = read_elements(r, r->node_list, E_NODE, false))) return rc;
    return read_elements(r, r->edge_list, E_EDGE, default_directed(r));
}

static void jr_free(jr *r) {
    const erg_alloc *a = &r->g->a;
    for (uint32_t i = 0; i < r->nlists; i++) {
        jlist *l = &r->lists[i];
        erg__mem(a, l->key, l->key ? strlen(l->key) + 1 : 0, 0);
        erg__mem(a, l->el, (size_t)l->cap * sizeof *l->el, 0);
    }
    erg__mem(a, r->lists, (size_t)r->listcap * sizeof *r->lists, 0);
    erg__mem(a, r->win, r->wincap, 0);
    erg__mem(a, r->bad.dupkey, r->bad.dupkey ? strlen(r->bad.dupkey) + 1 : 0, 0);
    for (int k = 0; k < 2; k++) {
        for (uint32_t i = 0; i < r->nspecs[k]; i++)
            erg__mem(a, r->specs[k][i].key, strlen(r->specs[k][i].key) + 1, 0);
        erg__mem(a, r->specs[k], (size_t)r->speccap[k] * sizeof(aspec), 0);
        erg__htab_free(&r->specidx[k], a);
    }
    erg__mem(a, r->items, (size_t)r->itemcap * sizeof *r->items, 0);
    erg__mem(a, r->vrefs, (size_t)r->vrefcap * sizeof *r->vrefs, 0);
    erg__htab_free(&r->byvalue, a);
    erg__buf_free(&r->text);
    erg__buf_free(&r->probs);
    json_decref(r->m_directed);
    json_decref(r->m_graph);
    json_decref(r->m_data);
    json_decref(r->m_erg);
    if (r->f) fclose(r->f);
}



int erg__json_read(erg_graph *g, const char *path, erg_diag_fn diag, void *ud) {
    jr r;
    memset(&r, 0, sizeof r);
    r.g = g;
    r.path = path;
    r.diag = diag;
    r.ud = ud;
    erg__buf_init(&r.text, &g->a);
    erg__buf_init(&r.probs, &g->a);
    erg_mark m = erg__mark(g);
    r.mark = m;
    int rc = open_input(&r);
    if (!rc) rc = document(&r);
    if (!rc && !r.nerr) rc = erg__rel_assign_ids(g, m.nrel);
    if (!rc && !r.nerr) erg__trim(g);
    jr_free(&r);
    if (rc || r.nerr) {
        char keep[sizeof g->errmsg];
        int code = rc == ERG_ENOMEM ? ERG_ENOMEM : rc == ERG_EIO ? ERG_EIO : ERG_EPARSE;
        if (code == ERG_ENOMEM) erg__nomem(g);
        memcpy(keep, g->errmsg, sizeof keep);
        erg__rollback(g, &m);
        if (code != ERG_EPARSE && diag && r.ndiag == 0) {
            erg_diag d = {ERG_ERROR, path, 0, 0, keep, keep};
            diag(ud, &d);
        }
        return erg__err(g, code, "%s", keep);
    }
    return ERG_OK;
}
