/* Tests of the solvers: the exact MILP against brute force, the heuristic
 * and set partitioning through kyodo check, determinism, and the
 * written files. Every plan made here is verified by ky_check_plan_dir. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "kyodo.h"
#include "testutil.h"


/* ---- brute force ---------------------------------------------------------- */

typedef struct {
    const ky_problem *p;
    int32_t v;
    int32_t nodes[16];
    int32_t n_all;
    int32_t all[16];
    bool used[16];
    double best;
} perm_search;

static void permute(perm_search *ps, int32_t depth)
{
    if (depth == ps->n_all) {
        ky_route_eval e;
        ky_route_eval_full(ps->p, ps->v, ps->nodes, depth, &e, NULL);
        if (e.feasible && e.obj < ps->best)
            ps->best = e.obj;
        return;
    }
    for (int32_t k = 0; k < ps->n_all; k++) {
        int32_t u = ps->all[k];
        if (ps->used[k])
            continue;
        /* A delivery only after its pickup, when both are stops. */
        if (!KY_NODE_IS_PICKUP(u) &&
            ps->p->kind[KY_NODE_SHIPMENT(u)] == KY_SHIP_PD && !ps->used[k - 1])
            continue;
        ps->used[k] = true;
        ps->nodes[depth] = u;
        permute(ps, depth + 1);
        ps->used[k] = false;
    }
}

/* Cheapest route of vehicle v serving exactly the shipments in mask. */
static double best_route(const ky_problem *p, int32_t v, unsigned mask)
{
    perm_search ps;
    memset(&ps, 0, sizeof ps);
    ps.p = p;
    ps.v = v;
    ps.best = HUGE_VAL;
    if (mask == 0)
        return 0.0;
    for (int32_t s = 0; s < p->n_ship; s++) {
        if (!(mask & (1u << s)))
            continue;
        if (!ky_problem_compat(p, s, v))
            return HUGE_VAL;
        int32_t st[2];
        int c = ky_shipment_stops(p, s, st);
        for (int k = 0; k < c; k++)
            ps.all[ps.n_all++] = st[k];
    }
    permute(&ps, 0);
    return ps.best;
}

/* Optimum over every assignment of shipments to vehicles or to none. */
static double brute_force(const ky_problem *p)
{
    int32_t S = p->n_ship, V = p->n_veh;
    unsigned full = 1u << S;
    double *route = calloc((size_t)V * full, sizeof *route);
    for (int32_t v = 0; v < V; v++)
        for (unsigned m = 0; m < full; m++)
            route[v * full + m] = best_route(p, v, m);
    double best = HUGE_VAL;
    int32_t assign[8];
    long combos = 1;
    for (int32_t s = 0; s < S; s++)
        combos *= V + 1;
    for (long c = 0; c < combos; c++) {
        long x = c;
        unsigned mask[8] = {0};
        double pen = 0.0;
        for (int32_t s = 0; s < S; s++) {
            assign[s] = (int32_t)(x % (V + 1)) - 1;
            x /= V + 1;
            if (assign[s] < 0)
                pen += p->penalty[s];
            else
                mask[assign[s]] |= 1u << s;
        }
        double total = pen;
        for (int32_t v = 0; v < V && total < best; v++)
            total += route[v * full + mask[v]];
        if (total < best)
            best = total;
    }
    free(route);
    return best;
}

static void tiny_opts(ky_gen_opts *o, int variant)
{
    ky_gen_opts_init(o);
    o->n_ship = 3 + variant % 2;
    o->n_veh = 2;
    o->n_dims = 1 + variant % 2;
    o->p_two_windows = variant % 3 == 0 ? 0.4 : 0.1;
    o->cost_per_hour = variant % 4 == 1 ? 30 : 0;
    o->n_depots = variant % 5 == 2 ? 2 : 1;
    o->depot_service = variant % 5 == 2;
    o->horizon = 400;
    o->grid = 40;
}

/* ---- plans through check ----------------------------------------------------- */

static int plan_and_check(const ky_problem *p, const ky_solve_options *so,
                          ky_check_report *rep, char *dir, size_t dir_size,
                          ky_solve_result **res_out)
{
    ky_solve_result *res = NULL;
    ky_plan *plan = NULL;
    int rc = ky_solve(&res, p, so, NULL);
    if (rc == KY_OK)
        rc = ky_plan_new(&plan, p, res, KY_OBJ_COST, so->seed, NULL);
    ky_test_tmpdir(dir, dir_size);
    ky_write_meta meta = {"generated",
                          "0000000000000000000000000000000000000000000000000000000000000000"};
    ky_error e;
    ky_error_init(&e);
    if (rc == KY_OK)
        rc = ky_write_plan(plan, dir, &meta, NULL, &e);
    if (rc == KY_OK)
        rc = ky_check_plan_dir(rep, p->scen, p->mat, dir, NULL, &e);
    char buf[700];
    for (int i = 0; i < e.n && i < 5; i++)
        printf("\n  %s", ky_error_format(&e, i, buf, sizeof buf));
    ky_plan_free(plan);
    if (res_out)
        *res_out = res;
    else
        ky_solve_result_free(res);
    return rc;
}

static void heuristic_plans_pass_check_on_random_instances(void)
{
    int served = 0, total = 0;
    for (int t = 0; t < 12; t++) {
        ky_gen_opts o;
        ky_gen_opts_init(&o);
        o.n_ship = 15 + 3 * t;
        o.n_veh = 4 + t % 3;
        o.n_dims = 1 + t % 2;
        o.n_depots = 1 + t % 2;
        o.depot_service = t % 2;
        o.p_two_windows = 0.3;
        o.cost_per_hour = t % 3 ? 20 : 0;
        o.horizon = 600;
        o.cap_hi = 60;
        ky_fixture f;
        CU_ASSERT_FATAL(ky_fixture_make(&f, 100 + (uint64_t)t, &o));
        ky_solve_options so;
        ky_solve_options_init(&so);
        so.method = KY_METHOD_HEURISTIC;
        so.iterations = 300;
        so.seed = (uint64_t)t;
        ky_check_report rep;
        char dir[256];
        CU_ASSERT_EQUAL(plan_and_check(f.p, &so, &rep, dir, sizeof dir, NULL),
                        KY_OK);
        CU_ASSERT_EQUAL(rep.violations, 0);
        CU_ASSERT_EQUAL(rep.served + rep.unassigned, f.p->n_ship);
        served += rep.served;
        total += f.p->n_ship;
        ky_test_rmtree(dir);
        ky_fixture_free(&f);
    }
    CU_ASSERT(served > total / 2);
}

/* Solves p by method m (within secs, when > 0), writes the plan to a
 * fresh dir and checks it there, asserting no violation. */
static ky_solve_result *solve_checked(const ky_problem *p, ky_method m,
                                      double secs, ky_check_report *rep,
                                      char *dir, size_t dir_size)
{
    ky_solve_options so;
    ky_solve_options_init(&so);
    so.method = m;
    if (secs > 0)
        so.time_limit_s = secs;
    ky_solve_result *res = NULL;
    CU_ASSERT_EQUAL(plan_and_check(p, &so, rep, dir, dir_size, &res), KY_OK);
    CU_ASSERT_EQUAL(rep->violations, 0);
    return res;
}

/* The compact MILP's optimum of p (asserted proven) into *out, which the
 * caller frees; true when proven. */
static bool compact_optimum(const ky_problem *p, ky_routes **out,
                            ky_milp_result *res)
{
    CU_ASSERT_EQUAL_FATAL(ky_routes_new(out, p->n_veh, NULL), KY_OK);
    int rc = ky_compact_solve(*out, res, p, NULL, 60.0, NULL);
    CU_ASSERT_EQUAL(rc, KY_OK);
    CU_ASSERT_EQUAL(res->status, KY_MILP_OPTIMAL);
    return rc == KY_OK && res->status == KY_MILP_OPTIMAL;
}

static void exact_methods_equal_brute_force_on_random_tiny_instances(void)
{
    int proven = 0, served_some = 0;
    for (int t = 0; t < 24; t++) {
        ky_gen_opts o;
        tiny_opts(&o, t);
        ky_fixture f;
        CU_ASSERT_FATAL(ky_fixture_make(&f, 9000 + (uint64_t)t, &o));
        double want = brute_force(f.p);
        ky_routes *out;
        ky_milp_result res;
        if (compact_optimum(f.p, &out, &res)) {
            proven++;
            if (fabs(res.obj - want) > 1e-5 * (1 + want))
                printf("\ninstance %d: MILP %.6f, brute force %.6f\n", t,
                       res.obj, want);
            CU_ASSERT_DOUBLE_EQUAL(res.obj, want, 1e-5 * (1 + want));
            CU_ASSERT_DOUBLE_EQUAL(ky_routes_objective(f.p, out), want,
                                   1e-5 * (1 + want));
            double pen = 0;
            for (int32_t s = 0; s < f.p->n_ship; s++)
                pen += f.p->penalty[s];
            served_some += want < pen - 1e-9;
        }
        ky_routes_free(out);
        /* the exact method (search, column generation, proof by
         * enumeration) proves the same optimum, and its plan passes */
        ky_check_report rep;
        char dir[256];
        ky_solve_result *cg = solve_checked(f.p, KY_METHOD_EXACT, 20.0, &rep,
                                            dir, sizeof dir);
        CU_ASSERT_PTR_NOT_NULL_FATAL(cg);
        CU_ASSERT_EQUAL(cg->status, KY_STATUS_OPTIMAL);
        CU_ASSERT_TRUE(cg->has_bound);
        CU_ASSERT_DOUBLE_EQUAL(cg->objective, want, 1e-5 * (1 + want));
        ky_solve_result_free(cg);
        ky_test_rmtree(dir);
        ky_fixture_free(&f);
    }
    CU_ASSERT_EQUAL(proven, 24);
    /* Instances where nothing is served would prove little. */
    CU_ASSERT(served_some >= 18);
}

static void exact_plans_report_optimal_and_pass_check(void)
{
    static const ky_method methods[] = {KY_METHOD_EXACT, KY_METHOD_COMPACT};
    for (int m = 0; m < 2; m++) {
        ky_gen_opts o;
        tiny_opts(&o, 1);
        ky_fixture f;
        CU_ASSERT_FATAL(ky_fixture_make(&f, 4242, &o));
        ky_check_report rep;
        char dir[256];
        ky_solve_result *res = solve_checked(f.p, methods[m], 0, &rep, dir,
                                             sizeof dir);
        CU_ASSERT_PTR_NOT_NULL_FATAL(res);
        CU_ASSERT_EQUAL(res->method, methods[m]);
        CU_ASSERT_EQUAL(res->status, KY_STATUS_OPTIMAL);
        CU_ASSERT_TRUE(res->has_bound);
        CU_ASSERT_EQUAL(res->bound_kind, m == 0 ? KY_BOUND_ELEMENTARY
                                                : KY_BOUND_COMPACT);
        CU_ASSERT_DOUBLE_EQUAL(res->gap, 0.0, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(res->objective, brute_force(f.p), 1e-5);
        char path[512], want[64];
        snprintf(path, sizeof path, "%s/plan.xml", dir);
        char *xml = ky_test_read_file(path, NULL);
        CU_ASSERT_PTR_NOT_NULL(strstr(xml, "status=\"optimal\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(xml, "gap=\"0\""));
        snprintf(want, sizeof want, "method=\"%s\"",
                 ky_method_name(methods[m]));
        CU_ASSERT_PTR_NOT_NULL(strstr(xml, want));
        free(xml);
        ky_solve_result_free(res);
        ky_test_rmtree(dir);
        ky_fixture_free(&f);
    }
}

static void same_seed_gives_same_routes_and_bytes(void)
{
    ky_gen_opts o;
    ky_gen_opts_init(&o);
    o.n_ship = 30;
    o.n_veh = 5;
    o.horizon = 600;
    o.cap_hi = 60;
    ky_fixture f;
    CU_ASSERT_FATAL(ky_fixture_make(&f, 77, &o));
    ky_solve_options so;
    ky_solve_options_init(&so);
    so.method = KY_METHOD_HEURISTIC;
    so.iterations = 400;
    so.seed = 5;
    char *text[2];
    for (int k = 0; k < 2; k++) {
        ky_check_report rep;
        char dir[256], path[512];
        CU_ASSERT_EQUAL(plan_and_check(f.p, &so, &rep, dir, sizeof dir, NULL),
                        KY_OK);
        snprintf(path, sizeof path, "%s/plan.xml", dir);
        text[k] = ky_test_read_file(path, NULL);
        ky_test_rmtree(dir);
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(text[0]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text[1]);
    CU_ASSERT_STRING_EQUAL(text[0], text[1]);
    free(text[0]);
    free(text[1]);
    ky_fixture_free(&f);
}

static void set_partitioning_never_worse_than_its_incumbent(void)
{
    ky_gen_opts o;
    ky_gen_opts_init(&o);
    o.n_ship = 25;
    o.n_veh = 5;
    o.horizon = 600;
    o.cap_hi = 60;
    ky_fixture f;
    CU_ASSERT_FATAL(ky_fixture_make(&f, 31, &o));
    ky_pool *pool;
    CU_ASSERT_EQUAL_FATAL(ky_pool_new(&pool, f.p, 10000, NULL), KY_OK);
    ky_routes *best, *sp;
    CU_ASSERT_EQUAL_FATAL(ky_routes_new(&best, f.p->n_veh, NULL), KY_OK);
    CU_ASSERT_EQUAL_FATAL(ky_routes_new(&sp, f.p->n_veh, NULL), KY_OK);
    ky_heur_options ho;
    ky_heur_options_init(&ho);
    ho.iterations = 200;
    ho.sink = ky_pool_add;
    ho.sink_ud = pool;
    ky_heur_stats st;
    CU_ASSERT_EQUAL(ky_heuristic_run(best, &st, f.p, NULL, &ho, NULL), KY_OK);
    CU_ASSERT(ky_pool_size(pool) > 10);
    double inc = ky_routes_objective(f.p, best);
    CU_ASSERT_DOUBLE_EQUAL(inc, st.best_obj, 1e-6);
    ky_milp_result res;
    CU_ASSERT_EQUAL(ky_setpart_solve(sp, &res, f.p, pool, best, 30.0, NULL),
                    KY_OK);
    CU_ASSERT_TRUE(res.has_solution);
    CU_ASSERT(res.obj <= inc + 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(ky_routes_objective(f.p, sp), res.obj, 1e-6);
    ky_routes_free(best);
    ky_routes_free(sp);
    ky_pool_free(pool);
    ky_fixture_free(&f);
}

static void check_rejects_hand_broken_plans(void)
{
    ky_gen_opts o;
    ky_gen_opts_init(&o);
    o.n_ship = 12;
    o.n_veh = 3;
    o.horizon = 600;
    o.cap_hi = 60;
    o.p_two_windows = 0;
    ky_fixture f;
    CU_ASSERT_FATAL(ky_fixture_make(&f, 8, &o));
    ky_solve_options so;
    ky_solve_options_init(&so);
    so.method = KY_METHOD_HEURISTIC;
    so.iterations = 200;
    ky_check_report rep;
    char dir[256], path[512];
    CU_ASSERT_EQUAL_FATAL(plan_and_check(f.p, &so, &rep, dir, sizeof dir, NULL),
                          KY_OK);
    CU_ASSERT_EQUAL_FATAL(rep.violations, 0);
    CU_ASSERT_FATAL(rep.served > 0);
    snprintf(path, sizeof path, "%s/plan.xml", dir);
    char *xml = ky_test_read_file(path, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    /* Break one arrival time by a minute: check must notice. */
    char *a = strstr(xml, "seq=\"1\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    char *arr = strstr(a, "arrival=\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(arr);
    arr += strlen("arrival=\"");
    char *end = strchr(arr, '"');
    double t = strtod(arr, NULL) + 1.0;
    char num[64];
    snprintf(num, sizeof num, "%.4f", t);
    size_t head = (size_t)(arr - xml);
    char *broken = malloc(strlen(xml) + 64);
    memcpy(broken, xml, head);
    strcpy(broken + head, num);
    strcat(broken, end);
    CU_ASSERT_EQUAL(ky_test_write_file(path, broken), 0);
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, f.s, f.m, dir, NULL, &e), KY_OK);
    CU_ASSERT(rep.violations > 0);
    /* stops.csv no longer matches plan.xml either. */
    bool csv = false;
    for (int i = 0; i < e.n; i++)
        csv |= strstr(e.items[i].file, "stops.csv") != NULL;
    CU_ASSERT_TRUE(csv);
    free(broken);
    free(xml);
    ky_test_rmtree(dir);
    ky_fixture_free(&f);
}

/* ---- co-loading bans ---------------------------------------------------------- */

/* Two companies, A and B, own the shipments in turn; with ban, A's goods
 * may not share a vehicle with B's. */
static bool add_companies(ky_scenario *s, bool ban)
{
    s->companies = ky_calloc(&s->ctx, 2, sizeof *s->companies);
    if (s->companies == NULL)
        return false;
    s->n_companies = 2;
    for (int32_t c = 0; c < 2; c++) {
        s->companies[c].id = ky_strdup(&s->ctx, c ? "B" : "A");
        s->companies[c].name = ky_strdup(&s->ctx, c ? "B" : "A");
        if (!s->companies[c].id || !s->companies[c].name)
            return false;
    }
    for (int32_t i = 0; i < s->n_shipments; i++)
        s->shipments[i].company = i % 2;
    if (ban) {
        ky_company *a = &s->companies[0];
        a->no_coload = ky_calloc(&s->ctx, 1, sizeof *a->no_coload);
        if (a->no_coload == NULL)
            return false;
        a->no_coload[0] = 1;
        a->n_no_coload = 1;
    }
    return true;
}

/* Wide windows, room for everything, a fixed cost per vehicle: without
 * a ban one vehicle serves every shipment most cheaply. */
static void make_roomy(ky_scenario *s, int horizon)
{
    for (int32_t v = 0; v < s->n_vehicles; v++) {
        ky_vehicle *veh = &s->vehicles[v];
        veh->start_depot = veh->end_depot = 0;
        veh->shift = (ky_window){0, horizon};
        for (int d = 0; d < s->n_dims; d++)
            veh->capacity[d] = 100;
        veh->fixed_cost = 200;
        veh->cost_per_km = 1;
        veh->cost_per_hour = 0;
        veh->skills = 0;
    }
    for (int32_t i = 0; i < s->n_shipments; i++) {
        ky_shipment *sh = &s->shipments[i];
        ky_stop_spec *sides[2] = {&sh->pickup, &sh->delivery};
        for (int k = 0; k < 2; k++) {
            sides[k]->n_windows = 1;
            sides[k]->windows[0] = (ky_window){0, horizon};
            sides[k]->service = 5;
        }
        for (int d = 0; d < s->n_dims; d++)
            sh->amount[d] = 1;
        sh->skills = 0;
        sh->penalty = 1e5;
    }
}

static bool ban_fixture(ky_fixture *f, uint64_t seed, const ky_gen_opts *o,
                        bool ban, bool roomy)
{
    memset(f, 0, sizeof *f);
    f->s = ky_gen_scenario(seed, o);
    if (f->s == NULL || !add_companies(f->s, ban))
        return false;
    if (roomy)
        make_roomy(f->s, o->horizon);
    return ky_matrix_new(&f->m, f->s, NULL) == KY_OK &&
           ky_problem_new(&f->p, f->s, f->m, NULL, NULL) == KY_OK;
}

/* glpsol on models/pdptw.mod with the data kyodo writes for p: the
 * optimum, or NAN when glpsol or the model is not at hand. */
static double gmpl_objective(const ky_problem *p, bool *has_ban_set)
{
    FILE *mod = fopen("models/pdptw.mod", "r");
    if (mod == NULL || system("command -v glpsol >/dev/null 2>&1") != 0) {
        if (mod)
            fclose(mod);
        printf("\n  (glpsol or models/pdptw.mod missing: GMPL not compared)");
        return NAN;
    }
    fclose(mod);
    char dir[256], path[512], cmd[700], line[256];
    ky_test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/p.dat", dir);
    ky_error e;
    ky_error_init(&e);
    double obj = HUGE_VAL;
    if (ky_compact_write_gmpl_data(p, path, NULL, &e) == KY_OK) {
        char *dat = ky_test_read_file(path, NULL);
        *has_ban_set = dat && strstr(dat, "set BAN :=") != NULL;
        free(dat);
        snprintf(cmd, sizeof cmd, "glpsol -m models/pdptw.mod -d '%s' 2>&1",
                 path);
        FILE *out = popen(cmd, "r");
        while (out && fgets(line, sizeof line, out))
            if (sscanf(line, "kyodo-gmpl objective %lf", &obj) != 1 &&
                strstr(line, "error"))
                printf("\n  glpsol: %s", line);
        if (out)
            pclose(out);
    }
    ky_test_rmtree(dir);
    return obj;
}

static void ban_tiny_opts(ky_gen_opts *o)
{
    ky_gen_opts_init(o);
    o->n_ship = 4;
    o->n_veh = 2;
    o->p_delivery = 0;
    o->p_pickup = 0;
    o->p_two_windows = 0;
    o->horizon = 1000;
    o->grid = 20;
}

static int32_t routes_used(const ky_routes *r)
{
    int32_t n = 0;
    for (int32_t v = 0; v < r->n_veh; v++)
        n += ky_routes_len(r, v) > 0;
    return n;
}

/* Some route carries goods of both companies. */
static bool routes_mix_companies(const ky_problem *p, const ky_routes *r)
{
    for (int32_t v = 0; v < r->n_veh; v++) {
        unsigned seen = 0;
        const int32_t *nodes = ky_routes_of(r, v);
        for (int32_t q = 0; q < ky_routes_len(r, v); q++)
            seen |= 1u << p->scen->shipments[KY_NODE_SHIPMENT(nodes[q])].company;
        if (seen == 3u)
            return true;
    }
    return false;
}

static void exact_plan_keeps_banned_companies_apart(void)
{
    ky_gen_opts o;
    ban_tiny_opts(&o);
    double obj[2] = {0, 0};
    for (int ban = 0; ban < 2; ban++) {
        ky_fixture f;
        CU_ASSERT_FATAL(ban_fixture(&f, 515, &o, ban, true));
        ky_check_report rep;
        char dir[256];
        ky_solve_result *res = solve_checked(f.p, KY_METHOD_EXACT, 0, &rep,
                                             dir, sizeof dir);
        CU_ASSERT_EQUAL(rep.served, f.p->n_ship);
        CU_ASSERT_PTR_NOT_NULL_FATAL(res);
        CU_ASSERT_EQUAL(res->status, KY_STATUS_OPTIMAL);
        CU_ASSERT_DOUBLE_EQUAL(res->objective, brute_force(f.p),
                               1e-5 * (1 + res->objective));
        /* Both fit one vehicle; the ban needs a second one. */
        CU_ASSERT_EQUAL(routes_used(res->routes), ban ? 2 : 1);
        CU_ASSERT_EQUAL(routes_mix_companies(f.p, res->routes), !ban);
        obj[ban] = res->objective;
        bool ban_set = false;
        double gm = gmpl_objective(f.p, &ban_set);
        if (!isnan(gm)) {
            CU_ASSERT_DOUBLE_EQUAL(gm, res->objective,
                                   1e-4 * (1 + res->objective));
            CU_ASSERT_EQUAL(ban_set, ban);
        }
        ky_solve_result_free(res);
        ky_test_rmtree(dir);
        ky_fixture_free(&f);
    }
    CU_ASSERT(obj[1] > obj[0] + 1.0);
}

static void exact_milp_with_bans_equals_brute_force_and_gmpl(void)
{
    int mixed = 0;
    for (int t = 0; t < 12; t++) {
        ky_gen_opts o;
        tiny_opts(&o, t);
        ky_fixture f, g;
        CU_ASSERT_FATAL(ban_fixture(&f, 9100 + (uint64_t)t, &o, true, false));
        CU_ASSERT_FATAL(ban_fixture(&g, 9100 + (uint64_t)t, &o, false, false));
        double want = brute_force(f.p);
        ky_routes *out;
        ky_milp_result res;
        if (compact_optimum(f.p, &out, &res)) {
            CU_ASSERT_DOUBLE_EQUAL(res.obj, want, 1e-5 * (1 + want));
            CU_ASSERT_FALSE(routes_mix_companies(f.p, out));
        }
        /* Instances whose unbanned optimum mixes the companies are the
         * ones the ban rows matter for. */
        ky_routes *free_out;
        CU_ASSERT_EQUAL_FATAL(ky_routes_new(&free_out, g.p->n_veh, NULL),
                              KY_OK);
        ky_milp_result free_res;
        if (ky_compact_solve(free_out, &free_res, g.p, NULL, 60.0, NULL) ==
                KY_OK &&
            free_res.has_solution && routes_mix_companies(g.p, free_out))
            mixed++;
        if (t % 4 == 0) {
            bool ban_set = false;
            double gm = gmpl_objective(f.p, &ban_set);
            if (!isnan(gm))
                CU_ASSERT_DOUBLE_EQUAL(gm, want, 1e-4 * (1 + want));
        }
        ky_routes_free(free_out);
        ky_routes_free(out);
        ky_fixture_free(&g);
        ky_fixture_free(&f);
    }
    CU_ASSERT(mixed >= 3);
}

int ky_test_suite_solve(void)
{
    static const ky_test_case cases[] = {
        {"exact_methods_equal_brute_force_on_random_tiny_instances",
         exact_methods_equal_brute_force_on_random_tiny_instances},
        {"heuristic_plans_pass_check_on_random_instances",
         heuristic_plans_pass_check_on_random_instances},
        {"exact_plans_report_optimal_and_pass_check",
         exact_plans_report_optimal_and_pass_check},
        {"same_seed_gives_same_routes_and_bytes",
         same_seed_gives_same_routes_and_bytes},
        {"set_partitioning_never_worse_than_its_incumbent",
         set_partitioning_never_worse_than_its_incumbent},
        {"check_rejects_hand_broken_plans", check_rejects_hand_broken_plans},
        {"exact_plan_keeps_banned_companies_apart",
         exact_plan_keeps_banned_companies_apart},
        {"exact_milp_with_bans_equals_brute_force_and_gmpl",
         exact_milp_with_bans_equals_brute_force_and_gmpl},
        {NULL, NULL}};
    return ky_test_register("solve", cases);
}
