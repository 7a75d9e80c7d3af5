/* kyodo import: public benchmark files -> ky_scenario.
 *
 * Conventions (so plans compare with published best-known values):
 * the files' node numbers are the location ids (depot "0", depot id
 * "depot"); Euclidean distance, unrounded, travel time = distance (speed
 * 60 km/h over "km", i.e. one minute per unit); one capacity dimension
 * "demand"; at most the file's vehicle count (vehicles "v1".."vK", each
 * from and to the depot within its time horizon); cost = distance (cost
 * per km 1, no fixed or hourly cost); windows and service times as in the
 * file.
 *
 *   Solomon VRPTW: each customer is a shipment with the customer's number
 *   as id, loaded at the depot and delivered to the customer.
 *   Li & Lim PDPTW: each pickup-delivery pair is a shipment whose id is
 *   the pickup node's number. */
#ifndef KYODO_IMPORT_H
#define KYODO_IMPORT_H

#include "kyodo/scenario.h"

typedef enum ky_import_format {
    KY_IMPORT_SOLOMON = 0,
    KY_IMPORT_LILIM = 1
} ky_import_format;

/* Parses "solomon" / "lilim"; returns -1 when unknown. */
int ky_import_format_parse(const char *name);

/* Reads a benchmark file. On success *out owns the new scenario. On
 * failure *out is NULL, err holds "file:line: message" entries, and the
 * return is KY_EINPUT, KY_EIO, KY_ELIMIT or KY_ENOMEM. */
int ky_import_file(ky_scenario **out, ky_import_format format,
                   const char *path, const ky_ctx *ctx, ky_error *err);

#endif
