/* kyodo load: scenario XML -> ky_scenario.
 *
 * Parsing is safe for untrusted files: no network, no DTD loading, no
 * entity expansion; a file with a DOCTYPE is refused; files over
 * KY_MAX_FILE_BYTES are refused. The document is validated against the
 * scenario schema compiled into the library (models/scenario.xsd), then
 * checked semantically (ids unique and resolvable, windows and shifts not
 * empty, amounts within some vehicle's capacity, skills that some vehicle
 * has, deliveries reachable from their pickups, ...).
 *
 * Every problem found is added to err as "file:line: message"; loading
 * goes on after an error so that the user sees all of them. */
#ifndef KYODO_LOAD_H
#define KYODO_LOAD_H

#include "kyodo/scenario.h"

/* Reads path. On success returns KY_OK and *out owns the scenario (free it
 * with ky_scenario_free). On failure *out is NULL and the return is
 * KY_EINPUT (invalid file, details in err), KY_EIO (cannot read),
 * KY_ELIMIT (too large) or KY_ENOMEM. The caller must have called
 * xmlInitParser() once before using this from several threads. */
int ky_load_file(ky_scenario **out, const char *path, const ky_ctx *ctx,
                 ky_error *err);

/* The same for a document in memory; name is used in messages. */
int ky_load_memory(ky_scenario **out, const char *buf, size_t len,
                   const char *name, const ky_ctx *ctx, ky_error *err);

/* Flags for the *_with variants and ky_scenario_check. */
enum {
    /* Shipments the fleet cannot serve (an amount over every capacity, a
     * skill no vehicle has, a depot no vehicle starts or ends at, a
     * delivery that cannot be reached from its pickup in time) are not
     * errors: a plan lists them unassigned, with the reason. For
     * scenarios derived from another one, such as a study's variants,
     * where vehicles may have been lost or roads slowed. */
    KY_LOAD_ANY_FLEET = 1
};

int ky_load_file_with(ky_scenario **out, const char *path, unsigned flags,
                      const ky_ctx *ctx, ky_error *err);
int ky_load_memory_with(ky_scenario **out, const char *buf, size_t len,
                        const char *name, unsigned flags, const ky_ctx *ctx,
                        ky_error *err);

/* Semantic checks alone, on a scenario built in memory (the loader runs
 * them too). Returns KY_OK, KY_EINPUT with every problem in err, or
 * KY_ENOMEM. */
int ky_scenario_validate(const ky_scenario *s, ky_error *err);
/* The same with KY_LOAD_* flags. */
int ky_scenario_check(const ky_scenario *s, unsigned flags, ky_error *err);

/* The schemas compiled into the library, NUL-terminated. */
extern const char ky_scenario_xsd[];
extern const size_t ky_scenario_xsd_len;
extern const char ky_plan_xsd[];
extern const size_t ky_plan_xsd_len;

#endif
