/* Tests of the route core against an independent brute-force evaluator.
 *
 * The reference below re-derives feasibility from the scenario alone (not
 * from ky_problem) and finds the minimum working time by trying every
 * integer start time; generated data are integral, so that is exact. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "kyodo.h"
#include "kyodo/rng.h"
#include "kyodo/route.h"
#include "testutil.h"

typedef struct {
    bool feasible;
    double km, work, cost;
} ref_eval;

static bool in_windows(const ky_stop_spec *st, double t)
{
    for (int k = 0; k < st->n_windows; k++)
        if (t >= st->windows[k].open - 1e-9 && t <= st->windows[k].close + 1e-9)
            return true;
    return false;
}

static double first_start(const ky_stop_spec *st, double t)
{
    for (int k = 0; k < st->n_windows; k++) {
        if (t <= st->windows[k].close)
            return t > st->windows[k].open ? t : st->windows[k].open;
    }
    /* a soft window: late, up to max_late, at late_cost a minute */
    if (st->late_cost > 0 &&
        t <= st->windows[st->n_windows - 1].close + st->max_late)
        return t;
    return -1;
}

/* Money for starting at t at a soft window. */
static double late_cost(const ky_stop_spec *st, double t)
{
    double late = t - st->windows[st->n_windows - 1].close;
    return st->late_cost > 0 && late > 0 ? late * st->late_cost : 0.0;
}

static bool ref_structure(const ky_scenario *s, int32_t v, const int32_t *nodes,
                          int n)
{
    const ky_vehicle *veh = &s->vehicles[v];
    for (int k = 0; k < n; k++) {
        int32_t sh_i = nodes[k] / 2;
        const ky_shipment *sh = &s->shipments[sh_i];
        const ky_stop_spec *side = nodes[k] % 2 ? &sh->delivery : &sh->pickup;
        if (side->site != KY_SITE_LOCATION)
            return false;
        if (sh->skills & ~veh->skills)
            return false;
        if (sh->pickup.site == KY_SITE_DEPOT &&
            s->depots[veh->start_depot].location != sh->pickup.location)
            return false;
        if (sh->delivery.site == KY_SITE_DEPOT &&
            s->depots[veh->end_depot].location != sh->delivery.location)
            return false;
        int seen = 0, partner_at = -1;
        for (int q = 0; q < n; q++) {
            if (nodes[q] == nodes[k])
                seen++;
            if (nodes[q] == (nodes[k] ^ 1))
                partner_at = q;
        }
        if (seen != 1)
            return false;
        bool both = sh->pickup.site == KY_SITE_LOCATION &&
                    sh->delivery.site == KY_SITE_LOCATION;
        if (both && (partner_at < 0 || (nodes[k] % 2 == 0) != (partner_at > k)))
            return false;
    }
    return true;
}

static bool ref_loads(const ky_scenario *s, int32_t v, const int32_t *nodes,
                      int n)
{
    int64_t load[KY_MAX_DIMS] = {0};
    for (int k = 0; k < n; k++) {
        const ky_shipment *sh = &s->shipments[nodes[k] / 2];
        if (sh->pickup.site == KY_SITE_DEPOT)
            for (int d = 0; d < s->n_dims; d++)
                load[d] += sh->amount[d];
    }
    for (int k = -1; k < n; k++) {
        if (k >= 0) {
            const ky_shipment *sh = &s->shipments[nodes[k] / 2];
            for (int d = 0; d < s->n_dims; d++)
                load[d] += nodes[k] % 2 ? -sh->amount[d] : sh->amount[d];
        }
        for (int d = 0; d < s->n_dims; d++)
            if (load[d] > s->vehicles[v].capacity[d])
                return false;
    }
    return true;
}

/* Working time when loading starts at tau, or -1 if infeasible; *late:
 * the money of lateness at soft windows. */
static double ref_simulate(const ky_scenario *s, int32_t v,
                           const int32_t *nodes, int n, double tau,
                           double *late)
{
    *late = 0.0;
    const ky_vehicle *veh = &s->vehicles[v];
    const ky_depot *ds = &s->depots[veh->start_depot];
    const ky_depot *de = &s->depots[veh->end_depot];
    double load_min = 0, unload_min = 0, unload_open = de->hours.open;
    double unload_close = KY_TIME_INF * 10;
    if (tau < veh->shift.open || tau < ds->hours.open)
        return -1;
    for (int k = 0; k < n; k++) {
        const ky_shipment *sh = &s->shipments[nodes[k] / 2];
        if (sh->pickup.site == KY_SITE_DEPOT) {
            if (!in_windows(&sh->pickup, tau))
                return -1;
            load_min += sh->pickup.service;
        }
        if (sh->delivery.site == KY_SITE_DEPOT) {
            unload_min += sh->delivery.service;
            unload_open = fmax(unload_open, sh->delivery.windows[0].open);
            unload_close = fmin(unload_close, sh->delivery.windows[0].close);
        }
    }
    double t = tau + load_min;
    if (t > ds->hours.close)
        return -1;
    int32_t at = ds->location;
    int32_t nl = s->n_locations;
    for (int k = 0; k < n; k++) {
        const ky_shipment *sh = &s->shipments[nodes[k] / 2];
        const ky_stop_spec *st = nodes[k] % 2 ? &sh->delivery : &sh->pickup;
        t += s->matrix.minutes[at * nl + st->location];
        t = first_start(st, t);
        if (t < 0)
            return -1;
        *late += late_cost(st, t);
        t += st->service;
        at = st->location;
    }
    t += s->matrix.minutes[at * nl + de->location];
    if (t < unload_open)
        t = unload_open;
    if (t > unload_close)
        return -1;
    t += unload_min;
    if (t > de->hours.close || t > veh->shift.close)
        return -1;
    return t - tau;
}

static ref_eval ref_route(const ky_scenario *s, int32_t v,
                          const int32_t *nodes, int n)
{
    ref_eval e = {false, 0, 0, 0};
    if (n == 0) {
        e.feasible = true;
        return e;
    }
    if (!ref_structure(s, v, nodes, n) || !ref_loads(s, v, nodes, n))
        return e;
    /* least hourly and lateness money, then least working time */
    const ky_vehicle *veh = &s->vehicles[v];
    double best = -1, best_money = 0, best_late = 0;
    for (int tau = 0; tau <= 2000; tau++) {
        double late;
        double w = ref_simulate(s, v, nodes, n, tau, &late);
        double money = veh->cost_per_hour * w / 60.0 + late;
        if (w >= 0 && (best < 0 || money < best_money - 1e-9 ||
                       (money < best_money + 1e-9 && w < best - 1e-9))) {
            best = w;
            best_money = money;
            best_late = late;
        }
    }
    if (best < 0)
        return e;
    int32_t at = s->depots[veh->start_depot].location, nl = s->n_locations;
    for (int k = 0; k < n; k++) {
        const ky_shipment *sh = &s->shipments[nodes[k] / 2];
        int32_t l = nodes[k] % 2 ? sh->delivery.location : sh->pickup.location;
        e.km += s->matrix.km[at * nl + l];
        at = l;
    }
    e.km += s->matrix.km[at * nl + s->depots[veh->end_depot].location];
    e.feasible = true;
    e.work = best;
    e.cost = veh->fixed_cost + veh->cost_per_km * e.km +
             veh->cost_per_hour * best / 60.0 + best_late;
    return e;
}


/* A random sequence of the stops of k random shipments; orders are random
 * too, so precedence is sometimes broken on purpose. */
static int random_sequence(ky_rng *r, const ky_problem *p, int k,
                           int32_t *nodes)
{
    int n = 0;
    int32_t pick[16];
    int np = 0;
    for (int i = 0; i < k && np < p->n_ship; i++) {
        int32_t s = (int32_t)ky_rng_below(r, (uint64_t)p->n_ship);
        bool dup = false;
        for (int q = 0; q < np; q++)
            dup |= pick[q] == s;
        if (!dup)
            pick[np++] = s;
    }
    for (int q = 0; q < np; q++) {
        int32_t st[2];
        int c = ky_shipment_stops(p, pick[q], st);
        for (int z = 0; z < c; z++)
            nodes[n++] = st[z];
    }
    ky_rng_shuffle(r, nodes, n);
    return n;
}

static void check_against_reference(const ky_gen_opts *o, uint64_t seed0,
                                    int scenarios, int trials)
{
    int feasible = 0, total = 0;
    for (int sc = 0; sc < scenarios; sc++) {
        ky_fixture f;
        uint64_t seed = seed0 + (uint64_t)sc;
        CU_ASSERT_FATAL(ky_fixture_make(&f, seed, o));
        ky_rng r;
        ky_rng_seed(&r, seed * 7919);
        for (int t = 0; t < trials; t++) {
            int32_t nodes[32];
            int n = random_sequence(&r, f.p, 1 + (int)ky_rng_below(&r, 3), nodes);
            int32_t v = (int32_t)ky_rng_below(&r, (uint64_t)f.p->n_veh);
            ky_route_eval e;
            ky_route_eval_full(f.p, v, nodes, n, &e, NULL);
            ref_eval ref = ref_route(f.s, v, nodes, n);
            total++;
            if (e.feasible != ref.feasible) {
                printf("\nseed %llu trial %d: core %d reference %d (%s)\n",
                       (unsigned long long)seed, t, e.feasible, ref.feasible,
                       ky_violation_name(e.violation));
            }
            CU_ASSERT_EQUAL(e.feasible, ref.feasible);
            if (e.feasible && ref.feasible) {
                feasible++;
                CU_ASSERT_DOUBLE_EQUAL(e.km, ref.km, 1e-6);
                CU_ASSERT_DOUBLE_EQUAL(e.work_min, ref.work, 1e-6);
                CU_ASSERT_DOUBLE_EQUAL(e.cost, ref.cost, 1e-6);
                if (fabs(e.work_min - ref.work) > 1e-6)
                    printf("\nseed %llu trial %d: work %g reference %g\n",
                           (unsigned long long)seed, t, e.work_min, ref.work);
            }
        }
        ky_fixture_free(&f);
    }
    /* The generator must produce both outcomes, or the test proves little. */
    CU_ASSERT(feasible > total / 10);
    CU_ASSERT(feasible < total);
}

/* Soft windows: the schedule of least hourly plus lateness cost, as the
 * exhaustive search over departures finds it. */
static void eval_matches_brute_force_with_soft_windows(void)
{
    ky_gen_opts o;
    ky_gen_opts_init(&o);
    o.n_ship = 6;
    o.n_veh = 3;
    o.p_soft = 0.5;
    o.p_two_windows = 0.3;
    o.cost_per_hour = 30;
    check_against_reference(&o, 8000, 60, 60);
}

static void eval_matches_brute_force_on_random_routes(void)
{
    ky_gen_opts o;
    ky_gen_opts_init(&o);
    o.n_ship = 6;
    o.n_veh = 3;
    check_against_reference(&o, 1000, 40, 60);
}

static void eval_matches_brute_force_with_hourly_cost_and_two_windows(void)
{
    ky_gen_opts o;
    ky_gen_opts_init(&o);
    o.n_ship = 6;
    o.n_veh = 3;
    o.n_dims = 2;
    o.p_two_windows = 0.6;
    o.cost_per_hour = 60;
    check_against_reference(&o, 2000, 40, 60);
}

static void eval_matches_brute_force_with_depot_loading_and_two_depots(void)
{
    ky_gen_opts o;
    ky_gen_opts_init(&o);
    o.n_ship = 6;
    o.n_veh = 3;
    o.n_depots = 2;
    o.p_delivery = 0.4;
    o.p_pickup = 0.3;
    o.depot_service = true;
    o.cost_per_hour = 30;
    check_against_reference(&o, 3000, 40, 60);
}

/* Builds a feasible route by greedy random insertion through the full
 * evaluator only. */
static int feasible_route(ky_rng *r, const ky_problem *p, int32_t v,
                          int32_t *nodes, bool *used)
{
    int n = 0;
    memset(used, 0, sizeof(bool) * (size_t)p->n_ship);
    for (int tries = 0; tries < 40; tries++) {
        int32_t s = (int32_t)ky_rng_below(r, (uint64_t)p->n_ship);
        if (used[s])
            continue;
        int32_t st[2];
        int c = ky_shipment_stops(p, s, st);
        int32_t cand[40];
        int i = (int)ky_rng_below(r, (uint64_t)n + 1);
        int j = c == 2 ? i + (int)ky_rng_below(r, (uint64_t)(n - i) + 1) : i;
        int m = 0;
        for (int k = 0; k <= n; k++) {
            if (k == i)
                cand[m++] = st[0];
            if (c == 2 && k == j)
                cand[m++] = st[1];
            if (k < n)
                cand[m++] = nodes[k];
        }
        ky_route_eval e;
        ky_route_eval_full(p, v, cand, m, &e, NULL);
        if (e.feasible) {
            memcpy(nodes, cand, sizeof(int32_t) * (size_t)m);
            n = m;
            used[s] = true;
        }
    }
    return n;
}

static void insertion_checks_agree_with_full_evaluation(void)
{
    ky_gen_opts o;
    ky_gen_opts_init(&o);
    o.n_ship = 10;
    o.n_veh = 3;
    o.n_dims = 2;
    o.p_two_windows = 0.3;
    o.n_depots = 2;
    o.depot_service = true;
    o.horizon = 900;
    o.grid = 40;
    o.cap_hi = 50;
    int checked = 0, feasible = 0;
    for (int sc = 0; sc < 60; sc++) {
        ky_fixture f;
        CU_ASSERT_FATAL(ky_fixture_make(&f, 5000 + (uint64_t)sc, &o));
        ky_rng r;
        ky_rng_seed(&r, 77 + (uint64_t)sc);
        int32_t v = (int32_t)ky_rng_below(&r, (uint64_t)f.p->n_veh);
        int32_t nodes[40], cand[44];
        bool used[16];
        int n = feasible_route(&r, f.p, v, nodes, used);
        ky_rstate rs;
        ky_rstate_init(&rs, NULL);
        CU_ASSERT_EQUAL_FATAL(ky_rstate_set(&rs, f.p, v, nodes, n), KY_OK);
        CU_ASSERT_TRUE(rs.eval.feasible);
        for (int32_t s = 0; s < f.p->n_ship; s++) {
            if (used[s])
                continue;
            int32_t st[2];
            int c = ky_shipment_stops(f.p, s, st);
            double best_ref = 1e300;
            for (int i = 0; i <= n; i++)
                for (int j = (c == 2 ? i : -1); j <= (c == 2 ? n : -1); j++) {
                    ky_gen_with_inserted(nodes, n, st[0], i,
                                         c == 2 ? st[1] : -1, j, cand);
                    ky_route_eval e;
                    ky_route_eval_full(f.p, v, cand, n + c, &e, NULL);
                    double d = e.obj - rs.eval.obj;
                    checked++;
                    if (c == 1) {
                        double fast;
                        bool ok = ky_rstate_try_insert(&rs, f.p, i, st[0], &fast);
                        CU_ASSERT_EQUAL(ok, e.feasible);
                        if (ok && e.feasible)
                            CU_ASSERT_DOUBLE_EQUAL(fast, d, 1e-6);
                    }
                    if (e.feasible) {
                        feasible++;
                        if (d < best_ref)
                            best_ref = d;
                    }
                }
            int32_t bi, bj;
            double bd;
            bool found = ky_rstate_best(&rs, f.p, s, &bi, &bj, &bd);
            CU_ASSERT_EQUAL(found, best_ref < 1e300);
            if (found && best_ref < 1e300)
                CU_ASSERT_DOUBLE_EQUAL(bd, best_ref, 1e-6);
        }
        ky_rstate_free(&rs);
        ky_fixture_free(&f);
    }
    printf("(%d of %d insertions feasible) ", feasible, checked);
    CU_ASSERT(feasible > checked / 50);
    CU_ASSERT(feasible < checked);
}

static void rng_known_answers_for_seed_42(void)
{
    ky_rng r;
    ky_rng_seed(&r, 42);
    uint64_t a = ky_rng_next(&r), b = ky_rng_next(&r);
    ky_rng_seed(&r, 42);
    CU_ASSERT_EQUAL(ky_rng_next(&r), a);
    CU_ASSERT_EQUAL(ky_rng_next(&r), b);
    CU_ASSERT_NOT_EQUAL(a, b);
    /* Pinned values: a change here changes every plan kyodo makes. */
    ky_rng_seed(&r, 42);
    CU_ASSERT_EQUAL(ky_rng_below(&r, 1000), 790);
    CU_ASSERT_EQUAL(ky_rng_below(&r, 1000), 638);
    /* The reference xoshiro256** vector from state {1, 2, 3, 4}. */
    ky_rng z = {{1, 2, 3, 4}};
    CU_ASSERT_EQUAL(ky_rng_next(&z), 11520);
    CU_ASSERT_EQUAL(ky_rng_next(&z), 0);
    CU_ASSERT_EQUAL(ky_rng_next(&z), 1509978240);
    CU_ASSERT_EQUAL(ky_rng_next(&z), 1215971899390074240ULL);
    int32_t a10[10];
    for (int i = 0; i < 10; i++)
        a10[i] = i;
    ky_rng_shuffle(&r, a10, 10);
    int sum = 0;
    for (int i = 0; i < 10; i++)
        sum += a10[i];
    CU_ASSERT_EQUAL(sum, 45);
}

/* Planar fixtures obey the triangle inequality; one detour in km or in
 * minutes between two locations the problem uses breaks it. */
static void triangle_inequality_is_detected(void)
{
    ky_gen_opts o;
    ky_gen_opts_init(&o);
    o.n_ship = 6;
    ky_fixture f;
    CU_ASSERT_FATAL(ky_fixture_make(&f, 4242, &o));
    CU_ASSERT_TRUE(ky_problem_triangle(f.p));
    ky_matrix *m = f.m;
    int32_t a = f.p->start_loc[0], b = f.p->loc[KY_DELIVERY(0)];
    CU_ASSERT_FATAL(a != b);
    size_t ab = (size_t)a * (size_t)m->n + (size_t)b;
    double km = m->km[ab], min = m->minutes[ab];
    m->km[ab] = 100.0 * km + 1000.0;
    CU_ASSERT_FALSE(ky_problem_triangle(f.p));
    m->km[ab] = km;
    m->minutes[ab] = 100.0 * min + 1000.0;
    CU_ASSERT_FALSE(ky_problem_triangle(f.p));
    m->minutes[ab] = min;
    CU_ASSERT_TRUE(ky_problem_triangle(f.p));
    ky_fixture_free(&f);
}

int ky_test_suite_route(void)
{
    static const ky_test_case cases[] = {
        {"eval_matches_brute_force_with_soft_windows",
         eval_matches_brute_force_with_soft_windows},
        {"eval_matches_brute_force_on_random_routes",
         eval_matches_brute_force_on_random_routes},
        {"eval_matches_brute_force_with_hourly_cost_and_two_windows",
         eval_matches_brute_force_with_hourly_cost_and_two_windows},
        {"eval_matches_brute_force_with_depot_loading_and_two_depots",
         eval_matches_brute_force_with_depot_loading_and_two_depots},
        {"insertion_checks_agree_with_full_evaluation",
         insertion_checks_agree_with_full_evaluation},
        {"rng_known_answers_for_seed_42", rng_known_answers_for_seed_42},
        {"triangle_inequality_is_detected", triangle_inequality_is_detected},
        {NULL, NULL}};
    return ky_test_register("route", cases);
}
