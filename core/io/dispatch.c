/*
 * io.c -- one entry point for reading and one for writing, dispatching on
 * the path or the format name to the reader or writer of that format.
 */
#include "io.h"

#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static bool ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

const char *erg_format_for_path(const char *path) {
    struct stat st;
    if (!path) return NULL;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return "csv";
    if (ends_with(path, ".graphml") || ends_with(path, ".xml")) return "graphml";
    if (ends_with(path, ".gexf")) return "gexf";
    if (ends_with(path, ".dot") || ends_with(path, ".gv")) return "dot";
    if (ends_with(path, ".cyjs")) return "cytoscape";
    if (ends_with(path, ".json")) return "json";
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!strchr(base, '.') || ends_with(path, "/")) return "csv";
    return NULL;
}

int erg_read(erg_graph *g, const char *path, erg_diag_fn diag, void *ud) {
    struct stat st;
    if (!path) return erg__err(g, ERG_EINVAL, "no path given");
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return erg_csv_read(g, path, diag, ud);
    const char *fmt = erg_format_for_path(path);
    if (fmt && !strcmp(fmt, "csv")) return erg_csv_read(g, path, diag, ud);
    if (fmt && !strcmp(fmt, "graphml")) return erg__graphml_read(g, path, diag, ud);
    return erg__err(g, ERG_EINVAL,
                    "%s: cannot read this format (erg reads CSV graph directories and .graphml files)", path);
}

int erg_export(erg_graph *g, const char *format, const char *path) {
    if (!format || !path) return erg__err(g, ERG_EINVAL, "export needs a format and a path");
    if (!strcmp(format, "csv")) return erg_csv_write(g, path);
    if (!strcmp(format, "neo4j")) return erg__neo4j_write(g, path);
    if (!strcmp(format, "graphframes")) return erg__graphframes_write(g, path);
    static const struct { const char *name; int (*write)(erg_graph *, erg_out *); } single[] = {
        {"graphml", erg__graphml_write}, {"gexf", erg__gexf_write}, {"dot", erg__dot_write},
        {"json", erg__json_write}, {"cytoscape", erg__cytoscape_write},
    };
    for (size_t i = 0; i < sizeof single / sizeof single[0]; i++) {
        if (strcmp(format, single[i].name) != 0) continue;
        erg_out *o;
        int rc = erg_out_open(g, path, &o);
        if (rc) return rc;
        rc = single[i].write(g, o);
        if (rc) {
            erg_out_abort(o);
            return rc;
        }
        return erg_out_commit(o);
    }
    return erg__err(g, ERG_EINVAL, "unknown export format '%s'", format);
}
