/* kyodo milp: everything GLPK.
 *
 * Two models over one problem:
 *   - the set-partitioning model over a pool of routes: each column is a
 *     feasible route of one vehicle type (checked by the route core), each
 *     shipment is covered once or pays its penalty, each type is used at
 *     most as often as it has vehicles. Over the heuristic's pool it picks
 *     the best combination of the routes seen;
 *   - the compact model: arc, time and load variables for every vehicle
 *     (pickup and delivery with windows, capacities, heterogeneous
 *     vehicles), solved exactly for small scenarios, exported as CPLEX LP
 *     or MPS (without the dock cuts, which are lazy: found while solving),
 *     and mirrored by models/pdptw.mod in GNU MathProg.
 *
 * Both know alternative sources and cross-dock transfers (see
 * ky_problem): a scenario shipment is served once, by a source or by the
 * inbound leg of a transfer option, whose outbound leg rides iff it does,
 * on another vehicle. The dock count of the hubs is measured on the
 * schedules the route core gives the chosen routes, so neither model
 * states it up front: each solves, checks the docks, adds rows or cuts
 * against what overfilled them and solves again (lazily; see each model).
 *
 * GLPK's terminal output goes to the context's log (debug level), never to
 * stdout. GLPK aborts on misuse, so inputs are validated first; as a last
 * resort its error hook unwinds to the entry point, which frees the GLPK
 * environment of this thread and returns KY_EINTERNAL. Every solution is
 * re-checked with the route core before it is returned. */
#ifndef KYODO_MILP_H
#define KYODO_MILP_H

#include "kyodo/route.h"

typedef enum ky_milp_status {
    KY_MILP_OPTIMAL = 0,    /* proven optimal */
    KY_MILP_FEASIBLE = 1,   /* a solution, not proven optimal */
    KY_MILP_TIME_LIMIT = 2, /* stopped by the limit; maybe a solution */
    KY_MILP_INFEASIBLE = 3, /* proven to have no solution */
    KY_MILP_NO_SOLUTION = 4 /* stopped without any solution */
} ky_milp_status;

typedef struct ky_milp_result {
    ky_milp_status status;
    bool has_solution;
    double obj;      /* of the returned solution */
    bool has_bound;
    double bound;    /* best lower bound proven */
    double lp_bound; /* LP relaxation at the root */
    int32_t rows, cols;
} ky_milp_result;

/* ---- route pool ------------------------------------------------------- */

typedef struct ky_pool ky_pool;

/* A pool of distinct routes (per vehicle type and stop sequence), holding
 * at most max_routes; later additions beyond that are ignored. */
int ky_pool_new(ky_pool **out, const ky_problem *p, int32_t max_routes,
                const ky_ctx *ctx);
void ky_pool_free(ky_pool *pool);
/* Adds a feasible route of vehicle v; duplicates are ignored. Matches
 * ky_route_sink, so the heuristic can feed the pool directly. A failed
 * allocation only makes the pool stop growing. */
void ky_pool_add(void *pool, int32_t v, const int32_t *nodes, int32_t n,
                 double obj);
int32_t ky_pool_size(const ky_pool *pool);
/* Route r (0 <= r < size): its vehicle type, stop nodes (borrowed, valid
 * until the next addition) and objective as added. */
void ky_pool_route(const ky_pool *pool, int32_t r, int32_t *type,
                   const int32_t **nodes, int32_t *n, double *obj);

/* Picks the best combination of pool routes. incumbent (may be NULL) is a
 * plan whose routes are all in the pool; it warm-starts the search. On a
 * solution, out receives it (vehicles of a type assigned in index order).
 * Returns KY_OK (see res->status), KY_ENOMEM or KY_EINTERNAL. */
int ky_setpart_solve(ky_routes *out, ky_milp_result *res,
                     const ky_problem *p, const ky_pool *pool,
                     const ky_routes *incumbent, double time_limit_s,
                     const ky_ctx *ctx);

/* ---- compact model ---------------------------------------------------- */

/* Solves the compact model. incumbent (may be NULL) warm-starts it.
 * Transfers are exact: an assign row per scenario shipment over its
 * sources and inbound legs (or its penalty), a transfer row per option
 * (outbound served = inbound served) and an apart row per scenario
 * shipment with options and vehicle (one of its problem shipments per
 * vehicle, so never both legs on one). With docks, each solution's
 * routes are scheduled by the route core and checked; a combination of
 * routes that overfills a hub gets a no-good cut and the model is solved
 * again, until the docks hold (the optimum, when proven) or the time
 * limit ends it: then res->has_solution is false (the caller keeps its
 * plan) and res->bound still holds. On a solution, out receives it,
 * re-checked by the route core (objective and transfer rules). Returns
 * KY_OK (see res->status), KY_ENOMEM or KY_EINTERNAL. */
int ky_compact_solve(ky_routes *out, ky_milp_result *res,
                     const ky_problem *p, const ky_routes *incumbent,
                     double time_limit_s, const ky_ctx *ctx);

typedef enum ky_model_format {
    KY_MODEL_LP = 0,  /* CPLEX LP */
    KY_MODEL_MPS = 1  /* free MPS */
} ky_model_format;

/* Writes the compact model to path: every row ky_compact_solve starts
 * from, transfer and apart rows included. Dock cuts are not in it: they
 * are found while solving, against the route core's schedules, so a
 * scenario whose hubs limit their docks exports the model without that
 * limit (a relaxation). KY_OK, KY_EIO (message in err), KY_ENOMEM or
 * KY_EINTERNAL. */
int ky_compact_write(const ky_problem *p, ky_model_format format,
                     const char *path, const ky_ctx *ctx, ky_error *err);

/* Writes a GNU MathProg data section for models/pdptw.mod describing the
 * same instance; glpsol -m models/pdptw.mod -d path solves the same
 * model. That model takes one pickup per shipment and no transfers:
 * KY_EINPUT (message in err) for a problem with alternatives or transfer
 * options. KY_OK, KY_EINPUT, KY_EIO or KY_ENOMEM. */
int ky_compact_write_gmpl_data(const ky_problem *p, const char *path,
                               const ky_ctx *ctx, ky_error *err);

/* "5.0" etc. */
const char *ky_glpk_version(void);

#endif
