/*
 * diff.c -- what changed between two graphs (erg_diff_graphs): entities,
 * relationships and sources matched by id, each added, removed or changed
 * (with the fields that differ).  `erg diff` prints it; with --from-date
 * and --to-date the two graphs are one graph at two dates (asof.c).
 */
#include "store.h"

#include <string.h>

/* The diff under construction: items and their field lists in one text
 * buffer (offsets while it grows, pointers at the end). */
typedef struct builder {
    erg_graph *g;
    erg_diff_item *items;
    size_t n, cap;
    size_t *off;
    erg_buf text;
} builder;

static int add_item(builder *b, erg_kind k, erg_diff_change c, const char *id, size_t off) {
    if (b->n == b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 16;
        erg_diff_item *ni = erg__mem(&b->g->a, b->items, b->cap * sizeof *ni, ncap * sizeof *ni);
        if (!ni) return erg__nomem(b->g);
        b->items = ni;
        size_t *no = erg__mem(&b->g->a, b->off, b->cap * sizeof *no, ncap * sizeof *no);
        if (!no) return erg__nomem(b->g);
        b->off = no;
        b->cap = ncap;
    }
    erg_diff_item it = {k, c, id, NULL};
    b->items[b->n] = it;
    b->off[b->n++] = off;
    return ERG_OK;
}

/* Appends ", name" (or "name") to the field list of the current item. */
static int add_field(builder *b, size_t start, const char *name) {
    int rc = b->text.len > start ? erg__buf_add(&b->text, ", ", 2) : ERG_OK;
    return rc ? rc : erg__buf_add(&b->text, name, strlen(name));
}

static bool str_eq(const char *x, const char *y) {
    return (!x && !y) || (x && y && !strcmp(x, y));
}

/* The attributes of o in a and p in b that differ, by name, over both
 * schemas (a value absent on one side differs from any value). */
static int attrs_differ(builder *bd, erg_graph *a, erg_obj o, erg_graph *b, erg_obj p, size_t start) {
    erg_kind k = o.kind;
    int rc;
    for (int side = 0; side < 2; side++) {
        erg_graph *g = side ? b : a, *h = side ? a : b;
        for (size_t i = 0; i < erg_schema_count(g, k); i++) {
            const char *name = erg_schema_name(g, k, i);
            erg_value x, y;
            if (side) { /* names in both schemas were seen from a's side */
                bool both = false;
                for (size_t j = 0; j < erg_schema_count(h, k) && !both; j++)
                    both = !strcmp(erg_schema_name(h, k, j), name);
                if (both) continue;
            }
            if ((rc = erg_attr_get(g, side ? p : o, name, &x))) return rc;
            if ((rc = erg_attr_get(h, side ? o : p, name, &y)) && rc != ERG_ENOTFOUND) return rc;
            if (rc == ERG_ENOTFOUND) y.type = ERG_NULL;
            if (!erg_value_equal(&x, &y) && (rc = add_field(bd, start, name))) return rc;
        }
    }
    return ERG_OK;
}

static bool same_aliases(erg_graph *a, erg_entity e, erg_graph *b, erg_entity f) {
    size_t n = erg_entity_alias_count(a, e);
    if (n != erg_entity_alias_count(b, f)) return false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(erg_entity_alias(a, e, i), erg_entity_alias(b, f, i))) return false;
    return true;
}

static int diff_entities(builder *bd, erg_graph *a, erg_graph *b) {
    erg_iter it = erg_entities(a, NULL);
    erg_entity e, f;
    int rc;
    while (erg_entity_next(a, &it, &e)) {
        const char *id = erg_entity_id(a, e);
        size_t start = bd->text.len;
        if (erg_entity_by_id(b, id, &f) != ERG_OK) {
            if ((rc = add_item(bd, ERG_KIND_ENTITY, ERG_DIFF_REMOVED, id, start)) || (rc = erg__buf_addc(&bd->text, 0)))
                return rc;
            continue;
        }
        if (!str_eq(erg_entity_type(a, e), erg_entity_type(b, f)) && (rc = add_field(bd, start, "type"))) return rc;
        if (!str_eq(erg_entity_name(a, e), erg_entity_name(b, f)) && (rc = add_field(bd, start, "name"))) return rc;
        if (!same_aliases(a, e, b, f) && (rc = add_field(bd, start, "aliases"))) return rc;
        if ((rc = attrs_differ(bd, a, erg_obj_entity(e), b, erg_obj_entity(f), start))) return rc;
        if (bd->text.len > start) {
            if ((rc = add_item(bd, ERG_KIND_ENTITY, ERG_DIFF_CHANGED, id, start)) || (rc = erg__buf_addc(&bd->text, 0)))
                return rc;
        }
    }
    it = erg_entities(b, NULL);
    while (erg_entity_next(b, &it, &f))
        if (erg_entity_by_id(a, erg_entity_id(b, f), &e) != ERG_OK) {
            size_t start = bd->text.len;
            if ((rc = add_item(bd, ERG_KIND_ENTITY, ERG_DIFF_ADDED, erg_entity_id(b, f), start)) ||
                (rc = erg__buf_addc(&bd->text, 0)))
                return rc;
        }
    return ERG_OK;
}

static int diff_rels(builder *bd, erg_graph *a, erg_graph *b) {
    erg_iter it = erg_rels(a, NULL);
    erg_rel r, q;
    int rc;
    while (erg_rel_next(a, &it, &r)) {
        const char *id = erg_rel_id(a, r);
        size_t start = bd->text.len;
        if (erg_rel_by_id(b, id, &q) != ERG_OK) {
            if ((rc = add_item(bd, ERG_KIND_REL, ERG_DIFF_REMOVED, id, start)) || (rc = erg__buf_addc(&bd->text, 0)))
                return rc;
            continue;
        }
        if (!str_eq(erg_entity_id(a, erg_rel_from(a, r)), erg_entity_id(b, erg_rel_from(b, q))) &&
            (rc = add_field(bd, start, "from")))
            return rc;
        if (!str_eq(erg_entity_id(a, erg_rel_to(a, r)), erg_entity_id(b, erg_rel_to(b, q))) &&
            (rc = add_field(bd, start, "to")))
            return rc;
        if (!str_eq(erg_rel_type(a, r), erg_rel_type(b, q)) && (rc = add_field(bd, start, "type"))) return rc;
        if (erg_rel_directed(a, r) != erg_rel_directed(b, q) && (rc = add_field(bd, start, "directed"))) return rc;
        if ((rc = attrs_differ(bd, a, erg_obj_rel(r), b, erg_obj_rel(q), start))) return rc;
        if (bd->text.len > start) {
            if ((rc = add_item(bd, ERG_KIND_REL, ERG_DIFF_CHANGED, id, start)) || (rc = erg__buf_addc(&bd->text, 0)))
                return rc;
        }
    }
    it = erg_rels(b, NULL);
    while (erg_rel_next(b, &it, &q))
        if (erg_rel_by_id(a, erg_rel_id(b, q), &r) != ERG_OK) {
            size_t start = bd->text.len;
            if ((rc = add_item(bd, ERG_KIND_REL, ERG_DIFF_ADDED, erg_rel_id(b, q), start)) ||
                (rc = erg__buf_addc(&bd->text, 0)))
                return rc;
        }
    return ERG_OK;
}

static int diff_sources(builder *bd, erg_graph *a, erg_graph *b) {
    erg_iter it = erg_sources(a);
    erg_source s, t;
    int rc;
    while (erg_source_next(a, &it, &s)) {
        const char *id = erg_source_id(a, s);
        size_t start = bd->text.len;
        if (erg_source_by_id(b, id, &t) != ERG_OK) {
            if ((rc = add_item(bd, ERG_KIND_SOURCE, ERG_DIFF_REMOVED, id, start)) || (rc = erg__buf_addc(&bd->text, 0)))
                return rc;
            continue;
        }
        if ((rc = attrs_differ(bd, a, erg_obj_source(s), b, erg_obj_source(t), start))) return rc;
        if (bd->text.len > start) {
            if ((rc = add_item(bd, ERG_KIND_SOURCE, ERG_DIFF_CHANGED, id, start)) || (rc = erg__buf_addc(&bd->text, 0)))
                return rc;
        }
    }
    it = erg_sources(b);
    while (erg_source_next(b, &it, &t))
        if (erg_source_by_id(a, erg_source_id(b, t), &s) != ERG_OK) {
            size_t start = bd->text.len;
            if ((rc = add_item(bd, ERG_KIND_SOURCE, ERG_DIFF_ADDED, erg_source_id(b, t), start)) ||
                (rc = erg__buf_addc(&bd->text, 0)))
                return rc;
        }
    return ERG_OK;
}

void erg_diff_free(erg_graph *a, erg_diff *d) {
    if (!d) return;
    if (d->items) erg__mem(&a->a, d->items, d->cap * sizeof *d->items, 0);
    if (d->text) erg__mem(&a->a, d->text, d->textcap, 0);
    memset(d, 0, sizeof *d);
}

int erg_diff_graphs(erg_graph *a, erg_graph *b, erg_diff *out) {
    builder bd;
    int rc;
    memset(out, 0, sizeof *out);
    memset(&bd, 0, sizeof bd);
    bd.g = a;
    erg__buf_init(&bd.text, &a->a);
    if ((rc = diff_entities(&bd, a, b)) || (rc = diff_rels(&bd, a, b)) || (rc = diff_sources(&bd, a, b)) ||
        (rc = erg__buf_addc(&bd.text, 0))) {
        if (rc == ERG_ENOMEM) erg__nomem(a);
        else if (erg_errcode(b) == rc) erg__err(a, rc, "diff: %s", erg_errmsg(b));
        if (bd.items) erg__mem(&a->a, bd.items, bd.cap * sizeof *bd.items, 0);
        if (bd.off) erg__mem(&a->a, bd.off, bd.cap * sizeof *bd.off, 0);
        erg__buf_free(&bd.text);
        return rc;
    }
    for (size_t i = 0; i < bd.n; i++) {
        const char *f = bd.text.p + bd.off[i];
        bd.items[i].fields = *f ? f : NULL;
    }
    if (bd.off) erg__mem(&a->a, bd.off, bd.cap * sizeof *bd.off, 0);
    out->items = bd.items;
    out->n = bd.n;
    out->cap = bd.cap;
    out->text = bd.text.p; /* the buffer's block passes to the diff */
    out->textcap = bd.text.cap;
    return ERG_OK;
}
