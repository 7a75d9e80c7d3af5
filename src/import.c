/* kyodo import: Solomon VRPTW and Li & Lim PDPTW benchmark files ->
 * ky_scenario, with the conventions stated in kyodo/import.h.
 *
 * How it works: the whole file is read into one buffer (capped at
 * KY_MAX_FILE_BYTES) and cut into lines in place; each line loses its CR
 * and trailing blanks and is split on blanks and tabs, so CRLF files,
 * padded Solomon tables and tab-separated Li & Lim files all read the
 * same. Node lines become rows of a temporary array. Once every line has
 * parsed, the rows are linked (node numbers unique, node 0 present, Li &
 * Lim pairs pointing at each other) and only then is the scenario built.
 *
 * Errors go to err as "file:line: message" and parsing goes on, so the
 * user sees every bad line; the link checks run only on a clean parse so
 * that one bad line does not echo as a dozen pairing errors. KY_ELIMIT and
 * KY_ENOMEM stop at once.
 *
 * Ownership: the text, rows and index belong to the reader and are freed
 * on every path; the scenario is allocated through the caller's ctx and
 * reaches *out only when complete. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "kyodo/import.h"

#define MAX_FIELDS 9 /* a Li & Lim node line; extra fields are counted */
/* Bounds that keep later sums and distances finite: 10^4 shipments of
 * 10^12 units still fit in int64_t. */
#define AMOUNT_MAX INT64_C(1000000000000)
#define COORD_MAX 1e7

/* One node line of either format. */
typedef struct node_row {
    int64_t node;
    double x, y;
    int64_t demand;
    double ready, due, service;
    int64_t pickup, delivery; /* Li & Lim partner nodes, 0 = none */
    int line;
} node_row;

typedef struct column {
    const char *name;
    bool integer;
} column;

static const column node_columns[MAX_FIELDS] = {
    {"node number", true}, {"x", false},          {"y", false},
    {"demand", true},      {"ready time", false}, {"due date", false},
    {"service time", false}, {"pickup index", true},
    {"delivery index", true}};

typedef struct reader {
    const char *path;
    const ky_ctx *ctx;
    ky_error *err;
    int status;   /* KY_OK, or what ky_import_file returns */
    char *text;   /* the whole file, cut into lines in place */
    char *cursor; /* start of the next line */
    char *end;
    int line;     /* number of the line last returned */
    char *name;   /* Solomon instance name, inside text */
    bool in_vehicle, has_vehicle, in_customer, has_customer;
    bool section_has_data;
    int64_t n_vehicles, capacity;
    int fleet_line; /* 0 until the vehicle line is read */
    node_row *rows;
    int32_t n_rows, cap_rows;
    int32_t *index; /* node number -> row, -1 when absent */
    int64_t n_index;
    int32_t depot;  /* row of node 0 */
    int32_t n_shipments;
} reader;

int ky_import_format_parse(const char *name)
{
    if (name == NULL)
        return -1;
    if (strcmp(name, "solomon") == 0)
        return KY_IMPORT_SOLOMON;
    if (strcmp(name, "lilim") == 0)
        return KY_IMPORT_LILIM;
    return -1;
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void report(reader *r, int code, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ky_error_addv(r->err, code, r->path, line, fmt, ap);
    va_end(ap);
    /* Out of memory and over-limit outrank plain input errors. */
    if (r->status == KY_OK || r->status == KY_EINPUT)
        r->status = code;
}

/* True while only input errors (or none) have been seen. */
static bool reader_going(const reader *r)
{
    return r->status == KY_OK || r->status == KY_EINPUT;
}

static void reader_release(reader *r)
{
    ky_free(r->ctx, r->text);
    ky_free(r->ctx, r->rows);
    ky_free(r->ctx, r->index);
}

/* ---- reading the file ------------------------------------------------ */

/* Reads fp to its end into r->text, growing the buffer from `cap`. */
static void read_stream(reader *r, FILE *fp, size_t cap)
{
    size_t n = 0;
    char *buf = ky_malloc(r->ctx, cap);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n - 1, fp);
        if (n < cap - 1)
            break; /* end of file or a read error */
        if (n > (size_t)KY_MAX_FILE_BYTES) {
            ky_free(r->ctx, buf);
            report(r, KY_ELIMIT, 0, "file larger than %" PRId64 " bytes",
                   (int64_t)KY_MAX_FILE_BYTES);
            return;
        }
        char *grown = ky_reallocarray(r->ctx, buf, cap, 2);
        if (grown == NULL)
            ky_free(r->ctx, buf);
        buf = grown;
        cap *= 2;
    }
    if (buf == NULL) {
        report(r, KY_ENOMEM, 0, "out of memory");
        return;
    }
    if (ferror(fp)) {
        ky_free(r->ctx, buf);
        report(r, KY_EIO, 0, "cannot read: %s", strerror(errno));
        return;
    }
    buf[n] = '\0';
    r->text = buf;
    r->cursor = buf;
    r->end = buf + n;
}

static void read_text(reader *r)
{
    FILE *fp = fopen(r->path, "rb");
    if (fp == NULL) {
        report(r, KY_EIO, 0, "cannot open: %s", strerror(errno));
        return;
    }
    struct stat st;
    size_t cap = 4096;
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode)) {
        if (st.st_size > KY_MAX_FILE_BYTES) {
            report(r, KY_ELIMIT, 0, "file larger than %" PRId64 " bytes",
                   (int64_t)KY_MAX_FILE_BYTES);
            fclose(fp);
            return;
        }
        /* One spare byte for the NUL, one so that EOF shows at once. */
        cap = (size_t)st.st_size + 2;
    }
    errno = 0;
    read_stream(r, fp, cap);
    fclose(fp);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* The next line without its CR and trailing blanks ("" for a blank
 * line), or NULL at the end of the text. */
static char *next_line(reader *r)
{
    if (r->cursor == NULL || r->cursor >= r->end)
        return NULL;
    char *line = r->cursor;
    char *nl = memchr(line, '\n', (size_t)(r->end - line));
    char *stop = nl ? nl : r->end;
    r->cursor = nl ? nl + 1 : r->end;
    *stop = '\0';
    while (stop > line && is_blank(stop[-1]))
        *--stop = '\0';
    r->line++;
    return line;
}

/* Splits line on blanks into at most MAX_FIELDS fields; returns how many
 * fields the line holds, which may be more. */
static int split_fields(char *line, char **field)
{
    int n = 0;
    char *p = line;
    for (;;) {
        while (is_blank(*p))
            p++;
        if (*p == '\0')
            return n;
        if (n < MAX_FIELDS)
            field[n] = p;
        n++;
        while (*p != '\0' && !is_blank(*p))
            p++;
        if (*p != '\0')
            *p++ = '\0';
    }
}

/* Splits the next non-blank line into fields (*n of them, see
 * split_fields); false at the end of the text or after a fatal error. */
static bool next_fields(reader *r, char **field, int *n)
{
    char *line;
    while (reader_going(r) && (line = next_line(r)) != NULL)
        if (*line != '\0') {
            *n = split_fields(line, field);
            return true;
        }
    return false;
}

/* Parses fields [0, n) as the columns col[0..n); integers go to ints[i],
 * other numbers to num[i]. Reports every malformed field. */
static bool read_fields(reader *r, char **field, int n, const column *col,
                        int64_t *ints, double *num)
{
    bool ok = true;
    for (int i = 0; i < n; i++) {
        char *end;
        errno = 0;
        if (col[i].integer) {
            long long v = strtoll(field[i], &end, 10);
            ints[i] = (int64_t)v;
        } else {
            num[i] = strtod(field[i], &end);
            if (!isfinite(num[i]))
                errno = ERANGE;
        }
        if (end == field[i] || *end != '\0' || errno == ERANGE) {
            report(r, KY_EINPUT, r->line, "malformed %s '%.40s'%s",
                   col[i].name, field[i],
                   col[i].integer ? ": expected an integer" : "");
            ok = false;
        }
    }
    return ok;
}

/* ---- rows -------------------------------------------------------------- */

/* Checks one row's values; false (reported) when unusable. */
static bool check_row(reader *r, const node_row *row, bool lilim)
{
    bool ok = true;
    if (row->node < 0 || row->node >= KY_MAX_LOCATIONS) {
        report(r, KY_EINPUT, row->line,
               "node number %" PRId64 " out of range 0..%d", row->node,
               KY_MAX_LOCATIONS - 1);
        ok = false;
    }
    if (!lilim && row->demand < 0) {
        report(r, KY_EINPUT, row->line, "negative demand %" PRId64,
               row->demand);
        ok = false;
    }
    if (row->demand > AMOUNT_MAX || row->demand < -AMOUNT_MAX ||
        fabs(row->x) > COORD_MAX || fabs(row->y) > COORD_MAX) {
        report(r, KY_EINPUT, row->line, "demand or coordinate too large");
        ok = false;
    }
    if (row->ready < 0 || row->due < row->ready || row->due > KY_TIME_INF) {
        report(r, KY_EINPUT, row->line,
               "empty, negative or unbounded time window [%g, %g]",
               row->ready, row->due);
        ok = false;
    }
    if (row->service < 0) {
        report(r, KY_EINPUT, row->line, "negative service time %g",
               row->service);
        ok = false;
    }
    return ok;
}

static void add_row(reader *r, const node_row *row)
{
    if (r->n_rows == r->cap_rows) {
        int32_t cap = r->cap_rows ? r->cap_rows * 2 : 128;
        node_row *grown = ky_reallocarray(r->ctx, r->rows, (size_t)cap,
                                          sizeof *grown);
        if (grown == NULL) {
            report(r, KY_ENOMEM, 0, "out of memory");
            return;
        }
        r->rows = grown;
        r->cap_rows = cap;
    }
    r->rows[r->n_rows++] = *row;
}

/* Parses a node line of `want` fields (7 Solomon, 9 Li & Lim). */
static void parse_node(reader *r, char **field, int n, int want)
{
    if (r->n_rows == KY_MAX_LOCATIONS) {
        report(r, KY_ELIMIT, r->line, "more than %d nodes",
               KY_MAX_LOCATIONS);
        return;
    }
    if (n != want) {
        report(r, KY_EINPUT, r->line,
               "expected %d columns on a node line, found %d", want, n);
        return;
    }
    int64_t ints[MAX_FIELDS] = {0};
    double num[MAX_FIELDS] = {0};
    if (!read_fields(r, field, n, node_columns, ints, num))
        return;
    node_row row = {.node = ints[0], .x = num[1], .y = num[2],
                    .demand = ints[3], .ready = num[4], .due = num[5],
                    .service = num[6], .pickup = ints[7],
                    .delivery = ints[8], .line = r->line};
    if (check_row(r, &row, want == MAX_FIELDS))
        add_row(r, &row);
}

/* The fleet line: vehicles and capacity (Li & Lim adds a speed, which is
 * read but ignored: several published files give 0 there, and travel
 * time is the distance in every file). */
static void parse_fleet(reader *r, char **field, int n, int want)
{
    static const column fleet_columns[3] = {
        {"vehicle count", true}, {"capacity", true}, {"speed", false}};
    if (n != want) {
        report(r, KY_EINPUT, r->line,
               "expected %d columns on the vehicle line, found %d", want,
               n);
        return;
    }
    int64_t ints[3] = {0};
    double num[3] = {0};
    if (!read_fields(r, field, n, fleet_columns, ints, num))
        return;
    r->fleet_line = r->line;
    r->n_vehicles = ints[0];
    r->capacity = ints[1];
    if (ints[0] < 1)
        report(r, KY_EINPUT, r->line, "vehicle count %" PRId64
               " must be at least 1", ints[0]);
    else if (ints[0] > KY_MAX_VEHICLES)
        report(r, KY_ELIMIT, r->line, "more than %d vehicles",
               KY_MAX_VEHICLES);
    if (ints[1] < 0)
        report(r, KY_EINPUT, r->line, "negative capacity %" PRId64,
               ints[1]);
    else if (ints[1] > AMOUNT_MAX)
        report(r, KY_EINPUT, r->line, "capacity %" PRId64 " too large",
               ints[1]);
}

/* ---- Solomon ----------------------------------------------------------- */

static bool looks_numeric(const char *s)
{
    return strchr("0123456789+-.", *s) != NULL;
}

/* A text line: a section keyword, or a column header before the
 * section's numbers. */
static void solomon_text(reader *r, const char *word)
{
    bool vehicle = strcasecmp(word, "VEHICLE") == 0;
    if (vehicle || strcasecmp(word, "CUSTOMER") == 0) {
        bool *seen = vehicle ? &r->has_vehicle : &r->has_customer;
        if (*seen)
            report(r, KY_EINPUT, r->line, "second %s section",
                   vehicle ? "VEHICLE" : "CUSTOMER");
        *seen = true;
        r->in_vehicle = vehicle;
        r->in_customer = !vehicle;
        r->section_has_data = false;
    } else if (!(r->in_vehicle || r->in_customer) || r->section_has_data) {
        report(r, KY_EINPUT, r->line, "unexpected text '%.40s'", word);
    }
}

static void solomon_numbers(reader *r, char **field, int n)
{
    if (r->in_vehicle && r->section_has_data)
        report(r, KY_EINPUT, r->line,
               "the VEHICLE section holds one line");
    else if (r->in_vehicle)
        parse_fleet(r, field, n, 2);
    else if (r->in_customer)
        parse_node(r, field, n, 7);
    else
        report(r, KY_EINPUT, r->line,
               "numbers before the VEHICLE and CUSTOMER sections");
    r->section_has_data = true;
}

/* The name ends up in XML and CSV files: keep it to printable ASCII. */
static void check_name(reader *r, const char *name)
{
    for (const char *p = name; *p; p++)
        if (*p < '!' || *p > '~' || *p == ',') {
            report(r, KY_EINPUT, r->line, "instance name holds a character "
                   "other than printable ASCII (or a comma)");
            return;
        }
}

static void parse_solomon(reader *r)
{
    char *field[MAX_FIELDS];
    int n;
    while (next_fields(r, field, &n)) {
        if (r->name == NULL) {
            r->name = field[0];
            if (strcasecmp(field[0], "VEHICLE") != 0) {
                check_name(r, field[0]);
                continue; /* the name takes the line */
            }
            report(r, KY_EINPUT, r->line, "missing instance name");
        }
        if (looks_numeric(field[0]))
            solomon_numbers(r, field, n);
        else
            solomon_text(r, field[0]);
    }
    if (!reader_going(r))
        return;
    if (!r->has_vehicle)
        report(r, KY_EINPUT, r->line, "missing VEHICLE section");
    else if (r->fleet_line == 0)
        report(r, KY_EINPUT, r->line, "VEHICLE section without its "
               "vehicle count and capacity line");
    if (!r->has_customer)
        report(r, KY_EINPUT, r->line, "missing CUSTOMER section");
    else if (r->n_rows == 0 && r->status == KY_OK)
        report(r, KY_EINPUT, r->line, "CUSTOMER section without nodes");
}

/* ---- Li & Lim ---------------------------------------------------------- */

static void parse_lilim(reader *r)
{
    char *field[MAX_FIELDS];
    int n;
    while (next_fields(r, field, &n)) {
        if (!r->has_vehicle) {
            r->has_vehicle = true;
            parse_fleet(r, field, n, 3);
        } else {
            parse_node(r, field, n, MAX_FIELDS);
        }
    }
    if (!reader_going(r))
        return;
    if (!r->has_vehicle)
        report(r, KY_EINPUT, r->line,
               "missing vehicle line (vehicles, capacity, speed)");
    else if (r->n_rows == 0 && r->status == KY_OK)
        report(r, KY_EINPUT, r->line, "no node lines");
}

/* ---- linking ------------------------------------------------------------ */

static int32_t row_of(const reader *r, int64_t node)
{
    return node >= 0 && node < r->n_index ? r->index[node] : -1;
}

/* Builds the node index; reports duplicates and a missing depot. */
static void index_rows(reader *r)
{
    int64_t max = 0;
    for (int32_t i = 0; i < r->n_rows; i++)
        if (r->rows[i].node > max)
            max = r->rows[i].node;
    /* check_row keeps node numbers below KY_MAX_LOCATIONS. */
    r->n_index = max + 1;
    r->index = ky_calloc(r->ctx, (size_t)r->n_index, sizeof *r->index);
    if (r->index == NULL) {
        report(r, KY_ENOMEM, 0, "out of memory");
        return;
    }
    for (int64_t k = 0; k < r->n_index; k++)
        r->index[k] = -1;
    for (int32_t i = 0; i < r->n_rows; i++) {
        const node_row *row = &r->rows[i];
        int32_t prev = r->index[row->node];
        if (prev >= 0)
            report(r, KY_EINPUT, row->line,
                   "node %" PRId64 " already given on line %d", row->node,
                   r->rows[prev].line);
        else
            r->index[row->node] = i;
    }
    r->depot = r->index[0];
    if (r->depot < 0)
        report(r, KY_EINPUT, r->rows[0].line,
               "no depot: node 0 is missing");
}

/* A pickup row must name a delivery that names it back, with the
 * opposite demand. */
static void check_pickup(reader *r, const node_row *p)
{
    int32_t d = row_of(r, p->delivery);
    if (p->demand <= 0)
        report(r, KY_EINPUT, p->line, "pickup %" PRId64
               " has demand %" PRId64 ", expected > 0", p->node,
               p->demand);
    if (d < 0) {
        report(r, KY_EINPUT, p->line, "pickup %" PRId64
               ": delivery node %" PRId64 " does not exist", p->node,
               p->delivery);
    } else if (r->rows[d].pickup != p->node) {
        report(r, KY_EINPUT, p->line, "pickup %" PRId64
               " names delivery %" PRId64 ", which names pickup %"
               PRId64, p->node, p->delivery, r->rows[d].pickup);
    } else if (r->rows[d].demand != -p->demand) {
        report(r, KY_EINPUT, r->rows[d].line, "delivery %" PRId64
               " has demand %" PRId64 ", expected %" PRId64
               " (minus its pickup's)", r->rows[d].node,
               r->rows[d].demand, -p->demand);
    }
}

static void check_delivery(reader *r, const node_row *d)
{
    int32_t p = row_of(r, d->pickup);
    if (p < 0)
        report(r, KY_EINPUT, d->line, "delivery %" PRId64
               ": pickup node %" PRId64 " does not exist", d->node,
               d->pickup);
    else if (r->rows[p].delivery != d->node)
        report(r, KY_EINPUT, d->line, "delivery %" PRId64
               " names pickup %" PRId64 ", which names delivery %"
               PRId64, d->node, d->pickup, r->rows[p].delivery);
}

/* Li & Lim: every node but the depot is one end of a consistent pair. */
static void check_pairs(reader *r)
{
    for (int32_t i = 0; i < r->n_rows; i++) {
        const node_row *row = &r->rows[i];
        if (i == r->depot)
            continue;
        if (row->pickup == 0 && row->delivery > 0) {
            check_pickup(r, row);
            r->n_shipments++;
        } else if (row->pickup > 0 && row->delivery == 0) {
            check_delivery(r, row);
        } else {
            report(r, KY_EINPUT, row->line, "node %" PRId64
                   " is neither a pickup nor a delivery (pickup index %"
                   PRId64 ", delivery index %" PRId64 ")", row->node,
                   row->pickup, row->delivery);
        }
    }
}

static void link_rows(reader *r, ky_import_format format)
{
    index_rows(r);
    if (r->status != KY_OK)
        return;
    if (format == KY_IMPORT_LILIM)
        check_pairs(r);
    else
        r->n_shipments = r->n_rows - 1;
    if (r->n_shipments > KY_MAX_SHIPMENTS)
        report(r, KY_ELIMIT, 0, "more than %d shipments",
               KY_MAX_SHIPMENTS);
}

/* ---- building the scenario ---------------------------------------------- */

/* The file's base name without its extension, as a new string. */
static char *base_name(const ky_ctx *ctx, const char *path)
{
    const char *slash = strrchr(path, '/');
    char *name = ky_strdup(ctx, slash ? slash + 1 : path);
    char *dot = name ? strrchr(name, '.') : NULL;
    if (dot != NULL && dot != name)
        *dot = '\0';
    return name;
}

static char *node_id(const ky_ctx *ctx, int64_t node)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, node);
    return ky_strdup(ctx, buf);
}

static int build_locations(ky_scenario *s, const reader *r)
{
    s->locations = ky_calloc(&s->ctx, (size_t)r->n_rows,
                             sizeof *s->locations);
    if (s->locations == NULL)
        return KY_ENOMEM;
    s->n_locations = r->n_rows;
    for (int32_t i = 0; i < r->n_rows; i++) {
        ky_location *loc = &s->locations[i];
        loc->id = node_id(&s->ctx, r->rows[i].node);
        if (loc->id == NULL)
            return KY_ENOMEM;
        loc->x = r->rows[i].x;
        loc->y = r->rows[i].y;
        loc->has_coords = true;
        loc->line = r->rows[i].line;
    }
    return KY_OK;
}

static int build_fleet(ky_scenario *s, const reader *r)
{
    const node_row *depot = &r->rows[r->depot];
    s->depots = ky_calloc(&s->ctx, 1, sizeof *s->depots);
    if (s->depots == NULL)
        return KY_ENOMEM;
    s->n_depots = 1;
    s->depots[0] = (ky_depot){.id = ky_strdup(&s->ctx, "depot"),
                              .location = r->depot, .company = -1,
                              .hours = {depot->ready, depot->due},
                              .line = depot->line};
    s->vehicles = ky_calloc(&s->ctx, (size_t)r->n_vehicles,
                            sizeof *s->vehicles);
    if (s->depots[0].id == NULL || s->vehicles == NULL)
        return KY_ENOMEM;
    s->n_vehicles = (int32_t)r->n_vehicles;
    for (int32_t k = 0; k < s->n_vehicles; k++) {
        char id[32];
        snprintf(id, sizeof id, "v%" PRId32, k + 1);
        ky_vehicle *v = &s->vehicles[k];
        *v = (ky_vehicle){.id = ky_strdup(&s->ctx, id), .company = -1,
                          .shift = {0.0, depot->due}, .cost_per_km = 1.0,
                          .line = r->fleet_line};
        v->capacity[0] = r->capacity;
        if (v->id == NULL)
            return KY_ENOMEM;
    }
    return KY_OK;
}

/* Name, settings, the one dimension, locations, depot and vehicles. */
static int build_base(ky_scenario *s, const reader *r,
                      ky_import_format format)
{
    s->file = ky_strdup(&s->ctx, r->path);
    s->name = format == KY_IMPORT_SOLOMON ? ky_strdup(&s->ctx, r->name)
                                          : base_name(&s->ctx, r->path);
    s->n_dims = 1; /* counted before filled: ky_scenario_free frees it */
    s->dim_ids[0] = ky_strdup(&s->ctx, "demand");
    if (s->file == NULL || s->name == NULL || s->dim_ids[0] == NULL)
        return KY_ENOMEM;
    ky_settings_init(&s->settings);
    s->settings.distance = KY_DIST_EUCLIDEAN;
    s->settings.road_factor = 1.0;
    s->settings.speed_kmh = 60.0;
    int rc = build_locations(s, r);
    return rc == KY_OK ? build_fleet(s, r) : rc;
}

static void set_node_stop(ky_stop_spec *st, const reader *r, int32_t row)
{
    const node_row *n = &r->rows[row];
    *st = (ky_stop_spec){.site = KY_SITE_LOCATION, .location = row,
                         .depot = -1, .n_windows = 1,
                         .service = n->service, .line = n->line};
    st->windows[0] = (ky_window){n->ready, n->due};
}

/* A shipment for node row `row`, with the scenario-wide defaults. */
static int start_shipment(ky_scenario *s, const reader *r, int32_t row)
{
    ky_shipment *sh = &s->shipments[s->n_shipments];
    sh->id = node_id(&s->ctx, r->rows[row].node);
    if (sh->id == NULL)
        return KY_ENOMEM;
    s->n_shipments++;
    sh->company = -1;
    sh->amount[0] = r->rows[row].demand;
    sh->penalty = s->settings.default_penalty;
    sh->line = r->rows[row].line;
    return KY_OK;
}

static int build_shipments(ky_scenario *s, const reader *r,
                           ky_import_format format)
{
    s->shipments = ky_calloc(&s->ctx, (size_t)r->n_shipments,
                             sizeof *s->shipments);
    if (s->shipments == NULL)
        return KY_ENOMEM;
    for (int32_t i = 0; i < r->n_rows; i++) {
        const node_row *row = &r->rows[i];
        if (i == r->depot || (format == KY_IMPORT_LILIM && row->pickup))
            continue;
        ky_shipment *sh = &s->shipments[s->n_shipments];
        if (start_shipment(s, r, i) != KY_OK)
            return KY_ENOMEM;
        if (format == KY_IMPORT_LILIM) {
            set_node_stop(&sh->pickup, r, i);
            set_node_stop(&sh->delivery, r, row_of(r, row->delivery));
            continue;
        }
        /* Solomon: loaded at the depot at any time, then delivered. */
        sh->pickup = (ky_stop_spec){.site = KY_SITE_DEPOT,
                                    .location = r->depot, .depot = 0,
                                    .n_windows = 1, .line = row->line};
        sh->pickup.windows[0] = (ky_window){0.0, KY_TIME_INF};
        set_node_stop(&sh->delivery, r, i);
    }
    return KY_OK;
}

int ky_import_file(ky_scenario **out, ky_import_format format,
                   const char *path, const ky_ctx *ctx, ky_error *err)
{
    reader r = {.path = path, .ctx = ctx, .err = err, .depot = -1};
    ky_scenario *s = NULL;
    *out = NULL;
    if (format != KY_IMPORT_SOLOMON && format != KY_IMPORT_LILIM) {
        report(&r, KY_EINPUT, 0, "unknown import format %d", (int)format);
        goto fail;
    }
    read_text(&r);
    if (r.status != KY_OK)
        goto fail;
    if (format == KY_IMPORT_SOLOMON)
        parse_solomon(&r);
    else
        parse_lilim(&r);
    if (r.status != KY_OK)
        goto fail;
    link_rows(&r, format);
    if (r.status != KY_OK)
        goto fail;
    int rc = ky_scenario_new(&s, ctx);
    if (rc == KY_OK)
        rc = build_base(s, &r, format);
    if (rc == KY_OK)
        rc = build_shipments(s, &r, format);
    if (rc != KY_OK) {
        report(&r, rc, 0, "out of memory");
        goto fail;
    }
    reader_release(&r);
    *out = s;
    return KY_OK;
fail:
    ky_scenario_free(s);
    reader_release(&r);
    return r.status;
}
