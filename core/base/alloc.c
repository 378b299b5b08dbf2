/*
 * alloc.c -- the core's memory: every allocation goes through the graph's
 * allocator hook, plus the one growable array helper and string buffer.
 */
#include "base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *erg__mem(const erg_alloc *a, void *p, size_t old, size_t n) {
    if (a && a->fn) return a->fn(a->ud, p, old, n);
    (void)old;
    if (n == 0) {
        free(p);
        return NULL;
    }
    return realloc(p, n);
}

int erg__grow(const erg_alloc *a, void **arr, uint32_t *cap, size_t need,
              size_t elsz) {
    if (need <= *cap) return ERG_OK;
    if (need > UINT32_MAX - 1) return ERG_ELIMIT;
    size_t ncap = *cap ? (size_t)*cap : 8;
    while (ncap < need) ncap += ncap / 2 + 8;
    if (ncap > UINT32_MAX - 1) ncap = UINT32_MAX - 1;
    if (ncap > SIZE_MAX / elsz) return ERG_ENOMEM;
    void *p = erg__mem(a, *arr, (size_t)*cap * elsz, ncap * elsz);
    if (!p) return ERG_ENOMEM;
    *arr = p;
    *cap = (uint32_t)ncap;
    return ERG_OK;
}

void erg__buf_init(erg_buf *b, const erg_alloc *a) {
    b->p = NULL;
    b->len = b->cap = 0;
    b->a = a;
}

static int buf_reserve(erg_buf *b, size_t extra) {
    if (extra > SIZE_MAX - b->len - 1) return ERG_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return ERG_OK;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < need) ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    char *p = erg__mem(b->a, b->p, b->cap, ncap);
    if (!p) return ERG_ENOMEM;
    b->p = p;
    b->cap = ncap;
    return ERG_OK;
}

int erg__buf_add(erg_buf *b, const void *p, size_t n) {
    if (buf_reserve(b, n)) return ERG_ENOMEM;
    if (n) memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
    return ERG_OK;
}

int erg__buf_addc(erg_buf *b, char c) {
    if (b->len + 1 < b->cap) {
        b->p[b->len++] = c;
        b->p[b->len] = '\0';
        return ERG_OK;
    }
    return erg__buf_add(b, &c, 1);
}

int erg__buf_printf(erg_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return ERG_EINVAL;
    if (buf_reserve(b, (size_t)n)) return ERG_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return ERG_OK;
}

void erg__buf_free(erg_buf *b) {
    erg__mem(b->a, b->p, b->cap, 0);
    b->p = NULL;
    b->len = b->cap = 0;
}
