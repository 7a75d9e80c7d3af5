/* Tests of drivers' rules (a day's driving limit, rests after so much
 * driving): the data loads, saves and is checked; every schedule the
 * route core makes keeps the rules, re-derived here from the times
 * alone; insertion checks agree with full evaluation; and a plan made
 * under the rules passes kyodo check. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "kyodo.h"
#include "kyodo/rng.h"
#include "testutil.h"


/* ---- data ----------------------------------------------------------------- */

static void rules_load_save_and_are_checked(void)
{
    ky_scenario *s = ky_test_load("drivers.xml"), *t = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const ky_vehicle *v = &s->vehicles[0];
    CU_ASSERT_DOUBLE_EQUAL(v->max_drive, 600, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v->break_after, 240, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v->break_min, 30, 1e-9);
    t = ky_test_save_load(s);
    if (t) {
        CU_ASSERT_DOUBLE_EQUAL(t->vehicles[0].max_drive, 600, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(t->vehicles[0].break_after, 240, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(t->vehicles[0].break_min, 30, 1e-9);
    }
    ky_scenario_free(t);
    /* a rest without its length is refused, naming the vehicle's line */
    s->vehicles[0].break_min = 0;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_scenario_check(s, 0, &e), KY_EINPUT);
    CU_ASSERT_TRUE_FATAL(ky_error_count(&e) >= 1);
    CU_ASSERT_EQUAL(e.items[0].line, v->line);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[0].msg, "go together"));
    /* rests of a fraction of a minute would mean millions of them */
    s->vehicles[0].break_after = 1e-7;
    s->vehicles[0].break_min = 1e-7;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_scenario_check(s, 0, &e), KY_EINPUT);
    CU_ASSERT_TRUE_FATAL(ky_error_count(&e) >= 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[0].msg, "at least a minute"));
    ky_scenario_free(s);
}

/* ---- schedules -------------------------------------------------------------- */

/* The rules, re-derived from a schedule and the scenario alone: each
 * arrival is the departure before plus the drive plus the rest reported;
 * a rest is whole rests; no stretch of more than break_after minutes of
 * driving goes without a rest (on the road, or a wait at a stop); the
 * day's driving is within the limit. Returns the rest minutes. */
static double rules_hold(const ky_scenario *s, const ky_matrix *m, int32_t v,
                         const int32_t *nodes, int n, const ky_stop_time *t)
{
    const ky_vehicle *veh = &s->vehicles[v];
    double L = veh->break_after, B = veh->break_min, since = 0, drive = 0;
    double rests = 0;
    int32_t prev = s->depots[veh->start_depot].location;
    for (int k = 1; k <= n + 1; k++) {
        int32_t loc;
        if (k <= n) {
            const ky_shipment *sh = &s->shipments[nodes[k - 1] / 2];
            loc = nodes[k - 1] % 2 ? sh->delivery.location
                                   : sh->pickup.location;
        } else {
            loc = s->depots[veh->end_depot].location;
        }
        double d = ky_matrix_min(m, prev, loc);
        CU_ASSERT_DOUBLE_EQUAL(t[k].arrival, t[k - 1].departure + d + t[k].rest,
                               1e-6);
        double whole = B > 0 ? floor(t[k].rest / B + 1e-9) : 0;
        CU_ASSERT_DOUBLE_EQUAL(t[k].rest, whole * B, 1e-6);
        if (L > 0) {
            CU_ASSERT_TRUE(since + d <= (whole + 1) * L + 1e-6);
            since = whole > 0 ? fmax(0.0, since + d - whole * L) : since + d;
            if (k <= n && t[k].start - t[k].arrival >= B - 1e-9)
                since = 0;
        }
        drive += d;
        rests += t[k].rest;
        prev = loc;
    }
    if (veh->max_drive > 0)
        CU_ASSERT_TRUE(drive <= veh->max_drive + 1e-6);
    return rests;
}

/* Small days on a large grid: long legs, so rests come up. */
static void gen_opts(ky_gen_opts *o)
{
    ky_gen_opts_init(o);
    o->n_ship = 8;
    o->n_veh = 2;
    o->horizon = 900;
    o->grid = 60;
    o->cost_per_hour = 30;
}

static void schedules_keep_the_rules(void)
{
    ky_gen_opts o;
    gen_opts(&o);
    int feasible = 0, rested = 0, bitten = 0;
    for (int sc = 0; sc < 80; sc++) {
        ky_fixture f;
        CU_ASSERT_FATAL(ky_fixture_make(&f, 9100 + (uint64_t)sc, &o));
        ky_rng r;
        ky_rng_seed(&r, 31 + (uint64_t)sc);
        int32_t v = (int32_t)ky_rng_below(&r, (uint64_t)f.p->n_veh);
        /* a route feasible without rules: shipments in random order */
        int32_t nodes[32];
        int n = 0;
        for (int32_t s = 0; s < f.p->n_ship && n + 2 <= 16; s++) {
            int32_t st[2];
            int c = ky_shipment_stops(f.p, s, st);
            int32_t cand[32];
            memcpy(cand, nodes, sizeof(int32_t) * (size_t)n);
            for (int k = 0; k < c; k++)
                cand[n + k] = st[k];
            ky_route_eval e;
            ky_route_eval_full(f.p, v, cand, n + c, &e, NULL);
            if (e.feasible) {
                memcpy(nodes, cand, sizeof(int32_t) * (size_t)(n + c));
                n += c;
            }
        }
        ky_route_eval free_eval;
        ky_route_eval_full(f.p, v, nodes, n, &free_eval, NULL);
        CU_ASSERT_TRUE(free_eval.feasible);
        /* now the rules */
        ky_vehicle *veh = &f.s->vehicles[v];
        veh->break_after = 20 + (double)ky_rng_below(&r, 60);
        veh->break_min = 5 + (double)ky_rng_below(&r, 30);
        veh->max_drive = free_eval.drive_min * (0.9 + 0.2 * ky_rng_unit(&r));
        ky_problem_free(f.p);
        ky_error e;
        ky_error_init(&e);
        CU_ASSERT_EQUAL_FATAL(ky_problem_new(&f.p, f.s, f.m, NULL, &e), KY_OK);
        CU_ASSERT_TRUE(f.p->has_driver_rules);
        ky_stop_time t[40];
        ky_route_eval ev;
        ky_route_eval_full(f.p, v, nodes, n, &ev, t);
        if (ev.feasible) {
            feasible++;
            double rests = rules_hold(f.s, f.m, v, nodes, n, t);
            CU_ASSERT_DOUBLE_EQUAL(ev.rest_min, rests, 1e-6);
            rested += rests > 0;
            /* rules never make a route shorter or cheaper */
            CU_ASSERT_TRUE(ev.work_min >= free_eval.work_min - 1e-6);
            CU_ASSERT_TRUE(ev.cost >= free_eval.cost - 1e-6);
            CU_ASSERT_DOUBLE_EQUAL(ev.cost,
                                   veh->fixed_cost + veh->cost_per_km * ev.km +
                                       veh->cost_per_hour * ev.work_min / 60,
                                   1e-6);
        } else {
            bitten++;
            CU_ASSERT_TRUE(ev.violation == KY_VIOL_DRIVING ||
                           ev.violation == KY_VIOL_TIME_WINDOW ||
                           ev.violation == KY_VIOL_END);
            if (free_eval.drive_min > veh->max_drive + 1e-6)
                CU_ASSERT_EQUAL(ev.violation, KY_VIOL_DRIVING);
        }
        ky_fixture_free(&f);
    }
    printf("(%d feasible, %d with rests, %d refused by the rules) ", feasible,
           rested, bitten);
    CU_ASSERT_TRUE(rested > 10);
    CU_ASSERT_TRUE(bitten > 5);
}

/* With rules (or soft windows on some stops), insertion checks are full
 * evaluations where they must be: the answers agree with full
 * evaluation, and the best insertion found is feasible, exact and no
 * better than the best there is. */
static void insertions_agree_with_full_evaluation(bool soft)
{
    ky_gen_opts o;
    gen_opts(&o);
    o.p_soft = soft ? 0.3 : 0.0;
    /* without an hourly cost the incremental prices are exact, so the
     * routes and stops without soft windows are held to them too */
    if (soft)
        o.cost_per_hour = 0;
    int found_n = 0, exists_n = 0;
    for (int sc = 0; sc < 40; sc++) {
        ky_fixture f;
        CU_ASSERT_FATAL(ky_fixture_make(&f, 7300 + (uint64_t)sc, &o));
        for (int32_t v = 0; v < f.s->n_vehicles && !soft; v++) {
            f.s->vehicles[v].break_after = 45;
            f.s->vehicles[v].break_min = 15;
        }
        ky_problem_free(f.p);
        ky_error e;
        ky_error_init(&e);
        CU_ASSERT_EQUAL_FATAL(ky_problem_new(&f.p, f.s, f.m, NULL, &e), KY_OK);
        int32_t v = sc % 2, nodes[32], cand[36];
        int n = 0;
        bool used[16] = {false};
        for (int32_t s = 0; s < f.p->n_ship / 2; s++) {
            int32_t st[2];
            int c = ky_shipment_stops(f.p, s, st);
            memcpy(cand, nodes, sizeof(int32_t) * (size_t)n);
            for (int k = 0; k < c; k++)
                cand[n + k] = st[k];
            ky_route_eval ev;
            ky_route_eval_full(f.p, v, cand, n + c, &ev, NULL);
            if (ev.feasible) {
                memcpy(nodes, cand, sizeof(int32_t) * (size_t)(n + c));
                n += c;
                used[s] = true;
            }
        }
        ky_rstate rs;
        ky_rstate_init(&rs, NULL);
        CU_ASSERT_EQUAL_FATAL(ky_rstate_set(&rs, f.p, v, nodes, n), KY_OK);
        for (int32_t s = 0; s < f.p->n_ship; s++) {
            if (used[s])
                continue;
            int32_t st[2];
            int c = ky_shipment_stops(f.p, s, st);
            double best = HUGE_VAL;
            for (int i = 0; i <= n; i++)
                for (int j = (c == 2 ? i : 0); j <= (c == 2 ? n : 0); j++) {
                    int m = ky_gen_with_inserted(nodes, n, st[0], i,
                                                 c == 2 ? st[1] : -1, j,
                                                 cand);
                    ky_route_eval ev;
                    ky_route_eval_full(f.p, v, cand, m, &ev, NULL);
                    if (ev.feasible && ev.obj - rs.eval.obj < best)
                        best = ev.obj - rs.eval.obj;
                    if (c == 1) {
                        double d;
                        bool ok = ky_rstate_try_insert(&rs, f.p, i, st[0], &d);
                        CU_ASSERT_EQUAL(ok, ev.feasible);
                        if (ok && ev.feasible)
                            CU_ASSERT_DOUBLE_EQUAL(d, ev.obj - rs.eval.obj,
                                                   1e-6);
                    }
                }
            int32_t bi, bj;
            double bd;
            bool found = ky_rstate_best(&rs, f.p, s, &bi, &bj, &bd);
            exists_n += best < HUGE_VAL;
            found_n += found;
            if (!found)
                continue;
            CU_ASSERT_TRUE(best < HUGE_VAL);
            CU_ASSERT_TRUE(bd >= best - 1e-6);
            int m = ky_gen_with_inserted(nodes, n, st[0], bi,
                                         c == 2 ? st[1] : -1, bj, cand);
            ky_route_eval ev;
            ky_route_eval_full(f.p, v, cand, m, &ev, NULL);
            CU_ASSERT_TRUE(ev.feasible);
            CU_ASSERT_DOUBLE_EQUAL(bd, ev.obj - rs.eval.obj, 1e-6);
        }
        ky_rstate_free(&rs);
        ky_fixture_free(&f);
    }
    printf("(best insertion found for %d of %d) ", found_n, exists_n);
    CU_ASSERT_TRUE(exists_n > 20);
    CU_ASSERT_TRUE(found_n >= exists_n * 9 / 10);
}

static void insertions_under_rules_agree_with_full_evaluation(void)
{
    insertions_agree_with_full_evaluation(false);
}

static void insertions_with_soft_windows_agree_with_full_evaluation(void)
{
    insertions_agree_with_full_evaluation(true);
}

/* ---- plans ------------------------------------------------------------------ */

/* Two long runs: the driver rests once on each (4 h of driving), and
 * the day's 10 h of driving is just allowed; at 9 h, one shipment has to
 * stay behind. */
static void plans_under_rules_pass_check(void)
{
    ky_scenario *s = ky_test_load("drivers.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    for (int round = 0; round < 2; round++) {
        if (round == 1)
            s->vehicles[0].max_drive = 540;
        ky_solve_options so;
        ky_solve_options_init(&so);
        so.time_limit_s = 5;
        ky_error e;
        ky_error_init(&e);
        char dir[256];
        ky_test_tmpdir(dir, sizeof dir);
        ky_test_solved x = {0};
        CU_ASSERT_EQUAL(ky_test_solve_write(s, &so, dir, &x, &e), KY_OK);
        ky_check_report rep;
        memset(&rep, 0, sizeof rep);
        CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, s, x.m, dir, NULL, &e),
                        KY_OK);
        CU_ASSERT_EQUAL(rep.violations, 0);
        if (x.plan) {
            CU_ASSERT_EQUAL(x.plan->method, KY_METHOD_HEURISTIC);
            CU_ASSERT_EQUAL(x.plan->total.unassigned, round);
            /* s1 alone is 600 min of driving: proven too far for 540 */
            if (round == 1 && x.plan->n_unassigned == 1)
                CU_ASSERT_EQUAL(x.plan->reasons[0], KY_REASON_DRIVING);
            if (round == 0) {
                CU_ASSERT_EQUAL(x.plan->n_routes, 1);
                CU_ASSERT_DOUBLE_EQUAL(x.plan->routes[0].eval.rest_min, 60,
                                       1e-9);
                CU_ASSERT_DOUBLE_EQUAL(x.plan->routes[0].eval.drive_min, 600,
                                       1e-9);
            }
        }
        /* plan.xml says where the driver rested */
        char path[300];
        snprintf(path, sizeof path, "%s/plan.xml", dir);
        char *xml = ky_test_read_file(path, NULL);
        CU_ASSERT_PTR_NOT_NULL(xml && strstr(xml, "rest=\"30\""));
        free(xml);
        ky_test_solved_free(&x);
        ky_test_rmtree(dir);
    }
    ky_scenario_free(s);
}

/* Replaces every `from` by `to` in file path; returns the count. */
static int edit_file(const char *path, const char *from, const char *to)
{
    char *text = ky_test_read_file(path, NULL);
    if (text == NULL)
        return 0;
    size_t nf = strlen(from), nt = strlen(to), len = strlen(text);
    char *out = malloc(len * (nt / (nf ? nf : 1) + 2) + 1);
    int count = 0;
    char *o = out;
    for (const char *p = text; *p;) {
        if (strncmp(p, from, nf) == 0) {
            memcpy(o, to, nt);
            o += nt;
            p += nf;
            count++;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    ky_test_write_file(path, out);
    free(out);
    free(text);
    return count;
}

/* kyodo check re-derives the rules: a plan that drops a rest (arriving
 * 30 minutes sooner), or one checked against a stricter day, fails. */
static void check_catches_broken_rules(void)
{
    ky_scenario *s = ky_test_load("drivers.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    ky_solve_options so;
    ky_solve_options_init(&so);
    ky_error e;
    ky_error_init(&e);
    char dir[256], path[300];
    ky_test_tmpdir(dir, sizeof dir);
    ky_test_solved x = {0};
    CU_ASSERT_EQUAL_FATAL(ky_test_solve_write(s, &so, dir, &x, &e), KY_OK);
    ky_check_report rep;
    /* the day's driving: 600 min planned, 590 allowed */
    s->vehicles[0].max_drive = 590;
    memset(&rep, 0, sizeof rep);
    CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, s, x.m, dir, NULL, &e), KY_OK);
    CU_ASSERT_EQUAL(rep.violations, 1);
    s->vehicles[0].max_drive = 600;
    /* the first rest taken out: delivery at c at 12:30 instead of 13:00,
     * in plan.xml and stops.csv alike */
    snprintf(path, sizeof path, "%s/plan.xml", dir);
    CU_ASSERT_EQUAL(edit_file(path,
                              "arrival=\"780\" start=\"780\" "
                              "departure=\"790\" rest=\"30\"",
                              "arrival=\"750\" start=\"780\" "
                              "departure=\"790\""),
                    1);
    snprintf(path, sizeof path, "%s/stops.csv", dir);
    CU_ASSERT_EQUAL(edit_file(path, ",780,780,790,", ",750,780,790,"), 1);
    memset(&rep, 0, sizeof rep);
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, s, x.m, dir, NULL, &e), KY_OK);
    /* 300 min of driving without a rest; the wait of 30 min at c comes
     * after it */
    CU_ASSERT_EQUAL(rep.violations, 1);
    bool named = false;
    for (int k = 0; k < ky_error_count(&e); k++)
        named |= strstr(e.items[k].msg, "without a 30-minute rest") != NULL;
    CU_ASSERT_TRUE(named);
    ky_test_solved_free(&x);
    ky_test_rmtree(dir);
    ky_scenario_free(s);
}

int ky_test_suite_drivers(void)
{
    static const ky_test_case cases[] = {
        {"rules_load_save_and_are_checked", rules_load_save_and_are_checked},
        {"schedules_keep_the_rules", schedules_keep_the_rules},
        {"insertions_under_rules_agree_with_full_evaluation",
         insertions_under_rules_agree_with_full_evaluation},
        {"insertions_with_soft_windows_agree_with_full_evaluation",
         insertions_with_soft_windows_agree_with_full_evaluation},
        {"plans_under_rules_pass_check", plans_under_rules_pass_check},
        {"check_catches_broken_rules", check_catches_broken_rules},
        {NULL, NULL}};
    return ky_test_register("drivers", cases);
}
