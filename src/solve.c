/* kyodo solve: exact or heuristic, within the time limit, keeping the best
 * plan found. The heuristic phase feeds a route pool that set
 * partitioning recombines at the end. */
#include <math.h>
#include <string.h>

#include "kyodo/heuristic.h"
#include "kyodo/solve.h"

/* Share of the time limit kept for set partitioning after the search,
 * and the cap of each round during it. */
#define SETPART_SHARE 0.15
#define SETPART_ROUND_SHARE 0.03
#define POOL_ROUTES 30000
/* Share of the time limit the search gets in the exact method. */
#define EXACT_SEARCH_SHARE 0.2

const char *ky_method_name(ky_method m)
{
    switch (m) {
    case KY_METHOD_AUTO: return "auto";
    case KY_METHOD_EXACT: return "exact";
    case KY_METHOD_HEURISTIC: return "heuristic";
    case KY_METHOD_COMPACT: return "compact";
    }
    return "auto";
}

const char *ky_status_name(ky_status s)
{
    switch (s) {
    case KY_STATUS_OPTIMAL: return "optimal";
    case KY_STATUS_FEASIBLE: return "feasible";
    case KY_STATUS_TIME_LIMIT: return "time-limit";
    case KY_STATUS_INFEASIBLE: return "infeasible";
    }
    return "feasible";
}

bool ky_solve_parse_disable(const char *list, unsigned *out)
{
    static const struct {
        const char *name;
        unsigned bit;
    } names[] = {{"strings", KY_HEUR_NO_STRINGS},
                 {"related", KY_HEUR_NO_RELATED},
                 {"random", KY_HEUR_NO_RANDOM},
                 {"route", KY_HEUR_NO_ROUTE},
                 {"annealing", KY_HEUR_NO_ANNEALING},
                 {"fleet", KY_HEUR_NO_FLEET},
                 {"granular", KY_HEUR_NO_GRANULAR},
                 {"sorts", KY_HEUR_NO_SORTS},
                 {"setpart", KY_SOLVE_NO_SETPART},
                 {"bound", KY_SOLVE_NO_BOUND}};
    unsigned bits = 0;
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ",");
        bool known = false;
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            if (strlen(names[k].name) == len &&
                strncmp(names[k].name, p, len) == 0) {
                bits |= names[k].bit;
                known = true;
            }
        if (!known)
            return false;
        p += len;
        if (*p == ',')
            p++;
    }
    *out = bits;
    return true;
}

void ky_solve_options_init(ky_solve_options *o)
{
    memset(o, 0, sizeof *o);
    o->method = KY_METHOD_AUTO;
    o->time_limit_s = 30.0;
    o->seed = 1;
    o->iterations = -1;
}

void ky_solve_result_free(ky_solve_result *r)
{
    if (r == NULL)
        return;
    ky_ctx ctx = r->routes ? r->routes->ctx : (ky_ctx){0};
    ky_routes_free(r->routes);
    ky_free(&ctx, r);
}

int64_t ky_solve_default_iterations(int32_t n_ship)
{
    int64_t n = n_ship;
    return n < 50 ? 4000 : 2000 + 40 * n;
}

static void set_gap(ky_solve_result *r)
{
    if (!r->has_bound)
        return;
    if (r->bound > r->objective)
        r->bound = r->objective;
    double denom = fabs(r->objective) > 1e-9 ? fabs(r->objective) : 1.0;
    r->gap = (r->objective - r->bound) / denom;
    if (r->gap < 1e-9)
        r->gap = 0.0;
}

/* Set partitioning during the search: the best combination of the pool's
 * routes, when it beats the search's best plan. */
typedef struct recombiner {
    const ky_problem *p;
    const ky_pool *pool;
    ky_routes *out;
    double cap_s;
    const ky_ctx *ctx;
} recombiner;

static const ky_routes *recombine(void *ud, const ky_routes *best)
{
    recombiner *R = ud;
    ky_milp_result mr;
    double before = ky_routes_objective(R->p, best);
    if (ky_ctx_cancelled(R->ctx) ||
        ky_setpart_solve(R->out, &mr, R->p, R->pool, best, R->cap_s,
                         R->ctx) != KY_OK)
        return NULL;
    bool better = mr.has_solution && mr.obj < before - KY_EPS;
    ky_log(R->ctx, better ? KY_LOG_INFO : KY_LOG_DEBUG,
           "set partitioning during the search: %d routes, %s, objective "
           "%.4f -> %.4f", (int)ky_pool_size(R->pool),
           mr.status == KY_MILP_OPTIMAL ? "optimal" : "stopped by the limit",
           before, better ? mr.obj : before);
    return better ? R->out : NULL;
}

static int run_heuristic(ky_solve_result *r, const ky_problem *p,
                         const ky_solve_options *o, double start,
                         ky_pool *pool, int64_t iterations, double deadline,
                         const ky_ctx *ctx)
{
    ky_heur_options ho;
    ky_heur_options_init(&ho);
    ho.seed = o->seed;
    ho.iterations = iterations;
    ho.deadline = deadline;
    ho.sink = pool ? ky_pool_add : NULL;
    ho.sink_ud = pool;
    ho.disable = o->disable & 0xffffu;
    ho.iteration_cooling = o->replayable;
    ky_routes *sp = NULL;
    recombiner R = {p, pool, NULL, o->time_limit_s * SETPART_ROUND_SHARE, ctx};
    if (pool && !(o->disable & KY_SOLVE_NO_SETPART)) {
        if (ky_routes_new(&sp, p->n_veh, ctx) != KY_OK)
            return KY_ENOMEM;
        R.out = sp;
        ho.recombine = recombine;
        ho.recombine_ud = &R;
    }
    ky_heur_stats st;
    int rc = ky_heuristic_run(r->routes, &st, p, NULL, &ho, ctx);
    ky_routes_free(sp);
    if (rc != KY_OK)
        return rc;
    r->iterations = st.iterations;
    r->iteration_budget = iterations;
    r->objective = r->heuristic_objective = st.best_obj;
    r->status = st.stopped_by_time || st.cancelled ? KY_STATUS_TIME_LIMIT
                                                   : KY_STATUS_FEASIBLE;
    ky_log(ctx, KY_LOG_INFO,
           "heuristic: %lld iterations, objective %.4f -> %.4f (%.2f s)",
           (long long)st.iterations, st.initial_obj, st.best_obj,
           ky_clock_now() - start);
    if (st.fleet_start)
        ky_log(ctx, KY_LOG_INFO, "fleet minimisation: %d -> %d vehicles",
               (int)st.fleet_start, (int)st.fleet_end);
    return KY_OK;
}

/* Routes of LONG_ROUTE stops or more on average, as wide windows and
 * large vehicles make them, leave full pricing too many labels to
 * finish: pricing then starts relaxed (see ky_cg_options.relaxed). */
#define LONG_ROUTE 20

static bool long_routes(const ky_problem *p, const ky_routes *routes)
{
    int32_t used = 0, stops = 0;
    for (int32_t v = 0; v < p->n_veh; v++) {
        used += ky_routes_len(routes, v) > 0;
        stops += ky_routes_len(routes, v);
    }
    return used > 0 && stops >= LONG_ROUTE * used;
}

/* The column-generation bound within secs seconds: the LP's when it
 * converged, else the best Lagrangian bound of a finished pricing pass
 * when within LAGRANGIAN_GAP of the plan. Such a bound is valid too,
 * and close once smoothed duals near the optimum's; further away it
 * comes from duals far from converged and tells nobody anything. */
#define LAGRANGIAN_GAP 0.1

static int compute_bound(ky_solve_result *r, const ky_problem *p,
                         double secs, const ky_pool *pool,
                         const ky_ctx *ctx)
{
    if (secs < 0.05 || ky_ctx_cancelled(ctx))
        return KY_OK;
    ky_cg_options co;
    ky_cg_options_init(&co);
    co.time_limit_s = secs;
    co.ng_size = p->n_groups <= 15 ? 0 : 8;
    co.upper_bound = r->objective;
    co.relaxed = long_routes(p, r->routes);
    ky_cg_result cg;
    ky_routes *opt = NULL;
    int rc = ky_routes_new(&opt, p->n_veh, ctx);
    if (rc == KY_OK)
        rc = ky_colgen_bound(p, pool, &co, &cg, opt, ctx);
    if (rc == KY_OK && cg.found) {
        /* the integer program over the routes within a gap */
        double obj = ky_routes_objective(p, opt);
        ky_log(ctx, KY_LOG_INFO, "bound: plan %.4f %s over %d routes "
               "within the gap", obj, cg.proven ? "proven optimal" : "found",
               (int)cg.enumerated);
        if (obj < r->objective - KY_EPS)
            rc = ky_routes_copy(r->routes, opt);
        if (rc == KY_OK && obj < r->objective)
            r->objective = obj;
        if (rc == KY_OK && cg.proven) {
            cg.bound = cg.optimum < r->objective ? cg.optimum : r->objective;
            cg.converged = true;
            cg.kind = KY_BOUND_ELEMENTARY; /* over elementary routes */
        }
    }
    ky_routes_free(opt);
    if (rc != KY_OK)
        return rc;
    ky_log(ctx, KY_LOG_INFO,
           "bound: %s, %.4f (LP %.4f, %s), %d rounds, %d columns, %d "
           "cuts, %lld labels, %.2f s", ky_bound_kind_name(cg.kind),
           cg.bound, cg.lp, cg.converged ? "converged" : "not converged",
           (int)cg.rounds, (int)cg.columns, (int)cg.cuts,
           (long long)cg.labels, cg.seconds);
    if (cg.kind != KY_BOUND_NONE &&
        (cg.converged ||
         r->objective - cg.bound <= LAGRANGIAN_GAP * fabs(r->objective))) {
        r->has_bound = true;
        r->bound = cg.bound;
        r->bound_kind = cg.kind;
    }
    return KY_OK;
}

/* Set partitioning over the pool's routes within secs, warm-started
 * from the plan; keeps its answer when better. */
static int recombine_pool(ky_solve_result *r, const ky_problem *p,
                          const ky_pool *pool, double secs, const ky_ctx *ctx)
{
    ky_routes *sp = NULL;
    int rc = ky_routes_new(&sp, p->n_veh, ctx);
    ky_milp_result mr;
    if (rc == KY_OK)
        rc = ky_setpart_solve(sp, &mr, p, pool, r->routes, secs, ctx);
    r->pool_routes = ky_pool_size(pool);
    if (rc == KY_OK && mr.has_solution && mr.obj < r->objective - KY_EPS) {
        rc = ky_routes_copy(r->routes, sp);
        r->objective = mr.obj;
    }
    if (rc == KY_OK)
        ky_log(ctx, KY_LOG_INFO,
               "set partitioning: %d routes in the pool, objective %.4f (%s)",
               (int)r->pool_routes, r->objective,
               mr.status == KY_MILP_OPTIMAL ? "optimal over the routes kept"
                                            : "stopped by the limit");
    ky_routes_free(sp);
    return rc;
}

/* The search, then the bound, then set partitioning over the search's
 * routes (the exact method recombines before the bound instead). The heuristic method bounds with 60 % of the time the search
 * left before set partitioning's share (a search that used its whole
 * time leaves none, so time-limited runs keep their quality), up to
 * KY_BOUND_AUTO_SHIPMENTS shipments. The exact method gives the search
 * EXACT_SEARCH_SHARE of the time and column generation nearly all the
 * rest, at any size: it ends proven optimal or at the time limit. */
static int solve_routes(ky_solve_result *r, const ky_problem *p,
                        const ky_solve_options *o, double start, bool exact,
                        const ky_ctx *ctx)
{
    ky_pool *pool = NULL;
    int rc = ky_pool_new(&pool, p, POOL_ROUTES, ctx);
    int64_t iters = o->iterations >= 0
                        ? o->iterations
                        : ky_solve_default_iterations(p->n_groups);
    bool setpart = !(o->disable & KY_SOLVE_NO_SETPART);
    double share = setpart ? SETPART_SHARE : 0.0;
    double until = start + o->time_limit_s * (1.0 - share);
    double deadline = exact ? start + o->time_limit_s * EXACT_SEARCH_SHARE
                            : until;
    if (rc == KY_OK)
        rc = run_heuristic(r, p, o, start, pool, iters, deadline, ctx);
    /* the exact method recombines first: a better plan to prove */
    if (rc == KY_OK && exact && setpart && !ky_ctx_cancelled(ctx))
        rc = recombine_pool(r, p, pool, o->time_limit_s * share, ctx);
    double secs = until - ky_clock_now();
    if (exact)
        secs = 0.95 * (start + o->time_limit_s - ky_clock_now());
    else if ((o->disable & KY_SOLVE_NO_BOUND) ||
             p->n_groups > KY_BOUND_AUTO_SHIPMENTS)
        secs = 0.0;
    else
        secs *= 0.6;
    if (p->has_transfers || p->has_driver_rules || p->has_soft)
        secs = 0.0; /* column generation knows no transfers, rests or
                       lateness */
    if (rc == KY_OK)
        rc = compute_bound(r, p, secs, pool, ctx);
    bool proven = r->has_bound && r->bound >= r->objective - KY_EPS;
    double left = start + o->time_limit_s - ky_clock_now();
    if (rc == KY_OK && !exact && setpart && left > 0.05 &&
        !ky_ctx_cancelled(ctx) && !proven)
        rc = recombine_pool(r, p, pool, left, ctx);
    ky_pool_free(pool);
    r->method = exact ? KY_METHOD_EXACT : KY_METHOD_HEURISTIC;
    if (exact && !proven)
        r->status = ky_clock_now() >= start + 0.95 * o->time_limit_s
                        ? KY_STATUS_TIME_LIMIT
                        : KY_STATUS_FEASIBLE;
    return rc;
}

static int solve_compact(ky_solve_result *r, const ky_problem *p,
                       const ky_solve_options *o, double start,
                       const ky_ctx *ctx)
{
    /* A short search gives the MIP an incumbent to prune with. */
    int rc = run_heuristic(r, p, o, start, NULL, 200,
                           start + o->time_limit_s * 0.1, ctx);
    ky_routes *mip = NULL;
    if (rc == KY_OK)
        rc = ky_routes_new(&mip, p->n_veh, ctx);
    ky_milp_result mr;
    memset(&mr, 0, sizeof mr);
    double left = start + o->time_limit_s - ky_clock_now();
    if (rc == KY_OK)
        rc = ky_compact_solve(mip, &mr, p, r->routes, left > 0.05 ? left : 0.05,
                              ctx);
    if (rc == KY_OK && mr.has_solution && mr.obj < r->objective + KY_EPS) {
        rc = ky_routes_copy(r->routes, mip);
        r->objective = mr.obj;
    }
    if (rc == KY_OK) {
        r->has_bound = mr.has_bound;
        r->bound = mr.bound;
        r->bound_kind = mr.has_bound ? KY_BOUND_COMPACT : KY_BOUND_NONE;
        r->status = mr.status == KY_MILP_OPTIMAL ? KY_STATUS_OPTIMAL
                                                 : KY_STATUS_TIME_LIMIT;
        if (mr.status == KY_MILP_INFEASIBLE)
            r->status = KY_STATUS_INFEASIBLE;
        ky_log(ctx, KY_LOG_INFO,
               "exact: %d rows, %d columns, objective %.4f, bound %.4f, %s",
               (int)mr.rows, (int)mr.cols, r->objective, mr.bound,
               ky_status_name(r->status));
    }
    ky_routes_free(mip);
    r->method = KY_METHOD_COMPACT;
    return rc;
}

int ky_solve(ky_solve_result **out, const ky_problem *p,
             const ky_solve_options *o, const ky_ctx *ctx)
{
    *out = NULL;
    double start = ky_clock_now();
    ky_solve_result *r = ky_calloc(ctx, 1, sizeof *r);
    if (r == NULL)
        return KY_ENOMEM;
    int rc = ky_routes_new(&r->routes, p->n_veh, ctx);
    ky_method m = o->method;
    if ((p->has_driver_rules || p->has_soft) && m != KY_METHOD_HEURISTIC) {
        /* the models know no rests nor lateness: the search plans */
        ky_log(ctx, KY_LOG_INFO,
               "driver rules or soft windows: planning with the search");
        m = KY_METHOD_HEURISTIC;
    } else if (m == KY_METHOD_AUTO && p->has_transfers)
        m = p->n_ship <= KY_COMPACT_AUTO_OPTIONS ? KY_METHOD_COMPACT
                                                 : KY_METHOD_HEURISTIC;
    else if (m == KY_METHOD_AUTO)
        m = p->n_groups <= KY_EXACT_AUTO_SHIPMENTS ? KY_METHOD_EXACT
                                                 : KY_METHOD_HEURISTIC;
    if (rc == KY_OK)
        rc = m == KY_METHOD_COMPACT
                 ? solve_compact(r, p, o, start, ctx)
                 : solve_routes(r, p, o, start, m == KY_METHOD_EXACT, ctx);
    if (rc != KY_OK) {
        if (r->routes == NULL)
            ky_free(ctx, r);
        else
            ky_solve_result_free(r);
        return rc;
    }
    if (ky_ctx_cancelled(ctx) && r->status != KY_STATUS_OPTIMAL)
        r->status = KY_STATUS_TIME_LIMIT;
    set_gap(r);
    /* a plan as good as a proven bound is proven optimal */
    if (r->has_bound && r->gap <= 1e-9 && r->status != KY_STATUS_INFEASIBLE)
        r->status = KY_STATUS_OPTIMAL;
    r->seconds = ky_clock_now() - start;
    *out = r;
    return KY_OK;
}
