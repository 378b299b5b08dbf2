/*
 * main.c -- runs every Check suite of the unit tests (tests/unit/FOLDER/
 * mirrors core/FOLDER and lua/FOLDER).  The list below is the one place that
 * names the suites; the references are strong, so a suite listed here and
 * defined nowhere fails the link instead of silently never running.
 */
#include "unit.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define SUITES(X) X(values) X(graph) X(find) X(csv) X(ftm) X(out) X(analysis) X(extract) X(lua) X(sandbox) X(fault) \
    X(draw) X(tables) X(status) X(idindex) X(hostile) X(union)
#define DECLARE(n) Suite *suite_##n(void);
SUITES(DECLARE)
#undef DECLARE

char *unit_tmpdir(void) {
    const char *base = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/erg-unit-XXXXXX", base && *base ? base : "/tmp");
    char *d = mkdtemp(tmpl);
    ck_assert_msg(d != NULL, "mkdtemp failed");
    return strdup(d);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st; (void)flag; (void)ftw;
    return remove(p);
}

void unit_rmtree(const char *path) {
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void unit_write(const char *dir, const char *name, const char *s) {
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", p);
    fwrite(s, 1, strlen(s), f);
    fclose(f);
}

#define UNIT_HDR 16

void *unit_fail_realloc(void *ud, void *p, size_t old, size_t n) {
    unit_fail *fa = ud;
    char *h = p ? (char *)p - UNIT_HDR : NULL;
    size_t have = 0;
    if (h) memcpy(&have, h, sizeof have);
    if (have != old && fa->bad_old++ == 0) {
        fa->bad_have = have;
        fa->bad_said = old;
    }
    if (n == 0) {
        if (h) {
            fa->live -= have;
            free(h);
        }
        return NULL;
    }
    if (!fa->paused) {
        fa->calls++;
        if (fa->fail_at && (fa->calls == fa->fail_at || (fa->sticky && fa->calls > fa->fail_at))) {
            fa->failures++;
            return NULL;
        }
    }
    char *nh = realloc(h, n + UNIT_HDR);
    if (!nh) return NULL;
    fa->live = fa->live - have + n;
    memcpy(nh, &n, sizeof n);
    return nh + UNIT_HDR;
}


char *unit_listing(const char *dir) {
    struct dirent **ents;
    int n = scandir(dir, &ents, NULL, alphasort);
    ck_assert_msg(n >= 0, "scandir %s", dir);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    for (int i = 0; i < n; i++) {
        if (strcmp(ents[i]->d_name, ".") && strcmp(ents[i]->d_name, ".."))
            fprintf(f, "%s\n", ents[i]->d_name);
        free(ents[i]);
    }
    free(ents);
    fclose(f);
    return out;
}

char *unit_read(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

int main(void) {
#define NAME(n) suite_##n,
    Suite *(*const suites[])(void) = {SUITES(NAME)};
#undef NAME
    SRunner *sr = NULL;
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        if (!sr) sr = srunner_create(suites[i]());
        else srunner_add_suite(sr, suites[i]());
    }
    if (!sr) {
        printf("no suites\n");
        return 1;
    }
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
