/* kyodo afile: files that appear whole or not at all.
 *
 * Output goes to a temporary file in the target's folder; commit flushes,
 * fsyncs, closes and renames it over the target. Any failed write is
 * remembered and makes commit fail, in which case (and on abort) the
 * temporary file is removed, so a reader never sees a half-written file. */
#ifndef KYODO_AFILE_H
#define KYODO_AFILE_H

#include "kyodo/common.h"

typedef struct ky_afile ky_afile;

/* Creates the temporary file beside path. KY_EIO (with a message naming
 * the folder) or KY_ENOMEM on failure, *out NULL. */
int ky_afile_open(ky_afile **out, const char *path, const ky_ctx *ctx,
                  ky_error *err);
void ky_afile_write(ky_afile *f, const void *buf, size_t n);
void ky_afile_puts(ky_afile *f, const char *s);
void ky_afile_printf(ky_afile *f, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Writes s escaped for XML text and attribute values. */
void ky_afile_puts_xml(ky_afile *f, const char *s);
/* Writes s as a JSON string literal, quotes included. */
void ky_afile_puts_json(ky_afile *f, const char *s);
/* Writes s as one CSV field, quoted when it holds , " or a line break. */
void ky_afile_puts_csv(ky_afile *f, const char *s);
/* Two-phase commit for sets of files that belong together: finish
 * flushes, fsyncs and closes the temporary file (KY_EIO on any error,
 * temporary removed, f freed); publish renames it over the target and
 * frees f. Abort after finish removes the temporary file. */
int ky_afile_finish(ky_afile *f, ky_error *err);
int ky_afile_publish(ky_afile *f, ky_error *err);

/* Finishes the file. KY_OK, or KY_EIO with a message naming the file; f
 * is freed either way. */
int ky_afile_commit(ky_afile *f, ky_error *err);
/* Discards the file; f may be NULL. */
void ky_afile_abort(ky_afile *f);

#endif
