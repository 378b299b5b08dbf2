/*
 * csv_write.c -- writes a graph as a CSV graph directory, the inverse of
 * csv_read.c: export -> import -> export gives the same bytes.
 *
 * The three files are written into a fresh directory beside the target,
 * fsynced, and then swapped in whole (renameat2 RENAME_EXCHANGE when the
 * target exists, plain rename when not), so readers see the old graph or
 * the new one, never a mix.  A target holding anything but erg's own files
 * is refused rather than replaced.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static const char *const erg_files[] = {"entities.csv", "relationships.csv", "sources.csv"};

/* ---- fields -------------------------------------------------------------- */
static bool needs_quotes(const char *s, size_t n) {
    if (n == 0) return true;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t') return true;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') return true;
    return false;
}

static int put_field(erg_buf *b, const char *s, size_t n) {
    if (!needs_quotes(s, n)) return erg__buf_add(b, s, n);
    if (erg__buf_addc(b, '"')) return ERG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' && erg__buf_addc(b, '"')) return ERG_ENOMEM;
        if (erg__buf_addc(b, s[i])) return ERG_ENOMEM;
    }
    return erg__buf_addc(b, '"');
}

/* Appends ",value" (or "value" when first) for v. */
static int put_value(erg_buf *line, erg_buf *tmp, const erg_value *v, bool first) {
    if (!first && erg__buf_addc(line, ',')) return ERG_ENOMEM;
    if (v->type == ERG_NULL) return ERG_OK;
    tmp->len = 0;
    if (erg__value_text(tmp, v)) return ERG_ENOMEM;
    return put_field(line, tmp->p ? tmp->p : "", tmp->len);
}

static int put_str(erg_buf *line, uint32_t sid, const erg_graph *g, bool first) {
    if (!first && erg__buf_addc(line, ',')) return ERG_ENOMEM;
    if (!sid) return ERG_OK;
    return put_field(line, erg__str(g, sid), erg__pool_len(&g->pool, sid));
}

/* ---- files ----------------------------------------------------------------- */
typedef struct wctx {
    erg_graph *g;
    erg_out *o;     /* the file, or */
    erg_buf *dest;  /* a buffer (sources embedded in GraphML) */
    erg_buf line, tmp;
} wctx;

static int flush_line(wctx *w) {
    int rc = w->dest ? erg__buf_add(w->dest, w->line.p, w->line.len)
                     : erg_out_write(w->o, w->line.p, w->line.len);
    w->line.len = 0;
    return rc;
}

static int header(wctx *w, erg_kind k, const char *fixed) {
    erg_graph *g = w->g;
    w->line.len = 0;
    if (erg__buf_add(&w->line, fixed, strlen(fixed))) return ERG_ENOMEM;
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        const erg_col *c = &g->schema[k].cols[i];
        char spec[24];
        w->tmp.len = 0;
        const char *name = erg__str(g, c->name);
        if (erg__buf_add(&w->tmp, name, strlen(name))) return ERG_ENOMEM;
        if (c->type != ERG_STRING || strchr(name, ':')) {
            erg__type_spec(c->type, c->elem, spec);
            if (erg__buf_addc(&w->tmp, ':') || erg__buf_add(&w->tmp, spec, strlen(spec)))
                return ERG_ENOMEM;
        }
        if (erg__buf_addc(&w->line, ',') || put_field(&w->line, w->tmp.p, w->tmp.len))
            return ERG_ENOMEM;
    }
    if (erg__buf_addc(&w->line, '\n')) return ERG_ENOMEM;
    return flush_line(w);
}

static int attrs(wctx *w, erg_kind k, uint32_t idx) {
    erg_graph *g = w->g;
    for (uint32_t i = 0; i < g->schema[k].n; i++) {
        erg_value v;
        erg__cell_get(g, k, i, idx, &v);
        if (put_value(&w->line, &w->tmp, &v, false)) return ERG_ENOMEM;
    }
    return erg__buf_addc(&w->line, '\n');
}

static int write_entities(wctx *w) {
    erg_graph *g = w->g;
    bool any_alias = false;
    for (uint32_t i = 0; i < g->nent && !any_alias; i++) any_alias = g->ents[i].alive && g->ents[i].nalias;
    if (header(w, ERG_KIND_ENTITY, any_alias ? "id,type,name,aliases:string[]" : "id,type,name")) return g->errcode ? g->errcode : ERG_ENOMEM;
    for (uint32_t i = 0; i < g->nent; i++) {
        const erg_ent *e = &g->ents[i];
        if (!e->alive) continue;
        if (put_str(&w->line, e->id, g, true) || put_str(&w->line, e->type, g, false) ||
            put_str(&w->line, e->name, g, false))
            return ERG_ENOMEM;
        if (any_alias) { /* aliases are never empty strings */
            if (erg__buf_addc(&w->line, ',')) return ERG_ENOMEM;
            w->tmp.len = 0;
            for (uint32_t k = 0; k < e->nalias; k++) {
                erg_value a = erg_strn(erg__str(g, e->aliases[k]), erg__pool_len(&g->pool, e->aliases[k]));
                erg_value one = erg_listv(ERG_STRING, &a, 1);
                if ((k && erg__buf_addc(&w->tmp, ';')) || erg__value_text(&w->tmp, &one)) return ERG_ENOMEM;
            }
            if (e->nalias && put_field(&w->line, w->tmp.p, w->tmp.len)) return ERG_ENOMEM;
        }
        if (attrs(w, ERG_KIND_ENTITY, i) || flush_line(w)) return ERG_ENOMEM;
    }
    return ERG_OK;
}

static int write_rels(wctx *w) {
    erg_graph *g = w->g;
    bool any_undirected = false;
    for (uint32_t i = 0; i < g->nrel && !any_undirected; i++)
        any_undirected = g->rels[i].alive && !g->rels[i].directed;
    if (header(w, ERG_KIND_REL, any_undirected ? "id,from,to,type,directed:bool" : "id,from,to,type"))
        return ERG_ENOMEM;
    for (uint32_t i = 0; i < g->nrel; i++) {
        const erg_relrec *r = &g->rels[i];
        if (!r->alive) continue;
        if (put_str(&w->line, r->id, g, true) || put_str(&w->line, g->ents[r->from].id, g, false) ||
            put_str(&w->line, g->ents[r->to].id, g, false) || put_str(&w->line, r->type, g, false))
            return ERG_ENOMEM;
        if (any_undirected && erg__buf_add(&w->line, r->directed ? ",true" : ",false", r->directed ? 5 : 6))
            return ERG_ENOMEM;
        if (attrs(w, ERG_KIND_REL, i) || flush_line(w)) return ERG_ENOMEM;
    }
    return ERG_OK;
}

static int write_sources(wctx *w) {
    erg_graph *g = w->g;
    if (header(w, ERG_KIND_SOURCE, "id")) return ERG_ENOMEM;
    for (uint32_t i = 0; i < g->nsrc; i++) {
        if (!g->srcs[i].alive) continue;
        if (put_str(&w->line, g->srcs[i].id, g, true) || attrs(w, ERG_KIND_SOURCE, i) || flush_line(w))
            return ERG_ENOMEM;
    }
    return ERG_OK;
}

static int write_file(erg_graph *g, const char *dir, int which) {
    char path[8400];
    snprintf(path, sizeof path, "%s/%s", dir, erg_files[which]);
    wctx w = {g, NULL, NULL, {0}, {0}};
    erg__buf_init(&w.line, &g->a);
    erg__buf_init(&w.tmp, &g->a);
    int rc = erg_out_open(g, path, &w.o);
    if (rc) return rc;
    rc = which == 0 ? write_entities(&w) : which == 1 ? write_rels(&w) : write_sources(&w);
    erg__buf_free(&w.line);
    erg__buf_free(&w.tmp);
    if (rc) {
        int code = g->errcode == ERG_EIO ? ERG_EIO : rc;
        if (code == ERG_ENOMEM) erg__nomem(g);
        erg_out_abort(w.o);
        return code;
    }
    return erg_out_commit(w.o);
}

/* sources.csv as text, for formats that embed it (GraphML). */
int erg__csv_sources_text(erg_graph *g, erg_buf *out) {
    wctx w = {g, NULL, out, {0}, {0}};
    erg__buf_init(&w.line, &g->a);
    erg__buf_init(&w.tmp, &g->a);
    int rc = write_sources(&w);
    erg__buf_free(&w.line);
    erg__buf_free(&w.tmp);
    return rc ? erg__nomem(g) : ERG_OK;
}

/* ---- the directory swap ------------------------------------------------- */
static void remove_tree(const char *dir) {
    char path[8400];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, erg_files[i]);
        unlink(path);
    }
    rmdir(dir);
}

static int check_target(erg_graph *g, const char *dir, bool *exists) {
    struct stat st;
    *exists = false;
    if (lstat(dir, &st) != 0) {
        if (errno == ENOENT) return ERG_OK;
        return erg__err(g, ERG_EIO, "%s: %s", dir, strerror(errno));
    }
    if (!S_ISDIR(st.st_mode))
        return erg__err(g, ERG_EIO, "%s: exists and is not a directory", dir);
    DIR *d = opendir(dir);
    if (!d) return erg__err(g, ERG_EIO, "%s: %s", dir, strerror(errno));
    struct dirent *de;
    int rc = ERG_OK;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        bool ours = false;
        for (int i = 0; i < 3; i++) ours |= !strcmp(de->d_name, erg_files[i]);
        if (!ours) {
            rc = erg__err(g, ERG_EIO,
                          "%s: holds '%s', which is not part of a CSV graph; refusing to replace the directory",
                          dir, de->d_name);
            break;
        }
    }
    closedir(d);
    *exists = true;
    return rc;
}

int erg_csv_write(erg_graph *g, const char *dir_in) {
    char dir[4096], tmp[4096 + 32];
    size_t n = dir_in ? strlen(dir_in) : 0;
    if (n == 0 || n >= sizeof dir) return erg__err(g, ERG_EINVAL, "bad output directory");
    memcpy(dir, dir_in, n + 1);
    while (n > 1 && dir[n - 1] == '/') dir[--n] = '\0';
    bool exists;
    if (check_target(g, dir, &exists)) return g->errcode;
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", dir);
    if (!mkdtemp(tmp)) return erg__err(g, ERG_EIO, "%s: cannot create a directory beside it: %s", dir, strerror(errno));
    int rc = ERG_OK;
    bool want_sources = g->live_srcs > 0 || g->schema[ERG_KIND_SOURCE].n > 0;
    for (int i = 0; i < 3 && !rc; i++)
        if (i < 2 || want_sources) rc = write_file(g, tmp, i);
    if (!rc) {
        int fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) { fsync(fd); close(fd); }
        if (exists) {
            if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
                remove_tree(tmp); /* now the old graph */
            } else if (errno == EINVAL || errno == ENOSYS) {
                /* no exchange on this file system: move the old one aside */
                char old[4096 + 32];
                snprintf(old, sizeof old, "%s.old-XXXXXX", dir);
                if (!mkdtemp(old) || rmdir(old) != 0 || rename(dir, old) != 0) {
                    rc = erg__err(g, ERG_EIO, "%s: cannot replace: %s", dir, strerror(errno));
                } else if (rename(tmp, dir) != 0) {
                    rc = erg__err(g, ERG_EIO, "%s: cannot replace: %s", dir, strerror(errno));
                    rename(old, dir);
                } else {
                    remove_tree(old);
                }
            } else {
                rc = erg__err(g, ERG_EIO, "%s: cannot replace: %s", dir, strerror(errno));
            }
        } else if (rename(tmp, dir) != 0) {
            rc = erg__err(g, ERG_EIO, "%s: cannot create: %s", dir, strerror(errno));
        }
        if (!rc) erg__fsync_dir_of(dir);
    }
    if (rc) remove_tree(tmp);
    return rc;
}
