/*
 * ftm_write.c -- writes a graph as a FollowTheMoney entity stream (one
 * JSON object a line), the inverse of ftm_read.c.
 *
 * FollowTheMoney-born objects (a "schema" attribute naming a schema) are
 * written back as they were read: an entity with its schema, its name
 * (the erg name, then name_more), its properties from the attributes of
 * the same names (a date or number attribute with its NAME_more values),
 * its entity-valued properties from the relationships they became, and
 * datasets, referents, first_seen, last_seen, last_change, caption and
 * target at the top level; a relationship as an edge entity of its
 * schema, the relationships read from one edge entity (same ftm_id, in a
 * row) as that one entity again.  A relationship folds back into its
 * from-entity's property when it was one: directed, of a type that is an
 * entity property of the from-entity's schema in snake_case, without
 * attributes.  Placeholders (placeholder = true) are not written.
 *
 * What FollowTheMoney cannot say goes into an "erg" member that
 * FollowTheMoney's tools ignore and ftm_read.c reads: a type that is not
 * the schema's, a direction that is not the edge's, aliases that came
 * from no name property, and attributes that are no property of the
 * schema ("attributes": {"NAME:TYPE": value}).  Objects erg made itself
 * are written "native": entities with the schema their type names in
 * CamelCase (person -> Person) or LegalEntity, their name and aliases as
 * name and alias; relationships as the edge schema their type names or
 * UnknownLink (subject -> object); sources as Document; each with all its
 * attributes typed in the "erg" member, so erg -> FtM -> erg keeps them.
 */
#include "io.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

enum special { SP_SCHEMA, SP_PLACEHOLDER, SP_NAME_MORE, SP_FTM_ID, NSPECIAL };
static const char *const special_names[NSPECIAL] = {"schema", "placeholder", "name_more", "ftm_id"};

typedef struct fold { /* a relationship that folds into a property */
    size_t prop;      /* index in the schema's property table */
    uint32_t rel;
} fold;

typedef struct fw {
    erg_graph *g;
    erg_out *o;
    int col[3][NSPECIAL]; /* column of each special attribute, or -1 */
    fold *folds;
    uint32_t nfold, foldcap;
    erg_buf buf;
    uint32_t *ends;  /* distinct from- and to-entities of an edge group */
    uint32_t nends, endcap;
    bool keep_ftm_id; /* an ftm_id that does not make a group: an extra */
} fw;

/* What an attribute of an FtM-born object is when written. */
typedef enum role { R_SPECIAL, R_PROP, R_MORE, R_PROV, R_EXTRA } role;

#define W(x) do { if (x) return w->g->errcode ? w->g->errcode : ERG_EIO; } while (0)

/* ---- small helpers ---------------------------------------------------------- */
static bool get(const fw *w, erg_kind k, int col, uint32_t idx, erg_value *v) {
    return col >= 0 && erg__cell_get(w->g, k, (uint32_t)col, idx, v);
}

static const char *col_name(const fw *w, erg_kind k, uint32_t col) {
    return erg__str(w->g, w->g->schema[k].cols[col].name);
}

static int find_col(const fw *w, erg_kind k, const char *name) {
    uint32_t sid = erg__pool_find(&w->g->pool, name, strlen(name));
    return sid ? erg__col_find(w->g, k, sid) : -1;
}

/* The FtM schema an object's "schema" attribute names, or NULL. */
static const erg_ftm_schema *schema_of(const fw *w, erg_kind k, uint32_t idx) {
    erg_value v;
    if (!get(w, k, w->col[k][SP_SCHEMA], idx, &v) || v.type != ERG_STRING) return NULL;
    return erg__ftm_schema(v.u.s.ptr, v.u.s.len);
}

static bool snake_eq(const char *camel, const char *snake) {
    for (const char *c = camel; *c; c++) {
        if (*c >= 'A' && *c <= 'Z') {
            if (c > camel && *snake++ != '_') return false;
            if (*snake++ != *c - 'A' + 'a') return false;
        } else if (*snake++ != *c) {
            return false;
        }
    }
    return *snake == '\0';
}

static bool is_placeholder(const fw *w, uint32_t ent) {
    erg_value v;
    return get(w, ERG_KIND_ENTITY, w->col[ERG_KIND_ENTITY][SP_PLACEHOLDER], ent, &v) && v.type == ERG_BOOL &&
           v.u.b && schema_of(w, ERG_KIND_ENTITY, ent);
}

/* The FtM-born thing schema of an entity that is written (not a
 * placeholder), or NULL. */
static const erg_ftm_schema *thing_schema(const fw *w, uint32_t ent) {
    const erg_ftm_schema *s = schema_of(w, ERG_KIND_ENTITY, ent);
    return s && !s->edge && !is_placeholder(w, ent) ? s : NULL;
}

static bool has_attrs(const fw *w, erg_kind k, uint32_t idx) {
    erg_value v;
    for (uint32_t i = 0; i < w->g->schema[k].n; i++)
        if (erg__cell_get(w->g, k, i, idx, &v)) return true;
    return false;
}

/* The property index a relationship folds into, or SIZE_MAX. */
static size_t folds_into(const fw *w, uint32_t ri) {
    const erg_relrec *r = &w->g->rels[ri];
    const erg_ftm_schema *s = r->directed ? thing_schema(w, r->from) : NULL;
    if (!s || has_attrs(w, ERG_KIND_REL, ri)) return SIZE_MAX;
    const char *type = erg__str(w->g, r->type);
    for (size_t i = 0; i < s->nprops; i++)
        if (s->props[i].cls == ERG_FTM_ENTITY && snake_eq(s->props[i].name, type)) return i;
    return SIZE_MAX;
}

/* ---- JSON pieces -------------------------------------------------------------- */
static int key(fw *w, const char *k, bool *first) {
    W(!*first && ERG_PUTS(w->o, ", "));
    *first = false;
    W(erg_out_json_string(w->o, k, strlen(k)) || ERG_PUTS(w->o, ": "));
    return ERG_OK;
}

static int jstr(fw *w, const char *s, size_t n) {
    W(erg_out_json_string(w->o, s, n));
    return ERG_OK;
}

static int jsid(fw *w, uint32_t sid) { return jstr(w, erg__str(w->g, sid), erg__pool_len(&w->g->pool, sid)); }

/* A scalar as FtM writes values: a string.  Numbers without a needless
 * ".0", so "5000" stays "5000". */
static int value_string(fw *w, const erg_value *v) {
    char buf[48];
    size_t n;
    switch (v->type) {
    case ERG_STRING: return jstr(w, v->u.s.ptr, v->u.s.len);
    case ERG_DATE: n = erg_date_format(v->u.d, buf); break;
    case ERG_INT: n = (size_t)snprintf(buf, sizeof buf, "%lld", (long long)v->u.i); break;
    case ERG_BOOL: n = (size_t)snprintf(buf, sizeof buf, "%s", v->u.b ? "true" : "false"); break;
    case ERG_FLOAT:
        if (isfinite(v->u.f) && v->u.f == floor(v->u.f) && fabs(v->u.f) < 1e15)
            n = (size_t)snprintf(buf, sizeof buf, "%.0f", v->u.f);
        else n = erg__format_float(v->u.f, buf);
        break;
    default: return ERG_OK;
    }
    return jstr(w, buf, n);
}

/* The elements of v (a list or a scalar) as strings, after first. */
static int values(fw *w, const erg_value *v, bool *first) {
    size_t n = v->type == ERG_LIST ? v->u.list.n : 1;
    for (size_t i = 0; i < n; i++) {
        W(!*first && ERG_PUTS(w->o, ", "));
        *first = false;
        int rc = value_string(w, v->type == ERG_LIST ? &v->u.list.items[i] : v);
        if (rc) return rc;
    }
    return ERG_OK;
}

static int jput_open(fw *w) {
    W(ERG_PUTS(w->o, "["));
    return ERG_OK;
}

/* A value typed for the "erg" member: JSON numbers, booleans, strings;
 * NaN and the infinities as the strings erg reads back. */
static int typed(fw *w, const erg_value *v) {
    char buf[48];
    switch (v->type) {
    case ERG_BOOL: W(erg_out_write(w->o, v->u.b ? "true" : "false", v->u.b ? 4 : 5)); return ERG_OK;
    case ERG_INT: W(erg_out_printf(w->o, "%lld", (long long)v->u.i)); return ERG_OK;
    case ERG_FLOAT: {
        size_t n = erg__format_float(v->u.f, buf);
        if (!isfinite(v->u.f)) return jstr(w, buf, n);
        W(erg_out_write(w->o, buf, n));
        return ERG_OK;
    }
    case ERG_LIST:
        W(ERG_PUTS(w->o, "["));
        for (size_t i = 0; i < v->u.list.n; i++) {
            W(i && ERG_PUTS(w->o, ", "));
            int rc = typed(w, &v->u.list.items[i]);
            if (rc) return rc;
        }
        W(ERG_PUTS(w->o, "]"));
        return ERG_OK;
    default: return value_string(w, v);
    }
}

/* ---- roles of attributes ------------------------------------------------------ */
/* The property an attribute name stands for ("ftm.type" -> "type"). */
static const char *prop_name(erg_kind k, const char *attr) {
    if (!strncmp(attr, "ftm.", 4) && erg__reserved_name(k, attr + 4)) return attr + 4;
    return attr;
}

static bool string_list(const erg_value *v) { return v->type == ERG_LIST && v->elem == ERG_STRING; }

static bool prov_ok(const char *name, const erg_value *v, bool *is_prov) {
    *is_prov = true;
    if (!strcmp(name, "datasets") || !strcmp(name, "referents")) return string_list(v);
    if (!strcmp(name, "first_seen") || !strcmp(name, "last_seen") || !strcmp(name, "last_change") ||
        !strcmp(name, "caption"))
        return v->type == ERG_STRING;
    if (!strcmp(name, "target")) return v->type == ERG_BOOL;
    *is_prov = false;
    return false;
}

/* Whether v has the type ftm_read.c gives property p. */
static bool prop_typed(const erg_ftm_prop *p, erg_kind k, const erg_value *v) {
    if (p->cls == ERG_FTM_DATE) return v->type == ERG_DATE;
    if (p->cls == ERG_FTM_NUMBER) return v->type == ERG_FLOAT;
    if (p->cls == ERG_FTM_ENTITY && k == ERG_KIND_ENTITY) return false; /* relationships */
    return string_list(v);
}

/* The role of attribute col (value v) of an FtM-born object of schema s;
 * *p receives the property for R_PROP. */
static role role_of(fw *w, erg_kind k, const erg_ftm_schema *s, uint32_t col, uint32_t idx, const erg_value *v,
                    const erg_ftm_prop **p) {
    const char *name = col_name(w, k, col);
    for (int i = 0; i < NSPECIAL; i++) {
        if (w->col[k][i] != (int)col) continue;
        if (i == SP_SCHEMA) return R_SPECIAL;
        if (i == SP_PLACEHOLDER && v->type == ERG_BOOL && k == ERG_KIND_ENTITY) return R_SPECIAL;
        if (i == SP_NAME_MORE && string_list(v) && k == ERG_KIND_ENTITY) return R_SPECIAL;
        if (i == SP_FTM_ID && v->type == ERG_STRING && k == ERG_KIND_REL && !w->keep_ftm_id) return R_SPECIAL;
        return R_EXTRA;
    }
    bool is_prov;
    if (prov_ok(name, v, &is_prov)) return R_PROV;
    if (is_prov) return R_EXTRA;
    const char *pn = prop_name(k, name);
    *p = erg__ftm_prop(s, pn, strlen(pn));
    if (*p && !strcmp(pn, "name")) return R_EXTRA; /* the name is the erg name */
    if (*p && s->edge && (!strcmp(pn, s->source) || !strcmp(pn, s->target))) return R_EXTRA;
    if (*p && prop_typed(*p, k, v)) return R_PROP;
    size_t n = strlen(name);
    if (n > 5 && !strcmp(name + n - 5, "_more") && v->type == ERG_LIST) {
        /* NAME_more goes with NAME when that is a date or number property */
        w->buf.len = 0;
        if (erg__buf_add(&w->buf, name, n - 5) || erg__buf_addc(&w->buf, '\0')) return R_EXTRA;
        const char *base = prop_name(k, w->buf.p);
        const erg_ftm_prop *bp = erg__ftm_prop(s, base, strlen(base));
        erg_value bv;
        if (bp && (bp->cls == ERG_FTM_DATE || bp->cls == ERG_FTM_NUMBER) &&
            get(w, k, find_col(w, k, w->buf.p), idx, &bv) && prop_typed(bp, k, &bv) && v->elem == bv.type)
            return R_MORE;
    }
    return R_EXTRA;
}

/* ---- the members of one line -------------------------------------------------- */
/* Property attributes of an FtM-born object, after *first. */
static int prop_attrs(fw *w, erg_kind k, const erg_ftm_schema *s, uint32_t idx, bool *first) {
    for (uint32_t c = 0; c < w->g->schema[k].n; c++) {
        erg_value v, more;
        const erg_ftm_prop *p = NULL;
        if (!erg__cell_get(w->g, k, c, idx, &v) || role_of(w, k, s, c, idx, &v, &p) != R_PROP) continue;
        int rc = key(w, p->name, first);
        bool vfirst = true;
        if (rc || (rc = jput_open(w)) || (rc = values(w, &v, &vfirst))) return rc;
        if (p->cls == ERG_FTM_DATE || p->cls == ERG_FTM_NUMBER) {
            w->buf.len = 0;
            if (erg__buf_printf(&w->buf, "%s_more", col_name(w, k, c))) return erg__nomem(w->g);
            int mc = find_col(w, k, w->buf.p);
            if (get(w, k, mc, idx, &more) && more.type == ERG_LIST && more.elem == v.type &&
                (rc = values(w, &more, &vfirst)))
                return rc;
        }
        W(ERG_PUTS(w->o, "]"));
    }
    return ERG_OK;
}

static int cmp_fold(const void *a, const void *b) {
    const fold *x = a, *y = b;
    if (x->prop != y->prop) return x->prop < y->prop ? -1 : 1;
    return x->rel < y->rel ? -1 : x->rel > y->rel;
}

/* Entity-valued properties from the relationships that fold into them. */
static int fold_props(fw *w, uint32_t ent, const erg_ftm_schema *s, bool *first) {
    erg_adj it;
    erg_rel r;
    w->nfold = 0;
    if (erg_adjacent(w->g, (erg_entity){ent, w->g->ents[ent].gen}, ERG_OUT, NULL, &it)) return w->g->errcode;
    while (erg_adj_next(w->g, &it, &r)) {
        if (w->g->rels[r.idx].from != ent) continue;
        size_t p = folds_into(w, r.idx);
        if (p == SIZE_MAX) continue;
        if (erg__grow(&w->g->a, (void **)&w->folds, &w->foldcap, (size_t)w->nfold + 1, sizeof *w->folds))
            return erg__nomem(w->g);
        w->folds[w->nfold++] = (fold){p, r.idx};
    }
    if (w->nfold > 1) qsort(w->folds, w->nfold, sizeof *w->folds, cmp_fold);
    for (uint32_t i = 0; i < w->nfold; i++) {
        bool start = i == 0 || w->folds[i].prop != w->folds[i - 1].prop;
        int rc;
        if (start && ((rc = key(w, s->props[w->folds[i].prop].name, first)) || (rc = jput_open(w)))) return rc;
        W(!start && ERG_PUTS(w->o, ", "));
        if ((rc = jsid(w, w->g->ents[w->g->rels[w->folds[i].rel].to].id))) return rc;
        W((i + 1 == w->nfold || w->folds[i + 1].prop != w->folds[i].prop) && ERG_PUTS(w->o, "]"));
    }
    return ERG_OK;
}

/* datasets, referents, first_seen... at the top level. */
static int prov(fw *w, erg_kind k, uint32_t idx, bool *first) {
    for (uint32_t c = 0; c < w->g->schema[k].n; c++) {
        erg_value v;
        bool is_prov;
        const char *name = col_name(w, k, c);
        if (!erg__cell_get(w->g, k, c, idx, &v) || !prov_ok(name, &v, &is_prov)) continue;
        int rc = key(w, name, first);
        if (!rc) rc = v.type == ERG_BOOL || v.type == ERG_STRING ? typed(w, &v) : ERG_OK;
        if (!rc && v.type == ERG_LIST) {
            bool vfirst = true;
            if (!(rc = jput_open(w)) && !(rc = values(w, &v, &vfirst))) W(ERG_PUTS(w->o, "]"));
        }
        if (rc) return rc;
    }
    return ERG_OK;
}

/* ---- the "erg" member ------------------------------------------------------------ */
typedef struct extw {
    bool open, attrs_open, first;
} extw;

static int ext_key(fw *w, extw *x, const char *k, bool *first) {
    int rc;
    if (!x->open) {
        if ((rc = key(w, "erg", first))) return rc;
        W(ERG_PUTS(w->o, "{"));
        x->open = x->first = true;
    }
    return key(w, k, &x->first);
}

static int ext_close(fw *w, extw *x) {
    W(x->attrs_open && ERG_PUTS(w->o, "}"));
    W(x->open && ERG_PUTS(w->o, "}"));
    return ERG_OK;
}

/* The attributes the object's FtM form does not carry (all of them for a
 * native object, s NULL). */
static int ext_attrs(fw *w, extw *x, erg_kind k, const erg_ftm_schema *s, uint32_t idx, bool *first) {
    bool afirst = true;
    for (uint32_t c = 0; c < w->g->schema[k].n; c++) {
        erg_value v;
        const erg_ftm_prop *p;
        if (!erg__cell_get(w->g, k, c, idx, &v) || (s && role_of(w, k, s, c, idx, &v, &p) != R_EXTRA)) continue;
        int rc;
        if (!x->attrs_open) {
            if ((rc = ext_key(w, x, "attributes", first))) return rc;
            W(ERG_PUTS(w->o, "{"));
            x->attrs_open = true;
        }
        char spec[32];
        w->buf.len = 0;
        if (erg__buf_printf(&w->buf, "%s:%s", col_name(w, k, c), erg__type_spec(v.type, v.elem, spec)))
            return erg__nomem(w->g);
        if ((rc = key(w, w->buf.p, &afirst)) || (rc = typed(w, &v))) return rc;
    }
    return ERG_OK;
}

static int ext_flags(fw *w, extw *x, bool native, const char *kind, const char *type, int directed, bool *first) {
    int rc;
    if (native && ((rc = ext_key(w, x, "native", first)) || (rc = typed(w, &(erg_value){.type = ERG_BOOL, .u.b = true}))))
        return rc;
    if (kind && ((rc = ext_key(w, x, "kind", first)) || (rc = jstr(w, kind, strlen(kind))))) return rc;
    if (type && ((rc = ext_key(w, x, "type", first)) || (rc = jstr(w, type, strlen(type))))) return rc;
    if (directed >= 0 &&
        ((rc = ext_key(w, x, "directed", first)) || (rc = typed(w, &(erg_value){.type = ERG_BOOL, .u.b = directed}))))
        return rc;
    return ERG_OK;
}

/* ---- entities ------------------------------------------------------------------- */
static bool in_list(const erg_value *v, const char *s, size_t n) {
    if (v->type != ERG_LIST) return false;
    for (size_t i = 0; i < v->u.list.n; i++)
        if (v->u.list.items[i].u.s.len == n && !memcmp(v->u.list.items[i].u.s.ptr, s, n)) return true;
    return false;
}

/* Aliases of an FtM-born entity that no name property holds. */
static int extra_aliases(fw *w, extw *x, uint32_t ent, bool *first) {
    const erg_ent *e = &w->g->ents[ent];
    erg_value lists[3];
    int cols[3] = {w->col[ERG_KIND_ENTITY][SP_NAME_MORE], find_col(w, ERG_KIND_ENTITY, "alias"),
                   find_col(w, ERG_KIND_ENTITY, "weakAlias")};
    for (int i = 0; i < 3; i++)
        if (!get(w, ERG_KIND_ENTITY, cols[i], ent, &lists[i])) lists[i].type = ERG_NULL;
    bool open = false;
    for (uint32_t a = 0; a < e->nalias; a++) {
        const char *s = erg__str(w->g, e->aliases[a]);
        size_t n = erg__pool_len(&w->g->pool, e->aliases[a]);
        if (in_list(&lists[0], s, n) || in_list(&lists[1], s, n) || in_list(&lists[2], s, n)) continue;
        int rc;
        if (!open && ((rc = ext_key(w, x, "aliases", first)) || (rc = jput_open(w)))) return rc;
        W(open && ERG_PUTS(w->o, ", "));
        open = true;
        if ((rc = jsid(w, e->aliases[a]))) return rc;
    }
    W(open && ERG_PUTS(w->o, "]"));
    return ERG_OK;
}

/* The schema a native entity is written with. */
static const erg_ftm_schema *native_thing(const char *type) {
    const erg_ftm_schema *s = erg__ftm_schema_by_type(type);
    return s && !s->edge && !s->abstract ? s : erg__ftm_schema("LegalEntity", 11);
}

static int name_aliases(fw *w, uint32_t ent, bool native, bool *first) {
    const erg_ent *e = &w->g->ents[ent];
    int rc;
    erg_value more;
    bool vfirst = true;
    if (e->name) {
        if ((rc = key(w, "name", first)) || (rc = jput_open(w)) || (rc = jsid(w, e->name))) return rc;
        vfirst = false;
        if (!native && get(w, ERG_KIND_ENTITY, w->col[ERG_KIND_ENTITY][SP_NAME_MORE], ent, &more) &&
            string_list(&more) && (rc = values(w, &more, &vfirst)))
            return rc;
        W(ERG_PUTS(w->o, "]"));
    }
    if (!native || !e->nalias) return ERG_OK;
    if ((rc = key(w, "alias", first)) || (rc = jput_open(w))) return rc;
    for (uint32_t a = 0; a < e->nalias; a++) {
        W(a && ERG_PUTS(w->o, ", "));
        if ((rc = jsid(w, e->aliases[a]))) return rc;
    }
    W(ERG_PUTS(w->o, "]"));
    return ERG_OK;
}

static int write_entity(fw *w, uint32_t i) {
    const erg_ent *e = &w->g->ents[i];
    if (is_placeholder(w, i)) return ERG_OK;
    const erg_ftm_schema *s = thing_schema(w, i);
    bool native = !s, first = true, pfirst = true;
    const char *type = erg__str(w->g, e->type);
    if (native) s = native_thing(type);
    int rc;
    extw x = {0};
    W(ERG_PUTS(w->o, "{"));
    if ((rc = key(w, "id", &first)) || (rc = jsid(w, e->id)) || (rc = key(w, "schema", &first)) ||
        (rc = jstr(w, s->name, strlen(s->name))) || (rc = key(w, "properties", &first)))
        return rc;
    W(ERG_PUTS(w->o, "{"));
    if ((rc = name_aliases(w, i, native, &pfirst)) ||
        (!native && ((rc = prop_attrs(w, ERG_KIND_ENTITY, s, i, &pfirst)) || (rc = fold_props(w, i, s, &pfirst)))))
        return rc;
    W(ERG_PUTS(w->o, "}"));
    if ((!native && (rc = prov(w, ERG_KIND_ENTITY, i, &first))) ||
        (rc = ext_flags(w, &x, native, NULL, strcmp(type, s->snake) ? type : NULL, -1, &first)) ||
        (!native && (rc = extra_aliases(w, &x, i, &first))) ||
        (rc = ext_attrs(w, &x, ERG_KIND_ENTITY, native ? NULL : s, i, &first)) || (rc = ext_close(w, &x)))
        return rc;
    W(ERG_PUTS(w->o, "}\n"));
    return ERG_OK;
}

/* ---- relationships --------------------------------------------------------------- */
static int add_end(fw *w, uint32_t ent, uint32_t *n) {
    for (uint32_t i = 0; i < *n; i++)
        if (w->ends[i] == ent) return ERG_OK;
    if (erg__grow(&w->g->a, (void **)&w->ends, &w->endcap, (size_t)w->nends + 1, sizeof *w->ends))
        return erg__nomem(w->g);
    w->ends[w->nends++] = ent;
    (*n)++;
    return ERG_OK;
}

/* Whether relationships [ri, ri+n) are the pairs of one edge entity, in
 * the order ftm_read.c makes them; fills w->ends with the nf distinct
 * from-entities, then the nt to-entities. */
static int group_ends(fw *w, uint32_t ri, uint32_t n, uint32_t *nf, uint32_t *nt, bool *ok) {
    int rc;
    w->nends = *nf = *nt = 0;
    for (uint32_t k = 0; k < n; k++)
        if ((rc = add_end(w, w->g->rels[ri + k].from, nf))) return rc;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t before = w->nends;
        for (uint32_t j = *nf; j < w->nends; j++)
            if (w->ends[j] == w->g->rels[ri + k].to) goto seen;
        if (erg__grow(&w->g->a, (void **)&w->ends, &w->endcap, (size_t)w->nends + 1, sizeof *w->ends))
            return erg__nomem(w->g);
        w->ends[w->nends++] = w->g->rels[ri + k].to;
        (*nt)++;
    seen:
        (void)before;
    }
    *ok = (uint64_t)*nf * *nt == n;
    for (uint32_t k = 0; *ok && k < n; k++)
        *ok = w->g->rels[ri + k].from == w->ends[k / *nt] && w->g->rels[ri + k].to == w->ends[*nf + k % *nt];
    return ERG_OK;
}

static int ends_prop(fw *w, const char *name, uint32_t from, uint32_t n, bool *first) {
    int rc;
    if ((rc = key(w, name, first)) || (rc = jput_open(w))) return rc;
    for (uint32_t i = 0; i < n; i++) {
        W(i && ERG_PUTS(w->o, ", "));
        if ((rc = jsid(w, w->g->ents[w->ends[from + i]].id))) return rc;
    }
    W(ERG_PUTS(w->o, "]"));
    return ERG_OK;
}

/* An edge entity for relationships [ri, ri+n) (their pairs in w->ends),
 * with id id; s NULL for a native relationship. */
static int write_edge(fw *w, uint32_t ri, uint32_t nf, uint32_t nt, uint32_t id, const erg_ftm_schema *s) {
    const erg_relrec *r = &w->g->rels[ri];
    bool native = !s, first = true, pfirst = true;
    const char *type = erg__str(w->g, r->type);
    if (native) {
        s = erg__ftm_schema_by_type(type);
        if (!s || !s->edge) s = erg__ftm_schema("UnknownLink", 11);
    }
    int rc;
    extw x = {0};
    W(ERG_PUTS(w->o, "{"));
    if ((rc = key(w, "id", &first)) || (rc = jsid(w, id)) || (rc = key(w, "schema", &first)) ||
        (rc = jstr(w, s->name, strlen(s->name))) || (rc = key(w, "properties", &first)))
        return rc;
    W(ERG_PUTS(w->o, "{"));
    if ((rc = ends_prop(w, s->source, 0, nf, &pfirst)) || (rc = ends_prop(w, s->target, nf, nt, &pfirst)) ||
        (!native && (rc = prop_attrs(w, ERG_KIND_REL, s, ri, &pfirst))))
        return rc;
    W(ERG_PUTS(w->o, "}"));
    if ((!native && (rc = prov(w, ERG_KIND_REL, ri, &first))) ||
        (rc = ext_flags(w, &x, native, NULL, strcmp(type, s->snake) ? type : NULL,
                        (bool)r->directed != s->directed ? r->directed : -1, &first)) ||
        (rc = ext_attrs(w, &x, ERG_KIND_REL, native ? NULL : s, ri, &first)) || (rc = ext_close(w, &x)))
        return rc;
    W(ERG_PUTS(w->o, "}\n"));
    return ERG_OK;
}

/* The run of relationships from ri read from one edge entity: alive, in a
 * row, with the same schema and ftm_id. */
static uint32_t run_of(fw *w, uint32_t ri, const erg_value *fid) {
    uint32_t n = 1;
    int sc = w->col[ERG_KIND_REL][SP_SCHEMA], ic = w->col[ERG_KIND_REL][SP_FTM_ID];
    erg_value s0, s, id;
    get(w, ERG_KIND_REL, sc, ri, &s0);
    while (ri + n < w->g->nrel && w->g->rels[ri + n].alive && get(w, ERG_KIND_REL, ic, ri + n, &id) &&
           erg_value_equal(&id, fid) && get(w, ERG_KIND_REL, sc, ri + n, &s) && erg_value_equal(&s, &s0))
        n++;
    return n;
}

/* Writes relationship ri and any that belong with it; *next receives the
 * first relationship after them. */
static int write_rels_at(fw *w, uint32_t ri, uint32_t *next) {
    const erg_relrec *r = &w->g->rels[ri];
    *next = ri + 1;
    if (folds_into(w, ri) != SIZE_MAX) return ERG_OK;
    const erg_ftm_schema *s = schema_of(w, ERG_KIND_REL, ri);
    if (s && !s->edge) s = NULL;
    erg_value fid;
    uint32_t n = 1, nf, nt, id = r->id;
    bool ok = true;
    int rc;
    if (s && get(w, ERG_KIND_REL, w->col[ERG_KIND_REL][SP_FTM_ID], ri, &fid) && fid.type == ERG_STRING) {
        n = run_of(w, ri, &fid);
        if ((rc = group_ends(w, ri, n, &nf, &nt, &ok))) return rc;
        if (ok && erg__intern(w->g, fid.u.s.ptr, fid.u.s.len, &id)) return erg__nomem(w->g);
    }
    if (ok) {
        if (n == 1 && (rc = group_ends(w, ri, 1, &nf, &nt, &ok))) return rc;
        *next = ri + n;
        return write_edge(w, ri, nf, nt, id, s);
    }
    w->keep_ftm_id = true; /* not one entity's pairs after all: each on its own */
    for (uint32_t k = 0; k < n; k++)
        if ((rc = group_ends(w, ri + k, 1, &nf, &nt, &ok)) ||
            (rc = write_edge(w, ri + k, nf, nt, w->g->rels[ri + k].id, s)))
            break;
    w->keep_ftm_id = false;
    *next = ri + n;
    return rc;
}

/* ---- sources ----------------------------------------------------------------------- */
static int write_source(fw *w, uint32_t i) {
    bool first = true, pfirst = true;
    extw x = {0};
    erg_value title;
    int rc, tc = find_col(w, ERG_KIND_SOURCE, "title");
    W(ERG_PUTS(w->o, "{"));
    if ((rc = key(w, "id", &first)) || (rc = jsid(w, w->g->srcs[i].id)) || (rc = key(w, "schema", &first)) ||
        (rc = jstr(w, "Document", 8)) || (rc = key(w, "properties", &first)))
        return rc;
    W(ERG_PUTS(w->o, "{"));
    if (get(w, ERG_KIND_SOURCE, tc, i, &title) && title.type == ERG_STRING &&
        ((rc = key(w, "title", &pfirst)) || (rc = jput_open(w)) || (rc = value_string(w, &title))))
        return rc;
    W(!pfirst && ERG_PUTS(w->o, "]"));
    W(ERG_PUTS(w->o, "}"));
    if ((rc = ext_flags(w, &x, true, "source", NULL, -1, &first)) ||
        (rc = ext_attrs(w, &x, ERG_KIND_SOURCE, NULL, i, &first)) || (rc = ext_close(w, &x)))
        return rc;
    W(ERG_PUTS(w->o, "}\n"));
    return ERG_OK;
}

int erg__ftm_write(erg_graph *g, erg_out *o) {
    fw w;
    memset(&w, 0, sizeof w);
    w.g = g;
    w.o = o;
    erg__buf_init(&w.buf, &g->a);
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < NSPECIAL; i++) w.col[k][i] = find_col(&w, (erg_kind)k, special_names[i]);
    int rc = ERG_OK;
    for (uint32_t i = 0; i < g->nent && !rc; i++) {
        if ((i & 0xFFFF) == 0) erg__progress(g, "writing FollowTheMoney entities", i, g->nent);
        if (g->ents[i].alive) rc = write_entity(&w, i);
    }
    for (uint32_t i = 0; i < g->nrel && !rc;) {
        if ((i & 0xFFFF) == 0) erg__progress(g, "writing FollowTheMoney relationships", i, g->nrel);
        if (!g->rels[i].alive) i++;
        else rc = write_rels_at(&w, i, &i);
    }
    for (uint32_t i = 0; i < g->nsrc && !rc; i++)
        if (g->srcs[i].alive) rc = write_source(&w, i);
    if (!rc) erg__progress(g, "writing FollowTheMoney relationships", g->nrel, g->nrel);
    erg__mem(&g->a, w.folds, (size_t)w.foldcap * sizeof *w.folds, 0);
    erg__mem(&g->a, w.ends, (size_t)w.endcap * sizeof *w.ends, 0);
    erg__buf_free(&w.buf);
    return rc;
}
