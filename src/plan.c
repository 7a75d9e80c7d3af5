/* kyodo plan: schedules, totals and reasons, computed by the route core
 * from a solver's routes. A route the core finds infeasible, or a
 * shipment served twice, is a solver bug: reported, never written. */
#include <string.h>

#include "kyodo/plan.h"

/* The scenario shipment a stop node belongs to. */
#define SHIP_OF(p, node) ((p)->group[KY_NODE_SHIPMENT(node)])

const char *ky_reason_text(ky_reason r)
{
    switch (r) {
    case KY_REASON_NONE: return "served";
    case KY_REASON_SKILLS: return "no vehicle has the required skills";
    case KY_REASON_CAPACITY: return "no vehicle can carry the amount";
    case KY_REASON_DEPOT:
        return "no vehicle starts or ends at the shipment's depot";
    case KY_REASON_TIME:
        return "no vehicle can serve it within its windows and shift, "
               "even alone";
    case KY_REASON_NOT_SERVED:
        return "not served: no room found on the vehicles within the "
               "limits, or cheaper to pay its penalty";
    case KY_REASON_VEHICLE:
        return "no single vehicle has the skills, the capacity and the "
               "depot it needs";
    case KY_REASON_RULES:
        return "the company rules (dedicated vehicles, own vehicles only) "
               "allow no vehicle that could carry it";
    case KY_REASON_CLOSED:
        return "its pickup or delivery site is closed in this scenario";
    case KY_REASON_NO_VEHICLE:
        return "no vehicle is in service: every one is based at a closed "
               "site";
    case KY_REASON_DRIVING:
        return "every driver who could take it would drive more than the "
               "day allows, even with it alone";
    }
    return "unknown";
}

const char *ky_reason_code(ky_reason r)
{
    switch (r) {
    case KY_REASON_NONE: return "served";
    case KY_REASON_SKILLS: return "skills";
    case KY_REASON_CAPACITY: return "capacity";
    case KY_REASON_DEPOT: return "depot";
    case KY_REASON_TIME: return "time";
    case KY_REASON_NOT_SERVED: return "not-served";
    case KY_REASON_VEHICLE: return "vehicle";
    case KY_REASON_RULES: return "rules";
    case KY_REASON_CLOSED: return "closed";
    case KY_REASON_NO_VEHICLE: return "no-vehicle";
    case KY_REASON_DRIVING: return "driving";
    }
    return "unknown";
}

/* The reason for one source (problem shipment s) of a shipment. */
static ky_reason source_reason(const ky_problem *p, int32_t s, bool metric)
{
    const ky_scenario *sc = p->scen;
    const ky_shipment *sh = &sc->shipments[p->group[s]];
    const ky_stop_spec *pk = ky_shipment_source(sh, p->source[s]);
    bool skills = false, capacity = false, depot = false, one = false;
    bool working = false;
    if (sc->locations[pk->location].closed ||
        sc->locations[sh->delivery.location].closed)
        return KY_REASON_CLOSED;
    /* Vehicles based at a closed site are out of service. */
    for (int32_t v = 0; v < p->n_veh; v++) {
        const ky_vehicle *veh = &sc->vehicles[v];
        if (sc->locations[p->start_loc[v]].closed ||
            sc->locations[p->end_loc[v]].closed)
            continue;
        working = true;
        bool sk = (sh->skills & ~veh->skills) == 0;
        bool fits = true;
        for (int d = 0; d < sc->n_dims; d++)
            fits &= sh->amount[d] <= veh->capacity[d];
        bool dep = (pk->site != KY_SITE_DEPOT ||
                    pk->location == p->start_loc[v]) &&
                   (sh->delivery.site != KY_SITE_DEPOT ||
                    sh->delivery.location == p->end_loc[v]);
        skills |= sk;
        capacity |= fits;
        depot |= dep;
        one |= sk && fits && dep;
    }
    if (!working)
        return KY_REASON_NO_VEHICLE;
    if (!skills)
        return KY_REASON_SKILLS;
    if (!capacity)
        return KY_REASON_CAPACITY;
    if (!depot)
        return KY_REASON_DEPOT;
    if (!one)
        return KY_REASON_VEHICLE;
    int32_t st[2];
    int n = ky_shipment_stops(p, s, st);
    bool any = false, driving = true;
    for (int32_t v = 0; v < p->n_veh; v++) {
        if (!ky_problem_compat(p, s, v))
            continue;
        any = true;
        ky_route_eval e;
        ky_route_eval_full(p, v, st, n, &e, NULL);
        if (e.feasible)
            return KY_REASON_NOT_SERVED;
        driving &= e.violation == KY_VIOL_DRIVING;
    }
    if (!any)
        return KY_REASON_RULES;
    /* Too much driving alone is too much in any route that serves it:
     * other stops only add to the drive, when the matrix is metric. */
    if (driving)
        return metric ? KY_REASON_DRIVING : KY_REASON_NOT_SERVED;
    /* Alone too late proves nothing when a detour can be faster. */
    return metric ? KY_REASON_TIME : KY_REASON_NOT_SERVED;
}

/* A shipment with alternatives: not served as soon as one source could
 * be; closed only when every source is; else the reason shared by its
 * open sources, or the first one's. */
ky_reason ky_plan_reason(const ky_problem *p, int32_t g, bool metric)
{
    ky_reason why = KY_REASON_CLOSED;
    bool first = true;
    for (int32_t s = p->grp_first[g]; s < p->grp_first[g + 1]; s++) {
        ky_reason r = source_reason(p, s, metric);
        if (r == KY_REASON_NOT_SERVED)
            return r;
        if (r != KY_REASON_CLOSED && first) {
            why = r;
            first = false;
        }
    }
    return why;
}

static void add_route(ky_totals *t, const ky_route_eval *e)
{
    t->route_cost += e->cost;
    t->km += e->km;
    t->drive_min += e->drive_min;
    t->work_min += e->work_min;
    t->service_min += e->service_min;
    t->wait_min += e->wait_min;
    t->co2_kg += e->co2_kg;
    t->late_min += e->late_min;
    t->vehicles++;
}

void ky_plan_company_totals(const ky_plan *plan, int32_t c, ky_totals *out)
{
    const ky_scenario *sc = plan->p->scen;
    memset(out, 0, sizeof *out);
    for (int32_t r = 0; r < plan->n_routes; r++)
        if (sc->vehicles[plan->routes[r].vehicle].company == c)
            add_route(out, &plan->routes[r].eval);
    for (int32_t s = 0; s < sc->n_shipments; s++)
        if (sc->shipments[s].company == c)
            out->served++;
    for (int32_t r = 0; r < plan->n_routes; r++)
        for (int32_t k = 0; k < plan->routes[r].n; k++) {
            int32_t q = KY_NODE_SHIPMENT(plan->routes[r].nodes[k]);
            out->transfers += plan->p->leg[q] == 1 &&
                              KY_NODE_IS_PICKUP(plan->routes[r].nodes[k]) &&
                              sc->shipments[plan->p->group[q]].company == c;
        }
    for (int32_t k = 0; k < plan->n_unassigned; k++) {
        int32_t s = plan->unassigned[k];
        if (sc->shipments[s].company == c) {
            out->served--;
            out->unassigned++;
            out->penalty += sc->shipments[s].penalty;
        }
    }
    out->cost = out->route_cost + out->penalty;
}

/* ---- KPIs ----------------------------------------------------------------- */

/* Fill of a load: the fullest dimension's share of capacity. */
static double fill_of(const ky_problem *p, int32_t v, const int64_t *load)
{
    const ky_vehicle *veh = &p->scen->vehicles[v];
    double f = 0.0;
    for (int d = 0; d < p->n_dims; d++)
        if (veh->capacity[d] > 0 && (double)load[d] / veh->capacity[d] > f)
            f = (double)load[d] / (double)veh->capacity[d];
    return f;
}

/* Route r's fill x km in total (*all) and of company c's goods alone
 * (*own); *has_c: c has goods on it; *n_c / *n_all: shipments. */
static void route_fill(const ky_plan *plan, const ky_plan_route *r, int32_t c,
                       double *all, double *own, bool *has_c, int32_t *n_c,
                       int32_t *n_all)
{
    const ky_problem *p = plan->p;
    const ky_scenario *sc = p->scen;
    int64_t load[KY_MAX_DIMS] = {0};
    *all = *own = 0.0;
    *has_c = false;
    *n_c = *n_all = 0;
    /* c's load leaving the depot: its depot-loaded shipments */
    for (int32_t k = 0; k < r->n; k++) {
        int32_t s = KY_NODE_SHIPMENT(r->nodes[k]), g = p->group[s];
        bool mine = sc->shipments[g].company == c;
        if (!KY_NODE_IS_PICKUP(r->nodes[k]) && p->kind[s] == KY_SHIP_PD)
            continue; /* counted at its pickup */
        (*n_all)++;
        if (mine) {
            (*n_c)++;
            *has_c = true;
        }
        if (mine && p->kind[s] == KY_SHIP_DELIVERY)
            for (int d = 0; d < p->n_dims; d++)
                load[d] += sc->shipments[g].amount[d];
    }
    int32_t prev = p->start_loc[r->vehicle];
    for (int32_t k = 0; k <= r->n; k++) {
        int32_t at = k < r->n ? p->loc[r->nodes[k]] : p->end_loc[r->vehicle];
        double km = ky_problem_km(p, prev, at);
        *all += km * fill_of(p, r->vehicle, r->times[k].load);
        *own += km * fill_of(p, r->vehicle, load);
        if (k == r->n)
            break;
        int32_t u = r->nodes[k];
        if (sc->shipments[SHIP_OF(p, u)].company == c)
            for (int d = 0; d < p->n_dims; d++)
                load[d] += p->delta[(size_t)u * p->n_dims + d];
        prev = at;
    }
}

/* Company c's share of route r: its fill x km over the sum of every
 * company's (shipments without a company count as one more); by
 * shipment count when nothing is carried. -1 when c has nothing on r. */
static double route_share(const ky_plan *plan, const ky_plan_route *r,
                          int32_t c, double *all_fill)
{
    const ky_scenario *sc = plan->p->scen;
    double all, own, sum = 0.0;
    bool has;
    int32_t n_c, n_all;
    route_fill(plan, r, c, &all, &own, &has, &n_c, &n_all);
    *all_fill = all;
    if (!has)
        return -1.0;
    for (int32_t k = 0; k < r->n; k++) {
        const ky_problem *p = plan->p;
        int32_t g = sc->shipments[SHIP_OF(p, r->nodes[k])].company;
        bool first = true; /* each company once */
        for (int32_t q = 0; q < k && first; q++)
            first = sc->shipments[SHIP_OF(p, r->nodes[q])].company != g;
        if (!first)
            continue;
        double a, o;
        bool h;
        int32_t x, y;
        route_fill(plan, r, g, &a, &o, &h, &x, &y);
        sum += o;
    }
    return sum > 1e-12 ? own / sum : (n_all ? (double)n_c / n_all : 0.0);
}

/* Of what served shipments picked up at suppliers' locations (first
 * dimension), the share from local ones. */
static double local_share(const ky_plan *plan, int32_t c)
{
    const ky_scenario *sc = plan->p->scen;
    double local = 0.0, all = 0.0;
    for (int32_t s = 0; s < sc->n_shipments; s++) {
        const ky_shipment *sh = &sc->shipments[s];
        if (plan->source_of[s] < 0)
            continue; /* unassigned */
        const ky_stop_spec *pk = ky_shipment_source(sh, plan->source_of[s]);
        if (sc->n_dims == 0 || pk->site != KY_SITE_LOCATION ||
            (c != KY_KPI_ALL && sh->company != c))
            continue;
        double a = (double)sh->amount[0];
        all += a;
        if (sc->locations[pk->location].local)
            local += a;
    }
    return all > 0 ? local / all : 0.0;
}

/* Is node u a reload: a multi-trip vehicle's stop at its depot? */
static bool is_reload_stop(const ky_problem *p, int32_t u)
{
    int32_t s = KY_NODE_SHIPMENT(u);
    if (!p->reload[s])
        return false;
    const ky_shipment *sh = &p->scen->shipments[p->group[s]];
    return KY_NODE_IS_PICKUP(u)
               ? ky_shipment_source(sh, p->source[s])->site == KY_SITE_DEPOT
               : sh->delivery.site == KY_SITE_DEPOT;
}

/* Trips of a route: one, and one more each time it comes back to its
 * depot to reload between other stops. */
static int32_t route_trips(const ky_problem *p, const ky_plan_route *r)
{
    int32_t trips = 1;
    bool before = false; /* a customer stop since the route began */
    for (int32_t k = 0; k < r->n; k++) {
        bool here = is_reload_stop(p, r->nodes[k]);
        if (!here) {
            before = true;
            continue;
        }
        bool run_start = k == 0 || !is_reload_stop(p, r->nodes[k - 1]);
        bool after = false;
        for (int32_t q = k + 1; q < r->n && !after; q++)
            after = !is_reload_stop(p, r->nodes[q]);
        trips += run_start && before && after;
    }
    return trips;
}

void ky_plan_kpi(const ky_plan *plan, int32_t c, ky_kpi *out)
{
    const ky_scenario *sc = plan->p->scen;
    double fill_km = 0.0, km_of_routes = 0.0;
    memset(out, 0, sizeof *out);
    for (int32_t i = 0; i < plan->n_routes; i++) {
        const ky_plan_route *r = &plan->routes[i];
        double all, share = 1.0;
        if (c == KY_KPI_ALL) {
            double own;
            bool h;
            int32_t x, y;
            route_fill(plan, r, c, &all, &own, &h, &x, &y);
        } else if ((share = route_share(plan, r, c, &all)) < 0.0) {
            continue;
        }
        const ky_route_eval *e = &r->eval;
        out->route_cost += share * e->cost;
        out->vehicle_km += share * e->km;
        out->drive_hours += share * e->drive_min / 60.0;
        out->work_hours += share * e->work_min / 60.0;
        out->co2_kg += share * e->co2_kg;
        out->vehicles++;
        out->trips += route_trips(plan->p, r);
        out->emergency += sc->vehicles[r->vehicle].emergency;
        fill_km += all;
        km_of_routes += e->km;
    }
    out->load_factor = km_of_routes > 0 ? fill_km / km_of_routes : 0.0;
    out->local_share = local_share(plan, c);
    for (int32_t s = 0; s < sc->n_shipments; s++)
        if (c == KY_KPI_ALL || sc->shipments[s].company == c)
            out->served++;
    for (int32_t k = 0; k < plan->n_unassigned; k++) {
        int32_t s = plan->unassigned[k];
        if (c == KY_KPI_ALL || sc->shipments[s].company == c) {
            out->served--;
            out->unassigned++;
            out->penalty += sc->shipments[s].penalty;
        }
    }
    out->cost = out->route_cost + out->penalty;
}

static int plan_route(ky_plan *plan, const ky_problem *p, int32_t v,
                      const int32_t *nodes, int32_t n, uint8_t *served)
{
    ky_plan_route *pr = &plan->routes[plan->n_routes++];
    pr->vehicle = v;
    pr->n = n;
    pr->nodes = ky_calloc(&plan->ctx, (size_t)n, sizeof *pr->nodes);
    pr->times = ky_calloc(&plan->ctx, (size_t)n + 2, sizeof *pr->times);
    if (pr->nodes == NULL || pr->times == NULL)
        return KY_ENOMEM;
    memcpy(pr->nodes, nodes, sizeof(int32_t) * (size_t)n);
    ky_route_eval_full(p, v, nodes, n, &pr->eval, pr->times);
    if (!pr->eval.feasible) {
        ky_log(&plan->ctx, KY_LOG_ERROR,
               "internal: vehicle '%s' got an infeasible route (%s)",
               p->scen->vehicles[v].id, ky_violation_name(pr->eval.violation));
        return KY_EINTERNAL;
    }
    for (int32_t k = 0; k < n; k++) {
        int32_t s = KY_NODE_SHIPMENT(nodes[k]), g = p->group[s];
        if ((p->kind[s] == KY_SHIP_PD && !KY_NODE_IS_PICKUP(nodes[k])) ||
            p->leg[s] == 2) /* counted at its pickup / inbound leg */
            continue;
        plan->total.transfers += p->leg[s] == 1;
        if (served[g]++) {
            ky_log(&plan->ctx, KY_LOG_ERROR,
                   "internal: shipment '%s' served twice",
                   p->scen->shipments[g].id);
            return KY_EINTERNAL;
        }
        plan->source_of[g] = p->source[s];
    }
    add_route(&plan->total, &pr->eval);
    return KY_OK;
}

#define CLOSURE_MAX_LOCS 800 /* Floyd-Warshall is cubic */

/* The problem again, over travel times that are shortest paths (through
 * any locations): no route reaches a stop sooner. Where a shipment is too
 * late alone even so, it is too late in every route. NULL when out of
 * memory or too large. */
static ky_problem *fastest(const ky_problem *p, ky_matrix **mat)
{
    const ky_matrix *m = p->mat;
    int32_t n = m->n;
    ky_problem *q = NULL;
    *mat = NULL;
    if (n > CLOSURE_MAX_LOCS)
        return NULL;
    ky_matrix *c = ky_calloc(&p->ctx, 1, sizeof *c);
    if (c == NULL)
        return NULL;
    *c = (ky_matrix){.n = n, .ctx = p->ctx};
    size_t nn = (size_t)n * (size_t)n;
    c->km = ky_calloc(&p->ctx, nn + 1, sizeof *c->km);
    c->minutes = ky_calloc(&p->ctx, nn + 1, sizeof *c->minutes);
    if (c->km && c->minutes) {
        memcpy(c->km, m->km, nn * sizeof *c->km);
        memcpy(c->minutes, m->minutes, nn * sizeof *c->minutes);
        double *t = c->minutes;
        for (size_t k = 0; k < (size_t)n; k++)
            for (size_t i = 0; i < (size_t)n; i++)
                for (size_t j = 0; j < (size_t)n; j++)
                    if (t[i * n + k] + t[k * n + j] < t[i * n + j])
                        t[i * n + j] = t[i * n + k] + t[k * n + j];
        if (ky_problem_new(&q, p->scen, c, &p->ctx, NULL) == KY_OK)
            ky_problem_set_objective(q, (ky_objective)p->objective);
    }
    if (q == NULL)
        ky_matrix_free(c);
    else
        *mat = c;
    return q;
}

static int plan_unassigned(ky_plan *plan, const ky_problem *p,
                           const uint8_t *served)
{
    int32_t n = 0;
    for (int32_t g = 0; g < p->n_groups; g++)
        n += !served[g];
    plan->unassigned = ky_calloc(&plan->ctx, (size_t)n + 1, sizeof(int32_t));
    plan->reasons = ky_calloc(&plan->ctx, (size_t)n + 1, sizeof(ky_reason));
    if (plan->unassigned == NULL || plan->reasons == NULL)
        return KY_ENOMEM;
    /* Coordinates give travel times that obey the triangle inequality;
     * a matrix is checked (once, and only when it matters). Without it,
     * lateness is proven over the fastest paths instead. */
    int metric = p->scen->settings.distance != KY_DIST_MATRIX ? 1 : -1;
    ky_problem *q = NULL;
    ky_matrix *qm = NULL;
    for (int32_t s = 0; s < p->n_groups; s++) {
        if (served[s]) {
            plan->total.served++;
            continue;
        }
        plan->unassigned[plan->n_unassigned] = s;
        ky_reason why = ky_plan_reason(p, s, true);
        if (why == KY_REASON_TIME && metric < 0 &&
            (metric = ky_problem_triangle(p)) == 0)
            q = fastest(p, &qm);
        if (why == KY_REASON_TIME && metric == 0)
            why = q ? ky_plan_reason(q, s, true) : KY_REASON_NOT_SERVED;
        plan->reasons[plan->n_unassigned++] = why;
        plan->total.penalty += p->scen->shipments[s].penalty;
        plan->total.unassigned++;
    }
    ky_problem_free(q);
    ky_matrix_free(qm);
    return KY_OK;
}

/* The value a plan reports is in the objective's own unit: money for
 * cost, km for the others (whose vehicle counts and unassigned shipments
 * are in the totals). A bound is reported only in that unit. */
static void report_objective(ky_plan *plan)
{
    if (plan->objective == KY_OBJ_COST)
        return;
    plan->objective_value = plan->total.km;
    bool same_unit = plan->objective == KY_OBJ_DISTANCE &&
                     plan->n_unassigned == 0;
    if (plan->has_bound && plan->status == KY_STATUS_OPTIMAL) {
        plan->bound = plan->objective_value;
        plan->gap = 0.0;
    } else if (!same_unit) {
        plan->has_bound = false;
        plan->bound_kind = KY_BOUND_NONE;
    }
}

int ky_plan_new(ky_plan **out, const ky_problem *p,
                const ky_solve_result *res, ky_objective objective,
                uint64_t seed, const ky_ctx *ctx)
{
    *out = NULL;
    ky_plan *plan = ky_calloc(ctx, 1, sizeof *plan);
    if (plan == NULL)
        return KY_ENOMEM;
    if (ctx)
        plan->ctx = *ctx;
    plan->p = p;
    plan->method = res->method;
    plan->status = res->status;
    plan->objective = objective;
    plan->objective_value = res->objective;
    plan->has_bound = res->has_bound;
    plan->bound = res->bound;
    plan->bound_kind = res->has_bound ? res->bound_kind : KY_BOUND_NONE;
    plan->gap = res->gap;
    plan->seed = seed;
    plan->iterations = res->iterations;
    uint8_t *served = ky_calloc(ctx, (size_t)p->n_groups + 1, 1);
    plan->routes = ky_calloc(ctx, (size_t)p->n_veh + 1, sizeof *plan->routes);
    plan->source_of = ky_calloc(ctx, (size_t)p->n_groups + 1,
                                sizeof *plan->source_of);
    int rc = served && plan->routes && plan->source_of ? KY_OK : KY_ENOMEM;
    for (int32_t g = 0; rc == KY_OK && g < p->n_groups; g++)
        plan->source_of[g] = -1;
    for (int32_t v = 0; rc == KY_OK && v < p->n_veh; v++) {
        int32_t n = ky_routes_len(res->routes, v);
        if (n > 0)
            rc = plan_route(plan, p, v, ky_routes_of(res->routes, v), n,
                            served);
    }
    bool together = true;
    if (rc == KY_OK)
        rc = ky_routes_transfers_ok(p, res->routes, &together);
    if (rc == KY_OK && !together) {
        ky_log(&plan->ctx, KY_LOG_ERROR,
               "internal: a transfer lacks a leg or a hub has too few docks");
        rc = KY_EINTERNAL;
    }
    if (rc == KY_OK)
        rc = plan_unassigned(plan, p, served);
    ky_free(ctx, served);
    if (rc != KY_OK) {
        ky_plan_free(plan);
        return rc;
    }
    plan->total.cost = plan->total.route_cost + plan->total.penalty;
    report_objective(plan);
    *out = plan;
    return KY_OK;
}

void ky_plan_free(ky_plan *plan)
{
    if (plan == NULL)
        return;
    ky_ctx ctx = plan->ctx;
    for (int32_t r = 0; plan->routes && r < plan->n_routes; r++) {
        ky_free(&ctx, plan->routes[r].nodes);
        ky_free(&ctx, plan->routes[r].times);
    }
    ky_free(&ctx, plan->routes);
    ky_free(&ctx, plan->unassigned);
    ky_free(&ctx, plan->reasons);
    ky_free(&ctx, plan->source_of);
    ky_free(&ctx, plan);
}
