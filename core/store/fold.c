/*
 * fold.c -- the folded form of names that search and duplicate detection
 * compare: Unicode compatibility decomposition (NFKD), combining marks
 * stripped, full case folding, default-ignorable characters dropped and
 * look-alike punctuation lumped, all by Debian's libutf8proc.
 *
 * What that gives, and what it deliberately does not:
 *   - "NIERSTENHÖFER", "Nierstenhöfer" and "nierstenhofer" fold alike
 *     (ö = o + U+0308, the mark is dropped); "Ö" is not read as "oe".
 *   - German ß and ẞ fold to "ss" (full case folding): "Straße" = "STRASSE".
 *   - Turkish: İ (U+0130) folds to "i" (its dot is a combining mark) and I
 *     to "i"; the dotless ı (U+0131) has no case folding in Unicode's
 *     default (non-Turkish) table and stays ı, a letter of its own, so
 *     "ısparta" and "Isparta" differ by one letter (a fuzzy match).
 *   - Ligatures and compatibility forms decompose (ﬁ = fi, ² = 2, full-width
 *     Ａ = a).  Latin letters that Unicode does not decompose but readers
 *     treat as two letters or a plain one are spelled out by the table
 *     below (æ = ae, œ = oe, ø = o, ł = l, đ = d, ð = d, þ = th).
 * In the word form (erg__fold with words set) every run of characters that
 * are neither letters nor digits becomes one space, except that dots and
 * apostrophes vanish, so that "U.S." = "US" and "O’Brien" = "OBrien"; the
 * result has no leading or trailing space.
 */
#include "store.h"

#include <utf8proc.h>

#define FOLD_OPTIONS                                                                        \
    (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |            \
     UTF8PROC_STRIPMARK | UTF8PROC_IGNORE | UTF8PROC_LUMP)

/* Folded letters Unicode leaves whole (after case folding). */
static const struct { int32_t cp; const char *as; } spelled[] = {
    {0x00E6, "ae"}, {0x0153, "oe"}, {0x00F8, "o"}, {0x0142, "l"},
    {0x0111, "d"},  {0x00F0, "d"},  {0x00FE, "th"}};

static bool is_alnum(int32_t cp) {
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

/* Appends one code point to out, as the word form wants it; *gap says a
 * separator is pending (written only before the next letter). */
static int emit(erg_buf *out, int32_t cp, bool words, bool *gap) {
    if (words && !is_alnum(cp)) {
        if (cp != '.' && cp != '\'') *gap = true;
        return ERG_OK;
    }
    if (*gap && out->len > 0 && erg__buf_addc(out, ' ')) return ERG_ENOMEM;
    *gap = false;
    for (size_t i = 0; i < sizeof spelled / sizeof spelled[0]; i++)
        if (spelled[i].cp == cp) return erg__buf_add(out, spelled[i].as, strlen(spelled[i].as));
    uint8_t enc[4];
    utf8proc_ssize_t n = utf8proc_encode_char(cp, enc);
    return erg__buf_add(out, enc, (size_t)n);
}

/* Appends the folded form of s (n bytes of UTF-8) to out.  ERG_EINVAL (with
 * a message) when s is not valid UTF-8, ERG_ENOMEM.  The decomposition is
 * done into a buffer of code points sized by a first pass, since a code
 * point may decompose into several (ﬃ into three). */
int erg__fold(erg_graph *g, const char *s, size_t n, bool words, erg_buf *out) {
    int32_t small[256], *cps = small;
    utf8proc_ssize_t cap = 256, len;
    len = utf8proc_decompose((const uint8_t *)s, (utf8proc_ssize_t)n, cps, cap, FOLD_OPTIONS);
    if (len > cap) {
        cap = len;
        cps = erg__mem(&g->a, NULL, 0, (size_t)cap * sizeof *cps);
        if (!cps) return erg__nomem(g);
        len = utf8proc_decompose((const uint8_t *)s, (utf8proc_ssize_t)n, cps, cap, FOLD_OPTIONS);
    }
    int rc = ERG_OK;
    if (len < 0) {
        rc = erg__err(g, ERG_EINVAL, "text is not valid UTF-8");
    } else {
        bool gap = false;
        for (utf8proc_ssize_t i = 0; i < len && !rc; i++) rc = emit(out, cps[i], words, &gap);
        if (rc) rc = erg__nomem(g);
    }
    if (cps != small) erg__mem(&g->a, cps, (size_t)cap * sizeof *cps, 0);
    return rc;
}

int erg_fold(erg_graph *g, const char *s, size_t n, bool words, char *buf, size_t cap,
             size_t *len) {
    if (!s) return erg__err(g, ERG_EINVAL, "no text to fold");
    erg_buf b;
    erg__buf_init(&b, &g->a);
    int rc = erg__fold(g, s, n, words, &b);
    if (rc == ERG_OK) {
        if (len) *len = b.len;
        if (cap) {
            size_t k = b.len < cap - 1 ? b.len : cap - 1;
            if (k) memcpy(buf, b.p, k);
            buf[k] = '\0';
        }
    }
    erg__buf_free(&b);
    return rc;
}

/* Decodes valid UTF-8 (as the fold writes it) into code points; *n gets
 * the count.  The array is allocated on g's allocator (cap elements). */
int erg__codepoints(erg_graph *g, const char *s, size_t len, int32_t **out, size_t *n) {
    int32_t *cp = erg__mem(&g->a, NULL, 0, (len + 1) * sizeof *cp);
    if (!cp) return erg__nomem(g);
    size_t k = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_ssize_t step =
            utf8proc_iterate((const uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp[k]);
        if (step <= 0) { cp[k] = (unsigned char)s[i]; step = 1; }
        i += (size_t)step;
        k++;
    }
    *out = cp;
    *n = k;
    return ERG_OK;
}

/* Levenshtein distance of two code point strings, in O(nb) memory (one
 * row; the caller gives the row of nb + 1 elements). */
size_t erg__edit_distance(const int32_t *a, size_t na, const int32_t *b, size_t nb, size_t *row) {
    for (size_t j = 0; j <= nb; j++) row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}
