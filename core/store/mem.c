/*
 * mem.c -- the graph's allocator hook offered to the layers built on the
 * core (the drawing, the Lua binding), so that what they allocate for a
 * graph goes where the graph's own memory goes (erg.h promises it).
 */
#include "store.h"

void *erg_graph_realloc(erg_graph *g, void *ptr, size_t old_size, size_t new_size) {
    return erg__mem(&g->a, ptr, old_size, new_size);
}
