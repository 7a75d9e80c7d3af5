/* kyodo heuristic: construction and large neighbourhood search.
 *
 * A ruin-and-recreate search in the spirit of Christiaens & Vanden
 * Berghe's SISR (Transportation Science, 2020) and Ropke & Pisinger's ALNS
 * for pickup and delivery (2006): each iteration removes related
 * shipments (strings of neighbouring stops, a whole route, or random
 * ones), re-inserts them greedily or by regret at their cheapest feasible
 * positions, and accepts the result by simulated annealing. Every
 * feasibility question goes to the route core. Routes met on the way can
 * be handed to a sink, so that a set-partitioning model can recombine
 * them later.
 *
 * Deterministic: the same problem, options and seed give the same result
 * when the iteration limit (not the deadline) ends the search. */
#ifndef KYODO_HEURISTIC_H
#define KYODO_HEURISTIC_H

#include "kyodo/route.h"

/* Receives a feasible route (vehicle v, nodes[0..n-1], objective obj). */
typedef void (*ky_route_sink)(void *ud, int32_t v, const int32_t *nodes,
                              int32_t n, double obj);

typedef struct ky_heur_options {
    uint64_t seed;
    int64_t iterations; /* ruin-and-recreate iterations after construction */
    double deadline;    /* ky_clock_now() time to stop by; 0: none */
    ky_route_sink sink; /* NULL: none */
    void *sink_ud;
} ky_heur_options;

void ky_heur_options_init(ky_heur_options *o);

typedef struct ky_heur_stats {
    int64_t iterations;   /* done */
    bool stopped_by_time; /* the deadline, not the limit, ended it */
    bool cancelled;
    double initial_obj;   /* after construction */
    double best_obj;
} ky_heur_stats;

/* Improves start (or builds from scratch when start is NULL) and writes
 * the best route set found into best (allocated by the caller with
 * p->n_veh vehicles). KY_OK or KY_ENOMEM; cancellation through ctx is not
 * an error (stats->cancelled). */
int ky_heuristic_run(ky_routes *best, ky_heur_stats *stats,
                     const ky_problem *p, const ky_routes *start,
                     const ky_heur_options *o, const ky_ctx *ctx);

#endif
