/* kyodo matrix: distances (km) and travel times (minutes) between the
 * scenario's locations.
 *
 * Euclidean: sqrt(dx^2 + dy^2) * road_factor; haversine: great-circle km
 * on a sphere of radius 6371.0088 km, times road_factor; both with
 * minutes = km * 60 / speed_kmh (exact when speed is 60: benchmark time
 * equals distance). Matrix: the values given in the file. */
#ifndef KYODO_MATRIX_H
#define KYODO_MATRIX_H

#include "kyodo/scenario.h"

typedef struct ky_matrix {
    int32_t n;       /* locations */
    double *km;      /* n * n, row-major: km[i * n + j] */
    double *minutes; /* n * n; may be the same array as km */
    bool symmetric;  /* km and minutes equal their transposes */
    ky_ctx ctx;
} ky_matrix;

/* Builds the full matrix. KY_OK, KY_ENOMEM, or KY_ELIMIT when n * n does
 * not fit in memory limits. *out NULL on failure. */
int ky_matrix_new(ky_matrix **out, const ky_scenario *s, const ky_ctx *ctx);
void ky_matrix_free(ky_matrix *m);

/* One pair without building the matrix (used by the loader's checks).
 * Locations must have the coordinates their distance model needs. */
void ky_matrix_pair(const ky_scenario *s, int32_t from, int32_t to,
                    double *km, double *minutes);

static inline double ky_matrix_km(const ky_matrix *m, int32_t i, int32_t j)
{
    return m->km[(size_t)i * (size_t)m->n + (size_t)j];
}

static inline double ky_matrix_min(const ky_matrix *m, int32_t i, int32_t j)
{
    return m->minutes[(size_t)i * (size_t)m->n + (size_t)j];
}

#endif
