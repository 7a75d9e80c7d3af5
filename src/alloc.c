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

/* ---- nucleolus -----------------------------------------------------------
 *
 * Round k solves min eps s.t. x(N) = c(N), x(S) = c(S) + e_S for the
 * coalitions fixed so far, x(S) - eps <= c(S) for the others whose x(S)
 * the fixed ones do not determine yet. A positive dual marks a coalition
 * tight in every optimum: it is fixed at this round's eps. The duals of
 * the free rows sum to one, so every round fixes at least one coalition;
 * the rounds end when the fixed coalitions span R^n (x is determined). */

typedef struct nucleolus {
    const ky_game *g;
    double *x;
    uint8_t *state;  /* per coalition: 0 free, 1 fixed, 2 determined */
    double *fixed_e; /* per coalition: its excess when fixed */
    double *basis;   /* n x n rows in echelon form */
    int rank;
    int *ind, *row_of;
    double *val;
    double eps;     /* the last round's largest free excess */
    bool one_round; /* stop after the least core */
    const ky_ctx *ctx;
} nucleolus;

/* Reduces the indicator vector of mask against the basis; adds it when
 * independent. Returns whether it was independent. */
static bool span_add(nucleolus *N, uint64_t mask, bool add)
{
    int n = N->g->n;
    double v[LEAST_CORE_MAX];
    for (int j = 0; j < n; j++)
        v[j] = (double)(mask >> j & 1);
    for (int r = 0; r < N->rank; r++) {
        const double *b = N->basis + (size_t)r * n;
        int p = 0;
        while (fabs(b[p]) < 1e-12)
            p++;
        double f = v[p];
        if (f != 0.0)
            for (int j = 0; j < n; j++)
                v[j] -= f * b[j];
    }
    int p = -1;
    for (int j = 0; j < n && p < 0; j++)
        if (fabs(v[j]) > 1e-9)
            p = j;
    if (p < 0)
        return false;
    if (add) {
        double *b = N->basis + (size_t)N->rank++ * n;
        for (int j = 0; j < n; j++)
            b[j] = v[j] / v[p];
    }
    return true;
}

static int nucleolus_round(nucleolus *N, bool *done)
{
    const ky_game *g = N->g;
    int n = g->n;
    uint64_t all = (UINT64_C(1) << n) - 1;
    glp_prob *P = glp_create_prob();
    glp_set_obj_dir(P, GLP_MIN);
    int eps = n + 1;
    glp_add_cols(P, n + 1);
    for (int j = 1; j <= n + 1; j++)
        glp_set_col_bnds(P, j, GLP_FR, 0.0, 0.0);
    glp_set_obj_coef(P, eps, 1.0);
    int free_rows = 0;
    for (uint64_t m = 1; m <= all; m++) {
        N->row_of[m] = 0;
        if (N->state[m] == 2 && m != all)
            continue;
        int k = 0;
        for (int i = 0; i < n; i++)
            if (m >> i & 1) {
                N->ind[++k] = i + 1;
                N->val[k] = 1.0;
            }
        double c = g->cost[m];
        if (m == all || N->state[m] == 1) {
            double rhs = m == all ? c : c + N->fixed_e[m];
            ky_milp__row(P, NULL, GLP_FX, rhs, rhs, k, N->ind, N->val);
            continue;
        }
        N->ind[++k] = eps;
        N->val[k] = -1.0;
        N->row_of[m] = ky_milp__row(P, NULL, GLP_UP, 0.0, c, k, N->ind, N->val);
        free_rows++;
    }
    int rc = KY_OK;
    *done = free_rows == 0;
    if (*done) /* nothing left to bound eps: keep the LP bounded */
        glp_set_col_bnds(P, eps, GLP_FX, 0.0, 0.0);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_ERR;
    if (glp_simplex(P, &parm) != 0 || glp_get_status(P) != GLP_OPT) {
        ky_log(N->ctx, KY_LOG_ERROR, "nucleolus: an LP was not solved");
        rc = KY_EINTERNAL;
    } else {
        for (int i = 0; i < n; i++)
            N->x[i] = glp_get_col_prim(P, i + 1);
        double e = N->eps = glp_get_col_prim(P, eps);
        for (uint64_t m = 1; m < all && !*done; m++)
            if (N->row_of[m] && fabs(glp_get_row_dual(P, N->row_of[m])) > 1e-9) {
                N->state[m] = 1;
                N->fixed_e[m] = e;
                span_add(N, m, true);
            }
        /* Coalitions the fixed ones now determine leave the LP. */
        for (uint64_t m = 1; m < all; m++)
            if (N->state[m] == 0 && !span_add(N, m, false))
                N->state[m] = 2;
        if (N->rank >= n)
            *done = true;
    }
    glp_delete_prob(P);
    return rc;
}

static int nucleolus_run(void *arg)
{
    nucleolus *N = arg;
    uint64_t all = (UINT64_C(1) << N->g->n) - 1;
    span_add(N, all, true);
    bool done = false;
    int rc = KY_OK;
    for (uint64_t round = 0; rc == KY_OK && !done && round <= all; round++) {
        rc = nucleolus_round(N, &done);
        done = done || N->one_round;
    }
    return rc;
}

/* The least core is the nucleolus's first round. */
static int excess_rounds(const ky_game *g, double *x, double *eps,
                         bool one_round, const ky_ctx *ctx)
{
    if (!game_ok(g, LEAST_CORE_MAX) || g->n < 2)
        return KY_EINPUT;
    size_t m = (size_t)1 << g->n, n = (size_t)g->n;
    nucleolus N = {g, x, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0.0,
                   one_round, ctx};
    N.state = ky_calloc(ctx, m, sizeof *N.state);
    N.fixed_e = ky_calloc(ctx, m, sizeof *N.fixed_e);
    N.basis = ky_calloc(ctx, n * n, sizeof *N.basis);
    N.ind = ky_calloc(ctx, n + 2, sizeof *N.ind);
    N.row_of = ky_calloc(ctx, m, sizeof *N.row_of);
    N.val = ky_calloc(ctx, n + 2, sizeof *N.val);
    int rc = KY_ENOMEM;
    if (N.state && N.fixed_e && N.basis && N.ind && N.row_of && N.val)
        rc = ky_milp__guarded(ctx, nucleolus_run, &N);
    ky_free(ctx, N.state);
    ky_free(ctx, N.fixed_e);
    ky_free(ctx, N.basis);
    ky_free(ctx, N.ind);
    ky_free(ctx, N.row_of);
    ky_free(ctx, N.val);
    if (rc == KY_OK && eps)
        *eps = N.eps;
    return rc;
}

int ky_least_core(const ky_game *g, double *x, double *eps,
                  const ky_ctx *ctx)
{
    return excess_rounds(g, x, eps, true, ctx);
}

int ky_nucleolus(const ky_game *g, double *x, const ky_ctx *ctx)
{
    return excess_rounds(g, x, NULL, false, ctx);
}
