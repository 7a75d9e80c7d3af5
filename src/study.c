/* kyodo study: reading a study file and building its variants.
 *
 * The file is read like a scenario (load_int.h: safe parsing, schema),
 * then each <variant> becomes a list of changes with their ids as text.
 * Ids are resolved when a variant is built, against the scenario as the
 * earlier changes left it, so a change may use a depot an earlier one
 * added; loading builds every variant once, so that each problem is
 * reported at load time, with its line. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "kyodo/matrix.h"
#include "kyodo/study.h"
#include "load_int.h"

#define KY_STUDY_NS "urn:kyodo:study:1"

static const ky_load__kind study_kind = {"study", KY_STUDY_NS, ky_study_xsd,
                                         &ky_study_xsd_len};

/* ---- release ---------------------------------------------------------------- */

static void change_free(const ky_ctx *ctx, ky_change *c)
{
    ky_free(ctx, c->target);
    ky_free(ctx, c->place);
    ky_free(ctx, c->prefix);
    for (int32_t k = 0; k < c->n_ids; k++)
        ky_free(ctx, c->ids[k]);
    ky_free(ctx, c->ids);
    ky_free(ctx, c->px);
    ky_free(ctx, c->py);
}

void ky_study_free(ky_study *st)
{
    if (st == NULL)
        return;
    ky_ctx ctx = st->ctx;
    for (int32_t i = 0; i < st->n_variants; i++) {
        ky_variant *v = &st->variants[i];
        for (int32_t k = 0; k < v->n_changes; k++)
            change_free(&ctx, &v->changes[k]);
        ky_free(&ctx, v->changes);
        ky_free(&ctx, v->id);
        ky_free(&ctx, v->name);
    }
    ky_free(&ctx, st->variants);
    ky_scenario_free(st->base);
    ky_free(&ctx, st->file);
    ky_free(&ctx, st->name);
    ky_free(&ctx, st->base_path);
    ky_free(&ctx, st);
}

/* ---- reading ------------------------------------------------------------------ */

typedef struct reader {
    ky_study *st;
    ky_error *err;
    int rc; /* KY_ENOMEM stops; input problems only count */
    int n_bad;
    int base_line; /* of the root element, which names the base */
} reader;

static void bad(reader *rd, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void bad(reader *rd, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ky_error_addv(rd->err, KY_EINPUT, rd->st->file, line, fmt, ap);
    va_end(ap);
    rd->n_bad++;
}

static char *dup_text(reader *rd, const char *text)
{
    if (text == NULL || rd->rc != KY_OK)
        return NULL;
    char *d = ky_strdup(&rd->st->ctx, text);
    if (d == NULL)
        rd->rc = KY_ENOMEM;
    return d;
}

static double number(const xmlNode *n, const char *name, double dflt)
{
    const char *text = ky_load__attr(n, name);
    double v;
    return text && ky_load__number(text, &v) ? v : dflt;
}

static double clock_of(const xmlNode *n, const char *name, double dflt)
{
    const char *text = ky_load__attr(n, name);
    double v;
    return text && ky_parse_clock(text, &v) ? v : dflt;
}

static bool flag(const xmlNode *n, const char *name, bool dflt)
{
    const char *text = ky_load__attr(n, name);
    if (text == NULL)
        return dflt;
    return strcmp(text, "true") == 0 || strcmp(text, "1") == 0;
}

/* A blank-separated list of ids into c->ids. */
static void read_ids(reader *rd, const char *text, ky_change *c)
{
    if (text == NULL)
        return;
    const char *p = text;
    size_t len;
    int32_t n = 0;
    while (ky_load__token(&p, &len))
        n++;
    if (n == 0 || rd->rc != KY_OK)
        return;
    c->ids = ky_calloc(&rd->st->ctx, (size_t)n, sizeof *c->ids);
    if (c->ids == NULL) {
        rd->rc = KY_ENOMEM;
        return;
    }
    p = text;
    const char *t;
    while ((t = ky_load__token(&p, &len)) != NULL) {
        char *id = ky_malloc(&rd->st->ctx, len + 1);
        if (id == NULL) {
            rd->rc = KY_ENOMEM;
            return;
        }
        memcpy(id, t, len);
        id[len] = '\0';
        c->ids[c->n_ids++] = id;
    }
}

static void read_polygon(reader *rd, const xmlNode *n, ky_change *c)
{
    int32_t k = 0;
    for (const xmlNode *q = ky_load__child(n, "point"); q;
         q = ky_load__next(q))
        k++;
    if (k == 0)
        return;
    c->px = ky_calloc(&rd->st->ctx, (size_t)k, sizeof *c->px);
    c->py = ky_calloc(&rd->st->ctx, (size_t)k, sizeof *c->py);
    if (c->px == NULL || c->py == NULL) {
        rd->rc = KY_ENOMEM;
        return;
    }
    for (const xmlNode *q = ky_load__child(n, "point"); q;
         q = ky_load__next(q)) {
        bool xy = ky_load__attr(q, "x") && ky_load__attr(q, "y");
        bool geo = ky_load__attr(q, "lat") && ky_load__attr(q, "lon");
        if (xy == geo) {
            bad(rd, ky_load__line(q), "a point takes x and y, or lat and "
                                      "lon");
            continue;
        }
        if (c->n_points == 0)
            c->geo = geo;
        else if (c->geo != geo)
            bad(rd, ky_load__line(q), "a polygon's points are all x and y, "
                                      "or all lat and lon");
        c->px[c->n_points] = xy ? number(q, "x", 0) : number(q, "lon", 0);
        c->py[c->n_points] = xy ? number(q, "y", 0) : number(q, "lat", 0);
        c->n_points++;
    }
    if (c->n_points < 3)
        bad(rd, c->line, "slow-roads: a polygon needs at least 3 points");
}

static const struct {
    const char *element;
    ky_change_kind kind;
} change_names[] = {
    {"close", KY_CHANGE_CLOSE},
    {"close-depot", KY_CHANGE_CLOSE_DEPOT},
    {"demand", KY_CHANGE_DEMAND},
    {"remove-vehicles", KY_CHANGE_REMOVE_VEHICLES},
    {"add-vehicles", KY_CHANGE_ADD_VEHICLES},
    {"slow-roads", KY_CHANGE_SLOW_ROADS},
    {"add-depot", KY_CHANGE_ADD_DEPOT},
    {"move-vehicles", KY_CHANGE_MOVE_VEHICLES},
};

static void read_change(reader *rd, const xmlNode *n, ky_change *c)
{
    const char *name = (const char *)n->name;
    for (size_t k = 0; k < sizeof change_names / sizeof *change_names; k++)
        if (strcmp(name, change_names[k].element) == 0)
            c->kind = change_names[k].kind;
    c->line = ky_load__line(n);
    c->fixed_cost = number(n, "fixed-cost", -1);
    c->cost_per_km = number(n, "cost-per-km", -1);
    c->cost_per_hour = number(n, "cost-per-hour", -1);
    c->factor = number(n, "factor", 1);
    c->from = clock_of(n, "from", 0);
    c->hours = (ky_window){clock_of(n, "open", 0),
                           clock_of(n, "close", KY_TIME_INF)};
    /* the schema allows any positive integer: clamp before converting */
    c->count = (int64_t)fmin(number(n, "count", 0), KY_MAX_VEHICLES + 1.0);
    c->shared = flag(n, "shared", true);
    c->cross_dock = flag(n, "cross-dock", false);
    /* the schema allows 1 to 1000 docks */
    c->docks = (int32_t)fmin(number(n, "docks", 0), 1000.0);
    c->handling = number(n, "handling", 0);
    c->emergency = flag(n, "emergency", false);
    switch (c->kind) {
    case KY_CHANGE_CLOSE:
        c->target = dup_text(rd, ky_load__attr(n, "location"));
        break;
    case KY_CHANGE_CLOSE_DEPOT:
        c->target = dup_text(rd, ky_load__attr(n, "depot"));
        break;
    case KY_CHANGE_DEMAND:
        c->target = dup_text(rd, ky_load__attr(n, "company"));
        break;
    case KY_CHANGE_REMOVE_VEHICLES:
        read_ids(rd, ky_load__attr(n, "vehicles"), c);
        break;
    case KY_CHANGE_ADD_VEHICLES:
        c->target = dup_text(rd, ky_load__attr(n, "like"));
        c->place = dup_text(rd, ky_load__attr(n, "depot"));
        c->prefix = dup_text(rd, ky_load__attr(n, "prefix"));
        break;
    case KY_CHANGE_SLOW_ROADS:
        read_ids(rd, ky_load__attr(n, "locations"), c);
        read_polygon(rd, n, c);
        if (c->n_ids == 0 && c->n_points == 0)
            bad(rd, c->line, "slow-roads needs locations or a polygon");
        break;
    case KY_CHANGE_ADD_DEPOT:
        c->target = dup_text(rd, ky_load__attr(n, "id"));
        c->place = dup_text(rd, ky_load__attr(n, "location"));
        if (c->hours.close < c->hours.open)
            bad(rd, c->line, "add-depot: it closes before it opens");
        break;
    case KY_CHANGE_MOVE_VEHICLES:
        read_ids(rd, ky_load__attr(n, "vehicles"), c);
        c->place = dup_text(rd, ky_load__attr(n, "to"));
        break;
    }
}

static void read_variant(reader *rd, const xmlNode *n, ky_variant *v)
{
    v->line = ky_load__line(n);
    v->id = dup_text(rd, ky_load__attr(n, "id"));
    v->name = dup_text(rd, ky_load__attr(n, "name"));
    int32_t k = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        k += c->type == XML_ELEMENT_NODE;
    if (rd->rc != KY_OK || k == 0)
        return;
    v->changes = ky_calloc(&rd->st->ctx, (size_t)k, sizeof *v->changes);
    if (v->changes == NULL) {
        rd->rc = KY_ENOMEM;
        return;
    }
    for (const xmlNode *c = n->children; c && rd->rc == KY_OK; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            read_change(rd, c, &v->changes[v->n_changes++]);
}

/* The base path: as written when absolute, else beside the study. */
static char *base_path(reader *rd, const char *path, const char *base)
{
    const char *slash = strrchr(path, '/');
    size_t dir = base[0] == '/' || slash == NULL
                     ? 0
                     : (size_t)(slash - path) + 1;
    size_t len = dir + strlen(base) + 1;
    char *out = ky_malloc(&rd->st->ctx, len);
    if (out == NULL) {
        rd->rc = KY_ENOMEM;
        return NULL;
    }
    snprintf(out, len, "%.*s%s", (int)dir, path, base);
    return out;
}

static void read_study(reader *rd, const xmlNode *root, const char *path)
{
    ky_study *st = rd->st;
    rd->base_line = ky_load__line(root);
    st->name = dup_text(rd, ky_load__attr(root, "name"));
    st->base_path = base_path(rd, path, ky_load__attr(root, "base"));
    int32_t n = 0;
    for (const xmlNode *v = ky_load__child(root, "variant"); v;
         v = ky_load__next(v))
        n++;
    if (rd->rc != KY_OK)
        return;
    st->variants = ky_calloc(&st->ctx, (size_t)n + 1, sizeof *st->variants);
    if (st->variants == NULL) {
        rd->rc = KY_ENOMEM;
        return;
    }
    for (const xmlNode *v = ky_load__child(root, "variant");
         v && rd->rc == KY_OK; v = ky_load__next(v)) {
        ky_variant *var = &st->variants[st->n_variants++];
        read_variant(rd, v, var);
        if (var->id == NULL)
            continue;
        /* ids name folders beside the reports, on file systems that may
         * ignore case */
        static const char *const kept[] = {"base", "study.csv",
                                           "study.json"};
        for (size_t k = 0; k < sizeof kept / sizeof *kept; k++)
            if (strcasecmp(var->id, kept[k]) == 0)
                bad(rd, var->line, "variant '%s': the name is kept for %s",
                    var->id, k == 0 ? "the base scenario" : "the report");
        for (int32_t k = 0; k + 1 < st->n_variants; k++)
            if (st->variants[k].id &&
                strcasecmp(st->variants[k].id, var->id) == 0)
                bad(rd, var->line, "variant '%s' is already defined at "
                    "line %d", var->id, st->variants[k].line);
    }
}

/* Parses the study under the "C" numeric locale. */
static int read_file_doc(reader *rd, const char *path)
{
    xmlDoc *doc = NULL;
    int rc = ky_load__document(path, &study_kind, &rd->st->ctx, rd->err,
                               &doc);
    if (rc != KY_OK)
        return rc;
    locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (c_locale == (locale_t)0) {
        xmlFreeDoc(doc);
        return KY_ENOMEM;
    }
    locale_t old = uselocale(c_locale);
    read_study(rd, xmlDocGetRootElement(doc), path);
    uselocale(old);
    freelocale(c_locale);
    xmlFreeDoc(doc);
    return rd->rc;
}

/* The study's own problems in line order, ahead of its base's. */
static void sort_problems(ky_error *err, int first, const char *path)
{
    if (err == NULL)
        return;
    for (int i = first + 1; i < err->n; i++) {
        ky_diag d = err->items[i];
        bool mine = strcmp(d.file, path) == 0;
        int j = i;
        for (; j > first; j--) {
            const ky_diag *x = &err->items[j - 1];
            bool x_mine = strcmp(x->file, path) == 0;
            if (x_mine == mine ? x->line <= d.line : x_mine)
                break;
            err->items[j] = err->items[j - 1];
        }
        err->items[j] = d;
    }
}

int ky_study_load(ky_study **out, const char *path, const ky_ctx *ctx,
                  ky_error *err)
{
    int first = err ? err->n : 0;
    *out = NULL;
    ky_study *st = ky_calloc(ctx, 1, sizeof *st);
    if (st == NULL)
        return KY_ENOMEM;
    if (ctx)
        st->ctx = *ctx;
    reader rd = {st, err, KY_OK, 0, 0};
    st->file = dup_text(&rd, path);
    int rc = rd.rc == KY_OK ? read_file_doc(&rd, path) : rd.rc;
    if (rc == KY_OK) {
        rc = ky_load_file(&st->base, st->base_path, ctx, err);
        if (rc != KY_OK && rc != KY_ENOMEM)
            ky_error_add(err, rc, path, rd.base_line,
                         "the base scenario '%s' could not be loaded",
                         st->base_path);
    }
    /* every variant is built once: its problems are the study's */
    for (int32_t i = 0; rc == KY_OK && i < st->n_variants; i++) {
        ky_scenario *s = NULL;
        int r = ky_study_scenario(&s, st, i, ctx, err);
        ky_scenario_free(s);
        if (r == KY_ENOMEM)
            rc = r;
        else if (r != KY_OK)
            rd.n_bad++;
    }
    if (rc == KY_OK && rd.n_bad > 0)
        rc = KY_EINPUT;
    if (rc == KY_ENOMEM)
        ky_error_add(err, KY_ENOMEM, path, 0, "out of memory");
    sort_problems(err, first, path);
    if (rc != KY_OK) {
        ky_study_free(st);
        return rc;
    }
    *out = st;
    return KY_OK;
}

/* ---- building a variant ------------------------------------------------------- */

typedef struct builder {
    const ky_study *st;
    const ky_variant *var;
    ky_scenario *s;
    ky_error *err;
    int n_bad;
} builder;

static int fail(builder *b, const ky_change *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(builder *b, const ky_change *c, const char *fmt, ...)
{
    char msg[KY_ERROR_MSG_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ky_error_add(b->err, KY_EINPUT, b->st->file, c->line, "variant '%s': %s",
                 b->var->id, msg);
    b->n_bad++;
    return KY_EINPUT;
}

static int32_t location_of(builder *b, const ky_change *c, const char *id)
{
    int32_t i = ky_scenario_find_location(b->s, id);
    if (i < 0)
        fail(b, c, "location '%s' is not in the scenario", id);
    return i;
}

static int32_t depot_of(builder *b, const ky_change *c, const char *id)
{
    int32_t i = ky_scenario_find_depot(b->s, id);
    if (i < 0)
        fail(b, c, "depot '%s' is not in the scenario", id);
    return i;
}

static int32_t vehicle_of(builder *b, const ky_change *c, const char *id)
{
    int32_t i = ky_scenario_find_vehicle(b->s, id);
    if (i < 0)
        fail(b, c, "vehicle '%s' is not in the scenario", id);
    return i;
}

static int close_depot(builder *b, const ky_change *c)
{
    int32_t d = depot_of(b, c, c->target);
    if (d < 0)
        return KY_EINPUT;
    ky_depot *dep = &b->s->depots[d];
    if (c->from <= dep->hours.open)
        b->s->locations[dep->location].closed = true;
    else if (c->from < dep->hours.close)
        dep->hours.close = c->from;
    return KY_OK;
}

static int scale_demand(builder *b, const ky_change *c)
{
    ky_scenario *s = b->s;
    int32_t company = -1;
    if (c->target && (company = ky_scenario_find_company(s, c->target)) < 0)
        return fail(b, c, "company '%s' is not in the scenario", c->target);
    for (int32_t i = 0; i < s->n_shipments; i++) {
        ky_shipment *sh = &s->shipments[i];
        if (company >= 0 && sh->company != company)
            continue;
        for (int d = 0; d < s->n_dims; d++) {
            double a = ceil((double)sh->amount[d] * c->factor - 1e-9);
            if (!(a < 9e18))
                return fail(b, c, "shipment '%s': the amount grows too "
                            "large", sh->id);
            sh->amount[d] = (int64_t)a;
        }
    }
    return KY_OK;
}

/* Drops the marked vehicles; the <alone> lists follow their indices (a
 * hire whose template is gone goes too). */
static int drop_vehicles(ky_scenario *s, const uint8_t *gone)
{
    int32_t *map = ky_calloc(&s->ctx, (size_t)s->n_vehicles + 1,
                             sizeof *map);
    if (map == NULL)
        return KY_ENOMEM;
    int32_t n = 0;
    for (int32_t v = 0; v < s->n_vehicles; v++) {
        map[v] = gone[v] ? -1 : n;
        if (gone[v])
            ky_free(&s->ctx, s->vehicles[v].id);
        else
            s->vehicles[n++] = s->vehicles[v];
    }
    s->n_vehicles = n;
    for (int32_t i = 0; i < s->n_companies; i++) {
        ky_company *co = &s->companies[i];
        int32_t k = 0;
        for (int32_t j = 0; j < co->n_keep; j++)
            if (map[co->keep[j]] >= 0)
                co->keep[k++] = map[co->keep[j]];
        co->n_keep = k;
        k = 0;
        for (int32_t j = 0; j < co->n_hire; j++)
            if (map[co->hire[j].like] >= 0) {
                co->hire[k] = co->hire[j];
                co->hire[k++].like = map[co->hire[j].like];
            }
        co->n_hire = k;
    }
    ky_free(&s->ctx, map);
    return KY_OK;
}

static int remove_vehicles(builder *b, const ky_change *c)
{
    ky_scenario *s = b->s;
    uint8_t *gone = ky_calloc(&s->ctx, (size_t)s->n_vehicles + 1, 1);
    if (gone == NULL)
        return KY_ENOMEM;
    int rc = KY_OK;
    for (int32_t k = 0; k < c->n_ids; k++) {
        int32_t v = vehicle_of(b, c, c->ids[k]);
        if (v < 0)
            rc = KY_EINPUT;
        else
            gone[v] = 1;
    }
    if (rc == KY_OK)
        rc = drop_vehicles(s, gone);
    ky_free(&s->ctx, gone);
    return rc;
}

static int add_vehicles(builder *b, const ky_change *c)
{
    ky_scenario *s = b->s;
    int32_t like = vehicle_of(b, c, c->target);
    int32_t depot = c->place ? depot_of(b, c, c->place) : -2;
    if (like < 0 || depot == -1)
        return KY_EINPUT;
    if (s->n_vehicles + c->count > KY_MAX_VEHICLES)
        return fail(b, c, "more than %d vehicles", KY_MAX_VEHICLES);
    char id[KY_ID_MAX + 32];
    snprintf(id, sizeof id, "%s-%lld", c->prefix, (long long)c->count);
    size_t chars = 0;
    for (const char *q = id; *q; q++)
        chars += ((unsigned char)*q & 0xC0) != 0x80;
    if (chars > 128)
        return fail(b, c, "names like '%s' are longer than an id may be "
                    "(128 characters)", id);
    ky_vehicle *grown = ky_reallocarray(&s->ctx, s->vehicles,
                                        (size_t)(s->n_vehicles + c->count),
                                        sizeof *grown);
    if (grown == NULL)
        return KY_ENOMEM;
    s->vehicles = grown;
    for (int64_t k = 1; k <= c->count; k++) {
        snprintf(id, sizeof id, "%s-%lld", c->prefix, (long long)k);
        if (ky_scenario_find_vehicle(s, id) >= 0)
            return fail(b, c, "vehicle '%s' already exists", id);
        ky_vehicle *v = &s->vehicles[s->n_vehicles];
        *v = s->vehicles[like];
        v->line = 0;
        v->emergency = c->emergency;
        if (depot >= 0)
            v->start_depot = v->end_depot = depot;
        if (c->fixed_cost >= 0)
            v->fixed_cost = c->fixed_cost;
        if (c->cost_per_km >= 0)
            v->cost_per_km = c->cost_per_km;
        if (c->cost_per_hour >= 0)
            v->cost_per_hour = c->cost_per_hour;
        if ((v->id = ky_strdup(&s->ctx, id)) == NULL)
            return KY_ENOMEM;
        s->n_vehicles++;
    }
    return KY_OK;
}

/* Is (x, y) inside the polygon (even-odd rule)? */
static bool inside(const ky_change *c, double x, double y)
{
    bool in = false;
    for (int32_t i = 0, j = c->n_points - 1; i < c->n_points; j = i++) {
        double xi = c->px[i], yi = c->py[i], xj = c->px[j], yj = c->py[j];
        if ((yi > y) != (yj > y) &&
            x < (xj - xi) * (y - yi) / (yj - yi) + xi)
            in = !in;
    }
    return in;
}

/* The scenario's own matrix, made explicit, so that travel times can
 * differ from what coordinates give. */
static int make_explicit(ky_scenario *s)
{
    if (s->settings.distance == KY_DIST_MATRIX)
        return KY_OK;
    ky_matrix *m = NULL;
    int rc = ky_matrix_new(&m, s, &s->ctx);
    if (rc != KY_OK)
        return rc;
    size_t nn = (size_t)s->n_locations * (size_t)s->n_locations;
    double *km = ky_calloc(&s->ctx, nn + 1, sizeof *km);
    double *mins = ky_calloc(&s->ctx, nn + 1, sizeof *mins);
    if (km == NULL || mins == NULL) {
        ky_free(&s->ctx, km);
        ky_free(&s->ctx, mins);
        ky_matrix_free(m);
        return KY_ENOMEM;
    }
    memcpy(km, m->km, nn * sizeof *km);
    memcpy(mins, m->minutes, nn * sizeof *mins);
    ky_matrix_free(m);
    s->matrix.km = km;
    s->matrix.minutes = mins;
    s->settings.distance = KY_DIST_MATRIX;
    return KY_OK;
}

static int slow_roads(builder *b, const ky_change *c)
{
    ky_scenario *s = b->s;
    uint8_t *in = ky_calloc(&s->ctx, (size_t)s->n_locations + 1, 1);
    if (in == NULL)
        return KY_ENOMEM;
    int rc = KY_OK;
    for (int32_t k = 0; k < c->n_ids; k++) {
        int32_t l = location_of(b, c, c->ids[k]);
        if (l < 0)
            rc = KY_EINPUT;
        else
            in[l] = 1;
    }
    /* lat and lon go with haversine distances and with a matrix whose
     * locations carry coordinates for maps (always lat and lon); the
     * base's model, as an earlier slow-roads makes the matrix explicit */
    bool geo = b->st->base->settings.distance != KY_DIST_EUCLIDEAN;
    if (c->n_points >= 3 && c->geo != geo)
        rc = fail(b, c, "the polygon gives %s, but the scenario's locations "
                  "have %s", c->geo ? "lat and lon" : "x and y",
                  c->geo ? "x and y" : "lat and lon");
    for (int32_t l = 0; rc == KY_OK && c->n_points >= 3 &&
                        l < s->n_locations; l++) {
        const ky_location *loc = &s->locations[l];
        if (!loc->has_coords) {
            rc = fail(b, c, "a polygon needs coordinates; location '%s' "
                      "has none", loc->id);
            break;
        }
        in[l] |= inside(c, loc->x, loc->y);
    }
    if (rc == KY_OK)
        rc = make_explicit(s);
    size_t n = (size_t)s->n_locations;
    for (size_t i = 0; rc == KY_OK && i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j && (in[i] || in[j]))
                s->matrix.minutes[i * n + j] *= c->factor;
    ky_free(&s->ctx, in);
    return rc;
}

static int add_depot(builder *b, const ky_change *c)
{
    ky_scenario *s = b->s;
    int32_t loc = location_of(b, c, c->place);
    if (loc < 0)
        return KY_EINPUT;
    if (ky_scenario_find_depot(s, c->target) >= 0)
        return fail(b, c, "depot '%s' already exists", c->target);
    ky_depot *grown = ky_reallocarray(&s->ctx, s->depots,
                                      (size_t)s->n_depots + 1, sizeof *grown);
    if (grown == NULL)
        return KY_ENOMEM;
    s->depots = grown;
    ky_depot *d = &s->depots[s->n_depots];
    *d = (ky_depot){.location = loc, .company = -1, .shared = c->shared,
                    .cross_dock = c->cross_dock, .hours = c->hours,
                    .docks = c->docks, .handling = c->handling};
    if ((d->id = ky_strdup(&s->ctx, c->target)) == NULL)
        return KY_ENOMEM;
    s->n_depots++;
    return KY_OK;
}

static int move_vehicles(builder *b, const ky_change *c)
{
    int32_t d = depot_of(b, c, c->place);
    int rc = d < 0 ? KY_EINPUT : KY_OK;
    for (int32_t k = 0; k < c->n_ids; k++) {
        int32_t v = vehicle_of(b, c, c->ids[k]);
        if (v < 0)
            rc = KY_EINPUT;
        else if (d >= 0)
            b->s->vehicles[v].start_depot = b->s->vehicles[v].end_depot = d;
    }
    return rc;
}

static int apply(builder *b, const ky_change *c)
{
    switch (c->kind) {
    case KY_CHANGE_CLOSE: {
        int32_t l = location_of(b, c, c->target);
        if (l < 0)
            return KY_EINPUT;
        b->s->locations[l].closed = true;
        return KY_OK;
    }
    case KY_CHANGE_CLOSE_DEPOT: return close_depot(b, c);
    case KY_CHANGE_DEMAND: return scale_demand(b, c);
    case KY_CHANGE_REMOVE_VEHICLES: return remove_vehicles(b, c);
    case KY_CHANGE_ADD_VEHICLES: return add_vehicles(b, c);
    case KY_CHANGE_SLOW_ROADS: return slow_roads(b, c);
    case KY_CHANGE_ADD_DEPOT: return add_depot(b, c);
    case KY_CHANGE_MOVE_VEHICLES: return move_vehicles(b, c);
    }
    return KY_EINTERNAL;
}

/* "enshu-cluster (center-flooded)" */
static int rename_scenario(ky_scenario *s, const char *variant)
{
    const char *base = s->name ? s->name : "";
    size_t len = strlen(base) + strlen(variant) + 4;
    char *name = ky_malloc(&s->ctx, len);
    if (name == NULL)
        return KY_ENOMEM;
    snprintf(name, len, "%s (%s)", base, variant);
    ky_free(&s->ctx, s->name);
    s->name = name;
    return KY_OK;
}

int ky_study_scenario(ky_scenario **out, const ky_study *st, int32_t i,
                      const ky_ctx *ctx, ky_error *err)
{
    *out = NULL;
    if (i < -1 || i >= st->n_variants)
        return ky_error_add(err, KY_EINTERNAL, st->file, 0,
                            "no variant #%d", (int)i);
    ky_scenario *s = NULL;
    int rc = ky_scenario_copy(&s, st->base, ctx);
    if (rc != KY_OK || i < 0) {
        *out = s;
        return rc;
    }
    const ky_variant *var = &st->variants[i];
    builder b = {st, var, s, err, 0};
    for (int32_t k = 0; k < var->n_changes && rc != KY_ENOMEM; k++) {
        int r = apply(&b, &var->changes[k]);
        if (r != KY_OK && rc == KY_OK)
            rc = r;
    }
    if (rc == KY_OK && s->n_vehicles == 0)
        rc = fail(&b, &var->changes[var->n_changes - 1],
                  "no vehicle is left; a scenario needs one");
    if (rc == KY_OK)
        rc = rename_scenario(s, var->id);
    /* what the changes made must still be a scenario */
    ky_error why;
    ky_error_init(&why);
    if (rc == KY_OK &&
        (rc = ky_scenario_check(s, KY_LOAD_ANY_FLEET, &why)) == KY_EINPUT) {
        char msg[KY_ERROR_MSG_LEN + KY_ERROR_FILE_LEN + 16];
        for (int k = 0; k < why.n; k++)
            ky_error_add(err, KY_EINPUT, st->file, var->line,
                         "variant '%s' makes an invalid scenario: %s",
                         var->id, ky_error_format(&why, k, msg, sizeof msg));
    }
    if (rc != KY_OK) {
        ky_scenario_free(s);
        return rc;
    }
    *out = s;
    return KY_OK;
}
