/* Measures up to which size the compact MILP proves optimality within a
 * time limit, on generated cluster-like scenarios (tests/gen.c: a mix of
 * depot deliveries, consolidated pickups and direct pickup-deliveries,
 * hourly and per-km costs, one or two windows per stop).
 *
 *   build/release/exact-sizes [SECONDS [INSTANCES]]      (make exact-sizes)
 *
 * Prints, per number of shipments and vehicles, how many instances were
 * proven optimal and the median and largest solve times. */
#include <stdio.h>
#include <stdlib.h>

#include "gen.h"
#include "kyodo.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    double limit = argc > 1 ? atof(argv[1]) : 10.0;
    int count = argc > 2 ? atoi(argv[2]) : 10;
    if (limit <= 0 || count <= 0 || count > 1000) {
        fprintf(stderr, "usage: exact-sizes [SECONDS [INSTANCES]]\n");
        return 2;
    }
    printf("shipments\tvehicles\tstops\tproven\tmedian_s\tmax_s\n");
    for (int veh = 2; veh <= 3; veh++)
        for (int n = 2; n <= 12; n++) {
            double t[1000];
            int proven = 0, stops = 0;
            for (int k = 0; k < count; k++) {
                ky_gen_opts o;
                ky_gen_opts_init(&o);
                o.n_ship = n;
                o.n_veh = veh;
                o.n_dims = 2;
                o.p_delivery = 0.4;
                o.p_pickup = 0.2;
                o.p_two_windows = 0.15;
                o.cost_per_hour = 30;
                o.horizon = 600;
                o.grid = 40;
                o.cap_lo = 10;
                o.cap_hi = 40;
                ky_scenario *s = ky_gen_scenario(1000u * (unsigned)n + (unsigned)k, &o);
                ky_matrix *m = NULL;
                ky_problem *p = NULL;
                ky_routes *out = NULL;
                if (!s || ky_matrix_new(&m, s, NULL) ||
                    ky_problem_new(&p, s, m, NULL, NULL) ||
                    ky_routes_new(&out, p->n_veh, NULL))
                    return 1;
                for (int32_t u = 0; u < p->n_nodes; u++)
                    stops += p->is_stop[u];
                ky_milp_result res;
                double t0 = ky_clock_now();
                int rc = ky_compact_solve(out, &res, p, NULL, limit, NULL);
                t[k] = ky_clock_now() - t0;
                proven += rc == KY_OK && res.status == KY_MILP_OPTIMAL;
                ky_routes_free(out);
                ky_problem_free(p);
                ky_matrix_free(m);
                ky_scenario_free(s);
            }
            qsort(t, (size_t)count, sizeof t[0], cmp_double);
            printf("%d\t%d\t%.1f\t%d/%d\t%.2f\t%.2f\n", n, veh,
                   (double)stops / count, proven, count, t[count / 2],
                   t[count - 1]);
            fflush(stdout);
        }
    return 0;
}
