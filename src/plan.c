/* kyodo plan: schedules, totals and reasons, computed by the route core
 * from a solver's routes. A route the core finds infeasible, or a
 * shipment served twice, is a solver bug: reported, never written. */
#include <string.h>

#include "kyodo/plan.h"

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
    }
    return "unknown";
}

ky_reason ky_plan_reason(const ky_problem *p, int32_t s)
{
    const ky_scenario *sc = p->scen;
    const ky_shipment *sh = &sc->shipments[s];
    bool skills = false, capacity = false, depot = false;
    for (int32_t v = 0; v < p->n_veh; v++) {
        const ky_vehicle *veh = &sc->vehicles[v];
        skills |= (sh->skills & ~veh->skills) == 0;
        bool fits = true;
        for (int d = 0; d < sc->n_dims; d++)
            fits &= sh->amount[d] <= veh->capacity[d];
        capacity |= fits;
        bool dep = (sh->pickup.site != KY_SITE_DEPOT ||
                    sh->pickup.location == p->start_loc[v]) &&
                   (sh->delivery.site != KY_SITE_DEPOT ||
                    sh->delivery.location == p->end_loc[v]);
        depot |= dep;
    }
    if (!skills)
        return KY_REASON_SKILLS;
    if (!capacity)
        return KY_REASON_CAPACITY;
    if (!depot)
        return KY_REASON_DEPOT;
    int32_t st[2];
    int n = ky_shipment_stops(p, s, st);
    for (int32_t v = 0; v < p->n_veh; v++) {
        if (!ky_problem_compat(p, s, v))
            continue;
        ky_route_eval e;
        ky_route_eval_full(p, v, st, n, &e, NULL);
        if (e.feasible)
            return KY_REASON_NOT_SERVED;
    }
    return KY_REASON_TIME;
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
        int32_t s = KY_NODE_SHIPMENT(nodes[k]);
        if (p->kind[s] == KY_SHIP_PD && !KY_NODE_IS_PICKUP(nodes[k]))
            continue;
        if (served[s]++) {
            ky_log(&plan->ctx, KY_LOG_ERROR,
                   "internal: shipment '%s' served twice",
                   p->scen->shipments[s].id);
            return KY_EINTERNAL;
        }
    }
    add_route(&plan->total, &pr->eval);
    return KY_OK;
}

static int plan_unassigned(ky_plan *plan, const ky_problem *p,
                           const uint8_t *served)
{
    int32_t n = 0;
    for (int32_t s = 0; s < p->n_ship; s++)
        n += !served[s];
    plan->unassigned = ky_calloc(&plan->ctx, (size_t)n + 1, sizeof(int32_t));
    plan->reasons = ky_calloc(&plan->ctx, (size_t)n + 1, sizeof(ky_reason));
    if (plan->unassigned == NULL || plan->reasons == NULL)
        return KY_ENOMEM;
    for (int32_t s = 0; s < p->n_ship; s++) {
        if (served[s]) {
            plan->total.served++;
            continue;
        }
        plan->unassigned[plan->n_unassigned] = s;
        plan->reasons[plan->n_unassigned++] = ky_plan_reason(p, s);
        plan->total.penalty += p->scen->shipments[s].penalty;
        plan->total.unassigned++;
    }
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
    plan->gap = res->gap;
    plan->seed = seed;
    plan->iterations = res->iterations;
    uint8_t *served = ky_calloc(ctx, (size_t)p->n_ship + 1, 1);
    plan->routes = ky_calloc(ctx, (size_t)p->n_veh + 1, sizeof *plan->routes);
    int rc = served && plan->routes ? KY_OK : KY_ENOMEM;
    for (int32_t v = 0; rc == KY_OK && v < p->n_veh; v++) {
        int32_t n = ky_routes_len(res->routes, v);
        if (n > 0)
            rc = plan_route(plan, p, v, ky_routes_of(res->routes, v), n,
                            served);
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
    ky_free(&ctx, plan);
}
