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
