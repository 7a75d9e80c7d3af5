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
    bool no_transfers;   /* --no-transfers: settings.transfers off */
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
/* Loads a scenario (KY_LOAD_* flags), printing its problems. */
int ky_cli__load_scenario(cli *c, const char *path, unsigned flags,
                          ky_scenario **out);
/* Refuses an output that exists and is not a folder. */
int ky_cli__check_output(cli *c);

/* Report files that belong together (compare, study): finishes the n
 * open files and renames them into place only when every one was
 * written (rc is how opening them went; on failure, all are discarded).
 * Returns the first failure. */
int ky_cli__publish(ky_afile **f, int n, int rc, ky_error *e);
/* Removes the named reports of an earlier run from dir, so that they
 * never sit beside the plans of a run that is interrupted. */
int ky_cli__remove_reports(cli *c, const char *dir,
                           const char *const *names, int n);

/* Worker processes (src/cli/pool.c): runs n tasks, `jobs` at a time, in
 * forked workers. work(ud, job, result) runs in a worker and fills
 * result_size bytes; they land in results[job->index]. rc_of (optional)
 * reads a task's KY_* outcome from its result: the first failure stops
 * dispatching. */
typedef struct ky_cli_job {
    int32_t index;
    double seconds; /* the task's time cap */
} ky_cli_job;

typedef struct ky_cli_pool {
    cli *c;
    const char *what;      /* the command, in messages */
    int jobs;              /* workers */
    int32_t n;             /* tasks */
    const int32_t *order;  /* dispatch order: n task indices */
    const double *seconds; /* per task */
    double limit;          /* seconds for the whole run */
    size_t result_size;
    void *results;         /* n * result_size bytes */
    bool *done;            /* per task: its result arrived */
    void (*work)(void *ud, const ky_cli_job *job, void *result);
    int (*rc_of)(void *ud, int32_t index, const void *result);
    void *ud;
    bool deadline_hit;     /* out: the limit cut plans short */
} ky_cli_pool;

/* KY_OK, KY_ECANCELED (a signal), KY_EINTERNAL (a worker died or a pipe
 * failed), KY_ENOMEM, or the first task's failure from rc_of. */
int ky_cli__pool_run(ky_cli_pool *r);

/* kyodo compare (src/cli/compare.c). */
int ky_cli__compare(cli *c);
/* kyodo study (src/cli/study.c). */
int ky_cli__study(cli *c);

#endif
