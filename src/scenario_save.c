/* kyodo scenario_save: ky_scenario -> scenario XML (models/scenario.xsd).
 *
 * The output is meant for people as much as for the loader: UTF-8, one
 * element per line, two-space indentation, elements and attributes always
 * in the same order, so the same scenario gives the same bytes. Every
 * string goes through ky_afile_puts_xml; numbers through ky_fmt_num (plain
 * decimals, never an exponent) with enough digits to read back the same
 * value: 10 decimals for coordinates, matrix cells and settings, 6 for
 * costs, penalties and durations; amounts are integers. Clock times use
 * ky_format_clock; a window that is "always" ([0, KY_TIME_INF]) is left
 * out, and a close at or past KY_TIME_INF is written as the largest clock
 * the schema allows.
 *
 * Values equal to the schema's defaults are omitted where the loader
 * restores them exactly (zero costs, zero service, zero amounts, a
 * shipment penalty equal to the default penalty); settings are always
 * written. Vehicles are written one element each, never with count.
 *
 * The file is written through ky_afile: it appears whole or not at all. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "kyodo/afile.h"
#include "kyodo/scenario.h"

#define DEC_COORD 10 /* coordinates, matrix cells, settings */
#define DEC_COST 6   /* costs, penalties, CO2, service minutes */
/* The schema's clock has at most three hour digits: 999:59:59. */
#define CLOCK_MAX_MIN (999.0 * 60.0 + 59.0 + 59.0 / 60.0)

static void put_attr(ky_afile *f, const char *name, const char *value)
{
    ky_afile_printf(f, " %s=\"", name);
    ky_afile_puts_xml(f, value);
    ky_afile_puts(f, "\"");
}

static void put_num(ky_afile *f, const char *name, double x, int decimals)
{
    char buf[64];
    put_attr(f, name, ky_fmt_num(x, decimals, buf, sizeof buf));
}

/* A non-zero number; zero is every such attribute's default. */
static void put_num_nz(ky_afile *f, const char *name, double x,
                       int decimals)
{
    if (x != 0.0)
        put_num(f, name, x, decimals);
}

static void put_clock(ky_afile *f, double minutes)
{
    char buf[32];
    if (minutes > CLOCK_MAX_MIN)
        minutes = CLOCK_MAX_MIN;
    ky_afile_puts(f, ky_format_clock(minutes, buf, sizeof buf));
}

static void put_clock_attr(ky_afile *f, const char *name, double minutes)
{
    ky_afile_printf(f, " %s=\"", name);
    put_clock(f, minutes);
    ky_afile_puts(f, "\"");
}

static bool window_is_always(const ky_window *w)
{
    return w->open <= 0.0 && w->close >= KY_TIME_INF;
}

static void put_window(ky_afile *f, const ky_window *w)
{
    put_clock(f, w->open);
    ky_afile_puts(f, "-");
    put_clock(f, w->close);
}

static void put_skills(ky_afile *f, const ky_scenario *s, uint64_t mask)
{
    if (mask == 0)
        return;
    const char *sep = "";
    ky_afile_puts(f, " skills=\"");
    for (int i = 0; i < s->n_skills; i++)
        if (mask & ((uint64_t)1 << i)) {
            ky_afile_puts(f, sep);
            ky_afile_puts_xml(f, s->skill_names[i]);
            sep = " ";
        }
    ky_afile_puts(f, "\"");
}

/* <capacity .../> or <amount .../>: one attribute per dimension id. */
static void put_amounts(ky_afile *f, const char *element,
                        const ky_scenario *s, const int64_t *v, bool zeros)
{
    bool any = zeros;
    for (int d = 0; d < s->n_dims; d++)
        any = any || v[d] != 0;
    if (!any)
        return;
    ky_afile_printf(f, "      <%s", element);
    for (int d = 0; d < s->n_dims; d++)
        if (zeros || v[d] != 0) {
            ky_afile_puts(f, " ");
            ky_afile_puts_xml(f, s->dim_ids[d]);
            ky_afile_printf(f, "=\"%" PRId64 "\"", v[d]);
        }
    ky_afile_puts(f, "/>\n");
}

/* Dimension ids become attribute names, so they must be XML names
 * (without colons, not starting with "xml") and distinct; anything else
 * would make the file ill-formed rather than merely invalid. */
static bool dims_writable(const ky_scenario *s, ky_error *err,
                          const char *path)
{
    for (int d = 0; d < s->n_dims; d++) {
        const unsigned char *p = (const unsigned char *)s->dim_ids[d];
        bool ok = p[0] != '\0' && strncasecmp((const char *)p, "xml", 3);
        for (int i = 0; ok && p[i]; i++) {
            bool alpha = (p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z';
            bool digit = p[i] >= '0' && p[i] <= '9';
            ok = alpha || p[i] == '_' || p[i] >= 0x80 ||
                 (i > 0 && (digit || p[i] == '-' || p[i] == '.'));
        }
        for (int e = 0; ok && e < d; e++)
            ok = strcmp(s->dim_ids[e], s->dim_ids[d]) != 0;
        if (!ok) {
            ky_error_add(err, KY_EINPUT, path, 0, "dimension id '%.128s' "
                         "cannot be written as an XML attribute name",
                         s->dim_ids[d]);
            return false;
        }
    }
    return true;
}

/* A list attribute of ids: name="a b c". */
static void put_id_list(ky_afile *f, const char *name, const int32_t *idx,
                        int32_t n, const char *(*id_of)(const ky_scenario *,
                                                        int32_t),
                        const ky_scenario *s)
{
    if (n == 0)
        return;
    ky_afile_printf(f, " %s=\"", name);
    for (int32_t k = 0; k < n; k++) {
        if (k > 0)
            ky_afile_puts(f, " ");
        ky_afile_puts_xml(f, id_of(s, idx[k]));
    }
    ky_afile_puts(f, "\"");
}

static const char *company_id(const ky_scenario *s, int32_t i)
{
    return s->companies[i].id;
}

static const char *vehicle_id(const ky_scenario *s, int32_t i)
{
    return s->vehicles[i].id;
}

static void write_company(ky_afile *f, const ky_scenario *s,
                          const ky_company *c)
{
    ky_afile_puts(f, "    <company");
    put_attr(f, "id", c->id);
    if (c->name)
        put_attr(f, "name", c->name);
    put_id_list(f, "no-coloading-with", c->no_coload, c->n_no_coload,
                company_id, s);
    if (c->transfer)
        ky_afile_puts(f, " transfer=\"true\"");
    if (!c->has_alone) {
        ky_afile_puts(f, "/>\n");
        return;
    }
    ky_afile_puts(f, ">\n      <alone");
    put_id_list(f, "vehicles", c->keep, c->n_keep, vehicle_id, s);
    ky_afile_puts(f, c->n_hire ? ">\n" : "/>\n");
    for (int32_t k = 0; k < c->n_hire; k++) {
        const ky_hire *h = &c->hire[k];
        ky_afile_puts(f, "        <hire");
        put_attr(f, "like", s->vehicles[h->like].id);
        ky_afile_printf(f, " count=\"%d\"", (int)h->count);
        if (h->fixed_cost >= 0)
            put_num(f, "fixed-cost", h->fixed_cost, DEC_COST);
        if (h->cost_per_km >= 0)
            put_num(f, "cost-per-km", h->cost_per_km, DEC_COST);
        ky_afile_puts(f, "/>\n");
    }
    if (c->n_hire)
        ky_afile_puts(f, "      </alone>\n");
    ky_afile_puts(f, "    </company>\n");
}

static void write_head(ky_afile *f, const ky_scenario *s)
{
    static const char *const models[] = {"euclidean", "haversine",
                                         "matrix"};
    const ky_settings *st = &s->settings;
    ky_afile_puts(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<scenario xmlns=\"urn:kyodo:scenario:1\"");
    if (s->name)
        put_attr(f, "name", s->name);
    if (s->date)
        put_attr(f, "date", s->date);
    ky_afile_puts(f, ">\n  <settings");
    put_attr(f, "distance", models[st->distance <= KY_DIST_MATRIX
                                       ? st->distance : 0]);
    put_num(f, "road-factor", st->road_factor, DEC_COORD);
    put_num(f, "speed-kmh", st->speed_kmh, DEC_COORD);
    put_num(f, "default-penalty", st->default_penalty, DEC_COST);
    if (!st->transfers)
        ky_afile_puts(f, " transfers=\"false\"");
    ky_afile_puts(f, "/>\n  <dimensions>\n");
    for (int d = 0; d < s->n_dims; d++) {
        ky_afile_puts(f, "    <dimension");
        put_attr(f, "id", s->dim_ids[d]);
        ky_afile_puts(f, "/>\n");
    }
    ky_afile_puts(f, "  </dimensions>\n");
    if (s->n_companies == 0)
        return;
    ky_afile_puts(f, "  <companies>\n");
    for (int32_t i = 0; i < s->n_companies; i++)
        write_company(f, s, &s->companies[i]);
    ky_afile_puts(f, "  </companies>\n");
}

static void write_locations(ky_afile *f, const ky_scenario *s)
{
    ky_afile_puts(f, "  <locations>\n");
    for (int32_t i = 0; i < s->n_locations; i++) {
        const ky_location *loc = &s->locations[i];
        ky_afile_puts(f, "    <location");
        put_attr(f, "id", loc->id);
        if (loc->name)
            put_attr(f, "name", loc->name);
        if (loc->closed)
            ky_afile_puts(f, " closed=\"true\"");
        if (loc->local)
            ky_afile_puts(f, " local=\"true\"");
        /* Matrix scenarios carry no coordinates in the file. */
        if (loc->has_coords && s->settings.distance == KY_DIST_EUCLIDEAN) {
            put_num(f, "x", loc->x, DEC_COORD);
            put_num(f, "y", loc->y, DEC_COORD);
        } else if (loc->has_coords &&
                   s->settings.distance == KY_DIST_HAVERSINE) {
            put_num(f, "lat", loc->y, DEC_COORD);
            put_num(f, "lon", loc->x, DEC_COORD);
        }
        ky_afile_puts(f, "/>\n");
    }
    ky_afile_puts(f, "  </locations>\n");
}

static void put_row(ky_afile *f, const char *name, const double *v,
                    int32_t n)
{
    char buf[64];
    ky_afile_printf(f, " %s=\"", name);
    for (int32_t j = 0; j < n; j++) {
        if (j > 0)
            ky_afile_puts(f, " ");
        ky_afile_puts(f, ky_fmt_num(v[j], DEC_COORD, buf, sizeof buf));
    }
    ky_afile_puts(f, "\"");
}

static void write_matrix(ky_afile *f, const ky_scenario *s)
{
    const ky_explicit_matrix *m = &s->matrix;
    if (s->settings.distance != KY_DIST_MATRIX || m->km == NULL ||
        m->minutes == NULL)
        return;
    size_t n = (size_t)s->n_locations;
    ky_afile_puts(f, "  <matrix>\n");
    for (size_t i = 0; i < n; i++) {
        ky_afile_puts(f, "    <row");
        put_attr(f, "from", s->locations[i].id);
        put_row(f, "km", m->km + i * n, s->n_locations);
        put_row(f, "minutes", m->minutes + i * n, s->n_locations);
        ky_afile_puts(f, "/>\n");
    }
    ky_afile_puts(f, "  </matrix>\n");
}

static void write_depots(ky_afile *f, const ky_scenario *s)
{
    ky_afile_puts(f, "  <depots>\n");
    for (int32_t i = 0; i < s->n_depots; i++) {
        const ky_depot *d = &s->depots[i];
        ky_afile_puts(f, "    <depot");
        put_attr(f, "id", d->id);
        put_attr(f, "location", s->locations[d->location].id);
        if (d->company >= 0)
            put_attr(f, "company", s->companies[d->company].id);
        if (d->shared)
            ky_afile_puts(f, " shared=\"true\"");
        if (d->cross_dock)
            ky_afile_puts(f, " cross-dock=\"true\"");
        if (d->docks > 0)
            ky_afile_printf(f, " docks=\"%d\"", (int)d->docks);
        if (d->handling > 0)
            put_num(f, "handling", d->handling, DEC_COST);
        if (d->handover_step > 0)
            put_num(f, "handover-step", d->handover_step, DEC_COST);
        /* Both ends once either differs from "always", except an
         * unlimited close, which is the loader's default. */
        if (!window_is_always(&d->hours))
            put_clock_attr(f, "open", d->hours.open);
        if (d->hours.close < KY_TIME_INF)
            put_clock_attr(f, "close", d->hours.close);
        ky_afile_puts(f, "/>\n");
    }
    ky_afile_puts(f, "  </depots>\n");
}

static void write_vehicles(ky_afile *f, const ky_scenario *s)
{
    ky_afile_puts(f, "  <vehicles>\n");
    for (int32_t i = 0; i < s->n_vehicles; i++) {
        const ky_vehicle *v = &s->vehicles[i];
        ky_afile_puts(f, "    <vehicle");
        put_attr(f, "id", v->id);
        if (v->company >= 0)
            put_attr(f, "company", s->companies[v->company].id);
        put_attr(f, "start", s->depots[v->start_depot].id);
        put_attr(f, "end", s->depots[v->end_depot].id);
        if (!window_is_always(&v->shift)) {
            ky_afile_puts(f, " shift=\"");
            put_window(f, &v->shift);
            ky_afile_puts(f, "\"");
        }
        put_num_nz(f, "fixed-cost", v->fixed_cost, DEC_COST);
        put_num_nz(f, "cost-per-km", v->cost_per_km, DEC_COST);
        put_num_nz(f, "cost-per-hour", v->cost_per_hour, DEC_COST);
        put_num_nz(f, "co2-kg-per-km", v->co2_kg_per_km, DEC_COST);
        put_num_nz(f, "max-driving", v->max_drive, DEC_COST);
        put_num_nz(f, "break-after", v->break_after, DEC_COST);
        put_num_nz(f, "break", v->break_min, DEC_COST);
        put_skills(f, s, v->skills);
        if (v->dedicated)
            ky_afile_puts(f, " dedicated=\"true\"");
        if (v->emergency)
            ky_afile_puts(f, " emergency=\"true\"");
        if (v->multi_trip)
            ky_afile_puts(f, " multi-trip=\"true\"");
        ky_afile_puts(f, ">\n");
        put_amounts(f, "capacity", s, v->capacity, true);
        ky_afile_puts(f, "    </vehicle>\n");
    }
    ky_afile_puts(f, "  </vehicles>\n");
}

static void write_stop(ky_afile *f, const ky_scenario *s,
                       const char *element, const ky_stop_spec *st,
                       double extra_cost)
{
    ky_afile_printf(f, "      <%s", element);
    if (st->site == KY_SITE_DEPOT)
        put_attr(f, "depot", s->depots[st->depot].id);
    else
        put_attr(f, "location", s->locations[st->location].id);
    if (st->n_windows > 1 ||
        (st->n_windows == 1 && !window_is_always(&st->windows[0]))) {
        ky_afile_puts(f, " window=\"");
        for (int w = 0; w < st->n_windows; w++) {
            if (w > 0)
                ky_afile_puts(f, " ");
            put_window(f, &st->windows[w]);
        }
        ky_afile_puts(f, "\"");
    }
    put_num_nz(f, "service", st->service, DEC_COST);
    put_num_nz(f, "late-cost", st->late_cost, DEC_COST);
    if (st->late_cost > 0 && st->max_late < KY_TIME_INF)
        put_num(f, "max-late", st->max_late, DEC_COST);
    put_num_nz(f, "extra-cost", extra_cost, DEC_COST);
    ky_afile_puts(f, "/>\n");
}

static void write_shipments(ky_afile *f, const ky_scenario *s)
{
    ky_afile_puts(f, "  <shipments>\n");
    for (int32_t i = 0; i < s->n_shipments; i++) {
        const ky_shipment *sh = &s->shipments[i];
        ky_afile_puts(f, "    <shipment");
        put_attr(f, "id", sh->id);
        if (sh->company >= 0)
            put_attr(f, "company", s->companies[sh->company].id);
        /* The loader gives a shipment without penalty the default. */
        if (sh->penalty != s->settings.default_penalty)
            put_num(f, "penalty", sh->penalty, DEC_COST);
        put_skills(f, s, sh->skills);
        if (sh->own_only)
            ky_afile_puts(f, " own-vehicles-only=\"true\"");
        if (sh->transfer != 0)
            ky_afile_puts(f, sh->transfer > 0 ? " transfer=\"true\""
                                              : " transfer=\"false\"");
        ky_afile_puts(f, ">\n");
        for (int32_t k = 0; k < ky_shipment_n_sources(sh); k++)
            write_stop(f, s, "pickup", ky_shipment_source(sh, k),
                       sh->source_cost[k]);
        write_stop(f, s, "delivery", &sh->delivery, 0.0);
        put_amounts(f, "amount", s, sh->amount, false);
        ky_afile_puts(f, "    </shipment>\n");
    }
    ky_afile_puts(f, "  </shipments>\n</scenario>\n");
}

int ky_scenario_save(const ky_scenario *s, const char *path,
                     const ky_ctx *ctx, ky_error *err)
{
    ky_afile *f = NULL;
    if (!dims_writable(s, err, path))
        return KY_EINPUT;
    int rc = ky_afile_open(&f, path, ctx, err);
    if (rc != KY_OK)
        return rc;
    write_head(f, s);
    write_locations(f, s);
    write_matrix(f, s);
    write_depots(f, s);
    write_vehicles(f, s);
    write_shipments(f, s);
    return ky_afile_commit(f, err);
}
