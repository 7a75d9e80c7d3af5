/* kyodo study: business-continuity variants of one scenario.
 *
 * A study file (models/study.xsd) names a base scenario and variants;
 * each variant is the base with changes applied in order: a site closed
 * all day, a depot closing early, demand times a factor, vehicles lost,
 * vehicles added (emergency partners at a premium), travel times to and
 * from an area times a factor, a depot added, vehicles moved to another
 * depot. A variant is itself a scenario, which kyodo can save, plan and
 * check like any other; kyodo study plans the base and every variant and
 * compares them.
 *
 * Loading resolves every id and applies every variant once, so a study
 * that loads is one whose variants can all be built; problems are
 * reported as "file:line: message" against the study file. */
#ifndef KYODO_STUDY_H
#define KYODO_STUDY_H

#include "kyodo/scenario.h"

#define KY_STUDY_MAX_VARIANTS 256

typedef enum ky_change_kind {
    KY_CHANGE_CLOSE = 0,       /* location closed all day */
    KY_CHANGE_CLOSE_DEPOT,     /* depot closes at `from` */
    KY_CHANGE_DEMAND,          /* amounts x factor, rounded up */
    KY_CHANGE_REMOVE_VEHICLES, /* ids: the vehicles */
    KY_CHANGE_ADD_VEHICLES,    /* count copies of vehicle `target` */
    KY_CHANGE_SLOW_ROADS,      /* minutes to and from an area x factor */
    KY_CHANGE_ADD_DEPOT,       /* depot `target` at location `place` */
    KY_CHANGE_MOVE_VEHICLES    /* ids: the vehicles; place: the depot */
} ky_change_kind;

typedef struct ky_change {
    ky_change_kind kind;
    int line;      /* in the study file */
    char *target;  /* close: location; close-depot: depot; demand:
                      company (NULL: all); add-vehicles: the template
                      vehicle; add-depot: the new depot's id */
    char *place;   /* add-depot: location; add-vehicles: depot (NULL:
                      the template's); move-vehicles: depot */
    char *prefix;  /* add-vehicles: names prefix-1, prefix-2, ... */
    int32_t n_ids;
    char **ids;    /* remove/move-vehicles: vehicles; slow-roads:
                      locations */
    int32_t n_points;
    double *px, *py; /* slow-roads polygon: x (lon), y (lat) */
    bool geo;        /* the polygon is in lat and lon */
    double factor;   /* demand, slow-roads */
    double from;     /* close-depot: minutes */
    ky_window hours; /* add-depot: opening hours */
    int64_t count;   /* add-vehicles */
    double fixed_cost, cost_per_km, cost_per_hour; /* < 0: the template's */
    bool shared, cross_dock; /* add-depot */
    int32_t docks;           /* add-depot: 0 no limit */
    double handling;         /* add-depot: minutes */
    bool emergency;          /* add-vehicles: emergency partners */
} ky_change;

typedef struct ky_variant {
    char *id;   /* a plain file name */
    char *name; /* for people; may be NULL */
    int line;
    int32_t n_changes;
    ky_change *changes;
} ky_variant;

typedef struct ky_study {
    char *file; /* the study file, as given */
    char *name; /* may be NULL */
    char *base_path; /* the base scenario: resolved against the study's
                        folder */
    ky_scenario *base;
    int32_t n_variants;
    ky_variant *variants;
    ky_ctx ctx;
} ky_study;

/* Reads a study and its base scenario (loaded as ky_load_file does).
 * KY_OK, KY_EINPUT (problems in err, naming the study's or the
 * scenario's file and line), KY_EIO, KY_ELIMIT or KY_ENOMEM. */
int ky_study_load(ky_study **out, const char *path, const ky_ctx *ctx,
                  ky_error *err);
void ky_study_free(ky_study *st);

/* The scenario of variant i (0 .. n_variants - 1), or a copy of the base
 * for i = -1, owned by the caller. Shipments the changed fleet cannot
 * serve are allowed (see KY_LOAD_ANY_FLEET): plans list them unassigned
 * with the reason. KY_OK, KY_EINPUT (err names the change's line) or
 * KY_ENOMEM. */
int ky_study_scenario(ky_scenario **out, const ky_study *st, int32_t i,
                      const ky_ctx *ctx, ky_error *err);

/* The study schema compiled into the library, NUL-terminated. */
extern const char ky_study_xsd[];
extern const size_t ky_study_xsd_len;

#endif
