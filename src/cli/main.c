/* kyodo: the command-line program. Everything but signal handling lives
 * in ky_cli_main, so tests run the same code in-process. */
#include <signal.h>
#include <stdio.h>

#include <libxml/parser.h>

#include "kyodo/cli.h"

/* The only mutable global of kyodo: a signal handler can reach nothing
 * else. The library polls it through ky_ctx.cancel. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
}

int main(int argc, char **argv)
{
    struct sigaction sa;
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    xmlInitParser();
    int rc = ky_cli_main(argc, argv, stdout, stderr,
                         (volatile int *)&interrupted);
    xmlCleanupParser();
    return rc;
}
