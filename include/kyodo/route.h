/* kyodo route: the one place that knows whether a route is feasible and
 * what it costs. Every solver, and the tests of every solver, ask it;
 * nothing else re-implements feasibility (kyodo check re-derives it on its
 * own, on purpose, from the written plan).
 *
 * A problem (ky_problem) is the solver's view of a scenario: each shipment
 * s has two nodes, KY_PICKUP(s) and KY_DELIVERY(s). A node is a route stop
 * when its side is at a location; the side at a depot is not a stop:
 *   - pickup at a depot: the goods are loaded at the route's start, so
 *     only vehicles that start at that depot's location carry it;
 *   - delivery at a depot: unloaded at the route's end, at that depot.
 * A route is a vehicle and a sequence of stop nodes; the vehicle leaves its
 * start depot and returns to its end depot.
 *
 * Time model: service starts inside one of the stop's windows (waiting is
 * allowed); loading at the start depot (the pickup service of every
 * depot-loaded shipment) starts inside the depot's hours, after the goods
 * are ready and before their window closes; unloading at the end depot
 * likewise; the whole route lies within the vehicle's shift. Of all
 * feasible schedules, the route takes one of minimum working time (end
 * minus start): it leaves as late as it still can, so that it loses no
 * time waiting (a route without waits then ends at its shift's or depot's
 * end), unless leaving earlier, to serve a stop in an earlier one of its
 * windows, makes the day shorter (ties go to the earlier end).
 *
 * Driver rules (a vehicle's max_drive, break_after, break_min): the
 * route's driving, summed over its legs, stays within max_drive; the
 * driver rests break_min minutes each time break_after minutes of
 * driving have gone by since the last rest, on the road as late as the
 * rule allows (so the rest lengthens that leg), and a wait of at least
 * break_min at a stop counts as a rest. Rests are working time. The
 * schedule is the earliest one from the chosen departure; a route is
 * feasible when the earliest departure's schedule is. The incremental
 * checks below leave rules out (a relaxation) and confirm their best
 * candidates by full evaluation.
 *
 * Cost of a used vehicle: fixed + cost_per_km * km + cost_per_hour *
 * working hours (+ the lateness at soft windows). An empty route costs
 * nothing.
 *
 * Soft windows: a stop may start after its last window closes, up to its
 * max_late, at its late_cost per minute. A route with such stops takes
 * the schedule of least hourly plus lateness cost over the departures
 * where that cost bends, and the incremental checks below confirm their
 * best candidates by full evaluation. */
#ifndef KYODO_ROUTE_H
#define KYODO_ROUTE_H

#include "kyodo/matrix.h"
#include "kyodo/scenario.h"

/* Tolerance for every time, distance and cost comparison. */
#define KY_EPS 1e-6

#define KY_PICKUP(s) (2 * (s))
#define KY_DELIVERY(s) (2 * (s) + 1)
#define KY_NODE_SHIPMENT(node) ((node) >> 1)
#define KY_NODE_IS_PICKUP(node) (((node) & 1) == 0)

typedef enum ky_ship_kind {
    KY_SHIP_PD = 0,       /* pickup stop, then delivery stop */
    KY_SHIP_DELIVERY = 1, /* loaded at the start depot, one delivery stop */
    KY_SHIP_PICKUP = 2    /* one pickup stop, unloaded at the end depot */
} ky_ship_kind;

typedef struct ky_problem {
    const ky_scenario *scen;
    const ky_matrix *mat;
    int32_t n_ship, n_veh, n_nodes; /* n_nodes = 2 * n_ship */
    int n_dims;

    /* per shipment */
    ky_ship_kind *kind;

    /* per node */
    int32_t *loc;      /* location index */
    bool *is_stop;     /* the node is a route stop */
    double *service;   /* minutes */
    int32_t *n_tw;
    const ky_window **tw; /* into the scenario */
    int64_t *delta;    /* n_nodes * n_dims: load change when visited */

    /* per vehicle */
    int32_t *start_loc, *end_loc;
    ky_window *start_hours, *end_hours; /* depot hours */
    int32_t *type;     /* vehicles of one type are interchangeable */
    int32_t n_types;
    int32_t *type_count; /* vehicles per type */
    int32_t *type_first; /* lowest vehicle index of each type */

    uint8_t *compat;   /* n_ship * n_veh: shipment may ride on vehicle */
    /* Co-loading bans: each company in some ban has a bit; a route may
     * not carry shipments s and t when ban_mask[s] & ban_self[t]. */
    uint64_t *ban_self, *ban_mask; /* per shipment */
    bool has_bans;                 /* some shipment has a ban */

    /* What the solvers minimise, per vehicle: obj_fixed when used, plus
     * obj_km per km, plus obj_hour per working hour; set by
     * ky_problem_set_objective (default: the scenario's costs). */
    double *obj_fixed, *obj_km, *obj_hour;
    double *penalty; /* per shipment: objective cost of leaving it out */
    int objective;   /* ky_objective of the above */

    /* Multi-sourcing. Each source of a scenario shipment is one problem
     * shipment (s above), and at most one problem shipment of a scenario
     * shipment is served (a route with two is infeasible). group[s]: the
     * scenario shipment of s, source[s]: its source; the problem
     * shipments of scenario shipment g are grp_first[g] ..
     * grp_first[g + 1] - 1, and each carries g's penalty. Without
     * alternatives, both numberings agree. node_cost: per node, the
     * money a source adds (on the shipment's first stop); node_obj: the
     * same in the objective (0 unless it is cost). */
    int32_t n_groups;
    int32_t *group, *source, *grp_first;
    bool has_alternatives;
    double *node_cost, *node_obj;

    /* Cross-dock transfers. A shipment that may change vehicle at a
     * cross-dock depot has, besides its sources, options: a source, a
     * hub h and a handover time T on the hub's grid (handover_step
     * minutes; at most KY_MAX_HANDOVERS per source and hub, spread over
     * the times its windows allow). An option is two problem shipments
     * of the shipment's group, leg 1 (inbound: source to an unload stop
     * at h, service the delivery's, done by T) and leg 2 (outbound: a
     * load stop at h from T + handling, service the source's, to the
     * delivery). Both legs are served or neither, on different
     * vehicles; then the group counts as served by the inbound leg.
     * The windows make the handover hold whatever the routes do, so the
     * only rule that spans routes is the dock count (at most docks
     * vehicles in service at a hub's unload and load stops at once):
     * ky_docks_ok. leg[s] is 0 for a whole shipment; mate[s] the other
     * leg (-1), hub[s] the depot (-1), handover[s] the time T (0). */
    int8_t *leg;
    int32_t *mate, *hub;
    double *handover;
    ky_window *hub_tw; /* per node: the window of a leg's hub stop or a
                          reload's depot stop */
    bool has_transfers;
    bool has_docks; /* some hub of a transfer option limits its docks */
    bool has_driver_rules; /* some vehicle limits driving or needs rests */

    /* Multi-trip: a shipment with one side at a depot has, when some
     * vehicle is multi_trip, a reload option per source (reload[s]):
     * that side is a stop at the depot, within the side's window and
     * the depot's hours, for multi-trip vehicles that start (end) there.
     * A route then comes back to its depot to load the next trip's goods
     * (unload what it collected) as stops, and its capacity holds trip
     * by trip. */
    bool *reload;

    /* Soft windows: a node with late_cost[u] > 0 may start service up to
     * its side's max_late after soft_close[u] (the last window's close),
     * at late_cost[u] per minute late (late_obj[u] in the objective);
     * its windows (own_tw) reach that far. */
    double *late_cost, *late_obj, *soft_close;
    ky_window *own_tw; /* n_nodes * KY_MAX_WINDOWS */
    bool has_soft;

    ky_ctx ctx;
} ky_problem;

#define KY_MAX_HANDOVERS 6

typedef enum ky_objective {
    KY_OBJ_COST = 0,             /* fixed + per km + per hour */
    KY_OBJ_DISTANCE = 1,         /* total km */
    KY_OBJ_VEHICLES_DISTANCE = 2 /* fewest vehicles, then km */
} ky_objective;

const char *ky_objective_name(ky_objective o);
/* Parses "cost", "distance", "vehicles,distance"; -1 when unknown. */
int ky_objective_parse(const char *text);
/* Sets what solvers minimise. KY_OBJ_COST: money, the scenario's
 * penalties for unassigned shipments. KY_OBJ_DISTANCE and
 * KY_OBJ_VEHICLES_DISTANCE are lexicographic: first serve as many
 * shipments as possible, then (for the latter) use the fewest vehicles,
 * then drive the fewest km; each level weighs more than the next can
 * change. */
void ky_problem_set_objective(ky_problem *p, ky_objective o);

/* Builds the solver's view. s and m must outlive the problem. Returns
 * KY_OK, KY_ENOMEM, or KY_EINPUT (with a message) for a shipment that has
 * no stop at all (depot to depot). */
int ky_problem_new(ky_problem **out, const ky_scenario *s,
                   const ky_matrix *m, const ky_ctx *ctx, ky_error *err);
void ky_problem_free(ky_problem *p);

/* Do km and minutes between the locations the problem uses obey the
 * triangle inequality (up to rounding)? Then leaving a stop out of a
 * route never makes it longer, costlier or later. false when unsure
 * (out of memory, or too many locations to check). */
bool ky_problem_triangle(const ky_problem *p);

static inline bool ky_problem_compat(const ky_problem *p, int32_t s,
                                     int32_t v)
{
    return p->compat[(size_t)s * (size_t)p->n_veh + (size_t)v] != 0;
}

static inline double ky_problem_min(const ky_problem *p, int32_t a,
                                    int32_t b)
{
    return ky_matrix_min(p->mat, a, b);
}

static inline double ky_problem_km(const ky_problem *p, int32_t a, int32_t b)
{
    return ky_matrix_km(p->mat, a, b);
}

/* Minutes shipment s adds at a depot: loading at the start for one
 * picked up there, unloading at the end for one delivered there. */
static inline double ky_problem_load_min(const ky_problem *p, int32_t s)
{
    return p->kind[s] == KY_SHIP_DELIVERY ? p->service[KY_PICKUP(s)] : 0.0;
}

static inline double ky_problem_unload_min(const ky_problem *p, int32_t s)
{
    return p->kind[s] == KY_SHIP_PICKUP ? p->service[KY_DELIVERY(s)] : 0.0;
}

/* ---- full evaluation ----------------------------------------------- */

typedef enum ky_violation {
    KY_VIOL_NONE = 0,
    KY_VIOL_NODE,        /* not a stop node, out of range, or repeated */
    KY_VIOL_VEHICLE,     /* the shipment may not ride on this vehicle */
    KY_VIOL_COLOADING,   /* goods of two companies that may not share */
    KY_VIOL_PAIRING,     /* a pickup without its delivery, or vice versa */
    KY_VIOL_PRECEDENCE,  /* a delivery before its pickup */
    KY_VIOL_CAPACITY,    /* load above capacity in some dimension */
    KY_VIOL_TIME_WINDOW, /* a stop reached after its last window closes */
    KY_VIOL_START,       /* no start time fits shift, depot and ready times */
    KY_VIOL_END,         /* the route cannot end within shift/depot hours */
    KY_VIOL_DRIVING      /* more driving than the driver's day allows */
} ky_violation;

const char *ky_violation_name(ky_violation v);

typedef struct ky_route_eval {
    bool feasible;
    ky_violation violation; /* first one found */
    int32_t at;             /* its position: 0 start, 1..n stops, n+1 end */
    double km;
    double drive_min;   /* travel */
    double service_min; /* handling, depot loading/unloading included */
    double wait_min;
    double rest_min;    /* drivers' rests (see ky_stop_time.rest) */
    double late_min;    /* minutes late at soft windows, summed */
    double late_cost;   /* their money (in cost) */
    double work_min;    /* end - start */
    double start_min;   /* start of loading at the start depot */
    double end_min;     /* end of unloading at the end depot */
    double cost;        /* money: 0 for an empty route */
    double obj;         /* objective (see ky_problem_set_objective) */
    double co2_kg;
} ky_route_eval;

/* Schedule of one position: 0 = start depot, 1..n = stops, n+1 = end. */
typedef struct ky_stop_time {
    double arrival;
    double start;     /* start of service (loading at the start depot) */
    double departure; /* end of service (end of unloading at the end) */
    double rest;      /* the driver's rest on the way here, minutes */
    double late;      /* minutes after a soft window closed */
    int64_t load[KY_MAX_DIMS]; /* after the stop */
} ky_stop_time;

/* Evaluates vehicle v driving nodes[0..n-1]. Fills *out; when times is not
 * NULL and the route is feasible, also the n + 2 positions' schedule.
 * Never fails: infeasibility is reported in out. */
void ky_route_eval_full(const ky_problem *p, int32_t v, const int32_t *nodes,
                        int32_t n, ky_route_eval *out, ky_stop_time *times);

/* ---- incremental evaluation ------------------------------------------
 *
 * A ky_rstate holds one route with forward and backward data per position
 * so that inserting a stop or a pickup-delivery pair is checked in
 * constant time per position (pairs: linear in the stops between):
 *   early[p]  earliest start of service at p when leaving as early as
 *             possible;
 *   late[p]   latest start of service at p from which the rest of the
 *             route is still feasible (exact with several windows too:
 *             arriving at p at any time <= late[p] keeps it feasible);
 *   load      load after p, and its prefix and suffix maxima.
 * When an insertion changes the depot loading or unloading (service or
 * windows of a depot-side shipment), it is checked by full evaluation
 * instead. Cost deltas are exact for distance and fixed cost; the
 * working-time part is estimated from added travel and service (waiting
 * ignored) and made exact when the route is set again. */
typedef struct ky_rstate {
    int32_t vehicle;
    int32_t n;   /* stops */
    int32_t cap; /* stops the arrays hold */
    int32_t *node;  /* [0..n+1]; -1 at 0 and n+1 (the depots) */
    int32_t *loc;   /* [0..n+1] */
    double *arc_min, *arc_km; /* [1..n+1]: the arc into each position */
    double *leg[8]; /* scratch: legs to and from a shipment's stops */
    double *early;  /* [0..n+1] */
    double *late;   /* [0..n+1] */
    int64_t *load;  /* [(n+2) * KY_MAX_DIMS] */
    int64_t *pmax;  /* prefix max of load over 0..p */
    int64_t *smax;  /* suffix max of load over p..n+1 */
    double d_start, d_end; /* depot loading / unloading minutes */
    uint64_t present; /* OR of ban_self over the route's shipments */
    bool soft;        /* some stop has a soft window */
    ky_route_eval eval;
    int32_t *scratch; /* cap + 2 nodes for full-evaluation fallbacks */
    ky_ctx ctx;
} ky_rstate;

void ky_rstate_init(ky_rstate *r, const ky_ctx *ctx);
void ky_rstate_free(ky_rstate *r);
/* Loads a route and computes its data. KY_OK or KY_ENOMEM. The route
 * need not be feasible; r->eval says. */
int ky_rstate_set(ky_rstate *r, const ky_problem *p, int32_t v,
                  const int32_t *nodes, int32_t n);

/* Semi-private, for the heuristics: as ky_rstate_set, for a route whose
 * structure the caller guarantees (valid stop nodes of compatible
 * shipments, each once, pairs complete with the pickup first); skips
 * the quadratic structure check. Plans are re-checked in full later. */
int ky_rstate__set_trusted(ky_rstate *r, const ky_problem *p, int32_t v,
                           const int32_t *nodes, int32_t n);

/* Can the one-stop shipment with stop node u go right after position pos
 * (0..n)? On true, *delta is the objective increase. r must be
 * feasible. */
bool ky_rstate_try_insert(ky_rstate *r, const ky_problem *p, int32_t pos,
                          int32_t u, double *delta);

/* Best insertion of pickup-delivery shipment s (both nodes are stops):
 * pickup after position *i, delivery after position *j of the current
 * route (i <= j; i == j means right after the pickup). Returns false when
 * no position is feasible. r must be feasible. */
bool ky_rstate_best_pair(ky_rstate *r, const ky_problem *p, int32_t s,
                         int32_t *i, int32_t *j, double *delta);

/* Best insertion of shipment s of any kind: one-stop shipments return
 * *j = -1 and *i = the position after which the stop goes. */
bool ky_rstate_best(ky_rstate *r, const ky_problem *p, int32_t s,
                    int32_t *i, int32_t *j, double *delta);

/* ---- route sets ---------------------------------------------------------
 * A compact copy of every vehicle's stops (a solution), for keeping the
 * best plan so far and handing plans between solvers. */
typedef struct ky_routes {
    int32_t n_veh;
    int32_t *off;  /* n_veh + 1 offsets into node */
    int32_t *node; /* every vehicle's stops, vehicle after vehicle */
    int32_t cap;   /* nodes node[] holds */
    ky_ctx ctx;
} ky_routes;

int ky_routes_new(ky_routes **out, int32_t n_veh, const ky_ctx *ctx);
void ky_routes_free(ky_routes *r);
/* Replaces the content: vehicle v drives nodes[v][0..len[v]-1]. */
int ky_routes_assign(ky_routes *r, const int32_t *const *nodes,
                     const int32_t *len);
/* Copies src into dst (same vehicle count). */
int ky_routes_copy(ky_routes *dst, const ky_routes *src);
static inline int32_t ky_routes_len(const ky_routes *r, int32_t v)
{
    return r->off[v + 1] - r->off[v];
}
static inline const int32_t *ky_routes_of(const ky_routes *r, int32_t v)
{
    return r->node + r->off[v];
}
/* Objective of a route set: the routes' obj plus the penalty of every
 * shipment no route serves. Infeasible routes, or transfers that break
 * the plan-level rules (ky_routes_transfers_ok), make it HUGE_VAL. */
double ky_routes_objective(const ky_problem *p, const ky_routes *r);

/* ---- plan-level rules ------------------------------------------------
 * Transfers tie routes together: both legs of an option or neither, and
 * the dock count of each hub. A ky_docks checks the latter over every
 * route's schedule; routes without transfer stops are skipped cheaply. */
typedef struct ky_dock_visit {
    int32_t hub;
    double start, end; /* service interval [start, end) */
} ky_dock_visit;

/* Appends route (v, nodes[0..n-1])'s transfer stops with service to
 * out[*n_out] (room for n) as visits, scheduled by the route core;
 * times is scratch for n + 2 positions. The route must be feasible. */
void ky_dock_visits(const ky_problem *p, int32_t v, const int32_t *nodes,
                    int32_t n, ky_stop_time *times, ky_dock_visit *out,
                    int32_t *n_out);
/* Do the visits keep every hub's dock count? */
bool ky_docks_ok(const ky_problem *p, const ky_dock_visit *vis, int32_t n);
/* Are more vehicles than its hub has docks in service when visit i
 * starts? */
bool ky_docks_over(const ky_problem *p, const ky_dock_visit *vis, int32_t n,
                   int32_t i);
/* Is visit v at hub in service at time t? */
bool ky_dock_visit_covers(const ky_dock_visit *v, int32_t hub, double t);
/* The whole set of routes: every option with both legs or neither, no
 * group served twice, and the dock counts. KY_OK with *ok, or
 * KY_ENOMEM. */
int ky_routes_transfers_ok(const ky_problem *p, const ky_routes *r,
                           bool *ok);

/* The problem shipment of p that is option s of problem q (same
 * scenario shipment, source, reload, leg, hub and handover), for problems of
 * two scenarios with the same shipments; -1 when p has no such option
 * (a hub closed or its hours changed, say). */
int32_t ky_problem_find_item(const ky_problem *p, const ky_problem *q,
                             int32_t s);

/* Is node u a transfer stop at a hub (an unload or a load)? */
static inline bool ky_node_at_hub(const ky_problem *p, int32_t u)
{
    return p->leg[KY_NODE_SHIPMENT(u)] == (KY_NODE_IS_PICKUP(u) ? 2 : 1);
}

/* Stop nodes of shipment s: 1 or 2, written to nodes[]. */
int ky_shipment_stops(const ky_problem *p, int32_t s, int32_t nodes[2]);

#endif
