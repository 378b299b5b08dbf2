/*
 * out.c -- output files that are written whole or not at all.  Data goes
 * to a temporary file beside the target; commit flushes, fsyncs, renames it
 * over the target and fsyncs the directory, so a crash at any point leaves
 * either the old file or the new one.  "-" is standard output, and an
 * existing target that is not a regular file (a FIFO, a device) is written
 * in place: renaming over it would replace the device node.
 *
 * Errors stick (as SQLite's mallocFailed flag): the first failed write,
 * allocation or format is kept on the erg_out with its message; every
 * later write is a no-op returning it, and commit returns it (restoring
 * the message, which other calls may have replaced meanwhile) and removes
 * the temporary file.  So a writer may ignore the status of each write
 * and still never commit a truncated file.
 *
 * Temporaries are named PATH.tmp-PID-XXXXXX and recorded in a registry
 * while they exist, so that a signal handler can remove them and a later
 * write can sweep up those of dead processes (see the registry below).
 */
#include "io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTBUF (1 << 16)

struct erg_out {
    erg_graph *g;
    int fd;
    bool in_place, is_stdout;
    int err;               /* the first error, ERG_OK while none */
    int slot;              /* the temporary's registry slot, or -1 */
    char *path, *tmp;
    char errmsg[1024];     /* its message, as the handle had it */
    char buf[OUTBUF];
    size_t n;
};

static char *dup_str(erg_graph *g, const char *s) {
    size_t n = strlen(s) + 1;
    char *p = erg__mem(&g->a, NULL, 0, n);
    if (p) memcpy(p, s, n);
    return p;
}

static void free_str(erg_graph *g, char *s) {
    if (s) erg__mem(&g->a, s, strlen(s) + 1, 0);
}

static void out_free(erg_out *o) {
    erg_graph *g = o->g;
    free_str(g, o->path);
    free_str(g, o->tmp);
    erg__mem(&g->a, o, sizeof *o, 0);
}

/* The process umask, read without changing it (umask(2) can only set it,
 * and setting it twice would race with other threads): Linux reports it
 * in /proc/self/status.  Falls back to 022. */
mode_t erg__umask(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    unsigned m = 022;
    if (!f) return (mode_t)m;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "Umask: %o", &m) == 1) break;
    fclose(f);
    return (mode_t)m;
}

int erg_out_open(erg_graph *g, const char *path, erg_out **out) {
    *out = NULL;
    if (!path || !*path) return erg__err(g, ERG_EINVAL, "output path must not be empty");
    erg_out *o = erg__mem(&g->a, NULL, 0, sizeof *o);
    if (!o) return erg__nomem(g);
    memset(o, 0, sizeof *o);
    o->g = g;
    o->fd = -1;
    o->slot = -1;
    if (!(o->path = dup_str(g, path))) goto nomem;
    if (!strcmp(path, "-")) {
        o->is_stdout = true;
        o->fd = STDOUT_FILENO;
        *out = o;
        return ERG_OK;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            erg__err(g, ERG_EIO, "%s: is a directory", path);
            out_free(o);
            return ERG_EIO;
        }
        o->in_place = true;
        o->fd = open(path, O_WRONLY | O_CLOEXEC);
        if (o->fd < 0) goto ioerr;
        *out = o;
        return ERG_OK;
    }
    erg__tmp_sweep(path, NULL);
    size_t n = strlen(path) + sizeof ".tmp--XXXXXX" + 20; /* free_str frees strlen + 1 */
    char *name = erg__mem(&g->a, NULL, 0, n);
    if (!name) goto nomem;
    erg__tmp_name(name, n, path, "tmp");
    o->tmp = dup_str(g, name);
    erg__mem(&g->a, name, n, 0);
    if (!o->tmp) goto nomem;
    o->fd = mkostemp(o->tmp, O_CLOEXEC);
    if (o->fd < 0) {
        free_str(g, o->tmp);
        o->tmp = NULL;
        goto ioerr;
    }
    o->slot = erg__tmp_register(o->tmp, NULL);
    /* a new file gets the usual permissions, not mkstemp's 0600 */
    fchmod(o->fd, 0666 & ~erg__umask());
    *out = o;
    return ERG_OK;
nomem:
    out_free(o);
    return erg__nomem(g);
ioerr:
    erg__err(g, ERG_EIO, "%s: cannot write: %s", path, strerror(errno));
    out_free(o);
    return ERG_EIO;
}

/* Makes code (whose message is already on the handle) the erg_out's
 * sticky error, unless an earlier one is kept; returns the kept one. */
static int fail(erg_out *o, int code) {
    if (!o->err) {
        o->err = code;
        snprintf(o->errmsg, sizeof o->errmsg, "%s", erg_errmsg(o->g));
    }
    o->n = 0;
    return o->err;
}

int erg_out_status(const erg_out *o) {
    return o->err;
}

static int flush(erg_out *o) {
    size_t off = 0;
    while (off < o->n) {
        ssize_t w = write(o->fd, o->buf + off, o->n - off);
        if (w < 0) {
            if (errno == EINTR) continue;
            erg__err(o->g, ERG_EIO, "%s: write failed: %s", o->path, strerror(errno));
            return fail(o, ERG_EIO);
        }
        off += (size_t)w;
    }
    o->n = 0;
    return ERG_OK;
}

int erg_out_write(erg_out *o, const void *p, size_t n) {
    if (o->err) return o->err;
    const char *s = p;
    while (n) {
        if (o->n == OUTBUF && flush(o)) return o->err;
        size_t k = OUTBUF - o->n < n ? OUTBUF - o->n : n;
        memcpy(o->buf + o->n, s, k);
        o->n += k;
        s += k;
        n -= k;
    }
    return ERG_OK;
}

int erg_out_printf(erg_out *o, const char *fmt, ...) {
    if (o->err) return o->err;
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        erg__err(o->g, ERG_EINVAL, "%s: bad format string", o->path);
        return fail(o, ERG_EINVAL);
    }
    if ((size_t)n < sizeof small) return erg_out_write(o, small, (size_t)n);
    char *big = erg__mem(&o->g->a, NULL, 0, (size_t)n + 1);
    if (!big) {
        erg__nomem(o->g);
        return fail(o, ERG_ENOMEM);
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int rc = erg_out_write(o, big, (size_t)n);
    erg__mem(&o->g->a, big, (size_t)n + 1, 0);
    return rc;
}

int erg__fsync_dir_of(const char *path) {
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == path) snprintf(dir, sizeof dir, "/");
    else snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int erg_out_commit(erg_out *o) {
    erg_graph *g = o->g;
    int rc = o->err ? o->err : flush(o);
    if (o->err) erg__err(g, o->err, "%s", o->errmsg); /* the first error's message */
    if (o->is_stdout) {
        out_free(o);
        return rc;
    }
    if (!rc && !o->in_place && fsync(o->fd) != 0)
        rc = erg__err(g, ERG_EIO, "%s: fsync failed: %s", o->path, strerror(errno));
    if (close(o->fd) != 0 && !rc)
        rc = erg__err(g, ERG_EIO, "%s: close failed: %s", o->path, strerror(errno));
    if (!o->in_place) {
        if (!rc && rename(o->tmp, o->path) != 0)
            rc = erg__err(g, ERG_EIO, "%s: cannot replace: %s", o->path, strerror(errno));
        if (rc) unlink(o->tmp);
        erg__tmp_unregister(o->slot);
        if (!rc) erg__fsync_dir_of(o->path);
    }
    out_free(o);
    return rc;
}

void erg_out_abort(erg_out *o) {
    if (!o) return;
    if (!o->is_stdout) {
        close(o->fd);
        if (o->tmp) unlink(o->tmp);
        erg__tmp_unregister(o->slot);
    }
    out_free(o);
}

/* ---- temporaries: the registry and the sweep ----------------------------------------- */
/*
 * Why a process-wide registry.  A temporary must not outlive an interrupted
 * export, but the library installs no signal handlers (the program owns
 * its signals).  So every temporary file and directory is recorded here
 * while it exists, and erg_out_remove_temporaries, which a program calls
 * from its SIGINT/SIGTERM handler, removes them.  That runs in a signal
 * handler: it may only read this fixed array (no malloc, no locks) and
 * call unlink and rmdir.  A slot goes FREE -> BUSY (being filled) -> LIVE
 * with atomic compare-and-swap, so a handler never reads a half-written
 * path; the handler takes a LIVE slot to BUSY before using it, so a thread
 * cannot reuse it meanwhile.  When every slot is taken a temporary is
 * simply not recorded (it is then left to the next sweep).
 *
 * The sweep catches what a handler could not remove (SIGKILL, a crash, a
 * program that installs no handler): before writing PATH, the writer
 * removes PATH.tmp-PID-XXXXXX entries beside it (erg's own naming, see
 * erg__tmp_name) whose PID is not a running process.  Entries of a live
 * process, of this process, or of any other shape are left alone, and a
 * stale directory is only emptied when it holds nothing but the files of
 * the set being written.
 */
enum { SLOT_FREE, SLOT_BUSY, SLOT_LIVE };
#define NSLOTS 64

typedef struct tmp_slot {
    atomic_int state;
    const char *const *names; /* a directory's files (NULL: a file) */
    char path[4096];
} tmp_slot;

static tmp_slot slots[NSLOTS]; /* the one piece of mutable global state of io/ */

int erg__tmp_register(const char *path, const char *const *names) {
    size_t n = strlen(path);
    if (n >= sizeof slots[0].path) return -1;
    for (int i = 0; i < NSLOTS; i++) {
        int expect = SLOT_FREE;
        if (!atomic_compare_exchange_strong(&slots[i].state, &expect, SLOT_BUSY)) continue;
        memcpy(slots[i].path, path, n + 1);
        slots[i].names = names;
        atomic_store(&slots[i].state, SLOT_LIVE);
        return i;
    }
    return -1;
}

void erg__tmp_unregister(int slot) {
    if (slot < 0 || slot >= NSLOTS) return;
    int expect = SLOT_LIVE;
    atomic_compare_exchange_strong(&slots[slot].state, &expect, SLOT_FREE);
}

/* dir + "/" + name into buf, without the C library (signal handlers). */
static bool join_path(char *buf, size_t cap, const char *dir, const char *name) {
    size_t a = strlen(dir), b = strlen(name);
    if (a + 1 + b >= cap) return false;
    memcpy(buf, dir, a);
    buf[a] = '/';
    memcpy(buf + a + 1, name, b + 1);
    return true;
}

/* Async-signal-safe: strlen and memcpy are (POSIX.1-2016), and so are
 * unlink and rmdir. */
void erg_out_remove_temporaries(void) {
    char path[sizeof slots[0].path + 256];
    /* files first: those inside a temporary directory must go before it */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < NSLOTS; i++) {
            tmp_slot *s = &slots[i];
            int expect = SLOT_LIVE;
            if ((s->names != NULL) != (pass == 1)) continue;
            if (!atomic_compare_exchange_strong(&s->state, &expect, SLOT_BUSY)) continue;
            if (!s->names) {
                unlink(s->path);
            } else {
                for (int k = 0; s->names[k]; k++)
                    if (join_path(path, sizeof path, s->path, s->names[k])) unlink(path);
                rmdir(s->path);
            }
            atomic_store(&s->state, SLOT_FREE);
        }
}

void erg__tmp_name(char *buf, size_t cap, const char *path, const char *kind) {
    snprintf(buf, cap, "%s.%s-%ld-XXXXXX", path, kind, (long)getpid());
}

/* The PID of an entry named BASE.KIND-PID-XXXXXX (6 letters or digits, as
 * mkstemp makes them), or 0 when name has another shape. */
static long tmp_pid(const char *name, const char *base, size_t blen, const char *kind) {
    size_t klen = strlen(kind);
    if (strncmp(name, base, blen) != 0 || name[blen] != '.' || strncmp(name + blen + 1, kind, klen) != 0 ||
        name[blen + 1 + klen] != '-')
        return 0;
    const char *p = name + blen + 2 + klen;
    long pid = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        pid = pid * 10 + (*p - '0');
        if (pid > 1L << 30) return 0;
    }
    if (*p++ != '-') return 0;
    for (int i = 0; i < 6; i++, p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) return 0;
    return *p ? 0 : pid;
}

static bool pid_gone(long pid) {
    return pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Is name one of the set's files, or a stale temporary of one of them? */
static bool set_member(const char *name, const char *const *names) {
    for (int i = 0; names[i]; i++) {
        if (!strcmp(name, names[i])) return true;
        long pid = tmp_pid(name, names[i], strlen(names[i]), "tmp");
        if (pid && pid_gone(pid)) return true;
    }
    return false;
}

/* Empties and removes a stale directory that holds only the set's files;
 * leaves it whole when it holds anything else. */
static void remove_stale_dir(int dfd, const char *name, const char *const *names) {
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return;
    }
    struct dirent *de;
    bool foreign = false;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && !set_member(de->d_name, names)) foreign = true;
    if (!foreign) {
        rewinddir(d);
        while ((de = readdir(d)))
            if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) unlinkat(fd, de->d_name, 0);
        unlinkat(dfd, name, AT_REMOVEDIR);
    }
    closedir(d);
}

void erg__tmp_sweep(const char *path, const char *const *names) {
    char dir[4096];
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t blen = strlen(base);
    if (!blen) return;
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == path) snprintf(dir, sizeof dir, "/");
    else snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    struct stat st;
    /* an .old- set is only obsolete once the new one is in place */
    bool target_there = lstat(path, &st) == 0;
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d))) {
        long pid = tmp_pid(de->d_name, base, blen, "tmp");
        if (!pid && names && target_there) pid = tmp_pid(de->d_name, base, blen, "old");
        if (!pid || !pid_gone(pid) || fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        if (!names && S_ISREG(st.st_mode)) unlinkat(dirfd(d), de->d_name, 0);
        else if (names && S_ISDIR(st.st_mode)) remove_stale_dir(dirfd(d), de->d_name, names);
    }
    closedir(d);
}

int erg_out_json_string(erg_out *o, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    if (erg_out_write(o, "\"", 1)) return o->err;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* '<', '>' and '&' as \u escapes: the JSON stays safe inside an
         * HTML <script> element (the report embeds it) */
        if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') continue;
        if (i > start && erg_out_write(o, s + start, i - start)) return o->err;
        char esc[7] = {'\\', 0};
        size_t k = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
            esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
            k = 6;
        }
        if (erg_out_write(o, esc, k)) return o->err;
        start = i + 1;
    }
    if (n > start && erg_out_write(o, s + start, n - start)) return o->err;
    return erg_out_write(o, "\"", 1);
}
