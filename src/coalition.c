/* kyodo coalition: sub-scenarios of a group of companies, and planning
 * them. A sub-scenario is a deep copy of what the group uses, so each
 * plan can be written, saved and checked like any other. */
#include <stdio.h>
#include <string.h>

#include "kyodo/coalition.h"

static bool member(uint64_t members, int32_t c)
{
    return members == KY_COALITION_JOINT ||
           (c >= 0 && c < 64 && (members >> c & 1));
}

/* Vehicles company c keeps and hires when alone. */
static int32_t fleet_size(const ky_scenario *s, int32_t c)
{
    const ky_company *co = &s->companies[c];
    int32_t n = 0;
    if (co->has_alone)
        n = co->n_keep;
    else
        for (int32_t v = 0; v < s->n_vehicles; v++)
            n += s->vehicles[v].company == c;
    for (int32_t k = 0; k < co->n_hire; k++)
        n += co->hire[k].count;
    return n;
}

int32_t ky_coalition_shipments(const ky_scenario *s, uint64_t members)
{
    int32_t n = 0;
    for (int32_t i = 0; i < s->n_shipments; i++)
        n += member(members, s->shipments[i].company);
    return n;
}

int ky_coalition_check(const ky_scenario *s, ky_error *err)
{
    if (s->n_companies == 0)
        return ky_error_add(err, KY_EINPUT, s->file, 0,
                            "compare needs companies: the scenario names "
                            "none");
    if (s->n_companies > KY_COALITION_MAX_COMPANIES)
        return ky_error_add(err, KY_EINPUT, s->file,
                            s->companies[KY_COALITION_MAX_COMPANIES].line,
                            "compare splits at most %d companies; the "
                            "scenario has %d", KY_COALITION_MAX_COMPANIES,
                            (int)s->n_companies);
    int rc = KY_OK;
    for (int32_t i = 0; i < s->n_shipments; i++)
        if (s->shipments[i].company < 0)
            rc = ky_error_add(err, KY_EINPUT, s->file, s->shipments[i].line,
                              "shipment '%s' names no company; compare "
                              "needs to know whose each shipment is",
                              s->shipments[i].id);
    /* Alone without a vehicle, a company's cost would be its penalties,
     * and every split of the joint cost would follow them. */
    for (int32_t c = 0; c < s->n_companies; c++) {
        if (ky_coalition_shipments(s, UINT64_C(1) << c) > 0 &&
            fleet_size(s, c) == 0)
            rc = ky_error_add(err, KY_EINPUT, s->file, s->companies[c].line,
                              "company '%s' has no vehicle when alone; "
                              "give it <alone> with the vehicles it keeps "
                              "or a <hire>", s->companies[c].id);
    }
    return rc;
}

/* ---- the sub-scenario ------------------------------------------------------ */

/* Marks the vehicles the members keep; returns how many they hire. */
static int32_t mark_fleet(const ky_scenario *s, uint64_t members,
                          uint8_t *keep)
{
    int32_t hired = 0;
    for (int32_t c = 0; c < s->n_companies; c++) {
        if (!member(members, c))
            continue;
        const ky_company *co = &s->companies[c];
        if (co->has_alone) {
            for (int32_t k = 0; k < co->n_keep; k++)
                keep[co->keep[k]] = 1;
        } else {
            for (int32_t v = 0; v < s->n_vehicles; v++)
                keep[v] |= s->vehicles[v].company == c;
        }
        for (int32_t k = 0; k < co->n_hire; k++)
            hired += co->hire[k].count;
    }
    return hired;
}

/* Appends the members' hired vehicles to t (which has room for them). */
static int add_hires(ky_scenario *t, const ky_scenario *s, uint64_t members,
                     ky_error *err)
{
    char id[KY_ID_MAX + 32];
    for (int32_t c = 0; c < s->n_companies; c++) {
        const ky_company *co = &s->companies[c];
        int32_t n = 0;
        if (!member(members, c))
            continue;
        for (int32_t k = 0; k < co->n_hire; k++) {
            const ky_hire *h = &co->hire[k];
            for (int32_t j = 0; j < h->count; j++) {
                ky_vehicle *v = &t->vehicles[t->n_vehicles];
                snprintf(id, sizeof id, "%s-hire-%d", co->id, (int)++n);
                if (ky_scenario_find_vehicle(s, id) >= 0)
                    return ky_error_add(err, KY_EINPUT, s->file, h->line,
                                        "company '%s': the hired vehicle "
                                        "would be named '%s', which is "
                                        "taken", co->id, id);
                *v = s->vehicles[h->like];
                v->company = c;
                v->line = h->line;
                if (h->fixed_cost >= 0)
                    v->fixed_cost = h->fixed_cost;
                if (h->cost_per_km >= 0)
                    v->cost_per_km = h->cost_per_km;
                if ((v->id = ky_strdup(&t->ctx, id)) == NULL)
                    return KY_ENOMEM;
                t->n_vehicles++;
            }
        }
    }
    return KY_OK;
}

int ky_coalition_scenario(ky_scenario **out, const ky_scenario *s,
                          uint64_t members, const ky_ctx *ctx,
                          ky_error *err)
{
    *out = NULL;
    ky_scenario *t = NULL;
    int rc = ky_scenario_copy(&t, s, ctx);
    if (rc != KY_OK)
        return rc;
    /* The sub-scenario drops vehicles, so the <alone> lists, which refer
     * to vehicles by index, go: it is planned as it stands. */
    for (int32_t c = 0; c < t->n_companies; c++) {
        ky_company *co = &t->companies[c];
        ky_free(&t->ctx, co->keep);
        ky_free(&t->ctx, co->hire);
        co->keep = NULL;
        co->hire = NULL;
        co->n_keep = co->n_hire = 0;
        co->has_alone = false;
    }
    uint8_t *keep = ky_calloc(ctx, (size_t)s->n_vehicles + 1, 1);
    ky_vehicle *fleet = NULL;
    int32_t hired = keep ? mark_fleet(s, members, keep) : 0;
    if (keep && (fleet = ky_calloc(&t->ctx, (size_t)(s->n_vehicles + hired) + 1,
                                   sizeof *fleet)) == NULL)
        rc = KY_ENOMEM;
    if (keep == NULL)
        rc = KY_ENOMEM;
    if (rc == KY_OK) {
        int32_t nv = 0;
        for (int32_t v = 0; v < t->n_vehicles; v++) {
            if (keep[v])
                fleet[nv++] = t->vehicles[v];
            else
                ky_free(&t->ctx, t->vehicles[v].id);
        }
        ky_free(&t->ctx, t->vehicles);
        t->vehicles = fleet;
        t->n_vehicles = nv;
        rc = add_hires(t, s, members, err);
    }
    ky_free(ctx, keep);
    int32_t ns = 0;
    for (int32_t i = 0; rc == KY_OK && i < t->n_shipments; i++) {
        if (member(members, t->shipments[i].company))
            t->shipments[ns++] = t->shipments[i];
        else
            ky_free(&t->ctx, t->shipments[i].id);
    }
    if (rc == KY_OK)
        t->n_shipments = ns;
    if (rc != KY_OK) {
        ky_scenario_free(t);
        return rc;
    }
    *out = t;
    return KY_OK;
}

/* ---- planning ---------------------------------------------------------------- */

void ky_coalition_run_free(ky_coalition_run *r)
{
    if (r == NULL)
        return;
    ky_ctx ctx = r->ctx;
    ky_plan_free(r->plan);
    ky_solve_result_free(r->res);
    ky_problem_free(r->prob);
    ky_matrix_free(r->mat);
    ky_scenario_free(r->owned);
    ky_free(&ctx, r);
}

int ky_coalition_plan(ky_coalition_run **out, const ky_scenario *s,
                      uint64_t members, const ky_solve_options *o,
                      const ky_ctx *ctx, ky_error *err)
{
    *out = NULL;
    ky_coalition_run *r = ky_calloc(ctx, 1, sizeof *r);
    if (r == NULL)
        return KY_ENOMEM;
    if (ctx)
        r->ctx = *ctx;
    r->members = members;
    int rc = KY_OK;
    if (members == KY_COALITION_JOINT)
        r->scen = s;
    else if ((rc = ky_coalition_scenario(&r->owned, s, members, ctx, err)) ==
             KY_OK)
        r->scen = r->owned;
    if (rc == KY_OK)
        rc = ky_matrix_new(&r->mat, r->scen, ctx);
    if (rc == KY_OK)
        rc = ky_problem_new(&r->prob, r->scen, r->mat, ctx, err);
    if (rc == KY_OK)
        rc = ky_solve(&r->res, r->prob, o, ctx);
    if (rc == KY_OK)
        rc = ky_plan_new(&r->plan, r->prob, r->res, KY_OBJ_COST, o->seed,
                         ctx);
    if (rc != KY_OK) {
        ky_coalition_run_free(r);
        return rc;
    }
    *out = r;
    return KY_OK;
}
