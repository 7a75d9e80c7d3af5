/* kyodo compare: the cluster's economics. Plans the joint program and
 * every coalition of companies alone (each coalition once, in worker
 * processes), then splits the joint cost: proportional rules, the Shapley
 * value, the least core and the nucleolus, each checked against the core.
 *
 * Workers are forked processes (pool.c): each plans a coalition in its
 * seconds and answers with a fixed-size outcome; the joint plan and each
 * company's plan alone are also written as plan folders. The parent only dispatches, collects and reports, and
 * writes compare.json, compare.csv and coalitions.csv together at the
 * end, so an interrupted run leaves no report at all. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "cli_int.h"

#define DEFAULT_SECONDS 300.0
#define DEFAULT_SAMPLES 200
#define EXACT_MAX 10        /* companies for exact Shapley by default */
#define JOINT_SHARE 0.25    /* of the time limit, for the joint plan */
#define MAX_LISTED 8        /* core violations listed per allocation */
#define N_ALLOC 6

/* What a worker sends back for one coalition; for the joint plan it is
 * followed by one ky_kpi per company. */
typedef struct outcome {
    uint64_t mask;
    int32_t rc, status, method, has_bound;
    double cost, gap;
    int32_t shipments, unassigned, iterations_hit, pad;
    ky_kpi total;
} outcome;

typedef struct task {
    uint64_t mask;
    double seconds;
} task;

typedef struct allocation {
    const char *name;  /* stable key in the files */
    const char *title; /* for people */
    bool present;
    double x[KY_COALITION_MAX_COMPANIES];
    double half[KY_COALITION_MAX_COMPANIES]; /* sampled Shapley: 95 % CI */
    bool has_half;
    bool all_coalitions; /* core checked against every coalition */
    bool efficient;
    int n_viol;
    ky_core_violation viol[MAX_LISTED];
} allocation;

typedef struct cmp {
    cli *c;
    const ky_scenario *s;
    const char *path, *dir;
    char sha[65];
    int n;      /* companies */
    int jobs;
    bool exact;
    int64_t samples;
    double seconds;
    uint64_t full; /* every company's bit */
    task *task;    /* sorted by mask; the joint (UINT64_MAX) last */
    outcome *res;  /* per task */
    bool *done;
    int32_t n_task;
    ky_kpi joint_company[KY_COALITION_MAX_COMPANIES];
    double *cost;  /* exact: [1 << n] */
    allocation alloc[N_ALLOC];
    double least_eps;
    bool has_least;
    double wall;
    bool deadline_hit; /* --time-limit cut plans short */
    char (*folder)[KY_ID_MAX + 32]; /* alone/<folder> per company */
    char *names;       /* scratch for "a+b+c", every id fits */
} cmp;

/* ---- coalitions ------------------------------------------------------------- */

static int popcount(uint64_t x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

static int32_t find_task(const cmp *m, uint64_t mask)
{
    int32_t lo = 0, hi = m->n_task - 1;
    while (lo <= hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (m->task[mid].mask == mask)
            return mid;
        if (m->task[mid].mask < mask)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

static int by_mask(const void *a, const void *b)
{
    uint64_t x = ((const task *)a)->mask, y = ((const task *)b)->mask;
    return x < y ? -1 : x > y;
}

/* The set of coalitions a sampled Shapley value visits: the same seed
 * draws the same orders when the costs are known. */
typedef struct recorder {
    uint64_t *mask;
    int32_t n, cap;
    const cmp *m;
} recorder;

static bool push_mask(recorder *r, uint64_t mask)
{
    if (r->n == r->cap) {
        int32_t cap = r->cap ? 2 * r->cap : 1024;
        uint64_t *p = realloc(r->mask, (size_t)cap * sizeof *p);
        if (p == NULL)
            return false;
        r->mask = p;
        r->cap = cap;
    }
    r->mask[r->n++] = mask;
    return true;
}

static bool record_mask(void *ud, uint64_t mask, double *cost)
{
    recorder *r = ud;
    *cost = 0.0;
    return mask == 0 || mask == r->m->full || push_mask(r, mask);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* A coalition's search work: shipments times iterations. */
static double work(const cmp *m, uint64_t mask)
{
    int32_t n = ky_coalition_shipments(m->s, mask);
    int64_t it = m->c->solve.iterations >= 0
                     ? m->c->solve.iterations
                     : ky_solve_default_iterations(n);
    return (double)(n + 1) * (double)(it + 1);
}

/* Every coalition to plan: all proper ones (exact) or those the sampled
 * orders visit plus every single company; and the joint plan. */
static int make_tasks(cmp *m)
{
    recorder r = {NULL, 0, 0, m};
    if (m->exact) {
        /* a lone company is also planned alone, beside the joint plan */
        r.cap = (int32_t)m->full;
        if ((r.mask = malloc((size_t)r.cap * sizeof *r.mask)) == NULL)
            return KY_ENOMEM;
        for (uint64_t s = 1; s < m->full || (s == 1 && m->n == 1); s++)
            r.mask[r.n++] = s;
    } else {
        double phi[KY_COALITION_MAX_COMPANIES];
        double half[KY_COALITION_MAX_COMPANIES];
        for (int i = 0; i < m->n; i++)
            if (!push_mask(&r, UINT64_C(1) << i))
                return free(r.mask), KY_ENOMEM;
        int rc = ky_shapley_sample(m->n, record_mask, &r, m->samples,
                                   m->c->solve.seed, phi, half, &m->c->ctx);
        if (rc != KY_OK)
            return free(r.mask), rc;
        qsort(r.mask, (size_t)r.n, sizeof *r.mask, cmp_u64);
        int32_t k = 0;
        for (int32_t i = 0; i < r.n; i++)
            if (k == 0 || r.mask[i] != r.mask[k - 1])
                r.mask[k++] = r.mask[i];
        r.n = k;
    }
    m->n_task = r.n + 1;
    m->task = calloc((size_t)m->n_task, sizeof *m->task);
    m->res = calloc((size_t)m->n_task, sizeof *m->res);
    m->done = calloc((size_t)m->n_task, sizeof *m->done);
    if (!m->task || !m->res || !m->done)
        return free(r.mask), KY_ENOMEM;
    double total = 0.0;
    for (int32_t i = 0; i < r.n; i++) {
        m->task[i].mask = r.mask[i];
        total += work(m, r.mask[i]);
    }
    free(r.mask);
    (void)total;
    /* Caps, by work, that do not depend on --jobs: the joint plan may
     * take a quarter of the limit, a coalition as much in proportion.
     * The iteration budgets end the runs well before; the limit on the
     * whole run is kept by the dispatcher. */
    double full = work(m, KY_COALITION_JOINT);
    for (int32_t i = 0; i < r.n; i++)
        m->task[i].seconds =
            fmax(0.5, JOINT_SHARE * m->seconds * work(m, m->task[i].mask) /
                          full);
    m->task[r.n] = (task){KY_COALITION_JOINT, JOINT_SHARE * m->seconds};
    qsort(m->task, (size_t)m->n_task, sizeof *m->task, by_mask);
    return KY_OK;
}

/* ---- worker ----------------------------------------------------------------- */

/* Folder names under alone/: the id when it is a plain file name,
 * else company-<n>; made unique (ignoring case) by adding -<n>. */
static int name_folders(cmp *m)
{
    m->folder = calloc((size_t)m->n, sizeof *m->folder);
    if (m->folder == NULL)
        return KY_ENOMEM;
    for (int i = 0; i < m->n; i++) {
        const char *id = m->s->companies[i].id;
        char *f = m->folder[i];
        size_t size = sizeof *m->folder;
        if (strchr(id, '/') || id[0] == '.')
            snprintf(f, size, "company-%d", i + 1);
        else
            snprintf(f, size, "%s", id);
        for (int j = 0; j < i; j++)
            if (strcasecmp(f, m->folder[j]) == 0) {
                size_t len = strlen(f);
                snprintf(f + len, size - len, "-%d", i + 1);
                j = -1; /* check the new name against all again */
            }
    }
    return KY_OK;
}

/* Writes the joint plan, or a company's plan alone with the scenario it
 * was planned on (so kyodo check can verify it). */
static int write_run(cmp *m, const ky_coalition_run *run, ky_error *e)
{
    char dir[4096], file[4200];
    ky_write_meta meta = {m->path, m->sha};
    if (run->members == KY_COALITION_JOINT) {
        snprintf(dir, sizeof dir, "%s/joint", m->dir);
        return ky_write_plan(run->plan, dir, &meta, &m->c->ctx, e);
    }
    int i = 0;
    while (!(run->members >> i & 1))
        i++;
    snprintf(dir, sizeof dir, "%s/alone/%s", m->dir, m->folder[i]);
    snprintf(file, sizeof file, "%s/scenario.xml", dir);
    if (unlink(file) != 0 && errno != ENOENT) /* never a stale one */
        return ky_error_add(e, KY_EIO, file, 0, "cannot remove: %s",
                            strerror(errno));
    int rc = ky_write_plan(run->plan, dir, &meta, &m->c->ctx, e);
    /* The scenario is written only when it is one kyodo can read back:
     * a company alone may lack a vehicle for some of its shipments. */
    ky_error why;
    ky_error_init(&why);
    if (rc == KY_OK && run->scen->n_vehicles > 0 &&
        ky_scenario_validate(run->scen, &why) == KY_OK)
        rc = ky_scenario_save(run->scen, file, &m->c->ctx, e);
    else if (rc == KY_OK && run->scen->n_vehicles > 0)
        fprintf(m->c->err, "kyodo: warning: company '%s' alone cannot "
                           "serve every shipment (%s); %s not written\n",
                m->s->companies[i].id, why.items[0].msg, file);
    return rc;
}

static void run_task(cmp *m, const task *t, outcome *o, ky_kpi *company)
{
    ky_solve_options so = m->c->solve;
    so.time_limit_s = t->seconds;
    /* The search alone, without set partitioning or the bound: their
     * MIPs and pricing stop on the clock, the search on its iteration
     * budget, so every coalition's cost, and the report, is the same on
     * every run. */
    so.disable |= KY_SOLVE_NO_SETPART | KY_SOLVE_NO_BOUND;
    so.replayable = true;
    if (so.method == KY_METHOD_AUTO)
        so.method = KY_METHOD_HEURISTIC; /* the exact method is timed */
    ky_coalition_run *run = NULL;
    ky_error e;
    ky_error_init(&e);
    memset(o, 0, sizeof *o);
    o->mask = t->mask;
    o->rc = ky_coalition_plan(&run, m->s, t->mask, &so, &m->c->ctx, &e);
    if (o->rc == KY_OK && (t->mask == KY_COALITION_JOINT ||
                           popcount(t->mask) == 1))
        o->rc = write_run(m, run, &e);
    ky_cli__print_errors(m->c, &e);
    fflush(m->c->err);
    if (o->rc != KY_OK) {
        ky_coalition_run_free(run);
        return;
    }
    const ky_plan *plan = run->plan;
    o->status = plan->status;
    o->method = plan->method;
    o->has_bound = plan->has_bound;
    o->gap = plan->gap;
    o->cost = plan->total.cost;
    o->shipments = run->scen->n_shipments;
    o->unassigned = plan->n_unassigned;
    ky_plan_kpi(plan, KY_KPI_ALL, &o->total);
    for (int i = 0; i < m->n; i++)
        ky_plan_kpi(plan, i, &company[i]);
    ky_coalition_run_free(run);
}

/* A worker's result: the outcome, then one ky_kpi per company. */
static void work_task(void *ud, const ky_cli_job *job, void *result)
{
    cmp *m = ud;
    task t = m->task[job->index];
    t.seconds = job->seconds;
    outcome *o = result;
    run_task(m, &t, o, (ky_kpi *)(o + 1));
}

static int task_rc(void *ud, int32_t index, const void *result)
{
    (void)ud, (void)index;
    return ((const outcome *)result)->rc;
}

/* Biggest coalitions first, the joint plan before all: the longest runs
 * start early, the short ones fill the gaps. */
static int32_t *dispatch_order(const cmp *m)
{
    int32_t *order = malloc((size_t)m->n_task * sizeof *order);
    if (order == NULL)
        return NULL;
    int32_t k = 0;
    order[k++] = m->n_task - 1;
    for (int size = m->n; size >= 1; size--)
        for (int32_t i = 0; i < m->n_task - 1; i++)
            if (popcount(m->task[i].mask) == size)
                order[k++] = i;
    return order;
}

static int run_all(cmp *m)
{
    size_t size = sizeof(outcome) + (size_t)m->n * sizeof(ky_kpi);
    int32_t *order = dispatch_order(m);
    double *seconds = malloc((size_t)m->n_task * sizeof *seconds);
    char *rec = calloc((size_t)m->n_task, size);
    int rc = order && seconds && rec ? KY_OK : KY_ENOMEM;
    for (int32_t i = 0; rc == KY_OK && i < m->n_task; i++)
        seconds[i] = m->task[i].seconds;
    ky_cli_pool r = {.c = m->c, .what = "compare", .jobs = m->jobs,
                     .n = m->n_task, .order = order, .seconds = seconds,
                     .limit = m->seconds, .result_size = size,
                     .results = rec, .done = m->done, .work = work_task,
                     .rc_of = task_rc, .ud = m};
    if (rc == KY_OK)
        rc = ky_cli__pool_run(&r);
    m->deadline_hit = r.deadline_hit;
    for (int32_t i = 0; rec && i < m->n_task; i++) {
        if (!m->done[i])
            continue;
        const outcome *o = (const outcome *)(rec + (size_t)i * size);
        m->res[i] = *o;
        if (m->task[i].mask == KY_COALITION_JOINT)
            memcpy(m->joint_company, o + 1, sizeof(ky_kpi) * (size_t)m->n);
    }
    free(rec);
    free(seconds);
    free(order);
    return rc;
}

/* ---- the game and its allocations ------------------------------------------- */

static double coalition_cost(const cmp *m, uint64_t mask)
{
    if (mask == 0)
        return 0.0;
    int32_t i = find_task(m, mask == m->full ? KY_COALITION_JOINT : mask);
    return i >= 0 ? m->res[i].cost : NAN;
}

static bool cost_of(void *ud, uint64_t mask, double *cost)
{
    *cost = coalition_cost(ud, mask);
    return !isnan(*cost);
}

static const outcome *alone(const cmp *m, int i)
{
    return &m->res[find_task(m, UINT64_C(1) << i)];
}

static double joint_cost(const cmp *m)
{
    return m->res[m->n_task - 1].cost;
}

/* x proportional to weights w (equal shares when they are all 0). */
static void proportional(const cmp *m, const double *w, double *x)
{
    double sum = 0.0;
    for (int i = 0; i < m->n; i++)
        sum += w[i];
    for (int i = 0; i < m->n; i++)
        x[i] = joint_cost(m) * (sum > 0 ? w[i] / sum : 1.0 / m->n);
}

/* Individual rationality only, when not every coalition was planned. */
static void check_alone_only(const cmp *m, allocation *a, double tol)
{
    double sum = 0.0;
    a->n_viol = 0;
    for (int i = 0; i < m->n; i++) {
        sum += a->x[i];
        double excess = a->x[i] - alone(m, i)->cost;
        if (excess > tol) {
            if (a->n_viol < MAX_LISTED)
                a->viol[a->n_viol] = (ky_core_violation){UINT64_C(1) << i,
                                                         excess};
            a->n_viol++;
        }
    }
    a->efficient = fabs(sum - joint_cost(m)) <= tol;
}

static void check_core(const cmp *m, allocation *a)
{
    double tol = 1e-6 * fmax(1.0, fabs(joint_cost(m)));
    a->all_coalitions = m->exact;
    if (!m->exact) {
        check_alone_only(m, a, tol);
        return;
    }
    ky_game g = {m->n, m->cost};
    ky_core_check(&g, a->x, tol, a->viol, MAX_LISTED, &a->n_viol,
                  &a->efficient);
}

static allocation *add_alloc(cmp *m, const char *name, const char *title)
{
    for (int k = 0; k < N_ALLOC; k++)
        if (!m->alloc[k].present) {
            m->alloc[k] = (allocation){.name = name, .title = title,
                                       .present = true};
            return &m->alloc[k];
        }
    return NULL;
}

static int allocate(cmp *m)
{
    double w[KY_COALITION_MAX_COMPANIES];
    int rc = KY_OK;
    if (m->exact) {
        m->cost = calloc((size_t)1 << m->n, sizeof *m->cost);
        if (m->cost == NULL)
            return KY_ENOMEM;
        for (uint64_t s = 1; s <= m->full; s++)
            m->cost[s] = coalition_cost(m, s);
    }
    allocation *a = add_alloc(m, "shapley", "Shapley value");
    if (m->exact) {
        ky_game g = {m->n, m->cost};
        rc = ky_shapley_exact(&g, a->x);
    } else {
        a->has_half = true;
        rc = ky_shapley_sample(m->n, cost_of, m, m->samples,
                               m->c->solve.seed, a->x, a->half, &m->c->ctx);
    }
    for (int i = 0; i < m->n; i++)
        w[i] = alone(m, i)->cost;
    proportional(m, w, add_alloc(m, "solo-cost",
                                 "proportional to cost alone")->x);
    const ky_scenario *s = m->s;
    for (int i = 0; i < m->n; i++)
        w[i] = 0.0;
    for (int32_t k = 0; k < s->n_shipments; k++)
        w[s->shipments[k].company] +=
            s->n_dims > 0 ? (double)s->shipments[k].amount[0] : 1.0;
    proportional(m, w, add_alloc(m, "volume",
                                 "proportional to volume shipped")->x);
    for (int i = 0; i < m->n; i++)
        w[i] = alone(m, i)->total.vehicle_km;
    proportional(m, w, add_alloc(m, "distance",
                                 "proportional to km driven alone")->x);
    if (rc == KY_OK && m->exact && m->n >= 2) {
        ky_game g = {m->n, m->cost};
        allocation *lc = add_alloc(m, "least-core", "least core");
        rc = ky_least_core(&g, lc->x, &m->least_eps, &m->c->ctx);
        m->has_least = rc == KY_OK;
        if (rc == KY_OK)
            rc = ky_nucleolus(&g, add_alloc(m, "nucleolus", "nucleolus")->x,
                              &m->c->ctx);
    }
    for (int k = 0; rc == KY_OK && k < N_ALLOC; k++)
        if (m->alloc[k].present)
            check_core(m, &m->alloc[k]);
    return rc;
}

/* ---- reports ------------------------------------------------------------------ */

static const char *num(double x, int decimals, char *buf)
{
    return ky_fmt_num(x, decimals, buf, 64);
}

/* part in % of whole; NaN when whole is 0 (written null, "" or "-"). */
static double pct(double part, double whole)
{
    return whole != 0.0 ? 100.0 * part / whole : NAN;
}

static const char *pct_text(double x, int decimals, const char *none,
                            char *buf)
{
    return isnan(x) ? none : num(x, decimals, buf);
}

static void sum_alone(const cmp *m, ky_kpi *t)
{
    memset(t, 0, sizeof *t);
    double fill = 0.0;
    for (int i = 0; i < m->n; i++) {
        const ky_kpi *k = &alone(m, i)->total;
        t->cost += k->cost;
        t->route_cost += k->route_cost;
        t->penalty += k->penalty;
        t->vehicle_km += k->vehicle_km;
        t->drive_hours += k->drive_hours;
        t->work_hours += k->work_hours;
        t->co2_kg += k->co2_kg;
        t->vehicles += k->vehicles;
        t->trips += k->trips;
        t->served += k->served;
        t->unassigned += k->unassigned;
        fill += k->load_factor * k->vehicle_km;
    }
    t->load_factor = t->vehicle_km > 0 ? fill / t->vehicle_km : 0.0;
}

/* "a+b+c", in m->names (room for every id). */
static const char *members_text(const cmp *m, uint64_t mask)
{
    char *p = m->names;
    *p = '\0';
    for (int i = 0; i < m->n; i++)
        if (mask >> i & 1)
            p += sprintf(p, "%s%s", p == m->names ? "" : "+",
                         m->s->companies[i].id);
    return m->names;
}

static int32_t count_heuristic(const cmp *m, int32_t *optimal,
                               double *worst_gap, int32_t *with_bound,
                               int32_t *cut)
{
    int32_t heur = 0;
    *optimal = *with_bound = *cut = 0;
    *worst_gap = 0.0;
    for (int32_t i = 0; i < m->n_task; i++) {
        const outcome *o = &m->res[i];
        if (o->status == KY_STATUS_OPTIMAL)
            (*optimal)++;
        else
            heur++;
        *cut += o->status == KY_STATUS_TIME_LIMIT;
        if (o->has_bound) {
            (*with_bound)++;
            *worst_gap = fmax(*worst_gap, o->gap);
        }
    }
    return heur;
}

static void json_alloc(ky_afile *f, const cmp *m, const allocation *a,
                       bool comma)
{
    char b[64];
    ky_afile_printf(f, "    {\"method\": \"%s\", \"title\": \"%s\", "
                       "\"shares\": {", a->name, a->title);
    for (int i = 0; i < m->n; i++) {
        ky_afile_puts_json(f, m->s->companies[i].id);
        ky_afile_printf(f, ": %s%s", num(a->x[i], 4, b),
                        i + 1 < m->n ? ", " : "}");
    }
    if (a->has_half) {
        ky_afile_printf(f, ", \"samples\": %lld, \"ci95_half_width\": {",
                        (long long)m->samples);
        for (int i = 0; i < m->n; i++) {
            ky_afile_puts_json(f, m->s->companies[i].id);
            ky_afile_printf(f, ": %s%s", num(a->half[i], 4, b),
                            i + 1 < m->n ? ", " : "}");
        }
    }
    ky_afile_printf(f, ",\n     \"core\": {\"checked\": \"%s\", "
                       "\"efficient\": %s, \"in_core\": %s, "
                       "\"violations\": %d, \"listed\": [",
                    a->all_coalitions ? "every coalition"
                                      : "each company alone",
                    a->efficient ? "true" : "false",
                    a->n_viol == 0 && a->efficient ? "true" : "false",
                    a->n_viol);
    int listed = a->n_viol < MAX_LISTED ? a->n_viol : MAX_LISTED;
    for (int k = 0; k < listed; k++) {
        ky_afile_puts(f, "{\"coalition\": [");
        for (int i = 0, first = 1; i < m->n; i++)
            if (a->viol[k].mask >> i & 1) {
                ky_afile_puts(f, first ? "" : ", ");
                ky_afile_puts_json(f, m->s->companies[i].id);
                first = 0;
            }
        ky_afile_puts(f, "]");
        ky_afile_printf(f, ", \"pays_more_than_alone_by\": %s}%s",
                        num(a->viol[k].excess, 4, b),
                        k + 1 < listed ? ", " : "");
    }
    ky_afile_printf(f, "]}}%s\n", comma ? "," : "");
}

/* What joining saves: cost (a company's against its Shapley share),
 * vehicle-km and CO2 (a company's against its share of the routes). */
typedef struct saving {
    double cost, cost_pct, km, km_pct, co2, co2_pct;
} saving;

static saving saving_of(const ky_kpi *alone, double joint_cost,
                        const ky_kpi *joint)
{
    saving v;
    v.cost = alone->cost - joint_cost;
    v.cost_pct = pct(v.cost, alone->cost);
    v.km = alone->vehicle_km - joint->vehicle_km;
    v.km_pct = pct(v.km, alone->vehicle_km);
    v.co2 = alone->co2_kg - joint->co2_kg;
    v.co2_pct = pct(v.co2, alone->co2_kg);
    return v;
}

static void json_saving(ky_afile *f, const saving *v)
{
    ky_afile_puts(f, "\"savings\": {");
    ky_write_json_num(f, "cost", v->cost, true);
    char b[64];
    ky_afile_printf(f, "\"cost_pct\": %s, ",
                    pct_text(v->cost_pct, 2, "null", b));
    ky_write_json_num(f, "vehicle_km", v->km, true);
    ky_afile_printf(f, "\"vehicle_km_pct\": %s, ",
                    pct_text(v->km_pct, 2, "null", b));
    ky_write_json_num(f, "co2_kg", v->co2, true);
    ky_afile_printf(f, "\"co2_pct\": %s",
                    pct_text(v->co2_pct, 2, "null", b));
}

static void csv_saving(ky_afile *f, const saving *v)
{
    char b[64];
    double x[6] = {v->cost, v->cost_pct, v->km, v->km_pct, v->co2,
                   v->co2_pct};
    for (int k = 0; k < 6; k++)
        ky_afile_printf(f, ",%s", k % 2 ? pct_text(x[k], 2, "", b)
                                        : num(x[k], 3, b));
}

static void json_side(ky_afile *f, const char *key, const ky_kpi *k,
                      bool comma)
{
    ky_afile_printf(f, "\"%s\": ", key);
    ky_write_json_kpi(f, k);
    if (comma)
        ky_afile_puts(f, ", ");
}

static void write_compare_json(ky_afile *f, const cmp *m)
{
    const ky_scenario *s = m->s;
    const outcome *j = &m->res[m->n_task - 1];
    ky_kpi sum;
    char b[64];
    sum_alone(m, &sum);
    int32_t optimal, with_bound, cut;
    double worst;
    int32_t heur = count_heuristic(m, &optimal, &worst, &with_bound, &cut);
    ky_afile_printf(f, "{\n  \"kyodo_version\": \"%s\",\n  \"input\": "
                       "{\"file\": ", KY_VERSION);
    ky_afile_puts_json(f, m->path);
    ky_afile_puts(f, ", \"sha256\": ");
    ky_afile_puts_json(f, m->sha);
    ky_afile_puts(f, ", \"scenario\": ");
    ky_afile_puts_json(f, s->name ? s->name : "");
    ky_afile_printf(f, ", \"companies\": %d, \"shipments\": %d},\n",
                    m->n, (int)s->n_shipments);
    ky_afile_printf(f, "  \"seed\": %llu,\n  \"shapley\": \"%s\",\n",
                    (unsigned long long)m->c->solve.seed,
                    m->exact ? "exact" : "sampled");
    ky_afile_printf(f, "  \"plans\": {\"coalitions\": %d, \"optimal\": %d, "
                       "\"heuristic\": %d, \"stopped_by_time\": %d, "
                       "\"with_bound\": %d, \"worst_gap\": %s, \"note\": ",
                    (int)m->n_task, (int)optimal, (int)heur, (int)cut,
                    (int)with_bound, num(worst, 6, b));
    ky_afile_puts_json(f, cut ? "some plans were stopped by their time "
                                "caps: costs depend on the machine's speed; "
                                "a larger --time-limit makes the report "
                                "replayable"
                       : heur ? "coalition costs from heuristic plans are "
                                 "upper bounds without proof of optimality"
                               : "every coalition plan is proven optimal");
    ky_afile_puts(f, "},\n  \"joint\": {");
    ky_afile_printf(f, "\"method\": \"%s\", \"status\": \"%s\", \"gap\": %s, ",
                    ky_method_name(j->method),
                    ky_status_name((ky_status)j->status),
                    j->has_bound ? num(j->gap, 6, b) : "null");
    json_side(f, "kpi", &j->total, false);
    ky_afile_puts(f, "},\n  \"alone\": {");
    json_side(f, "kpi", &sum, false);
    ky_afile_puts(f, "},\n  ");
    saving v = saving_of(&sum, j->total.cost, &j->total);
    json_saving(f, &v);
    ky_afile_printf(f, ", \"vehicles_on_road\": %d},\n",
                    (int)(sum.vehicles - j->total.vehicles));
    ky_afile_puts(f, "  \"companies\": [\n");
    for (int i = 0; i < m->n; i++) {
        const outcome *o = alone(m, i);
        ky_afile_puts(f, "    {\"id\": ");
        ky_afile_puts_json(f, s->companies[i].id);
        ky_afile_puts(f, ", \"name\": ");
        ky_afile_puts_json(f, s->companies[i].name ? s->companies[i].name
                                                   : s->companies[i].id);
        ky_afile_puts(f, ", \"folder\": ");
        ky_afile_puts_json(f, m->folder[i]);
        ky_afile_printf(f, ", \"shipments\": %d,\n     \"alone\": {"
                           "\"method\": \"%s\", \"status\": \"%s\", ",
                        (int)o->shipments,
                        ky_method_name(o->method),
                        ky_status_name((ky_status)o->status));
        json_side(f, "kpi", &o->total, false);
        ky_afile_puts(f, "},\n     \"joint\": {");
        json_side(f, "kpi", &m->joint_company[i], false);
        ky_afile_puts(f, "},\n     \"shares\": {");
        for (int k = 0; k < N_ALLOC && m->alloc[k].present; k++)
            ky_afile_printf(f, "%s\"%s\": %s", k ? ", " : "",
                            m->alloc[k].name, num(m->alloc[k].x[i], 4, b));
        ky_afile_puts(f, "},\n     ");
        v = saving_of(&o->total, m->alloc[0].x[i], &m->joint_company[i]);
        json_saving(f, &v);
        ky_afile_printf(f, "}}%s\n", i + 1 < m->n ? "," : "");
    }
    ky_afile_puts(f, "  ],\n  \"allocations\": [\n");
    int n_alloc = 0;
    while (n_alloc < N_ALLOC && m->alloc[n_alloc].present)
        n_alloc++;
    for (int k = 0; k < n_alloc; k++)
        json_alloc(f, m, &m->alloc[k], k + 1 < n_alloc);
    ky_afile_puts(f, "  ],\n  \"least_core_epsilon\": ");
    ky_afile_puts(f, m->has_least ? num(m->least_eps, 4, b) : "null");
    ky_afile_puts(f, "\n}\n");
}

static void csv_kpi(ky_afile *f, const ky_kpi *k)
{
    char b[64];
    ky_afile_printf(f, ",%s", num(k->cost, 2, b));
    ky_afile_printf(f, ",%s", num(k->vehicle_km, 3, b));
    ky_afile_printf(f, ",%d,%d", (int)k->vehicles, (int)k->trips);
    ky_afile_printf(f, ",%s", num(k->drive_hours, 3, b));
    ky_afile_printf(f, ",%s", num(k->co2_kg, 3, b));
    ky_afile_printf(f, ",%s", num(k->load_factor, 4, b));
    ky_afile_printf(f, ",%d", (int)k->unassigned);
}

static void write_compare_csv(ky_afile *f, const cmp *m)
{
    static const char *kpi_cols = "cost,vehicle_km,vehicles,trips,"
                                  "driving_hours,co2_kg,load_factor,"
                                  "unassigned";
    char b[64];
    ky_afile_puts(f, "company,name,shipments");
    for (int side = 0; side < 2; side++) {
        char cols[256];
        snprintf(cols, sizeof cols, "%s", kpi_cols);
        for (char *p = strtok(cols, ","); p; p = strtok(NULL, ","))
            ky_afile_printf(f, ",%s_%s", side ? "joint" : "alone", p);
    }
    for (int k = 0; k < N_ALLOC && m->alloc[k].present; k++)
        ky_afile_printf(f, ",share_%s", m->alloc[k].name);
    ky_afile_puts(f, ",saved_cost,saved_cost_pct,saved_vehicle_km,"
                     "saved_vehicle_km_pct,saved_co2_kg,saved_co2_pct\n");
    for (int i = 0; i < m->n; i++) {
        const outcome *o = alone(m, i);
        const ky_company *c = &m->s->companies[i];
        ky_afile_puts_csv(f, c->id);
        ky_afile_puts(f, ",");
        ky_afile_puts_csv(f, c->name ? c->name : c->id);
        ky_afile_printf(f, ",%d", (int)o->shipments);
        csv_kpi(f, &o->total);
        csv_kpi(f, &m->joint_company[i]);
        for (int k = 0; k < N_ALLOC && m->alloc[k].present; k++)
            ky_afile_printf(f, ",%s", num(m->alloc[k].x[i], 2, b));
        saving v = saving_of(&o->total, m->alloc[0].x[i],
                             &m->joint_company[i]);
        csv_saving(f, &v);
        ky_afile_puts(f, "\n");
    }
    ky_kpi sum;
    sum_alone(m, &sum);
    const outcome *j = &m->res[m->n_task - 1];
    /* no company has an empty id */
    ky_afile_printf(f, ",all companies,%d", (int)m->s->n_shipments);
    csv_kpi(f, &sum);
    csv_kpi(f, &j->total);
    for (int k = 0; k < N_ALLOC && m->alloc[k].present; k++)
        ky_afile_printf(f, ",%s", num(joint_cost(m), 2, b));
    saving v = saving_of(&sum, j->total.cost, &j->total);
    csv_saving(f, &v);
    ky_afile_puts(f, "\n");
}

static void write_coalitions_csv(ky_afile *f, const cmp *m)
{
    char b[64];
    ky_afile_puts(f, "coalition,companies,shipments,cost,vehicle_km,"
                     "vehicles,unassigned,method,status,gap\n");
    for (int32_t i = 0; i < m->n_task; i++) {
        const outcome *o = &m->res[i];
        bool joint = o->mask == KY_COALITION_JOINT;
        /* "JOINT" cannot be a coalition: it has no '+', is no id here */
        ky_afile_puts_csv(f, joint ? "(joint)" : members_text(m, o->mask));
        ky_afile_printf(f, ",%d,%d,%s", joint ? m->n : popcount(o->mask),
                        (int)o->shipments, num(o->cost, 2, b));
        ky_afile_printf(f, ",%s,%d,%d,%s,%s,", num(o->total.vehicle_km, 3, b),
                        (int)o->total.vehicles, (int)o->unassigned,
                        ky_method_name(o->method),
                        ky_status_name((ky_status)o->status));
        if (o->has_bound)
            ky_afile_puts(f, num(o->gap, 6, b));
        ky_afile_puts(f, "\n");
    }
}

static const char *const reports[3] = {"compare.json", "compare.csv",
                                       "coalitions.csv"};

static int write_reports(const cmp *m, ky_error *e)
{
    ky_afile *f[3] = {NULL, NULL, NULL};
    char path[4200];
    int rc = KY_OK;
    for (int k = 0; k < 3 && rc == KY_OK; k++) {
        snprintf(path, sizeof path, "%s/%s", m->dir, reports[k]);
        rc = ky_afile_open(&f[k], path, &m->c->ctx, e);
    }
    if (rc == KY_OK) {
        write_compare_json(f[0], m);
        write_compare_csv(f[1], m);
        write_coalitions_csv(f[2], m);
    }
    return ky_cli__publish(f, 3, rc, e);
}

/* ---- what it prints ------------------------------------------------------------- */

static void print_kpi_line(FILE *out, const char *label, const ky_kpi *k)
{
    char a[64], b[64], c[64], d[64];
    fprintf(out, "%-8s cost %12s   km %8s   vehicles %3d   CO2 %8s kg   "
                 "load factor %s\n",
            label, num(k->cost, 0, a), num(k->vehicle_km, 1, b),
            (int)k->vehicles, num(k->co2_kg, 1, c), num(k->load_factor, 2, d));
}

static void print_report(const cmp *m)
{
    FILE *out = m->c->out;
    const ky_scenario *s = m->s;
    const outcome *j = &m->res[m->n_task - 1];
    ky_kpi sum;
    char a[64], b[64], c[64], d[64], mem[2048];
    sum_alone(m, &sum);
    fprintf(out, "kyodo %s compare: %s%s%s%s: %d companies, %d shipments\n",
            KY_VERSION, s->name ? s->name : "scenario", s->date ? " (" : "",
            s->date ? s->date : "", s->date ? ")" : "", m->n,
            (int)s->n_shipments);
    fprintf(out, "planned the joint cluster and %d coalitions with %d "
                 "workers in %.1f s (seed %llu, %s Shapley)\n",
            (int)m->n_task - 1, m->jobs, m->wall,
            (unsigned long long)m->c->solve.seed,
            m->exact ? "exact" : "sampled");
    print_kpi_line(out, "joint", &j->total);
    print_kpi_line(out, "alone", &sum);
    fprintf(out, "saved    cost %12s (%s %%)   km %s (%s %%)   vehicles %d   "
                 "CO2 %s kg\n",
            num(sum.cost - j->total.cost, 0, a),
            pct_text(pct(sum.cost - j->total.cost, sum.cost), 1, "-", b),
            num(sum.vehicle_km - j->total.vehicle_km, 1, c),
            pct_text(pct(sum.vehicle_km - j->total.vehicle_km,
                         sum.vehicle_km), 1, "-", d),
            (int)(sum.vehicles - j->total.vehicles),
            num(sum.co2_kg - j->total.co2_kg, 1, mem));
    fprintf(out, "\n%-14s %12s", "company", "alone");
    for (int k = 0; k < N_ALLOC && m->alloc[k].present; k++)
        fprintf(out, " %12s", m->alloc[k].name);
    fprintf(out, " %10s\n", "saved %");
    for (int i = 0; i < m->n; i++) {
        const outcome *o = alone(m, i);
        fprintf(out, "%-14.14s %12s", s->companies[i].id, num(o->cost, 0, a));
        for (int k = 0; k < N_ALLOC && m->alloc[k].present; k++)
            fprintf(out, " %12s", num(m->alloc[k].x[i], 0, a));
        fprintf(out, " %10s", pct_text(pct(o->cost - m->alloc[0].x[i],
                                           o->cost), 1, "-", a));
        if (m->alloc[0].has_half)
            fprintf(out, "   (Shapley +/- %s)", num(m->alloc[0].half[i], 0,
                                                     b));
        if (o->unassigned)
            fprintf(out, "   %d unassigned alone", (int)o->unassigned);
        fputc('\n', out);
    }
    fprintf(out, "%-14s %12s", "total", num(sum.cost, 0, a));
    for (int k = 0; k < N_ALLOC && m->alloc[k].present; k++)
        fprintf(out, " %12s", num(joint_cost(m), 0, a));
    fprintf(out, "\n\ncore check (%s):\n",
            m->exact ? "against every coalition"
                     : "each company alone only; too many coalitions for "
                       "the rest");
    for (int k = 0; k < N_ALLOC && m->alloc[k].present; k++) {
        const allocation *al = &m->alloc[k];
        fprintf(out, "  %-11s %s", al->name,
                !al->efficient ? "NOT efficient: shares do not sum to the "
                                 "joint cost; "
                               : "");
        if (al->n_viol == 0) {
            fprintf(out, "in the core: no company or group pays more than "
                         "alone\n");
            continue;
        }
        fprintf(out, "violated by %d coalition%s; worst: %s pays %s more "
                     "than alone\n",
                al->n_viol, al->n_viol > 1 ? "s" : "",
                members_text(m, al->viol[0].mask),
                num(al->viol[0].excess, 0, a));
    }
    if (m->has_least)
        fprintf(out, "least core: largest excess %s (%s)\n",
                num(m->least_eps, 0, a),
                m->least_eps <= 1e-6 * fmax(1.0, fabs(joint_cost(m)))
                    ? "the core is not empty"
                    : "the core is empty: every split leaves some group "
                      "better off alone");
    int32_t optimal, with_bound, cut;
    double worst;
    int32_t heur = count_heuristic(m, &optimal, &worst, &with_bound, &cut);
    fprintf(out, "\nplans: %d proven optimal, %d heuristic", (int)optimal,
            (int)heur);
    if (heur)
        fprintf(out, " (their costs are upper bounds: allocations rest on "
                     "plans without proof of optimality)");
    if (cut)
        fprintf(out, "\n%d plans were stopped by their time caps: the "
                     "figures depend on this machine's speed; a larger "
                     "--time-limit makes them replayable", (int)cut);
    fprintf(out, "\nwrote %s/compare.json, compare.csv, coalitions.csv, "
                 "joint/, alone/\n", m->dir);
}

/* ---- the command -------------------------------------------------------------- */

static int make_dirs(const cmp *m)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/alone", m->dir);
    const char *dirs[2] = {m->dir, path};
    for (int k = 0; k < 2; k++)
        if (mkdir(dirs[k], 0777) != 0 && errno != EEXIST) {
            fprintf(m->c->err, "%s: cannot create folder: %s\n", dirs[k],
                    strerror(errno));
            return KY_EXIT_IO;
        }
    return ky_cli__remove_reports(m->c, m->dir, reports, 3);
}

static int setup(cmp *m, cli *c)
{
    m->c = c;
    m->path = c->args[0];
    m->dir = c->output;
    m->n = m->s->n_companies;
    m->full = m->n >= 64 ? UINT64_MAX : (UINT64_C(1) << m->n) - 1;
    m->seconds = c->time_given ? c->solve.time_limit_s : DEFAULT_SECONDS;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    m->jobs = c->jobs ? c->jobs : (int)(cores < 1 ? 1 : cores > 64 ? 64
                                                                   : cores);
    m->samples = c->samples ? c->samples : DEFAULT_SAMPLES;
    m->exact = c->shapley == 1 || (c->shapley == 0 && m->n <= EXACT_MAX);
    if (m->exact && m->n > 16) {
        fprintf(c->err, "kyodo: exact Shapley over %d companies would plan "
                        "%.0f coalitions; use --shapley sampled\n",
                m->n, ldexp(1.0, m->n));
        return KY_EXIT_USAGE;
    }
    m->names = malloc((size_t)m->n * (KY_ID_MAX + 1) + 1);
    if (m->names == NULL || name_folders(m) != KY_OK) {
        fprintf(c->err, "kyodo: out of memory\n");
        return KY_EXIT_INTERNAL;
    }
    if (ky_sha256_file(m->path, m->sha) != KY_OK) {
        fprintf(c->err, "%s: cannot read: %s\n", m->path, strerror(errno));
        return KY_EXIT_IO;
    }
    return KY_EXIT_OK;
}

static void cmp_free(cmp *m)
{
    free(m->task);
    free(m->res);
    free(m->done);
    free(m->cost);
    free(m->folder);
    free(m->names);
}

/* Plans, allocates and reports; KY_* result. Planning problems are
 * reported where found (workers print their input and file errors). */
static int compare_run(cmp *m)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    FILE *err = m->c->err;
    int rc = make_tasks(m);
    if (rc == KY_OK)
        rc = run_all(m);
    if (rc == KY_ECANCELED)
        fprintf(err, "kyodo: compare interrupted; no report written\n");
    else if (rc == KY_ENOMEM || rc == KY_EINTERNAL)
        fprintf(err, "kyodo: planning the coalitions failed: %s; no report "
                     "written\n", rc == KY_ENOMEM ? "out of memory"
                                                  : "a worker stopped");
    if (rc == KY_OK && (rc = allocate(m)) != KY_OK) {
        fprintf(err, "kyodo: allocating the joint cost failed: %s\n",
                ky_strerror(rc));
        return KY_EINTERNAL;
    }
    if (rc != KY_OK)
        return rc;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    m->wall = (double)(t1.tv_sec - t0.tv_sec) +
              1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    ky_error e;
    ky_error_init(&e);
    rc = write_reports(m, &e);
    ky_cli__print_errors(m->c, &e);
    if (rc == KY_OK && m->c->verbosity > 0)
        print_report(m);
    return rc;
}

int ky_cli__compare(cli *c)
{
    if (c->n_args != 1)
        return ky_cli__usage(c, "compare takes one scenario file");
    if (c->output == NULL)
        return ky_cli__usage(c, "compare needs -o DIR");
    if (c->objective != KY_OBJ_COST)
        return ky_cli__usage(c, "compare splits costs: it plans with "
                                "--objective cost only");
    int code = ky_cli__check_output(c);
    if (code != KY_EXIT_OK)
        return code;
    ky_scenario *s = NULL;
    int rc = ky_cli__load_scenario(c, c->args[0], 0, &s);
    if (rc != KY_OK)
        return ky_cli__exit_of(rc);
    ky_error e;
    ky_error_init(&e);
    cmp m;
    memset(&m, 0, sizeof m);
    m.s = s;
    rc = ky_coalition_check(s, &e);
    ky_cli__print_errors(c, &e);
    code = rc == KY_OK ? setup(&m, c) : ky_cli__exit_of(rc);
    if (code == KY_EXIT_OK)
        code = make_dirs(&m);
    if (code == KY_EXIT_OK) {
        rc = compare_run(&m);
        if (rc == KY_OK)
            code = m.res[m.n_task - 1].unassigned ? KY_EXIT_UNASSIGNED
                                                  : KY_EXIT_OK;
        else
            code = rc == KY_ECANCELED ? KY_EXIT_INTERRUPTED
                                      : ky_cli__exit_of(rc);
    }
    cmp_free(&m);
    ky_scenario_free(s);
    return code;
}
