/*
 * erg.h -- the one public header of erg's C core: a property graph of
 * entities and typed, directed relationships with typed attributes.
 *
 * Anything not declared here is not API.
 *
 * Rules that hold for every function below:
 *
 *  - Errors.  Every call that can fail returns an int status: ERG_OK (0) or
 *    one of the negative ERG_E* codes.  The graph handle keeps the latest
 *    status and an English message (erg_errmsg), which the next failing call
 *    on the same handle replaces.  Parse errors put "FILE:LINE:COL: reason"
 *    in the message.  The library never prints, aborts or exits.
 *  - All or nothing.  A call that fails leaves the graph exactly as it was.
 *  - Ownership.  Strings passed in are copied; the caller keeps its own.
 *    Strings returned by the graph (ids, names, string values) live in the
 *    graph's string pool and stay valid until erg_graph_free, even if the
 *    object that held them is deleted.  Lists returned in an erg_value are
 *    owned by the graph and stay valid until that attribute is next changed
 *    (or its object deleted, or the graph freed).
 *  - Handles.  erg_entity and erg_rel are small values (index + generation).
 *    A handle to a deleted object is detected: calls return ERG_EDELETED
 *    with "entity 'x' was deleted" instead of reading freed memory.
 *  - State.  erg keeps no global mutable state of its own: two graphs are
 *    fully independent.  One graph may be read by many threads at once when
 *    no thread modifies it; any modification needs exclusive access.
 *    Reading covers lookups, accessors, iteration, adjacency, attribute and
 *    schema reads, exports and the analysis calls (serialised inside erg,
 *    see below).  But a call that fails writes the handle's error message:
 *    two readers failing at once race on it (erg_entity_by_id and
 *    erg_rel_by_id finding nothing set no message and are safe).  Tested
 *    under ThreadSanitizer (tests/tsan/, make tsan).
 *  - NULL.  erg_graph_free(NULL) is a harmless no-op.
 */
#ifndef ERG_H
#define ERG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ERG_VERSION "0.1.0"

/* ---- status codes --------------------------------------------------- */
enum {
    ERG_OK = 0,
    ERG_ENOMEM = -1,    /* an allocation failed */
    ERG_EINVAL = -2,    /* bad argument (empty id, unknown option...) */
    ERG_ENOTFOUND = -3, /* no such entity / relationship / attribute */
    ERG_EEXIST = -4,    /* id already used */
    ERG_EDELETED = -5,  /* handle to a deleted object */
    ERG_ETYPE = -6,     /* value of the wrong type for the attribute */
    ERG_EPARSE = -7,    /* malformed input file */
    ERG_EIO = -8,       /* reading or writing a file failed */
    ERG_EAMBIGUOUS = -9,/* a name matches several entities */
    ERG_ELIMIT = -10,   /* a limit was reached (size, count, budget) */
    ERG_EANALYSIS = -11 /* the network analysis library failed */
};

/* ---- the graph -------------------------------------------------------- */
typedef struct erg_graph erg_graph;

/* Allocator hook.  realloc(ud, ptr, old_size, new_size): new_size 0 frees
 * and returns NULL; otherwise returns the new block or NULL on failure (ptr
 * stays valid then).  Used for every allocation erg makes for the graph. */
typedef void *(*erg_realloc_fn)(void *ud, void *ptr, size_t old_size,
                                size_t new_size);

/* New empty graph; NULL when out of memory.  Free with erg_graph_free. */
erg_graph *erg_graph_new(void);
/* Same with an allocator hook (NULL fn means the C library's). */
erg_graph *erg_graph_new_with(erg_realloc_fn fn, void *ud);
void erg_graph_free(erg_graph *g);

/* Latest error message and code on this handle ("" and ERG_OK if none). */
const char *erg_errmsg(const erg_graph *g);
int erg_errcode(const erg_graph *g);
/* Sets the handle's error (printf format); returns code.  For layers built
 * on the core (Lua binding, CLI) that report through the same handle. */
int erg_set_error(erg_graph *g, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* A short English name of a status code, e.g. "out of memory". */
const char *erg_strstatus(int code);

/* Progress of long work (imports, exports): fn(ud, what, done, total) is
 * called now and then with what is being done ("reading
 * relationships.csv"), how far it is and the total (bytes or rows; 0 when
 * unknown), and once more with done == total at the end.  fn must not
 * call back into g.  NULL turns it off. */
typedef void (*erg_progress_fn)(void *ud, const char *what, uint64_t done, uint64_t total);
void erg_set_progress(erg_graph *g, erg_progress_fn fn, void *ud);

/* A counter bumped by every change to the graph (for caches). */
uint64_t erg_graph_version(const erg_graph *g);

/* ---- values ----------------------------------------------------------- */
typedef enum erg_type {
    ERG_NULL = 0,
    ERG_BOOL,
    ERG_INT,    /* int64_t */
    ERG_FLOAT,  /* double */
    ERG_STRING, /* UTF-8 bytes with a length */
    ERG_DATE,   /* ISO 8601 prefix: year, year-month or year-month-day */
    ERG_LIST    /* list of one element type (never of lists or nulls) */
} erg_type;

typedef struct erg_date {
    int16_t year;  /* 0..9999 */
    uint8_t month; /* 1..12, 0 when only the year is known */
    uint8_t day;   /* 1..31, 0 when not known */
} erg_date;

typedef struct erg_value {
    erg_type type;
    erg_type elem; /* element type when type == ERG_LIST */
    union {
        bool b;
        int64_t i;
        double f;
        struct { const char *ptr; size_t len; } s;
        erg_date d;
        struct { const struct erg_value *items; size_t n; } list;
    } u;
} erg_value;

/* Constructors (no allocation; strings are not copied until stored). */
erg_value erg_null(void);
erg_value erg_bool(bool b);
erg_value erg_int(int64_t i);
erg_value erg_float(double f);
erg_value erg_str(const char *s); /* NUL-terminated */
erg_value erg_strn(const char *s, size_t len);
erg_value erg_datev(erg_date d);
erg_value erg_listv(erg_type elem, const erg_value *items, size_t n);

/* Parse "2025", "2025-07" or "2025-07-14"; ERG_EINVAL if not a valid date. */
int erg_date_parse(const char *s, size_t len, erg_date *out);
/* Writes the ISO form into buf (at least 11 bytes); returns its length. */
size_t erg_date_format(erg_date d, char *buf);
/* Name of a type: "null", "bool", "int", "float", "string", "date", "list". */
const char *erg_type_name(erg_type t);
/* Structural equality (floats compare bitwise-equal or both NaN). */
bool erg_value_equal(const erg_value *a, const erg_value *b);

/* ---- handles ---------------------------------------------------------- */
typedef struct erg_entity { uint32_t idx, gen; } erg_entity;
typedef struct erg_rel { uint32_t idx, gen; } erg_rel;

/* Object kinds, for attribute schemas and sources. */
typedef enum erg_kind { ERG_KIND_ENTITY = 0, ERG_KIND_REL, ERG_KIND_SOURCE } erg_kind;

/* ---- entities --------------------------------------------------------- */
/* Adds an entity.  id and type must be non-empty; name may be NULL.
 * ERG_EEXIST if the id is taken. */
int erg_entity_add(erg_graph *g, const char *id, const char *type,
                   const char *name, erg_entity *out);
/* By id (exact).  ERG_ENOTFOUND (no message set) when absent. */
int erg_entity_by_id(erg_graph *g, const char *id, erg_entity *out);
/* By id, else by name or alias (ASCII case-insensitive exact match).
 * ERG_EAMBIGUOUS when several entities carry that name. */
int erg_entity_find(erg_graph *g, const char *id_or_name, erg_entity *out);
bool erg_entity_alive(const erg_graph *g, erg_entity e);
/* Accessors return NULL for a dead handle (use erg_entity_check). */
const char *erg_entity_id(const erg_graph *g, erg_entity e);
const char *erg_entity_type(const erg_graph *g, erg_entity e);
const char *erg_entity_name(const erg_graph *g, erg_entity e); /* may be NULL */
/* ERG_OK if alive, else ERG_EDELETED with "entity 'x' was deleted". */
int erg_entity_check(erg_graph *g, erg_entity e);
int erg_entity_set_name(erg_graph *g, erg_entity e, const char *name);
int erg_entity_set_type(erg_graph *g, erg_entity e, const char *type);
size_t erg_entity_alias_count(const erg_graph *g, erg_entity e);
const char *erg_entity_alias(const erg_graph *g, erg_entity e, size_t i);
/* Adds an alias (no-op when the entity already has it, case-insensitive). */
int erg_entity_add_alias(erg_graph *g, erg_entity e, const char *alias);
int erg_entity_remove_alias(erg_graph *g, erg_entity e, const char *alias);
/* Deletes the entity and every relationship that touches it. */
int erg_entity_delete(erg_graph *g, erg_entity e);
/* Merges other into keep: other's name and aliases become aliases of keep,
 * attributes keep lacks are copied, relationships are re-pointed, then other
 * is deleted.  keep's own attribute values win on conflict. */
int erg_entity_merge(erg_graph *g, erg_entity keep, erg_entity other);
size_t erg_entity_count(const erg_graph *g);

/* Iteration over live entities in insertion order; type NULL for all.
 *   erg_iter it = erg_entities(g, "company"); erg_entity e;
 *   while (erg_entity_next(g, &it, &e)) ...
 * Adding entities while iterating is allowed (they are visited). */
typedef struct erg_iter { uint32_t pos; uint32_t type; } erg_iter;
erg_iter erg_entities(const erg_graph *g, const char *type);
bool erg_entity_next(const erg_graph *g, erg_iter *it, erg_entity *out);

/* ---- relationships ---------------------------------------------------- */
/* Adds a relationship from -> to.  id NULL generates one ("r1", "r2", ...
 * skipping ids in use).  Several relationships may join the same pair. */
int erg_rel_add(erg_graph *g, const char *id, erg_entity from, erg_entity to,
                const char *type, bool directed, erg_rel *out);
int erg_rel_by_id(erg_graph *g, const char *id, erg_rel *out);
bool erg_rel_alive(const erg_graph *g, erg_rel r);
int erg_rel_check(erg_graph *g, erg_rel r);
const char *erg_rel_id(const erg_graph *g, erg_rel r);
const char *erg_rel_type(const erg_graph *g, erg_rel r);
erg_entity erg_rel_from(const erg_graph *g, erg_rel r);
erg_entity erg_rel_to(const erg_graph *g, erg_rel r);
bool erg_rel_directed(const erg_graph *g, erg_rel r);
int erg_rel_set_type(erg_graph *g, erg_rel r, const char *type);
int erg_rel_delete(erg_graph *g, erg_rel r);
size_t erg_rel_count(const erg_graph *g);

erg_iter erg_rels(const erg_graph *g, const char *type);
bool erg_rel_next(const erg_graph *g, erg_iter *it, erg_rel *out);

/* Adjacency in O(degree).  ERG_OUT: relationships leaving e, plus undirected
 * ones touching e; ERG_IN: arriving, plus undirected; ERG_BOTH: all touching
 * e (a self-loop once).  type NULL for any type.  Deleting the relationship
 * just returned is allowed; other changes during iteration are not. */
typedef enum erg_dir { ERG_OUT = 1, ERG_IN = 2, ERG_BOTH = 3 } erg_dir;
typedef struct erg_adj {
    uint32_t ent, cur, next, type;
    uint8_t dir, phase;
} erg_adj;
int erg_adjacent(erg_graph *g, erg_entity e, erg_dir dir, const char *type,
                 erg_adj *it);
bool erg_adj_next(const erg_graph *g, erg_adj *it, erg_rel *out);
/* The entity at the other end of r as seen from e. */
erg_entity erg_rel_other(const erg_graph *g, erg_rel r, erg_entity e);

/* ---- sources (what supports a claim) ---------------------------------- */
/* A source has an id and attributes (title, publisher, date, url, ...).
 * Entities and relationships cite sources by id in a "source" attribute
 * (a string or a list of strings). */
typedef struct erg_source { uint32_t idx, gen; } erg_source;
int erg_source_add(erg_graph *g, const char *id, erg_source *out);
int erg_source_by_id(erg_graph *g, const char *id, erg_source *out);
const char *erg_source_id(const erg_graph *g, erg_source s);
int erg_source_delete(erg_graph *g, erg_source s);
size_t erg_source_count(const erg_graph *g);
erg_iter erg_sources(const erg_graph *g);
bool erg_source_next(const erg_graph *g, erg_iter *it, erg_source *out);

/* ---- attributes ------------------------------------------------------- */
/* Attributes are typed per kind: the first non-null value stored under a
 * name fixes its type for every entity (or relationship, or source); a value
 * of another type is refused with ERG_ETYPE, except that an int stored under
 * a float attribute is converted when exact.  Setting null removes the
 * value.  Reserved names (entity: id,type,name,aliases; relationship:
 * id,from,to,type,directed; source: id) are refused with ERG_EINVAL.
 * The object is passed as its kind and handle index/gen pair. */
typedef struct erg_obj { erg_kind kind; uint32_t idx, gen; } erg_obj;
erg_obj erg_obj_entity(erg_entity e);
erg_obj erg_obj_rel(erg_rel r);
erg_obj erg_obj_source(erg_source s);

int erg_attr_set(erg_graph *g, erg_obj o, const char *name, const erg_value *v);
/* *out is ERG_NULL when the attribute is absent. */
int erg_attr_get(erg_graph *g, erg_obj o, const char *name, erg_value *out);
int erg_attr_delete(erg_graph *g, erg_obj o, const char *name);

/* The reserved names of a kind: its fields, which are not attributes
 * (erg_attr_set and erg_schema_declare refuse them; the readers take
 * columns and keys of these names as the fields).  A NULL-terminated
 * static list, in this order: entity id, type, name, aliases;
 * relationship id, from, to, type, directed; source id. */
const char *const *erg_reserved_names(erg_kind k);
/* Whether name is one of erg_reserved_names(k) (case-sensitive). */
bool erg_reserved_name(erg_kind k, const char *name);

/* The schema: attribute names of a kind in the order first declared. */
size_t erg_schema_count(const erg_graph *g, erg_kind k);
const char *erg_schema_name(const erg_graph *g, erg_kind k, size_t i);
/* Type of attribute i; elem receives the element type of a list. */
erg_type erg_schema_type(const erg_graph *g, erg_kind k, size_t i, erg_type *elem);
/* Declares an attribute's type without setting a value (ERG_ETYPE if it
 * exists with another type). */
int erg_schema_declare(erg_graph *g, erg_kind k, const char *name, erg_type t,
                       erg_type elem);
/* Value of schema attribute i for o, by index (fast path for writers). */
int erg_attr_get_at(erg_graph *g, erg_obj o, size_t i, erg_value *out);

/* Graph-level attributes (title, description...): a string map. */
int erg_graph_set_meta(erg_graph *g, const char *key, const char *value);
const char *erg_graph_meta(const erg_graph *g, const char *key);

/* ---- diagnostics from readers ----------------------------------------- */
typedef enum erg_severity { ERG_WARNING = 1, ERG_ERROR = 2 } erg_severity;
typedef struct erg_diag {
    erg_severity severity;
    const char *file; /* path as given */
    unsigned long line, col; /* 1-based; 0 when not known */
    const char *reason;
    const char *text; /* "FILE:LINE:COL: reason" */
} erg_diag;
typedef void (*erg_diag_fn)(void *ud, const erg_diag *d);

/* ---- the CSV graph directory ------------------------------------------ */
/* Reads DIR/entities.csv (required), DIR/relationships.csv and
 * DIR/sources.csv (optional) into g, which may already hold a graph (ids
 * must not clash).  Every problem goes to diag (when not NULL), the first
 * error also into erg_errmsg; on any error g is left as it was and the call
 * returns ERG_EPARSE (or ERG_EIO, ERG_ENOMEM). */
int erg_csv_read(erg_graph *g, const char *dir, erg_diag_fn diag, void *ud);
/* Writes g as a CSV graph directory.  The new directory is built beside
 * DIR and swapped in whole; an existing DIR that holds anything but erg's
 * files is refused.  On error DIR is left as it was. */
int erg_csv_write(erg_graph *g, const char *dir);

/* ---- reading and writing any supported format ------------------------- */
/* Reads path into g by its kind: a directory is a CSV graph directory; a
 * file's format comes from its extension, or from its first bytes where the
 * extension is shared or missing (see core/io/dispatch.c for the table).
 * Same contract as erg_csv_read: diag gets every problem, all or nothing.
 * ERG_EINVAL when no reader recognises the path. */
int erg_read(erg_graph *g, const char *path, erg_diag_fn diag, void *ud);
/* The same with the format named ("csv", "graphml"...; NULL: as
 * erg_read); ERG_EINVAL for a name erg does not read, with the list of
 * names it does in the message. */
int erg_read_as(erg_graph *g, const char *path, const char *format, erg_diag_fn diag,
                void *ud);
/* Writes g in a named format: "csv" (path is a directory), "graphml",
 * "gexf", "dot", "json" (networkx node-link), "cytoscape" (Cytoscape.js
 * elements), "neo4j" and "graphframes" (path is a directory).  A path of
 * "-" writes a single-file format to standard output.  ERG_EINVAL for an
 * unknown or not yet supported format. */
int erg_export(erg_graph *g, const char *format, const char *path);
/* The format a path suggests by its extension ("graphml", "gexf", "dot",
 * "json"; "csv" for a directory or a path with no extension); NULL when it
 * suggests none. */
const char *erg_format_for_path(const char *path);

/* ---- atomic files ------------------------------------------------------ */
/* A file written whole or not at all: writes go to a temporary file beside
 * path; commit fsyncs and renames it over path; abort removes it.  A path
 * of "-" writes to standard output; an existing path that is not a regular
 * file (FIFO, device) is written in place. */
typedef struct erg_out erg_out;
int erg_out_open(erg_graph *g, const char *path, erg_out **out);
int erg_out_write(erg_out *o, const void *p, size_t n);
int erg_out_printf(erg_out *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Writes s as a JSON string literal, quotes included, escaping '"', '\\',
 * every control character (as \uXXXX where there is no short form) and
 * '<', '>', '&' (as \u003c...: safe inside HTML). */
int erg_out_json_string(erg_out *o, const char *s, size_t n);
int erg_out_commit(erg_out *o); /* frees o */
void erg_out_abort(erg_out *o); /* frees o; NULL is a no-op */

/* ---- network analysis -------------------------------------------------- */
/* Centralities, communities, components and paths, computed with igraph on
 * a view of the graph: the live entities whose type is listed (all when no
 * type is listed) and the relationships between them whose type is listed
 * and, with a date window, whose date falls in it.  Listing a type that no
 * entity (relationship) has is an error (ERG_ENOTFOUND), to catch typos.
 *
 *  - Direction.  An undirected relationship counts both ways.  A view
 *    whose relationships are all undirected is analysed as an undirected
 *    graph; any directed relationship makes it directed.  mode chooses how
 *    relationships are followed: ERG_OUT along their direction, ERG_IN
 *    against it, ERG_BOTH ignoring it; 0 takes each call's default.
 *  - Weights.  weight names a numeric (int or float) relationship
 *    attribute; every relationship of the view must hold a finite,
 *    non-negative value, else the call fails naming the relationship.
 *    Without weight every relationship weighs 1.  Per measure a weight is
 *    a distance (longer is weaker): betweenness, closeness, harmonic,
 *    shortest paths; or a strength (more is stronger): strength, PageRank,
 *    eigenvector, hub, authority, every community method and modularity.
 *    Degree, coreness, components, simple paths and ego networks ignore it.
 *  - Results.  Rows follow the view's entities in insertion order, each
 *    with its erg_entity handle (erg_entity_id gives its id).  Arrays are
 *    allocated with the graph's allocator and owned by the caller, who
 *    frees them with the matching *_free function (on the same graph); on
 *    failure nothing is left to free.
 *  - Cost and caching.  The conversion to igraph is cached on the graph
 *    handle (one view at a time) and rebuilt when erg_graph_version
 *    changes or another view is asked for.  igraph keeps process-wide
 *    state and is not thread-safe: analysis calls on any graphs are
 *    serialised on one process-wide lock, so different graphs may be
 *    analysed from different threads.  The cache is only touched under
 *    that lock; otherwise one graph follows the rule for readers (and, as
 *    for any call, a failure writes the handle's error message).
 *    Louvain and Leiden reseed igraph's process-wide random generator.
 *    igraph's own memory does not go through the graph's allocator hook.
 *  - Errors.  Bad options give ERG_EINVAL, unknown attributes or types
 *    ERG_ENOTFOUND, non-numeric weights ERG_ETYPE, bad weight values
 *    ERG_EINVAL; a failure inside igraph gives ERG_EANALYSIS (ERG_ENOMEM
 *    when it ran out of memory) with igraph's reason in the message.
 *    igraph's warnings go to warn (after the call's work is done, so warn
 *    may call back into erg). */

/* Options of every analysis call; all zeros means every default. */
typedef struct erg_analysis_opts {
    /* the view */
    const char *const *entity_types; /* n_entity_types type names; none: all */
    size_t n_entity_types;
    const char *const *rel_types;    /* n_rel_types type names; none: all */
    size_t n_rel_types;
    const char *date_attr;     /* date relationship attribute of the window */
    const erg_date *since;     /* window start (inclusive); NULL: open */
    const erg_date *until;     /* window end (inclusive); NULL: open */
    bool keep_undated;         /* keep relationships with no date (else dropped) */
    /* how to analyse it */
    const char *weight;        /* numeric relationship attribute; NULL: 1 each */
    erg_dir mode;              /* ERG_OUT, ERG_IN, ERG_BOTH; 0: the default */
    bool normalized;           /* betweenness: divide by the number of pairs */
    double damping;            /* PageRank, in [0,1]; 0 means 0.85 */
    const erg_entity *personal;/* personalized PageRank: restart at these */
    size_t n_personal;
    double resolution;         /* modularity resolution; 0 means 1 */
    uint64_t seed;             /* Louvain and Leiden: same seed, same result */
    erg_diag_fn warn;          /* igraph's warnings (NULL: dropped) */
    void *warn_ud;
} erg_analysis_opts;

/* Date windows compare dates as the spans they denote: a relationship
 * dated "2025" is in a window from 2025-07-01 because part of 2025 is. */

typedef enum erg_measure {
    ERG_DEGREE = 1,   /* relationships per entity (a self-loop twice);
                         mode default ERG_BOTH, where an undirected
                         relationship counts once (ERG_OUT, ERG_IN: once) */
    ERG_STRENGTH,     /* sum of weights, counted as degree; ERG_BOTH */
    ERG_BETWEENNESS,  /* shortest paths through it (raw counts unless
                         normalized: / (n-1)(n-2), halved when undirected);
                         ERG_BOTH ignores direction, else directed */
    ERG_CLOSENESS,    /* (reachable-1) / total distance to the reachable
                         entities (igraph's normalisation: an entity that
                         reaches one neighbour scores 1); NaN when it
                         reaches none; default ERG_OUT */
    ERG_HARMONIC,     /* mean of 1/distance over the n-1 others; ERG_OUT */
    ERG_PAGERANK,     /* PRPACK, sums to 1; ERG_OUT (default) or ERG_BOTH;
                         personal restarts the walk at those entities only */
    ERG_EIGENVECTOR,  /* scaled so the maximum is 1; ERG_OUT (default:
                         centrality from incoming links) or ERG_BOTH */
    ERG_HUB,          /* Kleinberg hub score, maximum 1; mode ignored */
    ERG_AUTHORITY,    /* Kleinberg authority score, maximum 1; mode ignored */
    ERG_CORENESS      /* k-core number; mode default ERG_BOTH */
} erg_measure;

/* "degree", "strength", "betweenness", "closeness", "harmonic",
 * "pagerank", "eigenvector", "hub", "authority", "coreness"; 0 / NULL when
 * unknown. */
erg_measure erg_measure_from_name(const char *name);
const char *erg_measure_name(erg_measure m);

typedef struct erg_score { erg_entity entity; double score; } erg_score;
typedef struct erg_scores { erg_score *items; size_t n; } erg_scores;

/* Scores of measure m for every entity of the view, into *out. */
int erg_centrality(erg_graph *g, erg_measure m, const erg_analysis_opts *o,
                   erg_scores *out);
/* Sorts high to low (NaN last), ties in insertion order. */
void erg_scores_sort(erg_scores *s);
void erg_scores_free(erg_graph *g, erg_scores *s); /* and zeroes *s */

/* A partition of the view's entities into groups, numbered from 0 by size
 * (largest first; ties by their first entity in insertion order). */
typedef struct erg_partition {
    erg_entity *entity; /* n entities of the view, insertion order */
    size_t *group;      /* group of entity[i] */
    size_t n, ngroups;
    double modularity;  /* communities: of this partition, with weights and
                           resolution, as an undirected graph; NaN for
                           components and when the total weight is 0 */
} erg_partition;

typedef enum erg_community_method {
    ERG_LOUVAIN = 1, /* multilevel modularity optimisation (seeded) */
    ERG_LEIDEN,      /* Leiden with the modularity objective (seeded) */
    ERG_WALKTRAP     /* random walks of 4 steps, cut at maximum modularity */
} erg_community_method;
/* "louvain", "leiden", "walktrap"; 0 / NULL when unknown. */
erg_community_method erg_community_method_from_name(const char *name);
const char *erg_community_method_name(erg_community_method m);

/* Communities; directions are ignored (each relationship is one undirected
 * link).  Weights are strengths. */
int erg_communities(erg_graph *g, erg_community_method m,
                    const erg_analysis_opts *o, erg_partition *out);
/* Connected components: weak ignores direction, strong follows it. */
int erg_components(erg_graph *g, bool strong, const erg_analysis_opts *o,
                   erg_partition *out);
void erg_partition_free(erg_graph *g, erg_partition *p); /* and zeroes *p */

/* A path, relationship by relationship.  Paths follow o->mode, whose
 * default here is ERG_BOTH (any direction). */
typedef enum erg_hop_dir {
    ERG_HOP_FORWARD = 1, /* walked from -> to along a directed relationship */
    ERG_HOP_BACKWARD,    /* walked against a directed relationship */
    ERG_HOP_UNDIRECTED
} erg_hop_dir;
typedef struct erg_hop {
    erg_rel rel;
    erg_entity from, to; /* in walking order (rel may point the other way) */
    erg_hop_dir dir;
} erg_hop;
typedef struct erg_path {
    erg_hop *hops;
    size_t n;      /* hops; 0 when from == to */
    double length; /* n, or the sum of the weights (distances) */
} erg_path;
typedef struct erg_paths {
    erg_path *paths;
    size_t n;
    bool truncated; /* more paths exist than max_paths */
} erg_paths;

/* One shortest path (fewest hops, or least total weight); of parallel
 * relationships equally short, the first in insertion order.  ERG_ENOTFOUND
 * with a message when to cannot be reached from from.  Both entities must
 * be in the view (ERG_EINVAL otherwise). */
int erg_shortest_path(erg_graph *g, erg_entity from, erg_entity to,
                      const erg_analysis_opts *o, erg_path *out);
void erg_path_free(erg_graph *g, erg_path *p); /* and zeroes *p */
/* Every path without repeated entities from from to to of at most
 * max_hops hops (0 means 4); each relationship between two consecutive
 * entities gives a path of its own.  Shortest first; at most max_paths
 * (0 means 1000), with truncated set when there were more.  Finding the
 * entity sequences costs time and memory exponential in max_hops on dense
 * graphs. */
int erg_simple_paths(erg_graph *g, erg_entity from, erg_entity to,
                     unsigned max_hops, size_t max_paths,
                     const erg_analysis_opts *o, erg_paths *out);
void erg_paths_free(erg_graph *g, erg_paths *p); /* and zeroes *p */

/* The ego network of center: the entities of the view at most hops
 * relationships away (0: center alone; following o->mode, default
 * ERG_BOTH) and the view's relationships among them, as a new graph with
 * their attributes and aliases, the sources they cite and the graph's
 * metadata.  *out is owned by the caller (erg_graph_free); it uses g's
 * allocator. */
int erg_ego(erg_graph *g, erg_entity center, unsigned hops,
            const erg_analysis_opts *o, erg_graph **out);

/* ---- text ---------------------------------------------------------------- */
/* What `erg extract` needs to read articles: tokens, sentences, and names
 * from a list found in text.  Text is UTF-8 bytes with a length (invalid
 * bytes are read as punctuation, never refused); positions are byte
 * offsets from the start of the text, spans half-open [start, end).  The
 * token and sentence walks keep no state between calls: each call looks
 * only at the text around pos, so the text may be walked from anywhere. */

typedef struct erg_span { size_t start, end; } erg_span;

typedef enum erg_token_kind {
    ERG_TOKEN_WORD = 1, /* letters and digits, joined by an inner - ' & _
                           and the dots of an initialism: F-35, AT&T, U.S.,
                           101M, 737-800; a possessive 's is a word of its
                           own ("Microsoft" "'s") */
    ERG_TOKEN_NUMBER,   /* digits with inner , and .: 1,400  3.5  2025 */
    ERG_TOKEN_PUNCT     /* any other character, one code point */
} erg_token_kind;
typedef struct erg_token {
    erg_token_kind kind;
    size_t start, end;
} erg_token;

/* The first token at or after pos; false when there is none.
 *   for (size_t pos = 0; erg_text_token(s, n, pos, &t); pos = t.end) ... */
bool erg_text_token(const char *text, size_t len, size_t pos, erg_token *out);

/* How a single line break (not a blank line, which always ends a
 * sentence) is read. */
typedef enum erg_line_mode {
    ERG_LINES_GUESS = 0, /* ends a sentence when the line looks finished
                            (a headline list): the next line starts with a
                            capital, a digit or a quote, and the line does
                            not end in a comma, a hyphen or a word like
                            "the" or "of" */
    ERG_LINES_BLANK,     /* never: text wrapped at a fixed width */
    ERG_LINES_EACH       /* always: one sentence or headline a line */
} erg_line_mode;

typedef struct erg_sentence_opts {
    erg_line_mode lines;
    /* More abbreviations that never end a sentence, without their final
     * dot ("Rep", "Gen"), beside the built-in titles (Mr, Dr, Sen...),
     * months (Jan...) and the like; compared ignoring ASCII case. */
    const char *const *abbrevs;
    size_t nabbrevs;
} erg_sentence_opts;

/* The first sentence at or after pos, without the white space around it;
 * false when only white space is left.  A sentence ends at . ! ? or an
 * ellipsis (with the closing quotes and brackets after it) followed by
 * white space and no lowercase letter, at a blank line, and at a line
 * break as opts->lines says (opts NULL: all defaults).  A dot after a
 * title (Dr.), an initial (J.) or inside a number (3.5) ends nothing; one
 * after an initialism or a company suffix (U.S., Inc., Ltd.) ends a
 * sentence only when the next word usually starts one (The, It, But...). */
bool erg_text_sentence(const char *text, size_t len, size_t pos,
                       const erg_sentence_opts *opts, erg_span *out);

/* A gazetteer: names (of entities, say), each with a number the caller
 * chooses, found in text token by token.  Matching ignores ASCII case,
 * the dots of initialisms (U.S. = US), typographic apostrophes, quotes and
 * hyphens (Reese’s = Reese's), and the spacing between tokens, except
 * that a name word in capitals (ICE, US) matches only capitals and a
 * capitalised name word (Ring, Meta) only a capitalised word, so that
 * "ice" and "ring" are not names; a leading "The" matches "the".  The
 * gazetteer owns its memory, allocated through fn (NULL: the C
 * library's); it is not tied to any graph.  One gazetteer may be matched
 * by many threads at once while none adds to it. */
typedef struct erg_gazetteer erg_gazetteer;
/* NULL when out of memory.  Free with erg_gazetteer_free (NULL: no-op). */
erg_gazetteer *erg_gazetteer_new(erg_realloc_fn fn, void *ud);
void erg_gazetteer_free(erg_gazetteer *gz);
/* Adds name (len bytes; copied) with value.  Adding a name again with the
 * same value does nothing; with another value, both are kept (the name is
 * ambiguous: a match reports each).  ERG_EINVAL when name holds no token,
 * ERG_ELIMIT when one of its words is longer than 255 bytes, ERG_ENOMEM;
 * on failure the gazetteer is unchanged. */
int erg_gazetteer_add(erg_gazetteer *gz, const char *name, size_t len,
                      uint32_t value);
/* Names added (a name with two values counts twice). */
size_t erg_gazetteer_count(const erg_gazetteer *gz);

typedef struct erg_text_match {
    size_t start, end; /* the matched text, whole tokens */
    uint32_t value;
} erg_text_match;
/* Called for each match; a non-zero return stops the search, which then
 * returns that value. */
typedef int (*erg_match_fn)(void *ud, const erg_text_match *m);
enum { ERG_MATCH_ALL = 1 };
/* Finds the names in text.  By default leftmost-longest: at each token
 * the longest name starting there wins (each of its values is reported,
 * in the order added) and the search goes on after it.  With
 * ERG_MATCH_ALL every occurrence of every name is reported, nested and
 * overlapping ones included, by start and then longest first.  Does not
 * allocate; returns ERG_OK or fn's value. */
int erg_gazetteer_match(const erg_gazetteer *gz, const char *text, size_t len,
                        unsigned flags, erg_match_fn fn, void *ud);

/* ---- drawing ------------------------------------------------------------- */
/* Positions of the view's entities for a drawing.  method: "fr"
 * (Fruchterman-Reingold, the default), "kk" (Kamada-Kawai), "drl" or
 * "circle".  o->seed makes it repeatable; directions are ignored.  The
 * arrays are owned by the caller: erg_layout_free. */
typedef struct erg_layout {
    erg_entity *entity;
    double *x, *y;
    size_t n;
} erg_layout;
int erg_layout_compute(erg_graph *g, const char *method, const erg_analysis_opts *o, erg_layout *out);
void erg_layout_free(erg_graph *g, erg_layout *l); /* and zeroes *l */

/* An SVG drawing of the graph (or the view o->entity_types/rel_types
 * describes): entities as circles coloured by type (or by a string
 * attribute) with a legend, sized by a centrality, relationships as lines
 * with arrowheads when directed, labels that do not overlap, a title.
 * Written whole or not at all to path ("-": standard output). */
typedef struct erg_render_opts {
    const char *layout;   /* as erg_layout_compute; NULL: "fr" */
    const char *color_by; /* entity attribute (string); NULL: the type */
    erg_measure size_by;  /* 0: PageRank */
    int labels;           /* -1: all, 0: none, N: the N largest; default
                             (INT32_MIN): all up to 80 entities, else 40 */
    const char *title;    /* NULL: the graph's "title" metadata, or "erg" */
    int width, height;    /* pixels; 0: 1600 x 1000 */
    bool interactive;     /* for embedding in HTML: data-id attributes on
                             entities and relationships, no XML declaration */
} erg_render_opts;
int erg_render_svg(erg_graph *g, const erg_render_opts *r, const erg_analysis_opts *o, const char *path);
/* The same into an open output. */
int erg_render_svg_to(erg_graph *g, const erg_render_opts *r, const erg_analysis_opts *o, erg_out *out);

/* A self-contained HTML report (no network access: everything inline): the
 * drawing, entities by type, the top entities by PageRank, betweenness and
 * degree, Louvain communities, the sources, and for each pair every path
 * between them (at most max_hops steps) with each hop's evidence and
 * source.  A little inline JavaScript shows an entity's attributes,
 * relationships and sources when it is clicked or hovered, and a search box
 * highlights entities; when the script has run, <html> has data-ready. */
typedef struct erg_report_opts {
    const char *title;         /* NULL: graph metadata "title", or "erg report" */
    const char *const *pairs;  /* 2 * npairs ids or names: from, to, from, to... */
    size_t npairs;
    unsigned max_hops;         /* 0: 3 */
    const char *layout;        /* as erg_render_opts */
} erg_report_opts;
int erg_report_html(erg_graph *g, const erg_report_opts *r, const erg_analysis_opts *o, const char *path);

#ifdef __cplusplus
}
#endif
#endif
