/* Random scenarios for property tests (see gen.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gen.h"
#include "kyodo/rng.h"

void ky_gen_opts_init(ky_gen_opts *o)
{
    memset(o, 0, sizeof *o);
    o->n_ship = 4;
    o->n_veh = 2;
    o->n_dims = 1;
    o->n_depots = 1;
    o->p_delivery = 0.3;
    o->p_pickup = 0.2;
    o->p_two_windows = 0.2;
    o->cost_per_hour = 0.0;
    o->horizon = 480;
    o->grid = 60;
    o->cap_lo = 10;
    o->cap_hi = 30;
}

static int rnd(ky_rng *r, int lo, int hi)
{
    return lo + (int)ky_rng_below(r, (uint64_t)(hi - lo + 1));
}

static char *id_of(const ky_ctx *ctx, const char *prefix, int i)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%s%d", prefix, i);
    return ky_strdup(ctx, buf);
}

/* One or two windows inside [0, horizon]. */
static void gen_windows(ky_rng *r, const ky_gen_opts *o, ky_stop_spec *st)
{
    int h = o->horizon;
    if (ky_rng_unit(r) < o->p_two_windows) {
        int a = rnd(r, 0, h / 3), b = a + rnd(r, 10, h / 4);
        int c = b + rnd(r, 5, h / 4), d = c + rnd(r, 10, h / 3);
        if (d > h)
            d = h;
        if (c >= d)
            c = d - 1;
        st->n_windows = 2;
        st->windows[0] = (ky_window){a, b};
        st->windows[1] = (ky_window){c, d};
        return;
    }
    int a = rnd(r, 0, h / 2), b = a + rnd(r, 30, h);
    st->n_windows = 1;
    st->windows[0] = (ky_window){a, b > h ? h : b};
}

static void gen_vehicles(ky_rng *r, const ky_gen_opts *o, ky_scenario *s)
{
    for (int v = 0; v < o->n_veh; v++) {
        ky_vehicle *veh = &s->vehicles[v];
        veh->id = id_of(&s->ctx, "v", v);
        veh->company = -1;
        veh->start_depot = v % o->n_depots;
        veh->end_depot = ky_rng_below(r, 3) == 0 ? (int32_t)(
                             ky_rng_below(r, (uint64_t)o->n_depots))
                                                  : veh->start_depot;
        int open = rnd(r, 0, o->horizon / 6);
        veh->shift = (ky_window){open, rnd(r, o->horizon * 3 / 4, o->horizon)};
        for (int d = 0; d < o->n_dims; d++)
            veh->capacity[d] = rnd(r, o->cap_lo, o->cap_hi);
        veh->fixed_cost = rnd(r, 0, 50);
        veh->cost_per_km = rnd(r, 1, 3);
        veh->cost_per_hour = o->cost_per_hour * rnd(r, 1, 2);
        veh->co2_kg_per_km = 0.5;
        veh->skills = ky_rng_below(r, 4) == 0 ? 1u : 0u;
    }
}

static void gen_depot_side(ky_rng *r, const ky_gen_opts *o, ky_scenario *s,
                           ky_stop_spec *st)
{
    int32_t dep = (int32_t)ky_rng_below(r, (uint64_t)o->n_depots);
    st->site = KY_SITE_DEPOT;
    st->depot = dep;
    st->location = s->depots[dep].location;
    st->n_windows = 1;
    st->windows[0] = (ky_window){0, KY_TIME_INF};
    st->service = 0;
    if (o->depot_service) {
        st->service = rnd(r, 0, 10);
        int ready = rnd(r, 0, o->horizon / 4);
        st->windows[0] = (ky_window){ready, ready + rnd(r, 60, o->horizon)};
    }
}

static void gen_shipments(ky_rng *r, const ky_gen_opts *o, ky_scenario *s,
                          int n_sites)
{
    for (int i = 0; i < o->n_ship; i++) {
        ky_shipment *sh = &s->shipments[i];
        sh->id = id_of(&s->ctx, "s", i);
        sh->company = -1;
        sh->penalty = rnd(r, 200, 2000);
        sh->skills = ky_rng_below(r, 6) == 0 ? 1u : 0u;
        for (int d = 0; d < o->n_dims; d++)
            sh->amount[d] = rnd(r, 1, o->cap_lo);
        double u = ky_rng_unit(r);
        ky_stop_spec *sides[2] = {&sh->pickup, &sh->delivery};
        int depot_side = u < o->p_delivery ? 0
                                           : (u < o->p_delivery + o->p_pickup
                                                  ? 1
                                                  : -1);
        for (int k = 0; k < 2; k++) {
            ky_stop_spec *st = sides[k];
            st->depot = -1;
            if (k == depot_side) {
                gen_depot_side(r, o, s, st);
                continue;
            }
            st->site = KY_SITE_LOCATION;
            st->location = o->n_depots + (int32_t)ky_rng_below(r, (uint64_t)n_sites);
            st->service = rnd(r, 0, 15);
            gen_windows(r, o, st);
            /* no draw without soft windows: other streams stay as they are */
            if (o->p_soft > 0 && ky_rng_unit(r) < o->p_soft) {
                st->late_cost = rnd(r, 1, 5);
                st->max_late = rnd(r, 10, 120);
            }
        }
    }
}

/* Three companies, 0 and 1 banned from sharing a vehicle; no random
 * draws, so the rest of the scenario is as without bans. */
static int gen_bans(ky_scenario *s)
{
    s->n_companies = 3;
    s->companies = ky_calloc(&s->ctx, 3, sizeof *s->companies);
    if (s->companies == NULL)
        return -1;
    for (int32_t c = 0; c < 3; c++) {
        s->companies[c].id = id_of(&s->ctx, "C", c);
        s->companies[c].name = id_of(&s->ctx, "C", c);
    }
    s->companies[0].no_coload = ky_calloc(&s->ctx, 1, sizeof(int32_t));
    if (s->companies[0].no_coload == NULL)
        return -1;
    s->companies[0].no_coload[0] = 1;
    s->companies[0].n_no_coload = 1;
    for (int32_t i = 0; i < s->n_shipments; i++)
        s->shipments[i].company = i % 3;
    return 0;
}

static int gen_matrix(ky_rng *r, const ky_gen_opts *o, ky_scenario *s)
{
    int32_t n = s->n_locations;
    s->matrix.km = ky_calloc(&s->ctx, (size_t)n * n, sizeof(double));
    s->matrix.minutes = ky_calloc(&s->ctx, (size_t)n * n, sizeof(double));
    if (!s->matrix.km || !s->matrix.minutes)
        return -1;
    double *x = ky_calloc(&s->ctx, (size_t)n * 2, sizeof(double));
    if (!x)
        return -1;
    for (int32_t i = 0; i < n; i++) {
        x[2 * i] = rnd(r, 0, o->grid - 1);
        x[2 * i + 1] = rnd(r, 0, o->grid - 1);
        s->locations[i].x = x[2 * i];
        s->locations[i].y = x[2 * i + 1];
    }
    for (int32_t i = 0; i < n; i++)
        for (int32_t j = 0; j < n; j++) {
            double dx = x[2 * i] - x[2 * j], dy = x[2 * i + 1] - x[2 * j + 1];
            double d = round(sqrt(dx * dx + dy * dy));
            s->matrix.km[i * n + j] = d;
            s->matrix.minutes[i * n + j] = d;
        }
    ky_free(&s->ctx, x);
    return 0;
}

ky_scenario *ky_gen_scenario(uint64_t seed, const ky_gen_opts *o)
{
    ky_rng r;
    ky_rng_seed(&r, seed);
    ky_scenario *s;
    if (ky_scenario_new(&s, NULL) != KY_OK)
        return NULL;
    int n_sites = o->n_ship + 2;
    s->name = ky_strdup(&s->ctx, "generated");
    s->file = ky_strdup(&s->ctx, "");
    s->settings.distance = KY_DIST_MATRIX;
    s->n_dims = o->n_dims;
    for (int d = 0; d < o->n_dims; d++)
        s->dim_ids[d] = id_of(&s->ctx, "d", d);
    s->n_skills = 1;
    s->skill_names[0] = ky_strdup(&s->ctx, "lift");
    s->n_locations = o->n_depots + n_sites;
    s->n_depots = o->n_depots;
    s->n_vehicles = o->n_veh;
    s->n_shipments = o->n_ship;
    s->locations = ky_calloc(&s->ctx, (size_t)s->n_locations, sizeof *s->locations);
    s->depots = ky_calloc(&s->ctx, (size_t)s->n_depots, sizeof *s->depots);
    s->vehicles = ky_calloc(&s->ctx, (size_t)s->n_vehicles + 1, sizeof *s->vehicles);
    s->shipments = ky_calloc(&s->ctx, (size_t)s->n_shipments + 1, sizeof *s->shipments);
    if (!s->locations || !s->depots || !s->vehicles || !s->shipments)
        goto fail;
    for (int32_t i = 0; i < s->n_locations; i++) {
        s->locations[i].id = id_of(&s->ctx, "L", i);
        s->locations[i].has_coords = true;
    }
    for (int32_t d = 0; d < s->n_depots; d++) {
        s->depots[d].id = id_of(&s->ctx, "D", d);
        s->depots[d].location = d;
        s->depots[d].company = -1;
        s->depots[d].hours = (ky_window){0, KY_TIME_INF};
        if (o->depot_service && d == 1)
            s->depots[d].hours = (ky_window){30, o->horizon};
    }
    if (gen_matrix(&r, o, s) != 0)
        goto fail;
    gen_vehicles(&r, o, s);
    gen_shipments(&r, o, s, n_sites);
    if (o->bans && gen_bans(s) != 0)
        goto fail;
    return s;
fail:
    ky_scenario_free(s);
    return NULL;
}

bool ky_fixture_make(ky_fixture *f, uint64_t seed, const ky_gen_opts *o)
{
    memset(f, 0, sizeof *f);
    f->s = ky_gen_scenario(seed, o);
    return f->s && ky_matrix_new(&f->m, f->s, NULL) == KY_OK &&
           ky_problem_new(&f->p, f->s, f->m, NULL, NULL) == KY_OK;
}

void ky_fixture_free(ky_fixture *f)
{
    ky_problem_free(f->p);
    ky_matrix_free(f->m);
    ky_scenario_free(f->s);
}

int ky_gen_with_inserted(const int32_t *nodes, int n, int32_t u, int i,
                         int32_t w, int j, int32_t *out)
{
    int m = 0;
    for (int k = 0; k <= n; k++) {
        if (k == i)
            out[m++] = u;
        if (w >= 0 && k == j)
            out[m++] = w;
        if (k < n)
            out[m++] = nodes[k];
    }
    return m;
}
