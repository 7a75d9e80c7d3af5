/* kyodo write: plan.xml, stops.csv and summary.json, committed together.
 * Numbers go through ky_fmt_num (plain decimals, C locale), so equal
 * plans give equal bytes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "kyodo/afile.h"
#include "kyodo/milp.h"
#include "kyodo/write.h"

#define DEC 4 /* decimals of times, km and costs */

static const char *num(double x, char *buf)
{
    return ky_fmt_num(x, DEC, buf, 64);
}

static const char *stop_kind(const ky_problem *p, const ky_plan_route *r,
                             int32_t pos)
{
    if (pos == 0)
        return "start";
    if (pos == r->n + 1)
        return "end";
    int32_t u = r->nodes[pos - 1];
    if (ky_node_at_hub(p, u))
        return KY_NODE_IS_PICKUP(u) ? "load" : "unload";
    return KY_NODE_IS_PICKUP(u) ? "pickup" : "delivery";
}

static const char *stop_location(const ky_problem *p, const ky_plan_route *r,
                                 int32_t pos)
{
    const ky_scenario *s = p->scen;
    int32_t loc = pos == 0 ? p->start_loc[r->vehicle]
                  : pos == r->n + 1 ? p->end_loc[r->vehicle]
                                    : p->loc[r->nodes[pos - 1]];
    return s->locations[loc].id;
}

/* ---- plan.xml ----------------------------------------------------------- */

static void xml_attr(ky_afile *f, const char *name, const char *value)
{
    ky_afile_printf(f, " %s=\"", name);
    ky_afile_puts_xml(f, value);
    ky_afile_puts(f, "\"");
}

static void xml_num(ky_afile *f, const char *name, double x)
{
    char b[64];
    ky_afile_printf(f, " %s=\"%s\"", name, num(x, b));
}

static void xml_header(ky_afile *f, const ky_plan *plan,
                       const ky_write_meta *meta)
{
    const ky_scenario *s = plan->p->scen;
    ky_afile_puts(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<plan xmlns=\"urn:kyodo:plan:1\"");
    xml_attr(f, "scenario", s->name ? s->name : "");
    xml_attr(f, "input-sha256", meta->input_sha256);
    xml_attr(f, "kyodo-version", KY_VERSION);
    xml_attr(f, "glpk-version", ky_glpk_version());
    ky_afile_puts(f, ">\n  <solver");
    xml_attr(f, "method",
             ky_method_name(plan->method));
    xml_attr(f, "status", ky_status_name(plan->status));
    xml_attr(f, "objective", ky_objective_name(plan->objective));
    xml_num(f, "value", plan->objective_value);
    if (plan->has_bound) {
        xml_num(f, "bound", plan->bound);
        char b[64];
        ky_afile_printf(f, " gap=\"%s\"", ky_fmt_num(plan->gap, 6, b, 64));
        xml_attr(f, "bound-kind", ky_bound_kind_name(plan->bound_kind));
    }
    ky_afile_printf(f, " seed=\"%llu\" iterations=\"%lld\"/>\n",
                    (unsigned long long)plan->seed,
                    (long long)plan->iterations);
    const ky_totals *t = &plan->total;
    ky_afile_puts(f, "  <totals");
    xml_num(f, "cost", t->cost);
    xml_num(f, "route-cost", t->route_cost);
    xml_num(f, "penalty", t->penalty);
    xml_num(f, "km", t->km);
    xml_num(f, "driving-minutes", t->drive_min);
    xml_num(f, "working-minutes", t->work_min);
    xml_num(f, "co2-kg", t->co2_kg);
    ky_afile_printf(f, " vehicles=\"%d\" served=\"%d\" unassigned=\"%d\"/>\n",
                    (int)t->vehicles, (int)t->served, (int)t->unassigned);
}

static void xml_route(ky_afile *f, const ky_plan *plan,
                      const ky_plan_route *r)
{
    const ky_problem *p = plan->p;
    const ky_scenario *s = p->scen;
    ky_afile_puts(f, "  <route");
    xml_attr(f, "vehicle", s->vehicles[r->vehicle].id);
    xml_num(f, "cost", r->eval.cost);
    xml_num(f, "km", r->eval.km);
    xml_num(f, "driving-minutes", r->eval.drive_min);
    xml_num(f, "working-minutes", r->eval.work_min);
    xml_num(f, "co2-kg", r->eval.co2_kg);
    ky_afile_puts(f, ">\n");
    for (int32_t pos = 0; pos <= r->n + 1; pos++) {
        const ky_stop_time *t = &r->times[pos];
        ky_afile_printf(f, "    <stop seq=\"%d\"", (int)pos);
        xml_attr(f, "kind", stop_kind(p, r, pos));
        if (pos >= 1 && pos <= r->n) {
            int32_t q = KY_NODE_SHIPMENT(r->nodes[pos - 1]);
            const ky_shipment *sh = &s->shipments[p->group[q]];
            xml_attr(f, "shipment", sh->id);
            /* which of its alternative pickups, 1-based */
            if (sh->n_alt > 0)
                ky_afile_printf(f, " source=\"%d\"", (int)p->source[q] + 1);
            if (ky_node_at_hub(p, r->nodes[pos - 1]))
                xml_attr(f, "hub", s->depots[p->hub[q]].id);
        }
        xml_attr(f, "location", stop_location(p, r, pos));
        xml_num(f, "arrival", t->arrival);
        xml_num(f, "start", t->start);
        xml_num(f, "departure", t->departure);
        if (t->rest > 0.0)
            xml_num(f, "rest", t->rest);
        if (t->late > 0.0)
            xml_num(f, "late", t->late);
        ky_afile_puts(f, " load=\"");
        for (int d = 0; d < s->n_dims; d++)
            ky_afile_printf(f, "%s%lld", d ? " " : "", (long long)t->load[d]);
        ky_afile_puts(f, "\"/>\n");
    }
    ky_afile_puts(f, "  </route>\n");
}

static void write_xml(ky_afile *f, const ky_plan *plan,
                      const ky_write_meta *meta)
{
    xml_header(f, plan, meta);
    for (int32_t r = 0; r < plan->n_routes; r++)
        xml_route(f, plan, &plan->routes[r]);
    for (int32_t k = 0; k < plan->n_unassigned; k++) {
        ky_afile_puts(f, "  <unassigned");
        xml_attr(f, "id", plan->p->scen->shipments[plan->unassigned[k]].id);
        xml_attr(f, "reason", ky_reason_text(plan->reasons[k]));
        ky_afile_puts(f, "/>\n");
    }
    ky_afile_puts(f, "</plan>\n");
}

/* ---- stops.csv ----------------------------------------------------------- */

static void write_csv(ky_afile *f, const ky_plan *plan)
{
    const ky_scenario *s = plan->p->scen;
    char a[64], b[64], c[64];
    ky_afile_puts(f, "vehicle,seq,kind,shipment,location,arrival,start,"
                     "departure,load\n");
    for (int32_t r = 0; r < plan->n_routes; r++) {
        const ky_plan_route *pr = &plan->routes[r];
        for (int32_t pos = 0; pos <= pr->n + 1; pos++) {
            const ky_stop_time *t = &pr->times[pos];
            ky_afile_puts_csv(f, s->vehicles[pr->vehicle].id);
            ky_afile_printf(f, ",%d,%s,", (int)pos, stop_kind(plan->p, pr, pos));
            if (pos >= 1 && pos <= pr->n)
                ky_afile_puts_csv(
                    f, s->shipments[plan->p->group[KY_NODE_SHIPMENT(
                                        pr->nodes[pos - 1])]]
                           .id);
            ky_afile_puts(f, ",");
            ky_afile_puts_csv(f, stop_location(plan->p, pr, pos));
            ky_afile_printf(f, ",%s,%s,%s,%lld\n", num(t->arrival, a),
                            num(t->start, b), num(t->departure, c),
                            (long long)t->load[0]);
        }
    }
}

/* ---- summary.json -------------------------------------------------------- */

void ky_write_json_num(ky_afile *f, const char *key, double x, bool comma)
{
    char b[64];
    ky_afile_printf(f, "\"%s\": %s%s", key, num(x, b), comma ? ", " : "");
}

static void json_totals(ky_afile *f, const ky_totals *t)
{
    ky_write_json_num(f, "cost", t->cost, true);
    ky_write_json_num(f, "route_cost", t->route_cost, true);
    ky_write_json_num(f, "penalty", t->penalty, true);
    ky_write_json_num(f, "km", t->km, true);
    ky_write_json_num(f, "driving_hours", t->drive_min / 60.0, true);
    ky_write_json_num(f, "working_hours", t->work_min / 60.0, true);
    ky_write_json_num(f, "co2_kg", t->co2_kg, true);
    ky_afile_printf(f, "\"vehicles_used\": %d, \"served\": %d, "
                       "\"unassigned\": %d, \"transfers\": %d, ",
                    (int)t->vehicles, (int)t->served, (int)t->unassigned,
                    (int)t->transfers);
    ky_write_json_num(f, "late_minutes", t->late_min, false);
}

void ky_write_json_kpi(ky_afile *f, const ky_kpi *k)
{
    char b[64];
    ky_afile_puts(f, "{");
    ky_write_json_num(f, "cost", k->cost, true);
    ky_write_json_num(f, "route_cost", k->route_cost, true);
    ky_write_json_num(f, "penalty", k->penalty, true);
    ky_write_json_num(f, "vehicle_km", k->vehicle_km, true);
    ky_write_json_num(f, "driving_hours", k->drive_hours, true);
    ky_write_json_num(f, "working_hours", k->work_hours, true);
    ky_write_json_num(f, "co2_kg", k->co2_kg, true);
    ky_afile_printf(f, "\"load_factor\": %s, ",
                    ky_fmt_num(k->load_factor, 4, b, sizeof b));
    ky_afile_printf(f, "\"local_share\": %s, ",
                    ky_fmt_num(k->local_share, 4, b, sizeof b));
    ky_afile_printf(f, "\"vehicles\": %d, \"trips\": %d, \"served\": %d, "
                       "\"unassigned\": %d, \"emergency_vehicles\": %d}",
                    (int)k->vehicles, (int)k->trips, (int)k->served,
                    (int)k->unassigned, (int)k->emergency);
}

static void json_solver(ky_afile *f, const ky_plan *plan)
{
    char b[64];
    ky_afile_printf(f, "  \"solver\": {\"method\": \"%s\", \"status\": \"%s\", "
                       "\"objective_kind\": \"%s\", ",
                    ky_method_name(plan->method),
                    ky_status_name(plan->status),
                    ky_objective_name(plan->objective));
    ky_write_json_num(f, "objective", plan->objective_value, true);
    if (plan->has_bound) {
        ky_write_json_num(f, "best_bound", plan->bound, true);
        ky_afile_printf(f, "\"gap\": %s, \"bound_kind\": \"%s\", ",
                        ky_fmt_num(plan->gap, 6, b, 64),
                        ky_bound_kind_name(plan->bound_kind));
    } else {
        ky_afile_puts(f, "\"best_bound\": null, \"gap\": null, "
                         "\"bound_kind\": \"none\", ");
    }
    ky_afile_printf(f, "\"seed\": %llu, \"iterations\": %lld},\n",
                    (unsigned long long)plan->seed,
                    (long long)plan->iterations);
}

static void json_company(ky_afile *f, const ky_plan *plan, int32_t c,
                         bool comma)
{
    const ky_scenario *s = plan->p->scen;
    ky_totals t;
    ky_plan_company_totals(plan, c, &t);
    ky_afile_puts(f, "    {\"id\": ");
    if (c >= 0) {
        ky_afile_puts_json(f, s->companies[c].id);
        ky_afile_puts(f, ", \"name\": ");
        ky_afile_puts_json(f, s->companies[c].name ? s->companies[c].name
                                                   : s->companies[c].id);
    } else {
        ky_afile_puts(f, "null, \"name\": \"cluster pool\"");
    }
    ky_afile_puts(f, ", ");
    json_totals(f, &t);
    if (c >= 0) {
        ky_kpi k;
        ky_plan_kpi(plan, c, &k);
        ky_afile_puts(f, ", \"kpi\": ");
        ky_write_json_kpi(f, &k);
    }
    ky_afile_printf(f, "}%s\n", comma ? "," : "");
}

static void json_routes(ky_afile *f, const ky_plan *plan)
{
    const ky_scenario *s = plan->p->scen;
    char a[64], b[64];
    ky_afile_puts(f, "  \"routes\": [\n");
    for (int32_t r = 0; r < plan->n_routes; r++) {
        const ky_plan_route *pr = &plan->routes[r];
        ky_afile_puts(f, "    {\"vehicle\": ");
        ky_afile_puts_json(f, s->vehicles[pr->vehicle].id);
        ky_afile_printf(f, ", \"stops\": %d, \"start\": %s, \"end\": %s, ",
                        (int)pr->n, num(pr->eval.start_min, a),
                        num(pr->eval.end_min, b));
        ky_write_json_num(f, "cost", pr->eval.cost, true);
        ky_write_json_num(f, "km", pr->eval.km, true);
        ky_write_json_num(f, "co2_kg", pr->eval.co2_kg, false);
        ky_afile_printf(f, "}%s\n", r + 1 < plan->n_routes ? "," : "");
    }
    ky_afile_puts(f, "  ],\n");
}

static void json_unassigned(ky_afile *f, const ky_plan *plan)
{
    const ky_scenario *s = plan->p->scen;
    ky_afile_puts(f, "  \"unassigned\": [\n");
    for (int32_t k = 0; k < plan->n_unassigned; k++) {
        const ky_shipment *sh = &s->shipments[plan->unassigned[k]];
        ky_afile_puts(f, "    {\"shipment\": ");
        ky_afile_puts_json(f, sh->id);
        ky_afile_puts(f, ", \"company\": ");
        if (sh->company >= 0)
            ky_afile_puts_json(f, s->companies[sh->company].id);
        else
            ky_afile_puts(f, "null");
        ky_afile_printf(f, ", \"code\": \"%s\", \"reason\": ",
                        ky_reason_code(plan->reasons[k]));
        ky_afile_puts_json(f, ky_reason_text(plan->reasons[k]));
        ky_afile_printf(f, "}%s\n", k + 1 < plan->n_unassigned ? "," : "");
    }
    ky_afile_puts(f, "  ]\n");
}

static void write_json(ky_afile *f, const ky_plan *plan,
                       const ky_write_meta *meta)
{
    const ky_scenario *s = plan->p->scen;
    ky_afile_printf(f, "{\n  \"kyodo_version\": \"%s\",\n  \"glpk_version\": ",
                    KY_VERSION);
    ky_afile_puts_json(f, ky_glpk_version());
    ky_afile_puts(f, ",\n  \"input\": {\"file\": ");
    ky_afile_puts_json(f, meta->input_path ? meta->input_path : "");
    ky_afile_puts(f, ", \"sha256\": ");
    ky_afile_puts_json(f, meta->input_sha256);
    ky_afile_puts(f, ", \"scenario\": ");
    ky_afile_puts_json(f, s->name ? s->name : "");
    ky_afile_puts(f, ", \"date\": ");
    if (s->date)
        ky_afile_puts_json(f, s->date);
    else
        ky_afile_puts(f, "null");
    ky_afile_printf(f, ", \"shipments\": %d, \"vehicles\": %d},\n",
                    (int)s->n_shipments, (int)s->n_vehicles);
    json_solver(f, plan);
    ky_afile_puts(f, "  \"totals\": {");
    json_totals(f, &plan->total);
    ky_kpi all;
    ky_plan_kpi(plan, KY_KPI_ALL, &all);
    ky_afile_puts(f, "},\n  \"kpi\": ");
    ky_write_json_kpi(f, &all);
    ky_afile_puts(f, ",\n  \"companies\": [\n");
    bool pool = false;
    for (int32_t v = 0; v < s->n_vehicles; v++)
        pool |= s->vehicles[v].company < 0;
    for (int32_t c = 0; c < s->n_companies; c++)
        json_company(f, plan, c, c + 1 < s->n_companies || pool);
    if (pool)
        json_company(f, plan, -1, false);
    ky_afile_puts(f, "  ],\n");
    json_routes(f, plan);
    json_unassigned(f, plan);
    ky_afile_puts(f, "}\n");
}

/* ---- driver ----------------------------------------------------------------- */

static int ensure_dir(const char *dir, ky_error *err)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return KY_OK;
        return ky_error_add(err, KY_EIO, dir, 0, "not a folder");
    }
    if (mkdir(dir, 0777) != 0)
        return ky_error_add(err, KY_EIO, dir, 0, "cannot create folder: %s",
                            strerror(errno));
    return KY_OK;
}

int ky_write_plan(const ky_plan *plan, const char *dir,
                  const ky_write_meta *meta, const ky_ctx *ctx,
                  ky_error *err)
{
    static const char *names[3] = {"plan.xml", "stops.csv", "summary.json"};
    ky_afile *f[3] = {NULL, NULL, NULL};
    int rc = ensure_dir(dir, err);
    for (int k = 0; rc == KY_OK && k < 3; k++) {
        char path[4096];
        size_t len = strlen(dir);
        const char *sep = len && dir[len - 1] == '/' ? "" : "/";
        if (snprintf(path, sizeof path, "%s%s%s", dir, sep, names[k]) >=
            (int)sizeof path)
            rc = ky_error_add(err, KY_EIO, dir, 0, "path too long");
        else
            rc = ky_afile_open(&f[k], path, ctx, err);
    }
    if (rc == KY_OK) {
        write_xml(f[0], plan, meta);
        write_csv(f[1], plan);
        write_json(f[2], plan, meta);
    }
    for (int k = 0; rc == KY_OK && k < 3; k++) {
        rc = ky_afile_finish(f[k], err);
        if (rc != KY_OK)
            f[k] = NULL; /* finish freed it */
    }
    for (int k = 0; k < 3; k++) {
        if (rc == KY_OK)
            rc = ky_afile_publish(f[k], err);
        else
            ky_afile_abort(f[k]);
        f[k] = NULL;
    }
    return rc;
}
