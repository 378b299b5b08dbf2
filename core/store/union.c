/*
 * union.c -- two investigations' graphs combined into one
 * (erg_graph_union): the union of their entities, relationships, sources
 * and metadata, matched by id, with every conflict reported.
 *
 * The result starts as a copy of a (erg_graph_as_of with no date), so a and
 * b are never changed and an error leaves nothing behind: the copy is
 * freed.  b's objects are then taken in b's order, sources first (entities
 * cite them), then entities (relationships need their ends), then
 * relationships, then metadata.
 *
 * Matching.  A source or entity of b is a's when a has its id; an entity
 * also when a merged that id away (the merge records, erg_merges), so a
 * graph whose duplicates were resolved keeps them resolved.  A
 * relationship of b is a's when both give it the same id (not one erg made
 * up: erg_rel_id_generated) and the same ends, type and direction; else
 * it is a's when a holds one with the same ends, type, direction and every
 * attribute but "source" (folded: the same fact twice, its sources
 * unioned); else it is new: added under its id, or a made-up one when its
 * own was made up, or the first free "ID~2", "ID~3"... when a holds the
 * id for another fact (a conflict says so).
 *
 * Attributes of a matched object: list values are unioned (a's items
 * first), values a lacks are copied, and different scalars are conflicts
 * settled by the policy.  A value whose type differs between the two
 * schemas is a conflict that keeps a's side (or leaves b's out).
 */
#include "store.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct uctx {
    erg_graph *a, *b, *out;
    erg_merge_policy policy;
    erg_union_fn fn;
    void *ud;
    erg_union_stats *st;
    erg_buf ta, tb, note;   /* text of the values in a conflict */
    erg_entity *emap;       /* b's entity index -> out's entity */
    size_t nemap;
    erg_merge_list merged;  /* a's merge records: merged-away id -> kept id */
} uctx;

static const char *const kind_word[] = {"entity", "relationship", "source"};

/* Tells fn about one conflict; texts may be NULL. */
static void conflict(uctx *u, const char *what, const char *id_a, const char *id_b, const char *field,
                     const char *ta, const char *tb, bool took_b, const char *note) {
    u->st->conflicts++;
    if (!u->fn) return;
    erg_union_conflict c = {what, id_a, id_b, field, ta, tb, took_b, note};
    u->fn(u->ud, &c);
}

static int text_of(uctx *u, erg_buf *b, const erg_value *v, const char **out) {
    b->len = 0;
    if (erg__value_text(b, v) || erg__buf_add(b, "", 1)) return erg__nomem(u->out);
    *out = b->p;
    return ERG_OK;
}

/* ---- attributes ------------------------------------------------------------ */
/* Every attribute of b's object ob onto out's object oo (matched: the
 * object existed in a; else it is new and only copies). */
static int copy_attrs(uctx *u, erg_kind k, erg_obj ob, erg_obj oo, const char *id_a, const char *id_b,
                      bool matched) {
    erg_graph *b = u->b, *out = u->out;
    for (size_t i = 0; i < erg_schema_count(b, k); i++) {
        const char *name = erg_schema_name(b, k, i);
        erg_value vb, vo;
        int rc = erg_attr_get_at(b, ob, i, &vb);
        if (rc) return erg__err(out, rc, "%s", erg_errmsg(b));
        if (vb.type == ERG_NULL) continue;
        erg_type eb, tb_ = erg_schema_type(b, k, i, &eb), ea = ERG_NULL, ta_ = ERG_NULL;
        uint32_t sid = erg__pool_find(&out->pool, name, strlen(name));
        int col = sid ? erg__col_find(out, k, sid) : -1;
        if (col >= 0) ta_ = erg_schema_type(out, k, (size_t)col, &ea);
        if (col >= 0 && (ta_ != tb_ || ea != eb) && !(ta_ == ERG_FLOAT && tb_ == ERG_INT)) {
            /* the two schemas disagree on the attribute's type */
            char sa[16], sb[16];
            const char *tb = NULL;
            if (text_of(u, &u->tb, &vb, &tb)) return ERG_ENOMEM;
            u->note.len = 0;
            if (erg__buf_printf(&u->note, "the attribute is %s in A and %s in B; B's value is left out",
                                erg__type_spec(ta_, ea, sa), erg__type_spec(tb_, eb, sb)))
                return erg__nomem(out);
            conflict(u, kind_word[k], matched ? id_a : NULL, id_b, name, NULL, tb, false, u->note.p);
            continue;
        }
        if ((rc = erg_attr_get(out, oo, name, &vo))) return rc;
        const erg_value *set = NULL;
        erg_value merged;
        erg_value *items = NULL;
        size_t cap = 0;
        if (vo.type == ERG_NULL) {
            set = &vb;
        } else if (erg_value_equal(&vo, &vb)) {
            continue;
        } else if (vo.type == ERG_LIST && vb.type == ERG_LIST && vo.elem == vb.elem) {
            size_t n;
            if (erg__list_union(out, &vo, &vb, NULL, &items, &cap, &n)) return ERG_ENOMEM;
            if (!items) continue; /* b's items are all a's already */
            merged = erg_listv(vo.elem, items, n);
            set = &merged;
        } else {
            const char *ta = NULL, *tb = NULL;
            if (text_of(u, &u->ta, &vo, &ta) || text_of(u, &u->tb, &vb, &tb)) return ERG_ENOMEM;
            bool take = u->policy == ERG_MERGE_OTHER;
            conflict(u, kind_word[k], id_a, id_b, name, ta, tb, take, NULL);
            if (!take) continue;
            set = &vb;
        }
        rc = erg_attr_set(out, oo, name, set);
        erg__mem(&out->a, items, cap * sizeof *items, 0);
        if (rc == ERG_ETYPE) {
            /* an int of B that a float of A cannot hold exactly */
            const char *tb = NULL;
            if (text_of(u, &u->tb, &vb, &tb)) return ERG_ENOMEM;
            conflict(u, kind_word[k], matched ? id_a : NULL, id_b, name, NULL, tb, false,
                     "the attribute is float in A and this int of B has no exact float; B's value is left out");
            continue;
        }
        if (rc) return rc;
    }
    return ERG_OK;
}

/* b's attribute declarations that out lacks, after a's (so that columns
 * keep their order, and an attribute b declares without values survives).
 * One whose type differs stays a's (copy_attrs reports its values). */
static int union_schema(uctx *u) {
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < erg_schema_count(u->b, (erg_kind)k); i++) {
            erg_type elem, t = erg_schema_type(u->b, (erg_kind)k, i, &elem);
            int rc = erg_schema_declare(u->out, (erg_kind)k, erg_schema_name(u->b, (erg_kind)k, i), t, elem);
            if (rc && rc != ERG_ETYPE) return rc;
        }
    return ERG_OK;
}

/* ---- sources ----------------------------------------------------------------- */
static int union_sources(uctx *u) {
    erg_iter it = erg_sources(u->b);
    erg_source sb;
    while (erg_source_next(u->b, &it, &sb)) {
        const char *id = erg_source_id(u->b, sb);
        erg_source so;
        bool matched = erg_source_by_id(u->out, id, &so) == ERG_OK;
        int rc;
        if (!matched && (rc = erg_source_add(u->out, id, &so))) return rc;
        if (matched) u->st->srcs_matched++;
        else u->st->srcs_added++;
        if ((rc = copy_attrs(u, ERG_KIND_SOURCE, erg_obj_source(sb), erg_obj_source(so), id, id, matched)))
            return rc;
    }
    return ERG_OK;
}

/* ---- entities ----------------------------------------------------------------- */
/* out's entity for b's id: by id, or the entity a merged that id into. */
static bool find_entity(uctx *u, const char *id, erg_entity *e) {
    if (erg_entity_by_id(u->out, id, e) == ERG_OK) return true;
    for (size_t i = u->merged.n; i-- > 0;) /* the latest merge of the id */
        if (!strcmp(u->merged.other[i], id)) {
            const char *keep = u->merged.keep[i];
            for (int hops = 0; hops < 64; hops++) { /* a kept entity merged on later */
                if (erg_entity_by_id(u->out, keep, e) == ERG_OK) return true;
                size_t j = u->merged.n;
                while (j-- > 0 && strcmp(u->merged.other[j], keep)) {}
                if (j == (size_t)-1) break;
                keep = u->merged.keep[j];
            }
            return false;
        }
    return false;
}

/* Whether name is one of e's aliases (as erg_entity_add_alias compares:
 * ASCII case aside): a name the other graph already knows is no conflict. */
static bool known_name(const erg_graph *g, erg_entity e, const char *name) {
    for (size_t i = 0; i < erg_entity_alias_count(g, e); i++)
        if (!strcasecmp(erg_entity_alias(g, e, i), name)) return true;
    return false;
}

static int union_entities(uctx *u) {
    erg_graph *b = u->b, *out = u->out;
    size_t n = 0;
    erg_iter it = erg_entities(b, NULL);
    erg_entity eb;
    while (erg_entity_next(b, &it, &eb)) n = eb.idx + 1;
    u->nemap = n ? n : 1;
    u->emap = erg__mem(&out->a, NULL, 0, u->nemap * sizeof *u->emap);
    if (!u->emap) return erg__nomem(out);
    it = erg_entities(b, NULL);
    while (erg_entity_next(b, &it, &eb)) {
        const char *id = erg_entity_id(b, eb), *type = erg_entity_type(b, eb), *name = erg_entity_name(b, eb);
        erg_entity eo;
        bool matched = find_entity(u, id, &eo);
        int rc;
        if (!matched) {
            if ((rc = erg_entity_add(out, id, type, name, &eo))) return rc;
            u->st->ents_added++;
        } else {
            u->st->ents_matched++;
            const char *ida = erg_entity_id(out, eo);
            if (strcmp(erg_entity_type(out, eo), type)) {
                bool take = u->policy == ERG_MERGE_OTHER;
                conflict(u, "entity", ida, id, "type", erg_entity_type(out, eo), type, take, NULL);
                if (take && (rc = erg_entity_set_type(out, eo, type))) return rc;
            }
            const char *na = erg_entity_name(out, eo);
            if (name && (!na || strcmp(na, name))) {
                /* the name that does not stay becomes an alias: both are found */
                bool take = !na || u->policy == ERG_MERGE_OTHER;
                if (na && !known_name(out, eo, name) && !known_name(b, eb, na))
                    conflict(u, "entity", ida, id, "name", na, name, take, "the other name is kept as an alias");
                if (take) {
                    if (na && (rc = erg_entity_add_alias(out, eo, na))) return rc;
                    if ((rc = erg_entity_set_name(out, eo, name))) return rc;
                } else if ((rc = erg_entity_add_alias(out, eo, name))) {
                    return rc;
                }
            }
            if (strcmp(ida, id) && (rc = erg_entity_add_alias(out, eo, id))) return rc;
        }
        for (size_t i = 0; i < erg_entity_alias_count(b, eb); i++)
            if ((rc = erg_entity_add_alias(out, eo, erg_entity_alias(b, eb, i)))) return rc;
        if ((rc = copy_attrs(u, ERG_KIND_ENTITY, erg_obj_entity(eb), erg_obj_entity(eo),
                             erg_entity_id(out, eo), id, matched)))
            return rc;
        u->emap[eb.idx] = eo;
    }
    return ERG_OK;
}

/* ---- relationships --------------------------------------------------------- */
static bool same_ends(uctx *u, erg_rel ro, erg_rel rb, erg_entity from, erg_entity to) {
    erg_entity f = erg_rel_from(u->out, ro), t = erg_rel_to(u->out, ro);
    bool dir = erg_rel_directed(u->b, rb);
    if (erg_rel_directed(u->out, ro) != dir || strcmp(erg_rel_type(u->out, ro), erg_rel_type(u->b, rb))) return false;
    if (f.idx == from.idx && t.idx == to.idx) return true;
    return !dir && f.idx == to.idx && t.idx == from.idx;
}

/* Whether out's ro and b's rb agree on every attribute but "source". */
static bool same_facts(uctx *u, erg_rel ro, erg_rel rb) {
    erg_graph *out = u->out, *b = u->b;
    for (int side = 0; side < 2; side++) {
        erg_graph *g = side ? b : out;
        erg_obj o = side ? erg_obj_rel(rb) : erg_obj_rel(ro);
        for (size_t i = 0; i < erg_schema_count(g, ERG_KIND_REL); i++) {
            const char *name = erg_schema_name(g, ERG_KIND_REL, i);
            if (!strcmp(name, "source")) continue;
            erg_value x, y;
            if (erg_attr_get_at(g, o, i, &x) != ERG_OK) return false;
            if (side && x.type == ERG_NULL) continue; /* b's absent: checked from out's side */
            int rc = side ? erg_attr_get(out, erg_obj_rel(ro), name, &y) : erg_attr_get(b, erg_obj_rel(rb), name, &y);
            if (rc == ERG_ENOTFOUND) y.type = ERG_NULL;
            else if (rc) return false;
            if (!erg_value_equal(&x, &y)) return false;
        }
    }
    return true;
}

/* out's relationship that states the same fact as rb, if any. */
static bool find_twin(uctx *u, erg_rel rb, erg_entity from, erg_entity to, erg_rel *ro) {
    erg_adj adj;
    if (erg_adjacent(u->out, from, ERG_BOTH, erg_rel_type(u->b, rb), &adj) != ERG_OK) return false;
    erg_rel r;
    while (erg_adj_next(u->out, &adj, &r))
        if (same_ends(u, r, rb, from, to) && same_facts(u, r, rb)) {
            *ro = r;
            return true;
        }
    return false;
}

/* b's relationship added to out as id (NULL: a made-up one). */
static int add_rel(uctx *u, erg_rel rb, const char *id, erg_entity from, erg_entity to, erg_rel *ro) {
    u->st->rels_added++;
    return erg_rel_add(u->out, id, from, to, erg_rel_type(u->b, rb), erg_rel_directed(u->b, rb), ro);
}

/* "FROM -> TO TYPE" of out's relationship (or b's rb with out's ends). */
static int rel_text(uctx *u, erg_buf *buf, erg_graph *g, erg_rel r, erg_entity from, erg_entity to) {
    buf->len = 0;
    if (erg__buf_printf(buf, "%s %s %s %s", erg_entity_id(u->out, from), erg_rel_directed(g, r) ? "->" : "--",
                        erg_entity_id(u->out, to), erg_rel_type(g, r)))
        return erg__nomem(u->out);
    return ERG_OK;
}

/* b's relationship whose id a holds for another fact: added as the first
 * free ID~2, ID~3..., and reported. */
static int add_renamed(uctx *u, erg_rel rb, erg_rel ra, erg_entity from, erg_entity to, erg_rel *ro) {
    erg_graph *out = u->out;
    const char *id = erg_rel_id(u->b, rb);
    erg_buf newid;
    erg__buf_init(&newid, &out->a);
    int rc = ERG_OK;
    for (unsigned k = 2; !rc; k++) {
        newid.len = 0;
        erg_rel x;
        if (erg__buf_printf(&newid, "%s~%u", id, k)) rc = erg__nomem(out);
        else if (erg_rel_by_id(out, newid.p, &x) != ERG_OK) break;
    }
    u->note.len = 0;
    if (!rc && erg__buf_printf(&u->note, "B's relationship is added as '%s'", newid.p)) rc = erg__nomem(out);
    if (!rc) rc = rel_text(u, &u->ta, out, ra, erg_rel_from(out, ra), erg_rel_to(out, ra));
    if (!rc) rc = rel_text(u, &u->tb, u->b, rb, from, to);
    if (!rc) {
        conflict(u, "relationship", id, id, "from, to, type", u->ta.p, u->tb.p, false, u->note.p);
        rc = add_rel(u, rb, newid.p, from, to, ro);
    }
    erg__buf_free(&newid);
    return rc;
}

/* Each relationship of b: a's by id (both ids given, not made up, and
 * the same ends), else a's twin (folded), else new: under its id, a
 * made-up one when its own was made up, or ID~2 when a holds the id. */
static int union_rels(uctx *u) {
    erg_graph *b = u->b, *out = u->out;
    erg_iter it = erg_rels(b, NULL);
    erg_rel rb;
    while (erg_rel_next(b, &it, &rb)) {
        const char *id = erg_rel_id(b, rb);
        bool made_up = erg_rel_id_generated(b, rb);
        erg_entity from = u->emap[erg_rel_from(b, rb).idx], to = u->emap[erg_rel_to(b, rb).idx];
        erg_rel ro, ra;
        int rc = ERG_OK;
        bool matched = false;
        bool taken = !made_up && erg_rel_by_id(out, id, &ra) == ERG_OK;
        if (taken && !erg_rel_id_generated(out, ra) && same_ends(u, ra, rb, from, to)) {
            ro = ra;
            matched = true;
            u->st->rels_matched++;
        } else if (find_twin(u, rb, from, to, &ro)) {
            matched = true;
            u->st->rels_folded++;
        } else if (made_up) {
            rc = add_rel(u, rb, NULL, from, to, &ro);
        } else if (!taken) {
            rc = add_rel(u, rb, id, from, to, &ro);
        } else {
            rc = add_renamed(u, rb, ra, from, to, &ro);
        }
        if (rc) return rc;
        if ((rc = copy_attrs(u, ERG_KIND_REL, erg_obj_rel(rb), erg_obj_rel(ro), erg_rel_id(out, ro), id, matched)))
            return rc;
    }
    return ERG_OK;
}

/* ---- metadata ---------------------------------------------------------------- */
static int union_meta(uctx *u) {
    erg_graph *b = u->b, *out = u->out;
    for (uint32_t i = 0; i < b->nmeta; i++) {
        if (!b->meta[2 * i + 1]) continue;
        const char *key = erg__str(b, b->meta[2 * i]), *vb = erg__str(b, b->meta[2 * i + 1]);
        if (!strncmp(key, "erg:merge:", 10)) continue; /* b's merge records describe b */
        const char *va = erg_graph_meta(out, key);
        if (va && !strcmp(va, vb)) continue;
        bool take = !va || u->policy == ERG_MERGE_OTHER;
        if (va) conflict(u, "metadata", NULL, NULL, key, va, vb, take, NULL);
        int rc;
        if (take && (rc = erg_graph_set_meta(out, key, vb))) return rc;
    }
    return ERG_OK;
}

int erg_graph_union(erg_graph *a, erg_graph *b, erg_merge_policy policy, erg_union_fn fn, void *ud,
                    erg_union_stats *stats, erg_graph **out) {
    *out = NULL;
    if ((unsigned)policy > ERG_MERGE_STRICT) return erg__err(a, ERG_EINVAL, "unknown merge policy %d", (int)policy);
    erg_union_stats dummy;
    uctx u;
    memset(&u, 0, sizeof u);
    u.st = stats ? stats : &dummy;
    memset(u.st, 0, sizeof *u.st);
    int rc = erg_graph_as_of(a, NULL, &u.out);
    if (rc) return rc == ERG_ENOMEM ? erg__nomem(a) : rc;
    u.a = a;
    u.b = b;
    u.policy = policy;
    u.fn = fn;
    u.ud = ud;
    erg__buf_init(&u.ta, &u.out->a);
    erg__buf_init(&u.tb, &u.out->a);
    erg__buf_init(&u.note, &u.out->a);
    rc = erg_merges(u.out, &u.merged);
    if (!rc) rc = union_schema(&u);
    if (!rc) rc = union_sources(&u);
    if (!rc) rc = union_entities(&u);
    if (!rc) rc = union_rels(&u);
    if (!rc) rc = union_meta(&u);
    if (!rc && policy == ERG_MERGE_STRICT && u.st->conflicts)
        rc = erg__err(u.out, ERG_EEXIST, "%zu conflict%s between the two graphs (strict: nothing combined)",
                      u.st->conflicts, u.st->conflicts == 1 ? "" : "s");
    if (rc) {
        /* the message is the copy's: carry it to a, which outlives it */
        if (rc == ERG_ENOMEM) erg__nomem(a);
        else erg__err(a, rc, "%s", erg_errmsg(u.out));
    }
    erg__buf_free(&u.ta);
    erg__buf_free(&u.tb);
    erg__buf_free(&u.note);
    erg_merges_free(u.out, &u.merged);
    if (u.emap) erg__mem(&u.out->a, u.emap, u.nemap * sizeof *u.emap, 0);
    if (rc) {
        erg_graph_free(u.out);
        return rc;
    }
    *out = u.out;
    return ERG_OK;
}
