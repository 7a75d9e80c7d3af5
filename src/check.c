/* kyodo check: re-derives a written plan from the scenario alone.
 *
 * Deliberately independent of the solver side: it never calls the route
 * module. It reads the reported schedule and verifies it step by step
 * (each arrival is the previous departure plus the travel time, service
 * starts inside a window, loads follow the stops and fit, the day fits
 * the shift and the depots' hours), recomputes distances, costs and
 * totals, checks coverage and pairing, and compares stops.csv with
 * plan.xml line by line. Every finding names the file and line.
 *
 * Cross-dock transfers: a shipment may instead be picked up and unloaded
 * at a hub by one vehicle, then loaded there and delivered by another.
 * The hub must be a cross-dock at the stop's location, open for both
 * services, the shipment allowed to transfer; the load starts no earlier
 * than the unload's departure plus the hub's handling minutes, and no
 * more unloads and loads overlap at a hub than it has docks. An unload
 * takes as long as the delivery's service, a load as the pickup's. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "kyodo/check.h"
#include "kyodo/load.h"

#define TOL_T 1e-3 /* minutes; files carry 4 decimals */
#define TOL_KM 1e-3

enum { K_START, K_PICKUP, K_DELIVERY, K_END, K_UNLOAD, K_LOAD, K_KINDS };

/* Stop kinds as plan.xml and stops.csv spell them, by K_ value. */
static const char *const kind_names[K_KINDS] = {
    "start", "pickup", "delivery", "end", "unload", "load"};

typedef struct cstop {
    int line, seq, kind;
    int32_t ship, loc;
    int32_t src; /* the pickup used (0-based), as the plan says */
    bool has_hub; /* the stop has a hub attribute */
    int32_t hub;  /* the depot it names, -1 if none or unknown */
    double arrival, start, departure;
    double rest; /* the driver's rest on the way here, as the plan says */
    double late; /* minutes late at a soft window, as the plan says */
    int64_t load[KY_MAX_DIMS];
    int n_load;
} cstop;

typedef struct croute {
    int line;
    int32_t vehicle;
    double cost, km, drive, work, co2;
    int32_t n; /* stops including start and end */
    cstop *stop;
} croute;

typedef struct checker {
    double late_rate; /* late_cost summed over the plan's late stops */
    const ky_scenario *s;
    const ky_matrix *m;
    const ky_ctx *ctx;
    ky_error *err;
    ky_check_report *rep;
    char xml_path[4096], csv_path[4096];
    croute *route;
    int32_t n_routes;
    int32_t *unassigned_line; /* per shipment: line listed, 0 if not */
    /* reported totals and solver fields */
    double t_cost, t_route_cost, t_penalty, t_km, t_drive, t_work, t_co2;
    long t_vehicles, t_served, t_unassigned;
    char status[32], objective[32];
    double value, bound, gap;
    bool has_bound;
} checker;

static void viol(checker *ck, const char *file, int line, const char *fmt,
                 ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void viol(checker *ck, const char *file, int line, const char *fmt,
                 ...)
{
    va_list ap;
    va_start(ap, fmt);
    ky_error_addv(ck->err, KY_EINPUT, file, line, fmt, ap);
    va_end(ap);
    ck->rep->violations++;
}

static bool near(double a, double b, double tol)
{
    return fabs(a - b) <= tol * (1.0 + fabs(b) * 1e-6);
}

/* ---- reading plan.xml ----------------------------------------------------- */

static char *prop(xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static double prop_num(xmlNode *n, const char *name)
{
    char *v = prop(n, name);
    double x = v ? strtod(v, NULL) : 0.0;
    xmlFree(v);
    return x;
}

static bool is_elem(xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

/* Resolves an id attribute through find(); -1 and a violation if absent
 * or unknown. */
static int32_t prop_ref(checker *ck, xmlNode *n, const char *attr,
                        const char *what,
                        int32_t (*find)(const ky_scenario *, const char *))
{
    char *v = prop(n, attr);
    int32_t k = v ? find(ck->s, v) : -1;
    if (v && k < 0)
        viol(ck, ck->xml_path, xmlGetLineNo(n), "unknown %s '%s'", what, v);
    xmlFree(v);
    return k;
}

static void read_loads(checker *ck, xmlNode *n, cstop *st)
{
    char *v = prop(n, "load"), *p = v, *end;
    st->n_load = 0;
    while (p && *p && st->n_load < KY_MAX_DIMS) {
        long long x = strtoll(p, &end, 10);
        if (end == p)
            break;
        st->load[st->n_load++] = x;
        p = end;
    }
    if (st->n_load != ck->s->n_dims)
        viol(ck, ck->xml_path, st->line,
             "stop %d: load lists %d numbers, the scenario has %d dimensions",
             st->seq, st->n_load, ck->s->n_dims);
    xmlFree(v);
}

static void read_stop(checker *ck, xmlNode *n, cstop *st)
{
    memset(st, 0, sizeof *st);
    st->line = xmlGetLineNo(n);
    st->seq = (int)prop_num(n, "seq");
    char *k = prop(n, "kind");
    for (int i = 0; i < K_KINDS; i++)
        if (k && strcmp(k, kind_names[i]) == 0)
            st->kind = i;
    xmlFree(k);
    st->ship = prop_ref(ck, n, "shipment", "shipment",
                        ky_scenario_find_shipment);
    char *src = prop(n, "source");
    st->src = src ? (int32_t)prop_num(n, "source") - 1 : 0;
    xmlFree(src);
    if (st->ship >= 0 &&
        (st->src < 0 ||
         st->src >= ky_shipment_n_sources(&ck->s->shipments[st->ship]))) {
        viol(ck, ck->xml_path, st->line, "shipment '%s': source %d, but it "
             "has %d pickups", ck->s->shipments[st->ship].id,
             (int)st->src + 1,
             (int)ky_shipment_n_sources(&ck->s->shipments[st->ship]));
        st->src = 0;
    }
    char *hub = prop(n, "hub");
    st->has_hub = hub != NULL;
    xmlFree(hub);
    st->hub = prop_ref(ck, n, "hub", "depot", ky_scenario_find_depot);
    st->loc = prop_ref(ck, n, "location", "location",
                       ky_scenario_find_location);
    st->arrival = prop_num(n, "arrival");
    st->start = prop_num(n, "start");
    st->departure = prop_num(n, "departure");
    char *rest = prop(n, "rest");
    st->rest = rest ? prop_num(n, "rest") : 0.0;
    xmlFree(rest);
    char *late = prop(n, "late");
    st->late = late ? prop_num(n, "late") : 0.0;
    xmlFree(late);
    read_loads(ck, n, st);
}

static int read_route(checker *ck, xmlNode *n, croute *r)
{
    memset(r, 0, sizeof *r);
    r->line = xmlGetLineNo(n);
    r->vehicle = prop_ref(ck, n, "vehicle", "vehicle",
                          ky_scenario_find_vehicle);
    r->cost = prop_num(n, "cost");
    r->km = prop_num(n, "km");
    r->drive = prop_num(n, "driving-minutes");
    r->work = prop_num(n, "working-minutes");
    r->co2 = prop_num(n, "co2-kg");
    for (xmlNode *c = n->children; c; c = c->next)
        r->n += is_elem(c, "stop");
    r->stop = ky_calloc(ck->ctx, (size_t)r->n + 1, sizeof *r->stop);
    if (r->stop == NULL)
        return KY_ENOMEM;
    int32_t k = 0;
    for (xmlNode *c = n->children; c; c = c->next)
        if (is_elem(c, "stop"))
            read_stop(ck, c, &r->stop[k++]);
    return KY_OK;
}

static void read_head(checker *ck, xmlNode *n)
{
    if (is_elem(n, "solver")) {
        char *st = prop(n, "status"), *ob = prop(n, "objective");
        snprintf(ck->status, sizeof ck->status, "%s", st ? st : "");
        snprintf(ck->objective, sizeof ck->objective, "%s", ob ? ob : "");
        xmlFree(st);
        xmlFree(ob);
        ck->value = prop_num(n, "value");
        char *b = prop(n, "bound");
        ck->has_bound = b != NULL;
        xmlFree(b);
        ck->bound = prop_num(n, "bound");
        ck->gap = prop_num(n, "gap");
    } else if (is_elem(n, "totals")) {
        ck->t_cost = prop_num(n, "cost");
        ck->t_route_cost = prop_num(n, "route-cost");
        ck->t_penalty = prop_num(n, "penalty");
        ck->t_km = prop_num(n, "km");
        ck->t_drive = prop_num(n, "driving-minutes");
        ck->t_work = prop_num(n, "working-minutes");
        ck->t_co2 = prop_num(n, "co2-kg");
        ck->t_vehicles = (long)prop_num(n, "vehicles");
        ck->t_served = (long)prop_num(n, "served");
        ck->t_unassigned = (long)prop_num(n, "unassigned");
    }
}

static int read_plan(checker *ck, xmlNode *root)
{
    for (xmlNode *c = root->children; c; c = c->next)
        ck->n_routes += is_elem(c, "route");
    ck->route = ky_calloc(ck->ctx, (size_t)ck->n_routes + 1, sizeof *ck->route);
    ck->unassigned_line = ky_calloc(ck->ctx, (size_t)ck->s->n_shipments + 1,
                                    sizeof(int));
    if (ck->route == NULL || ck->unassigned_line == NULL)
        return KY_ENOMEM;
    int32_t r = 0;
    for (xmlNode *c = root->children; c; c = c->next) {
        read_head(ck, c);
        if (is_elem(c, "route") && read_route(ck, c, &ck->route[r++]) != KY_OK)
            return KY_ENOMEM;
        if (is_elem(c, "unassigned")) {
            int32_t s = prop_ref(ck, c, "id", "shipment",
                                 ky_scenario_find_shipment);
            if (s >= 0 && ck->unassigned_line[s])
                viol(ck, ck->xml_path, xmlGetLineNo(c),
                     "shipment '%s' is listed unassigned twice",
                     ck->s->shipments[s].id);
            else if (s >= 0)
                ck->unassigned_line[s] = xmlGetLineNo(c);
        }
    }
    return KY_OK;
}

static void schema_error(void *ud, xmlErrorPtr e)
{
    checker *ck = ud;
    char msg[KY_ERROR_MSG_LEN];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    ky_error_add(ck->err, KY_EINPUT, ck->xml_path, e->line, "%s", msg);
}

/* Parses and validates plan.xml; *out is the document. */
static int load_plan_xml(checker *ck, xmlDoc **out)
{
    *out = NULL;
    xmlSetStructuredErrorFunc(ck, schema_error);
    xmlDoc *doc = xmlReadFile(ck->xml_path, NULL,
                              XML_PARSE_NONET | XML_PARSE_BIG_LINES |
                                  XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (doc == NULL) {
        FILE *f = fopen(ck->xml_path, "rb");
        if (f == NULL)
            return ky_error_add(ck->err, KY_EIO, ck->xml_path, 0,
                                "cannot read: %s", strerror(errno));
        fclose(f);
        return KY_EINPUT;
    }
    if (doc->intSubset || doc->extSubset) {
        xmlFreeDoc(doc);
        return ky_error_add(ck->err, KY_EINPUT, ck->xml_path, 1,
                            "DOCTYPE is not allowed in a plan");
    }
    xmlSchemaParserCtxtPtr pc =
        xmlSchemaNewMemParserCtxt(ky_plan_xsd, (int)ky_plan_xsd_len);
    xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
    int v = -1;
    if (vc) {
        xmlSchemaSetValidStructuredErrors(vc, schema_error, ck);
        v = xmlSchemaValidateDoc(vc, doc);
    }
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    if (v != 0) {
        xmlFreeDoc(doc);
        if (v < 0)
            return ky_error_add(ck->err, KY_EINTERNAL, ck->xml_path, 0,
                                "cannot validate the plan");
        return KY_EINPUT;
    }
    *out = doc;
    return KY_OK;
}

/* ---- verification ---------------------------------------------------------- */

static double travel_min(const checker *ck, int32_t a, int32_t b)
{
    return ky_matrix_min(ck->m, a, b);
}

/* The pickup of x's shipment that the plan used. */
static const ky_stop_spec *pickup_of(const checker *ck, const cstop *x)
{
    return ky_shipment_source(&ck->s->shipments[x->ship], x->src);
}

/* Multi-trip: does route r stop at the depot side of x's shipment (a
 * reload: loading it at its depot mid-route, or unloading it there)? */
static bool reloaded(const checker *ck, const croute *r, const cstop *x)
{
    const ky_shipment *sh = &ck->s->shipments[x->ship];
    bool dep_p = pickup_of(ck, x)->site == KY_SITE_DEPOT;
    int want = dep_p ? K_PICKUP : K_DELIVERY;
    if (!dep_p && sh->delivery.site != KY_SITE_DEPOT)
        return false;
    for (int32_t k = 1; k + 1 < r->n; k++)
        if (r->stop[k].ship == x->ship && r->stop[k].kind == want)
            return true;
    return false;
}

static bool is_transfer(const cstop *x)
{
    return x->kind == K_UNLOAD || x->kind == K_LOAD;
}

/* The side of x's shipment whose windows and service the stop takes: a
 * load takes the goods as the pickup used does, an unload hands them
 * over as the delivery does. */
static const ky_stop_spec *side_of(const checker *ck, const cstop *x)
{
    return x->kind == K_PICKUP || x->kind == K_LOAD
               ? pickup_of(ck, x)
               : &ck->s->shipments[x->ship].delivery;
}

/* Past tense of an unload or load stop's work, for messages. */
static const char *done_at_hub(const cstop *x)
{
    return x->kind == K_UNLOAD ? "unloaded" : "loaded";
}

/* An unload or load stop names a cross-dock at the stop's location. */
static void check_hub_stop(checker *ck, const cstop *st)
{
    const ky_scenario *s = ck->s;
    const char *sid = s->shipments[st->ship].id;
    if (!st->has_hub) {
        viol(ck, ck->xml_path, st->line,
             "stop %d: shipment '%s' is %s at no hub (hub attribute "
             "missing)", st->seq, sid, done_at_hub(st));
        return;
    }
    if (st->hub < 0)
        return; /* unknown: reported as it was read */
    const ky_depot *d = &s->depots[st->hub];
    if (!d->cross_dock)
        viol(ck, ck->xml_path, st->line,
             "shipment '%s' is %s at depot '%s', which is not a cross-dock",
             sid, done_at_hub(st), d->id);
    if (st->loc != d->location)
        viol(ck, ck->xml_path, st->line,
             "stop %d: hub '%s' is at location '%s'", st->seq, d->id,
             s->locations[d->location].id);
}

/* Does the stop's kind, shipment and location match the scenario? */
static void check_stop_identity(checker *ck, const croute *r, const cstop *st)
{
    const ky_scenario *s = ck->s;
    const ky_vehicle *veh = &s->vehicles[r->vehicle];
    if (st->loc >= 0 && s->locations[st->loc].closed)
        viol(ck, ck->xml_path, st->line,
             "vehicle '%s': location '%s' is closed in this scenario",
             veh->id, s->locations[st->loc].id);
    if (st->has_hub && !is_transfer(st))
        viol(ck, ck->xml_path, st->line,
             "stop %d: only unload and load stops name a hub", st->seq);
    if (st->kind == K_START || st->kind == K_END) {
        int32_t dep = st->kind == K_START ? veh->start_depot : veh->end_depot;
        if (st->loc != s->depots[dep].location)
            viol(ck, ck->xml_path, st->line,
                 "vehicle '%s': route must %s at depot '%s'", veh->id,
                 st->kind == K_START ? "start" : "end", s->depots[dep].id);
        return;
    }
    if (st->ship < 0) {
        viol(ck, ck->xml_path, st->line, "stop %d names no shipment",
             st->seq);
        return;
    }
    const ky_shipment *sh = &s->shipments[st->ship];
    const ky_stop_spec *side = side_of(ck, st);
    if (is_transfer(st))
        check_hub_stop(ck, st);
    else if (side->site == KY_SITE_DEPOT && !veh->multi_trip)
        viol(ck, ck->xml_path, st->line,
             "shipment '%s': its %s is at a depot, not a route stop (only "
             "a multi-trip vehicle reloads there)", sh->id,
             st->kind == K_PICKUP ? "pickup" : "delivery");
    else if (st->loc != side->location)
        viol(ck, ck->xml_path, st->line,
             "shipment '%s': %s must be at location '%s'", sh->id,
             st->kind == K_PICKUP ? "pickup" : "delivery",
             s->locations[side->location].id);
    if ((sh->skills & ~veh->skills) != 0)
        viol(ck, ck->xml_path, st->line,
             "shipment '%s' needs skills vehicle '%s' lacks", sh->id,
             veh->id);
    if (veh->dedicated && sh->company != veh->company)
        viol(ck, ck->xml_path, st->line,
             "vehicle '%s' is dedicated to its company's goods; shipment "
             "'%s' is not one of them", veh->id, sh->id);
    if (sh->own_only && (sh->company < 0 || sh->company != veh->company))
        viol(ck, ck->xml_path, st->line,
             "shipment '%s' rides only on its own company's vehicles; "
             "vehicle '%s' is not one", sh->id, veh->id);
}

/* Does either company name the other in its co-loading bans? */
static bool coload_banned(const ky_scenario *s, int32_t a, int32_t b)
{
    if (a < 0 || b < 0)
        return false;
    for (int side = 0; side < 2; side++) {
        const ky_company *c = &s->companies[side ? b : a];
        int32_t other = side ? a : b;
        for (int32_t k = 0; k < c->n_no_coload; k++)
            if (c->no_coload[k] == other)
                return true;
    }
    return false;
}

/* No route carries goods of two companies that may not share a vehicle;
 * the first such pair on a route is named, at its later stop. */
static void check_coloading(checker *ck, const croute *r)
{
    const ky_scenario *s = ck->s;
    for (int32_t k = 1; k < r->n - 1; k++) {
        if (r->stop[k].ship < 0)
            continue;
        int32_t a = s->shipments[r->stop[k].ship].company;
        for (int32_t q = 1; q < k; q++) {
            int32_t b = r->stop[q].ship < 0
                            ? -1
                            : s->shipments[r->stop[q].ship].company;
            if (a == b || !coload_banned(s, a, b))
                continue;
            viol(ck, ck->xml_path, r->stop[k].line,
                 "vehicle '%s' carries goods of '%s' and '%s', which may "
                 "not share a vehicle",
                 s->vehicles[r->vehicle].id, s->companies[b].id,
                 s->companies[a].id);
            return;
        }
    }
}

static bool in_some_window(const ky_stop_spec *side, double t)
{
    for (int w = 0; w < side->n_windows; w++)
        if (t >= side->windows[w].open - TOL_T &&
            t <= side->windows[w].close + TOL_T)
            return true;
    return false;
}

/* Minutes a service starting at t is late at a soft window (0 at a
 * hard one, or on time). */
static double late_at(const ky_stop_spec *side, double t)
{
    if (side->late_cost <= 0 || side->n_windows == 0)
        return 0.0;
    double late = t - side->windows[side->n_windows - 1].close;
    return late > 0 ? late : 0.0;
}

/* In a window, or late at a soft one by at most its max-late. */
static bool start_allowed(const ky_stop_spec *side, double t)
{
    if (in_some_window(side, t))
        return true;
    double late = late_at(side, t);
    return late > 0 && late <= side->max_late + TOL_T;
}

/* Loading at the start depot: shipments of this route picked up there. */
static void check_start(checker *ck, const croute *r)
{
    const ky_scenario *s = ck->s;
    const ky_vehicle *veh = &s->vehicles[r->vehicle];
    const ky_depot *dep = &s->depots[veh->start_depot];
    const cstop *st = &r->stop[0];
    double load_min = 0.0;
    for (int32_t k = 1; k + 1 < r->n; k++) {
        const cstop *x = &r->stop[k];
        if (x->ship < 0 || x->kind != K_DELIVERY)
            continue;
        const ky_shipment *sh = &s->shipments[x->ship];
        const ky_stop_spec *pk = pickup_of(ck, x);
        if (pk->site != KY_SITE_DEPOT || reloaded(ck, r, x))
            continue;
        load_min += pk->service;
        if (!in_some_window(pk, st->start))
            viol(ck, ck->xml_path, st->line,
                 "vehicle '%s': loading of shipment '%s' starts at %.2f, "
                 "outside its pickup window",
                 veh->id, sh->id, st->start);
    }
    if (st->start < veh->shift.open - TOL_T)
        viol(ck, ck->xml_path, st->line,
             "vehicle '%s' starts at %.2f, before its shift opens at %.2f",
             veh->id, st->start, veh->shift.open);
    if (st->start < dep->hours.open - TOL_T)
        viol(ck, ck->xml_path, st->line,
             "vehicle '%s' starts at %.2f, before depot '%s' opens",
             veh->id, st->start, dep->id);
    if (!near(st->departure, st->start + load_min, TOL_T))
        viol(ck, ck->xml_path, st->line,
             "vehicle '%s': loading takes %.2f min, the plan says %.2f",
             veh->id, load_min, st->departure - st->start);
    if (st->departure > dep->hours.close + TOL_T)
        viol(ck, ck->xml_path, st->line,
             "vehicle '%s' leaves depot '%s' at %.2f, after it closes",
             veh->id, dep->id, st->departure);
}

static void check_end(checker *ck, const croute *r)
{
    const ky_scenario *s = ck->s;
    const ky_vehicle *veh = &s->vehicles[r->vehicle];
    const ky_depot *dep = &s->depots[veh->end_depot];
    const cstop *st = &r->stop[r->n - 1];
    double unload_min = 0.0;
    for (int32_t k = 1; k + 1 < r->n; k++) {
        const cstop *x = &r->stop[k];
        if (x->ship < 0 || x->kind != K_PICKUP)
            continue;
        const ky_shipment *sh = &s->shipments[x->ship];
        if (sh->delivery.site != KY_SITE_DEPOT || reloaded(ck, r, x))
            continue;
        unload_min += sh->delivery.service;
        if (!in_some_window(&sh->delivery, st->start))
            viol(ck, ck->xml_path, st->line,
                 "vehicle '%s': unloading of shipment '%s' starts at %.2f, "
                 "outside its delivery window",
                 veh->id, sh->id, st->start);
    }
    if (st->start < dep->hours.open - TOL_T)
        viol(ck, ck->xml_path, st->line,
             "vehicle '%s' unloads at %.2f, before depot '%s' opens",
             veh->id, st->start, dep->id);
    if (!near(st->departure, st->start + unload_min, TOL_T))
        viol(ck, ck->xml_path, st->line,
             "vehicle '%s': unloading takes %.2f min, the plan says %.2f",
             veh->id, unload_min, st->departure - st->start);
    if (st->departure > veh->shift.close + TOL_T)
        viol(ck, ck->xml_path, st->line,
             "vehicle '%s' ends at %.2f, after its shift ends at %.2f",
             veh->id, st->departure, veh->shift.close);
    if (st->departure > dep->hours.close + TOL_T)
        viol(ck, ck->xml_path, st->line,
             "vehicle '%s' ends at %.2f, after depot '%s' closes", veh->id,
             st->departure, dep->id);
}

/* An unload or load starts once its hub opens and ends by its close. */
static void check_hub_hours(checker *ck, const char *vid, const cstop *x)
{
    if (x->hub < 0)
        return;
    const ky_depot *d = &ck->s->depots[x->hub];
    const char *sid = ck->s->shipments[x->ship].id;
    char t[32], h[32];
    if (x->start < d->hours.open - TOL_T)
        viol(ck, ck->xml_path, x->line,
             "vehicle '%s' stop %d: shipment '%s' is %s at hub '%s' from "
             "%s, before it opens at %s",
             vid, x->seq, sid, done_at_hub(x), d->id,
             ky_format_clock(x->start, t, sizeof t),
             ky_format_clock(d->hours.open, h, sizeof h));
    if (x->departure > d->hours.close + TOL_T)
        viol(ck, ck->xml_path, x->line,
             "vehicle '%s' stop %d: shipment '%s' is %s at hub '%s' until "
             "%s, after it closes at %s",
             vid, x->seq, sid, done_at_hub(x), d->id,
             ky_format_clock(x->departure, t, sizeof t),
             ky_format_clock(d->hours.close, h, sizeof h));
}

/* Arrival = previous departure + travel; service inside a window (at a
 * hub, inside its hours). */
static void check_times(checker *ck, const croute *r)
{
    const ky_scenario *s = ck->s;
    const char *vid = s->vehicles[r->vehicle].id;
    if (!near(r->stop[0].arrival, r->stop[0].start, TOL_T))
        viol(ck, ck->xml_path, r->stop[0].line,
             "vehicle '%s': start arrival and start differ", vid);
    for (int32_t k = 1; k < r->n; k++) {
        const cstop *a = &r->stop[k - 1], *b = &r->stop[k];
        if (a->loc < 0 || b->loc < 0)
            continue;
        double arr = a->departure + travel_min(ck, a->loc, b->loc) + b->rest;
        if (!near(b->arrival, arr, TOL_T))
            viol(ck, ck->xml_path, b->line,
                 "vehicle '%s' stop %d: arrival %.4f, but leaving the "
                 "previous stop at %.4f it arrives at %.4f",
                 vid, b->seq, b->arrival, a->departure, arr);
        if (b->start < b->arrival - TOL_T)
            viol(ck, ck->xml_path, b->line,
                 "vehicle '%s' stop %d: service starts before arrival", vid,
                 b->seq);
        if (b->kind == K_END || b->ship < 0)
            continue;
        const ky_shipment *sh = &s->shipments[b->ship];
        const ky_stop_spec *side = side_of(ck, b);
        if (side->site == KY_SITE_DEPOT) {
            const ky_depot *dep = &s->depots[side->depot];
            if (b->start < dep->hours.open - TOL_T ||
                b->departure > dep->hours.close + TOL_T)
                viol(ck, ck->xml_path, b->line,
                     "vehicle '%s' stop %d: shipment '%s' is reloaded at "
                     "depot '%s' outside its hours", vid, b->seq, sh->id,
                     dep->id);
        }
        if (is_transfer(b))
            check_hub_hours(ck, vid, b);
        else if (!start_allowed(side, b->start))
            viol(ck, ck->xml_path, b->line,
                 "vehicle '%s' stop %d: service of shipment '%s' starts at "
                 "%.2f, outside its time windows",
                 vid, b->seq, sh->id, b->start);
        if (!near(b->departure, b->start + side->service, TOL_T))
            viol(ck, ck->xml_path, b->line,
                 "vehicle '%s' stop %d: service takes %.2f min, the plan "
                 "says %.2f",
                 vid, b->seq, side->service, b->departure - b->start);
    }
}

/* Drivers' rules, from the times alone: the day's driving within
 * max-driving; rests whole multiples of `break`; and never more than
 * break-after minutes of driving without a rest, where the rests on a
 * leg may fall anywhere on it and a wait of a rest's length at a stop
 * counts as one. */
static void check_driver(checker *ck, const croute *r)
{
    const ky_vehicle *veh = &ck->s->vehicles[r->vehicle];
    const char *vid = veh->id;
    double L = veh->break_after, B = veh->break_min, since = 0.0;
    double drive = 0.0;
    for (int32_t k = 1; k < r->n; k++) {
        const cstop *a = &r->stop[k - 1], *b = &r->stop[k];
        if (a->loc < 0 || b->loc < 0)
            return;
        double d = travel_min(ck, a->loc, b->loc);
        drive += d;
        if (b->rest < -TOL_T || (b->rest > TOL_T && L <= 0)) {
            viol(ck, ck->xml_path, b->line,
                 "vehicle '%s' stop %d: a rest of %.2f min, but its driver "
                 "has no rest rule", vid, b->seq, b->rest);
            continue;
        }
        if (L <= 0)
            continue;
        double whole = floor(b->rest / B + 1e-9);
        if (!near(b->rest, whole * B, TOL_T))
            viol(ck, ck->xml_path, b->line,
                 "vehicle '%s' stop %d: a rest of %.2f min is not a whole "
                 "number of %.0f-minute rests", vid, b->seq, b->rest, B);
        if (since + d > (whole + 1.0) * L + TOL_T)
            viol(ck, ck->xml_path, b->line,
                 "vehicle '%s' stop %d: %.1f min of driving without a "
                 "%.0f-minute rest (at most %.0f allowed)", vid, b->seq,
                 since + d - whole * L, B, L);
        since = whole > 0 ? fmax(0.0, since + d - whole * L) : since + d;
        if (b->kind != K_END && b->start - b->arrival >= B - TOL_T)
            since = 0.0; /* the wait was a rest */
    }
    if (veh->max_drive > 0 && drive > veh->max_drive + TOL_T)
        viol(ck, ck->xml_path, r->line,
             "vehicle '%s': %.1f min of driving, more than the %.0f its "
             "driver may do in a day", vid, drive, veh->max_drive);
}

static void check_loads(checker *ck, const croute *r)
{
    const ky_scenario *s = ck->s;
    const ky_vehicle *veh = &s->vehicles[r->vehicle];
    int64_t load[KY_MAX_DIMS] = {0};
    for (int32_t k = 1; k + 1 < r->n; k++) {
        const cstop *x = &r->stop[k];
        if (x->ship >= 0 && x->kind == K_DELIVERY &&
            pickup_of(ck, x)->site == KY_SITE_DEPOT && !reloaded(ck, r, x))
            for (int d = 0; d < s->n_dims; d++)
                load[d] += s->shipments[x->ship].amount[d];
    }
    for (int32_t k = 0; k < r->n; k++) {
        const cstop *x = &r->stop[k];
        /* goods come on board at a pickup or a load at a hub and leave
         * at a delivery or an unload */
        int sign = x->kind == K_PICKUP || x->kind == K_LOAD       ? 1
                   : x->kind == K_DELIVERY || x->kind == K_UNLOAD ? -1
                                                                  : 0;
        if (x->ship >= 0 && sign != 0)
            for (int d = 0; d < s->n_dims; d++)
                load[d] += sign * s->shipments[x->ship].amount[d];
        if (x->kind == K_END)
            memset(load, 0, sizeof load);
        for (int d = 0; d < s->n_dims; d++) {
            if (d < x->n_load && x->load[d] != load[d])
                viol(ck, ck->xml_path, x->line,
                     "vehicle '%s' stop %d: load of '%s' is %lld, the plan "
                     "says %lld",
                     veh->id, x->seq, s->dim_ids[d], (long long)load[d],
                     (long long)x->load[d]);
            if (load[d] > veh->capacity[d] || load[d] < 0)
                viol(ck, ck->xml_path, x->line,
                     "vehicle '%s' stop %d: load %lld of '%s' exceeds its "
                     "capacity %lld",
                     veh->id, x->seq, (long long)load[d], s->dim_ids[d],
                     (long long)veh->capacity[d]);
        }
    }
}

static void check_metrics(checker *ck, const croute *r, double *sum)
{
    const ky_vehicle *veh = &ck->s->vehicles[r->vehicle];
    double km = 0.0, drive = 0.0, extra = 0.0, late_rate = 0.0;
    for (int32_t k = 1; k < r->n; k++) {
        const cstop *x = &r->stop[k];
        int32_t a = r->stop[k - 1].loc, b = x->loc;
        if (a >= 0 && b >= 0) {
            km += ky_matrix_km(ck->m, a, b);
            drive += ky_matrix_min(ck->m, a, b);
        }
        /* the pickup used costs its extra, once: at the pickup stop
         * (also of a shipment that changes vehicle at a hub: its load
         * stop adds none), or at the delivery of a shipment loaded at
         * the depot */
        bool depot_loaded = x->kind == K_DELIVERY && x->ship >= 0 &&
                            pickup_of(ck, x)->site == KY_SITE_DEPOT &&
                            !reloaded(ck, r, x);
        if (x->ship >= 0 && (x->kind == K_PICKUP || depot_loaded))
            extra += ck->s->shipments[x->ship].source_cost[x->src];
        /* lateness at a soft window is paid by the minute (its price
         * magnifies the times' rounding: the tolerance grows with it) */
        if (x->ship >= 0 && (x->kind == K_PICKUP || x->kind == K_DELIVERY)) {
            const ky_stop_spec *side = side_of(ck, x);
            double late = late_at(side, x->start);
            extra += late * side->late_cost;
            if (late > 0 || x->late > 0)
                late_rate += side->late_cost;
            if (!near(late, x->late, TOL_T))
                viol(ck, ck->xml_path, x->line,
                     "vehicle '%s' stop %d: %.2f min late, the plan says "
                     "%.2f", veh->id, x->seq, late, x->late);
        }
    }
    double work = r->stop[r->n - 1].departure - r->stop[0].start;
    double cost = veh->fixed_cost + veh->cost_per_km * km +
                  veh->cost_per_hour * work / 60.0 + extra;
    ck->late_rate += late_rate;
    struct { const char *what; double got, want, tol; } f[5] = {
        {"km", r->km, km, TOL_KM},
        {"driving minutes", r->drive, drive, TOL_T},
        {"working minutes", r->work, work, TOL_T},
        {"cost", r->cost, cost,
         1e-3 * (1.0 + veh->cost_per_hour) + TOL_T * late_rate},
        {"CO2", r->co2, veh->co2_kg_per_km * km, 1e-3}};
    for (int i = 0; i < 5; i++)
        if (!near(f[i].got, f[i].want, f[i].tol))
            viol(ck, ck->xml_path, r->line,
                 "vehicle '%s': %s is %.4f, the plan says %.4f", veh->id,
                 f[i].what, f[i].want, f[i].got);
    sum[0] += cost;
    sum[1] += km;
    sum[2] += drive;
    sum[3] += work;
    sum[4] += veh->co2_kg_per_km * km;
}

static void check_route_shape(checker *ck, const croute *r)
{
    const char *vid = ck->s->vehicles[r->vehicle].id;
    for (int32_t k = 0; k < r->n; k++) {
        const cstop *x = &r->stop[k];
        int want = k == 0 ? K_START : (k == r->n - 1 ? K_END : -1);
        if (x->seq != k)
            viol(ck, ck->xml_path, x->line,
                 "vehicle '%s': stop numbered %d, expected %d", vid, x->seq,
                 (int)k);
        if ((want >= 0 && x->kind != want) ||
            (want < 0 && (x->kind == K_START || x->kind == K_END)))
            viol(ck, ck->xml_path, x->line,
                 "vehicle '%s': a route starts with 'start', ends with "
                 "'end' and has only pickups, deliveries, unloads and "
                 "loads between",
                 vid);
    }
}

/* One shipment's stops in the plan: how many of each kind, and where
 * the last of each kind is (route and position). A start or end stop
 * naming it counts only under its own kind. */
typedef struct legs {
    int n[K_KINDS];
    int32_t route[K_KINDS], pos[K_KINDS];
    const cstop *first; /* its first stop, NULL when it has none */
    int line;           /* its last stop's line */
} legs;

/* Collects shipment i's stops; they must all name the same pickup. */
static void find_legs(checker *ck, int32_t i, legs *lg)
{
    memset(lg, 0, sizeof *lg);
    for (int32_t r = 0; r < ck->n_routes; r++)
        for (int32_t k = 0; k < ck->route[r].n; k++) {
            const cstop *x = &ck->route[r].stop[k];
            if (x->ship != i)
                continue;
            lg->line = x->line;
            if (lg->first == NULL)
                lg->first = x;
            else if (x->src != lg->first->src)
                viol(ck, ck->xml_path, x->line,
                     "shipment '%s': its stops name pickups %d and %d",
                     ck->s->shipments[i].id, (int)lg->first->src + 1,
                     (int)x->src + 1);
            lg->n[x->kind]++;
            lg->route[x->kind] = r;
            lg->pos[x->kind] = k;
        }
}

static const cstop *leg(const checker *ck, const legs *lg, int kind)
{
    return &ck->route[lg->route[kind]].stop[lg->pos[kind]];
}

/* The id of route r's vehicle ("?" when the plan names an unknown one,
 * reported as it was read). */
static const char *vehicle_of(const checker *ck, int32_t r)
{
    int32_t v = ck->route[r].vehicle;
    return v >= 0 ? ck->s->vehicles[v].id : "?";
}

/* Served on one vehicle: a pickup stop before a delivery stop, or one of
 * them where the other side is the vehicle's depot. */
static void check_direct(checker *ck, int32_t i, const legs *lg)
{
    const ky_scenario *s = ck->s;
    const ky_shipment *sh = &s->shipments[i];
    const ky_stop_spec *pk = ky_shipment_source(sh, lg->first->src);
    int np = lg->n[K_PICKUP], nd = lg->n[K_DELIVERY], line = lg->line;
    bool dep_p = pk->site == KY_SITE_DEPOT;
    bool dep_d = sh->delivery.site == KY_SITE_DEPOT;
    /* a depot side with a stop of its own: a reload (multi-trip), held
     * to its vehicle in check_stop_identity */
    bool want_p = !dep_p || (np == 1 && nd == 1);
    bool want_d = !dep_d || (np == 1 && nd == 1);
    if (np != (want_p ? 1 : 0) || nd != (want_d ? 1 : 0)) {
        viol(ck, ck->xml_path, line,
             "shipment '%s' needs %s; the plan has %d pickup and %d "
             "delivery stops",
             sh->id,
             want_p && want_d ? "one pickup and one delivery stop"
             : want_p         ? "one pickup stop (unloaded at its depot)"
                              : "one delivery stop (loaded at its depot)",
             np, nd);
        return;
    }
    ck->rep->served++;
    int32_t rp = lg->route[K_PICKUP], rd = lg->route[K_DELIVERY];
    if (want_p && want_d && rp != rd)
        viol(ck, ck->xml_path, line,
             "shipment '%s': pickup and delivery on different vehicles",
             sh->id);
    else if (want_p && want_d && lg->pos[K_PICKUP] > lg->pos[K_DELIVERY])
        viol(ck, ck->xml_path, line,
             "shipment '%s': delivery before pickup", sh->id);
    int32_t r = want_p ? rp : rd;
    if (ck->route[r].vehicle < 0)
        return;
    const ky_vehicle *veh = &s->vehicles[ck->route[r].vehicle];
    if (dep_p && s->depots[veh->start_depot].location != pk->location)
        viol(ck, ck->xml_path, line,
             "shipment '%s' is loaded at depot '%s', where vehicle '%s' "
             "does not start",
             sh->id, s->depots[pk->depot].id, veh->id);
    if (dep_d && s->depots[veh->end_depot].location !=
                      sh->delivery.location)
        viol(ck, ck->xml_path, line,
             "shipment '%s' is unloaded at depot '%s', where vehicle '%s' "
             "does not end",
             sh->id, s->depots[sh->delivery.depot].id, veh->id);
}

/* The legs of a transfer, once each is where it belongs: picked up and
 * unloaded by vehicle A, loaded and delivered by another vehicle B, at
 * one hub, the load no earlier than the unload plus handling. */
static void check_transfer_legs(checker *ck, const ky_shipment *sh,
                                const legs *lg)
{
    const ky_scenario *s = ck->s;
    const cstop *u = leg(ck, lg, K_UNLOAD), *l = leg(ck, lg, K_LOAD);
    int32_t ra = lg->route[K_PICKUP], rb = lg->route[K_DELIVERY];
    int32_t ru = lg->route[K_UNLOAD], rl = lg->route[K_LOAD];
    if (ru != ra)
        viol(ck, ck->xml_path, u->line,
             "shipment '%s' is picked up by vehicle '%s' but unloaded at "
             "the hub by vehicle '%s'",
             sh->id, vehicle_of(ck, ra), vehicle_of(ck, ru));
    else if (lg->pos[K_UNLOAD] < lg->pos[K_PICKUP])
        viol(ck, ck->xml_path, u->line,
             "shipment '%s' is unloaded at the hub before it is picked up",
             sh->id);
    if (rl != rb)
        viol(ck, ck->xml_path, l->line,
             "shipment '%s' is loaded at the hub by vehicle '%s' but "
             "delivered by vehicle '%s'",
             sh->id, vehicle_of(ck, rl), vehicle_of(ck, rb));
    else if (lg->pos[K_DELIVERY] < lg->pos[K_LOAD])
        viol(ck, ck->xml_path, l->line,
             "shipment '%s' is delivered before it is loaded at the hub",
             sh->id);
    if (ck->route[ru].vehicle == ck->route[rl].vehicle)
        viol(ck, ck->xml_path, l->line,
             "shipment '%s' is unloaded and loaded again by vehicle '%s'; "
             "a transfer changes vehicle",
             sh->id, vehicle_of(ck, ru));
    if (u->hub < 0 || l->hub < 0)
        return; /* reported at the stop */
    if (u->hub != l->hub) {
        viol(ck, ck->xml_path, l->line,
             "shipment '%s' is unloaded at hub '%s' but loaded at hub '%s'",
             sh->id, s->depots[u->hub].id, s->depots[l->hub].id);
        return;
    }
    const ky_depot *hub = &s->depots[u->hub];
    if (l->start < u->departure + hub->handling - TOL_T) {
        char a[32], b[32];
        viol(ck, ck->xml_path, l->line,
             "shipment '%s' is loaded at hub '%s' at %s, before it was "
             "unloaded (%s) plus %g min handling",
             sh->id, hub->id, ky_format_clock(l->start, a, sizeof a),
             ky_format_clock(u->departure, b, sizeof b), hub->handling);
    }
}

/* Served with a change of vehicle at a cross-dock: exactly one pickup,
 * unload, load and delivery stop, for a shipment that may transfer and
 * has a pickup and a delivery stop to begin and end with. */
static void check_transfer(checker *ck, int32_t i, const legs *lg)
{
    const ky_scenario *s = ck->s;
    const ky_shipment *sh = &s->shipments[i];
    int line = lg->n[K_UNLOAD] ? leg(ck, lg, K_UNLOAD)->line
                               : leg(ck, lg, K_LOAD)->line;
    if (!ky_scenario_may_transfer(s, i))
        viol(ck, ck->xml_path, line,
             "shipment '%s' may not change vehicle at a cross-dock", sh->id);
    const ky_stop_spec *pk = ky_shipment_source(sh, lg->first->src);
    if (pk->site != KY_SITE_LOCATION ||
        sh->delivery.site != KY_SITE_LOCATION) {
        viol(ck, ck->xml_path, line,
             "shipment '%s' is %s a depot; only a shipment with a pickup "
             "and a delivery stop can change vehicle",
             sh->id, pk->site != KY_SITE_LOCATION ? "loaded at" : "brought to");
        return;
    }
    if (lg->n[K_PICKUP] != 1 || lg->n[K_UNLOAD] != 1 ||
        lg->n[K_LOAD] != 1 || lg->n[K_DELIVERY] != 1) {
        viol(ck, ck->xml_path, line,
             "shipment '%s' changes vehicle at a hub: it needs one pickup, "
             "unload, load and delivery stop each; the plan has %d, %d, %d "
             "and %d",
             sh->id, lg->n[K_PICKUP], lg->n[K_UNLOAD], lg->n[K_LOAD],
             lg->n[K_DELIVERY]);
        return;
    }
    ck->rep->served++;
    check_transfer_legs(ck, sh, lg);
}

/* Each shipment: served once in the right form, or listed unassigned. */
static void check_coverage(checker *ck)
{
    const ky_scenario *s = ck->s;
    for (int32_t i = 0; i < s->n_shipments; i++) {
        const ky_shipment *sh = &s->shipments[i];
        legs lg;
        find_legs(ck, i, &lg);
        bool listed = ck->unassigned_line[i] != 0;
        int stops = lg.n[K_PICKUP] + lg.n[K_DELIVERY] + lg.n[K_UNLOAD] +
                    lg.n[K_LOAD];
        if (stops == 0) {
            if (!listed)
                viol(ck, ck->xml_path, 0,
                     "shipment '%s' is neither served nor listed unassigned",
                     sh->id);
            else
                ck->rep->unassigned++;
            continue;
        }
        if (listed)
            viol(ck, ck->xml_path, ck->unassigned_line[i],
                 "shipment '%s' is served and also listed unassigned", sh->id);
        if (lg.n[K_UNLOAD] + lg.n[K_LOAD] > 0)
            check_transfer(ck, i, &lg);
        else
            check_direct(ck, i, &lg);
    }
}

/* Does x unload or load at a known hub for a while? Services take a dock
 * for [start, departure); an empty one takes none. */
static bool uses_dock(const cstop *x)
{
    return is_transfer(x) && x->hub >= 0 && x->ship >= 0 &&
           x->departure - x->start > TOL_T;
}

/* How many other services at x's hub are in progress as x starts (x is
 * stop k of route r). Quadratic in the hub's stops: a check, not a
 * search. */
static int32_t docks_busy(const checker *ck, int32_t r, int32_t k)
{
    const cstop *x = &ck->route[r].stop[k];
    int32_t busy = 0;
    for (int32_t q = 0; q < ck->n_routes; q++)
        for (int32_t j = 0; j < ck->route[q].n; j++) {
            const cstop *y = &ck->route[q].stop[j];
            if (y == x || !uses_dock(y) || y->hub != x->hub)
                continue;
            bool earlier = q < r || (q == r && j < k);
            bool began = y->start < x->start - TOL_T ||
                         (y->start <= x->start + TOL_T && earlier);
            busy += began && y->departure > x->start + TOL_T;
        }
    return busy;
}

/* Docks: at a cross-dock with docks > 0, a stop that starts to unload or
 * load while all its docks are in use is one too many. Of stops starting
 * together, the later in the file is the one reported. */
static void check_docks(checker *ck)
{
    const ky_scenario *s = ck->s;
    for (int32_t r = 0; r < ck->n_routes; r++)
        for (int32_t k = 0; k < ck->route[r].n; k++) {
            const cstop *x = &ck->route[r].stop[k];
            const ky_depot *d = uses_dock(x) ? &s->depots[x->hub] : NULL;
            if (d == NULL || d->docks <= 0 ||
                docks_busy(ck, r, k) < d->docks)
                continue;
            char t[32];
            viol(ck, ck->xml_path, x->line,
                 "hub '%s' has %d dock%s, all in use when vehicle '%s' "
                 "starts to %s shipment '%s' there at %s",
                 d->id, (int)d->docks, d->docks == 1 ? "" : "s",
                 vehicle_of(ck, r), kind_names[x->kind],
                 s->shipments[x->ship].id,
                 ky_format_clock(x->start, t, sizeof t));
        }
}

static void check_totals(checker *ck, const double *sum, int32_t used)
{
    const ky_scenario *s = ck->s;
    double penalty = 0.0;
    for (int32_t i = 0; i < s->n_shipments; i++)
        if (ck->unassigned_line[i])
            penalty += s->shipments[i].penalty;
    struct { const char *what; double got, want; } f[9] = {
        {"route cost", ck->t_route_cost, sum[0]},
        {"km", ck->t_km, sum[1]},
        {"driving minutes", ck->t_drive, sum[2]},
        {"working minutes", ck->t_work, sum[3]},
        {"CO2", ck->t_co2, sum[4]},
        {"penalty", ck->t_penalty, penalty},
        {"cost", ck->t_cost, sum[0] + penalty},
        {"vehicles", (double)ck->t_vehicles, (double)used},
        {"served", (double)ck->t_served, (double)ck->rep->served}};
    double tol = 1e-2 + TOL_T * ck->late_rate;
    for (int i = 0; i < 9; i++)
        if (!near(f[i].got, f[i].want, tol))
            viol(ck, ck->xml_path, 0, "totals: %s is %.4f, the plan says %.4f",
                 f[i].what, f[i].want, f[i].got);
    if (ck->t_unassigned != ck->rep->unassigned)
        viol(ck, ck->xml_path, 0, "totals: %d unassigned, the plan says %ld",
             (int)ck->rep->unassigned, ck->t_unassigned);
    double want = -1.0;
    if (strcmp(ck->objective, "cost") == 0)
        want = sum[0] + penalty;
    else
        want = sum[1]; /* distance, vehicles,distance: km */
    if (want >= 0.0 && !near(ck->value, want, tol))
        viol(ck, ck->xml_path, 0,
             "solver: objective value is %.4f, the plan says %.4f", want,
             ck->value);
    if (strcmp(ck->status, "optimal") == 0 && ck->has_bound &&
        ck->gap > 1e-6)
        viol(ck, ck->xml_path, 0, "solver: optimal with a gap of %g", ck->gap);
}

static void check_routes(checker *ck)
{
    double sum[5] = {0, 0, 0, 0, 0};
    int32_t used = 0;
    for (int32_t r = 0; r < ck->n_routes; r++) {
        croute *rt = &ck->route[r];
        ck->rep->routes++;
        ck->rep->stops += rt->n;
        if (rt->vehicle < 0 || rt->n < 2)
            continue;
        for (int32_t q = 0; q < r; q++)
            if (ck->route[q].vehicle == rt->vehicle)
                viol(ck, ck->xml_path, rt->line,
                     "vehicle '%s' drives two routes",
                     ck->s->vehicles[rt->vehicle].id);
        bool ids_ok = true;
        for (int32_t k = 0; k < rt->n; k++)
            ids_ok &= rt->stop[k].loc >= 0;
        check_route_shape(ck, rt);
        for (int32_t k = 0; k < rt->n; k++)
            check_stop_identity(ck, rt, &rt->stop[k]);
        if (!ids_ok)
            continue;
        if (rt->n > 2)
            used++;
        check_start(ck, rt);
        check_times(ck, rt);
        check_driver(ck, rt);
        check_end(ck, rt);
        check_loads(ck, rt);
        check_coloading(ck, rt);
        check_metrics(ck, rt, sum);
    }
    check_coverage(ck);
    check_docks(ck);
    check_totals(ck, sum, used);
}

/* ---- stops.csv ---------------------------------------------------------------- */

/* Splits one CSV line into at most max fields (quotes handled, in place). */
static int csv_split(char *line, char **field, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        char *out = p;
        field[n++] = p;
        if (*p == '"') {
            char *q = p + 1;
            for (;;) {
                if (*q == '\0')
                    break;
                if (*q == '"' && q[1] == '"') {
                    *out++ = '"';
                    q += 2;
                } else if (*q == '"') {
                    q++;
                    break;
                } else {
                    *out++ = *q++;
                }
            }
            p = q;
        } else {
            while (*p && *p != ',')
                *out++ = *p++;
        }
        char sep = *p;
        *out = '\0';
        if (sep != ',')
            break;
        p++;
    }
    return n;
}

static void csv_row(checker *ck, int line, char **f, const croute *r,
                    const cstop *st)
{
    const ky_scenario *s = ck->s;
    const char *ship = st->ship >= 0 ? s->shipments[st->ship].id : "";
    const char *loc = st->loc >= 0 ? s->locations[st->loc].id : "";
    bool same = strcmp(f[0], s->vehicles[r->vehicle].id) == 0 &&
                atoi(f[1]) == st->seq &&
                strcmp(f[2], kind_names[st->kind]) == 0 &&
                strcmp(f[3], ship) == 0 && strcmp(f[4], loc) == 0 &&
                near(strtod(f[5], NULL), st->arrival, 1e-6) &&
                near(strtod(f[6], NULL), st->start, 1e-6) &&
                near(strtod(f[7], NULL), st->departure, 1e-6) &&
                strtoll(f[8], NULL, 10) == (st->n_load ? st->load[0] : 0);
    if (!same)
        viol(ck, ck->csv_path, line,
             "row differs from plan.xml (vehicle '%s', stop %d)",
             s->vehicles[r->vehicle].id, st->seq);
}

static int check_csv(checker *ck)
{
    FILE *fp = fopen(ck->csv_path, "r");
    if (fp == NULL)
        return ky_error_add(ck->err, KY_EIO, ck->csv_path, 0,
                            "cannot read: %s", strerror(errno));
    char buf[8192];
    char *f[16];
    int line = 0;
    int32_t r = 0, k = 0;
    while (fgets(buf, sizeof buf, fp)) {
        line++;
        buf[strcspn(buf, "\r\n")] = '\0';
        if (line == 1) {
            if (strcmp(buf, "vehicle,seq,kind,shipment,location,arrival,"
                            "start,departure,load") != 0)
                viol(ck, ck->csv_path, 1, "unexpected header");
            continue;
        }
        while (r < ck->n_routes && k >= ck->route[r].n) {
            r++;
            k = 0;
        }
        if (r >= ck->n_routes) {
            viol(ck, ck->csv_path, line, "row beyond the stops of plan.xml");
            break;
        }
        if (csv_split(buf, f, 16) != 9)
            viol(ck, ck->csv_path, line, "expected 9 fields");
        else if (ck->route[r].vehicle >= 0)
            csv_row(ck, line, f, &ck->route[r], &ck->route[r].stop[k]);
        k++;
    }
    int bad = ferror(fp);
    fclose(fp);
    while (r < ck->n_routes && k >= ck->route[r].n) {
        r++;
        k = 0;
    }
    if (r < ck->n_routes)
        viol(ck, ck->csv_path, line, "rows missing: plan.xml has more stops");
    if (bad)
        return ky_error_add(ck->err, KY_EIO, ck->csv_path, 0, "read error");
    return KY_OK;
}

/* ---- entry ------------------------------------------------------------------ */

static void checker_free(checker *ck)
{
    for (int32_t r = 0; ck->route && r < ck->n_routes; r++)
        ky_free(ck->ctx, ck->route[r].stop);
    ky_free(ck->ctx, ck->route);
    ky_free(ck->ctx, ck->unassigned_line);
}

int ky_check_plan_dir(ky_check_report *rep, const ky_scenario *s,
                      const ky_matrix *m, const char *dir,
                      const ky_ctx *ctx, ky_error *err)
{
    checker ck;
    memset(&ck, 0, sizeof ck);
    memset(rep, 0, sizeof *rep);
    ck.s = s;
    ck.m = m;
    ck.ctx = ctx;
    ck.err = err;
    ck.rep = rep;
    snprintf(ck.xml_path, sizeof ck.xml_path, "%s/plan.xml", dir);
    snprintf(ck.csv_path, sizeof ck.csv_path, "%s/stops.csv", dir);
    xmlDoc *doc = NULL;
    int rc = load_plan_xml(&ck, &doc);
    if (rc == KY_OK)
        rc = read_plan(&ck, xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    if (rc == KY_OK)
        check_routes(&ck);
    if (rc == KY_OK)
        rc = check_csv(&ck);
    checker_free(&ck);
    return rc;
}
