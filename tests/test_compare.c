/* Tests of the company rules (loading, the route core, check), of the
 * coalition scenarios kyodo compare plans, and of the KPIs every summary
 * reports. Every plan solved here is verified by ky_check_plan_dir. */
#include <math.h>
#include <string.h>

#include "gen.h"
#include "kyodo.h"
#include "testutil.h"

static ky_scenario *load(const char *name)
{
    char path[512];
    ky_scenario *s = NULL;
    ky_error e;
    ky_error_init(&e);
    int rc = ky_load_file(&s, ky_test_data(name, path, sizeof path), NULL, &e);
    CU_ASSERT_EQUAL(rc, KY_OK);
    return s;
}

typedef struct model {
    ky_scenario *s;
    ky_matrix *m;
    ky_problem *p;
} model;

static bool model_open(model *md, ky_scenario *s)
{
    ky_error e;
    ky_error_init(&e);
    md->s = s;
    md->m = NULL;
    md->p = NULL;
    return s && ky_matrix_new(&md->m, s, NULL) == KY_OK &&
           ky_problem_new(&md->p, s, md->m, NULL, &e) == KY_OK;
}

static void model_close(model *md)
{
    ky_problem_free(md->p);
    ky_matrix_free(md->m);
    ky_scenario_free(md->s);
}

/* Solves, writes and checks; returns the plan (caller frees) or NULL. */
static ky_plan *plan_checked(const ky_problem *p, ky_check_report *rep)
{
    ky_solve_options so;
    ky_solve_options_init(&so);
    so.time_limit_s = 5;
    ky_solve_result *res = NULL;
    ky_plan *plan = NULL;
    char dir[256];
    ky_error e;
    ky_error_init(&e);
    ky_write_meta meta = {"generated", "00000000000000000000000000000000"
                                       "00000000000000000000000000000000"};
    ky_test_tmpdir(dir, sizeof dir);
    int rc = ky_solve(&res, p, &so, NULL);
    if (rc == KY_OK)
        rc = ky_plan_new(&plan, p, res, KY_OBJ_COST, so.seed, NULL);
    if (rc == KY_OK)
        rc = ky_write_plan(plan, dir, &meta, NULL, &e);
    if (rc == KY_OK)
        rc = ky_check_plan_dir(rep, p->scen, p->mat, dir, NULL, &e);
    CU_ASSERT_EQUAL(rc, KY_OK);
    CU_ASSERT_EQUAL(rep->violations, 0);
    ky_solve_result_free(res);
    ky_test_rmtree(dir);
    if (rc != KY_OK) {
        ky_plan_free(plan);
        return NULL;
    }
    return plan;
}

/* ---- loading ----------------------------------------------------------------- */

static void company_rules_load_to_their_values(void)
{
    ky_scenario *s = load("company-rules.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const ky_company *a = &s->companies[0], *b = &s->companies[1];
    CU_ASSERT_TRUE(a->has_alone);
    CU_ASSERT_EQUAL(a->n_keep, 1);
    CU_ASSERT_EQUAL(a->keep[0], ky_scenario_find_vehicle(s, "a-van"));
    CU_ASSERT_EQUAL_FATAL(a->n_hire, 2);
    CU_ASSERT_EQUAL(a->hire[0].like, ky_scenario_find_vehicle(s, "pool-1"));
    CU_ASSERT_EQUAL(a->hire[0].count, 2);
    CU_ASSERT_DOUBLE_EQUAL(a->hire[0].fixed_cost, 900, 1e-9);
    CU_ASSERT_TRUE(a->hire[0].cost_per_km < 0); /* the template's */
    CU_ASSERT_EQUAL(a->hire[1].count, 1);
    CU_ASSERT_DOUBLE_EQUAL(a->hire[1].cost_per_km, 3.5, 1e-9);
    CU_ASSERT_TRUE(b->has_alone);
    CU_ASSERT_EQUAL(b->n_keep, 0);
    CU_ASSERT_FALSE(s->companies[2].has_alone);
    CU_ASSERT_EQUAL(b->n_no_coload, 2);
    /* bans hold both ways; c and a are not banned from each other */
    CU_ASSERT_TRUE(ky_scenario_coload_banned(s, 0, 1));
    CU_ASSERT_TRUE(ky_scenario_coload_banned(s, 1, 0));
    CU_ASSERT_TRUE(ky_scenario_coload_banned(s, 2, 1));
    CU_ASSERT_FALSE(ky_scenario_coload_banned(s, 0, 2));
    CU_ASSERT_TRUE(ky_scenario_banned(s, 2));
    int32_t van = ky_scenario_find_vehicle(s, "a-van");
    CU_ASSERT_TRUE(s->vehicles[van].dedicated);
    CU_ASSERT_TRUE(s->shipments[0].own_only);
    CU_ASSERT_FALSE(s->shipments[1].own_only);
    /* dedicated: only a's goods on a-van; own-only: sa1 only on a's */
    CU_ASSERT_TRUE(ky_scenario_rules_allow(s, 1, van));
    CU_ASSERT_FALSE(ky_scenario_rules_allow(s, 2, van));
    CU_ASSERT_FALSE(ky_scenario_rules_allow(s, 0, 0));
    CU_ASSERT_TRUE(ky_scenario_rules_allow(s, 0, van));
    ky_scenario_free(s);
}

static void bad_company_rules_name_file_and_line(void)
{
    static const struct {
        const char *file;
        int line;
        const char *phrase;
    } cases[] = {
        {"ban-unknown-company.xml", 9, "company 'zz' is not defined"},
        {"ban-self.xml", 8, "cannot ban co-loading with itself"},
        {"dedicated-without-company.xml", 20,
         "a dedicated vehicle needs a company"},
        {"own-only-without-company.xml", 33,
         "own-vehicles-only needs a company"},
        {"hire-unknown-vehicle.xml", 10,
         "hired vehicle like 'nope' is not defined"},
        {"alone-unknown-vehicle.xml", 9, "kept vehicle 'nope' is not defined"},
        {"hire-name-taken.xml", 10,
         "hired vehicle 2 would be named 'a-hire-2', the id of the vehicle "
         "at line 27"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char path[512];
        ky_scenario *s = NULL;
        ky_error e;
        ky_error_init(&e);
        int rc = ky_load_file(&s, ky_test_data(cases[k].file, path,
                                               sizeof path), NULL, &e);
        CU_ASSERT_EQUAL(rc, KY_EINPUT);
        CU_ASSERT_PTR_NULL(s);
        CU_ASSERT_EQUAL(ky_error_count(&e), 1);
        CU_ASSERT_EQUAL(e.items[0].line, cases[k].line);
        CU_ASSERT_STRING_EQUAL(e.items[0].file, path);
        CU_ASSERT_PTR_NOT_NULL(strstr(e.items[0].msg, cases[k].phrase));
        ky_scenario_free(s);
    }
}

static void company_rules_survive_save_and_load(void)
{
    ky_scenario *s = load("company-rules.xml"), *t = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char dir[256], path[512];
    ky_error e;
    ky_error_init(&e);
    ky_test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/again.xml", dir);
    CU_ASSERT_EQUAL_FATAL(ky_scenario_save(s, path, NULL, &e), KY_OK);
    CU_ASSERT_EQUAL_FATAL(ky_load_file(&t, path, NULL, &e), KY_OK);
    for (int32_t c = 0; c < s->n_companies; c++) {
        const ky_company *x = &s->companies[c], *y = &t->companies[c];
        CU_ASSERT_EQUAL(x->has_alone, y->has_alone);
        CU_ASSERT_EQUAL(x->n_keep, y->n_keep);
        CU_ASSERT_EQUAL(x->n_hire, y->n_hire);
        CU_ASSERT_EQUAL(x->n_no_coload, y->n_no_coload);
        for (int32_t k = 0; k < x->n_hire && k < y->n_hire; k++) {
            CU_ASSERT_EQUAL(x->hire[k].like, y->hire[k].like);
            CU_ASSERT_EQUAL(x->hire[k].count, y->hire[k].count);
            CU_ASSERT_EQUAL(x->hire[k].fixed_cost, y->hire[k].fixed_cost);
            CU_ASSERT_EQUAL(x->hire[k].cost_per_km, y->hire[k].cost_per_km);
        }
    }
    for (int32_t v = 0; v < s->n_vehicles; v++)
        CU_ASSERT_EQUAL(s->vehicles[v].dedicated, t->vehicles[v].dedicated);
    for (int32_t i = 0; i < s->n_shipments; i++)
        CU_ASSERT_EQUAL(s->shipments[i].own_only, t->shipments[i].own_only);
    ky_scenario_free(t);
    ky_scenario_free(s);
    ky_test_rmtree(dir);
}

/* ---- the route core ---------------------------------------------------------- */

static void route_core_refuses_banned_company_pairs(void)
{
    model md;
    CU_ASSERT_FATAL(model_open(&md, load("coloading-ban.xml")));
    const ky_problem *p = md.p;
    /* sa and sb are loaded at the hub: one delivery stop each */
    int32_t both[2] = {KY_DELIVERY(0), KY_DELIVERY(1)};
    ky_route_eval ev;
    ky_route_eval_full(p, 0, both, 2, &ev, NULL);
    CU_ASSERT_FALSE(ev.feasible);
    CU_ASSERT_EQUAL(ev.violation, KY_VIOL_COLOADING);
    CU_ASSERT_EQUAL(ev.at, 2);
    ky_route_eval_full(p, 0, both, 1, &ev, NULL);
    CU_ASSERT_TRUE(ev.feasible);
    /* the insertion checks agree */
    ky_rstate r;
    ky_rstate_init(&r, NULL);
    CU_ASSERT_EQUAL_FATAL(ky_rstate_set(&r, p, 0, both, 1), KY_OK);
    int32_t i, j;
    double delta;
    CU_ASSERT_FALSE(ky_rstate_best(&r, p, 1, &i, &j, &delta));
    CU_ASSERT_FALSE(ky_rstate_try_insert(&r, p, 1, KY_DELIVERY(1), &delta));
    CU_ASSERT_EQUAL_FATAL(ky_rstate_set(&r, p, 1, NULL, 0), KY_OK);
    CU_ASSERT_TRUE(ky_rstate_best(&r, p, 1, &i, &j, &delta));
    ky_rstate_free(&r);
    model_close(&md);
}

/* One vehicle would do (fixed cost 100 against a 2 km detour); the ban
 * makes the planner use two, and check accepts the plan. */
static void ban_forces_a_second_vehicle(void)
{
    model md;
    CU_ASSERT_FATAL(model_open(&md, load("coloading-ban.xml")));
    ky_check_report rep;
    ky_plan *plan = plan_checked(md.p, &rep);
    CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
    CU_ASSERT_EQUAL(plan->n_routes, 2);
    CU_ASSERT_EQUAL(plan->n_unassigned, 0);
    ky_plan_free(plan);
    /* without the ban, one vehicle */
    ky_scenario *s = md.s;
    s->companies[1].n_no_coload = 0;
    ky_problem_free(md.p);
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(ky_problem_new(&md.p, s, md.m, NULL, &e), KY_OK);
    plan = plan_checked(md.p, &rep);
    CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
    CU_ASSERT_EQUAL(plan->n_routes, 1);
    ky_plan_free(plan);
    s->companies[1].n_no_coload = 1;
    model_close(&md);
}

/* A plan made without the ban breaks it: check names the vehicle and
 * both companies, at the stop's line. */
static void check_rejects_a_plan_that_breaks_a_ban(void)
{
    model md;
    CU_ASSERT_FATAL(model_open(&md, load("coloading-ban.xml")));
    ky_scenario *s = md.s;
    s->companies[1].n_no_coload = 0; /* plan as if there were no ban */
    ky_problem_free(md.p);
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(ky_problem_new(&md.p, s, md.m, NULL, &e), KY_OK);
    ky_solve_options so;
    ky_solve_options_init(&so);
    so.time_limit_s = 5;
    ky_solve_result *res = NULL;
    ky_plan *plan = NULL;
    CU_ASSERT_EQUAL_FATAL(ky_solve(&res, md.p, &so, NULL), KY_OK);
    CU_ASSERT_EQUAL_FATAL(ky_plan_new(&plan, md.p, res, KY_OBJ_COST, 1, NULL),
                          KY_OK);
    CU_ASSERT_EQUAL(plan->n_routes, 1);
    char dir[256];
    ky_test_tmpdir(dir, sizeof dir);
    ky_write_meta meta = {"generated", "00000000000000000000000000000000"
                                       "00000000000000000000000000000000"};
    CU_ASSERT_EQUAL_FATAL(ky_write_plan(plan, dir, &meta, NULL, &e), KY_OK);
    s->companies[1].n_no_coload = 1; /* now check against the ban */
    ky_check_report rep;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, s, md.m, dir, NULL, &e), KY_OK);
    CU_ASSERT_EQUAL(rep.violations, 1);
    bool named = false;
    for (int k = 0; k < e.n; k++)
        named |= strstr(e.items[k].msg, "carries goods of 'a' and 'b'") &&
                 strstr(e.items[k].msg, "may not share a vehicle");
    CU_ASSERT_TRUE(named);
    ky_plan_free(plan);
    ky_solve_result_free(res);
    ky_test_rmtree(dir);
    model_close(&md);
}

/* Three companies on a generated day: 0 and 1 banned from each other,
 * vehicle 0 dedicated to company 2, every fifth shipment of company 2
 * on its own vehicles only. */
static bool add_rules(ky_scenario *s)
{
    ky_ctx *c = &s->ctx;
    static const char *ids[3] = {"c0", "c1", "c2"};
    s->companies = ky_calloc(c, 3, sizeof *s->companies);
    if (s->companies == NULL)
        return false;
    s->n_companies = 3;
    for (int i = 0; i < 3; i++)
        s->companies[i] = (ky_company){.id = ky_strdup(c, ids[i]),
                                       .name = ky_strdup(c, ids[i])};
    s->companies[0].no_coload = ky_calloc(c, 1, sizeof(int32_t));
    if (s->companies[0].no_coload == NULL)
        return false;
    s->companies[0].no_coload[0] = 1;
    s->companies[0].n_no_coload = 1;
    s->vehicles[0].company = 2;
    s->vehicles[0].dedicated = true;
    for (int32_t i = 0; i < s->n_shipments; i++) {
        s->shipments[i].company = i % 3;
        s->shipments[i].own_only = i % 15 == 2;
    }
    return true;
}

static void heuristic_plans_obey_company_rules(void)
{
    int mixed_without = 0;
    for (int t = 0; t < 6; t++) {
        ky_gen_opts o;
        ky_gen_opts_init(&o);
        o.n_ship = 18 + 4 * t;
        o.n_veh = 5;
        o.cap_lo = 60;
        o.cap_hi = 100;
        model md;
        ky_scenario *s = ky_gen_scenario(900 + (uint64_t)t, &o);
        CU_ASSERT_FATAL(s != NULL && add_rules(s));
        CU_ASSERT_FATAL(model_open(&md, s));
        ky_check_report rep;
        ky_plan *plan = plan_checked(md.p, &rep);
        CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
        for (int32_t r = 0; r < plan->n_routes; r++) {
            const ky_plan_route *pr = &plan->routes[r];
            bool has[3] = {false, false, false};
            for (int32_t k = 0; k < pr->n; k++) {
                const ky_shipment *sh =
                    &s->shipments[KY_NODE_SHIPMENT(pr->nodes[k])];
                has[sh->company] = true;
                if (pr->vehicle == 0)
                    CU_ASSERT_EQUAL(sh->company, 2);
                if (sh->own_only)
                    CU_ASSERT_EQUAL(s->vehicles[pr->vehicle].company, 2);
            }
            CU_ASSERT_FALSE(has[0] && has[1]);
        }
        ky_plan_free(plan);
        /* the same day without the ban does mix them somewhere */
        s->companies[0].n_no_coload = 0;
        ky_problem_free(md.p);
        ky_error e;
        ky_error_init(&e);
        CU_ASSERT_EQUAL_FATAL(ky_problem_new(&md.p, s, md.m, NULL, &e),
                              KY_OK);
        plan = plan_checked(md.p, &rep);
        CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
        for (int32_t r = 0; r < plan->n_routes; r++) {
            bool has[3] = {false, false, false};
            for (int32_t k = 0; k < plan->routes[r].n; k++)
                has[s->shipments[KY_NODE_SHIPMENT(plan->routes[r].nodes[k])]
                        .company] = true;
            mixed_without += has[0] && has[1];
        }
        ky_plan_free(plan);
        s->companies[0].n_no_coload = 1;
        model_close(&md);
    }
    CU_ASSERT_TRUE(mixed_without > 0); /* the ban had work to do */
}

/* ---- coalitions ----------------------------------------------------------------- */

static bool has_vehicle(const ky_scenario *s, const char *id)
{
    return ky_scenario_find_vehicle(s, id) >= 0;
}

static void coalition_scenarios_hold_members_and_their_fleets(void)
{
    ky_scenario *s = load("company-rules.xml"), *t = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_coalition_check(s, &e), KY_OK);
    /* a alone: keeps a-van, hires 2 + 1 like the pool; its 2 shipments */
    CU_ASSERT_EQUAL_FATAL(ky_coalition_scenario(&t, s, 1, NULL, &e), KY_OK);
    CU_ASSERT_EQUAL(t->n_vehicles, 4);
    CU_ASSERT_TRUE(has_vehicle(t, "a-van"));
    CU_ASSERT_FALSE(has_vehicle(t, "pool-1"));
    int32_t h1 = ky_scenario_find_vehicle(t, "a-hire-1");
    int32_t h3 = ky_scenario_find_vehicle(t, "a-hire-3");
    CU_ASSERT_FATAL(h1 >= 0 && h3 >= 0);
    CU_ASSERT_EQUAL(t->vehicles[h1].company, 0);
    CU_ASSERT_DOUBLE_EQUAL(t->vehicles[h1].fixed_cost, 900, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(t->vehicles[h1].cost_per_km, 1, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(t->vehicles[h3].fixed_cost, 100, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(t->vehicles[h3].cost_per_km, 3.5, 1e-9);
    CU_ASSERT_EQUAL(t->n_shipments, 2);
    CU_ASSERT_EQUAL(ky_scenario_find_shipment(t, "sb1"), -1);
    CU_ASSERT_EQUAL(ky_scenario_validate(t, &e), KY_OK);
    ky_scenario_free(t);
    /* b and c: b keeps nothing and hires one, c keeps what it owns */
    CU_ASSERT_EQUAL_FATAL(ky_coalition_scenario(&t, s, 6, NULL, &e), KY_OK);
    CU_ASSERT_EQUAL(t->n_vehicles, 2);
    CU_ASSERT_TRUE(has_vehicle(t, "c-truck"));
    CU_ASSERT_TRUE(has_vehicle(t, "b-hire-1"));
    CU_ASSERT_EQUAL(t->n_shipments, 2);
    CU_ASSERT_EQUAL(t->companies[1].n_no_coload, 2); /* rules hold */
    ky_scenario_free(t);
    CU_ASSERT_EQUAL(ky_coalition_shipments(s, KY_COALITION_JOINT), 4);
    CU_ASSERT_EQUAL(ky_coalition_shipments(s, 5), 3);
    /* a hired vehicle's name must be free */
    int32_t truck = ky_scenario_find_vehicle(s, "c-truck");
    char *old = s->vehicles[truck].id;
    s->vehicles[truck].id = "a-hire-2";
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_coalition_scenario(&t, s, 1, NULL, &e), KY_EINPUT);
    CU_ASSERT_PTR_NULL(t);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[0].msg, "'a-hire-2', which is "
                                                  "taken"));
    CU_ASSERT_EQUAL(e.items[0].line, s->companies[0].hire[0].line);
    s->vehicles[truck].id = old;
    ky_scenario_free(s);
}

/* Alone without any vehicle, a company's cost would be its penalties. */
static void coalition_check_wants_a_fleet_alone(void)
{
    ky_scenario *s = load("coloading-ban.xml"); /* vehicles in the pool */
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_coalition_check(s, &e), KY_EINPUT);
    CU_ASSERT_EQUAL(ky_error_count(&e), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[0].msg, "company 'a' has no "
                                                  "vehicle when alone"));
    CU_ASSERT_EQUAL(e.items[0].line, s->companies[0].line);
    ky_scenario_free(s);
}

static void coalition_check_wants_every_shipments_company(void)
{
    /* PO-3 names no company (and bolt has no vehicle alone) */
    ky_scenario *s = load("valid-full.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_coalition_check(s, &e), KY_EINPUT);
    CU_ASSERT_EQUAL_FATAL(ky_error_count(&e), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[0].msg, "'PO-3' names no company"));
    CU_ASSERT_EQUAL(e.items[0].line,
                    s->shipments[ky_scenario_find_shipment(s, "PO-3")].line);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[1].msg, "'bolt' has no vehicle"));
    ky_scenario_free(s);
}

/* The joint plan of company-rules.xml and each single company's plan:
 * solved, checked, and the joint costs no more than the sum alone on
 * this instance, where pooling only adds options. */
static void coalition_plans_pass_check(void)
{
    ky_scenario *s = load("company-rules.xml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    ky_solve_options so;
    ky_solve_options_init(&so);
    so.time_limit_s = 5;
    double alone = 0.0, joint = 0.0;
    for (uint64_t mask = 1; mask <= 8; mask <<= 1) {
        uint64_t m = mask == 8 ? KY_COALITION_JOINT : mask;
        ky_coalition_run *run = NULL;
        ky_error e;
        ky_error_init(&e);
        CU_ASSERT_EQUAL_FATAL(ky_coalition_plan(&run, s, m, &so, NULL, &e),
                              KY_OK);
        char dir[256];
        ky_test_tmpdir(dir, sizeof dir);
        ky_write_meta meta = {"generated", "0000000000000000000000000000000"
                                           "000000000000000000000000000000000"};
        CU_ASSERT_EQUAL(ky_write_plan(run->plan, dir, &meta, NULL, &e), KY_OK);
        ky_check_report rep;
        CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, run->scen, run->mat, dir,
                                          NULL, &e), KY_OK);
        CU_ASSERT_EQUAL(rep.violations, 0);
        ky_test_rmtree(dir);
        if (m == KY_COALITION_JOINT) {
            joint = run->plan->total.cost;
            CU_ASSERT_EQUAL(run->plan->n_unassigned, 0);
        } else {
            alone += run->plan->total.cost;
            CU_ASSERT_EQUAL(run->plan->n_unassigned, 0);
        }
        ky_coalition_run_free(run);
    }
    CU_ASSERT_TRUE(joint < alone);
    ky_scenario_free(s);
}

/* ---- KPIs ---------------------------------------------------------------------- */

/* sa and sb on one vehicle (no ban), capacity 100, 10 kg each: the
 * first leg from the hub carries both (20 % full), the middle leg (1 km)
 * the second one's goods (10 %), the last leg nothing. The two orders
 * cost the same, so the expectation follows the order taken. */
static void load_factor_and_company_shares_by_hand(void)
{
    model md;
    CU_ASSERT_FATAL(model_open(&md, load("coloading-ban.xml")));
    md.s->companies[1].n_no_coload = 0;
    ky_problem_free(md.p);
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(ky_problem_new(&md.p, md.s, md.m, NULL, &e), KY_OK);
    ky_check_report rep;
    ky_plan *plan = plan_checked(md.p, &rep);
    CU_ASSERT_PTR_NOT_NULL_FATAL(plan);
    CU_ASSERT_EQUAL_FATAL(plan->n_routes, 1);
    ky_kpi all, a, b;
    ky_plan_kpi(plan, KY_KPI_ALL, &all);
    ky_plan_kpi(plan, 0, &a);
    ky_plan_kpi(plan, 1, &b);
    bool a_first = KY_NODE_SHIPMENT(plan->routes[0].nodes[0]) == 0;
    double first = a_first ? 10.0 : sqrt(101.0);
    double km = 10 + 1 + sqrt(101.0);
    CU_ASSERT_DOUBLE_EQUAL(all.vehicle_km, km, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(all.load_factor, (first * 0.2 + 1 * 0.1) / km,
                           1e-9);
    CU_ASSERT_EQUAL(all.trips, 1);
    CU_ASSERT_EQUAL(a.trips, 1);
    /* fill x km: the first dropped has first x 0.1, the other 0.1 more */
    double fa = first * 0.1 + (a_first ? 0.0 : 0.1);
    double fb = first * 0.1 + (a_first ? 0.1 : 0.0);
    CU_ASSERT_DOUBLE_EQUAL(a.route_cost, all.route_cost * fa / (fa + fb),
                           1e-6);
    CU_ASSERT_DOUBLE_EQUAL(a.route_cost + b.route_cost, all.route_cost,
                           1e-6);
    CU_ASSERT_DOUBLE_EQUAL(a.vehicle_km + b.vehicle_km, km, 1e-6);
    CU_ASSERT_EQUAL(a.served, 1);
    ky_plan_free(plan);
    md.s->companies[1].n_no_coload = 1;
    model_close(&md);
}

int ky_test_suite_compare(void)
{
    static const ky_test_case cases[] = {
        {"company_rules_load_to_their_values",
         company_rules_load_to_their_values},
        {"bad_company_rules_name_file_and_line",
         bad_company_rules_name_file_and_line},
        {"company_rules_survive_save_and_load",
         company_rules_survive_save_and_load},
        {"route_core_refuses_banned_company_pairs",
         route_core_refuses_banned_company_pairs},
        {"ban_forces_a_second_vehicle", ban_forces_a_second_vehicle},
        {"check_rejects_a_plan_that_breaks_a_ban",
         check_rejects_a_plan_that_breaks_a_ban},
        {"heuristic_plans_obey_company_rules",
         heuristic_plans_obey_company_rules},
        {"coalition_scenarios_hold_members_and_their_fleets",
         coalition_scenarios_hold_members_and_their_fleets},
        {"coalition_check_wants_a_fleet_alone",
         coalition_check_wants_a_fleet_alone},
        {"coalition_check_wants_every_shipments_company",
         coalition_check_wants_every_shipments_company},
        {"coalition_plans_pass_check", coalition_plans_pass_check},
        {"load_factor_and_company_shares_by_hand",
         load_factor_and_company_shares_by_hand},
        {NULL, NULL}};
    return ky_test_register("compare", cases);
}
