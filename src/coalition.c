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

typedef struct copier {
    ky_scenario *t;
    int rc;
} copier;

static char *dup(copier *cp, const char *text)
{
    if (text == NULL || cp->rc != KY_OK)
        return NULL;
    char *d = ky_strdup(&cp->t->ctx, text);
    if (d == NULL)
        cp->rc = KY_ENOMEM;
    return d;
}

static void *dup_array(copier *cp, const void *src, size_t n, size_t size)
{
    if (n == 0 || src == NULL || cp->rc != KY_OK)
        return NULL;
    void *d = ky_calloc(&cp->t->ctx, n, size);
    if (d == NULL)
        cp->rc = KY_ENOMEM;
    else
        memcpy(d, src, n * size);
    return d;
}

/* Everything but vehicles and shipments. */
static void copy_base(copier *cp, const ky_scenario *s)
{
    ky_scenario *t = cp->t;
    t->file = dup(cp, s->file);
    t->name = dup(cp, s->name);
    t->date = dup(cp, s->date);
    t->settings = s->settings;
    t->n_dims = s->n_dims;
    for (int d = 0; d < s->n_dims; d++)
        t->dim_ids[d] = dup(cp, s->dim_ids[d]);
    t->n_skills = s->n_skills;
    for (int k = 0; k < s->n_skills; k++)
        t->skill_names[k] = dup(cp, s->skill_names[k]);
    t->companies = dup_array(cp, s->companies, (size_t)s->n_companies,
                             sizeof *s->companies);
    t->locations = dup_array(cp, s->locations, (size_t)s->n_locations,
                             sizeof *s->locations);
    t->depots = dup_array(cp, s->depots, (size_t)s->n_depots,
                          sizeof *s->depots);
    if (cp->rc != KY_OK)
        return;
    /* counts only once the arrays exist, so that freeing stays safe */
    t->n_companies = s->n_companies;
    for (int32_t i = 0; i < s->n_companies; i++) {
        ky_company *c = &t->companies[i];
        const ky_company *o = &s->companies[i];
        *c = (ky_company){.line = o->line, .n_no_coload = o->n_no_coload};
        c->id = dup(cp, o->id);
        c->name = dup(cp, o->name);
        c->no_coload = dup_array(cp, o->no_coload, (size_t)o->n_no_coload,
                                 sizeof *o->no_coload);
        if (c->no_coload == NULL)
            c->n_no_coload = 0;
    }
    t->n_locations = s->n_locations;
    for (int32_t i = 0; i < s->n_locations; i++) {
        t->locations[i].id = dup(cp, s->locations[i].id);
        t->locations[i].name = dup(cp, s->locations[i].name);
    }
    t->n_depots = s->n_depots;
    for (int32_t i = 0; i < s->n_depots; i++)
        t->depots[i].id = dup(cp, s->depots[i].id);
    size_t nn = (size_t)s->n_locations * (size_t)s->n_locations;
    t->matrix.km = dup_array(cp, s->matrix.km, nn, sizeof(double));
    t->matrix.minutes = dup_array(cp, s->matrix.minutes, nn, sizeof(double));
}

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

static void copy_hires(copier *cp, const ky_scenario *s, uint64_t members,
                       ky_error *err)
{
    ky_scenario *t = cp->t;
    char id[KY_ID_MAX + 32];
    for (int32_t c = 0; c < s->n_companies && cp->rc == KY_OK; c++) {
        const ky_company *co = &s->companies[c];
        int32_t n = 0;
        if (!member(members, c))
            continue;
        for (int32_t k = 0; k < co->n_hire && cp->rc == KY_OK; k++) {
            const ky_hire *h = &co->hire[k];
            for (int32_t j = 0; j < h->count && cp->rc == KY_OK; j++) {
                ky_vehicle *v = &t->vehicles[t->n_vehicles];
                *v = s->vehicles[h->like];
                v->company = c;
                v->line = h->line;
                if (h->fixed_cost >= 0)
                    v->fixed_cost = h->fixed_cost;
                if (h->cost_per_km >= 0)
                    v->cost_per_km = h->cost_per_km;
                snprintf(id, sizeof id, "%s-hire-%d", co->id, (int)++n);
                if (ky_scenario_find_vehicle(s, id) >= 0) {
                    cp->rc = ky_error_add(err, KY_EINPUT, s->file, h->line,
                                          "company '%s': the hired vehicle "
                                          "would be named '%s', which is "
                                          "taken", co->id, id);
                    break;
                }
                v->id = dup(cp, id);
                if (v->id)
                    t->n_vehicles++;
            }
        }
    }
}

int ky_coalition_scenario(ky_scenario **out, const ky_scenario *s,
                          uint64_t members, const ky_ctx *ctx,
                          ky_error *err)
{
    *out = NULL;
    copier cp = {NULL, KY_OK};
    if ((cp.rc = ky_scenario_new(&cp.t, ctx)) != KY_OK)
        return cp.rc;
    ky_scenario *t = cp.t;
    copy_base(&cp, s);
    uint8_t *keep = ky_calloc(ctx, (size_t)s->n_vehicles + 1, 1);
    if (keep == NULL)
        cp.rc = KY_ENOMEM;
    int32_t hired = keep ? mark_fleet(s, members, keep) : 0;
    int32_t nv = hired;
    for (int32_t v = 0; keep && v < s->n_vehicles; v++)
        nv += keep[v];
    if (cp.rc == KY_OK && nv > 0 &&
        (t->vehicles = ky_calloc(&t->ctx, (size_t)nv, sizeof *t->vehicles)) ==
            NULL)
        cp.rc = KY_ENOMEM;
    for (int32_t v = 0; cp.rc == KY_OK && v < s->n_vehicles; v++) {
        if (!keep[v])
            continue;
        t->vehicles[t->n_vehicles] = s->vehicles[v];
        if ((t->vehicles[t->n_vehicles].id = dup(&cp, s->vehicles[v].id)))
            t->n_vehicles++;
    }
    ky_free(ctx, keep);
    copy_hires(&cp, s, members, err);
    int32_t ns = ky_coalition_shipments(s, members);
    if (cp.rc == KY_OK && ns > 0 &&
        (t->shipments = ky_calloc(&t->ctx, (size_t)ns,
                                  sizeof *t->shipments)) == NULL)
        cp.rc = KY_ENOMEM;
    for (int32_t i = 0; cp.rc == KY_OK && i < s->n_shipments; i++) {
        if (!member(members, s->shipments[i].company))
            continue;
        t->shipments[t->n_shipments] = s->shipments[i];
        if ((t->shipments[t->n_shipments].id = dup(&cp, s->shipments[i].id)))
            t->n_shipments++;
    }
    if (cp.rc != KY_OK) {
        ky_scenario_free(t);
        return cp.rc;
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
