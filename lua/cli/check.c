/*
 * check.c -- the check command: reads a graph, prints every problem as
 * FILE:LINE:COL: reason, applies the provenance rules (--provenance, or
 * when the graph declares them), warns about files of a graph directory
 * that erg does not read, and gives hints for the common mistakes (a
 * separator other than the comma, a UTF-16 file, numbers in a string
 * column).
 */
#include "cli.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void print_problem(void *ud, const erg_diag *d) {
    size_t *n = ud;
    printf("%s\n", d->text);
    if (d->severity == ERG_ERROR) (*n)++;
}

static bool is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- files a graph directory holds that erg does not read ------------------ */
static const char *const read_files[] = {"entities.csv", "relationships.csv", "sources.csv", "graph.csv", NULL};

/* The file of read_files that name is one letter off (relationship.csv),
 * or NULL. */
static const char *near_miss(const char *name) {
    size_t n = strlen(name);
    for (int i = 0; read_files[i]; i++) {
        const char *f = read_files[i];
        size_t k = strlen(f), a = 0;
        if (n + 1 != k && k + 1 != n) continue;
        while (a < n && a < k && name[a] == f[a]) a++;
        /* one letter added or dropped at a */
        const char *longer = n > k ? name : f, *shorter = n > k ? f : name;
        if (!strcmp(longer + a + 1, shorter + a)) return f;
    }
    return NULL;
}

static void warn_unread(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        bool known = false;
        for (int i = 0; read_files[i]; i++) known = known || !strcmp(e->d_name, read_files[i]);
        if (known) continue;
        const char *near = near_miss(e->d_name);
        printf("%s/%s: warning: not read (a CSV graph is entities.csv, relationships.csv, sources.csv and "
               "graph.csv)%s%s%s\n",
               dir, e->d_name, near ? "; did you mean " : "", near ? near : "", near ? "?" : "");
    }
    closedir(d);
}

/* ---- hints for a file that failed ---------------------------------------------- */
static void hint_file(const char *dir, const char *name) {
    char path[8400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return; /* a FIFO would block */
    FILE *f = fopen(path, "rb");
    if (!f) return;
    unsigned char head[4096];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))) {
        printf("%s: hint: the file is UTF-16; save it as UTF-8 (iconv -f UTF-16 -t UTF-8)\n", path);
        return;
    }
    size_t commas = 0, semis = 0, tabs = 0;
    for (size_t i = 0; i < n && head[i] != '\n'; i++) {
        commas += head[i] == ',';
        semis += head[i] == ';';
        tabs += head[i] == '\t';
    }
    if (commas == 0 && (semis || tabs))
        printf("%s: hint: the header is separated by %s, not commas; a CSV graph uses commas (erg import "
               "reads other separators)\n",
               path, semis >= tabs ? "semicolons" : "tabs");
}

/* Numbers kept as strings: a string attribute of a kind whose every value
 * reads as a number is probably an untyped column (amount:float). */
static void hint_numbers(erg_graph *g) {
    static const erg_kind kinds[] = {ERG_KIND_ENTITY, ERG_KIND_REL};
    static const char *const file[] = {"entities.csv", "relationships.csv"};
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < erg_schema_count(g, kinds[k]); i++) {
            erg_type elem;
            if (erg_schema_type(g, kinds[k], i, &elem) != ERG_STRING) continue;
            const char *name = erg_schema_name(g, kinds[k], i);
            size_t values = 0, numbers = 0;
            erg_iter it = kinds[k] == ERG_KIND_ENTITY ? erg_entities(g, NULL) : erg_rels(g, NULL);
            erg_entity e;
            erg_rel r;
            for (;;) {
                erg_obj o;
                if (kinds[k] == ERG_KIND_ENTITY) {
                    if (!erg_entity_next(g, &it, &e)) break;
                    o = erg_obj_entity(e);
                } else {
                    if (!erg_rel_next(g, &it, &r)) break;
                    o = erg_obj_rel(r);
                }
                erg_value v;
                if (erg_attr_get_at(g, o, i, &v) != ERG_OK || v.type != ERG_STRING) continue;
                values++;
                erg_type t = erg_infer_type(v.u.s.ptr, v.u.s.len);
                numbers += t == ERG_INT || t == ERG_FLOAT;
            }
            if (values > 0 && numbers == values)
                printf("hint: %s column '%s' holds only numbers but is read as text; declare it %s:float (or "
                       ":int) to sum, weigh and compare it\n",
                       file[k], name, name);
        }
    }
}

/* ---- provenance ---------------------------------------------------------------- */
typedef struct prov {
    erg_graph *g;
    cli_lines w;       /* relationships.csv's lines, or the graph file */
} prov;

static void on_violation(void *ud, erg_rel r, const char *attr, const char *reason) {
    prov *p = ud;
    const char *id = erg_rel_id(p->g, r);
    unsigned long line = cli_lines_find(&p->w, id, r.idx);
    size_t col = cli_lines_col(&p->w, attr);
    if (line && col) printf("%s:%lu:%zu: relationship '%s' %s\n", p->w.path, line, col, id, reason);
    else if (line) printf("%s:%lu: relationship '%s' %s (no %s column)\n", p->w.path, line, id, reason, attr);
    else printf("%s: relationship '%s' %s\n", p->w.path, id, reason);
}

static size_t check_provenance(erg_graph *g, const char *path) {
    prov p;
    memset(&p, 0, sizeof p);
    p.g = g;
    cli_lines_read(&p.w, path, "relationships.csv", "id");
    size_t n = erg_provenance_check(g, on_violation, &p);
    cli_lines_free(&p.w);
    return n;
}

/* ---- the command ---------------------------------------------------------------- */
static int check_run(cli *c, int argc, char **argv) {
    bool provenance = false;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--provenance")) provenance = true;
        else if (argv[i][0] == '-' || path) {
            cli_error("check: usage: erg check [--provenance] PATH");
            return EXIT_USAGE;
        } else path = argv[i];
    }
    if (!path) {
        cli_error("check: usage: erg check [--provenance] PATH");
        return EXIT_USAGE;
    }
    erg_graph *g = erg_graph_new();
    if (!g) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    bool dir = is_dir(path);
    if (dir) warn_unread(path);
    size_t problems = 0;
    int rc = cli_read_into(c, g, path, print_problem, &problems);
    int status = cli_exit_status(rc, CLI_READ);
    if (rc == ERG_ENOMEM) {
        cli_error("%s", erg_errmsg(g));
    } else if (rc) {
        if (problems == 0) {
            printf("%s\n", erg_errmsg(g));
            problems = 1;
        }
        if (dir)
            for (int i = 0; read_files[i]; i++) hint_file(path, read_files[i]);
        /* the list is the output; the count goes with the exit status */
        fflush(stdout);
        fprintf(stderr, "erg: %s: %zu problem%s\n", path, problems, problems == 1 ? "" : "s");
    } else {
        hint_numbers(g);
        bool rules = provenance || erg_provenance_required(g);
        size_t bad = rules ? check_provenance(g, path) : 0;
        if (bad) {
            fflush(stdout);
            fprintf(stderr, "erg: %s: %zu provenance problem%s\n", path, bad, bad == 1 ? "" : "s");
            status = EXIT_USAGE;
        } else {
            printf("%s: ok (%zu entities, %zu relationships, %zu sources%s)\n", path, erg_entity_count(g),
                   erg_rel_count(g), erg_source_count(g), rules ? "; provenance rules hold" : "");
        }
    }
    erg_graph_free(g);
    return status;
}

const cli_cmd cli_cmd_check = {
    "check", "validate a graph and list every problem",
    "usage: erg check [--provenance] PATH\n"
    "\n"
    "Reads the graph at PATH and prints every problem as FILE:LINE:COL:\n"
    "reason (COL is the field number in CSV), says how many on standard error\n"
    "and exits 2; a valid graph prints a one-line summary and exits 0.  In a\n"
    "CSV graph every file is read and every field of a bad row checked; a row\n"
    "naming an entity or source whose own row failed is not reported again.\n"
    "The provenance rules run once the files read cleanly.  In a CSV graph\n"
    "directory, files erg does not read are named (\"did you mean\n"
    "relationships.csv?\"), and a failing file gets a hint when it is UTF-16\n"
    "or separated by semicolons or tabs; a string column holding only numbers\n"
    "gets a hint to declare its type.\n"
    "\n"
    "  --provenance   also apply the provenance rules: every relationship\n"
    "                 cites a source the graph holds, has evidence, and a\n"
    "                 certainty from the vocabulary the graph declares (metadata\n"
    "                 erg.certainty).  A graph whose metadata says\n"
    "                 erg.provenance = required gets them without the flag.\n"
    "                 Each violation is FILE:LINE:COL: reason; exit 2.\n"
    "\n"
    "PATH is a CSV graph directory or a graph file in any format erg reads\n"
    "(--input-format before the command names it).\n",
    check_run};
