/* kyodo write: the plan files.
 *
 *   plan.xml      the authoritative plan, valid against models/plan.xsd
 *   stops.csv     vehicle,seq,kind,shipment,location,arrival,start,
 *                 departure,load  (one row per stop; times in minutes from
 *                 midnight; load = first dimension after the stop)
 *   summary.json  totals, per company figures, unassigned shipments with
 *                 reasons, solver status, versions and the input's SHA-256
 *
 * All three are written to temporary files first and renamed into place
 * only when every one of them was written completely, so a folder never
 * holds a half-written or mismatched set. Output depends only on the plan
 * and meta: no clock, no locale. */
#ifndef KYODO_WRITE_H
#define KYODO_WRITE_H

#include "kyodo/afile.h"
#include "kyodo/plan.h"

typedef struct ky_write_meta {
    const char *input_path;   /* as given by the user */
    const char *input_sha256; /* 64 hex digits */
} ky_write_meta;

/* Writes the three files into dir, creating dir (not its parents) when
 * missing. KY_OK, KY_EIO (message naming the file) or KY_ENOMEM. */
int ky_write_plan(const ky_plan *plan, const char *dir,
                  const ky_write_meta *meta, const ky_ctx *ctx,
                  ky_error *err);

/* Writes "key": x (four decimals at most), then ", " when comma. */
void ky_write_json_num(ky_afile *f, const char *key, double x, bool comma);

/* Writes k as one JSON object (summary.json, compare.json). */
void ky_write_json_kpi(ky_afile *f, const ky_kpi *k);

#endif
