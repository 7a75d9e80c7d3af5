/* kyodo milp, compact model: pickup and delivery with time windows,
 * capacities and heterogeneous vehicles, as arc, time and load variables.
 * models/pdptw.mod states the same model in GNU MathProg; keep them in
 * step (the tests solve both and compare).
 *
 *   x[i,j,k]  vehicle k drives arc i -> j (i may be its start o, j its
 *             end e); arcs that no schedule can use are left out
 *   y[s,k]    shipment s rides on k;  z[s] = 1: s is left unassigned
 *   u[k]      k is used
 *   T[i]      service start at stop i; w[i,m] picks window m (only for
 *             stops with several windows)
 *   S[k],E[k] start of loading at k's start depot, of unloading at its end
 *   L[i,d]    load after stop i (an upper estimate: loads propagate as
 *             lower bounds along used arcs and are capped by capacity)
 *   L0[k,d]   load leaving the start depot
 *   P[i]      visit order, only against cycles of zero-duration arcs
 *
 * minimise  sum fixed[k] u[k] + per_km[k] km x + per_min[k] (E - S +
 *           unloading) + sum penalty[s] z[s]
 * Co-loading bans: y[s,k] + y[t,k] <= 1 for each pair s < t of shipments
 * whose companies may not share a vehicle, on each k that could carry
 * both (no rows when the scenario has no bans).
 * Big-M values are the horizon H: a time no schedule can exceed.
 *
 * Alternatives and transfers (see ky_problem): a scenario shipment g is
 * served once, by one of its sources or the inbound leg of one of its
 * transfer options, or pays z[g] (assign); an outbound leg rides iff
 * its inbound mate does (transfer); a vehicle carries at most one
 * problem shipment of g (apart: the route core's rule, and what keeps
 * the two legs of an option on different vehicles). The docks of the
 * hubs are not in the model: ky_compact_solve adds them lazily as
 * no-good cuts on the routes the route core schedules (dock_cuts). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kyodo/afile.h"
#include "milp_int.h"

typedef struct cm_arc {
    int32_t i, j, k; /* stops (0-based); i = -1: start o, j = -1: end e */
    double km, min;
} cm_arc;

typedef struct cm {
    const ky_problem *p;
    const ky_ctx *ctx;
    int32_t N, K, S, D, n_arcs;
    int32_t *stop_node; /* stop -> node */
    int32_t *node_stop; /* node -> stop or -1 */
    cm_arc *arc;
    double H;
    /* GLPK columns; 0 when absent */
    int *cx, *cy, *cz, *cu, *cT, *cw, *cL, *cL0, *cS, *cE, *cP;
    bool need_order;
} cm;

/* ---- instance preparation (shared by the model and the GMPL data) ---- */

static double capped(const cm *M, double t)
{
    return t > M->H ? M->H : t;
}

static double stop_first_open(const cm *M, int32_t i)
{
    int32_t u = M->stop_node[i];
    return M->p->tw[u][0].open;
}

static double stop_last_close(const cm *M, int32_t i)
{
    int32_t u = M->stop_node[i];
    return capped(M, M->p->tw[u][M->p->n_tw[u] - 1].close);
}

/* Largest finite time in the data plus all work that could follow it. */
static double horizon(const ky_problem *p)
{
    const ky_scenario *sc = p->scen;
    double t = 0.0, work = 0.0, max_min = 0.0;
#define SEE(x) do { if ((x) < KY_TIME_INF && (x) > t) t = (x); } while (0)
    for (int32_t v = 0; v < p->n_veh; v++) {
        SEE(sc->vehicles[v].shift.open);
        SEE(sc->vehicles[v].shift.close);
        SEE(p->start_hours[v].open);
        SEE(p->end_hours[v].open);
    }
    for (int32_t u = 0; u < p->n_nodes; u++) {
        for (int32_t w = 0; w < p->n_tw[u]; w++) {
            SEE(p->tw[u][w].open);
            SEE(p->tw[u][w].close);
        }
        work += p->service[u];
    }
#undef SEE
    for (size_t k = 0; k < (size_t)p->mat->n * (size_t)p->mat->n; k++)
        if (p->mat->minutes[k] > max_min)
            max_min = p->mat->minutes[k];
    return ceil(t + work + max_min * (double)(p->n_nodes + 2) + 1.0);
}

static bool arc_usable(const cm *M, int32_t i, int32_t j, int32_t k)
{
    const ky_problem *p = M->p;
    if (i >= 0 && !ky_problem_compat(p, KY_NODE_SHIPMENT(M->stop_node[i]), k))
        return false;
    if (j >= 0 && !ky_problem_compat(p, KY_NODE_SHIPMENT(M->stop_node[j]), k))
        return false;
    if (i >= 0 && j >= 0) {
        int32_t a = M->stop_node[i], b = M->stop_node[j];
        int32_t sa = KY_NODE_SHIPMENT(a), sb = KY_NODE_SHIPMENT(b);
        if (i == j || (sa == sb && !KY_NODE_IS_PICKUP(a)))
            return false;
        /* Optimization only: the apart rows keep two problem shipments
         * of one scenario shipment (sources, legs) off one vehicle, so
         * no arc joins them. */
        if (sa != sb && p->group[sa] == p->group[sb])
            return false;
    }
    if (i < 0 && j < 0)
        return false;
    /* Leave out arcs no schedule can use. */
    int32_t from = i < 0 ? p->start_loc[k] : p->loc[M->stop_node[i]];
    int32_t to = j < 0 ? p->end_loc[k] : p->loc[M->stop_node[j]];
    const ky_vehicle *veh = &p->scen->vehicles[k];
    double early = i < 0 ? fmax(veh->shift.open, p->start_hours[k].open)
                         : stop_first_open(M, i) +
                               p->service[M->stop_node[i]];
    double late = j < 0 ? fmin(veh->shift.close, p->end_hours[k].close)
                        : stop_last_close(M, j);
    return early + ky_problem_min(p, from, to) <= capped(M, late) + KY_EPS;
}

static void cm_free(cm *M)
{
    const ky_ctx *ctx = M->ctx;
    ky_free(ctx, M->stop_node);
    ky_free(ctx, M->node_stop);
    ky_free(ctx, M->arc);
    ky_free(ctx, M->cx);
    ky_free(ctx, M->cy);
    ky_free(ctx, M->cz);
    ky_free(ctx, M->cu);
    ky_free(ctx, M->cT);
    ky_free(ctx, M->cw);
    ky_free(ctx, M->cL);
    ky_free(ctx, M->cL0);
    ky_free(ctx, M->cS);
    ky_free(ctx, M->cE);
    ky_free(ctx, M->cP);
}

static int cm_prepare(cm *M, const ky_problem *p, const ky_ctx *ctx)
{
    memset(M, 0, sizeof *M);
    M->p = p;
    M->ctx = ctx;
    M->K = p->n_veh;
    M->S = p->n_ship;
    M->D = p->n_dims;
    M->H = horizon(p);
    M->stop_node = ky_calloc(ctx, (size_t)p->n_nodes + 1, sizeof(int32_t));
    M->node_stop = ky_calloc(ctx, (size_t)p->n_nodes + 1, sizeof(int32_t));
    if (!M->stop_node || !M->node_stop)
        return KY_ENOMEM;
    for (int32_t u = 0; u < p->n_nodes; u++) {
        M->node_stop[u] = p->is_stop[u] ? M->N : -1;
        if (p->is_stop[u])
            M->stop_node[M->N++] = u;
    }
    size_t max_arcs = ((size_t)M->N + 1) * ((size_t)M->N + 1) * (size_t)M->K;
    M->arc = ky_calloc(ctx, max_arcs + 1, sizeof *M->arc);
    if (M->arc == NULL)
        return KY_ENOMEM;
    for (int32_t k = 0; k < M->K; k++)
        for (int32_t i = -1; i < M->N; i++)
            for (int32_t j = -1; j < M->N; j++) {
                if (!arc_usable(M, i, j, k))
                    continue;
                int32_t from = i < 0 ? p->start_loc[k]
                                     : p->loc[M->stop_node[i]];
                int32_t to = j < 0 ? p->end_loc[k] : p->loc[M->stop_node[j]];
                cm_arc *a = &M->arc[M->n_arcs++];
                a->i = i;
                a->j = j;
                a->k = k;
                a->km = ky_problem_km(p, from, to);
                a->min = ky_problem_min(p, from, to);
                if (i >= 0 && j >= 0 &&
                    a->min + p->service[M->stop_node[i]] <= 1e-9)
                    M->need_order = true;
            }
    return KY_OK;
}


/* Shipments s and t belong to companies that may not share a vehicle. */
static bool ban_pair(const ky_problem *p, int32_t s, int32_t t)
{
    return (p->ban_mask[s] & p->ban_self[t]) != 0 ||
           (p->ban_mask[t] & p->ban_self[s]) != 0;
}


/* ---- GLPK model --------------------------------------------------------- */

typedef struct row_buf {
    int n;
    int *ind;
    double *val;
} row_buf;

static void rb_add(row_buf *rb, int col, double v)
{
    if (col <= 0)
        return;
    rb->ind[++rb->n] = col;
    rb->val[rb->n] = v;
}

static int cm_alloc_cols(cm *M)
{
    const ky_ctx *ctx = M->ctx;
    size_t N = (size_t)M->N + 1, K = (size_t)M->K + 1, S = (size_t)M->S + 1;
    M->cx = ky_calloc(ctx, (size_t)M->n_arcs + 1, sizeof(int));
    M->cy = ky_calloc(ctx, S * K, sizeof(int));
    M->cz = ky_calloc(ctx, S, sizeof(int));
    M->cu = ky_calloc(ctx, K, sizeof(int));
    M->cT = ky_calloc(ctx, N, sizeof(int));
    M->cw = ky_calloc(ctx, N, sizeof(int));
    M->cL = ky_calloc(ctx, N * KY_MAX_DIMS, sizeof(int));
    M->cL0 = ky_calloc(ctx, K * KY_MAX_DIMS, sizeof(int));
    M->cS = ky_calloc(ctx, K, sizeof(int));
    M->cE = ky_calloc(ctx, K, sizeof(int));
    M->cP = ky_calloc(ctx, N, sizeof(int));
    if (!M->cx || !M->cy || !M->cz || !M->cu || !M->cT || !M->cw ||
        !M->cL || !M->cL0 || !M->cS || !M->cE || !M->cP)
        return KY_ENOMEM;
    return KY_OK;
}

static void cm_columns(cm *M, glp_prob *P)
{
    const ky_problem *p = M->p;
    char name[64];
    for (int32_t a = 0; a < M->n_arcs; a++) {
        const cm_arc *A = &M->arc[a];
        char fi[16], fj[16];
        snprintf(fi, sizeof fi, A->i < 0 ? "o" : "%d", A->i + 1);
        snprintf(fj, sizeof fj, A->j < 0 ? "e" : "%d", A->j + 1);
        snprintf(name, sizeof name, "x(%s,%s,%d)", fi, fj, A->k + 1);
        M->cx[a] = ky_milp__col(P, name, GLP_BV, 0, 1, p->obj_km[A->k] * A->km);
    }
    for (int32_t s = 0; s < M->S; s++) {
        for (int32_t k = 0; k < M->K; k++) {
            if (!ky_problem_compat(p, s, k))
                continue;
            snprintf(name, sizeof name, "y(%d,%d)", s + 1, k + 1);
            /* Unloading at the end depot counts as working time; a
             * source's extra cost falls on its shipment's first stop. */
            int32_t st[2];
            ky_shipment_stops(p, s, st);
            double c = p->obj_hour[k] / 60.0 * ky_problem_unload_min(p, s) +
                       p->node_obj[st[0]];
            M->cy[s * M->K + k] = ky_milp__col(P, name, GLP_BV, 0, 1, c);
        }
        /* one slack per scenario shipment, on its first source */
        M->cz[s] = 0;
        if (s != p->grp_first[p->group[s]])
            continue;
        snprintf(name, sizeof name, "z(%d)", s + 1);
        M->cz[s] = ky_milp__col(P, name, GLP_CV, 0, 1, p->penalty[s]);
    }
    for (int32_t k = 0; k < M->K; k++) {
        snprintf(name, sizeof name, "u(%d)", k + 1);
        M->cu[k] = ky_milp__col(P, name, GLP_BV, 0, 1, p->obj_fixed[k]);
        snprintf(name, sizeof name, "S(%d)", k + 1);
        M->cS[k] = ky_milp__col(P, name, GLP_CV, 0, M->H,
                                -p->obj_hour[k] / 60.0);
        snprintf(name, sizeof name, "E(%d)", k + 1);
        M->cE[k] = ky_milp__col(P, name, GLP_CV, 0, M->H,
                                p->obj_hour[k] / 60.0);
        for (int d = 0; d < M->D; d++) {
            snprintf(name, sizeof name, "L0(%d,%d)", k + 1, d + 1);
            M->cL0[k * KY_MAX_DIMS + d] = ky_milp__col(
                P, name, GLP_CV, 0,
                (double)p->scen->vehicles[k].capacity[d], 0);
        }
    }
    for (int32_t i = 0; i < M->N; i++) {
        int32_t u = M->stop_node[i];
        double lo = capped(M, p->tw[u][0].open);
        double hi = stop_last_close(M, i);
        snprintf(name, sizeof name, "T(%d)", i + 1);
        M->cT[i] = ky_milp__col(P, name, GLP_CV, lo, hi, 0);
        if (p->n_tw[u] > 1)
            for (int32_t w = 0; w < p->n_tw[u]; w++) {
                snprintf(name, sizeof name, "w(%d,%d)", i + 1, w + 1);
                int c = ky_milp__col(P, name, GLP_BV, 0, 1, 0);
                if (w == 0)
                    M->cw[i] = c;
            }
        for (int d = 0; d < M->D; d++) {
            snprintf(name, sizeof name, "L(%d,%d)", i + 1, d + 1);
            M->cL[i * KY_MAX_DIMS + d] =
                ky_milp__col(P, name, GLP_CV, 0, 1e300, 0);
        }
        if (M->need_order) {
            snprintf(name, sizeof name, "P(%d)", i + 1);
            M->cP[i] = ky_milp__col(P, name, GLP_CV, 1, (double)M->N, 0);
        }
    }
}

/* assign, flow conservation at stops, start/end of each vehicle. */
static void cm_flow_rows(cm *M, glp_prob *P, row_buf *rb)
{
    const ky_problem *p = M->p;
    char name[64];
    /* each scenario shipment once, by one of its sources or inbound
     * legs, or its slack (outbound legs follow their mates) */
    for (int32_t g = 0; g < p->n_groups; g++) {
        rb->n = 0;
        for (int32_t s = p->grp_first[g]; s < p->grp_first[g + 1]; s++)
            for (int32_t k = 0; k < M->K && p->leg[s] != 2; k++)
                rb_add(rb, M->cy[s * M->K + k], 1.0);
        rb_add(rb, M->cz[p->grp_first[g]], 1.0);
        snprintf(name, sizeof name, "assign(%d)", p->grp_first[g] + 1);
        ky_milp__row(P, name, GLP_FX, 1, 1, rb->n, rb->ind, rb->val);
    }
    for (int32_t k = 0; k < M->K; k++) {
        for (int32_t i = -1; i < M->N; i++) {
            int cy = i < 0 ? M->cu[k]
                           : M->cy[KY_NODE_SHIPMENT(M->stop_node[i]) * M->K + k];
            if (cy == 0)
                continue;
            for (int dir = 0; dir < 2; dir++) {
                /* i = -1 stands for the depots: out of o, into e. */
                rb->n = 0;
                for (int32_t a = 0; a < M->n_arcs; a++) {
                    const cm_arc *A = &M->arc[a];
                    if (A->k == k && (dir == 0 ? A->j == i : A->i == i))
                        rb_add(rb, M->cx[a], 1.0);
                }
                rb_add(rb, cy, -1.0);
                snprintf(name, sizeof name, "%s(%d,%d)",
                         dir == 0 ? (i < 0 ? "end" : "in")
                                  : (i < 0 ? "start" : "out"),
                         i + 1, k + 1);
                ky_milp__row(P, name, GLP_FX, 0, 0, rb->n, rb->ind, rb->val);
            }
        }
        for (int32_t s = 0; s < M->S; s++) {
            if (M->cy[s * M->K + k] == 0)
                continue;
            rb->n = 0;
            rb_add(rb, M->cy[s * M->K + k], 1.0);
            rb_add(rb, M->cu[k], -1.0);
            snprintf(name, sizeof name, "used(%d,%d)", s + 1, k + 1);
            ky_milp__row(P, name, GLP_UP, 0, 0, rb->n, rb->ind, rb->val);
        }
    }
    (void)p;
}

/* Transfers: each option's outbound leg rides iff its inbound leg does
 * (transfer), and a vehicle carries at most one problem shipment of a
 * scenario shipment (apart), so the legs ride on different vehicles.
 * Without transfers the assign rows already say all of it. */
static void cm_transfer_rows(cm *M, glp_prob *P, row_buf *rb)
{
    const ky_problem *p = M->p;
    char name[64];
    if (!p->has_transfers)
        return;
    for (int32_t s = 0; s < M->S; s++) {
        if (p->leg[s] != 1)
            continue;
        rb->n = 0;
        for (int32_t k = 0; k < M->K; k++) {
            rb_add(rb, M->cy[p->mate[s] * M->K + k], 1.0);
            rb_add(rb, M->cy[s * M->K + k], -1.0);
        }
        snprintf(name, sizeof name, "transfer(%d)", s + 1);
        ky_milp__row(P, name, GLP_FX, 0, 0, rb->n, rb->ind, rb->val);
    }
    for (int32_t g = 0; g < p->n_groups; g++) {
        int32_t first = p->grp_first[g], end = p->grp_first[g + 1];
        bool legs = false;
        for (int32_t s = first; s < end && !legs; s++)
            legs = p->leg[s] != 0;
        if (!legs)
            continue; /* no transfer option: assign covers it */
        for (int32_t k = 0; k < M->K; k++) {
            rb->n = 0;
            for (int32_t s = first; s < end; s++)
                rb_add(rb, M->cy[s * M->K + k], 1.0);
            if (rb->n < 2)
                continue;
            snprintf(name, sizeof name, "apart(%d,%d)", first + 1, k + 1);
            ky_milp__row(P, name, GLP_UP, 0, 1, rb->n, rb->ind, rb->val);
        }
    }
}

/* Loading time of vehicle k as terms of y (sign: +1). */
static void add_depot_service(cm *M, row_buf *rb, int32_t k, bool loading,
                              double sign)
{
    for (int32_t s = 0; s < M->S; s++) {
        double sv = loading ? ky_problem_load_min(M->p, s)
                            : ky_problem_unload_min(M->p, s);
        if (sv > 0.0)
            rb_add(rb, M->cy[s * M->K + k], sign * sv);
    }
}

/* Big-M of a time row: large enough that the row holds for any values
 * the variables' bounds allow when the arc is not used. */
static double time_big(const cm *M, const cm_arc *A)
{
    const ky_problem *p = M->p;
    double sv = A->i >= 0 ? p->service[M->stop_node[A->i]] : 0.0;
    double from_late = A->i >= 0 ? stop_last_close(M, A->i)
                                 : capped(M, p->start_hours[A->k].close);
    double to_early = A->j >= 0 ? capped(M, stop_first_open(M, A->j))
                                : capped(M, p->end_hours[A->k].open);
    return fmax(0.0, from_late + sv + A->min - to_early);
}

static void cm_time_arc_rows(cm *M, glp_prob *P, row_buf *rb)
{
    const ky_problem *p = M->p;
    char name[64];
    for (int32_t a = 0; a < M->n_arcs; a++) {
        const cm_arc *A = &M->arc[a];
        double sv = A->i >= 0 ? p->service[M->stop_node[A->i]] : 0.0;
        double big = time_big(M, A);
        rb->n = 0;
        /* to - from - big x >= sv + t - big */
        rb_add(rb, A->j >= 0 ? M->cT[A->j] : M->cE[A->k], 1.0);
        rb_add(rb, A->i >= 0 ? M->cT[A->i] : M->cS[A->k], -1.0);
        if (A->i < 0)
            add_depot_service(M, rb, A->k, true, -1.0);
        rb_add(rb, M->cx[a], -big);
        snprintf(name, sizeof name, "time(%d)", a + 1);
        ky_milp__row(P, name, GLP_LO, sv + A->min - big, 0, rb->n, rb->ind,
                     rb->val);
    }
}

static void cm_window_rows(cm *M, glp_prob *P, row_buf *rb)
{
    const ky_problem *p = M->p;
    char name[64];
    for (int32_t i = 0; i < M->N; i++) {
        int32_t u = M->stop_node[i];
        if (p->n_tw[u] <= 1)
            continue;
        rb->n = 0;
        for (int32_t w = 0; w < p->n_tw[u]; w++)
            rb_add(rb, M->cw[i] + w, 1.0);
        snprintf(name, sizeof name, "pick(%d)", i + 1);
        ky_milp__row(P, name, GLP_FX, 1, 1, rb->n, rb->ind, rb->val);
        for (int side = 0; side < 2; side++) {
            rb->n = 0;
            rb_add(rb, M->cT[i], 1.0);
            for (int32_t w = 0; w < p->n_tw[u]; w++)
                rb_add(rb, M->cw[i] + w,
                       -(side == 0 ? capped(M, p->tw[u][w].open)
                                   : capped(M, p->tw[u][w].close)));
            snprintf(name, sizeof name, "%s(%d)", side ? "wclose" : "wopen",
                     i + 1);
            ky_milp__row(P, name, side ? GLP_UP : GLP_LO, 0, 0, rb->n,
                         rb->ind, rb->val);
        }
    }
}

/* Start and end depot: shift, hours, ready times, working time >= 0. */
static void cm_depot_rows(cm *M, glp_prob *P, row_buf *rb)
{
    const ky_problem *p = M->p;
    char name[64];
    for (int32_t k = 0; k < M->K; k++) {
        const ky_vehicle *veh = &p->scen->vehicles[k];
        double a0 = capped(M, fmax(veh->shift.open, p->start_hours[k].open));
        glp_set_col_bnds(P, M->cS[k], GLP_DB, 0, M->H);
        rb->n = 0;
        rb_add(rb, M->cS[k], 1.0);
        snprintf(name, sizeof name, "sopen(%d)", k + 1);
        ky_milp__row(P, name, GLP_LO, a0, 0, rb->n, rb->ind, rb->val);
        add_depot_service(M, rb, k, true, 1.0);
        snprintf(name, sizeof name, "sclose(%d)", k + 1);
        ky_milp__row(P, name, GLP_UP, 0, capped(M, p->start_hours[k].close),
                     rb->n, rb->ind, rb->val);
        rb->n = 0;
        rb_add(rb, M->cE[k], 1.0);
        snprintf(name, sizeof name, "eopen(%d)", k + 1);
        ky_milp__row(P, name, GLP_LO, capped(M, p->end_hours[k].open), 0,
                     rb->n, rb->ind, rb->val);
        add_depot_service(M, rb, k, false, 1.0);
        snprintf(name, sizeof name, "eclose(%d)", k + 1);
        ky_milp__row(P, name, GLP_UP, 0,
                     capped(M, fmin(p->end_hours[k].close, veh->shift.close)),
                     rb->n, rb->ind, rb->val);
        /* Working time covers every minute driven, served and loaded:
         * valid for the integer model, and it keeps the LP relaxation from
         * pricing a route's hours at nothing. */
        rb_add(rb, M->cS[k], -1.0);
        add_depot_service(M, rb, k, true, -1.0);
        for (int32_t a = 0; a < M->n_arcs; a++) {
            const cm_arc *A = &M->arc[a];
            if (A->k == k)
                rb_add(rb, M->cx[a],
                       -(A->min +
                         (A->i >= 0 ? p->service[M->stop_node[A->i]] : 0.0)));
        }
        snprintf(name, sizeof name, "work(%d)", k + 1);
        ky_milp__row(P, name, GLP_LO, 0, 0, rb->n, rb->ind, rb->val);
    }
}

/* Depot-side windows of shipments loaded at the start or unloaded at the
 * end: ready/open <= S or E <= close, when s rides on k. */
static void cm_depot_window_rows(cm *M, glp_prob *P, row_buf *rb)
{
    const ky_problem *p = M->p;
    char name[64];
    for (int32_t s = 0; s < M->S; s++) {
        if (p->kind[s] == KY_SHIP_PD)
            continue;
        bool load = p->kind[s] == KY_SHIP_DELIVERY;
        const ky_window *w = &p->tw[load ? KY_PICKUP(s) : KY_DELIVERY(s)][0];
        for (int32_t k = 0; k < M->K; k++) {
            int cy = M->cy[s * M->K + k];
            if (cy == 0)
                continue;
            int ct = load ? M->cS[k] : M->cE[k];
            rb->n = 0;
            rb_add(rb, ct, 1.0);
            rb_add(rb, cy, -capped(M, w->open));
            snprintf(name, sizeof name, "ready(%d,%d)", s + 1, k + 1);
            ky_milp__row(P, name, GLP_LO, 0, 0, rb->n, rb->ind, rb->val);
            rb->n = 0;
            rb_add(rb, ct, 1.0);
            rb_add(rb, cy, M->H);
            snprintf(name, sizeof name, "due(%d,%d)", s + 1, k + 1);
            ky_milp__row(P, name, GLP_UP, 0, capped(M, w->close) + M->H,
                         rb->n, rb->ind, rb->val);
        }
    }
}

static void cm_precedence_rows(cm *M, glp_prob *P, row_buf *rb)
{
    const ky_problem *p = M->p;
    char name[64];
    for (int32_t s = 0; s < M->S; s++) {
        if (p->kind[s] != KY_SHIP_PD)
            continue;
        int32_t pi = M->node_stop[KY_PICKUP(s)], di = M->node_stop[KY_DELIVERY(s)];
        double gap = p->service[KY_PICKUP(s)] +
                     ky_problem_min(p, p->loc[KY_PICKUP(s)],
                                    p->loc[KY_DELIVERY(s)]);
        double big = fmax(0.0, stop_last_close(M, pi) + gap -
                                   capped(M, stop_first_open(M, di)));
        rb->n = 0;
        rb_add(rb, M->cT[di], 1.0);
        rb_add(rb, M->cT[pi], -1.0);
        for (int32_t k = 0; k < M->K; k++)
            rb_add(rb, M->cy[s * M->K + k], -big);
        snprintf(name, sizeof name, "prec(%d)", s + 1);
        ky_milp__row(P, name, GLP_LO, gap - big, 0, rb->n, rb->ind, rb->val);
    }
}

static double max_capacity(const cm *M, int d)
{
    double m = 0.0;
    for (int32_t k = 0; k < M->K; k++)
        m = fmax(m, (double)M->p->scen->vehicles[k].capacity[d]);
    return m;
}

static void cm_load_rows(cm *M, glp_prob *P, row_buf *rb)
{
    const ky_problem *p = M->p;
    char name[64];
    for (int d = 0; d < M->D; d++) {
        double qmax = max_capacity(M, d);
        for (int32_t a = 0; a < M->n_arcs; a++) {
            const cm_arc *A = &M->arc[a];
            if (A->j < 0)
                continue;
            double q = (double)p->delta[(size_t)M->stop_node[A->j] * M->D + d];
            double big = fmax(0.0, qmax + q);
            rb->n = 0;
            rb_add(rb, M->cL[A->j * KY_MAX_DIMS + d], 1.0);
            rb_add(rb, A->i >= 0 ? M->cL[A->i * KY_MAX_DIMS + d]
                                 : M->cL0[A->k * KY_MAX_DIMS + d],
                   -1.0);
            rb_add(rb, M->cx[a], -big);
            snprintf(name, sizeof name, "load(%d,%d)", a + 1, d + 1);
            ky_milp__row(P, name, GLP_LO, q - big, 0, rb->n, rb->ind, rb->val);
        }
        for (int32_t k = 0; k < M->K; k++) {
            rb->n = 0;
            rb_add(rb, M->cL0[k * KY_MAX_DIMS + d], 1.0);
            for (int32_t s = 0; s < M->S; s++) {
                const ky_shipment *sh = &p->scen->shipments[p->group[s]];
                if (p->kind[s] == KY_SHIP_DELIVERY)
                    rb_add(rb, M->cy[s * M->K + k],
                           -(double)sh->amount[d]);
            }
            snprintf(name, sizeof name, "load0(%d,%d)", k + 1, d + 1);
            ky_milp__row(P, name, GLP_LO, 0, 0, rb->n, rb->ind, rb->val);
        }
        for (int32_t i = 0; i < M->N; i++) {
            int32_t s = KY_NODE_SHIPMENT(M->stop_node[i]);
            rb->n = 0;
            rb_add(rb, M->cL[i * KY_MAX_DIMS + d], 1.0);
            for (int32_t k = 0; k < M->K; k++)
                rb_add(rb, M->cy[s * M->K + k],
                       -(double)p->scen->vehicles[k].capacity[d]);
            snprintf(name, sizeof name, "cap(%d,%d)", i + 1, d + 1);
            ky_milp__row(P, name, GLP_UP, 0, 0, rb->n, rb->ind, rb->val);
        }
    }
}

/* Valid inequalities that tighten the LP relaxation: an arc is used only
 * by a vehicle that carries both its ends' shipments, and two stops are
 * not joined in both directions. */
static void cm_link_rows(cm *M, glp_prob *P, row_buf *rb)
{
    char name[64];
    for (int32_t a = 0; a < M->n_arcs; a++) {
        const cm_arc *A = &M->arc[a];
        for (int side = 0; side < 2; side++) {
            int32_t i = side ? A->j : A->i;
            if (i < 0)
                continue;
            int32_t s = KY_NODE_SHIPMENT(M->stop_node[i]);
            rb->n = 0;
            rb_add(rb, M->cx[a], 1.0);
            rb_add(rb, M->cy[s * M->K + A->k], -1.0);
            snprintf(name, sizeof name, "link%c(%d)", side ? 'j' : 'i', a + 1);
            ky_milp__row(P, name, GLP_UP, 0, 0, rb->n, rb->ind, rb->val);
        }
    }
    for (int32_t i = 0; i < M->N; i++)
        for (int32_t j = i + 1; j < M->N; j++) {
            rb->n = 0;
            for (int32_t a = 0; a < M->n_arcs; a++) {
                const cm_arc *A = &M->arc[a];
                if ((A->i == i && A->j == j) || (A->i == j && A->j == i))
                    rb_add(rb, M->cx[a], 1.0);
            }
            if (rb->n < 2)
                continue;
            snprintf(name, sizeof name, "twocycle(%d,%d)", i + 1, j + 1);
            ky_milp__row(P, name, GLP_UP, 0, 1, rb->n, rb->ind, rb->val);
        }
}

/* Co-loading bans: a vehicle carries at most one of a banned pair. */
static void cm_ban_rows(cm *M, glp_prob *P, row_buf *rb)
{
    const ky_problem *p = M->p;
    char name[64];
    if (!p->has_bans)
        return;
    for (int32_t k = 0; k < M->K; k++)
        for (int32_t s = 0; s < M->S; s++) {
            int cs = M->cy[s * M->K + k];
            if (cs == 0 || p->ban_self[s] == 0)
                continue;
            for (int32_t t = s + 1; t < M->S; t++) {
                int ct = M->cy[t * M->K + k];
                if (ct == 0 || !ban_pair(p, s, t))
                    continue;
                rb->n = 0;
                rb_add(rb, cs, 1.0);
                rb_add(rb, ct, 1.0);
                snprintf(name, sizeof name, "ban(%d,%d,%d)", s + 1, t + 1,
                         k + 1);
                ky_milp__row(P, name, GLP_UP, 0, 1, rb->n, rb->ind, rb->val);
            }
        }
}

/* Order constraints on zero-duration arcs (same place, no service). */
static void cm_order_rows(cm *M, glp_prob *P, row_buf *rb)
{
    const ky_problem *p = M->p;
    char name[64];
    if (!M->need_order)
        return;
    for (int32_t a = 0; a < M->n_arcs; a++) {
        const cm_arc *A = &M->arc[a];
        if (A->i < 0 || A->j < 0 ||
            A->min + p->service[M->stop_node[A->i]] > 1e-9)
            continue;
        rb->n = 0;
        rb_add(rb, M->cP[A->j], 1.0);
        rb_add(rb, M->cP[A->i], -1.0);
        rb_add(rb, M->cx[a], -(double)M->N);
        snprintf(name, sizeof name, "order(%d)", a + 1);
        ky_milp__row(P, name, GLP_LO, 1.0 - M->N, 0, rb->n, rb->ind, rb->val);
    }
}

static int cm_build(cm *M, glp_prob *P)
{
    if (cm_alloc_cols(M) != KY_OK)
        return KY_ENOMEM;
    size_t width = (size_t)M->n_arcs + (size_t)M->S * (size_t)M->K +
                   (size_t)M->N * KY_MAX_WINDOWS + 16;
    row_buf rb = {0, ky_calloc(M->ctx, width, sizeof(int)),
                  ky_calloc(M->ctx, width, sizeof(double))};
    if (rb.ind == NULL || rb.val == NULL) {
        ky_free(M->ctx, rb.ind);
        ky_free(M->ctx, rb.val);
        return KY_ENOMEM;
    }
    glp_set_prob_name(P, "kyodo_pdptw");
    glp_set_obj_name(P, "cost");
    glp_set_obj_dir(P, GLP_MIN);
    cm_columns(M, P);
    cm_flow_rows(M, P, &rb);
    cm_transfer_rows(M, P, &rb);
    cm_time_arc_rows(M, P, &rb);
    cm_window_rows(M, P, &rb);
    cm_depot_rows(M, P, &rb);
    cm_depot_window_rows(M, P, &rb);
    cm_precedence_rows(M, P, &rb);
    cm_load_rows(M, P, &rb);
    cm_order_rows(M, P, &rb);
    cm_ban_rows(M, P, &rb);
    cm_link_rows(M, P, &rb);
    ky_free(M->ctx, rb.ind);
    ky_free(M->ctx, rb.val);
    return KY_OK;
}

/* ---- warm start and extraction ------------------------------------------ */

/* Every row and bound satisfied by x (1-based)? GLPK trusts a heuristic
 * solution blindly, so a wrong one would be "proven" optimal. */
static bool point_feasible(glp_prob *P, const double *x, int *ind,
                           double *val)
{
    int n = glp_get_num_cols(P), m = glp_get_num_rows(P);
    for (int j = 1; j <= n; j++) {
        double lb = glp_get_col_lb(P, j), ub = glp_get_col_ub(P, j);
        int t = glp_get_col_type(P, j);
        if ((t == GLP_LO || t == GLP_DB || t == GLP_FX) && x[j] < lb - 1e-6)
            return false;
        if ((t == GLP_UP || t == GLP_DB || t == GLP_FX) && x[j] > ub + 1e-6)
            return false;
    }
    for (int i = 1; i <= m; i++) {
        int len = glp_get_mat_row(P, i, ind, val);
        double act = 0.0;
        for (int k = 1; k <= len; k++)
            act += val[k] * x[ind[k]];
        int t = glp_get_row_type(P, i);
        double lb = glp_get_row_lb(P, i), ub = glp_get_row_ub(P, i);
        double tol = 1e-6 * (1.0 + fabs(act));
        if ((t == GLP_LO || t == GLP_DB || t == GLP_FX) && act < lb - tol)
            return false;
        if ((t == GLP_UP || t == GLP_DB || t == GLP_FX) && act > ub + tol)
            return false;
    }
    return true;
}

static int32_t find_arc(const cm *M, int32_t i, int32_t j, int32_t k)
{
    for (int32_t a = 0; a < M->n_arcs; a++)
        if (M->arc[a].i == i && M->arc[a].j == j && M->arc[a].k == k)
            return a;
    return -1;
}

/* Unvisited stops and unused vehicles get values that satisfy every row. */
static void warm_defaults(const cm *M, double *x)
{
    const ky_problem *p = M->p;
    for (int32_t s = 0; s < M->S; s++)
        if (M->cz[s])
            x[M->cz[s]] = 1.0;
    for (int32_t i = 0; i < M->N; i++) {
        int32_t u = M->stop_node[i];
        x[M->cT[i]] = capped(M, p->tw[u][0].open);
        if (M->cw[i])
            x[M->cw[i]] = 1.0;
        if (M->cP[i])
            x[M->cP[i]] = 1.0;
    }
    for (int32_t k = 0; k < M->K; k++) {
        const ky_vehicle *veh = &p->scen->vehicles[k];
        double a0 = capped(M, fmax(veh->shift.open, p->start_hours[k].open));
        x[M->cS[k]] = a0;
        x[M->cE[k]] = fmax(a0, capped(M, p->end_hours[k].open));
    }
}

static bool warm_route(const cm *M, double *x, int32_t k, const int32_t *nodes,
                       int32_t n, ky_stop_time *times)
{
    const ky_problem *p = M->p;
    ky_route_eval e;
    ky_route_eval_full(p, k, nodes, n, &e, times);
    if (!e.feasible)
        return false;
    x[M->cu[k]] = 1.0;
    x[M->cS[k]] = times[0].start;
    x[M->cE[k]] = times[n + 1].start;
    for (int d = 0; d < M->D; d++)
        x[M->cL0[k * KY_MAX_DIMS + d]] = (double)times[0].load[d];
    int32_t prev = -1;
    for (int32_t q = 0; q <= n; q++) {
        int32_t i = q < n ? M->node_stop[nodes[q]] : -1;
        int32_t a = find_arc(M, prev, i, k);
        if (a < 0)
            return false;
        x[M->cx[a]] = 1.0;
        if (q == n)
            break;
        int32_t s = KY_NODE_SHIPMENT(nodes[q]);
        x[M->cy[s * M->K + k]] = 1.0;
        x[M->cz[p->grp_first[p->group[s]]]] = 0.0;
        x[M->cT[i]] = times[q + 1].start;
        int32_t u = nodes[q];
        for (int32_t w = 0; M->cw[i] && w < p->n_tw[u]; w++) {
            bool in = times[q + 1].start <= p->tw[u][w].close + KY_EPS &&
                      times[q + 1].start >= p->tw[u][w].open - KY_EPS;
            x[M->cw[i] + w] = in ? 1.0 : 0.0;
            if (in) /* only the first window that holds it */
                for (w++; w < p->n_tw[u]; w++)
                    x[M->cw[i] + w] = 0.0;
        }
        for (int d = 0; d < M->D; d++)
            x[M->cL[i * KY_MAX_DIMS + d]] = (double)times[q + 1].load[d];
        if (M->cP[i])
            x[M->cP[i]] = (double)(q + 1);
        prev = i;
    }
    return true;
}

static double *warm_start(const cm *M, glp_prob *P, const ky_routes *inc,
                          double *x, int *ind, double *val,
                          ky_stop_time *times)
{
    if (inc == NULL)
        return NULL;
    int n = glp_get_num_cols(P);
    memset(x, 0, sizeof(double) * ((size_t)n + 1));
    warm_defaults(M, x);
    for (int32_t k = 0; k < inc->n_veh; k++) {
        int32_t len = ky_routes_len(inc, k);
        if (len > 0 && !warm_route(M, x, k, ky_routes_of(inc, k), len, times))
            return NULL;
    }
    if (!point_feasible(P, x, ind, val)) {
        ky_log(M->ctx, KY_LOG_DEBUG, "compact model: warm start rejected");
        return NULL;
    }
    return x;
}

static int extract(const cm *M, glp_prob *P, ky_routes *out)
{
    const ky_problem *p = M->p;
    int32_t *buf = ky_calloc(M->ctx, (size_t)M->N + 1, sizeof *buf);
    int32_t *len = ky_calloc(M->ctx, (size_t)M->K + 1, sizeof *len);
    const int32_t **rn = ky_calloc(M->ctx, (size_t)M->K + 1, sizeof *rn);
    int32_t **own = ky_calloc(M->ctx, (size_t)M->K + 1, sizeof *own);
    int rc = KY_ENOMEM;
    if (!buf || !len || !rn || !own)
        goto done;
    for (int32_t k = 0; k < M->K; k++) {
        own[k] = ky_calloc(M->ctx, (size_t)M->N + 1, sizeof(int32_t));
        if (own[k] == NULL)
            goto done;
        rn[k] = own[k];
        int32_t at = -1, n = 0;
        for (int guard = 0; guard <= M->N; guard++) {
            int32_t next = -2;
            for (int32_t a = 0; a < M->n_arcs && next == -2; a++)
                if (M->arc[a].k == k && M->arc[a].i == at &&
                    glp_mip_col_val(P, M->cx[a]) > 0.5)
                    next = M->arc[a].j;
            if (next < 0)
                break;
            own[k][n++] = M->stop_node[next];
            at = next;
        }
        len[k] = n;
    }
    rc = ky_routes_assign(out, rn, len);
done:
    if (own)
        for (int32_t k = 0; k < M->K; k++)
            ky_free(M->ctx, own[k]);
    ky_free(M->ctx, own);
    ky_free(M->ctx, rn);
    ky_free(M->ctx, len);
    ky_free(M->ctx, buf);
    (void)p;
    return rc;
}

/* ---- docks, lazily --------------------------------------------------------
 *
 * How it works. A plan's schedule is the one ky_route_eval_full gives
 * each route (of least working time; see route.h), not the model's T,
 * which may take any feasible times; so the docks are checked on the
 * routes the model chose, scheduled by the route core, and a combination
 * of routes that overfills a hub is cut off:
 *
 *   sum over k in V, a in R_k of x[a]  <=  |R_k| summed over V, minus 1
 *
 * where visit i (hub h, from time t) finds more than docks(h) vehicles in
 * service, V is i's vehicle and docks(h) others in service at h at t, and
 * R_k the arcs of k's route, depot arcs included.
 *
 * Valid: in an integer solution a vehicle's arcs form one path o -> e
 * (flow rows; the time and order rows allow no cycle), so x is 1 on all
 * of R_k exactly when k drives that route, stop for stop. The route core
 * schedules a route from its vehicle and stops alone, so in every
 * solution where each k in V drives R_k, visit i starts at t with the
 * docks(h) + 1 vehicles of V in service: it breaks the dock count
 * whatever the other vehicles do. The cut removes those solutions and
 * only those (in any other some k in V leaves an arc of R_k, and the left
 * side is at most the right), so the model stays a relaxation of the
 * problem with docks: its bound holds, and an optimum that keeps the
 * docks is optimal. Identical vehicles swapping these routes are another
 * combination, cut in a later round if the solver finds it. */

/* Adds the cut for the vehicles marked in in[] to their routes in out. */
static int dock_cut(const cm *M, glp_prob *P, const ky_routes *out,
                    const uint8_t *in, int *ind, double *val)
{
    int m = 0;
    for (int32_t k = 0; k < M->K; k++) {
        if (!in[k])
            continue;
        const int32_t *nodes = ky_routes_of(out, k);
        int32_t n = ky_routes_len(out, k), prev = -1;
        for (int32_t q = 0; q <= n; q++) {
            int32_t i = q < n ? M->node_stop[nodes[q]] : -1;
            int32_t a = find_arc(M, prev, i, k);
            if (a < 0)
                return KY_EINTERNAL; /* the route is not the model's */
            ind[++m] = M->cx[a];
            val[m] = 1.0;
            prev = i;
        }
    }
    char name[64];
    snprintf(name, sizeof name, "dock(%d)", glp_get_num_rows(P) + 1);
    ky_milp__row(P, name, GLP_UP, 0, m - 1, m, ind, val);
    return KY_OK;
}

/* A cut for each overfull moment of the routes in out, one per set of
 * vehicles; *added: how many. ind, val: room for every column. */
static int dock_cuts(const cm *M, glp_prob *P, const ky_routes *out,
                     int *ind, double *val, int *added)
{
    const ky_problem *p = M->p;
    size_t room = (size_t)M->N + 1, K = (size_t)M->K;
    ky_stop_time *times = ky_calloc(M->ctx, room + 2, sizeof *times);
    ky_dock_visit *vis = ky_calloc(M->ctx, room, sizeof *vis);
    int32_t *owner = ky_calloc(M->ctx, room, sizeof *owner);
    uint8_t *cut = ky_calloc(M->ctx, room * K + 1, 1); /* vehicles per cut */
    int rc = times && vis && owner && cut ? KY_OK : KY_ENOMEM;
    int32_t n = 0;
    *added = 0;
    for (int32_t k = 0; rc == KY_OK && k < M->K; k++) {
        int32_t before = n;
        ky_dock_visits(p, k, ky_routes_of(out, k), ky_routes_len(out, k),
                       times, vis, &n);
        for (int32_t q = before; q < n; q++)
            owner[q] = k;
    }
    for (int32_t i = 0; rc == KY_OK && i < n; i++) {
        if (!ky_docks_over(p, vis, n, i))
            continue;
        uint8_t *in = cut + (size_t)*added * K;
        int32_t others = p->scen->depots[vis[i].hub].docks;
        in[owner[i]] = 1;
        for (int32_t j = 0; j < n && others > 0; j++)
            if (!in[owner[j]] &&
                ky_dock_visit_covers(&vis[j], vis[i].hub, vis[i].start)) {
                in[owner[j]] = 1;
                others--;
            }
        bool again = false;
        for (int c = 0; c < *added && !again; c++)
            again = memcmp(cut + (size_t)c * K, in, K) == 0;
        if (again) {
            memset(in, 0, K);
            continue;
        }
        rc = dock_cut(M, P, out, in, ind, val);
        (*added)++;
    }
    ky_free(M->ctx, times);
    ky_free(M->ctx, vis);
    ky_free(M->ctx, owner);
    ky_free(M->ctx, cut);
    return rc;
}

/* ---- entry points ------------------------------------------------------- */

typedef struct compact_job {
    cm M;
    const ky_routes *incumbent;
    ky_routes *out;
    ky_milp_result *res;
    double time_limit_s;
    int format;
    const char *path;
    int write_rc;
} compact_job;

/* Cuts off the dock breaks of the solution in J->out and solves again,
 * until the routes keep every hub's docks or the time is up; then there
 * is no solution (the caller keeps its plan), but the bound holds. */
static int dock_rounds(compact_job *J, glp_prob *P, double *x0, int *ind,
                       double *val, double t0)
{
    cm *M = &J->M;
    ky_milp_result *res = J->res;
    for (int round = 1; res->has_solution; round++) {
        int added = 0;
        int rc = dock_cuts(M, P, J->out, ind, val, &added);
        if (rc != KY_OK || added == 0)
            return rc;
        double left = J->time_limit_s - (ky_clock_now() - t0);
        ky_log(M->ctx, KY_LOG_DEBUG, "compact model: round %d: %d dock cuts",
               round, added);
        if (left <= 0.01 || ky_ctx_cancelled(M->ctx)) {
            res->has_solution = false;
            res->status = KY_MILP_TIME_LIMIT;
            return KY_OK;
        }
        /* the cuts remove only plans that break the docks, which a warm
         * start should not; still, GLPK would take it unchecked */
        if (x0 && !point_feasible(P, x0, ind, val))
            x0 = NULL;
        bool had = res->has_bound;
        double bound = res->bound;
        rc = ky_milp__solve(P, x0, left, 0, KY_CUTS_NONE, M->ctx, res);
        if (rc == KY_OK && had && (!res->has_bound || res->bound < bound)) {
            res->has_bound = true; /* the earlier relaxation's still holds */
            res->bound = bound;
        }
        if (rc == KY_OK && res->has_solution)
            rc = extract(M, P, J->out);
        if (rc != KY_OK)
            return rc;
    }
    return KY_OK;
}

static int compact_run(void *arg)
{
    compact_job *J = arg;
    cm *M = &J->M;
    double t0 = ky_clock_now();
    glp_prob *P = glp_create_prob();
    int rc = cm_build(M, P);
    int n = glp_get_num_cols(P), m = glp_get_num_rows(P);
    double *x = ky_calloc(M->ctx, (size_t)n + 2, sizeof *x);
    int *ind = ky_calloc(M->ctx, (size_t)n + 2, sizeof *ind);
    double *val = ky_calloc(M->ctx, (size_t)n + 2, sizeof *val);
    ky_stop_time *times = ky_calloc(M->ctx, (size_t)M->N + 3, sizeof *times);
    if (rc == KY_OK && (!x || !ind || !val || !times))
        rc = KY_ENOMEM;
    double *x0 = NULL;
    if (rc == KY_OK) {
        x0 = warm_start(M, P, J->incumbent, x, ind, val, times);
        rc = ky_milp__solve(P, x0, J->time_limit_s, 0, KY_CUTS_NONE, M->ctx,
                            J->res);
    }
    if (rc == KY_OK && J->res->has_solution)
        rc = extract(M, P, J->out);
    if (rc == KY_OK && M->p->has_docks)
        rc = dock_rounds(J, P, x0, ind, val, t0);
    (void)m;
    ky_free(M->ctx, x);
    ky_free(M->ctx, ind);
    ky_free(M->ctx, val);
    ky_free(M->ctx, times);
    glp_delete_prob(P);
    return rc;
}

int ky_compact_solve(ky_routes *out, ky_milp_result *res,
                     const ky_problem *p, const ky_routes *incumbent,
                     double time_limit_s, const ky_ctx *ctx)
{
    compact_job J;
    memset(res, 0, sizeof *res);
    int rc = cm_prepare(&J.M, p, ctx);
    J.incumbent = incumbent;
    J.out = out;
    J.res = res;
    J.time_limit_s = time_limit_s;
    if (rc == KY_OK)
        rc = ky_milp__guarded(ctx, compact_run, &J);
    if (rc == KY_OK && res->has_solution) {
        double check = ky_routes_objective(p, out);
        if (!(fabs(check - res->obj) <= 1e-5 * (1.0 + fabs(check)))) {
            ky_log(ctx, KY_LOG_ERROR,
                   "compact model: route check %.6f != model %.6f", check,
                   res->obj);
            rc = KY_EINTERNAL;
        }
    }
    cm_free(&J.M);
    return rc;
}

static int compact_write_run(void *arg)
{
    compact_job *J = arg;
    glp_prob *P = glp_create_prob();
    int rc = cm_build(&J->M, P);
    if (rc == KY_OK) {
        int w = J->format == KY_MODEL_LP
                    ? glp_write_lp(P, NULL, J->path)
                    : glp_write_mps(P, GLP_MPS_FILE, NULL, J->path);
        J->write_rc = w;
    }
    glp_delete_prob(P);
    return rc;
}

/* What the compact model cannot say: drivers' rests and limits, and the
 * price of lateness. KY_OK when it can say all of p. */
static int compact_expressible(const ky_problem *p, ky_error *err)
{
    if (p->has_driver_rules || p->has_soft)
        return ky_error_add(err, KY_EINPUT, p->scen->file, 0,
                            "the compact model knows no %s; this scenario "
                            "is planned by the search only",
                            p->has_soft ? "soft time windows"
                                        : "drivers' rests and driving "
                                          "limits");
    return KY_OK;
}

int ky_compact_write(const ky_problem *p, ky_model_format format,
                     const char *path, const ky_ctx *ctx, ky_error *err)
{
    compact_job J;
    memset(&J, 0, sizeof J);
    int ok = compact_expressible(p, err);
    if (ok != KY_OK)
        return ok;
    /* GLPK writes in place; write beside the target and rename, so a
     * failed write leaves nothing behind. */
    size_t n = strlen(path) + 16;
    char *tmp = ky_malloc(ctx, n);
    if (tmp == NULL)
        return KY_ENOMEM;
    snprintf(tmp, n, "%s.tmp-glpk", path);
    int rc = cm_prepare(&J.M, p, ctx);
    J.format = (int)format;
    J.path = tmp;
    if (rc == KY_OK)
        rc = ky_milp__guarded(ctx, compact_write_run, &J);
    if (rc == KY_OK && (J.write_rc != 0 || rename(tmp, path) != 0)) {
        remove(tmp);
        rc = ky_error_add(err, KY_EIO, path, 0, "cannot write the model");
    } else if (rc != KY_OK) {
        remove(tmp);
    }
    cm_free(&J.M);
    ky_free(ctx, tmp);
    return rc;
}

/* ---- GNU MathProg data ---------------------------------------------------- */

static void put_num(ky_afile *f, double x)
{
    char buf[64];
    ky_afile_puts(f, " ");
    ky_afile_puts(f, ky_fmt_num(x, 9, buf, sizeof buf));
}

static int gmpl_sets(const cm *M, ky_afile *f)
{
    const ky_problem *p = M->p;
    ky_afile_printf(f, "param H := %.0f;\n", M->H);
    /* A data section lists set members; it has no ranges. */
    const char *names[4] = {"K", "N", "SH", "DIM"};
    int32_t counts[4] = {M->K, M->N, M->S, M->D};
    for (int k = 0; k < 4; k++) {
        ky_afile_printf(f, "set %s :=", names[k]);
        for (int32_t i = 1; i <= counts[k]; i++)
            ky_afile_printf(f, " %d", (int)i);
        ky_afile_puts(f, ";\n");
    }
    ky_afile_puts(f, "set A :=");
    for (int32_t a = 0; a < M->n_arcs; a++) {
        const cm_arc *A = &M->arc[a];
        ky_afile_printf(f, "%s(%d,%d,%d)", a % 8 ? " " : "\n  ",
                        A->i < 0 ? 0 : A->i + 1, A->j < 0 ? 0 : A->j + 1,
                        A->k + 1);
    }
    ky_afile_puts(f, ";\nset Y :=");
    for (int32_t s = 0; s < M->S; s++)
        for (int32_t k = 0; k < M->K; k++)
            if (ky_problem_compat(p, s, k))
                ky_afile_printf(f, " (%d,%d)", s + 1, k + 1);
    ky_afile_puts(f, ";\nset PD :=");
    for (int32_t s = 0; s < M->S; s++)
        if (p->kind[s] == KY_SHIP_PD)
            ky_afile_printf(f, " (%d,%d,%d)", s + 1,
                            M->node_stop[KY_PICKUP(s)] + 1,
                            M->node_stop[KY_DELIVERY(s)] + 1);
    ky_afile_puts(f, ";\nset SL :=");
    for (int32_t s = 0; s < M->S; s++)
        if (p->kind[s] == KY_SHIP_DELIVERY)
            ky_afile_printf(f, " %d", s + 1);
    ky_afile_puts(f, ";\nset SU :=");
    for (int32_t s = 0; s < M->S; s++)
        if (p->kind[s] == KY_SHIP_PICKUP)
            ky_afile_printf(f, " %d", s + 1);
    ky_afile_puts(f, ";\nset W :=");
    for (int32_t i = 0; i < M->N; i++)
        for (int32_t w = 0; w < p->n_tw[M->stop_node[i]]; w++)
            ky_afile_printf(f, " (%d,%d)", i + 1, w + 1);
    /* Z holds stop pairs; arcs are per vehicle, so each pair once. */
    ky_afile_puts(f, ";\nset Z :=");
    uint8_t *seen = ky_calloc(M->ctx, (size_t)M->N * (size_t)M->N + 1, 1);
    if (seen == NULL)
        return KY_ENOMEM;
    for (int32_t a = 0; a < M->n_arcs; a++) {
        const cm_arc *A = &M->arc[a];
        if (A->i < 0 || A->j < 0 ||
            A->min + p->service[M->stop_node[A->i]] > 1e-9)
            continue;
        uint8_t *pair = &seen[(size_t)A->i * (size_t)M->N + (size_t)A->j];
        if (!*pair)
            ky_afile_printf(f, " (%d,%d)", A->i + 1, A->j + 1);
        *pair = 1;
    }
    ky_free(M->ctx, seen);
    ky_afile_puts(f, ";\n");
    /* BAN defaults to empty in the model: listed only when there are bans. */
    if (!p->has_bans)
        return KY_OK;
    ky_afile_puts(f, "set BAN :=");
    for (int32_t s = 0; s < M->S; s++)
        for (int32_t t = s + 1; p->ban_self[s] != 0 && t < M->S; t++)
            if (ban_pair(p, s, t))
                ky_afile_printf(f, " (%d,%d)", s + 1, t + 1);
    ky_afile_puts(f, ";\n");
    return KY_OK;
}

static void gmpl_arcs(const cm *M, ky_afile *f)
{
    const ky_problem *p = M->p;
    ky_afile_puts(f, "param: arc_cost arc_min :=\n");
    for (int32_t a = 0; a < M->n_arcs; a++) {
        const cm_arc *A = &M->arc[a];
        ky_afile_printf(f, "  %d %d %d", A->i < 0 ? 0 : A->i + 1,
                        A->j < 0 ? 0 : A->j + 1, A->k + 1);
        put_num(f, p->obj_km[A->k] * A->km);
        put_num(f, A->min);
        ky_afile_puts(f, "\n");
    }
    ky_afile_puts(f, ";\n");
}

static void gmpl_stops(const cm *M, ky_afile *f)
{
    const ky_problem *p = M->p;
    ky_afile_puts(f, "param: ship svc :=\n");
    for (int32_t i = 0; i < M->N; i++) {
        int32_t u = M->stop_node[i];
        ky_afile_printf(f, "  %d %d", i + 1, KY_NODE_SHIPMENT(u) + 1);
        put_num(f, p->service[u]);
        ky_afile_puts(f, "\n");
    }
    ky_afile_puts(f, ";\nparam: wopen wclose :=\n");
    for (int32_t i = 0; i < M->N; i++) {
        int32_t u = M->stop_node[i];
        for (int32_t w = 0; w < p->n_tw[u]; w++) {
            ky_afile_printf(f, "  %d %d", i + 1, w + 1);
            put_num(f, capped(M, p->tw[u][w].open));
            put_num(f, capped(M, p->tw[u][w].close));
            ky_afile_puts(f, "\n");
        }
    }
    ky_afile_puts(f, ";\nparam q :=\n");
    for (int32_t i = 0; i < M->N; i++)
        for (int d = 0; d < M->D; d++) {
            ky_afile_printf(f, "  %d %d", i + 1, d + 1);
            put_num(f, (double)p->delta[(size_t)M->stop_node[i] * M->D + d]);
            ky_afile_puts(f, "\n");
        }
    ky_afile_puts(f, ";\n");
}

static void gmpl_shipments(const cm *M, ky_afile *f)
{
    const ky_problem *p = M->p;
    ky_afile_puts(f, "param: pen lsvc usvc sopen sclose eopen eclose pdmin :=\n");
    for (int32_t s = 0; s < M->S; s++) {
        ky_afile_printf(f, "  %d", s + 1);
        put_num(f, p->penalty[s]);
        put_num(f, ky_problem_load_min(p, s));
        put_num(f, ky_problem_unload_min(p, s));
        /* Depot-side windows bound S (loading) or E (unloading); shipments
         * without one get [0, H]. */
        const ky_window *wl = p->kind[s] == KY_SHIP_DELIVERY
                                  ? &p->tw[KY_PICKUP(s)][0] : NULL;
        const ky_window *wu = p->kind[s] == KY_SHIP_PICKUP
                                  ? &p->tw[KY_DELIVERY(s)][0] : NULL;
        put_num(f, wl ? capped(M, wl->open) : 0.0);
        put_num(f, wl ? capped(M, wl->close) : M->H);
        put_num(f, wu ? capped(M, wu->open) : 0.0);
        put_num(f, wu ? capped(M, wu->close) : M->H);
        put_num(f, ky_problem_min(p, p->loc[KY_PICKUP(s)],
                                  p->loc[KY_DELIVERY(s)]));
        ky_afile_puts(f, "\n");
    }
    ky_afile_puts(f, ";\nparam qs :=\n");
    for (int32_t s = 0; s < M->S; s++)
        for (int d = 0; d < M->D; d++) {
            ky_afile_printf(f, "  %d %d", s + 1, d + 1);
            const ky_shipment *sh = &p->scen->shipments[p->group[s]];
            put_num(f, p->kind[s] == KY_SHIP_DELIVERY ? (double)sh->amount[d]
                                                      : 0.0);
            ky_afile_puts(f, "\n");
        }
    ky_afile_puts(f, ";\n");
}

static void gmpl_vehicles(const cm *M, ky_afile *f)
{
    const ky_problem *p = M->p;
    ky_afile_puts(f, "param: fixed per_min a0 dclose aend bend :=\n");
    for (int32_t k = 0; k < M->K; k++) {
        const ky_vehicle *veh = &p->scen->vehicles[k];
        ky_afile_printf(f, "  %d", k + 1);
        put_num(f, p->obj_fixed[k]);
        put_num(f, p->obj_hour[k] / 60.0);
        put_num(f, capped(M, fmax(veh->shift.open, p->start_hours[k].open)));
        put_num(f, capped(M, p->start_hours[k].close));
        put_num(f, capped(M, p->end_hours[k].open));
        put_num(f, capped(M, fmin(p->end_hours[k].close, veh->shift.close)));
        ky_afile_puts(f, "\n");
    }
    ky_afile_puts(f, ";\nparam cap :=\n");
    for (int32_t k = 0; k < M->K; k++)
        for (int d = 0; d < M->D; d++) {
            ky_afile_printf(f, "  %d %d", k + 1, d + 1);
            put_num(f, (double)p->scen->vehicles[k].capacity[d]);
            ky_afile_puts(f, "\n");
        }
    ky_afile_puts(f, ";\n");
}

int ky_compact_write_gmpl_data(const ky_problem *p, const char *path,
                               const ky_ctx *ctx, ky_error *err)
{
    /* models/pdptw.mod serves each shipment from its one pickup, on one
     * vehicle */
    bool reloads = false;
    for (int32_t s = 0; s < p->n_ship; s++)
        reloads |= p->reload[s];
    if (p->has_alternatives || reloads)
        return ky_error_add(err, KY_EINPUT, p->scen->file, 0,
                            "the GMPL model takes one way to serve each "
                            "shipment (%s); export this scenario with --lp "
                            "or --mps",
                            reloads ? "no multi-trip reloads"
                                    : "one pickup");
    int ok = compact_expressible(p, err);
    if (ok != KY_OK)
        return ok;
    if (p->has_transfers)
        return ky_error_add(err, KY_EINPUT, p->scen->file, 0,
                            "the GMPL model knows no cross-dock transfers; "
                            "export this scenario with --lp or --mps, or "
                            "with --no-transfers");
    cm M;
    int rc = cm_prepare(&M, p, ctx);
    ky_afile *f = NULL;
    if (rc == KY_OK)
        rc = ky_afile_open(&f, path, ctx, err);
    if (rc == KY_OK) {
        ky_afile_puts(f, "/* kyodo: data for models/pdptw.mod; generated by "
                         "kyodo export-model --gmpl-data */\ndata;\n");
        rc = gmpl_sets(&M, f);
        gmpl_arcs(&M, f);
        gmpl_stops(&M, f);
        gmpl_shipments(&M, f);
        gmpl_vehicles(&M, f);
        ky_afile_puts(f, "end;\n");
        if (rc == KY_OK)
            rc = ky_afile_commit(f, err);
        else
            ky_afile_abort(f);
    }
    cm_free(&M);
    return rc;
}
