/* kyodo route: feasibility and cost of routes, the only implementation.
 *
 * HOW THE SCHEDULE IS CHOSEN. Service at a stop may start at any time
 * inside one of its windows, waiting is allowed, and travel times are
 * fixed, so arriving earlier never hurts: the earliest-start schedule from
 * a departure time tau is feasible whenever any schedule from tau is. Let
 * E(tau) be the end of that schedule; working time is f(tau) = E(tau) -
 * tau. Between two departures where no stop changes the window it uses,
 * E grows with slope 0 or 1, so f never increases: f is smallest at the
 * right end of such a piece. Right ends are the latest departure of all
 * (late[0], from the backward pass) and, for a stop with several windows,
 * the latest departure that still reaches window w before it closes. With
 * one window per stop (the usual case) that is one candidate; otherwise
 * one per extra window, each checked in O(n).
 *
 * Depot loading: shipments picked up at the start depot are loaded
 * before leaving; their pickup service adds to the loading time and their
 * windows (ready time, latest loading start) bound the start. Unloading
 * at the end depot is the mirror image. */
#include <math.h>
#include <string.h>

#include "kyodo/route.h"

#define NEG_INF (-1e300)
#define POS_INF (1e300)

/* fmax/fmin without their NaN handling, which keeps them from inlining;
 * no NaN reaches here (the loader rejects non-finite numbers). */
static inline double dmax(double a, double b)
{
    return a > b ? a : b;
}

static inline double dmin(double a, double b)
{
    return a < b ? a : b;
}

const char *ky_violation_name(ky_violation v)
{
    switch (v) {
    case KY_VIOL_NONE: return "none";
    case KY_VIOL_NODE: return "invalid or repeated stop";
    case KY_VIOL_VEHICLE: return "shipment not allowed on this vehicle";
    case KY_VIOL_COLOADING:
        return "goods of companies that may not share a vehicle";
    case KY_VIOL_PAIRING: return "pickup and delivery not on one route";
    case KY_VIOL_PRECEDENCE: return "delivery before pickup";
    case KY_VIOL_CAPACITY: return "capacity exceeded";
    case KY_VIOL_TIME_WINDOW: return "time window missed";
    case KY_VIOL_START: return "no feasible start time";
    case KY_VIOL_END: return "route cannot end within shift and depot hours";
    case KY_VIOL_DRIVING: return "more driving than the driver may do";
    }
    return "unknown";
}

/* ---- problem ---------------------------------------------------------- */

const char *ky_objective_name(ky_objective o)
{
    switch (o) {
    case KY_OBJ_COST: return "cost";
    case KY_OBJ_DISTANCE: return "distance";
    case KY_OBJ_VEHICLES_DISTANCE: return "vehicles,distance";
    }
    return "cost";
}

int ky_objective_parse(const char *text)
{
    if (strcmp(text, "cost") == 0)
        return KY_OBJ_COST;
    if (strcmp(text, "distance") == 0)
        return KY_OBJ_DISTANCE;
    if (strcmp(text, "vehicles,distance") == 0)
        return KY_OBJ_VEHICLES_DISTANCE;
    return -1;
}

/* An upper bound on any plan's km: every shipment on a route of its own,
 * start -> pickup -> delivery -> end over the longest such legs. */
static double km_upper_bound(const ky_problem *p)
{
    double max_arc = 0.0;
    const ky_matrix *m = p->mat;
    for (size_t k = 0; k < (size_t)m->n * (size_t)m->n; k++)
        if (m->km[k] > max_arc)
            max_arc = m->km[k];
    return 3.0 * max_arc * (double)(p->n_ship + 1);
}

void ky_problem_set_objective(ky_problem *p, ky_objective o)
{
    const ky_scenario *sc = p->scen;
    /* distance and vehicles,distance are lexicographic: serving a shipment
     * outweighs any number of vehicles, a vehicle any km. The scenario's
     * penalties are money and apply to the cost objective only. */
    double km_ub = km_upper_bound(p);
    double weight = o == KY_OBJ_VEHICLES_DISTANCE ? km_ub : 0.0;
    double serve = o == KY_OBJ_VEHICLES_DISTANCE
                       ? ((double)p->n_veh + 2.0) * weight
                       : 2.0 * km_ub;
    for (int32_t v = 0; v < p->n_veh; v++) {
        const ky_vehicle *veh = &sc->vehicles[v];
        p->obj_fixed[v] = o == KY_OBJ_COST ? veh->fixed_cost : weight;
        p->obj_km[v] = o == KY_OBJ_COST ? veh->cost_per_km : 1.0;
        p->obj_hour[v] = o == KY_OBJ_COST ? veh->cost_per_hour : 0.0;
    }
    for (int32_t s = 0; s < p->n_ship; s++)
        p->penalty[s] =
            o == KY_OBJ_COST ? sc->shipments[p->group[s]].penalty : serve;
    /* a source's extra cost is money: the cost objective's alone */
    for (int32_t u = 0; u < p->n_nodes; u++) {
        p->node_obj[u] = o == KY_OBJ_COST ? p->node_cost[u] : 0.0;
        p->late_obj[u] = o == KY_OBJ_COST ? p->late_cost[u] : 0.0;
    }
    p->objective = (int)o;
}

static bool vehicles_identical(const ky_scenario *s, int32_t a, int32_t b)
{
    const ky_vehicle *x = &s->vehicles[a], *y = &s->vehicles[b];
    if (x->company != y->company || x->start_depot != y->start_depot ||
        x->end_depot != y->end_depot || x->skills != y->skills ||
        x->dedicated != y->dedicated || x->emergency != y->emergency ||
        x->multi_trip != y->multi_trip)
        return false;
    if (x->shift.open != y->shift.open || x->shift.close != y->shift.close)
        return false;
    if (x->fixed_cost != y->fixed_cost || x->cost_per_km != y->cost_per_km ||
        x->cost_per_hour != y->cost_per_hour ||
        x->co2_kg_per_km != y->co2_kg_per_km ||
        x->max_drive != y->max_drive || x->break_after != y->break_after ||
        x->break_min != y->break_min)
        return false;
    for (int d = 0; d < s->n_dims; d++)
        if (x->capacity[d] != y->capacity[d])
            return false;
    return true;
}

/* The pickup of problem shipment s: its source's. */
static const ky_stop_spec *pickup_of(const ky_problem *p, int32_t s)
{
    return ky_shipment_source(&p->scen->shipments[p->group[s]],
                              p->source[s]);
}

static bool compat_of(const ky_problem *p, int32_t s, int32_t v)
{
    const ky_scenario *sc = p->scen;
    const ky_shipment *sh = &sc->shipments[p->group[s]];
    const ky_stop_spec *pk = pickup_of(p, s);
    const ky_vehicle *veh = &sc->vehicles[v];
    if ((sh->skills & ~veh->skills) != 0)
        return false;
    for (int d = 0; d < sc->n_dims; d++)
        if (sh->amount[d] > veh->capacity[d])
            return false;
    int32_t start_loc = sc->depots[veh->start_depot].location;
    int32_t end_loc = sc->depots[veh->end_depot].location;
    if (sc->locations[start_loc].closed || sc->locations[end_loc].closed ||
        sc->locations[pk->location].closed ||
        sc->locations[sh->delivery.location].closed)
        return false;
    if (pk->site == KY_SITE_DEPOT && pk->location != start_loc)
        return false;
    if (sh->delivery.site == KY_SITE_DEPOT &&
        sh->delivery.location != end_loc)
        return false;
    if (p->reload[s] && !veh->multi_trip)
        return false;
    return ky_scenario_rules_allow(sc, p->group[s], v);
}

/* ---- reloads (multi-trip) ------------------------------------------------- */

/* Scenario shipment g from source k has one side at a depot. A
 * multi-trip vehicle may load it there (or unload it) at a stop of its
 * route, a reload, instead of at the route's start (end): service
 * starting within the side's window and the depot's hours, ending by
 * the depot's close. Writes that window; false when there is no such
 * option (no multi-trip vehicle, both or neither side at a depot, or an
 * empty window). */
static bool reload_window(const ky_scenario *sc, int32_t g, int32_t k,
                          ky_window *w)
{
    const ky_shipment *sh = &sc->shipments[g];
    const ky_stop_spec *pk = ky_shipment_source(sh, k);
    bool dep_p = pk->site == KY_SITE_DEPOT,
         dep_d = sh->delivery.site == KY_SITE_DEPOT;
    bool any = false;
    for (int32_t v = 0; v < sc->n_vehicles && !any; v++)
        any = sc->vehicles[v].multi_trip;
    if (!any || dep_p == dep_d)
        return false;
    const ky_stop_spec *side = dep_p ? pk : &sh->delivery;
    const ky_depot *d = &sc->depots[side->depot];
    w->open = dmax(side->windows[0].open, d->hours.open);
    w->close = dmin(side->windows[0].close, d->hours.close - side->service);
    return w->open <= w->close + KY_EPS;
}

/* ---- transfer options ---------------------------------------------------- */

/* Handover times of scenario shipment g from source k through depot h,
 * written to t[] (at most KY_MAX_HANDOVERS), ascending; 0 when the
 * shipment may not transfer there. A handover T is on the hub's grid
 * and leaves room on both sides: unloading can end by T after the
 * earliest pickup and the drive to the hub, loading from T + handling
 * can still reach the delivery's last window. More grid times than fit
 * are thinned evenly, keeping the first and the last. */
static int handovers(const ky_scenario *sc, const ky_matrix *m, int32_t g,
                     int32_t k, int32_t h, double *t)
{
    const ky_shipment *sh = &sc->shipments[g];
    const ky_stop_spec *pk = ky_shipment_source(sh, k);
    const ky_depot *hub = &sc->depots[h];
    int32_t hl = hub->location;
    if (!hub->cross_dock || sc->locations[hl].closed ||
        !ky_scenario_may_transfer(sc, g) || pk->site != KY_SITE_LOCATION ||
        sh->delivery.site != KY_SITE_LOCATION || pk->location == hl ||
        sh->delivery.location == hl)
        return 0;
    double unload = sh->delivery.service, load = pk->service;
    double step = hub->handover_step > 0 ? hub->handover_step
                                         : KY_HANDOVER_STEP;
    double ready = pk->windows[0].open + pk->service +
                   ky_matrix_min(m, pk->location, hl);
    double lo = dmax(hub->hours.open, ready) + unload;
    double last = sh->delivery.windows[sh->delivery.n_windows - 1].close;
    double hi = dmin(hub->hours.close,
                     last - ky_matrix_min(m, hl, sh->delivery.location)) -
                load - hub->handling;
    if (hi > lo + 24 * 60) /* open-ended: the first day is plenty */
        hi = lo + 24 * 60;
    if (!(lo <= hi + KY_EPS))
        return 0;
    double first = ceil(lo / step - 1e-9) * step;
    double count = first <= hi + KY_EPS ? floor((hi - first) / step + 1e-9) + 1
                                        : 0.0;
    /* the loader wants a step of a minute at least; in memory, clamp */
    int64_t n = count > 1e6 ? 1000000 : (int64_t)count;
    if (n <= 0)
        return 0;
    int kept = n < KY_MAX_HANDOVERS ? (int)n : KY_MAX_HANDOVERS;
    for (int i = 0; i < kept; i++) {
        int64_t at = kept == 1 ? 0 : (int64_t)i * (n - 1) / (kept - 1);
        t[i] = first + (double)at * step;
    }
    return kept;
}

/* The hub stop of leg s: an unload by the handover (inbound) or a load
 * from handover + handling (outbound), inside the hub's hours. */
static void fill_hub_node(ky_problem *p, int32_t s)
{
    const ky_depot *hub = &p->scen->depots[p->hub[s]];
    bool in = p->leg[s] == 1;
    int32_t node = in ? KY_DELIVERY(s) : KY_PICKUP(s);
    p->loc[node] = hub->location;
    p->is_stop[node] = true;
    p->late_cost[node] = 0.0; /* the hub's hours are hard */
    ky_window *w = &p->hub_tw[node];
    if (in) {
        /* unloading takes the delivery's service */
        w->open = hub->hours.open;
        w->close = dmin(p->handover[s], hub->hours.close) - p->service[node];
    } else {
        /* loading takes the source's service */
        w->open = dmax(hub->hours.open, p->handover[s] + hub->handling);
        w->close = hub->hours.close - p->service[node];
    }
    if (w->close < w->open)
        w->close = w->open;
    p->n_tw[node] = 1;
    p->tw[node] = w;
}

/* A soft window: the last close moves back by max_late. */
static void fill_soft_node(ky_problem *p, int32_t node, const ky_stop_spec *st)
{
    ky_window *w = &p->own_tw[(size_t)node * KY_MAX_WINDOWS];
    memcpy(w, st->windows, sizeof *w * (size_t)st->n_windows);
    ky_window *last = &w[st->n_windows - 1];
    p->soft_close[node] = last->close;
    p->late_cost[node] = st->late_cost;
    last->close = st->max_late >= KY_TIME_INF
                      ? KY_TIME_INF
                      : dmin(KY_TIME_INF, last->close + st->max_late);
    p->tw[node] = w;
    p->has_soft = true;
}

/* The depot side of reload s: a stop at the depot (see reload_window). */
static void fill_reload_node(ky_problem *p, int32_t s)
{
    int32_t node = p->kind[s] == KY_SHIP_DELIVERY ? KY_PICKUP(s)
                                                  : KY_DELIVERY(s);
    reload_window(p->scen, p->group[s], p->source[s], &p->hub_tw[node]);
    p->is_stop[node] = true;
    p->n_tw[node] = 1;
    p->tw[node] = &p->hub_tw[node];
    p->kind[s] = KY_SHIP_PD;
}

static int problem_alloc(ky_problem *p, const ky_ctx *ctx)
{
    size_t nn = (size_t)p->n_nodes, nv = (size_t)p->n_veh;
    p->kind = ky_calloc(ctx, (size_t)p->n_ship + 1, sizeof *p->kind);
    p->loc = ky_calloc(ctx, nn + 1, sizeof *p->loc);
    p->is_stop = ky_calloc(ctx, nn + 1, sizeof *p->is_stop);
    p->service = ky_calloc(ctx, nn + 1, sizeof *p->service);
    p->n_tw = ky_calloc(ctx, nn + 1, sizeof *p->n_tw);
    p->tw = ky_calloc(ctx, nn + 1, sizeof *p->tw);
    p->delta = ky_calloc(ctx, (nn + 1) * (size_t)(p->n_dims + 1),
                         sizeof *p->delta);
    p->start_loc = ky_calloc(ctx, nv + 1, sizeof *p->start_loc);
    p->end_loc = ky_calloc(ctx, nv + 1, sizeof *p->end_loc);
    p->start_hours = ky_calloc(ctx, nv + 1, sizeof *p->start_hours);
    p->end_hours = ky_calloc(ctx, nv + 1, sizeof *p->end_hours);
    p->type = ky_calloc(ctx, nv + 1, sizeof *p->type);
    p->type_count = ky_calloc(ctx, nv + 1, sizeof *p->type_count);
    p->type_first = ky_calloc(ctx, nv + 1, sizeof *p->type_first);
    p->compat = ky_calloc(ctx, (size_t)p->n_ship * nv + 1, 1);
    p->obj_fixed = ky_calloc(ctx, nv + 1, sizeof *p->obj_fixed);
    p->obj_km = ky_calloc(ctx, nv + 1, sizeof *p->obj_km);
    p->obj_hour = ky_calloc(ctx, nv + 1, sizeof *p->obj_hour);
    p->penalty = ky_calloc(ctx, (size_t)p->n_ship + 1, sizeof *p->penalty);
    p->group = ky_calloc(ctx, (size_t)p->n_ship + 1, sizeof *p->group);
    p->source = ky_calloc(ctx, (size_t)p->n_ship + 1, sizeof *p->source);
    p->grp_first = ky_calloc(ctx, (size_t)p->n_groups + 1,
                             sizeof *p->grp_first);
    p->node_cost = ky_calloc(ctx, nn + 1, sizeof *p->node_cost);
    p->node_obj = ky_calloc(ctx, nn + 1, sizeof *p->node_obj);
    if (!p->group || !p->source || !p->grp_first || !p->node_cost ||
        !p->node_obj)
        return KY_ENOMEM;
    size_t ns = (size_t)p->n_ship + 1;
    p->leg = ky_calloc(ctx, ns, sizeof *p->leg);
    p->mate = ky_calloc(ctx, ns, sizeof *p->mate);
    p->hub = ky_calloc(ctx, ns, sizeof *p->hub);
    p->handover = ky_calloc(ctx, ns, sizeof *p->handover);
    p->hub_tw = ky_calloc(ctx, nn + 1, sizeof *p->hub_tw);
    p->reload = ky_calloc(ctx, ns, sizeof *p->reload);
    p->late_cost = ky_calloc(ctx, nn + 1, sizeof *p->late_cost);
    p->late_obj = ky_calloc(ctx, nn + 1, sizeof *p->late_obj);
    p->soft_close = ky_calloc(ctx, nn + 1, sizeof *p->soft_close);
    p->own_tw = ky_calloc(ctx, (nn + 1) * KY_MAX_WINDOWS, sizeof *p->own_tw);
    if (!p->leg || !p->mate || !p->hub || !p->handover || !p->hub_tw ||
        !p->reload || !p->late_cost || !p->late_obj || !p->soft_close ||
        !p->own_tw)
        return KY_ENOMEM;
    p->ban_self = ky_calloc(ctx, (size_t)p->n_ship + 1, sizeof *p->ban_self);
    p->ban_mask = ky_calloc(ctx, (size_t)p->n_ship + 1, sizeof *p->ban_mask);
    if (!p->obj_fixed || !p->obj_km || !p->obj_hour || !p->penalty ||
        !p->ban_self || !p->ban_mask)
        return KY_ENOMEM;
    if (!p->kind || !p->loc || !p->is_stop || !p->service || !p->n_tw ||
        !p->tw || !p->delta || !p->start_loc || !p->end_loc ||
        !p->start_hours || !p->end_hours || !p->type || !p->type_count ||
        !p->type_first || !p->compat)
        return KY_ENOMEM;
    return KY_OK;
}

/* One problem shipment per source of each scenario shipment, then two
 * per transfer option (inbound leg, outbound leg). */
static void problem_fill_groups(ky_problem *p)
{
    const ky_scenario *sc = p->scen;
    int32_t s = 0;
    for (int32_t g = 0; g < sc->n_shipments; g++) {
        int32_t n_src = ky_shipment_n_sources(&sc->shipments[g]);
        p->grp_first[g] = s;
        for (int32_t k = 0; k < n_src; k++, s++) {
            p->group[s] = g;
            p->source[s] = k;
            p->mate[s] = p->hub[s] = -1;
        }
        for (int32_t k = 0; k < n_src; k++) {
            ky_window w;
            if (!reload_window(sc, g, k, &w))
                continue;
            p->group[s] = g;
            p->source[s] = k;
            p->mate[s] = p->hub[s] = -1;
            p->reload[s++] = true;
        }
        for (int32_t k = 0; k < n_src; k++)
            for (int32_t h = 0; h < sc->n_depots; h++) {
                double t[KY_MAX_HANDOVERS];
                int n = handovers(sc, p->mat, g, k, h, t);
                for (int i = 0; i < n; i++, s += 2)
                    for (int l = 0; l < 2; l++) {
                        p->group[s + l] = g;
                        p->source[s + l] = k;
                        p->leg[s + l] = (int8_t)(l + 1);
                        p->mate[s + l] = s + 1 - l;
                        p->hub[s + l] = h;
                        p->handover[s + l] = t[i];
                        p->has_transfers = true;
                        p->has_docks |= sc->depots[h].docks > 0;
                    }
            }
        p->has_alternatives |= sc->shipments[g].n_alt > 0;
    }
    p->grp_first[sc->n_shipments] = s;
}

static void problem_fill_nodes(ky_problem *p)
{
    const ky_scenario *sc = p->scen;
    for (int32_t s = 0; s < p->n_ship; s++) {
        const ky_shipment *sh = &sc->shipments[p->group[s]];
        const ky_stop_spec *pk = pickup_of(p, s);
        const ky_stop_spec *side[2] = {pk, &sh->delivery};
        bool dep_p = pk->site == KY_SITE_DEPOT;
        bool dep_d = sh->delivery.site == KY_SITE_DEPOT;
        p->kind[s] = dep_p ? KY_SHIP_DELIVERY
                           : (dep_d ? KY_SHIP_PICKUP : KY_SHIP_PD);
        for (int k = 0; k < 2; k++) {
            int32_t node = 2 * s + k;
            p->loc[node] = side[k]->location;
            p->is_stop[node] = side[k]->site == KY_SITE_LOCATION;
            p->service[node] = side[k]->service;
            p->n_tw[node] = side[k]->n_windows;
            p->tw[node] = side[k]->windows;
            if (side[k]->late_cost > 0 && p->is_stop[node])
                fill_soft_node(p, node, side[k]);
            for (int d = 0; d < p->n_dims; d++)
                p->delta[(size_t)node * p->n_dims + d] =
                    k == 0 ? sh->amount[d] : -sh->amount[d];
        }
        if (p->leg[s] != 0)
            fill_hub_node(p, s);
        if (p->reload[s])
            fill_reload_node(p, s);
        /* the source's extra cost falls on the first stop */
        if (p->leg[s] != 2)
            p->node_cost[dep_p ? KY_DELIVERY(s) : KY_PICKUP(s)] =
                sh->source_cost[p->source[s]];
    }
}

static void problem_fill_vehicles(ky_problem *p)
{
    const ky_scenario *sc = p->scen;
    p->n_types = 0;
    for (int32_t v = 0; v < p->n_veh; v++) {
        const ky_vehicle *veh = &sc->vehicles[v];
        p->start_loc[v] = sc->depots[veh->start_depot].location;
        p->end_loc[v] = sc->depots[veh->end_depot].location;
        p->start_hours[v] = sc->depots[veh->start_depot].hours;
        p->end_hours[v] = sc->depots[veh->end_depot].hours;
        int32_t t = -1;
        for (int32_t k = 0; k < p->n_types && t < 0; k++)
            if (vehicles_identical(sc, p->type_first[k], v))
                t = k;
        if (t < 0) {
            t = p->n_types++;
            p->type_first[t] = v;
        }
        p->type[v] = t;
        p->type_count[t]++;
        p->has_driver_rules |= veh->max_drive > 0.0 || veh->break_after > 0.0;
        for (int32_t s = 0; s < p->n_ship; s++)
            p->compat[(size_t)s * p->n_veh + v] = compat_of(p, s, v);
    }
}

/* A bit for each company in some co-loading ban (the loader allows at
 * most 64 of them; any beyond share the last bit, which only bans more). */
static int problem_fill_bans(ky_problem *p)
{
    const ky_scenario *sc = p->scen;
    int32_t nc = sc->n_companies;
    uint64_t *bit = ky_calloc(&p->ctx, (size_t)nc + 1, sizeof *bit);
    if (bit == NULL)
        return KY_ENOMEM;
    int next = 0;
    for (int32_t c = 0; c < nc; c++)
        if (ky_scenario_banned(sc, c))
            bit[c] = UINT64_C(1) << (next < 63 ? next++ : 63);
    for (int32_t s = 0; s < p->n_ship; s++) {
        int32_t c = sc->shipments[p->group[s]].company;
        if (c < 0 || bit[c] == 0)
            continue;
        p->ban_self[s] = bit[c];
        for (int32_t o = 0; o < nc; o++)
            if (ky_scenario_coload_banned(sc, c, o))
                p->ban_mask[s] |= bit[o];
        p->has_bans |= p->ban_mask[s] != 0;
    }
    ky_free(&p->ctx, bit);
    return KY_OK;
}

int ky_problem_new(ky_problem **out, const ky_scenario *s,
                   const ky_matrix *m, const ky_ctx *ctx, ky_error *err)
{
    *out = NULL;
    int32_t items = 0;
    for (int32_t i = 0; i < s->n_shipments; i++) {
        const ky_shipment *sh = &s->shipments[i];
        if (sh->n_alt < 0 || sh->n_alt >= KY_MAX_SOURCES)
            return ky_error_add(err, KY_EINPUT, s->file, sh->line,
                                "shipment '%s' has %d alternative pickups",
                                sh->id, (int)sh->n_alt);
        for (int32_t k = 0; k < ky_shipment_n_sources(sh); k++)
            if (ky_shipment_source(sh, k)->site == KY_SITE_DEPOT &&
                sh->delivery.site == KY_SITE_DEPOT)
                return ky_error_add(err, KY_EINPUT, s->file, sh->line,
                                    "shipment '%s' goes from a depot to a "
                                    "depot; it needs a stop at a location",
                                    sh->id);
        items += ky_shipment_n_sources(sh);
        for (int32_t k = 0; k < ky_shipment_n_sources(sh); k++) {
            ky_window w;
            items += reload_window(s, i, k, &w);
        }
        for (int32_t k = 0; k < ky_shipment_n_sources(sh); k++)
            for (int32_t h = 0; h < s->n_depots; h++) {
                double t[KY_MAX_HANDOVERS];
                items += 2 * handovers(s, m, i, k, h, t);
            }
    }
    ky_problem *p = ky_calloc(ctx, 1, sizeof *p);
    if (p == NULL)
        return KY_ENOMEM;
    if (ctx)
        p->ctx = *ctx;
    p->scen = s;
    p->mat = m;
    p->n_ship = items;
    p->n_groups = s->n_shipments;
    p->n_veh = s->n_vehicles;
    p->n_nodes = 2 * items;
    p->n_dims = s->n_dims;
    if (problem_alloc(p, ctx) != KY_OK) {
        ky_problem_free(p);
        return KY_ENOMEM;
    }
    problem_fill_groups(p);
    problem_fill_nodes(p);
    problem_fill_vehicles(p);
    if (problem_fill_bans(p) != KY_OK) {
        ky_problem_free(p);
        return KY_ENOMEM;
    }
    ky_problem_set_objective(p, KY_OBJ_COST);
    *out = p;
    return KY_OK;
}

/* Locations beyond which the triangle check is not worth its cubic
 * time: ky_problem_triangle then answers false. */
#define TRIANGLE_MAX_LOCS 400

bool ky_problem_triangle(const ky_problem *p)
{
    const ky_matrix *m = p->mat;
    ky_ctx ctx = p->ctx;
    int32_t *at = ky_calloc(&ctx, (size_t)m->n + 1, sizeof *at);
    bool *used = ky_calloc(&ctx, (size_t)m->n + 1, sizeof *used);
    bool ok = at != NULL && used != NULL;
    int32_t n = 0;
    for (int32_t u = 0; ok && u < p->n_nodes + 2 * p->n_veh; u++) {
        int32_t l = u < p->n_nodes ? p->loc[u]
                    : u < p->n_nodes + p->n_veh ? p->start_loc[u - p->n_nodes]
                    : p->end_loc[u - p->n_nodes - p->n_veh];
        if (u < p->n_nodes && !p->is_stop[u])
            continue;
        if (!used[l]) {
            used[l] = true;
            at[n++] = l;
        }
    }
    ok = ok && n <= TRIANGLE_MAX_LOCS;
    for (int32_t a = 0; ok && a < n; a++)
        for (int32_t b = 0; ok && b < n; b++)
            for (int32_t c = 0; ok && c < n; c++) {
                int32_t i = at[a], j = at[b], k = at[c];
                double km = ky_matrix_km(m, i, k);
                double min = ky_matrix_min(m, i, k);
                ok = km <= ky_matrix_km(m, i, j) + ky_matrix_km(m, j, k) +
                              1e-9 * (1.0 + km) &&
                     min <= ky_matrix_min(m, i, j) + ky_matrix_min(m, j, k) +
                                1e-9 * (1.0 + min);
            }
    ky_free(&ctx, at);
    ky_free(&ctx, used);
    return ok;
}

void ky_problem_free(ky_problem *p)
{
    if (p == NULL)
        return;
    ky_ctx ctx = p->ctx;
    ky_free(&ctx, p->kind);
    ky_free(&ctx, p->loc);
    ky_free(&ctx, p->is_stop);
    ky_free(&ctx, p->service);
    ky_free(&ctx, p->n_tw);
    ky_free(&ctx, (void *)p->tw);
    ky_free(&ctx, p->delta);
    ky_free(&ctx, p->start_loc);
    ky_free(&ctx, p->end_loc);
    ky_free(&ctx, p->start_hours);
    ky_free(&ctx, p->end_hours);
    ky_free(&ctx, p->type);
    ky_free(&ctx, p->type_count);
    ky_free(&ctx, p->type_first);
    ky_free(&ctx, p->compat);
    ky_free(&ctx, p->obj_fixed);
    ky_free(&ctx, p->obj_km);
    ky_free(&ctx, p->obj_hour);
    ky_free(&ctx, p->penalty);
    ky_free(&ctx, p->group);
    ky_free(&ctx, p->source);
    ky_free(&ctx, p->grp_first);
    ky_free(&ctx, p->node_cost);
    ky_free(&ctx, p->node_obj);
    ky_free(&ctx, p->ban_self);
    ky_free(&ctx, p->ban_mask);
    ky_free(&ctx, p->leg);
    ky_free(&ctx, p->mate);
    ky_free(&ctx, p->hub);
    ky_free(&ctx, p->handover);
    ky_free(&ctx, p->hub_tw);
    ky_free(&ctx, p->reload);
    ky_free(&ctx, p->late_cost);
    ky_free(&ctx, p->late_obj);
    ky_free(&ctx, p->soft_close);
    ky_free(&ctx, p->own_tw);
    ky_free(&ctx, p);
}

int ky_shipment_stops(const ky_problem *p, int32_t s, int32_t nodes[2])
{
    switch (p->kind[s]) {
    case KY_SHIP_DELIVERY: nodes[0] = KY_DELIVERY(s); return 1;
    case KY_SHIP_PICKUP: nodes[0] = KY_PICKUP(s); return 1;
    case KY_SHIP_PD: break;
    }
    nodes[0] = KY_PICKUP(s);
    nodes[1] = KY_DELIVERY(s);
    return 2;
}

/* ---- windows ---------------------------------------------------------- */

/* Earliest service start >= t inside the windows, or POS_INF. */
static double tw_earliest(const ky_window *tw, int32_t n, double t)
{
    for (int32_t k = 0; k < n; k++)
        if (t <= tw[k].close + KY_EPS)
            return t > tw[k].open ? t : tw[k].open;
    return POS_INF;
}

/* Latest service start <= t inside the windows, or NEG_INF. */
static double tw_latest(const ky_window *tw, int32_t n, double t)
{
    for (int32_t k = n - 1; k >= 0; k--)
        if (tw[k].open <= t + KY_EPS)
            return t < tw[k].close ? t : tw[k].close;
    return NEG_INF;
}

/* ---- depot loading and unloading --------------------------------------- */

typedef struct depot_params {
    double d_start, a_start, b_start; /* loading minutes, start window */
    double d_end, a_end, b_end;       /* unloading minutes, start window */
} depot_params;

static void depot_params_base(const ky_problem *p, int32_t v,
                              depot_params *dp)
{
    const ky_vehicle *veh = &p->scen->vehicles[v];
    dp->d_start = dp->d_end = 0.0;
    dp->a_start = dmax(veh->shift.open, p->start_hours[v].open);
    dp->b_start = p->start_hours[v].close;
    dp->a_end = p->end_hours[v].open;
    dp->b_end = dmin(p->end_hours[v].close, veh->shift.close);
}

/* Adds the depot side of the shipment of stop node u, if it has one. */
static void depot_params_add(const ky_problem *p, int32_t u,
                             depot_params *dp)
{
    int32_t s = KY_NODE_SHIPMENT(u);
    if (p->kind[s] == KY_SHIP_DELIVERY) {
        int32_t pn = KY_PICKUP(s);
        dp->d_start += p->service[pn];
        dp->a_start = dmax(dp->a_start, p->tw[pn][0].open);
        dp->b_start = dmin(dp->b_start, p->tw[pn][0].close);
    } else if (p->kind[s] == KY_SHIP_PICKUP) {
        int32_t dn = KY_DELIVERY(s);
        dp->d_end += p->service[dn];
        dp->a_end = dmax(dp->a_end, p->tw[dn][0].open);
        dp->b_end = dmin(dp->b_end, p->tw[dn][0].close);
    }
}

/* Latest start of loading: the depot must still be open when the vehicle
 * leaves; latest start of unloading: done before closing and shift end. */
static void depot_params_finish(const ky_problem *p, int32_t v,
                                depot_params *dp)
{
    const ky_vehicle *veh = &p->scen->vehicles[v];
    dp->b_start = dmin(dp->b_start, p->start_hours[v].close - dp->d_start);
    double end_limit = dmin(p->end_hours[v].close, veh->shift.close);
    dp->b_end = dmin(dp->b_end, end_limit - dp->d_end);
}

static void depot_params_of(const ky_problem *p, int32_t v,
                            const int32_t *nodes, int32_t n,
                            depot_params *dp)
{
    depot_params_base(p, v, dp);
    for (int32_t k = 0; k < n; k++)
        depot_params_add(p, nodes[k], dp);
    depot_params_finish(p, v, dp);
}

/* ---- structure: nodes, vehicle, pairing -------------------------------- */

static ky_violation check_structure(const ky_problem *p, int32_t v,
                                    const int32_t *nodes, int32_t n,
                                    int32_t *at)
{
    for (int32_t k = 0; k < n; k++) {
        int32_t u = nodes[k];
        *at = k + 1;
        if (u < 0 || u >= p->n_nodes || !p->is_stop[u])
            return KY_VIOL_NODE;
        int32_t s = KY_NODE_SHIPMENT(u);
        for (int32_t q = 0; q < k; q++)
            if (nodes[q] == u ||
                (p->group[KY_NODE_SHIPMENT(nodes[q])] == p->group[s] &&
                 KY_NODE_SHIPMENT(nodes[q]) != s))
                return KY_VIOL_NODE; /* repeated, or two sources */
        if (!ky_problem_compat(p, s, v))
            return KY_VIOL_VEHICLE;
        if (p->kind[s] != KY_SHIP_PD)
            continue;
        int32_t partner = u ^ 1, where = -1;
        for (int32_t q = 0; q < n && where < 0; q++)
            if (nodes[q] == partner)
                where = q;
        if (where < 0)
            return KY_VIOL_PAIRING;
        if (KY_NODE_IS_PICKUP(u) ? where < k : where > k)
            return KY_VIOL_PRECEDENCE;
    }
    return KY_VIOL_NONE;
}

/* Shipments of companies banned from sharing a vehicle. */
static ky_violation check_coloading(const ky_problem *p, const int32_t *nodes,
                                    int32_t n, int32_t *at)
{
    uint64_t present = 0;
    for (int32_t k = 0; k < n; k++) {
        int32_t s = KY_NODE_SHIPMENT(nodes[k]);
        if (p->ban_mask[s] & present) {
            *at = k + 1;
            return KY_VIOL_COLOADING;
        }
        present |= p->ban_self[s];
    }
    return KY_VIOL_NONE;
}

/* Load after every position; first position over capacity, or -1. */
static int32_t check_loads(const ky_problem *p, int32_t v,
                           const int32_t *nodes, int32_t n,
                           ky_stop_time *times)
{
    const int64_t *cap = p->scen->vehicles[v].capacity;
    int D = p->n_dims;
    int64_t load[KY_MAX_DIMS] = {0};
    for (int32_t k = 0; k < n; k++)
        if (p->kind[KY_NODE_SHIPMENT(nodes[k])] == KY_SHIP_DELIVERY)
            for (int d = 0; d < D; d++)
                load[d] -= p->delta[(size_t)nodes[k] * D + d];
    int32_t bad = -1;
    for (int32_t pos = 0; pos <= n + 1; pos++) {
        if (pos >= 1 && pos <= n)
            for (int d = 0; d < D; d++)
                load[d] += p->delta[(size_t)nodes[pos - 1] * D + d];
        if (pos == n + 1)
            memset(load, 0, sizeof load);
        for (int d = 0; d < D; d++)
            if (load[d] > cap[d] && bad < 0)
                bad = pos;
        if (times)
            memcpy(times[pos].load, load, sizeof load);
    }
    return bad;
}

/* ---- time --------------------------------------------------------------- */

/* Minutes of driving of vehicle v over the stops. */
static double drive_of(const ky_problem *p, int32_t v, const int32_t *nodes,
                       int32_t n)
{
    double drive = 0.0;
    int32_t prev = p->start_loc[v];
    for (int32_t k = 0; k < n; k++) {
        drive += ky_problem_min(p, prev, p->loc[nodes[k]]);
        prev = p->loc[nodes[k]];
    }
    return drive + ky_problem_min(p, prev, p->end_loc[v]);
}

/* Must inserting the stops u1, u2 (-1: none) into route r be priced by
 * full evaluation: driver rules, or lateness (the route's soft stops
 * may move, or a new stop is soft), which the incremental data leave
 * out? */
static bool full_pricing(const ky_problem *p, const ky_rstate *r,
                         int32_t u1, int32_t u2)
{
    const ky_vehicle *veh = &p->scen->vehicles[r->vehicle];
    return veh->max_drive > 0.0 || veh->break_after > 0.0 || r->soft ||
           (u1 >= 0 && p->late_cost[u1] > 0.0) ||
           (u2 >= 0 && p->late_cost[u2] > 0.0);
}

/* Rests on a leg of d minutes' driving when *since minutes were driven
 * since the last rest: one of `rest` minutes each time the count reaches
 * `after` (taken on the road, as late as the rule allows). Returns the
 * minutes of rest and updates *since. */
static double leg_rests(double *since, double d, double after, double rest)
{
    double over = *since + d - after;
    if (after <= 0.0 || over <= KY_EPS) {
        *since += d;
        return 0.0;
    }
    /* one rest each time the count reaches `after`, in closed form */
    double k = ceil((over - KY_EPS) / after);
    *since += d - k * after;
    if (*since < 0.0)
        *since = 0.0;
    return k * rest;
}

/* Earliest-start schedule leaving (starting to load) at tau. Returns the
 * end time, or POS_INF with *fail = the position that cannot be served.
 * With driver rules, rests lengthen the legs (see leg_rests), and a wait
 * of a rest's length at a stop counts as one. */
/* What a schedule adds up besides its times. */
typedef struct sched_sum {
    double rests;     /* minutes */
    double late_min;  /* minutes late at soft windows */
    double late_cost; /* money */
    double late_obj;  /* objective */
} sched_sum;

static double forward(const ky_problem *p, int32_t v, const int32_t *nodes,
                      int32_t n, const depot_params *dp, double tau,
                      int32_t *fail, ky_stop_time *times, sched_sum *sum)
{
    const ky_vehicle *veh = &p->scen->vehicles[v];
    double after = veh->break_after, rest = veh->break_min, since = 0.0;
    sched_sum all = {0.0, 0.0, 0.0, 0.0};
    double t = tau + dp->d_start;
    int32_t prev = p->start_loc[v];
    if (times) {
        times[0].arrival = tau;
        times[0].start = tau;
        times[0].departure = t;
        times[0].rest = 0.0;
        times[0].late = 0.0;
    }
    for (int32_t k = 0; k < n; k++) {
        int32_t u = nodes[k];
        double d = ky_problem_min(p, prev, p->loc[u]);
        double r = leg_rests(&since, d, after, rest);
        double arr = t + d + r;
        double st = tw_earliest(p->tw[u], p->n_tw[u], arr);
        if (st >= POS_INF) {
            *fail = k + 1;
            return POS_INF;
        }
        double late = p->late_cost[u] > 0.0
                          ? dmax(0.0, st - p->soft_close[u]) : 0.0;
        all.rests += r;
        all.late_min += late;
        all.late_cost += late * p->late_cost[u];
        all.late_obj += late * p->late_obj[u];
        if (after > 0.0 && st - arr >= rest - KY_EPS)
            since = 0.0; /* waited long enough to count as a rest */
        t = st + p->service[u];
        prev = p->loc[u];
        if (times) {
            times[k + 1].arrival = arr;
            times[k + 1].start = st;
            times[k + 1].departure = t;
            times[k + 1].rest = r;
            times[k + 1].late = late;
        }
    }
    double d = ky_problem_min(p, prev, p->end_loc[v]);
    double r = leg_rests(&since, d, after, rest);
    double arr = t + d + r;
    double st = arr > dp->a_end ? arr : dp->a_end;
    all.rests += r;
    if (sum)
        *sum = all;
    if (st > dp->b_end + KY_EPS) {
        *fail = n + 1;
        return POS_INF;
    }
    if (times) {
        times[n + 1].arrival = arr;
        times[n + 1].start = st;
        times[n + 1].departure = st + dp->d_end;
        times[n + 1].rest = r;
        times[n + 1].late = 0.0;
    }
    return st + dp->d_end;
}

/* Latest start of loading such that stop `from` (1-based position) starts
 * service by `bound`; from = n + 1 means the end depot. */
static double backward_from(const ky_problem *p, int32_t v,
                            const int32_t *nodes, int32_t n,
                            const depot_params *dp, int32_t from,
                            double bound)
{
    double late = bound;
    int32_t next_loc = from == n + 1 ? p->end_loc[v] : p->loc[nodes[from - 1]];
    for (int32_t k = from - 1; k >= 1; k--) {
        int32_t u = nodes[k - 1];
        double b = late - ky_problem_min(p, p->loc[u], next_loc) -
                   p->service[u];
        late = tw_latest(p->tw[u], p->n_tw[u], b);
        if (late <= NEG_INF)
            return NEG_INF;
        next_loc = p->loc[u];
    }
    double b = late - ky_problem_min(p, p->start_loc[v], next_loc) -
               dp->d_start;
    return b < dp->b_start ? b : dp->b_start;
}

/* Departure of minimum working time (see the comment at the top). */
static double best_departure(const ky_problem *p, int32_t v,
                             const int32_t *nodes, int32_t n,
                             const depot_params *dp)
{
    double latest = backward_from(p, v, nodes, n, dp, n + 1, dp->b_end);
    if (latest < dp->a_start)
        latest = dp->a_start;
    double best_tau = latest, best_f = POS_INF, best_end = POS_INF;
    int32_t fail;
    double end = forward(p, v, nodes, n, dp, latest, &fail, NULL, NULL);
    if (end < POS_INF) {
        best_f = end - latest;
        best_end = end;
    }
    for (int32_t k = 0; k < n; k++) {
        int32_t u = nodes[k];
        for (int32_t w = 0; w + 1 < p->n_tw[u]; w++) {
            double tau = backward_from(p, v, nodes, n, dp, k + 1,
                                       p->tw[u][w].close);
            if (tau > latest)
                tau = latest;
            if (tau < dp->a_start - KY_EPS)
                continue;
            end = forward(p, v, nodes, n, dp, tau, &fail, NULL, NULL);
            if (end >= POS_INF)
                continue;
            double f = end - tau;
            if (f < best_f - KY_EPS ||
                (f < best_f + KY_EPS && end < best_end - KY_EPS)) {
                best_f = f;
                best_end = end;
                best_tau = tau;
            }
        }
    }
    /* Rests are not in the backward bounds: where none of their
     * departures works, the earliest one (feasible) does. */
    return best_f < POS_INF ? best_tau : dp->a_start;
}

/* Does the route stop at a soft window? */
static bool route_soft(const ky_problem *p, const int32_t *nodes, int32_t n)
{
    for (int32_t k = 0; k < n; k++)
        if (p->late_cost[nodes[k]] > 0.0)
            return true;
    return false;
}

/* Departure of least hourly plus lateness cost (in the objective), then
 * least working time, then earliest end, for a route with soft windows.
 * Every stop's start is piecewise linear in the departure, bending (or
 * jumping to the next window) where a wait runs out or a window closes,
 * so the cost bends only at the latest departures that have some stop
 * start by the time it starts from the earliest departure, by a
 * window's open or close, or by its soft close; those, the earliest and
 * the latest departure are tried. */
static double best_soft_departure(const ky_problem *p, int32_t v,
                                  const int32_t *nodes, int32_t n,
                                  const depot_params *dp,
                                  ky_stop_time *scratch)
{
    double latest = backward_from(p, v, nodes, n, dp, n + 1, dp->b_end);
    if (latest < dp->a_start)
        latest = dp->a_start;
    int32_t fail;
    forward(p, v, nodes, n, dp, dp->a_start, &fail, scratch, NULL);
    double best_tau = dp->a_start, best_c = POS_INF, best_f = POS_INF,
           best_end = POS_INF;
    for (int32_t k = -2; k < n; k++) {
        int32_t u = k >= 0 ? nodes[k] : -1;
        int32_t nw = k < 0 ? 0 : p->n_tw[u];
        int32_t nb = k < 0 ? 1 : 2 * nw + 1 + (p->late_cost[u] > 0.0);
        for (int32_t b = 0; b < nb; b++) {
            double tau;
            if (k == -2)
                tau = dp->a_start;
            else if (k == -1)
                tau = latest;
            else {
                double bound = b == 0 ? scratch[k + 1].start
                               : b <= nw     ? p->tw[u][b - 1].open
                               : b <= 2 * nw ? p->tw[u][b - nw - 1].close
                                             : p->soft_close[u];
                tau = backward_from(p, v, nodes, n, dp, k + 1, bound);
            }
            if (tau > latest)
                tau = latest;
            if (tau < dp->a_start - KY_EPS)
                continue;
            sched_sum sum;
            double end = forward(p, v, nodes, n, dp, tau, &fail, NULL, &sum);
            if (end >= POS_INF)
                continue;
            double f = end - tau;
            double c = p->obj_hour[v] * f / 60.0 + sum.late_obj;
            if (c < best_c - KY_EPS ||
                (c < best_c + KY_EPS &&
                 (f < best_f - KY_EPS ||
                  (f < best_f + KY_EPS && end < best_end - KY_EPS)))) {
                best_c = c;
                best_f = f;
                best_end = end;
                best_tau = tau;
            }
        }
    }
    return best_tau;
}

static void fill_metrics(const ky_problem *p, int32_t v,
                         const int32_t *nodes, int32_t n,
                         const depot_params *dp, double tau, double end,
                         const sched_sum *sum, ky_route_eval *out)
{
    double rest = sum->rests;
    const ky_vehicle *veh = &p->scen->vehicles[v];
    double km = 0.0, drive = 0.0, service = dp->d_start + dp->d_end;
    double extra = 0.0, extra_obj = 0.0;
    int32_t prev = p->start_loc[v];
    for (int32_t k = 0; k < n; k++) {
        int32_t l = p->loc[nodes[k]];
        km += ky_problem_km(p, prev, l);
        drive += ky_problem_min(p, prev, l);
        service += p->service[nodes[k]];
        extra += p->node_cost[nodes[k]];
        extra_obj += p->node_obj[nodes[k]];
        prev = l;
    }
    km += ky_problem_km(p, prev, p->end_loc[v]);
    drive += ky_problem_min(p, prev, p->end_loc[v]);
    out->km = km;
    out->drive_min = drive;
    out->service_min = service;
    out->start_min = tau;
    out->end_min = end;
    out->work_min = end - tau;
    out->rest_min = rest;
    out->wait_min = dmax(0.0, out->work_min - drive - service - rest);
    out->late_min = sum->late_min;
    out->late_cost = sum->late_cost;
    out->cost = veh->fixed_cost + veh->cost_per_km * km +
                veh->cost_per_hour * out->work_min / 60.0 + extra +
                sum->late_cost;
    out->obj = p->obj_fixed[v] + p->obj_km[v] * km +
               p->obj_hour[v] * out->work_min / 60.0 + extra_obj +
               sum->late_obj;
    out->co2_kg = veh->co2_kg_per_km * km;
}

static void eval_route(const ky_problem *p, int32_t v, const int32_t *nodes,
                       int32_t n, bool trusted, const depot_params *given,
                       ky_route_eval *out, ky_stop_time *times);

void ky_route_eval_full(const ky_problem *p, int32_t v, const int32_t *nodes,
                        int32_t n, ky_route_eval *out, ky_stop_time *times)
{
    eval_route(p, v, nodes, n, false, NULL, out, times);
}

/* trusted: the caller guarantees the structure (see ky_rstate__set_trusted),
 * so the quadratic structure check is skipped (optimisation only). */
static void eval_route(const ky_problem *p, int32_t v, const int32_t *nodes,
                       int32_t n, bool trusted, const depot_params *given,
                       ky_route_eval *out, ky_stop_time *times)
{
    memset(out, 0, sizeof *out);
    out->at = -1;
    if (n == 0) {
        out->feasible = true;
        if (times) {
            memset(times, 0, 2 * sizeof *times);
            times[0].arrival = times[0].start = times[0].departure =
                times[1].arrival = times[1].start = times[1].departure =
                    p->scen->vehicles[v].shift.open;
        }
        return;
    }
    int32_t at = -1;
    ky_violation viol = trusted ? KY_VIOL_NONE
                                : check_structure(p, v, nodes, n, &at);
    if (viol == KY_VIOL_NONE && p->has_bans)
        viol = check_coloading(p, nodes, n, &at);
    if (viol != KY_VIOL_NONE) {
        out->violation = viol;
        out->at = at;
        return;
    }
    at = check_loads(p, v, nodes, n, times);
    if (at >= 0) {
        out->violation = KY_VIOL_CAPACITY;
        out->at = at;
        return;
    }
    depot_params dp;
    if (given)
        dp = *given;
    else
        depot_params_of(p, v, nodes, n, &dp);
    if (dp.a_start > dp.b_start + KY_EPS) {
        out->violation = KY_VIOL_START;
        out->at = 0;
        return;
    }
    const ky_vehicle *veh = &p->scen->vehicles[v];
    if (veh->max_drive > 0.0 && drive_of(p, v, nodes, n) > veh->max_drive +
                                                            KY_EPS) {
        out->violation = KY_VIOL_DRIVING;
        out->at = n + 1;
        return;
    }
    sched_sum sum;
    double end = forward(p, v, nodes, n, &dp, dp.a_start, &at, NULL, &sum);
    if (end >= POS_INF) {
        out->violation = at == n + 1 ? KY_VIOL_END : KY_VIOL_TIME_WINDOW;
        out->at = at;
        return;
    }
    /* Optimisation only: inside the search, with no hourly cost the
     * schedule's working time changes nothing, so the earliest departure
     * will do; plans are evaluated in full before anyone sees them. */
    bool soft = p->has_soft && route_soft(p, nodes, n);
    double tau;
    if (soft) {
        /* a failed allocation only costs the lateness its best */
        ky_ctx ctx = p->ctx;
        ky_stop_time *scratch = ky_calloc(&ctx, (size_t)n + 2,
                                          sizeof *scratch);
        tau = scratch ? best_soft_departure(p, v, nodes, n, &dp, scratch)
                      : best_departure(p, v, nodes, n, &dp);
        ky_free(&ctx, scratch);
    } else {
        tau = trusted && p->obj_hour[v] == 0.0 && veh->cost_per_hour == 0.0
                  ? dp.a_start
                  : best_departure(p, v, nodes, n, &dp);
    }
    if (tau != dp.a_start)
        end = forward(p, v, nodes, n, &dp, tau, &at, times, &sum);
    else if (times)
        forward(p, v, nodes, n, &dp, tau, &at, times, NULL);
    out->feasible = true;
    fill_metrics(p, v, nodes, n, &dp, tau, end, &sum, out);
}

/* ---- incremental state ------------------------------------------------- */

void ky_rstate_init(ky_rstate *r, const ky_ctx *ctx)
{
    memset(r, 0, sizeof *r);
    if (ctx)
        r->ctx = *ctx;
    r->vehicle = -1;
}

void ky_rstate_free(ky_rstate *r)
{
    if (r == NULL)
        return;
    ky_free(&r->ctx, r->node);
    ky_free(&r->ctx, r->loc);
    ky_free(&r->ctx, r->arc_min);
    ky_free(&r->ctx, r->arc_km);
    for (int k = 0; k < 8; k++)
        ky_free(&r->ctx, r->leg[k]);
    ky_free(&r->ctx, r->early);
    ky_free(&r->ctx, r->late);
    ky_free(&r->ctx, r->load);
    ky_free(&r->ctx, r->pmax);
    ky_free(&r->ctx, r->smax);
    ky_free(&r->ctx, r->scratch);
    ky_ctx ctx = r->ctx;
    ky_rstate_init(r, &ctx);
}

static int rstate_reserve(ky_rstate *r, int32_t n)
{
    if (n <= r->cap && r->node)
        return KY_OK;
    int32_t cap = r->cap ? r->cap : 8;
    while (cap < n)
        cap *= 2;
    size_t m = (size_t)cap + 4, md = m * KY_MAX_DIMS;
    void *a = ky_reallocarray(&r->ctx, r->node, m, sizeof *r->node);
    if (a == NULL)
        return KY_ENOMEM;
    r->node = a;
#define GROW(field, count)                                                 \
    do {                                                                   \
        void *g = ky_reallocarray(&r->ctx, r->field, count,                \
                                  sizeof *r->field);                       \
        if (g == NULL)                                                     \
            return KY_ENOMEM;                                              \
        r->field = g;                                                      \
    } while (0)
    GROW(loc, m);
    GROW(arc_min, m);
    GROW(arc_km, m);
    for (int k = 0; k < 8; k++) {
        void *g = ky_reallocarray(&r->ctx, r->leg[k], m, sizeof *r->leg[k]);
        if (g == NULL)
            return KY_ENOMEM;
        r->leg[k] = g;
    }
    GROW(early, m);
    GROW(late, m);
    GROW(scratch, m);
    GROW(load, md);
    GROW(pmax, md);
    GROW(smax, md);
#undef GROW
    r->cap = cap;
    return KY_OK;
}

static void rstate_loads(ky_rstate *r, const ky_problem *p)
{
    int32_t n = r->n;
    int D = p->n_dims;
    int64_t *load = r->load;
    memset(load, 0, sizeof *load * KY_MAX_DIMS);
    for (int32_t k = 1; k <= n; k++)
        if (p->kind[KY_NODE_SHIPMENT(r->node[k])] == KY_SHIP_DELIVERY)
            for (int d = 0; d < D; d++)
                load[d] -= p->delta[(size_t)r->node[k] * D + d];
    for (int32_t k = 1; k <= n + 1; k++)
        for (int d = 0; d < D; d++)
            load[k * KY_MAX_DIMS + d] =
                k == n + 1 ? 0
                           : load[(k - 1) * KY_MAX_DIMS + d] +
                                 p->delta[(size_t)r->node[k] * D + d];
    for (int32_t k = 0; k <= n + 1; k++)
        for (int d = 0; d < D; d++) {
            int64_t x = load[k * KY_MAX_DIMS + d];
            int64_t prev = k ? r->pmax[(k - 1) * KY_MAX_DIMS + d] : x;
            r->pmax[k * KY_MAX_DIMS + d] = x > prev ? x : prev;
        }
    for (int32_t k = n + 1; k >= 0; k--)
        for (int d = 0; d < D; d++) {
            int64_t x = load[k * KY_MAX_DIMS + d];
            int64_t next = k <= n ? r->smax[(k + 1) * KY_MAX_DIMS + d] : x;
            r->smax[k * KY_MAX_DIMS + d] = x > next ? x : next;
        }
}

static void rstate_times(ky_rstate *r, const ky_problem *p,
                         const depot_params *dp)
{
    int32_t n = r->n, v = r->vehicle;
    r->early[0] = dp->a_start;
    double t = dp->a_start + dp->d_start;
    for (int32_t k = 1; k <= n; k++) {
        int32_t u = r->node[k];
        double arr = t + ky_problem_min(p, r->loc[k - 1], r->loc[k]);
        r->early[k] = tw_earliest(p->tw[u], p->n_tw[u], arr);
        t = r->early[k] + p->service[u];
    }
    double arr = t + ky_problem_min(p, r->loc[n], r->loc[n + 1]);
    r->early[n + 1] = arr > dp->a_end ? arr : dp->a_end;
    r->late[n + 1] = dp->b_end;
    for (int32_t k = n; k >= 1; k--) {
        int32_t u = r->node[k];
        double b = r->late[k + 1] -
                   ky_problem_min(p, r->loc[k], r->loc[k + 1]) -
                   p->service[u];
        r->late[k] = tw_latest(p->tw[u], p->n_tw[u], b);
    }
    double b = r->late[1] - ky_problem_min(p, r->loc[0], r->loc[1]) -
               dp->d_start;
    r->late[0] = b < dp->b_start ? b : dp->b_start;
    (void)v;
}

static int rstate_load(ky_rstate *r, const ky_problem *p, int32_t v,
                       const int32_t *nodes, int32_t n, bool trusted);

int ky_rstate_set(ky_rstate *r, const ky_problem *p, int32_t v,
                  const int32_t *nodes, int32_t n)
{
    return rstate_load(r, p, v, nodes, n, false);
}

int ky_rstate__set_trusted(ky_rstate *r, const ky_problem *p, int32_t v,
                           const int32_t *nodes, int32_t n)
{
    return rstate_load(r, p, v, nodes, n, true);
}

static int rstate_load(ky_rstate *r, const ky_problem *p, int32_t v,
                       const int32_t *nodes, int32_t n, bool trusted)
{
    if (rstate_reserve(r, n + 1) != KY_OK)
        return KY_ENOMEM;
    r->vehicle = v;
    r->n = n;
    r->node[0] = r->node[n + 1] = -1;
    r->loc[0] = p->start_loc[v];
    r->loc[n + 1] = p->end_loc[v];
    r->present = 0;
    r->soft = p->has_soft && route_soft(p, nodes, n);
    for (int32_t k = 0; k < n; k++) {
        r->node[k + 1] = nodes[k];
        r->loc[k + 1] = p->loc[nodes[k]];
        r->present |= p->ban_self[KY_NODE_SHIPMENT(nodes[k])];
    }
    for (int32_t k = 1; k <= n + 1; k++) {
        r->arc_min[k] = ky_problem_min(p, r->loc[k - 1], r->loc[k]);
        r->arc_km[k] = ky_problem_km(p, r->loc[k - 1], r->loc[k]);
    }
    depot_params dp;
    depot_params_of(p, v, nodes, n, &dp);
    eval_route(p, v, nodes, n, trusted, &dp, &r->eval, NULL);
    r->d_start = dp.d_start;
    r->d_end = dp.d_end;
    rstate_loads(r, p);
    rstate_times(r, p, &dp);
    return KY_OK;
}

/* Service time at position k of the state (depot loading at 0). */
static double rstate_service(const ky_rstate *r, const ky_problem *p,
                             int32_t k)
{
    return k == 0 ? r->d_start : p->service[r->node[k]];
}

static double route_cost_delta(const ky_rstate *r, const ky_problem *p,
                               double dkm, double dmin)
{
    int32_t v = r->vehicle;
    double c = p->obj_km[v] * dkm + p->obj_hour[v] * dmin / 60.0;
    if (r->n == 0)
        c += p->obj_fixed[v];
    return c;
}

/* Does adding node u's depot side leave the depot windows unchanged? */
static bool depot_unchanged(const ky_rstate *r, const ky_problem *p,
                            int32_t u)
{
    int32_t s = KY_NODE_SHIPMENT(u);
    depot_params base, with;
    if (p->kind[s] == KY_SHIP_PD)
        return true;
    int32_t side = p->kind[s] == KY_SHIP_DELIVERY ? KY_PICKUP(s)
                                                   : KY_DELIVERY(s);
    if (p->service[side] > 0.0)
        return false;
    depot_params_base(p, r->vehicle, &base);
    with = base;
    depot_params_add(p, u, &with);
    return with.a_start <= base.a_start && with.b_start >= base.b_start &&
           with.a_end <= base.a_end && with.b_end >= base.b_end;
}

/* Full evaluation of the route with stop u after position i and, when
 * w >= 0, stop w after position j (i <= j; right after u when i == j):
 * for what the incremental data cannot price. */
static bool try_insert_slow(ky_rstate *r, const ky_problem *p, int32_t u,
                            int32_t w, int32_t i, int32_t j, double *delta)
{
    int32_t m = 0;
    for (int32_t k = 0; k <= r->n; k++) {
        if (k > 0)
            r->scratch[m++] = r->node[k];
        if (k == i)
            r->scratch[m++] = u;
        if (w >= 0 && k == j)
            r->scratch[m++] = w;
    }
    ky_route_eval e;
    ky_route_eval_full(p, r->vehicle, r->scratch, m, &e, NULL);
    if (!e.feasible)
        return false;
    *delta = e.obj - r->eval.obj;
    return true;
}

static void pair_legs(ky_rstate *r, const ky_problem *p, int32_t lp,
                      int32_t ld);

/* Capacity for the one-stop shipment's stop u after position pos: a
 * depot-loaded shipment adds its amount from the start to pos, a
 * depot-unloaded one from pos on. */
static bool single_load_fits(const ky_rstate *r, const ky_problem *p,
                             int32_t pos, int32_t u)
{
    const int64_t *cap = p->scen->vehicles[r->vehicle].capacity;
    int D = p->n_dims;
    bool loaded = p->kind[KY_NODE_SHIPMENT(u)] == KY_SHIP_DELIVERY;
    for (int d = 0; d < D; d++) {
        int64_t q = p->delta[(size_t)u * D + d];
        if (loaded) {
            if (r->pmax[pos * KY_MAX_DIMS + d] - q > cap[d])
                return false;
        } else {
            int64_t m = r->load[pos * KY_MAX_DIMS + d];
            if (pos + 1 <= r->n && r->smax[(pos + 1) * KY_MAX_DIMS + d] > m)
                m = r->smax[(pos + 1) * KY_MAX_DIMS + d];
            if (m + q > cap[d])
                return false;
        }
    }
    return true;
}

/* Stop u after position pos, depot windows unchanged; legs in/out given. */
static bool single_fast(const ky_rstate *r, const ky_problem *p, int32_t pos,
                        int32_t u, double in_min, double in_km,
                        double out_min, double out_km, double *delta)
{
    if (!single_load_fits(r, p, pos, u))
        return false;
    double arr = r->early[pos] + rstate_service(r, p, pos) + in_min;
    double st = tw_earliest(p->tw[u], p->n_tw[u], arr);
    if (st >= POS_INF)
        return false;
    if (st + p->service[u] + out_min > r->late[pos + 1] + KY_EPS)
        return false;
    *delta = route_cost_delta(r, p, in_km + out_km - r->arc_km[pos + 1],
                              in_min + out_min - r->arc_min[pos + 1] +
                                  p->service[u]) +
             p->node_obj[u];
    return true;
}

/* May s join the route at all: vehicle, bans, a feasible route. */
static bool insertable(const ky_rstate *r, const ky_problem *p, int32_t s)
{
    return ky_problem_compat(p, s, r->vehicle) && r->eval.feasible &&
           (p->ban_mask[s] & r->present) == 0;
}

bool ky_rstate_try_insert(ky_rstate *r, const ky_problem *p, int32_t pos,
                          int32_t u, double *delta)
{
    int32_t s = KY_NODE_SHIPMENT(u);
    if (!insertable(r, p, s))
        return false;
    if (!depot_unchanged(r, p, u) || full_pricing(p, r, u, -1))
        return try_insert_slow(r, p, u, -1, pos, -1, delta);
    int32_t a = r->loc[pos], b = r->loc[pos + 1], l = p->loc[u];
    return single_fast(r, p, pos, u, ky_problem_min(p, a, l),
                       ky_problem_km(p, a, l), ky_problem_min(p, l, b),
                       ky_problem_km(p, l, b), delta);
}

/* Best position for the one-stop shipment with stop u. */
static bool best_single(ky_rstate *r, const ky_problem *p, int32_t u,
                        int32_t *bi, double *delta)
{
    bool found = false,
         fast = depot_unchanged(r, p, u) && !full_pricing(p, r, u, -1);
    double best = POS_INF, c;
    if (fast)
        pair_legs(r, p, p->loc[u], p->loc[u]);
    for (int32_t pos = 0; pos <= r->n; pos++) {
        bool ok = fast ? single_fast(r, p, pos, u, r->leg[0][pos],
                                     r->leg[1][pos], r->leg[2][pos],
                                     r->leg[3][pos], &c)
                       : try_insert_slow(r, p, u, -1, pos, -1, &c);
        if (ok && c < best - KY_EPS) {
            best = c;
            *bi = pos;
            found = true;
        }
    }
    if (found)
        *delta = best;
    return found;
}

static bool load_fits(const ky_rstate *r, const ky_problem *p, int32_t k,
                      int32_t pn)
{
    const int64_t *cap = p->scen->vehicles[r->vehicle].capacity;
    int D = p->n_dims;
    for (int d = 0; d < D; d++)
        if (r->load[k * KY_MAX_DIMS + d] + p->delta[(size_t)pn * D + d] >
            cap[d])
            return false;
    return true;
}

/* Travel to and from the new pickup and delivery for every position of
 * the route, fetched once per call: the quadratic scan below then reads
 * only these arrays and the route's own arcs, not the (large) matrices. */
static void pair_legs(ky_rstate *r, const ky_problem *p, int32_t lp,
                      int32_t ld)
{
    const ky_matrix *m = p->mat;
    if (m->symmetric) {
        /* Rows of lp and ld only: two rows stay in cache, columns don't. */
        const double *pk = m->km + (size_t)lp * m->n;
        const double *pm = m->minutes + (size_t)lp * m->n;
        const double *dk = m->km + (size_t)ld * m->n;
        const double *dm = m->minutes + (size_t)ld * m->n;
        for (int32_t k = 0; k <= r->n; k++) {
            int32_t a = r->loc[k], b = r->loc[k + 1];
            r->leg[0][k] = pm[a];
            r->leg[1][k] = pk[a];
            r->leg[2][k] = pm[b];
            r->leg[3][k] = pk[b];
            r->leg[4][k] = dm[a];
            r->leg[5][k] = dk[a];
            r->leg[6][k] = dm[b];
            r->leg[7][k] = dk[b];
        }
        return;
    }
    for (int32_t k = 0; k <= r->n; k++) {
        int32_t a = r->loc[k], b = r->loc[k + 1];
        r->leg[0][k] = ky_problem_min(p, a, lp);
        r->leg[1][k] = ky_problem_km(p, a, lp);
        r->leg[2][k] = ky_problem_min(p, lp, b);
        r->leg[3][k] = ky_problem_km(p, lp, b);
        r->leg[4][k] = ky_problem_min(p, a, ld);
        r->leg[5][k] = ky_problem_km(p, a, ld);
        r->leg[6][k] = ky_problem_min(p, ld, b);
        r->leg[7][k] = ky_problem_km(p, ld, b);
    }
}

enum { P_IN_MIN, P_IN_KM, P_OUT_MIN, P_OUT_KM, D_IN_MIN, D_IN_KM, D_OUT_MIN,
       D_OUT_KM };

/* The cheapest pair positions by the estimate: one, or with driver
 * rules (which the estimate leaves out) the PAIR_CANDIDATES cheapest,
 * to be evaluated in full. Kept sorted by cost. */
#define PAIR_CANDIDATES 6

typedef struct pair_best {
    int32_t n, max;
    double cost[PAIR_CANDIDATES];
    int32_t i[PAIR_CANDIDATES], j[PAIR_CANDIDATES];
} pair_best;

/* The cost a new candidate must beat. */
static double pair_bar(const pair_best *pb)
{
    return pb->n < pb->max ? POS_INF : pb->cost[pb->n - 1];
}

static void pair_offer(pair_best *pb, double c, int32_t i, int32_t j)
{
    if (!(c < pair_bar(pb) - KY_EPS))
        return;
    int32_t k = pb->n < pb->max ? pb->n++ : pb->n - 1;
    while (k > 0 && pb->cost[k - 1] > c + KY_EPS) {
        pb->cost[k] = pb->cost[k - 1];
        pb->i[k] = pb->i[k - 1];
        pb->j[k] = pb->j[k - 1];
        k--;
    }
    pb->cost[k] = c;
    pb->i[k] = i;
    pb->j[k] = j;
}

/* Delivery right after the pickup at position i (service ends at dep). */
static void pair_adjacent(ky_rstate *r, const ky_problem *p, int32_t i,
                          int32_t pn, int32_t dn, double dep, double pkm,
                          double pmn, pair_best *pb)
{
    double t_pd = ky_problem_min(p, p->loc[pn], p->loc[dn]);
    double st = tw_earliest(p->tw[dn], p->n_tw[dn], dep + t_pd);
    if (st >= POS_INF)
        return;
    if (st + p->service[dn] + r->leg[D_OUT_MIN][i] > r->late[i + 1] + KY_EPS)
        return;
    double dkm = ky_problem_km(p, p->loc[pn], p->loc[dn]) +
                 r->leg[D_OUT_KM][i] - r->leg[P_OUT_KM][i];
    double dmn = t_pd + r->leg[D_OUT_MIN][i] - r->leg[P_OUT_MIN][i] +
                 p->service[dn];
    pair_offer(pb, route_cost_delta(r, p, pkm + dkm, pmn + dmn), i, i);
}

/* HOW IT WORKS: for each pickup position i, the pickup's own timing is
 * checked, then the delivery slides to the right one stop at a time while
 * the pushed-back start times of the stops in between are propagated; a
 * stop pushed past its latest start, or over capacity with the pair's
 * load, ends the slide, since every later delivery position includes it.
 * Detours are exact: the pickup's is a -> pickup -> b (b the stop after
 * i), the delivery's is measured from the stop before it. */
bool ky_rstate_best_pair(ky_rstate *r, const ky_problem *p, int32_t s,
                         int32_t *bi, int32_t *bj, double *delta)
{
    int32_t pn = KY_PICKUP(s), dn = KY_DELIVERY(s), n = r->n;
    if (!insertable(r, p, s))
        return false;
    pair_legs(r, p, p->loc[pn], p->loc[dn]);
    double d_close = p->tw[dn][p->n_tw[dn] - 1].close;
    pair_best pb = {.n = 0, .max = full_pricing(p, r, pn, dn)
                                        ? PAIR_CANDIDATES : 1};
    for (int32_t i = 0; i <= n; i++) {
        double arr = r->early[i] + rstate_service(r, p, i) + r->leg[P_IN_MIN][i];
        double st = tw_earliest(p->tw[pn], p->n_tw[pn], arr);
        if (st >= POS_INF)
            break; /* later positions arrive even later */
        if (!load_fits(r, p, i, pn))
            continue;
        double dep = st + p->service[pn];
        double pkm = r->leg[P_IN_KM][i] + r->leg[P_OUT_KM][i] - r->arc_km[i + 1];
        double pmn = r->leg[P_IN_MIN][i] + r->leg[P_OUT_MIN][i] -
                     r->arc_min[i + 1] + p->service[pn];
        /* Optimisation only: with the triangle inequality the delivery's
         * detour costs nothing less than 0, so a pickup detour as dear as
         * the best pair found cannot lead to a better one. */
        if (route_cost_delta(r, p, pkm, pmn) >= pair_bar(&pb) - KY_EPS)
            continue;
        pair_adjacent(r, p, i, pn, dn, dep, pkm, pmn, &pb);
        for (int32_t k = i + 1; k <= n; k++) {
            /* Position k is now served after the pickup. */
            double at = dep + (k == i + 1 ? r->leg[P_OUT_MIN][i] : r->arc_min[k]);
            if (at > r->late[k] + KY_EPS || !load_fits(r, p, k, pn))
                break;
            int32_t u = r->node[k];
            dep = tw_earliest(p->tw[u], p->n_tw[u], at) + p->service[u];
            /* Leaving k after the delivery's last window closes, every
             * later position is too late as well. */
            if (dep > d_close + KY_EPS)
                break;
            double sd = tw_earliest(p->tw[dn], p->n_tw[dn],
                                    dep + r->leg[D_IN_MIN][k]);
            if (sd >= POS_INF ||
                sd + p->service[dn] + r->leg[D_OUT_MIN][k] >
                    r->late[k + 1] + KY_EPS)
                continue;
            double dkm = r->leg[D_IN_KM][k] + r->leg[D_OUT_KM][k] -
                         r->arc_km[k + 1];
            double dmn = r->leg[D_IN_MIN][k] + r->leg[D_OUT_MIN][k] -
                         r->arc_min[k + 1] + p->service[dn];
            pair_offer(&pb, route_cost_delta(r, p, pkm + dkm, pmn + dmn), i, k);
        }
    }
    if (pb.max == 1) {
        if (pb.n == 1) {
            *bi = pb.i[0];
            *bj = pb.j[0];
            *delta = pb.cost[0] + p->node_obj[pn] + p->node_obj[dn];
        }
        return pb.n == 1;
    }
    /* Driver rules: the estimate leaves rests and the driving limit out;
     * the candidates are evaluated in full and the best kept. */
    bool found = false;
    for (int32_t k = 0; k < pb.n; k++) {
        double d;
        if (try_insert_slow(r, p, pn, dn, pb.i[k], pb.j[k], &d) &&
            (!found || d < *delta - KY_EPS)) {
            *bi = pb.i[k];
            *bj = pb.j[k];
            *delta = d;
            found = true;
        }
    }
    return found;
}

bool ky_rstate_best(ky_rstate *r, const ky_problem *p, int32_t s,
                    int32_t *i, int32_t *j, double *delta)
{
    if (p->kind[s] == KY_SHIP_PD)
        return ky_rstate_best_pair(r, p, s, i, j, delta);
    if (!insertable(r, p, s))
        return false;
    int32_t u = p->kind[s] == KY_SHIP_DELIVERY ? KY_DELIVERY(s)
                                               : KY_PICKUP(s);
    *j = -1;
    return best_single(r, p, u, i, delta);
}

/* ---- route sets --------------------------------------------------------- */

int ky_routes_new(ky_routes **out, int32_t n_veh, const ky_ctx *ctx)
{
    *out = NULL;
    ky_routes *r = ky_calloc(ctx, 1, sizeof *r);
    if (r == NULL)
        return KY_ENOMEM;
    if (ctx)
        r->ctx = *ctx;
    r->n_veh = n_veh;
    r->off = ky_calloc(ctx, (size_t)n_veh + 1, sizeof *r->off);
    if (r->off == NULL) {
        ky_free(ctx, r);
        return KY_ENOMEM;
    }
    *out = r;
    return KY_OK;
}

void ky_routes_free(ky_routes *r)
{
    if (r == NULL)
        return;
    ky_ctx ctx = r->ctx;
    ky_free(&ctx, r->off);
    ky_free(&ctx, r->node);
    ky_free(&ctx, r);
}

static int routes_reserve(ky_routes *r, int32_t total)
{
    if (total <= r->cap && r->node)
        return KY_OK;
    int32_t cap = total > 16 ? total : 16;
    int32_t *a = ky_reallocarray(&r->ctx, r->node, (size_t)cap, sizeof *a);
    if (a == NULL)
        return KY_ENOMEM;
    r->node = a;
    r->cap = cap;
    return KY_OK;
}

int ky_routes_assign(ky_routes *r, const int32_t *const *nodes,
                     const int32_t *len)
{
    int32_t total = 0;
    for (int32_t v = 0; v < r->n_veh; v++)
        total += len[v];
    if (routes_reserve(r, total) != KY_OK)
        return KY_ENOMEM;
    r->off[0] = 0;
    for (int32_t v = 0; v < r->n_veh; v++) {
        if (len[v])
            memcpy(r->node + r->off[v], nodes[v], sizeof(int32_t) * (size_t)len[v]);
        r->off[v + 1] = r->off[v] + len[v];
    }
    return KY_OK;
}

int ky_routes_copy(ky_routes *dst, const ky_routes *src)
{
    int32_t total = src->off[src->n_veh];
    if (dst->n_veh != src->n_veh || routes_reserve(dst, total) != KY_OK)
        return KY_ENOMEM;
    memcpy(dst->off, src->off, sizeof(int32_t) * ((size_t)src->n_veh + 1));
    if (total)
        memcpy(dst->node, src->node, sizeof(int32_t) * (size_t)total);
    return KY_OK;
}

double ky_routes_objective(const ky_problem *p, const ky_routes *r)
{
    double total = 0.0;
    int32_t served_nodes = 0;
    for (int32_t v = 0; v < r->n_veh; v++) {
        int32_t n = ky_routes_len(r, v);
        if (n == 0)
            continue;
        ky_route_eval e;
        ky_route_eval_full(p, v, ky_routes_of(r, v), n, &e, NULL);
        if (!e.feasible)
            return HUGE_VAL;
        total += e.obj;
        served_nodes += n;
    }
    /* Feasible routes hold whole shipments, each at most once per route;
     * a shipment on two routes is caught by the caller's plan check. */
    (void)served_nodes;
    /* a shipment is served by any of its sources */
    for (int32_t g = 0; g < p->n_groups; g++) {
        bool found = false;
        for (int32_t s = p->grp_first[g]; s < p->grp_first[g + 1] && !found;
             s++) {
            int32_t st[2];
            ky_shipment_stops(p, s, st);
            for (int32_t k = 0; k < r->off[r->n_veh] && !found; k++)
                found = r->node[k] == st[0];
        }
        if (!found)
            total += p->penalty[p->grp_first[g]];
    }
    bool ok = true;
    if (p->has_transfers &&
        (ky_routes_transfers_ok(p, r, &ok) != KY_OK || !ok))
        return HUGE_VAL; /* a lone leg, or too few docks */
    return total;
}

int32_t ky_problem_find_item(const ky_problem *p, const ky_problem *q,
                             int32_t s)
{
    int32_t g = q->group[s];
    if (g < 0 || g >= p->n_groups)
        return -1;
    for (int32_t t = p->grp_first[g]; t < p->grp_first[g + 1]; t++)
        if (p->source[t] == q->source[s] && p->leg[t] == q->leg[s] &&
            p->reload[t] == q->reload[s] &&
            p->hub[t] == q->hub[s] &&
            fabs(p->handover[t] - q->handover[s]) <= KY_EPS)
            return t;
    return -1;
}

/* ---- plan-level rules of transfers ---------------------------------------- */

void ky_dock_visits(const ky_problem *p, int32_t v, const int32_t *nodes,
                    int32_t n, ky_stop_time *times, ky_dock_visit *out,
                    int32_t *n_out)
{
    bool any = false;
    for (int32_t k = 0; k < n && !any; k++)
        any = ky_node_at_hub(p, nodes[k]);
    if (!any)
        return;
    ky_route_eval e;
    ky_route_eval_full(p, v, nodes, n, &e, times);
    if (!e.feasible)
        return;
    for (int32_t k = 0; k < n; k++)
        if (ky_node_at_hub(p, nodes[k]) &&
            times[k + 1].departure > times[k + 1].start + KY_EPS)
            out[(*n_out)++] = (ky_dock_visit){
                .hub = p->hub[KY_NODE_SHIPMENT(nodes[k])],
                .start = times[k + 1].start,
                .end = times[k + 1].departure};
}

bool ky_dock_visit_covers(const ky_dock_visit *v, int32_t hub, double t)
{
    return v->hub == hub && v->start <= t + KY_EPS && t < v->end - KY_EPS;
}

/* The most vehicles in service at once is reached at some visit's start:
 * count, at each start, the visits of its hub in progress. */
bool ky_docks_over(const ky_problem *p, const ky_dock_visit *vis, int32_t n,
                   int32_t i)
{
    int32_t docks = p->scen->depots[vis[i].hub].docks, busy = 0;
    if (docks <= 0)
        return false;
    for (int32_t j = 0; j < n; j++)
        busy += ky_dock_visit_covers(&vis[j], vis[i].hub, vis[i].start);
    return busy > docks;
}

bool ky_docks_ok(const ky_problem *p, const ky_dock_visit *vis, int32_t n)
{
    for (int32_t i = 0; i < n; i++)
        if (ky_docks_over(p, vis, n, i))
            return false;
    return true;
}

int ky_routes_transfers_ok(const ky_problem *p, const ky_routes *r, bool *ok)
{
    *ok = true;
    if (!p->has_transfers)
        return KY_OK;
    ky_ctx ctx = p->ctx;
    int32_t total = 0, longest = 0;
    for (int32_t v = 0; v < r->n_veh; v++) {
        total += ky_routes_len(r, v);
        if (ky_routes_len(r, v) > longest)
            longest = ky_routes_len(r, v);
    }
    int32_t *vehicle_of = ky_calloc(&ctx, (size_t)p->n_ship + 1,
                                    sizeof *vehicle_of);
    int32_t *count = ky_calloc(&ctx, (size_t)p->n_groups + 1, sizeof *count);
    ky_stop_time *times = ky_calloc(&ctx, (size_t)longest + 2, sizeof *times);
    ky_dock_visit *vis = ky_calloc(&ctx, (size_t)total + 1, sizeof *vis);
    int rc = vehicle_of && count && times && vis ? KY_OK : KY_ENOMEM;
    for (int32_t s = 0; rc == KY_OK && s < p->n_ship; s++)
        vehicle_of[s] = -1;
    int32_t n_vis = 0;
    for (int32_t v = 0; rc == KY_OK && v < r->n_veh; v++) {
        const int32_t *nodes = ky_routes_of(r, v);
        int32_t n = ky_routes_len(r, v);
        for (int32_t k = 0; k < n; k++) {
            int32_t s = KY_NODE_SHIPMENT(nodes[k]);
            if (vehicle_of[s] >= 0 && vehicle_of[s] != v)
                *ok = false; /* on two routes */
            vehicle_of[s] = v;
        }
        ky_dock_visits(p, v, nodes, n, times, vis, &n_vis);
    }
    for (int32_t s = 0; rc == KY_OK && s < p->n_ship; s++) {
        if (vehicle_of[s] < 0)
            continue;
        if (p->leg[s] != 2)
            count[p->group[s]]++;
        if (p->leg[s] != 0 && (vehicle_of[p->mate[s]] < 0 ||
                               vehicle_of[p->mate[s]] == vehicle_of[s]))
            *ok = false;
    }
    for (int32_t g = 0; rc == KY_OK && g < p->n_groups; g++)
        if (count[g] > 1)
            *ok = false;
    if (rc == KY_OK && *ok)
        *ok = ky_docks_ok(p, vis, n_vis);
    ky_free(&ctx, vehicle_of);
    ky_free(&ctx, count);
    ky_free(&ctx, times);
    ky_free(&ctx, vis);
    return rc;
}
