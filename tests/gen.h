/* Random scenarios for property tests, built in memory from a seed.
 *
 * Distances are an explicit integer matrix (rounded Euclidean on a grid)
 * and all times are integers, so an exhaustive search over integer start
 * times is an exact reference for schedules. */
#ifndef KY_TEST_GEN_H
#define KY_TEST_GEN_H

#include <stdint.h>

#include "kyodo/route.h"
#include "kyodo/scenario.h"

typedef struct ky_gen_opts {
    int n_ship;
    int n_veh;
    int n_dims;          /* 1 or 2 */
    int n_depots;        /* 1 or 2 */
    double p_delivery;   /* share loaded at a depot */
    double p_pickup;     /* share brought to a depot */
    double p_two_windows;
    double p_soft;       /* share of location stops with a soft window */
    double cost_per_hour;
    bool depot_service;  /* depot-side service times and ready times */
    int horizon;         /* minutes; windows and shifts lie within */
    int grid;            /* coordinates in [0, grid) */
    int cap_lo, cap_hi;  /* vehicle capacity range */
    bool bans;           /* shipment i belongs to company i % 3; the goods
                          * of companies 0 and 1 never share a vehicle */
} ky_gen_opts;

void ky_gen_opts_init(ky_gen_opts *o);
/* Returns a new scenario (free with ky_scenario_free), NULL on OOM. */
ky_scenario *ky_gen_scenario(uint64_t seed, const ky_gen_opts *o);

/* A generated scenario with its matrix and solver view. */
typedef struct ky_fixture {
    ky_scenario *s;
    ky_matrix *m;
    ky_problem *p;
} ky_fixture;

/* Fills f; false on allocation failure (f is then partly filled and
 * ky_fixture_free releases it). */
bool ky_fixture_make(ky_fixture *f, uint64_t seed, const ky_gen_opts *o);
void ky_fixture_free(ky_fixture *f);

/* nodes[0..n-1] with u after position i (0: before the first stop) and,
 * when w >= 0, w after position j of the original route (j >= i; right
 * after u when j == i), into out; returns out's length. */
int ky_gen_with_inserted(const int32_t *nodes, int n, int32_t u, int i,
                         int32_t w, int j, int32_t *out);

#endif
