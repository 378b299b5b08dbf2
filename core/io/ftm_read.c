/*
 * ftm_read.c -- reads a FollowTheMoney entity stream (OpenSanctions bulk
 * files, Aleph exports: one JSON object a line) into a graph, all or
 * nothing, one line at a time (jansson parses each line; the file is never
 * held whole).
 *
 * Mapping (README.md, "FollowTheMoney", says the same for users):
 *  - A line whose schema FollowTheMoney marks as an edge (Ownership,
 *    Directorship, Payment, Family...) becomes one relationship per
 *    (source value, target value) pair of the schema's edge properties;
 *    the relationship id is the entity id (then ID#2, ID#3... with the
 *    entity id in attribute ftm_id when there are several pairs).  Any
 *    other line becomes an entity.  Type: the schema name in snake_case.
 *  - Entity name: the first "name"; the other names (also kept in
 *    name_more), "alias" and "weakAlias" values become aliases.
 *  - Entity-valued properties of entities (addressEntity, parent...)
 *    become relationships of that property's name in snake_case.
 *  - Other properties become attributes named as the property ("ftm."
 *    prefixed when erg reserves the name, e.g. ftm.type), typed by the
 *    property's type so that an attribute has one type in every graph:
 *    dates and numbers are scalars (date, float) holding the first value,
 *    further values in NAME_more (a list); everything else is a list of
 *    strings, even with one value.
 *  - "schema" is kept as attribute schema; datasets, referents (lists),
 *    first_seen, last_seen, last_change, caption (strings) and target
 *    (bool) as attributes of those names.
 *  - An entity named by a relationship but absent from the file is added
 *    as a placeholder (type from the property's range, attribute
 *    placeholder = true) with a warning.  Entities may come after the
 *    relationships that name them (OpenSanctions sorts by id).
 *  - An "erg" member carries what FollowTheMoney cannot say about a graph
 *    erg wrote (ftm_write.c): {"native": true} for objects that were not
 *    FollowTheMoney-born (their properties are then ignored but for the
 *    name, aliases and endpoints), "type", "directed", "aliases",
 *    "attributes" ({"NAME:TYPE": value}, types as in CSV headers) and
 *    "kind": "source" for an erg source.
 */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DIAGS 50
#define CHUNK 65536
#define MAX_LINE (64u << 20)

typedef struct phref { /* an entity added as a placeholder */
    uint32_t ent;
    unsigned long line;
    const char *range;
} phref;

typedef struct fr {
    erg_graph *g;
    const char *path;
    erg_diag_fn diag;
    void *ud;
    int nerr, ndiag;
    char first[sizeof ((erg_graph *)0)->errmsg]; /* the first error's text */
    unsigned long line;
    const char *text; /* the current line, for columns */
    size_t textlen;
    uint32_t base_ent;     /* entities before this import */
    uint64_t *ph;          /* bit i: entity base_ent+i is an unfilled placeholder */
    uint32_t phcap;        /* words */
    phref *refs;
    uint32_t nrefs, refcap;
    erg_value *items;
    uint32_t itemcap;
    erg_buf name;          /* attribute names and relationship ids being built */
    bool warned_member, warned_prop;
} fr;

/* What an "erg" member says (see the head comment). */
typedef struct ext {
    bool native, source;
    const char *type;
    int directed; /* -1: the schema's */
    json_t *aliases, *attrs;
} ext;

/* ---- diagnostics ------------------------------------------------------------ */
static void report(fr *r, erg_severity sev, unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(fr *r, erg_severity sev, unsigned long col, const char *fmt, ...) {
    char reason[600], text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    if (col) snprintf(text, sizeof text, "%s:%lu:%lu: %s", r->path, r->line, col, reason);
    else snprintf(text, sizeof text, "%s:%lu: %s", r->path, r->line, reason);
    if (sev == ERG_ERROR && r->nerr++ == 0) snprintf(r->first, sizeof r->first, "%s", text);
    if (r->diag && r->ndiag < MAX_DIAGS) {
        erg_diag d = {sev, r->path, r->line, col, reason, text};
        r->diag(r->ud, &d);
    }
    r->ndiag++;
}

/* A failure of a store call: out of memory stops the import, anything
 * else (a type clash, say) is a problem of this line. */
static int store_failed(fr *r, unsigned long col) {
    if (erg_errcode(r->g) == ERG_ENOMEM) return ERG_ENOMEM;
    report(r, ERG_ERROR, col, "%s", erg_errmsg(r->g));
    return ERG_OK;
}

/* Column (in characters, as jansson counts) of the value of top-level
 * member key, or of member sub inside it; 0 when not found.  A small scan
 * of the line's text: jansson's tree keeps no positions. */
static unsigned long member_col(const fr *r, const char *key, const char *sub) {
    const char *s = r->text, *end = s + r->textlen;
    int depth = 0, want = 1;
    const char *in = NULL; /* where key's value starts, when looking for sub */
    for (const char *p = s; p < end; p++) {
        if (*p == '{' || *p == '[') depth++;
        else if (*p == '}' || *p == ']') {
            if (in && depth == 2) return 0; /* key's object ended without sub */
            depth--;
        } else if (*p == '"') {
            const char *q = p + 1;
            while (q < end && *q != '"') q += *q == '\\' ? 2 : 1;
            if (q >= end) return 0;
            const char *c = q + 1;
            while (c < end && (*c == ' ' || *c == '\t')) c++;
            const char *look = in ? sub : key;
            if (c < end && *c == ':' && depth == want && (size_t)(q - p - 1) == strlen(look) &&
                !memcmp(p + 1, look, (size_t)(q - p - 1))) {
                c++;
                while (c < end && (*c == ' ' || *c == '\t')) c++;
                if (in || !sub) {
                    unsigned long col = 1;
                    for (const char *k = s; k < c; k++) col += ((unsigned char)*k & 0xC0) != 0x80;
                    return col;
                }
                in = c;
                want = 2;
            }
            p = q;
        }
    }
    return 0;
}

/* ---- small helpers ---------------------------------------------------------- */
static size_t nvals(const json_t *v) { return json_is_array(v) ? json_array_size(v) : v ? 1 : 0; }
static const json_t *val(const json_t *v, size_t i) { return json_is_array(v) ? json_array_get(v, i) : v; }
static const char *sval(const json_t *v, size_t i) { return json_string_value(val(v, i)); }

static int need_items(fr *r, size_t n) {
    return erg__grow(&r->g->a, (void **)&r->items, &r->itemcap, n ? n : 1, sizeof *r->items) ? ERG_ENOMEM
                                                                                               : ERG_OK;
}

/* The attribute a property is kept in: its name, "ftm." prefixed when erg
 * reserves it.  Points into r->name. */
static const char *attr_name(fr *r, erg_kind k, const char *prop, const char *suffix, int *rc) {
    r->name.len = 0;
    *rc = ERG_OK;
    if (erg__reserved_name(k, prop) && erg__buf_add(&r->name, "ftm.", 4)) *rc = ERG_ENOMEM;
    if (!*rc && (erg__buf_add(&r->name, prop, strlen(prop)) || erg__buf_add(&r->name, suffix, strlen(suffix) + 1)))
        *rc = ERG_ENOMEM;
    return r->name.p;
}

static int set_attr(fr *r, erg_obj o, const char *name, const erg_value *v, unsigned long col) {
    if (erg_attr_set(r->g, o, name, v)) return store_failed(r, col);
    return ERG_OK;
}

/* ---- entities, placeholders ------------------------------------------------- */
static bool is_ph(const fr *r, uint32_t ent) {
    if (ent < r->base_ent) return false;
    uint32_t i = ent - r->base_ent;
    return i / 64 < r->phcap && (r->ph[i / 64] >> (i % 64) & 1);
}

static int mark_ph(fr *r, uint32_t ent, const char *range) {
    uint32_t i = ent - r->base_ent;
    uint32_t old = r->phcap;
    if (erg__grow(&r->g->a, (void **)&r->ph, &r->phcap, (size_t)i / 64 + 1, sizeof *r->ph) ||
        erg__grow(&r->g->a, (void **)&r->refs, &r->refcap, (size_t)r->nrefs + 1, sizeof *r->refs))
        return ERG_ENOMEM;
    memset(r->ph + old, 0, (size_t)(r->phcap - old) * sizeof *r->ph);
    r->ph[i / 64] |= (uint64_t)1 << (i % 64);
    r->refs[r->nrefs++] = (phref){ent, r->line, range};
    return ERG_OK;
}

static int intern(fr *r, const char *s, uint32_t *sid) {
    return erg__intern(r->g, s, strlen(s), sid) ? ERG_ENOMEM : ERG_OK;
}

/* The entity an id names, added as a placeholder of type range (snake
 * case) when the graph has none yet. */
static int ent_ref(fr *r, const char *id, const char *range, uint32_t *idx) {
    uint32_t sid, tsid;
    if (intern(r, id, &sid)) return ERG_ENOMEM;
    *idx = erg__ent_lookup(r->g, sid);
    if (*idx != ERG_NONE) return ERG_OK;
    const erg_ftm_schema *rs = range ? erg__ftm_schema(range, strlen(range)) : NULL;
    if (intern(r, rs ? rs->snake : "thing", &tsid)) return ERG_ENOMEM;
    if (erg__ent_add(r->g, sid, tsid, 0, idx)) return ERG_ENOMEM;
    return mark_ph(r, *idx, rs ? rs->name : "Thing");
}

/* Adds the entity of this line, or fills the placeholder added for it. */
static int ent_claim(fr *r, const char *id, const char *type, uint32_t *idx, bool *ok) {
    uint32_t sid, tsid;
    *ok = false;
    if (intern(r, id, &sid) || intern(r, type, &tsid)) return ERG_ENOMEM;
    *idx = erg__ent_lookup(r->g, sid);
    if (*idx == ERG_NONE) {
        if (erg__ent_add(r->g, sid, tsid, 0, idx)) return ERG_ENOMEM;
    } else if (is_ph(r, *idx)) {
        uint32_t i = *idx - r->base_ent;
        r->ph[i / 64] &= ~((uint64_t)1 << (i % 64));
        r->g->ents[*idx].type = tsid;
    } else {
        report(r, ERG_ERROR, member_col(r, "id", NULL),
               *idx < r->base_ent ? "entity id '%s' is already in the graph"
                                  : "duplicate entity id '%s' (merge FollowTheMoney fragments first, e.g. with ftm aggregate)",
               id);
        return ERG_OK;
    }
    *ok = true;
    return ERG_OK;
}

/* ---- values ----------------------------------------------------------------- */
/* A date property value: an ISO 8601 date, whose time part (FtM allows one)
 * is dropped. */
static bool parse_date(const char *s, erg_date *d) {
    size_t n = strlen(s);
    const char *t = strchr(s, 'T');
    if (t && (t - s == 10 || t - s == 7 || t - s == 4)) n = (size_t)(t - s);
    return erg_date_parse(s, n, d) == ERG_OK;
}

/* The values of a date or number property: first as a scalar in NAME, the
 * others as a list in NAME_more. */
static int scalar_prop(fr *r, erg_obj o, const char *prop, const erg_ftm_prop *p, const json_t *v) {
    size_t n = nvals(v);
    unsigned long col = member_col(r, "properties", prop);
    if (need_items(r, n)) return ERG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const char *s = sval(v, i);
        if (p->cls == ERG_FTM_DATE) {
            erg_date d;
            if (!parse_date(s, &d)) {
                report(r, ERG_ERROR, col, "property '%s': '%s' is not an ISO 8601 date", prop, s);
                return ERG_OK;
            }
            r->items[i] = erg_datev(d);
        } else {
            double f;
            if (erg__parse_float(s, strlen(s), &f)) {
                report(r, ERG_ERROR, col, "property '%s': '%s' is not a number", prop, s);
                return ERG_OK;
            }
            r->items[i] = erg_float(f);
        }
    }
    int rc;
    erg_value first = r->items[0];
    const char *name = attr_name(r, o.kind, prop, "", &rc);
    if (rc || (rc = set_attr(r, o, name, &first, col)) || n == 1) return rc;
    erg_value more = erg_listv(first.type, r->items + 1, n - 1);
    name = attr_name(r, o.kind, prop, "_more", &rc);
    return rc ? rc : set_attr(r, o, name, &more, col);
}

static int string_list(fr *r, erg_obj o, const char *name, const json_t *v, size_t from, unsigned long col) {
    size_t n = nvals(v);
    if (n <= from) return ERG_OK;
    if (need_items(r, n)) return ERG_ENOMEM;
    for (size_t i = from; i < n; i++) {
        const json_t *s = val(v, i);
        r->items[i - from] = erg_strn(json_string_value(s), json_string_length(s));
    }
    erg_value l = erg_listv(ERG_STRING, r->items, n - from);
    return set_attr(r, o, name, &l, col);
}

/* An "erg" attribute value of scalar type t, or false. */
static bool ext_scalar(const json_t *j, erg_type t, erg_value *out) {
    switch (t) {
    case ERG_BOOL: *out = erg_bool(json_is_true(j)); return json_is_boolean(j);
    case ERG_INT: *out = erg_int(json_integer_value(j)); return json_is_integer(j);
    case ERG_FLOAT:
        if (json_is_string(j)) { /* NaN and the infinities, which JSON cannot write */
            double f;
            if (erg__parse_float(json_string_value(j), json_string_length(j), &f)) return false;
            *out = erg_float(f);
            return true;
        }
        *out = erg_float(json_number_value(j));
        return json_is_number(j);
    case ERG_STRING: *out = erg_strn(json_string_value(j), json_string_length(j)); return json_is_string(j);
    case ERG_DATE: {
        erg_date d;
        if (!json_is_string(j) || erg_date_parse(json_string_value(j), json_string_length(j), &d)) return false;
        *out = erg_datev(d);
        return true;
    }
    default: return false;
    }
}

/* The attributes of an "erg" member: {"NAME:TYPE": value}. */
static int ext_attrs(fr *r, erg_obj o, const ext *x) {
    const char *spec;
    json_t *j;
    unsigned long col = member_col(r, "erg", "attributes");
    json_object_foreach(x->attrs, spec, j) {
        const char *colon = strrchr(spec, ':');
        erg_type t, elem;
        if (!colon || colon == spec || erg__parse_type(colon + 1, strlen(colon + 1), &t, &elem)) {
            report(r, ERG_ERROR, col, "erg attribute '%s' is not NAME:TYPE", spec);
            continue;
        }
        if (json_is_null(j)) continue;
        erg_value v;
        bool ok;
        if (t == ERG_LIST) {
            size_t n = json_array_size(j);
            if (need_items(r, n)) return ERG_ENOMEM;
            ok = json_is_array(j);
            for (size_t i = 0; ok && i < n; i++) ok = ext_scalar(json_array_get(j, i), elem, &r->items[i]);
            v = erg_listv(elem, r->items, n);
        } else {
            ok = ext_scalar(j, t, &v);
        }
        if (!ok) {
            report(r, ERG_ERROR, col, "erg attribute '%s' holds a value of another type", spec);
            continue;
        }
        r->name.len = 0;
        if (erg__buf_add(&r->name, spec, (size_t)(colon - spec)) || erg__buf_addc(&r->name, '\0'))
            return ERG_ENOMEM;
        int rc = set_attr(r, o, r->name.p, &v, col);
        if (rc) return rc;
    }
    return ERG_OK;
}

/* ---- the common members ------------------------------------------------------ */
/* datasets, referents, first_seen, last_seen, last_change, caption, target. */
static int provenance(fr *r, erg_obj o, json_t *root) {
    static const char *const lists[] = {"datasets", "referents"};
    static const char *const strs[] = {"first_seen", "last_seen", "last_change", "caption"};
    int rc = ERG_OK;
    for (size_t i = 0; i < 2 && !rc; i++) {
        json_t *v = json_object_get(root, lists[i]);
        erg_value none = erg_listv(ERG_STRING, NULL, 0); /* [] is kept: OpenSanctions writes it */
        if (nvals(v)) rc = string_list(r, o, lists[i], v, 0, member_col(r, lists[i], NULL));
        else if (json_is_array(v)) rc = set_attr(r, o, lists[i], &none, member_col(r, lists[i], NULL));
    }
    for (size_t i = 0; i < 4 && !rc; i++) {
        json_t *v = json_object_get(root, strs[i]);
        if (!v || json_is_null(v)) continue;
        erg_value s = erg_strn(json_string_value(v), json_string_length(v));
        rc = set_attr(r, o, strs[i], &s, member_col(r, strs[i], NULL));
    }
    json_t *t = json_object_get(root, "target");
    if (!rc && json_is_boolean(t)) {
        erg_value b = erg_bool(json_is_true(t));
        rc = set_attr(r, o, "target", &b, member_col(r, "target", NULL));
    }
    return rc;
}

static bool string_array(const json_t *v) {
    if (json_is_string(v)) return true;
    if (!json_is_array(v)) return false;
    for (size_t i = 0; i < json_array_size(v); i++)
        if (!json_is_string(json_array_get(v, i))) return false;
    return true;
}

/* Checks the members of a line beyond id and schema; false after
 * reporting a problem. */
static bool check_members(fr *r, json_t *root, json_t *props, const erg_ftm_schema *s) {
    const char *k;
    json_t *v;
    bool ok = true;
    json_object_foreach(root, k, v) {
        bool list = !strcmp(k, "datasets") || !strcmp(k, "referents");
        bool str = !strcmp(k, "first_seen") || !strcmp(k, "last_seen") || !strcmp(k, "last_change") ||
                   !strcmp(k, "caption");
        if ((list && !string_array(v)) || (str && !json_is_string(v) && !json_is_null(v)) ||
            (!strcmp(k, "target") && !json_is_boolean(v) && !json_is_null(v))) {
            report(r, ERG_ERROR, member_col(r, k, NULL), "\"%s\" must be %s", k,
                   list ? "a list of strings" : str ? "a string" : "true or false");
            ok = false;
        } else if (!list && !str && strcmp(k, "target") && strcmp(k, "id") && strcmp(k, "schema") &&
                   strcmp(k, "properties") && strcmp(k, "erg") && !r->warned_member) {
            r->warned_member = true;
            report(r, ERG_WARNING, member_col(r, k, NULL),
                   "member \"%s\" is not FollowTheMoney's; ignored (and any others like it)", k);
        }
    }
    if (props && !json_is_object(props)) {
        report(r, ERG_ERROR, member_col(r, "properties", NULL), "\"properties\" must be an object");
        return false;
    }
    json_object_foreach(props, k, v) {
        if (!string_array(v)) {
            report(r, ERG_ERROR, member_col(r, "properties", k), "property '%s' must be a list of strings", k);
            ok = false;
        } else if (!erg__ftm_prop(s, k, strlen(k)) && !r->warned_prop) {
            r->warned_prop = true;
            report(r, ERG_WARNING, member_col(r, "properties", k),
                   "schema %s has no property '%s'; kept as a list of strings (and any others like it)",
                   s->name, k);
        }
    }
    return ok;
}

static bool read_ext(fr *r, json_t *root, ext *x) {
    json_t *e = json_object_get(root, "erg");
    memset(x, 0, sizeof *x);
    x->directed = -1;
    if (!e) return true;
    json_t *type = json_object_get(e, "type"), *dir = json_object_get(e, "directed"),
           *kind = json_object_get(e, "kind");
    x->native = json_is_true(json_object_get(e, "native"));
    x->aliases = json_object_get(e, "aliases");
    x->attrs = json_object_get(e, "attributes");
    x->type = json_string_value(type);
    x->source = json_is_string(kind) && !strcmp(json_string_value(kind), "source");
    if (json_is_boolean(dir)) x->directed = json_is_true(dir);
    if (!json_is_object(e) || (type && (!x->type || !*x->type)) || (dir && !json_is_boolean(dir)) ||
        (kind && !x->source) || (x->aliases && !string_array(x->aliases)) ||
        (x->attrs && !json_is_object(x->attrs))) {
        report(r, ERG_ERROR, member_col(r, "erg", NULL), "malformed \"erg\" member");
        return false;
    }
    return true;
}

/* ---- the three kinds of line -------------------------------------------------- */
/* FtM-born attributes of an entity or relationship: schema, the properties
 * (skipping the endpoint properties of an edge) and provenance. */
static int ftm_attrs(fr *r, erg_obj o, json_t *root, const erg_ftm_schema *s, json_t *props, size_t npairs) {
    erg_value sv = erg_str(s->name);
    int rc = set_attr(r, o, "schema", &sv, member_col(r, "schema", NULL));
    if (!rc && npairs > 1) {
        json_t *id = json_object_get(root, "id");
        erg_value iv = erg_strn(json_string_value(id), json_string_length(id));
        rc = set_attr(r, o, "ftm_id", &iv, member_col(r, "id", NULL));
    }
    const char *k;
    json_t *v;
    json_object_foreach(props, k, v) {
        if (rc) break;
        const erg_ftm_prop *p = erg__ftm_prop(s, k, strlen(k));
        if (!nvals(v) || (s->edge && (!strcmp(k, s->source) || !strcmp(k, s->target)))) continue;
        if (o.kind == ERG_KIND_ENTITY && p && p->cls == ERG_FTM_ENTITY) continue; /* relationships */
        if (o.kind == ERG_KIND_ENTITY && !strcmp(k, "name")) {
            rc = string_list(r, o, "name_more", v, 1, member_col(r, "properties", k));
            continue;
        }
        if (p && (p->cls == ERG_FTM_DATE || p->cls == ERG_FTM_NUMBER)) {
            rc = scalar_prop(r, o, k, p, v);
            continue;
        }
        const char *name = attr_name(r, o.kind, k, "", &rc);
        if (!rc) rc = string_list(r, o, name, v, 0, member_col(r, "properties", k));
    }
    return rc ? rc : provenance(r, o, root);
}

/* Relationships from an entity's entity-valued properties. */
static int prop_rels(fr *r, uint32_t ent, const erg_ftm_schema *s, json_t *props) {
    const char *k;
    json_t *v;
    json_object_foreach(props, k, v) {
        const erg_ftm_prop *p = erg__ftm_prop(s, k, strlen(k));
        if (!p || p->cls != ERG_FTM_ENTITY) continue;
        /* the type: the property in snake_case */
        char type[128];
        size_t t = 0;
        for (const char *c = k; *c && t + 2 < sizeof type; c++) {
            if (*c >= 'A' && *c <= 'Z' && c > k) type[t++] = '_';
            type[t++] = (*c >= 'A' && *c <= 'Z') ? (char)(*c - 'A' + 'a') : *c;
        }
        type[t] = '\0';
        uint32_t tsid, to, idx;
        if (intern(r, type, &tsid)) return ERG_ENOMEM;
        for (size_t i = 0; i < nvals(v); i++) {
            const char *id = sval(v, i);
            if (!*id) {
                report(r, ERG_ERROR, member_col(r, "properties", k), "property '%s' holds an empty id", k);
                continue;
            }
            if (ent_ref(r, id, p->range, &to) || erg__rel_add(r->g, 0, ent, to, tsid, true, &idx))
                return ERG_ENOMEM;
        }
    }
    return ERG_OK;
}

static int aliases(fr *r, uint32_t ent, const json_t *v, size_t from) {
    erg_entity e = {ent, r->g->ents[ent].gen};
    for (size_t i = from; i < nvals(v); i++) {
        const char *a = sval(v, i);
        if (*a && erg_entity_add_alias(r->g, e, a)) return store_failed(r, member_col(r, "properties", "alias"));
    }
    return ERG_OK;
}

static int thing(fr *r, json_t *root, const char *id, const erg_ftm_schema *s, json_t *props, const ext *x) {
    uint32_t idx;
    bool ok;
    int rc = ent_claim(r, id, x->type ? x->type : s->snake, &idx, &ok);
    if (rc || !ok) return rc;
    erg_entity e = {idx, r->g->ents[idx].gen};
    erg_obj o = erg_obj_entity(e);
    json_t *names = json_object_get(props, "name");
    if (nvals(names) && erg_entity_set_name(r->g, e, sval(names, 0)))
        return store_failed(r, member_col(r, "properties", "name"));
    if (!x->native) {
        if ((rc = aliases(r, idx, names, 1)) || (rc = aliases(r, idx, json_object_get(props, "weakAlias"), 0)))
            return rc;
    }
    if ((rc = aliases(r, idx, json_object_get(props, "alias"), 0)) || (rc = aliases(r, idx, x->aliases, 0)))
        return rc;
    if (!x->native && ((rc = ftm_attrs(r, o, root, s, props, 1)) || (rc = prop_rels(r, idx, s, props))))
        return rc;
    return x->attrs ? ext_attrs(r, o, x) : ERG_OK;
}

/* The id of pair k (from 1) of an edge: the entity id, then ID#2... */
static int pair_id(fr *r, const char *id, size_t k, uint32_t *sid) {
    r->name.len = 0;
    if (erg__buf_add(&r->name, id, strlen(id)) || (k > 1 && erg__buf_printf(&r->name, "#%zu", k)) ||
        erg__buf_addc(&r->name, '\0'))
        return ERG_ENOMEM;
    return erg__intern(r->g, r->name.p, r->name.len - 1, sid) ? ERG_ENOMEM : ERG_OK;
}

static int edge(fr *r, json_t *root, const char *id, const erg_ftm_schema *s, json_t *props, const ext *x) {
    json_t *src = json_object_get(props, s->source), *dst = json_object_get(props, s->target);
    size_t ns = nvals(src), nt = nvals(dst);
    if (!ns || !nt) {
        report(r, ERG_ERROR, member_col(r, "properties", NULL), "%s '%s' has no %s", s->name, id,
               !ns ? s->source : s->target);
        return ERG_OK;
    }
    const erg_ftm_prop *ps = erg__ftm_prop(s, s->source, strlen(s->source)),
                       *pt = erg__ftm_prop(s, s->target, strlen(s->target));
    uint32_t tsid;
    if (intern(r, x->type ? x->type : s->snake, &tsid)) return ERG_ENOMEM;
    bool directed = x->directed >= 0 ? x->directed : s->directed;
    size_t k = 0;
    for (size_t i = 0; i < ns; i++) {
        for (size_t j = 0; j < nt; j++) {
            const char *a = sval(src, i), *b = sval(dst, j);
            uint32_t from, to, sid, idx;
            if (!*a || !*b) {
                report(r, ERG_ERROR, member_col(r, "properties", !*a ? s->source : s->target),
                       "property '%s' holds an empty id", !*a ? s->source : s->target);
                return ERG_OK;
            }
            if (pair_id(r, id, ++k, &sid) || ent_ref(r, a, ps ? ps->range : NULL, &from) ||
                ent_ref(r, b, pt ? pt->range : NULL, &to))
                return ERG_ENOMEM;
            int rc = erg__rel_add(r->g, sid, from, to, tsid, directed, &idx);
            if (rc == ERG_EEXIST) {
                report(r, ERG_ERROR, member_col(r, "id", NULL), "duplicate relationship id '%s'", erg__str(r->g, sid));
                return ERG_OK;
            }
            if (rc) return ERG_ENOMEM;
            erg_obj o = erg_obj_rel((erg_rel){idx, r->g->rels[idx].gen});
            if ((!x->native && (rc = ftm_attrs(r, o, root, s, props, ns * nt))) || (x->attrs && (rc = ext_attrs(r, o, x))))
                return rc;
        }
    }
    return ERG_OK;
}

static int source(fr *r, const char *id, const ext *x) {
    uint32_t sid, idx;
    if (intern(r, id, &sid)) return ERG_ENOMEM;
    int rc = erg__src_add(r->g, sid, &idx);
    if (rc == ERG_EEXIST) {
        report(r, ERG_ERROR, member_col(r, "id", NULL), "duplicate source id '%s'", id);
        return ERG_OK;
    }
    if (rc) return ERG_ENOMEM;
    erg_obj o = erg_obj_source((erg_source){idx, r->g->srcs[idx].gen});
    return x->attrs ? ext_attrs(r, o, x) : ERG_OK;
}

/* One parsed line. */
static int object(fr *r, json_t *root) {
    if (!json_is_object(root)) {
        report(r, ERG_ERROR, 1, "not a JSON object (a FollowTheMoney entity stream holds one object a line)");
        return ERG_OK;
    }
    json_t *jid = json_object_get(root, "id"), *js = json_object_get(root, "schema"),
           *props = json_object_get(root, "properties");
    const char *id = json_string_value(jid);
    if (!jid || json_is_null(jid)) {
        report(r, ERG_ERROR, 1, "entity without an id");
        return ERG_OK;
    }
    if (!id || !*id) {
        report(r, ERG_ERROR, member_col(r, "id", NULL), "\"id\" must be a non-empty string");
        return ERG_OK;
    }
    if (!js) {
        report(r, ERG_ERROR, 1, "entity '%s' has no schema", id);
        return ERG_OK;
    }
    const erg_ftm_schema *s = json_is_string(js) ? erg__ftm_schema(json_string_value(js), json_string_length(js)) : NULL;
    if (!s) {
        report(r, ERG_ERROR, member_col(r, "schema", NULL), "entity '%s': unknown schema %s%s%s", id,
               json_is_string(js) ? "'" : "", json_is_string(js) ? json_string_value(js) : "(not a string)",
               json_is_string(js) ? "'" : "");
        return ERG_OK;
    }
    ext x;
    if (!check_members(r, root, props, s) || !read_ext(r, root, &x)) return ERG_OK;
    if (x.source) return source(r, id, &x);
    return s->edge ? edge(r, root, id, s, props, &x) : thing(r, root, id, s, props, &x);
}

/* The column of a JSON error: where the offending token starts.  jansson
 * gives the position after it (or after the character it looked ahead
 * at) and names it ("... near 'tok'"), so the
 * start is found by stepping back over the token when the line holds it
 * there; else jansson's own column. */
static unsigned long json_error_col(const char *s, size_t n, const json_error_t *je) {
    const char *near = strstr(je->text, " near '");
    unsigned long col = je->column > 0 ? (unsigned long)je->column : 1;
    if (!near) return col;
    const char *tok = near + 7;
    size_t k = strlen(tok);
    if (!k || tok[k - 1] != '\'') return col;
    k--;
    size_t end = je->position > 0 ? (size_t)je->position : 0;
    if (end <= n && end > k && memcmp(s + end - k, tok, k) != 0) end--; /* its look-ahead character */
    if (end > n || end < k || memcmp(s + end - k, tok, k) != 0) return col;
    unsigned long c = 1;
    for (size_t i = 0; i < end - k; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static int line(fr *r, const char *s, size_t n) {
    if (n && s[n - 1] == '\r') n--;
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    if (i == n) return ERG_OK; /* blank lines are skipped (and counted) */
    r->text = s;
    r->textlen = n;
    json_error_t je;
    json_t *root = json_loadb(s, n, 0, &je);
    if (!root) {
        if (json_error_code(&je) == json_error_out_of_memory) return ERG_ENOMEM;
        report(r, ERG_ERROR, json_error_col(s, n, &je), "malformed JSON: %s", je.text);
        return ERG_OK;
    }
    int rc = object(r, root);
    json_decref(root);
    return rc;
}

/* ---- the file ----------------------------------------------------------------- */
/* Reads fd line by line; a line split across reads is gathered in buf. */
static int lines(fr *r, int fd, uint64_t total) {
    char *chunk = erg__mem(&r->g->a, NULL, 0, CHUNK);
    erg_buf buf;
    erg__buf_init(&buf, &r->g->a);
    if (!chunk) return ERG_ENOMEM;
    char what[300];
    const char *slash = strrchr(r->path, '/');
    snprintf(what, sizeof what, "reading %s", slash ? slash + 1 : r->path);
    uint64_t done = 0;
    bool first = true, prev_cr = false;
    int rc = ERG_OK;
    r->line = 1;
    for (;;) {
        ssize_t got = read(fd, chunk, CHUNK);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            rc = erg__err(r->g, ERG_EIO, "%s: %s", r->path, strerror(errno));
            break;
        }
        if (got == 0) break;
        done += (uint64_t)got;
        erg__progress(r->g, what, done, total);
        const char *s = chunk, *end = chunk + got;
        if (first && got >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) s += 3;
        first = false;
        while (s < end && !rc && r->nerr < MAX_DIAGS) {
            if (prev_cr && *s == '\n') { /* the LF of a CRLF split across reads */
                prev_cr = false;
                s++;
                continue;
            }
            /* a line ends at LF, CRLF or a lone CR (old Mac line ends) */
            const char *nl = memchr(s, '\n', (size_t)(end - s));
            const char *cr = memchr(s, '\r', (size_t)((nl ? nl : end) - s));
            if (cr && cr + 1 != nl) nl = cr;
            prev_cr = nl && *nl == '\r';
            size_t k = (size_t)((nl ? nl : end) - s);
            if (buf.len + k > MAX_LINE) {
                report(r, ERG_ERROR, 0, "line longer than %u bytes", MAX_LINE);
                rc = ERG_EPARSE;
                break;
            }
            if (!nl) {
                if (erg__buf_add(&buf, s, k)) rc = ERG_ENOMEM;
                break;
            }
            if (buf.len) { /* the end of a line begun in an earlier read */
                if (erg__buf_add(&buf, s, k)) { rc = ERG_ENOMEM; break; }
                rc = line(r, buf.p, buf.len);
                buf.len = 0;
            } else {
                rc = line(r, s, k);
            }
            r->line++;
            s = nl + 1;
        }
        if (rc || r->nerr >= MAX_DIAGS) break;
    }
    if (!rc && buf.len && r->nerr < MAX_DIAGS) rc = line(r, buf.p, buf.len); /* no final newline */
    erg__progress(r->g, what, done, done);
    erg__buf_free(&buf);
    erg__mem(&r->g->a, chunk, CHUNK, 0);
    return rc == ERG_EPARSE ? ERG_OK : rc;
}

/* Placeholders nothing filled: marked, with one warning each. */
static int placeholders(fr *r) {
    for (uint32_t i = 0; i < r->nrefs; i++) {
        const phref *p = &r->refs[i];
        if (!is_ph(r, p->ent)) continue;
        erg_obj o = erg_obj_entity((erg_entity){p->ent, r->g->ents[p->ent].gen});
        erg_value t = erg_bool(true), s = erg_str(p->range);
        if (erg_attr_set(r->g, o, "placeholder", &t) || erg_attr_set(r->g, o, "schema", &s))
            return store_failed(r, 0);
        unsigned long keep = r->line;
        r->line = p->line;
        report(r, ERG_WARNING, 0, "entity '%s' is not in the file; added as a placeholder (%s)",
               erg__str(r->g, r->g->ents[p->ent].id), p->range);
        r->line = keep;
    }
    return ERG_OK;
}

int erg__ftm_read(erg_graph *g, const char *path, erg_diag_fn diag, void *ud) {
    fr r;
    memset(&r, 0, sizeof r);
    r.g = g;
    r.path = path;
    r.diag = diag;
    r.ud = ud;
    r.base_ent = g->nent;
    erg__buf_init(&r.name, &g->a);
    erg_mark m = erg__mark(g);
    uint64_t size;
    const char *why;
    int rc = ERG_OK, fd = erg__open_input(path, &size, &why);
    if (fd < 0) rc = errno == ENOENT || errno == EACCES ? erg__err(g, ERG_EIO, "%s: cannot open: %s", path, why)
                                                       : erg__err(g, ERG_EIO, "%s: %s", path, why);
    if (!rc) rc = lines(&r, fd, size);
    if (fd >= 0) close(fd);
    if (!rc && !r.nerr) rc = placeholders(&r);
    if (!rc && !r.nerr) rc = erg__rel_assign_ids(g, m.nrel);
    if (!rc && !r.nerr) erg__trim(g);
    erg__mem(&g->a, r.ph, (size_t)r.phcap * sizeof *r.ph, 0);
    erg__mem(&g->a, r.refs, (size_t)r.refcap * sizeof *r.refs, 0);
    erg__mem(&g->a, r.items, (size_t)r.itemcap * sizeof *r.items, 0);
    erg__buf_free(&r.name);
    if (rc || r.nerr) {
        char keep[sizeof g->errmsg];
        int code = rc == ERG_ENOMEM ? ERG_ENOMEM : rc == ERG_EIO ? ERG_EIO : ERG_EPARSE;
        if (code == ERG_ENOMEM) erg__nomem(g);
        memcpy(keep, code == ERG_EPARSE ? r.first : g->errmsg, sizeof keep);
        erg__rollback(g, &m);
        if (code == ERG_EIO && diag) { /* I/O errors reach the callback too */
            erg_diag d = {ERG_ERROR, path, 0, 0, keep, keep};
            diag(ud, &d);
        }
        return erg__err(g, code, "%s", keep);
    }
    return ERG_OK;
}

/* ---- the sniff ------------------------------------------------------------------ */
/* The first line is a JSON object with top-level "id" and "schema" members
 * (looked for as text: the head may end inside the line). */
bool erg__ftm_sniff(const char *head, size_t n) {
    fr r;
    memset(&r, 0, sizeof r);
    size_t i = 0;
    if (n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) i++;
    if (i >= n || head[i] != '{') return false;
    const char *nl = memchr(head + i, '\n', n - i);
    r.text = head + i;
    r.textlen = (size_t)((nl ? nl : head + n) - r.text);
    return member_col(&r, "schema", NULL) && member_col(&r, "id", NULL);
}
