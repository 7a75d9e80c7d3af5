/* Tests of soft time windows: the data loads, saves and is checked; a
 * plan is late where that is cheaper than the alternative, and pays for
 * it; kyodo check verifies lateness and its price. (The route core's
 * schedules are compared with an exhaustive search in the route suite.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kyodo.h"
#include "testutil.h"

static void soft_windows_load_save_and_are_checked(void)
{
    ky_scenario *s = ky_test_load("soft-windows.xml"), *t = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const ky_stop_spec *w = &s->shipments[1].delivery;
    CU_ASSERT_DOUBLE_EQUAL(w->late_cost, 20, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(w->max_late, 120, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(s->shipments[0].delivery.late_cost, 0, 1e-9);
    t = ky_test_save_load(s);
    if (t) {
        CU_ASSERT_DOUBLE_EQUAL(t->shipments[1].delivery.late_cost, 20, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(t->shipments[1].delivery.max_late, 120, 1e-9);
    }
    ky_scenario_free(t);
    /* lateness at a depot is refused, naming the line */
    s->shipments[0].pickup.late_cost = 5;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_scenario_check(s, 0, &e), KY_EINPUT);
    CU_ASSERT_TRUE_FATAL(ky_error_count(&e) >= 1);
    CU_ASSERT_EQUAL(e.items[0].line, s->shipments[0].pickup.line);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[0].msg, "cannot be late"));
    ky_scenario_free(s);
}

/* Solves s, writes and checks the plan in dir; the plan stays in x. */
static void solve_into(const ky_scenario *s, const char *dir,
                       ky_test_solved *x)
{
    ky_solve_options so;
    ky_solve_options_init(&so);
    so.time_limit_s = 5;
    ky_test_solve_checked(s, &so, dir, x);
}

/* One van, 40 minutes late in the west at 20 a minute: 500 + 2 x 120 km
 * + 160 min at 60 an hour + 800 = 1700, against 3000 more for the
 * second vehicle. With a dearer minute (100: 4000), the second vehicle
 * goes instead, on time; with max-late 30, lateness is no longer
 * possible at all. */
static void late_where_cheaper_and_paid_for(void)
{
    ky_scenario *s = ky_test_load("soft-windows.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    static const struct {
        double late_cost, max_late;
        int32_t vehicles;
        double late, cost;
    } cases[] = {{20, 120, 1, 40, 1700},
                 {100, 120, 2, 0, 0},
                 {20, 30, 2, 0, 0}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        s->shipments[1].delivery.late_cost = cases[k].late_cost;
        s->shipments[1].delivery.max_late = cases[k].max_late;
        char dir[256];
        ky_test_tmpdir(dir, sizeof dir);
        ky_test_solved x = {0};
        solve_into(s, dir, &x);
        if (x.plan) {
            CU_ASSERT_EQUAL(x.plan->method, KY_METHOD_HEURISTIC);
            CU_ASSERT_EQUAL(x.plan->total.unassigned, 0);
            CU_ASSERT_EQUAL(x.plan->total.vehicles, cases[k].vehicles);
            CU_ASSERT_DOUBLE_EQUAL(x.plan->total.late_min, cases[k].late,
                                   1e-6);
            if (k == 0)
                CU_ASSERT_DOUBLE_EQUAL(x.plan->total.cost, cases[k].cost,
                                       1e-6);
            if (k == 1) /* the same as with lateness forbidden */
                CU_ASSERT_TRUE(x.plan->total.cost > 1700 + 1000);
        }
        ky_test_solved_free(&x);
        ky_test_rmtree(dir);
    }
    ky_scenario_free(s);
}

/* check prices lateness itself: a plan that claims no lateness, or one
 * checked against a cheaper minute, fails. */
static void check_verifies_lateness(void)
{
    ky_scenario *s = ky_test_load("soft-windows.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char dir[256], path[300];
    ky_test_tmpdir(dir, sizeof dir);
    ky_test_solved x = {0};
    solve_into(s, dir, &x);
    /* a cheaper minute: the route costs 400 less than the plan says */
    s->shipments[1].delivery.late_cost = 10;
    ky_check_report rep;
    memset(&rep, 0, sizeof rep);
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, s, x.m, dir, NULL, &e), KY_OK);
    CU_ASSERT_TRUE(rep.violations >= 1);
    /* no more lateness allowed than 30 minutes: 40 is too late */
    s->shipments[1].delivery.late_cost = 20;
    s->shipments[1].delivery.max_late = 30;
    memset(&rep, 0, sizeof rep);
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, s, x.m, dir, NULL, &e), KY_OK);
    bool named = false;
    for (int k = 0; k < ky_error_count(&e); k++)
        named |= strstr(e.items[k].msg, "outside its time windows") != NULL;
    CU_ASSERT_TRUE(named);
    /* the plan says it was on time */
    s->shipments[1].delivery.max_late = 120;
    snprintf(path, sizeof path, "%s/plan.xml", dir);
    char *xml = ky_test_read_file(path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    char *at = strstr(xml, " late=\"40\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    memmove(at, at + 10, strlen(at + 10) + 1);
    ky_test_write_file(path, xml);
    free(xml);
    memset(&rep, 0, sizeof rep);
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, s, x.m, dir, NULL, &e), KY_OK);
    CU_ASSERT_EQUAL(rep.violations, 1);
    named = false;
    for (int k = 0; k < ky_error_count(&e); k++)
        named |= strstr(e.items[k].msg, "40.00 min late") != NULL;
    CU_ASSERT_TRUE(named);
    ky_test_solved_free(&x);
    ky_test_rmtree(dir);
    ky_scenario_free(s);
}

/* Lateness priced at 90 a minute on times that are not whole minutes:
 * the files' 4 decimals must not make check refuse a valid plan. */
static void check_allows_for_rounding_at_a_high_price(void)
{
    ky_scenario *s = ky_test_load("soft-late-rounding.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char dir[256];
    ky_test_tmpdir(dir, sizeof dir);
    ky_test_solved x = {0};
    solve_into(s, dir, &x);
    CU_ASSERT_TRUE(x.plan && x.plan->total.late_min > 100);
    ky_test_solved_free(&x);
    ky_test_rmtree(dir);
    ky_scenario_free(s);
}

int ky_test_suite_soft(void)
{
    static const ky_test_case cases[] = {
        {"soft_windows_load_save_and_are_checked",
         soft_windows_load_save_and_are_checked},
        {"late_where_cheaper_and_paid_for", late_where_cheaper_and_paid_for},
        {"check_verifies_lateness", check_verifies_lateness},
        {"check_allows_for_rounding_at_a_high_price",
         check_allows_for_rounding_at_a_high_price},
        {NULL, NULL}};
    return ky_test_register("soft", cases);
}
