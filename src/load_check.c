/* kyodo load, semantic checks: what the schema cannot say about a
 * scenario. Ids are unique and references valid; windows, shifts and
 * opening hours are not empty; locations have what the distance model
 * needs; some vehicle can carry each amount and has each required skill;
 * depot shipments have vehicles starting or ending there; each delivery
 * can be reached from its pickup.
 *
 * Works on a const scenario, loaded or built in memory. Every problem
 * becomes one "file:line: message" entry naming the ids involved (without
 * a line for entities built in memory); checking goes on after a problem,
 * and never reads through an index it has not validated. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kyodo/matrix.h"
#include "load_int.h"

/* Slack when comparing times in minutes (sums of parsed clock times and
 * travel times). Should become KY_EPS once route.h exists. */
#define TIME_EPS 1e-6
#define WHO_LEN 192 /* "shipment 'id'", truncated if an id is huge */

static const char *const distance_names[] = {"euclidean", "haversine",
                                             "matrix"};

typedef struct checker {
    const ky_scenario *s;
    ky_error *err;
    bool from_file; /* see ky_load__check */
    bool any_fleet; /* KY_LOAD_ANY_FLEET */
    int n_bad;      /* problems reported */
    int n_dims;     /* s->n_dims, clamped to the arrays' size */
    int n_skills;   /* s->n_skills, clamped */
    bool travel_ok; /* settings allow computing travel times */
    int64_t max_cap[KY_MAX_DIMS]; /* largest capacity per dimension */
    uint64_t fleet_skills;        /* skills of all vehicles together */
} checker;

static void bad(checker *c, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void bad(checker *c, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ky_error_addv(c->err, KY_EINPUT, c->s->file, line, fmt, ap);
    va_end(ap);
    c->n_bad++;
}

static const char *id_of(const char *id)
{
    return id ? id : "";
}

/* "08:00-12:00" */
static const char *fmt_window(ky_window w, char *buf, size_t size)
{
    char a[32], b[32];
    snprintf(buf, size, "%s-%s", ky_format_clock(w.open, a, sizeof a),
             ky_format_clock(w.close, b, sizeof b));
    return buf;
}

/* ---- sorted name tables (shared with the loader) ---------------------- */

static int compare_names(const void *pa, const void *pb)
{
    const ky_load__name *a = pa, *b = pb;
    int c = strcmp(a->id, b->id);
    if (c != 0)
        return c;
    return (a->index > b->index) - (a->index < b->index);
}

int ky_load__names_new(ky_load__name **out, const ky_ctx *ctx,
                       const void *base, int32_t n, size_t stride,
                       size_t id_off, size_t line_off)
{
    *out = NULL;
    if (n <= 0)
        return KY_OK;
    ky_load__name *names = ky_calloc(ctx, (size_t)n, sizeof *names);
    if (names == NULL)
        return KY_ENOMEM;
    const char *p = base;
    for (int32_t i = 0; i < n; i++, p += stride) {
        const char *id;
        int line;
        memcpy(&id, p + id_off, sizeof id);
        memcpy(&line, p + line_off, sizeof line);
        names[i] = (ky_load__name){id ? id : "", i, line};
    }
    qsort(names, (size_t)n, sizeof *names, compare_names);
    *out = names;
    return KY_OK;
}

int32_t ky_load__names_find(const ky_load__name *names, int32_t n,
                            const char *id)
{
    if (id == NULL)
        return -1;
    int32_t lo = 0, hi = n;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (strcmp(names[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(names[lo].id, id) == 0 ? names[lo].index : -1;
}

/* ---- ids ---------------------------------------------------------------- */

/* Reports missing, over-long and repeated ids among n entities of one
 * kind; a repeat names the line of the first definition. */
static int check_ids_of(checker *c, const char *kind, const void *base,
                        int32_t n, size_t stride, size_t id_off,
                        size_t line_off)
{
    ky_load__name *names;
    int rc = ky_load__names_new(&names, &c->s->ctx, base, n, stride, id_off,
                                line_off);
    if (rc != KY_OK)
        return rc;
    int32_t first = 0; /* start of the current run of equal ids */
    for (int32_t i = 0; i < n; i++) {
        const ky_load__name *x = &names[i];
        if (i > 0 && strcmp(x->id, names[i - 1].id) != 0)
            first = i;
        if (x->id[0] == '\0')
            bad(c, x->line, "%s #%d has no id", kind, (int)x->index + 1);
        else if (strlen(x->id) > KY_ID_MAX)
            bad(c, x->line, "%s '%.32s...': id is longer than %d bytes", kind,
                x->id, KY_ID_MAX);
        else if (first < i && names[first].line > 0)
            bad(c, x->line, "%s '%s' is already defined at line %d", kind,
                x->id, names[first].line);
        else if (first < i)
            bad(c, x->line, "%s '%s' is defined more than once", kind, x->id);
    }
    ky_free(&c->s->ctx, names);
    return KY_OK;
}

#define CHECK_IDS(c, kind, type, array, n)                                 \
    check_ids_of(c, kind, array, n, sizeof(type), offsetof(type, id),      \
                 offsetof(type, line))

static int check_ids(checker *c)
{
    const ky_scenario *s = c->s;
    for (int i = 0; i < c->n_dims; i++) {
        if (s->dim_ids[i] == NULL || s->dim_ids[i][0] == '\0') {
            bad(c, 0, "dimension #%d has no id", i + 1);
            continue;
        }
        for (int j = 0; j < i; j++)
            if (s->dim_ids[j] && strcmp(s->dim_ids[i], s->dim_ids[j]) == 0)
                bad(c, 0, "dimension '%s' is defined more than once",
                    s->dim_ids[i]);
    }
    int rc = CHECK_IDS(c, "company", ky_company, s->companies,
                       s->n_companies);
    if (rc == KY_OK)
        rc = CHECK_IDS(c, "location", ky_location, s->locations,
                       s->n_locations);
    if (rc == KY_OK)
        rc = CHECK_IDS(c, "depot", ky_depot, s->depots, s->n_depots);
    if (rc == KY_OK)
        rc = CHECK_IDS(c, "vehicle", ky_vehicle, s->vehicles, s->n_vehicles);
    if (rc == KY_OK)
        rc = CHECK_IDS(c, "shipment", ky_shipment, s->shipments,
                       s->n_shipments);
    return rc;
}

/* ---- settings, references, coordinates ------------------------------- */

/* Sets the clamped counts and says whether travel times can be computed. */
static void check_settings(checker *c)
{
    const ky_scenario *s = c->s;
    const ky_settings *st = &s->settings;
    c->n_dims = s->n_dims;
    c->n_skills = s->n_skills;
    if (s->n_dims < 0 || s->n_dims > KY_MAX_DIMS) {
        bad(c, 0, "%d dimensions (0 to %d allowed)", s->n_dims, KY_MAX_DIMS);
        c->n_dims = s->n_dims < 0 ? 0 : KY_MAX_DIMS;
    }
    if (s->n_skills < 0 || s->n_skills > KY_MAX_SKILLS) {
        bad(c, 0, "%d skills (0 to %d allowed)", s->n_skills, KY_MAX_SKILLS);
        c->n_skills = s->n_skills < 0 ? 0 : KY_MAX_SKILLS;
    }
    c->travel_ok = false;
    if ((unsigned)st->distance > KY_DIST_MATRIX)
        bad(c, 0, "settings: unknown distance model %d", (int)st->distance);
    else if (!(isfinite(st->road_factor) && st->road_factor > 0))
        bad(c, 0, "settings: road factor must be a positive number");
    else if (!(isfinite(st->speed_kmh) && st->speed_kmh > 0))
        bad(c, 0, "settings: speed must be a positive number");
    else
        c->travel_ok = true;
    if (!(isfinite(st->default_penalty) && st->default_penalty >= 0))
        bad(c, 0, "settings: default penalty must not be negative");
}

/* True when idx indexes one of n things, or is -1 for an optional
 * reference. Reports a bad index, except the -1 the loader leaves for a
 * name it has already reported. */
static bool ref_ok(checker *c, int line, const char *who, const char *what,
                   int32_t idx, int32_t n, bool optional)
{
    if (idx >= 0 && idx < n)
        return true;
    if (idx == -1 && optional)
        return true;
    if (idx == -1 && c->from_file)
        return false;
    if (idx == -1)
        bad(c, line, "%s: %s is not set", who, what);
    else
        bad(c, line, "%s: %s index %d is out of range (%d defined)", who,
            what, (int)idx, (int)n);
    return false;
}

/* Travel times from or to loc can be computed. */
static bool has_travel(const checker *c, int32_t loc)
{
    const ky_scenario *s = c->s;
    if (!c->travel_ok || loc < 0 || loc >= s->n_locations)
        return false;
    if (s->settings.distance == KY_DIST_MATRIX)
        return s->matrix.km != NULL && s->matrix.minutes != NULL;
    return s->locations[loc].has_coords;
}

static void check_coords(checker *c)
{
    const ky_scenario *s = c->s;
    ky_distance_model model = s->settings.distance;
    if ((unsigned)model > KY_DIST_MATRIX)
        return;
    if (model == KY_DIST_MATRIX) {
        if ((s->matrix.km == NULL || s->matrix.minutes == NULL) &&
            !c->from_file)
            bad(c, 0, "distance 'matrix' needs a matrix of km and minutes");
        return;
    }
    if (s->matrix.km != NULL || s->matrix.minutes != NULL)
        bad(c, 0, "a matrix is given but distance is '%s'",
            distance_names[model]);
    const char *needs = model == KY_DIST_HAVERSINE ? "lat and lon" : "x and y";
    for (int32_t i = 0; i < s->n_locations; i++)
        if (!s->locations[i].has_coords)
            bad(c, s->locations[i].line, "location '%s': %s distance needs %s",
                id_of(s->locations[i].id), distance_names[model], needs);
}

/* ---- depots and vehicles ------------------------------------------------ */

static void check_depots(checker *c)
{
    const ky_scenario *s = c->s;
    for (int32_t i = 0; i < s->n_depots; i++) {
        const ky_depot *d = &s->depots[i];
        char who[WHO_LEN], a[32], b[32];
        snprintf(who, sizeof who, "depot '%s'", id_of(d->id));
        ref_ok(c, d->line, who, "location", d->location, s->n_locations,
               false);
        ref_ok(c, d->line, who, "company", d->company, s->n_companies, true);
        if (d->hours.close < d->hours.open)
            bad(c, d->line, "%s: closes at %s, before it opens at %s", who,
                ky_format_clock(d->hours.close, a, sizeof a),
                ky_format_clock(d->hours.open, b, sizeof b));
        if (!d->cross_dock && (d->docks != 0 || d->handling != 0 ||
                               d->handover_step != 0))
            bad(c, d->line, "%s: docks, handling and handover-step apply "
                "to a cross-dock; add cross-dock=\"true\"", who);
        if (d->docks < 0 || !(isfinite(d->handling) && d->handling >= 0) ||
            !(isfinite(d->handover_step) && d->handover_step >= 0))
            bad(c, d->line, "%s: docks, handling and handover-step must "
                "not be negative", who);
        else if (d->handover_step > 0 && d->handover_step < 1)
            bad(c, d->line, "%s: handover-step is at least a minute", who);
    }
}

/* A shipment that asks to transfer must be able to: both sides at
 * locations, and some cross-dock to change vehicles at. */
static void check_transfer(checker *c, const char *who, const ky_shipment *sh)
{
    const ky_scenario *s = c->s;
    if (sh->transfer <= 0)
        return;
    bool hub = false;
    for (int32_t i = 0; i < s->n_depots; i++)
        hub |= s->depots[i].cross_dock;
    if (!hub)
        bad(c, sh->line, "%s: transfer=\"true\", but no depot is a "
            "cross-dock", who);
    else if (sh->delivery.site == KY_SITE_DEPOT ||
             sh->pickup.site == KY_SITE_DEPOT)
        bad(c, sh->line, "%s: transfer=\"true\", but it is %s a depot; "
            "only goods between two locations change vehicles", who,
            sh->pickup.site == KY_SITE_DEPOT ? "loaded at" : "brought to");
}

static void check_vehicles(checker *c)
{
    const ky_scenario *s = c->s;
    for (int32_t i = 0; i < s->n_vehicles; i++) {
        const ky_vehicle *v = &s->vehicles[i];
        char who[WHO_LEN], w[80];
        snprintf(who, sizeof who, "vehicle '%s'", id_of(v->id));
        ref_ok(c, v->line, who, "company", v->company, s->n_companies, true);
        ref_ok(c, v->line, who, "start depot", v->start_depot, s->n_depots,
               false);
        ref_ok(c, v->line, who, "end depot", v->end_depot, s->n_depots,
               false);
        if (v->shift.close < v->shift.open)
            bad(c, v->line, "%s: shift %s ends before it starts", who,
                fmt_window(v->shift, w, sizeof w));
        for (int d = 0; d < c->n_dims; d++)
            if (v->capacity[d] < 0)
                bad(c, v->line, "%s: capacity %s=%lld is negative", who,
                    id_of(s->dim_ids[d]), (long long)v->capacity[d]);
        for (int d = 0; d < c->n_dims; d++)
            if (v->capacity[d] > c->max_cap[d])
                c->max_cap[d] = v->capacity[d];
        c->fleet_skills |= v->skills;
        if (!(isfinite(v->max_drive) && v->max_drive >= 0 &&
              isfinite(v->break_after) && v->break_after >= 0 &&
              isfinite(v->break_min) && v->break_min >= 0))
            bad(c, v->line, "%s: max-driving, break-after and break must "
                "not be negative", who);
        else if ((v->break_after > 0) != (v->break_min > 0))
            bad(c, v->line, "%s: break-after and break go together: after "
                "how long a rest, and how long", who);
        else if (v->break_after > 0 && (v->break_after < 1 || v->break_min < 1))
            bad(c, v->line, "%s: break-after and break are at least a "
                "minute each", who);
        if (v->dedicated && v->company < 0)
            bad(c, v->line, "%s: a dedicated vehicle needs a company", who);
    }
}

/* ---- shipments ---------------------------------------------------------- */

/* The stop's site is valid; true when its location can be used. */
static bool check_site(checker *c, const char *who, const char *role,
                       const ky_stop_spec *st)
{
    const ky_scenario *s = c->s;
    char what[32];
    if (st->site == KY_SITE_DEPOT) {
        snprintf(what, sizeof what, "%s depot", role);
        if (!ref_ok(c, st->line, who, what, st->depot, s->n_depots, false))
            return false;
        const ky_depot *d = &s->depots[st->depot];
        if (st->location != d->location) {
            bad(c, st->line, "%s: %s location is not that of depot '%s'",
                who, role, id_of(d->id));
            return false;
        }
        return st->location >= 0 && st->location < s->n_locations;
    }
    if (st->site != KY_SITE_LOCATION) {
        bad(c, st->line, "%s: %s has an unknown site kind %d", who, role,
            (int)st->site);
        return false;
    }
    snprintf(what, sizeof what, "%s location", role);
    return ref_ok(c, st->line, who, what, st->location, s->n_locations,
                  false);
}

/* Windows not empty, not overlapping, one at a depot. True when they are
 * valid (so the reachability check may use them). */
static bool check_windows(checker *c, const char *who, const char *role,
                          const ky_stop_spec *st)
{
    char a[80], b[80];
    if (st->n_windows < 1 || st->n_windows > KY_MAX_WINDOWS) {
        bad(c, st->line, "%s: %s has %d windows (1 to %d allowed)", who, role,
            st->n_windows, KY_MAX_WINDOWS);
        return false;
    }
    bool ok = true;
    for (int i = 0; i < st->n_windows; i++) {
        ky_window w = st->windows[i];
        if (w.close < w.open) {
            bad(c, st->line, "%s: %s window %s closes before it opens", who,
                role, fmt_window(w, a, sizeof a));
            ok = false;
            continue;
        }
        for (int j = 0; j < i; j++) {
            ky_window v = st->windows[j];
            if (v.close >= v.open && w.open < v.close && v.open < w.close) {
                bad(c, st->line, "%s: %s windows %s and %s overlap", who,
                    role, fmt_window(v, a, sizeof a),
                    fmt_window(w, b, sizeof b));
                ok = false;
            }
        }
    }
    if (st->site == KY_SITE_DEPOT && st->n_windows > 1) {
        bad(c, st->line, "%s: %s at a depot takes one window, not %d", who,
            role, st->n_windows);
        ok = false;
    }
    return ok;
}

static bool check_stop(checker *c, const char *who, const char *role,
                       const ky_stop_spec *st)
{
    bool site_ok = check_site(c, who, role, st);
    bool windows_ok = check_windows(c, who, role, st);
    if (!(isfinite(st->service) && st->service >= 0)) {
        bad(c, st->line, "%s: %s service time must not be negative", who,
            role);
        return false;
    }
    if (!(isfinite(st->late_cost) && st->late_cost >= 0 &&
          st->max_late >= 0)) {
        bad(c, st->line, "%s: %s late-cost and max-late must not be "
            "negative", who, role);
        return false;
    }
    if (st->late_cost > 0 && st->site == KY_SITE_DEPOT) {
        bad(c, st->line, "%s: %s at a depot cannot be late (late-cost "
            "applies to a location's stop)", who, role);
        return false;
    }
    return site_ok && windows_ok;
}

/* "kg=900 and pallet=12": the dimensions the shipment uses. */
static const char *fmt_amount(const checker *c, const ky_shipment *sh,
                              char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int d = 0; d < c->n_dims && used < size; d++) {
        if (sh->amount[d] == 0)
            continue;
        int k = snprintf(buf + used, size - used, "%s%s=%lld",
                         used ? " and " : "", id_of(c->s->dim_ids[d]),
                         (long long)sh->amount[d]);
        used += k > 0 ? (size_t)k : 0;
    }
    return buf;
}

/* Some vehicle can carry the whole amount at once. */
static void check_capacity(checker *c, const char *who, const ky_shipment *sh)
{
    const ky_scenario *s = c->s;
    bool over = false, any = false;
    for (int d = 0; d < c->n_dims; d++) {
        if (sh->amount[d] < 0) {
            bad(c, sh->line, "%s: amount %s=%lld is negative", who,
                id_of(s->dim_ids[d]), (long long)sh->amount[d]);
            return;
        }
        any = any || sh->amount[d] > 0;
        if (c->any_fleet)
            continue;
        if (sh->amount[d] > c->max_cap[d]) {
            bad(c, sh->line,
                "%s: amount %s=%lld is more than any vehicle carries "
                "(largest capacity %lld)",
                who, id_of(s->dim_ids[d]), (long long)sh->amount[d],
                (long long)c->max_cap[d]);
            over = true;
        }
    }
    if (over || !any || c->any_fleet)
        return;
    for (int32_t v = 0; v < s->n_vehicles; v++) {
        int d = 0;
        while (d < c->n_dims && sh->amount[d] <= s->vehicles[v].capacity[d])
            d++;
        if (d == c->n_dims)
            return;
    }
    char amount[160];
    bad(c, sh->line, "%s: no vehicle can carry %s at once", who,
        fmt_amount(c, sh, amount, sizeof amount));
}

static void check_skills(checker *c, const char *who, const ky_shipment *sh)
{
    uint64_t missing = sh->skills & ~c->fleet_skills;
    for (int k = 0; k < 64; k++) {
        if (!(missing >> k & 1))
            continue;
        if (k < c->n_skills && c->s->skill_names[k] && c->any_fleet)
            continue;
        if (k < c->n_skills && c->s->skill_names[k])
            bad(c, sh->line, "%s needs skill '%s', which no vehicle has", who,
                c->s->skill_names[k]);
        else
            bad(c, sh->line, "%s needs skill #%d, which is not named", who,
                k);
    }
}

/* May a pickup be used at all: at a location, or at a depot some vehicle
 * starts at (any, when the fleet is not checked)? */
static bool depot_startable(const checker *c, const ky_stop_spec *st)
{
    if (st->site != KY_SITE_DEPOT || c->any_fleet)
        return true;
    for (int32_t v = 0; v < c->s->n_vehicles; v++)
        if (c->s->vehicles[v].start_depot == st->depot)
            return true;
    return false;
}

/* A depot pickup needs a vehicle starting there, a depot delivery one
 * ending there. Both stops' sites are valid. */
static void check_depot_use(checker *c, const char *who,
                            const ky_stop_spec *st, bool at_start)
{
    const ky_scenario *s = c->s;
    if (st->site != KY_SITE_DEPOT || c->any_fleet)
        return;
    for (int32_t v = 0; v < s->n_vehicles; v++) {
        const ky_vehicle *veh = &s->vehicles[v];
        if ((at_start ? veh->start_depot : veh->end_depot) == st->depot)
            return;
    }
    bad(c, st->line, "%s: %s at depot '%s', but no vehicle %s there", who,
        at_start ? "loaded" : "unloaded", id_of(s->depots[st->depot].id),
        at_start ? "starts" : "ends");
}

/* Even going straight from the pickup to the delivery, the delivery's
 * last window must not close before the vehicle can be there. */
static void check_reach(checker *c, const char *who, const ky_stop_spec *p,
                        const ky_stop_spec *d, int line)
{
    if (!has_travel(c, p->location) || !has_travel(c, d->location))
        return;
    int first = 0, last = 0;
    for (int i = 1; i < p->n_windows; i++)
        if (p->windows[i].open < p->windows[first].open)
            first = i;
    for (int i = 1; i < d->n_windows; i++)
        if (d->windows[i].close > d->windows[last].close)
            last = i;
    double km, minutes;
    ky_matrix_pair(c->s, p->location, d->location, &km, &minutes);
    double start = p->windows[first].open;
    double arrival = start + p->service + minutes;
    if (arrival <= d->windows[last].close + TIME_EPS)
        return;
    char dw[80], pw[80], t0[32], t1[32], svc[32], trv[32];
    bad(c, line,
        "%s: delivery window %s cannot be reached from pickup window %s "
        "(%s + %s min service + %s min travel = %s)",
        who, fmt_window(d->windows[last], dw, sizeof dw),
        fmt_window(p->windows[first], pw, sizeof pw),
        ky_format_clock(start, t0, sizeof t0),
        ky_fmt_num(p->service, 1, svc, sizeof svc),
        ky_fmt_num(minutes, 1, trv, sizeof trv),
        ky_format_clock(arrival, t1, sizeof t1));
}

static void check_shipment(checker *c, const ky_shipment *sh)
{
    const ky_scenario *s = c->s;
    char who[WHO_LEN];
    snprintf(who, sizeof who, "shipment '%s'", id_of(sh->id));
    ref_ok(c, sh->line, who, "company", sh->company, s->n_companies, true);
    if (sh->own_only && sh->company < 0)
        bad(c, sh->line, "%s: own-vehicles-only needs a company", who);
    check_transfer(c, who, sh);
    bool delivery_ok = check_stop(c, who, "delivery", &sh->delivery);
    if (!(isfinite(sh->penalty) && sh->penalty >= 0))
        bad(c, sh->line, "%s: penalty must not be negative", who);
    check_capacity(c, who, sh);
    check_skills(c, who, sh);
    if (delivery_ok)
        check_depot_use(c, who, &sh->delivery, false);
    if (sh->n_alt < 0 || sh->n_alt >= KY_MAX_SOURCES) {
        bad(c, sh->line, "%s: %d alternative pickups (at most %d)", who,
            (int)sh->n_alt, KY_MAX_SOURCES - 1);
        return;
    }
    /* Each source is checked as a pickup; with alternatives, a depot no
     * vehicle starts at is a problem only when every source has it. */
    int32_t n = ky_shipment_n_sources(sh), startable = 0;
    bool all_ok = true;
    for (int32_t k = 0; k < n; k++) {
        const ky_stop_spec *pk = ky_shipment_source(sh, k);
        bool ok = check_stop(c, who, "pickup", pk);
        all_ok &= ok;
        if (!(isfinite(sh->source_cost[k]) && sh->source_cost[k] >= 0))
            bad(c, pk->line, "%s: extra cost must not be negative", who);
        for (int32_t q = 0; ok && q < k; q++) {
            const ky_stop_spec *o = ky_shipment_source(sh, q);
            if (o->site == pk->site && o->location == pk->location &&
                o->depot == pk->depot)
                bad(c, pk->line, "%s: this pickup repeats the one at line %d",
                    who, o->line);
        }
        if (ok && delivery_ok && !c->any_fleet)
            /* with alternatives, the source is the one to blame */
            check_reach(c, who, pk, &sh->delivery,
                        sh->n_alt > 0 ? pk->line : sh->delivery.line);
        startable += ok && depot_startable(c, pk);
    }
    if (all_ok && startable == 0)
        check_depot_use(c, who, &sh->pickup, true);
}

/* ---- company rules ------------------------------------------------------ */

/* Characters of UTF-8 text (continuation bytes not counted). */
static size_t utf8_chars(const char *p)
{
    size_t n = 0;
    for (; *p; p++)
        n += ((unsigned char)*p & 0xC0) != 0x80;
    return n;
}

/* Hired vehicles are named <company>-hire-<n> (see kyodo/coalition.h):
 * the names must be ids, and free. */
static void check_hire_names(checker *c, const ky_company *co,
                             const char *who, int32_t hired)
{
    const ky_scenario *s = c->s;
    char id[KY_ID_MAX + 32];
    int line = co->n_hire ? co->hire[0].line : co->alone_line;
    snprintf(id, sizeof id, "%s-hire-%d", id_of(co->id), (int)hired);
    if (utf8_chars(id) > 128) {
        bad(c, line, "%s: hired vehicles would be named like '%s', longer "
            "than an id may be (128 characters); use a shorter company id",
            who, id);
        return;
    }
    for (int32_t k = 1; k <= hired; k++) {
        snprintf(id, sizeof id, "%s-hire-%d", id_of(co->id), (int)k);
        int32_t v = ky_scenario_find_vehicle(s, id);
        if (v >= 0) {
            bad(c, line, "%s: hired vehicle %d would be named '%s', the id "
                "of the vehicle at line %d", who, (int)k, id,
                s->vehicles[v].line);
            return;
        }
    }
}

static void check_alone(checker *c, const ky_company *co, const char *who,
                        int64_t *hired_total)
{
    const ky_scenario *s = c->s;
    int line = co->alone_line;
    int32_t hired = 0;
    for (int32_t k = 0; k < co->n_keep; k++)
        ref_ok(c, line, who, "kept vehicle", co->keep[k], s->n_vehicles,
               false);
    for (int32_t k = 0; k < co->n_hire; k++) {
        const ky_hire *h = &co->hire[k];
        ref_ok(c, h->line, who, "hired vehicle like", h->like, s->n_vehicles,
               false);
        if (h->count < 1 || h->count > 100)
            bad(c, h->line, "%s: hires %d vehicles (1 to 100 allowed)", who,
                (int)h->count);
        if (!(h->fixed_cost < 0 || isfinite(h->fixed_cost)) ||
            !(h->cost_per_km < 0 || isfinite(h->cost_per_km)))
            bad(c, h->line, "%s: hire prices must be finite", who);
        if (h->count > 0 && h->count <= 100)
            hired += h->count;
    }
    *hired_total += hired;
    if (hired > 0)
        check_hire_names(c, co, who, hired);
}

/* Bans name other companies; at most KY_MAX_BANNED companies take part
 * in any ban (the route core tracks them in one 64-bit word). */
static void check_companies(checker *c)
{
    const ky_scenario *s = c->s;
    int32_t banned = 0;
    int64_t hired = 0;
    for (int32_t i = 0; i < s->n_companies; i++) {
        const ky_company *co = &s->companies[i];
        char who[WHO_LEN];
        snprintf(who, sizeof who, "company '%s'", id_of(co->id));
        for (int32_t k = 0; k < co->n_no_coload; k++) {
            int32_t j = co->no_coload[k];
            if (!ref_ok(c, co->line, who, "co-loading ban", j, s->n_companies,
                        false))
                continue;
            if (j == i)
                bad(c, co->line, "%s: a company cannot ban co-loading with "
                    "itself", who);
        }
        if (co->has_alone)
            check_alone(c, co, who, &hired);
        if (ky_scenario_banned(s, i))
            banned++;
    }
    if (hired + s->n_vehicles > KY_MAX_VEHICLES)
        bad(c, 0, "%lld vehicles with the ones companies hire alone (at "
            "most %d)", (long long)(hired + s->n_vehicles), KY_MAX_VEHICLES);
    if (banned > KY_MAX_BANNED)
        bad(c, 0, "%d companies take part in co-loading bans (at most %d)",
            (int)banned, KY_MAX_BANNED);
}

/* ---- entry points ------------------------------------------------------- */

int ky_load__check(const ky_scenario *s, bool from_file, unsigned flags,
                   ky_error *err)
{
    checker c = {.s = s, .err = err, .from_file = from_file,
                 .any_fleet = (flags & KY_LOAD_ANY_FLEET) != 0};
    check_settings(&c);
    int rc = check_ids(&c);
    if (rc != KY_OK)
        return rc;
    check_coords(&c);
    check_depots(&c);
    check_vehicles(&c);
    check_companies(&c);
    for (int32_t i = 0; i < s->n_shipments; i++)
        check_shipment(&c, &s->shipments[i]);
    return c.n_bad > 0 ? KY_EINPUT : KY_OK;
}

int ky_scenario_validate(const ky_scenario *s, ky_error *err)
{
    return ky_load__check(s, false, 0, err);
}

int ky_scenario_check(const ky_scenario *s, unsigned flags, ky_error *err)
{
    return ky_load__check(s, false, flags, err);
}
