/* kyodo check: independent verification of written plan files.
 *
 * Re-reads plan.xml (validated against models/plan.xsd) and stops.csv and
 * re-derives everything from the scenario alone: vehicles and shipments
 * exist, every shipment is served once (pickup before delivery on one
 * vehicle, or changing vehicle at a cross-dock: unloaded there by one,
 * loaded by another after the hub's handling time, within its hours and
 * docks) or listed unassigned, skills and depots fit, the company
 * rules hold (dedicated vehicles, own-vehicles-only shipments, co-loading
 * bans), travel times,
 * waiting, windows, depot hours and shifts, loads in every dimension,
 * distances, costs, CO2 and totals, and that stops.csv says what
 * plan.xml says. It shares no feasibility code with the solvers (it does
 * not use the route module); it uses the same matrix of distances. */
#ifndef KYODO_CHECK_H
#define KYODO_CHECK_H

#include "kyodo/matrix.h"

typedef struct ky_check_report {
    int32_t routes;
    int32_t stops;
    int32_t served;
    int32_t unassigned;
    int32_t violations; /* also listed in err, "file:line: message" */
} ky_check_report;

/* Checks the plan in dir. Returns KY_OK when the files could be read and
 * understood (rep->violations says whether the plan is right), KY_EIO
 * when a file is missing or unreadable, KY_EINPUT when plan.xml is not a
 * valid plan document, KY_ENOMEM. */
int ky_check_plan_dir(ky_check_report *rep, const ky_scenario *s,
                      const ky_matrix *m, const char *dir,
                      const ky_ctx *ctx, ky_error *err);

#endif
