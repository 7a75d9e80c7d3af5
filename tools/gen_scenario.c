/* Writes a generated cluster-like scenario (tests/gen.c: depot deliveries,
 * consolidated pickups, direct pickup-deliveries, one or two windows per
 * stop, two capacity dimensions, two depots), for sizes no sample has.
 *
 *   build/release/gen-scenario SHIPMENTS VEHICLES SEED OUT.xml
 *
 * The same arguments always write the same file. */
#include <stdio.h>
#include <stdlib.h>

#include "gen.h"
#include "kyodo.h"

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: gen-scenario SHIPMENTS VEHICLES SEED OUT.xml\n");
        return 2;
    }
    ky_gen_opts o;
    ky_gen_opts_init(&o);
    o.n_ship = atoi(argv[1]);
    o.n_veh = atoi(argv[2]);
    if (o.n_ship < 1 || o.n_ship > 100000 || o.n_veh < 1 || o.n_veh > 10000) {
        fprintf(stderr, "gen-scenario: SHIPMENTS must be 1..100000 and "
                        "VEHICLES 1..10000\n");
        return 2;
    }
    o.n_dims = 2;
    o.n_depots = 2;
    o.horizon = 600;
    o.grid = 60;
    o.cap_lo = 10;
    o.cap_hi = 60;
    o.cost_per_hour = 20;
    ky_scenario *s = ky_gen_scenario(strtoull(argv[3], NULL, 10), &o);
    if (s == NULL) {
        fprintf(stderr, "gen-scenario: out of memory\n");
        return 1;
    }
    /* The generator serves property tests, which want some shipments no
     * vehicle can serve; a scenario file must not have them (kyodo
     * validate rejects a delivery that closes before its pickup can reach
     * it), so such deliveries get their last window extended. */
    for (int32_t i = 0; i < s->n_shipments; i++) {
        ky_stop_spec *p = &s->shipments[i].pickup, *d = &s->shipments[i].delivery;
        ky_window *last = &d->windows[d->n_windows - 1];
        double reach = p->windows[0].open + p->service +
                       s->matrix.minutes[(size_t)p->location * s->n_locations +
                                         d->location];
        if (last->close < reach)
            last->close = reach + 60;
    }
    ky_error err;
    ky_error_init(&err);
    int rc = ky_scenario_save(s, argv[4], NULL, &err);
    for (int i = 0; i < err.n; i++) {
        char buf[512];
        fprintf(stderr, "gen-scenario: %s\n",
                ky_error_format(&err, i, buf, sizeof buf));
    }
    ky_scenario_free(s);
    return rc == KY_OK ? 0 : 1;
}
