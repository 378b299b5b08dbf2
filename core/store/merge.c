/*
 * merge.c -- entity resolution: erg_merge (merge two entities, keeping
 * every name, source and list item, listing conflicts, folding identical
 * relationships, and recording how to undo it), erg_merges and
 * erg_unmerge.
 *
 * The record.  Each merge leaves a text in the graph metadata under
 * "erg:merge:mN", so that it travels with the graph (GraphML keeps
 * metadata).  One line per fact, fields split by single spaces, each field
 * percent-encoded (%, space, ~ and control bytes as %XX) and "~" for
 * "absent":
 *   keep ID | keeptype TYPE | other ID TYPE NAME | alias A   (other's)
 *   attr NAME SPEC TEXT                            (other's attributes)
 *   before NAME SPEC TEXT                          (keep's value before)
 *   added A                                        (aliases keep gained)
 *   moved RELID F|T|B                              (ends that were other)
 *   folded RELID FROM TO TYPE 0|1  and  rattr RELID NAME SPEC TEXT
 *   conflict NAME KEEPTEXT OTHERTEXT
 * Values are in erg's text form (erg__value_text) with their type spec.
 *
 * All or nothing.  The merge first works out everything (no change but
 * interned strings), then makes the fallible changes in an order where
 * each can be taken back without memory: attribute writes on keep are
 * staged (the old cell is kept aside, not freed, until the end), the
 * alias and the record are added, and erg_entity_merge (itself all or
 * nothing) moves the relationships; folding deletes, which cannot fail,
 * come last.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>

#define MERGE_PREFIX "erg:merge:"

/* ---- staged attribute writes -------------------------------------------- */
typedef struct staged {
    uint32_t col, idx;
    bool had;
    erg_cell old;
} staged;
typedef struct stage {
    staged *w;
    uint32_t n, cap;
} stage;

static bool has_cell(const erg_col *c, uint32_t idx) {
    return idx < c->cap && (c->present[idx / 64] >> (idx % 64) & 1);
}

/* Sets (v) or clears (v NULL) entity idx's value in col; the old cell is
 * set aside so that stage_undo can put it back without allocating. */
static int stage_set(erg_graph *g, stage *st, uint32_t col, uint32_t idx, const erg_value *v) {
    if (erg__grow(&g->a, (void **)&st->w, &st->cap, (size_t)st->n + 1, sizeof *st->w))
        return erg__nomem(g);
    erg_col *c = &g->schema[ERG_KIND_ENTITY].cols[col];
    staged s = {col, idx, has_cell(c, idx), {0}};
    if (s.had) {
        s.old = c->cells[idx];
        c->present[idx / 64] &= ~((uint64_t)1 << (idx % 64));
    }
    int rc = v ? erg__cell_set(g, ERG_KIND_ENTITY, col, idx, v) : ERG_OK;
    if (rc) {
        if (s.had) c->present[idx / 64] |= (uint64_t)1 << (idx % 64);
        return rc;
    }
    st->w[st->n++] = s;
    g->version++;
    return ERG_OK;
}

static void stage_undo(erg_graph *g, stage *st) {
    while (st->n > 0) {
        staged *s = &st->w[--st->n];
        erg_col *c = &g->schema[ERG_KIND_ENTITY].cols[s->col];
        erg__cell_clear(g, ERG_KIND_ENTITY, s->col, s->idx);
        if (s->had) {
            c->cells[s->idx] = s->old;
            c->present[s->idx / 64] |= (uint64_t)1 << (s->idx % 64);
        }
    }
}

/* Frees the set-aside lists and the stage. */
static void stage_done(erg_graph *g, stage *st, bool commit) {
    for (uint32_t i = 0; commit && i < st->n; i++) {
        staged *s = &st->w[i];
        erg_list *l = s->old.l;
        if (s->had && g->schema[ERG_KIND_ENTITY].cols[s->col].type == ERG_LIST && l)
            erg__mem(&g->a, l, sizeof *l + l->n * sizeof(erg_value), 0);
    }
    erg__mem(&g->a, st->w, (size_t)st->cap * sizeof *st->w, 0);
    st->w = NULL;
    st->n = st->cap = 0;
}

/* ---- the record's text ---------------------------------------------------- */
static int put_field(erg_buf *b, const char *s, size_t n) {
    if (erg__buf_addc(b, ' ')) return ERG_ENOMEM;
    if (!s) return erg__buf_addc(b, '~');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int rc = c <= ' ' || c == '%' || c == '~' || c == 0x7f ? erg__buf_printf(b, "%%%02X", c)
                                                                 : erg__buf_addc(b, (char)c);
        if (rc) return ERG_ENOMEM;
    }
    return ERG_OK;
}
static int put_str(erg_buf *b, const char *s) { return put_field(b, s, s ? strlen(s) : 0); }

/* "NAME SPEC TEXT" of value v in column c (v NULL: absent). */
static int put_value(erg_buf *b, const erg_col *c, const char *name, const erg_value *v) {
    char spec[32];
    if (put_str(b, name) || put_str(b, erg__type_spec(c->type, c->elem, spec))) return ERG_ENOMEM;
    if (!v) return put_field(b, NULL, 0);
    erg_buf t;
    erg__buf_init(&t, b->a);
    int rc = erg__value_text(&t, v);
    if (!rc) rc = put_field(b, t.p ? t.p : "", t.len);
    erg__buf_free(&t);
    return rc;
}

static int put_line(erg_buf *b, const char *tag) {
    if (b->len && erg__buf_addc(b, '\n')) return ERG_ENOMEM;
    return erg__buf_add(b, tag, strlen(tag));
}

/* Splits a record into lines of decoded fields; fields point into buf (a
 * copy the caller owns), "~" decodes to NULL. */
#define MAX_FIELDS 6
typedef struct rline { const char *f[MAX_FIELDS]; size_t len[MAX_FIELDS]; int n; } rline;

static int hexval(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void decode_line(char *s, rline *l) {
    l->n = 0;
    for (char *p = s; l->n < MAX_FIELDS;) {
        char *end = strchr(p, ' ');
        if (end) *end = '\0';
        char *w = p, *r = p;
        while (*r) {
            if (*r == '%' && hexval(r[1]) >= 0 && hexval(r[2]) >= 0) {
                *w++ = (char)(hexval(r[1]) * 16 + hexval(r[2]));
                r += 3;
            } else {
                *w++ = *r++;
            }
        }
        bool absent = w - p == 1 && *p == '~';
        *w = '\0';
        l->f[l->n] = absent ? NULL : p;
        l->len[l->n++] = absent ? 0 : (size_t)(w - p);
        if (!end) break;
        p = end + 1;
    }
}

/* ---- working out a merge ---------------------------------------------------- */
typedef struct plan {
    erg_buf rec;                   /* the record */
    erg_merge_conflict *conf;
    uint32_t nconf, confcap;
    uint32_t *wcol;                /* columns to write on keep ... */
    erg_value *wval;               /* ... with these values */
    erg_value **wlist;             /* list items to free (NULL for scalars) */
    size_t *wlistn;
    uint32_t nw, wcap, wcap2, wcap3, wcap4;
    uint32_t *fold;                /* relationships to delete */
    uint32_t nfold, foldcap;
    uint32_t moved;
    uint32_t alias_sid;            /* other's id as a new alias, or 0 */
    uint32_t type_sid;             /* keep's new type (policy OTHER), or 0 */
} plan;

static int value_str(erg_graph *g, const erg_value *v, const char **out) {
    erg_buf t;
    erg__buf_init(&t, &g->a);
    uint32_t sid = 0;
    int rc = erg__value_text(&t, v) ? erg__nomem(g) : erg__intern(g, t.p ? t.p : "", t.len, &sid);
    erg__buf_free(&t);
    *out = sid ? erg__str(g, sid) : "";
    return rc;
}

static int add_conflict(erg_graph *g, plan *p, const char *attr, const char *kv, const char *ov) {
    if (erg__grow(&g->a, (void **)&p->conf, &p->confcap, (size_t)p->nconf + 1, sizeof *p->conf))
        return erg__nomem(g);
    erg_merge_conflict c = {attr, kv, ov};
    p->conf[p->nconf++] = c;
    if (put_line(&p->rec, "conflict") || put_str(&p->rec, attr) || put_str(&p->rec, kv) ||
        put_str(&p->rec, ov))
        return erg__nomem(g);
    return ERG_OK;
}

static int add_write(erg_graph *g, plan *p, uint32_t col, erg_value v, erg_value *items, size_t n) {
    size_t need = (size_t)p->nw + 1;
    if (erg__grow(&g->a, (void **)&p->wcol, &p->wcap, need, sizeof *p->wcol) ||
        erg__grow(&g->a, (void **)&p->wval, &p->wcap2, need, sizeof *p->wval) ||
        erg__grow(&g->a, (void **)&p->wlist, &p->wcap3, need, sizeof *p->wlist) ||
        erg__grow(&g->a, (void **)&p->wlistn, &p->wcap4, need, sizeof *p->wlistn)) {
        if (items) erg__mem(&g->a, items, n * sizeof *items, 0);
        return erg__nomem(g);
    }
    p->wcol[p->nw] = col;
    p->wval[p->nw] = v;
    p->wlist[p->nw] = items;
    p->wlistn[p->nw++] = n;
    return ERG_OK;
}

static void plan_free(erg_graph *g, plan *p, bool keep_conflicts) {
    erg__buf_free(&p->rec);
    if (!keep_conflicts) erg__mem(&g->a, p->conf, (size_t)p->confcap * sizeof *p->conf, 0);
    for (uint32_t i = 0; i < p->nw; i++)
        if (p->wlist[i]) erg__mem(&g->a, p->wlist[i], p->wlistn[i] * sizeof(erg_value), 0);
    erg__mem(&g->a, p->wcol, (size_t)p->wcap * sizeof *p->wcol, 0);
    erg__mem(&g->a, p->wval, (size_t)p->wcap2 * sizeof *p->wval, 0);
    erg__mem(&g->a, p->wlist, (size_t)p->wcap3 * sizeof *p->wlist, 0);
    erg__mem(&g->a, p->wlistn, (size_t)p->wcap4 * sizeof *p->wlistn, 0);
    erg__mem(&g->a, p->fold, (size_t)p->foldcap * sizeof *p->fold, 0);
}

int erg__list_union(erg_graph *g, const erg_value *k, const erg_value *o, const erg_value *extra,
                      erg_value **items, size_t *cap, size_t *n) {
    size_t nk = k ? k->u.list.n : 0, no = o ? o->u.list.n : 0;
    *cap = nk + no + 1;
    erg_value *it = erg__mem(&g->a, NULL, 0, *cap * sizeof *it);
    if (!it) return erg__nomem(g);
    size_t m = 0;
    for (size_t i = 0; i < nk; i++) it[m++] = k->u.list.items[i];
    for (size_t i = 0; i <= no; i++) {
        const erg_value *x = i < no ? &o->u.list.items[i] : extra;
        bool dup = !x;
        for (size_t j = 0; j < m && !dup; j++) dup = erg_value_equal(&it[j], x);
        if (!dup) it[m++] = *x;
    }
    if (m == nk) {
        erg__mem(&g->a, it, *cap * sizeof *it, 0);
        it = NULL;
    }
    *items = it;
    *n = m;
    return ERG_OK;
}

static const char *col_name(const erg_graph *g, const erg_col *c) { return erg__str(g, c->name); }

/* Attributes: other's are recorded; lists unioned; scalars that differ are
 * conflicts (written when policy says other wins); keep's value before any
 * change, and the columns erg_entity_merge will copy, go to "before". */
static int plan_attrs(erg_graph *g, plan *p, uint32_t K, uint32_t O, erg_merge_policy policy,
                      uint32_t merged_col) {
    erg_schema *sc = &g->schema[ERG_KIND_ENTITY];
    for (uint32_t c = 0; c < sc->n; c++) {
        const erg_col *col = &sc->cols[c];
        erg_value ov, kv;
        bool ho = erg__cell_get(g, ERG_KIND_ENTITY, c, O, &ov);
        bool hk = erg__cell_get(g, ERG_KIND_ENTITY, c, K, &kv);
        if (ho && (put_line(&p->rec, "attr") || put_value(&p->rec, col, col_name(g, col), &ov)))
            return erg__nomem(g);
        if (!ho || c == merged_col) continue;
        bool change = !hk;
        if (hk && col->type == ERG_LIST) {
            erg_value *items;
            size_t cap, n;
            if (erg__list_union(g, &kv, &ov, NULL, &items, &cap, &n)) return ERG_ENOMEM;
            if (items && add_write(g, p, c, erg_listv(col->elem, items, n), items, cap)) return ERG_ENOMEM;
            change = items != NULL;
        } else if (hk && !erg_value_equal(&kv, &ov)) {
            const char *ks, *os;
            if (value_str(g, &kv, &ks) || value_str(g, &ov, &os) ||
                add_conflict(g, p, col_name(g, col), ks, os))
                return g->errcode;
            change = policy == ERG_MERGE_OTHER;
            if (change && add_write(g, p, c, ov, NULL, 0)) return ERG_ENOMEM;
        }
        if (change && (put_line(&p->rec, "before") || put_value(&p->rec, col, col_name(g, col), hk ? &kv : NULL)))
            return erg__nomem(g);
    }
    return ERG_OK;
}

/* merged_from on keep: what it had, other's, and other's id. */
static int plan_merged_from(erg_graph *g, plan *p, uint32_t K, uint32_t O, uint32_t mcol) {
    const erg_col *col = &g->schema[ERG_KIND_ENTITY].cols[mcol];
    erg_value kv, ov, id = erg_str(erg__str(g, g->ents[O].id));
    bool hk = erg__cell_get(g, ERG_KIND_ENTITY, mcol, K, &kv);
    bool ho = erg__cell_get(g, ERG_KIND_ENTITY, mcol, O, &ov);
    erg_value *items;
    size_t cap, n;
    if (erg__list_union(g, hk ? &kv : NULL, ho ? &ov : NULL, &id, &items, &cap, &n)) return ERG_ENOMEM;
    if (!items) return ERG_OK;
    if (add_write(g, p, mcol, erg_listv(ERG_STRING, items, n), items, cap)) return ERG_ENOMEM;
    if (put_line(&p->rec, "before") || put_value(&p->rec, col, "merged_from", hk ? &kv : NULL))
        return erg__nomem(g);
    return ERG_OK;
}

/* As graph.c's name index compares: ASCII letters ignoring case. */
static bool ascii_same(const erg_graph *g, uint32_t a, uint32_t b) {
    if (a == b) return true;
    uint32_t n = erg__pool_len(&g->pool, a);
    if (n != erg__pool_len(&g->pool, b)) return false;
    const char *x = erg__str(g, a), *y = erg__str(g, b);
    for (uint32_t i = 0; i < n; i++) {
        char c = x[i], d = y[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (d >= 'A' && d <= 'Z') d = (char)(d + 32);
        if (c != d) return false;
    }
    return true;
}

static bool keep_has_name(const erg_graph *g, const erg_ent *k, uint32_t s, const uint32_t *more,
                          uint32_t nmore) {
    if (k->name && ascii_same(g, k->name, s)) return true;
    for (uint32_t j = 0; j < k->nalias; j++)
        if (ascii_same(g, k->aliases[j], s)) return true;
    for (uint32_t j = 0; j < nmore; j++)
        if (ascii_same(g, more[j], s)) return true;
    return false;
}

/* Names keep gains, in erg_entity_merge's order (name, aliases), then
 * other's id, which this file adds itself. */
static int plan_aliases(erg_graph *g, plan *p, uint32_t K, uint32_t O) {
    const erg_ent *k = &g->ents[K], *o = &g->ents[O];
    uint32_t n = o->nalias + 2, m = 0;
    uint32_t *got = erg__mem(&g->a, NULL, 0, n * sizeof *got);
    if (!got) return erg__nomem(g);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t s = i == 0 ? o->name : i <= o->nalias ? o->aliases[i - 1] : o->id;
        if (!s || keep_has_name(g, k, s, got, m)) continue;
        got[m++] = s;
        if (i == n - 1) p->alias_sid = s;
    }
    int rc = ERG_OK;
    for (uint32_t i = 0; i < m && !rc; i++)
        if (put_line(&p->rec, "added") || put_str(&p->rec, erg__str(g, got[i]))) rc = erg__nomem(g);
    erg__mem(&g->a, got, n * sizeof *got, 0);
    return rc;
}

/* ---- relationships: moved ones and identical ones ---------------------------- */
typedef struct rkey { uint32_t type, from, to, directed, ri, moved; } rkey;

static int cmp_rkey(const void *a, const void *b) {
    const rkey *x = a, *y = b;
#define CMP(f) if (x->f != y->f) return x->f < y->f ? -1 : 1;
    CMP(type) CMP(from) CMP(to) CMP(directed) CMP(ri)
#undef CMP
    return 0;
}

static bool same_attrs(const erg_graph *g, uint32_t a, uint32_t b) {
    const erg_schema *sc = &g->schema[ERG_KIND_REL];
    for (uint32_t c = 0; c < sc->n; c++) {
        erg_value x, y;
        bool hx = erg__cell_get(g, ERG_KIND_REL, c, a, &x), hy = erg__cell_get(g, ERG_KIND_REL, c, b, &y);
        if (hx != hy || (hx && !erg_value_equal(&x, &y))) return false;
    }
    return true;
}

static int record_rel(erg_graph *g, plan *p, uint32_t ri) {
    const erg_relrec *r = &g->rels[ri];
    erg_buf *b = &p->rec;
    if (put_line(b, "folded") || put_str(b, erg__str(g, r->id)) ||
        put_str(b, erg__str(g, g->ents[r->from].id)) || put_str(b, erg__str(g, g->ents[r->to].id)) ||
        put_str(b, erg__str(g, r->type)) || put_str(b, r->directed ? "1" : "0"))
        return erg__nomem(g);
    const erg_schema *sc = &g->schema[ERG_KIND_REL];
    for (uint32_t c = 0; c < sc->n; c++) {
        erg_value v;
        if (!erg__cell_get(g, ERG_KIND_REL, c, ri, &v)) continue;
        if (put_line(b, "rattr") || put_str(b, erg__str(g, r->id)) ||
            put_value(b, &sc->cols[c], col_name(g, &sc->cols[c]), &v))
            return erg__nomem(g);
    }
    return ERG_OK;
}

/* Collects the relationships of keep and other with their ends as they
 * will be (other -> keep; undirected ones with ordered ends), records the
 * moved ones, and plans to fold each that equals an older one in every
 * way when at least one of the two was other's. */
static int plan_rels(erg_graph *g, plan *p, uint32_t K, uint32_t O) {
    uint32_t n = 0, cap = 0;
    rkey *keys = NULL;
    int rc = ERG_OK;
    for (int pass = 0; pass < 4 && !rc; pass++) {
        uint32_t e = pass < 2 ? K : O;
        bool out = pass % 2 == 0;
        for (uint32_t ri = out ? g->ents[e].first_out : g->ents[e].first_in; ri != ERG_NONE;
             ri = out ? g->rels[ri].next_out : g->rels[ri].next_in) {
            const erg_relrec *r = &g->rels[ri];
            /* each relationship once: from its from's out-list when that is
             * keep or other, else from the in-list */
            if (!out && (r->from == K || r->from == O)) continue;
            if (erg__grow(&g->a, (void **)&keys, &cap, (size_t)n + 1, sizeof *keys)) { rc = erg__nomem(g); break; }
            rkey k = {r->type, r->from == O ? K : r->from, r->to == O ? K : r->to, r->directed, ri,
                      (r->from == O) | (r->to == O) << 1};
            if (!k.directed && k.from > k.to) { uint32_t t = k.from; k.from = k.to; k.to = t; }
            keys[n++] = k;
            if (k.moved) {
                p->moved++;
                if (put_line(&p->rec, "moved") || put_str(&p->rec, erg__str(g, r->id)) ||
                    put_str(&p->rec, k.moved == 3 ? "B" : k.moved == 1 ? "F" : "T"))
                    rc = erg__nomem(g);
            }
        }
    }
    if (!rc && n > 1) qsort(keys, n, sizeof *keys, cmp_rkey);
    for (uint32_t i = 0; !rc && i < n; i++) {
        for (uint32_t j = i; j-- > 0;) {
            const rkey *a = &keys[j], *b = &keys[i];
            if (a->type != b->type || a->from != b->from || a->to != b->to || a->directed != b->directed) break;
            if (a->ri == ERG_NONE || !(a->moved || b->moved) || !same_attrs(g, a->ri, b->ri)) continue;
            if (erg__grow(&g->a, (void **)&p->fold, &p->foldcap, (size_t)p->nfold + 1, sizeof *p->fold) ||
                record_rel(g, p, b->ri)) {
                rc = erg__nomem(g);
                break;
            }
            p->fold[p->nfold++] = b->ri;
            keys[i].ri = ERG_NONE; /* folded: not a target for later ones */
            break;
        }
    }
    erg__mem(&g->a, keys, (size_t)cap * sizeof *keys, 0);
    return rc;
}

/* ---- erg_merge ------------------------------------------------------------------ */
static bool is_record(const erg_graph *g, uint32_t i, unsigned long *num) {
    const char *k = erg__str(g, g->meta[2 * i]);
    if (!g->meta[2 * i + 1] || strncmp(k, MERGE_PREFIX "m", sizeof MERGE_PREFIX)) return false;
    char *end;
    unsigned long n = strtoul(k + sizeof MERGE_PREFIX, &end, 10);
    if (*end || n == 0) return false;
    if (num) *num = n;
    return true;
}

static unsigned long next_merge_number(const erg_graph *g) {
    unsigned long best = 0, n;
    for (uint32_t i = 0; i < g->nmeta; i++)
        if (is_record(g, i, &n) && n > best) best = n;
    return best + 1;
}

static int strict_error(erg_graph *g, const plan *p, uint32_t K, uint32_t O) {
    erg_buf b;
    erg__buf_init(&b, &g->a);
    for (uint32_t i = 0; i < p->nconf; i++)
        erg__buf_printf(&b, "%s%s ('%s' / '%s')", i ? ", " : "", p->conf[i].attr, p->conf[i].keep_value,
                        p->conf[i].other_value);
    int rc = erg__err(g, ERG_EEXIST, "cannot merge '%s' into '%s': %u conflicting value%s: %s",
                      erg__str(g, g->ents[O].id), erg__str(g, g->ents[K].id), p->nconf,
                      p->nconf == 1 ? "" : "s", b.p ? b.p : "");
    erg__buf_free(&b);
    return rc;
}

static int merged_column(erg_graph *g, uint32_t *col) {
    uint32_t sid;
    if (erg__intern(g, "merged_from", 11, &sid)) return g->errcode;
    int c = erg__col_find(g, ERG_KIND_ENTITY, sid);
    if (c < 0) return erg__col_declare(g, ERG_KIND_ENTITY, sid, ERG_LIST, ERG_STRING, col);
    const erg_col *cc = &g->schema[ERG_KIND_ENTITY].cols[c];
    if (cc->type != ERG_LIST || cc->elem != ERG_STRING)
        return erg__err(g, ERG_ETYPE, "entity attribute 'merged_from' must be string[] to record merges");
    *col = (uint32_t)c;
    return ERG_OK;
}

/* Everything about the merge, before anything changes. */
static int plan_merge(erg_graph *g, plan *p, uint32_t K, uint32_t O, erg_merge_policy policy,
                      uint32_t *mcol) {
    const erg_ent *k = &g->ents[K], *o = &g->ents[O];
    erg_buf *b = &p->rec;
    if (merged_column(g, mcol)) return g->errcode;
    if (put_line(b, "keep") || put_str(b, erg__str(g, k->id)) || put_line(b, "keeptype") ||
        put_str(b, erg__str(g, k->type)) || put_line(b, "other") || put_str(b, erg__str(g, o->id)) ||
        put_str(b, erg__str(g, o->type)) || put_str(b, erg__str(g, o->name)))
        return erg__nomem(g);
    for (uint32_t i = 0; i < o->nalias; i++)
        if (put_line(b, "alias") || put_str(b, erg__str(g, o->aliases[i]))) return erg__nomem(g);
    if (k->type != o->type) {
        if (add_conflict(g, p, "type", erg__str(g, k->type), erg__str(g, o->type))) return g->errcode;
        if (policy == ERG_MERGE_OTHER) p->type_sid = o->type;
    }
    int rc = plan_attrs(g, p, K, O, policy, *mcol);
    if (!rc) rc = plan_merged_from(g, p, K, O, *mcol);
    if (!rc) rc = plan_aliases(g, p, K, O);
    if (!rc) rc = plan_rels(g, p, K, O);
    return rc;
}

void erg_merge_report_free(erg_graph *g, erg_merge_report *r) {
    if (!r) return;
    erg__mem(&g->a, r->conflicts, r->nconflicts * sizeof *r->conflicts, 0);
    memset(r, 0, sizeof *r);
}

static int fill_report(erg_graph *g, plan *p, const char *id, erg_merge_report *r) {
    memset(r, 0, sizeof *r);
    r->id = id;
    r->folded = p->nfold;
    r->moved = p->moved;
    if (!p->nconf) return ERG_OK;
    r->conflicts = erg__mem(&g->a, NULL, 0, p->nconf * sizeof *r->conflicts);
    if (!r->conflicts) return erg__nomem(g);
    memcpy(r->conflicts, p->conf, p->nconf * sizeof *r->conflicts);
    r->nconflicts = p->nconf;
    return ERG_OK;
}

/* The changes, in the order the file head explains. */
static int apply_merge(erg_graph *g, plan *p, erg_entity keep, erg_entity other, const char *key,
                       stage *st) {
    uint32_t K = keep.idx, old_type = g->ents[K].type;
    bool aliased = false;
    int rc = ERG_OK;
    for (uint32_t i = 0; i < p->nw && !rc; i++) rc = stage_set(g, st, p->wcol[i], K, &p->wval[i]);
    if (!rc && p->alias_sid) {
        rc = erg__ent_add_alias(g, K, p->alias_sid);
        aliased = rc == ERG_OK;
    }
    if (!rc) rc = erg_graph_set_meta(g, key, p->rec.p);
    if (!rc) {
        if (p->type_sid) g->ents[K].type = p->type_sid;
        rc = erg_entity_merge(g, keep, other);
        if (rc) g->ents[K].type = old_type;
    }
    if (rc) {
        if (aliased) erg_entity_remove_alias(g, keep, erg__str(g, p->alias_sid));
        stage_undo(g, st);
        return rc;
    }
    for (uint32_t i = 0; i < p->nfold; i++) {
        erg_rel r = {p->fold[i], g->rels[p->fold[i]].gen};
        erg_rel_delete(g, r);
    }
    return ERG_OK;
}

int erg_merge(erg_graph *g, erg_entity keep, erg_entity other, erg_merge_policy policy,
              erg_merge_report *report) {
    if (report) memset(report, 0, sizeof *report);
    if (erg_entity_check(g, keep) || erg_entity_check(g, other)) return g->errcode;
    if (keep.idx == other.idx)
        return erg__err(g, ERG_EINVAL, "cannot merge entity '%s' into itself", erg__str(g, g->ents[keep.idx].id));
    if ((unsigned)policy > ERG_MERGE_STRICT) return erg__err(g, ERG_EINVAL, "unknown merge policy %d", (int)policy);
    erg_mark m = erg__mark(g);
    plan p;
    memset(&p, 0, sizeof p);
    erg__buf_init(&p.rec, &g->a);
    stage st = {NULL, 0, 0};
    uint32_t mcol, kid = 0;
    char key[64];
    snprintf(key, sizeof key, MERGE_PREFIX "m%lu", next_merge_number(g));
    int rc = plan_merge(g, &p, keep.idx, other.idx, policy, &mcol);
    if (!rc && policy == ERG_MERGE_STRICT && p.nconf) rc = strict_error(g, &p, keep.idx, other.idx);
    if (!rc && erg__buf_addc(&p.rec, '\0')) rc = erg__nomem(g);
    if (!rc) rc = erg__intern(g, key + sizeof MERGE_PREFIX - 1, strlen(key + sizeof MERGE_PREFIX - 1), &kid);
    erg_merge_report r = {0};
    if (!rc) rc = fill_report(g, &p, erg__str(g, kid), &r);
    if (!rc) rc = apply_merge(g, &p, keep, other, key, &st);
    if (!rc && report) *report = r;
    else erg_merge_report_free(g, &r);
    stage_done(g, &st, rc == ERG_OK);
    plan_free(g, &p, false);
    if (rc) erg__rollback(g, &m);
    return rc;
}

/* ---- listing and undoing ------------------------------------------------------- */
void erg_merges_free(erg_graph *g, erg_merge_list *l) {
    if (!l) return;
    erg__mem(&g->a, l->ids, l->n * sizeof *l->ids, 0);
    erg__mem(&g->a, l->keep, l->n * sizeof *l->keep, 0);
    erg__mem(&g->a, l->other, l->n * sizeof *l->other, 0);
    memset(l, 0, sizeof *l);
}

/* The id of the entity a record's "keep" or "other" line names: the first
 * space-separated field after the tag, decoded, interned. */
static int record_field(erg_graph *g, uint32_t rec_sid, const char *tag, const char **out) {
    const char *s = erg__str(g, rec_sid);
    size_t tl = strlen(tag);
    *out = NULL;
    for (const char *l = s; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        if (strncmp(l, tag, tl) || l[tl] != ' ') continue;
        const char *f = l + tl + 1, *end = f + strcspn(f, " \n");
        char small[256];
        size_t n = (size_t)(end - f);
        char *tmp = n < sizeof small ? small : erg__mem(&g->a, NULL, 0, n + 1);
        if (!tmp) return erg__nomem(g);
        memcpy(tmp, f, n);
        tmp[n] = '\0';
        rline rl;
        decode_line(tmp, &rl);
        uint32_t sid = 0;
        int rc = rl.f[0] ? erg__intern(g, rl.f[0], rl.len[0], &sid) : ERG_OK;
        if (tmp != small) erg__mem(&g->a, tmp, n + 1, 0);
        if (rc) return rc;
        *out = sid ? erg__str(g, sid) : NULL;
        return ERG_OK;
    }
    return ERG_OK;
}

int erg_merges(erg_graph *g, erg_merge_list *out) {
    memset(out, 0, sizeof *out);
    size_t n = 0;
    unsigned long num;
    for (uint32_t i = 0; i < g->nmeta; i++) n += is_record(g, i, NULL);
    if (!n) return ERG_OK;
    out->ids = erg__mem(&g->a, NULL, 0, n * sizeof *out->ids);
    out->keep = erg__mem(&g->a, NULL, 0, n * sizeof *out->keep);
    out->other = erg__mem(&g->a, NULL, 0, n * sizeof *out->other);
    unsigned long *nums = erg__mem(&g->a, NULL, 0, n * sizeof *nums);
    int rc = out->ids && out->keep && out->other && nums ? ERG_OK : erg__nomem(g);
    out->n = n;
    size_t k = 0;
    for (uint32_t i = 0; !rc && i < g->nmeta; i++) {
        if (!is_record(g, i, &num)) continue;
        /* insertion sort by number: records are few */
        size_t j = k++;
        while (j > 0 && nums[j - 1] > num) {
            nums[j] = nums[j - 1];
            out->ids[j] = out->ids[j - 1];
            out->keep[j] = out->keep[j - 1];
            out->other[j] = out->other[j - 1];
            j--;
        }
        nums[j] = num;
        out->ids[j] = erg__str(g, g->meta[2 * i]) + sizeof MERGE_PREFIX - 1;
        rc = record_field(g, g->meta[2 * i + 1], "keep", &out->keep[j]);
        if (!rc) rc = record_field(g, g->meta[2 * i + 1], "other", &out->other[j]);
    }
    if (nums) erg__mem(&g->a, nums, n * sizeof *nums, 0);
    if (rc) {
        if (out->ids) erg__mem(&g->a, out->ids, n * sizeof *out->ids, 0);
        if (out->keep) erg__mem(&g->a, out->keep, n * sizeof *out->keep, 0);
        if (out->other) erg__mem(&g->a, out->other, n * sizeof *out->other, 0);
        memset(out, 0, sizeof *out);
    }
    return rc;
}

/* The value text of a record in the column named name of kind k (declared
 * from spec when the column is gone).  List items go to *items (cap
 * elements, the caller frees). */
static int parse_value(erg_graph *g, erg_kind k, const rline *l, int at, uint32_t *col, erg_value *v,
                       erg_value **items, size_t *cap) {
    const char *name = l->f[at], *spec = l->f[at + 1];
    char *text = (char *)l->f[at + 2];
    size_t len = l->len[at + 2];
    erg_type t, elem;
    uint32_t sid;
    *items = NULL;
    *cap = 0;
    if (!name || !spec || erg__parse_type(spec, l->len[at + 1], &t, &elem))
        return erg__err(g, ERG_EINVAL, "bad merge record: attribute line");
    if (erg__intern(g, name, l->len[at], &sid)) return g->errcode;
    int c = erg__col_find(g, k, sid);
    if (c < 0 && erg__col_declare(g, k, sid, t, elem, col)) return g->errcode;
    if (c >= 0) *col = (uint32_t)c;
    const erg_col *cc = &g->schema[k].cols[*col];
    if (cc->type != t || (t == ERG_LIST && cc->elem != elem))
        return erg__err(g, ERG_ETYPE, "cannot undo the merge: attribute '%s' changed type", name);
    if (!text) { v->type = ERG_NULL; return ERG_OK; }
    if (t != ERG_LIST) {
        if (erg__scalar_parse(t, text, len, v)) return erg__err(g, ERG_EINVAL, "bad merge record: value of '%s'", name);
        return ERG_OK;
    }
    *cap = erg__list_count(text, len);
    *items = erg__mem(&g->a, NULL, 0, *cap * sizeof **items);
    if (!*items) return erg__nomem(g);
    size_t n, bad;
    if (erg__list_parse(text, len, elem, *items, &n, &bad))
        return erg__err(g, ERG_EINVAL, "bad merge record: value of '%s'", name);
    *v = erg_listv(elem, *items, n);
    return ERG_OK;
}

/* Sets an attribute from record line l (fields from at) on object idx of
 * kind k: a new object directly, keep through the stage. */
static int restore_attr(erg_graph *g, erg_kind k, uint32_t idx, const rline *l, int at, stage *st) {
    uint32_t col;
    erg_value v;
    erg_value *items;
    size_t cap;
    if (l->n < at + 3) return erg__err(g, ERG_EINVAL, "bad merge record: attribute line");
    int rc = parse_value(g, k, l, at, &col, &v, &items, &cap);
    if (!rc) {
        if (st) rc = stage_set(g, st, col, idx, v.type == ERG_NULL ? NULL : &v);
        else if (v.type != ERG_NULL) rc = erg__cell_set(g, k, col, idx, &v);
    }
    if (items) erg__mem(&g->a, items, cap * sizeof *items, 0);
    return rc;
}

static uint32_t ent_of_id(const erg_graph *g, const char *id) {
    return id ? erg__ent_lookup(g, erg__pool_find(&g->pool, id, strlen(id))) : ERG_NONE;
}

typedef struct undo {
    const char *id;
    uint32_t K, O, keeptype;
    uint32_t last_rel;
    stage st;
} undo;

/* A line that adds back (fallible; taken back by rollback and the stage). */
static int undo_line(erg_graph *g, undo *u, const rline *l) {
    const char *tag = l->f[0];
    if (!tag) return ERG_OK;
    if (!strcmp(tag, "alias") && l->n >= 2 && l->f[1]) {
        uint32_t sid;
        if (erg__intern(g, l->f[1], l->len[1], &sid)) return g->errcode;
        return erg__ent_add_alias(g, u->O, sid);
    }
    if (!strcmp(tag, "attr")) return restore_attr(g, ERG_KIND_ENTITY, u->O, l, 1, NULL);
    if (!strcmp(tag, "before")) return restore_attr(g, ERG_KIND_ENTITY, u->K, l, 1, &u->st);
    if (!strcmp(tag, "rattr")) {
        if (u->last_rel == ERG_NONE) return erg__err(g, ERG_EINVAL, "bad merge record: rattr line");
        return restore_attr(g, ERG_KIND_REL, u->last_rel, l, 2, NULL);
    }
    if (!strcmp(tag, "folded")) {
        if (l->n < 6 || !l->f[1] || !l->f[4]) return erg__err(g, ERG_EINVAL, "bad merge record: folded line");
        uint32_t from = ent_of_id(g, l->f[2]), to = ent_of_id(g, l->f[3]), id, type;
        if (from == ERG_NONE || to == ERG_NONE)
            return erg__err(g, ERG_EINVAL, "cannot undo merge %s: entity '%s' is gone", u->id,
                            from == ERG_NONE ? l->f[2] : l->f[3]);
        if (erg__intern(g, l->f[1], l->len[1], &id) || erg__intern(g, l->f[4], l->len[4], &type))
            return g->errcode;
        if (erg__rel_lookup(g, id) != ERG_NONE)
            return erg__err(g, ERG_EINVAL, "cannot undo merge %s: relationship id '%s' is in use", u->id, l->f[1]);
        return erg__rel_add(g, id, from, to, type, l->f[5] && l->f[5][0] == '1', &u->last_rel);
    }
    if (!strcmp(tag, "keeptype") && l->n >= 2 && l->f[1]) return erg__intern(g, l->f[1], l->len[1], &u->keeptype);
    return ERG_OK;
}

/* A line that takes away or re-points (cannot fail). */
static void undo_final(erg_graph *g, undo *u, const rline *l) {
    const char *tag = l->f[0];
    if (!tag || l->n < 2 || !l->f[1]) return;
    if (!strcmp(tag, "added")) {
        erg_entity k = {u->K, g->ents[u->K].gen};
        int code = g->errcode;
        char msg[sizeof g->errmsg];
        memcpy(msg, g->errmsg, sizeof msg);
        erg_entity_remove_alias(g, k, l->f[1]); /* absent: removed since; fine */
        g->errcode = code;
        memcpy(g->errmsg, msg, sizeof msg);
    } else if (!strcmp(tag, "moved") && l->n >= 3 && l->f[2]) {
        uint32_t ri = erg__rel_find(g, l->f[1], l->len[1]);
        if (ri == ERG_NONE || !g->rels[ri].alive) return;
        const erg_relrec *r = &g->rels[ri];
        char e = l->f[2][0];
        uint32_t from = (e == 'F' || e == 'B') && r->from == u->K ? u->O : r->from;
        uint32_t to = (e == 'T' || e == 'B') && r->to == u->K ? u->O : r->to;
        erg__rel_repoint(g, ri, from, to);
    }
}

/* Runs the record's lines through undo_line or undo_final.  copy holds
 * room for the record (decoding writes into it), allocated beforehand so
 * that the final pass cannot fail. */
static int each_line(erg_graph *g, uint32_t rec, char *copy, undo *u, bool final) {
    memcpy(copy, erg__str(g, rec), (size_t)erg__pool_len(&g->pool, rec) + 1);
    int rc = ERG_OK;
    for (char *line = copy; line && !rc;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        rline l;
        decode_line(line, &l);
        if (final) undo_final(g, u, &l);
        else rc = undo_line(g, u, &l);
        line = nl ? nl + 1 : NULL;
    }
    return rc;
}

static int find_record(erg_graph *g, const char *id, uint32_t *at, unsigned long *num) {
    for (uint32_t i = 0; id && i < g->nmeta; i++)
        if (is_record(g, i, num) && !strcmp(erg__str(g, g->meta[2 * i]) + sizeof MERGE_PREFIX - 1, id)) {
            *at = i;
            return ERG_OK;
        }
    return erg__err(g, ERG_ENOTFOUND, "no merge '%s'", id ? id : "");
}

/* Refuses when keep is gone, other's id is taken or a later merge went
 * into the same entity. */
static int undo_check(erg_graph *g, uint32_t at, unsigned long num, const char *keep, const char *other,
                      const char *id) {
    if (!keep || !other) return erg__err(g, ERG_EINVAL, "bad merge record '%s'", id);
    if (ent_of_id(g, keep) == ERG_NONE)
        return erg__err(g, ERG_EINVAL, "cannot undo merge %s: entity '%s' is gone", id, keep);
    if (ent_of_id(g, other) != ERG_NONE)
        return erg__err(g, ERG_EINVAL, "cannot undo merge %s: entity id '%s' is in use", id, other);
    unsigned long n;
    for (uint32_t i = 0; i < g->nmeta; i++) {
        const char *k;
        if (i == at || !is_record(g, i, &n) || n < num) continue;
        if (record_field(g, g->meta[2 * i + 1], "keep", &k)) return g->errcode;
        if (k && !strcmp(k, keep))
            return erg__err(g, ERG_EINVAL, "cannot undo merge %s: merge %s into '%s' came later; undo it first",
                            id, erg__str(g, g->meta[2 * i]) + sizeof MERGE_PREFIX - 1, keep);
    }
    return ERG_OK;
}

int erg_unmerge(erg_graph *g, const char *id) {
    uint32_t at = 0;
    unsigned long num = 0;
    const char *keep, *other;
    if (find_record(g, id, &at, &num)) return g->errcode;
    uint32_t rec = g->meta[2 * at + 1];
    if (record_field(g, rec, "keep", &keep) || record_field(g, rec, "other", &other) ||
        undo_check(g, at, num, keep, other, id))
        return g->errcode;
    /* other's type and name: the fields after its id */
    rline ol = {0};
    char *oline = NULL;
    size_t olen = 0;
    {
        const char *s = erg__str(g, rec), *p = strstr(s, "\nother ");
        p = p ? p + 1 : (!strncmp(s, "other ", 6) ? s : NULL);
        if (!p) return erg__err(g, ERG_EINVAL, "bad merge record '%s'", id);
        olen = strcspn(p, "\n");
        oline = erg__mem(&g->a, NULL, 0, olen + 1);
        if (!oline) return erg__nomem(g);
        memcpy(oline, p, olen);
        oline[olen] = '\0';
        decode_line(oline, &ol);
    }
    erg_mark m = erg__mark(g);
    undo u = {id, ent_of_id(g, keep), ERG_NONE, 0, ERG_NONE, {NULL, 0, 0}};
    uint32_t oid, otype, oname = 0;
    int rc = ol.n >= 4 && ol.f[1] && ol.f[2] ? ERG_OK : erg__err(g, ERG_EINVAL, "bad merge record '%s'", id);
    if (!rc && (erg__intern(g, ol.f[1], ol.len[1], &oid) || erg__intern(g, ol.f[2], ol.len[2], &otype) ||
                (ol.f[3] && erg__intern(g, ol.f[3], ol.len[3], &oname))))
        rc = g->errcode;
    erg__mem(&g->a, oline, olen + 1, 0);
    if (!rc) rc = erg__ent_add(g, oid, otype, oname, &u.O);
    size_t rlen = (size_t)erg__pool_len(&g->pool, rec) + 1;
    char *copy = rc ? NULL : erg__mem(&g->a, NULL, 0, rlen);
    if (!rc && !copy) rc = erg__nomem(g);
    if (!rc) rc = each_line(g, rec, copy, &u, false);
    if (rc) {
        if (copy) erg__mem(&g->a, copy, rlen, 0);
        stage_undo(g, &u.st);
        stage_done(g, &u.st, false);
        erg__rollback(g, &m);
        return rc;
    }
    /* from here on nothing can fail */
    if (u.keeptype) g->ents[u.K].type = u.keeptype;
    each_line(g, rec, copy, &u, true);
    erg__mem(&g->a, copy, rlen, 0);
    g->meta[2 * at + 1] = 0; /* the record is gone (the key stays, empty) */
    g->version++;
    stage_done(g, &u.st, true);
    return ERG_OK;
}
