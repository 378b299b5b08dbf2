/*
 * test_text.c -- the text helpers of erg extract: tokens, sentences and
 * gazetteers (suite "extract"), with an allocation-failure loop and a
 * walk over random bytes.
 */
#include "unit.h"

#include <stdio.h>

/* The tokens of s as "kind:text" joined by spaces (w, n, p). */
static void tokens_of(const char *s, char *out, size_t cap) {
    erg_token t;
    size_t n = strlen(s), used = 0;
    out[0] = '\0';
    for (size_t pos = 0; erg_text_token(s, n, pos, &t); pos = t.end) {
        char k = t.kind == ERG_TOKEN_WORD ? 'w' : t.kind == ERG_TOKEN_NUMBER ? 'n' : 'p';
        used += (size_t)snprintf(out + used, cap - used, "%s%c:%.*s", used ? " " : "", k, (int)(t.end - t.start),
                                 s + t.start);
        ck_assert_uint_lt(used, cap);
    }
}

#define TOKENS(s, want)                        \
    do {                                       \
        char buf_[1024];                       \
        tokens_of(s, buf_, sizeof buf_);       \
        ck_assert_str_eq(buf_, want);          \
    } while (0)

START_TEST(tokens_words) {
    TOKENS("U.S. Microsoft's Reese\xe2\x80\x99s F-35", "w:U.S. w:Microsoft w:'s w:Reese w:\xe2\x80\x99s w:F-35");
    TOKENS("AT&T don't agencies' e.g. J. Smith", "w:AT&T w:don't w:agencies p:' w:e.g. w:J p:. w:Smith");
    TOKENS("1,400 3.5 $101M A$16 737-800 in 2025.",
           "n:1,400 n:3.5 p:$ w:101M w:A p:$ n:16 w:737-800 w:in n:2025 p:.");
    TOKENS("", "");
    TOKENS(" \t\n", "");
    TOKENS("caf\xc3\xa9 \xe2\x80\x94 na\xc3\xafve", "w:caf\xc3\xa9 p:\xe2\x80\x94 w:na\xc3\xafve");
    TOKENS("a\xff" "b \xe2\x80", "w:a p:\xff w:b p:\xe2 p:\x80");
}
END_TEST

START_TEST(tokens_with_nul) {
    const char s[] = "ab\0cd";
    erg_token t;
    ck_assert(erg_text_token(s, 5, 0, &t));
    ck_assert_uint_eq(t.end, 2);
    ck_assert(erg_text_token(s, 5, t.end, &t));
    ck_assert_int_eq(t.kind, ERG_TOKEN_PUNCT);
    ck_assert_uint_eq(t.start, 2);
    ck_assert(erg_text_token(s, 5, t.end, &t));
    ck_assert_uint_eq(t.start, 3);
    ck_assert(!erg_text_token(s, 5, t.end, &t));
    ck_assert(!erg_text_token(s, 5, 99, &t));
}
END_TEST

/* The sentences of s joined by " | ". */
static void sentences_of(const char *s, const erg_sentence_opts *o, char *out, size_t cap) {
    erg_span sp;
    size_t n = strlen(s), used = 0;
    out[0] = '\0';
    for (size_t pos = 0; erg_text_sentence(s, n, pos, o, &sp); pos = sp.end) {
        used += (size_t)snprintf(out + used, cap - used, "%s%.*s", used ? " | " : "", (int)(sp.end - sp.start),
                                 s + sp.start);
        ck_assert_uint_lt(used, cap);
    }
}

#define SENTENCES(s, o, want)                      \
    do {                                           \
        char buf_[2048];                           \
        sentences_of(s, o, buf_, sizeof buf_);     \
        ck_assert_str_eq(buf_, want);              \
    } while (0)

START_TEST(sentences_basic) {
    SENTENCES("Dr. Ruiz joined Acme Inc. last year. The firm grew 3.5 percent. It is in the U.S. Its rival is not.",
              NULL, "Dr. Ruiz joined Acme Inc. last year. | The firm grew 3.5 percent. | It is in the U.S. | Its rival is not.");
    SENTENCES("The U.S. Department of Energy said so. Fine.", NULL, "The U.S. Department of Energy said so. | Fine.");
    SENTENCES("\"We won.\" He left. \"Why?\" she asked.", NULL, "\"We won.\" | He left. | \"Why?\" she asked.");
    SENTENCES("\xe2\x80\x9cWe won.\xe2\x80\x9d He left.", NULL, "\xe2\x80\x9cWe won.\xe2\x80\x9d | He left.");
    SENTENCES("Wait\xe2\x80\xa6 then go. Stop!", NULL, "Wait\xe2\x80\xa6 then go. | Stop!");
    SENTENCES("See p. 4 and No. 5 today. Ok", NULL, "See p. 4 and No. 5 today. | Ok");
    SENTENCES("  trailing spaces \xc2\xa0 ", NULL, "trailing spaces");
    SENTENCES("", NULL, "");
    /* datelines and states (AP style): a comma after the dot goes on */
    SENTENCES("He lives in Ocala, Fla., and works there. Fine.", NULL,
              "He lives in Ocala, Fla., and works there. | Fine.");
    SENTENCES("It rained in Tupelo, Miss. The roads closed.", NULL, "It rained in Tupelo, Miss. | The roads closed.");
    SENTENCES("RIVERTON, Ore. (AP) -- A bank closed. Fine.", NULL, "RIVERTON, Ore. (AP) -- A bank closed. | Fine.");
}
END_TEST

START_TEST(sentences_lines) {
    const char *wrapped = "This is wrapped at a narrow\nwidth, so the break is\nNot an end.\n\nNew paragraph";
    SENTENCES(wrapped, NULL, "This is wrapped at a narrow\nwidth, so the break is\nNot an end. | New paragraph");
    SENTENCES("Acme Buys Widget Maker\r\nBank Fines Acme\n", NULL, "Acme Buys Widget Maker | Bank Fines Acme");
    erg_sentence_opts o = {ERG_LINES_BLANK, NULL, 0};
    SENTENCES("One line\nTwo line", &o, "One line\nTwo line");
    o.lines = ERG_LINES_EACH;
    SENTENCES("one line\ntwo line", &o, "one line | two line");
    const char *abbr[] = {"Cmdt", NULL};
    erg_sentence_opts a = {ERG_LINES_GUESS, abbr, 2};
    SENTENCES("Ask Cmdt. Ruiz. Done.", &a, "Ask Cmdt. Ruiz. | Done.");
    SENTENCES("Ask Cmdt. Ruiz. Done.", NULL, "Ask Cmdt. | Ruiz. | Done.");
}
END_TEST

/* Matches of gz in s as "text=value" joined by spaces. */
typedef struct collect { const char *s; char buf[1024]; size_t used; int stop_after; } collect;

static int collect_one(void *ud, const erg_text_match *m) {
    collect *c = ud;
    c->used += (size_t)snprintf(c->buf + c->used, sizeof c->buf - c->used, "%s%.*s=%u", c->used ? " " : "",
                                (int)(m->end - m->start), c->s + m->start, m->value);
    if (c->stop_after && --c->stop_after == 0) return 42;
    return 0;
}

static const char *matches(const erg_gazetteer *gz, const char *s, unsigned flags, collect *c) {
    c->s = s;
    c->used = 0;
    c->buf[0] = '\0';
    ck_assert_int_eq(erg_gazetteer_match(gz, s, strlen(s), flags, collect_one, c), ERG_OK);
    return c->buf;
}

static void add(erg_gazetteer *gz, const char *name, uint32_t v) {
    ck_assert_int_eq(erg_gazetteer_add(gz, name, strlen(name), v), ERG_OK);
}

START_TEST(gazetteer_matching) {
    erg_gazetteer *gz = erg_gazetteer_new(NULL, NULL);
    ck_assert_ptr_nonnull(gz);
    collect c = {0};
    add(gz, "ICE", 1);
    add(gz, "U.S. Immigration and Customs Enforcement", 1);
    add(gz, "US", 2);
    add(gz, "Ring", 3);
    add(gz, "Amazon's Ring", 3);
    add(gz, "The Guardian", 4);
    add(gz, "key partners", 5);
    add(gz, "Colorado", 6);
    add(gz, "Colorado", 7);
    add(gz, "ICE", 1); /* again: no-op */
    ck_assert_uint_eq(erg_gazetteer_count(gz), 9);
    ck_assert_str_eq(matches(gz, "ICE, the ice; Ring, a ring; US, us", 0, &c), "ICE=1 Ring=3 US=2");
    ck_assert_str_eq(matches(gz, "The US Immigration  and\nCustoms Enforcement (ICE)", 0, &c),
                     "US Immigration  and\nCustoms Enforcement=1 ICE=1");
    ck_assert_str_eq(matches(gz, "Amazon\xe2\x80\x99s Ring and the Guardian", 0, &c),
                     "Amazon\xe2\x80\x99s Ring=3 the Guardian=4");
    ck_assert_str_eq(matches(gz, "KEY PARTNERS in Colorado", 0, &c), "KEY PARTNERS=5 Colorado=6 Colorado=7");
    ck_assert_str_eq(matches(gz, "Amazon's Ring", ERG_MATCH_ALL, &c), "Amazon's Ring=3 Ring=3");
    ck_assert_str_eq(matches(gz, "", 0, &c), "");
    /* a callback's value stops the search */
    c.stop_after = 1;
    c.used = 0;
    c.s = "ICE US";
    ck_assert_int_eq(erg_gazetteer_match(gz, "ICE US", 6, 0, collect_one, &c), 42);
    ck_assert_int_eq(erg_gazetteer_add(gz, " ,", 2, 1), ERG_OK); /* punctuation is a token */
    ck_assert_int_eq(erg_gazetteer_add(gz, "   ", 3, 1), ERG_EINVAL);
    char longword[400];
    memset(longword, 'a', sizeof longword - 1);
    longword[sizeof longword - 1] = '\0';
    ck_assert_int_eq(erg_gazetteer_add(gz, longword, strlen(longword), 1), ERG_ELIMIT);
    ck_assert_uint_eq(erg_gazetteer_count(gz), 10);
    erg_gazetteer_free(gz);
    erg_gazetteer_free(NULL);
}
END_TEST

/* An allocator that fails once `left` allocations have been made. */
typedef struct failing { long left; size_t live; } failing;

static void *failing_realloc(void *ud, void *p, size_t old, size_t n) {
    failing *f = ud;
    if (n == 0) {
        free(p);
        f->live -= old;
        return NULL;
    }
    if (n > old && f->left-- <= 0) return NULL;
    void *q = realloc(p, n);
    if (q) f->live = f->live - old + n;
    return q;
}

START_TEST(gazetteer_allocation_failures) {
    static const char *const names[] = {"Alpha", "Beta Gamma", "Delta Epsilon Zeta", "Eta", "Theta Iota",
                                        "Kappa Lambda Mu Nu"};
    const size_t nnames = sizeof names / sizeof names[0];
    bool completed = false;
    for (long fail_at = 0; !completed; fail_at++) {
        failing f = {fail_at, 0};
        erg_gazetteer *gz = erg_gazetteer_new(failing_realloc, &f);
        if (!gz) {
            ck_assert_uint_eq(f.live, 0);
            continue;
        }
        size_t added = 0;
        for (size_t i = 0; i < nnames; i++) {
            int rc = erg_gazetteer_add(gz, names[i], strlen(names[i]), (uint32_t)i);
            if (rc == ERG_OK) {
                added++;
                continue;
            }
            ck_assert_int_eq(rc, ERG_ENOMEM);
            /* unchanged: the names added so far still match, nothing more */
            ck_assert_uint_eq(erg_gazetteer_count(gz), added);
            break;
        }
        collect c = {0};
        const char *text = "Alpha and Delta Epsilon Zeta met Kappa Lambda Mu Nu";
        matches(gz, text, 0, &c);
        if (added == nnames) {
            ck_assert_str_eq(c.buf, "Alpha=0 Delta Epsilon Zeta=2 Kappa Lambda Mu Nu=5");
            completed = true;
        }
        erg_gazetteer_free(gz);
        ck_assert_uint_eq(f.live, 0);
    }
}
END_TEST

static int bounded(void *ud, const erg_text_match *m) {
    size_t len = *(size_t *)ud;
    ck_assert(m->start < m->end && m->end <= len);
    return 0;
}

/* Random bytes (ASCII, UTF-8 pieces, invalid bytes): tokens tile forward
 * without overlap, sentences stay in bounds and advance, matching stays
 * in bounds. */
START_TEST(random_text) {
    static const char *const pieces[] = {"a", "Z", "1", ".", ",", "'", "s", " ", "\n", "\n\n", "-", "&", "(",
                                         ")", "\"", "U.S.", "\xe2\x80\x99", "\xe2\x80\x9c", "\xe2\x80\xa6",
                                         "\xc3\xa9", "\xff", "\xe2", "\x80", "Inc.", "Dr.", "?", "!", "$", "\t"};
    erg_gazetteer *gz = erg_gazetteer_new(NULL, NULL);
    add(gz, "U.S.", 1);
    add(gz, "a Z", 2);
    add(gz, "Inc", 3);
    uint64_t seed = 12345;
    char buf[256];
    for (int round = 0; round < 3000; round++) {
        size_t len = 0;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        int npieces = (int)(seed >> 59);
        for (int k = 0; k < npieces * 2; k++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            const char *p = pieces[(seed >> 33) % (sizeof pieces / sizeof pieces[0])];
            size_t pl = strlen(p);
            if (len + pl >= sizeof buf) break;
            memcpy(buf + len, p, pl);
            len += pl;
        }
        erg_token t;
        size_t last_end = 0;
        for (size_t pos = 0; erg_text_token(buf, len, pos, &t); pos = t.end) {
            ck_assert(t.start >= last_end && t.start < t.end && t.end <= len);
            last_end = t.end;
        }
        erg_span sp;
        size_t prev = 0;
        for (size_t pos = 0; erg_text_sentence(buf, len, pos, NULL, &sp); pos = sp.end) {
            ck_assert(sp.start >= prev && sp.start < sp.end && sp.end <= len);
            prev = sp.end;
        }
        ck_assert_int_eq(erg_gazetteer_match(gz, buf, len, ERG_MATCH_ALL, bounded, &len), ERG_OK);
    }
    erg_gazetteer_free(gz);
}
END_TEST

Suite *suite_extract(void) {
    Suite *s = suite_create("extract");
    TCase *tc = tcase_create("text");
    tcase_add_test(tc, tokens_words);
    tcase_add_test(tc, tokens_with_nul);
    tcase_add_test(tc, sentences_basic);
    tcase_add_test(tc, sentences_lines);
    tcase_add_test(tc, gazetteer_matching);
    tcase_add_test(tc, gazetteer_allocation_failures);
    tcase_add_test(tc, random_text);
    suite_add_tcase(s, tc);
    return s;
}
