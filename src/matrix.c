/* kyodo matrix: builds distance and time matrices from the scenario's
 * coordinates or explicit values. Pure data; no feasibility logic. */
#include <math.h>
#include <string.h>

#include "kyodo/matrix.h"

#define EARTH_RADIUS_KM 6371.0088
#define DEG_TO_RAD (3.14159265358979323846 / 180.0)

static double base_km(const ky_scenario *s, int32_t from, int32_t to)
{
    const ky_location *a = &s->locations[from], *b = &s->locations[to];
    if (from == to)
        return 0.0;
    if (s->settings.distance == KY_DIST_HAVERSINE) {
        double lat1 = a->y * DEG_TO_RAD, lat2 = b->y * DEG_TO_RAD;
        double dlat = lat2 - lat1, dlon = (b->x - a->x) * DEG_TO_RAD;
        double h = sin(dlat / 2) * sin(dlat / 2) +
                   cos(lat1) * cos(lat2) * sin(dlon / 2) * sin(dlon / 2);
        if (h > 1.0)
            h = 1.0;
        return 2.0 * EARTH_RADIUS_KM * asin(sqrt(h));
    }
    double dx = a->x - b->x, dy = a->y - b->y;
    return sqrt(dx * dx + dy * dy);
}

void ky_matrix_pair(const ky_scenario *s, int32_t from, int32_t to,
                    double *km, double *minutes)
{
    if (s->settings.distance == KY_DIST_MATRIX) {
        size_t k = (size_t)from * (size_t)s->n_locations + (size_t)to;
        *km = s->matrix.km ? s->matrix.km[k] : 0.0;
        *minutes = s->matrix.minutes ? s->matrix.minutes[k] : 0.0;
        return;
    }
    double d = base_km(s, from, to);
    /* Multiply only when the factor is not 1, so benchmark distances stay
     * bit-identical to plain Euclidean ones. */
    if (s->settings.road_factor != 1.0)
        d *= s->settings.road_factor;
    *km = d;
    double per_km = 60.0 / s->settings.speed_kmh;
    *minutes = per_km == 1.0 ? d : d * per_km;
}

int ky_matrix_new(ky_matrix **out, const ky_scenario *s, const ky_ctx *ctx)
{
    *out = NULL;
    int32_t n = s->n_locations;
    if (n > KY_MAX_LOCATIONS)
        return KY_ELIMIT;
    ky_matrix *m = ky_calloc(ctx, 1, sizeof *m);
    if (m == NULL)
        return KY_ENOMEM;
    if (ctx)
        m->ctx = *ctx;
    m->n = n;
    size_t nn = (size_t)n * (size_t)n;
    m->km = ky_calloc(ctx, nn, sizeof *m->km);
    m->minutes = ky_calloc(ctx, nn, sizeof *m->minutes);
    if (m->km == NULL || m->minutes == NULL) {
        ky_matrix_free(m);
        return KY_ENOMEM;
    }
    bool same = true;
    for (int32_t i = 0; i < n; i++)
        for (int32_t j = 0; j < n; j++) {
            size_t k = (size_t)i * n + j;
            ky_matrix_pair(s, i, j, &m->km[k], &m->minutes[k]);
            same &= m->km[k] == m->minutes[k];
        }
    m->symmetric = true;
    for (int32_t i = 0; i < n && m->symmetric; i++)
        for (int32_t j = 0; j < i; j++)
            if (m->km[(size_t)i * n + j] != m->km[(size_t)j * n + i] ||
                m->minutes[(size_t)i * n + j] != m->minutes[(size_t)j * n + i]) {
                m->symmetric = false;
                break;
            }
    /* When minutes equal km (benchmarks: one minute per unit), share one
     * table: half the memory, twice the cache hits. */
    if (same) {
        ky_free(ctx, m->minutes);
        m->minutes = m->km;
    }
    *out = m;
    return KY_OK;
}

void ky_matrix_free(ky_matrix *m)
{
    if (m == NULL)
        return;
    ky_ctx ctx = m->ctx;
    if (m->minutes != m->km)
        ky_free(&ctx, m->minutes);
    ky_free(&ctx, m->km);
    ky_free(&ctx, m);
}
