/* kyodo solve: the orchestrator. Picks the exact method or the heuristic
 * (by size, or as told), enforces the time limit, the seed and the
 * iteration budget, and keeps the best plan found.
 *
 * Both methods search first and feed a route pool; column generation
 * then bounds the plan (kyodo/colgen.h) and proves it optimal when it
 * can; set partitioning over the pool ends them. The heuristic method
 * bounds in the time the search left, up to KY_BOUND_AUTO_SHIPMENTS
 * shipments; the exact method gives column generation most of the time
 * limit, at any size. The compact MILP (kyodo/milp.h) is a third method,
 * for cross-checks. Automatic choice: exact up to KY_EXACT_AUTO_SHIPMENTS
 * shipments, heuristic beyond. Column generation knows no cross-dock
 * transfers: where some shipment may transfer, the automatic choice is
 * the compact MILP up to KY_COMPACT_AUTO_OPTIONS problem shipments
 * (sources, reloads and transfer legs counted apart) and the heuristic
 * beyond, and the exact method searches without a bound.
 * Neither model knows drivers' rests and driving limits nor soft
 * windows: where a vehicle has the former or a stop the latter, every
 * method is the search (with set partitioning over its routes),
 * without a bound.
 *
 * Determinism: the same problem and options give the same routes when
 * the iteration budget, not the time limit, ends the search. */
#ifndef KYODO_SOLVE_H
#define KYODO_SOLVE_H

#include "kyodo/colgen.h"
#include "kyodo/heuristic.h"
#include "kyodo/milp.h"

#define KY_EXACT_AUTO_SHIPMENTS 15
#define KY_COMPACT_AUTO_OPTIONS 12

typedef enum ky_method {
    KY_METHOD_AUTO = 0,
    KY_METHOD_EXACT = 1,     /* search, then column generation */
    KY_METHOD_HEURISTIC = 2, /* search, bound when time is left */
    KY_METHOD_COMPACT = 3    /* the compact MILP by branch and bound */
} ky_method;

/* "auto", "exact", "heuristic" or "compact". */
const char *ky_method_name(ky_method m);

typedef enum ky_status {
    KY_STATUS_OPTIMAL = 0,   /* proven optimal */
    KY_STATUS_FEASIBLE = 1,  /* checked plan, no proof */
    KY_STATUS_TIME_LIMIT = 2,/* the time limit (or a signal) ended it */
    KY_STATUS_INFEASIBLE = 3 /* no plan satisfies the hard rules */
} ky_status;

const char *ky_status_name(ky_status s);

/* Beyond the heuristic's KY_HEUR_NO_* bits: skip set partitioning; skip
 * the column-generation bound. */
#define KY_SOLVE_NO_SETPART (1u << 16)
#define KY_SOLVE_NO_BOUND (1u << 17)

/* Largest scenario the heuristic method computes a bound for: beyond
 * it, pricing rarely converges within a planning run. */
#define KY_BOUND_AUTO_SHIPMENTS 200

typedef struct ky_solve_options {
    ky_method method;
    double time_limit_s; /* default 30 */
    uint64_t seed;       /* default 1 */
    int64_t iterations;  /* heuristic iterations; < 0: by size (default) */
    unsigned disable;    /* KY_HEUR_NO_* | KY_SOLVE_NO_SETPART (ablation) */
    /* The clock only stops the search, never steers it (see
     * ky_heur_options.iteration_cooling): a run that ends on its
     * iteration budget and whose MIPs finish is the same everywhere. */
    bool replayable;
} ky_solve_options;

/* Parses a comma-separated list of component names (strings, related,
 * random, route, annealing, fleet, granular, sorts, setpart, bound) into
 * disable bits; false on an unknown name. */
bool ky_solve_parse_disable(const char *list, unsigned *out);

void ky_solve_options_init(ky_solve_options *o);

/* The heuristic's iteration budget by size (iterations < 0): enough for
 * a good plan of a cluster's day in seconds. */
int64_t ky_solve_default_iterations(int32_t n_ship);

typedef struct ky_solve_result {
    ky_routes *routes;  /* owned */
    ky_method method;   /* what ran: exact or heuristic */
    ky_status status;
    double objective;   /* routes' obj + penalties */
    bool has_bound;
    double bound;       /* proven lower bound on the objective */
    ky_bound_kind bound_kind; /* how it was proven */
    double gap;         /* (objective - bound) / |objective| when bound */
    int64_t iterations; /* heuristic iterations done */
    int64_t iteration_budget;
    int32_t pool_routes;
    double heuristic_objective;   /* before set partitioning */
    double seconds;     /* wall time (not written to plan files) */
} ky_solve_result;

/* Solves. On KY_OK *out holds the result (free with
 * ky_solve_result_free). KY_ENOMEM or KY_EINTERNAL otherwise, *out NULL.
 * Cancellation through ctx returns the best plan so far with status
 * time-limit. */
int ky_solve(ky_solve_result **out, const ky_problem *p,
             const ky_solve_options *o, const ky_ctx *ctx);
void ky_solve_result_free(ky_solve_result *r);

#endif
