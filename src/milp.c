/* kyodo milp: the GLPK guard and MIP driver, the route pool, and the
 * set-partitioning model over the pool. */
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "milp_int.h"

const char *ky_glpk_version(void)
{
    return glp_version();
}

/* ---- guard ------------------------------------------------------------- */

typedef struct guard {
    const ky_ctx *ctx;
    char line[1024];
    size_t len;
    jmp_buf jmp;
} guard;

static void guard_flush(guard *g)
{
    if (g->len) {
        g->line[g->len] = '\0';
        ky_log(g->ctx, KY_LOG_DEBUG, "glpk: %s", g->line);
        g->len = 0;
    }
}

/* GLPK sends its output in fragments; log whole lines only. */
static int term_hook(void *info, const char *s)
{
    guard *g = info;
    for (; *s; s++) {
        if (*s == '\n' || g->len + 1 >= sizeof g->line)
            guard_flush(g);
        if (*s != '\n')
            g->line[g->len++] = *s;
    }
    return 1; /* nothing reaches stdout */
}

static void error_hook(void *info)
{
    guard *g = info;
    longjmp(g->jmp, 1);
}

int ky_milp__guarded(const ky_ctx *ctx, int (*fn)(void *arg), void *arg)
{
    guard g;
    memset(&g, 0, sizeof g);
    g.ctx = ctx;
    glp_term_hook(term_hook, &g);
    glp_error_hook(error_hook, &g);
    if (setjmp(g.jmp)) {
        guard_flush(&g);
        ky_log(ctx, KY_LOG_ERROR, "GLPK reported an internal error");
        glp_free_env();
        return KY_EINTERNAL;
    }
    int rc = fn(arg);
    guard_flush(&g);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    return rc;
}

/* ---- MIP driver -------------------------------------------------------- */

typedef struct mip_cb {
    const double *x0;
    bool injected;
    const ky_ctx *ctx;
    bool has_bound;
    double bound;
    int64_t nodes, node_limit;
    double deadline; /* GLPK checks its own limit only between nodes */
} mip_cb;

static void mip_callback(glp_tree *T, void *info)
{
    mip_cb *cb = info;
    if (ky_ctx_cancelled(cb->ctx) || ky_clock_now() > cb->deadline) {
        glp_ios_terminate(T);
        return;
    }
    switch (glp_ios_reason(T)) {
    case GLP_IHEUR:
        if (cb->x0 && !cb->injected) {
            cb->injected = true;
            glp_ios_heur_sol(T, cb->x0);
        }
        break;
    case GLP_ISELECT:
        /* A node budget ends the search at the same point on every
         * machine, unlike the time limit. */
        if (cb->node_limit > 0 && ++cb->nodes > cb->node_limit) {
            glp_ios_terminate(T);
            return;
        }
        /* fall through */
    case GLP_IBINGO: {
        int best = glp_ios_best_node(T);
        if (best) {
            cb->bound = glp_ios_node_bound(T, best);
            cb->has_bound = true;
        }
        break;
    }
    default:
        break;
    }
}

static int remaining_ms(double time_limit_s, double start)
{
    double left = time_limit_s - (ky_clock_now() - start);
    if (left < 0.001)
        left = 0.001;
    return left > 2e6 ? 2000000000 : (int)(left * 1000.0);
}

int ky_milp__solve(glp_prob *P, const double *x0, double time_limit_s,
                   int64_t node_limit, int cuts, const ky_ctx *ctx,
                   ky_milp_result *res)
{
    double start = ky_clock_now();
    res->rows = glp_get_num_rows(P);
    res->cols = glp_get_num_cols(P);
    res->has_solution = res->has_bound = false;
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = GLP_MSG_ERR;
    smcp.tm_lim = remaining_ms(time_limit_s, start);
    int rc = glp_simplex(P, &smcp);
    ky_log(ctx, KY_LOG_DEBUG, "milp: LP relaxation %d x %d in %.2f s",
           res->rows, res->cols, ky_clock_now() - start);
    if (rc == GLP_ETMLIM || (rc == 0 && glp_get_status(P) != GLP_OPT &&
                             glp_get_status(P) != GLP_NOFEAS)) {
        res->status = KY_MILP_NO_SOLUTION;
        return KY_OK;
    }
    if (rc != 0)
        return KY_EINTERNAL;
    if (glp_get_status(P) == GLP_NOFEAS) {
        res->status = KY_MILP_INFEASIBLE;
        return KY_OK;
    }
    res->lp_bound = glp_get_obj_val(P);
    mip_cb cb = {x0, false, ctx, false, 0.0, 0, node_limit,
                 start + time_limit_s};
    glp_iocp iocp;
    glp_init_iocp(&iocp);
    iocp.msg_lev = ctx && ctx->log && ctx->log_level >= KY_LOG_DEBUG
                       ? GLP_MSG_ON
                       : GLP_MSG_ERR;
    iocp.presolve = GLP_OFF;
    iocp.tm_lim = remaining_ms(time_limit_s, start);
    iocp.cb_func = mip_callback;
    iocp.cb_info = &cb;
    if (cuts != KY_CUTS_NONE)
        iocp.gmi_cuts = iocp.mir_cuts = iocp.cov_cuts = GLP_ON;
    if (cuts == KY_CUTS_ALL)
        iocp.clq_cuts = GLP_ON;
    rc = glp_intopt(P, &iocp);
    int ms = glp_mip_status(P);
    ky_log(ctx, KY_LOG_DEBUG, "milp: branch and cut done at %.2f s, %lld "
           "nodes", ky_clock_now() - start, (long long)cb.nodes);
    if (rc != 0 && rc != GLP_ETMLIM && rc != GLP_ESTOP && rc != GLP_EMIPGAP)
        return KY_EINTERNAL;
    res->has_solution = ms == GLP_OPT || ms == GLP_FEAS;
    if (res->has_solution)
        res->obj = glp_mip_obj_val(P);
    if (rc == 0 && ms == GLP_OPT) {
        res->status = KY_MILP_OPTIMAL;
        res->has_bound = true;
        res->bound = res->obj;
    } else if (rc == 0 && ms == GLP_NOFEAS) {
        res->status = KY_MILP_INFEASIBLE;
    } else {
        res->status = res->has_solution ? KY_MILP_TIME_LIMIT
                                        : KY_MILP_NO_SOLUTION;
        res->has_bound = true;
        res->bound = cb.has_bound ? cb.bound : res->lp_bound;
        if (res->has_solution && res->bound > res->obj)
            res->bound = res->obj;
    }
    return KY_OK;
}

int ky_milp__col(glp_prob *P, const char *name, int kind, double lb,
                 double ub, double cost)
{
    int j = glp_add_cols(P, 1);
    if (name)
        glp_set_col_name(P, j, name);
    if (kind == GLP_BV) {
        glp_set_col_kind(P, j, GLP_BV);
    } else {
        glp_set_col_kind(P, j, kind);
        if (ub >= 1e300)
            glp_set_col_bnds(P, j, GLP_LO, lb, 0.0);
        else if (ub - lb < 1e-12)
            glp_set_col_bnds(P, j, GLP_FX, lb, lb);
        else
            glp_set_col_bnds(P, j, GLP_DB, lb, ub);
    }
    glp_set_obj_coef(P, j, cost);
    return j;
}

int ky_milp__row(glp_prob *P, const char *name, int type, double lb,
                 double ub, int n, const int *ind, const double *val)
{
    int i = glp_add_rows(P, 1);
    if (name)
        glp_set_row_name(P, i, name);
    if (type == GLP_DB && ub - lb < 1e-12)
        type = GLP_FX;
    glp_set_row_bnds(P, i, type, lb, ub);
    if (n > 0)
        glp_set_mat_row(P, i, n, ind, val);
    return i;
}

/* ---- route pool --------------------------------------------------------- */

struct ky_pool {
    const ky_problem *p;
    int32_t n, max;
    int32_t *type;
    double *obj;
    int32_t *off;   /* n + 1 */
    int32_t *node;
    int32_t node_cap;
    uint64_t *hash;
    int32_t *table; /* open addressing: route index + 1, 0 = empty */
    uint32_t table_mask;
    ky_ctx ctx;
};

static uint64_t route_hash(int32_t type, const int32_t *nodes, int32_t n)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)(uint32_t)type;
    for (int32_t k = 0; k < n; k++) {
        h ^= (uint64_t)(uint32_t)nodes[k];
        h *= 1099511628211ULL;
    }
    return h ^ ((uint64_t)n << 40);
}

int ky_pool_new(ky_pool **out, const ky_problem *p, int32_t max_routes,
                const ky_ctx *ctx)
{
    *out = NULL;
    ky_pool *pool = ky_calloc(ctx, 1, sizeof *pool);
    if (pool == NULL)
        return KY_ENOMEM;
    if (ctx)
        pool->ctx = *ctx;
    pool->p = p;
    pool->max = max_routes > 0 ? max_routes : 1;
    uint32_t size = 16;
    while (size < 2u * (uint32_t)pool->max)
        size *= 2;
    pool->table_mask = size - 1;
    pool->table = ky_calloc(ctx, size, sizeof *pool->table);
    pool->type = ky_calloc(ctx, (size_t)pool->max, sizeof *pool->type);
    pool->obj = ky_calloc(ctx, (size_t)pool->max, sizeof *pool->obj);
    pool->hash = ky_calloc(ctx, (size_t)pool->max, sizeof *pool->hash);
    pool->off = ky_calloc(ctx, (size_t)pool->max + 1, sizeof *pool->off);
    if (!pool->table || !pool->type || !pool->obj || !pool->hash ||
        !pool->off) {
        ky_pool_free(pool);
        return KY_ENOMEM;
    }
    *out = pool;
    return KY_OK;
}

void ky_pool_free(ky_pool *pool)
{
    if (pool == NULL)
        return;
    ky_ctx ctx = pool->ctx;
    ky_free(&ctx, pool->type);
    ky_free(&ctx, pool->obj);
    ky_free(&ctx, pool->off);
    ky_free(&ctx, pool->node);
    ky_free(&ctx, pool->hash);
    ky_free(&ctx, pool->table);
    ky_free(&ctx, pool);
}

int32_t ky_pool_size(const ky_pool *pool)
{
    return pool->n;
}

void ky_pool_route(const ky_pool *pool, int32_t r, int32_t *type,
                   const int32_t **nodes, int32_t *n, double *obj)
{
    *type = pool->type[r];
    *nodes = pool->node + pool->off[r];
    *n = pool->off[r + 1] - pool->off[r];
    *obj = pool->obj[r];
}

/* Index of the route, or -1; *slot receives the table slot to use. */
static int32_t pool_find(const ky_pool *pool, int32_t type,
                         const int32_t *nodes, int32_t n, uint64_t h,
                         uint32_t *slot)
{
    uint32_t i = (uint32_t)h & pool->table_mask;
    for (;; i = (i + 1) & pool->table_mask) {
        int32_t r = pool->table[i] - 1;
        if (r < 0) {
            *slot = i;
            return -1;
        }
        if (pool->hash[r] == h && pool->type[r] == type &&
            pool->off[r + 1] - pool->off[r] == n &&
            memcmp(pool->node + pool->off[r], nodes,
                   sizeof(int32_t) * (size_t)n) == 0)
            return r;
    }
}

void ky_pool_add(void *ud, int32_t v, const int32_t *nodes, int32_t n,
                 double obj)
{
    ky_pool *pool = ud;
    if (pool->n >= pool->max || n <= 0)
        return;
    int32_t type = pool->p->type[v];
    uint64_t h = route_hash(type, nodes, n);
    uint32_t slot;
    if (pool_find(pool, type, nodes, n, h, &slot) >= 0)
        return;
    int32_t need = pool->off[pool->n] + n;
    if (need > pool->node_cap) {
        int32_t cap = pool->node_cap ? pool->node_cap : 1024;
        while (cap < need)
            cap *= 2;
        int32_t *a = ky_reallocarray(&pool->ctx, pool->node, (size_t)cap,
                                     sizeof *a);
        if (a == NULL)
            return;
        pool->node = a;
        pool->node_cap = cap;
    }
    int32_t r = pool->n++;
    memcpy(pool->node + pool->off[r], nodes, sizeof(int32_t) * (size_t)n);
    pool->off[r + 1] = pool->off[r] + n;
    pool->type[r] = type;
    pool->obj[r] = obj;
    pool->hash[r] = h;
    pool->table[slot] = r + 1;
}

/* ---- set partitioning ----------------------------------------------- */

/* Largest pool for which clique cuts are worth their setup time. */
#define SETPART_CLIQUE_MAX 5000
/* Columns kept for branch and cut; a larger pool is first reduced to the
 * routes with the smallest reduced costs in its LP relaxation, since
 * several of GLPK's cut generators run long without checking the clock
 * on tens of thousands of columns. */
#define SETPART_MIP_COLUMNS 3000
/* Branch-and-bound nodes per set-partitioning MIP: the search ends at
 * the same point on every machine, so runs stay replayable when the
 * time cap is generous. */
#ifndef SETPART_NODE_LIMIT
#define SETPART_NODE_LIMIT 1000000
#endif

typedef struct setpart {
    const ky_problem *p;
    const ky_pool *pool;
    const ky_routes *incumbent;
    double time_limit_s;
    const ky_ctx *ctx;
    ky_milp_result *res;
    ky_routes *out;
    int *ind;
    double *val;
    double *x0;
    int32_t *chosen;
    int32_t *sel;  /* pool routes in the model */
    int32_t n_sel;
    int32_t *col;  /* pool route -> column, 0 when not in the model */
    int32_t *link; /* inbound leg -> its linking row, 0 for others */
    int32_t n_links;
    int32_t *vis_off;   /* pool route -> its dock visits in vis[] */
    ky_dock_visit *vis; /* transfer stops of the model's routes */
    int32_t *n_vis;     /* pool route -> how many of them */
} setpart;

/* Covering rows 1..n_groups (a scenario shipment is served by one of its
 * sources or the inbound leg of a transfer, or paid for), then one row
 * per vehicle type, then one per transfer option (its inbound leg is
 * served as often as its outbound leg); one column per selected route,
 * then one slack per scenario shipment. Dock rows come later, when a
 * solution needs them (setpart_docks). */
static void setpart_build(setpart *S, glp_prob *P)
{
    const ky_problem *p = S->p;
    const ky_pool *pool = S->pool;
    int first_link = p->n_groups + p->n_types + 1;
    S->n_links = 0;
    for (int32_t s = 0; s < p->n_ship; s++)
        S->link[s] = p->leg[s] == 1 ? first_link + S->n_links++ : 0;
    glp_set_obj_dir(P, GLP_MIN);
    glp_add_rows(P, p->n_groups + p->n_types + S->n_links);
    for (int32_t g = 0; g < p->n_groups; g++)
        glp_set_row_bnds(P, g + 1, GLP_FX, 1.0, 1.0);
    for (int32_t t = 0; t < p->n_types; t++)
        glp_set_row_bnds(P, p->n_groups + t + 1, GLP_UP, 0.0,
                         (double)p->type_count[t]);
    for (int32_t l = 0; l < S->n_links; l++)
        glp_set_row_bnds(P, first_link + l, GLP_FX, 0.0, 0.0);
    for (int32_t r = 0; r < pool->n; r++)
        S->col[r] = 0;
    for (int32_t k = 0; k < S->n_sel; k++) {
        int32_t r = S->sel[k];
        int m = 0;
        for (int32_t q = pool->off[r]; q < pool->off[r + 1]; q++) {
            int32_t u = pool->node[q], s = KY_NODE_SHIPMENT(u);
            if (p->kind[s] == KY_SHIP_PD && !KY_NODE_IS_PICKUP(u))
                continue;
            if (p->leg[s] == 2) {
                S->ind[++m] = S->link[p->mate[s]];
                S->val[m] = -1.0;
                continue;
            }
            S->ind[++m] = p->group[s] + 1;
            S->val[m] = 1.0;
            if (p->leg[s] == 1) {
                S->ind[++m] = S->link[s];
                S->val[m] = 1.0;
            }
        }
        S->ind[++m] = p->n_groups + pool->type[r] + 1;
        S->val[m] = 1.0;
        int j = ky_milp__col(P, NULL, GLP_BV, 0, 1, pool->obj[r]);
        glp_set_mat_col(P, j, m, S->ind, S->val);
        S->col[r] = j;
    }
    for (int32_t g = 0; g < p->n_groups; g++) {
        int j = ky_milp__col(P, NULL, GLP_CV, 0, 1,
                             p->penalty[p->grp_first[g]]);
        S->ind[1] = g + 1;
        S->val[1] = 1.0;
        glp_set_mat_col(P, j, 1, S->ind, S->val);
    }
}

/* Pool index of vehicle v's route in the incumbent, or -1. */
static int32_t incumbent_route(const setpart *S, int32_t v)
{
    const ky_routes *inc = S->incumbent;
    int32_t n = ky_routes_len(inc, v), type = S->p->type[v];
    const int32_t *nodes = ky_routes_of(inc, v);
    uint32_t slot;
    return pool_find(S->pool, type, nodes, n, route_hash(type, nodes, n),
                     &slot);
}

/* The incumbent as a 1-based column vector, or NULL if one of its routes
 * is not in the model. */
static double *setpart_warm(setpart *S, int n_cols)
{
    const ky_routes *inc = S->incumbent;
    const ky_problem *p = S->p;
    if (inc == NULL)
        return NULL;
    memset(S->x0, 0, sizeof(double) * ((size_t)n_cols + 1));
    for (int32_t g = 0; g < p->n_groups; g++)
        S->x0[S->n_sel + g + 1] = 1.0;
    for (int32_t v = 0; v < inc->n_veh; v++) {
        int32_t n = ky_routes_len(inc, v);
        if (n == 0)
            continue;
        int32_t r = incumbent_route(S, v);
        if (r < 0 || S->col[r] == 0)
            return NULL;
        S->x0[S->col[r]] = 1.0;
        for (int32_t k = 0; k < n; k++)
            S->x0[S->n_sel +
                  p->group[KY_NODE_SHIPMENT(ky_routes_of(inc, v)[k])] + 1] =
                0.0;
    }
    return S->x0;
}

/* Routes chosen by the MIP, given to vehicles of each type in order. */
static int setpart_extract(setpart *S, glp_prob *P)
{
    const ky_problem *p = S->p;
    const ky_pool *pool = S->pool;
    int32_t *len = S->chosen;
    int32_t *next_of_type = len + p->n_veh;
    for (int32_t t = 0; t < p->n_types; t++)
        next_of_type[t] = 0;
    const int32_t **rn = ky_calloc(S->ctx, (size_t)p->n_veh + 1, sizeof *rn);
    if (rn == NULL)
        return KY_ENOMEM;
    for (int32_t v = 0; v < p->n_veh; v++)
        len[v] = 0;
    for (int32_t k = 0; k < S->n_sel; k++) {
        int32_t r = S->sel[k];
        if (glp_mip_col_val(P, S->col[r]) < 0.5)
            continue;
        int32_t t = pool->type[r], seen = 0;
        for (int32_t v = 0; v < p->n_veh; v++)
            if (p->type[v] == t && seen++ == next_of_type[t]) {
                rn[v] = pool->node + pool->off[r];
                len[v] = pool->off[r + 1] - pool->off[r];
                break;
            }
        next_of_type[t]++;
    }
    int rc = ky_routes_assign(S->out, rn, len);
    ky_free(S->ctx, rn);
    return rc;
}

typedef struct keyed {
    double key;
    int32_t idx;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Keeps the incumbent's routes and the SETPART_MIP_COLUMNS routes of
 * smallest reduced cost in the LP over the whole pool (or, when that LP
 * does not finish in time, of smallest cost per shipment served). */
static int setpart_reduce(setpart *S, double budget)
{
    const ky_pool *pool = S->pool;
    keyed *k = ky_calloc(S->ctx, (size_t)pool->n + 1, sizeof *k);
    if (k == NULL)
        return KY_ENOMEM;
    for (int32_t r = 0; r < pool->n; r++)
        S->sel[r] = r;
    S->n_sel = pool->n;
    glp_prob *P = glp_create_prob();
    setpart_build(S, P);
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = GLP_MSG_ERR;
    smcp.tm_lim = (int)(budget * 1000.0) + 1;
    bool lp = glp_simplex(P, &smcp) == 0 && glp_get_status(P) == GLP_OPT;
    for (int32_t r = 0; r < pool->n; r++) {
        int32_t len = pool->off[r + 1] - pool->off[r];
        k[r].idx = r;
        k[r].key = lp ? glp_get_col_dual(P, S->col[r]) : pool->obj[r] / len;
    }
    glp_delete_prob(P);
    if (S->incumbent)
        for (int32_t v = 0; v < S->incumbent->n_veh; v++) {
            int32_t r = ky_routes_len(S->incumbent, v) ? incumbent_route(S, v)
                                                       : -1;
            if (r >= 0)
                k[r].key = -HUGE_VAL;
        }
    qsort(k, (size_t)pool->n, sizeof *k, keyed_cmp);
    S->n_sel = pool->n < SETPART_MIP_COLUMNS ? pool->n : SETPART_MIP_COLUMNS;
    for (int32_t i = 0; i < S->n_sel; i++)
        S->sel[i] = k[i].idx;
    ky_free(S->ctx, k);
    ky_log(S->ctx, KY_LOG_DEBUG,
           "set partitioning: %d of %d routes kept by %s", (int)S->n_sel,
           (int)pool->n, lp ? "LP reduced cost" : "cost per shipment");
    return KY_OK;
}

/* Dock visits of every model route (vehicles of a type keep the same
 * schedule, so its first vehicle's). */
static int setpart_visits(setpart *S)
{
    const ky_problem *p = S->p;
    const ky_pool *pool = S->pool;
    int32_t total = 0, longest = 0;
    for (int32_t k = 0; k < S->n_sel; k++) {
        int32_t n = pool->off[S->sel[k] + 1] - pool->off[S->sel[k]];
        total += n;
        longest = n > longest ? n : longest;
    }
    S->vis_off = ky_calloc(S->ctx, (size_t)pool->n + 2, sizeof *S->vis_off);
    S->vis = ky_calloc(S->ctx, (size_t)total + 1, sizeof *S->vis);
    ky_stop_time *times = ky_calloc(S->ctx, (size_t)longest + 2,
                                    sizeof *times);
    int32_t *count = ky_calloc(S->ctx, (size_t)pool->n + 1, sizeof *count);
    int rc = S->vis_off && S->vis && times && count ? KY_OK : KY_ENOMEM;
    int32_t n_vis = 0;
    for (int32_t k = 0; rc == KY_OK && k < S->n_sel; k++) {
        int32_t r = S->sel[k];
        S->vis_off[r] = n_vis;
        ky_dock_visits(p, p->type_first[pool->type[r]],
                       pool->node + pool->off[r],
                       pool->off[r + 1] - pool->off[r], times, S->vis,
                       &n_vis);
        count[r] = n_vis - S->vis_off[r];
    }
    ky_free(S->ctx, times);
    S->n_vis = count;
    return rc;
}

/* The hub docks the solution in S->out overfills: one row per overfull
 * moment (hub h at time t): the model routes in service at h at t use
 * at most h's docks. *added: rows added. */
static int setpart_docks(setpart *S, glp_prob *P, int *added)
{
    const ky_problem *p = S->p;
    const ky_routes *out = S->out;
    *added = 0;
    if (S->vis_off == NULL && setpart_visits(S) != KY_OK)
        return KY_ENOMEM;
    int32_t total = 0, longest = 0;
    for (int32_t v = 0; v < out->n_veh; v++) {
        total += ky_routes_len(out, v);
        if (ky_routes_len(out, v) > longest)
            longest = ky_routes_len(out, v);
    }
    ky_dock_visit *vis = ky_calloc(S->ctx, (size_t)total + 1, sizeof *vis);
    ky_stop_time *times = ky_calloc(S->ctx, (size_t)longest + 2,
                                    sizeof *times);
    if (vis == NULL || times == NULL) {
        ky_free(S->ctx, vis);
        ky_free(S->ctx, times);
        return KY_ENOMEM;
    }
    int32_t n = 0;
    for (int32_t v = 0; v < out->n_veh; v++)
        ky_dock_visits(p, v, ky_routes_of(out, v), ky_routes_len(out, v),
                       times, vis, &n);
    for (int32_t i = 0; i < n; i++) {
        if (!ky_docks_over(p, vis, n, i))
            continue;
        int m = 0;
        for (int32_t k = 0; k < S->n_sel; k++) {
            int32_t r = S->sel[k];
            bool busy = false;
            for (int32_t j = 0; j < S->n_vis[r] && !busy; j++)
                busy = ky_dock_visit_covers(&S->vis[S->vis_off[r] + j],
                                            vis[i].hub, vis[i].start);
            if (busy) {
                S->ind[++m] = S->col[r];
                S->val[m] = 1.0;
            }
        }
        int row = glp_add_rows(P, 1);
        glp_set_row_bnds(P, row, GLP_UP, 0.0,
                         (double)p->scen->depots[vis[i].hub].docks);
        glp_set_mat_row(P, row, m, S->ind, S->val);
        (*added)++;
    }
    ky_free(S->ctx, vis);
    ky_free(S->ctx, times);
    return KY_OK;
}

#define SETPART_DOCK_ROUNDS 20

static int setpart_run(void *arg)
{
    setpart *S = arg;
    double t0 = ky_clock_now();
    int rc = KY_OK;
    if (S->pool->n > SETPART_MIP_COLUMNS)
        rc = setpart_reduce(S, 0.4 * S->time_limit_s);
    else
        for (S->n_sel = 0; S->n_sel < S->pool->n; S->n_sel++)
            S->sel[S->n_sel] = S->n_sel;
    if (rc != KY_OK)
        return rc;
    glp_prob *P = glp_create_prob();
    setpart_build(S, P);
    double *x0 = setpart_warm(S, glp_get_num_cols(P));
    double left = S->time_limit_s - (ky_clock_now() - t0);
    int cuts = S->n_sel <= SETPART_CLIQUE_MAX ? KY_CUTS_ALL : KY_CUTS_CHEAP;
    rc = ky_milp__solve(P, x0, left > 0.01 ? left : 0.01, SETPART_NODE_LIMIT,
                        cuts, S->ctx, S->res);
    if (rc == KY_OK && S->res->has_solution)
        rc = setpart_extract(S, P);
    /* Docks: add the rows the solution breaks and solve again. */
    for (int round = 0; rc == KY_OK && S->res->has_solution &&
                        S->p->has_docks;
         round++) {
        int added = 0;
        rc = setpart_docks(S, P, &added);
        if (rc != KY_OK || added == 0)
            break;
        left = S->time_limit_s - (ky_clock_now() - t0);
        if (round == SETPART_DOCK_ROUNDS || left <= 0.01) {
            S->res->has_solution = false; /* the caller keeps its plan */
            break;
        }
        /* x0 (the incumbent, a plan that keeps the docks) stays
         * feasible under the new rows */
        rc = ky_milp__solve(P, x0, left, SETPART_NODE_LIMIT, cuts, S->ctx,
                            S->res);
        if (rc == KY_OK && S->res->has_solution)
            rc = setpart_extract(S, P);
    }
    glp_delete_prob(P);
    return rc;
}

int ky_setpart_solve(ky_routes *out, ky_milp_result *res,
                     const ky_problem *p, const ky_pool *pool,
                     const ky_routes *incumbent, double time_limit_s,
                     const ky_ctx *ctx)
{
    memset(res, 0, sizeof *res);
    setpart S;
    memset(&S, 0, sizeof S);
    S.p = p;
    S.pool = pool;
    S.incumbent = incumbent;
    S.time_limit_s = time_limit_s;
    S.ctx = ctx;
    S.res = res;
    S.out = out;
    size_t cols = (size_t)pool->n + (size_t)p->n_ship + 2;
    size_t width = (size_t)p->n_nodes + (size_t)p->n_veh + 4;
    S.ind = ky_calloc(ctx, width > cols ? width : cols, sizeof *S.ind);
    S.val = ky_calloc(ctx, width > cols ? width : cols, sizeof *S.val);
    S.x0 = ky_calloc(ctx, cols, sizeof *S.x0);
    S.chosen = ky_calloc(ctx, (size_t)p->n_veh + (size_t)p->n_types + 1,
                         sizeof *S.chosen);
    S.sel = ky_calloc(ctx, (size_t)pool->n + 1, sizeof *S.sel);
    S.col = ky_calloc(ctx, (size_t)pool->n + 1, sizeof *S.col);
    S.link = ky_calloc(ctx, (size_t)p->n_ship + 1, sizeof *S.link);
    int rc = KY_ENOMEM;
    if (S.ind && S.val && S.x0 && S.chosen && S.sel && S.col && S.link)
        rc = ky_milp__guarded(ctx, setpart_run, &S);
    if (rc == KY_OK && res->has_solution) {
        double check = ky_routes_objective(p, out);
        if (!(fabs(check - res->obj) <= 1e-6 * (1.0 + fabs(check)))) {
            ky_log(ctx, KY_LOG_ERROR,
                   "set partitioning: route check %.6f != model %.6f",
                   check, res->obj);
            rc = KY_EINTERNAL;
        }
    }
    ky_free(ctx, S.ind);
    ky_free(ctx, S.val);
    ky_free(ctx, S.x0);
    ky_free(ctx, S.chosen);
    ky_free(ctx, S.sel);
    ky_free(ctx, S.col);
    ky_free(ctx, S.link);
    ky_free(ctx, S.vis_off);
    ky_free(ctx, S.vis);
    ky_free(ctx, S.n_vis);
    return rc;
}
