/* kyodo scenario: construction, release and lookups of the in-memory model.
 * The scenario owns every string and array; ky_scenario_free releases them
 * with the allocator recorded in s->ctx. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kyodo/scenario.h"

void ky_settings_init(ky_settings *settings)
{
    settings->distance = KY_DIST_EUCLIDEAN;
    settings->road_factor = 1.0;
    settings->speed_kmh = 60.0;
    settings->default_penalty = 1e6;
    settings->transfers = true;
}

int ky_scenario_new(ky_scenario **out, const ky_ctx *ctx)
{
    ky_scenario *s = ky_calloc(ctx, 1, sizeof *s);
    *out = NULL;
    if (s == NULL)
        return KY_ENOMEM;
    if (ctx)
        s->ctx = *ctx;
    else
        ky_ctx_init(&s->ctx);
    ky_settings_init(&s->settings);
    *out = s;
    return KY_OK;
}

void ky_scenario_free(ky_scenario *s)
{
    if (s == NULL)
        return;
    ky_ctx ctx = s->ctx;
    for (int32_t i = 0; i < s->n_companies; i++) {
        ky_free(&ctx, s->companies[i].id);
        ky_free(&ctx, s->companies[i].name);
        ky_free(&ctx, s->companies[i].no_coload);
        ky_free(&ctx, s->companies[i].keep);
        ky_free(&ctx, s->companies[i].hire);
    }
    for (int32_t i = 0; i < s->n_locations; i++) {
        ky_free(&ctx, s->locations[i].id);
        ky_free(&ctx, s->locations[i].name);
    }
    for (int32_t i = 0; i < s->n_depots; i++)
        ky_free(&ctx, s->depots[i].id);
    for (int32_t i = 0; i < s->n_vehicles; i++)
        ky_free(&ctx, s->vehicles[i].id);
    for (int32_t i = 0; i < s->n_shipments; i++)
        ky_free(&ctx, s->shipments[i].id);
    for (int i = 0; i < s->n_dims; i++)
        ky_free(&ctx, s->dim_ids[i]);
    for (int i = 0; i < s->n_skills; i++)
        ky_free(&ctx, s->skill_names[i]);
    ky_free(&ctx, s->companies);
    ky_free(&ctx, s->locations);
    ky_free(&ctx, s->depots);
    ky_free(&ctx, s->vehicles);
    ky_free(&ctx, s->shipments);
    ky_free(&ctx, s->matrix.km);
    ky_free(&ctx, s->matrix.minutes);
    ky_free(&ctx, s->file);
    ky_free(&ctx, s->name);
    ky_free(&ctx, s->date);
    ky_free(&ctx, s);
}

/* ---- deep copy ------------------------------------------------------------ */

typedef struct copier {
    ky_scenario *t;
    int rc;
} copier;

static char *dup(copier *cp, const char *text)
{
    if (text == NULL || cp->rc != KY_OK)
        return NULL;
    char *d = ky_strdup(&cp->t->ctx, text);
    if (d == NULL)
        cp->rc = KY_ENOMEM;
    return d;
}

static void *dup_array(copier *cp, const void *src, size_t n, size_t size)
{
    if (n == 0 || src == NULL || cp->rc != KY_OK)
        return NULL;
    void *d = ky_calloc(&cp->t->ctx, n, size);
    if (d == NULL)
        cp->rc = KY_ENOMEM;
    else
        memcpy(d, src, n * size);
    return d;
}

/* Arrays are copied whole, then every owned member of every entity is
 * replaced by its own copy (NULL once a copy failed), so that freeing a
 * half copy never frees what s owns. */
static void copy_entities(copier *cp, const ky_scenario *s)
{
    ky_scenario *t = cp->t;
#define COPY_ARRAY(field, count)                                           \
    do {                                                                   \
        t->field = dup_array(cp, s->field, (size_t)s->count,               \
                             sizeof *s->field);                            \
        if (t->field)                                                      \
            t->count = s->count;                                           \
    } while (0)
    COPY_ARRAY(companies, n_companies);
    COPY_ARRAY(locations, n_locations);
    COPY_ARRAY(depots, n_depots);
    COPY_ARRAY(vehicles, n_vehicles);
    COPY_ARRAY(shipments, n_shipments);
#undef COPY_ARRAY
    for (int32_t i = 0; i < t->n_companies; i++) {
        ky_company *c = &t->companies[i];
        const ky_company *o = &s->companies[i];
        c->id = dup(cp, o->id);
        c->name = dup(cp, o->name);
        c->no_coload = dup_array(cp, o->no_coload, (size_t)o->n_no_coload,
                                 sizeof *o->no_coload);
        c->keep = dup_array(cp, o->keep, (size_t)o->n_keep, sizeof *o->keep);
        c->hire = dup_array(cp, o->hire, (size_t)o->n_hire, sizeof *o->hire);
    }
    for (int32_t i = 0; i < t->n_locations; i++) {
        t->locations[i].id = dup(cp, s->locations[i].id);
        t->locations[i].name = dup(cp, s->locations[i].name);
    }
    for (int32_t i = 0; i < t->n_depots; i++)
        t->depots[i].id = dup(cp, s->depots[i].id);
    for (int32_t i = 0; i < t->n_vehicles; i++)
        t->vehicles[i].id = dup(cp, s->vehicles[i].id);
    for (int32_t i = 0; i < t->n_shipments; i++)
        t->shipments[i].id = dup(cp, s->shipments[i].id);
}

int ky_scenario_copy(ky_scenario **out, const ky_scenario *s,
                     const ky_ctx *ctx)
{
    copier cp = {NULL, KY_OK};
    *out = NULL;
    if ((cp.rc = ky_scenario_new(&cp.t, ctx)) != KY_OK)
        return cp.rc;
    ky_scenario *t = cp.t;
    t->file = dup(&cp, s->file);
    t->name = dup(&cp, s->name);
    t->date = dup(&cp, s->date);
    t->settings = s->settings;
    t->n_dims = s->n_dims;
    for (int d = 0; d < s->n_dims; d++)
        t->dim_ids[d] = dup(&cp, s->dim_ids[d]);
    t->n_skills = s->n_skills;
    for (int k = 0; k < s->n_skills; k++)
        t->skill_names[k] = dup(&cp, s->skill_names[k]);
    if (cp.rc == KY_OK)
        copy_entities(&cp, s);
    size_t nn = (size_t)s->n_locations * (size_t)s->n_locations;
    t->matrix.km = dup_array(&cp, s->matrix.km, nn, sizeof(double));
    t->matrix.minutes = dup_array(&cp, s->matrix.minutes, nn, sizeof(double));
    if (cp.rc != KY_OK) {
        ky_scenario_free(t);
        return cp.rc;
    }
    *out = t;
    return KY_OK;
}

#define FIND_BY_ID(array, count)                                           \
    do {                                                                   \
        if (id == NULL)                                                    \
            return -1;                                                     \
        for (int32_t i = 0; i < (count); i++)                              \
            if ((array)[i].id && strcmp((array)[i].id, id) == 0)           \
                return i;                                                  \
        return -1;                                                         \
    } while (0)

int32_t ky_scenario_find_location(const ky_scenario *s, const char *id)
{
    FIND_BY_ID(s->locations, s->n_locations);
}

int32_t ky_scenario_find_depot(const ky_scenario *s, const char *id)
{
    FIND_BY_ID(s->depots, s->n_depots);
}

int32_t ky_scenario_find_company(const ky_scenario *s, const char *id)
{
    FIND_BY_ID(s->companies, s->n_companies);
}

int32_t ky_scenario_find_vehicle(const ky_scenario *s, const char *id)
{
    FIND_BY_ID(s->vehicles, s->n_vehicles);
}

int32_t ky_scenario_find_shipment(const ky_scenario *s, const char *id)
{
    FIND_BY_ID(s->shipments, s->n_shipments);
}

int ky_scenario_find_dim(const ky_scenario *s, const char *id)
{
    if (id == NULL)
        return -1;
    for (int i = 0; i < s->n_dims; i++)
        if (strcmp(s->dim_ids[i], id) == 0)
            return i;
    return -1;
}

const char *ky_format_clock(double minutes, char *buf, size_t size)
{
    if (minutes >= KY_TIME_INF) {
        snprintf(buf, size, "inf");
        return buf;
    }
    /* Round to whole seconds; print seconds only when there are some. */
    long long secs = llround(minutes * 60.0);
    if (secs < 0)
        secs = 0;
    long long h = secs / 3600, m = (secs / 60) % 60, sec = secs % 60;
    if (sec)
        snprintf(buf, size, "%02lld:%02lld:%02lld", h, m, sec);
    else
        snprintf(buf, size, "%02lld:%02lld", h, m);
    return buf;
}

static bool parse_digits(const char **p, int min, int max, long *out)
{
    long v = 0;
    int n = 0;
    while (**p >= '0' && **p <= '9' && n < max) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n >= min;
}

bool ky_parse_clock(const char *text, double *out_minutes)
{
    const char *p = text;
    long h, m, sec = 0;
    if (!parse_digits(&p, 1, 3, &h) || *p++ != ':')
        return false;
    if (!parse_digits(&p, 2, 2, &m) || m > 59)
        return false;
    if (*p == ':') {
        p++;
        if (!parse_digits(&p, 2, 2, &sec) || sec > 59)
            return false;
    }
    if (*p != '\0')
        return false;
    *out_minutes = (double)h * 60.0 + (double)m + (double)sec / 60.0;
    return true;
}

/* ---- company rules -------------------------------------------------------- */

static bool bans(const ky_company *c, int32_t other)
{
    for (int32_t k = 0; k < c->n_no_coload; k++)
        if (c->no_coload[k] == other)
            return true;
    return false;
}

bool ky_scenario_coload_banned(const ky_scenario *s, int32_t a, int32_t b)
{
    if (a < 0 || b < 0 || a >= s->n_companies || b >= s->n_companies)
        return false;
    return bans(&s->companies[a], b) || bans(&s->companies[b], a);
}

bool ky_scenario_banned(const ky_scenario *s, int32_t c)
{
    if (c < 0 || c >= s->n_companies)
        return false;
    if (s->companies[c].n_no_coload > 0)
        return true;
    for (int32_t i = 0; i < s->n_companies; i++)
        if (bans(&s->companies[i], c))
            return true;
    return false;
}

bool ky_scenario_may_transfer(const ky_scenario *s, int32_t sh)
{
    const ky_shipment *x = &s->shipments[sh];
    if (!s->settings.transfers || x->transfer < 0)
        return false;
    return x->transfer > 0 ||
           (x->company >= 0 && s->companies[x->company].transfer);
}

bool ky_scenario_rules_allow(const ky_scenario *s, int32_t sh, int32_t v)
{
    const ky_shipment *x = &s->shipments[sh];
    const ky_vehicle *y = &s->vehicles[v];
    if (y->dedicated && x->company != y->company)
        return false;
    if (x->own_only && (x->company < 0 || x->company != y->company))
        return false;
    return true;
}
