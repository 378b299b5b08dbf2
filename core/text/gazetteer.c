/*
 * gazetteer.c -- finding listed names in text, token by token
 * (erg_gazetteer_*), for erg extract.
 *
 * Each name is stored as its tokens, folded (ASCII lowercase, dots of
 * initialisms dropped, typographic apostrophes, quotes and hyphens made
 * plain) and interned in a string pool, plus one case rule per token.
 * Names are chained by their first token's string number, so matching
 * folds each text token once, looks it up in the pool, and compares only
 * the names that start with it, reading further tokens on demand with
 * erg_text_token.  Matching allocates nothing.
 */
#include "text.h"

#include <string.h>

#define KEY_MAX 255 /* longest folded token */

enum { CASE_ANY = 0, CASE_CAPITAL, CASE_UPPER };

typedef struct gz_name {
    uint32_t tok, ntok; /* first token in toks, count */
    uint32_t value;
    uint32_t next; /* next name with the same first token, or ERG_NONE */
} gz_name;

struct erg_gazetteer {
    erg_alloc a;
    erg_pool pool;    /* folded tokens */
    uint32_t *head;   /* by pool string number: first name, or ERG_NONE */
    uint32_t headcap;
    gz_name *names;
    uint32_t nnames, namecap;
    uint32_t *toks;   /* string numbers of the names' tokens */
    uint8_t *cases;   /* case rule of each token */
    uint32_t ntoks, tokcap, casecap;
};

/* Folds token t of text into buf (KEY_MAX bytes); returns the length, or
 * 0 when it is longer than KEY_MAX. */
static size_t fold(const char *text, const erg_token *t, char *buf) {
    size_t n = 0;
    for (size_t i = t->start; i < t->end; i++) {
        unsigned char c = (unsigned char)text[i];
        char out = (char)c;
        if (c >= 'A' && c <= 'Z') out = (char)(c | 0x20);
        else if (c == '.' && t->kind == ERG_TOKEN_WORD) continue;
        else if (c == ',' && t->kind == ERG_TOKEN_NUMBER) continue;
        else if (c == 0xE2 && i + 2 < t->end && (unsigned char)text[i + 1] == 0x80) {
            unsigned char d = (unsigned char)text[i + 2];
            if (d == 0x98 || d == 0x99) out = '\''; /* ‘ ’ */
            else if (d == 0x9C || d == 0x9D) out = '"'; /* “ ” */
            else if (d >= 0x90 && d <= 0x94) out = '-'; /* hyphens and dashes */
            else d = 0;
            if (d) i += 2;
        }
        if (n == KEY_MAX) return 0;
        buf[n++] = out;
    }
    return n;
}

/* The case rule a name token sets. */
static uint8_t case_rule(const char *s, size_t n, bool first) {
    size_t upper = 0, lower = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 'A' && s[i] <= 'Z') upper++;
        else if (s[i] >= 'a' && s[i] <= 'z') lower++;
    }
    if (first && n == 3 && (s[0] | 0x20) == 't' && (s[1] | 0x20) == 'h' && (s[2] | 0x20) == 'e') return CASE_ANY;
    if (upper >= 2 && lower == 0) return CASE_UPPER;
    if (n && s[0] >= 'A' && s[0] <= 'Z') return CASE_CAPITAL;
    return CASE_ANY;
}

static bool case_ok(const char *s, size_t n, uint8_t rule) {
    if (rule == CASE_CAPITAL) return n && s[0] >= 'A' && s[0] <= 'Z';
    if (rule == CASE_UPPER) {
        for (size_t i = 0; i < n; i++)
            if (s[i] >= 'a' && s[i] <= 'z') return false;
    }
    return true;
}

erg_gazetteer *erg_gazetteer_new(erg_realloc_fn fn, void *ud) {
    erg_alloc a = {fn, ud};
    erg_gazetteer *gz = erg__mem(&a, NULL, 0, sizeof *gz);
    if (!gz) return NULL;
    memset(gz, 0, sizeof *gz);
    gz->a = a;
    erg__pool_init(&gz->pool);
    return gz;
}

void erg_gazetteer_free(erg_gazetteer *gz) {
    if (!gz) return;
    erg_alloc a = gz->a;
    erg__pool_free(&gz->pool, &a);
    erg__mem(&a, gz->head, (size_t)gz->headcap * sizeof *gz->head, 0);
    erg__mem(&a, gz->names, (size_t)gz->namecap * sizeof *gz->names, 0);
    erg__mem(&a, gz->toks, (size_t)gz->tokcap * sizeof *gz->toks, 0);
    erg__mem(&a, gz->cases, (size_t)gz->casecap, 0);
    erg__mem(&a, gz, sizeof *gz, 0);
}

size_t erg_gazetteer_count(const erg_gazetteer *gz) { return gz->nnames; }

/* Is name x the same token sequence, case rules and value as the ntok
 * tokens just staged at the end of toks? */
static bool same_name(const erg_gazetteer *gz, const gz_name *x, uint32_t ntok, uint32_t value) {
    if (x->ntok != ntok || x->value != value) return false;
    for (uint32_t i = 0; i < ntok; i++)
        if (gz->toks[x->tok + i] != gz->toks[gz->ntoks + i] || gz->cases[x->tok + i] != gz->cases[gz->ntoks + i])
            return false;
    return true;
}

int erg_gazetteer_add(erg_gazetteer *gz, const char *name, size_t len, uint32_t value) {
    erg_token t;
    char buf[KEY_MAX];
    uint32_t ntok = 0;
    /* count and check the tokens first: nothing changes on a refusal */
    for (size_t pos = 0; erg_text_token(name, len, pos, &t); pos = t.end, ntok++)
        if (fold(name, &t, buf) == 0) return ERG_ELIMIT;
    if (ntok == 0) return ERG_EINVAL;
    if (erg__grow(&gz->a, (void **)&gz->toks, &gz->tokcap, (size_t)gz->ntoks + ntok, sizeof *gz->toks) ||
        erg__grow(&gz->a, (void **)&gz->cases, &gz->casecap, (size_t)gz->ntoks + ntok, 1) ||
        erg__grow(&gz->a, (void **)&gz->names, &gz->namecap, (size_t)gz->nnames + 1, sizeof *gz->names))
        return ERG_ENOMEM;
    /* stage the tokens past the end of toks (interning may add strings
     * the pool keeps on failure: harmless, no name refers to them) */
    uint32_t i = 0;
    for (size_t pos = 0; erg_text_token(name, len, pos, &t); pos = t.end, i++) {
        size_t n = fold(name, &t, buf);
        uint32_t sid;
        int rc = erg__pool_intern(&gz->pool, &gz->a, buf, n, &sid);
        if (rc) return rc;
        gz->toks[gz->ntoks + i] = sid;
        gz->cases[gz->ntoks + i] = case_rule(name + t.start, t.end - t.start, i == 0);
    }
    uint32_t first = gz->toks[gz->ntoks];
    if (first >= gz->headcap) {
        uint32_t old = gz->headcap;
        if (erg__grow(&gz->a, (void **)&gz->head, &gz->headcap, (size_t)first + 1, sizeof *gz->head))
            return ERG_ENOMEM;
        for (uint32_t j = old; j < gz->headcap; j++) gz->head[j] = ERG_NONE;
    }
    uint32_t *link = &gz->head[first];
    while (*link != ERG_NONE) {
        if (same_name(gz, &gz->names[*link], ntok, value)) return ERG_OK;
        link = &gz->names[*link].next;
    }
    gz_name *x = &gz->names[gz->nnames];
    x->tok = gz->ntoks;
    x->ntok = ntok;
    x->value = value;
    x->next = ERG_NONE;
    *link = gz->nnames++;
    gz->ntoks += ntok;
    return ERG_OK;
}

/* The work of a search, reported every WORK_BATCH steps (a name compared,
 * a text token read): a chain of many names sharing a first token makes
 * one text token cost as much as the chain, which the caller's budget
 * must see as it goes.  rc: the reporter's answer, once it asked to stop. */
#define WORK_BATCH 1024
typedef struct gz_work {
    uint64_t steps;
    int (*fn)(void *ud, uint64_t steps);
    void *ud;
    int rc;
} gz_work;

static bool work_step(gz_work *w) {
    if (++w->steps >= WORK_BATCH && w->fn && !w->rc) {
        w->rc = w->fn(w->ud, w->steps);
        w->steps = 0;
    }
    return w->rc == 0;
}

/* Where name x ends when it matches the text at token t (which has
 * matched its first token already), or 0. */
static size_t match_end(const erg_gazetteer *gz, const gz_name *x, const char *text, size_t len,
                        const erg_token *t, gz_work *w) {
    if (!work_step(w) || !case_ok(text + t->start, t->end - t->start, gz->cases[x->tok])) return 0;
    erg_token u = *t;
    char buf[KEY_MAX];
    for (uint32_t i = 1; i < x->ntok; i++) {
        if (!work_step(w) || !erg_text_token(text, len, u.end, &u)) return 0;
        size_t n = fold(text, &u, buf);
        uint32_t sid = x->tok + i;
        if (n != erg__pool_len(&gz->pool, gz->toks[sid]) ||
            memcmp(buf, erg__pool_str(&gz->pool, gz->toks[sid]), n) != 0 ||
            !case_ok(text + u.start, u.end - u.start, gz->cases[sid]))
            return 0;
    }
    return u.end;
}

/* Reports every name of the chain at first that ends at end. */
static int report(const erg_gazetteer *gz, uint32_t first, const char *text, size_t len, const erg_token *t,
                  size_t end, erg_match_fn fn, void *ud, gz_work *w) {
    for (uint32_t j = first; j != ERG_NONE && !w->rc; j = gz->names[j].next) {
        if (match_end(gz, &gz->names[j], text, len, t, w) != end) continue;
        erg_text_match m = {t->start, end, gz->names[j].value};
        int rc = fn(ud, &m);
        if (rc) return rc;
    }
    return w->rc;
}

/* The longest end below limit among the chain's names matching at t; 0
 * when none. */
static size_t longest_below(const erg_gazetteer *gz, uint32_t first, const char *text, size_t len,
                            const erg_token *t, size_t limit, gz_work *w) {
    size_t best = 0;
    for (uint32_t j = first; j != ERG_NONE && !w->rc; j = gz->names[j].next) {
        size_t e = match_end(gz, &gz->names[j], text, len, t, w);
        if (e > best && e < limit) best = e;
    }
    return best;
}

int erg_gazetteer_match(const erg_gazetteer *gz, const char *text, size_t len, unsigned flags, erg_match_fn fn,
                        void *ud) {
    return erg_gazetteer_match_work(gz, text, len, flags, fn, ud, NULL, NULL);
}

int erg_gazetteer_match_work(const erg_gazetteer *gz, const char *text, size_t len, unsigned flags,
                             erg_match_fn fn, void *ud, int (*work)(void *ud, uint64_t steps), void *work_ud) {
    erg_token t;
    char buf[KEY_MAX];
    size_t pos = 0;
    gz_work w = {0, work, work_ud, 0};
    while (work_step(&w) && erg_text_token(text, len, pos, &t)) {
        pos = t.end;
        size_t n = fold(text, &t, buf);
        uint32_t sid = n ? erg__pool_find(&gz->pool, buf, n) : 0;
        if (!sid || sid >= gz->headcap || gz->head[sid] == ERG_NONE) continue;
        uint32_t first = gz->head[sid];
        size_t limit = SIZE_MAX, end;
        while ((end = longest_below(gz, first, text, len, &t, limit, &w)) != 0) {
            int rc = report(gz, first, text, len, &t, end, fn, ud, &w);
            if (rc) return rc;
            if (!(flags & ERG_MATCH_ALL)) {
                pos = end;
                break;
            }
            limit = end;
        }
    }
    return w.rc;
}
