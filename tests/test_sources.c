/* Tests of multi-sourcing: alternative pickups load and save, every
 * method picks the cheapest source (against the best plan over each fixed
 * choice of sources), a closed source switches it, an extra cost steers
 * it, and kyodo check holds plans to the source they name. Every plan
 * solved here is verified by ky_check_plan_dir. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kyodo.h"
#include "testutil.h"


typedef ky_test_solved solved;
#define solved_free ky_test_solved_free

/* Solves s with the method, writes the plan into dir (kept when dir is
 * given, else a temporary one) and checks it. */
static bool solve(const ky_scenario *s, ky_method method, solved *x,
                  const char *keep_dir)
{
    ky_solve_options so;
    ky_solve_options_init(&so);
    so.method = method;
    so.time_limit_s = 10;
    return ky_test_solve_checked(s, &so, keep_dir, x);
}

static int32_t source_used(const solved *x, const char *shipment)
{
    return x->plan->source_of[ky_scenario_find_shipment(x->p->scen,
                                                        shipment)];
}

/* ---- loading -------------------------------------------------------------------- */

static void sources_load_and_save(void)
{
    ky_scenario *s = ky_test_load("sources.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const ky_shipment *m1 = &s->shipments[0], *m2 = &s->shipments[1];
    CU_ASSERT_EQUAL(m1->n_alt, 1);
    CU_ASSERT_EQUAL(m1->alt[0].location, ky_scenario_find_location(s, "far"));
    CU_ASSERT_EQUAL(m1->alt[0].n_windows, 1);
    CU_ASSERT_DOUBLE_EQUAL(m1->alt[0].windows[0].close, 12 * 60, 1e-9);
    CU_ASSERT_EQUAL(m2->pickup.site, KY_SITE_DEPOT);
    CU_ASSERT_DOUBLE_EQUAL(m2->source_cost[0], 30, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(m2->source_cost[1], 0, 1e-9);
    CU_ASSERT_EQUAL(s->shipments[2].n_alt, 0);
    /* saved and read back: the same file again */
    char dir[256], a[300], b[300];
    ky_test_tmpdir(dir, sizeof dir);
    snprintf(a, sizeof a, "%s/a.xml", dir);
    snprintf(b, sizeof b, "%s/b.xml", dir);
    ky_error e;
    ky_error_init(&e);
    ky_scenario *t = NULL;
    CU_ASSERT_FATAL(ky_scenario_save(s, a, NULL, &e) == KY_OK &&
                    ky_load_file(&t, a, NULL, &e) == KY_OK &&
                    ky_scenario_save(t, b, NULL, &e) == KY_OK);
    size_t la = 0, lb = 0;
    char *ta = ky_test_read_file(a, &la), *tb = ky_test_read_file(b, &lb);
    CU_ASSERT_FATAL(ta && tb);
    CU_ASSERT_TRUE(la == lb && memcmp(ta, tb, la) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(ta, "extra-cost=\"30\""));
    CU_ASSERT_EQUAL(t->shipments[0].n_alt, 1);
    free(ta);
    free(tb);
    ky_scenario_free(t);
    ky_scenario_free(s);
    ky_test_rmtree(dir);
}

static void bad_sources_name_their_lines(void)
{
    char path[512];
    ky_scenario *s = NULL;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_load_file(&s, ky_test_data("sources-bad.xml", path,
                                                  sizeof path),
                                 NULL, &e),
                    KY_EINPUT);
    CU_ASSERT_EQUAL_FATAL(e.n, 2);
    CU_ASSERT_EQUAL(e.items[0].line, 22);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[0].msg,
                                  "this pickup repeats the one at line 21"));
    CU_ASSERT_EQUAL(e.items[1].line, 27);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[1].msg, "cannot be reached"));
}

/* ---- choosing --------------------------------------------------------------------- */

/* The scenario with each shipment's source fixed to pick[s]. */
static ky_scenario *fixed(const ky_scenario *s, const int32_t *pick)
{
    ky_scenario *t = NULL;
    CU_ASSERT_EQUAL_FATAL(ky_scenario_copy(&t, s, NULL), KY_OK);
    for (int32_t i = 0; i < t->n_shipments; i++) {
        ky_shipment *sh = &t->shipments[i];
        sh->pickup = *ky_shipment_source(&s->shipments[i], pick[i]);
        sh->source_cost[0] = s->shipments[i].source_cost[pick[i]];
        sh->n_alt = 0;
    }
    return t;
}

/* The best plan over every fixed choice of sources (each proven
 * optimal) is what every method finds with the choice left open. */
static void every_method_picks_the_cheapest_source(void)
{
    ky_scenario *s = ky_test_load("sources.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    double best = HUGE_VAL;
    int32_t pick[3] = {0, 0, 0}, best_pick[3] = {0, 0, 0};
    for (pick[0] = 0; pick[0] < 2; pick[0]++)
        for (pick[1] = 0; pick[1] < 2; pick[1]++) {
            ky_scenario *t = fixed(s, pick);
            solved x;
            CU_ASSERT_TRUE(solve(t, KY_METHOD_EXACT, &x, NULL));
            CU_ASSERT_EQUAL(x.res->status, KY_STATUS_OPTIMAL);
            if (x.res->objective < best - 1e-9) {
                best = x.res->objective;
                memcpy(best_pick, pick, sizeof pick);
            }
            solved_free(&x);
            ky_scenario_free(t);
        }
    static const ky_method methods[3] = {KY_METHOD_EXACT, KY_METHOD_HEURISTIC,
                                         KY_METHOD_COMPACT};
    for (int k = 0; k < 3; k++) {
        solved x;
        CU_ASSERT_TRUE(solve(s, methods[k], &x, NULL));
        CU_ASSERT_PTR_NOT_NULL_FATAL(x.plan);
        CU_ASSERT_DOUBLE_EQUAL(x.res->objective, best, 1e-6 * best);
        CU_ASSERT_DOUBLE_EQUAL(x.plan->total.cost, best, 1e-6 * best);
        CU_ASSERT_EQUAL(source_used(&x, "m1"), best_pick[0]);
        CU_ASSERT_EQUAL(source_used(&x, "m2"), best_pick[1]);
        CU_ASSERT_EQUAL(source_used(&x, "m3"), 0);
        if (methods[k] == KY_METHOD_EXACT)
            CU_ASSERT_EQUAL(x.res->status, KY_STATUS_OPTIMAL);
        solved_free(&x);
    }
    /* here: the near supplier for both, the center's surcharge avoided */
    CU_ASSERT_EQUAL(best_pick[0], 0);
    CU_ASSERT_EQUAL(best_pick[1], 1);
    ky_scenario_free(s);
}

/* A closed supplier, or a dear one, moves the choice. */
static void closing_or_dearer_sources_switch(void)
{
    ky_scenario *s = ky_test_load("sources.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    int32_t near = ky_scenario_find_location(s, "near");
    s->locations[near].closed = true;
    solved x;
    CU_ASSERT_TRUE(solve(s, KY_METHOD_EXACT, &x, NULL));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x.plan);
    CU_ASSERT_EQUAL(x.plan->n_unassigned, 0);
    CU_ASSERT_EQUAL(source_used(&x, "m1"), 1); /* far */
    CU_ASSERT_EQUAL(source_used(&x, "m2"), 0); /* the center, surcharged */
    ky_kpi kpi;
    ky_plan_kpi(x.plan, KY_KPI_ALL, &kpi);
    CU_ASSERT_DOUBLE_EQUAL(kpi.local_share, 0.0, 1e-12);
    solved_free(&x);
    /* both of m1's suppliers closed: closed, the others served */
    int32_t far = ky_scenario_find_location(s, "far");
    s->locations[far].closed = true;
    CU_ASSERT_TRUE(solve(s, KY_METHOD_HEURISTIC, &x, NULL));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x.plan);
    CU_ASSERT_EQUAL(x.plan->n_unassigned, 2); /* m1 and m3 */
    CU_ASSERT_EQUAL(x.plan->reasons[0], KY_REASON_CLOSED);
    CU_ASSERT_EQUAL(source_used(&x, "m1"), -1);
    CU_ASSERT_EQUAL(source_used(&x, "m2"), 0);
    solved_free(&x);
    s->locations[far].closed = false;
    s->locations[near].closed = false;
    /* the near source made dear: m1 comes from far */
    s->shipments[0].source_cost[0] = 1000;
    CU_ASSERT_TRUE(solve(s, KY_METHOD_EXACT, &x, NULL));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x.plan);
    CU_ASSERT_EQUAL(source_used(&x, "m1"), 1);
    solved_free(&x);
    ky_scenario_free(s);
}

/* check holds a plan to the source it names: the right location, and
 * the surcharge in the route's cost. */
static void check_holds_plans_to_their_source(void)
{
    ky_scenario *s = ky_test_load("sources.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char dir[256], path[300];
    ky_test_tmpdir(dir, sizeof dir);
    solved x;
    CU_ASSERT_TRUE(solve(s, KY_METHOD_EXACT, &x, dir));
    snprintf(path, sizeof path, "%s/plan.xml", dir);
    size_t len = 0;
    char *text = ky_test_read_file(path, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    /* m1 came from near (source 1); say far */
    char *at = strstr(text, "shipment=\"m1\" source=\"1\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    at[strlen("shipment=\"m1\" source=\"")] = '2';
    CU_ASSERT_EQUAL(ky_test_write_file(path, text), 0);
    ky_check_report rep;
    memset(&rep, 0, sizeof rep);
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, s, x.m, dir, NULL, &e), KY_OK);
    CU_ASSERT_TRUE(rep.violations >= 2);
    bool location = false, mixed = false;
    for (int k = 0; k < e.n; k++) {
        location |= strstr(e.items[k].msg, "pickup must be at location "
                                           "'far'") != NULL;
        mixed |= strstr(e.items[k].msg, "its stops name pickups 2 and 1") !=
                 NULL;
    }
    CU_ASSERT_TRUE(location);
    CU_ASSERT_TRUE(mixed);
    free(text);
    solved_free(&x);
    /* a surcharge the plan left out of the route's cost */
    ky_test_rmtree(dir);
    ky_test_tmpdir(dir, sizeof dir);
    s->shipments[1].source_cost[1] = 7; /* m2 from near */
    CU_ASSERT_TRUE(solve(s, KY_METHOD_EXACT, &x, dir));
    s->shipments[1].source_cost[1] = 0;
    memset(&rep, 0, sizeof rep);
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, s, x.m, dir, NULL, &e), KY_OK);
    bool cost = false;
    for (int k = 0; k < e.n; k++)
        cost |= strstr(e.items[k].msg, ": cost is ") != NULL;
    CU_ASSERT_TRUE(cost);
    solved_free(&x);
    ky_test_rmtree(dir);
    ky_scenario_free(s);
}

int ky_test_suite_sources(void)
{
    static const ky_test_case cases[] = {
        {"sources_load_and_save", sources_load_and_save},
        {"bad_sources_name_their_lines", bad_sources_name_their_lines},
        {"every_method_picks_the_cheapest_source",
         every_method_picks_the_cheapest_source},
        {"closing_or_dearer_sources_switch",
         closing_or_dearer_sources_switch},
        {"check_holds_plans_to_their_source",
         check_holds_plans_to_their_source},
        {NULL, NULL}};
    return ky_test_register("sources", cases);
}
