/* kyodo colgen: the set-partitioning LP by column generation, and the
 * Lagrangian lower bound it certifies (see kyodo/colgen.h).
 *
 * Pricing is a forward labelling per vehicle type. A label is a partial
 * route from the start depot: its last stop, service start time, reduced
 * cost, load resources, shipments visited (all of them, or those still
 * remembered by the ng-route relaxation), pickups on board and companies
 * on board (co-loading bans). Loads: with D the depot-loaded amount so far
 * and g the load picked up along the route less the depot-loaded amount
 * delivered, the load at any stop is D_final + g there; so a label keeps
 * D, the current g and G = the largest g so far, and needs D + G within
 * capacity. A label dominates another at the same stop when it is no
 * worse in cost, time, D, g and G, has visited a subset, carries the same
 * pickups and a subset of the banned companies. When travel obeys the
 * triangle inequality, a subset of the pickups will do: the other's
 * extra deliveries can be left out of any completion at no cost (Ropke
 * and Cordeau 2009), provided g plus the extra pickups' amounts is no
 * more than the other's g, so that g stays below the other's along the
 * completion. On Li & Lim's wide-window instances this cuts the labels
 * by orders of magnitude.
 *
 * Once the LP converges below a known plan, subset-row cuts on three
 * shipments are added to the master, and a label also keeps, per cut,
 * whether it has served an odd number of the cut's shipments: the next
 * one costs the cut's dual. A label that is odd where another is even
 * must then be cheaper by those duals to dominate it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>

#include "kyodo/colgen.h"
#include "milp_int.h"

#define RC_EPS 1e-6
/* Stop nodes a route found by pricing may have: the loop's buffer */
#define ROUTE_ROOM(p) (2 * (p)->n_nodes + 4)
/* Subset-row cuts a master may hold, 64 per word of a label's state. */
#define CUT_WORDS 4
#define MAX_CUTS (64 * CUT_WORDS)
#define HEUR_LABELS 400000
/* Labels kept per stop by the heuristic pricing passes, tried in turn
 * until one finds a column; then exhaustive pricing. */
static const int heur_per_stop[] = {6, 40, 250};

const char *ky_bound_kind_name(ky_bound_kind k)
{
    switch (k) {
    case KY_BOUND_NONE: return "none";
    case KY_BOUND_NG: return "ng-route";
    case KY_BOUND_ELEMENTARY: return "elementary";
    case KY_BOUND_COMPACT: return "compact-milp";
    case KY_BOUND_RELAXED: return "relaxed";
    }
    return "none";
}

void ky_cg_options_init(ky_cg_options *o)
{
    o->time_limit_s = 10.0;
    o->ng_size = 8;
    o->max_labels = 0;
    o->max_columns = 30;
    o->upper_bound = HUGE_VAL;
    o->relaxed = false;
    o->max_enumerated = 0;
    o->max_cuts = 256;
    o->smoothing = 0.8;
    o->smooth_after = 50;
}

/* ---- pricing ---------------------------------------------------------------- */

/* Doubles the array *pp of *cap elements of size bytes (first first). */
static int grow(const ky_ctx *ctx, void *pp, int64_t *cap, size_t size,
                int64_t first)
{
    int64_t n = *cap ? 2 * *cap : first;
    void *a = ky_reallocarray(ctx, *(void **)pp, (size_t)n, size);
    if (a == NULL)
        return KY_ENOMEM;
    *(void **)pp = a;
    *cap = n;
    return KY_OK;
}

/* A binary heap of label indices by key, ties by index: forward labels
 * are extended by increasing time, backward ones by decreasing time.
 * A label's dominators start service no later (forward), and their
 * parents strictly earlier, so they are all made before it is popped,
 * and no dominated label is extended. */
typedef struct heap_item {
    double key;
    int64_t i;
} heap_item;

typedef struct heap {
    heap_item *a;
    int64_t n, cap;
} heap;

static bool heap_less(heap_item x, heap_item y)
{
    return x.key < y.key || (x.key == y.key && x.i < y.i);
}

static int heap_push(heap *h, const ky_ctx *ctx, double key, int64_t i)
{
    if (h->n == h->cap && grow(ctx, &h->a, &h->cap, sizeof *h->a, 4096))
        return KY_ENOMEM;
    heap_item x = {key, i};
    int64_t k = h->n++;
    while (k > 0 && heap_less(x, h->a[(k - 1) / 2])) {
        h->a[k] = h->a[(k - 1) / 2];
        k = (k - 1) / 2;
    }
    h->a[k] = x;
    return KY_OK;
}

static int64_t heap_pop(heap *h)
{
    int64_t top = h->a[0].i, k = 0;
    heap_item last = h->a[--h->n];
    for (;;) {
        int64_t c = 2 * k + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && heap_less(h->a[c + 1], h->a[c]))
            c++;
        if (!heap_less(h->a[c], last))
            break;
        h->a[k] = h->a[c];
        k = c;
    }
    if (h->n > 0)
        h->a[k] = last;
    return top;
}

typedef struct label {
    int32_t node;   /* last stop node; -1 at the start depot */
    int32_t parent; /* label index, -1 at the start */
    double time;    /* service start at node (departure at the start) */
    double cost;    /* reduced cost so far */
    uint64_t present;
    bool dead;
} label;

typedef struct found {
    double rc;
    int64_t label; /* the last label of the route */
} found;

typedef struct pricer {
    const ky_problem *p;
    const ky_ctx *ctx;
    int32_t t, v;
    const double *pi;
    double mu;
    /* subset-row cuts (none when cut_of is NULL): the cuts each shipment
     * is in (CUT_WORDS words each), and what a route pays each time it
     * completes a pair of a cut's shipments (minus the cut's dual) */
    const uint64_t *cut_of;
    const double *sigma;
    int D, W;             /* dimensions; 64-bit words per shipment set */
    int CW;               /* words of cut state per label (0: no cuts) */
    int64_t *cap;         /* D */
    double t_start, t_end;
    uint64_t *ng;         /* n_ship x W: each shipment's ng neighbourhood */
    bool elementary;
    /* travel obeys the triangle inequality: a label may dominate one
     * carrying more pickups, whose deliveries it can just leave out */
    bool skip_ok;
    /* labels: label[i], res[i * 3D] = D, g, G, bits[i * (2W + CW)] =
     * seen, open and, per subset-row cut, whether the label has served
     * an odd number of its shipments */
    label *lab;
    int64_t *res;
    uint64_t *bits;
    int64_t n, capn, max_labels;
    int per_stop;         /* > 0: keep only the cheapest labels per stop */
    /* > 0: enumerate every route with rc <= prune_at; a label is then
     * dominated only by one cheaper by margin, as a completion may cost
     * margin less than the least reduced cost (see prove_optimum) */
    double margin;
    found *all;           /* those routes */
    int64_t n_all, cap_all;
    int stop_after;       /* > 0: stop after this many negative routes */
    int n_negative;
    bool exact;
    bool dropped;         /* per_stop dropped labels: no frontier bound */
    int64_t stopped_at;   /* the label popped when labelling stopped */
    /* Loads, pairing and bans left out (a pair's delivery is a free
     * stop): a weaker relaxation that keeps fewer labels, for a bound
     * when full pricing cannot finish. */
    bool relaxed;
    /* completion bounds: per stop node, the Pareto points (latest
     * service start, least reduced cost of a relaxed completion) by
     * increasing time; cb_n NULL when they could not be computed */
    int32_t *cb_first, *cb_n;
    double *cb_time, *cb_cost;
    double prune_at;      /* labels whose bound exceeds it are dropped */
    bool no_bounds;       /* none (set when they cannot be computed) */
    heap queue;           /* labels waiting to be extended */
    /* labels per stop node, for dominance */
    int64_t **at;
    int32_t *n_at, *cap_at;
    /* best completed routes */
    found *best;
    int n_best, max_best;
    double deadline;
} pricer;

static bool bit_get(const uint64_t *b, int32_t s)
{
    return (b[s >> 6] >> (s & 63)) & 1;
}

static void bit_set(uint64_t *b, int32_t s)
{
    b[s >> 6] |= UINT64_C(1) << (s & 63);
}

static void bit_clear(uint64_t *b, int32_t s)
{
    b[s >> 6] &= ~(UINT64_C(1) << (s & 63));
}

/* Puts shipment s in cut c of cut_of (CUT_WORDS words per shipment). */
static void cut_put(uint64_t *cut_of, int32_t s, int c)
{
    cut_of[(size_t)s * CUT_WORDS + c / 64] |= UINT64_C(1) << (c % 64);
}

/* The stop where a shipment is counted served: its pickup when that is
 * a stop, else its delivery. */
static int32_t first_stop(const ky_problem *p, int32_t s)
{
    return p->kind[s] == KY_SHIP_DELIVERY ? KY_DELIVERY(s) : KY_PICKUP(s);
}

/* The stop where pricing collects a shipment's dual: its delivery when
 * it has one. A label carrying a pickup then has not yet been paid for
 * it, and the completion bounds, which ignore pairing, gain nothing by
 * visiting pickups (see completion_bounds). Relaxed pricing, whose
 * deliveries are free stops, collects it at the first stop. */
static int32_t paid_stop(const pricer *P, int32_t s)
{
    const ky_problem *p = P->p;
    return P->relaxed || p->kind[s] == KY_SHIP_PICKUP ? first_stop(p, s)
                                                       : KY_DELIVERY(s);
}

/* Minutes the shipment adds at the depots, whatever the order: they
 * count in the hourly cost (waiting does not: see ky_price_route_cost). */
static double depot_min(const ky_problem *p, int32_t s)
{
    return ky_problem_load_min(p, s) + ky_problem_unload_min(p, s);
}

static int pricer_grow(pricer *P)
{
    if (P->n < P->capn)
        return KY_OK;
    int64_t cap = P->capn ? 2 * P->capn : 4096;
    label *l = ky_reallocarray(P->ctx, P->lab, (size_t)cap, sizeof *l);
    if (l == NULL)
        return KY_ENOMEM;
    P->lab = l;
    int64_t *r = ky_reallocarray(P->ctx, P->res, (size_t)cap * 3 *
                                 (size_t)(P->D ? P->D : 1), sizeof *r);
    if (r == NULL)
        return KY_ENOMEM;
    P->res = r;
    uint64_t *b = ky_reallocarray(P->ctx, P->bits, (size_t)cap *
                                  (2 * (size_t)P->W + (size_t)P->CW),
                                  sizeof *b);
    if (b == NULL)
        return KY_ENOMEM;
    P->bits = b;
    P->capn = cap;
    return KY_OK;
}

static int64_t *res_of(const pricer *P, int64_t i)
{
    return P->res + i * 3 * (P->D ? P->D : 1);
}

static uint64_t *bits_of(const pricer *P, int64_t i)
{
    return P->bits + i * (2 * P->W + P->CW);
}

/* When label a carries only some of b's pickups, any completion of b
 * less the deliveries of the others suits a (triangle inequality):
 * false when a has no room for those loads, else *paid is what b is
 * paid where it delivers them, which a must undercut. */
static bool leave_out(const pricer *P, const uint64_t *bx, const uint64_t *by,
                      const int64_t *rx, const int64_t *ry, double *paid)
{
    const ky_problem *p = P->p;
    int64_t g[KY_MAX_DIMS];
    for (int d = 0; d < P->D; d++)
        g[d] = rx[P->D + d];
    *paid = 0.0;
    for (int w = 0; w < P->W; w++)
        for (uint64_t more = by[w] & ~bx[w]; more; more &= more - 1) {
            int32_t s = 64 * w + __builtin_ctzll(more);
            *paid += P->pi[p->group[s]] -
                     p->obj_hour[P->v] * depot_min(p, s) / 60.0;
            /* a's load stays as it is where b delivers them: a must have
             * room for them now to have room all along */
            for (int d = 0; d < P->D; d++)
                g[d] += p->scen->shipments[p->group[s]].amount[d];
        }
    for (int d = 0; d < P->D; d++)
        if (g[d] > ry[P->D + d])
            return false;
    return true;
}

/* Does label a dominate label b (same stop)? */
static bool dominates(const pricer *P, int64_t a, int64_t b)
{
    const label *x = &P->lab[a], *y = &P->lab[b];
    if (x->cost + P->margin > y->cost + RC_EPS ||
        x->time > y->time + KY_EPS ||
        (x->present & ~y->present) != 0)
        return false;
    const int64_t *rx = res_of(P, a), *ry = res_of(P, b);
    for (int k = 0; k < 3 * P->D; k++)
        if (rx[k] > ry[k])
            return false;
    const uint64_t *bx = bits_of(P, a), *by = bits_of(P, b);
    bool fewer = false; /* a carries fewer pickups than b */
    for (int w = 0; w < P->W; w++) {
        if ((bx[w] & ~by[w]) != 0 ||
            (P->skip_ok ? (bx[P->W + w] & ~by[P->W + w]) != 0
                        : bx[P->W + w] != by[P->W + w]))
            return false;
        fewer |= bx[P->W + w] != by[P->W + w];
    }
    double extra = 0.0;
    if (fewer && !leave_out(P, bx + P->W, by + P->W, rx, ry, &extra))
        return false;
    /* a may still pay for the cuts where it is odd and b is not */
    for (int w = 0; w < P->CW; w++)
        for (uint64_t owe = bx[2 * P->W + w] & ~by[2 * P->W + w]; owe;
             owe &= owe - 1)
            extra += P->sigma[64 * w + __builtin_ctzll(owe)];
    return extra == 0.0 || x->cost + extra + P->margin <= y->cost + RC_EPS;
}

/* Files the new label (index P->n - 1) at its stop unless dominated;
 * marks the labels it dominates dead. */
static int file_label(pricer *P, int64_t i)
{
    int32_t u = P->lab[i].node;
    int64_t *list = P->at[u];
    int32_t m = 0;
    for (int32_t k = 0; k < P->n_at[u]; k++) {
        int64_t j = list[k];
        if (P->lab[j].dead)
            continue;
        if (dominates(P, j, i)) {
            P->lab[i].dead = true;
            P->n_at[u] = m + (P->n_at[u] - k); /* keep the rest as is */
            memmove(list + m, list + k, sizeof *list *
                    (size_t)(P->n_at[u] - m));
            return KY_OK;
        }
        if (dominates(P, i, j))
            P->lab[j].dead = true;
        else
            list[m++] = j;
    }
    P->n_at[u] = m;
    if (m == P->cap_at[u]) {
        int32_t cap = m ? 2 * m : 16;
        int64_t *a = ky_reallocarray(P->ctx, list, (size_t)cap, sizeof *a);
        if (a == NULL)
            return KY_ENOMEM;
        P->at[u] = list = a;
        P->cap_at[u] = cap;
    }
    list[P->n_at[u]++] = i;
    int rc = heap_push(&P->queue, P->ctx, P->lab[i].time, i);
    if (rc != KY_OK)
        return rc;
    if (P->per_stop > 0 && P->n_at[u] > P->per_stop) {
        /* heuristic pricing: drop the costliest label here */
        int32_t worst = 0;
        for (int32_t k = 1; k < P->n_at[u]; k++)
            if (P->lab[list[k]].cost > P->lab[list[worst]].cost)
                worst = k;
        P->lab[list[worst]].dead = true;
        list[worst] = list[--P->n_at[u]];
        P->exact = false;
        P->dropped = true;
    }
    return KY_OK;
}

/* Keeps the max_best most negative completed routes. */
#define MAX_ENUMERATED 200000
/* Columns the master holds; pricing adds at most 30 per type a round. */
#define MAX_COLUMNS (1 << 17)

static void offer(pricer *P, double rc, int64_t last)
{
    P->n_negative += rc < -RC_EPS;
    if (P->margin > 0) {
        if (rc > P->prune_at + RC_EPS)
            return;
        if (P->n_all == P->cap_all) {
            int64_t cap = P->cap_all ? 2 * P->cap_all : 1024;
            found *a = cap <= MAX_ENUMERATED
                           ? ky_reallocarray(P->ctx, P->all, (size_t)cap,
                                             sizeof *a)
                           : NULL;
            if (a == NULL) {
                P->exact = false; /* too many: no proof */
                return;
            }
            P->all = a;
            P->cap_all = cap;
        }
        P->all[P->n_all++] = (found){rc, last};
        return;
    }
    if (rc > -RC_EPS && P->max_best > 1)
        return;
    if (P->n_best < P->max_best) {
        P->best[P->n_best++] = (found){rc, last};
        return;
    }
    int worst = 0;
    for (int k = 1; k < P->n_best; k++)
        if (P->best[k].rc > P->best[worst].rc)
            worst = k;
    if (rc < P->best[worst].rc)
        P->best[worst] = (found){rc, last};
}

/* Shipments whose first stop the label can no longer reach in time are
 * marked seen (Feillet et al.): later times only make that worse, so it
 * forbids nothing, and labels become comparable more often. */
static void mark_unreachable(pricer *P, int64_t j)
{
    const ky_problem *p = P->p;
    const label *l = &P->lab[j];
    uint64_t *seen = bits_of(P, j);
    double dep = l->time + p->service[l->node];
    int32_t at = p->loc[l->node];
    for (int32_t q = 0; q < p->n_ship; q++) {
        if (bit_get(seen, q))
            continue;
        int32_t f = first_stop(p, q);
        double last = p->tw[f][p->n_tw[f] - 1].close;
        if (dep + ky_problem_min(p, at, p->loc[f]) > last + KY_EPS)
            bit_set(seen, q);
    }
}

static double completion(const pricer *P, int32_t u, double t);

/* Extends label i (already copied nowhere) to stop node u; appends the
 * new label when feasible. */
static int extend(pricer *P, int64_t i, int32_t u)
{
    const ky_problem *p = P->p;
    int32_t s = KY_NODE_SHIPMENT(u);
    const label *from = &P->lab[i];
    const uint64_t *fb = bits_of(P, i);
    bool pickup = KY_NODE_IS_PICKUP(u);
    bool pd = p->kind[s] == KY_SHIP_PD && !P->relaxed;
    /* relaxed: a pair's delivery is a stop like any other, at any time */
    bool free_stop = P->relaxed && p->kind[s] == KY_SHIP_PD && !pickup;
    if (free_stop) {
        /* no rule */
    } else if (pd && !pickup) {
        if (!bit_get(fb + P->W, s))
            return KY_OK; /* its pickup is not on board */
    } else if (bit_get(fb, s) || (pd && bit_get(fb + P->W, s))) {
        return KY_OK;
    }
    if ((p->ban_mask[s] & from->present) != 0)
        return KY_OK;
    int32_t at = from->node < 0 ? p->start_loc[P->v] : p->loc[from->node];
    double dep = from->node < 0 ? from->time
                                : from->time + p->service[from->node];
    double travel = ky_problem_min(p, at, p->loc[u]);
    double arr = dep + travel, st = arr;
    int32_t w = 0;
    while (w < p->n_tw[u] && p->tw[u][w].close < arr - KY_EPS)
        w++;
    if (w == p->n_tw[u])
        return KY_OK;
    if (st < p->tw[u][w].open)
        st = p->tw[u][w].open;
    if (st + p->service[u] + ky_problem_min(p, p->loc[u], p->end_loc[P->v]) >
        P->t_end + KY_EPS)
        return KY_OK;
    /* loads */
    int64_t nres[3 * KY_MAX_DIMS];
    const int64_t *r = res_of(P, i);
    const int64_t *amount = p->scen->shipments[p->group[s]].amount;
    for (int d = 0; d < P->D; d++) {
        int64_t Dd = r[d], g = r[P->D + d], G = r[2 * P->D + d];
        if (p->kind[s] == KY_SHIP_DELIVERY) {
            Dd += amount[d];
            g -= amount[d];
        } else {
            g += pickup ? amount[d] : -amount[d];
        }
        if (g > G)
            G = g;
        if (Dd + G > P->cap[d] || Dd > P->cap[d])
            return KY_OK;
        nres[d] = Dd;
        nres[P->D + d] = g;
        nres[2 * P->D + d] = G;
    }
    double km = ky_problem_km(p, at, p->loc[u]);
    double cost = from->cost + p->obj_km[P->v] * km +
                  p->obj_hour[P->v] * (travel + p->service[u]) / 60.0;
    bool counted = u == paid_stop(P, s);
    if (counted) {
        cost += p->obj_hour[P->v] * depot_min(p, s) / 60.0 - P->pi[p->group[s]];
        const uint64_t *odd = fb + 2 * P->W;
        for (int k = 0; k < P->CW; k++)
            for (uint64_t pay = odd[k] & P->cut_of[(size_t)s * CUT_WORDS + k];
                 pay; pay &= pay - 1)
                cost += P->sigma[64 * k + __builtin_ctzll(pay)];
    }
    if (P->cb_n && cost + completion(P, u, st) > P->prune_at + RC_EPS)
        return KY_OK;
    int rc = pricer_grow(P);
    if (rc != KY_OK)
        return rc;
    from = &P->lab[i];
    int64_t j = P->n++;
    label *to = &P->lab[j];
    to->node = u;
    to->parent = (int32_t)i;
    to->time = st;
    to->cost = cost;
    to->present = P->relaxed ? 0 : from->present | p->ban_self[s];
    to->dead = false;
    memcpy(res_of(P, j), nres, sizeof(int64_t) * 3 * (size_t)P->D);
    uint64_t *tb = bits_of(P, j);
    fb = bits_of(P, i);
    memcpy(tb, fb, sizeof(uint64_t) * (2 * (size_t)P->W + (size_t)P->CW));
    for (int k = 0; counted && k < P->CW; k++)
        tb[2 * P->W + k] ^= P->cut_of[(size_t)s * CUT_WORDS + k];
    if (free_stop) {
        /* nothing to remember */
    } else if (pd && !pickup) {
        bit_clear(tb + P->W, s);
    } else {
        if (!P->elementary)
            for (int k = 0; k < P->W; k++)
                tb[k] &= P->ng[(size_t)s * P->W + k];
        bit_set(tb, s);
        /* one source of a shipment: the others are seen as well */
        for (int32_t q = p->grp_first[p->group[s]];
             q < p->grp_first[p->group[s] + 1]; q++)
            bit_set(tb, q);
        if (pd)
            bit_set(tb + P->W, s);
    }
    mark_unreachable(P, j);
    return file_label(P, j);
}

/* The route of a label, as stop nodes into nodes (room for cap);
 * returns its length, or -1 when it is longer (ng-routes and a relaxed
 * pricing's free stops may come back, so only the shift bounds it). */
static int32_t route_of(const pricer *P, int64_t last, int32_t *nodes,
                        int32_t cap)
{
    int32_t n = 0;
    for (int64_t i = last; i >= 0 && P->lab[i].node >= 0; i = P->lab[i].parent)
        n++;
    if (n > cap)
        return -1;
    int32_t k = n;
    for (int64_t i = last; i >= 0 && P->lab[i].node >= 0; i = P->lab[i].parent)
        nodes[--k] = P->lab[i].node;
    return n;
}

static double close_cost(const pricer *P, int64_t i)
{
    const ky_problem *p = P->p;
    int32_t u = P->lab[i].node;
    int32_t e = p->end_loc[P->v];
    return P->lab[i].cost + p->obj_km[P->v] * ky_problem_km(p, p->loc[u], e) +
           p->obj_hour[P->v] * ky_problem_min(p, p->loc[u], e) / 60.0;
}

static bool open_empty(const pricer *P, int64_t i)
{
    const uint64_t *b = bits_of(P, i) + P->W;
    for (int w = 0; w < P->W; w++)
        if (b[w])
            return false;
    return true;
}

/* ---- completion bounds ------------------------------------------------------ */

/* A lower bound on the reduced cost of finishing a route from stop u
 * whose service starts at time t, from a backward labelling that keeps
 * only time and cost: any stops in any order (no elementarity, loads,
 * pairing or bans), windows and the shift end kept. A backward label at
 * u is (latest service start at u, cost of the rest after u's service);
 * one dominates another when it is no earlier and no costlier. Forward
 * labels whose cost plus bound cannot reach P->prune_at are dropped: on
 * late rounds, most of them. */
#define CB_MAX_LABELS 400000
#define CB_MAX_WORK 20000000 /* extensions and comparisons */

typedef struct bwd {
    int32_t node;
    double time, cost;
    bool dead;
} bwd;

typedef struct bwd_set {
    bwd *lab;
    int64_t n, cap;
    heap queue; /* by latest time first */
    int64_t **at;
    int32_t *n_at, *cap_at;
    int64_t work; /* extensions and comparisons so far */
} bwd_set;

/* The latest service start at u no later than t, within a window and no
 * earlier than the vehicle can get there; -HUGE_VAL when none. */
static double latest_start(const pricer *P, int32_t u, double t)
{
    const ky_problem *p = P->p;
    double earliest = P->t_start +
                      ky_problem_min(p, p->start_loc[P->v], p->loc[u]);
    for (int32_t w = p->n_tw[u] - 1; w >= 0; w--) {
        if (p->tw[u][w].open > t + KY_EPS)
            continue;
        double st = t < p->tw[u][w].close ? t : p->tw[u][w].close;
        return st + KY_EPS >= earliest ? st : -HUGE_VAL;
    }
    return -HUGE_VAL;
}

/* Files backward label (u, t, c) unless dominated. false: out of room. */
static bool bwd_file(bwd_set *B, const ky_ctx *ctx, int32_t u, double t,
                     double c)
{
    int64_t *list = B->at[u];
    int32_t m = 0;
    B->work += B->n_at[u];
    for (int32_t k = 0; k < B->n_at[u]; k++) {
        const bwd *o = &B->lab[list[k]];
        if (o->time + KY_EPS >= t && o->cost <= c + RC_EPS) {
            B->n_at[u] = m + (B->n_at[u] - k); /* keep the rest as is */
            memmove(list + m, list + k, sizeof *list *
                    (size_t)(B->n_at[u] - m));
            return true;
        }
        if (t + KY_EPS >= o->time && c <= o->cost + RC_EPS)
            B->lab[list[k]].dead = true;
        else
            list[m++] = list[k];
    }
    B->n_at[u] = m;
    if (B->n == CB_MAX_LABELS)
        return false;
    if (m == B->cap_at[u]) {
        int32_t cap = m ? 2 * m : 8;
        int64_t *a = ky_reallocarray(ctx, list, (size_t)cap, sizeof *a);
        if (a == NULL)
            return false;
        B->at[u] = list = a;
        B->cap_at[u] = cap;
    }
    if (B->n == B->cap && grow(ctx, &B->lab, &B->cap, sizeof *B->lab, 1024))
        return false;
    int64_t i = B->n++;
    B->lab[i] = (bwd){u, t, c, false};
    list[B->n_at[u]++] = i;
    return heap_push(&B->queue, ctx, -t, i) == KY_OK;
}

static bool serves(const pricer *P, int32_t u)
{
    return P->p->is_stop[u] &&
           ky_problem_compat(P->p, KY_NODE_SHIPMENT(u), P->v);
}

static bool bwd_label(pricer *P, bwd_set *B)
{
    const ky_problem *p = P->p;
    int32_t e = p->end_loc[P->v];
    double per_min = p->obj_hour[P->v] / 60.0, per_km = p->obj_km[P->v];
    for (int32_t u = 0; u < p->n_nodes; u++) {
        if (!serves(P, u))
            continue;
        double t = latest_start(P, u, P->t_end - p->service[u] -
                                          ky_problem_min(p, p->loc[u], e));
        if (t > -HUGE_VAL &&
            !bwd_file(B, P->ctx, u, t,
                      per_km * ky_problem_km(p, p->loc[u], e) +
                          per_min * ky_problem_min(p, p->loc[u], e)))
            return false;
    }
    for (int64_t pops = 0; B->queue.n > 0; pops++) {
        int64_t i = heap_pop(&B->queue);
        if (B->lab[i].dead)
            continue;
        if (B->work > CB_MAX_WORK ||
            ((pops & 255) == 0 &&
             (ky_ctx_cancelled(P->ctx) ||
              (P->deadline > 0 && ky_clock_now() > P->deadline))))
            return false;
        B->work += p->n_nodes;
        bwd l = B->lab[i];
        int32_t s = KY_NODE_SHIPMENT(l.node);
        double gain = l.node == paid_stop(P, s)
                          ? P->pi[p->group[s]] - per_min * depot_min(p, s)
                          : 0.0;
        for (int32_t x = 0; x < p->n_nodes; x++) {
            if (x == l.node || !serves(P, x))
                continue;
            double travel = ky_problem_min(p, p->loc[x], p->loc[l.node]);
            double t = latest_start(P, x, l.time - travel - p->service[x]);
            if (t == -HUGE_VAL)
                continue;
            double c = l.cost - gain +
                       per_km * ky_problem_km(p, p->loc[x], p->loc[l.node]) +
                       per_min * (travel + p->service[l.node]);
            if (!bwd_file(B, P->ctx, x, t, c))
                return false;
        }
    }
    return true;
}

/* Fills P->cb_*; leaves cb_n NULL (no pruning) when the backward
 * labelling runs out of room. */
static int completion_bounds(pricer *P)
{
    const ky_problem *p = P->p;
    bwd_set B;
    memset(&B, 0, sizeof B);
    B.at = ky_calloc(P->ctx, (size_t)p->n_nodes + 1, sizeof *B.at);
    B.n_at = ky_calloc(P->ctx, (size_t)p->n_nodes + 1, sizeof *B.n_at);
    B.cap_at = ky_calloc(P->ctx, (size_t)p->n_nodes + 1, sizeof *B.cap_at);
    int rc = B.at && B.n_at && B.cap_at ? KY_OK : KY_ENOMEM;
    if (rc == KY_OK && bwd_label(P, &B)) {
        int64_t kept = 0;
        for (int32_t u = 0; u < p->n_nodes; u++)
            kept += B.n_at[u];
        P->cb_first = ky_calloc(P->ctx, (size_t)p->n_nodes + 1,
                                sizeof *P->cb_first);
        P->cb_time = ky_calloc(P->ctx, (size_t)kept + 1, sizeof *P->cb_time);
        P->cb_cost = ky_calloc(P->ctx, (size_t)kept + 1, sizeof *P->cb_cost);
        int32_t *n = ky_calloc(P->ctx, (size_t)p->n_nodes + 1, sizeof *n);
        if (!P->cb_first || !P->cb_time || !P->cb_cost || !n) {
            ky_free(P->ctx, n);
            rc = KY_ENOMEM;
        } else {
            int32_t at = 0;
            for (int32_t u = 0; u < p->n_nodes; u++) {
                P->cb_first[u] = at;
                /* insertion sort by time: the fronts are short */
                for (int32_t k = 0; k < B.n_at[u]; k++) {
                    const bwd *l = &B.lab[B.at[u][k]];
                    int32_t q = at + k;
                    while (q > at && P->cb_time[q - 1] > l->time) {
                        P->cb_time[q] = P->cb_time[q - 1];
                        P->cb_cost[q] = P->cb_cost[q - 1];
                        q--;
                    }
                    P->cb_time[q] = l->time;
                    P->cb_cost[q] = l->cost;
                }
                n[u] = B.n_at[u];
                /* the least cost among the points no earlier */
                for (int32_t q = at + n[u] - 2; q >= at; q--)
                    if (P->cb_cost[q + 1] < P->cb_cost[q])
                        P->cb_cost[q] = P->cb_cost[q + 1];
                at += n[u];
            }
            P->cb_n = n;
        }
    }
    for (int32_t u = 0; B.at && u < p->n_nodes; u++)
        ky_free(P->ctx, B.at[u]);
    ky_free(P->ctx, B.at);
    ky_free(P->ctx, B.n_at);
    ky_free(P->ctx, B.cap_at);
    ky_free(P->ctx, B.lab);
    ky_free(P->ctx, B.queue.a);
    return rc;
}

/* The completion bound at stop u from time t: HUGE_VAL when no
 * completion is feasible. */
static double completion(const pricer *P, int32_t u, double t)
{
    int32_t lo = P->cb_first[u], hi = lo + P->cb_n[u];
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (P->cb_time[mid] + KY_EPS < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < P->cb_first[u] + P->cb_n[u] ? P->cb_cost[lo] : HUGE_VAL;
}

static int label_all(pricer *P)
{
    const ky_problem *p = P->p;
    int rc = pricer_grow(P);
    if (rc != KY_OK)
        return rc;
    P->n = 1;
    P->lab[0] = (label){-1, -1, P->t_start,
                        p->obj_fixed[P->v] - P->mu, 0, false};
    memset(res_of(P, 0), 0, sizeof(int64_t) * 3 * (size_t)P->D);
    memset(bits_of(P, 0), 0,
           sizeof(uint64_t) * (2 * (size_t)P->W + (size_t)P->CW));
    P->exact = true;
    P->dropped = false;
    P->stopped_at = -1;
    P->queue.n = 0;
    /* heuristic passes skip bounds that ran out of room before;
     * exhaustive ones, which need them most, try at every new duals */
    if (!P->no_bounds || P->per_stop == 0) {
        rc = completion_bounds(P);
        P->no_bounds = P->cb_n == NULL;
    }
    if (rc == KY_OK)
        rc = heap_push(&P->queue, P->ctx, P->lab[0].time, 0);
    for (int64_t pops = 0; P->queue.n > 0 && rc == KY_OK; pops++) {
        int64_t i = heap_pop(&P->queue);
        if (P->lab[i].dead)
            continue;
        if (P->n >= P->max_labels ||
            ((pops & 255) == 0 &&
             ((P->deadline > 0 && ky_clock_now() > P->deadline) ||
              ky_ctx_cancelled(P->ctx))) ||
            (P->stop_after > 0 && P->n_negative >= P->stop_after) ||
            (P->margin > 0 && !P->exact)) { /* too many routes */
            P->exact = false;
            P->stopped_at = i;
            break;
        }
        if (P->lab[i].node >= 0 && open_empty(P, i))
            offer(P, close_cost(P, i), i);
        for (int32_t u = 0; u < p->n_nodes && rc == KY_OK; u++)
            if (serves(P, u))
                rc = extend(P, i, u);
    }
    return rc;
}

/* A lower bound on the least reduced cost of every route, also when
 * labelling stopped early: each route's prefixes are covered by the
 * routes offered, by labels pruned (completion above prune_at) and by
 * the labels still waiting, each at its cost plus its completion bound.
 * Extended labels passed their cover on to their extensions, dominated
 * ones to a label no costlier later on. -HUGE_VAL when there is none:
 * no completion bounds, labels dropped by per_stop, or the start label
 * never extended. */
static double least_rc_bound(const pricer *P)
{
    double lb = P->prune_at + RC_EPS;
    for (int k = 0; k < P->n_best; k++)
        if (P->best[k].rc < lb)
            lb = P->best[k].rc;
    if (P->exact)
        return lb;
    if (P->dropped || P->cb_n == NULL || P->margin > 0)
        return -HUGE_VAL;
    for (int64_t k = -1; k < P->queue.n; k++) {
        int64_t i = k < 0 ? P->stopped_at : P->queue.a[k].i;
        if (i < 0 || P->lab[i].dead)
            continue;
        if (P->lab[i].node < 0)
            return -HUGE_VAL;
        double c = P->lab[i].cost +
                   completion(P, P->lab[i].node, P->lab[i].time);
        if (c < lb)
            lb = c;
    }
    return lb;
}

static void pricer_free(pricer *P)
{
    if (P->at)
        for (int32_t u = 0; u < P->p->n_nodes; u++)
            ky_free(P->ctx, P->at[u]);
    ky_free(P->ctx, P->at);
    ky_free(P->ctx, P->n_at);
    ky_free(P->ctx, P->cap_at);
    ky_free(P->ctx, P->queue.a);
    ky_free(P->ctx, P->cb_first);
    ky_free(P->ctx, P->cb_n);
    ky_free(P->ctx, P->cb_time);
    ky_free(P->ctx, P->cb_cost);
    ky_free(P->ctx, P->lab);
    ky_free(P->ctx, P->res);
    ky_free(P->ctx, P->bits);
    ky_free(P->ctx, P->best);
    ky_free(P->ctx, P->all);
    ky_free(P->ctx, P->ng);
    ky_free(P->ctx, P->cap);
}

/* The ng neighbourhood of each shipment: itself and the ng_size
 * shipments whose first stops are nearest in travel time. */
static int make_ng(pricer *P, int ng_size)
{
    const ky_problem *p = P->p;
    int32_t S = p->n_ship;
    P->elementary = ng_size <= 0 || ng_size >= S;
    if (P->elementary)
        return KY_OK;
    P->ng = ky_calloc(P->ctx, (size_t)S * P->W + 1, sizeof *P->ng);
    double *d = ky_calloc(P->ctx, (size_t)S + 1, sizeof *d);
    int32_t *idx = ky_calloc(P->ctx, (size_t)S + 1, sizeof *idx);
    if (P->ng == NULL || d == NULL || idx == NULL) {
        ky_free(P->ctx, d);
        ky_free(P->ctx, idx);
        return KY_ENOMEM;
    }
    for (int32_t s = 0; s < S; s++) {
        int32_t a = p->loc[first_stop(p, s)];
        for (int32_t t = 0; t < S; t++) {
            int32_t b = p->loc[first_stop(p, t)];
            d[t] = ky_problem_min(p, a, b) + ky_problem_min(p, b, a);
            idx[t] = t;
        }
        /* partial selection of the ng_size nearest */
        for (int k = 0; k < ng_size; k++) {
            int32_t m = k;
            for (int32_t t = k + 1; t < S; t++)
                if (d[idx[t]] < d[idx[m]] ||
                    (d[idx[t]] == d[idx[m]] && idx[t] < idx[m]))
                    m = t;
            int32_t x = idx[k];
            idx[k] = idx[m];
            idx[m] = x;
            bit_set(P->ng + (size_t)s * P->W, idx[k]);
        }
        bit_set(P->ng + (size_t)s * P->W, s);
    }
    ky_free(P->ctx, d);
    ky_free(P->ctx, idx);
    return KY_OK;
}

static int pricer_init(pricer *P, const ky_problem *p, int32_t t,
                       const double *pi, double mu, int ng_size,
                       int64_t max_labels, int max_best, double deadline,
                       const ky_ctx *ctx)
{
    memset(P, 0, sizeof *P);
    P->p = p;
    P->ctx = ctx;
    P->stopped_at = -1;
    P->t = t;
    P->v = p->type_first[t];
    P->pi = pi;
    P->mu = mu;
    P->D = p->n_dims;
    P->W = (p->n_ship + 63) / 64;
    if (P->W == 0)
        P->W = 1;
    P->max_labels = max_labels;
    P->max_best = max_best;
    P->prune_at = -RC_EPS;
    P->deadline = deadline;
    const ky_vehicle *veh = &p->scen->vehicles[P->v];
    P->t_start = veh->shift.open > p->start_hours[P->v].open
                     ? veh->shift.open
                     : p->start_hours[P->v].open;
    P->t_end = veh->shift.close < p->end_hours[P->v].close
                   ? veh->shift.close
                   : p->end_hours[P->v].close;
    P->cap = ky_calloc(ctx, (size_t)P->D + 1, sizeof *P->cap);
    P->at = ky_calloc(ctx, (size_t)p->n_nodes + 1, sizeof *P->at);
    P->n_at = ky_calloc(ctx, (size_t)p->n_nodes + 1, sizeof *P->n_at);
    P->cap_at = ky_calloc(ctx, (size_t)p->n_nodes + 1, sizeof *P->cap_at);
    P->best = ky_calloc(ctx, (size_t)max_best + 1, sizeof *P->best);
    if (!P->cap || !P->at || !P->n_at || !P->cap_at || !P->best)
        return KY_ENOMEM;
    for (int d = 0; d < P->D; d++)
        P->cap[d] = veh->capacity[d];
    /* Loads that can never exceed the capacity, even with every
     * shipment the vehicle may carry on board at once, need no
     * resources: labels then compare on time and cost alone. */
    bool binds = false;
    for (int d = 0; d < P->D && !binds; d++) {
        int64_t all = 0;
        for (int32_t s = 0; s < p->n_ship; s++)
            if (ky_problem_compat(p, s, P->v))
                all += p->scen->shipments[p->group[s]].amount[d];
        binds = all > P->cap[d];
    }
    if (!binds)
        P->D = 0;
    return make_ng(P, ng_size);
}

int ky_price_best(const ky_problem *p, int32_t t, const double *pi,
                  double mu, const ky_price_cuts *cuts, int ng_size,
                  int64_t max_labels, double *rc, double *lower,
                  int32_t *nodes, int32_t *n, bool *exact,
                  const ky_ctx *ctx)
{
    *rc = 0.0;
    *lower = -HUGE_VAL;
    *n = 0;
    *exact = false;
    int ncuts = cuts ? cuts->n : 0;
    if (ncuts > MAX_CUTS)
        return KY_ELIMIT;
    uint64_t *cut_of = NULL;
    if (ncuts > 0) {
        cut_of = ky_calloc(ctx, ((size_t)p->n_ship + 1) * CUT_WORDS,
                           sizeof *cut_of);
        if (cut_of == NULL)
            return KY_ENOMEM;
        for (int c = 0; c < ncuts; c++)
            for (int q = 0; q < 3; q++)
                cut_put(cut_of, cuts->ship[3 * c + q], c);
    }
    pricer P;
    int r = pricer_init(&P, p, t, pi, mu, ng_size, max_labels, 1, 0.0, ctx);
    P.skip_ok = ky_problem_triangle(p);
    P.cut_of = cut_of;
    P.CW = (ncuts + 63) / 64;
    P.sigma = ncuts > 0 ? cuts->sigma : NULL;
    if (r == KY_OK)
        r = label_all(&P);
    *exact = P.exact;
    if (r == KY_OK)
        *lower = fmin(0.0, least_rc_bound(&P));
    if (r == KY_OK && P.n_best > 0 && P.best[0].rc < 0.0) {
        *rc = P.best[0].rc;
        *n = route_of(&P, P.best[0].label, nodes, 2 * p->n_ship);
        if (*n < 0) {
            *n = 0;
            *exact = false; /* no room for it */
        }
    }
    pricer_free(&P);
    ky_free(ctx, cut_of);
    return r;
}

double ky_price_route_cost(const ky_problem *p, int32_t v,
                           const int32_t *nodes, int32_t n)
{
    if (n == 0)
        return 0.0;
    double km = 0.0, min = 0.0;
    int32_t at = p->start_loc[v];
    for (int32_t k = 0; k <= n; k++) {
        int32_t to = k < n ? p->loc[nodes[k]] : p->end_loc[v];
        km += ky_problem_km(p, at, to);
        if (k < n) /* depot minutes are 0 for a pair's two stops */
            min += p->service[nodes[k]] +
                   depot_min(p, KY_NODE_SHIPMENT(nodes[k]));
        min += ky_problem_min(p, at, to);
        at = to;
    }
    return p->obj_fixed[v] + p->obj_km[v] * km + p->obj_hour[v] * min / 60.0;
}

/* ---- the master LP and the loop ---------------------------------------------- */

/* Subset-row cuts on three shipments (Jepsen, Petersen, Spoorendonk and
 * Pisinger 2008): a route that serves two or three of them counts once,
 * and an integer plan has at most one such route. They close much of
 * the LP's gap where windows are loose and routes overlap. */
/* A gap within this share of the plan is worth enumerating at once */
#define SMALL_GAP 0.005
#define CUTS_PER_ROUND 16
#define CUT_VIOLATION 0.1

typedef struct master {
    const ky_problem *p;
    glp_prob *lp;
    ky_pool *cols;    /* every column, at its relaxed cost */
    int32_t in_lp;    /* pool routes already made columns */
    int *ind;
    double *val;
    double *pi, *mu;  /* the duals pricing uses */
    double *opi, *omu; /* the LP's duals */
    double *cpi, *cmu; /* the stability centre: the best bound's duals */
    double *minrc, *cmin; /* per type, least reduced cost: priced, centre's */
    double center;     /* that bound; -HUGE_VAL: no centre yet */
    double cdual;      /* the master's dual objective there */
    double pass_secs;  /* the last exhaustive pass to the end, or the
                        * time one tried to finish */
    double pass_at;    /* when it ended */
    double stall_lp;   /* the LP when it last moved */
    int stall;         /* rounds since */
    bool *no_bounds;  /* per type: completion bounds could not be had */
    bool relaxed;     /* pricing without loads and pairing (see pricer) */
    bool skip_ok;     /* see pricer */
    int n_cuts, max_cuts;
    uint64_t *cut_of; /* per shipment, the cuts it is in (CUT_WORDS) */
    double sigma[MAX_CUTS]; /* minus the cuts' duals, as priced */
    double osig[MAX_CUTS], csig[MAX_CUTS]; /* the LP's, the centre's */
    const ky_ctx *ctx;
} master;

static int master_build(master *M)
{
    const ky_problem *p = M->p;
    M->lp = glp_create_prob();
    glp_set_obj_dir(M->lp, GLP_MIN);
    /* one row per scenario shipment: any of its sources serves it */
    glp_add_rows(M->lp, p->n_groups + p->n_types);
    for (int32_t g = 0; g < p->n_groups; g++) {
        glp_set_row_bnds(M->lp, g + 1, GLP_FX, 1.0, 1.0);
        int j = ky_milp__col(M->lp, NULL, GLP_CV, 0.0, 1e300,
                             p->penalty[p->grp_first[g]]);
        int ind[2] = {0, g + 1};
        double val[2] = {0, 1.0};
        glp_set_mat_col(M->lp, j, 1, ind, val);
    }
    for (int32_t t = 0; t < p->n_types; t++)
        glp_set_row_bnds(M->lp, p->n_groups + t + 1, GLP_UP, 0.0,
                         (double)p->type_count[t]);
    return KY_OK;
}

/* A route's column: its shipments (an ng-route may serve one twice),
 * its type and the cuts it counts in, into ind/val from 1; returns the
 * length. */
static int route_column(const master *M, int32_t t, const int32_t *nodes,
                        int32_t n, int *ind, double *val)
{
    const ky_problem *p = M->p;
    int len = 0, hits[MAX_CUTS] = {0};
    for (int32_t k = 0; k < n; k++) {
        int32_t s = KY_NODE_SHIPMENT(nodes[k]);
        if (nodes[k] != first_stop(p, s))
            continue;
        for (int w = 0; M->n_cuts > 0 && w < CUT_WORDS; w++)
            for (uint64_t c = M->cut_of[(size_t)s * CUT_WORDS + w]; c;
                 c &= c - 1)
                hits[64 * w + __builtin_ctzll(c)]++;
        int q = 1, row = p->group[s] + 1;
        while (q <= len && ind[q] != row)
            q++;
        if (q <= len) {
            val[q] += 1.0;
        } else {
            ind[++len] = row;
            val[len] = 1.0;
        }
    }
    ind[++len] = p->n_groups + t + 1;
    val[len] = 1.0;
    for (int c = 0; c < M->n_cuts; c++)
        if (hits[c] >= 2) {
            ind[++len] = p->n_groups + p->n_types + c + 1;
            val[len] = (double)(hits[c] / 2);
        }
    return len;
}

/* Makes columns of the pool routes not yet in the LP. */
static void master_add(master *M)
{
    for (; M->in_lp < ky_pool_size(M->cols); M->in_lp++) {
        int32_t t, n;
        const int32_t *nodes;
        double obj;
        ky_pool_route(M->cols, M->in_lp, &t, &nodes, &n, &obj);
        int len = route_column(M, t, nodes, n, M->ind, M->val);
        int j = ky_milp__col(M->lp, NULL, GLP_CV, 0.0, 1e300, obj);
        glp_set_mat_col(M->lp, j, len, M->ind, M->val);
    }
}

static const int32_t *route_nodes(const ky_pool *pool, int32_t r,
                                  int32_t *n)
{
    int32_t t;
    const int32_t *nodes;
    double obj;
    ky_pool_route(pool, r, &t, &nodes, n, &obj);
    return nodes;
}


/* Adds rows for cuts [first, M->n_cuts) to lp, whose columns after the
 * shipments' penalties are the first R routes of pool. */
static int add_cut_rows(const master *M, glp_prob *lp, const ky_pool *pool,
                        int32_t R, int first)
{
    const ky_problem *p = M->p;
    int *ind = ky_calloc(M->ctx, (size_t)R + 1, sizeof *ind);
    double *val = ky_calloc(M->ctx, (size_t)R + 1, sizeof *val);
    if (!ind || !val) {
        ky_free(M->ctx, ind);
        ky_free(M->ctx, val);
        return KY_ENOMEM;
    }
    int row0 = glp_add_rows(lp, M->n_cuts - first);
    for (int c = first; c < M->n_cuts; c++) {
        int len = 0, row = row0 + c - first;
        glp_set_row_bnds(lp, row, GLP_UP, 0.0, 1.0);
        for (int32_t r = 0; r < R; r++) {
            int32_t n, hits = 0;
            const int32_t *nodes = route_nodes(pool, r, &n);
            for (int32_t k = 0; k < n; k++) {
                int32_t s = KY_NODE_SHIPMENT(nodes[k]);
                hits += nodes[k] == first_stop(p, s) &&
                        ((M->cut_of[(size_t)s * CUT_WORDS + c / 64] >>
                          (c % 64)) & 1);
            }
            if (hits >= 2) {
                ind[++len] = p->n_groups + r + 1;
                val[len] = (double)(hits / 2);
            }
        }
        glp_set_mat_row(lp, row, len, ind, val);
    }
    ky_free(M->ctx, ind);
    ky_free(M->ctx, val);
    return KY_OK;
}

typedef struct cut_found {
    double lhs;
    int32_t s[3];
} cut_found;

/* Finds the subset-row cuts the LP solution violates most, among the
 * shipments that fractional columns serve, and adds up to
 * CUTS_PER_ROUND of them to the master. */
static int separate_cuts(master *M, int *added)
{
    const ky_problem *p = M->p;
    int32_t S = p->n_ship, R = M->in_lp;
    *added = 0;
    int room = M->max_cuts - M->n_cuts;
    if (room > CUTS_PER_ROUND)
        room = CUTS_PER_ROUND;
    if (room <= 0)
        return KY_OK;
    double *x = ky_calloc(M->ctx, (size_t)R + 1, sizeof *x);
    int32_t *f_of = ky_calloc(M->ctx, (size_t)S + 1, sizeof *f_of);
    int32_t *ship = ky_calloc(M->ctx, (size_t)S + 1, sizeof *ship);
    int32_t *sup = ky_calloc(M->ctx, (size_t)R + 1, sizeof *sup);
    int rc = x && f_of && ship && sup ? KY_OK : KY_ENOMEM;
    uint8_t *cnt = NULL;
    double *base = NULL;
    int32_t *list = NULL;
    int32_t nR = 0, nF = 0;
    for (int32_t r = 0; rc == KY_OK && r < R; r++) {
        x[r] = glp_get_col_prim(M->lp, S + r + 1);
        if (x[r] > 1e-6)
            sup[nR++] = r;
    }
    /* the shipments fractional columns serve */
    for (int32_t s = 0; rc == KY_OK && s < S; s++)
        f_of[s] = -1;
    for (int32_t k = 0; rc == KY_OK && k < nR; k++) {
        if (x[sup[k]] > 1.0 - 1e-6)
            continue;
        int32_t n;
        const int32_t *nodes = route_nodes(M->cols, sup[k], &n);
        for (int32_t q = 0; q < n; q++) {
            int32_t s = KY_NODE_SHIPMENT(nodes[q]);
            if (f_of[s] < 0) {
                f_of[s] = nF;
                ship[nF++] = s;
            }
        }
    }
    if (rc == KY_OK && nF >= 3) {
        cnt = ky_calloc(M->ctx, (size_t)nR * nF, 1);
        base = ky_calloc(M->ctx, (size_t)nF, sizeof *base);
        list = ky_calloc(M->ctx, (size_t)nR, sizeof *list);
        rc = cnt && base && list ? KY_OK : KY_ENOMEM;
    }
    cut_found best[CUTS_PER_ROUND];
    int n_best = 0;
    for (int32_t k = 0; rc == KY_OK && cnt && k < nR; k++) {
        int32_t n;
        const int32_t *nodes = route_nodes(M->cols, sup[k], &n);
        for (int32_t q = 0; q < n; q++) {
            int32_t s = KY_NODE_SHIPMENT(nodes[q]);
            if (nodes[q] == first_stop(p, s) && f_of[s] >= 0 &&
                cnt[(size_t)k * nF + f_of[s]] < 3)
                cnt[(size_t)k * nF + f_of[s]]++;
        }
        for (int32_t f = 0; f < nF; f++)
            base[f] += x[sup[k]] * (cnt[(size_t)k * nF + f] / 2);
    }
    /* lhs(i, j, f) = base[f] + over the columns serving i or j, what
     * they add on top of serving f alone */
    for (int32_t i = 0; rc == KY_OK && cnt && i < nF; i++)
        for (int32_t j = i + 1; j < nF; j++) {
            int32_t m = 0;
            for (int32_t k = 0; k < nR; k++)
                if (cnt[(size_t)k * nF + i] || cnt[(size_t)k * nF + j])
                    list[m++] = k;
            if (m < 2)
                continue;
            for (int32_t f = j + 1; f < nF; f++) {
                double lhs = base[f];
                for (int32_t q = 0; q < m; q++) {
                    const uint8_t *c = cnt + (size_t)list[q] * nF;
                    lhs += x[sup[list[q]]] *
                           ((c[i] + c[j] + c[f]) / 2 - c[f] / 2);
                }
                if (lhs < 1.0 + CUT_VIOLATION ||
                    (n_best == room && best[room - 1].lhs >= lhs))
                    continue;
                int at = n_best < room ? n_best++ : room - 1;
                while (at > 0 && best[at - 1].lhs < lhs) {
                    best[at] = best[at - 1];
                    at--;
                }
                best[at] = (cut_found){lhs, {ship[i], ship[j], ship[f]}};
            }
        }
    for (int k = 0; rc == KY_OK && k < n_best; k++) {
        int c = M->n_cuts++;
        for (int q = 0; q < 3; q++)
            cut_put(M->cut_of, best[k].s[q], c);
    }
    if (rc == KY_OK && n_best > 0) {
        /* rows for the new cuts over the columns already in the LP */
        rc = add_cut_rows(M, M->lp, M->cols, M->in_lp,
                          M->n_cuts - n_best);
        *added = n_best;
    }
    ky_free(M->ctx, x);
    ky_free(M->ctx, f_of);
    ky_free(M->ctx, ship);
    ky_free(M->ctx, sup);
    ky_free(M->ctx, cnt);
    ky_free(M->ctx, base);
    ky_free(M->ctx, list);
    return rc;
}

static void pricer_cuts(pricer *P, const master *M)
{
    P->cut_of = M->n_cuts > 0 ? M->cut_of : NULL;
    P->CW = (M->n_cuts + 63) / 64;
    P->sigma = M->sigma;
}

typedef struct cg_run {
    const ky_problem *p;
    const ky_pool *pool;
    const ky_cg_options *o;
    ky_cg_result *res;
    ky_routes *out;
    const ky_ctx *ctx;
    double ub; /* the best plan's objective: o->upper_bound, or better */
} cg_run;

/* Labels one pricing run may make: by size, within LABEL_BYTES. */
#define LABEL_BYTES (384 << 20)

static int64_t label_budget(const ky_problem *p, int64_t want)
{
    int64_t W = (p->n_ship + 63) / 64 + 1 + CUT_WORDS / 2;
    int64_t each = (int64_t)sizeof(label) + 24 * (p->n_dims + 1) +
                   16 * W + (int64_t)sizeof(heap_item) + 8;
    int64_t most = LABEL_BYTES / each;
    return want < most ? want : most;
}

static int64_t exact_labels(const ky_problem *p, const ky_cg_options *o)
{
    if (o->max_labels > 0)
        return o->max_labels;
    return label_budget(p, p->n_ship <= 30 ? 4000000 : 2000000);
}

/* Prices type t; adds its negative routes to the columns. *lower gets a
 * lower bound on its least reduced cost (see least_rc_bound), that cost
 * itself when pricing finished (*exact). */
static int price_type(master *M, const cg_run *R, int32_t t, int per_stop,
                      bool finish, double deadline, double *lower,
                      bool *exact, int32_t *added,
                      int32_t *nodes)
{
    const ky_problem *p = M->p;
    pricer P;
    int max_best = R->o->max_columns > 0 ? R->o->max_columns : 30;
    int64_t labels = per_stop > 0 ? label_budget(p, HEUR_LABELS)
                                  : exact_labels(p, R->o);
    int rc = pricer_init(&P, p, t, M->pi, M->mu[t], R->o->ng_size, labels,
                         max_best, deadline, R->ctx);
    P.per_stop = per_stop;
    P.skip_ok = M->skip_ok;
    if (M->relaxed) {
        P.relaxed = true;
        P.D = 0;
    }
    P.no_bounds = M->no_bounds[t];
    pricer_cuts(&P, M);
    /* exhaustive pricing ends early once it has columns to add, unless
     * asked to finish for the bound: only a pass that finds none must */
    P.stop_after = per_stop > 0 || finish ? 0 : max_best;
    double t0 = ky_clock_now();
    if (rc == KY_OK)
        rc = label_all(&P);
    *exact = rc == KY_OK && P.exact;
    *lower = rc == KY_OK ? least_rc_bound(&P) : -HUGE_VAL;
    if (per_stop == 0)
        ky_log(R->ctx, KY_LOG_DEBUG, "pricing: type %d%s, %lld labels, %d "
               "negative, %s at minute %.0f, least reduced cost >= %.4f%s, "
               "%.2f s", (int)t, M->relaxed ? " (relaxed)" : "",
               (long long)P.n, P.n_negative,
               *exact ? "finished" : "stopped",
               P.stopped_at >= 0 ? P.lab[P.stopped_at].time : P.t_end,
               *lower, P.cb_n ? "" : ", no completion bounds",
               ky_clock_now() - t0);
    M->no_bounds[t] = P.no_bounds; /* until an exhaustive pass has them */
    R->res->labels += P.n;
    for (int k = 0; rc == KY_OK && k < P.n_best; k++) {
        if (P.best[k].rc > -RC_EPS)
            continue;
        int32_t n = route_of(&P, P.best[k].label, nodes, ROUTE_ROOM(p));
        if (n < 0)
            continue;
        int32_t before = ky_pool_size(M->cols);
        ky_pool_add(M->cols, P.v, nodes, n,
                    ky_price_route_cost(p, P.v, nodes, n));
        *added += ky_pool_size(M->cols) > before;
    }
    pricer_free(&P);
    return rc;
}

/* One pricing pass over every type: heuristic (per_stop labels kept per
 * stop) or exhaustive (per_stop 0; to the end with finish, else it stops
 * at its first columns). *all_exact: every type was priced to the end.
 * *lagr: the Lagrangian term sum K_t min(0, m_t), m_t a lower bound on
 * type t's least reduced cost (see least_rc_bound); -HUGE_VAL when a
 * type has none. */
static int price_all(master *M, const cg_run *R, int per_stop, bool finish,
                     double deadline, int32_t *added, bool *all_exact,
                     double *lagr, int32_t *nodes)
{
    const ky_problem *p = M->p;
    *all_exact = per_stop == 0;
    *lagr = 0.0;
    for (int32_t t = 0; t < p->n_types; t++) {
        double lower;
        bool exact;
        int rc = price_type(M, R, t, per_stop, finish, deadline, &lower,
                            &exact, added, nodes);
        if (rc != KY_OK)
            return rc;
        *all_exact &= exact;
        *lagr += (double)p->type_count[t] * fmin(0.0, lower);
        M->minrc[t] = lower;
    }
    return KY_OK;
}

/* ---- stabilization ----------------------------------------------------------- */

/* Wentges smoothing. Near convergence the master LP is degenerate: its
 * duals jump between far-apart optima, and each round adds columns that
 * barely move it (c202 with 100 customers sat at its final value for
 * hundreds of rounds). Pricing at duals drawn toward the stability
 * centre, those of the best bound so far, finds the columns the optimum
 * needs; when none of them is negative at the LP's own duals (a
 * mispricing), pricing tries again nearer those. Wentges 1997; Pessoa,
 * Sadykov, Uchoa and Vanderbeck 2018. */

/* The priced duals: a times the centre's plus 1 - a times the LP's. */
static void duals_mix(master *M, double a)
{
    const ky_problem *p = M->p;
    for (int32_t g = 0; g < p->n_groups; g++)
        M->pi[g] = a * M->cpi[g] + (1.0 - a) * M->opi[g];
    for (int32_t t = 0; t < p->n_types; t++)
        M->mu[t] = a * M->cmu[t] + (1.0 - a) * M->omu[t];
    for (int c = 0; c < M->n_cuts; c++)
        M->sigma[c] = a * M->csig[c] + (1.0 - a) * M->osig[c];
}

/* An exhaustive pass at the priced duals, whose dual objective is dual,
 * found the Lagrangian term lagr (see price_all). Only a finished pass
 * moves the stability centre: the bound of one stopped early is often
 * far below its duals' true one. */
static void bound_found(master *M, cg_run *R, double dual, double lagr,
                        bool finished)
{
    const ky_problem *p = M->p;
    ky_cg_result *res = R->res;
    double lb = dual + lagr;
    if (res->kind == KY_BOUND_NONE || lb > res->bound) {
        res->bound = lb;
        res->kind = M->relaxed ? KY_BOUND_RELAXED
                    : R->o->ng_size > 0 && R->o->ng_size < p->n_ship
                        ? KY_BOUND_NG
                        : KY_BOUND_ELEMENTARY;
    }
    if (finished && lb > M->center) {
        M->center = lb;
        M->cdual = dual;
        memcpy(M->cpi, M->pi, (size_t)p->n_groups * sizeof *M->pi);
        memcpy(M->cmu, M->mu, (size_t)p->n_types * sizeof *M->mu);
        memcpy(M->csig, M->sigma, (size_t)M->n_cuts * sizeof *M->sigma);
        memcpy(M->cmin, M->minrc, (size_t)p->n_types * sizeof *M->minrc);
    }
}

/* Pool columns from `from` on that are negative at the LP's duals. */
static int32_t improving(master *M, int32_t from)
{
    const ky_problem *p = M->p;
    int32_t good = 0;
    for (int32_t r = from; r < ky_pool_size(M->cols); r++) {
        int32_t t, n;
        const int32_t *nodes;
        double obj;
        ky_pool_route(M->cols, r, &t, &nodes, &n, &obj);
        int len = route_column(M, t, nodes, n, M->ind, M->val);
        double rc = obj;
        for (int k = 1; k <= len; k++) {
            int row = M->ind[k] - 1;
            int32_t G = p->n_groups;
            rc -= M->val[k] * (row < G ? M->opi[row]
                               : row < G + p->n_types
                                   ? M->omu[row - G]
                                   : -M->osig[row - G - p->n_types]);
        }
        good += rc < -RC_EPS * (1.0 + fabs(obj));
    }
    return good;
}

/* ---- proof: every route within the gap, and the integer program ------------ */

/* The routes of type t whose reduced cost is at most limit, feasible by
 * the route core, into cand at their true cost, when no route costs
 * less than limit - margin. *complete: all found. */
static int enumerate_type(master *M, cg_run *R, int32_t t, double margin,
                          double limit, double deadline, ky_pool *cand,
                          bool *complete, int32_t *nodes)
{
    const ky_problem *p = M->p;
    pricer P;
    int rc = pricer_init(&P, p, t, M->pi, M->mu[t], R->o->ng_size,
                         exact_labels(p, R->o), 1, deadline, R->ctx);
    P.margin = margin;
    P.prune_at = limit;
    P.skip_ok = M->skip_ok;
    pricer_cuts(&P, M);
    if (rc == KY_OK)
        rc = label_all(&P);
    *complete = rc == KY_OK && P.exact;
    R->res->labels += P.n;
    for (int64_t k = 0; rc == KY_OK && *complete && k < P.n_all; k++) {
        int32_t n = route_of(&P, P.all[k].label, nodes, ROUTE_ROOM(p));
        if (n < 0)
            continue; /* a cycle: no plan has it */
        ky_route_eval e;
        ky_route_eval_full(p, P.v, nodes, n, &e, NULL);
        if (!e.feasible) /* ng-routes that come back are not */
            continue;
        int32_t before = ky_pool_size(cand);
        ky_pool_add(cand, P.v, nodes, n, e.obj);
        if (ky_pool_size(cand) == before)
            *complete = false; /* no room for it: no proof */
    }
    pricer_free(&P);
    return rc;
}

/* The chosen columns as a plan: a type's routes go to its vehicles in
 * index order. */
static int mip_extract(master *M, glp_prob *mip, const ky_pool *cand,
                       ky_routes *out)
{
    const ky_problem *p = M->p;
    int32_t *len = ky_calloc(M->ctx, (size_t)p->n_veh + 1, sizeof *len);
    const int32_t **seq = ky_calloc(M->ctx, (size_t)p->n_veh + 1,
                                    sizeof *seq);
    uint8_t *used = ky_calloc(M->ctx, (size_t)p->n_veh + 1, 1);
    int rc = len && seq && used ? KY_OK : KY_ENOMEM;
    for (int32_t r = 0; rc == KY_OK && r < ky_pool_size(cand); r++) {
        if (glp_mip_col_val(mip, p->n_groups + r + 1) < 0.5)
            continue;
        int32_t t, n;
        const int32_t *nodes;
        double obj;
        ky_pool_route(cand, r, &t, &nodes, &n, &obj);
        int32_t v = 0;
        while (v < p->n_veh && (p->type[v] != t || used[v]))
            v++;
        if (v == p->n_veh) {
            rc = KY_EINTERNAL; /* more routes than vehicles of the type */
            break;
        }
        used[v] = 1;
        seq[v] = nodes;
        len[v] = n;
    }
    if (rc == KY_OK)
        rc = ky_routes_assign(out, seq, len);
    ky_free(M->ctx, len);
    ky_free(M->ctx, (void *)seq);
    ky_free(M->ctx, used);
    return rc;
}

/* The integer program over the routes in cand, within deadline: *z
 * its optimum, HUGE_VAL when it has none in time. A plan no costlier
 * than R->ub goes to R->out (*kept), and becomes R->ub. */
static int mip_over(master *M, cg_run *R, const ky_pool *cand,
                    double deadline, double *z, bool *kept)
{
    const ky_problem *p = M->p;
    *z = HUGE_VAL;
    *kept = false;
    glp_prob *mip = glp_create_prob();
    glp_set_obj_dir(mip, GLP_MIN);
    glp_add_rows(mip, p->n_groups + p->n_types + M->n_cuts);
    for (int32_t g = 0; g < p->n_groups; g++) {
        glp_set_row_bnds(mip, g + 1, GLP_FX, 1.0, 1.0);
        int j = ky_milp__col(mip, NULL, GLP_CV, 0.0, 1.0,
                             p->penalty[p->grp_first[g]]);
        int ind[2] = {0, g + 1};
        double val[2] = {0, 1.0};
        glp_set_mat_col(mip, j, 1, ind, val);
    }
    for (int32_t t = 0; t < p->n_types; t++)
        glp_set_row_bnds(mip, p->n_groups + t + 1, GLP_UP, 0.0,
                         (double)p->type_count[t]);
    /* the cuts hold for every plan: they give the MIP the master's bound */
    for (int c = 0; c < M->n_cuts; c++)
        glp_set_row_bnds(mip, p->n_groups + p->n_types + c + 1, GLP_UP, 0.0,
                         1.0);
    for (int32_t r = 0; r < ky_pool_size(cand); r++) {
        int32_t t, n;
        const int32_t *rn;
        double obj;
        ky_pool_route(cand, r, &t, &rn, &n, &obj);
        int len = route_column(M, t, rn, n, M->ind, M->val);
        int j = ky_milp__col(mip, NULL, GLP_BV, 0.0, 1.0, obj);
        glp_set_mat_col(mip, j, len, M->ind, M->val);
    }
    ky_milp_result mr;
    memset(&mr, 0, sizeof mr);
    double left = deadline - ky_clock_now();
    int rc = ky_milp__solve(mip, NULL, left > 0.05 ? left : 0.05, 0,
                            KY_CUTS_CHEAP, R->ctx, &mr);
    if (rc == KY_OK && mr.status == KY_MILP_OPTIMAL) {
        *z = mr.obj;
        if (R->out && mr.obj <= R->ub + 1e-9 * (1.0 + fabs(R->ub))) {
            rc = mip_extract(M, mip, cand, R->out);
            if (rc == KY_OK) {
                *kept = true;
                R->res->found = true;
                R->res->optimum = mr.obj;
                if (mr.obj < R->ub)
                    R->ub = mr.obj;
            }
        }
    }
    glp_delete_prob(mip);
    return rc;
}

/* Enumerates every route whose reduced cost at the centre's duals is
 * within theta (per type, see prove_optimum) into a new *cand; false
 * in *complete when they do not all fit or time runs out. */
static int enumerate_all(master *M, cg_run *R, double theta,
                         double deadline, ky_pool **cand, bool *complete,
                         int32_t *nodes)
{
    const ky_problem *p = M->p;
    int rc = ky_pool_new(cand, p, MAX_ENUMERATED, R->ctx);
    *complete = rc == KY_OK;
    for (int32_t t = 0; rc == KY_OK && *complete && t < p->n_types; t++)
        rc = enumerate_type(M, R, t, theta, theta + fmin(0.0, M->cmin[t]),
                            deadline, *cand, complete, nodes);
    int32_t most = MAX_ENUMERATED - 1; /* the pool's room, less one */
    if (R->o->max_enumerated > 0 && R->o->max_enumerated < most)
        most = R->o->max_enumerated;
    if (rc == KY_OK && ky_pool_size(*cand) > most)
        *complete = false;
    return rc;
}

/* Proves the optimum, or narrows the gap, by enumeration. Priced at the
 * centre, whose bound L meets the LP: every plan costs at least the
 * master's dual objective plus its routes' reduced costs, and L counts
 * each type's K_t routes at its least reduced cost m_t; so a plan that
 * costs at most L + theta has only routes of reduced cost at most
 * theta + min(0, m_t) (type t), and none below m_t. With all those
 * routes listed, the integer program over them has optimum z, and every
 * plan costs at least min(z, L + theta): z is optimal when it is at
 * most L + theta, else L + theta is a bound.
 *
 * theta starts at the gap to the plan (R->ub - L). When the routes do
 * not fit (MAX_ENUMERATED, labels, or time: each try has half the time
 * left), a smaller theta is tried: between the largest that fitted and
 * the least that did not, or a quarter when none fitted yet. A plan
 * better than R->ub found on the way replaces it, and theta moves up
 * to its gap, to prove it. */
#define THETA_STEPS 8

static int prove_optimum(master *M, cg_run *R, double deadline,
                         int32_t *nodes)
{
    ky_cg_result *res = R->res;
    duals_mix(M, 1.0);
    double eps = 1e-6 * (1.0 + fabs(R->ub));
    double theta = R->ub - M->center + eps, fits = 0.0, fails = HUGE_VAL;
    int rc = KY_OK;
    for (int step = 0; rc == KY_OK && step < THETA_STEPS && theta > eps &&
                       !ky_ctx_cancelled(R->ctx);
         step++) {
        double now = ky_clock_now();
        if (now >= deadline)
            break;
        ky_pool *cand = NULL;
        bool complete;
        rc = enumerate_all(M, R, theta, now + 0.5 * (deadline - now), &cand,
                           &complete, nodes);
        double z = HUGE_VAL;
        bool kept = false;
        if (rc == KY_OK && complete) {
            res->enumerated = ky_pool_size(cand);
            rc = mip_over(M, R, cand, deadline, &z, &kept);
        }
        if (rc != KY_OK) {
            ky_pool_free(cand);
            break;
        }
        ky_log(R->ctx, KY_LOG_DEBUG, "proof: routes within %.4f of the "
               "bound: %s, %d listed, integer program %.4f, %.2f s", theta,
               complete ? "all" : "too many", (int)ky_pool_size(cand), z,
               ky_clock_now() - now);
        ky_pool_free(cand);
        if (!complete) {
            fails = theta;
            theta = fits > 0.0 ? 0.5 * (fits + fails) : 0.25 * theta;
            continue;
        }
        if (z == HUGE_VAL)
            break; /* the integer program gave no answer in time */
        if (z <= M->center + theta) {
            res->proven = kept; /* with its plan in R->out */
            break;
        }
        /* every plan costs at least L + theta, less the tolerance of
         * the routes listed */
        if (M->center + theta - eps > res->bound) {
            res->bound = M->center + theta - eps;
            res->kind = KY_BOUND_ELEMENTARY;
        }
        fits = theta;
        double to_prove = z - M->center + eps;
        theta = to_prove < fails ? to_prove : 0.5 * (fits + fails);
        if (fails - fits <= 0.05 * (fails == HUGE_VAL ? theta : fails))
            break; /* close enough: no bound worth the time */
    }
    return rc;
}

/* The LP has stalled when it moves less than this share a round (for
 * ky_cg_options.smooth_after rounds): a moving LP needs no smoothing. */
#define STALL_MOVE 1e-6

/* Once the LP has stalled, an exhaustive pass that takes under this
 * share of the time limit is run to its end every round, for a bound
 * (and a centre) each round, and a dearer one after ten times its
 * length; the first one is tried within this share. */
#define CHEAP_PASS 0.01

/* What a round's pricing came to */
enum { PRICED_COLUMNS, PRICED_RELAX, PRICED_CONVERGED, PRICED_END };

/* Prices the LP's duals (M->opi, omu, osig) until columns that move the
 * LP are found, each finished exhaustive pass giving a bound: heuristic
 * passes, then an exhaustive one (see CHEAP_PASS), at smoothed duals
 * once the LP has stalled. */
static int price_round(master *M, cg_run *R, double deadline,
                       int32_t *nodes, int *outcome)
{
    ky_cg_result *res = R->res;
    double tol = RC_EPS * (1.0 + fabs(res->lp));
    size_t levels = sizeof heur_per_stop / sizeof heur_per_stop[0];
    double alpha = fmin(fmax(R->o->smoothing, 0.0), 0.99);
    bool dear = false; /* a pass to the end could not finish */
    for (int k = 1;; k++) {
        if (ky_clock_now() >= deadline || ky_ctx_cancelled(R->ctx)) {
            *outcome = PRICED_END;
            return KY_OK;
        }
        bool stalled = M->stall >= R->o->smooth_after;
        double a = 1.0 - k * (1.0 - alpha);
        if (a < 0.0 || !stalled || M->center == -HUGE_VAL ||
            M->center >= res->lp - tol)
            a = 0.0;
        duals_mix(M, a);
        res->smoothed += a > 0.0;
        double now = ky_clock_now(), lagr = 0.0;
        double cheap_secs = CHEAP_PASS * R->o->time_limit_s;
        /* a pass to the end: every round when cheap, else after ten
         * times its last length (or time tried) */
        bool cheap = stalled && !dear &&
                     (M->pass_secs < cheap_secs ||
                      now - M->pass_at > 10.0 * M->pass_secs);
        int32_t before = ky_pool_size(M->cols), added = 0;
        bool all_exact = false;
        int rc = KY_OK;
        for (size_t l = 0; !cheap && rc == KY_OK && l < levels && !added; l++)
            rc = price_all(M, R, heur_per_stop[l], false, deadline, &added,
                           &all_exact, &lagr, nodes);
        if (rc == KY_OK && added == 0) {
            /* full pricing gets half the time left to finish a pass;
             * when it cannot, relaxed pricing gives the bound */
            now = ky_clock_now();
            double until = cheap ? now + fmax(3.0 * M->pass_secs,
                                              cheap_secs)
                           : M->relaxed ? deadline
                                        : now + 0.5 * (deadline - now);
            if (until > deadline)
                until = deadline;
            rc = price_all(M, R, 0, cheap, until, &added, &all_exact, &lagr,
                           nodes);
            if (all_exact || cheap) { /* not finished: at least this */
                M->pass_at = ky_clock_now();
                M->pass_secs = fmax(M->pass_at - now, all_exact ? 0.0
                                                               : cheap_secs);
                dear = !all_exact;
            }
            if (rc == KY_OK && lagr > -HUGE_VAL) {
                /* finished or not, each type's least reduced cost has a
                 * lower bound; the dual objective is linear: at the LP's
                 * duals, the LP value */
                double dual = a > 0.0 ? a * M->cdual + (1.0 - a) * res->lp
                                      : res->lp;
                ky_log(R->ctx, KY_LOG_DEBUG, "pricing: bound %.4f at "
                       "smoothing %.2f, LP %.4f", dual + lagr, a, res->lp);
                bound_found(M, R, dual, lagr, all_exact);
            }
        }
        if (rc != KY_OK)
            return rc;
        if (M->center >= res->lp - tol) {
            /* the bound meets the LP: the LP is the master's optimum,
             * whatever columns the LP's own duals may still price */
            *outcome = PRICED_CONVERGED;
            return KY_OK;
        }
        if (added > 0 && (improving(M, before) > 0 || a == 0.0)) {
            *outcome = PRICED_COLUMNS;
            return KY_OK;
        }
        if (a > 0.0 || (cheap && !all_exact))
            continue; /* mispriced, or too dear to finish after all:
                       * again nearer the LP's duals */
        if (!all_exact)
            *outcome = M->relaxed ? PRICED_END : PRICED_RELAX;
        else /* at the LP's duals, nothing the LP does not hold: it is
              * optimal up to its tolerance, the bound a hair below */
            *outcome = PRICED_CONVERGED;
        return KY_OK;
    }
}

static int cg_loop(master *M, cg_run *R)
{
    const ky_problem *p = M->p;
    ky_cg_result *res = R->res;
    double start = ky_clock_now(), deadline = start + R->o->time_limit_s;
    int32_t *nodes = ky_calloc(R->ctx, (size_t)ROUTE_ROOM(p),
                               sizeof *nodes);
    if (nodes == NULL)
        return KY_ENOMEM;
    int rc = KY_OK;
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = GLP_MSG_ERR;
    M->center = -HUGE_VAL;
    M->pass_secs = 0.0;
    M->pass_at = -HUGE_VAL;
    M->stall_lp = HUGE_VAL;
    while (rc == KY_OK && ky_clock_now() < deadline &&
           !ky_ctx_cancelled(R->ctx)) {
        master_add(M);
        double left = deadline - ky_clock_now();
        smcp.tm_lim = (int)(left * 1000.0) + 1;
        if (glp_simplex(M->lp, &smcp) != 0 ||
            glp_get_status(M->lp) != GLP_OPT)
            break;
        res->rounds++;
        res->lp = glp_get_obj_val(M->lp);
        if (res->lp < M->stall_lp - STALL_MOVE * fabs(M->stall_lp)) {
            M->stall_lp = res->lp;
            M->stall = 0;
        } else {
            M->stall++;
        }
        for (int32_t g = 0; g < p->n_groups; g++)
            M->opi[g] = glp_get_row_dual(M->lp, g + 1);
        for (int32_t t = 0; t < p->n_types; t++)
            M->omu[t] = glp_get_row_dual(M->lp, p->n_groups + t + 1);
        for (int c = 0; c < M->n_cuts; c++) {
            double d =
                glp_get_row_dual(M->lp, p->n_groups + p->n_types + c + 1);
            M->osig[c] = d < 0.0 ? -d : 0.0;
        }
        ky_log(R->ctx, KY_LOG_DEBUG, "colgen: round %d, LP %.4f, %d "
               "columns, %.2f s%s", (int)res->rounds, res->lp,
               (int)ky_pool_size(M->cols), ky_clock_now() - start,
               M->relaxed ? ", relaxed" : "");
        int outcome;
        rc = price_round(M, R, deadline, nodes, &outcome);
        if (rc != KY_OK || outcome == PRICED_END)
            break; /* out of labels or time: the last bound stands */
        if (outcome == PRICED_COLUMNS)
            continue;
        if (outcome == PRICED_RELAX) {
            M->relaxed = true;
            M->pass_secs = 0.0; /* cheaper now: try again */
            continue;
        }
        /* converged: the bound (the centre's) meets the LP, or nearly */
        res->converged = true;
        double ub = R->ub;
        double tol = RC_EPS * (1 + fabs(res->lp));
        if (ub == HUGE_VAL)
            break;
        if (ub > res->bound + 1e-9 * (1 + fabs(ub)) && ub <= res->lp + tol) {
            /* the LP meets the plan and the bound lies a hair below:
             * the routes within that hair prove the plan */
            rc = prove_optimum(M, R, deadline, nodes);
        } else if (ub > res->lp + tol) {
            /* a gap: a small one may be proven at once, from a quarter
             * of the time left; else cut the LP closer first, then
             * prove */
            double at = ky_clock_now();
            if (ub - res->lp <= SMALL_GAP * fabs(ub) && M->n_cuts > 0) {
                rc = prove_optimum(M, R, at + 0.25 * (deadline - at), nodes);
                if (rc != KY_OK || res->proven)
                    break;
            }
            int cuts = 0;
            rc = separate_cuts(M, &cuts);
            res->cuts = M->n_cuts;
            if (rc == KY_OK && cuts > 0) {
                M->center = -HUGE_VAL; /* a new LP: its own centre */
                M->stall_lp = HUGE_VAL;
                continue;
            }
            if (rc == KY_OK)
                rc = prove_optimum(M, R, deadline, nodes);
        }
        break;
    }
    res->columns = ky_pool_size(M->cols);
    ky_free(R->ctx, nodes);
    return rc;
}

static int cg_run_fn(void *arg)
{
    cg_run *R = arg;
    const ky_problem *p = R->p;
    master M;
    memset(&M, 0, sizeof M);
    M.p = p;
    M.ctx = R->ctx;
    size_t rows = (size_t)p->n_ship + (size_t)p->n_types + MAX_CUTS + 2;
    M.ind = ky_calloc(R->ctx, rows, sizeof *M.ind);
    M.val = ky_calloc(R->ctx, rows, sizeof *M.val);
    M.pi = ky_calloc(R->ctx, (size_t)p->n_ship + 1, sizeof *M.pi);
    M.mu = ky_calloc(R->ctx, (size_t)p->n_types + 1, sizeof *M.mu);
    M.opi = ky_calloc(R->ctx, (size_t)p->n_ship + 1, sizeof *M.opi);
    M.omu = ky_calloc(R->ctx, (size_t)p->n_types + 1, sizeof *M.omu);
    M.cpi = ky_calloc(R->ctx, (size_t)p->n_ship + 1, sizeof *M.cpi);
    M.cmu = ky_calloc(R->ctx, (size_t)p->n_types + 1, sizeof *M.cmu);
    M.minrc = ky_calloc(R->ctx, (size_t)p->n_types + 1, sizeof *M.minrc);
    M.cmin = ky_calloc(R->ctx, (size_t)p->n_types + 1, sizeof *M.cmin);
    M.no_bounds = ky_calloc(R->ctx, (size_t)p->n_types + 1,
                            sizeof *M.no_bounds);
    M.cut_of = ky_calloc(R->ctx, ((size_t)p->n_ship + 1) * CUT_WORDS,
                         sizeof *M.cut_of);
    M.max_cuts = R->o->max_cuts < MAX_CUTS ? R->o->max_cuts : MAX_CUTS;
    /* subset-row cuts are over shipments' rows, separated per source:
     * not with alternatives (the bound holds without them) */
    if (p->has_alternatives)
        M.max_cuts = 0;
    int rc = M.ind && M.val && M.pi && M.mu && M.opi && M.omu && M.cpi &&
                     M.cmu && M.minrc && M.cmin && M.no_bounds && M.cut_of
                 ? KY_OK
                 : KY_ENOMEM;
    if (rc == KY_OK)
        rc = ky_pool_new(&M.cols, p, MAX_COLUMNS, R->ctx);
    for (int32_t r = 0; rc == KY_OK && R->pool && r < ky_pool_size(R->pool);
         r++) {
        int32_t t, n;
        const int32_t *nodes;
        double obj;
        ky_pool_route(R->pool, r, &t, &nodes, &n, &obj);
        int32_t v = p->type_first[t];
        ky_pool_add(M.cols, v, nodes, n, ky_price_route_cost(p, v, nodes, n));
    }
    M.relaxed = R->o->relaxed;
    M.skip_ok = ky_problem_triangle(p);
    if (rc == KY_OK)
        rc = master_build(&M);
    if (rc == KY_OK)
        rc = cg_loop(&M, R);
    if (M.lp)
        glp_delete_prob(M.lp);
    ky_pool_free(M.cols);
    ky_free(R->ctx, M.ind);
    ky_free(R->ctx, M.val);
    ky_free(R->ctx, M.pi);
    ky_free(R->ctx, M.mu);
    ky_free(R->ctx, M.opi);
    ky_free(R->ctx, M.omu);
    ky_free(R->ctx, M.cpi);
    ky_free(R->ctx, M.cmu);
    ky_free(R->ctx, M.minrc);
    ky_free(R->ctx, M.cmin);
    ky_free(R->ctx, M.no_bounds);
    ky_free(R->ctx, M.cut_of);
    return rc;
}

int ky_colgen_bound(const ky_problem *p, const ky_pool *pool,
                    const ky_cg_options *o, ky_cg_result *res,
                    ky_routes *out, const ky_ctx *ctx)
{
    memset(res, 0, sizeof *res);
    double start = ky_clock_now();
    cg_run R = {p, pool, o, res, out, ctx, o->upper_bound};
    int rc = ky_milp__guarded(ctx, cg_run_fn, &R);
    res->seconds = ky_clock_now() - start;
    if (rc != KY_OK)
        res->kind = KY_BOUND_NONE;
    return rc;
}
