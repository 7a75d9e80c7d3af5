/* kyodo heuristic: ruin-and-recreate large neighbourhood search.
 *
 * State: one ky_rstate per vehicle (the route core's incremental view),
 * route_of[] per shipment, and the penalty of the unassigned ones. An
 * iteration snapshots the solution, ruins it (removes shipments), recreates
 * it (inserts every unassigned shipment where the route core says it is
 * cheapest, or leaves it out when that costs more than its penalty), then
 * keeps or undoes the change by simulated annealing. Only the routes an
 * iteration touched are rebuilt on undo.
 *
 * Vehicles of one type are interchangeable, so an insertion tries only
 * one empty vehicle of each type.
 *
 * Multi-sourcing: a shipment with alternative pickups is several problem
 * shipments (one per source) of which at most one is in the plan. The
 * penalty counts per scenario shipment; a shipment to insert stands for
 * its whole group, and the cheapest source wins.
 *
 * Transfers: an option through a hub is two legs, inserted together
 * (the inbound leg where it is cheapest, then the outbound leg on
 * another vehicle) and removed together; the group's penalty rides on
 * the inbound leg. Where a hub limits its docks, an insertion that
 * would overfill them is undone (and the shipment tries its direct
 * sources only), and an iteration whose removals overfill them is
 * rejected. */
#include <math.h>
#include <string.h>

#include "kyodo/heuristic.h"
#include "kyodo/rng.h"

#define NEAR_MAX 40        /* neighbours kept per shipment */
#define STRING_MAX 10      /* longest string removed from one route */
#define T_START 5.0        /* start temperature, x mean cost per shipment */
#define T_END 0.05         /* final temperature, same unit */

void ky_heur_options_init(ky_heur_options *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->iterations = 10000;
    o->fleet_share = 0.4;
}

typedef struct lns {
    const ky_problem *p;
    const ky_ctx *ctx;
    ky_rng rng;
    int32_t n_veh, n_ship;
    ky_rstate *r;        /* per vehicle */
    int32_t *route_of;   /* per shipment: vehicle or -1 */
    bool *touched;       /* per vehicle, this iteration */
    bool *ruined;        /* per vehicle, this iteration's string removal */
    int32_t *removed;    /* shipments waiting for insertion */
    int32_t n_removed;
    int32_t *buf;        /* node buffer */
    double *key;         /* sort keys, per shipment */
    int32_t *near;       /* n_ship * k_near nearest shipments */
    int32_t k_near;
    int64_t *type_stamp; /* per type: insertion stamp of the tried empty */
    int64_t stamp;
    ky_routes *snap;     /* the solution before this iteration */
    int32_t *snap_route_of;
    double pen_sum;      /* penalty of unassigned shipments */
    double scale;        /* mean route cost per served shipment */
    double time_frac;    /* share of the time budget used */
    bool *servable;      /* some vehicle can serve it alone */
    uint32_t *absence;   /* fleet phase: times left unserved */
    bool *listed;        /* scratch: shipment is in removed[] */
    int32_t route_cap;   /* fleet phase: most routes a plan may use; 0: any */
    bool full;           /* this insertion: route_cap routes are in use */
    int32_t avoid;       /* vehicle insertions skip (-1: none) */
    int32_t opening;     /* routes this insertion opens already (0, 1) */
    unsigned disable;    /* KY_HEUR_NO_* */
    int64_t *route_stamp; /* per vehicle: candidate for this insertion */
    int32_t *undo;        /* two routes' stops before an insertion */
    ky_stop_time *times;  /* scratch schedule for the dock count */
    ky_dock_visit *vis;   /* scratch dock visits */
} lns;

static int shipment_stops(const lns *L, int32_t s, int32_t st[2])
{
    return ky_shipment_stops(L->p, s, st);
}

/* Is some source of s's scenario shipment in the plan? */
static bool group_assigned(const lns *L, int32_t s)
{
    const ky_problem *p = L->p;
    int32_t g = p->group[s];
    for (int32_t t = p->grp_first[g]; t < p->grp_first[g + 1]; t++)
        if (L->route_of[t] >= 0)
            return true;
    return false;
}

/* ---- setup ----------------------------------------------------------- */

/* Distance between two shipments: the closest pair of their stops. */
static double ship_dist(const ky_problem *p, int32_t a, int32_t b)
{
    int32_t sa[2], sb[2];
    int na = ky_shipment_stops(p, a, sa), nb = ky_shipment_stops(p, b, sb);
    double best = HUGE_VAL;
    for (int x = 0; x < na; x++)
        for (int y = 0; y < nb; y++) {
            double d = ky_problem_km(p, p->loc[sa[x]], p->loc[sb[y]]);
            if (d < best)
                best = d;
        }
    return best;
}

static void build_neighbours(lns *L)
{
    int32_t n = L->n_ship, k = L->k_near;
    for (int32_t a = 0; a < n; a++) {
        int32_t *row = L->near + (size_t)a * k;
        double *dist = L->key; /* scratch: k best distances */
        int32_t m = 0;
        for (int32_t b = 0; b < n; b++) {
            if (b == a)
                continue;
            double d = ship_dist(L->p, a, b);
            if (m == k && d >= dist[m - 1])
                continue;
            int32_t at = m < k ? m++ : k - 1;
            /* Insertion sort; ties keep the lower index first. */
            while (at > 0 && dist[at - 1] > d) {
                dist[at] = dist[at - 1];
                row[at] = row[at - 1];
                at--;
            }
            dist[at] = d;
            row[at] = b;
        }
        for (; m < k; m++)
            row[m] = -1;
    }
}

/* Can some vehicle serve shipment s on a route of its own? Shipments no
 * vehicle can serve are never retried. */
static bool servable(const ky_problem *p, int32_t s)
{
    int32_t st[2];
    int n = ky_shipment_stops(p, s, st);
    for (int32_t v = 0; v < p->n_veh; v++) {
        if (!ky_problem_compat(p, s, v))
            continue;
        ky_route_eval e;
        ky_route_eval_full(p, v, st, n, &e, NULL);
        if (e.feasible)
            return true;
    }
    return false;
}

static void lns_free(lns *L)
{
    const ky_ctx *ctx = L->ctx;
    if (L->r)
        for (int32_t v = 0; v < L->n_veh; v++)
            ky_rstate_free(&L->r[v]);
    ky_free(ctx, L->r);
    ky_free(ctx, L->route_of);
    ky_free(ctx, L->touched);
    ky_free(ctx, L->ruined);
    ky_free(ctx, L->removed);
    ky_free(ctx, L->buf);
    ky_free(ctx, L->key);
    ky_free(ctx, L->near);
    ky_free(ctx, L->type_stamp);
    ky_free(ctx, L->snap_route_of);
    ky_free(ctx, L->servable);
    ky_free(ctx, L->absence);
    ky_free(ctx, L->listed);
    ky_free(ctx, L->route_stamp);
    ky_free(ctx, L->undo);
    ky_free(ctx, L->times);
    ky_free(ctx, L->vis);
    ky_routes_free(L->snap);
}

static int lns_init(lns *L, const ky_problem *p, const ky_ctx *ctx,
                    uint64_t seed)
{
    memset(L, 0, sizeof *L);
    L->p = p;
    L->ctx = ctx;
    L->n_veh = p->n_veh;
    L->n_ship = p->n_ship;
    ky_rng_seed(&L->rng, seed);
    size_t nv = (size_t)p->n_veh + 1, ns = (size_t)p->n_ship + 1;
    L->k_near = p->n_ship - 1 < NEAR_MAX ? p->n_ship - 1 : NEAR_MAX;
    if (L->k_near < 1)
        L->k_near = 1;
    L->r = ky_calloc(ctx, nv, sizeof *L->r);
    L->route_of = ky_calloc(ctx, ns, sizeof *L->route_of);
    L->touched = ky_calloc(ctx, nv, sizeof *L->touched);
    L->ruined = ky_calloc(ctx, nv, sizeof *L->ruined);
    L->removed = ky_calloc(ctx, ns, sizeof *L->removed);
    L->buf = ky_calloc(ctx, (size_t)p->n_nodes + 4, sizeof *L->buf);
    L->key = ky_calloc(ctx, ns + NEAR_MAX, sizeof *L->key);
    L->near = ky_calloc(ctx, ns * (size_t)L->k_near, sizeof *L->near);
    L->type_stamp = ky_calloc(ctx, nv, sizeof *L->type_stamp);
    L->snap_route_of = ky_calloc(ctx, ns, sizeof *L->snap_route_of);
    L->servable = ky_calloc(ctx, ns, sizeof *L->servable);
    L->absence = ky_calloc(ctx, ns, sizeof *L->absence);
    L->listed = ky_calloc(ctx, ns, sizeof *L->listed);
    L->route_stamp = ky_calloc(ctx, nv, sizeof *L->route_stamp);
    size_t nn = (size_t)p->n_nodes + 4;
    L->undo = ky_calloc(ctx, 2 * nn, sizeof *L->undo);
    L->avoid = -1;
    L->times = ky_calloc(ctx, nn, sizeof *L->times);
    L->vis = ky_calloc(ctx, nn, sizeof *L->vis);
    if (!L->servable || !L->absence || !L->listed || !L->route_stamp ||
        !L->undo || !L->times || !L->vis)
        return KY_ENOMEM;
    if (!L->r || !L->route_of || !L->touched || !L->ruined || !L->removed ||
        !L->buf || !L->key || !L->near || !L->type_stamp ||
        !L->snap_route_of || ky_routes_new(&L->snap, p->n_veh, ctx) != KY_OK)
        return KY_ENOMEM;
    for (int32_t v = 0; v < p->n_veh; v++) {
        ky_rstate_init(&L->r[v], ctx);
        if (ky_rstate_set(&L->r[v], p, v, NULL, 0) != KY_OK)
            return KY_ENOMEM;
    }
    for (int32_t s = 0; s < p->n_ship; s++) {
        L->route_of[s] = -1;
        L->servable[s] = servable(p, s);
    }
    for (int32_t g = 0; g < p->n_groups; g++)
        L->pen_sum += p->penalty[p->grp_first[g]];
    build_neighbours(L);
    return KY_OK;
}

static double lns_objective(const lns *L)
{
    double obj = L->pen_sum;
    for (int32_t v = 0; v < L->n_veh; v++)
        if (L->r[v].n > 0)
            obj += L->r[v].eval.obj;
    return obj;
}

/* ---- moves on the state ---------------------------------------------- */

/* Rebuilds vehicle v's route from nodes (which may alias L->buf). */
static int set_route(lns *L, int32_t v, const int32_t *nodes, int32_t n)
{
    L->touched[v] = true;
    return ky_rstate__set_trusted(&L->r[v], L->p, v, nodes, n);
}

/* Removes the shipments marked in route_of as -2 from route v. */
static int purge_route(lns *L, int32_t v)
{
    ky_rstate *r = &L->r[v];
    int32_t m = 0;
    for (int32_t k = 1; k <= r->n; k++) {
        int32_t s = KY_NODE_SHIPMENT(r->node[k]);
        if (L->route_of[s] != -2)
            L->buf[m++] = r->node[k];
    }
    return set_route(L, v, L->buf, m);
}

/* Marks shipment s removed (its route is purged later); a leg takes its
 * mate along, and the inbound leg stands for both in removed[]. */
static void mark_removed(lns *L, int32_t s)
{
    const ky_problem *p = L->p;
    if (L->route_of[s] < 0)
        return;
    if (p->leg[s] == 2) {
        s = p->mate[s];
        if (L->route_of[s] < 0)
            return;
    }
    L->touched[L->route_of[s]] = true;
    L->route_of[s] = -2;
    L->removed[L->n_removed++] = s;
    L->pen_sum += p->penalty[s];
    int32_t o = p->leg[s] == 1 ? p->mate[s] : -1;
    if (o >= 0 && L->route_of[o] >= 0) {
        L->touched[L->route_of[o]] = true;
        L->route_of[o] = -2;
    }
}

/* Purges every touched route; a route left infeasible (possible only
 * when travel times break the triangle inequality) is emptied. */
static int apply_removals(lns *L)
{
    /* Emptying an infeasible route may take legs off routes purged
     * already: repeat until nothing changes. */
    for (bool again = true; again;) {
        again = false;
        for (int32_t v = 0; v < L->n_veh; v++) {
            if (!L->touched[v] || L->r[v].n == 0)
                continue;
            if (purge_route(L, v) != KY_OK)
                return KY_ENOMEM;
            if (!L->r[v].eval.feasible) {
                for (int32_t k = 1; k <= L->r[v].n; k++)
                    mark_removed(L, KY_NODE_SHIPMENT(L->r[v].node[k]));
                if (purge_route(L, v) != KY_OK)
                    return KY_ENOMEM;
                again |= L->p->has_transfers;
            }
        }
    }
    for (int32_t k = 0; k < L->n_removed; k++) {
        int32_t s = L->removed[k];
        L->route_of[s] = -1;
        if (L->p->leg[s] == 1)
            L->route_of[L->p->mate[s]] = -1;
    }
    return KY_OK;
}

/* Inserts s into v: pickup (or the only stop) after position i, the
 * delivery after position j of the current route. */
static int insert_at(lns *L, int32_t v, int32_t s, int32_t i, int32_t j)
{
    ky_rstate *r = &L->r[v];
    int32_t st[2], c = shipment_stops(L, s, st), m = 0;
    for (int32_t k = 0; k <= r->n; k++) {
        if (k == i)
            L->buf[m++] = st[0];
        if (c == 2 && k == j)
            L->buf[m++] = st[1];
        if (k < r->n)
            L->buf[m++] = r->node[k + 1];
    }
    L->route_of[s] = v;
    if (L->p->leg[s] != 2)
        L->pen_sum -= L->p->penalty[s];
    return set_route(L, v, L->buf, m);
}

/* Does every hub keep its dock count in the current routes? */
static bool docks_ok(lns *L)
{
    const ky_problem *p = L->p;
    if (!p->has_docks)
        return true;
    int32_t n = 0;
    for (int32_t v = 0; v < L->n_veh; v++)
        if (L->r[v].n > 0)
            ky_dock_visits(p, v, L->r[v].node + 1, L->r[v].n, L->times,
                           L->vis, &n);
    return ky_docks_ok(p, L->vis, n);
}

/* Whether vehicle v should be tried for this insertion: an empty vehicle
 * only if no other empty vehicle of its type was tried already. */
static bool vehicle_worth_trying(lns *L, int32_t v)
{
    if (L->r[v].n > 0)
        return true;
    if (L->full)
        return false;
    int32_t t = L->p->type[v];
    if (L->type_stamp[t] == L->stamp)
        return false;
    L->type_stamp[t] = L->stamp;
    return true;
}

/* Granular neighbourhood: above this many used vehicles, a shipment is
 * tried only in the routes of its nearest neighbours (and one empty
 * vehicle per type), as in Toth & Vigo's granular tabu search. */
#define GRANULAR_MIN_ROUTES 8
#define GRANULAR_NEIGHBOURS 24

/* Marks the candidate routes for s in route_stamp; false when every
 * vehicle is a candidate. */
static bool mark_candidates(lns *L, int32_t s)
{
    if ((L->disable & KY_HEUR_NO_GRANULAR) || L->route_cap > 0)
        return false;
    int32_t used = 0;
    for (int32_t v = 0; v < L->n_veh && used <= GRANULAR_MIN_ROUTES; v++)
        used += L->r[v].n > 0;
    if (used <= GRANULAR_MIN_ROUTES)
        return false;
    int32_t k_max = L->k_near < GRANULAR_NEIGHBOURS ? L->k_near
                                                     : GRANULAR_NEIGHBOURS;
    int32_t marked = 0;
    for (int32_t k = 0; k < k_max; k++) {
        int32_t t = L->near[(size_t)s * L->k_near + k];
        if (t >= 0 && L->route_of[t] >= 0 &&
            L->route_stamp[L->route_of[t]] != L->stamp) {
            L->route_stamp[L->route_of[t]] = L->stamp;
            marked++;
        }
    }
    return marked > 0;
}

static int32_t used_vehicles(const lns *L);

/* Cheapest feasible insertion of s over the candidate vehicles but
 * vehicle `not` (-1: none). */
static bool best_insertion(lns *L, int32_t s, int32_t not, int32_t *bv,
                           int32_t *bi, int32_t *bj, double *bd)
{
    bool found = false;
    L->stamp++;
    L->full = L->route_cap > 0 &&
              used_vehicles(L) + L->opening >= L->route_cap;
    bool granular = mark_candidates(L, s);
    for (int32_t v = 0; v < L->n_veh; v++) {
        if (v == not || v == L->avoid || !ky_problem_compat(L->p, s, v) ||
            (granular && L->r[v].n > 0 && L->route_stamp[v] != L->stamp) ||
            !vehicle_worth_trying(L, v))
            continue;
        int32_t i, j;
        double d;
        if (ky_rstate_best(&L->r[v], L->p, s, &i, &j, &d) &&
            (!found || d < *bd - KY_EPS)) {
            *bv = v;
            *bi = i;
            *bj = j;
            *bd = d;
            found = true;
        }
    }
    return found;
}

/* ---- recreate --------------------------------------------------------- */

static void sort_removed(lns *L, int how)
{
    const ky_problem *p = L->p;
    int32_t n = L->n_removed;
    ky_rng_shuffle(&L->rng, L->removed, n);
    if (how == 0)
        return;
    for (int32_t k = 0; k < n; k++) {
        int32_t s = L->removed[k], st[2];
        shipment_stops(L, s, st);
        double key = 0.0;
        if (how == 1) /* largest first */
            for (int d = 0; d < p->n_dims; d++)
                key -= (double)
                           p->scen->shipments[p->group[s]].amount[d];
        else if (how == 2) /* farthest from its vehicle's depot first */
            key = -ky_problem_km(p, p->start_loc[0], p->loc[st[0]]);
        else if (how == 3) /* tightest window first */
            key = p->tw[st[0]][p->n_tw[st[0]] - 1].close;
        else /* most often left out first (fleet phase) */
            key = -(double)L->absence[p->grp_first[p->group[s]]];
        L->key[k] = key;
    }
    /* Stable insertion sort on the keys (n is small). */
    for (int32_t a = 1; a < n; a++) {
        int32_t s = L->removed[a];
        double k = L->key[a];
        int32_t b = a;
        while (b > 0 && L->key[b - 1] > k) {
            L->key[b] = L->key[b - 1];
            L->removed[b] = L->removed[b - 1];
            b--;
        }
        L->key[b] = k;
        L->removed[b] = s;
    }
}

/* Adds every unassigned shipment some vehicle can serve to the list of
 * shipments to insert: one entry per scenario shipment (listed[] is
 * indexed by it), any of whose sources is servable. */
static void collect_unassigned(lns *L)
{
    const ky_problem *p = L->p;
    for (int32_t k = 0; k < L->n_removed; k++)
        L->listed[p->group[L->removed[k]]] = true;
    for (int32_t g = 0; g < p->n_groups; g++) {
        int32_t s = p->grp_first[g], pick = -1;
        if (L->listed[g] || group_assigned(L, s))
            continue;
        for (; s < p->grp_first[g + 1] && pick < 0; s++)
            if (L->servable[s])
                pick = s;
        if (pick >= 0)
            L->removed[L->n_removed++] = pick;
    }
    for (int32_t k = 0; k < L->n_removed; k++)
        L->listed[p->group[L->removed[k]]] = false;
}

/* An insertion: problem shipment s into vehicle v after positions i, j;
 * for a transfer, its outbound leg into v2 after i2, j2 (else v2 < 0). */
typedef struct choice {
    int32_t s, v, i, j, v2, i2, j2;
    double d; /* objective increase */
} choice;

/* Cheapest insertion of any option of s's scenario shipment (a source,
 * or a transfer's two legs unless direct_only). */
static bool best_source(lns *L, int32_t s, bool direct_only, choice *c)
{
    const ky_problem *p = L->p;
    int32_t g = p->group[s];
    bool found = false;
    for (int32_t t = p->grp_first[g]; t < p->grp_first[g + 1]; t++) {
        choice x = {.s = t, .v2 = -1};
        if (p->leg[t] == 2 || (direct_only && p->leg[t] != 0) ||
            !L->servable[t] || (p->leg[t] == 1 && !L->servable[p->mate[t]]))
            continue;
        if (!best_insertion(L, t, -1, &x.v, &x.i, &x.j, &x.d) ||
            (found && x.d >= c->d - KY_EPS))
            continue;
        double d2 = 0.0;
        /* the inbound leg's vehicle counts as used if it opens a route */
        L->opening = L->r[x.v].n == 0;
        bool out = p->leg[t] != 1 || best_insertion(L, p->mate[t], x.v, &x.v2,
                                                    &x.i2, &x.j2, &d2);
        L->opening = 0;
        if (!out)
            continue;
        x.d += d2;
        if (!found || x.d < c->d - KY_EPS) {
            *c = x;
            found = true;
        }
    }
    return found;
}

/* Makes insertion c, undone (and false in *kept) when it overfills a
 * hub's docks. */
static int insert_choice(lns *L, const choice *c, bool *kept)
{
    const ky_problem *p = L->p;
    int32_t n1 = L->r[c->v].n, n2 = c->v2 >= 0 ? L->r[c->v2].n : 0;
    size_t room = (size_t)p->n_nodes + 4;
    if (p->has_docks) {
        memcpy(L->undo, L->r[c->v].node + 1, sizeof(int32_t) * (size_t)n1);
        if (c->v2 >= 0)
            memcpy(L->undo + room, L->r[c->v2].node + 1,
                   sizeof(int32_t) * (size_t)n2);
    }
    *kept = true;
    if (insert_at(L, c->v, c->s, c->i, c->j) != KY_OK ||
        (c->v2 >= 0 &&
         insert_at(L, c->v2, p->mate[c->s], c->i2, c->j2) != KY_OK))
        return KY_ENOMEM;
    if (docks_ok(L))
        return KY_OK;
    *kept = false;
    L->route_of[c->s] = -1;
    L->pen_sum += p->penalty[c->s];
    if (c->v2 >= 0)
        L->route_of[p->mate[c->s]] = -1;
    if (set_route(L, c->v, L->undo, n1) != KY_OK ||
        (c->v2 >= 0 && set_route(L, c->v2, L->undo + room, n2) != KY_OK))
        return KY_ENOMEM;
    return KY_OK;
}

static int recreate_greedy(lns *L)
{
    static const int weights[4] = {4, 4, 2, 1}; /* SISR's sort odds */
    int64_t pick = (int64_t)ky_rng_below(&L->rng, 11), how = 0;
    while (pick >= weights[how]) {
        pick -= weights[how];
        how++;
    }
    if (L->disable & KY_HEUR_NO_SORTS)
        how = 0;
    collect_unassigned(L);
    sort_removed(L, L->route_cap > 0 ? 4 : (int)how);
    int32_t left = 0;
    for (int32_t k = 0; k < L->n_removed; k++) {
        int32_t s = L->removed[k];
        bool kept = false;
        choice c = {.v2 = -1};
        /* A transfer whose legs overfill a dock is tried again without
         * its inbound leg's vehicle, then without its outbound leg's,
         * before the direct sources. */
        int32_t away[2] = {-1, -1};
        for (int pass = 0, retry = 0; pass < 2 && !kept;) {
            if (!best_source(L, s, pass > 0, &c) ||
                c.d >= L->p->penalty[c.s])
                break;
            if (insert_choice(L, &c, &kept) != KY_OK)
                return KY_ENOMEM;
            if (kept || c.v2 < 0)
                break; /* a direct source overfilled: nothing else to try */
            if (retry == 0) {
                away[0] = c.v;
                away[1] = c.v2;
            }
            if (retry < 2) {
                L->avoid = away[retry++];
            } else {
                L->avoid = -1;
                pass++;
            }
        }
        L->avoid = -1;
        if (!kept)
            L->removed[left++] = s;
    }
    L->n_removed = left;
    return KY_OK;
}

/* ---- ruin ------------------------------------------------------------- */

static int32_t random_assigned(lns *L)
{
    for (int tries = 0; tries < 64; tries++) {
        int32_t s = (int32_t)ky_rng_below(&L->rng, (uint64_t)L->n_ship);
        if (L->route_of[s] >= 0)
            return s;
    }
    for (int32_t s = 0; s < L->n_ship; s++)
        if (L->route_of[s] >= 0)
            return s;
    return -1;
}

/* Removes a string of consecutive stops of route v around stop node u. */
static void remove_string(lns *L, int32_t v, int32_t u, int32_t len)
{
    ky_rstate *r = &L->r[v];
    int32_t at = 1;
    while (at <= r->n && r->node[at] != u)
        at++;
    if (len > r->n)
        len = r->n;
    int32_t lo = at - (int32_t)ky_rng_below(&L->rng, (uint64_t)len);
    if (lo < 1)
        lo = 1;
    if (lo + len - 1 > r->n)
        lo = r->n - len + 1;
    for (int32_t k = lo; k < lo + len; k++)
        mark_removed(L, KY_NODE_SHIPMENT(r->node[k]));
}

static void ruin_strings(lns *L, int32_t target)
{
    int32_t seed = random_assigned(L);
    if (seed < 0)
        return;
    memset(L->ruined, 0, sizeof *L->ruined * (size_t)L->n_veh);
    for (int32_t k = -1; k < L->k_near && L->n_removed < target; k++) {
        int32_t s = k < 0 ? seed : L->near[(size_t)seed * L->k_near + k];
        if (s < 0)
            break;
        int32_t v = L->route_of[s];
        if (v < 0 || L->ruined[v])
            continue;
        L->ruined[v] = true;
        int32_t st[2];
        shipment_stops(L, s, st);
        int32_t len = 1 + (int32_t)ky_rng_below(&L->rng, STRING_MAX);
        remove_string(L, v, st[0], len);
    }
}

static void ruin_related(lns *L, int32_t target)
{
    int32_t seed = random_assigned(L);
    if (seed < 0)
        return;
    mark_removed(L, seed);
    for (int32_t k = 0; k < L->k_near && L->n_removed < target; k++) {
        int32_t s = L->near[(size_t)seed * L->k_near + k];
        if (s >= 0 && L->route_of[s] >= 0 && ky_rng_unit(&L->rng) < 0.8)
            mark_removed(L, s);
    }
}

static void ruin_random(lns *L, int32_t target)
{
    for (int tries = 0; tries < 4 * target && L->n_removed < target; tries++) {
        int32_t s = random_assigned(L);
        if (s < 0)
            return;
        mark_removed(L, s);
    }
}

static void ruin_route(lns *L)
{
    int32_t s = random_assigned(L);
    if (s < 0)
        return;
    ky_rstate *r = &L->r[L->route_of[s]];
    for (int32_t k = 1; k <= r->n; k++)
        mark_removed(L, KY_NODE_SHIPMENT(r->node[k]));
}

static int ruin(lns *L)
{
    int32_t assigned = 0;
    for (int32_t s = 0; s < L->n_ship; s++)
        assigned += L->route_of[s] >= 0;
    int32_t cap = assigned < 30 ? assigned : 30;
    if (cap < 1)
        return KY_OK;
    int32_t target = 1 + (int32_t)ky_rng_below(&L->rng, (uint64_t)cap);
    /* Operator odds in percent: strings 60, related 20, random 15,
     * route 5; switched-off operators give their share to strings (or,
     * when strings are off, to the first one left). */
    static const int odds[4] = {60, 20, 15, 5};
    static const unsigned off[4] = {KY_HEUR_NO_STRINGS, KY_HEUR_NO_RELATED,
                                    KY_HEUR_NO_RANDOM, KY_HEUR_NO_ROUTE};
    int total = 0, which = -1;
    for (int k = 0; k < 4; k++)
        total += (L->disable & off[k]) ? 0 : odds[k];
    if (total == 0)
        return KY_OK;
    int64_t x = (int64_t)ky_rng_below(&L->rng, (uint64_t)total);
    for (int k = 0; k < 4 && which < 0; k++) {
        if (L->disable & off[k])
            continue;
        if (x < odds[k])
            which = k;
        x -= odds[k];
    }
    if (which == 0)
        ruin_strings(L, target);
    else if (which == 1)
        ruin_related(L, target);
    else if (which == 2)
        ruin_random(L, target);
    else
        ruin_route(L);
    return apply_removals(L);
}

/* ---- snapshots -------------------------------------------------------- */

static int snapshot(lns *L)
{
    int32_t total = 0;
    for (int32_t v = 0; v < L->n_veh; v++)
        total += L->r[v].n;
    ky_routes *S = L->snap;
    if (total > S->cap) {
        int32_t *a = ky_reallocarray(L->ctx, S->node, (size_t)total + 16,
                                     sizeof *a);
        if (a == NULL)
            return KY_ENOMEM;
        S->node = a;
        S->cap = total + 16;
    }
    S->off[0] = 0;
    for (int32_t v = 0; v < L->n_veh; v++) {
        int32_t n = L->r[v].n;
        if (n)
            memcpy(S->node + S->off[v], L->r[v].node + 1,
                   sizeof(int32_t) * (size_t)n);
        S->off[v + 1] = S->off[v] + n;
    }
    memcpy(L->snap_route_of, L->route_of, sizeof(int32_t) * (size_t)L->n_ship);
    return KY_OK;
}

static int restore(lns *L, double pen_sum)
{
    for (int32_t v = 0; v < L->n_veh; v++)
        if (L->touched[v] &&
            ky_rstate__set_trusted(&L->r[v], L->p, v, ky_routes_of(L->snap, v),
                                   ky_routes_len(L->snap, v)) != KY_OK)
            return KY_ENOMEM;
    memcpy(L->route_of, L->snap_route_of, sizeof(int32_t) * (size_t)L->n_ship);
    L->pen_sum = pen_sum;
    return KY_OK;
}

static int save_best(lns *L, ky_routes *best)
{
    ky_routes *S = L->snap;
    /* The snapshot buffer is free between iterations: use it. */
    if (snapshot(L) != KY_OK)
        return KY_ENOMEM;
    return ky_routes_copy(best, S);
}

static void sink_routes(lns *L, const ky_heur_options *o, bool all)
{
    if (o->sink == NULL)
        return;
    for (int32_t v = 0; v < L->n_veh; v++)
        if ((all || L->touched[v]) && L->r[v].n > 0 && L->r[v].eval.feasible)
            o->sink(o->sink_ud, v, L->r[v].node + 1, L->r[v].n,
                    L->r[v].eval.obj);
}

/* ---- fleet minimisation -------------------------------------------------
 *
 * SISR's fleet minimisation (Christiaens & Vanden Berghe, 2020, sec. 5):
 * from a complete plan, take out the route with the fewest stops; then
 * ruin and recreate without opening routes, keeping a candidate when it
 * leaves fewer shipments out, or ones left out less often so far (the
 * sum of their absence counters); every shipment a candidate leaves out
 * counts one more absence. When nothing is left out, the plan is one
 * vehicle shorter: record it and take out the next route. */

/* Scenario shipments left out that some source could serve; their
 * absences are counted on their first source. */
static int32_t unassigned_count(const lns *L, uint64_t *absences)
{
    const ky_problem *p = L->p;
    int32_t n = 0;
    uint64_t a = 0;
    for (int32_t g = 0; g < p->n_groups; g++) {
        bool any = false;
        for (int32_t s = p->grp_first[g]; s < p->grp_first[g + 1]; s++)
            any |= L->servable[s];
        if (any && !group_assigned(L, p->grp_first[g])) {
            n++;
            a += L->absence[p->grp_first[g]];
        }
    }
    *absences = a;
    return n;
}

static int32_t used_vehicles(const lns *L)
{
    int32_t n = 0;
    for (int32_t v = 0; v < L->n_veh; v++)
        n += L->r[v].n > 0;
    return n;
}

/* Takes out the route with the fewest stops; false when none is left. */
static int drop_smallest_route(lns *L, bool *dropped)
{
    int32_t best = -1;
    for (int32_t v = 0; v < L->n_veh; v++)
        if (L->r[v].n > 0 && (best < 0 || L->r[v].n < L->r[best].n))
            best = v;
    *dropped = best >= 0;
    if (best < 0)
        return KY_OK;
    memset(L->touched, 0, sizeof *L->touched * (size_t)L->n_veh);
    L->n_removed = 0;
    for (int32_t k = 1; k <= L->r[best].n; k++)
        mark_removed(L, KY_NODE_SHIPMENT(L->r[best].node[k]));
    return apply_removals(L);
}

/* Replaces the state by the route set r. */
static int reset_to(lns *L, const ky_routes *r)
{
    L->pen_sum = 0.0;
    for (int32_t s = 0; s < L->n_ship; s++)
        L->route_of[s] = -1;
    for (int32_t g = 0; g < L->p->n_groups; g++)
        L->pen_sum += L->p->penalty[L->p->grp_first[g]];
    for (int32_t v = 0; v < L->n_veh; v++) {
        int32_t n = ky_routes_len(r, v);
        if (ky_rstate_set(&L->r[v], L->p, v, ky_routes_of(r, v), n) != KY_OK)
            return KY_ENOMEM;
        for (int32_t k = 1; k <= n; k++) {
            int32_t s = KY_NODE_SHIPMENT(L->r[v].node[k]);
            if (L->route_of[s] < 0 && L->p->leg[s] != 2)
                L->pen_sum -= L->p->penalty[s];
            L->route_of[s] = v;
        }
    }
    return KY_OK;
}

typedef struct fleet_budget {
    int64_t iterations;
    double deadline;
} fleet_budget;

static int fleet_step(lns *L, int32_t *cur_n)
{
    /* Both sides are summed with the counters as they are now: the
     * current plan's left-out shipments gain absences while it stays. */
    uint64_t cur_a;
    unassigned_count(L, &cur_a);
    memset(L->touched, 0, sizeof *L->touched * (size_t)L->n_veh);
    double pen_before = L->pen_sum;
    L->n_removed = 0;
    if (snapshot(L) != KY_OK || ruin(L) != KY_OK ||
        recreate_greedy(L) != KY_OK)
        return KY_ENOMEM;
    uint64_t a;
    int32_t n = unassigned_count(L, &a);
    for (int32_t k = 0; k < L->n_removed; k++)
        L->absence[L->p->grp_first[L->p->group[L->removed[k]]]]++;
    if ((n < *cur_n || a < cur_a) && docks_ok(L)) {
        *cur_n = n;
        return KY_OK;
    }
    return restore(L, pen_before);
}

static int fleet_minimise(lns *L, ky_routes *best, double *best_obj,
                          const fleet_budget *b, const ky_ctx *ctx,
                          ky_heur_stats *st, int64_t *used)
{
    uint64_t a;
    int32_t base = unassigned_count(L, &a), cur_n = base;
    st->fleet_start = st->fleet_end = used_vehicles(L);
    L->route_cap = st->fleet_start;
    int rc = KY_OK;
    int64_t it = 0;
    for (; rc == KY_OK && it < b->iterations; it++) {
        if (ky_ctx_cancelled(ctx) ||
            (b->deadline > 0 && (it & 15) == 0 && ky_clock_now() >= b->deadline))
            break;
        if (cur_n <= base) {
            double obj = lns_objective(L);
            if (obj < *best_obj - KY_EPS) {
                *best_obj = obj;
                st->fleet_end = used_vehicles(L);
                rc = save_best(L, best);
            }
            bool dropped;
            if (rc == KY_OK)
                rc = drop_smallest_route(L, &dropped);
            if (rc != KY_OK || !dropped)
                break;
            L->route_cap = used_vehicles(L);
            cur_n = unassigned_count(L, &a);
        }
        if (rc == KY_OK)
            rc = fleet_step(L, &cur_n);
    }
    L->route_cap = 0;
    *used = it;
    return rc == KY_OK ? reset_to(L, best) : rc;
}

/* ---- driver ----------------------------------------------------------- */

/* Is some option of s's group other than s and its mate in the plan? */
static bool group_taken(const lns *L, int32_t s)
{
    const ky_problem *p = L->p;
    int32_t g = p->group[s];
    for (int32_t t = p->grp_first[g]; t < p->grp_first[g + 1]; t++)
        if (L->route_of[t] >= 0 && t != s && t != p->mate[s])
            return true;
    return false;
}

static int load_start(lns *L, const ky_routes *start)
{
    const ky_problem *p = L->p;
    for (int32_t v = 0; v < L->n_veh; v++) {
        int32_t n = ky_routes_len(start, v);
        if (n == 0)
            continue;
        if (ky_rstate_set(&L->r[v], p, v, ky_routes_of(start, v), n) !=
            KY_OK)
            return KY_ENOMEM;
        bool twice = false; /* a shipment another route serves */
        for (int32_t k = 1; k <= n && !twice; k++)
            twice = group_taken(L, KY_NODE_SHIPMENT(L->r[v].node[k]));
        if (!L->r[v].eval.feasible || twice) { /* not ours to repair */
            ky_rstate_set(&L->r[v], p, v, NULL, 0);
            continue;
        }
        for (int32_t k = 1; k <= n; k++) {
            int32_t s = KY_NODE_SHIPMENT(L->r[v].node[k]);
            if (L->route_of[s] < 0 && p->leg[s] != 2)
                L->pen_sum -= p->penalty[s];
            L->route_of[s] = v;
        }
    }
    if (!p->has_transfers)
        return KY_OK;
    /* A leg without its mate (or on its mate's vehicle) goes, and every
     * leg when the docks overflow. */
    bool docks = docks_ok(L);
    memset(L->touched, 0, sizeof *L->touched * (size_t)L->n_veh);
    L->n_removed = 0;
    for (int32_t s = 0; s < L->n_ship; s++)
        if (p->leg[s] != 0 && L->route_of[s] >= 0 &&
            (!docks || L->route_of[p->mate[s]] < 0 ||
             L->route_of[p->mate[s]] == L->route_of[s])) {
            if (p->leg[s] == 2 && L->route_of[p->mate[s]] < 0) {
                /* an outbound leg alone: it carries no penalty */
                L->touched[L->route_of[s]] = true;
                L->route_of[s] = -2;
                L->removed[L->n_removed++] = s;
            }
            mark_removed(L, s);
        }
    int rc = apply_removals(L);
    L->n_removed = 0;
    if (rc != KY_OK || docks_ok(L))
        return rc;
    /* the removals moved hub visits into each other: no transfer then */
    memset(L->touched, 0, sizeof *L->touched * (size_t)L->n_veh);
    for (int32_t s = 0; s < L->n_ship; s++)
        if (p->leg[s] == 1 && L->route_of[s] >= 0)
            mark_removed(L, s);
    rc = apply_removals(L);
    L->n_removed = 0;
    return rc;
}

static int construct(lns *L)
{
    L->n_removed = 0;
    return recreate_greedy(L); /* collects every unassigned shipment */
}

/* The annealing temperature follows the variable part of the route
 * objective (distance, time), not fixed vehicle weights or penalties, so
 * a hierarchical objective is annealed on its last level only. */
static void set_scale(lns *L)
{
    double routes = 0.0;
    int32_t served = 0;
    for (int32_t v = 0; v < L->n_veh; v++)
        if (L->r[v].n > 0)
            routes += L->r[v].eval.obj - L->p->obj_fixed[v];
    for (int32_t s = 0; s < L->n_ship; s++)
        served += L->route_of[s] >= 0;
    L->scale = served ? routes / served : 1.0;
    if (L->scale <= 0.0)
        L->scale = 1.0;
}

static bool should_stop(const ky_heur_options *o, const ky_ctx *ctx,
                        int64_t it, ky_heur_stats *st)
{
    if (ky_ctx_cancelled(ctx)) {
        st->cancelled = true;
        return true;
    }
    if (it >= o->iterations)
        return true;
    if (o->deadline > 0 && ky_clock_now() >= o->deadline) {
        st->stopped_by_time = true;
        return true;
    }
    return false;
}

static int search(lns *L, ky_routes *best, ky_heur_stats *st,
                  const ky_heur_options *o, const ky_ctx *ctx)
{
    double cur = lns_objective(L), best_obj = cur;
    int64_t it = 0;
    if (L->p->objective == KY_OBJ_VEHICLES_DISTANCE && o->fleet_share > 0 &&
        !(L->disable & KY_HEUR_NO_FLEET)) {
        fleet_budget b = {(int64_t)((double)o->iterations * o->fleet_share),
                          0.0};
        if (o->deadline > 0)
            b.deadline = ky_clock_now() +
                         (o->deadline - ky_clock_now()) * o->fleet_share;
        int rc = fleet_minimise(L, best, &best_obj, &b, ctx, st, &it);
        if (rc != KY_OK)
            return rc;
        cur = lns_objective(L);
    }
    double t0 = T_START * L->scale, t1 = T_END * L->scale;
    double start = ky_clock_now();
    int64_t first = it;
    int rounds = 0;
    while (!should_stop(o, ctx, it, st)) {
        /* Cool by whichever budget runs out first: iterations or time. */
        double frac = (double)(it - first) / (double)(o->iterations - first);
        if (o->deadline > 0 && !o->iteration_cooling && (it & 15) == 0) {
            double tf = (ky_clock_now() - start) / (o->deadline - start);
            L->time_frac = tf > 0 ? tf : 0;
        }
        if (L->time_frac > frac)
            frac = L->time_frac;
        if (o->recombine && rounds < KY_HEUR_RECOMBINE_ROUNDS &&
            frac * (KY_HEUR_RECOMBINE_ROUNDS + 1) >= rounds + 1) {
            rounds++;
            const ky_routes *b = o->recombine(o->recombine_ud, best);
            if (b && ky_routes_objective(L->p, b) < best_obj - KY_EPS) {
                if (reset_to(L, b) != KY_OK || save_best(L, best) != KY_OK)
                    return KY_ENOMEM;
                cur = best_obj = lns_objective(L);
            }
        }
        double temp = t0 * pow(t1 / t0, frac);
        memset(L->touched, 0, sizeof *L->touched * (size_t)L->n_veh);
        double pen_before = L->pen_sum;
        L->n_removed = 0;
        if (snapshot(L) != KY_OK || ruin(L) != KY_OK ||
            recreate_greedy(L) != KY_OK)
            return KY_ENOMEM;
        double obj = docks_ok(L) ? lns_objective(L) : HUGE_VAL;
        double u = ky_rng_unit(&L->rng);
        if (L->disable & KY_HEUR_NO_ANNEALING)
            temp = 0.0;
        if (obj < cur - temp * log(1.0 - u) ||
            (temp == 0.0 && obj < cur - KY_EPS)) {
            cur = obj;
            sink_routes(L, o, false);
            if (obj < best_obj - KY_EPS) {
                best_obj = obj;
                if (save_best(L, best) != KY_OK)
                    return KY_ENOMEM;
            }
        } else if (restore(L, pen_before) != KY_OK) {
            return KY_ENOMEM;
        }
        it++;
    }
    st->iterations = it;
    st->best_obj = best_obj;
    return KY_OK;
}

int ky_heuristic_run(ky_routes *best, ky_heur_stats *stats,
                     const ky_problem *p, const ky_routes *start,
                     const ky_heur_options *o, const ky_ctx *ctx)
{
    lns L;
    memset(stats, 0, sizeof *stats);
    int rc = lns_init(&L, p, ctx, o->seed);
    L.disable = o->disable;
    if (rc == KY_OK && start)
        rc = load_start(&L, start);
    if (rc == KY_OK)
        rc = construct(&L);
    if (rc == KY_OK) {
        set_scale(&L);
        stats->initial_obj = lns_objective(&L);
        sink_routes(&L, o, true);
        rc = save_best(&L, best);
    }
    if (rc == KY_OK)
        rc = search(&L, best, stats, o, ctx);
    if (rc == KY_OK && stats->iterations == 0)
        stats->best_obj = stats->initial_obj;
    lns_free(&L);
    return rc;
}
