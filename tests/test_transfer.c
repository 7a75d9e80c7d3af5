/* Tests of cross-dock transfers: the data loads, saves and is checked;
 * transfer options follow the hub's grid and windows; the search changes
 * vehicles at the hub exactly when that is cheaper; the plan-level rules
 * (both legs, different vehicles, the dock count) are enforced; and the
 * options of two variants of a scenario are matched by what they are.
 * Every plan solved here is verified by ky_check_plan_dir. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kyodo.h"
#include "testutil.h"


/* The hub scenario with company b's shipment allowed to transfer too. */
static ky_scenario *all_may_transfer(void)
{
    ky_scenario *s = ky_test_load("transfer-hub.xml");
    if (s)
        s->companies[ky_scenario_find_company(s, "b")].transfer = true;
    return s;
}

/* Solves s with the method, writes the plan to a temporary folder and
 * checks it: no violation. */
static bool solve(const ky_scenario *s, ky_method method, ky_test_solved *x)
{
    ky_solve_options so;
    ky_solve_options_init(&so);
    so.method = method;
    so.time_limit_s = 10;
    return ky_test_solve_checked(s, &so, NULL, x);
}

static ky_problem *problem(const ky_scenario *s, ky_matrix **m)
{
    ky_problem *p = NULL;
    ky_error e;
    ky_error_init(&e);
    *m = NULL;
    if (ky_matrix_new(m, s, NULL) == KY_OK)
        ky_problem_new(&p, s, *m, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL(p);
    return p;
}

static int32_t legs_of(const ky_problem *p, int32_t g)
{
    int32_t n = 0;
    for (int32_t s = p->grp_first[g]; s < p->grp_first[g + 1]; s++)
        n += p->leg[s] == 1;
    return n;
}

/* ---- data ----------------------------------------------------------------- */

static void transfer_data_loads_and_saves(void)
{
    ky_scenario *s = ky_test_load("transfer-hub.xml"), *t = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const ky_depot *hub = &s->depots[ky_scenario_find_depot(s, "hub")];
    CU_ASSERT_TRUE(hub->cross_dock);
    CU_ASSERT_EQUAL(hub->docks, 1);
    CU_ASSERT_DOUBLE_EQUAL(hub->handling, 10, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(hub->handover_step, 60, 1e-9);
    CU_ASSERT_TRUE(s->settings.transfers);
    CU_ASSERT_TRUE(ky_scenario_may_transfer(s, 0));
    CU_ASSERT_FALSE(ky_scenario_may_transfer(s, 2)); /* company b */
    s->shipments[0].transfer = -1; /* the shipment's word wins */
    s->shipments[2].transfer = 1;
    CU_ASSERT_FALSE(ky_scenario_may_transfer(s, 0));
    CU_ASSERT_TRUE(ky_scenario_may_transfer(s, 2));
    s->settings.transfers = false;
    CU_ASSERT_FALSE(ky_scenario_may_transfer(s, 2));
    t = ky_test_save_load(s);
    if (t) {
        const ky_depot *h = &t->depots[ky_scenario_find_depot(t, "hub")];
        CU_ASSERT_EQUAL(h->docks, 1);
        CU_ASSERT_DOUBLE_EQUAL(h->handling, 10, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(h->handover_step, 60, 1e-9);
        CU_ASSERT_FALSE(t->settings.transfers);
        CU_ASSERT_EQUAL(t->shipments[0].transfer, -1);
        CU_ASSERT_EQUAL(t->shipments[1].transfer, 0);
        CU_ASSERT_EQUAL(t->shipments[2].transfer, 1);
        CU_ASSERT_TRUE(t->companies[0].transfer);
        CU_ASSERT_FALSE(t->companies[1].transfer);
    }
    ky_scenario_free(t);
    ky_scenario_free(s);
}

/* Replaces the first occurrence of `from` in the hub scenario by `to`
 * and loads the result from memory; returns the loader's code. */
static int load_edited(const char *from, const char *to, ky_error *e)
{
    char path[512];
    size_t len;
    char *text = ky_test_read_file(
        ky_test_data("transfer-hub.xml", path, sizeof path), &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    char *at = strstr(text, from);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    size_t a = (size_t)(at - text), nf = strlen(from), nt = strlen(to);
    char *edited = malloc(len - nf + nt + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(edited);
    memcpy(edited, text, a);
    memcpy(edited + a, to, nt);
    memcpy(edited + a + nt, at + nf, len - a - nf + 1);
    ky_scenario *s = NULL;
    int rc = ky_load_memory(&s, edited, strlen(edited), "edited.xml", NULL,
                            e);
    ky_scenario_free(s);
    free(edited);
    free(text);
    return rc;
}

static void transfer_errors_name_the_line(void)
{
    static const struct {
        const char *from, *to;
        int line;
        const char *phrase;
    } cases[] = {
        {"<depot id=\"west\" location=\"west-depot\"/>",
         "<depot id=\"west\" location=\"west-depot\" docks=\"2\"/>", 21,
         "apply to a cross-dock"},
        {"cross-dock=\"true\"", "cross-dock=\"false\"", 23,
         "apply to a cross-dock"},
        {"<pickup location=\"sup-w1\"", "<pickup depot=\"west\"", 30,
         "only goods between two locations"},
        {"handling=\"10\"", "handling=\"-5\"", 23, "handling"},
        {"handover-step=\"60\"", "handover-step=\"0.001\"", 23,
         "at least a minute"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        ky_error e;
        ky_error_init(&e);
        int rc = load_edited(cases[k].from, cases[k].to, &e);
        if (k == 2) {
            /* the shipment must ask itself: company rules only offer */
            CU_ASSERT_EQUAL(rc, KY_OK);
            continue;
        }
        CU_ASSERT_EQUAL(rc, KY_EINPUT);
        CU_ASSERT_TRUE_FATAL(ky_error_count(&e) >= 1);
        CU_ASSERT_EQUAL(e.items[0].line, cases[k].line);
        CU_ASSERT_PTR_NOT_NULL(strstr(e.items[0].msg, cases[k].phrase));
    }
    /* a shipment that asks itself but is loaded at a depot */
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(load_edited("<shipment id=\"s1\" company=\"a\">\n"
                                "      <pickup location=\"sup-w1\"",
                                "<shipment id=\"s1\" company=\"a\" "
                                "transfer=\"true\">\n"
                                "      <pickup depot=\"west\"",
                                &e),
                    KY_EINPUT);
    CU_ASSERT_TRUE_FATAL(ky_error_count(&e) >= 1);
    CU_ASSERT_EQUAL(e.items[0].line, 31);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(e.items[0].msg, "only goods between two locations"));
}

/* ---- options -------------------------------------------------------------- */

static void options_follow_grid_and_windows(void)
{
    ky_scenario *s = ky_test_load("transfer-hub.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    ky_matrix *m;
    ky_problem *p = problem(s, &m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_TRUE(p->has_transfers);
    CU_ASSERT_TRUE(p->has_docks);
    int32_t hub = ky_scenario_find_depot(s, "hub");
    /* s1: picked up from 07:00 (10 min), 45.3 min from the hub;
     * unloading (10 min) ends at 08:05 at the earliest, so the first
     * handover is 09:00 on the 60-minute grid. Loading (10 min) after
     * 10 min of handling must leave time to reach plant-e1 (45.3 min) by
     * 13:00: a handover by 11:54, so the last is 11:00. */
    CU_ASSERT_EQUAL(legs_of(p, 0), 3);
    double want[3] = {540, 600, 660};
    int32_t k = 0;
    for (int32_t q = p->grp_first[0]; q < p->grp_first[1]; q++) {
        if (p->leg[q] != 1)
            continue;
        int32_t o = p->mate[q];
        CU_ASSERT_EQUAL(p->leg[o], 2);
        CU_ASSERT_EQUAL(p->mate[o], q);
        CU_ASSERT_EQUAL(p->hub[q], hub);
        CU_ASSERT_EQUAL(p->group[o], 0);
        CU_ASSERT_DOUBLE_EQUAL(p->handover[q], want[k], 1e-9);
        /* unload by the handover, load from handover + handling */
        int32_t un = KY_DELIVERY(q), ld = KY_PICKUP(o);
        CU_ASSERT_TRUE(ky_node_at_hub(p, un) && ky_node_at_hub(p, ld));
        CU_ASSERT_FALSE(ky_node_at_hub(p, KY_PICKUP(q)));
        CU_ASSERT_EQUAL(p->loc[un], s->depots[hub].location);
        CU_ASSERT_DOUBLE_EQUAL(p->tw[un][0].close, want[k] - 10, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(p->tw[ld][0].open, want[k] + 10, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(p->tw[ld][0].close, 20 * 60 - 10, 1e-9);
        k++;
    }
    CU_ASSERT_EQUAL(legs_of(p, 2), 0); /* company b: no transfer */
    ky_problem_free(p);
    ky_matrix_free(m);
    /* forbidden by the settings, or the hub closed: no option at all */
    s->settings.transfers = false;
    p = problem(s, &m);
    CU_ASSERT_FALSE(p && p->has_transfers);
    ky_problem_free(p);
    ky_matrix_free(m);
    s->settings.transfers = true;
    s->locations[s->depots[hub].location].closed = true;
    p = problem(s, &m);
    CU_ASSERT_FALSE(p && p->has_transfers);
    ky_problem_free(p);
    ky_matrix_free(m);
    ky_scenario_free(s);
}

/* ---- solving ---------------------------------------------------------------- */

/* As loaded, company b's shipment needs the all-day truck anyway, and it
 * carries the others for less than two vans and the hub: no transfer.
 * With b allowed too, the vans take everything through the hub. */
static void search_transfers_only_when_cheaper(void)
{
    ky_scenario *s = ky_test_load("transfer-hub.xml");
    ky_test_solved x = {0};
    if (s && solve(s, KY_METHOD_HEURISTIC, &x)) {
        CU_ASSERT_EQUAL(x.plan->total.transfers, 0);
        CU_ASSERT_EQUAL(x.plan->total.unassigned, 0);
        CU_ASSERT_DOUBLE_EQUAL(x.plan->total.cost, 1212.2, 0.05);
    }
    ky_test_solved_free(&x);
    ky_scenario_free(s);
    s = all_may_transfer();
    ky_test_solved y = {0};
    if (s && solve(s, KY_METHOD_HEURISTIC, &y)) {
        CU_ASSERT_EQUAL(y.plan->total.transfers, 3);
        CU_ASSERT_EQUAL(y.plan->total.unassigned, 0);
        CU_ASSERT_EQUAL(y.plan->total.vehicles, 2);
        CU_ASSERT_TRUE(y.plan->total.cost < 1212.2 - 700);
    }
    ky_test_solved_free(&y);
    ky_scenario_free(s);
}

/* Route sets built by hand: a lone leg, both legs on one vehicle and
 * two vans at a one-dock hub at once break the plan-level rules. */
static void plan_rules_catch_lone_legs_and_full_docks(void)
{
    ky_scenario *s = all_may_transfer();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    /* a second early van, so two can unload at once */
    s->vehicles[1].fixed_cost = 100;
    s->vehicles[1].shift.close = 10 * 60;
    ky_matrix *m;
    ky_problem *p = problem(s, &m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    int32_t w = ky_scenario_find_vehicle(s, "w"),
            xv = ky_scenario_find_vehicle(s, "x"),
            e = ky_scenario_find_vehicle(s, "e");
    /* the first (09:00) option of s1 and of s2 */
    int32_t in1 = -1, in2 = -1;
    for (int32_t q = p->grp_first[0]; q < p->grp_first[1] && in1 < 0; q++)
        if (p->leg[q] == 1)
            in1 = q;
    for (int32_t q = p->grp_first[1]; q < p->grp_first[2] && in2 < 0; q++)
        if (p->leg[q] == 1)
            in2 = q;
    CU_ASSERT_FATAL(in1 >= 0 && in2 >= 0);
    int32_t o1 = p->mate[in1], o2 = p->mate[in2];
    ky_routes *r;
    CU_ASSERT_EQUAL_FATAL(ky_routes_new(&r, p->n_veh, NULL), KY_OK);
    int32_t rw[2] = {KY_PICKUP(in1), KY_DELIVERY(in1)};
    int32_t rx[2] = {KY_PICKUP(in2), KY_DELIVERY(in2)};
    int32_t re[4] = {KY_PICKUP(o1), KY_PICKUP(o2), KY_DELIVERY(o1),
                     KY_DELIVERY(o2)};
    const int32_t *nodes[3] = {NULL, NULL, NULL};
    int32_t len[3] = {0, 0, 0};
    bool ok = true;
    /* both inbound legs, no outbound: lone legs */
    nodes[w] = rw;
    len[w] = 2;
    nodes[xv] = rx;
    len[xv] = 2;
    CU_ASSERT_EQUAL(ky_routes_assign(r, nodes, len), KY_OK);
    CU_ASSERT_EQUAL(ky_routes_transfers_ok(p, r, &ok), KY_OK);
    CU_ASSERT_FALSE(ok);
    /* with the outbound legs: complete, but w and x both arrive at the
     * hub from the west at the same time, and the hub has one dock */
    nodes[e] = re;
    len[e] = 4;
    CU_ASSERT_EQUAL(ky_routes_assign(r, nodes, len), KY_OK);
    CU_ASSERT_EQUAL(ky_routes_transfers_ok(p, r, &ok), KY_OK);
    CU_ASSERT_FALSE(ok);
    CU_ASSERT_TRUE(ky_routes_objective(p, r) == HUGE_VAL);
    /* two docks: fine, and the objective is the routes' */
    s->depots[ky_scenario_find_depot(s, "hub")].docks = 2;
    CU_ASSERT_EQUAL(ky_routes_transfers_ok(p, r, &ok), KY_OK);
    CU_ASSERT_TRUE(ok);
    CU_ASSERT_TRUE(ky_routes_objective(p, r) < HUGE_VAL);
    /* both legs of s1 on w: the route core refuses the route */
    int32_t both[4] = {KY_PICKUP(in1), KY_DELIVERY(in1), KY_PICKUP(o1),
                       KY_DELIVERY(o1)};
    ky_route_eval ev;
    ky_route_eval_full(p, xv, both, 4, &ev, NULL);
    CU_ASSERT_FALSE(ev.feasible);
    ky_routes_free(r);
    ky_problem_free(p);
    ky_matrix_free(m);
    ky_scenario_free(s);
}

/* With one dock and two early vans, the search never has both unload
 * at once, and the plan it returns keeps the count. */
static void search_keeps_the_dock_count(void)
{
    ky_scenario *s = all_may_transfer();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    s->vehicles[1].fixed_cost = 100;
    s->vehicles[1].shift.close = 10 * 60;
    ky_test_solved x = {0};
    for (uint64_t seed = 1; seed <= 3; seed++) {
        ky_solve_options so;
        ky_solve_options_init(&so);
        so.method = KY_METHOD_HEURISTIC;
        so.seed = seed;
        so.time_limit_s = 5;
        ky_error e;
        ky_error_init(&e);
        char dir[256];
        ky_test_tmpdir(dir, sizeof dir);
        CU_ASSERT_EQUAL(ky_test_solve_write(s, &so, dir, &x, &e), KY_OK);
        bool ok = false;
        if (x.res)
            CU_ASSERT_EQUAL(ky_routes_transfers_ok(x.p, x.res->routes, &ok),
                            KY_OK);
        CU_ASSERT_TRUE(ok);
        ky_check_report rep;
        memset(&rep, 0, sizeof rep);
        CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, s, x.m, dir, NULL, &e),
                        KY_OK);
        CU_ASSERT_EQUAL(rep.violations, 0);
        ky_test_rmtree(dir);
        ky_test_solved_free(&x);
        memset(&x, 0, sizeof x);
    }
    ky_scenario_free(s);
}

/* Options are matched across problems by what they are, whatever their
 * numbers: a second hub adds options in between. */
static void options_match_across_variants(void)
{
    ky_scenario *s = all_may_transfer();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    ky_scenario *t = NULL;
    CU_ASSERT_EQUAL_FATAL(ky_scenario_copy(&t, s, NULL), KY_OK);
    /* t: the west depot becomes a cross-dock as well (depot 0) */
    t->depots[0].cross_dock = true;
    ky_matrix *ms, *mt;
    ky_problem *p = problem(s, &ms), *q = problem(t, &mt);
    CU_ASSERT_FATAL(p && q);
    CU_ASSERT_TRUE(q->n_ship > p->n_ship);
    for (int32_t a = 0; a < p->n_ship; a++) {
        int32_t b = ky_problem_find_item(q, p, a);
        CU_ASSERT_TRUE_FATAL(b >= 0);
        CU_ASSERT_EQUAL(q->group[b], p->group[a]);
        CU_ASSERT_EQUAL(q->leg[b], p->leg[a]);
        CU_ASSERT_EQUAL(q->hub[b], p->hub[a]);
        CU_ASSERT_DOUBLE_EQUAL(q->handover[b], p->handover[a], 1e-9);
    }
    /* an option through the west depot has no match in s */
    int32_t missing = 0;
    for (int32_t b = 0; b < q->n_ship; b++)
        missing += ky_problem_find_item(p, q, b) < 0;
    CU_ASSERT_EQUAL(missing, q->n_ship - p->n_ship);
    ky_problem_free(p);
    ky_problem_free(q);
    ky_matrix_free(ms);
    ky_matrix_free(mt);
    ky_scenario_free(s);
    ky_scenario_free(t);
}

int ky_test_suite_transfer(void)
{
    static const ky_test_case cases[] = {
        {"transfer_data_loads_and_saves", transfer_data_loads_and_saves},
        {"transfer_errors_name_the_line", transfer_errors_name_the_line},
        {"options_follow_grid_and_windows", options_follow_grid_and_windows},
        {"search_transfers_only_when_cheaper",
         search_transfers_only_when_cheaper},
        {"plan_rules_catch_lone_legs_and_full_docks",
         plan_rules_catch_lone_legs_and_full_docks},
        {"search_keeps_the_dock_count", search_keeps_the_dock_count},
        {"options_match_across_variants", options_match_across_variants},
        {NULL, NULL}};
    return ky_test_register("transfer", cases);
}
