/* kyodo heuristic: construction and large neighbourhood search.
 *
 * A ruin-and-recreate search in the spirit of Christiaens & Vanden
 * Berghe's SISR (Transportation Science, 2020) and Ropke & Pisinger's ALNS
 * for pickup and delivery (2006): each iteration removes related
 * shipments (strings of neighbouring stops, a whole route, or random
 * ones), re-inserts them one by one at their cheapest feasible
 * positions, and accepts the result by simulated annealing. Every
 * feasibility question goes to the route core. Routes met on the way can
 * be handed to a sink, so that a set-partitioning model can recombine
 * them, during the search (the search goes on from a better plan) and
 * after it.
 *
 * For the vehicles,distance objective a fleet-minimisation phase comes
 * first (SISR's): take out the smallest route and search for a plan that
 * serves its shipments on the remaining vehicles, ranking candidates by
 * how often their unserved shipments were left out before ("absences"),
 * so that hard shipments get placed first; repeat while it succeeds.
 *
 * Deterministic: the same problem, options and seed give the same result
 * when the iteration limit (not the deadline) ends the search and the
 * clock did not steer the cooling (always so with iteration_cooling). */
#ifndef KYODO_HEURISTIC_H
#define KYODO_HEURISTIC_H

#include "kyodo/route.h"

/* Receives a feasible route (vehicle v, nodes[0..n-1], objective obj). */
typedef void (*ky_route_sink)(void *ud, int32_t v, const int32_t *nodes,
                              int32_t n, double obj);

/* Search components that can be switched off (for ablation studies). */
enum {
    KY_HEUR_NO_STRINGS = 1 << 0,   /* string removal */
    KY_HEUR_NO_RELATED = 1 << 1,   /* related (Shaw) removal */
    KY_HEUR_NO_RANDOM = 1 << 2,    /* random removal */
    KY_HEUR_NO_ROUTE = 1 << 3,     /* whole-route removal */
    KY_HEUR_NO_ANNEALING = 1 << 4, /* accept improvements only */
    KY_HEUR_NO_FLEET = 1 << 5,     /* fleet minimisation phase */
    KY_HEUR_NO_GRANULAR = 1 << 6,  /* try every route for an insertion */
    KY_HEUR_NO_SORTS = 1 << 7      /* random insertion order only */
};

typedef struct ky_heur_options {
    uint64_t seed;
    int64_t iterations; /* ruin-and-recreate iterations after construction */
    double deadline;    /* ky_clock_now() time to stop by; 0: none */
    ky_route_sink sink; /* NULL: none */
    void *sink_ud;
    /* Share of the budget for fleet minimisation (vehicles,distance
     * only); default 0.4. */
    double fleet_share;
    unsigned disable;   /* KY_HEUR_NO_* bits */
    /* Cool by the iteration budget alone; the deadline only stops the
     * search. Otherwise the temperature follows whichever of iterations
     * and time is further spent, so that a search cut short by its
     * deadline still ends cold, but then the clock steers it. */
    bool iteration_cooling;
    /* Recombination, e.g. set partitioning over the routes met so far:
     * called KY_HEUR_RECOMBINE_ROUNDS times, evenly spread over the
     * search budget, with the best plan so far. Returns a better plan
     * (owned by the callee, read before the call returns to the search)
     * or NULL; the search then goes on from it. NULL: none. */
    const ky_routes *(*recombine)(void *ud, const ky_routes *best);
    void *recombine_ud;
} ky_heur_options;

#define KY_HEUR_RECOMBINE_ROUNDS 2

void ky_heur_options_init(ky_heur_options *o);

typedef struct ky_heur_stats {
    int64_t iterations;   /* done */
    bool stopped_by_time; /* the deadline, not the limit, ended it */
    bool cancelled;
    double initial_obj;   /* after construction */
    double best_obj;
    int32_t fleet_start, fleet_end; /* vehicles before and after the
                                       fleet phase (0 when it did not run) */
} ky_heur_stats;

/* Improves start (or builds from scratch when start is NULL) and writes
 * the best route set found into best (allocated by the caller with
 * p->n_veh vehicles). KY_OK or KY_ENOMEM; cancellation through ctx is not
 * an error (stats->cancelled). */
int ky_heuristic_run(ky_routes *best, ky_heur_stats *stats,
                     const ky_problem *p, const ky_routes *start,
                     const ky_heur_options *o, const ky_ctx *ctx);

#endif
