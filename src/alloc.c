/* kyodo alloc: Shapley value, core check and least core of cost games
 * (see alloc.h). The least core is a GLPK linear program, so this file
 * goes through the GLPK guard of milp_int.h. */
#include <math.h>
#include <string.h>

#include "kyodo/alloc.h"
#include "kyodo/rng.h"
#include "milp_int.h"

/* The least-core LP has a row per coalition. */
#define LEAST_CORE_MAX 16

static double coalition_cost(const ky_game *g, uint64_t mask)
{
    return mask ? g->cost[mask] : 0.0;
}

static bool game_ok(const ky_game *g, int max_n)
{
    return g && g->cost && g->n >= 1 && g->n <= max_n;
}

int ky_shapley_exact(const ky_game *g, double *phi)
{
    if (!game_ok(g, KY_GAME_MAX_EXACT))
        return KY_EINPUT;
    int n = g->n;
    /* Weight of a coalition of s others: s! (n - s - 1)! / n!, which is
     * 1 / (n * C(n - 1, s)). */
    double w[KY_GAME_MAX_EXACT];
    double binom = 1.0; /* C(n - 1, s) */
    for (int s = 0; s < n; s++) {
        w[s] = 1.0 / ((double)n * binom);
        binom = binom * (double)(n - 1 - s) / (double)(s + 1);
    }
    uint64_t all = (UINT64_C(1) << n) - 1;
    for (int i = 0; i < n; i++) {
        uint64_t bit = UINT64_C(1) << i;
        double sum = 0.0;
        for (uint64_t m = 0; m <= all; m++) {
            if (m & bit)
                continue;
            int s = __builtin_popcountll(m);
            sum += w[s] * (coalition_cost(g, m | bit) - coalition_cost(g, m));
        }
        phi[i] = sum;
    }
    return KY_OK;
}

int ky_shapley_sample(int n, ky_coalition_cost cost, void *ud,
                      int64_t samples, uint64_t seed, double *phi,
                      double *half, const ky_ctx *ctx)
{
    if (n < 1 || n > 64 || samples < 2 || cost == NULL)
        return KY_EINPUT;
    int32_t *order = ky_calloc(ctx, (size_t)n, sizeof *order);
    double *m2 = ky_calloc(ctx, (size_t)n, sizeof *m2);
    if (!order || !m2) {
        ky_free(ctx, order);
        ky_free(ctx, m2);
        return KY_ENOMEM;
    }
    ky_rng rng;
    ky_rng_seed(&rng, seed);
    for (int i = 0; i < n; i++) {
        order[i] = i;
        phi[i] = 0.0;
    }
    int rc = KY_OK;
    /* Welford's running mean and sum of squared deviations per player. */
    for (int64_t k = 1; k <= samples && rc == KY_OK; k++) {
        ky_rng_shuffle(&rng, order, n);
        uint64_t mask = 0;
        double prev = 0.0;
        for (int j = 0; j < n; j++) {
            int i = order[j];
            double c;
            mask |= UINT64_C(1) << i;
            if (!cost(ud, mask, &c)) {
                rc = KY_EINTERNAL;
                break;
            }
            double x = c - prev, d = x - phi[i];
            prev = c;
            phi[i] += d / (double)k;
            m2[i] += d * (x - phi[i]);
        }
    }
    for (int i = 0; i < n && rc == KY_OK; i++)
        half[i] = 1.96 * sqrt(m2[i] / (double)(samples - 1) / (double)samples);
    ky_free(ctx, order);
    ky_free(ctx, m2);
    return rc;
}

int ky_core_check(const ky_game *g, const double *x, double tol,
                  ky_core_violation *out, int max_out, int *n_viol,
                  bool *efficient)
{
    if (!game_ok(g, KY_GAME_MAX_EXACT) || max_out < 0)
        return KY_EINPUT;
    uint64_t all = (UINT64_C(1) << g->n) - 1;
    int kept = 0;
    *n_viol = 0;
    for (uint64_t m = 1; m <= all; m++) {
        double xs = 0.0;
        for (int i = 0; i < g->n; i++)
            if (m >> i & 1)
                xs += x[i];
        double excess = xs - g->cost[m];
        if (m == all) {
            *efficient = fabs(excess) <= tol;
            continue;
        }
        if (excess <= tol)
            continue;
        ++*n_viol;
        /* Keep the largest excesses, sorted. */
        int at = kept < max_out ? kept++ : max_out;
        while (at > 0 && out[at - 1].excess < excess) {
            if (at < max_out)
                out[at] = out[at - 1];
            at--;
        }
        if (at < max_out)
            out[at] = (ky_core_violation){m, excess};
    }
    return KY_OK;
}

typedef struct least_core {
    const ky_game *g;
    double *x, *eps;
    int *ind;
    double *val;
    const ky_ctx *ctx;
} least_core;

static int least_core_run(void *arg)
{
    least_core *L = arg;
    const ky_game *g = L->g;
    int n = g->n;
    uint64_t all = (UINT64_C(1) << n) - 1;
    glp_prob *P = glp_create_prob();
    glp_set_obj_dir(P, GLP_MIN);
    /* x_1..x_n and eps, all free; minimise eps. */
    int eps = n + 1;
    glp_add_cols(P, n + 1);
    for (int j = 1; j <= n + 1; j++)
        glp_set_col_bnds(P, j, GLP_FR, 0.0, 0.0);
    glp_set_col_name(P, eps, "eps");
    glp_set_obj_coef(P, eps, 1.0);
    for (uint64_t m = 1; m <= all; m++) {
        int k = 0;
        for (int i = 0; i < n; i++)
            if (m >> i & 1) {
                L->ind[++k] = i + 1;
                L->val[k] = 1.0;
            }
        if (m == all) { /* efficiency: x(N) = c(N) */
            ky_milp__row(P, "efficiency", GLP_FX, g->cost[m], g->cost[m], k,
                         L->ind, L->val);
            continue;
        }
        L->ind[++k] = eps; /* x(S) - eps <= c(S) */
        L->val[k] = -1.0;
        ky_milp__row(P, NULL, GLP_UP, 0.0, g->cost[m], k, L->ind, L->val);
    }
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_ERR;
    parm.presolve = GLP_ON;
    int rc = KY_EINTERNAL;
    if (glp_simplex(P, &parm) == 0 && glp_get_status(P) == GLP_OPT) {
        for (int i = 0; i < n; i++)
            L->x[i] = glp_get_col_prim(P, i + 1);
        *L->eps = glp_get_col_prim(P, eps);
        rc = KY_OK;
    } else {
        ky_log(L->ctx, KY_LOG_ERROR, "least core: the LP was not solved");
    }
    glp_delete_prob(P);
    return rc;
}

int ky_least_core(const ky_game *g, double *x, double *eps,
                  const ky_ctx *ctx)
{
    if (!game_ok(g, LEAST_CORE_MAX) || g->n < 2)
        return KY_EINPUT;
    least_core L = {g, x, eps, NULL, NULL, ctx};
    L.ind = ky_calloc(ctx, (size_t)g->n + 2, sizeof *L.ind);
    L.val = ky_calloc(ctx, (size_t)g->n + 2, sizeof *L.val);
    int rc = KY_ENOMEM;
    if (L.ind && L.val)
        rc = ky_milp__guarded(ctx, least_core_run, &L);
    ky_free(ctx, L.ind);
    ky_free(ctx, L.val);
    return rc;
}
