/* kyodo scenario: the in-memory model of one planning day.
 *
 * Holds dimensions, companies, locations, depots, vehicles and shipments as
 * plain arrays that refer to each other by 0-based index. It owns every
 * string and array it points to; ky_scenario_free releases all of it. Data
 * only: no algorithm lives here. Downstream modules see a const ky_scenario.
 *
 * Units: times are minutes from midnight of the scenario's date (a time may
 * exceed 24:00 for work past midnight), distances are km, amounts are
 * integers in each dimension's own unit, costs are in one currency. */
#ifndef KYODO_SCENARIO_H
#define KYODO_SCENARIO_H

#include "kyodo/common.h"

#define KY_MAX_DIMS 8     /* capacity dimensions */
#define KY_MAX_WINDOWS 8  /* time windows per stop */
#define KY_MAX_SKILLS 64  /* distinct skill names (a uint64_t mask) */
#define KY_MAX_SOURCES 8  /* alternative pickups of one shipment */
#define KY_TIME_INF 1e9   /* "no limit" for a window close, in minutes */
#define KY_ID_MAX 512     /* bytes in an id: 128 characters of UTF-8 */
#define KY_HANDOVER_STEP 30.0 /* default cross-dock handover grid, min */

/* Limits that keep a hostile file from exhausting memory. */
#define KY_MAX_LOCATIONS 20000
#define KY_MAX_SHIPMENTS 10000
#define KY_MAX_VEHICLES 2000
#define KY_MAX_BANNED 64 /* companies named in co-loading bans */
#define KY_MAX_FILE_BYTES (256L * 1024 * 1024)

typedef struct ky_window {
    double open;  /* minutes */
    double close; /* minutes, >= open */
} ky_window;

typedef enum ky_distance_model {
    KY_DIST_EUCLIDEAN = 0, /* x, y in km (or benchmark units) */
    KY_DIST_HAVERSINE = 1, /* lat, lon in degrees, great circle */
    KY_DIST_MATRIX = 2     /* explicit matrix in the file */
} ky_distance_model;

typedef struct ky_settings {
    ky_distance_model distance;
    double road_factor;     /* multiplies euclidean/haversine km; default 1 */
    double speed_kmh;       /* travel minutes = km / speed * 60; default 60 */
    double default_penalty; /* for shipments without a penalty; default 1e6 */
    bool transfers; /* cross-dock transfers where allowed; default true */
} ky_settings;

/* A vehicle a company hires when it plans alone (kyodo compare): `count`
 * copies of vehicle `like`, owned by the company, at their own prices. */
typedef struct ky_hire {
    int32_t like;       /* vehicle index: the template */
    int32_t count;      /* >= 1 */
    double fixed_cost;  /* < 0: the template's */
    double cost_per_km; /* < 0: the template's */
    int line;
} ky_hire;

/* Company rules:
 *  - no_coload: companies whose goods may never ride on the same vehicle
 *    as this company's (the relation is symmetric: a ban given on either
 *    side holds both ways);
 *  - alone: the fleet the company plans with when it is not in the joint
 *    program (kyodo compare): the vehicles it keeps and the ones it hires.
 *    Without <alone>, it keeps the vehicles it owns and hires none. */
typedef struct ky_company {
    char *id;
    char *name; /* display name, UTF-8; may equal id */
    int line;   /* source line, 0 when built in memory */
    int32_t n_no_coload;
    int32_t *no_coload; /* company indices */
    bool has_alone;     /* keep[] lists the vehicles kept alone */
    int32_t n_keep;
    int32_t *keep;      /* vehicle indices */
    int32_t n_hire;
    ky_hire *hire;
    int alone_line;
    bool transfer; /* its shipments may change vehicle at a cross-dock */
} ky_company;

typedef struct ky_location {
    char *id;
    char *name; /* may be NULL */
    double x;   /* euclidean: x; haversine: longitude in degrees */
    double y;   /* euclidean: y; haversine: latitude in degrees */
    bool has_coords;
    bool closed; /* out of service: no stop, no depot work here */
    bool local;  /* a local supplier, for the local-sourcing KPI */
    int line;
} ky_location;

typedef struct ky_depot {
    char *id;
    int32_t location;
    int32_t company; /* owning company, -1 for none */
    bool shared;     /* usable by every company's vehicles */
    bool cross_dock; /* may serve as a transfer hub */
    ky_window hours; /* opening hours; [0, KY_TIME_INF] when not given */
    /* Cross-dock: at most `docks` vehicles unload or load transfers at
     * once (0: no limit); a transferred shipment may leave `handling`
     * minutes after it is unloaded; handovers are planned on a grid of
     * `handover_step` minutes (0: KY_HANDOVER_STEP; see route.h). */
    int32_t docks;
    double handling, handover_step;
    int line;
} ky_depot;

typedef struct ky_vehicle {
    char *id;
    int32_t company;     /* -1 for a pooled vehicle of the cluster */
    int32_t start_depot; /* index into depots */
    int32_t end_depot;
    ky_window shift; /* work may start at shift.open, must end by close */
    int64_t capacity[KY_MAX_DIMS];
    double fixed_cost;    /* when used at all */
    double cost_per_km;
    double cost_per_hour; /* working time, start to end of route */
    double co2_kg_per_km;
    uint64_t skills; /* bit i = skill_names[i] */
    bool dedicated;  /* carries only its own company's shipments */
    bool emergency;  /* an emergency partner's, at a premium */
    bool multi_trip; /* may come back to its depots to reload (route.h) */
    /* Driver rules (0: none): at most max_drive minutes of driving in
     * the day; after break_after minutes of driving, a rest of
     * break_min minutes before driving on (see route.h). */
    double max_drive, break_after, break_min;
    int line;
} ky_vehicle;

/* Where a shipment's goods are taken from or brought to. */
typedef enum ky_stop_site {
    KY_SITE_LOCATION = 0, /* a customer or supplier location: a route stop */
    KY_SITE_DEPOT = 1     /* a depot: loaded at route start / unloaded at end */
} ky_stop_site;

typedef struct ky_stop_spec {
    ky_stop_site site;
    int32_t location; /* location index; for a depot, the depot's location */
    int32_t depot;    /* depot index when site == KY_SITE_DEPOT, else -1 */
    int n_windows;    /* >= 1; sorted by open, not overlapping */
    ky_window windows[KY_MAX_WINDOWS];
    double service; /* minutes of handling at the stop */
    /* Soft window: with late_cost > 0, service may start up to max_late
     * minutes after the last window closes, at late_cost per minute
     * late (a location's stop only). */
    double late_cost, max_late;
    int line;
} ky_stop_spec;

/* Multi-sourcing: a shipment may be picked up at one of several sources
 * (pickup is source 0, alt[k - 1] source k); exactly one is used, and
 * source k adds source_cost[k] to the plan's cost. */
typedef struct ky_shipment {
    char *id;
    int32_t company; /* -1 when not given */
    ky_stop_spec pickup;
    ky_stop_spec delivery;
    int32_t n_alt;   /* alternative sources, 0 .. KY_MAX_SOURCES - 1 */
    ky_stop_spec alt[KY_MAX_SOURCES - 1];
    double source_cost[KY_MAX_SOURCES];
    int64_t amount[KY_MAX_DIMS];
    uint64_t skills;  /* required skills: a vehicle must have all of them */
    double penalty;   /* cost of leaving it unassigned */
    bool own_only;    /* rides only on vehicles of its own company */
    int8_t transfer;  /* may change vehicle at a cross-dock: 1 yes, -1 no,
                         0 as its company says */
    int line;
} ky_shipment;

/* The matrix given in the file when settings.distance is KY_DIST_MATRIX:
 * n_locations x n_locations, row-major in location order. */
typedef struct ky_explicit_matrix {
    double *km;
    double *minutes;
} ky_explicit_matrix;

typedef struct ky_scenario {
    char *file; /* path it was read from, "" when built in memory */
    char *name;
    char *date; /* YYYY-MM-DD or NULL */
    ky_settings settings;

    int n_dims;
    char *dim_ids[KY_MAX_DIMS];

    int n_skills;
    char *skill_names[KY_MAX_SKILLS];

    int32_t n_companies, n_locations, n_depots, n_vehicles, n_shipments;
    ky_company *companies;
    ky_location *locations;
    ky_depot *depots;
    ky_vehicle *vehicles;
    ky_shipment *shipments;
    ky_explicit_matrix matrix; /* NULL arrays unless distance == MATRIX */

    ky_ctx ctx; /* allocator the arrays came from */
} ky_scenario;

/* Sources of a shipment: 1 + n_alt; source k's pickup. */
static inline int32_t ky_shipment_n_sources(const ky_shipment *sh)
{
    return sh->n_alt + 1;
}

static inline const ky_stop_spec *ky_shipment_source(const ky_shipment *sh,
                                                     int32_t k)
{
    return k == 0 ? &sh->pickup : &sh->alt[k - 1];
}

/* Allocates an empty scenario with default settings. */
int ky_scenario_new(ky_scenario **out, const ky_ctx *ctx);
/* A deep copy of s that owns all it holds. KY_OK or KY_ENOMEM. */
int ky_scenario_copy(ky_scenario **out, const ky_scenario *s,
                     const ky_ctx *ctx);
void ky_scenario_free(ky_scenario *s);
void ky_settings_init(ky_settings *settings);

/* Lookups by id; return the index or -1. Linear time. */
int32_t ky_scenario_find_location(const ky_scenario *s, const char *id);
int32_t ky_scenario_find_depot(const ky_scenario *s, const char *id);
int32_t ky_scenario_find_company(const ky_scenario *s, const char *id);
int32_t ky_scenario_find_vehicle(const ky_scenario *s, const char *id);
int32_t ky_scenario_find_shipment(const ky_scenario *s, const char *id);
int ky_scenario_find_dim(const ky_scenario *s, const char *id);

/* Company rules. ky_scenario_coload_banned: the goods of companies a and
 * b may not share a vehicle (a ban given on either side; -1 is never
 * banned). ky_scenario_banned: company c takes part in some ban. */
bool ky_scenario_coload_banned(const ky_scenario *s, int32_t a, int32_t b);
bool ky_scenario_banned(const ky_scenario *s, int32_t c);
/* May shipment sh ride on vehicle v by the company rules (dedicated
 * vehicles, own-vehicles-only shipments)? */
bool ky_scenario_rules_allow(const ky_scenario *s, int32_t sh, int32_t v);

/* May shipment sh change vehicles at a cross-dock? The settings allow
 * transfers, and the shipment (or, when it says nothing, its company)
 * asks for them. */
bool ky_scenario_may_transfer(const ky_scenario *s, int32_t sh);

/* Writes s as a scenario XML file (namespace urn:kyodo:scenario:1) that
 * ky_load_file reads back to an equal scenario. Atomic: the file appears
 * whole or not at all. KY_OK, KY_EIO or KY_ENOMEM (details in err). */
int ky_scenario_save(const ky_scenario *s, const char *path,
                     const ky_ctx *ctx, ky_error *err);

/* Formats minutes as "HH:MM" (or "HH:MM:SS" when not whole minutes). */
const char *ky_format_clock(double minutes, char *buf, size_t size);
/* Parses "HH:MM" or "HH:MM:SS" (HH may exceed 23); false if malformed. */
bool ky_parse_clock(const char *text, double *out_minutes);

#endif
