/* kyodo cli, private: what the command modules (cli.c, compare.c) share.
 * Not installed. */
#ifndef KYODO_CLI_INT_H
#define KYODO_CLI_INT_H

#include <stdio.h>

#include "kyodo.h"

typedef struct cli {
    FILE *out, *err, *log_file;
    ky_ctx ctx;
    int verbosity; /* 0 quiet, 1 default, 2 -v, 3 -vv */
    /* options */
    const char *output, *from, *lp, *mps, *gmpl;
    int jobs;            /* compare: worker processes (0: one per core) */
    int64_t samples;     /* compare: Shapley orders when sampled */
    int shapley;         /* compare: 0 auto, 1 exact, 2 sampled */
    bool time_given;     /* --time-limit was on the command line */
    ky_solve_options solve;
    ky_objective objective;
    const char *args[64];
    int n_args;
} cli;

/* Prints "kyodo: message" and the usage hint; returns KY_EXIT_USAGE. */
int ky_cli__usage(cli *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Prints every diagnostic of e on c->err, one per line. */
void ky_cli__print_errors(cli *c, const ky_error *e);
/* The exit code of a KY_* result. */
int ky_cli__exit_of(int rc);
/* Loads a scenario, printing its problems. */
int ky_cli__load_scenario(cli *c, const char *path, ky_scenario **out);
/* Refuses an output that exists and is not a folder. */
int ky_cli__check_output(cli *c);

/* kyodo compare (src/cli/compare.c). */
int ky_cli__compare(cli *c);

#endif
