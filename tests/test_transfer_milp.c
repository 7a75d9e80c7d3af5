/* Tests of cross-dock transfers in the exact models: the compact MILP
 * and set partitioning against a brute force over every plan of tiny
 * scenarios (tests/data/transfer/), with and without a binding dock
 * limit and with transfers forbidden; the heuristic on the same cases;
 * and the model export.
 *
 * t1.xml: west vans whose shifts end before the east plants open, an
 * east van, and a dear all-day truck; a transfer at the hub is far
 * cheaper than the truck (424.70 against 1212.20). docks.xml: two alike
 * vans unload at the hub at the same moment in the best plan, which one
 * dock forbids. apart.xml: one van could do it all by dropping a
 * shipment at the hub and taking it up again, which the rule that the
 * legs ride on different vehicles forbids.
 *
 * Every plan made here goes through ky_plan_new, which re-evaluates each
 * route with the route core and checks the transfer rules, and is
 * verified by ky_check_plan_dir. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kyodo.h"
#include "testutil.h"

typedef struct fixture {
    ky_scenario *s;
    ky_matrix *m;
    ky_problem *p;
} fixture;

/* Loads tests/data/transfer/<name>; a hub handover grid of step minutes
 * (0: the file's), hub docks (-1: the file's), transfers on or off. */
static bool fixture_make(fixture *f, const char *name, double step,
                         int32_t docks, bool transfers)
{
    char rel[128], path[512];
    memset(f, 0, sizeof *f);
    snprintf(rel, sizeof rel, "transfer/%s", name);
    ky_error e;
    ky_error_init(&e);
    if (ky_load_file(&f->s, ky_test_data(rel, path, sizeof path), NULL,
                     &e) != KY_OK)
        return false;
    int32_t hub = ky_scenario_find_depot(f->s, "hub");
    if (hub < 0)
        return false;
    if (step > 0)
        f->s->depots[hub].handover_step = step;
    if (docks >= 0)
        f->s->depots[hub].docks = docks;
    f->s->settings.transfers = transfers;
    return ky_matrix_new(&f->m, f->s, NULL) == KY_OK &&
           ky_problem_new(&f->p, f->s, f->m, NULL, &e) == KY_OK;
}

static void fixture_free(fixture *f)
{
    ky_problem_free(f->p);
    ky_matrix_free(f->m);
    ky_scenario_free(f->s);
}

static bool uses_transfer(const ky_problem *p, const ky_routes *r)
{
    for (int32_t k = 0; k < r->off[r->n_veh]; k++)
        if (p->leg[KY_NODE_SHIPMENT(r->node[k])] != 0)
            return true;
    return false;
}

/* The routes as a plan worth obj: ky_plan_new evaluates every route with
 * the route core and checks the transfer rules (both legs or neither,
 * on two vehicles, docks); written out, kyodo check finds no violation
 * in it. */
static void assert_plan(const ky_problem *p, ky_routes *routes, double obj)
{
    ky_solve_result r;
    memset(&r, 0, sizeof r);
    r.routes = routes;
    r.method = KY_METHOD_COMPACT;
    r.status = KY_STATUS_FEASIBLE;
    r.objective = obj;
    ky_plan *plan = NULL;
    CU_ASSERT_EQUAL_FATAL(ky_plan_new(&plan, p, &r, KY_OBJ_COST, 1, NULL),
                          KY_OK);
    CU_ASSERT_DOUBLE_EQUAL(plan->total.cost, obj, 1e-6 * (1 + obj));
    bool ok = false;
    CU_ASSERT_EQUAL(ky_routes_transfers_ok(p, routes, &ok), KY_OK);
    CU_ASSERT_TRUE(ok);
    ky_write_meta meta = {"generated", "00000000000000000000000000000000"
                                       "00000000000000000000000000000000"};
    char dir[256];
    ky_test_tmpdir(dir, sizeof dir);
    ky_error e;
    ky_error_init(&e);
    ky_check_report rep;
    memset(&rep, 0, sizeof rep);
    int rc = ky_write_plan(plan, dir, &meta, NULL, &e);
    if (rc == KY_OK)
        rc = ky_check_plan_dir(&rep, p->scen, p->mat, dir, NULL, &e);
    char buf[700];
    for (int i = 0; i < e.n && i < 5; i++)
        printf("\n  %s", ky_error_format(&e, i, buf, sizeof buf));
    CU_ASSERT_EQUAL(rc, KY_OK);
    CU_ASSERT_EQUAL(rep.violations, 0);
    ky_test_rmtree(dir);
    ky_plan_free(plan);
}

/* ---- brute force -----------------------------------------------------------
 *
 * Every plan: for each scenario shipment, unserved or one of its sources
 * or transfer options (both legs); each problem shipment served on any
 * vehicle; each vehicle's stops in any order (pickup before delivery).
 * A plan counts when the route core finds every route feasible and
 * ky_routes_transfers_ok accepts it (both legs on two vehicles, docks on
 * the schedules the route core gives). Its objective: the routes' obj
 * plus the penalties of the unserved shipments. */

#define BF_SHIP 32
#define BF_VEH 8
#define BF_STOPS 6   /* per vehicle: one problem shipment a group, 3 groups */
#define BF_ORDERS 90 /* orders of 3 pickup-delivery pairs: 6! / 2^3 */

typedef struct bf_orders {
    int32_t n, len;
    int32_t node[BF_ORDERS][BF_STOPS];
    double obj[BF_ORDERS];
} bf_orders;

typedef struct brute {
    const ky_problem *p;
    int32_t placed[BF_SHIP], n_placed; /* problem shipments served */
    int32_t veh_of[BF_SHIP];
    double pen;
    bf_orders ord[BF_VEH];
    const int32_t *route[BF_VEH];
    int32_t len[BF_VEH];
    ky_routes *cur, *best_routes;
    double best;
    int64_t plans; /* plans accepted (short of the pruned ones) */
} brute;

/* Every order of stops[0..n-1] (pairs: pickup right before its delivery
 * in stops[]) with the pickup first, kept when feasible on v. */
static void bf_permute(brute *B, int32_t v, const int32_t *stops, int32_t n,
                       bool *used, int32_t *seq, int32_t depth)
{
    const ky_problem *p = B->p;
    if (depth == n) {
        ky_route_eval e;
        ky_route_eval_full(p, v, seq, n, &e, NULL);
        bf_orders *o = &B->ord[v];
        if (!e.feasible)
            return;
        CU_ASSERT_FATAL(o->n < BF_ORDERS);
        memcpy(o->node[o->n], seq, sizeof(int32_t) * (size_t)n);
        o->obj[o->n++] = e.obj;
        return;
    }
    for (int32_t k = 0; k < n; k++) {
        int32_t u = stops[k];
        if (used[k] || (!KY_NODE_IS_PICKUP(u) &&
                        p->kind[KY_NODE_SHIPMENT(u)] == KY_SHIP_PD &&
                        !used[k - 1]))
            continue;
        used[k] = true;
        seq[depth] = u;
        bf_permute(B, v, stops, n, used, seq, depth + 1);
        used[k] = false;
    }
}

static void bf_pick(brute *B, int32_t v, double sum)
{
    const ky_problem *p = B->p;
    if (sum + B->pen >= B->best - 1e-9)
        return; /* route objectives are never negative */
    if (v == p->n_veh) {
        bool ok = false;
        CU_ASSERT_EQUAL_FATAL(ky_routes_assign(B->cur, B->route, B->len),
                              KY_OK);
        CU_ASSERT_EQUAL_FATAL(ky_routes_transfers_ok(p, B->cur, &ok), KY_OK);
        if (!ok)
            return;
        B->plans++;
        B->best = sum + B->pen;
        CU_ASSERT_EQUAL_FATAL(ky_routes_copy(B->best_routes, B->cur), KY_OK);
        return;
    }
    const bf_orders *o = &B->ord[v];
    B->len[v] = o->len;
    if (o->len == 0) {
        bf_pick(B, v + 1, sum);
        return;
    }
    for (int32_t k = 0; k < o->n; k++) {
        B->route[v] = o->node[k];
        bf_pick(B, v + 1, sum + o->obj[k]);
    }
}

/* Each vehicle's feasible orders of what it carries, then every pick. */
static void bf_orders_of_all(brute *B)
{
    const ky_problem *p = B->p;
    for (int32_t v = 0; v < p->n_veh; v++) {
        int32_t stops[BF_STOPS], seq[BF_STOPS], n = 0;
        bool used[BF_STOPS] = {false};
        for (int32_t k = 0; k < B->n_placed; k++)
            if (B->veh_of[k] == v)
                n += ky_shipment_stops(p, B->placed[k], stops + n);
        B->ord[v].n = 0;
        B->ord[v].len = n;
        if (n == 0)
            continue;
        bf_permute(B, v, stops, n, used, seq, 0);
        if (B->ord[v].n == 0)
            return; /* nothing feasible on v */
    }
    bf_pick(B, 0, 0.0);
}

/* Vehicles for placed[k..]. Two problem shipments of one scenario
 * shipment never share a route (the route core's rule, route.h): such
 * assignments are skipped, only to save time. */
static void bf_assign(brute *B, int32_t k)
{
    const ky_problem *p = B->p;
    if (k == B->n_placed) {
        bf_orders_of_all(B);
        return;
    }
    int32_t s = B->placed[k];
    for (int32_t v = 0; v < p->n_veh; v++) {
        bool clash = !ky_problem_compat(p, s, v);
        for (int32_t j = 0; j < k && !clash; j++)
            clash = B->veh_of[j] == v && p->group[B->placed[j]] == p->group[s];
        if (clash)
            continue;
        B->veh_of[k] = v;
        bf_assign(B, k + 1);
    }
}

/* How scenario shipments g.. are served: not, by a source, or by a
 * transfer option (its inbound leg and its mate). */
static void bf_choose(brute *B, int32_t g)
{
    const ky_problem *p = B->p;
    if (g == p->n_groups) {
        bf_assign(B, 0);
        return;
    }
    double pen = p->penalty[p->grp_first[g]];
    B->pen += pen;
    bf_choose(B, g + 1);
    B->pen -= pen;
    for (int32_t s = p->grp_first[g]; s < p->grp_first[g + 1]; s++) {
        if (p->leg[s] == 2)
            continue;
        B->placed[B->n_placed++] = s;
        if (p->leg[s] == 1)
            B->placed[B->n_placed++] = p->mate[s];
        bf_choose(B, g + 1);
        B->n_placed -= p->leg[s] == 1 ? 2 : 1;
    }
}

/* The optimum of p over every plan; its routes into *routes when not
 * NULL (the caller frees them). */
static double brute_force(const ky_problem *p, ky_routes **routes)
{
    CU_ASSERT_FATAL(p->n_veh <= BF_VEH && p->n_groups <= 3);
    brute *B = calloc(1, sizeof *B);
    CU_ASSERT_PTR_NOT_NULL_FATAL(B);
    B->p = p;
    B->best = HUGE_VAL;
    CU_ASSERT_EQUAL_FATAL(ky_routes_new(&B->cur, p->n_veh, NULL), KY_OK);
    CU_ASSERT_EQUAL_FATAL(ky_routes_new(&B->best_routes, p->n_veh, NULL),
                          KY_OK);
    bf_choose(B, 0);
    CU_ASSERT(B->plans > 0);
    double best = B->best;
    ky_routes_free(B->cur);
    if (routes)
        *routes = B->best_routes;
    else
        ky_routes_free(B->best_routes);
    free(B);
    return best;
}

/* ---- the solvers --------------------------------------------------------- */

/* The compact MILP alone (no incumbent): proven optimal, equal to want,
 * its routes a valid plan worth as much. Returns its objective. */
static double compact_equals(const ky_problem *p, double want,
                             const char *what)
{
    ky_routes *out = NULL;
    ky_milp_result res;
    CU_ASSERT_EQUAL_FATAL(ky_routes_new(&out, p->n_veh, NULL), KY_OK);
    CU_ASSERT_EQUAL(ky_compact_solve(out, &res, p, NULL, 120.0, NULL), KY_OK);
    CU_ASSERT_EQUAL(res.status, KY_MILP_OPTIMAL);
    CU_ASSERT_TRUE_FATAL(res.has_solution);
    double got = ky_routes_objective(p, out);
    printf("\n  %s: brute force %.6f, compact MILP %.6f", what, want, got);
    CU_ASSERT_DOUBLE_EQUAL(res.obj, want, 1e-6 * (1 + want));
    CU_ASSERT_DOUBLE_EQUAL(got, want, 1e-6 * (1 + want));
    assert_plan(p, out, got);
    ky_routes_free(out);
    return got;
}

/* The heuristic method with a fixed budget: its plan is valid and never
 * below the optimum; its objective is returned. */
static double heuristic_objective(const ky_problem *p, double want,
                                  const char *what)
{
    ky_solve_options so;
    ky_solve_options_init(&so);
    so.method = KY_METHOD_HEURISTIC;
    so.iterations = 2000;
    so.time_limit_s = 60;
    ky_solve_result *res = NULL;
    CU_ASSERT_EQUAL_FATAL(ky_solve(&res, p, &so, NULL), KY_OK);
    double got = res->objective;
    printf("\n  %s: brute force %.6f, heuristic %.6f", what, want, got);
    CU_ASSERT(got >= want - 1e-6 * (1 + want));
    CU_ASSERT_DOUBLE_EQUAL(ky_routes_objective(p, res->routes), got,
                           1e-6 * (1 + got));
    assert_plan(p, res->routes, got);
    ky_solve_result_free(res);
    return got;
}

/* ---- tests --------------------------------------------------------------- */

/* t1 on a 90-minute grid (two handover times per shipment keep the
 * brute force and the MILP small): the optimum hands both shipments
 * over at the hub, the compact MILP finds it, and it beats the best
 * plan without transfers. */
static void compact_milp_equals_brute_force_with_transfers(void)
{
    fixture f, d;
    CU_ASSERT_FATAL(fixture_make(&f, "t1.xml", 90, -1, true));
    CU_ASSERT_FATAL(fixture_make(&d, "t1.xml", 90, -1, false));
    CU_ASSERT_TRUE(f.p->has_transfers && f.p->has_docks);
    CU_ASSERT_EQUAL(f.p->n_ship, 2 * (1 + 2 * 2)); /* a source, 2 options */
    ky_routes *best = NULL;
    double want = brute_force(f.p, &best);
    CU_ASSERT_TRUE(uses_transfer(f.p, best));
    double direct = brute_force(d.p, NULL);
    CU_ASSERT(want < direct - 1.0);
    compact_equals(f.p, want, "t1");
    ky_routes_free(best);
    fixture_free(&f);
    fixture_free(&d);
}

/* docks.xml: without a dock limit the optimum has w1 and w2 unload
 * together; one dock forbids it, the optimum costs more, and the compact
 * MILP (which learns the docks through cuts) finds that one. */
static void dock_limit_binds_and_compact_milp_keeps_it(void)
{
    fixture free_docks, one;
    CU_ASSERT_FATAL(fixture_make(&free_docks, "docks.xml", 0, 0, true));
    CU_ASSERT_FATAL(fixture_make(&one, "docks.xml", 0, -1, true));
    CU_ASSERT_FALSE(free_docks.p->has_docks);
    CU_ASSERT_TRUE_FATAL(one.p->has_docks);
    CU_ASSERT_EQUAL(one.s->depots[ky_scenario_find_depot(one.s, "hub")].docks,
                    1);
    ky_routes *unlimited = NULL, *limited = NULL;
    double w0 = brute_force(free_docks.p, &unlimited);
    double w1 = brute_force(one.p, &limited);
    printf("\n  docks.xml: optimum %.6f without a dock limit, %.6f with one "
           "dock", w0, w1);
    /* the limit binds: the unlimited optimum overfills the one dock, and
     * the optimum with it is dearer but still transfers */
    bool ok = true;
    CU_ASSERT_EQUAL(ky_routes_transfers_ok(one.p, unlimited, &ok), KY_OK);
    CU_ASSERT_FALSE(ok);
    CU_ASSERT(w1 > w0 + 1.0);
    CU_ASSERT_TRUE(uses_transfer(free_docks.p, unlimited));
    CU_ASSERT_TRUE(uses_transfer(one.p, limited));
    compact_equals(free_docks.p, w0, "docks.xml, no limit");
    compact_equals(one.p, w1, "docks.xml, one dock");
    ky_routes_free(unlimited);
    ky_routes_free(limited);
    fixture_free(&free_docks);
    fixture_free(&one);
}

/* apart.xml: van v could serve both shipments if it dropped a at the hub
 * and took it up again after b, but the two legs of a transfer ride on
 * different vehicles (the route core rejects that route); the compact
 * MILP must not find it either, and pays for the truck. */
static void compact_milp_keeps_legs_on_different_vehicles(void)
{
    fixture f;
    CU_ASSERT_FATAL(fixture_make(&f, "apart.xml", 0, -1, true));
    const ky_problem *p = f.p;
    /* a's option at the later handover: legs 3 (in) and 4 (out) */
    CU_ASSERT_EQUAL_FATAL(p->n_ship, 6);
    CU_ASSERT_TRUE_FATAL(p->leg[3] == 1 && p->mate[3] == 4 && p->leg[5] == 0);
    int32_t one_van[6] = {KY_PICKUP(3), KY_DELIVERY(3), KY_PICKUP(5),
                          KY_DELIVERY(5), KY_PICKUP(4), KY_DELIVERY(4)};
    ky_route_eval e;
    ky_route_eval_full(p, 0, one_van, 6, &e, NULL);
    CU_ASSERT_FALSE(e.feasible);
    CU_ASSERT_EQUAL(e.violation, KY_VIOL_NODE);
    ky_routes *best = NULL;
    double want = brute_force(p, &best);
    int32_t used = 0;
    for (int32_t v = 0; v < p->n_veh; v++)
        used += ky_routes_len(best, v) > 0;
    CU_ASSERT_EQUAL(used, 2);
    CU_ASSERT(want > p->scen->vehicles[1].fixed_cost);
    compact_equals(p, want, "apart.xml");
    ky_routes_free(best);
    fixture_free(&f);
}

/* settings.transfers = false: no legs in the problem, and the compact
 * MILP's optimum is the best direct plan. */
static void without_transfers_compact_milp_finds_the_direct_optimum(void)
{
    static const char *const files[2] = {"t1.xml", "docks.xml"};
    for (int k = 0; k < 2; k++) {
        fixture f;
        CU_ASSERT_FATAL(fixture_make(&f, files[k], 0, -1, false));
        CU_ASSERT_FALSE(f.p->has_transfers);
        CU_ASSERT_EQUAL(f.p->n_ship, f.p->n_groups);
        ky_routes *best = NULL;
        double want = brute_force(f.p, &best);
        CU_ASSERT_FALSE(uses_transfer(f.p, best));
        char what[64];
        snprintf(what, sizeof what, "%s, no transfers", files[k]);
        compact_equals(f.p, want, what);
        ky_routes_free(best);
        fixture_free(&f);
    }
}

/* The heuristic reaches the optimum on these cases (t1 with transfers
 * and without, apart.xml, docks.xml without a dock limit); with one dock
 * its plan is valid and no better than the optimum. */
static void heuristic_reaches_the_brute_force_optimum(void)
{
    static const struct {
        const char *file, *what;
        double step;
        int32_t docks;
        bool transfers;
    } cases[5] = {{"t1.xml", "t1", 90, -1, true},
                  {"t1.xml", "t1, no transfers", 0, -1, false},
                  {"apart.xml", "apart.xml", 0, -1, true},
                  {"docks.xml", "docks.xml, no limit", 0, 0, true},
                  {"docks.xml", "docks.xml, one dock", 0, -1, true}};
    for (int k = 0; k < 5; k++) {
        fixture f;
        CU_ASSERT_FATAL(fixture_make(&f, cases[k].file, cases[k].step,
                                     cases[k].docks, cases[k].transfers));
        double want = brute_force(f.p, NULL);
        double got = heuristic_objective(f.p, want, cases[k].what);
        /* docks.xml with one dock: the cheapest place of the legs
         * overfills the dock, and the optimum needs the legs tried again
         * on another vehicle (w3) before a direct source */
        CU_ASSERT_DOUBLE_EQUAL(got, want, 1e-6 * (1 + want));
        fixture_free(&f);
    }
}

/* Every feasible route of every vehicle (outbound legs left out when
 * no_outbound) into a pool. */
static ky_pool *pool_of_every_route(const ky_problem *p, bool no_outbound)
{
    ky_pool *pool = NULL;
    CU_ASSERT_EQUAL_FATAL(ky_pool_new(&pool, p, 100000, NULL), KY_OK);
    brute *B = calloc(1, sizeof *B);
    CU_ASSERT_PTR_NOT_NULL_FATAL(B);
    B->p = p;
    /* a subset: one problem shipment or none per scenario shipment */
    int32_t pick[3] = {-1, -1, -1};
    CU_ASSERT_FATAL(p->n_groups <= 3);
    for (;;) {
        B->n_placed = 0;
        bool skip = false;
        for (int32_t g = 0; g < p->n_groups; g++)
            if (pick[g] >= 0) {
                int32_t s = p->grp_first[g] + pick[g];
                skip |= no_outbound && p->leg[s] == 2;
                B->veh_of[B->n_placed] = 0;
                B->placed[B->n_placed++] = s;
            }
        for (int32_t v = 0; v < p->n_veh && !skip && B->n_placed > 0; v++) {
            int32_t stops[BF_STOPS], seq[BF_STOPS], n = 0;
            bool used[BF_STOPS] = {false};
            for (int32_t k = 0; k < B->n_placed; k++)
                n += ky_shipment_stops(p, B->placed[k], stops + n);
            B->ord[v].n = 0;
            bf_permute(B, v, stops, n, used, seq, 0);
            for (int32_t o = 0; o < B->ord[v].n; o++)
                ky_pool_add(pool, v, B->ord[v].node[o], n, B->ord[v].obj[o]);
        }
        int32_t g = 0; /* next subset, like an odometer */
        while (g < p->n_groups &&
               ++pick[g] == p->grp_first[g + 1] - p->grp_first[g])
            pick[g++] = -1;
        if (g == p->n_groups)
            break;
    }
    free(B);
    return pool;
}

/* Set partitioning over every feasible route finds the optimum, docks
 * included; over a pool without outbound legs it must serve no inbound
 * leg alone, and finds the best direct plan. */
static void set_partitioning_serves_no_lone_leg(void)
{
    static const struct {
        const char *file;
        double step;
    } cases[2] = {{"t1.xml", 90}, {"docks.xml", 0}};
    for (int k = 0; k < 2; k++) {
        fixture f, d;
        CU_ASSERT_FATAL(fixture_make(&f, cases[k].file, cases[k].step, -1,
                                     true));
        CU_ASSERT_FATAL(fixture_make(&d, cases[k].file, cases[k].step, -1,
                                     false));
        double want = brute_force(f.p, NULL);
        double direct = brute_force(d.p, NULL);
        for (int cut = 0; cut < 2; cut++) {
            ky_pool *pool = pool_of_every_route(f.p, cut == 1);
            ky_routes *out = NULL;
            ky_milp_result res;
            CU_ASSERT_EQUAL_FATAL(ky_routes_new(&out, f.p->n_veh, NULL),
                                  KY_OK);
            CU_ASSERT_EQUAL(ky_setpart_solve(out, &res, f.p, pool, NULL, 60.0,
                                             NULL),
                            KY_OK);
            CU_ASSERT_EQUAL(res.status, KY_MILP_OPTIMAL);
            CU_ASSERT_TRUE_FATAL(res.has_solution);
            double got = ky_routes_objective(f.p, out);
            printf("\n  %s, set partitioning over %d routes%s: %.6f "
                   "(optimum %.6f)", cases[k].file, (int)ky_pool_size(pool),
                   cut ? " without outbound legs" : "", got,
                   cut ? direct : want);
            CU_ASSERT_DOUBLE_EQUAL(got, cut ? direct : want,
                                   1e-6 * (1 + want));
            if (cut)
                CU_ASSERT_FALSE(uses_transfer(f.p, out));
            assert_plan(f.p, out, got);
            ky_routes_free(out);
            ky_pool_free(pool);
        }
        CU_ASSERT(want < direct - 1.0);
        fixture_free(&f);
        fixture_free(&d);
    }
}

/* The LP export holds the transfer and apart rows and no dock cut; the
 * GMPL data refuses transfers with a message, and works without them. */
static void export_writes_transfer_rows_and_gmpl_refuses_them(void)
{
    fixture f, d;
    CU_ASSERT_FATAL(fixture_make(&f, "t1.xml", 90, -1, true));
    CU_ASSERT_FATAL(fixture_make(&d, "t1.xml", 90, -1, false));
    char dir[256], lp[300], dat[300];
    ky_test_tmpdir(dir, sizeof dir);
    snprintf(lp, sizeof lp, "%s/t1.lp", dir);
    snprintf(dat, sizeof dat, "%s/t1.dat", dir);
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_compact_write(f.p, KY_MODEL_LP, lp, NULL, &e), KY_OK);
    char *text = ky_test_read_file(lp, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    int transfers = 0, apart = 0;
    for (const char *at = text; (at = strstr(at, "transfer(")); at++)
        transfers++;
    for (const char *at = text; (at = strstr(at, "apart(")); at++)
        apart++;
    CU_ASSERT_EQUAL(transfers, 4); /* one per option */
    CU_ASSERT_EQUAL(apart, 2 * 3); /* per shipment and vehicle */
    CU_ASSERT_PTR_NULL(strstr(text, "dock("));
    free(text);
    CU_ASSERT_EQUAL(ky_compact_write_gmpl_data(f.p, dat, NULL, &e),
                    KY_EINPUT);
    CU_ASSERT_EQUAL_FATAL(e.n, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[0].msg, "no cross-dock transfers"));
    CU_ASSERT_EQUAL(ky_test_read_file(dat, NULL), NULL); /* nothing left */
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_compact_write(d.p, KY_MODEL_LP, lp, NULL, &e), KY_OK);
    text = ky_test_read_file(lp, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NULL(strstr(text, "transfer("));
    CU_ASSERT_PTR_NULL(strstr(text, "apart("));
    free(text);
    CU_ASSERT_EQUAL(ky_compact_write_gmpl_data(d.p, dat, NULL, &e), KY_OK);
    ky_test_rmtree(dir);
    fixture_free(&f);
    fixture_free(&d);
}

int ky_test_suite_transfer_milp(void)
{
    static const ky_test_case cases[] = {
        {"compact_milp_equals_brute_force_with_transfers",
         compact_milp_equals_brute_force_with_transfers},
        {"dock_limit_binds_and_compact_milp_keeps_it",
         dock_limit_binds_and_compact_milp_keeps_it},
        {"compact_milp_keeps_legs_on_different_vehicles",
         compact_milp_keeps_legs_on_different_vehicles},
        {"without_transfers_compact_milp_finds_the_direct_optimum",
         without_transfers_compact_milp_finds_the_direct_optimum},
        {"heuristic_reaches_the_brute_force_optimum",
         heuristic_reaches_the_brute_force_optimum},
        {"set_partitioning_serves_no_lone_leg",
         set_partitioning_serves_no_lone_leg},
        {"export_writes_transfer_rows_and_gmpl_refuses_them",
         export_writes_transfer_rows_and_gmpl_refuses_them},
        {NULL, NULL}};
    return ky_test_register("transfer_milp", cases);
}
