/* kyodo load, private: what the loader (src/load.c: XML -> scenario) and
 * the semantic checks (src/load_check.c) share. Not installed.
 *
 * Sorted name tables resolve ids in O(log n) and find duplicates in
 * O(n log n); they borrow the ids from the scenario, so they must be freed
 * (ky_free with the same ctx) before the scenario is. */
#ifndef KYODO_LOAD_INT_H
#define KYODO_LOAD_INT_H

#include <stddef.h>

#include "kyodo/load.h"

/* One entity's id with its index and source line. */
typedef struct ky_load__name {
    const char *id; /* borrowed; "" when the entity has none */
    int32_t index;
    int line;
} ky_load__name;

/* Sets *out to a new table of the n entities at base (an array of
 * `stride`-byte structs whose `char *id` and `int line` members lie at
 * id_off and line_off), sorted by id, then by index. *out is NULL when n
 * is 0. KY_OK or KY_ENOMEM (then *out is NULL). */
int ky_load__names_new(ky_load__name **out, const ky_ctx *ctx,
                       const void *base, int32_t n, size_t stride,
                       size_t id_off, size_t line_off);

#define KY_LOAD__NAMES(out, ctx, type, array, n)                           \
    ky_load__names_new(out, ctx, array, n, sizeof(type),                   \
                       offsetof(type, id), offsetof(type, line))

/* The lowest index whose id is `id` (the first definition), or -1. */
int32_t ky_load__names_find(const ky_load__name *names, int32_t n,
                            const char *id);

/* The semantic checks behind ky_scenario_validate. With from_file, the
 * loader has already reported, with their lines and names, every
 * reference it could not resolve (left as index -1) and a missing
 * <matrix>, so those are not reported again. Returns KY_OK, KY_EINPUT or
 * KY_ENOMEM (the duplicate search sorts ids through s->ctx). */
int ky_load__check(const ky_scenario *s, bool from_file, ky_error *err);

#endif
