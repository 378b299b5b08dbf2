/*
 * store.h -- the graph store (core/store/): entities, relationships,
 * sources, attribute columns, values and the error message on the handle.
 * Included by core/store/ and the layers above it (io, analysis); nothing
 * here is API (see erg.h).
 */
#ifndef ERG_STORE_H
#define ERG_STORE_H

#include "../base/base.h"

/* ---- the graph (graph.c, attr.c) -------------------------------------- */
typedef struct erg_ent {
    uint32_t id, type, name;   /* sids; name 0 = none */
    uint32_t gen;
    uint32_t first_out, first_in; /* relationship index or ERG_NONE */
    uint32_t *aliases;         /* sids */
    uint32_t nalias, aliascap;
    uint32_t nboth;            /* undirected relationships and self-loops
                                  touching it: when 0, out-adjacency need not
                                  walk the in-list (and in- the out-list) */
    uint8_t alive;
} erg_ent;

typedef struct erg_relrec { /* 32 bytes */
    uint32_t id, type;         /* sids */
    uint32_t from, to;         /* entity indexes */
    uint32_t gen;
    uint32_t next_out, next_in;/* next relationship in from's / to's list */
    uint8_t directed, alive;
    uint8_t gen_id;            /* erg made the id up: the input had none */
} erg_relrec;

typedef struct erg_srcrec {
    uint32_t id, gen;
    uint8_t alive;
} erg_srcrec;

/* A stored attribute value; the column's type says which member. */
typedef struct erg_list {
    size_t n;
    erg_value items[];
} erg_list;
typedef union erg_cell {
    int64_t i;
    double f;
    uint32_t sid;
    erg_date d;
    bool b;
    erg_list *l;
} erg_cell;

/* One attribute of a kind, stored as a column indexed by object index. */
typedef struct erg_col {
    uint32_t name;       /* sid */
    erg_type type, elem;
    erg_cell *cells;
    uint64_t *present;   /* bitmap */
    uint32_t cap;        /* cells allocated */
} erg_col;

typedef struct erg_schema {
    erg_col *cols;
    uint32_t n, cap;
    erg_htab index; /* name sid -> column (a million attributes stay fast) */
} erg_schema;

/* A (folded name -> entity) pair in the name/alias index. */
typedef struct erg_nameref {
    uint32_t folded, ent, next;
} erg_nameref;

struct erg_graph {
    erg_alloc a;
    erg_pool pool;
    erg_ent *ents;
    uint32_t nent, entcap, live_ents;
    erg_relrec *rels;
    uint32_t nrel, relcap, live_rels;
    erg_srcrec *srcs;
    uint32_t nsrc, srccap, live_srcs;
    erg_idx ent_ids, rel_ids, src_ids;  /* id bytes -> object index */
    erg_htab names;                     /* entries: nameref index (head) */
    erg_nameref *nrefs;
    uint32_t nnref, nrefcap, nref_free; /* free list through .next */
    erg_schema schema[3];
    uint32_t *meta; /* pairs of sids */
    uint32_t nmeta, metacap;
    uint64_t next_gen_id; /* counter for generated relationship ids */
    uint64_t version;
    int errcode;
    char errmsg[1024];
    /* A cache a layer above keeps on the graph (the analysis layer's igraph
     * conversion): the store frees it through cache_free without knowing
     * what it is. */
    void *cache;
    void (*cache_free)(erg_graph *g);
    erg_progress_fn progress;      /* erg_set_progress */
    void *progress_ud;
};

/* Progress of long work: what, done of total (0: unknown). */
static inline void erg__progress(erg_graph *g, const char *what, uint64_t done, uint64_t total) {
    if (g->progress) g->progress(g->progress_ud, what, done, total);
}

/* Errors (error.c). */
int erg__err(erg_graph *g, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int erg__errv(erg_graph *g, int code, const char *fmt, va_list ap);
int erg__nomem(erg_graph *g);

/* Interning on the graph's pool. */
int erg__intern(erg_graph *g, const char *s, size_t n, uint32_t *sid);
static inline const char *erg__str(const erg_graph *g, uint32_t sid) {
    return erg__pool_str(&g->pool, sid);
}

/* Entity / relationship checks. */
static inline erg_ent *erg__ent(const erg_graph *g, erg_entity e) {
    return (e.idx < g->nent && g->ents[e.idx].alive &&
            g->ents[e.idx].gen == e.gen) ? &g->ents[e.idx] : NULL;
}
static inline erg_relrec *erg__rel(const erg_graph *g, erg_rel r) {
    return (r.idx < g->nrel && g->rels[r.idx].alive &&
            g->rels[r.idx].gen == r.gen) ? &g->rels[r.idx] : NULL;
}
uint32_t erg__ent_lookup(const erg_graph *g, uint32_t id_sid);
uint32_t erg__rel_lookup(const erg_graph *g, uint32_t id_sid);
uint32_t erg__src_lookup(const erg_graph *g, uint32_t id_sid);
/* The same by the id's bytes (any string, pooled or not): one probe of the
 * kind's id index; _hashed takes erg__hash_bytes(s, n) computed already. */
uint32_t erg__ent_find(const erg_graph *g, const char *s, size_t n);
uint32_t erg__ent_find_hashed(const erg_graph *g, const char *s, size_t n, uint32_t hash);
uint32_t erg__rel_find(const erg_graph *g, const char *s, size_t n);
uint32_t erg__src_find(const erg_graph *g, const char *s, size_t n);
/* Enters relationship idx, whose id (rels[idx].id) is set and no other
 * relationship's, in the id index: ERG_OK or ERG_ENOMEM. */
int erg__rel_index(erg_graph *g, uint32_t idx);
/* Adds with an already interned id; id_sid 0 on a relationship means
 * "generate later" (erg__rel_assign_ids). */
int erg__ent_add(erg_graph *g, uint32_t id, uint32_t type, uint32_t name,
                 uint32_t *idx);
int erg__ent_add_alias(erg_graph *g, uint32_t idx, uint32_t alias);
int erg__rel_add(erg_graph *g, uint32_t id, uint32_t from, uint32_t to,
                 uint32_t type, bool directed, uint32_t *idx);
/* The same for an id known to be no relationship's (a string the pool did
 * not hold before): skips the duplicate check, a random access into the id
 * index that a bulk import would pay for every row. */
int erg__rel_add_new(erg_graph *g, uint32_t id, uint32_t from, uint32_t to,
                     uint32_t type, bool directed, uint32_t *idx);
int erg__rel_assign_ids(erg_graph *g, uint32_t from_idx);
int erg__src_add(erg_graph *g, uint32_t id, uint32_t *idx);

/* Savepoints: everything added after the mark can be taken back, leaving
 * the graph exactly as it was (imports are all or nothing through this). */
typedef struct erg_mark {
    uint32_t nent, nrel, nsrc, ncols[3], nmeta;
    uint64_t next_gen_id, version;
} erg_mark;
erg_mark erg__mark(const erg_graph *g);
/* Gives back growth slack of the big arrays (after a bulk import). */
void erg__trim(erg_graph *g);
void erg__attrs_trim(erg_graph *g);
/* Room for n more objects of kind k (a hint before a bulk import). */
void erg__reserve(erg_graph *g, erg_kind k, size_t n);
void erg__attrs_reserve(erg_graph *g, erg_kind k, size_t n);
void erg__rollback(erg_graph *g, const erg_mark *m);

/* Attributes (attr.c). */
int erg__col_find(const erg_graph *g, erg_kind k, uint32_t name_sid);
int erg__col_declare(erg_graph *g, erg_kind k, uint32_t name_sid, erg_type t,
                     erg_type elem, uint32_t *col);
/* Stores v (strings interned here) at object idx in column col; v must have
 * the column's type (checked by callers). */
int erg__cell_set(erg_graph *g, erg_kind k, uint32_t col, uint32_t idx,
                  const erg_value *v);
int erg__cell_set_sid(erg_graph *g, erg_kind k, uint32_t col, uint32_t idx, uint32_t sid);
void erg__cell_clear(erg_graph *g, erg_kind k, uint32_t col, uint32_t idx);
bool erg__cell_get(const erg_graph *g, erg_kind k, uint32_t col, uint32_t idx,
                   erg_value *out);
void erg__attrs_clear_obj(erg_graph *g, erg_kind k, uint32_t idx);
void erg__schema_free(erg_graph *g);
bool erg__reserved_name(erg_kind k, const char *name);
const char *erg__kind_name(erg_kind k);


/* Values (value.c). */
int erg__parse_int(const char *s, size_t n, int64_t *out);   /* 0, EINVAL, ELIMIT */
int erg__parse_float(const char *s, size_t n, double *out);
int erg__parse_bool(const char *s, size_t n, bool *out);
size_t erg__format_float(double f, char *buf); /* buf >= 32 bytes */
/* Parses a type name ("int", "string[]"...) into t / elem. */
int erg__parse_type(const char *s, size_t n, erg_type *t, erg_type *elem);
/* Writes "int", "string[]"... */
const char *erg__type_spec(erg_type t, erg_type elem, char *buf);
bool erg__utf8_valid(const char *s, size_t n, size_t *bad_at);
/* ERG_OK, or ERG_EINVAL with "WHAT is not valid UTF-8 (byte N, 0xXX)" set
 * on g (graph.c: the check of every public setter). */
int erg__check_utf8(erg_graph *g, const char *s, size_t n, const char *what);
/* erg's text form of a value, as in a CSV cell or a GraphML data element:
 * lists join their elements with ';', escaping '\\' and ';' with a
 * backslash, and write the list holding one empty string as "\\e". */
int erg__value_text(erg_buf *b, const erg_value *v);
/* Parses the text form of a scalar: ERG_OK, ERG_EINVAL or ERG_ELIMIT
 * (out of range).  A string points into s. */
int erg__scalar_parse(erg_type t, const char *s, size_t n, erg_value *out);
/* Upper bound of the elements of list text (to size items). */
size_t erg__list_count(const char *s, size_t n);
/* Splits list text in place into items; on error *bad is the failing
 * element's index, or SIZE_MAX for a bad escape. */
int erg__list_parse(char *s, size_t n, erg_type elem, erg_value *items, size_t *nitems,
                    size_t *bad);



/* Folding and matching (fold.c; see erg_fold).  erg__fold appends the
 * folded form (words: the word form) to out. */
int erg__fold(erg_graph *g, const char *s, size_t n, bool words, erg_buf *out);
/* Code points of UTF-8 text, into a new array of len + 1 elements. */
int erg__codepoints(erg_graph *g, const char *s, size_t len, int32_t **out, size_t *n);
/* Levenshtein distance; row has nb + 1 elements of scratch. */
size_t erg__edit_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb, size_t *row);

/* Merging (graph.c, merge.c): points relationship ri's ends at from and to
 * (entity indexes), relinking adjacency lists; cannot fail. */
void erg__rel_repoint(erg_graph *g, uint32_t ri, uint32_t from, uint32_t to);
/* The union of two lists (merge.c; erg_merge and erg_graph_union): k's
 * items (k may be NULL), then o's and extra's (either may be NULL) that k
 * lacks.  *items (cap elements, on g's allocator, the caller frees) is
 * NULL when nothing is new; *n counts the union. */
int erg__list_union(erg_graph *g, const erg_value *k, const erg_value *o, const erg_value *extra,
                    erg_value **items, size_t *cap, size_t *n);

#endif
