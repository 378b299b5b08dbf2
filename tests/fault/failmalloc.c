/*
 * failmalloc.c -- an LD_PRELOAD shim that makes chosen allocations fail,
 * for libraries that have no allocator hook (igraph).  Only allocations
 * made directly from the libraries named in FAILMALLOC_LIBS (substrings of
 * their file names, comma-separated; default: igraph and what it uses) are
 * counted, so a sweep goes through igraph's allocations without wading
 * through the rest of the process's.
 *
 *   FAILMALLOC_NTH=N    the N-th counted allocation fails (once)
 *   FAILMALLOC_EVERY=N  every N-th counted allocation fails
 *   FAILMALLOC_REPORT=F at exit, "COUNTED FAILED" is written to file F
 *
 * malloc, calloc, realloc, aligned allocations and C++'s operator new (by
 * way of malloc, called from libstdc++) are counted; free never fails.  A
 * run without ASan: the sanitizer has its own allocator.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

#define MAXRANGES 64
static struct range { uintptr_t lo, hi; } ranges[MAXRANGES];
static int nranges;
static long nth, every;
static long counted, failed;
static char report_path[512];
static int ready;

static const char *const default_libs = "libigraph,libstdc++,libarpack,libglpk,libgmp,liblapack,libblas,libgfortran";

static int wanted(const char *name) {
    const char *libs = getenv("FAILMALLOC_LIBS");
    if (!libs || !*libs) libs = default_libs;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    if (!*base) return 0;
    for (const char *p = libs; *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n && n <= 200) {
            char want[201];
            memcpy(want, p, n);
            want[n] = '\0';
            if (strstr(base, want)) return 1;
        }
        p += n + (end ? 1 : 0);
    }
    return 0;
}

/* The executable segments of the wanted libraries. */
static int add_ranges(struct dl_phdr_info *info, size_t size, void *ud) {
    (void)size;
    (void)ud;
    if (!info->dlpi_name || !wanted(info->dlpi_name)) return 0;
    for (int i = 0; i < info->dlpi_phnum && nranges < MAXRANGES; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) continue;
        ranges[nranges].lo = info->dlpi_addr + ph->p_vaddr;
        ranges[nranges].hi = ranges[nranges].lo + ph->p_memsz;
        nranges++;
    }
    return 0;
}

static void write_report(void) {
    if (!report_path[0]) return;
    int fd = open(report_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return;
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%ld %ld\n", counted, failed);
    if (write(fd, buf, (size_t)n) < 0) { /* nothing to do */ }
    close(fd);
}

__attribute__((constructor)) static void init(void) {
    const char *s = getenv("FAILMALLOC_NTH");
    nth = s ? atol(s) : 0;
    s = getenv("FAILMALLOC_EVERY");
    every = s ? atol(s) : 0;
    s = getenv("FAILMALLOC_REPORT");
    if (s) snprintf(report_path, sizeof report_path, "%s", s);
    dl_iterate_phdr(add_ranges, NULL);
    ready = 1;
}

__attribute__((destructor)) static void fini(void) {
    write_report();
}

static int in_ranges(const void *ra) {
    uintptr_t a = (uintptr_t)ra;
    for (int i = 0; i < nranges; i++)
        if (a >= ranges[i].lo && a < ranges[i].hi) return 1;
    return 0;
}

/* Whether this allocation, made from return address ra, fails. */
static int fail_here(const void *ra) {
    if (!ready || !in_ranges(ra)) return 0;
    long c = __atomic_add_fetch(&counted, 1, __ATOMIC_RELAXED);
    if ((nth && c == nth) || (every && c % every == 0)) {
        __atomic_add_fetch(&failed, 1, __ATOMIC_RELAXED);
        return 1;
    }
    return 0;
}

void *malloc(size_t n) {
    if (fail_here(__builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_malloc(n);
}

void *calloc(size_t k, size_t n) {
    if (fail_here(__builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_calloc(k, n);
}

void *realloc(void *p, size_t n) {
    if (n && fail_here(__builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_realloc(p, n);
}

int posix_memalign(void **out, size_t align, size_t n) {
    if (fail_here(__builtin_return_address(0))) return ENOMEM;
    void *p = __libc_memalign(align, n);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}

void *aligned_alloc(size_t align, size_t n) {
    if (fail_here(__builtin_return_address(0))) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_memalign(align, n);
}
