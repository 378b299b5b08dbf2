/*
 * fuzz_cli.c -- libFuzzer target for the command line: the input is split
 * at newlines (and NULs) into arguments, and the erg command's own main
 * (lua/cli.c, built into this binary with -Dmain=erg_cli_main, untouched)
 * runs on them against a small fixed graph (ERG_GRAPH).  Any crash, leak
 * or sanitizer report fails.
 *
 * Kept harmless: erg runs in a private temporary directory (the current
 * directory only during the call) that is emptied after every run, and every argument is made a relative path
 * there ('/' becomes '_', ".." becomes "__"); PATH is empty (render
 * --engine cannot start a program); Lua scripts (eval, run, shell) run in
 * the sandbox, with the fuzzer's own step and memory limits; standard input
 * is /dev/null.  Exit codes are not judged: usage errors are expected.
 */
#include "../../core/erg.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int erg_cli_main(int argc, char **argv);

#define MAXARGS 48
#define MAXARG 4096

static char workdir[256];
static int home_fd = -1; /* the fuzzer's own directory: corpus paths are relative to it */

static void write_file(const char *dir, const char *name, const char *text) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (!f) abort();
    fputs(text, f);
    fclose(f);
}

static char base[128];

static int rm_all(const char *p, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)flag;
    (void)ftw;
    remove(p);
    return 0;
}

static void cleanup(void) {
    nftw(base, rm_all, 16, FTW_DEPTH | FTW_PHYS);
}

static void setup(void) {
    char graph[256];
    snprintf(base, sizeof base, "/tmp/erg-fuzz-cli-%d", (int)getpid());
    mkdir(base, 0700);
    snprintf(graph, sizeof graph, "%s/graph", base);
    mkdir(graph, 0700);
    write_file(graph, "entities.csv",
               "id,type,name,aliases:string[],size:int,founded:date,source\n"
               "microsoft,company,Microsoft,MSFT;Microsoft Corp,220000,1975-04,s1\n"
               "ice,government_body,U.S. Immigration and Customs Enforcement,ICE,20000,2003-03-01,s1\n"
               "dhs,government_body,Department of Homeland Security,DHS,,2002,s2\n"
               "azure,product,Microsoft Azure,Azure,,2010,\n"
               "guardian,publisher,The Guardian,,,,\n");
    write_file(graph, "relationships.csv",
               "id,from,to,type,directed:bool,date:date,weight:float,source,evidence\n"
               "r1,microsoft,azure,makes,true,2010,1,s1,\"Azure is Microsoft's cloud\"\n"
               "r2,ice,azure,uses,true,2025-07,2.5,s1,contract\n"
               "r3,dhs,ice,oversees,true,,1,s2,\n"
               "r4,guardian,ice,reports_on,true,2025-07-14,0.5,s2,article\n"
               "r5,microsoft,dhs,partner,false,2024,1,,\n");
    write_file(graph, "sources.csv",
               "id,title,publisher,date:date,url\n"
               "s1,Contract notice,USASpending,2025-07,https://example.org/a\n"
               "s2,\"ICE, Azure and a day of headlines\",The Guardian,2025-07-14,https://example.org/b\n");
    setenv("ERG_GRAPH", graph, 1);
    setenv("PATH", "", 1);
    setenv("ERG_HISTORY", "/dev/null", 1);
#ifdef ERG_SRCDIR
    setenv("ERG_EXTRACT_DIR", ERG_SRCDIR "/lua/extract", 1);
#endif
    snprintf(workdir, sizeof workdir, "%s/work", base);
    mkdir(workdir, 0700);
    home_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (home_fd < 0) abort();
    atexit(cleanup);
    int in = open("/dev/null", O_RDONLY);
    if (in < 0 || dup2(in, STDIN_FILENO) < 0) abort();
    close(in);
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)flag;
    if (ftw->level > 0) remove(p);
    return 0;
}

/* A Lua command gets --sandbox and small limits right after its name;
 * the input's own --max-* options are dropped. */
static bool is_script_cmd(const char *a) {
    return !strcmp(a, "eval") || !strcmp(a, "run") || !strcmp(a, "shell");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!workdir[0]) setup();
    static char buf[MAXARGS][MAXARG];
    char *argv[MAXARGS + 8];
    int argc = 0;
    argv[argc++] = "erg";
    argv[argc++] = "-q";
    bool injected = false;
    size_t i = 0, nbuf = 0;
    while (i <= size && nbuf < MAXARGS) {
        size_t j = i;
        while (j < size && data[j] != '\n' && data[j] != '\0') j++;
        size_t n = j - i < MAXARG - 1 ? j - i : MAXARG - 1;
        char *a = buf[nbuf++];
        memcpy(a, data + i, n);
        a[n] = '\0';
        for (char *p = a; *p; p++)
            if (*p == '/') *p = '_';
        if (!strcmp(a, "..")) strcpy(a, "__");
        i = j + 1;
        if (!strncmp(a, "--max-memory", 12) || !strncmp(a, "--max-steps", 11)) continue;
        argv[argc++] = a;
        if (!injected && is_script_cmd(a)) {
            argv[argc++] = "--sandbox";
            argv[argc++] = "--max-steps=200000";
            argv[argc++] = "--max-memory=16777216";
            injected = true;
        }
    }
    argv[argc] = NULL;
    if (chdir(workdir) != 0) abort(); /* only while erg runs */
    erg_cli_main(argc, argv);
    fflush(stdout);
    if (fchdir(home_fd) != 0) abort();
    nftw(workdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}
