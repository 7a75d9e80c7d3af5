/* kyodo milp, private: the GLPK guard, the MIP driver and helpers shared by
 * the set-partitioning model (milp.c) and the compact model
 * (milp_compact.c). Only src/milp*.c include glpk.h. */
#ifndef KYODO_MILP_INT_H
#define KYODO_MILP_INT_H

#include <glpk.h>

#include "kyodo/milp.h"

/* Runs fn(arg) with GLPK's output routed to the log and its fatal errors
 * caught: on a GLPK error the thread's GLPK environment is freed (every
 * GLPK object is gone) and KY_EINTERNAL is returned. */
int ky_milp__guarded(const ky_ctx *ctx, int (*fn)(void *arg), void *arg);

/* Solves the LP relaxation, then the MIP (presolver off, so x0, when not
 * NULL, is a warm start over the original columns, 1-based). The search
 * stops at the time limit or after node_limit branch-and-bound nodes (0:
 * no node limit), whichever comes first. Fills res (status, obj,
 * bounds). KY_OK or KY_EINTERNAL. */
int ky_milp__solve(glp_prob *P, const double *x0, double time_limit_s,
                   int64_t node_limit, int cuts, const ky_ctx *ctx,
                   ky_milp_result *res);

/* Cut families for ky_milp__solve. GLPK builds the conflict graph for
 * clique cuts without checking its time limit, so large models skip it. */
enum { KY_CUTS_NONE = 0, KY_CUTS_CHEAP = 1, KY_CUTS_ALL = 2 };

/* Adds a column and returns its index. */
int ky_milp__col(glp_prob *P, const char *name, int kind, double lb,
                 double ub, double cost);
/* Adds a row over cols ind[1..n] with coefficients val[1..n]. */
int ky_milp__row(glp_prob *P, const char *name, int type, double lb,
                 double ub, int n, const int *ind, const double *val);

#endif
