/*
 * io.h -- what the readers and writers of core/io/ share: the format
 * entry points that dispatch.c calls, atomic files and directories, and
 * the text encodings (XML, JSON, CSV fields).  Included by core/io/ only
 * (and the layers above); nothing here is API (see erg.h).
 */
#ifndef ERG_IO_H
#define ERG_IO_H

#include "../store/store.h"

/* Formats. */
int erg__csv_sources_text(erg_graph *g, erg_buf *out);
/* Reads sources.csv text held in memory (embedded in another format);
 * label names it in messages.  Same contract as erg_csv_read. */
typedef struct erg__diags erg__diags;
int erg__csv_read_sources_mem(erg_graph *g, const char *label, const char *mem, size_t n,
                              erg__diags *d);
int erg__graphml_write(erg_graph *g, erg_out *o);
int erg__gexf_write(erg_graph *g, erg_out *o);
int erg__dot_write(erg_graph *g, erg_out *o);
int erg__json_write(erg_graph *g, erg_out *o);
int erg__cytoscape_write(erg_graph *g, erg_out *o);
int erg__neo4j_write(erg_graph *g, const char *dir);
int erg__graphframes_write(erg_graph *g, const char *dir);
int erg__graphml_read(erg_graph *g, const char *path, erg_diag_fn diag, void *ud);

/* Diagnostics of the readers (diag.c): every problem as
 * "FILE:LINE:COL: reason" (FILE:LINE: with col 0, FILE: with line 0) to fn,
 * counted; the first error is set on the handle at once and kept in first. */
struct erg__diags {
    erg_graph *g;
    erg_diag_fn fn;
    void *ud;
    unsigned long errors, warnings;
    char first[1024];
};
void erg__diags_init(erg__diags *d, erg_graph *g, erg_diag_fn fn, void *ud);
void erg__diag(erg__diags *d, erg_severity sev, const char *file, unsigned long line, unsigned long col,
               const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void erg__vdiag(erg__diags *d, erg_severity sev, const char *file, unsigned long line, unsigned long col,
                const char *fmt, va_list ap);
/* Ends a failed read: rolls g back to m and returns code with the handle's
 * message set to the first error (code ERG_EPARSE) or to the handle's own
 * message (I/O, memory), which also reaches fn, as FILE: reason, when no
 * problem did. */
int erg__diags_fail(erg__diags *d, int code, const char *file, const erg_mark *m);

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


#endif
