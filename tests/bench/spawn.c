/*
 * spawn.c -- runs one command of the benchmark and reports its wall time
 * and peak RSS, like /usr/bin/time -f %M but with a precise clock.
 *
 *   spawn REPORT COMMAND [ARGS...]
 *
 * Writes "wall_seconds maxrss_kb" to the file REPORT and exits with the
 * command's status (128 + N when killed by signal N).
 *
 * Why not wait4 straight from the harness: Linux carries a process's peak
 * RSS across exec, so a child forked from the Python harness would report
 * at least the harness's own RSS (about 19 MiB).  A child forked from this
 * small program starts from this program's few hundred KiB.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: spawn REPORT COMMAND [ARGS...]\n");
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("spawn: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "spawn: %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR) {
            perror("spawn: wait4");
            return 2;
        }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    fprintf(f, "%.6f %ld\n", (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9, ru.ru_maxrss);
    if (fclose(f)) return 2;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
