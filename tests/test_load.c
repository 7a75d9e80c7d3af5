/* Tests of the load module: valid files load to the right values; every
 * kind of input error is reported once, with its line; hostile files are
 * refused; I/O errors, size limits and allocation failures fail cleanly.
 * Run from the repository root: paths are relative to it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kyodo.h"
#include "testutil.h"

/* Loads tests/data/<name> into *out; err is initialised here. */
static int load_data(const char *name, ky_scenario **out, ky_error *err)
{
    char path[512];
    ky_error_init(err);
    return ky_load_file(out, ky_test_data(name, path, sizeof path), NULL,
                        err);
}

/* ---- valid files ------------------------------------------------------- */

static void valid_file_loads_settings_ids_and_references(void)
{
    ky_scenario *s;
    ky_error e;
    CU_ASSERT_EQUAL_FATAL(load_data("valid-full.xml", &s, &e), KY_OK);
    CU_ASSERT_EQUAL(e.n, 0);
    CU_ASSERT_STRING_EQUAL(s->file, "tests/data/valid-full.xml");
    CU_ASSERT_STRING_EQUAL(s->name, "full");
    CU_ASSERT_STRING_EQUAL(s->date, "2026-12-01");
    CU_ASSERT_EQUAL(s->settings.distance, KY_DIST_EUCLIDEAN);
    CU_ASSERT_DOUBLE_EQUAL(s->settings.road_factor, 1.25, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s->settings.speed_kmh, 30.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s->settings.default_penalty, 5000.0, 1e-12);
    CU_ASSERT_EQUAL_FATAL(s->n_dims, 2);
    CU_ASSERT_STRING_EQUAL(s->dim_ids[0], "kg");
    CU_ASSERT_STRING_EQUAL(s->dim_ids[1], "pallet");
    CU_ASSERT_EQUAL_FATAL(s->n_companies, 2);
    CU_ASSERT_STRING_EQUAL(s->companies[0].name, "ACME Press Works");
    CU_ASSERT_STRING_EQUAL(s->companies[1].name, "bolt"); /* defaults */
    CU_ASSERT_EQUAL(s->companies[1].line, 12);
    CU_ASSERT_EQUAL_FATAL(s->n_locations, 3);
    const ky_location *plant = &s->locations[1];
    CU_ASSERT_STRING_EQUAL(plant->id, "acme-plant");
    CU_ASSERT_STRING_EQUAL(plant->name, "ACME plant");
    CU_ASSERT_PTR_NULL(s->locations[2].name);
    CU_ASSERT_TRUE(s->locations[2].has_coords);
    CU_ASSERT_DOUBLE_EQUAL(s->locations[2].x, -6.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s->locations[2].y, 8.5, 1e-12);
    CU_ASSERT_EQUAL(plant->line, 16);
    CU_ASSERT_PTR_NULL(s->matrix.km);
    CU_ASSERT_EQUAL_FATAL(s->n_depots, 2);
    const ky_depot *hub = &s->depots[0], *yard = &s->depots[1];
    CU_ASSERT_EQUAL(hub->location, 0);
    CU_ASSERT_EQUAL(hub->company, -1);
    CU_ASSERT_TRUE(hub->shared && hub->cross_dock);
    CU_ASSERT_DOUBLE_EQUAL(hub->hours.open, 360.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(hub->hours.close, 1200.0, 1e-9);
    CU_ASSERT_EQUAL(yard->company, 0);
    CU_ASSERT_FALSE(yard->shared || yard->cross_dock);
    CU_ASSERT_DOUBLE_EQUAL(yard->hours.open, 0.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(yard->hours.close, KY_TIME_INF, 1e-9);
    /* The line where a start tag begins, also when it spans lines. */
    CU_ASSERT_EQUAL(hub->line, 20);
    ky_scenario_free(s);
}

static void valid_file_expands_vehicle_counts_and_numbers_skills(void)
{
    ky_scenario *s;
    ky_error e;
    CU_ASSERT_EQUAL_FATAL(load_data("valid-full.xml", &s, &e), KY_OK);
    CU_ASSERT_EQUAL_FATAL(s->n_vehicles, 4);
    const ky_vehicle *v = &s->vehicles[0];
    CU_ASSERT_STRING_EQUAL(v->id, "acme-4t");
    CU_ASSERT_EQUAL(v->company, 0);
    CU_ASSERT_EQUAL(v->start_depot, 1);
    CU_ASSERT_EQUAL(v->end_depot, 0);
    CU_ASSERT_DOUBLE_EQUAL(v->shift.open, 420.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v->shift.close, 1050.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v->fixed_cost, 8000.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v->cost_per_km, 45.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v->cost_per_hour, 2500.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v->co2_kg_per_km, 0.52, 1e-12);
    CU_ASSERT_EQUAL(v->capacity[0], 4000);
    CU_ASSERT_EQUAL(v->capacity[1], 10);
    CU_ASSERT_EQUAL(v->line, 25);
    /* Skills are numbered in the order first seen. */
    CU_ASSERT_EQUAL_FATAL(s->n_skills, 3);
    CU_ASSERT_STRING_EQUAL(s->skill_names[0], "tail-lift");
    CU_ASSERT_STRING_EQUAL(s->skill_names[1], "cold");
    CU_ASSERT_STRING_EQUAL(s->skill_names[2], "crane");
    CU_ASSERT_EQUAL(v->skills, UINT64_C(0x3));
    const char *ids[] = {"pool-1", "pool-2", "pool-3"};
    for (int i = 1; i <= 3; i++) {
        const ky_vehicle *p = &s->vehicles[i];
        CU_ASSERT_STRING_EQUAL(p->id, ids[i - 1]);
        CU_ASSERT_EQUAL(p->company, -1);
        CU_ASSERT_EQUAL(p->start_depot, 0);
        CU_ASSERT_EQUAL(p->end_depot, 0); /* defaults to start */
        CU_ASSERT_DOUBLE_EQUAL(p->shift.open, 0.0, 1e-9);
        CU_ASSERT_DOUBLE_EQUAL(p->shift.close, KY_TIME_INF, 1e-9);
        CU_ASSERT_EQUAL(p->capacity[0], 2000);
        CU_ASSERT_EQUAL(p->skills, UINT64_C(0x6));
        CU_ASSERT_EQUAL(p->line, 30);
    }
    ky_scenario_free(s);
}

static void valid_file_loads_stops_windows_amounts_and_penalties(void)
{
    ky_scenario *s;
    ky_error e;
    CU_ASSERT_EQUAL_FATAL(load_data("valid-full.xml", &s, &e), KY_OK);
    CU_ASSERT_EQUAL_FATAL(s->n_shipments, 3);
    const ky_shipment *a = &s->shipments[0];
    CU_ASSERT_EQUAL(a->company, 0);
    CU_ASSERT_DOUBLE_EQUAL(a->penalty, 70000.0, 1e-9);
    CU_ASSERT_EQUAL(a->skills, UINT64_C(0x4));
    CU_ASSERT_EQUAL(a->pickup.site, KY_SITE_LOCATION);
    CU_ASSERT_EQUAL(a->pickup.location, 2);
    CU_ASSERT_EQUAL(a->pickup.depot, -1);
    /* Given as "13:00-15:00 08:00-10:00": sorted by open. */
    CU_ASSERT_EQUAL_FATAL(a->pickup.n_windows, 2);
    CU_ASSERT_DOUBLE_EQUAL(a->pickup.windows[0].open, 480.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(a->pickup.windows[0].close, 600.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(a->pickup.windows[1].open, 780.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(a->pickup.service, 10.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(a->delivery.service, 15.5, 1e-9);
    CU_ASSERT_EQUAL(a->amount[0], 350);
    CU_ASSERT_EQUAL(a->amount[1], 1);
    CU_ASSERT_EQUAL(a->line, 35);
    CU_ASSERT_EQUAL(a->pickup.line, 36);
    CU_ASSERT_EQUAL(a->delivery.line, 38);

    const ky_shipment *b = &s->shipments[1];
    CU_ASSERT_DOUBLE_EQUAL(b->penalty, 5000.0, 1e-9); /* the default */
    CU_ASSERT_EQUAL(b->pickup.site, KY_SITE_DEPOT);
    CU_ASSERT_EQUAL(b->pickup.depot, 0);
    CU_ASSERT_EQUAL(b->pickup.location, 0); /* the depot's location */
    CU_ASSERT_EQUAL(b->pickup.n_windows, 1);
    CU_ASSERT_DOUBLE_EQUAL(b->pickup.windows[0].open, 0.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(b->pickup.windows[0].close, KY_TIME_INF, 1e-9);
    CU_ASSERT_EQUAL(b->amount[0], 0); /* not given */
    CU_ASSERT_EQUAL(b->amount[1], 2);

    const ky_shipment *c = &s->shipments[2];
    CU_ASSERT_EQUAL(c->company, -1);
    CU_ASSERT_EQUAL(c->delivery.site, KY_SITE_DEPOT);
    CU_ASSERT_EQUAL(c->delivery.depot, 0);
    CU_ASSERT_DOUBLE_EQUAL(c->delivery.windows[0].close, 1140.0, 1e-9);
    ky_scenario_free(s);
}

static void haversine_file_reads_lon_as_x_and_lat_as_y(void)
{
    ky_scenario *s;
    ky_error e;
    CU_ASSERT_EQUAL_FATAL(load_data("valid-haversine.xml", &s, &e), KY_OK);
    CU_ASSERT_EQUAL(s->settings.distance, KY_DIST_HAVERSINE);
    CU_ASSERT_DOUBLE_EQUAL(s->settings.road_factor, 1.3, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s->settings.speed_kmh, 35.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s->settings.default_penalty, 1e6, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(s->shipments[0].penalty, 1e6, 1e-6);
    /* x and y are given too, but haversine uses lat and lon. */
    const ky_location *plant = &s->locations[1];
    CU_ASSERT_TRUE(plant->has_coords);
    CU_ASSERT_DOUBLE_EQUAL(plant->x, 137.72, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(plant->y, 34.78, 1e-12);
    ky_scenario_free(s);
}

static void matrix_file_stores_rows_in_location_order(void)
{
    ky_scenario *s;
    ky_error e;
    CU_ASSERT_EQUAL_FATAL(load_data("valid-matrix.xml", &s, &e), KY_OK);
    CU_ASSERT_EQUAL(s->settings.distance, KY_DIST_MATRIX);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s->matrix.km);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s->matrix.minutes);
    /* Rows came as c, hub-site, b; locations are hub-site, b, c. */
    const double km[9] = {0, 1, 2, 3, 0, 4.5, 7, 8, 0};
    const double min[9] = {0, 10, 20, 30, 0, 45, 70, 80, 0};
    for (int k = 0; k < 9; k++) {
        CU_ASSERT_DOUBLE_EQUAL(s->matrix.km[k], km[k], 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(s->matrix.minutes[k], min[k], 1e-12);
    }
    CU_ASSERT_FALSE(s->locations[0].has_coords);
    CU_ASSERT_TRUE(s->locations[2].has_coords);
    CU_ASSERT_DOUBLE_EQUAL(s->locations[2].x, 137.7, 1e-12);
    ky_scenario_free(s);
}

/* ---- one file per input error ----------------------------------------- */

typedef struct error_case {
    const char *file; /* in tests/data */
    int line;
    const char *phrase; /* part of the message */
} error_case;

/* Each file holds exactly one problem: `code` with that line and phrase,
 * *out NULL. Failures name the file. */
static void expect_errors(const error_case *cases, int code)
{
    for (const error_case *c = cases; c->file; c++) {
        ky_scenario *s = (ky_scenario *)&s; /* must become NULL */
        ky_error e;
        int rc = load_data(c->file, &s, &e);
        char path[512], got[KY_ERROR_MSG_LEN + 600], why[2048];
        ky_test_data(c->file, path, sizeof path);
        ky_error_format(&e, 0, got, sizeof got);
        bool ok = rc == code && s == NULL && ky_error_count(&e) == 1 &&
                  e.items[0].line == c->line &&
                  strcmp(e.items[0].file, path) == 0 &&
                  strstr(e.items[0].msg, c->phrase) != NULL;
        snprintf(why, sizeof why,
                 "%s: want code %d, line %d, \"%s\"; got code %d, "
                 "%d errors, first \"%s\"",
                 c->file, code, c->line, c->phrase, rc, ky_error_count(&e),
                 got);
        CU_assertImplementation(ok, __LINE__, why, __FILE__, "", CU_FALSE);
        if (rc == KY_OK)
            ky_scenario_free(s);
    }
}

static void duplicate_ids_of_each_kind_name_the_first_definition(void)
{
    static const error_case cases[] = {
        {"duplicate-location-id.xml", 10,
         "location 'a' is already defined at line 9"},
        {"duplicate-depot-id.xml", 13,
         "depot 'hub' is already defined at line 12"},
        {"duplicate-company-id.xml", 9,
         "company 'acme' is already defined at line 8"},
        {"duplicate-vehicle-id-after-count.xml", 18,
         "vehicle 'v-2' is already defined at line 15"},
        {"duplicate-shipment-id.xml", 24,
         "shipment 's' is already defined at line 20"},
        {"duplicate-dimension-id.xml", 6,
         "dimension 'kg' is already defined at line 5"},
        {NULL, 0, NULL}};
    expect_errors(cases, KY_EINPUT);
}

static void unknown_references_name_the_missing_id(void)
{
    static const error_case cases[] = {
        {"unknown-depot-location.xml", 12,
         "depot 'hub': location 'nowhere' is not defined"},
        {"unknown-depot-company.xml", 15,
         "depot 'hub': company 'nobody' is not defined"},
        {"unknown-vehicle-company.xml", 15,
         "vehicle 'v': company 'nobody' is not defined"},
        {"unknown-start-depot.xml", 15,
         "vehicle 'v': start depot 'north' is not defined"},
        {"unknown-end-depot.xml", 15,
         "vehicle 'v': end depot 'north' is not defined"},
        {"unknown-shipment-company.xml", 20,
         "shipment 's': company 'nobody' is not defined"},
        {"unknown-pickup-location.xml", 21,
         "shipment 's': pickup location 'nowhere' is not defined"},
        {"unknown-delivery-depot.xml", 22,
         "shipment 's': delivery depot 'nowhere' is not defined"},
        {"unknown-matrix-row-location.xml", 15,
         "matrix row: from location 'nowhere' is not defined"},
        {NULL, 0, NULL}};
    expect_errors(cases, KY_EINPUT);
}

static void amounts_must_be_integers_of_defined_dimensions(void)
{
    static const error_case cases[] = {
        {"unknown-capacity-dimension.xml", 16,
         "vehicle 'v': capacity 'kgs' is not a dimension"},
        {"unknown-amount-dimension.xml", 23,
         "shipment 's': amount 'pallet' is not a dimension"},
        {"capacity-missing-dimension.xml", 17,
         "vehicle 'v': capacity for 'pallet' is missing"},
        {"amount-not-an-integer.xml", 23,
         "shipment 's': amount kg='1.5' is not a non-negative integer"},
        {"capacity-over-int64.xml", 16,
         "capacity kg='99999999999999999999' is not a non-negative"},
        {NULL, 0, NULL}};
    expect_errors(cases, KY_EINPUT);
}

static void stops_need_exactly_one_of_location_and_depot(void)
{
    static const error_case cases[] = {
        {"stop-with-both-location-and-depot.xml", 21,
         "pickup gives both location 'a' and depot 'hub'"},
        {"stop-with-neither-location-nor-depot.xml", 22,
         "delivery gives neither a location nor a depot"},
        {NULL, 0, NULL}};
    expect_errors(cases, KY_EINPUT);
}

static void windows_shifts_and_hours_must_not_be_empty_or_overlap(void)
{
    static const error_case cases[] = {
        {"window-closes-before-opens.xml", 22,
         "delivery window 12:00-08:00 closes before it opens"},
        {"overlapping-windows.xml", 22,
         "delivery windows 08:00-10:00 and 09:30-11:00 overlap"},
        {"depot-stop-with-two-windows.xml", 21,
         "pickup at a depot takes one window, not 2"},
        {"shift-ends-before-start.xml", 15,
         "vehicle 'v': shift 17:00-07:00 ends before it starts"},
        {"depot-closes-before-opens.xml", 12,
         "depot 'hub': closes at 06:00, before it opens at 20:00"},
        {NULL, 0, NULL}};
    expect_errors(cases, KY_EINPUT);
}

static void distance_model_needs_its_coordinates_or_matrix(void)
{
    static const error_case cases[] = {
        {"euclidean-location-without-xy.xml", 9,
         "location 'a': euclidean distance needs x and y"},
        {"haversine-location-without-lat-lon.xml", 10,
         "location 'a': haversine distance needs lat and lon"},
        {"matrix-missing.xml", 4,
         "distance 'matrix' needs a <matrix> element"},
        {"matrix-row-missing.xml", 12,
         "matrix has no row from location 'a'"},
        {"matrix-row-wrong-length.xml", 14,
         "matrix row from 'a': km has 3 values, expected 2"},
        {"matrix-row-repeated.xml", 15,
         "matrix row from 'a' is already given at line 13"},
        {"matrix-with-euclidean-distance.xml", 11,
         "a <matrix> is given but distance is not 'matrix'"},
        {NULL, 0, NULL}};
    expect_errors(cases, KY_EINPUT);
}

static void shipments_no_vehicle_can_serve_are_reported(void)
{
    static const error_case cases[] = {
        {"amount-over-every-capacity.xml", 20,
         "shipment 's': amount kg=11 is more than any vehicle carries "
         "(largest capacity 10)"},
        {"amount-over-capacity-at-once.xml", 24,
         "shipment 's': no vehicle can carry kg=5 and pallet=5 at once"},
        {"skill-no-vehicle-has.xml", 20,
         "shipment 's' needs skill 'cold', which no vehicle has"},
        {"pickup-depot-no-vehicle-starts-at.xml", 22,
         "loaded at depot 'south', but no vehicle starts there"},
        {"delivery-depot-no-vehicle-ends-at.xml", 23,
         "unloaded at depot 'south', but no vehicle ends there"},
        {NULL, 0, NULL}};
    expect_errors(cases, KY_EINPUT);
}

static void delivery_unreachable_from_pickup_names_windows_and_travel(void)
{
    static const error_case cases[] = {
        {"delivery-unreachable-from-pickup.xml", 22,
         "shipment 's': delivery window 08:00-08:30 cannot be reached from "
         "pickup window 08:00-09:00 (08:00 + 10 min service + 60 min "
         "travel = 09:10)"},
        {NULL, 0, NULL}};
    expect_errors(cases, KY_EINPUT);
}

static void counts_over_the_limits_stop_with_a_limit_error(void)
{
    static const error_case cases[] = {
        {"vehicle-count-over-limit.xml", 21,
         "more than 2000 vehicles once count= is expanded"},
        {"too-many-skills.xml", 15, "more than 64 distinct skills"},
        {NULL, 0, NULL}};
    expect_errors(cases, KY_ELIMIT);
}

/* ---- several errors, malformed and hostile files ----------------------- */

/* The formatted entries, one a line. */
static void format_all(const ky_error *e, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < e->n && used < size; i++) {
        char line[KY_ERROR_MSG_LEN + 600];
        int k = snprintf(buf + used, size - used, "%s\n",
                         ky_error_format(e, i, line, sizeof line));
        used += k > 0 ? (size_t)k : 0;
    }
}

static void several_errors_are_all_reported_in_line_order(void)
{
    ky_scenario *s;
    ky_error e;
    CU_ASSERT_EQUAL(load_data("several-errors.xml", &s, &e), KY_EINPUT);
    CU_ASSERT_PTR_NULL(s);
    char got[4096];
    format_all(&e, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(
        got,
        "tests/data/several-errors.xml:10: location 'a' is already defined "
        "at line 9\n"
        "tests/data/several-errors.xml:16: vehicle 'v': shift 17:00-07:00 "
        "ends before it starts\n"
        "tests/data/several-errors.xml:22: shipment 's': pickup location "
        "'nowhere' is not defined\n"
        "tests/data/several-errors.xml:23: shipment 's': delivery window "
        "12:00-08:00 closes before it opens\n");
}

static void malformed_xml_is_reported_with_its_line(void)
{
    ky_scenario *s;
    ky_error e;
    CU_ASSERT_EQUAL(load_data("malformed-xml.xml", &s, &e), KY_EINPUT);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_FATAL(e.n >= 1);
    CU_ASSERT_EQUAL(e.items[0].line, 9);
    CU_ASSERT_STRING_EQUAL(e.items[0].msg, "Opening and ending tag mismatch: "
                                           "location line 8 and locations");
    /* An empty document too. */
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_load_memory(&s, "", 0, "empty.xml", NULL, &e),
                    KY_EINPUT);
    CU_ASSERT_EQUAL(e.n, 1);
    CU_ASSERT_EQUAL(e.items[0].line, 1);
    CU_ASSERT_STRING_EQUAL(e.items[0].file, "empty.xml");
}

static void schema_violation_is_reported_with_its_line_in_plain_words(void)
{
    ky_scenario *s;
    ky_error e;
    CU_ASSERT_EQUAL(load_data("schema-violation.xml", &s, &e), KY_EINPUT);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_EQUAL_FATAL(e.n, 1);
    CU_ASSERT_EQUAL(e.items[0].line, 15);
    CU_ASSERT_STRING_EQUAL(e.items[0].msg, "element 'vehicle': The attribute "
                                           "'start' is required but missing.");
}

static void schema_errors_name_the_path_as_given(void)
{
    /* libxml2 reports such a path URI-escaped ("with%20space.xml"). */
    char dir[256], src[512], path[512];
    ky_test_tmpdir(dir, sizeof dir);
    CU_ASSERT_FATAL(dir[0] != '\0');
    snprintf(path, sizeof path, "%s/with space.xml", dir);
    char *text = ky_test_read_file(
        ky_test_data("schema-violation.xml", src, sizeof src), NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_EQUAL(ky_test_write_file(path, text), 0);
    free(text);
    ky_scenario *s;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_load_file(&s, path, NULL, &e), KY_EINPUT);
    CU_ASSERT_EQUAL(e.n, 1);
    CU_ASSERT_STRING_EQUAL(e.items[0].file, path);
    ky_test_rmtree(dir);
}

static void root_outside_the_scenario_namespace_is_refused(void)
{
    static const error_case cases[] = {
        {"wrong-root.xml", 3,
         "the root element must be <scenario xmlns=\"urn:kyodo:scenario:1\">"},
        {NULL, 0, NULL}};
    expect_errors(cases, KY_EINPUT);
}

static void doctype_entity_bomb_and_external_entity_are_refused(void)
{
    /* Refused at the DOCTYPE: one message, nothing expanded or read (an
     * expansion or /etc/passwd would show in a second message). */
    static const error_case cases[] = {
        {"doctype.xml", 3, "DOCTYPE is not allowed in a scenario"},
        {"billion-laughs.xml", 3, "DOCTYPE is not allowed in a scenario"},
        {"external-entity.xml", 3, "DOCTYPE is not allowed in a scenario"},
        {NULL, 0, NULL}};
    expect_errors(cases, KY_EINPUT);
}

/* ---- files that cannot be read, limits -------------------------------- */

static void missing_file_is_an_io_error_naming_the_path(void)
{
    ky_scenario *s = (ky_scenario *)&s;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_load_file(&s, "tests/data/no-such-file.xml", NULL, &e),
                    KY_EIO);
    CU_ASSERT_PTR_NULL(s);
    char buf[1024];
    CU_ASSERT_STRING_EQUAL(ky_error_format(&e, 0, buf, sizeof buf),
                           "tests/data/no-such-file.xml: cannot open: No "
                           "such file or directory");
}

static void unreadable_file_is_an_io_error_naming_the_path(void)
{
    ky_scenario *s = (ky_scenario *)&s;
    ky_error e;
    ky_error_init(&e);
    /* A folder opens (on Linux) but cannot be read, even by root. */
    CU_ASSERT_EQUAL(ky_load_file(&s, "tests/data", NULL, &e), KY_EIO);
    CU_ASSERT_PTR_NULL(s);
    char buf[1024];
    CU_ASSERT_STRING_EQUAL(ky_error_format(&e, 0, buf, sizeof buf),
                           "tests/data: cannot read: Is a directory");
}

static void file_over_the_size_limit_is_refused_unread(void)
{
    /* A sparse file: no disk space, and nothing is read. */
    char dir[256], path[512];
    ky_test_tmpdir(dir, sizeof dir);
    CU_ASSERT_FATAL(dir[0] != '\0');
    snprintf(path, sizeof path, "%s/huge.xml", dir);
    CU_ASSERT_EQUAL_FATAL(ky_test_write_file(path, "<"), 0);
    CU_ASSERT_EQUAL_FATAL(truncate(path, KY_MAX_FILE_BYTES + 1), 0);
    ky_scenario *s = (ky_scenario *)&s;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_load_file(&s, path, NULL, &e), KY_ELIMIT);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_EQUAL(e.n, 1);
    CU_ASSERT_STRING_EQUAL(e.items[0].file, path);
    CU_ASSERT_STRING_EQUAL(e.items[0].msg,
                           "file is larger than the limit of 256 MiB");
    ky_test_rmtree(dir);
}

static void locations_over_the_limit_stop_with_a_limit_error(void)
{
    const int n = KY_MAX_LOCATIONS + 1;
    size_t size = (size_t)n * 48 + 1024, used = 0;
    char *xml = malloc(size);
    CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
    used += (size_t)snprintf(xml, size,
                             "<scenario xmlns=\"urn:kyodo:scenario:1\">\n"
                             "<dimensions><dimension id=\"kg\"/></dimensions>\n"
                             "<locations>\n");
    for (int i = 0; i < n; i++)
        used += (size_t)snprintf(xml + used, size - used,
                                 "<location id=\"l%d\" x=\"0\" y=\"0\"/>\n",
                                 i);
    snprintf(xml + used, size - used,
             "</locations>\n<depots><depot id=\"d\" location=\"l0\"/></depots>\n"
             "<vehicles><vehicle id=\"v\" start=\"d\"><capacity kg=\"1\"/>"
             "</vehicle></vehicles>\n<shipments/>\n</scenario>\n");
    ky_scenario *s = (ky_scenario *)&s;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_load_memory(&s, xml, strlen(xml), "many.xml", NULL, &e),
                    KY_ELIMIT);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_EQUAL(e.n, 1);
    CU_ASSERT_EQUAL(e.items[0].line, 3);
    CU_ASSERT_STRING_EQUAL(e.items[0].msg, "more than 20000 locations");
    free(xml);
}

/* ---- in-memory checks, allocation failures, the error sample ---------- */

static void validate_checks_scenarios_built_in_memory(void)
{
    ky_scenario *s;
    ky_error e;
    CU_ASSERT_EQUAL_FATAL(load_data("valid-full.xml", &s, &e), KY_OK);
    CU_ASSERT_EQUAL(ky_scenario_validate(s, &e), KY_OK);
    CU_ASSERT_EQUAL(e.n, 0);
    /* Made in memory: no file name, no lines. */
    s->file[0] = '\0';
    s->depots[1].line = s->vehicles[1].line = 0;
    s->shipments[0].delivery.line = 0;
    s->depots[1].location = -1;
    s->vehicles[1].start_depot = 7;
    s->shipments[0].delivery.windows[0] = (ky_window){600.0, 540.0};
    CU_ASSERT_EQUAL(ky_scenario_validate(s, &e), KY_EINPUT);
    char got[2048];
    format_all(&e, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got,
                           "depot 'acme-yard': location is not set\n"
                           "vehicle 'pool-1': start depot index 7 is out of "
                           "range (2 defined)\n"
                           "shipment 'PO-1': delivery window 10:00-09:00 "
                           "closes before it opens\n");
    ky_scenario_free(s);
}

typedef struct fail_alloc {
    int64_t calls;   /* allocations and reallocations so far */
    int64_t fail_at; /* the one that fails */
    int64_t live;    /* blocks not freed */
} fail_alloc;

static void *failing_alloc(void *ud, void *ptr, size_t size)
{
    fail_alloc *f = ud;
    if (size == 0) {
        f->live -= ptr != NULL;
        free(ptr);
        return NULL;
    }
    if (++f->calls == f->fail_at)
        return NULL;
    void *p = realloc(ptr, size);
    f->live += p != NULL && ptr == NULL;
    return p;
}

/* Fails allocation 1, 2, ... until loading succeeds: each failure is
 * KY_ENOMEM with *out NULL and nothing left allocated. */
static void load_fails_cleanly_at_every_allocation(const char *name)
{
    char path[512];
    ky_test_data(name, path, sizeof path);
    int64_t n;
    for (n = 1; n < 100000; n++) {
        fail_alloc f = {0, n, 0};
        ky_ctx ctx;
        ky_ctx_init(&ctx);
        ctx.alloc = failing_alloc;
        ctx.alloc_ud = &f;
        ky_scenario *s = (ky_scenario *)&s;
        ky_error e;
        ky_error_init(&e);
        int rc = ky_load_file(&s, path, &ctx, &e);
        if (rc == KY_OK) {
            CU_ASSERT(f.calls < n); /* no failure was swallowed */
            ky_scenario_free(s);
            CU_ASSERT_EQUAL(f.live, 0);
            break;
        }
        CU_ASSERT_EQUAL(rc, KY_ENOMEM);
        CU_ASSERT_PTR_NULL(s);
        CU_ASSERT_EQUAL(f.live, 0);
        if (rc != KY_ENOMEM || s != NULL || f.live != 0) {
            fprintf(stderr, "%s: allocation %lld\n", name, (long long)n);
            break;
        }
    }
    CU_ASSERT(n > 10 && n < 100000);
}

static void out_of_memory_at_any_allocation_fails_cleanly(void)
{
    load_fails_cleanly_at_every_allocation("valid-full.xml");
    load_fails_cleanly_at_every_allocation("valid-matrix.xml");
}

static void error_sample_reports_exactly_the_expected_lines(void)
{
    char path[512];
    char *want = ky_test_read_file(
        ky_test_data("errors.expected", path, sizeof path), NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    ky_scenario *s;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_load_file(&s, "samples/errors.xml", NULL, &e),
                    KY_EINPUT);
    CU_ASSERT(e.n >= 8);
    char got[16384];
    format_all(&e, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, want);
    free(want);
}

int ky_test_suite_load(void)
{
    static const ky_test_case cases[] = {
#define CASE(fn) {#fn, fn}
        CASE(valid_file_loads_settings_ids_and_references),
        CASE(valid_file_expands_vehicle_counts_and_numbers_skills),
        CASE(valid_file_loads_stops_windows_amounts_and_penalties),
        CASE(haversine_file_reads_lon_as_x_and_lat_as_y),
        CASE(matrix_file_stores_rows_in_location_order),
        CASE(duplicate_ids_of_each_kind_name_the_first_definition),
        CASE(unknown_references_name_the_missing_id),
        CASE(amounts_must_be_integers_of_defined_dimensions),
        CASE(stops_need_exactly_one_of_location_and_depot),
        CASE(windows_shifts_and_hours_must_not_be_empty_or_overlap),
        CASE(distance_model_needs_its_coordinates_or_matrix),
        CASE(shipments_no_vehicle_can_serve_are_reported),
        CASE(delivery_unreachable_from_pickup_names_windows_and_travel),
        CASE(counts_over_the_limits_stop_with_a_limit_error),
        CASE(several_errors_are_all_reported_in_line_order),
        CASE(malformed_xml_is_reported_with_its_line),
        CASE(schema_violation_is_reported_with_its_line_in_plain_words),
        CASE(schema_errors_name_the_path_as_given),
        CASE(root_outside_the_scenario_namespace_is_refused),
        CASE(doctype_entity_bomb_and_external_entity_are_refused),
        CASE(missing_file_is_an_io_error_naming_the_path),
        CASE(unreadable_file_is_an_io_error_naming_the_path),
        CASE(file_over_the_size_limit_is_refused_unread),
        CASE(locations_over_the_limit_stop_with_a_limit_error),
        CASE(validate_checks_scenarios_built_in_memory),
        CASE(out_of_memory_at_any_allocation_fails_cleanly),
        CASE(error_sample_reports_exactly_the_expected_lines),
#undef CASE
        {NULL, NULL}};
    return ky_test_register("load", cases);
}
