/*
 * test_out.c -- files and directories written whole or not at all:
 * erg_out_* (temporary file beside the target, renamed over it at commit;
 * "-" is standard output; FIFOs and devices are written in place; the
 * first error sticks until commit; the one CSV field rule) and
 * erg_csv_write (a new directory swapped in whole; a directory holding
 * foreign files refused; an unwritable parent reported, the old graph kept).
 */
#include "unit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- helpers -------------------------------------------------------------- */
static char *path_in(const char *dir, const char *name) {
    static char p[2][9000];
    static int k;
    k ^= 1;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}


static void expect_listing(const char *dir, const char *want) {
    char *l = unit_listing(dir);
    ck_assert_str_eq(l, want);
    free(l);
}

static void expect_file(const char *path, const char *want) {
    char *s = unit_read(path);
    ck_assert_msg(s != NULL, "%s missing", path);
    ck_assert_str_eq(s, want);
    free(s);
}

static mode_t current_umask(void) {
    mode_t m = umask(0);
    umask(m);
    return m;
}

static erg_graph *small_graph(const char *id) {
    erg_graph *g = erg_graph_new();
    erg_entity e;
    ck_assert_int_eq(erg_entity_add(g, id, "t", "Name", &e), ERG_OK);
    ck_assert_int_eq(erg_rel_add(g, NULL, e, e, "self", true, NULL), ERG_OK);
    return g;
}

/* Runs fn in a child process, as an unprivileged user when this one is
 * root (root may write anywhere); returns its status and message, or
 * NO_DROP when root cannot become another user here. */
#define NO_DROP (-1000)
typedef int (*child_fn)(erg_graph *g, const char *path);
static int as_nobody(child_fn fn, const char *path, char *msg, size_t msgsz) {
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        if (geteuid() == 0 && (setgroups(0, NULL) || setgid(65534) || setuid(65534))) _exit(3);
        erg_graph *g = small_graph("new");
        int rc = fn(g, path);
        char buf[1200];
        int n = snprintf(buf, sizeof buf, "%d\n%s", rc, erg_errmsg(g));
        if (write(fds[1], buf, (size_t)n) != n) _exit(4);
        erg_graph_free(g);
        _exit(0);
    }
    close(fds[1]);
    char buf[1200] = "";
    size_t got = 0;
    ssize_t k;
    while ((k = read(fds[0], buf + got, sizeof buf - 1 - got)) > 0) got += (size_t)k;
    close(fds[0]);
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 3) {
        fprintf(stderr, "test_out: cannot drop root privileges here; permission cases skipped\n");
        return NO_DROP;
    }
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child failed: %d", st);
    buf[got] = '\0';
    char *nl = strchr(buf, '\n');
    ck_assert_ptr_nonnull(nl);
    snprintf(msg, msgsz, "%s", nl + 1);
    return atoi(buf);
}

/* ---- erg_out -------------------------------------------------------------- */
START_TEST(out_new_file_atomic) {
    char *dir = unit_tmpdir();
    const char *p = path_in(dir, "out.txt");
    char target[4400];
    snprintf(target, sizeof target, "%s", p);
    erg_graph *g = erg_graph_new();
    erg_out *o;
    ck_assert_int_eq(erg_out_open(g, target, &o), ERG_OK);
    ck_assert_int_eq(erg_out_write(o, "hello ", 6), ERG_OK);
    ck_assert_int_eq(erg_out_printf(o, "%s %d\n", "world", 42), ERG_OK);
    /* nothing at the target yet: only a temporary file beside it */
    struct stat st;
    ck_assert_int_eq(stat(target, &st), -1);
    char *l = unit_listing(dir);
    /* named out.txt.tmp-PID-XXXXXX (and a newline) */
    char want[64];
    int wn = snprintf(want, sizeof want, "out.txt.tmp-%ld-", (long)getpid());
    ck_assert_msg(!strncmp(l, want, (size_t)wn) && strlen(l) == (size_t)wn + 7, "%s", l);
    free(l);
    ck_assert_int_eq(erg_out_commit(o), ERG_OK);
    expect_file(target, "hello world 42\n");
    expect_listing(dir, "out.txt\n");
    ck_assert_int_eq(stat(target, &st), 0);
    ck_assert_int_eq(st.st_mode & 07777, 0666 & ~current_umask());
    erg_graph_free(g);
    unit_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(out_replaces_whole) {
    char *dir = unit_tmpdir();
    char target[4400], lnk[4400];
    snprintf(target, sizeof target, "%s", path_in(dir, "f"));
    snprintf(lnk, sizeof lnk, "%s", path_in(dir, "old-link"));
    unit_write(dir, "f", "old content\n");
    ck_assert_int_eq(link(target, lnk), 0);
    erg_graph *g = erg_graph_new();
    erg_out *o;
    ck_assert_int_eq(erg_out_open(g, target, &o), ERG_OK);
    ck_assert_int_eq(erg_out_write(o, "new\n", 4), ERG_OK);
    expect_file(target, "old content\n"); /* until commit */
    ck_assert_int_eq(erg_out_commit(o), ERG_OK);
    expect_file(target, "new\n");
    /* renamed over, not rewritten: the old file lives on under its other name */
    expect_file(lnk, "old content\n");
    expect_listing(dir, "f\nold-link\n");
    /* abort leaves the target as it was, and no temporary file */
    ck_assert_int_eq(erg_out_open(g, target, &o), ERG_OK);
    ck_assert_int_eq(erg_out_write(o, "discarded", 9), ERG_OK);
    erg_out_abort(o);
    expect_file(target, "new\n");
    expect_listing(dir, "f\nold-link\n");
    erg_out_abort(NULL);
    /* abort of a file that did not exist leaves nothing */
    char fresh[4400];
    snprintf(fresh, sizeof fresh, "%s", path_in(dir, "fresh"));
    ck_assert_int_eq(erg_out_open(g, fresh, &o), ERG_OK);
    erg_out_abort(o);
    expect_listing(dir, "f\nold-link\n");
    erg_graph_free(g);
    unit_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(out_large_and_formatted) {
    char *dir = unit_tmpdir();
    char target[4400];
    snprintf(target, sizeof target, "%s", path_in(dir, "big"));
    erg_graph *g = erg_graph_new();
    erg_out *o;
    ck_assert_int_eq(erg_out_open(g, target, &o), ERG_OK);
    size_t total = 0;
    char *want = malloc(400000);
    for (int i = 0; i < 20000; i++) { /* well over the 64 KiB buffer */
        int n = sprintf(want + total, "line %05d\n", i);
        ck_assert_int_eq(erg_out_printf(o, "line %05d\n", i), ERG_OK);
        total += (size_t)n;
    }
    char longs[2000];
    memset(longs, 'x', sizeof longs - 1);
    longs[sizeof longs - 1] = '\0';
    ck_assert_int_eq(erg_out_printf(o, "[%s]", longs), ERG_OK); /* longer than printf's small buffer */
    total += (size_t)sprintf(want + total, "[%s]", longs);
    ck_assert_int_eq(erg_out_commit(o), ERG_OK);
    char *got = unit_read(target);
    ck_assert_uint_eq(strlen(got), total);
    ck_assert(!strcmp(got, want));
    free(got);
    free(want);
    erg_graph_free(g);
    unit_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(out_json_string) {
    char *dir = unit_tmpdir();
    char target[4400];
    snprintf(target, sizeof target, "%s", path_in(dir, "j"));
    erg_graph *g = erg_graph_new();
    erg_out *o;
    ck_assert_int_eq(erg_out_open(g, target, &o), ERG_OK);
    static const char s[] = "a\"b\\c\n\r\t\b\f\x01\x1f\x7f é/\0z";
    ck_assert_int_eq(erg_out_json_string(o, s, sizeof s - 1), ERG_OK);
    ck_assert_int_eq(erg_out_json_string(o, "", 0), ERG_OK);
    ck_assert_int_eq(erg_out_commit(o), ERG_OK);
    expect_file(target, "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\x7f é/\\u0000z\"\"\"");
    erg_graph_free(g);
    unit_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(out_stdout) {
    char *dir = unit_tmpdir();
    char cap[4400];
    snprintf(cap, sizeof cap, "%s", path_in(dir, "captured"));
    int fd = open(cap, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    ck_assert_int_eq(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
    close(fd);
    erg_graph *g = erg_graph_new();
    erg_out *o;
    int rc1 = erg_out_open(g, "-", &o);
    int rc2 = rc1 ? rc1 : erg_out_printf(o, "to %s\n", "stdout");
    int rc3 = rc1 ? rc1 : erg_out_json_string(o, "q\"", 2);
    int rc4 = rc1 ? rc1 : erg_out_commit(o);
    /* abort on standard output leaves it open */
    erg_out *o2;
    int rc5 = erg_out_open(g, "-", &o2);
    if (!rc5) {
        erg_out_write(o2, "dropped", 7);
        erg_out_abort(o2);
    }
    ck_assert_int_eq(dup2(saved, STDOUT_FILENO), STDOUT_FILENO);
    close(saved);
    ck_assert_int_eq(rc1, ERG_OK);
    ck_assert_int_eq(rc2, ERG_OK);
    ck_assert_int_eq(rc3, ERG_OK);
    ck_assert_int_eq(rc4, ERG_OK);
    ck_assert_int_eq(rc5, ERG_OK);
    expect_file(cap, "to stdout\n\"q\\\"\"");
    ck_assert_int_ne(fcntl(STDOUT_FILENO, F_GETFD), -1);
    expect_listing(dir, "captured\n");
    erg_graph_free(g);
    unit_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(out_fifo_in_place) {
    char *dir = unit_tmpdir();
    char fifo[4400], sink[4400];
    snprintf(fifo, sizeof fifo, "%s", path_in(dir, "pipe"));
    snprintf(sink, sizeof sink, "%s", path_in(dir, "sink"));
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) { /* the reader: copies the FIFO into sink */
        free(dir); /* nothing of the test's lingers in it (valgrind checks leaks at _exit) */
        int in = open(fifo, O_RDONLY), out = open(sink, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        char buf[4096];
        ssize_t n;
        while ((n = read(in, buf, sizeof buf)) > 0)
            if (write(out, buf, (size_t)n) != n) _exit(1);
        _exit(in < 0 || out < 0 ? 2 : 0);
    }
    erg_graph *g = erg_graph_new();
    erg_out *o;
    ck_assert_int_eq(erg_out_open(g, fifo, &o), ERG_OK);
    ck_assert_int_eq(erg_out_printf(o, "through the pipe %d\n", 7), ERG_OK);
    ck_assert_int_eq(erg_out_commit(o), ERG_OK);
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    expect_file(sink, "through the pipe 7\n");
    struct stat sb;
    ck_assert_int_eq(lstat(fifo, &sb), 0);
    ck_assert(S_ISFIFO(sb.st_mode)); /* still the FIFO, not replaced by a file */
    expect_listing(dir, "pipe\nsink\n");
    erg_graph_free(g);
    unit_rmtree(dir);
    free(dir);
}
END_TEST

/* A character device of our own (a copy of /dev/null or /dev/full) when
 * this process may make one, so a broken writer cannot rename over the
 * system's; else the system's. */
static const char *device(const char *dir, const char *name, unsigned minor, char *buf, size_t n) {
    snprintf(buf, n, "%s/%s", dir, name);
    if (mknod(buf, S_IFCHR | 0666, makedev(1, minor)) == 0) {
        int fd = open(buf, O_WRONLY); /* fails on a nodev mount */
        if (fd >= 0) {
            close(fd);
            return buf;
        }
        unlink(buf);
    }
    snprintf(buf, n, "/dev/%s", name);
    return buf;
}

START_TEST(out_device_in_place) {
    char *dir = unit_tmpdir();
    char buf[4400];
    const char *null = device(dir, "null", 3, buf, sizeof buf);
    erg_graph *g = erg_graph_new();
    erg_out *o;
    ck_assert_int_eq(erg_out_open(g, null, &o), ERG_OK);
    ck_assert_int_eq(erg_out_printf(o, "into the void\n"), ERG_OK);
    ck_assert_int_eq(erg_out_commit(o), ERG_OK);
    struct stat sb;
    ck_assert_int_eq(lstat(null, &sb), 0);
    ck_assert(S_ISCHR(sb.st_mode));
    ck_assert_uint_eq(minor(sb.st_rdev), 3);
    ck_assert_int_eq(erg_out_open(g, null, &o), ERG_OK);
    erg_out_abort(o);
    ck_assert_int_eq(lstat(null, &sb), 0);
    ck_assert(S_ISCHR(sb.st_mode));
    /* a device that refuses the bytes: the error names it */
    char buf2[4400], want[4500];
    const char *full = device(dir, "full", 7, buf2, sizeof buf2);
    ck_assert_int_eq(erg_out_open(g, full, &o), ERG_OK);
    ck_assert_int_eq(erg_out_printf(o, "no room\n"), ERG_OK);
    ck_assert_int_eq(erg_out_commit(o), ERG_EIO);
    snprintf(want, sizeof want, "%s: write failed: No space left on device", full);
    ck_assert_str_eq(erg_errmsg(g), want);
    ck_assert_int_eq(erg_errcode(g), ERG_EIO);
    ck_assert_int_eq(lstat(full, &sb), 0);
    ck_assert(S_ISCHR(sb.st_mode));
    erg_graph_free(g);
    unit_rmtree(dir);
    free(dir);
}
END_TEST

/* Errors stick: after a failed allocation inside printf, every call is a
 * no-op returning it, and commit returns it with its own message (not a
 * later one), leaving the old file and no temporary file. */
START_TEST(out_errors_stick) {
    char *dir = unit_tmpdir();
    char target[4400];
    snprintf(target, sizeof target, "%s", path_in(dir, "f"));
    unit_write(dir, "f", "old\n");
    unit_fail f = {0};
    erg_graph *g = erg_graph_new_with(unit_fail_realloc, &f);
    erg_out *o;
    ck_assert_int_eq(erg_out_open(g, target, &o), ERG_OK);
    ck_assert_int_eq(erg_out_write(o, "abc", 3), ERG_OK);
    ck_assert_int_eq(erg_out_status(o), ERG_OK);
    char longs[2000];
    memset(longs, 'x', sizeof longs - 1);
    longs[sizeof longs - 1] = '\0';
    f.fail_at = f.calls + 1; /* printf's buffer for a long result */
    ck_assert_int_eq(erg_out_printf(o, "[%s]", longs), ERG_ENOMEM);
    ck_assert_str_eq(erg_errmsg(g), "out of memory");
    f.fail_at = 0;
    ck_assert_int_eq(erg_out_write(o, "x", 1), ERG_ENOMEM);
    ck_assert_int_eq(erg_out_printf(o, "%d", 1), ERG_ENOMEM);
    ck_assert_int_eq(erg_out_printf(o, "[%s]", longs), ERG_ENOMEM);
    ck_assert_int_eq(erg_out_json_string(o, "s", 1), ERG_ENOMEM);
    ck_assert_int_eq(erg_out_csv_field(o, "s", 1), ERG_ENOMEM);
    erg_value v = erg_int(3);
    ck_assert_int_eq(erg_out_json_value(o, &v), ERG_ENOMEM);
    ck_assert_int_eq(erg_out_status(o), ERG_ENOMEM);
    ck_assert_int_eq(f.failures, 1); /* the no-ops allocate nothing */
    erg_set_error(g, ERG_EINVAL, "a later, unrelated error");
    ck_assert_int_eq(erg_out_commit(o), ERG_ENOMEM);
    ck_assert_str_eq(erg_errmsg(g), "out of memory");
    ck_assert_int_eq(erg_errcode(g), ERG_ENOMEM);
    expect_file(target, "old\n");
    expect_listing(dir, "f\n");
    erg_graph_free(g);
    ck_assert_uint_eq(f.live, 0);
    unit_rmtree(dir);
    free(dir);
}
END_TEST

/* A write(2) error half-way (a full device, more than the 64 KiB buffer)
 * sticks the same way. */
START_TEST(out_write_error_sticks) {
    char *dir = unit_tmpdir();
    char buf[4400], want[4500];
    const char *full = device(dir, "full", 7, buf, sizeof buf);
    erg_graph *g = erg_graph_new();
    erg_out *o;
    ck_assert_int_eq(erg_out_open(g, full, &o), ERG_OK);
    char *big = calloc(1, 70000);
    ck_assert_int_eq(erg_out_write(o, big, 70000), ERG_EIO);
    free(big);
    snprintf(want, sizeof want, "%s: write failed: No space left on device", full);
    ck_assert_str_eq(erg_errmsg(g), want);
    ck_assert_int_eq(erg_out_write(o, "more", 4), ERG_EIO);
    ck_assert_int_eq(erg_out_printf(o, "%s", "more"), ERG_EIO);
    ck_assert_int_eq(erg_out_status(o), ERG_EIO);
    erg_set_error(g, ERG_ENOTFOUND, "later");
    ck_assert_int_eq(erg_out_commit(o), ERG_EIO);
    ck_assert_str_eq(erg_errmsg(g), want);
    erg_graph_free(g);
    unit_rmtree(dir);
    free(dir);
}
END_TEST

/* The one CSV field rule. */
START_TEST(out_csv_field) {
    char *dir = unit_tmpdir();
    char target[4400];
    snprintf(target, sizeof target, "%s", path_in(dir, "c"));
    erg_graph *g = erg_graph_new();
    erg_out *o;
    ck_assert_int_eq(erg_out_open(g, target, &o), ERG_OK);
    static const char *const fields[] = {"plain", "", "a,b", "say \"hi\"", " lead", "trail\t", "two\nlines",
                                         "cr\r", "in side", "semi;colon", "\"", NULL};
    for (int i = 0; fields[i]; i++) {
        ck_assert_int_eq(erg_out_csv_field(o, fields[i], strlen(fields[i])), ERG_OK);
        ck_assert_int_eq(erg_out_write(o, "|", 1), ERG_OK);
    }
    ck_assert_int_eq(erg_out_commit(o), ERG_OK);
    expect_file(target, "plain|\"\"|\"a,b\"|\"say \"\"hi\"\"\"|\" lead\"|\"trail\t\"|\"two\nlines\"|\"cr\r\"|"
                        "in side|semi;colon|\"\"\"\"|");
    erg_graph_free(g);
    unit_rmtree(dir);
    free(dir);
}
END_TEST

static int open_and_commit(erg_graph *g, const char *path) {
    erg_out *o;
    int rc = erg_out_open(g, path, &o);
    if (rc) return rc;
    erg_out_write(o, "x", 1);
    return erg_out_commit(o);
}

START_TEST(out_open_errors) {
    char *dir = unit_tmpdir();
    erg_graph *g = erg_graph_new();
    erg_out *o = (erg_out *)1;
    char want[4500], p[4400];
    ck_assert_int_eq(erg_out_open(g, "", &o), ERG_EINVAL);
    ck_assert_ptr_null(o);
    ck_assert_str_eq(erg_errmsg(g), "output path must not be empty");
    ck_assert_int_eq(erg_out_open(g, NULL, &o), ERG_EINVAL);
    ck_assert_int_eq(erg_out_open(g, dir, &o), ERG_EIO);
    snprintf(want, sizeof want, "%s: is a directory", dir);
    ck_assert_str_eq(erg_errmsg(g), want);
    snprintf(p, sizeof p, "%s/no/such/dir/f", dir);
    ck_assert_int_eq(erg_out_open(g, p, &o), ERG_EIO);
    snprintf(want, sizeof want, "%s: cannot write: No such file or directory", p);
    ck_assert_str_eq(erg_errmsg(g), want);
    /* a directory this user may not write in: the old file stays */
    snprintf(p, sizeof p, "%s/ro", dir);
    ck_assert_int_eq(mkdir(p, 0755), 0);
    unit_write(p, "f", "old\n");
    ck_assert_int_eq(chmod(p, 0555), 0);
    ck_assert_int_eq(chmod(dir, 0755), 0);
    snprintf(p, sizeof p, "%s/ro/f", dir);
    char msg[1100];
    int rc = as_nobody(open_and_commit, p, msg, sizeof msg);
    if (rc != NO_DROP) {
        ck_assert_int_eq(rc, ERG_EIO);
        snprintf(want, sizeof want, "%s: cannot write: Permission denied", p);
        ck_assert_str_eq(msg, want);
    }
    expect_file(p, "old\n");
    snprintf(p, sizeof p, "%s/ro", dir);
    expect_listing(p, "f\n");
    chmod(p, 0755);
    erg_graph_free(g);
    unit_rmtree(dir);
    free(dir);
}
END_TEST

/* ---- erg_csv_write: the directory ------------------------------------------ */
START_TEST(csv_write_swaps_whole) {
    char *work = unit_tmpdir();
    char out[4400];
    snprintf(out, sizeof out, "%s/graph", work);
    erg_graph *old = small_graph("old");
    ck_assert_int_eq(erg_source_add(old, "s1", NULL), ERG_OK);
    ck_assert_int_eq(erg_csv_write(old, out), ERG_OK);
    expect_listing(out, "entities.csv\nrelationships.csv\nsources.csv\n");
    expect_listing(work, "graph\n");
    struct stat before, after, oldfd_st;
    ck_assert_int_eq(stat(out, &before), 0);
    int oldfd = open(out, O_RDONLY | O_DIRECTORY);
    ck_assert_int_ge(oldfd, 0);

    erg_graph *g = small_graph("new");
    ck_assert_int_eq(erg_csv_write(g, out), ERG_OK);
    /* the new set, whole: sources.csv went with the old directory */
    expect_listing(out, "entities.csv\nrelationships.csv\n");
    expect_file(path_in(out, "entities.csv"), "id,type,name\nnew,t,Name\n");
    expect_file(path_in(out, "relationships.csv"), "id,from,to,type\nr1,new,new,self\n");
    expect_listing(work, "graph\n"); /* nothing left beside it */
    ck_assert_int_eq(stat(out, &after), 0);
    ck_assert(before.st_ino != after.st_ino); /* a new directory took its place */
    ck_assert_int_eq(fstat(oldfd, &oldfd_st), 0);
    ck_assert_uint_eq(oldfd_st.st_nlink, 0); /* and the old one is gone */
    close(oldfd);
    /* a trailing slash names the same directory */
    char slashed[4500];
    snprintf(slashed, sizeof slashed, "%s/", out);
    ck_assert_int_eq(erg_csv_write(old, slashed), ERG_OK);
    expect_listing(out, "entities.csv\nrelationships.csv\nsources.csv\n");
    expect_listing(work, "graph\n");
    /* an empty directory is fine to replace */
    char empty[4400];
    snprintf(empty, sizeof empty, "%s/empty", work);
    ck_assert_int_eq(mkdir(empty, 0755), 0);
    ck_assert_int_eq(erg_csv_write(g, empty), ERG_OK);
    expect_listing(empty, "entities.csv\nrelationships.csv\n");
    erg_graph_free(old);
    erg_graph_free(g);
    unit_rmtree(work);
    free(work);
}
END_TEST

START_TEST(csv_write_refuses_foreign) {
    char *work = unit_tmpdir();
    char out[4400], want[5000];
    snprintf(out, sizeof out, "%s/graph", work);
    erg_graph *old = small_graph("old");
    ck_assert_int_eq(erg_csv_write(old, out), ERG_OK);
    unit_write(out, "notes.txt", "mine\n");
    erg_graph *g = small_graph("new");
    ck_assert_int_eq(erg_csv_write(g, out), ERG_EIO);
    snprintf(want, sizeof want,
             "%s: holds 'notes.txt', which is not part of a CSV graph; refusing to replace the directory", out);
    ck_assert_str_eq(erg_errmsg(g), want);
    ck_assert_int_eq(erg_errcode(g), ERG_EIO);
    expect_listing(out, "entities.csv\nnotes.txt\nrelationships.csv\n");
    expect_file(path_in(out, "entities.csv"), "id,type,name\nold,t,Name\n");
    expect_file(path_in(out, "notes.txt"), "mine\n");
    expect_listing(work, "graph\n");
    /* a subdirectory is foreign too */
    unlink(path_in(out, "notes.txt"));
    ck_assert_int_eq(mkdir(path_in(out, "sub"), 0755), 0);
    ck_assert_int_eq(erg_csv_write(g, out), ERG_EIO);
    snprintf(want, sizeof want,
             "%s: holds 'sub', which is not part of a CSV graph; refusing to replace the directory", out);
    ck_assert_str_eq(erg_errmsg(g), want);
    expect_listing(out, "entities.csv\nrelationships.csv\nsub\n");
    /* a file where the directory should be */
    char file[4400];
    snprintf(file, sizeof file, "%s/plain", work);
    unit_write(work, "plain", "a file\n");
    ck_assert_int_eq(erg_csv_write(g, file), ERG_EIO);
    snprintf(want, sizeof want, "%s: exists and is not a directory", file);
    ck_assert_str_eq(erg_errmsg(g), want);
    expect_file(file, "a file\n");
    expect_listing(work, "graph\nplain\n");
    ck_assert_int_eq(erg_csv_write(g, ""), ERG_EINVAL);
    ck_assert_str_eq(erg_errmsg(g), "bad output directory");
    erg_graph_free(old);
    erg_graph_free(g);
    unit_rmtree(work);
    free(work);
}
END_TEST

static int do_csv_write(erg_graph *g, const char *path) { return erg_csv_write(g, path); }

START_TEST(csv_write_unwritable_parent) {
    char *work = unit_tmpdir();
    char ro[4400], out[4500], fresh[4500], want[5000], msg[1100];
    snprintf(ro, sizeof ro, "%s/ro", work);
    snprintf(out, sizeof out, "%s/graph", ro);
    snprintf(fresh, sizeof fresh, "%s/fresh", ro);
    ck_assert_int_eq(mkdir(ro, 0755), 0);
    erg_graph *old = small_graph("old");
    ck_assert_int_eq(erg_csv_write(old, out), ERG_OK);
    ck_assert_int_eq(chmod(out, 0755), 0);
    ck_assert_int_eq(chmod(ro, 0555), 0);
    ck_assert_int_eq(chmod(work, 0755), 0);
    /* replacing */
    int rc = as_nobody(do_csv_write, out, msg, sizeof msg);
    if (rc == NO_DROP) goto done;
    ck_assert_int_eq(rc, ERG_EIO);
    snprintf(want, sizeof want, "%s: cannot create a directory beside it: Permission denied", out);
    ck_assert_str_eq(msg, want);
    expect_listing(ro, "graph\n");
    expect_listing(out, "entities.csv\nrelationships.csv\n");
    expect_file(path_in(out, "entities.csv"), "id,type,name\nold,t,Name\n");
    /* creating */
    ck_assert_int_eq(as_nobody(do_csv_write, fresh, msg, sizeof msg), ERG_EIO);
    snprintf(want, sizeof want, "%s: cannot create a directory beside it: Permission denied", fresh);
    ck_assert_str_eq(msg, want);
    expect_listing(ro, "graph\n");
done:
    chmod(ro, 0755);
    erg_graph_free(old);
    unit_rmtree(work);
    free(work);
}
END_TEST

Suite *suite_out(void) {
    Suite *s = suite_create("out");
    TCase *tc = tcase_create("files");
    tcase_add_test(tc, out_new_file_atomic);
    tcase_add_test(tc, out_replaces_whole);
    tcase_add_test(tc, out_large_and_formatted);
    tcase_add_test(tc, out_json_string);
    tcase_add_test(tc, out_stdout);
    tcase_add_test(tc, out_fifo_in_place);
    tcase_add_test(tc, out_device_in_place);
    tcase_add_test(tc, out_open_errors);
    tcase_add_test(tc, out_errors_stick);
    tcase_add_test(tc, out_write_error_sticks);
    tcase_add_test(tc, out_csv_field);
    suite_add_tcase(s, tc);
    TCase *td = tcase_create("directories");
    tcase_add_test(td, csv_write_swaps_whole);
    tcase_add_test(td, csv_write_refuses_foreign);
    tcase_add_test(td, csv_write_unwritable_parent);
    suite_add_tcase(s, td);
    return s;
}
