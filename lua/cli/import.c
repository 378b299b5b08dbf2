/*
 * import.c -- the import command: ordinary CSV/TSV files and edge lists
 * (not erg graphs) in, a CSV graph directory out.
 *
 * Two ways.  With flags (--from, --to, --type...), each FILE is a table of
 * relationships, one a row, and --entities names a table of entities; this
 * runs in C on the core's table reader (erg_table_*).  With --mapping
 * MAP.lua, a Lua mapping declares which entities and relationships each
 * row holds; it runs in a trusted script engine (erg_lua.h) over
 * erg.csv.rows (see RUNNER below and README.md).
 *
 * Types.  Each attribute column's type is inferred from the whole file (a
 * first pass), widened over every file holding an attribute of that name
 * (int and float give float, other mixtures string), unless --col
 * COL:TYPE gives it; the second pass builds the graph.  The graph is
 * built in memory and written whole at the end (erg_csv_write), so a
 * problem anywhere leaves the output directory as it was.
 */
#include "cli.h"
#include "../erg_lua.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdlib.h>
#include <string.h>

/* ---- options ------------------------------------------------------------- */
typedef struct coltype {
    const char *ref; /* column name or number */
    erg_type type;
    bool used;
} coltype;

typedef struct iopts {
    const char **files;
    int nfiles;
    const char *out, *from, *to, *type_col, *rel_type, *id_col, *sep, *mapping;
    const char *ent_file, *ent_id, *ent_name, *ent_type;
    bool undirected, directed, no_header;
    coltype *cols;
    int ncols;
    const char **skip;
    int nskip;
} iopts;

static int type_from_name(const char *s, erg_type *t) {
    static const struct { const char *name; erg_type t; } names[] = {
        {"string", ERG_STRING}, {"int", ERG_INT}, {"float", ERG_FLOAT}, {"bool", ERG_BOOL}, {"date", ERG_DATE}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(s, names[i].name)) {
            *t = names[i].t;
            return 0;
        }
    return -1;
}

/* --sep: a name or one character ("\t" spelled out is a tab). */
static const char *sep_value(const char *v) {
    static const char *const names[][2] = {{"comma", ","}, {"tab", "\t"}, {"\\t", "\t"}, {"semicolon", ";"},
                                           {"space", " "}, {"spaces", " "}, {"pipe", "|"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(v, names[i][0])) return names[i][1];
    return v;
}

static int parse_col(iopts *o, const char *v) {
    const char *colon = strrchr(v, ':');
    erg_type t;
    if (!colon || colon == v || type_from_name(colon + 1, &t)) {
        cli_error("import: --col wants COLUMN:TYPE with TYPE string, int, float, bool or date, not '%s'", v);
        return EXIT_USAGE;
    }
    char *ref = strndup(v, (size_t)(colon - v));
    if (!ref) return EXIT_RUNTIME;
    o->cols[o->ncols++] = (coltype){ref, t, false};
    return EXIT_OK;
}

static int parse(cli *c, int argc, char **argv, iopts *o) {
    (void)c;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (a[0] != '-' || !a[1]) {
            o->files[o->nfiles++] = a;
            continue;
        }
        if (!strcmp(a, "--directed")) { o->directed = true; continue; }
        if (!strcmp(a, "--undirected")) { o->undirected = true; continue; }
        if (!strcmp(a, "--no-header")) { o->no_header = true; continue; }
        if ((r = cli_opt(argc, argv, &i, "--col", &v)) != 0) {
            if (r < 0) return EXIT_USAGE;
            if ((r = parse_col(o, v)) != 0) return r;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--skip", &v)) != 0) {
            if (r < 0) return EXIT_USAGE;
            o->skip[o->nskip++] = v;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "-o", &o->out)) || (r = cli_opt(argc, argv, &i, "--from", &o->from)) ||
            (r = cli_opt(argc, argv, &i, "--to", &o->to)) || (r = cli_opt(argc, argv, &i, "--type", &o->type_col)) ||
            (r = cli_opt(argc, argv, &i, "--rel-type", &o->rel_type)) ||
            (r = cli_opt(argc, argv, &i, "--id", &o->id_col)) || (r = cli_opt(argc, argv, &i, "--sep", &o->sep)) ||
            (r = cli_opt(argc, argv, &i, "--mapping", &o->mapping)) ||
            (r = cli_opt(argc, argv, &i, "--entities", &o->ent_file)) ||
            (r = cli_opt(argc, argv, &i, "--entity-id", &o->ent_id)) ||
            (r = cli_opt(argc, argv, &i, "--entity-name", &o->ent_name)) ||
            (r = cli_opt(argc, argv, &i, "--entity-type", &o->ent_type))) {
            if (r < 0) return EXIT_USAGE;
            continue;
        }
        cli_error("import: unknown option '%s' (see 'erg import --help')", a);
        return EXIT_USAGE;
    }
    if (!o->out) {
        cli_error("import: needs -o DIR (the CSV graph directory to write)");
        return EXIT_USAGE;
    }
    if (o->nfiles == 0 && !o->ent_file) {
        cli_error("import: no file given (usage: erg import FILE... -o DIR)");
        return EXIT_USAGE;
    }
    if (o->directed && o->undirected) {
        cli_error("import: --directed and --undirected exclude each other");
        return EXIT_USAGE;
    }
    if (o->type_col && o->rel_type) {
        cli_error("import: --type (a column) and --rel-type (one type for all) exclude each other");
        return EXIT_USAGE;
    }
    if (o->mapping && (o->from || o->to || o->type_col || o->rel_type || o->id_col || o->ent_file || o->ent_id ||
                       o->ent_name || o->ent_type || o->directed || o->undirected || o->nskip)) {
        cli_error("import: with --mapping the mapping names the columns; drop the column options");
        return EXIT_USAGE;
    }
    if (!o->ent_file && (o->ent_id || o->ent_name || o->ent_type)) {
        cli_error("import: --entity-id, --entity-name and --entity-type need --entities FILE");
        return EXIT_USAGE;
    }
    if (o->sep) o->sep = sep_value(o->sep);
    return EXIT_OK;
}

/* ---- one table ------------------------------------------------------------- */
enum role { R_ATTR, R_SKIP, R_FROM, R_TO, R_TYPE, R_ID, R_NAME };

typedef struct plan {
    erg_table *t;
    const char *file;
    erg_kind kind;
    size_t width;
    enum role *role;
    erg_type *type;
    bool *fixed;
    char **attr; /* attribute name of each R_ATTR column */
} plan;

static void plan_free(plan *p) {
    erg_table_close(p->t);
    for (size_t i = 0; p->attr && i < p->width; i++) free(p->attr[i]);
    free(p->attr);
    free(p->role);
    free(p->type);
    free(p->fixed);
    memset(p, 0, sizeof *p);
}

/* Prints the data problem the table holds (FILE:LINE:COL: reason). */
static int table_fail(erg_table *t) {
    if (erg_table_errcode(t) == ERG_ENOMEM) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    fprintf(stderr, "%s\n", erg_table_errmsg(t));
    return EXIT_USAGE;
}

static void list_columns(const plan *p, char *buf, size_t n) {
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < p->width && used + 1 < n; i++) {
        const char *name = erg_table_column(p->t, i);
        int k = name ? snprintf(buf + used, n - used, "%s%s", i ? ", " : "", name)
                     : snprintf(buf + used, n - used, "%s%zu", i ? ", " : "", i + 1);
        if (k < 0) break;
        used += (size_t)k;
    }
}

/* The column a flag names; -1 (after printing) when there is none. */
static int find_col(plan *p, const char *flag, const char *ref, size_t *out) {
    if (erg_table_column_find(p->t, ref, out) == ERG_OK) return 0;
    char cols[400];
    list_columns(p, cols, sizeof cols);
    cli_error("import: %s %s: %s has no column '%s' (columns: %s)", flag, ref, p->file, ref, cols);
    return -1;
}

/* The first header column named one of names (NULL-terminated). */
static bool find_named(plan *p, const char *const *names, size_t *out) {
    for (; *names; names++)
        for (size_t i = 0; i < p->width; i++) {
            const char *n = erg_table_column(p->t, i);
            if (n && !strcmp(n, *names)) {
                *out = i;
                return true;
            }
        }
    return false;
}

/* Gives column roles: from flags, else conventional header names, else
 * (from, to; id of entities) the first columns. */
static int assign_roles(plan *p, const iopts *o) {
    static const char *const from_names[] = {"from", "source", "src", "Source", NULL};
    static const char *const to_names[] = {"to", "target", "dst", "Target", NULL};
    static const char *const id_names[] = {"id", NULL}, *const type_names[] = {"type", NULL};
    static const char *const name_names[] = {"name", NULL};
    typedef struct want_t { enum role role; const char *flag, *ref; const char *const *names; int fallback; } want_t;
    want_t want[4];
    int n = 0;
    if (p->kind == ERG_KIND_REL) {
        want[n++] = (want_t){R_FROM, "--from", o->from, from_names, 0};
        want[n++] = (want_t){R_TO, "--to", o->to, to_names, 1};
        want[n++] = (want_t){R_TYPE, "--type", o->type_col, o->rel_type ? NULL : type_names, -1};
        want[n++] = (want_t){R_ID, "--id", o->id_col, id_names, -1};
    } else {
        want[n++] = (want_t){R_ID, "--entity-id", o->ent_id, id_names, 0};
        want[n++] = (want_t){R_NAME, "--entity-name", o->ent_name, name_names, -1};
        want[n++] = (want_t){R_TYPE, "--entity-type", o->ent_type, type_names, -1};
    }
    for (size_t i = 0; i < p->width; i++) p->role[i] = R_ATTR;
    for (int k = 0; k < n; k++) {
        size_t col;
        bool have = false;
        if (want[k].ref) {
            if (find_col(p, want[k].flag, want[k].ref, &col)) return EXIT_USAGE;
            have = true;
        } else if (want[k].names && erg_table_column(p->t, 0) && find_named(p, want[k].names, &col)) {
            have = p->role[col] == R_ATTR;
        }
        if (!have && want[k].fallback >= 0) {
            col = (size_t)want[k].fallback;
            for (size_t j = 0; j < p->width && p->role[col] != R_ATTR; j++) col = j; /* the next free one */
            have = p->role[col] == R_ATTR;
        }
        if (!have) continue;
        if (p->role[col] != R_ATTR) {
            cli_error("import: %s: column %zu cannot be both the %s column and another", p->file, col + 1, want[k].flag + 2);
            return EXIT_USAGE;
        }
        p->role[col] = want[k].role;
    }
    for (int k = 0; k < o->nskip; k++) {
        size_t col;
        if (erg_table_column_find(p->t, o->skip[k], &col) == ERG_OK && p->role[col] == R_ATTR) p->role[col] = R_SKIP;
    }
    return EXIT_OK;
}

/* Attribute names and fixed types of the R_ATTR columns. */
static int name_attrs(plan *p, iopts *o) {
    static const char *const reserved[2][5] = {{"id", "type", "name", "aliases", NULL},
                                               {"id", "from", "to", "type", "directed"}};
    const char *const *res = reserved[p->kind == ERG_KIND_REL];
    for (size_t i = 0; i < p->width; i++) {
        p->type[i] = ERG_NULL;
        if (p->role[i] != R_ATTR) continue;
        const char *h = erg_table_column(p->t, i);
        char num[32];
        if (!h || !*h) snprintf(num, sizeof num, "col%zu", i + 1);
        p->attr[i] = strdup(h && *h ? h : num);
        if (!p->attr[i]) return EXIT_RUNTIME;
        for (int k = 0; k < 5 && res[k]; k++)
            if (!strcmp(res[k], p->attr[i])) {
                fprintf(stderr, "%s:1:%zu: column '%s' would be an attribute, but '%s' is a field of every %s "
                                "(name it with the matching option, or --skip %s)\n",
                        p->file, i + 1, p->attr[i], p->attr[i], p->kind == ERG_KIND_REL ? "relationship" : "entity",
                        p->attr[i]);
                return EXIT_USAGE;
            }
    }
    for (int k = 0; k < o->ncols; k++) {
        size_t col;
        if (erg_table_column_find(p->t, o->cols[k].ref, &col) != ERG_OK) continue;
        o->cols[k].used = true;
        if (p->role[col] != R_ATTR) continue; /* ids, names and types are strings */
        p->type[col] = o->cols[k].type;
        p->fixed[col] = true;
    }
    return EXIT_OK;
}

static int plan_open(cli *c, erg_graph *g, iopts *o, const char *file, erg_kind kind, plan *p) {
    (void)c;
    memset(p, 0, sizeof *p);
    p->file = file;
    p->kind = kind;
    erg_table_opts to = {o->sep, o->no_header, NULL, g, NULL, NULL};
    int rc = erg_table_open(file, &to, &p->t);
    if (!p->t) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    if (rc == ERG_EIO || rc == ERG_EINVAL) {
        cli_error("import: %s", erg_table_errmsg(p->t));
        return EXIT_USAGE;
    }
    if (rc) return table_fail(p->t);
    p->width = erg_table_width(p->t);
    if (p->width == 0) {
        cli_error("import: %s: no rows", file);
        return EXIT_USAGE;
    }
    if (kind == ERG_KIND_REL && p->width < 2) {
        cli_error("import: %s: one column only, but a relationship needs two (from and to); "
                  "the separator found was '%s' (give it with --sep)",
                  file, erg_table_separator(p->t) == '\t' ? "\\t" : (char[2]){erg_table_separator(p->t), 0});
        return EXIT_USAGE;
    }
    p->role = calloc(p->width, sizeof *p->role);
    p->type = calloc(p->width, sizeof *p->type);
    p->fixed = calloc(p->width, sizeof *p->fixed);
    p->attr = calloc(p->width, sizeof *p->attr);
    if (!p->role || !p->type || !p->fixed || !p->attr) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    int st = assign_roles(p, o);
    return st ? st : name_attrs(p, o);
}

/* Pass 1: reads every row (checking the file's syntax), inferring the
 * types of the attribute columns not given with --col. */
static int plan_infer(plan *p) {
    int rc;
    while ((rc = erg_table_next(p->t)) == 1) {
        size_t n;
        const erg_field *f = erg_table_fields(p->t, &n);
        for (size_t i = 0; i < n; i++)
            if (p->role[i] == R_ATTR && !p->fixed[i] && !f[i].null)
                p->type[i] = erg_type_widen(p->type[i], erg_infer_type(f[i].s, f[i].len));
    }
    if (rc < 0) return table_fail(p->t);
    if (erg_table_rewind(p->t)) return table_fail(p->t);
    return EXIT_OK;
}

/* One type per attribute name over all plans of a kind (a --col type
 * wins), declared in g's schema. */
static int declare(erg_graph *g, plan *ps, int n) {
    for (int a = 0; a < n; a++)
        for (size_t i = 0; i < ps[a].width; i++) {
            if (ps[a].role[i] != R_ATTR) continue;
            erg_type t = ERG_NULL;
            bool fixed = false;
            for (int b = 0; b < n; b++)
                for (size_t j = 0; j < ps[b].width; j++) {
                    if (ps[b].role[j] != R_ATTR || strcmp(ps[a].attr[i], ps[b].attr[j])) continue;
                    if (ps[b].fixed[j] && !fixed) {
                        t = ps[b].type[j];
                        fixed = true;
                    } else if (!fixed) {
                        t = erg_type_widen(t, ps[b].type[j]);
                    }
                }
            ps[a].type[i] = t == ERG_NULL ? ERG_STRING : t;
            if (erg_schema_declare(g, ps[a].kind, ps[a].attr[i], ps[a].type[i], ERG_NULL)) {
                cli_error("import: %s: attribute '%s': %s", ps[a].file, ps[a].attr[i], erg_errmsg(g));
                return EXIT_USAGE;
            }
        }
    return EXIT_OK;
}

/* The field's text as a C string (fields are NUL-terminated); NULL when
 * null or empty. */
static const char *text_of(const erg_field *f) { return f->null || f->len == 0 ? NULL : f->s; }

static int set_attrs(erg_graph *g, plan *p, erg_obj obj, const erg_field *f) {
    for (size_t i = 0; i < p->width; i++) {
        if (p->role[i] != R_ATTR || f[i].null) continue;
        erg_value v;
        char why[160];
        if (erg_value_parse(p->type[i], f[i].s, f[i].len, &v, why, sizeof why) != ERG_OK)
            return erg_table_error(p->t, ERG_EPARSE, f[i].line, i + 1, "%s", why);
        if (erg_attr_set(g, obj, p->attr[i], &v) != ERG_OK)
            return erg_table_error(p->t, erg_errcode(g), f[i].line, i + 1, "%s", erg_errmsg(g));
    }
    return ERG_OK;
}

static size_t col_of(const plan *p, enum role r) {
    for (size_t i = 0; i < p->width; i++)
        if (p->role[i] == r) return i;
    return SIZE_MAX;
}

/* The entity an endpoint names, made (id = name = the value) when new. */
static int endpoint(erg_graph *g, plan *p, const erg_field *f, size_t col, erg_entity *e) {
    const char *id = text_of(&f[col]);
    if (!id)
        return erg_table_error(p->t, ERG_EPARSE, f[col].line, col + 1, "empty entity id in the %s column",
                               p->role[col] == R_FROM ? "from" : "to");
    if (erg_entity_by_id(g, id, e) == ERG_OK) return ERG_OK;
    if (erg_entity_add(g, id, "entity", id, e) != ERG_OK)
        return erg_table_error(p->t, erg_errcode(g), f[col].line, col + 1, "%s", erg_errmsg(g));
    return ERG_OK;
}

static int add_rel_row(erg_graph *g, plan *p, const iopts *o, const erg_field *f) {
    size_t cf = col_of(p, R_FROM), ct = col_of(p, R_TO), cty = col_of(p, R_TYPE), cid = col_of(p, R_ID);
    erg_entity a, b;
    erg_rel r;
    if (endpoint(g, p, f, cf, &a) || endpoint(g, p, f, ct, &b)) return ERG_EPARSE;
    const char *type = o->rel_type ? o->rel_type : "related_to";
    if (cty != SIZE_MAX && !(type = text_of(&f[cty])))
        return erg_table_error(p->t, ERG_EPARSE, f[cty].line, cty + 1, "empty relationship type");
    const char *id = cid != SIZE_MAX ? text_of(&f[cid]) : NULL;
    if (erg_rel_add(g, id, a, b, type, !o->undirected, &r) != ERG_OK)
        return erg_table_error(p->t, erg_errcode(g), f[cid != SIZE_MAX ? cid : cf].line,
                               (cid != SIZE_MAX ? cid : cf) + 1, "%s", erg_errmsg(g));
    return set_attrs(g, p, erg_obj_rel(r), f);
}

static int add_entity_row(erg_graph *g, plan *p, const erg_field *f) {
    size_t cid = col_of(p, R_ID), cn = col_of(p, R_NAME), cty = col_of(p, R_TYPE);
    const char *id = text_of(&f[cid]);
    if (!id) return erg_table_error(p->t, ERG_EPARSE, f[cid].line, cid + 1, "empty entity id");
    const char *name = cn != SIZE_MAX && text_of(&f[cn]) ? f[cn].s : id;
    const char *type = cty != SIZE_MAX && text_of(&f[cty]) ? f[cty].s : "entity";
    erg_entity e;
    if (erg_entity_add(g, id, type, name, &e) != ERG_OK)
        return erg_table_error(p->t, erg_errcode(g), f[cid].line, cid + 1, "%s", erg_errmsg(g));
    return set_attrs(g, p, erg_obj_entity(e), f);
}

/* Pass 2: the rows into g. */
static int plan_build(erg_graph *g, plan *p, const iopts *o) {
    int rc;
    while ((rc = erg_table_next(p->t)) == 1) {
        size_t n;
        const erg_field *f = erg_table_fields(p->t, &n);
        if ((p->kind == ERG_KIND_REL ? add_rel_row(g, p, o, f) : add_entity_row(g, p, f)) != ERG_OK) break;
    }
    if (rc < 0 || erg_table_errcode(p->t)) return table_fail(p->t);
    return EXIT_OK;
}

static int import_tables(cli *c, erg_graph *g, iopts *o) {
    plan ent = {0};
    plan *rels = calloc((size_t)o->nfiles + 1, sizeof *rels);
    int st = EXIT_OK;
    if (!rels) return EXIT_RUNTIME;
    if (o->ent_file && (st = plan_open(c, g, o, o->ent_file, ERG_KIND_ENTITY, &ent)) != 0) goto done;
    for (int i = 0; i < o->nfiles; i++)
        if ((st = plan_open(c, g, o, o->files[i], ERG_KIND_REL, &rels[i])) != 0) goto done;
    for (int k = 0; k < o->ncols; k++)
        if (!o->cols[k].used) {
            cli_error("import: --col %s: no file has a column '%s'", o->cols[k].ref, o->cols[k].ref);
            st = EXIT_USAGE;
            goto done;
        }
    if (o->ent_file && ((st = plan_infer(&ent)) || (st = declare(g, &ent, 1)))) goto done;
    for (int i = 0; i < o->nfiles; i++)
        if ((st = plan_infer(&rels[i])) != 0) goto done;
    if ((st = declare(g, rels, o->nfiles)) != 0) goto done;
    if (o->ent_file && (st = plan_build(g, &ent, o)) != 0) goto done;
    for (int i = 0; i < o->nfiles; i++)
        if ((st = plan_build(g, &rels[i], o)) != 0) goto done;
done:
    plan_free(&ent);
    for (int i = 0; i < o->nfiles; i++) plan_free(&rels[i]);
    free(rels);
    return st;
}

/* ---- mappings ---------------------------------------------------------------- */
/* The mapping runner, run in a trusted engine with _IMPORT = {mapping=,
 * files={...}, sep=, header=, types={COL=TYPE}}.  Errors in the data or
 * the mapping are raised as "input: FILE:LINE[:COL]: reason" (exit 2);
 * errors inside a mapping's own functions keep Lua's message (exit 1). */
static const char RUNNER[] =
    "local A = _IMPORT; _IMPORT = nil\n"
    "local function fail(msg) error('input: ' .. msg, 0) end\n"
    "local chunk, err = loadfile(A.mapping, 't')\n"
    "if not chunk then fail(err) end\n"
    "local M = chunk()\n"
    "local MAP = A.mapping\n"
    "if type(M) ~= 'table' then fail(MAP .. ': the mapping must return a table {entities = {...}, relationships = {...}}') end\n"
    "local function keys_ok(t, allowed, what)\n"
    "  if type(t) ~= 'table' then fail(MAP .. ': ' .. what .. ' must be a table') end\n"
    "  for k in pairs(t) do\n"
    "    if not allowed[k] then\n"
    "      local names = {} for n in pairs(allowed) do names[#names + 1] = n end table.sort(names)\n"
    "      fail(MAP .. ': ' .. what .. ': unknown key \\'' .. tostring(k) .. '\\' (' .. table.concat(names, ', ') .. ')')\n"
    "    end\n"
    "  end\n"
    "end\n"
    "local function set(...) local s = {} for _, k in ipairs{...} do s[k] = true end return s end\n"
    "keys_ok(M, set('entities', 'relationships', 'sources'), 'the mapping')\n"
    "local function sorted(t) local k = {} for n in pairs(t or {}) do k[#k + 1] = n end table.sort(k) return k end\n"
    /* a reference: a column name, or a function of the row; `type` takes a literal */
    "local function getter(ref, what, literal)\n"
    "  if ref == nil then return nil end\n"
    "  if type(ref) == 'function' then return ref end\n"
    "  if type(ref) ~= 'string' then fail(MAP .. ': ' .. what .. ' must be a ' .. (literal and 'string' or 'column name') .. ' or a function') end\n"
    "  if literal then return function() return ref end end\n"
    "  return function(row) return row[ref] end, ref\n"
    "end\n"
    "local function prep(spec, what, allowed, needed)\n"
    "  keys_ok(spec, allowed, what)\n"
    "  local p = {what = what, attrs = {}, cols = {}, spec = spec}\n"
    "  for _, k in ipairs(needed) do if spec[k] == nil then fail(MAP .. ': ' .. what .. ' needs \\'' .. k .. '\\'') end end\n"
    "  for _, k in ipairs{'id', 'name', 'aliases'} do\n"
    "    local col; p[k], col = getter(spec[k], what .. '.' .. k); if col then p.cols[#p.cols + 1] = col end\n"
    "  end\n"
    "  p.type = getter(spec.type, what .. '.type', true)\n"
    "  if spec.when ~= nil and type(spec.when) ~= 'function' then fail(MAP .. ': ' .. what .. '.when must be a function') end\n"
    "  for _, name in ipairs(sorted(spec.attributes)) do\n"
    "    local get, col = getter(spec.attributes[name], what .. '.attributes.' .. tostring(name))\n"
    "    p.attrs[#p.attrs + 1] = {name = name, get = get, col = col}\n"
    "    if col then p.cols[#p.cols + 1] = col end\n"
    "  end\n"
    "  return p\n"
    "end\n"
    "local srcs, ents, rels = {}, {}, {}\n"
    "for _, n in ipairs(sorted(M.sources)) do\n"
    "  local p = prep(M.sources[n], 'source \\'' .. n .. '\\'', set('id', 'attributes', 'when'), {'id'})\n"
    "  p.key = n; srcs[#srcs + 1] = p\n"
    "end\n"
    "local by_key = {}\n"
    "for _, n in ipairs(sorted(M.entities)) do\n"
    "  local p = prep(M.entities[n], 'entity \\'' .. n .. '\\'',\n"
    "                 set('id', 'type', 'name', 'aliases', 'attributes', 'source', 'when'), {'type'})\n"
    "  if not p.id and not p.name then fail(MAP .. ': ' .. p.what .. ' needs \\'id\\' or \\'name\\'') end\n"
    "  p.key = n; ents[#ents + 1] = p; by_key[n] = p\n"
    "end\n"
    "if M.relationships ~= nil and type(M.relationships) ~= 'table' then fail(MAP .. ': relationships must be a list') end\n"
    "for i, spec in ipairs(M.relationships or {}) do\n"
    "  local p = prep(spec, 'relationship ' .. i, set('from', 'to', 'type', 'id', 'directed', 'attributes', 'source', 'when'),\n"
    "                 {'from', 'to', 'type'})\n"
    "  for _, k in ipairs{'from', 'to'} do\n"
    "    if not by_key[spec[k]] then fail(MAP .. ': ' .. p.what .. ': ' .. k .. ' names no entity of the mapping (\\'' .. tostring(spec[k]) .. '\\')') end\n"
    "  end\n"
    "  rels[#rels + 1] = p\n"
    "end\n"
    "local function check_source(p)\n"
    "  local s = p.spec.source\n"
    "  if s ~= nil and not (type(s) == 'string' and M.sources and M.sources[s]) then\n"
    "    fail(MAP .. ': ' .. p.what .. ': source names no source of the mapping (\\'' .. tostring(s) .. '\\')')\n"
    "  end\n"
    "end\n"
    "for _, p in ipairs(ents) do check_source(p) end\n"
    "for _, p in ipairs(rels) do check_source(p) end\n"
    "local function text(v) if v == nil or v == '' then return nil end return tostring(v) end\n"
    "local function clean(msg) return (tostring(msg):gsub('^[^:\\n]*:%d+: ', '')) end\n"
    "local seen, seen_line, src_seen = {}, {}, {}\n"
    "local function attrs(obj, p, row, here, colidx)\n"
    "  for _, a in ipairs(p.attrs) do\n"
    "    local v = a.get(row)\n"
    "    if v ~= nil and v ~= '' and obj:get(a.name) == nil then\n"
    "      local ok, e = pcall(obj.set, obj, a.name, v)\n"
    "      if not ok then fail(here .. (a.col and ':' .. colidx[a.col] or '') .. ': ' .. p.what .. ': ' .. clean(e)) end\n"
    "    end\n"
    "  end\n"
    "end\n"
    "local n_rows = 0\n"
    "for _, file in ipairs(A.files) do\n"
    "  local opts = {sep = A.sep, header = A.header, types = A.types, progress = graph}\n"
    "  local okc, cols = pcall(erg.csv.columns, file, {sep = A.sep, header = A.header})\n"
    "  if not okc then fail(cols) end\n"
    "  local colidx = {}\n"
    "  for i, c in ipairs(cols) do if not colidx[c] then colidx[c] = i end end\n"
    "  for _, list in ipairs{srcs, ents, rels} do\n"
    "    for _, p in ipairs(list) do\n"
    "      for _, c in ipairs(p.cols) do\n"
    "        if not colidx[c] then fail(MAP .. ': ' .. p.what .. ': ' .. file .. ' has no column \\'' .. c .. '\\' (columns: ' .. table.concat(cols, ', ') .. ')') end\n"
    "      end\n"
    "    end\n"
    "  end\n"
    "  local okr, it, rd = pcall(erg.csv.rows, file, opts)\n"
    "  if not okr then fail(it) end\n"
    "  while true do\n"
    "    local okn, row, line = pcall(it, rd)\n"
    "    if not okn then fail(row) end\n"
    "    if row == nil then break end\n"
    "    n_rows = n_rows + 1\n"
    "    local here = file .. ':' .. line\n"
    "    local made_src, made = {}, {}\n"
    "    for _, p in ipairs(srcs) do\n"
    "      if not p.spec.when or p.spec.when(row) then\n"
    "        local id = text(p.id(row))\n"
    "        if id then\n"
    "          local s = src_seen[id]\n"
    "          if not s then s = graph:add_source{id = id}; src_seen[id] = s end\n"
    "          attrs(s, p, row, here, colidx)\n"
    "          made_src[p.key] = id\n"
    "        end\n"
    "      end\n"
    "    end\n"
    "    local function cite(obj, p)\n"
    "      local s = p.spec.source and made_src[p.spec.source]\n"
    "      if s and obj:get('source') == nil then obj:set('source', s) end\n"
    "    end\n"
    "    for _, p in ipairs(ents) do\n"
    "      if not p.spec.when or p.spec.when(row) then\n"
    "        local name = p.name and text(p.name(row))\n"
    "        local id = p.id and text(p.id(row)) or (not p.id and name)\n"
    "        if id then\n"
    "          local ty = text(p.type(row))\n"
    "          if not ty then fail(here .. ': ' .. p.what .. ' has no type') end\n"
    "          local e = seen[id]\n"
    "          if e and e.type ~= ty then\n"
    "            fail(here .. ': ' .. p.what .. ': entity \\'' .. id .. '\\' has type ' .. ty .. ' here but ' .. e.type .. ' on line ' .. seen_line[id])\n"
    "          end\n"
    "          if not e then\n"
    "            local ok, r = pcall(graph.add_entity, graph, {id = id, type = ty, name = name or id})\n"
    "            if not ok then fail(here .. ': ' .. p.what .. ': ' .. clean(r)) end\n"
    "            e = r; seen[id] = e; seen_line[id] = line\n"
    "          end\n"
    "          if p.aliases then\n"
    "            local al = p.aliases(row)\n"
    "            for _, a in ipairs(type(al) == 'table' and al or {al}) do\n"
    "              a = text(a); if a and a ~= e.name then e:add_alias(a) end\n"
    "            end\n"
    "          end\n"
    "          attrs(e, p, row, here, colidx)\n"
    "          cite(e, p)\n"
    "          made[p.key] = e\n"
    "        end\n"
    "      end\n"
    "    end\n"
    "    for _, p in ipairs(rels) do\n"
    "      local a, b = made[p.spec.from], made[p.spec.to]\n"
    "      if a and b and (not p.spec.when or p.spec.when(row)) then\n"
    "        local ty = text(p.type(row))\n"
    "        if not ty then fail(here .. ': ' .. p.what .. ' has no type') end\n"
    "        local ok, r = pcall(graph.add_relationship, graph, {from = a, to = b, type = ty,\n"
    "                            id = p.id and text(p.id(row)), directed = p.spec.directed ~= false})\n"
    "        if not ok then fail(here .. ': ' .. p.what .. ': ' .. clean(r)) end\n"
    "        attrs(r, p, row, here, colidx)\n"
    "        cite(r, p)\n"
    "      end\n"
    "    end\n"
    "  end\n"
    "end\n";

static void set_str(lua_State *L, const char *k, const char *v) {
    if (!v) return;
    lua_pushstring(L, v);
    lua_setfield(L, -2, k);
}

static int import_mapping(cli *c, iopts *o, erg_graph **gout, erg_lua **eout) {
    static const char *const tnames[] = {"", "bool", "int", "float", "string", "date"};
    erg_lua_opts lo;
    memset(&lo, 0, sizeof lo);
    lo.trusted = true;
    erg_lua *E = erg_lua_new(NULL, &lo);
    *eout = E;
    if (!E) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    erg_graph *g = *gout = erg_lua_graph(E);
    cli_progress_attach(c, g);
    lua_State *L = erg_lua_state(E);
    lua_createtable(L, 0, 6);
    set_str(L, "mapping", o->mapping);
    set_str(L, "sep", o->sep);
    lua_pushboolean(L, !o->no_header);
    lua_setfield(L, -2, "header");
    lua_createtable(L, o->nfiles, 0);
    for (int i = 0; i < o->nfiles; i++) {
        lua_pushstring(L, o->files[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "files");
    if (o->ncols) {
        lua_createtable(L, 0, o->ncols);
        for (int i = 0; i < o->ncols; i++) set_str(L, o->cols[i].ref, tnames[o->cols[i].type]);
        lua_setfield(L, -2, "types");
    } else {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "types");
    }
    lua_setglobal(L, "_IMPORT");
    fflush(stdout);
    if (erg_lua_run_string(E, RUNNER, "=import") == ERG_OK) return EXIT_OK;
    const char *msg = erg_lua_errmsg(E);
    const char *nl = getenv("ERG_TRACEBACK") ? NULL : strstr(msg, "\nstack traceback:");
    bool input = !strncmp(msg, "input: ", 7);
    if (input) msg += 7;
    fprintf(stderr, "%s%.*s\n", input ? "" : "erg: import: ", nl ? (int)(nl - msg) : (int)strlen(msg), msg);
    return input ? EXIT_USAGE : EXIT_RUNTIME;
}

/* ---- the command -------------------------------------------------------------- */
static int import_run(cli *c, int argc, char **argv) {
    iopts o;
    memset(&o, 0, sizeof o);
    o.files = calloc((size_t)argc, sizeof *o.files);
    o.cols = calloc((size_t)argc, sizeof *o.cols);
    o.skip = calloc((size_t)argc, sizeof *o.skip);
    erg_graph *g = NULL;
    erg_lua *E = NULL;
    int st;
    if (!o.files || !o.cols || !o.skip) {
        cli_error("out of memory");
        st = EXIT_RUNTIME;
        goto done;
    }
    if ((st = parse(c, argc, argv, &o)) != 0) goto done;
    if (o.mapping) {
        if (o.nfiles == 0) {
            cli_error("import: --mapping needs the FILE(s) it maps");
            st = EXIT_USAGE;
            goto done;
        }
        st = import_mapping(c, &o, &g, &E);
    } else {
        g = erg_graph_new();
        if (!g) {
            cli_error("out of memory");
            st = EXIT_RUNTIME;
            goto done;
        }
        cli_progress_attach(c, g);
        st = import_tables(c, g, &o);
    }
    if (st) goto done;
    if (erg_csv_write(g, o.out) != ERG_OK) {
        cli_error("import: %s", erg_errmsg(g));
        st = EXIT_RUNTIME;
    } else if (!c->quiet) {
        fprintf(stderr, "erg: wrote %s (%zu entities, %zu relationships, %zu sources)\n", o.out, erg_entity_count(g),
                erg_rel_count(g), erg_source_count(g));
    }
done:
    if (E) erg_lua_free(E);
    else erg_graph_free(g);
    for (int i = 0; o.cols && i < o.ncols; i++) free((char *)o.cols[i].ref);
    free(o.files);
    free(o.cols);
    free(o.skip);
    return st;
}

const cli_cmd cli_cmd_import = {
    "import", "build a graph from spreadsheets (CSV, TSV) and edge lists",
    "usage: erg import FILE... -o DIR [options]\n"
    "       erg import FILE... --mapping MAP.lua -o DIR [--sep S] [--no-header] [--col COL:TYPE]\n"
    "\n"
    "Writes a CSV graph directory DIR (swapped in whole) from ordinary\n"
    "delimited files.  Each FILE is a table of relationships, one a row;\n"
    "entities named only there are created with id and name the value and\n"
    "type 'entity'.  Other columns become attributes, typed from their values\n"
    "(int, float, bool, date, else string).  Any problem is printed as\n"
    "FILE:LINE:COL: reason and nothing is written.\n"
    "\n"
    "  --from COL, --to COL  the endpoint columns (a header name or a 1-based\n"
    "                        number; default: from/source/src, to/target/dst,\n"
    "                        else the first two columns)\n"
    "  --type COL            the column holding each relationship's type\n"
    "                        (default: a column named 'type')\n"
    "  --rel-type NAME       one type for every relationship (default related_to)\n"
    "  --id COL              relationship ids (default: a column named 'id';\n"
    "                        else r1, r2...)\n"
    "  --directed            relationships are directed (the default)\n"
    "  --undirected          relationships are undirected\n"
    "  --entities FILE       a table of entities, read first\n"
    "  --entity-id COL       its id column (default 'id', else the first)\n"
    "  --entity-name COL     its name column (default 'name', else the id)\n"
    "  --entity-type COL     its type column (default 'type', else 'entity')\n"
    "  --col COL:TYPE        the type of an attribute column: string, int,\n"
    "                        float, bool or date (repeatable)\n"
    "  --skip COL            leave a column out (repeatable)\n"
    "  --no-header           the first line is data; columns are numbered\n"
    "                        (attributes col3, col4...)\n"
    "  --sep S               the separator: comma, tab, semicolon, space (runs\n"
    "                        of blanks), pipe or one character; detected when\n"
    "                        not given\n"
    "  --mapping MAP.lua     a Lua mapping declaring the entities and\n"
    "                        relationships each row holds (see README.md,\n"
    "                        examples/littlesis_mapping.lua)\n"
    "  -o DIR                the CSV graph directory to write\n"
    "\n"
    "Lines starting with # are comments; a BOM, CRLF or CR line ends and\n"
    "quoted fields (RFC 4180) are read.\n",
    import_run};
