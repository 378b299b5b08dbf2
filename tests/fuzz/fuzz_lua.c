/*
 * fuzz_lua.c -- libFuzzer target for the Lua API through sandboxed
 * scripts: the input is a script, run by erg_lua.h's sandboxed engine with
 * small memory and step limits over a small graph of its own (built afresh
 * for every input), with a private directory as out_dir.  The run may
 * succeed or fail (a script error, a sandbox violation); any crash, leak
 * or sanitizer report fails, and so does a failure without a message or a
 * violation reported as anything but ERG_ESANDBOX.
 */
#include "../../core/erg.h"
#include "../../lua/erg_lua.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char outdir[256];

static void discard(void *ud, const char *s, size_t n) {
    (void)ud;
    (void)s;
    (void)n;
}

static erg_graph *small_graph(void) {
    erg_graph *g = erg_graph_new();
    if (!g) abort();
    static const char *const ids[] = {"microsoft", "ice", "dhs", "azure", "guardian"};
    static const char *const types[] = {"company", "government_body", "government_body", "product", "publisher"};
    erg_entity e[5];
    for (int i = 0; i < 5; i++)
        if (erg_entity_add(g, ids[i], types[i], ids[i], &e[i])) abort();
    erg_entity_add_alias(g, e[1], "ICE");
    erg_value v = erg_int(220000);
    erg_attr_set(g, erg_obj_entity(e[0]), "size", &v);
    erg_value tags[2] = {erg_str("cloud"), erg_str("software")};
    v = erg_listv(ERG_STRING, tags, 2);
    erg_attr_set(g, erg_obj_entity(e[0]), "tags", &v);
    erg_date d = {2025, 7, 14};
    erg_source s;
    erg_source_add(g, "s1", &s);
    v = erg_str("A source");
    erg_attr_set(g, erg_obj_source(s), "title", &v);
    erg_rel r;
    erg_rel_add(g, NULL, e[0], e[3], "makes", true, &r);
    erg_rel_add(g, NULL, e[1], e[3], "uses", true, &r);
    v = erg_datev(d);
    erg_attr_set(g, erg_obj_rel(r), "date", &v);
    v = erg_str("s1");
    erg_attr_set(g, erg_obj_rel(r), "source", &v);
    erg_rel_add(g, NULL, e[2], e[1], "oversees", true, &r);
    erg_rel_add(g, NULL, e[4], e[1], "reports_on", false, &r);
    return g;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!outdir[0]) {
        snprintf(outdir, sizeof outdir, "/tmp/erg-fuzz-lua-%d", (int)getpid());
        mkdir(outdir, 0700);
    }
    char *code = malloc(size + 1);
    if (!code) return 0;
    memcpy(code, data, size);
    code[size] = '\0';
    erg_graph *g = small_graph();
    erg_lua_opts o;
    memset(&o, 0, sizeof o);
    o.max_memory = 8u << 20;
    o.max_steps = 200000;
    o.out_dir = outdir;
    o.write = discard;
    erg_lua *E = erg_lua_new(g, &o);
    if (E) {
        int rc = erg_lua_run_string(E, code, "fuzz");
        if (rc != 0 && !erg_lua_errmsg(E)[0]) abort(); /* a failure always says why */
        if (rc != 0 && rc != ERG_ESCRIPT && rc != ERG_ESANDBOX && rc != ERG_ENOMEM) abort();
        /* and the engine is still usable */
        if (erg_lua_run_string(E, "return graph:info().entities", "after") == 0 &&
            strtol(erg_lua_result(E), NULL, 10) < 0)
            abort();
        erg_lua_free(E);
    }
    erg_graph_free(g);
    free(code);
    return 0;
}
