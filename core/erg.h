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
    ERG_EANALYSIS = -11,/* the network analysis library failed */
    ERG_EINTERRUPTED = -12,/* the caller interrupted the work (erg_analysis_opts.interrupt,
                              erg_lua_interrupt) */
    /* the Lua layer's (erg_lua.h), here so that erg_strstatus names them */
    ERG_ESCRIPT = -20,  /* a script failed to compile or raised an error */
    ERG_ESANDBOX = -21  /* the sandbox stopped a script */
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

/* Latest error message and code on this handle ("" and ERG_OK if none).
 * g NULL stands for a graph that could not be made (erg_graph_new returned
 * NULL): "out of memory" and ERG_ENOMEM. */
const char *erg_errmsg(const erg_graph *g);
int erg_errcode(const erg_graph *g);
/* The graph's allocator (erg_realloc_fn's contract: new_size 0 frees and
 * returns NULL; NULL on failure, ptr then still valid), for layers built
 * on the core that allocate on the graph's behalf; blocks are freed the
 * same way with their size. */
void *erg_graph_realloc(erg_graph *g, void *ptr, size_t old_size, size_t new_size);
/* Sets the handle's error (printf format); returns code.  For layers built
 * on the core (Lua binding, CLI) that report through the same handle. */
int erg_set_error(erg_graph *g, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* A short English name of any status code above, e.g. "out of memory"
 * (a static string); "unknown error" for any other number. */
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
/* Whether r's id was made up by erg ("r1", "r2"...: the input or the
 * caller gave none), so that it names nothing outside this graph (erg
 * merge does not match such ids across graphs).  A copy keeps the mark;
 * a file written and read back holds the id as given. */
bool erg_rel_id_generated(const erg_graph *g, erg_rel r);
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

/* Graph-level attributes (title, description...): a string map.  Key and
 * value must be valid UTF-8, as every string a setter takes (ids, types,
 * names, aliases, attribute names and values): ERG_EINVAL otherwise, with
 * "WHAT is not valid UTF-8 (byte N, 0xXX)" naming the first bad byte. */
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
 * ERG_EINVAL when no reader recognises the path.  Only directories and
 * regular files are read, never waiting on a FIFO: anything else (or a
 * CSV directory's file that is not regular) is ERG_EIO, "PATH: not a
 * regular file", as in erg_read_as and erg_table_open. */
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
/* Writes g in a single-file format ("graphml", "gexf", "dot", "json",
 * "cytoscape") into the open output o, e.g. to embed it in a larger file;
 * o stays the caller's to commit or abort.  ERG_EINVAL for another name. */
typedef struct erg_out erg_out;
int erg_export_to(erg_graph *g, const char *format, erg_out *o);
/* The format a path suggests by its extension ("graphml", "gexf", "dot",
 * "json"; "csv" for a directory or a path with no extension); NULL when it
 * suggests none. */
const char *erg_format_for_path(const char *path);

/* ---- atomic files ------------------------------------------------------ */
/* A file written whole or not at all: writes go to a temporary file beside
 * path; commit fsyncs and renames it over path; abort removes it.  A path
 * of "-" writes to standard output; an existing path that is not a regular
 * file (FIFO, device) is written in place.
 *
 * Errors stick.  The first write, printf or encoder call that fails (out
 * of memory, a bad format, a write(2) error) is kept on the erg_out: every
 * later call on it does nothing and returns that status, and erg_out_commit
 * returns it, with its message put back on the handle, and leaves the
 * target untouched (absent, or its old bytes; for "-" and files written in
 * place, whatever was already flushed stays written).  A writer may thus
 * skip checking each write and check erg_out_status (or commit) once. */
int erg_out_open(erg_graph *g, const char *path, erg_out **out);
/* ERG_OK, or the first error of any call on o (see above). */
int erg_out_status(const erg_out *o);
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
/* Writes v as JSON: null, true/false, numbers (NaN and infinities as
 * Python's json module writes them), strings as erg_out_json_string,
 * dates as "YYYY-MM-DD" strings (or shorter), lists as arrays. */
int erg_out_json_value(erg_out *o, const erg_value *v);
/* Writes s (n bytes) as one RFC 4180 CSV field: as it is, or in double
 * quotes (a quote doubled) when it is empty (so "" is told from a missing
 * value, which the caller writes as nothing), holds a comma, quote, CR or
 * LF, or starts or ends with a space or tab.  erg's own CSV files use the
 * same rule. */
int erg_out_csv_field(erg_out *o, const char *s, size_t n);
/* Writes what o has buffered, fsyncs, renames it over the path and frees
 * o; returns ERG_OK or the first error (then the target is untouched). */
int erg_out_commit(erg_out *o);
void erg_out_abort(erg_out *o); /* frees o; NULL is a no-op */
/* Interrupted writes.  Every temporary file and directory erg is writing
 * (erg_out, erg_export, erg_csv_write...) is named PATH.tmp-PID-XXXXXX and
 * recorded, process-wide, while it exists.  erg_out_remove_temporaries
 * removes all of them, and is async-signal-safe (it calls only unlink and
 * rmdir on the recorded paths, allocates nothing, takes no lock): a
 * program's SIGINT/SIGTERM handler calls it before the process ends (erg
 * installs no handler itself).  The targets keep their old contents.  The
 * writes in progress are not told; the caller is expected to end.  What a
 * handler could not remove (after SIGKILL or a crash) is swept up by the
 * next write to the same target: temporaries of that name whose PID is no
 * longer a running process (never those of live processes, other names, or
 * directories holding foreign files).  Up to 64 temporaries at once are
 * recorded; more are still written but only swept. */
void erg_out_remove_temporaries(void);

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
    uint64_t seed;             /* Louvain, Leiden, sampled betweenness: same
                                  seed, same result */
    erg_diag_fn warn;          /* igraph's warnings (NULL: dropped) */
    void *warn_ud;
    bool group_parallel;       /* paths: one path per entity sequence, each
                                  hop standing for every relationship that
                                  joins its two entities (erg_hop_rels) */
    /* betweenness from sample sources drawn uniformly without replacement
     * (seeded by seed), scores scaled by n / sample: networkx's k.  0, or
     * at least the view's n entities: exact, every entity a source */
    size_t sample;
    /* Long work.  When interrupt is not NULL the call polls it (igraph's
     * interruption and progress handlers, and erg's own loops) and, once it
     * is nonzero, frees everything and fails with ERG_EINTERRUPTED,
     * "MEASURE: interrupted".  A signal handler may set it (int is
     * sig_atomic_t on the platforms erg builds on).  While igraph works,
     * the graph's progress callback (erg_set_progress) is called with
     * "computing MEASURE", done out of total 1000. */
    const volatile int *interrupt;
    /* the work done, reported now and then (simple paths: a step per
     * neighbour looked at); a nonzero return stops the analysis with
     * ERG_ELIMIT.  NULL: not reported. */
    int (*work)(void *ud, uint64_t steps);
    void *work_ud;
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
/* The mode m is computed in with o (NULL: defaults): o->mode, else the
 * measure's default above; ERG_OUT for hub and authority, which follow
 * direction by definition. */
erg_dir erg_measure_mode(erg_measure m, const erg_analysis_opts *o);

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
 * graphs: the search reports its work to o->work and allocates (the
 * sequences too) on the graph's allocator, so both can bound it. */
int erg_simple_paths(erg_graph *g, erg_entity from, erg_entity to,
                     unsigned max_hops, size_t max_paths,
                     const erg_analysis_opts *o, erg_paths *out);
void erg_paths_free(erg_graph *g, erg_paths *p); /* and zeroes *p */
/* The k shortest paths without repeated entities (fewest hops, or least
 * total weight with o->weight), shortest first; ties in igraph's order
 * (Yen's algorithm, igraph_get_k_shortest_paths).  With o->group_parallel
 * paths that differ only in which parallel relationship they take count
 * once, each hop taking the shortest of them.  k 0 means 1; fewer when
 * fewer exist (none: out->n 0, no error). */
int erg_k_shortest_paths(erg_graph *g, erg_entity from, erg_entity to, size_t k,
                         const erg_analysis_opts *o, erg_paths *out);
/* Every relationship of the view (o) joining a to b that a path in o's
 * mode may walk (ERG_BOTH by default), in insertion order: the parallel
 * relationships a hop stands for.  *rels is the caller's, freed with
 * erg_hop_rels_free(g, *rels, *n). */
int erg_hop_rels(erg_graph *g, erg_entity a, erg_entity b, const erg_analysis_opts *o,
                 erg_rel **rels, size_t *n);
void erg_hop_rels_free(erg_graph *g, erg_rel *rels, size_t n);

/* The ego network of center: the entities of the view at most hops
 * relationships away (0: center alone; following o->mode, default
 * ERG_BOTH) and the view's relationships among them, as a new graph with
 * their attributes and aliases, the sources they cite and the graph's
 * metadata.  *out is owned by the caller (erg_graph_free); it uses g's
 * allocator. */
int erg_ego(erg_graph *g, erg_entity center, unsigned hops,
            const erg_analysis_opts *o, erg_graph **out);

/* ---- time ------------------------------------------------------------------ */
/* Relationships may say when they held: "start" and "end" (date attributes;
 * either may be missing: open) for a state that lasted, "date" for an
 * event.  A partial date stands for its whole span: start 2025-07 begins on
 * 2025-07-01, end 2025-07 ends on 2025-07-31, as of 2025-07 means some day
 * of July 2025.  A relationship is valid
 *  - as of D: with start or end, when [start, end] overlaps D (open sides
 *    unbounded); with only date, when date begins on or before D ends (it
 *    had happened by then); with none of them, always;
 *  - in the window [since, until] (either open): with start or end, when
 *    [start, end] overlaps the window; with only date, when date overlaps
 *    it; with none of them, always.
 * start and end win over date when both are there.  as_of and a window do
 * not go together (ERG_EINVAL); a start, end or date attribute that is not
 * of type date is ERG_ETYPE. */
typedef struct erg_time_opts {
    const erg_date *as_of;  /* the graph as it stood then; NULL: no date */
    const erg_date *since;  /* window start (inclusive); NULL: open */
    const erg_date *until;  /* window end (inclusive); NULL: open */
} erg_time_opts;
/* A copy of g with every entity, source and metadata entry and the
 * relationships valid at t (NULL: all), in g's order, with g's schema and
 * g's allocator.  *out is the caller's (erg_graph_free). */
int erg_graph_as_of(erg_graph *g, const erg_time_opts *t, erg_graph **out);
/* Whether r is valid at t, by the rule above. */
int erg_rel_valid_at(erg_graph *g, erg_rel r, const erg_time_opts *t, bool *valid);

/* What changed from graph a to graph b: entities, relationships and
 * sources matched by id.  Items go entities, relationships, sources; per
 * kind first a's objects in a's order (removed, or changed with the
 * fields that differ: "type, name, aliases", "from, to, directed", and
 * attribute names, compared by value over both schemas), then b's new
 * ones in b's order (added).  ids point into the pool of the graph that
 * has the object; fields into the diff.  Memory on a's allocator:
 * erg_diff_free(a, ...). */
typedef enum erg_diff_change { ERG_DIFF_ADDED = 1, ERG_DIFF_REMOVED, ERG_DIFF_CHANGED } erg_diff_change;
typedef struct erg_diff_item {
    erg_kind kind;
    erg_diff_change change;
    const char *id;
    const char *fields;     /* changed: "name, evidence"; else NULL */
} erg_diff_item;
typedef struct erg_diff {
    erg_diff_item *items;
    size_t n;
    size_t cap, textcap;    /* internal */
    char *text;             /* internal */
} erg_diff;
int erg_diff_graphs(erg_graph *a, erg_graph *b, erg_diff *out);
void erg_diff_free(erg_graph *a, erg_diff *d);

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
/* As erg_gazetteer_match, reporting its work now and then to work (a
 * step per name compared and per text token read); a non-zero return
 * stops the search, which then returns that value.  work NULL: not
 * reported. */
int erg_gazetteer_match_work(const erg_gazetteer *gz, const char *text, size_t len,
                             unsigned flags, erg_match_fn fn, void *ud,
                             int (*work)(void *ud, uint64_t steps), void *work_ud);

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

/* A self-contained HTML report (no network access: everything inline): an
 * interactive map drawn by sigma.js (WebGL) at positions computed here by
 * igraph, with search, filters, a date slider, an entity panel, an ego
 * view and shortest paths (README: "The explorer"); below it the top
 * entities by PageRank, betweenness (up to 5000 entities) and degree, the
 * paths of each pair (at most max_hops steps) with each hop's evidence and
 * source, Louvain communities and the sources.  When the map is drawn,
 * <html> has data-ready="true". */
typedef struct erg_report_opts {
    const char *title;         /* NULL: graph metadata "title", or "erg report" */
    const char *const *pairs;  /* 2 * npairs ids or names: from, to, from, to... */
    size_t npairs;
    unsigned max_hops;         /* 0: 3 */
    const char *layout;        /* as erg_render_opts */
    const char *open;          /* what the map shows first: "all", "component"
                                  (the largest), "top" (the top entities by
                                  measure); NULL or "auto": all up to top
                                  entities, else the largest component cut
                                  to its top entities */
    unsigned top;              /* 0: 2000 */
    erg_measure measure;       /* node size, label priority, "top"; 0: PageRank */
} erg_report_opts;
int erg_report_html(erg_graph *g, const erg_report_opts *r, const erg_analysis_opts *o, const char *path);

/* ---- delimited tables (spreadsheets, edge lists) ------------------------ */
/* A row iterator over a delimited text file (CSV, TSV, semicolon files,
 * whitespace-separated edge lists), for importing data that is not an erg
 * graph.  Streaming: a row at a time, memory bounded by the longest row.
 *
 *  - Text.  A UTF-8 BOM is skipped; lines end with LF, CRLF or a lone CR;
 *    fields follow RFC 4180 (quoted separators, doubled quotes, quoted
 *    line breaks).  Blank lines are skipped; so are lines starting with the
 *    comment string (default "#") outside a quoted field.  Fields must be
 *    valid UTF-8 without NUL bytes.
 *  - Separator.  ",", "\t", ";", "|" or any single byte but a quote or a
 *    line end; " " means runs of spaces and tabs (leading and trailing
 *    ones ignored, quotes not special: SNAP and networkx edge lists).  Not
 *    given, it is detected from the first records of the first 64 KiB:
 *    the one of tab, comma and semicolon that appears the same non-zero
 *    number of times (outside quotes) in every sampled record, the most
 *    frequent if several do, ties in that order; else runs of spaces when
 *    every sampled record has a space between two words; else comma.
 *  - Rows.  The header (unless no_header) names the columns; its width,
 *    or the first row's without a header, is the width every row must
 *    have.  Positions are 1-based lines (where a field starts) and field
 *    numbers, as in the CSV graph reader.
 *  - Errors.  Calls return a status; the table keeps the latest message
 *    ("FILE:LINE:COL: reason" for bad data) in erg_table_errmsg.  After an
 *    error erg_table_next keeps returning it.
 *  - Memory.  Through o->graph's allocator hook when o->graph is set (and
 *    progress, "reading FILE" in bytes, through its progress callback),
 *    else through o->alloc (NULL: the C library's).  The table is not tied
 *    to a graph otherwise and keeps no global state. */
typedef struct erg_table erg_table;

typedef struct erg_table_opts {
    const char *sep;     /* one byte, " " for runs of blanks; NULL or "": detect */
    bool no_header;      /* the first row is data */
    const char *comment; /* NULL: "#"; "": no comment lines */
    erg_graph *graph;    /* allocator and progress; may be NULL */
    erg_realloc_fn alloc;/* without graph: the allocator (NULL: malloc) */
    void *alloc_ud;
} erg_table_opts;

/* One field of the current row.  s is NUL-terminated (len bytes) and
 * valid until the next erg_table_next, erg_table_rewind or close. */
typedef struct erg_field {
    const char *s;
    size_t len;
    bool null;          /* empty and unquoted (a quoted "" is not null) */
    unsigned long line; /* the line it starts on */
} erg_field;

/* Opens path (a regular file) and reads its header.  *out is set even on
 * failure, so the message can be read (erg_table_errmsg), except when out
 * of memory (*out NULL, ERG_ENOMEM); close it in every case.  ERG_EIO when
 * the file cannot be read, ERG_EINVAL for a bad separator, ERG_EPARSE for
 * a bad header. */
int erg_table_open(const char *path, const erg_table_opts *o, erg_table **out);
void erg_table_close(erg_table *t); /* NULL is a no-op */
/* Reads the next row: 1 when there is one, 0 at the end, or a negative
 * status (ERG_EPARSE with "FILE:LINE:COL: reason", ERG_EIO, ERG_ENOMEM,
 * ERG_ELIMIT for a row of more than 100,000 fields). */
int erg_table_next(erg_table *t);
/* The fields of the current row (width of them). */
const erg_field *erg_table_fields(const erg_table *t, size_t *n);
/* The line the current row starts on. */
unsigned long erg_table_line(const erg_table *t);
/* Back to the first data row (for a second pass; regular files only). */
int erg_table_rewind(erg_table *t);
/* Columns: how many (0 for a file without rows), and the header's name of
 * column i (0-based; NULL without a header). */
size_t erg_table_width(const erg_table *t);
const char *erg_table_column(const erg_table *t, size_t i);
/* The 0-based column a user's reference names: a header name (exact),
 * else a 1-based number.  ERG_ENOTFOUND when none (no message set). */
int erg_table_column_find(const erg_table *t, const char *ref, size_t *out);
/* The separator in use (' ' for runs of blanks), the path as given. */
char erg_table_separator(const erg_table *t);
const char *erg_table_path(const erg_table *t);
/* Bytes read so far and the file's size, for progress. */
uint64_t erg_table_offset(const erg_table *t);
uint64_t erg_table_size(const erg_table *t);
const char *erg_table_errmsg(const erg_table *t);
int erg_table_errcode(const erg_table *t);
/* Sets the table's error to "FILE:LINE:COL: reason" (COL 0: "FILE:LINE:")
 * for problems its caller finds in the data; returns code. */
int erg_table_error(erg_table *t, int code, unsigned long line, unsigned long col,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Type inference for imported text.  erg_infer_type gives the most
 * specific type s reads as: ERG_NULL for "", ERG_INT for a decimal
 * integer that fits 64 bits without a leading '+' or leading zeros
 * ("007" stays a string), ERG_FLOAT for a finite decimal number with a
 * '.' or an exponent, ERG_BOOL for true/false in any case, ERG_DATE for
 * YYYY-MM-DD or YYYY-MM (a bare year is an int), else ERG_STRING.
 * erg_type_widen joins two such types into one that holds both: null
 * gives the other, int and float give float, others that differ string. */
erg_type erg_infer_type(const char *s, size_t len);
erg_type erg_type_widen(erg_type a, erg_type b);
/* The value s means as type t (ERG_STRING: s itself, not copied);
 * ERG_EINVAL when it is not one, ERG_ELIMIT when out of range.  The
 * reason, in erg's words ("bad date 'x' (YYYY, YYYY-MM or YYYY-MM-DD)"),
 * goes to why (at least 128 bytes) when not NULL. */
int erg_value_parse(erg_type t, const char *s, size_t len, erg_value *out, char *why,
                    size_t whylen);

/* ---- name search, entity resolution and interlocks ---------------------- */
/* The folded form of s (n bytes of UTF-8) that name search and duplicate
 * detection compare: NFKD, combining marks stripped, Unicode full case
 * folding (libutf8proc), so "NIERSTENHÖFER" folds to "nierstenhofer" and
 * "Straße" to "strasse"; İ folds to "i", the dotless ı stays ı (see
 * core/store/fold.c for the details).  With words, every run of
 * characters that are not letters or digits becomes one space and dots
 * and apostrophes vanish ("U.S. Dept." -> "us dept").  Writes at most cap
 * bytes with a NUL (snprintf style; cap 0 writes nothing) and the whole
 * length to *len (may be NULL).  ERG_EINVAL when s is not valid UTF-8. */
int erg_fold(erg_graph *g, const char *s, size_t n, bool words, char *buf, size_t cap,
             size_t *len);

/* How a name matched a search, best first. */
typedef enum erg_find_how {
    ERG_FIND_EXACT = 1, /* the folded words are equal: score 1 */
    ERG_FIND_PREFIX,    /* the name starts with the text: (0.8, 0.9] */
    ERG_FIND_WORD,      /* the text is one or more whole words of it: (0.7, 0.8] */
    ERG_FIND_SUBSTRING, /* the text is inside it: (0.6, 0.7] */
    ERG_FIND_FUZZY      /* a few edits away: 0.6 x similarity, below 0.6 */
} erg_find_how;
/* "exact", "prefix", "word", "substring", "fuzzy"; NULL when unknown. */
const char *erg_find_how_name(erg_find_how h);

typedef struct erg_find_opts {
    const char *type;      /* only entities of this type; NULL: all */
    size_t limit;          /* at most this many hits; 0: all */
    double min_score;      /* drop hits scoring less; 0: keep all */
    double min_similarity; /* fuzzy: 1 - edits / longer length at least
                              this; 0 means 0.75 */
} erg_find_opts;
typedef struct erg_find_hit {
    erg_entity entity;
    double score;
    erg_find_how how;
    const char *matched; /* the name, alias or id that matched (pool) */
} erg_find_hit;
typedef struct erg_find_result {
    erg_find_hit *items;
    size_t n;
} erg_find_result;

/* Searches names, aliases and ids for text, compared in their folded word
 * form (erg_fold).  Within a kind of match the score grows with the share
 * of the name the text covers, so "Microsoft" ranks "Microsoft Azure"
 * above "Microsoft Azure Government".  Hits go high to low, ties in
 * insertion order; each entity once, with its best match.  *out is owned
 * by the caller (erg_find_result_free).  ERG_EINVAL when text folds to no
 * letter or digit or is not valid UTF-8. */
int erg_find(erg_graph *g, const char *text, const erg_find_opts *o, erg_find_result *out);
void erg_find_result_free(erg_graph *g, erg_find_result *r); /* and zeroes *r */

/* Entity resolution.  erg_merge merges other into keep and records it:
 *  - other's id, name and aliases become aliases of keep (so erg_entity_find
 *    by the old id finds keep); keep's "merged_from" (string[]) lists the
 *    ids merged into it;
 *  - list attributes are unioned (keep's items first, then other's that keep
 *    lacks), attributes keep lacks are copied;
 *  - a scalar attribute both hold with different values, and a different
 *    type, is a conflict: policy decides (ERG_MERGE_KEEP: keep's value
 *    stays; ERG_MERGE_OTHER: other's wins; ERG_MERGE_STRICT: the merge
 *    fails with ERG_EEXIST naming every conflict, nothing changed);
 *  - relationships that become identical (same from, to, type, direction
 *    and every attribute, sources included) are folded into the oldest;
 *  - the record (what it takes to undo the merge) is stored in the graph
 *    metadata under "erg:merge:ID" (ID "m1", "m2"...), so it travels with
 *    formats that keep metadata (GraphML).
 * The report lists the conflicts; strings point into the graph's pool.
 * All or nothing. */
typedef enum erg_merge_policy {
    ERG_MERGE_KEEP = 0, ERG_MERGE_OTHER, ERG_MERGE_STRICT
} erg_merge_policy;
typedef struct erg_merge_conflict {
    const char *attr;       /* attribute name, or "type" */
    const char *keep_value; /* erg's text form of each value */
    const char *other_value;
} erg_merge_conflict;
typedef struct erg_merge_report {
    const char *id;         /* the merge's id ("m3") */
    erg_merge_conflict *conflicts;
    size_t nconflicts;
    size_t folded;          /* relationships folded away */
    size_t moved;           /* relationships re-pointed to keep */
} erg_merge_report;
/* report may be NULL; else free it with erg_merge_report_free. */
int erg_merge(erg_graph *g, erg_entity keep, erg_entity other, erg_merge_policy policy,
              erg_merge_report *report);
void erg_merge_report_free(erg_graph *g, erg_merge_report *r); /* and zeroes *r */
/* The merges recorded, oldest first: ids[i] is "mN", keep[i] the kept
 * entity's id, other[i] the merged-away id (pool strings).  The arrays are
 * the caller's (erg_merges_free). */
typedef struct erg_merge_list {
    const char **ids, **keep, **other;
    size_t n;
} erg_merge_list;
int erg_merges(erg_graph *g, erg_merge_list *out);
void erg_merges_free(erg_graph *g, erg_merge_list *l);
/* Undoes merge id: other comes back with its id, type, name, aliases and
 * attributes and its relationships (the folded ones re-created with their
 * ids); keep loses the aliases and gets back the attribute values it had
 * before.  ERG_ENOTFOUND for an unknown id; ERG_EINVAL when a later merge
 * into the same entity is not undone yet, when keep was deleted or the old
 * id is taken.  All or nothing. */
int erg_unmerge(erg_graph *g, const char *id);

/* Two investigations' graphs combined: *out (the caller's, erg_graph_free)
 * holds a's objects in a's order, then b's that a lacks in b's order; a
 * and b are not changed.  Matching:
 *  - sources and entities by id; an entity also by an id a merged away
 *    (erg_merges), so resolved duplicates stay resolved;
 *  - a relationship by id when a's has the same ends, type and direction;
 *    with the same id and other ends it is another fact, added as
 *    "ID~2" (the first free), and reported; with an id a lacks, it is
 *    folded into a's relationship with the same ends, type, direction and
 *    every attribute but "source", if there is one (the same fact twice).
 * A matched object gets b's aliases (and b's id and name as aliases when
 * they differ), list attributes unioned (a's items first, then b's new
 * ones: sources are unioned this way) and the values a lacks.  A scalar
 * value, type, name or metadata entry that differs is a conflict, settled
 * by policy: ERG_MERGE_KEEP keeps a's, ERG_MERGE_OTHER takes b's (a's
 * name then stays as an alias), ERG_MERGE_STRICT fails with ERG_EEXIST
 * after reporting every conflict.  A value whose attribute has another
 * type in a's schema is a conflict that leaves b's value out.  b's merge
 * records (metadata erg:merge:*) are not carried.  fn (may be NULL) is
 * called for each conflict; its strings last until it returns (notes call
 * a "A" and b "B", as erg merge A B does). */
typedef struct erg_union_conflict {
    const char *what;    /* "entity", "relationship", "source" or "metadata" */
    const char *id_a;    /* the object's id in a; NULL: not in a (or metadata) */
    const char *id_b;    /* its id in b; NULL for metadata */
    const char *field;   /* attribute name, "type", "name", "from, to, type", or the metadata key */
    const char *a_value; /* erg's text form of each side; NULL when not shown */
    const char *b_value;
    bool took_b;         /* the result holds b's side */
    const char *note;    /* more about it, or NULL */
} erg_union_conflict;
typedef void (*erg_union_fn)(void *ud, const erg_union_conflict *c);
typedef struct erg_union_stats {
    size_t ents_added, ents_matched;
    size_t rels_added, rels_matched, rels_folded;
    size_t srcs_added, srcs_matched;
    size_t conflicts;
} erg_union_stats;
/* stats may be NULL.  Errors (ERG_ENOMEM, ERG_EEXIST for strict) go on a. */
int erg_graph_union(erg_graph *a, erg_graph *b, erg_merge_policy policy, erg_union_fn fn, void *ud,
                    erg_union_stats *stats, erg_graph **out);

/* Candidate duplicates: pairs of entities of one type (any types with
 * any_type) whose folded names or aliases, without company suffixes (Inc.,
 * Corp., LLC, Ltd, GmbH, AG, S.A., PLC...) and a leading "the", are alike.
 *   name = best over their names and aliases of max(1 - edits / longer
 *          length, shared words / all words);
 *   score = 0.8 name + 0.2 (shared neighbours / all neighbours; 0 when
 *          neither has one).
 * Pairs with name >= 0.5 and score >= min_score (0 means 0.6), high to
 * low; keep is the older entity (insertion order).  Caller frees. */
typedef struct erg_dedupe_opts {
    double min_score;
    bool any_type;
} erg_dedupe_opts;
typedef struct erg_dedupe_pair {
    erg_entity keep, other;
    double score, name_score;
    size_t shared;          /* shared neighbours */
    const char *keep_name, *other_name; /* the names or aliases that matched */
} erg_dedupe_pair;
typedef struct erg_dedupe_result {
    erg_dedupe_pair *items;
    size_t n;
} erg_dedupe_result;
int erg_dedupe(erg_graph *g, const erg_dedupe_opts *o, erg_dedupe_result *out);
void erg_dedupe_result_free(erg_graph *g, erg_dedupe_result *r);

/* Interlocks (LittleSis style): entities of the between types (all types
 * but the connector types when none is listed) that share connectors
 * (entities of the connector types, "person" when none is listed) joined
 * to both by relationships of the via types (any type when none), in
 * either direction.  Computed by igraph's bipartite projection over the
 * analysis lock.  Pairs by number of shared connectors, high to low, then
 * by the pair's insertion order; each pair lists its connectors in
 * insertion order.  Caller frees. */
typedef struct erg_interlock_opts {
    const char *const *via; size_t nvia;
    const char *const *between; size_t nbetween;
    const char *const *connectors; size_t nconnectors;
    size_t min_shared;      /* 0 means 1 */
} erg_interlock_opts;
typedef struct erg_interlock {
    erg_entity a, b;
    erg_entity *via;        /* the connectors */
    size_t n;
} erg_interlock;
typedef struct erg_interlocks {
    erg_interlock *items;
    size_t n;
} erg_interlocks;
int erg_interlocks_find(erg_graph *g, const erg_interlock_opts *o, erg_interlocks *out);
void erg_interlocks_free(erg_graph *g, erg_interlocks *r);

/* ---- provenance rules (provenance.c) ------------------------------------- */
/* The rules a reporter checks before publishing a chain: every
 * relationship cites at least one source the graph holds (attribute
 * "source"), has a non-empty "evidence" and a "certainty" from the graph's
 * vocabulary.  The policy is graph metadata: "erg.provenance" = "required"
 * (erg_provenance_required) asks every check to apply the rules;
 * "erg.certainty" lists the vocabulary, blank-separated, a word ending in
 * ":ENTITY" taking any entity id after its colon ("stated_by:ENTITY");
 * without it any non-empty certainty passes.  erg_provenance_check calls
 * fn once per violation (attr: the attribute at fault, reason in words,
 * both valid during the call) and returns how many there were; it
 * allocates nothing and changes nothing. */
typedef void (*erg_provenance_fn)(void *ud, erg_rel r, const char *attr, const char *reason);
bool erg_provenance_required(const erg_graph *g);
size_t erg_provenance_check(erg_graph *g, erg_provenance_fn fn, void *ud);

#ifdef __cplusplus
}
#endif
#endif
