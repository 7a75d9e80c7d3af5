/* Tests of ky_scenario_save: the XML text of scenarios built in memory
 * (every feature; an explicit matrix), validity against the compiled-in
 * schema, determinism, failure without leftovers, imported benchmarks
 * keeping every value exactly, and the shipped samples' validity. The
 * loader is not used: values are read back with libxml2 directly. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "kyodo.h"
#include "testutil.h"

/* 0 when the file is valid against models/scenario.xsd. */
static int schema_check(const char *path)
{
    xmlSchemaParserCtxtPtr pc =
        xmlSchemaNewMemParserCtxt(ky_scenario_xsd, (int)ky_scenario_xsd_len);
    xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
    xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    int rc = vc && doc ? xmlSchemaValidateDoc(vc, doc) : -1;
    xmlFreeDoc(doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return rc;
}

/* Saves s into a fresh folder; returns the text (caller frees) and the
 * path in `path`, the folder in `dir`. */
static char *save_text(const ky_scenario *s, char *dir, size_t dir_size,
                       char *path, size_t path_size)
{
    ky_test_tmpdir(dir, dir_size);
    CU_ASSERT_FATAL(dir[0] != '\0');
    snprintf(path, path_size, "%s/scenario.xml", dir);
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_scenario_save(s, path, NULL, &e), KY_OK);
    CU_ASSERT_EQUAL(e.n, 0);
    return ky_test_read_file(path, NULL);
}

static void expect_text(const char *text, const char *needle)
{
    CU_ASSERT_PTR_NOT_NULL(strstr(text, needle));
    if (strstr(text, needle) == NULL)
        fprintf(stderr, "\n  missing: %s", needle);
}

/* ---- a scenario with every feature ---------------------------------- */

static void set_stop(ky_stop_spec *st, ky_stop_site site, int32_t location,
                     int32_t depot, double open, double close,
                     double service)
{
    *st = (ky_stop_spec){.site = site, .location = location,
                         .depot = depot, .n_windows = 1,
                         .service = service};
    st->windows[0] = (ky_window){open, close};
}

static void add_places(ky_scenario *s)
{
    ky_ctx *c = &s->ctx;
    s->companies = ky_calloc(c, 2, sizeof *s->companies);
    s->locations = ky_calloc(c, 4, sizeof *s->locations);
    s->depots = ky_calloc(c, 2, sizeof *s->depots);
    CU_ASSERT_FATAL(s->companies && s->locations && s->depots);
    s->n_companies = 2;
    s->companies[0] = (ky_company){.id = ky_strdup(c, "tenryu"),
                                   .name = ky_strdup(c, "天竜精密工業")};
    s->companies[1] = (ky_company){
        .id = ky_strdup(c, "sanaru"),
        .name = ky_strdup(c, "佐鳴プレス \"A&B\"")};
    static const struct { const char *id, *name; double lat, lon; } l[4] = {
        {"center", "遠州共同物流センター", 34.748, 137.77},
        {"tenryu-plant", "天竜精密工業 本社工場", 34.84, 137.8},
        {"supplier", "中田島金属材料", 34.6651234567, 137.745},
        {"sanaru-plant", NULL, 34.71, 137.68}};
    s->n_locations = 4;
    for (int i = 0; i < 4; i++)
        s->locations[i] = (ky_location){
            .id = ky_strdup(c, l[i].id), .name = ky_strdup(c, l[i].name),
            .x = l[i].lon, .y = l[i].lat, .has_coords = true,
            .closed = i == 2};
    s->n_depots = 2;
    s->depots[0] = (ky_depot){.id = ky_strdup(c, "center"), .location = 0,
                              .company = -1, .shared = true,
                              .cross_dock = true, .hours = {360, 1200}};
    s->depots[1] = (ky_depot){.id = ky_strdup(c, "tenryu-depot"),
                              .location = 1, .company = 0,
                              .hours = {0, KY_TIME_INF}};
}

static void add_vehicles(ky_scenario *s)
{
    ky_ctx *c = &s->ctx;
    s->vehicles = ky_calloc(c, 2, sizeof *s->vehicles);
    CU_ASSERT_FATAL(s->vehicles != NULL);
    s->n_vehicles = 2;
    s->vehicles[0] = (ky_vehicle){
        .id = ky_strdup(c, "van-1"), .company = -1, .shift = {480, 1080},
        .capacity = {350, 1}, .fixed_cost = 5000, .cost_per_km = 35,
        .cost_per_hour = 2000, .co2_kg_per_km = 0.2};
    s->vehicles[1] = (ky_vehicle){
        .id = ky_strdup(c, "t4-1"), .company = 0, .start_depot = 1,
        .end_depot = 0, .shift = {0, KY_TIME_INF}, .capacity = {4000, 10},
        .fixed_cost = 8000, .cost_per_km = 45.5, .cost_per_hour = 2500,
        .co2_kg_per_km = 0.52, .skills = 3};
}

static void add_shipments(ky_scenario *s)
{
    ky_ctx *c = &s->ctx;
    ky_shipment *sh = ky_calloc(c, 3, sizeof *sh);
    CU_ASSERT_FATAL(sh != NULL);
    s->shipments = sh;
    s->n_shipments = 3;
    /* A delivery from the center with two windows at the plant. */
    sh[0] = (ky_shipment){.id = ky_strdup(c, "PO-1"), .company = 0,
                          .amount = {350, 0}, .penalty = 50000};
    set_stop(&sh[0].pickup, KY_SITE_DEPOT, 0, 0, 360, 600, 10);
    set_stop(&sh[0].delivery, KY_SITE_LOCATION, 1, -1, 480, 600, 15);
    sh[0].delivery.n_windows = 2;
    sh[0].delivery.windows[1] = (ky_window){780, 900};
    /* A consolidated pickup unloaded at the center. */
    sh[1] = (ky_shipment){.id = ky_strdup(c, "PO-2"), .company = -1,
                          .amount = {120, 1}, .penalty = 1e6};
    set_stop(&sh[1].pickup, KY_SITE_LOCATION, 2, -1, 540, 720, 5.5);
    set_stop(&sh[1].delivery, KY_SITE_DEPOT, 0, 0, 0, KY_TIME_INF, 0);
    /* A direct run that needs a tail-lift. */
    sh[2] = (ky_shipment){.id = ky_strdup(c, "PO-3"), .company = 1,
                          .amount = {1500, 4}, .penalty = 100000,
                          .skills = 1};
    set_stop(&sh[2].pickup, KY_SITE_LOCATION, 2, -1, 0, KY_TIME_INF, 0);
    set_stop(&sh[2].delivery, KY_SITE_LOCATION, 3, -1, 600, 1000, 20);
}

static ky_scenario *rich_scenario(void)
{
    ky_scenario *s = NULL;
    CU_ASSERT_EQUAL_FATAL(ky_scenario_new(&s, NULL), KY_OK);
    ky_ctx *c = &s->ctx;
    s->name = ky_strdup(c, "enshu <test> & co");
    s->date = ky_strdup(c, "2026-12-08");
    s->settings.distance = KY_DIST_HAVERSINE;
    s->settings.road_factor = 1.3;
    s->settings.speed_kmh = 32;
    s->n_dims = 2;
    s->dim_ids[0] = ky_strdup(c, "kg");
    s->dim_ids[1] = ky_strdup(c, "pallet");
    s->n_skills = 2;
    s->skill_names[0] = ky_strdup(c, "tail-lift");
    s->skill_names[1] = ky_strdup(c, "cold");
    add_places(s);
    add_vehicles(s);
    add_shipments(s);
    return s;
}

/* Settings, dimensions, companies, locations and depots. */
static void expect_rich_places(const char *text)
{
    expect_text(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<scenario xmlns=\"urn:kyodo:scenario:1\" name=\"enshu "
                "&lt;test&gt; &amp; co\" date=\"2026-12-08\">\n"
                "  <settings distance=\"haversine\" road-factor=\"1.3\" "
                "speed-kmh=\"32\" default-penalty=\"1000000\"/>\n"
                "  <dimensions>\n    <dimension id=\"kg\"/>\n"
                "    <dimension id=\"pallet\"/>\n  </dimensions>\n"
                "  <companies>\n"
                "    <company id=\"tenryu\" name=\"天竜精密工業\"/>\n"
                "    <company id=\"sanaru\" name=\""
                "佐鳴プレス &quot;A&amp;B&quot;\"/>\n"
                "  </companies>\n  <locations>\n");
    expect_text(text, "    <location id=\"center\" name=\""
                "遠州共同物流センター\" "
                "lat=\"34.748\" lon=\"137.77\"/>\n");
    expect_text(text, "    <location id=\"supplier\" name=\""
                "中田島金属材料\" closed=\"true\" "
                "lat=\"34.6651234567\" lon=\"137.745\"/>\n");
    expect_text(text, "    <location id=\"sanaru-plant\" lat=\"34.71\" "
                "lon=\"137.68\"/>\n  </locations>\n  <depots>\n");
    expect_text(text, "    <depot id=\"center\" location=\"center\" "
                "shared=\"true\" cross-dock=\"true\" open=\"06:00\" "
                "close=\"20:00\"/>\n    <depot id=\"tenryu-depot\" "
                "location=\"tenryu-plant\" company=\"tenryu\"/>\n");
}

static void expect_rich_orders(const char *text)
{
    expect_text(text, "    <vehicle id=\"van-1\" start=\"center\" "
                "end=\"center\" shift=\"08:00-18:00\" fixed-cost=\"5000\" "
                "cost-per-km=\"35\" cost-per-hour=\"2000\" "
                "co2-kg-per-km=\"0.2\">\n"
                "      <capacity kg=\"350\" pallet=\"1\"/>\n"
                "    </vehicle>\n");
    expect_text(text, "    <vehicle id=\"t4-1\" company=\"tenryu\" "
                "start=\"tenryu-depot\" end=\"center\" fixed-cost=\"8000\" "
                "cost-per-km=\"45.5\" cost-per-hour=\"2500\" "
                "co2-kg-per-km=\"0.52\" skills=\"tail-lift cold\">\n");
    expect_text(text, "    <shipment id=\"PO-1\" company=\"tenryu\" "
                "penalty=\"50000\">\n      <pickup depot=\"center\" "
                "window=\"06:00-10:00\" service=\"10\"/>\n"
                "      <delivery location=\"tenryu-plant\" "
                "window=\"08:00-10:00 13:00-15:00\" service=\"15\"/>\n"
                "      <amount kg=\"350\"/>\n    </shipment>\n");
    expect_text(text, "    <shipment id=\"PO-2\">\n      <pickup location="
                "\"supplier\" window=\"09:00-12:00\" service=\"5.5\"/>\n"
                "      <delivery depot=\"center\"/>\n"
                "      <amount kg=\"120\" pallet=\"1\"/>\n");
    expect_text(text, "    <shipment id=\"PO-3\" company=\"sanaru\" "
                "penalty=\"100000\" skills=\"tail-lift\">\n      <pickup "
                "location=\"supplier\"/>\n      <delivery location=\""
                "sanaru-plant\" window=\"10:00-16:40\" service=\"20\"/>\n"
                "      <amount kg=\"1500\" pallet=\"4\"/>\n    </shipment>\n"
                "  </shipments>\n</scenario>\n");
}

static void every_feature_is_written(void)
{
    ky_scenario *s = rich_scenario();
    char dir[256], path[512];
    char *text = save_text(s, dir, sizeof dir, path, sizeof path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    expect_rich_places(text);
    expect_rich_orders(text);
    CU_ASSERT_PTR_NULL(strstr(text, "count="));
    CU_ASSERT_EQUAL(schema_check(path), 0);
    free(text);
    ky_scenario_free(s);
    ky_test_rmtree(dir);
}

static void same_scenario_gives_same_bytes(void)
{
    ky_scenario *s = rich_scenario();
    char dir1[256], dir2[256], path[512];
    char *a = save_text(s, dir1, sizeof dir1, path, sizeof path);
    char *b = save_text(s, dir2, sizeof dir2, path, sizeof path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_STRING_EQUAL(a, b);
    free(a);
    free(b);
    ky_scenario_free(s);
    ky_test_rmtree(dir1);
    ky_test_rmtree(dir2);
}

/* ---- an explicit matrix ------------------------------------------------ */

static ky_scenario *matrix_scenario(void)
{
    static const double km[9] = {0, 1.5, 2.25, 1.5, 0, 0.1234567891,
                                 2.25, 0.1234567891, 0};
    ky_scenario *s = NULL;
    CU_ASSERT_EQUAL_FATAL(ky_scenario_new(&s, NULL), KY_OK);
    ky_ctx *c = &s->ctx;
    s->settings.distance = KY_DIST_MATRIX;
    s->n_dims = 1;
    s->dim_ids[0] = ky_strdup(c, "kg");
    s->locations = ky_calloc(c, 3, sizeof *s->locations);
    s->matrix.km = ky_calloc(c, 9, sizeof(double));
    s->matrix.minutes = ky_calloc(c, 9, sizeof(double));
    s->depots = ky_calloc(c, 1, sizeof *s->depots);
    s->vehicles = ky_calloc(c, 1, sizeof *s->vehicles);
    s->shipments = ky_calloc(c, 1, sizeof *s->shipments);
    CU_ASSERT_FATAL(s->locations && s->matrix.km && s->matrix.minutes &&
                    s->depots && s->vehicles && s->shipments);
    s->n_locations = 3;
    for (int i = 0; i < 3; i++) {
        char id[2] = {(char)('a' + i), '\0'};
        /* Coordinates for a map only: the file carries none. */
        s->locations[i] = (ky_location){.id = ky_strdup(c, id), .x = 137.7,
                                        .y = 34.7, .has_coords = true};
    }
    for (int k = 0; k < 9; k++) {
        s->matrix.km[k] = km[k];
        s->matrix.minutes[k] = 2 * km[k];
    }
    s->n_depots = 1;
    s->depots[0] = (ky_depot){.id = ky_strdup(c, "d"), .company = -1,
                              .hours = {0, KY_TIME_INF}};
    s->n_vehicles = 1;
    s->vehicles[0] = (ky_vehicle){.id = ky_strdup(c, "v"), .company = -1,
                                  .shift = {0, KY_TIME_INF},
                                  .capacity = {10}};
    s->n_shipments = 1;
    s->shipments[0] = (ky_shipment){.id = ky_strdup(c, "s"), .company = -1,
                                    .penalty = 1e6};
    set_stop(&s->shipments[0].pickup, KY_SITE_LOCATION, 1, -1, 0,
             KY_TIME_INF, 0);
    set_stop(&s->shipments[0].delivery, KY_SITE_LOCATION, 2, -1, 0,
             KY_TIME_INF, 0);
    return s;
}

static void matrix_rows_are_written_and_defaults_omitted(void)
{
    ky_scenario *s = matrix_scenario();
    char dir[256], path[512];
    char *text = save_text(s, dir, sizeof dir, path, sizeof path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    expect_text(text, "  <settings distance=\"matrix\" road-factor=\"1\" "
                "speed-kmh=\"60\" default-penalty=\"1000000\"/>\n");
    expect_text(text, "    <location id=\"a\"/>\n");
    expect_text(text, "  <matrix>\n    <row from=\"a\" km=\"0 1.5 2.25\" "
                "minutes=\"0 3 4.5\"/>\n    <row from=\"b\" km=\"1.5 0 "
                "0.1234567891\" minutes=\"3 0 0.2469135782\"/>\n");
    expect_text(text, "  </matrix>\n  <depots>\n    <depot id=\"d\" "
                "location=\"a\"/>\n");
    expect_text(text, "    <vehicle id=\"v\" start=\"d\" end=\"d\">\n"
                "      <capacity kg=\"10\"/>\n");
    expect_text(text, "    <shipment id=\"s\">\n      <pickup location="
                "\"b\"/>\n      <delivery location=\"c\"/>\n"
                "    </shipment>\n");
    CU_ASSERT_PTR_NULL(strstr(text, " x="));
    CU_ASSERT_PTR_NULL(strstr(text, " lat="));
    CU_ASSERT_EQUAL(schema_check(path), 0);
    free(text);
    ky_scenario_free(s);
    ky_test_rmtree(dir);
}

/* ---- failures ------------------------------------------------------------ */

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (d == NULL)
        return -1;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

static void save_into_missing_folder_fails_and_leaves_nothing(void)
{
    ky_scenario *s = rich_scenario();
    char dir[256], path[512];
    ky_test_tmpdir(dir, sizeof dir);
    CU_ASSERT_FATAL(dir[0] != '\0');
    snprintf(path, sizeof path, "%s/missing/scenario.xml", dir);
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_scenario_save(s, path, NULL, &e), KY_EIO);
    CU_ASSERT_EQUAL_FATAL(e.n, 1);
    CU_ASSERT_STRING_EQUAL(e.items[0].file, path);
    CU_ASSERT_EQUAL(count_entries(dir), 0);
    ky_scenario_free(s);
    ky_test_rmtree(dir);
}

static void unwritable_dimension_id_is_refused_before_writing(void)
{
    ky_scenario *s = matrix_scenario();
    ky_free(&s->ctx, s->dim_ids[0]);
    s->dim_ids[0] = ky_strdup(&s->ctx, "kg weight");
    char dir[256], path[512];
    ky_test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/scenario.xml", dir);
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_scenario_save(s, path, NULL, &e), KY_EINPUT);
    CU_ASSERT_EQUAL_FATAL(e.n, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[0].msg, "'kg weight'"));
    CU_ASSERT_EQUAL(count_entries(dir), 0);
    ky_scenario_free(s);
    ky_test_rmtree(dir);
}

/* ---- imported benchmarks keep every value ------------------------------ */

static xmlNode *first_child(xmlNode *parent, const char *name)
{
    for (xmlNode *n = parent ? parent->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE &&
            strcmp((const char *)n->name, name) == 0)
            return n;
    return NULL;
}

static xmlNode *next_element(xmlNode *n)
{
    for (n = n ? n->next : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

/* The attribute as a number; `dflt` when absent. */
static double attr_num(xmlNode *n, const char *name, double dflt)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    double x = v ? strtod((const char *)v, NULL) : dflt;
    xmlFree(v);
    return x;
}

static bool attr_is(xmlNode *n, const char *name, const char *want)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    bool same = v && want && strcmp((const char *)v, want) == 0;
    bool both_absent = v == NULL && want == NULL;
    xmlFree(v);
    return same || both_absent;
}

/* One window "HH:MM-HH:MM" of the attribute; "always" when absent. */
static ky_window attr_window(xmlNode *n, const char *name)
{
    ky_window w = {0, KY_TIME_INF};
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *dash = v ? strchr((char *)v, '-') : NULL;
    if (dash) {
        *dash = '\0';
        CU_ASSERT_TRUE(ky_parse_clock((const char *)v, &w.open));
        CU_ASSERT_TRUE(ky_parse_clock(dash + 1, &w.close));
    }
    xmlFree(v);
    return w;
}

static double attr_clock(xmlNode *n, const char *name, double dflt)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    double minutes = dflt;
    if (v)
        CU_ASSERT_TRUE(ky_parse_clock((const char *)v, &minutes));
    xmlFree(v);
    return minutes;
}

static void check_stop(const ky_scenario *s, xmlNode *n,
                       const ky_stop_spec *st)
{
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    bool depot = st->site == KY_SITE_DEPOT;
    CU_ASSERT_TRUE(attr_is(n, "depot", depot ? s->depots[st->depot].id
                                              : NULL));
    CU_ASSERT_TRUE(attr_is(n, "location",
                           depot ? NULL : s->locations[st->location].id));
    ky_window w = attr_window(n, "window");
    CU_ASSERT_EQUAL(w.open, st->windows[0].open);
    CU_ASSERT_EQUAL(w.close, st->windows[0].close);
    CU_ASSERT_EQUAL(attr_num(n, "service", 0), st->service);
}

static void check_shipments(const ky_scenario *s, xmlNode *root)
{
    xmlNode *n = first_child(first_child(root, "shipments"), "shipment");
    for (int32_t i = 0; i < s->n_shipments; i++, n = next_element(n)) {
        const ky_shipment *sh = &s->shipments[i];
        CU_ASSERT_PTR_NOT_NULL_FATAL(n);
        CU_ASSERT_TRUE(attr_is(n, "id", sh->id));
        CU_ASSERT_EQUAL(attr_num(n, "penalty", s->settings.default_penalty),
                        sh->penalty);
        check_stop(s, first_child(n, "pickup"), &sh->pickup);
        check_stop(s, first_child(n, "delivery"), &sh->delivery);
        CU_ASSERT_EQUAL(attr_num(first_child(n, "amount"), "demand", 0),
                        (double)sh->amount[0]);
    }
    CU_ASSERT_PTR_NULL(n);
}

/* Reads the saved file back and compares every value the import set. */
static void check_saved_values(const ky_scenario *s, const char *path)
{
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    xmlNode *root = xmlDocGetRootElement(doc);
    CU_ASSERT_TRUE(attr_is(root, "name", s->name));
    xmlNode *n = first_child(first_child(root, "locations"), "location");
    for (int32_t i = 0; i < s->n_locations; i++, n = next_element(n)) {
        CU_ASSERT_PTR_NOT_NULL_FATAL(n);
        CU_ASSERT_TRUE(attr_is(n, "id", s->locations[i].id));
        CU_ASSERT_EQUAL(attr_num(n, "x", -1), s->locations[i].x);
        CU_ASSERT_EQUAL(attr_num(n, "y", -1), s->locations[i].y);
    }
    n = first_child(first_child(root, "depots"), "depot");
    CU_ASSERT_PTR_NOT_NULL_FATAL(n);
    CU_ASSERT_TRUE(attr_is(n, "location", "0"));
    CU_ASSERT_EQUAL(attr_clock(n, "open", 0), s->depots[0].hours.open);
    CU_ASSERT_EQUAL(attr_clock(n, "close", KY_TIME_INF),
                    s->depots[0].hours.close);
    n = first_child(first_child(root, "vehicles"), "vehicle");
    for (int32_t k = 0; k < s->n_vehicles; k++, n = next_element(n)) {
        CU_ASSERT_PTR_NOT_NULL_FATAL(n);
        ky_window shift = attr_window(n, "shift");
        CU_ASSERT_EQUAL(shift.close, s->vehicles[k].shift.close);
        CU_ASSERT_EQUAL(attr_num(n, "cost-per-km", 0), 1.0);
        CU_ASSERT_EQUAL(attr_num(first_child(n, "capacity"), "demand", -1),
                        (double)s->vehicles[k].capacity[0]);
    }
    check_shipments(s, root);
    xmlFreeDoc(doc);
}

static void save_imported(ky_import_format format, const char *path)
{
    ky_scenario *s = NULL;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(ky_import_file(&s, format, path, NULL, &e), KY_OK);
    char dir[256], out[512];
    char *text = save_text(s, dir, sizeof dir, out, sizeof out);
    CU_ASSERT_PTR_NOT_NULL(text);
    free(text);
    CU_ASSERT_EQUAL(schema_check(out), 0);
    check_saved_values(s, out);
    ky_scenario_free(s);
    ky_test_rmtree(dir);
}

static void imported_benchmarks_keep_every_value(void)
{
    char path[1024];
    save_imported(KY_IMPORT_SOLOMON,
                  ky_test_data("solomon_tiny.txt", path, sizeof path));
    save_imported(KY_IMPORT_LILIM,
                  ky_test_data("lilim_tiny.txt", path, sizeof path));
    const char *bench = getenv("KY_BENCH_DIR");
    static const char *const rel[2] = {"solomon/c101.txt",
                                       "lilim/lc101.txt"};
    for (int k = 0; k < 2; k++) {
        snprintf(path, sizeof path, "%s/%s",
                 bench && bench[0] ? bench : "../shared/bench", rel[k]);
        FILE *f = fopen(path, "rb");
        if (f == NULL) {
            printf("\n  note: %s absent, skipped", path);
            continue;
        }
        fclose(f);
        save_imported(k ? KY_IMPORT_LILIM : KY_IMPORT_SOLOMON, path);
    }
}

/* The shipped samples are the first files users run: keep them valid. */
static void samples_validate_against_the_schema(void)
{
    CU_ASSERT_EQUAL(schema_check("samples/enshu-cluster.xml"), 0);
    CU_ASSERT_EQUAL(schema_check("samples/small.xml"), 0);
}

int ky_test_suite_save(void)
{
    static const ky_test_case cases[] = {
        {"every_feature_is_written", every_feature_is_written},
        {"same_scenario_gives_same_bytes", same_scenario_gives_same_bytes},
        {"matrix_rows_are_written_and_defaults_omitted",
         matrix_rows_are_written_and_defaults_omitted},
        {"save_into_missing_folder_fails_and_leaves_nothing",
         save_into_missing_folder_fails_and_leaves_nothing},
        {"unwritable_dimension_id_is_refused_before_writing",
         unwritable_dimension_id_is_refused_before_writing},
        {"imported_benchmarks_keep_every_value",
         imported_benchmarks_keep_every_value},
        {"samples_validate_against_the_schema",
         samples_validate_against_the_schema},
        {NULL, NULL}};
    return ky_test_register("save", cases);
}
