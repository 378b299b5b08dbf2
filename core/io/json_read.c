/*
 * json_read.c -- reads JSON graphs, all or nothing: networkx node-link
 * (node_link_data) and Cytoscape.js elements (networkx cytoscape_data,
 * Cytoscape desktop's .cyjs), parsed whole with jansson.
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
 * Errors.  jansson gives syntax errors a line and column (FILE:LINE:COL);
 * its parse tree keeps no positions, so structural errors name the
 * element by its path (FILE: links[3]: unknown target node 'x').
 * Duplicate object keys are refused (JSON_REJECT_DUPLICATES), as are
 * \u0000 in strings and nesting deeper than jansson's 2048 levels;
 * integers beyond 64 bits are a syntax error.  The document is held in
 * memory whole while read: jansson allocates it with malloc, not the
 * graph's allocator hook (like libxml2 for GraphML).
 */
#include "io.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_DIAGS 50

/* Kinds of JSON value seen under one attribute name (bits). */
enum { K_BOOL = 1, K_INT = 2, K_REAL = 4, K_STRING = 8, K_OTHER = 16 };

typedef struct aspec {
    const char *key;     /* as written (points into the document) */
    unsigned scalars;    /* kinds of the scalar values */
    unsigned elems;      /* kinds of the array elements */
    bool arrays, other;  /* arrays seen; objects or nested arrays seen */
    erg_type type, elem; /* the erg type chosen */
    bool as_json;        /* values kept as JSON text */
    bool fixed;          /* type given by the file's "erg" member */
    uint32_t col;
    bool skip;           /* declaring it failed (reported) */
} aspec;

typedef struct elem {
    json_t *obj;   /* the attribute object (the element, or its "data") */
    size_t index;  /* in its array */
} elem;

typedef struct vref { uint32_t sid, ent; } vref;

typedef struct jr {
    erg_graph *g;
    const char *path;
    erg_diag_fn diag;
    void *ud;
    int nerr, ndiag;
    bool cyto;
    const char *node_arr, *edge_arr; /* names for messages: "nodes", "links" */
    elem *nodes, *edges;
    uint32_t nnodes, nodecap, nedges, edgecap;
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

static int push_elem(jr *r, erg_kind k, json_t *obj, size_t index) {
    elem **arr = k == ERG_KIND_ENTITY ? &r->nodes : &r->edges;
    uint32_t *n = k == ERG_KIND_ENTITY ? &r->nnodes : &r->nedges;
    uint32_t *cap = k == ERG_KIND_ENTITY ? &r->nodecap : &r->edgecap;
    if (erg__grow(&r->g->a, (void **)arr, cap, (size_t)*n + 1, sizeof **arr)) return ERG_ENOMEM;
    (*arr)[(*n)++] = (elem){obj, index};
    return ERG_OK;
}

/* ---- the shape of the document ---------------------------------------------- */
/* A Cytoscape element: its "data" object, pushed as a node or an edge. */
static int cyto_element(jr *r, json_t *el, size_t i, int group, const char *arr) {
    json_t *data = json_object_get(el, "data");
    if (!json_is_object(el) || !json_is_object(data)) {
        report(r, ERG_ERROR, 0, 0, "%s[%zu]: an element needs a \"data\" object", arr, i);
        return ERG_OK;
    }
    if (!group) {
        const char *g = jstr(el, "group");
        if (g && !strcmp(g, "nodes")) group = 1;
        else if (g && !strcmp(g, "edges")) group = 2;
        else if (g) {
            report(r, ERG_ERROR, 0, 0, "%s[%zu]: unknown group '%s' (nodes or edges)", arr, i, g);
            return ERG_OK;
        } else {
            group = json_object_get(data, "source") && json_object_get(data, "target") ? 2 : 1;
        }
    }
    return push_elem(r, group == 1 ? ERG_KIND_ENTITY : ERG_KIND_REL, data, i);
}

static int cyto_array(jr *r, json_t *arr, int group, const char *name) {
    size_t i;
    json_t *el;
    json_array_foreach(arr, i, el) {
        int rc = cyto_element(r, el, i, group, name);
        if (rc) return rc;
    }
    return ERG_OK;
}

/* Finds the node and edge arrays; false (reported) when it is no graph. */
static int shape(jr *r, json_t *root, bool *ok) {
    *ok = true;
    json_t *els = json_is_object(root) ? json_object_get(root, "elements") : root;
    if (json_is_array(els)) {
        r->cyto = true;
        r->node_arr = r->edge_arr = json_is_array(root) ? "" : "elements";
        return cyto_array(r, els, 0, r->node_arr);
    }
    if (json_is_object(els)) {
        json_t *n = json_object_get(els, "nodes"), *e = json_object_get(els, "edges");
        r->cyto = true;
        r->node_arr = "elements.nodes";
        r->edge_arr = "elements.edges";
        if ((n && !json_is_array(n)) || (e && !json_is_array(e))) {
            report(r, ERG_ERROR, 0, 0, "elements.nodes and elements.edges must be arrays");
            *ok = false;
            return ERG_OK;
        }
        int rc = n ? cyto_array(r, n, 1, r->node_arr) : ERG_OK;
        return rc ? rc : e ? cyto_array(r, e, 2, r->edge_arr) : ERG_OK;
    }
    json_t *nodes = json_is_object(root) ? json_object_get(root, "nodes") : NULL;
    json_t *links = nodes ? json_object_get(root, "links") : NULL;
    r->edge_arr = "links";
    if (nodes && !links && (links = json_object_get(root, "edges"))) r->edge_arr = "edges";
    r->node_arr = "nodes";
    if (!json_is_array(nodes) || (links && !json_is_array(links))) {
        report(r, ERG_ERROR, 0, 0,
               nodes ? "\"nodes\" and \"%s\" must be arrays"
                     : "not a graph: expected networkx node-link (\"nodes\" and \"links\") or Cytoscape (\"elements\")%s",
               nodes ? r->edge_arr : "");
        *ok = false;
        return ERG_OK;
    }
    size_t i;
    json_t *el;
    json_array_foreach(nodes, i, el) {
        if (!json_is_object(el)) report(r, ERG_ERROR, 0, 0, "nodes[%zu]: a node must be an object", i);
        else if (push_elem(r, ERG_KIND_ENTITY, el, i)) return ERG_ENOMEM;
    }
    json_array_foreach(links, i, el) {
        if (!json_is_object(el)) report(r, ERG_ERROR, 0, 0, "%s[%zu]: a link must be an object", r->edge_arr, i);
        else if (push_elem(r, ERG_KIND_REL, el, i)) return ERG_ENOMEM;
    }
    return ERG_OK;
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
    aspec *s = &r->specs[k][r->nspecs[k]++];
    memset(s, 0, sizeof *s);
    s->key = key;
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
static int declare_attrs(jr *r, erg_kind k) {
    const elem *els = k == ERG_KIND_ENTITY ? r->nodes : r->edges;
    uint32_t n = k == ERG_KIND_ENTITY ? r->nnodes : r->nedges;
    int rc = ERG_OK;
    /* declared first, so that their columns keep the exporter's order */
    const char *key;
    json_t *v;
    json_object_foreach(r->schema[k], key, v) {
        aspec *s = spec_for(r, k, key);
        if (!s) { rc = ERG_ENOMEM; goto out; }
    }
    for (uint32_t i = 0; i < n; i++) {
        json_t *nf = json_object_get(els[i].obj, "erg.nonfinite");
        json_object_foreach(els[i].obj, key, v) {
            if (is_field(r, k, els[i].obj, key, v)) continue;
            aspec *s = spec_for(r, k, key);
            if (!s) { rc = ERG_ENOMEM; goto out; }
            if (!json_object_get(nf, key)) observe(s, v);
        }
        json_object_foreach(nf, key, v) {
            aspec *s = spec_for(r, k, key);
            if (!s) { rc = ERG_ENOMEM; goto out; }
            observe_marker(s, v);
        }
    }
    for (uint32_t i = 0; i < r->nspecs[k]; i++) {
        aspec *s = &r->specs[k][i];
        if (!schema_type(r, k, s)) choose_type(s);
        if (s->as_json)
            report(r, ERG_WARNING, 0, 0, "%s attribute '%s' holds %s; kept as JSON text (a string)",
                   k == ERG_KIND_ENTITY ? "node" : "link", s->key, kinds_text(s->scalars | s->elems, s->arrays, s->other));
        char buf[300];
        const char *name = attr_name(r, k, s, buf, sizeof buf);
        uint32_t sid;
        if (erg__intern(r->g, name, strlen(name), &sid)) { rc = ERG_ENOMEM; goto out; }
        if (erg__col_declare(r->g, k, sid, s->type, s->elem, &s->col)) {
            if (r->g->errcode == ERG_ENOMEM) { rc = ERG_ENOMEM; goto out; }
            report(r, ERG_ERROR, 0, 0, "%s attribute '%s': %s", k == ERG_KIND_ENTITY ? "node" : "link", s->key,
                   erg_errmsg(r->g));
            s->skip = true;
        }
    }
out:
    return rc;
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
    where(r, ERG_KIND_REL, e, at, sizeof at);
    if (!sv || !tv) {
        report(r, ERG_ERROR, 0, 0, "%s: link without %s", at, sv ? "a target" : "a source");
        return ERG_OK;
    }
    uint32_t from = endpoint(r, sv, &src, sbuf), to = endpoint(r, tv, &dst, tbuf);
    if (from == ERG_NONE || to == ERG_NONE) {
        bool s = from == ERG_NONE;
        const char *t = s ? src : dst;
        if (t) report(r, ERG_ERROR, 0, 0, "%s: unknown %s node '%s'", at, s ? "source" : "target", t);
        else report(r, ERG_ERROR, 0, 0, "%s: the %s must be a node id (a string or a number)", at, s ? "source" : "target");
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
        report(r, ERG_WARNING, 0, 0, "%s: key '%s' already names a relationship; an id is generated", at, id);
        sid = 0;
    }
    int rc = erg__rel_add(r->g, sid, from, to, tsid, directed, &idx);
    if (rc == ERG_EEXIST) {
        report(r, ERG_ERROR, 0, 0, "%s: duplicate relationship id '%s'", at, id);
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

static int graph_meta(jr *r, const json_t *root) {
    const json_t *m = json_is_object(root) ? json_object_get(root, r->cyto ? "data" : "graph") : NULL;
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
static int erg_member(jr *r, const json_t *root) {
    const json_t *m = json_is_object(root) ? json_object_get(root, "erg") : NULL;
    if (!json_is_object(m)) return ERG_OK;
    json_t *na = json_object_get(m, "node_attributes"), *la = json_object_get(m, "link_attributes");
    r->schema[ERG_KIND_ENTITY] = json_is_object(na) ? na : NULL;
    r->schema[ERG_KIND_REL] = json_is_object(la) ? la : NULL;
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

static bool default_directed(const jr *r, const json_t *root) {
    const json_t *d = json_is_object(root) ? json_object_get(root, "directed") : NULL;
    if (json_is_boolean(d)) return json_is_true(d);
    return r->cyto; /* networkx's node_link_graph: undirected; Cytoscape: arrows */
}

static int document(jr *r, json_t *root) {
    bool ok;
    int rc = shape(r, root, &ok);
    if (rc || !ok || r->nerr) return rc;
    if ((rc = erg_member(r, root)) || r->nerr) return rc;
    if ((rc = graph_meta(r, root))) return rc;
    if ((rc = declare_attrs(r, ERG_KIND_ENTITY)) || (rc = declare_attrs(r, ERG_KIND_REL))) return rc;
    if (r->nerr) return ERG_OK;
    erg__reserve(r->g, ERG_KIND_ENTITY, r->nnodes);
    erg__reserve(r->g, ERG_KIND_REL, r->nedges);
    for (uint32_t i = 0; i < r->nnodes && r->nerr < MAX_DIAGS; i++)
        if ((rc = read_node(r, &r->nodes[i]))) return rc;
    bool directed = default_directed(r, root);
    for (uint32_t i = 0; i < r->nedges && r->nerr < MAX_DIAGS; i++)
        if ((rc = read_link(r, &r->edges[i], directed))) return rc;
    return ERG_OK;
}

static void jr_free(jr *r) {
    const erg_alloc *a = &r->g->a;
    erg__mem(a, r->nodes, (size_t)r->nodecap * sizeof *r->nodes, 0);
    erg__mem(a, r->edges, (size_t)r->edgecap * sizeof *r->edges, 0);
    for (int k = 0; k < 2; k++) {
        erg__mem(a, r->specs[k], (size_t)r->speccap[k] * sizeof(aspec), 0);
        erg__htab_free(&r->specidx[k], a);
    }
    erg__mem(a, r->items, (size_t)r->itemcap * sizeof *r->items, 0);
    erg__mem(a, r->vrefs, (size_t)r->vrefcap * sizeof *r->vrefs, 0);
    erg__htab_free(&r->byvalue, a);
    erg__buf_free(&r->text);
}

/* The whole of a regular file, in memory bounded by its size when opened
 * (a file that grows meanwhile is read as it was). */
static int slurp(erg_graph *g, const char *path, char **text, size_t *len, size_t *cap) {
    uint64_t size;
    const char *why;
    int fd = erg__open_input(path, &size, &why);
    if (fd < 0)
        return errno == ENOENT || errno == EACCES ? erg__err(g, ERG_EIO, "%s: cannot open: %s", path, why)
                                                  : erg__err(g, ERG_EIO, "%s: %s", path, why);
    if (size >= SIZE_MAX) {
        close(fd);
        return erg__err(g, ERG_ELIMIT, "%s: too large to read", path);
    }
    char *buf = erg__mem(&g->a, NULL, 0, (size_t)size + 1);
    if (!buf) {
        close(fd);
        return ERG_ENOMEM;
    }
    size_t n = 0;
    while (n < size) {
        ssize_t got = read(fd, buf + n, (size_t)size - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int rc = erg__err(g, ERG_EIO, "%s: %s", path, strerror(errno));
            erg__mem(&g->a, buf, (size_t)size + 1, 0);
            close(fd);
            return rc;
        }
        if (got == 0) break; /* shrank meanwhile */
        n += (size_t)got;
    }
    close(fd);
    buf[n] = '\0';
    *text = buf;
    *len = n;
    *cap = (size_t)size + 1;
    return ERG_OK;
}

/* jansson counts lines by LF only; where a lone CR (old Mac line ends)
 * comes before the error's byte position, the line and column are counted
 * again with CR, LF and CRLF each one line end, the column in characters
 * as jansson counts it. */
static void lone_cr_position(const char *text, size_t len, int pos, unsigned long *line, unsigned long *col) {
    size_t end = pos > 0 && (size_t)pos <= len ? (size_t)pos : 0;
    bool lone = false;
    for (size_t i = 0; i < end && !lone; i++) lone = text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n');
    if (!lone) return;
    unsigned long l = 1, c = 0;
    for (size_t i = 0; i < end; i++) {
        char ch = text[i];
        if (ch == '\n' || (ch == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) l++, c = 0;
        else if (ch != '\r' && ((unsigned char)ch & 0xC0) != 0x80) c++;
    }
    *line = l;
    *col = c ? c : 1;
}

int erg__json_read(erg_graph *g, const char *path, erg_diag_fn diag, void *ud) {
    jr r;
    memset(&r, 0, sizeof r);
    r.g = g;
    r.path = path;
    r.diag = diag;
    r.ud = ud;
    erg__buf_init(&r.text, &g->a);
    erg_mark m = erg__mark(g);
    json_error_t je;
    int rc = ERG_OK;
    json_t *root = NULL;
    char *text = NULL;
    size_t len = 0, cap = 0;
    rc = slurp(g, path, &text, &len, &cap);
    if (!rc) {
        root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
        if (!root && json_error_code(&je) == json_error_out_of_memory) rc = ERG_ENOMEM;
        else if (!root) {
            unsigned long line = (unsigned long)(je.line > 0 ? je.line : 1);
            unsigned long col = (unsigned long)(je.column > 0 ? je.column : 1);
            lone_cr_position(text, len, je.position, &line, &col);
            report(&r, ERG_ERROR, line, col, "malformed JSON: %s", je.text);
        } else rc = document(&r, root);
        erg__mem(&g->a, text, cap, 0);
    }
    if (!rc && !r.nerr) rc = erg__rel_assign_ids(g, m.nrel);
    if (!rc && !r.nerr) erg__trim(g);
    jr_free(&r);
    json_decref(root);
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
