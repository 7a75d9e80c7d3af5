/* kyodo load, private: what the loader (src/load.c: XML -> scenario) and
 * the semantic checks (src/load_check.c) share. Not installed.
 *
 * Sorted name tables resolve ids in O(log n) and find duplicates in
 * O(n log n); they borrow the ids from the scenario, so they must be freed
 * (ky_free with the same ctx) before the scenario is. */
#ifndef KYODO_LOAD_INT_H
#define KYODO_LOAD_INT_H

#include <stddef.h>

#include <libxml/tree.h>

#include "kyodo/load.h"

/* A kind of kyodo XML document: its root element (also the noun in
 * messages), namespace and compiled-in schema. */
typedef struct ky_load__kind {
    const char *root;
    const char *ns;
    const char *xsd;
    const size_t *xsd_len;
} ky_load__kind;

/* Reads path and checks it as ky_load_file does before building: size,
 * safe parsing, root element, schema; every problem goes to err as
 * "file:line: message". On KY_OK, *out is the document (xmlFreeDoc);
 * else NULL, and the return is KY_EINPUT, KY_EIO, KY_ELIMIT or
 * KY_ENOMEM. */
int ky_load__document(const char *path, const ky_load__kind *kind,
                      const ky_ctx *ctx, ky_error *err, xmlDoc **out);

/* DOM access once the schema holds. child: the first child element
 * named `name`; next: the next sibling element of the same name; attr:
 * an attribute's value or NULL; line: the line where an element's start
 * tag begins (0 when unknown); number: a decimal (call it under the "C"
 * numeric locale); token: the next blank-separated token of *p and its
 * length, with *p moved past it; NULL at the end. */
const xmlNode *ky_load__child(const xmlNode *parent, const char *name);
const xmlNode *ky_load__next(const xmlNode *n);
const char *ky_load__attr(const xmlNode *n, const char *name);
int ky_load__line(const xmlNode *n);
bool ky_load__number(const char *text, double *out);
const char *ky_load__token(const char **p, size_t *len);

/* One entity's id with its index and source line. */
typedef struct ky_load__name {
    const char *id; /* borrowed; "" when the entity has none */
    int32_t index;
    int line;
} ky_load__name;

/* Sets *out to a new table of the n entities at base (an array of
 * `stride`-byte structs whose `char *id` and `int line` members lie at
 * id_off and line_off), sorted by id, then by index. *out is NULL when n
 * is 0. KY_OK or KY_ENOMEM (then *out is NULL). */
int ky_load__names_new(ky_load__name **out, const ky_ctx *ctx,
                       const void *base, int32_t n, size_t stride,
                       size_t id_off, size_t line_off);

#define KY_LOAD__NAMES(out, ctx, type, array, n)                           \
    ky_load__names_new(out, ctx, array, n, sizeof(type),                   \
                       offsetof(type, id), offsetof(type, line))

/* The lowest index whose id is `id` (the first definition), or -1. */
int32_t ky_load__names_find(const ky_load__name *names, int32_t n,
                            const char *id);

/* The semantic checks behind ky_scenario_validate. With from_file, the
 * loader has already reported, with their lines and names, every
 * reference it could not resolve (left as index -1) and a missing
 * <matrix>, so those are not reported again. Returns KY_OK, KY_EINPUT or
 * KY_ENOMEM (the duplicate search sorts ids through s->ctx). flags: as
 * for ky_load_file_with. */
int ky_load__check(const ky_scenario *s, bool from_file, unsigned flags,
                   ky_error *err);

#endif
