/* kyodo cli: parses the command line, calls the library, prints results
 * and maps every outcome to one exit code (see cli.h). The only code of
 * kyodo that prints. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_int.h"

static const char usage_text[] =
    "usage: kyodo COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  plan SCENARIO -o DIR     plan the day; writes DIR/plan.xml, stops.csv,\n"
    "                           summary.json\n"
    "      --time-limit S       seconds for the solver (default 30)\n"
    "      --seed N             random seed (default 1)\n"
    "      --iterations N       search iterations (default: by size)\n"
    "      --objective K        cost (default) | distance | vehicles,distance\n"
    "      --exact | --heuristic  force the method (default: by size)\n"
    "      --compact            the compact MILP instead (for cross-checks)\n"
    "      --no-transfers       no cross-dock transfers, whatever the\n"
    "                           scenario allows (to see what they save)\n"
    "      --disable LIST       switch off search components, for experiments:\n"
    "                           strings,related,random,route,annealing,fleet,\n"
    "                           granular,sorts,setpart,bound\n"
    "  compare SCENARIO -o DIR  joint plan vs each company alone, and a fair\n"
    "                           split of the joint cost; writes\n"
    "                           DIR/compare.json, compare.csv,\n"
    "                           coalitions.csv, joint/ and alone/<company>/\n"
    "      --time-limit S       seconds for everything (default 300)\n"
    "      --jobs N             coalitions planned in parallel (default:\n"
    "                           one per core)\n"
    "      --shapley K          exact (default up to 10 companies) | sampled\n"
    "      --samples N          orders for sampled Shapley (default 200)\n"
    "      --seed N, --iterations N, --exact | --heuristic,\n"
    "      --no-transfers       as for plan\n"
    "  study STUDY -o DIR       business-continuity variants side by side;\n"
    "                           writes DIR/study.csv, study.json and a plan\n"
    "                           folder per variant (DIR/base/, DIR/<id>/)\n"
    "      --time-limit S       cap on each plan (default 30)\n"
    "      --iterations N       search per plan (default: 4 x plan's);\n"
    "                           the report is the same on every run\n"
    "      --exact              exact method, proofs and bounds instead\n"
    "      --jobs N             plans in parallel (default: one per core)\n"
    "      --seed N             as for plan\n"
    "  validate FILE...         check scenario files and list every error\n"
    "  check SCENARIO DIR       re-verify a written plan independently\n"
    "  export-model SCENARIO [--lp F] [--mps F] [--gmpl-data F]\n"
    "                           write the compact MILP (for glpsol and\n"
    "                           models/pdptw.mod); --objective as for plan\n"
    "  import --from solomon|lilim FILE -o SCENARIO\n"
    "                           convert a public benchmark file\n"
    "  help                     this text\n"
    "\n"
    "options for every command:\n"
    "  -v, -vv                  progress (and solver detail) on stderr\n"
    "  -q                       errors only\n"
    "  --log FILE               write the log to FILE instead of stderr\n"
    "  --version                print the version\n"
    "\n"
    "exit codes:\n"
    "  0  done: plan written with every shipment assigned / files valid\n"
    "  2  bad command line\n"
    "  3  invalid input file (every problem listed as file:line: message)\n"
    "  4  plan written, but some shipments are unassigned\n"
    "  5  check found violations\n"
    "  6  a file could not be read or written\n"
    "  7  out of memory or internal error\n"
    "  130  interrupted: the best plan so far was written\n";


static void log_to_stream(void *ud, int level, const char *msg)
{
    cli *c = ud;
    static const char *names[4] = {"error", "warning", "info", "debug"};
    FILE *f = c->log_file ? c->log_file : c->err;
    fprintf(f, "kyodo: %s: %s\n", names[level < 0 || level > 3 ? 3 : level],
            msg);
    fflush(f);
}

int ky_cli__usage(cli *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(c->err, "kyodo: ");
    vfprintf(c->err, fmt, ap);
    fprintf(c->err, "\nrun 'kyodo help' for usage\n");
    va_end(ap);
    return KY_EXIT_USAGE;
}

void ky_cli__print_errors(cli *c, const ky_error *e)
{
    char buf[KY_ERROR_FILE_LEN + KY_ERROR_MSG_LEN + 32];
    for (int i = 0; i < e->n; i++)
        fprintf(c->err, "%s\n", ky_error_format(e, i, buf, sizeof buf));
    if (e->n_dropped)
        fprintf(c->err, "... and %d more\n", e->n_dropped);
}

int ky_cli__exit_of(int rc)
{
    switch (rc) {
    case KY_OK: return KY_EXIT_OK;
    case KY_EINPUT:
    case KY_ELIMIT: return KY_EXIT_INPUT;
    case KY_EIO: return KY_EXIT_IO;
    default: return KY_EXIT_INTERNAL;
    }
}

/* ---- option parsing ---------------------------------------------------- */

static bool parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (errno || end == s || *end != '\0' || x != x)
        return false;
    *out = x;
    return true;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (*s == '-')
        return false;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || end == s || *end != '\0')
        return false;
    *out = x;
    return true;
}

/* Options that take a value; returns 1 if consumed, -1 on error. */
static int parse_valued(cli *c, const char *opt, const char *val)
{
    double x;
    uint64_t u;
    if (strcmp(opt, "-o") == 0 || strcmp(opt, "--output") == 0)
        c->output = val;
    else if (strcmp(opt, "--from") == 0)
        c->from = val;
    else if (strcmp(opt, "--lp") == 0)
        c->lp = val;
    else if (strcmp(opt, "--mps") == 0)
        c->mps = val;
    else if (strcmp(opt, "--gmpl-data") == 0)
        c->gmpl = val;
    else if (strcmp(opt, "--time-limit") == 0) {
        if (!parse_number(val, &x) || x <= 0 || x > 1e7)
            return ky_cli__usage(c, "--time-limit needs a positive number of "
                                  "seconds, not '%s'", val), -1;
        c->solve.time_limit_s = x;
        c->time_given = true;
    } else if (strcmp(opt, "--seed") == 0) {
        if (!parse_u64(val, &u))
            return ky_cli__usage(c, "--seed needs a non-negative integer, "
                                  "not '%s'", val), -1;
        c->solve.seed = u;
    } else if (strcmp(opt, "--iterations") == 0) {
        if (!parse_u64(val, &u) || u > (uint64_t)INT64_MAX)
            return ky_cli__usage(c, "--iterations needs a non-negative "
                                  "integer, not '%s'", val), -1;
        c->solve.iterations = (int64_t)u;
    } else if (strcmp(opt, "--objective") == 0) {
        int o = ky_objective_parse(val);
        if (o < 0)
            return ky_cli__usage(c, "--objective is cost, distance or "
                                  "vehicles,distance, not '%s'", val), -1;
        c->objective = (ky_objective)o;
    } else if (strcmp(opt, "--disable") == 0) {
        if (!ky_solve_parse_disable(val, &c->solve.disable))
            return ky_cli__usage(c, "--disable takes a comma-separated list of "
                                  "strings, related, random, route, "
                                  "annealing, fleet, granular, sorts, "
                                  "setpart, bound; not '%s'", val), -1;
    } else if (strcmp(opt, "--jobs") == 0) {
        if (!parse_u64(val, &u) || u < 1 || u > 64)
            return ky_cli__usage(c, "--jobs needs a number from 1 to 64, not "
                                  "'%s'", val), -1;
        c->jobs = (int)u;
    } else if (strcmp(opt, "--samples") == 0) {
        if (!parse_u64(val, &u) || u < 2 || u > 1000000)
            return ky_cli__usage(c, "--samples needs a number from 2 to "
                                  "1000000, not '%s'", val), -1;
        c->samples = (int64_t)u;
    } else if (strcmp(opt, "--shapley") == 0) {
        if (strcmp(val, "exact") == 0)
            c->shapley = 1;
        else if (strcmp(val, "sampled") == 0)
            c->shapley = 2;
        else
            return ky_cli__usage(c, "--shapley is exact or sampled, not '%s'",
                               val), -1;
    } else if (strcmp(opt, "--log") == 0) {
        c->log_file = fopen(val, "a");
        if (c->log_file == NULL) {
            fprintf(c->err, "kyodo: %s: cannot open log: %s\n", val,
                    strerror(errno));
            return -2;
        }
    } else {
        return 0;
    }
    return 1;
}

static bool takes_value(const char *opt)
{
    static const char *valued[] = {"-o", "--output", "--from", "--lp",
                                   "--mps", "--gmpl-data", "--time-limit",
                                   "--seed", "--iterations", "--objective",
                                   "--log", "--disable", "--jobs",
                                   "--samples", "--shapley", NULL};
    for (int i = 0; valued[i]; i++)
        if (strcmp(opt, valued[i]) == 0)
            return true;
    return false;
}

/* Parses argv[2..]; returns -1 (usage error printed) or an exit code
 * other than KY_EXIT_OK to stop, 0 to go on. */
static int parse_args(cli *c, int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-v") == 0)
            c->verbosity = 2;
        else if (strcmp(a, "-vv") == 0)
            c->verbosity = 3;
        else if (strcmp(a, "-q") == 0)
            c->verbosity = 0;
        else if (strcmp(a, "--exact") == 0)
            c->solve.method = KY_METHOD_EXACT;
        else if (strcmp(a, "--heuristic") == 0)
            c->solve.method = KY_METHOD_HEURISTIC;
        else if (strcmp(a, "--compact") == 0)
            c->solve.method = KY_METHOD_COMPACT;
        else if (strcmp(a, "--no-transfers") == 0)
            c->no_transfers = true;
        else if (takes_value(a)) {
            if (i + 1 >= argc)
                return ky_cli__usage(c, "%s needs a value", a);
            int r = parse_valued(c, a, argv[++i]);
            if (r == -2)
                return KY_EXIT_IO;
            if (r < 0)
                return KY_EXIT_USAGE;
        } else if (a[0] == '-' && a[1] != '\0') {
            return ky_cli__usage(c, "unknown option '%s'", a);
        } else if (c->n_args < (int)(sizeof c->args / sizeof c->args[0])) {
            c->args[c->n_args++] = a;
        } else {
            return ky_cli__usage(c, "too many arguments");
        }
    }
    static const int levels[4] = {KY_LOG_ERROR, KY_LOG_WARN, KY_LOG_INFO,
                                  KY_LOG_DEBUG};
    c->ctx.log_level = levels[c->verbosity];
    return 0;
}

/* ---- shared steps ------------------------------------------------------- */

int ky_cli__load_scenario(cli *c, const char *path, unsigned flags,
                          ky_scenario **out)
{
    ky_error e;
    ky_error_init(&e);
    int rc = ky_load_file_with(out, path, flags, &c->ctx, &e);
    if (rc == KY_OK && c->no_transfers)
        (*out)->settings.transfers = false;
    ky_cli__print_errors(c, &e);
    if (rc != KY_OK && e.n == 0)
        fprintf(c->err, "%s: %s\n", path, ky_strerror(rc));
    return rc;
}

int ky_cli__publish(ky_afile **f, int n, int rc, ky_error *e)
{
    for (int k = 0; k < n && rc == KY_OK; k++) {
        rc = ky_afile_finish(f[k], e);
        if (rc != KY_OK)
            f[k] = NULL; /* freed by finish */
    }
    for (int k = 0; k < n; k++) {
        if (rc == KY_OK)
            rc = ky_afile_publish(f[k], e);
        else if (f[k])
            ky_afile_abort(f[k]);
        f[k] = NULL;
    }
    return rc;
}

int ky_cli__remove_reports(cli *c, const char *dir,
                           const char *const *names, int n)
{
    char path[4200];
    for (int k = 0; k < n; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        if (unlink(path) != 0 && errno != ENOENT) {
            fprintf(c->err, "%s: cannot remove: %s\n", path,
                    strerror(errno));
            return KY_EXIT_IO;
        }
    }
    return KY_EXIT_OK;
}

typedef struct model {
    ky_scenario *s;
    ky_matrix *m;
    ky_problem *p;
} model;

static void model_free(model *md)
{
    ky_problem_free(md->p);
    ky_matrix_free(md->m);
    ky_scenario_free(md->s);
}

static int model_open(cli *c, const char *path, model *md)
{
    memset(md, 0, sizeof *md);
    int rc = ky_cli__load_scenario(c, path, 0, &md->s);
    if (rc != KY_OK)
        return rc;
    rc = ky_matrix_new(&md->m, md->s, &c->ctx);
    if (rc != KY_OK) {
        fprintf(c->err, "%s: cannot build the distance matrix: %s\n", path,
                ky_strerror(rc));
        return rc;
    }
    ky_error e;
    ky_error_init(&e);
    rc = ky_problem_new(&md->p, md->s, md->m, &c->ctx, &e);
    ky_cli__print_errors(c, &e);
    if (rc == KY_OK)
        ky_problem_set_objective(md->p, c->objective);
    return rc;
}

/* ---- plan ------------------------------------------------------------------ */

static void print_summary(cli *c, const ky_plan *plan,
                          const ky_solve_result *res, const char *dir)
{
    const ky_scenario *s = plan->p->scen;
    const ky_totals *t = &plan->total;
    char a[64], b[64];
    fprintf(c->out, "kyodo %s: %s%s%s%s: %d shipments, %d vehicles\n",
            KY_VERSION, s->name ? s->name : "scenario", s->date ? " (" : "",
            s->date ? s->date : "", s->date ? ")" : "", (int)s->n_shipments,
            (int)s->n_vehicles);
    fprintf(c->out, "solver: %s, %s, objective %s = %s",
            ky_method_name(plan->method),
            ky_status_name(plan->status), ky_objective_name(plan->objective),
            ky_fmt_num(plan->objective_value, 2, a, sizeof a));
    if (plan->has_bound)
        fprintf(c->out, ", bound %s (%s), gap %s%%",
                ky_fmt_num(plan->bound, 2, b, sizeof b),
                ky_bound_kind_name(plan->bound_kind),
                ky_fmt_num(plan->gap * 100.0, 2, a, sizeof a));
    fprintf(c->out, " (seed %llu, %lld iterations, %.1f s)\n",
            (unsigned long long)plan->seed, (long long)plan->iterations,
            res->seconds);
    fprintf(c->out, "served %d of %d shipments with %d vehicles",
            (int)t->served, (int)s->n_shipments, (int)t->vehicles);
    if (t->transfers > 0)
        fprintf(c->out, "; %d changed vehicle at a cross-dock",
                (int)t->transfers);
    fprintf(c->out, "\n");
    fprintf(c->out, "cost %s  km %s  driving %s h  working %s h  CO2 %s kg\n",
            ky_fmt_num(t->route_cost, 0, a, sizeof a),
            ky_fmt_num(t->km, 1, b, sizeof b),
            ky_fmt_num(t->drive_min / 60.0, 1, (char[64]){0}, 64),
            ky_fmt_num(t->work_min / 60.0, 1, (char[64]){0}, 64),
            ky_fmt_num(t->co2_kg, 1, (char[64]){0}, 64));
    ky_kpi kpi;
    ky_plan_kpi(plan, KY_KPI_ALL, &kpi);
    fprintf(c->out, "on the road: %d trips, %s vehicle-km, load factor %s\n",
            (int)kpi.trips, ky_fmt_num(kpi.vehicle_km, 1, a, sizeof a),
            ky_fmt_num(kpi.load_factor, 2, b, sizeof b));
    bool any_local = false;
    for (int32_t l = 0; l < s->n_locations; l++)
        any_local |= s->locations[l].local;
    if (any_local && s->n_dims > 0)
        fprintf(c->out, "local sourcing: %s %% of the %s picked up at "
                        "suppliers\n",
                ky_fmt_num(100.0 * kpi.local_share, 1, a, sizeof a),
                s->dim_ids[0]);
    if (kpi.emergency > 0)
        fprintf(c->out, "emergency partners called in: %d\n",
                (int)kpi.emergency);
    for (int32_t k = 0; k < plan->n_unassigned; k++)
        fprintf(c->out, "unassigned %s: %s\n",
                s->shipments[plan->unassigned[k]].id,
                ky_reason_text(plan->reasons[k]));
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        fprintf(c->out, "resources: %.2f s solving, %.1f MB peak memory\n",
                res->seconds, (double)ru.ru_maxrss / 1024.0);
    fprintf(c->out, "wrote %.*s/plan.xml, %.*s/stops.csv, %.*s/summary.json\n",
            (int)n, dir, (int)n, dir, (int)n, dir);
}

static int solve_and_write(cli *c, model *md, const char *path,
                           const char *sha)
{
    ky_solve_result *res = NULL;
    ky_plan *plan = NULL;
    int rc = ky_solve(&res, md->p, &c->solve, &c->ctx);
    if (rc == KY_OK)
        rc = ky_plan_new(&plan, md->p, res, c->objective, c->solve.seed,
                         &c->ctx);
    if (rc != KY_OK) {
        fprintf(c->err, "kyodo: solving failed: %s\n", ky_strerror(rc));
        ky_solve_result_free(res);
        return KY_EXIT_INTERNAL;
    }
    ky_write_meta meta = {path, sha};
    ky_error e;
    ky_error_init(&e);
    rc = ky_write_plan(plan, c->output, &meta, &c->ctx, &e);
    ky_cli__print_errors(c, &e);
    int code = ky_cli__exit_of(rc);
    if (rc == KY_OK) {
        if (c->verbosity > 0)
            print_summary(c, plan, res, c->output);
        code = plan->n_unassigned ? KY_EXIT_UNASSIGNED : KY_EXIT_OK;
        if (ky_ctx_cancelled(&c->ctx))
            code = KY_EXIT_INTERRUPTED;
    }
    ky_plan_free(plan);
    ky_solve_result_free(res);
    return code;
}

/* Refuses early, before any solving, an output that cannot be a folder. */
int ky_cli__check_output(cli *c)
{
    struct stat st;
    if (stat(c->output, &st) == 0 && !S_ISDIR(st.st_mode)) {
        fprintf(c->err, "%s: exists and is not a folder\n", c->output);
        return KY_EXIT_IO;
    }
    return KY_EXIT_OK;
}

static int cmd_plan(cli *c)
{
    if (c->n_args != 1)
        return ky_cli__usage(c, "plan takes one scenario file");
    if (c->output == NULL)
        return ky_cli__usage(c, "plan needs -o DIR");
    int code = ky_cli__check_output(c);
    if (code != KY_EXIT_OK)
        return code;
    const char *path = c->args[0];
    model md;
    int rc = model_open(c, path, &md);
    char sha[65];
    if (rc == KY_OK && ky_sha256_file(path, sha) != KY_OK) {
        fprintf(c->err, "%s: cannot read: %s\n", path, strerror(errno));
        rc = KY_EIO;
    }
    code = rc == KY_OK ? solve_and_write(c, &md, path, sha) : ky_cli__exit_of(rc);
    model_free(&md);
    return code;
}

/* ---- validate, check ----------------------------------------------------- */

static int cmd_validate(cli *c)
{
    if (c->n_args < 1)
        return ky_cli__usage(c, "validate needs at least one file");
    int code = KY_EXIT_OK;
    for (int i = 0; i < c->n_args; i++) {
        ky_scenario *s = NULL;
        int rc = ky_cli__load_scenario(c, c->args[i], 0, &s);
        if (rc == KY_OK && c->verbosity > 0)
            fprintf(c->out, "%s: valid: %d shipments, %d vehicles, %d "
                            "depots, %d locations\n",
                    c->args[i], (int)s->n_shipments, (int)s->n_vehicles,
                    (int)s->n_depots, (int)s->n_locations);
        ky_scenario_free(s);
        int e = ky_cli__exit_of(rc);
        if (e != KY_EXIT_OK && (code == KY_EXIT_OK || e > code))
            code = e;
    }
    return code;
}

static int cmd_check(cli *c)
{
    if (c->n_args != 2)
        return ky_cli__usage(c, "check takes a scenario file and a plan folder");
    model md;
    memset(&md, 0, sizeof md);
    /* A plan lists what the fleet cannot serve as unassigned: checking
     * it needs no fleet able to serve everything (a study's variants). */
    int rc = ky_cli__load_scenario(c, c->args[0], KY_LOAD_ANY_FLEET, &md.s);
    if (rc == KY_OK)
        rc = ky_matrix_new(&md.m, md.s, &c->ctx);
    if (rc != KY_OK) {
        model_free(&md);
        return ky_cli__exit_of(rc);
    }
    ky_error e;
    ky_error_init(&e);
    ky_check_report rep;
    rc = ky_check_plan_dir(&rep, md.s, md.m, c->args[1], &c->ctx, &e);
    ky_cli__print_errors(c, &e);
    int code;
    if (rc == KY_EINPUT) {
        fprintf(c->err, "check: %s/plan.xml is not a valid plan\n",
                c->args[1]);
        code = KY_EXIT_VIOLATIONS;
    } else if (rc != KY_OK) {
        code = ky_cli__exit_of(rc);
    } else if (rep.violations) {
        fprintf(c->err, "check: %d violations\n", (int)rep.violations);
        code = KY_EXIT_VIOLATIONS;
    } else {
        if (c->verbosity > 0)
            fprintf(c->out, "check: OK: %d routes, %d stops, %d shipments "
                            "served, %d unassigned\n",
                    (int)rep.routes, (int)rep.stops, (int)rep.served,
                    (int)rep.unassigned);
        code = KY_EXIT_OK;
    }
    model_free(&md);
    return code;
}

/* ---- export-model, import ---------------------------------------------------- */

static int cmd_export(cli *c)
{
    if (c->n_args != 1)
        return ky_cli__usage(c, "export-model takes one scenario file");
    if (!c->lp && !c->mps && !c->gmpl)
        return ky_cli__usage(c, "export-model needs --lp, --mps or --gmpl-data");
    model md;
    int rc = model_open(c, c->args[0], &md);
    ky_error e;
    ky_error_init(&e);
    if (rc == KY_OK && c->lp)
        rc = ky_compact_write(md.p, KY_MODEL_LP, c->lp, &c->ctx, &e);
    if (rc == KY_OK && c->mps)
        rc = ky_compact_write(md.p, KY_MODEL_MPS, c->mps, &c->ctx, &e);
    if (rc == KY_OK && c->gmpl)
        rc = ky_compact_write_gmpl_data(md.p, c->gmpl, &c->ctx, &e);
    ky_cli__print_errors(c, &e);
    model_free(&md);
    return ky_cli__exit_of(rc);
}

static int cmd_import(cli *c)
{
    if (c->n_args != 1 || c->from == NULL || c->output == NULL)
        return ky_cli__usage(c, "usage: kyodo import --from solomon|lilim FILE "
                              "-o SCENARIO");
    int fmt = ky_import_format_parse(c->from);
    if (fmt < 0)
        return ky_cli__usage(c, "--from is solomon or lilim, not '%s'", c->from);
    ky_scenario *s = NULL;
    ky_error e;
    ky_error_init(&e);
    int rc = ky_import_file(&s, (ky_import_format)fmt, c->args[0], &c->ctx, &e);
    if (rc == KY_OK)
        rc = ky_scenario_save(s, c->output, &c->ctx, &e);
    ky_cli__print_errors(c, &e);
    if (rc == KY_OK && c->verbosity > 0)
        fprintf(c->out, "wrote %s: %d shipments, %d vehicles\n", c->output,
                (int)s->n_shipments, (int)s->n_vehicles);
    ky_scenario_free(s);
    return ky_cli__exit_of(rc);
}

int ky_cli_main(int argc, char **argv, FILE *out, FILE *err,
                volatile int *cancel)
{
    cli c;
    memset(&c, 0, sizeof c);
    c.out = out;
    c.err = err;
    c.verbosity = 1;
    ky_ctx_init(&c.ctx);
    c.ctx.log = log_to_stream;
    c.ctx.log_ud = &c;
    c.ctx.cancel = cancel;
    ky_solve_options_init(&c.solve);
    c.objective = KY_OBJ_COST;
    if (argc < 2)
        return ky_cli__usage(&c, "no command given");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        fprintf(out, "kyodo %s (GLPK %s)\n", KY_VERSION, ky_glpk_version());
        return KY_EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
        strcmp(cmd, "-h") == 0) {
        fputs(usage_text, out);
        return KY_EXIT_OK;
    }
    int code = parse_args(&c, argc, argv);
    if (code == 0) {
        if (strcmp(cmd, "plan") == 0)
            code = cmd_plan(&c);
        else if (strcmp(cmd, "compare") == 0)
            code = ky_cli__compare(&c);
        else if (strcmp(cmd, "study") == 0)
            code = ky_cli__study(&c);
        else if (strcmp(cmd, "validate") == 0)
            code = cmd_validate(&c);
        else if (strcmp(cmd, "check") == 0)
            code = cmd_check(&c);
        else if (strcmp(cmd, "export-model") == 0)
            code = cmd_export(&c);
        else if (strcmp(cmd, "import") == 0)
            code = cmd_import(&c);
        else
            code = ky_cli__usage(&c, "unknown command '%s'", cmd);
    }
    if (c.log_file)
        fclose(c.log_file);
    return code;
}
