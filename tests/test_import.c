/* Tests of the import module: tiny hand-made Solomon and Li & Lim files
 * (CRLF, trailing blanks, tabs) converted value by value, one file per
 * input error with its line, limits, allocation failures, and the real
 * benchmark files when ../shared/bench (or $KY_BENCH_DIR) is present. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kyodo.h"
#include "testutil.h"

static ky_scenario *import_ok(ky_import_format format, const char *name)
{
    char path[512];
    ky_test_data(name, path, sizeof path);
    ky_scenario *s = NULL;
    ky_error e;
    ky_error_init(&e);
    int rc = ky_import_file(&s, format, path, NULL, &e);
    for (int i = 0; i < e.n; i++) {
        char buf[700];
        fprintf(stderr, "\n  %s", ky_error_format(&e, i, buf, sizeof buf));
    }
    CU_ASSERT_EQUAL(rc, KY_OK);
    CU_ASSERT_EQUAL(e.n, 0);
    return s;
}

/* Imports a bad file; checks the return code and that diagnostic `i`
 * has the file's path, `line` and a message containing `needle`. */
static void expect_error(ky_import_format format, const char *name,
                         int code, int n_errors, int i, int line,
                         const char *needle)
{
    char path[512];
    ky_test_data(name, path, sizeof path);
    ky_scenario *s = (ky_scenario *)&path; /* must become NULL */
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_import_file(&s, format, path, NULL, &e), code);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_EQUAL(e.n, n_errors);
    CU_ASSERT_FATAL(e.n > i);
    CU_ASSERT_STRING_EQUAL(e.items[i].file, path);
    CU_ASSERT_EQUAL(e.items[i].line, line);
    CU_ASSERT_EQUAL(e.items[i].code, code);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[i].msg, needle));
    if (strstr(e.items[i].msg, needle) == NULL)
        fprintf(stderr, "\n  got: %s", e.items[i].msg);
}

static void check_window(const ky_stop_spec *st, double open, double close)
{
    CU_ASSERT_EQUAL(st->n_windows, 1);
    CU_ASSERT_DOUBLE_EQUAL(st->windows[0].open, open, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(st->windows[0].close, close, 1e-12);
}

static void check_fleet(const ky_scenario *s, int32_t k, int64_t capacity,
                        double horizon, int line)
{
    CU_ASSERT_EQUAL_FATAL(s->n_vehicles, k);
    for (int32_t i = 0; i < k; i++) {
        const ky_vehicle *v = &s->vehicles[i];
        char id[16];
        snprintf(id, sizeof id, "v%d", (int)i + 1);
        CU_ASSERT_STRING_EQUAL(v->id, id);
        CU_ASSERT_EQUAL(v->company, -1);
        CU_ASSERT_EQUAL(v->start_depot, 0);
        CU_ASSERT_EQUAL(v->end_depot, 0);
        CU_ASSERT_DOUBLE_EQUAL(v->shift.open, 0.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(v->shift.close, horizon, 1e-12);
        CU_ASSERT_EQUAL(v->capacity[0], capacity);
        CU_ASSERT_DOUBLE_EQUAL(v->cost_per_km, 1.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(v->fixed_cost, 0.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(v->cost_per_hour, 0.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(v->co2_kg_per_km, 0.0, 1e-12);
        CU_ASSERT_EQUAL(v->skills, 0);
        CU_ASSERT_EQUAL(v->line, line);
    }
}

/* The settings, dimension and depot every import shares. */
static void check_conventions(const ky_scenario *s, double horizon,
                              int depot_line)
{
    CU_ASSERT_EQUAL(s->settings.distance, KY_DIST_EUCLIDEAN);
    CU_ASSERT_DOUBLE_EQUAL(s->settings.road_factor, 1.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s->settings.speed_kmh, 60.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s->settings.default_penalty, 1e6, 1e-6);
    CU_ASSERT_EQUAL_FATAL(s->n_dims, 1);
    CU_ASSERT_STRING_EQUAL(s->dim_ids[0], "demand");
    CU_ASSERT_EQUAL(s->n_companies, 0);
    CU_ASSERT_EQUAL(s->n_skills, 0);
    CU_ASSERT_PTR_NULL(s->date);
    CU_ASSERT_EQUAL_FATAL(s->n_depots, 1);
    const ky_depot *d = &s->depots[0];
    CU_ASSERT_STRING_EQUAL(d->id, "depot");
    CU_ASSERT_STRING_EQUAL(s->locations[d->location].id, "0");
    CU_ASSERT_EQUAL(d->company, -1);
    CU_ASSERT_DOUBLE_EQUAL(d->hours.open, 0.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(d->hours.close, horizon, 1e-12);
    CU_ASSERT_EQUAL(d->line, depot_line);
}

static void check_shipment_defaults(const ky_shipment *sh, const char *id,
                                    int64_t amount, int line)
{
    CU_ASSERT_STRING_EQUAL(sh->id, id);
    CU_ASSERT_EQUAL(sh->company, -1);
    CU_ASSERT_EQUAL(sh->skills, 0);
    CU_ASSERT_EQUAL(sh->amount[0], amount);
    CU_ASSERT_DOUBLE_EQUAL(sh->penalty, 1e6, 1e-6);
    CU_ASSERT_EQUAL(sh->line, line);
}

static void solomon_tiny_converts_every_value(void)
{
    /* node x y demand ready due service, line */
    static const double node[6][8] = {
        {0, 40, 50, 0, 0, 240, 0, 10},     {1, 45, 68, 10, 30, 90, 10, 11},
        {2, 35.5, 70, 20, 0, 120, 5, 12},  {3, 42, 66, 0, 60, 180, 0, 13},
        {4, 30, 40, 15, 10, 200, 12.5, 14}, {5, 50, 30, 25, 100, 150, 10, 15}};
    ky_scenario *s = import_ok(KY_IMPORT_SOLOMON, "solomon_tiny.txt");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s->name, "TINY5");
    CU_ASSERT_PTR_NOT_NULL(strstr(s->file, "solomon_tiny.txt"));
    check_conventions(s, 240, 10);
    check_fleet(s, 3, 50, 240, 5);
    CU_ASSERT_EQUAL_FATAL(s->n_locations, 6);
    CU_ASSERT_EQUAL_FATAL(s->n_shipments, 5);
    for (int i = 0; i < 6; i++) {
        const ky_location *loc = &s->locations[i];
        char id[16];
        snprintf(id, sizeof id, "%d", i);
        CU_ASSERT_STRING_EQUAL(loc->id, id);
        CU_ASSERT_PTR_NULL(loc->name);
        CU_ASSERT_TRUE(loc->has_coords);
        CU_ASSERT_DOUBLE_EQUAL(loc->x, node[i][1], 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(loc->y, node[i][2], 1e-12);
        CU_ASSERT_EQUAL(loc->line, (int)node[i][7]);
        if (i == 0)
            continue;
        const ky_shipment *sh = &s->shipments[i - 1];
        check_shipment_defaults(sh, id, (int64_t)node[i][3],
                                (int)node[i][7]);
        CU_ASSERT_EQUAL(sh->pickup.site, KY_SITE_DEPOT);
        CU_ASSERT_EQUAL(sh->pickup.depot, 0);
        CU_ASSERT_EQUAL(sh->pickup.location, 0);
        CU_ASSERT_DOUBLE_EQUAL(sh->pickup.service, 0.0, 1e-12);
        check_window(&sh->pickup, 0.0, KY_TIME_INF);
        CU_ASSERT_EQUAL(sh->delivery.site, KY_SITE_LOCATION);
        CU_ASSERT_EQUAL(sh->delivery.location, i);
        CU_ASSERT_EQUAL(sh->delivery.depot, -1);
        check_window(&sh->delivery, node[i][4], node[i][5]);
        CU_ASSERT_DOUBLE_EQUAL(sh->delivery.service, node[i][6], 1e-12);
        CU_ASSERT_EQUAL(sh->delivery.line, (int)node[i][7]);
    }
    ky_scenario_free(s);
}

static void check_lilim_stop(const ky_scenario *s, const ky_stop_spec *st,
                             const char *id, double open, double close,
                             double service, int line)
{
    CU_ASSERT_EQUAL(st->site, KY_SITE_LOCATION);
    CU_ASSERT_EQUAL(st->depot, -1);
    CU_ASSERT_STRING_EQUAL(s->locations[st->location].id, id);
    check_window(st, open, close);
    CU_ASSERT_DOUBLE_EQUAL(st->service, service, 1e-12);
    CU_ASSERT_EQUAL(st->line, line);
}

static void lilim_tiny_converts_every_pair(void)
{
    ky_scenario *s = import_ok(KY_IMPORT_LILIM, "lilim_tiny.txt");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s->name, "lilim_tiny");
    check_conventions(s, 500, 2);
    check_fleet(s, 4, 100, 500, 1);
    CU_ASSERT_EQUAL_FATAL(s->n_locations, 7);
    static const double xy[7][2] = {{10, 10}, {20, 10}, {5, 5}, {30, 30},
                                    {15, 25}, {35, 5},  {0, 20}};
    for (int i = 0; i < 7; i++) {
        char id[16];
        snprintf(id, sizeof id, "%d", i);
        CU_ASSERT_STRING_EQUAL(s->locations[i].id, id);
        CU_ASSERT_DOUBLE_EQUAL(s->locations[i].x, xy[i][0], 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(s->locations[i].y, xy[i][1], 1e-12);
    }
    /* Pickups in file order: 2 -> 6, 3 -> 5, 4 -> 1 (a delivery listed
     * before its pickup). */
    CU_ASSERT_EQUAL_FATAL(s->n_shipments, 3);
    const ky_shipment *sh = s->shipments;
    check_shipment_defaults(&sh[0], "2", 20, 4);
    check_lilim_stop(s, &sh[0].pickup, "2", 0, 200, 5, 4);
    check_lilim_stop(s, &sh[0].delivery, "6", 60, 360, 5, 9);
    check_shipment_defaults(&sh[1], "3", 30, 6);
    check_lilim_stop(s, &sh[1].pickup, "3", 50, 250, 8, 6);
    check_lilim_stop(s, &sh[1].delivery, "5", 120, 400, 8, 8);
    check_shipment_defaults(&sh[2], "4", 15, 7);
    check_lilim_stop(s, &sh[2].pickup, "4", 0, 150, 10, 7);
    check_lilim_stop(s, &sh[2].delivery, "1", 100, 300, 10, 3);
    ky_scenario_free(s);
}

static void format_names_parse_exactly(void)
{
    CU_ASSERT_EQUAL(ky_import_format_parse("solomon"), KY_IMPORT_SOLOMON);
    CU_ASSERT_EQUAL(ky_import_format_parse("lilim"), KY_IMPORT_LILIM);
    CU_ASSERT_EQUAL(ky_import_format_parse("cvrp"), -1);
    CU_ASSERT_EQUAL(ky_import_format_parse(""), -1);
    CU_ASSERT_EQUAL(ky_import_format_parse(NULL), -1);
}

static void malformed_number_is_reported_with_its_line(void)
{
    expect_error(KY_IMPORT_SOLOMON, "solomon_malformed_number.txt",
                 KY_EINPUT, 1, 0, 12, "malformed demand '4x0'");
}

static void missing_customer_section_is_reported(void)
{
    expect_error(KY_IMPORT_SOLOMON, "solomon_missing_customer_section.txt",
                 KY_EINPUT, 1, 0, 6, "missing CUSTOMER section");
}

static void wrong_column_count_is_reported(void)
{
    expect_error(KY_IMPORT_SOLOMON, "solomon_wrong_column_count.txt",
                 KY_EINPUT, 1, 0, 14, "expected 7 columns");
    expect_error(KY_IMPORT_LILIM, "lilim_wrong_column_count.txt",
                 KY_EINPUT, 1, 0, 6, "expected 9 columns");
}

static void negative_capacity_is_reported(void)
{
    expect_error(KY_IMPORT_SOLOMON, "solomon_negative_capacity.txt",
                 KY_EINPUT, 1, 0, 5, "negative capacity -50");
}

static void duplicate_node_names_its_first_line(void)
{
    expect_error(KY_IMPORT_SOLOMON, "solomon_duplicate_node.txt",
                 KY_EINPUT, 1, 0, 14, "node 2 already given on line 12");
}

static void missing_depot_is_reported(void)
{
    expect_error(KY_IMPORT_SOLOMON, "solomon_missing_depot.txt", KY_EINPUT,
                 1, 0, 10, "node 0 is missing");
}

static void empty_time_window_is_reported(void)
{
    expect_error(KY_IMPORT_SOLOMON, "solomon_empty_time_window.txt",
                 KY_EINPUT, 1, 0, 15,
                 "empty, negative or unbounded time window");
}

/* Negating INT64_MIN in the pair check would be undefined behaviour. */
static void out_of_range_demand_is_reported(void)
{
    expect_error(KY_IMPORT_LILIM, "lilim_demand_out_of_range.txt",
                 KY_EINPUT, 1, 0, 4, "demand or coordinate too large");
}

static void every_bad_line_is_reported(void)
{
    expect_error(KY_IMPORT_SOLOMON, "solomon_two_bad_lines.txt", KY_EINPUT,
                 2, 0, 12, "malformed demand");
    expect_error(KY_IMPORT_SOLOMON, "solomon_two_bad_lines.txt", KY_EINPUT,
                 2, 1, 14, "expected 7 columns");
}

static void unpaired_delivery_is_reported_at_both_ends(void)
{
    expect_error(KY_IMPORT_LILIM, "lilim_unpaired_delivery.txt", KY_EINPUT,
                 2, 0, 6, "pickup 3 names delivery 5, which names pickup 4");
    expect_error(KY_IMPORT_LILIM, "lilim_unpaired_delivery.txt", KY_EINPUT,
                 2, 1, 8,
                 "delivery 5 names pickup 4, which names delivery 1");
}

static void pair_demand_mismatch_is_reported(void)
{
    expect_error(KY_IMPORT_LILIM, "lilim_demand_mismatch.txt", KY_EINPUT,
                 1, 0, 9, "delivery 6 has demand -25, expected -20");
}

static void too_many_vehicles_is_a_limit_error(void)
{
    expect_error(KY_IMPORT_LILIM, "lilim_too_many_vehicles.txt", KY_ELIMIT,
                 1, 0, 1, "more than 2000 vehicles");
}

static void too_many_nodes_is_a_limit_error(void)
{
    char dir[256], path[512];
    ky_test_tmpdir(dir, sizeof dir);
    CU_ASSERT_FATAL(dir[0] != '\0');
    snprintf(path, sizeof path, "%s/huge.txt", dir);
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fprintf(f, "2\t10\t1\n");
    for (int i = 0; i <= KY_MAX_LOCATIONS; i++)
        fprintf(f, "%d\t1\t1\t0\t0\t10\t0\t0\t0\n", i);
    CU_ASSERT_EQUAL(fclose(f), 0);
    ky_scenario *s = NULL;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_import_file(&s, KY_IMPORT_LILIM, path, NULL, &e),
                    KY_ELIMIT);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_EQUAL_FATAL(e.n, 1);
    CU_ASSERT_EQUAL(e.items[0].line, KY_MAX_LOCATIONS + 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[0].msg, "more than 20000 nodes"));
    ky_test_rmtree(dir);
}

static void unreadable_file_is_an_io_error(void)
{
    ky_scenario *s = NULL;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_import_file(&s, KY_IMPORT_SOLOMON,
                                   "tests/data/no-such-file.txt", NULL, &e),
                    KY_EIO);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_EQUAL_FATAL(e.n, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[0].msg, "cannot open"));
    /* A folder opens but cannot be read. */
    char dir[256];
    ky_test_data("", dir, sizeof dir);
    CU_ASSERT_EQUAL(ky_import_file(&s, KY_IMPORT_LILIM, dir, NULL, &e),
                    KY_EIO);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_EQUAL_FATAL(e.n, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[1].msg, "cannot read"));
}

/* An allocator that fails its `countdown`-th call from now. */
typedef struct failing_alloc {
    int countdown;
} failing_alloc;

static void *fail_nth(void *ud, void *ptr, size_t size)
{
    failing_alloc *fa = ud;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    if (fa->countdown-- == 0)
        return NULL;
    return realloc(ptr, size);
}

static void allocation_failures_return_enomem_and_leak_nothing(void)
{
    static const char *const files[2] = {"solomon_tiny.txt",
                                         "lilim_tiny.txt"};
    for (int k = 0; k < 2; k++) {
        char path[512];
        ky_test_data(files[k], path, sizeof path);
        int rc = KY_ENOMEM, n = 0;
        for (; rc == KY_ENOMEM && n < 1000; n++) {
            failing_alloc fa = {n};
            ky_ctx ctx;
            ky_ctx_init(&ctx);
            ctx.alloc = fail_nth;
            ctx.alloc_ud = &fa;
            ky_scenario *s = NULL;
            ky_error e;
            ky_error_init(&e);
            rc = ky_import_file(&s, k ? KY_IMPORT_LILIM : KY_IMPORT_SOLOMON,
                                path, &ctx, &e);
            CU_ASSERT(rc == KY_OK || (rc == KY_ENOMEM && s == NULL));
            ky_scenario_free(s);
        }
        CU_ASSERT_EQUAL(rc, KY_OK);
        CU_ASSERT(n > 10); /* the loop really failed allocations */
    }
}

static const char *bench_dir(void)
{
    const char *dir = getenv("KY_BENCH_DIR");
    return dir && dir[0] ? dir : "../shared/bench";
}

/* Imports bench_dir()/rel; NULL (with a note) when the file is absent. */
static ky_scenario *import_bench(ky_import_format format, const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", bench_dir(), rel);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        printf("\n  note: %s absent, test skipped", path);
        return NULL;
    }
    fclose(f);
    ky_scenario *s = NULL;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_import_file(&s, format, path, NULL, &e), KY_OK);
    for (int i = 0; i < e.n; i++) {
        char buf[700];
        fprintf(stderr, "\n  %s", ky_error_format(&e, i, buf, sizeof buf));
    }
    return s;
}

static void real_benchmarks_have_published_counts(void)
{
    ky_scenario *s = import_bench(KY_IMPORT_SOLOMON, "solomon/c101.txt");
    if (s) {
        CU_ASSERT_STRING_EQUAL(s->name, "C101");
        CU_ASSERT_EQUAL(s->n_locations, 101);
        CU_ASSERT_EQUAL(s->n_shipments, 100);
        check_conventions(s, 1236, 10);
        check_fleet(s, 25, 200, 1236, 5);
        /* Last line: "  100  55  85  20  647  726  90". */
        const ky_shipment *last = &s->shipments[99];
        CU_ASSERT_STRING_EQUAL(last->id, "100");
        CU_ASSERT_EQUAL(last->amount[0], 20);
        check_window(&last->delivery, 647, 726);
        CU_ASSERT_EQUAL(last->line, 110);
    }
    ky_scenario_free(s);
    s = import_bench(KY_IMPORT_LILIM, "lilim/lc101.txt");
    if (s) {
        CU_ASSERT_STRING_EQUAL(s->name, "lc101");
        CU_ASSERT_EQUAL(s->n_locations, 107);
        CU_ASSERT_EQUAL(s->n_shipments, 53);
        check_conventions(s, 1236, 2);
        check_fleet(s, 25, 200, 1236, 1);
        /* Node 3 (line 5) is the first pickup, delivered at node 75. */
        CU_ASSERT_STRING_EQUAL(s->shipments[0].id, "3");
        CU_ASSERT_STRING_EQUAL(
            s->locations[s->shipments[0].delivery.location].id, "75");
        CU_ASSERT_EQUAL(s->shipments[0].amount[0], 10);
    }
    ky_scenario_free(s);
}

/* Every file of a benchmark folder imports, with at least one shipment
 * per two nodes (Li & Lim) or one per customer (Solomon). */
static void import_folder(ky_import_format format, const char *sub)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/%s", bench_dir(), sub);
    DIR *d = opendir(dir);
    if (d == NULL) {
        printf("\n  note: %s absent, skipped", dir);
        return;
    }
    int files = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        size_t n = strlen(ent->d_name);
        if (n < 5 || strcmp(ent->d_name + n - 4, ".txt") != 0)
            continue;
        char rel[512];
        snprintf(rel, sizeof rel, "%s/%s", sub, ent->d_name);
        ky_scenario *s = import_bench(format, rel);
        CU_ASSERT_PTR_NOT_NULL(s);
        if (s && format == KY_IMPORT_SOLOMON)
            CU_ASSERT_EQUAL(s->n_shipments, s->n_locations - 1);
        if (s && format == KY_IMPORT_LILIM)
            CU_ASSERT_EQUAL(2 * s->n_shipments, s->n_locations - 1);
        ky_scenario_free(s);
        files++;
    }
    closedir(d);
    CU_ASSERT(files > 0);
}

static void every_benchmark_file_imports(void)
{
    import_folder(KY_IMPORT_SOLOMON, "solomon");
    import_folder(KY_IMPORT_SOLOMON, "gehring_homberger_200");
    import_folder(KY_IMPORT_LILIM, "lilim");
    import_folder(KY_IMPORT_LILIM, "lilim_1000");
}

int ky_test_suite_import(void)
{
    static const ky_test_case cases[] = {
        {"solomon_tiny_converts_every_value",
         solomon_tiny_converts_every_value},
        {"lilim_tiny_converts_every_pair", lilim_tiny_converts_every_pair},
        {"format_names_parse_exactly", format_names_parse_exactly},
        {"malformed_number_is_reported_with_its_line",
         malformed_number_is_reported_with_its_line},
        {"missing_customer_section_is_reported",
         missing_customer_section_is_reported},
        {"wrong_column_count_is_reported", wrong_column_count_is_reported},
        {"negative_capacity_is_reported", negative_capacity_is_reported},
        {"duplicate_node_names_its_first_line",
         duplicate_node_names_its_first_line},
        {"missing_depot_is_reported", missing_depot_is_reported},
        {"empty_time_window_is_reported", empty_time_window_is_reported},
        {"out_of_range_demand_is_reported",
         out_of_range_demand_is_reported},
        {"every_bad_line_is_reported", every_bad_line_is_reported},
        {"unpaired_delivery_is_reported_at_both_ends",
         unpaired_delivery_is_reported_at_both_ends},
        {"pair_demand_mismatch_is_reported",
         pair_demand_mismatch_is_reported},
        {"too_many_vehicles_is_a_limit_error",
         too_many_vehicles_is_a_limit_error},
        {"too_many_nodes_is_a_limit_error", too_many_nodes_is_a_limit_error},
        {"unreadable_file_is_an_io_error", unreadable_file_is_an_io_error},
        {"allocation_failures_return_enomem_and_leak_nothing",
         allocation_failures_return_enomem_and_leak_nothing},
        {"real_benchmarks_have_published_counts",
         real_benchmarks_have_published_counts},
        {"every_benchmark_file_imports", every_benchmark_file_imports},
        {NULL, NULL}};
    return ky_test_register("import", cases);
}
