/* Tests of multi-trip: a vehicle that comes back to its depot to load
 * the next trip's goods. The option loads and saves; the route core
 * holds capacity trip by trip; every method reloads when that is
 * cheaper and only then; the KPIs count the trips; and kyodo check
 * verifies reloads and refuses them for other vehicles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "kyodo.h"
#include "kyodo/rng.h"
#include "testutil.h"


static void option_loads_and_saves(void)
{
    ky_scenario *s = ky_test_load("multi-trip.xml"), *t = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_TRUE(s->vehicles[0].multi_trip);
    CU_ASSERT_FALSE(s->vehicles[1].multi_trip);
    t = ky_test_save_load(s);
    CU_ASSERT_TRUE(t && t->vehicles[0].multi_trip && !t->vehicles[1].multi_trip);
    ky_scenario_free(t);
    ky_scenario_free(s);
}

/* The reload option of a depot-loaded shipment is a stop at the depot,
 * for the multi-trip van only; a route of four deliveries fits its two
 * pallets only with a reload between the pairs. */
static void capacity_holds_trip_by_trip(void)
{
    ky_scenario *s = ky_test_load("multi-trip.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    ky_matrix *m = NULL;
    ky_problem *p = NULL;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(ky_matrix_new(&m, s, NULL), KY_OK);
    CU_ASSERT_EQUAL_FATAL(ky_problem_new(&p, s, m, NULL, &e), KY_OK);
    int32_t start[4], reload[4]; /* per delivery shipment d1..d4 */
    for (int32_t g = 0; g < 4; g++) {
        CU_ASSERT_EQUAL_FATAL(p->grp_first[g + 1] - p->grp_first[g], 2);
        start[g] = p->grp_first[g];
        reload[g] = start[g] + 1;
        CU_ASSERT_FALSE(p->reload[start[g]]);
        CU_ASSERT_TRUE(p->reload[reload[g]]);
        CU_ASSERT_EQUAL(p->kind[reload[g]], KY_SHIP_PD);
        CU_ASSERT_TRUE(p->is_stop[KY_PICKUP(reload[g])]);
        CU_ASSERT_EQUAL(p->loc[KY_PICKUP(reload[g])],
                        ky_scenario_find_location(s, "yard"));
        CU_ASSERT_TRUE(ky_problem_compat(p, reload[g], 0));
        CU_ASSERT_FALSE(ky_problem_compat(p, reload[g], 1));
    }
    /* p1, brought to the depot: its reload unloads at the yard */
    CU_ASSERT_TRUE(p->reload[p->grp_first[5] - 1]);
    int32_t all4[4] = {KY_DELIVERY(start[0]), KY_DELIVERY(start[1]),
                       KY_DELIVERY(start[2]), KY_DELIVERY(start[3])};
    ky_route_eval ev;
    ky_route_eval_full(p, 0, all4, 4, &ev, NULL);
    CU_ASSERT_FALSE(ev.feasible);
    CU_ASSERT_EQUAL(ev.violation, KY_VIOL_CAPACITY);
    int32_t trips[6] = {KY_DELIVERY(start[0]), KY_DELIVERY(start[1]),
                        KY_PICKUP(reload[2]), KY_PICKUP(reload[3]),
                        KY_DELIVERY(reload[2]), KY_DELIVERY(reload[3])};
    ky_stop_time t[8];
    ky_route_eval_full(p, 0, trips, 6, &ev, t);
    CU_ASSERT_TRUE(ev.feasible);
    CU_ASSERT_EQUAL(t[0].load[0], 2); /* leaving with the first two */
    CU_ASSERT_EQUAL(t[2].load[0], 0);
    CU_ASSERT_EQUAL(t[4].load[0], 2); /* reloaded */
    CU_ASSERT_EQUAL(t[6].load[0], 0);
    /* loading the first trip takes 20 min at the start; the reloads take
     * their own service at the yard */
    CU_ASSERT_DOUBLE_EQUAL(t[0].departure - t[0].start, 20, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(t[3].departure - t[3].start, 10, 1e-9);
    /* the other vehicle may not reload */
    ky_route_eval_full(p, 1, trips, 6, &ev, NULL);
    CU_ASSERT_FALSE(ev.feasible);
    ky_problem_free(p);
    ky_matrix_free(m);
    ky_scenario_free(s);
}

static double solve_checked(const ky_scenario *s, ky_method method,
                            int32_t *vehicles, int32_t *trips)
{
    ky_solve_options so;
    ky_solve_options_init(&so);
    so.method = method;
    so.time_limit_s = 10;
    ky_test_solved x = {0};
    double cost = -1;
    ky_test_solve_checked(s, &so, NULL, &x);
    if (x.plan) {
        ky_kpi k;
        ky_plan_kpi(x.plan, KY_KPI_ALL, &k);
        cost = x.plan->total.cost;
        *vehicles = x.plan->total.vehicles;
        *trips = k.trips;
        CU_ASSERT_EQUAL(x.plan->total.unassigned, 0);
    }
    ky_test_solved_free(&x);
    return cost;
}

/* One van on two trips instead of a second vehicle: every method finds
 * it, and without multi-trip every method needs the second vehicle. */
static void every_method_reloads_when_cheaper(void)
{
    ky_scenario *s = ky_test_load("multi-trip.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    static const ky_method methods[3] = {KY_METHOD_HEURISTIC,
                                         KY_METHOD_EXACT,
                                         KY_METHOD_COMPACT};
    double with[3], without[3];
    for (int k = 0; k < 3; k++) {
        int32_t veh = 0, trips = 0;
        with[k] = solve_checked(s, methods[k], &veh, &trips);
        CU_ASSERT_EQUAL(veh, 1);
        CU_ASSERT_EQUAL(trips, 2);
        CU_ASSERT_DOUBLE_EQUAL(with[k], with[0], 1e-6);
    }
    s->vehicles[0].multi_trip = false;
    for (int k = 0; k < 3; k++) {
        int32_t veh = 0, trips = 0;
        without[k] = solve_checked(s, methods[k], &veh, &trips);
        CU_ASSERT_EQUAL(veh, 2);
        CU_ASSERT_EQUAL(trips, 2);
        CU_ASSERT_DOUBLE_EQUAL(without[k], without[0], 1e-6);
    }
    /* the second vehicle's 3000 against the van's 500, the same km */
    CU_ASSERT_DOUBLE_EQUAL(without[0] - with[0], 3000.0, 1e-6);
    ky_scenario_free(s);
}

/* check holds reloads to multi-trip vehicles and to the depot's hours. */
static void check_refuses_reloads_it_cannot_allow(void)
{
    ky_scenario *s = ky_test_load("multi-trip.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    ky_solve_options so;
    ky_solve_options_init(&so);
    so.method = KY_METHOD_HEURISTIC;
    ky_error e;
    ky_error_init(&e);
    char dir[256];
    ky_test_tmpdir(dir, sizeof dir);
    ky_test_solved x = {0};
    CU_ASSERT_EQUAL_FATAL(ky_test_solve_write(s, &so, dir, &x, &e), KY_OK);
    ky_check_report rep;
    memset(&rep, 0, sizeof rep);
    CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, s, x.m, dir, NULL, &e), KY_OK);
    CU_ASSERT_EQUAL(rep.violations, 0);
    /* the same plan, for a van that does not make several trips */
    s->vehicles[0].multi_trip = false;
    memset(&rep, 0, sizeof rep);
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, s, x.m, dir, NULL, &e), KY_OK);
    CU_ASSERT_EQUAL(rep.violations, 2); /* the two reloaded shipments */
    int named = 0;
    for (int k = 0; k < ky_error_count(&e); k++)
        named += strstr(e.items[k].msg, "only a multi-trip vehicle") != NULL;
    CU_ASSERT_EQUAL(named, 2);
    /* the yard closing before the reload ends */
    s->vehicles[0].multi_trip = true;
    s->depots[0].hours.close = 11 * 60 + 55;
    memset(&rep, 0, sizeof rep);
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, s, x.m, dir, NULL, &e), KY_OK);
    named = 0;
    for (int k = 0; k < ky_error_count(&e); k++)
        named += strstr(e.items[k].msg, "outside its hours") != NULL;
    CU_ASSERT_EQUAL(named, 2);
    ky_test_solved_free(&x);
    ky_test_rmtree(dir);
    ky_scenario_free(s);
}

/* Property: on generated days with multi-trip vehicles, every feasible
 * route the route core accepts, reloads and all, keeps the rules when
 * they are re-derived from the scenario alone: loads trip by trip within
 * capacity (what is loaded at the start, plus reloads and pickups, minus
 * deliveries), reloads at the vehicle's own depot within its hours and
 * the shipment's window, and arrivals that follow the drives. */
static void reload_routes_keep_the_rules(void)
{
    ky_gen_opts o;
    ky_gen_opts_init(&o);
    o.n_ship = 8;
    o.n_veh = 2;
    o.p_delivery = 0.5;
    o.p_pickup = 0.2;
    o.depot_service = true;
    o.horizon = 900;
    o.cap_lo = 5;
    o.cap_hi = 12;
    int feasible = 0, with_reload = 0, tried = 0;
    for (int sc = 0; sc < 60; sc++) {
        ky_fixture f;
        CU_ASSERT_FATAL(ky_fixture_make(&f, 4400 + (uint64_t)sc, &o));
        for (int32_t v = 0; v < f.s->n_vehicles; v++)
            f.s->vehicles[v].multi_trip = true;
        ky_problem_free(f.p);
        ky_error e;
        ky_error_init(&e);
        CU_ASSERT_EQUAL_FATAL(ky_problem_new(&f.p, f.s, f.m, NULL, &e), KY_OK);
        const ky_problem *p = f.p;
        ky_rng r;
        ky_rng_seed(&r, 99 + (uint64_t)sc);
        for (int trial = 0; trial < 40; trial++) {
            /* random items, one per group, stops in random order */
            int32_t nodes[40], n = 0;
            for (int32_t g = 0; g < p->n_groups; g++) {
                if (ky_rng_unit(&r) < 0.5)
                    continue;
                int32_t span = p->grp_first[g + 1] - p->grp_first[g];
                int32_t s = p->grp_first[g] +
                            (int32_t)ky_rng_below(&r, (uint64_t)span);
                int32_t st[2];
                int c = ky_shipment_stops(p, s, st);
                for (int k = 0; k < c; k++)
                    nodes[n++] = st[k];
            }
            ky_rng_shuffle(&r, nodes, n);
            int32_t v = (int32_t)ky_rng_below(&r, (uint64_t)p->n_veh);
            ky_stop_time t[44];
            ky_route_eval ev;
            ky_route_eval_full(p, v, nodes, n, &ev, t);
            tried++;
            if (!ev.feasible)
                continue;
            feasible++;
            const ky_vehicle *veh = &f.s->vehicles[v];
            const ky_depot *home = &f.s->depots[veh->start_depot];
            /* on board leaving the start: depot-loaded shipments with no
             * stop of their own on this route */
            int64_t load = 0;
            bool reload = false;
            for (int k = 0; k < n; k++) {
                const ky_shipment *sh =
                    &f.s->shipments[p->group[KY_NODE_SHIPMENT(nodes[k])]];
                bool own = false;
                for (int q = 0; q < n; q++)
                    own |= nodes[q] == (nodes[k] ^ 1);
                if (sh->pickup.site == KY_SITE_DEPOT && !own)
                    load += sh->amount[0];
            }
            CU_ASSERT_EQUAL(t[0].load[0], load);
            int32_t prev = home->location;
            for (int k = 0; k < n; k++) {
                int32_t u = nodes[k];
                const ky_shipment *sh =
                    &f.s->shipments[p->group[KY_NODE_SHIPMENT(u)]];
                const ky_stop_spec *side =
                    KY_NODE_IS_PICKUP(u) ? &sh->pickup : &sh->delivery;
                load += KY_NODE_IS_PICKUP(u) ? sh->amount[0] : -sh->amount[0];
                CU_ASSERT_EQUAL(t[k + 1].load[0], load);
                CU_ASSERT_TRUE(load >= 0 && load <= veh->capacity[0]);
                CU_ASSERT_DOUBLE_EQUAL(
                    t[k + 1].arrival,
                    t[k].departure + ky_matrix_min(f.m, prev, side->location),
                    1e-6);
                if (side->site == KY_SITE_DEPOT) {
                    reload = true;
                    const ky_depot *d = &f.s->depots[side->depot];
                    CU_ASSERT_EQUAL(side->depot, KY_NODE_IS_PICKUP(u)
                                                     ? veh->start_depot
                                                     : veh->end_depot);
                    CU_ASSERT_TRUE(t[k + 1].start >= d->hours.open - 1e-6);
                    CU_ASSERT_TRUE(t[k + 1].departure <=
                                   d->hours.close + 1e-6);
                    CU_ASSERT_TRUE(t[k + 1].start >=
                                   side->windows[0].open - 1e-6);
                    CU_ASSERT_TRUE(t[k + 1].start <=
                                   side->windows[0].close + 1e-6);
                    CU_ASSERT_DOUBLE_EQUAL(t[k + 1].departure - t[k + 1].start,
                                           side->service, 1e-6);
                }
                prev = side->location;
            }
            with_reload += reload;
        }
        ky_fixture_free(&f);
    }
    printf("(%d of %d routes feasible, %d with reloads) ", feasible, tried,
           with_reload);
    CU_ASSERT_TRUE(with_reload > 20);
    CU_ASSERT_TRUE(feasible < tried);
}

int ky_test_suite_multitrip(void)
{
    static const ky_test_case cases[] = {
        {"option_loads_and_saves", option_loads_and_saves},
        {"capacity_holds_trip_by_trip", capacity_holds_trip_by_trip},
        {"every_method_reloads_when_cheaper",
         every_method_reloads_when_cheaper},
        {"check_refuses_reloads_it_cannot_allow",
         check_refuses_reloads_it_cannot_allow},
        {"reload_routes_keep_the_rules", reload_routes_keep_the_rules},
        {NULL, NULL}};
    return ky_test_register("multitrip", cases);
}
