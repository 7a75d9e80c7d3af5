/* kyodo coalition: what a group of companies would do without the joint
 * program. A coalition is a bit mask over the scenario's companies (at
 * most 64). Planning alone, it serves only its members' shipments, with
 * the vehicles its members keep when alone (a company's <alone>
 * vehicles, by default the ones it owns) and the vehicles they hire;
 * the cluster's pooled vehicles belong to the joint program only. Company
 * rules (co-loading bans, dedicated vehicles, own-vehicles-only) hold
 * everywhere.
 *
 * The joint plan (KY_COALITION_JOINT) is the scenario as given: every
 * shipment on every vehicle. Used by kyodo compare, which plans the joint
 * cluster and every coalition to split the joint cost fairly. */
#ifndef KYODO_COALITION_H
#define KYODO_COALITION_H

#include "kyodo/plan.h"

#define KY_COALITION_MAX_COMPANIES 64
#define KY_COALITION_JOINT UINT64_MAX

/* Refuses, with a message naming file and line, a scenario compare
 * cannot split: no companies, more than 64, or a shipment without a
 * company. KY_OK or KY_EINPUT. */
int ky_coalition_check(const ky_scenario *s, ky_error *err);

/* The scenario the coalition `members` plans alone: a new scenario (same
 * file name, for messages) that owns all it holds. Hired vehicles are
 * named "<company>-hire-<n>". KY_OK, KY_EINPUT (a hired vehicle's name is
 * taken) or KY_ENOMEM. */
int ky_coalition_scenario(ky_scenario **out, const ky_scenario *s,
                          uint64_t members, const ky_ctx *ctx,
                          ky_error *err);

/* One coalition planned: its scenario, matrix, problem, solver result
 * and plan. */
typedef struct ky_coalition_run {
    uint64_t members;
    const ky_scenario *scen; /* owned unless members is JOINT */
    ky_scenario *owned;
    ky_matrix *mat;
    ky_problem *prob;
    ky_solve_result *res;
    ky_plan *plan;
    ky_ctx ctx;
} ky_coalition_run;

/* Plans the coalition with the solver options o (cost objective).
 * KY_OK, KY_EINPUT, KY_ENOMEM or KY_EINTERNAL; *out is NULL on error. */
int ky_coalition_plan(ky_coalition_run **out, const ky_scenario *s,
                      uint64_t members, const ky_solve_options *o,
                      const ky_ctx *ctx, ky_error *err);
void ky_coalition_run_free(ky_coalition_run *r);

/* Shipments of the coalition (the joint: all). */
int32_t ky_coalition_shipments(const ky_scenario *s, uint64_t members);

#endif
