/*
 * graphml_read.c -- reads GraphML with libxml2's streaming reader, all or
 * nothing, into a graph.
 *
 * Safety.  The file never reaches the network (XML_PARSE_NONET) and
 * entities are never expanded (no XML_PARSE_NOENT, DTDLOAD or HUGE).  A
 * first SAX pass of libxml2's parser over the prolog (xml_guard.c) refuses
 * any DOCTYPE that declares entities before the reader proper starts: even
 * unexpanded, an entity repeated inside attributes can keep libxml2 busy
 * for minutes.  Only regular files are read (input.c).  Every parser gets a
 * structured error handler, so libxml2 never prints.
 *
 * What it accepts: what networkx and python-igraph read, and what real
 * tools write.  A prefixed GraphML namespace or none (elements are matched
 * by local name), <default> values, padded or capitalised booleans,
 * whitespace around numbers, keys without attr.type (strings) or without
 * attr.name (the key id is the name), for="all", one key id declared for
 * several domains (Cytoscape's "name" for graph, node and edge: data is
 * looked up in its element's domain), parse.* attributes (ignored), a UTF-8
 * BOM, CRLF.  Edges may name nodes declared later, or never (those become
 * entities of type "entity", with a warning, as networkx and igraph add
 * them).  Ports are ignored and nested graphs flattened into the one graph,
 * each with one warning.  yEd/yFiles markup inside <data> is skipped with
 * one warning, but for the node label; an unknown attr.type is read as a
 * string with a warning.  Refused with a clear message: hyperedges, more
 * than one top-level graph.
 *
 * Mapping.  Node data "type", "name" and "aliases" fill the entity's
 * fields (type defaults to "entity"); edge data "type" the relationship's
 * (default "related_to").  A file without a "name" node key names entities
 * by their "label" data (Gephi, networkx from Gephi) or else by the yEd
 * NodeLabel, as networkx reads it; the label stays an attribute too.  An
 * edge id used once in the file is the relationship's id; ids used by more
 * than one edge (networkx writes multigraph edge keys 0, 1... as ids) give
 * generated ids, and the file's id is kept as the string attribute
 * "graphml.id".  erg's own keys carry <desc>erg:date</desc> or
 * <desc>erg:list:ELEM</desc> to restore dates and lists, a boolean edge key
 * with <desc>erg:directed</desc> says which relationships are undirected,
 * and the graph data with <desc>erg:sources-csv</desc> holds the sources
 * (see graphml_write.c).  A foreign attribute named like a field ("id",
 * "from", "to", "directed", or "type", "name", "aliases" holding something
 * other than text) is kept as "graphml.NAME" with a warning.
 */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Key domains; for="port", "hyperedge" and "graphml" share FOR_OTHER. */
enum gk_for { FOR_NODE = 1, FOR_EDGE = 2, FOR_GRAPH = 4, FOR_OTHER = 8, FOR_ALL = 15 };
enum gk_role { GK_ATTR, GK_TYPE, GK_NAME, GK_ALIASES, GK_SOURCES, GK_DIRECTED, GK_IGNORE };
/* How an entity got its name: lower ranks win (see element_data). */
enum name_rank { NAME_KEY = 1, NAME_LABEL = 2, NAME_YED = 3, NAME_NONE = 4 };

typedef struct gkey {
    char *id;           /* key id (malloc'd through the graph allocator) */
    size_t idlen;
    unsigned for_;
    erg_type type, elem; /* erg type after markers */
    enum gk_role role_node, role_edge;
    uint32_t col_node, col_edge; /* schema columns when an attribute */
    uint32_t name_sid;
    char *def;          /* <default> text or NULL */
    size_t deflen;
    uint32_t seen;      /* stamp of the last element that had this data */
    bool yfiles;        /* yfiles.type: graphics markup */
    bool label;         /* a string node key named "label" */
    bool directed;      /* <desc>erg:directed</desc> */
} gkey;

/* An edge's id in the file, resolved when the whole file is read. */
typedef struct fileid {
    uint32_t sid;       /* 0: the edge had none; else the id's bytes in the
                           pool, outside the pool's index (erg__pool_add):
                           relationship ids are found by the id index */
    bool dup;           /* another edge of the file has it too */
} fileid;

typedef struct gr {
    erg_graph *g;
    const char *path;
    xmlTextReaderPtr xr;
    erg__diags d;
    bool warned_yed, warned_parse, warned_port, warned_nested, warned_dupid;
    bool has_name_key;  /* a node key named "name": labels name nothing */
    gkey *keys;
    uint32_t nkeys, keycap;
    erg_htab keyidx;    /* key id -> index in keys (one per domain) */
    uint32_t ndefaults; /* keys with a <default> */
    bool directed_default;
    int graphs;
    uint32_t stamp;
    erg_buf text;       /* text of the current <data> */
    erg_buf label;      /* yEd NodeLabel of the current <data> */
    erg_value *items;
    uint32_t itemcap;
    uint32_t ent_base, rel_base; /* first entity and relationship of the file */
    fileid *fids;       /* by relationship index - rel_base */
    uint32_t nfid, fidcap;
    erg_htab fididx;    /* file edge id (by its bytes) -> relationship index */
    uint32_t related_to; /* sid of the relationship type, once interned */
    erg__strcache vcache; /* types and short string values (on after 1024 edges) */
    uint32_t *implicit; /* by entity index - ent_base: 1 + line of the edge
                           that named a node not (yet) declared, else 0 */
    uint32_t nimplicit, implicitcap, pending;
    bool nomem;         /* convert ran out of memory (not a bad value) */
    bool xml_nomem;     /* libxml2 ran out of memory */
    char xml_error[512];
    unsigned long xml_line, xml_col;
    uint64_t size;      /* of the file, for progress (0: unknown) */
    uint32_t tick;      /* elements since the last progress report */
} gr;

/* ---- diagnostics ------------------------------------------------------------ */
static void report(gr *r, erg_severity sev, unsigned long line, unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void report(gr *r, erg_severity sev, unsigned long line, unsigned long col, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    erg__vdiag(&r->d, sev, r->path, line, col, fmt, ap);
    va_end(ap);
}

/* The line of the element being read.  libxml2's reader parses ahead, so
 * the parser's own position is past it; the node knows its line, but no
 * column, so GraphML messages are FILE:LINE: reason (malformed XML gets the
 * parser's line and column). */
static unsigned long line_of(gr *r) {
    xmlNodePtr n = xmlTextReaderCurrentNode(r->xr);
    long l = n ? xmlGetLineNo(n) : -1;
    return l > 0 ? (unsigned long)l : 0;
}
#define HERE(r) line_of(r), 0UL

static void on_xml_error(void *ud, xmlErrorPtr e) {
    gr *r = ud;
    /* libxml2 reports a text node past its 10,000,000-byte limit (no
     * XML_PARSE_HUGE) as out of memory: that one is a limit of the input */
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

/* ---- the prolog check ------------------------------------------------------- */
/* Refuses a DOCTYPE that declares entities, and an empty file, as
 * libxml2's parser reads the prolog (xml_guard.c). */
static int check_prolog(gr *r, int fd) {
    erg__xml_prolog pr;
    int rc = erg__xml_guard(fd, &pr);
    if (rc == ERG_EIO) return erg__err(r->g, ERG_EIO, "%s: %s", r->path, strerror(errno));
    if (rc) return rc;
    if (pr.entity) {
        report(r, ERG_ERROR, pr.line, 1,
               "the DOCTYPE declares entities; erg refuses them (entity expansion can exhaust time and memory)");
        return ERG_EPARSE;
    }
    if (pr.empty) {
        report(r, ERG_ERROR, 1, 1, "empty file (no <graphml> element)");
        return ERG_EPARSE;
    }
    return ERG_OK;
}

/* ---- small helpers ---------------------------------------------------------- */
static bool is(const xmlChar *a, const char *b) {
    return a && !strcmp((const char *)a, b);
}

static char *attr(gr *r, const char *name) {
    (void)r;
    return (char *)xmlTextReaderGetAttribute(r->xr, (const xmlChar *)name);
}

static void trim(const char **s, size_t *n) {
    while (*n && strchr(" \t\r\n", (*s)[0])) { (*s)++; (*n)--; }
    while (*n && strchr(" \t\r\n", (*s)[*n - 1])) (*n)--;
}


/* A key is found by id within a domain: one id may name a graph key and a
 * node key (Cytoscape). */
typedef struct keyref {
    const char *id;
    unsigned dom;
} keyref;

static bool key_is(const void *ctx, uint32_t entry, const void *key) {
    const gr *r = ctx;
    const keyref *q = key;
    return (r->keys[entry].for_ & q->dom) && !strcmp(r->keys[entry].id, q->id);
}

static gkey *find_key(gr *r, const char *id, unsigned dom) {
    keyref q = {id, dom};
    uint32_t i = erg__htab_find(&r->keyidx, erg__hash_bytes(id, strlen(id)), key_is, r, &q);
    return i == ERG_NONE ? NULL : &r->keys[i];
}

static char *copy(gr *r, const char *s, size_t n) {
    char *p = erg__mem(&r->g->a, NULL, 0, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static void free_keys(gr *r) {
    for (uint32_t i = 0; i < r->nkeys; i++) {
        erg__mem(&r->g->a, r->keys[i].id, r->keys[i].idlen + 1, 0);
        if (r->keys[i].def) erg__mem(&r->g->a, r->keys[i].def, r->keys[i].deflen + 1, 0);
    }
    erg__mem(&r->g->a, r->keys, (size_t)r->keycap * sizeof *r->keys, 0);
    erg__htab_free(&r->keyidx, &r->g->a);
}

/* Skips the current element's subtree, stopping on its end tag (so the
 * caller's next xmlTextReaderRead moves to what follows it). */
static int skip(gr *r) {
    if (xmlTextReaderIsEmptyElement(r->xr)) return 1;
    int depth = xmlTextReaderDepth(r->xr);
    while (xmlTextReaderRead(r->xr) == 1)
        if (xmlTextReaderNodeType(r->xr) == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r->xr) == depth)
            return 1;
    return -1;
}

/* ---- keys -------------------------------------------------------------------- */
static erg_type graphml_type(gr *r, const char *t, bool *unknown) {
    *unknown = false;
    if (!t) return ERG_STRING;
    if (!strcmp(t, "string")) return ERG_STRING;
    if (!strcmp(t, "boolean")) return ERG_BOOL;
    if (!strcmp(t, "int") || !strcmp(t, "long")) return ERG_INT;
    if (!strcmp(t, "float") || !strcmp(t, "double")) return ERG_FLOAT;
    (void)r;
    *unknown = true;
    return ERG_STRING;
}

static enum gk_role field_role(erg_kind k, const char *name) {
    if (!strcmp(name, "type")) return GK_TYPE;
    if (k == ERG_KIND_ENTITY && !strcmp(name, "name")) return GK_NAME;
    if (k == ERG_KIND_ENTITY && !strcmp(name, "aliases")) return GK_ALIASES;
    return GK_ATTR;
}

/* Declares the key's schema column for one kind (or its field role). */

/* Declares the key's schema column for one kind (or its field role).  A
 * field-named key that cannot fill the field (a "type" holding numbers, a
 * "directed" without erg's marker) is kept as graphml.NAME. */
static int bind_key(gr *r, gkey *k, erg_kind kind, const char *name, unsigned long line, unsigned long col) {
    enum gk_role role = field_role(kind, name);
    uint32_t c = 0;
    if ((role == GK_TYPE || role == GK_NAME) && k->type != ERG_STRING) role = GK_ATTR;
    if (role == GK_ALIASES && k->type != ERG_STRING && !(k->type == ERG_LIST && k->elem == ERG_STRING))
        role = GK_ATTR;
    if (kind == ERG_KIND_REL && k->directed && k->type == ERG_BOOL && !strcmp(name, "directed"))
        role = GK_DIRECTED;
    if (role == GK_ATTR) {
        char renamed[300];
        const char *use = name;
        if (erg__reserved_name(kind, name)) {
            snprintf(renamed, sizeof renamed, "graphml.%.200s", name);
            use = renamed;
            report(r, ERG_WARNING, line, col, "%s attribute '%s' is a field name in erg; kept as '%s'",
                   kind == ERG_KIND_ENTITY ? "node" : "edge", name, use);
        }
        uint32_t sid;
        if (erg__intern(r->g, use, strlen(use), &sid)) return ERG_ENOMEM;
        if (erg__col_declare(r->g, kind, sid, k->type, k->elem, &c)) {
            if (r->g->errcode == ERG_ENOMEM) return ERG_ENOMEM;
            report(r, ERG_ERROR, line, col, "%s", erg_errmsg(r->g));
            role = GK_IGNORE;
        }
        if (kind == ERG_KIND_ENTITY && k->type == ERG_STRING && !strcmp(name, "label")) k->label = true;
    }
    if (kind == ERG_KIND_ENTITY && role == GK_NAME) r->has_name_key = true;
    if (kind == ERG_KIND_ENTITY) { k->role_node = role; k->col_node = c; }
    else { k->role_edge = role; k->col_edge = c; }
    return ERG_OK;
}

static unsigned key_domain(const char *for_) {
    if (!for_ || !strcmp(for_, "all")) return FOR_ALL;
    if (!strcmp(for_, "node")) return FOR_NODE;
    if (!strcmp(for_, "edge")) return FOR_EDGE;
    if (!strcmp(for_, "graph")) return FOR_GRAPH;
    return FOR_OTHER; /* graphml, port, hyperedge...: no data erg keeps */
}

/* Reads erg's markers in a key's <desc> (see graphml_write.c). */
static void key_markers(gkey *k, const char *desc) {
    const char *d = desc;
    size_t dn = strlen(d);
    trim(&d, &dn);
    if (k->type == ERG_BOOL && dn == 12 && !memcmp(d, "erg:directed", 12)) k->directed = true;
    if (k->type != ERG_STRING) return;
    if (dn == 8 && !memcmp(d, "erg:date", 8)) k->type = ERG_DATE;
    else if (dn > 9 && !memcmp(d, "erg:list:", 9)) {
        erg_type t, e;
        char spec[32];
        snprintf(spec, sizeof spec, "%.*s[]", (int)(dn - 9 > 20 ? 20 : dn - 9), d + 9);
        if (!erg__parse_type(spec, strlen(spec), &t, &e)) { k->type = ERG_LIST; k->elem = e; }
    } else if (dn == 15 && !memcmp(d, "erg:sources-csv", 15)) {
        k->role_node = k->role_edge = GK_SOURCES;
    }
}

static bool convert(gr *r, gkey *k, char *text, size_t n, unsigned long line, unsigned long col, erg_value *v);

/* A <default> that its key's type cannot hold is reported once, at the
 * key's line, and dropped: not once per element it would have filled. */
static int check_default(gr *r, gkey *k, unsigned long line) {
    if (!k->def) return ERG_OK;
    r->text.len = 0;
    if (erg__buf_add(&r->text, k->def, k->deflen)) return ERG_ENOMEM;
    erg_value v;
    if (convert(r, k, r->text.p, r->text.len, line, 0, &v)) return ERG_OK;
    if (r->nomem) return ERG_ENOMEM;
    erg__mem(&r->g->a, k->def, k->deflen + 1, 0);
    k->def = NULL;
    r->ndefaults--;
    return ERG_OK;
}

/* Reads <key ...> with its <desc> and <default> children. */
static int read_key(gr *r) {
    unsigned long line = line_of(r), col = 0; /* no column: see line_of */
    char *id = attr(r, "id"), *for_ = attr(r, "for"), *name = attr(r, "attr.name"),
         *type = attr(r, "attr.type"), *yfiles = attr(r, "yfiles.type");
    char *desc = NULL, *def = NULL;
    int rc = ERG_OK;
    if (!xmlTextReaderIsEmptyElement(r->xr)) {
        int depth = xmlTextReaderDepth(r->xr);
        while (xmlTextReaderRead(r->xr) == 1 && xmlTextReaderDepth(r->xr) > depth) {
            if (xmlTextReaderNodeType(r->xr) != XML_READER_TYPE_ELEMENT) continue;
            const xmlChar *ln = xmlTextReaderConstLocalName(r->xr);
            if (is(ln, "desc") && !desc) desc = (char *)xmlTextReaderReadString(r->xr);
            else if (is(ln, "default") && !def) def = (char *)xmlTextReaderReadString(r->xr);
        }
    }
    unsigned dom = key_domain(for_);
    if (!id) {
        report(r, ERG_ERROR, line, col, "<key> without an id");
        goto done;
    }
    if (find_key(r, id, dom)) {
        report(r, ERG_ERROR, line, col, "duplicate key id '%s'", id);
        goto done;
    }
    if (yfiles) {
        if (!r->warned_yed)
            report(r, ERG_WARNING, line, col,
                   "yEd/yFiles graphics data (key '%s' and others like it) ignored, but for node labels", id);
        r->warned_yed = true;
    }
    if (erg__htab_reserve(&r->keyidx, &r->g->a, 1) ||
        erg__grow(&r->g->a, (void **)&r->keys, &r->keycap, (size_t)r->nkeys + 1, sizeof *r->keys)) {
        rc = ERG_ENOMEM;
        goto done;
    }
    gkey *k = &r->keys[r->nkeys];
    memset(k, 0, sizeof *k);
    k->idlen = strlen(id);
    if (!(k->id = copy(r, id, k->idlen))) { rc = ERG_ENOMEM; goto done; }
    erg__htab_insert(&r->keyidx, &r->g->a, erg__hash_bytes(id, k->idlen), r->nkeys); /* room reserved */
    r->nkeys++;
    k->for_ = dom;
    bool unknown;
    k->type = graphml_type(r, type, &unknown);
    if (unknown) report(r, ERG_WARNING, line, col, "key '%s': unknown attr.type '%s', read as string", id, type);
    k->elem = ERG_NULL;
    if (desc) key_markers(k, desc);
    if (def) {
        k->deflen = strlen(def);
        if (!(k->def = copy(r, def, k->deflen))) { rc = ERG_ENOMEM; goto done; }
        r->ndefaults++;
    }
    const char *nm = name ? name : id;
    uint32_t sid;
    if (erg__intern(r->g, nm, strlen(nm), &sid)) { rc = ERG_ENOMEM; goto done; }
    k->name_sid = sid;
    if (yfiles) { /* never bound to nodes or edges; node data read for labels */
        k->role_node = k->role_edge = GK_IGNORE;
        k->yfiles = true;
        goto done;
    }
    if (k->role_node == GK_SOURCES) goto done;
    if ((k->for_ & FOR_NODE) && (rc = bind_key(r, k, ERG_KIND_ENTITY, nm, line, col))) goto done;
    if ((k->for_ & FOR_EDGE) && (rc = bind_key(r, k, ERG_KIND_REL, nm, line, col))) goto done;
    rc = check_default(r, &r->keys[r->nkeys - 1], line);
done:
    xmlFree(id); xmlFree(for_); xmlFree(name); xmlFree(type); xmlFree(yfiles);
    xmlFree(desc); xmlFree(def);
    return rc;
}

/* ---- values -------------------------------------------------------------------- */
/* Converts text for key k into *v (strings and list items point into text,
 * which it may modify).  Reports and returns false on a bad value; returns
 * false with r->nomem set when out of memory. */
static bool convert(gr *r, gkey *k, char *text, size_t n, unsigned long line, unsigned long col, erg_value *v) {
    erg_type t = k->type;
    if (t == ERG_STRING) {
        *v = erg_strn(text, n);
        return true;
    }
    if (t == ERG_LIST) {
        size_t cnt = erg__list_count(text, n), got, bad;
        if (erg__grow(&r->g->a, (void **)&r->items, &r->itemcap, cnt, sizeof *r->items)) {
            r->nomem = true;
            return false;
        }
        int rc = erg__list_parse(text, n, k->elem, r->items, &got, &bad);
        if (rc) {
            report(r, ERG_ERROR, line, col, "key '%s': bad %s list '%.*s'", k->id, erg_type_name(k->elem),
                   (int)(n > 60 ? 60 : n), text);
            return false;
        }
        *v = erg_listv(k->elem, got ? r->items : NULL, got);
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
        /* GraphML floats may be written "1" or "1e3" (fine) or "NaN", "INF" */
        if (rc && t == ERG_FLOAT && m <= 9) {
            char low[10];
            for (size_t i = 0; i < m; i++) low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
            rc = erg__parse_float(low, m, &v->u.f);
            if (rc && m >= 8 && !memcmp(low + (m - 8), "infinity", 8)) {
                v->u.f = low[0] == '-' ? -1.0 / 0.0 : 1.0 / 0.0;
                rc = ERG_OK;
            }
            v->type = ERG_FLOAT;
        }
    }
    if (rc) {
        report(r, ERG_ERROR, line, col, "key '%s': '%.*s' is not a valid %s%s", k->id, (int)(m > 60 ? 60 : m), s,
               t == ERG_INT ? "integer" : t == ERG_FLOAT ? "number" : t == ERG_BOOL ? "boolean" : "date",
               rc == ERG_ELIMIT ? " (out of range)" : "");
        return false;
    }
    return true;
}

/* True for the yEd node realizers whose NodeLabel networkx reads. */
static bool yed_node(const xmlChar *ln) {
    return is(ln, "GenericNode") || is(ln, "ShapeNode") || is(ln, "SVGNode") || is(ln, "ImageNode");
}

/* Reads the text of the current <data> element into r->text.  Child
 * elements are yEd/yFiles markup, skipped with one warning; when label is
 * set, the text of the first y:NodeLabel of a y:ShapeNode (GenericNode,
 * SVGNode, ImageNode) goes to r->label, up to its first child element (what
 * networkx takes), and *got says one was found. */
static int data_text(gr *r, bool label, bool *got) {
    r->text.len = 0;
    r->label.len = 0;
    *got = false;
    if (erg__buf_add(&r->text, "", 0) || erg__buf_add(&r->label, "", 0)) return ERG_ENOMEM;
    if (xmlTextReaderIsEmptyElement(r->xr)) return ERG_OK;
    int depth = xmlTextReaderDepth(r->xr), in_label = -1;
    bool realizer = false;
    for (;;) {
        int ok = xmlTextReaderRead(r->xr);
        if (ok != 1) return ERG_EPARSE;
        int type = xmlTextReaderNodeType(r->xr), d = xmlTextReaderDepth(r->xr);
        if (type == XML_READER_TYPE_END_ELEMENT && d == depth) return ERG_OK;
        if (type == XML_READER_TYPE_END_ELEMENT && d == in_label) in_label = -1;
        if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
            type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE) {
            const char *v = (const char *)xmlTextReaderConstValue(r->xr);
            erg_buf *to = d == depth + 1 ? &r->text : in_label >= 0 && d == in_label + 1 ? &r->label : NULL;
            if (v && to && erg__buf_add(to, v, strlen(v))) return ERG_ENOMEM;
        } else if (type == XML_READER_TYPE_ELEMENT) {
            const xmlChar *ln = xmlTextReaderConstLocalName(r->xr);
            if (!r->warned_yed)
                report(r, ERG_WARNING, HERE(r), "markup inside <data> (yEd/yFiles graphics) ignored, but for node labels");
            r->warned_yed = true;
            if (d == depth + 1) realizer = yed_node(ln);
            if (in_label >= 0) {
                in_label = -1; /* the label's text ends at its first child */
            } else if (label && !*got && realizer && d == depth + 2 && is(ln, "NodeLabel")) {
                *got = true;
                if (!xmlTextReaderIsEmptyElement(r->xr)) in_label = d;
            }
        }
    }
}

/* ---- nodes and edges ------------------------------------------------------------- */
static int set_attr(gr *r, erg_kind kind, uint32_t col, uint32_t idx, erg_value *v) {
    if (v->type == ERG_STRING && r->vcache.slots && v->u.s.len <= sizeof r->vcache.slots->s) {
        uint32_t sid;
        if (erg__strcache_intern(r->g, &r->vcache, v->u.s.ptr, v->u.s.len, &sid)) return ERG_ENOMEM;
        return erg__cell_set_sid(r->g, kind, col, idx, sid) ? ERG_ENOMEM : ERG_OK;
    }
    return erg__cell_set(r->g, kind, col, idx, v) ? ERG_ENOMEM : ERG_OK;
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

/* The node or edge whose children are being read. */
typedef struct elem {
    erg_kind kind;
    uint32_t idx;
    enum name_rank rank; /* how the entity got its name so far */
} elem;

/* Names the entity by s when rank beats the name it has (a "name" key
 * beats a "label" key, which beats a yEd label); empty names nothing. */
static int offer_name(gr *r, elem *el, enum name_rank rank, const char *s, size_t n) {
    if (rank >= el->rank || n == 0) return ERG_OK;
    uint32_t sid;
    if (erg__intern(r->g, s, n, &sid)) return ERG_ENOMEM;
    erg_entity e = {el->idx, r->g->ents[el->idx].gen};
    el->rank = rank;
    return erg_entity_set_name(r->g, e, erg__str(r->g, sid)) ? ERG_ENOMEM : ERG_OK;
}

/* Keeps erg_ent.nboth right when a relationship read as directed turns out
 * undirected (its erg:directed data comes after the edge was added): the
 * store counts an undirected relationship or a self-loop on each end. */
static void set_directed(gr *r, uint32_t idx, bool directed) {
    erg_relrec *rel = &r->g->rels[idx];
    if (rel->directed == directed || rel->from == rel->to) {
        rel->directed = directed;
        return;
    }
    uint32_t delta = directed ? (uint32_t)-1 : 1;
    r->g->ents[rel->from].nboth += delta;
    r->g->ents[rel->to].nboth += delta;
    rel->directed = directed;
}

/* Handles one <data> of a node or edge already added. */
static int element_data(gr *r, elem *el) {
    unsigned long line = line_of(r), col = 0; /* the reader knows lines, not columns */
    erg_kind kind = el->kind;
    uint32_t idx = el->idx;
    unsigned need = kind == ERG_KIND_ENTITY ? FOR_NODE : FOR_EDGE;
    char *keyid = attr(r, "key");
    gkey *k = keyid ? find_key(r, keyid, need) : NULL;
    bool got_label;
    int rc = data_text(r, k && k->yfiles && kind == ERG_KIND_ENTITY && !r->has_name_key, &got_label);
    if (rc == ERG_ENOMEM) { xmlFree(keyid); return rc; }
    if (rc) { xmlFree(keyid); return ERG_EPARSE; }
    if (!k) {
        /* declared for another domain: nothing erg keeps, as igraph reads it */
        if (!keyid || !find_key(r, keyid, FOR_ALL))
            report(r, ERG_ERROR, line, col, "data refers to undeclared key '%s'", keyid ? keyid : "");
        xmlFree(keyid);
        return ERG_OK;
    }
    xmlFree(keyid);
    k->seen = r->stamp;
    if (got_label) return offer_name(r, el, NAME_YED, r->label.p, r->label.len);
    enum gk_role role = kind == ERG_KIND_ENTITY ? k->role_node : k->role_edge;
    if (role == GK_IGNORE || role == GK_SOURCES) return ERG_OK;
    erg_value v;
    char *text = r->text.p;
    size_t n = r->text.len;
    if (role == GK_ALIASES && k->type == ERG_STRING) {
        gkey lk = *k;
        lk.type = ERG_LIST;
        lk.elem = ERG_STRING;
        if (!convert(r, &lk, text, n, line, col, &v)) return r->nomem ? ERG_ENOMEM : ERG_OK;
    } else if (!convert(r, k, text, n, line, col, &v)) {
        return r->nomem ? ERG_ENOMEM : ERG_OK;
    }
    uint32_t sid;
    switch (role) {
    case GK_TYPE:
        if (v.u.s.len == 0) {
            report(r, ERG_ERROR, line, col, "empty type");
            return ERG_OK;
        }
        if (erg__strcache_intern(r->g, &r->vcache, v.u.s.ptr, v.u.s.len, &sid)) return ERG_ENOMEM;
        if (kind == ERG_KIND_ENTITY) r->g->ents[idx].type = sid;
        else r->g->rels[idx].type = sid;
        return ERG_OK;
    case GK_NAME: {
        if (erg__intern(r->g, v.u.s.ptr, v.u.s.len, &sid)) return ERG_ENOMEM;
        erg_entity e = {idx, r->g->ents[idx].gen};
        el->rank = NAME_KEY;
        return erg_entity_set_name(r->g, e, erg__str(r->g, sid)) ? ERG_ENOMEM : ERG_OK;
    }
    case GK_ALIASES: return add_aliases(r, idx, &v);
    case GK_DIRECTED: set_directed(r, idx, v.u.b); return ERG_OK;
    case GK_ATTR:
        if (k->label && kind == ERG_KIND_ENTITY && !r->has_name_key &&
            offer_name(r, el, NAME_LABEL, v.u.s.ptr, v.u.s.len))
            return ERG_ENOMEM;
        return set_attr(r, kind, kind == ERG_KIND_ENTITY ? k->col_node : k->col_edge, idx, &v);
    default: return ERG_OK;
    }
}

/* Applies <default> values of keys the element had no data for. */
static int defaults(gr *r, erg_kind kind, uint32_t idx) {
    unsigned need = kind == ERG_KIND_ENTITY ? FOR_NODE : FOR_EDGE;
    if (!r->ndefaults) return ERG_OK; /* many keys, no defaults: no loop per element */
    for (uint32_t i = 0; i < r->nkeys; i++) {
        gkey *k = &r->keys[i];
        enum gk_role role = kind == ERG_KIND_ENTITY ? k->role_node : k->role_edge;
        if (!k->def || k->seen == r->stamp || !(k->for_ & need) || role != GK_ATTR) continue;
        r->text.len = 0;
        if (erg__buf_add(&r->text, k->def, k->deflen)) return ERG_ENOMEM;
        erg_value v;
        if (!convert(r, k, r->text.p, r->text.len, 0, 0, &v)) {
            if (r->nomem) return ERG_ENOMEM;
            continue;
        }
        if (set_attr(r, kind, kind == ERG_KIND_ENTITY ? k->col_node : k->col_edge, idx, &v)) return ERG_ENOMEM;
    }
    return ERG_OK;
}

static int graph_body(gr *r, bool top);

/* Reads the children of a node or edge element.  A nested graph (after
 * the element's data, as the schema orders them) is flattened: its nodes
 * and edges join the one graph, as networkx reads yEd groups. */
static int children(gr *r, erg_kind kind, uint32_t idx) {
    elem el = {kind, idx, NAME_NONE};
    uint32_t stamp = ++r->stamp;
    bool done = false; /* defaults applied */
    if (!xmlTextReaderIsEmptyElement(r->xr)) {
        int depth = xmlTextReaderDepth(r->xr);
        for (;;) {
            int ok = xmlTextReaderRead(r->xr);
            if (ok != 1) return ERG_EPARSE;
            int type = xmlTextReaderNodeType(r->xr);
            if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r->xr) == depth) break;
            if (type != XML_READER_TYPE_ELEMENT) continue;
            const xmlChar *ln = xmlTextReaderConstLocalName(r->xr);
            int rc = ERG_OK;
            if (is(ln, "data")) {
                r->stamp = stamp; /* a nested graph's elements took stamps */
                rc = element_data(r, &el);
            } else if (is(ln, "port")) {
                if (!r->warned_port)
                    report(r, ERG_WARNING, HERE(r), "ports ignored: edges join the nodes (as networkx and igraph read them)");
                r->warned_port = true;
                if (skip(r) < 0) return ERG_EPARSE;
            } else if (is(ln, "graph")) {
                if (!r->warned_nested)
                    report(r, ERG_WARNING, HERE(r), "nested graph flattened: its nodes and edges join the graph");
                r->warned_nested = true;
                if (!done && (rc = defaults(r, kind, idx))) return rc;
                done = true;
                rc = graph_body(r, false);
            } else {
                if (skip(r) < 0) return ERG_EPARSE; /* desc, locator, extensions */
            }
            if (rc) return rc;
        }
    }
    r->stamp = stamp;
    return done ? ERG_OK : defaults(r, kind, idx);
}

/* The entity a <node> (or an edge's end) stands for when an edge named it
 * first: 1 + index - ent_base in implicit marks it. */
static bool implicit_at(gr *r, uint32_t idx) {
    return idx >= r->ent_base && idx - r->ent_base < r->nimplicit && r->implicit[idx - r->ent_base];
}

static int read_node(gr *r) {
    unsigned long line = line_of(r), col = 0; /* no column: see line_of */
    char *id = attr(r, "id");
    int rc = ERG_OK;
    if (!id || !*id) {
        report(r, ERG_ERROR, line, col, "node without an id");
        xmlFree(id);
        return skip(r) < 0 ? ERG_EPARSE : ERG_OK;
    }
    uint32_t sid, type, idx;
    if (erg__intern(r->g, id, strlen(id), &sid) || erg__intern(r->g, "entity", 6, &type)) {
        xmlFree(id);
        return ERG_ENOMEM;
    }
    idx = erg__ent_lookup(r->g, sid);
    if (idx != ERG_NONE && implicit_at(r, idx)) { /* an edge named it first */
        r->implicit[idx - r->ent_base] = 0;
        r->pending--;
        xmlFree(id);
        return children(r, ERG_KIND_ENTITY, idx);
    }
    rc = erg__ent_add(r->g, sid, type, 0, &idx);
    if (rc == ERG_EEXIST) {
        report(r, ERG_ERROR, line, col, "duplicate node id '%s'", id);
        xmlFree(id);
        return skip(r) < 0 ? ERG_EPARSE : ERG_OK;
    }
    xmlFree(id);
    if (rc) return rc;
    return children(r, ERG_KIND_ENTITY, idx);
}

/* Grows a zero-filled array of uint32_t-sized cells to hold index i. */
static int cover(gr *r, void **arr, uint32_t *n, uint32_t *cap, uint32_t i, size_t elsz) {
    if (i < *n) return ERG_OK;
    if (erg__grow(&r->g->a, arr, cap, (size_t)i + 1, elsz)) return ERG_ENOMEM;
    memset((char *)*arr + (size_t)*n * elsz, 0, ((size_t)i + 1 - *n) * elsz);
    *n = i + 1;
    return ERG_OK;
}

/* The entity an edge end names; a node not declared (yet) is added now,
 * as networkx and igraph add it, and marked until its <node> comes. */
static int node_ref(gr *r, const char *id, unsigned long line, uint32_t *idx) {
    uint32_t sid, type;
    size_t n = strlen(id);
    /* by the id index alone: a known node costs no trip through the pool */
    *idx = erg__ent_find_hashed(r->g, id, n, erg__hash_bytes(id, n));
    if (*idx != ERG_NONE) return ERG_OK;
    if (erg__intern(r->g, id, n, &sid)) return ERG_ENOMEM;
    if (erg__intern(r->g, "entity", 6, &type) || erg__ent_add(r->g, sid, type, 0, idx)) return ERG_ENOMEM;
    if (cover(r, (void **)&r->implicit, &r->nimplicit, &r->implicitcap, *idx - r->ent_base, sizeof *r->implicit))
        return ERG_ENOMEM;
    r->implicit[*idx - r->ent_base] = (uint32_t)(line < UINT32_MAX ? line : UINT32_MAX - 1) + 1;
    r->pending++;
    return ERG_OK;
}

typedef struct fidkey { const char *s; size_t n; } fidkey;

static bool fid_is(const void *ctx, uint32_t entry, const void *key) {
    const gr *r = ctx;
    const fidkey *k = key;
    const char *s = erg__str(r->g, r->fids[entry - r->rel_base].sid);
    return strlen(s) == k->n && !memcmp(s, k->s, k->n);
}

/* Notes relationship idx's id in the file; a second edge with the same id
 * marks both (their ids are settled in settle_ids). */
static int note_id(gr *r, uint32_t idx, uint32_t sid, const char *id, unsigned long line) {
    if (cover(r, (void **)&r->fids, &r->nfid, &r->fidcap, idx - r->rel_base, sizeof *r->fids) ||
        erg__htab_reserve(&r->fididx, &r->g->a, 1))
        return ERG_ENOMEM;
    fidkey k = {id, strlen(id)};
    uint32_t h = erg__hash_bytes(id, k.n), other = erg__htab_find(&r->fididx, h, fid_is, r, &k);
    r->fids[idx - r->rel_base].sid = sid;
    if (other == ERG_NONE) {
        erg__htab_insert(&r->fididx, &r->g->a, h, idx); /* room reserved */
        return ERG_OK;
    }
    r->fids[other - r->rel_base].dup = r->fids[idx - r->rel_base].dup = true;
    if (!r->warned_dupid)
        report(r, ERG_WARNING, line, 0,
               "edge id '%s' is used by more than one edge (and maybe others like it); "
               "those relationships get generated ids and keep the file's id as 'graphml.id'",
               id);
    r->warned_dupid = true;
    return ERG_OK;
}

static int read_edge(gr *r) {
    unsigned long line = line_of(r), col = 0; /* no column: see line_of */
    char *id = attr(r, "id"), *src = attr(r, "source"), *dst = attr(r, "target"), *dir = attr(r, "directed");
    char *sp = attr(r, "sourceport"), *tp = attr(r, "targetport");
    int rc = ERG_OK;
    uint32_t from, to, sid = 0, type, idx;
    bool directed = r->directed_default;
    if (!src || !dst) {
        report(r, ERG_ERROR, line, col, "edge without source or target");
        goto skip;
    }
    if ((sp || tp) && !r->warned_port)
        report(r, ERG_WARNING, line, col, "ports ignored: edges join the nodes (as networkx and igraph read them)");
    r->warned_port |= sp || tp;
    if (dir) {
        const char *d = dir;
        size_t n = strlen(d);
        bool b;
        trim(&d, &n);
        if (erg__parse_bool(d, n, &b)) {
            report(r, ERG_ERROR, line, col, "directed=\"%s\" is not true or false", dir);
            goto skip;
        }
        directed = b;
    }
    if (!r->related_to && erg__intern(r->g, "related_to", 10, &r->related_to)) {
        rc = ERG_ENOMEM;
        goto out;
    }
    type = r->related_to;
    /* file ids are given once the file is read: only ids already in the
     * graph can clash now */
    if (id && *id && erg__rel_find(r->g, id, strlen(id)) != ERG_NONE) {
        report(r, ERG_ERROR, line, col, "duplicate edge id '%s' (a relationship of the graph has it)", id);
        goto skip;
    }
    if (id && *id) {
        /* kept outside the pool's index, as the CSV reader keeps them */
        int prc = erg__pool_add(&r->g->pool, &r->g->a, id, strlen(id), &sid);
        if (prc == ERG_ELIMIT) {
            erg__err(r->g, prc, "too many strings or a string over 4 GiB");
            rc = prc;
            goto out;
        }
        if (prc) {
            rc = ERG_ENOMEM;
            goto out;
        }
    }
    if ((rc = node_ref(r, src, line, &from)) || (rc = node_ref(r, dst, line, &to))) goto out;
    if ((rc = erg__rel_add(r->g, 0, from, to, type, directed, &idx))) goto out;
    if (idx - r->rel_base == 1024) erg__strcache_on(r->g, &r->vcache); /* big enough to repay it */
    if (sid && (rc = note_id(r, idx, sid, id, line))) goto out;
    rc = children(r, ERG_KIND_REL, idx);
    goto out;
skip:
    if (skip(r) < 0) rc = ERG_EPARSE;
out:
    xmlFree(id); xmlFree(src); xmlFree(dst); xmlFree(dir); xmlFree(sp); xmlFree(tp);
    return rc;
}

static int graph_data(gr *r) {
    unsigned long line = line_of(r), col = 0; /* no column: see line_of */
    char *keyid = attr(r, "key");
    bool got_label;
    int rc = data_text(r, false, &got_label);
    gkey *k = keyid ? find_key(r, keyid, FOR_GRAPH) : NULL;
    bool elsewhere = !k && keyid && find_key(r, keyid, FOR_ALL);
    xmlFree(keyid);
    if (rc) return rc;
    if (!k) {
        if (!elsewhere) report(r, ERG_ERROR, line, col, "data refers to an undeclared key");
        return ERG_OK;
    }
    if (k->role_node == GK_SOURCES) {
        char label[4200];
        snprintf(label, sizeof label, "%s (embedded sources.csv)", r->path);
        unsigned long before = r->d.errors;
        rc = erg__csv_read_sources_mem(r->g, label, r->text.p, r->text.len, &r->d);
        if (r->d.errors > before && r->g->errcode == ERG_EPARSE) return ERG_OK; /* counted */
        return rc;
    }
    if (k->type == ERG_LIST || k->yfiles) return ERG_OK;
    return erg_graph_set_meta(r->g, erg__str(r->g, k->name_sid), r->text.p) ? ERG_ENOMEM : ERG_OK;
}

/* Reads the children of a <graph>: the top one (top) or one nested in a
 * node or edge, whose nodes and edges join it (its own data is dropped). */
static int graph_body(gr *r, bool top) {
    if (xmlTextReaderIsEmptyElement(r->xr)) return ERG_OK;
    int depth = xmlTextReaderDepth(r->xr);
    for (;;) {
        int ok = xmlTextReaderRead(r->xr);
        if (ok != 1) return ERG_EPARSE;
        int type = xmlTextReaderNodeType(r->xr), rc = ERG_OK;
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r->xr) == depth) return ERG_OK;
        if (type != XML_READER_TYPE_ELEMENT) continue;
        const xmlChar *ln = xmlTextReaderConstLocalName(r->xr);
        if (++r->tick == 4096) { /* progress by bytes parsed, now and then */
            r->tick = 0;
            long done = xmlTextReaderByteConsumed(r->xr);
            erg__progress(r->g, "reading GraphML", done > 0 ? (uint64_t)done : 0, r->size);
        }
        if (is(ln, "node")) rc = read_node(r);
        else if (is(ln, "edge")) rc = read_edge(r);
        else if (is(ln, "data") && top) rc = graph_data(r);
        else if (is(ln, "hyperedge")) {
            report(r, ERG_ERROR, HERE(r), "hyperedges are not supported (an erg relationship joins two entities)");
            if (skip(r) < 0) return ERG_EPARSE;
        } else if (skip(r) < 0) {
            return ERG_EPARSE;
        }
        if (rc) return rc;
    }
}

/* ---- the document ------------------------------------------------------------ */
static int document(gr *r) {
    int ok, rc = ERG_OK;
    bool root_seen = false;
    while ((ok = xmlTextReaderRead(r->xr)) == 1) {
        if (xmlTextReaderNodeType(r->xr) != XML_READER_TYPE_ELEMENT) continue;
        const xmlChar *ln = xmlTextReaderConstLocalName(r->xr);
        int depth = xmlTextReaderDepth(r->xr);
        if (!root_seen) {
            root_seen = true;
            if (!is(ln, "graphml")) {
                report(r, ERG_ERROR, HERE(r), "not GraphML: the root element is <%s>, not <graphml>", (const char *)ln);
                return ERG_EPARSE;
            }
            continue;
        }
        if (is(ln, "key") && depth == 1) rc = read_key(r);
        else if (is(ln, "graph") && depth == 1) {
            if (++r->graphs > 1) {
                report(r, ERG_ERROR, HERE(r), "more than one graph in the file; erg reads one");
                if (skip(r) < 0) return ERG_EPARSE;
                continue;
            }
            char *ed = attr(r, "edgedefault");
            r->directed_default = !(ed && !strcmp(ed, "undirected"));
            xmlFree(ed);
            if (!r->warned_parse) {
                char *pn = attr(r, "parse.nodes");
                if (pn) r->warned_parse = true;
                xmlFree(pn);
            }
            rc = graph_body(r, true);
        } else if (skip(r) < 0) {
            return ERG_EPARSE;
        }
        if (rc == ERG_ENOMEM) return rc;
        if (rc == ERG_EPARSE) break;
    }
    if (ok < 0 || rc == ERG_EPARSE || r->xml_error[0]) {
        if (r->xml_nomem) return ERG_ENOMEM;
        if (r->xml_error[0]) report(r, ERG_ERROR, r->xml_line, r->xml_col, "malformed XML: %s", r->xml_error);
        else if (r->d.errors == 0) report(r, ERG_ERROR, HERE(r), "malformed XML");
        return ERG_EPARSE;
    }
    if (!root_seen) {
        report(r, ERG_ERROR, 1, 1, "empty file (no <graphml> element)");
        return ERG_EPARSE;
    }
    return ERG_OK;
}

/* Once the file is read: edge ids used once become relationship ids, the
 * others go to the attribute graphml.id (generated ids follow in
 * erg__rel_assign_ids); nodes that edges named but no <node> declared are
 * reported. */
static int settle(gr *r) {
    erg_graph *g = r->g;
    uint32_t col = ERG_NONE;
    for (uint32_t i = 0; i < r->nfid; i++) {
        fileid *f = &r->fids[i];
        uint32_t idx = r->rel_base + i;
        if (!f->sid) continue;
        if (!f->dup) {
            g->rels[idx].id = f->sid;
            if (erg__rel_index(g, idx)) {
                g->rels[idx].id = 0;
                return ERG_ENOMEM;
            }
            continue;
        }
        if (col == ERG_NONE) {
            uint32_t name;
            if (erg__intern(g, "graphml.id", 10, &name)) return ERG_ENOMEM;
            if (erg__col_declare(g, ERG_KIND_REL, name, ERG_STRING, ERG_NULL, &col)) {
                if (g->errcode == ERG_ENOMEM) return ERG_ENOMEM;
                report(r, ERG_ERROR, 0, 0, "%s", erg_errmsg(g));
                return ERG_EPARSE;
            }
        }
        /* a cell's string is an interned one: the id's bytes through the pool's index */
        erg_value v;
        uint32_t vsid;
        const char *s = erg__str(g, f->sid);
        if (!erg__cell_get(g, ERG_KIND_REL, col, idx, &v) &&
            (erg__intern(g, s, strlen(s), &vsid) || erg__cell_set_sid(g, ERG_KIND_REL, col, idx, vsid)))
            return ERG_ENOMEM;
    }
    for (uint32_t i = 0; r->pending && i < r->nimplicit; i++)
        if (r->implicit[i])
            report(r, ERG_WARNING, r->implicit[i] - 1, 0,
                   "edge names node '%s', which the file does not declare; added as an entity of type 'entity'",
                   erg__str(g, g->ents[r->ent_base + i].id));
    return ERG_OK;
}

int erg__graphml_read(erg_graph *g, const char *path, erg_diag_fn diag, void *ud) {
    gr r;
    memset(&r, 0, sizeof r);
    r.g = g;
    r.path = path;
    erg__diags_init(&r.d, g, diag, ud);
    r.directed_default = true;
    erg__buf_init(&r.text, &g->a);
    erg__buf_init(&r.label, &g->a);
    erg_mark m = erg__mark(g);
    r.ent_base = m.nent;
    r.rel_base = m.nrel;
    const char *why;
    int rc = ERG_OK, fd = erg__open_input(path, NULL, &why);
    if (fd < 0) rc = erg__err(g, ERG_EIO, "%s: %s", path, why);
    struct stat st;
    if (rc == ERG_OK && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) r.size = (uint64_t)st.st_size;
    if (rc == ERG_OK) {
        /* Out of memory while the reader is being made, libxml2 reports
         * through this thread's fallback handlers, which print: ours stand
         * in meanwhile, the caller's are put back after.  The reader gets
         * a descriptor, not the path: libxml2 2.9 leaks a block when the
         * copy of a file name fails. */
        xmlStructuredErrorFunc saved_fn = xmlStructuredError;
        void *saved_ctx = xmlStructuredErrorContext;
        xmlGenericErrorFunc saved_gfn = xmlGenericError;
        void *saved_gctx = xmlGenericErrorContext;
        xmlSetStructuredErrorFunc(&r, on_xml_error);
        xmlSetGenericErrorFunc(NULL, quiet_xml);
        rc = check_prolog(&r, fd);
        if (!rc) r.xr = xmlReaderForFd(fd, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
        if (!rc && !r.xr) {
            rc = ERG_ENOMEM; /* the file is open: memory is what it lacked */
        } else if (!rc) {
            xmlTextReaderSetStructuredErrorHandler(r.xr, on_xml_error, &r);
            rc = document(&r);
            xmlFreeTextReader(r.xr);
        }
        xmlSetGenericErrorFunc(saved_gctx, saved_gfn);
        xmlSetStructuredErrorFunc(saved_ctx, saved_fn);
    }
    if (fd >= 0) close(fd);
    if (!rc && !r.d.errors) rc = settle(&r);
    if (!rc && !r.d.errors) rc = erg__rel_assign_ids(g, m.nrel);
    if (!rc && !r.d.errors) erg__trim(g);
    free_keys(&r);
    erg__mem(&g->a, r.items, (size_t)r.itemcap * sizeof *r.items, 0);
    erg__mem(&g->a, r.fids, (size_t)r.fidcap * sizeof *r.fids, 0);
    erg__mem(&g->a, r.implicit, (size_t)r.implicitcap * sizeof *r.implicit, 0);
    erg__htab_free(&r.fididx, &g->a);
    erg__strcache_free(g, &r.vcache);
    erg__buf_free(&r.text);
    erg__buf_free(&r.label);
    if (rc || r.d.errors) {
        int code = rc == ERG_ENOMEM || r.xml_nomem ? ERG_ENOMEM : rc == ERG_EIO ? ERG_EIO : ERG_EPARSE;
        if (code == ERG_ENOMEM) erg__nomem(g);
        return erg__diags_fail(&r.d, code, path, &m);
    }
    return ERG_OK;
}
