/*
 * gexf_read.c -- reads GEXF 1.1, 1.2draft and 1.3 (what Gephi, networkx
 * and erg write) with libxml2's streaming reader, all or nothing, into a
 * graph.
 *
 * Safety, as in graphml_read.c: no network (XML_PARSE_NONET), entities
 * never expanded, a DOCTYPE declaring entities refused by a first pass of
 * libxml2's parser over the prolog (xml_guard.c) before the reader proper
 * starts, only regular files read (input.c), a structured error handler
 * so libxml2 never prints.  Elements
 * are matched by local name, so any namespace (1.1draft, 1.2draft, 1.3) or
 * none is read alike.
 *
 * Mapping.  A node is an entity: id -> id, label -> name; the node
 * attribute titled "type" gives its type (default "entity"), "aliases" its
 * aliases.  An edge is a relationship: id -> id (generated when absent),
 * its type from the edge attribute titled "type", else from kind, else
 * "related_to"; label -> attribute "label" unless it repeats the type;
 * weight -> float attribute "weight"; type directed/undirected/mutual (or
 * the graph's defaultedgetype, undirected when absent, as the spec says)
 * -> directed flag, mutual and undirected both meaning "counts both ways".
 * start/end (startopen/endopen alike) and <spells>/<slices> become the
 * attributes "start" and "end" typed by timeformat (date -> date, integer
 * -> int, double -> float, dateTime -> string; absent: float when the
 * first time is a number, else date); several spells give "start" the
 * earliest start, "end" the latest end and a string list "spells" of
 * "START/END" intervals.  Attribute types: integer, long, short, byte,
 * biginteger -> int; float, double, bigdecimal -> float; boolean -> bool;
 * string, anyURI, char -> string; date -> date; list* -> lists of the
 * same; anything else is a string with a warning.  A mode="dynamic"
 * attribute becomes a list of its values in file order (their intervals
 * dropped, one warning).  List values are read as Gephi writes them
 * ("[a, \"b c\"]", "<empty>") or, unbracketed with a pipe, as the
 * 1.1/1.2 primers do ("a|b").  viz: markup and hierarchies (<parents>,
 * pid, nested nodes, read as ordinary nodes) are ignored with one warning
 * each.
 *
 * erg's own files (see gexf_write.c; <creator> begins "erg ") carry every
 * attribute as an attvalue, the edge's start/end/weight only mirroring
 * them, so those XML attributes are skipped; an attribute id "aN:SPEC"
 * (SPEC an erg type such as "date" or "int[]") restores a type GEXF 1.2
 * cannot name.
 */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DIAGS 50

enum role { R_ATTR, R_TYPE, R_ALIASES, R_IGNORE };
enum tfield { T_START, T_END, T_SPELLS, T_WEIGHT, T_LABEL, T_NFIELDS };

/* One <attribute> declaration. */
typedef struct gattr {
    char *key;          /* "n:ID" or "e:ID" (class, then the id) */
    size_t keylen;
    char *title;
    erg_kind kind;
    bool dynamic;
    erg_type type, elem;
    enum role role;
    uint32_t col;
    char *def;          /* <default> text or NULL */
    size_t deflen;
    uint32_t seen;      /* stamp of the last flush that had a value */
} gattr;

/* One attvalue (or XML time) waiting for its element's flush: the raw
 * text sits in gr.vals. */
typedef struct pendval {
    uint32_t attr;
    size_t off, len;
} pendval;

typedef struct gr {
    erg_graph *g;
    const char *path;
    xmlTextReaderPtr xr;
    erg_diag_fn diag;
    void *ud;
    int nerr, ndiag;
    bool warned_viz, warned_hier, warned_dyn, warned_type;
    bool by_erg;            /* <creator>erg ...</creator> */
    bool directed_default;
    erg_type time_type;     /* ERG_NULL until known */
    gattr *attrs;
    uint32_t nattrs, attrcap;
    erg_htab attridx;
    bool titled[2][T_NFIELDS]; /* a declared attribute has that title */
    uint32_t tcol[2][T_NFIELDS];
    bool tcol_ok[2][T_NFIELDS];
    uint32_t stamp;
    /* the element being read */
    pendval *pend;
    uint32_t npend, pendcap;
    erg_buf vals;           /* raw texts of pend, times, spells */
    pendval *spells;        /* attr = 0: start, 1: end; pairs */
    uint32_t nspells, spellcap;
    erg_buf lst;            /* unescaped list elements */
    erg_value *items;
    uint32_t itemcap;
    size_t *offs;           /* element offsets into lst */
    uint32_t offcap;
    uint64_t elements, file_size;
    bool nomem;
    bool xml_nomem;
    char xml_error[512];
    unsigned long xml_line, xml_col;
} gr;

/* ---- diagnostics ------------------------------------------------------------ */
static void report_v(gr *r, erg_severity sev, unsigned long line, unsigned long col, const char *fmt, va_list ap) {
    char reason[600], text[1024];
    vsnprintf(reason, sizeof reason, fmt, ap);
    if (col) snprintf(text, sizeof text, "%s:%lu:%lu: %s", r->path, line, col, reason);
    else snprintf(text, sizeof text, "%s:%lu: %s", r->path, line, reason);
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

/* FILE:LINE: reason (the common case: libxml2's reader knows an element's
 * line, not its column) */
static void report(gr *r, erg_severity sev, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(gr *r, erg_severity sev, unsigned long line, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    report_v(r, sev, line, 0, fmt, ap);
    va_end(ap);
}

/* FILE:LINE:COL: reason, for malformed XML (the parser knows both) */
static void report_at(gr *r, unsigned long line, unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report_at(gr *r, unsigned long line, unsigned long col, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    report_v(r, ERG_ERROR, line, col, fmt, ap);
    va_end(ap);
}

/* The line of the element being read (libxml2's reader knows an element's
 * line, not its column; malformed XML gets the parser's line and column). */
static unsigned long line_of(gr *r) {
    xmlNodePtr n = xmlTextReaderCurrentNode(r->xr);
    long l = n ? xmlGetLineNo(n) : -1;
    return l > 0 ? (unsigned long)l : 0;
}

static void on_xml_error(void *ud, xmlErrorPtr e) {
    gr *r = ud;
    if (e && e->code == XML_ERR_NO_MEMORY && e->message && strstr(e->message, "huge text node")) {
        if (!r->xml_error[0]) {
            snprintf(r->xml_error, sizeof r->xml_error, "a text longer than libxml2's limit of 10000000 bytes");
            r->xml_line = e->line > 0 ? (unsigned long)e->line : 0;
            r->xml_col = e->int2 > 0 ? (unsigned long)e->int2 : 0;
        }
        return;
    }
    if (e && e->code == XML_ERR_NO_MEMORY) r->xml_nomem = true;
    if (!e || e->level < XML_ERR_ERROR || r->xml_error[0]) return;
    snprintf(r->xml_error, sizeof r->xml_error, "%s", e->message ? e->message : "malformed XML");
    size_t n = strlen(r->xml_error);
    while (n && (r->xml_error[n - 1] == '\n' || r->xml_error[n - 1] == ' ')) r->xml_error[--n] = '\0';
    r->xml_line = e->line > 0 ? (unsigned long)e->line : 0;
    r->xml_col = e->int2 > 0 ? (unsigned long)e->int2 : 0;
}

static void quiet_xml(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}

/* Refuses a DOCTYPE that declares entities, and an empty file, as
 * libxml2's parser reads the prolog (xml_guard.c, shared with GraphML). */
static int check_prolog(gr *r, int fd) {
    erg__xml_prolog pr;
    int rc = erg__xml_guard(fd, &pr);
    if (rc == ERG_EIO) return erg__err(r->g, ERG_EIO, "%s: %s", r->path, strerror(errno));
    if (rc) return rc;
    if (pr.entity) {
        report(r, ERG_ERROR, pr.line,
               "the DOCTYPE declares entities; erg refuses them (entity expansion can exhaust time and memory)");
        return ERG_EPARSE;
    }
    if (pr.empty) {
        report(r, ERG_ERROR, 1, "empty file (no <gexf> element)");
        return ERG_EPARSE;
    }
    return ERG_OK;
}

/* ---- small helpers ---------------------------------------------------------- */
static bool is(const xmlChar *a, const char *b) {
    return a && !strcmp((const char *)a, b);
}

static char *attr(gr *r, const char *name) {
    return (char *)xmlTextReaderGetAttribute(r->xr, (const xmlChar *)name);
}

static void trim(const char **s, size_t *n) {
    while (*n && strchr(" \t\r\n", (*s)[0])) { (*s)++; (*n)--; }
    while (*n && strchr(" \t\r\n", (*s)[*n - 1])) (*n)--;
}

static char *copy(gr *r, const char *s, size_t n) {
    char *p = erg__mem(&r->g->a, NULL, 0, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static void free_str(gr *r, char *s) {
    if (s) erg__mem(&r->g->a, s, strlen(s) + 1, 0);
}

/* Skips the current element's subtree, stopping on its end tag. */
static int skip(gr *r) {
    if (xmlTextReaderIsEmptyElement(r->xr)) return 1;
    int depth = xmlTextReaderDepth(r->xr);
    while (xmlTextReaderRead(r->xr) == 1)
        if (xmlTextReaderNodeType(r->xr) == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r->xr) == depth)
            return 1;
    return -1;
}

static int kidx(erg_kind k) { return k == ERG_KIND_ENTITY ? 0 : 1; }
static const char *kname(erg_kind k) { return k == ERG_KIND_ENTITY ? "node" : "edge"; }

/* ---- attribute declarations ---------------------------------------------- */
static bool attr_is(const void *ctx, uint32_t entry, const void *key) {
    const gr *r = ctx;
    return !strcmp(r->attrs[entry].key, key);
}

static gattr *find_attr(gr *r, erg_kind k, const char *id) {
    char key[300];
    snprintf(key, sizeof key, "%c:%.290s", k == ERG_KIND_ENTITY ? 'n' : 'e', id);
    uint32_t i = erg__htab_find(&r->attridx, erg__hash_bytes(key, strlen(key)), attr_is, r, key);
    return i == ERG_NONE ? NULL : &r->attrs[i];
}

static void free_attrs(gr *r) {
    for (uint32_t i = 0; i < r->nattrs; i++) {
        free_str(r, r->attrs[i].key);
        free_str(r, r->attrs[i].title);
        free_str(r, r->attrs[i].def);
    }
    erg__mem(&r->g->a, r->attrs, (size_t)r->attrcap * sizeof *r->attrs, 0);
    erg__htab_free(&r->attridx, &r->g->a);
}

/* GEXF's attribute types (and Gephi's additions) as erg types; false for
 * a name erg does not know. */
static bool gexf_type(const char *t, erg_type *type, erg_type *elem) {
    static const struct { const char *name; erg_type t; } scalars[] = {
        {"integer", ERG_INT}, {"int", ERG_INT}, {"long", ERG_INT}, {"short", ERG_INT}, {"byte", ERG_INT},
        {"biginteger", ERG_INT}, {"float", ERG_FLOAT}, {"double", ERG_FLOAT}, {"bigdecimal", ERG_FLOAT},
        {"boolean", ERG_BOOL}, {"bool", ERG_BOOL}, {"string", ERG_STRING}, {"anyURI", ERG_STRING},
        {"char", ERG_STRING}, {"character", ERG_STRING}, {"date", ERG_DATE},
    };
    bool list = !strncasecmp(t, "list", 4);
    const char *base = list ? t + 4 : t;
    for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++) {
        if (strcasecmp(base, scalars[i].name)) continue;
        *type = list ? ERG_LIST : scalars[i].t;
        *elem = list ? scalars[i].t : ERG_NULL;
        return true;
    }
    return false;
}

/* An erg-written id "aN:SPEC" names the erg type behind a string column. */
static void erg_marker(const char *id, erg_type *type, erg_type *elem) {
    if (id[0] != 'a' || !(id[1] >= '0' && id[1] <= '9')) return;
    const char *p = id + 1;
    while (*p >= '0' && *p <= '9') p++;
    erg_type t, e;
    if (*p == ':' && !erg__parse_type(p + 1, strlen(p + 1), &t, &e) && (t == ERG_DATE || t == ERG_LIST)) {
        *type = t;
        *elem = e;
    }
}

/* Binds a declared attribute to its erg field or schema column. */
static int bind_attr(gr *r, gattr *a, unsigned long line) {
    const char *title = a->title;
    a->role = R_ATTR;
    if (!strcmp(title, "type")) a->role = R_TYPE;
    else if (a->kind == ERG_KIND_ENTITY && !strcmp(title, "aliases")) a->role = R_ALIASES;
    if (a->role == R_TYPE && (a->type != ERG_STRING || a->dynamic)) {
        report(r, ERG_ERROR, line, "%s attribute 'type' must be a static string", kname(a->kind));
        a->role = R_IGNORE;
    }
    if (a->role == R_ALIASES && (a->dynamic || !(a->type == ERG_STRING || (a->type == ERG_LIST && a->elem == ERG_STRING)))) {
        report(r, ERG_ERROR, line, "node attribute 'aliases' must be a static string or liststring");
        a->role = R_IGNORE;
    }
    if (a->role != R_ATTR) return ERG_OK;
    char renamed[300];
    if (erg__reserved_name(a->kind, title)) {
        snprintf(renamed, sizeof renamed, "gexf.%.200s", title);
        report(r, ERG_WARNING, line, "%s attribute '%s' is a field name in erg; kept as '%s'", kname(a->kind), title,
               renamed);
        title = renamed;
    }
    static const char *const tnames[T_NFIELDS] = {"start", "end", "spells", "weight", "label"};
    for (int f = 0; f < T_NFIELDS; f++)
        if (!strcmp(title, tnames[f])) r->titled[kidx(a->kind)][f] = true;
    erg_type t = a->type, e = a->elem;
    if (a->dynamic) {
        if (t == ERG_LIST) {
            report(r, ERG_ERROR, line, "%s attribute '%s': a dynamic list attribute is not supported", kname(a->kind),
                   title);
            a->role = R_IGNORE;
            return ERG_OK;
        }
        e = t;
        t = ERG_LIST;
    }
    uint32_t sid;
    if (erg__intern(r->g, title, strlen(title), &sid)) return ERG_ENOMEM;
    if (erg__col_declare(r->g, a->kind, sid, t, e, &a->col)) {
        if (r->g->errcode == ERG_ENOMEM) return ERG_ENOMEM;
        report(r, ERG_ERROR, line, "%s", erg_errmsg(r->g));
        a->role = R_IGNORE;
    }
    return ERG_OK;
}

/* Reads <attribute id title type> with its <default> (and <options>). */
static int read_attribute(gr *r, erg_kind kind, bool dynamic) {
    unsigned long line = line_of(r);
    char *id = attr(r, "id"), *title = attr(r, "title"), *type = attr(r, "type"), *def = NULL;
    int rc = ERG_OK;
    if (!xmlTextReaderIsEmptyElement(r->xr)) {
        int depth = xmlTextReaderDepth(r->xr);
        while (xmlTextReaderRead(r->xr) == 1 && xmlTextReaderDepth(r->xr) > depth)
            if (xmlTextReaderNodeType(r->xr) == XML_READER_TYPE_ELEMENT &&
                is(xmlTextReaderConstLocalName(r->xr), "default") && !def)
                def = (char *)xmlTextReaderReadString(r->xr);
    }
    if (!id || !*id) {
        report(r, ERG_ERROR, line, "<attribute> without an id");
        goto done;
    }
    if (find_attr(r, kind, id)) {
        report(r, ERG_ERROR, line, "duplicate %s attribute id '%s'", kname(kind), id);
        goto done;
    }
    if (erg__htab_reserve(&r->attridx, &r->g->a, 1) ||
        erg__grow(&r->g->a, (void **)&r->attrs, &r->attrcap, (size_t)r->nattrs + 1, sizeof *r->attrs)) {
        rc = ERG_ENOMEM;
        goto done;
    }
    gattr *a = &r->attrs[r->nattrs];
    memset(a, 0, sizeof *a);
    char key[300];
    snprintf(key, sizeof key, "%c:%.290s", kind == ERG_KIND_ENTITY ? 'n' : 'e', id);
    a->keylen = strlen(key);
    const char *t = title && *title ? title : id;
    if (!(a->key = copy(r, key, a->keylen)) || !(a->title = copy(r, t, strlen(t))) ||
        (def && !(a->def = copy(r, def, strlen(def))))) {
        free_str(r, a->key);
        free_str(r, a->title);
        rc = ERG_ENOMEM;
        goto done;
    }
    a->deflen = def ? strlen(def) : 0;
    erg__htab_insert(&r->attridx, &r->g->a, erg__hash_bytes(key, a->keylen), r->nattrs); /* room reserved */
    r->nattrs++;
    a->kind = kind;
    a->dynamic = dynamic;
    a->type = ERG_STRING;
    a->elem = ERG_NULL;
    if (type && !gexf_type(type, &a->type, &a->elem)) {
        if (!r->warned_type)
            report(r, ERG_WARNING, line, "attribute '%s': unknown type '%s', read as string", t, type);
        r->warned_type = true;
    }
    if (a->type == ERG_STRING || (a->type == ERG_LIST && a->elem == ERG_STRING)) erg_marker(id, &a->type, &a->elem);
    if (dynamic && !r->warned_dyn)
        report(r, ERG_WARNING, line, "dynamic attribute '%s' (and any other) read as the list of its values; their time intervals are dropped", t);
    if (dynamic) r->warned_dyn = true;
    rc = bind_attr(r, a, line);
done:
    xmlFree(id); xmlFree(title); xmlFree(type); xmlFree(def);
    return rc;
}

static int read_attributes(gr *r) {
    unsigned long line = line_of(r);
    char *cls = attr(r, "class"), *mode = attr(r, "mode");
    erg_kind kind = ERG_KIND_ENTITY;
    bool dynamic = mode && !strcmp(mode, "dynamic");
    bool ok = cls && (!strcmp(cls, "node") || !strcmp(cls, "edge"));
    if (ok) kind = !strcmp(cls, "node") ? ERG_KIND_ENTITY : ERG_KIND_REL;
    else report(r, ERG_ERROR, line, "<attributes> class '%s' is not node or edge", cls ? cls : "");
    xmlFree(cls);
    xmlFree(mode);
    if (!ok) return skip(r) < 0 ? ERG_EPARSE : ERG_OK;
    if (xmlTextReaderIsEmptyElement(r->xr)) return ERG_OK;
    int depth = xmlTextReaderDepth(r->xr);
    for (;;) {
        if (xmlTextReaderRead(r->xr) != 1) return ERG_EPARSE;
        int type = xmlTextReaderNodeType(r->xr);
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r->xr) == depth) return ERG_OK;
        if (type != XML_READER_TYPE_ELEMENT) continue;
        int rc = is(xmlTextReaderConstLocalName(r->xr), "attribute") ? read_attribute(r, kind, dynamic)
                 : skip(r) < 0 ? ERG_EPARSE : ERG_OK;
        if (rc) return rc;
    }
}

/* ---- values ------------------------------------------------------------------ */
/* Splits list text into r->lst / r->offs, Gephi's way ("[a, \"b c\"]":
 * commas separate, brackets and blanks around values are dropped, quoted
 * literals keep everything and take backslash escapes, an unquoted null is
 * no element) or, for unbracketed text holding a pipe, the primers' way
 * ("a|b", each element trimmed).  Returns the element count or -1 when
 * out of memory. */
static long split_list(gr *r, const char *s, size_t n) {
    r->lst.len = 0;
    long cnt = 0;
    trim(&s, &n);
    if (n == 7 && !strncasecmp(s, "<empty>", 7)) return 0;
    bool pipes = n && s[0] != '[' && memchr(s, '|', n);
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        size_t start = r->lst.len;
        if (pipes) {
            size_t k = i;
            while (k < n && s[k] != '|') k++;
            const char *e = s + i;
            size_t m = k - i;
            trim(&e, &m);
            if (erg__buf_add(&r->lst, e, m)) return -1;
            i = k + 1;
        } else if (strchr("[]() \t\r\n,", c)) {
            i++;
            continue;
        } else if (c == '"' || c == '\'') {
            for (i++; i < n && s[i] != c; i++) {
                if (s[i] == '\\' && i + 1 < n) i++;
                if (erg__buf_addc(&r->lst, s[i])) return -1;
            }
            i++;
        } else {
            size_t k = i;
            while (k < n && !strchr(",])", s[k])) k++;
            const char *e = s + i;
            size_t m = k - i;
            trim(&e, &m);
            i = k;
            if (m == 4 && !memcmp(e, "null", 4)) continue;
            if (erg__buf_add(&r->lst, e, m)) return -1;
        }
        if (erg__grow(&r->g->a, (void **)&r->offs, &r->offcap, (size_t)cnt + 2, sizeof *r->offs)) return -1;
        r->offs[cnt++] = start;
        r->offs[cnt] = r->lst.len;
        if (pipes && i == n && s[n - 1] == '|') { /* "a|" ends with an empty element */
            if (erg__grow(&r->g->a, (void **)&r->offs, &r->offcap, (size_t)cnt + 2, sizeof *r->offs)) return -1;
            r->offs[cnt++] = r->lst.len;
            r->offs[cnt] = r->lst.len;
        }
    }
    if (erg__buf_addc(&r->lst, '\0')) return -1; /* lst.p stays valid when empty */
    return cnt;
}

/* Text to a scalar of type t; the reason it is not one in *why. */
static bool scalar(const char *text, size_t n, erg_type t, erg_value *v, const char **why) {
    if (t == ERG_STRING) {
        *v = erg_strn(text, n);
        return true;
    }
    const char *s = text;
    size_t m = n;
    trim(&s, &m);
    int rc;
    if (t == ERG_BOOL) {
        rc = erg__parse_bool(s, m, &v->u.b);
        if (rc && m == 1 && (s[0] == '0' || s[0] == '1')) { v->u.b = s[0] == '1'; rc = ERG_OK; }
        v->type = ERG_BOOL;
    } else {
        rc = erg__scalar_parse(t, s, m, v);
        if (rc && t == ERG_FLOAT && m <= 9) { /* Gephi and Java write NaN, Infinity, -Infinity */
            char low[10];
            for (size_t i = 0; i < m; i++) low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
            if (m >= 8 && !memcmp(low + (m - 8), "infinity", 8) && m - 8 <= 1) {
                v->u.f = low[0] == '-' ? -1.0 / 0.0 : 1.0 / 0.0;
                rc = ERG_OK;
            } else {
                rc = erg__parse_float(low, m, &v->u.f);
            }
            v->type = ERG_FLOAT;
        }
    }
    if (rc) *why = rc == ERG_ELIMIT ? " (out of range)" : "";
    return rc == ERG_OK;
}

static const char *tname(erg_type t) {
    return t == ERG_INT ? "integer" : t == ERG_FLOAT ? "number" : t == ERG_BOOL ? "boolean" : "date";
}

/* Converts text for a value of type t (elem for lists) into *v, whose
 * strings point into text or r->lst.  Reports and returns false on a bad
 * value (what names the element and attribute); false with r->nomem set
 * when out of memory. */
static bool convert(gr *r, const char *what, erg_type t, erg_type elem, const char *text, size_t n,
                    unsigned long line, erg_value *v) {
    const char *why = "";
    if (t != ERG_LIST) {
        if (scalar(text, n, t, v, &why)) return true;
        const char *s = text;
        size_t m = n;
        trim(&s, &m);
        report(r, ERG_ERROR, line, "%s: '%.*s' is not a valid %s%s", what, (int)(m > 60 ? 60 : m), s, tname(t), why);
        return false;
    }
    long cnt = split_list(r, text, n);
    if (cnt < 0 || erg__grow(&r->g->a, (void **)&r->items, &r->itemcap, (size_t)cnt + 1, sizeof *r->items)) {
        r->nomem = true;
        return false;
    }
    for (long i = 0; i < cnt; i++) {
        const char *e = r->lst.p + r->offs[i];
        size_t m = r->offs[i + 1] - r->offs[i];
        if (!scalar(e, m, elem, &r->items[i], &why)) {
            report(r, ERG_ERROR, line, "%s: list element '%.*s' is not a valid %s%s", what, (int)(m > 60 ? 60 : m), e,
                   tname(elem), why);
            return false;
        }
    }
    *v = erg_listv(elem, cnt ? r->items : NULL, (size_t)cnt);
    return true;
}

/* ---- elements ------------------------------------------------------------------ */
typedef struct elem {
    erg_kind kind;
    uint32_t idx;
    unsigned long line;
    char what[300];          /* "node 'x'" for messages */
    bool has_type;           /* a type attvalue was seen */
} elem;

static int pend_add(gr *r, uint32_t a, const char *s, size_t n) {
    if (erg__grow(&r->g->a, (void **)&r->pend, &r->pendcap, (size_t)r->npend + 1, sizeof *r->pend)) return ERG_ENOMEM;
    r->pend[r->npend].attr = a;
    r->pend[r->npend].off = r->vals.len;
    r->pend[r->npend].len = n;
    r->npend++;
    return erg__buf_add(&r->vals, s, n) ? ERG_ENOMEM : ERG_OK;
}

/* A time (start, end) or spell bound: kept as a pending value with a
 * pseudo attribute index past the declared ones. */
#define PSEUDO(f) (UINT32_MAX - 8 + (uint32_t)(f))

/* start or startopen, end or endopen of the current element (an open
 * bound is read as the bound itself). */
static int pend_times(gr *r, bool spell) {
    static const char *const names[4] = {"start", "startopen", "end", "endopen"};
    char *v[4];
    int rc = ERG_OK;
    for (int i = 0; i < 4; i++) v[i] = attr(r, names[i]);
    const char *s = v[0] ? v[0] : v[1], *e = v[2] ? v[2] : v[3];
    if (spell) {
        if (erg__grow(&r->g->a, (void **)&r->spells, &r->spellcap, (size_t)r->nspells + 2, sizeof *r->spells)) {
            rc = ERG_ENOMEM;
        } else {
            for (int k = 0; k < 2; k++) {
                const char *t = k ? e : s;
                pendval *p = &r->spells[r->nspells++];
                p->attr = t ? 1 : 0; /* 0: absent bound */
                p->off = r->vals.len;
                p->len = t ? strlen(t) : 0;
                if (t && erg__buf_add(&r->vals, t, p->len)) rc = ERG_ENOMEM;
            }
        }
    } else {
        if (s) rc = pend_add(r, PSEUDO(T_START), s, strlen(s));
        if (!rc && e) rc = pend_add(r, PSEUDO(T_END), e, strlen(e));
    }
    for (int i = 0; i < 4; i++) xmlFree(v[i]);
    return rc;
}

/* The column of a field erg derives from GEXF markup (start, end...),
 * declared on first use. */
static int tcol(gr *r, erg_kind k, enum tfield f, erg_type t, erg_type elem, unsigned long line, uint32_t *col) {
    static const char *const names[T_NFIELDS] = {"start", "end", "spells", "weight", "label"};
    int ki = kidx(k);
    if (!r->tcol_ok[ki][f]) {
        uint32_t sid;
        if (erg__intern(r->g, names[f], strlen(names[f]), &sid)) return ERG_ENOMEM;
        if (erg__col_declare(r->g, k, sid, t, elem, &r->tcol[ki][f])) {
            if (r->g->errcode == ERG_ENOMEM) return ERG_ENOMEM;
            report(r, ERG_ERROR, line, "%s", erg_errmsg(r->g));
            return ERG_EPARSE;
        }
        r->tcol_ok[ki][f] = true;
    }
    *col = r->tcol[ki][f];
    return ERG_OK;
}

/* Converts a time of this file (timeformat) into *v. */
static bool time_value(gr *r, const elem *el, const char *s, size_t n, erg_value *v) {
    if (r->time_type == ERG_NULL) { /* no timeformat: a number, else a date */
        double d;
        const char *t = s;
        size_t m = n;
        trim(&t, &m);
        r->time_type = erg__parse_float(t, m, &d) == ERG_OK ? ERG_FLOAT : ERG_DATE;
    }
    char what[340];
    snprintf(what, sizeof what, "%s: time", el->what);
    return convert(r, what, r->time_type, ERG_NULL, s, n, el->line, v);
}

static int set_cell(gr *r, const elem *el, uint32_t col, const erg_value *v) {
    return erg__cell_set(r->g, el->kind, col, el->idx, v) ? ERG_ENOMEM : ERG_OK;
}

static int add_aliases(gr *r, uint32_t ent, const erg_value *v) {
    size_t n = v->type == ERG_LIST ? v->u.list.n : 1;
    for (size_t i = 0; i < n; i++) {
        const erg_value *a = v->type == ERG_LIST ? &v->u.list.items[i] : v;
        uint32_t sid;
        if (a->u.s.len == 0) continue;
        if (erg__intern(r->g, a->u.s.ptr, a->u.s.len, &sid) || erg__ent_add_alias(r->g, ent, sid)) return ERG_ENOMEM;
    }
    return ERG_OK;
}

/* Stores one converted value of a declared attribute. */
static int store(gr *r, elem *el, gattr *a, const erg_value *v) {
    uint32_t sid;
    switch (a->role) {
    case R_TYPE:
        if (v->u.s.len == 0) {
            report(r, ERG_ERROR, el->line, "%s: empty type", el->what);
            return ERG_OK;
        }
        if (erg__intern(r->g, v->u.s.ptr, v->u.s.len, &sid)) return ERG_ENOMEM;
        if (el->kind == ERG_KIND_ENTITY) r->g->ents[el->idx].type = sid;
        else r->g->rels[el->idx].type = sid;
        el->has_type = true;
        return ERG_OK;
    case R_ALIASES: return add_aliases(r, el->idx, v);
    case R_ATTR: return set_cell(r, el, a->col, v);
    default: return ERG_OK;
    }
}

static int flush_attrs(gr *r, elem *el) {
    uint32_t stamp = ++r->stamp;
    for (uint32_t i = 0; i < r->npend; i++) {
        pendval *p = &r->pend[i];
        if (p->attr >= r->nattrs) continue;
        gattr *a = &r->attrs[p->attr];
        if (a->role == R_IGNORE || a->seen == stamp) continue;
        char what[600];
        snprintf(what, sizeof what, "%s: attribute '%.200s'", el->what, a->title);
        erg_value v;
        if (a->dynamic) { /* every value of it, in file order */
            erg_value *vals = NULL;
            uint32_t nv = 0, cap = 0;
            bool ok = true;
            for (uint32_t j = i; ok && j < r->npend; j++) {
                if (r->pend[j].attr != p->attr) continue;
                erg_value one;
                if (erg__grow(&r->g->a, (void **)&vals, &cap, (size_t)nv + 1, sizeof *vals)) { r->nomem = true; ok = false; break; }
                ok = convert(r, what, a->type, ERG_NULL, r->vals.p + r->pend[j].off, r->pend[j].len, el->line, &one);
                if (ok) vals[nv++] = one;
            }
            int rc = ok ? set_cell(r, el, a->col, &(erg_value){.type = ERG_LIST, .elem = a->type,
                                                               .u.list = {vals, nv}}) : ERG_OK;
            erg__mem(&r->g->a, vals, (size_t)cap * sizeof *vals, 0);
            if (r->nomem) return ERG_ENOMEM;
            if (rc) return rc;
        } else {
            uint32_t last = i; /* a repeated static value: the last one wins */
            for (uint32_t j = i + 1; j < r->npend; j++)
                if (r->pend[j].attr == p->attr) last = j;
            if (!convert(r, what, a->type, a->elem, r->vals.p + r->pend[last].off, r->pend[last].len, el->line, &v)) {
                if (r->nomem) return ERG_ENOMEM;
            } else {
                int rc = store(r, el, a, &v);
                if (rc) return rc;
            }
        }
        a->seen = stamp;
    }
    return ERG_OK;
}

static int flush_defaults(gr *r, elem *el) {
    for (uint32_t i = 0; i < r->nattrs; i++) {
        gattr *a = &r->attrs[i];
        if (!a->def || a->kind != el->kind || a->seen == r->stamp || a->dynamic || a->role == R_IGNORE) continue;
        char what[600];
        snprintf(what, sizeof what, "attribute '%.200s': <default>", a->title);
        erg_value v;
        if (!convert(r, what, a->type, a->elem, a->def, a->deflen, el->line, &v)) {
            if (r->nomem) return ERG_ENOMEM;
            free_str(r, a->def); /* reported once, not for every element */
            a->def = NULL;
            continue;
        }
        int rc = store(r, el, a, &v);
        if (rc) return rc;
    }
    return ERG_OK;
}

/* Order of two times of one type (dateTime strings compare as text, as
 * ISO 8601 does within one time zone). */
static int time_cmp(const erg_value *a, const erg_value *b) {
    if (a->type == ERG_INT) return (a->u.i > b->u.i) - (a->u.i < b->u.i);
    if (a->type == ERG_FLOAT) return (a->u.f > b->u.f) - (a->u.f < b->u.f);
    if (a->type == ERG_DATE) {
        long x = a->u.d.year * 10000L + a->u.d.month * 100 + a->u.d.day;
        long y = b->u.d.year * 10000L + b->u.d.month * 100 + b->u.d.day;
        return (x > y) - (x < y);
    }
    size_t n = a->u.s.len < b->u.s.len ? a->u.s.len : b->u.s.len;
    int c = memcmp(a->u.s.ptr, b->u.s.ptr, n);
    return c ? c : (a->u.s.len > b->u.s.len) - (a->u.s.len < b->u.s.len);
}

/* start/end (and spells) of the element as attributes. */
static int flush_times(gr *r, elem *el) {
    int ki = kidx(el->kind), rc;
    uint32_t col;
    erg_value v;
    bool keep[2] = {!r->by_erg && !r->titled[ki][T_START], !r->by_erg && !r->titled[ki][T_END]};
    for (uint32_t i = 0; i < r->npend; i++) {
        pendval *p = &r->pend[i];
        int f = p->attr == PSEUDO(T_START) ? 0 : p->attr == PSEUDO(T_END) ? 1 : -1;
        if (f < 0 || !keep[f]) continue;
        if (!time_value(r, el, r->vals.p + p->off, p->len, &v)) {
            if (r->nomem) return ERG_ENOMEM;
            continue;
        }
        if ((rc = tcol(r, el->kind, f ? T_END : T_START, r->time_type, ERG_NULL, el->line, &col)) == ERG_ENOMEM) return rc;
        if (rc == ERG_OK && (rc = set_cell(r, el, col, &v))) return rc;
    }
    if (!r->nspells || r->by_erg) return ERG_OK;
    /* several spells: the envelope as start/end, each spell in "spells" */
    erg_value lo = {0}, hi = {0};
    bool open_lo = false, open_hi = false;
    erg_buf list;
    erg__buf_init(&list, &r->g->a);
    rc = ERG_OK;
    uint32_t ns = r->nspells / 2;
    for (uint32_t s = 0; s < ns && !rc; s++) {
        for (int k = 0; k < 2 && !rc; k++) {
            pendval *p = &r->spells[2 * s + k];
            if (!p->attr) {
                if (k) open_hi = true; else open_lo = true;
                continue;
            }
            if (!time_value(r, el, r->vals.p + p->off, p->len, &v)) {
                rc = r->nomem ? ERG_ENOMEM : ERG_EPARSE;
                break;
            }
            erg_value *cur = k ? &hi : &lo;
            int c = cur->type == ERG_NULL ? 0 : time_cmp(&v, cur);
            bool better = cur->type == ERG_NULL || (k ? c > 0 : c < 0);
            if (better) *cur = v;
        }
        if (ns > 1 && !rc) {
            pendval *a = &r->spells[2 * s], *b = &r->spells[2 * s + 1];
            if ((s && erg__buf_addc(&list, ';')) || erg__buf_add(&list, r->vals.p + a->off, a->len) ||
                erg__buf_addc(&list, '/') || erg__buf_add(&list, r->vals.p + b->off, b->len))
                rc = ERG_ENOMEM;
        }
    }
    if (!rc && keep[0] && lo.type != ERG_NULL && !open_lo &&
        !(rc = tcol(r, el->kind, T_START, r->time_type, ERG_NULL, el->line, &col)))
        rc = set_cell(r, el, col, &lo);
    if (!rc && keep[1] && hi.type != ERG_NULL && !open_hi &&
        !(rc = tcol(r, el->kind, T_END, r->time_type, ERG_NULL, el->line, &col)))
        rc = set_cell(r, el, col, &hi);
    if (!rc && ns > 1 && !r->titled[ki][T_SPELLS] &&
        !(rc = tcol(r, el->kind, T_SPELLS, ERG_LIST, ERG_STRING, el->line, &col))) {
        /* the interval texts hold no ';' or '\\' (times), so erg's list
         * text form splits them back */
        size_t cnt = erg__list_count(list.p, list.len), got, bad;
        if (erg__grow(&r->g->a, (void **)&r->items, &r->itemcap, cnt, sizeof *r->items)) rc = ERG_ENOMEM;
        else if (!erg__list_parse(list.p, list.len, ERG_STRING, r->items, &got, &bad))
            rc = set_cell(r, el, col, &(erg_value){.type = ERG_LIST, .elem = ERG_STRING, .u.list = {r->items, got}});
    }
    erg__buf_free(&list);
    return rc == ERG_EPARSE ? ERG_OK : rc;
}

static void elem_reset(gr *r) {
    r->npend = 0;
    r->nspells = 0;
    r->vals.len = 0;
}

/* Applies what was gathered for the element. */
static int flush(gr *r, elem *el, bool defaults) {
    int rc = flush_attrs(r, el);
    if (!rc && defaults) rc = flush_defaults(r, el);
    if (!rc) rc = flush_times(r, el);
    elem_reset(r);
    return rc;
}

static int read_node(gr *r);
static int read_edge(gr *r);

static void warn_viz(gr *r) {
    if (!r->warned_viz) report(r, ERG_WARNING, line_of(r), "viz: markup (colours, positions, sizes, shapes) ignored");
    r->warned_viz = true;
}

static void warn_hier(gr *r) {
    if (!r->warned_hier)
        report(r, ERG_WARNING, line_of(r), "hierarchy (nested nodes, <parents>, pid) ignored; nested nodes are read as nodes");
    r->warned_hier = true;
}

static bool viz_element(const xmlChar *ln) {
    static const char *const names[] = {"color", "position", "size", "shape", "thickness"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (is(ln, names[i])) return true;
    return false;
}

/* Reads the descendants of a node or edge: attvalues, spells, viz and
 * hierarchy markup; nested nodes and edges are read as their own. */
static int children(gr *r, elem *el) {
    if (xmlTextReaderIsEmptyElement(r->xr)) return flush(r, el, true);
    int depth = xmlTextReaderDepth(r->xr), rc = ERG_OK;
    bool flushed = false;
    for (;;) {
        if (xmlTextReaderRead(r->xr) != 1) return ERG_EPARSE;
        int type = xmlTextReaderNodeType(r->xr);
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r->xr) == depth) break;
        if (type != XML_READER_TYPE_ELEMENT) continue;
        const xmlChar *ln = xmlTextReaderConstLocalName(r->xr);
        if (is(ln, "attvalue")) {
            char *f = attr(r, "for"), *v = attr(r, "value");
            gattr *a = f ? find_attr(r, el->kind, f) : NULL;
            if (!a) report(r, ERG_ERROR, line_of(r), "%s: attvalue for undeclared %s attribute '%s'", el->what,
                            kname(el->kind), f ? f : "");
            else if (!v) report(r, ERG_ERROR, line_of(r), "%s: attvalue for '%s' without a value", el->what, a->title);
            else rc = pend_add(r, (uint32_t)(a - r->attrs), v, strlen(v));
            xmlFree(f);
            xmlFree(v);
        } else if (is(ln, "spell") || is(ln, "slice")) {
            rc = pend_times(r, true);
        } else if (is(ln, "node") || is(ln, "edge")) {
            /* a hierarchy: the parent's data first, then the nested one */
            warn_hier(r);
            if (!flushed && (rc = flush(r, el, true))) return rc;
            flushed = true;
            rc = is(ln, "node") ? read_node(r) : read_edge(r);
        } else if (is(ln, "parent") || is(ln, "parents")) {
            warn_hier(r);
        } else if (viz_element(ln)) {
            warn_viz(r);
            if (skip(r) < 0) return ERG_EPARSE;
        }
        if (rc) return rc;
        if (r->nerr >= MAX_DIAGS) return ERG_EPARSE;
    }
    return flush(r, el, !flushed);
}

static void progress(gr *r) {
    if ((++r->elements & 0xFFF) == 0)
        erg__progress(r->g, "reading GEXF", (uint64_t)xmlTextReaderByteConsumed(r->xr), r->file_size);
}

static int read_node(gr *r) {
    elem el = {ERG_KIND_ENTITY, 0, line_of(r), "", false};
    char *id = attr(r, "id"), *label = attr(r, "label"), *pid = attr(r, "pid");
    int rc = ERG_OK;
    uint32_t sid, type;
    progress(r);
    if (pid) warn_hier(r);
    if (!id || !*id) {
        report(r, ERG_ERROR, el.line, "node without an id");
        goto skip;
    }
    snprintf(el.what, sizeof el.what, "node '%.200s'", id);
    if (erg__intern(r->g, id, strlen(id), &sid) || erg__intern(r->g, "entity", 6, &type)) { rc = ERG_ENOMEM; goto out; }
    rc = erg__ent_add(r->g, sid, type, 0, &el.idx);
    if (rc == ERG_EEXIST) {
        report(r, ERG_ERROR, el.line, "duplicate node id '%s'", id);
        rc = ERG_OK;
        goto skip;
    }
    if (rc) goto out;
    if (label && (erg__intern(r->g, label, strlen(label), &sid) ||
                  erg_entity_set_name(r->g, (erg_entity){el.idx, r->g->ents[el.idx].gen}, erg__str(r->g, sid)))) {
        rc = ERG_ENOMEM;
        goto out;
    }
    elem_reset(r);
    if ((rc = pend_times(r, false))) goto out;
    rc = children(r, &el);
    goto out;
skip:
    if (skip(r) < 0) rc = ERG_EPARSE;
out:
    xmlFree(id); xmlFree(label); xmlFree(pid);
    return rc;
}

static uint32_t node_ref(gr *r, const char *id) {
    uint32_t sid = id ? erg__pool_find(&r->g->pool, id, strlen(id)) : 0;
    return sid ? erg__ent_lookup(r->g, sid) : ERG_NONE;
}

/* The edge's XML attributes erg keeps: weight and a label that is not the
 * type (the type may come from an attvalue, known only after children). */
static int edge_extras(gr *r, elem *el, const char *weight, const char *label) {
    int ki = kidx(el->kind), rc;
    uint32_t col;
    erg_value v;
    if (weight && !r->by_erg && !r->titled[ki][T_WEIGHT]) {
        char what[340];
        snprintf(what, sizeof what, "%s: weight", el->what);
        if (!convert(r, what, ERG_FLOAT, ERG_NULL, weight, strlen(weight), el->line, &v)) return r->nomem ? ERG_ENOMEM : ERG_OK;
        if ((rc = tcol(r, el->kind, T_WEIGHT, ERG_FLOAT, ERG_NULL, el->line, &col))) return rc == ERG_EPARSE ? ERG_OK : rc;
        if ((rc = set_cell(r, el, col, &v))) return rc;
    }
    if (label && !r->titled[ki][T_LABEL] && strcmp(label, erg__str(r->g, r->g->rels[el->idx].type)) != 0) {
        if ((rc = tcol(r, el->kind, T_LABEL, ERG_STRING, ERG_NULL, el->line, &col))) return rc == ERG_EPARSE ? ERG_OK : rc;
        v = erg_strn(label, strlen(label));
        if ((rc = set_cell(r, el, col, &v))) return rc;
    }
    return ERG_OK;
}

static int read_edge(gr *r) {
    elem el = {ERG_KIND_REL, 0, line_of(r), "", false};
    char *id = attr(r, "id"), *src = attr(r, "source"), *dst = attr(r, "target"), *dir = attr(r, "type"),
         *kind = attr(r, "kind"), *label = attr(r, "label"), *weight = attr(r, "weight");
    int rc = ERG_OK;
    uint32_t from = node_ref(r, src), to = node_ref(r, dst), sid = 0, type;
    bool directed = r->directed_default;
    progress(r);
    snprintf(el.what, sizeof el.what, "edge '%.200s'", id ? id : "");
    if (!src || !dst) {
        report(r, ERG_ERROR, el.line, "%s without source or target", el.what);
        goto skip;
    }
    if (from == ERG_NONE || to == ERG_NONE) {
        report(r, ERG_ERROR, el.line, "%s names unknown node '%s'", el.what, from == ERG_NONE ? src : dst);
        goto skip;
    }
    if (dir) {
        if (!strcmp(dir, "directed")) directed = true;
        else if (!strcmp(dir, "undirected") || !strcmp(dir, "mutual")) directed = false;
        else {
            report(r, ERG_ERROR, el.line, "%s: type '%s' is not directed, undirected or mutual", el.what, dir);
            goto skip;
        }
    }
    const char *t = kind && *kind ? kind : "related_to";
    if ((id && *id && erg__intern(r->g, id, strlen(id), &sid)) || erg__intern(r->g, t, strlen(t), &type)) {
        rc = ERG_ENOMEM;
        goto out;
    }
    rc = erg__rel_add(r->g, sid, from, to, type, directed, &el.idx);
    if (rc == ERG_EEXIST) {
        report(r, ERG_ERROR, el.line, "duplicate edge id '%s'", id);
        rc = ERG_OK;
        goto skip;
    }
    if (rc) goto out;
    elem_reset(r);
    if ((rc = pend_times(r, false))) goto out;
    if ((rc = children(r, &el))) goto out;
    rc = edge_extras(r, &el, weight, label);
    goto out;
skip:
    if (skip(r) < 0) rc = ERG_EPARSE;
out:
    xmlFree(id); xmlFree(src); xmlFree(dst); xmlFree(dir); xmlFree(kind); xmlFree(label); xmlFree(weight);
    return rc;
}

/* ---- the document ------------------------------------------------------------ */
static int read_meta(gr *r) {
    if (xmlTextReaderIsEmptyElement(r->xr)) return ERG_OK;
    int depth = xmlTextReaderDepth(r->xr);
    char *desc = NULL, *title = NULL;
    int rc = ERG_OK;
    while (xmlTextReaderRead(r->xr) == 1 && xmlTextReaderDepth(r->xr) > depth) {
        if (xmlTextReaderNodeType(r->xr) != XML_READER_TYPE_ELEMENT) continue;
        const xmlChar *ln = xmlTextReaderConstLocalName(r->xr);
        if (is(ln, "creator")) {
            char *c = (char *)xmlTextReaderReadString(r->xr);
            r->by_erg = c && !strncmp(c, "erg ", 4);
            xmlFree(c);
        } else if (is(ln, "description") && !desc) {
            desc = (char *)xmlTextReaderReadString(r->xr);
        } else if (is(ln, "title") && !title) {
            title = (char *)xmlTextReaderReadString(r->xr);
        }
    }
    /* erg writes its title as the description (GEXF 1.2 has no <title>) */
    if (title && erg_graph_set_meta(r->g, "title", title)) rc = ERG_ENOMEM;
    if (!rc && desc && erg_graph_set_meta(r->g, r->by_erg && !title ? "title" : "description", desc)) rc = ERG_ENOMEM;
    xmlFree(desc);
    xmlFree(title);
    return rc;
}

static int read_graph_element(gr *r) {
    unsigned long line = line_of(r);
    char *ed = attr(r, "defaultedgetype"), *tf = attr(r, "timeformat");
    if (!tf) tf = attr(r, "timetype"); /* GEXF 1.1 */
    int rc = ERG_OK;
    r->directed_default = ed && !strcmp(ed, "directed");
    if (ed && strcmp(ed, "directed") && strcmp(ed, "undirected") && strcmp(ed, "mutual") && strcmp(ed, "mixed")) {
        report(r, ERG_ERROR, line, "defaultedgetype '%s' is not directed, undirected or mutual", ed);
        rc = ERG_OK;
    }
    r->time_type = ERG_NULL;
    if (tf) {
        if (!strcasecmp(tf, "date")) r->time_type = ERG_DATE;
        else if (!strcasecmp(tf, "integer") || !strcasecmp(tf, "long")) r->time_type = ERG_INT;
        else if (!strcasecmp(tf, "double") || !strcasecmp(tf, "float")) r->time_type = ERG_FLOAT;
        else if (!strcasecmp(tf, "dateTime") || !strcasecmp(tf, "timestamp")) r->time_type = ERG_STRING;
        else report(r, ERG_ERROR, line, "timeformat '%s' is not date, dateTime, integer or double", tf);
    }
    xmlFree(ed);
    xmlFree(tf);
    return rc;
}

static int document(gr *r) {
    int ok, rc = ERG_OK, graphs = 0;
    bool root_seen = false;
    while ((ok = xmlTextReaderRead(r->xr)) == 1) {
        if (xmlTextReaderNodeType(r->xr) != XML_READER_TYPE_ELEMENT) continue;
        const xmlChar *ln = xmlTextReaderConstLocalName(r->xr);
        int depth = xmlTextReaderDepth(r->xr);
        if (!root_seen) {
            root_seen = true;
            if (!is(ln, "gexf")) {
                report(r, ERG_ERROR, line_of(r), "not GEXF: the root element is <%s>, not <gexf>", (const char *)ln);
                return ERG_EPARSE;
            }
            continue;
        }
        if (depth == 1 && is(ln, "meta")) rc = read_meta(r);
        else if (depth == 1 && is(ln, "graph")) {
            if (++graphs > 1) {
                report(r, ERG_ERROR, line_of(r), "more than one graph in the file; erg reads one");
                if (skip(r) < 0) return ERG_EPARSE;
                continue;
            }
            rc = read_graph_element(r);
        } else if (depth == 2 && is(ln, "attributes")) rc = read_attributes(r);
        else if (depth == 2 && (is(ln, "nodes") || is(ln, "edges"))) continue; /* descend */
        else if (depth == 3 && is(ln, "node")) rc = read_node(r);
        else if (depth == 3 && is(ln, "edge")) rc = read_edge(r);
        else if (skip(r) < 0) return ERG_EPARSE;
        if (rc == ERG_ENOMEM) return rc;
        if (rc == ERG_EPARSE) break;
        if (r->nerr >= MAX_DIAGS) return ERG_EPARSE;
    }
    if (ok < 0 || rc == ERG_EPARSE || r->xml_error[0]) {
        if (r->xml_nomem) return ERG_ENOMEM;
        if (r->xml_error[0]) report_at(r, r->xml_line, r->xml_col, "malformed XML: %s", r->xml_error);
        else if (r->nerr == 0) {
            report(r, ERG_ERROR, line_of(r), "malformed XML");
        }
        return ERG_EPARSE;
    }
    if (!root_seen) {
        report(r, ERG_ERROR, 1, "empty file (no <gexf> element)");
        return ERG_EPARSE;
    }
    return ERG_OK;
}

static void free_reader(gr *r) {
    erg_alloc *a = &r->g->a;
    free_attrs(r);
    erg__mem(a, r->items, (size_t)r->itemcap * sizeof *r->items, 0);
    erg__mem(a, r->pend, (size_t)r->pendcap * sizeof *r->pend, 0);
    erg__mem(a, r->spells, (size_t)r->spellcap * sizeof *r->spells, 0);
    erg__mem(a, r->offs, (size_t)r->offcap * sizeof *r->offs, 0);
    erg__buf_free(&r->vals);
    erg__buf_free(&r->lst);
}

int erg__gexf_read(erg_graph *g, const char *path, erg_diag_fn diag, void *ud) {
    gr r;
    memset(&r, 0, sizeof r);
    r.g = g;
    r.path = path;
    r.diag = diag;
    r.ud = ud;
    erg__buf_init(&r.vals, &g->a);
    erg__buf_init(&r.lst, &g->a);
    erg_mark m = erg__mark(g);
    const char *why;
    int rc = ERG_OK, fd = erg__open_input(path, &r.file_size, &why);
    if (fd < 0) rc = erg__err(g, ERG_EIO, "%s: %s", path, why);
    if (rc == ERG_OK) {
        /* libxml2's thread fallback handlers print; ours stand in while
         * the reader is made (see graphml_read.c) */
        xmlStructuredErrorFunc saved_fn = xmlStructuredError;
        void *saved_ctx = xmlStructuredErrorContext;
        xmlGenericErrorFunc saved_gfn = xmlGenericError;
        void *saved_gctx = xmlGenericErrorContext;
        xmlSetStructuredErrorFunc(&r, on_xml_error);
        xmlSetGenericErrorFunc(NULL, quiet_xml);
        rc = check_prolog(&r, fd);
        if (!rc) r.xr = xmlReaderForFd(fd, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
        if (!rc && !r.xr) {
            rc = ERG_ENOMEM;
        } else if (!rc) {
            xmlTextReaderSetStructuredErrorHandler(r.xr, on_xml_error, &r);
            rc = document(&r);
            xmlFreeTextReader(r.xr);
        }
        xmlSetGenericErrorFunc(saved_gctx, saved_gfn);
        xmlSetStructuredErrorFunc(saved_ctx, saved_fn);
    }
    if (fd >= 0) close(fd);
    if (!rc && !r.nerr) rc = erg__rel_assign_ids(g, m.nrel);
    if (!rc && !r.nerr) erg__trim(g);
    if (!rc && !r.nerr) erg__progress(g, "reading GEXF", r.file_size, r.file_size);
    free_reader(&r);
    if (rc || r.nerr) {
        char keep[sizeof g->errmsg];
        int code = rc == ERG_ENOMEM || r.xml_nomem ? ERG_ENOMEM : rc == ERG_EIO ? ERG_EIO : ERG_EPARSE;
        if (code == ERG_ENOMEM) erg__nomem(g);
        memcpy(keep, g->errmsg, sizeof keep);
        erg__rollback(g, &m);
        return erg__err(g, code, "%s", keep);
    }
    return ERG_OK;
}
