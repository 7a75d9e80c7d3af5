/* Test shim, loaded with LD_PRELOAD by tests/cli.sh: when KY_FAIL_FSYNC is
 * set, fsync(2) fails with EIO, as it does when a disk fills up or goes
 * away under a write. Lets the CLI tests prove that a failed write leaves
 * no output file behind. Not part of kyodo. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

int fsync(int fd)
{
    if (getenv("KY_FAIL_FSYNC")) {
        errno = EIO;
        return -1;
    }
    int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    return real(fd);
}
