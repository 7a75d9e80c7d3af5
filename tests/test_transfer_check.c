/* Tests of kyodo check on cross-dock transfers. tests/data/transfer-check
 * holds a tiny scenario and two plans worked out by hand (their numbers
 * are explained in the files): plan/, where t1 changes vehicle at hub
 * 'center', is right; docks-busy/ has two vehicles at the hub's one dock.
 * Each test plants one fault, by editing a copy of a plan or the loaded
 * scenario, and expects check to name it, and only it where the fault
 * leaves the rest of the plan right. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kyodo.h"
#include "testutil.h"

typedef struct fixture {
    ky_scenario *s;
    ky_matrix *m;
} fixture;

static bool fixture_open(fixture *f)
{
    char path[512];
    ky_error e;
    ky_error_init(&e);
    memset(f, 0, sizeof *f);
    if (ky_load_file(&f->s, ky_test_data("transfer-check/scenario.xml", path,
                                         sizeof path),
                     NULL, &e) != KY_OK)
        return false;
    return ky_matrix_new(&f->m, f->s, NULL) == KY_OK;
}

static void fixture_close(fixture *f)
{
    ky_matrix_free(f->m);
    ky_scenario_free(f->s);
}

/* In a plan's file: `from`, found exactly n times, becomes `to`. */
typedef struct edit {
    const char *file, *from, *to;
    int n;
} edit;

/* Replaces every `from` in text by `to`; how many there were. The
 * result is a new string (NULL when out of memory). */
static char *replace_all(const char *text, const char *from, const char *to,
                         int *count)
{
    size_t lf = strlen(from), lt = strlen(to);
    *count = 0;
    for (const char *p = strstr(text, from); p; p = strstr(p + lf, from))
        (*count)++;
    char *out = malloc(strlen(text) + (size_t)*count * lt + 1);
    if (out == NULL)
        return NULL;
    char *w = out;
    for (const char *p = text, *hit; *p; p = hit + lf) {
        hit = strstr(p, from);
        if (hit == NULL) {
            strcpy(w, p);
            return out;
        }
        memcpy(w, p, (size_t)(hit - p));
        w += hit - p;
        memcpy(w, to, lt);
        w += lt;
    }
    *w = '\0';
    return out;
}

/* Copies plan folder `name` of transfer-check into a fresh temporary
 * folder `dir`, making the edits (a list ended by a NULL file; ed may be
 * NULL). False if an edit did not find its text as often as it says. */
static bool copy_plan(const char *name, const edit *ed, char *dir,
                      size_t size)
{
    static const char *const files[2] = {"plan.xml", "stops.csv"};
    if (ky_test_tmpdir(dir, size)[0] == '\0')
        return false;
    bool ok = true;
    for (int i = 0; i < 2; i++) {
        char rel[128], src[512], dst[512];
        snprintf(rel, sizeof rel, "transfer-check/%s/%s", name, files[i]);
        snprintf(dst, sizeof dst, "%s/%s", dir, files[i]);
        char *text = ky_test_read_file(ky_test_data(rel, src, sizeof src),
                                       NULL);
        for (const edit *e = ed; text && e && e->file; e++) {
            if (strcmp(e->file, files[i]) != 0)
                continue;
            int n = 0;
            char *next = replace_all(text, e->from, e->to, &n);
            free(text);
            text = next;
            if (n != e->n) {
                fprintf(stderr, "\n%s: '%s' found %d times, expected %d\n",
                        files[i], e->from, n, e->n);
                ok = false;
            }
        }
        ok = ok && text && ky_test_write_file(dst, text) == 0;
        free(text);
    }
    return ok;
}

/* Checks plan folder `name` with the edits made; the violations, -1 when
 * the plan could not be checked. */
static int check_plan(const fixture *f, const char *name, const edit *ed,
                      ky_error *e)
{
    char dir[256];
    ky_check_report rep;
    ky_error_init(e);
    int rc = -1;
    if (copy_plan(name, ed, dir, sizeof dir) &&
        ky_check_plan_dir(&rep, f->s, f->m, dir, NULL, e) == KY_OK)
        rc = rep.violations;
    ky_test_rmtree(dir);
    return rc;
}

/* How many findings say `part`; each finding is printed when
 * KY_TEST_VERBOSE is set, to see what a failing test got. */
static int said(const ky_error *e, const char *part)
{
    int n = 0;
    for (int k = 0; k < e->n; k++) {
        if (getenv("KY_TEST_VERBOSE"))
            fprintf(stderr, "\n  %s:%d: %s", e->items[k].file,
                    e->items[k].line, e->items[k].msg);
        n += strstr(e->items[k].msg, part) != NULL;
    }
    return n;
}

/* The line of the first finding that says `part`, 0 if none. */
static int line_of(const ky_error *e, const char *part)
{
    for (int k = 0; k < e->n; k++)
        if (strstr(e->items[k].msg, part))
            return e->items[k].line;
    return 0;
}

/* Checks plan folder `name` with the edits made and expects `total`
 * findings, one of which says `part`, at plan.xml line `line` unless 0. */
static void expect(const fixture *f, const char *name, const edit *ed,
                   int total, const char *part, int line)
{
    ky_error e;
    CU_ASSERT_EQUAL(check_plan(f, name, ed, &e), total);
    CU_ASSERT_EQUAL(said(&e, part), 1);
    if (line)
        CU_ASSERT_EQUAL(line_of(&e, part), line);
}

/* plan.xml lines of the unload (v-1) and load (v-2) of t1 in plan/. */
enum { UNLOAD_LINE = 14, LOAD_LINE = 20 };

/* ---- the right plan --------------------------------------------------- */

static void hand_made_transfer_plan_passes(void)
{
    fixture f;
    CU_ASSERT_FATAL(fixture_open(&f));
    char dir[256];
    CU_ASSERT_FATAL(copy_plan("plan", NULL, dir, sizeof dir));
    ky_check_report rep;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_check_plan_dir(&rep, f.s, f.m, dir, NULL, &e), KY_OK);
    CU_ASSERT_EQUAL(said(&e, ""), 0);
    CU_ASSERT_EQUAL(rep.violations, 0);
    CU_ASSERT_EQUAL(rep.routes, 2);
    CU_ASSERT_EQUAL(rep.stops, 10);
    CU_ASSERT_EQUAL(rep.served, 2);
    CU_ASSERT_EQUAL(rep.unassigned, 0);
    ky_test_rmtree(dir);
    fixture_close(&f);
}

/* ---- where and who ---------------------------------------------------- */

static void loaded_at_another_hub_than_unloaded(void)
{
    fixture f;
    CU_ASSERT_FATAL(fixture_open(&f));
    const edit ed[] = {
        {"plan.xml", "kind=\"load\" shipment=\"t1\" hub=\"center\"",
         "kind=\"load\" shipment=\"t1\" hub=\"annex\"", 1},
        {NULL, NULL, NULL, 0}};
    expect(&f, "plan", ed, 1,
           "shipment 't1' is unloaded at hub 'center' but loaded at hub "
           "'annex'",
           LOAD_LINE);
    fixture_close(&f);
}

static void hub_that_is_not_a_cross_dock(void)
{
    fixture f;
    CU_ASSERT_FATAL(fixture_open(&f));
    f.s->depots[ky_scenario_find_depot(f.s, "center")].cross_dock = false;
    expect(&f, "plan", NULL, 2,
           "shipment 't1' is unloaded at depot 'center', which is not a "
           "cross-dock",
           UNLOAD_LINE);
    expect(&f, "plan", NULL, 2,
           "shipment 't1' is loaded at depot 'center', which is not a "
           "cross-dock",
           LOAD_LINE);
    fixture_close(&f);
}

static void unload_without_a_hub(void)
{
    fixture f;
    CU_ASSERT_FATAL(fixture_open(&f));
    const edit ed[] = {
        {"plan.xml", "kind=\"unload\" shipment=\"t1\" hub=\"center\"",
         "kind=\"unload\" shipment=\"t1\"", 1},
        {NULL, NULL, NULL, 0}};
    expect(&f, "plan", ed, 1, "shipment 't1' is unloaded at no hub",
           UNLOAD_LINE);
    fixture_close(&f);
}

/* The shipment, its company or the scenario's settings forbid it. */
static void shipment_not_allowed_to_transfer(void)
{
    for (int way = 0; way < 3; way++) {
        fixture f;
        CU_ASSERT_FATAL(fixture_open(&f));
        if (way == 0)
            f.s->shipments[ky_scenario_find_shipment(f.s, "t1")].transfer =
                -1;
        else if (way == 1)
            f.s->companies[ky_scenario_find_company(f.s, "acme")].transfer =
                false;
        else
            f.s->settings.transfers = false;
        expect(&f, "plan", NULL, 1,
               "shipment 't1' may not change vehicle at a cross-dock",
               UNLOAD_LINE);
        fixture_close(&f);
    }
}

/* ---- legs ------------------------------------------------------------- */

/* v-2 drives past the hub without loading t1 and delivers it anyway: the
 * times, loads and distances after it are wrong too. */
static void missing_load_leg(void)
{
    fixture f;
    CU_ASSERT_FATAL(fixture_open(&f));
    const edit ed[] = {
        {"plan.xml",
         "    <stop seq=\"2\" kind=\"load\" shipment=\"t1\" hub=\"center\" "
         "location=\"hub-site\" arrival=\"528\" start=\"528\" "
         "departure=\"538\" load=\"7\"/>\n",
         "", 1},
        {"stops.csv", "v-2,2,load,t1,hub-site,528,528,538,7\n", "", 1},
        {NULL, NULL, NULL, 0}};
    ky_error e;
    CU_ASSERT_TRUE(check_plan(&f, "plan", ed, &e) > 1);
    CU_ASSERT_EQUAL(said(&e, "shipment 't1' changes vehicle at a hub: it "
                             "needs one pickup, unload, load and delivery "
                             "stop each; the plan has 1, 1, 0 and 1"),
                    1);
    CU_ASSERT_EQUAL(said(&e, "totals: served is 1.0000, the plan says "
                             "2.0000"),
                    1);
    fixture_close(&f);
}

/* v-2's route said to be v-1's: one vehicle unloads and loads t1. */
static void both_legs_on_one_vehicle(void)
{
    fixture f;
    CU_ASSERT_FATAL(fixture_open(&f));
    const edit ed[] = {{"plan.xml", "<route vehicle=\"v-2\"",
                        "<route vehicle=\"v-1\"", 1},
                       {"stops.csv", "\nv-2,", "\nv-1,", 6},
                       {NULL, NULL, NULL, 0}};
    expect(&f, "plan", ed, 2,
           "shipment 't1' is unloaded and loaded again by vehicle 'v-1'; a "
           "transfer changes vehicle",
           LOAD_LINE);
    expect(&f, "plan", ed, 2, "vehicle 'v-1' drives two routes", 0);
    fixture_close(&f);
}

/* ---- times ------------------------------------------------------------ */

/* v-1 leaves 15 min later: it unloads t1 at 08:43-08:48, when v-2 loads
 * it; the cost and the docks ([08:43, 08:48) then [08:48, 08:58)) are
 * still right. */
static void loaded_before_unload_plus_handling(void)
{
    fixture f;
    CU_ASSERT_FATAL(fixture_open(&f));
    const edit ed[] = {
        {"plan.xml", "arrival=\"480\" start=\"480\" departure=\"480\"",
         "arrival=\"495\" start=\"495\" departure=\"495\"", 1},
        {"plan.xml", "arrival=\"488\" start=\"488\" departure=\"498\"",
         "arrival=\"503\" start=\"503\" departure=\"513\"", 1},
        {"plan.xml", "arrival=\"508\" start=\"508\" departure=\"513\"",
         "arrival=\"523\" start=\"523\" departure=\"528\"", 1},
        {"plan.xml", "arrival=\"519\" start=\"519\" departure=\"519\"",
         "arrival=\"534\" start=\"534\" departure=\"534\"", 1},
        {"stops.csv", "480,480,480", "495,495,495", 1},
        {"stops.csv", "488,488,498", "503,503,513", 1},
        {"stops.csv", "508,508,513", "523,523,528", 1},
        {"stops.csv", "519,519,519", "534,534,534", 1},
        {NULL, NULL, NULL, 0}};
    expect(&f, "plan", ed, 1,
           "shipment 't1' is loaded at hub 'center' at 08:48, before it "
           "was unloaded (08:48) plus 15 min handling",
           LOAD_LINE);
    fixture_close(&f);
}

static void unload_outside_hub_hours(void)
{
    fixture f;
    CU_ASSERT_FATAL(fixture_open(&f));
    ky_depot *hub = &f.s->depots[ky_scenario_find_depot(f.s, "center")];
    hub->hours.open = 8 * 60 + 30; /* the unload starts at 08:28 */
    expect(&f, "plan", NULL, 1,
           "vehicle 'v-1' stop 2: shipment 't1' is unloaded at hub "
           "'center' from 08:28, before it opens at 08:30",
           UNLOAD_LINE);
    hub->hours.open = 8 * 60;
    hub->hours.close = 8 * 60 + 55; /* the load ends at 08:58 */
    expect(&f, "plan", NULL, 1,
           "vehicle 'v-2' stop 2: shipment 't1' is loaded at hub 'center' "
           "until 08:58, after it closes at 08:55",
           LOAD_LINE);
    fixture_close(&f);
}

/* v-1 waits 2 min at the hub and unloads in 3 min instead of t1's
 * 5-minute delivery service; it still leaves at 08:33. */
static void wrong_unload_service(void)
{
    fixture f;
    CU_ASSERT_FATAL(fixture_open(&f));
    const edit ed[] = {
        {"plan.xml", "arrival=\"508\" start=\"508\" departure=\"513\"",
         "arrival=\"508\" start=\"510\" departure=\"513\"", 1},
        {"stops.csv", "508,508,513", "508,510,513", 1},
        {NULL, NULL, NULL, 0}};
    expect(&f, "plan", ed, 1,
           "vehicle 'v-1' stop 2: service takes 5.00 min, the plan says "
           "3.00",
           UNLOAD_LINE);
    fixture_close(&f);
}

/* docks-busy: v-1 unloads 08:28-08:33 and v-2 08:30-08:35 at a hub with
 * one dock; with two the plan is right, and so without a limit. */
static void dock_count_exceeded(void)
{
    fixture f;
    CU_ASSERT_FATAL(fixture_open(&f));
    ky_depot *hub = &f.s->depots[ky_scenario_find_depot(f.s, "center")];
    CU_ASSERT_EQUAL(hub->docks, 1);
    expect(&f, "docks-busy", NULL, 1,
           "hub 'center' has 1 dock, all in use when vehicle 'v-2' starts "
           "to unload shipment 't2' there at 08:30",
           20);
    ky_error e;
    hub->docks = 2;
    CU_ASSERT_EQUAL(check_plan(&f, "docks-busy", NULL, &e), 0);
    hub->docks = 0;
    CU_ASSERT_EQUAL(check_plan(&f, "docks-busy", NULL, &e), 0);
    fixture_close(&f);
}

/* ---- loads ------------------------------------------------------------ */

/* The unload must take t1's 4 kg off v-1. */
static void unload_takes_the_amount_off(void)
{
    fixture f;
    CU_ASSERT_FATAL(fixture_open(&f));
    const edit ed[] = {
        {"plan.xml", "departure=\"513\" load=\"0\"",
         "departure=\"513\" load=\"4\"", 1},
        {"stops.csv", "508,508,513,0", "508,508,513,4", 1},
        {NULL, NULL, NULL, 0}};
    expect(&f, "plan", ed, 1,
           "vehicle 'v-1' stop 2: load of 'kg' is 0, the plan says 4",
           UNLOAD_LINE);
    fixture_close(&f);
}

int ky_test_suite_transfer_check(void)
{
    static const ky_test_case cases[] = {
        {"hand_made_transfer_plan_passes", hand_made_transfer_plan_passes},
        {"loaded_at_another_hub_than_unloaded",
         loaded_at_another_hub_than_unloaded},
        {"hub_that_is_not_a_cross_dock", hub_that_is_not_a_cross_dock},
        {"unload_without_a_hub", unload_without_a_hub},
        {"shipment_not_allowed_to_transfer",
         shipment_not_allowed_to_transfer},
        {"missing_load_leg", missing_load_leg},
        {"both_legs_on_one_vehicle", both_legs_on_one_vehicle},
        {"loaded_before_unload_plus_handling",
         loaded_before_unload_plus_handling},
        {"unload_outside_hub_hours", unload_outside_hub_hours},
        {"wrong_unload_service", wrong_unload_service},
        {"dock_count_exceeded", dock_count_exceeded},
        {"unload_takes_the_amount_off", unload_takes_the_amount_off},
        {NULL, NULL}};
    return ky_test_register("transfer_check", cases);
}
