/* kyodo cli: the command line as a callable function, so tests and
 * fuzzers run it in-process. src/cli/main.c only calls it. */
#ifndef KYODO_CLI_H
#define KYODO_CLI_H

#include <stdio.h>

/* Exit codes of the kyodo command (documented in README and --help). */
enum {
    KY_EXIT_OK = 0,          /* done; every shipment assigned / no errors */
    KY_EXIT_USAGE = 2,       /* bad command line */
    KY_EXIT_INPUT = 3,       /* invalid input file; nothing written */
    KY_EXIT_UNASSIGNED = 4,  /* plan written, some shipments unassigned */
    KY_EXIT_VIOLATIONS = 5,  /* check found violations */
    KY_EXIT_IO = 6,          /* cannot read or write a file */
    KY_EXIT_INTERNAL = 7,    /* out of memory or internal error */
    KY_EXIT_INTERRUPTED = 130 /* stopped by a signal; best plan written */
};

/* Runs the kyodo command. out and err receive what the command prints.
 * cancel, when not NULL, is polled; a signal handler may set it. */
int ky_cli_main(int argc, char **argv, FILE *out, FILE *err,
                volatile int *cancel);

#endif
