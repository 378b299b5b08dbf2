/*
 * input.c -- opens a file a reader is about to read, refusing anything
 * that is not a regular file.
 *
 * Why: a reader given a FIFO would block in open() or read() for ever, and
 * one given /dev/zero (or a symlink to it) would buffer without end until
 * memory runs out, with no file name in the message.  A regular file has a
 * size that bounds what a reader may buffer.
 */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Design: O_NONBLOCK on open() so that a FIFO without a writer cannot
 * block the open itself; then fstat() on the descriptor (not stat() on the
 * name, which a symlink swap could change in between) decides; a regular
 * file gets its blocking mode back so reads behave as usual. */
int erg__open_input(const char *path, uint64_t *size, const char **why) {
    *why = NULL;
    if (size) *size = 0;
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) : -1;
    if (fd < 0) {
        *why = strerror(path ? errno : EINVAL);
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        *why = strerror(e);
        errno = e;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        *why = S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file";
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    if (size) *size = (uint64_t)st.st_size;
    return fd;
}
