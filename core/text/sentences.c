/*
 * sentences.c -- tokens and sentences of article text (erg_text_token,
 * erg_text_sentence), for erg extract.  Both walks are stateless: every
 * decision looks at a few characters around the current position.
 */
#include "text.h"

#include <string.h>

/* ---- characters ---------------------------------------------------------- */
typedef enum cclass { C_SPACE, C_LETTER, C_DIGIT, C_PUNCT } cclass;

/* Decodes the code point at s[i] (i < n); returns its length in bytes.
 * An invalid or truncated sequence is one byte, read as U+FFFD. */
static size_t decode(const unsigned char *s, size_t n, size_t i, uint32_t *cp) {
    unsigned c = s[i];
    size_t k = c < 0x80 ? 1 : c >= 0xC2 && c < 0xE0 ? 2 : c >= 0xE0 && c < 0xF0 ? 3 : c >= 0xF0 && c < 0xF5 ? 4 : 0;
    if (k == 1) {
        *cp = c;
        return 1;
    }
    if (k == 0 || i + k > n) goto bad;
    uint32_t v = c & (0x7F >> k);
    for (size_t j = 1; j < k; j++) {
        if ((s[i + j] & 0xC0) != 0x80) goto bad;
        v = v << 6 | (s[i + j] & 0x3F);
    }
    /* overlong forms, surrogates and values past U+10FFFF */
    if ((k == 3 && v < 0x800) || (k == 4 && (v < 0x10000 || v > 0x10FFFF)) || (v >= 0xD800 && v < 0xE000)) goto bad;
    *cp = v;
    return k;
bad:
    *cp = 0xFFFD;
    return 1;
}

/* Only ASCII and the common punctuation blocks are told apart; every
 * other code point counts as a letter, which is right for names in the
 * scripts news is written in. */
static cclass classify(uint32_t cp) {
    if (cp < 0x80) {
        if (cp == ' ' || (cp >= '\t' && cp <= '\r')) return C_SPACE;
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return C_LETTER;
        if (cp >= '0' && cp <= '9') return C_DIGIT;
        return C_PUNCT;
    }
    if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 ||
        cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF || cp == 0x85)
        return C_SPACE;
    if (cp < 0xA0 || cp == 0xFFFD) return C_PUNCT;
    if (cp <= 0xBF) return cp == 0xAA || cp == 0xB5 || cp == 0xBA ? C_LETTER : C_PUNCT;
    if (cp == 0xD7 || cp == 0xF7) return C_PUNCT;
    if ((cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) || (cp >= 0x20A0 && cp <= 0x20CF) ||
        (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x3001 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x200C && cp <= 0x200F))
        return C_PUNCT;
    return C_LETTER;
}

static cclass class_at(const char *text, size_t len, size_t i, size_t *k) {
    uint32_t cp;
    *k = decode((const unsigned char *)text, len, i, &cp);
    return classify(cp);
}

static uint32_t cp_at(const char *text, size_t len, size_t i, size_t *k) {
    uint32_t cp;
    *k = decode((const unsigned char *)text, len, i, &cp);
    return cp;
}

static bool alnum(cclass c) { return c == C_LETTER || c == C_DIGIT; }
static bool is_apostrophe(uint32_t cp) { return cp == '\'' || cp == 0x2019; }
static bool is_hyphen(uint32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }

/* ---- tokens ---------------------------------------------------------------- */
/* A possessive 's at i: an apostrophe after a letter or digit, then s and
 * no further letter or digit. */
static size_t possessive_at(const char *text, size_t len, size_t i) {
    size_t k, k3;
    if (i == 0 || !is_apostrophe(cp_at(text, len, i, &k))) return 0;
    unsigned char prev = (unsigned char)text[i - 1];
    if (prev < 0x80 && !alnum(classify(prev))) return 0;
    if (i + k >= len || (text[i + k] | 0x20) != 's') return 0;
    if (i + k + 1 < len && alnum(class_at(text, len, i + k + 1, &k3))) return 0;
    return k + 1;
}

/* Is the word [start, i) so far an initialism: single letters each
 * followed by a dot ("U.", "U.S.") or ending the word ("U.S")? */
static bool initialism_so_far(const char *text, size_t start, size_t i) {
    size_t n = i - start;
    if (n < 1) return false;
    for (size_t j = 0; j < n; j++) {
        char c = text[start + j];
        bool letter = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        if (j % 2 == 0 ? !letter : c != '.') return false;
    }
    return true;
}

/* End of the word or number starting at i (an alphanumeric character). */
static size_t scan_word(const char *text, size_t len, size_t i, erg_token_kind *kind) {
    size_t start = i, k;
    bool number = class_at(text, len, i, &k) == C_DIGIT;
    while (i < len) {
        cclass c = class_at(text, len, i, &k);
        if (alnum(c)) {
            if (c == C_LETTER) number = false;
            i += k;
            continue;
        }
        if (possessive_at(text, len, i)) break;
        uint32_t cp = cp_at(text, len, i, &k);
        size_t k2 = 0;
        bool next_alnum = i + k < len && alnum(class_at(text, len, i + k, &k2));
        if (number && (cp == ',' || cp == '.') && i + k < len && class_at(text, len, i + k, &k2) == C_DIGIT) {
            i += k;
            continue;
        }
        if (!number && cp == '.' && initialism_so_far(text, start, i)) {
            /* "U" or "U.S" so far: a dot then one more single letter goes
             * on; a final dot after two or more letters is the word's */
            bool letter_next = i + 1 < len && class_at(text, len, i + 1, &k2) == C_LETTER && k2 == 1;
            bool single = i + 2 >= len || text[i + 2] == '.' || !alnum(class_at(text, len, i + 2, &k2));
            if (letter_next && single) {
                i += 1;
                continue;
            }
            if (!next_alnum && i - start >= 3) i += 1;
            break;
        }
        if (next_alnum && (is_hyphen(cp) || is_apostrophe(cp) || cp == '&' || cp == '_')) {
            number = false;
            i += k;
            continue;
        }
        break;
    }
    *kind = number ? ERG_TOKEN_NUMBER : ERG_TOKEN_WORD;
    return i;
}

bool erg_text_token(const char *text, size_t len, size_t pos, erg_token *out) {
    size_t i = pos, k;
    while (i < len && class_at(text, len, i, &k) == C_SPACE) i += k;
    if (i >= len) return false;
    out->start = i;
    size_t poss = possessive_at(text, len, i);
    if (poss) {
        out->kind = ERG_TOKEN_WORD;
        out->end = i + poss;
        return true;
    }
    if (alnum(class_at(text, len, i, &k))) {
        out->end = scan_word(text, len, i, &out->kind);
        return true;
    }
    out->kind = ERG_TOKEN_PUNCT;
    out->end = i + k;
    return true;
}

/* ---- sentences -------------------------------------------------------------- */
/* Abbreviations that never end a sentence (titles, months, "No." ...). */
static const char *const titles[] = {
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Capt", "Cmdr", "Sgt",
    "Adm", "Maj", "Rev", "Hon", "Pres", "Fr", "Sr", "Jr", "St", "Mt", "Ft", "No", "Nos", "Vol", "Fig", "Art",
    "Sec", "Ch", "Pt", "pp", "vs", "v", "cf", "approx", "est", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
    "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat",
    "Dept", "Univ", "Assn", "Supt", "Insp", "Det", "Gov't", NULL};
/* Abbreviations that may end one (besides initialisms like U.S.). */
static const char *const maybe_final[] = {"Inc", "Corp", "Co", "Ltd", "Bros", "Plc", "etc", "Ave", "Blvd",
                                          "Rd", "Ct",
                                          /* AP's state abbreviations: "Tupelo, Miss." */
                                          "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga",
                                          "Ill", "Ind", "Kan", "Kans", "Ky", "La", "Md", "Mass", "Mich", "Minn",
                                          "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Tenn", "Tex",
                                          "Vt", "Va", "Wash", "Wis", "Wyo", NULL};
/* Words that usually start a sentence: after "U.S." or "Inc." they say a
 * new sentence began. */
static const char *const starters[] = {
    "The", "A", "An", "It", "Its", "He", "She", "They", "We", "I", "You", "This", "That", "These", "Those",
    "There", "In", "On", "At", "But", "And", "Or", "So", "Yet", "However", "Meanwhile", "His", "Her",
    "Their", "Our", "Your", "What", "When", "Where", "While", "After", "Before", "As", "If", "For",
    "According", "Last", "Next", "Some", "Many", "Most", "One", "Both", "Each", "Another", "Such", "Still",
    "Also", "Then", "Now", "Since", "Although", "Though", "Despite", "Under", "During", "By", "From",
    "With", "Without", "To", "Officials", "No", "Not", "Critics", "Analysts", NULL};
/* Words after which a line break does not end a sentence (GUESS). */
static const char *const continuing[] = {
    "the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "with", "by", "at", "from", "as", "that",
    "which", "who", "its", "their", "his", "her", "is", "was", "are", "were", "be", "been", "has", "have",
    "had", "will", "would", "said", "than", "but", "into", "about", "our", "this", "these", "those", NULL};

static bool word_eq(const char *w, size_t n, const char *s, bool fold) {
    if (strlen(s) != n) return false;
    for (size_t i = 0; i < n; i++) {
        char a = w[i], b = s[i];
        if (fold && a >= 'A' && a <= 'Z') a = (char)(a | 0x20);
        if (fold && b >= 'A' && b <= 'Z') b = (char)(b | 0x20);
        if (a != b) return false;
    }
    return true;
}

static bool in_list(const char *const *list, const char *w, size_t n, bool fold) {
    for (; *list; list++)
        if (word_eq(w, n, *list, fold)) return true;
    return false;
}

static bool is_terminator(uint32_t cp) { return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026; }
static bool is_closer(uint32_t cp) {
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x2019 || cp == 0x201D || cp == 0xBB;
}
static bool is_opening_quote(uint32_t cp) {
    return cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x2018 || cp == 0xAB || cp == '(';
}

static size_t skip_space(const char *text, size_t len, size_t i) {
    size_t k;
    while (i < len && class_at(text, len, i, &k) == C_SPACE) i += k;
    return i;
}

/* The word [*ws, end) just before position end (letters, digits, dots,
 * apostrophes), not reaching before start. */
static size_t word_before(const char *text, size_t start, size_t end, size_t *ws) {
    size_t i = end;
    while (i > start) {
        unsigned char c = (unsigned char)text[i - 1];
        if (c < 0x80 && !alnum(classify(c)) && c != '.' && c != '\'') break;
        i--;
    }
    while (i < end && text[i] == '.') i++;
    *ws = i;
    return end - i;
}

static bool is_lower_at(const char *text, size_t len, size_t i) {
    return i < len && text[i] >= 'a' && text[i] <= 'z';
}

/* Does the word at i usually start a sentence? */
static bool starter_at(const char *text, size_t len, size_t i) {
    size_t j = i, k;
    while (j < len && class_at(text, len, j, &k) == C_LETTER) j += k;
    return j > i && in_list(starters, text + i, j - i, false);
}

/* A terminator run ended at q (its first character at p): does the
 * sentence end there? */
static bool ends_at(const char *text, size_t len, size_t start, size_t p, size_t q, const erg_sentence_opts *o) {
    size_t k;
    if (q >= len) return true;
    if (class_at(text, len, q, &k) != C_SPACE) return false;
    size_t r = skip_space(text, len, q);
    if (r >= len) return true;
    if (is_lower_at(text, len, r)) return false;
    /* no sentence starts with a comma, a semicolon or a closing bracket
     * ("Ocala, Fla., and ...") */
    if (text[r] == ',' || text[r] == ';' || text[r] == ':' || text[r] == ')') return false;
    if (text[p] == '.' && (p + 1 >= len || text[p + 1] != '.')) {
        size_t ws, n = word_before(text, start, p, &ws);
        const char *w = text + ws;
        if (n > 0) {
            if (n == 1 && ((w[0] | 0x20) >= 'a' && (w[0] | 0x20) <= 'z')) return false; /* J. p. */
            if (in_list(titles, w, n, false)) return false;
            for (size_t i = 0; o && i < o->nabbrevs; i++)
                if (o->abbrevs[i] && word_eq(w, n, o->abbrevs[i], true)) return false;
            if (in_list(maybe_final, w, n, false) || memchr(w, '.', n)) return starter_at(text, len, r);
        }
    }
    return true;
}

/* Does the line break at i end the sentence [start, i)? */
static bool line_ends(const char *text, size_t len, size_t start, size_t i, erg_line_mode mode) {
    size_t j = i + 1;
    while (j < len && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) j++;
    if (j >= len || text[j] == '\n') return true; /* a blank line */
    if (mode == ERG_LINES_EACH) return true;
    if (mode == ERG_LINES_BLANK) return false;
    size_t e = i, k;
    while (e > start && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r')) e--;
    if (e == start) return false;
    /* the last character of the line: back to the start of its sequence */
    size_t b = e - 1;
    while (b > start && ((unsigned char)text[b] & 0xC0) == 0x80) b--;
    uint32_t last = cp_at(text, len, b, &k);
    if (is_terminator(last) || is_closer(last)) return false; /* the terminator's own rule decided */
    if (last == ',' || last == ';' || last == ':' || is_hyphen(last) || last == '(' || last == '/' ||
        last == '&' || last == 0x2013 || last == 0x2014)
        return false;
    size_t ws, n = word_before(text, start, e, &ws);
    if (n && in_list(continuing, text + ws, n, false)) return false;
    size_t r = skip_space(text, len, i);
    uint32_t next = cp_at(text, len, r, &k);
    if (next >= 'A' && next <= 'Z') return true;
    if (next >= '0' && next <= '9') return true;
    if (is_opening_quote(next)) return true;
    return next >= 0x80 && classify(next) == C_LETTER;
}

bool erg_text_sentence(const char *text, size_t len, size_t pos, const erg_sentence_opts *o, erg_span *out) {
    erg_line_mode mode = o ? o->lines : ERG_LINES_GUESS;
    size_t start = skip_space(text, len, pos), i = start, end = len, k;
    if (start >= len) return false;
    while (i < len) {
        uint32_t cp = cp_at(text, len, i, &k);
        if (cp == '\n' && line_ends(text, len, start, i, mode)) {
            end = i;
            break;
        }
        if (!is_terminator(cp)) {
            i += k;
            continue;
        }
        /* a number's dot (3.5) is inside a token; the splitter sees it
         * followed by a digit, not space, and goes on */
        size_t q = i + k;
        while (q < len) {
            uint32_t c = cp_at(text, len, q, &k);
            if (!is_terminator(c) && !is_closer(c)) break;
            q += k;
        }
        if (ends_at(text, len, start, i, q, o)) {
            end = q;
            break;
        }
        i = q;
    }
    while (end > start) { /* trailing white space, ASCII or not */
        size_t b = end - 1;
        while (b > start && ((unsigned char)text[b] & 0xC0) == 0x80) b--;
        if (class_at(text, len, b, &k) != C_SPACE) break;
        end = b;
    }
    out->start = start;
    out->end = end;
    return true;
}
