/*
 * outdir.c -- output directories (CSV graphs, Neo4j and GraphFrames file
 * sets) written whole or not at all.  The files are written into a fresh
 * directory beside the target and fsynced; then the new directory is
 * swapped in with renameat2(RENAME_EXCHANGE) when the target exists (plain
 * rename when not), so a reader sees the old set or the new one, never a
 * mix, and a crash leaves the old one intact.  A target holding anything
 * but the files this writer makes is refused rather than replaced.
 * The fresh directory is recorded in out.c's registry of temporaries (a
 * signal handler may remove it) and stale ones of dead processes are swept
 * first.
 */
#include "io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static void remove_tree(const char *dir, const char *const *names) {
    char path[8400];
    for (int i = 0; names[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    /* the writer's own temporary files, if a write died half-way */
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)))
            if (strstr(de->d_name, ".tmp-")) {
                snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
                unlink(path);
            }
        closedir(d);
    }
    rmdir(dir);
}

static int check_target(erg_graph *g, const char *dir, const char *const *names, const char *what,
                        bool *exists) {
    struct stat st;
    *exists = false;
    if (lstat(dir, &st) != 0) {
        if (errno == ENOENT) return ERG_OK;
        return erg__err(g, ERG_EIO, "%s: %s", dir, strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) return erg__err(g, ERG_EIO, "%s: exists and is not a directory", dir);
    DIR *d = opendir(dir);
    if (!d) return erg__err(g, ERG_EIO, "%s: %s", dir, strerror(errno));
    struct dirent *de;
    int rc = ERG_OK;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        bool ours = false;
        for (int i = 0; names[i]; i++) ours |= !strcmp(de->d_name, names[i]);
        if (!ours) {
            rc = erg__err(g, ERG_EIO,
                          "%s: holds '%s', which is not part of %s; refusing to replace the directory", dir,
                          de->d_name, what);
            break;
        }
    }
    closedir(d);
    *exists = true;
    return rc;
}

int erg__write_dir(erg_graph *g, const char *dir_in, const char *const *names, const char *what,
                   int (*write)(erg_graph *g, const char *tmpdir, void *ud), void *ud) {
    char dir[4096], tmp[4096 + 32];
    size_t n = dir_in ? strlen(dir_in) : 0;
    if (n == 0 || n >= sizeof dir) return erg__err(g, ERG_EINVAL, "bad output directory");
    memcpy(dir, dir_in, n + 1);
    while (n > 1 && dir[n - 1] == '/') dir[--n] = '\0';
    bool exists;
    if (check_target(g, dir, names, what, &exists)) return g->errcode;
    erg__tmp_sweep(dir, names);
    erg__tmp_name(tmp, sizeof tmp, dir, "tmp");
    if (!mkdtemp(tmp))
        return erg__err(g, ERG_EIO, "%s: cannot create a directory beside it: %s", dir, strerror(errno));
    int slot = erg__tmp_register(tmp, names);
    /* mkdtemp makes it 0700; the graph gets the usual directory mode */
    chmod(tmp, 0777 & ~erg__umask());
    int rc = write(g, tmp, ud);
    if (rc) {
        /* name the file as the user knows it, not its temporary home */
        size_t tl = strlen(tmp);
        if (!strncmp(g->errmsg, tmp, tl)) {
            char msg[sizeof g->errmsg + sizeof dir];
            snprintf(msg, sizeof msg, "%s%s", dir, g->errmsg + tl);
            erg__err(g, rc, "%.1000s", msg);
        }
    }
    if (!rc) {
        int fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
            fsync(fd);
            close(fd);
        }
        if (exists) {
            if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
                remove_tree(tmp, names); /* now the old set */
            } else if (errno == EINVAL || errno == ENOSYS) {
                /* no exchange on this file system: move the old one aside
                 * (the new set is unrecorded meanwhile: a signal between
                 * the two renames must not remove the only copy) */
                char old[4096 + 32];
                erg__tmp_unregister(slot);
                slot = -1;
                erg__tmp_name(old, sizeof old, dir, "old");
                if (!mkdtemp(old) || rmdir(old) != 0 || rename(dir, old) != 0) {
                    rc = erg__err(g, ERG_EIO, "%s: cannot replace: %s", dir, strerror(errno));
                } else if (rename(tmp, dir) != 0) {
                    rc = erg__err(g, ERG_EIO, "%s: cannot replace: %s", dir, strerror(errno));
                    rename(old, dir);
                } else {
                    remove_tree(old, names);
                }
            } else {
                rc = erg__err(g, ERG_EIO, "%s: cannot replace: %s", dir, strerror(errno));
            }
        } else if (rename(tmp, dir) != 0) {
            rc = erg__err(g, ERG_EIO, "%s: cannot create: %s", dir, strerror(errno));
        }
        if (!rc) erg__fsync_dir_of(dir);
    }
    if (rc) remove_tree(tmp, names);
    erg__tmp_unregister(slot);
    return rc;
}
