/*
 * internal.h -- private structures of the core, shared by the core's .c files only.
 * Nothing here is API; see erg.h.
 */
#ifndef ERG_INTERNAL_H
#define ERG_INTERNAL_H

#include "erg.h"
#include <stdarg.h>
#include <string.h>

#define ERG_NONE UINT32_MAX /* "no index" in links */

/* ---- memory (alloc.c) ------------------------------------------------- */
typedef struct erg_alloc {
    erg_realloc_fn fn;
    void *ud;
} erg_alloc;

void *erg__mem(const erg_alloc *a, void *p, size_t old, size_t n);
/* Grows *arr (of elements of size elsz, capacity *cap) to hold need
 * elements; returns 0 or ERG_ENOMEM. */
int erg__grow(const erg_alloc *a, void **arr, uint32_t *cap, size_t need,
              size_t elsz);

/* A growable byte buffer (the one string buffer of the core). */
typedef struct erg_buf {
    char *p;
    size_t len, cap;
    const erg_alloc *a;
} erg_buf;
void erg__buf_init(erg_buf *b, const erg_alloc *a);
int erg__buf_add(erg_buf *b, const void *p, size_t n);
int erg__buf_addc(erg_buf *b, char c);
int erg__buf_printf(erg_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void erg__buf_free(erg_buf *b);

/* ---- hash table (htab.c) ---------------------------------------------- */
/* Open addressing over 32-bit entry numbers; what an entry means (a string,
 * an entity...) is the caller's: it passes the hash and an equality
 * callback comparing a stored entry with the sought key. */
typedef bool (*erg_htab_eq)(const void *ctx, uint32_t entry, const void *key);
typedef struct erg_htab {
    struct erg_hslot { uint32_t entry, hash; } *slots; /* entry+1, 0 empty */
    uint32_t nslots, used, tomb;
} erg_htab;
#define ERG_HTAB_TOMB UINT32_MAX
uint32_t erg__hash_bytes(const void *p, size_t n);
uint32_t erg__hash_u32(uint32_t x);
/* Returns the entry or ERG_NONE. */
uint32_t erg__htab_find(const erg_htab *h, uint32_t hash, erg_htab_eq eq,
                        const void *ctx, const void *key);
int erg__htab_insert(erg_htab *h, const erg_alloc *a, uint32_t hash,
                     uint32_t entry);
/* Removes the slot holding entry (found by its hash). */
void erg__htab_remove(erg_htab *h, uint32_t hash, uint32_t entry);
/* Makes room for n more entries (so inserts cannot fail later). */
int erg__htab_reserve(erg_htab *h, const erg_alloc *a, size_t n);
void erg__htab_free(erg_htab *h, const erg_alloc *a);

/* ---- string pool (strpool.c) ------------------------------------------ */
/* Interned strings, numbered from 1 (0 is "no string").  Each string sits
 * in a chunk as its length (one byte below 255; else 255 preceded by the
 * 32-bit length), its bytes and a NUL; strs[sid] points at the bytes (8
 * bytes a string).  Chunks never move, so pointers stay valid until the
 * pool is freed. */
typedef struct erg_pool {
    const char **strs;
    uint32_t n, cap;
    struct erg_chunk { char *p; size_t size; } *chunks;
    uint32_t nchunks, chunkcap;
    size_t chunk_used, chunk_size;
    erg_htab index;
} erg_pool;
void erg__pool_init(erg_pool *p);
void erg__pool_free(erg_pool *p, const erg_alloc *a);
/* Interns; *sid receives the number.  Returns 0 or ERG_ENOMEM / ERG_ELIMIT. */
int erg__pool_intern(erg_pool *p, const erg_alloc *a, const char *s, size_t n,
                     uint32_t *sid);
/* Looks up without adding; 0 when absent. */
uint32_t erg__pool_find(const erg_pool *p, const char *s, size_t n);
/* Gives back unused capacity of the string table (after an import). */
void erg__pool_trim(erg_pool *p, const erg_alloc *a);
static inline const char *erg__pool_str(const erg_pool *p, uint32_t sid) {
    return sid ? p->strs[sid] : NULL;
}
static inline uint32_t erg__pool_len(const erg_pool *p, uint32_t sid) {
    if (!sid) return 0;
    const unsigned char *b = (const unsigned char *)p->strs[sid];
    if (b[-1] != 255) return b[-1];
    uint32_t n;
    memcpy(&n, b - 1 - sizeof n, sizeof n);
    return n;
}

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
    erg_htab ent_ids, rel_ids, src_ids; /* entries: object index */
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
    struct erg_analysis *analysis; /* cached igraph conversion (analysis.c) */
    erg_progress_fn progress;      /* erg_set_progress */
    void *progress_ud;
};

/* Frees the analysis cache (analysis.c); called by erg_graph_free. */
void erg__analysis_free(erg_graph *g);

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

/* Formats. */
int erg__csv_sources_text(erg_graph *g, erg_buf *out);
/* Reads sources.csv text held in memory (embedded in another format);
 * label names it in messages.  Same contract as erg_csv_read. */
int erg__csv_read_sources_mem(erg_graph *g, const char *label, const char *mem, size_t n,
                              erg_diag_fn diag, void *ud, int *nerr);
int erg__graphml_write(erg_graph *g, erg_out *o);
int erg__gexf_write(erg_graph *g, erg_out *o);
int erg__dot_write(erg_graph *g, erg_out *o);
int erg__json_write(erg_graph *g, erg_out *o);
int erg__cytoscape_write(erg_graph *g, erg_out *o);
int erg__neo4j_write(erg_graph *g, const char *dir);
int erg__graphframes_write(erg_graph *g, const char *dir);
int erg__graphml_read(erg_graph *g, const char *path, erg_diag_fn diag, void *ud);

/* Output directories (outdir.c): writes the files named in names (NULL
 * terminated) through write(g, tmpdir, ud) into a fresh directory and swaps
 * it in whole; what names the kind of set in the refusal message. */
int erg__write_dir(erg_graph *g, const char *dir, const char *const *names, const char *what,
                   int (*write)(erg_graph *g, const char *tmpdir, void *ud), void *ud);

/* Files (out.c). */
#include <sys/types.h>
mode_t erg__umask(void);
int erg__fsync_dir_of(const char *path);

/* Writes a string literal (its length known at compile time). */
#define ERG_PUTS(o, lit) erg_out_write((o), (lit), sizeof(lit) - 1)

/* Text encodings shared by the writers (textenc.c). */
/* 1 (and the code point) when s holds a character XML 1.0 cannot carry. */
int erg__xml_forbidden(const char *s, size_t n, uint32_t *cp);
/* Escapes & < > (and " \n \t in attributes, \r everywhere). */
int erg__out_xml(erg_out *o, const char *s, size_t n, bool attr);
/* A value as JSON (lists as arrays, dates as strings, NaN/Infinity as
 * Python writes them). */
int erg__out_json_value(erg_out *o, const erg_value *v);
/* Appends s as one RFC 4180 field: quoted when empty (so "" is told from
 * null), when it holds , " CR or LF, or has leading or trailing spaces. */
int erg__csv_field(erg_buf *b, const char *s, size_t n);
/* A bool, int, float or date in erg's text form. */
int erg__out_value_text(erg_out *o, const erg_value *v);

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

#endif
