/* Tests of scenario studies: reading study files, building each kind of
 * variant, closed sites in the route core, plans and check, the reasons
 * plans give for unassigned shipments, and the deep copy variants start
 * from. Every plan solved here is verified by
 * ky_check_plan_dir. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kyodo.h"
#include "testutil.h"

static ky_study *load_study(const char *name, int want, ky_error *e)
{
    char path[512];
    ky_study *st = NULL;
    ky_error_init(e);
    int rc = ky_study_load(&st, ky_test_data(name, path, sizeof path), NULL,
                           e);
    CU_ASSERT_EQUAL(rc, want);
    CU_ASSERT_EQUAL(st == NULL, want != KY_OK);
    return st;
}

static ky_scenario *variant(const ky_study *st, const char *id)
{
    for (int32_t i = 0; i < st->n_variants; i++)
        if (strcmp(st->variants[i].id, id) == 0) {
            ky_scenario *s = NULL;
            ky_error e;
            ky_error_init(&e);
            CU_ASSERT_EQUAL(ky_study_scenario(&s, st, i, NULL, &e), KY_OK);
            return s;
        }
    CU_FAIL("no such variant");
    return NULL;
}

static double minutes(const ky_scenario *s, const char *a, const char *b)
{
    ky_matrix *m = NULL;
    CU_ASSERT_EQUAL_FATAL(ky_matrix_new(&m, s, NULL), KY_OK);
    double t = ky_matrix_min(m, ky_scenario_find_location(s, a),
                             ky_scenario_find_location(s, b));
    ky_matrix_free(m);
    return t;
}

static int64_t amount(const ky_scenario *s, const char *shipment)
{
    return s->shipments[ky_scenario_find_shipment(s, shipment)].amount[0];
}

static bool closed(const ky_scenario *s, const char *location)
{
    return s->locations[ky_scenario_find_location(s, location)].closed;
}

/* ---- building variants --------------------------------------------------------- */

static void closing_sites_and_depots(void)
{
    ky_error e;
    ky_study *st = load_study("study/all-changes.xml", KY_OK, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    ky_scenario *s = variant(st, "close");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_TRUE(closed(s, "supplier-b"));
    CU_ASSERT_FALSE(closed(s, "supplier-a"));
    CU_ASSERT_FALSE(closed(st->base, "supplier-b")); /* the base stays */
    CU_ASSERT_STRING_EQUAL(s->name, "tiny (close)");
    ky_scenario_free(s);
    /* closing after opening shortens the hours; before, closes the site */
    s = variant(st, "close-depot-late");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_DOUBLE_EQUAL(s->depots[0].hours.close, 15.5 * 60, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(s->depots[0].hours.open, 6 * 60, 1e-9);
    CU_ASSERT_FALSE(closed(s, "center-site"));
    ky_scenario_free(s);
    s = variant(st, "close-depot-early");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_TRUE(closed(s, "plant-y"));
    CU_ASSERT_DOUBLE_EQUAL(s->depots[1].hours.close, 20 * 60, 1e-9);
    ky_scenario_free(s);
    ky_study_free(st);
}

static void demand_and_fleet_changes(void)
{
    ky_error e;
    ky_study *st = load_study("study/all-changes.xml", KY_OK, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    /* bolt's amounts x 1.5, rounded up; acme's as they were */
    ky_scenario *s = variant(st, "demand");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(amount(s, "s1"), 4);
    CU_ASSERT_EQUAL(amount(s, "s2"), 3);
    CU_ASSERT_EQUAL(amount(s, "s3"), 5);
    CU_ASSERT_EQUAL(amount(s, "s4"), 8);
    CU_ASSERT_EQUAL(amount(s, "s5"), 9);
    ky_scenario_free(s);
    /* a removed vehicle leaves the <alone> lists, the rest follow */
    s = variant(st, "remove");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->n_vehicles, 1);
    CU_ASSERT_STRING_EQUAL(s->vehicles[0].id, "truck");
    CU_ASSERT_EQUAL(s->companies[0].n_keep, 0);
    CU_ASSERT_EQUAL_FATAL(s->companies[0].n_hire, 1);
    CU_ASSERT_EQUAL(s->companies[0].hire[0].like, 0);
    ky_scenario_free(s);
    /* partners: copies of the template at their own price and depot */
    s = variant(st, "add");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL_FATAL(s->n_vehicles, 4);
    int32_t west = ky_scenario_find_depot(s, "west");
    for (int k = 2; k < 4; k++) {
        const ky_vehicle *v = &s->vehicles[k];
        CU_ASSERT_STRING_EQUAL(v->id, k == 2 ? "partner-1" : "partner-2");
        CU_ASSERT_DOUBLE_EQUAL(v->fixed_cost, 500, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(v->cost_per_km, 1, 1e-9);
        CU_ASSERT_EQUAL(v->capacity[0], 10);
        CU_ASSERT_EQUAL(v->start_depot, west);
        CU_ASSERT_EQUAL(v->end_depot, west);
        CU_ASSERT_TRUE(v->emergency);
    }
    CU_ASSERT_FALSE(s->vehicles[0].emergency);
    ky_scenario_free(s);
    /* a new depot, and a vehicle based there */
    s = variant(st, "hub");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    int32_t hub = ky_scenario_find_depot(s, "hub");
    CU_ASSERT_EQUAL_FATAL(hub, 2);
    CU_ASSERT_EQUAL(s->depots[hub].location,
                    ky_scenario_find_location(s, "supplier-b"));
    CU_ASSERT_TRUE(s->depots[hub].cross_dock);
    CU_ASSERT_DOUBLE_EQUAL(s->depots[hub].hours.open, 7 * 60, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(s->depots[hub].hours.close, 19 * 60, 1e-9);
    int32_t truck = ky_scenario_find_vehicle(s, "truck");
    CU_ASSERT_EQUAL(s->vehicles[truck].start_depot, hub);
    CU_ASSERT_EQUAL(s->vehicles[truck].end_depot, hub);
    ky_scenario_free(s);
    ky_study_free(st);
}

/* Travel times to and from the area change; the others, and every km,
 * stay. */
static void slow_roads_scale_the_area(void)
{
    ky_error e;
    ky_study *st = load_study("study/all-changes.xml", KY_OK, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    const ky_scenario *b = st->base;
    ky_scenario *s = variant(st, "slow-list");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->settings.distance, KY_DIST_MATRIX);
    CU_ASSERT_DOUBLE_EQUAL(minutes(s, "center-site", "plant-x"),
                           2 * minutes(b, "center-site", "plant-x"), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(minutes(s, "plant-x", "supplier-b"),
                           2 * minutes(b, "plant-x", "supplier-b"), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(minutes(s, "center-site", "supplier-a"),
                           minutes(b, "center-site", "supplier-a"), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(minutes(s, "plant-x", "plant-x"), 0, 1e-9);
    ky_scenario_free(s);
    /* the polygon holds center-site (0, 0) and supplier-a (10, 0) */
    s = variant(st, "slow-polygon");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_DOUBLE_EQUAL(minutes(s, "center-site", "supplier-b"),
                           3 * minutes(b, "center-site", "supplier-b"), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(minutes(s, "plant-x", "supplier-a"),
                           3 * minutes(b, "plant-x", "supplier-a"), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(minutes(s, "supplier-b", "plant-x"),
                           minutes(b, "supplier-b", "plant-x"), 1e-9);
    ky_matrix *m = NULL, *mb = NULL;
    CU_ASSERT_FATAL(ky_matrix_new(&m, s, NULL) == KY_OK &&
                    ky_matrix_new(&mb, b, NULL) == KY_OK);
    for (int32_t i = 0; i < m->n; i++)
        for (int32_t j = 0; j < m->n; j++)
            CU_ASSERT_DOUBLE_EQUAL(ky_matrix_km(m, i, j),
                                   ky_matrix_km(mb, i, j), 1e-9);
    ky_matrix_free(m);
    ky_matrix_free(mb);
    ky_scenario_free(s);
    ky_study_free(st);
}

/* ---- bad studies --------------------------------------------------------------- */

static void bad_studies_name_file_and_line(void)
{
    ky_error e;
    char buf[KY_ERROR_MSG_LEN + KY_ERROR_FILE_LEN + 16];
    CU_ASSERT_PTR_NULL(load_study("study/bad-ids.xml", KY_EINPUT, &e));
    /* every problem, in line order */
    static const struct {
        int line;
        const char *text;
    } want[] = {
        {4, "location 'nowhere' is not in the scenario"},
        {5, "vehicle 'ghost' is not in the scenario"},
        {7, "variant 'a' is already defined at line 3"},
        {8, "company 'nobody' is not in the scenario"},
        {10, "the name is kept for the base scenario"},
        {11, "depot 'no-depot' is not in the scenario"},
        {15, "variant 'b': vehicle 'van' is not in the scenario"},
    };
    CU_ASSERT_EQUAL_FATAL(e.n, 7);
    for (int k = 0; k < 7; k++) {
        CU_ASSERT_EQUAL(e.items[k].line, want[k].line);
        CU_ASSERT_PTR_NOT_NULL(strstr(e.items[k].msg, want[k].text));
        CU_ASSERT_PTR_NOT_NULL(strstr(e.items[k].file, "bad-ids.xml"));
    }
    /* changes whose scenario kyodo could not save, plan or check */
    CU_ASSERT_PTR_NULL(load_study("study/bad-changes.xml", KY_EINPUT, &e));
    static const struct {
        int line;
        const char *text;
    } bad[] = {
        {5, "variant 'Study.CSV': the name is kept for the report"},
        {7, "variant 'TWICE' is already defined at line 6"},
        {8, "no vehicle is left"},
        {10, "are longer than an id may be (128 characters)"},
        {13, "variant 'too-many': more than 2000 vehicles"},
        {17, "all x and y, or all lat and lon"},
        {21, "the polygon gives lat and lon, but the scenario's locations "
             "have x and y"},
    };
    CU_ASSERT_EQUAL_FATAL(e.n, 7);
    for (int k = 0; k < 7; k++) {
        CU_ASSERT_EQUAL(e.items[k].line, bad[k].line);
        CU_ASSERT_PTR_NOT_NULL(strstr(e.items[k].msg, bad[k].text));
    }
    CU_ASSERT_PTR_NULL(load_study("study/bad-schema.xml", KY_EINPUT, &e));
    CU_ASSERT_TRUE(e.n >= 1 && e.items[0].line == 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(ky_error_format(&e, 0, buf, sizeof buf),
                                  "element 'flood'"));
    CU_ASSERT_PTR_NULL(load_study("study/missing-base.xml", KY_EIO, &e));
    CU_ASSERT_TRUE(e.n >= 1 && e.items[0].line == 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[0].msg, "could not be loaded"));
}

/* ---- plans ------------------------------------------------------------------------ */

typedef struct planned {
    ky_scenario *s;
    ky_test_solved x;
    ky_plan *plan; /* x.plan */
    ky_problem *p; /* x.p */
} planned;

static void planned_free(planned *x)
{
    ky_test_solved_free(&x->x);
    ky_scenario_free(x->s);
}

/* Solves s (taking it), writes the plan with the scenario beside it, and
 * checks it against the scenario read back from that file. */
static bool plan_checked(ky_scenario *s, planned *x)
{
    memset(x, 0, sizeof *x);
    x->s = s;
    ky_solve_options so;
    ky_solve_options_init(&so);
    so.time_limit_s = 5;
    char dir[256], file[300];
    ky_error e;
    ky_error_init(&e);
    ky_test_tmpdir(dir, sizeof dir);
    snprintf(file, sizeof file, "%s/scenario.xml", dir);
    ky_scenario *back = NULL;
    ky_matrix *mb = NULL;
    ky_check_report rep;
    memset(&rep, 0, sizeof rep);
    int rc = ky_test_solve_write(s, &so, dir, &x->x, &e);
    x->plan = x->x.plan;
    x->p = x->x.p;
    if (rc == KY_OK)
        rc = ky_scenario_save(s, file, NULL, &e);
    if (rc == KY_OK)
        rc = ky_load_file_with(&back, file, KY_LOAD_ANY_FLEET, NULL, &e);
    if (rc == KY_OK)
        rc = ky_matrix_new(&mb, back, NULL);
    if (rc == KY_OK)
        rc = ky_check_plan_dir(&rep, back, mb, dir, NULL, &e);
    CU_ASSERT_EQUAL(rc, KY_OK);
    CU_ASSERT_EQUAL(rep.violations, 0);
    ky_matrix_free(mb);
    ky_scenario_free(back);
    ky_test_rmtree(dir);
    return rc == KY_OK && rep.violations == 0;
}

static ky_reason reason_of(const ky_plan *plan, const char *shipment)
{
    int32_t s = ky_scenario_find_shipment(plan->p->scen, shipment);
    for (int32_t k = 0; k < plan->n_unassigned; k++)
        if (plan->unassigned[k] == s)
            return plan->reasons[k];
    return KY_REASON_NONE;
}

/* A closed supplier's pickups cannot be made: those shipments are
 * unassigned, and the reason says why; the base serves them. */
static void closed_sites_leave_their_shipments_unassigned(void)
{
    ky_error e;
    ky_study *st = load_study("study/three.xml", KY_OK, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    planned base, out;
    ky_scenario *s = NULL;
    CU_ASSERT_EQUAL(ky_study_scenario(&s, st, -1, NULL, &e), KY_OK);
    CU_ASSERT_TRUE(plan_checked(s, &base));
    CU_ASSERT_EQUAL(base.plan ? base.plan->n_unassigned : -1, 0);
    CU_ASSERT_TRUE(plan_checked(variant(st, "supplier-a-out"), &out));
    CU_ASSERT_PTR_NOT_NULL_FATAL(out.plan);
    CU_ASSERT_EQUAL(out.plan->n_unassigned, 2);
    CU_ASSERT_EQUAL(reason_of(out.plan, "s1"), KY_REASON_CLOSED);
    CU_ASSERT_EQUAL(reason_of(out.plan, "s5"), KY_REASON_CLOSED);
    CU_ASSERT_STRING_EQUAL(ky_reason_code(KY_REASON_CLOSED), "closed");
    planned_free(&out);
    planned_free(&base);
    ky_study_free(st);
    /* a depot closed all day: its site takes no stop, its vehicles stay */
    st = load_study("study/all-changes.xml", KY_OK, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    CU_ASSERT_TRUE(plan_checked(variant(st, "close-depot-early"), &out));
    CU_ASSERT_PTR_NOT_NULL_FATAL(out.plan);
    CU_ASSERT_EQUAL(reason_of(out.plan, "s3"), KY_REASON_CLOSED);
    CU_ASSERT_EQUAL(reason_of(out.plan, "s5"), KY_REASON_CLOSED);
    CU_ASSERT_EQUAL(out.plan->n_unassigned, 2);
    planned_free(&out);
    /* the center closed: its own shipments closed, the rest find no
     * vehicle in service */
    CU_ASSERT_TRUE(plan_checked(variant(st, "center-closed"), &out));
    CU_ASSERT_PTR_NOT_NULL_FATAL(out.plan);
    CU_ASSERT_EQUAL(out.plan->n_unassigned, 5);
    CU_ASSERT_EQUAL(reason_of(out.plan, "s2"), KY_REASON_CLOSED);
    CU_ASSERT_EQUAL(reason_of(out.plan, "s4"), KY_REASON_CLOSED);
    CU_ASSERT_EQUAL(reason_of(out.plan, "s1"), KY_REASON_NO_VEHICLE);
    CU_ASSERT_EQUAL(reason_of(out.plan, "s5"), KY_REASON_NO_VEHICLE);
    planned_free(&out);
    /* roads to plant-y flooded past reach: planned, and late */
    CU_ASSERT_TRUE(plan_checked(variant(st, "flood"), &out));
    CU_ASSERT_PTR_NOT_NULL_FATAL(out.plan);
    CU_ASSERT_EQUAL(out.plan->n_unassigned, 2);
    CU_ASSERT_EQUAL(reason_of(out.plan, "s3"), KY_REASON_TIME);
    CU_ASSERT_EQUAL(reason_of(out.plan, "s5"), KY_REASON_TIME);
    planned_free(&out);
    ky_study_free(st);
}

/* The route core refuses a closed site, a vehicle based at one, and
 * check flags a plan that stops there. */
static void closed_sites_in_route_core_and_check(void)
{
    ky_error e;
    ky_study *st = load_study("study/all-changes.xml", KY_OK, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    ky_scenario *s = variant(st, "add");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    s->locations[ky_scenario_find_location(s, "plant-y")].closed = true;
    ky_matrix *m = NULL;
    ky_problem *p = NULL;
    CU_ASSERT_FATAL(ky_matrix_new(&m, s, NULL) == KY_OK &&
                    ky_problem_new(&p, s, m, NULL, &e) == KY_OK);
    int32_t s1 = ky_scenario_find_shipment(s, "s1");
    int32_t partner = ky_scenario_find_vehicle(s, "partner-1");
    int32_t van = ky_scenario_find_vehicle(s, "van");
    CU_ASSERT_TRUE(ky_problem_compat(p, s1, van));
    CU_ASSERT_FALSE(ky_problem_compat(p, s1, partner)); /* based at west */
    int32_t s3 = ky_scenario_find_shipment(s, "s3");
    CU_ASSERT_FALSE(ky_problem_compat(p, s3, van)); /* delivers at plant-y */
    /* a plan that serves s3 anyway */
    char dir[256];
    ky_test_tmpdir(dir, sizeof dir);
    s->locations[ky_scenario_find_location(s, "plant-y")].closed = false;
    ky_problem *open_p = NULL;
    CU_ASSERT_FATAL(ky_problem_new(&open_p, s, m, NULL, &e) == KY_OK);
    ky_solve_options so;
    ky_solve_options_init(&so);
    ky_solve_result *res = NULL;
    ky_plan *plan = NULL;
    ky_write_meta meta = {"generated", "00000000000000000000000000000000"
                                       "00000000000000000000000000000000"};
    CU_ASSERT_FATAL(ky_solve(&res, open_p, &so, NULL) == KY_OK &&
                    ky_plan_new(&plan, open_p, res, KY_OBJ_COST, 1, NULL) ==
                        KY_OK &&
                    ky_write_plan(plan, dir, &meta, NULL, &e) == KY_OK);
    CU_ASSERT_EQUAL(plan->n_unassigned, 0);
    s->locations[ky_scenario_find_location(s, "plant-y")].closed = true;
    ky_check_report rep;
    memset(&rep, 0, sizeof rep);
    CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, s, m, dir, NULL, &e), KY_OK);
    CU_ASSERT_TRUE(rep.violations >= 2); /* s3 and s5 stop at plant-y */
    bool named = false;
    for (int k = 0; k < e.n; k++)
        named |= strstr(e.items[k].msg, "location 'plant-y' is closed") !=
                 NULL;
    CU_ASSERT_TRUE(named);
    ky_plan_free(plan);
    ky_solve_result_free(res);
    ky_problem_free(open_p);
    ky_test_rmtree(dir);
    ky_problem_free(p);
    ky_matrix_free(m);
    ky_scenario_free(s);
    ky_study_free(st);
}

/* The local-sourcing share and the emergency partners called in, by
 * hand: supplier-a (local) gives s1 (acme, 4 kg) and s5 (bolt, 6 kg),
 * supplier-b s4 (bolt, 5 kg); the rest come from the center. */
static void kpis_count_local_sourcing_and_partners(void)
{
    ky_error e;
    ky_study *st = load_study("study/three.xml", KY_OK, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    planned x;
    ky_scenario *s = NULL;
    CU_ASSERT_EQUAL(ky_study_scenario(&s, st, -1, NULL, &e), KY_OK);
    CU_ASSERT_TRUE(plan_checked(s, &x));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x.plan);
    ky_kpi all, acme, bolt;
    ky_plan_kpi(x.plan, KY_KPI_ALL, &all);
    ky_plan_kpi(x.plan, 0, &acme);
    ky_plan_kpi(x.plan, 1, &bolt);
    CU_ASSERT_DOUBLE_EQUAL(all.local_share, 10.0 / 15.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(acme.local_share, 1.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(bolt.local_share, 6.0 / 11.0, 1e-12);
    CU_ASSERT_EQUAL(all.emergency, 0);
    planned_free(&x);
    /* the local supplier closed: nothing left from it */
    CU_ASSERT_TRUE(plan_checked(variant(st, "supplier-a-out"), &x));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x.plan);
    ky_plan_kpi(x.plan, KY_KPI_ALL, &all);
    CU_ASSERT_DOUBLE_EQUAL(all.local_share, 0.0, 1e-12);
    planned_free(&x);
    ky_study_free(st);
    /* the pool lost, a partner serves everything */
    st = load_study("study/kpi.xml", KY_OK, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    CU_ASSERT_TRUE(plan_checked(variant(st, "partner-only"), &x));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x.plan);
    ky_plan_kpi(x.plan, KY_KPI_ALL, &all);
    ky_plan_kpi(x.plan, 1, &bolt);
    CU_ASSERT_EQUAL(x.plan->n_unassigned, 0);
    CU_ASSERT_EQUAL(all.emergency, 1);
    CU_ASSERT_EQUAL(bolt.emergency, 1);
    planned_free(&x);
    ky_study_free(st);
}

/* Every reason a plan gives, each produced by the shipment that needs
 * it; the structural ones hold for every vehicle. */
static void every_reason_is_produced(void)
{
    char path[512];
    ky_scenario *s = NULL;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(ky_load_file_with(&s, ky_test_data("reasons.xml",
                                                             path,
                                                             sizeof path),
                                            KY_LOAD_ANY_FLEET, NULL, &e),
                          KY_OK);
    /* plan refuses it as a day's orders */
    ky_scenario *strict = NULL;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_load_file(&strict, path, NULL, &e), KY_EINPUT);
    CU_ASSERT_EQUAL(e.n, 3);
    planned x;
    CU_ASSERT_TRUE(plan_checked(s, &x));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x.plan);
    static const struct {
        const char *shipment;
        ky_reason why;
    } want[] = {
        {"ok", KY_REASON_NONE},
        {"needs-crane", KY_REASON_SKILLS},
        {"too-heavy", KY_REASON_CAPACITY},
        {"from-north", KY_REASON_DEPOT},
        {"cold-and-heavy", KY_REASON_VEHICLE},
        {"own-only", KY_REASON_RULES},
        {"at-night", KY_REASON_TIME},
        {"to-shut", KY_REASON_CLOSED},
        {"not-worth-it", KY_REASON_NOT_SERVED},
    };
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        ky_reason got = reason_of(x.plan, want[k].shipment);
        if (got != want[k].why)
            fprintf(stderr, "\n%s: reason %s, wanted %s\n", want[k].shipment,
                    ky_reason_code(got), ky_reason_code(want[k].why));
        CU_ASSERT_EQUAL(got, want[k].why);
    }
    CU_ASSERT_EQUAL(x.plan->n_unassigned, 8);
    planned_free(&x);
}

/* Without the triangle inequality, late alone does not prove late: a
 * shipment left out (for its zero penalty) that a detour could serve is
 * not called late. */
static void late_alone_is_no_proof_without_the_triangle(void)
{
    char path[512];
    ky_scenario *s = NULL;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(ky_load_file(&s, ky_test_data("no-triangle.xml",
                                                        path, sizeof path),
                                       NULL, &e),
                          KY_OK);
    planned x;
    CU_ASSERT_TRUE(plan_checked(s, &x));
    CU_ASSERT_PTR_NOT_NULL_FATAL(x.plan);
    CU_ASSERT_FALSE(ky_problem_triangle(x.p));
    CU_ASSERT_EQUAL(x.plan->n_unassigned, 1);
    CU_ASSERT_EQUAL(reason_of(x.plan, "via"), KY_REASON_NOT_SERVED);
    /* alone, it is too late indeed; the detour through b is not */
    int32_t via = ky_scenario_find_shipment(s, "via");
    int32_t at_b = ky_scenario_find_shipment(s, "at-b");
    int32_t alone[1] = {KY_DELIVERY(via)};
    int32_t detour[2] = {KY_DELIVERY(at_b), KY_DELIVERY(via)};
    ky_route_eval ev;
    ky_route_eval_full(x.p, 0, alone, 1, &ev, NULL);
    CU_ASSERT_FALSE(ev.feasible);
    ky_route_eval_full(x.p, 0, detour, 2, &ev, NULL);
    CU_ASSERT_TRUE(ev.feasible);
    CU_ASSERT_EQUAL(ky_plan_reason(x.p, via, true), KY_REASON_TIME);
    planned_free(&x);
}

/* A copy owns all it holds: it saves to the same bytes as the original,
 * also once the original is gone. */
static void scenario_copy_is_deep(void)
{
    char path[512], dir[256], a[300], b[300];
    ky_scenario *s = NULL, *t = NULL;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(ky_load_file(&s, ky_test_data("company-rules.xml",
                                                        path, sizeof path),
                                       NULL, &e),
                          KY_OK);
    CU_ASSERT_EQUAL_FATAL(ky_scenario_copy(&t, s, NULL), KY_OK);
    ky_test_tmpdir(dir, sizeof dir);
    snprintf(a, sizeof a, "%s/a.xml", dir);
    snprintf(b, sizeof b, "%s/b.xml", dir);
    CU_ASSERT_EQUAL(ky_scenario_save(s, a, NULL, &e), KY_OK);
    ky_scenario_free(s);
    CU_ASSERT_EQUAL(ky_scenario_save(t, b, NULL, &e), KY_OK);
    size_t la = 0, lb = 0;
    char *ta = ky_test_read_file(a, &la), *tb = ky_test_read_file(b, &lb);
    CU_ASSERT_FATAL(ta && tb);
    CU_ASSERT_TRUE(la == lb && memcmp(ta, tb, la) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(ta, "<alone")); /* rules copied too */
    free(ta);
    free(tb);
    ky_scenario_free(t);
    ky_test_rmtree(dir);
}

int ky_test_suite_study(void)
{
    static const ky_test_case cases[] = {
        {"closing_sites_and_depots", closing_sites_and_depots},
        {"demand_and_fleet_changes", demand_and_fleet_changes},
        {"slow_roads_scale_the_area", slow_roads_scale_the_area},
        {"bad_studies_name_file_and_line", bad_studies_name_file_and_line},
        {"closed_sites_leave_their_shipments_unassigned",
         closed_sites_leave_their_shipments_unassigned},
        {"closed_sites_in_route_core_and_check",
         closed_sites_in_route_core_and_check},
        {"kpis_count_local_sourcing_and_partners",
         kpis_count_local_sourcing_and_partners},
        {"every_reason_is_produced", every_reason_is_produced},
        {"late_alone_is_no_proof_without_the_triangle",
         late_alone_is_no_proof_without_the_triangle},
        {"scenario_copy_is_deep", scenario_copy_is_deep},
        {NULL, NULL}};
    return ky_test_register("study", cases);
}
