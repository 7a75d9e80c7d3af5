/* kyodo study: business-continuity variants side by side. Plans the base
 * scenario and every variant of a study file, each in a worker process
 * (pool.c) and its own folder with the scenario it was planned on, then
 * writes study.csv and study.json together at the end (an interrupted
 * run leaves no report) and prints the table. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_int.h"

#define DEFAULT_SECONDS 30.0
#define SEARCH_FACTOR 4 /* default iterations: this times plan's */
#define N_REASONS (KY_REASON_DRIVING + 1) /* ky_reason values */

/* What a worker sends back for one plan; followed by one co_row per
 * company, the routes (see encode), and each shipment's source (-1:
 * unassigned). */
typedef struct row {
    int32_t rc, status, method, has_bound;
    double cost, gap, bound;
    int64_t iterations;
    int32_t bound_kind, adopted; /* adopted: 1 + the plan taken, or 0 */
    ky_kpi kpi;
    int32_t shipments, unassigned;
    int32_t transfers; /* shipments changing vehicle at a hub */
    int32_t by_reason[N_REASONS];
} row;

typedef struct co_row {
    int32_t shipments, served;
} co_row;

typedef struct study_run {
    cli *c;
    const ky_study *st;
    const char *dir;
    char sha[65];
    int32_t n;       /* plans: the base, then every variant */
    int32_t n_co;    /* companies */
    size_t size;     /* bytes of a result */
    int32_t n_code;  /* route code room in a result */
    char *rec;       /* n results */
    bool *done;
    double seconds;  /* per plan */
    int jobs;
} study_run;

static const row *row_of(const study_run *r, int32_t i)
{
    return (const row *)(r->rec + (size_t)i * r->size);
}

static const co_row *co_of(const study_run *r, int32_t i)
{
    return (const co_row *)(row_of(r, i) + 1);
}

/* The routes of a result: for each used vehicle, its index, its stop
 * count and its stop nodes; -1 ends them. Shipments keep their indices
 * in every variant (no change adds or drops one), but transfer options
 * do not: decode matches them by what they are, and vehicles by id. */
static int32_t *code_of(const study_run *r, char *result)
{
    return (int32_t *)(result + sizeof(row) +
                       (size_t)r->n_co * sizeof(co_row));
}

static int32_t *sources_of(const study_run *r, char *result)
{
    return code_of(r, result) + r->n_code;
}

/* Shipments served in both plans from different sources. */
static int32_t switched(const study_run *r, int32_t i)
{
    const int32_t *a = sources_of(r, (char *)row_of(r, 0));
    const int32_t *b = sources_of(r, (char *)row_of(r, i));
    int32_t n = 0;
    for (int32_t s = 0; s < r->st->base->n_shipments; s++)
        n += a[s] >= 0 && b[s] >= 0 && a[s] != b[s];
    return n;
}

static void encode(const study_run *r, const ky_routes *rt, int32_t *code)
{
    int32_t k = 0;
    for (int32_t v = 0; v < rt->n_veh; v++) {
        int32_t n = ky_routes_len(rt, v);
        if (n == 0 || k + n + 3 > r->n_code)
            continue;
        code[k++] = v;
        code[k++] = n;
        memcpy(code + k, ky_routes_of(rt, v), (size_t)n * sizeof *code);
        k += n;
    }
    code[k] = -1;
}

/* Plan i's folder name under DIR: "base" or the variant's id. */
static const char *folder(const study_run *r, int32_t i)
{
    return i == 0 ? "base" : r->st->variants[i - 1].id;
}

static const char *status_name(const row *o)
{
    if (o->rc != KY_OK)
        return "failed";
    return ky_status_name((ky_status)o->status);
}

/* ---- worker ----------------------------------------------------------------- */

static int write_folder(study_run *r, int32_t i, const ky_scenario *s,
                        const ky_plan *plan, ky_error *e)
{
    char dir[4096], file[4200];
    ky_write_meta meta = {r->st->file, r->sha};
    snprintf(dir, sizeof dir, "%s/%s", r->dir, folder(r, i));
    int rc = ky_write_plan(plan, dir, &meta, &r->c->ctx, e);
    snprintf(file, sizeof file, "%s/scenario.xml", dir);
    if (rc == KY_OK)
        rc = ky_scenario_save(s, file, &r->c->ctx, e);
    return rc;
}

static void fill_row(const study_run *r, const ky_plan *plan,
                     const ky_routes *routes, row *o)
{
    const ky_scenario *s = plan->p->scen;
    co_row *co = (co_row *)(o + 1);
    memset(co, 0, (size_t)r->n_co * sizeof *co);
    memset(o->by_reason, 0, sizeof o->by_reason);
    o->status = plan->status;
    o->method = plan->method;
    o->has_bound = plan->has_bound;
    o->gap = plan->gap;
    o->bound = plan->bound;
    o->bound_kind = plan->bound_kind;
    o->iterations = plan->iterations;
    o->cost = plan->total.cost;
    o->shipments = s->n_shipments;
    o->unassigned = plan->n_unassigned;
    o->transfers = plan->total.transfers;
    ky_plan_kpi(plan, KY_KPI_ALL, &o->kpi);
    for (int32_t k = 0; k < plan->n_unassigned; k++)
        if ((unsigned)plan->reasons[k] < N_REASONS)
            o->by_reason[plan->reasons[k]]++;
    for (int32_t sh = 0; sh < s->n_shipments; sh++)
        if (s->shipments[sh].company >= 0 &&
            s->shipments[sh].company < r->n_co) {
            co[s->shipments[sh].company].shipments++;
            co[s->shipments[sh].company].served++;
        }
    for (int32_t k = 0; k < plan->n_unassigned; k++) {
        int32_t c = s->shipments[plan->unassigned[k]].company;
        if (c >= 0 && c < r->n_co)
            co[c].served--;
    }
    encode(r, routes, code_of(r, (char *)o));
    memcpy(sources_of(r, (char *)o), plan->source_of,
           (size_t)s->n_shipments * sizeof *plan->source_of);
}

static void work(void *ud, const ky_cli_job *job, void *result)
{
    study_run *r = ud;
    row *o = result;
    int32_t i = job->index;
    ky_ctx *ctx = &r->c->ctx;
    ky_error e;
    ky_error_init(&e);
    ky_scenario *s = NULL;
    ky_matrix *m = NULL;
    ky_problem *p = NULL;
    ky_solve_result *res = NULL;
    ky_plan *plan = NULL;
    ky_solve_options so = r->c->solve;
    so.time_limit_s = job->seconds;
    /* Variants are compared, so each plan is the search alone, ended by
     * its iteration budget: set partitioning's MIPs and the bound's
     * pricing stop on the clock, and the report would change from run
     * to run. --exact asks for proofs instead, on the clock. */
    if (so.method != KY_METHOD_EXACT) {
        so.disable |= KY_SOLVE_NO_SETPART | KY_SOLVE_NO_BOUND;
        so.replayable = true;
        so.method = KY_METHOD_HEURISTIC;
        /* the search alone, and a study has time: search longer */
        if (so.iterations < 0)
            so.iterations = SEARCH_FACTOR * ky_solve_default_iterations(
                                                 r->st->base->n_shipments);
    }
    int rc = ky_study_scenario(&s, r->st, i - 1, ctx, &e);
    if (rc == KY_OK)
        rc = ky_matrix_new(&m, s, ctx);
    if (rc == KY_OK)
        rc = ky_problem_new(&p, s, m, ctx, &e);
    if (rc == KY_OK)
        rc = ky_solve(&res, p, &so, ctx);
    if (rc == KY_OK)
        rc = ky_plan_new(&plan, p, res, KY_OBJ_COST, so.seed, ctx);
    if (rc == KY_OK)
        rc = write_folder(r, i, s, plan, &e);
    if (rc == KY_OK)
        fill_row(r, plan, res->routes, o);
    else if (e.n == 0)
        ky_error_add(&e, rc, r->st->file, 0, "%s: planning failed: %s",
                     folder(r, i), ky_strerror(rc));
    ky_cli__print_errors(r->c, &e);
    fflush(r->c->err);
    o->rc = rc;
    if (rc == KY_OK && r->c->verbosity > 1)
        ky_log(ctx, KY_LOG_INFO, "study: %s: cost %.0f, %d unassigned",
               folder(r, i), o->cost, (int)o->unassigned);
    ky_plan_free(plan);
    ky_solve_result_free(res);
    ky_problem_free(p);
    ky_matrix_free(m);
    ky_scenario_free(s);
}

static int row_rc(void *ud, int32_t index, const void *result)
{
    (void)ud, (void)index;
    return ((const row *)result)->rc;
}

static int plan_all(study_run *r)
{
    int32_t *order = malloc((size_t)r->n * sizeof *order);
    double *seconds = malloc((size_t)r->n * sizeof *seconds);
    int rc = order && seconds ? KY_OK : KY_ENOMEM;
    for (int32_t i = 0; rc == KY_OK && i < r->n; i++) {
        order[i] = i;
        seconds[i] = r->seconds;
    }
    /* the limit on the whole run: every plan's share, and slack */
    double rounds = ceil((double)r->n / (double)r->jobs);
    ky_cli_pool pool = {.c = r->c, .what = "study", .jobs = r->jobs,
                        .n = r->n, .order = order, .seconds = seconds,
                        .limit = rounds * (r->seconds + 30.0),
                        .result_size = r->size, .results = r->rec,
                        .done = r->done, .work = work, .rc_of = row_rc,
                        .ud = r};
    if (rc == KY_OK)
        rc = ky_cli__pool_run(&pool);
    free(seconds);
    free(order);
    return rc;
}

/* ---- sharing plans between variants --------------------------------------------- */

/* Plan i's routes as routes of scenario t (vehicles matched by id), in
 * out; false when a used vehicle is not in t. */
/* Plan i's routes as routes of problem pt: vehicles by id, stops by
 * option (scenario shipment, source, leg, hub and handover: problems
 * of two variants number their transfer options apart). buf holds the
 * translated stops. false when a vehicle or an option is missing. */
static bool decode(const study_run *r, int32_t i, const ky_problem *pf,
                   const ky_problem *pt, ky_routes *out, int32_t **nodes,
                   int32_t *len, int32_t *buf)
{
    const ky_scenario *from = pf->scen, *t = pt->scen;
    const int32_t *code = code_of(r, (char *)row_of(r, i));
    for (int32_t v = 0; v < t->n_vehicles; v++)
        len[v] = 0;
    for (int32_t k = 0; code[k] >= 0; k += 2 + code[k + 1]) {
        if (code[k] >= from->n_vehicles)
            return false;
        int32_t v = ky_scenario_find_vehicle(t, from->vehicles[code[k]].id);
        if (v < 0)
            return false;
        for (int32_t q = 0; q < code[k + 1]; q++) {
            int32_t u = code[k + 2 + q];
            if (u < 0 || u >= pf->n_nodes)
                return false;
            int32_t s = ky_problem_find_item(pt, pf, KY_NODE_SHIPMENT(u));
            if (s < 0)
                return false;
            buf[k + 2 + q] = 2 * s + (u & 1);
        }
        nodes[v] = buf + k + 2;
        len[v] = code[k + 1];
    }
    return ky_routes_assign(out, (const int32_t *const *)nodes, len) ==
           KY_OK;
}

/* Plan j takes routes, found in plan `from` (cost obj): rewritten
 * folder and row. Its bound, if it had one, still holds. */
static int adopt(study_run *r, int32_t j, int32_t from, const ky_problem *p,
                 const ky_routes *routes, double obj, ky_error *e)
{
    row *o = (row *)(r->rec + (size_t)j * r->size);
    ky_solve_result res = {.routes = (ky_routes *)routes,
                           .method = (ky_method)o->method,
                           .status = KY_STATUS_FEASIBLE,
                           .objective = obj,
                           .has_bound = o->has_bound != 0,
                           .bound = o->bound,
                           .bound_kind = (ky_bound_kind)o->bound_kind,
                           .iterations = o->iterations};
    if (res.has_bound) {
        res.gap = fmax(0.0, (obj - o->bound) / fmax(fabs(obj), 1e-9));
        if (res.gap <= 1e-9)
            res.status = KY_STATUS_OPTIMAL;
    }
    ky_plan *plan = NULL;
    int rc = ky_plan_new(&plan, p, &res, KY_OBJ_COST, r->c->solve.seed,
                         &r->c->ctx);
    if (rc == KY_OK)
        rc = write_folder(r, j, p->scen, plan, e);
    if (rc == KY_OK) {
        ky_log(&r->c->ctx, KY_LOG_INFO, "study: %s: the plan found for %s "
               "serves it for less (%.2f instead of %.2f); taken",
               folder(r, j), folder(r, from), obj, o->cost);
        fill_row(r, plan, routes, o);
        o->adopted = from + 1;
    }
    ky_plan_free(plan);
    return rc;
}

/* Plan i is also a plan of scenario j wherever its routes are feasible
 * there: a variant that only takes something away cannot be cheaper than
 * the base, nor the base dearer than a variant that only adds. So each
 * plan is tried in every other scenario, and the cheaper one kept; the
 * searches' luck does not show in the differences. */
/* Each plan's scenario, built once for every round of sharing. */
typedef struct model {
    ky_scenario *s;
    ky_matrix *m;
    ky_problem *p;
} model;

static int try_others(study_run *r, int32_t j, const model *md,
                      bool *changed, ky_error *e)
{
    const ky_scenario *t = md[j].s;
    const ky_problem *p = md[j].p;
    ky_ctx *ctx = &r->c->ctx;
    ky_routes *cand = NULL, *best = NULL;
    int32_t nv = t->n_vehicles + 1;
    int32_t **nodes = calloc((size_t)nv, sizeof *nodes);
    int32_t *len = calloc((size_t)nv, sizeof *len);
    int32_t *buf = NULL;
    int rc = nodes && len ? KY_OK : KY_ENOMEM;
    if (rc == KY_OK)
        rc = ky_routes_new(&cand, t->n_vehicles, ctx);
    if (rc == KY_OK)
        rc = ky_routes_new(&best, t->n_vehicles, ctx);
    const row *oj = row_of(r, j);
    double best_obj = oj->cost;
    int32_t from = -1;
    for (int32_t i = 0; rc == KY_OK && i < r->n; i++) {
        if (i == j || row_of(r, i)->rc != KY_OK)
            continue;
        if (buf == NULL &&
            (buf = malloc(sizeof *buf * ((size_t)r->n_code + 1))) == NULL) {
            rc = KY_ENOMEM;
            break;
        }
        if (!decode(r, i, md[i].p, p, cand, nodes, len, buf))
            continue;
        double obj = ky_routes_objective(p, cand);
        if (obj < best_obj - 1e-6 * (1.0 + fabs(best_obj))) {
            best_obj = obj;
            from = i;
            rc = ky_routes_copy(best, cand);
        }
    }
    if (rc == KY_OK && from >= 0) {
        rc = adopt(r, j, from, p, best, best_obj, e);
        *changed = true;
    }
    ky_routes_free(best);
    ky_routes_free(cand);
    free(buf);
    free(len);
    free(nodes);
    return rc;
}

static int share_plans(study_run *r)
{
    ky_ctx *ctx = &r->c->ctx;
    model *md = calloc((size_t)r->n, sizeof *md);
    ky_error e;
    ky_error_init(&e);
    int rc = md ? KY_OK : KY_ENOMEM;
    for (int32_t i = 0; rc == KY_OK && i < r->n; i++) {
        rc = ky_study_scenario(&md[i].s, r->st, i - 1, ctx, &e);
        if (rc == KY_OK)
            rc = ky_matrix_new(&md[i].m, md[i].s, ctx);
        if (rc == KY_OK)
            rc = ky_problem_new(&md[i].p, md[i].s, md[i].m, ctx, &e);
    }
    bool changed = true;
    for (int round = 0; rc == KY_OK && changed && round < 4; round++) {
        changed = false;
        for (int32_t j = 0; rc == KY_OK && j < r->n; j++)
            if (row_of(r, j)->rc == KY_OK &&
                row_of(r, j)->status != KY_STATUS_OPTIMAL)
                rc = try_others(r, j, md, &changed, &e);
    }
    ky_cli__print_errors(r->c, &e);
    for (int32_t i = 0; md && i < r->n; i++) {
        ky_problem_free(md[i].p);
        ky_matrix_free(md[i].m);
        ky_scenario_free(md[i].s);
    }
    free(md);
    return rc;
}

/* ---- reports ------------------------------------------------------------------ */

static const char *num(double x, int decimals, char *buf)
{
    return ky_fmt_num(x, decimals, buf, 40);
}

static double service(const co_row *c)
{
    return c->shipments ? (double)c->served / (double)c->shipments : 1.0;
}

static void json_str(ky_afile *f, const char *key, const char *v, bool comma)
{
    ky_afile_printf(f, "\"%s\": ", key);
    if (v)
        ky_afile_puts_json(f, v);
    else
        ky_afile_puts(f, "null");
    if (comma)
        ky_afile_puts(f, ", ");
}

static void json_diff(ky_afile *f, const row *o, const row *b)
{
    ky_afile_puts(f, "\"diff\": {");
    ky_write_json_num(f, "cost", o->cost - b->cost, true);
    ky_write_json_num(f, "vehicle_km", o->kpi.vehicle_km - b->kpi.vehicle_km,
                      true);
    ky_write_json_num(f, "co2_kg", o->kpi.co2_kg - b->kpi.co2_kg, true);
    ky_write_json_num(f, "vehicles", o->kpi.vehicles - b->kpi.vehicles, true);
    ky_write_json_num(f, "unassigned", o->unassigned - b->unassigned, false);
    ky_afile_puts(f, "}, ");
}

static void json_plan(ky_afile *f, const study_run *r, int32_t i)
{
    const ky_scenario *s = r->st->base;
    const row *o = row_of(r, i), *b = row_of(r, 0);
    const co_row *co = co_of(r, i);
    const ky_variant *v = i > 0 ? &r->st->variants[i - 1] : NULL;
    ky_afile_puts(f, "    {");
    json_str(f, "id", folder(r, i), true);
    json_str(f, "name", v ? v->name : NULL, true);
    json_str(f, "folder", folder(r, i), true);
    json_str(f, "status", status_name(o), true);
    json_str(f, "method", ky_method_name((ky_method)o->method), true);
    json_str(f, "plan_from", o->adopted ? folder(r, o->adopted - 1) : NULL,
             true);
    ky_write_json_num(f, "cost", o->cost, true);
    ky_afile_puts(f, "\"gap\": ");
    if (o->has_bound) {
        char buf[40];
        ky_afile_puts(f, num(o->gap, 6, buf));
    } else {
        ky_afile_puts(f, "null");
    }
    ky_afile_puts(f, ", ");
    ky_write_json_num(f, "shipments", o->shipments, true);
    ky_write_json_num(f, "unassigned", o->unassigned, true);
    ky_write_json_num(f, "sources_switched", switched(r, i), true);
    ky_write_json_num(f, "transfers", o->transfers, true);
    ky_afile_puts(f, "\"unassigned_by_reason\": {");
    bool first = true;
    for (int k = 1; k < N_REASONS; k++) {
        if (o->by_reason[k] == 0)
            continue;
        if (!first)
            ky_afile_puts(f, ", ");
        ky_write_json_num(f, ky_reason_code((ky_reason)k), o->by_reason[k],
                          false);
        first = false;
    }
    ky_afile_puts(f, "}, \"kpi\": ");
    ky_write_json_kpi(f, &o->kpi);
    ky_afile_puts(f, ", ");
    json_diff(f, o, b);
    ky_afile_puts(f, "\"companies\": [");
    for (int32_t c = 0; c < r->n_co; c++) {
        ky_afile_puts(f, c ? ", {" : "{");
        json_str(f, "id", s->companies[c].id, true);
        ky_write_json_num(f, "shipments", co[c].shipments, true);
        ky_write_json_num(f, "served", co[c].served, true);
        ky_write_json_num(f, "service_level", service(&co[c]), false);
        ky_afile_puts(f, "}");
    }
    ky_afile_puts(f, "]}");
}

static void write_json(ky_afile *f, const study_run *r)
{
    ky_afile_puts(f, "{\n  ");
    json_str(f, "kyodo", KY_VERSION, true);
    json_str(f, "study", r->st->name, true);
    json_str(f, "file", r->st->file, true);
    json_str(f, "base", r->st->base_path, true);
    ky_afile_printf(f, "\"study_sha256\": \"%s\",\n", r->sha);
    ky_afile_puts(f, "  \"plans\": [\n");
    for (int32_t i = 0; i < r->n; i++) {
        json_plan(f, r, i);
        ky_afile_puts(f, i + 1 < r->n ? ",\n" : "\n");
    }
    ky_afile_puts(f, "  ]\n}\n");
}

static void write_csv(ky_afile *f, const study_run *r)
{
    const ky_scenario *s = r->st->base;
    char a[40], b[40], c[40], d[40], e[40];
    ky_afile_puts(f, "variant,status,cost,route_cost,penalty,vehicle_km,"
                     "co2_kg,vehicles,emergency_vehicles,local_share,"
                     "served,unassigned,unassigned_closed,sources_switched,"
                     "transfers,cost_diff,km_diff,co2_diff,vehicles_diff,"
                     "unassigned_diff");
    for (int32_t k = 0; k < r->n_co; k++) {
        char name[KY_ID_MAX + 16];
        snprintf(name, sizeof name, "service_%s", s->companies[k].id);
        ky_afile_puts(f, ",");
        ky_afile_puts_csv(f, name);
    }
    ky_afile_puts(f, "\n");
    const row *base = row_of(r, 0);
    for (int32_t i = 0; i < r->n; i++) {
        const row *o = row_of(r, i);
        ky_afile_printf(f, "%s,%s,%s,%s,%s,%s,%s,%d,%d,", folder(r, i),
                        status_name(o), num(o->cost, 2, a),
                        num(o->kpi.route_cost, 2, b),
                        num(o->kpi.penalty, 2, c),
                        num(o->kpi.vehicle_km, 3, d),
                        num(o->kpi.co2_kg, 3, e), (int)o->kpi.vehicles,
                        (int)o->kpi.emergency);
        ky_afile_printf(f, "%s,%d,%d,%d,%d,%d,",
                        num(o->kpi.local_share, 4, a), (int)o->kpi.served,
                        (int)o->unassigned,
                        (int)o->by_reason[KY_REASON_CLOSED],
                        (int)switched(r, i), (int)o->transfers);
        ky_afile_printf(f, "%s,%s,%s,%d,%d", num(o->cost - base->cost, 2, a),
                        num(o->kpi.vehicle_km - base->kpi.vehicle_km, 3, b),
                        num(o->kpi.co2_kg - base->kpi.co2_kg, 3, c),
                        (int)(o->kpi.vehicles - base->kpi.vehicles),
                        (int)(o->unassigned - base->unassigned));
        for (int32_t k = 0; k < r->n_co; k++)
            ky_afile_printf(f, ",%s", num(service(&co_of(r, i)[k]), 4, a));
        ky_afile_puts(f, "\n");
    }
}

static const char *const reports[2] = {"study.json", "study.csv"};

static int write_reports(const study_run *r, ky_error *e)
{
    ky_afile *f[2] = {NULL, NULL};
    char path[4200];
    int rc = KY_OK;
    for (int k = 0; k < 2 && rc == KY_OK; k++) {
        snprintf(path, sizeof path, "%s/%s", r->dir, reports[k]);
        rc = ky_afile_open(&f[k], path, &r->c->ctx, e);
    }
    if (rc == KY_OK) {
        write_json(f[0], r);
        write_csv(f[1], r);
    }
    return ky_cli__publish(f, 2, rc, e);
}

/* Each company's share of its shipments served, per plan. */
static void print_service(const study_run *r)
{
    FILE *out = r->c->out;
    fprintf(out, "service level (shipments served), per company:\n");
    fprintf(out, "%-22s", "variant");
    for (int32_t k = 0; k < r->n_co; k++)
        fprintf(out, " %10.10s", r->st->base->companies[k].id);
    fputc('\n', out);
    for (int32_t i = 0; i < r->n; i++) {
        fprintf(out, "%-22s", folder(r, i));
        for (int32_t k = 0; k < r->n_co; k++)
            fprintf(out, " %9.1f%%", 100.0 * service(&co_of(r, i)[k]));
        fputc('\n', out);
    }
}

static void print_table(const study_run *r)
{
    FILE *out = r->c->out;
    const row *b = row_of(r, 0);
    char x[40], y[40], z[40];
    fprintf(out, "study %s: %d variants of %s\n",
            r->st->name ? r->st->name : r->st->file, (int)(r->n - 1),
            r->st->base_path);
    fprintf(out, "%-22s %-10s %10s %9s %8s %8s %8s %4s %10s\n", "variant",
            "status", "cost", "diff", "km", "CO2 kg", "vehicles", "",
            "unassigned");
    for (int32_t i = 0; i < r->n; i++) {
        const row *o = row_of(r, i);
        char diff[48] = "-";
        if (i > 0)
            snprintf(diff, sizeof diff, "%+.0f", o->cost - b->cost);
        fprintf(out, "%-22s %-10s %10s %9s %8s %8s %8d %4s %10d",
                folder(r, i), status_name(o), num(o->cost, 0, x), diff,
                num(o->kpi.vehicle_km, 1, y), num(o->kpi.co2_kg, 1, z),
                (int)o->kpi.vehicles, "", (int)o->unassigned);
        if (o->by_reason[KY_REASON_CLOSED])
            fprintf(out, " (%d at closed sites)",
                    (int)o->by_reason[KY_REASON_CLOSED]);
        if (o->kpi.emergency)
            fprintf(out, " (partners: %d)", (int)o->kpi.emergency);
        if (switched(r, i))
            fprintf(out, " (%d from another source)", (int)switched(r, i));
        if (o->transfers)
            fprintf(out, " (%d via a hub)", (int)o->transfers);
        if (o->adopted)
            fprintf(out, " [plan of %s]", folder(r, o->adopted - 1));
        fputc('\n', out);
    }
    if (r->n_co > 0)
        print_service(r);
    fprintf(out, "wrote %s/study.csv, %s/study.json and a plan folder per "
                 "variant\n", r->dir, r->dir);
}

/* The most vehicles a variant has (added ones count). */
static int32_t max_vehicles(const ky_study *st)
{
    int64_t most = st->base->n_vehicles;
    for (int32_t i = 0; i < st->n_variants; i++) {
        int64_t n = st->base->n_vehicles;
        for (int32_t k = 0; k < st->variants[i].n_changes; k++)
            if (st->variants[i].changes[k].kind == KY_CHANGE_ADD_VEHICLES)
                n += st->variants[i].changes[k].count;
        if (n > most)
            most = n;
    }
    return (int32_t)(most < KY_MAX_VEHICLES ? most : KY_MAX_VEHICLES);
}

/* ---- command ------------------------------------------------------------------ */

static int make_dirs(const study_run *r)
{
    if (mkdir(r->dir, 0777) != 0 && errno != EEXIST) {
        fprintf(r->c->err, "%s: cannot create folder: %s\n", r->dir,
                strerror(errno));
        return KY_EXIT_IO;
    }
    return ky_cli__remove_reports(r->c, r->dir, reports, 2);
}

int ky_cli__study(cli *c)
{
    if (c->n_args != 1)
        return ky_cli__usage(c, "study takes one study file");
    if (c->output == NULL)
        return ky_cli__usage(c, "study needs -o DIR");
    if (c->objective != KY_OBJ_COST)
        return ky_cli__usage(c, "study compares costs: it plans with "
                                "--objective cost only");
    int code = ky_cli__check_output(c);
    if (code != KY_EXIT_OK)
        return code;
    ky_study *st = NULL;
    ky_error e;
    ky_error_init(&e);
    int rc = ky_study_load(&st, c->args[0], &c->ctx, &e);
    ky_cli__print_errors(c, &e);
    if (rc != KY_OK)
        return ky_cli__exit_of(rc);
    study_run r = {.c = c, .st = st, .dir = c->output};
    r.n = st->n_variants + 1;
    r.n_co = st->base->n_companies;
    /* a transferred shipment has four stops */
    r.n_code = 4 * st->base->n_shipments + 2 * max_vehicles(st) + 1;
    r.size = sizeof(row) + (size_t)r.n_co * sizeof(co_row) +
             ((size_t)r.n_code + (size_t)st->base->n_shipments) *
                 sizeof(int32_t);
    /* results lie end to end: each must start aligned for a row */
    r.size = (r.size + _Alignof(max_align_t) - 1) /
             _Alignof(max_align_t) * _Alignof(max_align_t);
    r.seconds = c->time_given ? c->solve.time_limit_s : DEFAULT_SECONDS;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    r.jobs = c->jobs ? c->jobs : (int)(cores < 1 ? 1 : cores > 64 ? 64
                                                                  : cores);
    r.rec = calloc((size_t)r.n, r.size);
    r.done = calloc((size_t)r.n, sizeof *r.done);
    if (r.rec == NULL || r.done == NULL) {
        fprintf(c->err, "kyodo: out of memory\n");
        code = KY_EXIT_INTERNAL;
    } else if (ky_sha256_file(c->args[0], r.sha) != KY_OK) {
        fprintf(c->err, "%s: cannot read: %s\n", c->args[0],
                strerror(errno));
        code = KY_EXIT_IO;
    }
    if (code == KY_EXIT_OK)
        code = make_dirs(&r);
    if (code == KY_EXIT_OK) {
        rc = plan_all(&r);
        if (rc == KY_OK)
            rc = share_plans(&r);
        if (rc == KY_OK) {
            rc = write_reports(&r, &e);
            ky_cli__print_errors(c, &e);
        }
        if (rc == KY_OK && c->verbosity > 0)
            print_table(&r);
        if (rc == KY_ECANCELED)
            fprintf(c->err, "kyodo: study interrupted; no report written\n");
        code = rc == KY_OK ? (row_of(&r, 0)->unassigned ? KY_EXIT_UNASSIGNED
                                                        : KY_EXIT_OK)
               : rc == KY_ECANCELED ? KY_EXIT_INTERRUPTED
                                    : ky_cli__exit_of(rc);
    }
    free(r.rec);
    free(r.done);
    ky_study_free(st);
    return code;
}
