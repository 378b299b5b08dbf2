/*
 * provenance.c -- the provenance rules a reporter checks before trusting a
 * map (erg check --provenance): every relationship cites at least one
 * source the graph holds, says what the source states (evidence) and who
 * vouches for it (certainty, from the graph's declared vocabulary).
 *
 * The policy lives in the graph's metadata, so it travels with the graph
 * (graph.csv in a CSV directory, graph-level data in GraphML):
 * "erg.provenance" = "required" makes a plain erg check apply the rules,
 * and "erg.certainty" lists the vocabulary, words separated by blanks; a
 * word ending in ":ENTITY" takes any entity id of the graph after its colon
 * ("stated_by:ENTITY" accepts "stated_by:microsoft" when microsoft is an
 * entity).  Without a vocabulary any non-empty certainty passes.
 *
 * Built on erg.h alone; allocates nothing.
 */
#include "store.h"

#include <stdio.h>
#include <string.h>

bool erg_provenance_required(const erg_graph *g) {
    const char *p = erg_graph_meta(g, "erg.provenance");
    return p && !strcmp(p, "required");
}

/* A text attribute: a string, or the first non-empty string of a list. */
static bool text_of(const erg_value *v, const char **s, size_t *n) {
    if (v->type == ERG_STRING) {
        *s = v->u.s.ptr;
        *n = v->u.s.len;
        return true;
    }
    return false;
}

/* Does the certainty c (n bytes) belong to the vocabulary voc? */
static bool in_vocabulary(erg_graph *g, const char *voc, const char *c, size_t n) {
    const char *p = voc;
    while (*p) {
        while (*p == ' ' || *p == '\t') p++;
        size_t k = strcspn(p, " \t");
        if (!k) break;
        static const char suffix[] = ":ENTITY";
        size_t sl = sizeof suffix - 1;
        if (k > sl && !memcmp(p + k - sl, suffix, sl)) {
            size_t prefix = k - sl + 1; /* keeps the colon */
            if (n > prefix && !memcmp(c, p, prefix)) {
                char id[512];
                size_t idn = n - prefix;
                erg_entity e;
                if (idn < sizeof id) {
                    memcpy(id, c + prefix, idn);
                    id[idn] = '\0';
                    if (erg_entity_by_id(g, id, &e) == ERG_OK) return true;
                }
            }
        } else if (k == n && !memcmp(p, c, n)) {
            return true;
        }
        p += k;
    }
    return false;
}

/* The sources relationship r cites: counts them and the ones the graph
 * lacks (the first lacking id into *missing). */
static void cited(erg_graph *g, const erg_value *v, size_t *count, size_t *unknown, const char **missing) {
    *count = *unknown = 0;
    *missing = NULL;
    const erg_value *items = v->type == ERG_LIST ? v->u.list.items : v;
    size_t n = v->type == ERG_LIST ? v->u.list.n : (v->type == ERG_STRING ? 1 : 0);
    for (size_t i = 0; i < n; i++) {
        if (items[i].type != ERG_STRING || items[i].u.s.len == 0) continue;
        (*count)++;
        erg_source s;
        if (erg_source_by_id(g, items[i].u.s.ptr, &s) != ERG_OK) {
            if (!*missing) *missing = items[i].u.s.ptr;
            (*unknown)++;
        }
    }
}

size_t erg_provenance_check(erg_graph *g, erg_provenance_fn fn, void *ud) {
    const char *voc = erg_graph_meta(g, "erg.certainty");
    if (voc && !*voc) voc = NULL;
    size_t problems = 0;
    char why[700];
    erg_iter it = erg_rels(g, NULL);
    erg_rel r;
    while (erg_rel_next(g, &it, &r)) {
        erg_obj o = erg_obj_rel(r);
        erg_value v;
        size_t count, unknown;
        const char *missing;
        if (erg_attr_get(g, o, "source", &v) != ERG_OK) v = erg_null();
        cited(g, &v, &count, &unknown, &missing);
        if (count == 0) {
            problems++;
            if (fn) fn(ud, r, "source", "cites no source");
        } else if (unknown == count) {
            problems++;
            snprintf(why, sizeof why, "cites only sources the graph does not hold ('%s')", missing);
            if (fn) fn(ud, r, "source", why);
        }
        const char *s;
        size_t n;
        if (erg_attr_get(g, o, "evidence", &v) != ERG_OK || !text_of(&v, &s, &n) ||
            strspn(s, " \t\r\n") == n) {
            problems++;
            if (fn) fn(ud, r, "evidence", "has no evidence (what the source states)");
        }
        if (erg_attr_get(g, o, "certainty", &v) != ERG_OK || !text_of(&v, &s, &n) || n == 0) {
            problems++;
            if (fn) fn(ud, r, "certainty", "has no certainty");
        } else if (voc && !in_vocabulary(g, voc, s, n)) {
            problems++;
            snprintf(why, sizeof why, "certainty '%.*s' is not in the graph's vocabulary (%s)", (int)(n > 200 ? 200 : n), s,
                     voc);
            if (fn) fn(ud, r, "certainty", why);
        }
    }
    return problems;
}
