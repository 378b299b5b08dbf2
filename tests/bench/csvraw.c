/*
 * csvraw.c -- the floor for a CSV import: libcsv parses the same bytes with
 * the options erg's reader uses (strict, empty is null), in 256 KiB read()s,
 * and builds nothing (the callbacks count fields and records).
 *
 *   csvraw FILE...    prints {"op": seconds, "records": n, "fields": n, "bytes": n}
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (256 * 1024)

typedef struct counts {
    unsigned long long fields, records, bytes;
} counts;

static void on_field(void *s, size_t n, void *ud) {
    counts *c = ud;
    (void)s;
    c->fields++;
    c->bytes += n;
}

static void on_record(int ch, void *ud) {
    (void)ch;
    ((counts *)ud)->records++;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    static char buf[CHUNK];
    counts c = {0, 0, 0};
    double t0 = now();
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            perror(argv[i]);
            return 1;
        }
        struct csv_parser p;
        if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL)) return 1;
        for (;;) {
            ssize_t got = read(fd, buf, sizeof buf);
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) {
                perror(argv[i]);
                return 1;
            }
            if (got == 0) break;
            if (csv_parse(&p, buf, (size_t)got, on_field, on_record, &c) != (size_t)got) {
                fprintf(stderr, "%s: %s\n", argv[i], csv_strerror(csv_error(&p)));
                return 1;
            }
        }
        csv_fini(&p, on_field, on_record, &c);
        csv_free(&p);
        close(fd);
    }
    printf("{\"op\": %.6f, \"records\": %llu, \"fields\": %llu, \"bytes\": %llu}\n", now() - t0, c.records,
           c.fields, c.bytes);
    return 0;
}
