/*
 * idindex.c -- the id index (core/base/idindex.c) on its own and through
 * the graph: ids short enough to sit in the slot, ids that share their
 * first 11 bytes (told apart through the key callback), an id of 255 bytes
 * and more, removal (tombstones) and growth, and the graph's lookups by id
 * after deletes and a rolled-back import.
 */
#include "unit.h"

#include "base/base.h"

#include <stdio.h>

/* Keys of the test: key[i] is object i's id. */
typedef struct keys {
    char (*k)[300];
    size_t *n;
    long calls; /* key callback calls */
} keys;

static const char *key_of(const void *ctx, uint32_t obj, size_t *n) {
    keys *K = (keys *)ctx;
    K->calls++;
    *n = K->n[obj];
    return K->k[obj];
}

/* id i: short ("s123"), exactly 11 bytes, 12+ bytes sharing an 11-byte
 * prefix, or 255+ bytes */
static size_t make_id(char *buf, uint32_t i) {
    switch (i % 4) {
    case 0: return (size_t)snprintf(buf, 300, "s%u", i);
    case 1: return (size_t)snprintf(buf, 300, "%011u", i);
    case 2: return (size_t)snprintf(buf, 300, "shared-pref%u", i);
    default: {
        memset(buf, 'x', 260);
        return 260 + (size_t)snprintf(buf + 260, 40, "%u", i);
    }
    }
}

START_TEST(idx_find_put_remove) {
    enum { N = 20000 };
    keys K = {malloc(sizeof *K.k * N), malloc(sizeof *K.n * N), 0};
    erg_idx x = {0};
    erg_alloc a = {NULL, NULL};
    for (uint32_t i = 0; i < N; i++) {
        K.n[i] = make_id(K.k[i], i);
        uint32_t h = erg__hash_bytes(K.k[i], K.n[i]);
        ck_assert_uint_eq(erg__idx_find(&x, K.k[i], K.n[i], h, key_of, &K), ERG_NONE);
        ck_assert_int_eq(erg__idx_reserve(&x, &a, 1, key_of, &K), ERG_OK);
        erg__idx_put(&x, K.k[i], K.n[i], h, i);
    }
    ck_assert_uint_eq(x.used, N);
    ck_assert_uint_ge(x.nslots * 7, x.used * 10); /* at most 70% full */
    /* ids of 11 bytes or fewer are found in the slot, never calling back */
    K.calls = 0;
    for (uint32_t i = 0; i < N; i++)
        if (K.n[i] <= 11)
            ck_assert_uint_eq(erg__idx_find(&x, K.k[i], K.n[i], erg__hash_bytes(K.k[i], K.n[i]), key_of, &K), i);
    ck_assert_int_eq(K.calls, 0);
    /* longer ones call back at least once (here all share their tag bytes
     * with others, so a probe may call back for a neighbour too) */
    for (uint32_t i = 0; i < N; i++)
        if (K.n[i] > 11)
            ck_assert_uint_eq(erg__idx_find(&x, K.k[i], K.n[i], erg__hash_bytes(K.k[i], K.n[i]), key_of, &K), i);
    ck_assert_int_ge(K.calls, N / 2);
    ck_assert_int_lt(K.calls, N);
    /* absent ids that share a slot's tag: same prefix, other tail */
    char buf[300];
    size_t n = (size_t)snprintf(buf, sizeof buf, "shared-pref%u", 3u); /* i=3 is a long one */
    ck_assert_uint_eq(erg__idx_find(&x, buf, n, erg__hash_bytes(buf, n), key_of, &K), ERG_NONE);
    ck_assert_uint_eq(erg__idx_find(&x, "s", 1, erg__hash_bytes("s", 1), key_of, &K), ERG_NONE);
    ck_assert_uint_eq(erg__idx_find(&x, "", 0, erg__hash_bytes("", 0), key_of, &K), ERG_NONE);
    /* remove the even objects; the odd ones stay findable across tombstones */
    for (uint32_t i = 0; i < N; i += 2) erg__idx_remove(&x, erg__hash_bytes(K.k[i], K.n[i]), i);
    ck_assert_uint_eq(x.used, N / 2);
    ck_assert_uint_eq(x.tomb, N / 2);
    for (uint32_t i = 0; i < N; i++) {
        uint32_t want = i % 2 ? i : ERG_NONE;
        ck_assert_uint_eq(erg__idx_find(&x, K.k[i], K.n[i], erg__hash_bytes(K.k[i], K.n[i]), key_of, &K), want);
    }
    /* re-adding reuses tombstones; a resize then drops the rest */
    for (uint32_t i = 0; i < N; i += 2) {
        ck_assert_int_eq(erg__idx_reserve(&x, &a, 1, key_of, &K), ERG_OK);
        erg__idx_put(&x, K.k[i], K.n[i], erg__hash_bytes(K.k[i], K.n[i]), i);
    }
    ck_assert_int_eq(erg__idx_reserve(&x, &a, 3 * N, key_of, &K), ERG_OK);
    ck_assert_uint_eq(x.tomb, 0);
    for (uint32_t i = 0; i < N; i++)
        ck_assert_uint_eq(erg__idx_find(&x, K.k[i], K.n[i], erg__hash_bytes(K.k[i], K.n[i]), key_of, &K), i);
    erg__idx_free(&x, &a);
    ck_assert_ptr_null(x.slots);
    free(K.k);
    free(K.n);
}
END_TEST

/* Through the graph: long ids with a common prefix, found exactly; the
 * duplicate check sees the whole id. */
START_TEST(idx_graph_long_ids) {
    erg_graph *g = erg_graph_new();
    erg_entity a, b, c, out;
    const char *ida = "https://example.org/entity/1";
    const char *idb = "https://example.org/entity/2";
    ck_assert_int_eq(erg_entity_add(g, ida, "t", NULL, &a), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, idb, "t", NULL, &b), ERG_OK);
    ck_assert_int_eq(erg_entity_add(g, "https://example.org/entity/1", "t", NULL, &c), ERG_EEXIST);
    ck_assert_str_eq(erg_errmsg(g), "duplicate entity id 'https://example.org/entity/1'");
    ck_assert_int_eq(erg_entity_by_id(g, idb, &out), ERG_OK);
    ck_assert_uint_eq(out.idx, b.idx);
    ck_assert_int_eq(erg_entity_by_id(g, "https://example.org/entity/", &out), ERG_ENOTFOUND);
    ck_assert_int_eq(erg_entity_by_id(g, "https://example.org/entity/3", &out), ERG_ENOTFOUND);
    erg_rel r, r2;
    ck_assert_int_eq(erg_rel_add(g, "relationship-number-0001", a, b, "knows", true, &r), ERG_OK);
    ck_assert_int_eq(erg_rel_add(g, "relationship-number-0001", b, a, "knows", true, &r2), ERG_EEXIST);
    ck_assert_str_eq(erg_errmsg(g), "duplicate relationship id 'relationship-number-0001'");
    ck_assert_int_eq(erg_rel_by_id(g, "relationship-number-0001", &r2), ERG_OK);
    ck_assert_uint_eq(r2.idx, r.idx);
    ck_assert_int_eq(erg_rel_by_id(g, "relationship-number-0002", &r2), ERG_ENOTFOUND);
    /* deleted: gone from the index, and the id can be used again */
    ck_assert_int_eq(erg_entity_delete(g, a), ERG_OK);
    ck_assert_int_eq(erg_entity_by_id(g, ida, &out), ERG_ENOTFOUND);
    ck_assert_int_eq(erg_rel_by_id(g, "relationship-number-0001", &r2), ERG_ENOTFOUND);
    ck_assert_int_eq(erg_entity_add(g, ida, "t", NULL, &c), ERG_OK);
    ck_assert_int_eq(erg_entity_by_id(g, ida, &out), ERG_OK);
    ck_assert_uint_eq(out.idx, c.idx);
    erg_graph_free(g);
}
END_TEST

/* A failed import leaves the index as it was: its ids are not found, the
 * old ones are. */
START_TEST(idx_rollback) {
    char *dir = unit_tmpdir();
    unit_write(dir, "entities.csv", "id,type,name\nold-entity-with-a-long-id,t,\n");
    erg_graph *g = erg_graph_new();
    ck_assert_int_eq(erg_csv_read(g, dir, NULL, NULL), ERG_OK);
    unit_write(dir, "entities.csv",
               "id,type,name\nnew-entity-with-a-long-id,t,\nx1,t,\nold-entity-with-a-long-id,t,\n");
    ck_assert_int_eq(erg_csv_read(g, dir, NULL, NULL), ERG_EPARSE);
    erg_entity e;
    ck_assert_int_eq(erg_entity_by_id(g, "new-entity-with-a-long-id", &e), ERG_ENOTFOUND);
    ck_assert_int_eq(erg_entity_by_id(g, "x1", &e), ERG_ENOTFOUND);
    ck_assert_int_eq(erg_entity_by_id(g, "old-entity-with-a-long-id", &e), ERG_OK);
    ck_assert_uint_eq(e.idx, 0);
    ck_assert_uint_eq(erg_entity_count(g), 1);
    erg_graph_free(g);
    unit_rmtree(dir);
    free(dir);
}
END_TEST

/* Relationship ids of a CSV file are not in the string pool's index (only
 * in the id index): found by id from the API, from a second file naming
 * the same id (a duplicate), and skipped by the generated ids r1, r2... */
START_TEST(idx_rel_ids_outside_pool) {
    char *dir = unit_tmpdir();
    unit_write(dir, "entities.csv", "id,type,name\na,t,\nb,t,\n");
    unit_write(dir, "relationships.csv", "id,from,to,type\nr2,a,b,k\n,a,b,k\n,b,a,k\n");
    erg_graph *g = erg_graph_new();
    ck_assert_int_eq(erg_csv_read(g, dir, NULL, NULL), ERG_OK);
    erg_rel r;
    const char *want[] = {"r2", "r1", "r3"};
    for (uint32_t i = 0; i < 3; i++) {
        ck_assert_int_eq(erg_rel_by_id(g, want[i], &r), ERG_OK);
        ck_assert_uint_eq(r.idx, i);
        ck_assert_str_eq(erg_rel_id(g, r), want[i]);
    }
    /* the string "r2" interned as a value elsewhere is another string number:
     * lookups go by bytes, so both find the relationship */
    erg_entity a;
    ck_assert_int_eq(erg_entity_by_id(g, "a", &a), ERG_OK);
    erg_value v = {.type = ERG_STRING};
    v.u.s.ptr = "r2";
    v.u.s.len = 2;
    ck_assert_int_eq(erg_attr_set(g, erg_obj_entity(a), "note", &v), ERG_OK);
    ck_assert_int_eq(erg_rel_by_id(g, "r2", &r), ERG_OK);
    ck_assert_uint_eq(r.idx, 0);
    /* a second import naming r3 again: the duplicate is found and nothing stays */
    char *dir2 = unit_tmpdir();
    unit_write(dir2, "entities.csv", "id,type,name\nc,t,\n");
    unit_write(dir2, "relationships.csv", "id,from,to,type\nr9,a,c,k\nr3,c,a,k\n");
    ck_assert_int_eq(erg_csv_read(g, dir2, NULL, NULL), ERG_EPARSE);
    ck_assert_int_eq(erg_rel_by_id(g, "r9", &r), ERG_ENOTFOUND);
    ck_assert_uint_eq(erg_rel_count(g), 3);
    erg_graph_free(g);
    unit_rmtree(dir);
    unit_rmtree(dir2);
    free(dir);
    free(dir2);
}
END_TEST

Suite *suite_idindex(void) {
    Suite *s = suite_create("idindex");
    TCase *t = tcase_create("idindex");
    tcase_add_test(t, idx_find_put_remove);
    tcase_add_test(t, idx_graph_long_ids);
    tcase_add_test(t, idx_rollback);
    tcase_add_test(t, idx_rel_ids_outside_pool);
    suite_add_tcase(s, t);
    return s;
}
