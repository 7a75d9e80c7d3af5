/* kyodo load: scenario XML -> ky_scenario, safely.
 *
 * Steps, each only after the previous one succeeded: read the file (size
 * capped), parse it with libxml2 (no network, no DTD, no entities; a
 * DOCTYPE stops the parser where it stands), check the root element,
 * validate against the schema compiled into the library, build the
 * scenario from the DOM, run the semantic checks (load_check.c). Input
 * problems go to the caller's ky_error and loading goes on, so users see
 * them all; KY_ENOMEM, KY_ELIMIT and KY_EINTERNAL stop at once.
 *
 * Invariants: no global state (libxml2's thread-local error handler is
 * set only around the parse and restored after; numbers are read under a
 * thread-local "C" locale). Once the schema holds, the DOM has its shape,
 * so builders find elements by name without re-checking their order or
 * number. Everything the scenario owns comes from its ctx, so
 * ky_scenario_free releases it on every path. */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "load_int.h"

#define KY_NS "urn:kyodo:scenario:1"
#define BLANKS " \t\r\n"
#define WHO_LEN 192 /* "vehicle 'id'", truncated if an id is huge */

#if LIBXML_VERSION >= 21300
#define PARSE_OPTIONS                                                      \
    (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |           \
     XML_PARSE_NOWARNING | XML_PARSE_NO_XXE)
#else
#define PARSE_OPTIONS                                                      \
    (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |           \
     XML_PARSE_NOWARNING)
#endif

#if LIBXML_VERSION >= 21200
typedef const xmlError ky_xml_error;
#else
typedef xmlError ky_xml_error;
#endif

typedef struct loader {
    const ky_load__kind *kind; /* root element, namespace, schema */
    ky_scenario *s; /* being built; NULL until the schema holds */
    ky_error *err;
    const char *file; /* the name in messages */
    unsigned flags;   /* KY_LOAD_* */
    int n_bad;        /* input problems reported */
    bool doctype;     /* a DOCTYPE was refused: ignore later parser noise */
    /* Sorted ids for resolving references; borrow from s. */
    ky_load__name *companies, *locations, *depots, *vehicles;
} loader;

static void bad(loader *ld, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void bad(loader *ld, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ky_error_addv(ld->err, KY_EINPUT, ld->file, line, fmt, ap);
    va_end(ap);
    ld->n_bad++;
}

static int too_large(ky_error *err, const char *file)
{
    return ky_error_add(err, KY_ELIMIT, file, 0,
                        "file is larger than the limit of %lld MiB",
                        (long long)(KY_MAX_FILE_BYTES / (1024 * 1024)));
}

/* ---- reading the file --------------------------------------------------- */

static int io_error(ky_error *err, const char *path, const char *what,
                    int errnum)
{
    char why[128];
    if (strerror_r(errnum, why, sizeof why) != 0)
        snprintf(why, sizeof why, "error %d", errnum);
    return ky_error_add(err, KY_EIO, path, 0, "%s: %s", what, why);
}

/* Reads the whole of f into *out (through ctx), refusing more than
 * KY_MAX_FILE_BYTES; size_hint is the expected size (0 when unknown). */
static int read_all(FILE *f, size_t size_hint, const char *path,
                    const ky_ctx *ctx, ky_error *err, char **out,
                    size_t *out_len)
{
    const size_t limit = (size_t)KY_MAX_FILE_BYTES;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = KY_OK;
    while (rc == KY_OK) {
        if (len == cap) {
            if (cap > limit) {
                rc = too_large(err, path);
                break;
            }
            size_t grown = cap ? cap * 2 : size_hint + 1;
            grown = grown < 4096 ? 4096 : grown > limit + 1 ? limit + 1 : grown;
            char *more = ky_reallocarray(ctx, buf, grown, 1);
            if (more == NULL) {
                rc = KY_ENOMEM;
                break;
            }
            buf = more;
            cap = grown;
        }
        len += fread(buf + len, 1, cap - len, f);
        if (ferror(f))
            rc = io_error(err, path, "cannot read", errno);
        else if (feof(f))
            break;
    }
    if (rc != KY_OK) {
        ky_free(ctx, buf);
        buf = NULL;
        len = 0;
    }
    *out = buf;
    *out_len = len;
    return rc;
}

static int read_file(const char *path, const ky_ctx *ctx, ky_error *err,
                     char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return io_error(err, path, "cannot open", errno);
    struct stat st;
    size_t hint = 0;
    int rc = KY_OK;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
        if (st.st_size > KY_MAX_FILE_BYTES) {
            rc = too_large(err, path);
            goto done;
        }
        hint = (size_t)st.st_size;
    }
    rc = read_all(f, hint, path, ctx, err, out, out_len);
done:
    fclose(f);
    return rc;
}

/* ---- parsing -------------------------------------------------------------- */

/* libxml2 wording -> ours, applied in order to every parser and schema
 * message: our namespace is noise, and patterns say little to users. */
static const char *const message_edits[][2] = {
    {"{" KY_NS "}", ""},
    {"{urn:kyodo:study:1}", ""},
    {"is not accepted by the pattern '[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}'",
     "is not a variant id (letters, digits, '.', '_', '-'; at most 64)"},
    {"Element '", "element '"},
    {"The value '", "the value '"},
    {"is not accepted by the pattern '[^\\s,]{1,128}'",
     "is not an id (1 to 128 characters, no blanks or commas)"},
    {"is not accepted by the pattern "
     "'[0-9]{1,3}:[0-5][0-9](:[0-5][0-9])?-[0-9]{1,3}:[0-5][0-9](:[0-5][0-9])?'",
     "is not a time window HH:MM-HH:MM"},
    {"is not accepted by the pattern '[0-9]{1,3}:[0-5][0-9](:[0-5][0-9])?'",
     "is not a clock time HH:MM"},
};

/* Replaces every `from` in buf (a string of at most size - 1 bytes) by
 * `to`, truncating if needed. */
static void replace_all(char *buf, size_t size, const char *from,
                        const char *to)
{
    char out[KY_ERROR_MSG_LEN];
    size_t n_from = strlen(from), used = 0;
    const char *p = buf, *hit;
    if (size > sizeof out)
        size = sizeof out;
    while ((hit = strstr(p, from)) != NULL) {
        int k = snprintf(out + used, size - used, "%.*s%s", (int)(hit - p), p,
                         to);
        used += (size_t)k < size - used ? (size_t)k : size - used - 1;
        p = hit + n_from;
    }
    snprintf(out + used, size - used, "%s", p);
    memcpy(buf, out, strlen(out) + 1);
}

/* Copies a libxml2 message into buf in our wording, without "[facet 'x']"
 * tags and the trailing newline. */
static void tidy_message(char *buf, size_t size, const char *msg)
{
    snprintf(buf, size, "%s", msg);
    char *tag;
    while ((tag = strstr(buf, "[facet '")) != NULL) {
        char *end = strstr(tag, "'] ");
        if (end == NULL)
            break;
        memmove(tag, end + 3, strlen(end + 3) + 1);
    }
    for (size_t i = 0; i < sizeof message_edits / sizeof *message_edits; i++)
        replace_all(buf, size, message_edits[i][0], message_edits[i][1]);
    size_t n = strlen(buf);
    while (n > 0 && strchr(BLANKS, buf[n - 1]))
        buf[--n] = '\0';
}

/* Parser and schema errors -> our list. Always our own file name: the
 * document is the only input, and libxml2 URI-escapes doc->URL (a path
 * "a b.xml" comes back as "a%20b.xml"). Warnings are dropped. */
static void on_xml_error(void *ud, ky_xml_error *e)
{
    loader *ld = ud;
    if (e == NULL || e->level < XML_ERR_ERROR || ld->doctype)
        return;
    char msg[KY_ERROR_MSG_LEN];
    tidy_message(msg, sizeof msg, e->message ? e->message : "XML error");
    bad(ld, e->line, "%s", msg);
}

/* SAX startElementNs: libxml2 gives an element the line where its start
 * tag ends; users look for the line where it begins, with its id. A tag
 * holds no '<' (not even in attribute values), so the last '<' before the
 * parser's position opens it. Lines past 65534 are left to libxml2. */
static void start_element(void *ud, const xmlChar *name,
                          const xmlChar *prefix, const xmlChar *uri,
                          int n_ns, const xmlChar **ns, int n_attrs,
                          int n_defaulted, const xmlChar **attrs)
{
    xmlParserCtxt *pc = ud;
    xmlSAX2StartElementNs(ud, name, prefix, uri, n_ns, ns, n_attrs,
                          n_defaulted, attrs);
    const xmlParserInput *in = pc->input;
    xmlNode *node = pc->node;
    if (node == NULL || in == NULL || in->base == NULL || in->cur == NULL ||
        node->line != in->line || node->line >= 65535)
        return;
    const xmlChar *p = in->cur;
    int newlines = 0;
    while (p > in->base && *--p != '<')
        newlines += *p == '\n';
    if (*p == '<' && newlines < node->line)
        node->line = (unsigned short)(node->line - newlines);
}

/* SAX internalSubset: called at any DOCTYPE, before its internal subset
 * (entity declarations included) is read. Stops the parser there. */
static void refuse_doctype(void *ud, const xmlChar *name,
                           const xmlChar *public_id,
                           const xmlChar *system_id)
{
    xmlParserCtxt *pc = ud;
    loader *ld = pc->_private;
    (void)name, (void)public_id, (void)system_id;
    bad(ld, pc->input ? pc->input->line : 0, "DOCTYPE is not allowed in a %s",
        ld->kind->root);
    ld->doctype = true;
    xmlStopParser(pc);
}

static int parse_xml(loader *ld, const char *buf, size_t len, xmlDoc **out)
{
    xmlDoc *doc = NULL;
    int rc = KY_EINPUT;
    *out = NULL;
    xmlParserCtxt *pc = xmlNewParserCtxt();
    if (pc == NULL)
        return KY_ENOMEM;
    pc->_private = ld;
    pc->sax->internalSubset = refuse_doctype;
    pc->sax->startElementNs = start_element;
    xmlStructuredErrorFunc old_fn = xmlStructuredError;
    void *old_ud = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(ld, on_xml_error);
    doc = xmlCtxtReadMemory(pc, buf ? buf : "", (int)len, ld->file, NULL,
                            PARSE_OPTIONS);
    xmlSetStructuredErrorFunc(old_ud, old_fn);
    xmlFreeParserCtxt(pc);
    /* Defence in depth, should the SAX hook ever be bypassed. */
    if (doc && (doc->intSubset || doc->extSubset) && !ld->doctype)
        bad(ld, 0, "DOCTYPE is not allowed in a %s", ld->kind->root);
    if (doc == NULL && ld->n_bad == 0)
        bad(ld, 0, "not a well-formed XML document");
    if (ld->n_bad > 0)
        goto fail;
    *out = doc;
    return KY_OK;
fail:
    xmlFreeDoc(doc);
    return rc;
}

static bool is_elem(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

static int line_of(const xmlNode *n)
{
    long line = xmlGetLineNo(n);
    return line > 0 && line <= INT_MAX ? (int)line : 0;
}

static int check_root(loader *ld, const xmlDoc *doc)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    const ky_load__kind *k = ld->kind;
    if (root && is_elem(root, k->root) && root->ns &&
        xmlStrEqual(root->ns->href, BAD_CAST k->ns))
        return KY_OK;
    bad(ld, root ? line_of(root) : 0,
        "the root element must be <%s xmlns=\"%s\">", k->root, k->ns);
    return KY_EINPUT;
}

/* Errors while compiling our own schema are bugs, not input problems. */
static void on_schema_bug(void *ud, ky_xml_error *e)
{
    loader *ld = ud;
    char msg[KY_ERROR_MSG_LEN];
    tidy_message(msg, sizeof msg, e && e->message ? e->message : "error");
    ky_error_add(ld->err, KY_EINTERNAL, ld->file, 0,
                 "compiled-in %s schema: %s", ld->kind->root, msg);
}

static int validate_schema(loader *ld, xmlDoc *doc)
{
    int rc = KY_EINTERNAL, valid = -1;
    xmlSchemaValidCtxt *vc = NULL;
    xmlSchema *schema = NULL;
    xmlSchemaParserCtxt *pc =
        xmlSchemaNewMemParserCtxt(ld->kind->xsd, (int)*ld->kind->xsd_len);
    if (pc == NULL)
        goto fail;
    xmlSchemaSetParserStructuredErrors(pc, on_schema_bug, ld);
    schema = xmlSchemaParse(pc);
    if (schema == NULL || (vc = xmlSchemaNewValidCtxt(schema)) == NULL)
        goto fail;
    xmlSchemaSetValidStructuredErrors(vc, on_xml_error, ld);
    valid = xmlSchemaValidateDoc(vc, doc);
    if (valid == 0)
        rc = KY_OK;
    else if (valid > 0) {
        if (ld->n_bad == 0)
            bad(ld, 0, "the document does not match the %s schema",
                ld->kind->root);
        rc = KY_EINPUT;
    }
fail:
    if (rc == KY_EINTERNAL)
        ky_error_add(ld->err, KY_EINTERNAL, ld->file, 0,
                     "schema validation failed inside libxml2 (code %d)",
                     valid);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return rc;
}

/* ---- DOM access ----------------------------------------------------------- */

/* The first element named `name` among n and its next siblings. */
static const xmlNode *find_elem(const xmlNode *n, const char *name)
{
    while (n && !is_elem(n, name))
        n = n->next;
    return n;
}

static const xmlNode *child(const xmlNode *parent, const char *name)
{
    return parent ? find_elem(parent->children, name) : NULL;
}

static const xmlNode *next_elem(const xmlNode *n)
{
    return find_elem(n->next, (const char *)n->name);
}

static int64_t count_children(const xmlNode *parent, const char *name)
{
    int64_t n = 0;
    for (const xmlNode *c = child(parent, name); c; c = next_elem(c))
        n++;
    return n;
}

/* An attribute's value, or NULL when absent. Without a DTD there are no
 * entity references, so the value is a single text node. */
static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->ns == NULL && strcmp((const char *)a->name, name) == 0)
            return a->children && a->children->content
                       ? (const char *)a->children->content
                       : "";
    return NULL;
}

/* The next blank-separated token of *p and its length; NULL at the end. */
static const char *next_token(const char **p, size_t *len)
{
    const char *t = *p + strspn(*p, BLANKS);
    *len = 0;
    if (*t == '\0') {
        *p = t;
        return NULL;
    }
    *len = strcspn(t, BLANKS);
    *p = t + *len;
    return t;
}

/* ---- values --------------------------------------------------------------- */

static char *dup_len(const ky_ctx *ctx, const char *text, size_t len)
{
    char *p = ky_malloc(ctx, len + 1);
    if (p) {
        memcpy(p, text, len);
        p[len] = '\0';
    }
    return p;
}

/* A copy of text, or NULL for NULL text; KY_ENOMEM when it fails. */
static int dup_attr(loader *ld, const xmlNode *n, const char *name,
                    char **out)
{
    const char *text = attr(n, name);
    *out = text ? ky_strdup(&ld->s->ctx, text) : NULL;
    return text && *out == NULL ? KY_ENOMEM : KY_OK;
}

/* An xs:decimal (syntax checked by the schema) that must fit a double. */
static bool parse_double(const char *text, double *out)
{
    char *end;
    double v = strtod(text, &end);
    if (end == text || end[strspn(end, BLANKS)] != '\0' || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* A non-negative integer: digits, an optional '+', blanks around. */
static bool parse_count(const char *text, int64_t *out)
{
    const char *p = text + strspn(text, BLANKS);
    int64_t v = 0;
    if (*p == '+')
        p++;
    if (*p < '0' || *p > '9')
        return false;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (INT64_MAX - (*p - '0')) / 10)
            return false;
        v = v * 10 + (*p - '0');
    }
    if (p[strspn(p, BLANKS)] != '\0')
        return false;
    *out = v;
    return true;
}

static double read_decimal(loader *ld, const xmlNode *n, const char *name,
                           double def)
{
    const char *text = attr(n, name);
    double v = def;
    if (text && !parse_double(text, &v))
        bad(ld, line_of(n),
            "element '%s', attribute '%s': '%.40s' is not a finite number",
            (const char *)n->name, name, text);
    return v;
}

static bool read_bool(const xmlNode *n, const char *name)
{
    const char *text = attr(n, name);
    if (text == NULL)
        return false;
    text += strspn(text, BLANKS);
    return strncmp(text, "true", 4) == 0 || text[0] == '1';
}

/* "HH:MM-HH:MM" (len bytes) -> w. */
static bool parse_window(const char *text, size_t len, ky_window *w)
{
    char buf[32];
    if (len >= sizeof buf)
        return false;
    memcpy(buf, text, len);
    buf[len] = '\0';
    char *dash = strchr(buf, '-');
    if (dash == NULL)
        return false;
    *dash = '\0';
    return ky_parse_clock(buf, &w->open) && ky_parse_clock(dash + 1, &w->close);
}

/* Reads clock attribute `name` into *out when present. */
static void read_clock(loader *ld, const xmlNode *n, const char *name,
                       double *out)
{
    const char *text = attr(n, name);
    if (text && !ky_parse_clock(text, out))
        bad(ld, line_of(n),
            "element '%s', attribute '%s': '%.40s' is not a clock time",
            (const char *)n->name, name, text);
}

/* Reads window attribute `name` into *out when present. */
static void read_window(loader *ld, const xmlNode *n, const char *name,
                        ky_window *out)
{
    const char *text = attr(n, name);
    if (text && !parse_window(text, strlen(text), out))
        bad(ld, line_of(n),
            "element '%s', attribute '%s': '%.40s' is not a time window",
            (const char *)n->name, name, text);
}

/* The index of the entity named id, or -1 after reporting it unknown;
 * -1 without a report when id is NULL (an optional reference). */
/* ---- for other readers of kyodo's XML files (load_int.h) ------------------ */

const xmlNode *ky_load__child(const xmlNode *parent, const char *name)
{
    return child(parent, name);
}

const xmlNode *ky_load__next(const xmlNode *n)
{
    return next_elem(n);
}

const char *ky_load__attr(const xmlNode *n, const char *name)
{
    return attr(n, name);
}

int ky_load__line(const xmlNode *n)
{
    return line_of(n);
}

bool ky_load__number(const char *text, double *out)
{
    return parse_double(text, out);
}

const char *ky_load__token(const char **p, size_t *len)
{
    return next_token(p, len);
}

static int32_t resolve(loader *ld, const ky_load__name *names, int32_t n,
                       const char *id, int line, const char *who,
                       const char *what)
{
    if (id == NULL)
        return -1;
    int32_t i = ky_load__names_find(names, n, id);
    if (i < 0)
        bad(ld, line, "%s: %s '%s' is not defined", who, what, id);
    return i;
}

static int32_t resolve_company(loader *ld, const xmlNode *n, const char *who)
{
    return resolve(ld, ld->companies, ld->s->n_companies,
                   attr(n, "company"), line_of(n), who, "company");
}

/* ---- building: settings, dimensions, companies, locations ---------------- */

static void build_settings(loader *ld, const xmlNode *n)
{
    ky_settings *st = &ld->s->settings;
    if (n == NULL)
        return;
    const char *distance = attr(n, "distance");
    if (distance && strcmp(distance, "haversine") == 0)
        st->distance = KY_DIST_HAVERSINE;
    else if (distance && strcmp(distance, "matrix") == 0)
        st->distance = KY_DIST_MATRIX;
    st->road_factor = read_decimal(ld, n, "road-factor", st->road_factor);
    st->speed_kmh = read_decimal(ld, n, "speed-kmh", st->speed_kmh);
    st->default_penalty =
        read_decimal(ld, n, "default-penalty", st->default_penalty);
    if (attr(n, "transfers"))
        st->transfers = read_bool(n, "transfers");
}

/* Dimension ids are xs:NCName, whose blanks the schema collapses. A
 * repeated id is reported here (dimensions have no line in the scenario)
 * and dropped. */
static int build_dims(loader *ld, const xmlNode *list)
{
    ky_scenario *s = ld->s;
    int lines[KY_MAX_DIMS];
    for (const xmlNode *n = child(list, "dimension"); n; n = next_elem(n)) {
        const char *id = attr(n, "id");
        id += strspn(id, BLANKS);
        size_t len = strcspn(id, BLANKS);
        int d = 0;
        while (d < s->n_dims &&
               !(strlen(s->dim_ids[d]) == len &&
                 memcmp(s->dim_ids[d], id, len) == 0))
            d++;
        if (d < s->n_dims) {
            bad(ld, line_of(n), "dimension '%s' is already defined at line %d",
                s->dim_ids[d], lines[d]);
            continue;
        }
        if (s->n_dims == KY_MAX_DIMS)
            return ky_error_add(ld->err, KY_ELIMIT, ld->file, line_of(n),
                                "more than %d dimensions", KY_MAX_DIMS);
        if ((s->dim_ids[s->n_dims] = dup_len(&s->ctx, id, len)) == NULL)
            return KY_ENOMEM;
        lines[s->n_dims++] = line_of(n);
    }
    return KY_OK;
}

/* Builds an entity of `size` bytes for each `name` child of list, at most
 * max of them (0: no limit), with fn. Sets *array (NULL when there are
 * none) and *count even on failure, for the caller to store in the
 * scenario at once so that ky_scenario_free releases what fn made; fn
 * must not read the kind being built. */
typedef int (*build_fn)(loader *ld, const xmlNode *n, void *entity);

static int build_each(loader *ld, const xmlNode *list, const char *name,
                      int64_t max, size_t size, build_fn fn, void **array,
                      int32_t *count)
{
    int64_t n = count_children(list, name);
    *array = NULL;
    *count = 0;
    if (max > 0 && n > max)
        return ky_error_add(ld->err, KY_ELIMIT, ld->file, line_of(list),
                            "more than %lld %ss", (long long)max, name);
    if (n > INT32_MAX)
        return ky_error_add(ld->err, KY_ELIMIT, ld->file, line_of(list),
                            "too many %ss", name);
    if (n == 0)
        return KY_OK;
    char *p = ky_calloc(&ld->s->ctx, (size_t)n, size);
    if (p == NULL)
        return KY_ENOMEM;
    *array = p;
    *count = (int32_t)n;
    int rc = KY_OK;
    for (const xmlNode *c = child(list, name); c && rc == KY_OK;
         c = next_elem(c), p += size)
        rc = fn(ld, c, p);
    return rc;
}

static int build_company(loader *ld, const xmlNode *n, void *entity)
{
    ky_company *c = entity;
    c->line = line_of(n);
    int rc = dup_attr(ld, n, "id", &c->id);
    if (rc == KY_OK)
        rc = dup_attr(ld, n, attr(n, "name") ? "name" : "id", &c->name);
    return rc;
}

static int build_companies(loader *ld, const xmlNode *list)
{
    ky_scenario *s = ld->s;
    void *array;
    int rc = build_each(ld, list, "company", 0, sizeof *s->companies,
                        build_company, &array, &s->n_companies);
    s->companies = array;
    if (rc == KY_OK)
        rc = KY_LOAD__NAMES(&ld->companies, &s->ctx, ky_company,
                            s->companies, s->n_companies);
    return rc;
}

/* x, y or lat, lon, whichever pair the distance model uses; with a matrix
 * (coordinates only for maps), lat and lon when given. */
static void read_coords(loader *ld, const xmlNode *n, ky_location *loc)
{
    ky_distance_model model = ld->s->settings.distance;
    bool xy = attr(n, "x") && attr(n, "y");
    bool geo = attr(n, "lat") && attr(n, "lon");
    if (model == KY_DIST_HAVERSINE || (model == KY_DIST_MATRIX && geo)) {
        loc->has_coords = geo;
        loc->x = read_decimal(ld, n, "lon", 0.0);
        loc->y = read_decimal(ld, n, "lat", 0.0);
    } else {
        loc->has_coords = xy;
        loc->x = read_decimal(ld, n, "x", 0.0);
        loc->y = read_decimal(ld, n, "y", 0.0);
    }
}

static int build_location(loader *ld, const xmlNode *n, void *entity)
{
    ky_location *loc = entity;
    loc->line = line_of(n);
    loc->closed = read_bool(n, "closed");
    loc->local = read_bool(n, "local");
    read_coords(ld, n, loc);
    int rc = dup_attr(ld, n, "id", &loc->id);
    if (rc == KY_OK)
        rc = dup_attr(ld, n, "name", &loc->name);
    return rc;
}

static int build_locations(loader *ld, const xmlNode *list)
{
    ky_scenario *s = ld->s;
    void *array;
    int rc = build_each(ld, list, "location", KY_MAX_LOCATIONS,
                        sizeof *s->locations, build_location, &array,
                        &s->n_locations);
    s->locations = array;
    if (rc == KY_OK)
        rc = KY_LOAD__NAMES(&ld->locations, &s->ctx, ky_location,
                            s->locations, s->n_locations);
    return rc;
}

/* ---- building: the matrix ------------------------------------------------- */

static int32_t count_tokens(const char *p)
{
    int32_t n = 0;
    size_t len;
    while (next_token(&p, &len) != NULL && n < INT32_MAX)
        n++;
    return n;
}

/* Maps each location to its <row>, reporting unknown, repeated and
 * missing rows and rows of the wrong length. True when all is well. */
static bool match_rows(loader *ld, const xmlNode *mx, const xmlNode **rows)
{
    const ky_scenario *s = ld->s;
    int32_t n = s->n_locations;
    bool ok = true;
    for (const xmlNode *r = child(mx, "row"); r; r = next_elem(r)) {
        const char *from = attr(r, "from");
        int32_t i = resolve(ld, ld->locations, n, from, line_of(r),
                            "matrix row", "from location");
        if (i >= 0 && rows[i]) {
            bad(ld, line_of(r), "matrix row from '%s' is already given at "
                "line %d", from, line_of(rows[i]));
            i = -1;
        }
        ok = ok && i >= 0;
        if (i >= 0)
            rows[i] = r;
        const char *lists[] = {"km", "minutes"};
        for (int k = 0; k < 2; k++) {
            int32_t got = count_tokens(attr(r, lists[k]));
            if (got != n) {
                bad(ld, line_of(r), "matrix row from '%s': %s has %d values, "
                    "expected %d (one per location)", from, lists[k],
                    (int)got, (int)n);
                ok = false;
            }
        }
    }
    for (int32_t i = 0; i < n; i++)
        if (rows[i] == NULL) {
            bad(ld, line_of(mx), "matrix has no row from location '%s'",
                s->locations[i].id);
            ok = false;
        }
    return ok;
}

/* Parses n values (counted by match_rows) into out. */
static void read_row(loader *ld, const xmlNode *r, const char *name,
                     int32_t n, double *out)
{
    const char *p = attr(r, name);
    size_t len;
    for (int32_t j = 0; j < n; j++) {
        const char *t = next_token(&p, &len);
        char *end;
        if (t == NULL)
            break; /* match_rows counted n tokens */
        out[j] = strtod(t, &end);
        if (end != t + len || !isfinite(out[j])) {
            bad(ld, line_of(r), "matrix row from '%s': %s value '%.*s' is "
                "not a finite number", attr(r, "from"), name,
                (int)(len < 40 ? len : 40), t);
            out[j] = 0.0;
        }
    }
}

static int build_matrix(loader *ld, const xmlNode *mx, int settings_line)
{
    ky_scenario *s = ld->s;
    size_t n = (size_t)s->n_locations;
    if (s->settings.distance != KY_DIST_MATRIX) {
        if (mx)
            bad(ld, line_of(mx), "a <matrix> is given but distance is not "
                "'matrix' (set it in <settings>)");
        return KY_OK;
    }
    if (mx == NULL) {
        bad(ld, settings_line, "distance 'matrix' needs a <matrix> element");
        return KY_OK;
    }
    int rc = KY_OK;
    const xmlNode **rows = ky_calloc(&s->ctx, n, sizeof *rows);
    if (rows == NULL)
        return KY_ENOMEM;
    if (!match_rows(ld, mx, rows))
        goto done;
    s->matrix.km = ky_calloc(&s->ctx, n * n, sizeof *s->matrix.km);
    s->matrix.minutes = ky_calloc(&s->ctx, n * n, sizeof *s->matrix.minutes);
    if (s->matrix.km == NULL || s->matrix.minutes == NULL) {
        rc = KY_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        read_row(ld, rows[i], "km", (int32_t)n, &s->matrix.km[i * n]);
        read_row(ld, rows[i], "minutes", (int32_t)n,
                 &s->matrix.minutes[i * n]);
    }
done:
    ky_free(&s->ctx, rows);
    return rc;
}

/* ---- building: depots and vehicles ---------------------------------------- */

static int build_depot(loader *ld, const xmlNode *n, void *entity)
{
    ky_scenario *s = ld->s;
    ky_depot *d = entity;
    char who[WHO_LEN];
    snprintf(who, sizeof who, "depot '%s'", attr(n, "id"));
    d->line = line_of(n);
    d->location = resolve(ld, ld->locations, s->n_locations,
                          attr(n, "location"), d->line, who, "location");
    d->company = resolve_company(ld, n, who);
    d->shared = read_bool(n, "shared");
    d->cross_dock = read_bool(n, "cross-dock");
    int64_t docks = 0;
    if (attr(n, "docks") && !parse_count(attr(n, "docks"), &docks))
        docks = 0; /* the schema allows only 1 to 1000 */
    d->docks = (int32_t)docks;
    d->handling = read_decimal(ld, n, "handling", 0.0);
    d->handover_step = read_decimal(ld, n, "handover-step", 0.0);
    d->hours = (ky_window){0.0, KY_TIME_INF};
    read_clock(ld, n, "open", &d->hours.open);
    read_clock(ld, n, "close", &d->hours.close);
    return dup_attr(ld, n, "id", &d->id);
}

static int build_depots(loader *ld, const xmlNode *list)
{
    ky_scenario *s = ld->s;
    void *array;
    int rc = build_each(ld, list, "depot", 0, sizeof *s->depots, build_depot,
                        &array, &s->n_depots);
    s->depots = array;
    if (rc == KY_OK)
        rc = KY_LOAD__NAMES(&ld->depots, &s->ctx, ky_depot, s->depots,
                            s->n_depots);
    return rc;
}

/* Adds the names in the `skills` attribute to the scenario's skill table
 * (first seen, first numbered) and sets their bits in *mask. */
static int read_skills(loader *ld, const xmlNode *n, uint64_t *mask)
{
    ky_scenario *s = ld->s;
    const char *p = attr(n, "skills"), *t;
    size_t len;
    *mask = 0;
    while (p && (t = next_token(&p, &len)) != NULL) {
        int k = 0;
        while (k < s->n_skills && !(strlen(s->skill_names[k]) == len &&
                                    memcmp(s->skill_names[k], t, len) == 0))
            k++;
        if (k == KY_MAX_SKILLS)
            return ky_error_add(ld->err, KY_ELIMIT, ld->file, line_of(n),
                                "more than %d distinct skills",
                                KY_MAX_SKILLS);
        if (k == s->n_skills) {
            if ((s->skill_names[k] = dup_len(&s->ctx, t, len)) == NULL)
                return KY_ENOMEM;
            s->n_skills++;
        }
        *mask |= UINT64_C(1) << k;
    }
    return KY_OK;
}

/* <capacity> or <amount>: one attribute per dimension id; given[d] tells
 * which were present. */
static void read_amounts(loader *ld, const xmlNode *n, const char *who,
                         int64_t amount[KY_MAX_DIMS], bool given[KY_MAX_DIMS])
{
    const char *what = (const char *)n->name;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        const char *text = attr(n, name);
        int d = ky_scenario_find_dim(ld->s, name);
        if (d < 0)
            bad(ld, line_of(n), "%s: %s '%s' is not a dimension", who, what,
                name);
        else if (!parse_count(text, &amount[d]))
            bad(ld, line_of(n), "%s: %s %s='%.40s' is not a non-negative "
                "integer", who, what, name, text);
        if (d >= 0)
            given[d] = true;
    }
}

static int64_t read_vehicle_count(const xmlNode *n)
{
    const char *text = attr(n, "count");
    int64_t count = 1;
    if (text && !parse_count(text, &count))
        count = 1; /* the schema allows only 1 to 1000 */
    return count;
}

/* Reads everything but the id of one <vehicle> into *v. */
static int read_vehicle(loader *ld, const xmlNode *n, const char *who,
                        ky_vehicle *v)
{
    ky_scenario *s = ld->s;
    v->line = line_of(n);
    v->company = resolve_company(ld, n, who);
    v->start_depot = resolve(ld, ld->depots, s->n_depots, attr(n, "start"),
                             v->line, who, "start depot");
    v->end_depot = attr(n, "end") ? resolve(ld, ld->depots, s->n_depots,
                                            attr(n, "end"), v->line, who,
                                            "end depot")
                                  : v->start_depot;
    v->shift = (ky_window){0.0, KY_TIME_INF};
    read_window(ld, n, "shift", &v->shift);
    v->fixed_cost = read_decimal(ld, n, "fixed-cost", 0.0);
    v->cost_per_km = read_decimal(ld, n, "cost-per-km", 0.0);
    v->cost_per_hour = read_decimal(ld, n, "cost-per-hour", 0.0);
    v->co2_kg_per_km = read_decimal(ld, n, "co2-kg-per-km", 0.0);
    v->max_drive = read_decimal(ld, n, "max-driving", 0.0);
    v->break_after = read_decimal(ld, n, "break-after", 0.0);
    v->break_min = read_decimal(ld, n, "break", 0.0);
    v->dedicated = read_bool(n, "dedicated");
    v->emergency = read_bool(n, "emergency");
    v->multi_trip = read_bool(n, "multi-trip");
    const xmlNode *cap = child(n, "capacity");
    bool given[KY_MAX_DIMS] = {false};
    read_amounts(ld, cap, who, v->capacity, given);
    for (int d = 0; d < s->n_dims; d++)
        if (!given[d])
            bad(ld, line_of(cap), "%s: capacity for '%s' is missing", who,
                s->dim_ids[d]);
    return read_skills(ld, n, &v->skills);
}

/* One <vehicle>, expanded to `count` vehicles id-1 .. id-count. */
static int build_vehicle(loader *ld, const xmlNode *n, int32_t *next)
{
    ky_scenario *s = ld->s;
    const char *id = attr(n, "id");
    int64_t count = read_vehicle_count(n);
    char who[WHO_LEN];
    snprintf(who, sizeof who, "vehicle '%s'", id);
    ky_vehicle proto = {0};
    int rc = read_vehicle(ld, n, who, &proto);
    for (int64_t k = 1; k <= count && rc == KY_OK; k++) {
        ky_vehicle *v = &s->vehicles[(*next)++];
        *v = proto;
        size_t size = strlen(id) + 24;
        if ((v->id = ky_malloc(&s->ctx, size)) == NULL)
            rc = KY_ENOMEM;
        else if (count > 1)
            snprintf(v->id, size, "%s-%lld", id, (long long)k);
        else
            snprintf(v->id, size, "%s", id);
    }
    return rc;
}

static int build_vehicles(loader *ld, const xmlNode *list)
{
    ky_scenario *s = ld->s;
    int64_t total = 0;
    for (const xmlNode *n = child(list, "vehicle"); n; n = next_elem(n))
        if ((total += read_vehicle_count(n)) > KY_MAX_VEHICLES)
            return ky_error_add(ld->err, KY_ELIMIT, ld->file, line_of(n),
                                "more than %d vehicles once count= is expanded",
                                KY_MAX_VEHICLES);
    s->vehicles = ky_calloc(&s->ctx, (size_t)total, sizeof *s->vehicles);
    if (s->vehicles == NULL)
        return KY_ENOMEM;
    s->n_vehicles = (int32_t)total;
    int32_t next = 0;
    int rc = KY_OK;
    for (const xmlNode *n = child(list, "vehicle"); n && rc == KY_OK;
         n = next_elem(n))
        rc = build_vehicle(ld, n, &next);
    return rc;
}

/* ---- building: company rules (they name companies and vehicles) ---------- */

/* Resolves every id of a list attribute through names into a new array
 * (unknown ids are reported and left out). */
static int read_refs(loader *ld, const xmlNode *n, const char *name,
                     const ky_load__name *names, int32_t n_names,
                     const char *who, const char *what, int32_t **out,
                     int32_t *count)
{
    const char *p = attr(n, name), *t;
    size_t len;
    int32_t cap = 0;
    *out = NULL;
    *count = 0;
    for (const char *q = p; q && next_token(&q, &len) != NULL;)
        cap++;
    if (cap == 0)
        return KY_OK;
    if ((*out = ky_calloc(&ld->s->ctx, (size_t)cap, sizeof **out)) == NULL)
        return KY_ENOMEM;
    char id[KY_ID_MAX + 1];
    while ((t = next_token(&p, &len)) != NULL) {
        if (len > KY_ID_MAX)
            len = KY_ID_MAX;
        memcpy(id, t, len);
        id[len] = '\0';
        int32_t i = resolve(ld, names, n_names, id, line_of(n), who, what);
        if (i >= 0)
            (*out)[(*count)++] = i;
    }
    return KY_OK;
}

static int read_hire(loader *ld, const xmlNode *n, const char *who,
                     ky_hire *h)
{
    int64_t count = 1;
    const char *text = attr(n, "count");
    if (text && !parse_count(text, &count))
        count = 1; /* the schema allows only 1 to 100 */
    h->line = line_of(n);
    h->count = (int32_t)count;
    h->like = resolve(ld, ld->vehicles, ld->s->n_vehicles, attr(n, "like"),
                      h->line, who, "hired vehicle like");
    h->fixed_cost = read_decimal(ld, n, "fixed-cost", -1.0);
    h->cost_per_km = read_decimal(ld, n, "cost-per-km", -1.0);
    return KY_OK;
}

static int build_alone(loader *ld, const xmlNode *n, ky_company *c,
                       const char *who)
{
    c->has_alone = true;
    c->alone_line = line_of(n);
    int rc = read_refs(ld, n, "vehicles", ld->vehicles, ld->s->n_vehicles,
                       who, "kept vehicle", &c->keep, &c->n_keep);
    int64_t n_hire = count_children(n, "hire");
    if (rc != KY_OK || n_hire == 0)
        return rc;
    c->hire = ky_calloc(&ld->s->ctx, (size_t)n_hire, sizeof *c->hire);
    if (c->hire == NULL)
        return KY_ENOMEM;
    for (const xmlNode *h = child(n, "hire"); h && rc == KY_OK;
         h = next_elem(h))
        rc = read_hire(ld, h, who, &c->hire[c->n_hire++]);
    return rc;
}

static int build_company_rules(loader *ld, const xmlNode *list)
{
    ky_scenario *s = ld->s;
    int rc = KY_LOAD__NAMES(&ld->vehicles, &s->ctx, ky_vehicle, s->vehicles,
                            s->n_vehicles);
    int32_t i = 0;
    for (const xmlNode *n = list ? child(list, "company") : NULL;
         n && rc == KY_OK && i < s->n_companies; n = next_elem(n), i++) {
        ky_company *c = &s->companies[i];
        char who[WHO_LEN];
        snprintf(who, sizeof who, "company '%s'", c->id);
        c->transfer = read_bool(n, "transfer");
        rc = read_refs(ld, n, "no-coloading-with", ld->companies,
                       s->n_companies, who, "company", &c->no_coload,
                       &c->n_no_coload);
        const xmlNode *alone = child(n, "alone");
        if (rc == KY_OK && alone)
            rc = build_alone(ld, alone, c, who);
    }
    return rc;
}

/* ---- building: shipments -------------------------------------------------- */

/* The `window` list, sorted by open; [0, KY_TIME_INF] when absent. */
static int read_windows(loader *ld, const xmlNode *n, ky_stop_spec *st)
{
    const char *p = attr(n, "window"), *t;
    size_t len;
    st->n_windows = 0;
    while (p && (t = next_token(&p, &len)) != NULL) {
        ky_window w;
        if (st->n_windows == KY_MAX_WINDOWS)
            return ky_error_add(ld->err, KY_ELIMIT, ld->file, st->line,
                                "more than %d windows", KY_MAX_WINDOWS);
        if (!parse_window(t, len, &w)) {
            bad(ld, st->line, "window '%.*s' is not HH:MM-HH:MM",
                (int)(len < 40 ? len : 40), t);
            continue;
        }
        int i = st->n_windows++;
        for (; i > 0 && st->windows[i - 1].open > w.open; i--)
            st->windows[i] = st->windows[i - 1];
        st->windows[i] = w;
    }
    if (st->n_windows == 0)
        st->windows[st->n_windows++] = (ky_window){0.0, KY_TIME_INF};
    return KY_OK;
}

static int read_stop(loader *ld, const xmlNode *n, const char *who,
                     ky_stop_spec *st)
{
    ky_scenario *s = ld->s;
    const char *role = (const char *)n->name;
    const char *loc = attr(n, "location"), *dep = attr(n, "depot");
    char what[32];
    st->line = line_of(n);
    st->site = KY_SITE_LOCATION;
    st->location = st->depot = -1;
    st->service = read_decimal(ld, n, "service", 0.0);
    st->late_cost = read_decimal(ld, n, "late-cost", 0.0);
    st->max_late = read_decimal(ld, n, "max-late", KY_TIME_INF);
    if (loc && dep)
        bad(ld, st->line, "%s: %s gives both location '%s' and depot '%s'; "
            "give one", who, role, loc, dep);
    else if (loc == NULL && dep == NULL)
        bad(ld, st->line, "%s: %s gives neither a location nor a depot", who,
            role);
    else if (loc) {
        snprintf(what, sizeof what, "%s location", role);
        st->location = resolve(ld, ld->locations, s->n_locations, loc,
                               st->line, who, what);
    } else {
        snprintf(what, sizeof what, "%s depot", role);
        st->site = KY_SITE_DEPOT;
        st->depot = resolve(ld, ld->depots, s->n_depots, dep, st->line, who,
                            what);
        if (st->depot >= 0)
            st->location = s->depots[st->depot].location;
    }
    return read_windows(ld, n, st);
}

static int build_shipment(loader *ld, const xmlNode *n, void *entity)
{
    ky_shipment *sh = entity;
    char who[WHO_LEN];
    snprintf(who, sizeof who, "shipment '%s'", attr(n, "id"));
    sh->line = line_of(n);
    sh->company = resolve_company(ld, n, who);
    sh->own_only = read_bool(n, "own-vehicles-only");
    if (attr(n, "transfer"))
        sh->transfer = read_bool(n, "transfer") ? 1 : -1;
    sh->penalty =
        read_decimal(ld, n, "penalty", ld->s->settings.default_penalty);
    const xmlNode *amount = child(n, "amount");
    bool given[KY_MAX_DIMS] = {false};
    if (amount)
        read_amounts(ld, amount, who, sh->amount, given);
    const xmlNode *pk = child(n, "pickup");
    int rc = read_stop(ld, pk, who, &sh->pickup);
    sh->source_cost[0] = read_decimal(ld, pk, "extra-cost", 0.0);
    /* the schema allows at most KY_MAX_SOURCES pickups */
    for (pk = next_elem(pk);
         pk && rc == KY_OK && sh->n_alt < KY_MAX_SOURCES - 1;
         pk = next_elem(pk)) {
        rc = read_stop(ld, pk, who, &sh->alt[sh->n_alt]);
        sh->source_cost[++sh->n_alt] = read_decimal(ld, pk, "extra-cost", 0.0);
    }
    if (rc == KY_OK)
        rc = read_stop(ld, child(n, "delivery"), who, &sh->delivery);
    if (rc == KY_OK)
        rc = read_skills(ld, n, &sh->skills);
    if (rc == KY_OK)
        rc = dup_attr(ld, n, "id", &sh->id);
    return rc;
}

static int build_shipments(loader *ld, const xmlNode *list)
{
    ky_scenario *s = ld->s;
    void *array;
    int rc = build_each(ld, list, "shipment", KY_MAX_SHIPMENTS,
                        sizeof *s->shipments, build_shipment, &array,
                        &s->n_shipments);
    s->shipments = array;
    return rc;
}

/* ---- the whole scenario --------------------------------------------------- */

static int build(loader *ld, const xmlNode *root)
{
    ky_scenario *s = ld->s;
    const xmlNode *settings = child(root, "settings");
    build_settings(ld, settings);
    int rc = (s->file = ky_strdup(&s->ctx, ld->file)) ? KY_OK : KY_ENOMEM;
    if (rc == KY_OK)
        rc = dup_attr(ld, root, "name", &s->name);
    if (rc == KY_OK)
        rc = dup_attr(ld, root, "date", &s->date);
    if (rc == KY_OK)
        rc = build_dims(ld, child(root, "dimensions"));
    if (rc == KY_OK)
        rc = build_companies(ld, child(root, "companies"));
    if (rc == KY_OK)
        rc = build_locations(ld, child(root, "locations"));
    if (rc == KY_OK)
        rc = build_matrix(ld, child(root, "matrix"),
                          settings ? line_of(settings) : 0);
    if (rc == KY_OK)
        rc = build_depots(ld, child(root, "depots"));
    if (rc == KY_OK)
        rc = build_vehicles(ld, child(root, "vehicles"));
    if (rc == KY_OK)
        rc = build_company_rules(ld, child(root, "companies"));
    if (rc == KY_OK)
        rc = build_shipments(ld, child(root, "shipments"));
    return rc;
}

/* Builds and checks under the "C" locale, so strtod reads '.' whatever
 * the process locale (uselocale is per thread). */
static int build_and_check(loader *ld, const xmlNode *root)
{
    locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (c_locale == (locale_t)0)
        return KY_ENOMEM;
    locale_t old = uselocale(c_locale);
    int rc = build(ld, root);
    if (rc == KY_OK) {
        rc = ky_load__check(ld->s, true, ld->flags, ld->err);
        if (rc == KY_OK && ld->n_bad > 0)
            rc = KY_EINPUT;
    }
    uselocale(old);
    freelocale(c_locale);
    return rc;
}

/* Puts the entries from `first` on in line order (stable), so a file's
 * problems read top to bottom whichever step found them. */
static void sort_by_line(ky_error *err, int first)
{
    if (err == NULL)
        return;
    for (int i = first + 1; i < err->n; i++) {
        ky_diag d = err->items[i];
        int j = i;
        for (; j > first && err->items[j - 1].line > d.line; j--)
            err->items[j] = err->items[j - 1];
        err->items[j] = d;
    }
}

static const ky_load__kind scenario_kind = {"scenario", KY_NS,
                                             ky_scenario_xsd,
                                             &ky_scenario_xsd_len};

/* The steps before building: size, parse, root element, schema. */
static int open_document(loader *ld, const char *buf, size_t len,
                         xmlDoc **doc)
{
    int rc = KY_OK;
    if (len > (size_t)KY_MAX_FILE_BYTES)
        rc = too_large(ld->err, ld->file);
    if (rc == KY_OK)
        rc = parse_xml(ld, buf, len, doc);
    if (rc == KY_OK)
        rc = check_root(ld, *doc);
    if (rc == KY_OK)
        rc = validate_schema(ld, *doc);
    if (rc != KY_OK) {
        xmlFreeDoc(*doc);
        *doc = NULL;
    }
    return rc;
}

int ky_load__document(const char *path, const ky_load__kind *kind,
                      const ky_ctx *ctx, ky_error *err, xmlDoc **out)
{
    loader ld = {.kind = kind, .err = err, .file = path};
    char *buf;
    size_t len;
    int first = err ? err->n : 0;
    *out = NULL;
    int rc = read_file(path, ctx, err, &buf, &len);
    if (rc == KY_OK)
        rc = open_document(&ld, buf, len, out);
    if (rc == KY_ENOMEM)
        ky_error_add(err, KY_ENOMEM, path, 0, "out of memory");
    sort_by_line(err, first);
    ky_free(ctx, buf);
    return rc;
}

int ky_load_memory(ky_scenario **out, const char *buf, size_t len,
                   const char *name, const ky_ctx *ctx, ky_error *err)
{
    return ky_load_memory_with(out, buf, len, name, 0, ctx, err);
}

int ky_load_memory_with(ky_scenario **out, const char *buf, size_t len,
                        const char *name, unsigned flags, const ky_ctx *ctx,
                        ky_error *err)
{
    loader ld = {.kind = &scenario_kind, .err = err,
                 .file = name ? name : "(memory)", .flags = flags};
    int first = err ? err->n : 0;
    xmlDoc *doc = NULL;
    *out = NULL;
    int rc = open_document(&ld, buf, len, &doc);
    if (rc == KY_OK)
        rc = ky_scenario_new(&ld.s, ctx);
    if (rc == KY_OK)
        rc = build_and_check(&ld, xmlDocGetRootElement(doc));
    if (rc == KY_ENOMEM)
        ky_error_add(err, KY_ENOMEM, ld.file, 0, "out of memory");
    sort_by_line(err, first);
    if (ld.s) {
        ky_free(&ld.s->ctx, ld.companies);
        ky_free(&ld.s->ctx, ld.locations);
        ky_free(&ld.s->ctx, ld.depots);
        ky_free(&ld.s->ctx, ld.vehicles);
    }
    if (rc == KY_OK) {
        *out = ld.s;
        ld.s = NULL;
    }
    ky_scenario_free(ld.s);
    xmlFreeDoc(doc);
    return rc;
}

int ky_load_file(ky_scenario **out, const char *path, const ky_ctx *ctx,
                 ky_error *err)
{
    return ky_load_file_with(out, path, 0, ctx, err);
}

int ky_load_file_with(ky_scenario **out, const char *path, unsigned flags,
                      const ky_ctx *ctx, ky_error *err)
{
    char *buf;
    size_t len;
    *out = NULL;
    int rc = read_file(path, ctx, err, &buf, &len);
    if (rc == KY_OK)
        rc = ky_load_memory_with(out, buf, len, path, flags, ctx, err);
    else if (rc == KY_ENOMEM)
        ky_error_add(err, KY_ENOMEM, path, 0, "out of memory");
    ky_free(ctx, buf);
    return rc;
}
