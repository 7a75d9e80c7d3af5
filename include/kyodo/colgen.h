/* kyodo colgen: a certified lower bound by column generation.
 *
 * The set-partitioning LP over routes (each shipment served once or its
 * penalty paid, each vehicle type used at most as often as it has
 * vehicles) is solved over a growing set of columns; new columns come
 * from pricing, an elementary (or ng-route) shortest path with resource
 * constraints per vehicle type: time with windows, load per dimension
 * (depot-loaded deliveries, pickups to the depot and pickup-delivery pairs
 * on board), pairing and precedence, co-loading bans.
 *
 * Pricing solves a relaxation, so that every bound it gives is valid:
 * working time is counted as travel plus service (waiting left out), the
 * loading and unloading at the depots take no time, and with ng-routes a
 * shipment may be visited twice. Whatever the columns, the Lagrangian
 * bound  z_master + sum over types of (vehicles of the type) x min(0, the
 * least reduced cost of the type)  is a lower bound on every plan's
 * objective, as long as that least reduced cost comes from a pricing run
 * that finished (exact pricing). When pricing finds no negative column,
 * it is the LP value. Subset-row cuts (each a triple of shipments, of
 * which an integer plan has at most one route serving two or more)
 * raise the LP where it is below a known plan; they are valid for every
 * plan, so the bound stays valid. */
#ifndef KYODO_COLGEN_H
#define KYODO_COLGEN_H

#include "kyodo/milp.h"

typedef enum ky_bound_kind {
    KY_BOUND_NONE = 0,       /* no bound: pricing never finished */
    KY_BOUND_NG = 1,         /* from ng-route pricing (a relaxation) */
    KY_BOUND_ELEMENTARY = 2, /* from elementary pricing */
    KY_BOUND_COMPACT = 3,    /* from the compact MILP's branch and bound */
    KY_BOUND_RELAXED = 4     /* ng-route pricing without loads and pairing */
} ky_bound_kind;

const char *ky_bound_kind_name(ky_bound_kind k);

typedef struct ky_cg_options {
    double time_limit_s;   /* for the whole bound computation */
    int ng_size;           /* ng neighbourhood, shipments; 0: elementary */
    int64_t max_labels;    /* per exact pricing run; 0: by size */
    int max_columns;       /* added per type and round; 0: 30 */
    /* Price without loads, pairing and bans from the start (a weaker
     * bound, KY_BOUND_RELAXED). Otherwise pricing turns to it by itself
     * when a full pass cannot finish in half the time left. */
    bool relaxed;
    /* The objective of a known plan (HUGE_VAL: none). When the LP bound
     * converges below it, every route whose reduced cost is within the
     * gap is enumerated and the integer program over them solved: its
     * optimum is the problem's (an optimal plan uses no other route).
     * When they are too many, those within a smaller gap are: their
     * integer program may find a better plan, and proves a bound above
     * the LP's (see prove_optimum in colgen.c). */
    double upper_bound;
    /* Routes listed for a proof, at most (0: 200000); past it, a
     * smaller gap is tried. */
    int32_t max_enumerated;
    /* Subset-row cuts on three shipments added when the LP converges
     * below upper_bound, at most this many (0: none; at most 256). */
    int max_cuts;
    /* Dual smoothing in [0, 1): pricing at this share of the best
     * bound's duals and the rest of the LP's, which damps a degenerate
     * LP's dual jumps (0: the LP's duals alone). It starts once the LP
     * value has not moved for smooth_after rounds; exhaustive pricing,
     * cheap enough, then runs to the end every round for a bound. */
    double smoothing;
    int smooth_after;
} ky_cg_options;

void ky_cg_options_init(ky_cg_options *o);

typedef struct ky_cg_result {
    ky_bound_kind kind;
    double bound;     /* valid lower bound on the objective */
    double lp;        /* the last master LP value */
    bool converged;   /* the LP is the master's optimum: bound = LP.
                       * Else bound is the best Lagrangian bound of a
                       * finished pricing pass, below the LP. */
    bool found;       /* an integer program over enumerated routes
                       * found a plan no costlier than upper_bound:
                       * `optimum` is its objective, *out holds it */
    bool proven;      /* and proved it optimal */
    double optimum;
    int32_t enumerated; /* routes in the last integer program */
    int32_t rounds, columns;
    int32_t cuts;     /* subset-row cuts in the master */
    int32_t smoothed; /* pricing passes at smoothed duals */
    int64_t labels;
    double seconds;
} ky_cg_result;

/* Computes a lower bound on the objective of every plan of p. pool (may
 * be NULL) gives the first columns. With o->upper_bound and out (may be
 * NULL), also tries to prove the optimum (see upper_bound): when
 * res->proven, out holds an optimal plan. KY_OK (res->kind says whether
 * there is a bound), KY_ENOMEM or KY_EINTERNAL. */
int ky_colgen_bound(const ky_problem *p, const ky_pool *pool,
                    const ky_cg_options *o, ky_cg_result *res,
                    ky_routes *out, const ky_ctx *ctx);

/* ---- pricing, exposed for tests ------------------------------------- */

/* Subset-row cuts for ky_price_best: n triples of shipments, and what a
 * route pays (sigma >= 0, minus the cut's dual) for each second visit
 * among a triple's shipments: floor(visits / 2) times. */
typedef struct ky_price_cuts {
    int n;               /* at most 256 */
    const int32_t *ship; /* 3 n: cut c is ship[3c..3c+2] */
    const double *sigma; /* n */
} ky_price_cuts;

/* The least reduced cost of a route of vehicle type t under shipment
 * duals pi[n_ship], type dual mu (<= 0) and cuts (may be NULL), by exact
 * elementary labelling (ng_size 0) within max_labels labels. Writes the
 * route's stop nodes to nodes (room for 2 n_ship) and its length to *n
 * (0: the empty route is best, *rc = 0). *exact is false when the label
 * budget ran out; *lower is then a lower bound on the least reduced cost,
 * from the labels left and their completion bounds (-HUGE_VAL when there
 * is none), else *rc. KY_OK, KY_ELIMIT (over 256 cuts) or KY_ENOMEM. */
int ky_price_best(const ky_problem *p, int32_t t, const double *pi,
                  double mu, const ky_price_cuts *cuts, int ng_size,
                  int64_t max_labels, double *rc, double *lower,
                  int32_t *nodes, int32_t *n, bool *exact,
                  const ky_ctx *ctx);

/* The relaxed objective pricing gives the route (nodes of vehicle v):
 * the route core's, but with the hourly cost on driving, service and
 * depot loading and unloading only, not on waiting. Never above the
 * route core's for a feasible route; equal when no stop waits. */
double ky_price_route_cost(const ky_problem *p, int32_t v,
                           const int32_t *nodes, int32_t n);

#endif
