/* kyodo cli: plans in forked worker processes (compare, study).
 *
 * Each worker reads jobs (a task index and its seconds) from its own pipe
 * and answers each with a fixed-size result on another. The parent
 * dispatches in the caller's order, collects, and keeps the run's time
 * limit: past it, or on SIGINT/SIGTERM, the running plans are told to
 * stop (SIGTERM: they end early with their best so far) and, past the
 * limit, the jobs left get a token time. A worker that dies is an
 * internal error. Plans write their own folders; results carry only
 * numbers, so nothing is shared between processes. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_int.h"

#define MAX_WORKERS 64

static bool write_full(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

/* 1: read all n bytes; 0: end of file before any; -1: error. */
static int read_full(int fd, void *buf, size_t n)
{
    char *p = buf;
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(fd, p + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        if (k == 0)
            return got == 0 ? 0 : -1;
        got += (size_t)k;
    }
    return 1;
}

typedef struct pool {
    pid_t pid[MAX_WORKERS];
    int to[MAX_WORKERS], from[MAX_WORKERS];
    int32_t busy[MAX_WORKERS]; /* task index, or -1 */
    int n;
} pool;

static void worker(ky_cli_pool *r, int in, int out, void *result)
{
    ky_cli_job job;
    while (read_full(in, &job, sizeof job) == 1) {
        memset(result, 0, r->result_size);
        r->work(r->ud, &job, result);
        if (!write_full(out, result, r->result_size))
            break;
    }
    fflush(r->c->out);
    fflush(r->c->err);
    _exit(0);
}

static int pool_start(ky_cli_pool *r, pool *p)
{
    p->n = 0;
    void *result = malloc(r->result_size);
    if (result == NULL)
        return KY_ENOMEM;
    fflush(r->c->out);
    fflush(r->c->err);
    if (r->c->log_file)
        fflush(r->c->log_file);
    int jobs = r->jobs < MAX_WORKERS ? r->jobs : MAX_WORKERS;
    int rc = KY_OK;
    for (int w = 0; w < jobs && w < r->n && rc == KY_OK; w++) {
        int a[2], b[2];
        if (pipe(a) != 0) {
            rc = KY_EINTERNAL;
            break;
        }
        if (pipe(b) != 0) {
            close(a[0]);
            close(a[1]);
            rc = KY_EINTERNAL;
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            close(a[0]), close(a[1]), close(b[0]), close(b[1]);
            rc = KY_EINTERNAL;
            break;
        }
        if (pid == 0) {
            for (int k = 0; k < p->n; k++) {
                close(p->to[k]);
                close(p->from[k]);
            }
            close(a[1]);
            close(b[0]);
            worker(r, a[0], b[1], result);
        }
        close(a[0]);
        close(b[1]);
        p->pid[p->n] = pid;
        p->to[p->n] = a[1];
        p->from[p->n] = b[0];
        p->busy[p->n] = -1;
        p->n++;
    }
    free(result);
    return rc;
}

static void pool_stop(pool *p, bool kill_them)
{
    for (int w = 0; w < p->n; w++) {
        if (kill_them)
            kill(p->pid[w], SIGTERM);
        close(p->to[w]);
    }
    for (int w = 0; w < p->n; w++) {
        close(p->from[w]);
        while (waitpid(p->pid[w], NULL, 0) < 0 && errno == EINTR)
            ;
    }
}

static bool pool_send(ky_cli_pool *r, pool *p, int w, int32_t index)
{
    ky_cli_job job = {index, r->seconds[index]};
    if (r->deadline_hit)
        job.seconds = 0.01;
    p->busy[w] = index;
    return write_full(p->to[w], &job, sizeof job);
}

static int collect(ky_cli_pool *r, pool *p, int w)
{
    int32_t i = p->busy[w];
    p->busy[w] = -1;
    char *at = (char *)r->results + (size_t)i * r->result_size;
    if (read_full(p->from[w], at, r->result_size) != 1)
        return KY_EINTERNAL; /* the worker died */
    r->done[i] = true;
    return r->rc_of ? r->rc_of(r->ud, i, at) : KY_OK;
}

/* Past the limit or on a signal: the running plans stop early with their
 * best so far; past the limit, the rest follow at once. */
static void stop_running(ky_cli_pool *r, pool *p, bool late)
{
    for (int w = 0; w < p->n; w++)
        if (p->busy[w] >= 0)
            kill(p->pid[w], SIGTERM);
    if (late)
        ky_log(&r->c->ctx, KY_LOG_WARN, "%s: --time-limit %g s reached; "
               "the plans left are cut short", r->what, r->limit);
}

int ky_cli__pool_run(ky_cli_pool *r)
{
    pool p;
    int rc = pool_start(r, &p);
    int32_t next = 0, finished = 0;
    bool stopping = false;
    double deadline = ky_clock_now() + r->limit;
    r->deadline_hit = false;
    for (int w = 0; rc == KY_OK && w < p.n && next < r->n; w++, next++)
        if (!pool_send(r, &p, w, r->order[next]))
            rc = KY_EINTERNAL;
    while (rc == KY_OK || stopping) {
        struct pollfd fds[MAX_WORKERS];
        int nf = 0, map[MAX_WORKERS];
        for (int w = 0; w < p.n; w++)
            if (p.busy[w] >= 0) {
                fds[nf] = (struct pollfd){p.from[w], POLLIN, 0};
                map[nf++] = w;
            }
        if (nf == 0)
            break;
        bool cancel = !stopping && ky_ctx_cancelled(&r->c->ctx);
        bool late = !r->deadline_hit && ky_clock_now() > deadline;
        if (cancel || late) {
            stopping |= cancel;
            r->deadline_hit |= late;
            stop_running(r, &p, late);
        }
        if (poll(fds, (nfds_t)nf, 200) < 0) {
            if (errno == EINTR)
                continue;
            rc = KY_EINTERNAL;
            break;
        }
        for (int k = 0; k < nf; k++) {
            if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            int w = map[k];
            int c = collect(r, &p, w);
            if (c != KY_OK && rc == KY_OK)
                rc = c;
            if (c == KY_EINTERNAL)
                stopping = true;
            finished++;
            if (r->c->verbosity > 1 && finished % 32 == 0)
                ky_log(&r->c->ctx, KY_LOG_INFO, "%s: %d of %d plans done",
                       r->what, (int)finished, (int)r->n);
            if (rc == KY_OK && !stopping && !ky_ctx_cancelled(&r->c->ctx) &&
                next < r->n) {
                if (!pool_send(r, &p, w, r->order[next]))
                    rc = KY_EINTERNAL;
                next++;
            }
        }
        if (stopping && rc == KY_OK)
            rc = KY_ECANCELED;
    }
    pool_stop(&p, rc != KY_OK && rc != KY_ECANCELED);
    if (rc == KY_OK && ky_ctx_cancelled(&r->c->ctx))
        rc = KY_ECANCELED;
    return rc;
}
