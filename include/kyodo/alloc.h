/* kyodo alloc: splitting a joint cost among the companies of a cluster.
 *
 * A cost game of n players (companies) gives the cost c(S) of every
 * coalition S, a bit mask over the players: what S would pay planning its
 * shipments on its vehicles together, alone. c(0) = 0. An allocation x
 * gives each player a share; it is efficient when the shares sum to
 * c(N), the joint cost of everybody.
 *
 *   - Shapley value: each player's mean marginal cost over all orders in
 *     which the coalition can form; exact from all 2^n costs, or sampled
 *     from random orders with a 95 % confidence interval per player.
 *   - Core: the efficient allocations no coalition can object to, i.e.
 *     x(S) <= c(S) for every S (no group pays more than it would alone).
 *   - Least core: the efficient allocation minimising the largest excess
 *     x(S) - c(S) over the proper coalitions; in the core exactly when
 *     that excess is <= 0. Solved as a linear program by GLPK.
 *   - Nucleolus: the one allocation that lexicographically minimises
 *     the excesses, largest first; sequential least-core LPs.
 *
 * Pure computations: no planning happens here. */
#ifndef KYODO_ALLOC_H
#define KYODO_ALLOC_H

#include "kyodo/common.h"

/* Exact methods need all 2^n coalition costs. */
#define KY_GAME_MAX_EXACT 20

typedef struct ky_game {
    int n;              /* players, 1..KY_GAME_MAX_EXACT */
    const double *cost; /* [1 << n]: cost[mask]; cost[0] is taken as 0 */
} ky_game;

/* Exact Shapley value into phi[n]. KY_OK, or KY_EINPUT for a bad n. */
int ky_shapley_exact(const ky_game *g, double *phi);

/* Cost of the coalition mask (bit i = player i); false on failure. */
typedef bool (*ky_coalition_cost)(void *ud, uint64_t mask, double *cost);

/* Shapley value estimated from `samples` random orders of n players
 * (n <= 64): phi[i] is the mean marginal cost, half[i] the half-width of
 * its 95 % confidence interval (1.96 standard errors). Reproducible for
 * a seed. KY_OK, KY_EINPUT (bad n or samples < 2), KY_ENOMEM, or
 * KY_EINTERNAL when cost() fails. */
int ky_shapley_sample(int n, ky_coalition_cost cost, void *ud,
                      int64_t samples, uint64_t seed, double *phi,
                      double *half, const ky_ctx *ctx);

/* One coalition that pays more under an allocation than alone. */
typedef struct ky_core_violation {
    uint64_t mask;
    double excess; /* x(S) - c(S) > 0 */
} ky_core_violation;

/* Checks x against the core: efficiency within tol, and x(S) <= c(S) +
 * tol for every nonempty coalition (singletons: individual rationality).
 * Writes up to max_out violations, largest excess first, into out and
 * their total count into *n_viol; *efficient says whether x sums to
 * c(N). KY_OK or KY_EINPUT. */
int ky_core_check(const ky_game *g, const double *x, double tol,
                  ky_core_violation *out, int max_out, int *n_viol,
                  bool *efficient);

/* Least core: x[n] efficient, minimising eps = max over proper nonempty
 * coalitions of x(S) - c(S); *eps receives it (<= 0: the core is not
 * empty and x is in it). KY_OK, KY_EINPUT, KY_ENOMEM or KY_EINTERNAL. */
int ky_least_core(const ky_game *g, double *x, double *eps,
                  const ky_ctx *ctx);

/* Nucleolus: the allocation that minimises the largest excess, then the
 * next largest, and so on (Schmeidler); always unique, always in the
 * least core, in the core when the core is not empty. Sequential LPs by
 * GLPK: each round fixes the coalitions the optimal duals show to be
 * tight everywhere, until the fixed coalitions determine x. Same limits
 * and returns as ky_least_core. */
int ky_nucleolus(const ky_game *g, double *x, const ky_ctx *ctx);

#endif
