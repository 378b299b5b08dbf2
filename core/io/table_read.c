/*
 * table_read.c -- a row iterator over delimited text files (spreadsheets
 * exported as CSV, TSV or semicolon files; whitespace-separated edge
 * lists), with separator detection, header handling, positions and the
 * type inference `erg import` and erg.csv.rows use.  See erg.h.
 *
 * Pulling rows from a pushing parser.  libcsv calls back for each field
 * and record as bytes are fed to it.  The file is fed one physical line
 * at a time (a piece ends after LF or CR), so a piece completes at most
 * one record: erg_table_next feeds pieces until a record is complete and
 * returns it.  Feeding a line at a time also gives positions (as in
 * csv_read.c): a field's line is the current line minus the line breaks
 * inside it.  A comment line is a piece that starts a line while libcsv is
 * between records and begins with the comment string; it is skipped.
 *
 * Whitespace-separated files do not go through libcsv (runs of blanks are
 * one separator there, and quotes are plain characters, as networkx and
 * SNAP read them): each line is split on runs of spaces and tabs.
 *
 * libcsv's buffer is allocated through the table's allocator, as in
 * csv_read.c: it is grown before each piece and libcsv gets a realloc
 * that always fails, so it never allocates by itself.
 */
#include "io.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (256 * 1024)
#define SNIFF (64 * 1024)
#define MAX_FIELDS 100000

typedef struct tfield {
    size_t off, len;
    unsigned long line;
    bool null;
} tfield;

struct erg_table {
    erg_alloc a;
    erg_graph *g;           /* progress (and the allocator), or NULL */
    char *path;
    int fd;
    char sep;               /* ' ': runs of blanks */
    bool header;
    char comment[8];
    size_t comment_len;
    struct csv_parser p;
    bool p_live;
    char *buf;              /* CHUNK bytes; buf[pos..len) not yet fed */
    size_t pos, len;
    bool eof, first_chunk, at_line_start, prev_cr, finished;
    unsigned long line, quote_line;
    bool was_quoted;
    uint64_t offset, size;
    erg_buf text;           /* fields of the record being built */
    tfield *tf;
    uint32_t nf, tfcap;
    bool record_done;
    erg_field *fields;      /* the current row, as returned */
    uint32_t fcap;
    unsigned long row_line;
    erg_buf names;          /* header names, NUL after each */
    size_t *name_off;
    size_t width;
    bool have_width;
    char what[64];
    int errcode;
    char errmsg[640];
};

/* ---- errors --------------------------------------------------------------- */
static int table_errv(erg_table *t, int code, unsigned long line, unsigned long col, const char *fmt,
                      va_list ap) {
    char reason[512];
    vsnprintf(reason, sizeof reason, fmt, ap);
    if (col) snprintf(t->errmsg, sizeof t->errmsg, "%s:%lu:%lu: %s", t->path, line, col, reason);
    else if (line) snprintf(t->errmsg, sizeof t->errmsg, "%s:%lu: %s", t->path, line, reason);
    else snprintf(t->errmsg, sizeof t->errmsg, "%s: %s", t->path, reason);
    t->errcode = code;
    return code;
}

int erg_table_error(erg_table *t, int code, unsigned long line, unsigned long col, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    table_errv(t, code, line, col, fmt, ap);
    va_end(ap);
    return code;
}

static int nomem(erg_table *t) {
    if (t->errcode) return t->errcode;
    return erg_table_error(t, ERG_ENOMEM, 0, 0, "out of memory");
}

/* ---- libcsv callbacks ------------------------------------------------------ */
static unsigned long breaks_in(const char *s, size_t n) {
    unsigned long k = 0;
    for (size_t i = 0; i < n; i++) k += s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'));
    return k;
}

static void add_field(erg_table *t, const char *s, size_t len, bool null, unsigned long line) {
    if (t->errcode) return;
    if (t->nf >= MAX_FIELDS) {
        erg_table_error(t, ERG_ELIMIT, line, t->nf + 1, "more than %d fields in a row", MAX_FIELDS);
        return;
    }
    if (erg__grow(&t->a, (void **)&t->tf, &t->tfcap, (size_t)t->nf + 1, sizeof *t->tf)) {
        nomem(t);
        return;
    }
    tfield *f = &t->tf[t->nf++];
    f->off = t->text.len;
    f->len = len;
    f->null = null;
    f->line = line;
    if (erg__buf_add(&t->text, s, len) || erg__buf_addc(&t->text, '\0')) nomem(t);
}

static void on_field(void *data, size_t len, void *ud) {
    erg_table *t = ud;
    add_field(t, data ? data : "", len, data == NULL, t->line - breaks_in(data ? data : "", len));
}

static void on_record(int term, void *ud) {
    erg_table *t = ud;
    (void)term;
    if (t->nf) t->record_done = true;
}

static int never_space(unsigned char c) {
    (void)c;
    return 0;
}
static void *csv_no_realloc(void *p, size_t n) {
    (void)p;
    (void)n;
    return NULL;
}
static void csv_no_free(void *p) { (void)p; }

static int csv_room(erg_table *t, size_t piece) {
    struct csv_parser *p = &t->p;
    size_t need = p->entry_pos + piece + 1;
    if (need <= p->entry_size) return ERG_OK;
    size_t ncap = p->entry_size ? p->entry_size : 256;
    while (ncap < need) ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    unsigned char *b = erg__mem(&t->a, p->entry_buf, p->entry_size, ncap);
    if (!b) return nomem(t);
    p->entry_buf = b;
    p->entry_size = ncap;
    return ERG_OK;
}

/* ---- input ------------------------------------------------------------------ */
/* Reads the next chunk (skipping a BOM at the start of the file). */
static int refill(erg_table *t) {
    ssize_t got;
    do got = read(t->fd, t->buf, CHUNK);
    while (got < 0 && errno == EINTR);
    if (got < 0) return erg_table_error(t, ERG_EIO, 0, 0, "%s", strerror(errno));
    t->pos = 0;
    t->len = (size_t)got;
    t->offset += (uint64_t)got;
    if (got == 0) t->eof = true;
    if (t->first_chunk && t->len >= 3 && !memcmp(t->buf, "\xEF\xBB\xBF", 3)) t->pos = 3;
    t->first_chunk = false;
    if (t->g && got > 0) erg__progress(t->g, t->what, t->offset, t->size);
    return ERG_OK;
}

/* The next piece of buf: up to and including a line end, or the rest. */
static size_t piece_len(const erg_table *t, bool *ends_line) {
    const char *s = t->buf + t->pos;
    size_t n = t->len - t->pos;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || s[i] == '\r') {
            *ends_line = true;
            return i + 1;
        }
    *ends_line = false;
    return n;
}

/* Counts the line end a piece finished with (CRLF once). */
static void count_line(erg_table *t, const char *s, size_t n, bool ends_line) {
    if (!ends_line) return;
    char c = s[n - 1];
    if (c == '\r' || !(n == 1 && t->prev_cr)) t->line++;
    t->prev_cr = c == '\r';
}

static bool is_comment(const erg_table *t, const char *s, size_t n) {
    return t->comment_len && n >= t->comment_len && !memcmp(s, t->comment, t->comment_len);
}

static int csv_problem(erg_table *t) {
    if (csv_error(&t->p) != CSV_EPARSE) return nomem(t);
    if (!t->p.quoted)
        return erg_table_error(t, ERG_EPARSE, t->line, t->nf + 1,
                               "quote inside an unquoted field (quote the whole field and double the quote)");
    return erg_table_error(t, ERG_EPARSE, t->line, t->nf + 1,
                           "malformed quoted field (a quote inside quotes must be doubled, "
                           "and a closing quote followed by a separator or a line end)");
}

/* Feeds libcsv until a record is complete (1) or the file ends (0). */
static int next_csv(erg_table *t) {
    while (!t->record_done) {
        if (t->pos == t->len) {
            if (t->eof) break;
            if (refill(t)) return t->errcode;
            continue;
        }
        bool ends;
        size_t n = piece_len(t, &ends);
        const char *s = t->buf + t->pos;
        bool start = t->at_line_start && t->p.pstate == 0;
        t->at_line_start = ends;
        if (start && is_comment(t, s, n) && !(n == 1 && t->prev_cr)) {
            /* the rest of a comment line longer than a chunk is skipped too */
            while (!ends) {
                t->pos += n;
                if (t->pos == t->len && (t->eof || refill(t) || t->eof)) return t->errcode ? t->errcode : 0;
                n = piece_len(t, &ends);
            }
            count_line(t, t->buf + t->pos, n, ends);
            t->pos += n;
            t->at_line_start = true;
            continue;
        }
        if (csv_room(t, n)) return t->errcode;
        if (csv_parse(&t->p, s, n, on_field, on_record, t) != n) return csv_problem(t);
        if (t->errcode) return t->errcode;
        if (t->p.quoted && !t->was_quoted) t->quote_line = t->line;
        t->was_quoted = t->p.quoted;
        count_line(t, s, n, ends);
        t->pos += n;
    }
    if (!t->record_done && !t->finished) {
        t->finished = true;
        if (csv_fini(&t->p, on_field, on_record, t) != 0) {
            if (csv_error(&t->p) != CSV_EPARSE) return nomem(t);
            return erg_table_error(t, ERG_EPARSE, t->quote_line ? t->quote_line : t->line, t->nf + 1,
                                   "unterminated quoted field (opened here, never closed)");
        }
        if (t->errcode) return t->errcode;
    }
    return t->record_done;
}

/* Splits one line on runs of blanks (whitespace-separated files). */
static void split_blanks(erg_table *t, const char *s, size_t n) {
    size_t i = 0;
    while (i < n && !t->errcode) {
        while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
        size_t start = i;
        while (i < n && s[i] != ' ' && s[i] != '\t') i++;
        if (i > start) add_field(t, s + start, i - start, false, t->line);
    }
}

/* Reads lines until one holds a field (1) or the file ends (0).  A line
 * longer than a chunk is gathered in text first. */
static int next_blanks(erg_table *t) {
    erg_buf line;
    erg__buf_init(&line, &t->a);
    int rc = 0;
    while (!t->nf) {
        if (t->pos == t->len) {
            if (t->eof) { /* a last line without a line end */
                if (line.len && !is_comment(t, line.p, line.len)) split_blanks(t, line.p, line.len);
                line.len = 0;
                if (t->errcode) { rc = t->errcode; goto out; }
                break;
            }
            if (refill(t)) { rc = t->errcode; goto out; }
            continue;
        }
        bool ends;
        size_t n = piece_len(t, &ends);
        const char *s = t->buf + t->pos;
        t->pos += n;
        if (!ends || line.len) {
            if (erg__buf_add(&line, s, n)) { rc = nomem(t); goto out; }
            if (!ends) continue;
            s = line.p;
            n = line.len;
        }
        bool crlf_tail = n == 1 && s[0] == '\n' && t->prev_cr;
        size_t body = n;
        while (body && (s[body - 1] == '\r' || s[body - 1] == '\n')) body--;
        if (!crlf_tail && !is_comment(t, s, n)) split_blanks(t, s, body);
        count_line(t, s, n, true);
        line.len = 0;
        if (t->errcode) { rc = t->errcode; goto out; }
    }
    rc = t->nf > 0;
out:
    erg__buf_free(&line);
    return rc;
}

/* The next record into t->tf / t->text: 1, 0 at the end, or a status. */
static int next_record(erg_table *t) {
    t->nf = 0;
    t->text.len = 0;
    t->record_done = false;
    if (t->errcode) return t->errcode;
    int rc = t->sep == ' ' ? next_blanks(t) : next_csv(t);
    if (rc <= 0) return rc;
    for (uint32_t i = 0; i < t->nf; i++) {
        const tfield *f = &t->tf[i];
        const char *s = t->text.p + f->off;
        size_t bad;
        if (memchr(s, '\0', f->len)) return erg_table_error(t, ERG_EPARSE, f->line, i + 1, "NUL byte in field");
        if (!erg__utf8_valid(s, f->len, &bad))
            return erg_table_error(t, ERG_EPARSE, f->line, i + 1, "invalid UTF-8 (byte %zu of the field)", bad + 1);
    }
    return 1;
}

/* ---- separator detection ----------------------------------------------------- */
/* Counts tab, comma and semicolon outside quotes in each record of the
 * sample, and whether each record has a blank between two words.  See
 * erg.h for the rule. */
static char detect_sep(const erg_table *t, const char *s, size_t n) {
    static const char cand[3] = {'\t', ',', ';'};
    size_t count[3] = {0}, first[3] = {0};
    bool same[3] = {true, true, true}, blanks = true;
    int records = 0;
    size_t i = 0;
    while (i < n && records < 50) {
        size_t start = i;
        /* a record: to a line end outside quotes; an incomplete one at the
         * end of the sample is not counted */
        bool q = false, word = false, gap = false, blank_word = false;
        size_t c[3] = {0};
        for (; i < n; i++) {
            char ch = s[i];
            if (ch == '"') q = !q;
            if (!q && (ch == '\n' || ch == '\r')) break;
            if (!q)
                for (int k = 0; k < 3; k++) c[k] += ch == cand[k];
            if (ch == ' ' || ch == '\t') gap = word;
            else {
                if (gap) blank_word = true;
                word = true;
                gap = false;
            }
        }
        if (i >= n && records > 0) break;
        size_t len = i - start;
        while (i < n && (s[i] == '\n' || s[i] == '\r')) i++;
        if (len == 0 || is_comment(t, s + start, len)) continue;
        bool all_blank = true;
        for (size_t k = start; k < start + len; k++) all_blank &= s[k] == ' ' || s[k] == '\t';
        if (all_blank) continue;
        for (int k = 0; k < 3; k++) {
            if (records == 0) first[k] = c[k];
            else if (c[k] != first[k]) same[k] = false;
            count[k] += c[k];
        }
        blanks &= blank_word;
        records++;
    }
    int best = -1;
    for (int k = 0; k < 3; k++)
        if (records && same[k] && first[k] > 0 && (best < 0 || first[k] > first[best])) best = k;
    if (best >= 0) return cand[best];
    if (records && blanks) return ' ';
    for (int k = 0; k < 3; k++) /* not regular: the most frequent one present */
        if (count[k] && (best < 0 || count[k] > count[best])) best = k;
    return best >= 0 ? cand[best] : ',';
}

/* ---- opening ---------------------------------------------------------------- */
static int parser_start(erg_table *t) {
    if (t->p_live) {
        erg__mem(&t->a, t->p.entry_buf, t->p.entry_size, 0);
        t->p.entry_buf = NULL;
        t->p.entry_size = 0;
        csv_free(&t->p);
        t->p_live = false;
    }
    if (t->sep == ' ') return ERG_OK;
    if (csv_init(&t->p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL)) return nomem(t);
    t->p_live = true;
    csv_set_delim(&t->p, (unsigned char)t->sep);
    csv_set_space_func(&t->p, never_space);
    csv_set_realloc_func(&t->p, csv_no_realloc);
    csv_set_free_func(&t->p, csv_no_free);
    return ERG_OK;
}

static void reset_position(erg_table *t) {
    t->line = 1;
    t->quote_line = 0;
    t->was_quoted = false;
    t->at_line_start = true;
    t->prev_cr = false;
    t->finished = false;
    t->first_chunk = true;
    t->eof = false;
    t->pos = t->len = 0;
    t->offset = 0;
}

static int read_header(erg_table *t) {
    int rc = next_record(t);
    if (rc < 0) return rc;
    if (rc == 0) return ERG_OK; /* no rows: width 0 */
    t->width = t->nf;
    t->have_width = true;
    if (!t->header) return ERG_OK;
    t->name_off = erg__mem(&t->a, NULL, 0, t->nf * sizeof *t->name_off);
    if (!t->name_off) return nomem(t);
    for (uint32_t i = 0; i < t->nf; i++) {
        t->name_off[i] = t->names.len;
        if (erg__buf_add(&t->names, t->text.p + t->tf[i].off, t->tf[i].len + 1)) return nomem(t);
    }
    return ERG_OK;
}

static int set_sep(erg_table *t, const char *sep) {
    if (!sep || !*sep) return ERG_OK;
    if (sep[1] || sep[0] == '"' || sep[0] == '\n' || sep[0] == '\r')
        return erg_table_error(t, ERG_EINVAL, 0, 0,
                               "bad separator '%s' (one character, not a quote or a line end; ' ' for runs of blanks)",
                               sep);
    t->sep = sep[0];
    return ERG_OK;
}

int erg_table_open(const char *path, const erg_table_opts *o, erg_table **out) {
    static const erg_table_opts none = {0};
    if (!o) o = &none;
    erg_alloc a = {o->graph ? NULL : o->alloc, o->graph ? NULL : o->alloc_ud};
    if (o->graph) a = o->graph->a;
    *out = NULL;
    erg_table *t = erg__mem(&a, NULL, 0, sizeof *t);
    if (!t) return ERG_ENOMEM;
    memset(t, 0, sizeof *t);
    t->a = a;
    t->g = o->graph;
    t->fd = -1;
    erg__buf_init(&t->text, &t->a);
    erg__buf_init(&t->names, &t->a);
    size_t plen = strlen(path ? path : "");
    t->path = erg__mem(&t->a, NULL, 0, plen + 1);
    if (!t->path) {
        erg__mem(&t->a, t, sizeof *t, 0);
        return ERG_ENOMEM;
    }
    memcpy(t->path, path ? path : "", plen + 1);
    *out = t;
    const char *cm = o->comment ? o->comment : "#";
    t->comment_len = strlen(cm) < sizeof t->comment ? strlen(cm) : sizeof t->comment - 1;
    memcpy(t->comment, cm, t->comment_len);
    t->header = !o->no_header;
    const char *slash = strrchr(t->path, '/');
    snprintf(t->what, sizeof t->what, "reading %s", slash ? slash + 1 : t->path);
    if (set_sep(t, o->sep)) return t->errcode;
    const char *why;
    t->fd = erg__open_input(t->path, &t->size, &why);
    if (t->fd < 0) return erg_table_error(t, ERG_EIO, 0, 0, "%s", why);
    t->buf = erg__mem(&t->a, NULL, 0, CHUNK);
    if (!t->buf) return nomem(t);
    reset_position(t);
    if (refill(t)) return t->errcode;
    if (!t->sep) t->sep = detect_sep(t, t->buf + t->pos, t->len - t->pos < SNIFF ? t->len - t->pos : SNIFF);
    if (parser_start(t)) return t->errcode;
    return read_header(t);
}

int erg_table_rewind(erg_table *t) {
    if (t->errcode) return t->errcode;
    if (lseek(t->fd, 0, SEEK_SET) != 0) return erg_table_error(t, ERG_EIO, 0, 0, "%s", strerror(errno));
    reset_position(t);
    if (parser_start(t) || refill(t)) return t->errcode;
    if (!t->have_width) return ERG_OK;
    if (t->header) {
        int rc = next_record(t);
        return rc < 0 ? rc : ERG_OK;
    }
    return ERG_OK;
}

/* ---- rows ------------------------------------------------------------------- */
int erg_table_next(erg_table *t) {
    if (t->errcode) return t->errcode;
    int rc;
    if (!t->header && t->have_width && t->nf && !t->fields) {
        rc = 1; /* the first row, read by open to learn the width */
    } else {
        rc = next_record(t);
        if (rc <= 0) return rc;
    }
    if (t->nf != t->width)
        return erg_table_error(t, ERG_EPARSE, t->tf[0].line, (t->nf < t->width ? t->nf : t->width) + 1,
                               "wrong number of fields: expected %zu, found %u", t->width, t->nf);
    if (erg__grow(&t->a, (void **)&t->fields, &t->fcap, t->nf ? t->nf : 1, sizeof *t->fields)) return nomem(t);
    for (uint32_t i = 0; i < t->nf; i++) {
        const tfield *f = &t->tf[i];
        t->fields[i] = (erg_field){t->text.p + f->off, f->len, f->null, f->line};
    }
    t->row_line = t->tf[0].line;
    return 1;
}

const erg_field *erg_table_fields(const erg_table *t, size_t *n) {
    *n = t->fields ? t->width : 0;
    return t->fields;
}

unsigned long erg_table_line(const erg_table *t) { return t->row_line; }
size_t erg_table_width(const erg_table *t) { return t->width; }
char erg_table_separator(const erg_table *t) { return t->sep; }
const char *erg_table_path(const erg_table *t) { return t->path; }
uint64_t erg_table_offset(const erg_table *t) { return t->offset; }
uint64_t erg_table_size(const erg_table *t) { return t->size; }
const char *erg_table_errmsg(const erg_table *t) { return t ? t->errmsg : "out of memory"; }
int erg_table_errcode(const erg_table *t) { return t ? t->errcode : ERG_ENOMEM; }

const char *erg_table_column(const erg_table *t, size_t i) {
    return t->name_off && i < t->width ? t->names.p + t->name_off[i] : NULL;
}

int erg_table_column_find(const erg_table *t, const char *ref, size_t *out) {
    for (size_t i = 0; t->name_off && i < t->width; i++)
        if (!strcmp(t->names.p + t->name_off[i], ref)) {
            *out = i;
            return ERG_OK;
        }
    size_t k = 0, i = 0;
    for (; ref[i] >= '0' && ref[i] <= '9' && k <= t->width; i++) k = k * 10 + (size_t)(ref[i] - '0');
    if (i == 0 || ref[i] || k == 0 || k > t->width) return ERG_ENOTFOUND;
    *out = k - 1;
    return ERG_OK;
}

void erg_table_close(erg_table *t) {
    if (!t) return;
    erg_alloc a = t->a;
    if (t->p_live) {
        erg__mem(&a, t->p.entry_buf, t->p.entry_size, 0);
        t->p.entry_buf = NULL;
        t->p.entry_size = 0;
        csv_free(&t->p);
    }
    if (t->fd >= 0) close(t->fd);
    if (t->buf) erg__mem(&a, t->buf, CHUNK, 0);
    erg__buf_free(&t->text);
    erg__buf_free(&t->names);
    if (t->name_off) erg__mem(&a, t->name_off, t->width * sizeof *t->name_off, 0);
    erg__mem(&a, t->tf, (size_t)t->tfcap * sizeof *t->tf, 0);
    erg__mem(&a, t->fields, (size_t)t->fcap * sizeof *t->fields, 0);
    erg__mem(&a, t->path, strlen(t->path) + 1, 0);
    erg__mem(&a, t, sizeof *t, 0);
}

/* ---- type inference ------------------------------------------------------------ */
erg_type erg_infer_type(const char *s, size_t n) {
    if (n == 0) return ERG_NULL;
    int64_t i;
    double d;
    bool b;
    erg_date dt;
    size_t sign = s[0] == '-';
    bool lead_zero = n > sign + 1 && s[sign] == '0' && s[sign + 1] >= '0' && s[sign + 1] <= '9';
    if (s[0] != '+' && !lead_zero) { /* "+1" and "007" are kept as written */
        if (erg__parse_int(s, n, &i) == ERG_OK) return ERG_INT;
        bool digit = false, point = false, other = false;
        for (size_t k = 0; k < n; k++) {
            char c = s[k];
            digit |= c >= '0' && c <= '9';
            point |= c == '.' || c == 'e' || c == 'E';
            other |= c == 'n' || c == 'a' || c == 'i' || c == 'f'; /* nan, inf */
        }
        if (digit && point && !other && erg__parse_float(s, n, &d) == ERG_OK) return ERG_FLOAT;
    }
    if (erg__parse_bool(s, n, &b) == ERG_OK) return ERG_BOOL;
    if ((n == 7 || n == 10) && erg_date_parse(s, n, &dt) == ERG_OK) return ERG_DATE;
    return ERG_STRING;
}

erg_type erg_type_widen(erg_type a, erg_type b) {
    if (a == ERG_NULL) return b;
    if (b == ERG_NULL || a == b) return a;
    if ((a == ERG_INT && b == ERG_FLOAT) || (a == ERG_FLOAT && b == ERG_INT)) return ERG_FLOAT;
    return ERG_STRING;
}

int erg_value_parse(erg_type t, const char *s, size_t n, erg_value *out, char *why, size_t whylen) {
    int rc = t == ERG_NULL ? ERG_EINVAL : erg__scalar_parse(t, s, n, out);
    if (rc == ERG_OK || !why) return rc;
    int show = (int)(n > 60 ? 60 : n);
    if (rc == ERG_ELIMIT && t == ERG_INT) snprintf(why, whylen, "int out of range '%.*s' (64-bit)", show, s);
    else if (rc == ERG_ELIMIT) snprintf(why, whylen, "%s out of range '%.*s'", erg_type_name(t), show, s);
    else if (t == ERG_BOOL) snprintf(why, whylen, "bad bool '%.*s' (true or false)", show, s);
    else if (t == ERG_DATE) snprintf(why, whylen, "bad date '%.*s' (YYYY, YYYY-MM or YYYY-MM-DD)", show, s);
    else snprintf(why, whylen, "bad %s '%.*s'", erg_type_name(t), show, s);
    return rc;
}
