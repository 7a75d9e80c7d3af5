/* kyodo plan: the result people and programs read. Routes with every
 * stop's times and loads, totals (cost, km, hours, CO2, vehicles), per
 * company figures, and each unassigned shipment with a reason.
 *
 * Built from a solver's routes by asking the route core for schedules;
 * the plan borrows the problem (and through it the scenario), which must
 * outlive it. */
#ifndef KYODO_PLAN_H
#define KYODO_PLAN_H

#include "kyodo/solve.h"

typedef enum ky_reason {
    KY_REASON_NONE = 0,
    KY_REASON_SKILLS,     /* no vehicle has every required skill */
    KY_REASON_CAPACITY,   /* no vehicle can carry the amount */
    KY_REASON_DEPOT,      /* no vehicle starts (ends) at its depot */
    KY_REASON_TIME,       /* no vehicle can serve it in time, even alone */
    KY_REASON_NOT_SERVED, /* no room found, or cheaper to pay the penalty */
    KY_REASON_RULES,      /* the company rules allow no vehicle for it */
    KY_REASON_VEHICLE,    /* no one vehicle has skills, capacity, depot */
    KY_REASON_CLOSED,     /* its pickup or delivery site is closed */
    KY_REASON_NO_VEHICLE, /* every vehicle is based at a closed site */
    KY_REASON_DRIVING     /* more driving than any driver's day allows */
} ky_reason;

/* A sentence for people, e.g. "no vehicle has the required skills". */
const char *ky_reason_text(ky_reason r);
/* A short stable code for programs, e.g. "skills". */
const char *ky_reason_code(ky_reason r);

typedef struct ky_plan_route {
    int32_t vehicle;
    int32_t n;            /* stops */
    int32_t *nodes;       /* n problem nodes (p->group: their shipment) */
    ky_stop_time *times;  /* n + 2: start depot, stops, end depot */
    ky_route_eval eval;
} ky_plan_route;

typedef struct ky_totals {
    double cost;        /* route cost + penalties */
    double route_cost;
    double penalty;
    double km, drive_min, work_min, service_min, wait_min, co2_kg;
    int32_t vehicles;   /* used */
    int32_t served, unassigned; /* shipments */
    int32_t transfers; /* served shipments that changed vehicle at a hub */
    double late_min;   /* minutes late at soft windows */
} ky_totals;

typedef struct ky_plan {
    const ky_problem *p;
    int32_t n_routes;
    ky_plan_route *routes; /* used vehicles, in vehicle order */
    int32_t n_unassigned;
    int32_t *unassigned;   /* shipment indices, ascending */
    ky_reason *reasons;
    int32_t *source_of;    /* per shipment: the source used, -1 if none */
    ky_totals total;
    /* from the solver */
    ky_method method;
    ky_status status;
    ky_objective objective;
    double objective_value;
    bool has_bound;
    double bound, gap;
    ky_bound_kind bound_kind; /* KY_BOUND_NONE when no bound */
    uint64_t seed;
    int64_t iterations;
    ky_ctx ctx;
} ky_plan;

/* Builds the plan of a solve result. KY_OK, KY_ENOMEM, or KY_EINTERNAL
 * when a route is infeasible or a shipment is served twice (a solver bug,
 * never hidden). */
int ky_plan_new(ky_plan **out, const ky_problem *p,
                const ky_solve_result *res, ky_objective objective,
                uint64_t seed, const ky_ctx *ctx);
void ky_plan_free(ky_plan *plan);

/* Totals of the routes driven by company c's vehicles (c = -1: the
 * cluster's pooled vehicles), and of company c's shipments for
 * served/unassigned/penalty. */
void ky_plan_company_totals(const ky_plan *plan, int32_t c, ky_totals *out);

/* What a municipality counts: the road traffic a plan causes.
 *   vehicle_km   km driven by the vehicles;
 *   trips        trips driven: one per used vehicle, and one more each
 *                time a multi-trip vehicle comes back to its depot to
 *                reload between other stops;
 *   load_factor  used / offered capacity over the km driven: the sum over
 *                legs of km x fill, over the sum of km, where fill is the
 *                fullest dimension's load / capacity on that leg (0..1);
 *   emergency    routes driven by emergency partners' vehicles;
 *   local_share  of the amount (first dimension) the served shipments
 *                have picked up at suppliers' locations, the share picked
 *                up at local ones (0..1; 0 when nothing is).
 * For the plan as a whole (c = KY_KPI_ALL), the figures of every route.
 * For company c, its share of every route that carries its goods: the
 * route's cost, km, hours and CO2 split by each company's fill x km on
 * the route (by shipment count when nothing is carried); vehicles and
 * trips count the routes with its goods on board; the load factor is
 * that of those routes; served, unassigned and penalty are its
 * shipments'. */
#define KY_KPI_ALL (-2)

typedef struct ky_kpi {
    double cost;       /* route cost + penalty */
    double route_cost, penalty;
    double vehicle_km, drive_hours, work_hours, co2_kg;
    double load_factor, local_share;
    int32_t vehicles, trips, served, unassigned, emergency;
} ky_kpi;

void ky_plan_kpi(const ky_plan *plan, int32_t c, ky_kpi *out);

/* Why (scenario) shipment s cannot be served at all, or
 * KY_REASON_NOT_SERVED; with alternative sources, not served when any
 * source could be, closed when every one is. Every
 * other reason is proven: no vehicle is allowed, fits, or (TIME) can
 * serve it even alone, in time. That last proof needs travel times that
 * obey the triangle inequality (metric; see ky_problem_triangle): else a
 * route through other stops might be faster, and NOT_SERVED is
 * returned instead. (ky_plan_new then tries again over the fastest
 * paths between locations, which no route can beat.) */
ky_reason ky_plan_reason(const ky_problem *p, int32_t s, bool metric);

#endif
