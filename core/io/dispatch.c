/*
 * dispatch.c -- one entry point for reading and one for writing, choosing
 * the reader by path and content (or by name) and the writer by name.
 */
#include "io.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static bool ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* ---- readers ---------------------------------------------------------------
 * Every reader of erg, in one table: its format name (what --input-format
 * takes), the extensions that suggest it, and a sniff of the file's first
 * bytes for extensions that several formats share (.json, .xml) or files
 * without a telling name.  A reader added to erg adds one row here.
 *
 * The format of a path is chosen in three steps: a directory is a CSV
 * graph directory; then, among the readers whose extension the path ends
 * with, longest extension first (".ftm.json" before ".json") and in table
 * order, the first whose sniff (when it has one) accepts the head; then
 * the first reader whose sniff accepts the head, whatever the name; last
 * the reader of the longest matching extension, to report what is wrong. */
typedef struct reader {
    const char *name;
    const char *exts; /* space-separated, with the dot: ".graphml .xml" */
    /* True when head (the first n bytes, n <= HEAD_BYTES) looks like this
     * format; NULL: the extension is enough. */
    bool (*sniff)(const char *head, size_t n);
    int (*read)(erg_graph *g, const char *path, erg_diag_fn diag, void *ud);
} reader;

#define HEAD_BYTES 4096

/* Skips a UTF-8 BOM and white space. */
static const char *skip_ws(const char *p, const char *end) {
    if (end - p >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    return p;
}

/* XML whose first element (after the prolog and comments) is named root. */
static bool xml_root_is(const char *head, size_t n, const char *root) {
    const char *p = head, *end = head + n;
    size_t k = strlen(root);
    for (;;) {
        p = skip_ws(p, end);
        if (p >= end || *p != '<') return false;
        if (end - p > 1 && (p[1] == '?' || p[1] == '!')) {
            const char *close = memchr(p, '>', (size_t)(end - p));
            if (!close) return false;
            p = close + 1;
            continue;
        }
        p++;
        const char *colon = NULL; /* a prefixed root: <g:graphml> */
        for (const char *q = p; q < end && q < p + 64 && *q != '>' && *q != ' '; q++)
            if (*q == ':') colon = q;
        if (colon) p = colon + 1;
        return (size_t)(end - p) > k && !strncmp(p, root, k) &&
               (p[k] == '>' || p[k] == ' ' || p[k] == '\t' || p[k] == '\r' || p[k] == '\n' || p[k] == '/');
    }
}

static bool sniff_graphml(const char *head, size_t n) { return xml_root_is(head, n, "graphml"); }
static bool sniff_gexf(const char *head, size_t n) { return xml_root_is(head, n, "gexf"); }

/* A JSON graph: the first value is an object with a top-level key
 * "nodes", "links", "edges" or "elements" (node-link, Cytoscape), or an
 * array whose first element has "data" or "group" (Cytoscape elements).
 * Keys are found by a small scanner that skips strings, so an FtM entity
 * stream ({"id": ..., "schema": ...} a line) never matches. */
static bool sniff_json_graph(const char *head, size_t n) {
    const char *p = skip_ws(head, head + n), *end = head + n;
    if (p >= end || (*p != '{' && *p != '[')) return false;
    bool array = *p == '[';
    int depth = 0;
    for (; p < end; p++) {
        if (*p == '{' || *p == '[') depth++;
        else if (*p == '}' || *p == ']') { if (--depth <= 0) return false; }
        else if (*p == '"') {
            const char *s = ++p;
            while (p < end && *p != '"') p += *p == '\\' ? 2 : 1;
            if (p >= end) return false;
            size_t k = (size_t)(p - s);
            const char *q = skip_ws(p + 1, end);
            if (q >= end || *q != ':' || depth != (array ? 2 : 1)) continue;
            static const char *const keys[] = {"nodes", "links", "edges", "elements", "data", "group"};
            for (int i = array ? 4 : 0; i < (array ? 6 : 4); i++)
                if (strlen(keys[i]) == k && !memcmp(s, keys[i], k)) return true;
        }
    }
    return false;
}

static int read_csv(erg_graph *g, const char *path, erg_diag_fn diag, void *ud) {
    return erg_csv_read(g, path, diag, ud);
}

static const reader readers[] = {
    {"csv", "", NULL, read_csv},
    {"graphml", ".graphml .xml", sniff_graphml, erg__graphml_read},
    {"json", ".json .cyjs", sniff_json_graph, erg__json_read},
    {"gexf", ".gexf", sniff_gexf, erg__gexf_read},
    {"ftm", ".ftm.json .jsonl .ijson .json", erg__ftm_sniff, erg__ftm_read},
};

/* The length of the longest extension of exts that path ends with (0:
 * none), so that ".ftm.json" outranks ".json". */
static size_t ext_match(const char *path, const char *exts) {
    size_t best = 0;
    const char *p = exts;
    while (*p) {
        while (*p == ' ') p++;
        size_t k = strcspn(p, " ");
        if (k && k < 32) {
            char ext[32];
            memcpy(ext, p, k);
            ext[k] = '\0';
            if (k > best && ends_with(path, ext)) best = k;
        }
        p += k;
    }
    return best;
}

static const reader *reader_named(const char *name) {
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
        if (!strcmp(readers[i].name, name)) return &readers[i];
    return NULL;
}

/* The first HEAD_BYTES of a regular file (0 bytes when unreadable or not
 * a regular file: a FIFO is never opened for blocking, nor read). */
static size_t read_head(const char *path, char *buf) {
    const char *why;
    int fd = erg__open_input(path, NULL, &why);
    if (fd < 0) return 0;
    size_t n = 0;
    while (n < HEAD_BYTES) {
        ssize_t got = read(fd, buf + n, HEAD_BYTES - n);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        n += (size_t)got;
    }
    close(fd);
    return n;
}

static const reader *reader_for(const char *path) {
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return reader_named("csv");
    char head[HEAD_BYTES];
    size_t n = read_head(path, head);
    enum { NREADERS = sizeof readers / sizeof readers[0] };
    size_t len[NREADERS];
    const reader *by_ext = NULL; /* the longest extension match */
    size_t by_len = 0;
    for (size_t i = 0; i < NREADERS; i++) {
        len[i] = *readers[i].exts ? ext_match(path, readers[i].exts) : 0;
        if (len[i] > by_len) by_ext = &readers[i], by_len = len[i];
    }
    /* extension matches, longest first, each confirmed by its sniff */
    for (size_t want = by_len; want > 0; want--)
        for (size_t i = 0; i < NREADERS; i++)
            if (len[i] == want && (!readers[i].sniff || !n || readers[i].sniff(head, n))) return &readers[i];
    for (size_t i = 0; n && i < NREADERS; i++)
        if (readers[i].sniff && readers[i].sniff(head, n)) return &readers[i];
    return by_ext;
}

const char *erg_format_for_path(const char *path) {
    struct stat st;
    if (!path) return NULL;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return "csv";
    if (ends_with(path, ".graphml") || ends_with(path, ".xml")) return "graphml";
    if (ends_with(path, ".gexf")) return "gexf";
    if (ends_with(path, ".dot") || ends_with(path, ".gv")) return "dot";
    if (ends_with(path, ".cyjs")) return "cytoscape";
    if (ends_with(path, ".ftm.json") || ends_with(path, ".jsonl") || ends_with(path, ".ijson")) return "ftm";
    if (ends_with(path, ".json")) return "json";
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!strchr(base, '.') || ends_with(path, "/")) return "csv";
    return NULL;
}

/* The names of the formats erg reads, for messages ("csv, graphml"). */
static void reader_names(char *buf, size_t n) {
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof readers / sizeof readers[0] && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : "", readers[i].name);
}

int erg_read_as(erg_graph *g, const char *path, const char *format, erg_diag_fn diag, void *ud) {
    if (!path) return erg__err(g, ERG_EINVAL, "no path given");
    if (!format) return erg_read(g, path, diag, ud);
    const reader *r = reader_named(format);
    if (!r) {
        char names[256];
        reader_names(names, sizeof names);
        return erg__err(g, ERG_EINVAL, "unknown input format '%s' (erg reads %s)", format, names);
    }
    return r->read(g, path, diag, ud);
}

int erg_read(erg_graph *g, const char *path, erg_diag_fn diag, void *ud) {
    struct stat st;
    if (!path) return erg__err(g, ERG_EINVAL, "no path given");
    if (stat(path, &st) != 0) return erg__err(g, ERG_EIO, "%s: %s", path, strerror(errno));
    /* a FIFO would block, a device never end: refused before any reader */
    if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) return erg__err(g, ERG_EIO, "%s: not a regular file", path);
    const reader *r = reader_for(path);
    if (!r) {
        char names[256];
        reader_names(names, sizeof names);
        return erg__err(g, ERG_EINVAL, "%s: cannot tell the format (erg reads %s; name one with --input-format)",
                        path, names);
    }
    return r->read(g, path, diag, ud);
}

/* The formats written as one file, into an open erg_out. */
static const struct {
    const char *name;
    int (*write)(erg_graph *, erg_out *);
} single_file[] = {
    {"graphml", erg__graphml_write}, {"gexf", erg__gexf_write}, {"dot", erg__dot_write},
    {"json", erg__json_write}, {"cytoscape", erg__cytoscape_write},
    {"ftm", erg__ftm_write},
};

static int (*single_writer(const char *format))(erg_graph *, erg_out *) {
    for (size_t i = 0; i < sizeof single_file / sizeof single_file[0]; i++)
        if (!strcmp(format, single_file[i].name)) return single_file[i].write;
    return NULL;
}

int erg_export_to(erg_graph *g, const char *format, erg_out *o) {
    int (*write)(erg_graph *, erg_out *) = format ? single_writer(format) : NULL;
    if (!write) return erg__err(g, ERG_EINVAL, "'%s' is not a single-file export format", format ? format : "");
    int rc = write(g, o);
    return rc ? rc : erg_out_status(o);
}

int erg_export(erg_graph *g, const char *format, const char *path) {
    if (!format || !path) return erg__err(g, ERG_EINVAL, "export needs a format and a path");
    if (!strcmp(format, "csv")) return erg_csv_write(g, path);
    if (!strcmp(format, "neo4j")) return erg__neo4j_write(g, path);
    if (!strcmp(format, "graphframes")) return erg__graphframes_write(g, path);
    int (*write)(erg_graph *, erg_out *) = single_writer(format);
    if (!write) return erg__err(g, ERG_EINVAL, "unknown export format '%s'", format);
    erg_out *o;
    int rc = erg_out_open(g, path, &o);
    if (rc) return rc;
    rc = write(g, o);
    if (rc) {
        erg_out_abort(o);
        return rc;
    }
    return erg_out_commit(o);
}
