/*
 * embed.c -- erg from a C program: load a graph with the core API, then
 * let untrusted Lua query it through a sandboxed engine.
 *
 *   cc embed.c $(pkg-config --cflags --libs erg) -o embed
 *   ./embed [GRAPH]          (default: $ERG_GRAPH)
 */
#include <erg.h>
#include <erg_lua.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where the scripts' print goes: here, indented. */
static void script_output(void *ud, const char *s, size_t n) {
    (void)ud;
    printf("  | %.*s", (int)n, s);
}

/* Runs one chunk and shows what came of it: its value, or the first line
 * of the error (the rest is a traceback). */
static void run(erg_lua *E, const char *code) {
    printf("> %s\n", code);
    int rc = erg_lua_run_string(E, code, "query");
    if (rc == ERG_OK) {
        if (*erg_lua_result(E)) printf("%s\n", erg_lua_result(E));
        return;
    }
    const char *msg = erg_lua_errmsg(E);
    printf("%s: %.*s\n", rc == ERG_ESANDBOX ? "refused" : "error", (int)strcspn(msg, "\n"), msg);
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : getenv("ERG_GRAPH");
    erg_graph *g = erg_graph_new();
    if (!g) return 1;
    if (erg_read(g, path, NULL, NULL) != ERG_OK) {
        fprintf(stderr, "embed: %s\n", erg_errmsg(g));
        erg_graph_free(g);
        return 1;
    }
    erg_entity ice;
    if (erg_entity_find(g, "ICE", &ice) == ERG_OK)
        printf("C sees %zu entities; ICE is '%s'\n", erg_entity_count(g), erg_entity_name(g, ice));

    /* A sandbox (the default) with a small step budget and print captured. */
    erg_lua_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.max_steps = 1000000;
    opts.write = script_output;
    erg_lua *E = erg_lua_new(g, &opts);
    if (!E) {
        erg_graph_free(g);
        return 1;
    }
    run(E, "graph:V('ice'):in_('supplies'):order('id'):values('id')");
    run(E, "for r in graph:entity('ice'):in_('oversees') do print(r.from.name) end");
    run(E, "graph:entity('ice'):set('note', print)");
    run(E, "while true do end");
    run(E, "io.open('/etc/passwd')");
    run(E, "graph:add_entity{id = 'acme', type = 'company', name = 'Acme'}.id");

    /* What scripts change is the host's graph. */
    erg_entity acme;
    if (erg_entity_by_id(g, "acme", &acme) == ERG_OK)
        printf("C sees the script's entity: '%s' (%zu entities)\n", erg_entity_name(g, acme),
               erg_entity_count(g));
    erg_lua_free(E);
    erg_graph_free(g);
    return 0;
}
